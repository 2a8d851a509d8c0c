//! Which files form one dataset, and where an input's image is.
//!
//! A dataset is every manifest governed by one config's `manifests` list, or, without one, the
//! manifests of one folder; with the label manifest the config names or the folder holds.
//! Reading goes through [`FileSystem`] so that the server's open documents win over the disk.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::config::{self, ConfigFile};
use crate::engine::Dataset;
use crate::formats;
use crate::model::{FileKind, ParsedFile};

/// Where files come from.
pub trait FileSystem: Sync {
    fn read(&self, path: &Path) -> io::Result<String>;
    /// The entries of a folder (files and folders), sorted.
    fn list_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>>;
    /// A parse of `path`'s current text that is already known (the server keeps open documents
    /// parsed and updates them incrementally); `None` means: read and parse it.
    fn parsed(&self, _path: &Path) -> Option<ParsedFile> {
        None
    }
}

/// The disk.
pub struct DiskFs;

impl FileSystem for DiskFs {
    fn read(&self, path: &Path) -> io::Result<String> {
        let bytes = std::fs::read(path)?;
        String::from_utf8(bytes)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("not UTF-8 text: {e}")))
    }
    fn list_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut out: Vec<PathBuf> =
            std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        out.sort();
        Ok(out)
    }
}

/// Where an input's image is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A URL: never fetched.
    Remote,
    /// A local path inside the root.
    Local(PathBuf),
    /// A local path that leaves the root: reported, never read.
    OutsideRoot(PathBuf),
}

const REMOTE_SCHEMES: &[&str] =
    &["http://", "https://", "s3://", "gs://", "azureml://", "wasbs://", "abfss://", "data:"];

/// Resolves an image location as written in a manifest against `base` (the image root or the
/// manifest's folder) and checks it stays inside `root`, lexically (`..` cannot escape).
pub fn resolve(location: &str, base: &Path, root: &Path) -> Location {
    let lower = location.trim().to_ascii_lowercase();
    if REMOTE_SCHEMES.iter().any(|s| lower.starts_with(s)) {
        return Location::Remote;
    }
    let raw = location.trim().strip_prefix("file://").unwrap_or(location.trim());
    let path = normalize(&base.join(raw));
    if path.starts_with(normalize(root)) {
        Location::Local(path)
    } else {
        Location::OutsideRoot(path)
    }
}

/// Removes `.` and resolves `..` lexically: `/..` is `/`, and a relative path keeps the `..`
/// that climb above its start (`a/../../b` is `../b`).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Makes a path absolute against the current folder, lexically.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        normalize(path)
    } else {
        normalize(&std::env::current_dir().unwrap_or_default().join(path))
    }
}

/// A file that could not be read at all (permissions, not UTF-8): reported by the front end.
#[derive(Debug)]
pub struct Unreadable {
    pub path: PathBuf,
    pub error: io::Error,
}

/// The datasets that `paths` (files or folders) touch.
pub struct Discovery {
    pub datasets: Vec<Dataset>,
    pub unreadable: Vec<Unreadable>,
}

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum GroupKey {
    /// Listed in a config's `manifests`.
    Configured(PathBuf),
    /// The manifests of one folder.
    Folder(PathBuf),
}

/// Finds the datasets of `paths`. Folders are searched recursively for manifests (hidden files
/// and `.gitignore`d files skipped).
pub fn discover(paths: &[PathBuf], fs: &dyn FileSystem) -> Discovery {
    let mut candidates = BTreeSet::new();
    let mut configs_seen = BTreeSet::new();
    for path in paths {
        let path = absolute(path);
        if path.is_dir() {
            let walker = ignore::WalkBuilder::new(&path).hidden(true).build();
            for entry in walker.flatten() {
                let p = entry.path();
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    if formats::is_candidate(p) {
                        candidates.insert(p.to_path_buf());
                    } else if p.file_name().is_some_and(|n| n == "conceptlint.toml") {
                        configs_seen.insert(p.to_path_buf());
                    }
                }
            }
        } else if path.file_name().is_some_and(|n| config::CONFIG_NAMES.iter().any(|c| n == *c)) {
            configs_seen.insert(path);
        } else {
            candidates.insert(path);
        }
    }
    let mut loader = Loader {
        fs,
        configs: BTreeMap::new(),
        config_of_dir: BTreeMap::new(),
        parsed: BTreeMap::new(),
        unreadable: Vec::new(),
    };
    let mut groups: BTreeMap<(Option<PathBuf>, GroupKey), BTreeSet<PathBuf>> = BTreeMap::new();
    for path in candidates {
        let detected = loader.detect(&path);
        let config = loader.config_for(&path);
        let listed = config.as_ref().is_some_and(|c| {
            c.settings.manifests.contains(&path) || c.settings.labels.as_ref() == Some(&path)
        });
        if !detected && !listed {
            continue;
        }
        let key = group_key(&path, config.as_ref());
        groups.entry((config.map(|c| c.path), key)).or_default().insert(path);
    }
    let mut datasets = Vec::new();
    for ((config_path, key), _) in groups {
        let config = config_path.as_ref().and_then(|p| loader.configs.get(p).cloned().flatten());
        if let Some(p) = &config_path {
            configs_seen.remove(p);
        }
        datasets.push(loader.load(key, config));
    }
    for path in configs_seen {
        if let Some(text) = loader.read(&path, true) {
            if path.file_name().is_some_and(|n| n == "pyproject.toml")
                && !config::has_tool_table(&text)
            {
                continue;
            }
            let config = config::parse(&path, text);
            if !config.problems.is_empty() {
                let mut ds = Dataset {
                    root: path.parent().unwrap_or(Path::new("/")).to_path_buf(),
                    ..Default::default()
                };
                ds.sources.insert(path.clone(), config.text.clone());
                ds.config = Some(config);
                datasets.push(ds);
            }
        }
    }
    Discovery { datasets, unreadable: loader.unreadable }
}

