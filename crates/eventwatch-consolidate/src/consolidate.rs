//! [`Consolidator`]: the incremental, order-independent grouping of mentions into
//! [`ConsolidatedEvent`]s.
//!
//! Pairs are found by blocking (a `(day, grid cell)` index for places at town precision
//! or finer, a `(day, country)` index for regions and countries), scored by
//! [`crate::score`], and joined into components by the pairs that reach the link
//! threshold plus the user's merges. Each component is then clustered from scratch by a
//! deterministic average-linkage agglomeration over its mentions in key order, so the
//! result is a function of the set of mentions and overrides only: adding documents one by
//! one or all at once gives the same events.

use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

// Lookups only (no output depends on their order); SipHash cost more than the lookups.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use eventwatch_schema::{Actor, DatePrecision, Location};
use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::figures::{self, update_cue};
use crate::mention::{Mention, MentionKey};
use crate::score::{self, Features, PairScore, MAX_DAY_GAP, MAX_RADIUS_KM};

/// Thresholds of the clustering.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// A pair scoring at least this is a link: it puts two mentions in one component and
    /// two clusters can merge only when some pair between them reaches it.
    pub link_threshold: f64,
    /// Two clusters merge when the average score over all their cross pairs (pairs the
    /// blocking never compared count 0) reaches this.
    pub linkage_threshold: f64,
}

impl Config {
    /// The thresholds measured on the GVA dev set (`docs/consolidation.md`).
    pub fn standard() -> Config {
        Config {
            link_threshold: 2.2,
            linkage_threshold: 0.85,
        }
    }
}

/// A user's correction, an input to the algorithm, kept across re-ingestion. Overrides
/// may name mentions not (yet) present; they apply when the mentions arrive.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Override {
    /// This mention is an event of its own: it joins nothing unless merged explicitly.
    Split { mention: MentionKey },
    /// These two mentions report the same event (wins over any score or split).
    Merge { a: MentionKey, b: MentionKey },
    /// These two mentions never share an event (unless a `Merge` joins them).
    KeepApart { a: MentionKey, b: MentionKey },
}

/// One step of the agglomeration that built an event: the two groups joined, through
/// their strongest pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeStep {
    /// The strongest pair between the two groups.
    pub a: MentionKey,
    pub b: MentionKey,
    /// Its score, days and distance; `None` when a user merge joined the groups. The
    /// consolidator leaves the features (the reasons) out: they are a function of the two
    /// mentions, written on demand by [`ConsolidatedEvent::explain_merges`] or
    /// [`Consolidator::explained`] (a large event's reasons were most of its stored JSON).
    pub pair: Option<PairScore>,
    /// The average score over all cross pairs of the two groups.
    pub linkage: f64,
    /// Sizes of the two groups joined.
    pub sizes: (usize, usize),
    /// True when a user's `Merge` override made this step.
    pub by_override: bool,
}

/// One report of a consolidated event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    pub key: MentionKey,
    pub published: Option<String>,
    pub source: Option<String>,
    pub fatalities: u32,
    pub injuries: u32,
    pub hedged: bool,
    /// The later report that replaces this one's figures (kept, not deleted).
    pub superseded_by: Option<MentionKey>,
    /// Update wording in this report's fatality evidence ("rose to").
    pub update_cue: Option<String>,
}

/// One event, many reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsolidatedEvent {
    /// `ce-` and a hash of the smallest mention key: stable for a given membership.
    pub id: String,
    /// Every report, oldest first.
    pub mentions: Vec<MentionRecord>,
    /// Every distinct outlet.
    pub sources: Vec<String>,
    pub event_type: String,
    pub sub_event_type: String,
    pub date: Option<String>,
    pub date_precision: DatePrecision,
    pub location: Option<Location>,
    pub actor1: Option<Actor>,
    pub actor2: Option<Actor>,
    /// Best fatality figure (the rule in [`crate::figures`]).
    pub fatalities: u32,
    pub fatalities_min: u32,
    pub fatalities_max: u32,
    pub injuries: u32,
    pub injuries_min: u32,
    pub injuries_max: u32,
    /// Every report is hedged.
    pub hedged: bool,
    pub aggregate: bool,
    /// How the event was built, for `explain`.
    pub merges: Vec<MergeStep>,
    /// The user overrides that touch this event's mentions.
    pub overrides: Vec<Override>,
}

impl ConsolidatedEvent {
    /// Writes the reasons (features) of every scored merge step that lacks them, scoring
    /// its pair again from the two mentions `mention` finds (a step whose mentions are
    /// not found keeps its score alone). The step keeps its score, days and distance.
    pub fn explain_merges(&mut self, mut mention: impl FnMut(&MentionKey) -> Option<Mention>) {
        for step in &mut self.merges {
            let Some(pair) = step.pair.as_mut().filter(|p| p.features.is_empty()) else {
                continue;
            };
            let (Some(a), Some(b)) = (mention(&step.a), mention(&step.b)) else {
                continue;
            };
            if let Some(p) = score::explain_pair(&a, &b) {
                pair.features = p.features;
            }
        }
    }

    /// The mentions whose merge steps lack their reasons (see
    /// [`ConsolidatedEvent::explain_merges`]), each once.
    pub fn unexplained_mentions(&self) -> Vec<&MentionKey> {
        let mut keys: Vec<&MentionKey> = self
            .merges
            .iter()
            .filter(|s| s.pair.as_ref().is_some_and(|p| p.features.is_empty()))
            .flat_map(|s| [&s.a, &s.b])
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Whether the event holds a mention.
    pub fn contains(&self, key: &MentionKey) -> bool {
        self.mentions.iter().any(|m| &m.key == key)
    }

    /// The number of reports: distinct documents among the mentions (an article that tells
    /// the incident in two sentences is one report).
    pub fn reports(&self) -> usize {
        let mut docs: Vec<&str> = self
            .mentions
            .iter()
            .map(|m| m.key.doc_id.as_str())
            .collect();
        docs.sort_unstable();
        docs.dedup();
        docs.len()
    }
}

/// What changed in one call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Ids of events that are new or whose content changed.
    pub upserted: Vec<String>,
    /// Ids of events that no longer exist.
    pub removed: Vec<String>,
}

