//! Lossless sentence and token segmentation for news text.
//!
//! [`sentences`] returns spans that tile the text exactly: concatenating them gives the
//! text back, each sentence keeps its trailing whitespace. [`tokens`] returns the
//! non-space tokens of a span; the gaps between them are whitespace only.
//! [`dateline`] finds a wire-service dateline ("BAGHDAD (Reuters) -").
//!
//! Boundaries follow these rules, in order:
//! 1. a blank line always ends a sentence; a single line break ends one unless the next
//!    line starts with a lowercase letter (a wrapped line);
//! 2. `.`, `!`, `?` (and `…`), possibly followed by closing quotes or brackets, then
//!    whitespace, end a sentence when the next word can start one (uppercase, digit,
//!    opening quote or bracket);
//! 3. not after a title abbreviation ("Gen."), an initial ("J. R. Smith"), a month
//!    abbreviation before a number ("Sept. 11"), nor after another abbreviation ("U.S.",
//!    "Inc.") unless the next word is a common sentence opener ("The", "He", ...);
//! 4. a period glued to the next sentence in scraped text ("abandoned.No one was hurt")
//!    ends a sentence when a lower-case word precedes it and a capitalised word follows.

use crate::Span;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AbbrevKind {
    Title,
    Month,
    Other,
}

fn abbreviations() -> &'static HashMap<&'static str, AbbrevKind> {
    static TABLE: OnceLock<HashMap<&'static str, AbbrevKind>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for line in include_str!("../data/abbreviations.txt").lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, word) = match line.split_once('\t') {
                Some(("title", w)) => (AbbrevKind::Title, w),
                Some(("month", w)) => (AbbrevKind::Month, w),
                Some((_, w)) => (AbbrevKind::Other, w),
                None => (AbbrevKind::Other, line),
            };
            map.insert(word, kind);
        }
        map
    })
}

/// Words that, capitalised after an ambiguous abbreviation, signal a new sentence.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "His",
    "Her",
    "Its",
    "Their",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "But",
    "And",
    "In",
    "On",
    "At",
    "As",
    "After",
    "Before",
    "When",
    "While",
    "Meanwhile",
    "However",
    "Officials",
    "Police",
    "Some",
    "Many",
    "According",
    "Earlier",
    "Later",
    "Last",
    "On",
    "Since",
    "Security",
    "Both",
    "Two",
    "Three",
    "No",
    "One",
    "Now",
    "Still",
    "Yet",
    "So",
    "If",
    "Witnesses",
];

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«')
}

/// Sentence spans tiling `text` exactly (see the module docs for the rules).
pub fn sentences(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < text.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let clen = c.len_utf8();
        if c == '\n' {
            // Swallow the whole run of whitespace after the line break.
            let mut j = i + 1;
            let mut blank = false;
            while j < text.len() {
                let b = bytes[j];
                if b == b'\n' {
                    blank = true;
                } else if !(b == b' ' || b == b'\t' || b == b'\r') {
                    break;
                }
                j += 1;
            }
            let next = text[j..].chars().next();
            let wrapped = !blank && next.is_some_and(|n| n.is_lowercase());
            if !wrapped && !text[start..i].trim().is_empty() {
                out.push(Span::new(start, j));
                start = j;
            }
            i = j;
            continue;
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + clen;
            // Runs of terminal punctuation ("?!", "...") and closing quotes/brackets.
            while let Some(n) = text[j..].chars().next() {
                if matches!(n, '.' | '!' | '?' | '…') || is_closer(n) {
                    j += n.len_utf8();
                } else {
                    break;
                }
            }
            // Must be followed by horizontal whitespace (line breaks are handled above).
            let mut k = j;
            while k < text.len() && (bytes[k] == b' ' || bytes[k] == b'\t' || bytes[k] == b'\r') {
                k += 1;
            }
            if k == j && c == '.' && glued(text, start, i, j) {
                // "found the car abandoned.No one was hurt": a period with no space after
                // it between a lower-case word and a capitalised one (scraped text).
                out.push(Span::new(start, j));
                start = j;
                i = j;
                continue;
            }
            if k == j || k >= text.len() || bytes[k] == b'\n' {
                i = j.max(i + clen);
                continue;
            }
            if ends_sentence(text, start, i, c, &text[k..]) {
                out.push(Span::new(start, k));
                start = k;
            }
            i = k;
            continue;
        }
        i += clen;
    }
    if start < text.len() {
        // Trailing whitespace-only text joins the previous sentence.
        if text[start..].trim().is_empty() {
            if let Some(last) = out.last_mut() {
                last.end = text.len() as u32;
            } else {
                out.push(Span::new(start, text.len()));
            }
        } else {
            out.push(Span::new(start, text.len()));
        }
    }
    out
}

