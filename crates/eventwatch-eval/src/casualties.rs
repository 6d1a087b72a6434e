//! Scorer for the Gun Violence Archive articles: killed, injured and shooting date per document.
//!
//! Files: `casualties/gva_{split}_articles.json` (a JSON array of `{text, publish_date}`)
//! and `casualties/gva_{split}_gold.json` (an array of `{n_killed, n_injured,
//! shooting_date, address}`), joined by position: row `i` of one is row `i` of the other,
//! and its id is `gva-{split}-{i}`. Per document, killed is the sum of `fatalities` over
//! the extractor's events not marked `aggregate`, injured likewise with `injuries`, and
//! the shooting date is the main (first) event's `date`.
//!
//! [`score`] reports the validation split (the headline, with the issue's bars) and, when
//! the train files are present, appends the train split's figures (`train …`, no bar) and
//! its error tables: rules are developed on train and only checked on val.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use anyhow::Context;
use eventwatch_text::{Document, DocumentMeta};
use serde::Deserialize;

use crate::{Extractor, Metric, Report};

#[derive(Debug, Deserialize)]
struct Article {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    publish_date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Gold {
    n_killed: Option<u32>,
    n_injured: Option<u32>,
    shooting_date: Option<String>,
}

/// Scores the validation split, then the train split (when its files exist) into the same
/// report: its metrics prefixed `train `, without bars, and its error tables in `details`.
pub fn score(data_dir: &Path, x: &dyn Extractor) -> anyhow::Result<Report> {
    let mut report = score_split(data_dir, x, "val")?;
    if !data_dir
        .join("casualties/gva_train_articles.json")
        .is_file()
    {
        return Ok(report);
    }
    match score_split(data_dir, x, "train") {
        Ok(train) => {
            report.dataset.push_str(" (and the train split)");
            report
                .metrics
                .extend(train.metrics.into_iter().map(|mut m| {
                    m.name = format!("train {}", m.name);
                    m.bar = None;
                    m
                }));
            report
                .unreadable
                .extend(train.unreadable.into_iter().map(|u| format!("train: {u}")));
            let _ = write!(report.details, "# Train split\n\n{}", train.details);
        }
        Err(e) => report.unreadable.push(format!("train split: {e:#}")),
    }
    Ok(report)
}

/// Scores one split (`val` or `train`).
pub fn score_split(data_dir: &Path, x: &dyn Extractor, split: &str) -> anyhow::Result<Report> {
    let articles_rel = format!("casualties/gva_{split}_articles.json");
    let gold_rel = format!("casualties/gva_{split}_gold.json");
    let articles: Vec<serde_json::Value> = read_array(&data_dir.join(&articles_rel))?;
    let gold: Vec<serde_json::Value> = read_array(&data_dir.join(&gold_rel))?;

    let mut unreadable = Vec::new();
    if articles.len() != gold.len() {
        unreadable.push(format!(
            "{articles_rel}: expected as many rows as {gold_rel} ({}), found {}; scoring the first {}",
            gold.len(),
            articles.len(),
            articles.len().min(gold.len())
        ));
    }

    let mut tallies = Tallies::default();
    for (i, (a, g)) in articles.into_iter().zip(gold).enumerate() {
        let id = format!("gva-{split}-{i}");
        let article: Article = match serde_json::from_value(a) {
            Ok(v) => v,
            Err(e) => {
                unreadable.push(format!("{articles_rel}:{i}: {e}"));
                continue;
            }
        };
        let gold: Gold = match serde_json::from_value(g) {
            Ok(v) => v,
            Err(e) => {
                unreadable.push(format!("{gold_rel}:{i}: {e}"));
                continue;
            }
        };
        let (Some(text), Some(gk), Some(gi)) = (article.text, gold.n_killed, gold.n_injured) else {
            unreadable.push(format!(
                "{id}: expected text, n_killed and n_injured, found a row without them"
            ));
            continue;
        };
        let published = match article
            .publish_date
            .as_deref()
            .map(|d| d.get(..10).unwrap_or(d).parse::<jiff::civil::Date>())
        {
            Some(Ok(d)) => Some(d),
            Some(Err(_)) => {
                unreadable.push(format!(
                    "{id}: field \"publish_date\": expected a date like 2019-11-29, found {:?} (scored without it)",
                    article.publish_date.unwrap_or_default()
                ));
                None
            }
            None => None,
        };
        let meta = DocumentMeta {
            id: id.clone(),
            published,
            language: Some("en".into()),
            ..DocumentMeta::default()
        };
        let doc = Document::new(meta, text);
        let events = x.events(&doc);
        let counted = events.iter().filter(|e| !e.aggregate);
        let killed: u32 = counted.clone().map(|e| e.fatalities).sum();
        let injured: u32 = counted.map(|e| e.injuries).sum();
        let date = events.first().and_then(|e| e.date.clone());
        tallies.add(&id, (gk, killed), (gi, injured), (gold.shooting_date, date));
    }
    Ok(tallies.report(split, &articles_rel, &gold_rel, unreadable))
}

fn read_array(path: &Path) -> anyhow::Result<Vec<serde_json::Value>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{}: expected a JSON array", path.display()))?;
    match value {
        serde_json::Value::Array(rows) => Ok(rows),
        other => anyhow::bail!(
            "{}: expected a JSON array, found {}",
            path.display(),
            kind_of(&other)
        ),
    }
}

fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Error patterns: `(gold, predicted)` -> ids.
type Patterns = BTreeMap<(String, String), Vec<String>>;

#[derive(Default)]
struct Tallies {
    n: usize,
    killed_ok: usize,
    injured_ok: usize,
    date_n: usize,
    date_ok: usize,
    killed_err: Patterns,
    injured_err: Patterns,
    date_err: Patterns,
}

impl Tallies {
    fn add(
        &mut self,
        id: &str,
        killed: (u32, u32),
        injured: (u32, u32),
        date: (Option<String>, Option<String>),
    ) {
        self.n += 1;
        if killed.0 == killed.1 {
            self.killed_ok += 1;
        } else {
            self.killed_err
                .entry((killed.0.to_string(), killed.1.to_string()))
                .or_default()
                .push(id.to_owned());
        }
        if injured.0 == injured.1 {
            self.injured_ok += 1;
        } else {
            self.injured_err
                .entry((injured.0.to_string(), injured.1.to_string()))
                .or_default()
                .push(id.to_owned());
        }
        if let Some(gold) = date.0.filter(|d| !d.is_empty()) {
            self.date_n += 1;
            if date.1.as_deref() == Some(gold.as_str()) {
                self.date_ok += 1;
            } else {
                let pattern = date_error(&gold, date.1.as_deref());
                self.date_err
                    .entry(("date".into(), pattern))
                    .or_default()
                    .push(id.to_owned());
            }
        }
    }

    fn report(self, split: &str, articles: &str, gold: &str, unreadable: Vec<String>) -> Report {
        let metrics = vec![
            Metric::share("killed exact", self.killed_ok, self.n).with_bar(0.90),
            Metric::share("injured exact", self.injured_ok, self.n).with_bar(0.85),
            Metric::share("shooting date exact", self.date_ok, self.date_n).with_bar(0.85),
        ];
        let mut details = String::new();
        for (title, patterns) in [
            (
                "Killed: most common errors (gold → predicted)",
                &self.killed_err,
            ),
            (
                "Injured: most common errors (gold → predicted)",
                &self.injured_err,
            ),
            ("Shooting date: most common errors", &self.date_err),
        ] {
            let _ = writeln!(details, "## {title}\n");
            if patterns.is_empty() {
                let _ = writeln!(details, "none\n");
                continue;
            }
            let _ = writeln!(
                details,
                "| gold | predicted | docs | ids |\n|---|---|---:|---|"
            );
            let mut rows: Vec<_> = patterns.iter().collect();
            rows.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
            for ((g, p), ids) in rows.into_iter().take(12) {
                let shown: Vec<&str> = ids.iter().take(8).map(String::as_str).collect();
                let more = if ids.len() > shown.len() { ", …" } else { "" };
                let _ = writeln!(
                    details,
                    "| {g} | {p} | {} | {}{more} |",
                    ids.len(),
                    shown.join(", ")
                );
            }
            let _ = writeln!(details);
        }
        Report {
            name: format!("gva-casualties-{split}"),
            title: format!(
                "Gun Violence Archive articles ({split}): killed, injured, shooting date"
            ),
            dataset: format!("{articles} + {gold}"),
            metrics,
            unreadable,
            details,
        }
    }
}

