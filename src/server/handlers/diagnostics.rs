//! Pull diagnostics (`textDocument/diagnostic`).

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use crate::server::{Backend, convert, scheduler};

/// Answers from the analysis of the document's current version: the latest one, or the one an
/// edit scheduled (waited for, as requests about positions do: a burst of edits costs one
/// analysis however often the client pulls); a pull whose document changes while it waits is
/// cancelled by the server (ServerCancelled, `retriggerRequest`: the client asks again).
/// Otherwise (nothing scheduled comes in time) analyzes now (on a blocking thread) and answers
/// from that, or from a newer one stored meanwhile.
pub async fn pull(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let empty = || Ok(full(Vec::new(), None));
    let Some(path) = convert::path(&params.text_document.uri) else { return empty() };
    let state = &backend.state;
    let asked = state.opened_version(&path);
    let fresh = super::fresh_snapshot(state, &path).await;
    if fresh.is_none() && state.opened_version(&path) != asked {
        return Err(Error {
            code: ErrorCode::ServerError(-32802),
            message: "superseded by an edit".into(),
            data: Some(serde_json::json!({"retriggerRequest": true})),
        });
    }
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
        return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
            RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: id,
                },
            },
        )));
    }
    Ok(full(scheduler::diagnostics_of(&snapshot, &path), Some(id)))
}

fn full(items: Vec<Diagnostic>, result_id: Option<String>) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}
