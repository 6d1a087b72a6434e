//! Ages a report gives for the people of an incident ("a 26-year-old man", "Jane Doe, 35,",
//! "aged 17"): cheap, and two reports of one shooting usually give the same ones, while
//! two shootings in one city within a week rarely do.

/// An age found in a text, with its byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoundAge {
    pub start: usize,
    pub age: u8,
}

/// The number of one or two digits that ends at byte `end` of `text` (not part of a longer
/// number), with its start.
fn number_before(text: &[u8], end: usize) -> Option<(usize, u8)> {
    let mut start = end;
    while start > 0 && text[start - 1].is_ascii_digit() && end - start < 3 {
        start -= 1;
    }
    let len = end - start;
    if !(1..=2).contains(&len) || (start > 0 && text[start - 1].is_ascii_digit()) {
        return None;
    }
    let n: u8 = std::str::from_utf8(&text[start..end]).ok()?.parse().ok()?;
    (n > 0).then_some((start, n))
}

/// The number of one or two digits that starts at byte `start`, followed by no digit.
fn number_after(text: &[u8], start: usize) -> Option<u8> {
    let mut end = start;
    while end < text.len() && text[end].is_ascii_digit() && end - start < 3 {
        end += 1;
    }
    let len = end - start;
    if !(1..=2).contains(&len) {
        return None;
    }
    std::str::from_utf8(&text[start..end]).ok()?.parse().ok()
}

/// Every age the text gives: `N-year-old` / `N year old` / `N years old`, `aged N`, and
/// `Name, N,` (a capitalised word, a comma, one or two digits, a comma).
pub fn ages(text: &str) -> Vec<FoundAge> {
    let b = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let lb = lower.as_bytes();
    let mut out = Vec::new();
    for pat in ["-year-old", " year old", " years old", "-year old"] {
        for (i, _) in lower.match_indices(pat) {
            if let Some((start, age)) = number_before(lb, i) {
                out.push(FoundAge { start, age });
            }
        }
    }
    for pat in ["aged ", "age "] {
        for (i, _) in lower.match_indices(pat) {
            let word_start = i == 0 || !lb[i - 1].is_ascii_alphabetic();
            if let (true, Some(age)) = (word_start, number_after(lb, i + pat.len())) {
                out.push(FoundAge { start: i, age });
            }
        }
    }
    // "Jane Doe, 35, was": the comma-delimited age after a capitalised word.
    for (i, _) in text.match_indices(", ") {
        let Some(age) = number_after(b, i + 2) else {
            continue;
        };
        let digits = if age >= 10 { 2 } else { 1 };
        let after = i + 2 + digits;
        if b.get(after) != Some(&b',') {
            continue;
        }
        let before = text.get(..i).unwrap_or("");
        let word = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphanumeric() && c != '\'' && c != '.')
            .map_or(before, |(j, c)| {
                before.get(j + c.len_utf8()..).unwrap_or("")
            });
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        if capitalised && (12..=99).contains(&age) {
            out.push(FoundAge { start: i, age });
        }
    }
    out.sort_by_key(|a| a.start);
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn just(text: &str) -> Vec<u8> {
        ages(text).into_iter().map(|a| a.age).collect()
    }

    #[test]
    fn ages_in_the_usual_phrasings() {
        assert_eq!(just("A 26-year-old man was shot."), [26]);
        assert_eq!(just("the boy, 9 years old, and a man aged 41"), [9, 41]);
        assert_eq!(just("Police said Jane Doe, 35, died."), [35]);
        assert_eq!(just("a 7 year old girl"), [7]);
        assert_eq!(just("the victim’s brother, José Núñez, 19, said"), [19]);
    }

    #[test]
    fn other_numbers_are_no_ages() {
        // A date, a count, a three-digit number, a street number.
        assert!(just("On March 3, 2016, 12 people were hurt").is_empty());
        assert!(just("a 100-year-old building").is_empty());
        assert!(just("shot at 1, 2, and 3 Main St").is_empty());
        assert!(just("stage 4 of the race, the page 12").is_empty());
    }
}
