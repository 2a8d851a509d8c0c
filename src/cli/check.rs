//! `conceptlint check`: discover datasets, probe images, run the rules, render, pick the exit code.

use std::io::{IsTerminal, Write};

use anyhow::{Context as _, bail};

use super::{CheckArgs, ColorChoice, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::config::Settings;
use crate::engine::{self, Dataset};
use crate::images::{self, HashFacts, ImageFacts, cache::Cache};
use crate::render::{self, CheckResult, DatasetSummary, FileSummary, RenderOptions};
use crate::rules;

/// Datasets with at least this many local images show a progress bar (on a terminal).
const PROGRESS_MIN_IMAGES: usize = 200;

pub fn run(args: CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<i32> {
    for name in args.select.iter().flatten().chain(&args.ignore) {
        if !name.eq_ignore_ascii_case("ALL") && rules::find(name).is_none() {
            bail!("unknown rule '{name}' (`conceptlint rules` lists them)");
        }
    }
    let (discovery, mut failed) = super::discover(&args.paths, err)?;

    let mut result = CheckResult::default();
    for mut dataset in discovery.datasets {
        apply_overrides(&mut dataset.settings, &args);
        let (facts, hashes) = probe(&dataset, &args, err);
        let analysis = engine::analyze_with_hashes(&dataset, &facts, hashes.as_ref());
        failed |= dataset.config_broken();
        result.datasets.push(summary(&dataset, analysis.stats));
        result.diagnostics.extend(analysis.diagnostics);
        result.sources.extend(dataset.sources);
    }
    result.diagnostics.sort_by(|a, b| (&a.file, a.span.start).cmp(&(&b.file, b.span.start)));
    result.diagnostics.dedup();

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let opts = RenderOptions {
        cwd: std::env::current_dir().context("cannot read the current folder")?,
        color,
        max_per_rule: if args.show_all { None } else { Some(10) },
    };
    write!(out, "{}", render::render(args.format, &result, &opts))?;
    out.flush()?;

    let threshold = args.fail_on.severity();
    Ok(if failed {
        EXIT_ERROR
    } else if !args.exit_zero && result.diagnostics.iter().any(|d| d.severity >= threshold) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// `--select` replaces the config's selection; `--ignore` adds to its ignores.
fn apply_overrides(settings: &mut Settings, args: &CheckArgs) {
    if let Some(select) = &args.select {
        settings.select = Some(select.clone());
    }
    settings.ignore.extend(args.ignore.iter().cloned());
}

/// Header facts when an image rule is enabled, then hashes when a hash rule is, through one
/// cache and one progress bar.
fn probe(
    dataset: &Dataset,
    args: &CheckArgs,
    err: &mut dyn Write,
) -> (ImageFacts, Option<HashFacts>) {
    if !dataset.runs_any(engine::IMAGE_RULES) {
        return (ImageFacts::default(), None);
    }
    let total: usize = dataset.manifests().map(|(_, f)| f.inputs.len()).sum();
    let bar = (total >= PROGRESS_MIN_IMAGES && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} images ({eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message("probing");
        bar
    });
    let progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let mut cache = (!args.no_cache).then(|| Cache::open(&dataset.root));
    let facts = images::probe_dataset(dataset, cache.as_mut(), &progress);
    let hashes = dataset.runs_any(engine::HASH_RULES).then(|| {
        if let Some(bar) = &bar {
            bar.reset();
            bar.set_message("hashing");
        }
        images::hash_dataset(dataset, &facts, cache.as_mut(), &progress)
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(mut cache) = cache
        && let Err(e) = cache.save()
    {
        // A read-only dataset just has no cache; say so only when the folder is writable.
        if e.kind() != std::io::ErrorKind::PermissionDenied
            && e.kind() != std::io::ErrorKind::ReadOnlyFilesystem
        {
            let _ = writeln!(err, "conceptlint: warning: image cache not saved: {e}");
        }
    }
    (facts, hashes)
}

fn summary(dataset: &Dataset, stats: crate::stats::Stats) -> DatasetSummary {
    DatasetSummary {
        root: dataset.root.clone(),
        config: dataset.config.as_ref().map(|c| c.path.clone()),
        files: dataset
            .files
            .iter()
            .map(|f| FileSummary {
                path: f.path.clone(),
                format: f.format,
                kind: f.kind,
                inputs: f.inputs.len(),
                concepts: f.concepts.len(),
            })
            .collect(),
        stats,
    }
}
