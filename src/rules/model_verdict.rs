//! `model-verdict`: what kind of model the predictions show, on the label manifest.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::model::{FileKind, Span};

use super::eval_support::{evaluation, fmt3};
use super::{Rule, diagnostic};

pub static RULE: Rule = Rule {
    name: "model-verdict",
    code: "CL025",
    default_severity: Severity::Info,
    summary: "The model's verdict from its predictions: good, OK with bad concepts, bad, biased or with variance.",
    docs: r#"# model-verdict (CL025)

Sums the evaluation up in one of the five kinds of model of the guidance for custom models,
as an information on the first line of the label manifest (or of the predictions file when
there is no label manifest):

- **good**: every concept has a ROC AUC of at least 0.9 on at least 10 positives;
- **OK with bad concepts**: a few concepts are weak (named; see `weak-concept`);
- **bad**: more than half of the concepts are weak;
- **biased**: the model predicts some concepts far more often than they are labeled (at least
  1.5x, top-1 for mutually exclusive concepts), a sign that it picks up cues other than the
  concept or follows the class imbalance;
- **variance**: with folds, at least 5% of the inputs scored in several folds get scores for
  their label that differ by 0.4 or more (see `unstable-prediction`).

`conceptlint report` shows the same verdict with the per-concept table.

## Why
One number hides what to do next. The kind of model says it: fix a few concepts, rethink the
concepts, balance the data, or stabilize training.

## Example
```text
labels.txt
  airplane   <- model verdict: OK model with 1 weak concept: 'cat'; mean ROC AUC 0.981 over 10 concepts
```

## Fix
Follow the verdict: for weak concepts, more and more varied inputs and checked labels; for a
biased model, balanced data and inputs without the shortcut cue; for variance, more data and a
simpler or regularized model.
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((eval, preds)) = evaluation(ctx) else { return };
    let mut msg = format!("model verdict: {}", eval.verdict.summary);
    if let Some(mean) = eval.mean_roc_auc {
        let n = eval.metrics.iter().filter(|m| m.roc_auc.is_some()).count();
        msg.push_str(&format!("; mean ROC AUC {} over {n} concepts", fmt3(mean)));
    }
    let labels = ctx.dataset.files.iter().find(|f| f.kind == FileKind::Labels);
    let (file, span) = match labels {
        Some(f) => {
            let text = ctx.dataset.source(&f.path).unwrap_or("");
            let end = text.find(['\r', '\n']).unwrap_or(text.len());
            (f.path.clone(), Span::new(0, end))
        }
        None => (preds.path.clone(), preds.key_span),
    };
    out.push(diagnostic(&RULE, &file, span, msg));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::eval_support::testing::{dataset, rows, text};
    use crate::rules::test_support::run;

    #[test]
    fn the_verdict_sits_on_the_first_line_of_the_label_manifest() {
        let (cats, cs) = rows("cat", false, 20, |i| 0.6 + 0.01 * i as f64);
        let (dogs, ds_) = rows("dog", true, 20, |i| 0.6 + 0.01 * i as f64);
        let files = [
            ("metadata.csv", format!("file_name,label\n{cats}{dogs}")),
            ("labels.txt", "cat\r\ndog\r\n".to_string()),
            ("predictions.csv", format!("file_name,cat,dog\n{cs}{ds_}")),
        ];
        let borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let (_dir, ds) = dataset(&borrowed);
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert_eq!(text(&ds, &out[0].file, out[0].span), "cat");
        assert_eq!(
            out[0].message,
            "model verdict: good model: every concept has a ROC AUC of at least 0.9 on at least \
             10 positives; mean ROC AUC 1.000 over 2 concepts"
        );
        let (_dir, ds) = dataset(&[
            ("metadata.csv", "file_name,label\na.png,cat\nb.png,dog\n"),
            ("predictions.csv", "file_name,cat,dog\na.png,0.9,0.1\nb.png,0.8,0.2\n"),
        ]);
        let out = run(&RULE, &ds, &Default::default());
        assert!(out[0].file.ends_with("predictions.csv"));
        assert_eq!(text(&ds, &out[0].file, out[0].span), "file_name");
        assert!(
            out[0].message.starts_with("model verdict: bad model: 2 of 2 concepts are weak"),
            "{}",
            out[0].message
        );
    }
}
