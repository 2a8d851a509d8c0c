//! `unknown-concept`: a label that the label manifest does not declare.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::engine::Context;
use crate::model::{Format, ParsedFile, Span};

use super::{Rule, diagnostic, fold, replace_name};

pub static RULE: Rule = Rule {
    name: "unknown-concept",
    code: "CL006",
    default_severity: Severity::Error,
    summary: "A label names a concept that the label manifest does not declare.",
    docs: r#"# unknown-concept (CL006)

Reports a label whose concept is not declared in the dataset's label manifest (`labels.txt`,
`classes.txt`, `concepts.json`, COCO `categories`). It runs only when there is a label manifest.
The fix offers the nearest declared concept: first one that differs only in case, plural or
separators (`Dogs`, `dog`), else the closest by edit distance (`dgo` -> `dog`); and, for
`labels.txt` and `concepts.json`, adding the concept to the label manifest.

## Why
A misspelled or stray label silently creates a new concept with a handful of inputs, and takes
those inputs away from the concept they belong to. Both concepts get worse.

## Example
```text
# labels.txt: cat, dog
file_name,label
images/dog_031.png,dgo     <- 'dgo' is not a declared concept; did you mean 'dog'?
```

## Fix
Replace the label with the suggested concept, or declare the concept in the label manifest if
it is new.
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !ctx.stats.has_label_manifest {
        return;
    }
    let declared: Vec<&str> = ctx
        .stats
        .concepts
        .iter()
        .filter(|c| !c.declarations.is_empty())
        .map(|c| c.name.as_str())
        .collect();
    let manifest = ctx.dataset.label_files().map(|(_, f)| f).find(|f| can_append(f));
    for concept in ctx.stats.concepts.iter().filter(|c| c.declarations.is_empty()) {
        let suggestion = suggest(&concept.name, &declared);
        let add = manifest.and_then(|f| append_fix(ctx, f, &concept.name));
        for u in &concept.uses {
            let file = ctx.file(u.file);
            let input = &file.inputs[u.input];
            let label = &input.labels[u.label];
            let mut msg = format!("'{}' is not a declared concept", concept.name);
            let mut d = diagnostic(&RULE, &file.path, label.span, String::new()).for_input(input);
            if let Some(s) = suggestion {
                msg.push_str(&format!("; did you mean '{s}'?"));
                let text = ctx.dataset.source(&file.path).unwrap_or("");
                if let Some(replacement) = replace_name(text, file, label.span, &concept.name, s) {
                    d = d.with_fix(Fix {
                        title: format!("Replace '{}' with '{s}'", concept.name),
                        edits: vec![Edit {
                            file: file.path.clone(),
                            span: label.span,
                            replacement,
                        }],
                    });
                }
            }
            if let Some(fix) = &add {
                d = d.with_fix(fix.clone());
            }
            d.message = msg;
            out.push(d);
        }
    }
}

/// The declared concept `name` most likely means: equal after case, plural and separator
/// folding, else the closest by edit distance within a third of the name's length.
pub fn suggest<'a>(name: &str, declared: &[&'a str]) -> Option<&'a str> {
    let folded = fold(name);
    if let Some(hit) = declared.iter().find(|d| fold(d) == folded) {
        return Some(hit);
    }
    let lower = name.to_lowercase();
    let limit = (lower.chars().count() / 3).max(1);
    declared
        .iter()
        .map(|d| (strsim::damerau_levenshtein(&lower, &d.to_lowercase()), *d))
        .filter(|(dist, _)| *dist <= limit)
        .min_by_key(|(dist, _)| *dist)
        .map(|(_, d)| d)
}

fn can_append(file: &ParsedFile) -> bool {
    matches!(file.format, Format::LabelsTxt)
        || (file.format == Format::ConceptsJson && !file.concepts.is_empty())
}

/// "Add 'x' to labels.txt": an insertion at the end of the label manifest.
fn append_fix(ctx: &Context, file: &ParsedFile, name: &str) -> Option<Fix> {
    let text = ctx.dataset.source(&file.path)?;
    let (span, replacement) = match file.format {
        Format::LabelsTxt if text.is_empty() || text.ends_with('\n') => {
            (Span::empty(text.len()), format!("{name}\n"))
        }
        Format::LabelsTxt => {
            let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
            (Span::empty(text.len()), format!("{eol}{name}"))
        }
        _ => {
            let last = file.concepts.last()?.decl_span;
            (Span::empty(last.end), format!(", {}", serde_json::to_string(name).ok()?))
        }
    };
    let shown = file.path.file_name()?.to_string_lossy();
    Some(Fix {
        title: format!("Add '{name}' to {shown}"),
        edits: vec![Edit { file: file.path.clone(), span, replacement }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn suggestions_fold_case_and_plurals_then_use_edit_distance() {
        let known = ["cat", "dog", "golden_retriever", "butterfly"];
        assert_eq!(suggest("Dogs", &known), Some("dog"));
        assert_eq!(suggest("dgo", &known), Some("dog"));
        assert_eq!(suggest("Golden Retrievers", &known), Some("golden_retriever"));
        assert_eq!(suggest("buterfly", &known), Some("butterfly"));
        assert_eq!(suggest("zebra", &known), None);
        assert_eq!(suggest("x", &[]), None);
    }

    #[test]
    fn fires_on_every_use_with_both_fixes() {
        let ds = Builder::new()
            .manifest(
                "metadata.csv",
                &[("a.png", &["cat"]), ("b.png", &["dgo"]), ("c.png", &["cat", "dgo"])],
            )
            .labels(&["cat", "dog"])
            .build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 2);
        for d in &out {
            assert_eq!(at(&ds, d), "dgo");
            assert_eq!(d.message, "'dgo' is not a declared concept; did you mean 'dog'?");
            assert_eq!(d.fixes[0].title, "Replace 'dgo' with 'dog'");
            assert_eq!(d.fixes[1].title, "Add 'dgo' to labels.txt");
        }
        let fixed = apply(&ds, &out[0], 0);
        assert_eq!(fixed, "file_name,label\na.png,cat\nb.png,dog\nc.png,cat;dgo\n");
        assert_eq!(apply(&ds, &out[0], 1), "cat\ndog\ndgo\n");
    }

    #[test]
    fn silent_without_a_label_manifest_or_when_declared() {
        let ds = Builder::new().manifest("metadata.csv", &[("a.png", &["zebra"])]).build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
        let ds = Builder::new()
            .manifest("metadata.csv", &[("a.png", &["zebra"])])
            .labels(&["zebra"])
            .build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
    }

    #[test]
    fn no_replace_fix_where_the_name_cannot_be_written_as_is() {
        let ds = Builder::new()
            .manifest("metadata.csv", &[("a.png", &["bigcat"])])
            .labels(&["big,cat"])
            .build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out[0].message, "'bigcat' is not a declared concept; did you mean 'big,cat'?");
        let titles: Vec<_> = out[0].fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, ["Add 'bigcat' to labels.txt"], "a bare comma would split the cell");
    }

    #[test]
    fn no_suggestion_means_no_replace_fix() {
        let ds = Builder::new()
            .manifest("metadata.csv", &[("a.png", &["zebra"])])
            .labels(&["cat"])
            .build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out[0].message, "'zebra' is not a declared concept");
        assert_eq!(out[0].fixes.len(), 1);
        assert_eq!(out[0].fixes[0].title, "Add 'zebra' to labels.txt");
    }
}
