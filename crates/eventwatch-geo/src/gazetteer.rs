//! [`Gazetteer`]: places, regions, countries and our own features, indexed by lookup key.

use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

use eventwatch_schema::PlacePrecision;
use eventwatch_text::Diagnostic;

use crate::index::{row_ok, rows, KeyIndex, Table};
use crate::normalize::normalize;

/// Index of a [`Place`] in its [`Gazetteer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceId(pub u32);

/// Ids from here up are eventwatch's own features (`aliases.tsv`), not GeoNames ids.
pub const LOCAL_ID_BASE: u64 = 9_000_000_000;

/// A short code borrowed from the embedded tables ("IQ", "ADM1", "09"); reads as a `str`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(&'static str);

impl Code {
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl std::ops::Deref for Code {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A populated place, a region (`A.ADM1`, `A.ADM2`), a country (`A.PCLI`) or a feature.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub geonameid: u64,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub feature_class: char,
    /// Codes borrow the embedded tables: no allocation per place.
    pub feature_code: Code,
    pub country_iso2: Code,
    pub admin1_code: Code,
    pub admin2_code: Code,
    pub population: u64,
}

impl Place {
    /// How precise a mention resolved to this place is.
    pub fn precision(&self) -> PlacePrecision {
        match (self.feature_class, self.feature_code.as_str()) {
            // A section of a town (a neighbourhood: "Gage Park" in Chicago) is a spot
            // inside it.
            ('P', "PPLX") => PlacePrecision::Point,
            ('P', _) => PlacePrecision::Town,
            ('A', "PCLI" | "TERR") | ('L', "CONT" | "RGN") | ('H', "SEA" | "GULF") => {
                PlacePrecision::Country
            }
            ('A', "ADM1") => PlacePrecision::Admin1,
            ('A', _) => PlacePrecision::Admin2,
            _ => PlacePrecision::Point,
        }
    }

    /// True for GeoNames ids (not eventwatch's own feature ids).
    pub fn has_geonames_id(&self) -> bool {
        self.geonameid < LOCAL_ID_BASE
    }

    pub fn is_country(&self) -> bool {
        self.feature_code == "PCLI"
    }
}

/// A country from GeoNames' `countryInfo.txt`, with demonyms.
#[derive(Clone, Debug, PartialEq)]
pub struct Country {
    pub iso2: String,
    pub iso3: String,
    pub name: String,
    pub geonameid: u64,
    pub lat: f64,
    pub lon: f64,
    pub demonyms: Vec<String>,
    pub capital: String,
    pub population: u64,
    /// ISO2 codes of bordering countries.
    pub neighbours: Vec<String>,
    /// The country as a [`Place`] (feature `A.PCLI`).
    pub place: PlaceId,
}

/// The gazetteer: loaded once from the embedded generated files plus `aliases.tsv`.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Lookup key → candidates of the generated tables (built by `cargo xtask gazetteer`).
    index: KeyIndex,
    /// Keys the alias table adds or extends: the complete candidate list of such a key.
    extra: HashMap<Box<str>, Vec<PlaceId>>,
    abbrevs: HashMap<Box<str>, Vec<PlaceId>>,
    aliases: FxHashSet<(Box<str>, PlaceId)>,
    countries: Vec<Country>,
    country_by_code: HashMap<String, usize>,
    admin1: HashMap<(String, String), PlaceId>,
    demonyms: HashMap<Box<str>, PlaceId>,
    max_words: usize,
    /// Second-level regions by (country, first-level code), built on first use.
    admin2_by_admin1: OnceLock<HashMap<(&'static str, &'static str), Vec<PlaceId>>>,
}

