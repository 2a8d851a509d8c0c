//! JSON output: one object, its schema in `schemas/check-output.schema.json` (version 1).
//!
//! The output structs below are the schema: fields are only ever added (a removal or a change of
//! meaning bumps `version`). Paths are shown as the user sees them ([`RenderOptions::display_path`]);
//! ranges are 1-based, columns count Unicode chars, the end is exclusive.

use serde::Serialize;

use super::locate::{Locator, Range};
use super::summary::Counts;
use super::{CheckResult, RenderOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{FileKind, Format, Span};
use crate::stats::Exclusivity;
use crate::text::Encoding;

/// The `version` field: bumped on any incompatible change of the output.
pub(crate) const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    datasets: Vec<DatasetOut<'a>>,
    diagnostics: Vec<DiagnosticOut<'a>>,
    summary: SummaryOut,
}

#[derive(Serialize)]
struct DatasetOut<'a> {
    root: String,
    config: Option<String>,
    files: Vec<FileOut>,
    concepts: Vec<ConceptOut<'a>>,
    inputs: usize,
    unlabeled: usize,
    multi_labeled: usize,
    exclusivity: Option<Exclusivity>,
}

#[derive(Serialize)]
struct FileOut {
    path: String,
    format: Format,
    kind: FileKind,
    inputs: usize,
    concepts: usize,
}

#[derive(Serialize)]
struct ConceptOut<'a> {
    name: &'a str,
    positives: usize,
    negatives: usize,
    declared: bool,
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    rule: &'a str,
    code: &'a str,
    severity: Severity,
    file: String,
    message: &'a str,
    span: Span,
    range: Option<Range>,
    related: Vec<RelatedOut<'a>>,
    fixes: Vec<FixOut<'a>>,
    input: Option<crate::diagnostic::InputRef>,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    file: String,
    message: &'a str,
    span: Span,
    range: Option<Range>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    title: &'a str,
    edits: Vec<EditOut<'a>>,
}

#[derive(Serialize)]
struct EditOut<'a> {
    file: String,
    span: Span,
    range: Option<Range>,
    replacement: &'a str,
}

#[derive(Serialize)]
struct SummaryOut {
    problems: usize,
    by_severity: BySeverity,
    by_rule: Vec<RuleOut>,
    fixable: usize,
    datasets: usize,
    files: usize,
    inputs: usize,
}

#[derive(Serialize)]
struct BySeverity {
    error: usize,
    warning: usize,
    info: usize,
    hint: usize,
}

#[derive(Serialize)]
struct RuleOut {
    rule: &'static str,
    code: &'static str,
    count: usize,
}

pub(super) fn render(result: &CheckResult, opts: &RenderOptions) -> String {
    let loc = Locator::new(result);
    let output = Output {
        version: VERSION,
        datasets: result
            .datasets
            .iter()
            .map(|ds| DatasetOut {
                root: opts.display_dir(&ds.root),
                config: ds.config.as_deref().map(|c| opts.display_path(c)),
                files: ds
                    .files
                    .iter()
                    .map(|f| FileOut {
                        path: opts.display_path(&f.path),
                        format: f.format,
                        kind: f.kind,
                        inputs: f.inputs,
                        concepts: f.concepts,
                    })
                    .collect(),
                concepts: ds
                    .stats
                    .concepts
                    .iter()
                    .map(|c| ConceptOut {
                        name: &c.name,
                        positives: c.positives,
                        negatives: c.negatives,
                        declared: !c.declarations.is_empty(),
                    })
                    .collect(),
                inputs: ds.stats.inputs,
                unlabeled: ds.stats.unlabeled,
                multi_labeled: ds.stats.multi_labeled,
                exclusivity: ds.stats.exclusivity,
            })
            .collect(),
        diagnostics: result.diagnostics.iter().map(|d| diagnostic(d, &loc, opts)).collect(),
        summary: summary(result),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}

fn diagnostic<'a>(d: &'a Diagnostic, loc: &Locator, opts: &RenderOptions) -> DiagnosticOut<'a> {
    let range = |file, span| loc.range(file, span, Encoding::Utf32);
    DiagnosticOut {
        rule: d.rule,
        code: d.code,
        severity: d.severity,
        file: opts.display_path(&d.file),
        message: &d.message,
        span: d.span,
        range: range(&d.file, d.span),
        related: d
            .related
            .iter()
            .map(|r| RelatedOut {
                file: opts.display_path(&r.file),
                message: &r.message,
                span: r.span,
                range: range(&r.file, r.span),
            })
            .collect(),
        fixes: d
            .fixes
            .iter()
            .map(|f| FixOut {
                title: &f.title,
                edits: f
                    .edits
                    .iter()
                    .map(|e| EditOut {
                        file: opts.display_path(&e.file),
                        span: e.span,
                        range: range(&e.file, e.span),
                        replacement: &e.replacement,
                    })
                    .collect(),
            })
            .collect(),
        input: d.input.as_ref().map(super::redacted),
    }
}

fn summary(result: &CheckResult) -> SummaryOut {
    let counts = Counts::of(&result.diagnostics);
    SummaryOut {
        problems: counts.total,
        by_severity: BySeverity {
            error: counts.errors,
            warning: counts.warnings,
            info: counts.infos,
            hint: counts.hints,
        },
        by_rule: counts
            .by_rule
            .iter()
            .map(|r| RuleOut { rule: r.rule, code: r.code, count: r.count })
            .collect(),
        fixable: counts.fixable,
        datasets: result.datasets.len(),
        files: result.datasets.iter().map(|ds| ds.files.len()).sum(),
        inputs: result.datasets.iter().map(|ds| ds.stats.inputs).sum(),
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
