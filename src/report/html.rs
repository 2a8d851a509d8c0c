//! The report as one self-contained HTML page (no scripts, no external resources): summary and
//! verdict, the per-concept table, ROC and precision-recall curves per concept, the
//! concept-by-concept matrix, and the worst suspicious labels.

use std::fmt::Write;
use std::path::Path;

use super::{DatasetReport, display, metric, svg, thousands};

/// Suspicious labels listed on the page.
const ISSUES_SHOWN: usize = 100;

const STYLE: &str = "html{background:#fff}body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1200px}\
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse}\
td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:right}\
td:first-child,th:first-child,td.l,th.l{text-align:left}.weak{color:#cf222e;font-weight:600}\
.verdict{padding:.6rem 1rem;border-left:4px solid #1f6feb;background:#f3f7ff}\
.verdict.bad,.verdict.biased,.verdict.variance{border-color:#cf222e;background:#fff5f5}\
.curves{display:flex;flex-wrap:wrap;gap:1rem}.concept{border:1px solid #ddd;padding:.5rem}\
.concept h3{font-size:1rem;margin:.2rem 0}";

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(reports: &[DatasetReport], cwd: &Path) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>conceptlint report</title><style>",
    );
    s.push_str(STYLE);
    s.push_str("</style></head><body><h1>conceptlint report</h1>\n");
    for r in reports {
        dataset(&mut s, r, cwd);
    }
    s.push_str("</body></html>\n");
    s
}

fn dataset(s: &mut String, r: &DatasetReport, cwd: &Path) {
    let _ = write!(
        s,
        "<section class=\"dataset\"><h2>{}</h2><p>{} inputs scored by <code>{}</code> ({}), {}; \
         threshold {}; mean ROC AUC <strong>{}</strong>.</p>",
        escape(&display(&r.root, cwd)),
        thousands(r.inputs_scored),
        escape(&display(&r.predictions, cwd)),
        r.predictions_format,
        if r.exclusive { "mutually exclusive concepts" } else { "multi-label" },
        r.threshold,
        metric(r.mean_roc_auc)
    );
    let _ = write!(
        s,
        "<p class=\"verdict {}\" id=\"verdict\">Verdict: <strong>{}</strong>: {}</p>",
        r.verdict.kind.name(),
        r.verdict.kind.name(),
        escape(&r.verdict.summary)
    );
    s.push_str(
        "<h2>Concepts</h2><table class=\"concepts\"><thead><tr><th>concept</th><th>inputs</th>\
         <th>ROC AUC</th><th>avg precision</th><th>precision</th><th>recall</th><th>F1</th>\
         <th>TP</th><th>FP</th><th>FN</th><th>suspicious</th><th class=\"l\">most confused with</th>\
         </tr></thead><tbody>",
    );
    for c in &r.concepts {
        let m = &c.metrics;
        let a = &m.at_threshold;
        let confused: Vec<String> =
            c.confused_with.iter().take(3).map(|(n, k)| format!("{} ({k})", escape(n))).collect();
        let _ = write!(
            s,
            "<tr><td{}>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.3}</td><td>{:.3}</td>\
             <td>{:.3}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"l\">{}</td></tr>",
            if c.weakness.is_some() { " class=\"weak\"" } else { "" },
            escape(&m.name),
            thousands(m.positives),
            metric(m.roc_auc),
            metric(m.average_precision),
            a.precision,
            a.recall,
            a.f1,
            thousands(a.tp),
            thousands(a.fp),
            thousands(a.fn_),
            thousands(c.suspicious),
            confused.join(", ")
        );
    }
    s.push_str("</tbody></table>");
    s.push_str("<h2>ROC and precision-recall curves</h2><div class=\"curves\">");
    for c in &r.concepts {
        let m = &c.metrics;
        let _ = write!(
            s,
            "<div class=\"concept\"><h3>{}</h3><div>ROC AUC {} · AP {}</div>{}{}</div>",
            escape(&m.name),
            metric(m.roc_auc),
            metric(m.average_precision),
            svg::curve(
                &m.roc_curve,
                "false positive rate",
                "true positive rate",
                true,
                &format!("ROC curve of {}", m.name)
            ),
            svg::curve(
                &m.pr_curve,
                "recall",
                "precision",
                false,
                &format!("precision-recall curve of {}", m.name)
            ),
        );
    }
    s.push_str("</div>");
    let what = if r.matrix.top1.is_some() {
        "rows: the given concept; columns: the top prediction"
    } else {
        "rows: inputs carrying the concept; columns: concepts scored at or above the threshold"
    };
    let _ = write!(s, "<h2>Concept by concept</h2><p>{what}.</p>{}", svg::matrix(&r.matrix));
    let n = r.suspicious_labels.len();
    let _ = write!(s, "<h2>Suspicious labels ({})</h2>", thousands(n));
    if n > 0 {
        s.push_str(
            "<table class=\"issues\"><thead><tr><th>input</th><th class=\"l\">label</th>\
             <th class=\"l\">suggested</th><th>self-confidence</th><th>normalized margin</th>\
             </tr></thead><tbody>",
        );
        for i in r.suspicious_labels.iter().take(ISSUES_SHOWN) {
            let _ = write!(
                s,
                "<tr><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{:.4}</td>\
                 <td>{:.4}</td></tr>",
                escape(&i.input),
                escape(&i.concept),
                escape(i.suggested.as_deref().unwrap_or("")),
                i.self_confidence,
                i.normalized_margin
            );
        }
        s.push_str("</tbody></table>");
        if n > ISSUES_SHOWN {
            let _ = write!(s, "<p>… and {} more.</p>", thousands(n - ISSUES_SHOWN));
        }
    }
    s.push_str("</section>\n");
}
