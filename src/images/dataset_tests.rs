use std::fs;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use super::*;
use crate::images::testutil::{input, write_image, write_png};
use crate::model::{FileKind, Format, ParsedFile};

/// A dataset rooted at `root` with a label manifest first (so manifests are not file 0) and
/// one dataset manifest per `(path, locations)`.
fn dataset(root: &Path, manifests: &[(&str, &[&str])]) -> Dataset {
    let mut files =
        vec![ParsedFile::new(root.join("labels.txt"), Format::LabelsTxt, FileKind::Labels)];
    for (name, locations) in manifests {
        let mut f = ParsedFile::new(root.join(name), Format::HfMetadataCsv, FileKind::Dataset);
        f.inputs = locations.iter().map(|l| input(l)).collect();
        files.push(f);
    }
    let files = files.into_iter().map(Into::into).collect();
    Dataset { root: root.to_path_buf(), files, ..Default::default() }
}

fn probed(path: &Path, w: u32, h: u32, format: &str) -> ImageStatus {
    let bytes = fs::metadata(path).unwrap().len();
    ImageStatus::Probed { width: w, height: h, format: format.into(), bytes }
}

fn no_progress() -> impl Fn(usize, usize) + Sync {
    |_, _| {}
}

#[test]
fn every_kind_of_location() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("set");
    let img = root.join("images");
    fs::create_dir_all(&img).unwrap();
    write_image(&img.join("a.png"), 600, 512);
    write_image(&img.join("b.jpg"), 256, 256);
    write_image(&img.join("c.gif"), 30, 20);
    write_image(&img.join("d.webp"), 640, 300);
    write_image(&img.join("e.bmp"), 5, 6);
    fs::write(img.join("text.png"), "hello\n").unwrap();
    let full = fs::read(img.join("a.png")).unwrap();
    fs::write(img.join("cut.png"), &full[..20]).unwrap();
    write_image(&outer.path().join("outside.png"), 9, 9);
    let outside_abs = outer.path().join("outside.png");
    let outside_abs = outside_abs.to_str().unwrap();
    let locations: &[&str] = &[
        "images/a.png",
        "images/b.jpg",
        "images/c.gif",
        "images/d.webp",
        "images/e.bmp",
        "images/text.png",
        "images/cut.png",
        "images/missing.png",
        "../outside.png",
        outside_abs,
        "https://example.com/x.png",
        "s3://bucket/key.png",
        "./images/../images/a.png",
        "images",
        "",
    ];
    let ds = dataset(&root, &[("metadata.csv", locations)]);
    let facts = probe_dataset(&ds, None, &no_progress());
    assert_eq!(facts.per_file.len(), 2);
    assert!(facts.per_file[0].is_empty(), "label manifests have no inputs");
    let got = &facts.per_file[1];
    assert_eq!(got.len(), locations.len());
    assert_eq!(got[0], probed(&img.join("a.png"), 600, 512, "png"));
    assert_eq!(got[1], probed(&img.join("b.jpg"), 256, 256, "jpeg"));
    assert_eq!(got[2], probed(&img.join("c.gif"), 30, 20, "gif"));
    assert_eq!(got[3], probed(&img.join("d.webp"), 640, 300, "webp"));
    assert_eq!(got[4], probed(&img.join("e.bmp"), 5, 6, "bmp"));
    assert!(
        matches!(&got[5], ImageStatus::Unreadable { path, reason }
            if path == &img.join("text.png") && reason.starts_with("not an image")),
        "{:?}",
        got[5]
    );
    assert!(
        matches!(&got[6], ImageStatus::Unreadable { path, reason }
            if path == &img.join("cut.png") && reason.contains("png")),
        "{:?}",
        got[6]
    );
    assert_eq!(got[7], ImageStatus::NotFound { path: img.join("missing.png") });
    assert_eq!(got[8], ImageStatus::OutsideRoot { path: outer.path().join("outside.png") });
    assert_eq!(got[9], ImageStatus::OutsideRoot { path: outer.path().join("outside.png") });
    assert_eq!(got[10], ImageStatus::Remote);
    assert_eq!(got[11], ImageStatus::Remote);
    assert_eq!(got[12], got[0], "same file through another spelling");
    assert!(
        matches!(&got[13], ImageStatus::Unreadable { reason, .. } if reason.contains("directory"))
    );
    assert_eq!(got[14], ImageStatus::NotChecked);
    // Out-of-range lookups are safe.
    assert_eq!(facts.get(1, 99), &ImageStatus::NotChecked);
    assert_eq!(facts.get(7, 0), &ImageStatus::NotChecked);
}

