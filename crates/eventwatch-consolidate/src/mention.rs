//! The input: one event of one document (a *mention*), with what the consolidator needs to
//! know about the report it came from.

use std::fmt;

use eventwatch_schema::Event;
use serde::{Deserialize, Serialize};

use crate::address::{street_addresses, StreetAddress};
use crate::names::{self, FoundName};

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
    /// Street addresses the report gives for this event, and the people it names (see
    /// [`addresses_for`]).
    #[serde(default)]
    pub addresses: Vec<StreetAddress>,
}

/// The characters around an event's evidence searched for its street address.
const ADDRESS_WINDOW: usize = 400;
/// The characters around an event's evidence searched for the names of the people in it.
const NAME_WINDOW: usize = 600;

/// What a document's text says once, shared by all its events.
struct TextKeys<'a> {
    text: &'a str,
    addresses: Vec<crate::address::FoundAddress>,
    names: Vec<FoundName>,
    /// Every name the text mentions, framed or not.
    mentioned: Vec<FoundName>,
    /// Every age the text gives.
    ages: Vec<crate::ages::FoundAge>,
    /// Every place name the text gives in a place frame.
    places: Vec<crate::places::FoundPlace>,
    /// Byte offset of every character, for non-ASCII texts.
    char_bytes: Option<Vec<usize>>,
    /// The keys the document's title gives (people, names, ages, place names, a street):
    /// they belong to the main event, which the headline announces ("Suspect arrested in
    /// Bunny Friend Park shooting").
    title: Vec<StreetAddress>,
}

impl<'a> TextKeys<'a> {
    fn new(text: &'a str, title: Option<&str>) -> TextKeys<'a> {
        let (names, mentioned) = names::names(text);
        TextKeys {
            text,
            addresses: street_addresses(text),
            names,
            mentioned,
            ages: crate::ages::ages(text),
            places: crate::places::place_names(text),
            char_bytes: (!text.is_ascii()).then(|| char_starts(text)),
            title: title
                .filter(|t| !t.trim().is_empty())
                .map(|t| TextKeys::new(t, None).keys_near(&[], true))
                .unwrap_or_default(),
        }
    }

    fn byte_of(&self, char_off: u32) -> usize {
        match &self.char_bytes {
            None => (char_off as usize).min(self.text.len()),
            Some(v) => v.get(char_off as usize).copied().unwrap_or(self.text.len()),
        }
    }

    /// The street addresses near the event's evidence (for the main event with none
    /// nearby, the text's first), then the people named near it (the main event: every
    /// person of the text).
    fn keys_for(&self, event: &Event, event_index: u32) -> Vec<StreetAddress> {
        let spans: Vec<(usize, usize)> = event
            .evidence
            .iter()
            .map(|e| (self.byte_of(e.start), self.byte_of(e.end)))
            .collect();
        let mut out = self.keys_near(&spans, event_index == 0);
        if event_index == 0 {
            for k in &self.title {
                if !out.contains(k) {
                    out.push(k.clone());
                }
            }
        }
        out
    }

    /// The keys near the evidence `spans` (byte ranges); for the main event (`main`), the
    /// text's first address when none is near and every name, age and place name.
    fn keys_near(&self, spans: &[(usize, usize)], main: bool) -> Vec<StreetAddress> {
        let near = |start: usize, end: usize, window: usize| {
            spans
                .iter()
                .any(|&(s, e)| end + window >= s && start <= e.saturating_add(window))
        };
        let mut out: Vec<StreetAddress> = Vec::new();
        for a in &self.addresses {
            if near(a.start, a.end, ADDRESS_WINDOW) && !out.contains(&a.address) {
                out.push(a.address.clone());
            }
        }
        if out.is_empty() && main {
            if let Some(a) = self.addresses.first() {
                out.push(a.address.clone());
            }
        }
        let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        for n in &self.names {
            if (main || near(n.start, n.end, NAME_WINDOW)) && seen.insert(&n.key) {
                out.push(StreetAddress::person(&n.key));
            }
        }
        for n in &self.mentioned {
            if (main || near(n.start, n.end, NAME_WINDOW)) && seen.insert(&n.key) {
                out.push(StreetAddress::mentioned(&n.key));
            }
        }
        let mut ages: Vec<u8> = self
            .ages
            .iter()
            .filter(|a| main || near(a.start, a.start, NAME_WINDOW))
            .map(|a| a.age)
            .collect();
        ages.sort_unstable();
        ages.dedup();
        out.extend(ages.into_iter().map(StreetAddress::age));
        let mut places: Vec<&str> = self
            .places
            .iter()
            .filter(|p| main || near(p.start, p.start, NAME_WINDOW))
            .map(|p| p.name.as_str())
            .collect();
        places.sort_unstable();
        places.dedup();
        out.extend(places.into_iter().map(StreetAddress::place));
        out
    }
}

/// The byte offset of every character of `text`, in a vector sized once (collected from
/// `char_indices` it grew several times per document: ~0.6% of ingest).
fn char_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::with_capacity(text.len());
    starts.extend(text.char_indices().map(|(b, _)| b));
    starts
}

/// The text keys that belong to event `event_index` of a document with `text` and
/// `title`: street addresses within [`ADDRESS_WINDOW`] bytes of one of the event's evidence
/// spans (for the main event, index 0, with none nearby, the first address of the text:
/// local reports give the scene's address early), then the people the text names in a
/// victim/suspect frame ([`crate::names`]), the other names it mentions, the ages and the
/// place names it gives — within [`NAME_WINDOW`] bytes of the evidence, or anywhere for the
/// main event, which also takes every key of the title (a headline announces the main
/// event). Evidence offsets are characters, as in the contract.
pub fn addresses_for(
    text: &str,
    title: Option<&str>,
    event: &Event,
    event_index: u32,
) -> Vec<StreetAddress> {
    TextKeys::new(text, title).keys_for(event, event_index)
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

    /// Every event of one document as mentions, with the keys found in `text` and `title`
    /// ([`addresses_for`]; pass `None` when the text is not at hand).
    pub fn from_document(
        doc_id: &str,
        published: Option<&str>,
        source: Option<&str>,
        text: Option<&str>,
        title: Option<&str>,
        events: &[Event],
    ) -> Vec<Mention> {
        let keys = text.map(|t| TextKeys::new(t, title));
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
                    addresses: keys.as_ref().map(|k| k.keys_for(e, i)).unwrap_or_default(),
                }
            })
            .collect()
    }
}
