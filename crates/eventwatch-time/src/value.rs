//! Calendar arithmetic and TIMEX3 value strings for anchored periods.

use jiff::civil::Date;

use crate::{Anchored, Granularity};

pub(crate) fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

pub(crate) fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_months(n).ok()?).ok()
}

pub(crate) fn ymd(y: i32, m: i8, d: i8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m, d).ok()
}

/// ISO weekday number, Monday = 1.
pub(crate) fn weekday_num(d: Date) -> i8 {
    d.weekday().to_monday_one_offset()
}

/// The `wd` weekday on or before `d` (`strict`: before).
pub(crate) fn weekday_before(d: Date, wd: i8, strict: bool) -> Option<Date> {
    let mut back = i64::from((weekday_num(d) - wd).rem_euclid(7));
    if strict && back == 0 {
        back = 7;
    }
    add_days(d, -back)
}

/// The `wd` weekday on or after `d` (`strict`: after).
pub(crate) fn weekday_after(d: Date, wd: i8, strict: bool) -> Option<Date> {
    let mut fwd = i64::from((wd - weekday_num(d)).rem_euclid(7));
    if strict && fwd == 0 {
        fwd = 7;
    }
    add_days(d, fwd)
}

/// The day a named day falls on in year `y`.
pub(crate) fn holiday(y: i32, rule: crate::lexicon::Holiday) -> Option<Date> {
    use crate::lexicon::Holiday;
    match rule {
        Holiday::Fixed(m, d) => ymd(y, m, d),
        Holiday::Nth(m, wd, n) => {
            let first = weekday_after(ymd(y, m, 1)?, wd, false)?;
            add_days(first, 7 * i64::from(n - 1)).filter(|d| d.month() == m)
        }
        Holiday::Last(m, wd) => {
            let next = add_months(ymd(y, m, 1)?, 1)?;
            weekday_before(next, wd, true)
        }
        Holiday::Easter(offset) => add_days(easter(y)?, i64::from(offset)),
    }
}

/// Western Easter Sunday (the anonymous Gregorian computus).
fn easter(y: i32) -> Option<Date> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(y, i8::try_from(month).ok()?, i8::try_from(day).ok()?)
}

pub(crate) fn quarter_of(d: Date) -> i8 {
    (d.month() - 1) / 3 + 1
}

/// A value with its anchored period.
pub(crate) type Val = (String, Option<Anchored>);

fn anchored(start: Date, granularity: Granularity) -> Option<Anchored> {
    Some(Anchored { start, granularity })
}

pub(crate) fn day(d: Date) -> Val {
    (
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        anchored(d, Granularity::Day),
    )
}

pub(crate) fn day_with_part(d: Date, part: &str) -> Val {
    let (v, a) = day(d);
    (format!("{v}T{part}"), a)
}

pub(crate) fn month(y: i32, m: i8) -> Val {
    (
        format!("{y:04}-{m:02}"),
        ymd(y, m, 1).and_then(|s| anchored(s, Granularity::Month)),
    )
}

pub(crate) fn year(y: i32) -> Val {
    (
        format!("{y:04}"),
        ymd(y, 1, 1).and_then(|s| anchored(s, Granularity::Year)),
    )
}

pub(crate) fn week(d: Date) -> Val {
    let w = d.iso_week_date();
    let monday = add_days(d, -i64::from(weekday_num(d) - 1));
    (
        format!("{:04}-W{:02}", w.year(), w.week()),
        monday.and_then(|s| anchored(s, Granularity::Week)),
    )
}

pub(crate) fn weekend(d: Date) -> Val {
    let w = d.iso_week_date();
    let saturday = add_days(d, i64::from(6 - weekday_num(d)));
    (
        format!("{:04}-W{:02}-WE", w.year(), w.week()),
        saturday.and_then(|s| anchored(s, Granularity::Day)),
    )
}

pub(crate) fn quarter(y: i32, q: i8) -> Val {
    (
        format!("{y:04}-Q{q}"),
        ymd(y, (q - 1) * 3 + 1, 1).and_then(|s| anchored(s, Granularity::Quarter)),
    )
}

pub(crate) fn season(y: i32, code: &str, first_month: i8) -> Val {
    (
        format!("{y:04}-{code}"),
        ymd(y, first_month, 1).and_then(|s| anchored(s, Granularity::Season)),
    )
}

pub(crate) fn decade(y: i32) -> Val {
    let d = y.div_euclid(10);
    (
        format!("{d:03}"),
        ymd(d * 10, 1, 1).and_then(|s| anchored(s, Granularity::Decade)),
    )
}

/// A duration value: `n` units of `code` (see `data/units.tsv`), `None` for a vague amount.
pub(crate) fn duration(n: Option<u32>, code: &str) -> String {
    let (clock, letter, mult) = match code {
        "S" => (true, "S", 1),
        "TM" => (true, "M", 1),
        "H" => (true, "H", 1),
        "D" => (false, "D", 1),
        "W" => (false, "W", 1),
        "M" => (false, "M", 1),
        "Q" => (false, "Q", 1),
        "DE" => (false, "Y", 10),
        "CE" => (false, "Y", 100),
        _ => (false, "Y", 1),
    };
    let amount = match n {
        Some(n) => n.saturating_mul(mult).to_string(),
        None => "X".to_string(),
    };
    if clock {
        format!("PT{amount}{letter}")
    } else {
        format!("P{amount}{letter}")
    }
}

/// `d` moved back (negative `n`) or forward by `n` units of `code`, at that unit's granularity.
pub(crate) fn shifted(d: Date, n: i64, code: &str) -> Option<Val> {
    Some(match code {
        "D" => day(add_days(d, n)?),
        "W" => week(add_days(d, n.checked_mul(7)?)?),
        "M" => {
            let m = add_months(d, n)?;
            month(i32::from(m.year()), m.month())
        }
        "Q" => {
            let m = add_months(d, n.checked_mul(3)?)?;
            quarter(i32::from(m.year()), quarter_of(m))
        }
        "Y" => year(i32::from(d.year()).checked_add(i32::try_from(n).ok()?)?),
        "DE" => decade(i32::from(d.year()).checked_add(i32::try_from(n.checked_mul(10)?).ok()?)?),
        "H" | "TM" | "S" => day(d),
        _ => return None,
    })
}
