//! The on-disk cache of image facts, in `<root>/.conceptlint_cache/` (like `.ruff_cache`): header
//! probes in `images-v2.bin` (compact: see [`super::header_table`]), content and perceptual
//! hashes in `hashes-v1.json` (read only when hashes are asked for).
//!
//! Invariants: an entry is used only when the file's absolute path, size and modification time
//! (nanoseconds) all match; a missing, corrupt or other-version cache file means an empty cache,
//! never an error; a file is replaced atomically (temporary file, then rename), so a reader
//! never sees half a cache.

use rustc_hash::FxHashMap as HashMap;
use std::fs::{self, Metadata};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Serialize, de::DeserializeOwned};

use super::hash::Hashes;
use super::header_table::{self, HeaderTable};
use super::probe::Header;

/// The cache folder's name, created in the folder given to [`Cache::open`].
pub const CACHE_DIR: &str = ".conceptlint_cache";
/// Entries not used for this long are dropped.
const MAX_AGE_SECS: u64 = 30 * 24 * 3600;
/// `seen` is refreshed at most this often, so an unchanged dataset does not rewrite the file.
const SEEN_RESOLUTION_SECS: u64 = 24 * 3600;

/// One cache file: its name is `{prefix}{version}.{extension}`; `version` is bumped whenever the
/// layout or the meaning of its facts changes, and files of other versions are deleted.
#[derive(Debug)]
struct Kind {
    prefix: &'static str,
    version: u32,
    extension: &'static str,
}

const HEADERS: Kind = Kind { prefix: "images-v", version: 2, extension: "bin" };
const HASHES: Kind = Kind { prefix: "hashes-v", version: 1, extension: "json" };

const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by conceptlint.\n\
# For information about cache directory tags, see:\n\
#\thttps://bford.info/cachedir/\n";
const GITIGNORE: &str = "# Automatically created by conceptlint.\n*\n";

/// What identifies one version of a file's content, short of reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileKey {
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch.
    pub mtime_ns: u64,
}

