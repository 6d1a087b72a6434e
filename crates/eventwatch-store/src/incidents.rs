//! Consolidated events ("incidents") and user overrides: persisting what the
//! [`Consolidator`] computes, in the same transaction as the documents that changed it.
//!
//! Incidents are derived data, a function of the stored events and the stored overrides
//! (the consolidator is order-independent). So the store keeps them in step with one rule:
//! every write that changes the events or the overrides writes the consolidator's
//! [`Changes`] before it commits, and a store found out of step (documents stored by a
//! writer that does not consolidate, or a database migrated from schema 1) is brought back
//! in step by [`Store::consolidator`], which rewrites every incident in one transaction.

use std::collections::{HashMap, HashSet};

use eventwatch_consolidate::{
    addresses_for, Changes, Config, ConsolidatedEvent, Consolidator, Mention, MentionKey, Override,
    StreetAddress,
};
use eventwatch_schema::Event;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, TransactionBehavior};

use crate::insert::{index_texts, insert_one};
use crate::query::check_date;
use crate::{Error, Inserted, NewDocument, Store, DEFAULT_LIMIT};

/// A user override as stored, with who made it, when and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredOverride {
    /// Row id, stable for the life of the database.
    pub id: i64,
    pub r#override: Override,
    pub created_by: Option<String>,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub note: Option<String>,
}

/// Which incidents [`Store::incidents`] returns; every field that is set must hold.
/// Incidents come ordered by date (undated last), then by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentFilter {
    /// ISO 3166-1 alpha-3 code (case-insensitive).
    pub country: Option<String>,
    /// Earliest date, `YYYY-MM-DD`, inclusive.
    pub date_from: Option<String>,
    /// Latest date, `YYYY-MM-DD`, inclusive.
    pub date_to: Option<String>,
    /// Exact ACLED event type.
    pub event_type: Option<String>,
    /// Exact ACLED sub-event type.
    pub sub_event_type: Option<String>,
    /// At least this many fatalities by the highest report (`fatalities_max`).
    pub min_fatalities: Option<u32>,
    /// Only incidents reported by at least this many documents.
    pub min_reports: Option<u32>,
    /// At most this many; 0 means [`DEFAULT_LIMIT`].
    pub limit: u32,
    pub offset: u32,
}

/// What one consolidating batch did: the per-document results (as
/// [`Store::insert_batch_each`]) and the incidents it changed.
#[derive(Debug, Default)]
pub struct BatchOutcome {
    pub results: Vec<Result<Inserted, Error>>,
    pub changes: Changes,
}

impl Store {
    /// Every stored event as a consolidation [`Mention`], in document-then-event order.
    ///
    /// Street addresses come from `incident_mentions` when the event was consolidated
    /// before, and are found in the document text otherwise.
    pub fn mentions(&self) -> Result<Vec<Mention>, Error> {
        let mut statement = self.conn.prepare_cached(
            "SELECT e.id, d.id, d.published, d.source, e.ordinal, e.event_json, m.addresses
             FROM events e JOIN documents d ON d.doc_rowid = e.doc_rowid
             LEFT JOIN incident_mentions m ON m.doc_rowid = e.doc_rowid AND m.ordinal = e.ordinal
             ORDER BY e.doc_rowid, e.ordinal",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, u32>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut mentions = Vec::new();
        let mut text_of: Option<(String, String, Option<String>)> = None;
        for row in rows {
            let (id, doc_id, published, source, ordinal, json, addresses) = row?;
            let event: Event =
                serde_json::from_str(&json).map_err(|source| Error::CorruptEvent { id, source })?;
            let addresses: Vec<StreetAddress> = match addresses {
                Some(a) => serde_json::from_str(&a).unwrap_or_default(),
                None => {
                    // Not consolidated yet: find the addresses in the text (read once per
                    // document; rows come grouped by document).
                    if text_of.as_ref().is_none_or(|(d, _, _)| *d != doc_id) {
                        let (text, title): (String, Option<String>) = self
                            .conn
                            .prepare_cached("SELECT text, title FROM documents WHERE id = ?1")?
                            .query_row([&doc_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
                        text_of = Some((doc_id.clone(), text, title));
                    }
                    text_of
                        .as_ref()
                        .map(|(_, text, title)| {
                            addresses_for(text, title.as_deref(), &event, ordinal)
                        })
                        .unwrap_or_default()
                }
            };
            mentions.push(Mention {
                key: MentionKey::new(doc_id, ordinal),
                published,
                source,
                event,
                addresses,
            });
        }
        Ok(mentions)
    }

    /// Every stored override, oldest first.
    pub fn overrides(&self) -> Result<Vec<StoredOverride>, Error> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, override_json, created_by, created_at, note FROM overrides ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json, created_by, created_at, note) = row?;
            let r#override =
                serde_json::from_str(&json).map_err(|source| Error::CorruptIncident {
                    id: format!("override {id}"),
                    source,
                })?;
            out.push(StoredOverride {
                id,
                r#override,
                created_by,
                created_at,
                note,
            });
        }
        Ok(out)
    }

