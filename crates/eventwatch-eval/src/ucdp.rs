//! UCDP GED Iraq (`events/ucdp_ged_iraq.csv`): what eventwatch makes of the source headline
//! of each georeferenced event.
//!
//! Every row is a lethal event (UCDP codes only organised violence with deaths), so the
//! headline should yield a lethal event. The headline is the source article's, not the
//! event's own description: a round-up headline ("Iraq violence kills 14 as January toll
//! tops 800") can name other figures and places than the coded event. The figures are
//! therefore diagnostics, without bars: share of headlines with a lethal event, main event
//! in Iraq, right first-level region (UCDP's `adm_1`, compared by normalised name),
//! fatalities equal to UCDP's `best` and within `low..=high`. The document's publication
//! date is UCDP's `source_date` (the article's date, not the event's). The second line of
//! the file holds HXL tags and is skipped; rows without a headline are counted, not scored.

use std::path::Path;

use anyhow::{Context, Result};
use eventwatch_text::{Document, DocumentMeta};

use crate::{Extractor, Metric, Report};

/// Lower-case ASCII letters only, without "province"/"governorate" and leading articles,
/// so "Şalāḩ ad Dīn province" and "Salah ad Din" compare equal.
fn region_key(name: &str) -> String {
    let folded: String = name
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            let base = match c {
                'á' | 'à' | 'ā' | 'â' | 'ä' => 'a',
                'é' | 'è' | 'ē' | 'ê' => 'e',
                'í' | 'ī' | 'î' => 'i',
                'ó' | 'ō' | 'ô' | 'ö' => 'o',
                'ú' | 'ū' | 'û' | 'ü' => 'u',
                'ḑ' | 'ḍ' => 'd',
                'ḩ' | 'ḥ' => 'h',
                'ş' | 'ṣ' => 's',
                'ţ' | 'ṭ' => 't',
                'ẓ' => 'z',
                c => c,
            };
            base.is_ascii_alphabetic()
                .then(|| base.to_ascii_lowercase())
                .or((base == ' ').then_some(' '))
        })
        .collect();
    folded
        .split_whitespace()
        .filter(|w| {
            !matches!(
                *w,
                "province" | "governorate" | "muhafazat" | "al" | "an" | "ad" | "as" | "ar" | "at"
            )
        })
        .collect::<Vec<_>>()
        .join("")
}

pub fn score(data_dir: &Path, x: &dyn Extractor) -> Result<Report> {
    let path = crate::events::find_data_file(data_dir, "events", "ucdp_ged_iraq.csv")?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (
        Some(c_head),
        Some(c_adm1),
        Some(c_best),
        Some(c_low),
        Some(c_high),
        Some(c_date),
        Some(c_id),
    ) = (
        col("source_headline"),
        col("adm_1"),
        col("best"),
        col("low"),
        col("high"),
        col("source_date"),
        col("id"),
    )
    else {
        anyhow::bail!("{}: expected UCDP GED columns (id, source_headline, adm_1, best, low, high, source_date)", path.display());
    };
    let mut report = Report {
        name: "ucdp-ged-iraq".into(),
        title: "UCDP GED Iraq: source headlines (diagnostic, no bars)".into(),
        dataset: "events/ucdp_ged_iraq.csv".into(),
        ..Report::default()
    };
    let (
        mut n,
        mut lethal,
        mut in_iraq,
        mut admin1_n,
        mut admin1_ok,
        mut best_ok,
        mut range_ok,
        mut no_headline,
    ) = (0, 0, 0, 0, 0, 0, 0, 0);
    for (i, row) in rdr.records().enumerate() {
        let line = i + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                report.unreadable.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let id = row.get(c_id).unwrap_or("").trim();
        if id.is_empty() || id.starts_with('#') {
            continue; // the HXL tag line
        }
        let headline = row.get(c_head).unwrap_or("").trim();
        if headline.is_empty() {
            no_headline += 1;
            continue;
        }
        let num = |c: usize| row.get(c).and_then(|v| v.trim().parse::<u32>().ok());
        let (Some(best), Some(low), Some(high)) = (num(c_best), num(c_low), num(c_high)) else {
            report.unreadable.push(format!(
                "line {line}: best/low/high: expected whole numbers"
            ));
            continue;
        };
        let published = row
            .get(c_date)
            .and_then(|d| d.get(..10))
            .and_then(|d| d.parse().ok());
        let doc = Document::new(
            DocumentMeta {
                id: format!("ucdp-{id}"),
                published,
                ..DocumentMeta::default()
            },
            headline,
        );
        n += 1;
        let events = x.events(&doc);
        let killed: u32 = events
            .iter()
            .filter(|e| !e.aggregate)
            .map(|e| e.fatalities)
            .sum();
        let main = events.iter().find(|e| e.fatalities > 0 || e.aggregate);
        if main.is_some() {
            lethal += 1;
        }
        let loc = events.first().and_then(|e| e.location.as_ref());
        if loc.and_then(|l| l.country.as_deref()) == Some("IRQ") {
            in_iraq += 1;
        }
        if let Some(l) = loc.filter(|l| l.admin1.is_some()) {
            admin1_n += 1;
            let gold = region_key(row.get(c_adm1).unwrap_or(""));
            if !gold.is_empty() && l.admin1.as_deref().map(region_key) == Some(gold) {
                admin1_ok += 1;
            }
        }
        if killed == best {
            best_ok += 1;
        }
        if (low..=high).contains(&killed) {
            range_ok += 1;
        }
    }
    report.metrics = vec![
        Metric::share("headlines with a lethal event", lethal, n),
        Metric::share("main event located in Iraq", in_iraq, n),
        Metric::share("right admin1 (main events with one)", admin1_ok, admin1_n),
        Metric::share("fatalities = UCDP best", best_ok, n),
        Metric::share("fatalities within UCDP low..high", range_ok, n),
    ];
    report.details = format!(
        "{no_headline} rows have no source headline and are not scored. Headlines describe the \
         source article, so figures and places may legitimately differ from the coded event."
    );
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::region_key;

    #[test]
    fn region_names_compare_across_spellings() {
        assert_eq!(
            region_key("Şalāḩ ad Dīn province"),
            region_key("Salah ad Din")
        );
        assert_eq!(region_key("Al Anbār province"), region_key("Al Anbar"));
        assert_eq!(region_key("An Najaf"), region_key("Najaf governorate"));
        assert_ne!(region_key("Baghdad"), region_key("Basra"));
    }
}
