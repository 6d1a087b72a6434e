//! Prints the toponyms geoparse finds in text files (or stdin): `cargo run --example geo_dump FILE...`.
//!
//! `GEO_LOOKUP=NAME` also prints the gazetteer candidates of NAME (several: `A|B`).

use std::io::Read;

use eventwatch_geo::{geoparse, Gazetteer, GeoOptions};
use eventwatch_text::{Document, DocumentMeta};

fn main() -> anyhow::Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let mut texts = Vec::new();
    for f in &files {
        texts.push(std::fs::read_to_string(f)?);
    }
    if files.is_empty() {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        texts.push(text);
    }
    let t0 = std::time::Instant::now();
    let gaz = Gazetteer::embedded();
    eprintln!(
        "gazetteer: {} places loaded in {:?}",
        gaz.len(),
        t0.elapsed()
    );
    let names = std::env::var("GEO_LOOKUP").unwrap_or_default();
    for name in names.split('|').filter(|n| !n.is_empty()) {
        if gaz.lookup(name).is_empty() {
            println!("lookup {name:?}: none");
        }
        for id in gaz.lookup(name) {
            let p = gaz.place(id);
            println!(
                "lookup {name:?}: {} {}.{} {} {} pop {} at {:.4},{:.4}",
                p.name,
                p.feature_class,
                p.feature_code,
                p.country_iso2,
                p.admin1_code,
                p.population,
                p.lat,
                p.lon
            );
        }
    }
    for (n, text) in texts.into_iter().enumerate() {
        if files.len() > 1 {
            println!("== {}", files[n]);
        }
        dump(gaz, text);
    }
    Ok(())
}

fn dump(gaz: &Gazetteer, text: String) {
    let doc = Document::new(DocumentMeta::default(), text);
    for t in geoparse(&doc, gaz, &GeoOptions { country_hint: None }) {
        let p = gaz.place(t.place);
        println!(
            "{:?}\t{:?}\t{}\t{}.{}\t{}\t{}\t{:?}\t{:.2}\t{}",
            doc.slice(t.span),
            t.kind,
            p.name,
            p.feature_class,
            p.feature_code,
            t.country_iso2,
            gaz.admin1_name(&p.country_iso2, &p.admin1_code)
                .unwrap_or("-"),
            t.precision,
            t.score,
            t.rule
        );
    }
}
