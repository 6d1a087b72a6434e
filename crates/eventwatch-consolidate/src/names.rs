//! Names of the people a report ties to an incident ("Antonio Mason, 35,", "a 24-year-old
//! Jane Doe", "identified the victim as John Q. Public", "Jane Doe was shot", "police
//! arrested John Roe"): with street addresses, what tells two shootings in one city apart,
//! and what ties a follow-up report weeks or months later to the first one.
//!
//! [`person_names`] reads names in a victim/suspect frame only: followed by an age,
//! preceded by an age ("24-year-old"), after "identified ... as" / "named", before a verb
//! of the incident ("was shot", "later died", ", who"), or after a role or an arrest verb
//! ("victim", "her son,", "arrested"). Officials quoted by name ("Sgt. Andy Breidenich
//! said") are in no such frame, and would tie different incidents of one city together.
//! [`mentioned_names`] reads every capitalised run that makes a name key: a report that
//! frames a person and another that merely mentions the name speak of the same person.
//! Words that are no part of a name are in `data/not_name_words.txt`.

use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

/// A person's name found in a text, with its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundName {
    pub start: usize,
    pub end: usize,
    /// First and last name, lower-case, without middle initials or suffixes:
    /// `antonio mason`.
    pub key: String,
}

/// Words that are no part of a person's name (titles, function words, days, the words of
/// institutions and places): `data/not_name_words.txt`. Leading ones are dropped from a
/// name ("Sgt. Andy Breidenich" is `andy breidenich`); a run holding one after that is
/// no name.
pub fn not_name_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../data/not_name_words.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    })
}

fn not_name(w: &str) -> bool {
    not_name_words().contains(w)
}

/// Verbs that make the capitalised run before them a victim or suspect ("Jane Doe was
/// shot", "John Roe, who", "Jane Doe later died").
const VERBS_AFTER: &[&str] = &[
    "shot",
    "killed",
    "arrested",
    "charged",
    "wounded",
    "injured",
    "hurt",
    "found",
    "pronounced",
    "taken",
    "struck",
    "hit",
    "booked",
    "died",
    "dies",
    "indicted",
    "convicted",
    "sentenced",
    "accused",
    "hospitalized",
    "jailed",
    "who",
    "fired",
    "opened",
    "pleaded",
    "surrendered",
];
/// Words that may stand between the name and such a verb.
const AUXILIARIES: &[&str] = &[
    "was",
    "were",
    "is",
    "has",
    "had",
    "been",
    "later",
    "also",
    "allegedly",
    "reportedly",
    "fatally",
    "critically",
    "seriously",
    "then",
];
/// Words after which a capitalised run is the person ("victim Jane Doe", "police arrested
/// John Roe", "her son, John Roe").
const BEFORE_NAME: &[&str] = &[
    "victim",
    "victims",
    "suspect",
    "suspects",
    "gunman",
    "shooter",
    "teen",
    "teenager",
    "son",
    "daughter",
    "brother",
    "sister",
    "mother",
    "father",
    "boyfriend",
    "girlfriend",
    "wife",
    "husband",
    "cousin",
    "nephew",
    "niece",
    "arrested",
    "charged",
    "booked",
    "indicted",
    "sentenced",
    "convicted",
    "killed",
    "shot",
    "wounded",
];
/// Words that may follow "Name, AGE" ("John Doe, 24 of Flint"); "Chicago, 3 people" is
/// no name.
const AFTER_AGE: &[&str] = &[
    "of", "from", "and", "who", "was", "is", "were", "died", "had",
];
/// Name suffixes, skipped when making the key.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];
const MAX_WORDS: usize = 4;
/// Oldest plausible age in "Name, AGE,".
const MAX_AGE: u32 = 110;

struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// Words: letters, digits, inner apostrophes and hyphens (`O'Neal`, `Ty-Ryne`,
/// `35-year-old`).
fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inner = matches!(c, '\'' | '-' | '’')
            && start.is_some()
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Tok {
                start: s,
                end: i,
                text: text.get(s..i).unwrap_or(""),
            });
        }
    }
    if let Some(s) = start {
        out.push(Tok {
            start: s,
            end: text.len(),
            text: text.get(s..).unwrap_or(""),
        });
    }
    out
}

fn gap<'a>(text: &'a str, a: &Tok<'_>, b: &Tok<'_>) -> &'a str {
    text.get(a.end..b.start).unwrap_or("")
}

/// A single space, or the dot and space after an initial.
fn joined(text: &str, a: &Tok<'_>, b: &Tok<'_>) -> bool {
    let g = gap(text, a, b);
    g == " " || (g == ". " && a.text.chars().count() <= 2)
}

/// A capitalised word with a lower-case letter (not an acronym), or an initial.
fn name_word(w: &str) -> bool {
    let mut cs = w.chars();
    let Some(first) = cs.next() else {
        return false;
    };
    first.is_uppercase()
        && (w.chars().count() == 1 || w.chars().any(char::is_lowercase))
        && !w.chars().any(|c| c.is_ascii_digit())
        && !w.ends_with("-old")
}

/// Words before a place, not a person ("a man from West Garfield Park was charged", "in
/// Des Moines, who").
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "of", "from", "at", "near", "on", "to", "into", "outside", "across", "around",
];

