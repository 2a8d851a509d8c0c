use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::TempDir;

use super::discover;
use crate::workspace::{DiskFs, FileSystem};

/// The disk, counting reads per file.
#[derive(Default)]
struct Counting(Mutex<BTreeMap<PathBuf, usize>>);

impl FileSystem for Counting {
    fn read(&self, path: &Path) -> io::Result<String> {
        *self.0.lock().unwrap().entry(path.to_path_buf()).or_default() += 1;
        DiskFs.read(path)
    }
    fn list_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        DiskFs.list_dir(dir)
    }
}

fn tree(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Each dataset as the names of its files, relative to `root`.
fn datasets(root: &Path, paths: &[&str]) -> (Vec<Vec<String>>, Vec<String>) {
    let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
    let found = discover(&paths, &DiskFs);
    let shown = |p: &Path| p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
    let sets = found
        .datasets
        .iter()
        .map(|ds| {
            let mut files: Vec<String> = ds.files.iter().map(|f| shown(&f.path)).collect();
            if files.is_empty() {
                files.extend(ds.config.iter().map(|c| shown(&c.path)));
            }
            files
        })
        .collect();
    (sets, found.unreadable.iter().map(|u| shown(&u.path)).collect())
}

const CSV: &[u8] = b"file_name,label\na.png,cat\n";

#[test]
fn every_file_is_read_at_most_once() {
    let dir = tree(&[
        ("conceptlint.toml", b"[thresholds]\nmin-inputs = 1\n"),
        ("a/train.csv", CSV),
        ("b/train.csv", CSV),
        ("c/train.csv", CSV),
        ("labels.txt", b"cat\ndog\n"),
        ("classes.txt", b"cat\n"),
        ("train.csv", CSV),
        ("notes.csv", b"x,y\n1,2\n"),
        ("predictions.csv", b"file_name,cat\na.png,0.9\n"),
    ]);
    let fs = Counting::default();
    let found = discover(&[dir.path().to_path_buf()], &fs);
    assert_eq!(found.datasets.len(), 5);
    let counts = fs.0.lock().unwrap();
    let read_twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(read_twice.is_empty(), "{read_twice:?}");
    assert_eq!(counts.get(&dir.path().join("notes.csv")), Some(&1));
}

#[test]
fn files_a_config_lists_belong_to_its_dataset_only() {
    let dir = tree(&[
        ("conceptlint.toml", b"manifests = [\"data/train.csv\"]\nlabels = \"data/labels.txt\"\n"),
        ("data/train.csv", CSV),
        ("data/val.csv", CSV),
        ("data/labels.txt", b"cat\n"),
    ]);
    let (sets, unreadable) = datasets(dir.path(), &["."]);
    assert_eq!(sets, [vec!["data/train.csv", "data/labels.txt"], vec!["data/val.csv"]]);
    assert!(unreadable.is_empty());
    let (sets, _) = datasets(dir.path(), &["data/val.csv"]);
    assert_eq!(sets, [vec!["data/val.csv"]]);
}

#[test]
fn a_config_loads_the_manifests_it_lists_whatever_their_names() {
    let dir = tree(&[("conceptlint.toml", b"manifests = [\"train.data\"]\n"), ("train.data", CSV)]);
    let (sets, unreadable) = datasets(dir.path(), &["."]);
    assert_eq!(sets, [vec!["train.data"]]);
    assert!(unreadable.is_empty());
}

#[test]
fn every_label_manifest_is_reported_and_the_preferred_one_serves_the_folder() {
    let dir = tree(&[
        ("metadata.csv", CSV),
        ("labels.txt", b"cat\ncat\n"),
        ("concepts.json", b"{\"concepts\": [{\"name\": \"cat\"}]}"),
        ("imagenet_class_index.json", b"{\"0\": [\"n01\", \"tench\"]}"),
    ]);
    let (sets, _) = datasets(dir.path(), &["."]);
    assert_eq!(
        sets,
        [
            vec!["metadata.csv", "concepts.json"],
            vec!["imagenet_class_index.json"],
            vec!["labels.txt"],
        ]
    );
    let (sets, _) = datasets(dir.path(), &["labels.txt"]);
    assert_eq!(sets, [vec!["labels.txt"]]);
    let (sets, _) = datasets(dir.path(), &["imagenet_class_index.json"]);
    assert_eq!(sets, [vec!["imagenet_class_index.json"]]);
    let (sets, _) = datasets(dir.path(), &["concepts.json"]);
    assert_eq!(sets, [vec!["metadata.csv", "concepts.json"]]);
}

#[test]
fn hidden_and_ignored_files_are_skipped_unless_named() {
    let dir = tree(&[
        (".git/HEAD", b"ref: refs/heads/main\n"),
        (".gitignore", b"generated.csv\n"),
        ("train.csv", CSV),
        ("generated.csv", CSV),
        (".hidden.csv", CSV),
        (".cache/x.csv", CSV),
    ]);
    for named in [".", "train.csv"] {
        let (sets, _) = datasets(dir.path(), &[named]);
        assert_eq!(sets, [vec!["train.csv"]], "{named}");
    }
    let (sets, _) = datasets(dir.path(), &[".hidden.csv"]);
    assert_eq!(sets, [vec![".hidden.csv", "train.csv"]]);
}

#[test]
fn files_that_are_not_text_are_skipped_unless_they_are_ours() {
    let dir = tree(&[
        ("train.csv", CSV),
        ("notes.txt", b"caf\xe9\n"),
        ("other.csv", b"x,y\n1,\xe92\n"),
        ("sub/metadata.csv", b"file_name,label\na.png,caf\xe9\n"),
    ]);
    let found = discover(&[dir.path().to_path_buf()], &DiskFs);
    assert!(found.unreadable.is_empty(), "{:?}", found.unreadable);
    assert_eq!(found.datasets.len(), 2);
    let meta = &found.datasets[1].files[0];
    let text = &found.datasets[1].sources[&meta.path];
    let p = &meta.problems[0];
    assert_eq!(&text[p.span.start..p.span.end], "?");
    assert_eq!(p.span.start, "file_name,label\na.png,caf".len());
    assert!(p.message.starts_with("not UTF-8 text: byte 0xE9 cannot be decoded;"), "{}", p.message);
    assert_eq!(meta.inputs[0].labels[0].concept, "caf?");
    let named = discover(&[dir.path().join("notes.txt")], &DiskFs);
    assert_eq!(named.unreadable.len(), 1, "a file the user names is reported");
    assert!(named.unreadable[0].error.to_string().contains("line 1, column 4"));
}

#[test]
fn a_config_that_is_not_text_is_a_problem_not_defaults() {
    let dir = tree(&[("conceptlint.toml", b"# caf\xe9\n"), ("train.csv", CSV)]);
    let found = discover(&[dir.path().to_path_buf()], &DiskFs);
    let config = found.datasets[0].config.as_ref().unwrap();
    assert_eq!(config.problems.len(), 1);
    assert_eq!(config.problems[0].span.start, 5);
    assert!(config.problems[0].message.contains("0xE9"));
    assert!(found.datasets[0].config_broken());
}

#[test]
fn a_broken_pyproject_table_without_manifests_is_reported() {
    let dir = tree(&[
        ("pyproject.toml", b"[project]\nname = \"x\"\n[tool.conceptlint]\nbogus = 1\n"),
        ("docs/pyproject.toml", b"[tool.ruff]\nline-length = 100\n"),
    ]);
    let (sets, _) = datasets(dir.path(), &["."]);
    assert_eq!(sets, [vec!["pyproject.toml"]]);
}

#[cfg(unix)]
#[test]
fn listed_files_that_a_symlink_leads_out_of_the_root_are_reported_not_read() {
    let outside = tree(&[("secret.csv", CSV), ("classes.txt", b"cat\n")]);
    let dir = tree(&[
        ("conceptlint.toml", b"manifests = [\"link.csv\", \"in.csv\"]\nlabels = \"labels.txt\"\n"),
        ("in.csv", CSV),
        ("real.csv", CSV),
        ("sub/keep.csv", CSV),
    ]);
    let link = |from: &str, to: &Path| std::os::unix::fs::symlink(to, dir.path().join(from));
    link("link.csv", &outside.path().join("secret.csv")).unwrap();
    link("labels.txt", &outside.path().join("classes.txt")).unwrap();
    // A symlink that stays inside the root is read like any file.
    link("inside.csv", &dir.path().join("real.csv")).unwrap();
    let fs = Counting::default();
    let found = discover(&[dir.path().to_path_buf()], &fs);
    let reads = fs.0.lock().unwrap();
    for escaping in ["link.csv", "labels.txt"] {
        let path = dir.path().join(escaping);
        assert_eq!(reads.get(&path), None, "{escaping} was read");
        let u = found.unreadable.iter().find(|u| u.path == path).expect("reported");
        assert!(u.error.to_string().contains("out of the dataset's folder"), "{}", u.error);
    }
    let files: Vec<&Path> =
        found.datasets.iter().flat_map(|d| d.files.iter().map(|f| f.path.as_path())).collect();
    assert!(files.contains(&dir.path().join("in.csv").as_path()), "{files:?}");

    // The same listing pointing at the symlink that stays inside is read.
    std::fs::write(dir.path().join("conceptlint.toml"), "manifests = [\"inside.csv\"]\n").unwrap();
    let found = discover(&[dir.path().to_path_buf()], &DiskFs);
    assert!(found.unreadable.is_empty(), "{:?}", found.unreadable);
    assert!(found.datasets.iter().any(|d| d.files.iter().any(|f| f.path.ends_with("inside.csv"))));
}
