//! `exclusive-violation`: an input with more than one concept when concepts are exclusive.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::engine::Context;
use crate::model::{Input, Label, ParsedFile, Span};
use crate::stats::Exclusivity;

use super::{Rule, diagnostic, name_syntax};

pub static RULE: Rule = Rule {
    name: "exclusive-violation",
    code: "CL007",
    default_severity: Severity::Warning,
    summary: "An input carries more than one concept although concepts are mutually exclusive.",
    docs: r#"# exclusive-violation (CL007)

Reports an input with more than one positive concept when the dataset's concepts are mutually
exclusive: declared (`exclusive = true` in the config, `"exclusive": true` in `concepts.json`)
or inferred (at least 95% of at least 20 labeled inputs carry exactly one concept). Declaring
`exclusive = false` turns the rule off for multi-label data.

## Why
Whether concepts exclude each other decides which model fits (softmax vs one-vs-rest), how its
scores read and which label checks apply. In a single-label dataset, an input with two concepts
is almost always a labeling mistake, and it teaches the model two contradictory answers.

## Example
```text
file_name,label
images/cat_044.png,cat;dog   <- input has 2 concepts (cat, dog) but concepts are mutually exclusive
```

## Fix
Keep the one concept the image shows (the quick fixes keep each in turn), or declare the dataset
multi-label with `exclusive = false`.

## Options
```toml
exclusive = true   # or false; unset: inferred from the data
```
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let why = match ctx.stats.exclusivity {
        Some(Exclusivity::Declared) => "concepts are declared mutually exclusive".to_string(),
        Some(Exclusivity::Inferred) => {
            let labeled = ctx.stats.inputs - ctx.stats.unlabeled;
            let share = 100.0 * (labeled - ctx.stats.multi_labeled) as f64 / labeled as f64;
            format!(
                "concepts look mutually exclusive ({share:.1}% of labeled inputs carry one); \
                 set `exclusive = false` if the dataset is multi-label"
            )
        }
        _ => return,
    };
    for (fi, _, input) in ctx.dataset.inputs() {
        // Most inputs carry one label: nothing to collect.
        if input.labels.iter().filter(|l| l.positive).nth(1).is_none() {
            continue;
        }
        let positives: Vec<&Label> = input.labels.iter().filter(|l| l.positive).collect();
        let mut names: Vec<&str> = Vec::new();
        for l in &positives {
            if !names.contains(&l.concept.as_str()) {
                names.push(&l.concept);
            }
        }
        if names.len() < 2 {
            continue;
        }
        let file = ctx.file(fi);
        let span = Span::new(positives[0].span.start, positives[positives.len() - 1].span.end);
        let msg = format!("input has {} concepts ({}); {why}", names.len(), names.join(", "));
        let mut d = diagnostic(&RULE, &file.path, span, msg).for_input(input);
        for fix in keep_one_fixes(ctx, file, input) {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
}

/// "Keep only 'x'" for each label, when all labels sit in one list (a cell or a JSON array)
/// so that removing the others leaves a valid record.
fn keep_one_fixes(ctx: &Context, file: &ParsedFile, input: &Input) -> Vec<Fix> {
    let Some(text) = ctx.dataset.source(&file.path) else {
        return Vec::new();
    };
    let labels = &input.labels;
    let (first, last) = (labels[0].span, labels[labels.len() - 1].span);
    // Removing labels is safe only where each label is the concept's name in one list (not a
    // class id among other columns, as in `.lst`).
    let names = labels.iter().all(|l| name_syntax(text, file, l.span, &l.concept).is_some());
    let one_list = names
        && labels.windows(2).all(|w| {
            w[0].span.end <= w[1].span.start
                && text
                    .get(w[0].span.end..w[1].span.start)
                    .is_some_and(|gap| gap.chars().all(|c| ";|,'\" \t".contains(c)))
        });
    if !one_list {
        return Vec::new();
    }
    let mut seen = Vec::new();
    labels
        .iter()
        .filter(|l| l.positive)
        .filter(|l| {
            let fresh = !seen.contains(&&l.concept);
            seen.push(&l.concept);
            fresh
        })
        .map(|keep| {
            let mut edits = Vec::new();
            if keep.span.start > first.start {
                edits.push(Span::new(first.start, keep.span.start));
            }
            if keep.span.end < last.end {
                edits.push(Span::new(keep.span.end, last.end));
            }
            Fix {
                title: format!("Keep only '{}'", keep.concept),
                edits: edits
                    .into_iter()
                    .map(|span| Edit { file: file.path.clone(), span, replacement: String::new() })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    fn single_label_with(
        extra: &[(&'static str, &'static [&'static str])],
    ) -> crate::engine::Dataset {
        let mut all = rows("cat", 30);
        all.extend(extra.iter().map(|(l, c)| (l.to_string(), c.to_vec())));
        Builder::new().manifest("metadata.csv", &borrow(&all)).build()
    }

    #[test]
    fn fires_when_inferred_with_keep_one_fixes() {
        let ds = single_label_with(&[("x.png", &["cat", "dog", "owl"])]);
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert_eq!(at(&ds, &out[0]), "cat;dog;owl");
        assert!(out[0].message.starts_with(
            "input has 3 concepts (cat, dog, owl); concepts look mutually exclusive (96.8%"
        ));
        let titles: Vec<_> = out[0].fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, ["Keep only 'cat'", "Keep only 'dog'", "Keep only 'owl'"]);
        let last_line = |t: String| t.lines().last().unwrap().to_string();
        assert_eq!(last_line(apply(&ds, &out[0], 0)), "x.png,cat");
        assert_eq!(last_line(apply(&ds, &out[0], 1)), "x.png,dog");
        assert_eq!(last_line(apply(&ds, &out[0], 2)), "x.png,owl");
    }

    #[test]
    fn a_repeated_concept_is_one_concept() {
        let ds = Builder::new()
            .manifest(
                "metadata.csv",
                &[("a.png", &["cat", "cat"][..]), ("b.png", &["cat", "dog", "cat"])],
            )
            .settings(|s| s.exclusive = Some(true))
            .build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1, "{out:#?}");
        assert_eq!(at(&ds, &out[0]), "cat;dog;cat");
        assert!(
            out[0].message.starts_with("input has 2 concepts (cat, dog);"),
            "{}",
            out[0].message
        );
        let titles: Vec<_> = out[0].fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, ["Keep only 'cat'", "Keep only 'dog'"]);
    }

    #[test]
    fn no_keep_one_fixes_where_labels_are_class_indices() {
        let mut ds = Builder::new()
            .manifest("train.lst", &[("a.png", &["1", "2"])])
            .settings(|s| s.exclusive = Some(true))
            .build();
        std::sync::Arc::make_mut(&mut ds.files[0]).format = crate::model::Format::SagemakerLst;
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert!(out[0].fixes.is_empty(), "{:?}", out[0].fixes);
    }

    #[test]
    fn silent_for_multi_label_data_and_when_declared_so() {
        let mut all = rows("cat", 10);
        all.extend(rows("dog", 10).into_iter().map(|(l, _)| (l, vec!["cat", "dog"])));
        let ds = Builder::new().manifest("metadata.csv", &borrow(&all)).build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
        let ds = Builder::new()
            .manifest("metadata.csv", &[("a.png", &["cat", "dog"])])
            .settings(|s| s.exclusive = Some(false))
            .build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
    }

    #[test]
    fn declared_exclusive_fires_even_on_small_data_and_ignores_negatives() {
        let ds = Builder::new()
            .manifest("metadata.csv", &[("a.png", &["cat", "dog"]), ("b.png", &["cat", "-dog"])])
            .settings(|s| s.exclusive = Some(true))
            .build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].message,
            "input has 2 concepts (cat, dog); concepts are declared mutually exclusive"
        );
    }
}
