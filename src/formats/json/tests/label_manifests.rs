//! Label manifests: `concepts.json` (and its schema), class-index JSON.

use super::*;
use crate::model::{FileKind, Format};

#[test]
fn concepts_json() {
    let (text, f) = read("json/concepts/concepts.json");
    assert_eq!(
        (f.format, f.kind, f.exclusive),
        (Format::ConceptsJson, FileKind::Labels, Some(true))
    );
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let got: Vec<_> =
        f.concepts.iter().map(|c| (c.name.as_str(), at(&text, c.span), c.id.as_deref())).collect();
    assert_eq!(
        got,
        [
            ("tabby_cat", "tabby_cat", None),
            ("golden retriever", "golden retriever", Some("n02099601")),
            ("café \"noir\"", "caf\\u00e9 \\\"noir\\\"", Some("7")),
            ("猫", "猫", None),
        ]
    );
    assert_eq!(at(&text, f.concepts[0].decl_span), "\"tabby_cat\"");
    assert!(at(&text, f.concepts[1].decl_span).starts_with('{'));
    let golden = &f.concepts[1];
    assert_eq!(golden.description.as_deref(), Some("The dog breed, any age."));
    assert_eq!(golden.synonyms, ["golden", "goldie"]);
    assert_eq!(golden.visual, Some(true));
}

#[test]
fn broken_concepts_json_reports_each_place() {
    let (text, f) = read("json/concepts-broken/concepts.json");
    assert_eq!((f.format, f.exclusive), (Format::ConceptsJson, None));
    let names: Vec<_> = f.concepts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["cat", "dog"]);
    let p = problems(&text, &f);
    assert_eq!(
        p,
        [
            (",", "invalid JSON: Trailing commas are not allowed"),
            ("\"yes\"", "\"exclusive\" should be true or false, found a string"),
            (
                "colour",
                "unknown key \"colour\" (expected one of: id, name, description, synonyms, visual)"
            ),
            ("{", "concept has no \"name\""),
            ("42", "a concept should be a name or an object, found a number"),
            ("\"\"", "empty concept name"),
            ("labels", "unknown key \"labels\" (expected one of: $schema, exclusive, concepts)"),
            ("cat", "concept \"cat\" is declared twice"),
        ]
    );
    // The duplicate is the second "cat", inside {"name": "cat"}.
    assert!(text[..f.problems[7].span.start].ends_with("{\"name\": \""));
}

#[test]
fn concepts_json_that_cannot_be_parsed_is_still_a_label_manifest() {
    let f = read_str("concepts.json", "{\"concepts\": [\"cat\"").unwrap();
    assert_eq!(
        (f.format, f.kind, f.concepts.len(), f.problems.len()),
        (Format::ConceptsJson, FileKind::Labels, 0, 1)
    );
    let f = read_str("concepts.json", "[\"cat\"]").unwrap();
    assert_eq!(
        f.problems[0].message,
        "concepts.json should be an object with \"concepts\", found an array"
    );
    let f = read_str("concepts.json", "{}").unwrap();
    assert_eq!(f.problems[0].message, "missing \"concepts\": the list of concepts");
    let f = read_str("concepts.json", "").unwrap();
    assert!(f.concepts.is_empty());
}

#[test]
fn the_schema_accepts_what_the_reader_accepts() {
    let schema_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/concepts.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_, good) = fixture("json/concepts/concepts.json");
    let good: serde_json::Value = serde_json::from_str(&good).unwrap();
    let errors: Vec<String> = validator.iter_errors(&good).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    for bad in [
        r#"{"concepts": [{"name": "dog", "colour": "brown"}]}"#,
        r#"{"concepts": ["cat"], "labels": []}"#,
        r#"{"exclusive": "yes", "concepts": []}"#,
        r#"{"concepts": [{"id": "bird"}]}"#,
        r#"{"concepts": [""]}"#,
        r#"{"concepts": [42]}"#,
        r#"{"concepts": [{"name": "cat", "visual": "yes"}]}"#,
        r#"{"exclusive": true}"#,
    ] {
        let instance: serde_json::Value = serde_json::from_str(bad).unwrap();
        assert!(!validator.is_valid(&instance), "schema accepts {bad}");
        let f = read_str("concepts.json", bad).unwrap();
        assert!(!f.problems.is_empty(), "reader accepts {bad}");
    }
}

#[test]
fn keras_class_index() {
    let (text, f) = read("json/keras_class_index.json");
    assert_eq!((f.format, f.kind), (Format::ClassIndexJson, FileKind::Labels));
    let got: Vec<_> =
        f.concepts.iter().map(|c| (c.id.as_deref().unwrap(), c.name.as_str())).collect();
    assert_eq!(
        got,
        [
            ("0", "tench"),
            ("1", "goldfish"),
            ("2", "great_white_shark"),
            ("134", "crane"),
            ("517", "crane")
        ]
    );
    assert_eq!(at(&text, f.concepts[0].decl_span), r#""0": ["n01440764", "tench"]"#);
    assert!(f.problems.is_empty());
}
