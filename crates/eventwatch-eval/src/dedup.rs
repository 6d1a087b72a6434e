//! Deduplication scorer (placeholder; see issue 6).
