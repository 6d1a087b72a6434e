//! The extraction pipeline: from a [`Document`] to coded events with their evidence.
//!
//! [`Pipeline::extract`] runs the stages in order — sentences (from `eventwatch-text`),
//! casualty counts (`eventwatch-counts`), time expressions (`eventwatch-time`), places
//! (`eventwatch-geo`), then this crate's own work: trigger detection from the lexicons in
//! `data/`, actors, argument linking (each event takes its place, date, counts and actors
//! from its own sentence first, then from context), ACLED/PLOVER/CAMEO coding following
//! `docs/codebook.md`, and salience order. The result is an [`Extraction`] made of the
//! output-contract types of `eventwatch-schema`, with character offsets.
//!
//! This crate does no IO: lexicons and the gazetteer are compiled in. It does not merge
//! events across documents (that is the store's consolidation).

mod build;
mod casualty;
mod lexicon;
mod place;

use eventwatch_geo::{Gazetteer, GeoOptions};
use eventwatch_schema::{Event, PlaceMention, TimeMention};
use eventwatch_text::{Diagnostic, Document};

pub use lexicon::LexiconError;

/// Bumped whenever a change alters what the pipeline extracts; stored with every document.
pub const PIPELINE_VERSION: &str = concat!("eventwatch-", env!("CARGO_PKG_VERSION"), "+rules.2");

/// How to run the pipeline.
#[derive(Clone, Debug)]
pub struct Options {
    /// ISO 3166 alpha-2 or alpha-3 code of the country most places are expected in.
    pub country_hint: Option<String>,
}

/// Everything extracted from one document.
#[derive(Clone, Debug)]
pub struct Extraction {
    /// Events in salience order: the first is the document's main event.
    pub events: Vec<Event>,
    pub places: Vec<PlaceMention>,
    pub times: Vec<TimeMention>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The pipeline, built once from the compiled-in lexicons and gazetteer.
pub struct Pipeline {
    lexicon: lexicon::Lexicon,
    gazetteer: &'static Gazetteer,
    geo: GeoOptions,
}

impl Pipeline {
    /// Builds the pipeline; fails only if a shipped lexicon file has a bad line.
    pub fn new(options: &Options) -> Result<Pipeline, Vec<LexiconError>> {
        Ok(Pipeline {
            lexicon: lexicon::Lexicon::embedded()?,
            gazetteer: Gazetteer::embedded(),
            geo: GeoOptions {
                country_hint: options.country_hint.clone(),
            },
        })
    }

    /// Extracts events, places and times from one document. Never panics.
    pub fn extract(&self, doc: &Document) -> Extraction {
        build::extract(self, doc)
    }
}
