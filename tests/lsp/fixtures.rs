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

/// A PNG of `w` x `h` px made of 8 x 8 blocks of colours drawn from `seed`: images of
/// different seeds are far apart for the perceptual hash, so they are not near-duplicates.
pub fn write_distinct_png(path: &Path, w: u32, h: u32, seed: u64) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut blocks = [[0u8; 3]; 64];
    for b in &mut blocks {
        for c in b.iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *c = (state >> 56) as u8;
        }
    }
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb(blocks[(y * 8 / h * 8 + x * 8 / w) as usize]))
        .save(path)
        .unwrap();
}

/// A dataset folder with `labels.txt` declaring `concepts` and a `metadata.csv` with `n`
/// distinct 512 x 512 images of each, then `extra` rows (written as given); `images/base.png`
/// exists for the extra rows.
pub fn dataset(concepts: &[&str], n: usize, extra: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    write_distinct_png(&dir.path().join("images/base.png"), 512, 512, 0);
    let mut csv = String::from("file_name,label\n");
    let mut seed = 0;
    for concept in concepts {
        for i in 0..n {
            let rel = format!("images/{concept}{i}.png");
            seed += 1;
            write_distinct_png(&dir.path().join(&rel), 512, 512, seed);
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
