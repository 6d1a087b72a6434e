//! WARC records (streamed from any `BufRead`) and the HTTP responses inside them.
//!
//! [`WarcReader`] reads one record at a time, so a multi-gigabyte crawl never sits in
//! memory; [`parse_http_response`] and [`record_to_item`] are pure functions of a record.

use std::io::{self, BufRead, Read};

use eventwatch_text::{Diagnostic, DocumentMeta};

use crate::clean::{content_type_charset, decode, sniff_charset, truncate};
use crate::read::read_line_bounded;
use crate::{build_document, html, Item, Options, Origin, Reject, Skipped};

/// Records with a longer content block are skipped unread (reported as [`Item::Skipped`]).
pub const MAX_RECORD_BYTES: u64 = 64 << 20;
const MAX_LINE: usize = 64 << 10;
const MAX_HEADER_BLOCK: usize = 1 << 20;

/// One WARC record: its named headers and its content block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarcRecord {
    /// 1-based position in the file.
    pub number: u64,
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// A header value by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// What [`WarcReader`] yields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarcItem {
    Record(WarcRecord),
    /// A record that could not be read; `raw` is the text that was found.
    Bad {
        number: u64,
        reason: String,
        raw: String,
    },
    /// A record whose content block exceeded [`MAX_RECORD_BYTES`]; it was skipped.
    Oversized {
        number: u64,
        length: u64,
    },
}

/// Streams records from a (decompressed) WARC. After a malformed record it resynchronises
/// on the next `WARC/` version line; after a read error or truncation it stops.
pub struct WarcReader<R> {
    input: R,
    number: u64,
    pending: Option<Vec<u8>>,
    done: bool,
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

impl<R: BufRead> WarcReader<R> {
    pub fn new(input: R) -> WarcReader<R> {
        WarcReader {
            input,
            number: 0,
            pending: None,
            done: false,
        }
    }

    fn bad(&mut self, reason: String, raw: String, stop: bool) -> WarcItem {
        if stop {
            self.done = true;
        } else {
            self.resync();
        }
        WarcItem::Bad {
            number: self.number,
            reason,
            raw,
        }
    }

    /// Skips lines up to the next version line, which is kept for the next record.
    fn resync(&mut self) {
        let mut line = Vec::new();
        loop {
            match read_line_bounded(&mut self.input, MAX_LINE, &mut line) {
                Ok(Some(_)) if line.starts_with(b"WARC/") => {
                    self.pending = Some(line);
                    return;
                }
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => {
                    self.done = true;
                    return;
                }
            }
        }
    }

