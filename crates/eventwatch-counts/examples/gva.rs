//! Scores `document_totals` on the GVA articles as a one-event-per-document extractor.
//!
//! `cargo run -p eventwatch-counts --example gva -- ../shared/data [split ...] [--show N]`
//! prints the report table for each split (default `train val`), and with `--show N` the
//! first N documents whose killed or injured figure is wrong, with the mentions found.

use std::path::PathBuf;

use eventwatch_eval::Extractor;
use eventwatch_schema::{Event, PlaceMention, TimeMention};
use eventwatch_text::{Document, DocumentMeta};

struct Counts;

impl Extractor for Counts {
    fn events(&self, doc: &Document) -> Vec<Event> {
        let cas = eventwatch_counts::casualties(doc);
        let tally = eventwatch_counts::tally(doc, &cas);
        let (killed, injured) = eventwatch_counts::document_totals(doc, &cas, &tally);
        vec![Event {
            fatalities: killed,
            injuries: injured,
            hedged: cas.iter().any(|c| c.hedged),
            ..Event::of_type("Violence against civilians", "Attack", "ASSAULT")
        }]
    }
    fn places(&self, _: &Document) -> Vec<PlaceMention> {
        Vec::new()
    }
    fn times(&self, _: &Document) -> Vec<TimeMention> {
        Vec::new()
    }
}

fn show(data: &std::path::Path, split: &str, n: usize) -> anyhow::Result<()> {
    let read = |name: &str| -> anyhow::Result<Vec<serde_json::Value>> {
        let path = data.join(format!("casualties/gva_{split}_{name}.json"));
        Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
    };
    let (articles, gold) = (read("articles")?, read("gold")?);
    let mut shown = 0;
    for (i, (a, g)) in articles.iter().zip(&gold).enumerate() {
        let text = a.get("text").and_then(|t| t.as_str()).unwrap_or("");
        let doc = Document::new(DocumentMeta::default(), text);
        let cas = eventwatch_counts::casualties(&doc);
        let tally = eventwatch_counts::tally(&doc, &cas);
        let (k, inj) = eventwatch_counts::document_totals(&doc, &cas, &tally);
        let (gk, gi) = (
            g["n_killed"].as_u64().unwrap_or(0) as u32,
            g["n_injured"].as_u64().unwrap_or(0) as u32,
        );
        if (gk, gi) == (k, inj) {
            continue;
        }
        println!("==== gva-{split}-{i} gold {gk}/{gi} predicted {k}/{inj}");
        if cas.is_empty() {
            println!("{}", text.chars().take(1500).collect::<String>());
        }
        for (j, c) in cas.iter().enumerate() {
            let flags = [
                (tally.duplicates.contains(&j), "dup"),
                (tally.aggregates.contains(&j), "agg"),
                (c.negated, "neg"),
                (c.hypothetical, "hyp"),
                (c.struck, "struck"),
                (c.total, "total"),
                (c.background, "bg"),
            ];
            let flags: Vec<&str> = flags.iter().filter(|f| f.0).map(|f| f.1).collect();
            let sentence = doc
                .sentences()
                .get(doc.sentence_index(c.span.start))
                .map_or("", |s| doc.slice(*s));
            println!(
                "  - {:?} {} [{}] {:?} {}\n      | {}",
                c.kind,
                c.count.best,
                c.rule,
                doc.slice(c.span),
                flags.join(","),
                sentence.trim()
            );
        }
        shown += 1;
        if shown >= n {
            break;
        }
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let mut splits = Vec::new();
    let mut show_n = 0;
    while let Some(a) = args.next() {
        if a == "--show" {
            show_n = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
        } else {
            splits.push(a);
        }
    }
    if splits.is_empty() {
        splits = vec!["train".into(), "val".into()];
    }
    for split in &splits {
        let start = std::time::Instant::now();
        let report = eventwatch_eval::casualties::score_split(&data, &Counts, split)?;
        print!("{}", report.table());
        println!("  ({:.2} s)", start.elapsed().as_secs_f64());
        if show_n > 0 {
            show(&data, split, show_n)?;
        } else {
            println!(
                "{}",
                report
                    .details
                    .lines()
                    .take(20)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
    Ok(())
}
