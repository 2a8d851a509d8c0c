//! The rule registry: every rule's name, code, default severity, documentation and check.
//!
//! Invariant: names and codes are stable and unique; a code is never reused for another rule.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::images::ImageStatus;
use crate::model::Span;
use crate::stats::ConceptStats;
use std::path::{Path, PathBuf};

mod class_imbalance;
mod conflicting_duplicate;
mod cues;
mod duplicate_input;
mod eval_support;
mod exclusive_violation;
mod identity_concept;
mod image_not_found;
mod invalid_config;
mod invalid_manifest;
mod invalid_predictions;
mod low_diversity;
mod model_verdict;
pub mod near_duplicates;
mod path_outside_root;
mod shortcut_cue;
mod small_image;
mod suspicious_label;
#[cfg(test)]
pub(crate) mod test_support;
mod too_easy;
mod too_few_inputs;
mod unknown_concept;
mod unreadable_image;
mod unstable_prediction;
mod unvisual_concept;
mod weak_concept;

/// A rule: metadata plus the function that finds its problems.
pub struct Rule {
    /// Stable kebab-case name, used in config, `--select`, and output.
    pub name: &'static str,
    /// Stable short code, `CL` + three digits.
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line: what it checks.
    pub summary: &'static str,
    /// Markdown: what it checks, why it matters, an example, how to fix it, its options.
    pub docs: &'static str,
    /// Appends this rule's findings. Findings are made with [`Context::diagnostic`], which
    /// applies the configured severity.
    pub check: fn(&Context, &mut Vec<Diagnostic>),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("name", &self.name).field("code", &self.code).finish()
    }
}

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &too_few_inputs::RULE,
    &small_image::RULE,
    &image_not_found::RULE,
    &unreadable_image::RULE,
    &path_outside_root::RULE,
    &unknown_concept::RULE,
    &exclusive_violation::RULE,
    &duplicate_input::RULE,
    &class_imbalance::RULE,
    &invalid_manifest::RULE,
    &invalid_config::RULE,
    &unvisual_concept::RULE,
    &identity_concept::RULE,
    &conflicting_duplicate::RULE,
    &low_diversity::RULE,
    &shortcut_cue::RULE,
    &invalid_predictions::RULE,
    &suspicious_label::RULE,
    &weak_concept::RULE,
    &too_easy::RULE,
    &unstable_prediction::RULE,
    &model_verdict::RULE,
];

/// Finds a rule by name or code (case-insensitive).
pub fn find(name_or_code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| {
        r.name.eq_ignore_ascii_case(name_or_code) || r.code.eq_ignore_ascii_case(name_or_code)
    })
}

/// Builds a finding of `rule` at `span` of `file`, with the rule's default severity; the engine
/// applies configured severities afterwards.
pub fn diagnostic(rule: &Rule, file: &Path, span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        rule: rule.name,
        code: rule.code,
        severity: rule.default_severity,
        file: file.to_path_buf(),
        span,
        message: message.into(),
        related: Vec::new(),
        fixes: Vec::new(),
        input: None,
    }
}

/// Calls `f` with every input of every manifest and its image status.
pub fn each_image<'a>(
    ctx: &'a Context,
    mut f: impl FnMut(&'a crate::model::ParsedFile, &'a crate::model::Input, &'a ImageStatus),
) {
    for (fi, ii, input) in ctx.dataset.inputs() {
        f(ctx.file(fi), input, ctx.image(fi, ii));
    }
}

/// The concepts the dataset's rules judge: every concept without a label manifest; with one,
/// the declared concepts only (an undeclared one is `unknown-concept`'s finding).
pub fn own_concepts<'a>(ctx: &'a Context) -> impl Iterator<Item = &'a ConceptStats> + Clone + 'a {
    let all = !ctx.stats.has_label_manifest;
    ctx.stats.concepts.iter().filter(move |c| all || !c.declarations.is_empty())
}

