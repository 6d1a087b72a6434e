//! Behaviour of the store through its public API: round trips, idempotence, filters,
//! migrations, atomicity and concurrent readers.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use eventwatch_schema::{Actor, DatePrecision, Event, Evidence, Location, PlacePrecision};
use eventwatch_store::{
    Error, EventFilter, Inserted, NewDocument, Order, Stats, Store, DEFAULT_LIMIT, SCHEMA_VERSION,
};
use proptest::prelude::*;

/// A file in the system temp dir, removed (with its WAL files) when dropped.
struct TempDb(PathBuf);

impl TempDb {
    fn new(label: &str) -> TempDb {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "eventwatch-store-{label}-{}-{n}-{nanos}.db",
            std::process::id()
        );
        TempDb(std::env::temp_dir().join(name))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

fn doc<'a>(id: &'a str, text: &'a str) -> NewDocument<'a> {
    NewDocument {
        id,
        // Tests use the text as its own hash: equal texts, equal hashes.
        content_hash: text,
        title: None,
        url: None,
        source: None,
        published: None,
        language: Some("en"),
        text,
        pipeline_version: "test",
    }
}

fn actor(name: &str, inter: u8, country: Option<&str>) -> Actor {
    Actor {
        text: name.to_lowercase(),
        name: name.to_owned(),
        inter,
        country: country.map(str::to_owned),
    }
}

/// An event with every optional field set.
fn full_event() -> Event {
    Event {
        event_type: "Protests".into(),
        sub_event_type: "Excessive force against protesters".into(),
        plover_type: "PROTEST".into(),
        plover_mode: Some("demonstrate".into()),
        cameo: Some("14".into()),
        date: Some("2019-11-28".into()),
        date_precision: DatePrecision::Day,
        actor1: Some(actor("Protesters (Iraq)", 6, Some("IRQ"))),
        actor2: Some(actor("Police Forces of Iraq", 1, Some("IRQ"))),
        location: Some(Location {
            name: "Nasiriyah".into(),
            geonameid: Some(98_854),
            lat: 31.052_05,
            lon: 46.261_09,
            admin1: Some("Dhi Qar".into()),
            country: Some("IRQ".into()),
            precision: PlacePrecision::Town,
        }),
        fatalities: 25,
        fatalities_min: Some(25),
        fatalities_max: Some(29),
        injuries: 200,
        means: vec!["live ammunition".into(), "tear gas".into()],
        aggregate: false,
        hedged: true,
        evidence: vec![Evidence {
            field: "fatalities".into(),
            start: 10,
            end: 20,
            text: "25 were killed".into(),
            rule: "count:killed".into(),
        }],
    }
}

/// A clash near Goma with three dead: the good event of the bad-event tests.
fn goma_clash() -> Event {
    event(
        "Armed clash",
        Some("2021-05-01"),
        Some(("Goma", "North Kivu", "COD", -1.67, 29.22)),
        3,
    )
}

/// A small event: type, date, place (name, admin1, country, lat, lon) and fatalities.
fn event(
    sub_event_type: &str,
    date: Option<&str>,
    place: Option<(&str, &str, &str, f64, f64)>,
    fatalities: u32,
) -> Event {
    Event {
        event_type: eventwatch_schema::acled_event_type_of(sub_event_type)
            .unwrap_or("Strategic developments")
            .into(),
        sub_event_type: sub_event_type.into(),
        plover_type: "PROTEST".into(),
        plover_mode: None,
        cameo: None,
        date: date.map(str::to_owned),
        date_precision: if date.is_some() {
            DatePrecision::Day
        } else {
            DatePrecision::Unknown
        },
        actor1: None,
        actor2: None,
        location: place.map(|(name, admin1, country, lat, lon)| Location {
            name: name.into(),
            geonameid: None,
            lat,
            lon,
            admin1: Some(admin1.into()),
            country: Some(country.into()),
            precision: PlacePrecision::Town,
        }),
        fatalities,
        fatalities_min: None,
        fatalities_max: None,
        injuries: 0,
        means: Vec::new(),
        aggregate: false,
        hedged: false,
        evidence: Vec::new(),
    }
}

#[test]
fn an_event_with_every_field_comes_back_equal() {
    let mut store = Store::open_in_memory().unwrap();
    let text = "In Nasiriyah, 25 were killed when police opened fire.";
    let new = NewDocument {
        title: Some("Deadly day in Nasiriyah"),
        url: Some("https://example.org/a"),
        source: Some("example"),
        published: Some("2019-11-29"),
        ..doc("a", text)
    };
    let mut second = full_event();
    second.location = None;
    second.date = None;
    second.date_precision = DatePrecision::Unknown;
    second.aggregate = true;
    let inserted = store.insert(&new, &[full_event(), second.clone()]).unwrap();
    assert!(
        matches!(inserted, Inserted::New { events: 2, .. }),
        "{inserted:?}"
    );

    let events = store.events(&EventFilter::default()).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].event, full_event());
    assert_eq!((events[0].doc_id.as_str(), events[0].ordinal), ("a", 0));
    // Undated events sort last.
    assert_eq!(events[1].event, second);
    assert_eq!(events[1].ordinal, 1);

    let stored = store.document("a").unwrap().unwrap();
    assert_eq!(stored.text, text);
    assert_eq!(stored.title.as_deref(), Some("Deadly day in Nasiriyah"));
    assert_eq!(stored.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(stored.source.as_deref(), Some("example"));
    assert_eq!(stored.published.as_deref(), Some("2019-11-29"));
    assert_eq!(stored.language.as_deref(), Some("en"));
    assert_eq!(stored.content_hash, text);
    assert_eq!(stored.pipeline_version, "test");
    assert!(
        stored.ingested_at.ends_with('Z') && stored.ingested_at.len() == 24,
        "{}",
        stored.ingested_at
    );
    assert_eq!(store.document("b").unwrap(), None);

    // The aggregate event's 25 are not counted twice.
    let stats = store.stats().unwrap();
    assert_eq!(
        stats,
        Stats {
            documents: 1,
            events: 2,
            fatalities: 25
        }
    );
}

#[test]
fn storing_the_same_text_again_adds_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let events = [event("Peaceful protest", Some("2020-01-01"), None, 0)];
    let first = store.insert(&doc("a", "same text"), &events).unwrap();
    assert!(matches!(first, Inserted::New { events: 1, .. }));
    let again = store.insert(&doc("a", "same text"), &events).unwrap();
    assert_eq!(
        again,
        Inserted::Duplicate {
            existing_id: "a".into()
        }
    );
    // Same text under another id: still a duplicate of the first.
    let other_id = store.insert(&doc("b", "same text"), &events).unwrap();
    assert_eq!(
        other_id,
        Inserted::Duplicate {
            existing_id: "a".into()
        }
    );
    // Within one batch too.
    let batch = store
        .insert_batch([
            (doc("c", "new text"), events.to_vec()),
            (doc("d", "new text"), events.to_vec()),
            (doc("e", "same text"), events.to_vec()),
        ])
        .unwrap();
    assert!(matches!(batch[0], Inserted::New { events: 1, .. }));
    assert_eq!(
        batch[1],
        Inserted::Duplicate {
            existing_id: "c".into()
        }
    );
    assert_eq!(
        batch[2],
        Inserted::Duplicate {
            existing_id: "a".into()
        }
    );
    assert_eq!(
        store.stats().unwrap(),
        Stats {
            documents: 2,
            events: 2,
            fatalities: 0
        }
    );
}

