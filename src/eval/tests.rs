//! Evaluations of datasets read from disk the way the CLI reads them.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::verdict::VerdictKind;
use super::*;
use crate::engine::Dataset;
use crate::stats::Stats;
use crate::workspace::{DiskFs, discover};

fn load(dir: &Path) -> Dataset {
    let mut found = discover(&[dir.to_path_buf()], &DiskFs);
    assert_eq!(found.datasets.len(), 1, "one dataset in {}", dir.display());
    found.datasets.remove(0)
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn mismatches_are_found_and_lookups_answer() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "metadata.csv",
                "file_name,label\na.png,cat\nb.png,dog\nc.png,cat\nd.png,dog\ne.png,dog\n",
            ),
            ("labels.txt", "cat\ndog\nbird\n"),
            (
                "predictions.csv",
                "file_name,cat,dog,owl\na.png,0.9,0.1,0\nb.png,0.7,0.3,0\n./c.png,0.6,0.4,0\n\
                 x.png,0.5,0.5,0\na.png,0.8,0.2,0\ne.png,0.3,0.3,0\n",
            ),
        ],
    );
    let ds = load(dir.path());
    let stats = Stats::compute(&ds);
    let eval = stats.eval.as_deref().expect("evaluated");
    assert!(eval.exclusive);
    assert_eq!(eval.concepts, ["cat", "dog"]);
    let m = &eval.mismatches;
    assert_eq!(m.unknown_columns, [2]);
    assert_eq!(m.missing_columns, ["bird"]);
    assert_eq!(m.unknown_keys, [3]);
    assert_eq!(m.duplicates, [(4, 0)]);
    assert_eq!(m.unscored, [(0, 3)]);
    assert_eq!(m.unnormalized, [(5, 0.6)]);
    assert_eq!(eval.rows.len(), 4);
    assert_eq!(eval.scores_of((0, 1)), Some(vec![("cat", 0.7), ("dog", 0.3)]));
    assert_eq!(eval.false_positives("cat"), [(0, 1)]);
    assert_eq!(eval.false_negatives("dog"), [(0, 1), (0, 4)]);
    let cat = eval.concept("cat").unwrap();
    assert_eq!((cat.positives, cat.negatives), (2, 2));
    assert_eq!(cat.roc_auc, Some(0.75));
    assert_eq!(eval.confused_with("dog"), [("cat", 2)], "b.png, and e.png by its tie");
    assert!(eval.concept("owl").is_none());
}

#[test]
fn folds_average_scores_and_measure_their_spread() {
    let dir = tempfile::tempdir().unwrap();
    let mut jsonl = String::new();
    for (i, (fold0, fold1)) in [(0.9, 0.1), (0.8, 0.75)].iter().enumerate() {
        for (fold, p) in [(0, fold0), (1, fold1)] {
            jsonl.push_str(&format!(
                "{{\"file_name\": \"{i}.png\", \"scores\": {{\"cat\": {p}, \"dog\": {}}}, \"fold\": {fold}}}\n",
                1.0 - p
            ));
        }
    }
    write(
        dir.path(),
        &[
            (
                "metadata.jsonl",
                "{\"file_name\": \"0.png\", \"label\": \"cat\"}\n{\"file_name\": \"1.png\", \"label\": \"cat\"}\n",
            ),
            ("predictions.jsonl", &jsonl),
        ],
    );
    let ds = load(dir.path());
    let eval = Stats::compute(&ds).eval.unwrap();
    assert_eq!(eval.rows[0].predictions, [0, 1]);
    let (c, spread) = eval.rows[0].fold_spread.unwrap();
    assert_eq!(c, 0);
    assert!((spread - 0.8).abs() < 1e-12);
    assert!((eval.scores[0] - 0.5).abs() < 1e-12);
    assert!(eval.rows[1].fold_spread.unwrap().1 < UNSTABLE_SPREAD);
    assert_eq!((eval.verdict.with_folds, eval.verdict.unstable), (2, 1));
}

