//! JSON Lines with an image key and a label key: Hugging Face `metadata.jsonl`, generic JSONL,
//! Azure ML JSONL (`image_url` + `label`, optional `image_details`).

use crate::model::{Format, Input, Meta, ParsedFile, Problem, Span};

use super::fields::{declared_size, location, read_labels};
use super::value::Obj;

/// Keys that hold an input's labels, in the order they are preferred.
pub const LABEL_KEYS: &[&str] = &["label", "labels", "concept", "concepts", "class", "category"];

/// Keys that hold an input's image, in the order they are preferred.
pub const IMAGE_KEYS: &[&str] =
    &["image", "path", "file", "filename", "file_name", "url", "input", "image_url", "image_path"];

/// Which keys a file uses; fixed for the whole file by its first matching object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keyed {
    pub format: Format,
    pub image_key: &'static str,
    /// `None` for a `metadata.jsonl` that has no label key at all (reported once).
    pub label_key: Option<&'static str>,
}

/// The keys of an object that has a string image key and a label key. An object with a
/// `scores` object is a line of predictions, not a dataset: no match.
pub fn detect(obj: Obj) -> Option<Keyed> {
    if obj.get("scores").is_some_and(|s| s.as_object().is_some()) {
        return None;
    }
    let label_key = *LABEL_KEYS.iter().find(|k| obj.has(k))?;
    let is_string = |key: &str| obj.get(key).is_some_and(|v| v.as_str().is_some());
    if is_string("image_url") && label_key == "label" {
        return Some(Keyed {
            format: Format::AzuremlJsonl,
            image_key: "image_url",
            label_key: Some("label"),
        });
    }
    if is_string("file_name") {
        return Some(Keyed {
            format: Format::HfMetadataJsonl,
            image_key: "file_name",
            label_key: Some(label_key),
        });
    }
    let image_key = *IMAGE_KEYS.iter().find(|k| is_string(k))?;
    Some(Keyed { format: Format::GenericJsonl, image_key, label_key: Some(label_key) })
}

impl Keyed {
    /// Reads one line's object into an input; problems go to `out`.
    pub fn read_line(self, obj: Obj, line: Span, out: &mut ParsedFile) {
        let Some((location, location_span)) =
            location(obj, self.image_key, line, &mut out.problems)
        else {
            return;
        };
        let mut input = Input {
            id: obj.get("id").and_then(|v| v.id_text()).map(|c| c.into_owned()),
            location,
            location_span,
            span: line,
            labels: Vec::new(),
            declared_size: None,
            metadata: self.metadata(obj),
        };
        if let Some(label_key) = self.label_key {
            match obj.get(label_key) {
                Some(v) => {
                    let list = read_labels(v, label_key, &mut input.labels, &mut out.problems);
                    if list && self.format == Format::AzuremlJsonl {
                        out.exclusive = Some(false);
                    }
                }
                None => out.problems.push(Problem::new(line, format!("missing \"{label_key}\""))),
            }
        }
        if let Some(details) = obj.get("image_details") {
            input.declared_size = declared_size(details, &mut out.problems);
        }
        out.inputs.push(input);
    }
}

/// Most metadata keys kept per line (the first ones, in line order): 32 bytes each.
pub const MAX_METADATA: usize = 16;

impl Keyed {
    /// The line's metadata: every key other than the image, the label and `id` whose value is
    /// a non-empty string, a number or a boolean (objects, arrays and `null` are left out).
    fn metadata(self, obj: Obj) -> Box<[Meta]> {
        let kept = |key: &str| {
            key != self.image_key && Some(key) != self.label_key && key != "id" && !key.is_empty()
        };
        let values = obj.entries().filter(|e| kept(e.key)).filter_map(|e| {
            let v = e.value;
            let value = if v.as_str().is_some_and(|s| !s.is_empty()) {
                v.str_span()
            } else if v.number_text().is_some() || v.as_bool().is_some() {
                v.span()
            } else {
                return None;
            };
            // A bare key (read by the tolerant parser after an error) has no quotes to skip.
            (e.key_span.len() >= e.key.len()).then_some(Meta { name: e.key_span, value })
        });
        values.take(MAX_METADATA).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::value::{Node, parse};
    use super::*;

    fn detected(json: &str) -> Option<Keyed> {
        let v = parse(json, 0).unwrap().unwrap();
        detect(Node::new(&v, 0).as_object().unwrap())
    }

    #[test]
    fn detection_by_keys() {
        let k = detected(r#"{"file_name": "a.png", "labels": ["x"]}"#).unwrap();
        assert_eq!(
            (k.format, k.image_key, k.label_key),
            (Format::HfMetadataJsonl, "file_name", Some("labels"))
        );
        let k = detected(r#"{"image_url": "azureml://x/1.jpg", "label": "can"}"#).unwrap();
        assert_eq!(k.format, Format::AzuremlJsonl);
        let k = detected(r#"{"image_path": "a.png", "category": "x"}"#).unwrap();
        assert_eq!((k.format, k.image_key), (Format::GenericJsonl, "image_path"));
        let k = detected(r#"{"image_url": "http://x/1.jpg", "class": "can"}"#).unwrap();
        assert_eq!((k.format, k.image_key), (Format::GenericJsonl, "image_url"));
        assert_eq!(detected(r#"{"file_name": "a.png", "scores": {"cat": 0.9}}"#), None);
        assert_eq!(
            detected(r#"{"file_name": "a.png", "label": "cat", "scores": {"cat": 0.9}}"#),
            None
        );
        assert_eq!(detected(r#"{"name": "conceptlint", "version": "1.0.0"}"#), None);
        assert_eq!(detected(r#"{"image": 3, "label": "cat"}"#), None);
    }

    #[test]
    fn scalar_keys_other_than_image_label_and_id_are_metadata() {
        let text = "{\"id\": 3, \"file_name\": \"a.png\", \"label\": \"cat\", \"source\": \"fl\\u00efckr\", \
                    \"iso\": 800, \"indoor\": false, \"box\": [1, 2], \"exif\": {\"f\": 2}, \"note\": null, \
                    \"empty\": \"\", \"caf\\u00e9\": \"x\"}\n";
        let file = crate::formats::read(std::path::Path::new("/d/metadata.jsonl"), text).unwrap();
        assert_eq!(file.format, Format::HfMetadataJsonl);
        let input = &file.inputs[0];
        let got: Vec<(&str, &str, String, String)> = input
            .metadata
            .iter()
            .map(|m| {
                let raw = |s: Span| &text[s.start..s.end];
                let name = m.name(file.format, text).into_owned();
                (raw(m.name), raw(m.value), name, m.value(file.format, text).into_owned())
            })
            .collect();
        assert_eq!(
            got,
            [
                ("source", "fl\\u00efckr", "source".into(), "fl\u{ef}ckr".into()),
                ("iso", "800", "iso".into(), "800".into()),
                ("indoor", "false", "indoor".into(), "false".into()),
                ("caf\\u00e9", "x", "caf\u{e9}".into(), "x".into()),
            ]
        );
        for m in input.metadata.iter() {
            assert!(input.span.start <= m.name.start && m.value.end <= input.span.end);
        }
        // Without metadata nothing is allocated.
        let plain = "{\"file_name\": \"a.png\", \"label\": \"cat\"}\n";
        let file = crate::formats::read(std::path::Path::new("/d/metadata.jsonl"), plain).unwrap();
        assert!(file.inputs[0].metadata.is_empty());
    }
}
