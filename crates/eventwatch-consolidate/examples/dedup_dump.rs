//! Dumps every mention of the GVA dedup cache (written by `dedup_tune`) as one JSON line
//! per document — its events' compared fields, its text keys and the consolidated event
//! of each — for pair analysis outside Rust. For diagnosis only:
//! `cargo run -p eventwatch-consolidate --example dedup_dump -- /tmp/dedup-cache.jsonl > docs.jsonl`

use eventwatch_consolidate::{Config, MentionKey};

#[path = "common/cache.rs"]
mod cache;

fn main() -> anyhow::Result<()> {
    let docs = cache::load(&cache::path(std::env::args().nth(1)))?;
    let per_doc = cache::mentions(&docs);
    let c = cache::consolidate(&per_doc, Config::standard());
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
