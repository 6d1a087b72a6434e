//! Where an event happened: the place of each draft from its own clause, the paragraph
//! before it, a later sentence of a short report, the document's town (its dateline town,
//! else a town named at least twice, a mention before "Police" counting twice, else the
//! only town of the document's country) or the document's country, and the schema `Location` and `PlaceMention` records built
//! from gazetteer entries. A region narrows to the document's town inside it; a town named
//! once, alone in its region and in another region than the document's town, gives way to
//! the document's town (a neighbourhood the gazetteer lacks that has a namesake elsewhere).

use rustc_hash::FxHashMap as HashMap;

use eventwatch_geo::{self as geo, MentionKind, Toponym};
use eventwatch_schema::{Evidence, Location, PlaceMention, PlacePrecision};
use eventwatch_text::{segment, Document, Span};

use crate::build::{evidence, Draft, Sentence};
use crate::lexicon::Class;

/// The location of a draft event and its country (ISO2), with the evidence for it
/// pushed onto `ev`: its own clause's place first, then the paragraph before it,
/// then the document's main town ([`document_town`]), then the document's dominant
/// country.
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
    let own = d
        .place
        .or_else(|| context_place(toponyms, text, sentences, d.sentence));
    // A statement ("the prime minister rejected calls to resign") takes the document's
    // town only from its dateline or a town named twice: a local report's only town says
    // where a deed happened, not where a government speaks.
    let statement = d.class.is_verbal() || d.class == Class::Agree;
    let town = document_town(
        toponyms,
        text,
        doc_country.map(|(c, _)| c.as_str()),
        !statement,
    );
    // A short report that names its place only after the event ("Two buses were torched
    // last night. The incident took place in Feni."): the place named next, before the
    // country.
    // So does a report whose event clause names only the country ("a student wing of
    // Bangladesh Jamaat-e-Islami").
    let vague = own.is_none_or(|i| toponyms[i].precision >= PlacePrecision::Country);
    let own = if vague && town.is_none() && sentences.len() <= SHORT_REPORT {
        later_place(toponyms, text, sentences, d.sentence).or(own)
    } else {
        own
    };
    // A region ("in Cook County") narrows to the document's town when that lies inside it.
    // A town named once, alone in its region and in another region than the document's
    // town, is a namesake of a neighbourhood the gazetteer lacks ("in
    // Chatham" in a report from Chicago): the document's town is the better guess.
    let (place, from_town) = match (own, town) {
        (Some(i), Some(j)) if region_holds(gaz, &toponyms[i], &toponyms[j]) => (Some(j), true),
        (Some(i), Some(j)) if stray_namesake(gaz, toponyms, i, j) => (Some(j), true),
        (Some(i), _) => (Some(i), false),
        (None, t) => (t, t.is_some()),
    };
    let location = match place {
        Some(i) => {
            let t = &toponyms[i];
            let rule = if from_town { "document town" } else { t.rule };
            ev.push(evidence(doc, "location", t.span, rule));
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

/// A toponym that can be where an event happened: a place, not a demonym, not the
/// first half of a compound such as "Tehran-backed" or "Kabul-based", and not a place
/// that stands for a power or an origin ("puppets of Tehran", "politicians from Iran":
/// `data/not_scene.tsv`).
pub(crate) fn locative(t: &Toponym, text: &str) -> bool {
    let rest = text.get(t.span.end as usize..).unwrap_or("");
    let compound = rest
        .strip_prefix('-')
        .is_some_and(|r| r.starts_with(|c: char| c.is_lowercase()));
    t.kind == MentionKind::Place && !compound && !not_scene(t, text)
}

/// What the word after a place makes of its name (`data/facilities.txt`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Named {
    /// "Sanford Medical Center", "Burke High School", "Humboldt Park".
    Facility,
    /// "Sherman Boulevard", "Randolph Street".
    Street,
    /// "the Austin neighborhood".
    Neighbourhood,
}

/// Drops, from the candidate scenes of the events (the document's place mentions keep
/// them), the places that only name a street ("on Randolph Street" is not in Randolph),
/// and those that name a facility or a neighbourhood in another first-level region than
/// at least half of the other places of the text: "taken to Sanford Medical Center in Fargo" (Sanford,
/// Florida), "near Burke High School" in a Boston report, "the Austin neighborhood" in a
/// Chicago one. Facilities are named after people and neighbourhoods as often as after
/// towns, and the namesake the gazetteer offers lies elsewhere. A facility named after a
/// town of the text's region ("Dhaka University" in a report from Bangladesh's capital)
/// stays, and so does one in a text that names no other place.
pub(crate) fn drop_stray_facilities(gaz: &geo::Gazetteer, toponyms: &mut Vec<Toponym>, text: &str) {
    let region = |t: &Toponym| {
        let p = gaz.place(t.place);
        (p.country_iso2, p.admin1_code)
    };
    let named: Vec<Option<Named>> = toponyms.iter().map(|t| names_facility(t, text)).collect();
    if named.iter().all(Option::is_none) {
        return;
    }
    let others: Vec<_> = toponyms
        .iter()
        .zip(&named)
        .filter(|(t, n)| {
            n.is_none() && t.kind == MentionKind::Place && t.precision < PlacePrecision::Country
        })
        .map(|(t, _)| (t.place, region(t)))
        .collect();
    // Named elsewhere in the text, or in the region of another of its places, a facility
    // may well be in its namesake town.
    let stray = |t: &Toponym| {
        !others.is_empty()
            && !others
                .iter()
                .any(|(id, r)| *id == t.place || *r == region(t))
    };
    let mut k = 0;
    toponyms.retain(|t| {
        let n = named[k];
        k += 1;
        let drop = t.kind == MentionKind::Place
            && match n {
                None => false,
                Some(Named::Street) => true,
                Some(Named::Facility | Named::Neighbourhood) => stray(t),
            };
        !drop
    });
}

/// What a facility, street or neighbourhood word (`data/facilities.txt`) right after the
/// place, one space on, makes of its name: "Sanford Medical Center", "Burke High School",
/// "Humboldt Park", "Sherman Boulevard", "the Austin neighborhood". Street words count
/// only capitalised, as part of a name: "a Dallas street" is in Dallas.
fn names_facility(t: &Toponym, text: &str) -> Option<Named> {
    let words = names_facility_words();
    let word = word_after(t, text);
    let capitalised = word.starts_with(|c: char| c.is_uppercase());
    words
        .iter()
        .find(|(w, _, any_case)| (capitalised || *any_case) && w.eq_ignore_ascii_case(word))
        .map(|&(_, kind, _)| kind)
}

/// The word right after a toponym, one space on ("Police" in "Toledo Police said"), or
/// "" when anything else follows it.
fn word_after<'t>(t: &Toponym, text: &'t str) -> &'t str {
    text.get(t.span.end as usize..)
        .and_then(|rest| rest.strip_prefix(' '))
        .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
        .unwrap_or("")
}

