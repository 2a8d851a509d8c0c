//! Which files form which dataset.
//!
//! Invariants: every manifest belongs to at most one dataset (a config's `manifests` first,
//! then the manifests of each folder); every label manifest found is read and reported (the
//! folder's preferred one, `concepts.json` > `labels.txt` > `classes.txt`, serves the folder's
//! manifests, any other stands alone); hidden and ignored files are skipped alike by the walk
//! and by a folder's listing, unless the user names them.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::loader::Loader;
use super::{Discovery, FileSystem, absolute};
use crate::config::{CONFIG_NAMES, ConfigFile};
use crate::engine::Dataset;
use crate::formats;
use crate::model::FileKind;

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum GroupKey {
    /// The files a config lists (by the config's path); loaded first.
    Configured(PathBuf),
    /// The manifests of one folder and its preferred label manifest.
    Folder(PathBuf),
    /// A label manifest that serves no folder's manifests, on its own.
    Alone(PathBuf),
}

/// Finds the datasets of `paths`. Folders are searched recursively for manifests and configs
/// (hidden files and `.gitignore`d files skipped).
pub fn discover(paths: &[PathBuf], fs: &dyn FileSystem) -> Discovery {
    let mut loader = Loader::new(fs);
    let mut walked = BTreeSet::new();
    let mut configs_seen = BTreeSet::new();
    for path in paths {
        let path = absolute(path);
        if path.is_dir() {
            for p in walk(&path, None) {
                if is_config_name(&p) {
                    configs_seen.insert(p);
                } else if formats::is_candidate(&p) {
                    walked.insert(p);
                }
            }
        } else if is_config_name(&path) {
            configs_seen.insert(path);
        } else {
            loader.named.insert(path);
        }
    }
    let named = loader.named.clone();
    let mut groups = BTreeSet::new();
    for (path, loud) in named.iter().map(|p| (p, true)).chain(walked.iter().map(|p| (p, false))) {
        if (loud || !named.contains(path))
            && let Some(key) = group_of(&mut loader, path, loud)
        {
            groups.insert(key);
        }
    }
    // A config found by the walk loads the manifests it lists, whatever their names.
    for path in &configs_seen {
        if loader.config(path).is_some_and(|c| !c.settings.manifests.is_empty()) {
            groups.insert(GroupKey::Configured(path.clone()));
        }
    }
    let mut claimed = BTreeSet::new();
    let mut datasets = Vec::new();
    for key in groups {
        if let Some(ds) = load(&mut loader, &key, &mut claimed) {
            if let Some(c) = &ds.config {
                configs_seen.remove(&c.path);
            }
            datasets.push(ds);
        }
    }
    for path in configs_seen {
        if let Some(config) = loader.config(&path).filter(|c| !c.problems.is_empty()).cloned() {
            let root = parent(&path);
            datasets.push(bare(root, Some(config)));
        }
    }
    Discovery { datasets, unreadable: loader.unreadable }
}

/// Whether `path` is named like a config (`conceptlint.toml`, ...).
pub fn is_config_name(path: &Path) -> bool {
    path.file_name().is_some_and(|n| CONFIG_NAMES.iter().any(|c| n == *c))
}

fn parent(path: &Path) -> PathBuf {
    path.parent().unwrap_or(Path::new("/")).to_path_buf()
}