impl FileKey {
    /// `None` when the platform gives no usable modification time: such files are not cached.
    pub fn of(meta: &Metadata) -> Option<FileKey> {
        let since = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(FileKey { size: meta.len(), mtime_ns: u64::try_from(since.as_nanos()).ok()? })
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Record<T> {
    path: String,
    #[serde(flatten)]
    key: FileKey,
    /// Last run that used the entry, in seconds since the Unix epoch.
    seen: u64,
    #[serde(flatten)]
    value: T,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct CacheFile<T> {
    version: u32,
    entries: Vec<Record<T>>,
}

#[derive(Clone, Debug)]
struct Entry<T> {
    key: FileKey,
    seen: u64,
    value: T,
}

/// The facts of one kind, by canonical path.
#[derive(Debug)]
pub(crate) struct Table<T> {
    kind: &'static Kind,
    entries: HashMap<PathBuf, Entry<T>>,
    now: u64,
    dirty: bool,
}

impl<T: Clone + Serialize + DeserializeOwned> Table<T> {
    fn load(dir: &Path, kind: &'static Kind, now: u64) -> Table<T> {
        let mut table = Table { kind, entries: HashMap::default(), now, dirty: false };
        let Ok(bytes) = fs::read(dir.join(kind.file_name())) else {
            return table;
        };
        let Ok(file) = serde_json::from_slice::<CacheFile<T>>(&bytes) else {
            return table;
        };
        if file.version != kind.version {
            return table;
        }
        for r in file.entries {
            if now.saturating_sub(r.seen) > MAX_AGE_SECS {
                table.dirty = true;
                continue;
            }
            let entry = Entry { key: r.key, seen: r.seen, value: r.value };
            table.entries.insert(PathBuf::from(r.path), entry);
        }
        table
    }

    /// The cached value of the file at `path` (absolute, canonical) if it is unchanged.
    pub(crate) fn get(&self, path: &Path, key: FileKey) -> Option<&T> {
        self.entries.get(path).filter(|e| e.key == key).map(|e| &e.value)
    }

    /// Records that the entry of `path` was used by this run.
    pub(crate) fn touch(&mut self, path: &Path) {
        if let Some(e) = self.entries.get_mut(path)
            && self.now.saturating_sub(e.seen) >= SEEN_RESOLUTION_SECS
        {
            e.seen = self.now;
            self.dirty = true;
        }
    }

    /// Stores a fresh value. Paths that are not UTF-8 are not cached.
    pub(crate) fn insert(&mut self, path: PathBuf, key: FileKey, value: T) {
        if path.to_str().is_none() {
            return;
        }
        self.entries.insert(path, Entry { key, seen: self.now, value });
        self.dirty = true;
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Writes the table if anything changed, then deletes its other versions.
    fn save(&mut self, dir: &Path) -> io::Result<()> {
        if !self.dirty {
            return Ok(());
        }
        let mut entries: Vec<Record<T>> = self
            .entries
            .iter()
            .filter_map(|(path, e)| {
                let path = path.to_str()?.to_string();
                Some(Record { path, key: e.key, seen: e.seen, value: e.value.clone() })
            })
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let file = CacheFile { version: self.kind.version, entries };
        let name = self.kind.file_name();
        let tmp = dir.join(format!("{name}.{}.tmp", std::process::id()));
        let written = write_json(&tmp, &file).and_then(|()| fs::rename(&tmp, dir.join(&name)));
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written?;
        self.kind.remove_other_versions(dir);
        self.dirty = false;
        Ok(())
    }
}

impl Kind {
    fn file_name(&self) -> String {
        format!("{}{}.{}", self.prefix, self.version, self.extension)
    }

    /// Deletes cache files of other versions (best effort).
    fn remove_other_versions(&self, dir: &Path) {
        let Ok(read) = fs::read_dir(dir) else {
            return;
        };
        let current = self.file_name();
        for entry in read.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let cache_file = name.ends_with(".json") || name.ends_with(".bin");
            if name.starts_with(self.prefix) && cache_file && name != current {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Image facts of one dataset root, loaded once and saved once.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    now: u64,
    headers: Headers,
    /// Loaded on first use: a run that needs no hashes does not read them.
    hashes: Option<Table<Hashes>>,
}

impl Cache {
    /// Loads the cache kept under `root` (the dataset root). Never fails: anything unusable
    /// gives an empty cache.
    pub fn open(root: &Path) -> Cache {
        let dir = root.join(CACHE_DIR);
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let headers = Headers::load(&dir, now);
        Cache { dir, now, headers, hashes: None }
    }

    /// The cache folder (`<root>/.conceptlint_cache`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The header cache file.
    pub fn file(&self) -> PathBuf {
        self.dir.join(HEADERS.file_name())
    }

    /// The hash cache file.
    pub fn hashes_file(&self) -> PathBuf {
        self.dir.join(HASHES.file_name())
    }

    /// Number of cached header probes.
    pub fn len(&self) -> usize {
        self.headers.table.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cached header of the file at `path` (absolute, canonical) if it is unchanged.
    pub(crate) fn get(&self, path: &Path, key: FileKey) -> Option<&Header> {
        self.headers.table.get(path).filter(|e| e.key == key).map(|e| &e.header)
    }

    /// Records that the header entry of `path` was used by this run.
    pub(crate) fn touch(&mut self, path: &Path) {
        let now = self.now;
        if let Some(e) = self.headers.table.get_mut(path)
            && now.saturating_sub(e.seen) >= SEEN_RESOLUTION_SECS
        {
            e.seen = now;
            self.headers.dirty = true;
        }
    }

    /// Stores a fresh probe. Paths that are not UTF-8 are not cached.
    pub(crate) fn insert(&mut self, path: PathBuf, key: FileKey, header: Header) {
        let entry = header_table::Entry { key, seen: self.now, header };
        self.headers.dirty |= self.headers.table.insert(&path, entry);
    }

    /// The hash table, read from disk on first use.
    pub(crate) fn hashes(&mut self) -> &mut Table<Hashes> {
        let (dir, now) = (&self.dir, self.now);
        self.hashes.get_or_insert_with(|| Table::load(dir, &HASHES, now))
    }

    /// Writes what changed. Errors (a read-only folder, a full disk) mean the cache is not
    /// kept; the caller may log them.
    pub fn save(&mut self) -> io::Result<()> {
        let hashes_dirty = self.hashes.as_ref().is_some_and(|t| t.dirty);
        if !self.headers.dirty && !hashes_dirty {
            return Ok(());
        }
        fs::create_dir_all(&self.dir)?;
        write_if_missing(&self.dir.join(".gitignore"), GITIGNORE)?;
        write_if_missing(&self.dir.join("CACHEDIR.TAG"), CACHEDIR_TAG)?;
        self.headers.save(&self.dir)?;
        if let Some(hashes) = &mut self.hashes {
            hashes.save(&self.dir)?;
        }
        Ok(())
    }
}

/// The header table and whether it changed since it was read.
#[derive(Debug)]
struct Headers {
    table: HeaderTable,
    dirty: bool,
}

impl Headers {
    fn load(dir: &Path, now: u64) -> Headers {
        let table = fs::read(dir.join(HEADERS.file_name()))
            .ok()
            .and_then(|bytes| HeaderTable::decode(&bytes))
            .unwrap_or_default();
        let mut headers = Headers { table, dirty: false };
        let before = headers.table.entries.len();
        headers.table.entries.retain(|_, e| now.saturating_sub(e.seen) <= MAX_AGE_SECS);
        headers.dirty = headers.table.entries.len() != before;
        headers
    }

    /// Writes the table if anything changed, then deletes its other versions.
    fn save(&mut self, dir: &Path) -> io::Result<()> {
        if !self.dirty {
            return Ok(());
        }
        write_atomically(dir, &HEADERS.file_name(), &self.table.encode())?;
        HEADERS.remove_other_versions(dir);
        self.dirty = false;
        Ok(())
    }
}

/// Writes `bytes` to `dir/name` through a temporary file and a rename.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let tmp = dir.join(format!("{name}.{}.tmp", std::process::id()));
    let written = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, dir.join(name)));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

fn write_json<T: Serialize>(path: &Path, file: &CacheFile<T>) -> io::Result<()> {
    let mut out = BufWriter::new(fs::File::create(path)?);
    serde_json::to_writer(&mut out, file)?;
    out.flush()
}

fn write_if_missing(path: &Path, text: &str) -> io::Result<()> {
    if path.exists() { Ok(()) } else { fs::write(path, text) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::hash::Pixels;

    fn header(w: u32) -> Header {
        Header::Image { width: w, height: 10, format: "png".into(), bytes: 99 }
    }

    const KEY: FileKey = FileKey { size: 99, mtime_ns: 1_700_000_000_123_456_789 };

    #[test]
    fn round_trip_with_gitignore_and_tag() {
        let root = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(root.path());
        assert!(cache.is_empty());
        cache.insert(PathBuf::from("/d/a.png"), KEY, header(1));
        cache.insert(
            PathBuf::from("/d/b.png"),
            KEY,
            Header::Invalid { reason: "truncated png header".into() },
        );
        cache.save().unwrap();
        let dir = root.path().join(".conceptlint_cache");
        assert_eq!(fs::read_to_string(dir.join(".gitignore")).unwrap(), GITIGNORE);
        assert!(
            fs::read_to_string(dir.join("CACHEDIR.TAG"))
                .unwrap()
                .starts_with("Signature: 8a477f597d28d172789f06886806bc55\n")
        );
        let names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 3, "no temporary file left: {names:?}");

        let again = Cache::open(root.path());
        assert_eq!(again.len(), 2);
        assert_eq!(again.get(Path::new("/d/a.png"), KEY), Some(&header(1)));
        assert_eq!(
            again.get(Path::new("/d/b.png"), KEY),
            Some(&Header::Invalid { reason: "truncated png header".into() })
        );
        // Size or mtime differ: no hit.
        assert_eq!(again.get(Path::new("/d/a.png"), FileKey { size: 100, ..KEY }), None);
        let later = FileKey { mtime_ns: KEY.mtime_ns + 1, ..KEY };
        assert_eq!(again.get(Path::new("/d/a.png"), later), None);
    }

    #[test]
    fn corrupt_or_other_version_files_start_empty() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(CACHE_DIR);
        fs::create_dir_all(&dir).unwrap();
        for text in [
            "{\"version\": 1, \"entries\": [{\"path\": \"/a\", \"si",
            "\u{0}\u{1}garbage",
            "{\"version\": 999, \"entries\": []}",
            "[]",
        ] {
            fs::write(dir.join(HEADERS.file_name()), text).unwrap();
            let mut cache = Cache::open(root.path());
            assert!(cache.is_empty(), "{text}");
            cache.insert(PathBuf::from("/x.png"), KEY, header(5));
            cache.save().unwrap();
            assert_eq!(Cache::open(root.path()).get(Path::new("/x.png"), KEY), Some(&header(5)));
        }
    }

    #[test]
    fn old_entries_are_dropped_and_old_versions_removed() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(CACHE_DIR);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("images-v0.json"), "{}").unwrap();
        let mut cache = Cache::open(root.path());
        cache.insert(PathBuf::from("/old.png"), KEY, header(1));
        cache.insert(PathBuf::from("/new.png"), KEY, header(2));
        cache.headers.table.get_mut(Path::new("/old.png")).unwrap().seen = 1;
        cache.save().unwrap();
        assert!(!dir.join("images-v0.json").exists());
        let again = Cache::open(root.path());
        assert_eq!(again.len(), 1);
        assert!(again.get(Path::new("/new.png"), KEY).is_some());
    }

    #[test]
    fn a_version_1_json_header_cache_is_ignored_then_removed() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(CACHE_DIR);
        fs::create_dir_all(&dir).unwrap();
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
        let old = format!(
            r#"{{"version":1,"entries":[{{"path":"/d/a.png","size":99,"mtime_ns":{},"seen":{now},"header":{{"h":"image","width":1,"height":10,"format":"png","bytes":99}}}}]}}"#,
            KEY.mtime_ns
        );
        fs::write(dir.join("images-v1.json"), &old).unwrap();
        let mut cache = Cache::open(root.path());
        assert!(cache.is_empty(), "an old layout is never trusted");
        cache.insert(PathBuf::from("/d/a.png"), KEY, header(1));
        cache.save().unwrap();
        assert!(!dir.join("images-v1.json").exists());
        assert_eq!(cache.file(), dir.join("images-v2.bin"));
        assert_eq!(Cache::open(root.path()).get(Path::new("/d/a.png"), KEY), Some(&header(1)));
    }

    #[test]
    fn saving_new_hashes_leaves_the_header_file_byte_for_byte() {
        let root = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(root.path());
        cache.insert(PathBuf::from("/d/a.png"), KEY, header(1));
        cache.save().unwrap();
        let before = fs::read(cache.file()).unwrap();
        let mut cache = Cache::open(root.path());
        assert_eq!(cache.get(Path::new("/d/a.png"), KEY), Some(&header(1)));
        let h = Hashes { content: 7, pixels: Pixels::Flat };
        cache.hashes().insert(PathBuf::from("/d/a.png"), KEY, h);
        cache.save().unwrap();
        assert_eq!(fs::read(cache.file()).unwrap(), before);
        assert!(cache.hashes_file().exists());
    }

    #[test]
    fn hashes_round_trip_in_their_own_file_read_on_demand() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(CACHE_DIR);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("hashes-v0.json"), "{}").unwrap();
        let mut cache = Cache::open(root.path());
        let h = Hashes {
            content: u128::MAX - 3,
            pixels: Pixels::Hash { hash: 0xfeed, colour: vec![1, 2, 3] },
        };
        cache.hashes().insert(PathBuf::from("/d/a.png"), KEY, h.clone());
        cache.save().unwrap();
        assert!(!dir.join("hashes-v0.json").exists(), "other versions are removed");
        assert!(!dir.join("images-v2.bin").exists(), "no headers, no header file");

