//! [`Casualty`] mentions: who was killed or injured, how many, and in which words.
//!
//! Three shapes are read inside one sentence, left to right, each consuming its words:
//! - victims first: `[count] [victims] [was/were/have been ...] <trigger>`
//!   ("at least four people were reportedly killed", "a man died", "Smith, 25, was shot");
//! - trigger first: `<active trigger> [count] [victims]` ("killing 29", "troops shot two men",
//!   "left 3 dead", "the gunman killed himself");
//! - totals: `<toll noun> ... <count>` ("the death toll rose to 45").

use eventwatch_text::{Document, Span};

use crate::lexicon::{lexicon, Cue, Hit, Lexicon, TRIGGER_BIT};
use crate::quantity::{
    figure_at, is_age, is_calendar_word, is_modifier, quantity_at, Quantity, Sent,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CasualtyKind {
    Killed,
    Injured,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VictimKind {
    Protesters,
    Civilians,
    Police,
    Military,
    Militants,
    /// Gunmen, shooters, suspects, attackers: the perpetrators.
    Attackers,
    Unknown,
}

/// Who the victims are, and the words that say so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Victims {
    pub span: Span,
    pub kind: VictimKind,
}

/// One casualty mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Casualty {
    /// The whole mention, victims and trigger.
    pub span: Span,
    /// The casualty words ("killed", "shot dead", "death toll", "suffered ... wounds").
    pub trigger: Span,
    pub kind: CasualtyKind,
    pub count: Quantity,
    pub victims: Option<Victims>,
    /// "reportedly", "according to", "claimed", ... in the sentence.
    pub hedged: bool,
    /// "no one was killed", "was not injured": the count is 0.
    pub negated: bool,
    /// "could kill", "threatened to kill": not a real count.
    pub hypothetical: bool,
    /// "death toll", "a total of", "bringing the total to".
    pub total: bool,
    /// Kind is `Injured` but the words say only that the victims were hit ("two people
    /// were shot"): some of them may be reported killed elsewhere in the document.
    pub struck: bool,
    /// The sentence gives a statistic or a round-up ("so far this year", "in shootings across
    /// the city", "in 2016"), not the figure of one event: left out of document totals.
    pub background: bool,
    /// A coder's own figure for the event ("Fatalities coded as 3", "Fatalities are split
    /// across 3 events (4)" in ACLED notes): it replaces every other killed figure.
    pub coded: bool,
    /// Which pattern produced it (`victims-first`, `trigger-first`, `toll`, ...).
    pub rule: &'static str,
}

/// Every casualty mention in the document, sorted by span.
pub fn casualties(doc: &Document) -> Vec<Casualty> {
    let lex = lexicon();
    let text = doc.text();
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for &sentence in doc.sentences() {
        // Most sentences have no casualty word: skip them before tokenising.
        let has_trigger = lower.get(sentence.range()).is_some_and(|t| {
            t.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
                .any(|w| lex.trigger_words.contains_key(w) || body_word(w))
        });
        if has_trigger {
            let s = Sent::new(text, &lower, sentence);
            sentence_casualties(lex, &s, &mut out);
        }
    }
    out.sort_by_key(|c| (c.span.start, c.span.end));
    out
}

/// A noun phrase naming victims.
struct Np {
    start: usize,
    end: usize,
    count: Option<Quantity>,
    victims: Option<Victims>,
    negated: bool,
    /// Read from capitalised words (a name): needs an auxiliary to be a victim.
    name: bool,
    /// "the victim", "he": one person, maybe already counted.
    definite: bool,
    /// The head is no known victim noun ("Five Iraqis", "Eight PKK members"): read only
    /// as the subject of a death, the register of headlines.
    bare: bool,
}

fn victim_kind_span(lex: &Lexicon, s: &Sent, from: usize) -> (usize, Option<(Victims, bool)>) {
    let mut j = from;
    let mut found = None;
    let mut end = from;
    for _ in 0..5 {
        if let Some((n, &(kind, plural))) = s.at(&lex.victims, j) {
            found = Some((
                Victims {
                    span: s.span(j, j + n),
                    kind,
                },
                plural,
            ));
            j += n;
            end = j;
            continue;
        }
        if is_modifier(lex, s, j) && found.is_none() {
            // "a 17-year-old was shot": an age stands for the person.
            if is_age(s.word(j)) {
                end = j + 1;
            }
            j += 1;
            continue;
        }
        break;
    }
    (end, found)
}

