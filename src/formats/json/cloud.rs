//! Cloud labeling services' JSON Lines: SageMaker Ground Truth output and augmented manifests,
//! Vertex AI image classification JSONL.

use crate::model::{Input, Label, ParsedFile, Problem, Span};

use super::fields::{concept_label, location, read_labels};
use super::value::{Node, Obj};

fn input(location: (String, Span), line: Span) -> Input {
    Input {
        id: None,
        location: location.0,
        location_span: location.1,
        span: line,
        labels: Vec::new(),
        declared_size: None,
        ..Default::default()
    }
}

/// One SageMaker line: `source-ref` plus either a Ground Truth job's `<attr>` and
/// `<attr>-metadata`, or a plain `class`.
///
/// The first attribute (in key order) whose metadata has `class-name` or `class-map` is read.
/// Label spans: single-label, the `class-name` string (where the name is written); multi-label,
/// the element of the `<attr>` index list (one place per label, removable on its own).
pub fn read_sagemaker_line(obj: Obj, line: Span, out: &mut ParsedFile) {
    let Some(loc) = location(obj, "source-ref", line, &mut out.problems) else {
        return;
    };
    let mut input = input(loc, line);
    let mut found = false;
    for entry in obj.entries() {
        let Some(attr) = entry.key.strip_suffix("-metadata") else {
            continue;
        };
        let Some(meta) = entry.value.as_object() else {
            continue;
        };
        if let Some(map) = meta.get("class-map") {
            out.exclusive = Some(false);
            read_multi_label(obj.get(attr), attr, map, line, &mut input.labels, &mut out.problems);
        } else if let Some(name) = meta.get("class-name") {
            input.labels.extend(concept_label(name, "class-name", &mut out.problems));
            match obj.get(attr) {
                Some(v) if v.as_i64().is_some() || v.as_str().is_some() => {}
                Some(v) => out.problems.push(Problem::new(
                    v.span(),
                    format!("\"{attr}\" should be a class index, found {}", v.kind()),
                )),
                None => out.problems.push(Problem::new(
                    line,
                    format!("missing \"{attr}\" beside \"{attr}-metadata\""),
                )),
            }
        } else if !meta.has("failure-reason") {
            continue;
        }
        found = true;
        break;
    }
    if !found {
        match obj.get("class") {
            Some(class) => {
                read_labels(class, "class", &mut input.labels, &mut out.problems);
            }
            None => out.problems.push(Problem::new(
                line,
                "no label: expected \"<attribute>\" with \"<attribute>-metadata\", or \"class\"",
            )),
        }
    }
    out.inputs.push(input);
}

fn read_multi_label(
    value: Option<Node>,
    attr: &str,
    map: Node,
    line: Span,
    labels: &mut Vec<Label>,
    problems: &mut Vec<Problem>,
) {
    let Some(map) = map.as_object() else {
        problems.push(Problem::new(
            map.span(),
            format!("\"class-map\" should be an object, found {}", map.kind()),
        ));
        return;
    };
    let Some(value) = value else {
        problems.push(Problem::new(line, format!("missing \"{attr}\" beside \"{attr}-metadata\"")));
        return;
    };
    let Some(items) = value.as_array() else {
        let message =
            format!("\"{attr}\" should be a list of class indices, found {}", value.kind());
        problems.push(Problem::new(value.span(), message));
        return;
    };
    for item in items {
        let Some(index) = item.id_text() else {
            problems.push(Problem::new(
                item.span(),
                format!("class index should be a number, found {}", item.kind()),
            ));
            continue;
        };
        match map.get(&index).and_then(|n| n.as_str()) {
            Some(name) if !name.trim().is_empty() => {
                labels.push(Label { concept: name.to_owned(), span: item.span(), positive: true });
            }
            _ => problems.push(Problem::new(
                item.span(),
                format!("class {index} has no name in \"{attr}-metadata\".\"class-map\""),
            )),
        }
    }
}

/// One Vertex AI line: `imageGcsUri` plus `classificationAnnotation` (single-label) or
/// `classificationAnnotations` (multi-label), each with a `displayName`.
pub fn read_vertex_line(obj: Obj, line: Span, out: &mut ParsedFile) {
    let Some(loc) = location(obj, "imageGcsUri", line, &mut out.problems) else {
        return;
    };
    let mut input = input(loc, line);
    if let Some(one) = obj.get("classificationAnnotation") {
        display_name(one, &mut input.labels, &mut out.problems);
    }
    if let Some(many) = obj.get("classificationAnnotations") {
        out.exclusive = Some(false);
        match many.as_array() {
            Some(items) => {
                items.for_each(|a| display_name(a, &mut input.labels, &mut out.problems))
            }
            None => out.problems.push(Problem::new(
                many.span(),
                format!("\"classificationAnnotations\" should be a list, found {}", many.kind()),
            )),
        }
    }
    out.inputs.push(input);
}

fn display_name(annotation: Node, labels: &mut Vec<Label>, problems: &mut Vec<Problem>) {
    match annotation.as_object().and_then(|a| a.get("displayName")) {
        Some(name) => labels.extend(concept_label(name, "displayName", problems)),
        None => problems.push(Problem::new(annotation.span(), "annotation has no \"displayName\"")),
    }
}
