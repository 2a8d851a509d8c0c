//! `conceptlint report`: the model's evaluation per dataset, as a terminal table, JSON, or one
//! self-contained HTML page with ROC and precision-recall curves and the concept-by-concept
//! matrix as inline SVG. Building ([`DatasetReport::new`]) is pure; one module per output.

use std::path::{Path, PathBuf};

use crate::engine::Dataset;
use crate::eval::metrics::{ConceptMetrics, Matrix};
use crate::eval::verdict::{Verdict, Weakness, weakness};
use crate::eval::{Evaluation, IssueKind};
use crate::text::LineIndex;

pub mod html;
pub mod json;
mod svg;
pub mod text;

/// One concept's line of the report.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ConceptRow {
    #[serde(flatten)]
    pub metrics: ConceptMetrics,
    pub weakness: Option<Weakness>,
    /// Other concepts, most confused first: `(name, count)`.
    pub confused_with: Vec<(String, usize)>,
    /// Suspicious labels naming this concept.
    pub suspicious: usize,
}

/// One suspicious label, located.
#[derive(Clone, Debug, serde::Serialize)]
pub struct IssueRow {
    pub file: PathBuf,
    /// The input's location as written (credentials in a URL hidden).
    pub input: String,
    pub line: usize,
    pub kind: IssueKind,
    pub concept: String,
    pub suggested: Option<String>,
    pub self_confidence: f64,
    pub normalized_margin: f64,
}

/// Counts of what in the predictions file did not fit the dataset.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct MismatchCounts {
    pub problems: usize,
    pub unknown_inputs: usize,
    pub duplicates: usize,
    pub inputs_without_scores: usize,
    pub unknown_concepts: Vec<String>,
    pub concepts_without_scores: Vec<String>,
    pub rows_not_summing_to_one: usize,
}

/// The evaluation of one dataset, ready to render.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DatasetReport {
    pub root: PathBuf,
    pub predictions: PathBuf,
    pub predictions_format: &'static str,
    pub inputs_scored: usize,
    pub exclusive: bool,
    pub threshold: f64,
    pub mean_roc_auc: Option<f64>,
    pub verdict: Verdict,
    pub concepts: Vec<ConceptRow>,
    pub matrix: Matrix,
    /// Worst first.
    pub suspicious_labels: Vec<IssueRow>,
    pub mismatches: MismatchCounts,
}

impl DatasetReport {
    /// The report of `dataset` evaluated as `eval`.
    pub fn new(dataset: &Dataset, eval: &Evaluation) -> DatasetReport {
        let preds = dataset.predictions.as_ref();
        let concepts = eval
            .metrics
            .iter()
            .map(|m| ConceptRow {
                metrics: m.clone(),
                weakness: weakness(m),
                confused_with: eval
                    .confused_with(&m.name)
                    .into_iter()
                    .map(|(c, n)| (c.to_string(), n))
                    .collect(),
                suspicious: eval.issues.iter().filter(|i| i.concept == m.name).count(),
            })
            .collect();
        // Line numbers of the issues' inputs, file by file.
        let mut lines: Vec<Option<Vec<usize>>> = vec![None; dataset.files.len()];
        for (f, file) in dataset.files.iter().enumerate() {
            let starts: Vec<usize> = eval
                .issues
                .iter()
                .filter_map(|issue| issue.input.filter(|at| at.0 == f))
                .filter_map(|(_, i)| Some(file.inputs.get(i)?.span.start))
                .collect();
            if !starts.is_empty() {
                lines[f] = Some(line_numbers(dataset.source(&file.path).unwrap_or(""), starts));
            }
        }
        let mut next = vec![0usize; dataset.files.len()];
        let suspicious_labels = eval
            .issues
            .iter()
            .filter_map(|issue| {
                let (f, i) = issue.input?;
                let file = dataset.files.get(f)?;
                let input = file.inputs.get(i)?;
                let line = lines[f].as_ref()?.get(next[f]).copied()?;
                next[f] += 1;
                Some(IssueRow {
                    file: file.path.clone(),
                    input: crate::workspace::redact_credentials(&input.location).into_owned(),
                    line: line + 1,
                    kind: issue.kind,
                    concept: issue.concept.clone(),
                    suggested: issue.suggested.clone(),
                    self_confidence: issue.self_confidence,
                    normalized_margin: issue.normalized_margin,
                })
            })
            .collect();
        let m = &eval.mismatches;
        let mismatches = MismatchCounts {
            problems: preds.map_or(0, |p| p.problems.len()),
            unknown_inputs: m.unknown_keys.len(),
            duplicates: m.duplicates.len(),
            inputs_without_scores: m.unscored.len(),
            unknown_concepts: preds
                .map(|p| m.unknown_columns.iter().map(|&c| p.columns[c].name.clone()).collect())
                .unwrap_or_default(),
            concepts_without_scores: m.missing_columns.clone(),
            rows_not_summing_to_one: m.unnormalized.len(),
        };
        DatasetReport {
            root: dataset.root.clone(),
            predictions: eval.path.clone(),
            predictions_format: preds.map_or("", |p| p.format.name()),
            inputs_scored: eval.rows.len(),
            exclusive: eval.exclusive,
            threshold: eval.threshold,
            mean_roc_auc: eval.mean_roc_auc,
            verdict: eval.verdict.clone(),
            concepts,
            matrix: eval.matrix.clone(),
            suspicious_labels,
            mismatches,
        }
    }

    /// Whether anything in the predictions file did not fit.
    pub fn has_mismatches(&self) -> bool {
        let m = &self.mismatches;
        m.problems
            + m.unknown_inputs
            + m.duplicates
            + m.inputs_without_scores
            + m.rows_not_summing_to_one
            > 0
            || !m.unknown_concepts.is_empty()
            || !m.concepts_without_scores.is_empty()
    }
}

/// The line (from 0) of each offset in `text`, as [`LineIndex::line_of`] numbers them; in the
/// order given. Without carriage returns, one pass counting line feeds between the sorted
/// offsets.
fn line_numbers(text: &str, offsets: Vec<usize>) -> Vec<usize> {
    if text.as_bytes().contains(&b'\r') {
        let index = LineIndex::new(text);
        return offsets.iter().map(|&o| index.line_of(o)).collect();
    }
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut out = vec![0; offsets.len()];
    let (mut at, mut line) = (0, 0);
    for i in order {
        let to = offsets[i].min(text.len());
        line += text.as_bytes()[at..to].iter().filter(|&&b| b == b'\n').count();
        at = to;
        out[i] = line;
    }
    out
}

/// How paths are shown: relative to `cwd` when inside it.
pub fn display(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path).to_string_lossy().replace('\\', "/");
    if shown.is_empty() { ".".to_string() } else { shown }
}

/// `n` with thousands separators.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A metric with three decimals, or `-` when undefined.
pub(crate) fn metric(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

#[cfg(test)]
mod tests;