fn parse_np(lex: &Lexicon, s: &Sent, i: usize) -> Option<Np> {
    let w = s.word(i);
    if w.is_empty() {
        return None;
    }
    let mut np = Np {
        start: i,
        end: i,
        count: None,
        victims: None,
        negated: false,
        name: false,
        definite: false,
        bare: false,
    };
    // "no one", "nobody", "no officers", "none of the victims"
    if let Some(n) = lex.cue(Cue::Negator, s, i) {
        // "no one else was hurt", "no reported combatant dead"
        let after = if matches!(
            s.word(i + n),
            "else" | "reported" | "known" | "confirmed" | "further"
        ) {
            i + n + 1
        } else {
            i + n
        };
        let (end, victims) = victim_kind_span(lex, s, after);
        if n == 1 && w == "no" && victims.is_none() {
            return None;
        }
        np.end = end.max(after);
        np.count = Some(Quantity::exact(s.span(i, i + n), 0, "negated"));
        np.victims = victims.map(|v| v.0);
        np.negated = true;
        skip_partitive(lex, s, &mut np);
        return Some(np);
    }
    if lex.cue(Cue::Singular, s, i).is_some() && matches!(w, "he" | "she") {
        np.end = i + 1;
        np.count = Some(Quantity::exact(s.span(i, i + 1), 1, "pronoun"));
        np.definite = true;
        return Some(np);
    }
    if matches!(w, "the" | "his" | "her" | "their" | "its") {
        if let Some((q, qend)) = quantity_at(lex, s, i + 1) {
            let (end, victims) = victim_kind_span(lex, s, qend);
            np.end = end.max(qend);
            np.count = Some(q);
            np.victims = victims.map(|v| v.0);
            np.definite = true;
            return Some(np);
        }
        let (end, victims) = victim_kind_span(lex, s, i + 1);
        let (victims, plural) = victims?;
        np.end = end;
        np.victims = Some(victims);
        np.definite = true;
        if !plural {
            np.count = Some(Quantity::exact(s.span(i, end), 1, "definite"));
        }
        return Some(np);
    }
    if let Some((q, qend)) = quantity_at(lex, s, i) {
        let (end, victims) = victim_kind_span(lex, s, qend);
        np.end = end.max(qend);
        let rule = q.rule;
        np.count = Some(q);
        np.victims = victims.map(|v| v.0);
        // "Batallón de Infantería No. 46 Voltigeros": a number after "No." or "#" names.
        let prev = s.word(i.wrapping_sub(1));
        let identifier = i > 0
            && (matches!(prev, "no." | "#" | "number" | "nos.")
                || (prev == "." && matches!(s.word(i.wrapping_sub(2)), "no" | "nos")));
        if np.victims.is_none() && matches!(rule, "digits" | "words") && !identifier {
            if let Some(head) = bare_head(lex, s, qend) {
                np.end = head.span_end;
                np.victims = Some(head.victims);
                np.bare = true;
            }
        }
        skip_partitive(lex, s, &mut np);
        // "a man and a woman were shot"
        if s.word(np.end) == "and" {
            if let Some(other) = parse_np(lex, s, np.end + 1) {
                if let (Some(a), Some(b)) = (&np.count, &other.count) {
                    if !other.negated && !other.name && !other.definite {
                        let mut sum = a.clone();
                        sum.best = a.best.saturating_add(b.best);
                        sum.min = a.min.zip(b.min).map(|(x, y)| x.saturating_add(y));
                        sum.max = a.max.zip(b.max).map(|(x, y)| x.saturating_add(y));
                        sum.span = a.span.cover(b.span);
                        sum.vague |= b.vague;
                        sum.rule = "coordination";
                        np.count = Some(sum);
                        np.end = other.end;
                    }
                }
            }
        }
        return Some(np);
    }
    // Bare plural nouns: "protesters were killed"; a bare singular is one person, as in
    // headlines ("Man shot in Frayser", "Man is in critical condition").
    if let Some((n, &(kind, plural))) = s.at(&lex.victims, i) {
        np.end = i + n;
        np.victims = Some(Victims {
            span: s.span(i, i + n),
            kind,
        });
        if !plural {
            np.count = Some(Quantity::exact(s.span(i, i + n), 1, "bare-noun"));
            np.definite = true;
        }
        return Some(np);
    }
    // A name: "Ethan M. Straub", "Smith" (not a dateline in capitals: "EL PASO").
    let capitals = w.len() > 1 && s.word_text(i).bytes().all(|b| b.is_ascii_uppercase());
    if s.is_capitalized(i) && !capitals && is_name_word(lex, s, i) {
        let mut j = i + 1;
        while j < i + 4 && s.is_capitalized(j) && is_name_word(lex, s, j) {
            j += 1;
        }
        np.end = j;
        np.count = Some(Quantity::exact(s.span(i, j), 1, "name"));
        np.name = true;
        np.definite = true;
        return Some(np);
    }
    None
}

/// The head of a counted noun phrase that names no known victim noun, read up to the
/// verb: "Eight PKK members were killed", "Five Iraqis killed in ...", "49 Iraqis killed".
struct BareHead {
    victims: Victims,
    span_end: usize,
}

fn bare_head(lex: &Lexicon, s: &Sent, from: usize) -> Option<BareHead> {
    let mut j = from;
    let noun = |j: usize| {
        let w = s.word(j);
        // "four IS militants killed": the group, not the auxiliary.
        (is_modifier(lex, s, j) || s.word_text(j) == "IS")
            && !w.ends_with("ed")
            && !w.ends_with("ly")
            && !matches!(
                w,
                "their"
                    | "his"
                    | "her"
                    | "its"
                    | "our"
                    | "my"
                    | "your"
                    | "this"
                    | "that"
                    | "these"
                    | "those"
                    | "them"
                    | "they"
                    | "he"
                    | "she"
                    | "it"
                    | "who"
                    | "which"
                    | "what"
                    | "else"
                    | "there"
                    | "here"
                    | "all"
                    | "both"
                    | "each"
                    | "also"
                    | "still"
                    | "then"
                    | "now"
                    | "shot"
                    | "shots"
                    | "rounds"
                    | "bullets"
                    | "times"
                    | "seconds"
                    | "minutes"
                    | "hours"
                    | "days"
                    | "weeks"
                    | "months"
                    | "years"
            )
    };
    while j < from + 4 && noun(j) {
        j += 1;
    }
    // "13 Caption Close Rapper shot dead": a run of capitalised words before a lower-case
    // verb is a caption or a name, not victims (title-case headlines capitalise the verb).
    let capitals = (from..j).filter(|&k| s.is_capitalized(k)).count();
    if capitals > 2 && !s.is_capitalized(j) {
        return None;
    }
    let verb = lex.cue(Cue::Aux, s, j).is_some() || s.at(&lex.passive, j).is_some();
    (j > from && verb).then(|| BareHead {
        victims: Victims {
            span: s.span(from, j),
            kind: VictimKind::Unknown,
        },
        span_end: j,
    })
}

