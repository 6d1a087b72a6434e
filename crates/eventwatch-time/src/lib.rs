//! Time expressions: TimeML TIMEX3 spans with normalised values, and event dates.
//!
//! - [`timexes`] finds time expressions in a [`Document`] ("Nov. 28", "on Thursday",
//!   "last night", "two days ago", "for three weeks", "every Friday", "New Year's Day")
//!   and gives each a
//!   [`TimexType`], a TIMEX3 `value` anchored on the publication date (the DCT,
//!   `doc.meta.published`) and, when the value names a calendar period, its [`Anchored`]
//!   start and [`Granularity`].
//! - [`event_date`] picks the date of an event from the timexes near its clause, falling
//!   back to the dateline, the story's lede date, a report date and the publication date
//!   ([`EventDate`]); a vague day ("overnight", "last weekend") takes the day the next
//!   sentences name (a bare "overnight" that names none dates an event by the morning
//!   its night ends on), and a date next to a later step of the story ("arraigned
//!   Tuesday", "remained in the county jail Monday") gives way to another date of the
//!   clause.
//!
//! Tagging runs a first-pass filter (a Bloom filter and one hash lookup per token; see
//! `lexicon.rs`) so the rules only run near words a time expression cannot do without.
//!
//! Extents follow TimeBank: determiners and modifiers belong to the expression ("the past
//! three years", "about two years ago"), prepositions do not ("on", "in", "since").
//! Tagging is rule based: token patterns over the lexicons in `data/` (month and weekday
//! names, number words, units, parts of the day, relative words, future-tense cues).
//!
//! Not done here: TIMEX3 `mod`/`anchorTimeID` attributes, temporal relations (TLINKs),
//! event-anchored values ("two days after the attack"), time zones, non-English text.
//! Without a DCT, relative expressions keep their spans and get values with unknown
//! parts (`XXXX-WXX-4`).

mod lexicon;
mod tag;
mod value;

use eventwatch_text::{calendar, segment, Document, Span};
use jiff::civil::Date;

/// The TIMEX3 `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// The size of the calendar period an anchored value names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Granularity {
    Day,
    Week,
    Month,
    Quarter,
    Season,
    Year,
    Decade,
}

/// A calendar period: its first day and size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchored {
    pub start: Date,
    pub granularity: Granularity,
}

/// One time expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timex {
    pub span: Span,
    pub kind: TimexType,
    /// TIMEX3 value: `2019-11-28`, `2019-W47`, `2019-11-28TNI`, `P3D`, `PAST_REF`, ...
    pub value: String,
    /// The calendar period the value names, when it names one and the DCT is known.
    pub anchored: Option<Anchored>,
    /// The rule that matched (for provenance and debugging).
    pub rule: &'static str,
}

/// Time expressions in `doc`, sorted by span and non-overlapping.
pub fn timexes(doc: &Document) -> Vec<Timex> {
    tag::tag(doc)
}

/// The date of an event and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventDate {
    pub date: Date,
    pub granularity: Granularity,
    /// The timex it came from; `None` when from the publication date.
    pub span: Option<Span>,
    pub rule: &'static str,
}

/// How many sentences back (within the paragraph) a date is looked for.
const CONTEXT_SENTENCES: usize = 3;

/// Words after which a date is when something was said, not done ("police said Thursday").
const REPORT_VERBS: &[&str] = &[
    "said",
    "says",
    "announced",
    "reported",
    "confirmed",
    "stated",
    "added",
    "told",
    "revealed",
    "disclosed",
    // "said in a news release Friday", "said in a statement Monday".
    "release",
    "statement",
];

/// How many of [`REPORT_VERBS`] are verbs (the rest are nouns of a report).
const REPORT_VERB_WORDS: usize = 10;

