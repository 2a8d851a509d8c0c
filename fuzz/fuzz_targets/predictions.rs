//! Predictions files: CSV/TSV scores, JSON Lines scores, Clarifai evaluation JSON.
#![no_main]

use std::path::Path;

use conceptlint::eval::predictions;
use conceptlint_fuzz::{check_predictions, pick, selector, text};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] =
    &["predictions.csv", "predictions.tsv", "predictions.jsonl", "predictions.json", "scores.txt"];

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector(data);
    let text = text(rest);
    let path = Path::new("/d").join(pick(NAMES, sel));
    check_predictions(&text, &predictions::read(&path, &text));
});
