//! Delimited dataset manifests: Hugging Face metadata.csv, generic CSV/TSV, Clarifai CSV, Vertex AI headerless CSV.
#![no_main]

use std::path::Path;

use conceptlint::formats;
use conceptlint_fuzz::{check_parsed, pick, selector, text};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["metadata.csv", "train.csv", "train.tsv", "vertex_import.csv"];

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector(data);
    let text = text(rest);
    let path = Path::new("/d").join(pick(NAMES, sel));
    if let Some(file) = formats::read(&path, &text) {
        check_parsed(&text, &file);
    }
});
