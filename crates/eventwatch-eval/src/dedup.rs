//! Deduplication scorer: do reports of one shooting end up in one consolidated event?
//!
//! Files: `dedup/gva_incidents_dev.jsonl` (one article per line: `id`, `cluster` — the Gun
//! Violence Archive incident —, `also_in_clusters`, `published`, `title`, `text`,
//! `source_url`, `meta.strict_ok`) and `dedup/gva_hard_negative_pairs.tsv` (pairs of
//! different incidents in the same city within a week).
//!
//! Every article's text (without its title, so the extractor sees what an ingested
//! document holds) goes through the extractor with its publication date; the title gives
//! the main event more keys, as an ingested document's title does in the store; the source is
//! the host of `source_url`. All events are consolidated at once with
//! `eventwatch-consolidate` (standard configuration, keys read from the text and title).
//! An article's consolidated event is the one holding its main (first) event; an article
//! without events is alone. Metrics: pairwise precision and recall of "same consolidated
//! event" over article pairs (gold: the articles share an incident), the same on the
//! `strict_ok` subset, and the share of hard-negative incident pairs kept apart (no
//! article of one shares an event with an article of the other). A diagnostic without a
//! bar: the share of articles whose main event is dated the incident's day
//! (`meta.incident_date`), a larger check of event dates than the casualty split's 210;
//! and the share whose main event lies at town precision or finer within 25 km of the
//! incident's town (`meta.city_or_county`, `meta.state`, resolved by the pipeline itself
//! from "in TOWN, STATE"; articles whose town it cannot resolve in that state are left out).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;
use std::path::Path;

use anyhow::Context;
use eventwatch_consolidate::{Config, Consolidator, Mention, MentionKey};
use eventwatch_text::{Document, DocumentMeta};
use serde::Deserialize;

use eventwatch_schema::PlacePrecision;

use crate::geo::haversine_km;
use crate::{Extractor, Metric, Report};

#[derive(Debug, Deserialize)]
struct Article {
    id: String,
    cluster: String,
    #[serde(default)]
    also_in_clusters: Option<Vec<String>>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    source_url: Option<String>,
    #[serde(default)]
    meta: Meta,
}

#[derive(Debug, Default, Deserialize)]
struct Meta {
    #[serde(default)]
    strict_ok: bool,
    /// The GVA incident's date (`YYYY-MM-DD`).
    #[serde(default)]
    incident_date: Option<String>,
    /// The incident's town or county ("Chicago", "Trenton (Hamilton Township)") and state.
    #[serde(default)]
    city_or_county: Option<String>,
    #[serde(default)]
    state: Option<String>,
}

/// How near the main event's place must lie to the incident's town to count as right.
const PLACE_KM: f64 = 25.0;

/// The incident's town as the pipeline resolves "in TOWN, STATE": its first place of town
/// precision or finer whose first-level region is the state, if any.
fn incident_town(x: &dyn Extractor, town: &str, state: &str) -> Option<(f64, f64)> {
    let town = town.split(" (").next().unwrap_or(town).trim();
    let text = format!("It happened in {town}, {state}.");
    let doc = Document::new(DocumentMeta::default(), text);
    let state = if state == "District of Columbia" {
        "Washington, D.C."
    } else {
        state
    };
    x.places(&doc)
        .into_iter()
        .find(|p| {
            !p.feature.starts_with("A.ADM1")
                && !p.feature.starts_with("A.PCL")
                && p.admin1.as_deref() == Some(state)
        })
        .map(|p| (p.lat, p.lon))
}

const ARTICLES: &str = "dedup/gva_incidents_dev.jsonl";
const NEGATIVES: &str = "dedup/gva_hard_negative_pairs.tsv";

/// The outlet's host; for an archived copy (`web.archive.org/web/2016.../http://...`), the
/// host of the archived address.
fn host(url: &str) -> Option<String> {
    let url = match url.find("archive.org/web/") {
        Some(i) => {
            let inner = url.get(i + 16..).unwrap_or("");
            inner.split_once('/').map_or(inner, |(_, r)| r)
        }
        None => url,
    };
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

struct Loaded {
    articles: Vec<Article>,
    unreadable: Vec<String>,
}

fn load(data_dir: &Path) -> anyhow::Result<Loaded> {
    let path = data_dir.join(ARTICLES);
    let raw = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut articles = Vec::new();
    let mut unreadable = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Article>(line) {
            Ok(a) => articles.push(a),
            Err(e) => unreadable.push(format!("{ARTICLES}:{}: {e}", n + 1)),
        }
    }
    Ok(Loaded {
        articles,
        unreadable,
    })
}

