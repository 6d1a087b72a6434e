//! Scorers for the development sets in `../shared/data` (metric definitions in its README).
//!
//! Each module loads one family of dev sets, runs an [`Extractor`] over the documents and
//! returns [`Report`]s: a table of [`Metric`]s plus markdown details (confusion matrices,
//! worst errors). The CLI (`eventwatch eval`) supplies the extractor, prints the tables and
//! writes `eval/reports/*.md`.
//!
//! This crate reads dev-set files (IO) but never writes; it does not know how events are
//! extracted, only the output contract in `eventwatch-schema`. Loaders are lenient: a row
//! that cannot be read is counted in the report, never a panic.

pub mod casualties;
pub mod dedup;
pub mod events;
pub mod geo;
pub mod ner;
pub mod report;
pub mod timebank;
pub mod ucdp;

pub use report::{Metric, Report};

use eventwatch_schema::{Event, PlaceMention, TimeMention};
use eventwatch_text::Document;

/// What the scorers need from eventwatch: the three outputs of the contract.
pub trait Extractor {
    /// Events in salience order (the first is the main event).
    fn events(&self, doc: &Document) -> Vec<Event>;
    /// Resolved place mentions.
    fn places(&self, doc: &Document) -> Vec<PlaceMention>;
    /// TIMEX3 expressions.
    fn times(&self, doc: &Document) -> Vec<TimeMention>;
}
