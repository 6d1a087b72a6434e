//! Whether two mentions can be one event (blocking) and how strongly they look like one
//! (a sum of feature weights, each recorded with its reason so a merge can be explained).

use std::borrow::Cow;

use eventwatch_schema::{Actor, DatePrecision, Event, PlacePrecision};
use serde::{Deserialize, Serialize};

use crate::address::StreetAddress;
use crate::day::{self, Day};
use crate::mention::Mention;

/// Days an *assumed* date (no evidence behind it: the extractor fell back on the
/// publication date) may lie before the date given.
pub const ASSUMED_DAYS_BEFORE: i32 = 2;
/// Largest gap in days between two mentions' date ranges that can still be one event.
pub const MAX_DAY_GAP: i32 = 1;

/// Largest gap in days when the two reports name the same person or give the same
/// hundred-block: a follow-up (an arrest, a funeral, a death in hospital) comes days or
/// weeks later, and an undated report falls back on its publication date.
pub const MAX_DAY_GAP_NAMED: i32 = 30;
/// Largest gap in days for a follow-up (an arrest, a trial, a sentencing) that names two
/// of the same people, or one of them at the same town-or-finer place.
pub const MAX_DAY_GAP_FOLLOW_UP: i32 = 1100;
/// Largest gap in days at which reports naming the same person or block may disagree on
/// the place entirely (one side geocoded wrongly).
pub const NAMED_ANY_PLACE_DAYS: i32 = 3;
/// Largest distance between two town-or-finer places of reports that name the same person
/// or block (a suburb geocoded to the next town, the victim's home town).
pub const NAMED_RADIUS_KM: f64 = 150.0;

/// How far apart two places at this precision can be and still be the same scene, in km.
pub fn radius_km(p: PlacePrecision) -> Option<f64> {
    match p {
        PlacePrecision::Point => Some(2.0),
        PlacePrecision::Town => Some(20.0),
        PlacePrecision::Admin2 => Some(40.0),
        PlacePrecision::Admin1 | PlacePrecision::Country => None,
    }
}
/// Largest gap in days at which two reports that give a common street
/// ([`Features::same_street_key`]) are compared wherever the geocoder put them: a street's
/// name read as a town ("Springfield Ave" as Springfield), a namesake town in another
/// state or abroad, a country-level fallback, no place at all.
pub const STREET_ANY_PLACE_DAYS: i32 = 1;
/// Largest gap in days at which two reports that both mention a name (framed or not) and
/// both give an age ([`Features::name_and_age_key`]) are compared wherever the geocoder put
/// them.
pub const NAME_AGE_ANY_PLACE_DAYS: i32 = 1;
/// Largest gap in days between two reports that give a common street at compatible places
/// (the ordinary place rule): the incident and a follow-up days later (an arrest, a death
/// in hospital, a vigil on the block).
pub const MAX_DAY_GAP_STREET: i32 = 7;

/// The largest [`radius_km`]: the blocking grid must look this far.
pub const MAX_RADIUS_KM: f64 = 40.0;

/// The compared form of a mention, computed once.
#[derive(Clone, Debug)]
pub(crate) struct Features {
    /// Hash of the document id.
    pub doc: u64,
    pub days: Option<(Day, Day)>,
    /// A day-precision date with evidence behind it.
    pub exact_day: bool,
    pub place: Option<Place>,
    pub family: Family,
    pub aggregate: bool,
    /// People the report names in a victim/suspect frame (sorted name keys).
    pub persons: Vec<String>,
    /// Every name the report mentions, framed or not (sorted name keys).
    pub mentioned: Vec<String>,
    /// Street addresses with a hundred-block.
    pub blocks: Vec<StreetAddress>,
    /// Ages the report gives for the event's people (sorted).
    pub ages: Vec<u8>,
    /// Names of the streets the report gives, with or without a hundred-block, except
    /// [`generic_street`]s (sorted).
    pub streets: Vec<String>,
    /// Place names the report gives in a place frame ([`crate::places`]), as
    /// [`crate::consolidate::fnv`] hashes of the names (sorted).
    pub named_places: Vec<u64>,
}

#[derive(Clone, Debug)]
pub(crate) struct Place {
    pub lat: f64,
    pub lon: f64,
    pub precision: PlacePrecision,
    pub geonameid: Option<u64>,
    pub admin1: Option<String>,
    pub country: Option<String>,
    /// The place's name, lower-case.
    pub name: String,
    /// [`crate::consolidate::fnv`] of `name`.
    pub name_hash: u64,
}

impl Place {
    pub fn fine(&self) -> bool {
        radius_km(self.precision).is_some()
    }
}

/// Event types that can describe the same happening in different words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Violence,
    Demonstration,
    Strategic,
    Other,
}

fn family(event_type: &str) -> Family {
    match event_type {
        "Battles" | "Explosions/Remote violence" | "Violence against civilians" => Family::Violence,
        "Protests" | "Riots" => Family::Demonstration,
        "Strategic developments" => Family::Strategic,
        _ => Family::Other,
    }
}

/// True when no evidence supports the event's date (the extractor's fallback).
fn date_assumed(e: &Event) -> bool {
    !e.evidence.iter().any(|ev| ev.field == "date")
}