    /// Rebuilds the consolidator from the stored events and overrides, and brings the
    /// stored incidents in step with it if they are not (rewriting them all in one
    /// transaction). Pass the result to [`Store::insert_batch_consolidated`] and
    /// [`Store::add_override`].
    pub fn consolidator(&mut self, config: Config) -> Result<Consolidator, Error> {
        let mentions = self.mentions()?;
        let overrides = self
            .overrides()?
            .into_iter()
            .map(|o| o.r#override)
            .collect();
        let c = Consolidator::batch(config, mentions, overrides);
        if !self.incidents_in_step(&c)? {
            self.rewrite_incidents(&c)?;
        }
        Ok(c)
    }

    /// Cheap check: the same number of mention rows and the same incident ids.
    fn incidents_in_step(&self, c: &Consolidator) -> Result<bool, Error> {
        let mentions: i64 =
            self.conn
                .query_row("SELECT count(*) FROM incident_mentions", [], |row| {
                    row.get(0)
                })?;
        if usize::try_from(mentions).ok() != Some(c.len()) {
            return Ok(false);
        }
        let mut statement = self.conn.prepare("SELECT id FROM incidents ORDER BY id")?;
        let stored = statement.query_map([], |row| row.get::<_, String>(0))?;
        let mut held = c.events().map(|e| e.id.as_str());
        for id in stored {
            if held.next() != Some(id?.as_str()) {
                return Ok(false);
            }
        }
        Ok(held.next().is_none())
    }

    /// Replaces every stored incident with the consolidator's, in one transaction.
    pub fn rewrite_incidents(&mut self, c: &Consolidator) -> Result<(), Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM incident_mentions", [])?;
        tx.execute("DELETE FROM incidents", [])?;
        for ev in c.events() {
            insert_incident(&tx, c, ev)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Stores many documents (a bad one leaves nothing and the rest go on, as
    /// [`Store::insert_batch_each`]) and consolidates the new ones into `c`, writing the incidents that changed, all in
    /// one transaction: after a crash the store holds either the whole batch with its
    /// incidents or none of it.
    ///
    /// Per-document content problems are in [`BatchOutcome::results`] as messages; the
    /// outer error is a failure of the database, after which `c` is ahead of the store
    /// and must be rebuilt with [`Store::consolidator`].
    pub fn insert_batch_consolidated<'a>(
        &mut self,
        c: &mut Consolidator,
        items: impl IntoIterator<Item = (NewDocument<'a>, Vec<Event>)>,
    ) -> Result<BatchOutcome, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::new();
        let mut mentions = Vec::new();
        // The documents this batch stored: their mentions have no rows yet.
        let mut new_docs: HashMap<&'a str, i64> = HashMap::new();
        for (doc, events) in items {
            // No savepoint per document (see `insert_one`).
            match insert_one(&tx, &doc, &events) {
                Ok(inserted) => {
                    if let Inserted::New { doc_rowid, .. } = inserted {
                        new_docs.insert(doc.id, doc_rowid);
                        // The text and the title give each event its keys: street
                        // addresses and the people it names (read once per document).
                        mentions.extend(Mention::from_document(
                            doc.id,
                            doc.published,
                            doc.source,
                            Some(doc.text),
                            doc.title,
                            &events,
                        ));
                    }
                    results.push(Ok(inserted));
                }
                Err(e) if e.is_content_problem() => results.push(Err(e)),
                Err(e) => return Err(e),
            }
        }
        let changes = if mentions.is_empty() {
            Changes::default()
        } else {
            c.add(mentions)
        };
        write_changes(&tx, c, &changes, &new_docs)?;
        // Last: once FTS5 is part of the transaction, every later statement that opens a
        // statement journal makes it flush (see `index_texts`).
        index_texts(&tx, results.iter().flatten())?;
        tx.commit()?;
        Ok(BatchOutcome { results, changes })
    }

    /// Stores a user override (once; a repeat changes nothing but returns no changes),
    /// applies it to `c` and writes the incidents it changed, in one transaction.
    pub fn add_override(
        &mut self,
        c: &mut Consolidator,
        o: Override,
        created_by: Option<&str>,
        note: Option<&str>,
    ) -> Result<Changes, Error> {
        let json = override_json(&o)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO overrides (kind, override_json, created_by, note) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (override_json) DO NOTHING",
            params![override_kind(&o), json, created_by, note],
        )?;
        let changes = c.apply(o);
        write_changes(&tx, c, &changes, &HashMap::new())?;
        tx.commit()?;
        Ok(changes)
    }

    /// Deletes a stored override, withdraws it from `c` and writes the incidents it
    /// changed, in one transaction. `Ok(None)` when no such override is stored.
    pub fn withdraw_override(
        &mut self,
        c: &mut Consolidator,
        o: &Override,
    ) -> Result<Option<Changes>, Error> {
        let json = override_json(o)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let deleted = tx.execute("DELETE FROM overrides WHERE override_json = ?1", [json])?;
        if deleted == 0 {
            return Ok(None);
        }
        let changes = c.withdraw(o);
        write_changes(&tx, c, &changes, &HashMap::new())?;
        tx.commit()?;
        Ok(Some(changes))
    }

    /// SQLite's `data_version` of this connection: it changes when another connection (or
    /// process) commits to the store, and only then. A consolidator kept between writes
    /// is still in step with the store while this value is unchanged.
    pub fn data_version(&self) -> Result<i64, Error> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }

