//! Builds small datasets for rule tests, with exact spans by construction (independent of the
//! format readers, which have their own tests).

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::engine::{Context, Dataset};
use crate::images::{ImageFacts, ImageStatus};
use crate::model::{ConceptDecl, FileKind, Format, Input, Label, ParsedFile, Span};
use crate::rules::Rule;
use crate::stats::Stats;

pub const ROOT: &str = "/ds";

#[derive(Default)]
pub struct Builder {
    ds: Dataset,
}

impl Builder {
    pub fn new() -> Self {
        Builder { ds: Dataset { root: PathBuf::from(ROOT), ..Default::default() } }
    }

    /// Adds `/ds/<name>`, a `file_name,label` CSV; several labels in a cell are `;`-separated.
    pub fn manifest(mut self, name: &str, rows: &[(&str, &[&str])]) -> Self {
        let path = Path::new(ROOT).join(name);
        let mut text = String::from("file_name,label\n");
        let mut file = ParsedFile::new(path.clone(), Format::HfMetadataCsv, FileKind::Dataset);
        for (location, labels) in rows {
            let start = text.len();
            text.push_str(location);
            let location_span = Span::new(start, text.len());
            text.push(',');
            let mut parsed = Vec::new();
            for (i, label) in labels.iter().enumerate() {
                if i > 0 {
                    text.push(';');
                }
                let (concept, positive) = match label.strip_prefix('-') {
                    Some(neg) => (neg, false),
                    None => (*label, true),
                };
                let s = text.len();
                text.push_str(label);
                parsed.push(Label {
                    concept: concept.to_string(),
                    span: Span::new(s, text.len()),
                    positive,
                });
            }
            file.inputs.push(Input {
                id: None,
                location: location.to_string(),
                location_span,
                span: Span::new(start, text.len()),
                labels: parsed,
                declared_size: None,
                ..Default::default()
            });
            text.push('\n');
        }
        self.ds.sources.insert(path, text);
        self.ds.files.push(file.into());
        self
    }

    /// Adds `/ds/labels.txt` declaring `names`.
    pub fn labels(mut self, names: &[&str]) -> Self {
        let path = Path::new(ROOT).join("labels.txt");
        let mut text = String::new();
        let mut file = ParsedFile::new(path.clone(), Format::LabelsTxt, FileKind::Labels);
        for name in names {
            let s = text.len();
            text.push_str(name);
            let span = Span::new(s, text.len());
            file.concepts.push(ConceptDecl {
                name: name.to_string(),
                span,
                decl_span: span,
                ..Default::default()
            });
            text.push('\n');
        }
        self.ds.sources.insert(path, text);
        self.ds.files.push(file.into());
        self
    }

    pub fn settings(mut self, f: impl FnOnce(&mut crate::config::Settings)) -> Self {
        f(&mut self.ds.settings);
        self
    }

    pub fn build(self) -> Dataset {
        self.ds
    }
}

/// `n` rows `img/<concept><i>.png,<concept>`.
pub fn rows(concept: &'static str, n: usize) -> Vec<(String, Vec<&'static str>)> {
    (0..n).map(|i| (format!("img/{concept}{i}.png"), vec![concept])).collect()
}

/// Borrowed view of [`rows`] for [`Builder::manifest`].
pub fn borrow<'a>(rows: &'a [(String, Vec<&'static str>)]) -> Vec<(&'a str, &'a [&'static str])> {
    rows.iter().map(|(l, c)| (l.as_str(), c.as_slice())).collect()
}

/// Image facts where every input of every manifest has the status `f` gives.
pub fn images(ds: &Dataset, f: impl Fn(&Input) -> ImageStatus) -> ImageFacts {
    ImageFacts {
        per_file: ds.files.iter().map(|file| file.inputs.iter().map(&f).collect()).collect(),
    }
}

/// Runs one rule the way the engine does (without severity overrides or ignores).
pub fn run(rule: &Rule, ds: &Dataset, images: &ImageFacts) -> Vec<Diagnostic> {
    run_with_hashes(rule, ds, images, None)
}

/// [`run`] with image hashes.
pub fn run_with_hashes(
    rule: &Rule,
    ds: &Dataset,
    images: &ImageFacts,
    hashes: Option<&crate::images::HashFacts>,
) -> Vec<Diagnostic> {
    let stats = Stats::compute(ds);
    let ctx = Context { dataset: ds, settings: &ds.settings, images, stats: &stats, hashes };
    let mut out = Vec::new();
    (rule.check)(&ctx, &mut out);
    out
}

/// The text a diagnostic points at.
pub fn at<'a>(ds: &'a Dataset, d: &Diagnostic) -> &'a str {
    &ds.sources[&d.file][d.span.start..d.span.end]
}

/// Applies every edit of a fix to the texts of `ds` and returns the changed file's text.
pub fn apply(ds: &Dataset, d: &Diagnostic, fix: usize) -> String {
    let fix = &d.fixes[fix];
    let file = &fix.edits[0].file;
    let mut text = ds.sources[file].clone();
    let mut edits: Vec<_> = fix.edits.iter().filter(|e| &e.file == file).collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        text.replace_range(e.span.start..e.span.end, &e.replacement);
    }
    text
}

/// A dataset with real images, loaded, probed and hashed as the CLI does.
pub struct WithImages {
    /// The folder, removed when the value is dropped.
    pub _dir: tempfile::TempDir,
    pub ds: Dataset,
    pub facts: ImageFacts,
    pub hashes: crate::images::HashFacts,
}

impl WithImages {
    /// Writes the text `files` and the `images` (encoded by their extension) into a fresh
    /// folder; `Err(name)` as an image copies the bytes of the image file `name` written before.
    pub fn new(files: &[(&str, &str)], images: &[(&str, Result<image::RgbImage, &str>)]) -> Self {
        let (dir, ds) = crate::rules::eval_support::testing::dataset(files);
        for (name, image) in images {
            let path = dir.path().join(name);
            match image {
                Ok(img) => crate::images::testutil::save(img, &path),
                Err(from) => {
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::copy(dir.path().join(from), &path).unwrap();
                }
            }
        }
        let facts = crate::images::probe_dataset(&ds, None, &|_, _| {});
        let hashes = crate::images::hash_dataset(&ds, &facts, None, &|_, _| {});
        WithImages { _dir: dir, ds, facts, hashes }
    }

    pub fn run(&self, rule: &Rule) -> Vec<Diagnostic> {
        run_with_hashes(rule, &self.ds, &self.facts, Some(&self.hashes))
    }

    /// The text a span of a file points at.
    pub fn text(&self, file: &Path, span: Span) -> &str {
        &self.ds.sources[file][span.start..span.end]
    }

    /// Applies fix `fix` of `d` and returns the text of `file` afterwards.
    pub fn fixed(&self, d: &Diagnostic, fix: usize, file: &Path) -> String {
        let mut text = self.ds.sources[file].clone();
        let mut edits: Vec<_> = d.fixes[fix].edits.iter().filter(|e| e.file == file).collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        for e in edits {
            text.replace_range(e.span.start..e.span.end, &e.replacement);
        }
        text
    }
}