/// Whether the timex at `span` opens its clause before a report: "On Monday, Butler police
/// said ..." dates a statement, not a deed (a reporting verb within the four words after
/// the comma, before any other punctuation). Only for a weekday: a clock time so placed
/// dates what was said ("Around 9:40 p.m. Monday, police said a woman knocked ..."), and
/// a full date usually the deed ("On 3 May 2020, police said two men were killed").
fn fronted_report(text: &str, sentences: &[Span], span: Span) -> bool {
    // Fronted: nothing but "On" between the start of its sentence and the date.
    let Some(sentence) = sentences.iter().find(|s| s.contains(span)) else {
        return false;
    };
    let head = text
        .get(sentence.start as usize..span.start as usize)
        .unwrap_or("x")
        .trim();
    if !(head.is_empty() || head == "On") {
        return false;
    }
    let rest = text.get(span.end as usize..).unwrap_or("");
    rest.strip_prefix(',').is_some_and(|r| {
        r.split([',', '.', ';', ':', '"', '“'])
            .next()
            .unwrap_or("")
            .split_whitespace()
            .take(4)
            .any(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                REPORT_VERBS[..REPORT_VERB_WORDS]
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case(w))
            })
    })
}

/// Words after which a date stamps the article itself ("Posted: Mar. 11, 2018").
const STAMPS: &[&str] = &[
    "posted",
    "update",
    "updated",
    "published",
    "modified",
    "created",
];

/// Words after which a date bounds a period rather than dating an event ("since Oct. 1").
/// A time right after a negation dates nothing ("it's not Fourth of July", "not Monday
/// but Tuesday"): taken as a bound, and so is a date after "as of" (`word_kind`).
const BOUNDS: &[&str] = &["since", "until", "till", "through", "by", "not"];

/// Auxiliaries that make a reporting verb passive: "the shooting was reported about 1
/// a.m." dates the shooting.
const PASSIVE: &[&str] = &["was", "were", "been", "being", "is", "are"];

/// Whether the words before byte `at` make a timex there something other than the time
/// of an event: a bound, a report, a publication stamp. An "on" between is skipped
/// ("said on Monday").
fn dates_something_else(text: &str, at: usize) -> bool {
    word_kind(text, at) != Before::Other
}

/// What the words before a timex say about it.
#[derive(PartialEq)]
enum Before {
    Bound,
    Report,
    Stamp,
    Other,
}

fn word_kind(text: &str, at: usize) -> Before {
    // The three words before `at` are in the last few dozen bytes: no need to scan the
    // whole text before it (a word cut at the window's start is left out).
    let mut from = at.saturating_sub(WORDS_BEFORE_WINDOW);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut head = text.get(from..at).unwrap_or("");
    if from > 0 {
        head = head
            .find(|c: char| !c.is_alphanumeric())
            .and_then(|k| head.get(k..))
            .unwrap_or("");
    }
    // Only the words of its own sentence: "... stated in a press release. On March 12, he
    // went" is no report of March 12.
    if let Some(k) = [". ", "? ", "! ", "\n"]
        .iter()
        .filter_map(|p| head.rfind(p).map(|k| k + p.len()))
        .max()
    {
        head = head.get(k..).unwrap_or("");
    }
    let mut words = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3);
    let is = |w: &str, list: &[&str]| list.iter().any(|x| x.eq_ignore_ascii_case(w));
    let mut prev = words.next().unwrap_or_default();
    // "As of Sunday" says until when a state held ("no arrests had been made as of Sunday
    // morning"), not when something happened: a bound.
    let as_of = prev.eq_ignore_ascii_case("of")
        && words
            .clone()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("as"));
    if is(prev, BOUNDS) || as_of {
        return Before::Bound;
    }
    if is(prev, STAMPS) {
        return Before::Stamp;
    }
    // "(Updated at 10 a.m. Tuesday)": a stamp past an "at" or "on".
    let mut ahead = words.clone();
    if ["at", "on"].iter().any(|w| w.eq_ignore_ascii_case(prev))
        && ahead.next().is_some_and(|w| is(w, STAMPS))
    {
        return Before::Stamp;
    }
    if prev.eq_ignore_ascii_case("on") {
        prev = words.next().unwrap_or_default();
    }
    let before = words.next().unwrap_or_default();
    if is(prev, REPORT_VERBS) && !is(before, PASSIVE) {
        Before::Report
    } else {
        Before::Other
    }
}

