//! [`Quantity`]: how many, read from digits, number words and vague amounts, with qualifiers.

use eventwatch_text::segment::{self, Token, TokenKind};
use eventwatch_text::{calendar, Document, Span};

use crate::lexicon::{lexicon, Cue, Lexicon, NumRole, PhraseMap, Qual, NUMBER_BIT};

/// A count as written, with the conservative reading ACLED would code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// The words of the count, qualifiers included ("at least 29", "dozens", "a").
    pub span: Span,
    /// The figure to report (ACLED: the most conservative reported figure).
    pub best: u32,
    pub min: Option<u32>,
    pub max: Option<u32>,
    /// True for amounts without a figure ("dozens", "several").
    pub vague: bool,
    /// True when the count adds to an earlier one ("another 12", "two more").
    pub increment: bool,
    /// Which rule read it (`digits`, `words`, `amount`, `article`, `implicit`, `negated`, ...).
    pub rule: &'static str,
}

impl Quantity {
    pub(crate) fn exact(span: Span, n: u32, rule: &'static str) -> Quantity {
        Quantity {
            span,
            best: n,
            min: Some(n),
            max: Some(n),
            vague: false,
            increment: false,
            rule,
        }
    }
}

/// One sentence, tokenised, with lowercase word texts.
pub(crate) struct Sent<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    pub words: Vec<&'a str>,
    /// Per word, the lexicon tables that have a phrase starting with it.
    masks: Vec<u32>,
}

impl<'a> Sent<'a> {
    /// `lower` must be `text.to_ascii_lowercase()` (same byte offsets).
    pub(crate) fn new(text: &'a str, lower: &'a str, span: Span) -> Sent<'a> {
        let toks = segment::tokens(text, span);
        let words = toks
            .iter()
            .map(|t| lower.get(t.span.range()).unwrap_or(""))
            .collect::<Vec<&str>>();
        let lex = lexicon();
        let masks = words
            .iter()
            .map(|w| {
                let m = lex.first_words.get(w).copied().unwrap_or(0);
                // "twenty-five": a number by its first part.
                match w.split_once('-') {
                    Some((first, _)) if m & NUMBER_BIT == 0 && !first.is_empty() => {
                        m | (lex.first_words.get(first).copied().unwrap_or(0) & NUMBER_BIT)
                    }
                    _ => m,
                }
            })
            .collect();
        Sent {
            text,
            toks,
            words,
            masks,
        }
    }

    /// The longest phrase of `map` starting at word `i`, skipping the lookup when no phrase
    /// of that table starts with the word.
    pub(crate) fn at<'m, T>(&self, map: &'m PhraseMap<T>, i: usize) -> Option<(usize, &'m T)> {
        if self.masks.get(i).is_some_and(|m| m & map.bit != 0) {
            map.at(&self.words, i)
        } else {
            None
        }
    }

    /// The lexicon bits of word `i` (see [`Lexicon::first_words`]); 0 past the end.
    pub(crate) fn mask(&self, i: usize) -> u32 {
        self.masks.get(i).copied().unwrap_or(0)
    }

    pub(crate) fn word(&self, i: usize) -> &'a str {
        self.words.get(i).copied().unwrap_or("")
    }

    pub(crate) fn span(&self, from: usize, to_exclusive: usize) -> Span {
        match (
            self.toks.get(from),
            to_exclusive.checked_sub(1).and_then(|j| self.toks.get(j)),
        ) {
            (Some(a), Some(b)) if b.span.end >= a.span.start => {
                Span::new(a.span.start as usize, b.span.end as usize)
            }
            (Some(a), _) => a.span,
            _ => Span::default(),
        }
    }

    /// The word as written (not lowercased).
    pub(crate) fn word_text(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.span.range()))
            .unwrap_or("")
    }

    pub(crate) fn is_capitalized(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.span.range()))
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    }

    pub(crate) fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }
}

