//! JSON Lines formats: Hugging Face, generic, SageMaker, Vertex AI, Azure ML.

use super::*;
use crate::model::Format;

#[test]
fn hf_metadata_with_bom_crlf_escapes_and_broken_lines() {
    let (text, f) = read("json/hf/metadata.jsonl");
    assert_eq!(f.format, Format::HfMetadataJsonl);
    assert_eq!(f.kind, crate::model::FileKind::Dataset);
    let got: Vec<_> = f.inputs.iter().map(|i| summary(&text, i)).collect();
    let l = |c: &str, w: &'static str| vec![(c.to_owned(), w, true)];
    assert_eq!(got[0], ("images/0001.png".into(), "images/0001.png", l("tabby_cat", "tabby_cat")));
    assert_eq!(
        got[1],
        ("images/0002.png".into(), "images/0002.png", l("golden retriever", "golden retriever"))
    );
    assert_eq!(
        got[2],
        (
            "images/café \"au lait\".png".into(),
            "images/caf\\u00e9 \\\"au lait\\\".png",
            l("café", "caf\\u00e9")
        )
    );
    assert_eq!(got[3], ("images/0004.png".into(), "images/0004.png", l("tabby_cat", "tabby_cat")));
    assert_eq!(got[4], ("images/0005.png".into(), "images/0005.png", l("dog", "dog")));
    assert_eq!(got[5], ("images/猫.png".into(), "images/猫.png", l("猫", "猫")));
    assert_eq!(got[6], ("images/0007.png".into(), "images/0007.png", vec![]));
    assert_eq!(got[7], ("images/0008.png".into(), "images/0008.png", l("3", "3")));
    assert_eq!(got[8].0, "images/0010.png");
    assert_eq!(got[9], ("images/0011.png".into(), "images/0011.png", vec![]));
    assert_eq!(got.len(), 10);
    // Input spans are whole lines: no BOM, no CR.
    assert_eq!(f.inputs[0].span.start, 3);
    assert_eq!(
        at(&text, f.inputs[1].span),
        r#"{"file_name": "images/0002.png", "label": "golden retriever"}"#
    );
    assert_eq!(at(&text, f.inputs[9].span), r#"{"file_name": "images/0011.png", "label": ""}"#);
    let p = problems(&text, &f);
    assert_eq!(p[0], (",", "invalid JSON: Trailing commas are not allowed"));
    assert_eq!(p[1], ("", "invalid JSON: Expected comma"));
    let missing_comma = f.problems[1].span.start;
    assert!(text[..missing_comma].ends_with(r#"{"file_name": "images/0005.png""#));
    assert_eq!(
        p[2],
        (r#"["images/0009.png", "cat"]"#, "expected a JSON object on each line, found an array")
    );
    assert_eq!(p[3], (r#"{"file_name": "images/0010.png"}"#, "missing \"label\""));
    assert_eq!(p[4], ("\"\"", "empty label in \"label\""));
    assert_eq!(p.len(), 5);
    assert_eq!(f.exclusive, None);
}

#[test]
fn bad_json_on_line_812_is_a_problem_there_and_the_rest_is_read() {
    let mut text = String::new();
    for i in 1..=1000 {
        if i == 812 {
            text.push_str("{\"file_name\": \"images/000812.png\", \"label\": \"cat\"\n");
        } else {
            text.push_str(&format!(
                "{{\"file_name\": \"images/{i:06}.png\", \"label\": \"cat\"}}\n"
            ));
        }
    }
    let f = read_str("train.jsonl", &text).unwrap();
    assert_eq!(f.inputs.len(), 999);
    assert_eq!(f.problems.len(), 1);
    let index = crate::text::LineIndex::new(&text);
    assert_eq!(index.line_of(f.problems[0].span.start), 811);
    assert!(f.problems[0].message.starts_with("invalid JSON: "), "{}", f.problems[0].message);
    assert_eq!(f.inputs[811].location, "images/000813.png");
}

#[test]
fn detection_skips_broken_first_lines_and_ignores_non_datasets() {
    let text = "{oops\n\n{\"image\": \"a.jpg\", \"concepts\": [\"x\"]}\n";
    let f = read_str("data.ndjson", text).unwrap();
    assert_eq!((f.format, f.inputs.len(), f.problems.len()), (Format::GenericJsonl, 1, 1));
    assert!(read_str("predictions.jsonl", &fixture("json/noise/predictions.jsonl").1).is_none());
    assert!(
        read_str(
            "events.jsonl",
            "{\"event\": \"click\", \"ts\": 1}\n{\"event\": \"view\", \"ts\": 2}\n"
        )
        .is_none()
    );
    assert!(
        read_str("app.manifest", "<?xml version=\"1.0\"?>\n<assembly manifestVersion=\"1.0\"/>\n")
            .is_none()
    );
    assert!(read_str("empty.jsonl", "").is_none());
    assert!(read_str("broken.jsonl", "{{{\n").is_none());
}

#[test]
fn a_claimed_metadata_jsonl_is_read_even_when_broken() {
    let text = "{\"file_name\": \"a.png\", \"text\": \"a cat\"}\n{\"file_name\": \"b.png\"}\n";
    let f = read_str("metadata.jsonl", text).unwrap();
    assert_eq!((f.format, f.inputs.len()), (Format::HfMetadataJsonl, 2));
    assert_eq!(f.problems.len(), 1);
    assert!(f.problems[0].message.starts_with("no label key"), "{}", f.problems[0].message);
    assert_eq!(at(text, f.problems[0].span), "{\"file_name\": \"a.png\", \"text\": \"a cat\"}");
    let text = "{\"file_name\": \"a.png\", \"label\": \n";
    let f = read_str("metadata.jsonl", text).unwrap();
    assert_eq!((f.format, f.inputs.len(), f.problems.len()), (Format::HfMetadataJsonl, 0, 1));
    let f = read_str("metadata.jsonl", "").unwrap();
    assert!(f.inputs.is_empty() && f.problems.is_empty());
}

#[test]
fn generic_jsonl_with_label_objects_ids_and_negatives() {
    let (text, f) = read("json/generic/train.jsonl");
    assert_eq!(f.format, Format::GenericJsonl);
    let ids: Vec<_> = f.inputs.iter().map(|i| i.id.as_deref().unwrap_or("-")).collect();
    assert_eq!(ids, ["a-001", "2", "a-003", "a-004", "a-006"]);
    let first: Vec<_> =
        f.inputs[0].labels.iter().map(|l| (at(&text, l.span), l.positive)).collect();
    assert_eq!(first, [("cat", true), ("indoor", true), ("dog", false)]);
    assert_eq!(names(&text, &f.inputs[1]), [("dog", "dog".into()), ("outdoor", "outdoor".into())]);
    assert_eq!(names(&text, &f.inputs[2]), [("dog", "dog".into())]);
    assert_eq!(f.inputs[3].labels.len(), 1);
    assert!(!f.inputs[3].labels[0].positive);
    assert_eq!(f.inputs[4].declared_size, Some((1024, 768)));
    let p = problems(&text, &f);
    assert_eq!(p[0], ("{\"value\": 1}", "label object has no \"id\""));
    assert_eq!(p[1], (r#"{"id": "a-005", "labels": ["cat"]}"#, "missing \"image\" (the image)"));
    assert_eq!(p.len(), 2);
}

#[test]
fn sagemaker_multi_label_output_manifest() {
    let (text, f) = read("json/sm_multilabel.output.manifest");
    assert_eq!((f.format, f.exclusive), (Format::SagemakerManifest, Some(false)));
    assert_eq!(f.inputs.len(), 4);
    let got: Vec<_> = f.inputs.iter().map(|i| names(&text, i)).collect();
    assert_eq!(got[0], [("0", "cat".into()), ("2", "bird".into())]);
    assert_eq!(got[1], [("1", "dog".into())]);
    assert_eq!(got[2], [("1", "dog".into())]);
    assert!(got[3].is_empty(), "a failed labeling task has no label");
    assert_eq!(at(&text, f.inputs[2].location_span), "s3://my-bucket/animals/img_003.jpg");
    let p = problems(&text, &f);
    assert_eq!(p[0], ("5", "class 5 has no name in \"animals-metadata\".\"class-map\""));
    assert!(p[1].1.starts_with("invalid JSON: Unterminated object"), "{}", p[1].1);
    assert_eq!(p.len(), 2);
}

#[test]
fn sagemaker_augmented_manifest_with_class() {
    let (text, f) = read("json/augmented.manifest");
    assert_eq!((f.format, f.exclusive, f.inputs.len()), (Format::SagemakerManifest, None, 4));
    assert_eq!(counts(&f), [("cat".into(), 2), ("dog".into(), 1)].into());
    let p = problems(&text, &f);
    assert_eq!(
        p,
        [(
            r#"{"source-ref": "s3://my-bucket/train/img_003.jpg"}"#,
            "no label: expected \"<attribute>\" with \"<attribute>-metadata\", or \"class\""
        )]
    );
}

#[test]
fn vertex_single_and_multi_label() {
    let (text, f) = read("json/vertex_single.jsonl");
    assert_eq!((f.format, f.exclusive, f.inputs.len()), (Format::VertexJsonl, None, 4));
    assert_eq!(names(&text, &f.inputs[0]), [("daisy", "daisy".into())]);
    assert_eq!(names(&text, &f.inputs[1]), [("roses", "roses".into())]);
    assert!(f.inputs[2].labels.is_empty() && f.inputs[3].labels.is_empty());
    assert_eq!(
        problems(&text, &f),
        [(r#"{"annotationResourceLabels": {}}"#, "annotation has no \"displayName\"")]
    );
    let (text, f) = read("json/vertex_multi.jsonl");
    assert_eq!((f.exclusive, f.inputs.len()), (Some(false), 2));
    assert_eq!(names(&text, &f.inputs[0]), [("beach", "beach".into()), ("sunny", "sunny".into())]);
    assert!(f.problems.is_empty());
}

#[test]
fn azureml_multi_label_with_image_details_and_crlf() {
    let (text, f) = read("json/azureml_multilabel.jsonl");
    assert_eq!((f.format, f.exclusive, f.inputs.len()), (Format::AzuremlJsonl, Some(false), 3));
    let sizes: Vec<_> = f.inputs.iter().map(|i| i.declared_size).collect();
    assert_eq!(sizes, [Some((499, 666)), Some((640, 480)), None]);
    assert_eq!(
        names(&text, &f.inputs[0]),
        [("can", "can".into()), ("milk_bottle", "milk_bottle".into())]
    );
    assert!(f.inputs.iter().all(|i| at(&text, i.span).ends_with('}')));
    assert_eq!(problems(&text, &f), [("\"big\"", "width should be a whole number of pixels")]);
}

#[test]
fn json_lines_in_a_json_file() {
    let (_, f) = read("json/records.json");
    assert_eq!((f.format, f.inputs.len()), (Format::HfMetadataJsonl, 2));
    let f = read_str("one.json", "{\"image\": \"a.jpg\", \"label\": \"cat\"}").unwrap();
    assert_eq!((f.format, f.inputs.len()), (Format::GenericJsonl, 1));
}
