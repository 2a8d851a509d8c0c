//! Source excerpts for the human output: the lines around marked spans, as annotate-snippets
//! elements. An excerpt holds only its own lines, so a finding in a huge file costs the size of
//! its lines, not of the file; a huge line (minified JSON) is cut to a window around the mark.

use annotate_snippets::{Annotation, AnnotationKind, Element, Group, Level, Origin, Snippet};

use super::locate::clamp;
use crate::model::Span;
use crate::text::{Encoding, LineIndex};

/// Marks at most this many lines apart share one excerpt; farther ones get their own.
const MAX_GAP_LINES: usize = 3;
/// Excerpts longer than this are cut to a window around each mark.
const MAX_EXCERPT_BYTES: usize = 4096;
/// Bytes of context on each side of a mark in a window.
const WINDOW_CONTEXT: usize = 80;
/// The most of a mark a window shows.
const WINDOW_MARK: usize = 400;

/// A span to mark in an excerpt.
pub(super) struct Mark<'a> {
    pub span: Span,
    /// Empty for none.
    pub label: &'a str,
    /// The finding itself (else context, such as a related location).
    pub primary: bool,
}

/// Elements for a group, split where a new (title-less) group must start: see [`attach`].
pub(super) type Segments<'a> = Vec<Vec<Element<'a>>>;

/// Excerpts of `text` showing `marks`: marks on nearby lines share an excerpt; the primary mark's
/// excerpt comes first, with the `--> path:line:col` header.
pub(super) fn excerpts<'a>(
    text: &'a str,
    index: &LineIndex,
    path: &str,
    marks: Vec<Mark<'a>>,
) -> Segments<'a> {
    let mut marks: Vec<(usize, usize, Mark)> = marks
        .into_iter()
        .map(|mut m| {
            m.span = clamp(text, m.span);
            let first = index.line_of(m.span.start);
            let last = if m.span.is_empty() { first } else { index.line_of(m.span.end - 1) };
            (first, last, m)
        })
        .collect();
    marks.sort_by_key(|(first, last, m)| (!m.primary, *first, *last));
    // Clusters of marks: (first line, last line, marks).
    let mut clusters: Vec<(usize, usize, Vec<Mark>)> = Vec::new();
    for (first, last, mark) in marks {
        let near = clusters
            .iter_mut()
            .find(|(a, b, _)| first <= b + MAX_GAP_LINES && *a <= last + MAX_GAP_LINES);
        match near {
            Some((a, b, members)) => {
                *a = (*a).min(first);
                *b = (*b).max(last);
                members.push(mark);
            }
            None => clusters.push((first, last, vec![mark])),
        }
    }
    let mut segments = vec![Vec::new()];
    for (first, last, members) in clusters {
        let start = index.line_start(first);
        let end = index.line_start(last + 1).max(start);
        if end - start > MAX_EXCERPT_BYTES {
            for mark in members {
                let (origin, snippet) = window(text, index, path, mark);
                push(&mut segments, origin.into());
                segments.push(vec![snippet.into()]);
            }
            continue;
        }
        let annotations = members.into_iter().map(|m| annotation(&m, start, m.span.end));
        let snippet = Snippet::source(&text[start..end])
            .line_start(first + 1)
            .path(path.to_string())
            .annotations(annotations);
        push(&mut segments, snippet.into());
    }
    segments
}

fn push<'a>(segments: &mut Segments<'a>, element: Element<'a>) {
    if let Some(last) = segments.last_mut() {
        last.push(element);
    }
}

/// Adds `segments` to `group`: the first segment to `group` itself; each further one starts a
/// title-less group of `level` (ending the previous one in `groups`). Returns the open group.
pub(super) fn attach<'a>(
    group: Group<'a>,
    level: &Level<'a>,
    segments: Segments<'a>,
    groups: &mut Vec<Group<'a>>,
) -> Group<'a> {
    let mut segments = segments.into_iter();
    let mut current = group.elements(segments.next().unwrap_or_default());
    for segment in segments {
        groups.push(current);
        current = Group::with_level(level.clone()).elements(segment);
    }
    current
}

