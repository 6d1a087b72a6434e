//! The document model every other eventwatch crate builds on.
//!
//! - [`Document`]: an immutable, cleaned text with its metadata ([`DocumentMeta`]).
//!   Nothing ever changes the text after ingestion; every annotation is a [`Span`] into it.
//! - [`Span`]: a half-open **byte** range into a document's text. Output code converts
//!   spans to character (Unicode scalar value) offsets with [`Document::char_span`].
//! - [`Diagnostic`]: a content problem, carried alongside results instead of panicking.
//! - [`segment`]: lossless sentence and token segmentation that survives news
//!   conventions (datelines, abbreviations, initials, quotes).
//!
//! This crate does no IO and knows nothing about events, places or formats.

pub mod calendar;
mod diagnostic;
mod document;
pub mod segment;
mod span;

pub use diagnostic::{Diagnostic, Severity};
pub use document::{Document, DocumentMeta};
pub use span::Span;
