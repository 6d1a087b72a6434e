//! Throughput of `quantities` + `casualties` on the GVA validation articles (pinned origin:
//! `../shared/data/casualties/gva_val_articles.json`, 210 US local news articles), or on a
//! synthetic text when the dev data is absent. Reported as bytes/s by divan.
//!
//! `counts_and_times` runs what the events pipeline asks of this crate and of
//! `eventwatch-time` per document (mentions, tally, contributions; timexes and an event date
//! per casualty sentence) on the same corpus, and reports articles/s and bytes/s: the
//! issue's speed bar is for the two together, on one core. Each document carries its
//! publication date, so relative dates are resolved as in the pipeline.
//!
//! `cargo bench -p eventwatch-counts --bench counts -- counts_and_times`

use divan::counter::{BytesCount, ItemsCount};
use eventwatch_text::{Document, DocumentMeta};

fn main() {
    divan::main();
}

/// The articles with their publication dates (the anchor of "on Monday", as in the
/// pipeline).
fn corpus() -> Vec<Document> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/casualties/gva_val_articles.json"
    );
    let doc = |text: String, published: Option<&str>| {
        let meta = DocumentMeta {
            published: published.and_then(|d| d.get(..10)?.parse().ok()),
            ..DocumentMeta::default()
        };
        Document::new(meta, text)
    };
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .and_then(|v| v.as_array().cloned())
        .map(|rows| {
            rows.iter()
                .filter_map(|r| {
                    let text = r.get("text")?.as_str()?.to_owned();
                    Some(doc(text, r.get("publish_date").and_then(|d| d.as_str())))
                })
                .collect()
        })
        .unwrap_or_else(|| {
            vec![doc(
                "A 26-year-old man was shot and killed Monday in the 5500 block of Main Street. \
                 Two people were shot, one fatally, police said. Another 12 protesters were \
                 reportedly killed in a separate clash; the death toll rose to 45. "
                    .repeat(400),
                Some("2019-11-29"),
            )]
        })
}

#[divan::bench(sample_count = 10)]
fn quantities_and_casualties(bencher: divan::Bencher) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    // A broken extractor that finds nothing must not look fast.
    let found: usize = docs
        .iter()
        .map(|d| eventwatch_counts::casualties(d).len())
        .sum();
    assert!(
        found >= docs.len() / 4,
        "only {found} casualty mentions in {} documents",
        docs.len()
    );
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut n = 0usize;
        for d in &docs {
            n += eventwatch_counts::quantities(d).len();
            n += eventwatch_counts::casualties(d).len();
        }
        divan::black_box(n)
    });
}

#[divan::bench(sample_count = 10)]
fn quantities_only(bencher: divan::Bencher) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        docs.iter()
            .map(|d| eventwatch_counts::quantities(d).len())
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 10)]
fn casualties_only(bencher: divan::Bencher) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        docs.iter()
            .map(|d| eventwatch_counts::casualties(d).len())
            .sum::<usize>()
    });
}

/// What the events pipeline runs per document: mentions, tally, contributions.
#[divan::bench(sample_count = 10)]
fn casualties_tally_contributions(bencher: divan::Bencher) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        docs.iter()
            .map(|d| {
                let cas = eventwatch_counts::casualties(d);
                let t = eventwatch_counts::tally(d, &cas);
                eventwatch_counts::contributions(d, &cas, &t).len()
            })
            .sum::<usize>()
    });
}

/// Counts and times together, as the pipeline runs them: mentions, tally, contributions,
/// timexes, and the event date of every sentence with a casualty mention.
#[divan::bench(sample_count = 10)]
fn counts_and_times(bencher: divan::Bencher) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let run = |d: &Document| {
        let cas = eventwatch_counts::casualties(d);
        let t = eventwatch_counts::tally(d, &cas);
        let shares = eventwatch_counts::contributions(d, &cas, &t);
        let timexes = eventwatch_time::timexes(d);
        let dated = cas
            .iter()
            .filter_map(|c| {
                let s = d.sentence_index(c.span.start);
                let span = *d.sentences().get(s)?;
                eventwatch_time::event_date(d, &timexes, span)
            })
            .count();
        shares.len() + timexes.len() + dated
    };
    let found: usize = docs.iter().map(run).sum();
    assert!(
        found >= docs.len(),
        "only {found} mentions, timexes and dates in {} documents",
        docs.len()
    );
    bencher
        .counter(BytesCount::new(bytes))
        .counter(ItemsCount::new(docs.len()))
        .bench(|| docs.iter().map(run).sum::<usize>());
}
