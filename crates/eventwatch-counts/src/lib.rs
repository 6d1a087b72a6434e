//! Casualty counts from news prose, read the way a trained ACLED coder would, with the
//! words each figure came from.
//!
//! - [`quantities`]: every count in a document as a [`Quantity`] — digits ("1,200"), number
//!   words ("two hundred and twelve"), articles ("a man"), vague amounts under ACLED's
//!   conventions ("dozens" = 12) and qualifiers kept as min/max ("at least 29").
//! - [`casualties`]: [`Casualty`] mentions — who was killed or injured ([`CasualtyKind`]),
//!   how many, the victims ([`Victims`], [`VictimKind`]), and flags for hedged, negated,
//!   hypothetical and total figures.
//! - [`tally`]: how the mentions of a document relate ([`Tally`]): totals and their parts,
//!   repeated figures, unexplained remainders; [`document_totals`] turns them into the
//!   `(killed, injured)` an analyst would report, and [`contributions`] splits them over
//!   the mentions ([`Contribution`]) so that events built from mentions sum to the same.
//!
//! The word lists (number words, amounts, qualifiers, casualty words, victim nouns, cues,
//! non-count contexts) are plain tsv/txt files in `data/`; the counting conventions are in
//! `docs/codebook-counts.md`. This crate reads one document at a time; it does no IO and
//! does not decide which event a count belongs to, nor dates or places.

mod casualty;
mod lexicon;
mod quantity;
mod tally;

pub use casualty::{casualties, Casualty, CasualtyKind, VictimKind, Victims};
pub use quantity::{quantities, Quantity};
pub use tally::{contributions, document_totals, figure, tally, Contribution, Tally};

/// Problems found while reading the word lists in `data/` (empty when they are well formed).
pub fn lexicon_diagnostics() -> Vec<eventwatch_text::Diagnostic> {
    lexicon::lexicon()
        .problems
        .iter()
        .map(|p| eventwatch_text::Diagnostic::warning("counts/lexicon", p.clone()))
        .collect()
}
