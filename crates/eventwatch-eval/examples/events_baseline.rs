//! Trivial baseline for the event scorers: every document yields one "Protests/Peaceful
//! protest" event with no actors, place, date or fatalities.
//!
//! Run `cargo run -p eventwatch-eval --example events_baseline -- ../shared/data` to check
//! that the loaders read every row of the dev sets; it prints each report's table and the
//! first unreadable rows. With a second argument (a folder), it also writes each report's
//! markdown there as `<name>.md`.

use std::path::PathBuf;
use std::time::Instant;

use eventwatch_eval::{events, Extractor};
use eventwatch_schema::{Event, PlaceMention, TimeMention};
use eventwatch_text::Document;

struct AlwaysPeacefulProtest;

impl Extractor for AlwaysPeacefulProtest {
    fn events(&self, _doc: &Document) -> Vec<Event> {
        vec![Event {
            cameo: Some("14".into()),
            ..Event::of_type("Protests", "Peaceful protest", "PROTEST")
        }]
    }

    fn places(&self, _doc: &Document) -> Vec<PlaceMention> {
        Vec::new()
    }

    fn times(&self, _doc: &Document) -> Vec<TimeMention> {
        Vec::new()
    }
}

fn main() -> anyhow::Result<()> {
    let data_dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("../shared/data"), PathBuf::from);
    let out_dir = std::env::args_os().nth(2).map(PathBuf::from);
    let start = Instant::now();
    let reports = events::score_all(&data_dir, &AlwaysPeacefulProtest)?;
    for r in &reports {
        print!("{}", r.table());
        for u in r.unreadable.iter().take(5) {
            println!("    {u}");
        }
        if let Some(first_line) = r.details.lines().next() {
            println!("    {first_line}");
        }
        if let Some(dir) = &out_dir {
            std::fs::write(dir.join(format!("{}.md", r.name)), r.to_markdown())?;
        }
    }
    eprintln!("scored in {:.2?}", start.elapsed());
    Ok(())
}