#[test]
fn a_changed_text_under_a_stored_id_is_rejected() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert(&doc("a", "first text"), &[]).unwrap();
    let err = store.insert(&doc("a", "second text"), &[]).unwrap_err();
    assert!(matches!(err, Error::IdConflict { .. }));
    assert!(err.is_content_problem());
    insta::assert_snapshot!(err.to_string(), @r#"document "a": expected the stored text (content hash first text), found a different text (content hash second text); give a changed text a new id"#);
    assert_eq!(store.document("a").unwrap().unwrap().text, "first text");
}

#[test]
fn a_bad_event_leaves_nothing_of_its_document() {
    let mut store = Store::open_in_memory().unwrap();
    let good = goma_clash();
    let mut bad = good.clone();
    if let Some(location) = &mut bad.location {
        location.lat = f64::NAN;
    }
    // The document row and the first event are written before the second one fails.
    let err = store
        .insert(&doc("a", "clashes near Goma"), &[good.clone(), bad.clone()])
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidEvent { ordinal: 1, .. }),
        "{err:?}"
    );
    let empty = Stats {
        documents: 0,
        events: 0,
        fatalities: 0,
    };
    assert_eq!(store.stats().unwrap(), empty);
    assert_eq!(store.document("a").unwrap(), None);
    let world = EventFilter {
        bbox: Some([-180.0, -90.0, 180.0, 90.0]),
        ..EventFilter::default()
    };
    assert_eq!(store.events(&world).unwrap(), []);
    let words = EventFilter {
        text: Some("Goma".into()),
        ..EventFilter::default()
    };
    assert_eq!(store.events(&words).unwrap(), []);

    // All-or-nothing batch: the good first document goes too.
    let err = store
        .insert_batch([
            (doc("b", "first"), vec![good.clone()]),
            (doc("c", "second"), vec![good.clone(), bad.clone()]),
        ])
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidEvent { doc_id, .. } if doc_id == "c"),
        "{err:?}"
    );
    assert_eq!(store.stats().unwrap(), empty);

    // Per-document batch: only the bad document is left out.
    let results = store
        .insert_batch_each([
            (doc("b", "first"), vec![good.clone()]),
            (doc("c", "second"), vec![good.clone(), bad]),
            (doc("d", "third"), vec![good.clone(), good]),
        ])
        .unwrap();
    assert!(matches!(results[0], Ok(Inserted::New { events: 1, .. })));
    assert!(matches!(results[1], Err(Error::InvalidEvent { .. })));
    assert!(matches!(results[2], Ok(Inserted::New { events: 2, .. })));
    assert_eq!(
        store.stats().unwrap(),
        Stats {
            documents: 2,
            events: 3,
            fatalities: 9
        }
    );
    assert_eq!(store.document("c").unwrap(), None);
    assert_eq!(store.events(&world).unwrap().len(), 3);
}

/// A batch writes its documents without a savepoint each: every content problem is found
/// before a document's first write. A stored text or id still answers before a bad event
/// (as when the insert itself finds the row), and a consolidating batch keeps the good
/// documents with their incidents and nothing of the bad one.
#[test]
fn a_bad_document_in_a_batch_leaves_nothing_and_a_stored_text_answers_first() {
    use eventwatch_consolidate::{Config, MentionKey};
    use eventwatch_store::IncidentFilter;

    let mut store = Store::open_in_memory().unwrap();
    let good = goma_clash();
    let mut bad = good.clone();
    bad.date = Some("1 May 2021".into());
    let mut c = store.consolidator(Config::standard()).unwrap();
    let outcome = store
        .insert_batch_consolidated(
            &mut c,
            [
                (doc("a", "clashes near Goma"), vec![good.clone()]),
                (doc("b", "more clashes"), vec![good.clone(), bad.clone()]),
                (doc("c", "clashes again"), vec![good.clone()]),
            ],
        )
        .unwrap();
    assert!(matches!(outcome.results[0], Ok(Inserted::New { .. })));
    assert!(
        matches!(&outcome.results[1], Err(Error::InvalidEvent { doc_id, ordinal: 1, .. }) if doc_id == "b"),
        "{:?}",
        outcome.results[1]
    );
    assert!(matches!(outcome.results[2], Ok(Inserted::New { .. })));
    let two = Stats {
        documents: 2,
        events: 2,
        fatalities: 6,
    };
    assert_eq!(store.stats().unwrap(), two);
    assert_eq!(store.document("b").unwrap(), None);
    assert!(!store.has_mention(&MentionKey::new("b", 0)).unwrap());
    assert!(store
        .incident_of(&MentionKey::new("b", 0))
        .unwrap()
        .is_none());
    let incidents = store.incidents(&IncidentFilter::default()).unwrap();
    assert_eq!(incidents.len(), 1, "{incidents:#?}");
    assert_eq!(incidents[0].mentions.len(), 2);

    // The same text again, or another text under a stored id, with a bad event: the
    // stored row answers, as it does for good events.
    let results = store
        .insert_batch_each([
            (doc("a2", "clashes near Goma"), vec![bad.clone()]),
            (doc("c", "another text"), vec![good, bad]),
        ])
        .unwrap();
    assert!(
        matches!(&results[0], Ok(Inserted::Duplicate { existing_id }) if existing_id == "a"),
        "{:?}",
        results[0]
    );
    assert!(
        matches!(&results[1], Err(Error::IdConflict { id, .. }) if id == "c"),
        "{:?}",
        results[1]
    );
    assert_eq!(store.stats().unwrap(), two);
}

#[test]
fn malformed_input_messages() {
    let mut store = Store::open_in_memory().unwrap();
    let mut messages = Vec::new();
    let bad_published = NewDocument {
        published: Some("yesterday"),
        ..doc("a", "text")
    };
    messages.push(store.insert(&bad_published, &[]).unwrap_err().to_string());
    messages.push(store.insert(&doc("", "text"), &[]).unwrap_err().to_string());
    let mut bad_date = event("Attack", Some("28/11/2019"), None, 1);
    messages.push(
        store
            .insert(&doc("b", "text"), &[bad_date.clone()])
            .unwrap_err()
            .to_string(),
    );
    bad_date.date = None;
    bad_date.location = Some(Location {
        name: "Nowhere".into(),
        geonameid: None,
        lat: 10.0,
        lon: 190.0,
        admin1: None,
        country: None,
        precision: PlacePrecision::Point,
    });
    messages.push(
        store
            .insert(&doc("b", "text"), &[bad_date])
            .unwrap_err()
            .to_string(),
    );
    for filter in [
        EventFilter {
            date_from: Some("2019".into()),
            ..EventFilter::default()
        },
        EventFilter {
            bbox: Some([0.0, 10.0, 5.0, 5.0]),
            ..EventFilter::default()
        },
        EventFilter {
            bbox: Some([f64::NAN, 0.0, 5.0, 5.0]),
            ..EventFilter::default()
        },
        EventFilter {
            text: Some(" -- ".into()),
            ..EventFilter::default()
        },
    ] {
        messages.push(store.events(&filter).unwrap_err().to_string());
    }
    insta::assert_snapshot!(messages.join("\n"));
}

