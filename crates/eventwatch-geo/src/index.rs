//! The name index of the generated tables: normalised lookup key → place ids.
//!
//! `cargo xtask gazetteer` builds it with [`build`] from the generated `places.tsv`,
//! `regions.tsv` and `countries.tsv` and writes two binary files next to them:
//!
//! - `keys.fst`: an [`fst::Map`] from key to `offset << LEN_BITS | count` into the id table;
//! - `keys.ids`: a header (`EWKI`, format 1, longest key in words, number of ids) followed
//!   by the ids (`u32`, little-endian), grouped by key in the order the rows add them.
//!
//! Loading then only decodes the id table (a few hundred thousand integers) and maps the
//! fst in place, instead of hashing every name at start-up. Ids are row positions: places,
//! then regions, then countries, counting only rows the loader accepts (numeric id, lat and lon). The
//! test `key_index_matches_tables` rebuilds the index from the embedded tables and
//! compares bytes.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::normalize::normalize;

/// Bits of an fst value holding the number of ids of a key.
pub const LEN_BITS: u32 = 20;
const MAGIC: &[u8; 4] = b"EWKI";
const VERSION: u32 = 1;
const HEADER: usize = 16;

/// Which generated table a row comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Places,
    Regions,
    Countries,
}

impl Table {
    /// Columns of (geonameid, name, other keys, lat, lon); `None` for no keys column.
    pub(crate) fn columns(self) -> (usize, usize, Option<usize>, usize, usize) {
        match self {
            Table::Places => (0, 1, Some(2), 3, 4),
            Table::Regions => (1, 2, Some(3), 4, 5),
            Table::Countries => (2, 3, None, 5, 6),
        }
    }
}

/// Data lines as (line number, up to 12 tab-separated fields; missing ones empty).
pub(crate) fn rows(text: &str) -> impl Iterator<Item = (usize, [&str; 12])> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(n, l)| {
            let mut f = [""; 12];
            for (slot, part) in f.iter_mut().zip(l.split('\t')) {
                *slot = part;
            }
            (n + 1, f)
        })
}

/// The geonameid, lat and lon of a row, when they are numbers (else the loader skips it).
pub(crate) fn row_ok(table: Table, f: &[&str; 12]) -> Option<(u64, f64, f64)> {
    let (id, _, _, lat, lon) = table.columns();
    let get = |i: usize| f.get(i).copied().unwrap_or("");
    Some((
        get(id).parse().ok()?,
        get(lat).parse().ok()?,
        get(lon).parse().ok()?,
    ))
}

/// The lookup keys of an accepted row: its normalised name, then its other keys.
pub(crate) fn row_keys<'a>(table: Table, f: &[&'a str; 12]) -> impl Iterator<Item = KeyText<'a>> {
    let (_, name, keys, _, _) = table.columns();
    let get = |i: usize| f.get(i).copied().unwrap_or("");
    let own = KeyText::Owned(normalize(get(name)));
    let others = keys.map(get).unwrap_or("");
    std::iter::once(own).chain(
        others
            .split('|')
            .filter(|k| !k.is_empty())
            .map(KeyText::Borrowed),
    )
}

/// A key from a row: normalised at load or taken from the keys column as written.
pub(crate) enum KeyText<'a> {
    Owned(String),
    Borrowed(&'a str),
}

impl KeyText<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            KeyText::Owned(s) => s,
            KeyText::Borrowed(s) => s,
        }
    }
}

/// The two index files as bytes: (`keys.fst`, `keys.ids`). Deterministic.
pub fn build(places: &str, regions: &str, countries: &str) -> Result<(Vec<u8>, Vec<u8>), String> {
    let mut by_key: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut next: u32 = 0;
    let mut max_words = 1usize;
    for (table, text) in [
        (Table::Places, places),
        (Table::Regions, regions),
        (Table::Countries, countries),
    ] {
        for (_, f) in rows(text) {
            if row_ok(table, &f).is_none() {
                continue;
            }
            for key in row_keys(table, &f) {
                let key = key.as_str();
                if key.is_empty() {
                    continue;
                }
                max_words = max_words.max(key.bytes().filter(|&b| b == b' ').count() + 1);
                let ids = by_key.entry(key.to_string()).or_default();
                if !ids.contains(&next) {
                    ids.push(next);
                }
            }
            next += 1;
        }
    }
    let total: usize = by_key.values().map(Vec::len).sum();
    let mut ids = Vec::with_capacity(HEADER + 4 * total);
    ids.extend_from_slice(MAGIC);
    for n in [VERSION, max_words as u32, total as u32] {
        ids.extend_from_slice(&n.to_le_bytes());
    }
    let mut map = fst::MapBuilder::memory();
    let mut offset: u64 = 0;
    for (key, list) in &by_key {
        let len = list.len().min((1 << LEN_BITS) - 1);
        map.insert(key, (offset << LEN_BITS) | len as u64)
            .map_err(|e| format!("key {key:?}: {e}"))?;
        for id in list.iter().take(len) {
            ids.extend_from_slice(&id.to_le_bytes());
        }
        offset += len as u64;
    }
    let fst = map.into_inner().map_err(|e| e.to_string())?;
    Ok((fst, ids))
}

/// The loaded index: the mapped fst and the decoded id table.
pub(crate) struct KeyIndex {
    map: Option<fst::Map<Cow<'static, [u8]>>>,
    ids: Vec<crate::PlaceId>,
    pub(crate) max_words: usize,
}

impl std::fmt::Debug for KeyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyIndex")
            .field("keys", &self.map.as_ref().map_or(0, |m| m.len()))
            .field("ids", &self.ids.len())
            .finish()
    }
}

impl KeyIndex {
    /// Reads the two files; `Err` says what is wrong (the index is then empty).
    pub(crate) fn load(fst: Cow<'static, [u8]>, ids: &[u8]) -> (KeyIndex, Option<String>) {
        let empty = KeyIndex {
            map: None,
            ids: Vec::new(),
            max_words: 1,
        };
        let header = |i: usize| -> Option<u32> { word(ids.get(i..i + 4)?) };
        if ids.get(..4) != Some(MAGIC.as_slice()) || header(4) != Some(VERSION) {
            return (empty, Some("keys.ids: not an index of format 1".into()));
        }
        let map = match fst::Map::new(fst) {
            Ok(m) => m,
            Err(e) => return (empty, Some(format!("keys.fst: {e}"))),
        };
        let body = ids.get(HEADER..).unwrap_or_default();
        let list: Vec<crate::PlaceId> = body
            .chunks_exact(4)
            .filter_map(|c| word(c).map(crate::PlaceId))
            .collect();
        let problem = (header(12) != Some(list.len() as u32))
            .then(|| "keys.ids: id count differs from its header".to_string());
        (
            KeyIndex {
                map: Some(map),
                ids: list,
                max_words: header(8).unwrap_or(1).max(1) as usize,
            },
            problem,
        )
    }

    /// Ids of a normalised key (empty when absent).
    pub(crate) fn get(&self, key: &str) -> &[crate::PlaceId] {
        let Some(v) = self.map.as_ref().and_then(|m| m.get(key)) else {
            return &[];
        };
        let len = (v & ((1 << LEN_BITS) - 1)) as usize;
        let off = (v >> LEN_BITS) as usize;
        self.ids.get(off..off.saturating_add(len)).unwrap_or(&[])
    }
}

/// A little-endian `u32` from four bytes.
fn word(b: &[u8]) -> Option<u32> {
    <[u8; 4]>::try_from(b).ok().map(u32::from_le_bytes)
}
