//! Plain-text articles: an optional first-line title and a `NAME.json` metadata sidecar.

use eventwatch_text::{Diagnostic, DocumentMeta};
use jiff::civil::Date;
use serde_json::Value;

use crate::clean::{clean_line, clean_text, decode};
use crate::date::{bad_date_message, parse_date};
use crate::jsonl::describe;
use crate::{build_document, Item, Options, Origin, Reject};

/// Longest first line (in chars) still taken for a title.
const MAX_TITLE_CHARS: usize = 200;

/// Splits a cleaned text into a title and the body when its first line looks like one:
/// at most 200 characters, containing a letter, not ending in sentence punctuation, and
/// followed by a blank line and a non-empty body.
pub fn split_title(text: &str) -> (Option<&str>, &str) {
    let Some((first, rest)) = text.split_once("\n\n") else {
        return (None, text);
    };
    let body = rest.trim_start();
    let looks_like_title = !first.contains('\n')
        && !body.is_empty()
        && first.chars().count() <= MAX_TITLE_CHARS
        && first.chars().any(char::is_alphabetic)
        && !first
            .trim_end()
            .ends_with(['.', '!', '?', ',', ';', ':', '\u{2026}']);
    if looks_like_title {
        (Some(first.trim()), body)
    } else {
        (None, text)
    }
}

/// Metadata from a `NAME.json` file next to `NAME.txt`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sidecar {
    pub id: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<Date>,
}

/// Reads a sidecar. Problems are warnings (prefixed with `place`): the text is still read.
pub fn parse_sidecar(place: &str, json: &str) -> (Sidecar, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut sidecar = Sidecar::default();
    let value: Value = match serde_json::from_str(json.trim_start_matches('\u{feff}')) {
        Ok(v) => v,
        Err(e) => {
            diags.push(Diagnostic::warning(
                "ingest/bad-sidecar",
                format!("{place}: expected a JSON object, found invalid JSON ({e}); ignored"),
            ));
            return (sidecar, diags);
        }
    };
    let Value::Object(map) = value else {
        diags.push(Diagnostic::warning(
            "ingest/bad-sidecar",
            format!(
                "{place}: expected a JSON object, found {}; ignored",
                describe(&value)
            ),
        ));
        return (sidecar, diags);
    };
    for (key, slot) in [
        ("id", &mut sidecar.id),
        ("title", &mut sidecar.title),
        ("url", &mut sidecar.url),
        ("source", &mut sidecar.source),
    ] {
        match map.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => *slot = clean_line(s),
            Some(Value::Number(n)) if key == "id" => *slot = Some(n.to_string()),
            Some(other) => diags.push(Diagnostic::warning(
                "ingest/bad-sidecar",
                format!(
                    "{place}: field {key:?}: expected a string, found {}; ignored",
                    describe(other)
                ),
            )),
        }
    }
    match map.get("published") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if s.trim().is_empty() => {}
        Some(Value::String(s)) => match parse_date(s) {
            Some(d) => sidecar.published = Some(d),
            None => diags.push(Diagnostic::warning(
                "ingest/bad-date",
                format!(
                    "{place}: {}; ignored",
                    bad_date_message("field \"published\"", s)
                ),
            )),
        },
        Some(other) => diags.push(Diagnostic::warning(
            "ingest/bad-date",
            format!(
                "{place}: {}; ignored",
                bad_date_message("field \"published\"", &describe(other))
            ),
        )),
    }
    (sidecar, diags)
}

/// A plain-text file as an item. The id is the sidecar's, else `stem`, else the content
/// hash. A sidecar title replaces first-line detection (a first line equal to it is
/// dropped from the text).
pub fn text_item(
    origin: Origin,
    stem: Option<&str>,
    bytes: &[u8],
    sidecar: Option<(Sidecar, Vec<Diagnostic>)>,
    opts: &Options,
) -> Item {
    let (decoded, mut diagnostics) = decode(bytes, None);
    let cleaned = clean_text(&decoded);
    if cleaned.is_empty() {
        let reason = "expected text, found an empty file";
        return Item::Reject(Reject::new(origin, reason, None));
    }
    let (sidecar, sidecar_diags) = sidecar.unwrap_or_default();
    diagnostics.extend(sidecar_diags);
    let (detected, body) = split_title(&cleaned);
    let (title, body) = match sidecar.title {
        Some(title) if detected.and_then(clean_line).as_deref() == Some(title.as_str()) => {
            (Some(title), body)
        }
        Some(title) => (Some(title), cleaned.as_str()),
        None => (detected.and_then(clean_line), body),
    };
    let meta = DocumentMeta {
        id: sidecar
            .id
            .or_else(|| stem.map(str::to_string))
            .unwrap_or_default(),
        title,
        url: sidecar.url,
        source: sidecar.source,
        published: sidecar.published,
        language: None,
    };
    build_document(origin, meta, body.to_string(), diagnostics, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_rules() {
        let cases = [
            (
                "Riot in the capital\n\nBody text.",
                Some("Riot in the capital"),
                "Body text.",
            ),
            (
                "A full sentence.\n\nBody.",
                None,
                "A full sentence.\n\nBody.",
            ),
            ("Only a line", None, "Only a line"),
            ("Two\nlines\n\nBody", None, "Two\nlines\n\nBody"),
            ("2019\n\nBody", None, "2019\n\nBody"),
        ];
        for (input, title, body) in cases {
            assert_eq!(split_title(input), (title, body), "input {input:?}");
        }
    }

    #[test]
    fn sidecar_fields_and_warnings() {
        let (s, d) = parse_sidecar(
            "a.json",
            r#"{"id": 7, "title": " T ", "published": "2020-01-02T03:00:00Z", "extra": 1}"#,
        );
        assert_eq!(s.id.as_deref(), Some("7"));
        assert_eq!(s.title.as_deref(), Some("T"));
        assert_eq!(s.published, Some(jiff::civil::date(2020, 1, 2)));
        assert!(d.is_empty());
        let (_, d) = parse_sidecar("a.json", r#"{"published": "soon"}"#);
        assert_eq!(
            d[0].message,
            "a.json: field \"published\": expected a date like 2019-11-29, found \"soon\"; ignored"
        );
    }
}
