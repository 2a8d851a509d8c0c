//! Format detection and readers. Each reader keeps the byte span of every input, label and
//! concept, and reports what it cannot read as a [`Problem`] at that place while reading the rest.
//!
//! Invariant: a file that matches no format's signature yields `None`, never a finding.

use std::path::Path;

use crate::model::{FileKind, Format, ParsedFile, Problem, Span};

pub mod csv;
pub mod incremental;
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

/// Reads a file that the config names as a manifest (`labels`: as the label manifest): unlike
/// [`read`], it always yields a file, with a problem at the top when it matches no format.
pub fn read_listed(path: &Path, text: &str, labels: bool) -> ParsedFile {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let parsed = match ext.as_str() {
        "txt" if labels => Some(labels::read_lines(path, text)),
        "csv" | "tsv" | "lst" if !labels => Some(csv::read_listed(path, &name, &ext, text)),
        _ => read(path, text),
    };
    parsed.unwrap_or_else(|| {
        let (format, kind) = if labels {
            (Format::LabelsTxt, FileKind::Labels)
        } else {
            (Format::GenericJsonl, FileKind::Dataset)
        };
        let mut file = ParsedFile::new(path.to_path_buf(), format, kind);
        let first_line = text.find('\n').unwrap_or(text.len());
        let what = if labels { "a label manifest" } else { "a dataset manifest" };
        file.problems.push(Problem::new(
            Span::new(0, first_line),
            format!("the config names this file as {what}, but it matches no supported format"),
        ));
        file
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_named_by_the_config_are_always_read() {
        let f = read_listed(Path::new("/d/train.csv"), "path,notes\na.png,x\n", false);
        assert_eq!(f.problems.len(), 1, "{:?}", f.problems);
        let f = read_listed(Path::new("/d/names.txt"), "cat\ndog\n", true);
        assert_eq!(f.concepts.len(), 2);
        assert!(read(Path::new("/d/names.txt"), "cat\ndog\n").is_none());
        let f = read_listed(Path::new("/d/x.json"), "{\"a\": 1}", false);
        assert_eq!(f.problems[0].span, Span::new(0, 8));
    }
}
