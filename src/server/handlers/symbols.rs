//! Document symbols: the concepts of a label manifest; the inputs of a manifest by concept.

use tower_lsp_server::ls_types::*;

use crate::server::Backend;
use crate::server::convert::{self, Texts};

/// Inputs listed under one concept in the outline; the rest are summarized in its detail.
const MAX_CHILDREN: usize = 200;

#[allow(deprecated)] // DocumentSymbol::deprecated is a required field
pub async fn document_symbol(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let path = convert::path(&params.text_document.uri)?;
    let snapshot = super::fresh_snapshot(&backend.state, &path).await?;
    let (_, file) = snapshot.file(&path)?;
    let lines = snapshot.lines(&path)?;
    let stats = &snapshot.analysis.stats;
    let symbol =
        |name: String, detail: Option<String>, kind, range: Range, sel: Range, children| {
            DocumentSymbol {
                name,
                detail,
                kind,
                tags: None,
                deprecated: None,
                range,
                selection_range: sel,
                children,
            }
        };
    let mut out: Vec<DocumentSymbol> = file
        .concepts
        .iter()
        .map(|c| {
            let n = stats.get(&c.name).map_or(0, |s| s.positives);
            symbol(
                c.name.clone(),
                Some(format!("{n} inputs")),
                SymbolKind::ENUM_MEMBER,
                lines.range(c.decl_span),
                lines.range(c.span),
                None,
            )
        })
        .collect();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, input) in file.inputs.iter().enumerate() {
        for l in input.labels.iter().filter(|l| l.positive) {
            match groups.iter_mut().find(|(n, _)| *n == l.concept) {
                Some((_, v)) => v.push(i),
                None => groups.push((l.concept.clone(), vec![i])),
            }
        }
    }
    for (concept, inputs) in groups {
        let first = &file.inputs[inputs[0]];
        let last = &file.inputs[*inputs.last().unwrap_or(&inputs[0])];
        let children = inputs
            .iter()
            .take(MAX_CHILDREN)
            .map(|&i| {
                let input = &file.inputs[i];
                symbol(
                    input.location.clone(),
                    None,
                    SymbolKind::FILE,
                    lines.range(input.span),
                    lines.range(input.location_span),
                    None,
                )
            })
            .collect();
        let detail = if inputs.len() > MAX_CHILDREN {
            format!("{} inputs (first {MAX_CHILDREN} listed)", inputs.len())
        } else {
            format!("{} inputs", inputs.len())
        };
        let range = Range::new(lines.position(first.span.start), lines.position(last.span.end));
        out.push(symbol(
            concept,
            Some(detail),
            SymbolKind::CLASS,
            range,
            lines.range(first.location_span),
            Some(children),
        ));
    }
    Some(DocumentSymbolResponse::Nested(out))
}
