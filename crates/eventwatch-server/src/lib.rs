//! The HTTP API and web page (placeholder; see issue 6).
