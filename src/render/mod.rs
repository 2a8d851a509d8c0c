//! Output formats of `check`, one module each. Renderers are pure: a [`CheckResult`] in, text out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::model::{FileKind, Format};
use crate::stats::Stats;

/// One file that was checked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FileSummary {
    pub path: PathBuf,
    pub format: Format,
    pub kind: FileKind,
    pub inputs: usize,
    pub concepts: usize,
}

/// One dataset that was checked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DatasetSummary {
    pub root: PathBuf,
    pub config: Option<PathBuf>,
    pub files: Vec<FileSummary>,
    pub stats: Stats,
}

/// Everything one `check` run found.
#[derive(Clone, Debug, Default)]
pub struct CheckResult {
    pub datasets: Vec<DatasetSummary>,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Text of every file a diagnostic (or a related location) points into.
    pub sources: BTreeMap<PathBuf, String>,
}

/// How to render.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Paths are shown relative to this folder when they are inside it.
    pub cwd: PathBuf,
    /// ANSI colours (human output on a terminal).
    pub color: bool,
    /// Human output shows at most this many findings of one rule, then a count; `None`: all.
    pub max_per_rule: Option<usize>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { cwd: PathBuf::from("."), color: false, max_per_rule: Some(10) }
    }
}

impl RenderOptions {
    /// `path` as shown to the user: relative to `cwd` when inside it, with `/` separators.
    pub fn display_path(&self, path: &Path) -> String {
        let shown = path.strip_prefix(&self.cwd).unwrap_or(path);
        shown.to_string_lossy().replace('\\', "/")
    }

    /// A folder as shown to the user: as [`Self::display_path`], but `.` for `cwd` itself.
    pub fn display_dir(&self, dir: &Path) -> String {
        let shown = self.display_path(dir);
        if shown.is_empty() { ".".to_string() } else { shown }
    }
}

/// An input reference as shown: credentials in its location hidden.
fn redacted(input: &crate::diagnostic::InputRef) -> crate::diagnostic::InputRef {
    let location = crate::workspace::redact_credentials(&input.location).into_owned();
    crate::diagnostic::InputRef { id: input.id.clone(), location }
}

mod concise;
mod excerpt;
#[cfg(test)]
mod fixture;
mod github;
mod human;
mod json;
mod locate;
mod sarif;
mod summary;

/// The output formats of `check --format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Each finding with its source line marked, then a summary (for people).
    #[default]
    Human,
    /// One line per finding: `path:line:col: CODE [severity] message`.
    Concise,
    /// One JSON object, described by `schemas/check-output.schema.json`.
    Json,
    /// SARIF 2.1.0 (code scanning, IDE viewers).
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
}

/// Renders `result` in `format`. The text ends with a newline unless it is empty.
pub fn render(format: OutputFormat, result: &CheckResult, opts: &RenderOptions) -> String {
    match format {
        OutputFormat::Human => human::render(result, opts),
        OutputFormat::Concise => concise::render(result, opts),
        OutputFormat::Json => json::render(result, opts),
        OutputFormat::Sarif => sarif::render(result, opts),
        OutputFormat::Github => github::render(result, opts),
    }
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;

    #[test]
    fn formats_parse_by_their_cli_names() {
        let names: Vec<String> = OutputFormat::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
            .collect();
        assert_eq!(names, ["human", "concise", "json", "sarif", "github"]);
        assert_eq!(OutputFormat::from_str("SARIF", true), Ok(OutputFormat::Sarif));
        assert_eq!(OutputFormat::default(), OutputFormat::Human);
    }

    #[test]
    fn folders_show_relative_to_cwd_or_as_dot() {
        let opts = RenderOptions { cwd: PathBuf::from("/proj"), ..RenderOptions::default() };
        assert_eq!(opts.display_dir(Path::new("/proj")), ".");
        assert_eq!(opts.display_dir(Path::new("/proj/data")), "data");
        assert_eq!(opts.display_dir(Path::new("/other")), "/other");
    }

    #[test]
    fn render_dispatches_to_each_format() {
        let result = fixture::result();
        let opts = fixture::options();
        let out = |format| render(format, &result, &opts);
        assert!(out(OutputFormat::Human).starts_with("warning[CL001]: concept 'cat'"));
        assert!(out(OutputFormat::Concise).starts_with("data/labels.txt:1:1: CL001 [warning]"));
        assert!(out(OutputFormat::Json).starts_with("{\n  \"version\": 1,"));
        assert!(out(OutputFormat::Sarif).contains("\"version\": \"2.1.0\""));
        assert!(out(OutputFormat::Github).starts_with("::warning file=data/labels.txt,line=1"));
        for format in OutputFormat::value_variants() {
            assert!(out(*format).ends_with('\n'), "{format:?}");
        }
    }
}