fn is_name_word(lex: &Lexicon, s: &Sent, i: usize) -> bool {
    let w = s.word(i);
    s.kind(i) == Some(eventwatch_text::segment::TokenKind::Word)
        && !is_calendar_word(w)
        && s.at(&lex.victims, i).is_none()
        && lex.cue(Cue::Aux, s, i).is_none()
        && lex.cue(Cue::Singular, s, i).is_none()
        && !matches!(
            w,
            "police"
                | "authorities"
                | "officials"
                | "investigators"
                | "detectives"
                | "it"
                | "this"
                | "there"
                | "they"
                | "we"
                | "i"
                | "you"
                | "a"
                | "an"
                | "the"
                | "one"
                | "no"
                | "but"
                | "and"
                | "when"
                | "after"
                | "before"
                | "while"
                | "as"
                | "at"
                | "in"
                | "on"
                | "his"
                | "her"
                | "their"
                | "its"
                | "what"
                | "witnesses"
                | "neighbors"
                | "sheriff"
                | "chief"
        )
}

/// "one of them", "two of the victims", "none of whom".
fn skip_partitive(lex: &Lexicon, s: &Sent, np: &mut Np) {
    if s.word(np.end) != "of" {
        return;
    }
    let j = np.end + 1;
    match s.word(j) {
        "them" | "whom" | "those" | "these" | "which" => np.end = j + 1,
        "the" | "his" | "her" | "their" => {
            let mut k = j + 1;
            if let Some((_, qend)) = quantity_at(lex, s, k) {
                k = qend;
            }
            let (end, victims) = victim_kind_span(lex, s, k);
            if let Some((v, _)) = victims {
                np.end = end;
                if np.victims.is_none() {
                    np.victims = Some(v);
                }
            }
        }
        _ => {}
    }
}

/// The words after a trigger begin an object ("shot two men", "killed his wife").
fn object_follows(lex: &Lexicon, s: &Sent, j: usize) -> bool {
    let w = s.word(j);
    matches!(
        w,
        "a" | "an"
            | "the"
            | "his"
            | "her"
            | "their"
            | "him"
            | "them"
            | "himself"
            | "herself"
            | "themselves"
            | "nearly"
    ) || (w == "at" && s.word(j + 1) == "least")
        || quantity_at(lex, s, j).is_some()
        || (s.is_capitalized(j)
            && !is_calendar_word(w)
            // Title-case headlines: "Six PKK Members Killed In Air Strikes".
            && !matches!(
                w,
                "in" | "at" | "on" | "near" | "as" | "after" | "by" | "from" | "amid" | "during"
            ))
}

struct Clause {
    trigger_start: usize,
    trigger_end: usize,
    hit: Hit,
    had_aux: bool,
    negated: bool,
    hypothetical: bool,
}

