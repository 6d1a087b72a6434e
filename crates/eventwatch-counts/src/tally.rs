//! [`Tally`]: which mentions of one document are totals, parts, or repeats of each other.
//!
//! Mentions are walked in text order, separately for killed, injured and "struck" (hit by
//! gunfire) mentions, ignoring hypothetical and negated ones. Each mention either
//! - repeats a figure already counted (same count, compatible victims, not "another"),
//! - fits as a part inside an earlier, larger figure that still has room ("45 killed ...
//!   29 in Nassiriya ... four in Baghdad ... another 12 in Najaf"),
//! - summarises what came before (a later, larger figure, or a "death toll"), or
//! - is new and adds to the document total.

use eventwatch_text::Document;

use crate::{Casualty, CasualtyKind, VictimKind};

/// How the casualty mentions of one document relate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Indexes into the casualties that summarise others.
    pub aggregates: Vec<usize>,
    /// Repeat mentions of an already counted figure.
    pub duplicates: Vec<usize>,
    /// Aggregate -> its parts.
    pub parts_of: Vec<(usize, Vec<usize>)>,
    /// Aggregate -> the difference its parts do not explain.
    pub remainder: Vec<(usize, u32)>,
}

/// Which mentions are counted together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pool {
    Killed,
    Injured,
    Struck,
    /// Killed and struck together: everyone hit, for "two shot, one fatally".
    Hit,
}

/// "He is in critical condition", "the man was wounded": one known person, who may be
/// reported dead later in the article; counted with everyone hit, not as a new injury.
fn refers_back(c: &Casualty) -> bool {
    matches!(c.count.rule, "pronoun" | "definite" | "name" | "bare-noun")
}

fn in_pool(c: &Casualty, pool: Pool) -> bool {
    match pool {
        Pool::Killed => c.kind == CasualtyKind::Killed,
        Pool::Injured => c.kind == CasualtyKind::Injured && !c.struck,
        Pool::Struck => c.struck,
        Pool::Hit => {
            c.struck
                || c.kind == CasualtyKind::Killed
                || (c.kind == CasualtyKind::Injured && refers_back(c))
        }
    }
}

fn compatible(a: &Casualty, b: &Casualty) -> bool {
    match (&a.victims, &b.victims) {
        (Some(x), Some(y)) => {
            x.kind == y.kind || x.kind == VictimKind::Unknown || y.kind == VictimKind::Unknown
        }
        _ => true,
    }
}

struct Slot {
    idx: usize,
    count: u32,
    capacity: u32,
    parts: Vec<usize>,
    parts_sum: u32,
    top: bool,
}

/// The result of walking one pool: the tally entries and the pool's total.
pub(crate) fn tally_pool(cas: &[Casualty], pool: Pool, tally: &mut Tally) -> u32 {
    let mut slots: Vec<Slot> = Vec::new();
    for (idx, c) in cas.iter().enumerate() {
        if !in_pool(c, pool) || c.hypothetical || c.negated || c.background {
            continue;
        }
        let n = c.count.best;
        let capacity = match c.count.max {
            Some(m) => m.max(n),
            None if c.count.rule == "digits" && c.count.min == Some(n) => n,
            None => n.saturating_add(n / 10),
        };
        let top_sum: u32 = slots.iter().filter(|s| s.top).map(|s| s.count).sum();
        if c.total {
            if top_sum <= capacity && slots.iter().any(|s| s.top) {
                let parts: Vec<usize> = slots.iter().filter(|s| s.top).map(|s| s.idx).collect();
                for s in slots.iter_mut() {
                    s.top = false;
                }
                slots.push(Slot {
                    idx,
                    count: n.max(top_sum),
                    capacity,
                    parts,
                    parts_sum: top_sum,
                    top: true,
                });
            } else if top_sum > capacity {
                tally.duplicates.push(idx);
            } else {
                slots.push(Slot {
                    idx,
                    count: n,
                    capacity,
                    parts: Vec::new(),
                    parts_sum: 0,
                    top: true,
                });
            }
            continue;
        }
        if !c.count.increment
            && slots
                .iter()
                .any(|s| s.count == n && compatible(&cas[s.idx], c))
        {
            tally.duplicates.push(idx);
            continue;
        }
        // A part of an earlier, larger figure with room left.
        if let Some(s) = slots.iter_mut().rev().find(|s| {
            s.top
                && s.count > n
                && s.parts_sum.saturating_add(n) <= s.capacity
                && compatible(&cas[s.idx], c)
        }) {
            s.parts.push(idx);
            s.parts_sum = s.parts_sum.saturating_add(n);
            s.count = s.count.max(s.parts_sum);
            continue;
        }
        // A later, larger figure without "another": it sums up what came before.
        let tops: Vec<usize> = slots.iter().filter(|s| s.top).map(|s| s.idx).collect();
        if !c.count.increment
            && !tops.is_empty()
            && top_sum < n
            && tops.iter().all(|&t| compatible(&cas[t], c))
        {
            for s in slots.iter_mut() {
                s.top = false;
            }
            slots.push(Slot {
                idx,
                count: n,
                capacity,
                parts: tops,
                parts_sum: top_sum,
                top: true,
            });
            continue;
        }
        slots.push(Slot {
            idx,
            count: n,
            capacity,
            parts: Vec::new(),
            parts_sum: 0,
            top: true,
        });
    }
    let mut total = 0u32;
    for s in &slots {
        if !s.parts.is_empty() {
            tally.aggregates.push(s.idx);
            tally.parts_of.push((s.idx, s.parts.clone()));
            if s.count > s.parts_sum {
                tally.remainder.push((s.idx, s.count - s.parts_sum));
            }
        }
        if s.top {
            total = total.saturating_add(s.count);
        }
    }
    total
}

