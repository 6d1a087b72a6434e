//! Scores the geoparser on LGL and GeoWebNews: `cargo run -p eventwatch-geo --example geo_eval [DATA_DIR]`.
//!
//! DATA_DIR defaults to `../shared/data` from the workspace root. Demonym and adjectival
//! mentions are reported too: both corpora annotate "Iraqi" or "Kurdish" as toponyms.
//! `GEO_EVAL_DETAILS=1` prints the largest errors; `GEO_EVAL_DUMP=FILE` appends every
//! document's predictions to FILE as JSON lines, for error analysis.

use std::path::PathBuf;

use eventwatch_eval::Extractor;
use eventwatch_geo::{geoparse, Gazetteer, GeoOptions, MentionKind};
use eventwatch_schema::{Event, PlaceMention, TimeMention};
use eventwatch_text::Document;

struct Geo<'a> {
    gaz: &'a Gazetteer,
}

impl Extractor for Geo<'_> {
    fn events(&self, _: &Document) -> Vec<Event> {
        Vec::new()
    }

    fn times(&self, _: &Document) -> Vec<TimeMention> {
        Vec::new()
    }

    fn places(&self, doc: &Document) -> Vec<PlaceMention> {
        let out: Vec<PlaceMention> = self.mentions(doc);
        if let Some(path) = std::env::var_os("GEO_EVAL_DUMP") {
            use std::io::Write;
            let line = serde_json::json!({"id": doc.id(), "places": out.iter().map(|p| (p.start, p.end, &p.text, &p.name, &p.feature, &p.kind, p.lat, p.lon, &p.country, &p.admin1)).collect::<Vec<_>>()});
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
            {
                let _ = writeln!(f, "{line}");
            }
        }
        out
    }
}

impl Geo<'_> {
    fn mentions(&self, doc: &Document) -> Vec<PlaceMention> {
        geoparse(doc, self.gaz, &GeoOptions { country_hint: None })
            .into_iter()
            .map(|t| {
                let p = self.gaz.place(t.place);
                let (start, end) = doc.char_span(t.span);
                PlaceMention {
                    start,
                    end,
                    text: doc.slice(t.span).to_string(),
                    name: p.name.clone(),
                    geonameid: p.has_geonames_id().then_some(p.geonameid),
                    lat: p.lat,
                    lon: p.lon,
                    country: self.gaz.iso3(&p.country_iso2).map(String::from),
                    admin1: self
                        .gaz
                        .admin1_name(&p.country_iso2, &p.admin1_code)
                        .map(String::from),
                    feature: format!("{}.{}", p.feature_class, p.feature_code),
                    kind: match t.kind {
                        MentionKind::Place => "place",
                        MentionKind::Demonym => "demonym",
                        MentionKind::Adjectival => "adjectival",
                    }
                    .into(),
                }
            })
            .collect()
    }
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        });
    let t0 = std::time::Instant::now();
    let gaz = Gazetteer::embedded();
    eprintln!("gazetteer: {} places in {:.0?}", gaz.len(), t0.elapsed());
    let t1 = std::time::Instant::now();
    for r in eventwatch_eval::geo::score(&dir, &Geo { gaz })? {
        print!("{}", r.table());
        if std::env::var_os("GEO_EVAL_DETAILS").is_some() {
            println!("{}", r.details);
        }
    }
    eprintln!("scored in {:.1?}", t1.elapsed());
    Ok(())
}
