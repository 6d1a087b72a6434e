//! Reads news inputs into [`eventwatch_text::Document`]s: the one eventwatch stage that
//! opens files.
//!
//! - Formats ([`Format`]): plain text (`.txt`, optional first-line title, `NAME.json`
//!   sidecar), JSON Lines (`.jsonl`), HTML article pages (`.html`), RSS/Atom feeds
//!   (`.rss`, `.atom`, `.xml`) and WARC crawls (`.warc`, `.warc.gz`). Any input starting
//!   with the gzip magic bytes is gunzipped (multi-member), whatever its name.
//! - [`read_paths`] walks files and directories (recursive, sorted by name, hidden entries
//!   and `.txt` sidecars left out); [`read_reader`] reads one stream (stdin) in a given
//!   format, [`Format::STDIN_DEFAULT`] (JSON Lines) unless the caller says otherwise.
//! - Both yield [`Item`]s lazily: a document ([`Ingested`]), a [`Reject`] (bad input: it
//!   names the file, the line or record, and what was expected versus found) or a
//!   [`Skipped`] non-document (a WARC `request` record, an unknown file type). One bad
//!   record never stops a run. WARC files are streamed record by record.
//! - Every text is cleaned the same way ([`clean::clean_text`]): BOM and controls dropped,
//!   CRLF/CR to LF, invalid UTF-8 read as Windows-1252 (with an info diagnostic). The
//!   cleaned text is what the document holds; [`content_hash`] is computed on it.
//! - [`Options`] fill in what a record does not say (`published`, `source`); values in
//!   the record, sidecar, page or feed win. The `format` option forces one format for
//!   every file, including those found in directories.
//!
//! The pure parsers — [`clean`], [`date`], [`html::extract`], [`feed::parse_feed`],
//! [`warc::WarcReader`] / [`warc::parse_http_response`], [`jsonl::parse_line`],
//! [`text::split_title`] — work on strings and bytes and are usable without files.
//!
//! This crate does not segment, extract, deduplicate or store anything, does not fetch
//! URLs, and decodes only UTF-8, UTF-16 (with BOM) and Latin-1/Windows-1252.

pub mod clean;
pub mod date;
pub mod feed;
pub mod html;
pub mod jsonl;
mod read;
pub mod text;
pub mod warc;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use eventwatch_text::{Diagnostic, Document, DocumentMeta};

pub use read::{MAX_FILE_BYTES, MAX_LINE_BYTES};

/// Longest `raw` kept in a [`Reject`], in bytes.
pub const MAX_RAW_BYTES: usize = 4096;

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Jsonl,
    Html,
    Feed,
    Warc,
}

impl Format {
    /// The format [`read_reader`] callers should use for stdin when none is given.
    pub const STDIN_DEFAULT: Format = Format::Jsonl;

    /// The format named by a path's extension (after an optional `.gz`), case-insensitive:
    /// `txt`/`text`, `jsonl`/`ndjson`, `html`/`htm`/`xhtml`, `rss`/`atom`/`xml`, `warc`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let (_, ext) = name.rsplit_once('.')?;
        Some(match ext {
            "txt" | "text" => Format::Text,
            "jsonl" | "ndjson" => Format::Jsonl,
            "html" | "htm" | "xhtml" => Format::Html,
            "rss" | "atom" | "xml" => Format::Feed,
            "warc" => Format::Warc,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that [`Format::from_str`] does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected a format (txt, jsonl, html, rss, atom, feed, warc), found {:?}",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "jsonl" | "ndjson" => Format::Jsonl,
            "html" | "htm" => Format::Html,
            "rss" | "atom" | "feed" | "xml" => Format::Feed,
            "warc" => Format::Warc,
            _ => return Err(UnknownFormat(s.to_string())),
        })
    }
}

/// How to read inputs. Every field is optional; `Default` means "no overrides".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Force this format for every file instead of choosing by extension.
    pub format: Option<Format>,
    /// Publication date for documents whose input gives none.
    pub published: Option<jiff::civil::Date>,
    /// Source (outlet) for documents whose input gives none.
    pub source: Option<String>,
}

