//! Whole-file tests of the delimited readers through [`super::read`], on the fixtures in
//! `tests/fixtures/formats/` (real files under `real/`, see its README) and inline texts.

use std::path::Path;

use super::scan::slice;
use super::*;
use crate::model::{Input, Label};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/", $name))
    };
}

/// Reads `text` as the file `name` (the extension decides the reader, as in `formats::read`).
fn parse(name: &str, text: &str) -> Option<ParsedFile> {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let file = read(Path::new(name), &name.to_ascii_lowercase(), ext, text)?;
    assert_spans(text, &file);
    Some(file)
}

/// Every span slices back to its exact text, records have no line ending, and the parts of an
/// input lie inside it.
fn assert_spans(text: &str, file: &ParsedFile) {
    let inside = |outer: Span, inner: Span| outer.start <= inner.start && inner.end <= outer.end;
    for input in &file.inputs {
        let record = slice(text, input.span);
        assert!(!record.is_empty() && !record.ends_with(['\r', '\n']), "{record:?}");
        assert_eq!(slice(text, input.location_span), input.location);
        assert!(inside(input.span, input.location_span));
        for label in &input.labels {
            assert!(!label.concept.is_empty());
            assert!(inside(input.span, label.span), "{label:?} outside {record:?}");
            // Exact unless the name holds a quote (written `""` in the file) or is a class index.
            if file.format != Format::SagemakerLst && !label.concept.contains('"') {
                assert_eq!(slice(text, label.span), label.concept);
            }
        }
    }
    for problem in &file.problems {
        assert!(text.get(problem.span.start..problem.span.end).is_some(), "{problem:?}");
    }
    for input in &file.inputs {
        for meta in &input.metadata {
            assert!(inside(input.span, meta.value), "{meta:?}");
            assert!(meta.name.end <= input.span.start, "the name is a header cell: {meta:?}");
            assert!(text.get(meta.name.start..meta.name.end).is_some_and(|n| !n.is_empty()));
        }
    }
}

/// Each metadata value of an input as `(name, value as written, value unescaped)`.
fn metadata<'t>(
    text: &'t str,
    file: &ParsedFile,
    input: &Input,
) -> Vec<(&'t str, &'t str, String)> {
    input
        .metadata
        .iter()
        .map(|m| {
            (slice(text, m.name), slice(text, m.value), m.value(file.format, text).into_owned())
        })
        .collect()
}

#[test]
fn metadata_columns_keep_their_scalar_values_with_exact_spans() {
    let text = "id,file_name,label,Camera Model,notes,source\r\n\
                7,a.png,cat,\"Canon \"\"EOS\"\"\",\"{\"\"x\"\": 1}\",  flickr \r\n\
                8,b.png,dog,,[1 2],studio\r\n\
                9,c.png,dog\r\n";
    let file = parse("train.csv", text).unwrap();
    assert_eq!(file.format, Format::GenericCsv);
    let got: Vec<_> = file.inputs.iter().map(|i| metadata(text, &file, i)).collect();
    assert_eq!(
        got,
        [
            vec![
                ("Camera Model", "Canon \"\"EOS\"\"", "Canon \"EOS\"".to_string()),
                ("source", "flickr", "flickr".to_string()),
            ],
            vec![("source", "studio", "studio".to_string())],
            vec![],
        ],
        "the id, image and label are not metadata; empty cells and JSON objects or lists are left out"
    );
    // The name is the header cell, shared by every row.
    assert_eq!(file.inputs[0].metadata[1].name, file.inputs[1].metadata[0].name);

    let tsv = "file_name\tlabel\tcamera\n\"x.png\"\tcat\t\"Nikon, D750\"\n";
    let file = parse("train.tsv", tsv).unwrap();
    assert_eq!(
        metadata(tsv, &file, &file.inputs[0]),
        [("camera", "Nikon, D750", "Nikon, D750".into())]
    );

    // Clarifai's `metadata` and `geopoints` are checked, not kept; the legacy template keeps none.
    let sdk = "inputid,input,concepts,metadata,geopoints\n1,a.png,cat,\"{'split': 'train'}\",\"102,70\"\n";
    let file = parse("upload.csv", sdk).unwrap();
    assert_eq!(file.format, Format::ClarifaiCsv);
    assert!(file.inputs[0].metadata.is_empty());
}

