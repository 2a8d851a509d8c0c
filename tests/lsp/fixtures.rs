//! Datasets on disk for the tests: temp folders with real PNG files, and the example dataset.

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

pub fn write_png(path: &Path, w: u32, h: u32) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]))
        .save(path)
        .unwrap();
}

/// A dataset folder with `labels.txt` declaring `concepts` and a `metadata.csv` with `n`
/// 512 x 512 images of each, then `extra` rows (written as given).
pub fn dataset(concepts: &[&str], n: usize, extra: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    let base = dir.path().join("images/base.png");
    write_png(&base, 512, 512);
    let mut csv = String::from("file_name,label\n");
    for concept in concepts {
        for i in 0..n {
            let rel = format!("images/{concept}{i}.png");
            fs::copy(&base, dir.path().join(&rel)).unwrap();
            csv.push_str(&format!("{rel},{concept}\n"));
        }
    }
    csv.push_str(extra);
    fs::write(dir.path().join("metadata.csv"), csv).unwrap();
    let labels: String = concepts.iter().map(|c| format!("{c}\n")).collect();
    fs::write(dir.path().join("labels.txt"), labels).unwrap();
    dir
}

/// The example dataset `examples/pets`, read in place (the server never writes).
pub fn pets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pets")
}

/// A copy of `examples/pets` in a temp folder, for tests that write files.
pub fn pets_copy() -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(&pets(), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Byte offset of the `n`-th (0-based) line's start.
pub fn line_start(text: &str, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    text.match_indices('\n').nth(n - 1).map(|(i, _)| i + 1).expect("line exists")
}
