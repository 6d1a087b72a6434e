//! Tagging speed on a synthetic news text (a few hundred varied sentences), in MB/s.

use divan::counter::BytesCount;
use divan::Bencher;
use eventwatch_text::{Document, DocumentMeta};

fn main() {
    divan::main();
}

const SENTENCES: &[&str] = &[
    "NAJAF, Iraq, Nov. 28 (AP) — Security forces opened fire on protesters early Thursday, killing at least 18 people.",
    "The demonstrations, which began in October, have continued for nearly two months.",
    "Last week, officials said 40 people had been killed since Nov. 1, and the toll rose again on Friday night.",
    "Protesters vowed they will return to the square next Monday at 10:30 a.m.",
    "Three weeks ago, a similar march ended peacefully; the previous year saw no violence.",
    "In 2004 and again in the 1990s, the city was a battleground, residents said yesterday.",
    "Police said the curfew, imposed at midnight, would be lifted tomorrow morning.",
    "Prices rose 3.5% in the third quarter, a year earlier they had fallen.",
    "The committee meets every Friday and reports weekly to parliament.",
    "The officer, who had served for 24 hours without rest, was questioned on 28 November 2019.",
];

fn corpus() -> String {
    let mut text = String::new();
    for k in 0..300 {
        text.push_str(SENTENCES[k % SENTENCES.len()]);
        text.push(if k % 4 == 3 { '\n' } else { ' ' });
        if k % 12 == 11 {
            text.push('\n');
        }
    }
    text
}

#[divan::bench]
fn timexes(bencher: Bencher) {
    let meta = DocumentMeta {
        published: "2019-11-29".parse().ok(),
        ..DocumentMeta::default()
    };
    let doc = Document::new(meta, corpus());
    let found = eventwatch_time::timexes(&doc).len();
    // A broken tagger must not look fast: every sentence has at least one timex.
    assert!(found >= 300, "only {found} timexes");
    bencher
        .counter(BytesCount::new(doc.text().len()))
        .bench(|| eventwatch_time::timexes(divan::black_box(&doc)));
}