/// The rows of `data/facilities.txt`: (word, what it names, counts in lower case too).
fn names_facility_words() -> &'static [(String, Named, bool)] {
    static WORDS: std::sync::OnceLock<Vec<(String, Named, bool)>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        crate::lexicon::rows(include_str!("../data/facilities.txt"))
            .filter_map(|(_, cols)| {
                let [word, kind, case, ..] = cols.as_slice() else {
                    return None;
                };
                let kind = match kind.trim() {
                    "facility" => Named::Facility,
                    "street" => Named::Street,
                    "neighbourhood" => Named::Neighbourhood,
                    _ => return None,
                };
                let word = word.trim().to_lowercase();
                (!word.is_empty()).then(|| (word, kind, case.trim() == "any"))
            })
            .collect()
    })
}

/// Words before a place that make it no scene (`data/not_scene.tsv`): (preposition,
/// nouns before it). "puppets of Tehran" names a power, "senior politicians from Iran"
/// where people come from.
fn not_scene_frames() -> &'static [(String, Vec<String>)] {
    static FRAMES: std::sync::OnceLock<Vec<(String, Vec<String>)>> = std::sync::OnceLock::new();
    FRAMES.get_or_init(|| parse_frames(include_str!("../data/not_scene.tsv")))
}

fn parse_frames(text: &str) -> Vec<(String, Vec<String>)> {
    crate::lexicon::rows(text)
        .filter_map(|(_, cols)| {
            let [prep, nouns, ..] = cols.as_slice() else {
                return None;
            };
            let nouns = nouns.split('|').map(|n| n.trim().to_lowercase()).collect();
            Some((prep.trim().to_lowercase(), nouns))
        })
        .collect()
}

