//! The report on a terminal: the per-concept table, the verdict, the worst suspicious labels.

use std::fmt::Write;
use std::path::Path;

use super::{DatasetReport, display, metric, thousands};
use crate::eval::IssueKind;

/// Suspicious labels listed (the rest are counted).
const ISSUES_SHOWN: usize = 10;

pub fn render(reports: &[DatasetReport], cwd: &Path) -> String {
    let mut out = String::new();
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        dataset(&mut out, r, cwd);
    }
    out
}

fn dataset(out: &mut String, r: &DatasetReport, cwd: &Path) {
    let _ = writeln!(
        out,
        "{}: {} inputs scored by {} ({}), {}; threshold {}",
        display(&r.root, cwd),
        thousands(r.inputs_scored),
        display(&r.predictions, cwd),
        r.predictions_format,
        if r.exclusive { "mutually exclusive concepts" } else { "multi-label" },
        r.threshold
    );
    out.push('\n');
    let header = [
        "concept",
        "inputs",
        "ROC AUC",
        "avg prec",
        "precision",
        "recall",
        "F1",
        "TP",
        "FP",
        "FN",
        "suspicious",
        "most confused with",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for c in &r.concepts {
        let m = &c.metrics;
        let a = &m.at_threshold;
        let confused: Vec<String> =
            c.confused_with.iter().take(2).map(|(n, k)| format!("{n} ({k})")).collect();
        let mut name = m.name.clone();
        if c.weakness.is_some() {
            name.push_str(" *");
        }
        rows.push(vec![
            name,
            thousands(m.positives),
            metric(m.roc_auc),
            metric(m.average_precision),
            format!("{:.3}", a.precision),
            format!("{:.3}", a.recall),
            format!("{:.3}", a.f1),
            thousands(a.tp),
            thousands(a.fp),
            thousands(a.fn_),
            thousands(c.suspicious),
            confused.join(", "),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|col| rows.iter().map(|row| row[col].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let mut line = String::new();
        for (col, cell) in row.iter().enumerate() {
            let pad = widths[col] - cell.chars().count();
            if col == 0 || col == header.len() - 1 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
            line.push_str("  ");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if r.concepts.iter().any(|c| c.weakness.is_some()) {
        let _ = writeln!(out, "* weak concept (see `conceptlint rule weak-concept`)");
    }
    out.push('\n');
    let defined = r.concepts.iter().filter(|c| c.metrics.roc_auc.is_some()).count();
    let _ = writeln!(out, "mean ROC AUC: {} over {defined} concepts", metric(r.mean_roc_auc));
    let _ = writeln!(out, "verdict: {}", r.verdict.summary);
    out.push('\n');
    let n = r.suspicious_labels.len();
    let _ = writeln!(out, "suspicious labels: {} (worst first)", thousands(n));
    for issue in r.suspicious_labels.iter().take(ISSUES_SHOWN) {
        let what = match issue.kind {
            IssueKind::Relabel => {
                format!("{} -> {}", issue.concept, issue.suggested.as_deref().unwrap_or("?"))
            }
            IssueKind::NotShown => format!("{} (likely not shown)", issue.concept),
            IssueKind::Missing => format!("{} (likely shown, not labeled)", issue.concept),
        };
        let _ = writeln!(
            out,
            "  {}:{}  {}  {what}  quality {:.4}",
            display(&issue.file, cwd),
            issue.line,
            issue.input,
            issue.self_confidence
        );
    }
    if n > ISSUES_SHOWN {
        let _ = writeln!(
            out,
            "  ... and {} more (`conceptlint check` shows them in place)",
            thousands(n - ISSUES_SHOWN)
        );
    }
    if r.has_mismatches() {
        let m = &r.mismatches;
        let mut parts = Vec::new();
        let mut add = |n: usize, what: &str| {
            if n > 0 {
                parts.push(format!("{} {what}", thousands(n)));
            }
        };
        add(m.problems, "unreadable scores or rows");
        add(m.unknown_inputs, "rows for unknown inputs");
        add(m.duplicates, "repeated rows");
        add(m.inputs_without_scores, "inputs without scores");
        add(m.unknown_concepts.len(), "columns for unknown concepts");
        add(m.concepts_without_scores.len(), "concepts without scores");
        add(m.rows_not_summing_to_one, "rows not summing to 1");
        let _ = writeln!(
            out,
            "\nthe predictions do not fit the dataset everywhere: {} (`conceptlint check` places them)",
            parts.join(", ")
        );
    }
}
