//! `weak-concept`: the model does not tell a concept apart (ROC AUC under 0.9), or too few
//! scored inputs carry it to tell.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::eval::verdict::{MIN_POSITIVES, MIN_ROC_AUC, Weakness, weakness};

use super::eval_support::{concept_place, evaluation, fmt3};
use super::{Rule, diagnostic};

pub static RULE: Rule = Rule {
    name: "weak-concept",
    code: "CL022",
    default_severity: Severity::Warning,
    summary: "The model separates this concept poorly (ROC AUC under 0.9), or too few scored inputs carry it.",
    docs: r#"# weak-concept (CL022)

Reads the per-concept ROC AUC of the model's predictions (one-vs-rest) and reports each concept
under 0.9, and each concept that fewer than 10 scored inputs carry (too few to tell whether the
model learned it) or that every scored input carries (nothing to tell it apart from). The
finding sits on the concept's declaration (or its first use) and names the concepts it is most
confused with.

## Why
ROC AUC is the chance that the model scores a random input of the concept above a random input
without it: 0.5 is guessing, 0.9 is the usual bar for a useful concept. One weak concept can
hide behind a good average; reading the metrics concept by concept finds it.

## Example
```text
labels.txt
  husky    <- 'husky' is weak: ROC AUC 0.812 (under 0.9) on 57 inputs; most confused with 'wolf' (9)
```

## Fix
Add more, and more varied, inputs of the concept and of the concepts it is confused with;
check their labels (`suspicious-label`); merge concepts that are not visually distinct.
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((eval, _)) = evaluation(ctx) else { return };
    for m in &eval.metrics {
        let Some(why) = weakness(m) else { continue };
        let Some((file, span)) = concept_place(ctx, &m.name) else { continue };
        let mut msg = match why {
            Weakness::LowRocAuc { roc_auc } => format!(
                "'{}' is weak: ROC AUC {} (under {MIN_ROC_AUC}) on {} inputs",
                m.name,
                fmt3(roc_auc),
                m.positives
            ),
            Weakness::TooFewPositives { positives: 0 } => {
                format!("no scored input carries '{}': the model cannot be judged on it", m.name)
            }
            Weakness::TooFewPositives { positives } => format!(
                "only {positives} scored input{} carr{} '{}': too few to tell whether the model \
                 learned it (at least {MIN_POSITIVES})",
                if positives == 1 { "" } else { "s" },
                if positives == 1 { "ies" } else { "y" },
                m.name
            ),
            Weakness::NoNegatives => format!(
                "every scored input carries '{}': nothing tells it apart, ROC AUC is undefined",
                m.name
            ),
        };
        let confused: Vec<String> = eval
            .confused_with(&m.name)
            .iter()
            .take(3)
            .map(|(c, n)| format!("'{c}' ({n})"))
            .collect();
        if matches!(why, Weakness::LowRocAuc { .. }) && !confused.is_empty() {
            msg.push_str(&format!("; most confused with {}", confused.join(", ")));
        }
        out.push(diagnostic(&RULE, &file, span, msg));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::eval_support::testing::{dataset, rows, text};
    use crate::rules::test_support::run;

    #[test]
    fn weak_and_rare_concepts_are_reported_on_their_declaration() {
        // Cats score well; half the dogs look like cats to the model; owls are 3.
        let (cats, cs) = rows("cat", false, 30, |i| 0.9 - 0.001 * i as f64);
        let mut dogs = String::new();
        let mut ds_ = String::new();
        for i in 0..30 {
            dogs.push_str(&format!("img/dog{i}.png,dog\n"));
            // Half the dogs score lower for 'dog' than any cat does, and favour 'cat'.
            let row = if i % 2 == 0 { "0.6,0.05,0.35" } else { "0.05,0.95,0" };
            ds_.push_str(&format!("img/dog{i}.png,{row}\n"));
        }
        let cs: String = cs.lines().map(|l| format!("{l},0\n")).collect();
        let owls = "img/o1.png,owl\nimg/o2.png,owl\nimg/o3.png,owl\n";
        let os = "img/o1.png,0,0,1\nimg/o2.png,0,0,1\nimg/o3.png,0,0,1\n";
        let (_dir, ds) = dataset(&[
            ("metadata.csv", &format!("file_name,label\n{cats}{dogs}{owls}")),
            ("labels.txt", "cat\ndog\nowl\n"),
            ("predictions.csv", &format!("file_name,cat,dog,owl\n{cs}{ds_}{os}")),
        ]);
        let out = run(&RULE, &ds, &Default::default());
        let got: Vec<(&str, &str)> =
            out.iter().map(|d| (text(&ds, &d.file, d.span), d.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    "dog",
                    "'dog' is weak: ROC AUC 0.545 (under 0.9) on 30 inputs; most confused with 'cat' (15)"
                ),
                (
                    "owl",
                    "only 3 scored inputs carry 'owl': too few to tell whether the model learned it (at least 10)"
                ),
            ]
        );
        assert!(out.iter().all(|d| d.file.ends_with("labels.txt")));
    }
}
