//! CASE 2021 shared task 2 (fine-grained event classification): snippets labelled with
//! short codes for ACLED's 25 sub-event types plus five classes outside ACLED.
//!
//! The code table is the task's "Note on EVENT TYPES" (github.com/emerging-welfare/
//! case-2021-shared-task, `task2/`), whose "unseen" classes were later joined by `DIPLO`
//! and `ATTRIB` in the second phase. [`CASE_CODES`] maps each ACLED code to the exact
//! ACLED sub-event type; [`NON_ACLED_CODES`] lists the five others.
//!
//! Metrics: over the ACLED-class rows, the accuracy of the main event's `sub_event_type`
//! (a snippet with no event is wrong). Over the non-ACLED rows, the share where the
//! extractor yields no *protest/violence event*: no event at all whose `event_type` is one
//! of [`PROTEST_OR_VIOLENCE_TYPES`] (Strategic developments are allowed). The snippets have
//! no publication date; documents get none.

use std::path::Path;

use anyhow::Context;
use eventwatch_schema::acled_event_type_of;

use super::tally::{ErrorSample, Labels, NONE_LABEL};
use crate::{Extractor, Metric, Report};

pub const FILE: &str = "case2021_task2_dev.tsv";

/// CASE 2021 task 2 codes of ACLED classes and the ACLED sub-event type each stands for.
pub const CASE_CODES: [(&str, &str); 25] = [
    ("ABDUCT_DISSAP", "Abduction/forced disappearance"),
    ("AGREEMENT", "Agreement"),
    ("AIR_STRIKE", "Air/drone strike"),
    ("ARMED_CLASH", "Armed clash"),
    ("ARREST", "Arrests"),
    ("ART_MISS_ATTACK", "Shelling/artillery/missile attack"),
    ("ATTACK", "Attack"),
    ("CHANGE_TO_GROUP_ACT", "Change to group/activity"),
    ("CHEM_WEAP", "Chemical weapon"),
    ("DISR_WEAP", "Disrupted weapons use"),
    (
        "FORCE_AGAINST_PROTEST",
        "Excessive force against protesters",
    ),
    ("GOV_REGAINS_TERIT", "Government regains territory"),
    ("GRENADE", "Grenade"),
    ("HQ_ESTABLISHED", "Headquarters or base established"),
    ("MOB_VIOL", "Mob violence"),
    (
        "NON_STATE_ACTOR_OVERTAKES_TER",
        "Non-state actor overtakes territory",
    ),
    (
        "NON_VIOL_TERRIT_TRANSFER",
        "Non-violent transfer of territory",
    ),
    ("OTHER", "Other"),
    ("PEACE_PROTEST", "Peaceful protest"),
    ("PROPERTY_DISTRUCT", "Looting/property destruction"),
    ("PROTEST_WITH_INTER", "Protest with intervention"),
    ("REM_EXPLOS", "Remote explosive/landmine/IED"),
    ("SEX_VIOL", "Sexual violence"),
    ("SUIC_BOMB", "Suicide bomb"),
    ("VIOL_DEMONSTR", "Violent demonstration"),
];

/// The classes outside ACLED: organised crime, natural and man-made disasters,
/// diplomatic events and attribution (claims of responsibility).
pub const NON_ACLED_CODES: [&str; 5] = [
    "ORG_CRIME",
    "NATURAL_DISASTER",
    "MAN_MADE_DISASTER",
    "DIPLO",
    "ATTRIB",
];

/// The event types that make an event a protest/violence event.
pub const PROTEST_OR_VIOLENCE_TYPES: [&str; 5] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
];

/// What a CASE code stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseClass {
    /// An ACLED sub-event type (exact ACLED string).
    Acled(&'static str),
    /// One of [`NON_ACLED_CODES`].
    NonAcled(&'static str),
}

/// Reads a code (surrounding spaces ignored, exact case); `None` for an unknown code.
pub fn case_class(code: &str) -> Option<CaseClass> {
    let code = code.trim();
    if let Some((_, sub)) = CASE_CODES.iter().find(|(c, _)| *c == code) {
        return Some(CaseClass::Acled(sub));
    }
    NON_ACLED_CODES
        .iter()
        .find(|c| **c == code)
        .map(|c| CaseClass::NonAcled(c))
}

/// One readable row.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseRow {
    pub line: u64,
    pub id: String,
    pub text: String,
    pub code: String,
    pub class: CaseClass,
}

