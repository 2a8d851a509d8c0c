//! Per-concept metrics, defined exactly as scikit-learn defines them (one-vs-rest per concept):
//! `roc_auc_score` (ties handled as one threshold), `average_precision_score` (the step sum
//! `Σ (Rₙ - Rₙ₋₁) Pₙ` over distinct scores), and precision, recall, F1, TP/FP/FN at a threshold
//! (predicted positive when `score >= threshold`; a ratio with a zero denominator is 0, as with
//! `zero_division=0`). A metric that is not defined (ROC AUC with one class present, average
//! precision without positives) is `None`, never `NaN`.

/// Counts at one threshold, and what follows from them.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct AtThreshold {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub tn: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// One concept's numbers on the evaluated inputs.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ConceptMetrics {
    pub name: String,
    /// Evaluated inputs that carry the concept.
    pub positives: usize,
    /// Evaluated inputs that do not.
    pub negatives: usize,
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
    pub threshold: f64,
    pub at_threshold: AtThreshold,
    /// Whether some threshold separates positives from negatives perfectly.
    pub separable: bool,
    /// The ROC curve `(false positive rate, true positive rate)`, thinned for drawing.
    #[serde(skip)]
    pub roc_curve: Vec<(f64, f64)>,
    /// The precision-recall curve `(recall, precision)`, thinned for drawing.
    #[serde(skip)]
    pub pr_curve: Vec<(f64, f64)>,
}

/// Cumulative counts at each distinct score, from the highest score down.
struct Steps {
    /// `(true positives, false positives)` at or above each distinct score.
    counts: Vec<(u64, u64)>,
    positives: u64,
    negatives: u64,
}

fn steps(scores: &[f64], positive: &[bool]) -> Steps {
    let mut order: Vec<(f64, bool)> =
        scores.iter().copied().zip(positive.iter().copied()).collect();
    order.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let mut counts = Vec::new();
    let (mut tp, mut fp) = (0u64, 0u64);
    for (i, &(s, p)) in order.iter().enumerate() {
        if p {
            tp += 1;
        } else {
            fp += 1;
        }
        if order.get(i + 1).is_none_or(|next| next.0 != s) {
            counts.push((tp, fp));
        }
    }
    Steps { counts, positives: tp, negatives: fp }
}

/// ROC AUC; `None` unless both classes are present.
fn roc_auc(st: &Steps) -> Option<f64> {
    if st.positives == 0 || st.negatives == 0 {
        return None;
    }
    // Trapezoids in integer counts: Σ Δfp · (tp + tp_prev), exact, divided once.
    let mut area: u128 = 0;
    let (mut ptp, mut pfp) = (0u64, 0u64);
    for &(tp, fp) in &st.counts {
        area += u128::from(fp - pfp) * u128::from(tp + ptp);
        (ptp, pfp) = (tp, fp);
    }
    Some(area as f64 / (2.0 * st.positives as f64 * st.negatives as f64))
}

/// Average precision; `None` without positives.
fn average_precision(st: &Steps) -> Option<f64> {
    if st.positives == 0 {
        return None;
    }
    let p = st.positives as f64;
    let mut ap = 0.0;
    let mut prev_recall = 0.0;
    for &(tp, fp) in &st.counts {
        let recall = tp as f64 / p;
        let precision = tp as f64 / (tp + fp) as f64;
        ap += (recall - prev_recall) * precision;
        prev_recall = recall;
    }
    Some(ap)
}

/// Precision, recall and F1 when `score >= threshold` predicts the concept.
pub fn at_threshold(scores: &[f64], positive: &[bool], threshold: f64) -> AtThreshold {
    let mut a = AtThreshold::default();
    for (&s, &p) in scores.iter().zip(positive) {
        match (s >= threshold, p) {
            (true, true) => a.tp += 1,
            (true, false) => a.fp += 1,
            (false, true) => a.fn_ += 1,
            (false, false) => a.tn += 1,
        }
    }
    let ratio = |num: usize, den: usize| if den == 0 { 0.0 } else { num as f64 / den as f64 };
    a.precision = ratio(a.tp, a.tp + a.fp);
    a.recall = ratio(a.tp, a.tp + a.fn_);
    a.f1 = ratio(2 * a.tp, 2 * a.tp + a.fp + a.fn_);
    a
}

/// Keeps the first and last points and every point at least `1/STEPS` away from the last kept.
fn thin(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    const STEPS: f64 = 400.0;
    let Some(&last) = points.last() else { return points };
    let mut out: Vec<(f64, f64)> = Vec::new();
    for p in points {
        match out.last() {
            Some(q) if (p.0 - q.0).abs() < 1.0 / STEPS && (p.1 - q.1).abs() < 1.0 / STEPS => {}
            _ => out.push(p),
        }
    }
    if out.last() != Some(&last) {
        out.push(last);
    }
    out
}

