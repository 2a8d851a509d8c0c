//! Position conversion on its own (`text::LineIndex`, `server::convert::Lines`) in every
//! encoding: offset -> line/column -> offset round trips (except inside a `\r\n` and inside a
//! leading byte order mark, which no position can name), line/column grows with the offset, lines end as the protocol says (`\n`, `\r\n`, `\r`),
//! any line/column (even past the end) maps to a char boundary in the text, and spans map to
//! ranges and back.
//!
//! Input: an encoding byte, then the text; offsets to probe are every char boundary of short
//! texts and a sample of long ones.
#![no_main]

use conceptlint::model::Span;
use conceptlint::server::convert::Lines;
use conceptlint::text::{LineCol, LineIndex};
use conceptlint_fuzz::{encoding, floor, lsp_lines, lsp_position, selector, text};
use libfuzzer_sys::fuzz_target;
use tower_lsp_server::ls_types::{Position, Range};

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector(data);
    let text = text(rest);
    let enc = encoding(sel);
    let index = LineIndex::new(&text);
    let lsp = lsp_lines(&text);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let step = (text.len() / 256).max(1);
    let mut offsets: Vec<usize> = (0..=text.len()).step_by(step).map(|o| floor(&text, o)).collect();
    offsets.push(text.len());
    offsets.dedup();
    let bytes = text.as_bytes();
    let mut last = LineCol { line: 0, col: 0 };
    for &o in &offsets {
        let lc = index.line_col(&text, o, enc);
        assert!(
            lc >= last,
            "line/column of {o} ({lc:?}) is before that of an earlier offset ({last:?})"
        );
        last = lc;
        let in_crlf = o > 0 && bytes[o - 1] == b'\r' && bytes.get(o) == Some(&b'\n');
        if o >= bom && !in_crlf {
            assert_eq!(index.offset(&text, lc, enc), o, "round trip of {o} via {lc:?}");
        }
        if !in_crlf {
            assert_eq!(lc.line, lsp_position(&text, &lsp, o, enc).0, "line of {o}");
        }
    }
    // Any position names a char boundary in the text.
    for (i, pair) in rest.chunks(2).take(16).enumerate() {
        let pos = LineCol {
            line: pair[0] as usize % (index.line_count() + 2),
            col: pair.get(1).copied().unwrap_or(0) as usize * (i + 1),
        };
        let o = index.offset(&text, pos, enc);
        assert!(o <= text.len() && text.is_char_boundary(o), "{pos:?} -> {o}");
    }
    // Spans -> ranges -> spans.
    let lines = Lines { text: &text, index: &index, encoding: enc };
    for w in offsets.windows(2) {
        let ok = |o: usize| {
            o >= bom && !(o > 0 && bytes[o - 1] == b'\r' && bytes.get(o) == Some(&b'\n'))
        };
        if ok(w[0]) && ok(w[1]) {
            let span = Span::new(w[0], w[1]);
            let range = lines.range(span);
            assert_eq!(lines.span(range), span, "{span:?} via {range:?}");
        }
    }
    let reversed = Range::new(Position::new(1, 0), Position::new(0, 0));
    let s = lines.span(reversed);
    assert!(s.start <= s.end && s.end <= text.len());
});
