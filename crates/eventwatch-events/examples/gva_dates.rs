//! Prints the GVA articles whose main-event date misses the gold shooting date, with the
//! date evidence the pipeline used and the article's time expressions:
//! `cargo run --release -p eventwatch-events --example gva_dates -- ../shared/data val [N]`.
//!
//! A diagnostic for the shooting-date figure of `eventwatch eval --only casualties`; the
//! articles stay outside the repository.

use eventwatch_events::{Options, Pipeline};
use eventwatch_text::{Document, DocumentMeta};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = std::path::PathBuf::from(args.next().ok_or("usage: gva_dates DATA SPLIT [N]")?);
    let split = args.next().unwrap_or_else(|| "val".into());
    let limit: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    let read = |name: &str| -> Result<Vec<serde_json::Value>, Box<dyn std::error::Error>> {
        let path = data.join(format!("casualties/gva_{split}_{name}.json"));
        Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
    };
    let (articles, gold) = (read("articles")?, read("gold")?);
    let pipeline =
        Pipeline::new(&Options { country_hint: None }).map_err(|e| format!("lexicons: {e:?}"))?;
    let mut shown = 0;
    for (i, (a, g)) in articles.iter().zip(&gold).enumerate() {
        let text = a["text"].as_str().unwrap_or("");
        let published = a["publish_date"]
            .as_str()
            .and_then(|d| d.get(..10).unwrap_or(d).parse::<jiff::civil::Date>().ok());
        let gold_date = g["shooting_date"].as_str().unwrap_or("");
        let doc = Document::new(
            DocumentMeta {
                id: format!("gva-{split}-{i}"),
                published,
                language: Some("en".into()),
                ..DocumentMeta::default()
            },
            text,
        );
        let x = pipeline.extract(&doc);
        let date = x.events.first().and_then(|e| e.date.clone());
        if gold_date.is_empty() || date.as_deref() == Some(gold_date) {
            continue;
        }
        shown += 1;
        if shown > limit {
            break;
        }
        let pubd = published
            .map(|d| format!("{d} {:?}", d.weekday()))
            .unwrap_or_default();
        println!("==== gva-{split}-{i} gold {gold_date} predicted {date:?} published {pubd}");
        if let Some(e) = x.events.first() {
            for ev in e.evidence.iter().filter(|ev| ev.field == "date") {
                println!("  date evidence: {:?} ({})", ev.text, ev.rule);
            }
            println!(
                "  main: {} / {} k{} i{}",
                e.event_type, e.sub_event_type, e.fatalities, e.injuries
            );
        }
        for t in &x.times {
            println!("  timex {:?} = {:?}", t.text, t.value);
        }
        println!(
            "  {}",
            text.chars()
                .take(400)
                .collect::<String>()
                .replace('\n', " ")
        );
    }
    Ok(())
}
