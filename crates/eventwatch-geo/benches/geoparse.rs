//! Gazetteer load time, resident memory and geoparsing throughput (recognition and
//! resolution, articles per second on one core).
//!
//! Before the timed benches, `main` loads the embedded gazetteer once (inflating the
//! compressed tables, reading them and mapping the prebuilt name index) and prints that first-load time and the process's
//! resident memory before and after (Linux `/proc/self/status`).
//!
//! Articles: `../shared/corpus/wikinews-conflict.jsonl` (129 Wikinews reports, public domain
//! and CC BY 2.5) when present, else the crate's seed-article fixture repeated.

use std::hint::black_box;

use eventwatch_geo::{embedded_files, geoparse, Gazetteer, GeoOptions};
use eventwatch_text::{Document, DocumentMeta};

fn main() {
    let before = rss_mb();
    let t = std::time::Instant::now();
    let _ = embedded_files();
    let inflate = t.elapsed();
    let gaz = Gazetteer::embedded();
    let load = t.elapsed();
    eprintln!(
        "embedded gazetteer: {} places, first load {:.0?} (inflating {:.0?}), resident memory {} -> {} MB",
        gaz.len(),
        load,
        inflate,
        before.map_or("?".into(), |m| m.to_string()),
        rss_mb().map_or("?".into(), |m| m.to_string()),
    );
    divan::main();
}

/// Resident set size in MB, where the platform tells it.
fn rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024)
}

fn articles() -> Vec<Document> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/wikinews-conflict.jsonl"
    );
    let texts: Vec<String> = match std::fs::read_to_string(path) {
        Ok(s) => s
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(String::from))
            .collect(),
        Err(_) => {
            vec![include_str!("../tests/fixtures/iraq-protests-2019-11-28.txt").to_string(); 100]
        }
    };
    texts
        .into_iter()
        .map(|t| Document::new(DocumentMeta::default(), t))
        .collect()
}

/// Returns the gazetteer so that divan drops it outside the timed section (the embedded
/// one is never dropped).
#[divan::bench(sample_count = 5)]
fn load_gazetteer() -> Gazetteer {
    let (g, _) = Gazetteer::load_embedded();
    assert!(g.len() > 150_000, "only {} places", g.len());
    g
}

#[divan::bench(sample_count = 5)]
fn geoparse_articles(bencher: divan::Bencher) {
    let gaz = Gazetteer::embedded();
    let docs = articles();
    let opts = GeoOptions { country_hint: None };
    bencher
        .counter(divan::counter::ItemsCount::new(docs.len()))
        .bench(|| {
            let n: usize = docs.iter().map(|d| geoparse(d, gaz, &opts).len()).sum();
            // A broken parser finds nothing; the corpus has hundreds of place names.
            assert!(
                n >= docs.len(),
                "only {n} toponyms in {} articles",
                docs.len()
            );
            black_box(n)
        });
}
