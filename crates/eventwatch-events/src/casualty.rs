//! Events from casualty mentions: which mentions make an event, which add to one.
//!
//! The figures come from [`eventwatch_counts::contributions`]: what each mention adds to
//! the document totals after repeats, parts of totals, "two shot, one fatally" and coders'
//! figures are worked out, so the events of a document sum to
//! [`eventwatch_counts::document_totals`]. Each real mention (not hypothetical, negated or
//! background) either starts a lethal/injurious event or joins the open one it continues
//! (same or no new place, within two sentences of the same paragraph, not "separate");
//! every such mention stays on its event as evidence, even when it adds nothing (a
//! repeat). Aggregates ("around 45" = 29 + 4 + 12) are events of their own, marked
//! `aggregate` and showing their whole figure; what their parts do not explain (the
//! remainder) becomes a plain event anchored on the aggregate's words. A total whose parts
//! are victims at its own place is one scene, not a round-up: its parts and remainder fold
//! into it ([`one_scene`]).

use eventwatch_counts::{Casualty, CasualtyKind, Contribution, Tally};
use eventwatch_geo::Toponym;
use eventwatch_text::{Document, Span};

use crate::build::{sentence_violence, strongest_trigger, victim_role, Draft, Sentence};
use crate::lexicon::{Class, Lexicon};
use crate::place::{place_in, same_place};

/// The evidence rule of a mention that adds nothing because its figure is told elsewhere.
const REPEAT: &str = "tally: repeat of a figure already counted";
/// The evidence rule of a killed figure replaced by a coder's ("Fatalities coded as 3").
const SUPERSEDED: &str = "tally: superseded by the coded figure";

pub(crate) fn drafts(
    doc: &Document,
    lex: &Lexicon,
    sentences: &[Sentence],
    toponyms: &[Toponym],
    casualties: &[Casualty],
    tally: &Tally,
) -> Vec<Draft> {
    let text = doc.text();
    let shares = eventwatch_counts::contributions(doc, casualties, tally);

    let mut drafts: Vec<Draft> = Vec::new();
    // The draft each casualty mention went to, and each aggregate's remainder draft.
    let mut holder: Vec<Option<usize>> = vec![None; casualties.len()];
    let mut remainder_of: Vec<(usize, usize)> = Vec::new();
    for (i, (c, share)) in casualties.iter().zip(&shares).enumerate() {
        if c.hypothetical || c.negated || c.background {
            continue;
        }
        let s = doc.sentence_index(c.span.start);
        let Some(sentence) = sentences.get(s) else {
            continue;
        };
        let own_place = place_in(toponyms, text, sentence.span, c.span);
        if tally.aggregates.contains(&i) {
            // The aggregate shows its whole figure and is left out of sums.
            let figure = eventwatch_counts::figure(casualties, tally, i);
            let mut agg = new_draft(lex, sentences, s, c.span, own_place, true);
            let whole = match c.kind {
                CasualtyKind::Killed => Contribution {
                    killed: figure,
                    injured: 0,
                },
                CasualtyKind::Injured => Contribution {
                    killed: 0,
                    injured: figure,
                },
            };
            add(&mut agg, c, whole, c.rule);
            holder[i] = Some(drafts.len());
            drafts.push(agg);
            if share.killed + share.injured == 0 {
                continue;
            }
            // The remainder its parts do not explain counts as an event of its own.
            let mut rest = new_draft(lex, sentences, s, c.span, own_place, false);
            add(&mut rest, c, *share, "tally: remainder of a total");
            remainder_of.push((i, drafts.len()));
            drafts.push(rest);
            continue;
        }
        let separate = says_separate(text, sentence.span);
        let target = drafts.iter().rposition(|d| {
            !d.aggregate
                && d.class.is_violent()
                && s >= d.sentence
                && s - d.sentence <= 2
                && sentences
                    .get(d.sentence)
                    .is_some_and(|ds| ds.paragraph + 1 >= sentence.paragraph)
                && (s == d.sentence || !separate)
                && match (own_place, d.place) {
                    (Some(a), Some(b)) => same_place(toponyms, a, b),
                    (Some(_), None) => s == d.sentence,
                    (None, _) => true,
                }
        });
        let counted = share.killed + share.injured > 0;
        // A repeat far from its first telling still belongs to the latest event.
        let target = target.or_else(|| {
            (!counted)
                .then(|| {
                    drafts
                        .iter()
                        .rposition(|d| !d.aggregate && d.class.is_violent())
                })
                .flatten()
        });
        let rule = if counted || c.count.best == 0 {
            c.rule
        } else if tally.superseded.contains(&i) {
            SUPERSEDED
        } else {
            REPEAT
        };
        match target {
            Some(t) => {
                if let Some(d) = drafts.get_mut(t) {
                    if d.place.is_none() {
                        d.place = own_place;
                    }
                    add(d, c, *share, rule);
                    holder[i] = Some(t);
                }
            }
            None => {
                let mut d = new_draft(lex, sentences, s, c.span, own_place, false);
                add(&mut d, c, *share, rule);
                holder[i] = Some(drafts.len());
                drafts.push(d);
            }
        }
    }
    let drafts = one_scene(
        text,
        sentences,
        toponyms,
        tally,
        &holder,
        &remainder_of,
        drafts,
    );
    let mut drafts = drafts;
    for d in &mut drafts {
        if d.lethal_spans.is_empty() {
            d.killed_min = None;
            d.killed_max = None;
        }
    }
    drafts
}

