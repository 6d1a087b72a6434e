//! Data-driven TIMEX3 cases from `tests/cases.txt`, and event dates.

use eventwatch_text::{Document, DocumentMeta, Span};
use eventwatch_time::{event_date, timexes};

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

/// Runs every case of `tests/event_dates.txt` and reports all failures at once.
#[test]
fn event_dates_file() {
    let data = include_str!("event_dates.txt");
    let mut dct: Option<String> = None;
    // (dct, text, clause, expected)
    let mut cases: Vec<(Option<String>, String, String, String)> = Vec::new();
    for line in data.lines() {
        if let Some(d) = line.strip_prefix("dct ") {
            dct = (d.trim() != "none").then(|| d.trim().to_string());
        } else if let Some(t) = line.strip_prefix("> ") {
            cases.push((dct.clone(), t.to_string(), String::new(), String::new()));
        } else if let Some(c) = line.strip_prefix("@ ") {
            let last = cases.last_mut().expect("an `@` line follows a `>` line");
            last.2 = c.to_string();
        } else if let Some(e) = line.strip_prefix("= ") {
            let last = cases.last_mut().expect("an `=` line follows a `>` line");
            last.3 = e.split('|').map(str::trim).collect::<Vec<_>>().join(" | ");
        } else if let Some(last) = cases.last_mut().filter(|c| c.2.is_empty()) {
            // A text line after the first: a paragraph of the same text.
            last.1.push('\n');
            last.1.push_str(line);
        }
    }
    assert!(cases.len() >= 8, "only {} cases read", cases.len());
    let mut failures = Vec::new();
    for (dct, text, clause, expected) in &cases {
        let d = doc(dct.as_deref(), text);
        let tx = timexes(&d);
        let got = match event_date(&d, &tx, span_of(&d, clause)) {
            Some(e) => {
                assert_eq!(e.span.is_none(), e.rule == "published");
                format!("{} | {}", e.date, e.rule)
            }
            None => "none".to_string(),
        };
        if &got != expected {
            failures.push(format!(
                "{text}\n  clause   {clause}\n  expected {expected}\n  got      {got}"
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
