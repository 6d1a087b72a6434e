//! The GVA dedup cache shared by the `dedup_*` examples: one JSON line per article with its
//! extracted events (written by `dedup_tune`), read back and turned into mentions.

use std::path::{Path, PathBuf};

use eventwatch_consolidate::{Config, Consolidator, Mention};
use eventwatch_schema::Event;
use serde::{Deserialize, Serialize};

/// One cached article.
#[derive(Serialize, Deserialize)]
pub struct Cached {
    pub id: String,
    pub clusters: Vec<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub strict_ok: bool,
    #[serde(default)]
    pub title: Option<String>,
    pub text: String,
    pub events: Vec<Event>,
}

/// The cache path: the argument, or `/tmp/dedup-cache.jsonl`.
pub fn path(arg: Option<String>) -> PathBuf {
    PathBuf::from(arg.unwrap_or_else(|| "/tmp/dedup-cache.jsonl".into()))
}

/// Reads every cached article.
pub fn load(path: &Path) -> anyhow::Result<Vec<Cached>> {
    Ok(std::fs::read_to_string(path)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?)
}

/// Each article's mentions (its events with the keys its text gives), in article order.
pub fn mentions(docs: &[Cached]) -> Vec<Vec<Mention>> {
    docs.iter()
        .map(|d| {
            Mention::from_document(
                &d.id,
                d.published.as_deref(),
                d.source.as_deref(),
                Some(&d.text),
                d.title.as_deref(),
                &d.events,
            )
        })
        .collect()
}

/// All mentions consolidated in one batch.
pub fn consolidate(per_doc: &[Vec<Mention>], config: Config) -> Consolidator {
    Consolidator::batch(
        config,
        per_doc.iter().flatten().cloned().collect(),
        Vec::new(),
    )
}

/// FNV-1a: a stable hash for splitting incidents into halves.
#[allow(dead_code)]
pub fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
