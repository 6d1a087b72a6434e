//! The TIMEX3 tagger: token patterns tried at each position, longest match wins.

use eventwatch_text::segment::{self, TokenKind};
use eventwatch_text::{Document, Span};
use jiff::civil::Date;

use crate::lexicon::{lexicon, Holiday, Lexicon, Relative, CORE, STARTS};
use crate::value::{self, Val};
use crate::{Timex, TimexType};

/// A token with what the patterns look at.
struct Tok<'a> {
    span: Span,
    raw: &'a str,
    /// Lower case, with `’` as `'`.
    low: &'a str,
    cap: bool,
    /// Joined to the previous token by a hyphen ("third-quarter").
    joined: bool,
    num: Option<u32>,
    /// May begin a time expression (the first-pass filter, [`crate::lexicon::STARTS`]).
    starts: bool,
    /// A word no time expression is without ([`crate::lexicon::CORE`]).
    core: bool,
}

/// A token before its lower-case form is resolved: `low` is `None` when the raw text is
/// already lower case, else a byte range of the shared lower-case buffer.
struct Pending {
    span: Span,
    low: Option<(usize, usize)>,
    joined: bool,
}

/// The tokens of a whole document, split at hyphens inside words, with the token range
/// of each sentence. Lower-case forms share one buffer: no allocation per token.
struct Tokens<'a> {
    toks: Vec<Tok<'a>>,
    sentences: Vec<std::ops::Range<usize>>,
}

fn push_pending(text: &str, buf: &mut String, out: &mut Vec<Pending>, span: Span, joined: bool) {
    let raw = text.get(span.range()).unwrap_or("");
    let low = if raw.is_ascii() {
        if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            let s = buf.len();
            buf.extend(raw.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            Some((s, buf.len()))
        } else {
            None
        }
    } else {
        let s = buf.len();
        for c in raw.chars() {
            if c == '’' {
                buf.push('\'');
            } else {
                buf.extend(c.to_lowercase());
            }
        }
        Some((s, buf.len()))
    };
    out.push(Pending { span, low, joined });
}

/// Pushes a word token, split where a sentence was glued to the next ("Saturday.The",
/// "p.m.Police": a period, a capital, a lower-case letter) and at inner hyphens.
fn push_word(text: &str, buf: &mut String, out: &mut Vec<Pending>, span: Span) {
    let raw = text.get(span.range()).unwrap_or("");
    let b = raw.as_bytes();
    let glued = (1..b.len()).find(|&p| {
        b.get(p) == Some(&b'.')
            && b.get(p + 1).is_some_and(u8::is_ascii_uppercase)
            && b.get(p + 2).is_some_and(u8::is_ascii_lowercase)
    });
    let start = span.start as usize;
    if let Some(p) = glued {
        let left = raw.get(..p).unwrap_or("");
        if left.contains('.') {
            // An abbreviation keeps its period: "p.m." + "Police".
            push_word(text, buf, out, Span::new(start, start + p + 1));
        } else {
            push_word(text, buf, out, Span::new(start, start + p));
            push_pending(text, buf, out, Span::new(start + p, start + p + 1), false);
        }
        push_word(text, buf, out, Span::new(start + p + 1, span.end as usize));
        return;
    }
    // A possessive is its own token: "Friday's" is "Friday" + "'s".
    let possessive = ["'s", "’s"]
        .iter()
        .find(|p| raw.len() > p.len() + 1 && raw.ends_with(**p))
        .map(|p| p.len());
    if let Some(n) = possessive {
        let cut = span.end as usize - n;
        push_word(text, buf, out, Span::new(start, cut));
        push_pending(text, buf, out, Span::new(cut, span.end as usize), false);
        return;
    }
    if raw.contains('-') && !raw.contains('.') {
        let mut off = start;
        for (k, part) in raw.split('-').enumerate() {
            if !part.is_empty() {
                push_pending(text, buf, out, Span::new(off, off + part.len()), k > 0);
            }
            off += part.len() + 1;
        }
    } else {
        push_pending(text, buf, out, span, false);
    }
}

fn tokenize<'a>(
    text: &'a str,
    sentences: &[Span],
    buf: &'a mut String,
    lex: &Lexicon,
    filter: bool,
) -> Tokens<'a> {
    let mut pending = Vec::with_capacity(text.len() / 5);
    let mut ranges = Vec::with_capacity(sentences.len());
    for &sentence in sentences {
        let first = pending.len();
        if filter && !lex.may_hold_timex(text.get(sentence.range()).unwrap_or("")) {
            ranges.push(first..first);
            continue;
        }
        for t in segment::tokens(text, sentence) {
            if t.kind == TokenKind::Word {
                push_word(text, buf, &mut pending, t.span);
            } else {
                push_pending(text, buf, &mut pending, t.span, false);
            }
        }
        ranges.push(first..pending.len());
    }
    let buf: &'a str = buf;
    let toks = pending
        .into_iter()
        .map(|p| {
            let raw = text.get(p.span.range()).unwrap_or("");
            let low = match p.low {
                Some((s, e)) => buf.get(s..e).unwrap_or(""),
                None => raw,
            };
            let num =
                if !raw.is_empty() && raw.len() <= 9 && raw.bytes().all(|b| b.is_ascii_digit()) {
                    raw.parse().ok()
                } else {
                    None
                };
            let flags = lex.flags(low);
            Tok {
                span: p.span,
                raw,
                low,
                cap: raw.chars().next().is_some_and(char::is_uppercase),
                joined: p.joined,
                num,
                starts: flags & STARTS != 0,
                core: flags & CORE != 0,
            }
        })
        .collect();
    Tokens {
        toks,
        sentences: ranges,
    }
}

/// A match: the end token (exclusive) and what it means.
struct Cand {
    end: usize,
    kind: TimexType,
    value: String,
    anchored: Option<crate::Anchored>,
    rule: &'static str,
}

fn cand(end: usize, kind: TimexType, (value, anchored): Val, rule: &'static str) -> Option<Cand> {
    Some(Cand {
        end,
        kind,
        value,
        anchored,
        rule,
    })
}

fn plain(
    end: usize,
    kind: TimexType,
    value: impl Into<String>,
    rule: &'static str,
) -> Option<Cand> {
    cand(end, kind, (value.into(), None), rule)
}