/// Where a finding about a concept goes: its declaration, else its first positive use.
pub fn concept_place(ctx: &Context, c: &ConceptStats) -> Option<(PathBuf, Span)> {
    if let Some(d) = c.declarations.first() {
        let f = ctx.file(d.file);
        return Some((f.path.clone(), f.concepts.get(d.concept)?.span));
    }
    positive_uses(ctx, c).next()
}

/// Where each positive label naming `c` is written, in file order.
pub fn positive_uses<'a>(
    ctx: &'a Context,
    c: &'a ConceptStats,
) -> impl Iterator<Item = (PathBuf, Span)> + 'a {
    c.uses.iter().filter_map(|u| {
        let f = ctx.file(u.file);
        let label = f.inputs.get(u.input)?.labels.get(u.label)?;
        label.positive.then(|| (f.path.clone(), label.span))
    })
}

/// Shows `path` relative to the dataset root when inside it.
pub fn shown(ctx: &Context, path: &Path) -> String {
    path.strip_prefix(&ctx.dataset.root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Where an input's record ends, including its line ending: deleting `record_with_newline`
/// removes a line-based record without leaving a blank line.
pub fn record_with_newline(text: &str, record: Span) -> Span {
    let rest = &text.as_bytes()[record.end.min(text.len())..];
    let extra = if rest.starts_with(b"\r\n") {
        2
    } else if rest.starts_with(b"\n") {
        1
    } else {
        0
    };
    Span::new(record.start, record.end + extra)
}

/// How a concept name is written at a span: what a fix must respect to write another name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameSyntax {
    /// The contents of a JSON string (between its quotes).
    Json,
    /// A CSV/TSV cell or part of one (possibly inside quotes).
    Delimited,
    /// A line of a one-concept-a-line label manifest.
    Line,
}

impl NameSyntax {
    /// `name` as it must be written here, or `None` when it cannot be written without changing
    /// the record's structure (a delimiter or quote in a CSV cell, a line break in a line).
    pub fn write(self, name: &str) -> Option<String> {
        if name.is_empty() || name != name.trim() {
            return None;
        }
        match self {
            NameSyntax::Json => {
                let quoted = serde_json::to_string(name).ok()?;
                quoted.get(1..quoted.len() - 1).map(str::to_string)
            }
            NameSyntax::Delimited => {
                (!name.contains(['"', ',', ';', '|', '\t', '\n', '\r'])).then(|| name.to_string())
            }
            NameSyntax::Line => {
                (!name.contains(['\n', '\r']) && !name.starts_with('#')).then(|| name.to_string())
            }
        }
    }
}

/// Whether `span` of `file` (whose text is `text`) holds the concept `name` itself, rather than
/// a class id, an index or an escaped spelling, and in which syntax: the one test every fix
/// that rewrites or removes a concept name at a span goes through.
pub fn name_syntax(
    text: &str,
    file: &crate::model::ParsedFile,
    span: Span,
    name: &str,
) -> Option<NameSyntax> {
    use crate::model::Format::*;
    let written = text.get(span.start..span.end)?;
    let syntax = match file.format {
        HfMetadataCsv | GenericCsv | VertexCsv | ClarifaiCsv | ClarifaiLegacyCsv => {
            NameSyntax::Delimited
        }
        // Class indices, whatever they look like.
        SagemakerLst => return None,
        LabelsTxt => NameSyntax::Line,
        HfMetadataJsonl | GenericJsonl | SagemakerManifest | VertexJsonl | Coco
        | LabelStudioJson | LabelStudioJsonMin | AzuremlJsonl | ConceptsJson | ClassIndexJson => {
            let quoted = text.as_bytes().get(span.start.checked_sub(1)?) == Some(&b'"')
                && text.as_bytes().get(span.end) == Some(&b'"');
            return (quoted && written == name).then_some(NameSyntax::Json);
        }
    };
    (written == name).then_some(syntax)
}

/// The text that replaces the concept `current` written at `span` with `new`, when `span`
/// holds the name itself and `new` can be written there (see [`name_syntax`]).
pub fn replace_name(
    text: &str,
    file: &crate::model::ParsedFile,
    span: Span,
    current: &str,
    new: &str,
) -> Option<String> {
    name_syntax(text, file, span, current)?.write(new)
}

/// Plural and case folding used to match concept names loosely: "Dogs" and "dog" fold alike.
/// The result is a comparison key, not always a word: the silent `e` of a singular that takes
/// `-es` is dropped so both forms meet (`house`/`houses` -> `hous`, `movie`/`movies` -> `movy`).
pub fn fold(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace([' ', '-'], "_");
    for (plural, singular) in [("ies", "y"), ("ie", "y")] {
        if let Some(stem) = lower.strip_suffix(plural).filter(|s| s.len() > 1) {
            return format!("{stem}{singular}");
        }
    }
    // `-es` plurals (`boxes`, `buses`, `beaches`) and their singulars with a silent `e`.
    for ending in ["ch", "sh", "s", "x", "z"] {
        for (suffix, cut) in [("es", 2), ("e", 1)] {
            let stem = lower.strip_suffix(suffix);
            if stem.is_some_and(|s| s.len() > ending.len() && s.ends_with(ending)) {
                return lower[..lower.len() - cut].to_string();
            }
        }
    }
    match lower.strip_suffix('s') {
        Some(stem) if stem.len() > 2 && !stem.ends_with('s') => stem.to_string(),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_and_codes_are_unique_and_well_formed() {
        let mut names = HashSet::new();
        let mut codes = HashSet::new();
        for rule in RULES {
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(rule.code.len() == 5 && rule.code.starts_with("CL"));
            assert!(rule.docs.contains("## Why"), "{} docs lack a Why section", rule.name);
            assert!(rule.docs.contains("## Example"), "{} docs lack an Example", rule.name);
            assert!(rule.docs.contains("## Fix"), "{} docs lack a Fix section", rule.name);
        }
    }

    #[test]
    fn folding_matches_case_plural_and_separators() {
        assert_eq!(fold("Dogs"), "dog");
        assert_eq!(fold("puppies"), "puppy");
        assert_eq!(fold("boxes"), "box");
        assert_eq!(fold("Golden Retriever"), "golden_retriever");
        assert_eq!(fold("golden-retrievers"), "golden_retriever");
        assert_eq!(fold("glass"), "glass");
        assert_eq!(fold("bus"), "bus");
        assert_eq!(fold("buses"), "bus");
        assert_eq!(fold("glasses"), "glass");
        assert_eq!(fold("beaches"), "beach");
        assert_eq!(fold("gases"), "gas");
        assert_eq!(fold("buzzes"), "buzz");
        for (one, many) in [
            ("house", "houses"),
            ("size", "sizes"),
            ("movie", "movies"),
            ("headache", "headaches"),
            ("axe", "axes"),
            ("bus", "buses"),
            ("box", "boxes"),
            ("dish", "dishes"),
        ] {
            assert_eq!(fold(one), fold(many), "{one} / {many}");
        }
    }

    /// The replacement of the first label of `text` (read as `name`) by `new`.
    fn replaced(name: &str, text: &str, new: &str) -> Option<String> {
        let file = crate::formats::read(Path::new(name), text).expect("a manifest");
        let label = &file.inputs[0].labels[0];
        replace_name(text, &file, label.span, &label.concept, new)
    }

    #[test]
    fn a_name_is_replaced_only_where_it_is_written_as_itself() {
        let csv = "file_name,label\na.png,dgo\n";
        assert_eq!(replaced("metadata.csv", csv, "dog").as_deref(), Some("dog"));
        assert_eq!(
            replaced("metadata.csv", csv, "golden retriever").as_deref(),
            Some("golden retriever")
        );
        assert_eq!(replaced("metadata.csv", csv, "cat,dog"), None, "needs quoting");
        assert_eq!(replaced("metadata.csv", csv, "say \"hi\""), None);
        let quoted = "file_name,label\na.png,\"dgo\"\n";
        assert_eq!(replaced("metadata.csv", quoted, "dog").as_deref(), Some("dog"));
        let jsonl = "{\"file_name\": \"a.png\", \"label\": \"dgo\"}\n";
        assert_eq!(replaced("metadata.jsonl", jsonl, "dog").as_deref(), Some("dog"));
        assert_eq!(
            replaced("metadata.jsonl", jsonl, "a \"b\" \\c").as_deref(),
            Some("a \\\"b\\\" \\\\c")
        );
        let escaped = "{\"file_name\": \"a.png\", \"label\": \"d\\u0067o\"}\n";
        assert_eq!(replaced("metadata.jsonl", escaped, "dog"), None, "span text is not the name");
        let sagemaker = r#"{"source-ref":"s3://b/1.jpg","animals":[0,2],"animals-metadata":{"class-map":{"0":"cat","2":"bird"},"type":"groundtruth/image-classification-multilabel"}}
"#;
        assert_eq!(replaced("out.manifest", sagemaker, "cats"), None, "a class id");
        let lst = "0\t2\timages/a.jpg\n";
        assert_eq!(replaced("train.lst", lst, "1"), None, "a class index");
    }

    #[test]
    fn names_are_written_for_their_syntax() {
        assert_eq!(NameSyntax::Json.write("tab\there").as_deref(), Some("tab\\there"));
        assert_eq!(NameSyntax::Delimited.write("a;b"), None);
        assert_eq!(NameSyntax::Line.write("# x"), None);
        assert_eq!(NameSyntax::Line.write("x y").as_deref(), Some("x y"));
        assert_eq!(NameSyntax::Json.write(" padded"), None);
    }

    #[test]
    fn concepts_are_judged_and_placed_alike_by_every_rule() {
        use crate::rules::test_support::Builder;
        let with = |labels: bool| {
            let b = Builder::new()
                .manifest("metadata.csv", &[("a.png", &["-owl", "dgo"][..]), ("b.png", &["owl"])]);
            if labels { b.labels(&["owl", "cat"]).build() } else { b.build() }
        };
        for labels in [true, false] {
            let ds = with(labels);
            let stats = crate::stats::Stats::compute(&ds);
            let images = Default::default();
            let ctx = Context {
                dataset: &ds,
                settings: &ds.settings,
                images: &images,
                stats: &stats,
                hashes: None,
            };
            let own: Vec<&str> = own_concepts(&ctx).map(|c| c.name.as_str()).collect();
            let (file, span) = concept_place(&ctx, stats.get("owl").unwrap()).unwrap();
            let at = &ds.sources[&file][span.start..span.end];
            if labels {
                assert_eq!(own, ["owl", "cat"]);
                assert!(file.ends_with("labels.txt"));
                assert_eq!(span.start, 0);
            } else {
                assert_eq!(own, ["owl", "dgo"]);
                assert_eq!(span, ds.files[0].inputs[1].labels[0].span, "the first positive use");
            }
            assert_eq!(at, "owl");
        }
    }

    #[test]
    fn record_removal_takes_the_line_ending() {
        let text = "h\r\na,b\r\nc,d";
        assert_eq!(record_with_newline(text, Span::new(3, 6)), Span::new(3, 8));
        assert_eq!(record_with_newline(text, Span::new(8, 11)), Span::new(8, 11));
    }

    #[test]
    fn find_by_name_or_code() {
        assert_eq!(find("too-few-inputs").unwrap().code, "CL001");
        assert_eq!(find("cl001").unwrap().name, "too-few-inputs");
        assert!(find("nope").is_none());
    }
}
