//! Runs the pipeline on JSON Lines `{"id", "text"}` records and prints each record's events
//! as JSON Lines `{"id", "events": [...], "places": [...]}`, building every document as the event scorers
//! do (no publication date, the text as given, no ingest cleaning):
//! `cargo run --release -p eventwatch-events --example dump_events -- IN.jsonl > OUT.jsonl`.
//!
//! A diagnostic for the ACLED scorers: join its output with the gold rows to read
//! per-row errors (the notes stay outside the repository).

use std::io::{BufWriter, Write};

use eventwatch_events::{Options, Pipeline};
use eventwatch_text::{Document, DocumentMeta};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: dump_events IN.jsonl (records {\"id\", \"text\"})")?;
    let pipeline =
        Pipeline::new(&Options { country_hint: None }).map_err(|e| format!("lexicons: {e:?}"))?;
    let out = std::io::stdout();
    let mut w = BufWriter::new(out.lock());
    for line in std::fs::read_to_string(&path)?.lines() {
        let row: serde_json::Value = serde_json::from_str(line)?;
        let id = row["id"].as_str().unwrap_or("").to_string();
        let text = row["text"].as_str().unwrap_or("").to_string();
        let doc = Document::new(
            DocumentMeta {
                id: id.clone(),
                published: None,
                ..DocumentMeta::default()
            },
            text,
        );
        let x = pipeline.extract(&doc);
        let v = serde_json::json!({ "id": id, "events": x.events, "places": x.places });
        writeln!(w, "{v}")?;
    }
    w.flush()?;
    Ok(())
}