const CELL_DEG: f64 = 0.5;

type CellKey = (Day, i32, i32);

/// The state: every mention, the blocking indexes, the scored pairs, the overrides and
/// the current events.
pub struct Consolidator {
    config: Config,
    /// Boxed: a mention with its features is most of a kilobyte, and growing a vector of
    /// tens of thousands of them moved them all (a few percent of ingest).
    mentions: Vec<Option<Box<(Mention, Features)>>>,
    by_key: HashMap<MentionKey, u32>,
    cells: FastMap<CellKey, Vec<u32>>,
    /// Mentions at region or country precision, by day and country.
    coarse: HashMap<String, FastMap<Day, Vec<u32>>>,
    /// Every located mention with a country, by day and country.
    countries: HashMap<String, FastMap<Day, Vec<u32>>>,
    /// Mentions by the people they name and the hundred-blocks they give
    /// ([`named_keys`]), so reports far apart in time or with vague places still meet.
    named: HashMap<String, Vec<u32>>,
    /// Mentions dated to the week or finer by the streets they give, their place's name,
    /// the names they mention (when they give an age) and the weeks their dates cover
    /// ([`keyed_keys`]): reports giving a common street ([`Features::same_street_key`]), a
    /// common name and age ([`Features::name_and_age_key`]) or placed at namesakes meet
    /// wherever the geocoder put them.
    keyed: FastMap<(u64, Day), Vec<u32>>,
    /// Scored compatible pairs, both directions.
    edges: FastMap<u32, Vec<(u32, f64)>>,
    overrides: Vec<Override>,
    events: BTreeMap<String, ConsolidatedEvent>,
    event_of: HashMap<u32, String>,
    /// Events of detached mentions, to drop at the next regrouping.
    stale: BTreeSet<String>,
}

/// A hash map with a fast hasher for the small integer keys of the indexes (the
/// multiply-rotate hash of rustc's `FxHasher`); iteration order is never used.
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

pub(crate) fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The id of an event whose smallest mention key is `anchor`.
pub fn event_id(anchor: &MentionKey) -> String {
    format!("ce-{:016x}", fnv(&anchor.to_string()))
}

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    (
        (lat / CELL_DEG).floor() as i32,
        (lon / CELL_DEG).floor() as i32,
    )
}

