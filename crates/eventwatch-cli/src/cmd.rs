//! The subcommands: each reads inputs, runs the pipeline and writes results.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use eventwatch_consolidate::Config as ConsolidateConfig;
use eventwatch_events::{Extraction, Options, Pipeline};
use eventwatch_ingest::{self as ingest, Ingested, Item};
use eventwatch_schema::{DocumentEvents, DocumentPlaces, DocumentTimes, Event};
use eventwatch_store::{EventFilter, Inserted, Order, Store};
use eventwatch_text::Document;

use crate::output::{Format, Writer};
use crate::progress::{input_bytes, Progress};
use crate::InputArgs;

fn pipeline(input: &InputArgs) -> Result<Pipeline> {
    Pipeline::new(&Options {
        country_hint: input.country_hint.clone(),
    })
    .map_err(|errs| {
        let lines: Vec<String> = errs.into_iter().map(|e| e.0).collect();
        anyhow!("the shipped lexicons have bad lines:\n{}", lines.join("\n"))
    })
}

pub(crate) fn parse_date(flag: &str, value: &str) -> Result<jiff::civil::Date> {
    value
        .parse::<jiff::civil::Date>()
        .map_err(|_| anyhow!("{flag}: expected a date like 2019-11-29, found {value:?}"))
}

/// What a run read, for the report at the end.
#[derive(Default)]
struct Tally {
    documents: u64,
    rejects: u64,
    skipped: u64,
    bytes: u64,
    rejects_file: Option<BufWriter<File>>,
}

impl Tally {
    fn reject(&mut self, path: &Path, reject: &ingest::Reject) -> Result<()> {
        self.rejects += 1;
        eprintln!("rejected: {reject}");
        if self.rejects_file.is_none() {
            let f = File::create(path)
                .with_context(|| format!("cannot create rejects file {}", path.display()))?;
            self.rejects_file = Some(BufWriter::new(f));
        }
        if let Some(f) = self.rejects_file.as_mut() {
            writeln!(f, "{}", reject.to_json_line())?;
        }
        Ok(())
    }

