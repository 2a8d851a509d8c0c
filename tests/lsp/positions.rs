//! The client's side of positions, computed here independently of the server: lines end at
//! `\n`, `\r\n` or a lone `\r` (as the specification says); columns count UTF-8 bytes or UTF-16
//! code units, whichever was negotiated.

use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    fn width(self, c: char) -> usize {
        match self {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
        }
    }
}

/// Byte offsets where lines start.
pub fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for (i, &c) in b.iter().enumerate() {
        let lone_cr = c == b'\r' && b.get(i + 1) != Some(&b'\n');
        if c == b'\n' || lone_cr {
            starts.push(i + 1);
        }
    }
    starts
}

/// The end of line `line`'s content (before its line break).
fn content_end(text: &str, starts: &[usize], line: usize) -> usize {
    let Some(&next) = starts.get(line + 1) else { return text.len() };
    let b = text.as_bytes();
    let mut end = next;
    if end > starts[line] && b[end - 1] == b'\n' {
        end -= 1;
    }
    if end > starts[line] && b[end - 1] == b'\r' {
        end -= 1;
    }
    end
}

/// `{line, character}` of a byte offset (on a char boundary).
pub fn position(text: &str, offset: usize, enc: Enc) -> Value {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    let col: usize = text[starts[line]..offset].chars().map(|c| enc.width(c)).sum();
    json!({"line": line, "character": col})
}

pub fn range(text: &str, start: usize, end: usize, enc: Enc) -> Value {
    json!({"start": position(text, start, enc), "end": position(text, end, enc)})
}

/// Byte offset of a position; panics on a position no client would send (inside a character,
/// past the end of a line), so a server sending one fails the test.
pub fn offset(text: &str, pos: &Value, enc: Enc) -> usize {
    let line = pos["line"].as_u64().expect("line") as usize;
    let col = pos["character"].as_u64().expect("character") as usize;
    let starts = line_starts(text);
    assert!(line < starts.len(), "line {line} past the end ({} lines)", starts.len());
    let (start, end) = (starts[line], content_end(text, &starts, line));
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units == col {
            return start + i;
        }
        units += enc.width(c);
        assert!(units <= col, "position {pos} inside a character of {:?}", &text[start..end]);
    }
    assert_eq!(units, col, "position {pos} past the end of line {line} ({:?})", &text[start..end]);
    end
}

/// The text a range covers.
pub fn slice<'t>(text: &'t str, range: &Value, enc: Enc) -> &'t str {
    let (a, b) = (offset(text, &range["start"], enc), offset(text, &range["end"], enc));
    assert!(a <= b, "range ends before it starts: {range}");
    &text[a..b]
}

/// Applies LSP text edits (all relative to `text`, as in one `TextDocumentEdit`).
pub fn apply_edits(text: &str, edits: &[Value], enc: Enc) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let a = offset(text, &e["range"]["start"], enc);
            let b = offset(text, &e["range"]["end"], enc);
            (a, b, e["newText"].as_str().expect("newText"))
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    for w in spans.windows(2) {
        assert!(w[0].1 <= w[1].0, "overlapping edits: {edits:?}");
    }
    let mut out = text.to_string();
    for (a, b, new) in spans.into_iter().rev() {
        out.replace_range(a..b, new);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_on_emoji_combining_marks_and_line_breaks() {
        let text = "a😀e\u{301}x\r\nb\rc\nd";
        let x = text.find('x').unwrap();
        assert_eq!(position(text, x, Enc::Utf8), json!({"line": 0, "character": 8}));
        assert_eq!(position(text, x, Enc::Utf16), json!({"line": 0, "character": 5}));
        let c = text.find('c').unwrap();
        assert_eq!(position(text, c, Enc::Utf16), json!({"line": 2, "character": 0}));
        assert_eq!(position(text, text.len(), Enc::Utf8), json!({"line": 3, "character": 1}));
        for enc in [Enc::Utf8, Enc::Utf16] {
            for (i, _) in text.char_indices().filter(|(i, _)| !text[..*i].ends_with('\r')) {
                assert_eq!(offset(text, &position(text, i, enc), enc), i, "{enc:?} {i}");
            }
        }
        let edits = [json!({"range": range(text, x, x + 1, Enc::Utf16), "newText": "Y"})];
        assert_eq!(apply_edits(text, &edits, Enc::Utf16), "a😀e\u{301}Y\r\nb\rc\nd");
    }
}
