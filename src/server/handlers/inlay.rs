//! Inlay hints: image dimensions after paths; input counts after concepts of a label manifest.

use tower_lsp_server::ls_types::*;

use crate::server::Backend;
use crate::server::convert::{self, Texts};

pub async fn inlay_hint(backend: &Backend, params: InlayHintParams) -> Option<Vec<InlayHint>> {
    let path = convert::path(&params.text_document.uri)?;
    let snapshot = super::fresh_snapshot(&backend.state, &path).await?;
    let (f, file) = snapshot.file(&path)?;
    let lines = snapshot.lines(&path)?;
    let wanted = lines.span(params.range);
    let hint = |offset: usize, label: String| InlayHint {
        position: lines.position(offset),
        label: InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    };
    // Only hints whose position lies in the requested range.
    let inside = |offset: usize| wanted.start <= offset && offset <= wanted.end;
    let mut out = Vec::new();
    let first = file.inputs.partition_point(|i| i.span.end < wanted.start);
    for (i, input) in file.inputs.iter().enumerate().skip(first) {
        if input.span.start > wanted.end {
            break;
        }
        if !inside(input.location_span.end) {
            continue;
        }
        if let Some((w, h)) = snapshot.facts.get(f, i).size() {
            out.push(hint(input.location_span.end, format!("{w}×{h}")));
        }
    }
    for c in file.concepts.iter().filter(|c| inside(c.span.end)) {
        let n = snapshot.analysis.stats.get(&c.name).map_or(0, |s| s.positives);
        out.push(hint(c.span.end, format!("{n} inputs")));
    }
    Some(out)
}