/// Every quantity in the document, in text order.
pub fn quantities(doc: &Document) -> Vec<Quantity> {
    let lex = lexicon();
    let text = doc.text();
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for &sentence in doc.sentences() {
        let s = Sent::new(text, &lower, sentence);
        let mut i = 0;
        while i < s.toks.len() {
            match quantity_at(lex, &s, i) {
                Some((q, next)) => {
                    out.push(q);
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
    }
    out
}

/// Reads a number made of digits ("29", "1,200"), refusing times, dates, decimals and phones.
fn digits_value(w: &str) -> Option<u32> {
    if w.contains([':', '/', '.']) {
        return None;
    }
    let parts: Vec<&str> = w.split(',').collect();
    if parts.len() > 1 && parts.iter().skip(1).any(|p| p.len() != 3) {
        return None;
    }
    let joined: String = parts.concat();
    if joined.is_empty() || joined.len() > 9 || !joined.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    joined.parse().ok()
}

/// Number words from `i`: "forty-five", "twenty nine", "two hundred and twelve".
fn words_value(lex: &Lexicon, s: &Sent, i: usize) -> Option<(u32, usize)> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut j = i;
    let mut any = false;
    // "$20 million": a scale word alone is not a number ("a hundred" is read elsewhere).
    if !matches!(s.word(i.wrapping_sub(1)), "a" | "an")
        && lex
            .numbers
            .get(s.word(i))
            .is_some_and(|(_, r)| *r == NumRole::Scale)
    {
        return None;
    }
    loop {
        let w = s.word(j);
        let consumed = !w.is_empty() && w.split('-').all(|p| lex.numbers.contains_key(p));
        if consumed {
            for (v, role) in w.split('-').filter_map(|p| lex.numbers.get(p).copied()) {
                match role {
                    NumRole::Unit | NumRole::Tens => current += u64::from(v),
                    NumRole::Scale => {
                        current = current.max(1) * u64::from(v);
                        if v >= 1000 {
                            total += current;
                            current = 0;
                        }
                    }
                }
            }
        }
        if consumed {
            any = true;
            j += 1;
            continue;
        }
        // "two hundred and twelve"
        if any
            && w == "and"
            && lex.numbers.contains_key(s.word(j + 1))
            && matches!(s.word(j.saturating_sub(1)), "hundred" | "thousand")
        {
            j += 1;
            continue;
        }
        break;
    }
    if !any {
        return None;
    }
    u32::try_from(total + current).ok().map(|v| (v, j))
}

/// A bare figure at `i` (no qualifiers): value, end index, rule, vague amount if any.
fn core_at(
    lex: &Lexicon,
    s: &Sent,
    i: usize,
) -> Option<(u32, usize, &'static str, Option<crate::lexicon::Amount>)> {
    let w = s.word(i);
    if let Some(found) = fraction_at(lex, s, i) {
        return Some(found);
    }
    if s.kind(i) == Some(TokenKind::Number) {
        let v = digits_value(w)?;
        // "3 million", "5 thousand"
        if let Some(&(scale, NumRole::Scale)) = lex.numbers.get(s.word(i + 1)) {
            return Some((v.saturating_mul(scale), i + 2, "digits", None));
        }
        return Some((v, i + 1, "digits", None));
    }
    if let Some((n, amount)) = s.at(&lex.amounts, i) {
        let mut end = i + n;
        if s.word(end) == "of" {
            end += 1;
        }
        return Some((amount.best, end, "amount", Some(*amount)));
    }
    words_value(lex, s, i).map(|(v, end)| (v, end, "words", None))
}

/// A fraction of a number: "a quarter of a million" (250,000), "half a million", "a third
/// of the 300", "three quarters of a million".
fn fraction_at(
    lex: &Lexicon,
    s: &Sent,
    i: usize,
) -> Option<(u32, usize, &'static str, Option<crate::lexicon::Amount>)> {
    let (num, den, mut j) = match (s.word(i), s.word(i + 1), s.word(i + 2)) {
        ("a" | "one", "quarter", "of") => (1, 4, i + 3),
        ("a" | "one", "third", "of") => (1, 3, i + 3),
        ("three", "quarters", "of") => (3, 4, i + 3),
        ("two", "thirds", "of") => (2, 3, i + 3),
        ("half", "of", _) => (1, 2, i + 2),
        ("half", "a" | "an", _) => (1, 2, i + 1),
        _ => return None,
    };
    if matches!(s.word(j), "a" | "an" | "the") {
        j += 1;
    }
    let (whole, end) = match lex.numbers.get(s.word(j)) {
        Some(&(scale, NumRole::Scale)) => (scale, j + 1),
        _ => {
            let (v, end, rule, _) = core_at(lex, s, j)?;
            if rule == "amount" {
                return None;
            }
            (v, end)
        }
    };
    let value = u64::from(whole) * num / den;
    Some((
        u32::try_from(value).unwrap_or(u32::MAX),
        end,
        "fraction",
        None,
    ))
}

/// A bare figure at `i` as a coder writes it ("coded as 3", "(4)"): no qualifiers and no
/// check that it counts people.
pub(crate) fn figure_at(lex: &Lexicon, s: &Sent, i: usize) -> Option<(Quantity, usize)> {
    let (value, end, rule, _) = core_at(lex, s, i)?;
    (rule != "amount").then(|| (Quantity::exact(s.span(i, end), value, rule), end))
}

/// True when a person noun (or an age such as "17-year-old") follows within a few modifiers.
pub(crate) fn person_follows(lex: &Lexicon, s: &Sent, i: usize) -> bool {
    for j in i..i + 4 {
        let w = s.word(j);
        if w.is_empty() {
            return false;
        }
        if s.at(&lex.victims, j).is_some() || is_age(w) {
            return true;
        }
        if !is_modifier(lex, s, j) {
            return false;
        }
    }
    false
}

pub(crate) fn is_age(w: &str) -> bool {
    w.contains("year-old") || w.contains("month-old") || w.contains("years-old")
}

/// A word that can sit between a count and its noun ("unidentified", "black", "young").
pub(crate) fn is_modifier(lex: &Lexicon, s: &Sent, j: usize) -> bool {
    let w = s.word(j);
    s.kind(j) == Some(TokenKind::Word)
        && !is_calendar_word(w)
        && s.at(&lex.passive, j).is_none()
        && s.at(&lex.active, j).is_none()
        && s.at(&lex.leave, j).is_none()
        && !lex.numbers.contains_key(w)
        && lex.cue(Cue::Aux, s, j).is_none()
        && lex.cue(Cue::Negation, s, j).is_none()
        && lex.cue(Cue::Modal, s, j).is_none()
        && !matches!(
            w,
            "and"
                | "or"
                | "of"
                | "in"
                | "on"
                | "at"
                | "by"
                | "with"
                | "from"
                | "for"
                | "to"
                | "the"
                | "a"
                | "an"
        )
        || is_age(w)
}

/// Reads a quantity starting at token `i`; returns it and the index after it.
pub(crate) fn quantity_at(lex: &Lexicon, s: &Sent, i: usize) -> Option<(Quantity, usize)> {
    // Most words start no quantity: only digits, number words, amounts ("dozens"),
    // qualifiers ("at least"), articles and "another", "between" do.
    if s.kind(i) != Some(TokenKind::Number)
        && s.mask(i) & (NUMBER_BIT | lex.amounts.bit | lex.pre_qualifiers.bit) == 0
        && !matches!(s.word(i), "a" | "an" | "one" | "another" | "between")
    {
        return None;
    }
    let start = i;
    let mut j = i;
    let mut increment = false;
    if let Some(n) = lex
        .cue(Cue::Increment, s, j)
        .filter(|_| matches!(s.word(j), "another" | "an"))
    {
        increment = true;
        j += n;
    }
    // "another man", "a second victim": one more person.
    if increment && core_at(lex, s, j).is_none() {
        // "seriously injured another": "another" stands for a person.
        // "one man was killed and another wounded", "another taken to a hospital".
        let next = s.word(j);
        let alone = s.word(start) == "another"
            && (matches!(
                next,
                "" | ","
                    | "."
                    | ";"
                    | "and"
                    | "who"
                    | "was"
                    | "is"
                    | "taken"
                    | "transported"
                    | "rushed"
                    | "airlifted"
                    | "hospitalized"
                    | "hospitalised"
            ) || s.at(&lex.passive, j).is_some()
                || (next.ends_with("ly") && s.at(&lex.passive, j + 1).is_some()));
        return (alone || person_follows(lex, s, j)).then(|| {
            let mut q = Quantity::exact(s.span(start, j), 1, "another");
            q.increment = true;
            (q, j)
        });
    }
    // "a hundred people", "a thousand"
    if matches!(s.word(j), "a" | "an")
        && lex
            .numbers
            .get(s.word(j + 1))
            .is_some_and(|(_, r)| *r == NumRole::Scale)
    {
        j += 1;
    }
    if matches!(s.word(j), "a" | "an" | "one") && !increment {
        let ordinal = matches!(s.word(j + 1), "second" | "third" | "fourth" | "fifth");
        let after = if ordinal { j + 2 } else { j + 1 };
        let amount_here = s.at(&lex.amounts, j).is_some();
        // "an estimated 2,000": the article belongs to the qualifier.
        let qualifier = s.at(&lex.pre_qualifiers, j + 1).is_some();
        if !amount_here && s.word(j) != "one" && !qualifier {
            return person_follows(lex, s, after).then(|| {
                let mut q = Quantity::exact(s.span(start, after), 1, "article");
                q.increment = ordinal;
                (q, after)
            });
        }
    }
    let mut qual = None;
    if let Some((n, q)) = s.at(&lex.pre_qualifiers, j) {
        if core_at(lex, s, j + n).is_some_and(|(_, _, rule, _)| rule != "amount") {
            qual = Some(*q);
            j += n;
        }
    }
    let between = s.word(j) == "between";
    if between {
        j += 1;
    }
    let (value, mut end, rule, amount) = core_at(lex, s, j)?;
    if s.kind(j) == Some(TokenKind::Number) && !counts_people(lex, s, j, end, value) {
        return None;
    }
    // "SIXTEEN YEAR OLD CHILD", "three days later": a number word before a unit of time.
    if s.kind(j) != Some(TokenKind::Number) && (is_age(s.word(end)) || time_unit(s.word(end))) {
        return None;
    }
    let mut q = Quantity::exact(Span::default(), value, rule);
    if let Some(a) = amount {
        q.min = a.min;
        q.max = a.max;
        q.vague = a.vague;
    }
    // Ranges: "10 to 15", "between 10 and 15", "10-15" (a single number token).
    if rule == "digits" && s.word(j).contains('-') {
        return None;
    }
    let joiner = s.word(end);
    if (joiner == "to" || joiner == "or" || (between && joiner == "and")) && amount.is_none() {
        if let Some((hi, hi_end, _, None)) = core_at(lex, s, end + 1) {
            if hi > value
                && (s.kind(end + 1) != Some(TokenKind::Number)
                    || counts_people(lex, s, end + 1, hi_end, hi))
            {
                q.max = Some(hi);
                q.rule = "range";
                end = hi_end;
            }
        }
    }
    match qual {
        Some(Qual::Min) => q.max = None,
        Some(Qual::More) => {
            q.min = Some(value.saturating_add(1));
            q.max = None;
        }
        Some(Qual::Max) => q.min = None,
        Some(Qual::Less) => {
            q.best = value.saturating_sub(1);
            q.max = Some(value.saturating_sub(1));
            q.min = None;
        }
        Some(Qual::Approx) => {
            q.min = None;
            q.max = None;
        }
        Some(Qual::Below) => {
            q.min = None;
            q.max = Some(value);
        }
        None => {}
    }
    if let Some((n, Qual::Min)) = s.at(&lex.post_qualifiers, end).map(|(n, q)| (n, *q)) {
        q.max = None;
        end += n;
    }
    if matches!(s.word(end), "more" | "additional") && !matches!(s.word(end + 1), "than") {
        q.increment = true;
        end += 1;
    }
    q.increment |= increment;
    q.span = s.span(start, end);
    Some((q, end))
}

/// False for numbers that are clearly not head counts: "5500 block", "$20", ages, years.
fn counts_people(lex: &Lexicon, s: &Sent, i: usize, end: usize, value: u32) -> bool {
    if s.at(&lex.not_after, end).is_some() || is_age(s.word(end)) {
        return false;
    }
    if i > 0 && s.at(&lex.not_before, i - 1).is_some() {
        return false;
    }
    // "Dec. 22": the period is a token of its own.
    if i > 1 && s.word(i - 1) == "." && s.at(&lex.not_before, i - 2).is_some() {
        return false;
    }
    // Ages in apposition: "Smith, 25, was" / "(25)".
    if i > 0
        && matches!(s.word(i - 1), "," | "(")
        && matches!(s.word(end), "," | ")" | "of" | "and")
    {
        return false;
    }
    // An age after a full name or a person noun, whatever follows: "Ginger Reeves, 64
    // were found dead", "kills man, 18", "ages 36 and 45" (not "In Baghdad, 4 people").
    if value <= 110 && i > 1 && s.word(i - 1) == "," {
        let name = i > 2 && s.is_capitalized(i - 2) && s.is_capitalized(i - 3);
        let person = s
            .at(&lex.victims, i - 2)
            .is_some_and(|(n, &(_, plural))| n == 1 && !plural);
        let victims_follow = s.at(&lex.victims, end).is_some();
        if (name || person) && !victims_follow {
            return false;
        }
    }
    if i > 0 && matches!(s.word(i - 1), "aged" | "ages" | "age") {
        return false;
    }
    if i > 2 && s.word(i - 1) == "and" && matches!(s.word(i - 3), "aged" | "ages") {
        return false;
    }
    // Years and street numbers.
    let raw = s.word(i);
    if (1800..=2100).contains(&value) && raw.len() == 4 {
        return false;
    }
    if value >= 100 && s.is_capitalized(end) && !is_calendar_word(s.word(end)) {
        return false;
    }
    true
}

/// A month's name or its abbreviation, lower case ("june", "jan.", "sept").
pub(crate) fn is_month(w: &str) -> bool {
    calendar::MONTH_NAMES.contains(&w)
        || calendar::MONTH_ABBREVIATIONS.contains(&w.trim_end_matches('.'))
}

/// A unit of time after a number: "three days", "two weeks".
fn time_unit(w: &str) -> bool {
    matches!(
        w,
        "year"
            | "years"
            | "month"
            | "months"
            | "week"
            | "weeks"
            | "day"
            | "days"
            | "hour"
            | "hours"
            | "minute"
            | "minutes"
    )
}

pub(crate) fn is_calendar_word(w: &str) -> bool {
    calendar::MONTH_NAMES.contains(&w) || calendar::WEEKDAY_NAMES.contains(&w)
}
