//! `cargo xtask verbs [--shared DIR]`: derive `crates/eventwatch-events/data/triggers-cameo.tsv`
//! from the PETRARCH2 verb dictionary (`dictionaries/CAMEO.2.0.txt`, MIT, Open Event Data
//! Alliance) and the CAMEO-to-PLOVER table (`ontology/CAMEO2PLOVER-2021.txt`, CC BY-SA 4.0).
//!
//! The dictionary groups verbs in synsets (`--- NAME [code] ---`), each verb line optionally
//! with its irregular forms in braces and its own `[code]`, followed by `- ...` patterns with
//! codes. A verb's CAMEO code is its own, else the synset's, else the root (first two digits)
//! shared by at least two thirds of the synset's patterns; verbs without one are left out.
//! Each verb becomes one row in the six-column format of `triggers.tsv`: class `say` (coded
//! in PLOVER only, never as ACLED violence), the PLOVER type and mode of the code (falling
//! back to its root), the CAMEO root, pos `v`. Verbs listed in more than one synset with
//! different PLOVER types are dropped as ambiguous. The output is sorted and deterministic.
//! The events crate loads these rows after the hand-written `triggers.tsv` and uses them only
//! in sentences where no hand-written trigger matched.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

const VERBS: &str = "dictionaries/CAMEO.2.0.txt";
const TABLE: &str = "ontology/CAMEO2PLOVER-2021.txt";
const OUTPUT: &str = "crates/eventwatch-events/data/triggers-cameo.tsv";

/// Verbs too common or too vague to report an event on their own.
const STOP: &[&str] = &[
    "be", "have", "do", "make", "get", "go", "come", "take", "give", "put", "set", "say", "tell",
    "see", "let", "keep", "hold", "show", "call", "add", "use", "run", "turn", "bring", "leave",
    "stand", "move", "play", "pass", "meet", "post", "place", "stage", "face", "back", "open",
    "close", "end", "start", "begin", "help", "work", "like", "want", "need", "seek", "find",
    "try", "look", "plan", "report", "state", "note", "mark", "lead", "head", "join", "form",
    "press", "push", "cut", "hit", "return", "release", "free", "charge", "order", "raise",
];

pub use crate::SharedData as Options;

/// The first `[code]` of a line, if it is a CAMEO code (digits; `[042:043]` gives 042).
fn code_of(line: &str) -> Option<String> {
    let start = line.find('[')?;
    let end = start + line.get(start..)?.find(']')?;
    let inner = line.get(start + 1..end)?;
    let code = inner.split(':').next()?.trim();
    (!code.is_empty() && code.len() <= 4 && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| code.to_string())
}

/// `code -> (PLOVER type, mode)` from the conversion table (`180: ASSAULT, , mode # ...`).
fn plover_table(text: &str) -> BTreeMap<String, (String, Option<String>)> {
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let Some((code, rest)) = line.split_once(':') else {
            continue;
        };
        let code = code.trim();
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut cols = rest.split(',').map(str::trim);
        let Some(kind) = cols.next().filter(|k| !k.is_empty()) else {
            continue;
        };
        let mode = cols.nth(1).filter(|m| !m.is_empty()).map(str::to_string);
        map.entry(code.to_string())
            .or_insert((kind.to_string(), mode));
    }
    map
}

/// One verb of a synset: its pattern (`hurry|hurries|hurrying|hurried` or `condemn~`) and
/// its own code.
struct Verb {
    pattern: String,
    code: Option<String>,
}

/// A verb line: `HURRY {HURRIES HURRYING HURRIED }  [042]  # comment`.
fn verb(line: &str) -> Option<Verb> {
    let code = code_of(line);
    let body = line.split(['#', '[']).next()?.trim();
    let (head, forms) = match body.split_once('{') {
        Some((h, f)) => (h.trim(), f.trim_end_matches('}').trim()),
        None => (body, ""),
    };
    let word = head.replace('_', " ").to_lowercase();
    if word.is_empty()
        || !word
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-')
    {
        return None;
    }
    let pattern = if word.contains(' ') {
        if !forms.is_empty() {
            return None;
        }
        let mut words = word.split(' ');
        let first = words.next()?;
        let rest: Vec<&str> = words.collect();
        format!("{first}~ {}", rest.join(" "))
    } else if forms.is_empty() {
        format!("{word}~")
    } else {
        let mut all = vec![word.clone()];
        for f in forms.split_whitespace() {
            let f = f.to_lowercase();
            if !f.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
                return None;
            }
            if !all.contains(&f) {
                all.push(f);
            }
        }
        all.join("|")
    };
    Some(Verb { pattern, code })
}

/// The root most of a synset's pattern codes share, if at least two thirds do.
fn majority_root(codes: &[String]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in codes {
        if let Some(root) = c.get(..2) {
            *counts.entry(root).or_default() += 1;
        }
    }
    let (root, n) = counts
        .into_iter()
        .max_by_key(|&(r, n)| (n, std::cmp::Reverse(r)))?;
    (n * 3 >= codes.len() * 2).then(|| root.to_string())
}

