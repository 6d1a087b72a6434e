//! Golden tests: real articles in, expected events out, in a plain format no extractor owns.
//!
//! Each `golden/NAME.expected` names its input article and publication date, then lists
//! expected events as blocks of `field: value` lines; a produced event matches a block when
//! every listed field agrees (fields not listed are not checked). Document-level lines
//! (`total fatalities`, `events with fatalities`) check sums over non-aggregate events.
//! Blocks starting with `no event` assert that no produced event matches.

use std::path::{Path, PathBuf};

use eventwatch_events::{Options, Pipeline};
use eventwatch_schema::Event;
use eventwatch_text::{Document, DocumentMeta};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn field(e: &Event, name: &str) -> Option<String> {
    let loc = e.location.as_ref();
    Some(match name {
        "event_type" => e.event_type.clone(),
        "sub_event_type" => e.sub_event_type.clone(),
        "plover_type" => e.plover_type.clone(),
        "date" => e.date.clone().unwrap_or_default(),
        "location" => loc.map(|l| l.name.clone()).unwrap_or_default(),
        "admin1" => loc.and_then(|l| l.admin1.clone()).unwrap_or_default(),
        "country" => loc.and_then(|l| l.country.clone()).unwrap_or_default(),
        "fatalities" => e.fatalities.to_string(),
        "fatalities_min" => e.fatalities_min.map(|n| n.to_string()).unwrap_or_default(),
        "injuries" => e.injuries.to_string(),
        "aggregate" => e.aggregate.to_string(),
        "hedged" => e.hedged.to_string(),
        "actor1 inter" => e.actor1.as_ref().map_or(0, |a| a.inter).to_string(),
        "actor2 inter" => e.actor2.as_ref().map_or(0, |a| a.inter).to_string(),
        "actor1" => e
            .actor1
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        "actor2" => e
            .actor2
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        "means" => e.means.join(", "),
        _ => return None,
    })
}

fn describe(e: &Event) -> String {
    format!(
        "{} / {} at {:?} on {:?}: {} killed{}, {} injured, actors {:?} vs {:?}, means [{}]",
        e.event_type,
        e.sub_event_type,
        e.location.as_ref().map(|l| &l.name),
        e.date,
        e.fatalities,
        if e.aggregate { " (aggregate)" } else { "" },
        e.injuries,
        e.actor1.as_ref().map(|a| (&a.name, a.inter)),
        e.actor2.as_ref().map(|a| (&a.name, a.inter)),
        e.means.join(", ")
    )
}

fn check(expected_path: &Path) -> Vec<String> {
    let spec = std::fs::read_to_string(expected_path).expect("expected file readable");
    let mut input = None;
    let mut published = None;
    let mut blocks: Vec<(bool, Vec<(String, String)>)> = Vec::new();
    let mut doc_checks: Vec<(String, String)> = Vec::new();
    for line in spec.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed == "event" || trimmed == "no event" {
            blocks.push((trimmed == "event", Vec::new()));
            continue;
        }
        let Some((k, v)) = trimmed.split_once(':') else {
            panic!(
                "{}: expected `field: value`, found {trimmed:?}",
                expected_path.display()
            );
        };
        let (k, v) = (k.trim().to_string(), v.trim().to_string());
        match (k.as_str(), line.starts_with(' '), blocks.last_mut()) {
            ("input", false, _) => input = Some(v),
            ("published", false, _) => published = Some(v),
            (_, true, Some(b)) => b.1.push((k, v)),
            _ => doc_checks.push((k, v)),
        }
    }
    let input = input.expect("an `input:` line");
    let text = std::fs::read_to_string(root().join(&input)).expect("input readable");
    let meta = DocumentMeta {
        id: input.clone(),
        published: published.map(|p| p.parse().expect("published is a date")),
        ..DocumentMeta::default()
    };
    let doc = Document::new(meta, text);
    let p = Pipeline::new(&Options { country_hint: None }).expect("lexicons load");
    let events = p.extract(&doc).events;
    let mut failures = Vec::new();
    for (want, fields) in &blocks {
        let hit = events.iter().any(|e| {
            fields
                .iter()
                .all(|(k, v)| field(e, k).as_deref() == Some(v))
        });
        if hit != *want {
            failures.push(format!(
                "{} {:?}",
                if *want {
                    "missing event"
                } else {
                    "unwanted event"
                },
                fields
            ));
        }
    }
    for (k, v) in &doc_checks {
        let got = match k.as_str() {
            "total fatalities" => events
                .iter()
                .filter(|e| !e.aggregate)
                .map(|e| e.fatalities)
                .sum::<u32>()
                .to_string(),
            "events with fatalities" => events
                .iter()
                .filter(|e| !e.aggregate && e.fatalities > 0)
                .count()
                .to_string(),
            "main event" => events
                .first()
                .map(|e| e.sub_event_type.clone())
                .unwrap_or_default(),
            "main event fatalities" => events
                .first()
                .map(|e| e.fatalities.to_string())
                .unwrap_or_default(),
            other => panic!("unknown document check {other:?}"),
        };
        if &got != v {
            failures.push(format!("{k}: expected {v}, found {got}"));
        }
    }
    if !failures.is_empty() {
        failures.push("produced:".into());
        failures.extend(events.iter().map(|e| format!("  {}", describe(e))));
    }
    failures
}

#[test]
fn golden_articles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "expected"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut report = String::new();
    for f in &files {
        let failures = check(f);
        if !failures.is_empty() {
            report.push_str(&format!(
                "\n{}:\n  {}\n",
                f.display(),
                failures.join("\n  ")
            ));
        }
    }
    assert!(report.is_empty(), "golden mismatches:{report}");
}
