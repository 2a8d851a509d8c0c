//! Code actions: the findings' fixes, ignores written into the config, "explain rule".

use std::collections::HashMap;
use std::path::Path;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::*;

use super::Target;
use super::lifecycle::EXPLAIN_RULE;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::server::Backend;
use crate::server::convert::{self, Texts};
use crate::server::state::Snapshot;

pub async fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Option<CodeActionResponse> {
    let path = convert::path(&params.text_document.uri)?;
    let snapshot = super::fresh_snapshot(&backend.state, &path).await?;
    let lines = snapshot.lines(&path)?;
    let wanted = lines.span(params.range);
    let mut actions = Vec::new();
    for (i, d) in snapshot.analysis.diagnostics.iter().enumerate() {
        let overlaps = d.span.start <= wanted.end && wanted.start <= d.span.end;
        if d.file != path || !overlaps {
            continue;
        }
        let lsp_diag = convert::diagnostic(d, i, snapshot.as_ref());
        for (k, fix) in d.fixes.iter().enumerate() {
            let Some(edit) = convert::workspace_edit(fix, snapshot.as_ref()) else { continue };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: lsp_diag.clone().map(|d| vec![d]),
                edit: Some(edit),
                is_preferred: Some(k == 0),
                ..Default::default()
            }));
        }
        if d.rule != "invalid-config" {
            let mut config_actions = ignore_actions(&snapshot, d);
            config_actions.extend(mark_visual_action(&snapshot, d));
            for (title, edit) in config_actions {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: lsp_diag.clone().map(|d| vec![d]),
                    edit: Some(edit),
                    ..Default::default()
                }));
            }
        }
        let explain = format!("Explain rule {} ({})", d.rule, d.code);
        if !actions
            .iter()
            .any(|a| matches!(a, CodeActionOrCommand::Command(c) if c.title == explain))
        {
            actions.push(CodeActionOrCommand::Command(Command {
                title: explain,
                command: EXPLAIN_RULE.into(),
                arguments: Some(vec![serde_json::json!(d.rule)]),
            }));
        }
    }
    Some(actions)
}

/// "Ignore <rule> for this input" and "Ignore <rule> in this dataset", as edits of the config
/// (created beside the dataset when there is none).
fn ignore_actions(snapshot: &Snapshot, d: &Diagnostic) -> Vec<(String, WorkspaceEdit)> {
    let (config_path, text, pyproject) = config_of(snapshot);
    let mut out = Vec::new();
    if let Some(input) = &d.input {
        let key = input.id.clone().unwrap_or_else(|| input.location.clone());
        let title = format!("Ignore {} for input {key}", d.rule);
        if let Some(edit) = config_edit(&config_path, text.as_deref(), pyproject, snapshot, |t| {
            add_to_list(t, &["per-input-ignores", &key], d.rule)
        }) {
            out.push((title, edit));
        }
    }
    let title = format!("Ignore {} in this dataset (config)", d.rule);
    if let Some(edit) = config_edit(&config_path, text.as_deref(), pyproject, snapshot, |t| {
        add_to_list(t, &["ignore"], d.rule)
    }) {
        out.push((title, edit));
    }
    out
}

/// "Mark 'x' as visual (config)": `[concepts.x] visual = true`, for a concept flagged by
/// `unvisual-concept` that is not declared in a concepts.json (which has its own fix).
fn mark_visual_action(snapshot: &Snapshot, d: &Diagnostic) -> Option<(String, WorkspaceEdit)> {
    let in_json = d.fixes.iter().any(|f| f.title.starts_with("Mark "));
    if d.rule != "unvisual-concept" || in_json {
        return None;
    }
    let Some(Target::Concept(name)) = super::target(snapshot, &d.file, d.span.start) else {
        return None;
    };
    let (path, text, pyproject) = config_of(snapshot);
    let edit = config_edit(&path, text.as_deref(), pyproject, snapshot, |t| set_visual(t, &name))?;
    Some((format!("Mark '{name}' as visual (config)"), edit))
}

