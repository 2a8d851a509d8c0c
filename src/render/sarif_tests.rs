use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::*;
use crate::render::fixture;

const SCHEMA: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/sarif/sarif-schema-2.1.0.json"
));

/// Refuses every remote or file `$ref`: validation must work offline, from the schema alone.
struct Offline;

impl jsonschema::Retrieve for Offline {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("tests do not fetch {}", uri.as_str()).into())
    }
}

fn schema_errors(instance: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .with_retriever(Offline)
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

fn output(result: &CheckResult, opts: &RenderOptions) -> Value {
    let text = render(result, opts);
    assert!(text.ends_with("}\n"));
    serde_json::from_str(&text).expect("valid JSON")
}

fn run(result: &CheckResult) -> Value {
    output(result, &fixture::options())["runs"][0].clone()
}

#[test]
fn output_validates_against_the_sarif_2_1_0_schema() {
    let mut no_text = fixture::result();
    no_text.sources.clear();
    let relative_cwd = RenderOptions { cwd: PathBuf::from("."), ..fixture::options() };
    let cases = [
        (fixture::result(), fixture::options()),
        (fixture::clean_result(), fixture::options()),
        (no_text, fixture::options()),
        (fixture::result(), relative_cwd),
        (odd_paths(), fixture::options()),
    ];
    for (result, opts) in cases {
        let out = output(&result, &opts);
        assert_eq!(schema_errors(&out), Vec::<String>::new(), "{out:#}");
    }
}

#[test]
fn the_schema_catches_invalid_logs() {
    let mut out = output(&fixture::result(), &fixture::options());
    out["runs"][0]["results"][0]["level"] = json!("fatal");
    out["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        json!(0);
    assert_eq!(schema_errors(&out).len(), 2, "{:#?}", schema_errors(&out));
}

#[test]
fn driver_lists_every_rule_and_results_point_at_them() {
    let out = output(&fixture::result(), &fixture::options());
    assert_eq!(out["version"], "2.1.0");
    let run = &out["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "conceptlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), RULES.len());
    for (descriptor, rule) in rules.iter().zip(RULES) {
        assert_eq!(descriptor["id"], rule.code);
        assert_eq!(descriptor["name"], rule.name);
        assert_eq!(descriptor["defaultConfiguration"]["level"], level(rule.default_severity));
        assert!(!descriptor["shortDescription"]["text"].as_str().unwrap_or("").is_empty());
    }
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(run["originalUriBaseIds"], json!({"%SRCROOT%": {"uri": "file:///proj/"}}));
}

#[test]
fn regions_count_utf16_units_after_an_astral_char() {
    let run = run(&fixture::result());
    let dgo = &run["results"][1];
    assert_eq!(dgo["ruleId"], "CL006");
    assert_eq!(dgo["level"], "error");
    assert_eq!(dgo["message"]["text"], "unknown concept 'dgo'");
    assert_eq!(dgo["properties"], json!({"input": {"location": "imgs/🐱café.jpg"}}));
    // `imgs/🐱café.jpg,` is 15 chars but 16 UTF-16 units (the cat is a surrogate pair).
    assert_eq!(
        dgo["locations"][0]["physicalLocation"],
        json!({
            "artifactLocation": {"uri": "data/train.csv", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 2, "startColumn": 17, "endLine": 2, "endColumn": 20},
        })
    );
}

#[test]
fn related_locations_and_fixes() {
    let run = run(&fixture::result());
    assert_eq!(
        run["results"][3]["relatedLocations"],
        json!([{
            "id": 0,
            "physicalLocation": {
                "artifactLocation": {"uri": "data/train.csv", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 16},
            },
            "message": {"text": "first listed here"},
        }])
    );
    assert_eq!(
        run["results"][1]["fixes"],
        json!([
            {
                "description": {"text": "Replace 'dgo' with 'dog'"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": "data/train.csv", "uriBaseId": "%SRCROOT%"},
                    "replacements": [{
                        "deletedRegion":
                            {"startLine": 2, "startColumn": 17, "endLine": 2, "endColumn": 20},
                        "insertedContent": {"text": "dog"},
                    }],
                }],
            },
            {
                "description": {"text": "Add 'dgo' to labels.txt"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": "data/labels.txt", "uriBaseId": "%SRCROOT%"},
                    "replacements": [{
                        "deletedRegion":
                            {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 1},
                        "insertedContent": {"text": "dgo\n"},
                    }],
                }],
            },
        ])
    );
    assert!(run["results"][0].get("fixes").is_none());
    assert!(run["results"][2].get("relatedLocations").is_none());
}

fn odd_paths() -> CheckResult {
    let files = ["/proj/my data/a#1 50%.csv", "/elsewhere/ü b.csv", "c:d.csv"];
    let diagnostics = files
        .iter()
        .map(|f| fixture::diagnostic("r", "CL099", Severity::Hint, f, Span::new(0, 1), "m"))
        .collect();
    let sources = files.iter().map(|f| (PathBuf::from(f), "x,y\n".to_string())).collect();
    CheckResult { datasets: Vec::new(), diagnostics, sources }
}

#[test]
fn uris_are_percent_encoded_and_outside_files_are_absolute() {
    let run = run(&odd_paths());
    let uri = |i: usize| {
        run["results"][i]["locations"][0]["physicalLocation"]["artifactLocation"].clone()
    };
    assert_eq!(uri(0), json!({"uri": "my%20data/a%231%2050%25.csv", "uriBaseId": "%SRCROOT%"}));
    assert_eq!(uri(1), json!({"uri": "file:///elsewhere/%C3%BC%20b.csv"}));
    assert_eq!(uri(2), json!({"uri": "c%3Ad.csv", "uriBaseId": "%SRCROOT%"}));
    // An unknown code has no rule index; a hint is a note.
    assert!(run["results"][0].get("ruleIndex").is_none());
    assert_eq!(run["results"][0]["level"], "note");
    assert_eq!(file_uri(Path::new(r"C:\data\x.csv")), "file:///C:/data/x.csv");
}

#[test]
fn empty_results_still_make_a_complete_log() {
    let result = CheckResult { sources: BTreeMap::new(), ..CheckResult::default() };
    let run = run(&result);
    assert_eq!(run["results"], json!([]));
    assert_eq!(run["tool"]["driver"]["rules"].as_array().map(Vec::len), Some(RULES.len()));
}
