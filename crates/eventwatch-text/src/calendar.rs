//! English month and weekday names, full and abbreviated, lower case: the closed classes
//! that the time tagger, the place recogniser (never places) and the scorers share.

/// The twelve months, full names, in calendar order.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month abbreviations news uses ("Jan.", "Sept.").
pub const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// The seven weekdays, full names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Weekday abbreviations ("Tues.", "Thurs.").
pub const WEEKDAY_ABBREVIATIONS: &[&str] = &[
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Every month and weekday word above, full and abbreviated.
pub fn words() -> impl Iterator<Item = &'static str> {
    MONTH_NAMES
        .iter()
        .chain(MONTH_ABBREVIATIONS)
        .chain(WEEKDAY_NAMES.iter())
        .chain(WEEKDAY_ABBREVIATIONS)
        .copied()
}

/// The month number (1–12) of a full name or a three-letter abbreviation, any case.
pub fn month_number(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    let lower = if lower == "sept" {
        "sep"
    } else {
        lower.as_str()
    };
    MONTH_NAMES
        .iter()
        .position(|m| *m == lower || (lower.len() == 3 && m.starts_with(lower)))
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// Whether the word "May" (as written) is the month, not the modal verb: capitalised, with
/// a day or a year next to it ("on 14 May", "May 6", "May 2015") or a preposition of time
/// before it ("in May", "since May", "mid-May"). `prev` and `next` are the words around
/// it as written.
pub fn month_may(prev: Option<&str>, word: &str, next: Option<&str>) -> bool {
    let number = |w: Option<&str>| {
        w.is_some_and(|w| {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ',');
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
        })
    };
    let before_month = prev.is_some_and(|p| {
        matches!(
            p.to_ascii_lowercase().as_str(),
            "in" | "on"
                | "of"
                | "since"
                | "until"
                | "till"
                | "by"
                | "from"
                | "early"
                | "mid"
                | "mid-"
                | "late"
                | "last"
                | "this"
                | "next"
                | "during"
        )
    });
    (word == "May" || word == "MAY") && (number(prev) || number(next) || before_month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_the_month_and_may_the_verb() {
        assert!(month_may(Some("14"), "May", Some("police")));
        assert!(month_may(Some("On"), "May", Some("6")));
        assert!(month_may(Some("in"), "May", Some(",")));
        assert!(month_may(Some("Hawkers"), "May", Some("2015")));
        assert!(!month_may(Some("protesters"), "may", Some("march")));
        assert!(!month_may(None, "May", Some("God")));
    }

    #[test]
    fn months_by_name_and_abbreviation() {
        assert_eq!(month_number("January"), Some(1));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("dec"), Some(12));
        assert_eq!(month_number("Decem"), None);
        assert_eq!(month_number("monday"), None);
        assert_eq!(words().count(), 12 + 12 + 7 + 10);
    }
}
