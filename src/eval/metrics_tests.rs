//! Metrics against numbers scikit-learn computed on the same data (tests/fixtures/eval).

use serde_json::Value;

use super::*;

const TOLERANCE: f64 = 1e-9;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/eval/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= TOLERANCE, "{what}: {a} vs scikit-learn {b}");
}

fn optional(got: Option<f64>, want: &Value, what: &str) {
    match (got, want.as_f64()) {
        (Some(g), Some(w)) => close(g, w, what),
        (None, None) => {}
        _ => panic!("{what}: {got:?} vs scikit-learn {want}"),
    }
}

/// Reads `scores` and `truth` (row-major) from a fixture.
fn table(fx: &Value) -> (Vec<String>, Vec<f64>, Vec<bool>) {
    let concepts = fx["concepts"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().into());
    let scores = fx["scores"].as_array().unwrap().iter().flat_map(|r| {
        r.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect::<Vec<_>>()
    });
    let truth = fx["truth"].as_array().unwrap().iter().flat_map(|r| {
        r.as_array().unwrap().iter().map(|v| v.as_i64().unwrap() == 1).collect::<Vec<_>>()
    });
    (concepts.collect(), scores.collect(), truth.collect())
}

fn column<T: Copy>(values: &[T], k: usize, c: usize) -> Vec<T> {
    values.iter().skip(c).step_by(k).copied().collect()
}

fn check_against(name: &str) {
    let fx = fixture(name);
    let (concepts, scores, truth) = table(&fx);
    let k = concepts.len();
    let threshold = fx["threshold"].as_f64().unwrap();
    let mut all = Vec::new();
    for (c, want) in fx["metrics"].as_array().unwrap().iter().enumerate() {
        let m =
            concept_metrics(&concepts[c], &column(&scores, k, c), &column(&truth, k, c), threshold);
        let what = |m: &str| format!("{name} {} {m}", concepts[c]);
        assert_eq!(
            m.positives as i64,
            want["positives"].as_i64().unwrap(),
            "{}",
            what("positives")
        );
        optional(m.roc_auc, &want["roc_auc"], &what("roc_auc"));
        optional(m.average_precision, &want["average_precision"], &what("average_precision"));
        close(m.at_threshold.precision, want["precision"].as_f64().unwrap(), &what("precision"));
        close(m.at_threshold.recall, want["recall"].as_f64().unwrap(), &what("recall"));
        close(m.at_threshold.f1, want["f1"].as_f64().unwrap(), &what("f1"));
        assert_eq!(m.at_threshold.tp as i64, want["tp"].as_i64().unwrap(), "{}", what("tp"));
        assert_eq!(m.at_threshold.fp as i64, want["fp"].as_i64().unwrap(), "{}", what("fp"));
        assert_eq!(m.at_threshold.fn_ as i64, want["fn"].as_i64().unwrap(), "{}", what("fn"));
        all.push(m);
    }
    close(mean_roc_auc(&all).unwrap(), fx["mean_roc_auc"].as_f64().unwrap(), "mean ROC AUC");
    let exclusive = fx["exclusive"].as_bool().unwrap();
    let matrix = Matrix::compute(&concepts, &scores, &truth, threshold, exclusive);
    let want = &fx["matrix"];
    for r in 0..k {
        for c in 0..k {
            let above = want["above_threshold"][r][c].as_u64().unwrap() as usize;
            assert_eq!(matrix.above_threshold[r][c], above, "above {r} {c}");
            optional(matrix.mean_score[r][c], &want["mean_score"][r][c], "mean score");
            if exclusive {
                let top = want["top1"][r][c].as_u64().unwrap() as usize;
                assert_eq!(matrix.top1.as_ref().unwrap()[r][c], top, "top1 {r} {c}");
            }
        }
    }
    assert_eq!(matrix.top1.is_some(), exclusive);
}

#[test]
fn exclusive_data_with_ties_and_an_absent_concept_match_scikit_learn() {
    check_against("metrics_exclusive.json");
}

#[test]
fn multi_label_data_with_a_concept_everyone_carries_match_scikit_learn() {
    check_against("metrics_multilabel.json");
}

#[test]
fn undefined_metrics_are_none_and_ties_are_one_threshold() {
    let m = concept_metrics("owl", &[0.1, 0.2], &[false, false], 0.5);
    assert_eq!((m.roc_auc, m.average_precision), (None, None));
    assert!(m.roc_curve.is_empty() && m.pr_curve.is_empty());
    let m = concept_metrics("all", &[0.1, 0.9], &[true, true], 0.5);
    assert_eq!((m.roc_auc, m.average_precision), (None, Some(1.0)));
    // One tie between a positive and a negative: half credit.
    let m = concept_metrics("tie", &[0.5, 0.5], &[true, false], 0.5);
    assert_eq!(m.roc_auc, Some(0.5));
    assert_eq!(m.average_precision, Some(0.5));
    assert!(!m.separable);
    let m = concept_metrics("easy", &[0.9, 0.8, 0.2], &[true, true, false], 0.5);
    assert_eq!(m.roc_auc, Some(1.0));
    assert!(m.separable);
    assert_eq!(m.roc_curve.first(), Some(&(0.0, 0.0)));
    assert_eq!(m.roc_curve.last(), Some(&(1.0, 1.0)));
}

