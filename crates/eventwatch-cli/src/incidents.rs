//! The consolidated-event commands: `incidents` (list), `explain` (how one was built), and
//! the user's corrections `split`, `merge`, `apart` (stored, replayed on every ingest).

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use eventwatch_consolidate::{Config, ConsolidatedEvent, MentionKey, Override};
use eventwatch_store::IncidentFilter;

use crate::cmd::{open_existing, EventQuery, OverrideArgs};
use crate::output::Format;

/// `eventwatch incidents`: consolidated events matching the filters.
pub fn list(
    db: &Path,
    q: EventQuery,
    min_reports: Option<u32>,
    format: Option<&str>,
) -> Result<ExitCode> {
    let format = Format::choose(format)?;
    if format == Format::GeoJson {
        bail!("--format: expected one of jsonl, json, csv, table for incidents, found \"geojson\"");
    }
    q.check_dates()?;
    let store = open_existing(db)?;
    let (event_type, sub_event_type) = q.type_and_sub_type();
    let filter = IncidentFilter {
        country: q.country,
        date_from: q.from,
        date_to: q.to,
        event_type,
        sub_event_type,
        min_fatalities: q.min_fatalities,
        min_reports,
        limit: q.limit,
        offset: 0,
    };
    let incidents = store.incidents(&filter)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        Format::Jsonl => {
            for ev in &incidents {
                serde_json::to_writer(&mut out, ev)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &incidents)?;
            out.write_all(b"\n")?;
        }
        Format::Csv => {
            out.write_all(CSV_HEADER.as_bytes())?;
            for ev in &incidents {
                out.write_all(csv_row(ev).as_bytes())?;
            }
        }
        Format::Table | Format::GeoJson => {
            writeln!(
                out,
                "{:<10}  {:<26}  {:<20}  {:>12}  {:>7}  {:<30}  id",
                "date", "type", "location", "fatalities", "reports", "sources"
            )?;
            for ev in &incidents {
                out.write_all(table_row(ev).as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

const CSV_HEADER: &str = "incident_id,event_date,event_type,sub_event_type,location,admin1,country,latitude,longitude,fatalities,fatalities_min,fatalities_max,injuries,injuries_min,injuries_max,reports,sources,mentions\n";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_row(ev: &ConsolidatedEvent) -> String {
    let loc = ev.location.as_ref();
    let mentions: Vec<String> = ev.mentions.iter().map(|m| m.key.to_string()).collect();
    let fields = [
        ev.id.clone(),
        ev.date.clone().unwrap_or_default(),
        ev.event_type.clone(),
        ev.sub_event_type.clone(),
        loc.map(|l| l.name.clone()).unwrap_or_default(),
        loc.and_then(|l| l.admin1.clone()).unwrap_or_default(),
        loc.and_then(|l| l.country.clone()).unwrap_or_default(),
        loc.map(|l| format!("{:.4}", l.lat)).unwrap_or_default(),
        loc.map(|l| format!("{:.4}", l.lon)).unwrap_or_default(),
        ev.fatalities.to_string(),
        ev.fatalities_min.to_string(),
        ev.fatalities_max.to_string(),
        ev.injuries.to_string(),
        ev.injuries_min.to_string(),
        ev.injuries_max.to_string(),
        ev.reports().to_string(),
        ev.sources.join("; "),
        mentions.join(" "),
    ];
    let mut row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>();
    let last = row.pop().unwrap_or_default();
    row.push(last);
    format!("{}\n", row.join(","))
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn table_row(ev: &ConsolidatedEvent) -> String {
    let figures = if ev.fatalities_min == ev.fatalities_max {
        ev.fatalities.to_string()
    } else {
        format!(
            "{} ({}-{})",
            ev.fatalities, ev.fatalities_min, ev.fatalities_max
        )
    };
    format!(
        "{:<10}  {:<26}  {:<20}  {:>12}  {:>7}  {:<30}  {}\n",
        ev.date.as_deref().unwrap_or("-"),
        clip(&ev.sub_event_type, 26),
        clip(ev.location.as_ref().map_or("-", |l| l.name.as_str()), 20),
        figures,
        ev.reports(),
        clip(&ev.sources.join("; "), 30),
        ev.id
    )
}

fn parse_key(s: &str) -> Result<MentionKey> {
    MentionKey::parse(s).ok_or_else(|| {
        anyhow!("expected a mention like DOC#INDEX (document id, `#`, event index), found {s:?}")
    })
}

/// `eventwatch explain ID`: a consolidated event id or a mention `DOC#INDEX`.
pub fn explain(db: &Path, id: &str, format: Option<&str>) -> Result<ExitCode> {
    let json = match format {
        None | Some("text") => false,
        Some("json") => true,
        Some(other) => bail!("--format: expected text or json, found {other:?}"),
    };
    let store = open_existing(db)?;
    let ev = if id.starts_with("ce-") {
        store
            .incident(id)?
            .ok_or_else(|| anyhow!("no consolidated event {id:?} in {}", db.display()))?
    } else {
        let key = parse_key(id)?;
        store.incident_of(&key)?.ok_or_else(|| {
            anyhow!(
                "no stored event {key} in {}: expected a consolidated event id (ce-...) or DOC#INDEX of a stored event",
                db.display()
            )
        })?
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &ev)?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(eventwatch_consolidate::explain(&ev).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The two-mention overrides.
#[derive(Clone, Copy)]
pub enum Pair {
    Merge,
    Apart,
}

/// `eventwatch split DOC#INDEX`.
pub fn split(mention: &str, o: &OverrideArgs) -> Result<ExitCode> {
    let mention = parse_key(mention)?;
    record(o, Override::Split { mention })
}

/// `eventwatch merge A B` and `eventwatch apart A B`.
pub fn pair(kind: Pair, a: &str, b: &str, o: &OverrideArgs) -> Result<ExitCode> {
    let (a, b) = (parse_key(a)?, parse_key(b)?);
    if a == b {
        bail!("expected two different mentions, found {a} twice");
    }
    record(
        o,
        match kind {
            Pair::Merge => Override::Merge { a, b },
            Pair::Apart => Override::KeepApart { a, b },
        },
    )
}

/// Stores (or with `--undo` withdraws) an override and reconsolidates what it touches.
fn record(args: &OverrideArgs, o: Override) -> Result<ExitCode> {
    let mut store = open_existing(&args.db)?;
    let keys: Vec<MentionKey> = match &o {
        Override::Split { mention } => vec![mention.clone()],
        Override::Merge { a, b } | Override::KeepApart { a, b } => vec![a.clone(), b.clone()],
    };
    for k in &keys {
        if !store.has_mention(k)? {
            bail!(
                "no stored event {k} in {}: expected DOC#INDEX of a stored event (see `eventwatch events`)",
                args.db.display()
            );
        }
    }
    let mut c = store
        .consolidator(Config::standard())
        .context("cannot load the consolidated events")?;
    let changes = if args.undo {
        store
            .withdraw_override(&mut c, &o)?
            .ok_or_else(|| anyhow!("no such override is stored: {}", serde_json::json!(o)))?
    } else {
        let by = args.by.clone().or_else(|| std::env::var("USER").ok());
        store.add_override(&mut c, o, by.as_deref(), args.note.as_deref())?
    };
    eprintln!(
        "{} consolidated events changed, {} removed",
        changes.upserted.len(),
        changes.removed.len()
    );
    for k in &keys {
        if let Some(ev) = c.event_of(k) {
            println!("{k}: {} ({} reports)", ev.id, ev.reports());
        }
    }
    Ok(ExitCode::SUCCESS)
}
