//! Throughput of the full extraction pipeline (`Pipeline::extract`: sentences, counts,
//! times, places, events) on real articles with a pinned origin: the 210 GVA validation
//! articles (`../shared/data/casualties/gva_val_articles.json`, US local news) when the dev
//! data is present, else the 129 Wikinews articles shipped in
//! `examples/wikinews/wikinews-conflict.jsonl`. Reported as articles/s and bytes/s by divan;
//! peak RSS is printed at the end (Linux `VmHWM`).

use divan::counter::{BytesCount, ItemsCount};
use eventwatch_events::{Options, Pipeline};
use eventwatch_text::{Document, DocumentMeta};

fn main() {
    divan::main();
    if let Some(hwm) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_owned)
        })
    {
        println!("peak RSS: {}", hwm.trim_start_matches("VmHWM:").trim());
    }
}

fn texts_from_gva() -> Option<Vec<String>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/casualties/gva_val_articles.json"
    );
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let rows = value.as_array()?;
    Some(
        rows.iter()
            .filter_map(|r| r.get("text").and_then(|t| t.as_str()).map(str::to_owned))
            .collect(),
    )
}

fn texts_from_wikinews() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/wikinews/wikinews-conflict.jsonl"
    );
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
        .collect()
}

fn corpus() -> Vec<Document> {
    let texts = texts_from_gva().unwrap_or_else(texts_from_wikinews);
    let published = "2019-11-29".parse().ok();
    texts
        .into_iter()
        .map(|t| {
            let meta = DocumentMeta {
                published,
                ..DocumentMeta::default()
            };
            Document::new(meta, t)
        })
        .collect()
}

#[divan::bench(sample_count = 10)]
fn extract(bencher: divan::Bencher) {
    let docs = corpus();
    let pipeline = Pipeline::new(&Options { country_hint: None }).expect("shipped lexicons load");
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    // A broken pipeline that finds nothing must not look fast: most of these articles
    // report a shooting, a bombing or a clash.
    let events: usize = docs.iter().map(|d| pipeline.extract(d).events.len()).sum();
    assert!(
        docs.len() >= 100 && events >= docs.len() / 2,
        "only {events} events in {} documents",
        docs.len()
    );
    bencher
        .counter(ItemsCount::new(docs.len()))
        .counter(BytesCount::new(bytes))
        .bench(|| {
            docs.iter()
                .map(|d| pipeline.extract(d).events.len())
                .sum::<usize>()
        });
}
