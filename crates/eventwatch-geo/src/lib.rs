//! An offline gazetteer and geoparser for news text.
//!
//! - [`Gazetteer`]: GeoNames populated places (cities500), first- and second-level regions,
//!   countries with demonyms, and our own alias and feature table (`data/gazetteer/`),
//!   embedded in the binary and loaded once ([`Gazetteer::embedded`]). Every entry is a
//!   [`Place`] addressed by a [`PlaceId`]; a country is a place with feature `A.PCLI` and
//!   its GeoNames id, so a mention of "Iraq" resolves like any other name.
//! - [`geoparse`]: recognises toponyms in a [`eventwatch_text::Document`] and resolves each
//!   to a place with a [`eventwatch_schema::PlacePrecision`], telling places from demonyms
//!   ("Iraqi") and adjectival uses ("Iranian consulate").
//! - [`normalize`](normalize::normalize): the lookup-key normalisation shared with
//!   `cargo xtask gazetteer`, and its romanisation variants.
//! - [`index`]: the name index (an `fst` map plus an id table) that the xtask builds and the
//!   gazetteer maps at start-up instead of hashing every name.
//!
//! This crate does no IO (the data is compiled in) and knows nothing about events; it
//! does not resolve street addresses or draw on any online service.

mod gazetteer;
mod geoparse;
pub mod index;
mod lexicon;
pub mod normalize;
pub mod source;

pub use gazetteer::{embedded_files, Code, Country, Gazetteer, Place, PlaceId, LOCAL_ID_BASE};
pub use geoparse::{geoparse, GeoOptions, MentionKind, Toponym};
