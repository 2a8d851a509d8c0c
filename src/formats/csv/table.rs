//! Reading the rows of a file with a header, once [`header::classify`] has placed its columns.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::model::{Input, Label, Meta, ParsedFile, Problem, Span};

use super::header::{Comma, Layout, normalize};
use super::scan::{Quoting, Row, Rows};

/// Most metadata columns kept per row (the first ones, in header order): 32 bytes each.
pub const MAX_METADATA: usize = 16;

/// The metadata columns of a table: every named column that is not its image, label or id (nor
/// a Clarifai `metadata` or `geopoints` column), with the span of its name in the header.
/// `header` holds each header cell's trimmed name and span.
pub fn metadata_columns(layout: &Layout, header: &[(String, Span)]) -> Vec<(usize, Span)> {
    let Layout::Table { image, label, id, metadata, geopoints, .. } = layout else {
        return Vec::new();
    };
    let used = [Some(*image), *label, *id, *metadata, *geopoints];
    header
        .iter()
        .enumerate()
        .filter(|(i, (name, _))| !name.is_empty() && !used.contains(&Some(*i)))
        .map(|(i, (_, span))| (i, *span))
        .take(MAX_METADATA)
        .collect()
}

/// Reads every row after the header into `file`. `width` is the header's field count; `meta`
/// the metadata columns ([`metadata_columns`]).
pub fn read_rows(
    rows: &mut Rows<'_>,
    layout: &Layout,
    meta: &[(usize, Span)],
    width: usize,
    delimiter: u8,
    file: &mut ParsedFile,
) {
    let mut scratch = Vec::new();
    let mut values = Vec::new();
    file.inputs.reserve(rows.remaining_lines());
    while let Some(row) = rows.next_row() {
        if row.is_blank() {
            continue;
        }
        if let Some(span) = row.unterminated_span() {
            file.problems.push(Problem::new(
                span,
                "this quote is never closed, so the rest of the file is one field; row not read",
            ));
            continue;
        }
        if !check_width(&row, width, &mut file.problems) {
            continue;
        }
        let input = match layout {
            Layout::Table { image, label, id, comma, metadata, geopoints } => {
                let Some(mut input) = new_input(&row, *image, *id, &mut file.problems) else {
                    continue;
                };
                if let Some(label) = *label {
                    let quoted = row.cells.get(label).is_some_and(|c| c.quoting != Quoting::Plain);
                    let comma = match comma {
                        Comma::Never => false,
                        Comma::Always => true,
                        Comma::WhenQuoted => quoted || delimiter != b',',
                    };
                    row.push_labels(label, comma, &mut scratch, &mut input.labels);
                }
                if let Some(col) = metadata {
                    check_metadata(&row, *col, &mut file.problems);
                }
                if let Some(col) = geopoints {
                    check_geopoints(&row, *col, &mut file.problems);
                }
                if !meta.is_empty() {
                    read_metadata(&row, meta, &mut values);
                    input.metadata = values.as_slice().into();
                }
                input
            }
            Layout::Legacy { image, id, slots } => {
                let Some(mut input) = new_input(&row, *image, *id, &mut file.problems) else {
                    continue;
                };
                for &(concept, value) in slots {
                    if let Some(label) = legacy_label(&row, concept, value, &mut file.problems) {
                        input.labels.push(label);
                    }
                }
                input
            }
        };
        let mut input = input;
        // Most inputs carry one label: no room kept for four.
        input.labels.shrink_to_fit();
        file.inputs.push(input);
    }
}

/// Reports a row whose field count differs from the header's; `false` when the row cannot be
/// read (extra non-empty fields shift every column after the stray delimiter).
fn check_width(row: &Row<'_>, width: usize, problems: &mut Vec<Problem>) -> bool {
    let n = row.cells.len();
    let plural = |n: usize| if n == 1 { "field" } else { "fields" };
    if n > width && width > 0 {
        let extra = &row.cells[width..];
        let text_after = extra.iter().any(|c| !c.content.is_empty());
        let from = row.cells[width - 1].raw.end;
        let mut message = format!("row has {n} {} but the header has {width}", plural(n));
        if text_after {
            message.push_str(" (a value containing the delimiter must be quoted); row not read");
        }
        problems.push(Problem::new(Span::new(from, row.span.end), message));
        return !text_after;
    }
    if n < width {
        let message = format!("row has {n} {} but the header has {width}", plural(n));
        problems.push(Problem::new(row.span, message));
    }
    true
}

