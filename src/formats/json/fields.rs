//! Reading label values and image sizes as the JSON readers find them.

use crate::model::{Label, Problem, Span};

use super::value::{Node, Obj};

/// The image location under `key`: a non-empty string, its unescaped text and the span of its
/// content. Anything else is a problem (at the value, or at `record` when the key is missing).
pub fn location(
    obj: Obj,
    key: &str,
    record: Span,
    problems: &mut Vec<Problem>,
) -> Option<(String, Span)> {
    let Some(loc) = obj.get(key) else {
        problems.push(Problem::new(record, format!("missing \"{key}\" (the image)")));
        return None;
    };
    match loc.as_str() {
        Some(s) if !s.trim().is_empty() => Some((s.to_owned(), loc.str_span())),
        Some(_) => {
            problems.push(Problem::new(loc.span(), format!("empty \"{key}\"")));
            None
        }
        None => {
            let found = loc.kind();
            let message =
                format!("\"{key}\" should be the image path or URL (a string), found {found}");
            problems.push(Problem::new(loc.span(), message));
            None
        }
    }
}

/// Reads a label value: a string, a whole number (a class index, kept as text), a list of
/// those, `{"id": "cat", "value": 1}` objects (value `0` or `false` = negative), or `null`
/// (no label). Returns whether the value was a list. Problems go to `problems`.
pub fn read_labels(
    value: Node,
    key: &str,
    labels: &mut Vec<Label>,
    problems: &mut Vec<Problem>,
) -> bool {
    match value.as_array() {
        Some(items) => {
            labels.reserve_exact(items.len());
            for item in items {
                if item.as_array().is_some() {
                    problems.push(Problem::new(
                        item.span(),
                        format!("\"{key}\" should list labels, found a nested list"),
                    ));
                } else {
                    read_one(item, key, labels, problems);
                }
            }
            true
        }
        None => {
            labels.reserve_exact(1);
            read_one(value, key, labels, problems);
            false
        }
    }
}

fn read_one(value: Node, key: &str, labels: &mut Vec<Label>, problems: &mut Vec<Problem>) {
    if value.is_null() {
        return;
    }
    if let Some(obj) = value.as_object() {
        let Some(id) = obj.get("id").or_else(|| obj.get("name")) else {
            problems.push(Problem::new(obj.span(), "label object has no \"id\""));
            return;
        };
        let positive = match obj.get("value") {
            None => true,
            Some(v) => match (v.as_bool(), v.as_f64()) {
                (Some(b), _) => b,
                (_, Some(f)) => f != 0.0,
                _ => {
                    problems.push(Problem::new(
                        v.span(),
                        format!(
                            "label \"value\" should be a number or a boolean, found {}",
                            v.kind()
                        ),
                    ));
                    return;
                }
            },
        };
        if let Some(label) = concept_label(id, "id", problems) {
            labels.push(Label { positive, ..label });
        }
        return;
    }
    if let Some(label) = concept_label(value, key, problems) {
        labels.push(label);
    }
}

/// A concept name written as a non-empty string or a whole number.
pub fn concept_label(value: Node, key: &str, problems: &mut Vec<Problem>) -> Option<Label> {
    if let Some(s) = value.as_str() {
        if s.trim().is_empty() {
            problems.push(Problem::new(value.span(), format!("empty label in \"{key}\"")));
            return None;
        }
        return Some(Label { concept: s.to_owned(), span: value.str_span(), positive: true });
    }
    if value.as_i64().is_some()
        && let Some(text) = value.number_text()
    {
        return Some(Label { concept: text.to_owned(), span: value.span(), positive: true });
    }
    problems.push(Problem::new(
        value.span(),
        format!("\"{key}\" should be a concept name (a string), found {}", value.kind()),
    ));
    None
}

/// Width and height from an object such as Azure ML's `image_details`
/// (`{"width": "640px", "height": 480}`); `None` unless both are there and readable.
pub fn declared_size(details: Node, problems: &mut Vec<Problem>) -> Option<(u32, u32)> {
    let obj = details.as_object()?;
    let (w, h) = (obj.get("width")?, obj.get("height")?);
    Some((pixels(w, "width", problems)?, pixels(h, "height", problems)?))
}

/// A size in pixels: `640`, `640.0`, `"640"` or `"640px"`.
pub fn pixels(value: Node, what: &str, problems: &mut Vec<Problem>) -> Option<u32> {
    let n = match value.as_str() {
        Some(s) => {
            let s = s.trim();
            let digits = s.strip_suffix("px").unwrap_or(s).trim_end();
            digits.parse::<f64>().ok()
        }
        None => value.as_f64(),
    };
    match n {
        Some(f) if f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f <= f64::from(u32::MAX) => {
            Some(f as u32)
        }
        _ => {
            problems.push(Problem::new(
                value.span(),
                format!("{what} should be a whole number of pixels"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::value::parse;
    use super::*;

    fn labels_of(json: &str) -> (Vec<(String, String, bool)>, Vec<Problem>, bool) {
        let v = parse(json, 0).unwrap().unwrap();
        let (mut labels, mut problems) = (Vec::new(), Vec::new());
        let list = read_labels(Node::new(&v, 0), "labels", &mut labels, &mut problems);
        let out = labels
            .into_iter()
            .map(|l| (l.concept, json[l.span.start..l.span.end].to_owned(), l.positive))
            .collect();
        (out, problems, list)
    }

    #[test]
    fn strings_numbers_lists_and_negatives() {
        let (l, p, list) = labels_of(r#""tabby cat""#);
        assert_eq!(l, [("tabby cat".into(), "tabby cat".into(), true)]);
        assert!(p.is_empty() && !list);
        let (l, p, list) = labels_of(
            r#"[{"id": "cat", "value": 1}, {"id": "dog", "value": 0}, {"id": "b\u00e9b\u00e9", "value": false}, 7]"#,
        );
        assert!(p.is_empty() && list);
        assert_eq!(
            l,
            [
                ("cat".into(), "cat".into(), true),
                ("dog".into(), "dog".into(), false),
                ("bébé".into(), "b\\u00e9b\\u00e9".into(), false),
                ("7".into(), "7".into(), true),
            ]
        );
        let (l, p, _) = labels_of("null");
        assert!(l.is_empty() && p.is_empty());
    }

    #[test]
    fn bad_labels_are_problems_at_their_place() {
        let json = r#"["", 1.5, [2], {"value": 1}, {"id": "x", "value": "yes"}, true, "ok"]"#;
        let (l, p, _) = labels_of(json);
        assert_eq!(l, [("ok".into(), "ok".into(), true)]);
        let at: Vec<&str> = p.iter().map(|p| &json[p.span.start..p.span.end]).collect();
        assert_eq!(at, ["\"\"", "1.5", "[2]", "{\"value\": 1}", "\"yes\"", "true"]);
    }

    #[test]
    fn pixel_sizes() {
        let json = r#"{"width": "640px", "height": 480.0}"#;
        let v = parse(json, 0).unwrap().unwrap();
        let mut p = Vec::new();
        assert_eq!(declared_size(Node::new(&v, 0), &mut p), Some((640, 480)));
        let json = r#"{"width": "wide", "height": 480}"#;
        let v = parse(json, 0).unwrap().unwrap();
        assert_eq!(declared_size(Node::new(&v, 0), &mut p), None);
        assert_eq!(&json[p[0].span.start..p[0].span.end], "\"wide\"");
    }
}
