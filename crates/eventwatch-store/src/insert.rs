//! Writing documents and their events: validation, one transaction per document or batch.

use eventwatch_schema::{Actor, DatePrecision, Event, PlacePrecision};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::{Error, Inserted, NewDocument, Store};

const INSERT_DOCUMENT: &str = "\
INSERT INTO documents (id, content_hash, title, url, source, published, language, text, pipeline_version)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT DO NOTHING
RETURNING doc_rowid";

const INSERT_EVENT: &str = "\
INSERT INTO events (
    doc_rowid, ordinal, event_type, sub_event_type, plover_type, plover_mode, cameo,
    date, date_precision,
    actor1_name, actor1_inter, actor1_country, actor2_name, actor2_inter, actor2_country,
    location_name, geonameid, lat, lon, admin1, country, location_precision,
    fatalities, fatalities_min, fatalities_max, injuries, aggregate, hedged, event_json)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
        ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)";

impl Store {
    /// Stores one document and its events (in salience order) in one transaction.
    ///
    /// Returns [`Inserted::Duplicate`] if the same content hash is already stored, and
    /// [`Error::IdConflict`] if the id is stored with a different text. If any event is
    /// malformed ([`Error::InvalidEvent`]: non-finite or out-of-range coordinates, a date
    /// that is not `YYYY-MM-DD`, ...), nothing of the document is stored.
    pub fn insert(&mut self, doc: &NewDocument<'_>, events: &[Event]) -> Result<Inserted, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let inserted = insert_one(&tx, doc, events)?;
        index_texts(&tx, [&inserted])?;
        tx.commit()?;
        Ok(inserted)
    }

    /// Stores many documents in one transaction: all of them or, on any error, none.
    ///
    /// Much faster than [`Store::insert`] per document (one disk sync per batch). The
    /// results are in input order; a content hash repeated within the batch is a
    /// [`Inserted::Duplicate`] of its first occurrence. Errors name the offending document;
    /// use [`Store::insert_batch_each`] to store the good documents of a batch anyway.
    pub fn insert_batch<'a>(
        &mut self,
        items: impl IntoIterator<Item = (NewDocument<'a>, Vec<Event>)>,
    ) -> Result<Vec<Inserted>, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::new();
        for (doc, events) in items {
            results.push(insert_one(&tx, &doc, &events)?);
        }
        index_texts(&tx, &results)?;
        tx.commit()?;
        Ok(results)
    }

    /// Stores many documents in one transaction, so that one bad document never stops
    /// the batch.
    ///
    /// The inner results are per document, in input order: a content problem
    /// ([`Error::is_content_problem`]) leaves nothing of that document and the rest goes
    /// on. The outer error is a failure of the database itself (I/O, lock timeout); then
    /// nothing of the batch is stored.
    pub fn insert_batch_each<'a>(
        &mut self,
        items: impl IntoIterator<Item = (NewDocument<'a>, Vec<Event>)>,
    ) -> Result<Vec<Result<Inserted, Error>>, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::new();
        for (doc, events) in items {
            // No savepoint per document: `insert_one` finds every content problem before
            // its first write, and any later error fails the whole batch.
            match insert_one(&tx, &doc, &events) {
                Ok(inserted) => results.push(Ok(inserted)),
                Err(e) if e.is_content_problem() => results.push(Err(e)),
                Err(e) => return Err(e),
            }
        }
        index_texts(&tx, results.iter().flatten())?;
        tx.commit()?;
        Ok(results)
    }
}