/// Whether `t` follows one of the frames of [`not_scene_frames`].
fn not_scene(t: &Toponym, text: &str) -> bool {
    not_scene_frames()
        .iter()
        .any(|(prep, nouns)| preceded_by(t, text, prep, nouns))
}

/// Whether the two words before `t` are one of `nouns` and then `preposition`.
fn preceded_by(t: &Toponym, text: &str, preposition: &str, nouns: &[String]) -> bool {
    let before = text.get(..t.span.start as usize).unwrap_or("");
    let mut words = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let (Some(prep), Some(noun)) = (words.next(), words.next()) else {
        return false;
    };
    prep.eq_ignore_ascii_case(preposition) && nouns.iter().any(|n| n.eq_ignore_ascii_case(noun))
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
            // Logar's council") only when nothing else is named; a country only when the
            // sentence names no place inside one ("a wing of Bangladesh Jamaat-e-Islami
            // beat four policemen in Rajshahi").
            (
                possessive_owner(t, text),
                t.precision >= PlacePrecision::Country,
                d / 40,
                t.precision,
                d,
            )
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

/// Sentences in a report short enough that a place named after an event is its place.
const SHORT_REPORT: usize = 4;

/// The most precise place below the country level of the first later sentence that names
/// one.
fn later_place(
    toponyms: &[Toponym],
    text: &str,
    sentences: &[Sentence],
    s: usize,
) -> Option<usize> {
    sentences.iter().skip(s + 1).find_map(|sent| {
        toponyms
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                locative(t, text)
                    && sent.span.contains(t.span)
                    && t.precision < PlacePrecision::Country
                    && !possessive_owner(t, text)
            })
            .min_by_key(|(_, t)| (t.precision, t.span.start))
            .map(|(i, _)| narrowest_in_chain(toponyms, text, i))
    })
}

/// The town a local report is about, for events whose own clause and paragraph name no
/// place: the dateline's town, else the town (or finer place) of the document's country
/// named most often (at least twice), the first named on a tie. A town named once is no
/// better than the country: "troops killed 40 protesters across the country" in a wire
/// that names one city stays in the country.
pub(crate) fn document_town(
    toponyms: &[Toponym],
    text: &str,
    country: Option<&str>,
    local: bool,
) -> Option<usize> {
    let country = country?;
    let towns: Vec<usize> = toponyms
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            locative(t, text)
                && t.precision <= PlacePrecision::Town
                && t.country_iso2 == country
                && !possessive_owner(t, text)
        })
        .map(|(i, _)| i)
        .collect();
    let dateline = segment::dateline(text).map(|d| d.place);
    if let Some(&i) = towns
        .iter()
        .find(|&&i| dateline.is_some_and(|d| d.contains(toponyms[i].span)))
    {
        return Some(i);
    }
    // A town's own police ("Smyrna Police said", "the Memphis Police Department") speak
    // for where a local report happened: such a mention counts twice.
    let police = |t: &Toponym| matches!(word_after(t, text), "Police" | "police" | "PD");
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for &i in &towns {
        let n = if local && police(&toponyms[i]) { 2 } else { 1 };
        match counts
            .iter_mut()
            .find(|(j, _)| toponyms[*j].place == toponyms[i].place)
        {
            Some(c) => c.1 += n,
            None => counts.push((i, n)),
        }
    }
    let best = counts
        .iter()
        .max_by_key(|(i, n)| (*n, std::cmp::Reverse(toponyms[*i].span.start)))?;
    // Named twice, or (for a deed, `local`) the only town of the document's country that
    // the text names.
    (best.1 >= 2 || (local && counts.len() == 1)).then_some(best.0)
}

