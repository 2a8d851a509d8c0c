//! Records with byte spans. The `csv` crate splits the text into records (flexible lengths) and
//! decodes quoted fields; a small quote-aware scan of the same bytes, started at each record's
//! byte position, gives every field's span in the file.
//!
//! Invariant: every span handed out lies on UTF-8 char boundaries (fields are only ever cut at
//! ASCII delimiters, quotes and line endings).

use std::borrow::Cow;

use crate::model::{Label, Span};

use super::cells;

/// How a field is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quoting {
    /// Unquoted: the value is the raw text.
    Plain,
    /// Quoted without doubled quotes inside: the value is the text between the quotes.
    Quoted,
    /// Quoted with `""` escapes (or text after the closing quote): the value must be decoded.
    Escaped,
}

/// One field of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The field as written, quotes included.
    pub raw: Span,
    /// The value's text: between the quotes for a quoted field.
    pub content: Span,
    pub quoting: Quoting,
}

/// One record, borrowed from [`Rows`].
pub struct Row<'r> {
    /// The record without its line ending (several lines when a quoted field holds newlines).
    pub span: Span,
    pub cells: &'r [Cell],
    /// Offset of an opening quote that is never closed (its field runs to the end of the file).
    pub unterminated: Option<usize>,
    text: &'r str,
    record: &'r csv::ByteRecord,
}

impl<'r> Row<'r> {
    /// The decoded value of field `i` (empty when the record has no such field).
    pub fn value(&self, i: usize) -> Cow<'r, str> {
        let Some(cell) = self.cells.get(i) else {
            return Cow::Borrowed("");
        };
        match cell.quoting {
            Quoting::Plain | Quoting::Quoted => Cow::Borrowed(slice(self.text, cell.content)),
            Quoting::Escaped => match self.record.get(i) {
                Some(bytes) => String::from_utf8_lossy(bytes).into_owned().into(),
                None => Cow::Borrowed(slice(self.text, cell.content)),
            },
        }
    }

    /// Field `i`'s value trimmed of surrounding whitespace, with its span in the file.
    pub fn trimmed(&self, i: usize) -> Option<(Cow<'r, str>, Span)> {
        self.cells.get(i)?;
        let value = self.value(i);
        let start = value.len() - value.trim_start().len();
        let end = value.trim_end().len().max(start);
        let span = self.file_span(i, start, end);
        let trimmed = match value {
            Cow::Borrowed(v) => Cow::Borrowed(&v[start..end]),
            Cow::Owned(v) => Cow::Owned(v[start..end].to_owned()),
        };
        Some((trimmed, span))
    }

    /// From an opening quote that is never closed to the end of its line.
    pub fn unterminated_span(&self) -> Option<Span> {
        let quote = self.unterminated?;
        let rest = slice(self.text, Span::new(quote, self.span.end));
        let line = rest.split(['\r', '\n']).next().unwrap_or("");
        Some(Span::new(quote, quote + line.len()))
    }

    /// Whether the record holds nothing but whitespace (a line of spaces, say).
    pub fn is_blank(&self) -> bool {
        match self.cells {
            [cell] => slice(self.text, cell.raw).trim().is_empty(),
            _ => false,
        }
    }

    /// The span in the file of the decoded bytes `start..end` of field `i`.
    pub fn file_span(&self, i: usize, start: usize, end: usize) -> Span {
        let Some(cell) = self.cells.get(i) else {
            return Span::empty(self.span.end);
        };
        match cell.quoting {
            Quoting::Plain | Quoting::Quoted => {
                Span::new(cell.content.start + start, cell.content.start + end)
            }
            Quoting::Escaped => {
                let map = decoded_positions(&self.text.as_bytes()[cell.raw.start..cell.raw.end]);
                let at = |d: usize| map.get(d).map(|r| r.0);
                let from = at(start).unwrap_or(cell.content.end - cell.raw.start);
                let to = if end > start { map.get(end - 1).map_or(from, |r| r.1) } else { from };
                Span::new(cell.raw.start + from, cell.raw.start + to)
            }
        }
    }

    /// Appends a label for every concept written in field `i` (see [`cells::split_labels`]).
    pub fn push_labels(
        &self,
        i: usize,
        comma: bool,
        scratch: &mut Vec<(usize, usize)>,
        out: &mut Vec<Label>,
    ) {
        if self.cells.get(i).is_none_or(|c| c.content.is_empty()) {
            return;
        }
        let value = self.value(i);
        scratch.clear();
        cells::split_labels(&value, comma, scratch);
        out.reserve_exact(scratch.len());
        for &(s, e) in scratch.iter() {
            out.push(Label {
                concept: value[s..e].to_owned(),
                span: self.file_span(i, s, e),
                positive: true,
            });
        }
    }
}

