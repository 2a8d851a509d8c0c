//! Label manifests: labels.txt / classes.txt (by name and as named by a config), concepts.json
//! and class-index JSON.
#![no_main]

use std::path::Path;

use conceptlint::formats;
use conceptlint_fuzz::{check_parsed, pick, selector, text};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["labels.txt", "classes.txt", "concepts.json", "class_index.json"];

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector(data);
    let text = text(rest);
    let path = Path::new("/d").join(pick(NAMES, sel));
    if let Some(file) = formats::read(&path, &text) {
        check_parsed(&text, &file);
    }
    let listed = formats::labels::read_lines(Path::new("/d/names.txt"), &text);
    check_parsed(&text, &listed);
});