/// Whether the period at byte `at` (its run ending at `after`) glues two sentences
/// without a space: a lower-case word of two or more letters before it, a capitalised word
/// with a lower-case second letter right after it ("abandoned.No one", "said.The").
fn glued(text: &str, sent_start: usize, at: usize, after: usize) -> bool {
    if after != at + 1 {
        return false;
    }
    let word = text[sent_start..at]
        .rsplit(|ch: char| !ch.is_alphabetic())
        .next()
        .unwrap_or("");
    let before_ok = word.chars().count() >= 2
        && word.chars().all(|ch| ch.is_lowercase())
        && !text[sent_start..at]
            .strip_suffix(word)
            .is_some_and(|b| b.ends_with('.') || b.ends_with('@') || b.ends_with('/'));
    let mut next = text[after..].chars();
    let after_ok =
        next.next().is_some_and(char::is_uppercase) && next.next().is_some_and(char::is_lowercase);
    before_ok && after_ok
}

/// Decides whether the terminal mark `mark` at byte `at` ends the sentence begun at
/// `sent_start`, given the text that follows the whitespace.
fn ends_sentence(text: &str, sent_start: usize, at: usize, mark: char, rest: &str) -> bool {
    let Some(next) = rest.chars().next() else {
        return true;
    };
    let next_word: &str = rest
        .split(|ch: char| !ch.is_alphanumeric() && ch != '\'')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let starts_ok = next.is_uppercase() || next.is_ascii_digit() || is_opener(next) || next == '—';
    if !starts_ok {
        return false;
    }
    if mark != '.' {
        return true;
    }
    // The word before the period.
    let before = &text[sent_start..at];
    let word = before
        .rsplit(|ch: char| ch.is_whitespace() || ch == '(' || ch == '"' || ch == '“')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return true;
    }
    let is_opener_word = OPENERS.contains(&next_word);
    // Single initial: "J. R. Smith", "George W. Bush".
    let mut wchars = word.chars();
    if let (Some(first), None) = (wchars.next(), wchars.next()) {
        if first.is_uppercase() {
            return false;
        }
    }
    // Multi-period abbreviations by shape: "U.S", "U.N", "a.m", "p.m".
    if word.contains('.')
        && word
            .split('.')
            .all(|p| p.chars().count() <= 2 && !p.is_empty())
    {
        return is_opener_word;
    }
    match abbreviations().get(word) {
        Some(AbbrevKind::Title) => false,
        Some(AbbrevKind::Month) => !next.is_ascii_digit() && is_opener_word,
        // A dash after an abbreviation is a dateline's ("ST. PAUL, Minn. — Two men ...").
        Some(AbbrevKind::Other) => is_opener_word && !matches!(next, '—' | '–' | '-'),
        None => true,
    }
}

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes, hyphens, periods or digits ("al-Sadr",
    /// "U.S.", "Shi'ite", "26-year-old").
    Word,
    /// Digits with inner separators ("1,200", "3.5", "11/28/2019").
    Number,
    /// Any other single character.
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// The tokens of `text[within]`, with spans in the coordinates of `text`.
pub fn tokens(text: &str, within: Span) -> Vec<Token> {
    let base = within.start as usize;
    let s = &text[within.range()];
    // News prose averages a little under six bytes a token; sizing once saves regrowth.
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            let mut has_alpha = c.is_alphabetic();
            while let Some(&(j, n)) = iter.peek() {
                if n.is_alphanumeric() {
                    has_alpha |= n.is_alphabetic();
                    end = j + n.len_utf8();
                    iter.next();
                    continue;
                }
                // Inner joiners: keep going when followed by an alphanumeric.
                if matches!(n, '\'' | '’' | '-' | '.' | ',' | '/' | ':') {
                    let after = s[j + n.len_utf8()..].chars().next();
                    let joins = match n {
                        ',' | ':' | '/' => !has_alpha && after.is_some_and(|a| a.is_ascii_digit()),
                        '.' => after.is_some_and(|a| a.is_alphanumeric()),
                        _ => after.is_some_and(|a| a.is_alphanumeric()),
                    };
                    if joins {
                        end = j + n.len_utf8();
                        iter.next();
                        continue;
                    }
                    // "U.S." keeps its final period when the word is made of single letters.
                    if n == '.' && has_alpha && s[i..end].contains('.') && !s[i..end].ends_with('.')
                    {
                        end = j + 1;
                        iter.next();
                        continue;
                    }
                }
                break;
            }
            let kind = if has_alpha {
                TokenKind::Word
            } else {
                TokenKind::Number
            };
            out.push(Token {
                span: Span::new(base + i, base + end),
                kind,
            });
        } else {
            out.push(Token {
                span: Span::new(base + i, base + i + c.len_utf8()),
                kind: TokenKind::Punct,
            });
        }
    }
    out
}

/// A wire-service dateline at the start of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dateline {
    /// The whole dateline including the dash and the space after it.
    pub span: Span,
    /// The place name ("BAGHDAD", "NEW YORK").
    pub place: Span,
}

