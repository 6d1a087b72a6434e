//! Runs the deduplication scorer (`eventwatch_eval::dedup`) through the real pipeline,
//! before the CLI's `eval` wires it in:
//! `cargo run -p eventwatch-consolidate --example dedup_eval -- ../shared/data [REPORT.md]`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::anyhow;
use eventwatch_events::{Options, Pipeline};

eventwatch_eval::extractor!(Scored, Pipeline);

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let out = args.next().map(PathBuf::from);
    let p = Scored(
        Pipeline::new(&Options { country_hint: None }).map_err(|e| anyhow!("lexicons: {e:?}"))?,
    );
    let t = Instant::now();
    for r in eventwatch_eval::dedup::score(&data, &p)? {
        print!("{}", r.table());
        for u in r.unreadable.iter().take(5) {
            eprintln!("  unreadable: {u}");
        }
        if let Some(path) = &out {
            std::fs::write(path, r.to_markdown())?;
        }
    }
    eprintln!("  (dedup: {:.1} s)", t.elapsed().as_secs_f64());
    Ok(())
}
