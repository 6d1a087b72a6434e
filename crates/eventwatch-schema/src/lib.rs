//! The output contract of eventwatch, version [`SCHEMA_VERSION`] (see `docs/schema.md`).
//!
//! These are the records that cross the program's boundary: one [`DocumentEvents`],
//! [`DocumentPlaces`] or [`DocumentTimes`] per document per line of JSON, plus CSV
//! (ACLED-style columns) and GeoJSON renderings in [`render`]. Every `start`/`end` here is
//! a **character** (Unicode scalar value) offset into the document text, not a byte offset.
//!
//! The extraction crates build these types directly at the end of their pipeline; the
//! store and the API read and write them. Adding an optional field is a minor version;
//! removing or renaming one is a major version.

pub mod render;

use serde::{Deserialize, Serialize};

/// The contract version written in `docs/schema.md` and in JSON/GeoJSON envelopes.
pub const SCHEMA_VERSION: &str = "1.2";

/// ACLED's six event types.
pub const ACLED_EVENT_TYPES: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// ACLED's 25 sub-event types with their event type, exact ACLED strings.
pub const ACLED_SUB_EVENT_TYPES: [(&str, &str); 25] = [
    ("Armed clash", "Battles"),
    ("Government regains territory", "Battles"),
    ("Non-state actor overtakes territory", "Battles"),
    ("Chemical weapon", "Explosions/Remote violence"),
    ("Air/drone strike", "Explosions/Remote violence"),
    ("Suicide bomb", "Explosions/Remote violence"),
    (
        "Shelling/artillery/missile attack",
        "Explosions/Remote violence",
    ),
    (
        "Remote explosive/landmine/IED",
        "Explosions/Remote violence",
    ),
    ("Grenade", "Explosions/Remote violence"),
    ("Sexual violence", "Violence against civilians"),
    ("Attack", "Violence against civilians"),
    (
        "Abduction/forced disappearance",
        "Violence against civilians",
    ),
    ("Peaceful protest", "Protests"),
    ("Protest with intervention", "Protests"),
    ("Excessive force against protesters", "Protests"),
    ("Violent demonstration", "Riots"),
    ("Mob violence", "Riots"),
    ("Agreement", "Strategic developments"),
    ("Arrests", "Strategic developments"),
    ("Change to group/activity", "Strategic developments"),
    ("Disrupted weapons use", "Strategic developments"),
    ("Headquarters or base established", "Strategic developments"),
    ("Looting/property destruction", "Strategic developments"),
    (
        "Non-violent transfer of territory",
        "Strategic developments",
    ),
    ("Other", "Strategic developments"),
];

/// PLOVER's 16 event types, upper case.
pub const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// The event type ACLED files a sub-event type under, if the string is an ACLED sub-type.
pub fn acled_event_type_of(sub_event_type: &str) -> Option<&'static str> {
    ACLED_SUB_EVENT_TYPES
        .iter()
        .find(|(s, _)| *s == sub_event_type)
        .map(|(_, t)| *t)
}

/// How precise a date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
    /// No date could be found.
    Unknown,
}

/// How precise a point is, from an exact spot to a whole country.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlacePrecision {
    /// A named spot inside a town (a square, a bridge, a crossing).
    Point,
    /// A populated place.
    Town,
    /// A second-level region (district, county).
    Admin2,
    /// A first-level region (province, governorate, state).
    Admin1,
    Country,
}

/// One side of an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The words in the document ("troops", "demonstrators"); empty when no words name
    /// the actor and it is the coder's default for the event type (ACLED: the protesters
    /// of a protest, an unidentified armed group for an unnamed attacker).
    pub text: String,
    /// ACLED-style name ("Military Forces of Iraq", "Protesters (Iraq)").
    pub name: String,
    /// ACLED `inter` code: 1 state forces, 2 rebels, 3 political militias, 4 identity
    /// militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other, 0 none.
    pub inter: u8,
    /// ISO 3166-1 alpha-3 code of the actor's country, when known.
    pub country: Option<String>,
}

/// Where an event happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    pub geonameid: Option<u64>,
    pub lat: f64,
    pub lon: f64,
    /// First-level region name ("Dhi Qar").
    pub admin1: Option<String>,
    /// ISO 3166-1 alpha-3 country code.
    pub country: Option<String>,
    pub precision: PlacePrecision,
}

