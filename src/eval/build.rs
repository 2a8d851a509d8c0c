//! Builds an [`Evaluation`] from a dataset, its predictions and its statistics.

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::engine::Dataset;
use crate::stats::Stats;

use super::confident::{self, normalized_margin, self_confidence};
use super::matching::{self, Matched};
use super::metrics::{self, Matrix, argmax};
use super::predictions::Predictions;
use super::{
    EvalRow, Evaluation, InputAt, IssueKind, LabelIssue, Mismatches, SUM_TOLERANCE, verdict,
};

/// Evaluates `predictions` against the labels of `dataset`.
pub fn evaluate(dataset: &Dataset, predictions: &Predictions, stats: &Stats) -> Evaluation {
    let known = known_concepts(stats, predictions);
    let mut mismatches = Mismatches::default();
    let mut concepts = Vec::new();
    // Predictions column -> evaluated concept.
    let mut columns = Vec::new();
    for (c, col) in predictions.columns.iter().enumerate() {
        if known.contains(col.name.as_str()) && !concepts.contains(&col.name) {
            columns.push(c);
            concepts.push(col.name.clone());
        } else {
            mismatches.unknown_columns.push(c);
        }
    }
    if stats.has_label_manifest {
        mismatches.missing_columns = stats
            .concepts
            .iter()
            .filter(|c| !c.declarations.is_empty() && predictions.column(&c.name).is_none())
            .map(|c| c.name.clone())
            .collect();
    }
    let Matched { groups, unknown_keys, duplicates, unscored } =
        matching::match_rows(dataset, predictions);
    mismatches.unknown_keys = unknown_keys;
    mismatches.duplicates = duplicates;
    mismatches.unscored = unscored;

    let k = concepts.len();
    let index: FxHashMap<&str, usize> =
        concepts.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
    let mut rows = Vec::with_capacity(groups.len());
    let mut scores = Vec::with_capacity(groups.len() * k);
    let mut truth = Vec::with_capacity(groups.len() * k);
    let mut mean = vec![0.0; k];
    let mut carries = vec![false; k];
    let mut complete: Vec<&[f64]> = Vec::new();
    for group in groups {
        complete.clear();
        complete.extend(
            group
                .rows
                .iter()
                .map(|&r| predictions.row_scores(r))
                .filter(|row| columns.iter().all(|&c| row.get(c).is_some_and(|v| v.is_finite()))),
        );
        if complete.is_empty() || k == 0 {
            continue;
        }
        carries.fill(false);
        match group.input {
            Some((f, i)) => {
                for label in dataset.files[f].inputs[i].labels.iter().filter(|l| l.positive) {
                    if let Some(&c) = index.get(label.concept.as_str()) {
                        carries[c] = true;
                    }
                }
            }
            None => {
                let own = predictions.rows[group.rows[0]].truth.iter().flatten();
                for name in own {
                    if let Some(&c) = index.get(name.as_str()) {
                        carries[c] = true;
                    }
                }
            }
        }
        for (m, &c) in mean.iter_mut().zip(&columns) {
            *m = complete.iter().map(|row| row[c]).sum::<f64>() / complete.len() as f64;
        }
        let fold_spread = (complete.len() > 1).then(|| {
            let spread = |e: usize| {
                let values = complete.iter().map(|row| row[columns[e]]);
                values.clone().fold(f64::MIN, f64::max) - values.fold(f64::MAX, f64::min)
            };
            let mut watched: Vec<usize> = (0..k).filter(|&e| carries[e]).collect();
            if watched.is_empty() {
                watched.push(argmax(&mean));
            }
            watched
                .into_iter()
                .map(|e| (e, spread(e)))
                .fold((0, f64::MIN), |best, x| if x.1 > best.1 { x } else { best })
        });
        scores.extend_from_slice(&mean);
        truth.extend_from_slice(&carries);
        rows.push(EvalRow { input: group.input, predictions: group.rows, fold_spread });
    }

    let exclusive = stats.exclusive()
        || (stats.exclusivity.is_none()
            && !rows.is_empty()
            && truth.chunks_exact(k.max(1)).all(|t| t.iter().filter(|&&b| b).count() == 1));
    let threshold = dataset.settings.thresholds.score;
    // Independent passes over the table, side by side.
    let ((metrics, unnormalized), (matrix, issues)) = rayon::join(
        || {
            rayon::join(
                || metrics::all_concept_metrics(&concepts, &scores, &truth, threshold),
                || if exclusive { unnormalized(predictions) } else { Vec::new() },
            )
        },
        || {
            rayon::join(
                || Matrix::compute(&concepts, &scores, &truth, threshold, exclusive),
                || label_issues(&concepts, &scores, &truth, &rows, exclusive),
            )
        },
    );
    mismatches.unnormalized = unnormalized;
    let mean_roc_auc = metrics::mean_roc_auc(&metrics);
    let verdict = verdict::judge(&metrics, &matrix, &rows, exclusive);
    // Rows follow the dataset's order, so this is sorted already as a rule.
    let mut by_input: Vec<(InputAt, usize)> =
        rows.iter().enumerate().filter_map(|(r, row)| Some((row.input?, r))).collect();
    if !by_input.is_sorted() {
        by_input.sort_unstable();
    }
    let mut issue_of_row = FxHashMap::default();
    for (i, issue) in issues.iter().enumerate() {
        issue_of_row.entry(issue.row).or_insert(i);
    }
    Evaluation {
        path: predictions.path.clone(),
        concepts,
        exclusive,
        threshold,
        rows,
        scores,
        truth,
        metrics,
        mean_roc_auc,
        matrix,
        issues,
        mismatches,
        verdict,
        by_input,
        issue_of_row,
    }
}

