//! SageMaker .lst image lists (tab-separated index, label(s), path).
#![no_main]

use std::path::Path;

use conceptlint::formats;
use conceptlint_fuzz::{check_parsed, pick, selector, text};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["train.lst", "val.lst"];

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector(data);
    let text = text(rest);
    let path = Path::new("/d").join(pick(NAMES, sel));
    if let Some(file) = formats::read(&path, &text) {
        check_parsed(&text, &file);
    }
});
