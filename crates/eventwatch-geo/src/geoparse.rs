//! [`geoparse`]: finds place names in a document and resolves them against a [`Gazetteer`].
//!
//! Recognition: capitalised word sequences (with inner connectors such as "of" and
//! Arabic articles such as "al-") are looked up longest-first ("Mt." and "St." also as
//! "Mount" and "Saint", and the reverse, whichever spelling GeoNames lists for each
//! namesake); a stop list, person-name cues (titles, adjacent unknown capitalised words,
//! "X said") and organisation cues decide whether a match is a place; "X City" that names
//! no town of its own ("Dublin City Council") is X. A name the text also uses after "in" is
//! never taken for a surname, and a name the text plainly uses as a place elsewhere (after
//! "in", before an organisation word, in a dateline, or not at a sentence start and no
//! first name) stays a place beside an unknown capitalised word ("the Tyler Walmart"): one
//! sense per text. A well-known place that looks like a surname once ("Missing Lancaster
//! girl") does not make its name a surname elsewhere.
//! Demonyms ("Iraqi") become [`MentionKind::Demonym`] or, before a non-person noun
//! ("Iranian consulate"), [`MentionKind::Adjectival`]. Lists closed by a plural region word
//! ("Clarke and Oconee counties") are regions; a county the text names in full ("Hall
//! County", "Platte Co.") is that county when named bare later ("retired from Hall"),
//! with the full name's sense; state abbreviations count on their own as party labels
//! ("D-Calif.") or before a lower-case word ("Ill. man", also after a title word: "Major
//! Mich. utilities"), and a town or a county (named
//! bare) after a party letter is a legislator's home ("D-Braxton"); a capitalised sentence
//! opening with a dash ("XENIA — ...") is a dateline; the tail of a name joined by an ezafe
//! the gazetteer lacks ("Dehyak-e Kalan", "Dara i Pech") is no name of its own.
//! A name joined by an ampersand to another capitalised word ("Stevens & Wilkinson") names
//! a firm throughout the text. A country's or a state's name is no surname ("Acting U.S.
//! Attorney", "Former Arkansas Gov."). A name followed by an age ("Riley, 25,") or written
//! right after a common first name ("Thomas Ravenel", "Matthew D. Hoover"; unless a country
//! or a region of a million people bears it, not a small department such as Uruguay's
//! Flores) is a person's throughout the text; a name made only of stop words ("the South
//! Side") counts only as some place's own name. A common word after "in", "near",
//! "outside" or "from", or before an organisation word, is the town of 50,000 or more of
//! that name ("in Independence", "Delta police"). A name hyphen-joined to another place
//! ("Watertown-Mayer Lutheran") is no person's name.
//!
//! Resolution scores each candidate by population and feature type, then adds evidence from
//! the rest of the document: countries and first-level regions of the other mentions (a
//! name followed by an unknown capitalised word, perhaps the start of a longer name the
//! gazetteer lacks such as "Tennessee Colony", votes little),
//! nearness to the towns other settled names resolve to (within 50 km, half up to 100 km),
//! the dateline, containment ("Najaf, Iraq"; "the X area of Y district"), "the city of X",
//! "X city", and an optional country hint; one sense per document is enforced for repeated
//! names, a mention with its container ("Springfield, Ohio") settling the bare ones. A name
//! none of whose senses lies in its container is a namesake of a place the gazetteer lacks:
//! it takes the container's place. A small town (under 50,000) named without a locative
//! preposition, alone in its first-level region and near no other place, while the text's
//! other names gather in another region of the same country, is dropped as a surname or a
//! namesake. A capital's bonus goes only to its own name ("Philadelphia" is not Amman).
//! A small town abroad that no other name supports, while two or more other names of the
//! text lie in another country, is dropped too, even after "in" ("in Whitehaven" in a
//! Memphis report is a neighbourhood the gazetteer lacks, not the English town).
//! A few words are never a place on their own, whatever follows ("Metro police").
//! A name before a street word ("Isabella Avenue", "Texas Ave.") names a street: it stays a
//! mention but casts no vote for where the text is.
//! A town word after a region named behind an indefinite article ("in a southwest Ohio city",
//! "a small Texas town") describes a town somewhere in the region: the region, not "Ohio City"
//! or a town named Texas.

// Lookups only (no output depends on their order).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use eventwatch_schema::PlacePrecision;
use eventwatch_text::{segment, Document, Span};

use crate::gazetteer::{Gazetteer, Place, PlaceId};
use crate::lexicon::{self, Lexicon};
use crate::normalize::{normalize, skeleton};

/// What a recognised toponym is used as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionKind {
    /// A place: "in Baghdad".
    Place,
    /// A people word: "Iraqi protesters", "Iraqis". Not where something happened.
    Demonym,
    /// A country-of adjective: "Iranian consulate" (a facility of Iran, not a place in Iran).
    Adjectival,
}

/// A recognised and resolved place mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Toponym {
    /// Byte span in the document text.
    pub span: Span,
    pub kind: MentionKind,
    pub place: PlaceId,
    pub country_iso2: String,
    pub precision: PlacePrecision,
    /// Confidence in 0..=1 that the chosen sense beats the next best.
    pub score: f32,
    /// What decided the sense: `population`, `context`, `containment`, `dateline`,
    /// `country-hint`, `demonym`.
    pub rule: &'static str,
}

/// Options for [`geoparse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeoOptions {
    /// ISO2 or ISO3 code of the country the document is probably about (a feed's country).
    pub country_hint: Option<String>,
}

/// Words before a place that make it one ("officials in Hyderabad said").
const LOCATIVES: &[&str] = &["in", "at", "from", "near", "of", "to", "outside", "across"];

/// What follows a dateline's place inside a text ("XENIA — The ...", "LEBANON (AP) —").
const DATELINE_MARKS: &[&str] = &["—", "–", "--", "- ", "(AP)", "(Reuters)", "(AFP)", "(UPI)"];

/// Upper bound on words in one name, whatever the gazetteer holds.
const MAX_WORDS: usize = 6;
const CONNECTORS: &[&str] = &[
    "of", "and", "de", "du", "la", "le", "el", "al", "the", "upon", "on", "da", "di", "des", "del",
    "y", "en", "am", "an", "ad", "as", "ash", "ar", "at", "az", "bin", "ibn", "abu",
];
const ARTICLES: &[&str] = &["al", "el", "ad", "an", "ar", "as", "ash", "at", "az"];
/// The Persian and Pashto ezafe as romanised between two words of one name ("Dara i Pech").
const EZAFE: &[&str] = &["i", "e", "ye", "yi"];

#[derive(Clone, Copy, Debug)]
struct Piece {
    span: Span,
    cap: bool,
    allcaps: bool,
    /// Joined to the previous piece by a hyphen.
    glued: bool,
    /// Punctuation, a number or a sentence boundary precedes it.
    brk: bool,
    sent_start: bool,
    /// Had a possessive "'s" removed: "FBI's Atlanta office" ends a name at "FBI".
    poss: bool,
}

#[derive(Clone, Debug)]
struct Mention {
    first: usize,
    last: usize,
    span: Span,
    key: String,
    ids: Vec<PlaceId>,
    kind: MentionKind,
    hint: Option<char>,
    weak: bool,
    speech: bool,
    /// Followed by an unknown capitalised word: perhaps the first word of a longer name the
    /// gazetteer lacks ("Puli Alam", "Marki Khel").
    partial: bool,
    /// Partial and no possessive ("Baghdad's Tahrir Square"): votes little.
    unfinished: bool,
    dateline: bool,
    container: Option<usize>,
    /// The container follows "of" ("X area of Y"), not a comma.
    of_container: bool,
    /// After a locative preposition ("in", "near"): used as a place.
    locative: bool,
    /// Before a street word ("Isabella Avenue"): names a street; casts no vote.
    street: bool,
}

impl Mention {
    /// A plain place mention of a first-level region (a state abbreviation, a name in a
    /// list closed by "counties"), with every flag off.
    fn region(first: usize, last: usize, span: Span, key: String, ids: Vec<PlaceId>) -> Mention {
        Mention {
            first,
            last,
            span,
            key,
            ids,
            kind: MentionKind::Place,
            hint: Some('A'),
            weak: false,
            speech: false,
            partial: false,
            unfinished: false,
            dateline: false,
            container: None,
            of_container: false,
            locative: false,
            street: false,
        }
    }
}

fn pieces(doc: &Document) -> Vec<Piece> {
    let text = doc.text();
    let mut out = Vec::new();
    for &sent in doc.sentences() {
        let mut brk = true;
        let mut first = true;
        for tok in segment::tokens(text, sent) {
            if tok.kind != segment::TokenKind::Word {
                // "St. Petersburg", "Ft. Worth": the period of a name abbreviation joins.
                let joins = text.get(tok.span.range()) == Some(".")
                    && out.last().is_some_and(|p: &Piece| {
                        p.span.end == tok.span.start
                            && text.get(p.span.range()).is_some_and(|w| {
                                ["St", "Ste", "Ft", "Mt", "Pt"].iter().any(|a| {
                                    a.eq_ignore_ascii_case(w) && w.starts_with(char::is_uppercase)
                                })
                            })
                    });
                // Opening quotes and brackets keep a sentence start a sentence start.
                brk |= !joins;
                continue;
            }
            let Some(word) = text.get(tok.span.range()) else {
                continue;
            };
            // "I've", "don't": contractions are never names.
            if [
                "'ve", "’ve", "'re", "’re", "'ll", "’ll", "'m", "’m", "'d", "’d", "n't", "n’t",
            ]
            .iter()
            .any(|c| word.ends_with(c))
            {
                brk = true;
                continue;
            }
            let mut end = word.len();
            for suffix in ["'s", "’s", "'", "’"] {
                if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                    end = word.len() - suffix.len();
                    break;
                }
            }
            let poss = end < word.len();
            let base = tok.span.start as usize;
            let mut start = 0;
            let mut glued = false;
            for part in word[..end].split('-') {
                let pstart = start;
                start += part.len() + 1;
                if part.is_empty() {
                    continue;
                }
                let letters = part.chars().filter(|c| c.is_alphabetic());
                let cap = part.chars().next().is_some_and(char::is_uppercase);
                let allcaps = cap && letters.clone().all(char::is_uppercase);
                out.push(Piece {
                    span: Span::new(base + pstart, base + pstart + part.len()),
                    cap,
                    allcaps,
                    glued,
                    brk: brk && !glued,
                    sent_start: first,
                    poss: poss && pstart + part.len() == end,
                });
                glued = true;
                first = false;
                brk = false;
            }
        }
    }
    out
}

