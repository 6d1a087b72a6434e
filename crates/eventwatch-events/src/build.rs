//! Argument linking, coding and salience: turns the annotations of a document into events.

use eventwatch_counts::{self as counts, VictimKind};
use eventwatch_geo::{self as geo, MentionKind, Toponym};
use eventwatch_schema::{Actor, DatePrecision, Event, Evidence, PlacePrecision, TimeMention};
use eventwatch_text::segment::{self, Token};
use eventwatch_text::{calendar, Document, Span};
use eventwatch_time::{self as time, Granularity, Timex};

use crate::lexicon::{Class, Cue, Role, Words};
use crate::place::{dominant_country, locative, place_in, place_mention};
use crate::{Extraction, Pipeline};

/// Per-sentence annotations.
pub(crate) struct Sentence {
    pub(crate) span: Span,
    pub(crate) paragraph: usize,
    pub(crate) triggers: Vec<(usize, Span)>,
    pub(crate) actors: Vec<(usize, Span)>,
    pub(crate) cues: Vec<(Cue, Span)>,
    /// Named persons: the span of "Prime Minister Adel Abdul Mahdi" and the name's span.
    pub(crate) persons: Vec<(Span, Span)>,
    /// Specific weapons named in the sentence, event or not ("the shells contained poison
    /// gas", "attacks mostly using grenades").
    pub(crate) weapons: Vec<Class>,
}

