//! Reading: filtered event queries, documents by id, and store-wide counts.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use crate::insert::is_iso_date;
use crate::read::{event_briefs, stored_events};
use crate::{
    Error, EventBrief, EventFilter, Order, Stats, Store, StoredDocument, StoredEvent, DEFAULT_LIMIT,
};

impl Store {
    /// The events matching every filter that is set, ordered by date (undated last), then
    /// by store id, in `filter.order`, with `filter.limit` (0 means [`DEFAULT_LIMIT`]) and `filter.offset`.
    ///
    /// Malformed filter values (a date that is not `YYYY-MM-DD`, a box outside the globe,
    /// text without any word) are [`Error::InvalidFilter`].
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>, Error> {
        select_events(&self.conn, filter, None)
    }

    /// The document stored under `id`, if any.
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>, Error> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, title, url, source, published, text, content_hash, language,
                    pipeline_version, ingested_at
             FROM documents WHERE id = ?1",
        )?;
        let document = statement
            .query_row([id], |row| {
                Ok(StoredDocument {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    url: row.get(2)?,
                    source: row.get(3)?,
                    published: row.get(4)?,
                    text: row.get(5)?,
                    content_hash: row.get(6)?,
                    language: row.get(7)?,
                    pipeline_version: row.get(8)?,
                    ingested_at: row.get(9)?,
                })
            })
            .optional()?;
        Ok(document)
    }

    /// Documents, events and fatalities (of non-aggregate events) in the whole store. One
    /// row read: the `totals` table is kept in the same transaction as every insert (by
    /// the store, once per batch: migration 7) and delete (by triggers), so the three
    /// agree with each other and with the rows.
    pub fn stats(&self) -> Result<Stats, Error> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT documents, events, fatalities FROM totals WHERE id = 1")?;
        let stats = statement.query_row([], |row| {
            Ok(Stats {
                documents: row.get(0)?,
                events: row.get(1)?,
                fatalities: row.get(2)?,
            })
        })?;
        Ok(stats)
    }
}

/// A statement under construction: constant SQL fragments and the values bound to their
/// `?` placeholders, in order.
struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    /// Appends `fragment` (a constant: never text from the caller) and binds `values` to
    /// its placeholders.
    fn push<const N: usize>(&mut self, fragment: &'static str, values: [Value; N]) {
        debug_assert_eq!(fragment.matches('?').count(), N, "{fragment}");
        self.text.push_str(fragment);
        self.values.extend(values);
    }
}

/// Candidate sets smaller than this (points in a box, documents matching the words) are
/// fetched through their own index (R*Tree, FTS5) and sorted; larger ones are tested row by
/// row during a walk of a date-ordered covering index, which stops after one page. With
/// 1,000 the walk reads at most `page × events / 1,000` index entries (about 5,000 for a
/// page of 50 in 100,000 events) and the fetch at most 1,000 rows.
pub(crate) const DRIVE_LIMIT: i64 = 1000;

/// How the conditions of a filter are written: which sets drive the query.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Plan {
    /// Take the box's candidates from the R*Tree (few points inside) rather than test
    /// the coordinates of the rows an index walk meets.
    bbox_by_rtree: bool,
    /// Take the documents from the full-text index (few match) rather than test each row
    /// an index walk meets against the (materialised) set of matching documents.
    text_by_fts: bool,
}

