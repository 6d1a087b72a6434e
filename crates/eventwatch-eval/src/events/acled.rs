//! ACLED exports: a lenient loader for the current and the older schemas, the mapping of
//! older event types onto today's, and the main-event scorer.
//!
//! # Documents
//!
//! The document text is the `notes` column; its id is `event_id_cnty`. The publication
//! date is left `None` on purpose: an ACLED export has no publication date, and the only
//! date at hand is the gold `event_date` itself, which the notes usually restate ("On 3
//! March 2020, ..."). Giving it to the extractor as an anchor would hand it the answer
//! of the date metric; an extractor must read the date from the notes.
//!
//! # Older type names (2015 and 2016 files)
//!
//! Before 2019 ACLED used nine event types; [`map_old_type`] maps them as follows
//! (case-insensitive). "unscored" means the gold field is not recoverable from the old
//! record, so the row is left out of that one metric (the report says how many).
//!
//! | old `event_type` | event_type | sub_event_type |
//! |---|---|---|
//! | Battle-No change of territory | Battles | Armed clash |
//! | Battle-Government regains territory | Battles | Government regains territory |
//! | Battle-Non-state actor(s) overtake(s) territory | Battles | Non-state actor overtakes territory |
//! | Remote violence | Explosions/Remote violence | unscored (air strike, shelling, IED, grenade, suicide bomb were not told apart) |
//! | Violence against civilians, `inter2` 6 (the victims are protesters) | Protests | Excessive force against protesters (the sub-type that took these events over in 2019) |
//! | Violence against civilians, any other `inter2` | Violence against civilians | unscored (attack, abduction, sexual violence) |
//! | Riots/Protests, either `inter` code 5 (rioters) | Riots | unscored (violent demonstration or mob violence) |
//! | Riots/Protests, an `inter` code 6 and no 5 | Protests | Peaceful protest when `inter2` is 0 (no other side), else unscored |
//! | Riots/Protests, neither 5 nor 6 | unscored | unscored |
//! | Strategic development | Strategic developments | unscored |
//! | Non-violent transfer of territory | Strategic developments | Non-violent transfer of territory |
//! | Headquarters or base established | Strategic developments | Headquarters or base established |
//!
//! Any other type name makes the row unreadable.
//!
//! # The 2015 sample
//!
//! Every row of `acled_2015_south_asia.csv` is read (so every unreadable row is reported),
//! but only a deterministic sample is scored: with `n` readable rows, every `k`-th one in
//! file order starting with the first, `k = ceil(n / 2000)` (1,699 of 10,194 rows today).
//! The other residues of the row index modulo `k` are rows no rule was tuned on:
//! [`score_held_out`] scores one of them the same way (the `acled_held_out` example of
//! `eventwatch-events` prints it), to check that a change generalises.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::Context;
use eventwatch_schema::{ACLED_EVENT_TYPES, ACLED_SUB_EVENT_TYPES};
use jiff::civil::Date;

use super::tally::{haversine_km, ErrorSample, Labels, NONE_LABEL};
use crate::{Extractor, Metric, Report};

/// The most rows of a large export that are scored.
pub const SAMPLE_LIMIT: usize = 2000;

/// Radius around the gold point within which a predicted place counts as right.
pub const PLACE_RADIUS_KM: f64 = 25.0;

/// The three ACLED dev sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcledSet {
    /// `acled_2020_sample.csv`: current schema with `sub_event_type`.
    Current2020,
    /// `acled_2016_sample.csv`: Africa, older type names.
    Africa2016,
    /// `acled_2015_south_asia.csv`: upper-case columns, older type names, sampled.
    SouthAsia2015,
}

impl AcledSet {
    pub const ALL: [AcledSet; 3] = [
        AcledSet::Current2020,
        AcledSet::Africa2016,
        AcledSet::SouthAsia2015,
    ];