    /// The stored incident with this id.
    pub fn incident(&self, id: &str) -> Result<Option<ConsolidatedEvent>, Error> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT incident_json FROM incidents WHERE id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?;
        json.map(|j| self.read_incident(id, &j)).transpose()
    }

    /// The stored incident holding the mention `key` (document id and event index).
    pub fn incident_of(&self, key: &MentionKey) -> Result<Option<ConsolidatedEvent>, Error> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT i.id, i.incident_json
                 FROM incident_mentions m
                 JOIN documents d ON d.doc_rowid = m.doc_rowid
                 JOIN incidents i ON i.id = m.incident_id
                 WHERE d.id = ?1 AND m.ordinal = ?2",
            )?
            .query_row(params![key.doc_id, key.event_index], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        row.map(|(id, j)| self.read_incident(&id, &j)).transpose()
    }

    /// Whether the store holds event `key.event_index` of document `key.doc_id`.
    pub fn has_mention(&self, key: &MentionKey) -> Result<bool, Error> {
        let found: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT 1 FROM events e JOIN documents d ON d.doc_rowid = e.doc_rowid
                 WHERE d.id = ?1 AND e.ordinal = ?2",
            )?
            .query_row(params![key.doc_id, key.event_index], |row| row.get(0))
            .optional()?;
        Ok(found.is_some())
    }

    /// The incidents matching every filter that is set, by date (undated last), then id.
    pub fn incidents(&self, filter: &IncidentFilter) -> Result<Vec<ConsolidatedEvent>, Error> {
        let mut sql = String::from("SELECT id, incident_json FROM incidents WHERE 1");
        let mut values: Vec<Value> = Vec::new();
        let mut push = |fragment: &'static str, value: Value| {
            sql.push_str(fragment);
            values.push(value);
        };
        if let Some(country) = &filter.country {
            push(
                " AND country = ?",
                Value::Text(country.to_ascii_uppercase()),
            );
        }
        if let Some(from) = &filter.date_from {
            check_date("date_from", from)?;
            push(" AND date >= ?", Value::Text(from.clone()));
        }
        if let Some(to) = &filter.date_to {
            check_date("date_to", to)?;
            push(" AND date <= ?", Value::Text(to.clone()));
        }
        if let Some(t) = &filter.event_type {
            push(" AND event_type = ?", Value::Text(t.clone()));
        }
        if let Some(t) = &filter.sub_event_type {
            push(" AND sub_event_type = ?", Value::Text(t.clone()));
        }
        if let Some(min) = filter.min_fatalities {
            push(" AND fatalities_max >= ?", Value::Integer(i64::from(min)));
        }
        if let Some(min) = filter.min_reports {
            push(" AND reports >= ?", Value::Integer(i64::from(min)));
        }
        let limit = if filter.limit == 0 {
            DEFAULT_LIMIT
        } else {
            filter.limit
        };
        push(
            " ORDER BY date IS NULL, date, id LIMIT ?",
            Value::Integer(i64::from(limit)),
        );
        push(" OFFSET ?", Value::Integer(i64::from(filter.offset)));
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params_from_iter(values), |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row?;
            out.push(self.read_incident(&id, &json)?);
        }
        Ok(out)
    }
}

