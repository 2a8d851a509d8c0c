//! Image facts: what each input's image is, from its file header only (never a full decode);
//! and, separately, when a rule needs them, content and perceptual hashes (a bounded decode).
//!
//! Invariant: a location outside the dataset root and a remote location are never opened.

use std::path::PathBuf;

/// What is known about one input's image.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum ImageStatus {
    /// Read from the file's header.
    Probed { width: u32, height: u32, format: String, bytes: u64 },
    /// Stated by the manifest (COCO `width`/`height`, Azure `image_details`); the file was not opened.
    Declared { width: u32, height: u32 },
    /// A URL (`http(s)://`, `s3://`, `gs://`, `azureml://`, ...): never fetched.
    Remote,
    /// The resolved path does not exist.
    NotFound { path: PathBuf },
    /// The file exists but its header is not a supported image.
    Unreadable { path: PathBuf, reason: String },
    /// The resolved path leaves the dataset root; it was not read.
    OutsideRoot { path: PathBuf },
    /// Image checks were not run (no rule needs them).
    NotChecked,
}

impl ImageStatus {
    /// Width and height when known.
    pub fn size(&self) -> Option<(u32, u32)> {
        match self {
            ImageStatus::Probed { width, height, .. } | ImageStatus::Declared { width, height } => {
                Some((*width, *height))
            }
            _ => None,
        }
    }
}

/// Image facts of a dataset: `per_file[f][i]` is the status of input `i` of file `f`. Shared:
/// an edit that moves no image of a file hands its facts to the next analysis as they are.
#[derive(Clone, Debug, Default)]
pub struct ImageFacts {
    pub per_file: Vec<std::sync::Arc<[ImageStatus]>>,
}

impl ImageFacts {
    pub fn get(&self, file: usize, input: usize) -> &ImageStatus {
        static NOT_CHECKED: ImageStatus = ImageStatus::NotChecked;
        self.per_file.get(file).and_then(|v| v.get(input)).unwrap_or(&NOT_CHECKED)
    }
}

pub mod cache;
mod dataset;
#[cfg(test)]
mod example_tests;
pub mod hash;
mod hashing;
mod header_table;
pub mod probe;
mod sniff;
#[cfg(test)]
pub(crate) mod testutil;

pub use cache::Cache;
pub use dataset::probe_dataset;
pub use hash::{Hashes, Pixels};
pub use hashing::{HashFacts, hash_dataset};
