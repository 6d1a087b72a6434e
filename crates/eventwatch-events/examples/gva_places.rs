//! Diagnoses the place of each article's main event on the GVA dedup articles:
//! `cargo run --release -p eventwatch-events --example gva_places -- PATH [half] [show]`.
//!
//! PATH is `dedup/gva_incidents_dev.jsonl` (see the data README). Each row's `meta` city
//! and state are read here, for the diagnosis only; the pipeline sees the text and the
//! publication date, as in the dedup evaluation. The reference town is the most populous
//! gazetteer place of that name in that state. A main event is at the right town when
//! it lies within 25 km of it, in the right state when its admin1 is the state.
//! `half` is `train` (clusters with an even FNV-1a hash), `val` (odd) or `all`; `show` names a
//! class whose articles are printed (`country`, `wrong-country`, `wrong-state`, ...).

use std::collections::BTreeMap;

use eventwatch_events::{Options, Pipeline};
use eventwatch_geo::Gazetteer;
use eventwatch_schema::PlacePrecision;
use eventwatch_text::{Document, DocumentMeta};

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/data/dedup/gva_incidents_dev.jsonl".into());
    let half = args.get(1).cloned().unwrap_or_else(|| "all".into());
    let show = args.get(2).cloned().unwrap_or_default();
    let gaz = Gazetteer::embedded();
    let pipeline =
        Pipeline::new(&Options { country_hint: None }).map_err(|e| format!("lexicons: {e:?}"))?;
    let mut classes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut causes: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong_names: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0usize;
    for line in std::fs::read_to_string(&path)?.lines() {
        let row: serde_json::Value = serde_json::from_str(line)?;
        let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
        let cluster = s(&row["cluster"]);
        // FNV-1a: a split that stays the same across toolchains.
        let h = cluster.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let even = h.is_multiple_of(2);
        if (half == "train" && !even) || (half == "val" && even) {
            continue;
        }
        let text = s(&row["text"]);
        if text.trim().is_empty() {
            continue;
        }
        let title = s(&row["title"]);
        let city_raw = s(&row["meta"]["city_or_county"]);
        let city = city_raw.split(" (").next().unwrap_or("").trim().to_string();
        let state = s(&row["meta"]["state"]);
        let published = row["published"]
            .as_str()
            .and_then(|p| p.get(..10))
            .and_then(|p| p.parse::<jiff::civil::Date>().ok());
        let doc = Document::new(
            DocumentMeta {
                id: s(&row["id"]),
                published,
                ..DocumentMeta::default()
            },
            text.clone(),
        );
        if state.is_empty() || city.is_empty() {
            *classes.entry("no reference").or_default() += 1;
            continue;
        }
        let x = pipeline.extract(&doc);
        total += 1;
        // The reference town: the most populous place of that name in that state.
        let reference = gaz
            .lookup(&city)
            .into_iter()
            .map(|id| gaz.place(id))
            .filter(|p| {
                p.country_iso2.as_str() == "US"
                    && gaz.admin1_name("US", p.admin1_code.as_str()) == Some(state.as_str())
                    && p.feature_class == 'P'
            })
            .max_by_key(|p| p.population)
            .map(|p| (p.lat, p.lon));
        let Some(ev) = x.events.first() else {
            *classes.entry("no event").or_default() += 1;
            continue;
        };
        let Some(loc) = ev.location.as_ref() else {
            *classes.entry("no location").or_default() += 1;
            continue;
        };
        let class = if loc.country.as_deref() != Some("USA") {
            "wrong-country"
        } else if loc.precision == PlacePrecision::Country {
            "country"
        } else if reference.is_some_and(|r| km(r, (loc.lat, loc.lon)) <= 25.0)
            || loc.name.eq_ignore_ascii_case(&city)
        {
            "town"
        } else if loc.admin1.as_deref() == Some(state.as_str()) {
            "state"
        } else {
            "wrong-state"
        };
        *classes.entry(class).or_default() += 1;
        if class == "town" {
            continue;
        }
        // Why: is the town in the text, only in the title, known to the gazetteer, found?
        let in_text = !city.is_empty() && text.contains(&city);
        let in_title = !city.is_empty() && title.contains(&city);
        let found = x
            .places
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(&city) && p.admin1.as_deref() == Some(&state));
        let us_towns = x
            .places
            .iter()
            .filter(|p| p.country.as_deref() == Some("USA") && p.feature.starts_with("P."))
            .count();
        let cause = if found {
            "town found, not chosen"
        } else if in_text && reference.is_none() {
            "town in text, not in gazetteer"
        } else if in_text {
            "town in text, not recognised"
        } else if in_title {
            "town only in title"
        } else {
            "town not named"
        };
        *causes
            .entry(format!(
                "{class}: {cause}; other US towns {}",
                us_towns.min(1)
            ))
            .or_default() += 1;
        if class == "wrong-country" || class == "wrong-state" {
            let ev_text = ev
                .evidence
                .iter()
                .find(|e| e.field == "location")
                .map(|e| e.text.clone())
                .unwrap_or_default();
            *wrong_names
                .entry(format!(
                    "{class} {ev_text:?} -> {} ({:?})",
                    loc.name,
                    loc.country.as_deref().unwrap_or("")
                ))
                .or_default() += 1;
        }
        if show == class {
            println!(
                "== {} [{city}, {state}] -> {} {:?} {:?}\n   title: {title}\n   {}",
                s(&row["id"]),
                loc.name,
                loc.admin1,
                loc.country,
                text.chars()
                    .take(300)
                    .collect::<String>()
                    .replace('\n', " ")
            );
            for p in &x.places {
                println!(
                    "   place {:?} -> {} {:?} {:?} {}",
                    p.text, p.name, p.admin1, p.country, p.feature
                );
            }
        }
    }
    println!("articles with a reference town {total} ({half})");
    for (c, n) in &classes {
        println!(
            "  {c:<14} {n:>5} {:>5.1}%",
            100.0 * *n as f64 / total.max(1) as f64
        );
    }
    println!("causes:");
    let mut causes: Vec<_> = causes.into_iter().collect();
    causes.sort_by_key(|c| std::cmp::Reverse(c.1));
    for (c, n) in causes {
        println!("  {n:>5} {c}");
    }
    println!("wrong places:");
    let mut wrong: Vec<_> = wrong_names.into_iter().collect();
    wrong.sort_by_key(|c| std::cmp::Reverse(c.1));
    for (c, n) in wrong.iter().take(40) {
        println!("  {n:>5} {c}");
    }
    Ok(())
}
