//! PLOVER gold standard records (`plover_gsr_cameo.txt`, a JSON array): the PLOVER event
//! type of the main event against the record's `event`.
//!
//! The records were coded with PLOVER 0.5b1 (2016), whose type names differ from
//! today's 16 ([`eventwatch_schema::PLOVER_TYPES`], PLOVER 2021). [`plover_2021_type`]
//! maps them as the CAMEO → PLOVER 2021 table does for the CAMEO roots behind them:
//!
//! | PLOVER 0.5 | PLOVER 2021 | CAMEO root |
//! |---|---|---|
//! | DEMAND | REQUEST | 10 |
//! | DISAPPROVE | ACCUSE (mode disapprove) | 11 |
//! | INVESTIGATE | ACCUSE (mode investigate) | 09 |
//! | FIGHT | ASSAULT | 19 |
//! | any of today's 16 | itself | |
//!
//! The `DOCUMENT` record carries notes about the file, not a sentence; it is skipped and
//! counted in the details. The records' `date` is a placeholder (2000-01-01), so documents
//! get no publication date.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use eventwatch_schema::PLOVER_TYPES;

use super::tally::{ErrorSample, Labels, NONE_LABEL};
use crate::{Extractor, Metric, Report};

pub const FILE: &str = "plover_gsr_cameo.txt";

/// Today's PLOVER type for a type name of PLOVER 0.5 or 2021 (upper case); `None` when
/// the name is neither.
pub fn plover_2021_type(name: &str) -> Option<&'static str> {
    let name = name.trim();
    let renamed = match name {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    };
    PLOVER_TYPES.iter().find(|t| **t == renamed).copied()
}

/// One scored record.
#[derive(Clone, Debug, PartialEq)]
pub struct PloverRow {
    pub id: String,
    pub text: String,
    /// The type as written in the file.
    pub original_event: String,
    /// Today's type.
    pub event: &'static str,
}

/// What the loader found: scored rows, skipped documentation records, unreadable records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PloverFile {
    pub rows: Vec<PloverRow>,
    pub documentation_records: usize,
    pub unreadable: Vec<String>,
}

/// Reads the JSON array; a record that is not a usable sentence is listed as unreadable.
pub fn load(path: &Path) -> anyhow::Result<PloverFile> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let records: Vec<serde_json::Value> = serde_json::from_str(&text)
        .with_context(|| format!("{}: expected a JSON array of records", path.display()))?;
    let mut out = PloverFile::default();
    for (i, rec) in records.iter().enumerate() {
        let n = i + 1;
        let Some(obj) = rec.as_object() else {
            out.unreadable.push(format!(
                "{FILE}: record {n}: expected an object, found {rec}"
            ));
            continue;
        };
        let id = obj
            .get("id")
            .and_then(|v| v.as_str())
            .map_or_else(|| format!("record-{n}"), str::to_string);
        let event = obj.get("event").and_then(|v| v.as_str()).unwrap_or("");
        let sentence = obj
            .get("text")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .trim();
        if event == "DOCUMENT" {
            out.documentation_records += 1;
            continue;
        }
        if sentence.is_empty() {
            out.unreadable.push(format!(
                "{FILE}: record {n} ({id}): field \"text\": expected a sentence, found nothing"
            ));
            continue;
        }
        match plover_2021_type(event) {
            Some(t) => out.rows.push(PloverRow {
                id,
                text: sentence.to_string(),
                original_event: event.to_string(),
                event: t,
            }),
            None => out.unreadable.push(format!(
                "{FILE}: record {n} ({id}): field \"event\": expected a PLOVER type, found {event:?}"
            )),
        }
    }
    Ok(out)
}

/// Loads and scores the PLOVER records.
pub fn score(path: &Path, x: &dyn Extractor) -> anyhow::Result<Report> {
    let file = load(path)?;
    let mut labels = Labels::new();
    let mut errors = ErrorSample::new(10);
    let mut renamed: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for row in &file.rows {
        let doc = super::document(&row.id, &row.text, None);
        let (main, _) = super::main_event(x, &doc);
        let pred = main.as_ref().map(|e| e.plover_type.as_str());
        labels.push(row.event, pred);
        if pred != Some(row.event) {
            errors.push(&row.id, row.event, pred.unwrap_or(NONE_LABEL));
        }
        if row.original_event != row.event {
            *renamed
                .entry((row.original_event.clone(), row.event))
                .or_insert(0) += 1;
        }
    }
    let metrics = vec![
        Metric::share("PLOVER event type accuracy", labels.hits(), labels.len()).with_bar(0.70),
        Metric {
            name: "PLOVER event type macro-F1".into(),
            value: labels.macro_f1(),
            n: labels.len(),
            bar: None,
            unit: "",
        },
    ];
    let mut details = format!(
        "{} sentences scored, {} documentation record(s) skipped, {} unreadable. \
         PLOVER 0.5 names renamed to PLOVER 2021:\n\n",
        file.rows.len(),
        file.documentation_records,
        file.unreadable.len()
    );
    for ((old, new), c) in &renamed {
        details.push_str(&format!("- {old} → {new}: {c}\n"));
    }
    details.push('\n');
    details.push_str(&labels.confusion_markdown("PLOVER type confusion", 12));
    details.push('\n');
    details.push_str(&errors.markdown("PLOVER type errors"));
    Ok(Report {
        name: "plover-gsr".into(),
        title: "PLOVER gold standard records: event type".into(),
        dataset: format!("events/{FILE}"),
        metrics,
        unreadable: file.unreadable,
        details,
    })
}