/// An event under construction, with byte spans; turned into a schema `Event` at the end.
pub(crate) struct Draft {
    pub(crate) sentence: usize,
    pub(crate) anchor: Span,
    pub(crate) class: Class,
    pub(crate) trigger: Option<(usize, Span)>,
    pub(crate) killed: u32,
    pub(crate) killed_min: Option<u32>,
    pub(crate) killed_max: Option<u32>,
    pub(crate) injured: u32,
    pub(crate) lethal_spans: Vec<(Span, &'static str)>,
    pub(crate) injury_spans: Vec<(Span, &'static str)>,
    pub(crate) victims: Option<(Role, Span)>,
    pub(crate) aggregate: bool,
    pub(crate) place: Option<usize>,
    pub(crate) hedged: Option<Span>,
}

pub(crate) fn victim_role(kind: VictimKind) -> Role {
    match kind {
        VictimKind::Protesters => Role::Protesters,
        VictimKind::Civilians | VictimKind::Unknown => Role::Civilians,
        VictimKind::Police => Role::Police,
        VictimKind::Military => Role::Military,
        VictimKind::Militants => Role::Rebels,
        VictimKind::Attackers => Role::Armed,
    }
}

/// More specific weapon classes win when several triggers share a sentence.
fn violence_rank(c: Class) -> u8 {
    match c {
        Class::Chem => 10,
        Class::Suicide => 9,
        Class::Air => 8,
        Class::Shell => 7,
        Class::Grenade => 6,
        Class::Bomb => 5,
        Class::Clash => 4,
        Class::Mob => 3,
        Class::Fire => 2,
        Class::Attack => 1,
        _ => 0,
    }
}

pub(crate) fn extract(p: &Pipeline, doc: &Document) -> Extraction {
    let text = doc.text();
    let lex = &p.lexicon;
    let gaz = p.gazetteer;

    // "RELATED: Boy shot near a playground Sunday dies": another story's headline counts
    // nobody of this report.
    let mut casualties = counts::casualties(doc);
    casualties.retain(|c| {
        let sentence = doc
            .sentences()
            .iter()
            .find(|s| s.contains(c.span))
            .copied()
            .unwrap_or(c.span);
        !in_link(text, sentence, c.span)
    });
    let tally = counts::tally(doc, &casualties);
    let timexes = time::timexes(doc);
    let mut toponyms = geo::geoparse(doc, gaz, &p.geo);
    // A place name inside an actor's name ("Quds Force", "Islamic State") is not a place.
    // Each sentence is tokenised and matched once; the matches serve all passes below.
    let tokenised: Vec<(Vec<Token>, Vec<String>)> = doc
        .sentences()
        .iter()
        .map(|&span| {
            let tokens = segment::tokens(text, span);
            let lower = Words::new(text, &tokens).lower;
            (tokens, lower)
        })
        .collect();
    let raw_actors: Vec<Vec<(usize, Span)>> = tokenised
        .iter()
        .map(|(tokens, lower)| lex.find_actors(&Words::from_parts(tokens, lower.clone())))
        .collect();
    let actor_spans: Vec<Span> = raw_actors
        .iter()
        .flatten()
        .filter(|&&(a, _)| lex.actors[a].pattern.source.contains(' '))
        .map(|&(_, s)| s)
        .collect();
    toponyms.retain(|t| !actor_spans.iter().any(|a| a.overlaps(t.span)));
    // "U.S. troops", "Iraqi police": a country name right before actor words modifies
    // them; it is not where the event happened.
    let actor_starts: Vec<u32> = raw_actors.iter().flatten().map(|&(_, s)| s.start).collect();
    for t in toponyms.iter_mut() {
        let next = t.span.end as usize + 1;
        if t.precision == PlacePrecision::Country
            && text.get(t.span.end as usize..next) == Some(" ")
            && actor_starts.contains(&(next as u32))
        {
            t.kind = MentionKind::Adjectival;
        }
    }
    // The document's places, reported as found; the events choose their scenes among
    // the others.
    let found = toponyms.clone();
    crate::place::drop_stray_facilities(gaz, &mut toponyms, text);

    // Sentences with their tokens, triggers, actors and cues.
    let mut paragraph = 0;
    let mut sentences: Vec<Sentence> = Vec::with_capacity(doc.sentences().len());
    for (i, &span) in doc.sentences().iter().enumerate() {
        if i > 0 && text[..span.start as usize].ends_with('\n') {
            paragraph += 1;
        }
        let Some((tokens, lower)) = tokenised.get(i) else {
            continue;
        };
        let words = Words::from_parts(tokens, lower.clone());
        let sent_start = span.start;
        let has_context = toponyms.iter().any(|t| {
            span.contains(t.span) && locative(t, text) && t.precision < PlacePrecision::Country
        }) || timexes.iter().any(|x| span.contains(x.span))
            || casualties.iter().any(|c| span.contains(c.span))
            || unknown_place_named(text, span);
        let found = lex.find_triggers(&words);
        let weapons: Vec<Class> = found
            .iter()
            .map(|&(t, _)| lex.triggers[t].class)
            .filter(|c| matches!(c, Class::Chem | Class::Suicide | Class::Grenade))
            .collect();
        let policing = found
            .iter()
            .any(|&(o, _)| matches!(lex.triggers[o].class, Class::Arrest | Class::Disperse));
        let triggers = found
            .into_iter()
            .filter(|&(t, span)| {
                // Nouns of deeds ("protests", "clashes") report an event only with a place;
                // nouns of statements ("his refusal", "a fresh call") need none.
                let trig = &lex.triggers[t];
                // "ammunitions have been found": a phrase that ends in a participle is a
                // clause, whatever its first word.
                let matched = text.get(span.range()).unwrap_or("");
                let clause = matched.contains(' ')
                    && matched.split_whitespace().last().is_some_and(participle);
                let as_noun = used_as_noun(text, span) && !clause;
                // A protest named by a phrase of a verb row ("their hunger strike", "an
                // open-ended strike") is specific enough to stand without a place or a date.
                // So is a riot named by a phrase ("a violent strike", "a looting spree").
                let named_protest =
                    matched.contains(' ') && matches!(trig.class, Class::Protest | Class::Riot);
                let noun = trig.noun || (as_noun && !named_protest);
                // A trigger inside a time expression ("on 19 March") is a date, not a march.
                // (A phrase that holds a time expression is still a deed: "staged an
                // overnight protest".)
                let in_timex = timexes.iter().any(|x| {
                    x.span.overlaps(span) && (x.span.contains(span) || !matched.contains(' '))
                });
                // A verb-only trigger read as a noun is another word: "the 900 block of
                // Airport Road" is an address, not a blockade.
                let wrong_word = as_noun && !trig.noun && trig.class == Class::Block;
                // The generated CAMEO verbs are verbs only: not a noun ("the hearing"), not
                // an actor word ("Turkish forces"), not part of a name ("the United Nations").
                let in_actor = raw_actors.get(i).is_some_and(|a| {
                    a.iter().any(|&(w, s)| {
                        s.overlaps(span) && lex.actors[w].pattern.source.contains(' ')
                    })
                });
                // "riot police" are police, not a riot; "a Kill The Bill demonstration"
                // names a campaign.
                let actor_word =
                    (in_actor && trig.class == Class::Riot) || in_name(text, span, sent_start);
                let not_a_verb = trig.generated
                    && (as_noun
                        || attributive_participle(text, span)
                        || capitalised_inside(text, span, sent_start)
                        || raw_actors
                            .get(i)
                            .is_some_and(|a| a.iter().any(|&(_, s)| s.overlaps(span))));
                // "arrested during a peaceful demonstration": an arrest or a dispersal
                // places a protest named by a noun.
                let policed = matches!(trig.class, Class::Protest | Class::Block) && policing;
                // "set fire to an effigy of the minister": a protest's symbol, not arson.
                let effigy = matches!(trig.class, Class::Arson | Class::Riot)
                    && text
                        .get(span.start as usize..)
                        .unwrap_or("")
                        .split_whitespace()
                        .take(6)
                        .any(|w| w.to_lowercase().starts_with("effig"));
                // "CLOSE James Street house damaged": a page widget's label in capitals
                // before ordinary words, not a deed.
                let label = ui_label(text, span);
                (!noun || trig.class.is_verbal() || has_context || policed)
                    && !label
                    && !effigy
                    && !in_timex
                    && !wrong_word
                    && !not_a_verb
                    && !actor_word
            })
            .collect();
        // The generated CAMEO verbs speak only where no hand-written trigger did.
        let mut triggers: Vec<(usize, Span)> = triggers;
        if triggers.iter().any(|&(t, _)| !lex.triggers[t].generated) {
            triggers.retain(|&(t, _)| !lex.triggers[t].generated);
        }
        sentences.push(Sentence {
            span,
            paragraph,
            triggers,
            actors: compound_actors(text, lex, raw_actors.get(i).cloned().unwrap_or_default()),
            cues: lex
                .find_cues(&words)
                .into_iter()
                // "On 14 May police fired": the month, not the modal verb.
                .filter(|&(c, s)| c != Cue::Irrealis || !month_may_at(text, tokens, s))
                .collect(),
            persons: Vec::new(),
            weapons,
        });
    }
    named_persons(text, lex, &mut sentences);

    // 1. Lethal and injurious events from casualty mentions.
    let mut drafts = crate::casualty::drafts(doc, lex, &sentences, &toponyms, &casualties, &tally);

    // 2. Events from triggers in sentences that casualty mentions did not already cover.
    let lethal_doc = drafts.iter().any(|d| d.class.is_violent());
    for (s, sent) in sentences.iter().enumerate() {
        let specific_place = toponyms.iter().any(|t| {
            sent.span.contains(t.span) && locative(t, text) && t.precision < PlacePrecision::Country
        });
        let mut seen: Vec<Class> = drafts
            .iter()
            .filter(|d| d.sentence == s)
            .map(|d| d.class)
            .collect();
        let covered_violence = seen.iter().any(|c| c.is_violent());
        // The most specific violent trigger of a sentence speaks for it ("a suspected
        // chemical attack that killed" is a chemical weapon attack).
        let mut ordered = sent.triggers.clone();
        ordered.sort_by_key(|&(t, span)| {
            (
                std::cmp::Reverse(violence_rank(lex.triggers[t].class)),
                span.start,
            )
        });
        for &(t, span) in &ordered {
            let trig = &lex.triggers[t];
            let class = match trig.class {
                Class::Arson if sent_has(sent, lex, &[Class::Riot]) => continue,
                Class::Disperse => continue,
                c => c,
            };
            // "police seized guns and grenades in a raid": the weapons seized and the raid
            // that found them are the seizure, not an attack.
            // So are the weapons described after their interception ("intercepted
            // missiles that were fired at military targets").
            let defused_before = sent
                .triggers
                .iter()
                .any(|&(t, s)| lex.triggers[t].class == Class::Defuse && s.end <= span.start);
            if class.is_violent()
                && !covered_violence
                && (trig.noun || class == Class::Attack || defused_before)
                && sent_has(sent, lex, &[Class::Defuse])
            {
                continue;
            }
            // Violence without counts and without a place of its own ("the series of clashes
            // on Thursday", "those who were shot") refers back to events already counted.
            if class.is_violent() && (covered_violence || (lethal_doc && !specific_place)) {
                continue;
            }
            // "a call for officials to resign", "his refusal to resign": the content of a
            // statement is not a second event.
            if class.is_verbal()
                && to_before(text, sent.span, span)
                && seen.iter().any(|c| c.is_verbal())
            {
                continue;
            }
            // "threatened to hold a strike", "agreed to postpone the demonstration": the deed
            // after a statement verb and "to" is what the statement is about, not an event.
            if !class.is_verbal() && statement_content(text, lex, sent, span) {
                continue;
            }
            // "will be met with full force" is not a meeting.
            if class == Class::Meet && preceded_by_be(text, sent.span, span) {
                continue;
            }
            if seen.iter().any(|&c| group(c) == group(class)) {
                continue;
            }
            // A statement or measure restated in the same paragraph is the same event.
            let restated = !class.is_violent()
                && matches!(group(class), 6..=11 | 18)
                && drafts.iter().any(|d| {
                    d.sentence < s
                        && sentences[d.sentence].paragraph == sent.paragraph
                        && d.trigger
                            .is_some_and(|(dt, _)| lex.triggers[dt].plover == trig.plover)
                });
            if restated {
                continue;
            }
            // "The protests initially started with anti-corruption demonstrations": how a
            // movement began is its history, unless the sentence names the day.
            let origin = !class.is_violent()
                && sent.cues.iter().any(|&(c, cs)| {
                    c == Cue::Origin && cs.start <= span.start && span.start - cs.start <= 60
                })
                && !timexes.iter().any(|x| {
                    sent.span.contains(x.span)
                        && x.anchored
                            .is_some_and(|a| a.granularity == time::Granularity::Day)
                });
            if origin {
                continue;
            }
            match modality(sent, span, cooperative(trig)) {
                Modality::Dropped => continue,
                Modality::Kept(hedge) => {
                    seen.push(class);
                    drafts.push(Draft {
                        sentence: s,
                        anchor: span,
                        class,
                        trigger: Some((t, span)),
                        killed: 0,
                        killed_min: None,
                        killed_max: None,
                        injured: 0,
                        lethal_spans: Vec::new(),
                        injury_spans: Vec::new(),
                        victims: None,
                        aggregate: false,
                        place: place_in(&toponyms, text, sent.span, span),
                        hedged: hedge,
                    });
                }
            }
        }
    }

    // "Assailants torched a bus in Savar. Seven people were injured in the arson attack":
    // casualties that name no deed of their own, after (or with) an arson of their
    // paragraph done by no armed group or force, are that arson's.
    for d in drafts.iter_mut() {
        if let Some(riot) = riot_of_casualties(text, lex, &sentences, d) {
            d.class = lex.triggers[riot.0].class;
            d.trigger = Some(riot);
        }
    }
    drafts.retain(|d| !not_political(text, lex, &sentences, d));
    // "RELATED: 7-year-old shot near a playground Sunday dies": a link to another story.
    drafts.retain(|d| !in_link(text, sentences[d.sentence].span, d.anchor));
    // "staged a protest against the murder of a woman", "protesting the killing of
    // innocent people": violence named as what a protest is against is its topic, reported
    // elsewhere.
    // So are a kidnapping and a rape ("protested the rape and murder of a student").
    drafts.retain(|d| {
        let harm = d.class.is_violent() || matches!(d.class, Class::Abduct | Class::Sexual);
        !(harm && protest_topic(text, lex, &sentences[d.sentence], d.anchor))
    });
    // Chemical weapons named anywhere in a short report make its violence a chemical attack.
    // So do suicide bombers and grenades named anywhere in it ("synchronised attacks ...
    // mostly using grenades"), for the generic violence it reports.
    let short = sentences.len() <= 4;
    let named = |c: Class| short && sentences.iter().any(|s| s.weapons.contains(&c));
    if named(Class::Chem) {
        for d in drafts.iter_mut().filter(|d| d.class.is_violent()) {
            d.class = Class::Chem;
        }
    }
    for weapon in [Class::Suicide, Class::Grenade] {
        if named(weapon) {
            let generic = |c: Class| {
                matches!(c, Class::Attack | Class::Kill | Class::Fire)
                    || (c == Class::Bomb && weapon == Class::Suicide)
            };
            for d in drafts.iter_mut().filter(|d| generic(d.class)) {
                d.class = weapon;
            }
        }
    }

    // "troops killed at least 29 people after demonstrators blocked a bridge": generic
    // victims in a protest context are protesters.
    let protest_doc = casualties.iter().any(|c| {
        c.victims
            .as_ref()
            .is_some_and(|v| v.kind == VictimKind::Protesters)
    });
    for d in &mut drafts {
        if let Some((Role::Civilians, span)) = d.victims {
            let word = text[span.range()].to_lowercase();
            let generic = matches!(
                word.as_str(),
                "people" | "persons" | "others" | "victims" | "individuals"
            );
            let sent = &sentences[d.sentence];
            let context = sent_has(sent, lex, &[Class::Protest, Class::Block])
                || sent
                    .actors
                    .iter()
                    .any(|&(a, _)| lex.actors[a].role == Role::Protesters);
            if generic && (context || protest_doc) {
                d.victims = Some((Role::Protesters, span));
            }
        }
    }
    let violent_sentence: Vec<bool> = (0..sentences.len())
        .map(|s| {
            drafts
                .iter()
                .any(|d| d.sentence == s && d.class.is_violent() && d.killed + d.injured > 0)
        })
        .collect();

    // Document context: the dominant country and the means of violence.
    let doc_country = dominant_country(&toponyms);
    let means = means_by_sentence(&sentences, text);

    let mut events: Vec<(u8, usize, Event)> = Vec::new();
    // The time expression that dates each draft, if one does.
    let mut date_spans: Vec<Option<Span>> = vec![None; drafts.len()];
    // Each draft's date when a time expression of its own clause gives the day.
    let mut clause_days: Vec<Option<jiff::civil::Date>> = vec![None; drafts.len()];
    for (n, d) in drafts.iter().enumerate() {
        let sent = &sentences[d.sentence];
        let mut ev = Vec::new();
        let hedged = d.hedged.or_else(|| {
            sent.cues
                .iter()
                .find(|(c, _)| *c == Cue::Hedge)
                .map(|&(_, s)| s)
        });
        if let Some(h) = hedged {
            ev.push(evidence(doc, "hedged", h, "cue:hedge"));
        }

        // Place: own sentence, then the paragraph before it, then the dateline, then the country.
        let (location, country_iso2) = crate::place::event_location(
            gaz,
            doc,
            &toponyms,
            &sentences,
            d,
            doc_country.as_ref(),
            &mut ev,
        );

        // Actors.
        let (a1, a2) = actors(
            p,
            doc,
            &sentences,
            d,
            &toponyms,
            country_iso2.as_deref(),
            &mut ev,
        );
        let roles = (a1.as_ref().map(|a| a.1), a2.as_ref().map(|a| a.1));
        let (event_type, sub) = code(
            text,
            &sentences,
            lex,
            d,
            roles,
            violent_sentence[d.sentence],
        );
        let unarmed = unarmed_clash(&sentences, lex, d, roles);
        let policed = policed_report(text, &sentences, lex);
        // "troops killed 29 people after demonstrators blocked a bridge": the force the
        // protest's sentence names is the one that intervened.
        let named_force = sentences[d.sentence]
            .actors
            .iter()
            .find(|&&(a, _)| lex.actors[a].role.is_state_force())
            .copied();
        let (a1, a2) = street_actors(
            p,
            doc,
            (d, unarmed, policed, named_force),
            (event_type, sub),
            (a1, a2),
            country_iso2.as_deref(),
            &mut ev,
        );

        // Type evidence and PLOVER/CAMEO from the trigger.
        let (plover, mode, cameo) = match d.trigger {
            Some((t, span)) => {
                let trig = &lex.triggers[t];
                ev.push(evidence(
                    doc,
                    "event_type",
                    span,
                    &format!("trigger:{}", trig.pattern.source),
                ));
                match intent(sent, d, trig) {
                    Some((plover, cameo)) => (plover.to_string(), None, Some(cameo.to_string())),
                    None => (
                        trig.plover.clone(),
                        trig.mode.clone(),
                        Some(trig.cameo.clone()),
                    ),
                }
            }
            None => {
                ev.push(evidence(doc, "event_type", d.anchor, "casualty mention"));
                ("ASSAULT".to_string(), None, Some("18".to_string()))
            }
        };

        for &(span, rule) in &d.lethal_spans {
            ev.push(evidence(doc, "fatalities", span, rule));
        }
        for &(span, rule) in &d.injury_spans {
            ev.push(evidence(doc, "injuries", span, rule));
        }
        if d.aggregate {
            ev.push(evidence(
                doc,
                "aggregate",
                d.anchor,
                "tally: sum of the parts",
            ));
        }

        // Date: own sentence, then context, then the deed told near it, then the lede and
        // the publication date.
        let mut dated = time::event_date_at(doc, &timexes, sent.span, Some(d.anchor));
        if d.class.is_violent()
            && dated.is_none_or(|e| {
                matches!(e.rule, "lede" | "lede-refined" | "published" | "reported")
            })
        {
            if let Some(e) = deed_date(doc, lex, &timexes, &sentences, d.sentence) {
                dated = Some(e);
            }
        }
        let (date, date_precision) = match dated {
            Some(ed) => {
                if let Some(span) = ed.span {
                    date_spans[n] = Some(span);
                    if ed.rule.starts_with("clause") && ed.granularity == Granularity::Day {
                        clause_days[n] = Some(ed.date);
                    }
                    ev.push(evidence(doc, "date", span, ed.rule));
                }
                (Some(ed.date.to_string()), precision_of(ed.granularity))
            }
            None => (None, DatePrecision::Unknown),
        };

        let event_means = if d.class.is_violent() || sub == "Excessive force against protesters" {
            means_for(&means, &sentences, d.sentence, &mut ev, doc)
        } else {
            Vec::new()
        };

        let event = Event {
            event_type: event_type.to_string(),
            sub_event_type: sub.to_string(),
            plover_type: plover,
            plover_mode: mode,
            cameo,
            date,
            date_precision,
            actor1: a1.map(|a| a.0),
            actor2: a2.map(|a| a.0),
            location,
            fatalities: d.killed,
            fatalities_min: d.killed_min,
            fatalities_max: d.killed_max,
            injuries: d.injured,
            means: event_means,
            aggregate: d.aggregate,
            hedged: hedged.is_some(),
            evidence: ev,
        };
        events.push((salience_tier(d, &event), n, event));
    }
    merge_repeats(&mut events);
    // An event named as the cause of another in its sentence ("suspended air links, one day
    // after a jet shot down a helicopter") comes after the events of the main clause.
    // Protests and the riots they turn into are one happening: "ugly protests after
    // demonstrators clashed with police" is not a protest caused by a riot.
    let street: Vec<bool> = {
        let mut v = vec![false; drafts.len()];
        for (_, n, e) in &events {
            v[*n] = matches!(e.event_type.as_str(), "Protests" | "Riots");
        }
        v
    };
    let cause: Vec<bool> = drafts
        .iter()
        .enumerate()
        .map(|(n, d)| {
            let sent = sentences[d.sentence].span;
            // History ("killed last month in a raid") is background, not the news.
            // (Near the deed's anchor or its trigger: "since the Valentine's Day shooting
            // that killed 17" is history though its toll is told further on.)
            let near = |s: Span, a: Span| {
                s.start >= a.end && s.start - a.end <= 40
                    || s.end <= a.start && a.start - s.end <= 40
            };
            let background = sentences[d.sentence].cues.iter().any(|&(c, s)| {
                c == Cue::Background
                    && (near(s, d.anchor) || d.trigger.is_some_and(|(_, t)| near(s, t)))
            });
            // (A deed with casualties keeps its rank: "arrested after he shot his
            // neighbour" is first a shooting.)
            let quiet = d.killed == 0 && d.injured == 0;
            // A deed named as the charge of an arrest or a trial ("charged with aggravated
            // assault", "wanted in a shooting", "charged with carjacking") is the same
            // incident told from the courtroom: it carries the date of the charge, not of
            // the deed.
            // (Unless a time expression after it in its sentence, with no other event
            // between, dates the deed itself: "an assault that occurred Friday".)
            let own_date = date_spans[n].is_some_and(|t| {
                t.start >= d.anchor.end
                    && t.end <= sent.end
                    && !drafts.iter().any(|o| {
                        o.sentence == d.sentence
                            && o.anchor.start >= d.anchor.end
                            && o.anchor.end <= t.start
                    })
            });
            let charge = quiet
                && (d.class.is_violent() || d.class == Class::Crime)
                && !own_date
                && charged(text, sent, d.anchor);
            background
                || charge
                || quiet
                    && cause_clause(text, sent, d.anchor).is_some_and(|at| {
                        drafts.iter().enumerate().any(|(m, o)| {
                            o.sentence == d.sentence
                                && o.anchor.end <= at
                                && !(street[m] && street[n])
                        })
                    })
        })
        .collect();
    // A later step dated in its words ("was sentenced Monday", "pleaded guilty today") of a
    // story that dates an earlier deed in its own words ("on Jan. 24, officers found the
    // guns") is the follow-up: the deed is the news it follows.
    let day = |_: usize, e: &Event| {
        (e.date_precision == DatePrecision::Day)
            .then(|| e.date.as_deref()?.parse::<jiff::civil::Date>().ok())
            .flatten()
    };
    let steps: Vec<(usize, bool, Option<jiff::civil::Date>)> = events
        .iter()
        .map(|(_, n, e)| {
            let trigger_word = drafts[*n]
                .trigger
                .and_then(|(_, s)| text.get(s.range()))
                .and_then(|w| w.split_whitespace().next());
            let step = date_spans[*n].is_some_and(|s| time::later_step(doc, s))
                || trigger_word.is_some_and(time::later_step_word);
            (*n, step, day(*n, e).filter(|_| clause_days[*n].is_some()))
        })
        .collect();
    let mut follow_up = vec![false; drafts.len()];
    for &(n, step, _) in &steps {
        let Some(own) = step.then(|| events.iter().find(|x| x.1 == n)).flatten() else {
            continue;
        };
        let own = day(n, &own.2);
        follow_up[n] = own.is_some_and(|own| {
            steps
                .iter()
                .any(|&(m, s, d)| m != n && !s && d.is_some_and(|d| d < own))
        });
    }
    // Salience: lethal specific events first (largest toll first), then aggregates, other
    // violence, protests and riots, strategic developments, statements; ties by position.
    // A deed told deep in a long story (from its eleventh sentence on) and dated more than
    // a day before the first violence of the opening sentences is history, whatever its
    // toll.
    let lede_day = events
        .iter()
        .filter(|(_, n, _)| drafts[*n].class.is_violent() && drafts[*n].sentence < DEEP_SENTENCE)
        .min_by_key(|(_, n, _)| drafts[*n].anchor.start)
        .and_then(|(_, _, e)| e.date.as_deref()?.parse::<jiff::civil::Date>().ok());
    let mut deep = vec![false; drafts.len()];
    for (_, n, e) in &events {
        let day = e
            .date
            .as_deref()
            .and_then(|d| d.parse::<jiff::civil::Date>().ok());
        deep[*n] = drafts[*n].sentence >= DEEP_SENTENCE
            && lede_day
                .zip(day)
                .is_some_and(|(l, d)| (d - l).get_days() < -1);
    }
    events.sort_by(|a, b| {
        cause[a.1]
            .cmp(&cause[b.1])
            .then(follow_up[a.1].cmp(&follow_up[b.1]))
            .then(deep[a.1].cmp(&deep[b.1]))
            .then(a.0.cmp(&b.0))
            .then(b.2.fatalities.cmp(&a.2.fatalities))
            .then(drafts[a.1].anchor.start.cmp(&drafts[b.1].anchor.start))
    });

    toll_dates(&mut events, &drafts, &clause_days);
    story_dates(&mut events, &drafts, &date_spans, &sentences, lex, doc);

    let places = found.iter().map(|t| place_mention(doc, gaz, t)).collect();
    let times = timexes.iter().map(|t| time_mention(doc, t)).collect();
    Extraction {
        events: events.into_iter().map(|e| e.2).collect(),
        places,
        times,
        diagnostics: Vec::new(),
    }
}

/// Whether the token at `span` is the month May (see [`calendar::month_may`]).
fn month_may_at(text: &str, tokens: &[Token], span: Span) -> bool {
    let Some(i) = tokens.iter().position(|t| t.span == span) else {
        return false;
    };
    let word = |k: usize| tokens.get(k).and_then(|t| text.get(t.span.range()));
    let prev = i.checked_sub(1).and_then(word);
    text.get(span.range())
        .is_some_and(|w| calendar::month_may(prev, w, word(i + 1)))
}

/// Words before a noun that rule out a verb reading ("the protests", "public protests").
const NOUN_MARKERS: &[&str] = &[
    "the",
    "a",
    "an",
    "these",
    "those",
    "this",
    "that",
    "their",
    "its",
    "his",
    "her",
    "our",
    "of",
    "public",
    "mass",
    "street",
    "violent",
    "peaceful",
    "new",
    "further",
    "more",
    "recent",
    "weekly",
    "daily",
    "large",
    "big",
    "small",
    "student",
    "nationwide",
    "widespread",
    "many",
    "several",
    "ongoing",
    "latest",
    "first",
    "second",
    "last",
    "such",
    "and",
    "or",
    "for",
];

/// A place the gazetteer may lack, named after a locative preposition: "in Rupchai",
/// "at Gudumbali", "in the Bwito chieftancy" (a capitalised word that is no month or
/// weekday, not "in January"). It places a deed named by a noun like a known place.
fn unknown_place_named(text: &str, sentence: Span) -> bool {
    let words: Vec<&str> = text
        .get(sentence.range())
        .unwrap_or("")
        .split_whitespace()
        .collect();
    words.windows(3).any(|w| {
        let prep = matches!(w[0], "in" | "at" | "near" | "outside");
        let name = if w[1] == "the" { w[2] } else { w[1] };
        let word = name.trim_matches(|c: char| !c.is_alphanumeric());
        prep && word.len() > 2
            && word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
            && !eventwatch_text::calendar::words().any(|c| c.eq_ignore_ascii_case(word))
    })
}

/// The arson trigger whose casualties a casualty draft counts: the draft names no deed but
/// the casualties (at most an attack named by a noun: "in the arson attack"), and its
/// sentence or an earlier one of its paragraph reports arson (torching, setting on fire,
/// vandalising) with no armed group or state force named in that sentence. (Bystanders
/// hurt by thrown petrol bombs or stones are attacked: see `code`.)
fn riot_of_casualties(
    text: &str,
    lex: &crate::lexicon::Lexicon,
    sentences: &[Sentence],
    d: &Draft,
) -> Option<(usize, Span)> {
    if !(d.killed + d.injured > 0 && matches!(d.class, Class::Kill | Class::Attack)) {
        return None;
    }
    let sent = &sentences[d.sentence];
    // A deed of its own: a verb of violence, or any violence but an attack named by a noun
    // ("the attack", "an arson attack").
    let own_deed = sent.triggers.iter().any(|&(t, span)| {
        let c = lex.triggers[t].class;
        let arson_attack = text
            .get(sent.span.start as usize..span.start as usize)
            .and_then(|b| b.split_whitespace().last())
            .is_some_and(|w| w.eq_ignore_ascii_case("arson"));
        c.is_violent() && !(c == Class::Attack && (used_as_noun(text, span) || arson_attack))
    });
    if own_deed {
        return None;
    }
    let armed = |s: &Sentence| {
        s.actors.iter().any(|&(a, _)| {
            let r = lex.actors[a].role;
            r.is_state_force() || matches!(r, Role::Rebels | Role::Militia)
        })
    };
    (0..=d.sentence)
        .rev()
        .take_while(|&k| sentences[k].paragraph == sent.paragraph)
        .find_map(|k| {
            let s = &sentences[k];
            let riot = s
                .triggers
                .iter()
                .copied()
                .find(|&(t, _)| lex.triggers[t].class == Class::Arson)?;
            // "set ablaze a man", "a boy was set on fire": fire set to a person is an
            // attack on that person.
            let person = s.actors.iter().any(|&(a, m)| {
                let word = text.get(m.range()).unwrap_or("").to_lowercase();
                lex.actors[a].role == Role::Civilians
                    && word
                        .split_whitespace()
                        .last()
                        .is_some_and(|w| PERSON_WORDS.contains(&w))
            });
            (!armed(s) && !person).then_some(riot)
        })
}

/// Words for one person or a few in `actors.tsv` civilians rows, as opposed to places and
/// crowds.
const PERSON_WORDS: &[&str] = &["man", "woman", "boy", "girl", "child", "person", "teenager"];

/// True when a trigger written like a verb ("protests", "attack", "clashes") is used as a
/// noun: after a determiner or modifier, or plural at the start of a sentence.
fn used_as_noun(text: &str, span: Span) -> bool {
    let word = text.get(span.range()).unwrap_or("");
    let first = word.split_whitespace().next().unwrap_or("").to_lowercase();
    if first.ends_with("ed") || first.ends_with("ing") {
        return false;
    }
    let before = text.get(..span.start as usize).unwrap_or("");
    let prev = before.split_whitespace().last().unwrap_or("");
    let sentence_start = prev.is_empty() || prev.ends_with(['.', '!', '?', '"', '\n']);
    if sentence_start {
        return first.ends_with('s') && word.starts_with(|c: char| c.is_uppercase());
    }
    let prev = prev.to_lowercase();
    // "a turning point", "a major turning point": a gerund after a determiner or an
    // adjective modifies a noun.
    if prev.ends_with("ing") {
        let mut words = before.split_whitespace().rev().skip(1);
        let prevprev = words.next().unwrap_or("").to_lowercase();
        let modifier = NOUN_MARKERS.contains(&prevprev.as_str())
            || matches!(
                prevprev.as_str(),
                "major" | "minor" | "key" | "crucial" | "critical" | "important" | "real"
            );
        if modifier {
            return true;
        }
    }
    // "the 900 block", "two attacks": a number before the word makes it a noun.
    let numeric = prev.chars().next().is_some_and(|c| c.is_ascii_digit());
    numeric
        || NOUN_MARKERS.contains(&prev.as_str())
        || prev.starts_with("anti-")
        || prev.ends_with("'s")
        || (prev.len() > 4
            && (prev.ends_with("al")
                || prev.ends_with("ent")
                || prev.ends_with("ive")
                || prev.ends_with("ous")))
}

/// A participle after a determiner modifies a noun: "the escalating violence", "an
/// unexpected visit" (the generated CAMEO verbs read these as verbs).
fn attributive_participle(text: &str, span: Span) -> bool {
    let word = text.get(span.range()).unwrap_or("");
    if word.contains(' ') || !(word.ends_with("ing") || word.ends_with("ed")) {
        return false;
    }
    let before = text.get(..span.start as usize).unwrap_or("");
    let prev = before
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        prev.as_str(),
        "the" | "a" | "an" | "this" | "that" | "these" | "those" | "its" | "their" | "his" | "her"
    )
}

/// The trigger is the object of a statement verb: "threatened to hold a general strike",
/// "agreed to postpone the demonstration", "refused to withdraw troops".
fn statement_content(
    text: &str,
    lex: &crate::lexicon::Lexicon,
    sent: &Sentence,
    span: Span,
) -> bool {
    sent.triggers.iter().any(|&(t, ts)| {
        let trig = &lex.triggers[t];
        // (Hand-written statement verbs only: the generated CAMEO verbs are too loose.)
        let statement = (trig.class.is_verbal() || trig.class == Class::Agree) && !trig.generated;
        if !statement || ts.end > span.start {
            return false;
        }
        let said = text.get(ts.range()).unwrap_or("");
        let gap = text
            .get(ts.end as usize..span.start as usize)
            .unwrap_or("x");
        let words: Vec<&str> = gap.split_whitespace().collect();
        let to_first = said.ends_with(" to") || words.first() == Some(&"to");
        if to_first && words.len() <= 3 && !gap.contains([',', ';', '.']) {
            return true;
        }
        // "demanded support in regaining control", "rejected calls for aid": a deed
        // named in the object of a demand, refusal, threat or accusation is its content.
        let speech = matches!(
            trig.class,
            Class::Demand | Class::Reject | Class::Threaten | Class::Accuse
        ) || (trig.class == Class::Say
            && matches!(
                trig.plover.as_str(),
                "REQUEST" | "REJECT" | "THREATEN" | "ACCUSE"
            )
            // An investigation is a deed of its own, not a statement.
            && trig.cameo != "09");
        let deed = sent
            .triggers
            .iter()
            .find(|&&(_, s)| s == span)
            .map(|&(d, _)| lex.triggers[d].class);
        // "rejected the plan and staged a sit-in": a verb in the past after "and" starts
        // a deed of its own, not the object of the statement (unless a relative clause
        // holds it: "demanding the arrest of a man who beat and robbed a trader").
        let relative = words
            .iter()
            .any(|w| matches!(*w, "who" | "whom" | "which" | "that"));
        let next_after_and = words.iter().rposition(|w| *w == "and").map(|k| {
            words
                .get(k + 1)
                .copied()
                .or_else(|| text.get(span.range())?.split_whitespace().next())
                .unwrap_or("")
        });
        let own_deed = !relative
            && next_after_and.is_some_and(|w| {
                let w = w.to_lowercase();
                // (`participle` already takes "-ed" forms such as "staged", "led".)
                participle(&w)
                    || matches!(
                        w.as_str(),
                        "brought" | "took" | "went" | "began" | "sat" | "came" | "set"
                    )
            });
        // "A man accused of theft was beaten to death": the accused is the subject of a
        // passive deed of its own after the accusation, which describes him.
        let accused_subject = trig.class == Class::Accuse
            && said.eq_ignore_ascii_case("accused")
            && words.iter().any(|w| matches!(*w, "was" | "were"));
        if accused_subject {
            return false;
        }
        let near = words.len() <= 10 && !gap.contains([',', ';', '.', ':']) && !own_deed;
        // "imposed sanctions over the bombing", "complained over the air raids": violence
        // named as a noun after a statement or a sanction is its reason, reported elsewhere.
        let sanction = trig.plover == "SANCTION" && trig.class == Class::Say;
        let violent = deed.is_some_and(|c| c.is_violent());
        (speech && !violent && near)
            || ((speech || sanction) && violent && !gap.contains([';', ':']))
    })
}

/// Words after a protest that introduce what it is against.
const PROTEST_OBJECT: &[&str] = &[
    "against",
    "over",
    "after",
    "following",
    "protesting",
    "condemning",
    "denouncing",
    "demanding",
    "decrying",
    "for",
    "mourning",
];

/// Words that start a clause of its own between a protest's object and a deed: "protested
/// against the decision *when* police opened fire".
const CLAUSE_STARTS: &[&str] = &[
    "when", "as", "while", "but", "before", "until", "where", "and", "then",
];

/// Whether the deed at `anchor` is named as what a protest earlier in its sentence is
/// against: a protest trigger, then within twelve words an object word ("against",
/// "over", "protesting", "demanding", ...), then the deed with no clause of its own in
/// between.
fn protest_topic(text: &str, lex: &crate::lexicon::Lexicon, sent: &Sentence, anchor: Span) -> bool {
    mourners_protest(text, lex, sent, anchor)
        || sent.triggers.iter().any(|&(t, ts)| {
            if !matches!(lex.triggers[t].class, Class::Protest | Class::Block)
                || ts.end > anchor.start
            {
                return false;
            }
            let gap = text
                .get(ts.end as usize..anchor.start as usize)
                .unwrap_or(";");
            // "protesting blockades, strikes, violence and killing": commas may part a list of
            // what the protest is against, short items only.
            let list = gap.contains(',')
                && gap
                    .split(',')
                    .all(|item| (1..=3).contains(&item.split_whitespace().count()));
            if gap.contains([';', '.', ':']) || (gap.contains(',') && !list) {
                return false;
            }
            let words: Vec<String> = gap
                .split_whitespace()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .collect();
            let object = text
                .get(ts.range())
                .unwrap_or("")
                .split_whitespace()
                .last()
                .map(str::to_lowercase)
                .is_some_and(|w| w.starts_with("protest"));
            // "protesting the killing": the protest verb itself takes the object.
            let Some(at) = words
                .iter()
                .position(|w| PROTEST_OBJECT.contains(&w.as_str()))
                .or(object.then_some(0))
            else {
                return false;
            };
            // "angry protests after demonstrators clashed with police": what the protesters
            // did is the protest turned riot, not its topic.
            words.len() <= 12
                && !words[at..].iter().skip(1).any(|w| {
                    (CLAUSE_STARTS.contains(&w.as_str()) && !(list && w == "and"))
                        || w == "police"
                        || w.starts_with("protester")
                        || w.starts_with("protestor")
                        || w.starts_with("demonstrator")
                        || w.starts_with("rioter")
                })
        })
}

/// Kin or friends of a victim who protest: "Relatives of a girl who was assaulted by a bus
/// cleaner blocked the road", "Family members of a woman who was burnt to death staged a
/// protest". The harm told in the relative clause of the protesters' name is what they
/// protest, reported elsewhere.
fn mourners_protest(
    text: &str,
    lex: &crate::lexicon::Lexicon,
    sent: &Sentence,
    anchor: Span,
) -> bool {
    let protest_after = sent.triggers.iter().any(|&(t, ts)| {
        matches!(lex.triggers[t].class, Class::Protest | Class::Block) && ts.start >= anchor.end
    });
    if !protest_after {
        return false;
    }
    let before = text
        .get(sent.span.start as usize..anchor.start as usize)
        .unwrap_or("")
        .to_lowercase();
    let words: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let kin = words.windows(2).position(|w| {
        matches!(
            w[0],
            "relatives"
                | "family"
                | "families"
                | "members"
                | "parents"
                | "kin"
                | "friends"
                | "colleagues"
                | "classmates"
                | "mourners"
        ) && w[1] == "of"
    });
    kin.is_some_and(|k| words[k..].iter().any(|w| matches!(*w, "who" | "whose")))
}

/// Whether `anchor` follows a marker of a link to another story (`data/link_markers.txt`:
/// "RELATED:", "READ MORE:") in its sentence: that story's headline, not this report.
fn in_link(text: &str, sentence: Span, anchor: Span) -> bool {
    static MARKERS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let markers = MARKERS.get_or_init(|| {
        crate::lexicon::rows(include_str!("../data/link_markers.txt"))
            .filter_map(|(_, cols)| cols.first().map(|c| format!("{}:", c.trim())))
            .filter(|m| m.len() > 1)
            .collect()
    });
    let Some(before) = text.get(sentence.start as usize..anchor.start as usize) else {
        return false;
    };
    markers.iter().any(|m| {
        before.match_indices(m.as_str()).any(|(i, _)| {
            let at_word = !before[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            // A headline runs on into the report's next sentence when the page lost its
            // full stop ("... Sunday dies The shooting victim was taken ..."): it ends
            // before a capitalised sentence opener.
            let headline = &before[i + m.len()..];
            let ended = headline
                .split_whitespace()
                .skip(1)
                .any(|w| SENTENCE_OPENERS.contains(&w));
            at_word && !ended
        })
    })
}

/// Capitalised words that open a sentence rather than continue a headline.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "They",
    "It",
    "His",
    "Her",
    "Their",
    "Police",
    "Officers",
    "Authorities",
    "Investigators",
];

/// Words that introduce the cause or background of the main clause's event.
const CAUSE_WORDS: &[&str] = &[
    " after ",
    " following ",
    " because of ",
    " in the wake of ",
    " in retaliation for ",
    " in response to ",
    " in protest at ",
    " due to ",
    " amid ",
];

/// Where the cause phrase that holds `anchor` begins, if one does: "..., one day after a
/// jet shot down a helicopter".
fn cause_clause(text: &str, sentence: Span, anchor: Span) -> Option<u32> {
    let before = text.get(sentence.start as usize..anchor.start as usize)?;
    let lower = before.to_lowercase();
    let at = CAUSE_WORDS.iter().filter_map(|w| lower.rfind(w)).max()?;
    // A new clause after the cause word ends the cause phrase.
    if before[at..].contains([';', ':']) {
        return None;
    }
    Some(sentence.start + at as u32)
}

/// Words that make the deed after them the name of a charge: "charged with assault",
/// "two counts of felonious assault", "accused of shooting", "wanted in a shooting".
const CHARGE_WORDS: &[&str] = &[
    "charge",
    "charged",
    "charges",
    "charging",
    "count",
    "counts",
    "accused",
    "convicted",
    "indicted",
    "suspicion",
    "connection",
    "accessory",
    "wanted",
    "booked",
];

/// True when one of the six words before `anchor` in its sentence names a charge, or the
/// deed is further down a list of charges ("charged with robbery with a firearm,
/// aggravated assault with a weapon"): six words back from each comma of the list.
fn charged(text: &str, sentence: Span, anchor: Span) -> bool {
    let Some(before) = text.get(sentence.start as usize..anchor.start as usize) else {
        return false;
    };
    let names_charge = |part: &str| {
        part.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .rev()
            .take(6)
            .any(|w| CHARGE_WORDS.contains(&w.to_lowercase().as_str()))
    };
    // Back through at most three items of a list, each of at most six words.
    let mut rest = before;
    for _ in 0..3 {
        if names_charge(rest) {
            return true;
        }
        let Some(comma) = rest.rfind(',') else {
            return false;
        };
        let item = rest.get(comma + 1..).unwrap_or("");
        if item.split_whitespace().count() > 6 {
            return false;
        }
        rest = rest.get(..comma).unwrap_or("");
    }
    false
}

/// A capitalised trigger inside a capitalised phrase of a sentence otherwise written in
/// lower case: a name ("a Kill The Bill demonstration"), not a deed. Headlines in title
/// case are left alone.
fn in_name(text: &str, span: Span, sentence_start: u32) -> bool {
    if !capitalised_inside(text, span, sentence_start) {
        return false;
    }
    let after = text.get(span.end as usize..).unwrap_or("");
    let next_capital = after
        .split_whitespace()
        .next()
        .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()));
    let sentence = text
        .get(sentence_start as usize..)
        .unwrap_or("")
        .split_whitespace()
        .take(30);
    let (mut caps, mut all) = (0usize, 0usize);
    for w in sentence {
        all += 1;
        caps += usize::from(w.starts_with(|c: char| c.is_uppercase()));
    }
    next_capital && caps * 3 < all * 2
}

