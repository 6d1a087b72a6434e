//! [`ResponseCache`]: answers by request, valid while the store files are unchanged.
//!
//! The store changes only when someone writes to it (this server or another process such
//! as `eventwatch ingest`), and every write touches the database file or its WAL. The
//! [`Generation`] is the size and modification time of both plus this server's own write
//! count, so reading it costs two `stat` calls instead of a query.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use axum::body::Bytes;
use std::time::SystemTime;

/// What the store looked like when an answer was computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generation {
    files: [Option<(u64, SystemTime)>; 2],
    writes: u64,
}

/// Most bytes of cached answers; the cache is emptied when they would be exceeded.
const MAX_BYTES: usize = 64 << 20;

pub struct ResponseCache {
    db: PathBuf,
    wal: PathBuf,
    writes: AtomicU64,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, (Generation, Bytes)>,
    bytes: usize,
}

fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

impl ResponseCache {
    pub fn new(db: &Path) -> ResponseCache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        ResponseCache {
            db: db.to_path_buf(),
            wal: PathBuf::from(wal),
            writes: AtomicU64::new(0),
            entries: Mutex::new(Entries::default()),
        }
    }

    /// The store's current generation; `None` when it cannot be told (an in-memory
    /// store), and then nothing is cached.
    pub fn generation(&self) -> Option<Generation> {
        let db = stamp(&self.db)?;
        Some(Generation {
            files: [Some(db), stamp(&self.wal)],
            writes: self.writes.load(Ordering::Acquire),
        })
    }

    /// Called after this server wrote to the store.
    pub fn wrote(&self) {
        self.writes.fetch_add(1, Ordering::AcqRel);
    }

    pub fn get(&self, key: &str, generation: &Generation) -> Option<Bytes> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .map
            .get(key)
            .filter(|(g, _)| g == generation)
            .map(|(_, body)| body.clone())
    }

    pub fn put(&self, key: String, generation: Generation, body: Bytes) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.bytes + body.len() > MAX_BYTES {
            entries.map.clear();
            entries.bytes = 0;
        }
        if body.len() > MAX_BYTES {
            return;
        }
        entries.bytes += body.len() + key.len();
        if let Some((_, old)) = entries.map.insert(key, (generation, body)) {
            entries.bytes = entries.bytes.saturating_sub(old.len());
        }
    }
}