/// Whether the timex at `span` dates a later step of the story rather than the deed: the
/// word before or after it names one ("was arraigned Tuesday", "investigators on Sunday
/// named"; `data/later_acts.txt`).
pub fn later_step(doc: &Document, span: Span) -> bool {
    later_act(doc.text(), span)
}

/// Whether `word` names a later step of a story (`data/later_acts.txt`): "sentenced",
/// "pleaded", "arraigned", "hearing".
pub fn later_step_word(word: &str) -> bool {
    word.len() <= 16
        && lexicon::lexicon()
            .later_acts
            .contains(word.to_ascii_lowercase().as_str())
}

/// Whether the word right before the timex at `span` (past an "on", "at" or "his") or right
/// after it names a later step of the story: an arrest, a charge, a hearing, a naming
/// (`data/later_acts.txt`). "investigators on Sunday named", "was arraigned Tuesday",
/// and a fronted date whose clause names one within four words ("On Sunday, Sheriff Hale
/// identified the victims"); also a date up to four words after a state that still held
/// when the story was written ("remained in a coma Saturday", `data/states.txt`).
fn later_act(text: &str, span: Span) -> bool {
    let acts = &lexicon::lexicon().later_acts;
    let is_act = |w: &str| w.len() <= 16 && acts.contains(w.to_ascii_lowercase().as_str());
    let mut from = (span.start as usize).saturating_sub(WORDS_BEFORE_WINDOW);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let head = text.get(from..span.start as usize).unwrap_or("");
    let before = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .find(|w| {
            !["on", "at", "his", "her", "their", "a", "the"]
                .iter()
                .any(|s| s.eq_ignore_ascii_case(w))
        });
    // The end of a list of charges: "charged with aggravated assault and kidnapping
    // Wednesday" (a later step named up to six words back, then "with" or "of").
    let clause = head
        .rfind(['.', ';', '?', '!', '\n'])
        .and_then(|k| head.get(k + 1..))
        .unwrap_or(head);
    // The list ends at a word that opens a phrase of its own ("in connection with gunfire
    // Thursday night" is the deed's day).
    let opens = [
        "in",
        "at",
        "on",
        "after",
        "before",
        "near",
        "during",
        "outside",
        "inside",
        "when",
        "while",
        "connection",
    ];
    let recent: Vec<&str> = clause
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(7)
        .take_while(|w| !opens.iter().any(|o| o.eq_ignore_ascii_case(w)))
        .collect();
    let charge_list = recent
        .windows(2)
        .any(|w| ["with", "of"].iter().any(|p| p.eq_ignore_ascii_case(w[0])) && is_act(w[1]));
    if charge_list {
        return true;
    }
    let rest = text.get(span.end as usize..).unwrap_or("");
    // A state that still held when the story was written, up to four words back ("remained
    // in a coma Saturday", "was still at large Monday", "a search continued Monday";
    // `data/states.txt`), unless the date describes a noun ("continue to probe a Tuesday
    // robbery", "still investigating Sunday's shooting").
    let states = &lexicon::lexicon().states;
    let mut back = clause
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .peekable();
    let attributive = back
        .peek()
        .is_some_and(|w| ["a", "an", "the"].iter().any(|d| d.eq_ignore_ascii_case(w)))
        || rest.starts_with("'s")
        || rest.starts_with("’s");
    if !attributive
        && back.any(|w| w.len() <= 16 && states.contains(w.to_ascii_lowercase().as_str()))
    {
        return true;
    }
    // Past a possessive: "at Wednesday's court hearing", "Sunday's news conference".
    let owner = ["'s", "’s"].iter().find_map(|p| rest.strip_prefix(p));
    let after = owner
        .unwrap_or(rest)
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty());
    // A fronted date: "On Sunday, Sheriff Booth identified the victims" (the act within
    // the next four words after the comma, before any other punctuation).
    let fronted = rest.trim_start().strip_prefix(',').is_some_and(|r| {
        r.split([',', '.', ';', ':', '"', '“'])
            .next()
            .unwrap_or("")
            .split_whitespace()
            .take(4)
            .any(|w| is_act(w.trim_matches(|c: char| !c.is_alphanumeric())))
    });
    before.is_some_and(is_act) || after.is_some_and(is_act) || fronted
}

