//! A one-line progress bar for long ingests: documents, rate and ETA, drawn on stderr only
//! when stderr is a terminal (hand-written: a bar is not worth a dependency).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How often the line is redrawn at most.
const REDRAW: Duration = Duration::from_millis(150);

/// Below this the run is too short for a bar to help.
const SHOW_AFTER: Duration = Duration::from_millis(500);

pub struct Progress {
    enabled: bool,
    /// Bytes of the input files, when known: the ETA assumes the text read so far is the
    /// same share of them as of the whole input (exact for plain text, close for JSON Lines).
    total_bytes: Option<u64>,
    started: Instant,
    last_draw: Option<Instant>,
    docs: u64,
    bytes: u64,
    committed: u64,
    drawn: bool,
}

impl Progress {
    /// A bar that draws only if `wanted` and stderr is a terminal.
    pub fn new(wanted: bool, total_bytes: Option<u64>) -> Progress {
        Progress {
            enabled: wanted && std::io::stderr().is_terminal(),
            total_bytes,
            started: Instant::now(),
            last_draw: None,
            docs: 0,
            bytes: 0,
            committed: 0,
            drawn: false,
        }
    }

    /// `docs` documents with `bytes` of text have been read.
    pub fn read(&mut self, docs: u64, bytes: u64) {
        self.docs = docs;
        self.bytes = bytes;
        self.draw();
    }

    /// `n` documents are committed to the store.
    pub fn committed(&mut self, n: u64) {
        self.committed = n;
        self.draw();
    }

    /// Clears the line.
    pub fn finish(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }

    fn draw(&mut self) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let elapsed = now.duration_since(self.started);
        if elapsed < SHOW_AFTER
            || self
                .last_draw
                .is_some_and(|t| now.duration_since(t) < REDRAW)
        {
            return;
        }
        self.last_draw = Some(now);
        let line = render(
            self.docs,
            self.committed,
            self.bytes,
            self.total_bytes,
            elapsed,
        );
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        self.drawn = true;
    }
}

/// The bar's text, e.g. `[#######.............] 35%  1204 docs (1024 stored)  812 docs/s  ETA 0:03`.
fn render(
    docs: u64,
    committed: u64,
    bytes: u64,
    total_bytes: Option<u64>,
    elapsed: Duration,
) -> String {
    let secs = elapsed.as_secs_f64().max(1e-3);
    let rate = docs as f64 / secs;
    let mut out = String::new();
    if let Some(total) = total_bytes.filter(|&t| t > 0) {
        let share = (bytes as f64 / total as f64).clamp(0.0, 0.99);
        let filled = (share * 20.0).round() as usize;
        out.push('[');
        out.extend(std::iter::repeat_n('#', filled));
        out.extend(std::iter::repeat_n('.', 20usize.saturating_sub(filled)));
        out.push_str(&format!("] {:>3.0}%  ", share * 100.0));
        let eta = if share > 0.0 {
            secs * (1.0 - share) / share
        } else {
            0.0
        };
        out.push_str(&format!(
            "{docs} docs ({committed} stored)  {rate:.0} docs/s  ETA {}",
            clock(eta)
        ));
    } else {
        out.push_str(&format!(
            "{docs} docs ({committed} stored)  {rate:.0} docs/s  {}",
            clock(secs)
        ));
    }
    out
}

fn clock(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Total size of the files under `paths` (directories walked), or `None` when any is
/// standard input or cannot be read.
pub fn input_bytes(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0u64;
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(p) = stack.pop() {
        if p.as_os_str() == "-" {
            return None;
        }
        let meta = std::fs::metadata(&p).ok()?;
        if meta.is_dir() {
            for entry in std::fs::read_dir(&p).ok()?.flatten() {
                stack.push(entry.path());
            }
        } else {
            total = total.saturating_add(meta.len());
        }
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::{clock, render};
    use std::time::Duration;

    #[test]
    fn the_bar_shows_share_rate_and_eta() {
        let line = render(500, 256, 250, Some(1000), Duration::from_secs(2));
        assert_eq!(
            line,
            "[#####...............]  25%  500 docs (256 stored)  250 docs/s  ETA 0:06"
        );
        let unknown = render(10, 0, 5, None, Duration::from_secs(61));
        assert_eq!(unknown, "10 docs (0 stored)  0 docs/s  1:01");
        assert_eq!(clock(3725.0), "1:02:05");
    }
}
