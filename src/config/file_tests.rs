//! Tests of config parsing: every problem placed, paths kept inside, pyproject tables.

use super::*;

fn problems(text: &str) -> Vec<(String, String)> {
    let cfg = parse(Path::new("/d/conceptlint.toml"), text.to_string());
    cfg.problems
        .iter()
        .map(|p| (text[p.span.start..p.span.end].to_string(), p.message.clone()))
        .collect()
}

#[test]
fn a_full_config_resolves() {
    let text = r#"
select = ["ALL"]
ignore = ["class-imbalance"]
exclusive = true
image-root = "imgs"
labels = "labels.txt"
predictions = "eval/predictions.csv"
manifests = ["train.csv"]
ignore-inputs = ["imgs/a.png"]
[thresholds]
min-inputs = 10
score = 0.35
min-image-width = 224
min-image-height = 224
max-imbalance-ratio = 3.5
near-duplicate-distance = 4
max-duplicate-share = 0.5
shortcut-accuracy = 0.95
shortcut-margin = 0.2
[severity]
small-image = "error"
CL001 = "info"
[per-input-ignores]
"imgs/b.png" = ["small-image"]
[concepts.happiness]
visual = true
[concepts."Golden Retriever"]
"#;
    let cfg = parse(Path::new("/d/conceptlint.toml"), text.to_string());
    assert!(cfg.problems.is_empty(), "{:?}", cfg.problems);
    let s = cfg.settings;
    assert_eq!(s.thresholds.min_inputs, 10);
    assert_eq!(s.thresholds.min_image_width, 224);
    assert_eq!(s.thresholds.max_imbalance_ratio, 3.5);
    assert_eq!(s.thresholds.score, 0.35);
    assert_eq!(s.thresholds.near_duplicate_distance, 4);
    assert_eq!(s.thresholds.max_duplicate_share, 0.5);
    assert_eq!(s.thresholds.shortcut_accuracy, 0.95);
    assert_eq!(s.thresholds.shortcut_margin, 0.2);
    assert_eq!(s.predictions.as_deref(), Some(Path::new("/d/eval/predictions.csv")));
    assert_eq!(s.exclusive, Some(true));
    assert_eq!(s.image_root.as_deref(), Some(Path::new("/d/imgs")));
    assert_eq!(s.manifests, vec![Path::new("/d/train.csv").to_path_buf()]);
    assert_eq!(s.severity.get("too-few-inputs"), Some(&Severity::Info));
    assert_eq!(s.severity.get("small-image"), Some(&Severity::Error));
    assert!(s.input_ignored("small-image", "imgs/b.png"));
    assert!(s.declared_visual("happiness"));
    assert!(!s.declared_visual("Golden Retriever"), "no `visual` said");
    assert!(!s.declared_visual("sadness"));
}

#[test]
fn concept_settings_problems_are_placed() {
    let p = problems("[concepts.happiness]\nvisible = true\n");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].0, "visible");
    assert!(p[0].1.contains("unknown field `visible`"), "{p:?}");
    let p = problems("[concepts.happiness]\nvisual = \"yes\"\n");
    assert_eq!(p[0].0, "\"yes\"");
    let p = problems("[concepts.\"\"]\nvisual = true\n");
    assert_eq!(p, vec![("\"\"".to_string(), "a concept name cannot be empty".to_string())]);
    let p = problems("concepts = [\"happiness\"]\n");
    assert_eq!(p[0].0, "[\"happiness\"]");
}

#[test]
fn every_problem_is_placed() {
    assert_eq!(
        problems("select = [\"too-few-input\"]\n"),
        vec![(
            "\"too-few-input\"".to_string(),
            "unknown rule 'too-few-input'; did you mean 'too-few-inputs'?".to_string()
        )]
    );
    let p = problems("[thresholds]\nmin-inputs = 0\n");
    assert_eq!(p[0].0, "0");
    let p = problems("[severity]\nsmall-image = \"loud\"\n");
    assert_eq!(p[0].0, "\"loud\"");
    let p = problems("colour = 1\n");
    assert!(p[0].1.contains("unknown field `colour`"), "{p:?}");
    assert_eq!(p[0].0, "colour");
    let p = problems("select = [\n");
    assert_eq!(p.len(), 1);
    let p = problems("[thresholds]\nscore = 1.5\n");
    assert_eq!(p[0], ("1.5".into(), "score must be a number between 0 and 1, not 1.5".into()));
    let p = problems("[thresholds]\nmin-inputs = \"fifty\"\n");
    assert_eq!(p[0].0, "\"fifty\"");
    let p = problems("[thresholds]\nnear-duplicate-distance = 17\nshortcut-margin = -0.1\n");
    assert_eq!(
        p,
        vec![
            ("-0.1".into(), "shortcut-margin must be a number between 0 and 1, not -0.1".into()),
            (
                "17".into(),
                "near-duplicate-distance must be between 0 and 16 (bits of a 64-bit hash), not 17"
                    .into()
            ),
        ]
    );
    let p = problems("[thresholds]\nmax-duplicate-share = 2\nnear-duplicate-distance = -1\n");
    assert_eq!(p[0].0, "2");
    assert_eq!(p[1].0, "-1");
}

