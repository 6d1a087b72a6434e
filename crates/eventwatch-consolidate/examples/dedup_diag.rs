//! Why same-incident pairs of the GVA dedup dev set are missed: reads the cache that
//! `dedup_tune` writes and prints one JSON line per missed (or falsely merged) article
//! pair with both main events' compared form and the pair's score, if blocking lets it
//! be compared. For diagnosis only:
//! `cargo run -p eventwatch-consolidate --example dedup_diag -- /tmp/dedup-cache.jsonl > missed.jsonl`

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
    text: String,
    events: Vec<Event>,
}

fn summary(c: &Consolidator, key: &MentionKey) -> serde_json::Value {
    let Some(m) = c.mention(key) else {
        return serde_json::Value::Null;
    };
    let e = &m.event;
    serde_json::json!({
        "published": m.published,
        "date": e.date,
        "date_precision": format!("{:?}", e.date_precision),
        "dated": e.evidence.iter().any(|x| x.field == "date"),
        "date_text": e.evidence.iter().find(|x| x.field == "date").map(|x| x.text.clone()),
        "place": e.location.as_ref().map(|l| format!("{} ({:?}, {}, {})", l.name, l.precision, l.admin1.as_deref().unwrap_or("-"), l.country.as_deref().unwrap_or("-"))),
        "type": format!("{} / {}", e.event_type, e.sub_event_type),
        "aggregate": e.aggregate,
        "killed": e.fatalities,
        "injured": e.injuries,
        "keys": m.addresses.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        "event_size": c.event_of(key).map(|ev| ev.mentions.len()),
    })
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let cache = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/tmp/dedup-cache.jsonl".into()),
    );
    let docs: Vec<Cached> = std::fs::read_to_string(&cache)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let mut mentions = Vec::new();
    for d in &docs {
        mentions.extend(Mention::from_document(
            &d.id,
            d.published.as_deref(),
            d.source.as_deref(),
            Some(&d.text),
            &d.events,
        ));
    }
    let c = Consolidator::batch(Config::standard(), mentions, Vec::new());
    let key = |i: usize| MentionKey::new(docs[i].id.as_str(), 0);
    let ev: Vec<Option<String>> = (0..docs.len())
        .map(|i| c.event_of(&key(i)).map(|e| e.id.clone()))
        .collect();
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            let same = docs[i]
                .clusters
                .iter()
                .any(|x| docs[j].clusters.contains(x));
            let merged = ev[i].is_some() && ev[i] == ev[j];
            if same == merged {
                continue;
            }
            let pair = c.compare(&key(i), &key(j));
            let line = serde_json::json!({
                "kind": if same { "missed" } else { "false" },
                "a": docs[i].id, "b": docs[j].id,
                "cluster": docs[i].clusters.first(),
                "events": [docs[i].events.len(), docs[j].events.len()],
                "ma": summary(&c, &key(i)),
                "mb": summary(&c, &key(j)),
                "score": pair.as_ref().map(|p| p.score),
                "features": pair.as_ref().map(|p| p.features.iter().map(|f| format!("{:+.1} {}: {}", f.weight, f.feature, f.detail)).collect::<Vec<_>>()),
            });
            println!("{line}");
        }
    }
    Ok(())
}
