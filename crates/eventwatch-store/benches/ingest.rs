//! Ingest throughput (documents per second) on synthetic documents of about 2 KB with five
//! events each, in memory and in a WAL file, batched and one transaction per document.
//!
//! Run with `cargo bench -p eventwatch-store --bench ingest`. Measured on the 2-core dev
//! machine with the dev profile and this crate at `opt-level=3` (`--profile dev --config
//! 'profile.dev.package.eventwatch-store.opt-level=3'`; dependencies are at opt-level 2):
//! about 5,300 documents/s batched in memory, 3,000/s batched into a WAL file, 2,000/s
//! with one transaction per document. Writing WAL pages and FTS5 indexing dominate.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use eventwatch_schema::{Actor, DatePrecision, Event, Evidence, Location, PlacePrecision};
use eventwatch_store::{Inserted, NewDocument, Store};

const EVENTS_PER_DOC: usize = 5;

fn main() {
    divan::main();
}

/// A synthetic document: id, text (also its hash), events.
struct Synthetic {
    id: String,
    text: String,
    events: Vec<Event>,
}

fn corpus() -> &'static [Synthetic] {
    static CORPUS: OnceLock<Vec<Synthetic>> = OnceLock::new();
    CORPUS.get_or_init(|| (0..1000).map(synthetic).collect())
}

fn synthetic(i: usize) -> Synthetic {
    let sentence = "Security forces opened fire on demonstrators near the central bridge, \
                    killing several people and wounding dozens, witnesses said. ";
    let text = format!("Report {i}. {}", sentence.repeat(14));
    let events = (0..EVENTS_PER_DOC)
        .map(|k| {
            let lat = -60.0 + ((i * 7 + k * 13) % 120) as f64;
            let lon = -170.0 + ((i * 11 + k * 17) % 340) as f64;
            Event {
                event_type: "Protests".into(),
                sub_event_type: "Excessive force against protesters".into(),
                plover_type: "PROTEST".into(),
                plover_mode: Some("demonstrate".into()),
                cameo: Some("14".into()),
                date: Some(format!("2019-{:02}-{:02}", 1 + i % 12, 1 + (i + k) % 28)),
                date_precision: DatePrecision::Day,
                actor1: Some(Actor {
                    text: "demonstrators".into(),
                    name: "Protesters (Iraq)".into(),
                    inter: 6,
                    country: Some("IRQ".into()),
                }),
                actor2: Some(Actor {
                    text: "security forces".into(),
                    name: "Police Forces of Iraq".into(),
                    inter: 1,
                    country: Some("IRQ".into()),
                }),
                location: Some(Location {
                    name: format!("Town {k}"),
                    geonameid: Some(100_000 + i as u64),
                    lat,
                    lon,
                    admin1: Some("Dhi Qar".into()),
                    country: Some("IRQ".into()),
                    precision: PlacePrecision::Town,
                }),
                fatalities: (i % 5) as u32,
                fatalities_min: None,
                fatalities_max: None,
                injuries: 12,
                means: vec!["live ammunition".into()],
                aggregate: false,
                hedged: false,
                evidence: ["event_type", "location", "fatalities"]
                    .iter()
                    .map(|field| Evidence {
                        field: (*field).into(),
                        start: 10,
                        end: 60,
                        text: "opened fire on demonstrators near the central bridge".into(),
                        rule: "trigger:opened fire".into(),
                    })
                    .collect(),
            }
        })
        .collect();
    Synthetic {
        id: format!("doc-{i}"),
        text,
        events,
    }
}

fn new_document(s: &Synthetic) -> NewDocument<'_> {
    NewDocument {
        id: &s.id,
        content_hash: &s.text,
        title: Some("Synthetic report"),
        url: None,
        source: Some("bench"),
        published: Some("2019-11-29"),
        language: Some("en"),
        text: &s.text,
        pipeline_version: "bench",
    }
}

/// A fresh store in a temp file, deleted (with its WAL) when dropped, outside the timing.
struct TempStore {
    store: Store,
    path: PathBuf,
}

impl TempStore {
    fn new() -> TempStore {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("eventwatch-store-bench-{}-{n}.db", std::process::id());
        let path = std::env::temp_dir().join(name);
        let store = Store::open(&path).expect("open a temp store");
        TempStore { store, path }
    }
}

impl Drop for TempStore {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.path.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

fn insert_all_batched(store: &mut Store, docs: &[Synthetic]) {
    let results = store
        .insert_batch(docs.iter().map(|s| (new_document(s), s.events.clone())))
        .expect("insert the batch");
    let new = results
        .iter()
        .filter(|r| {
            matches!(
                r,
                Inserted::New {
                    events: EVENTS_PER_DOC,
                    ..
                }
            )
        })
        .count();
    assert_eq!(new, docs.len());
}

fn insert_each_alone(store: &mut Store, docs: &[Synthetic]) {
    for s in docs {
        let inserted = store.insert(&new_document(s), &s.events).expect("insert");
        assert!(matches!(
            inserted,
            Inserted::New {
                events: EVENTS_PER_DOC,
                ..
            }
        ));
    }
}

#[divan::bench(sample_count = 20)]
fn batch_of_1000_in_memory(bencher: Bencher) {
    let docs = corpus();
    bencher
        .counter(ItemsCount::new(docs.len()))
        .with_inputs(|| Store::open_in_memory().expect("open in memory"))
        .bench_local_values(|mut store| {
            insert_all_batched(&mut store, docs);
            store
        });
}

#[divan::bench(sample_count = 20)]
fn batch_of_1000_in_wal_file(bencher: Bencher) {
    let docs = corpus();
    bencher
        .counter(ItemsCount::new(docs.len()))
        .with_inputs(TempStore::new)
        .bench_local_values(|mut temp| {
            insert_all_batched(&mut temp.store, docs);
            temp
        });
}

#[divan::bench(sample_count = 20)]
fn one_transaction_per_document_in_wal_file(bencher: Bencher) {
    let docs = corpus().get(..200).unwrap_or_default();
    bencher
        .counter(ItemsCount::new(docs.len()))
        .with_inputs(TempStore::new)
        .bench_local_values(|mut temp| {
            insert_each_alone(&mut temp.store, docs);
            temp
        });
}