fn piece_text<'a>(text: &'a str, p: &Piece) -> &'a str {
    text.get(p.span.range()).unwrap_or("")
}

/// Finds and resolves the toponyms of a document, sorted by span.
pub fn geoparse(doc: &Document, gaz: &Gazetteer, opts: &GeoOptions) -> Vec<Toponym> {
    let lex = Lexicon::embedded();
    let text = doc.text();
    let ps = pieces(doc);
    let dateline = segment::dateline(text).map(|d| d.place);
    let mut mentions = recognise(text, &ps, gaz, lex, dateline);
    bare_counties(text, &ps, gaz, lex, &mut mentions);
    party_homes(text, &ps, gaz, &mut mentions);
    link_containers(text, &ps, gaz, &mut mentions);
    resolve(gaz, &mentions, opts)
}

/// State abbreviations outside "Town, Ga.": a party label ("D-Calif.", "R-W. Va."), a
/// headline's "Ill. man" or "Mass. legislators" (a period, then a lower-case word), and
/// after a capitalised word and a comma ("Thackerville, Okla.") when the town is unknown.
fn standalone_abbreviations(text: &str, ps: &[Piece], gaz: &Gazetteer, raw: &mut Vec<Mention>) {
    // Pieces inside longer names; a one-word match ("Ill", "Mass") may give way.
    let covered: HashSet<usize> = raw
        .iter()
        .filter(|m| m.first != m.last)
        .flat_map(|m| m.first..=m.last)
        .collect();
    let mut found: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < ps.len() {
        let p = ps[i];
        // Abbreviations are short ("Calif", "Okla", "Pa").
        if !p.cap || p.span.end - p.span.start > 5 || covered.contains(&i) {
            i += 1;
            continue;
        }
        // One piece, or two close ones ("W. Va.").
        let mut last = i;
        let mut end = p.span.end as usize;
        if let Some(q) = ps
            .get(i + 1)
            .filter(|q| q.cap && !covered.contains(&(i + 1)) && q.span.start as usize <= end + 2)
        {
            let two = text
                .get(p.span.start as usize..q.span.end as usize)
                .map(normalize)
                .unwrap_or_default();
            if !gaz.lookup_abbrev(&two).is_empty() {
                last = i + 1;
                end = q.span.end as usize;
            }
        }
        let key = text
            .get(p.span.start as usize..end)
            .map(normalize)
            .unwrap_or_default();
        let ids = gaz.lookup_abbrev(&key);
        if ids.is_empty() || key.len() < 2 {
            i += 1;
            continue;
        }
        let period = text.get(end..end + 1) == Some(".");
        let party = p.glued
            && i > 0
            && matches!(piece_text(text, &ps[i - 1]), "D" | "R" | "I")
            && ps[i - 1].span.end + 1 == p.span.start;
        let next_lower = ps
            .get(last + 1)
            .is_some_and(|n| piece_text(text, n).starts_with(|c: char| c.is_lowercase()));
        let before = text.get(..p.span.start as usize).unwrap_or("");
        let after_town = before.ends_with(", ")
            && i > 0
            && ps[i - 1].cap
            && text.get(ps[i - 1].span.end as usize..p.span.start as usize) == Some(", ");
        if party || (period && (next_lower || after_town)) {
            let end = if period { end + 1 } else { end };
            found.push(Mention::region(
                i,
                last,
                Span::new(p.span.start as usize, end),
                key,
                ids.to_vec(),
            ));
        }
        i = last + 1;
    }
    if found.is_empty() {
        return;
    }
    raw.retain(|m| !found.iter().any(|f| f.span.overlaps(m.span)));
    raw.extend(found);
    raw.sort_by_key(|m| m.first);
}

/// "Delegate Jane Roe, D-Braxton": after a party letter, a legislator's home town or county
/// (county names bare). A state abbreviation there ("D-Calif.") is
/// [`standalone_abbreviations`]' work.
fn party_homes(text: &str, ps: &[Piece], gaz: &Gazetteer, ms: &mut Vec<Mention>) {
    let mut found: Vec<Mention> = Vec::new();
    for i in 1..ps.len() {
        let (party, p) = (ps[i - 1], ps[i]);
        let is_party = matches!(piece_text(text, &party), "D" | "R" | "I")
            && p.glued
            && p.cap
            && party.span.end + 1 == p.span.start
            && (i < 2 || !ps[i - 1].glued);
        if !is_party {
            continue;
        }
        // Two words ("D-Prince William") before one.
        for n in [2, 1] {
            let last = i + n - 1;
            let Some(lp) = ps.get(last) else { continue };
            if (i + 1..=last).any(|k| !ps[k].cap || ps[k].brk) {
                continue;
            }
            let span = Span::new(p.span.start as usize, lp.span.end as usize);
            let Some(surface) = text.get(span.range()) else {
                continue;
            };
            let key = normalize(surface);
            let mut ids: Vec<PlaceId> = gaz.lookup_key(&key).to_vec();
            for &id in gaz.lookup_key(&format!("{key} county")) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            // A home town or county: states are abbreviated ("D-Calif."), countries never.
            ids.retain(|&id| {
                let q = gaz.place(id);
                q.feature_class == 'P' || q.feature_code == "ADM2"
            });
            if ids.is_empty() {
                continue;
            }
            match ms.iter_mut().find(|m| m.span.overlaps(span)) {
                Some(m) if m.span == span && m.kind == MentionKind::Place => {
                    for id in ids {
                        if !m.ids.contains(&id) {
                            m.ids.push(id);
                        }
                    }
                }
                Some(_) => {}
                None => {
                    let mut m = Mention::region(i, last, span, key, ids);
                    m.hint = None;
                    found.push(m);
                }
            }
            break;
        }
    }
    ms.extend(found);
}

/// Words that close a county's full name ("Hall County", "Avoyelles Parish").
const COUNTY_WORDS: &[&str] = &["county", "parish"];

/// "Former Hall County official ... after retiring from Hall": a text that names a county in
/// full may go on to name it bare. The bare name (not part of a longer name, no person's, no
/// common word) is a mention of that county, under the full name's key, so that it keeps the
/// full name's sense.
fn bare_counties(text: &str, ps: &[Piece], gaz: &Gazetteer, lex: &Lexicon, ms: &mut Vec<Mention>) {
    let mut counties: Vec<(Vec<String>, String, Vec<PlaceId>)> = Vec::new();
    for m in ms
        .iter()
        .filter(|m| m.kind == MentionKind::Place && m.first < m.last)
    {
        let Some(head) = COUNTY_WORDS
            .iter()
            .find_map(|w| m.key.strip_suffix(w).map(str::trim_end))
        else {
            continue;
        };
        let ids: Vec<PlaceId> = m
            .ids
            .iter()
            .copied()
            .filter(|&id| gaz.place(id).feature_code == "ADM2")
            .collect();
        let words: Vec<String> = head.split(' ').map(String::from).collect();
        // "Hall", "Madison", "Lincoln": a common word or first name alone stays what it is.
        let common = words.len() == 1 && lex.classes(head) != 0;
        if ids.is_empty() || head.len() < 4 || common || counties.iter().any(|c| c.1 == m.key) {
            continue;
        }
        counties.push((words, m.key.clone(), ids));
    }
    let mut found: Vec<Mention> = Vec::new();
    for (words, key, ids) in &counties {
        let n = words.len();
        for i in 0..ps.len().saturating_sub(n - 1) {
            let run = &ps[i..i + n];
            let same = run.iter().zip(words).enumerate().all(|(k, (p, w))| {
                p.cap && (k == 0 || !p.brk) && normalize(piece_text(text, p)) == *w
            });
            if !same {
                continue;
            }
            let next = ps.get(i + n).filter(|q| !q.brk && !q.glued);
            // The full name itself, a list ("Clarke and Oconee counties"), or a longer name
            // ("Hall Smith", "Kanawha Circuit Court").
            if next.is_some_and(|q| {
                let w = piece_text(text, q);
                q.cap && !lex.is(w, lexicon::ORG)
                    || COUNTY_WORDS.iter().any(|c| normalize(w).starts_with(c))
                    || matches!(normalize(w).as_str(), "co" | "counties" | "parishes")
            }) {
                continue;
            }
            let p = ps[i];
            if i > 0 && !p.brk && !p.glued && !p.sent_start && ps[i - 1].cap {
                continue;
            }
            let span = Span::new(p.span.start as usize, ps[i + n - 1].span.end as usize);
            if age_follows(text, span) {
                continue;
            }
            match ms.iter_mut().find(|m| m.span.overlaps(span)) {
                Some(m) if m.span == span && m.kind == MentionKind::Place => {
                    m.key = key.clone();
                    m.ids = ids.clone();
                    m.hint = Some('A');
                }
                Some(_) => {}
                None => found.push(Mention::region(
                    i,
                    i + n - 1,
                    span,
                    key.clone(),
                    ids.clone(),
                )),
            }
        }
    }
    ms.extend(found);
}

/// Plural region words that close a list of regions, and their singular.
const REGION_PLURALS: &[(&str, &str)] = &[
    ("counties", "county"),
    ("parishes", "parish"),
    ("provinces", "province"),
    ("districts", "district"),
    ("governorates", "governorate"),
];

