//! A fast loop for tuning consolidation on the GVA dedup dev set: the first run extracts
//! every article once through the pipeline and writes the events to a cache file (outside
//! the repository); later runs only consolidate and score.
//! `cargo run -p eventwatch-consolidate --example dedup_tune -- ../shared/data /tmp/dedup-cache.jsonl`

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::anyhow;
use eventwatch_consolidate::{Config, Consolidator, Mention, MentionKey};
use eventwatch_events::{Options, Pipeline};
use eventwatch_schema::Event;
use eventwatch_text::{Document, DocumentMeta};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Cached {
    id: String,
    clusters: Vec<String>,
    published: Option<String>,
    source: Option<String>,
    strict_ok: bool,
    text: String,
    events: Vec<Event>,
}

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
    let cache = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/tmp/dedup-cache.jsonl".into()),
    );
    let show_missed = args.next().is_some();
    if !cache.exists() {
        build_cache(&data, &cache)?;
    }
    let docs: Vec<Cached> = std::fs::read_to_string(&cache)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let t = Instant::now();
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
    let c = Consolidator::batch(config, mentions, Vec::new());
    eprintln!(
        "mentions {:.2?}, consolidate {:.2?}",
        t_m,
        t.elapsed() - t_m
    );
    let ev: Vec<Option<String>> = docs
        .iter()
        .map(|d| {
            c.event_of(&MentionKey::new(d.id.as_str(), 0))
                .map(|e| e.id.clone())
        })
        .collect();
    let same = |i: usize, j: usize| {
        docs[i]
            .clusters
            .iter()
            .any(|x| docs[j].clusters.contains(x))
    };
    for strict in [false, true] {
        let (mut pred, mut both, mut gold) = (0, 0, 0);
        for i in 0..docs.len() {
            for j in i + 1..docs.len() {
                if strict && !(docs[i].strict_ok && docs[j].strict_ok) {
                    continue;
                }
                let s = same(i, j);
                let p = ev[i].is_some() && ev[i] == ev[j];
                gold += s as usize;
                pred += p as usize;
                both += (s && p) as usize;
                if show_missed && s && !p && !strict {
                    println!("MISSED {} {}", docs[i].id, docs[j].id);
                }
                if show_missed && p && !s && !strict {
                    println!("FALSE {} {}", docs[i].id, docs[j].id);
                }
            }
        }
        println!(
            "{} P {:.3} ({both}/{pred}) R {:.3} ({both}/{gold})",
            if strict { "strict" } else { "all   " },
            both as f64 / pred.max(1) as f64,
            both as f64 / gold.max(1) as f64
        );
    }
    let mut events_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if let Some(e) = &ev[i] {
            for cl in &d.clusters {
                events_of.entry(cl).or_default().insert(e);
            }
        }
    }
    let neg = std::fs::read_to_string(data.join("dedup/gva_hard_negative_pairs.tsv"))?;
    let (mut n, mut ok) = (0, 0);
    for l in neg.lines().skip(1) {
        let mut it = l.split('\t');
        let (Some(a), Some(b)) = (it.next(), it.next()) else {
            continue;
        };
        n += 1;
        let shared = matches!((events_of.get(a), events_of.get(b)), (Some(x), Some(y)) if x.intersection(y).next().is_some());
        if !shared {
            ok += 1;
        } else if show_missed {
            println!("NEG {a} {b}");
        }
    }
    println!(
        "hard negatives kept apart {:.3} ({ok}/{n})",
        ok as f64 / n as f64
    );
    Ok(())
}
