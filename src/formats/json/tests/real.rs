//! The real files of `tests/fixtures/formats/real/` (see its README), checked against what
//! `real-manifests/EXPECTED.tsv` says a correct reader finds.

use super::*;
use crate::model::{FileKind, Format};

fn count_map(pairs: &[(&str, usize)]) -> std::collections::BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[test]
fn azureml_fridge_crlf() {
    let (text, f) = read("real/azureml_multiclass_fridge.validation_annotations.jsonl");
    assert!(text.contains("\r\n"));
    assert_eq!((f.format, f.inputs.len(), f.exclusive), (Format::AzuremlJsonl, 27, None));
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    assert_eq!(
        counts(&f),
        count_map(&[("can", 7), ("carton", 6), ("milk_bottle", 8), ("water_bottle", 6)])
    );
    for input in &f.inputs {
        assert!(
            at(&text, input.span).starts_with("{\"image_url\": \"azureml://")
                && at(&text, input.span).ends_with("\"}")
        );
        assert_eq!(at(&text, input.location_span), input.location);
        assert_eq!(input.labels.len(), 1);
        assert_eq!(at(&text, input.labels[0].span), input.labels[0].concept);
        assert_eq!(input.declared_size, None);
    }
}

#[test]
fn coco_nanodet_dummy() {
    let (text, f) = read("real/coco_nanodet_dummy_coco.json");
    assert_eq!((f.format, f.kind, f.exclusive), (Format::Coco, FileKind::Dataset, Some(false)));
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let concepts: Vec<_> =
        f.concepts.iter().map(|c| (c.id.as_deref(), c.name.as_str(), at(&text, c.span))).collect();
    assert_eq!(concepts, [(Some("1"), "bus", "bus"), (Some("2"), "car", "car")]);
    let inputs: Vec<_> =
        f.inputs.iter().map(|i| (i.id.as_deref(), i.location.as_str(), i.declared_size)).collect();
    let img = |id| (Some(id), "test_img.jpg", Some((360, 404)));
    assert_eq!(inputs, [img("0"), img("1"), img("2")]);
    let labels: Vec<Vec<&str>> =
        f.inputs.iter().map(|i| i.labels.iter().map(|l| l.concept.as_str()).collect()).collect();
    assert_eq!(labels, [vec!["bus", "car"], vec!["bus"], vec![]]);
    assert_eq!(counts(&f), count_map(&[("bus", 2), ("car", 1)]));
    assert!(
        f.inputs
            .iter()
            .flat_map(|i| &i.labels)
            .all(|l| at(&text, l.span) == "1" || at(&text, l.span) == "2")
    );
}

#[test]
fn mednist_class_index() {
    let (text, f) = read("real/labels_mednist.imagenet_class_index.json");
    assert_eq!((f.format, f.kind), (Format::ClassIndexJson, FileKind::Labels));
    let names: Vec<_> = f.concepts.iter().map(|c| at(&text, c.span)).collect();
    assert_eq!(names, ["AbdomenCT", "BreastMRI", "ChestCT", "CXR", "Hand", "HeadCT"]);
    let ids: Vec<_> = f.concepts.iter().map(|c| c.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["0", "1", "2", "3", "4", "5"]);
    assert_eq!(at(&text, f.concepts[0].decl_span), "\"0\":  \"AbdomenCT\"");
    assert!(f.problems.is_empty());
}

#[test]
fn label_studio_single_task_export() {
    let (text, f) = read("real/ls_fixture_previous_export.json");
    assert_eq!((f.format, f.inputs.len()), (Format::LabelStudioJson, 1));
    let input = &f.inputs[0];
    assert_eq!(
        (input.id.as_deref(), input.location.as_str()),
        (Some("1234"), "https://pytest.labelstud.io/mypets.jpg")
    );
    assert_eq!(names(&text, input), [("Cat", "Cat".into())]);
    assert_eq!(input.span, crate::model::Span::new(0, text.trim_end().len()));
    assert!(f.problems.is_empty());
}

#[test]
fn sagemaker_ground_truth_vehicles() {
    let (text, f) = read("real/sm_gt_ic_vehicles.output.manifest");
    assert_eq!((f.format, f.inputs.len(), f.exclusive), (Format::SagemakerManifest, 10, None));
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let expected = [("Helicopter", 2), ("Ferry", 2), ("Airplane", 3), ("Car", 1), ("Motorbike", 2)];
    assert_eq!(counts(&f), count_map(&expected));
    assert_eq!(names(&text, &f.inputs[0]), [("Helicopter", "Helicopter".into())]);
    assert_eq!(
        at(&text, f.inputs[0].location_span),
        "s3://sagemaker-us-east-1-517095012385/ground-truth-demo/images/image_0007.jpeg"
    );
    let index = crate::text::LineIndex::new(&text);
    for (i, input) in f.inputs.iter().enumerate() {
        assert_eq!(at(&text, input.span), &text[index.line_start(i)..index.line_start(i + 1) - 1]);
    }
}