/// "Clarke, Madison and Oconee counties", "Helmand and Kandahar provinces": every name of
/// the list is a region of that kind, whatever else the bare name could be.
fn listed_regions(text: &str, ps: &[Piece], gaz: &Gazetteer, raw: &mut Vec<Mention>) {
    let mut found: Vec<Mention> = Vec::new();
    for (t, p) in ps.iter().enumerate() {
        let word = piece_text(text, p);
        let Some(&(_, singular)) = REGION_PLURALS
            .iter()
            .find(|(pl, _)| pl.eq_ignore_ascii_case(word))
        else {
            continue;
        };
        if p.cap || p.brk || t == 0 {
            continue;
        }
        // Walk back over the names, each one to three capitalised words.
        let mut end = t; // one past the current name's last piece
        loop {
            let mut start = end;
            while start > 0 && end - start < 3 && ps[start - 1].cap && !ps[start - 1].allcaps {
                start -= 1;
                if ps[start].brk {
                    break;
                }
            }
            if start == end {
                break;
            }
            let (first, last) = (ps[start], ps[end - 1]);
            let surface = text
                .get(first.span.start as usize..last.span.end as usize)
                .unwrap_or("");
            let key = normalize(surface);
            let mut ids: Vec<PlaceId> = gaz.lookup_key(&format!("{key} {singular}")).to_vec();
            if ids.is_empty() {
                ids = gaz
                    .lookup_key(&key)
                    .iter()
                    .copied()
                    .filter(|&id| {
                        let q = gaz.place(id);
                        q.feature_class == 'A' && !q.is_country()
                    })
                    .collect();
            }
            if ids.is_empty() {
                break;
            }
            found.push(Mention::region(
                start,
                end - 1,
                Span::new(first.span.start as usize, last.span.end as usize),
                key,
                ids,
            ));
            // The separator before this name: a comma, "and", "or" or ", and".
            let Some(prev_end) = start.checked_sub(1) else {
                break;
            };
            let gap_start = ps[prev_end].span.end as usize;
            let gap = text.get(gap_start..first.span.start as usize).unwrap_or("");
            let sep = gap.trim();
            if matches!(sep, ",") {
                end = start;
            } else if matches!(piece_text(text, &ps[prev_end]), "and" | "or") && prev_end > 0 {
                let g = text
                    .get(ps[prev_end - 1].span.end as usize..ps[prev_end].span.start as usize)
                    .unwrap_or("")
                    .trim();
                if !(g.is_empty() || g == ",") {
                    break;
                }
                end = prev_end;
            } else {
                break;
            }
        }
    }
    if found.is_empty() {
        return;
    }
    raw.retain(|m| !found.iter().any(|f| f.span.overlaps(m.span)));
    raw.extend(found);
    raw.sort_by_key(|m| m.first);
}

/// "Dawlat Yar district, Ghor": a name before "district" that the gazetteer spells
/// differently ("Dowlatyār") is the district of a province the text names whose spelling
/// skeleton ([`skeleton`]) matches, when exactly one district of those provinces does.
fn spelled_districts(text: &str, ps: &[Piece], gaz: &Gazetteer, raw: &mut Vec<Mention>) {
    let mut provinces: Vec<(&str, &str)> = Vec::new();
    for m in raw.iter() {
        for &id in &m.ids {
            let p = gaz.place(id);
            if p.feature_code == "ADM1" {
                provinces.push((p.country_iso2.as_str(), p.admin1_code.as_str()));
            }
        }
    }
    if provinces.is_empty() {
        return;
    }
    provinces.sort_unstable();
    provinces.dedup();
    let mut found: Vec<Mention> = Vec::new();
    for (t, p) in ps.iter().enumerate() {
        if t == 0 || p.brk || !piece_text(text, p).eq_ignore_ascii_case("district") {
            continue;
        }
        // Walk back over one to three capitalised words (and ezafe particles: "Nawa-e").
        let mut start = t;
        let mut words = 0;
        while start > 0 && words < 3 {
            let q = ps[start - 1];
            let w = piece_text(text, &q);
            if q.cap && !q.allcaps {
                words += 1;
            } else if !(q.glued && EZAFE.contains(&w)) {
                break;
            }
            start -= 1;
            if q.brk {
                break;
            }
        }
        if words == 0 || !ps[start].cap {
            continue;
        }
        let span = Span::new(ps[start].span.start as usize, ps[t - 1].span.end as usize);
        // A name the gazetteer already knows as a region, or as a place in one of the
        // provinces, stays as it is.
        let known = raw.iter().any(|m| {
            m.span.overlaps(span)
                && m.ids.iter().any(|&id| {
                    let q = gaz.place(id);
                    (q.feature_class == 'A' && !q.is_country())
                        || provinces.contains(&(q.country_iso2.as_str(), q.admin1_code.as_str()))
                })
        });
        if known {
            continue;
        }
        let key = normalize(text.get(span.range()).unwrap_or(""));
        let sk = skeleton(&key);
        if sk.len() < 2 {
            continue;
        }
        let ids: Vec<PlaceId> = provinces
            .iter()
            .flat_map(|&(cc, a1)| gaz.admin2_regions(cc, a1))
            .filter(|&id| {
                let q = gaz.place(id);
                let name = normalize(&q.name);
                name.chars().next() == key.chars().next() && skeleton(&name) == sk
            })
            .collect();
        let [id] = ids[..] else {
            continue;
        };
        // The mention names the district by its gazetteer name.
        let key = normalize(&gaz.place(id).name);
        found.push(Mention::region(start, t - 1, span, key, ids));
    }
    if found.is_empty() {
        return;
    }
    raw.retain(|m| !found.iter().any(|f| f.span.overlaps(m.span)));
    raw.extend(found);
    raw.sort_by_key(|m| m.first);
}

/// A dateline inside the text, as in a headline followed by its story: a sentence that
/// opens with the place in capitals and a dash or agency mark ("XENIA — The ...",
/// "ST. PAUL -- Police ...", "LEBANON (AP) — ...").
fn inline_dateline(text: &str, pieces: &[Piece], span: Span) -> bool {
    let Some(first) = pieces.first() else {
        return false;
    };
    if !first.sent_start || !pieces.iter().all(|p| p.allcaps) {
        return false;
    }
    let rest = text
        .get(span.end as usize..)
        .unwrap_or("")
        .trim_start_matches(' ');
    DATELINE_MARKS.iter().any(|m| rest.starts_with(m))
}

/// Whether the mention's name is one of our own aliases or features (named on purpose).
fn is_alias_name(gaz: &Gazetteer, m: &Mention) -> bool {
    m.ids
        .iter()
        .any(|&id| gaz.is_alias(&m.key, id) || !gaz.place(id).has_geonames_id())
}

/// Whether an age follows the name at `span`: ", 25," or ", 25 of" as in "Riley, 25, of
/// Dayton". A year or a postcode (four digits or more) is no age.
fn age_follows(text: &str, span: Span) -> bool {
    let Some(rest) = text.get(span.end as usize..) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(", ") else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && rest
            .get(digits..)
            .is_some_and(|r| r.starts_with(',') || r.starts_with(" of ") || r.starts_with(" and "))
}

/// Whether the name at `span` stands in "X & Y" or "Y & X" with a capitalised Y.
fn ampersand_firm(text: &str, span: Span) -> bool {
    let after = text.get(span.end as usize..).unwrap_or("");
    let before = text.get(..span.start as usize).unwrap_or("");
    let cap_start = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    let cap_end = |s: &str| s.split_whitespace().last().is_some_and(cap_start);
    after.strip_prefix(" & ").is_some_and(cap_start)
        || before.strip_suffix(" & ").is_some_and(cap_end)
}

/// Whether the piece at `k` follows a common first name, directly or across a middle
/// initial, in the same sentence: "Thomas Ravenel", "Matthew D. Flores".
fn after_first_name(text: &str, ps: &[Piece], lex: &Lexicon, k: usize) -> bool {
    let gap = |a: &Piece, b: &Piece| text.get(a.span.end as usize..b.span.start as usize);
    let first = |q: &Piece| q.cap && !q.poss && lex.is(piece_text(text, q), lexicon::FIRST);
    let (Some(prev), Some(here)) = (k.checked_sub(1).and_then(|j| ps.get(j)), ps.get(k)) else {
        return false;
    };
    if first(prev) && !here.sent_start && gap(prev, here) == Some(" ") {
        return true;
    }
    let initial = prev.allcaps && piece_text(text, prev).chars().count() == 1;
    let Some(before) = k.checked_sub(2).and_then(|j| ps.get(j)) else {
        return false;
    };
    initial && first(before) && gap(before, prev) == Some(" ") && gap(prev, here) == Some(". ")
}

fn is_connector(w: &str) -> bool {
    CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(w))
}