/// A word written with a capital inside a sentence: part of a name ("United" in "the
/// United Nations"), not a verb.
fn capitalised_inside(text: &str, span: Span, sentence_start: u32) -> bool {
    if span.start <= sentence_start {
        return false;
    }
    let word = text.get(span.range()).unwrap_or("");
    let before = text
        .get(sentence_start as usize..span.start as usize)
        .unwrap_or("");
    let after_quote = before.trim_end().ends_with(['"', '“', ':', '(']);
    word.starts_with(|c: char| c.is_uppercase()) && !after_quote
}

fn to_before(text: &str, sentence: Span, span: Span) -> bool {
    let before = text
        .get(sentence.start as usize..span.start as usize)
        .unwrap_or("");
    matches!(before.split_whitespace().last(), Some("to"))
}

fn preceded_by_be(text: &str, sentence: Span, span: Span) -> bool {
    let before = text
        .get(sentence.start as usize..span.start as usize)
        .unwrap_or("");
    matches!(
        before.split_whitespace().last(),
        Some("be" | "been" | "being" | "was" | "were" | "is" | "are")
    )
}

/// How many sentences apart a toll and the shooting it belongs to may be told; further
/// apart, as in a round-up, they are separate incidents.
const NEAR: usize = 2;

/// From which sentence on a deed is told deep in a story.
const DEEP_SENTENCE: usize = 10;