fn is_hidden(name: &OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Files under `root` (to `depth`), hidden files and folders and ignored files skipped; the
/// hidden config name `.conceptlint.toml` is kept.
fn walk(root: &Path, depth: Option<usize>) -> Vec<PathBuf> {
    ignore::WalkBuilder::new(root)
        .hidden(false)
        .max_depth(depth)
        .filter_entry(|e| {
            e.depth() == 0 || !is_hidden(e.file_name()) || e.file_name() == ".conceptlint.toml"
        })
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .collect()
}

/// Files the config names (manifests, label manifest, predictions).
fn listed(config: &ConfigFile) -> impl Iterator<Item = &PathBuf> {
    let s = &config.settings;
    s.manifests.iter().chain(&s.labels).chain(&s.predictions)
}

/// Which dataset `path` belongs to, if it is a manifest.
fn group_of(loader: &mut Loader, path: &Path, loud: bool) -> Option<GroupKey> {
    let dir = parent(path);
    let config = loader.config_for(&dir);
    if let Some(c) = &config {
        let s = &c.settings;
        if s.manifests.iter().any(|m| m == path)
            || (!s.manifests.is_empty() && s.labels.as_deref() == Some(path))
        {
            return Some(GroupKey::Configured(c.path.clone()));
        }
        if s.labels.as_deref() == Some(path) {
            return Some(GroupKey::Folder(dir));
        }
    }
    let kind = loader.parse(path, loud)?.kind;
    if kind == FileKind::Labels && preferred_labels(loader, &dir).as_deref() != Some(path) {
        return Some(GroupKey::Alone(path.to_path_buf()));
    }
    Some(GroupKey::Folder(dir))
}

/// The candidate files of folder `dir` for folder mode: not hidden, not ignored, not listed by
/// the config (those belong to the config's dataset), plus the files the user named there.
fn members(loader: &mut Loader, dir: &Path) -> Vec<PathBuf> {
    if let Some(found) = loader.members.get(dir) {
        return found.clone();
    }
    let config = loader.config_for(dir);
    let excluded: BTreeSet<&PathBuf> = config.iter().flat_map(listed).collect();
    let visible: BTreeSet<PathBuf> = walk(dir, Some(1)).into_iter().collect();
    let found: Vec<PathBuf> = loader
        .fs()
        .list_dir(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| formats::is_candidate(p) && !excluded.contains(p))
        .filter(|p| {
            let shown =
                !p.file_name().is_some_and(is_hidden) && (visible.contains(p) || !p.exists());
            shown || loader.named.contains(p)
        })
        .collect();
    loader.members.insert(dir.to_path_buf(), found.clone());
    found
}

/// The label manifest that serves the manifests of `dir` when the config names none.
fn preferred_labels(loader: &mut Loader, dir: &Path) -> Option<PathBuf> {
    let members = members(loader, dir);
    formats::LABEL_MANIFEST_NAMES
        .iter()
        .map(|n| dir.join(n))
        .filter(|p| members.contains(p))
        .find(|p| loader.is_labels(p))
}

fn bare(root: PathBuf, config: Option<ConfigFile>) -> Dataset {
    let mut ds = Dataset {
        root,
        settings: config.as_ref().map(|c| c.settings.clone()).unwrap_or_default(),
        ..Default::default()
    };
    if let Some(c) = &config {
        ds.sources.insert(c.path.clone(), c.text.clone());
    }
    ds.config = config;
    ds
}

/// Reads every file of one dataset; files in `claimed` already belong to another one.
fn load(loader: &mut Loader, key: &GroupKey, claimed: &mut BTreeSet<PathBuf>) -> Option<Dataset> {
    let (dir, config) = match key {
        GroupKey::Configured(cfg) => (parent(cfg), loader.config(cfg).cloned()),
        GroupKey::Folder(dir) => (dir.clone(), loader.config_for(dir)),
        GroupKey::Alone(path) => (parent(path), loader.config_for(&parent(path))),
    };
    let root = config.as_ref().map_or_else(|| dir.clone(), |c| parent(&c.path));
    let mut ds = bare(root, config);
    let settings = ds.settings.clone();
    let add = |loader: &mut Loader, ds: &mut Dataset, path: &Path, shared: bool| {
        if let Some(parsed) = loader.take(path, shared) {
            ds.sources.insert(path.to_path_buf(), loader.source(path, shared));
            ds.files.push(parsed);
        }
    };
    if matches!(key, GroupKey::Configured(_)) || settings.manifests.is_empty() {
        for path in ds.config.iter().flat_map(listed) {
            loader.refuse_outside(path, &ds.root);
        }
    }
    let mut has_labels = false;
    match key {
        GroupKey::Configured(_) => {
            for path in &settings.manifests {
                if claimed.insert(path.clone()) {
                    has_labels |= loader
                        .parse_listed(path, FileKind::Dataset)
                        .is_some_and(|p| p.kind == FileKind::Labels);
                    add(loader, &mut ds, path, false);
                }
            }
        }
        GroupKey::Folder(dir) => {
            for path in members(loader, dir) {
                let manifest =
                    loader.parse(&path, false).is_some_and(|p| p.kind == FileKind::Dataset);
                if manifest && claimed.insert(path.clone()) {
                    add(loader, &mut ds, &path, false);
                }
            }
        }
        GroupKey::Alone(path) => {
            if claimed.insert(path.clone()) && loader.parse(path, true).is_some() {
                add(loader, &mut ds, path, false);
            }
            return (!ds.files.is_empty()).then_some(ds);
        }
    }
    let configured = matches!(key, GroupKey::Configured(_));
    // Without `manifests`, the config's label manifest and predictions serve every folder under
    // it; with them, they belong to the config's dataset only.
    let shared = !configured && settings.manifests.is_empty();
    if !has_labels {
        if let Some(path) = settings.labels.as_ref().filter(|_| configured || shared) {
            if (shared || claimed.insert(path.clone()))
                && loader.parse_listed(path, FileKind::Labels).is_some()
            {
                add(loader, &mut ds, path, shared);
            }
        } else if let Some(path) = preferred_labels(loader, &dir)
            && claimed.insert(path.clone())
        {
            add(loader, &mut ds, &path, false);
        }
    }
    if ds.files.is_empty() {
        return None;
    }
    load_predictions(loader, &mut ds, &dir, configured || shared, claimed);
    Some(ds)
}

/// The configured predictions file (an unreadable one is reported), else a sibling one.
fn load_predictions(
    loader: &mut Loader,
    ds: &mut Dataset,
    dir: &Path,
    configured: bool,
    claimed: &mut BTreeSet<PathBuf>,
) {
    if !ds.files.iter().any(|f| f.kind == FileKind::Dataset) {
        return;
    }
    let found = match ds.settings.predictions.clone().filter(|_| configured) {
        Some(path) => {
            let shared = ds.settings.manifests.is_empty();
            loader.text(&path, true, shared).map(|text| (path, text))
        }
        None => crate::eval::predictions::SIBLING_NAMES
            .iter()
            .map(|n| dir.join(n))
            .filter(|p| !claimed.contains(p))
            .find_map(|p| loader.text(&p, false, false).map(|text| (p, text))),
    };
    if let Some((path, text)) = found {
        claimed.insert(path.clone());
        ds.predictions = Some(crate::eval::predictions::read(&path, &text));
        ds.sources.insert(path, text);
    }
}

#[cfg(test)]
mod tests;
