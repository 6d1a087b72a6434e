//! Load test: many concurrent clients on loopback asking for filtered pages.
//!
//! `cargo bench -p eventwatch-server --bench load` (add `--profile dev` on a shared
//! machine). Builds a synthetic store of `EVENTWATCH_LOAD_EVENTS` events (default 100000,
//! through the store's public API, kept in `target/load-store-N.db` for the next run),
//! starts the server on `127.0.0.1:0`, and runs `EVENTWATCH_LOAD_CLIENTS` (200) keep-alive
//! clients for `EVENTWATCH_LOAD_SECS` (30) seconds, each asking for filtered pages of 50
//! events in turn. The bar: no errors and p99 latency <= 50 ms; the process fails otherwise.
//! `EVENTWATCH_LOAD_UNIQUE=1` makes every request distinct (each asks its query with its
//! own pair of `limit`, 26 to 75, and `offset`, rising by one every 50 requests of that
//! query), so the server's response cache never answers: that measures the store's queries. `EVENTWATCH_LOAD_CACHE=0` turns
//! the cache off in the server instead (the same six pages, each computed every time).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eventwatch_schema::{Actor, DatePrecision, Event, Evidence, Location, PlacePrecision};
use eventwatch_server::{router, AppState, ServerConfig};
use eventwatch_store::{NewDocument, Store};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const P99_BAR_MS: f64 = 50.0;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (xorshift), so every run builds the same store.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const PLACES: [(&str, &str, &str, f64, f64); 12] = [
    ("Baghdad", "Baghdad", "IRQ", 33.34, 44.40),
    ("Nasiriyah", "Dhi Qar", "IRQ", 31.05, 46.26),
    ("Basra", "Basra", "IRQ", 30.51, 47.81),
    ("Aleppo", "Aleppo", "SYR", 36.20, 37.16),
    ("Kabul", "Kabul", "AFG", 34.53, 69.17),
    ("Lagos", "Lagos", "NGA", 6.45, 3.39),
    ("Maiduguri", "Borno", "NGA", 11.85, 13.16),
    ("Santiago", "Santiago Metropolitan", "CHL", -33.45, -70.67),
    ("Hong Kong", "Hong Kong", "HKG", 22.28, 114.16),
    ("Khartoum", "Khartoum", "SDN", 15.55, 32.53),
    ("Mogadishu", "Banaadir", "SOM", 2.04, 45.34),
    ("Suva", "Central", "FJI", -18.14, 178.44),
];

const KINDS: [(&str, &str, &str, &str); 6] = [
    ("Protests", "Peaceful protest", "marched", "protesters"),
    (
        "Protests",
        "Excessive force against protesters",
        "opened fire on",
        "police",
    ),
    ("Battles", "Armed clash", "clashed with", "militants"),
    ("Violence against civilians", "Attack", "killed", "gunmen"),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "exploded near",
        "a roadside bomb",
    ),
    (
        "Riots",
        "Violent demonstration",
        "rioted against",
        "rioters",
    ),
];

fn evidence(field: &str, text: &str, words: &str) -> Option<Evidence> {
    let at = text.find(words)?;
    let start = text[..at].chars().count() as u32;
    Some(Evidence {
        field: field.into(),
        start,
        end: start + words.chars().count() as u32,
        text: words.into(),
        rule: "synthetic".into(),
    })
}

