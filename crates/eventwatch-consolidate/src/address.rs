//! Street addresses in report text ("the 5500 block of South Main Street", "820 Northwest
//! 4th Place"): a place finer than a town, and the strongest sign that two local reports
//! describe one incident (or two different ones) inside the same city.

use serde::{Deserialize, Serialize};

/// A street, with the house number or hundred-block when the text gives one; or, with
/// `person` set (and `street` empty), the name of a person the report ties to the event
/// (see [`crate::names`]), or, with `age` set, an age the report gives ([`crate::ages`]).
/// All are keys from the report's text that identify an incident; they travel together so
/// that a store keeping this list keeps them all.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct StreetAddress {
    /// Normalised street: lower-case name words and a normalised suffix (`main st`,
    /// `4th pl`), without the directional prefix. Empty for a person or an age (and then
    /// left out of the stored JSON, like the other empty fields).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub street: String,
    /// Directional prefix, normalised to `n`, `s`, `e`, `w`, `ne`, `nw`, `se`, `sw`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// The hundred-block: 5523 and "the 5500 block" both give 5500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<u32>,
    /// A person's name key (`antonio mason`) instead of a street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// With `person`: the report only mentions the name, in no victim/suspect frame
    /// ([`crate::names::mentioned_names`]). Such a name ties two reports only when the
    /// other report frames it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mentioned: bool,
    /// An age the report gives for a person of the event ([`crate::ages`]) instead of a
    /// street (`street` empty, `person` none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// A place name the report gives in a place frame ([`crate::places`]), lower-case,
    /// instead of a street (`street` empty, `person` and `age` none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

impl StreetAddress {
    /// Two addresses name the same street: same name and suffix, and no conflicting
    /// directional prefix (one side may omit it).
    pub fn same_street(&self, other: &StreetAddress) -> bool {
        self.is_street()
            && other.is_street()
            && self.street == other.street
            && match (&self.direction, &other.direction) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }

    /// Same street and same hundred-block (both known).
    pub fn same_block(&self, other: &StreetAddress) -> bool {
        self.same_street(other) && self.block.is_some() && self.block == other.block
    }
}

impl StreetAddress {
    /// The key of a person's name.
    pub fn person(key: &str) -> StreetAddress {
        StreetAddress {
            person: Some(key.to_string()),
            ..StreetAddress::default()
        }
    }

    /// An age the report gives for a person of the event.
    pub fn age(age: u8) -> StreetAddress {
        StreetAddress {
            age: Some(age),
            ..StreetAddress::default()
        }
    }

    /// A place name the report gives in a place frame.
    pub fn place(name: &str) -> StreetAddress {
        StreetAddress {
            place: Some(name.to_string()),
            ..StreetAddress::default()
        }
    }

    /// The key of a name the report mentions outside a victim/suspect frame.
    pub fn mentioned(key: &str) -> StreetAddress {
        StreetAddress {
            mentioned: true,
            ..StreetAddress::person(key)
        }
    }

    /// A street address, not a person or an age.
    pub fn is_street(&self) -> bool {
        self.person.is_none() && self.age.is_none() && self.place.is_none()
    }
}

impl std::fmt::Display for StreetAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(a) = self.age {
            return write!(f, "age {a}");
        }
        if let Some(p) = &self.place {
            return write!(f, "place {p}");
        }
        if let Some(p) = &self.person {
            if self.mentioned {
                return write!(f, "mentions {p}");
            }
            return write!(f, "person {p}");
        }
        if let Some(b) = self.block {
            write!(f, "{b} block of ")?;
        }
        if let Some(d) = &self.direction {
            write!(f, "{d} ")?;
        }
        f.write_str(&self.street)
    }
}

/// A street address found in a text, with its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundAddress {
    pub start: usize,
    pub end: usize,
    pub address: StreetAddress,
}

/// Street suffixes and their normal form. The second group is ambiguous on its own
/// ("Superior Court", "first place") and needs a house number or a direction.
const SUFFIXES: &[(&str, &str)] = &[
    ("street", "st"),
    ("st", "st"),
    ("avenue", "ave"),
    ("ave", "ave"),
    ("av", "ave"),
    ("road", "rd"),
    ("rd", "rd"),
    ("boulevard", "blvd"),
    ("blvd", "blvd"),
    ("drive", "dr"),
    ("lane", "ln"),
    ("ln", "ln"),
    ("parkway", "pkwy"),
    ("pkwy", "pkwy"),
    ("highway", "hwy"),
    ("hwy", "hwy"),
];
const WEAK_SUFFIXES: &[(&str, &str)] = &[
    ("dr", "dr"),
    ("court", "ct"),
    ("ct", "ct"),
    ("place", "pl"),
    ("pl", "pl"),
    ("way", "way"),
    ("terrace", "ter"),
    ("circle", "cir"),
    ("trail", "trl"),
];
const DIRECTIONS: &[(&str, &str)] = &[
    ("north", "n"),
    ("n", "n"),
    ("south", "s"),
    ("s", "s"),
    ("east", "e"),
    ("e", "e"),
    ("west", "w"),
    ("w", "w"),
    ("northeast", "ne"),
    ("ne", "ne"),
    ("northwest", "nw"),
    ("nw", "nw"),
    ("southeast", "se"),
    ("se", "se"),
    ("southwest", "sw"),
    ("sw", "sw"),
];
/// Capitalised words that end a street name when walking back from the suffix.
const STOP: &[&str] = &[
    "on", "of", "at", "in", "near", "the", "and", "from", "to", "by", "along", "off", "block", "a",
    "an", "into", "onto", "between", "police", "officers", "when", "after", "before",
];
const MAX_NAME_WORDS: usize = 4;

struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Tok {
                start: s,
                end: i,
                text: &text[s..i],
            });
        }
    }
    if let Some(s) = start {
        out.push(Tok {
            start: s,
            end: text.len(),
            text: &text[s..],
        });
    }
    out
}

/// Only spaces, or an abbreviation dot and spaces, between two tokens.
fn joined(text: &str, a: &Tok<'_>, b: &Tok<'_>) -> bool {
    let gap = text.get(a.end..b.start).unwrap_or("");
    let gap = gap.strip_prefix('.').unwrap_or(gap);
    !gap.is_empty() && gap.len() <= 3 && gap.chars().all(|c| c == ' ')
}

fn lookup(table: &[(&str, &'static str)], word: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|(_, n)| *n)
}

fn is_ordinal(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && matches!(
            w.get(digits..).map(str::to_ascii_lowercase).as_deref(),
            Some("st" | "nd" | "rd" | "th")
        )
}

fn is_name_word(w: &str) -> bool {
    is_ordinal(w) || w.chars().next().is_some_and(char::is_uppercase)
}

fn number(w: &str) -> Option<u32> {
    if w.len() > 6 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}

/// Every street address in `text`, in text order.
pub fn street_addresses(text: &str) -> Vec<FoundAddress> {
    let toks = tokens(text);
    let mut out = Vec::new();
    for (i, suffix_tok) in toks.iter().enumerate() {
        // A suffix is capitalised ("Main Street"): most words are ruled out before any
        // table lookup.
        if !suffix_tok
            .text
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        {
            continue;
        }
        let strong = lookup(SUFFIXES, suffix_tok.text);
        let weak = lookup(WEAK_SUFFIXES, suffix_tok.text);
        let Some(suffix) = strong.or(weak) else {
            continue;
        };
        // Walk back over the name words.
        let mut j = i;
        let mut name: Vec<&str> = Vec::new();
        let mut direction = None;
        while j > 0 && name.len() < MAX_NAME_WORDS {
            let (Some(prev), Some(cur)) = (toks.get(j - 1), toks.get(j)) else {
                break;
            };
            if !joined(text, prev, cur) || !is_name_word(prev.text) {
                break;
            }
            let lower = prev.text.to_ascii_lowercase();
            if STOP.contains(&lower.as_str()) {
                break;
            }
            if let Some(d) = lookup(DIRECTIONS, prev.text) {
                // "South Main Street": a direction before at least one name word.
                if !name.is_empty() {
                    direction = Some(d);
                    j -= 1;
                }
                break;
            }
            name.push(prev.text);
            j -= 1;
        }
        if name.is_empty() {
            continue;
        }
        name.reverse();
        // A number before: "5523 S Main St", "the 5500 block of Main St".
        let first = toks.get(j);
        let mut block = None;
        if let (Some(first), Some(j1)) = (first, j.checked_sub(1)) {
            let prev = toks.get(j1);
            if let Some(p) = prev.filter(|p| joined(text, p, first)) {
                if let Some(n) = number(p.text) {
                    block = Some(n / 100 * 100);
                } else if p.text.eq_ignore_ascii_case("of") && j1 >= 2 {
                    let blk = toks.get(j1 - 1);
                    let num = toks.get(j1 - 2);
                    if let (Some(b), Some(n)) = (blk, num) {
                        if b.text.eq_ignore_ascii_case("block") {
                            block = number(n.text).map(|n| n / 100 * 100);
                        }
                    }
                }
            }
        }
        if strong.is_none() && block.is_none() && direction.is_none() {
            continue;
        }
        let mut street = name
            .iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        street.push(' ');
        street.push_str(suffix);
        let start = first.map_or(suffix_tok.start, |t| t.start);
        out.push(FoundAddress {
            start,
            end: suffix_tok.end,
            address: StreetAddress {
                street,
                direction: direction.map(str::to_string),
                block,
                person: None,
                mentioned: false,
                age: None,
                place: None,
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_keys_leave_out_empty_fields_and_old_rows_still_read() {
        let person = StreetAddress::person("antonio mason");
        let json = serde_json::to_string(&person).unwrap();
        assert_eq!(json, r#"{"person":"antonio mason"}"#);
        assert_eq!(
            serde_json::from_str::<StreetAddress>(&json).unwrap(),
            person
        );
        // As stores written before kept them: every field spelt out.
        let old = r#"{"street":"","direction":null,"block":null,"person":"antonio mason"}"#;
        assert_eq!(serde_json::from_str::<StreetAddress>(old).unwrap(), person);
    }

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<String> = street_addresses(text)
            .iter()
            .map(|a| a.address.to_string())
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn reads_common_forms() {
        check(
            "shot in the 5500 block of South Main Street on Tuesday",
            &["5500 block of s main st"],
        );
        check(
            "opened fire into a home on Northwest 4th Place in Gainesville",
            &["nw 4th pl"],
        );
        check("at 820 Northwest 4th Place.", &["800 block of nw 4th pl"]);
        check(
            "near the intersection of Elm Ave. and Grand Boulevard",
            &["elm ave", "grand blvd"],
        );
        check("3100 W. Roosevelt Rd", &["3100 block of w roosevelt rd"]);
    }

    #[test]
    fn ignores_lookalikes() {
        check("in St. Louis and East St. Louis", &[]);
        check("said Dr. Smith at Superior Court", &[]);
        check("the main street was quiet", &[]);
        check("He took first Place", &[]);
    }
}