/// Rows whose scores (all of them, more than one) do not sum to 1, with their sum.
fn unnormalized(predictions: &Predictions) -> Vec<(usize, f64)> {
    let mut out = Vec::new();
    let all = predictions.columns.len();
    for r in 0..predictions.rows.len() {
        let row = predictions.row_scores(r);
        if all > 1 && row.iter().all(|v| v.is_finite()) {
            let sum: f64 = row.iter().sum();
            if (sum - 1.0).abs() > SUM_TOLERANCE {
                out.push((r, sum));
            }
        }
    }
    out
}

/// Concepts a score column may name: the declared ones when there is a label manifest, else
/// every concept used by a label (or by the ground truth in the predictions file).
fn known_concepts<'a>(stats: &'a Stats, predictions: &'a Predictions) -> FxHashSet<&'a str> {
    if stats.has_label_manifest {
        let declared = stats.concepts.iter().filter(|c| !c.declarations.is_empty());
        return declared.map(|c| c.name.as_str()).collect();
    }
    let used = stats.concepts.iter().map(|c| c.name.as_str());
    let own = predictions.rows.iter().filter_map(|r| r.truth.as_ref()).flatten();
    used.chain(own.map(String::as_str)).collect()
}

/// Confident learning: on inputs with exactly one label for exclusive data, per concept for
/// multi-label data. Worst first by self-confidence, ties by position.
fn label_issues(
    concepts: &[String],
    scores: &[f64],
    truth: &[bool],
    rows: &[EvalRow],
    exclusive: bool,
) -> Vec<LabelIssue> {
    let k = concepts.len();
    let mut out = Vec::new();
    if k < 2 {
        return out;
    }
    if exclusive {
        let mut picked = Vec::with_capacity(rows.len());
        let mut given = Vec::with_capacity(rows.len());
        for (r, t) in truth.chunks_exact(k).enumerate() {
            let mut labels = (0..k).filter(|&c| t[c]);
            if let (Some(g), None) = (labels.next(), labels.next()) {
                picked.push(r);
                given.push(g);
            }
        }
        // The scores of the picked rows (all of them, as a rule: no copy then).
        let sub: Cow<[f64]> = if picked.len() * k == scores.len() {
            Cow::Borrowed(scores)
        } else {
            Cow::Owned(picked.iter().flat_map(|&r| &scores[r * k..(r + 1) * k]).copied().collect())
        };
        let flags = confident::find_label_issues(&sub, &given, k);
        for (j, _) in flags.iter().enumerate().filter(|(_, f)| **f) {
            let (r, g) = (picked[j], given[j]);
            let p = &scores[r * k..(r + 1) * k];
            let suggested = (0..k).filter(|&c| c != g).fold(None, |best: Option<usize>, c| {
                if best.is_none_or(|b| p[c] > p[b]) { Some(c) } else { best }
            });
            out.push(LabelIssue {
                row: r,
                input: rows[r].input,
                kind: IssueKind::Relabel,
                concept: concepts[g].clone(),
                suggested: suggested.map(|s| concepts[s].clone()),
                self_confidence: self_confidence(p, g),
                normalized_margin: normalized_margin(p, g),
            });
        }
    } else {
        let flagged = confident::find_label_issues_per_concept(scores, truth, k);
        for (c, inputs) in flagged.iter().enumerate() {
            for &r in inputs {
                let p = scores[r * k + c];
                let carries = truth[r * k + c];
                let binary = [1.0 - p, p];
                let g = usize::from(carries);
                out.push(LabelIssue {
                    row: r,
                    input: rows[r].input,
                    kind: if carries { IssueKind::NotShown } else { IssueKind::Missing },
                    concept: concepts[c].clone(),
                    suggested: None,
                    self_confidence: self_confidence(&binary, g),
                    normalized_margin: normalized_margin(&binary, g),
                });
            }
        }
    }
    out.sort_by(|a, b| a.self_confidence.total_cmp(&b.self_confidence).then(a.row.cmp(&b.row)));
    out
}
