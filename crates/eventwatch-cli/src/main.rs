//! `eventwatch`: the command-line program.
//!
//! Subcommands: `extract`, `places`, `times` (read inputs, write the output contract),
//! `ingest` and `events` (the SQLite store), `incidents`, `explain`, `split`, `merge`,
//! `apart` (consolidated events and the user's corrections), `serve` (HTTP API and map page), `eval`
//! (score the dev sets). This is the only
//! place besides `eventwatch-ingest` and `eventwatch-store` that does IO; errors are printed
//! with their whole chain and bad records are reported at the end of a run.

mod cmd;
mod incidents;
mod output;
mod progress;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Extraction and consolidation allocate many small strings and vectors per document;
/// the system allocator was a tenth of ingest's CPU time. SQLite keeps calling the C
/// allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "eventwatch",
    version,
    about = "News reports in, geocoded events with casualty counts and evidence out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by every command that reads documents.
#[derive(clap::Args, Clone)]
pub struct InputArgs {
    /// Files or directories (recursive) to read; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Input format when the extension does not say it: txt, jsonl, html, feed, warc.
    #[arg(long = "input-format")]
    pub input_format: Option<String>,
    /// Publication date for inputs that carry none (YYYY-MM-DD): the anchor for "on Thursday".
    #[arg(long)]
    pub published: Option<String>,
    /// Where to write rejected records (JSON Lines); written only when there are rejects.
    #[arg(long, default_value = "eventwatch-rejects.jsonl")]
    pub rejects: PathBuf,
    /// ISO 3166 code of the country most places are expected in (biases the geoparser).
    #[arg(long = "country-hint")]
    pub country_hint: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events: one {"id", "events": [...]} per document.
    Extract {
        #[command(flatten)]
        input: InputArgs,
        /// jsonl, json, csv, geojson or table (default: table on a terminal, jsonl otherwise).
        #[arg(long)]
        format: Option<String>,
    },
    /// Find and resolve place names: one {"id", "places": [...]} per document.
    Places {
        #[command(flatten)]
        input: InputArgs,
    },
    /// Find time expressions (TIMEX3): one {"id", "times": [...]} per document.
    Times {
        #[command(flatten)]
        input: InputArgs,
    },
    /// Extract and store documents and their events in the SQLite store (idempotent).
    Ingest {
        #[command(flatten)]
        input: InputArgs,
        /// The store file.
        #[arg(long, default_value = "eventwatch.db")]
        db: PathBuf,
        /// Documents per transaction.
        #[arg(long, default_value_t = cmd::IngestOptions::DEFAULT_BATCH)]
        batch: usize,
        /// auto (a bar when stderr is a terminal), lines (`committed N documents` per batch) or none.
        #[arg(long, value_enum, default_value = "auto")]
        progress: cmd::ProgressMode,
    },
    /// List consolidated events (one per incident, many reports) with their figure ranges.
    Incidents {
        #[arg(long, default_value = "eventwatch.db")]
        db: PathBuf,
        #[command(flatten)]
        query: cmd::EventQuery,
        /// Only incidents with at least this many reports.
        #[arg(long = "min-reports")]
        min_reports: Option<u32>,
        /// jsonl, json, csv or table (default: table on a terminal, jsonl otherwise).
        #[arg(long)]
        format: Option<String>,
    },
    /// Show how a consolidated event was built: its reports, figures and every merge with its reasons.
    Explain {
        /// A consolidated event id (ce-...) or a mention DOC#INDEX.
        id: String,
        #[arg(long, default_value = "eventwatch.db")]
        db: PathBuf,
        /// text (default) or json.
        #[arg(long)]
        format: Option<String>,
    },
    /// Make a mention an event of its own (kept across re-ingestion).
    Split {
        /// The mention, DOC#INDEX.
        mention: String,
        #[command(flatten)]
        o: cmd::OverrideArgs,
    },
    /// Declare two mentions the same event.
    Merge {
        /// DOC#INDEX
        a: String,
        /// DOC#INDEX
        b: String,
        #[command(flatten)]
        o: cmd::OverrideArgs,
    },
    /// Declare two mentions different events.
    Apart {
        /// DOC#INDEX
        a: String,
        /// DOC#INDEX
        b: String,
        #[command(flatten)]
        o: cmd::OverrideArgs,
    },
    /// Serve the HTTP API and the map page over the store, after ingesting any PATHs given.
    Serve {
        /// Files or directories to ingest before serving (optional).
        paths: Vec<PathBuf>,
        #[arg(long, default_value = "eventwatch.db")]
        db: PathBuf,
        /// Address to listen on; loopback unless you say otherwise.
        #[arg(long, default_value = eventwatch_server::DEFAULT_ADDR)]
        addr: std::net::SocketAddr,
        /// Bearer token for write endpoints (default: $EVENTWATCH_TOKEN; none disables writes).
        #[arg(long)]
        token: Option<String>,
        /// Where to write rejected records of the ingest.
        #[arg(long, default_value = "eventwatch-rejects.jsonl")]
        rejects: PathBuf,
    },
    /// List stored events, with filters.
    Events {
        #[arg(long, default_value = "eventwatch.db")]
        db: PathBuf,
        #[command(flatten)]
        query: cmd::EventQuery,
        /// jsonl, json, csv, geojson or table (default: table on a terminal, jsonl otherwise).
        #[arg(long)]
        format: Option<String>,
    },
    /// Score the pipeline on the dev sets in ../shared/data.
    Eval {
        /// The dev-data folder.
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        /// Only these suites: casualties, events, geo, time, dedup, ucdp, ner.
        #[arg(long)]
        only: Vec<String>,
        /// Write eval/reports/<name>.md for each report.
        #[arg(long)]
        write: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract { input, format } => cmd::extract(&input, format.as_deref()),
        Command::Places { input } => cmd::places(&input),
        Command::Times { input } => cmd::times(&input),
        Command::Ingest {
            input,
            db,
            batch,
            progress,
        } => cmd::ingest(
            &input,
            &db,
            &cmd::IngestOptions {
                batch,
                progress,
                exiting: true,
            },
        ),
        Command::Incidents {
            db,
            query,
            min_reports,
            format,
        } => incidents::list(&db, query, min_reports, format.as_deref()),
        Command::Explain { id, db, format } => incidents::explain(&db, &id, format.as_deref()),
        Command::Split { mention, o } => incidents::split(&mention, &o),
        Command::Merge { a, b, o } => incidents::pair(incidents::Pair::Merge, &a, &b, &o),
        Command::Apart { a, b, o } => incidents::pair(incidents::Pair::Apart, &a, &b, &o),
        Command::Serve {
            paths,
            db,
            addr,
            token,
            rejects,
        } => cmd::serve(paths, &db, addr, token, rejects),
        Command::Events { db, query, format } => cmd::events(&db, query, format.as_deref()),
        Command::Eval { data, only, write } => cmd::eval(&data, &only, write.as_deref()),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`eventwatch events | head`): stop quietly, as `cat` does.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}