/// One synthetic report with one to three events.
fn report(rng: &mut Rng, i: u64) -> (String, String, Vec<Event>) {
    let n = 1 + rng.below(3);
    let mut text = String::new();
    let mut events = Vec::new();
    // Two years of dates, from 2019-01-01.
    let day = rng.below(730) as i64;
    let date = jiff::civil::date(2019, 1, 1)
        .checked_add(jiff::Span::new().days(day))
        .unwrap_or(jiff::civil::date(2019, 1, 1))
        .to_string();
    for _ in 0..n {
        let (name, admin1, country, lat, lon) = *rng.pick(&PLACES);
        let (ty, sub, trigger, actor) = *rng.pick(&KINDS);
        let killed = match rng.below(10) {
            0..=5 => 0,
            6..=8 => 1 + rng.below(5),
            _ => 5 + rng.below(60),
        } as u32;
        let sentence = format!(
            "In {name} on {date}, {actor} {trigger} residents; {killed} people died, officials said in report {i}. "
        );
        text.push_str(&sentence);
        let mut ev = Vec::new();
        ev.extend(evidence("event_type", &text, trigger));
        ev.extend(evidence("actor1", &text, actor));
        ev.extend(evidence("location", &text, name));
        ev.extend(evidence("date", &text, &date));
        events.push(Event {
            event_type: ty.into(),
            sub_event_type: sub.into(),
            plover_type: "PROTEST".into(),
            plover_mode: None,
            cameo: None,
            date: Some(date.clone()),
            date_precision: DatePrecision::Day,
            actor1: Some(Actor {
                text: actor.into(),
                name: format!("{actor} ({country})"),
                inter: 1,
                country: Some(country.into()),
            }),
            actor2: None,
            location: Some(Location {
                name: name.into(),
                geonameid: None,
                lat: lat + (rng.below(1000) as f64 - 500.0) / 10_000.0,
                lon: lon + (rng.below(1000) as f64 - 500.0) / 10_000.0,
                admin1: Some(admin1.into()),
                country: Some(country.into()),
                precision: PlacePrecision::Town,
            }),
            fatalities: killed,
            fatalities_min: Some(killed),
            fatalities_max: None,
            injuries: 0,
            means: vec![],
            aggregate: false,
            hedged: false,
            evidence: ev,
        });
    }
    (format!("synthetic-{i}"), text, events)
}

/// Opens (or builds) a store of about `target` events.
fn synthetic_store(path: &Path, target: u64) -> u64 {
    let mut store = Store::open(path).expect("open the load-test store");
    let have = store.stats().expect("stats").events;
    if have >= target {
        return have;
    }
    let started = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut events = have;
    let mut i = 0u64;
    while events < target {
        let batch: Vec<(String, String, Vec<Event>)> = (0..1000)
            .map(|_| {
                i += 1;
                report(&mut rng, i)
            })
            .collect();
        let hashes: Vec<String> = batch.iter().map(|(id, _, _)| format!("h-{id}")).collect();
        let items = batch.iter().zip(&hashes).map(|((id, text, evs), hash)| {
            (
                NewDocument {
                    id,
                    content_hash: hash,
                    title: None,
                    url: None,
                    source: Some("synthetic"),
                    published: None,
                    language: Some("en"),
                    text,
                    pipeline_version: "synthetic",
                },
                evs.clone(),
            )
        });
        store.insert_batch(items).expect("insert a batch");
        events = store.stats().expect("stats").events;
    }
    eprintln!(
        "built {} with {events} events in {:.1} s",
        path.display(),
        started.elapsed().as_secs_f64()
    );
    events
}

/// The filtered pages the clients ask for, in turn, with their offsets.
const QUERIES: [(&str, u64); 6] = [
    ("/api/events?country=IRQ&min_fatalities=1", 0),
    ("/api/events?from=2020-03-01&to=2020-03-31&type=Protests", 0),
    (
        "/api/events?bbox=40,29,49,38&from=2019-06-01&to=2019-06-30",
        0,
    ),
    ("/api/events?country=NGA&type=Attack", 100),
    ("/api/events?admin1=Borno&min_fatalities=5", 0),
    ("/api/events?type=Battles&from=2020-10-01", 0),
];

/// The `n`-th request of a run: one of [`QUERIES`], the same page each time, or (`unique`)
/// a page no other request of the run asks for.
fn request(n: u64, unique: bool) -> String {
    let (base, offset) = QUERIES[(n % QUERIES.len() as u64) as usize];
    if unique {
        let m = n / QUERIES.len() as u64;
        format!("{base}&limit={}&offset={}", 26 + m % 50, m / 50)
    } else {
        format!("{base}&limit=50&offset={offset}")
    }
}

