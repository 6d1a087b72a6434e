//! Reading: filtered event queries, documents by id, and store-wide counts.

use rusqlite::types::Value;
use rusqlite::OptionalExtension;

use crate::insert::is_iso_date;
use crate::{Error, EventFilter, Order, Stats, Store, StoredDocument, StoredEvent, DEFAULT_LIMIT};

impl Store {
    /// The events matching every filter that is set, ordered by date (undated last), then
    /// by store id, in `filter.order`, with `filter.limit` (0 means [`DEFAULT_LIMIT`]) and `filter.offset`.
    ///
    /// Malformed filter values (a date that is not `YYYY-MM-DD`, a box outside the globe,
    /// text without any word) are [`Error::InvalidFilter`].
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>, Error> {
        let (sql, values) = build_query(filter, None)?;
        let mut statement = self.conn.prepare_cached(&sql)?;
        crate::read::stored_events(&mut statement, values)
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

    /// Documents, events and fatalities (of non-aggregate events) in the whole store,
    /// counted in one statement so the three agree with each other.
    pub fn stats(&self) -> Result<Stats, Error> {
        let mut statement = self.conn.prepare_cached(
            "SELECT (SELECT count(*) FROM documents),
                    (SELECT count(*) FROM events),
                    (SELECT coalesce(sum(fatalities), 0) FROM events WHERE aggregate = 0)",
        )?;
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

/// Builds the SELECT for `filter` from constant fragments only; every filter value is a
/// bound parameter in the returned list. `extra` is one more condition (a constant
/// ` AND ...` fragment with one `?`) and its value, for filters `read.rs` adds.
pub(crate) fn build_query(
    filter: &EventFilter,
    extra: Option<(&'static str, Value)>,
) -> Result<(String, Vec<Value>), Error> {
    let mut sql = Sql {
        text: String::from(
            "SELECT e.id, d.id, e.ordinal, e.event_json \
             FROM events e JOIN documents d ON d.doc_rowid = e.doc_rowid WHERE 1",
        ),
        values: Vec::new(),
    };
    push_conditions(&mut sql, filter)?;
    if let Some((fragment, value)) = extra {
        sql.push(fragment, [value]);
    }
    let limit = if filter.limit == 0 {
        DEFAULT_LIMIT
    } else {
        filter.limit
    };
    sql.push(
        match filter.order {
            Order::OldestFirst => " ORDER BY e.date IS NULL, e.date, e.id",
            // SQLite sorts NULL below every value, so in descending order undated events
            // come last without a `date IS NULL` key, and the (date, id) index serves the
            // page directly instead of a sort of every matching row (150 ms -> 1 ms on
            // 100,000 events).
            Order::NewestFirst => " ORDER BY e.date DESC, e.id DESC",
        },
        [],
    );
    sql.push(
        " LIMIT ? OFFSET ?",
        [
            Value::Integer(i64::from(limit)),
            Value::Integer(i64::from(filter.offset)),
        ],
    );
    Ok((sql.text, sql.values))
}

/// The conditions of `filter` (limit, offset and order aside) as ` AND ...` fragments over
/// `events e`, with their bound values: for the counting and grouping queries of `read.rs`.
pub(crate) fn conditions(filter: &EventFilter) -> Result<(String, Vec<Value>), Error> {
    let mut sql = Sql {
        text: String::new(),
        values: Vec::new(),
    };
    push_conditions(&mut sql, filter)?;
    Ok((sql.text, sql.values))
}

/// Appends the ` AND ...` condition of every filter that is set.
fn push_conditions(sql: &mut Sql, filter: &EventFilter) -> Result<(), Error> {
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
        // The R*Tree narrows the candidates; the exact columns decide, since the tree
        // stores 32-bit floats rounded outwards.
        if west <= east {
            sql.push(
                " AND e.id IN (SELECT id FROM events_rtree \
                 WHERE min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ?) \
                 AND e.lon BETWEEN ? AND ?",
                [e.clone(), w.clone(), n.clone(), s.clone(), w, e],
            );
        } else {
            // Across the antimeridian: [west, 180] and [-180, east].
            sql.push(
                " AND e.id IN (\
                 SELECT id FROM events_rtree \
                 WHERE max_lon >= ? AND min_lat <= ? AND max_lat >= ? \
                 UNION ALL SELECT id FROM events_rtree \
                 WHERE min_lon <= ? AND min_lat <= ? AND max_lat >= ?) \
                 AND (e.lon >= ? OR e.lon <= ?)",
                [
                    w.clone(),
                    n.clone(),
                    s.clone(),
                    e.clone(),
                    n.clone(),
                    s.clone(),
                    w,
                    e,
                ],
            );
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
            " AND e.doc_rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
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