#[test]
fn declared_sizes_win_without_opening_anything() {
    let root = tempfile::tempdir().unwrap();
    let mut ds = dataset(root.path(), &[("coco.json", &["missing.png", "../../etc/passwd"])]);
    std::sync::Arc::make_mut(&mut ds.files[1]).inputs[0].declared_size = Some((640, 480));
    std::sync::Arc::make_mut(&mut ds.files[1]).inputs[1].declared_size = Some((1, 2));
    let calls = Mutex::new(Vec::new());
    let facts = probe_dataset(&ds, None, &|d, t| calls.lock().unwrap().push((d, t)));
    assert_eq!(
        *facts.per_file[1],
        vec![
            ImageStatus::Declared { width: 640, height: 480 },
            ImageStatus::Declared { width: 1, height: 2 }
        ]
    );
    assert!(calls.lock().unwrap().is_empty(), "nothing to probe, no progress");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_outside() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("set");
    fs::create_dir_all(root.join("linked")).unwrap();
    write_png(&outer.path().join("secret.png"), 10, 10);
    write_png(&root.join("inside.png"), 11, 11);
    std::os::unix::fs::symlink(outer.path().join("secret.png"), root.join("escape.png")).unwrap();
    std::os::unix::fs::symlink(root.join("inside.png"), root.join("alias.png")).unwrap();
    std::os::unix::fs::symlink(outer.path(), root.join("linked/up")).unwrap();
    std::os::unix::fs::symlink(root.join("gone.png"), root.join("dangling.png")).unwrap();
    let ds = dataset(
        &root,
        &[("m.csv", &["escape.png", "alias.png", "linked/up/secret.png", "dangling.png"])],
    );
    let facts = probe_dataset(&ds, None, &no_progress());
    let secret = fs::canonicalize(outer.path().join("secret.png")).unwrap();
    assert_eq!(
        *facts.per_file[1],
        vec![
            ImageStatus::OutsideRoot { path: secret.clone() },
            probed(&root.join("inside.png"), 11, 11, "png"),
            ImageStatus::OutsideRoot { path: secret },
            ImageStatus::NotFound { path: root.join("dangling.png") },
        ]
    );
}

#[test]
fn image_root_and_manifest_folders() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    fs::create_dir_all(root.join("sub/pics")).unwrap();
    fs::create_dir_all(root.join("store")).unwrap();
    write_png(&root.join("sub/pics/a.png"), 3, 4);
    write_png(&root.join("store/a.png"), 5, 6);
    let mut ds = dataset(root, &[("sub/metadata.csv", &["pics/a.png"])]);
    let facts = probe_dataset(&ds, None, &no_progress());
    assert_eq!(*facts.per_file[1], vec![probed(&root.join("sub/pics/a.png"), 3, 4, "png")]);
    std::sync::Arc::make_mut(&mut ds.files[1]).inputs[0].location = "a.png".into();
    ds.settings.image_root = Some(root.join("store"));
    let facts = probe_dataset(&ds, None, &no_progress());
    assert_eq!(*facts.per_file[1], vec![probed(&root.join("store/a.png"), 5, 6, "png")]);
}

#[test]
fn duplicates_probe_once_and_progress_ends_at_total() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let mut locations = Vec::new();
    for i in 0..250 {
        let name = format!("{i}.png");
        write_png(&root.join(&name), 2, 2);
        locations.push(name);
    }
    locations.push("0.png".into());
    locations.push("./1.png".into());
    let refs: Vec<&str> = locations.iter().map(String::as_str).collect();
    let ds = dataset(root, &[("a.csv", &refs[..200]), ("b.csv", &refs[200..])]);
    let calls = Mutex::new(Vec::new());
    let facts = probe_dataset(&ds, None, &|d, t| calls.lock().unwrap().push((d, t)));
    let calls = calls.into_inner().unwrap();
    assert!(calls.iter().all(|&(_, t)| t == 250), "distinct files only");
    assert_eq!(calls.first(), Some(&(0, 250)));
    assert!(calls.contains(&(250, 250)));
    assert!(calls.len() <= 102, "from time to time, not per file: {}", calls.len());
    assert_eq!(facts.per_file[2].len(), 52);
    assert_eq!(facts.per_file[2][50], facts.per_file[1][0]);
    assert_eq!(facts.per_file[2][51], facts.per_file[1][1]);
}

