//! Casualty figures across reports, Iraq Body Count style: a minimum and a maximum over
//! the current reports, a best figure by a written rule, and toll updates that supersede
//! earlier reports without deleting them.
//!
//! The rule (also in `docs/consolidation.md`):
//!
//! 1. A report is *superseded* by a strictly later-published report of the same event
//!    that gives a higher figure ("rose to 45"), that uses update wording in its
//!    fatality evidence (the cues in `data/update_cues.txt`, whatever the direction), or
//!    that comes from the same outlet (an outlet's latest report replaces its earlier
//!    ones). Reports without a publication date neither supersede nor are superseded.
//! 2. `min` is the lowest lower bound and `max` the highest upper bound over **all** the
//!    reports, superseded ones included — the range of what was reported, as Iraq Body
//!    Count keeps it; a report's bounds are its `fatalities_min`/`_max` when the text
//!    states them ("at least 29"), else its figure.
//! 3. `best` is the lower median of the current reports' figures, counting unhedged
//!    reports only when there is one ("reportedly" figures fill in otherwise).
//!
//! Injuries follow the same rule, with the figure as both bounds. Only reports that give
//! a figure for a count take part in it: a count above zero or words behind it ("no one
//! was hurt"); a report of the same incident that says nothing of casualties (the protest
//! before the crackdown) is no report of zero.

use std::sync::OnceLock;

use crate::day;
use crate::mention::{Mention, MentionKey};

fn cues() -> &'static [String] {
    static CUES: OnceLock<Vec<String>> = OnceLock::new();
    CUES.get_or_init(|| {
        include_str!("../data/update_cues.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    })
}

/// The update wording in a mention's fatality evidence, if any.
pub fn update_cue(m: &Mention) -> Option<String> {
    m.event
        .evidence
        .iter()
        .filter(|e| e.field == "fatalities")
        .find_map(|e| {
            let t = e.text.to_lowercase();
            let r = e.rule.to_lowercase();
            cues()
                .iter()
                .find(|c| t.contains(c.as_str()) || r.contains(c.as_str()))
                .cloned()
        })
}

/// Range and best figure of one count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Figures {
    pub min: u32,
    pub max: u32,
    pub best: u32,
}

/// For each mention (same order), the key of the report that supersedes it.
pub fn supersession(ms: &[&Mention]) -> Vec<Option<MentionKey>> {
    let published: Vec<Option<i32>> = ms
        .iter()
        .map(|m| m.published.as_deref().and_then(day::parse))
        .collect();
    let cue: Vec<bool> = ms.iter().map(|m| update_cue(m).is_some()).collect();
    let mut out = Vec::with_capacity(ms.len());
    for (i, m) in ms.iter().enumerate() {
        let Some(pi) = published.get(i).copied().flatten() else {
            out.push(None);
            continue;
        };
        // The earliest later report that supersedes this one (ties by key).
        let by = ms
            .iter()
            .enumerate()
            .filter_map(|(j, n)| {
                let pj = published.get(j).copied().flatten()?;
                let later = pj > pi;
                let supersedes = later
                    && (n.event.fatalities > m.event.fatalities
                        || cue.get(j).copied().unwrap_or(false)
                        || (m.source.is_some() && m.source == n.source));
                supersedes.then_some((pj, &n.key))
            })
            .min();
        out.push(by.map(|(_, k)| k.clone()));
    }
    out
}

fn lower_median(mut v: Vec<u32>) -> u32 {
    v.sort_unstable();
    match v.len() {
        0 => 0,
        n => v.get((n - 1) / 2).copied().unwrap_or(0),
    }
}

/// Whether a report gives a figure for `field` ("fatalities" or "injuries"): a count above
/// zero, or words behind the count ("no one was hurt"). A report of the protest that says
/// nothing of casualties does not report zero killed.
fn gives(m: &Mention, field: &str, count: u32) -> bool {
    count > 0 || m.event.evidence.iter().any(|e| e.field == field)
}

/// The reports that give a figure for a count, or all of them when none does.
fn giving<'a>(ms: &[&'a Mention], field: &str, count: fn(&Mention) -> u32) -> Vec<&'a Mention> {
    let some: Vec<&Mention> = ms
        .iter()
        .filter(|m| gives(m, field, count(m)))
        .copied()
        .collect();
    if some.is_empty() {
        ms.to_vec()
    } else {
        some
    }
}