/// The annotation of `mark` in an excerpt starting at byte `start`, cut at byte `end`.
fn annotation<'a>(mark: &Mark<'a>, start: usize, end: usize) -> Annotation<'a> {
    let kind = if mark.primary { AnnotationKind::Primary } else { AnnotationKind::Context };
    let label = (!mark.label.is_empty()).then_some(mark.label);
    kind.span(mark.span.start - start..end.max(mark.span.start) - start).label(label)
}

/// A window of a huge line around `mark`, and its header. The snippet has no path (its header
/// would count columns from the window's start), so it must open a group of its own: one
/// without a path after an `Origin` in the same group gets an empty `:::` header.
fn window<'a>(
    text: &'a str,
    index: &LineIndex,
    path: &str,
    mark: Mark<'a>,
) -> (Origin<'a>, Snippet<'a, Annotation<'a>>) {
    let line = index.line_of(mark.span.start);
    let (line_start, line_end) = index.line_span(text, line);
    let from = floor(text, mark.span.start.saturating_sub(WINDOW_CONTEXT).max(line_start));
    let shown_end = mark.span.end.min(mark.span.start.saturating_add(WINDOW_MARK));
    let to = ceil(text, shown_end.saturating_add(WINDOW_CONTEXT).min(line_end.max(shown_end)));
    let shown_end = ceil(text, shown_end).min(to);
    let col = index.line_col(text, mark.span.start, Encoding::Utf32).col;
    let origin = Origin::path(path.to_string()).line(line + 1).char_column(col + 1);
    let snippet = Snippet::source(&text[from..to])
        .line_start(line + 1)
        .annotation(annotation(&mark, from, shown_end));
    (origin, snippet)
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotate_snippets::Renderer;

    fn render(text: &str, marks: Vec<Mark>) -> String {
        let index = LineIndex::new(text);
        let mut groups = Vec::new();
        let first = Group::with_title(Level::ERROR.primary_title("m"));
        let segments = excerpts(text, &index, "big.json", marks);
        let last = attach(first, &Level::ERROR, segments, &mut groups);
        groups.push(last);
        Renderer::plain().render(&groups)
    }

    #[test]
    fn a_huge_single_line_is_cut_to_a_window_with_the_right_position() {
        let mut text = String::from("{\"images\": [");
        for i in 0..20_000 {
            text.push_str(&format!("{{\"id\": {i}, \"file_name\": \"é{i}.jpg\"}}, "));
        }
        text.push_str("{\"id\": \"bad\"}]}");
        let at = text.find("\"bad\"").unwrap();
        let span = Span::new(at, at + 5);
        let out = render(&text, vec![Mark { span, label: "here", primary: true }]);
        let col = text[..at].chars().count() + 1;
        let window = "1 |  \"file_name\": \"é19998.jpg\"}, {\"id\": 19999, \"file_name\": \"é19999.jpg\"}, {\"id\": \"bad\"}]}\n";
        let before = text[at - WINDOW_CONTEXT..at].chars().count();
        assert_eq!(before, 78, "two é in the window");
        let marker = format!("  | {}^^^^^ here", " ".repeat(before));
        assert_eq!(out, format!("error: m\n --> big.json:1:{col}\n  |\n  |\n{window}{marker}"));
        assert!(out.len() < 1000, "{}", out.len());
    }

    #[test]
    fn a_huge_mark_is_shown_in_part() {
        let text = "é".repeat(10_000) + "\nnext\n";
        let span = Span::new(2, text.len() - 6);
        let out = render(&text, vec![Mark { span, label: "", primary: true }]);
        assert!(out.contains("--> big.json:1:2\n"), "{out}");
        assert!(out.len() < 3000, "{}", out.len());
        // Spans past the end or inside a char never panic.
        for span in [Span::new(1, 3), Span::new(text.len() + 9, text.len() + 20)] {
            render(&text, vec![Mark { span, label: "x", primary: true }]);
        }
    }
}
