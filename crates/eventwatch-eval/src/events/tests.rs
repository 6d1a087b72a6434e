//! Tests of the event scorers on the invented fixtures in `fixtures/` with a fake extractor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use eventwatch_schema::{
    Actor, Event, Location, PlaceMention, PlacePrecision, TimeMention, ACLED_SUB_EVENT_TYPES,
};
use eventwatch_text::Document;

use super::acled::{self, AcledSet};
use super::case2021::{self, CaseClass};
use super::petrarch::{self, CameoPlover};
use super::plover;
use crate::{Extractor, Report};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/events/fixtures")
}

/// Answers from a table keyed by document id; unknown documents get no event.
#[derive(Default)]
struct Fake(HashMap<String, Vec<Event>>);

impl Fake {
    fn with(mut self, id: &str, events: Vec<Event>) -> Fake {
        self.0.insert(id.to_string(), events);
        self
    }
}

impl Extractor for Fake {
    fn events(&self, doc: &Document) -> Vec<Event> {
        self.0.get(doc.id()).cloned().unwrap_or_default()
    }
    fn places(&self, _doc: &Document) -> Vec<PlaceMention> {
        Vec::new()
    }
    fn times(&self, _doc: &Document) -> Vec<TimeMention> {
        Vec::new()
    }
}

fn ev(event_type: &str, sub_event_type: &str) -> Event {
    Event::of_type(event_type, sub_event_type, "")
}

fn actor(inter: u8) -> Option<Actor> {
    Some(Actor {
        text: "x".into(),
        name: "x".into(),
        inter,
        country: None,
    })
}

fn place(lat: f64, lon: f64, admin1: Option<&str>) -> Option<Location> {
    Some(Location {
        name: "somewhere".into(),
        geonameid: None,
        lat,
        lon,
        admin1: admin1.map(str::to_string),
        country: None,
        precision: PlacePrecision::Town,
    })
}

fn metric(r: &Report, name: &str) -> (f64, usize) {
    let m = r
        .metrics
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no metric {name:?} in {:?}", r.metrics));
    (m.value, m.n)
}

fn assert_share(r: &Report, name: &str, value: f64, n: usize) {
    let (v, got_n) = metric(r, name);
    assert_eq!(got_n, n, "{name}: n");
    assert!(
        (v - value).abs() < 1e-9,
        "{name}: expected {value}, found {v}"
    );
}

#[test]
fn acled_current_schema_metrics_by_hand() {
    let mut tst1 = ev("Battles", "Armed clash");
    tst1.actor1 = actor(2);
    tst1.actor2 = actor(1);
    tst1.location = place(10.1, 20.0, Some("north")); // ~11 km from the gold point
    tst1.fatalities = 3;
    tst1.date = Some("2020-03-05".into());
    let mut summary = ev("Battles", "Armed clash");
    summary.aggregate = true;
    summary.fatalities = 10;

    let mut tst2 = ev("Protests", "Peaceful protest");
    tst2.actor1 = actor(6);
    tst2.location = place(-40.0, 100.0, Some("South")); // geo_precision 2: not scored
    tst2.date = Some("2020-03-05".into());

    let mut tst3 = ev("Battles", "Armed clash");
    tst3.actor1 = actor(3);
    tst3.actor2 = actor(1);
    tst3.location = place(10.5, 21.0, None); // ~55 km off
    tst3.fatalities = 1;
    tst3.date = Some("2020-03-07".into());
    let mut tst3b = ev("Violence against civilians", "Attack");
    tst3b.fatalities = 1;

    let x = Fake::default()
        .with("TST1", vec![tst1, summary])
        .with("TST2", vec![tst2])
        .with("TST3", vec![tst3, tst3b]); // TST4: no event
    let path = fixtures().join("events/acled_2020_sample.csv");
    let r = acled::score(&path, AcledSet::Current2020, &x).unwrap();

    assert_share(&r, "event_type accuracy", 0.5, 4);
    assert_share(&r, "sub_event_type accuracy", 0.5, 4);
    // Armed clash 2/3, Peaceful protest 1, IED 0, Mob violence 0.
    assert_share(&r, "sub_event_type macro-F1", (2.0 / 3.0 + 1.0) / 4.0, 4);
    assert_share(&r, "inter1 accuracy", 0.75, 4);
    assert_share(&r, "inter2 accuracy", 0.5, 4);
    assert_share(&r, "inter1 and inter2 accuracy", 0.5, 4);
    assert_share(&r, "place within 25 km (geo_precision 1)", 1.0 / 3.0, 3);
    assert_share(&r, "admin1 match", 0.5, 4);
    assert_share(&r, "fatalities exact", 0.75, 4);
    assert_share(&r, "event date exact (notes giving month and year)", 0.5, 4);
    assert_share(&r, "documents with no event", 0.25, 4);

    assert_eq!(r.unreadable.len(), 2, "{:?}", r.unreadable);
    assert!(r.unreadable[0].starts_with("acled_2020_sample.csv:6: field \"sub_event_type\""));
    assert!(r.unreadable[1].starts_with("acled_2020_sample.csv:7: field \"event_date\""));
    assert!(
        r.details
            .contains("| Explosions/Remote violence | 1 | 0 | 0 |"),
        "{}",
        r.details
    );
    assert!(
        r.details
            .contains("- `TST4`: gold `Riots`, predicted `(none)`")
            && !r.details.contains("On 8 March 2020"),
        "{}",
        r.details
    );
}

