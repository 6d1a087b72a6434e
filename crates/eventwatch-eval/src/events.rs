//! Event scorers: ACLED samples, CASE 2021 task 2, the PLOVER and PETRARCH-2 gold records.
//!
//! Each scorer loads one dev set from `<data_dir>/events/` (metric definitions in the data
//! README), wraps every record's text in a [`Document`], asks the [`Extractor`] for events
//! and compares the *main event* (the first one yielded) with the gold fields. A record
//! the loader cannot read is listed in [`Report::unreadable`] with its line and the reason.
//!
//! `data_dir` is the data root (`../shared/data`); a path that is already the `events`
//! folder works too, since [`find_data_file`] also looks beside and above it.
//!
//! The sub-modules hold one loader each ([`acled`], [`case2021`], [`plover`],
//! [`petrarch`]) and the shared arithmetic ([`tally`]: accuracy, macro-F1, confusion
//! matrices, haversine distance). Nothing here writes files.

pub mod acled;
pub mod case2021;
pub mod petrarch;
pub mod plover;
pub mod tally;

use std::path::{Path, PathBuf};

use eventwatch_schema::Event;
use eventwatch_text::{Document, DocumentMeta};

use crate::{Extractor, Report};

/// Scores the three ACLED files: the 2020 sample (current schema), the 2016 sample and a
/// deterministic sample of the 2015 South Asia export (older type names, see
/// [`acled::map_old_type`]).
pub fn score_acled(data_dir: &Path, x: &dyn Extractor) -> anyhow::Result<Vec<Report>> {
    let mut out = Vec::new();
    for set in acled::AcledSet::ALL {
        out.push(acled::score(
            &find_data_file(data_dir, "events", set.file())?,
            set,
            x,
        )?);
    }
    Ok(out)
}

/// Scores `case2021_task2_dev.tsv` (see [`case2021`] for the code table).
pub fn score_case2021(data_dir: &Path, x: &dyn Extractor) -> anyhow::Result<Report> {
    case2021::score(&find_data_file(data_dir, "events", case2021::FILE)?, x)
}

/// Scores the PLOVER gold standard records (`plover_gsr_cameo.txt`).
pub fn score_plover(data_dir: &Path, x: &dyn Extractor) -> anyhow::Result<Report> {
    plover::score(&find_data_file(data_dir, "events", plover::FILE)?, x)
}

/// Scores the PETRARCH-2 validation sentences: CAMEO root and, through
/// `ontology/CAMEO2PLOVER-2021.txt`, the PLOVER type of the main event.
pub fn score_petrarch(data_dir: &Path, x: &dyn Extractor) -> anyhow::Result<Report> {
    let xml = find_data_file(data_dir, "events", petrarch::FILE)?;
    let table = find_data_file(data_dir, "ontology", petrarch::CAMEO2PLOVER_FILE)?;
    petrarch::score(&xml, &table, x)
}

/// All of the above, in that order.
pub fn score_all(data_dir: &Path, x: &dyn Extractor) -> anyhow::Result<Vec<Report>> {
    let mut out = score_acled(data_dir, x)?;
    out.push(score_case2021(data_dir, x)?);
    out.push(score_plover(data_dir, x)?);
    out.push(score_petrarch(data_dir, x)?);
    Ok(out)
}

/// `<data_dir>/<folder>/<name>`, else `<data_dir>/<name>`, else `<data_dir>/../<folder>/<name>`.
pub fn find_data_file(data_dir: &Path, folder: &str, name: &str) -> anyhow::Result<PathBuf> {
    let candidates = [
        data_dir.join(folder).join(name),
        data_dir.join(name),
        data_dir.join("..").join(folder).join(name),
    ];
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{}: expected {folder}/{name} under the data folder, found no such file",
                data_dir.display()
            )
        })
}

/// A document for one record: the id, the text, and a publication date when the dev set
/// has one that is not the gold answer.
pub(crate) fn document(id: &str, text: &str, published: Option<jiff::civil::Date>) -> Document {
    let meta = DocumentMeta {
        id: id.to_string(),
        published,
        ..DocumentMeta::default()
    };
    Document::new(meta, text)
}

/// The first event the extractor yields for a document, if any.
pub(crate) fn main_event(x: &dyn Extractor, doc: &Document) -> (Option<Event>, Vec<Event>) {
    let events = x.events(doc);
    (events.first().cloned(), events)
}

#[cfg(test)]
mod tests;
