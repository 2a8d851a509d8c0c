//! The `conceptlint` binary on fixture datasets: exit codes, rules firing end to end, config
//! discovery and errors, selection, every output format.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn bin() -> Command {
    let mut c = Command::cargo_bin("conceptlint").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn write_png(path: &Path, w: u32, h: u32) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]))
        .save(path)
        .unwrap();
}

/// A dataset in a temp folder: `n` inputs of cat and of dog (512 x 512), plus `extra` rows.
fn dataset(n: usize, extra: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    let mut csv = String::from("file_name,label\n");
    for (c, concept) in ["cat", "dog"].into_iter().enumerate() {
        for i in 0..n {
            let rel = format!("images/{concept}{i}.png");
            // A different picture per input: copies would be conflicting duplicates.
            let seed = (c * n + i) as u32 + 1;
            let (a, b) = (seed % 7 + 1, seed / 7 % 13 + 1);
            let path = dir.path().join(&rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            image::RgbImage::from_fn(512, 512, |x, y| {
                image::Rgb([
                    ((x * a + y * b) / 3 % 256) as u8,
                    ((x ^ y) * seed % 256) as u8,
                    (seed * 37 % 256) as u8,
                ])
            })
            .save(path)
            .unwrap();
            csv.push_str(&format!("{rel},{concept}\n"));
        }
    }
    csv.push_str(extra);
    fs::write(dir.path().join("metadata.csv"), csv).unwrap();
    fs::write(dir.path().join("labels.txt"), "cat\ndog\n").unwrap();
    dir
}

fn json(dir: &Path, extra_args: &[&str]) -> (i32, Value) {
    let out = bin()
        .args(["check", "--format", "json", "--no-cache"])
        .args(extra_args)
        .arg(dir)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v)
}

fn rules_of(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_clean_dataset_exits_zero() {
    let dir = dataset(50, "");
    let (code, v) = json(dir.path(), &[]);
    assert_eq!(rules_of(&v), Vec::<String>::new());
    assert_eq!(code, 0);
    let out = bin().args(["check", "--no-cache"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("All checks passed"));
}

#[test]
fn findings_exit_one_and_exit_zero_overrides() {
    let dir = dataset(50, "images/missing.png,cat\nimages/cat1.png,dgo\n");
    let (code, v) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    let mut rules = rules_of(&v);
    rules.sort();
    assert_eq!(rules, ["duplicate-input", "image-not-found", "unknown-concept"]);
    let (code, _) = json(dir.path(), &["--exit-zero"]);
    assert_eq!(code, 0);
    let (code, _) = json(dir.path(), &["--fail-on", "error"]);
    assert_eq!(code, 1, "image-not-found and unknown-concept are errors");
}

#[test]
fn select_and_ignore_on_the_command_line() {
    let dir = dataset(50, "images/missing.png,cat\n");
    let (_, v) = json(dir.path(), &["--select", "too-few-inputs,CL006"]);
    assert!(rules_of(&v).is_empty());
    let (code, v) = json(dir.path(), &["--ignore", "image-not-found"]);
    assert!(rules_of(&v).is_empty());
    assert_eq!(code, 0);
    let out = bin().args(["check", "--select", "no-such-rule"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule 'no-such-rule'"));
}

#[test]
fn config_is_found_upward_and_applied() {
    let dir = dataset(20, "");
    let sub = dir.path();
    fs::write(
        sub.join("conceptlint.toml"),
        "[thresholds]\nmin-inputs = 20\n[severity]\nimage-not-found = \"info\"\n",
    )
    .unwrap();
    let (code, v) = json(sub, &[]);
    assert_eq!(rules_of(&v), Vec::<String>::new());
    assert_eq!(code, 0);
    fs::write(sub.join("conceptlint.toml"), "[thresholds]\nmin-inputs = 21\n").unwrap();
    let (_, v) = json(&sub.join("metadata.csv"), &[]);
    assert_eq!(rules_of(&v), ["too-few-inputs", "too-few-inputs"]);
}

#[test]
fn pyproject_tool_table_is_a_config() {
    let dir = dataset(20, "");
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.conceptlint.thresholds]\nmin-inputs = 10\n",
    )
    .unwrap();
    let (code, v) = json(dir.path(), &[]);
    assert_eq!(code, 0, "{v}");
}

#[test]
fn a_broken_config_is_reported_at_its_place_and_exits_two() {
    let dir = dataset(50, "");
    fs::write(dir.path().join("conceptlint.toml"), "[thresholds]\nmin-input = 20\n").unwrap();
    let (code, v) = json(dir.path(), &[]);
    assert_eq!(code, 2);
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "invalid-config");
    assert!(d["file"].as_str().unwrap().ends_with("conceptlint.toml"));
    assert_eq!(d["range"]["start"]["line"], 2);
    assert!(d["message"].as_str().unwrap().contains("min-input"));
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1, "nothing else is checked");
}

