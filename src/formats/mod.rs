//! Format detection and readers. Each reader keeps the byte span of every input, label and
//! concept, and reports what it cannot read as a [`Problem`] at that place while reading the rest.
//!
//! Invariant: a file that matches no format's signature yields `None`, never a finding.

use std::path::Path;

use crate::model::ParsedFile;

pub mod csv;
pub mod json;
pub mod labels;

/// File names that are claimed by name: read (and their problems reported) even when their
/// content matches no signature.
pub const CLAIMED_NAMES: &[&str] =
    &["metadata.jsonl", "metadata.csv", "labels.txt", "classes.txt", "concepts.json"];

/// Sibling label manifests, in the order they are preferred.
pub const LABEL_MANIFEST_NAMES: &[&str] = &["concepts.json", "labels.txt", "classes.txt"];

/// Extensions that may hold a dataset or label manifest.
pub const CANDIDATE_EXTENSIONS: &[&str] =
    &["csv", "tsv", "txt", "lst", "json", "jsonl", "ndjson", "manifest"];

/// Whether `path` could be a manifest, judged by its name alone (cheap, no reading).
pub fn is_candidate(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| CANDIDATE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads `text` as whichever format its name and content match, or `None`.
pub fn read(path: &Path, text: &str) -> Option<ParsedFile> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "txt" => labels::read_txt(path, &name, text),
        "csv" | "tsv" | "lst" => csv::read(path, &name, &ext, text),
        "json" | "jsonl" | "ndjson" | "manifest" => json::read(path, &name, &ext, text),
        _ => None,
    }
}
