use std::path::Path;

use super::*;
use crate::config::ConceptSettings;
use crate::engine::Dataset;
use crate::rules::test_support::*;

/// `ds` plus `/ds/concepts.json`, read by the real reader.
fn with_concepts_json(mut ds: Dataset, text: &str) -> Dataset {
    let path = Path::new(ROOT).join("concepts.json");
    let file = crate::formats::read(&path, text).expect("concepts.json is read");
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    ds.sources.insert(path, text.to_string());
    ds.files.push(file.into());
    ds
}

fn findings(ds: &Dataset) -> Vec<(String, String, Severity)> {
    run(&RULE, ds, &Default::default())
        .iter()
        .map(|d| (at(ds, d).to_string(), d.message.clone(), d.severity))
        .collect()
}

#[test]
fn fires_on_declarations_with_the_reason() {
    let ds = Builder::new()
        .manifest("metadata.csv", &[("a.png", &["cat"])])
        .labels(&["cat", "happiness", "stolen_bike", "accountant", "firefighter", "zzqx", "2020"])
        .build();
    let (w, i) = (Severity::Warning, Severity::Info);
    assert_eq!(
        findings(&ds),
        vec![
            ("happiness".into(), "'happiness' names a feeling".into(), w),
            (
                "stolen_bike".into(),
                "'stolen_bike' has the non-visual modifier 'stolen' on a visual object".into(),
                w
            ),
            ("accountant".into(), "'accountant' names a role with no consistent look".into(), i),
            ("2020".into(), "'2020' names a year".into(), w),
        ]
    );
    let out = run(&RULE, &ds, &Default::default());
    assert!(out.iter().all(|d| d.fixes.is_empty()), "labels.txt has no per-concept settings");
    assert!(out[0].file.ends_with("labels.txt"));
}

#[test]
fn without_a_label_manifest_fires_once_on_the_first_use() {
    let ds = Builder::new()
        .manifest(
            "metadata.csv",
            &[("a.png", &["dog"]), ("b.png", &["Wednesday"]), ("c.png", &["Wednesday", "dog"])],
        )
        .build();
    let out = run(&RULE, &ds, &Default::default());
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].span, ds.files[0].inputs[1].labels[0].span);
    assert_eq!(at(&ds, &out[0]), "Wednesday");
    assert_eq!(out[0].message, "'Wednesday' names a time");
}

#[test]
fn undeclared_concepts_are_left_to_unknown_concept() {
    let ds =
        Builder::new().manifest("metadata.csv", &[("a.png", &["sorrow"])]).labels(&["cat"]).build();
    assert!(findings(&ds).is_empty());
}

#[test]
fn the_config_override_silences_a_concept() {
    let ds = Builder::new()
        .labels(&["happiness", "sadness"])
        .settings(|s| {
            s.concepts.insert("happiness".into(), ConceptSettings { visual: Some(true) });
            s.concepts.insert("sadness".into(), ConceptSettings { visual: None });
        })
        .build();
    let names: Vec<_> = findings(&ds).into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["sadness"]);
}

const CONCEPTS_JSON: &str = r#"{
  "concepts": [
    "cat",
    "happiness",
    {"name": "sadness", "id": "s1"},
    {
      "name": "boredom",
      "description": "bored faces"
    },
    {"name": "anger", "visual": true},
    {"name": "xq_17", "id": "n07526757"}
  ]
}
"#;

#[test]
fn concepts_json_visual_true_silences_and_the_fix_adds_it() {
    let ds = with_concepts_json(Builder::new().build(), CONCEPTS_JSON);
    let out = run(&RULE, &ds, &Default::default());
    let got: Vec<_> = out.iter().map(|d| (at(&ds, d), d.message.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("happiness", "'happiness' names a feeling"),
            ("sadness", "'sadness' names a feeling"),
            ("boredom", "'boredom' names a feeling"),
            ("xq_17", "'xq_17' is WordNet's 'happiness', which names a feeling"),
        ]
    );
    assert_eq!(out[0].fixes[0].title, "Mark 'happiness' as visual in concepts.json");
    let fixed = apply(&ds, &out[0], 0);
    assert!(fixed.contains(r#"    {"name": "happiness", "visual": true},"#), "{fixed}");
    let fixed = apply(&ds, &out[1], 0);
    assert!(fixed.contains(r#"{"name": "sadness", "id": "s1", "visual": true}"#), "{fixed}");
    let fixed = apply(&ds, &out[2], 0);
    assert!(
        fixed.contains("      \"description\": \"bored faces\",\n      \"visual\": true\n    }"),
        "{fixed}"
    );
    // Each fix leaves a valid concepts.json in which the concept is no longer reported.
    for (d, name) in out.iter().zip(["happiness", "sadness", "boredom", "xq_17"]) {
        let fixed = with_concepts_json(Builder::new().build(), &apply(&ds, d, 0));
        let left: Vec<_> = findings(&fixed).into_iter().map(|f| f.0).collect();
        assert!(!left.contains(&name.to_string()), "{name}: {left:?}");
    }
}

#[test]
fn visual_false_is_no_override_and_gets_no_fix() {
    let text = r#"{"concepts": [{"name": "boredom", "visual": false}]}"#;
    let ds = with_concepts_json(Builder::new().build(), text);
    let out = run(&RULE, &ds, &Default::default());
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].message, "'boredom' names a feeling");
    assert!(out[0].fixes.is_empty(), "the author said false: no fix flips it");
}
