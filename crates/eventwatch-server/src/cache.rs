//! [`ResponseCache`]: answers by request, valid while the store files are unchanged.
//!
//! The store changes only when someone writes to it (this server or another process such
//! as `eventwatch ingest`), and every write touches the database file or its WAL. The
//! [`Generation`] is the size and modification time of both plus this server's own write
//! count, so reading it costs two `stat` calls instead of a query.
//!
//! Identical requests that miss the cache at the same time share one computation
//! ([`ResponseCache::flight`]): the first computes, the others wait for its answer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use std::time::SystemTime;
use tokio::sync::OnceCell;

use crate::error::ApiError;

/// The shared answer of one computation in flight.
pub type Flight = Arc<OnceCell<Result<Bytes, ApiError>>>;

/// Most computations remembered in flight; more are forgotten (only ones whose every
/// requester went away stay behind).
const MAX_FLIGHTS: usize = 10_000;

/// What the store looked like when an answer was computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generation {
    files: [Option<(u64, SystemTime)>; 2],
    writes: u64,
}

/// Most bytes of cached answers; the cache is emptied when they would be exceeded.
const MAX_BYTES: usize = 64 << 20;

pub struct ResponseCache {
    enabled: bool,
    db: PathBuf,
    wal: PathBuf,
    writes: AtomicU64,
    entries: Mutex<Entries>,
    flights: Mutex<HashMap<String, (Generation, Flight)>>,
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
    /// The cache of the store at `db`; a disabled cache never answers.
    pub fn new(db: &Path, enabled: bool) -> ResponseCache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        ResponseCache {
            enabled,
            db: db.to_path_buf(),
            wal: PathBuf::from(wal),
            writes: AtomicU64::new(0),
            entries: Mutex::new(Entries::default()),
            flights: Mutex::new(HashMap::new()),
        }
    }

    /// The store's current generation; `None` when it cannot be told (an in-memory
    /// store) or the cache is disabled, and then nothing is cached.
    pub fn generation(&self) -> Option<Generation> {
        if !self.enabled {
            return None;
        }
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

    /// The computation of `key` at `generation` in flight, joined or started.
    pub fn flight(&self, key: &str, generation: &Generation) -> Flight {
        let mut flights = self.flights.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((g, flight)) = flights.get(key) {
            if g == generation {
                return Arc::clone(flight);
            }
        }
        if flights.len() >= MAX_FLIGHTS {
            flights.clear();
        }
        let flight = Flight::default();
        flights.insert(key.to_string(), (generation.clone(), Arc::clone(&flight)));
        flight
    }

    /// Forgets the computation of `key` once its answer is cached (if it is still this one).
    pub fn landed(&self, key: &str, flight: &Flight) {
        let mut flights = self.flights.lock().unwrap_or_else(PoisonError::into_inner);
        if flights
            .get(key)
            .is_some_and(|(_, f)| Arc::ptr_eq(f, flight))
        {
            flights.remove(key);
        }
    }
}