/// How many bytes before a timex [`word_kind`] looks at.
const WORDS_BEFORE_WINDOW: usize = 96;

/// Whether the timex at `span` stamps the article: after "Posted:", or right after a timex
/// that does ("Posted: Mar. 11, 2018 12:01 am", "UPDATE: March 5th, 2018 @ 5:00 a.m.").
fn stamped(text: &str, timexes: &[Timex], span: Span) -> bool {
    if word_kind(text, span.start as usize) == Before::Stamp {
        return true;
    }
    // Timexes are sorted and do not overlap: the last one ending before `span`.
    let before = timexes.partition_point(|p| p.span.end <= span.start);
    let Some(prev) = before.checked_sub(1).and_then(|k| timexes.get(k)) else {
        return false;
    };
    let gap = text
        .get(prev.span.end as usize..span.start as usize)
        .unwrap_or("x");
    // "Posted: Mar. 11, 2018, 12:01 am", "UPDATE: March 5th, 2018 @ 5:00 a.m.", "... at 5 a.m.".
    let gap = gap.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == '@');
    (gap.is_empty() || gap.eq_ignore_ascii_case("at"))
        && word_kind(text, prev.span.start as usize) == Before::Stamp
}

/// Whether the timex at `span` is in parentheses: a restatement or the article's own date
/// ("(February 13, 2014)"), not the event's.
fn parenthesised(text: &str, span: Span) -> bool {
    let before = text.get(..span.start as usize).unwrap_or("").trim_end();
    let after = text.get(span.end as usize..).unwrap_or("").trim_start();
    before.ends_with('(') && after.starts_with(')')
}

/// A day told only relative to the report ("today", "tonight", "overnight", "last night",
/// "this morning", "last weekend"): the story usually names the day soon after.
fn vague_day(t: &Timex) -> bool {
    matches!(t.rule, "relative-day" | "part-of-day") || t.value.ends_with("-WE")
}

/// A bare "overnight" told from the report: the night that ends on the morning the story
/// is written (its TIMEX3 value is the night of the day before). What happens "overnight"
/// happens mostly after midnight ("four people were shot overnight ... police were called
/// about 3:30 a.m."), so an event it dates takes the day the night ends on, as police logs
/// and incident databases date it; never a day after the publication date. Unless the
/// story says the evening: it names the day the night began on anywhere ("overnight ...
/// four men were at the gas station Thursday night"), or the first clock time told after
/// it is before midnight ("two overnight robberies ... the first at about 9:30 p.m.").
fn night_ending(text: &str, timexes: &[Timex], t: &Timex) -> bool {
    let Some(evening) = t.anchored.map(|a| a.start) else {
        return false;
    };
    let overnight = t.rule == "relative-day"
        && t.value.ends_with("TNI")
        && text
            .get(t.span.range())
            .is_some_and(|w| w.eq_ignore_ascii_case("overnight"));
    if !overnight {
        return false;
    }
    let on_evening = |o: &Timex| {
        o.anchored
            .is_some_and(|a| a.granularity == Granularity::Day && a.start == evening)
    };
    let named = timexes
        .iter()
        .any(|o| on_evening(o) && explicit_day(text, o));
    // A bare clock time after it takes its day from the night: the evening's before
    // midnight, the next day's after (the tagger's rule `clock-context`).
    let clock_in_evening = timexes
        .iter()
        .find(|o| o.span.start >= t.span.end && o.rule == "clock-context")
        .is_some_and(on_evening);
    !named && !clock_in_evening
}