/// Three documents, seven events, across Iraq, Chile and Fiji/Tonga (the antimeridian).
fn filter_fixture() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let items = vec![
        (
            NewDocument {
                title: Some("Protesters killed in Nasiriyah"),
                ..doc(
                    "iraq",
                    "Security forces shot dead protesters on the bridge in Nasiriyah.",
                )
            },
            vec![
                event(
                    "Excessive force against protesters",
                    Some("2019-11-28"),
                    Some(("Nasiriyah", "Dhi Qar", "IRQ", 31.05, 46.26)),
                    25,
                ),
                event(
                    "Peaceful protest",
                    Some("2019-11-27"),
                    Some(("Baghdad", "Baghdad", "IRQ", 33.34, 44.40)),
                    0,
                ),
                event(
                    "Peaceful protest",
                    None,
                    Some(("Basra", "Basra", "IRQ", 30.51, 47.78)),
                    0,
                ),
            ],
        ),
        (
            doc(
                "chile",
                "Marchers gathered in Santiago; a riot followed and two people died.",
            ),
            vec![
                event(
                    "Peaceful protest",
                    Some("2019-10-25"),
                    Some(("Santiago", "Santiago Metropolitan", "CHL", -33.45, -70.66)),
                    0,
                ),
                event(
                    "Violent demonstration",
                    Some("2019-10-26"),
                    Some(("Santiago", "Santiago Metropolitan", "CHL", -33.45, -70.66)),
                    2,
                ),
            ],
        ),
        (
            doc(
                "pacific",
                "Unrest in Suva and in Nuku'alofa after the vote.",
            ),
            vec![
                event(
                    "Mob violence",
                    Some("2006-11-16"),
                    Some(("Nuku'alofa", "Tongatapu", "TON", -21.14, -175.2)),
                    8,
                ),
                event(
                    "Arrests",
                    Some("2006-12-05"),
                    Some(("Suva", "Central", "FJI", -18.14, 178.44)),
                    0,
                ),
            ],
        ),
    ];
    store.insert_batch(items).unwrap();
    store
}

/// Runs `filter` and names each result `doc_id/ordinal`, in result order.
fn names(store: &Store, filter: EventFilter) -> Vec<String> {
    store
        .events(&filter)
        .unwrap()
        .into_iter()
        .map(|e| format!("{}/{}", e.doc_id, e.ordinal))
        .collect()
}

