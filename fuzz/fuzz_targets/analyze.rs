//! The whole engine on one in-memory dataset: discovery (config, sibling label manifest and
//! predictions), every rule, and every output format. The input is split at the first two
//! `\0\0` into a manifest, a label manifest, predictions and a config (seeds are whole example
//! datasets). Every finding, related location and fix must point into its file's text. One
//! output format per input (chosen by the selector byte): rendering all five would triple the
//! time of an execution.
#![no_main]

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use conceptlint::engine;
use conceptlint::images::ImageFacts;
use conceptlint::render::{self, CheckResult, OutputFormat, RenderOptions};
use conceptlint::workspace::{FileSystem, discover};
use conceptlint_fuzz::{check_diagnostics, check_span, pick, selector, text};
use libfuzzer_sys::fuzz_target;

const DIR: &str = "/conceptlint-fuzz-memfs/d";
const MANIFESTS: &[&str] =
    &["metadata.csv", "metadata.jsonl", "train.tsv", "output.manifest", "coco.json"];
const LABELS: &[&str] = &["labels.txt", "concepts.json"];
const PREDICTIONS: &[&str] = &["predictions.csv", "predictions.jsonl"];

/// Files in memory, in one folder that does not exist on disk.
struct MemFs(BTreeMap<PathBuf, String>);

impl FileSystem for MemFs {
    fn read(&self, path: &Path) -> io::Result<String> {
        self.0.get(path).cloned().ok_or_else(|| io::ErrorKind::NotFound.into())
    }
    fn list_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        Ok(self.0.keys().filter(|p| p.parent() == Some(dir)).cloned().collect())
    }
}

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector(data);
    let text = text(rest);
    let mut parts = text.splitn(4, "\0\0");
    let dir = Path::new(DIR);
    let manifest = dir.join(pick(MANIFESTS, sel));
    let mut files = BTreeMap::new();
    files.insert(manifest.clone(), parts.next().unwrap_or_default().to_string());
    let names = [pick(LABELS, sel >> 3), pick(PREDICTIONS, sel >> 4), "conceptlint.toml"];
    for (name, part) in names.into_iter().zip(parts) {
        files.insert(dir.join(name), part.to_string());
    }
    let fs = MemFs(files);
    let discovery = discover(&[manifest], &fs);
    let mut result = CheckResult::default();
    for dataset in &discovery.datasets {
        for (path, source) in &dataset.sources {
            assert_eq!(fs.0.get(path), Some(source), "a source differs from its file");
        }
        if let Some(p) = &dataset.predictions
            && let Some(source) = dataset.sources.get(&p.path)
        {
            for problem in &p.problems {
                check_span(source, problem.span, "predictions problem");
            }
        }
        let analysis = engine::analyze(dataset, &ImageFacts::default());
        check_diagnostics(&dataset.sources, &analysis.diagnostics);
        result.diagnostics.extend(analysis.diagnostics);
        result.sources.extend(dataset.sources.clone());
    }
    let opts = RenderOptions { cwd: dir.to_path_buf(), color: sel & 0x80 != 0, max_per_rule: None };
    let formats = [
        OutputFormat::Human,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::Sarif,
        OutputFormat::Github,
    ];
    let _ = render::render(formats[(sel >> 5) as usize % formats.len()], &result, &opts);
});