/// Where an item came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The path as given or found while walking; `-` for stdin.
    pub path: String,
    /// 1-based line for JSON Lines, item number for feeds, record number for WARC.
    pub record: Option<u64>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.record {
            Some(n) => write!(f, "{}:{n}", self.path),
            None => f.write_str(&self.path),
        }
    }
}

/// A document read from an input.
#[derive(Clone, Debug)]
pub struct Ingested {
    pub doc: Document,
    pub origin: Origin,
    /// [`content_hash`] of the document text.
    pub content_hash: String,
    /// Content problems that did not stop the document (encoding repairs, ignored fields).
    pub diagnostics: Vec<Diagnostic>,
}

/// A record that could not be read as a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    pub origin: Origin,
    /// What was expected and what was found: lowercase, no trailing period.
    pub reason: String,
    /// The offending input, cut to at most [`MAX_RAW_BYTES`].
    pub raw: Option<String>,
}

impl Reject {
    pub fn new(origin: Origin, reason: impl Into<String>, raw: Option<&str>) -> Reject {
        Reject {
            origin,
            reason: reason.into(),
            raw: raw.map(|r| clean::truncate(r, MAX_RAW_BYTES).into_owned()),
        }
    }

    /// One line of the rejects file: `{"origin":"path:17","reason":"...","raw":"..."}`.
    pub fn to_json_line(&self) -> String {
        // Written by hand to keep the documented key order (serde_json sorts map keys).
        let quote = |s: &str| serde_json::Value::from(s).to_string();
        let raw = self
            .raw
            .as_deref()
            .map_or_else(|| "null".to_string(), quote);
        format!(
            "{{\"origin\":{},\"reason\":{},\"raw\":{raw}}}",
            quote(&self.origin.to_string()),
            quote(&self.reason)
        )
    }
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

/// Something seen that is not a document and not an error (a WARC `request` record, a
/// non-HTML response, a file of unknown type inside a directory).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub origin: Origin,
    pub why: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.why)
    }
}

/// One thing read from the inputs.
#[derive(Clone, Debug)]
pub enum Item {
    Doc(Ingested),
    Reject(Reject),
    Skipped(Skipped),
}

/// Reads files and directories lazily, in the order given, directories depth-first in
/// byte order of names. Never fails: problems come out as [`Item::Reject`].
///
/// `opts` is cloned into the iterator, which borrows nothing.
pub fn read_paths(paths: &[PathBuf], opts: &Options) -> impl Iterator<Item = Item> {
    read::PathItems::new(paths, opts.clone())
}

/// Reads one stream in a given format. `name` is used in origins (`-` for stdin) and, for
/// plain text, gives the document id (its stem; the content hash for `-`).
pub fn read_reader<R: Read>(
    name: &str,
    reader: R,
    format: Format,
    opts: &Options,
) -> impl Iterator<Item = Item> {
    let ctx = read::TextContext {
        stem: read::stem_of(name),
        sidecar: None,
    };
    read::ReaderItems {
        source: read::Source::open(name, reader, format, ctx, opts),
        opts: opts.clone(),
    }
}

/// Stable hash of a (cleaned) text: 64-bit FNV-1a of its UTF-8 bytes, 16 hex digits.
pub fn content_hash(text: &str) -> String {
    clean::fnv1a_hex(text.as_bytes())
}

/// Builds a document item from a cleaned, non-empty text, filling the id from the content
/// hash and `published`/`source` from the options when the input gave none.
pub(crate) fn build_document(
    origin: Origin,
    mut meta: DocumentMeta,
    text: String,
    diagnostics: Vec<Diagnostic>,
    opts: &Options,
) -> Item {
    let hash = content_hash(&text);
    if meta.id.is_empty() {
        meta.id = hash.clone();
    }
    if meta.published.is_none() {
        meta.published = opts.published;
    }
    if meta.source.is_none() {
        meta.source = opts.source.clone();
    }
    Item::Doc(Ingested {
        doc: Document::new(meta, text),
        origin,
        content_hash: hash,
        diagnostics,
    })
}
