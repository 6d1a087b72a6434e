//! Data-driven consolidation cases (`tests/cases/*.txt`, format in its README), plus
//! order-independence and no-panic property tests.

use std::collections::BTreeSet;
use std::path::Path;

use eventwatch_consolidate::{
    addresses_for, explain, street_addresses, Config, Consolidator, Mention, MentionKey, Override,
};
use eventwatch_schema::{
    acled_event_type_of, Actor, DatePrecision, Event, Evidence, Location, PlacePrecision,
};
use proptest::prelude::*;

fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn key(s: &str) -> MentionKey {
    MentionKey::parse(s).unwrap_or_else(|| panic!("bad key {s:?}"))
}

fn evidence(field: &str, text: &str) -> Evidence {
    Evidence {
        field: field.into(),
        start: 0,
        end: 0,
        text: text.into(),
        rule: "case".into(),
    }
}

fn event(sub: &str, date: &str) -> Event {
    Event {
        date: Some(date.into()),
        date_precision: DatePrecision::Day,
        evidence: vec![evidence("date", date)],
        ..Event::of_type(
            acled_event_type_of(sub).unwrap_or("Strategic developments"),
            sub,
            "ASSAULT",
        )
    }
}

fn mention(ws: &[String]) -> Mention {
    let k = key(&ws[1]);
    let mut e = event("Attack", "2016-07-27");
    let mut m = Mention::new(k, e.clone());
    let (mut at, mut admin1, mut country) = (PlacePrecision::Town, None, Some("USA".to_string()));
    let mut place = None;
    let (mut says, mut title) = (None, None);
    for w in &ws[2..] {
        let (f, v) = w.split_once('=').unwrap_or((w.as_str(), ""));
        let text = v.replace('_', " ");
        let num = || {
            v.parse::<u32>()
                .unwrap_or_else(|_| panic!("bad number {w}"))
        };
        match f {
            "published" => m.published = Some(v.into()),
            "source" => m.source = Some(text),
            "type" => {
                e.event_type = acled_event_type_of(&text)
                    .unwrap_or("Strategic developments")
                    .into();
                e.sub_event_type = text;
            }
            "date" => {
                e.date = Some(v.into());
                e.evidence.retain(|x| x.field != "date");
                e.evidence.push(evidence("date", v));
            }
            "precision" => {
                e.date_precision = match v {
                    "week" => DatePrecision::Week,
                    "month" => DatePrecision::Month,
                    "year" => DatePrecision::Year,
                    _ => DatePrecision::Day,
                }
            }
            "place" => {
                let (name, ll) = v.split_once('@').expect("place=NAME@LAT,LON");
                let (lat, lon) = ll.split_once(',').expect("LAT,LON");
                place = Some((
                    name.replace('_', " "),
                    lat.parse().unwrap(),
                    lon.parse().unwrap(),
                ));
            }
            "at" => {
                at = match v {
                    "point" => PlacePrecision::Point,
                    "admin2" => PlacePrecision::Admin2,
                    "admin1" => PlacePrecision::Admin1,
                    "country" => PlacePrecision::Country,
                    _ => PlacePrecision::Town,
                }
            }
            "admin1" => admin1 = Some(text),
            "country" => country = Some(v.into()),
            "killed" => e.fatalities = num(),
            "min" => e.fatalities_min = Some(num()),
            "max" => e.fatalities_max = Some(num()),
            "injured" => e.injuries = num(),
            "addr" => {
                m.addresses = street_addresses(&text)
                    .into_iter()
                    .map(|a| a.address)
                    .collect()
            }
            "says" => says = Some(text),
            "title" => title = Some(text),
            "cue" => e.evidence.push(evidence("fatalities", &text)),
            "actor1" => {
                let (name, inter) = text.rsplit_once(':').expect("NAME:INTER");
                e.actor1 = Some(Actor {
                    text: name.into(),
                    name: name.into(),
                    inter: inter.parse().unwrap(),
                    country: None,
                });
            }
            "assumed" => e.evidence.retain(|x| x.field != "date"),
            "hedged" => e.hedged = true,
            "aggregate" => e.aggregate = true,
            _ => panic!("unknown field {w:?}"),
        }
    }
    if let Some(text) = says {
        m.addresses = addresses_for(&text, title.as_deref(), &e, m.key.event_index);
    }
    if let Some((name, lat, lon)) = place {
        let gid = name
            .bytes()
            .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        e.location = Some(Location {
            name,
            geonameid: Some(gid),
            lat,
            lon,
            admin1,
            country,
            precision: at,
        });
    }
    m.event = e;
    m
}

struct Case {
    mentions: Vec<Mention>,
    overrides: Vec<Override>,
    expects: Vec<Vec<String>>,
}