    fn read_record(&mut self) -> Option<WarcItem> {
        let mut line = Vec::new();
        let first = match self.pending.take() {
            Some(p) => p,
            None => loop {
                match read_line_bounded(&mut self.input, MAX_LINE, &mut line) {
                    Ok(None) => return None,
                    Ok(Some(_)) if trim_eol(&line).iter().all(u8::is_ascii_whitespace) => {}
                    Ok(Some(_)) => break std::mem::take(&mut line),
                    Err(e) => {
                        self.number += 1;
                        return Some(self.bad(format!("read error: {e}"), String::new(), true));
                    }
                }
            },
        };
        self.number += 1;
        if !first.starts_with(b"WARC/") {
            let found = lossy(trim_eol(&first));
            let reason = format!(
                "expected a WARC/1.x version line, found {:?}",
                truncate(found.trim(), 60)
            );
            return Some(self.bad(reason, found, false));
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut header_bytes = 0usize;
        loop {
            match read_line_bounded(&mut self.input, MAX_LINE, &mut line) {
                Ok(None) => {
                    let reason = "record truncated: expected headers ending in a blank line, found the end of the input".to_string();
                    return Some(self.bad(reason, lossy(&first), true));
                }
                Err(e) => return Some(self.bad(format!("read error: {e}"), String::new(), true)),
                Ok(Some(_)) => {}
            }
            let l = trim_eol(&line);
            if l.is_empty() {
                break;
            }
            header_bytes += l.len();
            if header_bytes > MAX_HEADER_BLOCK {
                let reason = format!(
                    "expected WARC headers of at most {MAX_HEADER_BLOCK} bytes, found more"
                );
                return Some(self.bad(reason, String::new(), false));
            }
            let text = lossy(l);
            if text.starts_with([' ', '\t']) {
                if let Some((_, v)) = headers.last_mut() {
                    v.push(' ');
                    v.push_str(text.trim());
                }
            } else if let Some((k, v)) = text.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let length = match header(&headers, "content-length") {
            Some(v) => match v.trim().parse::<u64>() {
                Ok(n) => n,
                Err(_) => {
                    let reason = format!(
                        "header Content-Length: expected a byte count, found {:?}",
                        truncate(v, 40)
                    );
                    return Some(self.bad(reason, String::new(), false));
                }
            },
            None => {
                let reason = "expected a Content-Length header, found none".to_string();
                return Some(self.bad(reason, String::new(), false));
            }
        };
        if length > MAX_RECORD_BYTES {
            let copied = io::copy(&mut (&mut self.input).take(length), &mut io::sink());
            if copied.map_or(true, |n| n < length) {
                self.done = true;
            }
            return Some(WarcItem::Oversized {
                number: self.number,
                length,
            });
        }
        let cap = usize::try_from(length.min(1 << 20)).unwrap_or(0);
        let mut block = Vec::with_capacity(cap);
        if let Err(e) = (&mut self.input).take(length).read_to_end(&mut block) {
            return Some(self.bad(format!("read error: {e}"), String::new(), true));
        }
        if (block.len() as u64) < length {
            let reason = format!(
                "record truncated: expected {length} bytes of content, found {}",
                block.len()
            );
            let raw = lossy(&block[..block.len().min(4096)]);
            return Some(self.bad(reason, raw, true));
        }
        Some(WarcItem::Record(WarcRecord {
            number: self.number,
            headers,
            block,
        }))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = WarcItem;

    fn next(&mut self) -> Option<WarcItem> {
        if self.done {
            return None;
        }
        let item = self.read_record();
        if item.is_none() {
            self.done = true;
        }
        item
    }
}

/// An HTTP response split into status, headers and (decoded) body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body with chunked transfer coding and gzip/deflate content coding removed.
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// Parses the HTTP response in a `response` record's block.
pub fn parse_http_response(block: &[u8]) -> Result<HttpResponse, String> {
    let crlf = find(block, b"\r\n\r\n").map(|i| (i, 4));
    let lf = find(block, b"\n\n").map(|i| (i, 2));
    let (end, sep) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => {
            return Err("expected HTTP headers ending in a blank line, found none".to_string())
        }
    };
    let head = String::from_utf8_lossy(block.get(..end).unwrap_or_default());
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default().trim();
    let status = status_line
        .strip_prefix("HTTP/")
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| {
            format!(
                "expected an HTTP status line like \"HTTP/1.1 200 OK\", found {:?}",
                truncate(status_line, 60)
            )
        })?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = block.get(end + sep..).unwrap_or_default().to_vec();
    if header(&headers, "transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        if let Some(plain) = dechunk(&body) {
            body = plain;
        }
    }
    if let Some(coding) = header(&headers, "content-encoding") {
        if let Some(plain) = decompress(coding, &body) {
            body = plain;
        }
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Removes chunked transfer coding; `None` when the body is not validly chunked.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let eol = find(rest, b"\r\n")?;
        let size_line = std::str::from_utf8(rest.get(..eol)?).ok()?;
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        rest = rest.get(eol + 2..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?;
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
    }
}

fn decompress(coding: &str, body: &[u8]) -> Option<Vec<u8>> {
    let coding = coding.trim().to_ascii_lowercase();
    let mut out = Vec::new();
    let limit = MAX_RECORD_BYTES;
    let ok = match coding.as_str() {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(body)
            .take(limit)
            .read_to_end(&mut out)
            .is_ok(),
        "deflate" => {
            flate2::read::ZlibDecoder::new(body)
                .take(limit)
                .read_to_end(&mut out)
                .is_ok()
                || {
                    out.clear();
                    flate2::read::DeflateDecoder::new(body)
                        .take(limit)
                        .read_to_end(&mut out)
                        .is_ok()
                }
        }
        _ => false,
    };
    (ok && !out.is_empty()).then_some(out)
}

fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    match content_type {
        Some(ct) => {
            let ct = ct.to_ascii_lowercase();
            ct.contains("text/html") || ct.contains("application/xhtml")
        }
        None => {
            let head: String = body
                .iter()
                .take(512)
                .map(|&b| char::from(b.to_ascii_lowercase()))
                .collect();
            let head = head.trim_start();
            head.starts_with("<!doctype html") || head.starts_with("<html")
        }
    }
}

/// Turns one WARC record into an item: HTML `response` records become documents; other
/// record types and non-HTML or non-2xx responses are skipped.
pub fn record_to_item(path: &str, record: &WarcRecord, opts: &Options) -> Item {
    let origin = Origin {
        path: path.to_string(),
        record: Some(record.number),
    };
    let kind = record
        .header("warc-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    if kind != "response" {
        let why = if kind.is_empty() {
            "warc record without WARC-Type".to_string()
        } else {
            format!("warc {kind} record")
        };
        return Item::Skipped(Skipped { origin, why });
    }
    let response = match parse_http_response(&record.block) {
        Ok(r) => r,
        Err(reason) => {
            let raw =
                String::from_utf8_lossy(&record.block[..record.block.len().min(4096)]).into_owned();
            return Item::Reject(Reject::new(origin, reason, Some(&raw)));
        }
    };
    if !(200..300).contains(&response.status) {
        return Item::Skipped(Skipped {
            origin,
            why: format!("http status {}", response.status),
        });
    }
    let content_type = response.header("content-type");
    if !is_html(content_type, &response.body) {
        let media = content_type
            .and_then(|ct| ct.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
            .unwrap_or_else(|| "no content-type".to_string());
        return Item::Skipped(Skipped {
            origin,
            why: format!("non-html response ({media})"),
        });
    }
    let declared = content_type
        .and_then(content_type_charset)
        .or_else(|| sniff_charset(&response.body));
    let (source, mut diagnostics) = decode(&response.body, declared.as_deref());
    let page = html::extract(&source);
    diagnostics.extend(page.diagnostics);
    let target = record
        .header("warc-target-uri")
        .map(|u| {
            u.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
        .filter(|u| !u.is_empty());
    if page.text.is_empty() {
        let raw = truncate(&source, 4096).into_owned();
        let reason = "expected article text in <p> paragraphs, found none".to_string();
        return Item::Reject(Reject::new(origin, reason, Some(&raw)));
    }
    let mut published = page.published;
    if published.is_none() {
        if let Some(date) = record.header("warc-date").and_then(crate::date::parse_date) {
            published = Some(date);
            diagnostics.push(Diagnostic::info(
                "ingest/crawl-date",
                format!(
                    "no publication date in the page; used the crawl date {date} from WARC-Date"
                ),
            ));
        }
    }
    let meta = DocumentMeta {
        id: target.clone().unwrap_or_default(),
        title: page.title,
        url: target.or(page.url),
        source: None,
        published,
        language: page.language,
    };
    build_document(origin, meta, page.text, diagnostics, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_resyncs_after_garbage() {
        let warc = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n\
garbage line\r\nmore\r\nWARC/1.0\r\nWARC-Type: request\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n";
        let items: Vec<WarcItem> = WarcReader::new(&warc[..]).collect();
        assert_eq!(items.len(), 3);
        assert!(
            matches!(&items[0], WarcItem::Record(r) if r.block == b"abc" && r.header("warc-type") == Some("warcinfo"))
        );
        assert!(
            matches!(&items[1], WarcItem::Bad { number: 2, reason, .. } if reason == "expected a WARC/1.x version line, found \"garbage line\"")
        );
        assert!(matches!(&items[2], WarcItem::Record(r) if r.number == 3 && r.block == b"hi"));
    }

    #[test]
    fn truncated_record_stops() {
        let warc = b"WARC/1.0\r\nContent-Length: 10\r\n\r\nabc";
        let items: Vec<WarcItem> = WarcReader::new(&warc[..]).collect();
        assert!(
            matches!(&items[..], [WarcItem::Bad { reason, .. }] if reason == "record truncated: expected 10 bytes of content, found 3")
        );
    }

    #[test]
    fn http_chunked_body() {
        let r = parse_http_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.body, b"abcde");
        assert!(parse_http_response(b"GET / HTTP/1.1\r\n\r\n").is_err());
    }
}
