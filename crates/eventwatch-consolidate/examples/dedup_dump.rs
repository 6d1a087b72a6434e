//! Dumps every mention of the GVA dedup cache (written by `dedup_tune`) as one JSON line
//! per document — its events' compared fields, its text keys and the consolidated event
//! of each — for pair analysis outside Rust. For diagnosis only:
//! `cargo run -p eventwatch-consolidate --example dedup_dump -- /tmp/dedup-cache.jsonl > docs.jsonl`

use std::path::PathBuf;

use eventwatch_consolidate::{Config, Consolidator, Mention, MentionKey};
use eventwatch_schema::Event;
use serde::Deserialize;

#[derive(Deserialize)]
struct Cached {
    id: String,
    clusters: Vec<String>,
    published: Option<String>,
    source: Option<String>,
    #[serde(default)]
    strict_ok: bool,
    text: String,
    events: Vec<Event>,
}

fn main() -> anyhow::Result<()> {
    let cache = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/dedup-cache.jsonl".into()),
    );
    let docs: Vec<Cached> = std::fs::read_to_string(&cache)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let mut per_doc = Vec::new();
    for d in &docs {
        per_doc.push(Mention::from_document(
            &d.id,
            d.published.as_deref(),
            d.source.as_deref(),
            Some(&d.text),
            &d.events,
        ));
    }
    let c = Consolidator::batch(
        Config::standard(),
        per_doc.iter().flatten().cloned().collect(),
        Vec::new(),
    );
    for (d, ms) in docs.iter().zip(&per_doc) {
        let events: Vec<serde_json::Value> = ms
            .iter()
            .map(|m| {
                let e = &m.event;
                serde_json::json!({
                    "date": e.date,
                    "prec": format!("{:?}", e.date_precision),
                    "dated": e.evidence.iter().any(|x| x.field == "date"),
                    "date_text": e.evidence.iter().find(|x| x.field == "date").map(|x| x.text.clone()),
                    "loc": e.location,
                    "type": e.event_type,
                    "sub": e.sub_event_type,
                    "agg": e.aggregate,
                    "killed": e.fatalities,
                    "injured": e.injuries,
                    "keys": m.addresses,
                    "ce": c.event_of(&MentionKey::new(d.id.as_str(), m.key.event_index)).map(|x| x.id.clone()),
                })
            })
            .collect();
        let line = serde_json::json!({
            "id": d.id, "clusters": d.clusters, "published": d.published, "source": d.source,
            "strict_ok": d.strict_ok, "events": events,
            "head": d.text.chars().take(300).collect::<String>(),
        });
        println!("{line}");
    }
    Ok(())
}