/// The input of a row, without labels; `None` (and a problem) when the image cell is empty.
fn new_input(
    row: &Row<'_>,
    image: usize,
    id: Option<usize>,
    problems: &mut Vec<Problem>,
) -> Option<Input> {
    let (location, location_span) = row.trimmed(image)?;
    if location.is_empty() {
        problems.push(Problem::new(location_span, "empty image location; row not read"));
        return None;
    }
    let id = id.and_then(|i| row.trimmed(i)).map(|(v, _)| v).filter(|v| !v.is_empty());
    Some(Input {
        id: id.map(Cow::into_owned),
        location: location.into_owned(),
        location_span,
        span: row.span,
        labels: Vec::new(),
        ..Default::default()
    })
}

/// The row's non-empty scalar values in the metadata columns `meta` (a cell that holds a JSON
/// object or array, such as `{"x": 1}` or `[1, 2]`, is not a scalar and is left out).
fn read_metadata(row: &Row<'_>, meta: &[(usize, Span)], out: &mut Vec<Meta>) {
    out.clear();
    for &(col, name) in meta {
        let Some((value, span)) = row.trimmed(col) else { continue };
        let nested = (value.starts_with('{') && value.ends_with('}'))
            || (value.starts_with('[') && value.ends_with(']'));
        if !value.is_empty() && !nested {
            out.push(Meta { name, value: span });
        }
    }
}

/// One `input.data.concepts[N]` of the legacy Clarifai template: value 1, true or empty is a
/// positive label, 0 or false a negative one.
fn legacy_label(
    row: &Row<'_>,
    concept: usize,
    value: Option<usize>,
    problems: &mut Vec<Problem>,
) -> Option<Label> {
    let (name, span) = row.trimmed(concept)?;
    if name.is_empty() {
        return None;
    }
    let positive = match value.and_then(|v| row.trimmed(v)) {
        None => true,
        Some((v, _)) if v.is_empty() || v.eq_ignore_ascii_case("true") => true,
        Some((v, _)) if v.eq_ignore_ascii_case("false") => false,
        Some((v, vspan)) => match v.parse::<f64>() {
            Ok(1.0) => true,
            Ok(0.0) => false,
            _ => {
                let message = format!(
                    "concept value must be 1 (present) or 0 (absent), not '{v}'; label not read"
                );
                problems.push(Problem::new(vspan, message));
                return None;
            }
        },
    };
    Some(Label { concept: name.into_owned(), span, positive })
}

/// Clarifai reads `metadata` as JSON after turning every `'` into `"`: it must be an object.
fn check_metadata(row: &Row<'_>, col: usize, problems: &mut Vec<Problem>) {
    let Some((value, span)) = row.trimmed(col) else {
        return;
    };
    if value.is_empty() {
        return;
    }
    let json = value.replace('\'', "\"");
    if !matches!(serde_json::from_str::<serde_json::Value>(&json), Ok(serde_json::Value::Object(_)))
    {
        problems.push(Problem::new(
            span,
            "metadata must be a JSON object (Clarifai reads ' as \"), e.g. {'split': 'train'}",
        ));
    }
}

/// Clarifai `geopoints`: `longitude,latitude`.
fn check_geopoints(row: &Row<'_>, col: usize, problems: &mut Vec<Problem>) {
    let Some((value, span)) = row.trimmed(col) else {
        return;
    };
    if value.is_empty() {
        return;
    }
    let parts: Vec<&str> = value.split(',').collect();
    let ok =
        parts.len() == 2 && parts.iter().all(|p| p.trim().parse::<f64>().is_ok_and(f64::is_finite));
    if !ok {
        problems
            .push(Problem::new(span, "geopoints must be 'longitude,latitude', e.g. \"102,70\""));
    }
}

/// Whether a table looks like model predictions with a given-label column: at least two of its
/// other columns are named after concepts of the label column.
pub fn looks_like_predictions(names: &[String], layout: &Layout, inputs: &[Input]) -> bool {
    let Layout::Table { image, label, id, .. } = layout else {
        return false;
    };
    let others: HashSet<&str> = names
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != *image && Some(*i) != *label && Some(*i) != *id)
        .map(|(_, n)| n.as_str())
        .collect();
    if others.len() < 2 {
        return false;
    }
    let mut seen: HashSet<&str> = HashSet::new();
    let mut named = 0;
    for label in inputs.iter().flat_map(|i| &i.labels) {
        if seen.insert(label.concept.as_str())
            && others.contains(normalize(&label.concept).as_str())
        {
            named += 1;
            if named >= 2 {
                return true;
            }
        }
    }
    false
}
