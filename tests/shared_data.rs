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
    let count = |rule: &str| diags.iter().filter(|d| d["rule"] == rule).count();
    // With the sibling predictions.csv: cleanlab's 284 suspicious labels and the model's verdict.
    assert_eq!(diags.len(), 10_285);
    assert_eq!(count("image-not-found"), 10_000);
    assert_eq!(count("suspicious-label"), 284);
    assert_eq!(count("model-verdict"), 1);
    let first = diags.iter().find(|d| d["rule"] == "image-not-found").unwrap();
    assert_eq!(first["message"], "image not found: images/00000.png");
    assert_eq!(first["range"]["start"]["line"], 1);
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
    assert!(text.lines().count() < 300, "human output stays short: {} lines", text.lines().count());
}

#[test]
fn cifar10_report_flags_cleanlabs_284_and_33_of_the_37_confirmed_errors() {
    let dir = shared("cifar10-test");
    let (code, json) = check(&["report", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&json).unwrap();
    let flagged: Vec<&str> = v["datasets"][0]["suspicious_labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["input"].as_str().unwrap())
        .collect();
    assert_eq!(flagged.len(), 284);
    let review: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("human_review.json")).unwrap())
            .unwrap();
    let confirmed: Vec<&str> = review["confirmed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["file_name"].as_str().unwrap())
        .collect();
    let reviewed: Vec<&str> =
        review["reviewed"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    let hits = confirmed.iter().filter(|c| flagged.contains(c)).count();
    let looked_at: Vec<&&str> = flagged.iter().filter(|f| reviewed.contains(f)).collect();
    let looked_at_confirmed = looked_at.iter().filter(|f| confirmed.contains(f)).count();
    assert_eq!((hits, confirmed.len()), (33, 37));
    assert_eq!((looked_at_confirmed, looked_at.len()), (33, 240));
}

// --- lexicon: unvisual-concept and identity-concept quality on the shared name lists -------

mod lexicon_quality {
    use super::shared;
    use conceptlint::lexicon::{Verdict, classify};

    /// `concept<TAB>tag` lines; `#` lines are comments.
    fn list(rel: &str) -> Vec<(String, String)> {
        let text = std::fs::read_to_string(shared(rel)).unwrap();
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(c, t)| (c.to_string(), t.trim().to_string()))
            .collect()
    }

    fn flagged(name: &str) -> bool {
        !matches!(classify(name), Verdict::Visual | Verdict::Unknown)
    }

    /// (true positives, false positives, false negatives, the errors), `ambiguous` not scored.
    fn score(items: &[(String, String)]) -> (usize, usize, usize, Vec<String>) {
        let (mut tp, mut fp, mut fn_, mut errors) = (0, 0, 0, Vec::new());
        for (name, tag) in items.iter().filter(|(_, t)| t != "ambiguous") {
            let want = tag == "nonvisual" || tag == "identity";
            match (flagged(name), want) {
                (true, true) => tp += 1,
                (true, false) => {
                    fp += 1;
                    errors.push(format!("FP {name} ({tag}): {:?}", classify(name)));
                }
                (false, true) => {
                    fn_ += 1;
                    errors.push(format!("FN {name} ({tag}): {:?}", classify(name)));
                }
                (false, false) => {}
            }
        }
        (tp, fp, fn_, errors)
    }

    fn flags_in(rel: &str) -> Vec<String> {
        list(rel).iter().filter(|(c, _)| flagged(c)).map(|(c, _)| c.clone()).collect()
    }

    #[test]
    fn coco_names_are_never_flagged() {
        let names = list("concept-names/visual_coco.tsv");
        assert_eq!(names.len(), 80);
        assert_eq!(flags_in("concept-names/visual_coco.tsv"), Vec::<String>::new());
    }

    #[test]
    fn imagenet_names_are_flagged_at_most_half_a_percent_in_each_form() {
        for form in ["names", "keras", "wnids"] {
            let rel = format!("concept-names/visual_imagenet_{form}.tsv");
            assert_eq!(list(&rel).len(), 1000);
            let flags = flags_in(&rel);
            eprintln!("ImageNet {form}: {} flagged {flags:?}", flags.len());
            assert!(flags.len() <= 5, "{form}: {} flagged: {flags:?}", flags.len());
        }
    }

    #[test]
    fn dev_lists_reach_precision_and_recall_of_0_9() {
        let mut items = Vec::new();
        for file in [
            "visual_dev.tsv",
            "visual_attr_roles_dev.tsv",
            "nonvisual_dev.tsv",
            "nonvisual_adj_dev.tsv",
            "identity_dev.tsv",
        ] {
            items.extend(list(&format!("concepts-dev/{file}")));
        }
        let (tp, fp, fn_, errors) = score(&items);
        let precision = tp as f64 / (tp + fp) as f64;
        let recall = tp as f64 / (tp + fn_) as f64;
        eprintln!("dev lists: tp={tp} fp={fp} fn={fn_} P={precision:.3} R={recall:.3}");
        if std::env::var_os("LEXICON_ERRORS").is_some() {
            errors.iter().for_each(|e| eprintln!("  {e}"));
        }
        assert!(precision >= 0.9 && recall >= 0.9, "P={precision:.3} R={recall:.3}\n{errors:#?}");
    }
}