/// Fatality and injury figures: the range over every report, the best figure over the
/// current ones (`superseded[i]` is `None`); for each count, only reports that give a
/// figure for it take part (all of them when none does).
pub fn figures(ms: &[&Mention], superseded: &[Option<MentionKey>]) -> (Figures, Figures) {
    let current: Vec<&Mention> = ms
        .iter()
        .zip(superseded)
        .filter(|(_, s)| s.is_none())
        .map(|(m, _)| *m)
        .collect();
    let unhedged: Vec<&Mention> = current
        .iter()
        .filter(|m| !m.event.hedged)
        .copied()
        .collect();
    let counted = if unhedged.is_empty() {
        &current
    } else {
        &unhedged
    };
    let fatalities = |m: &Mention| m.event.fatalities;
    let injuries = |m: &Mention| m.event.injuries;
    let (all_f, counted_f) = (
        giving(ms, "fatalities", fatalities),
        giving(counted, "fatalities", fatalities),
    );
    let (all_i, counted_i) = (
        giving(ms, "injuries", injuries),
        giving(counted, "injuries", injuries),
    );
    let fat = Figures {
        min: all_f
            .iter()
            .map(|m| &m.event)
            .map(|e| e.fatalities_min.unwrap_or(e.fatalities).min(e.fatalities))
            .min()
            .unwrap_or(0),
        max: all_f
            .iter()
            .map(|m| &m.event)
            .map(|e| e.fatalities_max.unwrap_or(e.fatalities).max(e.fatalities))
            .max()
            .unwrap_or(0),
        best: lower_median(counted_f.iter().map(|m| m.event.fatalities).collect()),
    };
    let inj = Figures {
        min: all_i.iter().map(|m| m.event.injuries).min().unwrap_or(0),
        max: all_i.iter().map(|m| m.event.injuries).max().unwrap_or(0),
        best: lower_median(counted_i.iter().map(|m| m.event.injuries).collect()),
    };
    (fat, inj)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwatch_schema::{Event, Evidence};

    fn report(doc: &str, killed: u32, said: Option<&str>) -> Mention {
        let mut e = Event::of_type("Protests", "Excessive force against protesters", "ASSAULT");
        e.fatalities = killed;
        e.evidence = said
            .map(|text| Evidence {
                field: "fatalities".into(),
                start: 0,
                end: text.chars().count() as u32,
                text: text.into(),
                rule: "test".into(),
            })
            .into_iter()
            .collect();
        Mention::new(MentionKey::new(doc, 0), e)
    }

    fn figures_of(ms: &[Mention]) -> Figures {
        let refs: Vec<&Mention> = ms.iter().collect();
        figures(&refs, &supersession(&refs)).0
    }

    #[test]
    fn a_report_silent_on_casualties_is_no_report_of_zero() {
        let ms = [
            report("a", 29, Some("killed at least 29")),
            report("b", 0, None),
            report("c", 25, Some("25 were killed")),
        ];
        let f = figures_of(&ms);
        assert_eq!((f.min, f.max, f.best), (25, 29, 25));
    }

    #[test]
    fn a_stated_zero_counts_and_all_silent_reports_give_zero() {
        let ms = [
            report("a", 3, Some("three died")),
            report("b", 0, Some("no one was killed")),
        ];
        let f = figures_of(&ms);
        assert_eq!((f.min, f.max, f.best), (0, 3, 0));
        let silent = [report("a", 0, None), report("b", 0, None)];
        assert_eq!(figures_of(&silent), Figures::default());
    }
}