impl Features {
    pub fn of(m: &Mention) -> Features {
        let e = &m.event;
        let assumed = date_assumed(e);
        let days = e
            .date
            .as_deref()
            .and_then(|d| day::range(d, e.date_precision))
            .map(|(s, t)| {
                if assumed && e.date_precision == DatePrecision::Day {
                    (s - ASSUMED_DAYS_BEFORE, t)
                } else {
                    (s, t)
                }
            });
        let place = e.location.as_ref().and_then(|l| {
            (l.lat.is_finite()
                && l.lon.is_finite()
                && (-90.0..=90.0).contains(&l.lat)
                && (-180.0..=180.0).contains(&l.lon))
            .then(|| Place {
                lat: l.lat,
                lon: l.lon,
                precision: l.precision,
                geonameid: l.geonameid,
                admin1: l.admin1.clone(),
                name_hash: crate::consolidate::fnv(&l.name.to_lowercase()),
                name: l.name.to_lowercase(),
                country: l.country.clone(),
            })
        });
        // A place's name in a person's frame ("a man from Des Moines, who") is no person.
        let place_key = e.location.as_ref().and_then(|l| {
            let ws: Vec<String> = l.name.split_whitespace().map(str::to_lowercase).collect();
            match (ws.len(), ws.first(), ws.last()) {
                (2.., Some(f), Some(l)) => Some(format!("{f} {l}")),
                _ => None,
            }
        });
        let names = |framed_only: bool| {
            let mut v: Vec<String> = m
                .addresses
                .iter()
                .filter(|a| !(framed_only && a.mentioned))
                .filter_map(|a| a.person.clone())
                .filter(|p| Some(p) != place_key.as_ref())
                .collect();
            v.sort();
            v.dedup();
            v
        };
        Features {
            doc: crate::consolidate::fnv(&m.key.doc_id),
            days,
            exact_day: !assumed && e.date_precision == DatePrecision::Day,
            place,
            family: family(&e.event_type),
            aggregate: e.aggregate,
            persons: names(true),
            mentioned: names(false),
            blocks: m
                .addresses
                .iter()
                .filter(|a| a.is_street() && a.block.is_some())
                .cloned()
                .collect(),
            ages: {
                let mut v: Vec<u8> = m.addresses.iter().filter_map(|a| a.age).collect();
                v.sort_unstable();
                v.dedup();
                v
            },
            streets: {
                let mut v: Vec<String> = m
                    .addresses
                    .iter()
                    .filter(|a| a.is_street() && !a.street.is_empty())
                    .filter(|a| !generic_street(&a.street))
                    .map(|a| a.street.clone())
                    .collect();
                v.sort();
                v.dedup();
                v
            },
            named_places: {
                let mut v: Vec<u64> = m
                    .addresses
                    .iter()
                    .filter_map(|a| a.place.as_deref().map(crate::consolidate::fnv))
                    .collect();
                v.sort();
                v.dedup();
                v
            },
        }
    }

    /// This report's place is at town precision or finer and the other report names it
    /// in a place frame ("shot in Antioch").
    pub fn place_named_by(&self, other: &Features) -> bool {
        self.place.as_ref().is_some_and(|p| {
            p.fine() && !p.name.is_empty() && other.named_places.binary_search(&p.name_hash).is_ok()
        })
    }

    /// A key of the report besides its place that the other report shares: a name both
    /// mention, a street both give.
    pub fn another_key(&self, other: &Features) -> bool {
        sorted_common(&self.mentioned, &other.mentioned) > 0 || self.same_street_key(other)
    }

    /// Either report's fine place is named by the other ([`Features::place_named_by`]).
    pub fn places_named(&self, other: &Features) -> bool {
        self.place_named_by(other) || other.place_named_by(self)
    }

    /// The two reports share a person ([`Features::shared_count`]), mention another common
    /// name and give a common age.
    pub fn three_keys(&self, other: &Features) -> bool {
        self.shared_count(other) >= 1
            && sorted_common(&self.mentioned, &other.mentioned) >= 2
            && self.common_age(other)
    }

    /// The two reports mention a common name (framed or not) and give a common age.
    pub fn name_and_age_key(&self, other: &Features) -> bool {
        self.common_age(other) && sorted_common(&self.mentioned, &other.mentioned) > 0
    }

    /// The two reports give a common age.
    fn common_age(&self, other: &Features) -> bool {
        self.ages.iter().any(|x| other.ages.contains(x))
    }

    /// The day range of a report dated to the week or finer: only such reports meet by
    /// their streets ([`Features::same_street_key`]; a month holds too many incidents).
    pub fn keyed_days(&self) -> Option<(Day, Day)> {
        self.days.filter(|(d0, d1)| d1 - d0 <= 6)
    }

    /// The two reports give a common street that is no [`generic_street`] (a hundred-block
    /// need not be given).
    pub fn same_street_key(&self, other: &Features) -> bool {
        sorted_common(&self.streets, &other.streets) > 0
    }

    /// The people one report names in a victim/suspect frame and the other names at all.
    pub fn shared_persons<'a>(&'a self, other: &'a Features) -> Vec<&'a str> {
        let mut out: Vec<&str> = self
            .persons
            .iter()
            .filter(|p| other.mentioned.binary_search(p).is_ok())
            .chain(
                other
                    .persons
                    .iter()
                    .filter(|p| self.mentioned.binary_search(p).is_ok()),
            )
            .map(String::as_str)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// How many [`Features::shared_persons`], without building the list.
    pub fn shared_count(&self, other: &Features) -> usize {
        let framed_both = sorted_common(&self.persons, &other.persons);
        sorted_common(&self.persons, &other.mentioned)
            + sorted_common(&other.persons, &self.mentioned)
            - framed_both
    }

    /// The two reports name a common person (framed in at least one of them) or give a
    /// common hundred-block.
    pub fn named_together(&self, other: &Features) -> bool {
        self.shared_count(other) > 0 || self.same_block(other)
    }

    fn same_block(&self, other: &Features) -> bool {
        self.blocks
            .iter()
            .any(|x| other.blocks.iter().any(|y| x.same_block(y)))
    }
}

/// A street name that recurs in every town: numbered ("11th st", "4th pl") or a state,
/// county or main road ("state rd", "county rd 12", "main st"). Such a street is no key.
fn generic_street(street: &str) -> bool {
    let mut words = street.split_whitespace();
    match words.next() {
        None => true,
        Some(w) => {
            w.starts_with(|c: char| c.is_ascii_digit())
                || matches!(
                    w,
                    "state" | "county" | "main" | "us" | "route" | "highway" | "interstate"
                )
        }
    }
}

/// How many strings two sorted, deduplicated lists share.
fn sorted_common(a: &[String], b: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A feature's human-readable reason, written only when `explain` (blocking scores many
/// pairs and reads only the sum).
macro_rules! detail {
    ($explain:expr, $($arg:tt)*) => {
        if $explain {
            format!($($arg)*)
        } else {
            String::new()
        }
    };
}

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// Days between two ranges; 0 when they overlap.
fn day_gap(a: (Day, Day), b: (Day, Day)) -> i32 {
    if a.1 < b.0 {
        b.0 - a.1
    } else if b.1 < a.0 {
        a.0 - b.1
    } else {
        0
    }
}

/// One feature's contribution to a pair's score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureScore {
    /// `date`, `place`, `address`, `type`, `actor1`, `actor2`, `fatalities`, `injuries`.
    pub feature: String,
    pub weight: f64,
    /// Human-readable reason: `same day 2016-07-27`, `3.2 km apart (town)`.
    pub detail: String,
}

/// Why two mentions were (or were not) judged one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairScore {
    pub score: f64,
    pub days_apart: i32,
    /// Distance between the two locations, km.
    pub distance_km: f64,
    /// Empty in a merge step as the consolidator keeps and the store writes it (see
    /// [`crate::MergeStep::pair`]); left out of the JSON then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<FeatureScore>,
}