/// After the victims: appositive, auxiliaries, adverbs, negation, then the trigger.
/// `elliptic`: the victims stand without a verb of their own ("one man was killed and
/// another taken to a hospital"), so "taken" needs no auxiliary.
fn clause_after(lex: &Lexicon, s: &Sent, from: usize, elliptic: bool) -> Option<Clause> {
    let mut k = from;
    // Appositive: "Smith, 25, of Wamego, was killed".
    if s.word(k) == "," {
        let mut c = k + 1;
        while c < k + 12 && c < s.words.len() {
            if s.word(c) == ","
                && (lex.cue(Cue::Aux, s, c + 1).is_some() || s.at(&lex.passive, c + 1).is_some())
            {
                k = c + 1;
                break;
            }
            if s.at(&lex.passive, c).is_some() || matches!(s.word(c), "." | ";") {
                break;
            }
            c += 1;
        }
    }
    // "45 protesters in Iraq have been shot dead": a short place phrase before the verb.
    if matches!(
        s.word(k),
        "in" | "at" | "near" | "from" | "outside" | "inside"
    ) {
        if let Some(j) = (k + 1..k + 5).find(|&j| {
            matches!(
                s.word(j),
                "was" | "were" | "is" | "are" | "have" | "has" | "had"
            )
        }) {
            if !(k + 1..j)
                .any(|m| matches!(s.word(m), "," | "." | ";") || s.at(&lex.passive, m).is_some())
            {
                k = j;
            }
        }
    }
    // "Five policemen escorting a bus have been killed": a short participle phrase that
    // describes the victims, then a perfect or passive auxiliary.
    let w = s.word(k);
    if w.len() > 4
        && w.ends_with("ing")
        && s.at(&lex.passive, k).is_none()
        && s.at(&lex.active, k).is_none()
    {
        if let Some(j) = (k + 1..k + 7).find(|&j| {
            matches!(s.word(j), "were" | "have" | "has" | "had" | "was")
                && matches!(
                    s.word(j + 1),
                    "been" | "killed" | "injured" | "wounded" | "shot"
                )
        }) {
            if !(k + 1..j).any(|m| {
                matches!(s.word(m), "," | "." | ";" | "and" | "who" | "that")
                    || s.at(&lex.passive, m).is_some()
                    || s.at(&lex.active, m).is_some()
            }) {
                k = j;
            }
        }
    }
    // "A man accused of stealing goats was beaten to death", "two men suspected of theft
    // were lynched": a short phrase of suspicion that describes the victims, then a
    // passive or perfect auxiliary.
    if matches!(
        s.word(k),
        "accused" | "suspected" | "wanted" | "alleged" | "charged" | "believed"
    ) && matches!(s.word(k + 1), "of" | "to" | "in" | "with")
    {
        if let Some(j) =
            (k + 2..k + 9).find(|&j| matches!(s.word(j), "was" | "were" | "have" | "has" | "had"))
        {
            if !(k + 1..j).any(|m| {
                matches!(s.word(m), "," | "." | ";")
                    || s.at(&lex.passive, m).is_some()
                    || s.at(&lex.active, m).is_some()
            }) {
                k = j;
            }
        }
    }
    let mut had_aux = false;
    let mut negated = false;
    let mut hypothetical = false;
    // "the victim was approached by two men and was shot", "was robbed and shot": a first
    // passive or progressive predicate that names no casualty, coordinated with one that
    // does; the subject is the victim of the second.
    if matches!(s.word(k), "was" | "were")
        && s.at(&lex.passive, k + 1).is_none()
        && s.at(&lex.suffer, k + 1).is_none()
    {
        if let Some(j) = (k + 2..k + 9).find(|&j| s.word(j) == "and") {
            let second = if matches!(s.word(j + 1), "was" | "were") {
                j + 2
            } else {
                j + 1
            };
            let plain = !(k + 1..j).any(|m| {
                matches!(s.word(m), "," | "." | ";" | "who" | "that" | "which")
                    || s.at(&lex.passive, m).is_some()
                    || s.at(&lex.active, m).is_some()
                    || lex.cue(Cue::Negation, s, m).is_some()
            });
            // Without its own auxiliary the second verb may be active: "was dragged by the
            // car and shot at the suspects".
            let passive = s.at(&lex.passive, second);
            let active_after = second == j + 1
                && passive.is_some_and(|(n, _)| {
                    let after = s.word(second + n);
                    matches!(after, "at" | "into" | "toward" | "towards" | "back")
                        || object_follows(lex, s, second + n)
                });
            if plain && !active_after && passive.is_some() {
                had_aux = true;
                k = second;
            }
        }
    }
    for _ in 0..8 {
        let w = s.word(k);
        if s.at(&lex.passive, k).is_some() || s.at(&lex.suffer, k).is_some() {
            break;
        }
        if let Some(n) = lex.cue(Cue::Negation, s, k) {
            negated = true;
            had_aux |= w.contains('\'') || w.contains('’');
            k += n;
        } else if let Some(n) = modal_at(lex, s, k) {
            hypothetical = true;
            k += n;
        } else if let Some(n) = lex.cue(Cue::Aux, s, k) {
            had_aux |= matches!(
                w,
                "was" | "were" | "is" | "are" | "been" | "be" | "being" | "got" | "get"
            );
            k += n;
        } else if ((had_aux || elliptic)
            && matches!(
                w,
                "taken"
                    | "transported"
                    | "rushed"
                    | "driven"
                    | "airlifted"
                    | "flown"
                    | "found"
                    | "discovered"
                    | "brought"
            ))
            || matches!(
                w,
                "listed" | "remains" | "remained" | "arrived" | "walked" | "showed"
            )
        {
            // "was taken to the hospital in critical condition", "arrived at a hospital
            // suffering from a gunshot wound", "was found shot".
            let ahead = (k + 1..k + 8).find(|&j| {
                s.at(&lex.passive, j).is_some()
                    || s.at(&lex.suffer, j).is_some()
                    || matches!(
                        s.word(j),
                        "." | ";" | "," | "and" | "but" | "where" | "after" | "when"
                    )
            });
            match ahead {
                Some(j)
                    if !matches!(
                        s.word(j),
                        "." | ";" | "," | "and" | "but" | "where" | "after" | "when"
                    ) =>
                {
                    had_aux = true;
                    k = j;
                }
                // "was taken to a hospital": hurt, maybe reported dead later.
                stop => {
                    let stop = stop.unwrap_or(k + 8).min(k + 8);
                    let conveyed = matches!(
                        w,
                        "taken" | "transported" | "rushed" | "airlifted" | "flown" | "driven"
                    );
                    match (k + 1..stop).find(|&j| s.word(j).starts_with("hospital")) {
                        Some(h) if conveyed && (had_aux || elliptic) => {
                            return Some(Clause {
                                trigger_start: k,
                                trigger_end: h + 1,
                                hit: Hit::Struck,
                                had_aux: true,
                                negated,
                                hypothetical,
                            });
                        }
                        _ => break,
                    }
                }
            }
        } else if (w.ends_with("ly") && w != "fatally" && w.len() > 3)
            || lex.cue(Cue::Hedge, s, k).is_some()
        {
            k += 1;
        } else {
            break;
        }
    }
    if let Some((n, &hit)) = s.at(&lex.passive, k) {
        return Some(Clause {
            trigger_start: k,
            trigger_end: k + n,
            hit,
            had_aux,
            negated,
            hypothetical,
        });
    }
    if let Some((n, &base)) = s.at(&lex.suffer, k) {
        let mut hit = None;
        let mut modifier = None;
        for j in k + n..k + n + 6 {
            if let Some((wn, &wh)) = s.at(&lex.wound, j) {
                hit = Some((
                    modifier.unwrap_or(if base == Hit::Injured {
                        Hit::Injured
                    } else {
                        wh
                    }),
                    j + wn,
                ));
                break;
            }
            if s.at(&lex.fatal, j).is_some() || s.word(j) == "fatally" {
                modifier = Some(Hit::Killed);
            } else if s.at(&lex.nonfatal, j).is_some() {
                modifier.get_or_insert(Hit::Injured);
            } else if matches!(s.word(j), "." | ";" | "," | "and") {
                break;
            }
        }
        let (hit, end) = hit?;
        return Some(Clause {
            trigger_start: k,
            trigger_end: end,
            hit,
            had_aux: true,
            negated,
            hypothetical,
        });
    }
    None
}

