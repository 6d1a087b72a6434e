//! The word lists in `data/`, parsed once into phrase tables keyed by their first word.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::quantity::Sent;
use crate::{CasualtyKind, VictimKind};

const NUMBERS: &str = include_str!("../data/numbers.tsv");
const AMOUNTS: &str = include_str!("../data/amounts.tsv");
const QUALIFIERS: &str = include_str!("../data/qualifiers.tsv");
const TRIGGERS: &str = include_str!("../data/triggers.tsv");
const VICTIMS: &str = include_str!("../data/victims.tsv");
const CUES: &str = include_str!("../data/cues.txt");
const NOT_COUNTS: &str = include_str!("../data/not_counts.tsv");

/// FNV-1a: lexicon keys are short words, where SipHash's setup cost dominates.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A table of phrases (lowercase, split on spaces) keyed by their first word; longest first.
pub(crate) struct PhraseMap<T> {
    /// This table's bit in [`Lexicon::first_words`].
    pub bit: u32,
    by_first: FastMap<&'static str, Vec<(Vec<&'static str>, T)>>,
}

impl<T> PhraseMap<T> {
    fn new() -> PhraseMap<T> {
        use std::sync::atomic::{AtomicU32, Ordering};
        // Tables are built once, in one order: each gets the next bit (32 at most, tested).
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        PhraseMap {
            bit: 1u32.checked_shl(n).unwrap_or(0),
            by_first: FastMap::default(),
        }
    }

