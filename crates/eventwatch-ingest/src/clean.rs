//! Byte decoding and text cleaning shared by every format: BOM, line ends, encodings, controls.

use std::borrow::Cow;

use eventwatch_text::Diagnostic;

/// Windows-1252 code points for bytes 0x80..=0x9F; the five undefined bytes map to C1
/// controls, which [`clean_text`] then removes.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// One byte read as Windows-1252 (a superset of the printable part of Latin-1).
pub fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// What a declared charset label asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Charset {
    Utf8,
    Latin,
    Unsupported,
}

fn classify_charset(label: &str) -> Charset {
    let label = label
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    match label.as_str() {
        "" | "utf-8" | "utf8" | "unicode-1-1-utf-8" | "x-unicode20utf8" => Charset::Utf8,
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" | "windows-1252" | "cp1252"
        | "x-cp1252" | "us-ascii" | "ascii" | "iso-8859-15" | "latin9" | "cp819" | "ibm819" => {
            Charset::Latin
        }
        _ => Charset::Unsupported,
    }
}

/// Decodes bytes to a string, never failing.
///
/// A UTF-8 BOM is dropped and a UTF-16 BOM switches to UTF-16. Otherwise the bytes are read
/// as UTF-8 unless `declared` names Latin-1/Windows-1252 (and the bytes are not valid UTF-8
/// with non-ASCII content, the usual sign of a wrong declaration). Bytes that are not valid
/// UTF-8 are read one by one as Windows-1252, with an info diagnostic.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> (String, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8_lossy_1252(rest, &mut diagnostics);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (decode_utf16(rest, u16::from_le_bytes), diagnostics);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (decode_utf16(rest, u16::from_be_bytes), diagnostics);
    }
    let charset = declared.map(classify_charset).unwrap_or(Charset::Utf8);
    match charset {
        Charset::Latin => match std::str::from_utf8(bytes) {
            Ok(s) if !s.is_ascii() => {
                diagnostics.push(Diagnostic::info(
                    "ingest/encoding",
                    format!(
                        "charset {:?} declared but the bytes are valid utf-8; read as utf-8",
                        declared.unwrap_or_default().trim()
                    ),
                ));
                (s.to_string(), diagnostics)
            }
            Ok(s) => (s.to_string(), diagnostics),
            Err(_) => (bytes.iter().map(|&b| cp1252_char(b)).collect(), diagnostics),
        },
        Charset::Utf8 => decode_utf8_lossy_1252(bytes, &mut diagnostics),
        Charset::Unsupported => {
            diagnostics.push(Diagnostic::warning(
                "ingest/encoding",
                format!(
                    "charset {:?} is not supported; read as utf-8",
                    declared.unwrap_or_default().trim()
                ),
            ));
            decode_utf8_lossy_1252(bytes, &mut diagnostics)
        }
    }
}

fn decode_utf8_lossy_1252(
    bytes: &[u8],
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, Vec<Diagnostic>) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), std::mem::take(diagnostics));
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut first_bad: Option<usize> = None;
    let mut bad = 0usize;
    let mut offset = 0usize;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        offset += chunk.valid().len();
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            first_bad.get_or_insert(offset);
            bad += invalid.len();
            out.extend(invalid.iter().map(|&b| cp1252_char(b)));
            offset += invalid.len();
        }
    }
    diagnostics.push(Diagnostic::info(
        "ingest/encoding",
        format!(
            "invalid utf-8 ({bad} byte{} from byte {}); read as windows-1252",
            if bad == 1 { "" } else { "s" },
            first_bad.unwrap_or(0)
        ),
    ));
    (out, std::mem::take(diagnostics))
}

fn decode_utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| word([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Finds a charset declared near the start of HTML or XML bytes: `<meta charset=..>`,
/// `content="text/html; charset=.."` or `<?xml .. encoding=".."?>`.
pub fn sniff_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(2048)];
    let head: String = head
        .iter()
        .map(|&b| char::from(b.to_ascii_lowercase()))
        .collect();
    for key in ["charset=", "encoding="] {
        if let Some(at) = head.find(key) {
            let rest = &head[at + key.len()..];
            let rest = rest.trim_start_matches(['"', '\'', ' ']);
            let label: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !label.is_empty() {
                return Some(label);
            }
        }
    }
    None
}

