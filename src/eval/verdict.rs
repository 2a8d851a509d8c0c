//! The model's verdict, from the five kinds of model in the guidance for custom models: good
//! (every concept strong), OK with a few bad concepts (named), bad (most concepts weak), biased
//! (predictions lean toward some concepts), with variance (scores of the same input disagree
//! across folds).

use super::EvalRow;
use super::UNSTABLE_SPREAD;
use super::metrics::{ConceptMetrics, Matrix};

/// A concept is weak under this ROC AUC.
pub const MIN_ROC_AUC: f64 = 0.9;
/// Fewer evaluated positives than this are too few to tell whether a concept is learned.
pub const MIN_POSITIVES: usize = 10;
/// More than this share of weak concepts makes the model bad.
pub const BAD_SHARE: f64 = 0.5;
/// At least this share of unstable inputs (among those with several folds) means variance.
pub const UNSTABLE_SHARE: f64 = 0.05;
/// Predicted at least this many times as often as labeled: the model leans toward a concept.
pub const LEAN_RATIO: f64 = 1.5;

/// Why a concept is weak.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Weakness {
    LowRocAuc { roc_auc: f64 },
    TooFewPositives { positives: usize },
    NoNegatives,
}

/// Whether (and why) a concept is weak.
pub fn weakness(m: &ConceptMetrics) -> Option<Weakness> {
    if m.positives < MIN_POSITIVES {
        return Some(Weakness::TooFewPositives { positives: m.positives });
    }
    match m.roc_auc {
        None => Some(Weakness::NoNegatives),
        Some(auc) if auc < MIN_ROC_AUC => Some(Weakness::LowRocAuc { roc_auc: auc }),
        Some(_) => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    Good,
    OkWithBadConcepts,
    Bad,
    Biased,
    Variance,
    /// Nothing could be evaluated.
    Undetermined,
}

impl VerdictKind {
    pub fn name(self) -> &'static str {
        match self {
            VerdictKind::Good => "good",
            VerdictKind::OkWithBadConcepts => "ok-with-bad-concepts",
            VerdictKind::Bad => "bad",
            VerdictKind::Biased => "biased",
            VerdictKind::Variance => "variance",
            VerdictKind::Undetermined => "undetermined",
        }
    }
}

/// A concept the model predicts far more often than it is labeled.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Lean {
    pub concept: String,
    pub predicted: usize,
    pub labeled: usize,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// Weak concepts, in concept order.
    pub weak: Vec<String>,
    pub leaning: Vec<Lean>,
    /// Inputs with several folds, and how many of them are unstable.
    pub with_folds: usize,
    pub unstable: usize,
    /// One sentence for people.
    pub summary: String,
}

