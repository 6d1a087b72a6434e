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

use crate::lexicon::Cue;
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
    /// Killed mentions replaced by a coder's own figure ("Fatalities coded as 3"): read,
    /// kept as evidence, not counted.
    pub superseded: Vec<usize>,
}

/// What one casualty mention adds to the document totals (see [`contributions`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Contribution {
    pub killed: u32,
    pub injured: u32,
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

/// Could two mentions be about the same people? Different victim groups, a man and a
/// woman, or two different names are not.
fn compatible(text: &str, a: &Casualty, b: &Casualty) -> bool {
    // "killed himself" says who by its subject, whoever that is.
    let reflexive = |c: &Casualty| c.rule.ends_with(":self") || c.rule.ends_with(":reflexive");
    let kinds = match (&a.victims, &b.victims) {
        (Some(x), Some(y)) => {
            x.kind == y.kind
                || x.kind == VictimKind::Unknown
                || y.kind == VictimKind::Unknown
                || reflexive(a)
                || reflexive(b)
        }
        _ => true,
    };
    let gender = match (gender(text, a), gender(text, b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    // "Kyle Brown-Edwards" and "Edwards" are one person.
    let names = match (name(text, a), name(text, b)) {
        (Some(x), Some(y)) => x
            .split(|ch: char| !ch.is_alphabetic())
            .filter(|p| p.len() >= 3)
            .any(|p| {
                y.split(|ch: char| !ch.is_alphabetic())
                    .any(|q| q.eq_ignore_ascii_case(p))
            }),
        _ => true,
    };
    kinds && gender && names
}

/// "accused of shooting another person ... shot another person": the same "another"
/// group in the same words, within one sentence or the next, is one group told twice, not
/// a second one.
fn same_increment(text: &str, a: &Casualty, b: &Casualty) -> bool {
    let words = |c: &Casualty| {
        let v = c.victims.as_ref()?;
        let (from, to) = (c.count.span.start.min(v.span.start), v.span.end);
        text.get(from as usize..to as usize)
    };
    let close = text
        .get(a.span.end as usize..b.span.start as usize)
        .is_some_and(|gap| gap.matches(['.', '!', '?']).count() <= 1 && !gap.contains("\n\n"));
    a.count.increment
        && close
        && matches!((words(a), words(b)), (Some(x), Some(y)) if x.eq_ignore_ascii_case(y))
}

/// The sex a single-person mention names ("a man", "the woman", "she"), if any.
fn gender(text: &str, c: &Casualty) -> Option<bool> {
    if c.count.best != 1 {
        return None;
    }
    let words = [Some(c.count.span), c.victims.as_ref().map(|v| v.span)];
    words
        .iter()
        .flatten()
        .flat_map(|span| text.get(span.range()).unwrap_or("").split_whitespace())
        .filter_map(|w| {
            let w = w
                .trim_matches(|ch: char| !ch.is_alphabetic())
                .to_ascii_lowercase();
            match w.as_str() {
                "man" | "boy" | "male" | "he" | "him" | "himself" | "father" | "son"
                | "husband" | "brother" | "boyfriend" | "grandfather" | "uncle" | "gentleman" => {
                    Some(true)
                }
                "woman" | "girl" | "female" | "she" | "her" | "herself" | "mother" | "daughter"
                | "wife" | "sister" | "girlfriend" | "grandmother" | "aunt" | "lady" => Some(false),
                _ => None,
            }
        })
        .next_back()
}

/// The surname of a mention read from a name ("Christopher Polk" -> "Polk").
fn name<'t>(text: &'t str, c: &Casualty) -> Option<&'t str> {
    if c.count.rule != "name" {
        return None;
    }
    text.get(c.count.span.range())?.split_whitespace().last()
}

struct Slot {
    idx: usize,
    count: u32,
    capacity: u32,
    parts: Vec<usize>,
    parts_sum: u32,
    top: bool,
}