fn modal_before(lex: &Lexicon, s: &Sent, i: usize) -> bool {
    (i.saturating_sub(4)..i).any(|k| modal_at(lex, s, k).is_some_and(|n| k + n <= i))
}

/// A modal verb at word `k` ("may", "could"), but not the month ("on 14 May").
fn modal_at(lex: &Lexicon, s: &Sent, k: usize) -> Option<usize> {
    let n = lex.cue(Cue::Modal, s, k)?;
    let written = |j: usize| s.toks.get(j).and_then(|t| s.text.get(t.span.range()));
    let month = written(k).is_some_and(|w| {
        eventwatch_text::calendar::month_may(k.checked_sub(1).and_then(written), w, written(k + 1))
    });
    (!month).then_some(n)
}

fn total_before(lex: &Lexicon, s: &Sent, i: usize) -> bool {
    (i.saturating_sub(5)..i).any(|k| lex.cue(Cue::Total, s, k).is_some())
}

/// A dead person's body ("the bodies of two men were found").
fn body_word(w: &str) -> bool {
    matches!(w, "body" | "bodies")
}

fn sentence_casualties(lex: &Lexicon, s: &Sent, out: &mut Vec<Casualty>) {
    if !(0..s.words.len()).any(|k| s.mask(k) & TRIGGER_BIT != 0 || body_word(s.word(k))) {
        return;
    }
    let hedged = (0..s.words.len()).any(|k| lex.cue(Cue::Hedge, s, k).is_some());
    // A statistic, a round-up, or a year-old case: "in 2016", "since 2012", "for 2015".
    let background = (0..s.words.len()).any(|k| {
        lex.cue(Cue::Background, s, k).is_some()
            || (matches!(s.word(k), "in" | "since" | "for" | "during" | "of")
                && s.word(k + 1).len() == 4
                && s.word(k + 1)
                    .parse::<u32>()
                    .is_ok_and(|y| (1900..=2100).contains(&y)))
            // "During Saddam Hussein's regime, ... were executed": history.
            || (s.word(k) == "during"
                && (k + 1..k + 6).any(|m| {
                    matches!(
                        s.word(m),
                        "regime" | "reign" | "era" | "dictatorship" | "rule" | "presidency"
                    )
                }))
            // "50 shot since June 21": a period's count.
            || (s.word(k) == "since" && crate::quantity::is_month(s.word(k + 1)))
            // "45 people were killed in July": a month's count (not "in July 2015" nor
            // "on July 4").
            || (matches!(s.word(k), "in" | "during" | "throughout")
                && crate::quantity::is_month(s.word(k + 1))
                && !(k + 2..k + 4)
                    .map(|m| s.word(m))
                    .find(|w| *w != ".")
                    .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit())))
    });
    // Distance to the next casualty word: a mention cannot start far before one.
    let mut next_trigger = vec![usize::MAX; s.words.len() + 1];
    for k in (0..s.words.len()).rev() {
        next_trigger[k] =
            if s.mask(k) & TRIGGER_BIT != 0 || s.word(k) == "with" || body_word(s.word(k)) {
                k
            } else {
                next_trigger[k + 1]
            };
    }
    // The last mention of this sentence: its index in `out` and the word after it.
    let mut last: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < s.words.len() {
        if next_trigger
            .get(i)
            .is_none_or(|&t| t == usize::MAX || t - i > 20)
        {
            i += 1;
            continue;
        }
        match casualty_at(lex, s, i, hedged) {
            Some((mut c, next)) => {
                c.background |= background;
                out.push(c);
                last = Some((out.len() - 1, next));
                i = next.max(i + 1);
            }
            None => {
                // "a man was shot last week and died", "shot the suspect, who was later
                // pronounced dead": the same victims, now dead.
                let prev = last
                    .filter(|&(_, end)| i >= end && i - end <= 8)
                    .and_then(|(p, _)| out.get(p));
                match prev.and_then(|p| elliptic_death(lex, s, i, p)) {
                    Some((c, next)) => {
                        out.push(c);
                        last = Some((out.len() - 1, next));
                        i = next.max(i + 1);
                    }
                    None => i += 1,
                }
            }
        }
    }
}

fn casualty_at(lex: &Lexicon, s: &Sent, i: usize, hedged: bool) -> Option<(Casualty, usize)> {
    if let Some(found) = coded_at(lex, s, i) {
        return Some(found);
    }
    if let Some(found) = toll_at(lex, s, i, hedged) {
        return Some(found);
    }
    if let Some(found) = bodies_found(lex, s, i, hedged) {
        return Some(found);
    }
    if let Some(found) = victims_first(lex, s, i, hedged) {
        return Some(found);
    }
    if let Some(found) = possessive_wounds(lex, s, i, hedged) {
        return Some(found);
    }
    trigger_first(lex, s, i, hedged)
}

/// Verbs of finding a body.
const FOUND: &[&str] = &[
    "found",
    "recovered",
    "discovered",
    "retrieved",
    "pulled",
    "exhumed",
];