#[test]
fn acled_2016_old_types_are_mapped() {
    let path = fixtures().join("events/acled_2016_sample.csv");
    let (rows, unreadable) = acled::load(&path, AcledSet::Africa2016).unwrap();
    let got: Vec<(&str, Option<&str>, Option<&str>)> = rows
        .iter()
        .map(|r| (r.id.as_str(), r.event_type, r.sub_event_type))
        .collect();
    assert_eq!(
        got,
        [
            ("OLD1", Some("Protests"), Some("Peaceful protest")),
            ("OLD2", Some("Riots"), None),
            ("OLD3", Some("Explosions/Remote violence"), None),
            (
                "OLD4",
                Some("Battles"),
                Some("Government regains territory")
            ),
        ]
    );
    assert_eq!(unreadable.len(), 1);
    assert!(unreadable[0].starts_with("acled_2016_sample.csv:6: field \"event_type\""));
    assert!(unreadable[0].contains("\"Ceasefire talks\""));

    let x = Fake::default().with("OLD2", vec![ev("Riots", "Violent demonstration")]);
    let r = acled::score(&path, AcledSet::Africa2016, &x).unwrap();
    // Types are scored on all four rows, sub-types only where the old type tells.
    assert_share(&r, "event_type accuracy", 0.25, 4);
    assert_share(&r, "sub_event_type accuracy", 0.0, 2);
    assert!(
        r.details
            .contains("| Riots/Protests | Riots | unscored | 1 |"),
        "{}",
        r.details
    );
}

#[test]
fn old_type_table() {
    let cases: [(&str, u8, u8, Option<acled::MappedType>); 13] = [
        (
            "Battle-No change of territory",
            1,
            2,
            Some((Some("Battles"), Some("Armed clash"))),
        ),
        (
            "Battle-Non-state actors overtake territory",
            2,
            1,
            Some((Some("Battles"), Some("Non-state actor overtakes territory"))),
        ),
        (
            "Remote violence",
            2,
            7,
            Some((Some("Explosions/Remote violence"), None)),
        ),
        (
            "Violence Against Civilians",
            3,
            7,
            Some((Some("Violence against civilians"), None)),
        ),
        (
            "Violence against civilians",
            1,
            6,
            Some((Some("Protests"), Some("Excessive force against protesters"))),
        ),
        (
            "Riots/Protests",
            6,
            0,
            Some((Some("Protests"), Some("Peaceful protest"))),
        ),
        ("Riots/Protests", 6, 1, Some((Some("Protests"), None))),
        ("Riots/Protests", 1, 6, Some((Some("Protests"), None))),
        ("Riots/Protests", 5, 6, Some((Some("Riots"), None))),
        ("Riots/Protests", 1, 7, Some((None, None))),
        (
            "Strategic development",
            1,
            0,
            Some((Some("Strategic developments"), None)),
        ),
        (
            "Non-violent transfer of territory",
            2,
            0,
            Some((
                Some("Strategic developments"),
                Some("Non-violent transfer of territory"),
            )),
        ),
        ("Battles", 1, 2, None),
    ];
    for (old, i1, i2, want) in cases {
        assert_eq!(acled::map_old_type(old, i1, i2), want, "{old} {i1} {i2}");
    }
    // Every mapped sub-type is an ACLED sub-type of the mapped type.
    for (old, i1, i2, _) in cases {
        if let Some((Some(t), Some(s))) = acled::map_old_type(old, i1, i2) {
            assert_eq!(eventwatch_schema::acled_event_type_of(s), Some(t));
        }
    }
}

