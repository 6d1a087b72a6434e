//! Lookup keys: the one normalisation shared by the gazetteer generator and the geoparser.
//!
//! `normalize("al-Nāsirīya")` → `"nasiriya"`: case-folded, Latin diacritics and Arabic
//! vowel marks removed, apostrophes and periods dropped, hyphens and slashes turned into
//! spaces, and a leading Arabic article (`al-`, `Al `, `el-`, `ad-`, `an-`, ...; `ال`)
//! removed when more follows.

/// Arabic-transliteration articles stripped from the front of a name.
const ARTICLES: &[&str] = &[
    "al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "az", "ath", "aj",
];

/// The lookup key of a name (empty when nothing letter-like remains).
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.chars() {
        if matches!(
            c,
            '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '´' | '.'
        ) {
            // Dropped without a break: "Shi'ite" → "shiite", "U.S." → "us", "Karbalāʼ".
            continue;
        }
        if c.is_alphanumeric() {
            if let Some(folded) = fold_char(c) {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push_str(folded);
                continue;
            }
            if is_arabic_mark(c) {
                continue;
            }
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            let c = fold_arabic(c);
            for l in c.to_lowercase() {
                out.push(l);
            }
        } else if is_arabic_mark(c) {
            // Vowel marks and tatweel carry no letter.
        } else {
            pending_space = true;
        }
    }
    strip_article(out)
}

fn strip_article(s: String) -> String {
    if let Some((first, rest)) = s.split_once(' ') {
        if ARTICLES.contains(&first) && !rest.is_empty() {
            return rest.to_string();
        }
    }
    if let Some(rest) = s.strip_prefix("ال") {
        if rest.chars().count() >= 2 {
            return rest.to_string();
        }
    }
    s
}

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}')
}

fn fold_arabic(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        'ک' => 'ك',
        'ی' => 'ي',
        _ => c,
    }
}

