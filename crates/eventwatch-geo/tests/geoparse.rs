//! Data-driven geoparsing cases (`tests/cases/*.txt`), gazetteer checks, freshness of the
//! generated data, and a property test that random text never panics.

use std::path::{Path, PathBuf};

use eventwatch_geo::{
    embedded_files, geoparse, source, Gazetteer, GeoOptions, MentionKind, Toponym,
};
use eventwatch_schema::PlacePrecision;
use eventwatch_text::{Document, DocumentMeta};
use proptest::prelude::*;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn parse(text: &str) -> (Document, Vec<Toponym>) {
    let doc = Document::new(DocumentMeta::default(), text);
    let tops = geoparse(
        &doc,
        Gazetteer::embedded(),
        &GeoOptions { country_hint: None },
    );
    (doc, tops)
}

fn render(doc: &Document, gaz: &Gazetteer, t: &Toponym) -> String {
    let p = gaz.place(t.place);
    let kind = match t.kind {
        MentionKind::Place => "place",
        MentionKind::Demonym => "demonym",
        MentionKind::Adjectival => "adjectival",
    };
    let admin1 = gaz
        .admin1_name(&p.country_iso2, &p.admin1_code)
        .unwrap_or("-");
    format!(
        "{}\t{kind}\t{}\t{}.{}\t{}\t{admin1}",
        doc.slice(t.span),
        p.name,
        p.feature_class,
        p.feature_code,
        t.country_iso2
    )
}

/// Runs one case file; returns the failures.
fn check(path: &Path) -> Vec<String> {
    let Ok(case) = std::fs::read_to_string(path) else {
        return vec![format!("{}: unreadable", path.display())];
    };
    let Some((text, expected)) = case.split_once("\n---\n") else {
        return vec![format!("{}: no --- line", path.display())];
    };
    let text = match text.strip_prefix('@') {
        Some(rel) => {
            std::fs::read_to_string(crate_dir().join("tests").join(rel.trim())).unwrap_or_default()
        }
        None => text.to_string(),
    };
    let gaz = Gazetteer::embedded();
    let (doc, tops) = parse(&text);
    let got: Vec<String> = tops.iter().map(|t| render(&doc, gaz, t)).collect();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    let mut failures = Vec::new();
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(surface) = line.strip_prefix('!') {
            for (at, _) in text.match_indices(surface) {
                let span = eventwatch_text::Span::new(at, at + surface.len());
                if let Some(t) = tops.iter().find(|t| t.span.overlaps(span)) {
                    failures.push(format!(
                        "{name}: {surface:?} must not be a toponym, got {}",
                        render(&doc, gaz, t)
                    ));
                }
            }
        } else if !got.iter().any(|g| g == line) {
            let surface = line.split('\t').next().unwrap_or("");
            let near: Vec<&String> = got.iter().filter(|g| g.starts_with(surface)).collect();
            failures.push(format!("{name}: expected {line:?}, found {near:?}"));
        }
    }
    failures
}