#[test]
fn acled_2015_upper_case_columns_and_multiline_notes() {
    let path = fixtures().join("events/acled_2015_south_asia.csv");
    let (rows, unreadable) = acled::load(&path, AcledSet::SouthAsia2015).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].notes,
        "Troops and rebels exchanged fire near Alpha.\nNobody was hurt."
    );
    assert_eq!(rows[0].date.to_string(), "2015-01-01");
    assert_eq!(rows[1].line, 4);
    assert_eq!(rows[1].event_type, Some("Violence against civilians"));
    assert_eq!(
        unreadable,
        ["acled_2015_south_asia.csv:5: field \"fatalities\": expected a whole number, found \"many\""]
    );
}

#[test]
fn large_files_are_sampled_every_kth_row() {
    let path = fixtures().join("events/acled_2015_south_asia.csv");
    let (rows, _) = acled::load(&path, AcledSet::SouthAsia2015).unwrap();
    let template = rows[0].clone();
    let many: Vec<_> = (0..4500u64)
        .map(|i| {
            let mut r = template.clone();
            r.line = i;
            r
        })
        .collect();
    let held_out = acled::sample_from(many.clone(), 1);
    let s = acled::sample(many);
    assert_eq!(s.len(), 1500);
    assert_eq!(s[0].line, 0);
    assert_eq!(s[1].line, 3);
    assert_eq!(acled::sample(rows.clone()), rows);
    // The held-out rows: the next residue, none of them scored.
    assert_eq!(held_out.len(), 1500);
    assert_eq!((held_out[0].line, held_out[1].line), (1, 4));
    assert_eq!(acled::sample_from(rows.clone(), 1), rows);
}

#[test]
fn acled_dates_in_three_layouts() {
    for (s, want) in [
        ("21 March 2020", Some("2020-03-21")),
        ("01-January-2015", Some("2015-01-01")),
        ("2016-07-02", Some("2016-07-02")),
        ("3 Sep 2019", Some("2019-09-03")),
        ("31 February 2020", None),
        ("March 2020", None),
        ("", None),
        ("99-Smarch-20x", None),
    ] {
        assert_eq!(
            acled::parse_acled_date(s).map(|d| d.to_string()).as_deref(),
            want,
            "{s}"
        );
    }
}

#[test]
fn case_codes_cover_every_acled_sub_type_once() {
    let mut mapped: Vec<&str> = case2021::CASE_CODES.iter().map(|(_, s)| *s).collect();
    mapped.sort_unstable();
    let mut acled: Vec<&str> = ACLED_SUB_EVENT_TYPES.iter().map(|(s, _)| *s).collect();
    acled.sort_unstable();
    assert_eq!(mapped, acled);
    assert_eq!(
        case2021::case_class("ART_MISS_ATTACK"),
        Some(CaseClass::Acled("Shelling/artillery/missile attack"))
    );
    assert_eq!(
        case2021::case_class("PROPERTY_DISTRUCT"),
        Some(CaseClass::Acled("Looting/property destruction"))
    );
    assert_eq!(
        case2021::case_class(" ATTRIB "),
        Some(CaseClass::NonAcled("ATTRIB"))
    );
    assert_eq!(case2021::case_class("air_strike"), None);
}

