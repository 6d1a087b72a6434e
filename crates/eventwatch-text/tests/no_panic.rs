//! Property tests: segmentation never panics, spans stay in bounds and tile the text.

use eventwatch_text::segment::{dateline, sentences, tokens};
use eventwatch_text::{Document, DocumentMeta, Span};
use proptest::prelude::*;

fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("U.S. ".to_string()),
        Just("Gen. ".to_string()),
        Just("Sept. 11 ".to_string()),
        Just("\"Quote.\" ".to_string()),
        Just("BAGHDAD (Reuters) - ".to_string()),
        Just("\n\n".to_string()),
        Just("é…".to_string()),
        Just("1,200.5 ".to_string()),
        "[A-Za-z .!?'\"\\-\n]{0,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn sentences_tile_the_text(text in newsy()) {
        let spans = sentences(&text);
        let mut at = 0u32;
        for s in &spans {
            prop_assert_eq!(s.start, at);
            prop_assert!(s.end > s.start);
            prop_assert!(text.is_char_boundary(s.end as usize));
            at = s.end;
        }
        prop_assert_eq!(at as usize, if spans.is_empty() { 0 } else { text.len() });
        let joined: String = spans.iter().map(|s| &text[s.range()]).collect();
        if !spans.is_empty() {
            prop_assert_eq!(joined, text.clone());
        }
    }

    #[test]
    fn tokens_are_in_bounds_and_ordered(text in newsy()) {
        let toks = tokens(&text, Span::new(0, text.len()));
        let mut last = 0u32;
        for t in toks {
            prop_assert!(t.span.start >= last && t.span.end > t.span.start);
            prop_assert!(text.is_char_boundary(t.span.start as usize));
            prop_assert!(text.is_char_boundary(t.span.end as usize));
            prop_assert!(text[last as usize..t.span.start as usize].trim().is_empty());
            last = t.span.end;
        }
    }

    #[test]
    fn dateline_and_document_never_panic(text in newsy()) {
        if let Some(d) = dateline(&text) {
            prop_assert!(d.span.end as usize <= text.len());
        }
        let doc = Document::new(DocumentMeta::default(), text.clone());
        let n = doc.text().chars().count() as u32;
        prop_assert_eq!(doc.char_offset(doc.text().len() as u32), n);
    }
}