/// The words that support one field of an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The field supported: `event_type`, `actor1`, `actor2`, `location`, `date`,
    /// `fatalities`, `injuries`, `means`, `hedged`, `aggregate`.
    pub field: String,
    /// Character offsets into the document text.
    pub start: u32,
    pub end: u32,
    pub text: String,
    /// The rule or model that produced the value (e.g. `trigger:shot dead`).
    pub rule: String,
}

/// One event found in one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// ACLED event type (one of [`ACLED_EVENT_TYPES`]).
    pub event_type: String,
    /// ACLED sub-event type (one of [`ACLED_SUB_EVENT_TYPES`]).
    pub sub_event_type: String,
    /// PLOVER event type (one of [`PLOVER_TYPES`]).
    pub plover_type: String,
    /// PLOVER mode where PLOVER defines one for the type, else null.
    pub plover_mode: Option<String>,
    /// CAMEO root code ("18", "14"), when one fits.
    pub cameo: Option<String>,
    /// `YYYY-MM-DD` (the first day of the period for coarser precisions) or null.
    pub date: Option<String>,
    pub date_precision: DatePrecision,
    pub actor1: Option<Actor>,
    pub actor2: Option<Actor>,
    pub location: Option<Location>,
    /// Best fatality figure under ACLED's conservative conventions.
    pub fatalities: u32,
    pub fatalities_min: Option<u32>,
    pub fatalities_max: Option<u32>,
    pub injuries: u32,
    /// The means of violence as written ("live ammunition", "rubber bullets").
    #[serde(default)]
    pub means: Vec<String>,
    /// True when the counts summarise other events of the same document.
    pub aggregate: bool,
    /// True when the report is unconfirmed ("reportedly", "claimed", "according to").
    pub hedged: bool,
    /// The spans that support each field.
    pub evidence: Vec<Evidence>,
}

impl Event {
    /// An event of the given ACLED type, sub-type and PLOVER type with nothing else known:
    /// no date, actors, place, counts, means or evidence. Fill the public fields after.
    pub fn of_type(event_type: &str, sub_event_type: &str, plover_type: &str) -> Event {
        Event {
            event_type: event_type.to_string(),
            sub_event_type: sub_event_type.to_string(),
            plover_type: plover_type.to_string(),
            plover_mode: None,
            cameo: None,
            date: None,
            date_precision: DatePrecision::Unknown,
            actor1: None,
            actor2: None,
            location: None,
            fatalities: 0,
            fatalities_min: None,
            fatalities_max: None,
            injuries: 0,
            means: Vec::new(),
            aggregate: false,
            hedged: false,
            evidence: Vec::new(),
        }
    }
}

/// One line of `eventwatch extract`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentEvents {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    pub events: Vec<Event>,
}

/// A place name found in a document (`eventwatch places`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    pub start: u32,
    pub end: u32,
    pub text: String,
    /// The gazetteer's name of the resolved place.
    pub name: String,
    pub geonameid: Option<u64>,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-3 country code.
    pub country: Option<String>,
    pub admin1: Option<String>,
    /// GeoNames feature class and code, e.g. `P.PPLA` or `A.ADM1`.
    pub feature: String,
    /// `place`, `demonym` ("Iraqi protesters") or `adjectival` ("Iranian consulate"); only
    /// `place` mentions can be where an event happened. Added in schema 1.1.
    #[serde(default = "place_kind")]
    pub kind: String,
}

fn place_kind() -> String {
    "place".to_string()
}

/// One line of `eventwatch places`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentPlaces {
    pub id: String,
    pub places: Vec<PlaceMention>,
}

/// A TimeML TIMEX3 expression (`eventwatch times`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeMention {
    pub start: u32,
    pub end: u32,
    pub text: String,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Normalised TIMEX3 value: `2019-11-28`, `2019-11`, `P3D`, `PAST_REF`, ...
    pub value: String,
}

/// One line of `eventwatch times`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentTimes {
    pub id: String,
    pub times: Vec<TimeMention>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sub_type_belongs_to_a_listed_type() {
        for (sub, ty) in ACLED_SUB_EVENT_TYPES {
            assert!(ACLED_EVENT_TYPES.contains(&ty), "{sub} -> {ty}");
        }
        assert_eq!(acled_event_type_of("Mob violence"), Some("Riots"));
        assert_eq!(acled_event_type_of("mob violence"), None);
    }
}