fn recognise(
    text: &str,
    ps: &[Piece],
    gaz: &Gazetteer,
    lex: &Lexicon,
    dateline: Option<Span>,
) -> Vec<Mention> {
    let max_words = gaz.max_words().clamp(1, MAX_WORDS);
    // 1. Longest gazetteer matches.
    let mut raw: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < ps.len() {
        let p = ps[i];
        let w = piece_text(text, &p);
        let article_start = !p.cap
            && ARTICLES.iter().any(|a| a.eq_ignore_ascii_case(w))
            && ps.get(i + 1).is_some_and(|n| n.glued && n.cap);
        if !p.cap && !article_start {
            i += 1;
            continue;
        }
        // The tail of a name joined by an ezafe that the gazetteer lacks ("Dehyak-e Kalan",
        // "Dara i Pech") is not a name of its own.
        let ezafe_tail = i >= 2
            && !p.brk
            && !ps[i - 1].cap
            && !ps[i - 1].brk
            && ps[i - 2].cap
            && EZAFE.contains(&piece_text(text, &ps[i - 1]));
        if ezafe_tail {
            i += 1;
            continue;
        }
        let mut found = None;
        for n in (1..=max_words).rev() {
            let j = i + n - 1;
            let Some(last) = ps.get(j) else { continue };
            let inner = ps.get(i + 1..=j).unwrap_or(&[]);
            if !last.cap || inner.iter().any(|q| q.brk) {
                continue;
            }
            // Lower-case inner words: connectors ("Isle of Man") or hyphen-joined particles
            // ("Deir ez-Zor", "Mazar-i-Sharif").
            let joined = |k: usize| ps[k].glued || ps.get(k + 1).is_some_and(|q| q.glued);
            if (i + 1..j)
                .any(|k| !ps[k].cap && !is_connector(piece_text(text, &ps[k])) && !joined(k))
            {
                continue;
            }
            let Some(surface) = text.get(p.span.start as usize..last.span.end as usize) else {
                continue;
            };
            let key = normalize(surface);
            if key.is_empty() {
                continue;
            }
            // "The City": a leading article belongs to the name only when the name says so.
            if n > 1
                && w.eq_ignore_ascii_case("the")
                && !gaz
                    .lookup_key(&key)
                    .iter()
                    .any(|&id| normalize(&gaz.place(id).name) == key)
            {
                continue;
            }
            // "The Rock Hill school district": a name that goes on past a "The X" match
            // without its article ("Rock Hill") is that longer name.
            if n > 1 && w.eq_ignore_ascii_case("the") {
                let longer = ps
                    .get(j + 1)
                    .filter(|q| q.cap && !q.brk)
                    .and_then(|q| text.get(ps[i + 1].span.start as usize..q.span.end as usize))
                    .is_some_and(|s| !gaz.lookup_key(&normalize(s)).is_empty());
                if longer {
                    continue;
                }
            }
            if n <= 3 {
                if let Some(pid) = gaz.demonym(&key) {
                    found = Some((j, key, vec![pid], true));
                    break;
                }
            }
            // "Platte Co." is Platte County.
            let (key, ids) = match key.strip_suffix(" co") {
                Some(head) if gaz.lookup_key(&key).is_empty() => {
                    let county = format!("{head} county");
                    let ids = gaz.lookup_key(&county);
                    (county, ids)
                }
                _ => {
                    let ids = gaz.lookup_key(&key);
                    (key, ids)
                }
            };
            // "Mt. Pleasant" is also every "Mount Pleasant" ("St." every "Saint"), whichever
            // spelling GeoNames lists for each namesake.
            let mut ids = ids.to_vec();
            for variant in abbreviation_variants(&key) {
                for &id in gaz.lookup_key(&variant) {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            if !ids.is_empty() {
                found = Some((j, key, ids, false));
                break;
            }
        }
        let Some((mut j, mut key, mut ids, demonym)) = found else {
            i += 1;
            continue;
        };
        // "Dublin City Council": "X City" that names no town of its own (only an alternate
        // name or a district: "Dublin City" for Dublin) is the name X before a town word, so
        // that it takes X's senses ("Boulder City", "Kansas City" are towns of their own).
        if let Some(bare) = key.strip_suffix(" city").filter(|_| j > i && !demonym) {
            let own = ids.iter().any(|&id| {
                let q = gaz.place(id);
                q.feature_class == 'P' && own_name(q, &key)
            });
            let bare_ids = gaz.lookup_key(bare);
            if !own && !bare_ids.is_empty() {
                ids = bare_ids.to_vec();
                key = bare.to_string();
                j -= 1;
            }
        }
        let span = Span::new(p.span.start as usize, ps[j].span.end as usize);
        raw.push(Mention {
            first: i,
            last: j,
            span,
            key,
            ids,
            kind: if demonym {
                MentionKind::Demonym
            } else {
                MentionKind::Place
            },
            hint: None,
            weak: i == j && p.sent_start,
            speech: false,
            partial: false,
            unfinished: false,
            dateline: dateline.is_some_and(|d| d.contains(span))
                || inline_dateline(text, &ps[i..=j], span),
            container: None,
            of_container: false,
            locative: false,
            street: false,
        });
        i = j + 1;
    }

    listed_regions(text, ps, gaz, &mut raw);
    spelled_districts(text, ps, gaz, &mut raw);
    standalone_abbreviations(text, ps, gaz, &mut raw);

    // 2. Context filters.
    // Neighbouring matches that are places beyond doubt ("Kansas City Missouri").
    // A first name that is also a town ("Austin", "Florence") is never beyond doubt.
    let first_name = |m: &Mention| m.first == m.last && lex.is(&m.key, lexicon::FIRST);
    let reaches = |m: &Mention, codes: &[&str], pop: u64| {
        !first_name(m)
            && m.ids.iter().any(|&id| {
                let p = gaz.place(id);
                codes.contains(&p.feature_code.as_str()) || p.population >= pop
            })
    };
    // Neighbouring matches that are places beyond doubt ("Kansas City Missouri").
    let strong = |m: &Mention| reaches(m, &["PCLI", "ADM1"], 100_000);
    // Places big enough to head an organisation name ("Gainesville Regional Utilities",
    // "Laurel County Sheriff's Office").
    let strong_town = |m: &Mention| {
        reaches(m, &["PCLI", "ADM1"], 20_000)
            || (m.first != m.last && reaches(m, &["ADM2"], u64::MAX))
    };
    let starts: HashSet<usize> = raw.iter().filter(|m| strong(m)).map(|m| m.first).collect();
    let place_ends: HashSet<usize> = raw
        .iter()
        .filter(|m| m.kind == MentionKind::Place)
        .map(|m| m.last)
        .collect();
    // Words of well-known places, dropped or not, are no unknown words of a person's name
    // ("Missing Lancaster girl" does not make "Lancaster" a surname).
    let strong_pieces: HashSet<usize> = raw
        .iter()
        .filter(|m| strong(m))
        .flat_map(|m| m.first..=m.last)
        .collect();
    let ends: HashSet<usize> = raw.iter().filter(|m| strong(m)).map(|m| m.last).collect();
    let neutral =
        lexicon::STOP | lexicon::DIRECTION | lexicon::ORG | lexicon::ADMIN | lexicon::TOWN;
    let mut names: HashSet<String> = HashSet::default();
    let mut surnames: HashSet<String> = HashSet::default();
    let mut kept = Vec::new();
    // Matches that look like a person's name only because an unknown capitalised word
    // stands next to them ("Paris Walmart", "StandUp DeKalb"): places after all when the
    // text uses the same name as a place elsewhere (see below).
    let mut doubtful: Vec<Mention> = Vec::new();
    for mut m in raw {
        let left = (m.first > 0 && !ps[m.first].brk && !ps[m.first].glued).then(|| ps[m.first - 1]);
        let right = ps.get(m.last + 1).filter(|q| !q.brk && !q.glued).copied();
        let one_word = m.first == m.last;
        let first_word = piece_text(text, &ps[m.first]);
        let mut doubt = false;
        // "Stevens & Wilkinson", "McPherson & Jacobsen": a name joined by an ampersand to
        // another capitalised word names a firm, throughout the text (not when the other
        // word is a well-known place: "Trinidad & Tobago").
        let partner_place =
            starts.contains(&(m.last + 1)) || (m.first > 0 && ends.contains(&(m.first - 1)));
        if one_word
            && m.kind == MentionKind::Place
            && !strong(&m)
            && !partner_place
            && ampersand_firm(text, m.span)
        {
            names.insert(m.key.clone());
            continue;
        }
        // "Thomas Ravenel", "Matthew D. Flores": a one-word name right after a common first
        // name (and perhaps a middle initial) is a surname throughout the text, whatever
        // "in X" says elsewhere ("in Ravenel cocaine case").
        if one_word && m.kind == MentionKind::Place && after_first_name(text, ps, lex, m.first) {
            surnames.insert(m.key.clone());
            continue;
        }
        // Acronyms and possessives end a name: "FBI's Atlanta office".
        // "Major Mich. utilities": a state abbreviation with its period is no one's name.
        let abbreviation = text.get(m.span.range()).is_some_and(|t| t.ends_with('.'))
            && !gaz.lookup_abbrev(&m.key).is_empty();
        if let Some(l) = left.filter(|l| l.cap && !l.poss && !l.allcaps && !abbreviation) {
            let c = lex.classes(piece_text(text, &l));
            // A country's or a state's name is no surname: "Acting U.S. Attorney", "Former
            // Arkansas Gov." keep the place (a title before it still makes a person's name).
            let region = !first_name(&m)
                && m.ids
                    .iter()
                    .any(|&id| matches!(gaz.place(id).feature_code.as_str(), "PCLI" | "ADM1"));
            let person = c & lexicon::TITLE != 0
                || (m.kind == MentionKind::Place
                    && !region
                    && !ends.contains(&(m.first - 1))
                    && c & neutral == 0);
            if person {
                // Only names that are not well-known places become names for the whole text.
                if !strong(&m) {
                    names.insert(m.key.clone());
                }
                if c & lexicon::TITLE != 0 || m.kind != MentionKind::Place || strong(&m) {
                    continue;
                }
                doubt = true;
            }
        }
        // "Riley, 25, was shot": a name followed by an age is a person's, in the whole text.
        if m.kind == MentionKind::Place && one_word && !strong(&m) && age_follows(text, m.span) {
            names.insert(m.key.clone());
            continue;
        }
        if m.kind != MentionKind::Place {
            if lex.is(first_word, lexicon::STOP) && one_word {
                continue;
            }
            let next = right.map(|r| piece_text(text, &r)).unwrap_or("");
            let glued_next = ps
                .get(m.last + 1)
                .filter(|q| q.glued)
                .map(|q| piece_text(text, q));
            m.kind = if m.key.ends_with('s') && !m.key.ends_with("ss") {
                MentionKind::Demonym
            } else if let Some(g) = glued_next {
                if g.chars().next().is_some_and(char::is_lowercase) {
                    MentionKind::Adjectival
                } else {
                    MentionKind::Demonym
                }
            } else if !next.is_empty() && next.chars().next().is_some_and(char::is_lowercase) {
                if lex.is(next, lexicon::PEOPLE) {
                    MentionKind::Demonym
                } else {
                    MentionKind::Adjectival
                }
            } else {
                MentionKind::Demonym
            };
            kept.push(m);
            continue;
        }
        if let Some(r) = right.filter(|r| r.cap) {
            let c = lex.classes(piece_text(text, &r));
            // "Quds Force": a body named after a place; "Iraq Forces" keeps its country.
            let region = m
                .ids
                .iter()
                .any(|&id| matches!(gaz.place(id).feature_code.as_str(), "PCLI" | "ADM1"));
            if c & lexicon::UNIT != 0 && !region {
                continue;
            }
            // "Isabella Avenue", "Texas Ave.": a street named after the place, which says
            // nothing of where the text is.
            m.street = c & lexicon::STREET != 0;
            // "Paris Hilton", "Austin Smith" are people; "Gainesville Regional Utilities" keeps
            // its (big enough) town.
            // "Watertown-Mayer Lutheran": a name hyphen-joined to another place is a place.
            let hyphen_pair =
                ps[m.first].glued && m.first > 0 && place_ends.contains(&(m.first - 1));
            let person = !strong_town(&m) && !hyphen_pair;
            if !starts.contains(&(m.last + 1)) && c & (neutral | lexicon::TITLE) == 0 {
                if person {
                    doubt = true;
                } else {
                    m.partial = c == 0;
                    // "Baghdad's Tahrir Square": a possessive ends a name.
                    m.unfinished = m.partial && !ps[m.last].poss;
                }
            }
        }
        // "Dara i Pech", "Qala e Naw": an ezafe joins this name to the next word.
        if let (Some(r), Some(n)) = (right, ps.get(m.last + 2)) {
            let ezafe = EZAFE.contains(&piece_text(text, &r));
            if ezafe && !r.cap && n.cap && !n.brk && !n.glued {
                m.partial = true;
            }
        }
        // "in Independence", "near Mobile", "Delta police": a common word after a locative
        // preposition (and before no capitalised word) or before an organisation word is the
        // big town of that name.
        let town_after_locative = || {
            let after_locative = m.first > 0
                && matches!(
                    piece_text(text, &ps[m.first - 1]),
                    "in" | "near" | "outside" | "from"
                )
                && !right.is_some_and(|r| r.cap);
            let before_org = right.is_some_and(|r| lex.is(piece_text(text, &r), lexicon::ORG));
            (after_locative || before_org)
                && m.ids.iter().any(|&id| {
                    let p = gaz.place(id);
                    p.feature_class == 'P' && p.population >= 50_000 && own_name(p, &m.key)
                })
        };
        if one_word && lex.is(first_word, lexicon::NEVER) {
            continue;
        }
        if one_word
            && lex.classes(first_word) & !(lexicon::DIRECTION | lexicon::FIRST) != 0
            && !town_after_locative()
        {
            continue;
        }
        // "the South Side", "the West Side": a part of a town named by common words only,
        // unless some place bears that name as its own (not as a GeoNames alternate).
        let common = |k: usize| lex.is(piece_text(text, &ps[k]), lexicon::STOP);
        let own = m.ids.iter().any(|&id| own_name(gaz.place(id), &m.key));
        if !one_word && (m.first..=m.last).all(common) && !own && !is_alias_name(gaz, &m) {
            continue;
        }
        let letters = m.key.chars().filter(|c| c.is_alphabetic()).count();
        let is_country = m.ids.iter().any(|&id| {
            let p = gaz.place(id);
            // Our own features are named on purpose ("EU"), like aliases.
            p.is_country() || !p.has_geonames_id() || gaz.is_alias(&m.key, id)
        });
        if ps[m.first].allcaps && one_word && letters <= 4 && !is_country && !m.dateline {
            continue;
        }
        if letters < 3 && !is_country {
            continue;
        }
        extend(text, ps, gaz, lex, &mut m);
        // "the city of X", "province of X".
        if m.first >= 2 && piece_text(text, &ps[m.first - 1]) == "of" {
            let c = lex.classes(piece_text(text, &ps[m.first - 2]));
            if c & lexicon::TOWN != 0 {
                m.hint = Some('P');
            } else if c & lexicon::ADMIN != 0 {
                m.hint = Some('A');
            }
        }
        // "Mahdi said" is a person; "officials in Hyderabad said" is not.
        let locative = m.first > 0 && LOCATIVES.contains(&piece_text(text, &ps[m.first - 1]));
        m.locative = locative;
        m.speech =
            !locative && right.is_some_and(|r| lex.is(piece_text(text, &r), lexicon::SPEECH));
        if doubt {
            doubtful.push(m);
        } else {
            kept.push(m);
        }
    }

    // 3. Person names: the last word of runs of unknown capitalised words ("Adel Abdul Mahdi").
    let mut run: Vec<usize> = Vec::new();
    let covered: HashSet<usize> = kept
        .iter()
        .flat_map(|m| m.first..=m.last)
        .chain(strong_pieces)
        .collect();
    for (k, p) in ps.iter().enumerate() {
        let unknown =
            p.cap && !p.allcaps && !covered.contains(&k) && lex.classes(piece_text(text, p)) == 0;
        if unknown && (run.is_empty() || !p.brk) {
            run.push(k);
        } else {
            if run.len() >= 2 {
                if let Some(&last) = run.last() {
                    names.insert(normalize(piece_text(text, &ps[last])));
                }
            }
            run.clear();
            if unknown {
                run.push(k);
            }
        }
    }
    // A name the text also uses as a place ("based in Dublin") names that place throughout:
    // "Distinctly Dublin" does not make it a surname.
    for m in &kept {
        let prev = (m.first > 0 && !ps[m.first].glued).then(|| piece_text(text, &ps[m.first - 1]));
        // "the city of X" and "downtown X" too; "according to Taylor", "a call from Jones",
        // "in Paris' case" say nothing.
        let town_of = prev == Some("of")
            && m.first >= 2
            && lex.is(piece_text(text, &ps[m.first - 2]), lexicon::TOWN);
        let locative =
            town_of || prev.is_some_and(|w| matches!(w, "in" | "near" | "outside" | "downtown"));
        if !ps[m.last].poss && locative {
            names.remove(&m.key);
        }
    }
    // One sense per text: a name the text plainly uses as a place elsewhere ("in Paris",
    // "Paris police", a dateline) is that place next to an unknown capitalised word too
    // ("the Paris Walmart", "StandUp DeKalb").
    let place_keys: HashSet<String> = kept
        .iter()
        .filter(|m| {
            let org_after = ps
                .get(m.last + 1)
                .filter(|q| !q.brk && !q.glued)
                .is_some_and(|q| lex.is(piece_text(text, q), lexicon::ORG));
            let plain = !m.weak && !first_name(m);
            m.kind == MentionKind::Place && (m.locative || m.dateline || org_after || plain)
        })
        .map(|m| m.key.clone())
        .collect();
    kept.extend(doubtful.into_iter().filter(|m| place_keys.contains(&m.key)));
    // A surname after a first name ("Matthew Flores") gives way only to a country or a
    // first-level region of a million people, not to a small department of that name.
    let big_region = |m: &Mention| {
        m.ids.iter().any(|&id| {
            let p = gaz.place(id);
            p.feature_code == "PCLI" || (p.feature_code == "ADM1" && p.population >= 1_000_000)
        })
    };
    kept.retain(|m| {
        let region = m
            .ids
            .iter()
            .any(|&id| matches!(gaz.place(id).feature_code.as_str(), "PCLI" | "ADM1"));
        let surname = surnames.contains(&m.key) && !big_region(m);
        let name = names.contains(&m.key) && !region;
        m.kind != MentionKind::Place || m.first != m.last || !(surname || name)
    });
    kept
}

/// "Dhi Qar province", "Mehran border crossing": a following region or feature word. After
/// an indefinite article a town word describes a town somewhere in the region ("in a
/// southwest Ohio city", "a small Texas town"): neither the town "Ohio City" nor a town
/// named Ohio, but Ohio.
fn extend(text: &str, ps: &[Piece], gaz: &Gazetteer, lex: &Lexicon, m: &mut Mention) {
    let next: Vec<&Piece> = ps[m.last + 1..]
        .iter()
        .take(2)
        .take_while(|q| !q.brk)
        .collect();
    let town_word = next
        .first()
        .is_some_and(|q| !q.cap && lex.is(piece_text(text, q), lexicon::TOWN));
    if town_word && after_indefinite(text, ps, m.first) {
        return;
    }
    for n in (1..=next.len()).rev() {
        if next[..n].iter().any(|q| q.cap) {
            continue;
        }
        let words: Vec<&str> = next[..n].iter().map(|q| piece_text(text, q)).collect();
        let key = format!("{} {}", m.key, normalize(&words.join(" ")));
        let ids = gaz.lookup_key(&key);
        if !ids.is_empty() {
            m.ids = ids.to_vec();
            m.last += n;
            m.span.end = next[n - 1].span.end;
            m.key = key;
            return;
        }
    }
    if let Some(q) = next.first() {
        // "Farah city", "Qalat town": the town, not the province of that name.
        let country = m.ids.iter().any(|&id| gaz.place(id).is_country());
        if lex.is(piece_text(text, q), lexicon::TOWN) && !q.cap && !country {
            m.hint = Some('P');
            return;
        }
        // "Lashkar Gah district center": the district's seat, a town of that name.
        let seat = next.get(1).is_some_and(|c| {
            matches!(
                piece_text(text, c).to_ascii_lowercase().as_str(),
                "center" | "centre"
            )
        });
        if seat && lex.is(piece_text(text, q), lexicon::ADMIN) {
            let towns: Vec<PlaceId> = m
                .ids
                .iter()
                .copied()
                .filter(|&id| gaz.place(id).feature_class == 'P')
                .collect();
            if let (false, Some(c)) = (towns.is_empty(), next.get(1)) {
                m.ids = towns;
                m.last += 2;
                m.span.end = c.span.end;
                return;
            }
        }
        if lex.is(piece_text(text, q), lexicon::ADMIN) {
            let admin: Vec<PlaceId> = m
                .ids
                .iter()
                .copied()
                .filter(|&id| {
                    let p = gaz.place(id);
                    p.feature_class == 'A' && !p.is_country()
                })
                .collect();
            if !admin.is_empty() {
                m.ids = admin;
                m.last += 1;
                m.span.end = q.span.end;
            }
        }
    }
}

/// Whether the name starting at piece `first` follows an indefinite article, at most two
/// lower-case words before it ("a southwest Ohio city", "an eastern Kentucky town").
fn after_indefinite(text: &str, ps: &[Piece], first: usize) -> bool {
    let Some(start) = ps.get(first) else {
        return false;
    };
    if start.brk {
        return false;
    }
    for k in (first.saturating_sub(3)..first).rev() {
        let q = &ps[k];
        let w = piece_text(text, q);
        if matches!(w, "a" | "an" | "another" | "A" | "An" | "Another") {
            return true;
        }
        if q.cap || q.brk || first - k > 2 {
            return false;
        }
    }
    false
}

/// Place nouns that may stand between a place and "of" + its container.
const OF_CONTAINER_NOUNS: &[&str] = &[
    "area",
    "village",
    "villages",
    "town",
    "city",
    "locality",
    "neighbourhood",
    "neighborhood",
    "suburb",
    "outskirts",
    "district",
    "sub-district",
    "subdistrict",
    "township",
];

/// The words between a place and the next are "of", optionally after a place noun:
/// "X of Y district", "X area of Y", "X village of Y"; or a place noun and "in" or "under":
/// "X village in Y district", "X area under Y". After a name the gazetteer knows only the
/// start of (`partial`), up to two more capitalised words of that name come first: "the
/// Chin Zai area in Takhar".
fn of_container_gap(gap: &str, partial: bool) -> bool {
    if gap.len() > 30 || gap.contains([',', '.', ';', '(', ')']) {
        return false;
    }
    let mut words: Vec<&str> = gap.split_whitespace().collect();
    if partial {
        let caps = words
            .iter()
            .take(2)
            .take_while(|w| w.starts_with(char::is_uppercase))
            .count();
        words.drain(..caps);
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let words: Vec<&str> = lower.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["of"] | ["of", "the"] => true,
        [noun, "of"] | [noun, "of", "the"] => OF_CONTAINER_NOUNS.contains(noun),
        [noun, "in" | "under"] | [noun, "in" | "under", "the"] => OF_CONTAINER_NOUNS.contains(noun),
        ["in"] => true,
        _ => false,
    }
}

/// "Najaf, Iraq", "Gainesville, Ga.": the second name contains the first.
fn link_containers(text: &str, ps: &[Piece], gaz: &Gazetteer, ms: &mut Vec<Mention>) {
    let mut extra = Vec::new();
    let n = ms.len();
    for k in 0..n {
        if ms[k].kind != MentionKind::Place {
            continue;
        }
        let end = ms[k].span.end as usize;
        let between_ok = |start: usize| {
            text.get(end..start).is_some_and(|b| {
                b.trim_start().starts_with(',')
                    && b.trim_matches([',', ' ']).is_empty()
                    && b.len() <= 3
            })
        };
        // "Torah Garah of Arghistan district", "the Pul Sangi area of Qalat city".
        if ms.get(k + 1).is_some_and(|next| {
            next.kind == MentionKind::Place
                && of_container_gap(
                    text.get(end..next.span.start as usize).unwrap_or(""),
                    ms[k].partial,
                )
        }) {
            ms[k].container = Some(k + 1);
            ms[k].of_container = true;
            continue;
        }
        if let Some(next) = ms.get_mut(k + 1) {
            if next.kind == MentionKind::Place && between_ok(next.span.start as usize) {
                // "Wichita, Kan.": the abbreviation beats any town called "Kan".
                let abbrev = gaz.lookup_abbrev(&next.key);
                if !abbrev.is_empty() && next.first == next.last {
                    next.ids = abbrev.to_vec();
                    if text.get(next.span.end as usize..next.span.end as usize + 1) == Some(".") {
                        next.span.end += 1;
                    }
                }
                ms[k].container = Some(k + 1);
                continue;
            }
        }
        // A state abbreviation right after the comma.
        let Some(p) = ps.get(ms[k].last + 1) else {
            continue;
        };
        if !between_ok(p.span.start as usize) || !p.cap {
            continue;
        }
        let mut last = ms[k].last + 1;
        let mut span_end = p.span.end as usize;
        // "N.Y." is one token; "W. Va." two.
        if let Some(q) = ps
            .get(last + 1)
            .filter(|q| q.cap && q.span.start as usize <= span_end + 2)
        {
            let two = text
                .get(p.span.start as usize..q.span.end as usize)
                .map(normalize)
                .unwrap_or_default();
            if !gaz.lookup_abbrev(&two).is_empty() {
                last += 1;
                span_end = q.span.end as usize;
            }
        }
        let surface = text.get(p.span.start as usize..span_end).unwrap_or("");
        let key = normalize(surface);
        let ids = gaz.lookup_abbrev(&key);
        if ids.is_empty() {
            continue;
        }
        // Keep the period of "Ga." inside the span.
        if text.get(span_end..span_end + 1) == Some(".") {
            span_end += 1;
        }
        extra.push((
            k,
            Mention::region(
                ms[k].last + 1,
                last,
                Span::new(p.span.start as usize, span_end),
                key,
                ids.to_vec(),
            ),
        ));
    }
    // Insert abbreviation mentions after their towns, fixing container indices.
    for (offset, (k, m)) in extra.into_iter().enumerate() {
        let at = k + offset + 1;
        for other in ms.iter_mut() {
            if let Some(c) = other.container.as_mut() {
                if *c >= at {
                    *c += 1;
                }
            }
        }
        ms.insert(at, m);
        if let Some(town) = ms.get_mut(at - 1) {
            town.container = Some(at);
        }
    }
}

/// A first-level region that contains a town of the same name: its seat ("Najaf",
/// "Baghdad") or a city of a million ("New York"), or the country's capital anywhere
/// ("Washington"); a second-level region with a town of that name inside. News means the town unless a region word follows or the name
/// contains another ("Rego Park, New York").
fn seat_shadowed(gaz: &Gazetteer, ids: &[PlaceId], id: PlaceId) -> bool {
    let p = gaz.place(id);
    // A district named like its seat ("Tarin Kot"): the town, found by the same name.
    if p.feature_code == "ADM2" {
        return ids.iter().any(|&o| {
            let q = gaz.place(o);
            q.feature_class == 'P'
                && q.country_iso2 == p.country_iso2
                && q.admin1_code == p.admin1_code
                && (q.admin2_code.is_empty() || q.admin2_code == p.admin2_code)
        });
    }
    p.feature_code == "ADM1"
        && ids.iter().any(|&o| {
            let q = gaz.place(o);
            let capital = q.feature_code == "PPLC";
            q.feature_class == 'P'
                && q.country_iso2 == p.country_iso2
                && (capital
                    || (q.admin1_code == p.admin1_code
                        && (normalize(&q.name) == normalize(&p.name) || q.population >= 1_000_000)))
        })
}

/// Abbreviations of name words that are the same name ("St. Petersburg" is "Saint
/// Petersburg", "Mt." is "Mount").
const NAME_ABBREVIATIONS: &[(&str, &str)] = &[
    ("saint", "st"),
    ("sainte", "ste"),
    ("mount", "mt"),
    ("fort", "ft"),
];

/// The key with its name abbreviations spelled out or abbreviated ("mt pleasant" ↔
/// "mount pleasant"), when it has any.
fn abbreviation_variants(key: &str) -> Vec<String> {
    let words: Vec<&str> = key.split(' ').collect();
    let mut out = Vec::new();
    for (long, short) in NAME_ABBREVIATIONS {
        if words.iter().any(|w| w == short || w == long) {
            let swapped: Vec<&str> = words
                .iter()
                .map(|&w| {
                    if w == *short {
                        long
                    } else if w == *long {
                        short
                    } else {
                        w
                    }
                })
                .collect();
            out.push(swapped.join(" "));
        }
    }
    out
}

/// True when `key` is the place's own name, up to [`NAME_ABBREVIATIONS`].
fn own_name(p: &Place, key: &str) -> bool {
    let own = normalize(&p.name);
    if own == key {
        return true;
    }
    // A capital named with its district ("Washington, D.C."): the name before the comma.
    if p.feature_code == "PPLC" {
        if let Some((head, _)) = p.name.split_once(',') {
            if normalize(head) == key {
                return true;
            }
        }
    }
    let fold = |s: &str| -> String {
        s.split(' ')
            .map(|w| {
                NAME_ABBREVIATIONS
                    .iter()
                    .find(|(long, _)| *long == w)
                    .map_or(w, |(_, short)| short)
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let abbreviable = |s: &str| {
        s.split(' ')
            .any(|w| NAME_ABBREVIATIONS.iter().any(|(l, a)| *l == w || *a == w))
    };
    abbreviable(key) && abbreviable(&own) && fold(&own) == fold(key)
}

fn prior(p: &Place, key: &str) -> f64 {
    let pop = (p.population as f64 + 1.0).log10();
    let own = own_name(p, key) || !p.has_geonames_id();
    let feature = match (p.feature_class, p.feature_code.as_str()) {
        ('A', "PCLI") => 3.0,
        ('A', "ADM1") => 1.5,
        ('A', _) => 0.0,
        // A capital of a million is what most texts mean ("London", "Paris"), when named by
        // its own name: "Philadelphia" is also an old name of Amman, ranked like a
        // provincial seat under it.
        ('P', "PPLC") if !own => 1.0,
        ('P', "PPLC") if p.population >= 1_000_000 => 5.0,
        ('P', "PPLC") => 3.0,
        ('P', "PPLA") => 1.0,
        ('P', "PPLA2") => 0.3,
        ('P', _) => 0.0,
        ('L', "CONT") => 8.0,
        // Our own features have no population: rank them like a large town.
        _ => 6.5,
    };
    // GeoNames alternate names include historical and foreign ones ("Paris" for
    // Swainsboro); our own features' names are all current.
    let exact = if own { 2.5 } else { 0.0 };
    // A country's own name means the country unless containment says otherwise.
    let country = if p.is_country() && normalize(&p.name) == key {
        4.0
    } else {
        0.0
    };
    pop + feature + exact + country
}

/// Votes of the mentions for countries (`IQ`), first-level regions (`IQ.09`) and
/// second-level regions (`US.LA.079`), keyed by [`Area`]s and names that borrow the
/// gazetteer and the mentions (nothing is allocated per vote).
struct Votes<'a> {
    total: FastMap<Area<'a>, f64>,
    /// Per name: its own mentions' votes, left out when scoring that name (no self-support).
    own: FastMap<&'a str, FastMap<Area<'a>, f64>>,
    /// Per name: the points (towns, second-level regions) its senses may be, with the
    /// highest probability any mention of the name gives them.
    points: FastMap<&'a str, FastMap<PlaceId, f64>>,
}

/// A hash map with a fast hasher for the votes' short keys (the multiply-rotate hash of
/// rustc's `FxHasher`): the votes are rebuilt three times per document, and SipHash was
/// most of that. No key comes from outside the gazetteer and the text's names.
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A country (`IQ`), first-level region (`IQ.09`) or second-level region (`US.LA.079`)
/// by its codes. Codes hold no dots, so this is one to one with the dotted strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Area<'a> {
    country: &'a str,
    admin1: Option<&'a str>,
    admin2: Option<&'a str>,
}

impl<'a> Area<'a> {
    fn country(country: &'a str) -> Area<'a> {
        Area {
            country,
            admin1: None,
            admin2: None,
        }
    }

    /// A country's key of two letters (an ISO code).
    fn is_country_code(&self) -> bool {
        self.admin1.is_none() && self.country.len() == 2
    }
}

/// A point of another name this close to a candidate counts fully as its neighbour; up to
/// twice as far, half.
const NEAR_KM: f64 = 50.0;

/// Weight of [`Votes::nearby`] in a candidate's score.
const NEAR_WEIGHT: f64 = 1.5;

/// Probability of its best sense from which a name's points count as neighbours.
const SETTLED: f64 = 0.7;

/// The country, admin1 and admin2 keys a place lies in.
fn area_keys(p: &Place) -> [Option<Area<'static>>; 3] {
    let country = p.country_iso2.as_str();
    let admin1 = (!p.admin1_code.is_empty()).then(|| p.admin1_code.as_str());
    let a1 = admin1.map(|a| Area {
        admin1: Some(a),
        ..Area::country(country)
    });
    let a2 = (!p.admin1_code.is_empty() && !p.admin2_code.is_empty()).then(|| Area {
        country,
        admin1,
        admin2: Some(p.admin2_code.as_str()),
    });
    [Some(Area::country(country)), a1, a2]
}

impl<'a> Votes<'a> {
    /// Each mention spreads its vote over its candidates by the softmax of their scores.
    fn new(
        gaz: &'a Gazetteer,
        ms: &'a [Mention],
        cands: &[Vec<PlaceId>],
        scores: &[Vec<f64>],
    ) -> Votes<'a> {
        let mut v = Votes {
            total: FastMap::default(),
            own: FastMap::default(),
            points: FastMap::default(),
        };
        for (k, ss) in scores.iter().enumerate() {
            let max = ss.iter().copied().fold(f64::MIN, f64::max);
            let z: f64 = ss.iter().map(|s| (s - max).exp()).sum();
            if ss.is_empty() || z <= 0.0 {
                continue;
            }
            if ms[k].street {
                continue;
            }
            let w = if ms[k].dateline {
                3.0
            } else if ms[k].kind != MentionKind::Place {
                1.5
            } else if ms[k].unfinished {
                0.3
            } else {
                1.0
            };
            let name = ms[k].key.as_str();
            for (s, &id) in ss.iter().zip(&cands[k]) {
                let prob = (s - max).exp() / z;
                if prob < 0.01 {
                    continue;
                }
                let p = gaz.place(id);
                if ms[k].kind == MentionKind::Place && is_point(p) {
                    let e = v.points.entry(name).or_default().entry(id).or_default();
                    *e = e.max(prob);
                }
                let wc = w * prob * if p.is_country() { 1.5 } else { 1.0 };
                let mut add = |key: Area<'a>, x: f64| {
                    *v.total.entry(key).or_default() += x;
                    *v.own.entry(name).or_default().entry(key).or_default() += x;
                };
                let [c, a1, a2] = area_keys(p);
                if let Some(c) = c {
                    add(c, wc);
                }
                // A country's neighbours get a little support ("Gaza" next to "Israel").
                for nb in gaz.neighbours(&p.country_iso2) {
                    add(Area::country(nb), wc * 0.3);
                }
                for key in [a1, a2].into_iter().flatten() {
                    add(key, w * prob);
                }
            }
        }
        // A name still torn between several senses says little to `nearby`, and two such
        // names would pull each other to whichever namesakes happen to lie together.
        v.points
            .retain(|_, pts| !pts.values().all(|&prob| prob < SETTLED));
        v
    }

    /// Nearness of a candidate to the points other names probably are: the summed
    /// probability of other names' senses within [`NEAR_KM`] (half up to twice as far).
    /// Places in one report are mostly near each other ("Columbus" beside "Phenix City").
    fn nearby(&self, gaz: &Gazetteer, name: &str, p: &Place) -> f64 {
        // A first-level region is near the points inside it, so that nearness does not
        // favour a town over the province of the same name ("Kandahar").
        let region = p.feature_class == 'A' && p.feature_code == "ADM1";
        if !is_point(p) && !region {
            return 0.0;
        }
        let mut sum = 0.0;
        // Only settled names are kept (see the end of `Votes::new`).
        for (other, pts) in &self.points {
            if *other == name {
                continue;
            }
            let mut mass: f64 = 0.0;
            for (&id, &prob) in pts {
                let q = gaz.place(id);
                // A place is not its own neighbour ("Youngstown" as an old name of a town
                // the text also names).
                if std::ptr::eq(p, q) {
                    continue;
                }
                if region {
                    if inside(q, p) {
                        mass += prob;
                    }
                    continue;
                }
                if (q.lat - p.lat).abs() > 2.0 * NEAR_KM / 111.0 {
                    continue;
                }
                let d = km(p, q);
                if d <= NEAR_KM {
                    mass += prob;
                } else if d <= 2.0 * NEAR_KM {
                    mass += 0.5 * prob;
                }
            }
            sum += mass.min(1.0);
        }
        sum
    }

    /// Whether another first-level region of the place's country has at least `min` votes.
    fn region_elsewhere(&self, p: &Place, min: f64) -> bool {
        let [_, own, _] = area_keys(p);
        self.total.iter().any(|(key, &v)| {
            v >= min
                && key.country == p.country_iso2.as_str()
                && key.admin1.is_some()
                && key.admin2.is_none()
                && Some(*key) != own
        })
    }

    /// Whether two or more other names than `name` vote (at least half a mention each)
    /// for one country other than `p`'s: the text is set there.
    fn names_gather_abroad(&self, name: &str, p: &Place) -> bool {
        let mut per_country: FastMap<&str, u32> = FastMap::default();
        for (other, areas) in &self.own {
            if *other == name {
                continue;
            }
            for (key, &v) in areas {
                if v >= 0.5 && key.is_country_code() && key.country != p.country_iso2.as_str() {
                    *per_country.entry(key.country).or_default() += 1;
                }
            }
        }
        per_country.values().any(|&n| n >= 2)
    }

    /// Votes for a candidate's country, admin1 and admin2 from mentions of other names.
    fn support(&self, name: &str, p: &Place) -> [f64; 3] {
        area_keys(p).map(|key| {
            key.map_or(0.0, |key| {
                let own = self
                    .own
                    .get(name)
                    .and_then(|m| m.get(&key))
                    .copied()
                    .unwrap_or(0.0);
                (self.total.get(&key).copied().unwrap_or(0.0) - own).max(0.0)
            })
        })
    }
}

/// The votes of other names for a town's first-level region that keep a town named at a
/// sentence start.
const WEAK_REGION_SUPPORT: f64 = 1.0;

fn resolve(gaz: &Gazetteer, ms: &[Mention], opts: &GeoOptions) -> Vec<Toponym> {
    let hint_cc = opts
        .country_hint
        .as_deref()
        .and_then(|h| gaz.country(h))
        .map(|c| c.iso2.clone());
    let cands: Vec<Vec<PlaceId>> = ms
        .iter()
        .map(|m| {
            let mut ids = m.ids.clone();
            if let Some(h) = m.hint {
                let f: Vec<PlaceId> = ids
                    .iter()
                    .copied()
                    .filter(|&id| gaz.place(id).feature_class == h)
                    .collect();
                if !f.is_empty() {
                    ids = f;
                }
            }
            ids
        })
        .collect();
    let districts = district_senses(gaz, ms, &cands);
    let contains_other: Vec<bool> = (0..ms.len())
        .map(|k| ms.iter().any(|m| m.container == Some(k)))
        .collect();
    let static_score: Vec<Vec<f64>> = cands
        .iter()
        .enumerate()
        .map(|(k, ids)| {
            ids.iter()
                .map(|&id| {
                    let shadow = if !contains_other[k] && seat_shadowed(gaz, ids, id) {
                        6.5
                    } else {
                        0.0
                    };
                    let hint = if hint_cc.as_deref() == Some(gaz.place(id).country_iso2.as_str()) {
                        2.0
                    } else {
                        0.0
                    };
                    prior(gaz.place(id), &ms[k].key)
                        + container_bonus(gaz, ms, &cands, k, id)
                        + pair_bonus(gaz, ms, &districts, k, id)
                        + hint
                        - shadow
                })
                .collect()
        })
        .collect();
    let with_context = |votes: &Votes| -> Vec<Vec<f64>> {
        static_score
            .iter()
            .enumerate()
            .map(|(k, ss)| {
                ss.iter()
                    .zip(&cands[k])
                    .map(|(s, &id)| {
                        let p = gaz.place(id);
                        let [cw, aw, a2w] = votes.support(&ms[k].key, p);
                        let near = votes.nearby(gaz, &ms[k].key, p);
                        // Country support saturates: a US-heavy text does not make "Toronto" Ohio's.
                        s + 4.0 * (1.0 + cw.min(3.0)).ln()
                            + 2.5 * (1.0 + aw).ln()
                            + 2.0 * (1.0 + a2w).ln()
                            + NEAR_WEIGHT * (1.0 + near).ln()
                    })
                    .collect()
            })
            .collect()
    };
    // Context-free picks vote; two rounds of re-scoring with the other mentions' votes.
    let mut votes = Votes::new(gaz, ms, &cands, &static_score);
    let mut scores = with_context(&votes);
    for _ in 0..2 {
        votes = Votes::new(gaz, ms, &cands, &scores);
        scores = with_context(&votes);
    }

    // One sense per document: sum the scores of mentions of the same name. A mention with
    // its container ("Springfield, Ohio") takes part, so it settles the bare ones after it.
    let mut by_key: HashMap<&str, HashMap<PlaceId, f64>> = HashMap::default();
    for (k, m) in ms.iter().enumerate() {
        if m.kind == MentionKind::Place {
            for (s, &id) in scores[k].iter().zip(&cands[k]) {
                *by_key
                    .entry(m.key.as_str())
                    .or_default()
                    .entry(id)
                    .or_default() += s;
            }
        }
    }

    let mut out = Vec::new();
    for (k, m) in ms.iter().enumerate() {
        let group = by_key
            .get(m.key.as_str())
            .filter(|_| m.container.is_none() && m.kind == MentionKind::Place);
        let mut ranked: Vec<(PlaceId, f64, f64)> = scores[k]
            .iter()
            .zip(&cands[k])
            .map(|(&s, &id)| (id, group.and_then(|g| g.get(&id)).copied().unwrap_or(s), s))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let Some(&(best, best_total, best_own)) = ranked.first() else {
            continue;
        };
        let margin = ranked.get(1).map_or(4.0, |r| best_total - r.1);
        let p = gaz.place(best);
        let big = matches!(p.feature_code.as_str(), "PCLI" | "ADM1")
            || p.population >= 50_000
            || !p.has_geonames_id();
        let same_key_strong = ms.iter().any(|o| o.key == m.key && !o.weak && !o.speech);
        // A town at a sentence start stands when other names of the text lie in its
        // first-level region ("Paris and Roxton continue ..." in a report on Lamar County).
        // (The votes are read only for such a mention.)
        let supported = || {
            let [_, region_votes, _] = votes.support(&m.key, p);
            p.feature_class == 'P' && region_votes >= WEAK_REGION_SUPPORT
        };
        if m.weak
            && !big
            && !same_key_strong
            && m.container.is_none()
            && !m.dateline
            && !supported()
        {
            continue;
        }
        // "Mahdi said" is a person; "Tbilisi says" a government speaking through its capital.
        let capital = p.feature_code == "PPLC" && !Lexicon::embedded().is(&m.key, lexicon::FIRST);
        if m.speech && p.feature_class == 'P' && m.first == m.last && !capital {
            continue;
        }
        // A GeoNames alternate name on its own ("Hamas" for Hamm) needs support.
        let exact = own_name(p, &m.key) || !p.has_geonames_id();
        let aliased = gaz.is_alias(&m.key, best);
        if !exact
            && !aliased
            && m.kind == MentionKind::Place
            && m.first == m.last
            && p.population < 100_000
            && !p.is_country()
        {
            let [cw, _, _] = votes.support(&m.key, p);
            if cw < 1.0 && m.container.is_none() {
                continue;
            }
        }
        let [cw, _, _] = votes.support(&m.key, p);
        let hinted = hint_cc.as_deref() == Some(p.country_iso2.as_str());
        // Part of an unknown longer name, in a country nothing else in the text is in while
        // the text is about another ("Puli Alam city, Logar" is not Puli in Taiwan).
        let elsewhere = || {
            votes.total.iter().any(|(key, &v)| {
                key.is_country_code() && key.country != p.country_iso2.as_str() && v >= 2.0
            })
        };
        if m.partial && cw < 1.0 && !hinted && !p.is_country() && elsewhere() {
            continue;
        }
        // A small town alone in its first-level region while the text's other names gather
        // in another region of the same country is a surname or a namesake ("Riley" in a
        // report from New York): no place.
        let [_, aw, _] = votes.support(&m.key, p);
        let outlier = p.feature_class == 'P'
            && p.population < 50_000
            && m.first == m.last
            && m.container.is_none()
            && !m.dateline
            && !m.locative
            && !hinted
            && aw < 0.5
            && votes.nearby(gaz, &m.key, p) == 0.0
            && votes.region_elsewhere(p, 2.0);
        if outlier {
            continue;
        }
        // A small town abroad that nothing else in the text supports, while the text's
        // names gather in another country, is a local place the gazetteer lacks (a
        // neighbourhood, a township) or a person's name: "in Whitehaven" in a Memphis
        // report is not the English town. A locative preposition does not save it.
        let abroad = p.feature_class == 'P'
            && p.population < 50_000
            && m.container.is_none()
            && !m.dateline
            && !hinted
            && cw < 0.5
            && votes.nearby(gaz, &m.key, p) == 0.0
            && votes.names_gather_abroad(&m.key, p);
        if abroad {
            continue;
        }
        let supported = cw > 0.0 || m.container.is_some() || hinted;
        if p.feature_class == 'P' && p.population < 5_000 && !supported && m.first == m.last {
            continue;
        }
        let contain = container_bonus(gaz, ms, &cands, k, best) > 0.0;
        let rule = if m.kind != MentionKind::Place {
            "demonym"
        } else if contain {
            "containment"
        } else if m.dateline {
            "dateline"
        } else if hinted {
            "country-hint"
        } else if best_own - prior(p, &m.key) > 0.5 {
            "context"
        } else {
            "population"
        };
        out.push(Toponym {
            span: m.span,
            kind: m.kind,
            place: best,
            country_iso2: p.country_iso2.to_string(),
            precision: p.precision(),
            score: (1.0 / (1.0 + (-margin).exp())) as f32,
            rule,
        });
    }
    repoint_outside_containers(gaz, ms, &cands, &mut out);
    out.sort_by_key(|t| (t.span.start, t.span.end));
    out
}

/// A place named with its container ("X area of Y district", "X, Y") none of whose senses
/// lies in that container is a namesake elsewhere of a place the gazetteer lacks: it takes
/// the container's place, the most precise point the text supports.
fn repoint_outside_containers(
    gaz: &Gazetteer,
    ms: &[Mention],
    cands: &[Vec<PlaceId>],
    out: &mut [Toponym],
) {
    let at = |span: Span, out: &[Toponym]| out.iter().position(|t| t.span == span);
    for (k, m) in ms.iter().enumerate() {
        let Some(c) = m.container.and_then(|c| ms.get(c)) else {
            continue;
        };
        if m.kind != MentionKind::Place
            || cands
                .get(k)
                .is_some_and(|ids| ids.iter().any(|&i| gaz.place(i).is_country()))
        {
            continue;
        }
        let (Some(i), Some(j)) = (at(m.span, out), at(c.span, out)) else {
            continue;
        };
        let (p, q) = (gaz.place(out[i].place), gaz.place(out[j].place));
        // Only a region or a town bounds its places; a country container already ruled.
        if q.is_country() || !matches!(q.feature_class, 'A' | 'P') || inside(p, q) {
            continue;
        }
        // After a comma the next name may be the next item of a list ("Kabul, Helmand and
        // Kandahar"): only a small town before a region gives way.
        let comma = !m.of_container;
        let small = p.feature_class == 'P'
            && p.population < 50_000
            && !matches!(p.feature_code.as_str(), "PPLA" | "PPLC");
        if comma && !(small && q.feature_class == 'A') {
            continue;
        }
        let container = out[j].clone();
        let t = &mut out[i];
        t.place = container.place;
        t.country_iso2 = container.country_iso2;
        t.precision = container.precision;
        t.rule = "containment";
    }
}

/// Bonus for a candidate that lies in the region or country named right after it.
fn container_bonus(
    gaz: &Gazetteer,
    ms: &[Mention],
    cands: &[Vec<PlaceId>],
    k: usize,
    id: PlaceId,
) -> f64 {
    let Some(c) = ms.get(k).and_then(|m| m.container) else {
        return 0.0;
    };
    let p = gaz.place(id);
    // Countries are not inside other names: "violence in Iraq, Iran announced".
    if cands
        .get(k)
        .is_some_and(|ids| ids.iter().any(|&i| gaz.place(i).is_country()))
    {
        return 0.0;
    }
    let inside = cands
        .get(c)
        .is_some_and(|ids| ids.iter().any(|&cid| inside(p, gaz.place(cid))));
    if inside {
        8.0
    } else {
        0.0
    }
}

/// Farthest a town may lie from a town that contains it ("the X area of Y city").
const TOWN_CONTAINER_KM: f64 = 30.0;

/// Whether place `p` lies in container `q`: its country, first- or second-level region, or
/// near a town. Features of our own (rivers, squares) contain nothing.
/// Score for a sense that pairs with another name of the text: a town inside a county or
/// district the text also names, or that district holding a town the text names ("Richmond"
/// and "Madison County" are Kentucky's pair, "Paris" and "Henry County" Tennessee's).
const PAIR_BONUS: f64 = 2.5;

/// Where a mention's senses lie: (country, admin1, admin2).
type Admin2Key = (&'static str, &'static str, &'static str);

/// Each place mention's name key, the districts of its second-level-region senses and the
/// districts of its town senses.
type DistrictSenses<'a> = Vec<(&'a str, HashSet<Admin2Key>, HashSet<Admin2Key>)>;

fn district_senses<'a>(
    gaz: &Gazetteer,
    ms: &'a [Mention],
    cands: &[Vec<PlaceId>],
) -> DistrictSenses<'a> {
    ms.iter()
        .zip(cands)
        .map(|(m, ids)| {
            let (mut regions, mut towns) = (HashSet::default(), HashSet::default());
            for &id in ids.iter().filter(|_| m.kind == MentionKind::Place) {
                if let Some(key) = admin2_key(gaz.place(id)) {
                    if gaz.place(id).feature_class == 'P' {
                        towns.insert(key);
                    } else {
                        regions.insert(key);
                    }
                }
            }
            (m.key.as_str(), regions, towns)
        })
        .collect()
}

