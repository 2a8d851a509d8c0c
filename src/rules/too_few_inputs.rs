//! `too-few-inputs`: a concept with fewer positive inputs than the minimum.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::stats::ConceptStats;

use super::{Rule, concept_place, diagnostic, own_concepts, positive_uses};

pub static RULE: Rule = Rule {
    name: "too-few-inputs",
    code: "CL001",
    default_severity: Severity::Warning,
    summary: "A concept has fewer positive inputs than the minimum (50 by default).",
    docs: r#"# too-few-inputs (CL001)

Reports a concept that fewer than `thresholds.min-inputs` inputs (default 50) carry as a
positive label. The finding sits on the concept's declaration in the label manifest; without a
label manifest, on its first use, with the next 10 uses as related locations (and a count of
the rest).

## Why
A custom model learns a concept from its examples. Under about 50 inputs per concept the model
sees too few appearances, backgrounds and viewpoints to generalize, and its evaluation numbers
for that concept are too noisy to trust. More is better.

## Example
```text
# labels.txt           # metadata.csv: only 12 rows carry rabbit
cat
rabbit   <- 'rabbit' has 12 inputs; at least 50 are recommended (38 more)
```

## Fix
Add inputs of the concept (varied: angles, lighting, backgrounds), merge it into a broader
concept, or drop it. To accept fewer, lower the threshold.

## Options
```toml
[thresholds]
min-inputs = 50
```
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.stats.inputs == 0 {
        return;
    }
    let min = ctx.settings.thresholds.min_inputs;
    for concept in own_concepts(ctx).filter(|c| c.positives < min) {
        if let Some(d) = finding(ctx, concept, min) {
            out.push(d);
        }
    }
}

/// Other uses shown as related locations, at most.
const MAX_RELATED: usize = 10;

fn finding(ctx: &Context, concept: &ConceptStats, min: usize) -> Option<Diagnostic> {
    let message = match concept.positives {
        0 => format!("'{}' has no inputs; at least {min} are recommended", concept.name),
        n => format!(
            "'{}' has {n} input{}; at least {min} are recommended ({} more)",
            concept.name,
            if n == 1 { "" } else { "s" },
            min - n
        ),
    };
    let (file, span) = concept_place(ctx, concept)?;
    let mut d = diagnostic(&RULE, &file, span, message);
    if concept.declarations.is_empty() {
        let others = positive_uses(ctx, concept).count().saturating_sub(1);
        for (i, (f, span)) in positive_uses(ctx, concept).skip(1).take(MAX_RELATED).enumerate() {
            let mut note = format!("another input of '{}'", concept.name);
            if i + 1 == MAX_RELATED && others > MAX_RELATED {
                note.push_str(&format!(" ({} more not shown)", others - MAX_RELATED));
            }
            d = d.with_related(f, span, note);
        }
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn fires_on_the_declaration_when_there_is_a_label_manifest() {
        let (cats, rabbits) = (rows("cat", 50), rows("rabbit", 12));
        let all: Vec<_> = cats.iter().chain(&rabbits).cloned().collect();
        let ds = Builder::new()
            .manifest("metadata.csv", &borrow(&all))
            .manifest("extra.csv", &[("x.png", &["dgo"])])
            .labels(&["cat", "rabbit", "owl"])
            .build();
        let out = run(&RULE, &ds, &Default::default());
        let got: Vec<_> = out.iter().map(|d| (at(&ds, d), d.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("rabbit", "'rabbit' has 12 inputs; at least 50 are recommended (38 more)"),
                ("owl", "'owl' has no inputs; at least 50 are recommended"),
            ]
        );
        assert!(out[0].file.ends_with("labels.txt"));
    }

    #[test]
    fn fires_on_the_first_use_without_a_label_manifest() {
        let ds = Builder::new()
            .manifest(
                "metadata.csv",
                &[("a.png", &["dog"]), ("b.png", &["dog"]), ("c.png", &["-dog"])],
            )
            .build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].span, ds.files[0].inputs[0].labels[0].span);
        assert_eq!(out[0].message, "'dog' has 2 inputs; at least 50 are recommended (48 more)");
        assert_eq!(out[0].related.len(), 1, "negative labels are not uses");
    }

    #[test]
    fn related_uses_are_capped_with_a_count_of_the_rest() {
        let ds = Builder::new().manifest("metadata.csv", &borrow(&rows("owl", 40))).build();
        let out = run(&RULE, &ds, &Default::default());
        let notes: Vec<&str> = out[0].related.iter().map(|r| r.message.as_str()).collect();
        assert_eq!(notes.len(), 10);
        assert_eq!(notes[0], "another input of 'owl'");
        assert_eq!(notes[9], "another input of 'owl' (29 more not shown)");
        assert_eq!(out[0].related[9].span, ds.files[0].inputs[10].labels[0].span);
        let ds = Builder::new().manifest("metadata.csv", &borrow(&rows("owl", 11))).build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out[0].related.len(), 10);
        assert_eq!(out[0].related[9].message, "another input of 'owl'");
    }

    #[test]
    fn silent_at_the_threshold_and_without_inputs() {
        let ds = Builder::new().manifest("metadata.csv", &borrow(&rows("cat", 50))).build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
        let ds = Builder::new().labels(&["cat"]).build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
        let ds = Builder::new()
            .manifest("metadata.csv", &borrow(&rows("cat", 5)))
            .settings(|s| s.thresholds.min_inputs = 5)
            .build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
    }
}
