//! Data-driven tests: fixture files in, a plain rendering of every item out (insta snapshots).

use std::io::Write;
use std::path::{Path, PathBuf};

use eventwatch_ingest::{read_paths, read_reader, Format, Item, Options, Origin, Reject};

const FIXTURES: &str = "tests/fixtures";

/// Renders items in a form a reviewer can read: documents with their metadata, text and
/// diagnostics; rejects and skips as their messages.
fn render(items: impl Iterator<Item = Item>) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Item::Doc(d) => {
                let m = &d.doc.meta;
                out.push_str(&format!("doc {}\n", d.origin));
                out.push_str(&format!("  id: {}\n", m.id));
                for (k, v) in [
                    ("title", &m.title),
                    ("url", &m.url),
                    ("source", &m.source),
                    ("language", &m.language),
                ] {
                    if let Some(v) = v {
                        out.push_str(&format!("  {k}: {v}\n"));
                    }
                }
                if let Some(p) = m.published {
                    out.push_str(&format!("  published: {p}\n"));
                }
                out.push_str(&format!("  hash: {}\n", d.content_hash));
                for diag in &d.diagnostics {
                    out.push_str(&format!(
                        "  {} {}: {}\n",
                        diag.severity.as_str(),
                        diag.code,
                        diag.message
                    ));
                }
                for line in d.doc.text().split('\n') {
                    out.push_str(&format!("  | {line}\n"));
                }
            }
            Item::Reject(r) => out.push_str(&format!("reject {r}\n")),
            Item::Skipped(s) => out.push_str(&format!("skipped {s}\n")),
        }
    }
    out
}

fn read_fixture(name: &str) -> String {
    render(read_paths(
        &[Path::new(FIXTURES).join(name)],
        &Options::default(),
    ))
}

#[test]
fn html_article_drops_boilerplate() {
    insta::assert_snapshot!("article_html", read_fixture("article.html"));
}

#[test]
fn rss_feed() {
    insta::assert_snapshot!("feed_rss", read_fixture("feed.rss"));
}

#[test]
fn atom_feed() {
    insta::assert_snapshot!("feed_atom", read_fixture("feed.atom"));
}

#[test]
fn jsonl_good_and_bad_lines() {
    insta::assert_snapshot!("articles_jsonl", read_fixture("articles.jsonl"));
}

#[test]
fn latin1_text() {
    insta::assert_snapshot!("latin1_txt", read_fixture("latin1.txt"));
}

#[test]
fn crlf_bom_text_with_sidecar() {
    insta::assert_snapshot!("crlf_bom_txt", read_fixture("crlf_bom.txt"));
}

#[test]
fn directory_walk() {
    insta::assert_snapshot!("dir_walk", read_fixture("dir"));
}

