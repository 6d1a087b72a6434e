//! The IO layer: directory walking, gzip sniffing, bounded reads and the item iterators.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use eventwatch_text::Diagnostic;
use flate2::read::MultiGzDecoder;

use crate::text::{parse_sidecar, Sidecar};
use crate::warc::{WarcItem, WarcReader};
use crate::{build_document, clean, feed, html, jsonl, text, warc};
use crate::{Format, Item, Options, Origin, Reject, Skipped};

/// Text, HTML and feed files are read whole; larger ones are rejected.
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// Longest JSON Lines record.
pub const MAX_LINE_BYTES: usize = 16 << 20;
const MAX_SIDECAR_BYTES: u64 = 1 << 20;

/// Reads one line (with its `\n`) into `out`, keeping at most `max` bytes of it.
/// `Ok(None)` at the end of the input; `Ok(Some(true))` when the line was cut.
pub(crate) fn read_line_bounded<R: BufRead>(
    r: &mut R,
    max: usize,
    out: &mut Vec<u8>,
) -> io::Result<Option<bool>> {
    out.clear();
    let mut overflow = false;
    let mut any = false;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(any.then_some(overflow));
        }
        any = true;
        let (n, found) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = max.saturating_sub(out.len());
        let keep = n.min(room);
        overflow |= keep < n;
        out.extend_from_slice(buf.get(..keep).unwrap_or_default());
        r.consume(n);
        if found {
            return Ok(Some(overflow));
        }
    }
}

/// A reader, gunzipped when it starts with the gzip magic bytes (multi-member aware).
pub(crate) enum Input<R: Read> {
    Plain(BufReader<R>),
    Gz(Box<BufReader<MultiGzDecoder<BufReader<R>>>>),
}

impl<R: Read> Input<R> {
    fn open(reader: R) -> io::Result<Input<R>> {
        let mut plain = BufReader::with_capacity(64 << 10, reader);
        let head = plain.fill_buf()?;
        if head.starts_with(&[0x1f, 0x8b]) {
            Ok(Input::Gz(Box::new(BufReader::with_capacity(
                64 << 10,
                MultiGzDecoder::new(plain),
            ))))
        } else {
            Ok(Input::Plain(plain))
        }
    }
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Plain(r) => r.read(buf),
            Input::Gz(r) => r.read(buf),
        }
    }
}

impl<R: Read> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Input::Plain(r) => r.fill_buf(),
            Input::Gz(r) => r.fill_buf(),
        }
    }

    fn consume(&mut self, amt: usize) {
        match self {
            Input::Plain(r) => r.consume(amt),
            Input::Gz(r) => r.consume(amt),
        }
    }
}

/// An io error as a reject reason: lowercase, the same on every platform for the common kinds.
pub(crate) fn io_reason(action: &str, e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => {
            "expected a file or directory, found nothing at this path".to_string()
        }
        io::ErrorKind::PermissionDenied => format!("cannot {action}: permission denied"),
        _ => {
            let msg = e.to_string();
            let mut chars = msg.chars();
            let msg = match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => msg,
            };
            format!("cannot {action}: {msg}")
        }
    }
}

/// Extra inputs for the plain-text format.
#[derive(Default)]
pub(crate) struct TextContext {
    pub stem: Option<String>,
    pub sidecar: Option<(Sidecar, Vec<Diagnostic>)>,
}

/// The items of one input, produced lazily.
pub(crate) enum Source<R: Read> {
    Lines {
        path: String,
        input: Input<R>,
        line: u64,
        buf: Vec<u8>,
        done: bool,
    },
    Warc {
        path: String,
        records: WarcReader<Input<R>>,
    },
    Items(std::vec::IntoIter<Item>),
}

fn reject(path: &str, record: Option<u64>, reason: String, raw: Option<&str>) -> Item {
    Item::Reject(Reject::new(
        Origin {
            path: path.to_string(),
            record,
        },
        reason,
        raw,
    ))
}

