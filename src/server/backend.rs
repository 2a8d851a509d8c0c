//! LSP methods -> handlers: this file reads like a route table.
//!
//! Invariants: every request gets exactly one response; no handler awaits a request to the
//! client (those run in spawned tasks: tower-lsp handles a few messages at a time and would
//! deadlock); heavy work runs on blocking threads; requests about positions answer from the
//! analysis of the document's current text (they wait for it, boundedly: `fresh_snapshot`).

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::framing::MalformedInput;
use super::handlers;
use super::state::State;

pub struct Backend {
    pub(super) client: Client,
    pub(super) state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend { client, state: Arc::new(State::default()) }
    }

    /// `conceptlint/status`: what the server did so far (see `state::Counters`).
    pub async fn status(&self) -> Result<serde_json::Value> {
        Ok(self.state.counters.to_json())
    }

    /// Input that was no message (see `framing`): answered with its JSON-RPC error.
    pub async fn malformed_input(&self, params: MalformedInput) -> Result<()> {
        tracing::warn!(code = params.code, "malformed input skipped: {}", params.message);
        Err(tower_lsp_server::jsonrpc::Error {
            code: tower_lsp_server::jsonrpc::ErrorCode::from(params.code),
            message: params.message.into(),
            data: None,
        })
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(handlers::lifecycle::initialize(self, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        handlers::lifecycle::initialized(self);
    }

    async fn shutdown(&self) -> Result<()> {
        tracing::info!("shutdown");
        super::SHUTDOWN.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::sync::did_open(self, params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::sync::did_change(self, params);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        handlers::sync::did_save(self, params);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::sync::did_close(self, params).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::lifecycle::did_change_configuration(self, params);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::sync::did_change_watched_files(self, params).await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        handlers::diagnostics::pull(self, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(handlers::hover::hover(self, params).await)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(handlers::code_action::code_action(self, params).await)
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        handlers::code_action::execute_command(self, params)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        Ok(handlers::completion::completion(self, params).await)
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        Ok(handlers::navigation::definition(self, params).await)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        Ok(handlers::navigation::references(self, params).await)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(handlers::symbols::document_symbol(self, params).await)
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        Ok(handlers::lens::code_lens(self, params))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        Ok(handlers::inlay::inlay_hint(self, params).await)
    }
}
