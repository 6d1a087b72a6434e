//! `POST /api/documents`: documents in the JSON Lines input format, run through the
//! extraction pipeline and stored, with a result per record.

use std::sync::{Mutex, OnceLock, PoisonError};

use eventwatch_consolidate::Consolidator;
use eventwatch_events::{Options, Pipeline, PIPELINE_VERSION};
use eventwatch_ingest::{self as ingest, Item};
use eventwatch_schema::Event;
use eventwatch_store::{Inserted, NewDocument, Store};
use serde::Serialize;

use crate::error::ApiError;

/// The store's record of an ingested document: its metadata, text and content hash, and
/// the pipeline version that extracted its events. `published` is the document's date as
/// `YYYY-MM-DD` (owned by the caller, since `NewDocument` borrows). Used by
/// `POST /api/documents` and by `eventwatch ingest`.
pub fn new_document<'a>(d: &'a ingest::Ingested, published: Option<&'a str>) -> NewDocument<'a> {
    let m = &d.doc.meta;
    NewDocument {
        id: &m.id,
        content_hash: &d.content_hash,
        title: m.title.as_deref(),
        url: m.url.as_deref(),
        source: m.source.as_deref(),
        published,
        language: m.language.as_deref(),
        text: d.doc.text(),
        pipeline_version: PIPELINE_VERSION,
    }
}

/// Most documents in one request.
pub const MAX_DOCUMENTS: usize = 1000;

/// The writer: one connection with the consolidation state, and the pipeline, built on
/// first use.
pub struct Writer {
    state: Mutex<WriterState>,
    pipeline: OnceLock<Result<Pipeline, String>>,
}

struct WriterState {
    store: Store,
    /// The consolidator after this writer's last request, with the store's
    /// `data_version` then: still in step while that is unchanged.
    consolidator: Option<(Consolidator, i64)>,
}

/// What happened to one record of the request.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Outcome {
    /// Stored with this many events.
    New { id: String, events: usize },
    /// The same text is already stored under `existing_id`; nothing added.
    Duplicate { id: String, existing_id: String },
    /// The store refused it (an id already stored with another text).
    Refused { id: String, reason: String },
    /// The record could not be read as a document.
    Rejected { origin: String, reason: String },
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct IngestReport {
    pub documents: Vec<Outcome>,
    pub skipped: usize,
}

impl Writer {
    pub fn new(store: Store) -> Writer {
        Writer {
            state: Mutex::new(WriterState {
                store,
                consolidator: None,
            }),
            pipeline: OnceLock::new(),
        }
    }

    fn pipeline(&self) -> Result<&Pipeline, ApiError> {
        let built = self.pipeline.get_or_init(|| {
            Pipeline::new(&Options { country_hint: None })
                .map_err(|errs| errs.into_iter().map(|e| e.0).collect::<Vec<_>>().join("; "))
        });
        built.as_ref().map_err(|lines| {
            eprintln!("error: the shipped lexicons have bad lines: {lines}");
            ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "pipeline: internal error, see the server log",
            )
        })
    }

    /// Reads `body` as JSON Lines, extracts and stores every document (blocking).
    pub fn ingest(&self, body: &[u8]) -> Result<IngestReport, ApiError> {
        let pipeline = self.pipeline()?;
        let opts = ingest::Options::default();
        let mut outcomes = Vec::new();
        let mut docs: Vec<(ingest::Ingested, Vec<Event>, usize)> = Vec::new();
        let mut skipped = 0;
        for item in ingest::read_reader("body", body, ingest::Format::Jsonl, &opts) {
            if docs.len() + outcomes.len() >= MAX_DOCUMENTS {
                return Err(ApiError::new(
                    axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                    format!("body: expected at most {MAX_DOCUMENTS} documents, found more"),
                ));
            }
            match item {
                Item::Doc(d) => {
                    let events = pipeline.extract(&d.doc).events;
                    // Placeholder outcome, filled in after the batch is stored.
                    let slot = outcomes.len();
                    outcomes.push(Outcome::Rejected {
                        origin: d.origin.to_string(),
                        reason: String::new(),
                    });
                    docs.push((d, events, slot));
                }
                Item::Reject(r) => outcomes.push(Outcome::Rejected {
                    origin: r.origin.to_string(),
                    reason: r.reason,
                }),
                Item::Skipped(_) => skipped += 1,
            }
        }
        if outcomes.is_empty() {
            return Err(ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                "body: expected JSON Lines, one {\"id\", \"text\", ...} object per line, found no record",
            ));
        }
        let published: Vec<Option<String>> = docs
            .iter()
            .map(|(d, _, _)| d.doc.published().map(|p| p.to_string()))
            .collect();
        let items = docs
            .iter()
            .zip(&published)
            .map(|((d, events, _), published)| {
                (new_document(d, published.as_deref()), events.clone())
            });
        let results = {
            let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            let state = &mut *guard;
            // Consolidate as `eventwatch ingest` does, in the same transaction as the
            // documents. The consolidator is kept between requests, and reloaded from the
            // store (linear in the stored events: seconds for tens of thousands) only when
            // another connection or process wrote meanwhile, so a CLI ingest into the same
            // file is never overwritten by a stale view.
            let version = state.store.data_version()?;
            let mut consolidator = match state.consolidator.take() {
                Some((c, seen)) if seen == version => c,
                _ => state
                    .store
                    .consolidator(eventwatch_consolidate::Config::standard())?,
            };
            let outcome = state
                .store
                .insert_batch_consolidated(&mut consolidator, items)?;
            // Our own commits leave `data_version` as it was; on a database error the
            // consolidator may be ahead of the store and is dropped (reloaded next time).
            state.consolidator = Some((consolidator, state.store.data_version()?));
            outcome.results
        };
        for (result, (d, _, slot)) in results.into_iter().zip(&docs) {
            let id = d.doc.meta.id.clone();
            let outcome = match result {
                Ok(Inserted::New { events, .. }) => Outcome::New { id, events },
                Ok(Inserted::Duplicate { existing_id }) => Outcome::Duplicate { id, existing_id },
                Err(e) => Outcome::Refused {
                    id,
                    reason: e.to_string(),
                },
            };
            if let Some(o) = outcomes.get_mut(*slot) {
                *o = outcome;
            }
        }
        Ok(IngestReport {
            documents: outcomes,
            skipped,
        })
    }
}
