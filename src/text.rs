//! Line index: byte offsets <-> (line, column) in UTF-8 bytes, UTF-16 code units or chars.
//!
//! Lines end where the Language Server Protocol says they do: at `\n`, `\r\n` or a lone `\r`
//! (the line ending is not part of the line's content). The server's open documents (a rope
//! with `cr_lines`) count lines the same way, so a position means one offset both ways.
//! A UTF-8 byte order mark is not part of the first line's content either: editors hide it, so
//! columns on the first line count from after it.

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// Start offsets of every line of a text.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// Length of a leading byte order mark (0 or 3).
    bom: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(count_newlines(text) + 1);
        starts.push(0);
        starts.extend(line_breaks(text.as_bytes()).map(|i| i + 1));
        let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        LineIndex { starts, len: text.len(), bom }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The line containing `offset` (offsets past the end clamp to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Where a line's content starts (after the byte order mark on the first line).
    pub fn line_start(&self, line: usize) -> usize {
        match line {
            0 => self.bom,
            _ => self.starts.get(line).copied().unwrap_or(self.len),
        }
    }

    /// Byte range of a line's content, without its line ending.
    pub fn line_span(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.line_start(line);
        let mut end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end.max(start))
    }

    /// Line and column of a byte offset, the column counted in `enc` units.
    pub fn line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let prefix = text.get(self.line_start(line).min(offset)..offset).unwrap_or("");
        let col = match enc {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
            Encoding::Utf32 => prefix.chars().count(),
        };
        LineCol { line, col }
    }

    /// Byte offset of a line and column; columns past the line's end clamp to it.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        if pos.line >= self.starts.len() {
            return self.len;
        }
        let (start, end) = self.line_span(text, pos.line);
        let line = &text[start..end];
        let mut units = 0;
        for (i, ch) in line.char_indices() {
            if units >= pos.col {
                return start + i;
            }
            units += match enc {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
                Encoding::Utf32 => 1,
            };
        }
        end
    }
}

/// The number of `\n` in `text` (to size a vector of lines before reading them).
pub fn count_newlines(text: &str) -> usize {
    memchr::memchr_iter(b'\n', text.as_bytes()).count()
}

/// The last byte of every line ending: each `\n`, and each `\r` not followed by `\n`.
fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(move |&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_in_every_encoding() {
        let text = "a,b\r\n😀é,x\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x, Encoding::Utf8), LineCol { line: 1, col: 7 });
        assert_eq!(idx.line_col(text, x, Encoding::Utf16), LineCol { line: 1, col: 4 });
        assert_eq!(idx.line_col(text, x, Encoding::Utf32), LineCol { line: 1, col: 3 });
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let lc = idx.line_col(text, x, enc);
            assert_eq!(idx.offset(text, lc, enc), x);
        }
        assert_eq!(idx.line_span(text, 0), (0, 3));
        assert_eq!(idx.line_of(text.len()), 2);
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{feff}cat\ndog\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 3, Encoding::Utf16), LineCol { line: 0, col: 0 });
        assert_eq!(idx.line_col(text, 4, Encoding::Utf8), LineCol { line: 0, col: 1 });
        assert_eq!(idx.line_col(text, 0, Encoding::Utf8), LineCol { line: 0, col: 0 });
        assert_eq!(idx.offset(text, LineCol { line: 0, col: 0 }, Encoding::Utf16), 3);
        assert_eq!(idx.line_span(text, 0), (3, 6));
        assert_eq!(idx.line_start(1), 7);
        assert_eq!(idx.line_of(0), 0);
    }

    /// Found by the `documents` fuzz target: the server sent (1, 1) for the offset after a lone
    /// `\r`, which its own document sync (and the protocol) reads as (2, 0).
    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a\r\nb\rc\n\r";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 5);
        assert_eq!(idx.line_col(text, 5, Encoding::Utf16), LineCol { line: 2, col: 0 });
        assert_eq!(idx.line_span(text, 1), (3, 4));
        assert_eq!(idx.line_span(text, 3), (7, 7));
        assert_eq!(idx.offset(text, LineCol { line: 2, col: 9 }, Encoding::Utf8), 6);
        // A `\r` that ends the text ends a line: the offset after it round trips.
        let text = "ab\r";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 3, Encoding::Utf16), LineCol { line: 1, col: 0 });
        assert_eq!(idx.offset(text, LineCol { line: 1, col: 0 }, Encoding::Utf16), 3);
        assert_eq!(idx.offset(text, LineCol { line: 0, col: 3 }, Encoding::Utf16), 2);
    }

    #[test]
    fn offsets_clamp_instead_of_panicking() {
        let text = "ab\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16), 2);
        assert_eq!(idx.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf8), 3);
        assert_eq!(idx.line_col(text, 99, Encoding::Utf8), LineCol { line: 1, col: 0 });
    }
}

/// Property tests: on texts of every line ending, BOM, combining marks and astral chars, in
/// every encoding, offset -> line/column -> offset round trips (except where no position can
/// name an offset: inside a CRLF, inside the BOM), line/column grows with the offset, and any
/// line/column (even past the end) maps to a char boundary.
#[cfg(test)]
mod proptests {
    use proptest::prelude::*;

    use super::*;

    const PIECES: &[&str] =
        &["a", ",", "é", "e\u{301}", "😀", "猫", "\n", "\r\n", "\r", "\t", "\u{feff}", "\u{2028}"];

    fn config() -> ProptestConfig {
        ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn offsets_round_trip_in_every_encoding(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..32),
            enc in proptest::sample::select(&[Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][..]),
            probes in proptest::collection::vec((0..12usize, 0..40usize), 0..8),
        ) {
            let text = pieces.concat();
            let index = LineIndex::new(&text);
            let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
            let b = text.as_bytes();
            let mut last = LineCol { line: 0, col: 0 };
            for (o, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let lc = index.line_col(&text, o, enc);
                prop_assert!(lc >= last, "{o}: {lc:?} < {last:?}");
                last = lc;
                let in_crlf = o > 0 && b[o - 1] == b'\r' && b.get(o) == Some(&b'\n');
                if o >= bom && !in_crlf {
                    prop_assert_eq!(index.offset(&text, lc, enc), o, "via {:?}", lc);
                }
            }
            for (line, col) in probes {
                let o = index.offset(&text, LineCol { line, col }, enc);
                prop_assert!(o <= text.len() && text.is_char_boundary(o));
            }
        }
    }
}
