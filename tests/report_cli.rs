//! `conceptlint report` and the evaluation rules of `check`, end to end on the committed
//! CIFAR-10 fixture (tests/fixtures/eval/cifar10) and small temporary datasets.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::cargo_bin("conceptlint").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn cifar10() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval/cifar10")
}

#[test]
fn report_on_cifar10_prints_the_table_and_writes_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = bin().arg("report").arg(cifar10()).arg("--html").arg(&html).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("10,000 inputs scored"), "{text}");
    for concept in
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    {
        assert!(text.lines().any(|l| l.starts_with(concept)), "{concept} row in {text}");
    }
    assert!(text.contains("verdict: good model"), "{text}");
    assert!(text.contains("suspicious labels: 284 (worst first)"), "{text}");
    let page = fs::read_to_string(&html).unwrap();
    assert_eq!(page.matches("<svg").count(), 21);
}

#[test]
fn report_json_and_check_agree_on_the_284_suspicious_labels() {
    let out = bin().args(["report", "--format", "json"]).arg(cifar10()).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["datasets"][0];
    assert_eq!(d["suspicious_labels"].as_array().unwrap().len(), 284);
    assert_eq!(d["suspicious_labels"][0]["input"], "images/03828.png");
    assert!((d["mean_roc_auc"].as_f64().unwrap() - 0.996).abs() < 0.001);

    let out = bin()
        .args([
            "check",
            "--format",
            "json",
            "--no-cache",
            "--select",
            "suspicious-label,model-verdict",
        ])
        .arg(cifar10())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> =
        v["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules.iter().filter(|r| **r == "suspicious-label").count(), 284);
    assert_eq!(rules.iter().filter(|r| **r == "model-verdict").count(), 1);
}

#[test]
fn report_without_predictions_is_an_error_and_threshold_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("metadata.csv"), "file_name,label\na.png,cat\n").unwrap();
    let out = bin().arg("report").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no predictions found"));
    let out = bin().args(["report", "--threshold", "2"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_configured_predictions_file_and_threshold_are_used() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("eval")).unwrap();
    fs::write(
        dir.path().join("conceptlint.toml"),
        "manifests = [\"train.csv\"]\npredictions = \"eval/run1.jsonl\"\n[thresholds]\nscore = 0.9\n",
    )
    .unwrap();
    fs::write(dir.path().join("train.csv"), "image,label\na.png,cat\nb.png,dog\n").unwrap();
    fs::write(
        dir.path().join("eval/run1.jsonl"),
        "{\"image\": \"a.png\", \"scores\": {\"cat\": 0.8, \"dog\": 0.2}}\n\
         {\"image\": \"b.png\", \"scores\": {\"cat\": 0.1, \"dog\": 0.9}}\n",
    )
    .unwrap();
    let out = bin().args(["report", "--format", "json"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["datasets"][0];
    assert_eq!(d["predictions_format"], "jsonl");
    assert_eq!(d["threshold"], 0.9);
    assert_eq!(d["concepts"][0]["at_threshold"]["tp"], 0, "0.8 < 0.9");
    assert_eq!(d["concepts"][1]["at_threshold"]["tp"], 1);
}
