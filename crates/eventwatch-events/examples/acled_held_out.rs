//! Scores the ACLED rows the eval leaves out, to check that a coding rule generalises:
//! `cargo run --release -p eventwatch-events --example acled_held_out -- [DATA] [RESIDUE]`.
//!
//! `eventwatch eval --only events` scores every `k`-th row of the 2015 South Asia export
//! starting with the first (`k` = 6 today); this prints the same report for the rows
//! starting at `RESIDUE` (default 1), which no rule was tuned on; `RESIDUE` 0 prints the
//! three reports the eval prints. `DATA` is the dev-data folder (default
//! `../shared/data`). The 2016 and 2020 samples are scored whole, so they have no
//! held-out rows.

use std::path::PathBuf;

use eventwatch_eval::events::{acled, find_data_file};
use eventwatch_events::{Options, Pipeline};

eventwatch_eval::extractor!(Scored, Pipeline);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let residue: usize = match args.next() {
        Some(r) => r
            .parse()
            .map_err(|_| format!("RESIDUE: expected a row offset like 1, found {r:?}"))?,
        None => 1,
    };
    let pipeline =
        Pipeline::new(&Options { country_hint: None }).map_err(|e| format!("lexicons: {e:?}"))?;
    let x = Scored(pipeline);
    for set in acled::AcledSet::ALL {
        let path = find_data_file(&data, "events", set.file())?;
        if residue == 0 {
            print!("{}", acled::score(&path, set, &x)?.table());
            continue;
        }
        match acled::score_held_out(&path, set, &x, residue)? {
            Some(report) => print!("{}", report.table()),
            None => eprintln!("{}: scored whole, no held-out rows", set.name()),
        }
    }
    Ok(())
}
