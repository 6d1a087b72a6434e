//! PETRARCH-2 validation sentences (`petr2_gsr_validation.xml`): the CAMEO root code of
//! the main event (`Event::cameo`) and its PLOVER type against the gold `EventCoding`s.
//!
//! The file is not well-formed XML (`<Sentence .../>` is often self-closing yet followed
//! by `</Sentence>`, and the header comment contains a bare `<EventCoding...>`), so it is
//! read as a stream of tags: everything before `<Sentences>` is ignored, each `Sentence`
//! tag starts a record, and the `EventCoding` and `Text` elements after it belong to it.
//!
//! A sentence may have several gold codings; the main event is right when its root equals
//! the root of any of them (the confusion matrix shows that coding as the gold row, else
//! the first). Sentences coded `noevents="True"` are scored separately: right when the
//! extractor yields no event with a CAMEO code. PLOVER gold comes from the CAMEO → PLOVER
//! 2021 table (`ontology/CAMEO2PLOVER-2021.txt`) by longest code prefix; roots 01 and 02
//! have no PLOVER type there and such codings are left out of the PLOVER metric. The
//! `date` attribute (the story's date, not a gold field) becomes the publication date;
//! the sentence text has its hard line breaks folded into spaces.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use eventwatch_schema::PLOVER_TYPES;
use jiff::civil::Date;
use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::Reader;

use super::tally::{ErrorSample, Labels, NONE_LABEL};
use crate::{Extractor, Metric, Report};

pub const FILE: &str = "petr2_gsr_validation.xml";
pub const CAMEO2PLOVER_FILE: &str = "CAMEO2PLOVER-2021.txt";

/// The CAMEO → PLOVER 2021 table: code → PLOVER type, `None` where the file gives one
/// code two different types (root 08: CONCEDE and RETREAT).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CameoPlover {
    map: BTreeMap<String, Option<&'static str>>,
}

impl CameoPlover {
    /// Reads lines like `1411: PROTEST, demo, executive # comment`; `#` lines are comments.
    /// Lines that cannot be read are returned as `file:line: reason`.
    pub fn parse(text: &str) -> (CameoPlover, Vec<String>) {
        let mut map: BTreeMap<String, Option<&'static str>> = BTreeMap::new();
        let mut problems = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            // Blank lines and rules such as `~~~~~` carry nothing.
            if !line.chars().any(|c| c.is_alphanumeric()) {
                continue;
            }
            let parsed = line.split_once(':').and_then(|(code, rest)| {
                let code = code.trim();
                let ty = rest.split(',').next().unwrap_or("").trim();
                let ty = PLOVER_TYPES.iter().find(|t| **t == ty).copied()?;
                (code.len() >= 2 && code.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| (code.to_string(), ty))
            });
            match parsed {
                Some((code, ty)) => {
                    let entry = map.entry(code).or_insert(Some(ty));
                    if *entry != Some(ty) {
                        *entry = None;
                    }
                }
                None => problems.push(format!(
                    "{CAMEO2PLOVER_FILE}:{}: expected `CODE: PLOVER_TYPE, mode, context`, found {raw:?}",
                    i + 1
                )),
            }
        }
        (CameoPlover { map }, problems)
    }

    /// The PLOVER type of a CAMEO code by its longest listed prefix.
    pub fn plover_of(&self, code: &str) -> Option<&'static str> {
        let code = code.trim();
        (2..=code.len())
            .rev()
            .filter_map(|n| code.get(..n))
            .find_map(|prefix| self.map.get(prefix))
            .copied()
            .flatten()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The two-digit root of a CAMEO code (`"1124"` → `"11"`), if it starts with two digits.
pub fn cameo_root(code: &str) -> Option<&str> {
    let root = code.trim().get(..2)?;
    root.bytes().all(|b| b.is_ascii_digit()).then_some(root)
}

/// One validation sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PetrSentence {
    pub id: String,
    pub date: Option<Date>,
    pub text: String,
    /// Gold CAMEO codes in file order; empty for a `noevents` sentence.
    pub codes: Vec<String>,
    pub no_events: bool,
}

/// What the loader found in a validation file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PetrFile {
    pub sentences: Vec<PetrSentence>,
    /// Sentences that cannot be scored, as `file: sentence ID: reason`.
    pub unreadable: Vec<String>,
    /// Sentences marked `evaluate="false"`.
    pub skipped: usize,
    /// Problems that leave the sentence usable (an unreadable `date` becomes no date).
    pub warnings: Vec<String>,
}

#[derive(Default)]
struct Partial {
    sentence: PetrSentence,
    evaluate: bool,
    problems: Vec<String>,
}

/// Reads the sentences of a validation file.
pub fn load(path: &Path) -> anyhow::Result<PetrFile> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(parse(&text))
}

