//! Checks on the real data in `../shared/data` (not part of the repository). This suite is
//! built only with `--features shared-data`, which `.ci/run` enables where that folder exists.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn shared(rel: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data").join(rel);
    assert!(
        p.exists(),
        "{} is missing: run this suite only where ../shared/data exists",
        p.display()
    );
    p
}

fn check(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("conceptlint").unwrap().args(args).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn cifar10_counts_and_missing_images() {
    let dir = shared("cifar10-test");
    let (code, json) = check(&["check", dir.to_str().unwrap(), "--format", "json", "--no-cache"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&json).unwrap();
    let ds = &v["datasets"].as_array().unwrap();
    assert_eq!(ds.len(), 1);
    let concepts = ds[0]["concepts"].as_array().unwrap();
    let names: Vec<&str> = concepts.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    );
    for c in concepts {
        assert_eq!(c["positives"], 1000, "{c}");
        assert_eq!(c["declared"], true);
    }
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 10_000);
    assert!(diags.iter().all(|d| d["rule"] == "image-not-found"));
    assert_eq!(diags[0]["message"], "image not found: images/00000.png");
    assert_eq!(diags[0]["range"]["start"]["line"], 1);
}

#[test]
fn cifar10_human_output_summarizes_the_missing_images() {
    let dir = shared("cifar10-test");
    let (code, text) = check(&["check", dir.to_str().unwrap(), "--no-cache", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(
        text.contains("9,990 more image-not-found"),
        "{}",
        &text[text.len().saturating_sub(800)..]
    );
    assert!(text.lines().count() < 200, "human output stays short: {} lines", text.lines().count());
}
