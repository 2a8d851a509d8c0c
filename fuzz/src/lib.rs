//! Invariant checks shared by the fuzz targets: a target panics (and libFuzzer reports a
//! crash) not only when the engine panics, but when its output breaks a documented invariant.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use conceptlint::config::ConfigFile;
use conceptlint::diagnostic::Diagnostic;
use conceptlint::eval::predictions::Predictions;
use conceptlint::model::{ParsedFile, Span};

/// The fuzz input as text: invalid UTF-8 is replaced, so every input exercises the parser (the
/// CLI reports files that are not UTF-8 before any parser sees them).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Splits off a leading selector byte (0 when the input is empty).
pub fn selector(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((first, rest)) => (*first, rest),
        None => (0, data),
    }
}

/// One of `names`, chosen by `byte`.
pub fn pick<'a>(names: &[&'a str], byte: u8) -> &'a str {
    names[byte as usize % names.len()]
}

/// A span lies in `text` and both its ends are on char boundaries.
pub fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} is not within the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

/// Every span of a parsed file lies in its text on char boundaries; labels are never empty.
pub fn check_parsed(text: &str, file: &ParsedFile) {
    for (i, input) in file.inputs.iter().enumerate() {
        check_span(text, input.span, &format!("input {i}"));
        check_span(text, input.location_span, &format!("input {i} location"));
        for m in input.metadata.iter() {
            check_span(text, m.name, &format!("input {i} metadata name"));
            check_span(text, m.value, &format!("input {i} metadata value"));
        }
        for label in &input.labels {
            check_span(text, label.span, &format!("input {i} label {:?}", label.concept));
            assert!(!label.concept.is_empty(), "input {i}: an empty concept name");
        }
    }
    for c in &file.concepts {
        check_span(text, c.span, &format!("concept {:?}", c.name));
        check_span(text, c.decl_span, &format!("concept {:?} declaration", c.name));
    }
    for p in &file.problems {
        check_span(text, p.span, &format!("problem {:?}", p.message));
    }
}

/// Every span of a predictions file lies in its text; the score matrix has one score per row
/// and column, each `NaN` or in [0, 1].
pub fn check_predictions(text: &str, p: &Predictions) {
    check_span(text, p.key_span, "key column");
    for c in &p.columns {
        check_span(text, c.span, &format!("column {:?}", c.name));
    }
    for (r, row) in p.rows.iter().enumerate() {
        check_span(text, row.span, &format!("row {r}"));
        check_span(text, row.key_span, &format!("row {r} key"));
    }
    for problem in &p.problems {
        check_span(text, problem.span, &format!("problem {:?}", problem.message));
    }
    assert_eq!(p.scores.len(), p.rows.len() * p.columns.len(), "score matrix shape");
    for s in &p.scores {
        assert!(s.is_nan() || (0.0..=1.0).contains(s), "score {s} outside [0, 1]");
    }
}

/// Every problem of a config lies in its text.
pub fn check_config(text: &str, c: &ConfigFile) {
    assert_eq!(c.text, text, "the config keeps its text");
    for p in &c.problems {
        check_span(text, p.span, &format!("config problem {:?}", p.message));
    }
}

/// Every finding, related location and fix edit points into the text of its file.
pub fn check_diagnostics(sources: &BTreeMap<PathBuf, String>, diagnostics: &[Diagnostic]) {
    let source = |file: &Path| {
        sources.get(file).unwrap_or_else(|| panic!("a finding in an unknown file {file:?}"))
    };
    for d in diagnostics {
        check_span(source(&d.file), d.span, &format!("{} {:?}", d.rule, d.message));
        for r in &d.related {
            check_span(source(&r.file), r.span, &format!("{} related {:?}", d.rule, r.message));
        }
        for fix in &d.fixes {
            for e in &fix.edits {
                check_span(source(&e.file), e.span, &format!("{} fix {:?}", d.rule, fix.title));
            }
        }
    }
}

/// Whether two reads of a file are the same (`ParsedFile` has no `PartialEq`).
pub fn difference(got: &ParsedFile, want: &ParsedFile) -> Option<String> {
    let same = [
        ("path", got.path == want.path),
        ("format", got.format == want.format),
        ("kind", got.kind == want.kind),
        ("exclusive", got.exclusive == want.exclusive),
        ("concepts", got.concepts == want.concepts),
        ("inputs", got.inputs == want.inputs),
        ("problems", got.problems == want.problems),
    ];
    same.iter()
        .find(|(_, same)| !same)
        .map(|(name, _)| format!("{name} differ:\n got: {got:?}\nwant: {want:?}"))
}

/// The largest char boundary at or below `offset` (clamped to the text).
pub fn floor(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// A little-endian `u16` from two bytes of `data` at `at` (0 past its end).
pub fn u16_at(data: &[u8], at: usize) -> usize {
    let b = |i: usize| data.get(at + i).copied().unwrap_or(0) as usize;
    b(0) | (b(1) << 8)
}

/// Line endings as the Language Server Protocol defines them: `\n`, `\r\n` and `\r`.
/// Returns each line's start and the end of its content (before its line ending).
pub fn lsp_lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                lines.push((start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, bytes.len()));
    lines
}

/// Units of `ch` in a column counted in `enc`.
pub fn units(ch: char, enc: conceptlint::text::Encoding) -> usize {
    use conceptlint::text::Encoding;
    match enc {
        Encoding::Utf8 => ch.len_utf8(),
        Encoding::Utf16 => ch.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// The reference meaning of an LSP position: past the last line, the end of the text; past a
/// line's content, its end; inside a character, that character's start.
pub fn lsp_offset(text: &str, line: usize, col: usize, enc: conceptlint::text::Encoding) -> usize {
    let lines = lsp_lines(text);
    let Some(&(start, end)) = lines.get(line) else { return text.len() };
    let mut seen = 0;
    for (i, ch) in text[start..end].char_indices() {
        seen += units(ch, enc);
        if seen > col {
            return start + i;
        }
    }
    end
}

/// The reference LSP position of a byte offset (on a char boundary, not inside a `\r\n`);
/// `lines` are [`lsp_lines`] of `text`.
pub fn lsp_position(
    text: &str,
    lines: &[(usize, usize)],
    offset: usize,
    enc: conceptlint::text::Encoding,
) -> (usize, usize) {
    let line = lines.partition_point(|&(start, _)| start <= offset).saturating_sub(1);
    let start = lines[line].0;
    (line, text[start..offset].chars().map(|c| units(c, enc)).sum())
}

/// The three encodings, chosen by a byte.
pub fn encoding(byte: u8) -> conceptlint::text::Encoding {
    use conceptlint::text::Encoding;
    [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][byte as usize % 3]
}
