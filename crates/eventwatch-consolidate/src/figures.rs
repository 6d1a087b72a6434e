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
//! Injuries follow the same rule, with the figure as both bounds.

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

/// Fatality and injury figures: the range over every report, the best figure over the
/// current ones (`superseded[i]` is `None`).
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
    fn e<'a>(m: &&'a Mention) -> &'a eventwatch_schema::Event {
        &m.event
    }
    let fat = Figures {
        min: ms
            .iter()
            .map(e)
            .map(|e| e.fatalities_min.unwrap_or(e.fatalities).min(e.fatalities))
            .min()
            .unwrap_or(0),
        max: ms
            .iter()
            .map(e)
            .map(|e| e.fatalities_max.unwrap_or(e.fatalities).max(e.fatalities))
            .max()
            .unwrap_or(0),
        best: lower_median(counted.iter().map(|m| m.event.fatalities).collect()),
    };
    let inj = Figures {
        min: ms.iter().map(|m| m.event.injuries).min().unwrap_or(0),
        max: ms.iter().map(|m| m.event.injuries).max().unwrap_or(0),
        best: lower_median(counted.iter().map(|m| m.event.injuries).collect()),
    };
    (fat, inj)
}
