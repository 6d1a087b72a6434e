//! Property tests: random text never panics, and spans are in bounds, on char boundaries,
//! sorted and non-overlapping.

use eventwatch_text::{Document, DocumentMeta, Span};
use eventwatch_time::{event_date, timexes};
use proptest::prelude::*;

fn words() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Thursday",
        "last",
        "night",
        "Nov.",
        "28",
        ",",
        "2019",
        "the",
        "past",
        "three",
        "years",
        "ago",
        "every",
        "Friday",
        "10:30",
        "a.m.",
        "noon",
        "in",
        "October",
        "mid-1990s",
        "third-quarter",
        "a",
        "year",
        "earlier",
        "will",
        "11/28/2019",
        "'90s",
        "quarter",
        "this",
        "week",
        "é",
        "—",
        ".",
        "twenty",
        "four",
        "hours",
        "since",
        "-",
        "9999999999",
        "0",
        "31st",
        "Tuesdays",
        "12:99",
    ]);
    prop::collection::vec(word, 0..40).prop_map(|w| w.join(" "))
}

fn check(text: &str, dct: Option<&str>) {
    let meta = DocumentMeta {
        published: dct.and_then(|d| d.parse().ok()),
        ..DocumentMeta::default()
    };
    let doc = Document::new(meta, text);
    let tx = timexes(&doc);
    let mut last_end = 0;
    for t in &tx {
        assert!(
            t.span.start >= last_end,
            "overlap or unsorted at {:?}",
            t.span
        );
        assert!(t.span.start < t.span.end && t.span.end as usize <= text.len());
        assert!(
            text.is_char_boundary(t.span.start as usize)
                && text.is_char_boundary(t.span.end as usize)
        );
        assert!(!t.value.is_empty());
        last_end = t.span.end;
    }
    let _ = event_date(&doc, &tx, Span::new(0, text.len()));
}

proptest! {
    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        check(&text, Some("2019-11-29"));
        check(&text, None);
    }

    #[test]
    fn time_like_word_salad_never_panics(text in words(), year in 1i16..9999) {
        check(&text, Some(&format!("{year:04}-01-01")));
        check(&text, Some("2019-12-31"));
        check(&text, None);
    }
}
