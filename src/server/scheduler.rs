//! When diagnostics are computed and published.
//!
//! Debounce: every change schedules an analysis of the changed file's dataset under a new
//! generation number, recorded per file in `State::scheduled`. After the quiet time, a run whose
//! generation is no longer the newest for its file is dropped (a later edit superseded it).
//! Staleness: a result is stored and published only when every open document it read still has
//! the version it read, and it is not older than the last change of a file it read from disk
//! or of the settings (`State::stale_before`); otherwise a newer run is coming and this one is
//! dropped. Image probing results keep the generation of the analysis they extend, so a probe
//! that started before such a change cannot pass for newer than the change.
//! Images: the cheap analysis reuses the image facts of the previous analysis for unchanged
//! locations, so image findings do not flicker; probing of new locations then runs in the
//! background (work-done progress when many), and its result is published the same way. After
//! a change on disk (an image replaced), the facts carried over are older than the change
//! (`State::probed_before`): they are shown meanwhile, and probing reads every image again (the
//! cache skips unchanged files).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, ProgressToken};

use crate::engine::{self, Dataset};
use crate::images::{self, Cache, HashFacts, ImageFacts, ImageStatus};
use crate::text::LineIndex;
use crate::workspace;

use super::convert;
use super::overlay::Overlay;
use super::state::{Counters, KnownParse, Snapshot, State, lock};

/// Datasets with at least this many inputs report image probing as work-done progress.
const PROGRESS_MIN_INPUTS: usize = 500;

/// Schedules an analysis of the datasets of `paths` after the debounce time.
pub fn schedule(state: &Arc<State>, client: &Client, paths: Vec<PathBuf>, debounce: bool) {
    let since = debounce.then(tokio::time::Instant::now);
    schedule_since(state, client, paths, since);
}

/// Schedules an analysis of the datasets of `paths` once the debounce time has passed since
/// `since` (the change arrived then: the work its handler did before counts), or at once.
pub fn schedule_since(
    state: &Arc<State>,
    client: &Client,
    paths: Vec<PathBuf>,
    since: Option<tokio::time::Instant>,
) {
    let generation = state.next_generation();
    Counters::add(&state.counters.scheduled);
    {
        let mut scheduled = lock(&state.scheduled);
        for p in &paths {
            scheduled.insert(p.clone(), generation);
        }
    }
    let (state, client) = (state.clone(), client.clone());
    tokio::spawn(async move {
        if let Some(since) = since {
            tokio::time::sleep_until(since + state.settings().debounce()).await;
        }
        let current = {
            let scheduled = lock(&state.scheduled);
            paths.iter().any(|p| scheduled.get(p) == Some(&generation))
        };
        if !current {
            tracing::trace!(generation, "superseded before it ran");
            Counters::add(&state.counters.superseded);
            return;
        }
        let snapshots = analyze_now(&state, &client, paths, generation).await;
        for snapshot in snapshots {
            publish(&state, &client, &snapshot).await;
            probe_images(state.clone(), client.clone(), snapshot);
        }
    });
}

