//! `class-imbalance`: the largest concept dwarfs the smallest.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;

use super::{Rule, concept_place, diagnostic, own_concepts};

pub static RULE: Rule = Rule {
    name: "class-imbalance",
    code: "CL009",
    default_severity: Severity::Warning,
    summary: "The largest concept has more than 10x the inputs of the smallest.",
    docs: r#"# class-imbalance (CL009)

Compares the positive inputs of the largest and the smallest concept that has any (declared concepts only, when there is a label manifest), and reports
when the ratio exceeds `thresholds.max-imbalance-ratio` (10 by default). The finding sits on the
smallest concept (its declaration, or its first use), with the largest as a related location.

## Why
A model trained on imbalanced data leans toward the big concepts: predicting them is right
most of the time, so it learns to, and the small concepts get few true positives. This is one
way a model becomes biased; accuracy hides it.

## Example
```text
# cat: 400 inputs, rabbit: 12 inputs
rabbit   <- 'cat' has 400 inputs, 33.3x 'rabbit' (12); keep the ratio under 10x
```

## Fix
Add inputs to the small concepts, subsample the large ones, or weight the classes in training.

## Options
```toml
[thresholds]
max-imbalance-ratio = 10
```
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let present = own_concepts(ctx).filter(|c| c.positives > 0);
    let Some(largest) = present.clone().max_by_key(|c| c.positives) else {
        return;
    };
    let Some(smallest) = present.min_by_key(|c| c.positives) else {
        return;
    };
    let ratio = largest.positives as f64 / smallest.positives as f64;
    let max = ctx.settings.thresholds.max_imbalance_ratio;
    if ratio <= max {
        return;
    }
    let (Some((sf, ss)), Some((lf, ls))) =
        (concept_place(ctx, smallest), concept_place(ctx, largest))
    else {
        return;
    };
    let msg = format!(
        "'{}' has {} inputs, {ratio:.1}x '{}' ({}); keep the ratio under {max}x",
        largest.name, largest.positives, smallest.name, smallest.positives
    );
    let related = format!("'{}', the largest concept ({} inputs)", largest.name, largest.positives);
    out.push(diagnostic(&RULE, &sf, ss, msg).with_related(lf, ls, related));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn fires_on_the_smallest_concept_over_the_ratio() {
        let mut all = rows("cat", 121);
        all.extend(rows("rabbit", 12));
        all.extend(rows("dog", 60));
        all.extend(rows("dgo", 1));
        let ds = Builder::new()
            .manifest("metadata.csv", &borrow(&all))
            .labels(&["cat", "dog", "rabbit", "unused"])
            .build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert_eq!(at(&ds, &out[0]), "rabbit");
        assert!(out[0].file.ends_with("labels.txt"));
        assert_eq!(
            out[0].message,
            "'cat' has 121 inputs, 10.1x 'rabbit' (12); keep the ratio under 10x"
        );
        assert_eq!(out[0].related[0].span.start, 0, "related: the declaration of cat");
    }

    #[test]
    fn silent_at_or_under_the_ratio() {
        let mut all = rows("cat", 120);
        all.extend(rows("rabbit", 12));
        let ds = Builder::new().manifest("metadata.csv", &borrow(&all)).build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
        let ds = Builder::new()
            .manifest("metadata.csv", &borrow(&all))
            .settings(|s| s.thresholds.max_imbalance_ratio = 20.0)
            .build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
    }

    #[test]
    fn falls_back_to_first_use_without_label_manifest() {
        let mut all = rows("cat", 30);
        all.extend(rows("owl", 2));
        let ds = Builder::new().manifest("metadata.csv", &borrow(&all)).build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(at(&ds, &out[0]), "owl");
        assert_eq!(out[0].span, ds.files[0].inputs[30].labels[0].span);
    }
}
