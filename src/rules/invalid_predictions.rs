//! `invalid-predictions`: the predictions file cannot be read, or does not fit the dataset.

use crate::diagnostic::{Diagnostic, InputRef, Severity};
use crate::engine::Context;
use crate::model::Span;

use super::eval_support::evaluation;
use super::{Rule, diagnostic, shown};
use crate::text::LineIndex;

pub static RULE: Rule = Rule {
    name: "invalid-predictions",
    code: "CL020",
    default_severity: Severity::Warning,
    summary: "The predictions file cannot be read, or its scores do not fit the dataset.",
    docs: r#"# invalid-predictions (CL020)

Reads the model's predictions (a sibling `predictions.csv`/`.tsv`/`.jsonl`/`.json`, or the
file the config's `predictions` key names) and reports, in that file, everything that keeps a
score from counting: a row that cannot be read, a score that is not a number in [0, 1], scores
for an input the dataset does not have, the same input scored twice without distinct folds,
inputs without scores, a score column for an unknown concept, a declared concept without a
column, and rows that do not sum to 1 when the concepts are mutually exclusive.

Accepted shapes: CSV/TSV with a key column (`file_name`, `image`, `path`, `id`, ...), one score
column per concept and an optional `fold`; JSON Lines `{"file_name": ..., "scores": {concept:
score}, "fold": ...}`; Clarifai's evaluation JSON (`test_set[]` with `predicted_concepts` and
`ground_truth_concepts`). Keys match inputs by id, by the location as written (`./` and `\`
ignored), or by the resolved path.

## Why
Metrics and label checks only see the scores that match an input and a concept. A mismatch
silently shrinks the evaluation: a concept without scores looks unlearnable, a typo in a path
drops an input, a one-vs-rest model read as a softmax one misleads the label check.

## Example
```text
file_name,cat,dgo
images/1.png,0.9,0.1      <- no concept 'dgo' in the label manifest
images/9.png,0.2,0.8      <- no input 'images/9.png' in the dataset
```

## Fix
Export the predictions for the same inputs and concepts as the dataset manifest, with the
concept names of the label manifest, one row per input (or per input and fold).
"#,
    check,
};

/// Past this many rows that do not sum to 1, one finding on the header says so.
const UNNORMALIZED_SHOWN: usize = 20;
/// Inputs without scores listed as related locations.
const UNSCORED_SHOWN: usize = 10;

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(preds) = ctx.dataset.predictions.as_ref() else { return };
    let path = &preds.path;
    for p in &preds.problems {
        out.push(diagnostic(&RULE, path, p.span, p.message.clone()));
    }
    let Some((eval, _)) = evaluation(ctx) else { return };
    let text = ctx.dataset.source(path).unwrap_or("");
    let lines = (!eval.mismatches.duplicates.is_empty()).then(|| LineIndex::new(text));
    let m = &eval.mismatches;
    let row_ref = |r: usize| InputRef { id: None, location: preds.rows[r].key.clone() };
    for &r in &m.unknown_keys {
        let row = &preds.rows[r];
        let msg = format!("no input '{}' in the dataset: these scores match nothing", row.key);
        let mut d = diagnostic(&RULE, path, row.key_span, msg);
        d.input = Some(row_ref(r));
        out.push(d);
    }
    for &(r, first) in &m.duplicates {
        let row = &preds.rows[r];
        let first_row = &preds.rows[first];
        let msg = format!(
            "'{}' is scored again (first on line {}); give each run its own `fold`",
            row.key,
            lines.as_ref().map_or(0, |l| l.line_of(first_row.span.start)) + 1
        );
        let mut d = diagnostic(&RULE, path, row.key_span, msg).with_related(
            path.clone(),
            first_row.span,
            "the first scores of this input",
        );
        d.input = Some(row_ref(r));
        out.push(d);
    }
    if !m.unscored.is_empty() {
        let (f, _) = m.unscored[0];
        let manifest = &ctx.dataset.files[f];
        let n = m.unscored.len();
        let msg = format!(
            "{n} input{} of {} {} no scores",
            if n == 1 { "" } else { "s" },
            shown(ctx, &manifest.path),
            if n == 1 { "has" } else { "have" }
        );
        let mut d = diagnostic(&RULE, path, preds.key_span, msg);
        for &(f, i) in m.unscored.iter().take(UNSCORED_SHOWN) {
            let file = &ctx.dataset.files[f];
            let input = &file.inputs[i];
            d = d.with_related(file.path.clone(), input.location_span, "an input without scores");
        }
        out.push(d);
    }
    for &c in &m.unknown_columns {
        let col = &preds.columns[c];
        let msg = if ctx.stats.has_label_manifest {
            format!("no concept '{}' in the label manifest: its scores are not evaluated", col.name)
        } else {
            format!("no input carries '{}': its scores are not evaluated", col.name)
        };
        out.push(diagnostic(&RULE, path, col.span, msg));
    }
    for name in &m.missing_columns {
        let msg = format!("no scores for the declared concept '{name}'");
        let mut d = diagnostic(&RULE, path, preds.key_span, msg);
        if let Some((file, span)) = super::eval_support::concept_place(ctx, name) {
            d = d.with_related(file, span, "declared here");
        }
        out.push(d);
    }
    report_unnormalized(preds, &m.unnormalized, out);
}

fn report_unnormalized(
    preds: &crate::eval::predictions::Predictions,
    rows: &[(usize, f64)],
    out: &mut Vec<Diagnostic>,
) {
    let path = &preds.path;
    if rows.len() > UNNORMALIZED_SHOWN {
        let msg = format!(
            "the scores of {} of {} rows do not sum to 1, but the concepts are mutually \
             exclusive: is this a one-vs-rest (multi-label) model? Set `exclusive = false` if \
             inputs may carry several concepts",
            rows.len(),
            preds.rows.len()
        );
        let span = if preds.key_span.is_empty() { Span::empty(0) } else { preds.key_span };
        out.push(diagnostic(&RULE, path, span, msg));
        return;
    }
    for &(r, sum) in rows {
        let row = &preds.rows[r];
        let msg =
            format!("these scores sum to {sum:.3}, not 1, but the concepts are mutually exclusive");
        let mut d = diagnostic(&RULE, path, row.span, msg);
        d.input = Some(InputRef { id: None, location: row.key.clone() });
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::eval_support::testing::{dataset, text};
    use crate::rules::test_support::run;

    #[test]
    fn every_mismatch_is_placed_in_the_predictions_file() {
        let (_dir, ds) = dataset(&[
            ("metadata.csv", "file_name,label\na.png,cat\nb.png,dog\nc.png,cat\nd.png,dog\n"),
            ("labels.txt", "cat\ndog\nbird\n"),
            (
                "predictions.csv",
                "file_name,cat,dog,owl\na.png,0.9,0.1,0\nb.png,0.7,1.3,0\nx.png,0.5,0.5,0\n\
                 a.png,0.8,0.2,0\nc.png,0.3,0.3,0\n",
            ),
        ]);
        let out = run(&RULE, &ds, &Default::default());
        let got: Vec<(&str, &str)> =
            out.iter().map(|d| (text(&ds, &d.file, d.span), d.message.as_str())).collect();
        assert_eq!(
            got,
            [
                ("1.3", "score 1.3 is outside [0, 1] for 'dog'"),
                ("x.png", "no input 'x.png' in the dataset: these scores match nothing"),
                (
                    "a.png",
                    "'a.png' is scored again (first on line 2); give each run its own `fold`"
                ),
                ("file_name", "1 input of metadata.csv has no scores"),
                ("owl", "no concept 'owl' in the label manifest: its scores are not evaluated"),
                ("file_name", "no scores for the declared concept 'bird'"),
                (
                    "c.png,0.3,0.3,0",
                    "these scores sum to 0.600, not 1, but the concepts are mutually exclusive"
                ),
            ]
        );
        assert!(out.iter().all(|d| d.file.ends_with("predictions.csv")));
        let unscored: Vec<&str> =
            out[3].related.iter().map(|r| text(&ds, &r.file, r.span)).collect();
        assert_eq!(unscored, ["d.png"], "b.png has a row, with a bad score");
        assert_eq!(text(&ds, &out[2].related[0].file, out[2].related[0].span), "a.png,0.9,0.1,0");
        assert_eq!(out[1].input.as_ref().unwrap().location, "x.png");
    }

    #[test]
    fn a_multi_label_model_on_exclusive_data_is_one_finding() {
        let mut manifest = String::from("file_name,label\n");
        let mut preds = String::from("file_name,cat,dog\n");
        for i in 0..30 {
            let c = if i % 2 == 0 { "cat" } else { "dog" };
            manifest.push_str(&format!("{i}.png,{c}\n"));
            preds.push_str(&format!("{i}.png,0.9,0.8\n"));
        }
        let (_dir, ds) = dataset(&[("metadata.csv", &manifest), ("predictions.csv", &preds)]);
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert!(out[0].message.starts_with("the scores of 30 of 30 rows do not sum to 1"));
        assert_eq!(text(&ds, &out[0].file, out[0].span), "file_name");
    }

    #[test]
    fn silent_without_predictions_or_when_everything_fits() {
        let (_dir, ds) = dataset(&[("metadata.csv", "file_name,label\na.png,cat\n")]);
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
        let (_dir, ds) = dataset(&[
            ("metadata.csv", "file_name,label\na.png,cat\nb.png,dog\n"),
            (
                "predictions.jsonl",
                "{\"file_name\": \"./a.png\", \"scores\": {\"cat\": 0.6, \"dog\": 0.4}}\n{\"file_name\": \"b.png\", \"scores\": {\"cat\": 0.1, \"dog\": 0.9}}\n",
            ),
        ]);
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
    }
}