/// The two large generated tables are stored gzip-compressed (5.6 MB instead of 14.4 MB of
/// text) and inflated once, on first use.
const PLACES_GZ: &[u8] = include_bytes!("../../../data/gazetteer/places.tsv.gz");
const REGIONS_GZ: &[u8] = include_bytes!("../../../data/gazetteer/regions.tsv.gz");
/// The name index of the generated tables (see [`crate::index`]).
const KEYS_FST: &[u8] = include_bytes!("../../../data/gazetteer/keys.fst");
const KEYS_IDS: &[u8] = include_bytes!("../../../data/gazetteer/keys.ids");
pub(crate) const COUNTRIES_TSV: &str = include_str!("../../../data/gazetteer/countries.tsv");
pub(crate) const ALIASES_TSV: &str = include_str!("../../../data/gazetteer/aliases.tsv");

/// Inflates an embedded gzip file once. A damaged file yields the text read so far (or
/// none): the gazetteer is then smaller, which the crate's tests would show.
fn inflate(cell: &'static OnceLock<String>, gz: &[u8]) -> &'static str {
    cell.get_or_init(|| {
        use std::io::Read;
        let mut text = String::with_capacity(gz.len() * 3);
        let _ = flate2::read::GzDecoder::new(gz).read_to_string(&mut text);
        text
    })
}

/// The embedded data files `(name, text)`, decompressed, for loading and freshness checks.
pub fn embedded_files() -> [(&'static str, &'static str); 4] {
    static PLACES: OnceLock<String> = OnceLock::new();
    static REGIONS: OnceLock<String> = OnceLock::new();
    [
        ("places.tsv", inflate(&PLACES, PLACES_GZ)),
        ("regions.tsv", inflate(&REGIONS, REGIONS_GZ)),
        ("countries.tsv", COUNTRIES_TSV),
        ("aliases.tsv", ALIASES_TSV),
    ]
}

fn field<'a>(f: &[&'a str], i: usize) -> &'a str {
    f.get(i).copied().unwrap_or("")
}