/// Finds a dateline such as `BAGHDAD (Reuters) - `, `NAJAF, Iraq, Nov. 28 (AP) — ` or
/// `KABUL, Afghanistan — ` at the start of `text` (after leading whitespace).
pub fn dateline(text: &str) -> Option<Dateline> {
    let lead = text.len() - text.trim_start().len();
    let head_end = text[lead..]
        .char_indices()
        .take(120)
        .find(|&(_, c)| c == '\n')
        .map_or_else(|| text.len().min(lead + 160), |(i, _)| lead + i);
    let head = &text[lead..floor_boundary(text, head_end)];
    // The place: a run of upper-case words.
    let mut place_end = 0;
    for (i, c) in head.char_indices() {
        if c.is_uppercase() || c == ' ' || c == '.' || c == '\'' || c == '-' && i > 0 {
            place_end = i + c.len_utf8();
        } else {
            break;
        }
    }
    let place = head[..place_end].trim_end_matches([' ', '-']);
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 {
        return None;
    }
    // The dash that ends the dateline must come soon, after optional ", Country, Date (Agency)".
    let rest = &head[place.len()..];
    let dash = rest.char_indices().take(80).find(|&(i, c)| {
        (c == '—' || c == '–' || c == '-')
            && rest[..i].ends_with(' ')
            && rest[i + c.len_utf8()..].starts_with(' ')
    })?;
    let between = &rest[..dash.0];
    if between.contains(". ") && !between.contains('(') && between.len() > 40 {
        return None;
    }
    let end = lead + place.len() + dash.0 + dash.1.len_utf8() + 1;
    Some(Dateline {
        span: Span::new(lead, end),
        place: Span::new(lead, lead + place.len()),
    })
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| text[s.range()].trim_end())
            .collect()
    }

    #[test]
    fn abbreviations_initials_and_titles() {
        assert_eq!(
            split(
                "Gen. David Petraeus met U.S. officials on Sept. 11. J. R. Smith said so. The end."
            ),
            vec![
                "Gen. David Petraeus met U.S. officials on Sept. 11.",
                "J. R. Smith said so.",
                "The end."
            ]
        );
    }

    #[test]
    fn all_caps_place_abbreviations_in_datelines() {
        assert_eq!(
            split(
                "ST. PAUL, Minn. — Two men were shot. A Peoria, Ill., man was hurt. \
                 Police went to Wichita, Kan. The suspect fled."
            ),
            vec![
                "ST. PAUL, Minn. — Two men were shot.",
                "A Peoria, Ill., man was hurt.",
                "Police went to Wichita, Kan.",
                "The suspect fled."
            ]
        );
    }

    #[test]
    fn a_period_glued_to_the_next_sentence_ends_it() {
        assert_eq!(
            split("Police found the car abandoned.No one was hurt, police said.The man fled."),
            vec![
                "Police found the car abandoned.",
                "No one was hurt, police said.",
                "The man fled."
            ]
        );
        // Not inside names, abbreviations, addresses or file names.
        for text in [
            "He works for Example.Com and lives in the U.S.Army base.",
            "See www.cnn.Com for more; the 2 a.m.Shooting was on St.Paul Street.",
            "The photo file was IMG.Jpeg in the folder.",
        ] {
            assert_eq!(split(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn abbreviation_at_sentence_end() {
        assert_eq!(
            split("Troops returned to the U.S. The war ended."),
            vec!["Troops returned to the U.S.", "The war ended."]
        );
    }

    #[test]
    fn quotes_and_lowercase_continuation() {
        assert_eq!(
            split("\"We will not leave.\" the man said. \"Never!\" He left."),
            vec![
                "\"We will not leave.\" the man said.",
                "\"Never!\"",
                "He left."
            ]
        );
    }

    #[test]
    fn paragraphs_and_wrapped_lines() {
        assert_eq!(
            split("Headline here\nBody starts and\ncontinues here. Next one.\n\nNew para"),
            vec![
                "Headline here",
                "Body starts and\ncontinues here.",
                "Next one.",
                "New para"
            ]
        );
    }

    #[test]
    fn dateline_forms() {
        let t = "BAGHDAD (Reuters) - Iraqi forces fired.";
        let d = dateline(t).unwrap();
        assert_eq!(&t[d.place.range()], "BAGHDAD");
        assert_eq!(&t[d.span.range()], "BAGHDAD (Reuters) - ");
        let t = "NAJAF, Iraq, Nov. 28 (AP) — Protesters marched.";
        let d = dateline(t).unwrap();
        assert_eq!(&t[d.place.range()], "NAJAF");
        assert_eq!(&t[d.span.end as usize..], "Protesters marched.");
        assert!(dateline("Around 45 protesters in Iraq - reportedly").is_none());
        assert!(dateline("The protests - which began").is_none());
    }

    #[test]
    fn tokens_keep_news_words_whole() {
        let t = "At least 1,200 U.S.-based al-Sadr's 26-year-old troops, (3.5 km).";
        let toks: Vec<&str> = tokens(t, Span::new(0, t.len()))
            .iter()
            .map(|k| &t[k.span.range()])
            .collect();
        assert_eq!(
            toks,
            vec![
                "At",
                "least",
                "1,200",
                "U.S.-based",
                "al-Sadr's",
                "26-year-old",
                "troops",
                ",",
                "(",
                "3.5",
                "km",
                ")",
                "."
            ]
        );
    }
}