/// The district of a town or second-level region.
fn admin2_key(p: &Place) -> Option<Admin2Key> {
    let kind = p.feature_code == "ADM2" || p.feature_class == 'P';
    (kind && !p.admin2_code.is_empty()).then(|| {
        (
            p.country_iso2.as_str(),
            p.admin1_code.as_str(),
            p.admin2_code.as_str(),
        )
    })
}

/// [`PAIR_BONUS`] when another name's district holds this town, or another name has a
/// town in this district.
fn pair_bonus(
    gaz: &Gazetteer,
    ms: &[Mention],
    districts: &DistrictSenses,
    k: usize,
    id: PlaceId,
) -> f64 {
    let p = gaz.place(id);
    let Some(key) = admin2_key(p).filter(|_| ms[k].kind == MentionKind::Place) else {
        return 0.0;
    };
    let town = p.feature_class == 'P';
    let own = ms[k].key.as_str();
    let paired = districts.iter().any(|(name, regions, towns)| {
        *name != own && if town { regions } else { towns }.contains(&key)
    });
    if paired {
        PAIR_BONUS
    } else {
        0.0
    }
}

fn inside(p: &Place, q: &Place) -> bool {
    if q.country_iso2 != p.country_iso2 {
        return false;
    }
    match (q.feature_class, q.feature_code.as_str()) {
        ('A', "PCLI") => true,
        ('A', "ADM1") => q.admin1_code == p.admin1_code,
        // A town's admin2 code is sometimes missing: its admin1 then decides.
        ('A', "ADM2") => {
            q.admin1_code == p.admin1_code
                && (p.admin2_code.is_empty() || q.admin2_code == p.admin2_code)
        }
        ('P', _) => km(p, q) <= TOWN_CONTAINER_KM,
        _ => false,
    }
}

/// A town or a second-level region: a sense with a point that says where in its region.
fn is_point(p: &Place) -> bool {
    p.feature_class == 'P' || p.feature_code == "ADM2"
}

/// Great-circle distance between two places in km.
fn km(p: &Place, q: &Place) -> f64 {
    let (la1, lo1, la2, lo2) = (
        p.lat.to_radians(),
        p.lon.to_radians(),
        q.lat.to_radians(),
        q.lon.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_after_a_name_marks_a_person() {
        let cases = [
            ("Riley, 25, was shot", true),
            ("Riley, 7 and his sister", true),
            ("Riley, 7-Eleven", false),
            ("Riley, 19 of Akron", true),
            ("Riley, 40 and Smith", true),
            ("Springfield, 2016, was", false),
            ("Springfield, Ohio", false),
            ("Springfield", false),
        ];
        for (text, want) in cases {
            assert_eq!(age_follows(text, Span::new(0, 5)), want, "{text:?}");
        }
    }
}