/// Chooses the [`Plan`] for `filter` by counting, up to [`DRIVE_LIMIT`], the points in its
/// box and the documents matching its words (each count reads at most that many index
/// entries).
pub(crate) fn plan(conn: &Connection, filter: &EventFilter) -> Result<Plan, Error> {
    let mut plan = Plan::default();
    let capped = |sql: &str, values: Vec<Value>| -> Result<i64, Error> {
        let mut statement = conn.prepare_cached(sql)?;
        Ok(statement.query_row(params_from_iter(values), |row| row.get(0))?)
    };
    if let Some(bbox) = filter.bbox {
        let [west, south, east, north] = check_bbox(bbox)?;
        let count = |w: f64, e: f64| {
            capped(
                "SELECT count(*) FROM (SELECT 1 FROM events_rtree \
                 WHERE min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ? LIMIT +?)",
                vec![
                    Value::Real(e),
                    Value::Real(w),
                    Value::Real(north),
                    Value::Real(south),
                    Value::Integer(DRIVE_LIMIT),
                ],
            )
        };
        let points = if west <= east {
            count(west, east)?
        } else {
            count(west, 180.0)? + count(-180.0, east)?
        };
        plan.bbox_by_rtree = points < DRIVE_LIMIT;
    }
    if let Some(words) = &filter.text {
        if let Some(query) = fts_query(words) {
            let documents = capped(
                "SELECT count(*) FROM (SELECT 1 FROM documents_fts \
                 WHERE documents_fts MATCH ? LIMIT +?)",
                vec![Value::Text(query), Value::Integer(DRIVE_LIMIT)],
            )?;
            plan.text_by_fts = documents < DRIVE_LIMIT;
        }
    }
    Ok(plan)
}

