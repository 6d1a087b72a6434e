//! Events from casualty mentions: which mentions make an event, which add to one.
//!
//! Each casualty mention that is not a repeat, hypothetical, negated or background
//! figure either starts a lethal/injurious event or adds to the open one it continues
//! (same or no new place, within two sentences of the same paragraph, not "separate").
//! Aggregates ("around 45" = 29 + 4 + 12) are events of their own, marked `aggregate`.

use eventwatch_counts::{Casualty, CasualtyKind, Tally};
use eventwatch_geo::Toponym;
use eventwatch_text::Document;

use crate::build::{
    place_in, same_place, sentence_violence, strongest_trigger, victim_role, Draft, Sentence,
};
use crate::lexicon::{Class, Lexicon};

pub(crate) fn drafts(
    doc: &Document,
    lex: &Lexicon,
    sentences: &[Sentence],
    toponyms: &[Toponym],
    casualties: &[Casualty],
    tally: &Tally,
) -> Vec<Draft> {
    let text = doc.text();
    let skip: Vec<bool> = (0..casualties.len())
        .map(|i| {
            let c = &casualties[i];
            tally.duplicates.contains(&i) || c.hypothetical || c.negated
        })
        .collect();

    let mut drafts: Vec<Draft> = Vec::new();
    for (i, c) in casualties.iter().enumerate() {
        if skip[i] {
            continue;
        }
        let s = doc.sentence_index(c.span.start);
        let aggregate = tally.aggregates.contains(&i);
        let own_place = place_in(toponyms, text, sentences[s].span, c.span);
        let separate = text[sentences[s].span.range()]
            .to_lowercase()
            .contains("separate");
        let target = if aggregate {
            None
        } else {
            drafts.iter().rposition(|d| {
                !d.aggregate
                    && d.class.is_violent()
                    && s >= d.sentence
                    && s - d.sentence <= 2
                    && sentences[d.sentence].paragraph + 1 >= sentences[s].paragraph
                    && (s == d.sentence || !separate)
                    && match (own_place, d.place) {
                        (Some(a), Some(b)) => same_place(toponyms, a, b),
                        (Some(_), None) => s == d.sentence,
                        (None, _) => true,
                    }
            })
        };
        let d = match target {
            Some(t) => &mut drafts[t],
            None => {
                drafts.push(Draft {
                    sentence: s,
                    anchor: c.span,
                    class: sentence_violence(sentences, lex, s).unwrap_or(Class::Kill),
                    trigger: strongest_trigger(&sentences[s], lex),
                    killed: 0,
                    killed_min: None,
                    killed_max: None,
                    injured: 0,
                    lethal_spans: Vec::new(),
                    injury_spans: Vec::new(),
                    victims: None,
                    aggregate,
                    place: own_place,
                    hedged: None,
                });
                drafts.last_mut().expect("just pushed")
            }
        };
        if d.place.is_none() {
            d.place = own_place;
        }
        if c.hedged {
            d.hedged.get_or_insert(c.trigger);
        }
        if d.victims.is_none() {
            d.victims = c.victims.as_ref().map(|v| (victim_role(v.kind), v.span));
        }
        match c.kind {
            CasualtyKind::Killed => {
                d.killed += c.count.best;
                d.killed_min =
                    Some(d.killed_min.unwrap_or(0) + c.count.min.unwrap_or(c.count.best));
                d.killed_max = match (d.killed_max, c.count.max, d.lethal_spans.is_empty()) {
                    (_, None, _) => None,
                    (None, Some(m), true) => Some(m),
                    (Some(a), Some(m), false) => Some(a + m),
                    _ => None,
                };
                d.lethal_spans.push((c.span, c.rule));
            }
            CasualtyKind::Injured => {
                d.injured += c.count.best;
                d.injury_spans.push((c.span, c.rule));
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