fn set_mtime(path: &Path, t: SystemTime) {
    fs::File::options().write(true).open(path).unwrap().set_modified(t).unwrap();
}

#[test]
fn cache_hits_when_unchanged_and_refreshes_on_change() {
    let dir = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(dir.path()).unwrap();
    write_png(&root.join("a.png"), 600, 600);
    fs::write(root.join("bad.png"), "not png").unwrap();
    let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    set_mtime(&root.join("a.png"), t0);
    let ds = dataset(&root, &[("m.csv", &["a.png", "bad.png", "missing.png"])]);

    let mut cache = Cache::open(&root);
    let first = probe_dataset(&ds, Some(&mut cache), &no_progress());
    assert_eq!(first.per_file[1][0], probed(&root.join("a.png"), 600, 600, "png"));
    assert_eq!(cache.len(), 2, "not-found results are not cached");
    cache.save().unwrap();
    assert!(root.join(".conceptlint_cache/images-v2.bin").is_file());

    // Plant a different answer for the unchanged file: a hit must return it.
    let mut cache = Cache::open(&root);
    assert_eq!(cache.len(), 2);
    let key = FileKey::of(&fs::metadata(root.join("a.png")).unwrap()).unwrap();
    let fake = Header::Image { width: 1, height: 1, format: "png".into(), bytes: key.size };
    cache.insert(root.join("a.png"), key, fake);
    let hit = probe_dataset(&ds, Some(&mut cache), &no_progress());
    assert_eq!(hit.per_file[1][0], probed(&root.join("a.png"), 1, 1, "png"));
    assert!(matches!(&hit.per_file[1][1], ImageStatus::Unreadable { .. }));

    // Newer mtime: probed again, and the cache learns the truth.
    set_mtime(&root.join("a.png"), t0 + Duration::from_nanos(1));
    let fresh = probe_dataset(&ds, Some(&mut cache), &no_progress());
    assert_eq!(fresh.per_file[1][0], probed(&root.join("a.png"), 600, 600, "png"));

    // Same mtime, other size: probed again.
    let key = FileKey::of(&fs::metadata(root.join("a.png")).unwrap()).unwrap();
    let fake = Header::Image { width: 2, height: 2, format: "png".into(), bytes: key.size };
    cache.insert(root.join("a.png"), key, fake);
    write_png(&root.join("a.png"), 700, 500);
    set_mtime(&root.join("a.png"), t0 + Duration::from_nanos(1));
    let resized = probe_dataset(&ds, Some(&mut cache), &no_progress());
    assert_eq!(resized.per_file[1][0], probed(&root.join("a.png"), 700, 500, "png"));
    cache.save().unwrap();
    let reloaded = Cache::open(&root);
    let key = FileKey::of(&fs::metadata(root.join("a.png")).unwrap()).unwrap();
    assert!(matches!(
        reloaded.get(&root.join("a.png"), key),
        Some(Header::Image { width: 700, height: 500, .. })
    ));
}

#[test]
fn corrupt_cache_file_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(dir.path()).unwrap();
    write_png(&root.join("a.png"), 8, 9);
    fs::create_dir_all(root.join(".conceptlint_cache")).unwrap();
    fs::write(root.join(".conceptlint_cache/images-v2.bin"), b"{\"version\":1,\"entries\":[{")
        .unwrap();
    let ds = dataset(&root, &[("m.csv", &["a.png"])]);
    let mut cache = Cache::open(&root);
    assert!(cache.is_empty());
    let facts = probe_dataset(&ds, Some(&mut cache), &no_progress());
    assert_eq!(facts.per_file[1][0], probed(&root.join("a.png"), 8, 9, "png"));
    cache.save().unwrap();
    assert_eq!(Cache::open(&root).len(), 1);
}