    fn first_words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.by_first.keys().copied()
    }

    fn insert(&mut self, phrase: &'static str, value: T) {
        let words: Vec<&'static str> = phrase.split(' ').filter(|w| !w.is_empty()).collect();
        let Some(first) = words.first().copied() else {
            return;
        };
        let list = self.by_first.entry(first).or_default();
        list.push((words, value));
        list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    }

    /// The longest phrase starting at `words[i]`: its length in words and its value.
    pub(crate) fn at(&self, words: &[&str], i: usize) -> Option<(usize, &T)> {
        let first = words.get(i)?;
        let list = self.by_first.get(*first)?;
        list.iter().find_map(|(phrase, v)| {
            let n = phrase.len();
            let slice = words.get(i..i + n)?;
            slice
                .iter()
                .zip(phrase)
                .all(|(a, b)| *a == *b)
                .then_some((n, v))
        })
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.by_first.values().map(Vec::len).sum()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumRole {
    Unit,
    Tens,
    Scale,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Amount {
    pub best: u32,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub vague: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Qual {
    Min,
    More,
    Max,
    Less,
    Approx,
    Below,
}

/// What a casualty word says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hit {
    Killed,
    Injured,
    /// Hit by gunfire: injured unless reported killed elsewhere.
    Struck,
}

impl Hit {
    pub(crate) fn kind(self) -> CasualtyKind {
        match self {
            Hit::Killed => CasualtyKind::Killed,
            Hit::Injured | Hit::Struck => CasualtyKind::Injured,
        }
    }
}

/// Bit in [`Lexicon::first_words`] of the first words of casualty phrases (`trigger_words`).
pub(crate) const TRIGGER_BIT: u32 = 1 << 31;
/// Bit in [`Lexicon::first_words`] of number words ("two", "hundred").
pub(crate) const NUMBER_BIT: u32 = 1 << 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Cue {
    Hedge,
    Negator,
    Negation,
    Modal,
    Aux,
    Increment,
    Total,
    Singular,
    Reflexive,
    Background,
    Claim,
}

/// How many [`Cue`]s there are.
const CUE_COUNT: usize = 11;
const _: () = assert!(Cue::Claim as usize + 1 == CUE_COUNT);

pub(crate) struct Lexicon {
    pub numbers: FastMap<&'static str, (u32, NumRole)>,
    /// First words of every casualty phrase: a sentence without one has no mention.
    /// (The key word of each phrase, see `key_word`: "condition" for "in critical condition".)
    pub trigger_words: FastMap<&'static str, ()>,
    pub amounts: PhraseMap<Amount>,
    pub pre_qualifiers: PhraseMap<Qual>,
    pub post_qualifiers: PhraseMap<Qual>,
    pub passive: PhraseMap<Hit>,
    pub active: PhraseMap<Hit>,
    pub leave: PhraseMap<Hit>,
    pub toll: PhraseMap<Hit>,
    pub suffer: PhraseMap<Hit>,
    pub wound: PhraseMap<Hit>,
    pub fatal: PhraseMap<Hit>,
    pub nonfatal: PhraseMap<Hit>,
    pub selfkill: PhraseMap<Hit>,
    /// "fatalities coded as": the coder's figure follows.
    pub coded: PhraseMap<Hit>,
    /// "fatalities are split across": the coder's share follows in brackets.
    pub coded_share: PhraseMap<Hit>,
    pub victims: PhraseMap<(VictimKind, bool)>,
    /// One table per [`Cue`], indexed by `cue as usize`.
    pub cues: Vec<PhraseMap<()>>,
    pub not_after: PhraseMap<()>,
    pub not_before: PhraseMap<()>,
    /// For every first word of a phrase, the bits of the tables that have it; and
    /// [`TRIGGER_BIT`], [`NUMBER_BIT`] for casualty and number words.
    pub first_words: FastMap<&'static str, u32>,
    /// Lines that could not be read: `file:line: message`. Tested to be empty.
    pub problems: Vec<String>,
}

impl Lexicon {
    pub(crate) fn cue(&self, cue: Cue, s: &Sent, i: usize) -> Option<usize> {
        s.at(self.cues.get(cue as usize)?, i).map(|(n, _)| n)
    }

    /// Whether a phrase of role `cue` starts at word `i` of `words` (lower-case words).
    pub(crate) fn cue_in(&self, cue: Cue, words: &[&str], i: usize) -> bool {
        self.cues
            .get(cue as usize)
            .is_some_and(|m| m.at(words, i).is_some())
    }
}

/// Common words that begin some casualty phrases ("in critical condition", "found dead",
/// "took his own life"): a sentence is not worth reading for them alone.
const COMMON: &[&str] = &[
    "in", "of", "the", "a", "an", "his", "her", "their", "by", "to", "on", "for", "and", "number",
    "people", "found", "took", "taking", "lost", "hit", "struck", "turned", "turning", "total",
    "treated", "own",
];

/// The word of a casualty phrase that marks a sentence as worth reading: the first that
/// is not a common word ("condition" in "in critical condition"), else the first.
fn key_word(phrase: &'static str) -> Option<&'static str> {
    let mut words = phrase.split(' ').filter(|w| !w.is_empty());
    let first = words.clone().next()?;
    Some(words.find(|w| !COMMON.contains(w)).unwrap_or(first))
}

/// The lexicon, parsed on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(load)
}

/// Data lines of a file: `(line number, columns)`, skipping comments and blank lines.
fn rows(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            None
        } else {
            Some((i + 1, line.split('\t').map(str::trim).collect()))
        }
    })
}

fn opt_num(s: &str) -> Result<Option<u32>, String> {
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse::<u32>()
            .map(Some)
            .map_err(|_| format!("expected a number, found {s:?}"))
    }
}

