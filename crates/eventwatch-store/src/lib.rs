//! The event store: the one crate of eventwatch that knows SQL.
//!
//! A [`Store`] is one SQLite file (by default `./eventwatch.db`) holding every accepted
//! document with its full cleaned text, and one row per extracted
//! [`eventwatch_schema::Event`]. Write with [`Store::insert`] (one document and its events
//! in one transaction) or [`Store::insert_batch`] / [`Store::insert_batch_each`] (many
//! documents per transaction, much faster); read with [`Store::events`] (filtered by
//! [`EventFilter`]), [`Store::document`] and [`Store::stats`].
//!
//! # Guarantees
//!
//! - **Nothing half-written.** A document and all its events are stored in one transaction
//!   (its batch's); if any event is rejected, nothing of that document remains (every
//!   content check runs before the document's first write, so a batch needs no savepoint
//!   per document; any other error rolls the whole batch back).
//! - **Idempotent by content hash.** Storing a text whose `content_hash` is already stored
//!   adds nothing and returns [`Inserted::Duplicate`] with the id it was stored under.
//! - **An id names one text.** Storing a *different* text under an id that is already
//!   stored is rejected with [`Error::IdConflict`]. We reject rather than keep versions
//!   because ids are what the CLI, the API and consolidation refer to: a silent second
//!   version would make "document X" ambiguous and re-point events already derived from
//!   the first text. A corrected article is a new document with a new id (for example the
//!   id with a `#2` suffix); a later migration can add an explicit `supersedes` link.
//! - **Accepted documents are never lost**: the full text is kept, so every event can be
//!   re-derived by a newer pipeline (`pipeline_version` records which one produced them).
//! - **Parameters are always bound.** Filter values never become SQL text; free text for
//!   the full-text index is turned into quoted FTS5 terms, so FTS syntax cannot be injected.
//! - WAL journal: readers see the last committed state and never wait for the writer.
//!
//! # Schema
//!
//! Versioned by `PRAGMA user_version`; the migrations are SQL files in `src/migrations/`,
//! embedded in the binary and applied in order, one transaction each. A database newer
//! than this build is refused with [`Error::SchemaTooNew`].
//!
//! - `documents`: integer key `doc_rowid`, unique text `id`, unique `content_hash`, title,
//!   url, source, published (`YYYY-MM-DD` or NULL), language, text, ingested_at (UTC,
//!   RFC 3339), pipeline_version. `documents_fts` is an FTS5 index over title and text
//!   (porter stemming, diacritics folded) that stores no second copy of the text.
//! - `events`: integer `id`, `doc_rowid`, `ordinal` (salience rank within the document),
//!   every filterable field of the event as a column, and `event_json`, the whole event
//!   with its evidence, which is what readers deserialise. `events_rtree` is an R*Tree
//!   over the event points for bounding-box queries.
//!
//! - `incidents` (migration 2): one row per consolidated event
//!   ([`eventwatch_consolidate::ConsolidatedEvent`]: one incident, many reports), with its
//!   date, place, type, best/min/max fatalities and injuries, report count and sources as
//!   columns and the whole event (reports, merge steps, overrides) as `incident_json`.
//!   A merge step is stored with its pair's score, days and distance but without the
//!   features and their reasons (a function of the two mentions, most of a large
//!   incident's JSON): [`Store::incident`], [`Store::incident_of`] and [`Store::incidents`]
//!   write them again from the stored mentions, so readers see whole events (rows
//!   written with their reasons read as stored). `incident_mentions` maps every event row (document + event index) to
//!   its incident and keeps the street addresses consolidation found near it. Event rows
//!   are mentions and are never rewritten by consolidation. A batch writes only what
//!   changed: the rows of the incidents it changed (in place), the mention rows that are
//!   new or moved to another incident, and deletes the incidents that are gone.
//! - `overrides`: the user's corrections (split, merge, keep apart) with who, when and a
//!   note. They name mentions by document id and event index, so they survive
//!   re-ingestion.
//! - Migration 3: covering indexes over every filterable event column, led by date,
//!   country, event type and admin1 (a filtered page walks one in date order and reads
//!   the table only for the rows it returns), `totals` (document and event counts and the
//!   fatality sum, kept by triggers, so [`Store::stats`] reads one row), and the
//!   full-text index fed once per batch by the store rather than by a trigger.
//! - Migration 4: `event_actors`, an FTS5 trigram index over both actors' names and
//!   words (one row per event with an actor, `rowid` = event id), so the actor filter
//!   reads no event JSON; and `event_briefs`, each event's JSON without evidence, means
//!   and codes, with its document id and ordinal ([`Store::event_briefs_matching`] serves
//!   list pages from it unparsed). The store feeds `event_actors` once per batch, like
//!   `documents_fts`, and writes each summary with its event (cut from the event JSON it
//!   serialised, not parsed back out by SQL); triggers empty both of removed events.
//! - Migration 5: an incident's `reports` counts documents, not mentions.
//! - Migration 6: no `json_valid` CHECK on `events.event_json`, `incidents.incident_json`
//!   and `sources`, or `incident_mentions.addresses`: the store serialises every value it
//!   writes there with serde_json, and the check parsed it again (~2.5% of ingest). The
//!   table definitions are edited in place (SQLite's procedure for removing a CHECK
//!   constraint: no row is copied); every other CHECK stays.
//! - Migration 7: the store adds a batch's event points to `events_rtree` and its
//!   documents, events and fatalities to `totals` itself, one statement each per batch
//!   (as it feeds the two FTS5 indexes), instead of insert triggers that made every
//!   event insert keep a statement journal and run a trigger program per row. Removing
//!   rows still updates both by triggers.
//!
//! # Query plans
//!
//! A page is "the first N rows in date order that pass every filter". The box and
//! text filters pick their plan by counting candidates up to a limit: few points in the
//! box (or documents matching the words) are fetched through the R*Tree (or FTS5) and
//! sorted; many are tested row by row while a covering index is walked in date order.
//! Oldest-first pages read the dated events in index order, then the undated ones.
//! The actor filter counts its matches the same way (trigram index) and either fetches
//! them or tests each walked row against them. Summary pages select the page's ids first
//! and read the summaries of those only, so an offset skips index entries, not rows.
//!
//! # Consolidation
//!
//! Incidents are derived: a function of the stored events and overrides. Load the state
//! with [`Store::consolidator`] (rebuilt from the stored events; it rewrites every incident
//! if the store is out of step, e.g. after documents were stored with [`Store::insert`]),
//! then write with [`Store::insert_batch_consolidated`], [`Store::add_override`] and
//! [`Store::withdraw_override`]: each writes the documents or the override *and* the
//! incidents they changed in one transaction, so a crash leaves both or neither. Read with
//! [`Store::incidents`] (filtered by [`IncidentFilter`]), [`Store::incident`] and
//! [`Store::incident_of`].
//!
//! Planned, not built yet: a `sources` table (documents keep a free-text `source` until
//! then), aliases for incident ids that changed in a merge or split, and a PostgreSQL
//! backend behind the same API (the SQL is kept close to what PostgreSQL accepts, apart
//! from FTS5 and R*Tree).
//!
//! # What this crate does not do
//!
//! It does not extract, clean or hash text (callers pass the content hash), it does not
//! decide which events are one incident (`eventwatch-consolidate` does; the store persists
//! its results), and it has no network API.