/// Inserts one document inside the caller's transaction.
///
/// Every content problem ([`Error::is_content_problem`]: a malformed document or event, an
/// id stored with another text) is found before the first write, so such an error leaves
/// nothing of the document and the caller's transaction goes on without a savepoint per
/// document (which copied every page a document touched into the statement journal, a
/// few percent of ingest). On any other error the caller must roll back: the document
/// row and earlier events may already be written.
pub(crate) fn insert_one(
    conn: &Connection,
    doc: &NewDocument<'_>,
    events: &[Event],
) -> Result<Inserted, Error> {
    validate_document(doc)?;
    let rows = events
        .iter()
        .enumerate()
        .map(|(ordinal, event)| EventRow::new(doc.id, ordinal, event))
        .collect::<Result<Vec<EventRow>, Error>>();
    let rows = match rows {
        Ok(rows) => rows,
        // A stored text (or id) answers first, as when its row is found by the insert.
        Err(e) => return stored_conflict(conn, doc)?.unwrap_or(Err(e)),
    };
    let doc_rowid: Option<i64> = conn
        .prepare_cached(INSERT_DOCUMENT)?
        .query_row(
            params![
                doc.id,
                doc.content_hash,
                doc.title,
                doc.url,
                doc.source,
                doc.published,
                doc.language,
                doc.text,
                doc.pipeline_version,
            ],
            |row| row.get(0),
        )
        .optional()?;
    let Some(doc_rowid) = doc_rowid else {
        return explain_conflict(conn, doc);
    };
    let mut statement = conn.prepare_cached(INSERT_EVENT)?;
    let mut brief = conn.prepare_cached(
        "INSERT INTO event_briefs (id, doc_id, ordinal, json) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (event, row) in events.iter().zip(rows) {
        let location = event.location.as_ref();
        statement.execute(params![
            doc_rowid,
            row.ordinal,
            event.event_type,
            event.sub_event_type,
            event.plover_type,
            event.plover_mode,
            event.cameo,
            event.date,
            date_precision_str(event.date_precision),
            event.actor1.as_ref().map(|a| &a.name),
            event.actor1.as_ref().map(|a| a.inter),
            event.actor1.as_ref().and_then(actor_country),
            event.actor2.as_ref().map(|a| &a.name),
            event.actor2.as_ref().map(|a| a.inter),
            event.actor2.as_ref().and_then(actor_country),
            location.map(|l| &l.name),
            row.geonameid,
            location.map(|l| l.lat),
            location.map(|l| l.lon),
            location.and_then(|l| l.admin1.as_deref()),
            location.and_then(|l| l.country.as_deref()),
            location.map(|l| place_precision_str(l.precision)),
            event.fatalities,
            event.fatalities_min,
            event.fatalities_max,
            event.injuries,
            event.aggregate,
            event.hedged,
            row.json,
        ])?;
        // The list pages' summary (migration 4), cut from the JSON just written rather
        // than parsed back out of it by SQL.
        brief.execute(params![
            conn.last_insert_rowid(),
            doc.id,
            row.ordinal,
            brief_json(&row.json)
        ])?;
    }
    Ok(Inserted::New {
        doc_rowid,
        events: events.len(),
    })
}

