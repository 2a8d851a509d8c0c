//! Confident learning against cleanlab 2.9's `find_label_issues` (tests/fixtures/eval).

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::*;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/eval/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn matrix(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect::<Vec<_>>())
        .collect()
}

fn indices(v: &Value) -> Vec<usize> {
    v.as_array().unwrap().iter().map(|i| i.as_u64().unwrap() as usize).collect()
}

/// Flagged inputs ranked worst first by `quality`, ties by position (as the rule ranks them).
fn ranked(flags: &[bool], quality: impl Fn(usize) -> f64) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..flags.len()).filter(|&i| flags[i]).collect();
    idx.sort_by(|&a, &b| quality(a).total_cmp(&quality(b)).then(a.cmp(&b)));
    idx
}

#[test]
fn exclusive_data_flags_what_cleanlab_flags() {
    let fx = fixture("confident_exclusive.json");
    let scores = matrix(&fx["scores"]);
    let given = indices(&fx["given"]);
    let k = fx["concepts"].as_array().unwrap().len();
    let flags = find_label_issues(&scores, &given, k);
    let got: Vec<usize> = (0..given.len()).filter(|&i| flags[i]).collect();
    assert_eq!(got, indices(&fx["flagged"]));
    let row = |i: usize| &scores[i * k..(i + 1) * k];
    let by_confidence = ranked(&flags, |i| self_confidence(row(i), given[i]));
    assert_eq!(by_confidence, indices(&fx["ranked_self_confidence"]));
}

#[test]
fn multi_label_data_flags_what_cleanlab_flags_per_concept() {
    let fx = fixture("confident_multilabel.json");
    let scores = matrix(&fx["scores"]);
    let truth: Vec<bool> = matrix(&fx["truth"]).iter().map(|&v| v == 1.0).collect();
    let k = fx["concepts"].as_array().unwrap().len();
    let got = find_label_issues_per_concept(&scores, &truth, k);
    let want: Vec<Vec<usize>> = fx["flagged"].as_array().unwrap().iter().map(indices).collect();
    assert_eq!(got, want);
}

#[test]
fn cifar10_flags_exactly_cleanlabs_284() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval/cifar10");
    let concepts: Vec<String> = std::fs::read_to_string(dir.join("labels.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let text = std::fs::read_to_string(dir.join("predictions.csv")).unwrap();
    let preds = crate::eval::predictions::read(&dir.join("predictions.csv"), &text);
    assert!(preds.problems.is_empty());
    let by_key: HashMap<&str, usize> =
        preds.rows.iter().enumerate().map(|(r, row)| (row.key.as_str(), r)).collect();
    let k = concepts.len();
    let columns: Vec<usize> = concepts.iter().map(|c| preds.column(c).unwrap()).collect();
    let (mut names, mut scores, mut given) = (Vec::new(), Vec::new(), Vec::new());
    for line in std::fs::read_to_string(dir.join("metadata.jsonl")).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let name = v["file_name"].as_str().unwrap().to_string();
        let row = preds.row_scores(by_key[name.as_str()]);
        scores.extend(columns.iter().map(|&c| row[c]));
        given.push(concepts.iter().position(|c| c == v["label"].as_str().unwrap()).unwrap());
        names.push(name);
    }
    let flags = find_label_issues(&scores, &given, k);
    let row = |i: usize| &scores[i * k..(i + 1) * k];
    let expected = fixture("cifar10/expected.json");
    let want = |key: &str| -> Vec<String> {
        expected[key].as_array().unwrap().iter().map(|s| s.as_str().unwrap().into()).collect()
    };
    let by_confidence: Vec<String> = ranked(&flags, |i| self_confidence(row(i), given[i]))
        .into_iter()
        .map(|i| names[i].clone())
        .collect();
    assert_eq!(by_confidence.len(), 284);
    assert_eq!(by_confidence, want("flagged_ranked_self_confidence"));
    let by_margin: Vec<String> = ranked(&flags, |i| normalized_margin(row(i), given[i]))
        .into_iter()
        .map(|i| names[i].clone())
        .collect();
    assert_eq!(by_margin, want("flagged_ranked_normalized_margin"));
}

#[test]
fn helpers_follow_numpy() {
    assert_eq!(round_preserving_sum(&[0.46, 0.44, 0.3, 0.8]), [1, 0, 0, 1]);
    assert_eq!(round_preserving_sum(&[1.6, 1.6, 0.7, 0.1]), [1, 2, 1, 0]);
    let v: Vec<f64> = (0..300).map(|i| 0.1 * i as f64).collect();
    assert!((np_sum(&v) - 4485.0).abs() < 1e-9);
    assert_eq!(keep_at_least_one(&[vec![0, 2], vec![4, 5]]), [vec![1, 2], vec![3, 5]]);
    assert_eq!(normalized_margin(&[0.7, 0.2, 0.1], 1), 0.25);
    assert_eq!(top_with_label_bonus(&[0.5, 0.5], 1), 1);
    // Too few classes or a bad label: nothing flagged, no panic.
    assert_eq!(find_label_issues(&[1.0, 1.0], &[0, 0], 1), [false, false]);
    assert_eq!(find_label_issues(&[0.2, 0.8], &[5], 2), [false]);
}