/// How many days after a deed a death or wound reported on its own day is still its toll.
const TOLL_DAYS: i32 = 7;

/// The place of an event below the country, if it has one: a toll known only to the
/// country ("a man died in hospital") may belong to a shooting in a town.
fn local_place(e: &Event) -> Option<u64> {
    e.location
        .as_ref()
        .filter(|l| l.precision != PlacePrecision::Country)
        .and_then(|l| l.geonameid)
}

/// The toll of a deed carries the deed's day. A death or a wound reported on its own day
/// ("succumbed Saturday", "was recovering Saturday", "was pronounced dead") after a shooting
/// dated in its own clause one to seven days earlier ("was shot Friday night"; victims die
/// days later, `TOLL_DAYS`) is the toll of that shooting: the event takes the day of the
/// deed, as a coder dates an incident by when the shots were fired, not by when the victim
/// died.
/// The date evidence then points at the deed's time expression.
fn toll_dates(
    events: &mut [(u8, usize, Event)],
    drafts: &[Draft],
    clause_days: &[Option<jiff::civil::Date>],
) {
    let deeds: Vec<(jiff::civil::Date, Option<u64>, usize, Option<Evidence>)> = events
        .iter()
        .filter(|(_, n, e)| {
            drafts[*n].class.is_violent() && e.fatalities == 0 && e.injuries == 0 && !e.aggregate
        })
        .filter_map(|(_, n, e)| {
            let day = clause_days[*n]?;
            let said = e.evidence.iter().find(|x| x.field == "date").cloned();
            Some((day, local_place(e), drafts[*n].sentence, said))
        })
        .collect();
    for (_, n, e) in events.iter_mut() {
        if !drafts[*n].class.is_violent()
            || e.aggregate
            || e.fatalities == 0 && e.injuries == 0
            || e.date_precision != DatePrecision::Day
        {
            continue;
        }
        let Some(day) = e
            .date
            .as_deref()
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        else {
            continue;
        };
        let place = local_place(e);
        let deed = deeds
            .iter()
            .filter(|(d, p, s, _)| {
                let gap = (day - *d).get_days();
                (1..=TOLL_DAYS).contains(&gap)
                    && s.abs_diff(drafts[*n].sentence) <= NEAR
                    && (place.is_none() || p.is_none() || *p == place)
            })
            .max_by_key(|(d, _, _, _)| *d);
        if let Some((d, _, _, said)) = deed {
            e.date = Some(d.to_string());
            if let Some(mut said) = said.clone() {
                e.evidence.retain(|x| x.field != "date");
                said.rule = "toll: day of the deed".to_string();
                e.evidence.push(said);
            }
        }
    }
}

/// How many sentences after (then before) a casualty's own a deed that dates it is looked
/// for.
const DEED_SENTENCES: usize = 4;

/// The day of the deed told near a casualty mention the text does not date: "Hill, 31,
/// died at the scene. ... Gunmen fired on the house Sunday night" — the first of the next
/// few sentences (then of the few before, across a paragraph break) with a violent trigger
/// and a day named in its own clause (not "this afternoon": a day told from the report).
/// Such a deed is folded into the casualty's event (violence without counts refers back to
/// the counted), so its day is the event's.
fn deed_date(
    doc: &Document,
    lex: &crate::lexicon::Lexicon,
    timexes: &[time::Timex],
    sentences: &[Sentence],
    at: usize,
) -> Option<time::EventDate> {
    let after = sentences.iter().skip(at + 1).take(DEED_SENTENCES);
    let before = sentences
        .get(at.saturating_sub(DEED_SENTENCES)..at)
        .unwrap_or(&[])
        .iter()
        .rev();
    after
        .chain(before)
        .filter(|s| {
            s.triggers
                .iter()
                .any(|&(t, _)| lex.triggers[t].class.is_violent())
        })
        .find_map(|s| {
            time::event_date(doc, timexes, s.span).filter(|e| {
                // A day named, not one told from the report ("this afternoon", "today").
                let named = timexes.iter().any(|t| {
                    Some(t.span) == e.span && !matches!(t.rule, "relative-day" | "part-of-day")
                });
                e.rule == "clause" && e.granularity == Granularity::Day && named
            })
        })
        .map(|e| time::EventDate {
            rule: "deed: day of the violence told nearby",
            ..e
        })
}

/// The day of the story's violence for an event the text does not date near its words.
/// An event dated only by the story's lede or the publication date (no time expression in
/// its sentence or the sentences before it) takes the day of the most salient violent event
/// dated in its own clause or its paragraph, when that day is earlier: "A man was found dead
/// in his car. ... He had been shot Friday night" dates the death by the shooting, not by
/// the first date of the article (often a later step: "Police on Monday named ...").
fn story_dates(
    events: &mut [(u8, usize, Event)],
    drafts: &[Draft],
    date_spans: &[Option<Span>],
    sentences: &[Sentence],
    lex: &crate::lexicon::Lexicon,
    doc: &Document,
) {
    let rule = |e: &Event| {
        e.evidence
            .iter()
            .find(|x| x.field == "date")
            .map(|x| x.rule.clone())
    };
    let dated = events
        .iter()
        .find(|(_, n, e)| {
            drafts[*n].class.is_violent()
                && !e.aggregate
                && e.date_precision == DatePrecision::Day
                && rule(e).is_some_and(|r| r.starts_with("clause") || r == "context")
        })
        .map(|(_, _, e)| {
            let said = e.evidence.iter().find(|x| x.field == "date").cloned();
            (e.date.clone(), said)
        });
    let Some((date, said)) = dated else { return };
    // A lede date in a sentence with no violence in it (a vigil, a broadcast, a hearing).
    let quiet = |n: usize| {
        date_spans[n].is_some_and(|sp| {
            let s = doc.sentence_index(sp.start);
            !sentences.get(s).is_some_and(|x| {
                x.triggers
                    .iter()
                    .any(|&(t, _)| lex.triggers[t].class.is_violent())
            }) && !drafts
                .iter()
                .any(|d| d.sentence == s && d.class.is_violent())
        })
    };
    for (_, n, e) in events.iter_mut() {
        // Violence only: an arrest or a hearing dated by the lede is no day of the deed.
        let violent = drafts[*n].class.is_violent() || e.fatalities > 0 || e.injuries > 0;
        let fallback = violent && e.date.is_some() && rule(e).is_none_or(|r| r.starts_with("lede"));
        // Only an earlier day: the steps that follow a deed come after it, so a lede dated
        // after the violence is a later step ("sentenced Monday", "police said Tuesday").
        let earlier = date
            .as_deref()
            .zip(e.date.as_deref())
            .is_some_and(|(d, own)| d < own);
        if !fallback || !(earlier || quiet(*n)) {
            continue;
        }
        e.date.clone_from(&date);
        e.date_precision = DatePrecision::Day;
        e.evidence.retain(|x| x.field != "date");
        if let Some(mut said) = said.clone() {
            said.rule = "story: day of the violence".to_string();
            e.evidence.push(said);
        }
    }
}

fn has_field(e: &Event, field: &str) -> bool {
    e.evidence.iter().any(|x| x.field == field)
}

/// Folds later mentions of the same non-lethal event into the first: same type, same date,
/// and the same place or one of them known only to the country ("the protesters who
/// torched the consulate" after "stormed the consulate and set fire to the building").
fn merge_repeats(events: &mut Vec<(u8, usize, Event)>) {
    let quiet = |e: &Event| e.fatalities == 0 && e.injuries == 0 && !e.aggregate;
    let mut i = 0;
    while i < events.len() {
        let mut j = i + 1;
        while j < events.len() {
            let (a, b) = (&events[i].2, &events[j].2);
            let compatible = quiet(a)
                && quiet(b)
                && a.sub_event_type == b.sub_event_type
                && (a.plover_type == b.plover_type || a.sub_event_type != "Other")
                && (a.date == b.date || !has_field(a, "date") || !has_field(b, "date"))
                && match (&a.location, &b.location) {
                    (Some(x), Some(y)) => {
                        x.geonameid == y.geonameid
                            || (x.country == y.country
                                && (x.precision == PlacePrecision::Country
                                    || y.precision == PlacePrecision::Country))
                    }
                    _ => true,
                };
            if compatible {
                let (_, _, later) = events.remove(j);
                let first = &mut events[i].2;
                if !has_field(first, "date") && has_field(&later, "date") {
                    first.date.clone_from(&later.date);
                    first.date_precision = later.date_precision;
                }
                let more_precise = match (&first.location, &later.location) {
                    (Some(x), Some(y)) => y.precision < x.precision,
                    (None, Some(_)) => true,
                    _ => false,
                };
                if more_precise {
                    first.location.clone_from(&later.location);
                }
                first.actor1 = first.actor1.take().or(later.actor1);
                first.actor2 = first.actor2.take().or(later.actor2);
                first.hedged &= later.hedged;
                first.evidence.extend(later.evidence);
            } else {
                j += 1;
            }
        }
        i += 1;
    }
}

/// Classes that describe the same happening when they share a sentence.
fn group(c: Class) -> u8 {
    match c {
        c if c.is_violent() => 0,
        Class::Protest | Class::Block => 1,
        Class::Riot | Class::Arson | Class::Loot => 2,
        Class::Arrest => 3,
        Class::Abduct | Class::Sexual => 4,
        Class::Agree => 5,
        Class::Border | Class::Curfew | Class::Seize => 6,
        Class::Demand => 7,
        Class::Reject => 8,
        Class::Threaten => 9,
        Class::Accuse => 10,
        Class::Meet => 11,
        Class::Disperse => 12,
        Class::Chem => 0,
        Class::Regain => 6,
        Class::Defuse => 14,
        Class::Defect => 15,
        Class::Base => 16,
        Class::Transfer => 17,
        Class::Say => 18,
        Class::Crime => 19,
        _ => 13,
    }
}

/// Adjacent actor words name one actor: "Taliban militants", "Afghan security forces",
/// "pro-government militia members". A named group wins over a generic noun; between
/// two generic nouns the last (the head noun) wins.
fn compound_actors(
    text: &str,
    lex: &crate::lexicon::Lexicon,
    found: Vec<(usize, Span)>,
) -> Vec<(usize, Span)> {
    let named = |a: usize| !lex.actors[a].name.contains("{C}");
    let mut out: Vec<(usize, Span)> = Vec::with_capacity(found.len());
    for (a, span) in found {
        if let Some(last) = out.last_mut() {
            let gap = text
                .get(last.1.end as usize..span.start as usize)
                .unwrap_or("x");
            if gap.chars().all(|c| c == ' ' || c == '-') {
                let keep = if named(last.0) && !named(a) {
                    last.0
                } else {
                    a
                };
                *last = (keep, last.1.cover(span));
                continue;
            }
        }
        out.push((a, span));
    }
    out
}

/// A title followed by a capitalised name is one person with the title's role: "Prime
/// Minister Adel Abdul Mahdi", "Cleric Moqtada al-Sadr". The name's last words then stand
/// for the same person later in the document ("Abdul Mahdi", "al-Sadr").
fn named_persons(text: &str, lex: &crate::lexicon::Lexicon, sentences: &mut [Sentence]) {
    let is_title = |a: usize| {
        let w = &lex.actors[a];
        w.role == Role::Government || w.name.contains("{N}")
    };
    let mut aliases: Vec<(String, usize)> = Vec::new();
    for sent in sentences.iter_mut() {
        for m in sent.actors.iter_mut() {
            if !is_title(m.0) {
                continue;
            }
            let rest = text
                .get(m.1.end as usize..sent.span.end as usize)
                .unwrap_or("");
            let mut end = m.1.end as usize;
            let mut words: Vec<(usize, usize)> = Vec::new();
            let mut offset = m.1.end as usize;
            for w in rest.split(' ') {
                let start = offset;
                offset += w.len() + 1;
                if w.is_empty() && words.is_empty() {
                    continue;
                }
                let core = w.trim_end_matches([',', '.', ';', ':']);
                let capital = core
                    .split('-')
                    .any(|p| p.starts_with(|c: char| c.is_uppercase()));
                if !capital || core.is_empty() || words.len() == 4 {
                    break;
                }
                words.push((start, start + core.len()));
                end = start + core.len();
                if core.len() != w.len() {
                    break;
                }
            }
            let Some(&(first, _)) = words.first() else {
                continue;
            };
            let name = Span::new(first, end);
            m.1 = m.1.cover(name);
            sent.persons.push((m.1, name));
            // "Adel Abdul Mahdi" is also "Abdul Mahdi"; "Moqtada al-Sadr" also "al-Sadr";
            // "Recep Tayyip Erdogan" also "Erdogan" (the last word of three or more).
            let tail = words.len().saturating_sub(2).max(1).min(words.len() - 1);
            let alias_start = words.get(tail).map_or(first, |w| w.0);
            if let Some(alias) = text.get(alias_start..end) {
                aliases.push((alias.to_string(), m.0));
            }
            if words.len() >= 3 {
                let last = words.last().map_or(first, |w| w.0);
                if let Some(alias) = text.get(last..end).filter(|a| a.len() >= 4) {
                    aliases.push((alias.to_string(), m.0));
                }
            }
        }
    }
    if aliases.is_empty() {
        return;
    }
    for sent in sentences.iter_mut() {
        let s = text.get(sent.span.range()).unwrap_or("");
        for (alias, a) in &aliases {
            for (i, _) in s.match_indices(alias.as_str()) {
                let span = Span::new(
                    sent.span.start as usize + i,
                    sent.span.start as usize + i + alias.len(),
                );
                if !sent.actors.iter().any(|m| m.1.overlaps(span)) {
                    sent.actors.push((*a, span));
                    sent.persons.push((span, span));
                }
            }
        }
        sent.actors.sort_by_key(|m| m.1.start);
    }
}

/// Deaths from disasters and accidents, attacks named only in a claim or denial of
/// responsibility, and organised crime are not political violence (`docs/codebook.md`).
fn not_political(
    text: &str,
    lex: &crate::lexicon::Lexicon,
    sentences: &[Sentence],
    d: &Draft,
) -> bool {
    let sent = &sentences[d.sentence];
    let cue = |k: Cue| sent.cues.iter().any(|&(c, _)| c == k);
    let doc_cue = |k: Cue| {
        sentences
            .iter()
            .any(|s| s.cues.iter().any(|&(c, _)| c == k))
    };
    let armed = sent.actors.iter().any(|&(a, _)| {
        matches!(
            lex.actors[a].role,
            Role::Rebels | Role::Militia | Role::Armed | Role::Military
        )
    });
    let generic = matches!(
        d.class,
        Class::Kill | Class::Bomb | Class::Attack | Class::Riot | Class::Chem
    );
    // A shooting is violence whatever the setting: "accused of shooting his neighbour" is
    // the report of the shooting, and a gunshot wound beside a crash or a fire is no accident
    // of the crash or the fire.
    let shooting = shooting(lex, sent, d);
    let disaster = (cue(Cue::Disaster)
        || (doc_cue(Cue::Disaster) && d.trigger.is_none() && sentences.len() <= 4))
        && generic
        && !armed
        && !shooting;
    let attribution = sent.cues.iter().any(|&(c, span)| {
        c == Cue::Attribution
            && !accused_person(text, sent.span, span, d.trigger.map_or(d.anchor, |t| t.1))
    }) && d.class.is_violent()
        && !shooting;
    // Shootings in robberies and drug disputes stay events (local news reports them as
    // such); only the policing of crime ("seized cocaine") is left out.
    let crime = cue(Cue::Crime)
        && !armed
        && matches!(d.class, Class::Seize | Class::Regain | Class::Arrest);
    disaster || attribution || crime
}

