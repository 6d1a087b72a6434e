//! The input: one event of one document (a *mention*), with what the consolidator needs to
//! know about the report it came from.

use std::fmt;

use eventwatch_schema::Event;
use serde::{Deserialize, Serialize};

use crate::address::{street_addresses, StreetAddress};

/// Which event of which document: the document id and the event's index in salience order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MentionKey {
    pub doc_id: String,
    pub event_index: u32,
}

impl MentionKey {
    pub fn new(doc_id: impl Into<String>, event_index: u32) -> MentionKey {
        MentionKey {
            doc_id: doc_id.into(),
            event_index,
        }
    }

    /// Reads `DOC#INDEX`, the form [`fmt::Display`] writes.
    pub fn parse(s: &str) -> Option<MentionKey> {
        let (doc, idx) = s.rsplit_once('#')?;
        Some(MentionKey::new(doc, idx.parse().ok()?))
    }
}

impl fmt::Display for MentionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.doc_id, self.event_index)
    }
}

/// One event as one report tells it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub key: MentionKey,
    /// The document's publication date (`YYYY-MM-DD`), used to order toll updates.
    pub published: Option<String>,
    /// The outlet ("Reuters", a feed name or a web host); `None` when unknown.
    pub source: Option<String>,
    pub event: Event,
    /// Street addresses the report gives for this event (see [`addresses_for`]).
    #[serde(default)]
    pub addresses: Vec<StreetAddress>,
}

/// The characters around an event's evidence searched for its street address.
const ADDRESS_WINDOW: usize = 400;

/// The street addresses that belong to event `event_index` of a document with `text`:
/// those within [`ADDRESS_WINDOW`] bytes of one of the event's evidence spans; for the
/// main event (index 0) with none nearby, the first address of the text (local reports
/// give the scene's address early). Evidence offsets are characters, as in the contract.
pub fn addresses_for(text: &str, event: &Event, event_index: u32) -> Vec<StreetAddress> {
    let found = street_addresses(text);
    if found.is_empty() {
        return Vec::new();
    }
    let byte_of = |char_off: u32| -> usize {
        text.char_indices()
            .nth(char_off as usize)
            .map_or(text.len(), |(b, _)| b)
    };
    let spans: Vec<(usize, usize)> = event
        .evidence
        .iter()
        .map(|e| {
            if text.is_ascii() {
                (e.start as usize, e.end as usize)
            } else {
                (byte_of(e.start), byte_of(e.end))
            }
        })
        .collect();
    let mut out: Vec<StreetAddress> = Vec::new();
    for a in &found {
        let near = spans.iter().any(|&(s, e)| {
            a.end + ADDRESS_WINDOW >= s && a.start <= e.saturating_add(ADDRESS_WINDOW)
        });
        if near && !out.contains(&a.address) {
            out.push(a.address.clone());
        }
    }
    if out.is_empty() && event_index == 0 {
        if let Some(a) = found.first() {
            out.push(a.address.clone());
        }
    }
    out
}

impl Mention {
    /// A mention without addresses.
    pub fn new(key: MentionKey, event: Event) -> Mention {
        Mention {
            key,
            published: None,
            source: None,
            event,
            addresses: Vec::new(),
        }
    }

    /// Every event of one document as mentions, with the street addresses found in `text`
    /// (pass `None` when the text is not at hand).
    pub fn from_document(
        doc_id: &str,
        published: Option<&str>,
        source: Option<&str>,
        text: Option<&str>,
        events: &[Event],
    ) -> Vec<Mention> {
        events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                Mention {
                    key: MentionKey::new(doc_id, i),
                    published: published.map(str::to_string),
                    source: source.map(str::to_string),
                    event: e.clone(),
                    addresses: text.map(|t| addresses_for(t, e, i)).unwrap_or_default(),
                }
            })
            .collect()
    }
}
