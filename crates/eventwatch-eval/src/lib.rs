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

/// Defines `struct $name($pipeline)` and its [`Extractor`], for a pipeline whose
/// `extract(&Document)` returns `events`, `places` and `times` (this crate does not know
/// the pipeline's type): `eventwatch_eval::extractor!(Scored, Pipeline);` in the CLI and
/// in examples that score the pipeline.
#[macro_export]
macro_rules! extractor {
    ($name:ident, $pipeline:ty) => {
        /// The pipeline as the scorers see it.
        struct $name($pipeline);

        impl $crate::Extractor for $name {
            fn events(&self, doc: &$crate::contract::Document) -> Vec<$crate::contract::Event> {
                self.0.extract(doc).events
            }
            fn places(
                &self,
                doc: &$crate::contract::Document,
            ) -> Vec<$crate::contract::PlaceMention> {
                self.0.extract(doc).places
            }
            fn times(
                &self,
                doc: &$crate::contract::Document,
            ) -> Vec<$crate::contract::TimeMention> {
                self.0.extract(doc).times
            }
        }
    };
}

/// The contract types [`extractor!`] names.
#[doc(hidden)]
pub mod contract {
    pub use eventwatch_schema::{Event, PlaceMention, TimeMention};
    pub use eventwatch_text::Document;
}
