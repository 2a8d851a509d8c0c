//! Label Studio exports: JSON (a list of tasks, or one task object) and JSON_MIN (a list of
//! flat objects). Only `choices` results are labels (image classification); cancelled
//! annotations are skipped.

use std::path::Path;

use crate::model::{FileKind, Format, Input, Label, ParsedFile, Problem};

use super::fields::{concept_label, location, pixels, read_labels};
use super::keyed::{IMAGE_KEYS, LABEL_KEYS};
use super::value::{Node, Obj};

/// Tasks looked at to recognise an export.
const DETECT_ITEMS: usize = 5;

fn items<'v, 'a>(root: Node<'v, 'a>) -> impl Iterator<Item = Node<'v, 'a>> {
    let (list, single) = match root.as_array() {
        Some(list) => (Some(list), None),
        None => (None, Some(root)),
    };
    list.into_iter().flatten().chain(single)
}

fn annotations<'v, 'a>(task: Obj<'v, 'a>) -> Option<Node<'v, 'a>> {
    task.get("annotations").or_else(|| task.get("completions"))
}

/// A JSON export: tasks with `data` and `annotations` (`completions` in old exports).
pub fn matches_export(root: Node) -> bool {
    items(root)
        .take(DETECT_ITEMS)
        .filter_map(Node::as_object)
        .any(|t| t.get("data").is_some_and(|d| d.as_object().is_some()) && annotations(t).is_some())
}

/// Reads a JSON export whose root matched [`matches_export`].
pub fn read_export(path: &Path, root: Node) -> ParsedFile {
    let mut out = ParsedFile::new(path.to_path_buf(), Format::LabelStudioJson, FileKind::Dataset);
    for item in items(root) {
        let Some(task) = item.as_object() else {
            out.problems.push(Problem::new(
                item.span(),
                format!("a task should be an object, found {}", item.kind()),
            ));
            continue;
        };
        let Some(data) = task.get("data").and_then(Node::as_object) else {
            out.problems.push(Problem::new(task.span(), "task has no \"data\" object"));
            continue;
        };
        let Some(key) = image_key(data) else {
            out.problems.push(Problem::new(data.span(), "task \"data\" has no image"));
            continue;
        };
        let Some((location, location_span)) = location(data, key, data.span(), &mut out.problems)
        else {
            continue;
        };
        let mut input = Input {
            id: task.get("id").and_then(|v| v.id_text()).map(|c| c.into_owned()),
            location,
            location_span,
            span: task.span(),
            labels: Vec::new(),
            declared_size: None,
            ..Default::default()
        };
        if let Some(anns) = annotations(task) {
            read_annotations(anns, &mut input, &mut out);
        }
        out.inputs.push(input);
    }
    out
}

/// The `data` key holding the image: `image`, another usual image key, or the first string.
fn image_key<'v>(data: Obj<'v, '_>) -> Option<&'v str> {
    if let Some(k) = IMAGE_KEYS.iter().find(|k| data.get(k).is_some_and(|v| v.as_str().is_some())) {
        return Some(k);
    }
    data.entries().find(|e| e.value.as_str().is_some()).map(|e| e.key)
}

fn read_annotations(anns: Node, input: &mut Input, out: &mut ParsedFile) {
    let Some(list) = anns.as_array() else {
        out.problems.push(Problem::new(
            anns.span(),
            format!("\"annotations\" should be a list, found {}", anns.kind()),
        ));
        return;
    };
    for ann in list {
        let Some(ann) = ann.as_object() else {
            out.problems.push(Problem::new(ann.span(), "an annotation should be an object"));
            continue;
        };
        if ann.get("was_cancelled").and_then(Node::as_bool) == Some(true) {
            continue;
        }
        let Some(results) = ann.get("result").and_then(Node::as_array) else {
            continue;
        };
        for result in results.filter_map(Node::as_object) {
            if input.declared_size.is_none()
                && let (Some(w), Some(h)) =
                    (result.get("original_width"), result.get("original_height"))
            {
                input.declared_size = pixels(w, "original_width", &mut out.problems).zip(pixels(
                    h,
                    "original_height",
                    &mut out.problems,
                ));
            }
            let is_choices =
                result.get("type").and_then(Node::as_str).is_none_or(|t| t == "choices");
            let choices =
                result.get("value").and_then(Node::as_object).and_then(|v| v.get("choices"));
            let (true, Some(choices)) = (is_choices, choices) else {
                continue;
            };
            read_choices(choices, &mut input.labels, out);
        }
    }
}

/// Adds each choice not already on the input (several annotators may agree).
fn read_choices(choices: Node, labels: &mut Vec<Label>, out: &mut ParsedFile) {
    let Some(list) = choices.as_array() else {
        out.problems.push(Problem::new(
            choices.span(),
            format!("\"choices\" should be a list, found {}", choices.kind()),
        ));
        return;
    };
    if list.len() > 1 {
        out.exclusive = Some(false);
    }
    for choice in list {
        if let Some(label) = concept_label(choice, "choices", &mut out.problems)
            && !labels.iter().any(|l| l.concept == label.concept)
        {
            labels.push(label);
        }
    }
}

/// The key holding an item's choice: one whose value is `{"choices": [...]}`, else a usual
/// choice or label key.
fn choice_key<'v>(item: Obj<'v, '_>) -> Option<&'v str> {
    let nested = item.entries().find(|e| e.value.as_object().is_some_and(|o| o.has("choices")));
    if let Some(e) = nested {
        return Some(e.key);
    }
    ["choice", "choices"].iter().chain(LABEL_KEYS).find(|k| item.has(k)).copied()
}

/// A JSON_MIN export: a list of flat objects with an image and a choice, no `data`.
pub fn matches_min(root: Node) -> bool {
    let Some(list) = root.as_array() else {
        return false;
    };
    list.take(DETECT_ITEMS).filter_map(Node::as_object).any(|o| {
        !o.has("data")
            && IMAGE_KEYS.iter().any(|k| o.get(k).is_some_and(|v| v.as_str().is_some()))
            && choice_key(o).is_some()
    })
}

/// Reads a JSON_MIN export whose root matched [`matches_min`].
pub fn read_min(path: &Path, root: Node) -> ParsedFile {
    let mut out =
        ParsedFile::new(path.to_path_buf(), Format::LabelStudioJsonMin, FileKind::Dataset);
    for item in root.as_array().into_iter().flatten() {
        let Some(obj) = item.as_object() else {
            out.problems.push(Problem::new(
                item.span(),
                format!("an item should be an object, found {}", item.kind()),
            ));
            continue;
        };
        let key = IMAGE_KEYS.iter().find(|k| obj.has(k)).copied().unwrap_or("image");
        let Some((location, location_span)) = location(obj, key, obj.span(), &mut out.problems)
        else {
            continue;
        };
        let mut input = Input {
            id: obj.get("id").and_then(|v| v.id_text()).map(|c| c.into_owned()),
            location,
            location_span,
            span: obj.span(),
            labels: Vec::new(),
            declared_size: None,
            ..Default::default()
        };
        if let Some(key) = choice_key(obj)
            && let Some(value) = obj.get(key)
        {
            match value.as_object().and_then(|o| o.get("choices")) {
                Some(choices) => read_choices(choices, &mut input.labels, &mut out),
                None => {
                    read_labels(value, key, &mut input.labels, &mut out.problems);
                }
            }
        }
        out.inputs.push(input);
    }
    out
}
