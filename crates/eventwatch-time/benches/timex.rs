//! Tagging speed on real news articles, in MB/s and articles/s.
//!
//! Corpus: the Gun Violence Archive validation articles (210 US local news reports,
//! `../shared/data/casualties/gva_val_articles.json`, evaluation-only data read in place)
//! when that folder is present, else the Wikinews conflict articles shipped in
//! `examples/wikinews/wikinews-conflict.jsonl` (CC BY 2.5). Set `EVENTWATCH_BENCH_CORPUS`
//! to `wikinews` to force the second. Each run asserts a minimum number of timexes, so a
//! broken tagger cannot look fast.

use std::path::PathBuf;

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use eventwatch_text::{Document, DocumentMeta};

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn doc(text: &str, published: Option<&str>) -> Document {
    let meta = DocumentMeta {
        published: published
            .and_then(|d| d.get(..10))
            .and_then(|d| d.parse().ok()),
        ..DocumentMeta::default()
    };
    Document::new(meta, text)
}

/// The documents and the corpus name.
fn corpus() -> (Vec<Document>, &'static str) {
    let gva = root().join("../shared/data/casualties/gva_val_articles.json");
    let forced = std::env::var("EVENTWATCH_BENCH_CORPUS").is_ok_and(|v| v == "wikinews");
    if let (false, Ok(s)) = (forced, std::fs::read_to_string(&gva)) {
        let rows: Vec<serde_json::Value> = serde_json::from_str(&s).unwrap_or_default();
        let docs = rows
            .iter()
            .filter_map(|r| Some(doc(r["text"].as_str()?, r["publish_date"].as_str())))
            .collect();
        return (docs, "gva-val");
    }
    let path = root().join("examples/wikinews/wikinews-conflict.jsonl");
    let s = std::fs::read_to_string(&path).unwrap_or_default();
    let docs = s
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|r| Some(doc(r["text"].as_str()?, r["published"].as_str())))
        .collect();
    (docs, "wikinews")
}

#[divan::bench]
fn timexes(bencher: Bencher) {
    let (docs, name) = corpus();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let found: usize = docs.iter().map(|d| eventwatch_time::timexes(d).len()).sum();
    eprintln!(
        "corpus {name}: {} articles, {bytes} bytes, {found} timexes",
        docs.len()
    );
    // Roughly one timex per 250 bytes of news; far fewer means a broken tagger.
    assert!(
        docs.len() >= 50,
        "corpus {name}: only {} articles",
        docs.len()
    );
    assert!(found * 1000 >= bytes, "corpus {name}: only {found} timexes");
    bencher
        .counter(BytesCount::new(bytes))
        .counter(ItemsCount::new(docs.len()))
        .bench(|| {
            divan::black_box(&docs)
                .iter()
                .map(|d| eventwatch_time::timexes(d).len())
                .sum::<usize>()
        });
}
