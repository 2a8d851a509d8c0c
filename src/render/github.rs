//! GitHub Actions output: one workflow command a finding, which GitHub shows as an annotation on
//! the file's line in the pull request:
//!
//! `::error file=data/train.csv,line=2,col=16,endLine=2,endColumn=19,title=conceptlint CL006 unknown-concept::unknown concept 'dgo'`
//!
//! Columns count chars, 1-based, the end exclusive. Fixes and related locations follow the message
//! on lines of their own (`help: ...`, `note: ...`).

use std::fmt::Write as _;

use super::locate::Locator;
use super::{CheckResult, RenderOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::Encoding;

pub(super) fn render(result: &CheckResult, opts: &RenderOptions) -> String {
    let loc = Locator::new(result);
    let mut out = String::new();
    for d in &result.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        let mut props = format!("file={}", escape_property(&opts.display_path(&d.file)));
        if let Some(r) = loc.range(&d.file, d.span, Encoding::Utf32) {
            let _ = write!(
                props,
                ",line={},col={},endLine={},endColumn={}",
                r.start.line, r.start.column, r.end.line, r.end.column
            );
        }
        let title = format!("conceptlint {} {}", d.code, d.rule);
        let _ = write!(props, ",title={}", escape_property(&title));
        let _ = writeln!(out, "::{command} {props}::{}", escape_data(&message(d, &loc, opts)));
    }
    out
}

/// The finding's message, then a line per related location and per fix.
fn message(d: &Diagnostic, loc: &Locator, opts: &RenderOptions) -> String {
    let mut text = d.message.clone();
    for r in &d.related {
        let _ = write!(text, "\nnote: {} ({}", r.message, opts.display_path(&r.file));
        if let Some(range) = loc.range(&r.file, r.span, Encoding::Utf32) {
            let _ = write!(text, ":{}:{}", range.start.line, range.start.column);
        }
        text.push(')');
    }
    for fix in &d.fixes {
        let _ = write!(text, "\nhelp: {}", fix.title);
    }
    text
}

/// Escapes a command's message: `%`, CR and LF.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command's property value: as [`escape_data`], plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::model::Span;
    use crate::render::fixture;

    #[test]
    fn one_command_per_finding_with_char_columns() {
        let out = render(&fixture::result(), &fixture::options());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 6);
        assert_eq!(
            lines[0],
            "::warning file=data/labels.txt,line=1,col=1,endLine=1,endColumn=4,\
             title=conceptlint CL001 too-few-inputs::concept 'cat' has 4 positive inputs, fewer \
             than the minimum of 50%0Anote: first used here (data/train.csv:3:12)"
        );
        assert_eq!(
            lines[1],
            "::error file=data/train.csv,line=2,col=16,endLine=2,endColumn=19,\
             title=conceptlint CL006 unknown-concept::unknown concept 'dgo'\
             %0Ahelp: Replace 'dgo' with 'dog'%0Ahelp: Add 'dgo' to labels.txt"
        );
        assert_eq!(
            lines[3],
            "::warning file=data/train.csv,line=4,col=1,endLine=4,endColumn=15,\
             title=conceptlint CL008 duplicate-input::image 'imgs/🐱café.jpg' is listed twice\
             %0Anote: first listed here (data/train.csv:2:1)"
        );
        assert!(out.ends_with('\n'));
        assert_eq!(render(&fixture::clean_result(), &fixture::options()), "");
    }

    #[test]
    fn properties_and_messages_are_escaped() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");

        let file = "/proj/data/a,b:c%.csv";
        let text = "x\ny\n";
        let d = fixture::diagnostic(
            "invalid-manifest",
            "CL010",
            Severity::Info,
            file,
            Span::new(2, 4),
            "bad row: 3 fields, expected 2 (100%)\r\nsee line 2",
        );
        let mut result = fixture::clean_result();
        result.diagnostics = vec![d];
        result.sources.insert(PathBuf::from(file), text.to_string());
        let out = render(&result, &fixture::options());
        assert_eq!(
            out,
            "::notice file=data/a%2Cb%3Ac%25.csv,line=2,col=1,endLine=3,endColumn=1,\
             title=conceptlint CL010 invalid-manifest::bad row: 3 fields, expected 2 (100%25)\
             %0D%0Asee line 2\n"
        );
    }

    #[test]
    fn without_the_file_text_only_the_file_is_given() {
        let mut result = fixture::result();
        result.sources.clear();
        let out = render(&result, &fixture::options());
        assert!(out.lines().nth(1).is_some_and(|l| l.starts_with(
            "::error file=data/train.csv,title=conceptlint CL006 unknown-concept::unknown"
        )));
        assert!(out.contains("note: first used here (data/train.csv)"));
    }
}