/// Reads every row: readable ones and `file:line: reason` for the others.
pub fn load(path: &Path) -> anyhow::Result<(Vec<CaseRow>, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("{}: cannot open", path.display()))?;
    let header = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header", path.display()))?
        .clone();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(id_col), Some(text_col), Some(code_col)) =
        (col("id"), col("EventSnippet"), col("SubType"))
    else {
        anyhow::bail!(
            "{}: expected the columns id, EventSnippet, SubType, found {:?}",
            path.display(),
            header.iter().collect::<Vec<_>>()
        );
    };
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if record.len() != header.len() {
                    unreadable.push(format!(
                        "{FILE}:{line}: expected {} tab-separated fields, found {}",
                        header.len(),
                        record.len()
                    ));
                    continue;
                }
                let get = |i: usize| record.get(i).unwrap_or("").trim().to_string();
                let (id, text, code) = (get(id_col), get(text_col), get(code_col));
                if text.is_empty() {
                    unreadable.push(format!(
                        "{FILE}:{line}: field \"EventSnippet\": expected a snippet, found nothing"
                    ));
                    continue;
                }
                match case_class(&code) {
                    Some(class) => rows.push(CaseRow {
                        line,
                        id: if id.is_empty() { format!("line-{line}") } else { id },
                        text,
                        code,
                        class,
                    }),
                    None => unreadable.push(format!(
                        "{FILE}:{line}: field \"SubType\": expected a CASE 2021 task 2 code, found {code:?}"
                    )),
                }
            }
            Err(e) => {
                unreadable.push(format!("{FILE}:{line}: {e}"));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    Ok((rows, unreadable))
}

/// Loads and scores the CASE 2021 file.
pub fn score(path: &Path, x: &dyn Extractor) -> anyhow::Result<Report> {
    let (rows, unreadable) = load(path)?;
    let mut subs = Labels::new();
    let mut types = Labels::new();
    let mut all = Labels::new();
    let (mut non_n, mut non_hits) = (0usize, 0usize);
    let mut sub_errors = ErrorSample::new(10);
    let mut non_errors = ErrorSample::new(10);
    for row in &rows {
        let doc = super::document(&row.id, &row.text, None);
        let (main, events) = super::main_event(x, &doc);
        let pred_sub = main.as_ref().map(|e| e.sub_event_type.as_str());
        match row.class {
            CaseClass::Acled(gold) => {
                subs.push(gold, pred_sub);
                all.push(gold, pred_sub);
                if let Some(gold_type) = acled_event_type_of(gold) {
                    types.push(gold_type, main.as_ref().map(|e| e.event_type.as_str()));
                }
                if pred_sub != Some(gold) {
                    sub_errors.push(&row.id, gold, pred_sub.unwrap_or(NONE_LABEL));
                }
            }
            CaseClass::NonAcled(code) => {
                non_n += 1;
                all.push(code, pred_sub);
                let violent = events
                    .iter()
                    .find(|e| PROTEST_OR_VIOLENCE_TYPES.contains(&e.event_type.as_str()));
                match violent {
                    None => non_hits += 1,
                    Some(e) => non_errors.push(
                        &row.id,
                        code,
                        &format!("{} / {}", e.event_type, e.sub_event_type),
                    ),
                }
            }
        }
    }
    let metrics = vec![
        Metric::share(
            "sub_event_type accuracy (ACLED classes)",
            subs.hits(),
            subs.len(),
        )
        .with_bar(0.75),
        Metric {
            name: "sub_event_type macro-F1 (ACLED classes)".into(),
            value: subs.macro_f1(),
            n: subs.len(),
            bar: None,
            unit: "",
        },
        Metric::share(
            "event_type accuracy (ACLED classes)",
            types.hits(),
            types.len(),
        ),
        Metric::share(
            "no protest/violence event (non-ACLED classes)",
            non_hits,
            non_n,
        )
        .with_bar(0.80),
    ];
    let mut details = format!(
        "{} rows read, {} unreadable. Codes mapped to ACLED sub-event types by the CASE 2021 \
         task 2 code table; a protest/violence event is one whose event_type is one of {}.\n\n",
        rows.len(),
        unreadable.len(),
        PROTEST_OR_VIOLENCE_TYPES.join(", ")
    );
    details
        .push_str(&all.confusion_markdown("gold class × predicted sub_event_type (all rows)", 12));
    details.push('\n');
    details.push_str(&sub_errors.markdown("sub_event_type errors"));
    details.push('\n');
    details.push_str(&non_errors.markdown("non-ACLED rows given a protest/violence event"));
    Ok(Report {
        name: "case2021-task2".into(),
        title: "CASE 2021 task 2: fine-grained event type".into(),
        dataset: format!("events/{FILE}"),
        metrics,
        unreadable,
        details,
    })
}
