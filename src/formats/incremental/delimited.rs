//! CSV and TSV: the first row (the header, or a headerless Vertex AI CSV's first record) decides
//! the format, the delimiter and the columns, then every record is read on its own. The context
//! is the text up to the end of that first row.
//!
//! A record is one line unless a quoted field holds a line break, so the region must start and
//! end at record boundaries in both texts: checked by following the quotes from the end of the
//! last record the old file read before the region, for every delimiter the file may use.

use std::collections::HashSet;
use std::path::Path;

use crate::formats::csv::scan::{Rows, lines, slice};
use crate::model::{Input, ParsedFile, Span};

use super::{Local, ReadWith, Region, past_context};

/// Bytes between the last record read and the region, at most, that are followed for quotes.
const MAX_GAP: usize = 1 << 20;

pub(super) fn read_region(
    how: ReadWith,
    old: &ParsedFile,
    old_text: &str,
    new_text: &str,
    region: &Region,
    ext: &str,
) -> Option<Local> {
    let delimiters: &[u8] = match ext {
        "tsv" => b"\t",
        "csv" => b",\t;",
        _ => return None,
    };
    let quiet = |text: &str| delimiters.iter().all(|&d| outside_quotes(text.as_bytes(), d));
    // The context: up to the end of the first non-blank line, which must be the whole first
    // record (a lone `\r` would end it early).
    let non_blank = |&(s, e): &(usize, usize)| !slice(new_text, Span::new(s, e)).trim().is_empty();
    let (first_start, first_end) = lines(new_text).find(non_blank)?;
    let context_len = first_end + new_text.get(first_end..)?.find('\n')? + 1;
    let first = new_text.get(first_start..first_end)?;
    if region.start < context_len || first.contains('\r') || !quiet(first) {
        return None;
    }
    // The region starts a record: no quote is open between the last record read and it.
    let before = old.inputs.partition_point(|i| i.span.start < region.start);
    let from = match before.checked_sub(1).and_then(|i| old.inputs.get(i)) {
        Some(input) if input.span.end >= region.start => return None,
        Some(input) => input.span.end,
        None => context_len,
    };
    if region.start - from > MAX_GAP || !quiet(old_text.get(from..region.start)?) {
        return None;
    }
    // And it ends one, before and after the edit (a quote left open at the end of the text
    // reads the same in the region alone).
    let ends = |text: &str, end: usize| {
        end == text.len() || text.get(region.start..end).is_some_and(quiet)
    };
    if !ends(old_text, region.old_end) || !ends(new_text, region.new_end) {
        return None;
    }
    let context = new_text.get(..context_len)?;
    let file =
        how.read(&old.path, &format!("{context}{}", new_text.get(region.start..region.new_end)?))?;
    let same = file.format == old.format && file.concepts.is_empty();
    if !same || file.exclusive.is_some() || old.exclusive.is_some() {
        return None;
    }
    let (inputs, problems) = past_context(file, context_len, region.start)?;
    if !claimed(how, &old.path) && names_a_column(context, delimiters, &inputs) {
        return None;
    }
    Some(Local { inputs, problems, exclusive: None })
}

/// Whether a CSV reader that starts a record at the start of `bytes` is outside any quoted
/// field at their end. Quotes open a field only at its start; `""` inside one is a quote; `\r`
/// and `\n` end records.
fn outside_quotes(bytes: &[u8], delimiter: u8) -> bool {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
    }
    if !bytes.contains(&b'"') {
        return true;
    }
    let mut state = State::FieldStart;
    for &b in bytes {
        state = match state {
            State::Quoted if b == b'"' => State::AfterQuote,
            State::Quoted => State::Quoted,
            _ if b == delimiter || b == b'\n' || b == b'\r' => State::FieldStart,
            State::FieldStart | State::AfterQuote if b == b'"' => State::Quoted,
            _ => State::Unquoted,
        };
    }
    state != State::Quoted
}

/// Whether the reader skips its check for model predictions (a file it must read anyway).
fn claimed(how: ReadWith, path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    how == ReadWith::Listed { labels: false } || name == "metadata.csv"
}

/// Whether a label of the region may name a column of the header. A table with two labels
/// that name its columns is taken for model predictions and not read at all: a decision about
/// the whole file, left to a full read. Names are compared by their letters and digits alone
/// (ASCII case folded), which the reader's normalization never tells apart, so no match is
/// missed.
fn names_a_column(context: &str, delimiters: &[u8], inputs: &[Input]) -> bool {
    let loose = |s: &str| -> String {
        s.chars().filter(|c| c.is_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
    };
    let mut labels = inputs.iter().flat_map(|i| &i.labels).peekable();
    if labels.peek().is_none() {
        return false;
    }
    let mut columns = HashSet::new();
    for &delimiter in delimiters {
        let mut rows = Rows::new(context, delimiter);
        while let Some(row) = rows.next_row() {
            if row.is_blank() {
                continue;
            }
            // Predictions have an image column and two others, at least.
            if row.cells.len() >= 3 {
                columns.extend((0..row.cells.len()).map(|i| loose(&row.value(i))));
            }
            break;
        }
    }
    !columns.is_empty()
        && labels.any(|l| {
            let name = loose(&l.concept);
            name.is_empty() || columns.contains(&name)
        })
}
