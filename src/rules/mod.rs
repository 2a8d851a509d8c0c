//! The rule registry: every rule's name, code, default severity, documentation and check.
//!
//! Invariant: names and codes are stable and unique; a code is never reused for another rule.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::images::ImageStatus;
use crate::model::Span;
use std::path::Path;

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
mod test_support;
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
    &invalid_predictions::RULE,
    &suspicious_label::RULE,
    &weak_concept::RULE,
    &too_easy::RULE,
    &unstable_prediction::RULE,
    &model_verdict::RULE,
    &conflicting_duplicate::RULE,
    &low_diversity::RULE,
    &shortcut_cue::RULE,
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

/// Plural and case folding used to match concept names loosely: "Dogs" and "dog" fold alike.
pub fn fold(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace([' ', '-'], "_");
    if let Some(stem) = lower.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    for suffix in ["ches", "shes", "sses", "xes"] {
        if let Some(stem) = lower.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
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