impl<R: Read> Source<R> {
    pub(crate) fn open(
        path: &str,
        reader: R,
        format: Format,
        ctx: TextContext,
        opts: &Options,
    ) -> Source<R> {
        let mut input = match Input::open(reader) {
            Ok(i) => i,
            Err(e) => {
                return Source::Items(
                    vec![reject(path, None, io_reason("read", &e), None)].into_iter(),
                )
            }
        };
        let path = path.to_string();
        let bytes = match format {
            Format::Jsonl => {
                return Source::Lines {
                    path,
                    input,
                    line: 0,
                    buf: Vec::new(),
                    done: false,
                };
            }
            Format::Warc => {
                return Source::Warc {
                    path,
                    records: WarcReader::new(input),
                }
            }
            Format::Text | Format::Html | Format::Feed => {
                let mut bytes = Vec::new();
                if let Err(e) = (&mut input)
                    .take(MAX_FILE_BYTES + 1)
                    .read_to_end(&mut bytes)
                {
                    return Source::Items(
                        vec![reject(&path, None, io_reason("read", &e), None)].into_iter(),
                    );
                }
                if bytes.len() as u64 > MAX_FILE_BYTES {
                    let reason = format!(
                        "expected at most {} MiB for one {} input, found more",
                        MAX_FILE_BYTES >> 20,
                        format.as_str()
                    );
                    return Source::Items(vec![reject(&path, None, reason, None)].into_iter());
                }
                bytes
            }
        };
        let origin = Origin {
            path: path.clone(),
            record: None,
        };
        let items = match format {
            Format::Text => vec![text::text_item(
                origin,
                ctx.stem.as_deref(),
                &bytes,
                ctx.sidecar,
                opts,
            )],
            Format::Html => vec![html::page_item(origin, ctx.stem.as_deref(), &bytes, opts)],
            _ => feed::feed_items(&path, &bytes, opts),
        };
        Source::Items(items.into_iter())
    }

    pub(crate) fn next_item(&mut self, opts: &Options) -> Option<Item> {
        match self {
            Source::Items(items) => items.next(),
            Source::Warc { path, records } => Some(match records.next()? {
                WarcItem::Record(r) => warc::record_to_item(path, &r, opts),
                WarcItem::Bad {
                    number,
                    reason,
                    raw,
                } => reject(
                    path,
                    Some(number),
                    reason,
                    (!raw.is_empty()).then_some(raw.as_str()),
                ),
                WarcItem::Oversized { number, length } => Item::Skipped(Skipped {
                    origin: Origin {
                        path: path.clone(),
                        record: Some(number),
                    },
                    why: format!(
                        "warc record larger than {} MiB ({length} bytes)",
                        warc::MAX_RECORD_BYTES >> 20
                    ),
                }),
            }),
            Source::Lines {
                path,
                input,
                line,
                buf,
                done,
            } => loop {
                if *done {
                    return None;
                }
                let cut = match read_line_bounded(input, MAX_LINE_BYTES, buf) {
                    Ok(Some(cut)) => cut,
                    Ok(None) => {
                        *done = true;
                        return None;
                    }
                    Err(e) => {
                        *done = true;
                        return Some(reject(path, Some(*line + 1), io_reason("read", &e), None));
                    }
                };
                *line += 1;
                if cut {
                    let raw = String::from_utf8_lossy(buf);
                    let reason = format!(
                        "expected a line of at most {} MiB, found a longer one",
                        MAX_LINE_BYTES >> 20
                    );
                    return Some(reject(path, Some(*line), reason, Some(&raw)));
                }
                if let Some(item) = jsonl_item(path, *line, buf, opts) {
                    return Some(item);
                }
            },
        }
    }
}

/// One JSON Lines record as an item; `None` for a blank line.
fn jsonl_item(path: &str, line: u64, bytes: &[u8], opts: &Options) -> Option<Item> {
    let (decoded, mut diagnostics) = clean::decode(bytes, None);
    let trimmed = decoded.trim().trim_start_matches('\u{feff}');
    if trimmed.is_empty() {
        return None;
    }
    let origin = Origin {
        path: path.to_string(),
        record: Some(line),
    };
    Some(match jsonl::parse_line(trimmed) {
        Ok(record) => {
            diagnostics.extend(record.diagnostics);
            build_document(origin, record.meta, record.text, diagnostics, opts)
        }
        Err(reason) => Item::Reject(Reject::new(origin, reason, Some(trimmed))),
    })
}

/// The iterator behind [`crate::read_reader`].
pub(crate) struct ReaderItems<R: Read> {
    pub(crate) source: Source<R>,
    pub(crate) opts: Options,
}

impl<R: Read> Iterator for ReaderItems<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        self.source.next_item(&self.opts)
    }
}

/// File name without `.gz` and without its last extension.
pub(crate) fn stem_of(name: &str) -> Option<String> {
    let file = Path::new(name).file_name()?.to_str()?;
    let file = strip_suffix_ci(file, ".gz").unwrap_or(file);
    let stem = match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file,
    };
    (!stem.is_empty() && stem != "-").then(|| stem.to_string())
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let tail = s.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix)
        .then(|| s.get(..cut))
        .flatten()
}

enum Pending {
    Path { path: PathBuf, explicit: bool },
    Ready(Box<Item>),
}

/// The iterator behind [`crate::read_paths`]: a lazy depth-first walk in sorted order.
pub(crate) struct PathItems {
    opts: Options,
    stack: Vec<Pending>,
    current: Option<Source<File>>,
}