/// The page of events `filter` asks for (its limit, offset and order), with one more
/// condition `extra` (a constant ` AND ...` fragment with one `?`, and its value) for the
/// filters `read.rs` adds.
///
/// Oldest first puts undated events last. `ORDER BY date IS NULL, date, id` would say that
/// in one statement, but no index serves that key, so every matching row would be sorted
/// (180 ms for one country of 100,000 events). Instead the dated events are read in index
/// order and, when the page runs past them, the undated ones in id order.
pub(crate) fn select_events(
    conn: &Connection,
    filter: &EventFilter,
    extra: Option<(&'static str, Value)>,
) -> Result<Vec<StoredEvent>, Error> {
    select_rows(
        conn,
        filter,
        extra,
        "SELECT e.id, d.id, e.ordinal, e.event_json \
         FROM events e JOIN documents d ON d.doc_rowid = e.doc_rowid WHERE 1",
        None,
        stored_events,
    )
}

/// Like [`select_events`], the events' summaries (`event_briefs`) instead of their JSON.
pub(crate) fn select_briefs(
    conn: &Connection,
    filter: &EventFilter,
    extra: Option<(&'static str, Value)>,
) -> Result<Vec<EventBrief>, Error> {
    select_rows(
        conn,
        filter,
        extra,
        // The page's ids first, then their summaries: a join inside the paged query
        // would look up the summary of every row an offset skips too.
        "SELECT b.id, b.doc_id, b.ordinal, b.json \
         FROM (SELECT e.id, e.date FROM events e WHERE 1",
        Some(") p JOIN event_briefs b ON b.id = p.id"),
        event_briefs,
    )
}

/// The page `filter` asks for: `head` (a constant `SELECT ... WHERE 1` over `events e`)
/// with the filter's conditions, decoded by `decode`. With `wrap`, `head` opens a
/// subquery selecting `e.id` and `e.date`, which `wrap` closes and joins as `p`; the
/// outer query is ordered again by `p.date` and `p.id`.
fn select_rows<T>(
    conn: &Connection,
    filter: &EventFilter,
    extra: Option<(&'static str, Value)>,
    head: &'static str,
    wrap: Option<&'static str>,
    decode: fn(&mut rusqlite::Statement<'_>, Vec<Value>) -> Result<Vec<T>, Error>,
) -> Result<Vec<T>, Error> {
    let plan = plan(conn, filter)?;
    let limit = if filter.limit == 0 {
        DEFAULT_LIMIT
    } else {
        filter.limit
    };
    let run = |order: &'static str, limit: u32, offset: u32| -> Result<Vec<T>, Error> {
        let mut sql = Sql {
            text: String::from(head),
            values: Vec::new(),
        };
        push_conditions(&mut sql, filter, plan)?;
        if let Some((fragment, value)) = &extra {
            sql.push(fragment, [value.clone()]);
        }
        sql.push(order, []);
        // `+?`, not `?`: SQLite (3.4x and later) reads a bare `LIMIT ?` at prepare time to
        // plan with it, and then prepares the statement again every time a value is bound
        // to it: a cached statement would be parsed and planned anew for every page (a
        // quarter of a page's SQL time). The value changes no plan here.
        sql.push(
            " LIMIT +? OFFSET ?",
            [
                Value::Integer(i64::from(limit)),
                Value::Integer(i64::from(offset)),
            ],
        );
        if let Some(wrap) = wrap {
            let keys = order.split_once(" ORDER BY ").map_or("", |(_, keys)| keys);
            sql.text.push_str(wrap);
            sql.text.push_str(" ORDER BY ");
            sql.text.push_str(&keys.replace("e.", "p."));
        }
        let mut statement = conn.prepare_cached(&sql.text)?;
        decode(&mut statement, sql.values)
    };
    match filter.order {
        // SQLite sorts NULL below every value, so in descending order undated events come
        // last by themselves and a (date, id) index serves the page directly.
        Order::NewestFirst => run(" ORDER BY e.date DESC, e.id DESC", limit, filter.offset),
        Order::OldestFirst => {
            let mut events = run(
                " AND e.date IS NOT NULL ORDER BY e.date, e.id",
                limit,
                filter.offset,
            )?;
            let dated_only = filter.date_from.is_some() || filter.date_to.is_some();
            let short = u32::try_from(events.len()).is_ok_and(|n| n < limit);
            if short && !dated_only {
                // The page reaches the undated events: skip the part of the offset that
                // the dated ones did not use (only an empty dated page needs their count).
                let skip = if events.is_empty() && filter.offset > 0 {
                    let (conditions, mut values) = conditions_with(filter, plan)?;
                    let mut sql = format!("SELECT count(*) FROM events e WHERE 1{conditions}");
                    if let Some((fragment, value)) = &extra {
                        sql.push_str(fragment);
                        values.push(value.clone());
                    }
                    sql.push_str(" AND e.date IS NOT NULL");
                    let dated: i64 = conn
                        .prepare_cached(&sql)?
                        .query_row(params_from_iter(values), |row| row.get(0))?;
                    let dated = u32::try_from(dated).unwrap_or(u32::MAX);
                    filter.offset.saturating_sub(dated)
                } else {
                    0
                };
                let rest = limit - u32::try_from(events.len()).unwrap_or(limit);
                events.extend(run(" AND e.date IS NULL ORDER BY e.id", rest, skip)?);
            }
            Ok(events)
        }
    }
}

/// The conditions of `filter` (limit, offset and order aside) as ` AND ...` fragments over
/// `events e`, with their bound values: for the counting and grouping queries of `read.rs`.
pub(crate) fn conditions(
    conn: &Connection,
    filter: &EventFilter,
) -> Result<(String, Vec<Value>), Error> {
    let plan = plan(conn, filter)?;
    conditions_with(filter, plan)
}

fn conditions_with(filter: &EventFilter, plan: Plan) -> Result<(String, Vec<Value>), Error> {
    let mut sql = Sql {
        text: String::new(),
        values: Vec::new(),
    };
    push_conditions(&mut sql, filter, plan)?;
    Ok((sql.text, sql.values))
}

/// Appends the ` AND ...` condition of every filter that is set, written as `plan` says.
fn push_conditions(sql: &mut Sql, filter: &EventFilter, plan: Plan) -> Result<(), Error> {
    let text = |s: &String| Value::Text(s.clone());

    if let Some(country) = &filter.country {
        sql.push(
            " AND e.country = ?",
            [Value::Text(country.to_ascii_uppercase())],
        );
    }
    if let Some(admin1) = &filter.admin1 {
        sql.push(" AND e.admin1 = ? COLLATE NOCASE", [text(admin1)]);
    }
    if let Some(from) = &filter.date_from {
        check_date("date_from", from)?;
        sql.push(" AND e.date >= ?", [text(from)]);
    }
    if let Some(to) = &filter.date_to {
        check_date("date_to", to)?;
        sql.push(" AND e.date <= ?", [text(to)]);
    }
    if let Some(event_type) = &filter.event_type {
        sql.push(" AND e.event_type = ?", [text(event_type)]);
    }
    if let Some(sub_event_type) = &filter.sub_event_type {
        sql.push(" AND e.sub_event_type = ?", [text(sub_event_type)]);
    }
    if let Some(min) = filter.min_fatalities {
        sql.push(" AND e.fatalities >= ?", [Value::Integer(i64::from(min))]);
    }
    if let Some(bbox) = filter.bbox {
        let [west, south, east, north] = check_bbox(bbox)?;
        let (w, s, e, n) = (
            Value::Real(west),
            Value::Real(south),
            Value::Real(east),
            Value::Real(north),
        );
        // The R*Tree narrows the candidates when few points lie in the box; the exact
        // columns decide either way, since the tree stores 32-bit floats rounded outwards.
        if plan.bbox_by_rtree {
            if west <= east {
                sql.push(
                    " AND e.id IN (SELECT id FROM events_rtree \
                     WHERE min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ?)",
                    [e.clone(), w.clone(), n.clone(), s.clone()],
                );
            } else {
                // Across the antimeridian: [west, 180] and [-180, east].
                sql.push(
                    " AND e.id IN (\
                     SELECT id FROM events_rtree \
                     WHERE max_lon >= ? AND min_lat <= ? AND max_lat >= ? \
                     UNION ALL SELECT id FROM events_rtree \
                     WHERE min_lon <= ? AND min_lat <= ? AND max_lat >= ?)",
                    [
                        w.clone(),
                        n.clone(),
                        s.clone(),
                        e.clone(),
                        n.clone(),
                        s.clone(),
                    ],
                );
            }
        }
        if west <= east {
            sql.push(" AND e.lon BETWEEN ? AND ?", [w, e]);
        } else {
            sql.push(" AND (e.lon >= ? OR e.lon <= ?)", [w, e]);
        }
        sql.push(" AND e.lat BETWEEN ? AND ?", [s, n]);
    }
    if let Some(words) = &filter.text {
        let query = fts_query(words).ok_or_else(|| Error::InvalidFilter {
            field: "text",
            expected: "at least one word",
            found: format!("{words:?}"),
        })?;
        sql.push(
            // `+` keeps the planner from driving the query by a large set of documents:
            // the walk of a date index tests each row against the set instead.
            if plan.text_by_fts {
                " AND e.doc_rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
            } else {
                " AND +e.doc_rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
            },
            [Value::Text(query)],
        );
    }
    Ok(())
}

pub(crate) fn check_date(field: &'static str, date: &str) -> Result<(), Error> {
    if is_iso_date(date) {
        Ok(())
    } else {
        Err(Error::InvalidFilter {
            field,
            expected: "a date like 2019-11-29",
            found: format!("{date:?}"),
        })
    }
}

fn check_bbox(bbox: [f64; 4]) -> Result<[f64; 4], Error> {
    let [west, south, east, north] = bbox;
    let lon_ok = |x: f64| (-180.0..=180.0).contains(&x);
    let lat_ok = |x: f64| (-90.0..=90.0).contains(&x);
    // NaN fails every range check.
    if lon_ok(west) && lon_ok(east) && lat_ok(south) && lat_ok(north) && south <= north {
        Ok(bbox)
    } else {
        Err(Error::InvalidFilter {
            field: "bbox",
            expected: "west,south,east,north with longitudes in -180..180, \
                       latitudes in -90..90 and south <= north",
            found: format!("{west},{south},{east},{north}"),
        })
    }
}

/// Turns free text into an FTS5 query that requires every word: each whitespace-separated
/// piece with a letter or digit becomes a quoted string (quotes doubled), so operators,
/// column filters and unbalanced quotes in the input are just text. `None` if no piece
/// has a letter or digit.
fn fts_query(words: &str) -> Option<String> {
    let terms: Vec<String> = words
        .split_whitespace()
        .filter(|piece| piece.chars().any(char::is_alphanumeric))
        .map(|piece| format!("\"{}\"", piece.replace('"', "\"\"")))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn fts_query_quotes_every_word() {
        assert_eq!(fts_query("  "), None);
        assert_eq!(fts_query("-- * ()"), None);
        assert_eq!(
            fts_query("Baghdad protest").as_deref(),
            Some(r#""Baghdad" "protest""#)
        );
        assert_eq!(
            fts_query(r#"title:x "a OR b* NEAR(c"#).as_deref(),
            Some(r#""title:x" """a" "OR" "b*" "NEAR(c""#)
        );
    }
}
