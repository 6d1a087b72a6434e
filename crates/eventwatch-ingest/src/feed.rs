//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds to items (pure: a `&str` in, a [`Feed`] out).
//!
//! Written on `quick-xml` rather than `feed-rs`: `feed-rs` brings `chrono`, `regex`,
//! `url`, `uuid` and `ammonia` for features we do not use. The parser is lenient:
//! mismatched end tags and stray `&` are tolerated, and items read before a fatal XML
//! error are kept.

use eventwatch_text::{Diagnostic, DocumentMeta};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::clean::{clean_line, decode, sniff_charset};
use crate::date::{bad_date_message, parse_date};
use crate::html::fragment_text;
use crate::{build_document, Item, Options, Origin, Reject, Skipped};

/// One `<item>` or `<entry>`, fields as written (HTML still escaped once).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedItem {
    pub title: Option<String>,
    pub link: Option<String>,
    /// `<guid>` or Atom `<id>`.
    pub id: Option<String>,
    /// `<pubDate>`, `<published>`, `<dc:date>`.
    pub published: Option<String>,
    /// Atom `<updated>`, used when nothing says when the item was published.
    pub updated: Option<String>,
    /// `<description>` or Atom `<summary>` (usually HTML).
    pub summary: Option<String>,
    /// `<content:encoded>` or Atom `<content>` (usually HTML).
    pub content: Option<String>,
    /// The item's XML source, for rejects.
    pub raw: String,
}

/// A parsed feed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Feed {
    /// Channel or feed `<title>`.
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
    /// The root element's name (`rss`, `feed`, `RDF`), `None` when the input had none.
    pub root: Option<String>,
    /// A fatal XML error, after which nothing more was read.
    pub error: Option<String>,
}

impl Feed {
    /// True when the root element is one of a feed.
    pub fn is_feed(&self) -> bool {
        matches!(self.root.as_deref(), Some("rss" | "feed" | "RDF" | "rdf"))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Id,
    Published,
    Updated,
    Summary,
    Content,
}

/// Namespace prefixes whose elements we read; others (`media:`, `itunes:`) are ignored.
fn known_prefix(prefix: Option<&str>) -> bool {
    matches!(
        prefix,
        None | Some("dc" | "dcterms" | "content" | "atom" | "a" | "rss")
    )
}

fn field_of(qname: &str) -> Option<Field> {
    let (prefix, local) = match qname.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, qname),
    };
    if !known_prefix(prefix) {
        return None;
    }
    Some(match local.to_ascii_lowercase().as_str() {
        "title" => Field::Title,
        "link" => Field::Link,
        "guid" | "id" => Field::Id,
        "pubdate" | "published" | "date" | "issued" | "created" => Field::Published,
        "updated" | "modified" => Field::Updated,
        "description" | "summary" => Field::Summary,
        "encoded" | "content" => Field::Content,
        _ => return None,
    })
}

fn local_lower(qname: &str) -> String {
    qname
        .rsplit(':')
        .next()
        .unwrap_or(qname)
        .to_ascii_lowercase()
}

fn set_field(item: &mut FeedItem, field: Field, value: String) {
    let slot = match field {
        Field::Title => &mut item.title,
        Field::Link => &mut item.link,
        Field::Id => &mut item.id,
        Field::Published => &mut item.published,
        Field::Updated => &mut item.updated,
        Field::Summary => &mut item.summary,
        Field::Content => &mut item.content,
    };
    let value = value.trim();
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value.to_string());
    }
}

/// Resolves an entity reference: XML's five, numeric ones; other names are kept as
/// `&name;` for the HTML stage to decode.
fn resolve_ref(name: &str, out: &mut String) {
    match name {
        "amp" => out.push('&'),
        "lt" => out.push('<'),
        "gt" => out.push('>'),
        "quot" => out.push('"'),
        "apos" => out.push('\''),
        _ => {
            let num = name.strip_prefix('#');
            let ch = num.and_then(|n| match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse::<u32>().ok(),
            });
            match (num, ch) {
                (Some(_), Some(c)) => out.push(char::from_u32(c).unwrap_or('\u{FFFD}')),
                (Some(_), None) => out.push('\u{FFFD}'),
                _ => {
                    out.push('&');
                    out.push_str(name);
                    out.push(';');
                }
            }
        }
    }
}

