//! Incremental re-reading of the line-based dataset manifests (JSON Lines, CSV, TSV): after an
//! edit, only the lines it touched are read again, so typing in a 100,000-line manifest costs a
//! few lines' worth of parsing.
//!
//! There is no second parser. The touched lines (the edit extended to whole lines) are read by
//! the same reader, behind a small context that makes it take the same decisions as for the
//! whole file: for CSV/TSV everything up to the header row, for JSON Lines the line whose keys
//! decided the format. What the reader finds in the context is dropped, the rest is moved to
//! where the lines are in the file, and spliced between the untouched records before them and
//! those after them (moved by the edit's length change).
//!
//! Invariant: when [`reparse`] returns a file, it equals what a full read of the new text
//! returns (inputs, concepts, problems, exclusive, format, kind). Whenever that cannot be
//! guaranteed cheaply, it returns `None` and the caller reads the whole text: an edit of the
//! lines that decide the format (the CSV header, the first JSON Lines object), a quote that may
//! open a CSV field spanning lines, a label manifest or `.lst` file (whose lines depend on each
//! other), a format that is not line-based.

use std::ops::Range;
use std::path::Path;

use crate::model::{Format, Input, ParsedFile, Problem, Span};

mod delimited;
mod jsonl;

#[cfg(test)]
mod delimited_tests;
#[cfg(test)]
mod property;
#[cfg(test)]
mod tests;

/// One text edit: bytes `old.start..old.end` of the old text were replaced by `new_len` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub old: Span,
    pub new_len: usize,
}

impl TextEdit {
    pub const fn new(old: Span, new_len: usize) -> Self {
        TextEdit { old, new_len }
    }

    /// One edit covering `self` followed by `next` (whose span is in the text after `self`):
    /// for coalescing the several changes of one notification, or those of a debounce period.
    pub fn then(self, next: TextEdit) -> TextEdit {
        let (s1, e1, n1) = (self.old.start, self.old.end, self.new_len);
        let start = s1.min(next.old.start);
        // The end of both changes in the intermediate text, then in the old one.
        // (Saturating: edits that do not follow each other give a wrong edit, not a panic.)
        let end_mid = s1.saturating_add(n1).max(next.old.end);
        let end_old = (end_mid - s1.saturating_add(n1)).saturating_add(e1);
        let new_len = (end_mid - start)
            .saturating_sub(next.old.end.saturating_sub(next.old.start))
            .saturating_add(next.new_len);
        TextEdit::new(Span::new(start, end_old), new_len)
    }

    /// The smallest edit turning `old` into `new` (their common prefix and suffix are kept).
    /// Linear in the texts' length: for tests and for clients that send whole documents.
    pub fn between(old: &str, new: &str) -> TextEdit {
        let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
        while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let room = old.len().min(new.len()) - prefix;
        let mut suffix =
            old.bytes().rev().zip(new.bytes().rev()).take(room).take_while(|(a, b)| a == b).count();
        while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix)
        {
            suffix -= 1;
        }
        TextEdit::new(Span::new(prefix, old.len() - suffix), new.len() - suffix - prefix)
    }
}

/// Which entry point of [`crate::formats`] read the old file (and would read the new one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadWith {
    /// [`crate::formats::read`].
    Detect,
    /// [`crate::formats::read_listed`], for a file the config names as a manifest.
    Listed { labels: bool },
}

impl ReadWith {
    fn read(self, path: &Path, text: &str) -> Option<ParsedFile> {
        match self {
            ReadWith::Detect => super::read(path, text),
            ReadWith::Listed { labels } => Some(super::read_listed(path, text, labels)),
        }
    }
}

/// Re-reads only the records an edit touched. `old` was read from `old_text` by
/// [`crate::formats::read`]; `new_text` is the text after the edit. Returns the file as
/// `formats::read(new_text)` would return it, or `None` when a full re-read is needed.
pub fn reparse(
    old: &ParsedFile,
    old_text: &str,
    new_text: &str,
    edit: &TextEdit,
) -> Option<ParsedFile> {
    reparse_with(ReadWith::Detect, old, old_text, new_text, edit)
}

/// [`reparse`] for a file read by the entry point `how`.
pub fn reparse_with(
    how: ReadWith,
    old: &ParsedFile,
    old_text: &str,
    new_text: &str,
    edit: &TextEdit,
) -> Option<ParsedFile> {
    let patch = plan(how, old, old_text, new_text, edit)?;
    Some(patch.build(old))
}

/// [`reparse_with`] that updates `file` in place instead of copying it (no allocation for the
/// untouched records). Returns `false`, leaving `file` unchanged, when a full re-read is needed.
pub fn reparse_in_place(
    how: ReadWith,
    file: &mut ParsedFile,
    old_text: &str,
    new_text: &str,
    edit: &TextEdit,
) -> bool {
    match plan(how, file, old_text, new_text, edit) {
        Some(patch) => {
            patch.apply(file);
            true
        }
        None => false,
    }
}

/// The whole lines an edit touched: `start..old_end` of the old text became `start..new_end`
/// of the new one. Both ends are line starts (or the end of the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Region {
    start: usize,
    old_end: usize,
    new_end: usize,
}

