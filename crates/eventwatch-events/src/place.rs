//! Where an event happened: the place of each draft from its own clause, the paragraph
//! before it, the dateline or the document's country, and the schema `Location` and
//! `PlaceMention` records built from gazetteer entries.

use std::collections::HashMap;

use eventwatch_geo::{self as geo, MentionKind, Toponym};
use eventwatch_schema::{Evidence, Location, PlaceMention, PlacePrecision};
use eventwatch_text::{Document, Span};

use crate::build::{evidence, Draft, Sentence};

/// The location of a draft event and its country (ISO2), with the evidence for it
/// pushed onto `ev`: its own clause's place first, then the paragraph before it,
/// then the document's dominant country.
pub(crate) fn event_location(
    gaz: &geo::Gazetteer,
    doc: &Document,
    toponyms: &[Toponym],
    sentences: &[Sentence],
    d: &Draft,
    doc_country: Option<&(String, Span)>,
    ev: &mut Vec<Evidence>,
) -> (Option<Location>, Option<String>) {
    let text = doc.text();
    let place = d
        .place
        .or_else(|| context_place(toponyms, text, sentences, d.sentence));
    let location = match place {
        Some(i) => {
            let t = &toponyms[i];
            ev.push(evidence(doc, "location", t.span, t.rule));
            Some(location_of(gaz, t))
        }
        None => doc_country.and_then(|(iso2, span)| {
            ev.push(evidence(doc, "location", *span, "document country"));
            country_location(gaz, iso2)
        }),
    };
    let country_iso2 = place
        .map(|i| toponyms[i].country_iso2.clone())
        .or_else(|| doc_country.map(|(c, _)| c.clone()));
    (location, country_iso2)
}

/// A toponym that can be where an event happened: a place, not a demonym, and not the
/// first half of a compound such as "Tehran-backed" or "Kabul-based".
pub(crate) fn locative(t: &Toponym, text: &str) -> bool {
    let rest = text.get(t.span.end as usize..).unwrap_or("");
    let compound = rest
        .strip_prefix('-')
        .is_some_and(|r| r.starts_with(|c: char| c.is_lowercase()));
    t.kind == MentionKind::Place && !compound
}

pub(crate) fn place_in(
    toponyms: &[Toponym],
    text: &str,
    sentence: Span,
    near: Span,
) -> Option<usize> {
    toponyms
        .iter()
        .enumerate()
        .filter(|(_, t)| locative(t, text) && sentence.contains(t.span))
        .min_by_key(|(_, t)| {
            let d = if t.span.start >= near.end {
                t.span.start - near.end
            } else {
                near.start.saturating_sub(t.span.end)
            };
            // Prefer the most precise place at a similar distance; an owner ("a member of
            // Logar's council") only when nothing else is named.
            (possessive_owner(t, text), d / 40, t.precision, d)
        })
        .map(|(i, _)| narrowest_in_chain(toponyms, text, i))
}

/// Prepositions that make a place the scene: "in Baghdad's Tahrir Square".
const LOCATIVE_PREPOSITIONS: &[&str] = &[
    "in", "at", "near", "on", "into", "outside", "inside", "across", "around", "from", "to",
];

/// A place in the possessive that owns something ("Logar's provincial council", "Iraq's
/// prime minister") rather than being where the clause happens; "in Baghdad's Tahrir
/// Square" is a scene.
fn possessive_owner(t: &Toponym, text: &str) -> bool {
    let rest = text.get(t.span.end as usize..).unwrap_or("");
    let possessive = ["'s ", "’s ", "' ", "’ "]
        .iter()
        .any(|p| rest.starts_with(p));
    if !possessive {
        return false;
    }
    let before = text.get(..t.span.start as usize).unwrap_or("");
    let prev = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    !LOCATIVE_PREPOSITIONS.contains(&prev.as_str())
}

/// Longest gap, in bytes, between a place and the container that names it
/// ("Ghoryan district center, Herat"; "Deh Adam Khan area of Nahri Saraj district").
const CONTAINER_GAP: usize = 40;