fn load() -> Lexicon {
    let mut problems = Vec::new();
    let mut bad =
        |file: &str, line: usize, msg: String| problems.push(format!("{file}:{line}: {msg}"));

    let mut numbers = FastMap::default();
    for (n, cols) in rows(NUMBERS) {
        let role = match cols.get(2).copied() {
            Some("unit") => NumRole::Unit,
            Some("tens") => NumRole::Tens,
            Some("scale") => NumRole::Scale,
            other => {
                bad(
                    "numbers.tsv",
                    n,
                    format!("expected role unit|tens|scale, found {other:?}"),
                );
                continue;
            }
        };
        match cols.get(1).map(|v| v.parse::<u32>()) {
            Some(Ok(v)) => {
                numbers.insert(cols[0], (v, role));
            }
            _ => bad("numbers.tsv", n, "expected a value in column 2".into()),
        }
    }

    let mut amounts = PhraseMap::new();
    for (n, cols) in rows(AMOUNTS) {
        if cols.len() != 5 {
            bad(
                "amounts.tsv",
                n,
                format!("expected 5 columns, found {}", cols.len()),
            );
            continue;
        }
        let parsed = (cols[1].parse::<u32>(), opt_num(cols[2]), opt_num(cols[3]));
        let vague = match cols[4] {
            "yes" => true,
            "no" => false,
            other => {
                bad(
                    "amounts.tsv",
                    n,
                    format!("expected yes|no, found {other:?}"),
                );
                continue;
            }
        };
        match parsed {
            (Ok(best), Ok(min), Ok(max)) => amounts.insert(
                cols[0],
                Amount {
                    best,
                    min,
                    max,
                    vague,
                },
            ),
            _ => bad("amounts.tsv", n, "expected numbers in columns 2-4".into()),
        }
    }

    let mut pre_qualifiers = PhraseMap::new();
    let mut post_qualifiers = PhraseMap::new();
    for (n, cols) in rows(QUALIFIERS) {
        let q = match cols.get(1).copied() {
            Some("min") => Qual::Min,
            Some("more") => Qual::More,
            Some("max") => Qual::Max,
            Some("less") => Qual::Less,
            Some("approx") => Qual::Approx,
            Some("below") => Qual::Below,
            other => {
                bad("qualifiers.tsv", n, format!("unknown meaning {other:?}"));
                continue;
            }
        };
        match cols.get(2).copied() {
            Some("pre") => pre_qualifiers.insert(cols[0], q),
            Some("post") => post_qualifiers.insert(cols[0], q),
            other => bad(
                "qualifiers.tsv",
                n,
                format!("expected pre|post, found {other:?}"),
            ),
        }
    }

    let mut passive = PhraseMap::new();
    let mut active = PhraseMap::new();
    let mut leave = PhraseMap::new();
    let mut toll = PhraseMap::new();
    let mut suffer = PhraseMap::new();
    let mut wound = PhraseMap::new();
    let mut fatal = PhraseMap::new();
    let mut nonfatal = PhraseMap::new();
    let mut selfkill = PhraseMap::new();
    let mut coded = PhraseMap::new();
    let mut coded_share = PhraseMap::new();
    for (n, cols) in rows(TRIGGERS) {
        let hit = match cols.get(1).copied() {
            Some("killed") => Hit::Killed,
            Some("injured") => Hit::Injured,
            Some("struck") => Hit::Struck,
            other => {
                bad(
                    "triggers.tsv",
                    n,
                    format!("expected killed|injured|struck, found {other:?}"),
                );
                continue;
            }
        };
        let map = match cols.get(2).copied() {
            Some("passive") => &mut passive,
            Some("active") => &mut active,
            Some("leave") => &mut leave,
            Some("toll") => &mut toll,
            Some("suffer") => &mut suffer,
            Some("wound") => &mut wound,
            Some("fatal") => &mut fatal,
            Some("nonfatal") => &mut nonfatal,
            Some("selfkill") => &mut selfkill,
            Some("coded") => &mut coded,
            Some("coded-share") => &mut coded_share,
            other => {
                bad("triggers.tsv", n, format!("unknown role {other:?}"));
                continue;
            }
        };
        map.insert(cols[0], hit);
    }

    let mut trigger_words = FastMap::default();
    for (_, cols) in rows(TRIGGERS) {
        // "with" alone is everywhere; a "with ... wounds" sentence is caught by its wound word.
        let role = cols.get(2).copied();
        if matches!(
            role,
            Some(
                "passive"
                    | "active"
                    | "leave"
                    | "toll"
                    | "suffer"
                    | "selfkill"
                    | "wound"
                    | "coded"
                    | "coded-share"
            )
        ) && cols.first() != Some(&"with")
        {
            if let Some(key) = cols.first().and_then(|p| key_word(p)) {
                trigger_words.insert(key, ());
            }
        }
    }

    let mut victims = PhraseMap::new();
    for (n, cols) in rows(VICTIMS) {
        let kind = match cols.get(1).copied() {
            Some("protesters") => VictimKind::Protesters,
            Some("civilians") => VictimKind::Civilians,
            Some("police") => VictimKind::Police,
            Some("military") => VictimKind::Military,
            Some("militants") => VictimKind::Militants,
            Some("attackers") => VictimKind::Attackers,
            Some("unknown") => VictimKind::Unknown,
            other => {
                bad("victims.tsv", n, format!("unknown victim kind {other:?}"));
                continue;
            }
        };
        match cols.get(2).copied() {
            Some("sg") => victims.insert(cols[0], (kind, false)),
            Some("pl") => victims.insert(cols[0], (kind, true)),
            other => bad("victims.tsv", n, format!("expected sg|pl, found {other:?}")),
        }
    }

    let mut cues: Vec<PhraseMap<()>> = (0..CUE_COUNT).map(|_| PhraseMap::new()).collect();
    for (n, cols) in rows(CUES) {
        let cue = match cols.get(1).copied() {
            Some("hedge") => Cue::Hedge,
            Some("negator") => Cue::Negator,
            Some("negation") => Cue::Negation,
            Some("modal") => Cue::Modal,
            Some("aux") => Cue::Aux,
            Some("increment") => Cue::Increment,
            Some("total") => Cue::Total,
            Some("singular") => Cue::Singular,
            Some("reflexive") => Cue::Reflexive,
            Some("background") => Cue::Background,
            Some("claim") => Cue::Claim,
            other => {
                bad("cues.txt", n, format!("unknown role {other:?}"));
                continue;
            }
        };
        if let Some(m) = cues.get_mut(cue as usize) {
            m.insert(cols[0], ());
        }
    }

    let mut not_after = PhraseMap::new();
    let mut not_before = PhraseMap::new();
    for (n, cols) in rows(NOT_COUNTS) {
        match cols.get(1).copied() {
            Some("after") => not_after.insert(cols[0], ()),
            Some("before") => not_before.insert(cols[0], ()),
            other => bad(
                "not_counts.tsv",
                n,
                format!("expected after|before, found {other:?}"),
            ),
        }
    }

    let mut first_words: FastMap<&'static str, u32> = FastMap::default();
    {
        let mut add = |bit: u32, words: Vec<&'static str>| {
            for w in words {
                *first_words.entry(w).or_insert(0) |= bit;
            }
        };
        add(amounts.bit, amounts.first_words().collect());
        add(pre_qualifiers.bit, pre_qualifiers.first_words().collect());
        add(post_qualifiers.bit, post_qualifiers.first_words().collect());
        for m in [
            &passive,
            &active,
            &leave,
            &toll,
            &suffer,
            &wound,
            &fatal,
            &nonfatal,
            &selfkill,
            &coded,
            &coded_share,
        ] {
            add(m.bit, m.first_words().collect());
        }
        add(victims.bit, victims.first_words().collect());
        for m in &cues {
            add(m.bit, m.first_words().collect());
        }
        add(not_after.bit, not_after.first_words().collect());
        add(not_before.bit, not_before.first_words().collect());
        add(TRIGGER_BIT, trigger_words.keys().copied().collect());
        add(NUMBER_BIT, numbers.keys().copied().collect());
    }
    Lexicon {
        first_words,
        numbers,
        trigger_words,
        amounts,
        pre_qualifiers,
        post_qualifiers,
        passive,
        active,
        leave,
        toll,
        suffer,
        wound,
        fatal,
        nonfatal,
        selfkill,
        coded,
        coded_share,
        victims,
        cues,
        not_after,
        not_before,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_file_loads_without_problems() {
        let lex = lexicon();
        assert!(lex.problems.is_empty(), "{:#?}", lex.problems);
        assert!(lex.numbers.len() >= 30);
        assert!(lex.amounts.len() >= 20);
        assert!(lex.passive.len() >= 30 && lex.active.len() >= 15);
        assert!(lex.victims.len() >= 100);
        assert!(lex.not_after.len() >= 40);
        for cue in [
            Cue::Hedge,
            Cue::Negator,
            Cue::Negation,
            Cue::Modal,
            Cue::Aux,
            Cue::Increment,
            Cue::Total,
            Cue::Singular,
            Cue::Reflexive,
            Cue::Background,
            Cue::Claim,
        ] {
            assert!(
                lex.cues.get(cue as usize).is_some_and(|m| m.len() > 0),
                "{cue:?}"
            );
        }
    }

    #[test]
    fn every_table_has_its_own_bit() {
        let lex = lexicon();
        let mut bits = vec![
            lex.amounts.bit,
            lex.pre_qualifiers.bit,
            lex.post_qualifiers.bit,
            lex.passive.bit,
        ];
        bits.extend([
            lex.active.bit,
            lex.leave.bit,
            lex.toll.bit,
            lex.suffer.bit,
            lex.wound.bit,
        ]);
        bits.extend([
            lex.fatal.bit,
            lex.nonfatal.bit,
            lex.selfkill.bit,
            lex.victims.bit,
        ]);
        bits.extend([lex.coded.bit, lex.coded_share.bit]);
        bits.extend([lex.not_after.bit, lex.not_before.bit]);
        bits.extend(lex.cues.iter().map(|m| m.bit));
        let all = bits.iter().fold(0u32, |acc, b| acc | b);
        assert!(bits.iter().all(|&b| b != 0), "more tables than bits");
        // The two top bits are reserved for casualty and number words.
        assert_eq!(
            all & (TRIGGER_BIT | NUMBER_BIT),
            0,
            "a table took a reserved bit"
        );
        assert_eq!(lex.cues.len(), CUE_COUNT);
        for (w, bit) in [("killed", TRIGGER_BIT), ("twenty", NUMBER_BIT)] {
            assert!(lex.first_words.get(w).is_some_and(|m| m & bit != 0), "{w}");
        }
        assert_eq!(all.count_ones() as usize, bits.len());
    }

    #[test]
    fn sentences_are_picked_by_the_key_word_of_a_phrase() {
        assert_eq!(key_word("in critical condition"), Some("critical"));
        assert_eq!(key_word("found dead"), Some("dead"));
        assert_eq!(key_word("took his own life"), Some("life"));
        assert_eq!(key_word("treated for"), Some("treated"));
        assert_eq!(key_word("killed"), Some("killed"));
        let lex = lexicon();
        for w in ["critical", "dead", "life", "killed", "shot"] {
            assert!(lex.trigger_words.contains_key(w), "{w}");
        }
        // Common words would send every sentence to the parser.
        for w in ["in", "the", "found", "number"] {
            assert!(!lex.trigger_words.contains_key(w), "{w}");
        }
    }

    #[test]
    fn longest_phrase_wins() {
        let lex = lexicon();
        let words = ["shot", "and", "killed", "two"];
        let (n, hit) = lex.passive.at(&words, 0).unwrap();
        assert_eq!((n, *hit), (3, Hit::Killed));
        let words = ["shot", "in", "the", "leg"];
        assert_eq!(
            lex.passive.at(&words, 0).map(|(n, h)| (n, *h)),
            Some((1, Hit::Struck))
        );
        assert_eq!(
            lex.victims.at(&["police", "officers"], 0).map(|(n, _)| n),
            Some(2)
        );
    }
}