/// Whether a sentence tells of "separate" happenings ("in a separate clash in Najaf"):
/// its casualties start an event of their own and are no part of one scene.
fn says_separate(text: &str, sentence: Span) -> bool {
    text.get(sentence.range())
        .is_some_and(|t| t.to_lowercase().contains("separate"))
}

/// The evidence rule of a total whose parts are victims of one scene.
const ONE_SCENE: &str = "tally: total of its parts, one scene";

/// A total and its parts told of one scene ("a man shot four people outside a store ...
/// The security guard was shot twice") are one event, not a round-up: when every part
/// lies at the total's place (or names none) and no sentence of them says "separate", the
/// total's event takes the parts' events and
/// its remainder, keeps all their words as evidence, and is no longer an aggregate. Its
/// figures are the sum of what the merged events add (the parts and the remainder make up
/// the total). Parts at different places ("29 in Nassiriya, four in Baghdad") stay events
/// of their own under an aggregate.
fn one_scene(
    text: &str,
    sentences: &[Sentence],
    toponyms: &[Toponym],
    tally: &Tally,
    holder: &[Option<usize>],
    remainder_of: &[(usize, usize)],
    mut drafts: Vec<Draft>,
) -> Vec<Draft> {
    let separate = |d: &Draft| {
        sentences
            .get(d.sentence)
            .is_some_and(|x| says_separate(text, x.span))
    };
    let mut gone = vec![false; drafts.len()];
    for (a, parts) in &tally.parts_of {
        let Some(agg) = holder.get(*a).copied().flatten() else {
            continue;
        };
        if gone[agg] || !drafts[agg].aggregate {
            continue;
        }
        let mut members: Vec<usize> = parts
            .iter()
            .filter_map(|&p| holder.get(p).copied().flatten())
            .collect();
        if members.is_empty() {
            continue;
        }
        members.extend(remainder_of.iter().filter(|(x, _)| x == a).map(|&(_, r)| r));
        members.sort_unstable();
        members.dedup();
        if members
            .iter()
            .any(|&m| m == agg || gone[m] || drafts[m].aggregate || separate(&drafts[m]))
            || separate(&drafts[agg])
        {
            continue;
        }
        // One place for all: every part that names a place names the total's. (A total
        // without a place of its own does not take its parts' place.)
        let one_place = members
            .iter()
            .all(|&m| match (drafts[agg].place, drafts[m].place) {
                (_, None) => true,
                (Some(a), Some(p)) => same_place(toponyms, a, p),
                (None, Some(_)) => false,
            });
        if !one_place {
            continue;
        }
        // What the members add, read before the total's event changes.
        let taken: Vec<Draft> = members
            .iter()
            .map(|&m| {
                gone[m] = true;
                let d = &mut drafts[m];
                Draft {
                    lethal_spans: std::mem::take(&mut d.lethal_spans),
                    injury_spans: std::mem::take(&mut d.injury_spans),
                    ..*d
                }
            })
            .collect();
        let merged = &mut drafts[agg];
        merged.aggregate = false;
        merged.killed = 0;
        merged.injured = 0;
        merged.killed_min = Some(0);
        merged.killed_max = Some(0);
        for sp in merged
            .lethal_spans
            .iter_mut()
            .chain(merged.injury_spans.iter_mut())
        {
            sp.1 = ONE_SCENE;
        }
        for d in taken {
            merged.killed = merged.killed.saturating_add(d.killed);
            merged.injured = merged.injured.saturating_add(d.injured);
            merged.killed_min = merged
                .killed_min
                .zip(d.killed_min)
                .map(|(x, y)| x.saturating_add(y));
            merged.killed_max = merged
                .killed_max
                .zip(d.killed_max)
                .map(|(x, y)| x.saturating_add(y));
            for sp in d.lethal_spans {
                if !merged.lethal_spans.iter().any(|x| x.0 == sp.0) {
                    merged.lethal_spans.push(sp);
                }
            }
            for sp in d.injury_spans {
                if !merged.injury_spans.iter().any(|x| x.0 == sp.0) {
                    merged.injury_spans.push(sp);
                }
            }
            merged.victims = merged.victims.or(d.victims);
            merged.hedged = merged.hedged.or(d.hedged);
            merged.place = merged.place.or(d.place);
        }
    }
    drafts
        .into_iter()
        .zip(gone)
        .filter_map(|(d, g)| (!g).then_some(d))
        .collect()
}

