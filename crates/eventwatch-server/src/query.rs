//! Reading through the store's public API: pages (with the server's own actor filter),
//! scans for aggregates and exports, and finding one event by id.
//!
//! The store answers [`Store::events`] pages ordered by date; it has no count, no
//! grouping and no lookup by event id. Until it does (see the crate docs), the server
//! scans pages of [`SCAN_CHUNK`] events, never more than [`MAX_SCAN`] per request.

use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;
use std::sync::{Mutex, PoisonError};

use eventwatch_schema::Event;
use eventwatch_store::{EventFilter, Order, Store, StoredEvent};

use crate::error::ApiError;
use crate::params::Selection;

/// Events per store call while scanning.
pub const SCAN_CHUNK: u32 = 1000;
/// Most events one request reads from the store while scanning.
pub const MAX_SCAN: u64 = 250_000;

/// Calls `each` on the events of `filter` (its limit and offset ignored), oldest first,
/// until it breaks or [`MAX_SCAN`] events were read. Returns true if the cap stopped it.
pub fn scan(
    store: &Store,
    filter: &EventFilter,
    mut each: impl FnMut(StoredEvent) -> ControlFlow<()>,
) -> Result<bool, ApiError> {
    let mut f = filter.clone();
    f.limit = SCAN_CHUNK;
    f.offset = 0;
    let mut read: u64 = 0;
    loop {
        let page = store.events(&f)?;
        let n = page.len();
        for event in page {
            read += 1;
            if each(event).is_break() {
                return Ok(false);
            }
        }
        if n < SCAN_CHUNK as usize {
            return Ok(false);
        }
        if read >= MAX_SCAN {
            return Ok(true);
        }
        let Some(next) = f.offset.checked_add(SCAN_CHUNK) else {
            return Ok(true);
        };
        f.offset = next;
    }
}

/// One page of a selection.
pub struct Page {
    pub events: Vec<StoredEvent>,
    /// The offset of the next page, if there are more events.
    pub next_offset: Option<u32>,
    /// True if the server-side filter stopped at [`MAX_SCAN`] before filling the page.
    pub truncated: bool,
}

/// The events `offset..offset + limit` of the selection.
pub fn page(store: &Store, sel: &Selection, limit: u32, offset: u32) -> Result<Page, ApiError> {
    if sel.store_only() {
        let mut f = sel.filter.clone();
        // One more than asked tells whether another page follows.
        f.limit = limit.saturating_add(1);
        f.offset = offset;
        let mut events = store.events(&f)?;
        let more = events.len() > limit as usize;
        events.truncate(limit as usize);
        return Ok(Page {
            next_offset: more.then(|| offset.saturating_add(limit)),
            events,
            truncated: false,
        });
    }
    let mut skipped = 0u32;
    let mut events = Vec::new();
    let mut more = false;
    let truncated = scan(store, &sel.filter, |e| {
        if !sel.keeps(&e.event) {
            return ControlFlow::Continue(());
        }
        if skipped < offset {
            skipped += 1;
        } else if events.len() < limit as usize {
            events.push(e);
        } else {
            more = true;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    })?;
    Ok(Page {
        next_offset: more.then(|| offset.saturating_add(limit)),
        events,
        truncated,
    })
}

/// Every event of the selection up to `limit`, in the selection's order for store-only
/// filters. Returns the events and whether a cap stopped the scan.
pub fn all(
    store: &Store,
    sel: &Selection,
    limit: u32,
) -> Result<(Vec<StoredEvent>, bool), ApiError> {
    let mut events = Vec::new();
    let mut filter = sel.filter.clone();
    let order = filter.order;
    // Scans run oldest first so that paging is stable while newer events arrive.
    filter.order = Order::OldestFirst;
    let mut capped = false;
    let truncated = scan(store, &filter, |e| {
        if sel.keeps(&e.event) {
            if events.len() >= limit as usize {
                capped = true;
                return ControlFlow::Break(());
            }
            events.push(e);
        }
        ControlFlow::Continue(())
    })?;
    if order == Order::NewestFirst {
        events.reverse();
    }
    Ok((events, truncated || capped))
}

/// What `/api/aggregates` groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupBy {
    Day,
    Admin1,
    Type,
}

impl GroupBy {
    pub fn parse(v: &str) -> Option<GroupBy> {
        match v {
            "day" => Some(GroupBy::Day),
            "admin1" => Some(GroupBy::Admin1),
            "type" => Some(GroupBy::Type),
            _ => None,
        }
    }

    /// The bucket key of an event; `None` for undated events by day, and for events with
    /// no region by admin1 (counted apart as `unkeyed`).
    fn key(self, e: &Event) -> Option<String> {
        match self {
            GroupBy::Day => e.date.clone(),
            GroupBy::Admin1 => e.location.as_ref().and_then(|l| {
                let admin1 = l.admin1.as_deref()?;
                Some(match &l.country {
                    Some(c) => format!("{c}/{admin1}"),
                    None => admin1.to_string(),
                })
            }),
            GroupBy::Type => Some(e.event_type.clone()),
        }
    }
}