#[test]
fn case2021_metrics_by_hand() {
    let mut tail = vec![
        ev("Strategic developments", "Other"),
        ev("Battles", "Armed clash"),
    ];
    let x = Fake::default()
        .with(
            "1",
            vec![ev("Explosions/Remote violence", "Air/drone strike")],
        )
        .with("2", vec![ev("Protests", "Protest with intervention")])
        .with("4", vec![ev("Strategic developments", "Other")])
        .with("5", std::mem::take(&mut tail));
    let r = case2021::score(&fixtures().join("events/case2021_task2_dev.tsv"), &x).unwrap();
    assert_share(&r, "sub_event_type accuracy (ACLED classes)", 1.0 / 3.0, 3);
    assert_share(&r, "event_type accuracy (ACLED classes)", 2.0 / 3.0, 3);
    // Row 4 has only a strategic development, row 6 nothing: right; row 5 has a battle.
    assert_share(
        &r,
        "no protest/violence event (non-ACLED classes)",
        2.0 / 3.0,
        3,
    );
    assert_eq!(r.unreadable.len(), 2, "{:?}", r.unreadable);
    assert!(r.unreadable[0].starts_with("case2021_task2_dev.tsv:8: field \"SubType\""));
    assert!(r.unreadable[1]
        .starts_with("case2021_task2_dev.tsv:9: expected 3 tab-separated fields, found 2"));
    assert!(
        r.details
            .contains("gold `ORG_CRIME`, predicted `Battles / Armed clash`"),
        "{}",
        r.details
    );
}

#[test]
fn plover_old_names_and_accuracy() {
    assert_eq!(plover::plover_2021_type("DEMAND"), Some("REQUEST"));
    assert_eq!(plover::plover_2021_type("DISAPPROVE"), Some("ACCUSE"));
    assert_eq!(plover::plover_2021_type("INVESTIGATE"), Some("ACCUSE"));
    assert_eq!(plover::plover_2021_type("FIGHT"), Some("ASSAULT"));
    assert_eq!(plover::plover_2021_type("COERCE"), Some("COERCE"));
    assert_eq!(plover::plover_2021_type("DOCUMENT"), None);

    let with = |t: &str| {
        let mut e = ev("Battles", "Armed clash");
        e.plover_type = t.into();
        vec![e]
    };
    let x = Fake::default()
        .with("T-AGREE-0001", with("AGREE"))
        .with("T-DEMAND-0001", with("REQUEST"))
        .with("T-FIGHT-0001", with("ASSAULT"));
    let r = plover::score(&fixtures().join("events/plover_gsr_cameo.txt"), &x).unwrap();
    assert_share(&r, "PLOVER event type accuracy", 0.75, 4);
    assert_eq!(r.unreadable.len(), 3, "{:?}", r.unreadable);
    assert!(r.unreadable[0].contains("(T-ODD-0001): field \"event\""));
    assert!(r.unreadable[1].contains("(T-EMPTY-0001): field \"text\""));
    assert!(r.unreadable[2].contains("record 8: expected an object"));
    assert!(r.details.contains("1 documentation record(s) skipped"));
    assert!(r.details.contains("- FIGHT → ASSAULT: 1"));
}

#[test]
fn cameo_plover_table_by_longest_prefix() {
    let text = std::fs::read_to_string(fixtures().join("ontology/CAMEO2PLOVER-2021.txt")).unwrap();
    let (t, problems) = CameoPlover::parse(&text);
    assert_eq!(t.plover_of("190"), Some("ASSAULT"));
    assert_eq!(t.plover_of("1411"), Some("PROTEST"));
    assert_eq!(t.plover_of("1434"), Some("PROTEST"));
    assert_eq!(t.plover_of("042"), Some("CONSULT"));
    assert_eq!(t.plover_of("080"), Some("CONCEDE"));
    assert_eq!(t.plover_of("081"), None, "root 08 is ambiguous");
    assert_eq!(t.plover_of("0123"), None);
    assert_eq!(t.plover_of(""), None);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("CAMEO2PLOVER-2021.txt:13: expected"),
        "{problems:?}"
    );
    assert_eq!(petrarch::cameo_root("1124"), Some("11"));
    assert_eq!(petrarch::cameo_root("1"), None);
}

