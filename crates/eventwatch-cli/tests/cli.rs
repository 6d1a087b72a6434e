//! The `eventwatch` binary end to end: each command on the bundled seed article, bad input
//! reported with file, line and reason, and error messages snapshot-tested.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed() -> PathBuf {
    root().join("examples/iraq-2019-11-28.txt")
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eventwatch-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn run(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eventwatch"));
    cmd.current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("eventwatch runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("eventwatch finishes")
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is JSON"))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn extract_finds_the_three_lethal_events_of_the_seed() {
    let dir = scratch("extract");
    let seed = seed();
    let out = run(
        &dir,
        &[
            "extract",
            seed.to_str().unwrap(),
            "--published",
            "2019-11-29",
            "--format",
            "jsonl",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = lines(&out);
    assert_eq!(docs.len(), 1);
    let events = docs[0]["events"].as_array().expect("events");
    let mut lethal: Vec<(String, u64, String)> = events
        .iter()
        .filter(|e| e["fatalities"].as_u64() > Some(0) && e["aggregate"] == false)
        .map(|e| {
            (
                e["location"]["name"].as_str().unwrap_or("").to_string(),
                e["fatalities"].as_u64().unwrap_or(0),
                e["date"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    lethal.sort();
    assert_eq!(
        lethal,
        vec![
            ("Baghdad".to_string(), 4, "2019-11-28".to_string()),
            ("Najaf".to_string(), 12, "2019-11-28".to_string()),
            ("Nasiriyah".to_string(), 29, "2019-11-28".to_string()),
        ]
    );
    // Every evidence span slices the document text by characters.
    let text = std::fs::read_to_string(&seed).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for e in events {
        for ev in e["evidence"].as_array().unwrap() {
            let (s, t) = (
                ev["start"].as_u64().unwrap() as usize,
                ev["end"].as_u64().unwrap() as usize,
            );
            let slice: String = chars[s..t].iter().collect();
            assert_eq!(slice, ev["text"].as_str().unwrap());
        }
    }
}

#[test]
fn places_and_times_follow_the_contract() {
    let dir = scratch("places");
    let seed = seed();
    let out = run(&dir, &["places", seed.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let places = &lines(&out)[0]["places"];
    let nassiriya = places
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["text"] == "Nassiriya")
        .expect("Nassiriya found");
    assert_eq!(nassiriya["admin1"], "Dhi Qar");
    assert_eq!(nassiriya["country"], "IRQ");
    assert_eq!(nassiriya["kind"], "place");
    let out = run(&dir, &["times", seed.to_str().unwrap()], None);
    let times = &lines(&out)[0]["times"];
    let thursday = times
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["text"] == "Thursday")
        .expect("Thursday found");
    assert_eq!(thursday["type"], "DATE");
    assert_eq!(thursday["value"], "2019-11-28");
}

#[test]
fn bad_records_are_rejected_with_file_line_and_reason_and_the_run_goes_on() {
    let dir = scratch("rejects");
    std::fs::write(
        dir.join("articles.jsonl"),
        concat!(
            "{\"id\": \"a\", \"text\": \"Police shot dead two protesters in Najaf on Friday.\", \"published\": \"2019-11-30\"}\n",
            "{\"id\": \"b\", \"text\": \"Protesters marched.\", \"published\": \"yesterday\"}\n",
            "not json\n",
            "{\"id\": \"d\", \"text\": \"Troops killed 3 militants in Kandahar on Monday.\", \"published\": \"2020-03-04\"}\n",
        ),
    )
    .unwrap();
    let out = run(
        &dir,
        &["extract", "articles.jsonl", "--format", "jsonl"],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit status 1 when records were rejected"
    );
    let ids: Vec<String> = lines(&out)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, vec!["a", "d"]);
    let err = stderr(&out);
    let rejected: Vec<&str> = err.lines().filter(|l| l.starts_with("rejected:")).collect();
    insta::assert_snapshot!("jsonl_rejects", rejected.join("\n"));
    let rejects = std::fs::read_to_string(dir.join("eventwatch-rejects.jsonl"))
        .expect("rejects file written");
    let origins: Vec<String> = rejects
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["origin"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(origins, vec!["articles.jsonl:2", "articles.jsonl:3"]);
    assert!(err.contains("extract: 2 documents"), "{err}");
}

#[test]
fn stdin_is_read_as_json_lines() {
    let dir = scratch("stdin");
    let input = "{\"id\": \"s1\", \"text\": \"Gunmen killed four civilians in Kabul on Tuesday.\", \"published\": \"2020-03-05\"}\n";
    let out = run(&dir, &["extract", "-", "--format", "jsonl"], Some(input));
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = lines(&out);
    assert_eq!(docs[0]["id"], "s1");
    let e = &docs[0]["events"][0];
    assert_eq!(e["fatalities"], 4);
    assert_eq!(e["date"], "2020-03-03");
}

#[test]
fn ingest_is_idempotent_and_events_can_be_listed() {
    let dir = scratch("ingest");
    let seed = seed();
    let seed = seed.to_str().unwrap();
    let first = run(&dir, &["ingest", seed, "--db", "x.db"], None);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("1 new documents"),
        "{}",
        stderr(&first)
    );
    let again = run(&dir, &["ingest", seed, "--db", "x.db"], None);
    assert!(
        stderr(&again).contains("0 new documents with 0 events, 1 already stored"),
        "{}",
        stderr(&again)
    );
    let out = run(
        &dir,
        &[
            "events",
            "--db",
            "x.db",
            "--min-fatalities",
            "10",
            "--format",
            "csv",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("doc_id,event_index,event_date"));
    assert!(
        rows.iter()
            .any(|r| r.contains("Nasiriyah") && r.contains(",29,")),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("Najaf") && r.contains(",12,")),
        "{csv}"
    );
}

#[test]
fn error_messages() {
    let dir = scratch("errors");
    let seed = seed();
    let seed = seed.to_str().unwrap();
    let mut report = String::new();
    for args in [
        vec!["extract", seed, "--published", "yesterday"],
        vec!["extract", seed, "--format", "xml"],
        vec!["extract", seed, "--input-format", "pdf"],
        vec!["events", "--db", "missing.db"],
        vec!["events", "--db", "missing.db", "--from", "last week"],
    ] {
        let out = run(&dir, &args, None);
        report.push_str(&format!(
            "$ eventwatch {}\nexit {:?}\n{}\n",
            args[0],
            out.status.code(),
            stderr(&out).replace(seed, "SEED")
        ));
    }
    insta::assert_snapshot!("error_messages", report);
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    let dir = scratch("pipe");
    let corpus = root().join("examples/wikinews");
    let mut child = Command::new(env!("CARGO_BIN_EXE_eventwatch"))
        .current_dir(&dir)
        .args(["extract", corpus.to_str().unwrap(), "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("eventwatch runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("one line");
    // The reader is dropped here, as `| head -1` would.
    let out = child.wait_with_output().expect("eventwatch finishes");
    assert!(first.starts_with("{\"id\""), "{first}");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// The consolidated events holding a Nasiriyah report with fatalities, from `incidents`.
fn nasiriyah_incidents(dir: &Path) -> Vec<serde_json::Value> {
    let out = run(
        dir,
        &[
            "incidents",
            "--db",
            "x.db",
            "--min-fatalities",
            "1",
            "--format",
            "jsonl",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    lines(&out)
        .into_iter()
        .filter(|e| e["location"]["name"] == "Nasiriyah")
        .collect()
}

fn reported_figures(incident: &serde_json::Value) -> Vec<(String, u64)> {
    let mut figures: Vec<(String, u64)> = incident["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .map(|m| {
            (
                m["key"]["doc_id"].as_str().unwrap_or("").to_string(),
                m["fatalities"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    figures.sort();
    figures
}

#[test]
fn three_reports_of_the_nassiriya_crackdown_are_one_incident() {
    let dir = scratch("consolidate");
    let seed = seed();
    let seed = seed.to_str().unwrap();
    let wire = fixture("nassiriya-wire-2019-11-29.txt");
    let update = fixture("nasiriyah-update-2019-11-30.txt");

    // Two reports published the same day: neither supersedes the other, so the incident
    // carries both figures as its range.
    let out = run(&dir, &["ingest", seed, &wire, "--db", "x.db"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let found = nasiriyah_incidents(&dir);
    assert_eq!(found.len(), 1, "{found:#?}");
    let incident = &found[0];
    assert_eq!(
        reported_figures(incident),
        [
            ("iraq-2019-11-28".to_string(), 29),
            ("nassiriya-wire-2019-11-29".to_string(), 25)
        ]
    );
    assert_eq!(incident["fatalities_min"], 25);
    assert_eq!(incident["fatalities_max"], 29);
    assert_eq!(incident["date"], "2019-11-28");

    // The next day's higher toll joins the same incident (ingested incrementally) and
    // supersedes both earlier figures, which stay in the incident, marked, and in its
    // range: 25..46 across the three reports, 46 the best (current) figure.
    let out = run(&dir, &["ingest", &update, "--db", "x.db"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let found = nasiriyah_incidents(&dir);
    assert_eq!(found.len(), 1, "{found:#?}");
    let incident = &found[0];
    assert_eq!(
        reported_figures(incident),
        [
            ("iraq-2019-11-28".to_string(), 29),
            ("nasiriyah-update-2019-11-30".to_string(), 46),
            ("nassiriya-wire-2019-11-29".to_string(), 25)
        ]
    );
    assert_eq!(
        incident["sources"],
        serde_json::json!(["Daily fixture", "Wire fixture", "eventwatch seed"])
    );
    assert_eq!(incident["fatalities_min"], 25);
    assert_eq!(incident["fatalities_max"], 46);
    assert_eq!(incident["fatalities"], 46);
    let superseded: Vec<&serde_json::Value> = incident["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter(|m| !m["superseded_by"].is_null())
        .collect();
    assert_eq!(superseded.len(), 2, "{incident:#}");

    // `explain` finds it by its id and by any of its reports, as JSON and as text.
    let id = incident["id"].as_str().expect("id");
    for key in [id, "nassiriya-wire-2019-11-29#0"] {
        let out = run(
            &dir,
            &["explain", key, "--db", "x.db", "--format", "json"],
            None,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let explained: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("explain --format json is JSON");
        assert_eq!(explained["id"], id);
        assert_eq!(explained["mentions"].as_array().map(Vec::len), Some(3));
    }
    let out = run(&dir, &["explain", id, "--db", "x.db"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("3 report(s) from 3 source(s)"), "{text}");
    assert!(text.contains("merges:"), "{text}");

    // CSV lists the range and the sources. (The bridge blockade the three reports also
    // tell is an incident of its own, with three reports too, and no deaths.)
    let out = run(
        &dir,
        &[
            "incidents",
            "--db",
            "x.db",
            "--min-reports",
            "3",
            "--format",
            "csv",
        ],
        None,
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("incident_id,event_date,"), "{csv}");
    let lethal: Vec<&str> = rows[1..]
        .iter()
        .copied()
        .filter(|r| r.contains(",Excessive force against protesters,Nasiriyah,"))
        .collect();
    assert_eq!(lethal.len(), 1, "{csv}");
    assert!(
        lethal[0].contains(",46,25,46,")
            && lethal[0].contains("Daily fixture; Wire fixture; eventwatch seed"),
        "{csv}"
    );
}

#[test]
fn overrides_survive_re_ingestion() {
    let dir = scratch("overrides");
    let seed = seed();
    let seed = seed.to_str().unwrap();
    let wire = fixture("nassiriya-wire-2019-11-29.txt");
    let update = fixture("nasiriyah-update-2019-11-30.txt");
    let out = run(&dir, &["ingest", seed, &wire, "--db", "x.db"], None);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = run(
        &dir,
        &[
            "split",
            "nassiriya-wire-2019-11-29#0",
            "--db",
            "x.db",
            "--by",
            "tester",
            "--note",
            "different bridge",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(nasiriyah_incidents(&dir).len(), 2);

    // A new report and a re-run over every input keep the split.
    let out = run(
        &dir,
        &["ingest", seed, &wire, &update, "--db", "x.db"],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut found: Vec<Vec<(String, u64)>> = nasiriyah_incidents(&dir)
        .iter()
        .map(reported_figures)
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            vec![
                ("iraq-2019-11-28".to_string(), 29),
                ("nasiriyah-update-2019-11-30".to_string(), 46)
            ],
            vec![("nassiriya-wire-2019-11-29".to_string(), 25)],
        ]
    );
    let out = run(
        &dir,
        &[
            "explain",
            "nassiriya-wire-2019-11-29#0",
            "--db",
            "x.db",
            "--format",
            "json",
        ],
        None,
    );
    let explained: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(explained["overrides"][0]["kind"], "split", "{explained:#}");

    // Withdrawing it, then keeping two reports apart and merging them back.
    let out = run(
        &dir,
        &[
            "split",
            "nassiriya-wire-2019-11-29#0",
            "--db",
            "x.db",
            "--undo",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(nasiriyah_incidents(&dir).len(), 1);
    let (a, b) = ("iraq-2019-11-28#0", "nassiriya-wire-2019-11-29#0");
    let out = run(&dir, &["apart", a, b, "--db", "x.db"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(nasiriyah_incidents(&dir).len() >= 2);
    let out = run(&dir, &["merge", b, a, "--db", "x.db"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(nasiriyah_incidents(&dir).len(), 1);

    let out = run(&dir, &["split", "nowhere#3", "--db", "x.db"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no stored event nowhere#3 in x.db"),
        "{}",
        stderr(&out)
    );
}

/// A JSON Lines corpus of short reports: shootings in six Iraqi cities over three weeks,
/// several reports per incident with different tolls, so consolidation has work to do.
fn generated_corpus(n: usize) -> String {
    let cities = ["Baghdad", "Basra", "Mosul", "Kirkuk", "Najaf", "Karbala"];
    let weekdays = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let mut out = String::new();
    for i in 0..n {
        let city = cities[i % cities.len()];
        // 2019-11-04 is a Monday; the report comes out the day after.
        let day = 4 + (i / 13) % 21;
        let weekday = weekdays[(day - 4) % 7];
        let killed = 2 + (i * 7) % 11;
        let text = format!(
            "Gunmen killed {killed} people in {city} on {weekday}, police said. \
             Officials said report {i} was still being checked."
        );
        let line = serde_json::json!({
            "id": format!("gen-{i:05}"),
            "published": format!("2019-11-{:02}", day + 1),
            "source": format!("outlet {}", i % 5),
            "title": format!("Shooting in {city}"),
            "text": text,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Everything a run stores, in a fixed order, timestamps left out.
fn store_contents(db: &Path) -> Vec<String> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open store read-only");
    let mut rows = Vec::new();
    for sql in [
        "SELECT id || ' ' || content_hash || ' ' || coalesce(published, '') || ' ' || \
         coalesce(source, '') || ' ' || text FROM documents ORDER BY id",
        "SELECT d.id || '#' || e.ordinal || ' ' || e.event_json FROM events e \
         JOIN documents d USING (doc_rowid) ORDER BY d.id, e.ordinal",
        "SELECT id || ' ' || incident_json FROM incidents ORDER BY id",
        "SELECT d.id || '#' || m.ordinal || ' ' || m.incident_id || ' ' || m.addresses \
         FROM incident_mentions m JOIN documents d USING (doc_rowid) ORDER BY d.id, m.ordinal",
    ] {
        let mut statement = conn.prepare(sql).expect("query");
        let found = statement
            .query_map([], |row| row.get::<_, String>(0))
            .expect("rows");
        rows.extend(found.map(|r| r.expect("row")));
    }
    rows
}

#[test]
fn a_killed_ingest_resumes_to_the_same_store() {
    use std::io::BufRead;

    const DOCS: usize = 600;
    const KILL_AFTER: u64 = 200;
    let dir = scratch("crash");
    std::fs::write(dir.join("corpus.jsonl"), generated_corpus(DOCS)).expect("write corpus");
    let args = |db: &'static str| {
        [
            "ingest",
            "corpus.jsonl",
            "--db",
            db,
            "--batch",
            "25",
            "--progress",
            "lines",
        ]
    };

    let whole = run(&dir, &args("whole.db"), None);
    assert!(whole.status.success(), "{}", stderr(&whole));

    // Kill -9 once some batches are committed.
    let mut child = Command::new(env!("CARGO_BIN_EXE_eventwatch"))
        .current_dir(&dir)
        .args(args("killed.db"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("eventwatch runs");
    let stderr_pipe = child.stderr.take().expect("stderr");
    let mut committed = 0;
    for line in std::io::BufReader::new(stderr_pipe).lines() {
        let line = line.expect("stderr line");
        if let Some(n) = line
            .strip_prefix("committed ")
            .and_then(|rest| rest.strip_suffix(" documents"))
        {
            committed = n.parse().expect("a count");
            if committed >= KILL_AFTER {
                child.kill().expect("SIGKILL");
                break;
            }
        }
    }
    let status = child.wait().expect("reaped");
    assert!(!status.success(), "the run was killed, not finished");
    let partial: usize = store_contents(&dir.join("killed.db"))
        .iter()
        .filter(|r| r.starts_with("gen-") && !r.contains('#'))
        .count();
    assert!(
        (KILL_AFTER as usize..DOCS).contains(&partial),
        "{partial} documents stored after {committed} committed"
    );

    let resumed = run(&dir, &args("killed.db"), None);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert!(
        stderr(&resumed).contains(&format!("{partial} already stored")),
        "{}",
        stderr(&resumed)
    );
    let expected = store_contents(&dir.join("whole.db"));
    let got = store_contents(&dir.join("killed.db"));
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
    // The corpus consolidates: some incident has several reports.
    let out = run(
        &dir,
        &[
            "incidents",
            "--db",
            "whole.db",
            "--min-reports",
            "2",
            "--format",
            "jsonl",
        ],
        None,
    );
    assert!(!lines(&out).is_empty(), "{}", stderr(&out));
}
