//! Document synchronization and watched files.

use std::path::PathBuf;

use tower_lsp_server::ls_types::*;

use crate::server::documents::Document;
use crate::server::state::{Counters, lock};
use crate::server::{Backend, convert, scheduler};

pub fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let Some(path) = convert::path(&doc.uri) else { return };
    let mut document = Document::new(&doc.text, doc.version, doc.language_id);
    // Versions start again when a document is reopened: an analysis of an earlier opening
    // (its image probing, say) may carry the same version number, not the same opening.
    document.opened = backend.state.next_generation();
    lock(&backend.state.docs).insert(path.clone(), document);
    backend.state.changed.notify_waiters();
    scheduler::schedule(&backend.state, &backend.client, related(backend, path), false);
}

pub fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    // The debounce runs from here: applying the change and updating the parse take part of it.
    let arrived = tokio::time::Instant::now();
    let Some(path) = convert::path(&params.text_document.uri) else { return };
    let encoding = backend.state.encoding();
    let (old_text, old_version, edits, new_text) = {
        let mut docs = lock(&backend.state.docs);
        let Some(doc) = docs.get_mut(&path) else {
            tracing::warn!(path = %path.display(), "change for a document that is not open");
            return;
        };
        let (old_text, old_version) = (doc.text(), doc.version);
        let edits = doc.apply(&params.content_changes, params.text_document.version, encoding);
        (old_text, old_version, edits, doc.text())
    };
    Counters::add(&backend.state.counters.changes);
    backend.state.changed.notify_waiters();
    update_parse(backend, &path, old_version, &old_text, &new_text, &edits);
    let paths = related(backend, path);
    scheduler::schedule_since(&backend.state, &backend.client, paths, Some(arrived));
}

/// Re-reads only the records the edits touched, when the document's previous parse is known
/// and its format allows it; otherwise forgets the parse (the next analysis reads it whole).
fn update_parse(
    backend: &Backend,
    path: &std::path::Path,
    old_version: i32,
    old_text: &str,
    new_text: &str,
    edits: &[crate::server::documents::ByteEdit],
) {
    use crate::formats::incremental::{ReadWith, TextEdit, reparse_in_place};
    let how = match backend.state.snapshot(path) {
        Some(s) if s.dataset.settings.labels.as_deref() == Some(path) => {
            ReadWith::Listed { labels: true }
        }
        Some(s) if s.dataset.settings.manifests.iter().any(|m| m == path) => {
            ReadWith::Listed { labels: false }
        }
        _ => ReadWith::Detect,
    };
    let edit =
        edits.iter().map(|e| TextEdit { old: e.old, new_len: e.new_len }).reduce(TextEdit::then);
    // Lock order everywhere: docs before parses; the version is read first, unlocked.
    let version = backend.state.version(path);
    let mut parses = lock(&backend.state.parses);
    let Some(known) = parses.get_mut(path) else { return };
    let updated = known.version == old_version
        && edit.is_some_and(|e| {
            reparse_in_place(how, unique(&mut known.file), old_text, new_text, &e)
        });
    match (updated, version) {
        (true, Some(v)) => known.version = v,
        _ => {
            parses.remove(path);
        }
    }
}

/// The parse to update in place: the last analysis shares it, so it is copied first (in
/// parallel) unless nothing else holds it.
fn unique(file: &mut std::sync::Arc<crate::model::ParsedFile>) -> &mut crate::model::ParsedFile {
    if std::sync::Arc::get_mut(file).is_none() {
        *file = std::sync::Arc::new(crate::server::overlay::copy(file));
    }
    std::sync::Arc::make_mut(file)
}

pub fn did_save(backend: &Backend, params: DidSaveTextDocumentParams) {
    if let Some(path) = convert::path(&params.text_document.uri) {
        scheduler::schedule(&backend.state, &backend.client, related(backend, path), false);
    }
}

