//! `unstable-prediction`: an input's score for its label varies strongly across folds.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::eval::UNSTABLE_SPREAD;

use super::eval_support::{evaluation, fmt3, label_span, location_span};
use super::{Rule, diagnostic};

pub static RULE: Rule = Rule {
    name: "unstable-prediction",
    code: "CL024",
    default_severity: Severity::Warning,
    summary: "An input's score for its label varies strongly across folds.",
    docs: r#"# unstable-prediction (CL024)

With a `fold` column (or key) in the predictions, an input scored by several folds or runs has
several scores per concept. When the scores for one of its labels span 0.4 or more (the
highest minus the lowest), the finding sits on that label, with each fold's row as a related
location. Without labels, the concept the model favours is watched instead.

## Why
A model with variance gives different answers for the same input depending on which inputs it
was trained on: it has not learned the concept, it has memorized its training set. Its metrics
are a matter of luck, and so is its behaviour in production.

## Example
```text
predictions.csv
  images/7.png,0.91,0.09,0     <- fold 0
  images/7.png,0.12,0.88,1     <- fold 1
metadata.csv
  images/7.png,cat             <- scores for 'cat' range from 0.120 to 0.910 across 2 folds
```

## Fix
Add inputs like the unstable ones (they sit where the concept is thin), check their labels,
and regularize or simplify the model; if many inputs are unstable, the model has variance.
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((eval, preds)) = evaluation(ctx) else { return };
    for row in &eval.rows {
        let (Some(at), Some((c, spread))) = (row.input, row.fold_spread) else { continue };
        if spread < UNSTABLE_SPREAD {
            continue;
        }
        let concept = &eval.concepts[c];
        let Some(col) = preds.column(concept) else { continue };
        let values: Vec<f64> = row.predictions.iter().map(|&r| preds.row_scores(r)[col]).collect();
        let lo = values.iter().copied().fold(f64::MAX, f64::min);
        let hi = values.iter().copied().fold(f64::MIN, f64::max);
        let place = label_span(ctx, at, concept).or_else(|| location_span(ctx, at));
        let Some((file, span)) = place else { continue };
        let msg = format!(
            "scores for '{concept}' range from {} to {} across {} folds",
            fmt3(lo),
            fmt3(hi),
            values.len()
        );
        let mut d = diagnostic(&RULE, &file, span, msg);
        for &r in &row.predictions {
            let fold = preds.rows[r].fold.as_deref().unwrap_or("?");
            d = d.with_related(preds.path.clone(), preds.rows[r].span, format!("fold {fold}"));
        }
        out.push(d.for_input(&ctx.dataset.files[at.0].inputs[at.1]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::eval_support::testing::{dataset, text};
    use crate::rules::test_support::run;

    #[test]
    fn scores_that_disagree_across_folds_are_reported_on_the_label() {
        let (_dir, ds) = dataset(&[
            ("metadata.csv", "file_name,label\n7.png,cat\n8.png,dog\n"),
            (
                "predictions.csv",
                "file_name,cat,dog,fold\n7.png,0.91,0.09,0\n8.png,0.2,0.8,0\n\
                 7.png,0.12,0.88,1\n8.png,0.3,0.7,1\n",
            ),
        ]);
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert_eq!(text(&ds, &out[0].file, out[0].span), "cat");
        assert_eq!(out[0].message, "scores for 'cat' range from 0.120 to 0.910 across 2 folds");
        let related: Vec<(&str, &str)> = out[0]
            .related
            .iter()
            .map(|r| (text(&ds, &r.file, r.span), r.message.as_str()))
            .collect();
        assert_eq!(related, [("7.png,0.91,0.09,0", "fold 0"), ("7.png,0.12,0.88,1", "fold 1")]);
    }
}
