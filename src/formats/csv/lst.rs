//! SageMaker / MXNet `.lst`: `index<TAB>label[<TAB>label...]<TAB>path`, one image a line.
//! Labels are class indices, kept as written (`3`, or `3` from `3.000000`). With several label
//! columns, a file whose every row has the same number of 0/1 values is multi-hot (a 1 in
//! column j means class j); otherwise the values are class ids.
//!
//! Read line by line rather than as CSV: the format has no quoting, and paths may hold `"`.
//! Lines without a tab are split on runs of spaces (the documentation's examples are written
//! that way); then the path is the rest of the line after the numeric columns.

use std::collections::HashMap;
use std::path::Path;

use crate::model::{FileKind, Format, Input, Label, ParsedFile, Problem, Span};

use super::scan::{lines, slice};

/// The digits of a class index written as `3`, `03` or `3.000000`, as a range of `value`.
fn class_index(value: &str) -> Option<(usize, usize)> {
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &value[digits..];
    let ok = digits > 0
        && (rest.is_empty() || (rest.starts_with('.') && rest[1..].bytes().all(|b| b == b'0')));
    ok.then_some((0, digits))
}

/// The concept name of a class index: its digits without leading zeros.
fn concept_of(digits: &str) -> &str {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() { "0" } else { trimmed }
}

