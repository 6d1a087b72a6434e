//! Cross-document consolidation: one event, many reports.
//!
//! Forty outlets reporting one massacre should give one event, with every report, every
//! source, the range of reported figures and the evidence, the way Iraq Body Count records
//! an incident with a minimum and a maximum from independent reports. This crate takes
//! [`Mention`]s (one event of one document, keyed by document id and event index) and
//! groups them into [`ConsolidatedEvent`]s with a [`Consolidator`]:
//!
//! - **Blocking.** Two mentions are compared only when their date ranges lie within a day
//!   of each other (a week or month date covers its whole range; a date with no evidence,
//!   the extractor's publication-date fallback, is widened to the two days before) and
//!   their places are compatible: within 2 km (point), 20 km (town) or 40 km (second-level
//!   region) by the coarser precision, or contained in the same first-level region or
//!   country. Year-precision and undated or unlocated mentions stay alone. The index is
//!   keyed by (day, 0.5° grid cell) and (day, country), so work grows with the number of
//!   mentions, not its square. Reports that share a person ([`names`]: one frames as
//!   victim or suspect a name the other names) or give the same hundred-block are found
//!   through a name index and may be up to 30 days apart with looser places; follow-ups
//!   (a trial) that share two people, or one at the same place, up to 1,100 days.
//! - **Scoring** ([`score`]). A sum of feature weights — same day, same place or
//!   distance, same street address (strongest; different streets count strongly against),
//!   compatible type, actors, agreeing counts, the victims' ages ([`ages`]); a
//!   country-level place costs a little — each recorded with its reason.
//! - **Clustering.** Mentions joined by pairs that reach [`Config::link_threshold`] (or by
//!   a user's merge) form a component; each component is clustered by deterministic
//!   average linkage in key order. The result depends only on the set of mentions and
//!   [`Override`]s, so incremental [`Consolidator::add`] equals consolidating everything at
//!   once.
//! - **Figures** ([`figures`]). Minimum and maximum over the current reports, a best figure
//!   by a written rule, later toll updates superseding earlier reports (kept, marked).
//! - **Explaining** ([`explain`]). Every merge keeps the pair, the scores and the reasons.
//!
//! The crate does no IO and knows no SQL: the store persists [`ConsolidatedEvent`]s and
//! [`Override`]s (both serde types) and feeds mentions back in. The full rule is in
//! `docs/consolidation.md`.

pub mod address;
pub mod ages;
pub mod consolidate;
pub mod day;
pub mod explain;
pub mod figures;
pub mod mention;
pub mod names;
pub mod places;
pub mod score;

pub use address::{street_addresses, StreetAddress};
pub use consolidate::{
    event_id, Changes, Config, ConsolidatedEvent, Consolidator, MentionRecord, MergeStep, Override,
};
pub use explain::explain;
pub use mention::{addresses_for, Mention, MentionKey};
pub use names::person_names;
pub use score::{FeatureScore, PairScore};
