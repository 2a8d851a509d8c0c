//! The format detector on any file name it knows: `formats::read` (by name and content) and
//! `formats::read_listed` (a file the config names), every span checked.
#![no_main]

use std::path::Path;

use conceptlint::formats;
use conceptlint_fuzz::{check_parsed, pick, selector, text};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "metadata.jsonl",
    "metadata.csv",
    "labels.txt",
    "classes.txt",
    "concepts.json",
    "train.csv",
    "train.tsv",
    "val.lst",
    "data.json",
    "data.jsonl",
    "data.ndjson",
    "output.manifest",
    "notes.txt",
    "annotations.json",
    "README.md",
    "METADATA.CSV",
];

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector(data);
    let text = text(rest);
    let path = Path::new("/d").join(pick(NAMES, sel));
    if let Some(file) = formats::read(&path, &text) {
        check_parsed(&text, &file);
    }
    let listed = formats::read_listed(&path, &text, sel & 0x80 != 0);
    check_parsed(&text, &listed);
});
