//! One module per LSP feature; shared lookups of what sits under the cursor.

pub mod code_action;
pub mod completion;
pub mod diagnostics;
pub mod hover;
pub mod inlay;
pub mod lens;
pub mod lifecycle;
pub mod navigation;
pub mod symbols;
pub mod sync;

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::ls_types::{Position, Uri};

use super::Backend;
use super::convert::{self, Texts};
use super::state::Snapshot;

/// What sits at a position of a file.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A concept: a label in a dataset manifest, or a declaration in a label manifest.
    Concept(String),
    /// The image location of input `input` of file `file`.
    Image { file: usize, input: usize },
}

/// The snapshot of a document and the byte offset of a position in it.
pub fn at(backend: &Backend, uri: &Uri, pos: Position) -> Option<(Arc<Snapshot>, PathBuf, usize)> {
    let path = convert::path(uri)?;
    let snapshot = backend.state.snapshot(&path)?;
    let offset = snapshot.lines(&path)?.offset(pos);
    Some((snapshot, path, offset))
}

/// The concept or image at `offset` of `path` (spans are inclusive of their end, so the cursor
/// right after a word still finds it).
pub fn target(snapshot: &Snapshot, path: &std::path::Path, offset: usize) -> Option<Target> {
    let (f, file) = snapshot.file(path)?;
    let within = |s: crate::model::Span| s.start <= offset && offset <= s.end;
    if let Some(c) = file.concepts.iter().find(|c| within(c.span)) {
        return Some(Target::Concept(c.name.clone()));
    }
    let i = input_at(file, offset)?;
    let input = &file.inputs[i];
    if let Some(label) = input.labels.iter().find(|l| within(l.span)) {
        return Some(Target::Concept(label.concept.clone()));
    }
    within(input.location_span).then_some(Target::Image { file: f, input: i })
}

/// The input whose record contains `offset` (records are in file order).
pub fn input_at(file: &crate::model::ParsedFile, offset: usize) -> Option<usize> {
    let i = file.inputs.partition_point(|x| x.span.start <= offset);
    let i = i.checked_sub(1)?;
    (offset <= file.inputs[i].span.end).then_some(i)
}
