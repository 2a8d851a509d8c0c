//! `suspicious-label`: confident learning says an input's label is likely wrong.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::engine::Context;
use crate::eval::IssueKind;

use super::eval_support::{evaluation, fmt3, label_span, location_span};
use super::{Rule, diagnostic, replace_name};

pub static RULE: Rule = Rule {
    name: "suspicious-label",
    code: "CL021",
    default_severity: Severity::Warning,
    summary: "The model's out-of-sample scores say this label is likely wrong.",
    docs: r#"# suspicious-label (CL021)

Finds labels that are likely wrong with confident learning, exactly as cleanlab 2.9's
`find_label_issues` does with its defaults: per-concept thresholds (the mean score of a concept
over the inputs labeled with it), the calibrated confident joint, pruning by noise rate, and
never flagging an input whose top prediction is its label. Multi-label data is checked one
concept at a time. Findings are ranked worst first by label quality (the score of the given
label, "self-confidence"; the normalized margin is in the report too) and say which concept
the model favours.

Needs predictions (see `invalid-predictions`), ideally out-of-sample: cross-validated scores,
or scores on a held-out split. Scores of a model on its own training inputs hide label errors.

## Why
Wrong labels teach the model wrong answers and make its evaluation lie. A handful of mislabeled
inputs per concept measurably hurts a custom model; finding them by hand in thousands of
inputs is hopeless, and the model's own disagreement points at the few worth a look.

## Example
```text
{"file_name": "images/00165.png", "label": "deer"}
                                            ^^^^ 'deer' may be the wrong label: the model
                                                 scores it 0.004 and favours 'bird' (0.981)
```

## Fix
Look at the image. If the label is wrong, relabel it (the quick fix writes the suggested
concept); if it is right but unusual, keep it and add more inputs like it; to silence one
input, list it under `per-input-ignores`.
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((eval, preds)) = evaluation(ctx) else { return };
    let total = eval.issues.len();
    let k = eval.concepts.len();
    for (rank, issue) in eval.issues.iter().enumerate() {
        let Some(at) = issue.input else { continue };
        let input = &ctx.dataset.files[at.0].inputs[at.1];
        let rank =
            format!("label quality {}, {} of {total}", fmt3(issue.self_confidence), rank + 1);
        let scores = &eval.scores[issue.row * k..(issue.row + 1) * k];
        let score =
            |name: &str| eval.concepts.iter().position(|c| c == name).map_or(0.0, |c| scores[c]);
        let mut d = match issue.kind {
            IssueKind::Relabel => {
                let Some((file, span)) = label_span(ctx, at, &issue.concept) else { continue };
                let suggested = issue.suggested.clone().unwrap_or_default();
                let msg = format!(
                    "'{}' may be the wrong label: the model scores it {} and favours '{}' ({}); {rank}",
                    issue.concept,
                    fmt3(score(&issue.concept)),
                    suggested,
                    fmt3(score(&suggested)),
                );
                let parsed = &ctx.dataset.files[at.0];
                let text = ctx.dataset.source(&file).unwrap_or("");
                let replacement = replace_name(text, parsed, span, &issue.concept, &suggested);
                let mut d = diagnostic(&RULE, &file, span, msg);
                if let Some(replacement) = replacement {
                    d = d.with_fix(Fix {
                        title: format!("Relabel as '{suggested}'"),
                        edits: vec![Edit { file, span, replacement }],
                    });
                }
                d
            }
            IssueKind::NotShown => {
                let Some((file, span)) = label_span(ctx, at, &issue.concept) else { continue };
                let msg = format!(
                    "'{}' may be a wrong label here: the model scores it {}; {rank}",
                    issue.concept,
                    fmt3(score(&issue.concept))
                );
                diagnostic(&RULE, &file, span, msg)
            }
            IssueKind::Missing => {
                let Some((file, span)) = location_span(ctx, at) else { continue };
                let msg = format!(
                    "this input may show '{}' (the model scores it {}) but is not labeled with it; {rank}",
                    issue.concept,
                    fmt3(score(&issue.concept))
                );
                diagnostic(&RULE, &file, span, msg)
            }
        };
        if let Some(&r) = eval.rows[issue.row].predictions.first() {
            d = d.with_related(preds.path.clone(), preds.rows[r].span, "the model's scores");
        }
        out.push(d.for_input(input));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::eval_support::testing::{dataset, rows, text};
    use crate::rules::test_support::run;

    /// 40 cats and 40 dogs, scored well, plus `extra` manifest and predictions rows.
    fn pets(
        extra_manifest: &str,
        extra_preds: &str,
    ) -> (tempfile::TempDir, crate::engine::Dataset) {
        let (cats, cat_scores) = rows("cat", false, 40, |i| 0.7 + 0.005 * i as f64);
        let (dogs, dog_scores) = rows("dog", true, 40, |i| 0.72 + 0.005 * i as f64);
        dataset(&[
            ("metadata.csv", &format!("file_name,label\n{cats}{dogs}{extra_manifest}")),
            ("labels.txt", "cat\ndog\n"),
            (
                "predictions.csv",
                &format!("file_name,cat,dog\n{cat_scores}{dog_scores}{extra_preds}"),
            ),
        ])
    }

    #[test]
    fn a_mislabeled_input_is_flagged_with_a_relabel_fix() {
        let (_dir, ds) = pets("img/odd.png,cat\n", "img/odd.png,0.03,0.97\n");
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1, "{out:#?}");
        let d = &out[0];
        assert_eq!(text(&ds, &d.file, d.span), "cat");
        assert_eq!(d.span, ds.files[0].inputs[80].labels[0].span);
        assert_eq!(
            d.message,
            "'cat' may be the wrong label: the model scores it 0.030 and favours 'dog' (0.970); \
             label quality 0.030, 1 of 1"
        );
        assert_eq!(d.fixes[0].title, "Relabel as 'dog'");
        let fixed = crate::rules::test_support::apply(&ds, d, 0);
        assert!(fixed.ends_with("img/odd.png,dog\n"), "{fixed}");
        assert_eq!(text(&ds, &d.related[0].file, d.related[0].span), "img/odd.png,0.03,0.97");
        assert_eq!(d.input.as_ref().unwrap().location, "img/odd.png");
    }

    #[test]
    fn an_input_whose_top_score_is_its_label_is_never_flagged() {
        let (_dir, ds) = pets("img/odd.png,cat\n", "img/odd.png,0.51,0.49\n");
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
    }

    #[test]
    fn multi_label_checks_each_concept() {
        let mut manifest = String::from("file_name,labels\n");
        let mut preds = String::from("file_name,outdoor,person\n");
        for i in 0..60 {
            let (o, p) = (i % 2 == 0, i % 3 == 0);
            let labels: Vec<&str> =
                [(o, "outdoor"), (p, "person")].iter().filter(|x| x.0).map(|x| x.1).collect();
            manifest.push_str(&format!("{i}.png,{}\n", labels.join(";")));
            let s = |on: bool| if on { 0.8 + 0.001 * i as f64 } else { 0.1 + 0.001 * i as f64 };
            preds.push_str(&format!("{i}.png,{},{}\n", s(o), s(p)));
        }
        manifest.push_str("x.png,outdoor;person\ny.png,outdoor\n");
        preds.push_str("x.png,0.9,0.02\ny.png,0.85,0.97\n");
        let (_dir, ds) = dataset(&[
            ("metadata.csv", &manifest),
            ("conceptlint.toml", "exclusive = false\n"),
            ("predictions.csv", &preds),
        ]);
        let out = run(&RULE, &ds, &Default::default());
        let got: Vec<(&str, &str)> =
            out.iter().map(|d| (text(&ds, &d.file, d.span), d.message.as_str())).collect();
        assert_eq!(got.len(), 2, "{got:#?}");
        assert_eq!(got[0].0, "person");
        assert!(
            got[0].1.starts_with("'person' may be a wrong label here: the model scores it 0.020")
        );
        assert_eq!(got[1].0, "y.png");
        assert!(got[1].1.starts_with("this input may show 'person' (the model scores it 0.970)"));
    }
}