/// Cells to search around a point so that every point within [`MAX_RADIUS_KM`] is seen.
fn neighbourhood(lat: f64, lon: f64) -> Vec<(i32, i32)> {
    let (cy, cx) = cell(lat, lon);
    let dy = (MAX_RADIUS_KM / (111.0 * CELL_DEG)).ceil() as i32;
    let coslat = (lat.abs() + MAX_RADIUS_KM / 111.0)
        .min(89.0)
        .to_radians()
        .cos();
    let cols = (360.0 / CELL_DEG) as i32;
    let dx = ((MAX_RADIUS_KM / (111.0 * CELL_DEG * coslat)).ceil() as i32).min(cols / 2);
    let mut out = Vec::new();
    for y in cy - dy..=cy + dy {
        for x in cx - dx..=cx + dx {
            // Wrap around the antimeridian.
            let half = cols / 2;
            let wx = (x + half).rem_euclid(cols) - half;
            out.push((y, wx));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

impl Consolidator {
    pub fn new(config: Config) -> Consolidator {
        Consolidator {
            config,
            mentions: Vec::new(),
            by_key: HashMap::default(),
            cells: FastMap::default(),
            coarse: HashMap::default(),
            countries: HashMap::default(),
            named: HashMap::default(),
            keyed: FastMap::default(),
            edges: FastMap::default(),
            overrides: Vec::new(),
            events: BTreeMap::new(),
            event_of: HashMap::default(),
            stale: BTreeSet::new(),
        }
    }

    /// Consolidates a whole set at once (same result as adding piece by piece).
    pub fn batch(config: Config, mentions: Vec<Mention>, overrides: Vec<Override>) -> Self {
        let mut c = Consolidator::new(config);
        // The same override given twice is one decision, as `apply` treats it.
        for o in overrides {
            if !c.overrides.contains(&o) {
                c.overrides.push(o);
            }
        }
        c.add(mentions);
        c
    }

    /// The current events, by id.
    pub fn events(&self) -> impl Iterator<Item = &ConsolidatedEvent> {
        self.events.values()
    }

    pub fn event(&self, id: &str) -> Option<&ConsolidatedEvent> {
        self.events.get(id)
    }

    /// The event holding a mention.
    pub fn event_of(&self, key: &MentionKey) -> Option<&ConsolidatedEvent> {
        let i = self.by_key.get(key)?;
        self.events.get(self.event_of.get(i)?)
    }

    pub fn mention(&self, key: &MentionKey) -> Option<&Mention> {
        let i = *self.by_key.get(key)? as usize;
        self.mentions.get(i)?.as_deref().map(|(m, _)| m)
    }

    pub fn overrides(&self) -> &[Override] {
        &self.overrides
    }

    /// Number of mentions held.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Scores two held mentions as the consolidator would (for `explain`), or `None` when
    /// either is unknown or blocking keeps them apart.
    pub fn compare(&self, a: &MentionKey, b: &MentionKey) -> Option<PairScore> {
        let (ma, fa) = self.get(*self.by_key.get(a)?)?;
        let (mb, fb) = self.get(*self.by_key.get(b)?)?;
        score::compatible(fa, fb).then(|| score::score(ma, fa, mb, fb))
    }

    /// [`Consolidator::compare`] without the features: the pair of a merge step.
    fn merge_pair(&self, a: &MentionKey, b: &MentionKey) -> Option<PairScore> {
        let (ma, fa) = self.get(*self.by_key.get(a)?)?;
        let (mb, fb) = self.get(*self.by_key.get(b)?)?;
        score::compatible(fa, fb).then(|| score::score_brief(ma, fa, mb, fb))
    }

    /// A held event with the reasons of its merges written
    /// ([`ConsolidatedEvent::explain_merges`] over the held mentions).
    pub fn explained(&self, ev: &ConsolidatedEvent) -> ConsolidatedEvent {
        let mut ev = ev.clone();
        ev.explain_merges(|k| self.mention(k).cloned());
        ev
    }

    fn get(&self, i: u32) -> Option<&(Mention, Features)> {
        self.mentions.get(i as usize)?.as_deref()
    }

    /// Adds mentions (one document's events, or many). A mention whose key is already
    /// held replaces the old one.
    pub fn add(&mut self, mentions: Vec<Mention>) -> Changes {
        let mut seeds = BTreeSet::new();
        for m in mentions {
            if let Some(&old) = self.by_key.get(&m.key) {
                if self.get(old).is_some_and(|(o, _)| *o == m) {
                    continue;
                }
                seeds.extend(self.detach(old));
            }
            let i = u32::try_from(self.mentions.len()).unwrap_or(u32::MAX);
            let f = Features::of(&m);
            self.by_key.insert(m.key.clone(), i);
            self.mentions.push(Some(Box::new((m, f))));
            self.index(i);
            seeds.insert(i);
        }
        self.recompute(seeds)
    }

    /// Removes a document's mentions (all its event indexes).
    pub fn remove_document(&mut self, doc_id: &str) -> Changes {
        let ids: Vec<u32> = self
            .by_key
            .iter()
            .filter(|(k, _)| k.doc_id == doc_id)
            .map(|(_, &i)| i)
            .collect();
        let mut seeds = BTreeSet::new();
        for i in ids {
            seeds.extend(self.detach(i));
        }
        self.recompute(seeds)
    }

    /// Adds a user override and regroups what it touches.
    pub fn apply(&mut self, o: Override) -> Changes {
        if self.overrides.contains(&o) {
            return Changes::default();
        }
        let keys = override_keys(&o);
        self.overrides.push(o);
        let seeds = keys
            .iter()
            .filter_map(|k| self.by_key.get(k).copied())
            .collect();
        self.recompute(seeds)
    }

    /// Withdraws a user override.
    pub fn withdraw(&mut self, o: &Override) -> Changes {
        let before = self.overrides.len();
        self.overrides.retain(|x| x != o);
        if before == self.overrides.len() {
            return Changes::default();
        }
        let seeds = override_keys(o)
            .iter()
            .filter_map(|k| self.by_key.get(k).copied())
            .collect();
        self.recompute(seeds)
    }

    /// Takes mention `i` out of the indexes and edges; returns its former neighbours.
    fn detach(&mut self, i: u32) -> Vec<u32> {
        let Some((m, _)) = self.get(i) else {
            return Vec::new();
        };
        let key = m.key.clone();
        self.unindex(i);
        let neighbours: Vec<u32> = self
            .edges
            .remove(&i)
            .unwrap_or_default()
            .into_iter()
            .map(|(j, _)| j)
            .collect();
        for j in &neighbours {
            if let Some(v) = self.edges.get_mut(j) {
                v.retain(|(k, _)| *k != i);
            }
        }
        // Its event goes too; its other members are regrouped.
        let mut seeds = neighbours;
        if let Some(id) = self.event_of.remove(&i) {
            if let Some(ev) = self.events.get(&id) {
                seeds.extend(ev.mentions.iter().filter_map(|r| self.by_key.get(&r.key)));
            }
            self.stale.insert(id);
        }
        self.by_key.remove(&key);
        if let Some(slot) = self.mentions.get_mut(i as usize) {
            *slot = None;
        }
        seeds.retain(|&j| j != i);
        seeds
    }

    fn keys_for(&self, i: u32) -> (Vec<CellKey>, Vec<(Day, String)>, bool) {
        let Some((_, f)) = self.get(i) else {
            return (Vec::new(), Vec::new(), false);
        };
        let (Some((d0, d1)), Some(p)) = (f.days, &f.place) else {
            return (Vec::new(), Vec::new(), false);
        };
        let days = d0..=d1.min(d0 + 40);
        let mut cells = Vec::new();
        if p.fine() {
            let (cy, cx) = cell(p.lat, p.lon);
            cells.extend(days.clone().map(|d| (d, cy, cx)));
        }
        let countries = p
            .country
            .as_ref()
            .map(|c| days.map(|d| (d, c.clone())).collect())
            .unwrap_or_default();
        (cells, countries, !p.fine())
    }

    fn named_keys(&self, i: u32) -> Vec<String> {
        self.get(i).map(|(_, f)| named_keys(f)).unwrap_or_default()
    }

    fn keyed_keys(&self, i: u32) -> Vec<(u64, Day)> {
        self.get(i)
            .map(|(_, f)| keyed_keys(f, false))
            .unwrap_or_default()
    }

    fn index(&mut self, i: u32) {
        for k in self.named_keys(i) {
            self.named.entry(k).or_default().push(i);
        }
        for k in self.keyed_keys(i) {
            self.keyed.entry(k).or_default().push(i);
        }
        let (cells, countries, coarse) = self.keys_for(i);
        for c in cells {
            self.cells.entry(c).or_default().push(i);
        }
        for (d, c) in countries {
            if coarse {
                let by_day = self.coarse.entry(c.clone()).or_default();
                by_day.entry(d).or_default().push(i);
            }
            let by_day = self.countries.entry(c).or_default();
            by_day.entry(d).or_default().push(i);
        }
        self.link(i);
    }

    fn unindex(&mut self, i: u32) {
        for k in self.named_keys(i) {
            if let Some(v) = self.named.get_mut(&k) {
                v.retain(|&j| j != i);
            }
        }
        for k in self.keyed_keys(i) {
            if let Some(v) = self.keyed.get_mut(&k) {
                v.retain(|&j| j != i);
            }
        }
        let (cells, countries, coarse) = self.keys_for(i);
        for c in cells {
            if let Some(v) = self.cells.get_mut(&c) {
                v.retain(|&j| j != i);
            }
        }
        for (d, c) in countries {
            if coarse {
                if let Some(v) = self.coarse.get_mut(&c).and_then(|m| m.get_mut(&d)) {
                    v.retain(|&j| j != i);
                }
            }
            if let Some(v) = self.countries.get_mut(&c).and_then(|m| m.get_mut(&d)) {
                v.retain(|&j| j != i);
            }
        }
    }

    /// Scores mention `i` against every compatible mention already indexed.
    fn link(&mut self, i: u32) {
        let Some((m, f)) = self.get(i) else {
            return;
        };
        let mut candidates: Vec<u32> = Vec::new();
        for k in lookup_keys(f) {
            if let Some(v) = self.named.get(&k) {
                candidates.extend(v);
            }
        }
        for k in keyed_keys(f, true) {
            if let Some(v) = self.keyed.get(&k) {
                candidates.extend(v);
            }
        }
        if let (Some((d0, d1)), Some(p)) = (f.days, &f.place) {
            self.block_candidates(d0, d1, p, &mut candidates);
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates.retain(|&j| j != i);
        let mut found = Vec::new();
        for j in candidates {
            let Some((mj, fj)) = self.get(j) else {
                continue;
            };
            if score::compatible(f, fj) {
                found.push((j, score::score_value(m, f, mj, fj)));
            }
        }
        // `i` is new to the edges (`add` gives every mention a fresh index, `detach`
        // takes a mention's edges out of both directions) and the candidates are
        // distinct, so no pair is recorded twice and no list needs scanning: that scan
        // was quadratic in dense cities. Should `i` already hold edges, its pairs are
        // looked up in a set instead.
        let known: HashSet<u32> = self
            .edges
            .get(&i)
            .map(|v| v.iter().map(|(k, _)| *k).collect())
            .unwrap_or_default();
        for &(j, s) in &found {
            if !known.contains(&j) {
                self.edges.entry(j).or_default().push((i, s));
            }
        }
        let mine = self.edges.entry(i).or_default();
        mine.extend(found.into_iter().filter(|(j, _)| !known.contains(j)));
    }

    /// Candidates from the (day, cell) and (day, country) indexes.
    fn block_candidates(&self, d0: Day, d1: Day, p: &score::Place, candidates: &mut Vec<u32>) {
        let days = (d0 - MAX_DAY_GAP)..=(d1.min(d0 + 40) + MAX_DAY_GAP);
        if p.fine() {
            let hood = neighbourhood(p.lat, p.lon);
            let coarse = p.country.as_ref().and_then(|c| self.coarse.get(c));
            for d in days.clone() {
                for &(y, x) in &hood {
                    if let Some(v) = self.cells.get(&(d, y, x)) {
                        candidates.extend(v);
                    }
                }
                if let Some(v) = coarse.and_then(|m| m.get(&d)) {
                    candidates.extend(v);
                }
            }
        } else if let Some(by_day) = p.country.as_ref().and_then(|c| self.countries.get(c)) {
            for d in days {
                if let Some(v) = by_day.get(&d) {
                    candidates.extend(v);
                }
            }
        }
    }

    fn forced(&self) -> HashMap<u32, Vec<u32>> {
        let mut out: HashMap<u32, Vec<u32>> = HashMap::default();
        for o in &self.overrides {
            if let Override::Merge { a, b } = o {
                if let (Some(&i), Some(&j)) = (self.by_key.get(a), self.by_key.get(b)) {
                    out.entry(i).or_default().push(j);
                    out.entry(j).or_default().push(i);
                }
            }
        }
        out
    }

    /// Regroups the components that hold `seeds`.
    fn recompute(&mut self, seeds: BTreeSet<u32>) -> Changes {
        let forced = self.forced();
        let mut done: HashSet<u32> = HashSet::default();
        let mut old_ids: BTreeSet<String> = std::mem::take(&mut self.stale);
        let mut new_events: Vec<ConsolidatedEvent> = Vec::new();
        let mut members_of: Vec<Vec<u32>> = Vec::new();
        for s in seeds {
            if done.contains(&s) || self.get(s).is_none() {
                continue;
            }
            // The component by links and forced merges.
            let mut comp = vec![s];
            done.insert(s);
            let mut k = 0;
            while let Some(&n) = comp.get(k) {
                k += 1;
                let linked = self
                    .edges
                    .get(&n)
                    .into_iter()
                    .flatten()
                    .filter(|(_, sc)| *sc >= self.config.link_threshold)
                    .map(|(j, _)| *j);
                let merged = forced.get(&n).into_iter().flatten().copied();
                for j in linked.chain(merged).collect::<Vec<_>>() {
                    if done.insert(j) {
                        comp.push(j);
                    }
                }
            }
            for &i in &comp {
                if let Some(id) = self.event_of.get(&i) {
                    old_ids.insert(id.clone());
                }
            }
            for group in self.cluster(&comp) {
                new_events.push(self.build(&group.0, group.1));
                members_of.push(group.0);
            }
        }
        // Drop the old events of the regrouped mentions and insert the new ones.
        let mut old_events = BTreeMap::new();
        for id in &old_ids {
            if let Some(ev) = self.events.remove(id) {
                for r in &ev.mentions {
                    if let Some(i) = self.by_key.get(&r.key) {
                        if self.event_of.get(i) == Some(id) {
                            self.event_of.remove(i);
                        }
                    }
                }
                old_events.insert(id.clone(), ev);
            }
        }
        let mut changes = Changes::default();
        let mut new_ids = BTreeSet::new();
        for (ev, members) in new_events.into_iter().zip(members_of) {
            for i in members {
                self.event_of.insert(i, ev.id.clone());
            }
            new_ids.insert(ev.id.clone());
            if old_events.get(&ev.id) != Some(&ev) {
                changes.upserted.push(ev.id.clone());
            }
            self.events.insert(ev.id.clone(), ev);
        }
        changes.removed = old_ids.difference(&new_ids).cloned().collect();
        changes
    }

    /// Average-linkage agglomeration of one component, deterministic in key order.
    fn cluster(&self, comp: &[u32]) -> Vec<(Vec<u32>, Vec<MergeStep>)> {
        let mut nodes: Vec<u32> = comp.to_vec();
        nodes.sort_by(|a, b| self.key(*a).cmp(&self.key(*b)));
        let local: FastMap<u32, usize> = nodes.iter().enumerate().map(|(l, &g)| (g, l)).collect();
        let n = nodes.len();
        // Cannot-links.
        let mut split: HashSet<usize> = HashSet::default();
        let mut apart: HashSet<(usize, usize)> = HashSet::default();
        let mut must: Vec<(usize, usize)> = Vec::new();
        let loc = |k: &MentionKey| self.by_key.get(k).and_then(|g| local.get(g)).copied();
        for o in &self.overrides {
            match o {
                Override::Split { mention } => {
                    if let Some(l) = loc(mention) {
                        split.insert(l);
                    }
                }
                Override::KeepApart { a, b } => {
                    if let (Some(x), Some(y)) = (loc(a), loc(b)) {
                        apart.insert((x.min(y), x.max(y)));
                    }
                }
                Override::Merge { a, b } => {
                    if let (Some(x), Some(y)) = (loc(a), loc(b)) {
                        must.push((x.min(y), x.max(y)));
                    }
                }
            }
        }
        must.sort_unstable();
        // Clusters: id = smallest local index; members sorted.
        let mut members: BTreeMap<usize, Vec<usize>> = (0..n).map(|l| (l, vec![l])).collect();
        let mut steps: BTreeMap<usize, Vec<MergeStep>> = BTreeMap::new();
        let mut ag =
            Agglomeration::new(n, self.config.link_threshold, self.config.linkage_threshold);
        for (lx, &g) in nodes.iter().enumerate() {
            for &(h, s) in self.edges.get(&g).into_iter().flatten() {
                let Some(&ly) = local.get(&h) else { continue };
                if ly <= lx {
                    continue;
                }
                ag.add_score(lx, ly, s);
            }
        }
        for &(x, y) in &apart {
            ag.block(x, y);
        }
        for &x in &split {
            for y in 0..n {
                if y != x {
                    ag.block(x.min(y), x.max(y));
                }
            }
        }
        // User merges first.
        for (x, y) in must {
            let find = |members: &BTreeMap<usize, Vec<usize>>, l: usize| {
                members
                    .iter()
                    .find(|(_, v)| v.contains(&l))
                    .map(|(k, _)| *k)
            };
            let (Some(cx), Some(cy)) = (find(&members, x), find(&members, y)) else {
                continue;
            };
            if cx == cy {
                continue;
            }
            let (lo, hi) = (cx.min(cy), cx.max(cy));
            let sizes = (
                members.get(&lo).map_or(0, Vec::len),
                members.get(&hi).map_or(0, Vec::len),
            );
            let mut st = steps.remove(&lo).unwrap_or_default();
            st.extend(steps.remove(&hi).unwrap_or_default());
            st.push(MergeStep {
                a: self.key_l(&nodes, x),
                b: self.key_l(&nodes, y),
                pair: None,
                linkage: f64::NAN,
                sizes,
                by_override: true,
            });
            steps.insert(lo, st);
            fold_members(&mut members, lo, hi);
            ag.merge(lo, hi);
        }
        // Score-driven merges, best average first; ties by cluster ids.
        while let Some((avg, (x, y), pair)) = ag.best() {
            let sizes = (
                members.get(&x).map_or(0, Vec::len),
                members.get(&y).map_or(0, Vec::len),
            );
            let (ka, kb) = (self.key_l(&nodes, pair.0), self.key_l(&nodes, pair.1));
            let mut st = steps.remove(&x).unwrap_or_default();
            st.extend(steps.remove(&y).unwrap_or_default());
            st.push(MergeStep {
                pair: self.merge_pair(&ka, &kb),
                a: ka,
                b: kb,
                linkage: avg,
                sizes,
                by_override: false,
            });
            steps.insert(x, st);
            fold_members(&mut members, x, y);
            ag.merge(x, y);
        }
        members
            .into_iter()
            .map(|(c, ls)| {
                let g = ls.iter().filter_map(|l| nodes.get(*l).copied()).collect();
                (g, steps.remove(&c).unwrap_or_default())
            })
            .collect()
    }

    fn key(&self, i: u32) -> Option<&MentionKey> {
        self.get(i).map(|(m, _)| &m.key)
    }

    fn key_l(&self, nodes: &[u32], l: usize) -> MentionKey {
        nodes
            .get(l)
            .and_then(|g| self.key(*g))
            .cloned()
            .unwrap_or_else(|| MentionKey::new("", 0))
    }

    /// The consolidated record of one group of mentions.
    fn build(&self, group: &[u32], merges: Vec<MergeStep>) -> ConsolidatedEvent {
        let mut ms: Vec<&Mention> = group
            .iter()
            .filter_map(|&i| self.get(i).map(|(m, _)| m))
            .collect();
        ms.sort_by(|a, b| (a.published.as_deref(), &a.key).cmp(&(b.published.as_deref(), &b.key)));
        let superseded = figures::supersession(&ms);
        let (fat, inj) = figures::figures(&ms, &superseded);
        let anchor = ms.iter().map(|m| &m.key).min().cloned();
        let id = anchor
            .as_ref()
            .map(event_id)
            .unwrap_or_else(|| "ce-empty".into());
        let by_key = |f: &dyn Fn(&Mention) -> Option<String>| -> Option<String> {
            let mut counts: BTreeMap<String, (usize, &MentionKey)> = BTreeMap::new();
            for m in &ms {
                if let Some(v) = f(m) {
                    let e = counts.entry(v).or_insert((0, &m.key));
                    e.0 += 1;
                    if &m.key < e.1 {
                        e.1 = &m.key;
                    }
                }
            }
            counts
                .into_iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(a.1 .1)))
                .map(|(k, _)| k)
        };
        let sub = by_key(&|m| {
            Some(format!(
                "{}\t{}",
                m.event.event_type, m.event.sub_event_type
            ))
        })
        .unwrap_or_default();
        let (event_type, sub_event_type) = sub.split_once('\t').unwrap_or(("", ""));
        let dated = |m: &Mention| m.event.evidence.iter().any(|e| e.field == "date");
        let date = by_key(&|m| {
            dated(m)
                .then(|| m.event.date.clone())
                .flatten()
                .map(|d| format!("{d}\t{:?}", m.event.date_precision))
        })
        .or_else(|| {
            by_key(&|m| {
                m.event
                    .date
                    .clone()
                    .map(|d| format!("{d}\t{:?}", m.event.date_precision))
            })
        });
        let first_with = |pred: &dyn Fn(&Mention) -> bool| ms.iter().find(|m| pred(m)).copied();
        let date_m = date.as_ref().and_then(|d| {
            first_with(&|m| {
                m.event
                    .date
                    .as_ref()
                    .is_some_and(|x| d.starts_with(&format!("{x}\t")))
            })
        });
        let finest = ms
            .iter()
            .filter_map(|m| m.event.location.as_ref().map(|l| l.precision))
            .min();
        let loc_name = by_key(&|m| {
            m.event
                .location
                .as_ref()
                .filter(|l| Some(l.precision) == finest)
                .map(|l| format!("{}|{:?}", l.name, l.geonameid))
        });
        let location = loc_name.and_then(|n| {
            ms.iter()
                .filter_map(|m| m.event.location.as_ref())
                .find(|l| {
                    Some(l.precision) == finest && format!("{}|{:?}", l.name, l.geonameid) == n
                })
                .cloned()
        });
        let actor = |which: fn(&Mention) -> Option<&Actor>| {
            let name = by_key(&|m| which(m).map(|a| a.name.clone()))?;
            ms.iter()
                .filter_map(|m| which(m))
                .find(|a| a.name == name)
                .cloned()
        };
        let mut sources: Vec<String> = ms.iter().filter_map(|m| m.source.clone()).collect();
        sources.sort();
        sources.dedup();
        let keys: HashSet<&MentionKey> = ms.iter().map(|m| &m.key).collect();
        let overrides = self
            .overrides
            .iter()
            .filter(|o| override_keys(o).iter().any(|k| keys.contains(k)))
            .cloned()
            .collect();
        ConsolidatedEvent {
            id,
            mentions: ms
                .iter()
                .zip(&superseded)
                .map(|(m, s)| MentionRecord {
                    key: m.key.clone(),
                    published: m.published.clone(),
                    source: m.source.clone(),
                    fatalities: m.event.fatalities,
                    injuries: m.event.injuries,
                    hedged: m.event.hedged,
                    superseded_by: s.clone(),
                    update_cue: update_cue(m),
                })
                .collect(),
            sources,
            event_type: event_type.to_string(),
            sub_event_type: sub_event_type.to_string(),
            date: date_m.and_then(|m| m.event.date.clone()),
            date_precision: date_m.map_or(DatePrecision::Unknown, |m| m.event.date_precision),
            location,
            actor1: actor(|m| m.event.actor1.as_ref()),
            actor2: actor(|m| m.event.actor2.as_ref()),
            fatalities: fat.best,
            fatalities_min: fat.min,
            fatalities_max: fat.max,
            injuries: inj.best,
            injuries_min: inj.min,
            injuries_max: inj.max,
            hedged: ms.iter().all(|m| m.event.hedged),
            aggregate: ms.iter().any(|m| m.event.aggregate),
            merges,
            overrides,
        }
    }
}

/// The keys of the name index: `p:` and a person, `b:` and a street with its block
/// (direction left out: one report may omit it; [`score::compatible`] checks it).
fn named_keys(f: &Features) -> Vec<String> {
    let mut out: Vec<String> = f.persons.iter().map(|p| format!("p:{p}")).collect();
    out.extend(
        f.mentioned
            .iter()
            .filter(|m| f.persons.binary_search(m).is_err())
            .map(|m| format!("m:{m}")),
    );
    out.extend(
        f.blocks
            .iter()
            .filter_map(|a| a.block.map(|b| format!("b:{}|{b}", a.street))),
    );
    out.sort();
    out.dedup();
    out
}

/// Salts of the keyed index for the name of a mention's own place (`@name`) and for the
/// place names its report gives (`~name`).
const AT_PLACE: u64 = 0x40;
const NAMED_PLACE: u64 = 0x7e;

/// A key of the keyed index from a name's hash and a salt telling its kind.
fn salted(h: u64, salt: u64) -> u64 {
    (h ^ salt.rotate_left(56)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Days per bucket of the keyed index for streets (their rules reach
/// [`score::MAX_DAY_GAP_STREET`] days); place names and names are bucketed by day (their
/// rules reach a day).
const STREET_BUCKET_DAYS: Day = 7;

/// The keys of the keyed index for a mention dated to the week or finer: each street it
/// gives (by week bucket), and by day the name of its place when fine (`@name`) and, when
/// it gives an age, each name it mentions (`n:name`), hashed. To index (`lookup` false)
/// the buckets its day range covers; to look up, that range widened by the largest gap of
/// the rules that use the key.
fn keyed_keys(f: &Features, lookup: bool) -> Vec<(u64, Day)> {
    let Some((d0, d1)) = f.keyed_days() else {
        return Vec::new();
    };
    let widen = |gap: Day| if lookup { gap } else { 0 };
    let street_gap = widen(score::MAX_DAY_GAP_STREET.max(score::STREET_ANY_PLACE_DAYS));
    let weeks = (d0 - street_gap).div_euclid(STREET_BUCKET_DAYS)
        ..=(d1 + street_gap).div_euclid(STREET_BUCKET_DAYS);
    let day_gap = widen(score::MAX_DAY_GAP.max(score::NAME_AGE_ANY_PLACE_DAYS));
    let days = (d0 - day_gap)..=(d1 + day_gap);
    let mut out = Vec::new();
    for s in &f.streets {
        let h = fnv(s);
        out.extend(weeks.clone().map(|b| (h, b)));
    }
    let place = f
        .place
        .as_ref()
        .filter(|p| p.fine() && !p.name.is_empty())
        .map(|p| salted(p.name_hash, AT_PLACE));
    let names = f
        .mentioned
        .iter()
        .filter(|_| !f.ages.is_empty())
        .map(|n| fnv(&format!("n:{n}")));
    // Places the report names: indexed as `~name`, looked up among the places of others
    // (`@name`); its own place is also looked up among the names of others.
    let own_named = f
        .place
        .as_ref()
        .filter(|p| lookup && p.fine() && !p.name.is_empty())
        .map(|p| salted(p.name_hash, NAMED_PLACE));
    let named = f
        .named_places
        .iter()
        .map(|&n| salted(n, if lookup { AT_PLACE } else { NAMED_PLACE }));
    for h in place.into_iter().chain(names).chain(own_named).chain(named) {
        out.extend(days.clone().map(|d| (h, d)));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The keys of the name index to look up for a mention: its framed people among both the
/// framed (`p:`) and the merely mentioned (`m:`) names of others, its other names among
/// the framed ones, and its blocks.
fn lookup_keys(f: &Features) -> Vec<String> {
    let mut out = Vec::new();
    for k in named_keys(f) {
        if let Some(p) = k.strip_prefix("p:") {
            out.push(format!("m:{p}"));
        } else if let Some(m) = k.strip_prefix("m:") {
            out.push(format!("p:{m}"));
            continue;
        }
        out.push(k);
    }
    out
}

fn override_keys(o: &Override) -> Vec<MentionKey> {
    match o {
        Override::Split { mention } => vec![mention.clone()],
        Override::Merge { a, b } | Override::KeepApart { a, b } => vec![a.clone(), b.clone()],
    }
}

/// Folds cluster `y`'s members into cluster `x` (x < y), keeping them sorted.
fn fold_members(members: &mut BTreeMap<usize, Vec<usize>>, x: usize, y: usize) {
    let ym = members.remove(&y).unwrap_or_default();
    if let Some(xm) = members.get_mut(&x) {
        xm.extend(ym);
        xm.sort_unstable();
    }
}

/// Pair aggregates between the clusters of one component: the sum of the scores of
/// their cross pairs, the strongest pair, and whether a user's override keeps them apart.
#[derive(Clone, Copy)]
struct Agg {
    sum: f64,
    best: f64,
    pair: (usize, usize),
    blocked: bool,
}

impl Agg {
    fn blank(x: usize, y: usize) -> Agg {
        Agg {
            sum: 0.0,
            best: f64::NEG_INFINITY,
            pair: (x, y),
            blocked: false,
        }
    }
}

/// A merge: the average linkage, the two clusters, the strongest pair between them.
type BestMerge = (f64, (usize, usize), (usize, usize));

/// A possible merge in the queue: the pair of clusters and its average linkage when
/// queued. The greatest is the highest average, then the smallest pair.
struct Candidate {
    avg: f64,
    pair: (usize, usize),
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.avg
            .total_cmp(&other.avg)
            .then_with(|| other.pair.cmp(&self.pair))
    }
}

/// The state of an average-linkage agglomeration over clusters named by their smallest
/// local index. Each cluster knows its size and the clusters it shares an aggregate with,
/// so a merge touches only its own aggregates; the pairs that may merge wait in a queue,
/// best first, and a queued pair whose aggregate has changed since is skipped (the
/// change queued it again), so finding the best merge does not read every pair.
struct Agglomeration {
    link_threshold: f64,
    linkage_threshold: f64,
    aggs: FastMap<(usize, usize), Agg>,
    size: Vec<usize>,
    neighbours: Vec<rustc_hash::FxHashSet<usize>>,
    queue: BinaryHeap<Candidate>,
}

impl Agglomeration {
    fn new(n: usize, link_threshold: f64, linkage_threshold: f64) -> Agglomeration {
        Agglomeration {
            link_threshold,
            linkage_threshold,
            aggs: FastMap::default(),
            size: vec![1; n],
            neighbours: vec![HashSet::default(); n],
            queue: BinaryHeap::new(),
        }
    }

    fn entry(&mut self, x: usize, y: usize, blank: (usize, usize)) -> &mut Agg {
        if let Some(v) = self.neighbours.get_mut(x) {
            v.insert(y);
        }
        if let Some(v) = self.neighbours.get_mut(y) {
            v.insert(x);
        }
        self.aggs
            .entry((x, y))
            .or_insert(Agg::blank(blank.0, blank.1))
    }

    /// The average linkage of clusters `x < y` when they may merge: not kept apart, a
    /// pair reaching the link threshold, the average reaching the linkage threshold.
    fn mergeable(&self, k: (usize, usize)) -> Option<f64> {
        let a = self.aggs.get(&k)?;
        if a.blocked || a.best < self.link_threshold {
            return None;
        }
        let size =
            self.size.get(k.0).copied().unwrap_or(1) * self.size.get(k.1).copied().unwrap_or(1);
        let avg = a.sum / size as f64;
        (avg >= self.linkage_threshold).then_some(avg)
    }

    /// Queues the pair `x < y` after its aggregate or a size changed.
    fn refresh(&mut self, k: (usize, usize)) {
        if let Some(avg) = self.mergeable(k) {
            self.queue.push(Candidate { avg, pair: k });
        }
    }

    /// The score of the pair of singletons `x < y`.
    fn add_score(&mut self, x: usize, y: usize, s: f64) {
        let a = self.entry(x, y, (x, y));
        a.sum += s;
        a.best = s;
        self.refresh((x, y));
    }

    /// A user's override keeps `x < y` apart.
    fn block(&mut self, x: usize, y: usize) {
        self.entry(x, y, (x, y)).blocked = true;
    }

    /// The best merge: the highest average linkage over the pairs that may merge, the
    /// smallest pair on ties; with its average and its strongest pair of mentions.
    fn best(&mut self) -> Option<BestMerge> {
        while let Some(c) = self.queue.pop() {
            // Current when the pair may still merge at the average it was queued with.
            if self.mergeable(c.pair) == Some(c.avg) {
                let pair = self.aggs.get(&c.pair).map_or(c.pair, |a| a.pair);
                return Some((c.avg, c.pair, pair));
            }
        }
        None
    }

    /// Folds cluster `y` into `x` (x < y): `y`'s aggregates join `x`'s.
    fn merge(&mut self, x: usize, y: usize) {
        let ys = self
            .neighbours
            .get_mut(y)
            .map(std::mem::take)
            .unwrap_or_default();
        let sy = self.size.get_mut(y).map(std::mem::take).unwrap_or(0);
        if let Some(sx) = self.size.get_mut(x) {
            *sx += sy;
        }
        for other in ys {
            let k = (y.min(other), y.max(other));
            if let Some(v) = self.neighbours.get_mut(other) {
                v.remove(&y);
            }
            let Some(v) = self.aggs.remove(&k) else {
                continue;
            };
            if other == x {
                continue;
            }
            let nk = (x.min(other), x.max(other));
            let e = self.entry(nk.0, nk.1, v.pair);
            e.sum += v.sum;
            if v.best > e.best {
                e.best = v.best;
                e.pair = v.pair;
            }
            e.blocked |= v.blocked;
        }
        self.aggs.remove(&(x, y));
        // Every pair of the grown cluster has a new average.
        let xs: Vec<usize> = self
            .neighbours
            .get(x)
            .map(|v| v.iter().copied().collect())
            .unwrap_or_default();
        for other in xs {
            self.refresh((x.min(other), x.max(other)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Merge = BestMerge;

    /// The agglomeration read plainly: every step scans every pair of clusters.
    fn reference(
        n: usize,
        scores: &[(usize, usize, f64)],
        blocked: &[(usize, usize)],
        link: f64,
        linkage: f64,
    ) -> Vec<Merge> {
        let mut aggs: BTreeMap<(usize, usize), Agg> = BTreeMap::new();
        for &(x, y, s) in scores {
            let a = aggs.entry((x, y)).or_insert(Agg::blank(x, y));
            a.sum += s;
            a.best = s;
        }
        for &(x, y) in blocked {
            aggs.entry((x, y)).or_insert(Agg::blank(x, y)).blocked = true;
        }
        let mut size = vec![1usize; n];
        let mut out = Vec::new();
        loop {
            let mut best: Option<Merge> = None;
            for (&(x, y), a) in &aggs {
                if a.blocked || a.best < link {
                    continue;
                }
                let avg = a.sum / (size[x] * size[y]) as f64;
                if avg >= linkage && best.is_none_or(|(b, _, _)| avg > b) {
                    best = Some((avg, (x, y), a.pair));
                }
            }
            let Some(m) = best else { break };
            out.push(m);
            let (x, y) = m.1;
            size[x] += size[y];
            size[y] = 0;
            let touching: Vec<((usize, usize), Agg)> = aggs
                .iter()
                .filter(|((p, q), _)| *p == y || *q == y)
                .map(|(k, v)| (*k, *v))
                .collect();
            for (k, v) in touching {
                aggs.remove(&k);
                let other = if k.0 == y { k.1 } else { k.0 };
                if other == x {
                    continue;
                }
                let nk = (x.min(other), x.max(other));
                let e = aggs.entry(nk).or_insert(Agg::blank(v.pair.0, v.pair.1));
                e.sum += v.sum;
                if v.best > e.best {
                    e.best = v.best;
                    e.pair = v.pair;
                }
                e.blocked |= v.blocked;
            }
        }
        out
    }

    #[test]
    fn the_merge_queue_merges_as_a_full_scan_would() {
        let mut rng: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        // Few distinct weights, so that equal averages (ties) are common.
        let weights = [-1.0, 0.4, 1.2, 2.2, 2.6, 3.4, 5.0];
        let mut merged = 0;
        for round in 0..300 {
            let n = 2 + (next() % 14) as usize;
            let mut scores = Vec::new();
            let mut blocked = Vec::new();
            for x in 0..n {
                for y in x + 1..n {
                    match next() % 4 {
                        0 | 1 => {
                            let w = weights[(next() % weights.len() as u64) as usize];
                            scores.push((x, y, w));
                        }
                        2 if round % 3 == 0 && next() % 5 == 0 => blocked.push((x, y)),
                        _ => {}
                    }
                }
            }
            let expected = reference(n, &scores, &blocked, 2.2, 0.8);
            let mut ag = Agglomeration::new(n, 2.2, 0.8);
            for &(x, y, s) in &scores {
                ag.add_score(x, y, s);
            }
            for &(x, y) in &blocked {
                ag.block(x, y);
            }
            let mut got = Vec::new();
            while let Some(m) = ag.best() {
                got.push(m);
                ag.merge(m.1 .0, m.1 .1);
            }
            merged += got.len();
            assert_eq!(got, expected, "round {round}: {n} mentions, {scores:?}");
        }
        assert!(merged > 300, "too few merges to test anything: {merged}");
    }
}
