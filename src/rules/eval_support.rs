//! What the evaluation rules share: the evaluation and its predictions file, and where a
//! concept or an input's label is written.

use std::path::PathBuf;

use crate::engine::Context;
use crate::eval::predictions::Predictions;
use crate::eval::{Evaluation, InputAt};
use crate::model::Span;

/// The evaluation of the dataset and the predictions file it came from.
pub fn evaluation<'a>(ctx: &'a Context) -> Option<(&'a Evaluation, &'a Predictions)> {
    Some((ctx.stats.eval.as_deref()?, ctx.dataset.predictions.as_ref()?))
}

/// Where the positive label `concept` of an input is written.
pub fn label_span(ctx: &Context, at: InputAt, concept: &str) -> Option<(PathBuf, Span)> {
    let file = ctx.dataset.files.get(at.0)?;
    let input = file.inputs.get(at.1)?;
    let label = input.labels.iter().find(|l| l.positive && l.concept == concept)?;
    Some((file.path.clone(), label.span))
}

/// Where an input's location is written.
pub fn location_span(ctx: &Context, at: InputAt) -> Option<(PathBuf, Span)> {
    let file = ctx.dataset.files.get(at.0)?;
    Some((file.path.clone(), file.inputs.get(at.1)?.location_span))
}

/// A concept's declaration, else its first positive use (by name).
pub fn concept_place(ctx: &Context, name: &str) -> Option<(PathBuf, Span)> {
    super::concept_place(ctx, ctx.stats.get(name)?)
}

/// `0.912` style: three decimals.
pub fn fmt3(v: f64) -> String {
    format!("{v:.3}")
}

#[cfg(test)]
pub mod testing {
    use std::path::Path;

    use crate::engine::Dataset;
    use crate::workspace::{DiskFs, discover};

    /// Writes `files` into a fresh folder and loads its one dataset as the CLI does.
    pub fn dataset(files: &[(&str, &str)]) -> (tempfile::TempDir, Dataset) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let mut found = discover(&[dir.path().to_path_buf()], &DiskFs);
        assert_eq!(found.datasets.len(), 1);
        let ds = found.datasets.remove(0);
        (dir, ds)
    }

    /// The text a span of a file points at.
    pub fn text<'a>(ds: &'a Dataset, file: &Path, span: crate::model::Span) -> &'a str {
        &ds.sources[file][span.start..span.end]
    }

    /// `n` rows `img/<concept><i>.png,<concept>` of a metadata.csv and their predictions rows
    /// scoring the label `own` and the other concept `1 - own`.
    pub fn rows(
        concept: &str,
        other_first: bool,
        n: usize,
        own: impl Fn(usize) -> f64,
    ) -> (String, String) {
        let (mut manifest, mut preds) = (String::new(), String::new());
        for i in 0..n {
            manifest.push_str(&format!("img/{concept}{i}.png,{concept}\n"));
            let p = own(i);
            let (a, b) = if other_first { (1.0 - p, p) } else { (p, 1.0 - p) };
            preds.push_str(&format!("img/{concept}{i}.png,{a},{b}\n"));
        }
        (manifest, preds)
    }
}
