//! Go to definition (label -> declaration) and references (concept -> every input carrying it).

use tower_lsp_server::ls_types::*;

use super::{Target, at, target};
use crate::model::Span;
use crate::server::Backend;
use crate::server::convert::{self, Texts};
use crate::server::state::Snapshot;

pub async fn definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let pos = params.text_document_position_params;
    let (snapshot, path, offset) = at(backend, &pos.text_document.uri, pos.position).await?;
    let Target::Concept(name) = target(&snapshot, &path, offset)? else { return None };
    let c = snapshot.analysis.stats.get(&name)?;
    let locations: Vec<Location> = c
        .declarations
        .iter()
        .filter_map(|d| {
            let f = &snapshot.dataset.files[d.file];
            location(&snapshot, &f.path, f.concepts[d.concept].span)
        })
        .collect();
    (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
}

pub async fn references(backend: &Backend, params: ReferenceParams) -> Option<Vec<Location>> {
    let pos = params.text_document_position;
    let (snapshot, path, offset) = at(backend, &pos.text_document.uri, pos.position).await?;
    let Target::Concept(name) = target(&snapshot, &path, offset)? else { return None };
    let c = snapshot.analysis.stats.get(&name)?;
    let mut out = Vec::new();
    if params.context.include_declaration {
        for d in &c.declarations {
            let f = &snapshot.dataset.files[d.file];
            out.extend(location(&snapshot, &f.path, f.concepts[d.concept].span));
        }
    }
    for u in &c.uses {
        let f = &snapshot.dataset.files[u.file];
        out.extend(location(&snapshot, &f.path, f.inputs[u.input].labels[u.label].span));
    }
    // With evaluation results: the inputs the model wrongly calls this concept (false
    // positives at the threshold), at their image location; the false negatives are among the
    // uses above.
    if let Some(eval) = snapshot.analysis.stats.eval.as_deref() {
        for (file, input) in eval.false_positives(&name) {
            if let Some(f) = snapshot.dataset.files.get(file)
                && let Some(i) = f.inputs.get(input)
            {
                out.extend(location(&snapshot, &f.path, i.location_span));
            }
        }
    }
    Some(out)
}

fn location(snapshot: &Snapshot, path: &std::path::Path, span: Span) -> Option<Location> {
    Some(Location::new(convert::uri(path)?, snapshot.lines(path)?.range(span)))
}