/// Sets `visual = true` in the concept's table under `[concepts]`.
fn set_visual(root: &mut toml_edit::Table, concept: &str) {
    let concepts = root.entry("concepts").or_insert_with(|| {
        let mut t = toml_edit::Table::new();
        t.set_implicit(true);
        toml_edit::Item::Table(t)
    });
    let Some(concepts) = concepts.as_table_mut() else { return };
    let entry =
        concepts.entry(concept).or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
    if let Some(t) = entry.as_table_like_mut() {
        t.insert("visual", toml_edit::value(true));
    }
}

/// The dataset's config: its path, its text (`None` when there is none yet: it would be
/// created beside the dataset), and whether it is a pyproject.toml.
fn config_of(snapshot: &Snapshot) -> (std::path::PathBuf, Option<String>, bool) {
    match &snapshot.dataset.config {
        Some(c) => (c.path.clone(), Some(c.text.clone()), c.path.ends_with("pyproject.toml")),
        None => (snapshot.dataset.root.join("conceptlint.toml"), None, false),
    }
}

/// Appends `value` to the array at `keys` (creating tables and the array), keeping the rest of
/// the document as written.
fn add_to_list(root: &mut toml_edit::Table, keys: &[&str], value: &str) {
    let (last, tables) = keys.split_last().expect("at least one key");
    let mut table = root;
    for key in tables {
        let entry =
            table.entry(key).or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
        let Some(t) = entry.as_table_mut() else { return };
        table = t;
    }
    let item = table.entry(last).or_insert_with(|| toml_edit::value(toml_edit::Array::new()));
    if let Some(array) = item.as_array_mut()
        && !array.iter().any(|v| v.as_str() == Some(value))
    {
        array.push(value);
    }
}

/// The edit that turns the config into `change(config)`: a whole-text replacement of an
/// existing config, or a new `conceptlint.toml`.
fn config_edit(
    path: &Path,
    text: Option<&str>,
    pyproject: bool,
    snapshot: &Snapshot,
    change: impl FnOnce(&mut toml_edit::Table),
) -> Option<WorkspaceEdit> {
    let mut doc: toml_edit::DocumentMut = text.unwrap_or("").parse().ok()?;
    if pyproject {
        let tool = doc
            .entry("tool")
            .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
            .as_table_mut()?;
        tool.set_implicit(true);
        let ours = tool
            .entry("conceptlint")
            .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
            .as_table_mut()?;
        change(ours);
    } else {
        change(doc.as_table_mut());
    }
    let new_text = doc.to_string();
    let uri = convert::uri(path)?;
    match text {
        Some(_) => {
            let lines = snapshot.lines(path)?;
            let end = lines.position(lines.text.len());
            let range = Range::new(Position::new(0, 0), end);
            let mut changes = HashMap::new();
            changes.insert(uri, vec![TextEdit::new(range, new_text)]);
            Some(WorkspaceEdit { changes: Some(changes), ..Default::default() })
        }
        None => Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                    edits: vec![OneOf::Left(TextEdit::new(Range::default(), new_text))],
                }),
            ])),
            ..Default::default()
        }),
    }
}

/// `conceptlint.explainRule [name]`: returns the rule's documentation (markdown) and shows its
/// summary.
pub fn execute_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> jsonrpc::Result<Option<LSPAny>> {
    if params.command != EXPLAIN_RULE {
        return Err(jsonrpc::Error::invalid_params(format!("unknown command {}", params.command)));
    }
    let name = params.arguments.first().and_then(|a| a.as_str()).unwrap_or_default();
    let Some(rule) = rules::find(name) else {
        return Err(jsonrpc::Error::invalid_params(format!("unknown rule '{name}'")));
    };
    let client = backend.client.clone();
    let message = format!("{} ({}): {}\n\n{}", rule.name, rule.code, rule.summary, rule.docs);
    tokio::spawn(async move { client.show_message(MessageType::INFO, message).await });
    Ok(Some(serde_json::json!({ "name": rule.name, "code": rule.code, "markdown": rule.docs })))
}
