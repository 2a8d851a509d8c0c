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
                    // The string follows the rope by splicing (a copy), not by rebuilding it.
                    self.text = self.text.take().and_then(|t| {
                        let (before, after) = (t.get(..old.start)?, t.get(old.end..)?);
                        let mut spliced =
                            String::with_capacity(t.len() - old.len() + change.text.len());
                        spliced.push_str(before);
                        spliced.push_str(&change.text);
                        spliced.push_str(after);
                        Some(spliced.into())
                    });
                    edits.push(ByteEdit { old, new_len: change.text.len() });
                }
                None => {
                    let old = Span::new(0, self.rope.len_bytes());
                    self.rope = Rope::from_str(&change.text);
                    self.text = Some(change.text.as_str().into());
                    edits.push(ByteEdit { old, new_len: change.text.len() });
                }
            }
        }
        self.version = version;
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

/// Property tests: random edit sequences against a plain `String` edited by the protocol's
/// definition of positions (the LSP harness checks the whole server on seeded sequences; these
/// check the document alone, with shrinking, on what editors rarely send: lone CRs, positions
/// past a line's end or inside a character, full replacements, all three encodings).
#[cfg(test)]
mod proptests {
    use proptest::prelude::*;
    use tower_lsp_server::ls_types::Range;

    use super::*;
    use crate::server::convert::Lines;
    use crate::text::LineIndex;

    const PIECES: &[&str] =
        &["a", "Z", ",", "é", "e\u{301}", "😀", "猫", "\n", "\r\n", "\r", "\t", " ", "x.png,cat\n"];

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..24).prop_map(|v| v.concat())
    }

    fn encoding() -> impl Strategy<Value = Encoding> {
        proptest::sample::select(&[Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][..])
    }

    /// One change: `None` replaces the whole text.
    fn change() -> impl Strategy<Value = (Option<(u32, u32, u32, u32)>, String)> {
        (proptest::option::weighted(0.9, (0..6u32, 0..14u32, 0..3u32, 0..14u32)), text())
    }

    /// (start, end) of each line's content: lines end at `\n`, `\r\n` or `\r`.
    fn lsp_lines(text: &str) -> Vec<(usize, usize)> {
        let (b, mut lines, mut start, mut i) = (text.as_bytes(), Vec::new(), 0, 0);
        while i < b.len() {
            if b[i] == b'\n' || b[i] == b'\r' {
                lines.push((start, i));
                if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            i += 1;
        }
        lines.push((start, b.len()));
        lines
    }

    fn units(ch: char, enc: Encoding) -> usize {
        match enc {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }

    /// What a position means: past the last line, the end; past a line's content, its end;
    /// inside a character, that character's start.
    fn offset(text: &str, line: u32, col: u32, enc: Encoding) -> usize {
        let Some(&(start, end)) = lsp_lines(text).get(line as usize) else { return text.len() };
        let mut seen = 0;
        for (i, ch) in text[start..end].char_indices() {
            seen += units(ch, enc);
            if seen > col as usize {
                return start + i;
            }
        }
        end
    }

    fn config() -> ProptestConfig {
        ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn edits_match_a_string_edited_by_the_protocol(
            initial in text(),
            changes in proptest::collection::vec(change(), 1..8),
            enc in encoding(),
        ) {
            let mut model = initial.clone();
            let mut doc = Document::new(&initial, 1, "csv".into());
            for (n, (range, insert)) in changes.into_iter().enumerate() {
                let range = range.map(|(l1, c1, dl, c2)| {
                    Range::new(Position::new(l1, c1), Position::new(l1 + dl, c2))
                });
                let event = TextDocumentContentChangeEvent {
                    range,
                    range_length: None,
                    text: insert.clone(),
                };
                let edits = doc.apply(&[event], n as i32 + 2, enc);
                let old = match range {
                    None => Span::new(0, model.len()),
                    Some(r) => {
                        let start = offset(&model, r.start.line, r.start.character, enc);
                        let end = offset(&model, r.end.line, r.end.character, enc).max(start);
                        Span::new(start, end)
                    }
                };
                model.replace_range(old.start..old.end, &insert);
                prop_assert_eq!(edits, vec![ByteEdit { old, new_len: insert.len() }]);
                prop_assert_eq!(&*doc.text(), model.as_str());
            }
        }

        /// The positions the server sends (convert::Lines over LineIndex) name, when the client
        /// sends them back in an edit, the same offsets.
        #[test]
        fn positions_sent_and_received_agree(text in text(), enc in encoding()) {
            let doc = Document::new(&text, 1, "csv".into());
            let index = LineIndex::new(&text);
            let lines = Lines { text: &text, index: &index, encoding: enc };
            let b = text.as_bytes();
            for (o, _) in text.char_indices().chain([(text.len(), ' ')]) {
                if o > 0 && b[o - 1] == b'\r' && b.get(o) == Some(&b'\n') {
                    continue; // inside a CRLF: no position names it
                }
                let pos = lines.position(o);
                prop_assert_eq!(doc.rope.char_to_byte(doc.char_at(pos, enc)), o, "{:?}", pos);
                prop_assert_eq!(offset(&text, pos.line, pos.character, enc), o);
                prop_assert_eq!(lines.offset(pos), o);
            }
        }
    }
}