/// What is being captured: a field of the current item, or the channel title.
struct Capture {
    field: Field,
    /// Depth of the element whose text is captured.
    depth: usize,
    buf: String,
    in_item: bool,
}

/// Parses an RSS or Atom document. Never fails: problems end up in [`Feed::error`].
pub fn parse_feed(xml: &str) -> Feed {
    let mut feed = Feed::default();
    let mut reader = Reader::from_str(xml);
    {
        let config = reader.config_mut();
        config.allow_dangling_amp = true;
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
    }
    let mut stack: Vec<String> = Vec::new();
    let mut item: Option<(FeedItem, usize, usize)> = None; // item, depth, start byte
    let mut capture: Option<Capture> = None;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                feed.error = Some(format!(
                    "malformed xml at byte {}: {e}",
                    reader.error_position()
                ));
                break;
            }
        };
        match event {
            Event::Start(start) => {
                let qname = start.name().as_ref().to_string();
                if feed.root.is_none() {
                    feed.root = Some(qname.rsplit(':').next().unwrap_or(&qname).to_string());
                }
                stack.push(qname.clone());
                let depth = stack.len();
                if let Some(cap) = capture.as_mut() {
                    // Markup inside a field (Atom xhtml content): keep it for the HTML stage.
                    cap.buf.push('<');
                    cap.buf.push_str(&start);
                    cap.buf.push('>');
                    continue;
                }
                let local = local_lower(&qname);
                if item.is_none() && (local == "item" || local == "entry") {
                    item = Some((FeedItem::default(), depth, before));
                    continue;
                }
                if let Some((it, item_depth, _)) = item.as_mut() {
                    if depth == *item_depth + 1 {
                        if let Some(field) = field_of(&qname) {
                            if field == Field::Link {
                                if let Some(href) = atom_link_href(&start) {
                                    set_field(it, Field::Link, href);
                                }
                            }
                            capture = Some(Capture {
                                field,
                                depth,
                                buf: String::new(),
                                in_item: true,
                            });
                        }
                    }
                } else if local == "title" && feed.title.is_none() && depth >= 2 {
                    let parent = stack.get(depth - 2).map(|p| local_lower(p));
                    if matches!(parent.as_deref(), Some("channel" | "feed")) {
                        capture = Some(Capture {
                            field: Field::Title,
                            depth,
                            buf: String::new(),
                            in_item: false,
                        });
                    }
                }
            }
            Event::Empty(start) => {
                if feed.root.is_none() {
                    let qname = start.name().as_ref().to_string();
                    feed.root = Some(qname.rsplit(':').next().unwrap_or(&qname).to_string());
                }
                if let Some(cap) = capture.as_mut() {
                    cap.buf.push('<');
                    cap.buf.push_str(&start);
                    cap.buf.push_str("/>");
                    continue;
                }
                if let Some((it, item_depth, _)) = item.as_mut() {
                    let qname = start.name().as_ref().to_string();
                    if stack.len() == *item_depth && field_of(&qname) == Some(Field::Link) {
                        if let Some(href) = atom_link_href(&start) {
                            set_field(it, Field::Link, href);
                        }
                    }
                }
            }
            Event::End(end) => {
                let qname = end.name().as_ref().to_string();
                // Tolerate mismatched ends: close up to the nearest matching open element.
                let Some(pos) = stack.iter().rposition(|n| *n == qname) else {
                    continue;
                };
                let depth = pos + 1;
                stack.truncate(pos);
                if let Some(cap) = capture.take() {
                    if depth > cap.depth {
                        let mut cap = cap;
                        cap.buf.push_str("</");
                        cap.buf.push_str(&qname);
                        cap.buf.push('>');
                        capture = Some(cap);
                        continue;
                    }
                    if cap.in_item {
                        if let Some((it, _, _)) = item.as_mut() {
                            set_field(it, cap.field, cap.buf);
                        }
                    } else if feed.title.is_none() {
                        feed.title = Some(cap.buf.trim().to_string()).filter(|t| !t.is_empty());
                    }
                }
                if item.as_ref().is_some_and(|(_, d, _)| depth <= *d) {
                    if let Some((mut it, _, start)) = item.take() {
                        let end_pos =
                            usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                        it.raw = xml
                            .get(start..end_pos)
                            .unwrap_or_default()
                            .trim()
                            .to_string();
                        feed.items.push(it);
                    }
                }
            }
            Event::Text(text) => {
                if let Some(cap) = capture.as_mut() {
                    cap.buf.push_str(&text.xml10_content());
                }
            }
            Event::CData(data) => {
                if let Some(cap) = capture.as_mut() {
                    cap.buf.push_str(&data.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(cap) = capture.as_mut() {
                    resolve_ref(&r.xml10_content(), &mut cap.buf);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // An item left open by a truncated document still counts if it has anything.
    if let Some((mut it, _, start)) = item.take() {
        if let Some(cap) = capture.take() {
            if cap.in_item {
                set_field(&mut it, cap.field, cap.buf);
            }
        }
        it.raw = xml.get(start..).unwrap_or_default().trim().to_string();
        feed.items.push(it);
    }
    feed
}

/// The `href` of an Atom `<link>` whose `rel` is absent or `alternate`.
fn atom_link_href(start: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    let mut href = None;
    let mut rel_ok = true;
    for attr in start.attributes().flatten() {
        match attr.key.as_ref() {
            "href" => {
                let mut s = String::new();
                let mut rest: &str = &attr.value;
                while let Some(at) = rest.find('&') {
                    s.push_str(&rest[..at]);
                    let after = &rest[at + 1..];
                    match after.find(';') {
                        Some(semi) if semi <= 10 => {
                            resolve_ref(&after[..semi], &mut s);
                            rest = &after[semi + 1..];
                        }
                        _ => {
                            s.push('&');
                            rest = after;
                        }
                    }
                }
                s.push_str(rest);
                href = Some(s);
            }
            "rel" => rel_ok = attr.value.trim().eq_ignore_ascii_case("alternate"),
            _ => {}
        }
    }
    href.filter(|_| rel_ok)
}

/// A feed file's items (item numbers are 1-based), then a reject for a fatal XML error.
pub fn feed_items(path: &str, bytes: &[u8], opts: &Options) -> Vec<Item> {
    let declared = sniff_charset(bytes);
    let (xml, decode_diags) = decode(bytes, declared.as_deref());
    let feed = parse_feed(&xml);
    let file_origin = Origin {
        path: path.to_string(),
        record: None,
    };
    if !feed.is_feed() {
        let found = match (&feed.root, &feed.error) {
            (Some(root), _) => format!("a <{root}> document"),
            (None, Some(err)) => err.clone(),
            (None, None) => "no xml element".to_string(),
        };
        let reason = format!("expected an rss or atom feed, found {found}");
        let raw = crate::clean::truncate(&xml, 4096).into_owned();
        return vec![Item::Reject(Reject::new(file_origin, reason, Some(&raw)))];
    }
    let source = feed.title.as_deref().and_then(title_text);
    let mut out = Vec::with_capacity(feed.items.len() + 1);
    for (i, item) in feed.items.iter().enumerate() {
        let origin = Origin {
            path: path.to_string(),
            record: Some(i as u64 + 1),
        };
        out.push(item_to_doc(
            origin,
            item,
            source.clone(),
            &decode_diags,
            opts,
        ));
    }
    if let Some(err) = feed.error {
        out.push(Item::Reject(Reject::new(file_origin, err, None)));
    } else if out.is_empty() {
        out.push(Item::Skipped(Skipped {
            origin: file_origin,
            why: "feed without items".to_string(),
        }));
    }
    out
}

/// A title that may hold escaped HTML: tags removed, entities decoded, one line.
fn title_text(s: &str) -> Option<String> {
    clean_line(&fragment_text(s))
}

fn item_to_doc(
    origin: Origin,
    item: &FeedItem,
    source: Option<String>,
    decode_diags: &[Diagnostic],
    opts: &Options,
) -> Item {
    let mut diagnostics = decode_diags.to_vec();
    let text = [&item.content, &item.summary]
        .into_iter()
        .flatten()
        .map(|html| fragment_text(html))
        .find(|t| !t.is_empty());
    let Some(text) = text else {
        let reason = "expected item text in <description> or <content>, found none";
        return Item::Reject(Reject::new(origin, reason, Some(&item.raw)));
    };
    let mut published = None;
    for value in [&item.published, &item.updated].into_iter().flatten() {
        match parse_date(value) {
            Some(d) => {
                published = Some(d);
                break;
            }
            None => diagnostics.push(Diagnostic::warning(
                "ingest/bad-date",
                bad_date_message("item date", value),
            )),
        }
    }
    let link = item.link.as_deref().and_then(clean_line);
    let meta = DocumentMeta {
        id: item
            .id
            .as_deref()
            .and_then(clean_line)
            .or_else(|| link.clone())
            .unwrap_or_default(),
        title: item.title.as_deref().and_then(title_text),
        url: link,
        source,
        published,
        language: None,
    };
    build_document(origin, meta, text, diagnostics, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_with_escaped_html_and_cdata() {
        let feed = parse_feed(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire &amp; Co</title>
            <item><title>Clashes in A</title><link>https://x.org/a?b=1&amp;c=2</link>
            <pubDate>Fri, 29 Nov 2019 10:00:00 GMT</pubDate>
            <description>&lt;p&gt;Two &amp;amp; three&lt;/p&gt;</description>
            <media:title>ignored</media:title></item>
            <item><title><![CDATA[B <i>news</i>]]></title><content:encoded><![CDATA[<p>Body</p>]]></content:encoded></item>
            </channel></rss>"#,
        );
        assert_eq!(feed.error, None);
        assert!(feed.is_feed());
        assert_eq!(feed.title.as_deref(), Some("Wire & Co"));
        assert_eq!(feed.items.len(), 2);
        let a = &feed.items[0];
        assert_eq!(a.title.as_deref(), Some("Clashes in A"));
        assert_eq!(a.link.as_deref(), Some("https://x.org/a?b=1&c=2"));
        assert_eq!(a.summary.as_deref(), Some("<p>Two &amp; three</p>"));
        assert!(a.raw.starts_with("<item>") && a.raw.ends_with("</item>"));
        assert_eq!(feed.items[1].title.as_deref(), Some("B <i>news</i>"));
        assert_eq!(feed.items[1].content.as_deref(), Some("<p>Body</p>"));
    }

    #[test]
    fn atom_entries_with_link_attributes_and_xhtml() {
        let feed = parse_feed(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
            <entry><title>E</title><link rel="self" href="https://x.org/self"/>
            <link href="https://x.org/e"/><id>tag:x,1</id><updated>2020-01-02T00:00:00Z</updated>
            <content type="xhtml"><div><p>One</p><p>Two</p></div></content></entry></feed>"#,
        );
        assert_eq!(feed.title.as_deref(), Some("A"));
        let e = &feed.items[0];
        assert_eq!(e.link.as_deref(), Some("https://x.org/e"));
        assert_eq!(e.id.as_deref(), Some("tag:x,1"));
        assert_eq!(e.updated.as_deref(), Some("2020-01-02T00:00:00Z"));
        assert_eq!(
            e.content.as_deref(),
            Some("<div><p>One</p><p>Two</p></div>")
        );
    }

    #[test]
    fn malformed_xml_keeps_earlier_items() {
        let feed = parse_feed("<rss><channel><item><title>a</title></item><item><title>b</ti");
        assert_eq!(feed.items.len(), 2);
        assert!(feed.error.is_some() || feed.items[1].title.is_none());
    }
}
