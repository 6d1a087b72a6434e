//! Data-driven TIMEX3 cases from `tests/cases.txt`, and event dates.

use eventwatch_text::{Document, DocumentMeta, Span};
use eventwatch_time::{event_date, timexes, Granularity};

fn doc(dct: Option<&str>, text: &str) -> Document {
    let meta = DocumentMeta {
        published: dct.and_then(|d| d.parse().ok()),
        ..DocumentMeta::default()
    };
    Document::new(meta, text)
}

/// Runs every case of the file and reports all failures at once.
#[test]
fn cases_file() {
    let data = include_str!("cases.txt");
    let mut dct: Option<String> = None;
    let mut cases: Vec<(Option<String>, String, Vec<String>)> = Vec::new();
    for line in data.lines() {
        if let Some(d) = line.strip_prefix("dct ") {
            dct = (d.trim() != "none").then(|| d.trim().to_string());
        } else if let Some(t) = line.strip_prefix("> ") {
            cases.push((dct.clone(), t.to_string(), Vec::new()));
        } else if let Some(e) = line.strip_prefix("= ") {
            let last = cases.last_mut().expect("an `=` line follows a `>` line");
            last.2
                .push(e.split('|').map(str::trim).collect::<Vec<_>>().join(" | "));
        }
    }
    assert!(cases.len() >= 25, "only {} cases read", cases.len());
    let mut failures = Vec::new();
    for (dct, text, expected) in &cases {
        let d = doc(dct.as_deref(), text);
        let got: Vec<String> = timexes(&d)
            .iter()
            .map(|t| format!("{} | {} | {}", d.slice(t.span), t.kind.as_str(), t.value))
            .collect();
        if &got != expected {
            failures.push(format!(
                "{text}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn span_of(d: &Document, needle: &str) -> Span {
    let start = d.text().find(needle).expect("needle in text");
    Span::new(start, start + needle.len())
}

#[test]
fn event_date_prefers_the_clause_then_context_then_publication() {
    let text = "Police fired on protesters on Thursday. Two people died.\n\nA rally was held. Since Oct. 1, 300 have died.";
    let d = doc(Some("2019-11-29"), text);
    let tx = timexes(&d);
    // In the clause.
    let e = event_date(
        &d,
        &tx,
        span_of(&d, "Police fired on protesters on Thursday"),
    )
    .unwrap();
    assert_eq!(
        (e.date.to_string().as_str(), e.rule),
        ("2019-11-28", "clause")
    );
    // The previous sentence of the same paragraph.
    let e = event_date(&d, &tx, span_of(&d, "Two people died")).unwrap();
    assert_eq!(
        (e.date.to_string().as_str(), e.rule),
        ("2019-11-28", "context")
    );
    // A new paragraph does not inherit it; "since Oct. 1" is not the event's date.
    let e = event_date(&d, &tx, span_of(&d, "300 have died")).unwrap();
    assert_eq!(
        (e.date.to_string().as_str(), e.rule, e.span),
        ("2019-11-29", "published", None)
    );
    assert_eq!(e.granularity, Granularity::Day);
}

#[test]
fn event_date_uses_the_dateline_and_skips_future_dates() {
    let text =
        "NAJAF, Iraq, Nov. 28 (AP) — Protesters burned the consulate. They will return on Dec. 5.";
    let d = doc(Some("2019-11-29"), text);
    let tx = timexes(&d);
    let e = event_date(&d, &tx, span_of(&d, "Protesters burned the consulate")).unwrap();
    assert_eq!(e.date.to_string(), "2019-11-28");
    let e = event_date(&d, &tx, span_of(&d, "They will return")).unwrap();
    assert_eq!(
        e.date.to_string(),
        "2019-11-28",
        "the future Dec. 5 is skipped"
    );
    assert!(event_date(&doc(None, "No date here."), &[], Span::new(0, 5)).is_none());
}