/// Latin letters with diacritics (and a few ligatures) folded to ASCII, lower-cased.
fn fold_char(c: char) -> Option<&'static str> {
    if c.is_ascii_alphanumeric() {
        return Some(ASCII_LOWER.get(c as usize).copied().unwrap_or(""));
    }
    let s = match c {
        'À'..='Å'
        | 'à'..='å'
        | 'Ā'
        | 'ā'
        | 'Ă'
        | 'ă'
        | 'Ą'
        | 'ą'
        | 'Ǎ'
        | 'ǎ'
        | 'Ạ'
        | 'ạ'
        | 'Ả'
        | 'ả'
        | 'Ấ'
        | 'ấ'
        | 'Ầ'
        | 'ầ'
        | 'Ậ'
        | 'ậ'
        | 'Ắ'
        | 'ắ'
        | 'Ằ'
        | 'ằ' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ð' | 'ð' | 'Ď' | 'ď' | 'Đ' | 'đ' | 'Ḍ' | 'ḍ' | 'Ḏ' | 'ḏ' => "d",
        'Ḃ' | 'ḃ' | 'Ḅ' | 'ḅ' | 'Ḇ' | 'ḇ' => "b",
        'È'..='Ë'
        | 'è'..='ë'
        | 'Ē'
        | 'ē'
        | 'Ĕ'
        | 'ĕ'
        | 'Ė'
        | 'ė'
        | 'Ę'
        | 'ę'
        | 'Ě'
        | 'ě'
        | 'Ẹ'
        | 'ẹ'
        | 'Ẽ'
        | 'ẽ'
        | 'Ế'
        | 'ế'
        | 'Ề'
        | 'ề'
        | 'Ệ'
        | 'ệ'
        | 'Ə'
        | 'ə' => "e",
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' | 'Ǧ' | 'ǧ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' | 'Ḥ' | 'ḥ' | 'Ḩ' | 'ḩ' | 'Ḫ' | 'ḫ' | 'ẖ' => "h",
        'Ì'..='Ï'
        | 'ì'..='ï'
        | 'Ĩ'
        | 'ĩ'
        | 'Ī'
        | 'ī'
        | 'Ĭ'
        | 'ĭ'
        | 'Į'
        | 'į'
        | 'İ'
        | 'ı'
        | 'Ǐ'
        | 'ǐ'
        | 'Ị'
        | 'ị' => "i",
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' | 'Ḳ' | 'ḳ' | 'Ḵ' | 'ḵ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' | 'Ḷ' | 'ḷ' | 'Ḻ' | 'ḻ' => {
            "l"
        }
        'Ṁ' | 'ṁ' | 'Ṃ' | 'ṃ' => "m",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' | 'Ṅ' | 'ṅ' | 'Ṇ' | 'ṇ' | 'Ṉ' | 'ṉ' => {
            "n"
        }
        'Ò'..='Ö'
        | 'Ø'
        | 'ò'..='ö'
        | 'ø'
        | 'Ō'
        | 'ō'
        | 'Ŏ'
        | 'ŏ'
        | 'Ő'
        | 'ő'
        | 'Ǒ'
        | 'ǒ'
        | 'Ọ'
        | 'ọ'
        | 'Ố'
        | 'ố'
        | 'Ồ'
        | 'ồ'
        | 'Ộ'
        | 'ộ'
        | 'Ơ'
        | 'ơ' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' | 'Ṛ' | 'ṛ' | 'Ṟ' | 'ṟ' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' | 'Ș' | 'ș' | 'Ṣ' | 'ṣ' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' | 'Ț' | 'ț' | 'Ṭ' | 'ṭ' | 'Ṯ' | 'ṯ' | 'ẗ' => {
            "t"
        }
        'Þ' | 'þ' => "th",
        'Ù'..='Ü'
        | 'ù'..='ü'
        | 'Ũ'
        | 'ũ'
        | 'Ū'
        | 'ū'
        | 'Ŭ'
        | 'ŭ'
        | 'Ů'
        | 'ů'
        | 'Ű'
        | 'ű'
        | 'Ų'
        | 'ų'
        | 'Ǔ'
        | 'ǔ'
        | 'Ụ'
        | 'ụ'
        | 'Ư'
        | 'ư' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' | 'Ŷ' | 'ŷ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' | 'Ẓ' | 'ẓ' | 'Ẕ' | 'ẕ' => "z",
        _ => return None,
    };
    Some(s)
}

const ASCII_LOWER: [&str; 128] = {
    let mut t = [""; 128];
    let digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let letters = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = digits[i];
        i += 1;
    }
    let mut i = 0;
    while i < 26 {
        t[b'a' as usize + i] = letters[i];
        t[b'A' as usize + i] = letters[i];
        i += 1;
    }
    t
};

/// Persian/Arabic ezafe particles written as a word of their own ("Pul-e Alam").
const EZAFE: &[&str] = &["e", "i", "ye", "yi"];
/// Name endings that romanisations write joined or apart ("Lashkargah", "Lashkar Gah").
const JOINABLE: &[&str] = &["abad", "gah", "kot", "kowt", "khel", "zai", "pur", "shahr"];

/// Romanisation variants of a lookup key that news text uses for names from Persian,
/// Pashto and Arabic: the ezafe as `e`, `i`, joined (`puli alam`) or dropped (`mahmud
/// raqi`); a known ending joined or apart (`lashkargah`, `dawlat abad`); `kot`/`kowt`.
/// The key itself is not among them. Deterministic (sorted, no duplicates).
pub fn romanisation_variants(key: &str) -> Vec<String> {
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out = std::collections::BTreeSet::new();
    if words.len() >= 3 && words.iter().all(|w| w.is_ascii()) {
        let inner = |w: &&str| EZAFE.contains(w);
        let last = words.len() - 1;
        if words
            .iter()
            .enumerate()
            .any(|(i, w)| i > 0 && i < last && inner(w))
        {
            // Every ezafe in the name written the same way.
            for style in ["e", "i", "joined i", "joined e", "dropped"] {
                let mut v: Vec<String> = Vec::new();
                for (i, w) in words.iter().enumerate() {
                    let middle = i > 0 && i + 1 < words.len();
                    if !(middle && inner(w)) {
                        v.push((*w).to_string());
                        continue;
                    }
                    match style {
                        "e" | "i" => v.push(style.to_string()),
                        "dropped" => {}
                        _ => {
                            let tail = style.trim_start_matches("joined ");
                            if let Some(prev) = v.last_mut() {
                                prev.push_str(tail);
                            }
                        }
                    }
                }
                out.insert(v.join(" "));
            }
        }
    }
    let mut endings = Vec::new();
    for v in std::iter::once(key.to_string()).chain(out.iter().cloned()) {
        endings.extend(ending_variants(&v));
    }
    out.extend(endings);
    out.remove(key);
    out.into_iter().filter(|v| v.len() >= 4).collect()
}