    fn report(mut self, what: &str, rejects_path: &Path, started: Instant) -> Result<ExitCode> {
        if let Some(mut f) = self.rejects_file.take() {
            f.flush()?;
        }
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "{what}: {} documents ({:.0} docs/s, {:.2} MB/s), {} rejected{}, {} skipped",
            self.documents,
            self.documents as f64 / secs,
            self.bytes as f64 / secs / 1e6,
            self.rejects,
            if self.rejects > 0 {
                format!(" (written to {})", rejects_path.display())
            } else {
                String::new()
            },
            self.skipped
        );
        Ok(if self.rejects > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}

/// Reads every input and calls `each` on every accepted document.
fn for_each_document(
    input: &InputArgs,
    mut each: impl FnMut(Ingested) -> Result<()>,
) -> Result<Tally> {
    let format = input
        .input_format
        .as_deref()
        .map(|f| {
            f.parse::<ingest::Format>()
                .map_err(|e| anyhow!("--input-format: {e}"))
        })
        .transpose()?;
    let published = input
        .published
        .as_deref()
        .map(|d| parse_date("--published", d))
        .transpose()?;
    let opts = ingest::Options {
        format,
        published,
        source: None,
    };
    let mut tally = Tally::default();
    let mut handle = |item: Item, tally: &mut Tally| -> Result<()> {
        match item {
            Item::Doc(d) => {
                tally.documents += 1;
                tally.bytes += d.doc.text().len() as u64;
                for diag in &d.diagnostics {
                    eprintln!("{}: {}: {}", d.origin, diag.severity.as_str(), diag.message);
                }
                each(d)?;
            }
            Item::Reject(r) => tally.reject(&input.rejects, &r)?,
            Item::Skipped(_) => tally.skipped += 1,
        }
        Ok(())
    };
    let (stdin, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        input.paths.iter().partition(|p| p.as_os_str() == "-");
    let files: Vec<PathBuf> = files.into_iter().cloned().collect();
    for item in ingest::read_paths(&files, &opts) {
        handle(item, &mut tally)?;
    }
    if !stdin.is_empty() {
        let fmt = format.unwrap_or(ingest::Format::Jsonl);
        for item in ingest::read_reader("-", std::io::stdin().lock(), fmt, &opts) {
            handle(item, &mut tally)?;
        }
    }
    Ok(tally)
}

fn document_events(doc: &Document, events: Vec<Event>) -> DocumentEvents {
    DocumentEvents {
        id: doc.id().to_string(),
        title: doc.meta.title.clone(),
        published: doc.published().map(|d| d.to_string()),
        events,
    }
}

pub fn extract(input: &InputArgs, format: Option<&str>) -> Result<ExitCode> {
    let format = Format::choose(format)?;
    let p = pipeline(input)?;
    let started = Instant::now();
    let stdout = std::io::stdout();
    let mut w = Writer::new(BufWriter::new(stdout.lock()), format);
    let tally = for_each_document(input, |d| {
        let Extraction { events, .. } = p.extract(&d.doc);
        w.write(&document_events(&d.doc, events))
    })?;
    w.finish()?;
    tally.report("extract", &input.rejects, started)
}

fn write_lines<T: serde::Serialize>(
    input: &InputArgs,
    what: &str,
    make: impl Fn(&Document, Extraction) -> T,
) -> Result<ExitCode> {
    let p = pipeline(input)?;
    let started = Instant::now();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let tally = for_each_document(input, |d| {
        let x = p.extract(&d.doc);
        serde_json::to_writer(&mut out, &make(&d.doc, x))?;
        out.write_all(b"\n")?;
        Ok(())
    })?;
    out.flush()?;
    tally.report(what, &input.rejects, started)
}

pub fn places(input: &InputArgs) -> Result<ExitCode> {
    write_lines(input, "places", |doc, x| DocumentPlaces {
        id: doc.id().to_string(),
        places: x.places,
    })
}

pub fn times(input: &InputArgs) -> Result<ExitCode> {
    write_lines(input, "times", |doc, x| DocumentTimes {
        id: doc.id().to_string(),
        times: x.times,
    })
}

/// How `ingest` reports progress on stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProgressMode {
    /// A bar with rate and ETA when stderr is a terminal, nothing otherwise.
    Auto,
    /// One `committed N documents` line after each committed batch (for scripts and tests).
    Lines,
    /// Nothing.
    None,
}

/// Ingest settings beyond the inputs.
pub struct IngestOptions {
    /// Documents per transaction.
    pub batch: usize,
    pub progress: ProgressMode,
    /// The process ends after the command: the consolidation state (every mention with
    /// its event, ~0.1 s to free on 40,000 mentions) is left to the OS instead of freed.
    pub exiting: bool,
}

impl IngestOptions {
    /// A larger batch rewrites fewer incidents (a cluster that grows within one batch is
    /// written once): on the 5,304 GVA articles 1,024 takes ~12% less CPU than 256 and
    /// 2,048 ~7% less than 1,024 (4,096 no less than 2,048, with more memory), and a
    /// crash loses at most one uncommitted batch (about two seconds of work at 2,048),
    /// which re-ingesting redoes.
    pub const DEFAULT_BATCH: usize = 2048;
}

pub fn ingest(input: &InputArgs, db: &Path, opts: &IngestOptions) -> Result<ExitCode> {
    let p = pipeline(input)?;
    let mut store =
        Store::open(db).with_context(|| format!("cannot open store {}", db.display()))?;
    let started = Instant::now();
    // Consolidation state: rebuilt from the stored events (and brought in step if the
    // store is not), then updated batch by batch in the same transaction as the documents.
    let mut consolidator = store
        .consolidator(ConsolidateConfig::standard())
        .context("cannot load the consolidated events")?;
    let load_secs = started.elapsed().as_secs_f64();
    let (mut new, mut dup, mut new_events) = (0u64, 0u64, 0u64);
    let (mut upserted, mut removed) = (0u64, 0u64);
    let mut committed = 0u64;
    // Time spent storing and consolidating (the rest is reading and extracting).
    let mut store_secs = 0.0f64;
    let mut refused: Vec<ingest::Reject> = Vec::new();
    let batch_size = opts.batch.max(1);
    let mut bar = Progress::new(
        opts.progress == ProgressMode::Auto,
        input_bytes(&input.paths),
    );
    let mut batch: Vec<(Ingested, Vec<Event>)> = Vec::with_capacity(batch_size);
    let mut flush = |batch: &mut Vec<(Ingested, Vec<Event>)>,
                     store: &mut Store,
                     bar: &mut Progress|
     -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let published: Vec<Option<String>> = batch
            .iter()
            .map(|(d, _)| d.doc.published().map(|p| p.to_string()))
            .collect();
        // The events move to the store (the batch keeps the documents for the results).
        let items = batch
            .iter_mut()
            .zip(&published)
            .map(|((d, events), published)| {
                (
                    eventwatch_server::new_document(d, published.as_deref()),
                    std::mem::take(events),
                )
            });
        let writing = Instant::now();
        let outcome = store
            .insert_batch_consolidated(&mut consolidator, items)
            .context("cannot write to the store")?;
        store_secs += writing.elapsed().as_secs_f64();
        upserted += outcome.changes.upserted.len() as u64;
        removed += outcome.changes.removed.len() as u64;
        for (result, (d, _)) in outcome.results.into_iter().zip(batch.iter()) {
            match result {
                Ok(Inserted::New { events, .. }) => {
                    new += 1;
                    new_events += events as u64;
                }
                Ok(Inserted::Duplicate { .. }) => dup += 1,
                // A document the store refuses (an id reused for another text) is a reject.
                Err(e) => refused.push(ingest::Reject {
                    origin: d.origin.clone(),
                    reason: format!("{e}"),
                    raw: None,
                }),
            }
        }
        committed += batch.len() as u64;
        if opts.progress == ProgressMode::Lines {
            eprintln!("committed {committed} documents");
        }
        bar.committed(committed);
        batch.clear();
        Ok(())
    };
    let (mut seen_docs, mut seen_bytes) = (0u64, 0u64);
    let mut tally = for_each_document(input, |d| {
        seen_docs += 1;
        seen_bytes += d.doc.text().len() as u64;
        let events = p.extract(&d.doc).events;
        batch.push((d, events));
        bar.read(seen_docs, seen_bytes);
        if batch.len() >= batch_size {
            flush(&mut batch, &mut store, &mut bar)?;
        }
        Ok(())
    })?;
    flush(&mut batch, &mut store, &mut bar)?;
    bar.finish();
    for r in &refused {
        tally.reject(&input.rejects, r)?;
    }
    let incidents = consolidator.events().count();
    eprintln!(
        "consolidation: {incidents} incidents from {} events ({upserted} written, {removed} removed); \
         state loaded in {load_secs:.2} s, storing and consolidating took {store_secs:.2} s",
        consolidator.len()
    );
    if opts.exiting {
        std::mem::forget(consolidator);
    }
    let stats = store.stats()?;
    eprintln!(
        "store {}: {new} new documents with {new_events} events, {dup} already stored; now {} documents, {} events, {} fatalities",
        db.display(),
        stats.documents,
        stats.events,
        stats.fatalities
    );
    let top = store.events(&EventFilter {
        min_fatalities: Some(1),
        limit: 10,
        order: Order::NewestFirst,
        ..EventFilter::default()
    })?;
    if !top.is_empty() {
        eprintln!("\nlatest lethal events:");
        let mut out = String::from(&eventwatch_schema::render::table_header());
        for e in top {
            out.push_str(&eventwatch_schema::render::table_rows(&DocumentEvents {
                id: e.doc_id,
                title: None,
                published: None,
                events: vec![e.event],
            }));
        }
        eprint!("{out}");
    }
    tally.report("ingest", &input.rejects, started)
}