fn expected() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/eval/cifar10/expected.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn cifar10() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval/cifar10")
}

#[test]
fn cifar10_end_to_end_matches_scikit_learn_and_cleanlab() {
    let ds = load(&cifar10());
    let stats = Stats::compute(&ds);
    let eval = stats.eval.as_deref().unwrap();
    assert!(eval.exclusive);
    assert_eq!(eval.rows.len(), 10_000);
    let m = &eval.mismatches;
    assert!(m.unknown_keys.is_empty() && m.unscored.is_empty() && m.unnormalized.is_empty());
    let want = expected();
    for (got, want) in eval.metrics.iter().zip(want["metrics"].as_array().unwrap()) {
        let auc = want["roc_auc"].as_f64().unwrap();
        assert!((got.roc_auc.unwrap() - auc).abs() < 1e-9, "{}", got.name);
        let ap = want["average_precision"].as_f64().unwrap();
        assert!((got.average_precision.unwrap() - ap).abs() < 1e-9, "{}", got.name);
        assert_eq!(got.at_threshold.tp as u64, want["tp"].as_u64().unwrap());
    }
    let mean = want["mean_roc_auc"].as_f64().unwrap();
    assert!((eval.mean_roc_auc.unwrap() - mean).abs() < 1e-9);

    let manifest = &ds.files[0];
    let name = |i: &LabelIssue| manifest.inputs[i.input.unwrap().1].location.clone();
    let flagged: Vec<String> = eval.issues.iter().map(name).collect();
    let want_flagged: Vec<String> = want["flagged_ranked_self_confidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(flagged.len(), 284);
    assert_eq!(flagged, want_flagged);
    let by_margin: Vec<String> = eval.issues_by_margin().into_iter().map(name).collect();
    assert_eq!(
        by_margin,
        want["flagged_ranked_normalized_margin"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    );

    // Against the human review: confirmed errors among the flagged inputs.
    let review: Value =
        serde_json::from_str(&fs::read_to_string(cifar10().join("human_review.json")).unwrap())
            .unwrap();
    let flagged: HashSet<&str> = flagged.iter().map(String::as_str).collect();
    let confirmed: Vec<&Value> = review["confirmed"].as_array().unwrap().iter().collect();
    let reviewed: HashSet<&str> =
        review["reviewed"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let hits: Vec<&&Value> =
        confirmed.iter().filter(|c| flagged.contains(c["file_name"].as_str().unwrap())).collect();
    assert_eq!((hits.len(), confirmed.len()), (33, 37));
    assert_eq!(flagged.intersection(&reviewed).count(), 240);
    // The suggested concept is the reviewers' for most confirmed errors.
    let agree = hits
        .iter()
        .filter(|c| {
            let at = manifest
                .inputs
                .iter()
                .position(|i| i.location == c["file_name"].as_str().unwrap())
                .unwrap();
            eval.suspicion((0, at)).and_then(|i| i.suggested.as_deref()) == c["suggested"].as_str()
        })
        .count();
    assert!(agree >= 25, "{agree} of 33 suggestions agree with the reviewers");
    assert_eq!(eval.verdict.kind, VerdictKind::Good, "{}", eval.verdict.summary);
}

#[test]
fn rows_match_by_id_normalized_location_or_resolved_path_in_any_order() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("eval")).unwrap();
    write(
        dir.path(),
        &[
            ("conceptlint.toml", "predictions = \"eval/scores.csv\"\n"),
            (
                "metadata.csv",
                "file_name,label\nimg/a.png,cat\nimg/b.png,dog\nimg/c.png,cat\nimg/d.png,dog\n",
            ),
            (
                "eval/scores.csv",
                "image,cat,dog\nimg\\d.png,0.2,0.8\n../img/c.png,0.7,0.3\n./img/a.png,0.9,0.1\n\
                 img/b.png,0.4,0.6\n",
            ),
        ],
    );
    let ds = load(dir.path());
    let eval = Stats::compute(&ds).eval.unwrap();
    assert!(eval.mismatches.unknown_keys.is_empty(), "{:?}", eval.mismatches.unknown_keys);
    let inputs: Vec<_> = eval.rows.iter().map(|r| (r.input.unwrap().1, r.predictions[0])).collect();
    assert_eq!(inputs, [(0, 2), (1, 3), (2, 1), (3, 0)], "dataset order, each with its row");
    assert_eq!(eval.scores_of((0, 3)), Some(vec![("cat", 0.2), ("dog", 0.8)]));
    assert_eq!(matching::normalize_key(" ./a\\b.png "), "a/b.png");
}

#[test]
fn a_clarifai_evaluation_matches_input_ids_and_keeps_its_own_ground_truth() {
    let dir = tempfile::tempdir().unwrap();
    let entry = |id: &str, cat: f64, truth: &str| {
        format!(
            "{{\"input\": {{\"id\": \"{id}\", \"data\": {{\"image\": {{\"url\": \"https://x/{id}.jpg\"}}}}}}, \
             \"predicted_concepts\": [{{\"id\": \"cat\", \"value\": {cat}}}, {{\"id\": \"dog\", \"value\": {}}}], \
             \"ground_truth_concepts\": [{{\"id\": \"{truth}\", \"value\": 1}}]}}",
            1.0 - cat
        )
    };
    let set = [entry("a1", 0.9, "cat"), entry("a2", 0.2, "dog"), entry("zz", 0.7, "cat")];
    let eval_json = format!("{{\"eval_metrics\": {{\"test_set\": [{}]}}}}", set.join(",\n"));
    write(
        dir.path(),
        &[
            ("inputs.csv", "inputid,input,concepts\na1,images/a1.jpg,cat\na2,images/a2.jpg,cat\n"),
            ("conceptlint.toml", "predictions = \"eval.json\"\n"),
            ("eval.json", &eval_json),
        ],
    );
    let ds = load(dir.path());
    assert_eq!(ds.predictions.as_ref().unwrap().format.name(), "clarifai-evaluation");
    let eval = Stats::compute(&ds).eval.unwrap();
    assert!(eval.mismatches.unknown_keys.is_empty());
    let inputs: Vec<_> = eval.rows.iter().map(|r| r.input).collect();
    assert_eq!(inputs, [Some((0, 0)), Some((0, 1)), None], "zz is scored on its own truth");
    // The manifest's labels win for matched inputs: a2 is labeled cat there.
    assert_eq!(eval.truth, [true, false, true, false, true, false]);
    assert_eq!(eval.concept("cat").unwrap().positives, 3);
}

/// Degenerate predictions go through the evaluation and every rule without a panic.
#[test]
fn degenerate_predictions_are_analyzed_without_panics() {
    let manifests = [
        "file_name,label\na.png,cat\nb.png,cat\n",
        "file_name,label\na.png,cat\nb.png,\n",
        "file_name,labels\na.png,cat;dog\nb.png,dog\n",
    ];
    let predictions = [
        ("predictions.csv", "file_name\na.png\n"),
        ("predictions.csv", "file_name,cat\na.png,0.5\nb.png,x\n"),
        ("predictions.csv", "file_name,dog,cat\na.png,1,0\nb.png,0,1\na.png,0,0\n"),
        ("predictions.csv", "file_name,cat,fold\na.png,0.9,1\na.png,0.1,2\nb.png,,1\n"),
        ("predictions.jsonl", "{\"file_name\": \"a.png\", \"scores\": {}}\n"),
        ("predictions.jsonl", "not json\n"),
        ("predictions.json", "{\"test_set\": []}"),
        ("predictions.csv", ""),
    ];
    for manifest in manifests {
        for (name, text) in predictions {
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), &[("metadata.csv", manifest), (name, text)]);
            let ds = load(dir.path());
            assert!(ds.predictions.is_some(), "{name}");
            let analysis = crate::engine::analyze(&ds, &Default::default());
            assert!(analysis.stats.eval.is_some());
        }
    }
}
