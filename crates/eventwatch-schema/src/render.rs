//! Renderings of [`DocumentEvents`] other than JSON Lines: ACLED-style CSV, GeoJSON and a
//! terminal table. JSON itself is plain `serde_json` on the contract types.

use crate::{DocumentEvents, Event, PlacePrecision, SCHEMA_VERSION};
use std::fmt::Write;

/// The CSV header: ACLED's column names where one exists, our own names otherwise.
pub const CSV_COLUMNS: [&str; 25] = [
    "doc_id",
    "event_index",
    "event_date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "plover_type",
    "cameo",
    "actor1",
    "inter1",
    "country1",
    "actor2",
    "inter2",
    "country2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_min",
    "fatalities_max",
    "injuries",
    "flags",
];

/// ACLED's `geo_precision`: 1 the town itself, 2 a part of a region near it, 3 a larger region.
pub fn acled_geo_precision(p: PlacePrecision) -> u8 {
    match p {
        PlacePrecision::Point | PlacePrecision::Town => 1,
        PlacePrecision::Admin2 => 2,
        PlacePrecision::Admin1 | PlacePrecision::Country => 3,
    }
}

fn csv_field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn opt_num<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The CSV header line, ending in a newline.
pub fn csv_header() -> String {
    let mut s = CSV_COLUMNS.join(",");
    s.push('\n');
    s
}

/// One CSV row per event of the document (no header).
pub fn csv_rows(doc: &DocumentEvents) -> String {
    let mut out = String::new();
    for (i, e) in doc.events.iter().enumerate() {
        let loc = e.location.as_ref();
        let mut flags = Vec::new();
        if e.aggregate {
            flags.push("aggregate");
        }
        if e.hedged {
            flags.push("hedged");
        }
        let fields: [String; 25] = [
            doc.id.clone(),
            i.to_string(),
            e.date.clone().unwrap_or_default(),
            format!("{:?}", e.date_precision).to_lowercase(),
            e.event_type.clone(),
            e.sub_event_type.clone(),
            e.plover_type.clone(),
            e.cameo.clone().unwrap_or_default(),
            e.actor1
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            e.actor1.as_ref().map(|a| a.inter).unwrap_or(0).to_string(),
            e.actor1
                .as_ref()
                .and_then(|a| a.country.clone())
                .unwrap_or_default(),
            e.actor2
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            e.actor2.as_ref().map(|a| a.inter).unwrap_or(0).to_string(),
            e.actor2
                .as_ref()
                .and_then(|a| a.country.clone())
                .unwrap_or_default(),
            loc.and_then(|l| l.country.clone()).unwrap_or_default(),
            loc.and_then(|l| l.admin1.clone()).unwrap_or_default(),
            loc.map(|l| l.name.clone()).unwrap_or_default(),
            opt_num(loc.map(|l| l.lat)),
            opt_num(loc.map(|l| l.lon)),
            opt_num(loc.map(|l| acled_geo_precision(l.precision))),
            e.fatalities.to_string(),
            opt_num(e.fatalities_min),
            opt_num(e.fatalities_max),
            e.injuries.to_string(),
            flags.join(" "),
        ];
        for (j, f) in fields.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            csv_field(&mut out, f);
        }
        out.push('\n');
    }
    out
}

/// One GeoJSON Feature per located event; unlocated events are left out of the map (they
/// stay in every other format).
pub fn geojson_features(doc: &DocumentEvents) -> Vec<serde_json::Value> {
    doc.events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let loc = e.location.as_ref()?;
            let mut props = serde_json::to_value(e).ok()?;
            if let Some(map) = props.as_object_mut() {
                map.insert("doc_id".into(), doc.id.clone().into());
                map.insert("event_index".into(), i.into());
            }
            Some(serde_json::json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [loc.lon, loc.lat] },
                "properties": props,
            }))
        })
        .collect()
}

/// A GeoJSON FeatureCollection around features from [`geojson_features`].
pub fn geojson_collection(features: Vec<serde_json::Value>) -> serde_json::Value {
    serde_json::json!({
        "type": "FeatureCollection",
        "schema_version": SCHEMA_VERSION,
        "features": features,
    })
}

fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn actor_name(e: &Event, second: bool) -> String {
    let a = if second { &e.actor2 } else { &e.actor1 };
    a.as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_else(|| "-".into())
}

/// The header of [`table_rows`], ending in a newline.
pub fn table_header() -> String {
    format!(
        "{:<10}  {:<34}  {:<20}  {:>6}  {:<24}  {:<24}  {}\n",
        "date", "type", "place", "killed", "actor 1", "actor 2", "document"
    )
}

/// Readable fixed-width lines for a terminal, one per event.
pub fn table_rows(doc: &DocumentEvents) -> String {
    let mut out = String::new();
    for e in &doc.events {
        let killed = match (e.aggregate, e.fatalities) {
            (true, n) => format!("({n})"),
            (false, n) => n.to_string(),
        };
        let _ = writeln!(
            out,
            "{:<10}  {:<34}  {:<20}  {:>6}  {:<24}  {:<24}  {}",
            e.date.as_deref().unwrap_or("-"),
            cut(&e.sub_event_type, 34),
            cut(e.location.as_ref().map_or("-", |l| l.name.as_str()), 20),
            killed,
            cut(&actor_name(e, false), 24),
            cut(&actor_name(e, true), 24),
            cut(&doc.id, 40),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Actor, DatePrecision, Location};

    fn sample() -> DocumentEvents {
        DocumentEvents {
            id: "d1".into(),
            title: None,
            published: Some("2019-11-29".into()),
            events: vec![Event {
                event_type: "Protests".into(),
                sub_event_type: "Excessive force against protesters".into(),
                plover_type: "ASSAULT".into(),
                plover_mode: None,
                cameo: Some("18".into()),
                date: Some("2019-11-28".into()),
                date_precision: DatePrecision::Day,
                actor1: Some(Actor {
                    text: "troops".into(),
                    name: "Military Forces of Iraq".into(),
                    inter: 1,
                    country: Some("IRQ".into()),
                }),
                actor2: None,
                location: Some(Location {
                    name: "Nasiriyah, \"Dhi Qar\"".into(),
                    geonameid: Some(98860),
                    lat: 31.05,
                    lon: 46.26,
                    admin1: Some("Dhi Qar".into()),
                    country: Some("IRQ".into()),
                    precision: PlacePrecision::Town,
                }),
                fatalities: 29,
                fatalities_min: Some(29),
                fatalities_max: None,
                injuries: 0,
                means: vec![],
                aggregate: false,
                hedged: true,
                evidence: vec![],
            }],
        }
    }

    #[test]
    fn csv_quotes_fields_and_matches_header_width() {
        let rows = csv_rows(&sample());
        assert!(rows.contains("\"Nasiriyah, \"\"Dhi Qar\"\"\""));
        assert!(rows.contains(",29,29,,0,hedged\n"));
        // Column count equals the header's (counting commas outside quotes).
        let mut commas = 0;
        let mut quoted = false;
        for c in rows.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => commas += 1,
                _ => {}
            }
        }
        assert_eq!(commas + 1, CSV_COLUMNS.len());
    }

    #[test]
    fn geojson_puts_lon_first() {
        let f = geojson_features(&sample());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0]["geometry"]["coordinates"][0], 46.26);
        assert_eq!(f[0]["properties"]["doc_id"], "d1");
    }
}
