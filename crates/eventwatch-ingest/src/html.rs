//! HTML pages to article text and metadata (pure: a `&str` in, a [`Page`] out).
//!
//! Boilerplate is removed by tag (`script`, `nav`, `footer`, ...) and by class/id words
//! (`comments`, `share`, `sidebar`, ...); the element whose `<p>` children hold the most
//! text is the article body, and its paragraphs are joined with blank lines.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use eventwatch_text::{Diagnostic, DocumentMeta};
use jiff::civil::Date;
use scraper::{ElementRef, Html, Node};

use crate::clean::{clean_line, clean_text, collapse_whitespace, decode, sniff_charset, truncate};
use crate::date::{bad_date_message, parse_date};
use crate::{build_document, Item, Options, Origin, Reject};

/// What [`extract`] found in a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub title: Option<String>,
    /// Cleaned article text, paragraphs separated by a blank line. Empty when none found.
    pub text: String,
    pub published: Option<Date>,
    /// Canonical or `og:url` address (absolute http(s) only).
    pub url: Option<String>,
    /// The `<html lang>` attribute.
    pub language: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Tags whose whole subtree is never article text.
const DROP_TAGS: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "svg",
    "template", "button", "select", "textarea", "object", "embed", "canvas", "head", "menu",
];

/// Class/id words that mark boilerplate whatever else the element says. Matched as whole
/// words or, for the longer ones, as word prefixes (`comments`, `commentlist`).
const STRONG_EXACT: &[&str] = &[
    "ad",
    "ads",
    "adslot",
    "adunit",
    "adsense",
    "adsbygoogle",
    "share",
    "shares",
    "sharing",
    "sharebar",
    "sponsored",
    "disqus",
    "outbrain",
    "taboola",
];
const STRONG_PREFIX: &[&str] = &[
    "comment",
    "social",
    "related",
    "cookie",
    "newsletter",
    "promo",
    "advert",
    "recommend",
];
/// Words that mark boilerplate unless a content word is also present.
const WEAK_EXACT: &[&str] = &[
    "banner",
    "popup",
    "modal",
    "masthead",
    "subscribe",
    "signup",
    "toolbar",
];
const WEAK_PREFIX: &[&str] = &["nav", "menu", "sidebar", "breadcrumb"];
const CONTENT_WORDS: &[&str] = &[
    "article", "content", "body", "main", "story", "entry", "post", "text",
];

/// Block tags that end a line in the fallback text walk.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "main",
    "figure",
    "figcaption",
    "hr",
    "td",
    "th",
];

fn class_words(el: &scraper::node::Element) -> Vec<String> {
    let mut words = Vec::new();
    for attr in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        for w in attr.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !w.is_empty() {
                words.push(w.to_ascii_lowercase());
            }
        }
    }
    words
}

fn is_boilerplate(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if DROP_TAGS.contains(&name) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        if style.to_ascii_lowercase().contains("display:none") {
            return true;
        }
    }
    if matches!(name, "html" | "body" | "main" | "article") {
        return false;
    }
    let words = class_words(el);
    let any = |exact: &[&str], prefix: &[&str]| {
        words
            .iter()
            .any(|w| exact.contains(&w.as_str()) || prefix.iter().any(|p| w.starts_with(p)))
    };
    if any(STRONG_EXACT, STRONG_PREFIX) {
        return true;
    }
    any(WEAK_EXACT, WEAK_PREFIX) && !any(CONTENT_WORDS, &[])
}

struct Paragraph {
    node: NodeId,
    text: String,
}

/// Paragraph texts (`<p>` outside boilerplate) in document order.
fn paragraphs(root: ElementRef<'_>) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut skip_until: Option<NodeId> = None;
    let mut current: Option<(NodeId, String)> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip_until.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(el) => {
                        if is_boilerplate(el) {
                            skip_until = Some(node.id());
                        } else if el.name() == "p" && current.is_none() {
                            current = Some((node.id(), String::new()));
                        } else if el.name() == "br" {
                            if let Some((_, buf)) = current.as_mut() {
                                buf.push('\n');
                            }
                        }
                    }
                    Node::Text(t) => {
                        if let Some((_, buf)) = current.as_mut() {
                            push_inline(buf, t);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skip_until == Some(node.id()) {
                    skip_until = None;
                    continue;
                }
                if skip_until.is_some() {
                    continue;
                }
                if current.as_ref().is_some_and(|(id, _)| *id == node.id()) {
                    if let Some((id, buf)) = current.take() {
                        let text = tidy_lines(&buf);
                        if !text.is_empty() {
                            out.push(Paragraph { node: id, text });
                        }
                    }
                }
            }
        }
    }
    out
}

/// Appends source text; its line breaks are plain whitespace (only `<br>` and block
/// elements break lines).
fn push_inline(buf: &mut String, text: &str) {
    buf.extend(
        text.chars()
            .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }),
    );
}

