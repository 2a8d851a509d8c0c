//! Reading for discovery: every file is read at most once per run, parsed at most once, and a
//! file that cannot be read is reported only when it is ours (named by the user, listed by the
//! config, claimed by its name, or recognised by its content).

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{FileSystem, NotUtf8, Unreadable};
use crate::config::{self, CONFIG_NAMES, ConfigFile};
use crate::formats;
use crate::model::{FileKind, ParsedFile, Problem};

/// What reading a file gave.
#[derive(Clone)]
enum Read {
    Text(String),
    NotUtf8(NotUtf8),
    Missing,
    Failed(io::ErrorKind, String),
    /// Handed over to a dataset.
    Moved,
}

pub(super) struct Loader<'a> {
    fs: &'a dyn FileSystem,
    reads: BTreeMap<PathBuf, Read>,
    /// Parses of possible manifests; `None`: not a manifest (or unreadable).
    parsed: BTreeMap<PathBuf, Option<Arc<ParsedFile>>>,
    /// Config by path; `None`: no such file, or a `pyproject.toml` without our table.
    configs: BTreeMap<PathBuf, Option<ConfigFile>>,
    /// The config governing each folder (found upward), by folder.
    config_of_dir: BTreeMap<PathBuf, Option<PathBuf>>,
    /// Files the user named: part of their folder even when hidden or ignored.
    pub named: BTreeSet<PathBuf>,
    /// The candidate files of each folder in folder mode (see `discover::members`).
    pub members: BTreeMap<PathBuf, Vec<PathBuf>>,
    reported: BTreeSet<PathBuf>,
    pub unreadable: Vec<Unreadable>,
}

impl<'a> Loader<'a> {
    pub fn new(fs: &'a dyn FileSystem) -> Self {
        Loader {
            fs,
            reads: BTreeMap::new(),
            parsed: BTreeMap::new(),
            configs: BTreeMap::new(),
            config_of_dir: BTreeMap::new(),
            named: BTreeSet::new(),
            members: BTreeMap::new(),
            reported: BTreeSet::new(),
            unreadable: Vec::new(),
        }
    }