fn is_number(value: &str) -> bool {
    value.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Splits a line into index, label columns and path (spans in the file).
fn split(text: &str, (start, end): (usize, usize), out: &mut Vec<Span>) {
    out.clear();
    let line = &text[start..end];
    let trimmed = |from: usize, to: usize| {
        let part = &text[from..to];
        let s = from + (part.len() - part.trim_start().len());
        Span::new(s, (from + part.trim_end().len()).max(s))
    };
    if line.contains('\t') {
        let mut from = start;
        for part in line.split('\t') {
            out.push(trimmed(from, from + part.len()));
            from += part.len() + 1;
        }
        return;
    }
    let mut tokens = line.split_whitespace().map(|t| {
        let s = t.as_ptr() as usize - text.as_ptr() as usize;
        Span::new(s, s + t.len())
    });
    let Some(index) = tokens.next() else { return };
    out.push(index);
    let rest: Vec<Span> = tokens.collect();
    let labels = rest
        .iter()
        .take(rest.len().saturating_sub(1))
        .take_while(|t| is_number(slice(text, **t)))
        .count();
    out.extend_from_slice(&rest[..labels]);
    if let Some(path) = rest.get(labels) {
        out.push(trimmed(path.start, end));
    }
}

/// Whether split fields look like an `.lst` line: integer index, numeric labels, a path.
fn is_lst_line(text: &str, fields: &[Span]) -> bool {
    let [index, labels @ .., path] = fields else {
        return false;
    };
    let index = slice(text, *index);
    !labels.is_empty()
        && !index.is_empty()
        && index.bytes().all(|b| b.is_ascii_digit())
        && labels.iter().all(|l| is_number(slice(text, *l)))
        && !path.is_empty()
}

/// Reads a `.lst` file, or `None` when its first line is not one (unless `claimed`).
pub fn read(path: &Path, text: &str, claimed: bool) -> Option<ParsedFile> {
    let mut fields = Vec::new();
    // First pass: the signature, and whether the labels are multi-hot.
    let mut seen_line = false;
    let mut width = None;
    let mut same_width = true;
    let mut binary = true;
    for line in lines(text) {
        if slice(text, Span::new(line.0, line.1)).trim().is_empty() {
            continue;
        }
        split(text, line, &mut fields);
        if !seen_line && !is_lst_line(text, &fields) && !claimed {
            return None;
        }
        seen_line = true;
        if fields.len() >= 3 {
            let k = fields.len() - 2;
            same_width &= *width.get_or_insert(k) == k;
            binary &=
                fields[1..=k].iter().all(|f| matches!(slice(text, *f), "0" | "1" | "0.0" | "1.0"));
        }
    }
    if !seen_line && !claimed {
        return None;
    }
    let multi_hot = binary && same_width && width.is_some_and(|w| w >= 2);

    let mut file = ParsedFile::new(path.to_path_buf(), Format::SagemakerLst, FileKind::Dataset);
    if width.is_some_and(|w| w >= 2) {
        file.exclusive = Some(false);
    }
    let mut indices: HashMap<u64, usize> = HashMap::new();
    for (n, line) in lines(text).enumerate() {
        let span = Span::new(line.0, line.1);
        if slice(text, span).trim().is_empty() {
            continue;
        }
        split(text, line, &mut fields);
        let (index, labels, location) = match fields.as_slice() {
            [index, labels @ .., location] if !labels.is_empty() && !location.is_empty() => {
                (index, labels, location)
            }
            _ => {
                let message = "expected index<TAB>class<TAB>path; line not read";
                file.problems.push(Problem::new(span, message));
                continue;
            }
        };
        let id = slice(text, *index);
        match id.parse::<u64>() {
            Ok(key) => {
                if let Some(first) = indices.insert(key, n + 1) {
                    indices.insert(key, first);
                    let message = format!("image index {id} is used twice (first on line {first})");
                    file.problems.push(Problem::new(*index, message));
                }
            }
            Err(_) => {
                let message = format!("image index must be a whole number, not '{id}'");
                file.problems.push(Problem::new(*index, message));
            }
        }
        let mut input_labels = Vec::with_capacity(labels.len());
        for (j, cell) in labels.iter().enumerate() {
            let value = slice(text, *cell);
            if multi_hot {
                if matches!(value, "1" | "1.0") {
                    input_labels.push(Label {
                        concept: j.to_string(),
                        span: *cell,
                        positive: true,
                    });
                }
                continue;
            }
            match class_index(value) {
                Some((s, e)) => input_labels.push(Label {
                    concept: concept_of(&value[s..e]).to_owned(),
                    span: Span::new(cell.start + s, cell.start + e),
                    positive: true,
                }),
                None => {
                    let message =
                        format!("class label must be a class index (0, 1, 2, ...), not '{value}'");
                    file.problems.push(Problem::new(*cell, message));
                }
            }
        }
        file.inputs.push(Input {
            id: Some(id.to_owned()),
            location: slice(text, *location).to_owned(),
            location_span: *location,
            span,
            labels: input_labels,
            declared_size: None,
            ..Default::default()
        });
    }
    Some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(file: &ParsedFile) -> Vec<(String, Vec<String>)> {
        file.inputs
            .iter()
            .map(|i| (i.location.clone(), i.labels.iter().map(|l| l.concept.clone()).collect()))
            .collect()
    }

    #[test]
    fn single_label_tabs_floats_and_spaces_in_paths() {
        let text = "5\t1\tdog/train_img_dog1.jpg\r\n1000\t0.000000\tcat/my cat.jpg\r\n\r\n22\t12\tdog/2.jpg";
        let file = read(Path::new("train.lst"), text, false).unwrap();
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(file.exclusive, None);
        assert_eq!(
            summary(&file),
            [
                ("dog/train_img_dog1.jpg".into(), vec!["1".into()]),
                ("cat/my cat.jpg".into(), vec!["0".into()]),
                ("dog/2.jpg".into(), vec!["12".into()]),
            ]
        );
        let cat = &file.inputs[1];
        assert_eq!(cat.id.as_deref(), Some("1000"));
        assert_eq!(slice(text, cat.labels[0].span), "0");
        assert_eq!(slice(text, cat.location_span), "cat/my cat.jpg");
        assert_eq!(slice(text, cat.span), "1000\t0.000000\tcat/my cat.jpg");
    }

    #[test]
    fn space_separated_lines_as_in_the_documentation() {
        let text =
            "5      1   your_image_directory/train_img_dog1.jpg\n1000   0   your dir/cat 1.jpg\n";
        let file = read(Path::new("a.lst"), text, false).unwrap();
        assert_eq!(file.inputs[1].location, "your dir/cat 1.jpg");
        assert_eq!(file.inputs[1].labels[0].concept, "0");
    }

    #[test]
    fn multi_hot_and_class_id_rows() {
        let hot = "0\t1\t0\t1\ta.jpg\n1\t0\t0\t1\tb.jpg\n";
        let file = read(Path::new("m.lst"), hot, false).unwrap();
        assert_eq!(file.exclusive, Some(false));
        assert_eq!(summary(&file)[0].1, ["0", "2"]);
        assert_eq!(summary(&file)[1].1, ["2"]);
        assert_eq!(slice(hot, file.inputs[1].labels[0].span), "1");
        let ids = "0\t3\t7\ta.jpg\n1\t2\tb.jpg\n";
        let file = read(Path::new("m.lst"), ids, false).unwrap();
        assert_eq!(summary(&file)[0].1, ["3", "7"]);
        assert_eq!(summary(&file)[1].1, ["2"]);
    }

    #[test]
    fn broken_lines_are_reported_and_the_rest_read() {
        let text = "0\t1\ta.jpg\n1\tb.jpg\n0\tcat\tc.jpg\nx\t2\td.jpg\n";
        let file = read(Path::new("b.lst"), text, false).unwrap();
        let problems: Vec<(&str, &str)> =
            file.problems.iter().map(|p| (slice(text, p.span), p.message.as_str())).collect();
        assert_eq!(
            problems,
            [
                ("1\tb.jpg", "expected index<TAB>class<TAB>path; line not read"),
                ("0", "image index 0 is used twice (first on line 1)"),
                ("cat", "class label must be a class index (0, 1, 2, ...), not 'cat'"),
                ("x", "image index must be a whole number, not 'x'"),
            ]
        );
        assert_eq!(file.inputs.len(), 3);
        assert_eq!(file.inputs[1].labels, []);
    }

    #[test]
    fn other_lst_files_are_left_alone() {
        assert!(read(Path::new("files.lst"), "a.jpg\nb.jpg\n", false).is_none());
        assert!(read(Path::new("files.lst"), "", false).is_none());
        assert!(read(Path::new("files.lst"), "image\tlabel\na.jpg\t1\n", false).is_none());
        let claimed = read(Path::new("files.lst"), "a.jpg\n\n", true).unwrap();
        assert_eq!(claimed.problems.len(), 1);
        assert_eq!(claimed.problems[0].span, Span::new(0, 5));
    }
}