/// Blocking: the two can only be one event when they come from different documents (the
/// extractor already told a document's events apart), their dates lie within
/// [`MAX_DAY_GAP`] days, their places are compatible (within the radius of the coarser
/// precision; a region or country contains the other place). Reports that share a
/// person or block ([`Features::named_together`]) may lie [`MAX_DAY_GAP_NAMED`] days
/// apart, within [`NAMED_RADIUS_KM`] or anywhere in one country, and may lack a date or a
/// place; follow-ups that share two people (anywhere), or one at compatible places, may
/// lie [`MAX_DAY_GAP_FOLLOW_UP`] days apart. Reports dated to the week or finer that
/// give a common street ([`Features::same_street_key`]) within [`STREET_ANY_PLACE_DAYS`]
/// are compared whatever their places, unless both are fine places within
/// [`MAX_RADIUS_KM`] (then the ordinary place rule applies). Two fine places of the same
/// name ([`same_place_name`]) are compatible within [`MAX_DAY_GAP`] days wherever they
/// lie (namesakes). Reports giving a common street may lie [`MAX_DAY_GAP_STREET`] days
/// apart at compatible places; reports mentioning a common name and giving a common age
/// are compared whatever their places within [`NAME_AGE_ANY_PLACE_DAYS`]. Reports sharing
/// a person, another name and an age ([`Features::three_keys`]) are compared whatever
/// their dates and places; reports sharing a person and an age are compared whatever
/// their places. A round-up (`aggregate`) is compared with
/// single reports but scores lower.
pub(crate) fn compatible(a: &Features, b: &Features) -> bool {
    if a.doc == b.doc {
        return false;
    }
    let named = a.named_together(b);
    let gap = match (a.days, b.days) {
        (Some(da), Some(db)) => Some(day_gap(da, db)),
        _ => None,
    };
    // Both dated to the week or finer: only such reports meet by their keys.
    let keyed = a.keyed_days().is_some() && b.keyed_days().is_some();
    // A common street within a day: the places are not compared unless both are fine
    // and near each other (neighbouring towns along one road are told apart as usual).
    if gap.is_some_and(|g| g <= STREET_ANY_PLACE_DAYS)
        && keyed
        && a.same_street_key(b)
        && !fine_and_near(a, b)
    {
        return true;
    }
    // One place name geocoded to two namesakes ("Paris" in France and in Texas).
    if gap.is_some_and(|g| g <= MAX_DAY_GAP) && keyed && same_place_name(a, b) {
        return true;
    }
    // One report names, in a place frame, the town the other was placed in: a namesake
    // or a neighbouring town chosen by the geocoder for one of them.
    if gap.is_some_and(|g| g <= MAX_DAY_GAP)
        && keyed
        && a.places_named(b)
        && a.another_key(b)
        && !fine_and_near(a, b)
    {
        return true;
    }
    // A name both mention and an age both give within a day: two keys, any place.
    if gap.is_some_and(|g| g <= NAME_AGE_ANY_PLACE_DAYS) && keyed && a.name_and_age_key(b) {
        return true;
    }
    // A person, another name and an age in common: three keys, whatever the gap (a
    // trial years on) and the places.
    if named && a.three_keys(b) {
        return true;
    }
    let shared = a.shared_count(b);
    let dates = match gap {
        Some(g) if g <= MAX_DAY_GAP => true,
        // The same street a few days apart at compatible places: a follow-up.
        Some(g) if g <= MAX_DAY_GAP_STREET && keyed && a.same_street_key(b) => true,
        Some(g) if named && g <= MAX_DAY_GAP_NAMED => true,
        // A trial or an anniversary report: the same people at the same place.
        Some(g) if g <= MAX_DAY_GAP_FOLLOW_UP => {
            shared >= 2
                || (shared == 1
                    && matches!((&a.place, &b.place), (Some(pa), Some(pb)) if place_compatible(pa, pb)))
        }
        Some(_) => false,
        None => named,
    };
    if !dates {
        return false;
    }
    // The same person named within days: the geocoder's place may be wrong on one side.
    // Two of the same people, or one and an age, are two keys: the place may be wrong on
    // one side whatever the gap (within the gaps allowed above).
    if named
        && (gap.is_some_and(|g| g <= NAMED_ANY_PLACE_DAYS)
            || shared >= 2
            || (shared == 1 && a.common_age(b)))
    {
        return true;
    }
    match (&a.place, &b.place) {
        (Some(pa), Some(pb)) => place_compatible(pa, pb) || (named && place_near(pa, pb)),
        _ => named,
    }
}

