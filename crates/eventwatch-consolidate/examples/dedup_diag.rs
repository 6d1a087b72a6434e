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
    // `PAIRS=FILE` (lines of two article ids, after an optional label): print these pairs
    // whatever their outcome, for comparing two runs of `dedup_tune`'s listings.
    let only: Option<std::collections::HashSet<(String, String)>> =
        std::env::var("PAIRS").ok().map(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .lines()
                .filter_map(|l| {
                    let w: Vec<&str> = l.split_whitespace().collect();
                    let n = w.len();
                    (n >= 2).then(|| (w[n - 2].to_string(), w[n - 1].to_string()))
                })
                .flat_map(|(a, b)| [(a.clone(), b.clone()), (b, a)])
                .collect()
        });
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            if let Some(o) = &only {
                if !o.contains(&(docs[i].id.clone(), docs[j].id.clone())) {
                    continue;
                }
            }
            let same = docs[i]
                .clusters
                .iter()
                .any(|x| docs[j].clusters.contains(x));
            let merged = ev[i].is_some() && ev[i] == ev[j];
            if same == merged && only.is_none() {
                continue;
            }
            let pair = c.compare(&key(i), &key(j));
            let line = serde_json::json!({
                "kind": match (same, merged) { (true, false) => "missed", (false, true) => "false", (true, true) => "merged", (false, false) => "apart" },
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
