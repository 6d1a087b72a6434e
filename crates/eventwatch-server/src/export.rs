//! Exports of a selection: ACLED-like CSV (the columns of
//! [`eventwatch_schema::render::CSV_COLUMNS`]), GeoJSON and JSON Lines. Parquet is not
//! offered yet.

use eventwatch_schema::render::{csv_header, csv_rows, geojson_collection, geojson_features};
use eventwatch_schema::DocumentEvents;
use eventwatch_store::StoredEvent;

use crate::views::EventView;

/// A one-event document for the schema's renderers.
fn single(e: &StoredEvent) -> DocumentEvents {
    DocumentEvents {
        id: e.doc_id.clone(),
        title: None,
        published: None,
        events: vec![e.event.clone()],
    }
}

/// The CSV line of one event with its `event_index` set to its salience rank.
///
/// [`csv_rows`] numbers the events of the document it is given; an export has only some
/// events of each document, so each is rendered alone and its index (always `0`, the
/// second field) is replaced. A test checks this against `csv_rows` of a whole document.
pub fn csv_line(e: &StoredEvent) -> String {
    let row = csv_rows(&single(e));
    // The first field is the document id, quoted by the renderer when it has to be.
    let id_field = if e.doc_id.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", e.doc_id.replace('"', "\"\""))
    } else {
        e.doc_id.clone()
    };
    let prefix = format!("{id_field},0,");
    match row.strip_prefix(&prefix) {
        Some(rest) => format!("{id_field},{},{rest}", e.ordinal),
        None => row,
    }
}

pub fn csv(events: &[StoredEvent]) -> String {
    let mut out = csv_header();
    for e in events {
        out.push_str(&csv_line(e));
    }
    out
}

/// A FeatureCollection of the located events; each feature's properties are the event
/// plus `doc_id`, `event_index` (its salience rank) and `id` (the store id).
pub fn geojson(events: &[StoredEvent]) -> String {
    let mut features = Vec::with_capacity(events.len());
    for e in events {
        for mut f in geojson_features(&single(e)) {
            if let Some(props) = f.get_mut("properties").and_then(|p| p.as_object_mut()) {
                props.insert("event_index".into(), e.ordinal.into());
                props.insert("id".into(), e.id.into());
            }
            features.push(f);
        }
    }
    geojson_collection(features).to_string()
}

/// One event per line, shaped as `GET /api/events` lists them but with the evidence.
pub fn jsonl(events: &[StoredEvent]) -> String {
    let mut out = String::new();
    for e in events {
        if let Ok(line) = serde_json::to_string(&EventView::full(e)) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwatch_schema::{DatePrecision, Event};

    fn event(sub: &str) -> Event {
        Event {
            event_type: "Protests".into(),
            sub_event_type: sub.into(),
            plover_type: "PROTEST".into(),
            plover_mode: None,
            cameo: None,
            date: Some("2019-11-28".into()),
            date_precision: DatePrecision::Day,
            actor1: None,
            actor2: None,
            location: None,
            fatalities: 2,
            fatalities_min: None,
            fatalities_max: None,
            injuries: 0,
            means: vec![],
            aggregate: false,
            hedged: false,
            evidence: vec![],
        }
    }

    #[test]
    fn csv_lines_match_the_schema_renderer_of_a_whole_document() {
        for doc_id in ["plain", "with,comma", "with \"quotes\""] {
            let events = vec![
                event("Peaceful protest"),
                event("Protest with intervention"),
            ];
            let whole = csv_rows(&DocumentEvents {
                id: doc_id.into(),
                title: None,
                published: None,
                events: events.clone(),
            });
            let mine: String = events
                .into_iter()
                .enumerate()
                .map(|(i, event)| {
                    csv_line(&StoredEvent {
                        id: 1,
                        doc_id: doc_id.into(),
                        ordinal: i as u32,
                        event,
                    })
                })
                .collect();
            assert_eq!(mine, whole, "{doc_id}");
        }
    }
}