/// Both places are at town precision or finer and carry the same name.
pub(crate) fn same_place_name(a: &Features, b: &Features) -> bool {
    matches!((&a.place, &b.place), (Some(pa), Some(pb))
        if pa.fine() && pb.fine() && !pa.name.is_empty() && pa.name == pb.name)
}

/// Both places are at town precision or finer and within [`MAX_RADIUS_KM`]: neighbouring
/// towns, which the ordinary place rule tells apart.
fn fine_and_near(a: &Features, b: &Features) -> bool {
    matches!((&a.place, &b.place), (Some(pa), Some(pb))
        if pa.fine() && pb.fine() && haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) <= MAX_RADIUS_KM)
}

/// The looser place rule for reports naming the same person or block: same country, and
/// two fine places within [`NAMED_RADIUS_KM`].
fn place_near(a: &Place, b: &Place) -> bool {
    if a.fine() && b.fine() {
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= NAMED_RADIUS_KM;
    }
    a.country.is_some() && a.country == b.country
}

fn place_compatible(a: &Place, b: &Place) -> bool {
    match (radius_km(a.precision), radius_km(b.precision)) {
        (Some(ra), Some(rb)) => haversine_km(a.lat, a.lon, b.lat, b.lon) <= ra.max(rb),
        _ => {
            if a.country.is_none() || a.country != b.country {
                return false;
            }
            // Two first-level regions (or finer) must be the same region.
            let coarse_a = a.precision == PlacePrecision::Country;
            let coarse_b = b.precision == PlacePrecision::Country;
            coarse_a || coarse_b || (a.admin1.is_some() && a.admin1 == b.admin1)
        }
    }
}

fn same_actor(a: &Option<Actor>, b: &Option<Actor>, explain: bool) -> Option<FeatureScore> {
    let (Some(a), Some(b)) = (a, b) else {
        return None;
    };
    // An actor no words name (empty `text`: the coder's default for the event type, such
    // as an unidentified armed group for an unnamed shooter) tells nothing either way.
    if a.text.is_empty() || b.text.is_empty() {
        return None;
    }
    if a.inter != 0 && b.inter != 0 && a.inter != b.inter {
        return Some(FeatureScore {
            feature: String::new(),
            weight: -0.4,
            detail: detail!(
                explain,
                "different kinds of actor ({} / {})",
                a.name,
                b.name
            ),
        });
    }
    (a.inter != 0 && a.name.eq_ignore_ascii_case(&b.name)).then(|| FeatureScore {
        feature: String::new(),
        weight: 0.2,
        detail: detail!(explain, "same actor {}", a.name),
    })
}

fn addresses(a: &[&StreetAddress], b: &[&StreetAddress], explain: bool) -> Option<FeatureScore> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let feature = "address".to_string();
    if let Some(x) = a.iter().find(|x| b.iter().any(|y| x.same_block(y))) {
        return Some(FeatureScore {
            feature,
            weight: 2.5,
            detail: detail!(explain, "same block: {x}"),
        });
    }
    // Hundred-blocks far apart on one street ("3300 block" / "5000 block" of a long
    // road) are two places on it.
    let near_blocks = |x: &StreetAddress, y: &StreetAddress| match (x.block, y.block) {
        (Some(p), Some(q)) => p.abs_diff(q) <= FAR_BLOCKS,
        _ => true,
    };
    if let Some(x) = a
        .iter()
        .find(|x| b.iter().any(|y| x.same_street(y) && near_blocks(x, y)))
    {
        return Some(FeatureScore {
            feature,
            weight: 2.0,
            detail: detail!(explain, "same street: {x}"),
        });
    }
    if let Some(x) = a.iter().find(|x| b.iter().any(|y| x.same_street(y))) {
        return Some(FeatureScore {
            feature,
            weight: 0.0,
            detail: detail!(explain, "same street, blocks far apart: {x}"),
        });
    }
    if let Some(x) = a.iter().find(|x| {
        b.iter().any(|y| {
            x.block.is_some() && x.block == y.block && same_street_name(&x.street, &y.street)
        })
    }) {
        return Some(FeatureScore {
            feature,
            weight: 2.5,
            detail: detail!(explain, "same block, street spelt otherwise: {x}"),
        });
    }
    if let Some(x) = a
        .iter()
        .find(|x| b.iter().any(|y| same_street_name(&x.street, &y.street)))
    {
        return Some(FeatureScore {
            feature,
            weight: SAME_STREET_NAME,
            detail: detail!(explain, "same street name, another suffix or spelling: {x}"),
        });
    }
    let list = |v: &[&StreetAddress]| {
        v.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(FeatureScore {
        feature,
        weight: -2.5,
        detail: detail!(explain, "different streets: {} / {}", list(a), list(b)),
    })
}

/// Hundred-block numbers further apart than this on one street are two places on it.
pub const FAR_BLOCKS: u32 = 500;

/// Weight when two reports name one street with another suffix ("Cherry St" / "Cherry
/// Rd") or spell its number out ("Sixth Street" / "6th St"): a slip of one report, or
/// two streets of one name; no penalty, weak agreement.
pub const SAME_STREET_NAME: f64 = 0.0;

/// Ordinal words as street numbers.
const ORDINALS: &[(&str, &str)] = &[
    ("first", "1st"),
    ("second", "2nd"),
    ("third", "3rd"),
    ("fourth", "4th"),
    ("fifth", "5th"),
    ("sixth", "6th"),
    ("seventh", "7th"),
    ("eighth", "8th"),
    ("ninth", "9th"),
    ("tenth", "10th"),
    ("eleventh", "11th"),
    ("twelfth", "12th"),
];

