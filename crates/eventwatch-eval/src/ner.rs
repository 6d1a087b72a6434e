//! CoNLL-2003 English validation set (`ner/conll2003_valid.txt`): location recognition.
//!
//! eventwatch has no general named-entity tagger; this scores its place recogniser against
//! the `LOC` entities of CoNLL-2003 (Reuters, 1996). Documents are rebuilt from the
//! tokens (joined by spaces, one sentence per line, split at `-DOCSTART-`); a predicted
//! place of kind `place` counts as right when it overlaps a gold `LOC` span; a gold `LOC`
//! is found when a predicted place overlaps it. Demonyms (CoNLL `MISC`) are left out on
//! both sides. Evaluation only: the data is not redistributed.

use std::path::Path;

use anyhow::{Context, Result};
use eventwatch_text::{Document, DocumentMeta};

use crate::{Extractor, Metric, Report};

struct Doc {
    text: String,
    /// Gold LOC spans as character offsets.
    locs: Vec<(u32, u32)>,
}

fn parse(conll: &str) -> Vec<Doc> {
    let mut docs = Vec::new();
    let mut text = String::new();
    let mut locs = Vec::new();
    let mut chars = 0u32;
    // The LOC being read: (start, end of its last token).
    let mut open: Option<(u32, u32)> = None;
    let mut line_has_tokens = false;
    for line in conll.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let tag = cols.last().copied().unwrap_or("O");
        if !(tag == "I-LOC" && open.is_some()) {
            locs.extend(open.take());
        }
        match cols.first() {
            Some(&"-DOCSTART-") => {
                if !text.trim().is_empty() {
                    docs.push(Doc {
                        text: std::mem::take(&mut text),
                        locs: std::mem::take(&mut locs),
                    });
                }
                text.clear();
                locs.clear();
                chars = 0;
                line_has_tokens = false;
            }
            None => {
                if line_has_tokens {
                    text.push('\n');
                    chars += 1;
                    line_has_tokens = false;
                }
            }
            Some(token) => {
                if line_has_tokens {
                    text.push(' ');
                    chars += 1;
                }
                let start = chars;
                text.push_str(token);
                chars += token.chars().count() as u32;
                line_has_tokens = true;
                match (tag, open.as_mut()) {
                    ("I-LOC", Some(span)) => span.1 = chars,
                    ("B-LOC" | "I-LOC", _) => open = Some((start, chars)),
                    _ => {}
                }
            }
        }
    }
    locs.extend(open.take());
    if !text.trim().is_empty() {
        docs.push(Doc { text, locs });
    }
    docs
}

pub fn score(data_dir: &Path, x: &dyn Extractor) -> Result<Report> {
    let path = data_dir.join("ner/conll2003_valid.txt");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let docs = parse(&text);
    let (mut pred_n, mut pred_ok, mut gold_n, mut gold_ok) = (0, 0, 0, 0);
    for (i, d) in docs.iter().enumerate() {
        let doc = Document::new(
            DocumentMeta {
                id: format!("conll-valid-{i}"),
                ..DocumentMeta::default()
            },
            d.text.clone(),
        );
        let places: Vec<(u32, u32)> = x
            .places(&doc)
            .into_iter()
            .filter(|p| p.kind == "place")
            .map(|p| (p.start, p.end))
            .collect();
        let overlaps = |a: (u32, u32), b: (u32, u32)| a.0 < b.1 && b.0 < a.1;
        pred_n += places.len();
        pred_ok += places
            .iter()
            .filter(|&&p| d.locs.iter().any(|&g| overlaps(p, g)))
            .count();
        gold_n += d.locs.len();
        gold_ok += d
            .locs
            .iter()
            .filter(|&&g| places.iter().any(|&p| overlaps(p, g)))
            .count();
    }
    let p = Metric::share(
        "LOC precision (places overlapping a gold LOC)",
        pred_ok,
        pred_n,
    );
    let r = Metric::share(
        "LOC recall (gold LOC overlapped by a place)",
        gold_ok,
        gold_n,
    );
    let f1 = if p.value + r.value > 0.0 {
        2.0 * p.value * r.value / (p.value + r.value)
    } else {
        0.0
    };
    let f = Metric {
        name: "LOC F1".into(),
        value: f1,
        n: gold_n,
        bar: None,
        unit: "",
    };
    Ok(Report {
        name: "conll2003-loc".into(),
        title: "CoNLL-2003 validation: LOC recognition by the place recogniser (no bar)".into(),
        dataset: "ner/conll2003_valid.txt".into(),
        metrics: vec![p, r, f],
        details: format!("{} documents rebuilt from tokens.", docs.len()),
        ..Report::default()
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn documents_and_loc_spans_are_rebuilt() {
        let conll = "-DOCSTART- -X- -X- O\n\nPeace NN B-NP O\ntalks NNS I-NP O\nin IN B-PP O\nNew NNP B-NP B-LOC\nYork NNP I-NP I-LOC\n. . O O\n\nLONDON NNP B-NP B-LOC\n1996-08-30 CD I-NP O\n";
        let docs = parse(conll);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text, "Peace talks in New York .\nLONDON 1996-08-30");
        let spans: Vec<String> = d
            .locs
            .iter()
            .map(|&(s, e)| {
                d.text
                    .chars()
                    .skip(s as usize)
                    .take((e - s) as usize)
                    .collect()
            })
            .collect();
        assert_eq!(spans, vec!["New York", "LONDON"]);
    }
}
