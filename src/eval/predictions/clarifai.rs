//! Clarifai evaluation JSON: `test_set[]` entries (at the root, or under `eval_metrics`,
//! `metrics`, `model_version.metrics`), each with its `input` (`id`, `data.image.url`), its
//! `predicted_concepts` (`name` or `id`, `value`) and its `ground_truth_concepts`.

use std::path::Path;

use crate::formats::json::value::{self, Node, Obj};
use crate::model::{Problem, Span};

use super::{Predictions, PredictionsFormat, ScoreColumn, ScoreRow, parse_score};

const TEST_SET: &[&str] = &["test_set", "testSet"];
const NESTS: &[&str] =
    &["eval_metrics", "evalMetrics", "metrics", "model_version", "modelVersion", "model"];

pub fn read(path: &Path, text: &str) -> Predictions {
    let mut out = Predictions::new(path, PredictionsFormat::ClarifaiEvaluation);
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = text.get(base..).unwrap_or("");
    let root = match value::parse(body, base) {
        Ok(Some(v)) => v,
        Ok(None) => {
            out.problems.push(Problem::new(Span::empty(0), "empty file: expected a JSON object"));
            return out;
        }
        Err(problem) => {
            out.problems.push(problem);
            return out;
        }
    };
    let root = Node::new(&root, base);
    let Some(set) = root.as_object().and_then(|o| find_test_set(o, 0)) else {
        let first = text.find('\n').unwrap_or(text.len());
        out.problems.push(Problem::new(
            Span::new(0, first),
            "not a predictions file: expected a Clarifai evaluation with \"test_set\"",
        ));
        return out;
    };
    let Some(entries) = set.as_array() else {
        out.problems.push(Problem::new(set.span(), "\"test_set\" must be an array"));
        return out;
    };
    let mut index = rustc_hash::FxHashMap::default();
    let mut sparse = Vec::new();
    for entry in entries {
        let Some(obj) = entry.as_object() else {
            out.problems.push(Problem::new(entry.span(), "expected an object"));
            continue;
        };
        let input = obj.get("input").and_then(Node::as_object);
        let id = input.and_then(|i| i.get("id")).filter(|v| v.as_str().is_some());
        let url = input
            .and_then(|i| i.get("data"))
            .and_then(Node::as_object)
            .and_then(|d| d.get("image"))
            .and_then(Node::as_object)
            .and_then(|i| i.get("url"));
        let Some(key) = id.or(url).filter(|k| k.as_str().is_some_and(|s| !s.trim().is_empty()))
        else {
            out.problems.push(Problem::new(obj.span(), "no \"input\" with an \"id\" or image url"));
            continue;
        };
        let r = out.rows.len();
        if r == 0 {
            out.key_span = key.str_span();
        }
        let predicted = obj.get("predicted_concepts").or_else(|| obj.get("predictedConcepts"));
        match predicted.and_then(Node::as_array) {
            Some(concepts) => {
                for c in concepts {
                    let Some((name, name_span, value)) = concept(c) else {
                        out.problems.push(Problem::new(c.span(), "expected a concept with a name"));
                        continue;
                    };
                    let col = *index.entry(name.to_string()).or_insert_with(|| {
                        out.columns.push(ScoreColumn { name: name.to_string(), span: name_span });
                        out.columns.len() - 1
                    });
                    let parsed = match value.and_then(Node::number_text) {
                        Some(t) => parse_score(t),
                        None => Err("no \"value\"".to_string()),
                    };
                    match parsed {
                        Ok(v) => sparse.push((r, col, v)),
                        Err(msg) => out.problems.push(Problem::new(
                            value.map_or(c.span(), Node::span),
                            format!("{msg} for '{name}'"),
                        )),
                    }
                }
            }
            None => out.problems.push(Problem::new(obj.span(), "no \"predicted_concepts\" array")),
        }
        let truth = obj
            .get("ground_truth_concepts")
            .or_else(|| obj.get("groundTruthConcepts"))
            .and_then(Node::as_array)
            .map(|concepts| {
                concepts
                    .filter_map(concept)
                    .filter(|(_, _, v)| v.and_then(Node::as_f64).is_none_or(|v| v > 0.0))
                    .map(|(n, _, _)| n.to_string())
                    .collect()
            });
        let key_text = key.as_str().unwrap_or("").trim().to_string();
        let alt_key = url
            .filter(|_| id.is_some())
            .and_then(Node::as_str)
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        out.rows.push(ScoreRow {
            key: key_text,
            key_span: key.str_span(),
            alt_key,
            span: obj.span(),
            fold: None,
            truth,
        });
    }
    let k = out.columns.len();
    out.scores = vec![f64::NAN; out.rows.len() * k];
    for (r, c, v) in sparse {
        out.scores[r * k + c] = v;
    }
    out
}

/// A concept object: its name (`name`, else `id`), where the name is, and its `value`.
fn concept<'v, 'a>(node: Node<'v, 'a>) -> Option<(&'v str, Span, Option<Node<'v, 'a>>)> {
    let obj = node.as_object()?;
    let name = obj
        .get("name")
        .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
        .or_else(|| obj.get("id"))?;
    Some((name.as_str()?, name.str_span(), obj.get("value")))
}

/// The `test_set` value at the root or a few known levels down.
fn find_test_set<'v, 'a>(obj: Obj<'v, 'a>, depth: usize) -> Option<Node<'v, 'a>> {
    if let Some(set) = TEST_SET.iter().find_map(|k| obj.get(k)) {
        return Some(set);
    }
    if depth >= 3 {
        return None;
    }
    NESTS
        .iter()
        .filter_map(|k| obj.get(k).and_then(Node::as_object))
        .find_map(|o| find_test_set(o, depth + 1))
}
