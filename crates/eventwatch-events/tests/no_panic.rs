//! Property test: the whole pipeline never panics, and every span it reports slices the
//! document text (by characters) to the text it claims.

use eventwatch_events::{Options, Pipeline};
use eventwatch_text::{Document, DocumentMeta};
use proptest::prelude::*;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(&Options { country_hint: None }).expect("lexicons load"))
}

fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Police shot dead 3 protesters in Baghdad on Friday. ".to_string()),
        Just("At least twenty-nine people were killed and dozens injured. ".to_string()),
        Just("Another 12 died in Najaf, bringing the toll to 45. ".to_string()),
        Just("KABUL (Reuters) - ".to_string()),
        Just("Iranian consulate stormed; Tehran-backed U.S.-based ".to_string()),
        Just("on Thursday, last night, 11/28/2019, for three days ".to_string()),
        Just("\n\n".to_string()),
        Just("é…’“”".to_string()),
        "[A-Za-z0-9 .,!?'\"\\-\n]{0,16}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

fn check_span(chars: &[char], start: u32, end: u32, text: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        start <= end && (end as usize) <= chars.len(),
        "span {start}..{end} out of bounds"
    );
    let slice: String = chars[start as usize..end as usize].iter().collect();
    prop_assert_eq!(slice.as_str(), text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn extract_never_panics_and_spans_slice_the_text(text in newsy(), dated in any::<bool>()) {
        let meta = DocumentMeta {
            id: "p".into(),
            published: dated.then(|| jiff::civil::date(2019, 11, 29)),
            ..DocumentMeta::default()
        };
        let doc = Document::new(meta, text);
        let x = pipeline().extract(&doc);
        let chars: Vec<char> = doc.text().chars().collect();
        for e in &x.events {
            prop_assert!(eventwatch_schema::acled_event_type_of(&e.sub_event_type) == Some(e.event_type.as_str()));
            prop_assert!(eventwatch_schema::PLOVER_TYPES.contains(&e.plover_type.as_str()));
            for ev in &e.evidence {
                check_span(&chars, ev.start, ev.end, &ev.text)?;
            }
        }
        for p in &x.places {
            check_span(&chars, p.start, p.end, &p.text)?;
        }
        for t in &x.times {
            check_span(&chars, t.start, t.end, &t.text)?;
        }
    }
}