/// Bodies found are deaths: "the bodies of two men were found", "two bodies were
/// recovered", "police found the body of a woman". The count is the one before "bodies"
/// or after "of"; "the body" is one; bodies without a number count nothing.
fn bodies_found(lex: &Lexicon, s: &Sent, i: usize, hedged: bool) -> Option<(Casualty, usize)> {
    let active = FOUND.contains(&s.word(i));
    let mut k = if active { i + 1 } else { i };
    if s.word(k) == "the" {
        k += 1;
    }
    let (mut count, head) = match quantity_at(lex, s, k) {
        Some((q, e)) if body_word(s.word(e)) => (Some(q), e),
        _ => (None, k),
    };
    if !body_word(s.word(head)) {
        return None;
    }
    let mut end = head + 1;
    if s.word(end) == "of" {
        if let Some(np) = parse_np(lex, s, end + 1) {
            if count.is_none() {
                count = np.count.clone();
            }
            end = end.max(np.end);
        }
    }
    if count.is_none() && s.word(head) == "body" {
        count = Some(Quantity::exact(s.span(head, head + 1), 1, "body"));
    }
    let count = count?;
    if !active {
        let mut m = end;
        while matches!(
            s.word(m),
            "was" | "were" | "have" | "has" | "had" | "been" | "later"
        ) {
            m += 1;
        }
        if m == end || !FOUND.contains(&s.word(m)) {
            return None;
        }
        end = m + 1;
    }
    let c = Casualty {
        span: s.span(i, end),
        trigger: s.span(head, head + 1),
        kind: CasualtyKind::Killed,
        count,
        victims: None,
        hedged,
        negated: false,
        hypothetical: modal_before(lex, s, i),
        total: false,
        struck: false,
        background: false,
        coded: false,
        rule: "bodies-found",
    };
    Some((c, end))
}

/// "His injuries were not life-threatening", "her wounds are considered serious": one
/// person's injuries told by how bad they are.
fn possessive_wounds(lex: &Lexicon, s: &Sent, i: usize, hedged: bool) -> Option<(Casualty, usize)> {
    // "his injuries", "the man's injuries", "the officer's wounds": the owner is a singular
    // victim noun of `victims.tsv` in the possessive, whose kind the casualty keeps.
    let owner = s.word(i);
    let noun = owner
        .strip_suffix("'s")
        .or_else(|| owner.strip_suffix("’s"));
    let victims = match noun.and_then(|w| lex.victims.at(&[w], 0)) {
        Some((_, &(kind, false))) => Some(Victims {
            span: s.span(i, i + 1),
            kind,
        }),
        _ if matches!(owner, "his" | "her") => None,
        _ => return None,
    };
    // Up to two modifiers: "his gunshot wounds", "her head injuries".
    let noun = (i + 1..=i + 3)
        .find(|&k| matches!(s.word(k), "injuries" | "injury" | "wounds" | "wound"))?;
    if !(i + 1..noun).all(|k| s.word(k).chars().all(|c| c.is_alphabetic() || c == '-')) {
        return None;
    }
    if !matches!(
        s.word(noun + 1),
        "are" | "were" | "is" | "was" | "appear" | "appeared"
    ) {
        return None;
    }
    // The severity within the next five words.
    let severity = (noun + 2..=noun + 6).find(|&k| {
        matches!(
            s.word(k),
            "life-threatening"
                | "non-life-threatening"
                | "serious"
                | "critical"
                | "minor"
                | "severe"
                | "superficial"
                | "grave"
        )
    })?;
    let span = s.span(i, severity + 1);
    let c = Casualty {
        span,
        trigger: s.span(noun, noun + 1),
        kind: CasualtyKind::Injured,
        count: Quantity::exact(s.span(i, i + 1), 1, "possessive"),
        victims,
        hedged,
        negated: false,
        hypothetical: false,
        total: false,
        struck: false,
        background: false,
        coded: false,
        rule: "possessive-wounds",
    };
    Some((c, severity + 1))
}

/// "... and died", "who was later pronounced dead": a death said of the victims of the
/// mention just before, without naming them again.
fn elliptic_death(lex: &Lexicon, s: &Sent, i: usize, prev: &Casualty) -> Option<(Casualty, usize)> {
    if !matches!(s.word(i), "and" | "who" | "but" | "then")
        || prev.kind == CasualtyKind::Killed
        || prev.negated
        || prev.hypothetical
        || prev.count.best == 0
    {
        return None;
    }
    let clause = clause_after(lex, s, i + 1, false)?;
    let intransitive = matches!(
        s.word(clause.trigger_start),
        "died" | "dies" | "die" | "succumbed" | "perished" | "passed"
    );
    if clause.hit != Hit::Killed
        || clause.negated
        || !(clause.had_aux || intransitive)
        || object_follows(lex, s, clause.trigger_end)
    {
        return None;
    }
    let mut count = prev.count.clone();
    count.rule = "elliptic";
    count.increment = false;
    let c = Casualty {
        span: s.span(i + 1, clause.trigger_end),
        trigger: s.span(clause.trigger_start, clause.trigger_end),
        kind: CasualtyKind::Killed,
        count,
        victims: prev.victims.clone(),
        hedged: prev.hedged,
        negated: false,
        hypothetical: clause.hypothetical,
        total: false,
        struck: false,
        background: prev.background,
        coded: false,
        rule: "elliptic",
    };
    Some((c, clause.trigger_end))
}

/// A coder's figure: "Fatalities coded as 3", "Fatalities are split across 3 events (4)".
fn coded_at(lex: &Lexicon, s: &Sent, i: usize) -> Option<(Casualty, usize)> {
    let (q, end, n) = if let Some((n, _)) = s.at(&lex.coded, i) {
        let (q, end) = figure_at(lex, s, i + n)?;
        (q, end, n)
    } else {
        let (n, _) = s.at(&lex.coded_share, i)?;
        let open = (i + n..i + n + 8)
            .take_while(|&j| !matches!(s.word(j), "." | ";" | ""))
            .find(|&j| s.word(j) == "(")?;
        let (q, end) = figure_at(lex, s, open + 1)?;
        if s.word(end) != ")" {
            return None;
        }
        (q, end + 1, n)
    };
    let c = Casualty {
        span: s.span(i, end),
        trigger: s.span(i, i + n),
        kind: CasualtyKind::Killed,
        count: q,
        victims: None,
        hedged: false,
        negated: false,
        hypothetical: false,
        total: false,
        struck: false,
        background: false,
        coded: true,
        rule: "coded",
    };
    Some((c, end))
}

