//! A fast loop for tuning consolidation on the GVA dedup dev set: the first run extracts
//! every article once through the pipeline and writes the events to a cache file (outside
//! the repository); later runs only consolidate and score.
//! `cargo run -p eventwatch-consolidate --example dedup_tune -- ../shared/data /tmp/dedup-cache.jsonl`
//! Prints precision, recall and hard negatives kept apart overall and on two halves split
//! by a hash of the GVA incident (develop on the even half, check on the odd one);
//! `ANY=1` counts an article pair as merged when any events of the two share an event.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::anyhow;
use cache::Cached;
use eventwatch_consolidate::{Config, MentionKey};
use eventwatch_events::{Options, Pipeline};
use eventwatch_text::{Document, DocumentMeta};

#[path = "common/cache.rs"]
mod cache;

fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let h = rest
        .split(['/', '?', '#'])
        .next()?
        .trim_start_matches("www.");
    (!h.is_empty()).then(|| h.to_ascii_lowercase())
}

fn build_cache(data: &std::path::Path, out: &std::path::Path) -> anyhow::Result<()> {
    let p = Pipeline::new(&Options { country_hint: None }).map_err(|e| anyhow!("{e:?}"))?;
    let raw = std::fs::read_to_string(data.join("dedup/gva_incidents_dev.jsonl"))?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(out)?);
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let text = s("text").unwrap_or_default();
        let published = s("published")
            .and_then(|p| p.get(..10).map(str::to_string))
            .and_then(|p| p.parse::<jiff::civil::Date>().ok());
        let source = s("source_url").as_deref().and_then(host);
        let mut clusters = vec![s("cluster").unwrap_or_default()];
        if let Some(a) = v.get("also_in_clusters").and_then(|x| x.as_array()) {
            clusters.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)));
        }
        let doc = Document::new(
            DocumentMeta {
                id: s("id").unwrap_or_default(),
                published,
                source: source.clone(),
                ..DocumentMeta::default()
            },
            &text,
        );
        let events = p.extract(&doc).events;
        let c = Cached {
            id: s("id").unwrap_or_default(),
            clusters,
            published: published.map(|d| d.to_string()),
            source,
            strict_ok: v
                .pointer("/meta/strict_ok")
                .and_then(|x| x.as_bool())
                .unwrap_or(false),
            title: s("title"),
            text,
            events,
        };
        writeln!(f, "{}", serde_json::to_string(&c)?)?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let path = cache::path(args.next());
    let show_missed = args.next().is_some();
    if !path.exists() {
        build_cache(&data, &path)?;
    }
    let docs = cache::load(&path)?;
    let t = Instant::now();
    let mentions = cache::mentions(&docs);
    let t_m = t.elapsed();
    // `LINK` and `LINKAGE` override the standard thresholds, for tuning.
    let mut config = Config::standard();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
    if let Some(v) = env("LINK") {
        config.link_threshold = v;
    }
    if let Some(v) = env("LINKAGE") {
        config.linkage_threshold = v;
    }
    let c = cache::consolidate(&mentions, config);
    eprintln!(
        "mentions {:.2?}, consolidate {:.2?}",
        t_m,
        t.elapsed() - t_m
    );
    // An article's consolidated events: its main event's (what the scorer counts), or,
    // with `ANY=1`, those of all its events.
    let any = std::env::var("ANY").is_ok_and(|v| v == "1");
    let mut evs: Vec<Vec<String>> = Vec::new();
    for d in &docs {
        let n = if any { d.events.len().max(1) } else { 1 };
        let mut v: Vec<String> = (0..n)
            .filter_map(|k| {
                c.event_of(&MentionKey::new(d.id.as_str(), k as u32))
                    .map(|e| e.id.clone())
            })
            .collect();
        v.sort();
        v.dedup();
        evs.push(v);
    }
    let same = |i: usize, j: usize| {
        docs[i]
            .clusters
            .iter()
            .any(|x| docs[j].clusters.contains(x))
    };
    // Development / check halves by a hash of the article's first cluster.
    let half_of = |cl: &str| (cache::fnv(cl) % 2) as usize;
    let half: Vec<usize> = docs
        .iter()
        .map(|d| half_of(d.clusters.first().map_or("", String::as_str)))
        .collect();
    let mut events_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for e in &evs[i] {
            for cl in &d.clusters {
                events_of.entry(cl).or_default().insert(e);
            }
        }
    }
    let neg = std::fs::read_to_string(data.join("dedup/gva_hard_negative_pairs.tsv"))?;
    let negs: Vec<(String, String)> = neg
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut it = l.split('\t');
            Some((it.next()?.to_string(), it.next()?.to_string()))
        })
        .collect();
    for (label, which) in [
        ("all", None),
        ("dev (even)", Some(0)),
        ("check (odd)", Some(1)),
    ] {
        let inside = |i: usize| which.is_none_or(|h| half[i] == h);
        for strict in [false, true] {
            let (mut pred, mut both, mut gold) = (0, 0, 0);
            for i in 0..docs.len() {
                if !inside(i) {
                    continue;
                }
                for j in i + 1..docs.len() {
                    if !inside(j) || (strict && !(docs[i].strict_ok && docs[j].strict_ok)) {
                        continue;
                    }
                    let s = same(i, j);
                    let p = evs[i].iter().any(|e| evs[j].contains(e));
                    gold += s as usize;
                    pred += p as usize;
                    both += (s && p) as usize;
                    if show_missed && s && !p && !strict && which.is_none() {
                        println!("MISSED {} {}", docs[i].id, docs[j].id);
                    }
                    if show_missed && p && !s && !strict && which.is_none() {
                        println!("FALSE {} {}", docs[i].id, docs[j].id);
                    }
                }
            }
            println!(
                "{label:12} {} P {:.3} ({both}/{pred}) R {:.3} ({both}/{gold})",
                if strict { "strict" } else { "all   " },
                both as f64 / pred.max(1) as f64,
                both as f64 / gold.max(1) as f64
            );
        }
        let (mut n, mut ok) = (0, 0);
        for (a, b) in &negs {
            if which.is_some_and(|h| half_of(a) != h || half_of(b) != h) {
                continue;
            }
            n += 1;
            let shared = matches!((events_of.get(a.as_str()), events_of.get(b.as_str())), (Some(x), Some(y)) if x.intersection(y).next().is_some());
            if !shared {
                ok += 1;
            } else if show_missed && which.is_none() {
                println!("NEG {a} {b}");
            }
        }
        println!(
            "{label:12} hard negatives kept apart {:.3} ({ok}/{n})",
            ok as f64 / n.max(1) as f64
        );
    }
    Ok(())
}
