//! JSON Lines: every line is read on its own, by the reader that the file's first matching
//! object chose. That object's line (the anchor) is the context, so the region is read with the
//! same keys; an edit at or before the anchor may change the format and is not handled here.
//!
//! One thing is not a matter of one line: a line can make the whole file multi-label
//! (`exclusive`), so when the region stops doing so, the other lines are asked.

use std::path::Path;

use crate::formats::csv::scan::{lines, slice};
use crate::model::{ParsedFile, Span};

use super::{Local, Region, past_context};

/// The name the region is read under: a JSON Lines name that claims no format, so the reader
/// is chosen by the anchor alone.
const READ_AS: &str = "incremental.jsonl";

/// Objects the reader looks at to choose the format (`DETECT_OBJECTS` of `json/lines.rs`):
/// an anchor among the first this many non-blank lines is the one it chose.
const DETECT_OBJECTS: usize = 10;

/// Bytes of other lines read, at most, to learn whether one of them makes the file multi-label.
const SEARCH_BYTES: usize = 64 * 1024;

pub(super) fn read_region(
    old: &ParsedFile,
    old_text: &str,
    new_text: &str,
    region: &Region,
    ext: &str,
) -> Option<Local> {
    let (anchor, first, probe) = anchor(new_text, region.start)?;
    if probe.format != old.format {
        return None;
    }
    match ext {
        "jsonl" | "ndjson" | "manifest" => {}
        // Read as JSON Lines when its first line is an object and more lines follow.
        "json" => {
            let more = |text: &str| text.get(anchor.end..).is_some_and(|r| !r.trim().is_empty());
            if !first || !more(old_text) || !more(new_text) {
                return None;
            }
        }
        _ => return None,
    }
    let context = format!("{}\n", slice(new_text, anchor));
    let read = |lines: &str| {
        let file = crate::formats::read(Path::new(READ_AS), &format!("{context}{lines}"))?;
        (file.format == old.format && file.concepts.is_empty()).then_some(file)
    };
    let file = read(new_text.get(region.start..region.new_end)?)?;
    // Set by the anchor or by the region: the file is multi-label either way.
    let found = file.exclusive;
    let (inputs, problems) = past_context(file, context.len(), region.start)?;
    let exclusive = if found.is_some() || old.exclusive.is_none() {
        found
    } else if read(old_text.get(region.start..region.old_end)?)?.exclusive.is_none() {
        // Another line made the old file multi-label, and it is still there.
        old.exclusive
    } else {
        others(new_text, region, &read)?
    };
    Some(Local { inputs, problems, exclusive })
}

/// The first line that the reader would choose the format by, if it is before `limit`, with
/// whether it is the first non-blank line and the line read on its own.
fn anchor(text: &str, limit: usize) -> Option<(Span, bool, ParsedFile)> {
    let non_blank = |&(s, e): &(usize, usize)| !slice(text, Span::new(s, e)).trim().is_empty();
    for (n, (start, end)) in lines(text).filter(non_blank).take(DETECT_OBJECTS).enumerate() {
        let span = Span::new(start, end);
        // The whole file's reader sees a byte order mark only at its start.
        if start >= limit || slice(text, span).starts_with('\u{feff}') {
            return None;
        }
        if let Some(file) = crate::formats::read(Path::new(READ_AS), slice(text, span)) {
            return Some((span, n == 0, file));
        }
    }
    None
}

/// Whether the lines outside the region make the file multi-label: their `exclusive`, or
/// `None` when only the nearest lines were read and none of them does.
fn others(
    text: &str,
    region: &Region,
    read: &dyn Fn(&str) -> Option<ParsedFile>,
) -> Option<Option<bool>> {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let outside = region.start - bom + text.len() - region.new_end;
    let (from, to) = if outside <= SEARCH_BYTES {
        (bom, text.len())
    } else {
        let half = SEARCH_BYTES / 2;
        let from = region.start.saturating_sub(half).max(bom);
        let from = match text.as_bytes().get(from.saturating_sub(1)) {
            _ if from == bom => from,
            Some(b'\n') => from,
            _ => line_end(text, from),
        };
        (from.min(region.start), line_end(text, (region.new_end + half).min(text.len())))
    };
    let lines = format!("{}{}", text.get(from..region.start)?, text.get(region.new_end..to)?);
    let file = read(&lines)?;
    if file.exclusive.is_some() {
        Some(file.exclusive)
    } else if from == bom && to == text.len() {
        Some(None)
    } else {
        None
    }
}

/// The start of the line after the one holding `at` (or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    let rest = text.as_bytes().get(at..).unwrap_or_default();
    rest.iter().position(|&b| b == b'\n').map_or(text.len(), |i| at + i + 1)
}