    pub fn fs(&self) -> &'a dyn FileSystem {
        self.fs
    }

    fn read(&mut self, path: &Path) -> &Read {
        let fs = self.fs;
        self.reads.entry(path.to_path_buf()).or_insert_with(|| match fs.read(path) {
            Ok(text) => Read::Text(text),
            Err(e) => match NotUtf8::of(&e) {
                Some(n) => Read::NotUtf8(n.clone()),
                None if e.kind() == io::ErrorKind::NotFound => Read::Missing,
                None => Read::Failed(e.kind(), e.to_string()),
            },
        })
    }

    /// Records that `path` could not be read, once.
    fn report(&mut self, path: &Path) {
        let error = match self.read(path) {
            Read::Text(_) | Read::Moved => return,
            Read::NotUtf8(n) => io::Error::new(io::ErrorKind::InvalidData, n.clone()),
            Read::Missing => io::Error::new(io::ErrorKind::NotFound, "no such file"),
            Read::Failed(kind, msg) => io::Error::new(*kind, msg.clone()),
        };
        if self.reported.insert(path.to_path_buf()) {
            self.unreadable.push(Unreadable { path: path.to_path_buf(), error });
        }
    }

    /// Reads and parses a file that may be a manifest. One that cannot be read is skipped
    /// silently unless `loud` (the user named it) or it is ours by name or content; one that
    /// is ours but not UTF-8 is read with a problem at its first bad byte.
    pub fn parse(&mut self, path: &Path, loud: bool) -> Option<&ParsedFile> {
        if !self.parsed.contains_key(path) {
            let fs = self.fs;
            let parsed = match self.read(path) {
                Read::Text(text) => {
                    fs.parsed(path).or_else(|| formats::read(path, text).map(Arc::new))
                }
                Read::NotUtf8(n) => {
                    formats::read(path, &n.text).map(|p| Arc::new(with_problem(p, n)))
                }
                Read::Missing | Read::Failed(..) | Read::Moved => None,
            };
            let claimed = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| formats::CLAIMED_NAMES.contains(&n.to_ascii_lowercase().as_str()));
            if parsed.is_none() && (loud || claimed) {
                self.report(path);
            }
            self.parsed.insert(path.to_path_buf(), parsed);
        }
        self.parsed.get(path).and_then(Option::as_deref)
    }

    /// Reads a file the config lists (`kind`: as what): always a file, with a problem when it
    /// matches no format; `None` (and reported) when it cannot be read.
    pub fn parse_listed(&mut self, path: &Path, kind: FileKind) -> Option<&ParsedFile> {
        if !matches!(self.parsed.get(path), Some(Some(_))) {
            let labels = kind == FileKind::Labels;
            let fs = self.fs;
            let parsed = match self.read(path) {
                Read::Text(text) => Some(
                    fs.parsed(path)
                        .unwrap_or_else(|| Arc::new(formats::read_listed(path, text, labels))),
                ),
                Read::NotUtf8(n) => {
                    Some(Arc::new(with_problem(formats::read_listed(path, &n.text, labels), n)))
                }
                Read::Missing | Read::Failed(..) | Read::Moved => None,
            };
            if parsed.is_none() {
                self.report(path);
            }
            self.parsed.insert(path.to_path_buf(), parsed);
        }
        self.parsed.get(path).and_then(Option::as_deref)
    }

    /// Refuses a file the config lists when a symlink leads it out of the dataset's `root`: it
    /// is never read, and reported as unreadable with where it leads. Paths that do not exist
    /// on disk (an open document, a test's file system) are left to the file system.
    pub fn refuse_outside(&mut self, path: &Path, root: &Path) {
        if self.reads.contains_key(path) {
            return;
        }
        let (Ok(real), Ok(root)) = (std::fs::canonicalize(path), std::fs::canonicalize(root))
        else {
            return;
        };
        if !real.starts_with(&root) {
            let msg = format!(
                "a symlink leads it out of the dataset's folder, to {}; it is not read",
                real.display()
            );
            self.reads
                .insert(path.to_path_buf(), Read::Failed(io::ErrorKind::PermissionDenied, msg));
        }
    }

    /// Whether `path` parses as a label manifest (read quietly).
    pub fn is_labels(&mut self, path: &Path) -> bool {
        self.parse(path, false).is_some_and(|p| p.kind == FileKind::Labels)
    }

    /// The text of a file that was read; `shared`: it may serve several datasets (copied),
    /// otherwise it is handed over.
    pub fn source(&mut self, path: &Path, shared: bool) -> String {
        let slot = self.reads.get_mut(path);
        let read = match slot {
            Some(r) if shared => r.clone(),
            Some(r) => std::mem::replace(r, Read::Moved),
            None => Read::Missing,
        };
        match read {
            Read::Text(t) => t,
            Read::NotUtf8(n) => n.text,
            _ => String::new(),
        }
    }

    /// The text of a sibling or configured file that is not a manifest (predictions), handed
    /// over unless `shared`; `None` when missing; reported when it exists but cannot be read.
    pub fn text(&mut self, path: &Path, loud: bool, shared: bool) -> Option<String> {
        match self.read(path) {
            Read::Text(_) => Some(self.source(path, shared)),
            Read::Missing if !loud => None,
            _ => {
                self.report(path);
                None
            }
        }
    }

    /// The config file at `path`, read and parsed once; `None` when there is none there.
    pub fn config(&mut self, path: &Path) -> Option<&ConfigFile> {
        if !self.configs.contains_key(path) {
            let pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
            let config = match self.read(path).clone() {
                Read::Text(t) if pyproject && !config::has_tool_table(&t) => None,
                Read::Text(t) => Some(config::parse(path, t)),
                Read::NotUtf8(n) if pyproject && !n.text.contains("conceptlint") => None,
                Read::NotUtf8(n) => {
                    let advice = "save the config as UTF-8 (a config that cannot be read is not replaced by defaults)";
                    Some(config::unreadable(path, n.text.clone(), n.first, n.message(advice)))
                }
                Read::Missing | Read::Moved => None,
                Read::Failed(_, msg) => Some(config::unreadable(
                    path,
                    String::new(),
                    Default::default(),
                    format!("cannot read this config: {msg}"),
                )),
            };
            self.configs.insert(path.to_path_buf(), config);
        }
        self.configs.get(path).and_then(Option::as_ref)
    }

    /// The path of the config governing `dir`: the nearest folder upward with one.
    pub fn config_path_for(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.config_of_dir.get(dir) {
            return found.clone();
        }
        let here = CONFIG_NAMES.iter().map(|n| dir.join(n)).find(|p| self.config(p).is_some());
        let found = here.or_else(|| dir.parent().and_then(|up| self.config_path_for(up)));
        self.config_of_dir.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The config governing `dir`.
    pub fn config_for(&mut self, dir: &Path) -> Option<ConfigFile> {
        let path = self.config_path_for(dir)?;
        self.config(&path).cloned()
    }

    /// Takes the parse of a file for a dataset (shared when `shared`).
    pub fn take(&mut self, path: &Path, shared: bool) -> Option<Arc<ParsedFile>> {
        if shared {
            self.parsed.get(path).cloned().flatten()
        } else {
            self.parsed.get_mut(path).and_then(Option::take)
        }
    }
}

fn with_problem(mut parsed: ParsedFile, n: &NotUtf8) -> ParsedFile {
    let advice = "save the file as UTF-8 (it was read with `?` in place of such bytes)";
    parsed.problems.insert(0, Problem::new(n.first, n.message(advice)));
    parsed
}