/// Discourse state carried through a document.
#[derive(Default)]
struct State {
    /// The last quarter named, for "a year earlier" and "the year-ago quarter".
    last_quarter: Option<(i32, i8)>,
    /// The last day named, and whether its night was: the day of a bare clock time.
    last_day: Option<(Date, bool)>,
    /// The last day named that is not the day something was said ("police said Friday").
    told_day: Option<(Date, bool)>,
    /// Whether `last_day` is the day something was said: it holds for the rest of its
    /// sentence only ("said on Tuesday, just after 2 p.m.").
    said: bool,
}

/// Whether the timex at byte `at` is the day something was said ("police said Friday"),
/// not the day of an event told with a passive "reported" ("a robbery reported Sunday").
fn said_day(text: &str, at: usize) -> bool {
    if crate::word_kind(text, at) != crate::Before::Report {
        return false;
    }
    let mut from = at.saturating_sub(crate::WORDS_BEFORE_WINDOW);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let verb = text
        .get(from..at)
        .unwrap_or("")
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .find(|w| !w.eq_ignore_ascii_case("on"));
    !verb.is_some_and(|w| w.eq_ignore_ascii_case("reported"))
}

struct Cx<'a> {
    t: &'a [Tok<'a>],
    dct: Option<Date>,
    future: bool,
    lex: &'static Lexicon,
    state: &'a State,
}

const APPROX: &[&str] = &[
    "about",
    "around",
    "almost",
    "nearly",
    "approximately",
    "roughly",
    "some",
];
const APPROX2: &[[&str; 2]] = &[
    ["more", "than"],
    ["less", "than"],
    ["at", "least"],
    ["up", "to"],
];
const POSITION: &[&str] = &["early", "late", "mid"];
const POSITION3: &[[&str; 3]] = &[
    ["the", "end", "of"],
    ["the", "beginning", "of"],
    ["the", "start", "of"],
    ["the", "middle", "of"],
];
const MONTH_PREPS: &[&str] = &[
    "in", "since", "until", "by", "of", "through", "during", "from", "to", "before", "after",
    "last", "this", "next", "early", "late", "mid", "till", "between", "and",
];
/// Short names that are whole words, not abbreviations: a period after them ends the sentence.
const FULL_NAMES: &[&str] = &["march", "april", "may", "june", "july"];
/// Street words after a house number.
const STREETS: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "drive",
    "dr",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "way",
    "court",
    "ct",
    "place",
    "pl",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "circle",
    "terrace",
    "pike",
    "trail",
];
const ZONES: &[&str] = &[
    "est", "edt", "gmt", "cst", "cdt", "pst", "pdt", "mst", "mdt", "utc",
];