#[test]
fn petrarch_reads_the_loose_xml() {
    let xml = std::fs::read_to_string(fixtures().join("events/petr2_gsr_validation.xml")).unwrap();
    let petrarch::PetrFile {
        sentences,
        unreadable,
        skipped,
        warnings,
    } = petrarch::parse(&xml);
    assert_eq!(sentences.len(), 3);
    assert_eq!(sentences[0].id, "T_1");
    assert_eq!(sentences[0].codes, ["190", "1411"]);
    assert_eq!(
        sentences[0].text,
        "Troops of Aland fought Bland forces on Tuesday & protesters rallied."
    );
    assert_eq!(
        sentences[0].date.map(|d| d.to_string()).as_deref(),
        Some("2015-06-09")
    );
    assert!(sentences[2].no_events && sentences[2].codes.is_empty());
    assert_eq!(skipped, 1);
    assert_eq!(sentences[1].date, None);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("sentence T_2: attribute \"date\""),
        "{warnings:?}"
    );
    assert_eq!(unreadable.len(), 1);
    assert!(unreadable[0].starts_with(
        "petr2_gsr_validation.xml: sentence T_4: <EventCoding> attribute \"eventcode\""
    ));
}

#[test]
fn petrarch_metrics_by_hand() {
    let coded = |cameo: Option<&str>, plover: &str| {
        let mut e = ev("Protests", "Peaceful protest");
        e.cameo = cameo.map(str::to_string);
        e.plover_type = plover.into();
        vec![e]
    };
    let x = Fake::default()
        .with("T_1", coded(Some("145"), "PROTEST")) // matches the second coding
        .with("T_2", coded(Some("04"), "AGREE"))
        .with("T_3", coded(None, "PROTEST"));
    let r = super::score_petrarch(&fixtures(), &x).unwrap();
    assert_share(&r, "CAMEO root accuracy", 1.0, 2);
    assert_share(&r, "PLOVER type accuracy (via CAMEO2PLOVER)", 0.5, 2);
    assert_share(&r, "no CAMEO-coded event on noevents sentences", 1.0, 1);
    assert_eq!(r.unreadable.len(), 2, "{:?}", r.unreadable);
}

#[test]
fn score_all_reads_every_fixture_from_either_folder() {
    let x = Fake::default();
    for dir in [fixtures(), fixtures().join("events")] {
        let reports = super::score_all(&dir, &x).unwrap();
        let names: Vec<&str> = reports.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "acled-2020",
                "acled-2016",
                "acled-2015-south-asia",
                "case2021-task2",
                "plover-gsr",
                "petrarch2-gsr"
            ]
        );
        let unreadable: Vec<usize> = reports.iter().map(|r| r.unreadable.len()).collect();
        assert_eq!(unreadable, [2, 1, 1, 2, 3, 2]);
    }
    let err = super::score_all(Path::new("/nonexistent"), &x).unwrap_err();
    assert!(format!("{err:#}").contains("expected events/acled_2020_sample.csv"));
}

#[test]
fn loaders_never_panic_on_cut_or_garbled_input() {
    let xml = std::fs::read_to_string(fixtures().join("events/petr2_gsr_validation.xml")).unwrap();
    let table = std::fs::read_to_string(fixtures().join("ontology/CAMEO2PLOVER-2021.txt")).unwrap();
    for (i, _) in xml.char_indices() {
        let _ = petrarch::parse(&xml[..i]);
        let _ = petrarch::parse(&xml[i..]);
    }
    for (i, _) in table.char_indices() {
        let (t, _) = CameoPlover::parse(&table[i..]);
        let _ = t.plover_of(&table[..i.min(6)]);
    }
    for s in [
        "",
        "-",
        "--",
        "1-2-",
        "٣ مارس ٢٠٢٠",
        "31-Février-2020",
        "9999999999 May 1",
    ] {
        assert_eq!(acled::parse_acled_date(s), None, "{s}");
    }
    // Cutting the CSV fixtures anywhere still gives rows or reasons, never a panic.
    let dir = std::env::temp_dir().join(format!("eventwatch-eval-events-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = std::fs::read_to_string(fixtures().join("events/acled_2020_sample.csv")).unwrap();
    let header_end = csv.find('\n').unwrap() + 1;
    let cut = dir.join("cut.csv");
    for i in (header_end..csv.len()).step_by(37) {
        if csv.is_char_boundary(i) {
            std::fs::write(&cut, &csv[..i]).unwrap();
            let (rows, unreadable) = acled::load(&cut, AcledSet::Current2020).unwrap();
            assert!(rows.len() + unreadable.len() <= 6);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
