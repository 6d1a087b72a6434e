//! [`Document`]: the immutable text and its metadata.

use jiff::civil::Date;

use crate::segment;
use crate::Span;

/// What we know about a document besides its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentMeta {
    /// Stable identifier: given by the input, or derived from the content hash.
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The outlet or feed name ("Wikinews", "Reuters").
    pub source: Option<String>,
    /// Publication date: the anchor for relative dates ("on Thursday").
    pub published: Option<Date>,
    /// BCP 47 language tag when known ("en").
    pub language: Option<String>,
}

/// A cleaned document text that never changes, plus its metadata and sentence spans.
#[derive(Clone, Debug)]
pub struct Document {
    pub meta: DocumentMeta,
    text: Box<str>,
    sentences: Vec<Span>,
    /// Byte offset of every char, only when the text is not ASCII (then byte == char offset).
    char_starts: Option<Vec<u32>>,
}

impl Document {
    /// Builds a document and segments it into sentences.
    ///
    /// Texts longer than `u32::MAX` bytes are cut at the last char boundary below it; the
    /// ingest layer rejects such records long before this point.
    pub fn new(meta: DocumentMeta, text: impl Into<String>) -> Document {
        let mut text: String = text.into();
        if text.len() > u32::MAX as usize {
            let mut cut = u32::MAX as usize;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        let sentences = segment::sentences(&text);
        let char_starts = if text.is_ascii() {
            None
        } else {
            Some(text.char_indices().map(|(i, _)| i as u32).collect())
        };
        Document {
            meta,
            text: text.into_boxed_str(),
            sentences,
            char_starts,
        }
    }

    pub fn id(&self) -> &str {
        &self.meta.id
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn published(&self) -> Option<Date> {
        self.meta.published
    }

    /// The text under a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Sentence spans: they tile the text exactly (see [`segment::sentences`]).
    pub fn sentences(&self) -> &[Span] {
        &self.sentences
    }

    /// Index of the sentence that contains byte `offset` (the last one for the end).
    pub fn sentence_index(&self, offset: u32) -> usize {
        match self.sentences.binary_search_by(|s| {
            if s.end <= offset {
                std::cmp::Ordering::Less
            } else if s.start > offset {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            Err(i) => i.min(self.sentences.len().saturating_sub(1)),
        }
    }

    /// Converts a byte offset to a character (Unicode scalar value) offset.
    pub fn char_offset(&self, byte: u32) -> u32 {
        match &self.char_starts {
            None => byte,
            Some(starts) => match starts.binary_search(&byte) {
                Ok(i) => i as u32,
                Err(i) => i as u32,
            },
        }
    }

    /// A span as `(start, end)` character offsets, the form the output contract uses.
    pub fn char_span(&self, span: Span) -> (u32, u32) {
        (self.char_offset(span.start), self.char_offset(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalar_values() {
        let doc = Document::new(DocumentMeta::default(), "Café in Kerbalā. Done.");
        let start = doc.text().find("Kerbal").unwrap();
        let end = start + "Kerbalā".len();
        assert_eq!(doc.char_span(Span::new(start, end)), (8, 15));
        let chars: Vec<char> = doc.text().chars().collect();
        let s: String = chars[8..15].iter().collect();
        assert_eq!(s, "Kerbalā");
    }

    #[test]
    fn sentence_index_finds_the_containing_sentence() {
        let doc = Document::new(DocumentMeta::default(), "One. Two. Three.");
        assert_eq!(doc.sentences().len(), 3);
        assert_eq!(doc.sentence_index(0), 0);
        assert_eq!(doc.sentence_index(6), 1);
        assert_eq!(doc.sentence_index(16), 2);
    }
}