impl PathItems {
    pub(crate) fn new(paths: &[PathBuf], opts: Options) -> PathItems {
        let stack = paths
            .iter()
            .rev()
            .map(|p| Pending::Path {
                path: p.clone(),
                explicit: true,
            })
            .collect();
        PathItems {
            opts,
            stack,
            current: None,
        }
    }

    /// Handles one path: a directory is expanded onto the stack, a file becomes a source.
    fn visit(&mut self, path: PathBuf, explicit: bool) -> Option<Item> {
        let shown = path.display().to_string();
        let origin = Origin {
            path: shown.clone(),
            record: None,
        };
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                return Some(Item::Reject(Reject::new(
                    origin,
                    io_reason("open", &e),
                    None,
                )))
            }
        };
        if meta.is_dir() {
            let (entries, problems) = list_dir(&path);
            self.stack.extend(entries.into_iter().rev());
            // Problems come first: they are pushed last.
            self.stack.extend(
                problems
                    .into_iter()
                    .rev()
                    .map(|i| Pending::Ready(Box::new(i))),
            );
            return None;
        }
        let format = match self.opts.format.or_else(|| Format::from_path(&path)) {
            Some(f) => f,
            None if explicit => Format::Text,
            None => {
                let ext = path
                    .extension()
                    .map(|e| format!("\".{}\"", e.to_string_lossy()))
                    .unwrap_or_else(|| "none".to_string());
                let why = format!("unknown file extension ({ext})");
                return Some(Item::Skipped(Skipped { origin, why }));
            }
        };
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) => {
                return Some(Item::Reject(Reject::new(
                    origin,
                    io_reason("open", &e),
                    None,
                )))
            }
        };
        let mut ctx = TextContext {
            stem: stem_of(&shown),
            sidecar: None,
        };
        if format == Format::Text {
            ctx.sidecar = ctx
                .stem
                .as_ref()
                .and_then(|stem| read_sidecar(&path.with_file_name(format!("{stem}.json"))));
        }
        self.current = Some(Source::open(&shown, file, format, ctx, &self.opts));
        None
    }
}

fn read_sidecar(path: &Path) -> Option<(Sidecar, Vec<Diagnostic>)> {
    let file = File::open(path).ok()?;
    let shown = path.display().to_string();
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_SIDECAR_BYTES).read_to_end(&mut bytes) {
        let diag = Diagnostic::warning(
            "ingest/bad-sidecar",
            format!("{shown}: {}; ignored", io_reason("read", &e)),
        );
        return Some((Sidecar::default(), vec![diag]));
    }
    let (json, _) = clean::decode(&bytes, None);
    Some(parse_sidecar(&shown, &json))
}

/// True for the names of plain-text files, whose `.json` siblings are sidecars.
fn is_text_name(name: &str) -> bool {
    Format::from_path(Path::new(name)) == Some(Format::Text)
}

/// A directory's entries in byte order of their names, hidden entries and sidecars left
/// out, symlinked directories reported as skipped; plus problems met while listing.
fn list_dir(dir: &Path) -> (Vec<Pending>, Vec<Item>) {
    let shown = dir.display().to_string();
    let mut problems = Vec::new();
    let read = match fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => {
            problems.push(reject(&shown, None, io_reason("read directory", &e), None));
            return (Vec::new(), problems);
        }
    };
    let mut entries: Vec<(OsString, PathBuf, Option<fs::FileType>)> = Vec::new();
    for entry in read {
        match entry {
            Ok(e) => entries.push((e.file_name(), e.path(), e.file_type().ok())),
            Err(e) => problems.push(reject(&shown, None, io_reason("read directory", &e), None)),
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let text_stems: HashSet<String> = entries
        .iter()
        .filter_map(|(name, _, _)| name.to_str())
        .filter(|name| is_text_name(name))
        .filter_map(stem_of)
        .collect();
    let mut out = Vec::new();
    for (name, path, file_type) in entries {
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if let Some(stem) = strip_suffix_ci(&name, ".json") {
            if text_stems.contains(stem) {
                continue;
            }
        }
        if file_type.is_some_and(|t| t.is_symlink()) && path.is_dir() {
            let origin = Origin {
                path: path.display().to_string(),
                record: None,
            };
            out.push(Pending::Ready(Box::new(Item::Skipped(Skipped {
                origin,
                why: "symlinked directory not followed".to_string(),
            }))));
            continue;
        }
        out.push(Pending::Path {
            path,
            explicit: false,
        });
    }
    (out, problems)
}

impl Iterator for PathItems {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(source) = self.current.as_mut() {
                if let Some(item) = source.next_item(&self.opts) {
                    return Some(item);
                }
                self.current = None;
            }
            match self.stack.pop()? {
                Pending::Ready(item) => return Some(*item),
                Pending::Path { path, explicit } => {
                    if let Some(item) = self.visit(path, explicit) {
                        return Some(item);
                    }
                }
            }
        }
    }
}