fn parse(src: &str) -> Case {
    let mut c = Case {
        mentions: Vec::new(),
        overrides: Vec::new(),
        expects: Vec::new(),
    };
    for line in src.lines() {
        let ws = if line.trim_start().starts_with('#') {
            Vec::new()
        } else {
            words(line)
        };
        match ws.first().map(String::as_str) {
            Some("mention") => c.mentions.push(mention(&ws)),
            Some("override") => c.overrides.push(match ws[1].as_str() {
                "split" => Override::Split {
                    mention: key(&ws[2]),
                },
                "merge" => Override::Merge {
                    a: key(&ws[2]),
                    b: key(&ws[3]),
                },
                "apart" => Override::KeepApart {
                    a: key(&ws[2]),
                    b: key(&ws[3]),
                },
                o => panic!("unknown override {o}"),
            }),
            Some("expect") => c.expects.push(ws[1..].to_vec()),
            None => {}
            Some(w) => panic!("unknown line {w:?}"),
        }
    }
    c
}

/// Events as sorted sets of mention keys, with their full records for comparison.
fn snapshot(c: &Consolidator) -> Vec<String> {
    let mut v: Vec<String> = c
        .events()
        .map(|e| serde_json::to_string(e).expect("serialisable"))
        .collect();
    v.sort();
    v
}

fn check(name: &str, src: &str) {
    let case = parse(src);
    let all = Consolidator::batch(
        Config::standard(),
        case.mentions.clone(),
        case.overrides.clone(),
    );
    // Order independence: documents one by one, reversed, overrides first.
    let mut inc = Consolidator::new(Config::standard());
    for o in &case.overrides {
        inc.apply(o.clone());
    }
    for m in case.mentions.iter().rev() {
        inc.add(vec![m.clone()]);
    }
    assert_eq!(
        snapshot(&all),
        snapshot(&inc),
        "{name}: incremental differs from batch"
    );

    let dump = all.events().map(explain).collect::<Vec<_>>().join("\n");
    assert_eq!(
        all.events().count(),
        case.expects.len(),
        "{name}: expected {} events, found:\n{dump}",
        case.expects.len()
    );
    for ex in &case.expects {
        let keys: BTreeSet<MentionKey> = ex
            .iter()
            .filter(|w| !w.contains('='))
            .map(|w| key(w))
            .collect();
        let first = keys.iter().next().expect("expect line lists keys");
        let ev = all
            .event_of(first)
            .unwrap_or_else(|| panic!("{name}: no event for {first}"));
        let got: BTreeSet<MentionKey> = ev.mentions.iter().map(|m| m.key.clone()).collect();
        assert_eq!(got, keys, "{name}: event of {first}:\n{dump}");
        for w in ex.iter().filter(|w| w.contains('=')) {
            let (f, v) = w.split_once('=').unwrap_or_default();
            let ok = match f {
                "killed" => ev.fatalities.to_string() == v,
                "injured" => ev.injuries.to_string() == v,
                "range" => format!("{}..{}", ev.fatalities_min, ev.fatalities_max) == v,
                "superseded" => {
                    let (old, new) = v.split_once('>').expect("OLD>NEW");
                    ev.mentions
                        .iter()
                        .any(|m| m.key == key(old) && m.superseded_by == Some(key(new)))
                }
                "current" => ev
                    .mentions
                    .iter()
                    .any(|m| m.key == key(v) && m.superseded_by.is_none()),
                _ => panic!("{name}: unknown expectation {w}"),
            };
            assert!(ok, "{name}: expected {w}:\n{}", explain(ev));
        }
    }
}

#[test]
fn cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut n = 0;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for p in paths {
        let src = std::fs::read_to_string(&p).expect("readable case");
        check(&p.display().to_string(), &src);
        n += 1;
    }
    assert!(n >= 5, "expected the case files, found {n}");
}

#[test]
fn overrides_survive_reingest_and_withdrawal() {
    let src = "mention a#0 published=2016-07-28 place=Town@30,-80 killed=1\n\
               mention b#0 published=2016-07-28 place=Town@30,-80 killed=1\n";
    let case = parse(src);
    let mut c = Consolidator::batch(Config::standard(), case.mentions.clone(), Vec::new());
    assert_eq!(c.events().count(), 1);
    let split = Override::Split {
        mention: key("b#0"),
    };
    c.apply(split.clone());
    assert_eq!(c.events().count(), 2);
    // Re-ingesting the same document (a changed extraction) keeps the user's split.
    let mut b = case.mentions[1].clone();
    b.event.injuries = 2;
    c.add(vec![b]);
    assert_eq!(c.events().count(), 2);
    c.withdraw(&split);
    assert_eq!(c.events().count(), 1);
    let changes = c.remove_document("a");
    assert_eq!(c.events().count(), 1);
    assert_eq!(changes.removed.len(), 1, "{changes:?}");
    assert!(c.event_of(&key("b#0")).is_some());
}

