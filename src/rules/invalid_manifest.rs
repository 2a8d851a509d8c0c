//! `invalid-manifest`: a place where a manifest cannot be read as its format.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;

use super::{Rule, diagnostic};

pub static RULE: Rule = Rule {
    name: "invalid-manifest",
    code: "CL010",
    default_severity: Severity::Error,
    summary: "Part of a manifest cannot be read as its format.",
    docs: r#"# invalid-manifest (CL010)

Reports each place where a dataset or label manifest breaks its format: a JSON Lines line that
is not valid JSON, a CSV row with too many or too few fields, a missing label column, a COCO
annotation that points at an image or category that does not exist, a concept declared twice.
The rest of the file is still read and checked.

## Why
Training tools either stop at the first broken record or skip it without a word; both lose
data. Finding the exact place makes the repair a one-line edit.

## Example
```text
{"file_name": "images/0811.png", "label": "cat"}
{"file_name": "images/0812.png", "label": "cat"      <- line 812: expected ',' or '}'
```

## Fix
Repair the record at the reported place, or remove it.
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in &ctx.dataset.files {
        for p in &file.problems {
            out.push(diagnostic(&RULE, &file.path, p.span, p.message.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Problem, Span};
    use crate::rules::test_support::*;

    #[test]
    fn every_problem_becomes_a_finding() {
        let mut ds = Builder::new().manifest("metadata.csv", &[("a.png", &["cat"])]).build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
        let file = std::sync::Arc::make_mut(&mut ds.files[0]);
        file.problems.push(Problem::new(Span::new(0, 9), "no label column"));
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert_eq!(at(&ds, &out[0]), "file_name");
        assert_eq!(out[0].message, "no label column");
    }
}