impl Cx<'_> {
    fn w(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.low)
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        words.contains(&self.w(i))
    }

    /// After token `i`, skipping an abbreviation period glued to it.
    fn after_abbrev(&self, i: usize) -> usize {
        match (self.t.get(i), self.t.get(i + 1)) {
            (Some(a), Some(b))
                if b.raw == "."
                    && b.span.start == a.span.end
                    && a.raw.len() <= 5
                    && !FULL_NAMES.contains(&a.low) =>
            {
                i + 2
            }
            _ => i + 1,
        }
    }

    /// A number phrase at `i`: its end and value (`None` when vague).
    fn number(&self, i: usize) -> Option<(usize, Option<u32>)> {
        let t = self.t.get(i)?;
        if let Some(n) = t.num {
            return Some((i + 1, Some(n)));
        }
        if self.is(i, &["a", "an"]) {
            if self.is(i + 1, &["few"]) {
                return Some((i + 2, None));
            }
            if self.is(i + 1, &["couple"]) {
                let end = if self.is(i + 2, &["of"]) {
                    i + 3
                } else {
                    i + 2
                };
                return Some((end, Some(2)));
            }
            if self.is(i + 1, &["hundred", "dozen"]) {
                return Some((
                    i + 2,
                    self.lex.numbers.get(self.w(i + 1)).copied().flatten(),
                ));
            }
        }
        let first = *self.lex.numbers.get(self.w(i))?;
        let Some(mut n) = first else {
            return Some((i + 1, None));
        };
        let mut end = i + 1;
        if (20..100).contains(&n) && n % 10 == 0 {
            if let Some(Some(u)) = self.lex.numbers.get(self.w(end)) {
                if *u < 10 && !self.is(end, &["a", "an"]) {
                    n += u;
                    end += 1;
                }
            }
        }
        if self.is(end, &["hundred"]) {
            n = n.saturating_mul(100);
            end += 1;
        }
        Some((end, Some(n)))
    }

    fn unit(&self, i: usize) -> Option<&'static str> {
        self.lex.units.get(self.w(i)).copied()
    }

    fn plural_unit(&self, i: usize) -> Option<&'static str> {
        self.unit(i)
            .filter(|_| self.w(i).ends_with('s') || self.w(i) == "centuries")
    }

    fn year_num(&self, i: usize) -> Option<i32> {
        let t = self.t.get(i)?;
        let n = t.num.filter(|_| t.raw.len() == 4)?;
        let y = i32::try_from(n).ok()?;
        (1000..=2199).contains(&y).then_some(y)
    }

    fn day_num(&self, i: usize) -> Option<i8> {
        let t = self.t.get(i)?;
        let digits = t.low.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &t.low[digits.len()..];
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th")
            || digits.is_empty()
            || digits.len() > 2
        {
            return None;
        }
        let d: i8 = digits.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    }

    fn month_at(&self, i: usize) -> Option<i8> {
        let t = self.t.get(i)?;
        if !t.cap {
            return None;
        }
        self.lex.months.get(t.low).copied()
    }

    /// Whether the words from `i` continue a house number: "1000 block of", "1700 N. Main
    /// St.", "2100 Pearl Road".
    fn is_address(&self, i: usize) -> bool {
        if self.is(i, &["block", "blocks"]) {
            return true;
        }
        self.t.get(i).is_some_and(|t| t.cap)
            && (i..i + 4).any(|k| self.is(k, STREETS) && self.t.get(k).is_some_and(|t| t.cap))
    }

    // ---- rules -------------------------------------------------------------------------

    fn rules(&self, i: usize) -> Option<Cand> {
        let all = [
            self.relative(i),
            self.holiday(i),
            self.part_of_day(i),
            self.weekday(i),
            self.month_date(i),
            self.numeric_date(i),
            self.year(i),
            self.quarter(i),
            self.rel_period(i),
            self.ago(i),
            self.duration(i),
            self.time(i),
            self.set(i),
            self.the_period(i),
        ];
        all.into_iter().flatten().max_by_key(|c| c.end)
    }

    /// Rules with an optional leading modifier ("about", "early", "the end of").
    fn at(&self, i: usize) -> Option<Cand> {
        let mut best = self.rules(i);
        let mut consider = |skip: usize, allow: &dyn Fn(&Cand) -> bool| {
            if let Some(c) = self.rules(i + skip) {
                if allow(&c) && best.as_ref().is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        if self.is(i, APPROX) {
            consider(1, &|c| {
                matches!(c.kind, TimexType::Duration | TimexType::Time) || c.rule == "ago"
            });
        }
        if APPROX2
            .iter()
            .any(|p| self.w(i) == p[0] && self.w(i + 1) == p[1])
        {
            consider(2, &|c| c.kind == TimexType::Duration || c.rule == "ago");
        }
        // "earlier this year", "later this month".
        if self.is(i, &["earlier", "later"]) && self.is(i + 1, &["this"]) {
            consider(1, &|c| matches!(c.rule, "relative-period" | "season"));
        }
        if self.is(i, POSITION) && !self.is(i + 1, &["the"]) {
            consider(1, &|c| {
                matches!(c.kind, TimexType::Date | TimexType::Time)
                    && c.rule != "ref"
                    && c.rule != "ago"
            });
        }
        if POSITION3
            .iter()
            .any(|p| (0..3).all(|k| self.w(i + k) == p[k]))
        {
            consider(3, &|c| c.kind == TimexType::Date && c.anchored.is_some());
        }
        best
    }

    fn relative(&self, i: usize) -> Option<Cand> {
        let lex = self.lex;
        // "USA TODAY", "NBC Today": a name in capitals, not the day.
        if self.w(i) == "today" && i > 0 {
            let raw = self.t.get(i).map_or("", |t| t.raw);
            let prev = self.t.get(i - 1).map_or("", |t| t.raw);
            if raw == "TODAY" && prev.len() > 1 && prev.bytes().all(|b| b.is_ascii_uppercase()) {
                return None;
            }
            // "at Best Massage Today in the 2200 block", "USA Today reported": a capitalised
            // "Today" after a capitalised word inside a sentence ends a name (in a headline
            // in title case the word after it is capitalised too).
            let word = |t: &Tok| t.cap && t.raw.bytes().all(|b| b.is_ascii_alphabetic());
            let next_cap = self.t.get(i + 1).is_some_and(word);
            if raw == "Today" && self.t.get(i - 1).is_some_and(word) && !next_cap {
                return None;
            }
        }
        for &r in lex.relative_by_first.get(self.w(i))? {
            let Some((words, rel)) = lex.relative.get(r) else {
                continue;
            };
            if !words.iter().enumerate().all(|(k, w)| self.w(i + k) == *w) {
                continue;
            }
            let mut end = i + words.len();
            return match rel {
                Relative::Ref(v) => plain(end, TimexType::Date, *v, "ref"),
                Relative::Day(off, part) => {
                    let mut part = *part;
                    if part.is_none() {
                        if let Some(p) = self.lex.parts_of_day.get(self.w(end)) {
                            part = Some(p);
                            end += 1;
                        }
                    }
                    let d = self.dct.and_then(|d| value::add_days(d, *off));
                    match (d, part) {
                        (Some(d), Some(p)) => cand(
                            end,
                            TimexType::Time,
                            value::day_with_part(d, p),
                            "relative-day",
                        ),
                        (Some(d), None) => {
                            cand(end, TimexType::Date, value::day(d), "relative-day")
                        }
                        (None, Some(p)) => plain(
                            end,
                            TimexType::Time,
                            format!("XXXX-XX-XXT{p}"),
                            "relative-day",
                        ),
                        (None, None) => plain(end, TimexType::Date, "XXXX-XX-XX", "relative-day"),
                    }
                }
            };
        }
        None
    }

    /// A named day ("New Year's Day", "Thanksgiving", "Christmas Eve night"), capitalised:
    /// the latest one on or before the document date, or with a future cue the next one on
    /// or after it.
    fn holiday(&self, i: usize) -> Option<Cand> {
        if !self.t.get(i).is_some_and(|t| t.cap) {
            return None;
        }
        let (words, rule, part_needed) = self
            .lex
            .holidays
            .iter()
            .find(|(words, _, _)| words.iter().enumerate().all(|(k, w)| self.w(i + k) == *w))?;
        let mut end = i + words.len();
        let part = self.lex.parts_of_day.get(self.w(end)).copied();
        // One word before a noun names a thing, not a day ("a Christmas party", "the Easter
        // Bunny"), unless a preposition says it is a time ("on Christmas").
        let noun_after = self
            .t
            .get(end)
            .is_some_and(|t| t.raw.bytes().all(|b| b.is_ascii_alphabetic()));
        let prep_before = i > 0 && self.is(i - 1, &["on", "since", "before", "after", "until"]);
        if part.is_some() {
            end += 1;
        } else if *part_needed || words.len() == 1 && noun_after && !prep_before {
            return None;
        }
        let on = |y: i32| value::holiday(y, *rule);
        let day = self.dct.and_then(|dct| {
            let y = i32::from(dct.year());
            if self.future {
                [y, y + 1].into_iter().filter_map(on).find(|d| *d >= dct)
            } else {
                [y, y - 1].into_iter().filter_map(on).find(|d| *d <= dct)
            }
        });
        let kind = if part.is_some() {
            TimexType::Time
        } else {
            TimexType::Date
        };
        match (day, part) {
            (Some(d), Some(p)) => cand(end, kind, value::day_with_part(d, p), "holiday"),
            (Some(d), None) => cand(end, kind, value::day(d), "holiday"),
            (None, _) => match rule {
                Holiday::Fixed(m, d) => plain(end, kind, format!("XXXX-{m:02}-{d:02}"), "holiday"),
                _ => None,
            },
        }
    }

    /// "this morning", "last night", "tomorrow evening".
    fn part_of_day(&self, i: usize) -> Option<Cand> {
        let off = match self.w(i) {
            "this" => 0,
            "last" => -1,
            _ => return None,
        };
        let part = self.lex.parts_of_day.get(self.w(i + 1))?;
        if self.w(i + 1).ends_with('s') {
            return None;
        }
        let off = if off == -1 && *part != "NI" { -1 } else { off };
        match self.dct.and_then(|d| value::add_days(d, off)) {
            Some(d) => cand(
                i + 2,
                TimexType::Time,
                value::day_with_part(d, part),
                "part-of-day",
            ),
            None => plain(
                i + 2,
                TimexType::Time,
                format!("XXXX-XX-XXT{part}"),
                "part-of-day",
            ),
        }
    }

    fn weekday(&self, i: usize) -> Option<Cand> {
        let (mode, j) = match (self.w(i), self.w(i + 1)) {
            ("this", "coming") | ("this", "next") => ("next", i + 2),
            ("this", "past") => ("last", i + 2),
            ("last", _) | ("past", _) => ("last", i + 1),
            ("next", _) | ("coming", _) => ("next", i + 1),
            ("this", _) => ("this", i + 1),
            _ => ("", i),
        };
        let t = self.t.get(j)?;
        let plural = t.low.ends_with('s') && t.low.len() > 3;
        let name = if plural {
            t.low.get(..t.low.len() - 1).unwrap_or("")
        } else {
            t.low
        };
        let wd = *self.lex.weekdays.get(name)?;
        // A full name in lower case is a weekday too ("just after midnight, sunday
        // morning"); an abbreviation only capitalised ("sun", "wed", "sat").
        if !t.cap && name.len() < 6 {
            return None;
        }
        let mut end = self.after_abbrev(j);
        let part = self.lex.parts_of_day.get(self.w(end)).copied();
        if plural {
            let (part, end) = match part {
                Some(p) => (format!("T{p}"), end + 1),
                None => (String::new(), end),
            };
            return plain(
                end,
                TimexType::Set,
                format!("XXXX-WXX-{wd}{part}"),
                "weekday-set",
            );
        }
        if part.is_some() {
            end += 1;
        }
        // "Thursday, Nov. 28": the explicit date decides.
        let comma = usize::from(self.w(end) == ",");
        if part.is_none() {
            if let Some(c) = self.month_date(end + comma).filter(|c| {
                c.anchored
                    .is_some_and(|a| a.granularity == crate::Granularity::Day)
            }) {
                return Some(Cand {
                    rule: "weekday-date",
                    ..c
                });
            }
        }
        // "Last Thursday" in a Friday paper is the Thursday of the week before: yesterday
        // goes by "yesterday" or "Thursday" (a bare "past" or "this past" is yesterday).
        let literal_last = self.is(i, &["last"]);
        let date = self.dct.and_then(|d| match mode {
            "last" => value::weekday_before(d, wd, true).and_then(|w| {
                let yesterday = value::add_days(d, -1) == Some(w);
                if literal_last && yesterday {
                    value::add_days(w, -7)
                } else {
                    Some(w)
                }
            }),
            "next" => value::weekday_after(d, wd, true),
            "this" => value::weekday_after(
                value::add_days(d, -i64::from(value::weekday_num(d) - 1))?,
                wd,
                false,
            ),
            _ if self.future => value::weekday_after(d, wd, false),
            _ => value::weekday_before(d, wd, false),
        });
        // "Tuesday (Jan. 7)": the date in parentheses right after decides when it falls on
        // that weekday (a week back, say); the extent stays the weekday's. A date that does
        // not fall on it is a slip of one of the two: the weekday, told relative to the
        // report, stands.
        let told = self
            .is(end, &["("])
            .then(|| self.month_date(end + 1))
            .flatten()
            .filter(|c| self.is(c.end, &[")"]))
            .and_then(|c| c.anchored)
            .filter(|a| {
                a.granularity == crate::Granularity::Day && value::weekday_num(a.start) == wd
            });
        if let Some(a) = told {
            let v = match part {
                Some(p) => value::day_with_part(a.start, p),
                None => value::day(a.start),
            };
            let kind = if part.is_some() {
                TimexType::Time
            } else {
                TimexType::Date
            };
            return cand(end, kind, v, "weekday-date");
        }
        match (date, part) {
            (Some(d), Some(p)) => cand(end, TimexType::Time, value::day_with_part(d, p), "weekday"),
            (Some(d), None) => cand(end, TimexType::Date, value::day(d), "weekday"),
            (None, Some(p)) => plain(
                end,
                TimexType::Time,
                format!("XXXX-WXX-{wd}T{p}"),
                "weekday",
            ),
            (None, None) => plain(end, TimexType::Date, format!("XXXX-WXX-{wd}"), "weekday"),
        }
    }

    /// The year of a month (and day) named without a year, from the document date and tense.
    fn infer_year(&self, mode: &str, m: i8, d: Option<i8>) -> Option<i32> {
        let dct = self.dct?;
        let y = i32::from(dct.year());
        let key = (m, d.unwrap_or(if mode == "last" { 32 } else { 0 }));
        if let (Some(d), "") = (d, mode) {
            // A day and month: the nearest such date, the days on the far side of the
            // document date counting double: a report tells mostly what has happened
            // ("killed Feb. 10" in August is the February past), and with a future cue
            // mostly what will ("due in court Feb. 19").
            return [y - 1, y, y + 1]
                .into_iter()
                .filter_map(|yy| Some((yy, value::ymd(yy, m, d)?)))
                .min_by_key(|(_, date)| {
                    dct.since(*date).ok().map_or(i64::MAX, |s| {
                        let days = i64::from(s.get_days());
                        let ahead = days < 0;
                        days.abs() * if ahead != self.future { 2 } else { 1 }
                    })
                })
                .map(|(yy, _)| yy);
        }
        let now = (dct.month(), if d.is_some() { dct.day() } else { 0 });
        Some(match mode {
            "this" => y,
            "last" => y - i32::from(key >= now),
            "next" => y + i32::from(key <= now),
            _ if self.future => y + i32::from(key < now),
            _ => y - i32::from(key > now),
        })
    }

    fn month_date(&self, i: usize) -> Option<Cand> {
        let (mode, j) = match self.w(i) {
            "last" | "past" => ("last", i + 1),
            "next" | "coming" => ("next", i + 1),
            "this" => ("this", i + 1),
            _ => ("", i),
        };
        // "28 November [2019]"
        if mode.is_empty() {
            if let (Some(d), Some(m)) = (self.day_num(i), self.month_at(i + 1)) {
                let mut end = self.after_abbrev(i + 1);
                let y = match self.year_num(end) {
                    Some(y) => {
                        end += 1;
                        Some(y)
                    }
                    None => self.infer_year("", m, Some(d)),
                };
                return self.ymd_cand(end, y, m, d, "day-month");
            }
        }
        let m = self.month_at(j)?;
        let mut end = self.after_abbrev(j);
        if let Some(d) = self
            .day_num(end)
            .filter(|_| self.t.get(end).is_some_and(|t| !t.joined))
        {
            end += 1;
            let comma = usize::from(self.w(end) == ",");
            let y = match self.year_num(end + comma) {
                Some(y) => {
                    end += comma + 1;
                    Some(y)
                }
                None => self.infer_year(mode, m, Some(d)),
            };
            return self.ymd_cand(end, y, m, d, "month-day");
        }
        let comma = usize::from(self.w(end) == ",");
        if let Some(y) = self.year_num(end + comma) {
            return cand(
                end + comma + 1,
                TimexType::Date,
                value::month(y, m),
                "month-year",
            );
        }
        // A month alone: "May" and "March" need a preposition or modifier before them.
        let ambiguous = matches!(self.w(j), "may" | "march" | "mar" | "jan" | "dec");
        let prev_ok = j > 0 && self.is(j - 1, MONTH_PREPS);
        if ambiguous && mode.is_empty() && !prev_ok {
            return None;
        }
        match self.infer_year(mode, m, None) {
            Some(y) => cand(end, TimexType::Date, value::month(y, m), "month"),
            None => plain(end, TimexType::Date, format!("XXXX-{m:02}"), "month"),
        }
    }

    fn ymd_cand(
        &self,
        end: usize,
        y: Option<i32>,
        m: i8,
        d: i8,
        rule: &'static str,
    ) -> Option<Cand> {
        match y.and_then(|y| value::ymd(y, m, d)) {
            Some(date) => cand(end, TimexType::Date, value::day(date), rule),
            None if y.is_none() => plain(end, TimexType::Date, format!("XXXX-{m:02}-{d:02}"), rule),
            None => None,
        }
    }

    /// "11/28/2019", "2019-11-28".
    fn numeric_date(&self, i: usize) -> Option<Cand> {
        let t = self.t.get(i)?;
        let parts: Vec<&str> = t.raw.split(['/', '-']).collect();
        if parts.len() != 3
            || !parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let n: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        let (y, m, d) = match (t.raw.contains('/'), n.as_slice()) {
            (false, [y, m, d]) if parts[0].len() == 4 => (*y, *m, *d),
            (true, [m, d, y]) if parts[2].len() == 4 => (*y, *m, *d),
            (true, [m, d, y]) if parts[2].len() == 2 => {
                (if *y < 50 { 2000 + y } else { 1900 + y }, *m, *d)
            }
            _ => return None,
        };
        let date = value::ymd(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?)?;
        cand(i + 1, TimexType::Date, value::day(date), "numeric-date")
    }

    /// "2019", "fiscal 1989", "the 1990s", "the '90s".
    fn year(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let fiscal = self.is(j, &["fiscal"]);
        if fiscal {
            j += 1;
        }
        if let Some(y) = self.year_num(j) {
            if j > 0 && self.t.get(j - 1).is_some_and(|t| t.raw == "$") {
                return None;
            }
            if self.is(j + 1, &["%", "percent"]) || self.is_address(j + 1) {
                return None;
            }
            return cand(j + 1, TimexType::Date, value::year(y), "year");
        }
        // Decades.
        let the = usize::from(self.is(i, &["the"]));
        let k = i + the;
        let (end, y) =
            if self.w(k) == "'" && self.w(k + 1).len() == 3 && self.w(k + 1).ends_with('s') {
                let d: i32 = self.w(k + 1)[..2].parse().ok()?;
                (k + 2, 1900 + d)
            } else {
                let w = self.w(k);
                if w.len() != 5 || !w.ends_with("0s") {
                    return None;
                }
                (k + 1, w[..4].parse().ok()?)
            };
        cand(end, TimexType::Date, value::decade(y), "decade")
    }

    fn quarter(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let mut explicit_year = None;
        let mut mode = "";
        // "the third quarter" keeps its determiner; the adjective "third-quarter" does not.
        let adjective = self
            .t
            .get(j + 2)
            .is_some_and(|t| t.joined && t.low == "quarter");
        if self.is(j, &["the"]) && !adjective {
            j += 1;
        }
        if self.w(j) == "this" && self.w(j + 1) == "year" && self.w(j + 2) == "'s" {
            explicit_year = self.dct.map(|d| i32::from(d.year()));
            j += 3;
        } else if let Some(y) = self.year_num(j) {
            explicit_year = Some(y);
            j += 1;
        } else if self.is(
            j,
            &[
                "this", "current", "latest", "last", "next", "previous", "same", "fiscal",
            ],
        ) {
            mode = self.w(j);
            j += 1;
        }
        if self.is(j, &["fiscal"]) {
            j += 1;
        }
        let ord = self.lex.ordinals.get(self.w(j)).copied();
        if ord.is_some() {
            j += 1;
        }
        let half = match self.w(j) {
            "quarter" => false,
            "half" if ord.is_some() => true,
            _ => return None,
        };
        let mut end = j + 1;
        if (self.is(end, &["of"]) || self.w(end) == ",") && self.year_num(end + 1).is_some() {
            explicit_year = self.year_num(end + 1);
            end += 2;
        } else if self.year_num(end).is_some() {
            explicit_year = self.year_num(end);
            end += 1;
        }
        let rule = if half { "half" } else { "quarter" };
        let q = match ord {
            Some(o) => i8::try_from(o)
                .ok()
                .filter(|q| (1..=if half { 2 } else { 4 }).contains(q))?,
            // "a quarter of the vote" is no time; "the quarter" and "last quarter" are.
            None if half || (i == j && mode.is_empty()) => return None,
            None => 0,
        };
        if half {
            let y = explicit_year.or(self.dct.map(|d| i32::from(d.year())));
            return match y {
                Some(y) => plain(end, TimexType::Date, format!("{y:04}-H{q}"), rule),
                None => plain(end, TimexType::Date, format!("XXXX-H{q}"), rule),
            };
        }
        let Some(dct) = self.dct else {
            return plain(end, TimexType::Date, "XXXX-QX", rule);
        };
        let cur = value::quarter_of(dct);
        let y = i32::from(dct.year());
        let previous = if cur == 1 { (y - 1, 4) } else { (y, cur - 1) };
        let (y, q) = if q > 0 {
            (
                explicit_year.unwrap_or(if q <= cur || self.future { y } else { y - 1 }),
                q,
            )
        } else {
            match mode {
                "this" | "current" | "same" => (y, cur),
                "next" => {
                    if cur == 4 {
                        (y + 1, 1)
                    } else {
                        (y, cur + 1)
                    }
                }
                "last" | "latest" | "previous" => previous,
                _ => {
                    let (ly, lq) = self.state.last_quarter.unwrap_or(previous);
                    (explicit_year.unwrap_or(ly), lq)
                }
            }
        };
        cand(end, TimexType::Date, value::quarter(y, q), rule)
    }

    /// "last week", "this month", "next year", "the weekend", "last summer".
    fn rel_period(&self, i: usize) -> Option<Cand> {
        let (mode, j) = match (self.w(i), self.w(i + 1)) {
            ("this", "past") => ("last", i + 2),
            ("this", "coming") | ("the", "coming") => ("next", i + 2),
            ("last", _) | ("previous", _) => ("last", i + 1),
            ("next", _) | ("coming", _) => ("next", i + 1),
            ("this", _) | ("current", _) => ("this", i + 1),
            ("the", "weekend") => ("the", i + 1),
            (_, _)
                if self.lex.seasons.contains_key(self.w(i)) && self.year_num(i + 1).is_some() =>
            {
                ("", i)
            }
            _ => return None,
        };
        let w = self.w(j);
        let dct = self.dct;
        if let Some(&(code, first)) = self.lex.seasons.get(w) {
            if let Some(y) = self.year_num(j + 1) {
                return cand(
                    j + 2,
                    TimexType::Date,
                    value::season(y, code, first),
                    "season",
                );
            }
            let Some(d) = dct else {
                return plain(j + 1, TimexType::Date, format!("XXXX-{code}"), "season");
            };
            let y = i32::from(d.year());
            let m = d.month();
            // The season's index in the year: winter starts in December of the year before.
            let started = if first == 12 { true } else { m >= first };
            let ended = if first == 12 { m > 2 } else { m >= first + 3 };
            let y = match mode {
                "last" => {
                    if ended {
                        y
                    } else {
                        y - 1
                    }
                }
                "next" => {
                    if started {
                        y + 1
                    } else {
                        y
                    }
                }
                _ => y,
            };
            let y = if first == 12 && mode == "this" && m <= 2 {
                y - 1
            } else {
                y
            };
            return cand(
                j + 1,
                TimexType::Date,
                value::season(y, code, first),
                "season",
            );
        }
        let off: i64 = match mode {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        let end = j + 1;
        let Some(d) = dct else {
            let v = match w {
                "week" => "XXXX-WXX",
                "weekend" => "XXXX-WXX-WE",
                "month" => "XXXX-XX",
                "year" => "XXXX",
                _ => return None,
            };
            return plain(end, TimexType::Date, v, "relative-period");
        };
        let v = match w {
            "week" => value::week(value::add_days(d, off * 7)?),
            "weekend" => {
                let base = if mode == "the" {
                    if self.future {
                        value::weekday_after(d, 6, false)?
                    } else {
                        value::weekday_before(d, 6, false)?
                    }
                } else {
                    value::add_days(d, off * 7)?
                };
                value::weekend(base)
            }
            "month" => value::shifted(d, off, "M")?,
            "year" => value::shifted(d, off, "Y")?,
            _ => return None,
        };
        cand(end, TimexType::Date, v, "relative-period")
    }

    /// "the year" (a year-long span, as TimeBank reads it) and "the week" (a week of the
    /// DCT's year). Not "the year earlier", "the year 2000", "the year-ago quarter".
    fn the_period(&self, i: usize) -> Option<Cand> {
        if !self.is(i, &["the"]) || self.t.get(i + 2).is_some_and(|t| t.joined) {
            return None;
        }
        // "the latest period", "the full year", "the fiscal year".
        match (self.w(i + 1), self.w(i + 2)) {
            ("latest", "period") => {
                let (y, q) = match (self.state.last_quarter, self.dct) {
                    (Some(yq), _) => yq,
                    (None, Some(d)) => {
                        let (y, q) = (i32::from(d.year()), value::quarter_of(d));
                        if q == 1 {
                            (y - 1, 4)
                        } else {
                            (y, q - 1)
                        }
                    }
                    (None, None) => return plain(i + 3, TimexType::Date, "XXXX-QX", "period"),
                };
                return cand(i + 3, TimexType::Date, value::quarter(y, q), "period");
            }
            ("full", "year") => {
                return match self.dct {
                    Some(d) => cand(
                        i + 3,
                        TimexType::Date,
                        value::year(i32::from(d.year())),
                        "period",
                    ),
                    None => plain(i + 3, TimexType::Date, "XXXX", "period"),
                };
            }
            ("fiscal", "year") => return plain(i + 3, TimexType::Duration, "P1Y", "period"),
            _ => {}
        }
        let next = i + 2;
        if self.is(next, &["earlier", "ago", "before", "after", "later", "'s"])
            || self.t.get(next).is_some_and(|t| t.num.is_some())
            || self.lex.numbers.contains_key(self.w(next))
        {
            return None;
        }
        match self.w(i + 1) {
            "year" => plain(next, TimexType::Duration, "P1Y", "the-period"),
            "week" => {
                let v = match self.dct {
                    Some(d) => format!("{:04}-WXX", d.year()),
                    None => "XXXX-WXX".to_string(),
                };
                plain(next, TimexType::Date, v, "the-period")
            }
            _ => None,
        }
    }

    /// "two days ago", "a year earlier", "several years ago".
    fn ago(&self, i: usize) -> Option<Cand> {
        let (j, n) = self.number(i)?;
        let code = self.unit(j)?;
        let sign: i64 = match self.w(j + 1) {
            "ago" | "earlier" | "before" if self.w(j + 1) != "before" => -1,
            "later" => 1,
            "from" if self.w(j + 2) == "now" => 1,
            _ => return None,
        };
        let end = j + 2 + usize::from(self.w(j + 1) == "from");
        let Some(n) = n else {
            return plain(
                end,
                TimexType::Date,
                if sign < 0 { "PAST_REF" } else { "FUTURE_REF" },
                "ago",
            );
        };
        // "a year earlier" after a quarter was named: the same quarter a year before.
        if code == "Y" && n == 1 {
            if let Some((y, q)) = self.state.last_quarter {
                let yy = if sign < 0 { y - 1 } else { y + 1 };
                return cand(end, TimexType::Date, value::quarter(yy, q), "ago");
            }
        }
        // "Twenty minutes later" is on the day last named; "two hours ago", the DCT's.
        let within_day = matches!(code, "H" | "TM" | "S");
        let base = match self.state.last_day {
            Some((d, _)) if within_day && self.w(j + 1) != "ago" => Some(d),
            _ => self.dct,
        };
        let Some(d) = base else {
            return plain(end, TimexType::Date, "XXXX-XX-XX", "ago");
        };
        cand(
            end,
            TimexType::Date,
            value::shifted(d, sign * i64::from(n), code)?,
            "ago",
        )
    }

    fn duration(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let the = self.is(j, &["the"]);
        if the {
            j += 1;
        }
        let qualified = self.is(
            j,
            &[
                "past",
                "last",
                "next",
                "first",
                "coming",
                "previous",
                "final",
                "latest",
                "following",
                "recent",
                "ensuing",
                "remaining",
            ],
        );
        if qualified {
            j += 1;
        }
        // "year-earlier" / "year-ago" periods: the same quarter a year before.
        if self.is(j, &["year"])
            && self.is(j + 1, &["earlier", "ago"])
            && self.t.get(j + 1).is_some_and(|t| t.joined)
        {
            let end = if self.is(j + 2, &["quarter", "period"]) {
                j + 3
            } else {
                j + 2
            };
            if let Some((y, q)) = self.state.last_quarter {
                return cand(
                    end,
                    TimexType::Date,
                    value::quarter(y - 1, q),
                    "year-earlier",
                );
            }
            return None;
        }
        let (k, n) = match self.number(j) {
            Some((k, n)) if !(self.is(j, &["a", "an"]) && (the || qualified)) => (k, n),
            _ => {
                // Bare plurals: "recent weeks", "the coming months", "years".
                let code = self.plural_unit(j)?;
                let prev_ok = j > 0
                    && self.is(
                        j - 1,
                        &[
                            "for", "within", "over", "recent", "coming", "past", "next", "last",
                            "few",
                        ],
                    );
                if !(qualified || prev_ok) || self.t.get(j).is_some_and(|t| t.joined) {
                    return None;
                }
                let end = if self.is(j + 1, &["ahead"]) {
                    j + 2
                } else {
                    j + 1
                };
                return plain(
                    end,
                    TimexType::Duration,
                    value::duration(None, code),
                    "duration",
                );
            }
        };
        let mut k = k;
        if self.is(k, &["to", "or"]) {
            if let Some((k2, _)) = self.number(k + 1) {
                k = k2;
            }
        }
        if self.is(
            k,
            &[
                "more",
                "straight",
                "consecutive",
                "full",
                "trading",
                "business",
            ],
        ) {
            k += 1;
        }
        let code = self.unit(k)?;
        if self.is(k + 1, &["old"]) {
            return None;
        }
        // A bare "a year" is too often a rate ("5% a year").
        if !the
            && !qualified
            && self.is(j, &["a", "an"])
            && j > 0
            && !self.is(j - 1, &["for", "within", "over", "in", "than", "after"])
        {
            return None;
        }
        let end = if self.is(k + 1, &["ahead"]) {
            k + 2
        } else {
            k + 1
        };
        plain(
            end,
            TimexType::Duration,
            value::duration(n, code),
            "duration",
        )
    }

    fn time(&self, i: usize) -> Option<Cand> {
        let t = self.t.get(i)?;
        let (hm, mut end) = if let Some((h, m)) = t.raw.split_once(':') {
            let h: i8 = h.parse().ok()?;
            let m: i8 = m.parse().ok()?;
            if !(0..=24).contains(&h) || !(0..60).contains(&m) {
                return None;
            }
            ((h, m), i + 1)
        } else if self.is(i, &["noon", "midday"]) {
            ((12, 0), i + 1)
        } else if self.is(i, &["midnight"]) {
            ((24, 0), i + 1)
        } else {
            let h = i8::try_from(t.num?).ok().filter(|h| (1..=12).contains(h))?;
            if !self.is(
                i + 1,
                &["a.m.", "a.m", "am", "p.m.", "p.m", "pm", "o'clock"],
            ) {
                return None;
            }
            ((h, 0), i + 1)
        };
        let mut h = hm.0;
        match self.w(end) {
            "a.m." | "a.m" | "am" => {
                if h == 12 {
                    h = 0;
                }
                end += 1;
            }
            "p.m." | "p.m" | "pm" => {
                if h < 12 {
                    h += 12;
                }
                end += 1;
            }
            "o'clock" => end += 1,
            _ if t.raw.contains(':') => {}
            _ if hm.0 == 12 || hm.0 == 24 => {}
            _ => return None,
        }
        if self.is(end, ZONES) {
            end += 1;
        }
        // The day it belongs to: written after it ("10 p.m. Tuesday"), or after "on" (left
        // out of the extent), else the day last named in the text ("Monday night ... at
        // about 1 a.m." is Tuesday), else the DCT.
        let day_at = |k: usize| {
            [self.weekday(k), self.relative(k), self.month_date(k)]
                .into_iter()
                .flatten()
                .filter(|c| {
                    c.anchored
                        .is_some_and(|a| a.granularity == crate::Granularity::Day)
                        && matches!(c.kind, TimexType::Date | TimexType::Time)
                })
                .max_by_key(|c| c.end)
        };
        let comma = usize::from(self.w(end) == ",");
        let (date, end, rule) = if let Some(c) = day_at(end + comma) {
            (c.anchored.map(|a| a.start), c.end, "clock")
        } else if let Some(c) = self.is(end, &["on"]).then(|| day_at(end + 1)).flatten() {
            (c.anchored.map(|a| a.start), end, "clock-day")
        } else if let Some((d, night)) = self.state.last_day {
            let next = night && h < 6;
            (value::add_days(d, i64::from(next)), end, "clock-context")
        } else {
            (self.dct, end, "clock")
        };
        let clock = format!("T{h:02}:{:02}", hm.1);
        match date {
            Some(d) => {
                let (v, a) = value::day(d);
                cand(end, TimexType::Time, (format!("{v}{clock}"), a), rule)
            }
            None => plain(end, TimexType::Time, format!("XXXX-XX-XX{clock}"), rule),
        }
    }

    fn set(&self, i: usize) -> Option<Cand> {
        if let Some(v) = self.lex.sets.get(self.w(i)) {
            return plain(i + 1, TimexType::Set, *v, "set");
        }
        if !self.is(i, &["every", "each", "per"]) {
            return None;
        }
        let j = i + 1;
        if let Some(code) = self.unit(j) {
            return plain(j + 1, TimexType::Set, value::duration(Some(1), code), "set");
        }
        if let Some(wd) = self
            .lex
            .weekdays
            .get(self.w(j))
            .filter(|_| self.t.get(j).is_some_and(|t| t.cap))
        {
            return plain(j + 1, TimexType::Set, format!("XXXX-WXX-{wd}"), "set");
        }
        if let Some(m) = self.month_at(j) {
            return plain(j + 1, TimexType::Set, format!("XXXX-{m:02}"), "set");
        }
        if let Some((code, _)) = self.lex.seasons.get(self.w(j)) {
            return plain(j + 1, TimexType::Set, format!("XXXX-{code}"), "set");
        }
        None
    }
}

/// How many tokens from a timex a future cue ("will") may be.
const FUTURE_WINDOW: usize = 8;
/// Words that join or open another clause ("said Monday that they will"): a future cue
/// after one of them is in another clause.
const CLAUSE_JOINS: &[&str] = &["and", "but", ";", "that", "who", "which"];

/// How many tokens after its first a time expression's core word may be ("the end of the
/// third quarter").
const CORE_WINDOW: usize = 7;

/// Tags every sentence of `doc`.
pub(crate) fn tag(doc: &Document) -> Vec<Timex> {
    tag_with(doc, true)
}

/// Tags `doc`; `filter` runs the rules only at tokens that may begin a time expression
/// (off only to test that the filter loses nothing).
pub(crate) fn tag_with(doc: &Document, filter: bool) -> Vec<Timex> {
    let lex = lexicon();
    let text = doc.text();
    let mut out = Vec::new();
    let mut state = State::default();
    let mut buf = String::new();
    let tokens = tokenize(text, doc.sentences(), &mut buf, lex, filter);
    let dct = doc.published();
    let mut future_at: Vec<usize> = Vec::new();
    let mut next_core: Vec<usize> = Vec::new();
    for range in &tokens.sentences {
        // A bare clock time after the sentence of "police said Friday" is on the last day
        // of the story told, not on the day it was said.
        if state.said {
            state.last_day = state.told_day;
            state.said = false;
        }
        let Some(toks) = tokens.toks.get(range.clone()) else {
            continue;
        };
        if filter && !toks.iter().any(|t| t.core) {
            continue;
        }
        // The index of the next core token at or after each token.
        next_core.clear();
        next_core.resize(toks.len(), usize::MAX);
        let mut next = usize::MAX;
        for (k, t) in toks.iter().enumerate().rev() {
            if t.core {
                next = k;
            }
            if let Some(slot) = next_core.get_mut(k) {
                *slot = next;
            }
        }
        future_at.clear();
        future_at.extend(
            toks.iter()
                .enumerate()
                .filter(|(_, t)| lex.future.contains(t.low))
                .map(|(k, _)| k),
        );
        let mut i = 0;
        while i < toks.len() {
            let promising = toks.get(i).is_some_and(|t| t.starts)
                && next_core
                    .get(i)
                    .is_some_and(|&k| k <= i.saturating_add(CORE_WINDOW));
            if filter && !promising {
                i += 1;
                continue;
            }
            let found = {
                let cx = Cx {
                    t: toks,
                    dct,
                    future: future_at.iter().any(|&k| {
                        // A cue after the timex speaks for it only within its clause: not
                        // in "wounded Monday night and we will have a report later today".
                        let joined = || {
                            toks.get(i + 1..k).is_none_or(|between| {
                                !between.iter().any(|t| CLAUSE_JOINS.contains(&t.low))
                            })
                        };
                        k.abs_diff(i) <= FUTURE_WINDOW && (k < i || joined())
                    }),
                    lex,
                    state: &state,
                };
                cx.at(i)
            };
            let ok = found.as_ref().is_some_and(|c| {
                c.end > i
                    && !toks.get(i).is_some_and(|t| t.joined)
                    && !toks.get(c.end).is_some_and(|t| t.joined)
            });
            match found {
                Some(c) if ok => {
                    let start = toks.get(i).map_or(0, |t| t.span.start as usize);
                    let end = toks.get(c.end - 1).map_or(start, |t| t.span.end as usize);
                    if let Some(a) = c.anchored.filter(|a| {
                        a.granularity == crate::Granularity::Quarter && c.rule == "quarter"
                    }) {
                        state.last_quarter =
                            Some((i32::from(a.start.year()), value::quarter_of(a.start)));
                    }
                    if let Some(a) = c.anchored.filter(|a| {
                        a.granularity == crate::Granularity::Day
                            && matches!(c.kind, TimexType::Date | TimexType::Time)
                            && !c.value.ends_with("WE")
                    }) {
                        let day = Some((a.start, c.value.ends_with("TNI")));
                        state.last_day = day;
                        state.said = said_day(text, start);
                        if !state.said {
                            state.told_day = day;
                        }
                    }
                    out.push(Timex {
                        span: Span::new(start, end),
                        kind: c.kind,
                        value: c.value,
                        anchored: c.anchored,
                        rule: c.rule,
                    });
                    i = c.end;
                }
                _ => i += 1,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwatch_text::DocumentMeta;

    fn doc(text: &str, dct: Option<&str>) -> Document {
        let meta = DocumentMeta {
            published: dct.and_then(|d| d.parse().ok()),
            ..DocumentMeta::default()
        };
        Document::new(meta, text)
    }

    /// The first-pass filter must lose nothing: tagging with and without it agrees on the
    /// case file and on word salad drawn from every lexicon and modifier.
    #[test]
    fn the_start_filter_changes_nothing() {
        let lex = lexicon();
        let mut vocab: Vec<String> = lex.flags.keys().map(|w| w.to_string()).collect();
        vocab.extend(lex.flags.keys().map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }));
        vocab.extend(lex.weekdays.keys().map(|w| format!("{w}s")));
        vocab.extend(lex.future.iter().map(|w| w.to_string()));
        vocab.extend(lex.parts_of_day.keys().map(|w| w.to_string()));
        for w in [
            "28",
            "1999",
            "10:30",
            "a.m.",
            "p.m.",
            ".",
            ",",
            "'90s",
            "1990s",
            "ago",
            "earlier",
            "later",
            "from",
            "of",
            "in",
            "on",
            "-",
            "year-earlier",
            "third-quarter",
            "11/28/2019",
            "2019-11-28",
            "half",
            "said",
            "since",
            "block",
            "%",
            "$",
            "o'clock",
            "EST",
        ] {
            vocab.push(w.to_string());
        }
        vocab.sort();
        let mut texts: Vec<String> = include_str!("../tests/cases.txt")
            .lines()
            .filter_map(|l| l.strip_prefix("> "))
            .map(str::to_string)
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut words = Vec::new();
            for _ in 0..8 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let k = (seed >> 33) as usize % vocab.len();
                words.push(vocab[k].as_str());
            }
            texts.push(words.join(" "));
        }
        for text in &texts {
            for dct in [Some("2019-11-29"), None] {
                let d = doc(text, dct);
                let fast = tag_with(&d, true);
                let slow = tag_with(&d, false);
                assert_eq!(fast, slow, "{text:?} (dct {dct:?})");
            }
        }
    }
}