fn region(old_text: &str, new_text: &str, edit: &TextEdit) -> Option<Region> {
    let Span { start, end } = edit.old;
    let edit_end = start.checked_add(edit.new_len)?;
    let consistent = start <= end
        && end <= old_text.len()
        && (old_text.len() - (end - start)).checked_add(edit.new_len) == Some(new_text.len())
        && old_text.is_char_boundary(start)
        && old_text.is_char_boundary(end)
        && new_text.is_char_boundary(edit_end);
    if !consistent {
        return None;
    }
    let line_start =
        old_text.as_bytes()[..start].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let old_end = old_text.as_bytes()[end..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(old_text.len(), |i| end + i + 1);
    Some(Region { start: line_start, old_end, new_end: old_end - end + edit_end })
}

/// What the reader found in the region's lines, at their places in the new text.
struct Local {
    inputs: Vec<Input>,
    problems: Vec<Problem>,
    exclusive: Option<bool>,
}

/// Keeps what `file` (read from `context + region`) found past the context, moved to the
/// region's start `at` in the file; `None` when something straddles the two.
fn past_context(
    file: ParsedFile,
    context_len: usize,
    at: usize,
) -> Option<(Vec<Input>, Vec<Problem>)> {
    let by = at.checked_sub(context_len)?;
    let mut inputs = Vec::new();
    for mut input in file.inputs {
        if input.span.start >= context_len {
            move_input(&mut input, |s| s.shift(by));
            inputs.push(input);
        } else if input.span.end > context_len {
            return None;
        }
    }
    let mut problems = Vec::new();
    for mut problem in file.problems {
        if problem.span.start >= context_len {
            problem.span = problem.span.shift(by);
            problems.push(problem);
        } else if problem.span.end > context_len {
            return None;
        }
    }
    Some((inputs, problems))
}

fn move_input(input: &mut Input, f: impl Fn(Span) -> Span) {
    let record_start = input.span.start;
    input.span = f(input.span);
    input.location_span = f(input.location_span);
    for label in &mut input.labels {
        label.span = f(label.span);
    }
    // A CSV header cell names a metadata column of every row: it lies before the record
    // (untouched by any edit re-read here) and stays where it is.
    for meta in &mut input.metadata {
        if meta.name.start >= record_start {
            meta.name = f(meta.name);
        }
        meta.value = f(meta.value);
    }
}

/// The records (inputs or problems) of the old file that lie in the region, by index; `None`
/// when one straddles a border of the region.
fn in_region<T>(
    items: &[T],
    span: impl Fn(&T) -> Span,
    region: &Region,
    len: usize,
) -> Option<Range<usize>> {
    let from = items.partition_point(|i| span(i).start < region.start);
    let to = if region.old_end >= len {
        items.len()
    } else {
        items.partition_point(|i| span(i).start < region.old_end)
    };
    let before_ok = from == 0 || span(&items[from - 1]).end < region.start;
    let inside_ok = items[from..to].iter().all(|i| span(i).end <= region.old_end);
    (before_ok && inside_ok && from <= to).then_some(from..to)
}

/// How to turn the old file into the new one.
struct Patch {
    region: Region,
    inputs: Range<usize>,
    problems: Range<usize>,
    local: Local,
}

fn plan(
    how: ReadWith,
    old: &ParsedFile,
    old_text: &str,
    new_text: &str,
    edit: &TextEdit,
) -> Option<Patch> {
    let region = region(old_text, new_text, edit)?;
    if !old.concepts.is_empty() {
        return None;
    }
    let ext = old.path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let local = match old.format {
        Format::HfMetadataJsonl
        | Format::GenericJsonl
        | Format::SagemakerManifest
        | Format::VertexJsonl
        | Format::AzuremlJsonl => jsonl::read_region(old, old_text, new_text, &region, &ext)?,
        Format::HfMetadataCsv
        | Format::GenericCsv
        | Format::VertexCsv
        | Format::ClarifaiCsv
        | Format::ClarifaiLegacyCsv => {
            delimited::read_region(how, old, old_text, new_text, &region, &ext)?
        }
        _ => return None,
    };
    let inputs = in_region(&old.inputs, |i| i.span, &region, old_text.len())?;
    let problems = in_region(&old.problems, |p| p.span, &region, old_text.len())?;
    Some(Patch { region, inputs, problems, local })
}

impl Region {
    /// Moves a span that lies after the region in the old text (saturating: the readers keep
    /// their records in file order, but a wrong span must not be a panic).
    fn moved(self, span: Span) -> Span {
        let at = |offset: usize| offset.saturating_sub(self.old_end).saturating_add(self.new_end);
        Span::new(at(span.start), at(span.end))
    }
}

impl Patch {
    fn build(self, old: &ParsedFile) -> ParsedFile {
        let Patch { region, inputs: range, problems: problem_range, local } = self;
        let mut inputs = Vec::with_capacity(old.inputs.len() - range.len() + local.inputs.len());
        inputs.extend_from_slice(&old.inputs[..range.start]);
        inputs.extend(local.inputs);
        for input in &old.inputs[range.end..] {
            let mut input = input.clone();
            move_input(&mut input, |s| region.moved(s));
            inputs.push(input);
        }
        let mut problems = old.problems[..problem_range.start].to_vec();
        problems.extend(local.problems);
        problems.extend(
            old.problems[problem_range.end..]
                .iter()
                .map(|p| Problem { span: region.moved(p.span), message: p.message.clone() }),
        );
        ParsedFile {
            path: old.path.clone(),
            format: old.format,
            kind: old.kind,
            inputs,
            concepts: old.concepts.clone(),
            exclusive: local.exclusive,
            problems,
        }
    }

    fn apply(self, file: &mut ParsedFile) {
        let Patch { region, inputs, problems, local } = self;
        let from = inputs.start + local.inputs.len();
        file.inputs.splice(inputs, local.inputs);
        for input in &mut file.inputs[from..] {
            move_input(input, |s| region.moved(s));
        }
        let from = problems.start + local.problems.len();
        file.problems.splice(problems, local.problems);
        for problem in &mut file.problems[from..] {
            problem.span = region.moved(problem.span);
        }
        file.exclusive = local.exclusive;
    }
}
