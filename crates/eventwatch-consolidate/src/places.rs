//! Place names a report gives in a place frame ("shot in Antioch", "near Lake Placid",
//! "Louisville police said", a dateline "HESSTON, Kan."): when the geocoder put one report
//! of a shooting in a namesake or a neighbouring town, the other report usually still names
//! the town the first was placed in. Only the names are kept (lower-case); the
//! consolidator compares them with the other report's place name, never geocodes them.

/// A place name found in a text, with its byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundPlace {
    pub start: usize,
    /// Lower-case name words joined by one space (`lake placid`).
    pub name: String,
}

/// Words before a place name: prepositions of place.
const BEFORE: &[&str] = &[
    "in", "near", "at", "from", "outside", "of", "In", "Near", "At", "From", "Outside",
];
/// Words after a place name that make it one: the town's police or area, a resident.
const AFTER: &[&str] = &[
    "police",
    "Police",
    "area",
    "man",
    "woman",
    "teen",
    "resident",
    "residents",
    "home",
];

/// Longest run of capitalised words read as one place name.
const MAX_WORDS: usize = 3;

/// A word of a place name: a capital letter first, then letters, apostrophes or hyphens
/// (`Coeur`, `D'Iberville`, `Winston-Salem`).
fn capitalised(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase)
        && w.len() > 1
        && cs.all(|c| c.is_alphabetic() || c == '\'' || c == '’' || c == '-' || c == '.')
}

/// The words of a text with their byte offsets, punctuation trimmed off each end; the
/// flag tells whether punctuation (a comma, a period) followed the word.
fn words(text: &str) -> Vec<(usize, &str, bool)> {
    let base = text.as_ptr() as usize;
    text.split(|c: char| c.is_ascii_whitespace() || c == '\u{a0}')
        .filter(|raw| !raw.is_empty())
        .filter_map(|raw| {
            let start = raw.as_ptr() as usize - base;
            let w = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
            let lead = raw.len() - w.len();
            let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            (!w.is_empty()).then(|| (start + lead, w, raw.len() > lead + w.len()))
        })
        .collect()
}

/// Every place name the text gives in a place frame: a run of one to three capitalised
/// words after a preposition of place ("in Antioch", "near Lake Placid"; a leading "the"
/// is skipped), before a word that makes it a place ("Louisville police", "a Nashville
/// man"), or at the start of the text (a dateline, "HESSTON, Kan. —", read in any case).
/// A run ends at punctuation.
pub fn place_names(text: &str) -> Vec<FoundPlace> {
    let ws = words(text);
    let mut out: Vec<FoundPlace> = Vec::new();
    let run_from = |k: usize| -> Vec<usize> {
        let mut run = Vec::new();
        let mut j = k;
        while let Some(&(_, w, punct)) = ws.get(j) {
            if !capitalised(w) || run.len() == MAX_WORDS {
                break;
            }
            run.push(j);
            if punct {
                break;
            }
            j += 1;
        }
        run
    };
    let push = |out: &mut Vec<FoundPlace>, run: &[usize]| {
        let (Some(&first), false) = (run.first(), run.is_empty()) else {
            return;
        };
        let name: Vec<String> = run
            .iter()
            .filter_map(|&j| ws.get(j).map(|(_, w, _)| w.to_lowercase()))
            .collect();
        // A lone word that is never a name ("on Friday", "in The", "at Police") is no place.
        if let [w] = name.as_slice() {
            if crate::names::not_name_words().contains(w) {
                return;
            }
        }
        if let Some(&(start, _, _)) = ws.get(first) {
            out.push(FoundPlace {
                start,
                name: name.join(" "),
            });
        }
    };
    for (k, &(_, w, punct)) in ws.iter().enumerate() {
        let first = w.as_bytes().first().copied().unwrap_or(0);
        if !first.is_ascii_alphabetic() {
            continue;
        }
        if BEFORE.contains(&w) && !punct {
            let k1 = match ws.get(k + 1) {
                Some(&(_, "the" | "The", false)) => k + 2,
                _ => k + 1,
            };
            push(&mut out, &run_from(k1));
        }
        if AFTER.contains(&w) && k > 0 {
            // The capitalised run ending just before this word.
            let mut run = Vec::new();
            let mut j = k;
            while j > 0 && run.len() < MAX_WORDS {
                let Some(&(_, pw, pp)) = ws.get(j - 1) else {
                    break;
                };
                if !capitalised(pw) || pp {
                    break;
                }
                run.insert(0, j - 1);
                j -= 1;
            }
            push(&mut out, &run);
        }
    }
    // A dateline: the text's first words up to a comma or dash, in capitals or not.
    let head: Vec<usize> = ws
        .iter()
        .take(MAX_WORDS)
        .enumerate()
        .take_while(|(_, (_, w, _))| w.chars().next().is_some_and(char::is_uppercase))
        .map(|(j, _)| j)
        .collect();
    if let Some(end) = head.iter().position(|&j| ws.get(j).is_some_and(|x| x.2)) {
        let after = ws.get(end).map(|x| x.0 + x.1.len());
        let sep = after
            .and_then(|a| text.get(a..))
            .and_then(|s| s.chars().next());
        if matches!(sep, Some(',' | '-' | '—' | '–' | '(')) {
            push(&mut out, &head[..=end]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let mut v: Vec<String> = place_names(text).into_iter().map(|p| p.name).collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn after_a_preposition_of_place() {
        let t = "A man was shot in Antioch on Friday. Deputies found him near Lake Placid.";
        assert_eq!(names(t), vec!["antioch", "lake placid"]);
    }

    #[test]
    fn before_a_place_word() {
        let t = "Louisville police said a Nashville man was hurt.";
        assert_eq!(names(t), vec!["louisville", "nashville"]);
    }

    #[test]
    fn a_dateline_in_capitals() {
        let t = "HESSTON, Kan. — Three people died at a plant on Thursday.";
        assert_eq!(names(t), vec!["hesston"]);
    }

    #[test]
    fn a_run_ends_at_punctuation_and_after_three_words() {
        let t = "The shooting happened in Avon Park, police said, at The Big Old Red Barn.";
        assert_eq!(names(t), vec!["avon park", "big old red"]);
    }

    #[test]
    fn lower_case_words_and_lone_calendar_words_are_no_place() {
        assert!(names("He was shot in the back at home.").is_empty());
        assert!(names("It happened in January, at Police headquarters.").is_empty());
        assert_eq!(names("It happened in January in Dover."), vec!["dover"]);
    }
}