/// Follows a chain of "place, container" and "place area of container" back from
/// `i` to its most specific link: a report that says "in Ghoryan district center,
/// Herat" happened in Ghoryan, not anywhere in Herat province.
fn narrowest_in_chain(toponyms: &[Toponym], text: &str, mut i: usize) -> usize {
    // Each step moves to a strictly finer place, so the loop ends.
    while let Some(j) = toponyms.get(i).and_then(|outer| {
        toponyms.iter().position(|inner| {
            inner.span.end <= outer.span.start
                && inner.precision < outer.precision
                && inner.country_iso2 == outer.country_iso2
                && locative(inner, text)
                && contained_by_gap(text, inner.span, outer.span)
        })
    }) {
        i = j;
    }
    i
}

/// Whether the words between `inner` and `outer` only qualify the inner place and then
/// name its container: a comma or "of", no verb or other clause in between.
fn contained_by_gap(text: &str, inner: Span, outer: Span) -> bool {
    let Some(gap) = text.get(inner.end as usize..outer.start as usize) else {
        return false;
    };
    if gap.len() > CONTAINER_GAP || gap.contains(['.', ';', '(', ')']) {
        return false;
    }
    let lower = gap.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let glue = gap.trim_end().ends_with(',')
        || words.last().is_some_and(|w| *w == "of")
        || words.ends_with(&["of", "the"]);
    glue && words.iter().all(|w| CONTAINER_WORDS.contains(w))
}

/// Words that may stand between a place and its container.
const CONTAINER_WORDS: &[&str] = &[
    "of",
    "the",
    "in",
    "district",
    "districts",
    "center",
    "centre",
    "city",
    "town",
    "village",
    "villages",
    "area",
    "areas",
    "province",
    "provinces",
    "county",
    "region",
    "state",
    "governorate",
    "municipality",
    "suburb",
    "outskirts",
    "neighbourhood",
    "neighborhood",
    "capital",
    "headquarters",
    "administrative",
    "adminstration",
    "administration",
    "market",
    "bazaar",
    "locality",
    "township",
    "sub-district",
    "subdistrict",
    "division",
    "tehsil",
];

pub(crate) fn same_place(toponyms: &[Toponym], a: usize, b: usize) -> bool {
    toponyms[a].place == toponyms[b].place
}

pub(crate) fn context_place(
    toponyms: &[Toponym],
    text: &str,
    sentences: &[Sentence],
    s: usize,
) -> Option<usize> {
    let para = sentences[s].paragraph;
    (0..s)
        .rev()
        .take(3)
        .take_while(|&k| sentences[k].paragraph == para)
        .find_map(|k| {
            toponyms
                .iter()
                .enumerate()
                .filter(|(_, t)| locative(t, text) && sentences[k].span.contains(t.span))
                .min_by_key(|(_, t)| t.precision)
                .map(|(i, _)| i)
        })
}

/// The country most place and demonym mentions point to, with its first mention.
pub(crate) fn dominant_country(toponyms: &[Toponym]) -> Option<(String, Span)> {
    let mut counts: HashMap<&str, (usize, Span)> = HashMap::new();
    for t in toponyms {
        if t.country_iso2.is_empty() {
            continue;
        }
        let weight = if t.kind == MentionKind::Place { 2 } else { 1 };
        let e = counts.entry(t.country_iso2.as_str()).or_insert((0, t.span));
        e.0 += weight;
    }
    counts
        .into_iter()
        .max_by_key(|(c, (n, span))| (*n, std::cmp::Reverse(span.start), *c))
        .map(|(c, (_, span))| (c.to_string(), span))
}

pub(crate) fn location_of(gaz: &geo::Gazetteer, t: &Toponym) -> Location {
    let place = gaz.place(t.place);
    Location {
        name: place.name.clone(),
        geonameid: place.has_geonames_id().then_some(place.geonameid),
        lat: place.lat,
        lon: place.lon,
        admin1: gaz
            .admin1_name(&place.country_iso2, &place.admin1_code)
            .map(str::to_string),
        country: gaz.iso3(&place.country_iso2).map(str::to_string),
        precision: t.precision,
    }
}

