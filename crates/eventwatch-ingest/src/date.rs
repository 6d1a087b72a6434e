//! Publication dates: `YYYY-MM-DD`, RFC 3339 / ISO 8601 date-times and RFC 2822.

use jiff::civil::Date;

/// Reads a publication date as the calendar date written in the string (the local date
/// at the stated offset, not converted to UTC): `2019-11-29`, `2019-11-29T23:10:00-05:00`,
/// `2019-11-29 10:00:00`, `Fri, 29 Nov 2019 10:00:00 GMT`. `None` when unreadable.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if let Ok(pieces) = jiff::fmt::temporal::Pieces::parse(s) {
        return Some(pieces.date());
    }
    static RFC2822: jiff::fmt::rfc2822::DateTimeParser =
        jiff::fmt::rfc2822::DateTimeParser::new().relaxed_weekday(true);
    if let Ok(zdt) = RFC2822.parse_zoned_datetime(s) {
        return Some(zdt.date());
    }
    // A leading ISO date followed by a time in some non-standard form
    // ("2019-11-29T10:00:00.000+0000 UTC", "2019-11-29 at 10am").
    let head = s.get(..10)?;
    let rest = s.get(10..)?;
    if rest.starts_with(['T', 't', ' ']) {
        if let Ok(pieces) = jiff::fmt::temporal::Pieces::parse(head) {
            return Some(pieces.date());
        }
    }
    None
}

/// The message for an unreadable date in a named place (`field "published"`).
pub fn bad_date_message(place: &str, found: &str) -> String {
    format!(
        "{place}: expected a date like 2019-11-29, found {:?}",
        crate::clean::truncate(found, 80)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn reads_the_common_forms() {
        let cases = [
            ("2019-11-29", Some(date(2019, 11, 29))),
            ("2019-11-29T23:10:00-05:00", Some(date(2019, 11, 29))),
            ("2019-11-29T23:10:00Z", Some(date(2019, 11, 29))),
            ("2019-11-29T23:10:00.123456+00:00", Some(date(2019, 11, 29))),
            ("2019-11-29 10:00:00", Some(date(2019, 11, 29))),
            ("2019-11-29T10:00:00.000+0000", Some(date(2019, 11, 29))),
            ("Fri, 29 Nov 2019 10:00:00 GMT", Some(date(2019, 11, 29))),
            ("Fri, 29 Nov 2019 10:00:00 +0100", Some(date(2019, 11, 29))),
            ("Mon, 29 Nov 2019 10:00:00 +0000", Some(date(2019, 11, 29))),
            ("29 Nov 2019 10:00:00 EST", Some(date(2019, 11, 29))),
            ("yesterday", None),
            ("2019-13-01", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), want, "input {input:?}");
        }
    }
}
