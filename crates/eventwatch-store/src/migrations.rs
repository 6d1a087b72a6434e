//! Schema migrations, numbered by `PRAGMA user_version`, each applied in one transaction.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::Error;

/// The migrations in order: entry `i` takes the schema from version `i` to `i + 1`.
/// Shipped entries are never edited; a change is a new entry.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_documents_events.sql"),
    include_str!("migrations/0002_incidents_overrides.sql"),
    include_str!("migrations/0003_covering_indexes_totals.sql"),
    include_str!("migrations/0004_actor_index_event_briefs.sql"),
    include_str!("migrations/0005_reports_are_documents.sql"),
    include_str!("migrations/0006_no_json_checks.sql"),
    include_str!("migrations/0007_batch_rtree_totals.sql"),
];

/// The migrations that edit table definitions in `sqlite_schema` in place (removing CHECK
/// constraints, which changes no stored byte), by the version they lead to: they run with
/// `writable_schema` on, and `schema_version` is incremented in their transaction so
/// that every connection re-reads the schema (the procedure of
/// <https://sqlite.org/lang_altertable.html#otheralter>).
const EDITS_SCHEMA_TEXT: &[i64] = &[6];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database at `path` (used in messages only) up to [`SCHEMA_VERSION`].
///
/// Each migration runs in an immediate transaction that re-reads the version first, so
/// two processes opening the same new file at once apply each migration exactly once.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), Error> {
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| open_error(path, source))?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|source| open_error(path, source))?;
        if version > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let Some(sql) = usize::try_from(version)
            .ok()
            .and_then(|index| MIGRATIONS.get(index))
        else {
            // Up to date (a negative version was never written by us; treat it as corrupt).
            if version < 0 {
                return Err(Error::SchemaTooNew {
                    path: path.to_path_buf(),
                    found: version,
                    supported: SCHEMA_VERSION,
                });
            }
            return Ok(());
        };
        let next = version + 1;
        let failed = |source| Error::Migration {
            path: path.to_path_buf(),
            version: next,
            source,
        };
        if EDITS_SCHEMA_TEXT.contains(&next) {
            let schema_version: i64 = tx
                .query_row("PRAGMA schema_version", [], |row| row.get(0))
                .map_err(failed)?;
            tx.pragma_update(None, "writable_schema", true)
                .map_err(failed)?;
            tx.execute_batch(sql).map_err(failed)?;
            tx.pragma_update(None, "schema_version", schema_version + 1)
                .map_err(failed)?;
            tx.pragma_update(None, "writable_schema", false)
                .map_err(failed)?;
        } else {
            tx.execute_batch(sql).map_err(failed)?;
        }
        tx.pragma_update(None, "user_version", next)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
}

/// Maps the first failure on a fresh connection: SQLite only reads the header then.
pub(crate) fn open_error(path: &Path, source: rusqlite::Error) -> Error {
    match source.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotADatabase {
            path: path.to_path_buf(),
        },
        _ => Error::Open {
            path: path.to_path_buf(),
            source,
        },
    }
}