#[test]
fn a_path_that_leaves_the_root_is_reported_and_not_read() {
    let outer = TempDir::new().unwrap();
    write_png(&outer.path().join("secret.png"), 10, 10);
    let inner = outer.path().join("ds");
    fs::create_dir_all(&inner).unwrap();
    fs::write(inner.join("metadata.csv"), "file_name,label\n../secret.png,cat\n").unwrap();
    let (_, v) = json(&inner, &["--select", "path-outside-root,small-image"]);
    assert_eq!(rules_of(&v), ["path-outside-root"], "small-image would mean the file was read");
}

#[test]
fn unrelated_files_are_left_alone() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("scores.csv"), "file_name,cat,dog\na.png,0.1,0.9\n").unwrap();
    fs::write(dir.path().join("package.json"), "{\"name\": \"x\"}\n").unwrap();
    fs::write(dir.path().join("notes.txt"), "hello\n").unwrap();
    let (code, v) = json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(v["datasets"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn missing_path_is_a_usage_error() {
    let out = bin().args(["check", "/no/such/place"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_output_format_renders() {
    let dir = dataset(50, "images/cat1.png,dgo\n");
    for (format, needle) in [
        ("human", "unknown-concept"),
        ("concise", "CL006"),
        ("json", "\"unknown-concept\""),
        ("sarif", "\"2.1.0\""),
        ("github", "::error "),
    ] {
        let out = bin()
            .args(["check", "--no-cache", "--format", format])
            .arg(dir.path())
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(needle), "{format}: {text}");
        assert_eq!(out.status.code(), Some(1), "{format}");
    }
}

#[test]
fn rules_and_rule_docs() {
    let out = bin().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("CL001  too-few-inputs")), "{text}");
    let out = bin().args(["rule", "small-image"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# small-image (CL002)"));
    assert!(text.contains("min-image-width"));
    let out = bin().args(["rule", "small-imag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean 'small-image'"));
}

#[test]
fn the_example_dataset_fires_every_core_rule() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/pets");
    let (code, v) = json(&dir, &[]);
    assert_eq!(code, 1);
    let mut rules = rules_of(&v);
    rules.sort();
    rules.dedup();
    assert_eq!(
        rules,
        [
            "class-imbalance",
            "duplicate-input",
            "exclusive-violation",
            "image-not-found",
            "path-outside-root",
            "small-image",
            "too-few-inputs",
            "unknown-concept",
            "unreadable-image",
        ]
    );
}

#[test]
fn manifests_named_by_the_config_are_read_even_when_unrecognised() {
    let dir = dataset(50, "");
    fs::write(dir.path().join("extra.csv"), "path,notes\nimages/cat1.png,x\n").unwrap();
    fs::write(dir.path().join("names.txt"), "cat\ndog\n").unwrap();
    fs::write(
        dir.path().join("conceptlint.toml"),
        "manifests = [\"metadata.csv\", \"extra.csv\"]\nlabels = \"names.txt\"\n",
    )
    .unwrap();
    let (code, v) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "invalid-manifest", "{v}");
    assert!(d["file"].as_str().unwrap().ends_with("extra.csv"));
    let files = v["datasets"][0]["files"].as_array().unwrap();
    let names: Vec<_> =
        files.iter().map(|f| f["path"].as_str().unwrap().rsplit('/').next().unwrap()).collect();
    assert_eq!(names, ["metadata.csv", "extra.csv", "names.txt"]);
}

#[test]
fn two_manifests_in_one_folder_are_one_dataset() {
    let dir = dataset(30, "");
    let train = fs::read_to_string(dir.path().join("metadata.csv")).unwrap();
    let (head, rest) = train.split_at(train.find("images/dog0.png").unwrap());
    fs::write(dir.path().join("metadata.csv"), head).unwrap();
    fs::write(dir.path().join("val.csv"), format!("image,label\n{rest}")).unwrap();
    let (_, v) = json(dir.path(), &["--select", "too-few-inputs"]);
    let ds = v["datasets"].as_array().unwrap();
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0]["files"].as_array().unwrap().len(), 3);
    assert_eq!(
        rules_of(&v),
        ["too-few-inputs", "too-few-inputs"],
        "30 cats + 30 dogs counted together"
    );
}

