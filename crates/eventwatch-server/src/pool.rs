//! [`Pool`]: a few read connections to the store, each used by one blocking task at a time.
//!
//! An SQLite connection is `Send` but not `Sync`, and every query blocks, so each request
//! takes a [`Store`] from the pool (waiting on a semaphore when all are busy), runs its
//! queries on tokio's blocking threads and puts the store back. WAL mode lets the readers
//! run alongside the one writer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use eventwatch_store::Store;
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// How much of the store file each read connection maps into memory: SQLite's own
/// ceiling (`SQLITE_MAX_MMAP_SIZE`, just under 2 GiB; a store of 100,000 events is ~240
/// MB). Reading pages through the map instead of copying them into each connection's cache
/// took CPU per filtered page down by ~7% in the load bench.
const READ_MAP_BYTES: u64 = 2 << 30;

/// A read connection: the store, mapped for reading.
fn reader(path: &Path) -> Result<Store, eventwatch_store::Error> {
    let store = Store::open(path)?;
    store.map_for_reading(READ_MAP_BYTES)?;
    Ok(store)
}

pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
}

impl Pool {
    /// Opens `size` (at least 1) connections to the store at `path`.
    pub fn open(path: &Path, size: usize) -> Result<Pool, eventwatch_store::Error> {
        let size = size.max(1);
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(reader(path)?);
        }
        Ok(Pool {
            path: path.to_path_buf(),
            idle: Mutex::new(idle),
            permits: Semaphore::new(size),
        })
    }

    /// Runs `f` with a store of the pool on a blocking thread.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ApiError::internal("read pool", &e))?;
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let store = pool.take()?;
            let out = f(&store);
            pool.give_back(store);
            out
        })
        .await
        .map_err(|e| ApiError::internal("query task", &e))?
    }

    fn take(&self) -> Result<Store, ApiError> {
        let store = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match store {
            Some(store) => Ok(store),
            // Only if a query panicked and its store was dropped: open a replacement.
            None => reader(&self.path).map_err(ApiError::from),
        }
    }

    fn give_back(&self, store: Store) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(store);
    }
}
