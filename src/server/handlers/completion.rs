//! Completion of concept names where a label is written.

use tower_lsp_server::ls_types::*;

use super::{at, input_at};
use crate::model::Span;
use crate::server::Backend;
use crate::server::convert::Texts;

pub async fn completion(backend: &Backend, params: CompletionParams) -> Option<CompletionResponse> {
    let pos = params.text_document_position;
    let (snapshot, path, offset) = at(backend, &pos.text_document.uri, pos.position).await?;
    let (_, file) = snapshot.file(&path)?;
    let input = &file.inputs[input_at(file, offset)?];
    // Labels come after the image location in every line-based format we read.
    if offset <= input.location_span.end {
        return None;
    }
    let replace = input
        .labels
        .iter()
        .find(|l| l.span.start <= offset && offset <= l.span.end)
        .map(|l| l.span)
        .unwrap_or(Span::empty(offset));
    let lines = snapshot.lines(&path)?;
    let range = lines.range(replace);
    let stats = &snapshot.analysis.stats;
    let items = stats
        .concepts
        .iter()
        .filter(|c| !c.declarations.is_empty() || !stats.has_label_manifest)
        .map(|c| CompletionItem {
            label: c.name.clone(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(format!("{} inputs", c.positives)),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, c.name.clone()))),
            ..Default::default()
        })
        .collect();
    Some(CompletionResponse::Array(items))
}
