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
//! remainder) becomes a plain event anchored on the aggregate's words.

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
            drafts.push(agg);
            if share.killed + share.injured == 0 {
                continue;
            }
            // The remainder its parts do not explain counts as an event of its own.
            let mut rest = new_draft(lex, sentences, s, c.span, own_place, false);
            add(&mut rest, c, *share, "tally: remainder of a total");
            drafts.push(rest);
            continue;
        }
        let separate = text
            .get(sentence.span.range())
            .is_some_and(|t| t.to_lowercase().contains("separate"));
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
                }
            }
            None => {
                let mut d = new_draft(lex, sentences, s, c.span, own_place, false);
                add(&mut d, c, *share, rule);
                drafts.push(d);
            }
        }
    }
    for d in &mut drafts {
        if d.lethal_spans.is_empty() {
            d.killed_min = None;
            d.killed_max = None;
        }
    }
    drafts
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
