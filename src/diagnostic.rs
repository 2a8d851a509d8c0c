//! Findings: what the rules produce and every front end renders.

use std::path::PathBuf;

use crate::model::Span;

/// How serious a finding is. Ordered: `Hint < Info < Warning < Error`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "hint" => Some(Severity::Hint),
            "info" | "information" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Replace `span` of `file` with `replacement` (empty to delete, empty span to insert).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub file: PathBuf,
    pub span: Span,
    pub replacement: String,
}

/// A named set of edits applied together.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    /// Imperative, shown as a code action title: "Replace 'dgo' with 'dog'".
    pub title: String,
    pub edits: Vec<Edit>,
}

/// Another place that explains a finding (the other occurrence of a duplicate, ...).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Related {
    pub file: PathBuf,
    pub span: Span,
    pub message: String,
}

/// One finding of one rule at one place.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The rule's stable kebab-case name.
    pub rule: &'static str,
    /// The rule's short code, `CL` + digits.
    pub code: &'static str,
    pub severity: Severity,
    pub file: PathBuf,
    pub span: Span,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
    /// The input this finding is about, for per-input ignores.
    pub input: Option<InputRef>,
}

/// Names an input the way a config can: by its id or its location as written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct InputRef {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub location: String,
}

impl Diagnostic {
    pub fn with_related(mut self, file: PathBuf, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related { file, span, message: message.into() });
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
    pub fn for_input(mut self, input: &crate::model::Input) -> Self {
        self.input = Some(InputRef { id: input.id.clone(), location: input.location.clone() });
        self
    }
}