    pub fn file(self) -> &'static str {
        match self {
            AcledSet::Current2020 => "acled_2020_sample.csv",
            AcledSet::Africa2016 => "acled_2016_sample.csv",
            AcledSet::SouthAsia2015 => "acled_2015_south_asia.csv",
        }
    }

    /// The report name (`eval/reports/<name>.md`).
    pub fn name(self) -> &'static str {
        match self {
            AcledSet::Current2020 => "acled-2020",
            AcledSet::Africa2016 => "acled-2016",
            AcledSet::SouthAsia2015 => "acled-2015-south-asia",
        }
    }

    fn title(self) -> &'static str {
        match self {
            AcledSet::Current2020 => "ACLED 2020 sample: main event",
            AcledSet::Africa2016 => "ACLED 2016 Africa sample: main event (older types mapped)",
            AcledSet::SouthAsia2015 => {
                "ACLED 2015 South Asia sample: main event (older types mapped)"
            }
        }
    }

    /// True when the file has the current `event_type`/`sub_event_type` columns.
    fn current_schema(self) -> bool {
        self == AcledSet::Current2020
    }
}

/// One readable gold row.
#[derive(Clone, Debug, PartialEq)]
pub struct AcledRow {
    /// Line of the file where the record starts (1 = header).
    pub line: u64,
    pub id: String,
    pub notes: String,
    /// The type as written in the file.
    pub original_type: String,
    /// Today's event type; `None` when the old record does not tell.
    pub event_type: Option<&'static str>,
    /// Today's sub-event type; `None` when the old record does not tell.
    pub sub_event_type: Option<&'static str>,
    pub inter1: u8,
    pub inter2: u8,
    pub admin1: String,
    pub lat: f64,
    pub lon: f64,
    pub geo_precision: u8,
    pub fatalities: u32,
    pub date: Date,
}

/// Today's `(event_type, sub_event_type)`; a `None` part is not told by the old record.
pub type MappedType = (Option<&'static str>, Option<&'static str>);

/// Today's event type and sub-type for an older ACLED type name (table in the module
/// docs); `None` for a name that is not an older ACLED type.
pub fn map_old_type(old: &str, inter1: u8, inter2: u8) -> Option<MappedType> {
    let key = old.trim().to_lowercase();
    let mapped = match key.as_str() {
        "battle-no change of territory" => (Some("Battles"), Some("Armed clash")),
        "battle-government regains territory" => {
            (Some("Battles"), Some("Government regains territory"))
        }
        "battle-non-state actors overtake territory"
        | "battle-non-state actor overtakes territory" => {
            (Some("Battles"), Some("Non-state actor overtakes territory"))
        }
        "remote violence" => (Some("Explosions/Remote violence"), None),
        // Since 2019 violence against demonstrators is a sub-type of Protests, and ACLED
        // recoded the older events whose victims were protesters accordingly.
        "violence against civilians" if inter2 == 6 => {
            (Some("Protests"), Some("Excessive force against protesters"))
        }
        "violence against civilians" => (Some("Violence against civilians"), None),
        "riots/protests" => {
            if inter1 == 5 || inter2 == 5 {
                (Some("Riots"), None)
            } else if inter1 == 6 || inter2 == 6 {
                let sub = (inter2 == 0).then_some("Peaceful protest");
                (Some("Protests"), sub)
            } else {
                (None, None)
            }
        }
        "strategic development" | "strategic developments" => {
            (Some("Strategic developments"), None)
        }
        "non-violent transfer of territory" => (
            Some("Strategic developments"),
            Some("Non-violent transfer of territory"),
        ),
        "headquarters or base established" => (
            Some("Strategic developments"),
            Some("Headquarters or base established"),
        ),
        _ => return None,
    };
    Some(mapped)
}

/// Whether `notes` name the month and the year of `date` ("on 3 March 2020"), so an
/// extractor given no publication date can tell the event date. ACLED notes since 2019
/// always do; older ones mostly say "on 2 July", "on Thursday" or nothing, and those rows
/// are left out of the date metric rather than counted wrong.
pub fn notes_state_date(notes: &str, date: Date) -> bool {
    let year = date.year().to_string();
    let words: Vec<String> = notes
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let month = words.iter().any(|w| month_number(w) == Some(date.month()));
    month && words.contains(&year)
}

