//! Router tests over a small fixture store: filter cases from `cases/filters.txt`, paging,
//! error bodies (snapshots of `cases/bad-requests.txt`), tokens, exports, aggregates, the
//! OpenAPI document, the page, and random query strings.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use eventwatch_schema::{Actor, DatePrecision, Event, Evidence, Location, PlacePrecision};
use eventwatch_server::{router, AppState, ServerConfig, ROUTES};
use eventwatch_store::{NewDocument, Store};
use serde_json::Value;
use tower::ServiceExt;

/// A directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "eventwatch-server-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a fixture event says, in a few words.
struct Spec {
    event_type: &'static str,
    sub: &'static str,
    date: Option<&'static str>,
    place: Option<(&'static str, &'static str, &'static str, f64, f64)>,
    fatalities: u32,
    actor1: Option<(&'static str, &'static str)>,
    aggregate: bool,
    /// Words of the text that support the type.
    trigger: &'static str,
}

fn evidence(text: &str, field: &str, words: &str) -> Option<Evidence> {
    let at = text.find(words)?;
    let start = text[..at].chars().count() as u32;
    Some(Evidence {
        field: field.into(),
        start,
        end: start + words.chars().count() as u32,
        text: words.into(),
        rule: "fixture".into(),
    })
}

fn event(text: &str, s: &Spec) -> Event {
    let mut ev = vec![evidence(text, "event_type", s.trigger).unwrap()];
    if let Some((_, words)) = s.actor1 {
        ev.extend(evidence(text, "actor1", words));
    }
    if let Some((name, _, _, _, _)) = s.place {
        ev.extend(evidence(text, "location", name));
    }
    if s.fatalities > 0 {
        ev.extend(evidence(text, "fatalities", &s.fatalities.to_string()));
    }
    Event {
        event_type: s.event_type.into(),
        sub_event_type: s.sub.into(),
        plover_type: "PROTEST".into(),
        plover_mode: None,
        cameo: None,
        date: s.date.map(String::from),
        date_precision: if s.date.is_some() {
            DatePrecision::Day
        } else {
            DatePrecision::Unknown
        },
        actor1: s.actor1.map(|(name, words)| Actor {
            text: words.into(),
            name: name.into(),
            inter: 1,
            country: None,
        }),
        actor2: None,
        location: s.place.map(|(name, admin1, country, lat, lon)| Location {
            name: name.into(),
            geonameid: None,
            lat,
            lon,
            admin1: Some(admin1.into()),
            country: Some(country.into()),
            precision: PlacePrecision::Town,
        }),
        fatalities: s.fatalities,
        fatalities_min: None,
        fatalities_max: None,
        injuries: 0,
        means: vec![],
        aggregate: s.aggregate,
        hedged: false,
        evidence: ev,
    }
}

/// The fixture documents, inserted in this order (store ids 1..=7).
fn fixture(path: &Path) {
    let docs: Vec<(&str, &str, Vec<Spec>)> = vec![
        (
            "iraq-1",
            "Security forces shot dead 29 protesters in Nasiriyah on Thursday. Police arrested dozens of demonstrators in Baghdad.",
            vec![
                Spec { event_type: "Protests", sub: "Excessive force against protesters", date: Some("2019-11-28"),
                    place: Some(("Nasiriyah", "Dhi Qar", "IRQ", 31.05, 46.26)), fatalities: 29,
                    actor1: Some(("Protesters (Iraq)", "Security forces")), aggregate: false, trigger: "shot dead" },
                Spec { event_type: "Strategic developments", sub: "Arrests", date: Some("2019-11-28"),
                    place: Some(("Baghdad", "Baghdad", "IRQ", 33.34, 44.40)), fatalities: 0,
                    actor1: Some(("Police Forces of Iraq", "Police")), aggregate: false, trigger: "arrested" },
            ],
        ),
        (
            "iraq-2",
            "Gunmen killed 3 people in Basra on Friday. In all, 32 protesters died in Nasiriyah this week.",
            vec![
                Spec { event_type: "Violence against civilians", sub: "Attack", date: Some("2019-11-29"),
                    place: Some(("Basra", "Basra", "IRQ", 30.51, 47.81)), fatalities: 3,
                    actor1: Some(("Unidentified Armed Group (Iraq)", "Gunmen")), aggregate: false, trigger: "killed" },
                Spec { event_type: "Protests", sub: "Excessive force against protesters", date: Some("2019-11-28"),
                    place: Some(("Nasiriyah", "Dhi Qar", "IRQ", 31.05, 46.26)), fatalities: 32,
                    actor1: None, aggregate: true, trigger: "died" },
            ],
        ),
        (
            "fiji",
            "Rioters clashed with police near Suva; one man was killed, 1 in total.",
            vec![Spec { event_type: "Riots", sub: "Violent demonstration", date: Some("2020-01-04"),
                place: Some(("Suva", "Central", "FJI", -18.14, 178.44)), fatalities: 1,
                actor1: Some(("Rioters (Fiji)", "Rioters")), aggregate: false, trigger: "clashed" }],
        ),
        (
            "samoa",
            "Hundreds marched peacefully in Apia — “no more cuts” — on Monday.",
            vec![Spec { event_type: "Protests", sub: "Peaceful protest", date: Some("2020-01-06"),
                place: Some(("Apia", "Tuamasaga", "WSM", -13.83, -171.76)), fatalities: 0,
                actor1: None, aggregate: false, trigger: "marched" }],
        ),
        (
            "paris",
            "Students marched over pensions.",
            vec![Spec { event_type: "Protests", sub: "Peaceful protest", date: None, place: None,
                fatalities: 0, actor1: Some(("Protesters", "Students")), aggregate: false, trigger: "marched" }],
        ),
    ];
    let mut store = Store::open(path).unwrap();
    for (id, text, specs) in docs {
        let events: Vec<Event> = specs.iter().map(|s| event(text, s)).collect();
        let hash = format!("hash-{id}");
        store
            .insert(
                &NewDocument {
                    id,
                    content_hash: &hash,
                    title: Some(id),
                    url: None,
                    source: Some("fixture"),
                    published: None,
                    language: Some("en"),
                    text,
                    pipeline_version: "fixture",
                },
                &events,
            )
            .unwrap();
    }
}

struct App {
    router: Router,
    _dir: TempDir,
}

fn app(token: Option<&str>) -> App {
    let dir = TempDir::new();
    let db = dir.0.join("x.db");
    fixture(&db);
    let mut config = ServerConfig::new(db);
    config.token = token.map(String::from);
    config.readers = 2;
    let state = Arc::new(AppState::open(&config).unwrap());
    App {
        router: router(state),
        _dir: dir,
    }
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn send(app: &App, method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let response = app
        .router
        .clone()
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .unwrap();
    Answer {
        status,
        content_type,
        // Lossy: a Parquet export is binary.
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(app: &App, uri: &str) -> Answer {
    send(app, "GET", uri, &[], "").await
}

/// `doc#index` of every event of a list answer.
fn labels(list: &Value) -> Vec<String> {
    list["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}#{}", e["doc_id"].as_str().unwrap(), e["event_index"]))
        .collect()
}

fn case_lines(file: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(file);
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[tokio::test]
async fn filter_cases() {
    let app = app(None);
    let mut failures = Vec::new();
    for line in case_lines("filters.txt") {
        let (query, expected) = line.split_once("=>").unwrap();
        let uri = format!("/api/events?{}", query.trim());
        let answer = get(&app, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
        let got = labels(&answer.json()).join(" ");
        if got != expected.trim() {
            failures.push(format!(
                "{uri}\n  expected: {}\n  found:    {got}",
                expected.trim()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[tokio::test]
async fn counts_agree_with_the_lists_of_every_filter_case() {
    let app = app(None);
    for line in case_lines("filters.txt") {
        let (query, _) = line.split_once("=>").unwrap();
        let query = query.trim();
        let listed = labels(
            &get(&app, &format!("/api/events?limit=1000&{query}"))
                .await
                .json(),
        );
        let count = get(&app, &format!("/api/count?{query}")).await;
        assert_eq!(count.status, StatusCode::OK, "{query}: {}", count.body);
        assert_eq!(
            count.json(),
            serde_json::json!({ "events": listed.len() }),
            "{query}"
        );
    }
}

#[tokio::test]
async fn identical_requests_at_once_get_one_answer() {
    let app = Arc::new(app(None));
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let app = Arc::clone(&app);
        tasks.push(tokio::spawn(async move {
            get(&app, "/api/aggregates?by=day&country=IRQ").await.body
        }));
    }
    let mut bodies = Vec::new();
    for t in tasks {
        bodies.push(t.await.unwrap());
    }
    bodies.dedup();
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    assert!(bodies[0].contains("2019-11-28"), "{}", bodies[0]);
}

#[tokio::test]
async fn paging_walks_every_event_once() {
    let app = app(None);
    let all = labels(&get(&app, "/api/events").await.json());
    for actor in ["", "&actor=s"] {
        let expected: Vec<String> = if actor.is_empty() {
            all.clone()
        } else {
            labels(&get(&app, &format!("/api/events?{actor}")).await.json())
        };
        let mut seen = Vec::new();
        let mut offset = Some(0);
        while let Some(o) = offset {
            let page = get(&app, &format!("/api/events?limit=2&offset={o}{actor}"))
                .await
                .json();
            assert_eq!(page["limit"], 2);
            assert!(page["events"].as_array().unwrap().len() <= 2);
            seen.extend(labels(&page));
            offset = page["next_offset"].as_u64();
        }
        assert_eq!(seen, expected, "actor filter {actor:?}");
    }
    assert_eq!(all.len(), 7);
    // The largest page is accepted; lists leave evidence out.
    let page = get(&app, "/api/events?limit=1000").await.json();
    assert_eq!(page["next_offset"], Value::Null);
    assert!(page["events"][0]["event"].get("evidence").is_none());
}

#[tokio::test]
async fn bad_requests_are_4xx_with_a_json_error() {
    let app = app(None);
    let mut out = String::new();
    for line in case_lines("bad-requests.txt") {
        let (method, uri) = line.split_once(' ').unwrap();
        let answer = send(&app, method, uri, &[], "").await;
        assert!(answer.status.is_client_error(), "{line}: {}", answer.status);
        assert_eq!(answer.content_type, "application/json", "{line}");
        let error = answer.json()["error"].as_str().unwrap().to_string();
        out.push_str(&format!("{line}\n  {} {error}\n", answer.status.as_u16()));
    }
    insta::assert_snapshot!(out);
}

#[tokio::test]
async fn event_detail_places_evidence_in_its_sentence() {
    let app = app(None);
    let list = get(&app, "/api/events?q=Apia").await.json();
    let id = list["events"][0]["id"].as_i64().unwrap();
    let detail = get(&app, &format!("/api/events/{id}")).await.json();
    assert_eq!(detail["doc_id"], "samoa");
    assert_eq!(detail["document"]["title"], "samoa");
    let sentence = &detail["sentences"][0];
    let text: Vec<char> = sentence["text"].as_str().unwrap().chars().collect();
    let start = sentence["start"].as_u64().unwrap();
    // Offsets are characters: the text has an em dash and curly quotes before "on Monday".
    let marks: Vec<String> = sentence["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let a = (e["start"].as_u64().unwrap() - start) as usize;
            let b = (e["end"].as_u64().unwrap() - start) as usize;
            format!(
                "{}={}",
                e["field"].as_str().unwrap(),
                text[a..b].iter().collect::<String>()
            )
        })
        .collect();
    assert_eq!(marks, ["event_type=marched", "location=Apia"]);
    assert_eq!(detail["unplaced"], serde_json::json!([]));

    let doc = get(&app, "/api/documents/samoa").await.json();
    assert_eq!(doc["id"], "samoa");
    assert_eq!(doc["sentences"][0]["start"], 0);
    assert_eq!(
        doc["sentences"][0]["end"].as_u64().unwrap() as usize,
        doc["text"].as_str().unwrap().chars().count()
    );
}

#[tokio::test]
async fn aggregates_leave_out_aggregate_events() {
    let app = app(None);
    let day = get(&app, "/api/aggregates?by=day&country=IRQ").await.json();
    assert_eq!(
        day["buckets"],
        serde_json::json!([
            {"key": "2019-11-28", "events": 2, "fatalities": 29},
            {"key": "2019-11-29", "events": 1, "fatalities": 3},
        ])
    );
    let region = get(&app, "/api/aggregates?by=admin1").await.json();
    let keys: Vec<&str> = region["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "FJI/Central",
            "IRQ/Baghdad",
            "IRQ/Basra",
            "IRQ/Dhi Qar",
            "WSM/Tuamasaga"
        ]
    );
    assert_eq!(
        region["unkeyed"],
        serde_json::json!({"events": 1, "fatalities": 0})
    );
    let ty = get(&app, "/api/aggregates?by=type&actor=rioters")
        .await
        .json();
    assert_eq!(
        ty["buckets"],
        serde_json::json!([{"key": "Riots", "events": 1, "fatalities": 1}])
    );
    // Cached answers are the same answers.
    let again = get(&app, "/api/aggregates?country=IRQ&by=day").await.json();
    assert_eq!(again, day);
}

#[tokio::test]
async fn exports_render_the_selection() {
    let app = app(None);
    let csv = get(&app, "/api/export.csv?country=IRQ&order=oldest").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.content_type.starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], eventwatch_schema::render::csv_header().trim_end());
    let rows: Vec<String> = lines[1..]
        .iter()
        .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        rows,
        [
            "iraq-1,0,2019-11-28",
            "iraq-1,1,2019-11-28",
            "iraq-2,1,2019-11-28",
            "iraq-2,0,2019-11-29"
        ]
    );

    let geo = get(&app, "/api/export.geojson").await.json();
    assert_eq!(geo["type"], "FeatureCollection");
    // Six located events; the Paris march has no location.
    assert_eq!(geo["features"].as_array().unwrap().len(), 6);
    assert_eq!(geo["features"][0]["properties"]["doc_id"], "samoa");

    let jsonl = get(&app, "/api/export.jsonl?limit=2").await;
    let lines: Vec<Value> = jsonl
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["event"]["evidence"].as_array().is_some());
}

/// The raw bytes of a GET.
async fn get_bytes(app: &App, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app
        .router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .unwrap();
    (status, headers, bytes.to_vec())
}

#[tokio::test]
async fn exports_say_when_the_limit_cut_them() {
    let app = app(None);
    for (uri, truncated) in [
        ("/api/export.jsonl?limit=2", "true"),
        ("/api/export.jsonl?limit=7", "false"),
        ("/api/export.csv?country=IRQ&limit=4", "false"),
    ] {
        let (status, headers, _) = get_bytes(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(headers["x-eventwatch-truncated"], truncated, "{uri}");
    }
}

/// Built without the `parquet` feature, the route exists and says what is missing.
#[cfg(not(feature = "parquet"))]
#[tokio::test]
async fn parquet_export_without_the_feature_is_501() {
    let app = app(None);
    let answer = get(&app, "/api/export.parquet").await;
    assert_eq!(answer.status, StatusCode::NOT_IMPLEMENTED);
    insta::assert_snapshot!(
        answer.json()["error"].as_str().unwrap(),
        @r#"export.parquet: expected a server built with the "parquet" feature, found one without it"#
    );
}

/// `cargo test -p eventwatch-server --features parquet`: the export reads back.
#[cfg(feature = "parquet")]
#[tokio::test]
async fn parquet_export_reads_back() {
    use arrow_array::{Array, BooleanArray, Date32Array, Int64Array, StringArray, UInt32Array};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let app = app(None);
    let (status, headers, body) =
        get_bytes(&app, "/api/export.parquet?country=IRQ&order=oldest").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/vnd.apache.parquet");
    assert_eq!(headers["x-eventwatch-truncated"], "false");
    let reader = ParquetRecordBatchReaderBuilder::try_new(axum::body::Bytes::from(body))
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<_> = reader.map(Result::unwrap).collect();
    assert_eq!(batches.len(), 1);
    let b = &batches[0];
    assert_eq!(b.num_rows(), 4);
    let col = |name: &str| b.column_by_name(name).unwrap_or_else(|| panic!("{name}"));
    let docs = col("doc_id")
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap();
    let index = col("event_index")
        .as_any()
        .downcast_ref::<UInt32Array>()
        .unwrap();
    let rows: Vec<String> = (0..4)
        .map(|i| format!("{}#{}", docs.value(i), index.value(i)))
        .collect();
    assert_eq!(rows, ["iraq-1#0", "iraq-1#1", "iraq-2#1", "iraq-2#0"]);
    // 2019-11-28 is day 18228 after 1970-01-01.
    let dates = col("date").as_any().downcast_ref::<Date32Array>().unwrap();
    assert_eq!(dates.value(0), 18228);
    let fatalities = col("fatalities")
        .as_any()
        .downcast_ref::<UInt32Array>()
        .unwrap();
    assert_eq!(fatalities.values().to_vec(), [29, 0, 32, 3]);
    let aggregate = col("aggregate")
        .as_any()
        .downcast_ref::<BooleanArray>()
        .unwrap();
    assert!(aggregate.value(2) && !aggregate.value(0));
    let ids = col("id").as_any().downcast_ref::<Int64Array>().unwrap();
    assert_eq!(ids.null_count(), 0);
    let evidence = col("evidence_json")
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap();
    let first: Value = serde_json::from_str(evidence.value(0)).unwrap();
    assert_eq!(first[0]["text"], "shot dead");
}

const ARTICLE: &str = include_str!("../../../examples/iraq-2019-11-28.txt");

#[tokio::test]
async fn writes_need_the_token() {
    let body =
        serde_json::json!({"id": "seed", "published": "2019-11-29", "text": ARTICLE}).to_string();
    let json = [("content-type", "application/json")];

    let closed = app(None);
    let answer = send(&closed, "POST", "/api/documents", &json, &body).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);

    let open = app(Some("s3cret"));
    let answer = send(&open, "POST", "/api/documents", &json, &body).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let wrong = [
        ("content-type", "application/json"),
        ("authorization", "Bearer nope"),
    ];
    assert_eq!(
        send(&open, "POST", "/api/documents", &wrong, &body)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let auth = [
        ("content-type", "application/json"),
        ("authorization", "Bearer s3cret"),
    ];
    let text = [
        ("content-type", "text/plain"),
        ("authorization", "Bearer s3cret"),
    ];
    assert_eq!(
        send(&open, "POST", "/api/documents", &text, &body)
            .await
            .status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );

    let answer = send(&open, "POST", "/api/documents", &auth, &body).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let report = answer.json();
    assert_eq!(report["documents"][0]["status"], "new");
    assert!(report["documents"][0]["events"].as_u64().unwrap() >= 1);
    // Documents posted to the API are consolidated like those of `eventwatch ingest`.
    let store = eventwatch_store::Store::open(&open._dir.0.join("x.db")).unwrap();
    let incidents = store
        .incidents(&eventwatch_store::IncidentFilter::default())
        .unwrap();
    assert!(
        incidents.iter().any(|i| i.fatalities == 29
            && i.location.as_ref().is_some_and(|l| l.name == "Nasiriyah")
            && i.mentions.iter().any(|m| m.key.doc_id == "seed")),
        "{incidents:#?}"
    );
    // Idempotent by content hash; a bad line is a reject, not a failure.
    let lines = format!("{}\n{{\"id\": \"x\"}}\n", body);
    let ndjson = [
        ("content-type", "application/x-ndjson"),
        ("authorization", "Bearer s3cret"),
    ];
    let report = send(&open, "POST", "/api/documents", &ndjson, &lines)
        .await
        .json();
    assert_eq!(report["documents"][0]["status"], "duplicate");
    assert_eq!(report["documents"][1]["status"], "rejected");

    // The pipeline's main event of the seed article, with its evidence highlighted.
    let list = get(&open, "/api/events?country=IRQ&min_fatalities=20")
        .await
        .json();
    let seed = list["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["doc_id"] == "seed");
    let seed = seed.unwrap_or_else(|| panic!("{list}"));
    let detail = get(&open, &format!("/api/events/{}", seed["id"]))
        .await
        .json();
    let fields: Vec<&str> = detail["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["field"].as_str().unwrap())
        })
        .collect();
    for field in ["event_type", "fatalities", "location"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
}

#[tokio::test]
async fn openapi_lists_every_route_and_every_route_answers() {
    let app = app(None);
    let doc: Value = serde_json::from_str(eventwatch_server::OPENAPI).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for &(method, path) in ROUTES {
        let op = &paths
            .get(path)
            .unwrap_or_else(|| panic!("{path} not in openapi.json"))[method.to_ascii_lowercase()];
        assert!(op.is_object(), "{method} {path} not in openapi.json");
    }
    let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(
        documented,
        ROUTES.len(),
        "openapi.json has operations that are not routes"
    );
    for &(method, path) in ROUTES {
        let uri = path.replace("{id}", "1");
        let answer = send(&app, method, &uri, &[], "").await;
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&answer.status)
                || uri.starts_with("/api/documents/"),
            "{method} {uri}: {}",
            answer.status
        );
    }
    assert_eq!(get(&app, "/api/openapi.json").await.json(), doc);
}

#[tokio::test]
async fn the_page_and_its_vendored_files_are_served() {
    let app = app(None);
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/vendor/leaflet.js", "text/javascript; charset=utf-8"),
        ("/vendor/countries-110m.json", "application/json"),
    ] {
        let answer = get(&app, path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.content_type, ty, "{path}");
        assert!(!answer.body.is_empty(), "{path}");
    }
    let page = get(&app, "/").await.body;
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "the page must not load remote files"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn random_queries_never_fail_the_server(query in "[a-z_=&%0-9,.\\- ]{0,40}") {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let app = app(None);
        let uri = format!("/api/events?{}", query.replace(' ', "%20"));
        let status = rt.block_on(async { get(&app, &uri).await.status });
        proptest::prop_assert!(status.is_success() || status.is_client_error(), "{} {}", uri, status);
    }
}

/// The writer keeps its consolidator between requests, and reloads it when another
/// connection wrote meanwhile: a split made by `eventwatch split` in another process
/// between two posts must hold for the second post.
#[tokio::test]
async fn a_write_by_another_process_is_seen_by_the_next_post() {
    let app = app(Some("t"));
    let auth = [
        ("content-type", "application/x-ndjson"),
        ("authorization", "Bearer t"),
    ];
    let post = |id: &str, suffix: &str| {
        serde_json::json!({
            "id": id,
            "published": "2019-11-29",
            "source": id,
            "text": format!("{ARTICLE}{suffix}"),
        })
        .to_string()
    };
    let key = |doc: &str| eventwatch_consolidate::MentionKey::new(doc, 0);
    let report = send(&app, "POST", "/api/documents", &auth, &post("seed", "")).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let copy = post("copy1", "\nReporting by a second outlet.");
    assert_eq!(
        send(&app, "POST", "/api/documents", &auth, &copy)
            .await
            .status,
        StatusCode::OK
    );
    let mut store = Store::open(&app._dir.0.join("x.db")).unwrap();
    // Two reports of one event: one incident.
    let joint = store.incident_of(&key("copy1")).unwrap().unwrap();
    assert!(joint.contains(&key("seed")), "{joint:#?}");

    // Another process splits the seed report off.
    let mut c = store
        .consolidator(eventwatch_consolidate::Config::standard())
        .unwrap();
    store
        .add_override(
            &mut c,
            eventwatch_consolidate::Override::Split {
                mention: key("seed"),
            },
            None,
            None,
        )
        .unwrap();

    let third = post("copy2", "\nReporting by a third outlet.");
    assert_eq!(
        send(&app, "POST", "/api/documents", &auth, &third)
            .await
            .status,
        StatusCode::OK
    );
    let seed = store.incident_of(&key("seed")).unwrap().unwrap();
    assert_eq!(seed.mentions.len(), 1, "{seed:#?}");
    let rest = store.incident_of(&key("copy2")).unwrap().unwrap();
    assert!(rest.contains(&key("copy1")), "{rest:#?}");
    // And the stored incidents are what a full rebuild gives.
    let full = store
        .consolidator(eventwatch_consolidate::Config::standard())
        .unwrap();
    assert_eq!(
        full.event_of(&key("seed")).map(|e| e.mentions.len()),
        Some(1)
    );
}
