//! Delimited text formats: generic CSV/TSV, Hugging Face `metadata.csv`, Vertex AI CSV,
//! Clarifai CSV (legacy and SDK), SageMaker `.lst`.
//!
//! Detection, in order: `.lst` by extension; a headerless Vertex AI CSV by its first row;
//! otherwise the header row names the format (see [`header::classify`]). A file that matches no
//! signature is `None` unless it is claimed (named `metadata.csv`, or listed as a manifest by
//! the config through [`read_listed`]): then it is read with a problem at its header.
//! Model predictions (a key column plus one score column per concept) are never a dataset.

use std::path::Path;

use crate::model::{FileKind, Format, ParsedFile, Problem, Span};

mod cells;
mod header;
mod lst;
pub(crate) mod scan;
mod table;
mod vertex;

#[cfg(test)]
mod tests;

use header::{Verdict, normalize};
use scan::Rows;

/// Reads a `.csv`, `.tsv` or `.lst` file, or `None` when it matches no signature.
pub fn read(path: &Path, name: &str, ext: &str, text: &str) -> Option<ParsedFile> {
    read_as(path, name, ext, text, name == "metadata.csv")
}

/// Reads a file that the config lists as a dataset manifest: when it matches no signature (or
/// lacks a column), the problem is reported at its header instead of the file being ignored.
pub fn read_listed(path: &Path, name: &str, ext: &str, text: &str) -> ParsedFile {
    read_as(path, name, ext, text, true).unwrap_or_else(|| {
        let mut file = ParsedFile::new(path.to_path_buf(), Format::GenericCsv, FileKind::Dataset);
        let message = "not a dataset manifest: expected a header with an image and a label column";
        file.problems.push(Problem::new(Span::empty(0), message));
        file
    })
}

fn read_as(path: &Path, name: &str, ext: &str, text: &str, claimed: bool) -> Option<ParsedFile> {
    if ext == "lst" {
        return lst::read(path, text, claimed);
    }
    if !claimed && name.contains("prediction") {
        return None;
    }
    let delimiter = if ext == "tsv" { b'\t' } else { sniff_delimiter(text) };
    if delimiter == b',' && vertex::matches(text) {
        return Some(vertex::read(path, text));
    }
    read_table(path, name == "metadata.csv", text, delimiter, claimed)
}

/// The delimiter of the first non-blank line: the most frequent of `,`, tab and `;` outside
/// quotes (a comma on a tie).
fn sniff_delimiter(text: &str) -> u8 {
    let line =
        text.trim_start_matches('\u{feff}').lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for b in line.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => counts[0] += 1,
            b'\t' if !in_quotes => counts[1] += 1,
            b';' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    if counts[1] > counts[0] && counts[1] >= counts[2] {
        b'\t'
    } else if counts[2] > counts[0] && counts[2] > counts[1] {
        b';'
    } else {
        b','
    }
}

fn read_table(
    path: &Path,
    hf: bool,
    text: &str,
    delimiter: u8,
    claimed: bool,
) -> Option<ParsedFile> {
    let default_format = if hf { Format::HfMetadataCsv } else { Format::GenericCsv };
    let new_file = |format| ParsedFile::new(path.to_path_buf(), format, FileKind::Dataset);
    let mut rows = Rows::new(text, delimiter);
    let header = loop {
        match rows.next_row() {
            Some(row) if row.is_blank() => continue,
            Some(row) => {
                let cells: Vec<(String, Span)> = (0..row.cells.len())
                    .map(|i| row.trimmed(i).map(|(v, s)| (v.into_owned(), s)).unwrap_or_default())
                    .collect();
                break Some((cells, row.span));
            }
            None => break None,
        }
    };
    let Some((cells, header_span)) = header else {
        if !claimed {
            return None;
        }
        let mut file = new_file(default_format);
        file.problems.push(Problem::new(Span::empty(0), "empty file: expected a header row"));
        return Some(file);
    };
    let names: Vec<String> = cells.iter().map(|(name, _)| normalize(name)).collect();
    let (format, layout, problem) = match header::classify(&names, hf) {
        Verdict::Found(format, layout) => (format, Some(layout), None),
        Verdict::Missing(format, message, layout) if claimed => (format, layout, Some(message)),
        Verdict::NoMatch if claimed => {
            let message =
                format!("no image column: expected one of {}", header::IMAGE_COLUMNS.join(", "));
            (default_format, None, Some(message))
        }
        Verdict::Missing(..) | Verdict::NoMatch => return None,
    };
    let mut file = new_file(format);
    if let Some(message) = problem {
        file.problems.push(Problem::new(header_span, message));
    }
    if let Some(layout) = layout {
        let meta = table::metadata_columns(&layout, &cells);
        table::read_rows(&mut rows, &layout, &meta, names.len(), delimiter, &mut file);
        if !claimed && table::looks_like_predictions(&names, &layout, &file.inputs) {
            return None;
        }
    }
    Some(file)
}