/// A street's name words without its suffix, ordinal words as numbers (`sixth st` →
/// `6th`).
fn street_name(street: &str) -> Vec<&str> {
    let mut words: Vec<&str> = street.split_whitespace().collect();
    if words.len() > 1 {
        words.pop();
    }
    words
        .into_iter()
        .map(|w| {
            ORDINALS
                .iter()
                .find(|(o, _)| *o == w)
                .map_or(w, |(_, n)| *n)
        })
        .collect()
}

/// Two streets with the same name words (whatever their suffixes), or names one letter
/// apart ("Fred Connor" / "Fred Conner", "Whisnant" / "Whisenant"; five letters or more,
/// not a number: 45th and 46th are two streets), "MLK" for "Martin Luther King (Jr)".
fn same_street_name(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (na, nb) = (street_name(a), street_name(b));
    if na == nb {
        return true;
    }
    let (sa, sb) = (na.join(" "), nb.join(" "));
    let (ja, jb) = (mlk(&sa), mlk(&sb));
    ja == jb
        || (ja.len() >= 5
            && !ja.starts_with(|c: char| c.is_ascii_digit())
            && !jb.starts_with(|c: char| c.is_ascii_digit())
            && one_edit_apart(&ja, &jb))
}

/// "martin luther king jr", "martin luther king" and "mlk" as one name. (Most names hold
/// neither spelling and come back borrowed: blocking compares many street pairs.)
fn mlk(name: &str) -> Cow<'_, str> {
    if !name.contains("martin luther king") && !name.contains("mlk jr") {
        return Cow::Borrowed(name);
    }
    let n = name
        .replace("martin luther king jr", "mlk")
        .replace("martin luther king", "mlk");
    Cow::Owned(n.replace("mlk jr", "mlk"))
}

/// The two strings differ by at most one inserted, deleted or replaced character.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short.get(prefix + 1..) == long.get(prefix + 1..)
    } else {
        short.get(prefix..) == long.get(prefix + 1..)
    }
}

/// The street addresses of a report.
fn streets(m: &Mention) -> Vec<&StreetAddress> {
    m.addresses.iter().filter(|a| a.is_street()).collect()
}

/// Place weight when one place is a whole country holding the other (blocking checked
/// the country): a same-day report with the same toll joins on one more agreeing feature
/// (an age, an actor, a name).
pub const COUNTRY_LEVEL: f64 = -0.2;
/// Place weight when one place is a region or a country and that report names the other's
/// town in a place frame ([`Features::place_named_by`]): the geocoder fell back on the
/// region, the text agrees with the town.
pub const COARSE_NAMES_TOWN: f64 = 0.2;
/// Place weight when two fine places beyond the radius carry the same name (blocking
/// compares such reports within [`MAX_DAY_GAP`] days: one name, two namesakes, and the
/// geocoder chose differently): no evidence either way.
pub const SAME_NAME_APART: f64 = 0.0;
/// Place weight when two fine places lie beyond the radius but one report names the
/// other's place in a place frame (blocking compares such reports within [`MAX_DAY_GAP`]
/// days): the geocoder chose another town for one of them.
pub const PLACE_NAMED_APART: f64 = -0.3;
/// Type weight when one report is a strategic development (an arrest, a charge, a vigil)
/// and the other a violent event: a follow-up on a shooting is coded as a development, so
/// the two types are no sign of two events (unrelated types weigh −1.0).
pub const DEVELOPMENT_AND_VIOLENCE: f64 = -0.6;
/// Weight when one report is a round-up (`aggregate`) and the other is not.
pub const AGGREGATE_MISMATCH: f64 = -0.5;
/// Weight of a person both reports name.
pub const SAME_PERSON: f64 = 2.5;
/// Names (framed or not) that two reports must both mention to count as [`COMMON_NAMES`].
pub const MIN_COMMON_NAMES: usize = 2;
/// Weight when two reports, framing none of the same people, mention at least
/// [`MIN_COMMON_NAMES`] of the same names.
pub const COMMON_NAMES: f64 = 2.0;
/// Weight when two reports, framing none of the same people, both mention one name
/// (a bar, a church, a relative quoted in both): on the GVA development half, 90% of
/// the compared pairs with exactly one such name were one incident. It counts only
/// between two reports of the same sub-event type placed at town precision or finer: a
/// name that national news repeats (a head of government) would otherwise join every
/// report of the country on that day, and the protest to the crackdown on it.
pub const COMMON_NAME: f64 = 1.0;
/// Weight of two or more people both reports name.
pub const SAME_PERSONS: f64 = 4.0;
/// Weight when both reports name people and none is shared.
pub const OTHER_PERSONS: f64 = -1.0;

fn persons(
    fa: &Features,
    fb: &Features,
    same_sub_type: bool,
    explain: bool,
) -> Option<FeatureScore> {
    let fine = |f: &Features| f.place.as_ref().is_some_and(Place::fine);
    let feature = "person".to_string();
    // Counted without building the lists (every framed name is also a mentioned one);
    // the names are listed only to explain.
    let shared = fa.shared_count(fb);
    if shared > 0 {
        return Some(FeatureScore {
            feature,
            weight: if shared >= 2 {
                SAME_PERSONS
            } else {
                SAME_PERSON
            },
            detail: detail!(explain, "both name {}", fa.shared_persons(fb).join(", ")),
        });
    }
    let common_n = sorted_common(&fa.mentioned, &fb.mentioned);
    if common_n >= MIN_COMMON_NAMES || (common_n == 1 && same_sub_type && fine(fa) && fine(fb)) {
        let common: Vec<&str> = fa
            .mentioned
            .iter()
            .filter(|p| fb.mentioned.binary_search(p).is_ok())
            .map(String::as_str)
            .collect();
        return Some(FeatureScore {
            feature,
            weight: if common_n >= MIN_COMMON_NAMES {
                COMMON_NAMES
            } else {
                COMMON_NAME
            },
            detail: detail!(explain, "both mention {}", common.join(", ")),
        });
    }
    let (a, b) = (&fa.persons, &fb.persons);
    if a.is_empty() || b.is_empty() {
        return None;
    }
    Some(FeatureScore {
        feature,
        weight: OTHER_PERSONS,
        detail: detail!(
            explain,
            "different people: {} / {}",
            a.join(", "),
            b.join(", ")
        ),
    })
}

