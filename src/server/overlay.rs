//! The file system the engine sees from the server: open documents win over the disk.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::model::ParsedFile;
use crate::workspace::{DiskFs, FileSystem};

/// A frozen view of the open documents (text and, when known, parse) over the disk.
#[derive(Default)]
pub struct Overlay {
    pub texts: HashMap<PathBuf, Arc<str>>,
    /// Shared with the server's known parses (and so with the analysis); the loader asks for
    /// each path once (it keeps what it read).
    pub parsed: Mutex<HashMap<PathBuf, Arc<ParsedFile>>>,
}

impl FileSystem for Overlay {
    fn read(&self, path: &Path) -> io::Result<String> {
        match self.texts.get(path) {
            Some(text) => Ok(text.to_string()),
            None => DiskFs.read(path),
        }
    }

    fn list_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut entries = DiskFs.list_dir(dir).unwrap_or_default();
        for path in self.texts.keys() {
            if path.parent() == Some(dir) && !entries.contains(path) {
                entries.push(path.clone());
            }
        }
        entries.sort();
        if entries.is_empty() && !dir.is_dir() {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such folder"));
        }
        Ok(entries)
    }

    fn parsed(&self, path: &Path) -> Option<Arc<ParsedFile>> {
        self.parsed.lock().ok()?.remove(path)
    }
}

/// A copy of a parse, its inputs copied in parallel (a large manifest's copy was a tenth of an
/// edit's analysis).
pub fn copy(file: &ParsedFile) -> ParsedFile {
    use rayon::prelude::*;
    ParsedFile {
        path: file.path.clone(),
        format: file.format,
        kind: file.kind,
        inputs: file.inputs.par_iter().cloned().collect(),
        concepts: file.concepts.clone(),
        exclusive: file.exclusive,
        problems: file.problems.clone(),
    }
}