fn arb_mention() -> impl Strategy<Value = Mention> {
    (
        0u8..30,
        0u8..3,
        0u8..4,
        0u32..4,
        0u32..3,
        0u8..5,
        0u8..3,
        any::<bool>(),
        0u8..3,
    )
        .prop_map(
            |(doc, idx, day, killed, injured, place, street, assumed, prec)| {
                let date = format!("2020-01-{:02}", 10 + day);
                let mut e = event(
                    if doc % 5 == 0 {
                        "Peaceful protest"
                    } else {
                        "Attack"
                    },
                    &date,
                );
                if assumed {
                    e.evidence.clear();
                }
                e.fatalities = killed;
                e.injuries = injured;
                let (lat, lon, name) = [
                    (30.0, -80.0, "A"),
                    (30.05, -80.0, "B"),
                    (30.4, -80.0, "C"),
                    (31.0, -81.0, "D"),
                    // Far from the others: only a common street within a day joins it.
                    (40.0, -100.0, "E"),
                ][place as usize % 5];
                e.location = Some(Location {
                    name: name.into(),
                    geonameid: Some(u64::from(place)),
                    lat,
                    lon,
                    admin1: Some("Florida".into()),
                    country: Some("USA".into()),
                    precision: [
                        PlacePrecision::Town,
                        PlacePrecision::Point,
                        PlacePrecision::Country,
                    ][prec as usize % 3],
                });
                let mut m = Mention::new(MentionKey::new(format!("d{doc}"), u32::from(idx)), e);
                m.published = Some(format!("2020-01-{:02}", 11 + day + (doc % 3)));
                m.source = Some(format!("s{}", doc % 4));
                if street > 0 {
                    m.addresses =
                        street_addresses(&format!("{}00 block of Main{street} Street", doc % 3))
                            .into_iter()
                            .map(|a| a.address)
                            .collect();
                }
                m
            },
        )
}

fn arb_override() -> impl Strategy<Value = Override> {
    let k = (0u8..30, 0u8..3).prop_map(|(d, i)| MentionKey::new(format!("d{d}"), u32::from(i)));
    prop_oneof![
        k.clone().prop_map(|mention| Override::Split { mention }),
        (k.clone(), k.clone()).prop_map(|(a, b)| Override::Merge { a, b }),
        (k.clone(), k).prop_map(|(a, b)| Override::KeepApart { a, b }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn order_does_not_matter(
        ms in proptest::collection::vec(arb_mention(), 0..40),
        os in proptest::collection::vec(arb_override(), 0..4),
        seed in any::<u64>(),
        chunk in 1usize..6,
    ) {
        // One mention per key (the last one wins, as re-ingestion would have it).
        let mut uniq: Vec<Mention> = Vec::new();
        for m in ms {
            uniq.retain(|x| x.key != m.key);
            uniq.push(m);
        }
        let all = Consolidator::batch(Config::standard(), uniq.clone(), os.clone());
        // A seeded shuffle, added in chunks, overrides interleaved.
        let mut shuffled = uniq.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let mut inc = Consolidator::new(Config::standard());
        for (n, part) in shuffled.chunks(chunk).enumerate() {
            if let Some(o) = os.get(n) { inc.apply(o.clone()); }
            inc.add(part.to_vec());
        }
        for o in &os { inc.apply(o.clone()); }
        prop_assert_eq!(snapshot(&all), snapshot(&inc));
        // Every mention is in exactly one event.
        let total: usize = all.events().map(|e| e.mentions.len()).sum();
        prop_assert_eq!(total, uniq.len());
    }

    #[test]
    fn addresses_never_panic(s in "\\PC{0,200}") {
        for a in street_addresses(&s) {
            prop_assert!(a.start <= a.end && a.end <= s.len());
        }
    }

    #[test]
    fn odd_events_never_panic(
        date in "\\PC{0,12}",
        lat in proptest::num::f64::ANY,
        lon in proptest::num::f64::ANY,
        killed in any::<u32>(),
        text in "\\PC{0,120}",
    ) {
        let mut e = event("Attack", &date);
        e.fatalities = killed;
        e.fatalities_min = Some(killed);
        e.location = Some(Location {
            name: "x".into(), geonameid: None, lat, lon, admin1: None,
            country: Some("USA".into()), precision: PlacePrecision::Point,
        });
        e.evidence.push(Evidence { field: "fatalities".into(), start: 3, end: 9000, text: text.clone(), rule: String::new() });
        let ms = Mention::from_document("d", Some(&date), None, Some(&text), None, &[e.clone(), e]);
        let c = Consolidator::batch(Config::standard(), ms, Vec::new());
        for ev in c.events() { let _ = explain(ev); }
    }
}