/// Whether the town `i` is named once, alone in its first-level region (nothing else in
/// the text supports that region) and in another one than the document's town `j`.
fn stray_namesake(gaz: &geo::Gazetteer, toponyms: &[Toponym], i: usize, j: usize) -> bool {
    let (a, b) = (&toponyms[i], &toponyms[j]);
    let (p, q) = (gaz.place(a.place), gaz.place(b.place));
    let once = toponyms.iter().filter(|t| t.place == a.place).count() == 1;
    // No other name in the text lies in its first-level region (the state itself counts).
    let alone = !toponyms.iter().any(|t| {
        let r = gaz.place(t.place);
        t.place != a.place
            && r.country_iso2 == p.country_iso2
            && r.admin1_code == p.admin1_code
            && t.precision != PlacePrecision::Country
    });
    a.precision == PlacePrecision::Town
        && once
        && alone
        && p.country_iso2 == q.country_iso2
        && p.admin1_code != q.admin1_code
}

/// Whether `region` is a first- or second-level region that holds the town `town`.
fn region_holds(gaz: &geo::Gazetteer, region: &Toponym, town: &Toponym) -> bool {
    let (r, t) = (gaz.place(region.place), gaz.place(town.place));
    let same_admin1 = r.country_iso2 == t.country_iso2
        && !r.admin1_code.is_empty()
        && r.admin1_code == t.admin1_code;
    match region.precision {
        PlacePrecision::Admin1 => same_admin1,
        PlacePrecision::Admin2 => {
            same_admin1 && !r.admin2_code.is_empty() && r.admin2_code == t.admin2_code
        }
        _ => false,
    }
}

