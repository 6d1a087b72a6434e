//! The store's error type: what went wrong, with the file, document or field it concerns.

use std::path::PathBuf;

/// Everything that can go wrong opening, writing or querying a store.
///
/// Messages are lowercase, name the file, document or field, and say what was expected.
/// Content problems in one document ([`Error::IdConflict`], [`Error::InvalidDocument`],
/// [`Error::InvalidEvent`]) are told apart from failures of the database itself by
/// [`Error::is_content_problem`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file exists but is not an SQLite database.
    #[error("{}: expected an SQLite database, found a file that is not one", path.display())]
    NotADatabase { path: PathBuf },
    /// The database was written by a newer eventwatch.
    #[error(
        "{}: expected schema version {supported} or older, found {found}; \
         this database was written by a newer eventwatch, upgrade to read it",
        path.display()
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// The database could not be opened or prepared (permissions, missing directory, ...).
    #[error("{}: cannot open the database", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// A migration failed; the database stays at the version before it.
    #[error("{}: migration to schema version {version} failed", path.display())]
    Migration {
        path: PathBuf,
        version: i64,
        #[source]
        source: rusqlite::Error,
    },
    /// The id is already stored with a different text. See the crate docs for why this
    /// is rejected rather than stored as a new version.
    #[error(
        "document {id:?}: expected the stored text (content hash {existing_hash}), \
         found a different text (content hash {new_hash}); give a changed text a new id"
    )]
    IdConflict {
        id: String,
        existing_hash: String,
        new_hash: String,
    },
    /// A document field is malformed.
    #[error("document {id:?}: field {field:?}: expected {expected}, found {found:?}")]
    InvalidDocument {
        id: String,
        field: &'static str,
        expected: &'static str,
        found: String,
    },
    /// An event field is malformed; nothing of its document was stored.
    #[error(
        "document {doc_id:?}, event {ordinal}: field {field:?}: expected {expected}, found {found}"
    )]
    InvalidEvent {
        doc_id: String,
        ordinal: usize,
        field: &'static str,
        expected: &'static str,
        found: String,
    },
    /// A query filter is malformed.
    #[error("filter field {field:?}: expected {expected}, found {found}")]
    InvalidFilter {
        field: &'static str,
        expected: &'static str,
        found: String,
    },
    /// A stored event's JSON does not parse as this version's `Event`.
    #[error("stored event {id}: expected an eventwatch event as JSON")]
    CorruptEvent {
        id: i64,
        #[source]
        source: serde_json::Error,
    },
    /// A stored incident or override does not parse as this version's type.
    #[error("stored {id}: expected a consolidated event or override as JSON")]
    CorruptIncident {
        id: String,
        #[source]
        source: serde_json::Error,
    },
    /// Any other failure of the database (I/O, disk full, lock timeout, ...).
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    /// True for problems with the content of one document (id conflict, malformed field):
    /// retrying will not help, but the other documents of a batch can still be stored.
    pub fn is_content_problem(&self) -> bool {
        matches!(
            self,
            Error::IdConflict { .. } | Error::InvalidDocument { .. } | Error::InvalidEvent { .. }
        )
    }
}