fn concepts(input: &Input) -> Vec<&str> {
    input.labels.iter().map(|l| l.concept.as_str()).collect()
}

fn problems<'t>(text: &'t str, file: &'t ParsedFile) -> Vec<(&'t str, &'t str)> {
    file.problems.iter().map(|p| (slice(text, p.span), p.message.as_str())).collect()
}

#[test]
fn real_clarifai_sdk_files_match_expected_counts() {
    let text = fixture!("real/clarifai_sdk_image_filepaths.csv");
    let file = parse("image_filepaths.csv", text).unwrap();
    assert_eq!(file.format, Format::ClarifaiCsv);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(file.inputs.len(), 3);
    assert!(file.inputs.iter().all(|i| concepts(i) == ["test"] && i.id.is_none()));
    assert_eq!(file.inputs[2].location, "data/image_files/zebstrika.png");

    let text = fixture!("real/clarifai_sdk_image_urls.csv");
    let file = parse("image_urls.csv", text).unwrap();
    assert_eq!(file.format, Format::ClarifaiCsv);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(file.inputs.len(), 3);
    assert!(file.inputs.iter().all(|i| concepts(i) == ["image"]));
    let ids: Vec<_> = file.inputs.iter().map(|i| i.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["image01", "image02", "image03"]);
    assert_eq!(file.inputs[1].location, "https://samples.clarifai.com/metro-north.jpg");
}

#[test]
fn hugging_face_metadata_csv() {
    let text = fixture!("csv/metadata.csv");
    let file = parse("metadata.csv", text).unwrap();
    assert_eq!((file.format, file.kind), (Format::HfMetadataCsv, FileKind::Dataset));
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let got: Vec<_> = file.inputs.iter().map(|i| (i.location.as_str(), concepts(i))).collect();
    assert_eq!(
        got,
        [
            ("train/cat/0001.jpg", vec!["cat"]),
            ("train/cat/0002.jpg", vec!["cat"]),
            ("train/dog/0003.jpg", vec!["dog"]),
            ("train/dog/0004.jpg", vec!["dog"]),
            ("train/tench/0005.jpg", vec!["tench, Tinca tinca"]),
            ("test/cat/0006.jpg", vec!["cat"]),
            ("test/unlabeled/0007.jpg", vec![]),
        ]
    );
    assert_eq!(slice(text, file.inputs[1].span), "train/cat/0002.jpg,cat,\"Lee, J.\",train");
    assert_eq!(file.exclusive, None);
}

#[test]
fn metadata_csv_without_a_label_column_is_reported_and_still_read() {
    let text = "file_name,caption\nimages/a.png,a red bus\n";
    let file = parse("metadata.csv", text).unwrap();
    assert_eq!(file.format, Format::HfMetadataCsv);
    let got = problems(text, &file);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "file_name,caption");
    assert!(got[0].1.starts_with(
        "no label column: expected one of label, labels, concept, concepts, class, category"
    ));
    assert_eq!(file.inputs.len(), 1);
    assert!(file.inputs[0].labels.is_empty());
    // The same header in any other CSV is not a manifest.
    assert!(parse("captions.csv", text).is_none());
    let file = parse("metadata.csv", "").unwrap();
    assert_eq!(file.problems[0].message, "empty file: expected a header row");
}