#[test]
fn cases() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate_dir().join("tests/cases"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(files.len() >= 4, "case files missing: {files:?}");
    let failures: Vec<String> = files.iter().flat_map(|f| check(f)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_article_precisions_and_no_place_for_adjectives() {
    let text =
        std::fs::read_to_string(crate_dir().join("tests/fixtures/iraq-protests-2019-11-28.txt"))
            .unwrap_or_default();
    let (doc, tops) = parse(&text);
    let find = |s: &str| tops.iter().find(|t| doc.slice(t.span) == s);
    assert_eq!(
        find("Nassiriya").map(|t| t.precision),
        Some(PlacePrecision::Town)
    );
    assert_eq!(
        find("Tigris River").map(|t| t.precision),
        Some(PlacePrecision::Point)
    );
    assert_eq!(
        find("Iraq").map(|t| t.precision),
        Some(PlacePrecision::Country)
    );
    // "Iranian consulate" is a facility of Iran: never a place mention.
    for t in tops.iter().filter(|t| doc.slice(t.span) == "Iranian") {
        assert_ne!(t.kind, MentionKind::Place);
    }
    for w in tops.windows(2) {
        assert!(w[0].span <= w[1].span, "not sorted by span");
    }
}

/// A neighbourhood (a GeoNames section of a populated place) is a spot inside its town:
/// two neighbourhoods of one city are not one scene the way a town is.
#[test]
fn a_neighbourhood_is_a_spot_inside_its_town() {
    let (doc, tops) = parse("Two men were shot in Gage Park, a neighborhood of Chicago.");
    let find = |s: &str| tops.iter().find(|t| doc.slice(t.span) == s);
    assert_eq!(
        find("Gage Park").map(|t| t.precision),
        Some(PlacePrecision::Point)
    );
    assert_eq!(
        find("Chicago").map(|t| t.precision),
        Some(PlacePrecision::Town)
    );
}

#[test]
fn country_hint_decides_between_namesakes() {
    let gaz = Gazetteer::embedded();
    let doc = Document::new(
        DocumentMeta::default(),
        "Officials in Hyderabad said the market reopened.",
    );
    let in_pk = geoparse(
        &doc,
        gaz,
        &GeoOptions {
            country_hint: Some("PAK".into()),
        },
    );
    let in_in = geoparse(
        &doc,
        gaz,
        &GeoOptions {
            country_hint: Some("IN".into()),
        },
    );
    assert_eq!(in_pk.first().map(|t| t.country_iso2.as_str()), Some("PK"));
    assert_eq!(in_in.first().map(|t| t.country_iso2.as_str()), Some("IN"));
    assert_eq!(in_pk.first().map(|t| t.rule), Some("country-hint"));
}

#[test]
fn gazetteer_tables_read_cleanly() {
    let [places, regions, countries, aliases] = embedded_files().map(|(_, t)| t);
    let (gaz, diags) = Gazetteer::from_tsv(places, regions, countries, aliases);
    let msgs: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
    assert!(msgs.is_empty(), "{msgs:#?}");
    assert!(gaz.len() > 150_000, "only {} places", gaz.len());
    let iq = gaz
        .country("IRQ")
        .map(|c| (c.iso2.as_str(), c.name.as_str()));
    assert_eq!(iq, Some(("IQ", "Iraq")));
    assert_eq!(gaz.iso3("iq"), Some("IRQ"));
    assert_eq!(gaz.admin1_name("IQ", "09"), Some("Dhi Qar"));
    assert!(gaz
        .country("IQ")
        .is_some_and(|c| c.demonyms.iter().any(|d| d == "Iraqi")));
    // A country is a place too, addressed by its GeoNames id.
    let place = gaz.country("IQ").map(|c| gaz.place(c.place));
    assert_eq!(
        place.map(|p| (p.geonameid, p.feature_code.as_str())),
        Some((99237, "PCLI"))
    );
    // Normalised lookup: case, diacritics, articles, hyphens.
    for name in ["al-Nasiriya", "NASIRIYAH", "An Nāsirīya", "Nassiriya"] {
        let names: Vec<&str> = gaz
            .lookup(name)
            .iter()
            .map(|&id| gaz.place(id).name.as_str())
            .collect();
        assert!(names.contains(&"Nasiriyah"), "{name}: {names:?}");
    }
}

/// The prebuilt name index (`keys.fst`, `keys.ids`) is the one `cargo xtask gazetteer`
/// builds from the embedded tables, byte for byte, and loads without complaint.
#[test]
fn key_index_matches_tables() {
    let [places, regions, countries, _] = embedded_files().map(|(_, t)| t);
    let built = eventwatch_geo::index::build(places, regions, countries);
    let dir = crate_dir().join("../../data/gazetteer");
    let on_disk = (
        std::fs::read(dir.join("keys.fst")).unwrap_or_default(),
        std::fs::read(dir.join("keys.ids")).unwrap_or_default(),
    );
    assert!(
        built.as_ref().is_ok_and(|b| *b == on_disk),
        "data/gazetteer/keys.* are stale: run `cargo xtask gazetteer`"
    );
    let (gaz, diags) = Gazetteer::load_embedded();
    let msgs: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
    assert!(msgs.is_empty(), "{msgs:#?}");
    // The prebuilt and the freshly built index answer alike.
    let (fresh, _) = Gazetteer::from_tsv(places, regions, countries, embedded_files()[3].1);
    for name in [
        "Baghdad",
        "Springfield",
        "Kabul Province",
        "Nassiriya",
        "Ga.",
        "Gaza Strip",
    ] {
        assert_eq!(gaz.lookup(name), fresh.lookup(name), "{name}");
    }
    assert_eq!(gaz.max_words(), fresh.max_words());
}

/// The recorded fingerprint equals one computed from the inputs, when they are here.
#[test]
fn generated_gazetteer_is_fresh() {
    let root = crate_dir().join("../..");
    let cache = std::env::var_os("EVENTWATCH_XTASK_CACHE")
        .map_or_else(|| root.join("target/xtask-cache"), PathBuf::from);
    let shared = std::env::var_os("EVENTWATCH_SHARED_DATA")
        .map_or_else(|| root.join("../shared/data"), PathBuf::from);
    let mut paths = vec![
        cache
            .join(source::NPM_PACKAGE.replace('@', "-"))
            .join(source::NPM_FILE),
        cache
            .join(source::NPM_ATLAS.replace('@', "-"))
            .join(source::NPM_ATLAS_FILE),
    ];
    paths.extend(source::SHARED_FILES.iter().map(|f| shared.join(f)));
    let mut inputs = Vec::new();
    for p in &paths {
        match std::fs::read(p) {
            Ok(bytes) => inputs.push(bytes),
            Err(e) => {
                eprintln!("freshness check skipped: {} unreadable ({e}); run `cargo xtask gazetteer` to fetch it", p.display());
                return;
            }
        }
    }
    let want = source::fingerprint(&inputs.iter().map(Vec::as_slice).collect::<Vec<_>>());
    for (name, text) in embedded_files()
        .into_iter()
        .filter(|(n, _)| *n != "aliases.tsv")
    {
        assert_eq!(
            source::recorded_fingerprint(text),
            Some(want.as_str()),
            "data/gazetteer/{name} is stale: run `cargo xtask gazetteer`"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics_and_spans_stay_in_bounds(
        text in "([A-Z][a-z]{0,8}|al-|St\\.|, |\\. |'s|’|[éāءا]|[0-9]{1,3}| |\n|Baghdad|Iraqi|Ga\\.|D\\.C\\.){0,40}"
    ) {
        let (doc, tops) = parse(&text);
        for t in tops {
            prop_assert!(t.span.end as usize <= doc.text().len());
            prop_assert!(doc.text().is_char_boundary(t.span.start as usize));
            prop_assert!(doc.text().is_char_boundary(t.span.end as usize));
            prop_assert!(t.span.start < t.span.end);
            prop_assert!((0.0..=1.0).contains(&t.score));
        }
    }

    #[test]
    fn romanisation_variants_never_panic_and_differ_from_the_key(
        name in "([a-z]{0,9}|e|i|ye|kot|gah|abad| |-|ā|ا){0,8}"
    ) {
        let key = eventwatch_geo::normalize::normalize(&name);
        for v in eventwatch_geo::normalize::romanisation_variants(&key) {
            prop_assert!(v != key);
            prop_assert!(!v.is_empty());
        }
    }
}

/// A small made-up gazetteer: two towns named Lakeview in one state, one of them beside
/// Millbrook; two Springvales in two states, and the states themselves.
fn toy_gazetteer() -> Gazetteer {
    const PLACES: &str = "\
# format: eventwatch-gazetteer 10
9000001\tLakeview\t\t40.000\t-82.000\tPPL\tUS\tOH\t\t9000
9000002\tLakeview\t\t41.500\t-84.500\tPPL\tUS\tOH\t\t12000
9000003\tMillbrook\t\t40.100\t-82.100\tPPL\tUS\tOH\t\t3000
9000004\tSpringvale\t\t40.500\t-83.000\tPPL\tUS\tOH\t\t20000
9000005\tSpringvale\t\t42.300\t-72.600\tPPL\tUS\tMA\t\t90000
9000006\tQuarry Town\t\t42.000\t-72.500\tPPL\tUS\tMA\t\t5000
";
    const REGIONS: &str = "\
# format: eventwatch-gazetteer 10
ADM1\t9100001\tOhio\t\t40.2624\t-82.6637\tUS\tOH\t\t8000000
ADM1\t9100002\tMassachusetts\t\t42.3\t-71.8\tUS\tMA\t\t6000000
";
    const COUNTRIES: &str = "\
# format: eventwatch-gazetteer 10
US\tUSA\t6252001\tUnited States\tWashington\t38.9190\t-98.9775\t327167434\tNA\tAmerican|Americans\t
";
    let (gaz, diags) = Gazetteer::from_tsv(PLACES, REGIONS, COUNTRIES, "");
    let msgs: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert!(msgs.is_empty(), "{msgs:?}");
    gaz
}

fn resolved(gaz: &Gazetteer, text: &str) -> Vec<(String, u64)> {
    let doc = Document::new(DocumentMeta::default(), text);
    geoparse(&doc, gaz, &GeoOptions { country_hint: None })
        .iter()
        .map(|t| (doc.slice(t.span).to_string(), gaz.place(t.place).geonameid))
        .collect()
}

/// Of two namesakes in one state, the one beside another place of the report wins even
/// though it is the smaller.
#[test]
fn a_name_takes_the_namesake_near_the_other_places() {
    let gaz = toy_gazetteer();
    let got = resolved(&gaz, "Crews from Millbrook and Lakeview cleared the roads.");
    assert!(got.contains(&("Lakeview".into(), 9000001)), "{got:?}");
    // Without a neighbour the larger one.
    let got = resolved(&gaz, "Crews from Lakeview cleared the roads.");
    assert!(got.contains(&("Lakeview".into(), 9000002)), "{got:?}");
}

/// "Springvale, Ohio" settles the bare "Springvale" later in the report, even against a
/// larger namesake in a state the report also names.
#[test]
fn a_name_with_its_state_settles_its_bare_mentions() {
    let gaz = toy_gazetteer();
    let text = "The board of Springvale, Ohio, met on Monday. A supplier from Quarry Town, \
                Massachusetts, came too. Teachers in Springvale asked for smaller classes.";
    let got = resolved(&gaz, text);
    let springvale: Vec<u64> = got
        .iter()
        .filter(|(t, _)| t == "Springvale")
        .map(|&(_, id)| id)
        .collect();
    assert_eq!(springvale, vec![9000004, 9000004], "{got:?}");
}

/// Byte starts of the toponyms that cover `surface` at each of its occurrences in `text`.
fn covered_starts(text: &str, surface: &str) -> Vec<usize> {
    let (_, tops) = parse(text);
    text.match_indices(surface)
        .filter(|(at, _)| {
            let span = eventwatch_text::Span::new(*at, at + surface.len());
            tops.iter().any(|t| t.span.overlaps(span))
        })
        .map(|(at, _)| at)
        .collect()
}

/// A town name next to an unknown capitalised word looks like a person's name ("Tyler
/// Walmart" could be "Tyler Smith"), unless the text plainly uses that name as a place
/// elsewhere: one sense per text.
#[test]
fn a_name_used_as_a_place_elsewhere_stays_a_place_next_to_an_unknown_word() {
    let text = "Officers in Tyler said a man robbed the Tyler Walmart on Friday night.";
    assert_eq!(covered_starts(text, "Tyler").len(), 2, "{text}");
    let text = "Deputies found the car. The Tyler Walmart manager said the store reopened \
                after Tyler police left.";
    assert_eq!(covered_starts(text, "Tyler").len(), 2, "{text}");
    // Without such a use it stays a person's name.
    let text = "Tyler Walmart scored twice for the visitors on Friday night.";
    assert!(covered_starts(text, "Tyler").is_empty(), "{text}");
}

/// A region name followed by an unknown capitalised word is perhaps the start of a longer
/// name ("a Massachusetts Bluegrass fan"): it votes little for its region, so the report's
/// plain places decide.
#[test]
fn a_region_name_inside_an_unknown_longer_name_votes_little() {
    let gaz = toy_gazetteer();
    let text = "A Massachusetts Bluegrass fan was robbed in Springvale, police in \
                Millbrook said.";
    let got = resolved(&gaz, text);
    assert!(got.contains(&("Springvale".into(), 9000004)), "{got:?}");
}
