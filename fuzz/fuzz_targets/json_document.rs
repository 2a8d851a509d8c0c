//! Whole-document JSON: COCO, Label Studio JSON and JSON_MIN, concepts.json, class-index JSON.
#![no_main]

use std::path::Path;

use conceptlint::formats;
use conceptlint_fuzz::{check_parsed, pick, selector, text};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] =
    &["annotations.json", "concepts.json", "export.json", "imagenet_class_index.json"];

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector(data);
    let text = text(rest);
    let path = Path::new("/d").join(pick(NAMES, sel));
    if let Some(file) = formats::read(&path, &text) {
        check_parsed(&text, &file);
    }
});