fn toll_at(lex: &Lexicon, s: &Sent, i: usize, hedged: bool) -> Option<(Casualty, usize)> {
    let (n, _) = s.at(&lex.toll, i)?;
    for j in i + n..(i + n + 8).min(s.words.len()) {
        if matches!(s.word(j), "." | ";") {
            break;
        }
        if let Some((q, end)) = quantity_at(lex, s, j) {
            if q.rule == "article" {
                continue;
            }
            let c = Casualty {
                span: s.span(i, end),
                trigger: s.span(i, i + n),
                kind: crate::CasualtyKind::Killed,
                count: q,
                victims: None,
                hedged,
                negated: false,
                hypothetical: modal_before(lex, s, i),
                total: true,
                struck: false,
                background: periodic_before(s, i),
                coded: false,
                rule: "toll",
            };
            return Some((c, end));
        }
    }
    None
}

/// "the January toll", "the monthly toll", "this year's death toll": a period's statistic,
/// not the figure of one event.
fn periodic_before(s: &Sent, i: usize) -> bool {
    let w = s.word(i.wrapping_sub(1));
    i > 0
        && (is_calendar_word(w)
            || matches!(
                w,
                "monthly" | "weekly" | "yearly" | "annual" | "month's" | "year's" | "week's"
            )
            || (w == "'s" && matches!(s.word(i.wrapping_sub(2)), "month" | "year" | "week")))
}

fn victims_first(lex: &Lexicon, s: &Sent, i: usize, hedged: bool) -> Option<(Casualty, usize)> {
    let np = parse_np(lex, s, i)?;
    let elliptic = np.count.as_ref().is_some_and(|q| q.rule == "another");
    let clause = clause_after(lex, s, np.end, elliptic)?;
    // A bare head is read only as the subject of a death ("Five Iraqis killed"), with a
    // verb that agrees ("two counties was killed" is not a count): homes and cars are
    // "hit by gunfire", and "one needs to get hurt" is no victim.
    if np.bare {
        let plural = np.count.as_ref().is_some_and(|q| q.best != 1);
        let singular_verb =
            (np.end..clause.trigger_start).any(|k| matches!(s.word(k), "was" | "is" | "has"));
        if clause.hit != Hit::Killed || (plural && singular_verb) {
            return None;
        }
    }
    // "troops killed at least 29 people": an active verb, not victims.
    let active_capable = s.at(&lex.active, clause.trigger_start).is_some();
    if !clause.had_aux && object_follows(lex, s, clause.trigger_end) {
        return None;
    }
    // "suspects who shot at another man": firing at someone, not hitting anyone.
    if !clause.had_aux && clause.hit == Hit::Struck && s.word(clause.trigger_end) == "at" {
        return None;
    }
    let intransitive = matches!(
        s.word(clause.trigger_start),
        "died" | "dies" | "die" | "succumbed" | "perished"
    );
    // "fired one shot", "the other shot struck": a shot, not a person shot.
    if np.victims.is_none()
        && !clause.had_aux
        && clause.hit == Hit::Struck
        && np
            .count
            .as_ref()
            .is_some_and(|q| matches!(q.rule, "words" | "definite" | "digits"))
    {
        return None;
    }
    // "The other shot struck the front of a fire truck": "shot" followed by what a bullet
    // does is the noun, whatever stands before it.
    if !clause.had_aux
        && s.word(clause.trigger_start) == "shot"
        && clause.trigger_end == clause.trigger_start + 1
        && matches!(
            s.word(clause.trigger_end),
            "struck"
                | "hit"
                | "missed"
                | "went"
                | "grazed"
                | "pierced"
                | "shattered"
                | "landed"
                | "ricocheted"
                | "entered"
                | "lodged"
                | "penetrated"
                | "rang"
        )
    {
        return None;
    }
    // "he shot twice", "she shot into a home": the shooter, not a victim.
    if np.count.as_ref().is_some_and(|q| q.rule == "pronoun") && !clause.had_aux && active_capable {
        return None;
    }
    if np.name && s.word(clause.trigger_start) == "with" {
        return None;
    }
    let plural_aux =
        (np.end..clause.trigger_start).any(|k| matches!(s.word(k), "were" | "are" | "have"));
    if np.name && (plural_aux || (!clause.had_aux && (active_capable || !intransitive))) {
        return None;
    }
    // "Neither Melissa nor their three children were injured".
    let nor = np.start > 0 && s.word(np.start - 1) == "nor";
    // "there were no reports that either person was hurt", "police did not believe that
    // the victim had been shot": a that-clause under a negation.
    let that = match np.start.checked_sub(1).map(|k| s.word(k)) {
        Some("that") => np.start.checked_sub(1),
        Some("either") if np.start >= 2 && s.word(np.start - 2) == "that" => Some(np.start - 2),
        _ => None,
    };
    let denied = that.is_some_and(|t| {
        let from = t.saturating_sub(6);
        let said = (from..t).any(|k| {
            matches!(
                s.word(k),
                "believe"
                    | "think"
                    | "say"
                    | "indicate"
                    | "know"
                    | "confirm"
                    | "report"
                    | "reports"
                    | "indication"
                    | "evidence"
                    | "sign"
                    | "signs"
            )
        });
        said && (from..t).any(|k| {
            lex.cue(Cue::Negation, s, k).is_some() || lex.cue(Cue::Negator, s, k).is_some()
        })
    });
    let negated = np.negated || clause.negated || nor || denied;
    let count = match (&np.count, negated) {
        (_, true) => Quantity::exact(
            np.count
                .as_ref()
                .map(|q| q.span)
                .unwrap_or_else(|| s.span(np.start, np.end)),
            0,
            "negated",
        ),
        (Some(q), false) => q.clone(),
        (None, false) if clause.hit == Hit::Killed && !np.definite && clause.had_aux => {
            // ACLED: deaths reported without a number count 3.
            let mut q = Quantity::exact(s.span(np.start, np.end), 3, "unnumbered");
            q.vague = true;
            q.max = None;
            q
        }
        (None, false) => return None,
    };
    let end = clause.trigger_end;
    let c = Casualty {
        span: s.span(np.start, end),
        trigger: s.span(clause.trigger_start, clause.trigger_end),
        kind: clause.hit.kind(),
        count,
        victims: np.victims,
        hedged,
        negated,
        hypothetical: clause.hypothetical || modal_before(lex, s, np.start),
        total: total_before(lex, s, np.start),
        struck: clause.hit == Hit::Struck,
        background: false,
        coded: false,
        rule: if np.name {
            "victims-first:name"
        } else {
            "victims-first"
        },
    };
    Some((c, end))
}