/// Collapses whitespace inside each line, drops empty lines, joins lines with `\n`.
fn tidy_lines(s: &str) -> String {
    s.split('\n')
        .map(collapse_whitespace)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fallback for pages or fragments without `<p>`: all non-boilerplate text, one
/// paragraph per block element.
fn block_text(root: ElementRef<'_>) -> String {
    let mut buf = String::new();
    let mut skip_until: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip_until.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(el) => {
                        if is_boilerplate(el) {
                            skip_until = Some(node.id());
                        } else if BLOCK_TAGS.contains(&el.name()) {
                            buf.push('\n');
                        }
                    }
                    Node::Text(t) => push_inline(&mut buf, t),
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skip_until == Some(node.id()) {
                    skip_until = None;
                } else if skip_until.is_none() {
                    if let Node::Element(el) = node.value() {
                        if BLOCK_TAGS.contains(&el.name()) {
                            buf.push('\n');
                        }
                    }
                }
            }
        }
    }
    buf.split('\n')
        .map(collapse_whitespace)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The main text of a parsed tree: the paragraphs under the best-scoring container.
fn main_text(html: &Html) -> String {
    let root = html.root_element();
    let paras = paragraphs(root);
    if paras.is_empty() {
        return clean_text(&block_text(root));
    }
    // Each paragraph credits its length to its parent and half of it to its grandparent.
    let mut scores: HashMap<NodeId, usize> = HashMap::new();
    for p in &paras {
        let Some(node) = html.tree.get(p.node) else {
            continue;
        };
        let mut ancestors = node.ancestors();
        if let Some(parent) = ancestors.next() {
            *scores.entry(parent.id()).or_default() += p.text.len();
        }
        if let Some(grand) = ancestors.next() {
            *scores.entry(grand.id()).or_default() += p.text.len() / 2;
        }
    }
    // Highest score wins; ties go to the container met first in document order.
    let mut best: Option<(NodeId, usize)> = None;
    for p in &paras {
        let Some(node) = html.tree.get(p.node) else {
            continue;
        };
        for anc in node.ancestors().take(2) {
            let score = scores.get(&anc.id()).copied().unwrap_or(0);
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((anc.id(), score));
            }
        }
    }
    let Some((best, _)) = best else {
        return String::new();
    };
    let chosen: Vec<&str> = paras
        .iter()
        .filter(|p| {
            html.tree
                .get(p.node)
                .is_some_and(|n| n.ancestors().any(|a| a.id() == best))
        })
        .map(|p| p.text.as_str())
        .collect();
    clean_text(&chosen.join("\n\n"))
}

/// Text of an HTML fragment (a feed description, an escaped title): entities decoded,
/// tags removed, paragraphs separated by blank lines.
pub fn fragment_text(fragment: &str) -> String {
    if !fragment.contains(['<', '&']) {
        return clean_text(fragment);
    }
    main_text(&Html::parse_fragment(fragment))
}

/// Extracts title, article text, publication date, URL and language from a page.
pub fn extract(source: &str) -> Page {
    let html = Html::parse_document(source);
    let mut page = Page {
        text: main_text(&html),
        ..Page::default()
    };
    let mut meta: HashMap<String, String> = HashMap::new();
    let mut title_tag: Option<String> = None;
    let mut h1: Option<String> = None;
    let mut canonical: Option<String> = None;
    let mut itemprop_date: Option<String> = None;
    let mut time_datetime: Option<String> = None;
    let mut json_ld: Vec<String> = Vec::new();

    let root = html.root_element();
    page.language = root.attr("lang").and_then(clean_line);
    for el in root.descendent_elements() {
        let v = el.value();
        match v.name() {
            "meta" => {
                let key = v.attr("property").or(v.attr("name")).or(v.attr("itemprop"));
                if let (Some(key), Some(content)) = (key, v.attr("content")) {
                    meta.entry(key.trim().to_ascii_lowercase())
                        .or_insert_with(|| content.to_string());
                }
            }
            "link" => {
                let rel = v.attr("rel").unwrap_or_default();
                if canonical.is_none()
                    && rel
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    canonical = v.attr("href").map(str::to_string);
                }
            }
            "title" if title_tag.is_none() => title_tag = Some(el.text().collect()),
            "h1" if h1.is_none() => h1 = Some(el.text().collect()),
            "time" if time_datetime.is_none() => {
                time_datetime = v.attr("datetime").map(str::to_string);
            }
            "script"
                if v.attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                json_ld.push(el.text().collect());
            }
            _ => {}
        }
        if itemprop_date.is_none()
            && v.name() != "meta"
            && v.attr("itemprop") == Some("datePublished")
        {
            itemprop_date = v
                .attr("datetime")
                .or(v.attr("content"))
                .map(str::to_string)
                .or_else(|| Some(el.text().collect()));
        }
    }

    page.title = [meta.get("og:title").cloned(), title_tag, h1]
        .into_iter()
        .flatten()
        .find_map(|t| clean_line(&t));

    page.url = [canonical, meta.get("og:url").cloned()]
        .into_iter()
        .flatten()
        .map(|u| u.trim().to_string())
        .find(|u| u.starts_with("http://") || u.starts_with("https://"));

    let json_ld_date = json_ld.iter().find_map(|s| json_ld_date_published(s));
    let candidates: Vec<(&str, Option<String>)> = vec![
        (
            "meta article:published_time",
            meta.get("article:published_time").cloned(),
        ),
        (
            "itemprop datePublished",
            meta.get("datepublished").cloned().or(itemprop_date),
        ),
        ("json-ld datePublished", json_ld_date),
        (
            "meta date",
            [
                "date",
                "pubdate",
                "publishdate",
                "dc.date.issued",
                "dc.date",
                "dcterms.created",
                "parsely-pub-date",
                "sailthru.date",
                "og:published_time",
            ]
            .iter()
            .find_map(|k| meta.get(*k).cloned()),
        ),
        ("time datetime", time_datetime),
    ];
    for (place, value) in candidates {
        let Some(value) = value else { continue };
        match parse_date(&value) {
            Some(d) => {
                page.published = Some(d);
                break;
            }
            None => page.diagnostics.push(Diagnostic::warning(
                "ingest/bad-date",
                bad_date_message(place, value.trim()),
            )),
        }
    }
    page
}

