//! Writing `DocumentEvents` in the formats of the output contract.

use std::io::{IsTerminal, Write};

use anyhow::{bail, Result};
use eventwatch_schema::{render, DocumentEvents};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Json,
    Csv,
    GeoJson,
    Table,
}

impl Format {
    /// Parses `--format`; without one, a table on a terminal and JSON Lines otherwise.
    pub fn choose(flag: Option<&str>) -> Result<Format> {
        Ok(match flag {
            None if std::io::stdout().is_terminal() => Format::Table,
            None => Format::Jsonl,
            Some("jsonl") => Format::Jsonl,
            Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            Some("geojson") => Format::GeoJson,
            Some("table") => Format::Table,
            Some(other) => {
                bail!("--format: expected one of jsonl, json, csv, geojson, table, found {other:?}")
            }
        })
    }
}

/// Streams documents out as they come; formats that need an envelope buffer only what
/// the envelope needs.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    started: bool,
    features: Vec<serde_json::Value>,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, format: Format) -> Writer<W> {
        Writer {
            out,
            format,
            started: false,
            features: Vec::new(),
        }
    }

    pub fn write(&mut self, doc: &DocumentEvents) -> Result<()> {
        let first = !self.started;
        self.started = true;
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, doc)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out.write_all(if first { b"[\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, doc)?;
            }
            Format::Csv => {
                if first {
                    self.out.write_all(render::csv_header().as_bytes())?;
                }
                self.out.write_all(render::csv_rows(doc).as_bytes())?;
            }
            Format::GeoJson => self.features.extend(render::geojson_features(doc)),
            Format::Table => {
                if first {
                    self.out.write_all(render::table_header().as_bytes())?;
                }
                self.out.write_all(render::table_rows(doc).as_bytes())?;
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        match self.format {
            Format::Json => self
                .out
                .write_all(if self.started { b"\n]\n" } else { b"[]\n" })?,
            Format::GeoJson => {
                let fc = render::geojson_collection(std::mem::take(&mut self.features));
                serde_json::to_writer_pretty(&mut self.out, &fc)?;
                self.out.write_all(b"\n")?;
            }
            Format::Csv if !self.started => self.out.write_all(render::csv_header().as_bytes())?,
            _ => {}
        }
        self.out.flush()?;
        Ok(())
    }
}
