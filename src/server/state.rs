//! Server state: open documents, the latest analysis of each dataset, what the client can do.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use crate::engine::{Analysis, Dataset};
use crate::images::{Cache, HashFacts, ImageFacts};
use crate::model::ParsedFile;
use crate::text::{Encoding, LineIndex};

use super::convert::{Lines, Texts};
use super::documents::Document;
use super::settings::ClientSettings;

/// What the client said it supports, read once in `initialize`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientCaps {
    /// `textDocument/diagnostic`: the client pulls diagnostics; we do not push them.
    pub pull_diagnostics: bool,
    /// `workspace/diagnostic/refresh`.
    pub diagnostic_refresh: bool,
    /// `window/workDoneProgress`.
    pub work_done_progress: bool,
    /// `workspace/configuration`.
    pub configuration: bool,
    /// Dynamic registration of `workspace/didChangeWatchedFiles`.
    pub watch_files: bool,
    /// Hover content as markdown.
    pub markdown: bool,
    /// `versionSupport` of publishDiagnostics.
    pub versioned_diagnostics: bool,
}

/// One analysis of one dataset, shared by every handler that reads it.
pub struct Snapshot {
    pub dataset: Dataset,
    pub facts: ImageFacts,
    /// Content and perceptual hashes, when a rule that needs them is enabled and hashing ran
    /// (or carried over from the previous analysis for unchanged locations).
    pub hashes: Option<HashFacts>,
    pub analysis: Analysis,
    /// Line index of every file in `dataset.sources`.
    pub lines: HashMap<PathBuf, LineIndex>,
    /// Versions of the open documents this analysis read.
    pub versions: HashMap<PathBuf, i32>,
    /// When each of those documents was opened (versions start again on reopening).
    pub openings: HashMap<PathBuf, u64>,
    /// Whether image facts (and hashes, when wanted) are complete: probing and hashing finished.
    pub images_done: bool,
    /// The generation of the analysis this snapshot's data comes from (its image-probing
    /// follow-up keeps it): orders snapshots by the age of what they read.
    pub generation: u64,
    /// The generation of the analysis whose image probing read `facts` (carried-over facts
    /// keep it): facts older than a change on disk are shown until probing reads them again.
    pub facts_generation: u64,
    /// Unique per stored snapshot (a probing follow-up gets a new one): the pull diagnostics
    /// result id.
    pub result_id: u64,
    pub encoding: Encoding,
}

impl Snapshot {
    /// Every file of the dataset: manifests, label manifests, the config.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.dataset.sources.keys().map(PathBuf::as_path)
    }

    /// The parsed file at `path`, with its index.
    pub fn file(&self, path: &Path) -> Option<(usize, &ParsedFile)> {
        self.dataset.files.iter().map(|f| &**f).enumerate().find(|(_, f)| f.path == path)
    }
}

impl Texts for Snapshot {
    fn lines(&self, path: &Path) -> Option<Lines<'_>> {
        Some(Lines {
            text: self.dataset.sources.get(path)?,
            index: self.lines.get(path)?,
            encoding: self.encoding,
        })
    }
}

/// An open document's parse, kept between edits for incremental re-reading.
pub struct KnownParse {
    pub version: i32,
    /// Shared with the analysis and its snapshot; an edit copies it (in parallel) before
    /// updating it in place, when something else still holds it.
    pub file: Arc<ParsedFile>,
}

/// What the server did since it started, answered by `conceptlint/status`: shows that a burst
/// of edits costs a few analyses, not one each (load tests, bug reports).
#[derive(Default)]
pub struct Counters {
    /// `didChange` notifications applied.
    pub changes: AtomicU64,
    /// Analyses scheduled (after an open, a change, a save, a file changed on disk...).
    pub scheduled: AtomicU64,
    /// Scheduled analyses that never ran: a later change superseded them during the debounce.
    pub superseded: AtomicU64,
    /// Analyses run, scheduled or on demand (one per run, whatever the number of datasets).
    pub analyses: AtomicU64,
    /// Results not stored: computed from a text, a file or settings that changed meanwhile.
    pub dropped: AtomicU64,
    /// Image probing runs.
    pub probes: AtomicU64,
    /// `textDocument/publishDiagnostics` notifications sent.
    pub published: AtomicU64,
}

impl Counters {
    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn to_json(&self) -> serde_json::Value {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        serde_json::json!({
            "changes": get(&self.changes),
            "scheduled": get(&self.scheduled),
            "superseded": get(&self.superseded),
            "analyses": get(&self.analyses),
            "dropped": get(&self.dropped),
            "probes": get(&self.probes),
            "published": get(&self.published),
        })
    }
}

/// Lock order: `docs` before `parses` before `snapshots`; never the other way round.
#[derive(Default)]
pub struct State {
    pub docs: Mutex<HashMap<PathBuf, Document>>,
    /// Latest parse of each open document (by version), for incremental re-reading.
    pub parses: Mutex<HashMap<PathBuf, KnownParse>>,
    /// Latest analysis containing each file (manifest, label manifest, config).
    pub snapshots: Mutex<HashMap<PathBuf, Arc<Snapshot>>>,
    /// Per file, the generation of the newest scheduled analysis: an older run is superseded.
    pub scheduled: Mutex<HashMap<PathBuf, u64>>,
    /// Per file, the generation before which analyses read an outdated disk or outdated
    /// settings: their results are dropped.
    pub stale_before: Mutex<HashMap<PathBuf, u64>>,
    /// Per file, the generation before which image facts were read from an outdated disk: a
    /// snapshot showing older facts has its images probed again.
    pub probed_before: Mutex<HashMap<PathBuf, u64>>,
    /// In-memory image caches by dataset root (read from `.conceptlint_cache/`, never written).
    pub image_caches: Mutex<HashMap<PathBuf, Cache>>,
    pub settings: RwLock<ClientSettings>,
    pub caps: RwLock<ClientCaps>,
    pub encoding: RwLock<Option<Encoding>>,
    pub generation: std::sync::atomic::AtomicU64,
    /// Signalled whenever analyses were stored or dropped, or an open document changed:
    /// requests waiting for the analysis of a document's current text look again.
    pub changed: tokio::sync::Notify,
    /// Held while a snapshot's diagnostics are sent: a snapshot still current when checked is
    /// sent before any snapshot stored after the check (see `scheduler::publish`).
    pub publishing: tokio::sync::Mutex<()>,
    pub counters: Counters,
}

/// Locks a mutex, recovering the data when a panicking thread poisoned it (the state stays
/// usable: every critical section leaves it consistent).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    pub fn encoding(&self) -> Encoding {
        self.encoding.read().map(|e| e.unwrap_or(Encoding::Utf16)).unwrap_or(Encoding::Utf16)
    }

    pub fn caps(&self) -> ClientCaps {
        self.caps.read().map(|c| *c).unwrap_or_default()
    }

    pub fn settings(&self) -> ClientSettings {
        self.settings.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn snapshot(&self, path: &Path) -> Option<Arc<Snapshot>> {
        lock(&self.snapshots).get(path).cloned()
    }

    pub fn next_generation(&self) -> u64 {
        self.generation.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1
    }

    /// Current version of an open document.
    pub fn version(&self, path: &Path) -> Option<i32> {
        lock(&self.docs).get(path).map(|d| d.version)
    }

    /// When an open document was opened, and its current version.
    pub fn opened_version(&self, path: &Path) -> Option<(u64, i32)> {
        lock(&self.docs).get(path).map(|d| (d.opened, d.version))
    }
}