/// Reads an ACLED date: `21 March 2020`, `01-January-2015` or `2016-07-02`.
pub fn parse_acled_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.split([' ', '-', '/']).filter(|p| !p.is_empty()).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 {
        (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?)
    } else {
        let m = month_number(b).or_else(|| b.parse().ok())?;
        (c.parse().ok()?, m, a.parse().ok()?)
    };
    Date::new(y, m, d).ok()
}

fn month_number(name: &str) -> Option<i8> {
    eventwatch_text::calendar::month_number(name).and_then(|m| i8::try_from(m).ok())
}

/// Reads every record of an ACLED file: the readable rows and, for the others, a reason
/// each (`file:line: ...`). Fails only when the file or its header cannot be read.
pub fn load(path: &Path, set: AcledSet) -> anyhow::Result<(Vec<AcledRow>, Vec<String>)> {
    let file_name = set.file();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("{}: cannot open", path.display()))?;
    let header = reader
        .byte_headers()
        .with_context(|| format!("{}: cannot read the header", path.display()))?
        .clone();
    let columns: HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (String::from_utf8_lossy(h).trim().to_lowercase(), i))
        .collect();
    let mut required = vec![
        "notes",
        "event_type",
        "inter1",
        "inter2",
        "admin1",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
        "event_date",
    ];
    if set.current_schema() {
        required.push("sub_event_type");
    }
    for c in &required {
        anyhow::ensure!(
            columns.contains_key(*c),
            "{}: expected a column {c:?} in the header, found none",
            path.display()
        );
    }
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line());
                match read_row(&record, &columns, set, line) {
                    Ok(row) => rows.push(row),
                    Err(why) => unreadable.push(format!("{file_name}:{line}: {why}")),
                }
            }
            Err(e) => {
                unreadable.push(format!("{file_name}:{line}: {e}"));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    Ok((rows, unreadable))
}

fn read_row(
    record: &csv::ByteRecord,
    columns: &HashMap<String, usize>,
    set: AcledSet,
    line: u64,
) -> Result<AcledRow, String> {
    let field = |name: &str| -> Result<String, String> {
        let i = columns
            .get(name)
            .ok_or_else(|| format!("no column {name:?}"))?;
        let raw = record
            .get(*i)
            .ok_or_else(|| format!("field {name:?}: expected a value, found a short row"))?;
        std::str::from_utf8(raw)
            .map(|s| s.trim().to_string())
            .map_err(|_| format!("field {name:?}: expected UTF-8 text, found invalid bytes"))
    };
    let number = |name: &str| -> Result<f64, String> {
        let v = field(name)?;
        v.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("field {name:?}: expected a number, found {v:?}"))
    };
    let small = |name: &str, max: u8| -> Result<u8, String> {
        let v = field(name)?;
        v.parse::<u8>()
            .ok()
            .filter(|x| *x <= max)
            .ok_or_else(|| format!("field {name:?}: expected a code 0..={max}, found {v:?}"))
    };

    let notes = field("notes")?;
    if notes.is_empty() {
        return Err("field \"notes\": expected the event description, found nothing".into());
    }
    let inter1 = small("inter1", 8)?;
    let inter2 = small("inter2", 8)?;
    let original_type = field("event_type")?;
    let (event_type, sub_event_type) = if set.current_schema() {
        let et = ACLED_EVENT_TYPES
            .iter()
            .find(|t| **t == original_type)
            .copied()
            .ok_or_else(|| {
                format!(
                    "field \"event_type\": expected an ACLED event type, found {original_type:?}"
                )
            })?;
        let sub = field("sub_event_type")?;
        let (st, parent) = ACLED_SUB_EVENT_TYPES
            .iter()
            .find(|(s, _)| *s == sub)
            .copied()
            .ok_or_else(|| {
                format!("field \"sub_event_type\": expected an ACLED sub-event type, found {sub:?}")
            })?;
        if parent != et {
            return Err(format!(
                "field \"sub_event_type\": expected a sub-type of {et:?}, found {sub:?} (a sub-type of {parent:?})"
            ));
        }
        (Some(et), Some(st))
    } else {
        map_old_type(&original_type, inter1, inter2).ok_or_else(|| {
            format!("field \"event_type\": expected an ACLED event type (old or current), found {original_type:?}")
        })?
    };
    let raw_date = field("event_date")?;
    let date = parse_acled_date(&raw_date).ok_or_else(|| {
        format!("field \"event_date\": expected a date like 21 March 2020, found {raw_date:?}")
    })?;
    let raw_fat = field("fatalities")?;
    let fatalities = raw_fat
        .parse::<u32>()
        .map_err(|_| format!("field \"fatalities\": expected a whole number, found {raw_fat:?}"))?;
    let lat = number("latitude")?;
    let lon = number("longitude")?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!(
            "fields \"latitude\"/\"longitude\": expected a point on earth, found {lat}, {lon}"
        ));
    }
    let id = field("event_id_cnty")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("line-{line}"));
    Ok(AcledRow {
        line,
        id,
        notes,
        original_type,
        event_type,
        sub_event_type,
        inter1,
        inter2,
        admin1: field("admin1")?,
        lat,
        lon,
        geo_precision: small("geo_precision", 9)?,
        fatalities,
        date,
    })
}

