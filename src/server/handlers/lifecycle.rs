//! `initialize`, `initialized`, settings.

use tower_lsp_server::ls_types::*;

use crate::server::convert;
use crate::server::settings::ClientSettings;
use crate::server::state::ClientCaps;
use crate::server::{Backend, scheduler, set_log_level};

/// The command that returns (and shows) a rule's documentation.
pub const EXPLAIN_RULE: &str = "conceptlint.explainRule";

pub fn initialize(backend: &Backend, params: InitializeParams) -> InitializeResult {
    let caps = &params.capabilities;
    let encoding =
        convert::negotiate(caps.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
    let text = caps.text_document.as_ref();
    let diagnostic_refresh = caps
        .workspace
        .as_ref()
        .and_then(|w| w.diagnostics.as_ref())
        .and_then(|d| d.refresh_support)
        .unwrap_or(false);
    let client_caps = ClientCaps {
        // Pull only when we can also ask the client to pull again: findings that arrive later
        // (image probing, an edit of another file of the dataset) would otherwise stay unseen
        // until the next edit (Neovim 0.11 pulls but declares no refresh support).
        pull_diagnostics: diagnostic_refresh && text.and_then(|t| t.diagnostic.as_ref()).is_some(),
        diagnostic_refresh,
        work_done_progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        configuration: caps.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false),
        watch_files: caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        markdown: text
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
        versioned_diagnostics: text
            .and_then(|t| t.publish_diagnostics.as_ref())
            .and_then(|p| p.version_support)
            .unwrap_or(false),
    };
    if let Ok(mut c) = backend.state.caps.write() {
        *c = client_caps;
    }
    if let Ok(mut e) = backend.state.encoding.write() {
        *e = Some(encoding);
    }
    if let Some(options) = &params.initialization_options {
        apply_settings(backend, options);
    }
    tracing::info!(?encoding, ?client_caps, "initialize");

    let capabilities = ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![EXPLAIN_RULE.to_string()],
            work_done_progress_options: Default::default(),
        }),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![",".into(), "\"".into(), ";".into(), "|".into()]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        diagnostic_provider: client_caps.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("conceptlint".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                work_done_progress_options: Default::default(),
            })
        }),
        ..Default::default()
    };
    InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "conceptlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    }
}

/// After `initialized`: watch the files that change a dataset (only when the client declared
/// dynamic registration of file watchers) and fetch the settings. Both are requests to the
/// client, so they run in a spawned task.
pub fn initialized(backend: &Backend) {
    let client = backend.client.clone();
    let state = backend.state.clone();
    tokio::spawn(async move {
        if state.caps().configuration {
            // Documents may have been opened (and analyzed with the settings known then)
            // before the client answers: analyze them again when the settings changed.
            if fetch_configuration(&client, &state).await {
                reanalyze_all(&state, &client);
            }
        }
        // Registering a capability the client cannot register is an error.
        if state.caps().watch_files {
            register_watchers(&client).await;
        }
    });
}

async fn register_watchers(client: &tower_lsp_server::Client) {
    let watchers = [
        "**/*.{csv,tsv,jsonl,ndjson,json,manifest,lst,txt,toml}",
        "**/*.{png,jpg,jpeg,gif,webp,bmp,tif,tiff}",
    ]
    .into_iter()
    .map(|g| FileSystemWatcher { glob_pattern: GlobPattern::String(g.into()), kind: None })
    .collect();
    let registration = Registration {
        id: "conceptlint-watch".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
            watchers,
        })
        .ok(),
    };
    if let Err(e) = client.register_capability(vec![registration]).await {
        tracing::debug!("client did not accept file watching: {e}");
    }
}

pub fn did_change_configuration(backend: &Backend, params: DidChangeConfigurationParams) {
    let client = backend.client.clone();
    let state = backend.state.clone();
    if state.caps().configuration {
        tokio::spawn(async move {
            fetch_configuration(&client, &state).await;
            reanalyze_all(&state, &client);
        });
    } else {
        let section = params.settings.get("conceptlint").cloned().unwrap_or(params.settings);
        apply_settings(backend, &section);
        reanalyze_all(&backend.state, &backend.client);
    }
}

/// Asks the client for the `conceptlint` settings; whether they changed.
async fn fetch_configuration(
    client: &tower_lsp_server::Client,
    state: &std::sync::Arc<crate::server::state::State>,
) -> bool {
    let item = ConfigurationItem { scope_uri: None, section: Some("conceptlint".into()) };
    match client.configuration(vec![item]).await {
        // `null`: the client has no such section (Helix without a `conceptlint` table): the
        // settings from `initializationOptions` stay.
        Ok(values) => values
            .first()
            .filter(|v| !v.is_null())
            .is_some_and(|v| store_settings(state, client, v)),
        Err(e) => {
            tracing::debug!("workspace/configuration failed: {e}");
            false
        }
    }
}

fn apply_settings(backend: &Backend, value: &serde_json::Value) {
    let _changed = store_settings(&backend.state, &backend.client, value);
}

/// Stores valid settings (invalid ones are shown to the user and ignored); whether they
/// changed.
fn store_settings(
    state: &crate::server::state::State,
    client: &tower_lsp_server::Client,
    value: &serde_json::Value,
) -> bool {
    match ClientSettings::from_json(value) {
        Ok(s) => {
            if let Some(level) = &s.log_level {
                set_log_level(level);
            }
            match state.settings.write() {
                Ok(mut current) if *current != s => {
                    *current = s;
                    true
                }
                _ => false,
            }
        }
        Err(e) => {
            tracing::warn!("invalid conceptlint settings: {e}");
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .show_message(
                        MessageType::WARNING,
                        format!("conceptlint: invalid settings: {e}; previous settings kept"),
                    )
                    .await;
            });
            false
        }
    }
}

fn reanalyze_all(
    state: &std::sync::Arc<crate::server::state::State>,
    client: &tower_lsp_server::Client,
) {
    let open: Vec<_> = crate::server::state::lock(&state.docs).keys().cloned().collect();
    // Analyses made with the old settings (and their image probing) are not stored any more.
    let known: Vec<_> = crate::server::state::lock(&state.snapshots).keys().cloned().collect();
    scheduler::outdate(state, known.into_iter().chain(open.iter().cloned()));
    if !open.is_empty() {
        scheduler::schedule(state, client, open, false);
    }
}