/// Sends one GET on a keep-alive connection; returns the status and body length.
async fn get(stream: &mut BufReader<TcpStream>, path: &str) -> std::io::Result<(u16, usize)> {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    stream.get_mut().write_all(request.as_bytes()).await?;
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await?;
    Ok((status, length))
}

/// CPU time (user and system, every thread) this process has used so far, from
/// `/proc/self/stat` (Linux; `None` elsewhere). Clock ticks are taken as 100 per second,
/// the value of `CLK_TCK` on every Linux build in use.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    Some((ticks(11)? + ticks(12)?) as f64 / 100.0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

fn main() {
    let target = env_or("EVENTWATCH_LOAD_EVENTS", 100_000);
    let clients = env_or("EVENTWATCH_LOAD_CLIENTS", 200);
    let secs = env_or("EVENTWATCH_LOAD_SECS", 30);
    let readers = env_or("EVENTWATCH_LOAD_READERS", 4) as usize;
    let unique = env_or("EVENTWATCH_LOAD_UNIQUE", 0) == 1;
    let cache = env_or("EVENTWATCH_LOAD_CACHE", 1) == 1;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let db = dir.join(format!("load-store-{target}.db"));
    let events = synthetic_store(&db, target);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let mut config = ServerConfig::new(db.clone());
        config.token = None;
        config.readers = readers;
        config.cache = cache;
        let state = Arc::new(AppState::open(&config).expect("open the store"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, router(state)).await });

        let cpu_before = cpu_seconds();
        let deadline = Instant::now() + Duration::from_secs(secs);
        let counter = Arc::new(AtomicU64::new(0));
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let counter = Arc::clone(&counter);
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                let mut stream = match TcpStream::connect(addr).await {
                    Ok(s) => BufReader::new(s),
                    Err(_) => return (latencies, 1),
                };
                while Instant::now() < deadline {
                    let path = request(counter.fetch_add(1, Ordering::Relaxed), unique);
                    let path = path.as_str();
                    let t = Instant::now();
                    match get(&mut stream, path).await {
                        Ok((200, _)) => latencies.push(t.elapsed()),
                        Ok(_) => errors += 1,
                        Err(_) => {
                            errors += 1;
                            match TcpStream::connect(addr).await {
                                Ok(s) => stream = BufReader::new(s),
                                Err(_) => break,
                            }
                        }
                    }
                }
                (latencies, errors)
            }));
        }
        let mut all = Vec::new();
        let mut errors = 0;
        for t in tasks {
            if let Ok((l, e)) = t.await {
                all.extend(l);
                errors += e;
            } else {
                errors += 1;
            }
        }
        all.sort_unstable();
        // Server and clients together: what one request costs the machine.
        let cpu = match (cpu_before, cpu_seconds()) {
            (Some(a), Some(b)) if !all.is_empty() => {
                format!("{:.0} us", (b - a) * 1e6 / all.len() as f64)
            }
            _ => "unknown".to_string(),
        };
        let p99 = percentile(&all, 0.99);
        println!(
            "load: {events} events, {clients} clients, {secs} s, {readers} readers, cache {}, {}: {} requests ({:.0}/s), {errors} errors; \
             latency ms p50 {:.1}, p90 {:.1}, p99 {:.1}, max {:.1}; CPU per request {cpu} (server and clients)",
            if cache { "on" } else { "off" },
            if unique { "every request distinct (no cache hits)" } else { "6 filtered pages in turn" },
            all.len(),
            all.len() as f64 / secs as f64,
            percentile(&all, 0.5),
            percentile(&all, 0.9),
            p99,
            percentile(&all, 1.0),
        );
        let pass = errors == 0 && p99 <= P99_BAR_MS && !all.is_empty();
        println!("bar (no errors, p99 <= {P99_BAR_MS} ms): {}", if pass { "PASS" } else { "FAIL" });
        if !pass {
            std::process::exit(1);
        }
    });
}
