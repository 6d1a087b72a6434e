//! Data-driven tests: the case files in `tests/cases/`, the seed article, and properties
//! that hold for any input (no panics, spans in bounds and on char boundaries).

use eventwatch_counts::{
    casualties, contributions, document_totals, quantities, tally, Casualty, CasualtyKind,
    VictimKind,
};
use eventwatch_text::{Document, DocumentMeta};
use proptest::prelude::*;

fn doc(text: &str) -> Document {
    Document::new(DocumentMeta::default(), text)
}

/// Splits a case file into `(line number, text, expectation lines)` blocks.
fn blocks(file: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out: Vec<(usize, String, Vec<String>)> = Vec::new();
    for (n, line) in file.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(text) = line.strip_prefix("text:") {
            out.push((n + 1, text.trim().to_string(), Vec::new()));
        } else if let Some(last) = out.last_mut() {
            last.2.push(line.to_string());
        } else {
            panic!("line {}: expected `text:` first, found {line:?}", n + 1);
        }
    }
    out
}

/// `key=value` pairs and bare flags of an expectation line (after the leading fields).
fn fields(rest: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut kv = Vec::new();
    let mut flags = Vec::new();
    for f in rest.split_whitespace() {
        match f.split_once('=') {
            Some((k, v)) => kv.push((k.to_string(), v.to_string())),
            None => flags.push(f.to_string()),
        }
    }
    (kv, flags)
}

fn opt(v: Option<u32>) -> String {
    v.map_or("none".into(), |n| n.to_string())
}