/// The sentences of a validation file (see the module docs for the lenient reading).
pub fn parse(xml: &str) -> PetrFile {
    let mut reader = Reader::from_str(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    let mut skipped = 0usize;
    let mut in_sentences = false;
    let mut in_text = false;
    let mut current: Option<Partial> = None;
    let mut errors = 0usize;
    let mut warnings = Vec::new();

    let finish = |p: Option<Partial>,
                  out: &mut Vec<PetrSentence>,
                  unreadable: &mut Vec<String>,
                  skipped: &mut usize| {
        let Some(mut p) = p else { return };
        let id = p.sentence.id.clone();
        if p.sentence.text.trim().is_empty() {
            p.problems.push(
                "expected a <Text> element with the sentence, found none or an empty one".into(),
            );
        }
        if p.sentence.codes.is_empty() && !p.sentence.no_events {
            p.problems
                .push("expected an <EventCoding> with an eventcode or noevents, found none".into());
        }
        if !p.problems.is_empty() {
            unreadable.push(format!("{FILE}: sentence {id}: {}", p.problems.join("; ")));
        } else if !p.evaluate {
            *skipped += 1;
        } else {
            p.sentence.text = p
                .sentence
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            out.push(p.sentence);
        }
    };

    loop {
        let pos = reader.buffer_position();
        match reader.read_event() {
            Ok(XmlEvent::Eof) => break,
            Ok(XmlEvent::Start(t)) | Ok(XmlEvent::Empty(t)) => {
                let name = t.name();
                let name = name.as_ref();
                if name == "Sentences" {
                    in_sentences = true;
                } else if !in_sentences {
                } else if name == "Sentence" {
                    finish(current.take(), &mut out, &mut unreadable, &mut skipped);
                    let n = out.len() + unreadable.len() + skipped + 1;
                    current = Some(start_sentence(&t, n, &mut warnings));
                } else if name == "EventCoding" {
                    if let Some(p) = current.as_mut() {
                        add_coding(&t, p);
                    }
                } else if name == "Text" {
                    in_text = current.is_some();
                }
            }
            Ok(XmlEvent::End(t)) => match t.name().as_ref() {
                "Text" => in_text = false,
                "Sentences" => {
                    finish(current.take(), &mut out, &mut unreadable, &mut skipped);
                    in_sentences = false;
                }
                _ => {}
            },
            Ok(XmlEvent::Text(t)) if in_text => {
                if let Some(p) = current.as_mut() {
                    p.sentence.text.push_str(&t.xml10_content());
                }
            }
            Ok(XmlEvent::GeneralRef(r)) if in_text => {
                if let Some(p) = current.as_mut() {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        _ => match r.xml10_content().as_ref() {
                            "amp" => Some("&".into()),
                            "lt" => Some("<".into()),
                            "gt" => Some(">".into()),
                            "quot" => Some("\"".into()),
                            "apos" => Some("'".into()),
                            _ => None,
                        },
                    };
                    match resolved {
                        Some(s) => p.sentence.text.push_str(&s),
                        None => p
                            .problems
                            .push(format!("unknown entity &{};", r.xml10_content())),
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                errors += 1;
                let id = current
                    .as_ref()
                    .map_or("(none)", |p| p.sentence.id.as_str());
                unreadable.push(format!("{FILE}: byte {pos} (in sentence {id}): {e}"));
                if errors > 50 || reader.buffer_position() <= pos {
                    break;
                }
            }
        }
    }
    finish(current.take(), &mut out, &mut unreadable, &mut skipped);
    PetrFile {
        sentences: out,
        unreadable,
        skipped,
        warnings,
    }
}

fn attr(t: &BytesStart<'_>, key: &str) -> Option<String> {
    t.try_get_attribute(key).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.trim().to_string())
    })
}

fn start_sentence(t: &BytesStart<'_>, n: usize, warnings: &mut Vec<String>) -> Partial {
    let id = attr(t, "id").unwrap_or_else(|| format!("#{n}"));
    let date = match attr(t, "date") {
        None => None,
        Some(d) => {
            let parsed = (d.len() == 8)
                .then(|| {
                    let y = d.get(0..4)?.parse().ok()?;
                    let m = d.get(4..6)?.parse().ok()?;
                    let day = d.get(6..8)?.parse().ok()?;
                    Date::new(y, m, day).ok()
                })
                .flatten();
            if parsed.is_none() {
                warnings.push(format!(
                    "{FILE}: sentence {id}: attribute \"date\": expected a date like 20080804, \
                     found {d:?}; scored without a publication date"
                ));
            }
            parsed
        }
    };
    let evaluate = attr(t, "evaluate").is_none_or(|v| !v.eq_ignore_ascii_case("false"));
    Partial {
        sentence: PetrSentence {
            id,
            date,
            ..PetrSentence::default()
        },
        evaluate,
        problems: Vec::new(),
    }
}