        let mut again = Cache::open(root.path());
        assert!(again.hashes.is_none(), "not read until asked for");
        assert!(again.is_empty());
        assert_eq!(again.hashes().get(Path::new("/d/a.png"), KEY), Some(&h));
        let later = FileKey { mtime_ns: KEY.mtime_ns + 1, ..KEY };
        assert_eq!(again.hashes().get(Path::new("/d/a.png"), later), None);
        assert_eq!(again.hashes_file(), dir.join("hashes-v1.json"));
        // A corrupt hash file is an empty table; headers are unaffected.
        fs::write(again.hashes_file(), "{\"version\":1,\"entries\":[{\"pa").unwrap();
        assert_eq!(Cache::open(root.path()).hashes().len(), 0);
    }

    #[test]
    fn unchanged_cache_is_not_rewritten() {
        let root = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(root.path());
        cache.save().unwrap();
        assert!(!root.path().join(CACHE_DIR).exists(), "nothing to save, nothing created");
        cache.insert(PathBuf::from("/a.png"), KEY, header(1));
        cache.save().unwrap();
        let mut again = Cache::open(root.path());
        fs::remove_file(again.file()).unwrap();
        again.touch(Path::new("/a.png"));
        again.save().unwrap();
        assert!(!again.file().exists(), "a fresh `seen` does not force a rewrite");
    }

    #[test]
    fn unwritable_cache_folder_is_an_error() {
        let root = tempfile::tempdir().unwrap();
        // A file where the folder should be: works even when running as root.
        fs::write(root.path().join(CACHE_DIR), "not a folder").unwrap();
        let mut cache = Cache::open(root.path());
        assert!(cache.is_empty());
        cache.insert(PathBuf::from("/a.png"), KEY, header(1));
        assert!(cache.save().is_err());
    }

    #[cfg(unix)]
    #[test]
    fn read_only_folder_is_an_error_not_a_panic() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let ro = root.path().join("ro");
        fs::create_dir(&ro).unwrap();
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
        if fs::write(ro.join("probe"), "").is_ok() {
            return; // Running as root: permissions are not enforced.
        }
        let mut cache = Cache::open(&ro);
        cache.insert(PathBuf::from("/a.png"), KEY, header(1));
        assert!(cache.save().is_err());
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    }
}
