//! Reading beyond pages: one event by id, counts and per-day / per-region / per-type groups
//! of a filter, and the actor filter that [`EventFilter`] does not have yet.
//!
//! Every statement is built from constant fragments and the filter's conditions
//! (`query::conditions`), so filter values are always bound parameters.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Statement};

use crate::query::{conditions, select_briefs, select_events, DRIVE_LIMIT};
use crate::{Error, EventBrief, EventFilter, Store, StoredEvent};

/// An [`EventFilter`] plus filters it does not have yet. `&EventFilter` converts into one
/// with no actor, so `store.count(&filter)` works.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EventQuery<'a> {
    pub filter: &'a EventFilter,
    /// Text that either actor's name or words must contain (case-insensitive; leading and
    /// trailing spaces ignored; `%`, `_` and `"` are plain characters). Found through the
    /// actor index (trigrams); text of one or two characters is matched by `LIKE`, whose
    /// case folding is ASCII only. Blank means no actor filter.
    pub actor: Option<&'a str>,
}

impl<'a> From<&'a EventFilter> for EventQuery<'a> {
    fn from(filter: &'a EventFilter) -> EventQuery<'a> {
        EventQuery {
            filter,
            actor: None,
        }
    }
}

/// What [`Store::aggregate`] groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// The event date, `YYYY-MM-DD`; undated events have no key.
    Day,
    /// `COUNTRY/admin1` (just `admin1` when the country is unknown); events without a
    /// region have no key.
    Admin1,
    /// The ACLED event type.
    Type,
}

/// Non-aggregate events and the sum of their best fatality figures for one key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bucket {
    /// `None` for the events that have no key (undated by day, no region by admin1).
    pub key: Option<String>,
    pub events: u64,
    pub fatalities: u64,
}

/// The actor condition through the actor index (migration 4): the events whose actor
/// name or words contain the filter's text (FTS5 trigram phrase, case-insensitive, within
/// one actor field). The driving form fetches the matching events from the index; the
/// tested form (`+`) keeps the planner walking a date index and testing each row against
/// the (materialised) set, which a page of a common actor prefers.
const ACTOR_MATCH_DRIVING: &str =
    " AND e.id IN (SELECT rowid FROM event_actors WHERE event_actors MATCH ?)";
const ACTOR_MATCH_TESTED: &str =
    " AND +e.id IN (SELECT rowid FROM event_actors WHERE event_actors MATCH ?)";

/// Text of fewer than three characters has no trigram: one `LIKE` pattern over the
/// index's copy of the actor fields (every row of it read; no event JSON), for counts.
const ACTOR_LIKE: &str = " AND e.id IN (SELECT rowid FROM event_actors, (SELECT ? AS p) WHERE \
     actor1_name LIKE p ESCAPE '\\' OR actor1_text LIKE p ESCAPE '\\' \
     OR actor2_name LIKE p ESCAPE '\\' OR actor2_text LIKE p ESCAPE '\\')";

/// The same `LIKE` tested on each row a page's date-index walk meets (its names and the
/// words in its JSON): text this short matches many events, so the walk stops early.
const ACTOR_LIKE_TESTED: &str = " AND EXISTS (SELECT 1 FROM (SELECT ? AS p) WHERE \
     e.actor1_name LIKE p ESCAPE '\\' OR e.actor2_name LIKE p ESCAPE '\\' \
     OR json_extract(e.event_json, '$.actor1.text') LIKE p ESCAPE '\\' \
     OR json_extract(e.event_json, '$.actor2.text') LIKE p ESCAPE '\\')";

/// How an actor filter is searched for.
enum ActorSearch {
    /// An FTS5 phrase query (quotes doubled) for the trigram index.
    Phrase(String),
    /// A `LIKE` pattern "contains the text", wildcards escaped.
    Like(String),
}

/// The search for actor text `words`, trimmed; `None` if blank.
fn actor_search(words: Option<&str>) -> Option<ActorSearch> {
    let words = words?.trim();
    if words.is_empty() {
        return None;
    }
    if words.chars().count() >= 3 {
        return Some(ActorSearch::Phrase(format!(
            "\"{}\"",
            words.replace('"', "\"\"")
        )));
    }
    let mut pattern = String::from("%");
    for c in words.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    Some(ActorSearch::Like(pattern))
}

/// The actor condition of `query` (a constant fragment and its one value), if it has one.
/// `page`: the condition is for a page, which walks a date index when many events match
/// (more than the query planner's drive limit) and fetches from the index otherwise;
/// counts and groups always fetch from the index.
fn actor_condition(
    conn: &Connection,
    words: Option<&str>,
    page: bool,
) -> Result<Option<(&'static str, Value)>, Error> {
    Ok(match actor_search(words) {
        None => None,
        Some(ActorSearch::Like(pattern)) => Some((
            if page { ACTOR_LIKE_TESTED } else { ACTOR_LIKE },
            Value::Text(pattern),
        )),
        Some(ActorSearch::Phrase(phrase)) => {
            let fragment = if page && !few_actor_matches(conn, &phrase)? {
                ACTOR_MATCH_TESTED
            } else {
                ACTOR_MATCH_DRIVING
            };
            Some((fragment, Value::Text(phrase)))
        }
    })
}

