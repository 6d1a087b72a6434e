//! Shared arithmetic for the event scorers: label tallies (accuracy, macro-F1, confusion
//! matrix), error samples and haversine distance.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// What a missing prediction (no event, or an event without the field) is shown as.
pub const NONE_LABEL: &str = "(none)";

/// Gold and predicted labels of one classification task, one pair per scored record.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    pairs: Vec<(String, Option<String>)>,
}

impl Labels {
    pub fn new() -> Labels {
        Labels::default()
    }

    /// Records one item; `predicted` is `None` when the extractor gave no label.
    pub fn push(&mut self, gold: &str, predicted: Option<&str>) {
        self.pairs
            .push((gold.to_string(), predicted.map(str::to_string)));
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Items whose prediction equals the gold label.
    pub fn hits(&self) -> usize {
        self.pairs
            .iter()
            .filter(|(g, p)| p.as_deref() == Some(g.as_str()))
            .count()
    }

    /// Macro-averaged F1 over every class seen in gold or predictions. A missing
    /// prediction is a false negative for the gold class and no class's false positive.
    pub fn macro_f1(&self) -> f64 {
        let mut classes: BTreeSet<&str> = BTreeSet::new();
        for (g, p) in &self.pairs {
            classes.insert(g);
            if let Some(p) = p {
                classes.insert(p);
            }
        }
        if classes.is_empty() {
            return 0.0;
        }
        let mut sum = 0.0;
        for c in &classes {
            let tp = self
                .pairs
                .iter()
                .filter(|(g, p)| g == c && p.as_deref() == Some(c))
                .count();
            let gold = self.pairs.iter().filter(|(g, _)| g == c).count();
            let pred = self
                .pairs
                .iter()
                .filter(|(_, p)| p.as_deref() == Some(c))
                .count();
            if gold + pred > 0 {
                sum += 2.0 * tp as f64 / (gold + pred) as f64;
            }
        }
        sum / classes.len() as f64
    }

    /// A markdown confusion matrix: the `top` most frequent gold classes as rows, the `top`
    /// most frequent predicted labels as columns, everything else folded into `other`.
    pub fn confusion_markdown(&self, title: &str, top: usize) -> String {
        let gold_top = most_frequent(self.pairs.iter().map(|(g, _)| g.as_str()), top);
        let pred_top = most_frequent(
            self.pairs
                .iter()
                .map(|(_, p)| p.as_deref().unwrap_or(NONE_LABEL)),
            top,
        );
        let mut cells: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (g, p) in &self.pairs {
            let row = if gold_top.iter().any(|c| c == g) {
                g.clone()
            } else {
                "other".to_string()
            };
            let p = p.as_deref().unwrap_or(NONE_LABEL);
            let col = if pred_top.iter().any(|c| c == p) {
                p.to_string()
            } else {
                "other".to_string()
            };
            *cells.entry((row, col)).or_insert(0) += 1;
        }
        let mut rows = gold_top.clone();
        if cells.keys().any(|(r, _)| r == "other") {
            rows.push("other".to_string());
        }
        let mut cols = pred_top.clone();
        if cells.keys().any(|(_, c)| c == "other") {
            cols.push("other".to_string());
        }
        let mut out = String::new();
        let _ = writeln!(out, "### {title}\n");
        let _ = write!(out, "| gold \\ predicted |");
        for c in &cols {
            let _ = write!(out, " {c} |");
        }
        let _ = write!(out, "\n|---|");
        for _ in &cols {
            let _ = write!(out, "---:|");
        }
        out.push('\n');
        for r in &rows {
            let _ = write!(out, "| {r} |");
            for c in &cols {
                let n = cells.get(&(r.clone(), c.clone())).copied().unwrap_or(0);
                let _ = write!(out, " {n} |");
            }
            out.push('\n');
        }
        out
    }
}

/// The `top` most frequent values, most frequent first, ties by name.
fn most_frequent<'a>(values: impl Iterator<Item = &'a str>, top: usize) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_insert(0) += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked
        .into_iter()
        .take(top)
        .map(|(v, _)| v.to_string())
        .collect()
}

/// The first few errors of a run, as markdown list items.
#[derive(Clone, Debug)]
pub struct ErrorSample {
    limit: usize,
    seen: usize,
    lines: Vec<String>,
}

impl ErrorSample {
    pub fn new(limit: usize) -> ErrorSample {
        ErrorSample {
            limit,
            seen: 0,
            lines: Vec::new(),
        }
    }

    /// Notes one error: the record id, gold and predicted values. The record's text is not
    /// quoted: reports are committed, and the dev sets' licences (ACLED's terms among them)
    /// allow evaluation, not redistribution. Look a row up by its id in the dev set.
    pub fn push(&mut self, id: &str, gold: &str, predicted: &str) {
        self.seen += 1;
        if self.lines.len() < self.limit {
            self.lines
                .push(format!("- `{id}`: gold `{gold}`, predicted `{predicted}`"));
        }
    }

    pub fn markdown(&self, title: &str) -> String {
        let mut out = format!(
            "### {title} ({} errors, first {})\n\n",
            self.seen,
            self.lines.len()
        );
        for l in &self.lines {
            out.push_str(l);
            out.push('\n');
        }
        out
    }
}

/// Great-circle distance in km between two points given in degrees.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accuracy_and_macro_f1_by_hand() {
        let mut l = Labels::new();
        l.push("A", Some("A"));
        l.push("A", Some("B"));
        l.push("B", Some("B"));
        l.push("C", None);
        assert_eq!(l.hits(), 2);
        assert_eq!(l.len(), 4);
        // A: tp 1, gold 2, pred 1 -> 2/3; B: tp 1, gold 1, pred 2 -> 2/3; C: 0.
        let expected = (2.0 / 3.0 + 2.0 / 3.0 + 0.0) / 3.0;
        assert!((l.macro_f1() - expected).abs() < 1e-12);
    }

    #[test]
    fn confusion_matrix_counts_every_pair() {
        let mut l = Labels::new();
        l.push("A", Some("A"));
        l.push("A", Some("B"));
        l.push("B", None);
        l.push("C", Some("A"));
        let md = l.confusion_markdown("t", 2);
        assert!(
            md.contains("| gold \\ predicted | A | (none) | other |"),
            "{md}"
        );
        assert!(md.contains("| A | 1 | 0 | 1 |"), "{md}");
        assert!(md.contains("| B | 0 | 1 | 0 |"), "{md}");
        assert!(md.contains("| other | 1 | 0 | 0 |"), "{md}");
    }

    #[test]
    fn haversine_known_distances() {
        // One degree of latitude is about 111.2 km.
        let d = haversine_km(0.0, 0.0, 1.0, 0.0);
        assert!((d - 111.195).abs() < 0.1, "{d}");
        assert!(haversine_km(34.5, 69.2, 34.5, 69.2) < 1e-9);
        // Paris to London, about 344 km.
        let d = haversine_km(48.8566, 2.3522, 51.5074, -0.1278);
        assert!((d - 343.5).abs() < 2.0, "{d}");
    }

    #[test]
    fn error_sample_keeps_the_first_and_counts_all() {
        let mut e = ErrorSample::new(1);
        e.push("a", "G", "P");
        e.push("b", "G", "P");
        let md = e.markdown("errors");
        assert!(md.contains("(2 errors, first 1)"));
        assert!(md.contains("- `a`: gold `G`, predicted `P`"));
        assert!(!md.contains("`b`"));
    }
}
