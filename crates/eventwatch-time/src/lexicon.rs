//! The word lists in `data/`, parsed once into lookup tables.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A relative word or phrase from `data/relative.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Relative {
    /// A fixed reference value (`PRESENT_REF`).
    Ref(&'static str),
    /// A day offset from the document date, with an optional part-of-day code.
    Day(i64, Option<&'static str>),
}

/// All lexicons.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub months: HashMap<&'static str, i8>,
    pub weekdays: HashMap<&'static str, i8>,
    /// `None` for vague amounts ("several").
    pub numbers: HashMap<&'static str, Option<u32>>,
    pub units: HashMap<&'static str, &'static str>,
    pub parts_of_day: HashMap<&'static str, &'static str>,
    /// Season code and first month.
    pub seasons: HashMap<&'static str, (&'static str, i8)>,
    /// Phrases as token sequences, longest first.
    pub relative: Vec<(Vec<&'static str>, Relative)>,
    pub sets: HashMap<&'static str, &'static str>,
    pub ordinals: HashMap<&'static str, u32>,
    /// Words that put a clause in the future.
    pub future: std::collections::HashSet<&'static str>,
}

/// The rows of a tab-separated data file, without comments and blank lines.
fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn pairs<T>(
    data: &'static str,
    parse: impl Fn(&'static str) -> Option<T>,
) -> HashMap<&'static str, T> {
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
        Lexicon {
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
            sets: pairs(include_str!("../data/sets.tsv"), Some),
            ordinals: pairs(include_str!("../data/ordinals.tsv"), |v| v.parse().ok()),
            future: rows(include_str!("../data/future_words.txt"))
                .filter_map(|r| r.first().copied())
                .collect(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