impl Store {
    /// A stored incident with the reasons of its merges written again from its stored
    /// mentions (the store keeps each merge's score, not its reasons: see
    /// [`ConsolidatedEvent::explain_merges`]).
    fn read_incident(&self, id: &str, json: &str) -> Result<ConsolidatedEvent, Error> {
        let mut ev = parse_incident(id, json)?;
        let mut found = HashMap::new();
        for key in ev.unexplained_mentions() {
            if let Some(m) = self.mention(key)? {
                found.insert(key.clone(), m);
            }
        }
        if !found.is_empty() {
            ev.explain_merges(|k| found.get(k).cloned());
        }
        Ok(ev)
    }

    /// One stored event as a consolidation [`Mention`], as [`Store::mentions`] reads it.
    fn mention(&self, key: &MentionKey) -> Result<Option<Mention>, Error> {
        let row: Option<MentionRow> = self
            .conn
            .prepare_cached(
                "SELECT e.id, d.published, d.source, e.event_json, m.addresses
                 FROM documents d JOIN events e ON e.doc_rowid = d.doc_rowid
                 LEFT JOIN incident_mentions m ON m.doc_rowid = e.doc_rowid AND m.ordinal = e.ordinal
                 WHERE d.id = ?1 AND e.ordinal = ?2",
            )?
            .query_row(params![key.doc_id, key.event_index], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
            })
            .optional()?;
        let Some((id, published, source, json, addresses)) = row else {
            return Ok(None);
        };
        let event: Event =
            serde_json::from_str(&json).map_err(|source| Error::CorruptEvent { id, source })?;
        let addresses = match addresses {
            Some(a) => serde_json::from_str(&a).unwrap_or_default(),
            None => {
                let (text, title): (String, Option<String>) = self
                    .conn
                    .prepare_cached("SELECT text, title FROM documents WHERE id = ?1")?
                    .query_row([&key.doc_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
                addresses_for(&text, title.as_deref(), &event, key.event_index)
            }
        };
        Ok(Some(Mention {
            key: key.clone(),
            published,
            source,
            event,
            addresses,
        }))
    }
}

/// An event row read as a mention: event id, published, source, event JSON, addresses.
type MentionRow = (i64, Option<String>, Option<String>, String, Option<String>);

fn parse_incident(id: &str, json: &str) -> Result<ConsolidatedEvent, Error> {
    serde_json::from_str(json).map_err(|source| Error::CorruptIncident {
        id: id.to_owned(),
        source,
    })
}

fn override_kind(o: &Override) -> &'static str {
    match o {
        Override::Split { .. } => "split",
        Override::Merge { .. } => "merge",
        Override::KeepApart { .. } => "keep_apart",
    }
}

/// The canonical JSON of an override (pairs in key order, so `merge A B` and `merge B A`
/// are one row).
fn override_json(o: &Override) -> Result<String, Error> {
    let canonical = match o.clone() {
        Override::Merge { a, b } if b < a => Override::Merge { a: b, b: a },
        Override::KeepApart { a, b } if b < a => Override::KeepApart { a: b, b: a },
        other => other,
    };
    serde_json::to_string(&canonical).map_err(|source| Error::CorruptIncident {
        id: "override".to_owned(),
        source,
    })
}

