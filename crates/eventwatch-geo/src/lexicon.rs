//! Word classes used by toponym recognition, loaded from `data/words.tsv`.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

pub const STOP: u16 = 1;
pub const TITLE: u16 = 2;
pub const ORG: u16 = 4;
pub const DIRECTION: u16 = 8;
pub const ADMIN: u16 = 16;
pub const TOWN: u16 = 32;
pub const PEOPLE: u16 = 64;
pub const SPEECH: u16 = 128;
pub const FIRST: u16 = 256;
pub const UNIT: u16 = 512;
pub const STREET: u16 = 1024;
pub const NEVER: u16 = 2048;

pub(crate) const WORDS_TSV: &str = include_str!("../data/words.tsv");

/// Word → class bits.
pub struct Lexicon {
    classes: HashMap<String, u16>,
}

impl Lexicon {
    pub fn embedded() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::parse(WORDS_TSV).0)
    }

    /// Parses `word<TAB>class` lines; returns unreadable lines as messages.
    pub fn parse(text: &str) -> (Lexicon, Vec<String>) {
        let mut classes: HashMap<String, u16> = HashMap::default();
        let mut errors = Vec::new();
        // Months and weekdays are always stop words (closed classes, kept in code).
        for w in eventwatch_text::calendar::words() {
            classes.insert(w.to_string(), STOP);
        }
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((word, class)) = line.split_once('\t') else {
                errors.push(format!(
                    "words.tsv:{}: expected word<TAB>class, found {line:?}",
                    n + 1
                ));
                continue;
            };
            let bit = match class.trim() {
                "stop" => STOP,
                "title" => TITLE,
                "org" => ORG,
                "direction" => DIRECTION,
                "admin" => ADMIN,
                "town" => TOWN,
                "people" => PEOPLE,
                "speech" => SPEECH,
                "first" => FIRST,
                "unit" => UNIT,
                "street" => STREET,
                "never" => NEVER,
                other => {
                    errors.push(format!("words.tsv:{}: unknown class {other:?}", n + 1));
                    continue;
                }
            };
            *classes.entry(word.trim().to_lowercase()).or_default() |= bit;
        }
        (Lexicon { classes }, errors)
    }

    /// Class bits of a word (case-insensitive, trailing period ignored).
    pub fn classes(&self, word: &str) -> u16 {
        let w = word.trim_end_matches('.');
        if w.bytes().all(|b| b.is_ascii_lowercase()) {
            return self.classes.get(w).copied().unwrap_or(0);
        }
        self.classes.get(&w.to_lowercase()).copied().unwrap_or(0)
    }

    pub fn is(&self, word: &str, class: u16) -> bool {
        self.classes(word) & class != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_word_list_reads() {
        let (lex, errors) = Lexicon::parse(WORDS_TSV);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(lex.is("Police", STOP));
        assert!(lex.is("Thursday", STOP));
        assert!(lex.is("President", TITLE));
        assert!(lex.is("Mr.", TITLE));
        assert!(lex.is("province", ADMIN));
        assert!(!lex.is("Baghdad", STOP));
        assert!(lex.is("Force", UNIT));
    }
}