/// Weight when the ages one report gives are all among the other's ("a 26-year-old man");
/// ages partly shared weigh 0.
pub const SAME_AGE: f64 = 0.6;
/// Weight when both reports give ages and none is shared.
pub const OTHER_AGES: f64 = -0.4;

fn ages(a: &[u8], b: &[u8], explain: bool) -> Option<FeatureScore> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let list = |v: &[u8]| v.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
    let shared: Vec<u8> = a.iter().copied().filter(|x| b.contains(x)).collect();
    // Agreeing ages: every age of the report giving fewer is in the other.
    if !shared.is_empty() && shared.len() < a.len().min(b.len()) {
        return Some(FeatureScore {
            feature: "age".into(),
            weight: 0.0,
            detail: detail!(explain, "ages partly shared: {} / {}", list(a), list(b)),
        });
    }
    Some(if shared.is_empty() {
        FeatureScore {
            feature: "age".into(),
            weight: OTHER_AGES,
            detail: detail!(explain, "different ages: {} / {}", list(a), list(b)),
        }
    } else {
        FeatureScore {
            feature: "age".into(),
            weight: SAME_AGE,
            detail: detail!(explain, "both give age {}", list(&shared)),
        }
    })
}

fn counts(name: &str, a: u32, b: u32, same: f64, explain: bool) -> Option<FeatureScore> {
    let feature = name.to_string();
    // Zero is also what a report that does not mention the count gives: no evidence.
    match (a, b) {
        (0, _) | (_, 0) => None,
        (a, b) if a == b => Some(FeatureScore {
            feature,
            weight: same,
            detail: detail!(explain, "both report {a}"),
        }),
        (a, b) => Some(FeatureScore {
            feature,
            weight: -0.2,
            detail: detail!(explain, "{a} / {b}"),
        }),
    }
}

/// Scores a compatible pair (see `docs/consolidation.md` for the weights).
pub(crate) fn score(ma: &Mention, fa: &Features, mb: &Mention, fb: &Features) -> PairScore {
    score_with(ma, fa, mb, fb, true)
}

/// The score alone of a compatible pair: [`score`] without writing the reasons, for
/// blocking's many comparisons (the same weights in the same order, so the same sum).
pub(crate) fn score_value(ma: &Mention, fa: &Features, mb: &Mention, fb: &Features) -> f64 {
    score_with(ma, fa, mb, fb, false).score
}

/// [`score`] without the features: the score, days and distance of a merge step.
pub(crate) fn score_brief(ma: &Mention, fa: &Features, mb: &Mention, fb: &Features) -> PairScore {
    let mut p = score_with(ma, fa, mb, fb, false);
    p.features = Vec::new();
    p
}

/// Scores two mentions as the consolidator does, with the reasons, or `None` when
/// blocking keeps them apart (see [`crate::ConsolidatedEvent::explain_merges`]).
pub fn explain_pair(a: &Mention, b: &Mention) -> Option<PairScore> {
    let (fa, fb) = (Features::of(a), Features::of(b));
    compatible(&fa, &fb).then(|| score(a, &fa, b, &fb))
}

