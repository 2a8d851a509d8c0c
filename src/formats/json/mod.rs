//! JSON formats: generic JSON Lines, Hugging Face `metadata.jsonl`, SageMaker Ground Truth and
//! augmented manifests, Vertex AI JSONL, Azure ML JSONL, COCO, Label Studio JSON / JSON_MIN,
//! `concepts.json`, class-index JSON.
//!
//! Detection: `concepts.json` by name; `.jsonl`, `.ndjson`, `.manifest` (and a `.json` whose
//! first line is a whole object) as JSON Lines, by the keys of their first objects; any other
//! `.json` by the shape of the document. Anything else is `None`. JSON is read strictly; when a
//! document or line is not strict JSON the error is a problem and a tolerant parse (trailing or
//! missing commas, comments) still reads what it can.

use std::path::Path;

use crate::model::{FileKind, ParsedFile, Problem};

mod cloud;
mod coco;
mod concepts;
mod fast;
mod fields;
mod keyed;
mod label_studio;
mod lines;
mod tree;
pub(crate) mod value;

#[cfg(test)]
mod tests;

use value::Node;

/// Reads a `.json`, `.jsonl`, `.ndjson` or `.manifest` file, or `None` when it matches no signature.
pub fn read(path: &Path, name: &str, ext: &str, text: &str) -> Option<ParsedFile> {
    if name == "concepts.json" {
        return Some(with_document(text, |root, problems| {
            concepts::read_concepts_json(path, root, problems)
        }));
    }
    match ext {
        "jsonl" | "ndjson" | "manifest" => lines::read(path, name, text),
        "json" if lines::looks_like_json_lines(text) => lines::read(path, name, text),
        "json" => read_document(path, text),
        _ => None,
    }
}

/// Parses `text` as one document (strictly; tolerantly after a strict error, which is kept)
/// and hands the root, if any, and the problems to `f`.
fn with_document<T>(text: &str, f: impl FnOnce(Option<Node>, Vec<Problem>) -> T) -> T {
    let base = lines::bom_len(text);
    let body = text.get(base..).unwrap_or("");
    match value::parse(body, base) {
        Ok(v) => f(v.as_ref().map(|v| Node::new(v, base)), Vec::new()),
        Err(strict) => match value::parse_lenient(body, base) {
            Ok(v) => f(v.as_ref().map(|v| Node::new(v, base)), vec![strict]),
            Err(_) => f(None, vec![strict]),
        },
    }
}

fn read_document(path: &Path, text: &str) -> Option<ParsedFile> {
    with_document(text, |root, problems| {
        let mut parsed = match root {
            Some(root) => detect_document(path, root)?,
            None if problems.is_empty() => return None,
            None => broken_document(path, text)?,
        };
        parsed.problems.splice(0..0, problems);
        Some(parsed)
    })
}

fn detect_document(path: &Path, root: Node) -> Option<ParsedFile> {
    if let Some(obj) = root.as_object().filter(|_| coco::matches(root)) {
        return Some(coco::read(path, obj));
    }
    if label_studio::matches_export(root) {
        return Some(label_studio::read_export(path, root));
    }
    if label_studio::matches_min(root) {
        return Some(label_studio::read_min(path, root));
    }
    let obj = root.as_object()?;
    if concepts::is_class_index(root) {
        return Some(concepts::read_class_index(path, obj));
    }
    // A `.json` holding a single JSON Lines record.
    let reader = lines::detect_object(obj)?;
    let mut out = ParsedFile::new(path.to_path_buf(), reader.format(), FileKind::Dataset);
    reader.read(obj, obj.span(), &mut out);
    Some(out)
}

/// A document too broken to parse, recognised by its keys so its problem is still reported.
fn broken_document(path: &Path, text: &str) -> Option<ParsedFile> {
    let has = |key: &str| text.contains(&format!("\"{key}\""));
    let format = if has("images") && has("annotations") && has("categories") {
        crate::model::Format::Coco
    } else if has("data") && (has("annotations") || has("completions")) {
        crate::model::Format::LabelStudioJson
    } else {
        return None;
    };
    Some(ParsedFile::new(path.to_path_buf(), format, FileKind::Dataset))
}
