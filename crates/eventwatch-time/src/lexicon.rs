//! The word lists in `data/`, parsed once into lookup tables.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: a fast hash for the short keys of these tables (no untrusted-key DoS concern:
/// the keys are compiled in, lookups only read).
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type Set<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// Words that may begin a time expression besides the lexicon entries: determiners and
/// modifiers the rules in `tag.rs` look at first. Keep in step with the rules (a test
/// compares tagging with and without this filter).
const STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "last",
    "next",
    "past",
    "coming",
    "previous",
    "current",
    "latest",
    "same",
    "fiscal",
    "every",
    "each",
    "per",
    "noon",
    "midday",
    "midnight",
    "early",
    "late",
    "mid",
    "about",
    "around",
    "almost",
    "nearly",
    "approximately",
    "roughly",
    "some",
    "more",
    "less",
    "at",
    "up",
    "first",
    "final",
    "following",
    "recent",
    "ensuing",
    "remaining",
    "'",
    "earlier",
    "later",
];
/// A relative word or phrase from `data/relative.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Relative {
    /// A fixed reference value (`PRESENT_REF`).
    Ref(&'static str),
    /// A day offset from the document date, with an optional part-of-day code.
    Day(i64, Option<&'static str>),
}

/// How a named day ([`Lexicon::holidays`], `data/holidays.tsv`) falls in a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holiday {
    /// Month and day.
    Fixed(i8, i8),
    /// Month, weekday (Monday = 1) and which one (1 = the first).
    Nth(i8, i8, i8),
    /// Month and weekday: the last one.
    Last(i8, i8),
    /// Days from Western Easter Sunday.
    Easter(i8),
}

