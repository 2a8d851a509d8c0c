//! CSV / TSV predictions: a header naming the key column, one score column per concept and an
//! optional `fold` column; every other record is one input's scores.

use std::borrow::Cow;
use std::path::Path;

use crate::formats::csv::scan::{Row, Rows};
use crate::model::{Problem, Span};

use super::plain;
use super::{
    NON_SCORE_COLUMNS, Predictions, PredictionsFormat, ScoreColumn, ScoreRow, find_key,
    normalize_name, parse_score,
};

/// The delimiter of the first non-blank line: tab or `;` when they outnumber commas.
pub fn sniff(text: &str) -> u8 {
    let line =
        text.trim_start_matches('\u{feff}').lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| line.matches(c).count();
    let (commas, tabs, semis) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas && semis > tabs {
        b';'
    } else {
        b','
    }
}

pub fn read(path: &Path, text: &str, delimiter: u8) -> Predictions {
    read_with(path, text, delimiter, Some(plain::CHUNK_BYTES))
}

/// Reads the records after the header line by line on every core (chunks of about
/// `chunk_bytes`) when they hold no quote and no lone carriage return, else with the CSV reader.
/// `None`: always the CSV reader.
pub(super) fn read_with(
    path: &Path,
    text: &str,
    delimiter: u8,
    chunk_bytes: Option<usize>,
) -> Predictions {
    let format = if delimiter == b'\t' { PredictionsFormat::Tsv } else { PredictionsFormat::Csv };
    let mut out = Predictions::new(path, format);
    let mut rows = Rows::new(text, delimiter);
    let (names, spans, header_span) = loop {
        match rows.next_row() {
            Some(row) if row.is_blank() => continue,
            Some(row) => {
                let mut names = Vec::with_capacity(row.cells.len());
                let mut spans = Vec::with_capacity(row.cells.len());
                for i in 0..row.cells.len() {
                    let (name, span) = row.trimmed(i).unwrap_or_default();
                    names.push(name.into_owned());
                    spans.push(span);
                }
                break (names, spans, row.span);
            }
            None => {
                out.problems
                    .push(Problem::new(Span::empty(0), "empty file: expected a header row"));
                return out;
            }
        }
    };
    let normalized: Vec<String> = names.iter().map(|n| normalize_name(n)).collect();
    let Some(key) = find_key(&normalized) else {
        out.problems.push(Problem::new(
            header_span,
            "no key column: expected one of file_name, image, path, id (and one score column \
             per concept)",
        ));
        return out;
    };
    out.key_span = spans[key];
    let fold = normalized.iter().position(|n| n == "fold");
    // Score columns: every column but the key, the fold and known non-score columns.
    let mut fields = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i == key || Some(i) == fold || NON_SCORE_COLUMNS.contains(&normalized[i].as_str()) {
            continue;
        }
        if name.is_empty() {
            out.problems.push(Problem::new(spans[i], "a column without a name"));
            continue;
        }
        fields.push(i);
        out.columns.push(ScoreColumn { name: name.clone(), span: spans[i] });
    }
    if out.columns.is_empty() {
        out.problems.push(Problem::new(header_span, "no score columns: expected one per concept"));
    }
    let layout = Layout { key, fold, fields, width: names.len(), names: &names };
    let plain =
        chunk_bytes.and_then(|chunk| plain::read(text, header_span.end, delimiter, &layout, chunk));
    if let Some(parts) = plain {
        let total = parts.iter().map(|p| p.rows.len()).sum::<usize>();
        out.rows.reserve_exact(total);
        out.scores.reserve_exact(total * out.columns.len());
        for part in parts {
            out.rows.extend(part.rows);
            out.scores.extend(part.scores);
            out.problems.extend(part.problems);
        }
        return out;
    }
    let estimate = rows.remaining_lines();
    let mut part = Part {
        rows: Vec::with_capacity(estimate),
        scores: Vec::with_capacity(estimate * out.columns.len()),
        problems: std::mem::take(&mut out.problems),
    };
    while let Some(row) = rows.next_row() {
        layout.take(&row, &mut part);
    }
    out.rows = part.rows;
    out.scores = part.scores;
    out.problems = part.problems;
    out
}

/// Which column is what.
pub(super) struct Layout<'a> {
    key: usize,
    fold: Option<usize>,
    /// Score columns, in order.
    fields: Vec<usize>,
    /// Columns in the header.
    width: usize,
    names: &'a [String],
}

/// What some records add to the predictions.
#[derive(Default)]
pub(super) struct Part {
    pub rows: Vec<ScoreRow>,
    pub scores: Vec<f64>,
    pub problems: Vec<Problem>,
}

/// One record as [`Layout::take`] reads it: the CSV reader's or a plain line's.
pub(super) trait Record<'t> {
    fn span(&self) -> Span;
    fn width(&self) -> usize;
    fn is_blank(&self) -> bool;
    fn unterminated_span(&self) -> Option<Span>;
    /// Field `i` as written.
    fn raw(&self, i: usize) -> Option<Span>;
    fn value(&self, i: usize) -> Cow<'t, str>;
    fn trimmed(&self, i: usize) -> Option<(Cow<'t, str>, Span)>;
}

impl<'t> Record<'t> for Row<'t> {
    fn span(&self) -> Span {
        self.span
    }
    fn width(&self) -> usize {
        self.cells.len()
    }
    fn is_blank(&self) -> bool {
        Row::is_blank(self)
    }
    fn unterminated_span(&self) -> Option<Span> {
        Row::unterminated_span(self)
    }
    fn raw(&self, i: usize) -> Option<Span> {
        self.cells.get(i).map(|c| c.raw)
    }
    fn value(&self, i: usize) -> Cow<'t, str> {
        Row::value(self, i)
    }
    fn trimmed(&self, i: usize) -> Option<(Cow<'t, str>, Span)> {
        Row::trimmed(self, i)
    }
}

impl Layout<'_> {
    /// Score columns.
    pub(super) fn scores(&self) -> usize {
        self.fields.len()
    }

    /// Reads one record into `part`: its key, fold and scores, and its problems.
    pub(super) fn take<'t>(&self, row: &impl Record<'t>, part: &mut Part) {
        let span = row.span();
        if row.is_blank() || span.is_empty() {
            return;
        }
        if let Some(span) = row.unterminated_span() {
            part.problems.push(Problem::new(span, "unterminated quoted field"));
        }
        let width = self.width;
        if row.width() != width {
            part.problems.push(Problem::new(
                span,
                format!("{} fields, but the header has {width}", row.width()),
            ));
        }
        let Some((key_text, key_span)) = row.trimmed(self.key).filter(|(k, _)| !k.is_empty())
        else {
            part.problems
                .push(Problem::new(span, "no key: the input this row scores is not named"));
            return;
        };
        for &f in &self.fields {
            let value = match row.raw(f) {
                Some(raw) => match parse_score(&row.value(f)) {
                    Ok(v) => v,
                    Err(msg) => {
                        let at = row.trimmed(f).map_or(raw, |(_, s)| s);
                        let at = if at.is_empty() { raw } else { at };
                        let column = &self.names[f];
                        part.problems.push(Problem::new(at, format!("{msg} for '{column}'")));
                        f64::NAN
                    }
                },
                None => f64::NAN,
            };
            part.scores.push(value);
        }
        let fold = self.fold.and_then(|i| row.trimmed(i)).map(|(v, _)| v.into_owned());
        part.rows.push(ScoreRow {
            key: key_text.into_owned(),
            key_span,
            alt_key: None,
            span,
            fold: fold.filter(|f| !f.is_empty()),
            truth: None,
        });
    }
}
