//! The example datasets under `examples/` probed for real: each image problem they are built
//! to show is seen, and nothing else.

use std::path::{Path, PathBuf};

use super::{ImageStatus, probe_dataset};
use crate::engine::Dataset;
use crate::model::{FileKind, Format, Input, ParsedFile, Span};

/// A dataset of one manifest whose image locations are given (labels do not matter here).
fn dataset(root: &Path, manifest: &str, locations: Vec<String>) -> Dataset {
    let mut file = ParsedFile::new(root.join(manifest), Format::HfMetadataCsv, FileKind::Dataset);
    file.inputs = locations
        .into_iter()
        .map(|location| Input {
            id: None,
            location,
            location_span: Span::default(),
            span: Span::default(),
            labels: Vec::new(),
            declared_size: None,
            ..Default::default()
        })
        .collect();
    Dataset { root: root.to_path_buf(), files: vec![file.into()], ..Default::default() }
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

#[test]
fn pets_shows_each_image_problem_once() {
    let root = example("pets");
    let text = std::fs::read_to_string(root.join("metadata.csv")).unwrap();
    let locations: Vec<String> =
        text.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect();
    assert_eq!(locations.len(), 262);
    let facts = probe_dataset(&dataset(&root, "metadata.csv", locations.clone()), None, &|_, _| {});
    let mut small = Vec::new();
    let mut odd = Vec::new();
    let mut jpegs = 0;
    for (location, status) in locations.iter().zip(facts.per_file[0].iter()) {
        match status {
            ImageStatus::Probed { width, height, format, .. } => {
                jpegs += usize::from(format == "jpeg");
                if *width < 512 || *height < 512 {
                    small.push(format!("{location} {width}x{height}"));
                }
            }
            other => {
                odd.push(format!("{location}: {other:?}").replace(&*root.to_string_lossy(), "R"))
            }
        }
    }
    assert_eq!(jpegs, 5);
    assert_eq!(
        small,
        [
            "images/cat/cat_007.png 256x256",
            "images/dog/dog_013.png 640x300",
            "images/bird/bird_021.png 480x480"
        ]
    );
    assert_eq!(odd.len(), 4, "{odd:#?}");
    assert!(odd[0].starts_with("images/cat/cat_129.png: Unreadable"), "{}", odd[0]);
    assert!(odd[0].contains("truncated png header"), "{}", odd[0]);
    assert!(odd[1].starts_with("images/dog/dog_062.png: Unreadable"), "{}", odd[1]);
    assert!(odd[1].contains("not an image"), "{}", odd[1]);
    assert_eq!(
        odd[2],
        "images/bird/bird_056.png: NotFound { path: \"R/images/bird/bird_056.png\" }"
    );
    assert!(odd[3].starts_with("../outside.png: OutsideRoot"), "{}", odd[3]);
}

#[test]
fn clean_has_no_image_problem() {
    let root = example("clean");
    let text = std::fs::read_to_string(root.join("metadata.jsonl")).unwrap();
    let locations: Vec<String> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["file_name"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(locations.len(), 100);
    let facts = probe_dataset(&dataset(&root, "metadata.jsonl", locations), None, &|_, _| {});
    for status in facts.per_file[0].iter() {
        assert!(
            matches!(status, ImageStatus::Probed { width: 512, height: 512, format, .. } if format == "png"),
            "{status:?}"
        );
    }
}