/// The rows that are scored: all of them, or every `k`-th when there are more than
/// [`SAMPLE_LIMIT`] (see the module docs).
pub fn sample(rows: Vec<AcledRow>) -> Vec<AcledRow> {
    sample_from(rows, 0)
}

/// Every `k`-th row starting with row `residue` (`k` as in [`sample`]); all rows when the
/// file is small enough to be scored whole.
pub fn sample_from(rows: Vec<AcledRow>, residue: usize) -> Vec<AcledRow> {
    if rows.len() <= SAMPLE_LIMIT {
        return rows;
    }
    let k = rows.len().div_ceil(SAMPLE_LIMIT);
    rows.into_iter().skip(residue % k).step_by(k).collect()
}

/// Region names compared without case, spaces or punctuation.
fn norm_region(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Loads, samples and scores one ACLED file.
pub fn score(path: &Path, set: AcledSet, x: &dyn Extractor) -> anyhow::Result<Report> {
    score_from(path, set, x, 0)
}

/// Scores the rows of a sampled file that [`score`] leaves out: every `k`-th row starting
/// with row `residue` (1 ≤ `residue` < `k`). Returns `None` for a file scored whole,
/// which has no such rows.
pub fn score_held_out(
    path: &Path,
    set: AcledSet,
    x: &dyn Extractor,
    residue: usize,
) -> anyhow::Result<Option<Report>> {
    let (rows, _) = load(path, set)?;
    if rows.len() <= SAMPLE_LIMIT {
        return Ok(None);
    }
    anyhow::ensure!(
        !residue.is_multiple_of(rows.len().div_ceil(SAMPLE_LIMIT)),
        "residue {residue}: expected a row offset the scored sample does not use"
    );
    let mut report = score_from(path, set, x, residue)?;
    report.name = format!("{}-held-out-{residue}", set.name());
    report.title = format!("{} (held-out rows, offset {residue})", set.title());
    Ok(Some(report))
}

fn score_from(
    path: &Path,
    set: AcledSet,
    x: &dyn Extractor,
    residue: usize,
) -> anyhow::Result<Report> {
    let (all_rows, unreadable) = load(path, set)?;
    let read = all_rows.len();
    let rows = sample_from(all_rows, residue);

    let mut types = Labels::new();
    let mut subs = Labels::new();
    let mut no_event = 0usize;
    let (mut inter1_hits, mut inter2_hits, mut both_hits) = (0usize, 0usize, 0usize);
    let (mut place_n, mut place_hits) = (0usize, 0usize);
    let (mut admin_n, mut admin_hits) = (0usize, 0usize);
    let (mut fat_hits, mut date_hits, mut date_n) = (0usize, 0usize, 0usize);
    let mut type_errors = ErrorSample::new(10);
    let mut sub_errors = ErrorSample::new(10);
    let mut fat_errors = ErrorSample::new(10);
    let mut date_errors = ErrorSample::new(10);
    let mut place_errors = ErrorSample::new(10);
    let mut mapping: BTreeMap<(String, String, String), usize> = BTreeMap::new();

    for row in &rows {
        let doc = super::document(&row.id, &row.notes, None);
        let (main, events) = super::main_event(x, &doc);
        if main.is_none() {
            no_event += 1;
        }
        if !set.current_schema() {
            *mapping
                .entry((
                    row.original_type.clone(),
                    row.event_type.unwrap_or("unscored").to_string(),
                    row.sub_event_type.unwrap_or("unscored").to_string(),
                ))
                .or_insert(0) += 1;
        }
        let pred_type = main.as_ref().map(|e| e.event_type.as_str());
        if let Some(gold) = row.event_type {
            types.push(gold, pred_type);
            if pred_type != Some(gold) {
                type_errors.push(&row.id, gold, pred_type.unwrap_or(NONE_LABEL));
            }
        }
        let pred_sub = main.as_ref().map(|e| e.sub_event_type.as_str());
        if let Some(gold) = row.sub_event_type {
            subs.push(gold, pred_sub);
            if pred_sub != Some(gold) {
                sub_errors.push(&row.id, gold, pred_sub.unwrap_or(NONE_LABEL));
            }
        }
        let Some(main) = main else {
            // A document with no event counts as wrong for every metric.
            if row.geo_precision == 1 {
                place_n += 1;
            }
            if !row.admin1.is_empty() {
                admin_n += 1;
            }
            fat_errors.push(&row.id, &row.fatalities.to_string(), NONE_LABEL);
            if notes_state_date(&row.notes, row.date) {
                date_n += 1;
                date_errors.push(&row.id, &row.date.to_string(), NONE_LABEL);
            }
            continue;
        };
        let i1 = main.actor1.as_ref().map_or(0, |a| a.inter);
        let i2 = main.actor2.as_ref().map_or(0, |a| a.inter);
        inter1_hits += usize::from(i1 == row.inter1);
        inter2_hits += usize::from(i2 == row.inter2);
        both_hits += usize::from(i1 == row.inter1 && i2 == row.inter2);
        if row.geo_precision == 1 {
            place_n += 1;
            match &main.location {
                Some(l) => {
                    let km = haversine_km(row.lat, row.lon, l.lat, l.lon);
                    if km <= PLACE_RADIUS_KM {
                        place_hits += 1;
                    } else {
                        let pred =
                            format!("{} ({:.4}, {:.4}), {km:.0} km off", l.name, l.lat, l.lon);
                        place_errors.push(
                            &row.id,
                            &format!("({:.4}, {:.4})", row.lat, row.lon),
                            &pred,
                        );
                    }
                }
                None => place_errors.push(
                    &row.id,
                    &format!("({:.4}, {:.4})", row.lat, row.lon),
                    NONE_LABEL,
                ),
            }
        }
        if !row.admin1.is_empty() {
            admin_n += 1;
            let pred = main.location.as_ref().and_then(|l| l.admin1.as_deref());
            if pred.is_some_and(|p| norm_region(p) == norm_region(&row.admin1)) {
                admin_hits += 1;
            }
        }
        let fatalities: u64 = events
            .iter()
            .filter(|e| !e.aggregate)
            .map(|e| u64::from(e.fatalities))
            .sum();
        if fatalities == u64::from(row.fatalities) {
            fat_hits += 1;
        } else {
            fat_errors.push(
                &row.id,
                &row.fatalities.to_string(),
                &fatalities.to_string(),
            );
        }
        let gold_date = row.date.to_string();
        if !notes_state_date(&row.notes, row.date) {
            // Unscored: the notes do not give the year (see `notes_state_date`).
        } else if main.date.as_deref() == Some(gold_date.as_str()) {
            date_n += 1;
            date_hits += 1;
        } else {
            date_n += 1;
            date_errors.push(
                &row.id,
                &gold_date,
                main.date.as_deref().unwrap_or(NONE_LABEL),
            );
        }
    }

    let n = rows.len();
    let metrics = vec![
        Metric::share("event_type accuracy", types.hits(), types.len()).with_bar(0.85),
        Metric::share("sub_event_type accuracy", subs.hits(), subs.len()).with_bar(0.75),
        Metric {
            name: "sub_event_type macro-F1".into(),
            value: subs.macro_f1(),
            n: subs.len(),
            bar: None,
            unit: "",
        },
        Metric::share("inter1 accuracy", inter1_hits, n).with_bar(0.80),
        Metric::share("inter2 accuracy", inter2_hits, n).with_bar(0.80),
        Metric::share("inter1 and inter2 accuracy", both_hits, n),
        Metric::share("place within 25 km (geo_precision 1)", place_hits, place_n).with_bar(0.85),
        Metric::share("admin1 match", admin_hits, admin_n),
        Metric::share("fatalities exact", fat_hits, n).with_bar(0.92),
        Metric::share(
            "event date exact (notes giving month and year)",
            date_hits,
            date_n,
        )
        .with_bar(0.97),
        Metric::share("documents with no event", no_event, n),
    ];

    let mut details = String::new();
    details.push_str(&format!(
        "{read} rows read, {} unreadable, {n} scored{}. A document with no event counts as wrong \
         for every metric. Document text: `notes`; publication date: none (the only date in an \
         ACLED export is the gold event date). The date is scored on the {date_n} rows whose \
         notes name the event's month and year ({} others say at most \"on 2 July\" or \
         \"on Thursday\", which no reader can date without a publication date).\n\n",
        unreadable.len(),
        if n < read {
            format!(" (every {}-th readable row)", read.div_ceil(SAMPLE_LIMIT))
        } else {
            String::new()
        },
        n - date_n,
    ));
    if !set.current_schema() {
        details.push_str("### Older types mapped to today's\n\n| file type | event_type | sub_event_type | rows |\n|---|---|---|---:|\n");
        for ((old, et, st), c) in &mapping {
            details.push_str(&format!("| {old} | {et} | {st} | {c} |\n"));
        }
        details.push('\n');
    }
    details.push_str(&types.confusion_markdown("event_type confusion", 7));
    details.push('\n');
    details.push_str(&subs.confusion_markdown("sub_event_type confusion", 10));
    details.push('\n');
    for (title, e) in [
        ("event_type errors", &type_errors),
        ("sub_event_type errors", &sub_errors),
        ("fatality errors", &fat_errors),
        ("date errors", &date_errors),
        ("place errors", &place_errors),
    ] {
        details.push_str(&e.markdown(title));
        details.push('\n');
    }

    Ok(Report {
        name: set.name().into(),
        title: set.title().into(),
        dataset: format!("events/{}", set.file()),
        metrics,
        unreadable,
        details,
    })
}

#[cfg(test)]
mod date_metric_tests {
    use super::notes_state_date;

    #[test]
    fn only_notes_naming_month_and_year_are_date_scored() {
        let d = |s: &str| s.parse().unwrap();
        let cases = [
            (
                "On 3 March 2020, police fired on protesters.",
                "2020-03-03",
                true,
            ),
            (
                "Three troops were killed on 2 July in clashes.",
                "2016-07-02",
                false,
            ),
            (
                "A gunfight broke out on Thursday night.",
                "2015-01-01",
                false,
            ),
            (
                "Protests resumed in Jan 2015 after the vote.",
                "2015-01-05",
                true,
            ),
            ("On 3 March 2019, police fired.", "2020-03-03", false),
        ];
        for (notes, date, expected) in cases {
            assert_eq!(notes_state_date(notes, d(date)), expected, "{notes}");
        }
    }
}
