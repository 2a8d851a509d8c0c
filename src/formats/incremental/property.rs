//! Randomized edits (a seeded xorshift, so every run is the same) on realistic manifests of
//! every line-based format: whenever [`reparse`] answers, its file must equal a full read of
//! the new text, and each answer is the old file of the next edit, as in an editor.

use std::path::Path;

use super::tests::{difference, edited};
use super::*;
use crate::formats::read;

/// xorshift64*: deterministic, good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const CONCEPTS: &[&str] =
    &["cat", "dog", "golden retriever", "chat noir", "éléphant", "北极熊", "🐈"];

/// Pieces typed or pasted: structure, quotes, delimiters, line breaks, non-ASCII, whole records.
const SNIPPETS: &[&str] = &[
    "a",
    "x",
    "7",
    " ",
    "\n",
    "\n",
    "\r\n",
    "\"",
    "\"",
    ",",
    ",",
    "\t",
    ";",
    "|",
    "{",
    "}",
    "[",
    "]",
    ":",
    "'",
    "\\",
    "é",
    "猫",
    "🐈",
    "\u{3000}",
    "\"\"",
    "\"a,b\"",
    "null",
    "1",
    "#",
    "\"label\": \"dog\"",
    ", \"labels\": [\"cat\", \"dog\"]",
    "\"label\": [\"x\", \"y\"]",
    "{\"file_name\": \"new.png\", \"label\": \"cat\"}\n",
    "new.png,cat\n",
    "n.png\tcat|dog\n",
    "gs://b/x.jpg",
    "TRAINING,gs://b/y.jpg,rose\n",
    "\"class-map\": {\"0\": \"car\"}",
    "\r",
    "\u{feff}",
    "dog",
    "\"two\nlines\"",
];