/// Runs the cheap analysis of the datasets of `paths` on a blocking thread and stores every
/// snapshot that is still current. An open document of `paths` that belongs to no dataset any
/// more (its text stopped looking like a manifest) loses its snapshot and its diagnostics.
pub async fn analyze_now(
    state: &Arc<State>,
    client: &Client,
    paths: Vec<PathBuf>,
    generation: u64,
) -> Vec<Arc<Snapshot>> {
    let (overlay, versions, openings) = overlay(state);
    Counters::add(&state.counters.analyses);
    let st = state.clone();
    let requested = paths.clone();
    let result = tokio::task::spawn_blocking(move || {
        let discovery = workspace::discover(&paths, &overlay);
        let covered: std::collections::HashSet<PathBuf> =
            discovery.datasets.iter().flat_map(|d| d.sources.keys().cloned()).collect();
        let snapshots = discovery
            .datasets
            .into_iter()
            .map(|mut dataset| {
                st.settings().apply(&mut dataset.settings);
                let (facts, hashes, probed) = carried_facts(&st, &dataset);
                let read = (&versions, &openings);
                let mut s = build(dataset, (facts, hashes), read, generation, st.encoding(), false);
                s.facts_generation = probed.unwrap_or(generation);
                s
            })
            .collect::<Vec<_>>();
        let orphans: Vec<(PathBuf, (u64, i32))> = requested
            .into_iter()
            .filter(|p| !covered.contains(p))
            .filter_map(|p| {
                let read = openings.get(&p).copied().zip(versions.get(&p).copied())?;
                Some((p, read))
            })
            .collect();
        (snapshots, orphans)
    })
    .await;
    let (snapshots, orphans) = match result {
        Ok(s) => s,
        Err(e) => {
            tracing::error!("analysis failed: {e}");
            return Vec::new();
        }
    };
    let stored = snapshots.into_iter().filter_map(|s| store(state, s)).collect();
    for (path, read) in orphans {
        forget(state, client, &path, read).await;
    }
    state.changed.notify_waiters();
    stored
}

/// Drops the snapshot of an open document that is no longer part of a dataset (when `read`,
/// its opening and version, is still current) and clears its published diagnostics.
async fn forget(state: &State, client: &Client, path: &Path, read: (u64, i32)) {
    if state.opened_version(path) != Some(read) || lock(&state.snapshots).remove(path).is_none() {
        return;
    }
    tracing::debug!(path = %path.display(), "no longer part of a dataset");
    if let (false, Some(uri)) = (state.caps().pull_diagnostics, convert::uri(path)) {
        let version = state.caps().versioned_diagnostics.then_some(read.1);
        Counters::add(&state.counters.published);
        client.publish_diagnostics(uri, Vec::new(), version).await;
    }
}

/// A frozen view of the open documents, with incremental parses, their versions and when
/// they were opened.
fn overlay(state: &State) -> (Overlay, HashMap<PathBuf, i32>, HashMap<PathBuf, u64>) {
    let mut overlay = Overlay::default();
    let mut versions = HashMap::new();
    let mut openings = HashMap::new();
    let mut docs = lock(&state.docs);
    let parses = lock(&state.parses);
    let parsed = overlay.parsed.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
    for (path, doc) in docs.iter_mut() {
        overlay.texts.insert(path.clone(), doc.text());
        versions.insert(path.clone(), doc.version);
        openings.insert(path.clone(), doc.opened);
        if let Some(p) = parses.get(path).filter(|p| p.version == doc.version) {
            parsed.insert(path.clone(), p.file.clone());
        }
    }
    (overlay, versions, openings)
}