#[test]
fn generic_tsv_with_multi_label_cells_and_ids() {
    let text = fixture!("csv/multilabel.tsv");
    let file = parse("photos.tsv", text).unwrap();
    assert_eq!(file.format, Format::GenericCsv);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let got: Vec<_> = file
        .inputs
        .iter()
        .map(|i| (i.id.as_deref().unwrap(), i.location.as_str(), concepts(i)))
        .collect();
    assert_eq!(
        got,
        [
            ("101", "photos/beach 01.jpg", vec!["sea", "sand", "sky"]),
            ("102", "photos/beach 02.jpg", vec!["sea", "sky"]),
            ("103", "photos/forest.jpg", vec!["tree", "moss"]),
            ("104", "photos/city.jpg", vec!["car", "bus"]),
            ("105", "photos/empty.jpg", vec![]),
        ]
    );
}

#[test]
fn tab_delimited_header_in_a_csv_file_is_read_as_tsv() {
    let text = "image\tlabel\na.jpg\tcat\n";
    let file = parse("data.csv", text).unwrap();
    assert_eq!(concepts(&file.inputs[0]), ["cat"]);
    let text = "image;label\na.jpg;cat|dog\n";
    let file = parse("data.csv", text).unwrap();
    assert_eq!(concepts(&file.inputs[0]), ["cat", "dog"]);
}

#[test]
fn crlf_bom_quotes_blank_lines_and_no_final_newline() {
    let text = fixture!("csv/crlf_bom.csv");
    let file = parse("dogs.csv", text).unwrap();
    assert_eq!(file.format, Format::GenericCsv);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let got: Vec<_> = file.inputs.iter().flat_map(concepts).collect();
    assert_eq!(got, ["golden_retriever", "poodle", "Poodle"]);
    assert_eq!(slice(text, file.inputs[2].span), "https://example.org/img/3.png,Poodle");
    assert_eq!(file.inputs[0].location_span.start, text.find("https").unwrap());
}

#[test]
fn broken_rows_are_reported_where_they_are_and_the_rest_is_read() {
    let text = fixture!("csv/broken.csv");
    let file = parse("broken.csv", text).unwrap();
    let got = problems(text, &file);
    assert_eq!(
        got,
        [
            (
                ",extra",
                "row has 4 fields but the header has 3 (a value containing the delimiter must be quoted); row not read"
            ),
            ("c.jpg,cat", "row has 2 fields but the header has 3"),
            (",", "row has 4 fields but the header has 3"),
            ("", "empty image location; row not read"),
            (
                "\"e.jpg,dog,train",
                "this quote is never closed, so the rest of the file is one field; row not read"
            ),
        ]
    );
    assert_eq!(file.problems[3].span.start, text.find("\n,cat,train").unwrap() + 1);
    let read: Vec<_> = file.inputs.iter().map(|i| i.location.as_str()).collect();
    assert_eq!(read, ["a.jpg", "c.jpg", "d.jpg"]);
}

#[test]
fn escaped_quotes_inside_label_cells_keep_exact_spans() {
    let text =
        "image,labels\na.jpg,\"[\"\"cat\"\", \"\"dog\"\"]\"\nb.jpg,\"say \"\"cheese\"\"|dog\"\n";
    let file = parse("x.csv", text).unwrap();
    assert_eq!(concepts(&file.inputs[0]), ["cat", "dog"]);
    assert_eq!(concepts(&file.inputs[1]), ["say \"cheese\"", "dog"]);
    assert_eq!(slice(text, file.inputs[1].labels[0].span), "say \"\"cheese\"\"");
}

#[test]
fn vertex_ai_csv() {
    let text = fixture!("csv/vertex_flowers.csv");
    let file = parse("flowers.csv", text).unwrap();
    assert_eq!(file.format, Format::VertexCsv);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(file.inputs.len(), 6);
    assert_eq!(concepts(&file.inputs[4]), ["sunflowers", "daisy"]);
    assert!(file.inputs[5].location.starts_with("gs://cloud-samples-data/"));
}