pub(crate) fn country_location(gaz: &geo::Gazetteer, iso2: &str) -> Option<Location> {
    let c = gaz.country(iso2)?;
    Some(Location {
        name: c.name.clone(),
        geonameid: Some(c.geonameid),
        lat: c.lat,
        lon: c.lon,
        admin1: None,
        country: Some(c.iso3.clone()),
        precision: PlacePrecision::Country,
    })
}

pub(crate) fn place_mention(doc: &Document, gaz: &geo::Gazetteer, t: &Toponym) -> PlaceMention {
    let place = gaz.place(t.place);
    let (start, end) = doc.char_span(t.span);
    PlaceMention {
        start,
        end,
        text: doc.slice(t.span).to_string(),
        name: place.name.clone(),
        geonameid: place.has_geonames_id().then_some(place.geonameid),
        lat: place.lat,
        lon: place.lon,
        country: gaz.iso3(&place.country_iso2).map(str::to_string),
        admin1: gaz
            .admin1_name(&place.country_iso2, &place.admin1_code)
            .map(str::to_string),
        feature: format!("{}.{}", place.feature_class, place.feature_code),
        kind: match t.kind {
            MentionKind::Place => "place",
            MentionKind::Demonym => "demonym",
            MentionKind::Adjectival => "adjectival",
        }
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(text, inner place, outer place, contained?)`: the words between a place and the
    /// next place decide whether the second one only names the first one's container.
    const GAPS: &[(&str, &str, &str, bool)] = &[
        (
            "in Ghoryan district center, Herat.",
            "Ghoryan",
            "Herat",
            true,
        ),
        (
            "in Deh Adam Khan area of Nahri Saraj district",
            "Deh Adam Khan",
            "Nahri Saraj",
            true,
        ),
        (
            "in Torah Garah of Arghistan district",
            "Torah Garah",
            "Arghistan",
            true,
        ),
        ("in Puli Alam city, Logar", "Puli Alam", "Logar", true),
        ("fled Kabul and reached Herat", "Kabul", "Herat", false),
        ("in Kabul, while police in Herat", "Kabul", "Herat", false),
        ("in Kabul (Herat)", "Kabul", "Herat", false),
        ("in Kabul. Herat", "Kabul", "Herat", false),
    ];

    fn span_of(text: &str, word: &str) -> Span {
        let start = text.find(word).unwrap_or(0);
        Span::new(start, start + word.len())
    }

    /// `(text, place, owner?)`: a place in the possessive owns something unless a
    /// preposition makes it the scene.
    const OWNERS: &[(&str, &str, bool)] = &[
        (
            "a member of Kirkuk's provincial council was shot",
            "Kirkuk",
            true,
        ),
        ("Iraq’s prime minister condemned the attack", "Iraq", true),
        ("protesters gathered in Basra's main square", "Basra", false),
        ("gunmen fired at Mosul's old bridge", "Mosul", false),
        ("a bomb exploded in Kirkuk on Monday", "Kirkuk", false),
    ];

    #[test]
    fn possessive_places_own_rather_than_host() {
        for &(text, place, want) in OWNERS {
            let t = Toponym {
                span: span_of(text, place),
                kind: MentionKind::Place,
                place: geo::PlaceId(0),
                country_iso2: "IQ".into(),
                precision: PlacePrecision::Town,
                score: 1.0,
                rule: "population",
            };
            assert_eq!(possessive_owner(&t, text), want, "{text:?}");
        }
    }

    #[test]
    fn containers_follow_their_place() {
        for &(text, inner, outer, want) in GAPS {
            let got = contained_by_gap(text, span_of(text, inner), span_of(text, outer));
            assert_eq!(got, want, "{text:?}: {inner} inside {outer}");
        }
    }
}
