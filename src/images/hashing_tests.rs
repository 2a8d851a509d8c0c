use std::fs;
use std::sync::Mutex;

use super::*;
use crate::images::hash::{Pixels, distance};
use crate::images::probe_dataset;
use crate::images::testutil::{input, save, scene};
use crate::model::{FileKind, Format, ParsedFile};

/// A label manifest first (manifests are not file 0), then one manifest listing `locations`.
fn dataset(root: &Path, locations: &[&str]) -> Dataset {
    let mut files =
        vec![ParsedFile::new(root.join("labels.txt"), Format::LabelsTxt, FileKind::Labels)];
    let mut f = ParsedFile::new(root.join("m.csv"), Format::HfMetadataCsv, FileKind::Dataset);
    f.inputs = locations.iter().map(|l| input(l)).collect();
    files.push(f);
    let files = files.into_iter().map(Into::into).collect();
    Dataset { root: root.to_path_buf(), files, ..Default::default() }
}

#[test]
fn each_local_image_is_hashed_once_and_bad_ones_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ds");
    save(&scene(1, 120, 90), &root.join("img/a.png"));
    save(&scene(1, 60, 45), &root.join("img/a_small.png"));
    save(&scene(2, 120, 90), &root.join("img/b.jpg"));
    fs::write(root.join("img/notes.png"), "text").unwrap();
    fs::write(dir.path().join("outside.png"), fs::read(root.join("img/a.png")).unwrap()).unwrap();
    let ds = dataset(
        &root,
        &[
            "img/a.png",
            "img/a_small.png",
            "img/b.jpg",
            "./img/../img/a.png",
            "img/missing.png",
            "img/notes.png",
            "../outside.png",
            "https://example.com/a.png",
            "",
        ],
    );
    let facts = probe_dataset(&ds, None, &|_, _| {});
    let calls = Mutex::new(Vec::new());
    let hashes = hash_dataset(&ds, &facts, None, &|d, t| calls.lock().unwrap().push((d, t)));
    assert!(hashes.per_file[0].is_empty(), "the label manifest has no inputs");
    let got: Vec<Option<usize>> = hashes.per_file[1].clone();
    // The probe ruled out the missing file, the text file, the path outside and the URL.
    assert_eq!(got, vec![Some(0), Some(1), Some(2), Some(0), None, None, None, None, None]);
    assert_eq!(hashes.images.len(), 3);
    assert_eq!(hashes.images[0].0, root.join("img/a.png"));
    assert_eq!(calls.lock().unwrap().last(), Some(&(3, 3)));
    let a = hashes.get(1, 0).unwrap();
    let small = hashes.get(1, 1).unwrap();
    let b = hashes.get(1, 2).unwrap();
    assert_ne!(a.content, small.content);
    let (pa, ps, pb) =
        (a.perceptual().unwrap(), small.perceptual().unwrap(), b.perceptual().unwrap());
    assert!(distance(pa, ps) <= 4, "a resized copy is near: {}", distance(pa, ps));
    assert!(distance(pa, pb) > 10, "another picture is far: {}", distance(pa, pb));
    assert_eq!(hashes.get(1, 4), None);
    assert_eq!(hashes.get(7, 7), None);
}

#[test]
fn without_header_facts_every_local_image_is_tried() {
    let dir = tempfile::tempdir().unwrap();
    save(&scene(3, 40, 30), &dir.path().join("a.png"));
    fs::write(dir.path().join("notes.png"), "text").unwrap();
    let ds = dataset(dir.path(), &["a.png", "notes.png", "gone.png"]);
    let hashes = hash_dataset(&ds, &ImageFacts::default(), None, &|_, _| {});
    assert!(hashes.get(1, 0).unwrap().perceptual().is_some());
    let notes = hashes.get(1, 1).unwrap();
    assert!(matches!(notes.pixels, Pixels::Skipped { .. }), "{notes:?}");
    assert_eq!(hashes.get(1, 2), None);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ds");
    fs::create_dir_all(&root).unwrap();
    save(&scene(4, 40, 30), &dir.path().join("secret.png"));
    std::os::unix::fs::symlink(dir.path().join("secret.png"), root.join("link.png")).unwrap();
    std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
    let ds = dataset(&root, &["link.png", "up/secret.png"]);
    let hashes = hash_dataset(&ds, &ImageFacts::default(), None, &|_, _| {});
    assert_eq!(hashes.per_file[1], vec![None, None]);
}

#[test]
fn the_cache_serves_unchanged_files_and_relearns_changed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    save(&scene(5, 64, 48), &root.join("a.png"));
    save(&scene(6, 64, 48), &root.join("b.png"));
    let ds = dataset(root, &["a.png", "b.png"]);
    let mut cache = Cache::open(root);
    let first = hash_dataset(&ds, &ImageFacts::default(), Some(&mut cache), &|_, _| {});
    assert_eq!(cache.hashes().len(), 2);
    cache.save().unwrap();
    assert!(cache.hashes_file().exists());

    // A planted entry proves the cache is read: the unchanged file's hashes come from it.
    let mut cache = Cache::open(root);
    let real = fs::canonicalize(root.join("a.png")).unwrap();
    let key = FileKey::of(&fs::metadata(&real).unwrap()).unwrap();
    let planted = Hashes { content: 42, pixels: Pixels::Flat };
    cache.hashes().insert(real, key, planted.clone());
    let second = hash_dataset(&ds, &ImageFacts::default(), Some(&mut cache), &|_, _| {});
    assert_eq!(second.get(1, 0), Some(&planted));
    assert_eq!(second.get(1, 1), first.get(1, 1));

    // A rewritten file (new size and time) is hashed again.
    std::thread::sleep(std::time::Duration::from_millis(20));
    save(&scene(7, 80, 60), &root.join("a.png"));
    let third = hash_dataset(&ds, &ImageFacts::default(), Some(&mut cache), &|_, _| {});
    assert_ne!(third.get(1, 0), Some(&planted));
    assert_ne!(third.get(1, 0), first.get(1, 0));
}
