//! Open documents: their text (a rope, edited in place), version and latest parse.
//!
//! Invariant: after every `didChange`, `Document::text()` equals the client's text of that
//! version (tested with randomized edit sequences in the LSP harness).

use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

use crate::model::Span;
use crate::text::Encoding;

/// One edit in byte offsets of the text before it: `old` was replaced by `new_len` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteEdit {
    pub old: Span,
    pub new_len: usize,
}

#[derive(Debug)]
pub struct Document {
    pub version: i32,
    /// A number of the server's generation counter taken when it was opened: versions start
    /// again when a document is reopened, (opened, version) does not.
    pub opened: u64,
    pub language_id: String,
    rope: Rope,
    /// The text as one string, rebuilt lazily after edits.
    text: Option<Arc<str>>,
}

impl Document {
    pub fn new(text: &str, version: i32, language_id: String) -> Self {
        Document {
            version,
            opened: 0,
            language_id,
            rope: Rope::from_str(text),
            text: Some(text.into()),
        }
    }

    pub fn text(&mut self) -> Arc<str> {
        if self.text.is_none() {
            self.text = Some(self.rope.to_string().into());
        }
        self.text.clone().unwrap_or_else(|| Arc::from(""))
    }

    /// Applies the changes of one `didChange` in order; returns them as byte edits, each in
    /// offsets of the text it applied to.
    pub fn apply(
        &mut self,
        changes: &[TextDocumentContentChangeEvent],
        version: i32,
        encoding: Encoding,
    ) -> Vec<ByteEdit> {
        let mut edits = Vec::with_capacity(changes.len());
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = self.char_at(range.start, encoding);
                    let end = self.char_at(range.end, encoding).max(start);
                    let old = Span::new(self.rope.char_to_byte(start), self.rope.char_to_byte(end));
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                    edits.push(ByteEdit { old, new_len: change.text.len() });
                }
                None => {
                    let old = Span::new(0, self.rope.len_bytes());
                    self.rope = Rope::from_str(&change.text);
                    edits.push(ByteEdit { old, new_len: change.text.len() });
                }
            }
        }
        self.version = version;
        self.text = None;
        edits
    }

    /// The char index of a position; positions past a line's end clamp to it, past the last
    /// line to the end of the text.
    fn char_at(&self, pos: Position, encoding: Encoding) -> usize {
        let rope = &self.rope;
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let line_start = rope.line_to_char(line);
        let line_slice = rope.line(line);
        let mut content = line_slice.len_chars();
        // The line's content ends before its line break.
        while content > 0 && matches!(line_slice.char(content - 1), '\n' | '\r') {
            content -= 1;
        }
        let col = pos.character as usize;
        let within = match encoding {
            Encoding::Utf8 => {
                let bytes = line_slice.slice(..content).len_bytes().min(col);
                line_slice.byte_to_char(bytes)
            }
            Encoding::Utf16 => {
                let units = line_slice.slice(..content).len_utf16_cu().min(col);
                line_slice.utf16_cu_to_char(units)
            }
            Encoding::Utf32 => col.min(content),
        };
        line_start + within.min(content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn change(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn edits_in_every_encoding() {
        let mut doc = Document::new("a,😀x\r\nb,y\n", 1, "csv".into());
        // After the emoji: UTF-8 col 6, UTF-16 col 4, UTF-32 col 3.
        for (enc, col) in [(Encoding::Utf8, 6), (Encoding::Utf16, 4), (Encoding::Utf32, 3)] {
            let mut d = Document::new("a,😀x\r\nb,y\n", 1, "csv".into());
            let edits = d.apply(&[change(0, col, 0, col + 1, "Z")], 2, enc);
            assert_eq!(&*d.text(), "a,😀Z\r\nb,y\n", "{enc:?}");
            assert_eq!(edits, vec![ByteEdit { old: Span::new(6, 7), new_len: 1 }]);
        }
        doc.apply(&[change(0, 99, 1, 0, "")], 2, Encoding::Utf16);
        assert_eq!(&*doc.text(), "a,😀xb,y\n", "past the line end clamps to before CRLF");
        doc.apply(&[change(9, 0, 9, 0, "!")], 3, Encoding::Utf16);
        assert_eq!(&*doc.text(), "a,😀xb,y\n!");
        assert_eq!(doc.version, 3);
    }

    #[test]
    fn full_replacement_and_sequences() {
        let mut doc = Document::new("x", 1, "csv".into());
        let full = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "ab\ncd".into(),
        };
        doc.apply(&[full, change(1, 1, 1, 1, "Q"), change(0, 0, 0, 1, "")], 2, Encoding::Utf8);
        assert_eq!(&*doc.text(), "b\ncQd");
    }
}
