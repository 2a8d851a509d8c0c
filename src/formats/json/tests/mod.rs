//! Reader tests on fixture files (`tests/fixtures/formats/json/` and `real/`): counts, labels,
//! problems, and every span sliced back to its exact text.

use std::path::{Path, PathBuf};

use crate::model::{Input, ParsedFile, Span};

mod documents;
mod json_lines;
mod label_manifests;
mod real;

pub fn fixture(rel: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path, text)
}

/// Reads a fixture through the format dispatcher, checking every span on the way.
pub fn read(rel: &str) -> (String, ParsedFile) {
    let (path, text) = fixture(rel);
    let parsed =
        crate::formats::read(&path, &text).unwrap_or_else(|| panic!("{rel}: not recognised"));
    check_spans(&text, &parsed);
    (text, parsed)
}

pub fn read_str(name: &str, text: &str) -> Option<ParsedFile> {
    let parsed = crate::formats::read(Path::new(name), text)?;
    check_spans(text, &parsed);
    Some(parsed)
}

/// The text of a span (panics when it is out of bounds or splits a char).
pub fn at(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or_else(|| panic!("bad span {span:?}"))
}

/// Every span is in bounds and on char boundaries; labels and locations lie inside their input.
fn check_spans(text: &str, parsed: &ParsedFile) {
    for input in &parsed.inputs {
        at(text, input.span);
        assert!(
            input.span.start <= input.location_span.start
                && input.location_span.end <= input.span.end
        );
        assert!(!input.location.is_empty());
        for label in &input.labels {
            at(text, label.span);
            assert!(!label.concept.is_empty());
            assert!(
                input.span.start <= label.span.start && label.span.end <= input.span.end
                    || parsed.format == crate::model::Format::Coco
            );
        }
    }
    for c in &parsed.concepts {
        at(text, c.span);
        assert!(c.decl_span.start <= c.span.start && c.span.end <= c.decl_span.end);
    }
    for p in &parsed.problems {
        at(text, p.span);
    }
}

/// Location (as read), location (as written), labels.
pub fn summary<'t>(
    text: &'t str,
    input: &Input,
) -> (String, &'t str, Vec<(String, &'t str, bool)>) {
    let labels =
        input.labels.iter().map(|l| (l.concept.clone(), at(text, l.span), l.positive)).collect();
    (input.location.clone(), at(text, input.location_span), labels)
}

/// Each label as (concept, as written), positive ones only.
pub fn names<'t>(text: &'t str, input: &Input) -> Vec<(&'t str, String)> {
    input
        .labels
        .iter()
        .filter(|l| l.positive)
        .map(|l| (at(text, l.span), l.concept.clone()))
        .collect()
}

/// Problems as (text at the span, message).
pub fn problems<'t>(text: &'t str, parsed: &'t ParsedFile) -> Vec<(&'t str, &'t str)> {
    parsed.problems.iter().map(|p| (at(text, p.span), p.message.as_str())).collect()
}

/// How many inputs carry each concept (positive labels).
pub fn counts(parsed: &ParsedFile) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for input in &parsed.inputs {
        for l in input.labels.iter().filter(|l| l.positive) {
            *out.entry(l.concept.clone()).or_default() += 1;
        }
    }
    out
}
