//! Property tests: no input to any parser panics, and what comes out keeps its promises.

use eventwatch_ingest::{feed, html, read_reader, warc, Format, Item, Options, MAX_RAW_BYTES};
use proptest::prelude::*;

/// Checks the invariants every item must hold.
fn check_items(items: impl Iterator<Item = Item>) {
    for item in items {
        match item {
            Item::Doc(d) => {
                let text = d.doc.text();
                assert!(!text.is_empty());
                assert_eq!(text, text.trim());
                assert!(!text.contains('\r'));
                assert!(!text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'));
                assert!(!d.doc.id().is_empty());
                assert_eq!(d.content_hash, eventwatch_ingest::content_hash(text));
                for s in d.doc.sentences() {
                    assert!(text.get(s.range()).is_some());
                }
            }
            Item::Reject(r) => {
                assert!(r.raw.as_ref().is_none_or(|raw| raw.len() <= MAX_RAW_BYTES));
                assert!(!r.reason.is_empty() && !r.reason.ends_with('.'));
                assert!(!r.reason.starts_with(char::is_uppercase), "{}", r.reason);
                let line: serde_json::Value = serde_json::from_str(&r.to_json_line()).unwrap();
                assert!(line.is_object());
            }
            Item::Skipped(s) => assert!(!s.why.is_empty()),
        }
    }
}

const FORMATS: [Format; 5] = [
    Format::Text,
    Format::Jsonl,
    Format::Html,
    Format::Feed,
    Format::Warc,
];

/// Markup-heavy strings reach deeper into the HTML and XML parsers than random bytes.
fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"comments\">".to_string()),
        Just("<div class='article-body'>".to_string()),
        Just("</div>".to_string()),
        Just("<br>".to_string()),
        Just("<item>".to_string()),
        Just("</item>".to_string()),
        Just("<entry><content type=\"xhtml\">".to_string()),
        Just("</content></entry>".to_string()),
        Just("<rss><channel>".to_string()),
        Just("<title>".to_string()),
        Just("</title>".to_string()),
        Just("<description>".to_string()),
        Just("</description>".to_string()),
        Just("<![CDATA[".to_string()),
        Just("]]>".to_string()),
        Just("&amp;".to_string()),
        Just("&#xD800;".to_string()),
        Just("&#0;".to_string()),
        Just("&nbsp;".to_string()),
        Just("<meta property=\"article:published_time\" content=\"x\">".to_string()),
        Just("<script type=\"application/ld+json\">{\"datePublished\":".to_string()),
        Just("<link href=\"&bad".to_string()),
        "[ -~]{0,12}".prop_map(|s| s),
        "\\PC{0,6}".prop_map(|s| s),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_in_any_format(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for format in FORMATS {
            check_items(read_reader("fuzz", &bytes[..], format, &Options::default()));
        }
    }

    #[test]
    fn gzip_magic_then_garbage(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut input = vec![0x1f, 0x8b];
        input.extend(bytes);
        for format in FORMATS {
            check_items(read_reader("fuzz.gz", &input[..], format, &Options::default()));
        }
    }

    #[test]
    fn markup_in_html_and_feeds(s in markup()) {
        let page = html::extract(&s);
        prop_assert_eq!(page.text.trim(), page.text.as_str());
        let _ = html::fragment_text(&s);
        let parsed = feed::parse_feed(&s);
        prop_assert!(parsed.items.iter().all(|i| s.contains(i.raw.as_str())));
        check_items(read_reader("fuzz.html", s.as_bytes(), Format::Html, &Options::default()));
        check_items(read_reader("fuzz.rss", s.as_bytes(), Format::Feed, &Options::default()));
    }

    #[test]
    fn warc_like_records(
        headers in prop::collection::vec("[A-Za-z-]{1,12}: [ -~]{0,20}", 0..5),
        length in 0u64..200,
        body in prop::collection::vec(any::<u8>(), 0..200),
        kind in prop_oneof![Just("response"), Just("request"), Just("")],
    ) {
        let mut input = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n{}\r\nContent-Length: {length}\r\n\r\n", headers.join("\r\n")).into_bytes();
        input.extend_from_slice(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n");
        input.extend(body);
        check_items(read_reader("fuzz.warc", &input[..], Format::Warc, &Options::default()));
        let _ = warc::parse_http_response(&input);
    }

    #[test]
    fn jsonl_like_lines(text in "\\PC{0,40}", published in "[0-9a-zA-Z:+ ,-]{0,30}", id in "[ -~]{0,10}") {
        let line = serde_json::json!({"id": id, "text": text, "published": published}).to_string();
        check_items(read_reader("fuzz.jsonl", line.as_bytes(), Format::Jsonl, &Options::default()));
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let deep = "<div>".repeat(20_000) + "<p>deep text</p>" + &"</div>".repeat(20_000);
    let page = html::extract(&deep);
    assert_eq!(page.text, "deep text");
    let deep_xml = "<rss><channel><item><description>".to_string() + &"<b>".repeat(20_000) + "x";
    let _ = feed::parse_feed(&deep_xml);
}
