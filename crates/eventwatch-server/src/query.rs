//! Reading through the store's public API: pages, exports and groups of a [`Selection`].
//!
//! Every filter, the actor included, is applied by the store in SQL
//! ([`Store::events_matching`], [`Store::count`], [`Store::aggregate`]), so nothing here
//! scans: a page reads one more event than it returns (to tell whether another follows),
//! an export at most one more than its limit.

use eventwatch_store::{Bucket, EventBrief, EventQuery, Store, StoredEvent};

pub use eventwatch_store::GroupBy;

use crate::error::ApiError;
use crate::params::Selection;

impl Selection {
    /// The store's query for this selection, limit and offset as given.
    fn query(&self) -> EventQuery<'_> {
        EventQuery {
            filter: &self.filter,
            actor: self.actor.as_deref(),
        }
    }
}

/// One page of a selection: its events (or their summaries) and where the next begins.
pub struct Page<T> {
    pub events: Vec<T>,
    /// The offset of the next page, if there are more events.
    pub next_offset: Option<u32>,
}

/// The events `offset..offset + limit` of the selection.
pub fn page(
    store: &Store,
    sel: &Selection,
    limit: u32,
    offset: u32,
) -> Result<Page<StoredEvent>, ApiError> {
    paged(sel, limit, offset, |q| store.events_matching(q))
}

/// The summaries of events `offset..offset + limit` of the selection: what
/// `GET /api/events` lists, without reading or parsing the events' evidence.
pub fn brief_page(
    store: &Store,
    sel: &Selection,
    limit: u32,
    offset: u32,
) -> Result<Page<EventBrief>, ApiError> {
    paged(sel, limit, offset, |q| store.event_briefs_matching(q))
}

/// Reads one more than `limit` with `read` to tell whether another page follows.
fn paged<T>(
    sel: &Selection,
    limit: u32,
    offset: u32,
    read: impl for<'q> FnOnce(EventQuery<'q>) -> Result<Vec<T>, eventwatch_store::Error>,
) -> Result<Page<T>, ApiError> {
    let mut sel = sel.clone();
    sel.filter.limit = limit.saturating_add(1);
    sel.filter.offset = offset;
    let mut events = read(sel.query())?;
    let more = events.len() > limit as usize;
    events.truncate(limit as usize);
    Ok(Page {
        next_offset: more.then(|| offset.saturating_add(limit)),
        events,
    })
}

/// The first `limit` events of the selection, in its order, and whether more match.
pub fn all(
    store: &Store,
    sel: &Selection,
    limit: u32,
) -> Result<(Vec<StoredEvent>, bool), ApiError> {
    let page = page(store, sel, limit, 0)?;
    Ok((page.events, page.next_offset.is_some()))
}

/// How many events the selection holds (aggregates included).
pub fn count(store: &Store, sel: &Selection) -> Result<u64, ApiError> {
    Ok(store.count(sel.query())?)
}

/// Events and fatalities per key.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct KeyedBucket {
    pub key: String,
    pub events: u64,
    pub fatalities: u64,
}

/// The answer of `/api/aggregates`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Aggregates {
    pub buckets: Vec<KeyedBucket>,
    /// Non-aggregate events of the selection with no key (undated, no region).
    pub unkeyed: KeyedBucket,
}

/// Counts non-aggregate events and sums their fatalities per key, keys in order (one
/// `GROUP BY` in the store). Aggregate events summarise other events of their document:
/// counting them would count twice.
pub fn aggregate(store: &Store, sel: &Selection, by: GroupBy) -> Result<Aggregates, ApiError> {
    let mut out = Aggregates::default();
    for Bucket {
        key,
        events,
        fatalities,
    } in store.aggregate(sel.query(), by)?
    {
        match key {
            Some(key) => out.buckets.push(KeyedBucket {
                key,
                events,
                fatalities,
            }),
            None => {
                out.unkeyed.events += events;
                out.unkeyed.fatalities += fatalities;
            }
        }
    }
    Ok(out)
}

/// Parses the `by` parameter of `/api/aggregates`.
pub fn parse_group_by(v: &str) -> Option<GroupBy> {
    match v {
        "day" => Some(GroupBy::Day),
        "admin1" => Some(GroupBy::Admin1),
        "type" => Some(GroupBy::Type),
        _ => None,
    }
}

/// The name of a grouping in the API.
pub fn group_by_name(by: GroupBy) -> &'static str {
    match by {
        GroupBy::Day => "day",
        GroupBy::Admin1 => "admin1",
        GroupBy::Type => "type",
    }
}
