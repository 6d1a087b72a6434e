//! [`Diagnostic`]: content problems reported as data.

use crate::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something worth knowing that changed nothing (e.g. a repaired encoding).
    Info,
    /// The result is usable but may be less accurate than it looks.
    Warning,
    /// The record or field could not be used.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One content problem: what was expected, what was found, and where.
///
/// Messages are lowercase with no trailing period, e.g.
/// `field "published": expected a date like 2019-11-29, found "yesterday"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, machine-readable code such as `ingest/bad-date`.
    pub code: &'static str,
    pub message: String,
    /// Where in the document text, when the problem has a place there.
    pub span: Option<Span>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    pub fn info(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Info, code, message)
    }

    pub fn with_span(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }
}
