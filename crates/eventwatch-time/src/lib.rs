//! Time expressions: TimeML TIMEX3 spans with normalised values, and event dates.
//!
//! - [`timexes`] finds time expressions in a [`Document`] ("Nov. 28", "on Thursday",
//!   "last night", "two days ago", "for three weeks", "every Friday") and gives each a
//!   [`TimexType`], a TIMEX3 `value` anchored on the publication date (the DCT,
//!   `doc.meta.published`) and, when the value names a calendar period, its [`Anchored`]
//!   start and [`Granularity`].
//! - [`event_date`] picks the date of an event from the timexes near its clause, falling
//!   back to the dateline and the publication date ([`EventDate`]).
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

/// The date of an event whose words are in `clause` (a byte span within the doc): a
/// day-level timex in the clause first, then in the same sentence, then the nearest earlier
/// one in the paragraph (at most three sentences back), then one in the dateline, then the
/// publication date (granularity Day, span None). A timex about another time — after
/// "since"/"until", a duration or set, a date after the publication date — is not used.
pub fn event_date(doc: &Document, timexes: &[Timex], clause: Span) -> Option<EventDate> {
    let text = doc.text();
    let usable = |t: &&Timex| -> bool {
        let Some(a) = t.anchored else { return false };
        if a.granularity != Granularity::Day || !matches!(t.kind, TimexType::Date | TimexType::Time)
        {
            return false;
        }
        if doc.published().is_some_and(|p| a.start > p) {
            return false;
        }
        let before = text.get(..t.span.start as usize).unwrap_or("");
        let prev_word = before
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        !matches!(
            prev_word.as_str(),
            "since" | "until" | "till" | "through" | "by"
        )
    };
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
    doc.published().map(|date| EventDate {
        date,
        granularity: Granularity::Day,
        span: None,
        rule: "published",
    })
}
