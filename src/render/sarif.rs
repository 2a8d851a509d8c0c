//! SARIF 2.1.0 output (GitHub code scanning, IDE SARIF viewers).
//!
//! One run; the driver lists every rule of [`RULES`] (id = code). Files inside the working
//! directory are relative URIs against `%SRCROOT%` (declared in `originalUriBaseIds` when the
//! working directory is absolute); others are absolute `file://` URIs. Columns are UTF-16 code
//! units, SARIF's default `columnKind`, stated on the run.

use serde_json::{Map, Value, json};
use std::path::Path;

use super::locate::Locator;
use super::{CheckResult, RenderOptions};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::Span;
use crate::rules::RULES;
use crate::text::Encoding;

const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

pub(super) fn render(result: &CheckResult, opts: &RenderOptions) -> String {
    let loc = Locator::new(result);
    let sarif = Sarif { loc: &loc, opts };
    let mut run = Map::new();
    run.insert("tool".into(), json!({ "driver": driver() }));
    if opts.cwd.is_absolute() {
        let base = format!("{}/", file_uri(&opts.cwd).trim_end_matches('/'));
        run.insert("originalUriBaseIds".into(), json!({ SRCROOT: { "uri": base } }));
    }
    run.insert("columnKind".into(), json!("utf16CodeUnits"));
    run.insert("invocations".into(), json!([{ "executionSuccessful": true }]));
    let results: Vec<Value> = result.diagnostics.iter().map(|d| sarif.result(d)).collect();
    run.insert("results".into(), Value::Array(results));
    let log = json!({ "$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run] });
    // Serializing a `Value` cannot fail.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn driver() -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            let summary = if rule.summary.is_empty() { rule.name } else { rule.summary };
            let mut descriptor = json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": summary },
                "defaultConfiguration": { "level": level(rule.default_severity) },
            });
            if !rule.docs.is_empty() {
                let docs = json!({ "text": rule.docs, "markdown": rule.docs });
                descriptor["fullDescription"] = docs.clone();
                descriptor["help"] = docs;
            }
            descriptor
        })
        .collect();
    let mut driver = json!({
        "name": "conceptlint",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    let uri = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")];
    if let Some(uri) = uri.into_iter().find(|u| !u.is_empty()) {
        driver["informationUri"] = json!(uri);
    }
    driver
}

struct Sarif<'a> {
    loc: &'a Locator<'a>,
    opts: &'a RenderOptions,
}

impl Sarif<'_> {
    fn result(&self, d: &Diagnostic) -> Value {
        let mut result = json!({
            "ruleId": d.code,
            "level": level(d.severity),
            "message": { "text": d.message },
            "locations": [{ "physicalLocation": self.physical(&d.file, d.span) }],
        });
        if let Some(index) = RULES.iter().position(|r| r.code == d.code) {
            result["ruleIndex"] = json!(index);
        }
        if !d.related.is_empty() {
            let related: Vec<Value> = (0..)
                .zip(&d.related)
                .map(|(id, r)| {
                    json!({
                        "id": id,
                        "physicalLocation": self.physical(&r.file, r.span),
                        "message": { "text": r.message },
                    })
                })
                .collect();
            result["relatedLocations"] = Value::Array(related);
        }
        let fixes: Vec<Value> = d.fixes.iter().filter_map(|f| self.fix(f)).collect();
        if !fixes.is_empty() {
            result["fixes"] = Value::Array(fixes);
        }
        if let Some(input) = &d.input {
            result["properties"] = json!({ "input": super::redacted(input) });
        }
        result
    }

    fn artifact(&self, path: &Path) -> Value {
        let relative =
            if path.is_relative() { Some(path) } else { path.strip_prefix(&self.opts.cwd).ok() };
        match relative {
            Some(rel) => json!({ "uri": relative_uri(rel), "uriBaseId": SRCROOT }),
            None => json!({ "uri": file_uri(path) }),
        }
    }

    fn region(&self, path: &Path, span: Span) -> Option<Value> {
        let range = self.loc.range(path, span, Encoding::Utf16)?;
        Some(json!({
            "startLine": range.start.line,
            "startColumn": range.start.column,
            "endLine": range.end.line,
            "endColumn": range.end.column,
        }))
    }

    fn physical(&self, path: &Path, span: Span) -> Value {
        let mut physical = json!({ "artifactLocation": self.artifact(path) });
        if let Some(region) = self.region(path, span) {
            physical["region"] = region;
        }
        physical
    }

    /// A fix as SARIF `artifactChanges`, edits grouped by file; `None` when an edit's file text is
    /// unknown (its region cannot be stated).
    fn fix(&self, fix: &Fix) -> Option<Value> {
        let mut changes: Vec<(&Path, Vec<Value>)> = Vec::new();
        for edit in &fix.edits {
            let replacement = json!({
                "deletedRegion": self.region(&edit.file, edit.span)?,
                "insertedContent": { "text": edit.replacement },
            });
            match changes.iter_mut().find(|(file, _)| *file == edit.file.as_path()) {
                Some((_, replacements)) => replacements.push(replacement),
                None => changes.push((&edit.file, vec![replacement])),
            }
        }
        if changes.is_empty() {
            return None;
        }
        let changes: Vec<Value> = changes
            .into_iter()
            .map(|(file, replacements)| {
                json!({ "artifactLocation": self.artifact(file), "replacements": replacements })
            })
            .collect();
        Some(json!({ "description": { "text": fix.title }, "artifactChanges": changes }))
    }
}

/// A relative path as a relative URI reference: `/`-separated, percent-encoded (`:` too, so a
/// first segment never reads as a scheme).
fn relative_uri(path: &Path) -> String {
    percent_encode(&path.to_string_lossy().replace('\\', "/"), false)
}

/// An absolute path as a `file://` URI (`C:\x` -> `file:///C:/x`).
fn file_uri(path: &Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    let slash = if path.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{}", percent_encode(&path, true))
}

fn percent_encode(text: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_colon && byte == b':');
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[path = "sarif_tests.rs"]
mod tests;