/// Adds the documents a batch stored to the full-text index, their events' actors to
/// the actor index and their points to the R*Tree, and counts them in `totals`, one
/// statement each. (Their summaries in `event_briefs` are written with the events, by
/// [`insert_one`].)
///
/// Not a trigger of `documents` (migration 3 dropped it), and run once per batch after
/// its last other write: FTS5 writes its pending terms to disk at every savepoint of a
/// transaction it has joined, and every statement that may need undoing opens one (an
/// insert that fires triggers, an `INSERT ... SELECT`). Indexing each document in its own
/// statement cost one small index segment per document and the merges that followed (a
/// tenth of ingest time); one statement for the batch writes one.
///
/// The batch's new documents are exactly the rows from the smallest to the largest new
/// `doc_rowid`: the batch holds the write lock, SQLite gives a new row the largest rowid
/// plus one, and a rejected document writes no row.
pub(crate) fn index_texts<'a>(
    conn: &Connection,
    results: impl IntoIterator<Item = &'a Inserted>,
) -> Result<(), Error> {
    let mut range: Option<(i64, i64)> = None;
    for inserted in results {
        if let Inserted::New { doc_rowid, .. } = *inserted {
            range = Some(match range {
                None => (doc_rowid, doc_rowid),
                Some((a, b)) => (a.min(doc_rowid), b.max(doc_rowid)),
            });
        }
    }
    if let Some((first, last)) = range {
        // The points and the running totals (migration 7) first: these statements open a
        // statement journal, which would make FTS5 flush once it has joined.
        conn.prepare_cached(
            "INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat) \
             SELECT id, lon, lon, lat, lat FROM events \
             WHERE doc_rowid BETWEEN ?1 AND ?2 AND lat IS NOT NULL AND lon IS NOT NULL \
             ORDER BY id",
        )?
        .execute([first, last])?;
        conn.prepare_cached(
            "UPDATE totals SET \
             documents = documents + \
                 (SELECT count(*) FROM documents WHERE doc_rowid BETWEEN ?1 AND ?2), \
             events = events + \
                 (SELECT count(*) FROM events WHERE doc_rowid BETWEEN ?1 AND ?2), \
             fatalities = fatalities + \
                 (SELECT coalesce(sum(fatalities), 0) FROM events \
                  WHERE doc_rowid BETWEEN ?1 AND ?2 AND aggregate = 0) \
             WHERE id = 1",
        )?
        .execute([first, last])?;
        conn.prepare_cached(
            "INSERT INTO documents_fts (rowid, title, text) \
             SELECT doc_rowid, title, text FROM documents WHERE doc_rowid BETWEEN ?1 AND ?2",
        )?
        .execute([first, last])?;
        // The actor index (migration 4), for the same reason in the same way: the
        // events of the new documents are the ones with those `doc_rowid`s.
        conn.prepare_cached(
            "INSERT INTO event_actors (rowid, actor1_name, actor1_text, actor2_name, actor2_text) \
             SELECT id, actor1_name, json_extract(event_json, '$.actor1.text'), \
                    actor2_name, json_extract(event_json, '$.actor2.text') \
             FROM events WHERE doc_rowid BETWEEN ?1 AND ?2 \
             AND (actor1_name IS NOT NULL OR actor2_name IS NOT NULL)",
        )?
        .execute([first, last])?;
    }
    Ok(())
}

/// The members of an event's JSON object that its summary in `event_briefs` leaves out.
const NOT_IN_BRIEF: [&str; 4] = ["\"evidence\"", "\"means\"", "\"plover_mode\"", "\"cameo\""];

/// An event's summary: its JSON object (as `serde_json` writes it: no whitespace) without
/// the members [`NOT_IN_BRIEF`], the others unchanged and in order, as SQL's
/// `json_remove(json, '$.evidence', '$.means', '$.plover_mode', '$.cameo')` gives it.
/// Anything that is not such an object is returned unchanged.
pub(crate) fn brief_json(json: &str) -> String {
    let b = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    if b.first() != Some(&b'{') {
        return json.to_owned();
    }
    out.push('{');
    let mut i = 1;
    let mut first = true;
    while i < b.len() && b[i] != b'}' {
        let start = i;
        let Some(key_end) = skip_value(b, i) else {
            return json.to_owned();
        };
        // `"key":value`
        let Some(end) = b
            .get(key_end)
            .filter(|&&c| c == b':')
            .and_then(|_| skip_value(b, key_end + 1))
        else {
            return json.to_owned();
        };
        let key = &json[start..key_end];
        if !NOT_IN_BRIEF.contains(&key) {
            if !first {
                out.push(',');
            }
            out.push_str(&json[start..end]);
            first = false;
        }
        i = end;
        if b.get(i) == Some(&b',') {
            i += 1;
        }
    }
    if b.get(i) != Some(&b'}') || i + 1 != b.len() {
        return json.to_owned();
    }
    out.push('}');
    out
}

