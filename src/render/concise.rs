//! Concise output: one finding a line, `path:line:col: CODE [severity] message` (like ruff's), the
//! shape editors' and CI problem matchers parse. Columns count chars, 1-based.

use std::fmt::Write as _;

use super::locate::Locator;
use super::{CheckResult, RenderOptions};
use crate::text::Encoding;

pub(super) fn render(result: &CheckResult, opts: &RenderOptions) -> String {
    let loc = Locator::new(result);
    let mut out = String::new();
    for d in &result.diagnostics {
        // Without the file's text (never expected) the finding still gets a parseable line.
        let (line, col) = loc
            .range(&d.file, d.span, Encoding::Utf32)
            .map_or((1, 1), |r| (r.start.line, r.start.column));
        let message = d.message.replace("\r\n", " ").replace(['\n', '\r'], " ");
        let _ = writeln!(
            out,
            "{}:{line}:{col}: {} [{}] {message}",
            opts.display_path(&d.file),
            d.code,
            d.severity.as_str(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::model::Span;
    use crate::render::fixture;

    #[test]
    fn one_line_per_finding_with_char_columns() {
        let out = render(&fixture::result(), &fixture::options());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "data/labels.txt:1:1: CL001 [warning] concept 'cat' has 4 positive inputs, fewer than the minimum of 50",
                "data/train.csv:2:16: CL006 [error] unknown concept 'dgo'",
                "data/train.csv:3:1: CL003 [warning] image file not found: imgs/b.jpg",
                "data/train.csv:4:1: CL008 [warning] image 'imgs/🐱café.jpg' is listed twice",
                "data/train.csv:5:1: CL003 [warning] image file not found: imgs/c.jpg",
                "data/train.csv:6:1: CL003 [warning] image file not found: imgs/d.jpg",
            ]
        );
        assert!(out.ends_with('\n'));
    }

    #[test]
    fn multi_line_messages_stay_on_one_line_and_missing_sources_do_not_panic() {
        let mut result = fixture::result();
        result.diagnostics = vec![fixture::diagnostic(
            "invalid-manifest",
            "CL010",
            Severity::Error,
            "/elsewhere/x.jsonl",
            Span::new(3, 9),
            "bad JSON\r\nexpected ','\n",
        )];
        let out = render(&result, &fixture::options());
        assert_eq!(out, "/elsewhere/x.jsonl:1:1: CL010 [error] bad JSON expected ',' \n");
        assert_eq!(render(&fixture::clean_result(), &fixture::options()), "");
    }
}