/// A clock time with no day written in it, its day taken from the text before it or the
/// publication date (the tagger's rules `clock-context` and `clock`).
fn borrowed_clock(text: &str, t: &Timex) -> bool {
    matches!(t.rule, "clock" | "clock-context") && !names_day(text, t)
}

/// Whether the words of `t` name a weekday or a month.
fn names_day(text: &str, t: &Timex) -> bool {
    text.get(t.span.range())
        .unwrap_or("")
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 3 && calendar::words().any(|d| d.eq_ignore_ascii_case(w)))
}

/// A timex that names its day: a weekday or a month ("Sunday", "about 1 a.m. Thursday",
/// "March 15").
fn explicit_day(text: &str, t: &Timex) -> bool {
    !vague_day(t) && names_day(text, t)
}

/// How many sentences after a vague day ("overnight") its day is looked for.
const REFINE_SENTENCES: usize = 2;

/// The timex that names the day of a vague one: the first that names a weekday or a date,
/// after `vague` in its sentence or in the next two sentences (a paragraph break between
/// them does not matter), and at most a day away from it (two for a weekend). "A man was shot overnight. It happened
/// about 1 a.m. Thursday" is Thursday.
fn refined<'t>(
    text: &str,
    sentences: &[Span],
    si: usize,
    timexes: &'t [Timex],
    vague: &Timex,
    usable: &dyn Fn(&&Timex) -> bool,
) -> Option<&'t Timex> {
    let at = vague.anchored?.start;
    let reach = if vague.value.ends_with("-WE") { 2 } else { 1 };
    // Across a paragraph break too: web copy often makes each sentence a paragraph.
    let last = sentences
        .get(si..=si + REFINE_SENTENCES)
        .or_else(|| sentences.get(si..))?;
    let end = last.iter().map(|s| s.end).fold(vague.span.end, u32::max);
    timexes
        .iter()
        .filter(|t| t.span.start >= vague.span.end && t.span.end <= end)
        .filter(usable)
        .filter(|t| explicit_day(text, t))
        .find(|t| {
            t.anchored
                .and_then(|a| at.until(a.start).ok())
                .is_some_and(|d| d.get_days().abs() <= reach)
        })
}

/// The date of an event whose words are in `clause` (a byte span within the doc): a
/// day-level timex in the clause first, then in the same sentence, then the nearest earlier
/// one in the paragraph (at most three sentences back), then one in the dateline, then the
/// first in the document (the lede's date: news reports lead with the day of the story; a
/// clock time there dated only by the publication date gives way to a day its sentence
/// names after it),
/// then the day of a report ("police said Thursday"), then the publication date
/// (granularity Day, span None). A day told only relative to the report ("today",
/// "overnight", "last night", "last weekend") gives way to a timex of the same clause that
/// names the day ("arrested today in the shooting on Monday"), or to one in the next two
/// sentences (even past a paragraph break) that names a day at most one day away (two for a weekend):
/// "shot overnight. It happened about 1 a.m. Thursday" (rules `clause-refined`,
/// `sentence-refined`; likewise a vague day taken from the sentences before or the lede:
/// `context-refined`, `lede-refined`). In the clause, a date next to a later step of the story ("investigators
/// on Sunday named the man shot Friday evening", "arraigned Tuesday":
/// `data/later_acts.txt`) gives way to a later date of the clause that is not one. A timex
/// about another time — after "since"/"until"/"as of", after a reporting verb ("said
/// Thursday") or a publication stamp ("Posted:", "Update"), in parentheses, a duration or
/// set, a date after the publication date — is not used. A bare "overnight" gives the day
/// its night ends on (the publication date), not the evening before ([`night_ending`]).
pub fn event_date(doc: &Document, timexes: &[Timex], clause: Span) -> Option<EventDate> {
    event_date_at(doc, timexes, clause, None)
}

