//! One analysis of one dataset: statistics, then every enabled rule, then severities and
//! ignores from the settings. Pure and synchronous: all I/O happened before (loading, probing).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{ConfigFile, Settings};
use crate::diagnostic::Diagnostic;
use crate::images::{HashFacts, ImageFacts, ImageStatus};
use crate::model::{FileKind, Input, ParsedFile};
use crate::rules::{self, RULES};
use crate::stats::Stats;

/// One dataset: its manifests, its label manifest, its config, and the text of each file.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// Paths of this dataset's images must stay inside this folder.
    pub root: PathBuf,
    /// The config that governs the dataset, if any.
    pub config: Option<ConfigFile>,
    /// Effective settings (the config's, or defaults when there is no config).
    pub settings: Settings,
    /// Every parsed file: dataset manifests and label manifests.
    /// Shared: the language server keeps its parses of open documents with the analysis's.
    pub files: Vec<std::sync::Arc<ParsedFile>>,
    /// The model's predictions, when the config names them or a sibling file holds them.
    pub predictions: Option<crate::eval::predictions::Predictions>,
    /// Text of every file in `files` and of the config, by path.
    pub sources: BTreeMap<PathBuf, String>,
}

impl Dataset {
    /// Dataset manifests with their index in `files`.
    pub fn manifests(&self) -> impl Iterator<Item = (usize, &ParsedFile)> {
        self.files.iter().map(|f| &**f).enumerate().filter(|(_, f)| f.kind == FileKind::Dataset)
    }

    /// Files that declare concepts (label manifests, COCO categories).
    pub fn label_files(&self) -> impl Iterator<Item = (usize, &ParsedFile)> {
        self.files.iter().map(|f| &**f).enumerate().filter(|(_, f)| f.declares_concepts())
    }

    /// Every input with its file index and input index.
    pub fn inputs(&self) -> impl Iterator<Item = (usize, usize, &Input)> {
        self.manifests().flat_map(|(f, file)| {
            file.inputs.iter().enumerate().map(move |(i, input)| (f, i, input))
        })
    }

    /// The folder that relative image paths of `manifest` resolve against.
    pub fn image_base(&self, manifest: &ParsedFile) -> PathBuf {
        self.settings.image_root.clone().unwrap_or_else(|| {
            manifest.path.parent().map_or_else(|| self.root.clone(), Path::to_path_buf)
        })
    }

    /// Where the image of `input` of `manifest` is (for many inputs, use [`Dataset::resolver`]).
    pub fn locate(&self, manifest: &ParsedFile, input: &Input) -> crate::workspace::Location {
        self.resolver(manifest).resolve(&input.location)
    }

    /// Resolves the image locations of `manifest`.
    pub fn resolver(&self, manifest: &ParsedFile) -> crate::workspace::Resolver {
        crate::workspace::Resolver::new(&self.image_base(manifest), &self.root)
    }

    pub fn source(&self, path: &Path) -> Option<&str> {
        self.sources.get(path).map(String::as_str)
    }

    /// Whether the config has problems: then nothing but those problems is reported.
    pub fn config_broken(&self) -> bool {
        self.config.as_ref().is_some_and(|c| !c.problems.is_empty())
    }

    /// Whether any of the rules named in `names` runs on this dataset.
    pub fn runs_any(&self, names: &[&str]) -> bool {
        !self.config_broken()
            && RULES.iter().any(|r| names.contains(&r.name) && self.settings.enabled(r))
    }
}

/// Rules that need image facts; without any of them enabled, the CLI touches no image.
pub const IMAGE_RULES: &[&str] = &[
    "small-image",
    "image-not-found",
    "unreadable-image",
    "path-outside-root",
    "shortcut-cue",
    "conflicting-duplicate",
    "low-diversity",
];

/// Rules that also need content and perceptual hashes (whole files read and decoded): hashing
/// runs only when one of them is enabled.
pub const HASH_RULES: &[&str] = &["conflicting-duplicate", "low-diversity"];

/// What rules see.
pub struct Context<'a> {
    pub dataset: &'a Dataset,
    pub settings: &'a Settings,
    pub images: &'a ImageFacts,
    pub stats: &'a Stats,
    /// Content and perceptual hashes, when they were computed (rules that need them are silent
    /// without them).
    pub hashes: Option<&'a HashFacts>,
}

impl Context<'_> {
    pub fn image(&self, file: usize, input: usize) -> &ImageStatus {
        self.images.get(file, input)
    }
    pub fn file(&self, file: usize) -> &ParsedFile {
        &self.dataset.files[file]
    }
}

/// Hides credentials of image URLs in what a finding says (its input reference keeps the
/// location as written: ignores and code actions match on it; renderers redact it).
fn redact(d: &mut Diagnostic) {
    use crate::workspace::redact_credentials as hide;
    if let std::borrow::Cow::Owned(m) = hide(&d.message) {
        d.message = m;
    }
    for r in &mut d.related {
        if let std::borrow::Cow::Owned(m) = hide(&r.message) {
            r.message = m;
        }
    }
    for f in &mut d.fixes {
        if let std::borrow::Cow::Owned(t) = hide(&f.title) {
            f.title = t;
        }
    }
}

/// The result of one analysis.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Sorted by file, then position; deduplicated.
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
}

/// Runs every enabled rule on `dataset`.
pub fn analyze(dataset: &Dataset, images: &ImageFacts) -> Analysis {
    analyze_with_hashes(dataset, images, None)
}

/// Runs every enabled rule on `dataset`, with image hashes when they were computed.
pub fn analyze_with_hashes(
    dataset: &Dataset,
    images: &ImageFacts,
    hashes: Option<&HashFacts>,
) -> Analysis {
    let stats = Stats::compute(dataset);
    let settings = &dataset.settings;
    let ctx = Context { dataset, settings, images, stats: &stats, hashes };
    // Rules are independent readers of one context: they run in parallel, and their findings
    // are joined in the rules' order.
    let found: Vec<Vec<Diagnostic>> = RULES
        .par_iter()
        .filter(|rule| {
            let forced = rule.name == "invalid-config";
            forced || (!dataset.config_broken() && settings.enabled(rule))
        })
        .map(|rule| {
            let mut found = Vec::new();
            (rule.check)(&ctx, &mut found);
            found
        })
        .collect();
    let mut out: Vec<Diagnostic> = found.into_iter().flatten().collect();
    for d in &mut out {
        if let Some(rule) = rules::find(d.rule)
            && let Some(s) = settings.configured_severity(rule)
        {
            d.severity = s;
        }
    }
    out.retain(|d| {
        d.input.as_ref().is_none_or(|input| {
            let by_id = input.id.as_deref().is_some_and(|id| settings.input_ignored(d.rule, id));
            !by_id && !settings.input_ignored(d.rule, &input.location)
        })
    });
    out.iter_mut().for_each(redact);
    out.sort_by(|a, b| {
        (&a.file, a.span.start, a.span.end, a.rule, &a.message).cmp(&(
            &b.file,
            b.span.start,
            b.span.end,
            b.rule,
            &b.message,
        ))
    });
    out.dedup();
    Analysis { diagnostics: out, stats }
}
