//! Per-concept metrics, defined exactly as scikit-learn defines them (one-vs-rest per concept):
//! `roc_auc_score` (ties handled as one threshold), `average_precision_score` (the step sum
//! `Σ (Rₙ - Rₙ₋₁) Pₙ` over distinct scores), and precision, recall, F1, TP/FP/FN at a threshold
//! (predicted positive when `score >= threshold`; a ratio with a zero denominator is 0, as with
//! `zero_division=0`). A metric that is not defined (ROC AUC with one class present, average
//! precision without positives) is `None`, never `NaN`.

use rayon::prelude::*;

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

/// Each score's bits with the positive flag below them, when every score is in `[0, 2)`: the
/// keys sort as the scores do (`-0.0` read as `0.0`, which it equals), equal scores adjacent.
fn packed_keys(scores: &[f64], positive: &[bool]) -> Option<Vec<u64>> {
    scores.iter().zip(positive).map(|(&s, &p)| pack(s, p)).collect()
}

fn pack(score: f64, positive: bool) -> Option<u64> {
    // `-0.0 + 0.0` is `0.0`; every other score is unchanged.
    (0.0..2.0).contains(&score).then(|| ((score + 0.0).to_bits() << 1) | u64::from(positive))
}

fn unpack(key: u64) -> (f64, bool) {
    (f64::from_bits(key >> 1), key & 1 == 1)
}

/// Calls `step(tp, fp)` at each distinct score of the sorted `keys`, from the highest down,
/// with the number of positives and negatives scoring at or above it.
fn key_steps(keys: &[u64], mut step: impl FnMut(u64, u64)) {
    let (mut tp, mut fp) = (0u64, 0u64);
    let mut it = keys.iter().rev().peekable();
    while let Some(&key) = it.next() {
        if key & 1 == 1 {
            tp += 1;
        } else {
            fp += 1;
        }
        if it.peek().is_none_or(|&&next| next >> 1 != key >> 1) {
            step(tp, fp);
        }
    }
}

/// As [`key_steps`], for `(score, positive)` sorted highest first (scores outside `[0, 2)`).
fn pair_steps(order: &[(f64, bool)], mut step: impl FnMut(u64, u64)) {
    let (mut tp, mut fp) = (0u64, 0u64);
    for (i, &(s, p)) in order.iter().enumerate() {
        if p {
            tp += 1;
        } else {
            fp += 1;
        }
        if order.get(i + 1).is_none_or(|next| next.0 != s) {
            step(tp, fp);
        }
    }
}

/// A curve thinned as it is drawn: the first and last points and every point at least
/// `1/STEPS` away (on either axis) from the last one kept.
#[derive(Default)]
struct Thinned {
    kept: Vec<(f64, f64)>,
    last: Option<(f64, f64)>,
}

impl Thinned {
    const STEPS: f64 = 400.0;

    fn push(&mut self, p: (f64, f64)) {
        let near = |q: &(f64, f64)| {
            (p.0 - q.0).abs() < 1.0 / Self::STEPS && (p.1 - q.1).abs() < 1.0 / Self::STEPS
        };
        if !self.kept.last().is_some_and(near) {
            self.kept.push(p);
        }
        self.last = Some(p);
    }

    fn finish(mut self) -> Vec<(f64, f64)> {
        if let Some(last) = self.last
            && self.kept.last() != Some(&last)
        {
            self.kept.push(last);
        }
        self.kept
    }
}

/// Precision, recall and F1 when `score >= threshold` predicts the concept.
pub fn at_threshold(scores: &[f64], positive: &[bool], threshold: f64) -> AtThreshold {
    let mut a = AtThreshold::default();
    for (&s, &p) in scores.iter().zip(positive) {
        a.count(s >= threshold, p);
    }
    a.ratios()
}

impl AtThreshold {
    fn count(&mut self, predicted: bool, positive: bool) {
        match (predicted, positive) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    fn ratios(mut self) -> Self {
        let ratio = |num: usize, den: usize| if den == 0 { 0.0 } else { num as f64 / den as f64 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.fn_);
        self.f1 = ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_);
        self
    }
}