/// An HTML file as an item. The id is the page's URL, else `stem`, else the content hash.
pub fn page_item(origin: Origin, stem: Option<&str>, bytes: &[u8], opts: &Options) -> Item {
    let declared = sniff_charset(bytes);
    let (source, mut diagnostics) = decode(bytes, declared.as_deref());
    let page = extract(&source);
    diagnostics.extend(page.diagnostics);
    if page.text.is_empty() {
        let reason = "expected article text in <p> paragraphs, found none";
        return Item::Reject(Reject::new(origin, reason, Some(&truncate(&source, 4096))));
    }
    let meta = DocumentMeta {
        id: page
            .url
            .clone()
            .or_else(|| stem.map(str::to_string))
            .unwrap_or_default(),
        title: page.title,
        url: page.url,
        source: None,
        published: page.published,
        language: page.language,
    };
    build_document(origin, meta, page.text, diagnostics, opts)
}

/// The first `datePublished` string anywhere in a JSON-LD block.
fn json_ld_date_published(source: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(source.trim()).ok()?;
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(s)) = map.get("datePublished") {
                    return Some(s.clone());
                }
                stack.extend(map.values().rev());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn picks_the_container_with_most_paragraph_text() {
        let page = extract(
            r#"<html lang="en"><head><title>T | Site</title>
            <meta property="og:title" content="Real &amp; title">
            <meta property="article:published_time" content="2020-03-01T08:00:00+03:00">
            <link rel="canonical" href="https://example.org/a"></head>
            <body><nav><p>Home News Sport and a long long menu paragraph here</p></nav>
            <div class="story-body"><p>First   paragraph
            of the story.</p><p>Second &ldquo;quoted&rdquo;<br>line.</p></div>
            <div class="comments"><p>A very long comment that should not be part of the text at all, ever.</p></div>
            <div class="teaser"><p>Short.</p></div></body></html>"#,
        );
        assert_eq!(
            page.text,
            "First paragraph of the story.\n\nSecond \u{201c}quoted\u{201d}\nline."
        );
        assert_eq!(page.title.as_deref(), Some("Real & title"));
        assert_eq!(page.published, Some(date(2020, 3, 1)));
        assert_eq!(page.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(page.language.as_deref(), Some("en"));
    }

    #[test]
    fn weak_words_do_not_drop_content_containers() {
        let html = r#"<body><div class="main-content has-sidebar"><p>Kept text.</p></div>
            <div class="sidebar"><p>Dropped sidebar text that is much longer than the kept one.</p></div></body>"#;
        assert_eq!(extract(html).text, "Kept text.");
    }

    #[test]
    fn fragments_without_paragraphs_keep_their_text() {
        assert_eq!(
            fragment_text("Police said <b>three</b> died.<br>More soon"),
            "Police said three died.\n\nMore soon"
        );
        assert_eq!(fragment_text("AT&amp;T"), "AT&T");
        assert_eq!(fragment_text("plain"), "plain");
    }

    #[test]
    fn json_ld_and_bad_dates() {
        let page = extract(
            r#"<head><meta property="article:published_time" content="soon">
            <script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2021-06-05T10:00:00Z"}]}</script>
            </head><body><p>x</p></body>"#,
        );
        assert_eq!(page.published, Some(date(2021, 6, 5)));
        assert_eq!(page.diagnostics.len(), 1);
        assert_eq!(
            page.diagnostics[0].message,
            "meta article:published_time: expected a date like 2019-11-29, found \"soon\""
        );
    }
}