/// Writes `changes` inside the caller's transaction, touching only what changed.
///
/// Every upserted incident's row is written in place (an upsert, not a delete and an
/// insert: deleting would cascade to its mention rows). Each of its mentions is looked
/// up: a mention already mapped to it is left alone, one mapped to another incident is
/// re-pointed, and a new one is inserted with its street addresses. Removed incidents go
/// last, once none of their mentions points at them any more (the cascade then deletes
/// only the rows of mentions that left the store).
///
/// `new_docs` maps the documents the caller's transaction stored (id to `doc_rowid`):
/// their mentions have no rows yet, so they are inserted without a lookup.
fn write_changes(
    conn: &Connection,
    c: &Consolidator,
    changes: &Changes,
    new_docs: &HashMap<&str, i64>,
) -> Result<(), Error> {
    for id in &changes.upserted {
        if let Some(ev) = c.event(id) {
            write_incident_row(conn, ev, UPSERT_INCIDENT)?;
            write_mention_rows(conn, c, ev, new_docs)?;
        }
    }
    let upserted: HashSet<&str> = changes.upserted.iter().map(String::as_str).collect();
    let mut delete = conn.prepare_cached("DELETE FROM incidents WHERE id = ?1")?;
    for id in &changes.removed {
        if !upserted.contains(id.as_str()) {
            delete.execute([id])?;
        }
    }
    Ok(())
}

/// Points the mention rows of `ev` at it: an insert for a mention without a row, an
/// update for one mapped elsewhere, nothing for one already mapped to `ev`. A mention of
/// a document in `new_docs` (stored by this transaction) has no row: it is inserted
/// without looking.
fn write_mention_rows(
    conn: &Connection,
    c: &Consolidator,
    ev: &ConsolidatedEvent,
    new_docs: &HashMap<&str, i64>,
) -> Result<(), Error> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO incident_mentions (doc_rowid, ordinal, incident_id, addresses)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut lookup = conn.prepare_cached(
        "SELECT d.doc_rowid, m.incident_id
         FROM documents d
         LEFT JOIN incident_mentions m ON m.doc_rowid = d.doc_rowid AND m.ordinal = ?2
         WHERE d.id = ?1",
    )?;
    for m in &ev.mentions {
        if let Some(&doc_rowid) = new_docs.get(m.key.doc_id.as_str()) {
            let addresses = addresses_json(c, ev, &m.key)?;
            insert.execute(params![doc_rowid, m.key.event_index, ev.id, addresses])?;
            continue;
        }
        let found: Option<(i64, Option<String>)> = lookup
            .query_row(params![m.key.doc_id, m.key.event_index], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        match found {
            // The event's document is not stored: as the insert below, nothing to write.
            None => {}
            Some((_, Some(current))) if current == ev.id => {}
            Some((doc_rowid, Some(_))) => {
                conn.prepare_cached(
                    "UPDATE incident_mentions SET incident_id = ?3
                     WHERE doc_rowid = ?1 AND ordinal = ?2",
                )?
                .execute(params![doc_rowid, m.key.event_index, ev.id])?;
            }
            Some((doc_rowid, None)) => {
                let addresses = addresses_json(c, ev, &m.key)?;
                insert.execute(params![doc_rowid, m.key.event_index, ev.id, addresses])?;
            }
        }
    }
    Ok(())
}

/// The street addresses and other keys the consolidator holds for a mention, as stored.
fn addresses_json(
    c: &Consolidator,
    ev: &ConsolidatedEvent,
    key: &MentionKey,
) -> Result<String, Error> {
    let corrupt = |source| Error::CorruptIncident {
        id: ev.id.clone(),
        source,
    };
    Ok(c.mention(key)
        .map(|full| serde_json::to_string(&full.addresses))
        .transpose()
        .map_err(corrupt)?
        .unwrap_or_else(|| "[]".to_owned()))
}