#[test]
fn a_config_path_that_leaves_the_config_folder_is_a_config_error_and_never_read() {
    let outer = TempDir::new().unwrap();
    fs::write(outer.path().join("outside.csv"), "file_name,label\na.png,cat\n").unwrap();
    let root = outer.path().join("root");
    fs::create_dir_all(root.join("ds")).unwrap();
    fs::create_dir_all(root.join("secret")).unwrap();
    fs::write(root.join("ds/train.csv"), "file_name,label\nb.png,dog\n").unwrap();
    let config = "manifests = [\"ds/train.csv\", \"secret/../../outside.csv\"]\n";
    fs::write(root.join("conceptlint.toml"), config).unwrap();
    let (code, v) = json(&root, &[]);
    assert_eq!(code, 2, "{v}");
    assert_eq!(rules_of(&v), ["invalid-config"]);
    let d = &v["diagnostics"][0];
    assert_eq!(d["range"]["start"]["line"], 1);
    assert_eq!(d["range"]["start"]["column"], config.find("\"secret").unwrap() + 1);
    for ds in v["datasets"].as_array().unwrap() {
        for f in ds["files"].as_array().unwrap() {
            assert!(!f["path"].as_str().unwrap().ends_with("outside.csv"), "{v}");
        }
    }
}

fn dataset_files(v: &Value) -> Vec<Vec<String>> {
    v["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ds| {
            ds["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn a_manifest_the_config_lists_is_in_one_dataset_only() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    fs::create_dir_all(&data).unwrap();
    fs::write(data.join("train.csv"), "file_name,label\na.png,cat\n").unwrap();
    fs::write(data.join("val.csv"), "file_name,label\nb.png,cat\nc.png,cat\n").unwrap();
    fs::write(data.join("labels.txt"), "cat\ndog\n").unwrap();
    fs::write(
        dir.path().join("conceptlint.toml"),
        "manifests = [\"data/train.csv\"]\nlabels = \"data/labels.txt\"\n",
    )
    .unwrap();
    let (_, v) = json(dir.path(), &["--select", "too-few-inputs"]);
    assert_eq!(dataset_files(&v), [vec!["train.csv", "labels.txt"], vec!["val.csv"]]);
    let on_labels: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().ends_with("labels.txt"))
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        on_labels,
        [
            "'cat' has 1 input; at least 50 are recommended (49 more)",
            "'dog' has no inputs; at least 50 are recommended"
        ]
    );
}

#[test]
fn a_config_that_cannot_be_read_is_an_error_not_defaults() {
    let dir = dataset(50, "");
    fs::write(dir.path().join("conceptlint.toml"), b"[thresholds]\nmin-inputs = 1 # caf\xe9\n")
        .unwrap();
    let (code, v) = json(dir.path(), &[]);
    assert_eq!(code, 2, "{v}");
    assert_eq!(rules_of(&v), ["invalid-config"]);
    assert_eq!(v["diagnostics"][0]["range"]["start"]["line"], 2);
}

#[test]
fn a_pyproject_inline_tool_table_is_a_config() {
    let dir = dataset(20, "");
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool]\nconceptlint = { thresholds = { min-inputs = 1 }, bogus = 1 }\n",
    )
    .unwrap();
    let (code, v) = json(dir.path(), &[]);
    assert_eq!(code, 2, "{v}");
    assert_eq!(rules_of(&v), ["invalid-config"]);
    assert!(v["diagnostics"][0]["message"].as_str().unwrap().contains("bogus"));
}