fn load_negatives(data_dir: &Path, unreadable: &mut Vec<String>) -> Vec<(String, String)> {
    let path = data_dir.join(NEGATIVES);
    let Ok(raw) = std::fs::read_to_string(&path) else {
        unreadable.push(format!("{NEGATIVES}: cannot read the file"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (n, line) in raw.lines().enumerate().skip(1) {
        let mut cols = line.split('\t');
        match (cols.next(), cols.next()) {
            (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
                out.push((a.to_string(), b.to_string()))
            }
            _ => unreadable.push(format!(
                "{NEGATIVES}:{}: expected cluster_a and cluster_b, found {line:?}",
                n + 1
            )),
        }
    }
    out
}

/// Pairwise counts over a subset of articles.
#[derive(Default)]
struct Pairs {
    predicted: usize,
    gold: usize,
    both: usize,
}

fn pairs(
    subset: &[usize],
    event_of: &[Option<String>],
    clusters: &[Vec<&str>],
) -> (Pairs, Vec<(usize, usize)>) {
    let mut by_event: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_cluster: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in subset {
        if let Some(Some(e)) = event_of.get(i) {
            by_event.entry(e.as_str()).or_default().push(i);
        }
        for c in clusters.get(i).into_iter().flatten() {
            by_cluster.entry(c).or_default().push(i);
        }
    }
    let same_cluster = |i: usize, j: usize| {
        let (Some(a), Some(b)) = (clusters.get(i), clusters.get(j)) else {
            return false;
        };
        a.iter().any(|c| b.contains(c))
    };
    let mut p = Pairs::default();
    let mut false_merges = Vec::new();
    for members in by_event.values() {
        for (k, &i) in members.iter().enumerate() {
            for &j in members.iter().skip(k + 1) {
                p.predicted += 1;
                if same_cluster(i, j) {
                    p.both += 1;
                } else {
                    false_merges.push((i, j));
                }
            }
        }
    }
    let mut gold: HashSet<(usize, usize)> = HashSet::new();
    for members in by_cluster.values() {
        for (k, &i) in members.iter().enumerate() {
            for &j in members.iter().skip(k + 1) {
                gold.insert((i.min(j), i.max(j)));
            }
        }
    }
    p.gold = gold.len();
    (p, false_merges)
}

/// Scores consolidation on the GVA incident articles.
pub fn score(data_dir: &Path, x: &dyn Extractor) -> anyhow::Result<Vec<Report>> {
    let Loaded {
        articles,
        mut unreadable,
    } = load(data_dir)?;
    let negatives = load_negatives(data_dir, &mut unreadable);

    let mut mentions = Vec::new();
    let mut with_event = 0;
    // The main event's date against the incident's: a check of event dates on 5,304
    // articles, many of them follow-ups written days or weeks later.
    let (mut dated_gold, mut date_right) = (0, 0);
    // The main event's place against the incident's town, resolved once per town.
    let (mut placed_gold, mut place_right) = (0, 0);
    let mut towns: HashMap<(String, String), Option<(f64, f64)>> = HashMap::new();
    for a in &articles {
        let Some(text) = a.text.as_deref().filter(|t| !t.trim().is_empty()) else {
            unreadable.push(format!("{ARTICLES}: {}: expected a text, found none", a.id));
            continue;
        };
        let published = a
            .published
            .as_deref()
            .and_then(|p| p.get(..10))
            .and_then(|p| p.parse::<jiff::civil::Date>().ok());
        let source = a.source_url.as_deref().and_then(host);
        let doc = Document::new(
            DocumentMeta {
                id: a.id.clone(),
                published,
                source: source.clone(),
                ..DocumentMeta::default()
            },
            text,
        );
        let events = x.events(&doc);
        if !events.is_empty() {
            with_event += 1;
        }
        if let Some(gold) = a.meta.incident_date.as_deref() {
            dated_gold += 1;
            if events.first().and_then(|e| e.date.as_deref()) == Some(gold) {
                date_right += 1;
            }
        }
        if let (Some(town), Some(state)) = (&a.meta.city_or_county, &a.meta.state) {
            let gold = *towns
                .entry((town.clone(), state.clone()))
                .or_insert_with(|| incident_town(x, town, state));
            if let Some(gold) = gold {
                placed_gold += 1;
                let near = events
                    .first()
                    .and_then(|e| e.location.as_ref())
                    .filter(|l| {
                        !matches!(
                            l.precision,
                            PlacePrecision::Admin1 | PlacePrecision::Country
                        )
                    })
                    .is_some_and(|l| haversine_km(gold, (l.lat, l.lon)) <= PLACE_KM);
                if near {
                    place_right += 1;
                }
            }
        }
        let published = published.map(|d| d.to_string());
        mentions.extend(Mention::from_document(
            &a.id,
            published.as_deref(),
            source.as_deref(),
            Some(text),
            a.title.as_deref(),
            &events,
        ));
    }
    let consolidator = Consolidator::batch(Config::standard(), mentions, Vec::new());
    let event_of: Vec<Option<String>> = articles
        .iter()
        .map(|a| {
            consolidator
                .event_of(&MentionKey::new(a.id.as_str(), 0))
                .map(|e| e.id.clone())
        })
        .collect();
    let clusters: Vec<Vec<&str>> = articles
        .iter()
        .map(|a| {
            let mut v = vec![a.cluster.as_str()];
            v.extend(a.also_in_clusters.iter().flatten().map(String::as_str));
            v
        })
        .collect();

    let all: Vec<usize> = (0..articles.len()).collect();
    let strict: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| articles.get(i).is_some_and(|a| a.meta.strict_ok))
        .collect();
    let (p_all, false_merges) = pairs(&all, &event_of, &clusters);
    let (p_strict, _) = pairs(&strict, &event_of, &clusters);

    // Hard negatives: incidents whose articles must not share an event.
    let mut events_of_cluster: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (i, c) in clusters.iter().enumerate() {
        if let Some(Some(e)) = event_of.get(i) {
            for cl in c {
                events_of_cluster.entry(cl).or_default().insert(e.as_str());
            }
        }
    }
    let mut apart = 0;
    let mut negatives_failed = Vec::new();
    for (a, b) in &negatives {
        let ea = events_of_cluster.get(a.as_str());
        let eb = events_of_cluster.get(b.as_str());
        let shared = matches!((ea, eb), (Some(x), Some(y)) if x.intersection(y).next().is_some());
        if shared {
            negatives_failed.push(format!("{a} / {b}"));
        } else {
            apart += 1;
        }
    }

    let events_n = consolidator.events().count();
    let mut metrics = vec![
        Metric::share("pairwise precision", p_all.both, p_all.predicted).with_bar(0.95),
        Metric::share("pairwise recall", p_all.both, p_all.gold).with_bar(0.85),
        Metric::share(
            "strict_ok pairwise precision",
            p_strict.both,
            p_strict.predicted,
        ),
        Metric::share("strict_ok pairwise recall", p_strict.both, p_strict.gold),
        Metric::share("hard negatives kept apart", apart, negatives.len()),
        Metric::share("articles with a main event", with_event, articles.len()),
        Metric::share(
            "main event dated the incident's day",
            date_right,
            dated_gold,
        ),
        Metric::share(
            "main event within 25 km of the incident's town",
            place_right,
            placed_gold,
        ),
    ];
    metrics.push(Metric {
        name: "consolidated events".into(),
        value: events_n as f64,
        n: consolidator.len(),
        bar: None,
        unit: "events",
    });

    let mut details = String::new();
    let _ = writeln!(
        details,
        "Article pairs: {} predicted, {} gold, {} both.\n",
        p_all.predicted, p_all.gold, p_all.both
    );
    let _ = writeln!(details, "## Sample false merges\n");
    for &(i, j) in false_merges.iter().take(10) {
        let (Some(a), Some(b)) = (articles.get(i), articles.get(j)) else {
            continue;
        };
        let _ = writeln!(
            details,
            "- `{}` ({}) + `{}` ({})",
            a.id, a.cluster, b.id, b.cluster
        );
        if let Some(e) = consolidator.event_of(&MentionKey::new(a.id.as_str(), 0)) {
            let _ = writeln!(
                details,
                "\n```\n{}```\n",
                eventwatch_consolidate::explain(e)
            );
        }
    }
    if !negatives_failed.is_empty() {
        let _ = writeln!(details, "## Hard negatives merged\n");
        for n in negatives_failed.iter().take(20) {
            let _ = writeln!(details, "- {n}");
        }
    }
    Ok(vec![Report {
        name: "dedup-gva".into(),
        title: "GVA incidents: one consolidated event per shooting".into(),
        dataset: format!("{ARTICLES}, {NEGATIVES}"),
        metrics,
        unreadable,
        details,
    }])
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn hosts() {
        assert_eq!(
            host("http://www.wsbtv.com/news/x").as_deref(),
            Some("wsbtv.com")
        );
        assert_eq!(host("https://abc7.com?x=1").as_deref(), Some("abc7.com"));
        assert_eq!(host(""), None);
    }
}
