//! Pull diagnostics (`textDocument/diagnostic`).

use tower_lsp_server::ls_types::*;

use crate::server::{Backend, convert, scheduler};

/// Answers from the latest analysis when it read the document's current version; otherwise
/// analyzes now (on a blocking thread) and answers from that, or from a newer one stored
/// meanwhile.
pub async fn pull(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> DocumentDiagnosticReportResult {
    let empty = || full(Vec::new(), None);
    let Some(path) = convert::path(&params.text_document.uri) else { return empty() };
    let state = &backend.state;
    let current = state.version(&path);
    let fresh = state.snapshot(&path).filter(|s| s.versions.get(&path).copied() == current);
    let snapshot = match fresh {
        Some(s) => s,
        None => {
            let generation = state.next_generation();
            // This analysis may supersede a scheduled one, which then never probes the
            // images: probe for this one instead.
            let mut made =
                scheduler::analyze_now(state, &backend.client, vec![path.clone()], generation)
                    .await;
            for s in &made {
                scheduler::probe_images(state.clone(), backend.client.clone(), s.clone());
            }
            match made.iter().position(|s| s.dataset.sources.contains_key(&path)) {
                Some(i) => made.swap_remove(i),
                // Not stored: a newer analysis (e.g. after a configuration change) was stored
                // meanwhile; answer from it rather than with nothing, which a client that pulls
                // only after its own edits would show until the next edit.
                None => match state
                    .snapshot(&path)
                    .filter(|s| s.versions.get(&path).copied() == state.version(&path))
                {
                    Some(newer) => newer,
                    None => return empty(),
                },
            }
        }
    };
    let id = snapshot.result_id.to_string();
    if params.previous_result_id.as_deref() == Some(id.as_str()) {
        return DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
            RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: id,
                },
            },
        ));
    }
    full(scheduler::diagnostics_of(&snapshot, &path), Some(id))
}

fn full(items: Vec<Diagnostic>, result_id: Option<String>) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}
