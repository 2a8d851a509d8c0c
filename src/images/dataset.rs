//! The image facts of a whole dataset: every input's status, probing in parallel through the
//! cache.
//!
//! Invariants: a declared size wins without opening anything; a remote location is never
//! fetched; a path outside the root (lexically, or through a symlink) is never opened, and a
//! lexically outside path is not even `stat`ed; each distinct path is probed once.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ffi::{OsStr, OsString};
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::cache::{Cache, FileKey};
use super::probe::{Header, io_status, read_header};
use super::{ImageFacts, ImageStatus};
use crate::engine::Dataset;
use crate::workspace::{self, Location};

/// What became of one distinct local path.
struct Checked {
    status: ImageStatus,
    /// The cache key and header when the cache should learn or refresh it.
    learn: Option<(PathBuf, FileKey, Header)>,
    /// The canonical path of a cache hit.
    hit: Option<PathBuf>,
}

/// Decides the status of every input of every dataset manifest of `dataset`.
///
/// `progress(done, total)` is called from worker threads now and then, and once with
/// `done == total`, where `total` is the number of distinct files to probe.
pub fn probe_dataset(
    dataset: &Dataset,
    cache: Option<&mut Cache>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> ImageFacts {
    let mut per_file: Vec<Vec<ImageStatus>> = vec![Vec::new(); dataset.files.len()];
    // Inputs waiting for a probe: (file, input, index into `paths`).
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    // Keyed by the path's bytes: hashing a `Path` walks its components, many times slower.
    let mut index: HashMap<OsString, usize> = HashMap::default();
    for (f, file) in dataset.manifests() {
        let resolver = dataset.resolver(file);
        // Resolving is pure string work: both cores; deduplicating stays in input order.
        let located: Vec<Result<Location, ImageStatus>> = file
            .inputs
            .par_iter()
            .map(|input| {
                if let Some((width, height)) = input.declared_size {
                    Err(ImageStatus::Declared { width, height })
                } else if input.location.trim().is_empty() {
                    Err(ImageStatus::NotChecked)
                } else {
                    Ok(resolver.resolve(&input.location))
                }
            })
            .collect();
        let statuses = &mut per_file[f];
        statuses.reserve(located.len());
        for (i, located) in located.into_iter().enumerate() {
            let status = match located {
                Err(status) => status,
                Ok(Location::Remote) => ImageStatus::Remote,
                Ok(Location::OutsideRoot(path)) => ImageStatus::OutsideRoot { path },
                Ok(Location::Local(path)) => {
                    let k = match index.get(path.as_os_str()) {
                        Some(&k) => k,
                        None => {
                            index.insert(path.clone().into_os_string(), paths.len());
                            paths.push(path);
                            paths.len() - 1
                        }
                    };
                    pending.push((f, i, k));
                    ImageStatus::NotChecked
                }
            };
            statuses.push(status);
        }
    }

    let root = std::fs::canonicalize(&dataset.root)
        .unwrap_or_else(|_| workspace::normalize(&dataset.root));
    let total = paths.len();
    let step = total.div_ceil(100).max(1);
    let done = AtomicUsize::new(0);
    if total > 0 {
        progress(0, total);
    }
    let lexical_root = workspace::normalize(&dataset.root);
    let folders = canonical_folders(&paths, &lexical_root);
    let shared: Option<&Cache> = cache.as_deref();
    let checked: Vec<Checked> = paths
        .par_iter()
        .map(|path| {
            let folder = path.parent().and_then(|d| folders.get(d.as_os_str()));
            let c = check_local(path, folder, &root, shared);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n == total || n.is_multiple_of(step) {
                progress(n, total);
            }
            c
        })
        .collect();

    if let Some(cache) = cache {
        for c in &checked {
            if let Some(path) = &c.hit {
                cache.touch(path);
            }
            if let Some((path, key, header)) = &c.learn {
                cache.insert(path.clone(), *key, header.clone());
            }
        }
    }
    for (f, i, k) in pending {
        if let (Some(slot), Some(c)) = (per_file[f].get_mut(i), checked.get(k)) {
            *slot = c.status.clone();
        }
    }
    ImageFacts { per_file: per_file.into_iter().map(Into::into).collect() }
}

/// The canonical form of every folder holding one of `paths` (inside the root), so that each
/// file costs one `lstat` instead of a `realpath` walk; the error kind where it cannot be
/// resolved (a missing folder answers for all of its files at once).
pub(super) fn canonical_folders(
    paths: &[PathBuf],
    root: &Path,
) -> HashMap<OsString, Result<PathBuf, std::io::ErrorKind>> {
    let distinct: HashSet<&OsStr> =
        paths.iter().filter_map(|p| p.parent()).map(Path::as_os_str).collect();
    let folders: Vec<&Path> =
        distinct.into_iter().map(Path::new).filter(|d| d.starts_with(root)).collect();
    folders
        .par_iter()
        .map(|d| (d.as_os_str().to_owned(), std::fs::canonicalize(d).map_err(|e| e.kind())))
        .collect()
}

/// Probes one path that is lexically inside the root (`root` is canonical; `folder` is the
/// canonical form of the path's folder when known).
fn check_local(path: &Path, folder: Folder<'_>, root: &Path, cache: Option<&Cache>) -> Checked {
    let done = |status| Checked { status, learn: None, hit: None };
    let (real, meta) = match locate(path, folder, root) {
        Ok(Located::Inside(real, meta)) => (real, meta),
        // A symlink out of the root: reported with its target, never opened.
        Ok(Located::Outside(real)) => return done(ImageStatus::OutsideRoot { path: real }),
        Err(e) => return done(io_status(path, &e)),
    };
    let key = FileKey::of(&meta);
    if let (Some(cache), Some(key)) = (cache, key)
        && let Some(header) = cache.get(&real, key)
    {
        return Checked { status: header.clone().into_status(path), learn: None, hit: Some(real) };
    }
    match read_header(&real, &meta) {
        Ok(header) => Checked {
            status: header.clone().into_status(path),
            learn: key.filter(|_| cache.is_some()).map(|key| (real, key, header)),
            hit: None,
        },
        Err(reason) => done(ImageStatus::Unreadable { path: path.to_path_buf(), reason }),
    }
}

pub(super) enum Located {
    /// The canonical path, inside the root, and its metadata.
    Inside(PathBuf, Metadata),
    /// Symlinks lead out of the root, to this path: it is not opened.
    Outside(PathBuf),
}

/// What [`canonical_folders`] knows of a path's folder, if anything.
pub(super) type Folder<'a> = Option<&'a Result<PathBuf, std::io::ErrorKind>>;

/// Where `path` really is (symlinks followed), and its metadata when that is inside `root`.
pub(super) fn locate(path: &Path, folder: Folder<'_>, root: &Path) -> std::io::Result<Located> {
    if let Some(Err(std::io::ErrorKind::NotFound)) = folder {
        // Its folder does not exist (images not downloaded, say): neither does the file.
        return Err(std::io::ErrorKind::NotFound.into());
    }
    let folder = folder.and_then(|f| f.as_deref().ok());
    if let (Some(folder), Some(name)) = (folder, path.file_name()) {
        let real = folder.join(name);
        if !real.starts_with(root) {
            // The folder is (or passes through) a symlink out of the root: do not look.
            return Ok(Located::Outside(real));
        }
        let meta = std::fs::symlink_metadata(&real)?;
        if !meta.file_type().is_symlink() {
            return Ok(Located::Inside(real, meta));
        }
    }
    let real = std::fs::canonicalize(path)?;
    if !real.starts_with(root) {
        return Ok(Located::Outside(real));
    }
    let meta = std::fs::metadata(&real)?;
    Ok(Located::Inside(real, meta))
}

#[cfg(test)]
#[path = "dataset_tests.rs"]
mod tests;
