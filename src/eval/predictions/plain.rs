//! The records of a delimited predictions file read line by line on every core, when no field
//! can hold a line break: the text after the header has no quote and no carriage return other
//! than before a line feed. Then each non-empty line is one record and its fields are the
//! plain text between delimiters, exactly as the CSV reader would split them; each chunk of
//! lines is read on its own (spans stay offsets into the whole text) and the chunks are joined
//! in order, so rows and problems come out as a sequential read gives them.

use std::borrow::Cow;

use rayon::prelude::*;

use crate::model::Span;

use super::delimited::{Layout, Part, Record};

/// Bytes of text a task reads (whole lines: a chunk ends after a line feed).
pub const CHUNK_BYTES: usize = 1 << 20;

/// Reads the records of `text[from..]` (`from` ends the header record: a line ending or the
/// end of the text), one part per chunk in order; `None` when a line is not plain.
pub(super) fn read(
    text: &str,
    from: usize,
    delimiter: u8,
    layout: &Layout,
    chunk_bytes: usize,
) -> Option<Vec<Part>> {
    let chunks = chunks(text.as_bytes(), from, chunk_bytes.max(1));
    chunks.par_iter().map(|&(start, end)| read_chunk(text, start, end, delimiter, layout)).collect()
}

/// `from..text.len()` cut into ranges of about `size` bytes, each ending after a line feed
/// (the last at the end of the text).
fn chunks(bytes: &[u8], from: usize, size: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity((bytes.len() - from.min(bytes.len())) / size + 1);
    let mut start = from.min(bytes.len());
    while start < bytes.len() {
        let target = start.saturating_add(size).min(bytes.len());
        let end = match bytes.get(target..).and_then(|rest| rest.iter().position(|&b| b == b'\n')) {
            Some(k) => target + k + 1,
            None => bytes.len(),
        };
        out.push((start, end));
        start = end;
    }
    out
}

/// The records of the whole lines in `start..end`; `None` at a quote or a lone carriage return.
fn read_chunk(
    text: &str,
    start: usize,
    end: usize,
    delimiter: u8,
    layout: &Layout,
) -> Option<Part> {
    let bytes = text.as_bytes();
    let lines = text.get(start..end).map_or(0, crate::text::count_newlines) + 1;
    let mut part = Part {
        rows: Vec::with_capacity(lines),
        scores: Vec::with_capacity(lines * layout.scores()),
        problems: Vec::new(),
    };
    let mut cells: Vec<Span> = Vec::new();
    let mut pos = start;
    while pos < end {
        // One line: its cells cut at the delimiter, up to a line feed or the chunk's end.
        cells.clear();
        let line_start = pos;
        let mut cell_start = pos;
        let mut line_end = end;
        let mut next = end;
        while pos < end {
            match bytes[pos] {
                b'\n' => {
                    line_end = pos;
                    next = pos + 1;
                    break;
                }
                b'\r' if bytes.get(pos + 1) == Some(&b'\n') => {
                    line_end = pos;
                    next = pos + 2;
                    break;
                }
                b'\r' | b'"' => return None,
                b if b == delimiter => {
                    cells.push(Span::new(cell_start, pos));
                    cell_start = pos + 1;
                }
                _ => {}
            }
            pos += 1;
        }
        pos = next;
        // The CSV reader skips empty lines; a record is never empty.
        if line_end > line_start {
            cells.push(Span::new(cell_start, line_end));
            let line = Line { text, span: Span::new(line_start, line_end), cells: &cells };
            layout.take(&line, &mut part);
        }
    }
    Some(part)
}

/// A record that is one line of plain fields.
struct Line<'t, 'c> {
    text: &'t str,
    span: Span,
    cells: &'c [Span],
}

impl<'t> Record<'t> for Line<'t, '_> {
    fn span(&self) -> Span {
        self.span
    }
    fn width(&self) -> usize {
        self.cells.len()
    }
    fn is_blank(&self) -> bool {
        self.cells.len() == 1 && self.value(0).trim().is_empty()
    }
    fn unterminated_span(&self) -> Option<Span> {
        None
    }
    fn raw(&self, i: usize) -> Option<Span> {
        self.cells.get(i).copied()
    }
    fn value(&self, i: usize) -> Cow<'t, str> {
        let text: &'t str = self.text;
        Cow::Borrowed(self.cells.get(i).and_then(|c| text.get(c.start..c.end)).unwrap_or(""))
    }
    fn trimmed(&self, i: usize) -> Option<(Cow<'t, str>, Span)> {
        let cell = self.cells.get(i)?;
        let Cow::Borrowed(value) = self.value(i) else { return None };
        let start = value.len() - value.trim_start().len();
        let end = value.trim_end().len().max(start);
        let trimmed = value.get(start..end).unwrap_or("");
        Some((Cow::Borrowed(trimmed), Span::new(cell.start + start, cell.start + end)))
    }
}

#[cfg(test)]
#[path = "plain_tests.rs"]
mod tests;