/// Events and fatalities per key.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Bucket {
    pub key: String,
    pub events: u64,
    pub fatalities: u64,
}

/// The answer of `/api/aggregates`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Aggregates {
    pub buckets: Vec<Bucket>,
    /// Non-aggregate events of the selection with no key (undated, no region).
    pub unkeyed: Bucket,
    /// True if the scan stopped at its cap: the figures cover part of the selection.
    pub truncated: bool,
}

/// Counts non-aggregate events and sums their fatalities per key, keys in order.
/// Aggregate events summarise other events of their document: counting them would count
/// twice.
pub fn aggregate(store: &Store, sel: &Selection, by: GroupBy) -> Result<Aggregates, ApiError> {
    let mut groups: BTreeMap<String, Bucket> = BTreeMap::new();
    let mut unkeyed = Bucket::default();
    let mut filter = sel.filter.clone();
    filter.order = Order::OldestFirst;
    let truncated = scan(store, &filter, |e| {
        if e.event.aggregate || !sel.keeps(&e.event) {
            return ControlFlow::Continue(());
        }
        let bucket = match by.key(&e.event) {
            Some(key) => groups.entry(key).or_insert_with_key(|k| Bucket {
                key: k.clone(),
                ..Bucket::default()
            }),
            None => &mut unkeyed,
        };
        bucket.events += 1;
        bucket.fatalities += u64::from(e.event.fatalities);
        ControlFlow::Continue(())
    })?;
    Ok(Aggregates {
        buckets: groups.into_values().collect(),
        unkeyed,
        truncated,
    })
}

/// Where an event sits in the store's order: enough to ask the store for a handful of
/// candidates that include it.
#[derive(Clone, Debug, PartialEq)]
struct EventKey {
    date: Option<String>,
    sub_event_type: String,
    fatalities: u32,
    point: Option<(f64, f64)>,
}

impl EventKey {
    fn of(e: &Event) -> EventKey {
        EventKey {
            date: e.date.clone(),
            sub_event_type: e.sub_event_type.clone(),
            fatalities: e.fatalities,
            point: e.location.as_ref().map(|l| (l.lon, l.lat)),
        }
    }

    fn filter(&self) -> EventFilter {
        EventFilter {
            date_from: self.date.clone(),
            date_to: self.date.clone(),
            sub_event_type: Some(self.sub_event_type.clone()),
            min_fatalities: Some(self.fatalities),
            bbox: self.point.map(|(lon, lat)| [lon, lat, lon, lat]),
            ..EventFilter::default()
        }
    }
}

/// Finds events by store id without a store method for it: remembers a key for every
/// event the server has handed out, so a lookup reads only the few events that share the
/// key; an id never seen costs one full scan, after which ids missing from an unchanged
/// store are answered at once.
#[derive(Default)]
pub struct EventIndex {
    inner: Mutex<IndexState>,
}

#[derive(Default)]
struct IndexState {
    keys: HashMap<i64, EventKey>,
    /// The store's event count when the last full scan finished.
    scanned_at: Option<u64>,
}

/// Most remembered keys (about 100 bytes each).
const MAX_KEYS: usize = 2_000_000;

impl EventIndex {
    /// Remembers where these events are.
    pub fn remember<'a>(&self, events: impl IntoIterator<Item = &'a StoredEvent>) {
        let mut state = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        for e in events {
            if state.keys.len() >= MAX_KEYS {
                break;
            }
            state.keys.insert(e.id, EventKey::of(&e.event));
        }
    }

    /// The event with store id `id`, if it exists.
    pub fn find(&self, store: &Store, id: i64) -> Result<Option<StoredEvent>, ApiError> {
        let key = {
            let state = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            state.keys.get(&id).cloned()
        };
        if let Some(key) = key {
            let mut found = None;
            scan(store, &key.filter(), |e| {
                if e.id == id {
                    found = Some(e);
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })?;
            if found.is_some() {
                return Ok(found);
            }
        }
        let count = store.stats()?.events;
        {
            let state = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            if state.scanned_at == Some(count) {
                return Ok(None);
            }
        }
        // Unknown id: read everything once, remembering every key on the way.
        let mut found = None;
        let mut seen = Vec::new();
        let filter = EventFilter {
            order: Order::OldestFirst,
            ..EventFilter::default()
        };
        let truncated = scan(store, &filter, |e| {
            seen.push((e.id, EventKey::of(&e.event)));
            if e.id == id {
                found = Some(e);
            }
            ControlFlow::Continue(())
        })?;
        let mut state = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        for (id, key) in seen {
            if state.keys.len() >= MAX_KEYS {
                break;
            }
            state.keys.insert(id, key);
        }
        if !truncated {
            state.scanned_at = Some(count);
        }
        Ok(found)
    }
}
