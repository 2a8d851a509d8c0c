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

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::ls_types::{Position, Uri};

use super::Backend;
use super::convert::{self, Texts};
use super::state::{Snapshot, State};

/// What sits at a position of a file.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A concept: a label in a dataset manifest, or a declaration in a label manifest.
    Concept(String),
    /// The image location of input `input` of file `file`.
    Image { file: usize, input: usize },
}

/// How long a request waits for the analysis of a document's current text.
const FRESH_WAIT: Duration = Duration::from_secs(3);

/// The snapshot of `path` that read the document's current text, waiting for the pending
/// analysis when the last edit is newer than the last analysis; `None` when there is none in
/// time, or at once when the document changes while the request waits (its position is about
/// a text that is gone: superseded, as an editor does not show such answers anyway).
/// Invariant: positions are never converted with another text than the client's.
pub async fn fresh_snapshot(state: &State, path: &Path) -> Option<Arc<Snapshot>> {
    let deadline = tokio::time::Instant::now() + FRESH_WAIT;
    // Notifications are handled in order before a request is: this is the request's text.
    let asked = state.opened_version(path);
    loop {
        let notified = state.changed.notified();
        tokio::pin!(notified);
        // Registered before looking, so a store or an edit in between is not missed.
        notified.as_mut().enable();
        let current = state.opened_version(path);
        if current != asked {
            tracing::debug!(path = %path.display(), "edited while a request waited: superseded");
            return None;
        }
        let snapshot = state.snapshot(path)?;
        let Some(current) = current else { return Some(snapshot) };
        let read = snapshot.openings.get(path).copied().zip(snapshot.versions.get(path).copied());
        if read == Some(current) {
            return Some(snapshot);
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            tracing::debug!(path = %path.display(), "no analysis of the current text in time");
            return None;
        }
    }
}

/// The snapshot of a document and the byte offset of a position in it.
pub async fn at(
    backend: &Backend,
    uri: &Uri,
    pos: Position,
) -> Option<(Arc<Snapshot>, PathBuf, usize)> {
    let path = convert::path(uri)?;
    let snapshot = fresh_snapshot(&backend.state, &path).await?;
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
