//! Incremental re-reading of line-based manifests: after each of up to four edits (typed
//! snippets, deletions, pastes of the text itself), whenever `reparse` answers, its file must
//! equal a full read of the new text (the invariant stated in `formats::incremental`), and
//! `reparse_in_place` must agree. Each result is the old file of the next edit, as in an editor.
//!
//! Input: a selector byte (file name), an edit count byte, 6 bytes per edit, then the text.
#![no_main]

use std::path::Path;

use conceptlint::formats::incremental::{ReadWith, TextEdit};
use conceptlint::formats::{self, incremental};
use conceptlint::model::Span;
use conceptlint_fuzz::{check_parsed, difference, floor, pick, text, u16_at};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] =
    &["metadata.jsonl", "metadata.csv", "train.tsv", "output.manifest", "train.jsonl", "data.csv"];

const SNIPPETS: &[&str] = &[
    "a",
    "\n",
    "\r\n",
    "\"",
    ",",
    "\t",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\\",
    "é",
    "🐈",
    " ",
    "\"label\": \"cat\"",
    "x.png,cat\n",
    "{\"file_name\": \"a.png\", \"label\": \"dog\"}\n",
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let path = Path::new("/d").join(pick(NAMES, data[0]));
    let count = (data[1] % 5) as usize;
    let (specs, body) = data[2..].split_at((count * 6).min(data.len() - 2));
    let mut text = text(body);
    let Some(mut old) = formats::read(&path, &text) else { return };
    for spec in specs.chunks_exact(6) {
        let start = floor(&text, u16_at(spec, 0));
        let end = floor(&text, start + (spec[2] % 64) as usize);
        let insert = if spec[3] < 200 {
            SNIPPETS[spec[3] as usize % SNIPPETS.len()].to_string()
        } else {
            let from = floor(&text, u16_at(spec, 4));
            text[from..floor(&text, from + (spec[5] % 80) as usize)].to_string()
        };
        let new = format!("{}{insert}{}", &text[..start], &text[end..]);
        let edit = TextEdit::new(Span::new(start, end), insert.len());
        let Some(full) = formats::read(&path, &new) else { return };
        check_parsed(&new, &full);
        if let Some(got) = incremental::reparse(&old, &text, &new, &edit) {
            if let Some(diff) = difference(&got, &full) {
                panic!("reparse differs from a full read: {diff}\nold: {text:?}\nnew: {new:?}");
            }
            let mut in_place = old.clone();
            assert!(incremental::reparse_in_place(
                ReadWith::Detect,
                &mut in_place,
                &text,
                &new,
                &edit
            ));
            assert_eq!(difference(&in_place, &full), None, "reparse_in_place differs");
        }
        text = new;
        old = full;
    }
});