/// The end of the JSON value starting at `b[i]` (no whitespace around tokens).
fn skip_value(b: &[u8], mut i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => {
            i += 1;
            loop {
                match *b.get(i)? {
                    b'\\' => i += 2,
                    b'"' => return Some(i + 1),
                    _ => i += 1,
                }
            }
        }
        b'{' | b'[' => {
            let mut depth = 0usize;
            loop {
                match *b.get(i)? {
                    b'"' => {
                        i = skip_value(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            while let Some(&c) = b.get(i) {
                if matches!(c, b',' | b'}' | b']') {
                    break;
                }
                i += 1;
            }
            Some(i)
        }
    }
}

/// The insert hit a uniqueness constraint: same text (duplicate) or same id (conflict).
fn explain_conflict(conn: &Connection, doc: &NewDocument<'_>) -> Result<Inserted, Error> {
    // Only `None` if the row vanished between the two statements, which the surrounding
    // write transaction rules out.
    stored_conflict(conn, doc)?.unwrap_or_else(|| {
        Err(Error::InvalidDocument {
            id: doc.id.to_owned(),
            field: "id",
            expected: "an id and content hash not already stored",
            found: doc.id.to_owned(),
        })
    })
}

/// What storing `doc` gives when its text or its id is already stored: a duplicate of
/// the stored text, or a conflict with the text stored under its id; `None` when neither
/// is stored.
fn stored_conflict(
    conn: &Connection,
    doc: &NewDocument<'_>,
) -> Result<Option<Result<Inserted, Error>>, Error> {
    let by_hash: Option<String> = conn
        .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
        .query_row([doc.content_hash], |row| row.get(0))
        .optional()?;
    if let Some(existing_id) = by_hash {
        return Ok(Some(Ok(Inserted::Duplicate { existing_id })));
    }
    let existing_hash: Option<String> = conn
        .prepare_cached("SELECT content_hash FROM documents WHERE id = ?1")?
        .query_row([doc.id], |row| row.get(0))
        .optional()?;
    Ok(existing_hash.map(|existing_hash| {
        Err(Error::IdConflict {
            id: doc.id.to_owned(),
            existing_hash,
            new_hash: doc.content_hash.to_owned(),
        })
    }))
}

fn validate_document(doc: &NewDocument<'_>) -> Result<(), Error> {
    let invalid = |field, expected, found: &str| Error::InvalidDocument {
        id: doc.id.to_owned(),
        field,
        expected,
        found: found.to_owned(),
    };
    if doc.id.is_empty() {
        return Err(invalid("id", "a non-empty id", doc.id));
    }
    if doc.content_hash.is_empty() {
        return Err(invalid(
            "content_hash",
            "a non-empty hash",
            doc.content_hash,
        ));
    }
    if let Some(published) = doc.published {
        if !is_iso_date(published) {
            return Err(invalid("published", "a date like 2019-11-29", published));
        }
    }
    Ok(())
}

/// The values of one event that need checking or converting before they are bound.
struct EventRow {
    ordinal: i64,
    geonameid: Option<i64>,
    json: String,
}

impl EventRow {
    fn new(doc_id: &str, ordinal: usize, event: &Event) -> Result<EventRow, Error> {
        let invalid = |field, expected, found: String| Error::InvalidEvent {
            doc_id: doc_id.to_owned(),
            ordinal,
            field,
            expected,
            found,
        };
        if let Some(date) = &event.date {
            if !is_iso_date(date) {
                return Err(invalid(
                    "date",
                    "a date like 2019-11-29",
                    format!("{date:?}"),
                ));
            }
        }
        let mut geonameid = None;
        if let Some(location) = &event.location {
            if !(location.lat.is_finite() && (-90.0..=90.0).contains(&location.lat)) {
                let found = location.lat.to_string();
                return Err(invalid("location.lat", "a latitude from -90 to 90", found));
            }
            if !(location.lon.is_finite() && (-180.0..=180.0).contains(&location.lon)) {
                let found = location.lon.to_string();
                return Err(invalid(
                    "location.lon",
                    "a longitude from -180 to 180",
                    found,
                ));
            }
            if let Some(id) = location.geonameid {
                geonameid = Some(i64::try_from(id).map_err(|_| {
                    invalid(
                        "location.geonameid",
                        "a GeoNames id below 2^63",
                        id.to_string(),
                    )
                })?);
            }
        }
        let ordinal_i64 = i64::try_from(ordinal)
            .map_err(|_| invalid("ordinal", "fewer than 2^63 events", ordinal.to_string()))?;
        let json = serde_json::to_string(event)
            .map_err(|e| invalid("event", "an event that serialises to JSON", e.to_string()))?;
        Ok(EventRow {
            ordinal: ordinal_i64,
            geonameid,
            json,
        })
    }
}

fn actor_country(actor: &Actor) -> Option<&str> {
    actor.country.as_deref()
}

fn date_precision_str(precision: DatePrecision) -> &'static str {
    match precision {
        DatePrecision::Day => "day",
        DatePrecision::Week => "week",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Unknown => "unknown",
    }
}

fn place_precision_str(precision: PlacePrecision) -> &'static str {
    match precision {
        PlacePrecision::Point => "point",
        PlacePrecision::Town => "town",
        PlacePrecision::Admin2 => "admin2",
        PlacePrecision::Admin1 => "admin1",
        PlacePrecision::Country => "country",
    }
}

/// True for `YYYY-MM-DD` with a month from 01 to 12 and a day from 01 to 31.
pub(crate) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let number = |range: std::ops::Range<usize>| s.get(range).and_then(|p| p.parse::<u8>().ok());
    b.len() == 10
        && digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && number(5..7).is_some_and(|m| (1..=12).contains(&m))
        && number(8..10).is_some_and(|d| (1..=31).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::{brief_json, is_iso_date};

    /// The summary cut in Rust is what SQL's `json_remove` gives (migration 4 wrote
    /// summaries that way), byte for byte.
    #[test]
    fn brief_is_json_remove() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let sql = "SELECT json_remove(?1, '$.evidence', '$.means', '$.plover_mode', '$.cameo')";
        let mut event =
            eventwatch_schema::Event::of_type("Protests", "Peaceful protest", "PROTEST");
        let mut cases = vec![serde_json::to_string(&event).unwrap()];
        event.plover_mode = Some("demonstrate".to_owned());
        event.cameo = Some("141".to_owned());
        event.means = vec!["a \"quoted\" {brace} [bracket], comma".to_owned()];
        event.date = Some("2024-05-01".to_owned());
        event.evidence.push(eventwatch_schema::Evidence {
            field: "event_type".to_owned(),
            start: 0,
            end: 9,
            text: "Marchers \\ said \u{e9}t\u{e9} \u{1f600}\n".to_owned(),
            rule: "trigger:march".to_owned(),
        });
        cases.push(serde_json::to_string(&event).unwrap());
        cases.push("{}".to_owned());
        cases.push(r#"{"a":[1,{"b":"}"}],"evidence":[],"c":-1.5e3}"#.to_owned());
        for json in cases {
            let by_sql: String = conn.query_row(sql, [&json], |row| row.get(0)).unwrap();
            assert_eq!(brief_json(&json), by_sql, "{json}");
        }
        // Not an object as serde_json writes one: unchanged.
        for odd in ["", "[1]", "{\"a\":1", "{\"a\" : 1}"] {
            assert_eq!(brief_json(odd), odd);
        }
    }

    #[test]
    fn iso_dates() {
        for ok in ["2019-11-29", "0001-01-01", "2020-12-31"] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "",
            "2019-11-2",
            "2019-13-01",
            "2019-00-10",
            "2019-11-32",
            "2019/11/29",
            "yesterday",
            "2019-11-29T00",
            "２０19-11-29",
            "2019-1é-01",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}