#[test]
fn quantity_cases() {
    let file = include_str!("cases/quantities.txt");
    let mut failures = Vec::new();
    for (line, text, expected) in blocks(file) {
        let d = doc(&text);
        let got: Vec<String> = quantities(&d)
            .iter()
            .map(|q| {
                let mut s = format!(
                    "{:?} best={} min={} max={} rule={}",
                    d.slice(q.span),
                    q.best,
                    opt(q.min),
                    opt(q.max),
                    q.rule
                );
                if q.vague {
                    s.push_str(" vague");
                }
                if q.increment {
                    s.push_str(" increment");
                }
                s
            })
            .collect();
        let want_none = expected.iter().any(|e| e == "none");
        let ok = if want_none {
            got.is_empty()
        } else {
            got.len() == expected.len()
                && got.iter().zip(&expected).all(|(g, e)| {
                    let (span, rest) = match e.strip_prefix('"').and_then(|r| r.split_once('"')) {
                        Some(p) => p,
                        None => return false,
                    };
                    let (kv, flags) = fields(rest);
                    g.starts_with(&format!("{span:?} "))
                        && kv.iter().all(|(k, v)| g.contains(&format!(" {k}={v}")))
                        && ["vague", "increment"]
                            .iter()
                            .all(|f| g.contains(&format!(" {f}")) == flags.iter().any(|x| x == f))
                })
        };
        if !ok {
            failures.push(format!(
                "quantities.txt:{line}: {text}\n  expected: {expected:?}\n  found:    {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn render(c: &Casualty) -> String {
    let kind = match c.kind {
        CasualtyKind::Killed => "killed",
        CasualtyKind::Injured => "injured",
    };
    let mut s = format!("{kind} {}", c.count.best);
    for (on, name) in [
        (c.struck, "struck"),
        (c.negated, "negated"),
        (c.hypothetical, "hypothetical"),
        (c.hedged, "hedged"),
        (c.total, "total"),
        (c.background, "background"),
        (c.coded, "coded"),
    ] {
        if on {
            s.push(' ');
            s.push_str(name);
        }
    }
    s
}

fn victim_name(k: VictimKind) -> &'static str {
    match k {
        VictimKind::Protesters => "protesters",
        VictimKind::Civilians => "civilians",
        VictimKind::Police => "police",
        VictimKind::Military => "military",
        VictimKind::Militants => "militants",
        VictimKind::Attackers => "attackers",
        VictimKind::Unknown => "unknown",
    }
}

#[test]
fn casualty_cases() {
    let file = include_str!("cases/casualties.txt");
    let mut failures = Vec::new();
    for (line, text, expected) in blocks(file) {
        let d = doc(&text);
        let cas = casualties(&d);
        let t = tally(&d, &cas);
        let totals = document_totals(&d, &cas, &t);
        let got: Vec<String> = cas.iter().map(render).collect();
        let mentions: Vec<&String> = expected
            .iter()
            .filter(|e| !e.starts_with("totals:") && !e.starts_with("shares:") && *e != "none")
            .collect();
        let mut ok = got.len() == mentions.len();
        for (c, e) in cas.iter().zip(&mentions) {
            let (kv, _) = fields(e);
            let plain: Vec<&str> = e.split_whitespace().filter(|w| !w.contains('=')).collect();
            ok &= render(c) == plain.join(" ");
            for (k, v) in kv {
                if k == "victims" {
                    ok &= c.victims.as_ref().map(|x| victim_name(x.kind)) == Some(v.as_str());
                }
            }
            ok &= d.slice(c.span).contains(d.slice(c.trigger));
        }
        if let Some(tl) = expected.iter().find_map(|e| e.strip_prefix("totals:")) {
            let want: Vec<u32> = tl
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            ok &= want == vec![totals.0, totals.1];
        }
        // What each mention adds: "K/I" per mention, in text order.
        let shares: Vec<String> = contributions(&d, &cas, &t)
            .iter()
            .map(|c| format!("{}/{}", c.killed, c.injured))
            .collect();
        let sum = contributions(&d, &cas, &t)
            .iter()
            .fold((0u32, 0u32), |(k, i), c| (k + c.killed, i + c.injured));
        ok &= sum == totals;
        if let Some(sl) = expected.iter().find_map(|e| e.strip_prefix("shares:")) {
            ok &= sl.split_whitespace().collect::<Vec<_>>() == shares;
        }
        if !ok {
            let spans: Vec<&str> = cas.iter().map(|c| d.slice(c.span)).collect();
            failures.push(format!(
                "casualties.txt:{line}: {text}\n  expected: {expected:?}\n  found:    {got:?} totals {totals:?} shares {shares:?}\n  spans:    {spans:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_article_parts_add_up_to_the_reported_total() {
    let d = doc(include_str!("fixtures/iraq-protests-2019-11-28.txt"));
    let cas = casualties(&d);
    let killed: Vec<(u32, &str)> = cas
        .iter()
        .filter(|c| c.kind == CasualtyKind::Killed)
        .map(|c| (c.count.best, d.slice(c.count.span)))
        .collect();
    assert_eq!(
        killed,
        vec![
            (45, "Around 45"),
            (29, "at least 29"),
            (4, "at least four"),
            (12, "Another 12")
        ]
    );
    assert!(cas[0].hedged, "\"reportedly\" marks the 45 as hedged");
    let t = tally(&d, &cas);
    assert_eq!(t.aggregates, vec![0]);
    assert_eq!(t.parts_of, vec![(0, vec![1, 2, 3])]);
    assert!(t.remainder.is_empty());
    assert!(t.duplicates.is_empty());
    assert_eq!(document_totals(&d, &cas, &t), (45, 0));
}

#[test]
fn parts_that_do_not_add_up_leave_a_remainder() {
    let d = doc("At least 45 people were killed on Thursday. In Nassiriya, 29 people were killed. Four people were killed in Baghdad.");
    let cas = casualties(&d);
    let t = tally(&d, &cas);
    assert_eq!(t.parts_of, vec![(0, vec![1, 2])]);
    assert_eq!(t.remainder, vec![(0, 12)]);
    assert_eq!(document_totals(&d, &cas, &t), (45, 0));
}

#[test]
fn lexicons_load_cleanly() {
    assert!(eventwatch_counts::lexicon_diagnostics().is_empty());
}

fn check_bounds(text: &str) {
    let d = doc(text);
    let len = d.text().len() as u32;
    let in_bounds = |s: eventwatch_text::Span| {
        s.start <= s.end
            && s.end <= len
            && d.text().is_char_boundary(s.start as usize)
            && d.text().is_char_boundary(s.end as usize)
    };
    for q in quantities(&d) {
        assert!(in_bounds(q.span), "{:?} in {text:?}", q.span);
    }
    let cas = casualties(&d);
    for c in &cas {
        assert!(in_bounds(c.span) && in_bounds(c.trigger) && in_bounds(c.count.span));
        assert!(c.victims.as_ref().is_none_or(|v| in_bounds(v.span)));
    }
    let t = tally(&d, &cas);
    for &i in t.aggregates.iter().chain(&t.duplicates) {
        assert!(i < cas.len());
    }
    // The mentions' contributions always add up to the document totals.
    let sum = contributions(&d, &cas, &t)
        .iter()
        .fold((0u32, 0u32), |(k, i), c| (k + c.killed, i + c.injured));
    assert_eq!(sum, document_totals(&d, &cas, &t), "{text:?}");
}

proptest! {
    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        check_bounds(&text);
    }

    #[test]
    fn news_like_text_never_panics(words in proptest::collection::vec(
        prop_oneof![
            Just("killed"), Just("were"), Just("shot"), Just("at least"), Just("29"), Just("1,200"),
            Just("no one"), Just("another"), Just("a"), Just("man"), Just("people"), Just("dead"),
            Just("left"), Just("death toll"), Just("rose to"), Just("between"), Just("and"), Just("-"),
            Just("."), Just(","), Just("Smith"), Just("himself"), Just("two hundred"), Just("é"),
            Just("one of them"), Just("fatally"), Just("suffered"), Just("gunshot wounds"), Just("10-15"),
        ],
        0..40,
    )) {
        check_bounds(&words.join(" "));
    }
}