/// Every line of `text` as `(start, end)`, without its line ending (`\n` or `\r\n`) and without
/// a leading UTF-8 BOM.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    let mut start = base;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let nl = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |k| start + k);
        let mut end = nl;
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        let line = (start, end);
        start = nl + 1;
        Some(line)
    })
}

/// Text of `span` (empty if the span is not a valid range of `text`).
pub fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// For every decoded byte of a quoted field, the raw range it comes from (`""` -> one `"`),
/// following the `csv` crate's reading: text after a closing quote is taken literally.
fn decoded_positions(raw: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(raw.len());
    let mut in_quotes = raw.first() == Some(&b'"');
    let mut i = usize::from(in_quotes);
    while i < raw.len() {
        if in_quotes && raw[i] == b'"' {
            if raw.get(i + 1) == Some(&b'"') {
                out.push((i, i + 2));
                i += 2;
            } else {
                in_quotes = false;
                i += 1;
            }
        } else {
            out.push((i, i + 1));
            i += 1;
        }
    }
    out
}

/// A lending iterator over the records of a delimited text.
pub struct Rows<'t> {
    text: &'t str,
    /// Length of a UTF-8 BOM the reader does not see.
    base: usize,
    delimiter: u8,
    reader: csv::Reader<&'t [u8]>,
    record: csv::ByteRecord,
    cells: Vec<Cell>,
    cursor: usize,
}

impl<'t> Rows<'t> {
    pub fn new(text: &'t str, delimiter: u8) -> Self {
        let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(&text.as_bytes()[base..]);
        Rows {
            text,
            base,
            delimiter,
            reader,
            record: csv::ByteRecord::new(),
            cells: Vec::new(),
            cursor: base,
        }
    }

    /// How many lines follow the last record read (an upper bound of the records left).
    pub fn remaining_lines(&self) -> usize {
        crate::text::count_newlines(self.text.get(self.cursor..).unwrap_or_default()) + 1
    }

    /// The next record, or `None` at the end of the text.
    pub fn next_row(&mut self) -> Option<Row<'_>> {
        if !matches!(self.reader.read_byte_record(&mut self.record), Ok(true)) {
            return None;
        }
        let bytes = self.text.as_bytes();
        let position = self.record.position().and_then(|p| usize::try_from(p.byte()).ok());
        let mut start = position.map_or(self.cursor, |p| p + self.base).max(self.cursor);
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        let (end, unterminated) = scan(bytes, start, self.delimiter, &mut self.cells);
        self.cursor = end;
        Some(Row {
            span: Span::new(start, end),
            cells: &self.cells,
            unterminated,
            text: self.text,
            record: &self.record,
        })
    }
}

