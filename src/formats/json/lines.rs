//! JSON Lines: one object a line, each line parsed on its own, so bad JSON on one line is a
//! problem on that line and every other line is still read. Blank lines are skipped; CRLF, a
//! BOM and a missing final newline are fine. The format is decided by the first valid objects.

use std::path::Path;

use crate::model::{FileKind, Format, ParsedFile, Problem, Span};

use super::cloud;
use super::keyed::{self, Keyed};
use super::value::{self, Node, Obj};

/// Lines looked at, and objects tried, to decide the format.
const DETECT_LINES: usize = 1000;
const DETECT_OBJECTS: usize = 10;

/// One non-blank line: its text without the line ending, and where it starts in the file.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    pub text: &'a str,
    pub start: usize,
}

impl Line<'_> {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.start + self.text.len())
    }
}

/// Length of a UTF-8 byte order mark at the start of `text` (0 or 3).
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 }
}

/// The non-blank lines of `text`, without their line endings (`\n` or `\r\n`) and the BOM.
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut pos = bom_len(text);
    std::iter::from_fn(move || {
        while pos < text.len() {
            let rest = text.get(pos..)?;
            let start = pos;
            let line = match rest.find('\n') {
                Some(i) => {
                    pos += i + 1;
                    &rest[..i]
                }
                None => {
                    pos = text.len();
                    rest
                }
            };
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !line.trim().is_empty() {
                return Some(Line { text: line, start });
            }
        }
        None
    })
}

/// Whether a `.json` file holds JSON Lines: its first line is a whole object and more follows.
pub fn looks_like_json_lines(text: &str) -> bool {
    let mut it = lines(text);
    let Some(first) = it.next() else { return false };
    // Checked first so that a one-line document is not parsed twice.
    if it.next().is_none() {
        return false;
    }
    matches!(value::parse(first.text, first.start), Ok(Some(v)) if Node::new(&v, 0).as_object().is_some())
}

/// How each line of a detected file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineReader {
    Keyed(Keyed),
    Sagemaker,
    Vertex,
}

impl LineReader {
    pub fn format(self) -> Format {
        match self {
            LineReader::Keyed(k) => k.format,
            LineReader::Sagemaker => Format::SagemakerManifest,
            LineReader::Vertex => Format::VertexJsonl,
        }
    }

    pub fn read(self, obj: Obj, line: Span, out: &mut ParsedFile) {
        match self {
            LineReader::Keyed(k) => k.read_line(obj, line, out),
            LineReader::Sagemaker => cloud::read_sagemaker_line(obj, line, out),
            LineReader::Vertex => cloud::read_vertex_line(obj, line, out),
        }
    }
}

/// The reader for a file whose lines look like `obj`, if any.
pub fn detect_object(obj: Obj) -> Option<LineReader> {
    if obj.has("source-ref") {
        return Some(LineReader::Sagemaker);
    }
    if obj.has("imageGcsUri") {
        return Some(LineReader::Vertex);
    }
    keyed::detect(obj).map(LineReader::Keyed)
}

/// Reads a JSON Lines file, or `None` when its first objects match no signature and its name
/// claims no format.
pub fn read(path: &Path, name: &str, text: &str) -> Option<ParsedFile> {
    let mut first_object = None;
    let mut detected = None;
    let mut tried = 0;
    for line in lines(text).take(DETECT_LINES) {
        let Ok(Some(v)) = value::parse(line.text, line.start) else {
            continue;
        };
        let Some(obj) = Node::new(&v, line.start).as_object() else {
            continue;
        };
        first_object.get_or_insert(line.span());
        detected = detect_object(obj);
        tried += 1;
        if detected.is_some() || tried >= DETECT_OBJECTS {
            break;
        }
    }
    let mut problems = Vec::new();
    let reader = match detected {
        Some(r) => r,
        None if name == "metadata.jsonl" => {
            if let Some(at) = first_object {
                problems.push(Problem::new(
                    at,
                    format!("no label key: expected one of {}", keyed::LABEL_KEYS.join(", ")),
                ));
            }
            LineReader::Keyed(Keyed {
                format: Format::HfMetadataJsonl,
                image_key: "file_name",
                label_key: None,
            })
        }
        None => return None,
    };
    let mut out = ParsedFile::new(path.to_path_buf(), reader.format(), FileKind::Dataset);
    out.problems = problems;
    read_lines(reader, text, &mut out);
    Some(out)
}

/// Reads every line of `text` with `reader` into `out`.
pub fn read_lines(reader: LineReader, text: &str, out: &mut ParsedFile) {
    out.inputs.reserve(crate::text::count_newlines(text) + 1);
    for line in lines(text) {
        let value = match value::parse(line.text, line.start) {
            Ok(Some(v)) => v,
            Ok(None) => continue,
            Err(problem) => {
                out.problems.push(problem);
                // Keep what a tolerant reader finds (a trailing comma, say); the error stands.
                match value::parse_lenient(line.text, line.start) {
                    Ok(Some(v)) => v,
                    _ => continue,
                }
            }
        };
        let node = Node::new(&value, line.start);
        match node.as_object() {
            Some(obj) => {
                let before = out.inputs.len();
                reader.read(obj, line.span(), out);
                // Most inputs carry one label: no room kept for four.
                if out.inputs.len() > before
                    && let Some(input) = out.inputs.last_mut()
                {
                    input.labels.shrink_to_fit();
                }
            }
            None => out.problems.push(Problem::new(
                node.span(),
                format!("expected a JSON object on each line, found {}", node.kind()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_skip_blanks_bom_and_line_endings() {
        let text = "\u{feff}{\"a\":1}\r\n\r\n  \n{\"b\":2}\n{\"c\":3}";
        let got: Vec<(&str, &str)> =
            lines(text).map(|l| (l.text, &text[l.span().start..l.span().end])).collect();
        assert_eq!(
            got,
            [("{\"a\":1}", "{\"a\":1}"), ("{\"b\":2}", "{\"b\":2}"), ("{\"c\":3}", "{\"c\":3}")]
        );
        assert_eq!(lines(text).next().map(|l| l.start), Some(3));
        assert_eq!(lines("").count(), 0);
        assert_eq!(lines("\n\r\n").count(), 0);
    }

    #[test]
    fn json_lines_in_a_json_file() {
        assert!(looks_like_json_lines("{\"a\": 1}\n{\"a\": 2}\n"));
        assert!(!looks_like_json_lines("{\"a\": 1}\n"));
        assert!(!looks_like_json_lines("{\n  \"a\": 1\n}\n"));
        assert!(!looks_like_json_lines("[{\"a\": 1},\n{\"a\": 2}]"));
    }
}
