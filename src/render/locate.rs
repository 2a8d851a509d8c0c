//! Byte spans -> 1-based lines and columns, for every renderer.

use std::collections::HashMap;
use std::path::Path;

use crate::model::Span;
use crate::render::CheckResult;
use crate::text::{Encoding, LineIndex};

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Where a span starts and ends (the end is exclusive: the position just after the last char).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Range {
    pub start: Pos,
    pub end: Pos,
}

/// Line indexes of every source of a [`CheckResult`], built once.
pub(crate) struct Locator<'a> {
    sources: HashMap<&'a Path, (&'a str, LineIndex)>,
}

impl<'a> Locator<'a> {
    pub fn new(result: &'a CheckResult) -> Self {
        let sources = result
            .sources
            .iter()
            .map(|(path, text)| (path.as_path(), (text.as_str(), LineIndex::new(text))))
            .collect();
        Locator { sources }
    }

    /// The text of `path` and its line index, when the result carries it.
    pub fn source(&self, path: &Path) -> Option<(&'a str, &LineIndex)> {
        self.sources.get(path).map(|(text, index)| (*text, index))
    }

    /// Where `span` of `path` is, columns counted in `enc` units; `None` without the text.
    pub fn range(&self, path: &Path, span: Span, enc: Encoding) -> Option<Range> {
        let (text, index) = self.source(path)?;
        let span = clamp(text, span);
        let pos = |offset| {
            let lc = index.line_col(text, offset, enc);
            Pos { line: lc.line + 1, column: lc.col + 1 }
        };
        Some(Range { start: pos(span.start), end: pos(span.end) })
    }
}

/// `span` made safe for `text`: inside it, after a byte order mark, `start <= end`, both on
/// char boundaries.
pub(crate) fn clamp(text: &str, span: Span) -> Span {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let floor = |mut at: usize| {
        at = at.clamp(bom, text.len().max(bom));
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = floor(span.start);
    Span::new(start, floor(span.end).max(start))
}

/// `n` with thousands separators: `9990` -> `9,990`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture;

    #[test]
    fn ranges_count_chars_or_utf16_units_after_multibyte_text() {
        let result = fixture::result();
        let loc = Locator::new(&result);
        let path = Path::new(fixture::TRAIN);
        let text = &result.sources[path];
        let span = fixture::find(text, "dgo", 0);
        assert_eq!(&text[span.start..span.end], "dgo");
        // line 2 is `imgs/🐱café.jpg,dgo`: 15 chars (16 UTF-16 units) before `dgo`.
        let chars = loc.range(path, span, Encoding::Utf32).unwrap();
        assert_eq!(chars.start, Pos { line: 2, column: 16 });
        assert_eq!(chars.end, Pos { line: 2, column: 19 });
        let utf16 = loc.range(path, span, Encoding::Utf16).unwrap();
        assert_eq!(utf16.start, Pos { line: 2, column: 17 });
        assert_eq!(utf16.end, Pos { line: 2, column: 20 });
        assert!(loc.range(Path::new("missing.csv"), span, Encoding::Utf16).is_none());
    }

    #[test]
    fn clamp_keeps_spans_inside_the_text_and_on_char_boundaries() {
        let text = "é,x";
        assert_eq!(clamp(text, Span::new(1, 99)), Span::new(0, 4));
        assert_eq!(clamp(text, Span::new(3, 1)), Span::new(3, 3));
        assert_eq!(clamp("", Span::new(5, 9)), Span::new(0, 0));
        assert_eq!(clamp("\u{feff}cat", Span::new(0, 0)), Span::new(3, 3), "after the BOM");
        assert_eq!(clamp("\u{feff}cat", Span::new(1, 5)), Span::new(3, 5));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(9990), "9,990");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