fn add_coding(t: &BytesStart<'_>, p: &mut Partial) {
    if attr(t, "noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        p.sentence.no_events = true;
        return;
    }
    match attr(t, "eventcode") {
        Some(code) if cameo_root(&code).is_some() => p.sentence.codes.push(code),
        found => p.problems.push(format!(
            "<EventCoding> attribute \"eventcode\": expected a CAMEO code like 190, found {found:?}"
        )),
    }
}

/// Loads and scores the validation sentences; `table` is `CAMEO2PLOVER-2021.txt`.
pub fn score(path: &Path, table: &Path, x: &dyn Extractor) -> anyhow::Result<Report> {
    let PetrFile {
        sentences,
        mut unreadable,
        skipped,
        warnings,
    } = load(path)?;
    let table_text = std::fs::read_to_string(table)
        .with_context(|| format!("{}: cannot read", table.display()))?;
    let (cameo_plover, table_problems) = CameoPlover::parse(&table_text);
    unreadable.extend(table_problems);

    let mut roots = Labels::new();
    let mut plovers = Labels::new();
    let (mut none_n, mut none_hits) = (0usize, 0usize);
    let mut root_errors = ErrorSample::new(10);
    let mut plover_errors = ErrorSample::new(10);
    let mut none_errors = ErrorSample::new(10);
    for s in &sentences {
        let doc = super::document(&s.id, &s.text, s.date);
        let (main, events) = super::main_event(x, &doc);
        if s.no_events {
            none_n += 1;
            match events.iter().find(|e| e.cameo.is_some()) {
                None => none_hits += 1,
                Some(e) => none_errors.push(&s.id, "no event", e.cameo.as_deref().unwrap_or("")),
            }
            continue;
        }
        let pred_root = main
            .as_ref()
            .and_then(|e| e.cameo.as_deref())
            .and_then(cameo_root);
        let gold_roots: Vec<&str> = s.codes.iter().filter_map(|c| cameo_root(c)).collect();
        if let Some(first) = gold_roots.first() {
            let gold = pred_root
                .filter(|p| gold_roots.contains(p))
                .unwrap_or(first);
            roots.push(gold, pred_root);
            if pred_root != Some(gold) {
                root_errors.push(
                    &s.id,
                    &gold_roots.join("|"),
                    pred_root.unwrap_or(NONE_LABEL),
                );
            }
        }
        let gold_plover: Vec<&str> = s
            .codes
            .iter()
            .filter_map(|c| cameo_plover.plover_of(c))
            .collect();
        let pred_plover = main.as_ref().map(|e| e.plover_type.as_str());
        if let Some(first) = gold_plover.first() {
            let gold = pred_plover
                .filter(|p| gold_plover.contains(p))
                .unwrap_or(first);
            plovers.push(gold, pred_plover);
            if pred_plover != Some(gold) {
                plover_errors.push(
                    &s.id,
                    &gold_plover.join("|"),
                    pred_plover.unwrap_or(NONE_LABEL),
                );
            }
        }
    }
    let metrics = vec![
        Metric::share("CAMEO root accuracy", roots.hits(), roots.len()),
        Metric::share(
            "PLOVER type accuracy (via CAMEO2PLOVER)",
            plovers.hits(),
            plovers.len(),
        ),
        Metric::share(
            "no CAMEO-coded event on noevents sentences",
            none_hits,
            none_n,
        ),
    ];
    let mut details = format!(
        "{} sentences read ({} with gold codings, {none_n} coded noevents), {skipped} marked \
         evaluate=\"false\", {} unreadable; CAMEO → PLOVER table with {} codes.\n\n",
        sentences.len(),
        sentences.len() - none_n,
        unreadable.len(),
        cameo_plover.len()
    );
    for w in &warnings {
        details.push_str(&format!("- {w}\n"));
    }
    if !warnings.is_empty() {
        details.push('\n');
    }
    details.push_str(&roots.confusion_markdown("CAMEO root confusion", 10));
    details.push('\n');
    details.push_str(&plovers.confusion_markdown("PLOVER type confusion", 10));
    details.push('\n');
    details.push_str(&root_errors.markdown("CAMEO root errors"));
    details.push('\n');
    details.push_str(&plover_errors.markdown("PLOVER type errors"));
    details.push('\n');
    details.push_str(&none_errors.markdown("events found in noevents sentences"));
    Ok(Report {
        name: "petrarch2-gsr".into(),
        title: "PETRARCH-2 validation sentences: CAMEO root and PLOVER type".into(),
        dataset: format!("events/{FILE}, ontology/{CAMEO2PLOVER_FILE}"),
        metrics,
        unreadable,
        details,
    })
}
