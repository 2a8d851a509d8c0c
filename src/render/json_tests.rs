use std::path::PathBuf;

use serde_json::{Value, json};

use super::*;
use crate::render::fixture;

const SCHEMA: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/check-output.schema.json"));

fn output(result: &CheckResult) -> Value {
    let text = render(result, &fixture::options());
    assert!(text.ends_with("}\n"));
    serde_json::from_str(&text).expect("valid JSON")
}

fn schema_errors(instance: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

#[test]
fn datasets_show_files_concepts_and_counts() {
    let out = output(&fixture::result());
    assert_eq!(out["version"], 1);
    assert_eq!(
        out["datasets"],
        json!([{
            "root": "data",
            "config": "conceptlint.toml",
            "files": [
                {"path": "data/labels.txt", "format": "labels-txt", "kind": "labels",
                 "inputs": 0, "concepts": 2},
                {"path": "data/train.csv", "format": "generic-csv", "kind": "dataset",
                 "inputs": 5, "concepts": 2},
            ],
            "concepts": [
                {"name": "cat", "positives": 4, "negatives": 0, "declared": true},
                {"name": "dog", "positives": 0, "negatives": 0, "declared": true},
                {"name": "dgo", "positives": 1, "negatives": 0, "declared": false},
            ],
            "inputs": 5,
            "unlabeled": 0,
            "multi_labeled": 0,
            "exclusivity": "declared",
        }])
    );
}

#[test]
fn diagnostics_carry_spans_char_ranges_related_locations_and_fixes() {
    let result = fixture::result();
    let out = output(&result);
    let diags = out["diagnostics"].as_array().expect("array");
    assert_eq!(diags.len(), 6);
    let dgo = fixture::find(fixture::TRAIN_TEXT, "dgo", 0);
    let end = fixture::LABELS_TEXT.len();
    assert_eq!(
        diags[1],
        json!({
            "rule": "unknown-concept",
            "code": "CL006",
            "severity": "error",
            "file": "data/train.csv",
            "message": "unknown concept 'dgo'",
            "span": {"start": dgo.start, "end": dgo.end},
            "range": {"start": {"line": 2, "column": 16}, "end": {"line": 2, "column": 19}},
            "related": [],
            "fixes": [
                {"title": "Replace 'dgo' with 'dog'", "edits": [{
                    "file": "data/train.csv",
                    "span": {"start": dgo.start, "end": dgo.end},
                    "range": {"start": {"line": 2, "column": 16}, "end": {"line": 2, "column": 19}},
                    "replacement": "dog",
                }]},
                {"title": "Add 'dgo' to labels.txt", "edits": [{
                    "file": "data/labels.txt",
                    "span": {"start": end, "end": end},
                    "range": {"start": {"line": 3, "column": 1}, "end": {"line": 3, "column": 1}},
                    "replacement": "dgo\n",
                }]},
            ],
            "input": {"location": "imgs/🐱café.jpg"},
        })
    );
    assert_eq!(
        diags[0]["related"],
        json!([{
            "file": "data/train.csv",
            "message": "first used here",
            "span": {"start": 46, "end": 49},
            "range": {"start": {"line": 3, "column": 12}, "end": {"line": 3, "column": 15}},
        }])
    );
    assert_eq!(&fixture::TRAIN_TEXT[46..49], "cat");
    assert_eq!(diags[0]["input"], Value::Null);
}

#[test]
fn summary_counts_everything() {
    let out = output(&fixture::result());
    assert_eq!(
        out["summary"],
        json!({
            "problems": 6,
            "by_severity": {"error": 1, "warning": 5, "info": 0, "hint": 0},
            "by_rule": [
                {"rule": "image-not-found", "code": "CL003", "count": 3},
                {"rule": "too-few-inputs", "code": "CL001", "count": 1},
                {"rule": "unknown-concept", "code": "CL006", "count": 1},
                {"rule": "duplicate-input", "code": "CL008", "count": 1},
            ],
            "fixable": 1,
            "datasets": 1,
            "files": 2,
            "inputs": 5,
        })
    );
}

#[test]
fn output_validates_against_the_published_schema() {
    let mut no_text = fixture::result();
    no_text.sources.clear();
    no_text.datasets[0].config = None;
    no_text.datasets[0].stats.exclusivity = None;
    for result in [fixture::result(), fixture::clean_result(), no_text, CheckResult::default()] {
        let out = output(&result);
        assert_eq!(schema_errors(&out), Vec::<String>::new(), "{out:#}");
    }
    let out = output(&fixture::result());
    assert_eq!(out["diagnostics"][0]["range"]["start"]["line"], 1);
}

#[test]
fn the_schema_rejects_what_it_does_not_describe() {
    let mut out = output(&fixture::result());
    out["diagnostics"][1]["severity"] = json!("fatal");
    out["datasets"][0]["files"][0]["surprise"] = json!(true);
    out["diagnostics"][1]["range"]["start"]["column"] = json!(0);
    let errors = schema_errors(&out);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let mut missing = output(&fixture::clean_result());
    missing.as_object_mut().expect("object").remove("summary");
    assert_eq!(schema_errors(&missing).len(), 1);
}

#[test]
fn paths_are_relative_to_the_working_directory() {
    let opts = RenderOptions { cwd: PathBuf::from("/proj/data"), ..fixture::options() };
    let out: Value = serde_json::from_str(&render(&fixture::result(), &opts)).expect("JSON");
    assert_eq!(out["datasets"][0]["root"], ".");
    assert_eq!(out["datasets"][0]["config"], "/proj/conceptlint.toml");
    assert_eq!(out["diagnostics"][1]["file"], "train.csv");
    assert_eq!(out["diagnostics"][1]["fixes"][1]["edits"][0]["file"], "labels.txt");
}