/// Splits the record starting at `start` into `cells`; returns where it ends (at its line ending
/// or the end of the text) and the offset of an unterminated opening quote, if any.
fn scan(
    bytes: &[u8],
    start: usize,
    delimiter: u8,
    cells: &mut Vec<Cell>,
) -> (usize, Option<usize>) {
    cells.clear();
    let n = bytes.len();
    let is_end = |b: u8| b == delimiter || b == b'\n' || b == b'\r';
    let mut unterminated = None;
    let mut i = start;
    loop {
        let field_start = i;
        let cell = if i < n && bytes[i] == b'"' {
            let mut quoting = Quoting::Quoted;
            let content_start = i + 1;
            i += 1;
            let mut content_end = n;
            loop {
                match bytes[i..].iter().position(|&b| b == b'"') {
                    None => {
                        unterminated = Some(field_start);
                        i = n;
                        break;
                    }
                    Some(k) if bytes.get(i + k + 1) == Some(&b'"') => {
                        quoting = Quoting::Escaped;
                        i += k + 2;
                    }
                    Some(k) => {
                        content_end = i + k;
                        i += k + 1;
                        break;
                    }
                }
            }
            let after_quote = i;
            while i < n && !is_end(bytes[i]) {
                i += 1;
            }
            if i > after_quote {
                quoting = Quoting::Escaped;
                content_end = i;
            }
            Cell {
                raw: Span::new(field_start, i),
                content: Span::new(content_start, content_end),
                quoting,
            }
        } else {
            while i < n && !is_end(bytes[i]) {
                i += 1;
            }
            let span = Span::new(field_start, i);
            Cell { raw: span, content: span, quoting: Quoting::Plain }
        };
        cells.push(cell);
        if i < n && bytes[i] == delimiter {
            i += 1;
        } else {
            return (i, unterminated);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, delimiter: u8) -> Vec<(String, Vec<String>, Vec<String>)> {
        let mut rows = Rows::new(text, delimiter);
        let mut out = Vec::new();
        while let Some(row) = rows.next_row() {
            let values = (0..row.cells.len()).map(|i| row.value(i).into_owned()).collect();
            let spans = row.cells.iter().map(|c| slice(text, c.content).to_owned()).collect();
            out.push((slice(text, row.span).to_owned(), values, spans));
        }
        out
    }

    #[test]
    fn spans_of_plain_and_quoted_fields_with_crlf_bom_and_blank_lines() {
        let text = "\u{feff}file_name,label\r\n\r\na.jpg,\"cat\"\r\n\"b,1.jpg\",dog\n\nc.jpg,";
        let got = rows(text, b',');
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].0, "file_name,label");
        assert_eq!(got[0].2, ["file_name", "label"]);
        assert_eq!(got[1].0, "a.jpg,\"cat\"");
        assert_eq!(got[1].1, ["a.jpg", "cat"]);
        assert_eq!(got[1].2, ["a.jpg", "cat"]);
        assert_eq!(got[2].1, ["b,1.jpg", "dog"]);
        assert_eq!(got[2].2, ["b,1.jpg", "dog"]);
        assert_eq!(got[3].0, "c.jpg,");
        assert_eq!(got[3].1, ["c.jpg", ""]);
    }

    #[test]
    fn escaped_quotes_are_decoded_by_csv_and_mapped_back_to_the_file() {
        let text = "x,\"say \"\"hi\"\", ok\"\ny,\"ab\"cd\n";
        let mut rows = Rows::new(text, b',');
        let row = rows.next_row().unwrap();
        assert_eq!(row.cells[1].quoting, Quoting::Escaped);
        let value = row.value(1);
        assert_eq!(value, "say \"hi\", ok");
        let hi = value.find("hi").unwrap();
        assert_eq!(slice(text, row.file_span(1, hi, hi + 2)), "hi");
        let ok = value.find("ok").unwrap();
        assert_eq!(slice(text, row.file_span(1, ok, ok + 2)), "ok");
        let row = rows.next_row().unwrap();
        assert_eq!(row.value(1), "abcd");
        assert_eq!(slice(text, row.file_span(1, 2, 4)), "cd");
        assert!(rows.next_row().is_none());
    }

    #[test]
    fn quoted_newlines_stay_in_one_record_and_unclosed_quotes_are_flagged() {
        let text = "a,\"two\nlines\"\nb,\"never closed\nc,d\n";
        let mut rows = Rows::new(text, b',');
        let row = rows.next_row().unwrap();
        assert_eq!(slice(text, row.span), "a,\"two\nlines\"");
        assert_eq!(row.value(1), "two\nlines");
        assert_eq!(row.unterminated, None);
        let row = rows.next_row().unwrap();
        assert_eq!(row.unterminated, Some(text.find("\"never").unwrap()));
        assert_eq!(row.cells.len(), 2);
        assert!(rows.next_row().is_none());
    }

    #[test]
    fn tabs_utf8_and_blank_records() {
        let text = "image\tlabel\nchat/é.jpg\tchat noir\n   \n";
        let got = rows(text, b'\t');
        assert_eq!(got[1].2, ["chat/é.jpg", "chat noir"]);
        let mut rows = Rows::new(text, b'\t');
        rows.next_row();
        rows.next_row();
        assert!(rows.next_row().unwrap().is_blank());
    }

    #[test]
    fn trimmed_values_keep_exact_spans() {
        let text = "a, \" cat \" ,b\n";
        let mut rows = Rows::new(text, b',');
        let row = rows.next_row().unwrap();
        // ` " cat " ` does not start with a quote: csv reads it literally, as we do.
        let (value, span) = row.trimmed(1).unwrap();
        assert_eq!(value, "\" cat \"");
        assert_eq!(slice(text, span), "\" cat \"");
        let (value, span) = row.trimmed(2).unwrap();
        assert_eq!((value.as_ref(), slice(text, span)), ("b", "b"));
    }
}
