//! `too-easy`: the model separates a concept perfectly on fewer inputs than recommended.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;

use super::eval_support::{concept_place, evaluation};
use super::{Rule, diagnostic};

pub static RULE: Rule = Rule {
    name: "too-easy",
    code: "CL023",
    default_severity: Severity::Info,
    summary: "The model separates a concept perfectly on fewer inputs than recommended.",
    docs: r#"# too-easy (CL023)

Reports a concept that the model's scores separate perfectly (some threshold puts every input
carrying it above every input without it: ROC AUC 1) while fewer scored inputs carry it than
`thresholds.min-inputs` (50 by default).

## Why
Perfect results on little data rarely survive the real world: the inputs are probably too
alike (the same scene, background or photographer), or the concept is told apart by a cue
that only this data has. The model looks finished while it has not seen what it will meet.

## Example
```text
labels.txt
  forklift   <- the model separates 'forklift' perfectly on only 14 inputs (fewer than 50):
                the data may be unrealistically easy
```

## Fix
Add varied, realistic inputs: other backgrounds, lighting, angles, and hard negatives that look
like the concept; then evaluate again.

## Options
```toml
[thresholds]
min-inputs = 50
```
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((eval, _)) = evaluation(ctx) else { return };
    let min = ctx.settings.thresholds.min_inputs;
    for m in eval.metrics.iter().filter(|m| m.separable && m.positives < min) {
        let Some((file, span)) = concept_place(ctx, &m.name) else { continue };
        let msg = format!(
            "the model separates '{}' perfectly on only {} inputs (fewer than {min}): the data \
             may be unrealistically easy",
            m.name, m.positives
        );
        out.push(diagnostic(&RULE, &file, span, msg));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::eval_support::testing::{dataset, rows, text};
    use crate::rules::test_support::run;

    #[test]
    fn perfect_separation_on_few_inputs_is_reported() {
        let (cats, cs) = rows("cat", false, 12, |_| 0.9);
        let (dogs, ds_) = rows("dog", true, 60, |_| 0.8);
        let (_dir, ds) = dataset(&[
            ("metadata.csv", &format!("file_name,label\n{cats}{dogs}")),
            ("labels.txt", "cat\ndog\n"),
            ("predictions.csv", &format!("file_name,cat,dog\n{cs}{ds_}")),
        ]);
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1, "dog is separable too, on 60 inputs: enough");
        assert_eq!(text(&ds, &out[0].file, out[0].span), "cat");
        assert_eq!(
            out[0].message,
            "the model separates 'cat' perfectly on only 12 inputs (fewer than 50): the data may \
             be unrealistically easy"
        );
        let ds = {
            let mut ds = ds;
            ds.settings.thresholds.min_inputs = 10;
            ds
        };
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
    }
}
