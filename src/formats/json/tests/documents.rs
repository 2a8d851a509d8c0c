//! Whole-document formats: COCO, Label Studio JSON and JSON_MIN, and JSON that is none of them.

use super::*;
use crate::model::{FileKind, Format};

#[test]
fn coco_images_categories_and_bad_references() {
    let (text, f) = read("json/coco_instances.json");
    assert_eq!((f.format, f.kind, f.exclusive), (Format::Coco, FileKind::Dataset, Some(false)));
    assert!(f.declares_concepts());
    let concepts: Vec<_> =
        f.concepts.iter().map(|c| (c.name.as_str(), at(&text, c.span), c.id.as_deref())).collect();
    assert_eq!(
        concepts,
        [
            ("person", "person", Some("1")),
            ("bicycle", "bicycle", Some("2")),
            ("vélo \"cargo\"", "v\\u00e9lo \\\"cargo\\\"", Some("3"))
        ]
    );
    assert_eq!(
        at(&text, f.concepts[0].decl_span),
        r#"{"id": 1, "name": "person", "supercategory": "human"}"#
    );
    let inputs: Vec<_> =
        f.inputs.iter().map(|i| (i.id.as_deref(), i.location.as_str(), i.declared_size)).collect();
    assert_eq!(
        inputs,
        [
            (Some("101"), "scenes/0101.jpg", Some((640, 480))),
            (Some("102"), "scenes/0102.jpg", Some((1920, 1080))),
            (Some("103"), "scenes/Grünerløkka.jpg", None),
        ]
    );
    assert_eq!(at(&text, f.inputs[2].location_span), "scenes/Gr\\u00fcnerl\\u00f8kka.jpg");
    assert!(
        at(&text, f.inputs[0].span).starts_with("{\"id\": 101, \"file_name\": \"scenes/0101.jpg\"")
    );
    let labels: Vec<Vec<&str>> =
        f.inputs.iter().map(|i| i.labels.iter().map(|l| l.concept.as_str()).collect()).collect();
    assert_eq!(labels, [vec!["person", "vélo \"cargo\""], vec!["bicycle"], vec!["vélo \"cargo\""]]);
    // A label's span is the `category_id` of the image's first annotation of that category.
    let first = f.inputs[0].labels[0].span;
    assert_eq!(at(&text, first), "1");
    let ann1 = text.find(r#"{"id": 1, "image_id": 101, "category_id": 1"#).unwrap();
    assert_eq!(first.start, ann1 + r#"{"id": 1, "image_id": 101, "category_id": "#.len());
    let p = problems(&text, &f);
    assert_eq!(p[0], ("101", "image id 101 is declared twice"));
    assert_eq!(
        p[1],
        (r#"{"id": 104, "width": 640, "height": 480}"#, "missing \"file_name\" (the image)")
    );
    assert_eq!(p[2], ("999", "annotation refers to image 999, which is not in \"images\""));
    assert_eq!(p[3], ("7", "annotation refers to category 7, which is not in \"categories\""));
    assert_eq!(p[4], (r#"{"id": 8, "category_id": 3}"#, "annotation has no \"image_id\""));
    assert_eq!(p.len(), 5);
}

#[test]
fn a_truncated_coco_file_is_still_reported() {
    let (text, f) = read("json/coco_truncated.json");
    assert_eq!((f.format, f.inputs.len()), (Format::Coco, 0));
    assert_eq!(f.problems.len(), 1);
    assert!(f.problems[0].message.starts_with("invalid JSON: "), "{}", f.problems[0].message);
    assert!(f.problems[0].span.end <= text.len());
}

#[test]
fn a_coco_file_with_a_trailing_comma_is_reported_and_read() {
    let text = r#"{"images": [{"id": 1, "file_name": "a.jpg"},], "annotations": [{"image_id": 1, "category_id": 1}], "categories": [{"id": 1, "name": "cat"}]}"#;
    let f = read_str("instances.json", text).unwrap();
    assert_eq!((f.format, f.inputs.len(), f.concepts.len()), (Format::Coco, 1, 1));
    assert_eq!(problems(text, &f), [(",", "invalid JSON: Trailing commas are not allowed")]);
    assert_eq!(f.inputs[0].labels[0].concept, "cat");
}

#[test]
fn label_studio_export() {
    let (text, f) = read("json/ls_export.json");
    assert_eq!(
        (f.format, f.kind, f.exclusive),
        (Format::LabelStudioJson, FileKind::Dataset, Some(false))
    );
    let got: Vec<_> =
        f.inputs.iter().map(|i| (i.id.as_deref(), i.location.as_str(), i.labels.len())).collect();
    assert_eq!(
        got,
        [
            (Some("1"), "/data/upload/3/a1b2c3d4-cat_001.jpg", 1),
            (Some("2"), "s3://my-bucket/pets/köpek_002.jpg", 2),
            (Some("3"), "/data/upload/3/unlabeled_003.jpg", 0),
            (Some("4"), "/data/upload/3/bad_004.jpg", 0),
        ]
    );
    // The cancelled "Dog" is skipped; two annotators' "Dog" count once.
    assert_eq!(names(&text, &f.inputs[0]), [("Cat", "Cat".into())]);
    assert_eq!(names(&text, &f.inputs[1]), [("Dog", "Dog".into()), ("Indoor", "Indoor".into())]);
    assert_eq!(at(&text, f.inputs[1].location_span), "s3://my-bucket/pets/k\\u00f6pek_002.jpg");
    assert_eq!(f.inputs[0].declared_size, Some((1024, 768)));
    assert!(at(&text, f.inputs[0].span).starts_with("{\n    \"id\": 1,"));
    let p = problems(&text, &f);
    assert_eq!(p[0], ("\"Cat\"", "\"choices\" should be a list, found a string"));
    assert_eq!(p[1].1, "task has no \"data\" object");
    assert!(p[1].0.starts_with("{\n    \"id\": 5,"));
    assert_eq!(p.len(), 2);
}

#[test]
fn label_studio_json_min() {
    let (text, f) = read("json/ls_min.json");
    assert_eq!(
        (f.format, f.exclusive, f.inputs.len()),
        (Format::LabelStudioJsonMin, Some(false), 3)
    );
    assert_eq!(names(&text, &f.inputs[0]), [("Cat", "Cat".into())]);
    assert_eq!(names(&text, &f.inputs[1]), [("Dog", "Dog".into()), ("Indoor", "Indoor".into())]);
    assert!(f.inputs[2].labels.is_empty());
    assert_eq!(f.inputs[1].id.as_deref(), Some("2"));
    assert!(f.problems.is_empty());
}

#[test]
fn other_json_is_left_alone() {
    for rel in ["json/noise/package.json", "json/noise/tsconfig.json"] {
        let (path, text) = fixture(rel);
        assert!(crate::formats::read(&path, &text).is_none(), "{rel}");
    }
    for text in [
        "",
        "[]",
        "{}",
        "[1, 2]",
        "\"x\"",
        "{\"0\": 1}",
        "[{\"name\": \"a\"}]",
        "{\"a\": [1,",
        "not json",
    ] {
        assert!(read_str("x.json", text).is_none(), "{text}");
    }
}