/// Whether fewer than [`DRIVE_LIMIT`] events match the actor phrase (reads at most that
/// many index entries).
fn few_actor_matches(conn: &Connection, phrase: &str) -> Result<bool, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM event_actors WHERE event_actors MATCH ?1 LIMIT +?2)",
    )?;
    let n: i64 = statement.query_row(rusqlite::params![phrase, DRIVE_LIMIT], |row| row.get(0))?;
    Ok(n < DRIVE_LIMIT)
}

/// The conditions of `query` over `events e`, with their values.
fn where_clause(conn: &Connection, query: &EventQuery<'_>) -> Result<(String, Vec<Value>), Error> {
    let (mut sql, mut values) = conditions(conn, query.filter)?;
    if let Some((fragment, value)) = actor_condition(conn, query.actor, false)? {
        sql.push_str(fragment);
        values.push(value);
    }
    Ok((sql, values))
}

/// Reads `(e.id, d.id, e.ordinal, e.event_json)` rows into events (every event query's
/// decoder).
pub(crate) fn stored_events(
    statement: &mut Statement<'_>,
    values: Vec<Value>,
) -> Result<Vec<StoredEvent>, Error> {
    let rows = statement.query_map(params_from_iter(values), |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, u32>(2)?,
            row.get::<_, String>(3)?,
        ))
    })?;
    let mut events = Vec::new();
    for row in rows {
        let (id, doc_id, ordinal, json) = row?;
        let event =
            serde_json::from_str(&json).map_err(|source| Error::CorruptEvent { id, source })?;
        events.push(StoredEvent {
            id,
            doc_id,
            ordinal,
            event,
        });
    }
    Ok(events)
}

/// Reads `(id, doc_id, ordinal, json)` rows of `event_briefs` into summaries.
pub(crate) fn event_briefs(
    statement: &mut Statement<'_>,
    values: Vec<Value>,
) -> Result<Vec<EventBrief>, Error> {
    let rows = statement.query_map(params_from_iter(values), |row| {
        Ok(EventBrief {
            id: row.get(0)?,
            doc_id: row.get(1)?,
            ordinal: row.get(2)?,
            json: row.get(3)?,
        })
    })?;
    let mut briefs = Vec::new();
    for row in rows {
        briefs.push(row?);
    }
    Ok(briefs)
}

impl Store {
    /// The event with store id `id`, if there is one.
    pub fn event(&self, id: i64) -> Result<Option<StoredEvent>, Error> {
        let mut statement = self.conn.prepare_cached(
            "SELECT e.id, d.id, e.ordinal, e.event_json \
             FROM events e JOIN documents d ON d.doc_rowid = e.doc_rowid WHERE e.id = ?",
        )?;
        Ok(stored_events(&mut statement, vec![Value::Integer(id)])?
            .into_iter()
            .next())
    }

    /// Like [`Store::events`], with the filters of [`EventQuery`] that [`EventFilter`]
    /// lacks.
    pub fn events_matching<'a>(
        &self,
        query: impl Into<EventQuery<'a>>,
    ) -> Result<Vec<StoredEvent>, Error> {
        let query = query.into();
        let extra = actor_condition(&self.conn, query.actor, true)?;
        select_events(&self.conn, query.filter, extra)
    }

    /// Like [`Store::events_matching`], each event's summary ([`EventBrief`]: the event
    /// JSON without evidence, means and codes) as stored, unparsed: what a list of events
    /// shows. The filters walk the covering indexes; only the summaries' short rows are
    /// read, not the events' rows or their documents'.
    pub fn event_briefs_matching<'a>(
        &self,
        query: impl Into<EventQuery<'a>>,
    ) -> Result<Vec<EventBrief>, Error> {
        let query = query.into();
        let extra = actor_condition(&self.conn, query.actor, true)?;
        select_briefs(&self.conn, query.filter, extra)
    }

    /// How many events match (limit, offset and order ignored), aggregates included.
    pub fn count<'a>(&self, query: impl Into<EventQuery<'a>>) -> Result<u64, Error> {
        let (conditions, values) = where_clause(&self.conn, &query.into())?;
        let sql = format!("SELECT count(*) FROM events e WHERE 1{conditions}");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let n: i64 = statement.query_row(params_from_iter(values), |row| row.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The matching events that are not aggregates, counted with their fatalities summed
    /// per key (limit, offset and order ignored). Buckets come in key order, the bucket
    /// without a key (if any) first. Aggregate events summarise other events of their
    /// document: counting them would count twice.
    pub fn aggregate<'a>(
        &self,
        query: impl Into<EventQuery<'a>>,
        by: GroupBy,
    ) -> Result<Vec<Bucket>, Error> {
        let key = match by {
            GroupBy::Day => "e.date",
            GroupBy::Admin1 => {
                "CASE WHEN e.admin1 IS NULL THEN NULL \
                 WHEN e.country IS NULL THEN e.admin1 \
                 ELSE e.country || '/' || e.admin1 END"
            }
            GroupBy::Type => "e.event_type",
        };
        let (conditions, values) = where_clause(&self.conn, &query.into())?;
        let sql = format!(
            "SELECT {key} AS k, count(*), coalesce(sum(e.fatalities), 0) \
             FROM events e WHERE e.aggregate = 0{conditions} GROUP BY k ORDER BY k"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params_from_iter(values), |row| {
            Ok(Bucket {
                key: row.get(0)?,
                events: u64::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                fatalities: u64::try_from(row.get::<_, i64>(2)?).unwrap_or(0),
            })
        })?;
        let mut buckets = Vec::new();
        for row in rows {
            buckets.push(row?);
        }
        Ok(buckets)
    }
}