/// The charset parameter of a `Content-Type` header value.
pub fn content_type_charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
            .filter(|v| !v.is_empty())
    })
}

/// Cleans a decoded text into the form a `Document` holds.
///
/// Drops BOMs, soft hyphens and control characters (tab and newline stay; C1 controls
/// that Windows-1252 defines become its characters), turns CRLF,
/// CR and Unicode line/paragraph separators into LF, no-break spaces into spaces, trims
/// trailing whitespace on every line, keeps at most one blank line in a row, and trims
/// the whole text.
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' => out.push('\n'),
            '\u{2029}' => out.push_str("\n\n"),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
            '\u{FEFF}' | '\u{00AD}' => {}
            '\n' | '\t' => out.push(c),
            // C1 controls in decoded text are almost always Windows-1252 punctuation read
            // as Latin-1 (0x93 for a quote, 0x95 for a bullet): repair those that map.
            '\u{80}'..='\u{9F}' => {
                let repaired = cp1252_char(c as u8);
                if repaired != c {
                    out.push(repaired);
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    let mut cleaned = String::with_capacity(out.len());
    let mut blank_run = 0usize;
    for line in out.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        cleaned.push_str(line);
        cleaned.push('\n');
    }
    cleaned.trim().to_string()
}

/// Cleans a one-line field (title, source): controls dropped, whitespace collapsed to
/// single spaces. `None` when nothing is left.
pub fn clean_line(s: &str) -> Option<String> {
    let text = clean_text(s);
    let collapsed = collapse_whitespace(&text);
    (!collapsed.is_empty()).then_some(collapsed)
}

/// Collapses every run of whitespace into one space and trims.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Cuts a string to at most `max` bytes on a char boundary.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if s.len() <= max {
        return Cow::Borrowed(s);
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    Cow::Owned(s[..cut].to_string())
}

/// Stable 64-bit FNV-1a hash, hex-encoded (16 digits).
pub fn fnv1a_hex(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_bytes_are_read_as_windows_1252() {
        let (s, diags) = decode(b"caf\xe9 \x93quoted\x94", None);
        assert_eq!(s, "caf\u{e9} \u{201c}quoted\u{201d}");
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].message,
            "invalid utf-8 (3 bytes from byte 3); read as windows-1252"
        );
    }

    #[test]
    fn mixed_utf8_keeps_valid_sequences() {
        let (s, _) = decode(
            "Kerbalā "
                .as_bytes()
                .iter()
                .copied()
                .chain([0xe9])
                .collect::<Vec<_>>()
                .as_slice(),
            None,
        );
        assert_eq!(s, "Kerbalā é");
    }

    #[test]
    fn declared_latin1_is_obeyed_unless_bytes_are_utf8() {
        assert_eq!(decode(b"na\xefve", Some("ISO-8859-1")).0, "naïve");
        let (s, diags) = decode("naïve".as_bytes(), Some("iso-8859-1"));
        assert_eq!(s, "naïve");
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn utf16_with_bom() {
        assert_eq!(decode(b"\xff\xfeh\x00i\x00", None).0, "hi");
    }

    #[test]
    fn cleaning_normalises_lines_and_controls() {
        assert_eq!(
            clean_text("\u{feff}  A\r\nB\rC\u{7}  \n\n\n\nD\u{a0}E  "),
            "A\nB\nC\n\nD E"
        );
        assert_eq!(
            clean_line("  Big \n  title\t"),
            Some("Big title".to_string())
        );
        assert_eq!(clean_line(" \u{1} "), None);
        assert_eq!(
            clean_text("\u{95} item \u{93}q\u{94}\u{81}"),
            "\u{2022} item \u{201c}q\u{201d}"
        );
    }

    #[test]
    fn charset_sniffing() {
        assert_eq!(
            sniff_charset(b"<meta charset=\"Windows-1252\">").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            sniff_charset(b"<?xml version=\"1.0\" encoding='ISO-8859-1'?>").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            content_type_charset("text/html; charset=\"UTF-8\"").as_deref(),
            Some("UTF-8")
        );
        assert_eq!(content_type_charset("text/html"), None);
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("aé", 2), "a");
        assert_eq!(fnv1a_hex(b""), "cbf29ce484222325");
        assert_eq!(fnv1a_hex(b"a"), "af63dc4c8601ec8c");
    }
}
