//! Delimited text formats: generic CSV/TSV, Hugging Face `metadata.csv`, Vertex AI CSV,
//! Clarifai CSV (legacy and SDK), SageMaker `.lst`.

use std::path::Path;

use crate::model::ParsedFile;

/// Reads a `.csv`, `.tsv` or `.lst` file, or `None` when it matches no signature.
pub fn read(_path: &Path, _name: &str, _ext: &str, _text: &str) -> Option<ParsedFile> {
    None
}