/// Scores a pair; the features' details are left empty unless `explain`.
fn score_with(
    ma: &Mention,
    fa: &Features,
    mb: &Mention,
    fb: &Features,
    explain: bool,
) -> PairScore {
    // Room for every feature (date, place, address, person, age, type, two actors,
    // aggregate, fatalities, injuries).
    let mut features = Vec::with_capacity(11);
    let (a, b) = (&ma.event, &mb.event);
    let mut days_apart = 0;
    if let (Some(da), Some(db)) = (fa.days, fb.days) {
        days_apart = day_gap(da, db);
        let (weight, detail) = if days_apart > 7 {
            (-0.5, detail!(explain, "{days_apart} days apart"))
        } else if days_apart > 1 {
            (0.0, detail!(explain, "{days_apart} days apart"))
        } else if days_apart > 0 {
            (0.2, detail!(explain, "{days_apart} day(s) apart"))
        } else if fa.exact_day && fb.exact_day {
            (1.0, detail!(explain, "same day {}", day::format(da.0)))
        } else {
            (
                0.6,
                detail!(
                    explain,
                    "date ranges overlap ({}..{} / {}..{})",
                    day::format(da.0),
                    day::format(da.1),
                    day::format(db.0),
                    day::format(db.1)
                ),
            )
        };
        features.push(FeatureScore {
            feature: "date".into(),
            weight,
            detail,
        });
    }
    let mut distance_km = f64::NAN;
    if let (Some(pa), Some(pb)) = (&fa.place, &fb.place) {
        let d = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon);
        distance_km = d;
        let coarser = pa.precision.max(pb.precision);
        let (weight, detail) = if !(pa.fine() && pb.fine()) {
            if fa.places_named(fb) {
                let named = if pa.fine() { pa } else { pb };
                (
                    COARSE_NAMES_TOWN,
                    detail!(
                        explain,
                        "one place is {coarser:?}-level, its report names {}",
                        named.name
                    ),
                )
            } else if coarser == PlacePrecision::Admin1 {
                (
                    0.2,
                    detail!(
                        explain,
                        "same region {}",
                        pa.admin1.as_deref().unwrap_or("?")
                    ),
                )
            } else {
                // A country-level place holds every town of the country: weak evidence,
                // a small cost that other agreeing evidence outweighs.
                (
                    COUNTRY_LEVEL,
                    detail!(explain, "same country (one place is country-level)"),
                )
            }
        } else if pa.geonameid.is_some() && pa.geonameid == pb.geonameid {
            (1.0, detail!(explain, "same place ({coarser:?})"))
        } else if d <= 1.0 {
            (1.0, detail!(explain, "{d:.1} km apart"))
        } else if d > radius_km(coarser).unwrap_or(MAX_RADIUS_KM) && pa.name == pb.name {
            (
                SAME_NAME_APART,
                detail!(explain, "same name {}, geocoded {d:.0} km apart", pa.name),
            )
        } else if d > radius_km(coarser).unwrap_or(MAX_RADIUS_KM) && fa.places_named(fb) {
            let named = if fa.place_named_by(fb) { pa } else { pb };
            (
                PLACE_NAMED_APART,
                detail!(
                    explain,
                    "{d:.0} km apart, but the other report names {}",
                    named.name
                ),
            )
        } else if d > radius_km(coarser).unwrap_or(MAX_RADIUS_KM) {
            (
                -0.3,
                detail!(explain, "{d:.1} km apart, beyond the {coarser:?} radius"),
            )
        } else {
            let w = if coarser == PlacePrecision::Admin2 {
                0.3
            } else {
                0.6
            };
            (w, detail!(explain, "{d:.1} km apart ({coarser:?})"))
        };
        features.push(FeatureScore {
            feature: "place".into(),
            weight,
            detail,
        });
    }
    if let Some(f) = addresses(&streets(ma), &streets(mb), explain) {
        features.push(f);
    }
    if let Some(f) = persons(fa, fb, a.sub_event_type == b.sub_event_type, explain) {
        features.push(f);
    }
    if let Some(f) = ages(&fa.ages, &fb.ages, explain) {
        features.push(f);
    }
    let (weight, detail) = if a.sub_event_type == b.sub_event_type {
        (
            0.4,
            detail!(explain, "same sub-event type {}", a.sub_event_type),
        )
    } else if a.event_type == b.event_type {
        (0.2, detail!(explain, "same event type {}", a.event_type))
    } else if (fa.family == Family::Strategic || fb.family == Family::Strategic)
        && (fa.family == Family::Violence || fb.family == Family::Violence)
    {
        (
            DEVELOPMENT_AND_VIOLENCE,
            detail!(
                explain,
                "a development and a violent event {} / {}",
                a.event_type,
                b.event_type
            ),
        )
    } else if fa.family == fb.family && fa.family != Family::Other {
        (
            0.0,
            detail!(explain, "related types {} / {}", a.event_type, b.event_type),
        )
    } else {
        (
            -1.0,
            detail!(
                explain,
                "unrelated types {} / {}",
                a.event_type,
                b.event_type
            ),
        )
    };
    features.push(FeatureScore {
        feature: "type".into(),
        weight,
        detail,
    });
    for (name, x, y) in [
        ("actor1", &a.actor1, &b.actor1),
        ("actor2", &a.actor2, &b.actor2),
    ] {
        if let Some(mut f) = same_actor(x, y, explain) {
            f.feature = name.into();
            features.push(f);
        }
    }
    if fa.aggregate != fb.aggregate {
        features.push(FeatureScore {
            feature: "aggregate".into(),
            weight: AGGREGATE_MISMATCH,
            detail: detail!(explain, "one report sums up several incidents"),
        });
    }
    if let Some(f) = counts("fatalities", a.fatalities, b.fatalities, 0.6, explain) {
        features.push(f);
    }
    if let Some(f) = counts("injuries", a.injuries, b.injuries, 0.4, explain) {
        features.push(f);
    }
    // Rounded so that sums of tenths compare exactly with the thresholds.
    let sum: f64 = features.iter().map(|f| f.weight).sum();
    PairScore {
        score: (sum * 1000.0).round() / 1000.0,
        days_apart,
        distance_km,
        features,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mention::MentionKey;

    fn sample_event() -> Event {
        Event::of_type("Violence against civilians", "Attack", "ASSAULT")
    }

    fn features(doc: &str, framed: &[&str], mentioned: &[&str]) -> Features {
        let mut m = Mention::new(MentionKey::new(doc, 0), sample_event());
        m.addresses = framed
            .iter()
            .map(|k| StreetAddress::person(k))
            .chain(mentioned.iter().map(|k| StreetAddress::mentioned(k)))
            .collect();
        Features::of(&m)
    }

    #[test]
    fn an_actor_no_words_name_is_no_evidence() {
        let actor = |text: &str| {
            Some(Actor {
                text: text.into(),
                name: "Unidentified Armed Group (United States)".into(),
                inter: 3,
                country: Some("USA".into()),
            })
        };
        assert!(same_actor(&actor("gunmen"), &actor("gunman"), false).is_some());
        assert!(same_actor(&actor(""), &actor("gunman"), false).is_none());
        assert!(same_actor(&actor(""), &actor(""), false).is_none());
    }

    #[test]
    fn the_score_alone_is_the_explained_score() {
        let street = |name: &str, block: Option<u32>| StreetAddress {
            street: name.into(),
            direction: None,
            block,
            person: None,
            mentioned: false,
            age: None,
            place: None,
        };
        let variants: Vec<Mention> = (0..48u32)
            .map(|v| {
                let doc = format!("d{v}");
                let mut m = Mention::new(MentionKey::new(&doc, 0), sample_event());
                let e = &mut m.event;
                e.date = Some(["2020-05-01", "2020-05-02", "2020-05-12"][(v % 3) as usize].into());
                e.date_precision = DatePrecision::Day;
                if v % 2 == 0 {
                    e.sub_event_type = "Armed clash".into();
                    e.event_type = "Battles".into();
                }
                e.fatalities = v % 4;
                e.injuries = (v / 4) % 3;
                e.aggregate = v % 7 == 0;
                e.location = (v % 5 != 0).then(|| eventwatch_schema::Location {
                    name: "Springfield".into(),
                    geonameid: (v % 3 == 0).then_some(7),
                    lat: 40.0 + f64::from(v % 4) * 0.05,
                    lon: -89.0,
                    precision: [
                        PlacePrecision::Town,
                        PlacePrecision::Point,
                        PlacePrecision::Admin1,
                    ][(v % 3) as usize],
                    admin1: Some("Illinois".into()),
                    country: Some("United States".into()),
                });
                m.addresses = vec![street(
                    ["main st", "oak ave"][(v % 2) as usize],
                    Some(100 * (v % 3)),
                )];
                if v % 3 != 1 {
                    m.addresses.push(StreetAddress::person(
                        ["jane doe", "john roe"][(v % 2) as usize],
                    ));
                }
                if v % 5 == 2 {
                    m.addresses.push(StreetAddress::person("jane doe"));
                    m.addresses.push(StreetAddress::person("john roe"));
                }
                if v % 4 == 1 {
                    m.addresses.push(StreetAddress::age(20 + (v % 3) as u8));
                }
                // Names only mentioned: two in common make `COMMON_NAMES`.
                for (k, name) in ["ann poe", "carl moe", "jane doe"].iter().enumerate() {
                    if (v >> k) & 1 == 1 {
                        m.addresses.push(StreetAddress::mentioned(name));
                    }
                }
                m
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        for a in &variants {
            let fa = Features::of(a);
            for b in &variants {
                let fb = Features::of(b);
                let explained = score(a, &fa, b, &fb);
                assert_eq!(score_value(a, &fa, b, &fb), explained.score);
                assert!(explained.features.iter().all(|f| !f.detail.is_empty()));
                seen.extend(explained.features.iter().map(|f| f.weight.to_bits()));
            }
        }
        // The variants reach every person rule.
        for w in [SAME_PERSON, SAME_PERSONS, COMMON_NAMES, OTHER_PERSONS] {
            assert!(seen.contains(&w.to_bits()), "no pair weighs {w}");
        }
    }

    #[test]
    fn blocks_far_apart_on_one_street_are_two_places() {
        let at = |block: Option<u32>| StreetAddress {
            street: "reisterstown rd".to_string(),
            block,
            ..StreetAddress::default()
        };
        let w = |x: Option<u32>, y: Option<u32>| {
            addresses(&[&at(x)], &[&at(y)], false).map(|f| f.weight)
        };
        assert_eq!(w(Some(3300), Some(3300)), Some(2.5));
        assert_eq!(w(Some(3300), None), Some(2.0));
        assert_eq!(w(Some(3300), Some(3700)), Some(2.0));
        assert_eq!(w(Some(3300), Some(5000)), Some(0.0));
    }

    #[test]
    fn street_names_match_across_suffixes_spellings_and_mlk() {
        assert!(same_street_name("cherry st", "cherry rd"));
        assert!(same_street_name("sixth st", "6th st"));
        assert!(same_street_name("fred connor st", "fred conner st"));
        assert!(same_street_name("whisnant st", "whisenant st"));
        assert!(same_street_name("mlk pkwy", "martin luther king jr pkwy"));
        assert!(!same_street_name("45th st", "46th st"));
        assert!(!same_street_name("47th st", "417th st"));
        assert!(!same_street_name("oak st", "oat st"));
        assert!(!same_street_name("cherry st", "walnut st"));
        assert!(one_edit_apart("abc", "abd"));
        assert!(one_edit_apart("abc", "abxc"));
        assert!(!one_edit_apart("abc", "axyc"));
    }

    #[test]
    fn ages_agree_when_the_shorter_list_is_in_the_longer() {
        let w = |a: &[u8], b: &[u8]| ages(a, b, false).map(|f| f.weight);
        assert_eq!(w(&[26], &[19, 26]), Some(SAME_AGE));
        assert_eq!(w(&[19, 26], &[26, 19]), Some(SAME_AGE));
        assert_eq!(w(&[19, 26], &[26, 41]), Some(0.0));
        assert_eq!(w(&[19], &[41]), Some(OTHER_AGES));
        assert_eq!(w(&[], &[41]), None);
    }

    #[test]
    fn a_person_is_shared_when_one_report_frames_it() {
        let a = features("a", &["jane doe", "john roe"], &["andy breidenich"]);
        let b = features("b", &["john roe"], &["jane doe", "andy breidenich"]);
        assert_eq!(a.shared_persons(&b), ["jane doe", "john roe"]);
        assert_eq!(a.shared_count(&b), 2);
        assert_eq!(b.shared_count(&a), 2);
        // A name both only mention ties nothing.
        let c = features("c", &[], &["andy breidenich"]);
        assert_eq!(b.shared_count(&c), 0);
        assert!(!b.named_together(&c));
        assert!(a.named_together(&b));
    }

    #[test]
    fn a_development_weighs_less_against_a_violent_event_than_unrelated_types() {
        let mk = |doc: &str, t: &str, sub: &str| {
            let mut m = Mention::new(MentionKey::new(doc, 0), sample_event());
            m.event.event_type = t.into();
            m.event.sub_event_type = sub.into();
            m
        };
        let type_weight = |a: &Mention, b: &Mention| {
            score(a, &Features::of(a), b, &Features::of(b))
                .features
                .into_iter()
                .find(|f| f.feature == "type")
                .map(|f| f.weight)
        };
        let attack = mk("a", "Violence against civilians", "Attack");
        let arrest = mk("b", "Strategic developments", "Arrests");
        let protest = mk("c", "Protests", "Peaceful protest");
        assert_eq!(
            type_weight(&attack, &arrest),
            Some(DEVELOPMENT_AND_VIOLENCE)
        );
        assert_eq!(
            type_weight(&arrest, &attack),
            Some(DEVELOPMENT_AND_VIOLENCE)
        );
        assert_eq!(type_weight(&attack, &protest), Some(-1.0));
        assert_eq!(type_weight(&arrest, &protest), Some(-1.0));
    }
}