/// "A man accused of stealing goats was beaten to death", "a militia executed a man
/// accused of robbery": an accusation that describes a person is not a claim about the
/// deed. True when the cue is a form of "accuse" and the deed comes before it, or after
/// it behind a verb of being or a comma (the deed is not the accusation's object, as in
/// "accused the rebels of attacking the convoy").
fn accused_person(text: &str, sentence: Span, cue: Span, anchor: Span) -> bool {
    let word = text.get(cue.range()).unwrap_or("").to_lowercase();
    if !word.starts_with("accus") {
        return false;
    }
    if anchor.end <= cue.start {
        return true;
    }
    // (A casualty mention that holds the cue: "A man accused of theft was beaten to death".)
    let deed = if anchor.contains(cue) {
        anchor.end
    } else {
        anchor.start
    };
    let between = text
        .get(cue.end as usize..deed.min(sentence.end) as usize)
        .unwrap_or("")
        .to_lowercase();
    between.contains(',')
        || between
            .split_whitespace()
            .any(|w| matches!(w, "was" | "were" | "is" | "are" | "been"))
}

/// The event is a shooting: its deed is gunfire ("shot", "opened fire", "gunned down") or
/// its sentence names a gunshot wound or gunfire (cue `gunfire`).
fn shooting(lex: &crate::lexicon::Lexicon, sent: &Sentence, d: &Draft) -> bool {
    let gun_deed = |t: usize| {
        let trig = &lex.triggers[t];
        matches!(trig.class, Class::Fire | Class::Kill) && trig.mode.as_deref() == Some("firearms")
    };
    d.class == Class::Fire
        || d.trigger.is_some_and(|(t, _)| gun_deed(t))
        || sent.cues.iter().any(|&(c, _)| c == Cue::Gunfire)
}

fn sent_has(sent: &Sentence, lex: &crate::lexicon::Lexicon, classes: &[Class]) -> bool {
    sent.triggers
        .iter()
        .any(|&(t, _)| classes.contains(&lex.triggers[t].class))
}

pub(crate) fn sentence_violence(
    sentences: &[Sentence],
    lex: &crate::lexicon::Lexicon,
    s: usize,
) -> Option<Class> {
    sentences[s]
        .triggers
        .iter()
        .map(|&(t, _)| lex.triggers[t].class)
        .filter(|c| c.is_violent())
        .max_by_key(|&c| violence_rank(c))
}

pub(crate) fn strongest_trigger(
    sent: &Sentence,
    lex: &crate::lexicon::Lexicon,
) -> Option<(usize, Span)> {
    sent.triggers
        .iter()
        .copied()
        .filter(|&(t, _)| lex.triggers[t].class.is_violent())
        .max_by_key(|&(t, _)| violence_rank(lex.triggers[t].class))
}

enum Modality {
    Dropped,
    Kept(Option<Span>),
}

/// Negation or a conditional shortly before the trigger drops it; a future marker keeps it
/// as an intent, marked hedged.
fn modality(sent: &Sentence, trigger: Span, cooperative: bool) -> Modality {
    let mut hedge = None;
    for &(cue, span) in &sent.cues {
        let before = cue_before(span, trigger);
        match cue {
            // "will not accept", "failed to reach agreement": a cooperative act denied is a
            // rejection (PLOVER REJECT, see `intent`), not nothing.
            Cue::Negation if before && cooperative => {}
            Cue::Negation | Cue::Irrealis if before => return Modality::Dropped,
            Cue::Future if before => hedge = Some(span),
            _ => {}
        }
    }
    Modality::Kept(hedge)
}

fn means_by_sentence(sentences: &[Sentence], text: &str) -> Vec<Vec<(String, Span)>> {
    sentences
        .iter()
        .map(|s| {
            s.cues
                .iter()
                .filter(|(c, _)| *c == Cue::Means)
                .map(|&(_, span)| (text[span.range()].to_string(), span))
                .collect()
        })
        .collect()
}

/// Means in the event's own sentence, or in a sentence of the same paragraph that reports
/// no event of its own (as "Security forces were using live ammunition ...").
fn means_for(
    means: &[Vec<(String, Span)>],
    sentences: &[Sentence],
    s: usize,
    ev: &mut Vec<Evidence>,
    doc: &Document,
) -> Vec<String> {
    let para = sentences[s].paragraph;
    let mut out: Vec<String> = Vec::new();
    for (k, m) in means.iter().enumerate() {
        let same = k == s;
        let nearby = sentences[k].paragraph == para && k > s && k - s <= 3;
        if !(same || nearby) {
            continue;
        }
        for (word, span) in m {
            let w = word.to_lowercase();
            if !out.contains(&w) {
                out.push(w);
                ev.push(evidence(doc, "means", *span, "cue:means"));
            }
        }
    }
    out
}

type ActorPick = (Actor, Role);

/// ACLED's actors of demonstrations and its defaults (`docs/codebook.md`, section 3). An
/// actor the report names by no words (the coder's default for the event) has an empty
/// `text`; its evidence points at the trigger. A protest is done
/// by protesters (actor 1, inter 6) and a riot by rioters (inter 5), whoever else the
/// sentence names; a force that intervenes in a protest is its actor 2, and a peaceful
/// protest has none. A riot's demonstrators named as protesters are rioters.
fn street_actors(
    p: &Pipeline,
    doc: &Document,
    (d, unarmed, policed, named_force): (&Draft, bool, bool, Option<(usize, Span)>),
    (event_type, sub): (&str, &str),
    (a1, a2): (Option<ActorPick>, Option<ActorPick>),
    country: Option<&str>,
    ev: &mut Vec<Evidence>,
) -> (Option<ActorPick>, Option<ActorPick>) {
    let anchor = d.trigger.map_or(d.anchor, |t| t.1);
    let crowd = |role: Role, ev: &mut Vec<Evidence>| -> ActorPick {
        let (template, inter, rule) = match role {
            Role::Rioters => ("Rioters ({C})", 5, "acled: a riot's actor 1 is rioters"),
            Role::Militia => (
                "Communal Militia ({C})",
                4,
                "acled: a deadly clash of unarmed groups is fought by communal militias",
            ),
            Role::Police => (
                "Police Forces of {C}",
                1,
                "acled: a protest met by force is met by police",
            ),
            _ => (
                "Protesters ({C})",
                6,
                "acled: a protest's actor 1 is protesters",
            ),
        };
        let field = if role == Role::Police {
            "actor2"
        } else {
            "actor1"
        };
        ev.push(evidence(doc, field, anchor, rule));
        (default_actor(p, template, inter, country), role)
    };
    let is = |a: &Option<ActorPick>, f: fn(Role) -> bool| a.as_ref().is_some_and(|a| f(a.1));
    if unarmed {
        // Both sides of a clash between groups: rioters, or communal militias in a battle.
        let role = if event_type == "Battles" {
            Role::Militia
        } else {
            Role::Rioters
        };
        let first = match a1 {
            Some(a) if a.1 == role => a,
            _ => crowd(role, ev),
        };
        let mut second = crowd(role, ev);
        second.0.text = first.0.text.clone();
        if let Some(e) = ev.last_mut() {
            e.field = "actor2".to_string();
        }
        return (Some(first), Some(second));
    }
    match (event_type, sub) {
        ("Protests", "Excessive force against protesters") => {
            let a2 = a2.or_else(|| Some(crowd(Role::Protesters, ev)));
            (a1, a2)
        }
        ("Protests", _) => {
            let protesters = |r: Role| r == Role::Protesters;
            let (mut first, mut other) = (a1, a2);
            // "police dispersed the demonstrators": the force is the other side.
            if !is(&first, protesters) && is(&other, protesters) {
                std::mem::swap(&mut first, &mut other);
            }
            let force = if is(&first, Role::is_state_force) {
                first.take()
            } else {
                other.filter(|a| a.1.is_armed() || a.1 == Role::Government)
            };
            let first = first
                .filter(|a| a.1 == Role::Protesters)
                .or_else(|| Some(crowd(Role::Protesters, ev)));
            let second = if sub == "Peaceful protest" {
                None
            } else {
                force
                    .or_else(|| {
                        let (a, span) = named_force?;
                        let w = &p.lexicon.actors[a];
                        ev.push(evidence(
                            doc,
                            "actor2",
                            span,
                            "acled: the force named in the protest's sentence met it",
                        ));
                        let mut actor = default_actor(p, &w.name, w.inter, country);
                        actor.text = doc.text().get(span.range()).unwrap_or("").to_string();
                        Some((actor, w.role))
                    })
                    .or_else(|| Some(crowd(Role::Police, ev)))
            };
            (first, second)
        }
        ("Riots", _) => {
            let street = |r: Role| matches!(r, Role::Protesters | Role::Rioters);
            let (mut first, mut other) = (a1, a2);
            if !is(&first, street) && is(&other, street) {
                std::mem::swap(&mut first, &mut other);
            }
            if first.as_ref().is_some_and(|a| a.1 == Role::Armed) {
                // "assailants hurled crude bombs": the unnamed attackers are the rioters.
                first = None;
            } else if first.as_ref().is_some_and(|a| !street(a.1)) {
                // "police clashed with rioters": the police are the other side.
                other = other.or(first.take());
            }
            let first = match first {
                Some((a, Role::Rioters)) => Some((a, Role::Rioters)),
                _ => Some(crowd(Role::Rioters, ev)),
            };
            // A riot met by arrests or dispersal in a short report: the police are the
            // other side.
            let other = other.or_else(|| policed.then(|| crowd(Role::Police, ev)));
            (first, other)
        }
        // Party supporters attacked by armed men are civilians; violence against
        // civilians, an arrest, and an explosion that hurt someone have civilians as
        // actor 2 when the report names no other victim.
        _ => {
            let victims = event_type == "Violence against civilians"
                || sub == "Arrests"
                || (event_type == "Explosions/Remote violence" && d.killed + d.injured > 0);
            let a2 = if a2.is_none() && victims {
                ev.push(evidence(
                    doc,
                    "actor2",
                    anchor,
                    "acled: the victims are civilians",
                ));
                Some((
                    default_actor(p, "Civilians ({C})", 7, country),
                    Role::Civilians,
                ))
            } else {
                a2
            };
            // An attack or an explosion by a doer the report does not name: ACLED's
            // unidentified armed group; an air strike is flown by a state's air force.
            let a1 = match a1 {
                // A battle whose one named side is a non-state group was fought by the
                // state's forces ("40 Boko Haram fighters were killed in clashes").
                None if event_type == "Battles" && a2.as_ref().is_some_and(|a| non_state(a.1)) => {
                    ev.push(evidence(
                        doc,
                        "actor1",
                        anchor,
                        "acled: the other side of a battle",
                    ));
                    Some((
                        default_actor(p, "Military Forces of {C}", 1, country),
                        Role::Military,
                    ))
                }
                // And a battle whose one named side is the state's forces, hit by a side the
                // report does not name ("2 soldiers were killed in an ambush"), was fought
                // by an unidentified armed group.
                None if event_type == "Battles"
                    && a2.as_ref().is_some_and(|a| a.1.is_state_force()) =>
                {
                    ev.push(evidence(
                        doc,
                        "actor1",
                        anchor,
                        "acled: the unnamed other side of a battle",
                    ));
                    Some((
                        default_actor(p, "Unidentified Armed Group ({C})", 3, country),
                        Role::Armed,
                    ))
                }
                None if matches!(
                    event_type,
                    "Violence against civilians" | "Explosions/Remote violence"
                ) =>
                {
                    let (template, inter, role) = if sub == "Air/drone strike" {
                        ("Military Forces of {C}", 1, Role::Military)
                    } else {
                        ("Unidentified Armed Group ({C})", 3, Role::Armed)
                    };
                    ev.push(evidence(doc, "actor1", anchor, "acled: a doer not named"));
                    Some((default_actor(p, template, inter, country), role))
                }
                a1 => a1,
            };
            let a2 = a2.map(|(mut a, role)| {
                // The victims of violence against civilians are civilians, whatever they
                // do for a living ("an off-duty policeman shot at his home").
                if role == Role::Rioters
                    || (event_type == "Violence against civilians" && role.is_state_force())
                {
                    a.name = actor_name(p, "Civilians ({C})", country);
                    a.inter = 7;
                    (a, Role::Civilians)
                } else {
                    (a, role)
                }
            });
            // A battle is fought between armed sides: civilians caught in it are among its
            // dead, not its actor 2, which is the other camp of actor 1 (an unidentified
            // armed group against the state's forces, the state's forces against a
            // non-state side).
            let a2 = match (a2, &a1) {
                (a2 @ (None | Some((_, Role::Civilians))), Some((_, r1)))
                    if event_type == "Battles" && r1.is_armed() =>
                {
                    let a = a2.map(|(a, _)| a);
                    let (template, inter, role) = if r1.is_state_force() {
                        ("Unidentified Armed Group ({C})", 3, Role::Armed)
                    } else {
                        ("Military Forces of {C}", 1, Role::Military)
                    };
                    ev.push(evidence(
                        doc,
                        "actor2",
                        anchor,
                        "acled: a battle's other side is armed",
                    ));
                    let mut other = default_actor(p, template, inter, country);
                    if let Some(a) = a {
                        other.text = a.text;
                    }
                    Some((other, role))
                }
                (a2, _) => a2,
            };
            (a1, a2)
        }
    }
}

/// Whether the first word of `span` is a page widget's label: at the start of a line, a
/// word of four or more capitals ("CLOSE", "WATCH") followed by a word in ordinary case
/// ("James Street ..."). A headline in capitals ("GUNMEN ATTACK VILLAGE") keeps its words,
/// and so does an acronym inside a sentence ("an IED exploded").
fn ui_label(text: &str, span: Span) -> bool {
    let line_start = text
        .get(..span.start as usize)
        .unwrap_or("")
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .trim()
        .is_empty();
    if !line_start {
        return false;
    }
    let rest = text.get(span.start as usize..).unwrap_or("");
    let mut words = rest.split_whitespace();
    let (Some(first), Some(next)) = (words.next(), words.next()) else {
        return false;
    };
    let shouted = first.chars().count() >= 4 && first.chars().all(|c| c.is_ascii_uppercase());
    let ordinary = next.chars().any(char::is_lowercase);
    shouted && ordinary
}

/// Whether a reporting verb follows the mention: "police said", "officials told
/// reporters".
fn reports_after(text: &str, m: Span) -> bool {
    let next = text
        .get(m.end as usize..)
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    report_verb(&next)
}

/// A verb of saying (lower case): "said", "told", "reported", ...
fn report_verb(w: &str) -> bool {
    matches!(
        w,
        "said" | "say" | "says" | "told" | "reported" | "stated" | "confirmed" | "added"
    )
}

/// Whether an actor before an active deed only tells of it or seeks its doer, given the
/// words between the actor and the deed: a verb of saying with a subject of its own after
/// it ("Police said a man shot", "Police are searching for a man they say shot"; not
/// "police said they fired": the pronoun takes the teller up again), or a relative
/// pronoun whose antecedent is another noun ("Police are looking for a gunman who shot";
/// not "Soldiers who were on patrol shot"). A comma or a parenthesis ends the search
/// ("Gunmen, police said, shot ...": the gunmen are the doers); a passive report ("are
/// reported to have struck") is a hedge, not a teller.
fn informant_before(between: &str) -> bool {
    let words: Vec<&str> = between.split_whitespace().collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    for (i, raw) in words.iter().enumerate() {
        if raw.contains(['(', ')']) {
            return false;
        }
        let w = bare(raw);
        let passive = i > 0
            && matches!(
                bare(words[i - 1]).as_str(),
                "is" | "are" | "was" | "were" | "been" | "being" | "be"
            );
        let to = words.get(i + 1).is_some_and(|n| bare(n) == "to");
        if !passive && !to && report_verb(&w) {
            // A report closed before the deed ("(X reported unknown fatalities) when
            // ...") tells of something else.
            if words[i + 1..].iter().any(|r| r.contains(['(', ')'])) {
                return false;
            }
            let mut rest = words[i + 1..].iter().map(|r| bare(r));
            let mut next = rest.next().unwrap_or_default();
            if next == "that" {
                next = rest.next().unwrap_or_default();
            }
            return !matches!(
                next.as_str(),
                "they" | "it" | "he" | "she" | "we" | "their" | "its" | "his" | "her" | "our"
            );
        }
        if matches!(w.as_str(), "who" | "whom") {
            return i > 0;
        }
        if raw.ends_with([',', ';', ':']) || raw.starts_with([',', ';', ':']) {
            return false;
        }
    }
    false
}