/// Relates the casualty mentions of a document: aggregates, parts, duplicates, remainders.
pub fn tally(doc: &Document, casualties: &[Casualty]) -> Tally {
    let _ = doc;
    let mut t = Tally::default();
    for pool in [Pool::Killed, Pool::Injured, Pool::Struck] {
        tally_pool(casualties, pool, &mut t);
    }
    t.aggregates.sort_unstable();
    t.duplicates.sort_unstable();
    t.parts_of.sort_unstable();
    t.remainder.sort_unstable();
    t
}

/// Per-document totals an analyst would report: `(killed, injured)`.
///
/// Killed is the sum over killed mentions that are not aggregates, duplicates,
/// hypothetical or negated, plus the remainders of aggregates (so an aggregate counts once,
/// as its own figure). Injured follows GVA and ACLED: people hurt and not killed. Mentions
/// that say only "shot" count everyone hit, so injured is the larger of the explicit injured
/// figure and (everyone hit − killed).
pub fn document_totals(doc: &Document, casualties: &[Casualty], tally: &Tally) -> (u32, u32) {
    let _ = doc;
    let sum_pool = |pool: Pool| sum_pool_with(casualties, tally, pool);
    let killed = sum_pool(Pool::Killed);
    let mut explicit = tally.clone();
    explicit.duplicates.extend(
        casualties
            .iter()
            .enumerate()
            .filter(|(_, c)| refers_back(c))
            .map(|(i, _)| i),
    );
    let injured = sum_pool_with(casualties, &explicit, Pool::Injured);
    let mut scratch = Tally::default();
    let hit = tally_pool(casualties, Pool::Hit, &mut scratch);
    (killed, injured.max(hit.saturating_sub(killed)))
}

/// A mention's figure: its own, or the sum of its parts when that is larger.
fn value(casualties: &[Casualty], tally: &Tally, i: usize, depth: u32) -> u32 {
    let own = casualties.get(i).map_or(0, |c| c.count.best);
    if depth > 16 {
        return own;
    }
    match tally.parts_of.iter().find(|(a, _)| *a == i) {
        Some((_, parts)) => {
            let sum = parts.iter().fold(0u32, |acc, &p| {
                acc.saturating_add(value(casualties, tally, p, depth + 1))
            });
            own.max(sum)
        }
        None => own,
    }
}

/// The sum of the top-level figures of one pool under a tally.
fn sum_pool_with(casualties: &[Casualty], tally: &Tally, pool: Pool) -> u32 {
    let mut total = 0u32;
    for (i, c) in casualties.iter().enumerate() {
        if !in_pool(c, pool)
            || c.hypothetical
            || c.negated
            || c.background
            || tally.duplicates.contains(&i)
        {
            continue;
        }
        // Parts of an aggregate are counted through it.
        if tally.parts_of.iter().any(|(_, parts)| parts.contains(&i)) {
            continue;
        }
        total = total.saturating_add(value(casualties, tally, i, 0));
    }
    total
}
