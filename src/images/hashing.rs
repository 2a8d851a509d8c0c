//! The hashes of a whole dataset's images: content and perceptual hashes of every local image,
//! computed in parallel through the cache. Separate from the header probe: it reads whole
//! files and decodes them, so it runs only when a rule needs it, after the probe.
//!
//! Invariants: the same as the probe's (a remote location is never fetched, a path outside the
//! root, lexically or through a symlink, is never opened); an input the probe found missing,
//! unreadable or outside the root is not read again; each distinct path is hashed once.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::cache::{Cache, FileKey};
use super::dataset::{Located, canonical_folders, locate};
use super::hash::{Hashes, hash_file};
use super::{ImageFacts, ImageStatus};
use crate::engine::Dataset;
use crate::workspace::{self, Location};

/// The hashes of a dataset's images.
#[derive(Clone, Debug, Default)]
pub struct HashFacts {
    /// Each distinct image file that was hashed: its path (resolved, as the manifest leads to
    /// it) and its hashes.
    /// Shared: an analysis after an edit reuses the previous one's hashes without copying them.
    pub images: Arc<Vec<(PathBuf, Hashes)>>,
    /// `per_file[f][i]`: the index in `images` of input `i` of file `f`; `None` when it was not
    /// hashed (remote, missing, unreadable, outside the root, or hashing did not run).
    pub per_file: Vec<Vec<Option<usize>>>,
}

impl HashFacts {
    /// The index in `images` of an input's image.
    pub fn image_of(&self, file: usize, input: usize) -> Option<usize> {
        self.per_file.get(file).and_then(|v| v.get(input)).copied().flatten()
    }

    /// The hashes of an input's image.
    pub fn get(&self, file: usize, input: usize) -> Option<&Hashes> {
        self.image_of(file, input).and_then(|k| self.images.get(k)).map(|(_, h)| h)
    }
}

/// What became of one distinct path.
struct Hashed {
    hashes: Option<Hashes>,
    /// The canonical path and key, and whether the cache should learn the hashes (else it had
    /// them).
    cached: Option<(PathBuf, FileKey, bool)>,
}

/// Hashes the image of every input whose header probe did not rule it out (`facts` may be
/// empty: then every local image is tried).
///
/// `progress(done, total)` is called from worker threads now and then, and once with
/// `done == total`, where `total` is the number of distinct files to hash.
pub fn hash_dataset(
    dataset: &Dataset,
    facts: &ImageFacts,
    cache: Option<&mut Cache>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> HashFacts {
    let mut per_file: Vec<Vec<Option<usize>>> = vec![Vec::new(); dataset.files.len()];
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut index: HashMap<PathBuf, usize> = HashMap::default();
    for (f, file) in dataset.manifests() {
        let resolver = dataset.resolver(file);
        per_file[f] = vec![None; file.inputs.len()];
        for (i, input) in file.inputs.iter().enumerate() {
            let ruled_out = matches!(
                facts.get(f, i),
                ImageStatus::NotFound { .. }
                    | ImageStatus::Unreadable { .. }
                    | ImageStatus::OutsideRoot { .. }
                    | ImageStatus::Remote
            );
            if ruled_out || input.location.trim().is_empty() {
                continue;
            }
            if let Location::Local(path) = resolver.resolve(&input.location) {
                let next = paths.len();
                let k = *index.entry(path.clone()).or_insert(next);
                if k == next {
                    paths.push(path);
                }
                pending.push((f, i, k));
            }
        }
    }

    let root = std::fs::canonicalize(&dataset.root)
        .unwrap_or_else(|_| workspace::normalize(&dataset.root));
    let folders = canonical_folders(&paths, &workspace::normalize(&dataset.root));
    let total = paths.len();
    let step = total.div_ceil(100).max(1);
    let done = AtomicUsize::new(0);
    if total > 0 {
        progress(0, total);
    }
    let table = cache.map(Cache::hashes);
    let shared = table.as_deref();
    let hashed: Vec<Hashed> = paths
        .par_iter()
        .map(|path| {
            let folder = path.parent().and_then(|d| folders.get(d.as_os_str()));
            let h = hash_one(path, folder, &root, shared);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n == total || n.is_multiple_of(step) {
                progress(n, total);
            }
            h
        })
        .collect();

    if let Some(table) = table {
        for h in &hashed {
            match (&h.cached, &h.hashes) {
                (Some((path, key, true)), Some(hashes)) => {
                    table.insert(path.clone(), *key, hashes.clone());
                }
                (Some((path, _, false)), _) => table.touch(path),
                _ => {}
            }
        }
    }
    let mut images = Vec::new();
    let mut slot: Vec<Option<usize>> = vec![None; paths.len()];
    for (k, (path, h)) in paths.into_iter().zip(hashed).enumerate() {
        if let Some(hashes) = h.hashes {
            slot[k] = Some(images.len());
            images.push((path, hashes));
        }
    }
    for (f, i, k) in pending {
        if let Some(s) = per_file.get_mut(f).and_then(|v| v.get_mut(i)) {
            *s = slot[k];
        }
    }
    HashFacts { images: Arc::new(images), per_file }
}

/// Hashes one path that is lexically inside the root (`root` is canonical).
fn hash_one(
    path: &Path,
    folder: super::dataset::Folder<'_>,
    root: &Path,
    table: Option<&super::cache::Table<Hashes>>,
) -> Hashed {
    let none = Hashed { hashes: None, cached: None };
    let Ok(Located::Inside(real, meta)) = locate(path, folder, root) else {
        return none;
    };
    let key = FileKey::of(&meta);
    if let (Some(table), Some(key)) = (table, key)
        && let Some(hashes) = table.get(&real, key)
    {
        return Hashed { hashes: Some(hashes.clone()), cached: Some((real, key, false)) };
    }
    match hash_file(&real, &meta) {
        Ok(hashes) => Hashed {
            hashes: Some(hashes),
            cached: key.filter(|_| table.is_some()).map(|key| (real, key, true)),
        },
        Err(_) => none,
    }
}

#[cfg(test)]
#[path = "hashing_tests.rs"]
mod tests;
