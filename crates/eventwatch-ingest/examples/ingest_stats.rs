//! Reads the given paths and prints counts, reject/skip reasons and throughput.
//!
//! `cargo run -p eventwatch-ingest --example ingest_stats -- PATH...`

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use eventwatch_ingest::{read_paths, Item, Options};

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let start = Instant::now();
    let (mut docs, mut bytes, mut dated, mut titled) = (0usize, 0usize, 0usize, 0usize);
    let mut rejects: BTreeMap<String, usize> = BTreeMap::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut diagnostics: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut first_rejects = Vec::new();
    // DUMP=file writes {"id","text"} per document, for comparing with a source.
    let mut dump = std::env::var_os("DUMP").and_then(|p| std::fs::File::create(p).ok());
    for item in read_paths(&paths, &Options::default()) {
        match item {
            Item::Doc(d) => {
                docs += 1;
                bytes += d.doc.text().len();
                dated += usize::from(d.doc.published().is_some());
                titled += usize::from(d.doc.meta.title.is_some());
                if let Some(f) = dump.as_mut() {
                    use std::io::Write;
                    let line = serde_json::json!({"id": d.doc.id(), "text": d.doc.text()});
                    let _ = writeln!(f, "{line}");
                }
                for diag in &d.diagnostics {
                    *diagnostics.entry(diag.code).or_default() += 1;
                }
            }
            Item::Reject(r) => {
                let kind: String = r.reason.chars().take(60).collect();
                *rejects.entry(kind).or_default() += 1;
                if first_rejects.len() < 5 {
                    first_rejects.push(r.to_string());
                }
            }
            Item::Skipped(s) => *skipped.entry(s.why).or_default() += 1,
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "documents: {docs} ({dated} dated, {titled} titled), text {:.1} MB",
        bytes as f64 / 1e6
    );
    println!(
        "elapsed: {secs:.2} s, {:.0} docs/s, {:.1} MB/s of text",
        docs as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
    println!("rejects: {}", rejects.values().sum::<usize>());
    for (reason, n) in &rejects {
        println!("  {n:6}  {reason}");
    }
    for r in &first_rejects {
        println!("  e.g. {r}");
    }
    println!("skipped: {}", skipped.values().sum::<usize>());
    for (why, n) in &skipped {
        println!("  {n:6}  {why}");
    }
    println!("diagnostics: {diagnostics:?}");
}
