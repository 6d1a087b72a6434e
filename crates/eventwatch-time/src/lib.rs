//! Time expressions: TimeML TIMEX3 spans with normalised values, and event dates.
//!
//! - [`timexes`] finds time expressions in a [`Document`] ("Nov. 28", "on Thursday",
//!   "last night", "two days ago", "for three weeks", "every Friday") and gives each a
//!   [`TimexType`], a TIMEX3 `value` anchored on the publication date (the DCT,
//!   `doc.meta.published`) and, when the value names a calendar period, its [`Anchored`]
//!   start and [`Granularity`].
//! - [`event_date`] picks the date of an event from the timexes near its clause, falling
//!   back to the dateline, the story's lede date, a report date and the publication date
//!   ([`EventDate`]).
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

use eventwatch_text::{segment, Document, Span};
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
];

/// Words after which a date stamps the article itself ("Posted: Mar. 11, 2018").
const STAMPS: &[&str] = &["posted", "updated", "published", "modified", "created"];

/// Words after which a date bounds a period rather than dating an event ("since Oct. 1").
const BOUNDS: &[&str] = &["since", "until", "till", "through", "by"];

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
    let mut words = text
        .get(..at)
        .unwrap_or("")
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .map(str::to_lowercase);
    let mut prev = words.next().unwrap_or_default();
    if BOUNDS.contains(&prev.as_str()) {
        return Before::Bound;
    }
    if STAMPS.contains(&prev.as_str()) {
        return Before::Stamp;
    }
    if prev == "on" {
        prev = words.next().unwrap_or_default();
    }
    let before = words.next().unwrap_or_default();
    if REPORT_VERBS.contains(&prev.as_str()) && !PASSIVE.contains(&before.as_str()) {
        Before::Report
    } else {
        Before::Other
    }
}

/// Whether the timex at `span` stamps the article: after "Posted:", or right after a timex
/// that does ("Posted: Mar. 11, 2018 12:01 am").
fn stamped(text: &str, timexes: &[Timex], span: Span) -> bool {
    if word_kind(text, span.start as usize) == Before::Stamp {
        return true;
    }
    let Some(prev) = timexes.iter().rev().find(|p| p.span.end <= span.start) else {
        return false;
    };
    let gap = text
        .get(prev.span.end as usize..span.start as usize)
        .unwrap_or("x");
    gap.chars().all(|c| c.is_whitespace() || c == ',')
        && word_kind(text, prev.span.start as usize) == Before::Stamp
}

/// Whether the timex at `span` is in parentheses: a restatement or the article's own date
/// ("(February 13, 2014)"), not the event's.
fn parenthesised(text: &str, span: Span) -> bool {
    let before = text.get(..span.start as usize).unwrap_or("").trim_end();
    let after = text.get(span.end as usize..).unwrap_or("").trim_start();
    before.ends_with('(') && after.starts_with(')')
}

/// The date of an event whose words are in `clause` (a byte span within the doc): a
/// day-level timex in the clause first, then in the same sentence, then the nearest earlier
/// one in the paragraph (at most three sentences back), then one in the dateline, then the
/// first in the document (the lede's date: news reports lead with the day of the story),
/// then the day of a report ("police said Thursday"), then the publication date
/// (granularity Day, span None). A timex about another time —
/// after "since"/"until", after a reporting verb ("said Thursday") or a publication stamp
/// ("Posted:"), in parentheses, a duration or set, a date after the publication date — is
/// not used.
pub fn event_date(doc: &Document, timexes: &[Timex], clause: Span) -> Option<EventDate> {
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
    let usable =
        |t: &&Timex| -> bool { a_day(t) && !dates_something_else(text, t.span.start as usize) };
    let found = |t: &Timex, rule: &'static str| {
        t.anchored.map(|a| EventDate {
            date: a.start,
            granularity: a.granularity,
            span: Some(t.span),
            rule,
        })
    };
    // In the clause: the first one.
    if let Some(t) = timexes
        .iter()
        .filter(usable)
        .find(|t| clause.contains(t.span))
    {
        return found(t, "clause");
    }
    let sentences = doc.sentences();
    let si = doc.sentence_index(clause.start);
    if let Some(&sentence) = sentences.get(si) {
        let nearest = timexes
            .iter()
            .filter(usable)
            .filter(|t| sentence.contains(t.span))
            .min_by_key(|t| t.span.start.abs_diff(clause.start));
        if let Some(t) = nearest {
            return found(t, "sentence");
        }
    }
    // Earlier sentences of the same paragraph.
    for back in 1..=CONTEXT_SENTENCES {
        let Some(&s) = si.checked_sub(back).and_then(|k| sentences.get(k)) else {
            break;
        };
        let gap = text
            .get(s.end as usize..clause.start as usize)
            .unwrap_or("");
        if gap.contains("\n\n") {
            break;
        }
        if let Some(t) = timexes.iter().filter(usable).rfind(|t| s.contains(t.span)) {
            return found(t, "context");
        }
    }
    if let Some(d) = segment::dateline(text) {
        if let Some(t) = timexes
            .iter()
            .filter(usable)
            .find(|t| d.span.contains(t.span))
        {
            return found(t, "dateline");
        }
    }
    if let Some(t) = timexes.iter().find(usable) {
        return found(t, "lede");
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
