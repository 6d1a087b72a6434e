//! Calendar days as integers (days since 1970-01-01) and the day ranges that dates cover.

use eventwatch_schema::DatePrecision;

/// Days since 1970-01-01 (proleptic Gregorian), negative before.
pub type Day = i32;

/// Parses `YYYY-MM-DD` (extra characters after the day, as in `2016-07-28T10:00`, are ignored).
pub fn parse(s: &str) -> Option<Day> {
    let s = s.trim();
    let mut it = s.splitn(3, '-');
    let y: i32 = it.next()?.trim().parse().ok()?;
    let m: u32 = it.next()?.trim().parse().ok()?;
    let rest = it.next()?;
    let d: u32 = rest.get(..2).unwrap_or(rest).trim().parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || !(-9999..=9999).contains(&y) {
        return None;
    }
    Some(from_civil(y, m, d))
}

/// `YYYY-MM-DD` of a day number.
pub fn format(day: Day) -> String {
    let (y, m, d) = to_civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`.
fn from_civil(y: i32, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`.
fn to_civil(z: Day) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The days a date can stand for, inclusive: one day, a week, a month. `None` for a year
/// or an unknown date: too vague to tie two reports together.
pub fn range(date: &str, precision: DatePrecision) -> Option<(Day, Day)> {
    let start = parse(date)?;
    match precision {
        DatePrecision::Day => Some((start, start)),
        DatePrecision::Week => Some((start, start + 6)),
        DatePrecision::Month => {
            let (y, m, _) = to_civil(start);
            Some((start, start + days_in_month(y, m) as i32 - 1))
        }
        DatePrecision::Year | DatePrecision::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_ranges() {
        for s in [
            "1970-01-01",
            "2016-02-29",
            "2019-11-28",
            "1900-03-01",
            "2400-12-31",
        ] {
            let d = parse(s).unwrap();
            assert_eq!(format(d), s);
        }
        assert_eq!(parse("1970-01-02"), Some(1));
        assert_eq!(parse("2019-02-29"), None);
        assert_eq!(parse("yesterday"), None);
        let (a, b) = range("2016-02-01", DatePrecision::Month).unwrap();
        assert_eq!(b - a, 28);
        assert_eq!(range("2016-02-01", DatePrecision::Year), None);
    }
}