/// The image facts and hashes of the previous analysis of the dataset, carried over to the
/// inputs whose location is unchanged, and the generation they were probed in; other inputs
/// are `NotChecked` (and not hashed) until the background probe.
///
/// Most edits leave the inputs where they were: each input is compared with the previous
/// input at its index first; a table by location is built (once per file) only when that
/// fails.
fn carried_facts(state: &State, dataset: &Dataset) -> (ImageFacts, Option<HashFacts>, Option<u64>) {
    let previous = dataset.files.iter().find_map(|f| state.snapshot(&f.path));
    let Some(previous) = previous else { return (ImageFacts::default(), None, None) };
    let old_hashes = previous.hashes.as_ref();
    type PerFile = (Vec<Arc<[ImageStatus]>>, Vec<Vec<Option<usize>>>);
    let (facts, hashes): PerFile = dataset
        .files
        .iter()
        .map(|file| {
            let Some((f, old)) = previous.file(&file.path) else {
                let n = file.inputs.len();
                return (vec![ImageStatus::NotChecked; n].into(), vec![None; n]);
            };
            let old_facts = previous.facts.per_file.get(f);
            let old_image = |k: usize| old_hashes.and_then(|h| h.image_of(f, k));
            let unmoved = old.inputs.len() == file.inputs.len()
                && old.inputs.iter().zip(&file.inputs).all(|(o, n)| o.location == n.location);
            if unmoved && let Some(facts) = old_facts.filter(|v| v.len() == file.inputs.len()) {
                // The common edit (a label): every image is where it was.
                return (facts.clone(), (0..file.inputs.len()).map(old_image).collect());
            }
            let old_facts = old_facts.map_or(&[][..], |v| &v[..]);
            let mut by_location: Option<FxHashMap<&str, usize>> = None;
            let (statuses, hashes): (Vec<ImageStatus>, Vec<Option<usize>>) = file
                .inputs
                .iter()
                .enumerate()
                .map(|(i, input)| {
                    let same = old.inputs.get(i).is_some_and(|o| o.location == input.location);
                    let before = if same {
                        Some(i)
                    } else {
                        let table = by_location.get_or_insert_with(|| {
                            let locations = old.inputs.iter().map(|o| o.location.as_str());
                            locations.enumerate().map(|(k, l)| (l, k)).collect()
                        });
                        table.get(input.location.as_str()).copied()
                    };
                    let status = before.and_then(|k| old_facts.get(k)).cloned();
                    (status.unwrap_or(ImageStatus::NotChecked), before.and_then(old_image))
                })
                .unzip();
            (statuses.into(), hashes)
        })
        .unzip();
    let hashes = old_hashes.map(|h| HashFacts { images: h.images.clone(), per_file: hashes });
    (ImageFacts { per_file: facts }, hashes, Some(previous.facts_generation))
}

/// The versions, and openings, of the open documents an analysis read.
type Read<'a> = (&'a HashMap<PathBuf, i32>, &'a HashMap<PathBuf, u64>);

fn build(
    dataset: Dataset,
    (facts, hashes): (ImageFacts, Option<HashFacts>),
    (versions, openings): Read<'_>,
    generation: u64,
    encoding: crate::text::Encoding,
    images_done: bool,
) -> Snapshot {
    let analysis = engine::analyze_with_hashes(&dataset, &facts, hashes.as_ref());
    let lines = dataset.sources.iter().map(|(p, t)| (p.clone(), LineIndex::new(t))).collect();
    let versions =
        dataset.sources.keys().filter_map(|p| versions.get(p).map(|v| (p.clone(), *v))).collect();
    let openings =
        dataset.sources.keys().filter_map(|p| openings.get(p).map(|o| (p.clone(), *o))).collect();
    let result_id = generation;
    Snapshot {
        dataset,
        facts,
        hashes,
        analysis,
        lines,
        versions,
        openings,
        images_done,
        generation,
        facts_generation: generation,
        result_id,
        encoding,
    }
}

/// Marks every analysis made so far of `paths` as outdated (a file changed on disk, the
/// settings changed): their results, and their image probing, are never stored.
pub fn outdate(state: &State, paths: impl IntoIterator<Item = PathBuf>) -> u64 {
    let generation = state.next_generation();
    let mut stale_before = lock(&state.stale_before);
    for p in paths {
        stale_before.insert(p, generation);
    }
    generation
}

/// A file of the datasets of `paths` changed on disk: [`outdate`], and the image facts read so
/// far are read again after the next analysis (which shows them meanwhile).
pub fn outdate_disk(state: &State, paths: Vec<PathBuf>) {
    let generation = outdate(state, paths.iter().cloned());
    let mut probed_before = lock(&state.probed_before);
    for p in paths {
        probed_before.insert(p, generation);
    }
}

