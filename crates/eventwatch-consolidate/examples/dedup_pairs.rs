//! Dumps article pairs of the GVA dedup dev set (main events only) that a wider blocking
//! could compare — publication or event dates within 30 days, or any shared name key —
//! with the gold label, the half (by a hash of the incident), the raw keys both share and
//! the current pair score (`null` when blocking keeps them apart). For judging a blocking
//! or scoring rule on the development half before writing it:
//! `cargo run -p eventwatch-consolidate --example dedup_pairs -- /tmp/dedup-cache.jsonl > pairs.jsonl`

use std::collections::BTreeSet;

use eventwatch_consolidate::{Config, MentionKey};

#[path = "common/cache.rs"]
mod cache;

fn day(s: &str) -> Option<i64> {
    let d: jiff::civil::Date = s.get(..10)?.parse().ok()?;
    Some(i64::from(
        d.since(jiff::civil::date(2000, 1, 1)).ok()?.get_days(),
    ))
}

fn main() -> anyhow::Result<()> {
    let docs = cache::load(&cache::path(std::env::args().nth(1)))?;
    let c = cache::consolidate(&cache::mentions(&docs), Config::standard());
    let key = |i: usize| MentionKey::new(docs[i].id.as_str(), 0);
    let ev: Vec<Option<String>> = (0..docs.len())
        .map(|i| c.event_of(&key(i)).map(|e| e.id.clone()))
        .collect();
    struct K {
        persons: BTreeSet<String>,
        mentioned: BTreeSet<String>,
        streets: BTreeSet<String>,
        blocks: BTreeSet<String>,
        ages: BTreeSet<u8>,
        day: Option<i64>,
        dated: bool,
        published: Option<i64>,
        place: Option<(String, String, String, f64, f64, String)>,
    }
    let keys: Vec<Option<K>> = (0..docs.len())
        .map(|i| {
            let m = c.mention(&key(i))?;
            let mut k = K {
                persons: BTreeSet::new(),
                mentioned: BTreeSet::new(),
                streets: BTreeSet::new(),
                blocks: BTreeSet::new(),
                ages: BTreeSet::new(),
                day: m.event.date.as_deref().and_then(day),
                dated: m.event.evidence.iter().any(|e| e.field == "date"),
                published: m.published.as_deref().and_then(day),
                place: m.event.location.as_ref().map(|l| {
                    (
                        l.name.to_lowercase(),
                        l.admin1.clone().unwrap_or_default(),
                        l.country.clone().unwrap_or_default(),
                        l.lat,
                        l.lon,
                        format!("{:?}", l.precision),
                    )
                }),
            };
            for a in &m.addresses {
                if let Some(p) = &a.person {
                    if a.mentioned {
                        k.mentioned.insert(p.clone());
                    } else {
                        k.persons.insert(p.clone());
                    }
                } else if let Some(x) = a.age {
                    k.ages.insert(x);
                } else {
                    k.streets.insert(a.street.clone());
                    if let Some(b) = a.block {
                        k.blocks.insert(format!("{b} {}", a.street));
                    }
                }
            }
            Some(k)
        })
        .collect();
    let near = |a: Option<i64>, b: Option<i64>, n: i64| matches!((a, b), (Some(x), Some(y)) if (x - y).abs() <= n);
    for i in 0..docs.len() {
        let Some(ki) = &keys[i] else { continue };
        for j in i + 1..docs.len() {
            let Some(kj) = &keys[j] else { continue };
            let names_i: BTreeSet<&String> = ki.persons.iter().chain(&ki.mentioned).collect();
            let names_j: BTreeSet<&String> = kj.persons.iter().chain(&kj.mentioned).collect();
            let shared_names: Vec<&&String> = names_i.intersection(&names_j).collect();
            let framed_shared = shared_names
                .iter()
                .filter(|n| ki.persons.contains(n.as_str()) || kj.persons.contains(n.as_str()))
                .count();
            let time_near = near(ki.published, kj.published, 30) || near(ki.day, kj.day, 30);
            if !time_near && shared_names.is_empty() {
                continue;
            }
            let same = docs[i]
                .clusters
                .iter()
                .any(|x| docs[j].clusters.contains(x));
            let hi = cache::fnv(docs[i].clusters.first().map_or("", String::as_str)) % 2;
            let hj = cache::fnv(docs[j].clusters.first().map_or("", String::as_str)) % 2;
            let (pi, pj) = (&ki.place, &kj.place);
            let dist = match (pi, pj) {
                (Some(a), Some(b)) => {
                    Some(eventwatch_consolidate::score::haversine_km(a.3, a.4, b.3, b.4).round())
                }
                _ => None,
            };
            let pair = c.compare(&key(i), &key(j));
            let line = serde_json::json!({
                "gold": same,
                "half": if hi == hj { Some(hi) } else { None },
                "merged": ev[i].is_some() && ev[i] == ev[j],
                "day_gap": match (ki.day, kj.day) { (Some(a), Some(b)) => Some((a - b).abs()), _ => None },
                "pub_gap": match (ki.published, kj.published) { (Some(a), Some(b)) => Some((a - b).abs()), _ => None },
                "dated": [ki.dated, kj.dated],
                "same_name": matches!((pi, pj), (Some(a), Some(b)) if a.0 == b.0),
                "same_admin1": matches!((pi, pj), (Some(a), Some(b)) if !a.1.is_empty() && a.1 == b.1 && a.2 == b.2),
                "same_country": matches!((pi, pj), (Some(a), Some(b)) if a.2 == b.2),
                "precision": [pi.as_ref().map(|p| p.5.clone()), pj.as_ref().map(|p| p.5.clone())],
                "dist": dist,
                "shared_names": shared_names.len(),
                "framed_shared": framed_shared,
                "persons": [ki.persons.len(), kj.persons.len()],
                "shared_streets": ki.streets.intersection(&kj.streets).count(),
                "shared_blocks": ki.blocks.intersection(&kj.blocks).count(),
                "streets": [ki.streets.len(), kj.streets.len()],
                "shared_ages": ki.ages.intersection(&kj.ages).count(),
                "ages": [ki.ages.len(), kj.ages.len()],
                "score": pair.as_ref().map(|p| p.score),
                "features": pair.as_ref().map(|p| p.features.iter().map(|f| format!("{:+.1} {}", f.weight, f.feature)).collect::<Vec<_>>()),
            });
            println!("{line}");
        }
    }
    Ok(())
}