#[test]
fn paths_that_leave_the_config_folder_are_problems_and_dropped() {
    let text = "manifests = [\"ds/train.csv\", \"secret/../../out.csv\", \"./a/../b.csv\"]\n\
                labels = \"/etc/labels.txt\"\npredictions = \"../p.csv\"\nimage-root = \"imgs/..\"\n";
    let cfg = parse(Path::new("/d/conceptlint.toml"), text.to_string());
    let got: Vec<_> = cfg.problems.iter().map(|p| &text[p.span.start..p.span.end]).collect();
    assert_eq!(got, ["\"secret/../../out.csv\"", "\"/etc/labels.txt\"", "\"../p.csv\""]);
    assert_eq!(
        cfg.problems[0].message,
        "`manifests` path 'secret/../../out.csv' leaves the config's folder; paths must stay inside it"
    );
    let s = &cfg.settings;
    assert_eq!(s.manifests, [Path::new("/d/ds/train.csv"), Path::new("/d/b.csv")]);
    assert_eq!(s.labels, None);
    assert_eq!(s.predictions, None);
    assert_eq!(s.image_root.as_deref(), Some(Path::new("/d")));
    let cfg = parse(Path::new("/d/conceptlint.toml"), "labels = \"/d/l/labels.txt\"\n".into());
    assert!(cfg.problems.is_empty());
    assert_eq!(cfg.settings.labels.as_deref(), Some(Path::new("/d/l/labels.txt")));
}

#[test]
fn pyproject_without_our_table_is_not_ours_and_with_it_is_read() {
    assert!(!has_tool_table("[tool.ruff]\n"));
    let cfg = parse(
        Path::new("/d/pyproject.toml"),
        "[project]\nname = 'x'\n[tool.conceptlint]\nexclusive = false\n[tool.conceptlint.thresholds]\nmin-inputs = 7\n".into(),
    );
    assert!(cfg.problems.is_empty());
    assert_eq!(cfg.settings.thresholds.min_inputs, 7);
    assert_eq!(cfg.settings.exclusive, Some(false));
    let cfg = parse(Path::new("/d/pyproject.toml"), "[tool.conceptlint]\nbogus = 1\n".into());
    assert_eq!(cfg.problems.len(), 1);
}

#[test]
fn the_tool_table_is_found_in_every_toml_spelling() {
    let inline = "[project]\nname=\"x\"\n\n[tool]\nconceptlint = { thresholds = { min-inputs = 1 }, bogus = 1 }\n";
    assert!(has_tool_table(inline));
    let cfg = parse(Path::new("/d/pyproject.toml"), inline.into());
    assert_eq!(cfg.problems.len(), 1, "{:?}", cfg.problems);
    let p = &cfg.problems[0];
    assert!(p.message.contains("bogus"), "{}", p.message);
    assert!(has_tool_table("[tool]\n\"conceptlint\".exclusive = true\n"));
    assert!(has_tool_table("[tool]\nconceptlint = {\n"), "broken, but could be ours");
    assert!(!has_tool_table("[tool]\nruff = {}\n# conceptlint later\n"));
    assert!(!has_tool_table("[project]\ndependencies = [\"conceptlint\"]\n"));
    assert!(!has_tool_table("[project]\nname = \"x\"\n"));
}

/// The JSON schema of the config and the parser agree on a full config and on bad keys.
#[test]
fn the_schema_accepts_what_the_parser_accepts() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../schemas/conceptlint.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good = r#"
select = ["ALL"]
ignore = ["class-imbalance", "CL002"]
exclusive = true
image-root = "imgs"
labels = "labels.txt"
predictions = "predictions.jsonl"
manifests = ["train.csv"]
ignore-inputs = ["imgs/a.png"]
[thresholds]
min-inputs = 10
max-imbalance-ratio = 3.5
score = 0.5
near-duplicate-distance = 0
max-duplicate-share = 0.3
shortcut-accuracy = 0.9
shortcut-margin = 0.3
[severity]
small-image = "error"
[per-input-ignores]
"imgs/b.png" = ["small-image"]
[concepts.happiness]
visual = true
"#;
    let as_json =
        |t: &str| serde_json::to_value(toml::from_str::<toml::Table>(t).unwrap()).unwrap();
    assert!(validator.is_valid(&as_json(good)));
    assert!(parse(std::path::Path::new("/c.toml"), good.into()).problems.is_empty());
    for bad in [
        "colour = 1",
        "[thresholds]\nmin-inputs = 0",
        "[thresholds]\nscore = 2",
        "[thresholds]\nnear-duplicate-distance = 17",
        "[thresholds]\nmax-duplicate-share = 1.5",
        "[thresholds]\nshortcut-margin = -1",
        "ignore = [\"nope\"]",
        "[severity]\nsmall-image = \"loud\"",
        "[concepts.happiness]\nvisible = true",
        "[concepts.happiness]\nvisual = 1",
    ] {
        assert!(!validator.is_valid(&as_json(bad)), "schema accepts {bad}");
        assert!(!parse(std::path::Path::new("/c.toml"), bad.into()).problems.is_empty());
    }
}