/// Every metric of one concept from its scores and who carries it.
pub fn concept_metrics(
    name: &str,
    scores: &[f64],
    positive: &[bool],
    threshold: f64,
) -> ConceptMetrics {
    if let Some(mut keys) = packed_keys(scores, positive) {
        return from_keys(name, &mut keys, threshold);
    }
    let at = at_threshold(scores, positive, threshold);
    let mut order: Vec<(f64, bool)> =
        scores.iter().copied().zip(positive.iter().copied()).collect();
    order.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    summarize(name, threshold, at, |step| pair_steps(&order, step))
}

/// Every concept's metrics; `scores` (row-major `n x k`) and `truth` likewise. The scores are
/// packed into one column of keys per concept in one pass, and the concepts shared between
/// the cores.
pub fn all_concept_metrics(
    concepts: &[String],
    scores: &[f64],
    truth: &[bool],
    threshold: f64,
) -> Vec<ConceptMetrics> {
    let k = concepts.len();
    let n = truth.len().min(scores.len()).checked_div(k).unwrap_or(0);
    let mut keys = vec![0u64; n * k];
    let rows = scores.chunks_exact(k.max(1)).zip(truth.chunks_exact(k.max(1)));
    let packed = rows.enumerate().all(|(r, (row, carries))| {
        (0..k).all(|c| pack(row[c], carries[c]).map(|key| keys[c * n + r] = key).is_some())
    });
    if !packed {
        drop(keys);
        return (0..k)
            .into_par_iter()
            .map(|c| {
                let s: Vec<f64> = scores.iter().skip(c).step_by(k).copied().collect();
                let t: Vec<bool> = truth.iter().skip(c).step_by(k).copied().collect();
                concept_metrics(&concepts[c], &s, &t, threshold)
            })
            .collect();
    }
    keys.par_chunks_mut(n.max(1))
        .zip(concepts)
        .map(|(column, name)| from_keys(name, column, threshold))
        .collect()
}

fn from_keys(name: &str, keys: &mut [u64], threshold: f64) -> ConceptMetrics {
    let mut at = AtThreshold::default();
    for &key in keys.iter() {
        let (score, positive) = unpack(key);
        at.count(score >= threshold, positive);
    }
    keys.sort_unstable();
    summarize(name, threshold, at.ratios(), |step| key_steps(keys, step))
}

/// The metrics from the counts at the threshold and the steps (`steps` calls its argument at
/// each distinct score, highest first).
fn summarize(
    name: &str,
    threshold: f64,
    at: AtThreshold,
    steps: impl FnOnce(&mut dyn FnMut(u64, u64)),
) -> ConceptMetrics {
    let positives = (at.tp + at.fn_) as u64;
    let negatives = (at.fp + at.tn) as u64;
    let (p, n) = (positives as f64, negatives as f64);
    let both = positives > 0 && negatives > 0;
    let mut roc = Thinned::default();
    roc.push((0.0, 0.0));
    let mut pr = Thinned::default();
    // ROC AUC as trapezoids in integer counts: Σ Δfp · (tp + tp_prev), exact, divided once.
    let mut area: u128 = 0;
    let (mut ptp, mut pfp) = (0u64, 0u64);
    // Average precision: the step sum Σ (Rₙ - Rₙ₋₁) Pₙ.
    let (mut ap, mut prev_recall) = (0.0, 0.0);
    // Separable: at some cut, every positive is above and every negative below.
    let mut separable = false;
    steps(&mut |tp, fp| {
        area += u128::from(fp - pfp) * u128::from(tp + ptp);
        (ptp, pfp) = (tp, fp);
        if both {
            roc.push((fp as f64 / n, tp as f64 / p));
            separable |= tp == positives && fp == 0;
        }
        if positives > 0 {
            let (recall, precision) = (tp as f64 / p, tp as f64 / (tp + fp) as f64);
            pr.push((recall, precision));
            ap += (recall - prev_recall) * precision;
            prev_recall = recall;
        }
    });
    ConceptMetrics {
        name: name.to_string(),
        positives: positives as usize,
        negatives: negatives as usize,
        roc_auc: both.then(|| area as f64 / (2.0 * p * n)),
        average_precision: (positives > 0).then_some(ap),
        threshold,
        at_threshold: at,
        separable,
        roc_curve: if both { roc.finish() } else { Vec::new() },
        pr_curve: pr.finish(),
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
