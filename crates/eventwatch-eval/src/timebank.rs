//! TimeBank 1.2 + AQUAINT (TempEval-3 release): TIMEX3 extent, type and value scores.
//!
//! Reads `time/tbaq/*.tml`, rebuilds the plain text of each `<TEXT>` element with the
//! character offsets of its gold TIMEX3 elements, anchors the document on the DCT timex
//! (`functionInDocument="CREATION_TIME"`, not scored), runs [`Extractor::times`] and
//! reports strict and relaxed (overlap) extent P/R/F1 plus type and value accuracy on the
//! strictly matched spans.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

use anyhow::Context;
use eventwatch_text::{Document, DocumentMeta};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::{Extractor, Metric, Report};

/// A gold TIMEX3 in character offsets of the rebuilt text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldTimex {
    pub start: u32,
    pub end: u32,
    pub kind: String,
    pub value: String,
}

/// One parsed .tml document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TmlDoc {
    pub text: String,
    /// The DCT value as given (`1998-01-08`, `1998-02-13T14:26:00`).
    pub dct: Option<String>,
    pub timexes: Vec<GoldTimex>,
}

/// Parses a TimeML document: the text of `<TEXT>` with its TIMEX3 spans, and the DCT.
pub fn parse_tml(xml: &str) -> anyhow::Result<TmlDoc> {
    let mut reader = Reader::from_str(xml);
    let mut text = String::new();
    let mut chars: u32 = 0;
    let mut in_text = false;
    let mut dct = None;
    let mut open: Option<(u32, String, String, bool)> = None;
    let mut timexes = Vec::new();
    loop {
        let event = reader
            .read_event()
            .with_context(|| format!("xml error at byte {}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "TEXT" => in_text = true,
                "TIMEX3" => {
                    let attr = |name: &str| -> String {
                        e.try_get_attribute(name)
                            .ok()
                            .flatten()
                            .and_then(|a| {
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .ok()
                                    .map(|v| v.into_owned())
                            })
                            .unwrap_or_default()
                    };
                    let creation = attr("functionInDocument") == "CREATION_TIME";
                    if creation {
                        dct = Some(attr("value"));
                    }
                    open = Some((chars, attr("type"), attr("value"), creation));
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "TEXT" => in_text = false,
                "TIMEX3" => {
                    if let Some((start, kind, value, creation)) = open.take() {
                        if in_text && !creation {
                            timexes.push(GoldTimex {
                                start,
                                end: chars,
                                kind,
                                value,
                            });
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                text.push_str(&t);
                chars += t.chars().count() as u32;
            }
            Event::CData(t) if in_text => {
                chars += t.chars().count() as u32;
                text.push_str(&t);
            }
            Event::GeneralRef(r) if in_text => {
                let c = match r.resolve_char_ref().ok().flatten() {
                    Some(c) => Some(c),
                    None => match &*r {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    text.push(c);
                    chars += 1;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(TmlDoc { text, dct, timexes })
}

/// The date part of a DCT value (`1998-02-13T14:26:00` → 1998-02-13).
fn dct_date(v: &str) -> Option<jiff::civil::Date> {
    v.get(..10)?.parse().ok()
}

#[derive(Default)]
struct Counts {
    gold: usize,
    pred: usize,
    strict: usize,
    relaxed_gold: usize,
    relaxed_pred: usize,
    type_ok: usize,
    value_ok: usize,
    misses: HashMap<String, usize>,
    false_pos: HashMap<String, usize>,
    wrong_values: HashMap<String, usize>,
}

impl Counts {
    fn add(&mut self, doc: &TmlDoc, pred: &[eventwatch_schema::TimeMention]) {
        self.gold += doc.timexes.len();
        self.pred += pred.len();
        let chars: Vec<char> = doc.text.chars().collect();
        let slice = |s: u32, e: u32| -> String {
            chars
                .get(s as usize..(e as usize).min(chars.len()))
                .map(|c| c.iter().collect::<String>())
                .unwrap_or_default()
                .replace('\n', " ")
        };
        let overlaps = |a: (u32, u32), b: (u32, u32)| a.0 < b.1 && b.0 < a.1;
        for g in &doc.timexes {
            let exact = pred.iter().find(|p| p.start == g.start && p.end == g.end);
            if let Some(p) = exact {
                self.strict += 1;
                self.type_ok += usize::from(p.kind == g.kind);
                if p.value == g.value {
                    self.value_ok += 1;
                } else {
                    *self
                        .wrong_values
                        .entry(format!(
                            "`{}` gold {} got {} (dct {})",
                            slice(g.start, g.end),
                            g.value,
                            p.value,
                            doc.dct.as_deref().unwrap_or("?")
                        ))
                        .or_default() += 1;
                }
            }
            if pred
                .iter()
                .any(|p| overlaps((p.start, p.end), (g.start, g.end)))
            {
                self.relaxed_gold += 1;
            }
            if exact.is_none() {
                let near = pred
                    .iter()
                    .find(|p| overlaps((p.start, p.end), (g.start, g.end)))
                    .map(|p| format!(" (got `{}`)", slice(p.start, p.end)))
                    .unwrap_or_default();
                *self
                    .misses
                    .entry(format!("`{}`{near}", slice(g.start, g.end)))
                    .or_default() += 1;
            }
        }
        for p in pred {
            if doc
                .timexes
                .iter()
                .any(|g| overlaps((p.start, p.end), (g.start, g.end)))
            {
                self.relaxed_pred += 1;
            }
            if !doc
                .timexes
                .iter()
                .any(|g| g.start == p.start && g.end == p.end)
            {
                *self
                    .false_pos
                    .entry(format!("`{}`", slice(p.start, p.end)))
                    .or_default() += 1;
            }
        }
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn top(map: &HashMap<String, usize>, n: usize) -> Vec<(&String, &usize)> {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.truncate(n);
    v
}

/// Scores `x.times` on `data_dir/time/tbaq/*.tml`.
pub fn score(data_dir: &Path, x: &dyn Extractor) -> anyhow::Result<Report> {
    let dir = data_dir.join("time/tbaq");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tml"))
        .collect();
    paths.sort();
    let mut report = Report {
        name: "timebank".to_string(),
        title: "TimeBank 1.2 + AQUAINT: TIMEX3 extent, type and value".to_string(),
        dataset: "time/tbaq/*.tml".to_string(),
        ..Report::default()
    };
    let mut counts = Counts::default();
    let mut docs = 0;
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = std::fs::read_to_string(path)
            .map_err(anyhow::Error::from)
            .and_then(|s| parse_tml(&s));
        let doc = match parsed {
            Ok(d) => d,
            Err(e) => {
                report.unreadable.push(format!("{name}: {e:#}"));
                continue;
            }
        };
        let published = doc.dct.as_deref().and_then(dct_date);
        if published.is_none() {
            report.unreadable.push(format!(
                "{name}: DCT: expected a date like 1998-01-08, found {:?} (scored without an anchor)",
                doc.dct
            ));
        }
        let meta = DocumentMeta {
            id: name.trim_end_matches(".tml").to_string(),
            published,
            ..DocumentMeta::default()
        };
        let document = Document::new(meta, doc.text.clone());
        let pred = x.times(&document);
        counts.add(&doc, &pred);
        docs += 1;
    }
    let c = &counts;
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (sp, sr) = (ratio(c.strict, c.pred), ratio(c.strict, c.gold));
    let (rp, rr) = (ratio(c.relaxed_pred, c.pred), ratio(c.relaxed_gold, c.gold));
    let metric = |name: &str, value: f64, n: usize| Metric {
        name: name.to_string(),
        value,
        n,
        bar: None,
        unit: "",
    };
    report.metrics = vec![
        metric("strict precision", sp, c.pred),
        metric("strict recall", sr, c.gold),
        metric("strict F1", f1(sp, sr), c.gold).with_bar(0.85),
        metric("relaxed precision", rp, c.pred),
        metric("relaxed recall", rr, c.gold),
        metric("relaxed F1", f1(rp, rr), c.gold),
        Metric::share("type accuracy (strict matches)", c.type_ok, c.strict),
        Metric::share("value accuracy (strict matches)", c.value_ok, c.strict).with_bar(0.85),
    ];
    let mut d = String::new();
    let _ = writeln!(
        d,
        "{docs} documents, {} gold TIMEX3, {} predicted.\n",
        c.gold, c.pred
    );
    for (title, map) in [
        ("Most frequent misses (gold not matched exactly)", &c.misses),
        (
            "Most frequent false positives (predicted, not a gold extent)",
            &c.false_pos,
        ),
        (
            "Most frequent wrong values (strict matches)",
            &c.wrong_values,
        ),
    ] {
        let _ = writeln!(d, "## {title}\n");
        for (k, n) in top(map, 40) {
            let _ = writeln!(d, "- {n} × {k}");
        }
        let _ = writeln!(d);
    }
    report.details = d;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwatch_schema::{Event, PlaceMention, TimeMention};

    const FIXTURE: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2019-11-29" temporalFunction="false" functionInDocument="CREATION_TIME">20191129</TIMEX3></DCT>
<TEXT>
Crowds &amp; police <EVENT eid="e1" class="OCCURRENCE">clashed</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2019-11-28" functionInDocument="NONE">Thursday</TIMEX3> in Nāṣiriyah for <TIMEX3 tid="t2" type="DURATION" value="P3D" functionInDocument="NONE">three days</TIMEX3>.
</TEXT>
</TimeML>"#;

    #[test]
    fn parse_rebuilds_text_and_char_offsets() {
        let doc = parse_tml(FIXTURE).unwrap();
        assert_eq!(doc.dct.as_deref(), Some("2019-11-29"));
        assert_eq!(doc.timexes.len(), 2);
        let chars: Vec<char> = doc.text.chars().collect();
        let s = |g: &GoldTimex| {
            chars[g.start as usize..g.end as usize]
                .iter()
                .collect::<String>()
        };
        assert_eq!(s(&doc.timexes[0]), "Thursday");
        assert_eq!(s(&doc.timexes[1]), "three days");
        assert!(doc.text.contains("Crowds & police clashed on Thursday"));
        assert_eq!(doc.timexes[1].value, "P3D");
        assert_eq!(doc.timexes[0].kind, "DATE");
    }

    /// Finds "Thursday" right with a wrong value, and "days" (a partial overlap).
    struct Fake;

    impl Extractor for Fake {
        fn events(&self, _: &Document) -> Vec<Event> {
            Vec::new()
        }
        fn places(&self, _: &Document) -> Vec<PlaceMention> {
            Vec::new()
        }
        fn times(&self, doc: &Document) -> Vec<TimeMention> {
            assert_eq!(
                doc.published().map(|d| d.to_string()),
                Some("2019-11-29".to_string())
            );
            let mention = |word: &str, value: &str| {
                let b = doc.text().find(word).unwrap();
                let (start, end) = doc.char_span(eventwatch_text::Span::new(b, b + word.len()));
                TimeMention {
                    start,
                    end,
                    text: word.to_string(),
                    kind: "DATE".to_string(),
                    value: value.to_string(),
                }
            };
            vec![mention("Thursday", "2019-11-21"), mention("days", "P3D")]
        }
    }

    #[test]
    fn counts_strict_relaxed_and_values() {
        let dir =
            std::env::temp_dir().join(format!("eventwatch-timebank-test-{}", std::process::id()));
        let tbaq = dir.join("time/tbaq");
        std::fs::create_dir_all(&tbaq).unwrap();
        std::fs::write(tbaq.join("TEST1.tml"), FIXTURE).unwrap();
        let report = score(&dir, &Fake).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let get = |name: &str| {
            report
                .metrics
                .iter()
                .find(|m| m.name == name)
                .unwrap()
                .value
        };
        assert_eq!(get("strict precision"), 0.5);
        assert_eq!(get("strict recall"), 0.5);
        assert_eq!(get("relaxed F1"), 1.0);
        assert_eq!(get("type accuracy (strict matches)"), 1.0);
        assert_eq!(get("value accuracy (strict matches)"), 0.0);
        assert!(
            report.details.contains("`three days` (got `days`)"),
            "{}",
            report.details
        );
        assert!(
            report.details.contains("gold 2019-11-28 got 2019-11-21"),
            "{}",
            report.details
        );
    }
}