/// Every metric of one concept from its scores and who carries it.
pub fn concept_metrics(
    name: &str,
    scores: &[f64],
    positive: &[bool],
    threshold: f64,
) -> ConceptMetrics {
    let st = steps(scores, positive);
    let (p, n) = (st.positives as f64, st.negatives as f64);
    let mut roc = vec![(0.0, 0.0)];
    let mut pr = Vec::new();
    for &(tp, fp) in &st.counts {
        if p > 0.0 && n > 0.0 {
            roc.push((fp as f64 / n, tp as f64 / p));
        }
        if p > 0.0 {
            pr.push((tp as f64 / p, tp as f64 / (tp + fp) as f64));
        }
    }
    // Separable: at some cut, every positive is above and every negative below.
    let separable = st.positives > 0
        && st.negatives > 0
        && st.counts.iter().any(|&(tp, fp)| tp == st.positives && fp == 0);
    ConceptMetrics {
        name: name.to_string(),
        positives: st.positives as usize,
        negatives: st.negatives as usize,
        roc_auc: roc_auc(&st),
        average_precision: average_precision(&st),
        threshold,
        at_threshold: at_threshold(scores, positive, threshold),
        separable,
        roc_curve: if roc.len() > 1 { thin(roc) } else { Vec::new() },
        pr_curve: thin(pr),
    }
}

/// The mean of the defined ROC AUCs (the model's score), `None` when none is defined.
pub fn mean_roc_auc(metrics: &[ConceptMetrics]) -> Option<f64> {
    let defined: Vec<f64> = metrics.iter().filter_map(|m| m.roc_auc).collect();
    (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64)
}

/// The concept-by-concept matrix: for the inputs that carry concept `r` (rows), how many score
/// concept `c` (columns) at or above the threshold, and their mean score for `c`; for mutually
/// exclusive data also how many have `c` as their top prediction.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Matrix {
    pub concepts: Vec<String>,
    /// Inputs carrying each row's concept.
    pub support: Vec<usize>,
    pub above_threshold: Vec<Vec<usize>>,
    /// `None` for a row with no inputs.
    pub mean_score: Vec<Vec<Option<f64>>>,
    /// Exclusive data only: inputs with exactly one concept, by given (row) and top-1 (column).
    pub top1: Option<Vec<Vec<usize>>>,
}

impl Matrix {
    /// `scores` is row-major `n x k`; `truth` likewise says which concepts each input carries.
    pub fn compute(
        concepts: &[String],
        scores: &[f64],
        truth: &[bool],
        threshold: f64,
        exclusive: bool,
    ) -> Matrix {
        let k = concepts.len();
        let mut above = vec![vec![0usize; k]; k];
        let mut sums = vec![vec![0.0f64; k]; k];
        let mut support = vec![0usize; k];
        let mut top1 = exclusive.then(|| vec![vec![0usize; k]; k]);
        if k > 0 {
            for (row, given) in scores.chunks_exact(k).zip(truth.chunks_exact(k)) {
                for r in (0..k).filter(|&r| given[r]) {
                    support[r] += 1;
                    for c in 0..k {
                        sums[r][c] += row[c];
                        above[r][c] += usize::from(row[c] >= threshold);
                    }
                }
                if let Some(top1) = &mut top1 {
                    let mut labels = (0..k).filter(|&r| given[r]);
                    if let (Some(r), None) = (labels.next(), labels.next()) {
                        top1[r][argmax(row)] += 1;
                    }
                }
            }
        }
        let mean_score = sums
            .iter()
            .zip(&support)
            .map(|(row, &n)| row.iter().map(|s| (n > 0).then(|| s / n as f64)).collect())
            .collect();
        Matrix { concepts: concepts.to_vec(), support, above_threshold: above, mean_score, top1 }
    }

    /// The concepts most confused with `concept`: other columns of its row, by top-1 count for
    /// exclusive data, else by count above the threshold; zero counts left out.
    pub fn confused_with(&self, concept: &str) -> Vec<(&str, usize)> {
        let Some(r) = self.concepts.iter().position(|c| c == concept) else { return Vec::new() };
        let row = match &self.top1 {
            Some(t) => &t[r],
            None => &self.above_threshold[r],
        };
        let mut out: Vec<(&str, usize)> = (0..self.concepts.len())
            .filter(|&c| c != r && row[c] > 0)
            .map(|c| (self.concepts[c].as_str(), row[c]))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }
}

/// Index of the first largest value (as numpy's `argmax`).
pub fn argmax(row: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
#[path = "metrics_tests.rs"]
mod tests;