/// A later, larger figure recaps the earlier ones only when they make up at least
/// 1/`RECAP_SHARE` of it.
const RECAP_SHARE: u32 = 4;

/// The result of walking one pool: the tally entries and the pool's total.
pub(crate) fn tally_pool(text: &str, cas: &[Casualty], pool: Pool, tally: &mut Tally) -> u32 {
    let mut slots: Vec<Slot> = Vec::new();
    let counted = |c: &Casualty, idx: usize| {
        in_pool(c, pool)
            && !c.hypothetical
            && !c.negated
            && !c.background
            && !tally.superseded.contains(&idx)
    };
    let claims: Vec<bool> = cas.iter().map(|c| claimed(text, c)).collect();
    for (idx, c) in cas.iter().enumerate() {
        if !counted(c, idx) {
            continue;
        }
        // "The Taliban claimed they killed 190 soldiers, but officials said 12 were
        // killed": a side's larger claim beside a figure nobody claims is a competing
        // account, kept as evidence; the conservative figure counts.
        if claims[idx]
            && cas.iter().enumerate().any(|(j, o)| {
                j != idx
                    && counted(o, j)
                    && !claims[j]
                    && o.kind == c.kind
                    && o.count.best < c.count.best
                    && near(text, c, o)
            })
        {
            tally.duplicates.push(idx);
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
        if slots.iter().any(|s| {
            s.count == n
                && compatible(text, &cas[s.idx], c)
                && (!c.count.increment || same_increment(text, &cas[s.idx], c))
        }) {
            tally.duplicates.push(idx);
            continue;
        }
        // A part of an earlier, larger figure with room left.
        // "another 12" is a part only once the breakdown has begun ("29 in Nassiriya ...
        // another 12 in Najaf"); after a lone figure it adds ("three killed ... two more").
        if let Some(s) = slots.iter_mut().rev().find(|s| {
            s.top
                && (!c.count.increment || !s.parts.is_empty())
                && s.count > n
                && s.parts_sum.saturating_add(n) <= s.capacity
                && compatible(text, &cas[s.idx], c)
        }) {
            s.parts.push(idx);
            s.parts_sum = s.parts_sum.saturating_add(n);
            s.count = s.count.max(s.parts_sum);
            continue;
        }
        // A later, larger figure without "another": it sums up what came before, when
        // what came before explains a fair share of it (a quarter); "one man was killed
        // ... after an attack in Florida left 49 dead" is another incident.
        let tops: Vec<usize> = slots.iter().filter(|s| s.top).map(|s| s.idx).collect();
        if !c.count.increment
            && !tops.is_empty()
            && top_sum < n
            && top_sum.saturating_mul(RECAP_SHARE) >= n
            && tops.iter().all(|&t| compatible(text, &cas[t], c))
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

/// Whether a side claims the figure: a `claim` cue of `data/cues.txt` ("claimed") among the
/// five words before it in its clause ("the Taliban claimed they killed 190 soldiers").
fn claimed(text: &str, c: &Casualty) -> bool {
    let start = c.span.start as usize;
    let mut from = start.saturating_sub(60);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = text.get(from..start).unwrap_or("");
    let clause = before.rsplit(['.', ',', ';', '\n']).next().unwrap_or("");
    let lower: Vec<String> = clause
        .split(|ch: char| !ch.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let words: Vec<&str> = lower.iter().map(String::as_str).collect();
    // A claim word among the last five words before the mention.
    let lex = crate::lexicon::lexicon();
    (words.len().saturating_sub(5)..words.len()).any(|i| lex.cue_in(Cue::Claim, &words, i))
}

/// Two mentions of one paragraph within a few hundred bytes.
fn near(text: &str, a: &Casualty, b: &Casualty) -> bool {
    let (lo, hi) = if a.span.start <= b.span.start {
        (a.span.start, b.span.end)
    } else {
        (b.span.start, a.span.end)
    };
    hi.saturating_sub(lo) <= 300
        && !text
            .get(lo as usize..hi as usize)
            .is_some_and(|t| t.contains("\n\n"))
}

/// Relates the casualty mentions of a document: aggregates, parts, duplicates, remainders.
pub fn tally(doc: &Document, casualties: &[Casualty]) -> Tally {
    let mut t = Tally {
        superseded: superseded(casualties),
        ..Tally::default()
    };
    for pool in [Pool::Killed, Pool::Injured, Pool::Struck] {
        tally_pool(doc.text(), casualties, pool, &mut t);
    }
    t.aggregates.sort_unstable();
    t.duplicates.sort_unstable();
    t.parts_of.sort_unstable();
    t.remainder.sort_unstable();
    t
}

/// With a coder's figure in the document ("Fatalities coded as 3"), every other killed
/// mention, and every earlier coder's figure, is superseded: the last statement wins.
fn superseded(casualties: &[Casualty]) -> Vec<usize> {
    let counted = |c: &Casualty| !c.hypothetical && !c.background;
    let Some(last) = casualties.iter().rposition(|c| c.coded && counted(c)) else {
        return Vec::new();
    };
    casualties
        .iter()
        .enumerate()
        .filter(|&(i, c)| i != last && c.kind == CasualtyKind::Killed)
        .map(|(i, _)| i)
        .collect()
}

/// Per-document totals an analyst would report: `(killed, injured)`.
///
/// Killed is the sum over killed mentions that are not aggregates, duplicates,
/// hypothetical, negated or superseded, plus the remainders of aggregates (so an aggregate
/// counts once, as its own figure). Injured follows GVA and ACLED: people hurt and not
/// killed. Mentions that say only "shot" count everyone hit, so injured is the larger of
/// the explicit injured figure and (everyone hit − killed). This is the sum of
/// [`contributions`].
pub fn document_totals(doc: &Document, casualties: &[Casualty], tally: &Tally) -> (u32, u32) {
    contributions(doc, casualties, tally)
        .iter()
        .fold((0u32, 0u32), |(k, i), c| {
            (k.saturating_add(c.killed), i.saturating_add(c.injured))
        })
}

/// What each casualty mention adds to the document totals, one entry per mention; the
/// entries sum to [`document_totals`].
///
/// - A counted mention adds its own figure; a repeat, a hypothetical, negated, background
///   or superseded mention adds nothing.
/// - A part adds its own figure and its aggregate adds the remainder its parts do not
///   explain ("at least 45 killed ... 29 in Nassiriya ... four in Baghdad": 29, 4 and 12).
/// - Injured comes from the explicit injured mentions, or, when "everyone hit − killed" is
///   larger ("two people were shot, one fatally"), from the mentions of people hit, less
///   the killed figure.
pub fn contributions(doc: &Document, casualties: &[Casualty], tally: &Tally) -> Vec<Contribution> {
    let mut out = vec![Contribution::default(); casualties.len()];

    let killed = pool_shares(casualties, tally, Pool::Killed);
    for (o, k) in out.iter_mut().zip(&killed) {
        o.killed = *k;
    }
    let killed_total = killed.iter().fold(0u32, |a, &k| a.saturating_add(k));

    // Explicit injuries: one known person ("he is in critical condition") joins everyone hit.
    let mut explicit = tally.clone();
    explicit.duplicates.extend(
        casualties
            .iter()
            .enumerate()
            .filter(|(_, c)| refers_back(c))
            .map(|(i, _)| i),
    );
    let injured = pool_shares(casualties, &explicit, Pool::Injured);
    let injured_total = injured.iter().fold(0u32, |a, &k| a.saturating_add(k));

    let mut scratch = Tally {
        superseded: tally.superseded.clone(),
        ..Tally::default()
    };
    tally_pool(doc.text(), casualties, Pool::Hit, &mut scratch);
    let hit = pool_shares(casualties, &scratch, Pool::Hit);
    let hit_total = hit.iter().fold(0u32, |a, &k| a.saturating_add(k));
    let target = hit_total.saturating_sub(killed_total);

    if injured_total >= target {
        for (o, i) in out.iter_mut().zip(&injured) {
            o.injured = *i;
        }
        return out;
    }
    // Everyone hit − killed: the people hit who are not reported dead.
    let mut shares: Vec<u32> = casualties
        .iter()
        .zip(&hit)
        .map(|(c, &h)| if c.kind == CasualtyKind::Killed { 0 } else { h })
        .collect();
    let sum = shares.iter().fold(0u32, |a, &k| a.saturating_add(k));
    if sum > target {
        // Take the excess back from the latest mentions: the dead were hit too.
        let mut excess = sum - target;
        for s in shares.iter_mut().rev() {
            let take = excess.min(*s);
            *s -= take;
            excess -= take;
        }
    } else if sum < target {
        let first = casualties
            .iter()
            .zip(&hit)
            .position(|(c, &h)| c.kind != CasualtyKind::Killed && h > 0)
            .or_else(|| hit.iter().position(|&h| h > 0));
        if let Some(s) = first.and_then(|f| shares.get_mut(f)) {
            *s = s.saturating_add(target - sum);
        }
    }
    for (o, s) in out.iter_mut().zip(shares) {
        o.injured = s;
    }
    out
}

/// A mention's figure: its own, or the sum of its parts when that is larger.
fn value(casualties: &[Casualty], tally: &Tally, i: usize, depth: u32) -> u32 {
    let own = casualties.get(i).map_or(0, |c| c.count.best);
    if depth > 16 {
        return own;
    }
    match parts(tally, i) {
        Some(parts) => {
            let sum = parts.iter().fold(0u32, |acc, &p| {
                acc.saturating_add(value(casualties, tally, p, depth + 1))
            });
            own.max(sum)
        }
        None => own,
    }
}

fn parts(tally: &Tally, i: usize) -> Option<&[usize]> {
    tally
        .parts_of
        .iter()
        .find(|(a, _)| *a == i)
        .map(|(_, p)| p.as_slice())
}

/// The display figure of a mention under a tally: an aggregate's is the larger of its own
/// figure and the sum of its parts.
pub fn figure(casualties: &[Casualty], tally: &Tally, i: usize) -> u32 {
    value(casualties, tally, i, 0)
}

/// Each mention's share of one pool's total: top-level figures are split down their
/// aggregate trees, every node keeping what its parts do not explain.
fn pool_shares(casualties: &[Casualty], tally: &Tally, pool: Pool) -> Vec<u32> {
    let mut shares = vec![0u32; casualties.len()];
    for (i, c) in casualties.iter().enumerate() {
        if !in_pool(c, pool)
            || c.hypothetical
            || c.negated
            || c.background
            || tally.duplicates.contains(&i)
            || tally.superseded.contains(&i)
        {
            continue;
        }
        // Parts of an aggregate are counted through it.
        if tally.parts_of.iter().any(|(_, parts)| parts.contains(&i)) {
            continue;
        }
        assign(casualties, tally, i, 0, &mut shares);
    }
    shares
}

/// Gives mention `i` its own share of `value(i)` and recurses into its parts, so that the
/// shares of a tree sum to the value of its root.
fn assign(casualties: &[Casualty], tally: &Tally, i: usize, depth: u32, shares: &mut [u32]) {
    let v = value(casualties, tally, i, depth);
    let children = match parts(tally, i) {
        Some(p) if depth <= 16 => p,
        _ => {
            if let Some(s) = shares.get_mut(i) {
                *s = s.saturating_add(v);
            }
            return;
        }
    };
    let below = children.iter().fold(0u32, |acc, &p| {
        acc.saturating_add(value(casualties, tally, p, depth + 1))
    });
    if let Some(s) = shares.get_mut(i) {
        *s = s.saturating_add(v.saturating_sub(below));
    }
    for &p in children {
        assign(casualties, tally, p, depth + 1, shares);
    }
}