/// Word endings that Pashto and Dari names take in different English romanisations
/// ("Zharey", "Zhari"; "Barakzai", "Barakzayi"; "Nawah", "Nawa").
const PASHTO_ENDINGS: &[(&str, &str)] = &[
    ("ey", "i"),
    ("ay", "ai"),
    ("ai", "ay"),
    ("ai", "ayi"),
    ("ah", "a"),
];

/// Variants of a key from Afghanistan or Pakistan whose words end the other way
/// ([`PASHTO_ENDINGS`]), in every combination over its words. The key itself is not
/// among them. Deterministic (sorted, no duplicates).
pub fn pashto_variants(key: &str) -> Vec<String> {
    if !key.is_ascii() {
        return Vec::new();
    }
    let mut out: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    out.insert(key.to_string());
    for (i, word) in key.split(' ').enumerate() {
        if word.len() < 4 {
            continue;
        }
        let alts: Vec<String> = PASHTO_ENDINGS
            .iter()
            .filter_map(|(a, b)| word.strip_suffix(a).map(|stem| format!("{stem}{b}")))
            .collect();
        let current: Vec<String> = out.iter().cloned().collect();
        for k in current {
            let words: Vec<&str> = k.split(' ').collect();
            for alt in &alts {
                let mut w: Vec<&str> = words.clone();
                if let Some(slot) = w.get_mut(i) {
                    *slot = alt;
                }
                out.insert(w.join(" "));
            }
        }
    }
    out.remove(key);
    out.into_iter().collect()
}

/// `lashkar gah` ↔ `lashkargah`, and `kot` ↔ `kowt`, for the last word of a key.
fn ending_variants(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !key.is_ascii() {
        return out;
    }
    let (head, last) = match key.rsplit_once(' ') {
        Some((h, l)) => (Some(h), l),
        None => (None, key),
    };
    let mut lasts = vec![last.to_string()];
    for (a, b) in [("kowt", "kot"), ("kot", "kowt")] {
        if let Some(stem) = last.strip_suffix(a) {
            lasts.push(format!("{stem}{b}"));
        }
    }
    for l in &lasts {
        let prefix = head.map_or(String::new(), |h| format!("{h} "));
        out.push(format!("{prefix}{l}"));
        // A known ending apart: "lashkar gah" → "lashkargah".
        if let Some(h) = head {
            if JOINABLE.contains(&l.as_str()) {
                if let Some((hh, hl)) = h.rsplit_once(' ') {
                    out.push(format!("{hh} {hl}{l}"));
                } else {
                    out.push(format!("{h}{l}"));
                }
            }
        }
        // A known ending joined: "dawlatabad" → "dawlat abad".
        for end in JOINABLE {
            if let Some(stem) = l.strip_suffix(end) {
                if stem.len() >= 3 && !stem.ends_with(' ') {
                    out.push(format!("{prefix}{stem} {end}"));
                }
            }
        }
    }
    out
}