/// Stores a snapshot for each of its files if it is still current; returns it when stored.
///
/// The work a large dataset makes here runs after, on a blocking thread, so that its
/// diagnostics are not held back: keeping the parses for incremental re-reading and
/// freeing the snapshots this one replaces.
fn store(state: &Arc<State>, snapshot: Snapshot) -> Option<Arc<Snapshot>> {
    for (path, version) in &snapshot.versions {
        let opened = snapshot.openings.get(path).copied();
        if state.opened_version(path) != opened.map(|o| (o, *version)) {
            tracing::debug!(path = %path.display(), "dropping a result computed for an old version");
            Counters::add(&state.counters.dropped);
            return None;
        }
    }
    {
        let stale_before = lock(&state.stale_before);
        let outdated =
            snapshot.files().any(|p| stale_before.get(p).is_some_and(|g| *g > snapshot.generation));
        if outdated {
            tracing::debug!(
                generation = snapshot.generation,
                "dropping a result read before a change"
            );
            Counters::add(&state.counters.dropped);
            return None;
        }
    }
    let snapshot = Arc::new(snapshot);
    let mut replaced = Vec::new();
    {
        let mut snapshots = lock(&state.snapshots);
        for path in snapshot.files() {
            let newer = snapshots.get(path).is_some_and(|s| s.generation > snapshot.generation);
            if newer {
                Counters::add(&state.counters.dropped);
                return None;
            }
        }
        for path in snapshot.files() {
            replaced.extend(snapshots.insert(path.to_path_buf(), snapshot.clone()));
        }
    }
    let (st, stored) = (state.clone(), snapshot.clone());
    tokio::task::spawn_blocking(move || {
        drop(replaced);
        remember_parses(&st, &stored);
    });
    Some(snapshot)
}

/// Keeps the parse of each open document for incremental re-reading after the next edit (unless
/// the parse of that version is there already: the analysis started from it), if the
/// document is still at that version.
fn remember_parses(state: &State, snapshot: &Snapshot) {
    let current: Vec<Option<i32>> =
        snapshot.dataset.files.iter().map(|f| state.version(&f.path)).collect();
    let mut parses = lock(&state.parses);
    for (file, current) in snapshot.dataset.files.iter().zip(current) {
        if let Some(&version) = snapshot.versions.get(&file.path)
            && current == Some(version)
            && parses.get(&file.path).is_none_or(|p| p.version != version)
        {
            parses.insert(file.path.clone(), KnownParse { version, file: file.clone() });
        }
    }
}

/// Publishes the diagnostics of every file of a snapshot (push mode), or asks the client to
/// pull again (pull mode).
///
/// Only for the files whose current snapshot it still is: a snapshot is stored before it is
/// published, so a newer one (from a change on disk, where versions say nothing) may have been
/// stored and published in between; its diagnostics are not to be replaced by older ones.
pub async fn publish(state: &State, client: &Client, snapshot: &Arc<Snapshot>) {
    let caps = state.caps();
    if caps.pull_diagnostics {
        if caps.diagnostic_refresh {
            let client = client.clone();
            // A request to the client: never awaited inside a handler, so spawned.
            tokio::spawn(async move {
                let _ = client.workspace_diagnostic_refresh().await;
            });
        }
        return;
    }
    let _publishing = state.publishing.lock().await;
    for path in snapshot.files() {
        let Some(uri) = convert::uri(path) else { continue };
        let version = snapshot.versions.get(path).copied();
        if version.is_some() && state.version(path) != version {
            continue;
        }
        if !state.snapshot(path).is_some_and(|s| Arc::ptr_eq(&s, snapshot)) {
            continue;
        }
        let diagnostics = diagnostics_of(snapshot, path);
        Counters::add(&state.counters.published);
        client
            .publish_diagnostics(uri, diagnostics, version.filter(|_| caps.versioned_diagnostics))
            .await;
    }
}

/// The LSP diagnostics of one file of a snapshot.
pub fn diagnostics_of(snapshot: &Snapshot, path: &Path) -> Vec<lsp::Diagnostic> {
    snapshot
        .analysis
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| d.file == path)
        .filter_map(|(i, d)| convert::diagnostic(d, i, snapshot))
        .collect()
}