/// Closing a document: the disk's text counts again; its dataset is re-read from disk.
pub async fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let Some(path) = convert::path(&params.text_document.uri) else { return };
    lock(&backend.state.docs).remove(&path);
    lock(&backend.state.parses).remove(&path);
    backend.state.changed.notify_waiters();
    let others_open = backend
        .state
        .snapshot(&path)
        .is_some_and(|s| s.files().any(|f| f != path && backend.state.version(f).is_some()));
    if others_open {
        scheduler::schedule(&backend.state, &backend.client, related(backend, path), false);
    } else {
        lock(&backend.state.snapshots).remove(&path);
        if !backend.state.caps().pull_diagnostics {
            Counters::add(&backend.state.counters.published);
            backend.client.publish_diagnostics(params.text_document.uri, Vec::new(), None).await;
        }
    }
}

/// A file changed on disk: a manifest, label manifest or config re-analyzes its datasets; an
/// image re-probes the datasets that list it. A file of a dataset deleted (and not open) loses
/// its diagnostics: no analysis will publish for it again.
pub async fn did_change_watched_files(backend: &Backend, params: DidChangeWatchedFilesParams) {
    let mut paths = Vec::new();
    let mut deleted = Vec::new();
    for change in params.changes {
        let Some(path) = convert::path(&change.uri) else { continue };
        if backend.state.version(&path).is_some() {
            continue; // the open document's text wins over the disk
        }
        let snapshots: Vec<_> = lock(&backend.state.snapshots)
            .values()
            .filter(|s| s.dataset.sources.contains_key(&path) || path.starts_with(&s.dataset.root))
            .cloned()
            .collect();
        if change.typ == FileChangeType::DELETED
            && snapshots.iter().any(|s| s.dataset.sources.contains_key(&path))
        {
            // No analysis stores a snapshot for it again.
            lock(&backend.state.snapshots).remove(&path);
            deleted.push(change.uri.clone());
        }
        for s in snapshots {
            // What was read before is outdated: not stored any more when computed before now,
            // and image facts read before now are read again (cached by size and modification
            // time, so only changed files are read) after the next analysis, which shows them
            // meanwhile.
            let files: Vec<PathBuf> = s.files().map(|p| p.to_path_buf()).collect();
            scheduler::outdate_disk(&backend.state, files.clone());
            paths.extend(files.into_iter().filter(|f| backend.state.version(f).is_some()));
        }
        if crate::formats::is_candidate(&path) || path.ends_with("conceptlint.toml") {
            paths.push(path);
        }
    }
    if !backend.state.caps().pull_diagnostics {
        for uri in deleted {
            Counters::add(&backend.state.counters.published);
            backend.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }
    paths.sort();
    paths.dedup();
    if !paths.is_empty() {
        scheduler::schedule(&backend.state, &backend.client, paths, true);
    }
}

/// The changed file and every open file of its dataset (a label manifest edit refreshes the
/// manifests, and the other way round); for a config, also every open document it may govern
/// (under its folder), known to its datasets or not.
///
/// A config alone makes no dataset: analyzed alone, it is taken for a document that left its
/// dataset (its snapshot dropped, the manifests never told of its edit). Its datasets are not
/// always known when it changes: a config created, opened and edited before an analysis of it
/// was stored has no snapshot yet.
fn related(backend: &Backend, path: PathBuf) -> Vec<PathBuf> {
    let mut paths = vec![path.clone()];
    if let Some(snapshot) = backend.state.snapshot(&path) {
        paths.extend(
            snapshot
                .files()
                .filter(|f| *f != path && backend.state.version(f).is_some())
                .map(|f| f.to_path_buf()),
        );
        // A config edit concerns every dataset it governs.
        if snapshot.dataset.config.as_ref().is_some_and(|c| c.path == path) {
            for s in lock(&backend.state.snapshots).values() {
                if s.dataset.config.as_ref().is_some_and(|c| c.path == path) {
                    paths.extend(s.files().map(|f| f.to_path_buf()));
                }
            }
        }
    }
    if crate::workspace::is_config_name(&path)
        && let Some(dir) = path.parent()
    {
        paths.extend(lock(&backend.state.docs).keys().filter(|p| p.starts_with(dir)).cloned());
    }
    paths.sort();
    paths.dedup();
    paths
}
