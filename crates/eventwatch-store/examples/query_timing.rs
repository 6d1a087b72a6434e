//! Times a few store reads on an existing database: actor-filtered pages and counts, and
//! a deep page. `cargo run --release -p eventwatch-store --example query_timing -- DB`
//! (for instance the load bench's `target/load-store-100000.db`; opening it applies any
//! pending migration).

use std::path::PathBuf;
use std::time::Instant;

use eventwatch_store::{EventFilter, EventQuery, Order, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: query_timing DB")?;
    let started = Instant::now();
    let store = Store::open(&path)?;
    println!("open (with migrations): {:.1} ms", ms(started));
    let newest = EventFilter {
        order: Order::NewestFirst,
        limit: 50,
        ..EventFilter::default()
    };
    for actor in ["police", "roadside", "Police (NGA)", "no such actor", "ri"] {
        // The second round runs with warm statements and pages.
        for _ in 0..2 {
            let query = EventQuery {
                filter: &newest,
                actor: Some(actor),
            };
            let t = Instant::now();
            let page = store.events_matching(query)?;
            let page_ms = ms(t);
            let t = Instant::now();
            let count = store.count(query)?;
            let count_ms = ms(t);
            println!(
                "actor {actor:?}: page {} rows {page_ms:.1} ms, count {count} {count_ms:.1} ms",
                page.len()
            );
        }
    }
    for offset in [0, 5000] {
        let filter = EventFilter {
            offset,
            ..newest.clone()
        };
        for _ in 0..2 {
            let t = Instant::now();
            let page = store.events(&filter)?;
            println!("offset {offset}: {} events {:.1} ms", page.len(), ms(t));
            let t = Instant::now();
            let page = store.event_briefs_matching(&filter)?;
            println!("offset {offset}: {} summaries {:.1} ms", page.len(), ms(t));
        }
    }
    // The load bench's pages, each read as events (parsed) and as summaries (unparsed).
    let filters = [
        EventFilter {
            country: Some("IRQ".into()),
            min_fatalities: Some(1),
            ..EventFilter::default()
        },
        EventFilter {
            date_from: Some("2020-03-01".into()),
            date_to: Some("2020-03-31".into()),
            event_type: Some("Protests".into()),
            ..EventFilter::default()
        },
        EventFilter {
            bbox: Some([40.0, 29.0, 49.0, 38.0]),
            date_from: Some("2019-06-01".into()),
            date_to: Some("2019-06-30".into()),
            ..EventFilter::default()
        },
        EventFilter {
            country: Some("NGA".into()),
            event_type: Some("Attack".into()),
            offset: 100,
            ..EventFilter::default()
        },
        EventFilter {
            admin1: Some("Borno".into()),
            min_fatalities: Some(5),
            ..EventFilter::default()
        },
        EventFilter {
            event_type: Some("Battles".into()),
            date_from: Some("2020-10-01".into()),
            ..EventFilter::default()
        },
    ];
    let rounds = 300u32;
    for briefs in [false, true, false, true] {
        let t = Instant::now();
        let mut rows = 0;
        for round in 0..rounds {
            for base in &filters {
                let filter = EventFilter {
                    limit: 51,
                    offset: base.offset + round % 20,
                    ..base.clone()
                };
                rows += if briefs {
                    store.event_briefs_matching(&filter)?.len()
                } else {
                    store.events(&filter)?.len()
                };
            }
        }
        let per = ms(t) / f64::from(rounds * 6);
        let what = if briefs { "summaries" } else { "events" };
        println!("bench pages as {what}: {per:.3} ms per page ({rows} rows)");
    }
    Ok(())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