/// The two sides: actor 1 does the deed, actor 2 suffers it.
fn actors(
    p: &Pipeline,
    doc: &Document,
    sentences: &[Sentence],
    d: &Draft,
    toponyms: &[Toponym],
    country: Option<&str>,
    ev: &mut Vec<Evidence>,
) -> (Option<ActorPick>, Option<ActorPick>) {
    let lex = &p.lexicon;
    let text = doc.text();
    let sent = &sentences[d.sentence];
    let victim_span = d.victims.map(|v| v.1);
    let anchor = d.trigger.map_or(d.anchor, |t| t.1);
    let anchor_passive = passive_verb_before(text, sent.span, anchor);
    let nominal = nominal_deed(text, sent.span, anchor);
    let mentions: Vec<(usize, Span)> = sent
        .actors
        .iter()
        .copied()
        .filter(|&(_, s)| victim_span.is_none_or(|v| !v.overlaps(s)))
        // "... and set fire to the bus on Monday night, police said": who tells of the
        // deed after it is its informant, not a side; so is who tells before it of a deed
        // with a doer of its own ("Police said a man shot his neighbor"), unless the
        // teller says it did the deed ("Police said they shot a man"). A teller of a
        // passive deed may be its doer ("the Taliban said 11 soldiers were killed").
        // The same for who seeks the doer of a deed told in a relative clause ("Police
        // are looking for a gunman who shot two people", "... for a man they say shot").
        // (A statement's teller is its doer: "stated his refusal to resign".)
        .filter(|&(_, s)| {
            if s.start >= anchor.end {
                !reports_after(text, s)
            } else if s.end <= anchor.start && !anchor_passive && !d.class.is_verbal() {
                let between = text
                    .get(s.end as usize..anchor.start as usize)
                    .unwrap_or("");
                // "Police are investigating a shooting": who looks into a deed named by a
                // noun is not its doer ("a police shooting", "troops fought ... in the
                // fighting" name theirs).
                !(informant_before(between) || (nominal && seeks(between)))
            } else {
                true
            }
        })
        .collect();
    // The deed's doer: "by X", or a subject before an active trigger. A subject of a
    // passive verb ("3 policemen were killed") suffers the deed instead.
    let slot = |&(_, s): &(usize, Span)| -> Slot {
        // "recaptured the town, hours after it was seized by the troops": the agent of
        // another passive verb after the deed is not the deed's doer.
        let other_passive = s.start > anchor.end
            && passive_between(text, Span::new(anchor.end as usize, s.start as usize));
        if agent_by(text, sent.span, s) && !other_passive {
            Slot::By
        } else if (s.start > anchor.end && active_subject(text, sent.span, s))
            || (s.end <= anchor.start && !anchor_passive && !passive_subject(text, sent.span, s))
            // A trigger that opens with its doer ("air forces * struck"): the doer.
            || (s.start == anchor.start && anchor.contains(s) && !anchor_passive)
        {
            Slot::Subject
        } else {
            Slot::Patient
        }
    };
    let perpetrator_roles = |r: Role| match d.class {
        c if c.is_violent() => r.is_armed() || matches!(r, Role::Rioters | Role::Protesters),
        Class::Protest | Class::Block => r == Role::Protesters,
        Class::Riot | Class::Arson | Class::Loot | Class::Mob => {
            matches!(r, Role::Protesters | Role::Rioters) || r.is_armed()
        }
        Class::Arrest | Class::Curfew => r.is_state_force() || r == Role::Government,
        // Territory is taken by armed groups and held for governments.
        Class::Regain | Class::Seize | Class::Transfer => r.is_armed() || r == Role::Government,
        _ => true,
    };
    let mut first: Option<(usize, Span)> = mentions
        .iter()
        .filter(|&&(a, _)| perpetrator_roles(lex.actors[a].role))
        .filter(|m| slot(m) != Slot::Patient || d.class.is_verbal())
        // "A military officer and 16 soldiers died": the victims' side is not the doer.
        .filter(|m| slot(m) == Slot::By || d.victims.is_none_or(|v| v.0 != lex.actors[m.0].role))
        .max_by_key(|m| (slot(m), std::cmp::Reverse(m.1.start)))
        .copied();
    // "1 soldier was killed during clashes with Taliban militants": the other side of a
    // clash is named after "with".
    if first.is_none() && d.class == Class::Clash {
        first = mentions
            .iter()
            .copied()
            .filter(|m| perpetrator_roles(lex.actors[m.0].role))
            .find(|&(_, s)| {
                text.get(sent.span.start as usize..s.start as usize)
                    .and_then(|b| {
                        b.split_whitespace()
                            .rev()
                            .take(3)
                            .find(|w| w.eq_ignore_ascii_case("with"))
                    })
                    .is_some()
            });
    }
    // Coreference: "they", "the troops" in a later sentence take the perpetrator of the
    // previous sentence of the same paragraph.
    if first.is_none() && d.class.is_violent() && d.sentence > 0 {
        let prev = &sentences[d.sentence - 1];
        if prev.paragraph == sent.paragraph {
            // The other side: not the victims' own.
            let victims = d.victims.map(|v| v.0);
            first = prev.actors.iter().copied().find(|&(a, _)| {
                lex.actors[a].role.is_armed() && Some(lex.actors[a].role) != victims
            });
        }
    }
    let second: Option<(Role, Span, Option<usize>)> = match d.victims {
        Some((role, span)) => {
            let word = sent
                .actors
                .iter()
                .copied()
                .find(|&(a, s)| s.overlaps(span) && lex.actors[a].role == role)
                .map(|m| m.0);
            // Victims the casualty reader could not place ("four gendarmes", "ten
            // terrorists") take the role of the armed actor words that name them.
            let armed = sent
                .actors
                .iter()
                .copied()
                .find(|&(a, s)| s.overlaps(span) && lex.actors[a].role.is_armed());
            match (word, armed) {
                (None, Some((a, _))) if role == Role::Civilians => {
                    Some((lex.actors[a].role, span, Some(a)))
                }
                _ => Some((role, span, word)),
            }
        }
        None => mentions
            .iter()
            .copied()
            .filter(|m| Some(*m) != first && slot(m) == Slot::Patient)
            .min_by_key(|m| {
                (
                    m.1.start < anchor.start && !passive_subject(text, sent.span, m.1),
                    m.1.start,
                )
            })
            .map(|(a, s)| (lex.actors[a].role, s, Some(a))),
    };
    // "Government forces repelled an al Shabaab attack": with no victims and no patient,
    // violence by one armed side is against the other armed side its sentence names.
    let side = |r: Role| r.is_state_force() || r == Role::Government;
    let second = match (second, first) {
        (None, Some((f, fs))) if d.class.is_violent() && lex.actors[f].role.is_armed() => mentions
            .iter()
            .copied()
            .find(|&(a, s)| {
                !s.overlaps(fs)
                    && lex.actors[a].role.is_armed()
                    && side(lex.actors[a].role) != side(lex.actors[f].role)
            })
            .map(|(a, s)| (lex.actors[a].role, s, Some(a))),
        (s, _) => s,
    };
    // "a clash between locals and police", "fighting between the army and the rebels":
    // the two sides named after "between" are the clash's actors, in the order told,
    // whoever its victims are ("two children were killed in an exchange of fire between
    // ...").
    let (first, second) = match clash_sides(text, lex, sent, d) {
        Some((a, b)) => (Some(a), Some((lex.actors[b.0].role, b.1, Some(b.0)))),
        None => (first, second),
    };
    // "Iran announced that it will close the crossing": a country that speaks or acts is
    // its government.
    let state_subject = if first.is_none() && !d.class.is_violent() {
        toponyms
            .iter()
            .filter(|t| {
                t.kind == MentionKind::Place
                    && t.precision == PlacePrecision::Country
                    && sent.span.contains(t.span)
                    && t.span.end <= anchor.start
            })
            .find(|t| {
                let before = text
                    .get(sent.span.start as usize..t.span.start as usize)
                    .unwrap_or("");
                !matches!(
                    before
                        .split_whitespace()
                        .last()
                        .map(str::to_lowercase)
                        .as_deref(),
                    Some(
                        "in" | "from"
                            | "to"
                            | "of"
                            | "at"
                            | "across"
                            | "into"
                            | "with"
                            | "against"
                            | "on"
                            | "for"
                    )
                )
            })
    } else {
        None
    };
    let make = |a: usize, span: Span, field: &str, ev: &mut Vec<Evidence>| {
        let w = &lex.actors[a];
        // "Erdogan" after "Turkish President Recep Tayyip Erdogan": a person named again
        // keeps the country of the titled mention, wherever the event is.
        let alias = text.get(span.range()).unwrap_or("");
        let titled = sent
            .persons
            .iter()
            .any(|(m, n)| *m == span && n == m)
            .then(|| {
                sentences.iter().flat_map(|s| &s.persons).find(|(m, n)| {
                    m != n && text.get(n.range()).is_some_and(|n| n.ends_with(alias))
                })
            })
            .flatten()
            .and_then(|&(m, _)| demonym_before(toponyms, m, text));
        let demonym = demonym_before(toponyms, span, text).or(titled);
        let c = demonym.or(country);
        // "Pakistani troops" firing in India: state forces abroad are external forces.
        let abroad = w.role.is_state_force()
            && w.inter == 1
            && demonym.zip(country).is_some_and(|(d, c)| d != c);
        ev.push(evidence(
            doc,
            field,
            span,
            &format!("actor:{}", w.pattern.source),
        ));
        let person = sent
            .persons
            .iter()
            .find(|(m, _)| *m == span)
            .and_then(|(_, n)| text.get(n.range()));
        let template = match person {
            Some(n) => w.name.replace("{N}", n),
            None if w.name.contains("{N}") => "Civilians ({C})".to_string(),
            None => w.name.clone(),
        };
        (
            Actor {
                text: text[span.range()].to_string(),
                name: actor_name(p, &template, c),
                inter: if abroad { 8 } else { w.inter },
                country: c.and_then(|c| p.gazetteer.iso3(c)).map(str::to_string),
            },
            w.role,
        )
    };
    let first_name = first.map(|(a, _)| lex.actors[a].name.as_str());
    let second = second
        .filter(|&(_, _, w)| w.is_none() || w.map(|a| lex.actors[a].name.as_str()) != first_name);
    let a1 = first.map(|(a, s)| make(a, s, "actor1", ev)).or_else(|| {
        let t = state_subject?;
        ev.push(evidence(doc, "actor1", t.span, "country as actor"));
        let c = t.country_iso2.as_str();
        Some((
            Actor {
                text: text[t.span.range()].to_string(),
                name: actor_name(p, "Government of {C}", Some(c)),
                inter: 1,
                country: p.gazetteer.iso3(c).map(str::to_string),
            },
            Role::Government,
        ))
    });
    let a2 = second.map(|(role, span, word)| match word {
        Some(a) => make(a, span, "actor2", ev),
        None => {
            let c = demonym_before(toponyms, span, text).or(country);
            ev.push(evidence(doc, "actor2", span, "casualty victims"));
            let template = match role {
                Role::Protesters => "Protesters ({C})",
                Role::Police => "Police Forces of {C}",
                Role::Military => "Military Forces of {C}",
                Role::Rebels => "Rebels ({C})",
                Role::Armed => "Unidentified Armed Group ({C})",
                _ => "Civilians ({C})",
            };
            let inter = match role {
                Role::Protesters => 6,
                Role::Police | Role::Military => 1,
                Role::Rebels => 2,
                Role::Armed => 3,
                _ => 7,
            };
            (
                Actor {
                    text: text[span.range()].to_string(),
                    name: actor_name(p, template, c),
                    inter,
                    country: c.and_then(|c| p.gazetteer.iso3(c)).map(str::to_string),
                },
                role,
            )
        }
    });
    (a1, a2)
}

/// The two sides of a clash named as "between A and B" shortly after its trigger ("clashes
/// broke out between youths and security forces"): actor words of the sentence, a few
/// words apart, joined by "and".
fn clash_sides(
    text: &str,
    lex: &crate::lexicon::Lexicon,
    sent: &Sentence,
    d: &Draft,
) -> Option<((usize, Span), (usize, Span))> {
    if d.class != Class::Clash {
        return None;
    }
    let (t, trigger) = d.trigger?;
    if lex.triggers[t].class != Class::Clash {
        return None;
    }
    // "between" within the trigger or a few words after it.
    let after = text.get(trigger.start as usize..sent.span.end as usize)?;
    let lower = after.to_lowercase();
    let at = lower.find("between ")?;
    let gap_words = lower[..at].split_whitespace().count();
    let in_trigger = trigger.start as usize + at < trigger.end as usize;
    if !in_trigger && gap_words > trigger_words(text, trigger) + 3 {
        return None;
    }
    let from = trigger.start as usize + at + "between ".len();
    // A few words, no clause break: "the supporters of", "of the ruling party and".
    let near = |a: usize, b: usize, joiner: Option<&str>| -> bool {
        let Some(gap) = text.get(a..b) else {
            return false;
        };
        let gap_lower = gap.to_lowercase();
        let words: Vec<&str> = gap_lower.split_whitespace().collect();
        !gap.contains([',', ';', '.', '(', ')'])
            && words.len() <= 6
            && joiner.is_none_or(|j| words.contains(&j))
    };
    let mut mentions = sent
        .actors
        .iter()
        .copied()
        .filter(|&(_, s)| s.start as usize >= from && !s.overlaps(trigger));
    let a = mentions
        .next()
        .filter(|&(_, s)| near(from, s.start as usize, None))?;
    let b = mentions
        .next()
        .filter(|&(_, s)| near(a.1.end as usize, s.start as usize, Some("and")))?;
    // A state force fighting a side that is not one is its second actor, as ACLED codes
    // attacks on and clashes with the state.
    let state = |m: (usize, Span)| lex.actors[m.0].role.is_state_force();
    if state(a) && !state(b) {
        return Some((b, a));
    }
    Some((a, b))
}

/// How many words a trigger's matched text has.
fn trigger_words(text: &str, span: Span) -> usize {
    text.get(span.range())
        .map_or(0, |t| t.split_whitespace().count())
}

/// Where an actor mention stands relative to the deed; later variants are stronger
/// evidence of the doer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Patient,
    Subject,
    By,
}

const BE: &[&str] = &["was", "were", "been", "being", "be", "is", "are", "got"];

/// "killed by an unknown gunmen": `by` at most three words before the mention.
fn agent_by(text: &str, sentence: Span, m: Span) -> bool {
    let before = text
        .get(sentence.start as usize..m.start as usize)
        .unwrap_or("");
    before
        .split_whitespace()
        .rev()
        .take(4)
        .take_while(|w| !w.ends_with([',', ';', ':', ')']))
        .any(|w| w.eq_ignore_ascii_case("by"))
}

/// A form of "be" and a past participle between two points: "... it was seized by".
fn passive_between(text: &str, gap: Span) -> bool {
    let words: Vec<&str> = text
        .get(gap.range())
        .unwrap_or("")
        .split_whitespace()
        .collect();
    words
        .windows(2)
        .any(|w| BE.contains(&w[0].to_lowercase().as_str()) && participle(w[1]))
}

