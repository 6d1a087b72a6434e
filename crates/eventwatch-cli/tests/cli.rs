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