/// A realistic manifest of `kind` with `n` records, with the quirks real files have.
fn manifest(kind: &str, n: usize, rng: &mut Rng) -> (&'static str, String) {
    let eol = if rng.chance(30) { "\r\n" } else { "\n" };
    let mut out = String::new();
    let name = match kind {
        "hf" => "metadata.jsonl",
        "azure" => "fridge.jsonl",
        "sagemaker" => "output.manifest",
        "vertex-jsonl" => "import.jsonl",
        "csv" => "train.csv",
        "hf-csv" => "metadata.csv",
        "tsv" => "data.tsv",
        "clarifai" => "upload.csv",
        "vertex-csv" => "flowers.csv",
        "semicolon" => "export.csv",
        "multiline" => "notes.csv",
        "listed" => "list.csv",
        "scores" => "graded.csv",
        _ => "labels.txt",
    };
    if rng.chance(10) {
        out.push_str(&format!("  {eol}{eol}"));
    }
    match kind {
        "semicolon" => out.push_str(&format!("filename;class{eol}")),
        "multiline" => out.push_str(&format!("image,label,notes{eol}")),
        "listed" => out.push_str(&format!("image,notes{eol}")),
        "scores" => out.push_str(&format!("image,label,cat,dog,split{eol}")),
        "csv" => out.push_str(&format!("image,labels,split{eol}")),
        "hf-csv" => out.push_str(&format!("file_name,label{eol}")),
        "tsv" => out.push_str(&format!("path\tlabels\tnote{eol}")),
        "clarifai" => out.push_str(&format!("inputid,input,concepts,metadata{eol}")),
        _ => {}
    }
    for i in 0..n {
        let c = CONCEPTS[rng.below(CONCEPTS.len())];
        let d = CONCEPTS[rng.below(CONCEPTS.len())];
        let line = match kind {
            "hf" if rng.chance(20) => {
                format!("{{\"file_name\": \"img/{i:05}.png\", \"label\": [\"{c}\", \"{d}\"]}}")
            }
            "hf" if rng.chance(30) => format!(
                "{{\"file_name\": \"img/{i:05}.png\", \"source\": \"s\\u00e9{}\", \"label\": \"{c}\", \"iso\": {}}}",
                rng.below(3),
                100 * rng.below(8)
            ),
            "hf" => format!("{{\"file_name\": \"img/{i:05}.png\", \"label\": \"{c}\"}}"),
            "azure" if rng.chance(10) => {
                format!("{{\"image_url\": \"AmlDatastore://f/{i}.jpg\", \"label\": [\"{c}\"]}}")
            }
            "azure" => {
                format!("{{\"image_url\": \"AmlDatastore://f/{i}.jpg\", \"label\": \"{c}\"}}")
            }
            "sagemaker" if i == 0 || rng.chance(50) => format!(
                "{{\"source-ref\": \"s3://b/{i}.jpg\", \"tags\": [0, 1], \"tags-metadata\": {{\"class-map\": {{\"0\": \"{c}\", \"1\": \"{d}\"}}}}}}"
            ),
            "sagemaker" => format!("{{\"source-ref\": \"s3://b/{i}.jpg\", \"class\": \"{c}\"}}"),
            "vertex-jsonl" => format!(
                "{{\"imageGcsUri\": \"gs://b/{i}.jpg\", \"classificationAnnotation\": {{\"displayName\": \"{c}\"}}}}"
            ),
            "csv" if rng.chance(30) => format!("img/{i}.jpg,\"{c}, {d}\",train"),
            "csv" => format!("img/{i}.jpg,{c},val"),
            "hf-csv" => format!("img/{i}.png,{c}"),
            "tsv" => format!("img/{i}.jpg\t{c}|{d}\t\"a \"\"note\"\"\""),
            "clarifai" => format!("{i},https://x/{i}.jpg,\"{c},{d}\",{{'split': 'train'}}"),
            "vertex-csv" => format!("TRAINING,gs://f/{i}.jpg,{c}"),
            "semicolon" => format!("\"img/{i};a.jpg\";{c}"),
            "multiline" if rng.chance(20) => format!("img/{i}.jpg,{c},\"seen twice:{eol}  {d}\""),
            "multiline" => format!("img/{i}.jpg,{c},"),
            "listed" => format!("img/{i}.jpg,{c}"),
            "scores" => {
                format!("img/{i}.jpg,{},0.5,0.5,train", ["bird", "cow", "cat"][rng.below(3)])
            }
            _ if rng.chance(10) => "# comment".to_owned(),
            _ => format!("{c}{i}"),
        };
        out.push_str(&line);
        if rng.chance(3) {
            out.push_str(eol);
        }
        out.push_str(eol);
    }
    if rng.chance(30) {
        out.truncate(out.trim_end().len());
    }
    (name, out)
}

/// A random edit of `text`, on char boundaries, mostly small.
fn random_edit(text: &str, rng: &mut Rng) -> (usize, usize, String) {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(rng.below(text.len() + 1));
    let len = match rng.below(10) {
        0..=4 => 0,
        5..=8 => rng.below(12),
        _ => rng.below(200),
    };
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let insert: String = (0..rng.below(4)).map(|_| rng.pick(SNIPPETS)).collect();
    (start, end, insert)
}