/// `eventwatch serve [PATH...]`: ingest what is given, then serve until Ctrl-C.
pub fn serve(
    paths: Vec<PathBuf>,
    db: &Path,
    addr: std::net::SocketAddr,
    token: Option<String>,
    rejects: PathBuf,
) -> Result<ExitCode> {
    if !paths.is_empty() {
        let input = InputArgs {
            paths,
            input_format: None,
            published: None,
            rejects,
            country_hint: None,
        };
        ingest(
            &input,
            db,
            &IngestOptions {
                batch: IngestOptions::DEFAULT_BATCH,
                progress: ProgressMode::Auto,
                exiting: false,
            },
        )?;
    }
    let mut config = eventwatch_server::ServerConfig::new(db.to_path_buf());
    config.addr = addr;
    if token.is_some() {
        config.token = token;
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?
        .block_on(eventwatch_server::serve(config))?;
    Ok(ExitCode::SUCCESS)
}

/// Where and by whom an override is recorded.
#[derive(clap::Args, Clone)]
pub struct OverrideArgs {
    #[arg(long, default_value = "eventwatch.db")]
    pub db: PathBuf,
    /// Who makes the correction (default: $USER).
    #[arg(long)]
    pub by: Option<String>,
    /// Why, in a few words.
    #[arg(long)]
    pub note: Option<String>,
    /// Withdraw this override instead of adding it.
    #[arg(long)]
    pub undo: bool,
}

/// The filters `events` and `incidents` share.
#[derive(clap::Args)]
pub struct EventQuery {
    /// ISO 3166 alpha-3 country code.
    #[arg(long)]
    pub country: Option<String>,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    /// ACLED event type or sub-event type.
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// Only those with at least this many fatalities (an incident: by its highest report).
    #[arg(long = "min-fatalities")]
    pub min_fatalities: Option<u32>,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
}

impl EventQuery {
    /// `--from`/`--to` must be dates, whatever else is wrong.
    pub fn check_dates(&self) -> Result<()> {
        for (flag, v) in [("--from", &self.from), ("--to", &self.to)] {
            if let Some(v) = v {
                parse_date(flag, v)?;
            }
        }
        Ok(())
    }

    /// `--type` as (event type, sub-event type): an ACLED sub-event type goes in the second.
    pub fn type_and_sub_type(&self) -> (Option<String>, Option<String>) {
        let is_sub = self
            .event_type
            .as_deref()
            .is_some_and(|t| eventwatch_schema::acled_event_type_of(t).is_some());
        if is_sub {
            (None, self.event_type.clone())
        } else {
            (self.event_type.clone(), None)
        }
    }
}

/// Opens a store that must already exist (the query commands never create one).
pub(crate) fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        bail!(
            "no store at {}: run `eventwatch ingest PATH...` first",
            db.display()
        );
    }
    Store::open(db).with_context(|| format!("cannot open store {}", db.display()))
}