/// A short description of how a predicted date misses the gold one.
fn date_error(gold: &str, predicted: Option<&str>) -> String {
    let Some(p) = predicted else {
        return "no date".into();
    };
    match (
        gold.parse::<jiff::civil::Date>(),
        p.parse::<jiff::civil::Date>(),
    ) {
        (Ok(g), Ok(pd)) => match g.until(pd).map(|s| s.get_days()) {
            Ok(d) if d < 0 => format!("{} day(s) early", -d),
            Ok(d) => format!("{d} day(s) late"),
            Err(_) => "unreadable".into(),
        },
        _ => format!("not a date: {p:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwatch_schema::{DatePrecision, Event, PlaceMention, TimeMention};

    /// Reads "killed N" / "injured N" / "on YYYY-MM-DD" off the text; "(sum)" adds an aggregate.
    struct Fake;

    fn event(fatalities: u32, injuries: u32, date: Option<String>, aggregate: bool) -> Event {
        Event {
            date,
            date_precision: DatePrecision::Day,
            fatalities,
            injuries,
            aggregate,
            ..Event::of_type("Violence against civilians", "Attack", "ASSAULT")
        }
    }

    impl Extractor for Fake {
        fn events(&self, doc: &Document) -> Vec<Event> {
            let words: Vec<&str> = doc.text().split_whitespace().collect();
            let num = |key: &str| {
                words
                    .windows(2)
                    .find(|w| w[0] == key)
                    .and_then(|w| w[1].parse::<u32>().ok())
                    .unwrap_or(0)
            };
            let date = words
                .windows(2)
                .find(|w| w[0] == "on")
                .map(|w| w[1].to_string());
            let mut out = vec![event(num("killed"), num("injured"), date, false)];
            if doc.text().contains("(sum)") {
                out.push(event(50, 50, None, true));
            }
            out
        }
        fn places(&self, _: &Document) -> Vec<PlaceMention> {
            Vec::new()
        }
        fn times(&self, _: &Document) -> Vec<TimeMention> {
            Vec::new()
        }
    }

    fn fixture(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("eventwatch-eval-gva-{name}-{}", std::process::id()));
        let cas = dir.join("casualties");
        std::fs::create_dir_all(&cas).unwrap();
        let articles = r#"[
            {"text": "killed 1 injured 0 on 2018-03-19 (sum)", "publish_date": "2018-03-20"},
            {"text": "killed 0 injured 2 on 2018-03-18", "publish_date": "2018-03-20"},
            {"text": "killed 2 injured 1 on 2018-03-17", "publish_date": "not a date"},
            {"publish_date": "2018-03-20"}
        ]"#;
        let gold = r#"[
            {"n_killed": 1, "n_injured": 0, "shooting_date": "2018-03-19", "address": ""},
            {"n_killed": 0, "n_injured": 1, "shooting_date": "2018-03-19", "address": ""},
            {"n_killed": 1, "n_injured": 1, "shooting_date": "2018-03-17", "address": ""},
            {"n_killed": 0, "n_injured": 0, "shooting_date": "2018-03-20", "address": ""}
        ]"#;
        std::fs::write(cas.join("gva_val_articles.json"), articles).unwrap();
        std::fs::write(cas.join("gva_val_gold.json"), gold).unwrap();
        std::fs::write(cas.join("gva_train_articles.json"), "{}").unwrap();
        std::fs::write(cas.join("gva_train_gold.json"), "[]").unwrap();
        dir
    }

    #[test]
    fn scores_counts_dates_and_lists_error_patterns() {
        let dir = fixture("ok");
        let r = score(&dir, &Fake).unwrap();
        let value = |name: &str| {
            r.metrics
                .iter()
                .find(|m| m.name == name)
                .map(|m| (m.value, m.n))
        };
        // doc 0: aggregate ignored -> 1/0 right; doc 1: injured 2 vs 1; doc 2: killed 2 vs 1.
        assert_eq!(value("killed exact"), Some((2.0 / 3.0, 3)));
        assert_eq!(value("injured exact"), Some((2.0 / 3.0, 3)));
        // doc 1 is one day early.
        assert_eq!(value("shooting date exact"), Some((2.0 / 3.0, 3)));
        // Two unreadable val rows, and the train file (an object) reported, not fatal.
        assert_eq!(r.unreadable.len(), 3, "{:?}", r.unreadable);
        assert!(r.unreadable.iter().any(|u| u.contains("publish_date")));
        assert!(r
            .unreadable
            .iter()
            .any(|u| u.starts_with("train split:") && u.contains("found an object")));
        assert_eq!(
            r.metrics.len(),
            3,
            "no train metrics from an unreadable train file"
        );
        assert!(
            r.details.contains("| 1 | 2 | 1 | gva-val-2 |"),
            "{}",
            r.details
        );
        assert!(r.details.contains("1 day(s) early"), "{}", r.details);
        assert_eq!(r.name, "gva-casualties-val");
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn the_train_split_is_appended_without_bars() {
        let dir = fixture("train");
        let cas = dir.join("casualties");
        std::fs::write(
            cas.join("gva_train_articles.json"),
            r#"[{"text": "killed 3 injured 1 on 2018-05-01", "publish_date": "2018-05-02"}]"#,
        )
        .unwrap();
        std::fs::write(
            cas.join("gva_train_gold.json"),
            r#"[{"n_killed": 3, "n_injured": 2, "shooting_date": "2018-05-01", "address": ""}]"#,
        )
        .unwrap();
        let r = score(&dir, &Fake).unwrap();
        assert_eq!(r.name, "gva-casualties-val");
        let train: Vec<_> = r
            .metrics
            .iter()
            .filter(|m| m.name.starts_with("train "))
            .collect();
        assert_eq!(train.len(), 3);
        assert!(train.iter().all(|m| m.bar.is_none() && m.n == 1));
        assert_eq!(train[0].value, 1.0);
        assert_eq!(train[1].value, 0.0);
        assert!(r.details.contains("# Train split"), "{}", r.details);
        assert!(r.details.contains("gva-train-0"), "{}", r.details);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_file_that_is_not_an_array_is_an_error_with_its_path() {
        let dir = fixture("bad");
        let err = score_split(&dir, &Fake, "train").unwrap_err();
        assert!(
            format!("{err:#}").contains("expected a JSON array, found an object"),
            "{err:#}"
        );
        std::fs::remove_dir_all(dir).ok();
    }
}
