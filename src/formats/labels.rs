//! `labels.txt` / `classes.txt`: one concept a line.

use std::path::Path;

use crate::model::ParsedFile;

/// Reads a one-concept-a-line label manifest.
pub fn read_txt(_path: &Path, _name: &str, _text: &str) -> Option<ParsedFile> {
    None
}
