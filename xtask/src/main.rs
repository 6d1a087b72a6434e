//! `cargo xtask <command>`: project automation (data generation; more commands to come).
//!
//! Commands:
//! - `gazetteer [--shared DIR] [--cache DIR] [--cities FILE]`: regenerate `data/gazetteer/*.tsv`
//!   from GeoNames data (see [`gazetteer`]).
//! - `actors [--shared DIR]`: regenerate `crates/eventwatch-events/data/actors-phoenix.tsv`
//!   from the Phoenix dictionaries (see [`actors`]).
//! - `eval [--data DIR]`: score the pipeline on the dev sets (default `../shared/data`) with an
//!   optimised build and rewrite `eval/reports/*.md`.

mod actors;
mod gazetteer;
mod verbs;

use std::path::{Path, PathBuf};

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
        bail!("usage: cargo xtask <command> [args]; commands: gazetteer, eval");
    };
    let rest: Vec<String> = args.collect();
    match cmd.as_str() {
        "gazetteer" => gazetteer::run(&gazetteer::Options::parse(&rest, &repo_root()?)?),
        "eval" => eval(&rest),
        "actors" => actors::run(&SharedData::parse("actors", &rest, &repo_root()?)?),
        "verbs" => verbs::run(&SharedData::parse("verbs", &rest, &repo_root()?)?),
        other => bail!("unknown command {other:?}; expected one of: gazetteer, eval"),
    }
}

/// `cargo xtask eval [--data DIR]`: the CLI's `eval` on an optimised build, writing the reports.
fn eval(args: &[String]) -> Result<()> {
    let root = repo_root()?;
    let data = match args {
        [] => root.join("../shared/data"),
        [flag, dir] if flag == "--data" => PathBuf::from(dir),
        other => bail!("usage: cargo xtask eval [--data DIR], found {other:?}"),
    };
    let status =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(&root)
            .args([
                "run",
                "--release",
                "-q",
                "-p",
                "eventwatch-cli",
                "--",
                "eval",
                "--data",
            ])
            .arg(&data)
            .arg("--write")
            .arg(root.join("eval/reports"))
            .status()
            .context("cannot run cargo")?;
    if !status.success() {
        bail!("eventwatch eval failed ({status})");
    }
    Ok(())
}

/// Where a generator reads `../shared/data` and writes into the repository: the options
/// of `cargo xtask actors` and `cargo xtask verbs`.
pub struct SharedData {
    pub shared: PathBuf,
    pub root: PathBuf,
}

impl SharedData {
    /// `[--shared DIR]`, defaulting to `../shared/data` beside the repository.
    pub fn parse(command: &str, args: &[String], root: &Path) -> Result<SharedData> {
        let shared = match args {
            [] => root.join("../shared/data"),
            [flag, dir] if flag == "--shared" => PathBuf::from(dir),
            other => bail!("usage: cargo xtask {command} [--shared DIR], found {other:?}"),
        };
        Ok(SharedData {
            shared,
            root: root.to_path_buf(),
        })
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