#[test]
fn files_that_are_not_text_are_skipped_unless_they_are_manifests() {
    let dir = dataset(50, "");
    fs::write(dir.path().join("notes.txt"), b"caf\xe9 au lait\n").unwrap();
    fs::write(dir.path().join("misc.csv"), b"a,b\n1,\xe9\n").unwrap();
    let (code, v) = json(dir.path(), &[]);
    assert_eq!(code, 0, "{v}");
    let sub = dir.path().join("sub");
    fs::create_dir_all(&sub).unwrap();
    fs::write(sub.join("metadata.csv"), b"file_name,label\n../images/cat1.png,caf\xe9\n").unwrap();
    let (code, v) = json(&sub, &["--select", "invalid-manifest"]);
    assert_eq!(code, 1, "{v}");
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "invalid-manifest");
    assert_eq!(d["range"]["start"]["line"], 2);
    assert!(d["message"].as_str().unwrap().starts_with("not UTF-8 text: byte 0xE9"), "{d}");
}

#[test]
fn a_label_manifest_named_or_found_is_read_and_reported() {
    let dir = dataset(50, "");
    fs::write(dir.path().join("labels.txt"), "cat\ndog\ncat\n").unwrap();
    fs::write(
        dir.path().join("concepts.json"),
        "{\"concepts\": [{\"name\": \"cat\"}, {\"name\": \"dog\"}]}",
    )
    .unwrap();
    let (code, v) = json(&dir.path().join("labels.txt"), &[]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(dataset_files(&v), [vec!["labels.txt"]]);
    assert_eq!(rules_of(&v), ["invalid-manifest"]);
    let (_, v) = json(dir.path(), &[]);
    assert_eq!(dataset_files(&v), [vec!["metadata.csv", "concepts.json"], vec!["labels.txt"]]);
    assert_eq!(rules_of(&v), ["invalid-manifest"]);
    fs::write(dir.path().join("imagenet_class_index.json"), "{\"0\": [\"n01\", \"tench\"]}")
        .unwrap();
    let (_, v) = json(&dir.path().join("imagenet_class_index.json"), &[]);
    assert_eq!(dataset_files(&v), [vec!["imagenet_class_index.json"]]);
}

#[test]
fn hidden_and_gitignored_manifests_are_not_loaded() {
    let dir = dataset(50, "");
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    fs::write(dir.path().join(".gitignore"), "generated.csv\n").unwrap();
    fs::write(dir.path().join("generated.csv"), "file_name,label\nimages/none.png,cat\n").unwrap();
    fs::write(dir.path().join(".backup.csv"), "file_name,label\nimages/gone.png,cat\n").unwrap();
    for target in [dir.path().to_path_buf(), dir.path().join("metadata.csv")] {
        let (code, v) = json(&target, &[]);
        assert_eq!(code, 0, "{v}");
        assert_eq!(dataset_files(&v), [vec!["metadata.csv", "labels.txt"]]);
    }
}

#[test]
fn a_metadata_column_that_predicts_the_concept_is_a_shortcut_cue() {
    let dir = TempDir::new().unwrap();
    let mut jsonl = String::new();
    for i in 0..40 {
        let (concept, source) = if i % 2 == 0 { ("cat", "flickr") } else { ("dog", "studio") };
        jsonl.push_str(&format!(
            "{{\"file_name\": \"images/{i}.png\", \"label\": \"{concept}\", \"source\": \"{source}\", \"upload\": \"u{i}\"}}\n"
        ));
    }
    fs::write(dir.path().join("metadata.jsonl"), &jsonl).unwrap();
    fs::write(dir.path().join("labels.txt"), "cat\ndog\n").unwrap();
    let (_, v) = json(dir.path(), &["--select", "shortcut-cue"]);
    let found = v["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{v:#}");
    assert_eq!(
        found[0]["message"],
        "metadata column 'source' predicts the concept for 100% of 40 inputs (chance: 50%): \
         every 'cat' has source = 'flickr', every 'dog' has source = 'studio'"
    );
    let related = found[0]["related"].as_array().unwrap();
    assert_eq!(related.len(), 2, "{v:#}");
    let docs = bin().args(["rule", "shortcut-cue"]).output().unwrap();
    assert!(String::from_utf8_lossy(&docs.stdout).contains("metadata column"));
}
