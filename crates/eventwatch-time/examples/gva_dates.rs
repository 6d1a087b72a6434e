//! Classifies the shooting-date misses on the Gun Violence Archive articles (issue 3).
//!
//! Two steps, because the events come from the whole pipeline (the CLI), not this crate:
//!
//! ```text
//! cargo run -p eventwatch-time --example gva_dates -- ../shared/data train input > t.jsonl
//! cargo run -q -p eventwatch-cli -- extract --format jsonl t.jsonl > t.out
//! cargo run -p eventwatch-time --example gva_dates -- ../shared/data train classify t.out [CAUSE]
//! ```
//!
//! `input` writes the split's articles as JSON Lines (`id`, `text`, `published`).
//! `classify` joins the extraction with the gold rows and counts each miss under one cause;
//! with `CAUSE` (a prefix such as `B` or `E`) it prints those misses: gold date, predicted
//! date, publication date, and the date evidence of the main event (its words and rule).
//! The timexes are tagged again here to tell whether any of them names the gold day.
//! `rules` (same arguments as `classify`) counts, for the main event, the rule of
//! `event_date` and of the timex it used, with how many are right and how the misses are
//! off (days, predicted minus gold).

use std::collections::{BTreeMap, HashMap};

use eventwatch_text::{Document, DocumentMeta};
use jiff::civil::Date;
use serde_json::Value;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = args.first().map_or("../shared/data", String::as_str);
    let split = args.get(1).map_or("train", String::as_str);
    let mode = args.get(2).map_or("input", String::as_str);
    let read = |name: &str| -> anyhow::Result<Vec<Value>> {
        let path = format!("{data}/casualties/gva_{split}_{name}.json");
        Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
    };
    let articles = read("articles")?;
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    if mode == "input" {
        for (i, a) in articles.iter().enumerate() {
            let mut row = serde_json::json!({
                "id": format!("{split}-{i}"),
                "text": str_of(a, "text").unwrap_or_default(),
            });
            if let Some(p) = str_of(a, "publish_date") {
                row["published"] = Value::from(p.get(..10).unwrap_or(&p));
            }
            println!("{row}");
        }
        return Ok(());
    }
    let gold = read("gold")?;
    let out_path = args
        .get(3)
        .ok_or_else(|| anyhow::anyhow!("classify needs the extract output"))?;
    let show = args.get(4).cloned();
    let mut outputs: HashMap<String, Value> = HashMap::new();
    for line in std::fs::read_to_string(out_path)?.lines() {
        let v: Value = serde_json::from_str(line)?;
        if let Some(id) = str_of(&v, "id") {
            outputs.insert(id, v);
        }
    }
    let mut causes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut rules: BTreeMap<String, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    let (mut n, mut ok) = (0usize, 0usize);
    for (i, (a, g)) in articles.iter().zip(&gold).enumerate() {
        let Some(gd) = str_of(g, "shooting_date").filter(|d| !d.is_empty()) else {
            continue;
        };
        let Some(out) = outputs.get(&format!("{split}-{i}")) else {
            continue;
        };
        n += 1;
        let events = out["events"].as_array().cloned().unwrap_or_default();
        let dates: Vec<String> = events
            .iter()
            .map(|e| str_of(e, "date").unwrap_or_default())
            .collect();
        let predicted = dates.first().cloned().unwrap_or_default();
        if mode == "rules" {
            let published = str_of(out, "published").unwrap_or_default();
            let meta = DocumentMeta {
                published: published.parse::<Date>().ok(),
                ..DocumentMeta::default()
            };
            let doc = Document::new(meta, str_of(a, "text").unwrap_or_default());
            let evidence = events
                .first()
                .and_then(|e| e["evidence"].as_array())
                .and_then(|ev| ev.iter().find(|x| x["field"] == "date"));
            let key = match evidence {
                None => "published".to_string(),
                Some(x) => {
                    // Evidence offsets count characters; spans count bytes.
                    let chars = usize::try_from(x["start"].as_u64().unwrap_or(0)).unwrap_or(0);
                    let start = doc.text().char_indices().nth(chars).map_or(0, |(b, _)| b);
                    let timex = eventwatch_time::timexes(&doc)
                        .into_iter()
                        .find(|t| t.span.start as usize == start);
                    let mut timex_rule = timex
                        .as_ref()
                        .map_or("?".to_string(), |t| t.rule.to_string());
                    // A clock time with no day written: on the publication day.
                    if let Some(t) = timex.filter(|t| t.rule == "clock") {
                        let words = doc.slice(t.span).to_ascii_lowercase();
                        let named = eventwatch_text::calendar::words()
                            .any(|w| words.contains(&w.to_ascii_lowercase()));
                        if !named {
                            let pm = words.contains("p.m") || words.contains("pm");
                            timex_rule = format!("clock-dct-{}", if pm { "pm" } else { "am" });
                        }
                    }
                    format!("{} / {timex_rule}", str_of(x, "rule").unwrap_or_default())
                }
            };
            let row = rules.entry(key).or_default();
            if predicted == gd {
                row.0 += 1;
            } else {
                let d = gd
                    .parse::<Date>()
                    .ok()
                    .zip(predicted.parse::<Date>().ok())
                    .and_then(|(g, p)| g.until(p).ok())
                    .map_or(99, |s| s.get_days());
                let bucket = if d.abs() <= 2 {
                    format!("{d:+}")
                } else {
                    "far".into()
                };
                *row.1.entry(bucket).or_default() += 1;
            }
        }
        if predicted == gd {
            ok += 1;
            continue;
        }
        let published = str_of(out, "published").unwrap_or_default();
        let text = str_of(a, "text").unwrap_or_default();
        let meta = DocumentMeta {
            published: published.parse::<Date>().ok(),
            ..DocumentMeta::default()
        };
        let doc = Document::new(meta, text.clone());
        let gold_timexes: Vec<String> = eventwatch_time::timexes(&doc)
            .into_iter()
            .filter(|t| t.value.get(..10) == Some(gd.as_str()))
            .map(|t| doc.slice(t.span).to_string())
            .collect();
        let off = |a: &str, b: &str| -> Option<i32> {
            let (a, b) = (a.parse::<Date>().ok()?, b.parse::<Date>().ok()?);
            Some(a.until(b).ok()?.get_days())
        };
        let cause = if events.is_empty() {
            "A no event"
        } else if !gold_timexes.is_empty() && dates.contains(&gd) {
            "B1 a timex names the gold day; another event has it (grouping/order)"
        } else if !gold_timexes.is_empty() {
            "B2 a timex names the gold day; no event has it"
        } else if gd == published {
            "C gold = publication day, though the text names another day"
        } else if off(&gd, &predicted).is_some_and(|d| d.abs() == 1) {
            "E no timex names the gold day; off by one"
        } else {
            "F no timex names the gold day (noise, other incident, unstated)"
        };
        *causes.entry(cause).or_default() += 1;
        if show.as_deref().is_some_and(|s| cause.starts_with(s)) {
            let evidence = events
                .first()
                .and_then(|e| e["evidence"].as_array())
                .and_then(|ev| ev.iter().find(|x| x["field"] == "date"))
                .map(|x| {
                    format!(
                        "{:?} ({})",
                        str_of(x, "text").unwrap_or_default(),
                        str_of(x, "rule").unwrap_or_default()
                    )
                })
                .unwrap_or_else(|| "none (published)".into());
            println!("{i}: gold {gd} predicted {predicted} published {published}");
            println!("  evidence {evidence}; gold-day timexes {gold_timexes:?}");
        }
    }
    println!("{ok} of {n} exact");
    for (key, (hits, misses)) in &rules {
        println!("{key:40} right {hits:5}  wrong {misses:?}");
    }
    for (cause, count) in &causes {
        println!("{count:5}  {cause}");
    }
    Ok(())
}
