//! CSV / TSV predictions: a header naming the key column, one score column per concept and an
//! optional `fold` column; every other record is one input's scores.

use std::path::Path;

use crate::formats::csv::scan::Rows;
use crate::model::{Problem, Span};

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
    let k = out.columns.len();
    let width = names.len();
    let estimate = rows.remaining_lines();
    out.rows.reserve(estimate);
    out.scores.reserve(estimate * k);
    while let Some(row) = rows.next_row() {
        if row.is_blank() || row.span.is_empty() {
            continue;
        }
        if let Some(span) = row.unterminated_span() {
            out.problems.push(Problem::new(span, "unterminated quoted field"));
        }
        if row.cells.len() != width {
            out.problems.push(Problem::new(
                row.span,
                format!("{} fields, but the header has {width}", row.cells.len()),
            ));
        }
        let Some((key_text, key_span)) = row.trimmed(key).filter(|(k, _)| !k.is_empty()) else {
            out.problems
                .push(Problem::new(row.span, "no key: the input this row scores is not named"));
            continue;
        };
        for &f in &fields {
            let value = match row.cells.get(f) {
                Some(cell) => {
                    let parsed = parse_score(&row.value(f));
                    match parsed {
                        Ok(v) => v,
                        Err(msg) => {
                            let span = row.trimmed(f).map_or(cell.raw, |(_, s)| s);
                            let span = if span.is_empty() { cell.raw } else { span };
                            let column = &names[f];
                            out.problems.push(Problem::new(span, format!("{msg} for '{column}'")));
                            f64::NAN
                        }
                    }
                }
                None => f64::NAN,
            };
            out.scores.push(value);
        }
        let fold = fold.and_then(|i| row.trimmed(i)).map(|(v, _)| v.into_owned());
        out.rows.push(ScoreRow {
            key: key_text.into_owned(),
            key_span,
            alt_key: None,
            span: row.span,
            fold: fold.filter(|f| !f.is_empty()),
            truth: None,
        });
    }
    out
}
