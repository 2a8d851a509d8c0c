//! The server's text sync: a document (a rope) edited by `didChange` events with ranges in
//! UTF-8, UTF-16 or UTF-32 positions must equal a plain `String` edited by the protocol's
//! definition of those positions (line endings `\n`, `\r\n`, `\r`; columns past a line's end
//! clamp to it; lines past the end mean the end of the text). The byte edits it reports must be
//! the ones applied. After each change, the positions the server sends back for any offset
//! (`convert::Lines`, over `text::LineIndex`) must mean that same offset to the client (every
//! offset of short texts, a sample of long ones).
//!
//! Input: an encoding byte, an edit count byte, 6 bytes per edit, then the initial text.
#![no_main]

use conceptlint::model::Span;
use conceptlint::server::convert::Lines;
use conceptlint::server::documents::{ByteEdit, Document};
use conceptlint::text::LineIndex;
use conceptlint_fuzz::{encoding, floor, lsp_lines, lsp_offset, lsp_position, text, u16_at};
use libfuzzer_sys::fuzz_target;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const SNIPPETS: &[&str] = &[
    "",
    "a",
    "\n",
    "\r\n",
    "\r",
    "é",
    "🐈",
    "猫",
    "x.png,cat\n",
    "\u{feff}",
    "\u{2028}",
    "\u{85}",
    "\t\"",
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let enc = encoding(data[0]);
    let count = (data[1] % 9) as usize;
    let (specs, body) = data[2..].split_at((count * 6).min(data.len() - 2));
    let mut model = text(body);
    let mut doc = Document::new(&model, 1, "csv".into());
    for (n, spec) in specs.chunks_exact(6).enumerate() {
        let (l1, c1) = (spec[0] as u32 % 12, spec[1] as u32);
        let (l2, c2) = (l1 + spec[2] as u32 % 3, spec[3] as u32);
        let insert = match spec[4] {
            255 => u16_at(spec, 4).to_string(),
            k => SNIPPETS[k as usize % SNIPPETS.len()].to_string(),
        };
        let full = spec[5] == 255;
        let range = Range::new(Position::new(l1, c1), Position::new(l2, c2));
        let change = TextDocumentContentChangeEvent {
            range: (!full).then_some(range),
            range_length: None,
            text: insert.clone(),
        };
        let edits = doc.apply(&[change], n as i32 + 2, enc);
        let old = if full {
            Span::new(0, model.len())
        } else {
            let start = lsp_offset(&model, l1 as usize, c1 as usize, enc);
            let end = lsp_offset(&model, l2 as usize, c2 as usize, enc).max(start);
            Span::new(start, end)
        };
        model.replace_range(old.start..old.end, &insert);
        assert_eq!(edits, vec![ByteEdit { old, new_len: insert.len() }], "byte edit of {range:?}");
        assert_eq!(&*doc.text(), model, "text after editing {range:?} with {insert:?}");
    }
    // What the server sends back: positions of offsets in the text (a leading byte order mark is
    // left out: editors strip it from the documents they send, and LineIndex hides it).
    if model.starts_with('\u{feff}') {
        return;
    }
    let index = LineIndex::new(&model);
    let lsp = lsp_lines(&model);
    let lines = Lines { text: &model, index: &index, encoding: enc };
    let step = (model.len() / 256).max(1);
    let offsets = (0..=model.len()).step_by(step).chain([model.len()]).map(|o| floor(&model, o));
    for offset in offsets {
        if offset > 0
            && model.as_bytes()[offset - 1] == b'\r'
            && model.as_bytes().get(offset) == Some(&b'\n')
        {
            continue; // between the two bytes of one line ending: no position means it
        }
        let pos = lines.position(offset);
        let want = lsp_position(&model, &lsp, offset, enc);
        assert_eq!(
            (pos.line as usize, pos.character as usize),
            want,
            "position of offset {offset}"
        );
        assert_eq!(lines.offset(pos), offset, "offset of {pos:?}");
    }
});