mod error;
mod incidents;
mod insert;
mod migrations;
mod query;
mod read;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

pub use error::Error;
pub use incidents::{BatchOutcome, IncidentFilter, StoredOverride};
pub use migrations::SCHEMA_VERSION;
pub use read::{Bucket, EventQuery, GroupBy};

/// How long a writer waits for another writer's lock before giving up with an error.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Page size of a new store. An event row (its JSON with the evidence) and an incident
/// row are a kilobyte or more, so SQLite's default 4 KiB page held three or four:
/// with 8 KiB pages ingest splits and rebalances fewer pages and writes fewer (the 5,304
/// GVA articles: 186.1 -> 176.7 MB, ingest 7.03 -> 6.72 CPU-s, median of 4 interleaved).
const PAGE_SIZE: i64 = 8192;

/// Page cache per connection, in KiB.
const CACHE_SIZE_KIB: i64 = 32 * 1024;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 64;

/// The number of events [`Store::events`] returns when [`EventFilter::limit`] is 0.
pub const DEFAULT_LIMIT: u32 = 1000;

/// An open event store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A document to store, borrowed from the caller.
#[derive(Clone, Copy, Debug)]
pub struct NewDocument<'a> {
    /// Stable, non-empty id chosen by the caller (a feed GUID, a file name, a URL hash).
    pub id: &'a str,
    /// Non-empty hash of `text`, computed by the caller; equal hashes mean equal texts.
    pub content_hash: &'a str,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    pub source: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub published: Option<&'a str>,
    pub language: Option<&'a str>,
    /// The full cleaned text the events' offsets refer to.
    pub text: &'a str,
    /// Version of the pipeline that produced the events, e.g. `eventwatch 0.1.0`.
    pub pipeline_version: &'a str,
}

/// What storing one document did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// The document was new and is stored with this many events.
    New { doc_rowid: i64, events: usize },
    /// The same text (by content hash) is already stored under `existing_id`; nothing added.
    Duplicate { existing_id: String },
}