#[test]
fn each_filter_selects_its_events() {
    let store = filter_fixture();
    let all = || EventFilter::default();
    let some = |s: &str| Some(s.to_owned());
    let cases: Vec<(&str, EventFilter, &[&str])> = vec![
        (
            "none: by date, undated last",
            all(),
            &[
                "pacific/0",
                "pacific/1",
                "chile/0",
                "chile/1",
                "iraq/1",
                "iraq/0",
                "iraq/2",
            ],
        ),
        (
            "country",
            EventFilter {
                country: some("IRQ"),
                ..all()
            },
            &["iraq/1", "iraq/0", "iraq/2"],
        ),
        (
            "country lowercase",
            EventFilter {
                country: some("chl"),
                ..all()
            },
            &["chile/0", "chile/1"],
        ),
        (
            "admin1 any case",
            EventFilter {
                admin1: some("dhi qar"),
                ..all()
            },
            &["iraq/0"],
        ),
        (
            "date from",
            EventFilter {
                date_from: some("2019-10-26"),
                ..all()
            },
            &["chile/1", "iraq/1", "iraq/0"],
        ),
        (
            "date to",
            EventFilter {
                date_to: some("2019-10-25"),
                ..all()
            },
            &["pacific/0", "pacific/1", "chile/0"],
        ),
        (
            "date range, one day",
            EventFilter {
                date_from: some("2019-11-28"),
                date_to: some("2019-11-28"),
                ..all()
            },
            &["iraq/0"],
        ),
        (
            "event type",
            EventFilter {
                event_type: some("Riots"),
                ..all()
            },
            &["pacific/0", "chile/1"],
        ),
        (
            "sub-event type",
            EventFilter {
                sub_event_type: some("Peaceful protest"),
                ..all()
            },
            &["chile/0", "iraq/1", "iraq/2"],
        ),
        (
            "min fatalities",
            EventFilter {
                min_fatalities: Some(2),
                ..all()
            },
            &["pacific/0", "chile/1", "iraq/0"],
        ),
        (
            "min fatalities 0 keeps all",
            EventFilter {
                min_fatalities: Some(0),
                ..all()
            },
            &[
                "pacific/0",
                "pacific/1",
                "chile/0",
                "chile/1",
                "iraq/1",
                "iraq/0",
                "iraq/2",
            ],
        ),
        (
            "bbox southern Iraq",
            EventFilter {
                bbox: Some([45.0, 29.0, 48.0, 32.0]),
                ..all()
            },
            &["iraq/0", "iraq/2"],
        ),
        (
            "bbox edge is inside",
            EventFilter {
                bbox: Some([46.26, 31.05, 50.0, 40.0]),
                ..all()
            },
            &["iraq/0"],
        ),
        (
            "bbox across the antimeridian",
            EventFilter {
                bbox: Some([170.0, -25.0, -170.0, -10.0]),
                ..all()
            },
            &["pacific/0", "pacific/1"],
        ),
        (
            "bbox empty sea",
            EventFilter {
                bbox: Some([-40.0, -40.0, -30.0, -30.0]),
                ..all()
            },
            &[],
        ),
        (
            "text",
            EventFilter {
                text: some("Santiago"),
                ..all()
            },
            &["chile/0", "chile/1"],
        ),
        (
            "text in the title only",
            EventFilter {
                text: some("killed"),
                ..all()
            },
            &["iraq/1", "iraq/0", "iraq/2"],
        ),
        (
            "text is stemmed and case-folded",
            EventFilter {
                text: some("PROTESTER BRIDGES"),
                ..all()
            },
            &["iraq/1", "iraq/0", "iraq/2"],
        ),
        (
            "text needs every word",
            EventFilter {
                text: some("Santiago Suva"),
                ..all()
            },
            &[],
        ),
        (
            "text syntax is not interpreted",
            EventFilter {
                text: some("vote OR Santiago"),
                ..all()
            },
            &[],
        ),
        (
            "text with a quote",
            EventFilter {
                text: some("nuku'alofa"),
                ..all()
            },
            &["pacific/0", "pacific/1"],
        ),
        (
            "combined",
            EventFilter {
                country: some("IRQ"),
                date_from: some("2019-01-01"),
                min_fatalities: Some(1),
                text: some("bridge"),
                ..all()
            },
            &["iraq/0"],
        ),
        (
            "limit",
            EventFilter { limit: 2, ..all() },
            &["pacific/0", "pacific/1"],
        ),
        (
            "limit and offset",
            EventFilter {
                limit: 2,
                offset: 5,
                ..all()
            },
            &["iraq/0", "iraq/2"],
        ),
        (
            "newest first, undated still last",
            EventFilter {
                order: Order::NewestFirst,
                ..all()
            },
            &[
                "iraq/0",
                "iraq/1",
                "chile/1",
                "chile/0",
                "pacific/1",
                "pacific/0",
                "iraq/2",
            ],
        ),
        (
            "newest first with a limit",
            EventFilter {
                order: Order::NewestFirst,
                min_fatalities: Some(1),
                limit: 2,
                ..all()
            },
            &["iraq/0", "chile/1"],
        ),
        (
            "offset past the end",
            EventFilter {
                offset: 50,
                ..all()
            },
            &[],
        ),
    ];
    let mut failures = Vec::new();
    for (label, filter, expected) in cases {
        let found = names(&store, filter);
        if found != expected {
            failures.push(format!("{label}: expected {expected:?}, found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn limit_zero_means_the_default() {
    let mut store = Store::open_in_memory().unwrap();
    let one = event("Peaceful protest", Some("2020-01-01"), None, 0);
    let events = vec![one; DEFAULT_LIMIT as usize + 5];
    store.insert(&doc("many", "many events"), &events).unwrap();
    assert_eq!(
        store.events(&EventFilter::default()).unwrap().len(),
        DEFAULT_LIMIT as usize
    );
    let more = EventFilter {
        limit: DEFAULT_LIMIT + 10,
        ..EventFilter::default()
    };
    assert_eq!(
        store.events(&more).unwrap().len(),
        DEFAULT_LIMIT as usize + 5
    );
}

#[test]
fn a_fresh_file_is_migrated_and_reopening_keeps_it() {
    let db = TempDb::new("migrate");
    {
        let mut store = Store::open(db.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.path(), db.path());
        store
            .insert(
                &doc("a", "kept across opens"),
                &[event("Attack", Some("2022-02-02"), None, 4)],
            )
            .unwrap();
    }
    let store = Store::open(db.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        store.stats().unwrap(),
        Stats {
            documents: 1,
            events: 1,
            fatalities: 4
        }
    );
    drop(store);
    // The connection settings are per file (WAL) and per connection (the rest).
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_newer_schema_is_refused() {
    let db = TempDb::new("newer");
    drop(Store::open(db.path()).unwrap());
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    raw.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(raw);
    let err = Store::open(db.path()).err().unwrap();
    assert!(matches!(err, Error::SchemaTooNew { .. }), "{err:?}");
    let message = err
        .to_string()
        .replace(&db.path().display().to_string(), "[path]");
    insta::assert_snapshot!(message, @"[path]: expected schema version 7 or older, found 8; this database was written by a newer eventwatch, upgrade to read it");
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let db = TempDb::new("notdb");
    std::fs::write(
        db.path(),
        "id\ttext\n1\tnot a database at all, just some text\n".repeat(40),
    )
    .unwrap();
    let err = Store::open(db.path()).err().unwrap();
    assert!(matches!(err, Error::NotADatabase { .. }), "{err:?}");
    let message = err
        .to_string()
        .replace(&db.path().display().to_string(), "[path]");
    insta::assert_snapshot!(message, @"[path]: expected an SQLite database, found a file that is not one");
    // Nothing was written to it.
    let after = std::fs::read_to_string(db.path()).unwrap();
    assert!(after.starts_with("id\ttext\n"));
}

#[test]
fn a_missing_directory_is_an_open_error() {
    let db = TempDb::new("missing");
    let path = db.path().join("no/such/dir/eventwatch.db");
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, Error::Open { .. }), "{err:?}");
}

#[test]
fn a_reader_sees_whole_documents_while_a_writer_inserts() {
    const DOCS: usize = 60;
    const EVENTS_PER_DOC: u64 = 3;
    let db = TempDb::new("concurrent");
    // Create the schema before the two connections race.
    drop(Store::open(db.path()).unwrap());
    let path = db.path().to_path_buf();
    let writer = std::thread::spawn(move || -> Result<(), Error> {
        let mut store = Store::open(&path)?;
        for i in 0..DOCS {
            let text = format!("document number {i}");
            let id = format!("doc-{i}");
            let events = vec![
                event(
                    "Attack",
                    Some("2020-01-01"),
                    Some(("X", "Y", "ZZZ", 1.0, 1.0)),
                    1
                );
                EVENTS_PER_DOC as usize
            ];
            store.insert(&doc(&id, &text), &events)?;
        }
        Ok(())
    });
    // A plain reader and one that reads through a memory map (the server's readers): the
    // file grows under the map while the writer commits.
    let plain = Store::open(db.path()).unwrap();
    let mapped = Store::open(db.path()).unwrap();
    assert!(
        mapped.map_for_reading(1 << 30).unwrap() > 0,
        "nothing mapped"
    );
    let mut last = [0, 0];
    loop {
        let finished = writer.is_finished();
        for (reader, last) in [&plain, &mapped].into_iter().zip(&mut last) {
            let stats = reader.stats().unwrap();
            assert_eq!(
                stats.events,
                stats.documents * EVENTS_PER_DOC,
                "half a document is visible"
            );
            assert_eq!(stats.fatalities, stats.events);
            assert!(
                stats.documents >= *last,
                "went back from {last} to {}",
                stats.documents
            );
            *last = stats.documents;
            let listed = reader
                .events(&EventFilter {
                    limit: 10_000,
                    ..EventFilter::default()
                })
                .unwrap();
            assert_eq!(listed.len() as u64 % EVENTS_PER_DOC, 0);
        }
        if finished {
            break;
        }
    }
    writer.join().unwrap().unwrap();
    for reader in [&plain, &mapped] {
        let stats = reader.stats().unwrap();
        assert_eq!(stats.documents, DOCS as u64);
        let listed = reader.events(&EventFilter::default()).unwrap();
        assert_eq!(listed.len() as u64, DOCS as u64 * EVENTS_PER_DOC);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any free text, country or date string is either a valid filter or an
    /// `InvalidFilter`; it never reaches SQLite as syntax.
    #[test]
    fn any_filter_text_is_safe(text in "\\PC{0,30}", country in "\\PC{0,5}", date in "\\PC{0,12}") {
        let store = filter_fixture();
        let filter = EventFilter {
            text: Some(text.clone()),
            country: Some(country),
            admin1: Some(text),
            date_from: Some(date),
            ..EventFilter::default()
        };
        match store.events(&filter) {
            Ok(_) | Err(Error::InvalidFilter { .. }) => {}
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }

    /// Any coordinates are stored or rejected as a whole document, never half.
    #[test]
    fn any_coordinates_store_whole_documents_or_nothing(
        points in proptest::collection::vec((proptest::num::f64::ANY, proptest::num::f64::ANY), 1..5),
    ) {
        let mut store = Store::open_in_memory().unwrap();
        let events: Vec<Event> = points
            .iter()
            .map(|&(lat, lon)| event("Attack", None, Some(("P", "A", "AAA", lat, lon)), 1))
            .collect();
        let expected_ok = points.iter().all(|&(lat, lon)| (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
        let result = store.insert(&doc("p", "points"), &events);
        let stats = store.stats().unwrap();
        if expected_ok {
            prop_assert!(result.is_ok(), "{result:?}");
            prop_assert_eq!(stats.events, events.len() as u64);
            let world = EventFilter { bbox: Some([-180.0, -90.0, 180.0, 90.0]), ..EventFilter::default() };
            prop_assert_eq!(store.events(&world).unwrap().len(), events.len());
        } else {
            prop_assert!(matches!(result, Err(Error::InvalidEvent { .. })), "{result:?}");
            prop_assert_eq!(stats, Stats { documents: 0, events: 0, fatalities: 0 });
        }
    }
}

#[test]
fn incidents_follow_their_documents_and_catch_up_after_plain_inserts() {
    use eventwatch_consolidate::{Config, MentionKey, Override};
    use eventwatch_store::IncidentFilter;

    let db = TempDb::new("incidents");
    let mut store = Store::open(db.path()).unwrap();
    let nasiriyah = full_event();
    let elsewhere = event(
        "Peaceful protest",
        Some("2019-11-28"),
        Some(("Basra", "Basra", "IRQ", 30.5, 47.8)),
        0,
    );
    // Stored without consolidating (as a writer of schema 1 would have): the consolidator
    // brings the incidents in step when it is loaded.
    store
        .insert(&doc("a", "report a"), &[nasiriyah.clone(), elsewhere])
        .unwrap();
    assert!(store
        .incidents(&IncidentFilter::default())
        .unwrap()
        .is_empty());
    let mut c = store.consolidator(Config::standard()).unwrap();
    assert_eq!(
        store.incidents(&IncidentFilter::default()).unwrap().len(),
        2
    );

    // A second report of the same incident joins it in the same transaction.
    let outcome = store
        .insert_batch_consolidated(&mut c, [(doc("b", "report b"), vec![nasiriyah.clone()])])
        .unwrap();
    assert!(matches!(outcome.results[..], [Ok(Inserted::New { .. })]));
    let all = store.incidents(&IncidentFilter::default()).unwrap();
    assert_eq!(all.len(), 2, "{all:#?}");
    let joint = store
        .incident_of(&MentionKey::new("b", 0))
        .unwrap()
        .expect("b#0 is consolidated");
    assert_eq!(joint.mentions.len(), 2);
    assert_eq!(store.incident(&joint.id).unwrap(), Some(joint.clone()));
    let two_reports = IncidentFilter {
        min_reports: Some(2),
        country: Some("irq".into()),
        ..IncidentFilter::default()
    };
    assert_eq!(store.incidents(&two_reports).unwrap(), vec![joint.clone()]);

    // A split is stored with who and why, survives reopening, and is undone by withdrawing.
    let split = Override::Split {
        mention: MentionKey::new("b", 0),
    };
    store
        .add_override(&mut c, split.clone(), Some("tester"), Some("two bridges"))
        .unwrap();
    assert_eq!(store.incidents(&two_reports).unwrap(), vec![]);
    drop(store);
    let mut store = Store::open(db.path()).unwrap();
    let overrides = store.overrides().unwrap();
    assert_eq!(overrides.len(), 1);
    assert_eq!(overrides[0].r#override, split);
    assert_eq!(overrides[0].created_by.as_deref(), Some("tester"));
    let mut c = store.consolidator(Config::standard()).unwrap();
    assert_eq!(
        store.incidents(&IncidentFilter::default()).unwrap().len(),
        3
    );
    assert!(store.withdraw_override(&mut c, &split).unwrap().is_some());
    assert!(store.withdraw_override(&mut c, &split).unwrap().is_none());
    assert_eq!(store.incidents(&two_reports).unwrap().len(), 1);

    // What is stored equals what a consolidator rebuilt from scratch computes.
    let rebuilt = store.consolidator(Config::standard()).unwrap();
    let stored = store.incidents(&IncidentFilter::default()).unwrap();
    let fresh: Vec<_> = rebuilt.events().cloned().collect();
    let ids = |v: &[eventwatch_consolidate::ConsolidatedEvent]| {
        let mut ids: Vec<String> = v.iter().map(|e| e.id.clone()).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&stored), ids(&fresh));
}

/// A batch writes only the incidents and mention rows that changed; after batches whose
/// incidents change ids (a report with a smaller key joins), a split and its withdrawal,
/// every mention row points where a consolidator rebuilt from scratch puts the mention.
#[test]
fn changed_incidents_leave_every_mention_row_in_step() {
    use eventwatch_consolidate::{Config, MentionKey, Override};
    use eventwatch_store::IncidentFilter;

    let db = TempDb::new("incident-rows");
    let mut store = Store::open(db.path()).unwrap();
    let mut c = store.consolidator(Config::standard()).unwrap();
    let report = full_event();
    let other = event(
        "Peaceful protest",
        Some("2019-11-28"),
        Some(("Basra", "Basra", "IRQ", 30.5, 47.8)),
        0,
    );
    store
        .insert_batch_consolidated(&mut c, [(doc("m", "report m"), vec![report.clone()])])
        .unwrap();
    let first = store
        .incident_of(&MentionKey::new("m", 0))
        .unwrap()
        .unwrap();
    // "c" sorts before "m": the incident takes a new id and m#0's row moves to it.
    let outcome = store
        .insert_batch_consolidated(
            &mut c,
            [
                (doc("c", "report c"), vec![report.clone(), other.clone()]),
                (doc("x", "report x"), vec![report.clone()]),
            ],
        )
        .unwrap();
    assert!(outcome.changes.removed.contains(&first.id), "{outcome:?}");
    let split = Override::Split {
        mention: MentionKey::new("x", 0),
    };
    store
        .add_override(&mut c, split.clone(), None, None)
        .unwrap();
    store
        .insert_batch_consolidated(&mut c, [(doc("a", "report a"), vec![report, other])])
        .unwrap();
    store.withdraw_override(&mut c, &split).unwrap();

    let keys = [("a", 0), ("a", 1), ("c", 0), ("c", 1), ("m", 0), ("x", 0)];
    let rebuilt = store.consolidator(Config::standard()).unwrap();
    for (doc_id, index) in keys {
        let key = MentionKey::new(doc_id, index);
        let stored = store.incident_of(&key).unwrap().map(|e| e.id);
        let fresh = rebuilt.event_of(&key).map(|e| e.id.clone());
        assert!(fresh.is_some(), "{key}");
        assert_eq!(stored, fresh, "{key}");
        assert_eq!(stored, c.event_of(&key).map(|e| e.id.clone()), "{key}");
    }
    let stored = store.incidents(&IncidentFilter::default()).unwrap();
    let fresh: Vec<_> = rebuilt.events().cloned().collect();
    assert_eq!(stored.len(), fresh.len());
    for ev in &fresh {
        // Read with the reasons of its merges, as the consolidator explains them.
        assert_eq!(store.incident(&ev.id).unwrap(), Some(rebuilt.explained(ev)));
    }
}

/// Events in store order with what a plain reading needs: id, date, lat/lon, doc text.
struct Plain {
    id: i64,
    date: Option<String>,
    point: Option<(f64, f64)>,
    text: String,
}

/// A store whose filters take every query plan: a dense cluster of 1,500 points (a box
/// around it holds more than the R*Tree drive limit), scattered points, undated events, a
/// word in half the documents and a word in a handful.
fn plan_fixture() -> (Store, Vec<Plain>) {
    let mut store = Store::open_in_memory().unwrap();
    let mut items = Vec::new();
    for i in 0..2600u32 {
        let dense = i < 1500;
        let lat = if dense {
            33.0 + f64::from(i % 50) * 0.001
        } else {
            -60.0 + f64::from(i * 37 % 120)
        };
        let lon = if dense {
            44.0 + f64::from(i / 50) * 0.001
        } else {
            -179.5 + f64::from(i * 53 % 359)
        };
        let date = (i % 10 != 3).then(|| format!("2020-{:02}-{:02}", 1 + i % 12, 1 + i % 28));
        let mut words = vec![format!("report{i}")];
        if i % 2 == 0 {
            words.push("alpha".into());
        }
        if i % 500 == 7 {
            words.push("zeta".into());
        }
        items.push((
            format!("d{i}"),
            words.join(" "),
            event(
                "Peaceful protest",
                date.as_deref(),
                Some(("P", "R", "IRQ", lat, lon)),
                i % 7,
            ),
        ));
    }
    let batch = items
        .iter()
        .map(|(id, text, ev)| (doc(id, text), vec![ev.clone()]));
    store.insert_batch(batch).unwrap();
    let all = store
        .events(&EventFilter {
            limit: 1_000_000,
            ..EventFilter::default()
        })
        .unwrap();
    let plain = all
        .iter()
        .map(|e| Plain {
            id: e.id,
            date: e.event.date.clone(),
            point: e.event.location.as_ref().map(|l| (l.lat, l.lon)),
            text: items
                .iter()
                .find(|(id, _, _)| *id == e.doc_id)
                .map(|(_, text, _)| text.clone())
                .unwrap_or_default(),
        })
        .collect();
    (store, plain)
}

/// The ids a filter should return, by a plain reading of every event.
fn expected_ids(plain: &[Plain], filter: &EventFilter) -> Vec<i64> {
    let inside = |p: &Plain| match (filter.bbox, p.point) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some([w, s, e, n]), Some((lat, lon))) => {
            (s..=n).contains(&lat)
                && if w <= e {
                    (w..=e).contains(&lon)
                } else {
                    lon >= w || lon <= e
                }
        }
    };
    let words = |p: &Plain| {
        filter.text.as_ref().is_none_or(|t| {
            t.split_whitespace()
                .all(|w| p.text.split_whitespace().any(|x| x == w))
        })
    };
    let mut dated: Vec<&Plain> = plain
        .iter()
        .filter(|p| inside(p) && words(p) && p.date.is_some())
        .collect();
    let mut undated: Vec<&Plain> = plain
        .iter()
        .filter(|p| inside(p) && words(p) && p.date.is_none())
        .collect();
    dated.sort_by(|a, b| (&a.date, a.id).cmp(&(&b.date, b.id)));
    undated.sort_by_key(|p| p.id);
    if filter.order == Order::NewestFirst {
        dated.reverse();
        undated.reverse();
    }
    dated
        .into_iter()
        .chain(undated)
        .map(|p| p.id)
        .skip(filter.offset as usize)
        .take(filter.limit as usize)
        .collect()
}

#[test]
fn pages_agree_with_a_plain_reading_whatever_the_plan() {
    let (store, plain) = plan_fixture();
    let boxes = [
        None,
        // Dense: more points than the R*Tree drive limit, read by an index walk.
        Some([43.9, 32.9, 44.1, 33.1]),
        // Sparse: a few points, read through the R*Tree.
        Some([10.0, -10.0, 30.0, 10.0]),
        // Across the antimeridian.
        Some([170.0, -60.0, -170.0, 60.0]),
    ];
    let texts = [None, Some("alpha"), Some("zeta"), Some("alpha zeta")];
    // Offsets before, across and past the dated events (2,340 of 2,600 are dated).
    let pages = [
        (25, 0),
        (40, 30),
        (100, 2300),
        (50, 2340),
        (30, 2590),
        (10, 5000),
    ];
    let mut checked = 0;
    for bbox in boxes {
        for text in texts {
            for order in [Order::OldestFirst, Order::NewestFirst] {
                for (limit, offset) in pages {
                    let filter = EventFilter {
                        bbox,
                        text: text.map(str::to_owned),
                        order,
                        limit,
                        offset,
                        ..EventFilter::default()
                    };
                    let got: Vec<i64> = store
                        .events(&filter)
                        .unwrap()
                        .iter()
                        .map(|e| e.id)
                        .collect();
                    assert_eq!(got, expected_ids(&plain, &filter), "{filter:?}");
                    checked += usize::from(!got.is_empty());
                }
            }
        }
    }
    // The fixture is not vacuous: most pages hold events.
    assert!(checked > 30, "{checked}");
    // Counting takes the same plans.
    for bbox in boxes {
        let filter = EventFilter {
            bbox,
            limit: u32::MAX,
            ..EventFilter::default()
        };
        let n = store.count(&filter).unwrap();
        assert_eq!(n as usize, expected_ids(&plain, &filter).len(), "{bbox:?}");
    }
}

#[test]
fn stats_and_text_search_follow_the_rows_a_batch_keeps() {
    let mut store = Store::open_in_memory().unwrap();
    let place = Some(("Basra", "Basra", "IRQ", 30.5, 47.8));
    let mut aggregate = event("Attack", Some("2020-01-02"), place, 9);
    aggregate.aggregate = true;
    let mut bad = event("Attack", Some("2020-01-03"), place, 4);
    if let Some(l) = bad.location.as_mut() {
        l.lat = f64::NAN;
    }
    let results = store
        .insert_batch_each([
            (
                doc("a", "first report wombat"),
                vec![event("Attack", Some("2020-01-01"), place, 3), aggregate],
            ),
            // Rejected: nothing of it may remain, in the counts or the text index.
            (
                doc("b", "second report quokka"),
                vec![event("Attack", Some("2020-01-03"), place, 5), bad],
            ),
            (
                doc("c", "third report wombat"),
                vec![event("Attack", None, None, 2)],
            ),
        ])
        .unwrap();
    assert!(results[1].is_err());
    assert_eq!(
        store.stats().unwrap(),
        Stats {
            documents: 2,
            events: 3,
            // Aggregates are not counted: 3 + 2.
            fatalities: 5,
        }
    );
    let text = |store: &Store, words: &str| {
        store
            .events(&EventFilter {
                text: Some(words.into()),
                ..EventFilter::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(text(&store, "wombat"), 3);
    assert_eq!(text(&store, "quokka"), 0);
    // A duplicate adds nothing, to the counts or the index.
    store
        .insert(&doc("a2", "first report wombat"), &[])
        .unwrap();
    assert_eq!(store.stats().unwrap().documents, 2);
    assert_eq!(text(&store, "wombat"), 3);
}

/// A database written before the actor index (schema 3) gets it filled from its events
/// when opened; events stored afterwards join it, and removed ones leave it.
#[test]
fn the_actor_index_is_filled_by_its_migration_and_kept_by_later_writes() {
    let db = TempDb::new("actors");
    let police = |doc_id: &str| {
        let mut store = Store::open(db.path()).unwrap();
        let text = format!("police in {doc_id}");
        store.insert(&doc(doc_id, &text), &[full_event()]).unwrap();
    };
    police("before");
    // Back to schema 3: no actor index.
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    raw.execute_batch(
        "DROP TRIGGER event_actors_delete; DROP TABLE event_actors; \
         DROP TRIGGER event_briefs_delete; DROP TABLE event_briefs; PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(raw);
    police("after");
    let store = Store::open(db.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let all = EventFilter::default();
    let by = |actor| eventwatch_store::EventQuery {
        filter: &all,
        actor: Some(actor),
    };
    assert_eq!(store.count(by("police forces")).unwrap(), 2);
    assert_eq!(store.count(by("PROTESTERS (iraq)")).unwrap(), 2);
    assert_eq!(store.events_matching(by("police forces")).unwrap().len(), 2);
    // Both events have a summary: the one the migration wrote and the one stored since.
    let briefs = store.event_briefs_matching(&all).unwrap();
    assert_eq!(briefs.len(), 2);
    assert_eq!(briefs[0].json, briefs[1].json);
    assert!(!briefs[0].json.contains("evidence"), "{}", briefs[0].json);
    drop(store);
    // Removing a document's rows removes its events' actors too.
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    raw.execute_batch("PRAGMA foreign_keys = ON; DELETE FROM documents WHERE id = 'before';")
        .unwrap();
    for table in ["event_actors", "event_briefs"] {
        let left: i64 = raw
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 1, "{table}");
    }
}

/// An incident's `reports` counts documents: a user's merge of two events of one article
/// is one report, and stores written before migration 5 (which counted mentions) are
/// recounted when opened.
#[test]
fn reports_count_documents_not_mentions() {
    use eventwatch_consolidate::{Config, MentionKey, Override};
    use eventwatch_store::IncidentFilter;

    let db = TempDb::new("reports");
    let mut store = Store::open(db.path()).unwrap();
    let elsewhere = event(
        "Peaceful protest",
        Some("2019-11-28"),
        Some(("Basra", "Basra", "IRQ", 30.5, 47.8)),
        0,
    );
    let mut c = store.consolidator(Config::standard()).unwrap();
    store
        .insert_batch_consolidated(
            &mut c,
            [(doc("a", "report a"), vec![full_event(), elsewhere])],
        )
        .unwrap();
    let merge = Override::Merge {
        a: MentionKey::new("a", 0),
        b: MentionKey::new("a", 1),
    };
    store.add_override(&mut c, merge, None, None).unwrap();
    let joint = store
        .incident_of(&MentionKey::new("a", 0))
        .unwrap()
        .expect("a#0 is consolidated");
    assert_eq!((joint.mentions.len(), joint.reports()), (2, 1));
    let two_reports = IncidentFilter {
        min_reports: Some(2),
        ..IncidentFilter::default()
    };
    assert!(store.incidents(&two_reports).unwrap().is_empty());
    drop(store);

    // As schema 4 wrote it: the number of mentions.
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    raw.execute_batch("UPDATE incidents SET reports = 2; PRAGMA user_version = 4;")
        .unwrap();
    drop(raw);
    let store = Store::open(db.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.incidents(&two_reports).unwrap().is_empty());
}

/// A stored incident keeps each merge's score, days and distance but not its reasons
/// (they were most of a large incident's JSON): reading it writes them again from its
/// stored mentions, as the consolidator scores the pair. Incidents stored with their
/// reasons (before) read unchanged.
#[test]
fn merge_reasons_are_written_on_reading_not_stored() {
    use eventwatch_consolidate::{Config, MentionKey};
    use eventwatch_store::IncidentFilter;

    let db = TempDb::new("merge-reasons");
    let mut store = Store::open(db.path()).unwrap();
    let mut c = store.consolidator(Config::standard()).unwrap();
    store
        .insert_batch_consolidated(
            &mut c,
            [
                (doc("a", "report a"), vec![full_event()]),
                (doc("b", "report b"), vec![full_event()]),
            ],
        )
        .unwrap();
    let (a, b) = (MentionKey::new("a", 0), MentionKey::new("b", 0));
    let expected = c.compare(&a, &b).expect("the two reports are compared");
    assert!(!expected.features.is_empty());

    let raw = rusqlite::Connection::open(db.path()).unwrap();
    let json: String = raw
        .query_row("SELECT incident_json FROM incidents", [], |row| row.get(0))
        .unwrap();
    assert!(
        json.contains("\"merges\"") && json.contains("\"score\""),
        "{json}"
    );
    assert!(!json.contains("\"features\""), "{json}");

    let read = |store: &Store| {
        let ev = store.incident_of(&b).unwrap().expect("b#0 is consolidated");
        assert_eq!(ev.mentions.len(), 2);
        assert_eq!(store.incident(&ev.id).unwrap(), Some(ev.clone()));
        assert_eq!(
            store.incidents(&IncidentFilter::default()).unwrap(),
            vec![ev.clone()]
        );
        ev
    };
    let ev = read(&store);
    let step = ev.merges.first().expect("one merge");
    assert_eq!((&step.a, &step.b), (&a, &b));
    assert_eq!(step.pair.as_ref(), Some(&expected));
    let explained = c.explained(c.event(&ev.id).expect("held"));
    assert_eq!(explained, ev);

    // As an earlier version wrote it, with the reasons: read as stored.
    let mut with_reasons: serde_json::Value = serde_json::from_str(&json).unwrap();
    with_reasons["merges"][0]["pair"]["features"] = serde_json::json!([
        {"feature": "date", "weight": 1.0, "detail": "as stored"}
    ]);
    raw.execute(
        "UPDATE incidents SET incident_json = ?1",
        [with_reasons.to_string()],
    )
    .unwrap();
    let ev = read(&store);
    let features = &ev.merges[0].pair.as_ref().expect("scored").features;
    assert_eq!(features.len(), 1);
    assert_eq!(features[0].detail, "as stored");
}

/// Migration 6 removes the `json_valid` checks of the JSON columns the store writes for
/// every event, incident and mention (serde_json wrote them), and no other check: a
/// schema 5 store opens with its rows intact, a connection opened before the migration
/// sees the new definitions, and the store goes on writing and reading.
#[test]
fn migration_6_drops_only_the_json_checks_the_writer_makes_redundant() {
    use eventwatch_consolidate::{Config, MentionKey};

    let db = TempDb::new("json-checks");
    // A schema 5 store, as the first five migrations wrote it, with one stored event.
    let old = rusqlite::Connection::open(db.path()).unwrap();
    old.execute_batch("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")
        .unwrap();
    for sql in [
        include_str!("../src/migrations/0001_documents_events.sql"),
        include_str!("../src/migrations/0002_incidents_overrides.sql"),
        include_str!("../src/migrations/0003_covering_indexes_totals.sql"),
        include_str!("../src/migrations/0004_actor_index_event_briefs.sql"),
        include_str!("../src/migrations/0005_reports_are_documents.sql"),
    ] {
        old.execute_batch(sql).unwrap();
    }
    old.execute_batch(
        "PRAGMA user_version = 5;
         INSERT INTO documents (id, content_hash, text, pipeline_version)
         VALUES ('old', 'old', 'an old report', 'test');",
    )
    .unwrap();
    old.execute(
        "INSERT INTO events (doc_rowid, ordinal, event_type, sub_event_type, plover_type,
             date_precision, fatalities, injuries, aggregate, hedged, event_json)
         VALUES (1, 0, 'Protests', 'Peaceful protest', 'PROTEST', 'day', 0, 0, 0, 0, ?1)",
        [serde_json::to_string(&full_event()).unwrap()],
    )
    .unwrap();
    let bad_incident = "INSERT INTO incidents (id, event_type, sub_event_type, fatalities,
             fatalities_min, fatalities_max, injuries, injuries_min, injuries_max, reports,
             sources, aggregate, hedged, incident_json)
         VALUES ('ce-x', 'Protests', 'Peaceful protest', 0, 0, 0, 0, 0, 0, 1, 'not json', 0,
             0, 'not json either')";
    let checked = |conn: &rusqlite::Connection, sql: &str| {
        let tx = conn.unchecked_transaction().unwrap();
        let result = tx.execute_batch(sql);
        drop(tx);
        result.map_err(|e| e.to_string())
    };
    assert!(checked(&old, bad_incident).unwrap_err().contains("CHECK"));

    let mut store = Store::open(db.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    // The connection opened before the migration reads the new definitions.
    let still_checked: Vec<String> = old
        .prepare("SELECT name FROM sqlite_schema WHERE sql LIKE '%json_valid%' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(still_checked, ["overrides"]);
    assert_eq!(checked(&old, bad_incident), Ok(()));
    let integrity: String = old
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    // Every other check holds: a latitude out of range, an override that is not JSON.
    let far_north = "INSERT INTO events (doc_rowid, ordinal, event_type, sub_event_type,
             plover_type, date_precision, fatalities, injuries, aggregate, hedged, lat, lon,
             event_json)
         VALUES (1, 1, 'Protests', 'Peaceful protest', 'PROTEST', 'day', 0, 0, 0, 0, 91, 0,
             '{}')";
    assert!(checked(&old, far_north).unwrap_err().contains("CHECK"));
    let bad_override = "INSERT INTO overrides (kind, override_json) VALUES ('split', 'x')";
    assert!(checked(&old, bad_override).unwrap_err().contains("CHECK"));

    // The old row is kept (and consolidated), and the store writes as before.
    assert_eq!(store.stats().unwrap().events, 1);
    let mut c = store.consolidator(Config::standard()).unwrap();
    store
        .insert_batch_consolidated(&mut c, [(doc("new", "a new report"), vec![full_event()])])
        .unwrap();
    assert_eq!(store.stats().unwrap().events, 2);
    for doc_id in ["old", "new"] {
        let key = MentionKey::new(doc_id, 0);
        assert!(store.incident_of(&key).unwrap().is_some(), "{key}");
    }
}

/// A new store is created with 8 KiB pages (rows of a kilobyte and more fit more to a
/// page); a store created with SQLite's default 4 KiB pages keeps them and is written and
/// read as before.
#[test]
fn new_stores_have_8_kib_pages_and_old_ones_keep_theirs() {
    let page_size = |path: &Path| -> i64 {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap()
    };
    let new = TempDb::new("pages-new");
    Store::open(new.path())
        .unwrap()
        .insert(&doc("a", "a new store"), &[full_event()])
        .unwrap();
    assert_eq!(page_size(new.path()), 8192);

    let old = TempDb::new("pages-old");
    rusqlite::Connection::open(old.path())
        .unwrap()
        .execute_batch("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x);")
        .unwrap();
    assert_eq!(page_size(old.path()), 4096);
    let mut store = Store::open(old.path()).unwrap();
    store
        .insert(&doc("a", "an old store"), &[full_event()])
        .unwrap();
    assert_eq!(store.stats().unwrap().events, 1);
    drop(store);
    assert_eq!(page_size(old.path()), 4096);
}

/// Since migration 7 the store, not a trigger per row, adds a batch's event points to the
/// R*Tree and counts its documents, events and fatalities in `totals`: every write path
/// keeps both exact, also in a store migrated from schema 6 (whose insert triggers would
/// count twice if left), and removing rows still updates both.
#[test]
fn every_write_path_keeps_the_points_and_totals() {
    use eventwatch_consolidate::Config;

    let db = TempDb::new("totals");
    let basra = || {
        event(
            "Armed clash",
            Some("2020-01-01"),
            Some(("Basra", "Basra", "IRQ", 30.5, 47.8)),
            3,
        )
    };
    let unplaced = || event("Armed clash", Some("2020-01-01"), None, 2);
    let mut store = Store::open(db.path()).unwrap();
    store.insert(&doc("one", "one"), &[basra()]).unwrap();
    drop(store);
    // Back to schema 6: the insert triggers of migrations 1 and 3.
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    raw.execute_batch(
        "CREATE TRIGGER events_rtree_insert AFTER INSERT ON events
         WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
             INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat)
             VALUES (new.id, new.lon, new.lon, new.lat, new.lat);
         END;
         CREATE TRIGGER totals_document_insert AFTER INSERT ON documents BEGIN
             UPDATE totals SET documents = documents + 1 WHERE id = 1;
         END;
         CREATE TRIGGER totals_event_insert AFTER INSERT ON events BEGIN
             UPDATE totals
             SET events = events + 1,
                 fatalities = fatalities + CASE WHEN new.aggregate = 0 THEN new.fatalities ELSE 0 END
             WHERE id = 1;
         END;
         PRAGMA user_version = 6;",
    )
    .unwrap();
    drop(raw);

    let mut store = Store::open(db.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    store
        .insert_batch([(doc("two", "two"), vec![basra(), unplaced()])])
        .unwrap();
    let mut aggregate = basra();
    aggregate.aggregate = true;
    store
        .insert_batch_each([
            (doc("three", "three"), vec![basra(), aggregate]),
            (doc("again", "one"), vec![basra()]),
        ])
        .unwrap();
    let mut c = store.consolidator(Config::standard()).unwrap();
    store
        .insert_batch_consolidated(&mut c, [(doc("four", "four"), vec![basra()])])
        .unwrap();
    store.insert(&doc("five", "five"), &[]).unwrap();
    let points = |store: &Store| {
        store
            .count(&EventFilter {
                bbox: Some([47.0, 30.0, 48.0, 31.0]),
                ..EventFilter::default()
            })
            .unwrap()
    };
    // Fatalities: one 3, two 3 + 2 (one event unplaced), three 3 (and an aggregate of
    // 3, not counted), four 3, five none; "again" is a duplicate of one.
    let expected = Stats {
        documents: 5,
        events: 6,
        fatalities: 14,
    };
    assert_eq!(store.stats().unwrap(), expected);
    assert_eq!(points(&store), 5);
    drop(store);
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    let rtree_rows = |raw: &rusqlite::Connection| -> i64 {
        raw.query_row("SELECT count(*) FROM events_rtree", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(rtree_rows(&raw), 5);
    raw.execute_batch("PRAGMA foreign_keys = ON; DELETE FROM documents WHERE id = 'two';")
        .unwrap();
    assert_eq!(rtree_rows(&raw), 4);
    drop(raw);
    let store = Store::open(db.path()).unwrap();
    assert_eq!(
        store.stats().unwrap(),
        Stats {
            documents: 4,
            events: 4,
            fatalities: 9,
        }
    );
    assert_eq!(points(&store), 4);
}