/// [`event_date`] for an event whose words are at `anchor` in `clause`: of the clause's
/// dates, one after its words and nearer to them than the first date before them (with no
/// semicolon between) is the event's ("neighbors gathered Thursday near the house where a
/// teenager was shot Tuesday night" dates the shooting Tuesday).
pub fn event_date_at(
    doc: &Document,
    timexes: &[Timex],
    clause: Span,
    anchor: Option<Span>,
) -> Option<EventDate> {
    let text = doc.text();
    // A past day, in words that date an event.
    let a_day = |t: &&Timex| -> bool {
        let Some(a) = t.anchored else { return false };
        a.granularity == Granularity::Day
            && matches!(t.kind, TimexType::Date | TimexType::Time)
            && doc.published().is_none_or(|p| a.start <= p)
            && !parenthesised(text, t.span)
            && !stamped(text, timexes, t.span)
    };
    let usable = |t: &&Timex| -> bool {
        a_day(t)
            && !dates_something_else(text, t.span.start as usize)
            && !(t.kind == TimexType::Date
                && t.rule == "weekday"
                && fronted_report(text, doc.sentences(), t.span))
    };
    let found = |t: &Timex, rule: &'static str| {
        t.anchored.map(|a| EventDate {
            date: night_ending(text, timexes, t)
                .then(|| a.start.tomorrow().ok())
                .flatten()
                .filter(|d| doc.published().is_none_or(|p| *d <= p))
                .unwrap_or(a.start),
            granularity: a.granularity,
            span: Some(t.span),
            rule,
        })
    };
    let sentences = doc.sentences();
    let si = doc.sentence_index(clause.start);
    // In the clause: the first one, unless it only says "today" or "overnight" and the
    // clause also names the day ("arrested today in the shooting on Monday").
    let mut later: Option<&Timex> = None;
    let mut in_clause = timexes
        .iter()
        .filter(|t| clause.contains(t.span))
        .filter(usable);
    let nearest_after = anchor.and_then(|a| {
        timexes
            .iter()
            .filter(|t| clause.contains(t.span) && t.span.start >= a.end)
            .find(usable)
            .map(|t| (a, t))
    });
    if let Some(mut first) = in_clause.next() {
        if let Some((a, t)) = nearest_after {
            let one_clause = text
                .get(a.end as usize..t.span.start as usize)
                .is_some_and(|between| !between.contains(';'));
            if first.span.end <= a.start
                && t.span.start - a.end < a.start - first.span.end
                && one_clause
            {
                first = t;
            }
        }
        // "Investigators on Sunday named the man shot Friday evening": a date of a later step
        // gives way to another date of the clause that is not one.
        if later_act(text, first.span) {
            let rest = timexes
                .iter()
                .filter(|t| clause.contains(t.span) && t.span.start > first.span.start)
                .filter(usable)
                .find(|t| !later_act(text, t.span));
            match rest {
                Some(t) => first = t,
                // No other date in the clause: the deed's day is looked for around it.
                None => later = Some(first),
            }
        }
        if later.is_some() {
            // Falls through to the sentence, context, dateline and lede steps below.
        } else if borrowed_clock(text, first) {
            // "shot about 7:53 p.m. near Forsyth Street on Jan. 25": a clock time whose day
            // was only carried over from before gives way to a day the clause names.
            let named = timexes
                .iter()
                .filter(|t| clause.contains(t.span) && t.span.start > first.span.start)
                .filter(usable)
                .find(|t| explicit_day(text, t));
            return found(named.unwrap_or(first), "clause");
        } else if vague_day(first) {
            if let Some(t) = in_clause.find(|t| explicit_day(text, t)) {
                return found(t, "clause");
            }
            if let Some(t) = refined(text, sentences, si, timexes, first, &usable) {
                return found(t, "clause-refined");
            }
            return found(first, "clause");
        } else {
            return found(first, "clause");
        }
    }
    // With a later step's date in the clause ("was arraigned Friday"), the other steps take
    // only a day before it; failing one, the later step's day stands.
    let usable = |t: &&Timex| -> bool {
        usable(t)
            && later.is_none_or(|l| {
                !later_act(text, t.span)
                    && t.anchored
                        .zip(l.anchored)
                        .is_some_and(|(a, b)| a.start < b.start)
            })
    };
    let found = |t: &Timex, rule: &'static str| found(t, rule);
    if let Some(&sentence) = sentences.get(si) {
        let nearest = timexes
            .iter()
            .filter(|t| sentence.contains(t.span))
            .filter(usable)
            .min_by_key(|t| t.span.start.abs_diff(clause.start));
        if let Some(t) = nearest {
            if vague_day(t) {
                if let Some(r) = refined(text, sentences, si, timexes, t, &usable) {
                    return found(r, "sentence-refined");
                }
            }
            return found(t, "sentence");
        }
    }
    // Earlier sentences of the same paragraph.
    for back in 1..=CONTEXT_SENTENCES {
        let Some(&s) = si.checked_sub(back).and_then(|k| sentences.get(k)) else {
            break;
        };
        // From the end of its words: a sentence's span may take in the blank line after it.
        let words = text.get(s.range()).unwrap_or("").trim_end();
        let gap = text
            .get(s.start as usize + words.len()..clause.start as usize)
            .unwrap_or("");
        if gap.contains("\n\n") {
            break;
        }
        if let Some(t) = timexes
            .iter()
            .filter(|t| s.contains(t.span))
            .filter(usable)
            .rfind(|t| !later_act(text, t.span))
        {
            // "Shots were fired over the weekend. Police found three bullet holes. They
            // were called about 2 p.m. Sunday": a vague day gives way to the day named
            // after it, as in the clause.
            if vague_day(t) {
                if let Some(r) = refined(text, sentences, si - back, timexes, t, &usable) {
                    return found(r, "context-refined");
                }
            }
            return found(t, "context");
        }
    }
    if let Some(d) = segment::dateline(text) {
        if let Some(t) = timexes
            .iter()
            .filter(|t| d.span.contains(t.span))
            .find(usable)
        {
            return found(t, "dateline");
        }
    }
    // The lede's date, passing over the day of a later step ("was arrested Monday in the
    // shooting ... shot Sunday") when the story names another.
    let lede = timexes
        .iter()
        .filter(usable)
        .find(|t| !later_act(text, t.span))
        .or_else(|| timexes.iter().find(usable));
    if let Some(t) = lede {
        // A clock time dated only by the publication date (no day named before it) gives
        // way to a day its sentence names after it ("between 8:45 p.m. and 9 p.m. on
        // Saturday").
        let own = sentences.get(doc.sentence_index(t.span.start));
        let named = (t.rule == "clock" && !names_day(text, t))
            .then(|| {
                timexes
                    .iter()
                    .filter(|o| {
                        o.span.start > t.span.start && own.is_some_and(|s| s.contains(o.span))
                    })
                    .filter(usable)
                    .find(|o| explicit_day(text, o))
            })
            .flatten();
        // A vague lede ("shot over the weekend") gives way to the day named after it.
        if vague_day(t) {
            let at = doc.sentence_index(t.span.start);
            if let Some(r) = refined(text, sentences, at, timexes, t, &usable) {
                return found(r, "lede-refined");
            }
        }
        return found(named.unwrap_or(t), "lede");
    }
    if let Some(l) = later {
        return found(l, "clause");
    }
    // The day something was reported ("As reported on 21 March 2020") beats no date.
    if let Some(t) = timexes
        .iter()
        .filter(a_day)
        .find(|t| word_kind(text, t.span.start as usize) == Before::Report)
    {
        return found(t, "reported");
    }
    doc.published().map(|date| EventDate {
        date,
        granularity: Granularity::Day,
        span: None,
        rule: "published",
    })
}
