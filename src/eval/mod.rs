//! Evaluation results: a model's predictions matched to the dataset's inputs, per-concept
//! metrics, confident-learning label checks and the model's verdict. Computed once per
//! analysis (it lives in [`crate::stats::Stats::eval`]) and read by the rules, the report and
//! the language server through the lookups on [`Evaluation`].

mod build;
pub mod confident;
pub mod matching;
pub mod metrics;
pub mod predictions;
pub mod verdict;

use std::path::PathBuf;

use rustc_hash::FxHashMap;

pub use build::evaluate;
pub use matching::InputAt;
use metrics::{ConceptMetrics, Matrix};
use verdict::Verdict;

/// Rows whose scores sum this far from 1 are reported when concepts are mutually exclusive.
pub const SUM_TOLERANCE: f64 = 0.01;
/// An input whose score for its label spans at least this much across folds is unstable.
pub const UNSTABLE_SPREAD: f64 = 0.4;

/// How a label looks wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueKind {
    /// Mutually exclusive concepts: the input likely shows `suggested`, not its label.
    Relabel,
    /// Multi-label: the input carries `concept` but likely does not show it.
    NotShown,
    /// Multi-label: the input lacks `concept` but likely shows it.
    Missing,
}

/// One suspicious label (cleanlab's label issue), with its quality scores.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LabelIssue {
    /// Index into [`Evaluation::rows`].
    pub row: usize,
    pub input: Option<InputAt>,
    pub kind: IssueKind,
    /// The label in question (exclusive: the given label; multi-label: the concept).
    pub concept: String,
    /// The concept the model favours instead (exclusive data).
    pub suggested: Option<String>,
    /// The score of the given label (multi-label: of the membership as labeled).
    pub self_confidence: f64,
    /// `(p_label - max other + 1) / 2`.
    pub normalized_margin: f64,
}

/// One evaluated input.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EvalRow {
    pub input: Option<InputAt>,
    /// Its predictions rows (one per fold).
    pub predictions: Vec<usize>,
    /// With several folds: the concept whose score varies most across them, and by how much.
    pub fold_spread: Option<(usize, f64)>,
}

/// Everything in the predictions file that does not fit the dataset.
#[derive(Clone, Debug, Default)]
pub struct Mismatches {
    pub unknown_keys: Vec<usize>,
    pub duplicates: Vec<(usize, usize)>,
    pub unscored: Vec<InputAt>,
    /// Score columns naming no known concept.
    pub unknown_columns: Vec<usize>,
    /// Declared concepts without a score column.
    pub missing_columns: Vec<String>,
    /// Rows whose scores do not sum to 1 although the concepts are mutually exclusive.
    pub unnormalized: Vec<(usize, f64)>,
}

/// A model's evaluation on a dataset.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub path: PathBuf,
    /// The evaluated concepts (score columns naming known concepts), in column order.
    pub concepts: Vec<String>,
    pub exclusive: bool,
    pub threshold: f64,
    pub rows: Vec<EvalRow>,
    /// Row-major `rows.len() x concepts.len()` (the mean over folds).
    pub scores: Vec<f64>,
    /// Row-major: which concepts each evaluated input carries.
    pub truth: Vec<bool>,
    pub metrics: Vec<ConceptMetrics>,
    pub mean_roc_auc: Option<f64>,
    pub matrix: Matrix,
    /// Worst first (lowest self-confidence).
    pub issues: Vec<LabelIssue>,
    pub mismatches: Mismatches,
    pub verdict: Verdict,
    /// `(input, row)`, sorted.
    by_input: Vec<(InputAt, usize)>,
    issue_of_row: FxHashMap<usize, usize>,
}

impl Evaluation {
    /// The metrics of the concept named `name`.
    pub fn concept(&self, name: &str) -> Option<&ConceptMetrics> {
        self.metrics.iter().find(|m| m.name == name)
    }

    /// The concepts most confused with `name`, most first.
    pub fn confused_with(&self, name: &str) -> Vec<(&str, usize)> {
        self.matrix.confused_with(name)
    }

    /// The evaluated row of an input.
    pub fn row_of(&self, at: InputAt) -> Option<usize> {
        let i = self.by_input.binary_search_by_key(&at, |e| e.0).ok()?;
        Some(self.by_input[i].1)
    }

    /// The scores of an input, by concept.
    pub fn scores_of(&self, at: InputAt) -> Option<Vec<(&str, f64)>> {
        let r = self.row_of(at)?;
        let k = self.concepts.len();
        let row = self.scores.get(r * k..(r + 1) * k)?;
        Some(self.concepts.iter().map(String::as_str).zip(row.iter().copied()).collect())
    }

    /// The worst label issue of an input, if its label looks wrong.
    pub fn suspicion(&self, at: InputAt) -> Option<&LabelIssue> {
        let r = self.row_of(at)?;
        self.issue_of_row.get(&r).map(|&i| &self.issues[i])
    }

    /// Label issues ranked by normalized margin instead of self-confidence.
    pub fn issues_by_margin(&self) -> Vec<&LabelIssue> {
        let mut out: Vec<&LabelIssue> = self.issues.iter().collect();
        out.sort_by(|a, b| {
            a.normalized_margin.total_cmp(&b.normalized_margin).then(a.row.cmp(&b.row))
        });
        out
    }

    /// Inputs scoring `name` at or above the threshold without carrying it.
    pub fn false_positives(&self, name: &str) -> Vec<InputAt> {
        self.select(name, |score, carries| score >= self.threshold && !carries)
    }

    /// Inputs carrying `name` that score it below the threshold.
    pub fn false_negatives(&self, name: &str) -> Vec<InputAt> {
        self.select(name, |score, carries| score < self.threshold && carries)
    }

    fn select(&self, name: &str, keep: impl Fn(f64, bool) -> bool) -> Vec<InputAt> {
        let k = self.concepts.len();
        let Some(c) = self.concepts.iter().position(|n| n == name) else { return Vec::new() };
        self.rows
            .iter()
            .enumerate()
            .filter(|(r, _)| keep(self.scores[r * k + c], self.truth[r * k + c]))
            .filter_map(|(_, row)| row.input)
            .collect()
    }
}

#[cfg(test)]
mod tests;
