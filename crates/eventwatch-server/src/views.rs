//! The JSON shapes of the API (serialisation only at the edge): events with their store
//! id, event detail with each evidence span in its sentence, documents with sentences.

use eventwatch_schema::{Event, Evidence};
use eventwatch_store::{StoredDocument, StoredEvent};
use eventwatch_text::{Document, DocumentMeta};
use serde::Serialize;

/// An event as the API lists it: the contract's `Event` plus where it is stored.
#[derive(Serialize)]
pub struct EventView<'a> {
    /// The store id: `GET /api/events/{id}`.
    pub id: i64,
    pub doc_id: &'a str,
    /// Salience rank within the document, 0 first (the CSV's `event_index`).
    pub event_index: u32,
    pub event: EventBody<'a>,
}

/// The event, with or without its evidence.
#[derive(Serialize)]
#[serde(untagged)]
pub enum EventBody<'a> {
    Full(&'a Event),
    #[cfg(test)]
    Brief(Brief<'a>),
}

/// Every field of an event but its evidence, means and codes (lists stay small; the
/// detail has it all). Lists serve the store's summaries ([`eventwatch_store::EventBrief`])
/// as they are; this is their shape, which the tests check them against.
#[cfg(test)]
#[derive(Serialize)]
pub struct Brief<'a> {
    pub event_type: &'a str,
    pub sub_event_type: &'a str,
    pub plover_type: &'a str,
    pub date: Option<&'a str>,
    pub date_precision: eventwatch_schema::DatePrecision,
    pub actor1: Option<&'a eventwatch_schema::Actor>,
    pub actor2: Option<&'a eventwatch_schema::Actor>,
    pub location: Option<&'a eventwatch_schema::Location>,
    pub fatalities: u32,
    pub fatalities_min: Option<u32>,
    pub fatalities_max: Option<u32>,
    pub injuries: u32,
    pub aggregate: bool,
    pub hedged: bool,
}

impl<'a> EventView<'a> {
    #[cfg(test)]
    pub fn brief(e: &'a StoredEvent) -> EventView<'a> {
        let ev = &e.event;
        EventView {
            id: e.id,
            doc_id: &e.doc_id,
            event_index: e.ordinal,
            event: EventBody::Brief(Brief {
                event_type: &ev.event_type,
                sub_event_type: &ev.sub_event_type,
                plover_type: &ev.plover_type,
                date: ev.date.as_deref(),
                date_precision: ev.date_precision,
                actor1: ev.actor1.as_ref(),
                actor2: ev.actor2.as_ref(),
                location: ev.location.as_ref(),
                fatalities: ev.fatalities,
                fatalities_min: ev.fatalities_min,
                fatalities_max: ev.fatalities_max,
                injuries: ev.injuries,
                aggregate: ev.aggregate,
                hedged: ev.hedged,
            }),
        }
    }

    pub fn full(e: &'a StoredEvent) -> EventView<'a> {
        EventView {
            id: e.id,
            doc_id: &e.doc_id,
            event_index: e.ordinal,
            event: EventBody::Full(&e.event),
        }
    }
}

/// A sentence of a document, in character offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub index: usize,
    pub start: u32,
    pub end: u32,
}

/// The sentences of a stored text, segmented again the way the pipeline segments them.
pub fn sentences(text: &str) -> (Document, Vec<Sentence>) {
    let doc = Document::new(DocumentMeta::default(), text);
    let spans = doc
        .sentences()
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let (start, end) = doc.char_span(*s);
            Sentence { index, start, end }
        })
        .collect();
    (doc, spans)
}

/// A document's metadata without its text.
#[derive(Serialize)]
pub struct DocumentHead<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    pub source: Option<&'a str>,
    pub published: Option<&'a str>,
}

impl<'a> DocumentHead<'a> {
    pub fn of(d: &'a StoredDocument) -> DocumentHead<'a> {
        DocumentHead {
            id: &d.id,
            title: d.title.as_deref(),
            url: d.url.as_deref(),
            source: d.source.as_deref(),
            published: d.published.as_deref(),
        }
    }
}

/// `GET /api/documents/{id}`.
#[derive(Serialize)]
pub struct DocumentView<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    pub source: Option<&'a str>,
    pub published: Option<&'a str>,
    pub language: Option<&'a str>,
    pub content_hash: &'a str,
    pub pipeline_version: &'a str,
    pub ingested_at: &'a str,
    pub text: &'a str,
    pub sentences: Vec<Sentence>,
}

impl<'a> DocumentView<'a> {
    pub fn of(d: &'a StoredDocument) -> DocumentView<'a> {
        DocumentView {
            id: &d.id,
            title: d.title.as_deref(),
            url: d.url.as_deref(),
            source: d.source.as_deref(),
            published: d.published.as_deref(),
            language: d.language.as_deref(),
            content_hash: &d.content_hash,
            pipeline_version: &d.pipeline_version,
            ingested_at: &d.ingested_at,
            text: &d.text,
            sentences: sentences(&d.text).1,
        }
    }
}

/// One sentence that holds evidence, with the evidence inside it. Offsets are characters
/// into the document text; `text` is the sentence itself, so a client highlights a span
/// at `evidence.start - start` code points into it.
#[derive(Serialize)]
pub struct EvidenceSentence<'a> {
    pub index: usize,
    pub start: u32,
    pub end: u32,
    pub text: String,
    pub evidence: Vec<&'a Evidence>,
}

/// `GET /api/events/{id}`.
#[derive(Serialize)]
pub struct EventDetail<'a> {
    #[serde(flatten)]
    pub event: EventView<'a>,
    pub document: Option<DocumentHead<'a>>,
    /// The sentences that hold evidence, in text order.
    pub sentences: Vec<EvidenceSentence<'a>>,
    /// Evidence whose offsets fall outside the stored text (should not happen).
    pub unplaced: Vec<&'a Evidence>,
}

impl<'a> EventDetail<'a> {
    pub fn of(e: &'a StoredEvent, doc: Option<&'a StoredDocument>) -> EventDetail<'a> {
        let mut out = EventDetail {
            event: EventView::full(e),
            document: doc.map(DocumentHead::of),
            sentences: Vec::new(),
            unplaced: Vec::new(),
        };
        let Some(doc) = doc else {
            out.unplaced = e.event.evidence.iter().collect();
            return out;
        };
        let (parsed, spans) = sentences(&doc.text);
        for ev in &e.event.evidence {
            let at = spans
                .binary_search_by(|s| {
                    if s.end <= ev.start {
                        std::cmp::Ordering::Less
                    } else if s.start > ev.start {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .ok();
            let Some(i) = at else {
                out.unplaced.push(ev);
                continue;
            };
            match out.sentences.iter_mut().find(|s| s.index == i) {
                Some(s) => s.evidence.push(ev),
                None => {
                    let (Some(span), Some(byte_span)) = (spans.get(i), parsed.sentences().get(i))
                    else {
                        out.unplaced.push(ev);
                        continue;
                    };
                    out.sentences.push(EvidenceSentence {
                        index: i,
                        start: span.start,
                        end: span.end,
                        text: parsed.slice(*byte_span).to_string(),
                        evidence: vec![ev],
                    });
                }
            }
        }
        out.sentences.sort_by_key(|s| s.index);
        for s in &mut out.sentences {
            s.evidence.sort_by_key(|ev| (ev.start, ev.end));
        }
        out
    }
}
