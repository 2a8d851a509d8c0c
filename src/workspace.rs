//! Which files form one dataset, and where an input's image is.
//!
//! A dataset is every manifest governed by one config's `manifests` list, or, without one, the
//! manifests of one folder; with the label manifest the config names or the folder holds.
//! Reading goes through [`FileSystem`] so that the server's open documents win over the disk.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::engine::Dataset;
use crate::model::{ParsedFile, Span};

mod discover;
mod loader;
mod redact;

pub use discover::{discover, is_config_name};
pub use redact::{mask_credentials, redact_credentials};

/// Where files come from.
pub trait FileSystem: Sync {
    fn read(&self, path: &Path) -> io::Result<String>;
    /// The entries of a folder (files and folders), sorted.
    fn list_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>>;
    /// A parse of `path`'s current text that is already known (the server keeps open documents
    /// parsed and updates them incrementally); `None` means: read and parse it.
    fn parsed(&self, _path: &Path) -> Option<std::sync::Arc<ParsedFile>> {
        None
    }
}

/// The disk.
pub struct DiskFs;

impl FileSystem for DiskFs {
    fn read(&self, path: &Path) -> io::Result<String> {
        let bytes = std::fs::read(path)?;
        String::from_utf8(bytes)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, NotUtf8::new(e.as_bytes())))
    }
    fn list_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut out: Vec<PathBuf> =
            std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        out.sort();
        Ok(out)
    }
}

/// The error payload of a file that is not UTF-8 ([`DiskFs::read`] returns it as an
/// `InvalidData` error), with its text made readable so the problem can be placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotUtf8 {
    /// The file's text with every byte that is not UTF-8 replaced by `?`: byte offsets are the
    /// file's own.
    pub text: String,
    /// The first run of bytes that are not UTF-8.
    pub first: Span,
    /// Those bytes.
    pub bytes: Vec<u8>,
    /// How many bytes are not UTF-8 in all.
    pub count: usize,
}

impl NotUtf8 {
    pub fn new(bytes: &[u8]) -> Self {
        let mut text = String::with_capacity(bytes.len());
        let (mut first, mut count) = (None, 0);
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            let bad = chunk.invalid();
            if !bad.is_empty() {
                first.get_or_insert(Span::new(text.len(), text.len() + bad.len()));
                count += bad.len();
                text.extend(std::iter::repeat_n('?', bad.len()));
            }
        }
        let first = first.unwrap_or_default();
        let bytes = bytes.get(first.start..first.end).unwrap_or_default().to_vec();
        NotUtf8 { text, first, bytes, count }
    }

    /// The error of an I/O read, when it is this.
    pub fn of(error: &io::Error) -> Option<&NotUtf8> {
        error.get_ref().and_then(|e| e.downcast_ref::<NotUtf8>())
    }

    /// What to tell the user, at [`NotUtf8::first`]; `advice` follows.
    pub fn message(&self, advice: &str) -> String {
        let shown: Vec<String> = self.bytes.iter().map(|b| format!("0x{b:02X}")).collect();
        let more = match self.count - self.bytes.len() {
            0 => String::new(),
            n => format!(" ({n} more invalid byte{} after it)", if n == 1 { "" } else { "s" }),
        };
        format!("not UTF-8 text: byte {} cannot be decoded{more}; {advice}", shown.join(" "))
    }
}

impl std::fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let before = &self.text[..self.first.start];
        let line = before.matches('\n').count() + 1;
        let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        let shown: Vec<String> = self.bytes.iter().map(|b| format!("0x{b:02X}")).collect();
        write!(f, "not UTF-8 text (line {line}, column {col}: byte {})", shown.join(" "))
    }
}

impl std::error::Error for NotUtf8 {}

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
    Resolver::new(base, root).resolve(location)
}

/// [`resolve`] for the many locations of one manifest: `base` and `root` are normalized once,
/// and a plain relative location (no `.`, `..`, empty or absolute part) is joined to the base
/// without walking components, the common case of large manifests.
pub struct Resolver {
    base: PathBuf,
    root: PathBuf,
    /// Whether `base` is inside `root` (then so is every plain location under it).
    base_inside: bool,
}

impl Resolver {
    pub fn new(base: &Path, root: &Path) -> Self {
        let (base, root) = (normalize(base), normalize(root));
        let base_inside = base.starts_with(&root);
        Resolver { base, root, base_inside }
    }