/// The country most place and demonym mentions point to, with its first mention.
pub(crate) fn dominant_country(toponyms: &[Toponym]) -> Option<(String, Span)> {
    let mut counts: HashMap<&str, (usize, Span)> = HashMap::default();
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
    use eventwatch_text::DocumentMeta;

    fn toponyms(text: &str) -> Vec<Toponym> {
        let doc = Document::new(DocumentMeta::default(), text.to_string());
        geo::geoparse(
            &doc,
            geo::Gazetteer::embedded(),
            &geo::GeoOptions { country_hint: None },
        )
    }

    fn town_name(text: &str) -> Option<String> {
        let ts = toponyms(text);
        document_town(&ts, text, Some("US"), true)
            .map(|i| geo::Gazetteer::embedded().place(ts[i].place).name.clone())
    }

    #[test]
    fn the_document_town_is_the_dateline_or_the_town_named_most() {
        let dateline = "DAYTON, Ohio — Two men were wounded late Saturday. Officers from \
                        Columbus helped, and the victims were taken to a hospital in Columbus.";
        assert_eq!(town_name(dateline).as_deref(), Some("Dayton"));
        let repeated = "Police in Toledo said a man was wounded. A neighbour from Akron saw it. \
                        Toledo officers arrested a suspect.";
        assert_eq!(town_name(repeated).as_deref(), Some("Toledo"));
        // The only town the report names is its town, named once or not.
        let once = "Police in Toledo, Ohio, said a man was wounded on Friday night.";
        assert_eq!(town_name(once).as_deref(), Some("Toledo"));
        // A town's own police count twice against a town named once.
        let police = "A man from Akron was wounded on Friday. Toledo Police are investigating.";
        assert_eq!(town_name(police).as_deref(), Some("Toledo"));
        // Two towns named once each: neither is the report's town.
        let torn = "Police in Toledo said a man from Akron was wounded.";
        assert_eq!(town_name(torn), None);
    }

    #[test]
    fn a_place_less_event_of_a_local_report_is_in_its_town() {
        let pipeline = crate::Pipeline::new(&crate::Options { country_hint: None })
            .unwrap_or_else(|e| panic!("lexicons: {e:?}"));
        let text = "DAYTON, Ohio — Police in Dayton are looking for a gunman.\n\n\
                    Two men were shot and wounded late Saturday outside a bar, police said.";
        let doc = Document::new(DocumentMeta::default(), text.to_string());
        let x = pipeline.extract(&doc);
        let loc = x.events.first().and_then(|e| e.location.as_ref());
        assert_eq!(
            loc.map(|l| l.name.as_str()),
            Some("Dayton"),
            "{:?}",
            x.events
        );
    }

    #[test]
    fn the_not_scene_frames_load() {
        let frames = not_scene_frames();
        assert!(frames
            .iter()
            .any(|(p, n)| p == "of" && n.contains(&"puppets".to_string())));
        assert!(frames
            .iter()
            .any(|(p, n)| p == "from" && n.contains(&"delegates".to_string())));
        assert!(frames
            .iter()
            .all(|(p, n)| !p.contains(' ') && n.iter().all(|w| !w.is_empty())));
        // Every row parses: a row without its tab would be dropped.
        let rows = include_str!("../data/not_scene.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(frames.len(), rows);
    }

    #[test]
    fn a_power_or_an_origin_is_no_scene() {
        let text = "Protesters in Basra say the ministers are puppets of Tehran and agents of \
                    Moscow, while Kabul remained calm. Officials from Kenya met envoys from \
                    Ethiopia in Nairobi.";
        let names: Vec<(String, bool)> = toponyms(text)
            .iter()
            .map(|t| (text[t.span.range()].to_string(), locative(t, text)))
            .collect();
        for (name, scene) in [
            ("Basra", true),
            ("Tehran", false),
            ("Moscow", false),
            ("Kabul", true),
            ("Kenya", false),
            ("Ethiopia", false),
            ("Nairobi", true),
        ] {
            assert!(
                names.contains(&(name.to_string(), scene)),
                "{name} scene={scene}: {names:?}"
            );
        }
    }

    #[test]
    fn every_facility_word_loads() {
        let rows = crate::lexicon::rows(include_str!("../data/facilities.txt")).count();
        let loaded = names_facility_words().len();
        assert_eq!(loaded, rows, "a row of data/facilities.txt does not parse");
    }

    #[test]
    fn a_facility_named_after_a_place_elsewhere_is_no_place_of_the_text() {
        let gaz = geo::Gazetteer::embedded();
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "A man shot near Burke High School in Fargo was taken to Sanford Medical \
                 Center, then flown to a Minneapolis hospital. A second man was wounded in \
                 the Humboldt Park neighborhood of Fargo.",
                &["Fargo"],
                &["Burke", "Sanford", "Minneapolis"],
            ),
            (
                "SALINAS — Two men were killed in a home on Sunrise Street, police said. \
                 In Chicago, a shooting happened early Sunday in the Austin neighborhood.",
                &["SALINAS", "Chicago"],
                &["Sunrise", "Austin"],
            ),
            // A street is no scene even in the text's region.
            (
                "SAN ANTONIO — A man was shot on Houston Street late Friday, police said.",
                &["SAN ANTONIO"],
                &["Houston"],
            ),
            // A facility named after a town of the text's region, or in a text that names
            // no other place, stays.
            (
                "Students of Dhaka University clashed with police in Dhaka.",
                &["Dhaka"],
                &[],
            ),
            (
                "Two students were stabbed at Lahore University.",
                &["Lahore"],
                &[],
            ),
        ];
        for &(text, kept, dropped) in cases {
            let mut ts = toponyms(text);
            for name in dropped {
                let found = ts.iter().any(|t| &text[t.span.range()] == *name);
                assert!(found, "{name} is no place to begin with in {text:?}");
            }
            drop_stray_facilities(gaz, &mut ts, text);
            let names: Vec<&str> = ts.iter().map(|t| &text[t.span.range()]).collect();
            for name in kept {
                assert!(
                    names.contains(name),
                    "{name} dropped: {names:?} in {text:?}"
                );
            }
            for name in dropped {
                assert!(!names.contains(name), "{name} kept: {names:?} in {text:?}");
            }
        }
    }

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
