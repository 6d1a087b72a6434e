//! `cargo xtask <command>`: project automation (data generation; more commands to come).
//!
//! Commands:
//! - `gazetteer [--shared DIR] [--cache DIR] [--cities FILE]`: regenerate `data/gazetteer/*.tsv`
//!   from GeoNames data (see [`gazetteer`]).

mod gazetteer;

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(cmd) = args.next() else {
        bail!("usage: cargo xtask <command> [args]; commands: gazetteer");
    };
    let rest: Vec<String> = args.collect();
    match cmd.as_str() {
        "gazetteer" => gazetteer::run(&gazetteer::Options::parse(&rest, &repo_root()?)?),
        other => bail!("unknown command {other:?}; expected one of: gazetteer"),
    }
}

/// The workspace root: the parent of this crate's folder.
fn repo_root() -> Result<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map(PathBuf::from)
        .context("xtask folder has no parent")
}
