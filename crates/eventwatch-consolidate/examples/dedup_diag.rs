//! Why same-incident pairs of the GVA dedup dev set are missed: reads the cache that
//! `dedup_tune` writes and prints one JSON line per missed (or falsely merged) article
//! pair with both main events' compared form and the pair's score, if blocking lets it
//! be compared. For diagnosis only:
//! `cargo run -p eventwatch-consolidate --example dedup_diag -- /tmp/dedup-cache.jsonl > missed.jsonl`

use eventwatch_consolidate::{Config, Consolidator, MentionKey};

#[path = "common/cache.rs"]
mod cache;

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
    let docs = cache::load(&cache::path(args.next()))?;
    let c = cache::consolidate(&cache::mentions(&docs), Config::standard());
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