/// A past participle after a form of "be" ("were killed", "was badly wounded").
fn participle(w: &str) -> bool {
    let w = w
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    w.ends_with("ed")
        || w.ends_with("en")
        || matches!(
            w.as_str(),
            "shot" | "hit" | "struck" | "slain" | "hurt" | "held" | "taken" | "found" | "caught"
        )
}

/// "Iraqi insurgents frontally assaulted U.S. troops": the mention is followed by an
/// active verb in the past tense.
fn active_subject(text: &str, sentence: Span, m: Span) -> bool {
    let after = text
        .get(m.end as usize..sentence.end as usize)
        .unwrap_or("");
    let mut words = after.split_whitespace().map(|w| w.to_lowercase());
    let mut w = words.next().unwrap_or_default();
    if w.ends_with("ly") {
        w = words.next().unwrap_or_default();
    }
    w.ends_with("ed") && w.chars().all(char::is_alphabetic)
}

fn passive_verb_before(text: &str, sentence: Span, trigger: Span) -> bool {
    let before = text
        .get(sentence.start as usize..trigger.start as usize)
        .unwrap_or("");
    let words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
    let word = text.get(trigger.range()).unwrap_or("");
    participle(word.split_whitespace().next().unwrap_or(""))
        && words
            .iter()
            .any(|w| BE.contains(&w.to_lowercase().as_str()))
}

/// Whether the words between an actor and a deed hold a verb of looking into it
/// (`data/seekers.txt`: "investigating", "responded to", "arrested a man in").
fn seeks(between: &str) -> bool {
    static STEMS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let stems = STEMS.get_or_init(|| {
        crate::lexicon::rows(include_str!("../data/seekers.txt"))
            .filter_map(|(_, cols)| cols.first().map(|c| c.trim().to_lowercase()))
            .filter(|c| !c.is_empty())
            .collect()
    });
    between.split_whitespace().any(|raw| {
        let w = raw
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        stems.iter().any(|st| w.starts_with(st.as_str()))
    })
}

/// The trigger is an "-ing" noun naming the deed ("a shooting", "Saturday's shooting",
/// "in the killing of"), not a verb ("were shooting", "began shooting at"): a determiner,
/// a possessive or a preposition within the three words before it, before any auxiliary.
fn nominal_deed(text: &str, sentence: Span, trigger: Span) -> bool {
    let word = text.get(trigger.range()).unwrap_or("");
    let first = word.split_whitespace().next().unwrap_or("").to_lowercase();
    if !first.ends_with("ing") || word.split_whitespace().count() > 1 {
        return false;
    }
    let before = text
        .get(sentence.start as usize..trigger.start as usize)
        .unwrap_or("");
    for raw in before.split_whitespace().rev().take(3) {
        if raw.ends_with([',', ';', ':', '.']) {
            return false;
        }
        let w = raw.to_lowercase();
        if w.ends_with("'s") || w.ends_with("’s") {
            return true;
        }
        match w.trim_matches(|c: char| !c.is_alphanumeric()) {
            "a" | "an" | "the" | "this" | "that" | "another" | "in" | "of" | "after" | "about"
            | "into" | "following" | "for" | "with" => return true,
            "was" | "were" | "is" | "are" | "be" | "been" | "began" | "begin" | "started"
            | "start" | "kept" | "keep" | "stop" | "stopped" | "continued" => return false,
            _ => {}
        }
    }
    false
}

/// The mention is the subject of a passive verb: "3 policemen (2 according to Taliban
/// sources) including a commander were killed".
fn passive_subject(text: &str, sentence: Span, m: Span) -> bool {
    let after = text
        .get(m.end as usize..sentence.end as usize)
        .unwrap_or("");
    let mut depth = 0i32;
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in after.chars().take(160) {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' | ';' | '.' if depth <= 0 => break,
            c if depth <= 0 && c.is_whitespace() && !cur.is_empty() => {
                words.push(std::mem::take(&mut cur));
            }
            c if c.is_whitespace() => {}
            c if depth <= 0 => cur.push(c),
            _ => {}
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let words: Vec<&str> = words.iter().map(String::as_str).take(6).collect();
    words
        .windows(2)
        .any(|w| BE.contains(&w[0].to_lowercase().as_str()) && participle(w[1]))
        || words.windows(3).any(|w| {
            BE.contains(&w[0].to_lowercase().as_str()) && w[1].ends_with("ly") && participle(w[2])
        })
}

/// "Iraqi police": a demonym right before the actor words gives its country.
fn demonym_before<'t>(toponyms: &'t [Toponym], span: Span, text: &str) -> Option<&'t str> {
    toponyms
        .iter()
        .filter(|t| t.kind != MentionKind::Place || t.precision == PlacePrecision::Country)
        .find(|t| {
            t.span.end <= span.start
                && text
                    .get(t.span.end as usize..span.start as usize)
                    .is_some_and(|gap| gap.len() <= 12 && gap.split_whitespace().count() <= 1)
        })
        .map(|t| t.country_iso2.as_str())
}

/// An actor the coder fills in by ACLED's defaults ("Civilians (Iraq)"): no words of the
/// text name it, so its `text` is empty.
fn default_actor(p: &Pipeline, template: &str, inter: u8, country_iso2: Option<&str>) -> Actor {
    Actor {
        text: String::new(),
        name: actor_name(p, template, country_iso2),
        inter,
        country: country_iso2
            .and_then(|c| p.gazetteer.iso3(c))
            .map(str::to_string),
    }
}

fn actor_name(p: &Pipeline, template: &str, country_iso2: Option<&str>) -> String {
    let name = country_iso2
        .and_then(|c| p.gazetteer.country(c))
        .map(|c| c.name.as_str());
    match name {
        Some(n) => template.replace("{C}", n),
        None => template
            .replace(" of {C}", "")
            .replace(" ({C})", "")
            .replace("{C}", ""),
    }
}

/// ACLED event type and sub-event type by the rules of `docs/codebook.md`.
fn code(
    text: &str,
    sentences: &[Sentence],
    lex: &crate::lexicon::Lexicon,
    d: &Draft,
    (a1, a2): (Option<Role>, Option<Role>),
    violence_in_sentence: bool,
) -> (&'static str, &'static str) {
    const EXPL: &str = "Explosions/Remote violence";
    const VAC: &str = "Violence against civilians";
    const SD: &str = "Strategic developments";
    let sent = &sentences[d.sentence];
    let protest_context = a2 == Some(Role::Protesters)
        || sent_has(sent, lex, &[Class::Protest, Class::Block])
        || sent
            .actors
            .iter()
            .any(|&(a, _)| lex.actors[a].role == Role::Protesters);
    let intervention = violence_in_sentence
        || policing_in(text, lex, sent)
        || policed_report(text, sentences, lex)
        || sentences
            .get(d.sentence + 1)
            .is_some_and(|n| n.paragraph == sent.paragraph && sent_has(n, lex, &[Class::Disperse]));
    let state = a1.is_some_and(Role::is_state_force);
    match d.class {
        // Petrol bombs, crude bombs and "cocktails" are the weapons of street violence:
        // their explosions are riots unless state forces or rebels are named as the doers.
        c if (c.is_violent() || matches!(c, Class::Riot | Class::Arson))
            && c != Class::Chem
            && street_weapon(sent, lex)
            && !a1.is_some_and(|r| r.is_state_force() || r == Role::Rebels)
            // Assailants who burn or maim bystanders with them attack civilians.
            && !(a1 == Some(Role::Armed) && d.killed + d.injured > 0) =>
        {
            if protest_context {
                ("Riots", "Violent demonstration")
            } else {
                ("Riots", "Mob violence")
            }
        }
        // "Police raided the newspaper's office": a raid by state forces that hurt no one
        // and names no armed side is a search or an arrest, not an attack.
        Class::Attack
            if state
                && d.killed + d.injured == 0
                && !a2.is_some_and(Role::is_armed)
                && d.trigger
                    .is_some_and(|(t, _)| lex.triggers[t].pattern.source == "raid~") =>
        {
            if sent_has(sent, lex, &[Class::Arrest]) {
                (SD, "Arrests")
            } else {
                (SD, "Other")
            }
        }
        Class::Suicide => (EXPL, "Suicide bomb"),
        Class::Air => (EXPL, "Air/drone strike"),
        // "missiles fired by Israeli jets": what aircraft fire is an air strike.
        Class::Shell | Class::Bomb if sent.cues.iter().any(|&(c, _)| c == Cue::Aircraft) => {
            (EXPL, "Air/drone strike")
        }
        Class::Shell => (EXPL, "Shelling/artillery/missile attack"),
        Class::Grenade => (EXPL, "Grenade"),
        Class::Bomb => (EXPL, "Remote explosive/landmine/IED"),
        Class::Abduct => (VAC, "Abduction/forced disappearance"),
        Class::Sexual => (VAC, "Sexual violence"),
        Class::Mob => ("Riots", "Mob violence"),
        // A mob's violence outside any demonstration ("an angry mob vandalised temples").
        c if (c.is_violent() || matches!(c, Class::Riot | Class::Arson | Class::Loot))
            && matches!(a1, None | Some(Role::Rioters))
            && mob_in(sent, lex)
            && !sent_has(sent, lex, &[Class::Protest, Class::Block]) =>
        {
            ("Riots", "Mob violence")
        }
        // "clashes between police and protesters": demonstrators in a clash are violent;
        // so are rioters, whatever the toll ("police clashed with rioters").
        Class::Clash
            if !a1.is_some_and(non_state)
                && ((protest_context && d.killed == 0) || rioters_in(sent, lex)) =>
        {
            ("Riots", "Violent demonstration")
        }
        // "police clashed with party cadres", "villagers clashed with the police": a crowd
        // in a clash with state forces riots, in a report that names no armed group.
        Class::Clash if crowd_clash(lex, sentences, d, (a1, a2)) => {
            if protest_context {
                ("Riots", "Violent demonstration")
            } else {
                ("Riots", "Mob violence")
            }
        }
        // "a clash between two groups of villagers": a fight between sides that are not
        // armed forces or groups is a riot, or a battle of communal militias when someone
        // died in it.
        Class::Clash if unarmed_clash(sentences, lex, d, (a1, a2)) => {
            if d.killed > 0 {
                ("Battles", "Armed clash")
            } else {
                ("Riots", "Mob violence")
            }
        }
        // "Hawkers clashed with the police", "residents attacked the border guards'
        // camp": a crowd of civilians fighting state forces, with no armed group named, riots.
        c if matches!(c, Class::Clash | Class::Attack | Class::Kill | Class::Fire)
            && matches!(a1, None | Some(Role::Rioters | Role::Civilians))
            && a2.is_some_and(Role::is_state_force)
            && crowd_against_state(sent, lex, d) =>
        {
            if protest_context {
                ("Riots", "Violent demonstration")
            } else {
                ("Riots", "Mob violence")
            }
        }
        // Chemical weapons are violent too: their arm must come before the general one.
        Class::Chem => (EXPL, "Chemical weapon"),
        c if c.is_violent() => {
            // "attacks against peaceful protestors": generic victims of violence aimed at
            // demonstrators named after the deed are protesters.
            let anchor = d.trigger.map_or(d.anchor, |t| t.1);
            let aimed_at_protest = sent
                .actors
                .iter()
                .any(|&(a, s)| lex.actors[a].role == Role::Protesters && s.start >= anchor.end)
                || sent.triggers.iter().any(|&(t, s)| {
                    lex.triggers[t].class == Class::Protest && s.start >= anchor.end
                });
            let protester_victims = a2 == Some(Role::Protesters)
                || (a2.is_none() && protest_context)
                || (a2 == Some(Role::Civilians) && aimed_at_protest);
            if (state || a1.is_none()) && protester_victims && protest_context {
                if d.killed > 0 || matches!(c, Class::Fire | Class::Kill) {
                    ("Protests", "Excessive force against protesters")
                } else {
                    ("Protests", "Protest with intervention")
                }
            } else if matches!(a1, Some(Role::Protesters | Role::Rioters)) {
                ("Riots", "Violent demonstration")
            } else if c != Class::Clash
                && a2.is_some_and(Role::is_state_force)
                && off_duty(text, sent)
            {
                // "a policeman was shot dead outside his home": an officer attacked off
                // duty, at home, is a civilian victim (ACLED).
                (VAC, "Attack")
            } else if (a1.is_some_and(Role::is_armed) || a1.is_none())
                && (a2.is_some_and(Role::is_armed)
                    || (c == Class::Clash
                        && (a2 != Some(Role::Civilians)
                            || armed_sides(sent, lex) >= 2
                            // "Clashes broke out between soldiers and rebels. Four
                            // civilians were killed (during the fighting)."
                            || (d.trigger.is_none_or(|(t, _)| {
                                matches!(lex.triggers[t].class, Class::Kill | Class::Clash)
                            }) && (0..d.sentence)
                                .rev()
                                .take_while(|&k| sentences[k].paragraph == sent.paragraph)
                                .any(|k| armed_sides(&sentences[k], lex) >= 2))
                            || generic_victims(text, d))))
                || (c == Class::Attack
                    && a1.is_some_and(Role::is_armed)
                    && fought_back(text, sentences, lex, d))
            {
                // Two armed sides, or a clash involving an armed side and no civilians, or
                // an attack whose target fought back ("... returned fire").
                ("Battles", "Armed clash")
            } else {
                (VAC, "Attack")
            }
        }
        // "traders burnt tyres and blocked the road to protest": a demonstration whose
        // demonstrators destroy or fight is a riot.
        Class::Protest | Class::Block
            if destruction_in(text, lex, sent) && !matches!(a1, Some(r) if r.is_armed()) =>
        {
            ("Riots", "Violent demonstration")
        }
        Class::Protest | Class::Block => {
            if intervention {
                ("Protests", "Protest with intervention")
            } else {
                ("Protests", "Peaceful protest")
            }
        }
        Class::Riot | Class::Arson => {
            if protest_context
                || matches!(a1, Some(Role::Protesters | Role::Rioters))
                || a1.is_none()
            {
                ("Riots", "Violent demonstration")
            } else if a1 == Some(Role::Armed) {
                // Unidentified assailants who torch an office or a vehicle ("assailants
                // torched the party office"): mob violence; armed groups and forces
                // destroy property.
                ("Riots", "Mob violence")
            } else {
                (SD, "Looting/property destruction")
            }
        }
        Class::Defuse => (SD, "Disrupted weapons use"),
        Class::Defect => (SD, "Change to group/activity"),
        Class::Base => (SD, "Headquarters or base established"),
        Class::Transfer => (SD, "Non-violent transfer of territory"),
        // Territory taken "without resistance" changed hands without a battle.
        // (Also when the sentence before says the other side withdrew: "The troops vacated
        // the area. It was re-captured by the army.")
        Class::Regain | Class::Seize
            if sent_has(sent, lex, &[Class::Transfer])
                || [d.sentence + 1, d.sentence.wrapping_sub(1)]
                    .iter()
                    .filter_map(|&k| sentences.get(k))
                    .any(|n| {
                        n.paragraph == sent.paragraph && sent_has(n, lex, &[Class::Transfer])
                    }) =>
        {
            (SD, "Non-violent transfer of territory")
        }
        Class::Regain => match a1 {
            Some(Role::Rebels | Role::Militia | Role::Armed) => {
                ("Battles", "Non-state actor overtakes territory")
            }
            _ => ("Battles", "Government regains territory"),
        },
        Class::Loot => (SD, "Looting/property destruction"),
        // Demonstrators arrested at their protest: ACLED codes the protest, with
        // intervention.
        // (A protest named in the sentence: "activists arrested" alone is an arrest.)
        // (Not an arrest the protest is about: "protested the arrest of their leader".)
        Class::Arrest
            if sent_has(sent, lex, &[Class::Protest, Class::Block])
                && !protest_topic(text, lex, sent, d.anchor) =>
        {
            ("Protests", "Protest with intervention")
        }
        Class::Arrest => (SD, "Arrests"),
        // "failed to reach an agreement" is no agreement (PLOVER REJECT, see `intent`).
        Class::Agree
            if d.trigger.is_some_and(|(t, _)| {
                intent(sent, d, &lex.triggers[t]).is_some_and(|i| i.0 == "REJECT")
            }) =>
        {
            (SD, "Other")
        }
        Class::Agree => (SD, "Agreement"),
        // What demonstrators do as a crowd (gather, chant, denounce, demand) is a protest.
        c if a1 == Some(Role::Protesters)
            && (c.is_verbal() || matches!(c, Class::Agree | Class::Curfew)) =>
        {
            if intervention {
                ("Protests", "Protest with intervention")
            } else {
                ("Protests", "Peaceful protest")
            }
        }
        // Deployments, reinforcements and mobilisations of armed groups: ACLED records
        // them as a change to the group's activity.
        Class::Say
            if d.trigger
                .is_some_and(|(t, _)| lex.triggers[t].plover == "MOBILIZE")
                && a1.is_some_and(Role::is_armed) =>
        {
            (SD, "Change to group/activity")
        }
        Class::Seize => match a1 {
            Some(r) if r.is_state_force() => ("Battles", "Government regains territory"),
            Some(Role::Rebels | Role::Militia | Role::Armed) => {
                ("Battles", "Non-state actor overtakes territory")
            }
            _ => (SD, "Other"),
        },
        _ => (SD, "Other"),
    }
}

