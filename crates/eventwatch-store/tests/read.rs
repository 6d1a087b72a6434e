//! The read methods (`event`, `count`, `aggregate`, the actor filter): the cases of
//! `cases/read.txt` over a small fixture, and a property test that counts and groups agree
//! with the events `Store::events` returns for the same filter.

use eventwatch_schema::{Actor, DatePrecision, Event, Location, PlacePrecision};
use eventwatch_store::{Bucket, EventFilter, EventQuery, GroupBy, NewDocument, Order, Store};
use proptest::prelude::*;

/// What a fixture event says, in a few words.
struct Spec {
    event_type: &'static str,
    date: Option<&'static str>,
    /// `(country, admin1, lat, lon)`.
    place: Option<(Option<&'static str>, Option<&'static str>, f64, f64)>,
    fatalities: u32,
    /// `(name, text)`.
    actor1: Option<(&'static str, &'static str)>,
    aggregate: bool,
}

fn event(s: &Spec) -> Event {
    Event {
        event_type: s.event_type.into(),
        sub_event_type: format!("{} (sub)", s.event_type),
        plover_type: "PROTEST".into(),
        plover_mode: None,
        cameo: None,
        date: s.date.map(String::from),
        date_precision: if s.date.is_some() {
            DatePrecision::Day
        } else {
            DatePrecision::Unknown
        },
        actor1: s.actor1.map(|(name, text)| Actor {
            text: text.into(),
            name: name.into(),
            inter: 1,
            country: None,
        }),
        actor2: None,
        location: s.place.map(|(country, admin1, lat, lon)| Location {
            name: "somewhere".into(),
            geonameid: None,
            lat,
            lon,
            admin1: admin1.map(String::from),
            country: country.map(String::from),
            precision: PlacePrecision::Town,
        }),
        fatalities: s.fatalities,
        fatalities_min: None,
        fatalities_max: None,
        injuries: 0,
        means: vec![],
        aggregate: s.aggregate,
        hedged: false,
        evidence: vec![],
    }
}

fn insert(store: &mut Store, id: &str, text: &str, events: Vec<Event>) {
    let doc = NewDocument {
        id,
        content_hash: text,
        title: None,
        url: None,
        source: None,
        published: None,
        language: Some("en"),
        text,
        pipeline_version: "test",
    };
    store.insert(&doc, &events).unwrap();
}

/// Seven events in four documents; `cases/read.txt` says what each query finds.
fn fixture() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let spec = |event_type, date, place, fatalities, actor1, aggregate| Spec {
        event_type,
        date,
        place,
        fatalities,
        actor1,
        aggregate,
    };
    let dhi_qar = Some((Some("IRQ"), Some("Dhi Qar"), 31.05, 46.26));
    insert(
        &mut store,
        "iraq-1",
        "Security forces shot dead 29 protesters in Dhi Qar. Police arrested demonstrators in Baghdad.",
        vec![
            event(&spec("Protests", Some("2019-11-28"), dhi_qar, 29, Some(("Protesters (Iraq)", "protesters")), false)),
            event(&spec("Strategic developments", Some("2020-02-01"), Some((Some("IRQ"), Some("baghdad"), 33.34, 44.40)), 0,
                Some(("Police Forces of Iraq", "Police")), false)),
        ],
    );
    insert(
        &mut store,
        "iraq-2",
        "Gunmen killed 3 people in Basra. In all, 32 protesters died in Nasiriyah this week.",
        vec![
            event(&spec(
                "Violence against civilians",
                Some("2019-11-29"),
                Some((Some("IRQ"), Some("Basra"), 30.51, 47.81)),
                3,
                Some(("Unidentified Armed Group (Iraq)", "Gunmen")),
                false,
            )),
            event(&spec(
                "Protests",
                Some("2019-11-28"),
                dhi_qar,
                32,
                None,
                true,
            )),
        ],
    );
    insert(
        &mut store,
        "nigeria",
        "Police fought Boko Haram near Maiduguri; four died. One man died when rioters burned a market.",
        vec![
            event(&spec("Battles", None, Some((Some("NGA"), Some("Borno"), 11.85, 13.16)), 4,
                Some(("Police Forces of Nigeria", "Police")), false)),
            event(&spec("Riots", Some("2020-01-04"), Some((Some("NGA"), None, 9.0, 8.0)), 1, Some(("Rioters (Nigeria)", "rioters")), false)),
        ],
    );
    insert(
        &mut store,
        "lagos",
        "The 100% Movement marched in Lagos.",
        vec![event(&spec(
            "Protests",
            Some("2020-01-04"),
            Some((None, Some("Lagos"), 6.45, 3.39)),
            0,
            Some(("100% Movement", "The 100% Movement")),
            false,
        ))],
    );
    store
}