/// The run `from..to` follows a preposition of place, or opens with one.
fn after_preposition(toks: &[Tok<'_>], from: usize, to: usize) -> bool {
    let prep = |i: usize| {
        toks.get(i)
            .is_some_and(|t| PLACE_PREPOSITIONS.contains(&t.text.to_ascii_lowercase().as_str()))
    };
    (from > 0 && prep(from - 1)) || (from < to && prep(from))
}

/// The key of a run of name words, or `None` when it is not a first and last name.
fn key_of(words: &[&str]) -> Option<String> {
    // "Jane Doe's family": the possessive is no part of the name.
    let lower: Vec<String> = words
        .iter()
        .map(|w| {
            // A typographic apostrophe is the typewriter one ("A’naiya", "A'naiya").
            let w = w.to_lowercase().replace('’', "'");
            match w.strip_suffix("'s") {
                Some(stem) if !stem.is_empty() => stem.to_string(),
                _ => w,
            }
        })
        .collect();
    let mut ws: Vec<&str> = lower.iter().map(String::as_str).collect();
    while ws.first().is_some_and(|w| not_name(w)) {
        ws.remove(0);
    }
    let ws: Vec<&str> = ws
        .into_iter()
        .filter(|w| w.chars().count() > 1 && !SUFFIXES.contains(w))
        .collect();
    if ws.len() < 2 || ws.iter().any(|w| not_name(w)) {
        return None;
    }
    Some(format!("{} {}", ws.first()?, ws.last()?))
}

fn age(w: &str) -> Option<u32> {
    if w.is_empty() || w.len() > 3 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok().filter(|a| (1..=MAX_AGE).contains(a))
}

/// Name words before token `end` (exclusive), walking back: their first index.
fn back(text: &str, toks: &[Tok<'_>], end: usize) -> usize {
    let mut j = end;
    while j > 0 && end - j < MAX_WORDS {
        let Some(w) = toks.get(j - 1) else { break };
        if !name_word(w.text) {
            break;
        }
        if j < end {
            let Some(next) = toks.get(j) else { break };
            if !joined(text, w, next) {
                break;
            }
        }
        j -= 1;
    }
    j
}

/// Name words from token `start` on: one past their last index.
fn forward(text: &str, toks: &[Tok<'_>], start: usize) -> usize {
    let mut j = start;
    while j < toks.len() && j - start < MAX_WORDS {
        let Some(w) = toks.get(j) else { break };
        if !name_word(w.text) {
            break;
        }
        if j > start {
            let Some(prev) = toks.get(j - 1) else { break };
            if !joined(text, prev, w) {
                break;
            }
        }
        j += 1;
    }
    j
}

/// Every person's name in a victim/suspect frame, in text order (a name may repeat).
pub fn person_names(text: &str) -> Vec<FoundName> {
    framed(text, &tokens(text))
}

/// [`person_names`] and [`mentioned_names`] of one text, reading its words once.
pub fn names(text: &str) -> (Vec<FoundName>, Vec<FoundName>) {
    let toks = tokens(text);
    (framed(text, &toks), mentioned(text, &toks))
}

fn framed(text: &str, toks: &[Tok<'_>]) -> Vec<FoundName> {
    let mut out = Vec::new();
    let mut push = |from: usize, to: usize| {
        if from >= to {
            return;
        }
        let (Some(first), Some(last)) = (toks.get(from), toks.get(to - 1)) else {
            return;
        };
        let words: Vec<&str> = toks
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .map(|t| t.text)
            .collect();
        if let Some(key) = key_of(&words) {
            out.push(FoundName {
                start: first.start,
                end: last.end,
                key,
            });
        }
    };
    for (k, t) in toks.iter().enumerate() {
        let lower = t.text.to_ascii_lowercase();
        // "Antonio Mason, 35, died": a comma, an age, then a comma, a full stop or a word.
        if age(t.text).is_some() && k > 0 {
            let prev = toks.get(k - 1);
            let rest = text.get(t.end..).unwrap_or("");
            let word_after = rest
                .strip_prefix(' ')
                .and_then(|r| r.split(|c: char| !c.is_alphabetic()).next())
                .is_some_and(|w| AFTER_AGE.contains(&w));
            let framed = prev.is_some_and(|p| gap(text, p, t) == ", ")
                && (matches!(rest.chars().next(), Some(',' | '.' | ')' | ';') | None)
                    || word_after);
            if framed {
                push(back(text, toks, k), k);
            }
        }
        // "24-year-old Jane Doe".
        if lower.ends_with("-year-old") && age(lower.trim_end_matches("-year-old")).is_some() {
            if let Some(next) = toks.get(k + 1) {
                if gap(text, t, next) == " " {
                    push(k + 1, forward(text, toks, k + 1));
                }
            }
        }
        // "Jane Doe was shot", "John Roe, who", "Jane Doe later died".
        if VERBS_AFTER.contains(&lower.as_str()) {
            let mut j = k;
            while j > 0 && k - j < 3 {
                let Some(p) = toks.get(j - 1) else { break };
                let Some(n) = toks.get(j) else { break };
                if gap(text, p, n) != " "
                    || !AUXILIARIES.contains(&p.text.to_ascii_lowercase().as_str())
                {
                    break;
                }
                j -= 1;
            }
            if let (Some(p), Some(n)) = (j.checked_sub(1).and_then(|x| toks.get(x)), toks.get(j)) {
                let g = gap(text, p, n);
                let from = back(text, toks, j);
                if (g == " " || (g == ", " && lower == "who")) && !after_preposition(toks, from, j)
                {
                    push(from, j);
                }
            }
        }
        // "victim Jane Doe", "police arrested John Roe", "her son, John Roe".
        if BEFORE_NAME.contains(&lower.as_str()) {
            if let Some(next) = toks.get(k + 1) {
                if matches!(gap(text, t, next), " " | ", ") {
                    push(k + 1, forward(text, toks, k + 1));
                }
            }
        }
        // "identified the victim as John Public", "a man named John Public".
        let after_as = lower == "as"
            && toks
                .get(k.saturating_sub(4)..k)
                .unwrap_or(&[])
                .iter()
                .any(|p| p.text.eq_ignore_ascii_case("identified"));
        if after_as || lower == "named" {
            if let Some(next) = toks.get(k + 1) {
                if gap(text, t, next) == " " {
                    push(k + 1, forward(text, toks, k + 1));
                }
            }
        }
    }
    // Two frames may find one name (", 24, was shot"): once, in text order.
    out.sort_by_key(|n| (n.start, n.end));
    out.dedup();
    out
}

/// Every capitalised run of two or more name words in a text that makes a name key,
/// framed or not ("Jane Doe's family said", "a vigil for Jane Doe"), in text order. A
/// report that names a person in a victim/suspect frame ([`person_names`]) and another
/// that mentions the same name anywhere speak of the same person.
pub fn mentioned_names(text: &str) -> Vec<FoundName> {
    mentioned(text, &tokens(text))
}

fn mentioned(text: &str, toks: &[Tok<'_>]) -> Vec<FoundName> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let end = forward(text, toks, k);
        if end > k + 1 {
            let words: Vec<&str> = toks
                .get(k..end)
                .unwrap_or(&[])
                .iter()
                .map(|t| t.text)
                .collect();
            if let (Some(key), Some(first), Some(last)) =
                (key_of(&words), toks.get(k), toks.get(end - 1))
            {
                out.push(FoundName {
                    start: first.start,
                    end: last.end,
                    key,
                });
            }
        }
        k = end.max(k + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<String> = person_names(text).into_iter().map(|n| n.key).collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn reads_victim_frames() {
        check("Antonio Mason, 35, died at the scene.", &["antonio mason"]);
        check(
            "Police identified the victim as Jamal D. Hughes Jr. of Detroit.",
            &["jamal hughes"],
        );
        check(
            "a 24-year-old Ty-Ryne Hoskins was shot",
            &["ty-ryne hoskins"],
        );
        check("Officer John Smith, 45, was hurt", &["john smith"]);
        check("a man named Carl O'Neal", &["carl o'neal"]);
        // Typographic and typewriter apostrophes give one key.
        check("a man named Carl O’Neal", &["carl o'neal"]);
    }

    #[test]
    fn reads_verb_and_role_frames() {
        check("Later, Marcus Hill was shot twice.", &["marcus hill"]);
        check("Dana Ruiz later died at a hospital.", &["dana ruiz"]);
        check("Officers arrested Leon Marsh on Friday.", &["leon marsh"]);
        check("the victim, Rosa Quintero, was", &["rosa quintero"]);
        check("Tessa Lund, who lived nearby,", &["tessa lund"]);
        check("Tessa Lund's family said", &[]);
    }

    #[test]
    fn places_before_verbs_are_no_people() {
        check("A man from West Garfield Park was charged.", &[]);
        check("a shooting in Des Moines, who police", &[]);
        check("Advocate Christ Medical Center was locked down.", &[]);
    }

    #[test]
    fn mentioned_names_read_every_run() {
        let got: Vec<String> = mentioned_names(
            "A vigil for Tessa Lund's family was held. Sgt. Andy Breidenich spoke at Oak Memorial Hospital.",
        )
        .into_iter()
        .map(|n| n.key)
        .collect();
        assert_eq!(got, ["tessa lund", "andy breidenich"]);
    }

    #[test]
    fn not_name_words_load() {
        let w = not_name_words();
        assert!(w.contains("sgt") && w.contains("hospital") && w.contains("monday"));
        assert!(!w.contains("jane") && !w.iter().any(|x| x.starts_with('#')));
    }

    #[test]
    fn ignores_officials_and_places() {
        check("Sgt. Andy Breidenich said the boy was 4.", &[]);
        check("in Gainesville, 35 people", &[]);
        check("Police Chief, 54, said", &[]);
        check("On Sunday, 12 people were shot", &[]);
        check("In Los Angeles, 3 people were shot", &[]);
        check(
            "Jane Doe, 24 of Flint, and John Roe, 30.",
            &["jane doe", "john roe"],
        );
    }
}