/// A cue shortly before a trigger governs it.
fn cue_before(cue: Span, trigger: Span) -> bool {
    cue.end <= trigger.start && trigger.start - cue.end <= 40
}

/// Acts of cooperation in PLOVER's sense: what a party agrees, meets, supports, gives,
/// concedes or withdraws.
fn cooperative(trig: &crate::lexicon::Trigger) -> bool {
    !trig.class.is_violent()
        && matches!(
            trig.plover.as_str(),
            "AGREE" | "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" | "CONCEDE" | "RETREAT"
        )
}

/// PLOVER (after CAMEO 03, 10, 12 and 13) codes what is stated rather than done by what is
/// stated: a cooperative act denied ("will not accept") is REJECT; a deed someone "must"
/// do is REQUEST; an intent to consult, support, cooperate, aid, concede or retreat
/// ("will visit", "would allow") is AGREE; an intent to coerce, protest, mobilise or
/// assault ("will extend the curfew", "would blockade Paris"), or any deed made
/// conditional ("will withdraw unless ..."), is THREATEN. Sanctions announced stay
/// SANCTION ("will close the border").
fn intent(
    sent: &Sentence,
    d: &Draft,
    trig: &crate::lexicon::Trigger,
) -> Option<(&'static str, &'static str)> {
    let (_, at) = d.trigger?;
    let cue = |k: Cue| sent.cues.iter().any(|&(c, s)| c == k && cue_before(s, at));
    let coop = cooperative(trig);
    if coop && cue(Cue::Negation) {
        return Some(("REJECT", "12"));
    }
    // Statements keep their own type: "must reject" is still a rejection; "must agree"
    // is a demand.
    let speech = matches!(
        trig.plover.as_str(),
        "REQUEST" | "REJECT" | "THREATEN" | "ACCUSE" | "AGREE"
    );
    if cue(Cue::Obligation) && (!speech || trig.plover == "AGREE") && !trig.class.is_violent() {
        return Some(("REQUEST", "10"));
    }
    let future = d
        .hedged
        .is_some_and(|h| sent.cues.iter().any(|&(c, s)| c == Cue::Future && s == h));
    if !future {
        return None;
    }
    let conditional = sent.cues.iter().any(|&(c, _)| c == Cue::Condition);
    let coercive = matches!(
        trig.plover.as_str(),
        "COERCE" | "PROTEST" | "MOBILIZE" | "ASSAULT"
    );
    if coop && trig.class != Class::Agree {
        Some(("AGREE", "03"))
    } else if (conditional || coercive) && !speech {
        Some(("THREATEN", "13"))
    } else {
        None
    }
}

/// How many different armed actors a sentence names ("troops and al-Shabab fighters
/// clashed"): two make a clash a battle even when civilians died in it.
fn armed_sides(sent: &Sentence, lex: &crate::lexicon::Lexicon) -> usize {
    let mut names: Vec<&str> = sent
        .actors
        .iter()
        .filter(|&&(a, _)| lex.actors[a].role.is_armed())
        .map(|&(a, _)| lex.actors[a].name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// A clash whose sides are not armed forces or groups: no armed actor is named anywhere in
/// the report (police only in the clash's own sentence) and no demonstration in the clash's
/// sentence ("a clash between two groups of
/// villagers over land", "supporters of two candidates clashed").
fn unarmed_clash(
    sentences: &[Sentence],
    lex: &crate::lexicon::Lexicon,
    d: &Draft,
    (a1, a2): (Option<Role>, Option<Role>),
) -> bool {
    d.class == Class::Clash
        && matches!(a1, None | Some(Role::Rioters))
        && matches!(a2, None | Some(Role::Rioters | Role::Civilians))
        && !sent_has(&sentences[d.sentence], lex, &[Class::Protest, Class::Block])
        && !sentences.iter().enumerate().any(|(k, s)| {
            s.actors.iter().any(|&(a, _)| {
                let role = lex.actors[a].role;
                // Police named elsewhere in the report ("the officer-in-charge of the police
                // station said") are its informants, not a side.
                (role.is_armed() && (role != Role::Police || k == d.sentence))
                    || role == Role::Protesters
            })
        })
}

/// The victims of a clash are named by no side ("a man was killed and three others
/// injured in a gunfight"): they are the fighters, not civilians caught in it.
fn generic_victims(text: &str, d: &Draft) -> bool {
    d.victims.is_some_and(|(role, span)| {
        let words = text.get(span.range()).unwrap_or("").to_lowercase();
        role == Role::Civilians
            && words.split_whitespace().last().is_some_and(|w| {
                matches!(
                    w.trim_matches(|c: char| !c.is_alphanumeric()),
                    "people" | "persons" | "person" | "man" | "men" | "others" | "individuals"
                )
            })
    })
}

/// Destruction or violence by a crowd reported in the sentence, not named as what a
/// protest is about ("demanding the release of those jailed for rioting") and not an
/// effigy set on fire (a protest's symbol, not its violence).
fn destruction_in(text: &str, lex: &crate::lexicon::Lexicon, sent: &Sentence) -> bool {
    sent.triggers.iter().any(|&(t, span)| {
        let trig = &lex.triggers[t];
        let after: String = text
            .get(span.end as usize..sent.span.end as usize)
            .unwrap_or("")
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let matched = text.get(span.range()).unwrap_or("").to_lowercase();
        matches!(trig.class, Class::Riot | Class::Arson | Class::Loot)
            && !matched.contains("effig")
            && !after.contains("effig")
            && !protest_topic(text, lex, sent, span)
            && !matches!(matched.as_str(), "riot" | "riots" | "rioting" | "loot")
    })
}

/// A short report (at most four sentences) that tells of an arrest or a dispersal: the
/// protest or riot it reports was met by force ("Hindu groups protested a film. Police
/// detained 15 people.").
fn policed_report(text: &str, sentences: &[Sentence], lex: &crate::lexicon::Lexicon) -> bool {
    sentences.len() <= 4 && sentences.iter().any(|s| policing_in(text, lex, s))
}

/// An arrest or a dispersal in the sentence that is not what a protest is against
/// ("protested against the police for not arresting the culprits").
fn policing_in(text: &str, lex: &crate::lexicon::Lexicon, sent: &Sentence) -> bool {
    sent.triggers.iter().any(|&(t, span)| {
        matches!(lex.triggers[t].class, Class::Disperse | Class::Arrest)
            && !protest_topic(text, lex, sent, span)
            && !(lex.triggers[t].class == Class::Arrest && arrest_sought(text, sent.span, span))
    })
}

/// An arrest asked for or missed, not made: "demanded (the) immediate arrest of the
/// killers", "calling for the arrest of", "the delay in arresting", "against the police
/// for arresting their leaders" (a few words before the arrest word).
fn arrest_sought(text: &str, sentence: Span, arrest: Span) -> bool {
    let before = text
        .get(sentence.start as usize..arrest.start as usize)
        .unwrap_or("")
        .to_lowercase();
    before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
        .any(|w| {
            w.starts_with("demand")
                || w.starts_with("seek")
                || w.starts_with("call")
                || w.starts_with("urg")
                || w.starts_with("fail")
                || matches!(w, "sought" | "delay" | "negligence" | "for" | "against")
        })
}

/// A street weapon named in the sentence: a riot trigger that names a bomb or a
/// "cocktail" ("petrol bombs", "crude bombs", "molotov cocktails").
fn street_weapon(sent: &Sentence, lex: &crate::lexicon::Lexicon) -> bool {
    sent.triggers.iter().any(|&(t, _)| {
        let trig = &lex.triggers[t];
        trig.class == Class::Riot
            && (trig.pattern.source.contains("bomb") || trig.pattern.source.contains("cocktail"))
    })
}

/// A crowd of civilians or rioters named before the deed, outside its victims, and no
/// armed group in the sentence: the crowd, not an armed side, fought the state's forces.
fn crowd_against_state(sent: &Sentence, lex: &crate::lexicon::Lexicon, d: &Draft) -> bool {
    let anchor = d.trigger.map_or(d.anchor, |t| t.1);
    let victims = d.victims.map(|v| v.1);
    // (Not the dead or hurt of a casualty mention: "four policemen and 30 civilians were
    // killed during the fighting".)
    let counted = |s: Span| {
        d.lethal_spans
            .iter()
            .chain(&d.injury_spans)
            .any(|&(c, _)| c.contains(s))
    };
    let crowd = sent.actors.iter().any(|&(a, s)| {
        matches!(lex.actors[a].role, Role::Civilians | Role::Rioters)
            && s.end <= anchor.start
            && victims.is_none_or(|v| !v.overlaps(s))
            && !counted(s)
    });
    let armed_group = sent
        .actors
        .iter()
        .any(|&(a, _)| non_state(lex.actors[a].role));
    crowd && !armed_group
}

/// The attacked side fought back: a clash ("exchanged fire") or fire returned ("the escort
/// returned fire") in the attack's sentence after it or in the next sentence of its
/// paragraph.
fn fought_back(
    text: &str,
    sentences: &[Sentence],
    lex: &crate::lexicon::Lexicon,
    d: &Draft,
) -> bool {
    let sent = &sentences[d.sentence];
    let clash = |s: &Sentence, after: u32| {
        let returned = text
            .get(after.max(s.span.start) as usize..s.span.end as usize)
            .unwrap_or("")
            .to_lowercase();
        ["returned fire", "return fire", "returning fire"]
            .iter()
            .any(|w| returned.contains(w))
            || s.triggers
                .iter()
                .any(|&(t, span)| lex.triggers[t].class == Class::Clash && span.start >= after)
    };
    clash(sent, d.anchor.end)
        || sentences
            .get(d.sentence + 1)
            .is_some_and(|n| n.paragraph == sent.paragraph && clash(n, 0))
}

/// The sentence places its victim at home or off duty ("killed in his house", "near his
/// residence", "an off-duty soldier").
fn off_duty(text: &str, sent: &Sentence) -> bool {
    let lower = text.get(sent.span.range()).unwrap_or("").to_lowercase();
    [
        "his home",
        "her home",
        "their home",
        "his house",
        "her house",
        "their house",
        "his residence",
        "her residence",
        "their residence",
        "off-duty",
        "off duty",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Armed actors outside the state.
fn non_state(r: Role) -> bool {
    matches!(r, Role::Rebels | Role::Militia | Role::Armed)
}

/// Rioters named in the sentence by a word of their own ("rioters", "a mob").
fn rioters_in(sent: &Sentence, lex: &crate::lexicon::Lexicon) -> bool {
    sent.actors.iter().any(|&(a, _)| {
        let w = &lex.actors[a];
        w.role == Role::Rioters
            && (w.pattern.source.contains("rioters") || w.pattern.source.contains("mob"))
    })
}

/// A clash (the word, not a gunfight or an exchange of fire) between state forces and a
/// crowd: party cadres or supporters, demonstrators, or (when no one died) civilians
/// ("police clashed with cadres of the front", "villagers clashed with the police"), in
/// a report that names no armed group.
fn crowd_clash(
    lex: &crate::lexicon::Lexicon,
    sentences: &[Sentence],
    d: &Draft,
    (a1, a2): (Option<Role>, Option<Role>),
) -> bool {
    let crowd = |r: Option<Role>| match r {
        Some(Role::Rioters | Role::Protesters) => true,
        Some(Role::Civilians) => d.killed == 0,
        _ => false,
    };
    let state = |r: Option<Role>| r.is_some_and(Role::is_state_force);
    // A crowd the actor rules leave out as no doer of violence ("villagers clashed with
    // the police"), other than the clash's victims.
    let victims = d.victims.map(|v| v.1);
    let crowd_named = sentences[d.sentence]
        .actors
        .iter()
        .any(|&(a, s)| crowd(Some(lex.actors[a].role)) && victims.is_none_or(|v| !v.overlaps(s)));
    let sides = match (a1, a2) {
        (x, y) if state(x) && crowd(y) || crowd(x) && state(y) => true,
        (x, None) | (None, x) => state(x) && crowd_named,
        _ => false,
    };
    d.class == Class::Clash
        && d.trigger
            .is_some_and(|(t, _)| lex.triggers[t].pattern.source == "clash~")
        && sides
        && !sentences
            .iter()
            .flat_map(|s| &s.actors)
            .any(|&(a, _)| non_state(lex.actors[a].role))
}

/// A mob named in the sentence ("an angry mob", "mobs of looters").
fn mob_in(sent: &Sentence, lex: &crate::lexicon::Lexicon) -> bool {
    sent.actors.iter().any(|&(a, _)| {
        let w = &lex.actors[a];
        w.role == Role::Rioters && w.pattern.source.contains("mob")
    })
}

fn salience_tier(d: &Draft, e: &Event) -> u8 {
    let verbal = d.class.is_verbal();
    let protest = e.event_type == "Protests";
    // Tiers go in steps of two; among protests and riots a riot comes first, then a
    // protest met by force, then a peaceful protest.
    match () {
        _ if d.aggregate => 2,
        _ if e.fatalities > 0 => 0,
        // Armed crime ranks below violence and above the arrests and statements that
        // follow it.
        _ if d.class == Class::Crime && e.injuries == 0 => 6,
        _ if e.injuries > 0
            || d.class.is_violent()
            || e.event_type != "Strategic developments" && (!verbal || protest) =>
        {
            if matches!(e.event_type.as_str(), "Protests" | "Riots") && e.injuries == 0 {
                match (e.event_type.as_str(), e.sub_event_type.as_str()) {
                    ("Riots", _) => 5,
                    (_, "Peaceful protest") => 7,
                    _ => 6,
                }
            } else {
                4
            }
        }
        _ if !verbal => 8,
        _ => 10,
    }
}

fn precision_of(g: Granularity) -> DatePrecision {
    match g {
        Granularity::Day => DatePrecision::Day,
        Granularity::Week => DatePrecision::Week,
        Granularity::Month | Granularity::Quarter | Granularity::Season => DatePrecision::Month,
        Granularity::Year | Granularity::Decade => DatePrecision::Year,
    }
}

pub(crate) fn evidence(doc: &Document, field: &str, span: Span, rule: &str) -> Evidence {
    let (start, end) = doc.char_span(span);
    Evidence {
        field: field.to_string(),
        start,
        end,
        text: doc.slice(span).to_string(),
        rule: rule.to_string(),
    }
}

fn time_mention(doc: &Document, t: &Timex) -> TimeMention {
    let (start, end) = doc.char_span(t.span);
    TimeMention {
        start,
        end,
        text: doc.slice(t.span).to_string(),
        kind: t.kind.as_str().to_string(),
        value: t.value.clone(),
    }
}