#[test]
fn options_fill_gaps_but_do_not_override() {
    let opts = Options {
        format: None,
        published: Some(jiff::civil::date(2000, 1, 1)),
        source: Some("Option Source".to_string()),
    };
    let input = "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\",\"published\":\"2019-01-02\",\"source\":\"Own\"}\n";
    let docs: Vec<_> = read_reader("-", input.as_bytes(), Format::Jsonl, &opts)
        .filter_map(|i| match i {
            Item::Doc(d) => Some((
                d.doc.meta.published.map(|p| p.to_string()),
                d.doc.meta.source.clone(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        docs,
        vec![
            (
                Some("2000-01-01".to_string()),
                Some("Option Source".to_string())
            ),
            (Some("2019-01-02".to_string()), Some("Own".to_string())),
        ]
    );
}

#[test]
fn explicit_paths_missing_unknown_and_forced() {
    let dir = temp_dir("explicit");
    let notes = dir.join("notes.md");
    std::fs::write(
        &notes,
        "An explicitly named file with an unknown extension is read as text.\n",
    )
    .unwrap();
    let jsonl_as_txt = dir.join("records.txt");
    std::fs::write(
        &jsonl_as_txt,
        "{\"id\":\"forced\",\"text\":\"Forced format.\"}\n",
    )
    .unwrap();
    let missing = dir.join("missing.jsonl");

    let items: Vec<Item> = read_paths(&[notes, missing], &Options::default()).collect();
    let shown = render(items.into_iter()).replace(&dir.display().to_string(), "TMP");
    insta::assert_snapshot!("explicit_paths", shown);

    let forced = Options {
        format: Some(Format::Jsonl),
        ..Options::default()
    };
    let ids: Vec<String> = read_paths(&[jsonl_as_txt], &forced)
        .filter_map(|i| match i {
            Item::Doc(d) => Some(d.doc.id().to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, ["forced"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stdin_text_gets_a_hash_id() {
    let items: Vec<Item> =
        read_reader("-", &b"Hello\r\n"[..], Format::Text, &Options::default()).collect();
    match &items[..] {
        [Item::Doc(d)] => {
            assert_eq!(d.doc.text(), "Hello");
            assert_eq!(d.doc.id(), eventwatch_ingest::content_hash("Hello"));
            assert_eq!(d.origin.to_string(), "-");
        }
        other => panic!("expected one document, got {other:?}"),
    }
}

#[test]
fn format_names() {
    let paths = [
        ("a.txt", Some(Format::Text)),
        ("a.JSONL", Some(Format::Jsonl)),
        ("a.htm", Some(Format::Html)),
        ("a.xml", Some(Format::Feed)),
        ("a.atom", Some(Format::Feed)),
        ("crawl.warc.gz", Some(Format::Warc)),
        ("a.md", None),
        ("noext", None),
    ];
    for (p, want) in paths {
        assert_eq!(Format::from_path(Path::new(p)), want, "{p}");
    }
    assert_eq!("rss".parse::<Format>(), Ok(Format::Feed));
    assert_eq!("text".parse::<Format>(), Ok(Format::Text));
    insta::assert_snapshot!(
        "unknown_format",
        "pdf".parse::<Format>().unwrap_err().to_string()
    );
}

#[test]
fn reject_json_lines_are_truncated_json() {
    let long = "é".repeat(5000);
    let r = Reject::new(
        Origin {
            path: "articles.jsonl".into(),
            record: Some(17),
        },
        "field \"published\": expected a date like 2019-11-29, found \"yesterday\"",
        Some(&long),
    );
    let line = r.to_json_line();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["origin"], "articles.jsonl:17");
    assert!(v["raw"].as_str().unwrap().len() <= 4096);
    let short = Reject::new(
        Origin {
            path: "a.jsonl".into(),
            record: None,
        },
        "expected text, found an empty file",
        Some("x\ny"),
    );
    insta::assert_snapshot!(
        "reject_json_line",
        format!("{short}\n{}", short.to_json_line())
    );
}

// --- WARC -----------------------------------------------------------------------------

fn warc_record(kind: &str, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A small crawl: warcinfo, request, dated page, undated Latin-1 page, PDF, 404, a page
/// without paragraphs, a metadata record.
fn crawl_records() -> Vec<Vec<u8>> {
    let dated = br#"<html><head><meta property="article:published_time" content="2021-04-01T06:00:00Z"><title>Dated</title></head>
<body><nav><p>menu menu menu menu menu menu menu menu</p></nav><div class="story"><p>Gunmen killed four villagers in Northfield overnight, officials said.</p><p>The army was deployed.</p></div></body></html>"#;
    let latin = b"<html><head><title>Sans date</title></head><body><p>Manifestation \xe0 Lyon: la police a interpell\xe9 12 personnes.</p></body></html>";
    let empty = b"<html><body><script>1</script></body></html>";
    vec![
        warc_record(
            "warcinfo",
            "",
            "2021-04-02T00:00:00Z",
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            "https://a.example/1",
            "2021-04-02T10:00:00Z",
            b"GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\n",
        ),
        warc_record(
            "response",
            "https://a.example/1",
            "2021-04-02T10:00:00Z",
            &http("200 OK", "text/html; charset=utf-8", dated),
        ),
        warc_record(
            "response",
            "<https://b.example/2>",
            "2021-04-02T10:00:01Z",
            &http("200 OK", "text/html; charset=ISO-8859-1", latin),
        ),
        warc_record(
            "response",
            "https://c.example/doc.pdf",
            "2021-04-02T10:00:02Z",
            &http("200 OK", "application/pdf", b"%PDF-1.4"),
        ),
        warc_record(
            "response",
            "https://d.example/gone",
            "2021-04-02T10:00:03Z",
            &http("404 Not Found", "text/html", b"<p>gone</p>"),
        ),
        warc_record(
            "response",
            "https://e.example/empty",
            "2021-04-02T10:00:04Z",
            &http("200 OK", "text/html", empty),
        ),
        warc_record(
            "metadata",
            "https://a.example/1",
            "2021-04-02T10:00:05Z",
            b"fetchTimeMs: 12\r\n",
        ),
    ]
}

fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(r).unwrap();
        out.extend(enc.finish().unwrap());
    }
    out
}

#[test]
fn warc_plain_gzip_and_file_agree() {
    let records = crawl_records();
    let plain: Vec<u8> = records.concat();
    let gz = gzip_members(&records);
    let from_plain = render(read_reader(
        "crawl.warc",
        &plain[..],
        Format::Warc,
        &Options::default(),
    ));
    let from_gz = render(read_reader(
        "crawl.warc",
        &gz[..],
        Format::Warc,
        &Options::default(),
    ));
    assert_eq!(from_plain, from_gz);
    insta::assert_snapshot!("crawl_warc", from_plain);

    let dir = temp_dir("warc");
    let path = dir.join("crawl.warc.gz");
    std::fs::write(&path, &gz).unwrap();
    let from_file = render(read_paths(std::slice::from_ref(&path), &Options::default()));
    assert_eq!(
        from_file.replace(&path.display().to_string(), "crawl.warc"),
        from_plain
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn warc_garbage_between_records_is_one_reject() {
    let records = crawl_records();
    let mut bytes = records[0].clone();
    bytes.extend_from_slice(b"this is not a warc record\r\nnor this\r\n");
    bytes.extend_from_slice(&records[2]);
    let shown = render(read_reader(
        "broken.warc",
        &bytes[..],
        Format::Warc,
        &Options::default(),
    ));
    insta::assert_snapshot!("broken_warc", shown);
}

// --- The shared corpus ----------------------------------------------------------------

#[test]
fn wikinews_corpus_reads_without_rejects() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/wikinews-conflict.jsonl");
    if !path.exists() {
        println!("skip: {} not found", path.display());
        return;
    }
    let (mut docs, mut other) = (0, Vec::new());
    for item in read_paths(&[path], &Options::default()) {
        match item {
            Item::Doc(d) => {
                docs += 1;
                assert!(d.doc.published().is_some(), "{} has no date", d.origin);
            }
            Item::Reject(r) => other.push(r.to_string()),
            Item::Skipped(s) => other.push(s.to_string()),
        }
    }
    assert_eq!(other, Vec::<String>::new());
    assert_eq!(docs, 129);
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eventwatch-ingest-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
