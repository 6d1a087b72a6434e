//! Consolidating 100,000 synthetic mentions of 28,600 incidents (1 to 6 reports each,
//! 100 incidents a day on a 1° grid, jittered positions and counts). Asserts the number
//! of events so a faster run cannot be a broken one.

use eventwatch_consolidate::{Config, Consolidator, Mention, MentionKey};
use eventwatch_schema::{DatePrecision, Event, Evidence, Location, PlacePrecision};

const MENTIONS: usize = 100_000;

fn synthetic() -> (Vec<Mention>, usize) {
    let mut out = Vec::with_capacity(MENTIONS);
    let mut incident = 0usize;
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    while out.len() < MENTIONS {
        let day = incident / 100;
        let slot = incident % 100;
        // Day d uses its own third of a 30 x 10 grid, so neighbouring days never meet.
        let (x, y) = ((day % 3) * 10 + slot % 10, slot / 10);
        let lat = 10.0 + y as f64;
        let lon = 10.0 + x as f64;
        let date = eventwatch_consolidate::day::format(17_000 + day as i32);
        let killed = 1 + (next() % 5) as u32;
        let reports = 1 + (next() % 6) as usize;
        for r in 0..reports {
            if out.len() == MENTIONS {
                break;
            }
            let jitter = (next() % 100) as f64 / 10_000.0;
            let event = Event {
                event_type: "Violence against civilians".into(),
                sub_event_type: "Attack".into(),
                plover_type: "ASSAULT".into(),
                plover_mode: None,
                cameo: None,
                date: Some(date.clone()),
                date_precision: DatePrecision::Day,
                actor1: None,
                actor2: None,
                location: Some(Location {
                    name: format!("town {x} {y}"),
                    geonameid: Some((x * 100 + y) as u64),
                    lat: lat + jitter,
                    lon: lon - jitter,
                    admin1: None,
                    country: Some("XXX".into()),
                    precision: PlacePrecision::Town,
                }),
                fatalities: killed + (r as u32 % 2),
                fatalities_min: None,
                fatalities_max: None,
                injuries: 0,
                means: Vec::new(),
                aggregate: false,
                hedged: false,
                evidence: vec![Evidence {
                    field: "date".into(),
                    start: 0,
                    end: 0,
                    text: String::new(),
                    rule: "synthetic".into(),
                }],
            };
            let mut m = Mention::new(MentionKey::new(format!("d{incident}-{r}"), 0), event);
            m.published = Some(date.clone());
            out.push(m);
        }
        incident += 1;
    }
    (out, incident)
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn consolidate_100k(bencher: divan::Bencher) {
    let (mentions, incidents) = synthetic();
    bencher
        .with_inputs(|| mentions.clone())
        .bench_local_values(|ms| {
            let c = Consolidator::batch(Config::standard(), ms, Vec::new());
            assert_eq!(c.events().count(), incidents);
            c
        });
}