impl Gazetteer {
    /// The gazetteer built into the binary, loaded on first use.
    pub fn embedded() -> &'static Gazetteer {
        static GAZ: OnceLock<Gazetteer> = OnceLock::new();
        GAZ.get_or_init(|| Gazetteer::load_embedded().0)
    }

    /// Loads the embedded tables with their prebuilt name index (a fresh copy; use
    /// [`Gazetteer::embedded`] for the shared one).
    pub fn load_embedded() -> (Gazetteer, Vec<Diagnostic>) {
        let [places, regions, countries, aliases] = embedded_files().map(|(_, t)| t);
        let (index, problem) = KeyIndex::load(Cow::Borrowed(KEYS_FST), KEYS_IDS);
        let (g, mut diags) = Gazetteer::assemble(places, regions, countries, aliases, index);
        if let Some(p) = problem {
            diags.push(Diagnostic::warning("gazetteer-index", p));
        }
        (g, diags)
    }

    /// Builds a gazetteer from the generated files and the alias table, indexing their
    /// names now (slower than [`Gazetteer::load_embedded`], which uses the prebuilt index).
    /// Rows that cannot be read are skipped and reported.
    pub fn from_tsv(
        places: &'static str,
        regions: &'static str,
        countries: &'static str,
        aliases: &'static str,
    ) -> (Gazetteer, Vec<Diagnostic>) {
        let (index, problem) = match crate::index::build(places, regions, countries) {
            Ok((fst, ids)) => KeyIndex::load(Cow::Owned(fst), &ids),
            Err(e) => (KeyIndex::load(Cow::Borrowed(&[]), &[]).0, Some(e)),
        };
        let (g, mut diags) = Gazetteer::assemble(places, regions, countries, aliases, index);
        if let Some(p) = problem {
            diags.push(Diagnostic::warning("gazetteer-index", p));
        }
        (g, diags)
    }

    /// The places of the three generated tables (in index order), then the alias table.
    fn assemble(
        places: &'static str,
        regions: &'static str,
        countries: &'static str,
        aliases: &'static str,
        index: KeyIndex,
    ) -> (Gazetteer, Vec<Diagnostic>) {
        let mut g = Gazetteer {
            places: Vec::with_capacity(places.len() / 60 + regions.len() / 40 + 1024),
            max_words: index.max_words,
            index,
            extra: HashMap::default(),
            abbrevs: HashMap::default(),
            aliases: FxHashSet::default(),
            countries: Vec::new(),
            country_by_code: HashMap::default(),
            admin1: HashMap::default(),
            demonyms: HashMap::default(),
            admin2_by_admin1: OnceLock::new(),
        };
        let mut diags = Vec::new();
        let mut bad = |file: &str, line: usize, what: &str| {
            diags.push(Diagnostic::warning(
                "gazetteer-row",
                format!("{file}:{line}: {what}"),
            ));
        };
        for (n, f) in rows(places) {
            let Some((id, lat, lon)) = row_ok(Table::Places, &f) else {
                bad("places.tsv", n, "expected geonameid, lat and lon numbers");
                continue;
            };
            g.push(Place {
                geonameid: id,
                name: field(&f, 1).to_string(),
                lat,
                lon,
                feature_class: 'P',
                feature_code: Code(field(&f, 5)),
                country_iso2: Code(field(&f, 6)),
                admin1_code: Code(field(&f, 7)),
                admin2_code: Code(field(&f, 8)),
                population: field(&f, 9).parse().unwrap_or(0),
            });
        }
        for (n, f) in rows(regions) {
            let Some((id, lat, lon)) = row_ok(Table::Regions, &f) else {
                bad("regions.tsv", n, "expected geonameid, lat and lon numbers");
                continue;
            };
            let pid = g.push(Place {
                geonameid: id,
                name: field(&f, 2).to_string(),
                lat,
                lon,
                feature_class: 'A',
                feature_code: Code(field(&f, 0)),
                country_iso2: Code(field(&f, 6)),
                admin1_code: Code(field(&f, 7)),
                admin2_code: Code(field(&f, 8)),
                population: field(&f, 9).parse().unwrap_or(0),
            });
            if field(&f, 0) == "ADM1" {
                g.admin1
                    .insert((field(&f, 6).to_string(), field(&f, 7).to_string()), pid);
            }
        }
        for (n, f) in rows(countries) {
            let Some((id, lat, lon)) = row_ok(Table::Countries, &f) else {
                bad(
                    "countries.tsv",
                    n,
                    "expected geonameid, lat and lon numbers",
                );
                continue;
            };
            let iso2 = field(&f, 0);
            let population = field(&f, 7).parse().unwrap_or(0);
            let pid = g.push(Place {
                geonameid: id,
                name: field(&f, 3).to_string(),
                lat,
                lon,
                feature_class: 'A',
                feature_code: Code("PCLI"),
                country_iso2: Code(iso2),
                admin1_code: Code(""),
                admin2_code: Code(""),
                population,
            });
            let demonyms: Vec<String> = field(&f, 9)
                .split('|')
                .filter(|d| !d.is_empty())
                .map(String::from)
                .collect();
            let ci = g.countries.len();
            for d in &demonyms {
                g.demonyms.entry(normalize(d).into()).or_insert(pid);
            }
            g.country_by_code.insert(iso2.to_string(), ci);
            g.country_by_code.insert(field(&f, 1).to_string(), ci);
            g.countries.push(Country {
                iso2: iso2.to_string(),
                iso3: field(&f, 1).to_string(),
                name: field(&f, 3).to_string(),
                geonameid: id,
                lat,
                lon,
                demonyms,
                capital: field(&f, 4).to_string(),
                population,
                neighbours: field(&f, 10)
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                place: pid,
            });
        }
        let mut local = LOCAL_ID_BASE;
        for (n, f) in rows(aliases) {
            let names = field(&f, 1).split('|').filter(|s| !s.is_empty());
            match field(&f, 0) {
                "demonym" => {
                    let Some(pid) = g.resolve_target(field(&f, 2)) else {
                        bad(
                            "aliases.tsv",
                            n,
                            &format!("target {:?} matches no place", field(&f, 2)),
                        );
                        continue;
                    };
                    for name in names {
                        g.demonyms.insert(normalize(name).into(), pid);
                    }
                }
                kind @ ("alias" | "abbrev") => {
                    let Some(pid) = g.resolve_target(field(&f, 2)) else {
                        bad(
                            "aliases.tsv",
                            n,
                            &format!("target {:?} matches no place", field(&f, 2)),
                        );
                        continue;
                    };
                    for name in names {
                        let key: Box<str> = normalize(name).into();
                        g.aliases.insert((key.clone(), pid));
                        // "S.C.", "W.Va." are unambiguous anywhere; "Ga." only after "Town, ".
                        let dotted = name.trim_end_matches('.').contains('.');
                        if kind == "alias" || dotted {
                            g.add_extra(&key, pid, true);
                        }
                        if kind == "abbrev" {
                            let ids = g.abbrevs.entry(key).or_default();
                            if !ids.contains(&pid) {
                                ids.insert(0, pid);
                            }
                        }
                    }
                }
                "feature" => {
                    let (Ok(lat), Ok(lon)) = (field(&f, 5).parse(), field(&f, 6).parse()) else {
                        bad("aliases.tsv", n, "feature: expected lat and lon numbers");
                        continue;
                    };
                    let (class, code) = field(&f, 2).split_once('.').unwrap_or(("L", "RGN"));
                    let mut all = field(&f, 1).split('|');
                    let name = all.next().unwrap_or_default().to_string();
                    let pid = g.push(Place {
                        geonameid: local,
                        name,
                        lat,
                        lon,
                        feature_class: class.chars().next().unwrap_or('L'),
                        feature_code: Code(code),
                        country_iso2: Code(field(&f, 3)),
                        admin1_code: Code(field(&f, 4)),
                        admin2_code: Code(""),
                        population: 0,
                    });
                    local += 1;
                    let own = normalize(g.place(pid).name.as_str());
                    for key in std::iter::once(own).chain(all.map(normalize)) {
                        g.add_extra(&key, pid, false);
                    }
                }
                other => bad(
                    "aliases.tsv",
                    n,
                    &format!("unknown row kind {other:?}; expected alias, abbrev or feature"),
                ),
            }
        }
        // Names of countries ("Britain") are places, whatever the demonym list says.
        let countries_by_key: Vec<Box<str>> = g
            .demonyms
            .keys()
            .filter(|k| g.lookup_key(k).iter().any(|&id| g.place(id).is_country()))
            .cloned()
            .collect();
        for k in countries_by_key {
            g.demonyms.remove(&k);
        }
        (g, diags)
    }

    fn push(&mut self, p: Place) -> PlaceId {
        let id = PlaceId(self.places.len() as u32);
        self.places.push(p);
        id
    }

    /// Adds a candidate to a key (at the front when `first`), starting from the generated
    /// index's candidates of that key.
    fn add_extra(&mut self, key: &str, pid: PlaceId, first: bool) {
        if key.is_empty() {
            return;
        }
        self.max_words = self
            .max_words
            .max(key.bytes().filter(|&b| b == b' ').count() + 1);
        if !self.extra.contains_key(key) {
            let base = self.index.get(key).to_vec();
            self.extra.insert(key.into(), base);
        }
        let Some(ids) = self.extra.get_mut(key) else {
            return;
        };
        if ids.contains(&pid) {
            return;
        }
        if first {
            ids.insert(0, pid);
        } else {
            ids.push(pid);
        }
    }

    /// `Name@CC` (a town if one has the name), `Name@CC.ADM1`, `Name@CC.P`, `Name@*` or `@CC`.
    fn resolve_target(&self, target: &str) -> Option<PlaceId> {
        let (name, scope) = target.split_once('@')?;
        if name.is_empty() {
            return self.country(scope).map(|c| c.place);
        }
        let (cc, kind) = scope.split_once('.').unwrap_or((scope, ""));
        self.lookup(name)
            .into_iter()
            .filter(|&id| {
                let p = self.place(id);
                let kind_ok = match kind {
                    "ADM1" => p.feature_code == "ADM1",
                    "P" => p.feature_class == 'P',
                    _ => true,
                };
                (cc == "*" || p.country_iso2 == cc) && kind_ok
            })
            // Our own features first (they have no population), then towns (an alias names
            // a town unless the target says `.ADM1`), then the most populous.
            .max_by_key(|&id| {
                let p = self.place(id);
                (!p.has_geonames_id(), p.feature_class == 'P', p.population)
            })
    }

    /// The place behind an id from this gazetteer (the first place for a foreign id).
    pub fn place(&self, id: PlaceId) -> &Place {
        static NOWHERE: OnceLock<Place> = OnceLock::new();
        self.places.get(id.0 as usize).unwrap_or_else(|| {
            NOWHERE.get_or_init(|| Place {
                geonameid: 0,
                name: String::new(),
                lat: 0.0,
                lon: 0.0,
                feature_class: 'L',
                feature_code: Code(""),
                country_iso2: Code(""),
                admin1_code: Code(""),
                admin2_code: Code(""),
                population: 0,
            })
        })
    }

    /// Number of places (including regions, countries and features).
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// A country by ISO 3166-1 alpha-2 or alpha-3 code (case-insensitive).
    pub fn country(&self, iso2_or_iso3: &str) -> Option<&Country> {
        let code = iso2_or_iso3.trim().to_ascii_uppercase();
        self.country_by_code
            .get(&code)
            .and_then(|&i| self.countries.get(i))
    }

    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// Candidates for a name, normalised with [`normalize`].
    pub fn lookup(&self, name: &str) -> Vec<PlaceId> {
        self.lookup_key(&normalize(name)).to_vec()
    }

    /// Candidates for an already normalised key.
    pub fn lookup_key(&self, key: &str) -> &[PlaceId] {
        match self.extra.get(key) {
            Some(ids) => ids,
            None => self.index.get(key),
        }
    }

    /// Candidates for a state abbreviation such as "Ga." (only valid after "Town, ").
    pub fn lookup_abbrev(&self, key: &str) -> &[PlaceId] {
        self.abbrevs.get(key).map_or(&[], Vec::as_slice)
    }

    /// The country (or region, for "African") a demonym key ("iraqi", "iraqis") refers to.
    pub fn demonym(&self, key: &str) -> Option<PlaceId> {
        self.demonyms.get(key).copied()
    }

    /// Neighbouring countries (ISO2) of a country, from GeoNames.
    pub fn neighbours(&self, iso2: &str) -> &[String] {
        self.country(iso2).map_or(&[], |c| c.neighbours.as_slice())
    }

    /// True when `key` reaches `id` through the hand-written alias table.
    pub fn is_alias(&self, key: &str, id: PlaceId) -> bool {
        self.aliases.contains(&(Box::from(key), id))
    }

    /// Longest key in words.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// The name of a first-level region ("Dhi Qar" for `IQ`, `09`).
    pub fn admin1_name(&self, country_iso2: &str, admin1_code: &str) -> Option<&str> {
        self.admin1_place(country_iso2, admin1_code)
            .map(|id| self.place(id).name.as_str())
    }

    /// The first-level region as a place.
    pub fn admin1_place(&self, country_iso2: &str, admin1_code: &str) -> Option<PlaceId> {
        self.admin1
            .get(&(country_iso2.to_string(), admin1_code.to_string()))
            .copied()
    }

    /// The second-level regions (`ADM2`) of a first-level region.
    pub fn admin2_regions(&self, country_iso2: &str, admin1_code: &str) -> Vec<PlaceId> {
        let map = self.admin2_by_admin1.get_or_init(|| {
            let mut m: HashMap<(&'static str, &'static str), Vec<PlaceId>> = HashMap::default();
            for (i, p) in self.places.iter().enumerate() {
                if p.feature_code == "ADM2" {
                    m.entry((p.country_iso2.as_str(), p.admin1_code.as_str()))
                        .or_default()
                        .push(PlaceId(i as u32));
                }
            }
            m
        });
        let map: &HashMap<(&str, &str), Vec<PlaceId>> = map;
        map.get(&(country_iso2, admin1_code))
            .cloned()
            .unwrap_or_default()
    }

    pub fn iso3(&self, iso2: &str) -> Option<&str> {
        self.country(iso2).map(|c| c.iso3.as_str())
    }
}