#[test]
fn confusions_rank_other_concepts_by_count() {
    let concepts: Vec<String> = ["cat", "dog", "owl"].map(String::from).to_vec();
    let scores = [0.9, 0.1, 0.0, 0.2, 0.7, 0.1, 0.3, 0.6, 0.1, 0.1, 0.0, 0.9];
    let truth = [true, false, false, true, false, false, true, false, false, true, false, false];
    let m = Matrix::compute(&concepts, &scores, &truth, 0.5, true);
    assert_eq!(m.support, [4, 0, 0]);
    assert_eq!(m.confused_with("cat"), [("dog", 2), ("owl", 1)]);
    assert_eq!(m.mean_score[1][0], None);
    assert_eq!(argmax(&[0.2, 0.4, 0.4]), 1);
}

/// The steps as first written: a comparison sort of `(score, positive)`, highest first.
fn reference_steps(scores: &[f64], positive: &[bool]) -> Vec<(u64, u64)> {
    let mut order: Vec<(f64, bool)> =
        scores.iter().copied().zip(positive.iter().copied()).collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut tp, mut fp, mut out) = (0, 0, Vec::new());
    for (i, &(s, p)) in order.iter().enumerate() {
        if p {
            tp += 1;
        } else {
            fp += 1;
        }
        if order.get(i + 1).is_none_or(|next| next.0 != s) {
            out.push((tp, fp));
        }
    }
    out
}

fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

#[test]
fn packed_keys_give_the_steps_of_a_comparison_sort() {
    let mut next = xorshift(0x0bad_cafe_f00d_d00d);
    for (n, levels) in [(5000usize, 1000u64), (5000, 7), (20_000, 1 << 40), (300, 50)] {
        let mut scores: Vec<f64> =
            (0..n).map(|_| (next() % levels) as f64 / levels as f64).collect();
        let positive: Vec<bool> = (0..n).map(|_| next().is_multiple_of(3)).collect();
        scores[0] = -0.0;
        scores[1] = 0.0;
        scores[2] = 1.0;
        let mut keys = packed_keys(&scores, &positive).unwrap();
        keys.sort_unstable();
        let mut got = Vec::new();
        key_steps(&keys, |tp, fp| got.push((tp, fp)));
        assert_eq!(got, reference_steps(&scores, &positive), "n {n}, levels {levels}");
        let mut order: Vec<(f64, bool)> =
            scores.iter().copied().zip(positive.iter().copied()).collect();
        order.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut got = Vec::new();
        pair_steps(&order, |tp, fp| got.push((tp, fp)));
        assert_eq!(got, reference_steps(&scores, &positive));
        // Scores shifted out of [0, 2): the comparison sort, the same metrics.
        let packed = concept_metrics("c", &scores, &positive, 0.5);
        let shifted: Vec<f64> = scores.iter().map(|&s| s * 4.0).collect();
        assert!(packed_keys(&shifted, &positive).is_none());
        let compared = concept_metrics("c", &shifted, &positive, 2.0);
        assert_eq!(compared.roc_auc, packed.roc_auc);
        assert_eq!(compared.average_precision, packed.average_precision);
        assert_eq!(compared.at_threshold, packed.at_threshold);
        assert_eq!(compared.roc_curve, packed.roc_curve);
        // A row-major table of two concepts gives each concept's metrics.
        let table: Vec<f64> = scores.iter().flat_map(|&s| [s, 1.0 - s]).collect();
        let truth: Vec<bool> = positive.iter().flat_map(|&p| [p, !p]).collect();
        let names = ["a".to_string(), "b".to_string()];
        let all = all_concept_metrics(&names, &table, &truth, 0.5);
        assert_eq!(all[0], ConceptMetrics { name: "a".into(), ..packed.clone() });
        let flipped: Vec<f64> = scores.iter().map(|&s| 1.0 - s).collect();
        let not: Vec<bool> = positive.iter().map(|&p| !p).collect();
        assert_eq!(all[1], concept_metrics("b", &flipped, &not, 0.5));
        let wide: Vec<f64> = table.iter().map(|&s| s * 4.0).collect();
        let all = all_concept_metrics(&names, &wide, &truth, 2.0);
        assert_eq!(all[0].roc_auc, packed.roc_auc);
    }
}

#[test]
fn curves_are_thinned_to_points_a_step_apart_with_both_ends() {
    let n = 10_000;
    let mut next = xorshift(42);
    let scores: Vec<f64> = (0..n).map(|_| (next() % 100_000) as f64 / 100_000.0).collect();
    let positive: Vec<bool> = scores.iter().map(|&s| (next() % 100) as f64 / 100.0 < s).collect();
    let m = concept_metrics("c", &scores, &positive, 0.5);
    let (p, q) = (m.positives as f64, m.negatives as f64);
    let full: Vec<(f64, f64)> = reference_steps(&scores, &positive)
        .iter()
        .map(|&(tp, fp)| (fp as f64 / q, tp as f64 / p))
        .collect();
    assert_eq!(m.roc_curve.first(), Some(&(0.0, 0.0)));
    assert_eq!(m.roc_curve.last(), full.last());
    assert!(m.roc_curve.len() > 100 && m.roc_curve.len() < 1000, "{}", m.roc_curve.len());
    for w in m.roc_curve.windows(2).take(m.roc_curve.len() - 2) {
        assert!((w[1].0 - w[0].0).abs() >= 1.0 / 400.0 || (w[1].1 - w[0].1).abs() >= 1.0 / 400.0);
    }
    assert!(m.roc_curve.iter().skip(1).all(|pt| full.contains(pt)));
    assert_eq!(m.pr_curve.last().map(|pt| pt.0), Some(1.0));
}