/// All lexicons.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub months: Map<&'static str, i8>,
    pub weekdays: Map<&'static str, i8>,
    /// `None` for vague amounts ("several").
    pub numbers: Map<&'static str, Option<u32>>,
    pub units: Map<&'static str, &'static str>,
    pub parts_of_day: Map<&'static str, &'static str>,
    /// Season code and first month.
    pub seasons: Map<&'static str, (&'static str, i8)>,
    /// Phrases as token sequences, longest first.
    pub relative: Vec<(Vec<&'static str>, Relative)>,
    /// Indexes into `relative` by first word, longest phrase first.
    pub relative_by_first: Map<&'static str, Vec<usize>>,
    pub sets: Map<&'static str, &'static str>,
    pub ordinals: Map<&'static str, u32>,
    /// Named days as token sequences, longest first, with whether they need a part of the
    /// day after them.
    pub holidays: Vec<(Vec<&'static str>, Holiday, bool)>,
    /// Words that put a clause in the future.
    pub future: Set<&'static str>,
    /// Words that make a date next to them the day of a later step of the story ("investigators
    /// on Sunday named", "arraigned Tuesday").
    pub later_acts: Set<&'static str>,
    /// Words that make a date a few words after them the time a state still held
    /// ("remained in a coma Saturday", "was still at large Monday").
    pub states: Set<&'static str>,
    /// First-pass flags of the words that matter ([`Lexicon::flags`]): [`STARTS`], [`CORE`].
    pub flags: Map<&'static str, u8>,
    /// The longest word in `flags`, in bytes.
    pub longest: usize,
    /// A one-hash Bloom filter over the words of `flags` ([`sketch`]): most words of a
    /// text miss it and skip the hash lookup.
    pub bloom: Vec<u64>,
    /// The same over the [`CORE`] words only, for [`Lexicon::may_hold_timex`].
    pub core_bloom: Vec<u64>,
}

/// Words besides the lexicon entries that a time expression may hinge on ([`CORE`]).
const CORE_WORDS: &[&str] = &[
    "half", "weekend", "noon", "midday", "midnight", "ago", "period",
];

/// The size of [`Lexicon::bloom`].
const BLOOM_BITS: usize = 1 << 16;

/// The Bloom filter bit of a word: from its length and first, second and last bytes.
fn sketch(w: &str) -> usize {
    sketch_bytes(w.as_bytes())
}

/// [`sketch`] of the lower case of ASCII bytes, without lowercasing them all.
fn sketch_bytes(b: &[u8]) -> usize {
    let at = |k: usize| u32::from(b.get(k).map_or(0, u8::to_ascii_lowercase));
    let h = (at(0) << 16) ^ (at(1) << 8) ^ at(b.len().saturating_sub(1)) ^ ((b.len() as u32) << 24);
    (h.wrapping_mul(0x9E37_79B1) >> 16) as usize % BLOOM_BITS
}

/// Flag: the word may begin a time expression.
pub(crate) const STARTS: u8 = 1;
/// Flag: a word no time expression is without — a digit, a month, weekday, unit, season,
/// part of the day, set or relative word. A modifier ("the", "about", "two") starts an
/// expression only with such a word close after it.
pub(crate) const CORE: u8 = 2;

impl Lexicon {
    /// The first-pass flags of a token (lower case): [`STARTS`] and [`CORE`]. They keep the
    /// rules off most tokens and sentences. Digits are both.
    pub fn flags(&self, low: &str) -> u8 {
        match low.as_bytes().first() {
            None => 0,
            Some(b) if b.is_ascii_digit() => STARTS | CORE,
            Some(_) if low.len() > self.longest + 1 => 0,
            Some(_) => {
                if self.maybe(low) {
                    if let Some(&f) = self.flags.get(low) {
                        return f;
                    }
                }
                // Plural weekdays ("Tuesdays"): a set.
                match low.strip_suffix('s') {
                    Some(w) if self.maybe(w) && self.weekdays.contains_key(w) => STARTS | CORE,
                    _ => 0,
                }
            }
        }
    }

    /// Whether `w` may be in `flags` (no false negatives).
    fn maybe(&self, w: &str) -> bool {
        let bit = sketch(w);
        self.bloom
            .get(bit / 64)
            .is_some_and(|b| b & (1 << (bit % 64)) != 0)
    }

    /// Whether a sentence may hold a time expression: a word of it is [`CORE`]. A light
    /// scan over runs of ASCII letters and digits, without tokenizing.
    pub fn may_hold_timex(&self, sentence: &str) -> bool {
        let mut buf = [0u8; 24];
        for run in sentence
            .as_bytes()
            .split(|b| !b.is_ascii_alphanumeric())
            .filter(|r| !r.is_empty())
        {
            if run.first().is_some_and(u8::is_ascii_digit) {
                return true;
            }
            // Most words are no CORE word, nor a weekday plural ("Tuesdays"): the filter
            // says so from four bytes.
            let core_bit = |b: &[u8]| {
                let bit = sketch_bytes(b);
                self.core_bloom
                    .get(bit / 64)
                    .is_some_and(|w| w & (1 << (bit % 64)) != 0)
            };
            let plural = run
                .strip_suffix(b"s")
                .or_else(|| run.strip_suffix(b"S"))
                .is_some_and(|w| !w.is_empty() && core_bit(w));
            if run.len() > self.longest + 1 || !(core_bit(run) || plural) {
                continue;
            }
            let Some(slot) = buf.get_mut(..run.len()) else {
                continue;
            };
            for (d, s) in slot.iter_mut().zip(run) {
                *d = s.to_ascii_lowercase();
            }
            if std::str::from_utf8(slot).is_ok_and(|w| self.flags(w) & CORE != 0) {
                return true;
            }
        }
        false
    }
}

/// The rows of a tab-separated data file, without comments and blank lines.
fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn pairs<T>(data: &'static str, parse: impl Fn(&'static str) -> Option<T>) -> Map<&'static str, T> {
    rows(data)
        .filter_map(|r| Some((*r.first()?, parse(r.get(1)?)?)))
        .collect()
}

pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut relative: Vec<(Vec<&'static str>, Relative)> =
            rows(include_str!("../data/relative.tsv"))
                .filter_map(|r| {
                    let words: Vec<&'static str> = r.first()?.split(' ').collect();
                    let rel = match *r.get(1)? {
                        "ref" => Relative::Ref(r.get(2)?),
                        "day" => Relative::Day(r.get(2)?.parse().ok()?, r.get(3).copied()),
                        _ => return None,
                    };
                    Some((words, rel))
                })
                .collect();
        relative.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let mut relative_by_first: Map<&'static str, Vec<usize>> = Map::default();
        for (k, (words, _)) in relative.iter().enumerate() {
            if let Some(first) = words.first() {
                relative_by_first.entry(first).or_default().push(k);
            }
        }
        let mut holidays: Vec<(Vec<&'static str>, Holiday, bool)> =
            rows(include_str!("../data/holidays.tsv"))
                .filter_map(|r| {
                    let words: Vec<&'static str> = r.first()?.split(' ').collect();
                    let num = |k: usize| r.get(k).and_then(|v| v.parse::<i8>().ok());
                    let (h, next) = match *r.get(1)? {
                        "fixed" => (Holiday::Fixed(num(2)?, num(3)?), 4),
                        "nth" => (Holiday::Nth(num(2)?, num(3)?, num(4)?), 5),
                        "last" => (Holiday::Last(num(2)?, num(3)?), 4),
                        "easter" => (Holiday::Easter(num(2)?), 3),
                        _ => return None,
                    };
                    Some((words, h, r.get(next) == Some(&"part")))
                })
                .collect();
        holidays.sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
        let mut lex = Lexicon {
            months: pairs(include_str!("../data/months.tsv"), |v| v.parse().ok()),
            weekdays: pairs(include_str!("../data/weekdays.tsv"), |v| v.parse().ok()),
            numbers: pairs(include_str!("../data/numbers.tsv"), |v| {
                if v == "X" {
                    Some(None)
                } else {
                    v.parse().ok().map(Some)
                }
            }),
            units: pairs(include_str!("../data/units.tsv"), Some),
            parts_of_day: pairs(include_str!("../data/parts_of_day.tsv"), Some),
            seasons: rows(include_str!("../data/seasons.tsv"))
                .filter_map(|r| Some((*r.first()?, (*r.get(1)?, r.get(2)?.parse().ok()?))))
                .collect(),
            relative,
            holidays,
            sets: pairs(include_str!("../data/sets.tsv"), Some),
            ordinals: pairs(include_str!("../data/ordinals.tsv"), |v| v.parse().ok()),
            future: rows(include_str!("../data/future_words.txt"))
                .filter_map(|r| r.first().copied())
                .collect(),
            later_acts: rows(include_str!("../data/later_acts.txt"))
                .filter_map(|r| r.first().copied())
                .collect(),
            states: rows(include_str!("../data/states.txt"))
                .filter_map(|r| r.first().copied())
                .collect(),
            relative_by_first,
            flags: Map::default(),
            longest: 0,
            bloom: Vec::new(),
            core_bloom: Vec::new(),
        };
        let mut flags: Map<&'static str, u8> = Map::default();
        let starters = STARTERS
            .iter()
            .chain(lex.months.keys())
            .chain(lex.weekdays.keys())
            .chain(lex.numbers.keys())
            .chain(lex.units.keys())
            .chain(lex.seasons.keys())
            .chain(lex.sets.keys())
            .chain(lex.ordinals.keys())
            .chain(lex.relative_by_first.keys())
            .chain(lex.holidays.iter().filter_map(|(w, _, _)| w.first()));
        for w in starters {
            *flags.entry(w).or_default() |= STARTS;
        }
        let relative_last = lex.relative.iter().filter_map(|(w, _)| w.last());
        let core = CORE_WORDS
            .iter()
            .chain(lex.months.keys())
            .chain(lex.weekdays.keys())
            .chain(lex.units.keys())
            .chain(lex.seasons.keys())
            .chain(lex.sets.keys())
            .chain(lex.parts_of_day.keys())
            .chain(relative_last)
            .chain(
                lex.holidays
                    .iter()
                    .flat_map(|(w, _, _)| w.iter())
                    .filter(|w| {
                        // The distinctive words of a named day, not "day", "of" or "'s".
                        w.len() > 3 && !["year", "years", "sunday", "friday", "july"].contains(w)
                    }),
            );
        for w in core {
            *flags.entry(w).or_default() |= CORE;
        }
        lex.longest = flags.keys().map(|w| w.len()).max().unwrap_or(0);
        lex.bloom = vec![0; BLOOM_BITS / 64];
        lex.core_bloom = vec![0; BLOOM_BITS / 64];
        for (w, f) in &flags {
            let bit = sketch(w);
            if let Some(b) = lex.bloom.get_mut(bit / 64) {
                *b |= 1 << (bit % 64);
            }
            if f & CORE != 0 {
                if let Some(b) = lex.core_bloom.get_mut(bit / 64) {
                    *b |= 1 << (bit % 64);
                }
            }
        }
        lex.flags = flags;
        lex
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence filter loses no CORE word in any casing, nor a weekday plural, and
    /// lets sentences without one go.
    #[test]
    fn the_sentence_filter_keeps_every_core_word() {
        let lex = lexicon();
        for (w, f) in &lex.flags {
            if f & CORE == 0 || !w.bytes().all(|b| b.is_ascii_alphanumeric()) {
                continue;
            }
            let upper = w.to_ascii_uppercase();
            let title = format!("{}{}", &upper[..1], &w[1..]);
            for form in [w.to_string(), upper, title] {
                let s = format!("It was, they said, {form}.");
                assert!(lex.may_hold_timex(&s), "{s}");
            }
        }
        assert!(lex.may_hold_timex("Meetings are held on Tuesdays."));
        assert!(lex.may_hold_timex("He is 25."));
        assert!(!lex.may_hold_timex("Police said the man fled on foot."));
    }

    #[test]
    fn every_data_file_loads_completely() {
        let lex = lexicon();
        assert_eq!(lex.months.len(), 24);
        assert_eq!(lex.months.get("sept"), Some(&9));
        assert_eq!(lex.weekdays.get("thursday"), Some(&4));
        assert_eq!(lex.weekdays.values().max(), Some(&7));
        assert_eq!(lex.numbers.get("twenty"), Some(&Some(20)));
        assert_eq!(lex.numbers.get("several"), Some(&None));
        assert_eq!(lex.units.get("weeks"), Some(&"W"));
        assert_eq!(lex.parts_of_day.get("night"), Some(&"NI"));
        assert_eq!(lex.seasons.get("autumn"), Some(&("FA", 9)));
        assert_eq!(lex.sets.get("weekly"), Some(&"P1W"));
        assert_eq!(lex.ordinals.get("third"), Some(&3));
        assert!(lex.future.contains("will") && lex.future.contains("'ll"));
        assert!(lex
            .relative
            .iter()
            .any(|(w, r)| w == &["yesterday"] && *r == Relative::Day(-1, None)));
        // Every row of every file parsed: count the data lines.
        let count = |s: &str| {
            s.lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .count()
        };
        assert_eq!(
            lex.relative.len(),
            count(include_str!("../data/relative.tsv"))
        );
        assert_eq!(lex.units.len(), count(include_str!("../data/units.tsv")));
        assert_eq!(
            lex.numbers.len(),
            count(include_str!("../data/numbers.tsv"))
        );
        assert!(lex.later_acts.contains("arraigned") && lex.later_acts.contains("identified"));
        assert_eq!(
            lex.holidays.len(),
            count(include_str!("../data/holidays.tsv"))
        );
        assert!(lex
            .holidays
            .iter()
            .any(|(w, h, _)| w == &["thanksgiving"] && *h == Holiday::Nth(11, 4, 4)));
        assert_eq!(
            lex.later_acts.len(),
            count(include_str!("../data/later_acts.txt"))
        );
        assert_eq!(lex.states.len(), count(include_str!("../data/states.txt")));
        assert!(lex.states.contains("remained"));
    }
}
