//! Names of the people a report ties to an incident ("Antonio Mason, 35,", "a 24-year-old
//! Jane Doe", "identified the victim as John Q. Public"): with street addresses, what
//! tells two shootings in one city apart, and what ties a follow-up report weeks later to
//! the first one.
//!
//! Only names in a victim/suspect frame are read: followed by an age, preceded by an age
//! ("24-year-old"), or after "identified ... as" / "named". Officials quoted by name
//! ("Sgt. Andy Breidenich said") are in no such frame, and would tie different incidents
//! of one city together.

/// A person's name found in a text, with its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundName {
    pub start: usize,
    pub end: usize,
    /// First and last name, lower-case, without middle initials or suffixes:
    /// `antonio mason`.
    pub key: String,
}

/// Words that start a capitalised run but are not a first name (titles, ranks, sentence
/// openers); leading ones are dropped from a name.
const NOT_NAME: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "but",
    "or",
    "of",
    "in",
    "on",
    "at",
    "as",
    "by",
    "for",
    "to",
    "he",
    "she",
    "his",
    "her",
    "they",
    "when",
    "after",
    "officer",
    "officers",
    "sgt",
    "sergeant",
    "lt",
    "lieutenant",
    "capt",
    "captain",
    "chief",
    "det",
    "detective",
    "sheriff",
    "deputy",
    "mayor",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "judge",
    "gov",
    "governor",
    "sen",
    "rep",
    "rev",
    "pastor",
    "trooper",
    "agent",
    "cpl",
    "corporal",
    "victim",
    "suspect",
    "police",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
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
}

/// The key of a run of name words, or `None` when it is not a first and last name.
fn key_of(words: &[&str]) -> Option<String> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut ws: Vec<&str> = lower.iter().map(String::as_str).collect();
    while ws.first().is_some_and(|w| NOT_NAME.contains(w)) {
        ws.remove(0);
    }
    let ws: Vec<&str> = ws
        .into_iter()
        .filter(|w| w.chars().count() > 1 && !SUFFIXES.contains(w))
        .collect();
    if ws.len() < 2 || ws.iter().any(|w| NOT_NAME.contains(w)) {
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
    let toks = tokens(text);
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
                push(back(text, &toks, k), k);
            }
        }
        // "24-year-old Jane Doe".
        if lower.ends_with("-year-old") && age(lower.trim_end_matches("-year-old")).is_some() {
            if let Some(next) = toks.get(k + 1) {
                if gap(text, t, next) == " " {
                    push(k + 1, forward(text, &toks, k + 1));
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
                    push(k + 1, forward(text, &toks, k + 1));
                }
            }
        }
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