/// A filter and an actor from `name=value` words (`~` for a space).
fn parse_filter(words: &[&str]) -> (EventFilter, Option<String>) {
    let mut f = EventFilter::default();
    let mut actor = None;
    for word in words {
        if *word == "all" {
            continue;
        }
        let (name, value) = word.split_once('=').expect("name=value");
        let value = value.replace('~', " ");
        match name {
            "country" => f.country = Some(value),
            "admin1" => f.admin1 = Some(value),
            "from" => f.date_from = Some(value),
            "to" => f.date_to = Some(value),
            "type" => f.event_type = Some(value),
            "min" => f.min_fatalities = Some(value.parse().unwrap()),
            "text" => f.text = Some(value),
            "actor" => actor = Some(value),
            "bbox" => {
                let v: Vec<f64> = value.split(',').map(|x| x.parse().unwrap()).collect();
                f.bbox = Some([v[0], v[1], v[2], v[3]]);
            }
            other => panic!("unknown filter {other}"),
        }
    }
    (f, actor)
}

fn render(buckets: &[Bucket]) -> String {
    buckets
        .iter()
        .map(|b| {
            let key = b.key.as_deref().unwrap_or("-").replace(' ', "~");
            format!("{key}:{}/{}", b.events, b.fatalities)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn read_cases() {
    let store = fixture();
    let cases = include_str!("cases/read.txt");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in cases.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        n += 1;
        let (query, expected) = line.split_once("=>").expect("QUERY => EXPECTED");
        let words: Vec<&str> = query.split_whitespace().collect();
        let found = match words.as_slice() {
            ["count", filters @ ..] => {
                let (f, actor) = parse_filter(filters);
                let q = EventQuery {
                    filter: &f,
                    actor: actor.as_deref(),
                };
                store.count(q).unwrap().to_string()
            }
            ["aggregate", by, filters @ ..] => {
                let by = match *by {
                    "day" => GroupBy::Day,
                    "admin1" => GroupBy::Admin1,
                    "type" => GroupBy::Type,
                    other => panic!("unknown grouping {other}"),
                };
                let (f, actor) = parse_filter(filters);
                let q = EventQuery {
                    filter: &f,
                    actor: actor.as_deref(),
                };
                render(&store.aggregate(q, by).unwrap())
            }
            _ => panic!("unknown query {line}"),
        };
        if found != expected.trim() {
            failures.push(format!("{line}\n  found: {found}"));
        }
    }
    assert!(n > 10, "cases were read");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_event_is_found_by_its_id_and_no_other_id_finds_one() {
    let store = fixture();
    let all = store
        .events(&EventFilter {
            limit: 100,
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(all.len(), 7);
    for e in &all {
        assert_eq!(store.event(e.id).unwrap().as_ref(), Some(e));
    }
    for id in [0, -1, 8, i64::MAX, i64::MIN] {
        assert_eq!(store.event(id).unwrap(), None, "{id}");
    }
}

#[test]
fn the_actor_filter_pages_like_events() {
    let store = fixture();
    let filter = EventFilter {
        order: Order::NewestFirst,
        limit: 1,
        offset: 1,
        ..EventFilter::default()
    };
    let page = store
        .events_matching(EventQuery {
            filter: &filter,
            actor: Some("police"),
        })
        .unwrap();
    // Newest first, undated last: the Iraqi police event (2020-02-01), then Nigeria's.
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].doc_id, "nigeria");
    // No actor is the same as `events`; a blank actor is no actor.
    for actor in [None, Some("  ")] {
        assert_eq!(
            store
                .events_matching(EventQuery {
                    filter: &filter,
                    actor
                })
                .unwrap(),
            store.events(&filter).unwrap()
        );
    }
}

#[test]
fn bad_filters_are_errors_not_panics() {
    let store = fixture();
    let f = EventFilter {
        date_from: Some("yesterday".into()),
        ..EventFilter::default()
    };
    let count = store.count(&f).unwrap_err().to_string();
    let groups = store.aggregate(&f, GroupBy::Day).unwrap_err().to_string();
    assert_eq!(count, groups);
    assert!(count.contains("date_from"), "{count}");
}

/// A random small store and filter: counts and groups must agree with the events.
fn arb_event() -> impl Strategy<Value = Event> {
    (
        0usize..4,
        proptest::option::of(0u32..6),
        proptest::option::of((0usize..3, proptest::option::of(0usize..3))),
        0u32..5,
        proptest::option::of(0usize..3),
        any::<bool>(),
    )
        .prop_map(|(ty, day, place, fatalities, actor, aggregate)| {
            const TYPES: [&str; 4] = ["Protests", "Riots", "Battles", "Explosions/Remote violence"];
            const COUNTRIES: [&str; 3] = ["IRQ", "NGA", "FJI"];
            const REGIONS: [&str; 3] = ["North", "north", "Zürich"];
            const ACTORS: [&str; 3] = ["Police", "Protesters (Iraq)", "50%_group"];
            const DATES: [&str; 6] = [
                "2020-01-01",
                "2020-01-02",
                "2020-01-03",
                "2020-01-04",
                "2020-02-01",
                "2021-01-01",
            ];
            let date = day.map(|d| DATES[d as usize]);
            event(&Spec {
                event_type: TYPES[ty],
                date,
                place: place.map(|(c, r)| {
                    (
                        Some(COUNTRIES[c]),
                        r.map(|r| REGIONS[r]),
                        c as f64,
                        r.unwrap_or(0) as f64,
                    )
                }),
                fatalities,
                actor1: actor.map(|a| (ACTORS[a], ACTORS[a])),
                aggregate,
            })
        })
}

fn key(by: GroupBy, e: &Event) -> Option<String> {
    match by {
        GroupBy::Day => e.date.clone(),
        GroupBy::Type => Some(e.event_type.clone()),
        GroupBy::Admin1 => e.location.as_ref().and_then(|l| {
            let admin1 = l.admin1.as_deref()?;
            Some(match &l.country {
                Some(c) => format!("{c}/{admin1}"),
                None => admin1.to_string(),
            })
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn counts_and_groups_agree_with_the_events(
        docs in proptest::collection::vec(proptest::collection::vec(arb_event(), 1..4), 0..8),
        country in proptest::option::of(0usize..3),
        min in proptest::option::of(0u32..5),
        actor in proptest::option::of(0usize..4),
    ) {
        let mut store = Store::open_in_memory().unwrap();
        for (i, events) in docs.into_iter().enumerate() {
            let id = format!("doc-{i}");
            insert(&mut store, &id, &id, events);
        }
        let filter = EventFilter {
            country: country.map(|c| ["IRQ", "nga", "XXX"][c].to_string()),
            min_fatalities: min,
            limit: 10_000,
            ..EventFilter::default()
        };
        let actor = actor.map(|a| ["police", "%_", "(iraq)", "PROTEST"][a]);
        let q = EventQuery { filter: &filter, actor };
        let events = store.events_matching(q).unwrap();
        let mut expected = store.events(&filter).unwrap();
        if let Some(a) = actor {
            let a = a.to_ascii_lowercase();
            expected.retain(|e| {
                e.event.actor1.iter().chain(&e.event.actor2).any(|x| {
                    x.name.to_ascii_lowercase().contains(&a) || x.text.to_ascii_lowercase().contains(&a)
                })
            });
        }
        prop_assert_eq!(&events, &expected);
        prop_assert_eq!(store.count(q).unwrap(), events.len() as u64);
        for by in [GroupBy::Day, GroupBy::Admin1, GroupBy::Type] {
            let mut expected: std::collections::BTreeMap<Option<String>, (u64, u64)> = Default::default();
            for e in events.iter().filter(|e| !e.event.aggregate) {
                let b = expected.entry(key(by, &e.event)).or_default();
                b.0 += 1;
                b.1 += u64::from(e.event.fatalities);
            }
            let expected: Vec<Bucket> = expected
                .into_iter()
                .map(|(key, (events, fatalities))| Bucket { key, events, fatalities })
                .collect();
            prop_assert_eq!(store.aggregate(q, by).unwrap(), expected);
        }
    }
}

/// The events of `store` whose actor1 name or text contains `needle`, ignoring case, newest
/// first (every fixture event here is dated): what the actor index must find.
fn plain_actor_ids(store: &Store, needle: &str) -> Vec<i64> {
    let all = store
        .events(&EventFilter {
            order: Order::NewestFirst,
            limit: 100_000,
            ..EventFilter::default()
        })
        .unwrap();
    let needle = needle.to_lowercase();
    all.iter()
        .filter(|e| {
            e.event.actor1.as_ref().is_some_and(|a| {
                a.name.to_lowercase().contains(&needle) || a.text.to_lowercase().contains(&needle)
            })
        })
        .map(|e| e.id)
        .collect()
}

/// Many events of a common actor and a few of a rare one, so a page of the first walks a
/// date index and a page of the second is fetched from the actor index (the plan switches
/// at 1,000 matches): both must page, count and group like a plain reading.
#[test]
fn the_actor_index_finds_common_and_rare_actors_alike() {
    let mut store = Store::open_in_memory().unwrap();
    let actors = [
        ("Police Forces of Iraq", "riot police"),
        ("Protesters (Iraq)", "students"),
        ("Émeutiers (Tchad)", "ÉMEUTIERS"),
        ("Rare Militia", "the \"Rare\" fighters"),
    ];
    let mut batch = Vec::new();
    let texts: Vec<String> = (0..2400).map(|i| format!("report {i}")).collect();
    for (i, text) in texts.iter().enumerate() {
        // One in 300 is the rare actor, one in 150 the Chadian rioters, the rest alternate.
        let (name, words) = if i % 300 == 7 {
            actors[3]
        } else if i % 150 == 3 {
            actors[2]
        } else {
            actors[i % 2]
        };
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let date = format!("2020-{month:02}-{day:02}");
        let ev = Event {
            date: Some(date),
            ..event(&Spec {
                event_type: "Protests",
                date: Some("2020-01-01"),
                place: None,
                fatalities: u32::try_from(i % 3).unwrap(),
                actor1: Some((name, words)),
                aggregate: false,
            })
        };
        let doc = NewDocument {
            id: text,
            content_hash: text,
            title: None,
            url: None,
            source: None,
            published: None,
            language: Some("en"),
            text,
            pipeline_version: "test",
        };
        batch.push((doc, vec![ev]));
    }
    store.insert_batch(batch).unwrap();

    for needle in [
        "police",
        "RIOT POLICE",
        "rare",
        "\"rare\" fighters",
        "émeutiers",
        "iraq)",
        "of Iraq",
        // Never across the end of one field and the start of the next.
        "Iraqriot",
        "nobody at all",
    ] {
        let expected = plain_actor_ids(&store, needle);
        let newest = EventFilter {
            order: Order::NewestFirst,
            limit: 20,
            ..EventFilter::default()
        };
        let q = EventQuery {
            filter: &newest,
            actor: Some(needle),
        };
        let page: Vec<i64> = store
            .events_matching(q)
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        let want: Vec<i64> = expected.iter().copied().take(20).collect();
        assert_eq!(page, want, "page of {needle:?}");
        assert_eq!(
            store.count(q).unwrap(),
            u64::try_from(expected.len()).unwrap(),
            "count of {needle:?}"
        );
        let grouped: u64 = store
            .aggregate(q, GroupBy::Type)
            .unwrap()
            .iter()
            .map(|b| b.events)
            .sum();
        assert_eq!(
            grouped,
            u64::try_from(expected.len()).unwrap(),
            "{needle:?}"
        );
    }
    // The fixture is what the comment says: a rare actor, and a common one past the switch.
    assert_eq!(plain_actor_ids(&store, "rare").len(), 8);
    assert_eq!(plain_actor_ids(&store, "police").len(), 1200);
}

/// Summaries page exactly like events, and each is its event's JSON without evidence,
/// means and codes, for every filter and plan.
#[test]
fn briefs_are_the_events_without_evidence_page_for_page() {
    let store = fixture();
    let mut cases = 0;
    for line in include_str!("cases/read.txt").lines() {
        let Some(("count", rest)) = line.trim().split_once(' ') else {
            continue;
        };
        let Some((filters, _)) = rest.split_once("=>") else {
            continue;
        };
        let words: Vec<&str> = filters.split_whitespace().collect();
        let (mut f, actor) = parse_filter(&words);
        for order in [Order::OldestFirst, Order::NewestFirst] {
            for (limit, offset) in [(100, 0), (2, 1), (1, 5)] {
                f.order = order;
                f.limit = limit;
                f.offset = offset;
                let q = EventQuery {
                    filter: &f,
                    actor: actor.as_deref(),
                };
                let events = store.events_matching(q).unwrap();
                let briefs = store.event_briefs_matching(q).unwrap();
                assert_eq!(events.len(), briefs.len(), "{line}");
                for (e, b) in events.iter().zip(&briefs) {
                    assert_eq!((e.id, &e.doc_id, e.ordinal), (b.id, &b.doc_id, b.ordinal));
                    let mut want = serde_json::to_value(&e.event).unwrap();
                    let object = want.as_object_mut().unwrap();
                    for key in ["evidence", "means", "plover_mode", "cameo"] {
                        assert!(object.remove(key).is_some(), "{key}");
                    }
                    let found: serde_json::Value = serde_json::from_str(&b.json).unwrap();
                    assert_eq!(found, want, "{line}");
                }
                cases += 1;
            }
        }
    }
    assert!(cases > 30, "{cases}");
}
