//! `labels.txt` / `classes.txt`: one concept a line. Blank lines and `#` comment lines are
//! skipped, names are trimmed, CRLF and a BOM are fine. A file whose every line is
//! `<index> <name>` (or `<index>: <name>`), with indices counting up from 0 or 1, declares the
//! names with those ids (the TFLite / Coral label file layout).
//!
//! Invariant: a concept is declared once; a repeated name is a problem at the repetition.

use std::collections::HashMap;
use std::path::Path;

use crate::model::{ConceptDecl, FileKind, Format, ParsedFile, Problem, Span};

use super::csv::scan::{lines, slice};

/// Whether a `.txt` file name is a label manifest's: `labels.txt`, `classes.txt`,
/// `*labels*.txt`, `*classes*.txt`.
pub fn is_label_file_name(name: &str) -> bool {
    name.strip_suffix(".txt")
        .is_some_and(|stem| stem.contains("labels") || stem.contains("classes"))
}

/// Reads a one-concept-a-line label manifest; other `.txt` files are `None`.
pub fn read_txt(path: &Path, name: &str, text: &str) -> Option<ParsedFile> {
    is_label_file_name(name).then(|| read_lines(path, text))
}

/// One declaration before duplicates are removed: (name span, whole line, id).
type Entry = (Span, Span, Option<String>);

/// Reads `text` as a one-concept-a-line label manifest, whatever the file is called (for a
/// label manifest named by the config).
pub fn read_lines(path: &Path, text: &str) -> ParsedFile {
    let mut file = ParsedFile::new(path.to_path_buf(), Format::LabelsTxt, FileKind::Labels);
    let mut entries: Vec<(usize, Entry)> = Vec::new();
    for (n, (start, end)) in lines(text).enumerate() {
        let line = &text[start..end];
        let name = line.trim();
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        let s = start + (line.len() - line.trim_start().len());
        entries.push((n + 1, (Span::new(s, s + name.len()), Span::new(start, end), None)));
    }
    strip_indices(text, &mut entries);
    let mut first_line: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
    for (line_no, (span, decl_span, id)) in entries {
        let name = slice(text, span);
        if let Some(first) = first_line.get(name) {
            let message = format!("'{name}' is declared twice (first on line {first})");
            file.problems.push(Problem::new(span, message));
            continue;
        }
        first_line.insert(name, line_no);
        file.concepts.push(ConceptDecl {
            name: name.to_owned(),
            span,
            decl_span,
            id,
            ..Default::default()
        });
    }
    if file.concepts.is_empty() && file.problems.is_empty() {
        file.problems
            .push(Problem::new(Span::empty(0), "no concepts: expected one concept a line"));
    }
    file
}

/// Turns `0 person` / `1: bicycle` lines into names with ids, when every line is written so,
/// the indices count up by one from 0 or 1, and the names stay distinct.
fn strip_indices(text: &str, entries: &mut [(usize, Entry)]) {
    if entries.len() < 2 {
        return;
    }
    let mut split = Vec::with_capacity(entries.len());
    let mut first = None;
    for (i, (_, (span, _, _))) in entries.iter().enumerate() {
        let line = slice(text, *span);
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &line[digits..];
        let after_sep = rest.strip_prefix(':').unwrap_or(rest);
        let name = after_sep.trim_start();
        let separated = after_sep.len() < rest.len() || name.len() < after_sep.len();
        let Ok(index) = line[..digits].parse::<usize>() else {
            return;
        };
        let first = *first.get_or_insert(index);
        if name.is_empty() || !separated || first > 1 || index != first + i {
            return;
        }
        let start = span.start + (line.len() - name.len());
        split.push((index, Span::new(start, span.end)));
    }
    let mut names: Vec<&str> = split.iter().map(|(_, s)| slice(text, *s)).collect();
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return;
    }
    for ((_, (span, _, id)), (index, name_span)) in entries.iter_mut().zip(split) {
        *span = name_span;
        *id = Some(index.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(file: &ParsedFile) -> Vec<&str> {
        file.concepts.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn only_label_file_names_are_read() {
        assert!(read_txt(Path::new("labels.txt"), "labels.txt", "cat\n").is_some());
        assert!(read_txt(Path::new("classes.txt"), "classes.txt", "cat\n").is_some());
        assert!(read_txt(Path::new("x"), "imagenet_classes.txt", "cat\n").is_some());
        assert!(read_txt(Path::new("x"), "coco-labels-2014.txt", "cat\n").is_some());
        assert!(read_txt(Path::new("x"), "requirements.txt", "numpy\n").is_none());
        assert!(read_txt(Path::new("x"), "notes.txt", "cat\n").is_none());
    }

    #[test]
    fn comments_blank_lines_whitespace_crlf_and_bom() {
        let text =
            "\u{feff}# CIFAR-10 classes\r\nairplane\r\n\r\n  automobile \r\n\tbird\r\n# end\r\ncat";
        let file = read_lines(Path::new("labels.txt"), text);
        assert_eq!(file.format, Format::LabelsTxt);
        assert_eq!(file.kind, FileKind::Labels);
        assert!(file.problems.is_empty());
        assert_eq!(names(&file), ["airplane", "automobile", "bird", "cat"]);
        for c in &file.concepts {
            assert_eq!(slice(text, c.span), c.name);
            assert_eq!(c.id, None);
        }
        assert_eq!(slice(text, file.concepts[1].decl_span), "  automobile ");
        assert_eq!(file.concepts[0].decl_span.start, text.find("airplane").unwrap());
    }

    #[test]
    fn a_duplicate_is_reported_at_its_second_line() {
        let text = "dog\n\ncat\nbird\ncat\n";
        let file = read_lines(Path::new("labels.txt"), text);
        assert_eq!(names(&file), ["dog", "cat", "bird"]);
        assert_eq!(file.problems.len(), 1);
        assert_eq!(file.problems[0].message, "'cat' is declared twice (first on line 3)");
        let at = text.rfind("cat").unwrap();
        assert_eq!(file.problems[0].span, Span::new(at, at + 3));
    }

    #[test]
    fn indexed_lines_become_ids() {
        let text = "0  person\n1  bicycle\n2: car\n3\ttraffic light\n";
        let file = read_lines(Path::new("coco_labels.txt"), text);
        assert_eq!(names(&file), ["person", "bicycle", "car", "traffic light"]);
        assert_eq!(file.concepts[2].id.as_deref(), Some("2"));
        assert_eq!(slice(text, file.concepts[3].span), "traffic light");
        // Not counting up, or a line without an index: names are kept whole.
        let file = read_lines(Path::new("labels.txt"), "3 wheeler\n1 euro coin\n");
        assert_eq!(names(&file), ["3 wheeler", "1 euro coin"]);
        let file = read_lines(Path::new("labels.txt"), "1 euro\n2 euro\ncoin\n");
        assert_eq!(names(&file), ["1 euro", "2 euro", "coin"]);
        let file = read_lines(Path::new("labels.txt"), "0 a\n1 a\n");
        assert_eq!(names(&file), ["0 a", "1 a"]);
    }

    #[test]
    fn empty_files_say_so() {
        for text in ["", "\n\n", "\u{feff}", "# nothing yet\n"] {
            let file = read_lines(Path::new("labels.txt"), text);
            assert!(file.concepts.is_empty());
            assert_eq!(file.problems.len(), 1);
            assert_eq!(file.problems[0].span, Span::empty(0));
        }
    }
}