/// Probes images not known yet, in the background, then republishes.
///
/// Every stored snapshot whose image facts are incomplete must be passed here, whoever made it
/// (a scheduled run or an on-demand pull): a scheduled run superseded by a pull's newer
/// generation is dropped before it would probe.
pub fn probe_images(state: Arc<State>, client: Client, snapshot: Arc<Snapshot>) {
    let wants_hashes = snapshot.dataset.runs_any(engine::HASH_RULES);
    let missing = snapshot
        .facts
        .per_file
        .iter()
        .flat_map(|f| f.iter())
        .any(|s| *s == ImageStatus::NotChecked)
        || snapshot.facts.per_file.len() < snapshot.dataset.files.len()
        || (wants_hashes && hashes_missing(&snapshot));
    let outdated = {
        let before = lock(&state.probed_before);
        snapshot.files().any(|p| before.get(p).is_some_and(|g| *g > snapshot.facts_generation))
    };
    let has_inputs = snapshot.dataset.inputs().next().is_some();
    if snapshot.images_done
        || !(missing || outdated)
        || !has_inputs
        || snapshot.dataset.config_broken()
    {
        return;
    }
    Counters::add(&state.counters.probes);
    tokio::spawn(async move {
        let total: usize = snapshot.dataset.manifests().map(|(_, f)| f.inputs.len()).sum();
        let title = if wants_hashes {
            "conceptlint: reading and hashing images"
        } else {
            "conceptlint: reading image headers"
        };
        let progress = if total >= PROGRESS_MIN_INPUTS && state.caps().work_done_progress {
            let token =
                ProgressToken::String(format!("conceptlint/images/{}", snapshot.generation));
            match client.create_work_done_progress(token.clone()).await {
                Ok(()) => Some(client.progress(token, title).with_percentage(0).begin().await),
                Err(_) => None,
            }
        } else {
            None
        };
        // Header facts are published as soon as they are known; hashes (whole files decoded)
        // follow in a second snapshot.
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Snapshot>();
        let st = state.clone();
        let snap = snapshot.clone();
        let work = tokio::task::spawn_blocking(move || {
            let root = snap.dataset.root.clone();
            let mut cache =
                lock(&st.image_caches).remove(&root).unwrap_or_else(|| Cache::open(&root));
            let read = (&snap.versions, &snap.openings);
            let (generation, encoding) = (snap.generation, snap.encoding);
            let facts = images::probe_dataset(&snap.dataset, Some(&mut cache), &|_, _| {});
            let carried = snap.hashes.clone();
            let probed = (facts.clone(), carried);
            let mut s =
                build(snap.dataset.clone(), probed, read, generation, encoding, !wants_hashes);
            s.result_id = st.next_generation();
            let _ = tx.send(s);
            if wants_hashes {
                let hashes =
                    images::hash_dataset(&snap.dataset, &facts, Some(&mut cache), &|_, _| {});
                let hashed = (facts, Some(hashes));
                let mut s = build(snap.dataset.clone(), hashed, read, generation, encoding, true);
                s.result_id = st.next_generation();
                let _ = tx.send(s);
            }
            lock(&st.image_caches).insert(root, cache);
        });
        while let Some(s) = rx.recv().await {
            if let Some(stored) = store(&state, s) {
                state.changed.notify_waiters();
                publish(&state, &client, &stored).await;
            }
        }
        if let Some(p) = progress {
            p.finish_with_message("done").await;
        }
        if let Err(e) = work.await {
            tracing::error!("image probing failed: {e}");
        }
    });
}

/// Whether an input whose image was read fine has no hashes yet (a new location, or hashing
/// has not run for this dataset).
fn hashes_missing(snapshot: &Snapshot) -> bool {
    let Some(hashes) = &snapshot.hashes else { return true };
    snapshot.dataset.inputs().any(|(f, i, _)| {
        matches!(snapshot.facts.get(f, i), ImageStatus::Probed { .. })
            && hashes.image_of(f, i).is_none()
    })
}