/// Sentences in a report short enough that a toll after a clash is the clash's toll.
const SHORT_REPORT: usize = 4;

fn new_draft(
    lex: &Lexicon,
    sentences: &[Sentence],
    s: usize,
    anchor: Span,
    place: Option<usize>,
    aggregate: bool,
) -> Draft {
    Draft {
        sentence: s,
        anchor,
        // A toll told in the sentence after its clash ("Clashes broke out between troops
        // and rebels. At least 4 police and 39 civilians were killed.") is the clash's.
        // ("were killed" names no deed of its own.)
        class: sentence_violence(sentences, lex, s)
            .filter(|&c| c != Class::Kill)
            .or_else(|| {
                let prev = s.checked_sub(1)?;
                (sentences.len() <= SHORT_REPORT)
                    .then(|| sentence_violence(sentences, lex, prev))
                    .flatten()
                    .filter(|&c| c == Class::Clash)
            })
            .or_else(|| sentence_violence(sentences, lex, s))
            .unwrap_or(Class::Kill),
        trigger: sentences.get(s).and_then(|x| strongest_trigger(x, lex)),
        killed: 0,
        killed_min: Some(0),
        killed_max: Some(0),
        injured: 0,
        lethal_spans: Vec::new(),
        injury_spans: Vec::new(),
        victims: None,
        aggregate,
        place,
        hedged: None,
    }
}

/// Adds one mention's share to a draft, and its words as evidence.
fn add(d: &mut Draft, c: &Casualty, share: Contribution, rule: &'static str) {
    let counted = share.killed + share.injured > 0;
    if counted {
        if c.hedged {
            d.hedged.get_or_insert(c.trigger);
        }
        if d.victims.is_none() {
            d.victims = c.victims.as_ref().map(|v| (victim_role(v.kind), v.span));
        }
    }
    d.killed = d.killed.saturating_add(share.killed);
    d.injured = d.injured.saturating_add(share.injured);
    // Bounds: a mention that adds its own figure adds its qualifiers ("at least 29" has no
    // upper bound); a share worked out by the tally is exact.
    let whole = c.kind == CasualtyKind::Killed && share.killed == c.count.best;
    let (lo, hi) = if whole {
        (c.count.min.unwrap_or(c.count.best), c.count.max)
    } else {
        (share.killed, Some(share.killed))
    };
    d.killed_min = d.killed_min.map(|m| m.saturating_add(lo));
    d.killed_max = d.killed_max.zip(hi).map(|(a, b)| a.saturating_add(b));
    match c.kind {
        CasualtyKind::Killed => d.lethal_spans.push((c.span, rule)),
        CasualtyKind::Injured if share.killed > 0 => d.lethal_spans.push((c.span, rule)),
        CasualtyKind::Injured => d.injury_spans.push((c.span, rule)),
    }
    if c.kind == CasualtyKind::Killed && share.injured > 0 {
        d.injury_spans.push((c.span, rule));
    }
}
