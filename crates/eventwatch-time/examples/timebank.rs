//! Scores the TIMEX3 tagger on TimeBank + AQUAINT: `cargo run -p eventwatch-time --example timebank -- ../shared/data`.

use eventwatch_eval::Extractor;
use eventwatch_schema::{Event, PlaceMention, TimeMention};
use eventwatch_text::Document;

struct Times;

impl Extractor for Times {
    fn events(&self, _doc: &Document) -> Vec<Event> {
        Vec::new()
    }

    fn places(&self, _doc: &Document) -> Vec<PlaceMention> {
        Vec::new()
    }

    fn times(&self, doc: &Document) -> Vec<TimeMention> {
        eventwatch_time::timexes(doc)
            .into_iter()
            .map(|t| {
                let (start, end) = doc.char_span(t.span);
                TimeMention {
                    start,
                    end,
                    text: doc.slice(t.span).to_string(),
                    kind: t.kind.as_str().to_string(),
                    value: t.value,
                }
            })
            .collect()
    }
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data".to_string());
    let report = eventwatch_eval::timebank::score(std::path::Path::new(&dir), &Times)?;
    println!("{}", report.table());
    if std::env::args().any(|a| a == "--details") {
        println!("{}", report.details);
    }
    Ok(())
}