    pub fn resolve(&self, location: &str) -> Location {
        let location = location.trim();
        if is_remote(location) {
            return Location::Remote;
        }
        let raw = location.strip_prefix("file://").unwrap_or(location);
        if self.base_inside && is_plain_relative(raw) {
            let base = self.base.as_os_str();
            let mut path = std::ffi::OsString::with_capacity(base.len() + 1 + raw.len());
            path.push(base);
            if !base.is_empty() && !base.as_encoded_bytes().ends_with(b"/") {
                path.push("/");
            }
            path.push(raw);
            return Location::Local(PathBuf::from(path));
        }
        let path = normalize(&self.base.join(raw));
        if path.starts_with(&self.root) {
            Location::Local(path)
        } else {
            Location::OutsideRoot(path)
        }
    }
}

fn is_remote(location: &str) -> bool {
    let bytes = location.as_bytes();
    REMOTE_SCHEMES
        .iter()
        .any(|s| bytes.get(..s.len()).is_some_and(|b| b.eq_ignore_ascii_case(s.as_bytes())))
}

/// Relative, `/`-separated, and every part a name: joining it to a normalized base is already
/// normalized. (`\\` and `:` take the general way: separators and prefixes elsewhere.)
fn is_plain_relative(raw: &str) -> bool {
    !raw.is_empty()
        && !raw.starts_with('/')
        && !raw.contains(['\\', ':'])
        && raw.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
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

/// A relative path with nothing to resolve: no leading `/`, `.` or `\`, no `\` or `:` (so no
/// URL scheme), no empty, `.` or `..` segment. Such paths are equal exactly when their text is.
pub fn is_plain(loc: &str) -> bool {
    let plain_segment = |seg: &[u8]| !matches!(seg, b"" | b"." | b"..");
    let b = loc.as_bytes();
    if matches!(b.first(), None | Some(b'/' | b'.' | b'\\'))
        || memchr::memchr2(b'\\', b':', b).is_some()
    {
        return false;
    }
    let mut start = 0;
    for i in memchr::memchr_iter(b'/', b) {
        if !plain_segment(&b[start..i]) {
            return false;
        }
        start = i + 1;
    }
    plain_segment(&b[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_need_no_resolving() {
        for p in ["a.png", "img/a.png", "a/b/c.JPG", "é/ü.png", "a..b.png", "a/.hidden"] {
            assert!(is_plain(p), "{p}");
        }
        for p in [
            "",
            "/a.png",
            "./a.png",
            ".a",
            "a//b.png",
            "a/./b.png",
            "a/../b.png",
            "a/",
            "a/..",
            "a\\b.png",
            "C:a.png",
            "http://x/a.png",
            "s3://b/a.png",
        ] {
            assert!(!is_plain(p), "{p}");
        }
    }

    #[test]
    fn normalize_keeps_parents_that_climb_above_a_relative_start() {
        assert_eq!(normalize(Path::new("a/../../b")), Path::new("../b"));
        assert_eq!(normalize(Path::new("../../b")), Path::new("../../b"));
        assert_eq!(normalize(Path::new("/a/../../b")), Path::new("/b"));
        assert_eq!(normalize(Path::new("./a/./b/..")), Path::new("a"));
    }

    /// The plain-path shortcut gives what the general way gives.
    #[test]
    fn the_resolver_agrees_with_normalizing_every_path() {
        let general = |location: &str, base: &Path, root: &Path| {
            let raw = location.trim().strip_prefix("file://").unwrap_or(location.trim());
            let path = normalize(&normalize(base).join(raw));
            if path.starts_with(normalize(root)) {
                Location::Local(path)
            } else {
                Location::OutsideRoot(path)
            }
        };
        let bases =
            ["/data/set", "/data/set/", "/data/set/./sub", "/", "", ".", "rel/dir", "/data"];
        let roots = ["/data/set", "/", "", "rel", "/data/./set/"];
        let locations = [
            "images/a.png",
            " a.png ",
            "a/b/c.jpg",
            "./a.png",
            "a/./b.png",
            "a/../b.png",
            "../x.png",
            "a//b.png",
            "a/",
            "/abs/x.png",
            "file://images/a.png",
            "set/x.png",
            "dir\\x.png",
            "c:/x.png",
            "é/ü.png",
            ".hidden/x.png",
            "...",
            "a/..b/c",
        ];
        for base in bases {
            for root in roots {
                let r = Resolver::new(Path::new(base), Path::new(root));
                for loc in locations {
                    let want = general(loc, Path::new(base), Path::new(root));
                    assert_eq!(r.resolve(loc), want, "{loc:?} against {base:?} in {root:?}");
                }
            }
        }
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
