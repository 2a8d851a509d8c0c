//! JSON Lines: one object a line, each line parsed on its own, so bad JSON on one line is a
//! problem on that line and every other line is still read. Blank lines are skipped; CRLF, a
//! BOM and a missing final newline are fine. The format is decided by the first valid objects.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::{FileKind, Format, Input, ParsedFile, Problem, Span};

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
    lines_between(text, bom_len(text), text.len())
}

/// The non-blank lines of `text` that start in `from..to`; `from` is the start of a line.
fn lines_between(text: &str, from: usize, to: usize) -> impl Iterator<Item = Line<'_>> {
    let mut pos = from;
    std::iter::from_fn(move || {
        while pos < to {
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

/// Files at least this large are read in parallel.
const PARALLEL_BYTES: usize = 1 << 20;
/// Pieces a large file is cut into: more than the threads, so that an uneven piece does not
/// keep one thread busy alone.
const PIECES: usize = 16;

/// Reads every line of `text` with `reader` into `out`. A large file is cut at line breaks into
/// pieces read in parallel, each into its own slots of one vector, so the inputs are never
/// copied or held twice; the result is the sequential read's.
fn read_lines(reader: LineReader, text: &str, out: &mut ParsedFile) {
    let start = bom_len(text);
    if text.len() >= PARALLEL_BYTES && read_in_parallel(reader, text, start, out) {
        return;
    }
    out.inputs.reserve(crate::text::count_newlines(text) + 1);
    read_between(reader, text, start, text.len(), out);
}

/// The parallel read; `false` (and `out` untouched) if a reader made more than one input of a
/// line, which none does.
fn read_in_parallel(reader: LineReader, text: &str, start: usize, out: &mut ParsedFile) -> bool {
    let cuts = cuts(text, start, PIECES);
    let counts: Vec<usize> =
        cuts.par_windows(2).map(|w| lines_between(text, w[0], w[1]).count()).collect();
    // One slot a non-blank line: a line makes at most one input.
    let mut slots: Vec<Option<Input>> = Vec::new();
    slots.resize_with(counts.iter().sum(), || None);
    let mut jobs = Vec::with_capacity(counts.len());
    let mut rest = slots.as_mut_slice();
    for (w, &n) in cuts.windows(2).zip(&counts) {
        let (mine, tail) = std::mem::take(&mut rest).split_at_mut(n);
        rest = tail;
        jobs.push((w[0], w[1], mine));
    }
    let pieces: Vec<ParsedFile> = jobs
        .into_par_iter()
        .map(|(from, to, slots)| {
            let mut piece = ParsedFile::new(PathBuf::new(), out.format, out.kind);
            for (slot, line) in slots.iter_mut().zip(lines_between(text, from, to)) {
                read_line(reader, line, &mut piece);
                *slot = piece.inputs.pop();
            }
            piece
        })
        .collect();
    if pieces.iter().any(|p| !p.inputs.is_empty()) {
        return false;
    }
    for mut piece in pieces {
        out.problems.append(&mut piece.problems);
        if piece.exclusive.is_some() {
            out.exclusive = piece.exclusive;
        }
    }
    // `filter_map` collects into the slots' own allocation (`Option<Input>` is an `Input`'s size).
    #[allow(clippy::filter_map_identity)]
    let inputs: Vec<Input> = slots.into_iter().filter_map(|slot| slot).collect();
    if out.inputs.is_empty() {
        out.inputs = inputs;
    } else {
        out.inputs.extend(inputs);
    }
    true
}

/// `pieces + 1` offsets from `start` to `text.len()`, each the start of a line (or the end).
fn cuts(text: &str, start: usize, pieces: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let step = (text.len() - start) / pieces;
    let mut cuts = vec![start];
    for k in 1..pieces {
        let at = (start + k * step).max(*cuts.last().unwrap_or(&start));
        let next = bytes.get(at..).and_then(|b| b.iter().position(|&c| c == b'\n'));
        match next {
            Some(i) if at + i + 1 < text.len() => cuts.push(at + i + 1),
            _ => break,
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    cuts
}

/// Reads the lines starting in `from..to` into `out`.
fn read_between(reader: LineReader, text: &str, from: usize, to: usize, out: &mut ParsedFile) {
    for line in lines_between(text, from, to) {
        read_line(reader, line, out);
    }
}

/// Reads one line into `out`: at most one input, and its problems.
fn read_line(reader: LineReader, line: Line, out: &mut ParsedFile) {
    let value = match value::parse(line.text, line.start) {
        Ok(Some(v)) => v,
        Ok(None) => return,
        Err(problem) => {
            out.problems.push(problem);
            // Keep what a tolerant reader finds (a trailing comma, say); the error stands.
            match value::parse_lenient(line.text, line.start) {
                Ok(Some(v)) => v,
                _ => return,
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

    #[test]
    fn a_large_file_read_in_pieces_is_the_sequential_read() {
        let mut text = String::from("\u{feff}");
        let mut n = 0;
        while text.len() < 3 * PARALLEL_BYTES {
            let line = match n % 997 {
                13 => "{\"file_name\": \"x.png\", \"label\": \"cat\",}".to_string(),
                14 => "[1, 2]".to_string(),
                15 => "   ".to_string(),
                16 => "{\"file_name\": \"y.png\", \"labels\": [\"a\", \"b\"]}".to_string(),
                17 => "{\"file_name\": \"caf\\u00e9.png\"}".to_string(),
                _ => format!("{{\"file_name\": \"images/{n:07}.png\", \"label\": \"c{}\"}}", n % 7),
            };
            text.push_str(&line);
            text.push_str(if n % 3 == 0 { "\r\n" } else { "\n" });
            n += 1;
        }
        let reader = LineReader::Keyed(Keyed {
            format: Format::HfMetadataJsonl,
            image_key: "file_name",
            label_key: Some("label"),
        });
        let mut parallel = ParsedFile::new("m.jsonl".into(), reader.format(), FileKind::Dataset);
        read_lines(reader, &text, &mut parallel);
        let mut sequential = ParsedFile::new("m.jsonl".into(), reader.format(), FileKind::Dataset);
        read_between(reader, &text, bom_len(&text), text.len(), &mut sequential);
        assert!(parallel.inputs.len() > 30_000, "{}", parallel.inputs.len());
        assert!(parallel.inputs == sequential.inputs, "inputs differ");
        assert_eq!(parallel.problems, sequential.problems);
        assert!(parallel.problems.len() > 60, "{}", parallel.problems.len());
        assert_eq!(parallel.exclusive, sequential.exclusive);
        let spans: Vec<_> = parallel.inputs.iter().map(|i| i.span.start).collect();
        assert!(spans.windows(2).all(|w| w[0] < w[1]), "inputs in file order");
    }

    #[test]
    fn cuts_fall_on_line_starts() {
        let text = "aaa\nbbbb\ncc\n\nd";
        let cuts = cuts(text, 0, 4);
        assert_eq!(cuts.first(), Some(&0));
        assert_eq!(cuts.last(), Some(&text.len()));
        assert!(cuts.windows(2).all(|w| w[0] < w[1]));
        for &c in &cuts[1..cuts.len() - 1] {
            assert_eq!(text.as_bytes()[c - 1], b'\n', "{cuts:?}");
        }
        assert_eq!(super::cuts("x", 0, 16), [0, 1]);
        assert_eq!(super::cuts("", 0, 16), [0]);
    }
}