fn trigger_first(lex: &Lexicon, s: &Sent, i: usize, hedged: bool) -> Option<(Casualty, usize)> {
    // A capitalised trigger after a word is part of a name ("Great Kills", "Arthur Kill Road").
    if i > 0 && s.is_capitalized(i) && s.word(i - 1).chars().all(char::is_alphanumeric) {
        return None;
    }
    let prev = s.word(i.wrapping_sub(1));
    // "IS kills two border guards": the group, not the auxiliary.
    let after_aux = i > 0
        && matches!(
            prev,
            "was" | "were" | "been" | "be" | "being" | "is" | "are"
        )
        && s.word_text(i - 1) != "IS";
    let negated = i > 0 && lex.cue(Cue::Negation, s, i - 1).is_some();
    if let Some((n, _)) = s.at(&lex.leave, i) {
        let np = parse_np(lex, s, i + n).filter(|np| np.count.is_some() && !np.name)?;
        let (tn, &hit) = s.at(&lex.passive, np.end)?;
        if !matches!(s.word(np.end), "dead" | "injured" | "wounded" | "hurt") {
            return None;
        }
        let end = np.end + tn;
        let c = Casualty {
            span: s.span(i, end),
            trigger: s.span(np.end, end),
            kind: hit.kind(),
            count: np.count?,
            victims: np.victims,
            hedged,
            negated: false,
            hypothetical: modal_before(lex, s, i),
            total: total_before(lex, s, i),
            struck: false,
            background: false,
            coded: false,
            rule: "left-dead",
        };
        return Some((c, end));
    }
    if let Some((n, _)) = s.at(&lex.selfkill, i) {
        let span = s.span(i, i + n);
        let c = Casualty {
            span,
            trigger: span,
            kind: CasualtyKind::Killed,
            count: Quantity::exact(span, 1, "self"),
            victims: Some(Victims {
                span,
                kind: VictimKind::Attackers,
            }),
            hedged,
            negated,
            hypothetical: modal_before(lex, s, i),
            total: false,
            struck: false,
            background: false,
            coded: false,
            rule: "trigger-first:self",
        };
        return Some((c, i + n));
    }
    let (n, &hit) = s.at(&lex.active, i)?;
    if after_aux || (hit == Hit::Struck && s.word(i + n) == "at") {
        return None;
    }
    let j = i + n;
    let (count, victims, end, rule) = if lex.cue(Cue::Reflexive, s, j).is_some() {
        // "blew himself up", "killed himself and five others": the attacker. A gun turned on
        // oneself ("shot himself in the foot", "wounded himself") hurts a person, who
        // attacked no one.
        let gun = matches!(
            s.word(i),
            "shot"
                | "shoots"
                | "shoot"
                | "shooting"
                | "wounded"
                | "wounding"
                | "injured"
                | "injuring"
        );
        let v = Victims {
            span: s.span(j, j + 1),
            kind: if gun {
                VictimKind::Unknown
            } else {
                VictimKind::Attackers
            },
        };
        (
            Quantity::exact(s.span(j, j + 1), 1, "reflexive"),
            Some(v),
            j + 1,
            "trigger-first:reflexive",
        )
    } else if matches!(s.word(j), "him" | "her")
        && !(s.word(j) == "her" && parse_np(lex, s, j).is_some_and(|np| np.victims.is_some()))
    {
        (
            Quantity::exact(s.span(j, j + 1), 1, "pronoun"),
            None,
            j + 1,
            "trigger-first",
        )
    } else {
        let np = parse_np(lex, s, j).filter(|np| !np.negated)?;
        // "shot several rounds", "shot multiple times": not people; "shooting victim",
        // "killing spree suspect": a noun compound, not a verb and its object.
        if np
            .count
            .as_ref()
            .is_some_and(|q| (np.victims.is_none() && q.vague) || q.rule == "bare-noun")
        {
            return None;
        }
        if np.name && is_age(s.word(np.end)) {
            return None;
        }
        let count = np.count?;
        (count, np.victims, np.end, "trigger-first")
    };
    let count = if negated {
        Quantity::exact(count.span, 0, "negated")
    } else {
        count
    };
    let c = Casualty {
        span: s.span(i, end),
        trigger: s.span(i, j),
        kind: hit.kind(),
        count,
        victims,
        hedged,
        negated,
        hypothetical: modal_before(lex, s, i),
        total: total_before(lex, s, i),
        struck: hit == Hit::Struck,
        background: false,
        coded: false,
        rule,
    };
    Some((c, end))
}