pub fn events(db: &Path, q: EventQuery, format: Option<&str>) -> Result<ExitCode> {
    let format = Format::choose(format)?;
    q.check_dates()?;
    let store = open_existing(db)?;
    let (event_type, sub_event_type) = q.type_and_sub_type();
    let filter = EventFilter {
        country: q.country,
        date_from: q.from,
        date_to: q.to,
        event_type,
        sub_event_type,
        min_fatalities: q.min_fatalities,
        limit: q.limit,
        ..EventFilter::default()
    };
    let stdout = std::io::stdout();
    let mut w = Writer::new(BufWriter::new(stdout.lock()), format);
    for e in store.events(&filter)? {
        w.write(&DocumentEvents {
            id: e.doc_id,
            title: None,
            published: None,
            events: vec![e.event],
        })?;
    }
    w.finish()?;
    Ok(ExitCode::SUCCESS)
}

eventwatch_eval::extractor!(Scored, Pipeline);

pub fn eval(data: &Path, only: &[String], write: Option<&Path>) -> Result<ExitCode> {
    if !data.is_dir() {
        eprintln!(
            "eval skipped: the dev data folder {} does not exist (pass --data DIR; see ../shared/data/README.md)",
            data.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let p = Scored(
        Pipeline::new(&Options { country_hint: None }).map_err(|e| anyhow!("lexicons: {e:?}"))?,
    );
    let wanted = |s: &str| only.is_empty() || only.iter().any(|o| o == s);
    let mut reports = Vec::new();
    let mut run = |name: &str, f: &dyn Fn() -> Result<Vec<eventwatch_eval::Report>>| {
        if !wanted(name) {
            return;
        }
        let t = Instant::now();
        match f() {
            Ok(rs) => {
                for r in rs {
                    print!("{}", r.table());
                    reports.push(r);
                }
                eprintln!("  ({name}: {:.1} s)\n", t.elapsed().as_secs_f64());
            }
            Err(e) => eprintln!("eval {name}: {e:#}"),
        }
    };
    run("casualties", &|| {
        Ok(vec![eventwatch_eval::casualties::score(data, &p)?])
    });
    run("events", &|| eventwatch_eval::events::score_all(data, &p));
    run("geo", &|| eventwatch_eval::geo::score(data, &p));
    run("dedup", &|| eventwatch_eval::dedup::score(data, &p));
    run("ucdp", &|| {
        Ok(vec![eventwatch_eval::ucdp::score(data, &p)?])
    });
    run("ner", &|| Ok(vec![eventwatch_eval::ner::score(data, &p)?]));
    run("time", &|| {
        Ok(vec![eventwatch_eval::timebank::score(data, &p)?])
    });
    if let Some(dir) = write {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for r in &reports {
            let path = dir.join(format!("{}.md", r.name));
            std::fs::write(&path, r.to_markdown())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        eprintln!("wrote {} reports to {}", reports.len(), dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