#[test]
fn clarifai_legacy_template_with_negative_labels() {
    let text = fixture!("csv/clarifai_template.csv");
    let file = parse("upload.csv", text).unwrap();
    assert_eq!(file.format, Format::ClarifaiLegacyCsv);
    let label = |input: usize| -> Vec<(&str, bool)> {
        file.inputs[input].labels.iter().map(|l: &Label| (l.concept.as_str(), l.positive)).collect()
    };
    assert_eq!(label(0), [("dog", true), ("cat", false)]);
    assert_eq!(label(1), [("cat", true), ("dog", false)]);
    assert_eq!(label(2), [("dog", true)]);
    assert_eq!(label(3), [("puppy", true)]);
    assert_eq!(file.inputs[3].id.as_deref(), Some("img-4"));
    assert_eq!(
        problems(text, &file),
        [("yes", "concept value must be 1 (present) or 0 (absent), not 'yes'; label not read")]
    );
}

#[test]
fn clarifai_sdk_concept_lists_and_metadata() {
    let text = fixture!("csv/clarifai_lists.csv");
    let file = parse("inputs.csv", text).unwrap();
    assert_eq!(file.format, Format::ClarifaiCsv);
    let got: Vec<_> = file.inputs.iter().map(concepts).collect();
    assert_eq!(got, [vec!["cat", "dog"], vec!["cat", "bird"], vec!["bird"], vec![]]);
    let got = problems(text, &file);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "{'split': train}");
    let text = "input,concepts,geopoints\na.jpg,cat,\"102,70\"\nb.jpg,cat,north\n";
    let file = parse("geo.csv", text).unwrap();
    assert_eq!(problems(text, &file)[0].0, "north");
    assert_eq!(file.problems.len(), 1);
}

#[test]
fn sagemaker_lst() {
    let text = fixture!("csv/val.lst");
    let file = parse("val.lst", text).unwrap();
    assert_eq!(file.format, Format::SagemakerLst);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let got: Vec<_> = file.inputs.iter().flat_map(concepts).collect();
    assert_eq!(got, ["0", "0", "1", "217"]);
    assert_eq!(slice(text, file.inputs[3].labels[0].span), "217");
}

#[test]
fn predictions_and_unrelated_csv_files_are_not_datasets() {
    assert!(parse("scores.csv", fixture!("csv/scores.csv")).is_none());
    assert!(parse("val_outputs.csv", fixture!("csv/val_outputs.csv")).is_none());
    assert!(parse("predictions.csv", "file_name,label\na.jpg,cat\n").is_none());
    assert!(parse("data.csv", "a,b,c\n1,2,3\n").is_none());
    assert!(parse("data.csv", "url,width,height\nhttps://x/a.jpg,10,10\n").is_none());
    assert!(parse("data.csv", "").is_none());
    assert!(parse("data.tsv", "\n\n").is_none());
}

#[test]
fn listed_files_report_instead_of_being_ignored() {
    let file = read_listed(Path::new("x.tsv"), "x.tsv", "tsv", "path\twidth\na.jpg\t3\n");
    assert_eq!(file.format, Format::GenericCsv);
    assert!(file.problems[0].message.starts_with("no label column"));
    assert_eq!(file.inputs.len(), 1);
    let file = read_listed(Path::new("x.csv"), "x.csv", "csv", "a,b\n1,2\n");
    assert!(file.problems[0].message.starts_with("no image column: expected one of file_name"));
    assert_eq!(file.problems[0].span, Span::new(0, 3));
}

#[test]
fn odd_bytes_never_panic() {
    let texts = [
        "\u{feff}",
        "\"",
        "image,label\n\"",
        "image,label\r\r\r,\n\"\"\"",
        "image,label\né,\"ü\"\"\"x\n",
        "gs://a\n\"",
        "0\t1\t\n",
        "file_name,label\n\u{3000},\u{3000}\n",
    ];
    for text in texts {
        for name in ["metadata.csv", "a.csv", "a.tsv", "a.lst"] {
            let _ = parse(name, text);
        }
    }
}