/// A loose spelling key for romanised Persian, Pashto and Arabic names: words joined,
/// `kh`/`q` as `k`, `gh` as `g`, `v` as `w`, an `h` after a vowel dropped, the vowels (and
/// `y`) dropped and doubled letters single ("Dawlat Yar" and "Dowlatyar" → `dwltr`,
/// "Sayyad" and "Sayad" → `sd`, "Chahar Bolak" and "Charbolak" → `chrblk`). Many names share
/// a skeleton: use it only among a handful of candidates (the districts of one province).
pub fn skeleton(key: &str) -> String {
    let chars: Vec<char> = key.chars().filter(|c| c.is_alphabetic()).collect();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let mapped = match (c, next) {
            ('k', Some('h')) | ('g', Some('h')) => {
                i += 1;
                c
            }
            ('q', _) => 'k',
            ('v', _) => 'w',
            ('h', _) if i > 0 && vowel(chars[i - 1]) => {
                i += 1;
                continue;
            }
            _ => c,
        };
        i += 1;
        if vowel(mapped) || out.ends_with(mapped) {
            continue;
        }
        out.push(mapped);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{normalize, skeleton};

    #[test]
    fn folds_case_diacritics_articles_and_joiners() {
        let cases = [
            ("al-Nāsirīya", "nasiriya"),
            ("An Nasiriya", "nasiriya"),
            ("Al Najaf", "najaf"),
            ("U.S.", "us"),
            ("Shi'ite", "shiite"),
            ("Kerbalā", "kerbala"),
            ("Karbalāʼ", "karbala"),
            ("São Paulo", "sao paulo"),
            ("Winston-Salem", "winston salem"),
            // Letters with a line or dot below (GeoNames' Pashto romanisations).
            ("Shāh Walī Kōṯ", "shah wali kot"),
            ("Zhaṟêy", "zharey"),
            ("Khūgyāṉī", "khugyani"),
            ("Ḵẖāṇḇaḻ", "khanbal"),
            ("الناصرية", "ناصريه"),
            ("Al", "al"),
            ("  ", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "normalize({input:?})");
        }
    }

    #[test]
    fn pashto_variants_swap_word_endings() {
        use super::pashto_variants;
        assert!(pashto_variants("zharey").contains(&"zhari".to_string()));
        let v = pashto_variants("nawah e barakzai");
        assert!(v.contains(&"nawa e barakzayi".to_string()), "{v:?}");
        assert!(!v.contains(&"nawah e barakzai".to_string()));
        assert!(pashto_variants("kabul").is_empty());
        assert!(pashto_variants("ṭay").is_empty());
    }

    #[test]
    fn romanisation_variants_cover_ezafe_and_endings() {
        use super::romanisation_variants;
        let v = romanisation_variants("pul e alam");
        for want in ["pul i alam", "puli alam", "pule alam", "pul alam"] {
            assert!(v.iter().any(|x| x == want), "{want}: {v:?}");
        }
        let v = romanisation_variants("lashkar gah");
        assert!(v.iter().any(|x| x == "lashkargah"), "{v:?}");
        let v = romanisation_variants("dowlatabad");
        assert!(v.iter().any(|x| x == "dowlat abad"), "{v:?}");
        let v = romanisation_variants("tarinkot");
        for want in ["tarin kot", "tarin kowt", "tarinkowt"] {
            assert!(v.iter().any(|x| x == want), "{want}: {v:?}");
        }
        assert!(romanisation_variants("baghdad").is_empty());
        assert!(!romanisation_variants("e alam").iter().any(|x| x == "alam"));
    }

    #[test]
    fn skeletons_join_spelling_variants_of_one_name() {
        let sk = |s: &str| skeleton(&normalize(s));
        assert_eq!(sk("Dawlat Yar"), sk("Dowlatyār"));
        assert_eq!(sk("Sayyad"), sk("Şayād"));
        assert_eq!(sk("Washir"), sk("Wāshēr"));
        assert_eq!(sk("Chahār Bōlak"), sk("Charbolak"));
        assert_eq!(sk("Khash Rod"), sk("Kash Rōd"));
        assert_eq!(sk("Nawa-e Barakzayi"), sk("Nāwah-ye Bārakzaī"));
        assert_ne!(sk("Kandahar"), sk("Kunduz"));
        assert_ne!(sk("Shindand"), sk("Shinwar"));
    }
}