/// Which events [`Store::events`] returns. Every field is an optional filter; all that are
/// set must hold. Events come ordered by date (undated last), then by store id, in the
/// direction of [`EventFilter::order`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventFilter {
    /// ISO 3166-1 alpha-3 code of the event's location (case-insensitive).
    pub country: Option<String>,
    /// First-level region name of the event's location (ASCII case-insensitive).
    pub admin1: Option<String>,
    /// Earliest event date, `YYYY-MM-DD`, inclusive. Undated events never match a date bound.
    pub date_from: Option<String>,
    /// Latest event date, `YYYY-MM-DD`, inclusive.
    pub date_to: Option<String>,
    /// Exact ACLED event type, e.g. `Protests`.
    pub event_type: Option<String>,
    /// Exact ACLED sub-event type, e.g. `Peaceful protest`.
    pub sub_event_type: Option<String>,
    /// Events with at least this many fatalities (best figure).
    pub min_fatalities: Option<u32>,
    /// `[west, south, east, north]` in degrees, edges included. `west > east` means a box
    /// across the antimeridian.
    pub bbox: Option<[f64; 4]>,
    /// Words that must all occur in the title or text of the event's document (stemmed,
    /// case- and diacritic-insensitive). Plain words only: FTS query syntax is not
    /// interpreted.
    pub text: Option<String>,
    /// At most this many events; 0 means [`DEFAULT_LIMIT`].
    pub limit: u32,
    /// Skip this many events first (for paging).
    pub offset: u32,
    /// Oldest first (the default) or newest first.
    pub order: Order,
}

/// The direction of the date order of [`Store::events`]. Undated events come last either way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Earliest date first, then lowest store id.
    #[default]
    OldestFirst,
    /// Latest date first, then highest store id (the most recently stored).
    NewestFirst,
}

/// An event read back from the store.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    /// The event's row id, stable for the life of the database.
    pub id: i64,
    /// The id of the document it was extracted from.
    pub doc_id: String,
    /// Salience rank within its document, 0 first.
    pub ordinal: u32,
    pub event: eventwatch_schema::Event,
}

/// An event's summary read back from the store, as JSON text (see
/// [`Store::event_briefs_matching`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventBrief {
    /// The event's row id, as in [`StoredEvent::id`].
    pub id: i64,
    /// The id of the document it was extracted from.
    pub doc_id: String,
    /// Salience rank within its document, 0 first.
    pub ordinal: u32,
    /// The event's JSON object without `evidence`, `means`, `plover_mode` and `cameo`,
    /// the other fields in the order [`eventwatch_schema::Event`] writes them.
    pub json: String,
}

/// A document read back from the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDocument {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub content_hash: String,
    pub language: Option<String>,
    pub pipeline_version: String,
    /// When it was stored, UTC, e.g. `2024-05-01T12:00:00.123Z`.
    pub ingested_at: String,
}

/// Counts over the whole store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    pub documents: u64,
    pub events: u64,
    /// Sum of the best fatality figure over events that are not aggregates (an aggregate
    /// event summarises other events of its document, so counting it would count twice).
    pub fatalities: u64,
}

impl Store {
    /// Opens the store at `path`, creating the file if it does not exist, and brings its
    /// schema up to [`SCHEMA_VERSION`].
    pub fn open(path: &Path) -> Result<Store, Error> {
        let conn = Connection::open(path).map_err(|e| migrations::open_error(path, e))?;
        Store::setup(conn, path)
    }

    /// Opens a fresh, empty store in memory (for tests and one-off runs).
    pub fn open_in_memory() -> Result<Store, Error> {
        let path = Path::new(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| migrations::open_error(path, e))?;
        Store::setup(conn, path)
    }

    fn setup(mut conn: Connection, path: &Path) -> Result<Store, Error> {
        let fail = |e| migrations::open_error(path, e);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        // Only a new, empty database takes it (before WAL mode writes its header); an
        // existing one keeps the page size it was created with.
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .map_err(fail)?;
        // The first statement reads the header: this is where a non-database file fails.
        // In memory the answer is "memory", which is fine.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(fail)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(fail)?;
        // Statements that may need undoing (those firing triggers) keep their undo pages
        // in a statement journal: in memory rather than a temporary file written page by
        // page.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(fail)?;
        // A batch of a thousand documents touches ~10 MB of pages; with SQLite's default
        // 2 MB cache it spills to the WAL mid-transaction.
        conn.pragma_update(None, "cache_size", CACHE_SIZE_KIB.saturating_neg())
            .map_err(fail)?;
        // The write path alone prepares some twenty statements; rusqlite keeps 16.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrations::migrate(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The path the store was opened from (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database (always [`SCHEMA_VERSION`] once open).
    pub fn schema_version(&self) -> Result<i64, Error> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Lets this connection read the database file through a memory map of up to `bytes`
    /// (SQLite's `mmap_size`), instead of copying each page it reads into its own cache:
    /// for read connections, which then share the operating system's copy of the file.
    /// The catch SQLite documents: an I/O error while reading the file becomes a signal
    /// instead of an error. Returns the size in effect (0 where SQLite maps nothing).
    pub fn map_for_reading(&self, bytes: u64) -> Result<u64, Error> {
        let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
        let set: Option<i64> = rusqlite::OptionalExtension::optional(self.conn.query_row(
            &format!("PRAGMA mmap_size = {bytes}"),
            [],
            |row| row.get(0),
        ))?;
        Ok(set.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
    }
}