#[test]
fn random_edits_reread_like_a_full_read() {
    let kinds = [
        "hf",
        "azure",
        "sagemaker",
        "vertex-jsonl",
        "csv",
        "hf-csv",
        "tsv",
        "clarifai",
        "vertex-csv",
        "semicolon",
        "multiline",
        "scores",
        "listed",
        "labels",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut report = Vec::new();
    for kind in kinds {
        let (mut edits, mut incremental) = (0, 0);
        for _ in 0..30 {
            let (name, mut text) = manifest(kind, 5 + rng.below(40), &mut rng);
            let path = Path::new(name);
            // A file the config names is read even without a label column.
            let how = if kind == "listed" {
                ReadWith::Listed { labels: false }
            } else {
                ReadWith::Detect
            };
            let mut file = how.read(path, &text).expect("a manifest");
            for _ in 0..80 {
                let (start, end, insert) = random_edit(&text, &mut rng);
                let (new, edit) = edited(&text, start..end, &insert);
                let want = how.read(path, &new);
                let got = reparse_with(how, &file, &text, &new, &edit);
                edits += 1;
                if let Some(got) = &got {
                    incremental += 1;
                    let Some(want) = &want else {
                        panic!("{kind}: re-read a file that is no manifest now\n{new:?}");
                    };
                    if let Some(diff) = difference(got, want) {
                        panic!(
                            "{kind}: {diff}\nedit {edit:?} {insert:?}\nold {text:?}\nnew {new:?}"
                        );
                    }
                    if rng.chance(10) {
                        let mut in_place = file.clone();
                        assert!(reparse_in_place(how, &mut in_place, &text, &new, &edit));
                        assert_eq!(difference(&in_place, want), None);
                    }
                }
                match got.or(want) {
                    Some(next) => (text, file) = (new, next),
                    None => break,
                }
            }
        }
        report.push((kind, edits, incremental));
    }
    let share = |kind: &str| {
        let (_, edits, incremental) = report.iter().find(|r| r.0 == kind).unwrap();
        *incremental as f64 / *edits as f64
    };
    // Random edits often touch the format-deciding first lines or type an open quote; typing
    // elsewhere is re-read incrementally in most cases.
    for kind in ["hf", "azure", "sagemaker", "vertex-jsonl", "hf-csv", "vertex-csv"] {
        assert!(share(kind) > 0.5, "{kind}: {report:?}");
    }
    for kind in ["csv", "tsv", "clarifai", "semicolon", "multiline", "scores", "listed"] {
        assert!(share(kind) > 0.3, "{kind}: {report:?}");
    }
    assert_eq!(share("labels"), 0.0);
}

/// `n` lines of a Hugging Face `metadata.jsonl`.
fn big_jsonl(n: usize) -> String {
    let mut text = String::with_capacity(n * 64);
    for i in 0..n {
        let label = CONCEPTS[i % CONCEPTS.len()];
        text.push_str(&format!(
            "{{\"file_name\": \"images/{i:06}.png\", \"label\": \"{label}\"}}\n"
        ));
    }
    text
}

#[test]
fn typing_in_a_100000_line_jsonl_is_incremental() {
    let path = Path::new("metadata.jsonl");
    let mut text = big_jsonl(100_000);
    let mut file = read(path, &text).unwrap();
    let mut rng = Rng(42);
    for round in 0..20 {
        // A character typed inside the file name of a random line (not the first).
        let line = 1 + rng.below(99_999);
        let at = text.match_indices("images/").nth(line).unwrap().0 + 7;
        let (new, edit) = edited(&text, at..at, "x");
        file = reparse(&file, &text, &new, &edit).expect("incremental");
        text = new;
        if round % 10 == 9 {
            assert_eq!(difference(&file, &read(path, &text).unwrap()), None);
        }
    }
}

/// Every file under `dir`, recursively.
fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_line_of_the_reader_fixtures_edited() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let mut paths = Vec::new();
    files(&root, &mut paths);
    paths.sort();
    let mut incremental_files = 0;
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Some(old) = read(&path, &text) else { continue };
        let mut any = false;
        let starts: Vec<usize> =
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        for pair in starts.windows(2) {
            let (line, next) = (pair[0], pair[1]);
            let mut middle = line + (next - line) / 2;
            while !text.is_char_boundary(middle) {
                middle -= 1;
            }
            let edits = [
                (middle, middle, "x".to_owned()),
                (middle, middle, "\"".to_owned()),
                (line, next, String::new()),
                (line, line, text[line..next].to_owned()),
                (next - 1, next, String::new()),
            ];
            for (start, end, insert) in edits {
                let (new, edit) = edited(&text, start..end, &insert);
                let Some(got) = reparse(&old, &text, &new, &edit) else { continue };
                any = true;
                let want = read(&path, &new).unwrap_or_else(|| panic!("{}", path.display()));
                if let Some(diff) = difference(&got, &want) {
                    panic!("{}: {diff}\nedit {edit:?} {insert:?}", path.display());
                }
            }
        }
        incremental_files += usize::from(any);
        if old.format.is_line_based()
            && !matches!(old.format, Format::LabelsTxt | Format::SagemakerLst)
        {
            assert!(any || starts.len() <= 3, "{}: never incremental", path.display());
        }
    }
    assert!(incremental_files >= 10, "{incremental_files}");
}
