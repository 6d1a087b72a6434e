//! Cross-document consolidation (placeholder; see issue 6).