fn group_key(path: &Path, config: Option<&ConfigFile>) -> GroupKey {
    match config {
        Some(c) if c.settings.manifests.iter().any(|m| m == path) => {
            GroupKey::Configured(c.path.clone())
        }
        Some(c)
            if c.settings.labels.as_deref() == Some(path) && !c.settings.manifests.is_empty() =>
        {
            GroupKey::Configured(c.path.clone())
        }
        _ => GroupKey::Folder(path.parent().unwrap_or(Path::new("/")).to_path_buf()),
    }
}

struct Loader<'a> {
    fs: &'a dyn FileSystem,
    /// Config by path (`None`: a pyproject.toml without our table).
    configs: BTreeMap<PathBuf, Option<ConfigFile>>,
    /// Files read and parsed during discovery, handed over (not re-read) when loading.
    /// The config (path and text) found upward from each folder.
    config_of_dir: BTreeMap<PathBuf, Option<(PathBuf, String)>>,
    /// `None`: read, and not a manifest.
    parsed: BTreeMap<PathBuf, Option<(String, ParsedFile)>>,
    unreadable: Vec<Unreadable>,
}

impl Loader<'_> {
    /// Reads a file; `loud` records a failure for the front end to report (files the user named
    /// or the config lists), otherwise a file that cannot be read is not a manifest.
    fn read(&mut self, path: &Path, loud: bool) -> Option<String> {
        match self.fs.read(path) {
            Ok(text) => Some(text),
            Err(error) => {
                if loud {
                    self.unreadable.push(Unreadable { path: path.to_path_buf(), error });
                }
                None
            }
        }
    }

    /// Reads and parses a file the user named or a folder walk found; whether it is a manifest.
    fn detect(&mut self, path: &Path) -> bool {
        let Some(text) = self.read(path, true) else { return false };
        let parsed = self.fs.parsed(path).or_else(|| formats::read(path, &text)).map(|p| (text, p));
        let found = parsed.is_some();
        self.parsed.insert(path.to_path_buf(), parsed);
        found
    }

    /// The text and parse of a file, from discovery when it was parsed there. A file the
    /// config lists (`listed`) is always read, with a problem when it matches no format.
    fn take(&mut self, path: &Path, listed: Option<FileKind>) -> Option<(String, ParsedFile)> {
        if let Some(Some(hit)) = self.parsed.remove(path) {
            return Some(hit);
        }
        let text = self.read(path, listed.is_some())?;
        let parsed = match (self.fs.parsed(path), listed) {
            (Some(parsed), _) => parsed,
            (None, Some(kind)) => formats::read_listed(path, &text, kind == FileKind::Labels),
            (None, None) => formats::read(path, &text)?,
        };
        Some((text, parsed))
    }

    /// The config governing `path`, looked up once per folder and parsed once per file.
    fn config_for(&mut self, path: &Path) -> Option<ConfigFile> {
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let fs = self.fs;
        let found = self
            .config_of_dir
            .entry(dir)
            .or_insert_with_key(|dir| config::find(&dir.join("_"), &|p| fs.read(p).ok()))
            .clone();
        let (cfg_path, text) = found?;
        self.configs
            .entry(cfg_path.clone())
            .or_insert_with(|| Some(config::parse(&cfg_path, text)))
            .clone()
    }

    /// Reads every file of one dataset.
    fn load(&mut self, key: GroupKey, config: Option<ConfigFile>) -> Dataset {
        let settings = config.as_ref().map(|c| c.settings.clone()).unwrap_or_default();
        let (root, manifest_paths) = match &key {
            GroupKey::Configured(cfg) => {
                (cfg.parent().unwrap_or(Path::new("/")).to_path_buf(), settings.manifests.clone())
            }
            GroupKey::Folder(dir) => {
                let root = config
                    .as_ref()
                    .and_then(|c| c.path.parent())
                    .map_or_else(|| dir.clone(), Path::to_path_buf);
                let entries = self.fs.list_dir(dir).unwrap_or_default();
                (root, entries.into_iter().filter(|p| formats::is_candidate(p)).collect())
            }
        };
        let mut ds = Dataset { root, settings: settings.clone(), ..Default::default() };
        if let Some(c) = &config {
            ds.sources.insert(c.path.clone(), c.text.clone());
        }
        ds.config = config;
        let mut has_labels = false;
        let listed = matches!(key, GroupKey::Configured(_)).then_some(FileKind::Dataset);
        for path in manifest_paths {
            let Some((text, parsed)) = self.take(&path, listed) else {
                continue;
            };
            if parsed.kind == FileKind::Labels {
                // Folder mode: label manifests are chosen below, by preference order.
                if !matches!(key, GroupKey::Configured(_)) {
                    continue;
                }
                has_labels = true;
            }
            ds.sources.insert(path, text);
            ds.files.push(parsed);
        }
        let configured_labels = settings.labels.is_some();
        let label_path = settings.labels.clone().or_else(|| {
            let dir = match &key {
                GroupKey::Folder(dir) => dir.clone(),
                GroupKey::Configured(_) => ds.root.clone(),
            };
            formats::LABEL_MANIFEST_NAMES
                .iter()
                .map(|n| dir.join(n))
                .find(|p| self.fs.read(p).is_ok())
        });
        if let Some(path) = label_path.filter(|_| !has_labels) {
            let listed = configured_labels.then_some(FileKind::Labels);
            if let Some((text, parsed)) = self.take(&path, listed) {
                ds.sources.insert(path, text);
                ds.files.push(parsed);
            }
        }
        self.load_predictions(&key, &mut ds);
        ds
    }

    /// The configured predictions file (an unreadable one is reported), else a sibling one.
    fn load_predictions(&mut self, key: &GroupKey, ds: &mut Dataset) {
        if !ds.files.iter().any(|f| f.kind == FileKind::Dataset) {
            return;
        }
        let found = match ds.settings.predictions.clone() {
            Some(path) => self.read(&path, true).map(|text| (path, text)),
            None => {
                let dir = match key {
                    GroupKey::Folder(dir) => dir.clone(),
                    GroupKey::Configured(_) => ds.root.clone(),
                };
                crate::eval::predictions::SIBLING_NAMES
                    .iter()
                    .map(|n| dir.join(n))
                    .find_map(|p| self.read(&p, false).map(|text| (p, text)))
            }
        };
        if let Some((path, text)) = found {
            ds.predictions = Some(crate::eval::predictions::read(&path, &text));
            ds.sources.insert(path, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_keeps_parents_that_climb_above_a_relative_start() {
        assert_eq!(normalize(Path::new("a/../../b")), Path::new("../b"));
        assert_eq!(normalize(Path::new("../../b")), Path::new("../../b"));
        assert_eq!(normalize(Path::new("/a/../../b")), Path::new("/b"));
        assert_eq!(normalize(Path::new("./a/./b/..")), Path::new("a"));
    }

    #[test]
    fn resolve_keeps_paths_inside_the_root() {
        let root = Path::new("/data/set");
        assert_eq!(
            resolve("images/a.png", root, root),
            Location::Local(PathBuf::from("/data/set/images/a.png"))
        );
        assert_eq!(
            resolve("./images/../b.png", root, root),
            Location::Local(PathBuf::from("/data/set/b.png"))
        );
        assert_eq!(
            resolve("../../etc/passwd", root, root),
            Location::OutsideRoot(PathBuf::from("/etc/passwd"))
        );
        assert_eq!(
            resolve("/etc/passwd", root, root),
            Location::OutsideRoot(PathBuf::from("/etc/passwd"))
        );
        assert_eq!(resolve("s3://bucket/a.png", root, root), Location::Remote);
        assert_eq!(resolve("HTTPS://x/a.png", root, root), Location::Remote);
        assert_eq!(
            resolve("/data/set/sub/x.png", Path::new("/data/set/sub"), root),
            Location::Local(PathBuf::from("/data/set/sub/x.png"))
        );
    }
}
