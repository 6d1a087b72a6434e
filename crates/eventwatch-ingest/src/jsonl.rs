//! JSON Lines records: `{"id", "text", "published"?, "title"?, "url"?, "source"?}` per line.

use eventwatch_text::{Diagnostic, DocumentMeta};
use serde_json::Value;

use crate::clean::{clean_line, clean_text};
use crate::date::{bad_date_message, parse_date};

/// A readable record: metadata (id empty when the line had none), cleaned text, warnings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub meta: DocumentMeta,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// How a JSON value is named in messages.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.trim().is_empty() => "an empty string".to_string(),
        Value::String(s) => format!("{:?}", crate::clean::truncate(s, 80)),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// Parses one line. `Err` holds the reject reason.
pub fn parse_line(line: &str) -> Result<Record, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| {
        let mut msg = e.to_string();
        if let Some(at) = msg.rfind(" at line ") {
            msg.truncate(at);
        }
        format!(
            "expected a JSON object, found invalid JSON ({msg} at column {})",
            e.column()
        )
    })?;
    let Value::Object(map) = &value else {
        return Err(format!(
            "expected a JSON object, found {}",
            describe(&value)
        ));
    };
    let text = match map.get("text") {
        Some(Value::String(s)) => clean_text(s),
        Some(other) => {
            return Err(format!(
                "field \"text\": expected a non-empty string, found {}",
                describe(other)
            ))
        }
        None => {
            return Err("field \"text\": expected a non-empty string, found nothing".to_string())
        }
    };
    if text.is_empty() {
        return Err(
            "field \"text\": expected a non-empty string, found an empty string".to_string(),
        );
    }
    let id = match map.get("id") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => clean_line(s).unwrap_or_default(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(format!(
                "field \"id\": expected a string, found {}",
                describe(other)
            ))
        }
    };
    let published = match map.get("published") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => match parse_date(s) {
            Some(d) => Some(d),
            None => return Err(bad_date_message("field \"published\"", s)),
        },
        Some(other) => return Err(bad_date_message("field \"published\"", &describe(other))),
    };
    let mut diagnostics = Vec::new();
    let mut string_field = |name: &str| match map.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => clean_line(s),
        Some(other) => {
            diagnostics.push(Diagnostic::warning(
                "ingest/bad-field",
                format!(
                    "field {name:?}: expected a string, found {}; ignored",
                    describe(other)
                ),
            ));
            None
        }
    };
    let meta = DocumentMeta {
        id,
        title: string_field("title"),
        url: string_field("url"),
        source: string_field("source"),
        published,
        language: string_field("language"),
    };
    Ok(Record {
        meta,
        text,
        diagnostics,
    })
}