/// The JSON of an incident. JSON has no NaN or infinity (serde_json writes `null`, which
/// does not read back as a number): a user merge's step has no average score (`linkage`
/// is NaN in memory), so non-finite figures are stored as 0.
fn incident_json(ev: &ConsolidatedEvent) -> Result<String, serde_json::Error> {
    let finite = |x: f64| x.is_finite();
    let clean = ev.merges.iter().all(|m| {
        finite(m.linkage)
            && m.pair
                .as_ref()
                .is_none_or(|p| finite(p.score) && finite(p.distance_km))
    });
    if clean {
        return serde_json::to_string(ev);
    }
    let mut ev = ev.clone();
    let fix = |x: &mut f64| {
        if !x.is_finite() {
            *x = 0.0;
        }
    };
    for m in &mut ev.merges {
        fix(&mut m.linkage);
        if let Some(p) = m.pair.as_mut() {
            fix(&mut p.score);
            fix(&mut p.distance_km);
            for f in &mut p.features {
                fix(&mut f.weight);
            }
        }
    }
    serde_json::to_string(&ev)
}

/// Inserts an incident and its mention rows (the store holds neither).
fn insert_incident(
    conn: &Connection,
    c: &Consolidator,
    ev: &ConsolidatedEvent,
) -> Result<(), Error> {
    write_incident_row(conn, ev, INSERT_INCIDENT)?;
    let mut mention = conn.prepare_cached(
        "INSERT INTO incident_mentions (doc_rowid, ordinal, incident_id, addresses)
         SELECT doc_rowid, ?2, ?3, ?4 FROM documents WHERE id = ?1",
    )?;
    for m in &ev.mentions {
        let addresses = addresses_json(c, ev, &m.key)?;
        mention.execute(params![m.key.doc_id, m.key.event_index, ev.id, addresses])?;
    }
    Ok(())
}

const INSERT_INCIDENT: &str = "\
INSERT INTO incidents (id, event_type, sub_event_type, date, location_name, lat, lon,
    admin1, country, fatalities, fatalities_min, fatalities_max, injuries,
    injuries_min, injuries_max, reports, sources, aggregate, hedged, incident_json)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
        ?18, ?19, ?20)";

/// [`INSERT_INCIDENT`], or the same columns written over the stored row of that id.
const UPSERT_INCIDENT: &str = "\
INSERT INTO incidents (id, event_type, sub_event_type, date, location_name, lat, lon,
    admin1, country, fatalities, fatalities_min, fatalities_max, injuries,
    injuries_min, injuries_max, reports, sources, aggregate, hedged, incident_json)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
        ?18, ?19, ?20)
ON CONFLICT (id) DO UPDATE SET
    event_type = excluded.event_type, sub_event_type = excluded.sub_event_type,
    date = excluded.date, location_name = excluded.location_name, lat = excluded.lat,
    lon = excluded.lon, admin1 = excluded.admin1, country = excluded.country,
    fatalities = excluded.fatalities, fatalities_min = excluded.fatalities_min,
    fatalities_max = excluded.fatalities_max, injuries = excluded.injuries,
    injuries_min = excluded.injuries_min, injuries_max = excluded.injuries_max,
    reports = excluded.reports, sources = excluded.sources, aggregate = excluded.aggregate,
    hedged = excluded.hedged, incident_json = excluded.incident_json";

/// Writes an incident's row (not its mentions) with `sql`, [`INSERT_INCIDENT`] or
/// [`UPSERT_INCIDENT`].
fn write_incident_row(conn: &Connection, ev: &ConsolidatedEvent, sql: &str) -> Result<(), Error> {
    let corrupt = |source| Error::CorruptIncident {
        id: ev.id.clone(),
        source,
    };
    let json = incident_json(ev).map_err(corrupt)?;
    let sources = serde_json::to_string(&ev.sources).map_err(corrupt)?;
    let location = ev.location.as_ref();
    conn.prepare_cached(sql)?.execute(params![
        ev.id,
        ev.event_type,
        ev.sub_event_type,
        ev.date,
        location.map(|l| &l.name),
        location.map(|l| l.lat),
        location.map(|l| l.lon),
        location.and_then(|l| l.admin1.as_deref()),
        location.and_then(|l| l.country.as_deref()),
        ev.fatalities,
        ev.fatalities_min,
        ev.fatalities_max,
        ev.injuries,
        ev.injuries_min,
        ev.injuries_max,
        i64::try_from(ev.reports()).unwrap_or(i64::MAX),
        sources,
        ev.aggregate,
        ev.hedged,
        json,
    ])?;
    Ok(())
}