/// All `(pattern, code)` pairs of the verb dictionary.
fn verbs_with_codes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut block: Option<(Option<String>, Vec<Verb>, Vec<String>)> = None;
    let flush = |b: Option<(Option<String>, Vec<Verb>, Vec<String>)>,
                 out: &mut Vec<(String, String)>| {
        let Some((own, verbs, codes)) = b else {
            return;
        };
        let fallback = own.or_else(|| majority_root(&codes));
        for v in verbs {
            if let Some(code) = v.code.or_else(|| fallback.clone()) {
                out.push((v.pattern, code));
            }
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(header) = trimmed.strip_prefix("---") {
            flush(block.take(), &mut out);
            block = Some((code_of(header), Vec::new(), Vec::new()));
            continue;
        }
        let Some((_, verbs, codes)) = block.as_mut() else {
            continue;
        };
        if trimmed.starts_with('-') {
            codes.extend(code_of(trimmed));
        } else if trimmed.starts_with(|c: char| c.is_ascii_uppercase()) {
            verbs.extend(verb(trimmed));
        }
    }
    flush(block.take(), &mut out);
    out
}

pub fn run(o: &Options) -> Result<()> {
    let verbs_path = o.shared.join(VERBS);
    let table_path = o.shared.join(TABLE);
    let verbs_text = std::fs::read_to_string(&verbs_path)
        .with_context(|| format!("cannot read {}", verbs_path.display()))?;
    let table_text = std::fs::read_to_string(&table_path)
        .with_context(|| format!("cannot read {}", table_path.display()))?;
    let (out, n) = render(&verbs_text, &table_text);
    let path = o.root.join(OUTPUT);
    std::fs::write(&path, out).with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote {} ({n} verbs)", path.display());
    Ok(())
}

/// The generated file's text and its number of verbs, from the dictionary and the table.
fn render(verbs_text: &str, table_text: &str) -> (String, usize) {
    let table = plover_table(table_text);

    // pattern -> (PLOVER, mode, CAMEO root); None once two synsets disagree on the type.
    let mut rows: BTreeMap<String, Option<(String, String, String)>> = BTreeMap::new();
    for (pattern, code) in verbs_with_codes(verbs_text) {
        let head = pattern
            .split(['~', '|', ' '])
            .next()
            .unwrap_or_default()
            .to_string();
        if STOP.contains(&head.as_str()) {
            continue;
        }
        let Some(root) = code.get(..2) else {
            continue;
        };
        let Some((plover, mode)) = table.get(&code).or_else(|| table.get(root)) else {
            continue;
        };
        let value = (
            plover.clone(),
            mode.clone().unwrap_or_else(|| "-".into()),
            root.to_string(),
        );
        match rows.get(&pattern) {
            None => {
                rows.insert(pattern, Some(value));
            }
            Some(Some(old)) if old.0 != value.0 => {
                rows.insert(pattern, None);
            }
            Some(_) => {}
        }
    }

    let mut out = String::from(
        "# Event triggers derived from the PETRARCH2 verb dictionary: auto-generated by\n\
         # `cargo xtask verbs` (xtask/src/verbs.rs); do not edit, edit triggers.tsv instead.\n\
         # Origin: dictionaries/CAMEO.2.0.txt (PETRARCH2, Open Event Data Alliance, MIT) and\n\
         # ontology/CAMEO2PLOVER-2021.txt (PLOVER, Philip Schrodt, CC BY-SA 4.0).\n\
         # Loaded after triggers.tsv and used only where no hand-written trigger matched.\n\
         # Columns as in triggers.tsv: pattern class plover mode cameo pos\n",
    );
    let mut n = 0;
    for (pattern, value) in &rows {
        let Some((plover, mode, root)) = value else {
            continue;
        };
        out.push_str(&format!("{pattern}\tsay\t{plover}\t{mode}\t{root}\tv\n"));
        n += 1;
    }
    (out, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped `triggers-cameo.tsv` is what `cargo xtask verbs` writes today from the
    /// dictionaries in `../shared/data` (skipped, with a message, where they are absent).
    #[test]
    fn shipped_file_is_fresh() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let shared = root.join("../shared/data");
        let (Ok(verbs), Ok(table)) = (
            std::fs::read_to_string(shared.join(VERBS)),
            std::fs::read_to_string(shared.join(TABLE)),
        ) else {
            eprintln!("no {} here: freshness not checked", shared.display());
            return;
        };
        let shipped = std::fs::read_to_string(root.join(OUTPUT)).expect("shipped file");
        let (fresh, n) = render(&verbs, &table);
        assert!(n > 500, "only {n} verbs");
        assert!(
            fresh == shipped,
            "{OUTPUT} is stale: run `cargo xtask verbs`"
        );
    }
}