pub fn judge(
    metrics: &[ConceptMetrics],
    matrix: &Matrix,
    rows: &[EvalRow],
    exclusive: bool,
) -> Verdict {
    let weak: Vec<String> =
        metrics.iter().filter(|m| weakness(m).is_some()).map(|m| m.name.clone()).collect();
    let with_folds = rows.iter().filter(|r| r.fold_spread.is_some()).count();
    let unstable =
        rows.iter().filter(|r| r.fold_spread.is_some_and(|(_, s)| s >= UNSTABLE_SPREAD)).count();
    let leaning = leaning(metrics, matrix, rows.len(), exclusive);
    let defined = metrics.iter().any(|m| m.roc_auc.is_some());
    let kind = if !defined {
        VerdictKind::Undetermined
    } else if weak.len() as f64 > BAD_SHARE * metrics.len() as f64 {
        VerdictKind::Bad
    } else if with_folds > 0 && unstable as f64 >= UNSTABLE_SHARE * with_folds as f64 {
        VerdictKind::Variance
    } else if !leaning.is_empty() {
        VerdictKind::Biased
    } else if !weak.is_empty() {
        VerdictKind::OkWithBadConcepts
    } else {
        VerdictKind::Good
    };
    let quoted = |names: &mut dyn Iterator<Item = &String>| {
        names.map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")
    };
    let summary = match kind {
        VerdictKind::Undetermined => {
            "no concept could be evaluated: no input with scores has both \
                                      a positive and a negative"
                .to_string()
        }
        VerdictKind::Good => format!(
            "good model: every concept has a ROC AUC of at least {MIN_ROC_AUC} on at least \
             {MIN_POSITIVES} positives"
        ),
        VerdictKind::OkWithBadConcepts => format!(
            "OK model with {} weak concept{}: {}",
            weak.len(),
            if weak.len() == 1 { "" } else { "s" },
            quoted(&mut weak.iter())
        ),
        VerdictKind::Bad => format!(
            "bad model: {} of {} concepts are weak ({})",
            weak.len(),
            metrics.len(),
            quoted(&mut weak.iter())
        ),
        VerdictKind::Variance => format!(
            "model with variance: {unstable} of {with_folds} inputs scored in several folds get \
             scores for their label that differ by {UNSTABLE_SPREAD} or more"
        ),
        VerdictKind::Biased => format!(
            "biased model: it leans toward {}",
            leaning
                .iter()
                .map(|l| format!(
                    "'{}' (predicted {}x, labeled {}x)",
                    l.concept, l.predicted, l.labeled
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Verdict { kind, weak, leaning, with_folds, unstable, summary }
}

/// Concepts predicted (top-1 for exclusive data, at the threshold otherwise) far more often
/// than labeled.
fn leaning(metrics: &[ConceptMetrics], matrix: &Matrix, n: usize, exclusive: bool) -> Vec<Lean> {
    let k = metrics.len();
    let counts: Vec<(usize, usize)> = match (&matrix.top1, exclusive) {
        (Some(top1), true) => {
            (0..k).map(|c| (top1.iter().map(|row| row[c]).sum(), top1[c].iter().sum())).collect()
        }
        _ => metrics.iter().map(|m| (m.at_threshold.tp + m.at_threshold.fp, m.positives)).collect(),
    };
    let floor = 5usize.max(n / 50);
    counts
        .iter()
        .zip(metrics)
        .filter(|((predicted, labeled), _)| {
            *predicted as f64 >= LEAN_RATIO * *labeled as f64 && predicted - labeled >= floor
        })
        .map(|(&(predicted, labeled), m)| Lean { concept: m.name.clone(), predicted, labeled })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::metrics::concept_metrics;

    /// A concept with `n` positives scored `pos` and `n` negatives scored `neg`.
    fn concept(name: &str, n: usize, pos: f64, neg: f64) -> ConceptMetrics {
        let scores: Vec<f64> = (0..2 * n).map(|i| if i < n { pos } else { neg }).collect();
        let truth: Vec<bool> = (0..2 * n).map(|i| i < n).collect();
        concept_metrics(name, &scores, &truth, 0.5)
    }

    fn rows(n: usize, spreads: &[f64]) -> Vec<EvalRow> {
        (0..n)
            .map(|i| EvalRow {
                input: Some((0, i)),
                predictions: vec![i],
                fold_spread: spreads.get(i).map(|&s| (0, s)),
            })
            .collect()
    }

    fn empty_matrix() -> Matrix {
        Matrix::default()
    }

    #[test]
    fn the_five_kinds() {
        let strong = || concept("cat", 20, 0.9, 0.1);
        let weak = |name: &str| concept(name, 20, 0.4, 0.4);
        let m = empty_matrix();
        let judge_ = |metrics: &[ConceptMetrics], rows: &[EvalRow]| judge(metrics, &m, rows, false);
        let good = judge_(&[strong(), concept("dog", 20, 0.8, 0.2)], &rows(40, &[]));
        assert_eq!(good.kind, VerdictKind::Good);
        let ok = judge_(&[strong(), strong(), weak("owl")], &rows(40, &[]));
        assert_eq!(
            (ok.kind, ok.weak.clone()),
            (VerdictKind::OkWithBadConcepts, vec!["owl".to_string()])
        );
        assert_eq!(ok.summary, "OK model with 1 weak concept: 'owl'");
        let bad = judge_(&[strong(), weak("a"), weak("b")], &rows(40, &[]));
        assert_eq!(bad.kind, VerdictKind::Bad);
        let variance = judge_(&[strong()], &rows(40, &[0.5, 0.1, 0.1, 0.1]));
        assert_eq!(
            (variance.kind, variance.unstable, variance.with_folds),
            (VerdictKind::Variance, 1, 4)
        );
        // 'cat' is predicted for every input, positive or not: 40 predicted, 20 labeled.
        let leaning = judge_(&[concept("cat", 20, 0.9, 0.6), strong()], &rows(40, &[]));
        assert_eq!(leaning.kind, VerdictKind::Biased);
        assert_eq!(leaning.leaning[0], Lean { concept: "cat".into(), predicted: 40, labeled: 20 });
        let none = judge_(&[concept("x", 0, 0.0, 0.3)], &rows(0, &[]));
        assert_eq!(none.kind, VerdictKind::Undetermined);
    }

    #[test]
    fn weakness_reasons() {
        assert_eq!(
            weakness(&concept("a", 5, 0.9, 0.1)),
            Some(Weakness::TooFewPositives { positives: 5 })
        );
        assert!(matches!(weakness(&concept("a", 20, 0.5, 0.5)), Some(Weakness::LowRocAuc { .. })));
        let all = concept_metrics("all", &[0.9; 12], &[true; 12], 0.5);
        assert_eq!(weakness(&all), Some(Weakness::NoNegatives));
        assert_eq!(weakness(&concept("a", 20, 0.9, 0.1)), None);
    }
}
