//! Reading beyond pages: one event by id, counts and per-day / per-region / per-type groups
//! of a filter, and the actor filter that [`EventFilter`] does not have yet.
//!
//! Every statement is built from constant fragments and the filter's conditions
//! (`query::conditions`), so filter values are always bound parameters.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Statement};

use crate::query::{conditions, select_events};
use crate::{Error, EventFilter, Store, StoredEvent};

/// An [`EventFilter`] plus filters it does not have yet. `&EventFilter` converts into one
/// with no actor, so `store.count(&filter)` works.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EventQuery<'a> {
    pub filter: &'a EventFilter,
    /// Words that either actor's name or text must contain (ASCII case-insensitive;
    /// `%` and `_` are plain characters). Blank means no actor filter.
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

/// The actor condition: one bound pattern, matched against both actors' names and texts.
const ACTOR_CONDITION: &str = " AND EXISTS (SELECT 1 FROM (SELECT ? AS p) WHERE \
     e.actor1_name LIKE p ESCAPE '\\' OR e.actor2_name LIKE p ESCAPE '\\' \
     OR json_extract(e.event_json, '$.actor1.text') LIKE p ESCAPE '\\' \
     OR json_extract(e.event_json, '$.actor2.text') LIKE p ESCAPE '\\')";

/// The LIKE pattern "contains `words`", wildcards in the words escaped; `None` if blank.
fn actor_pattern(words: Option<&str>) -> Option<Value> {
    let words = words?.trim();
    if words.is_empty() {
        return None;
    }
    let mut pattern = String::from("%");
    for c in words.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    Some(Value::Text(pattern))
}

/// The conditions of `query` over `events e`, with their values.
fn where_clause(conn: &Connection, query: &EventQuery<'_>) -> Result<(String, Vec<Value>), Error> {
    let (mut sql, mut values) = conditions(conn, query.filter)?;
    if let Some(pattern) = actor_pattern(query.actor) {
        sql.push_str(ACTOR_CONDITION);
        values.push(pattern);
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
        let extra = actor_pattern(query.actor).map(|p| (ACTOR_CONDITION, p));
        select_events(&self.conn, query.filter, extra)
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
