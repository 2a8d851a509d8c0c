//! `conceptlint report`: discover datasets, evaluate their predictions, print the per-concept
//! table and the verdict (or JSON), and optionally write the HTML page.

use std::io::Write;

use anyhow::{Context as _, bail};

use super::{EXIT_CLEAN, EXIT_ERROR, ReportArgs, ReportFormat};
use crate::report::{self, DatasetReport};
use crate::stats::Stats;

pub fn run(args: ReportArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<i32> {
    if let Some(t) = args.threshold
        && !(0.0..=1.0).contains(&t)
    {
        bail!("--threshold must be between 0 and 1, not {t}");
    }
    let (discovery, mut failed) = super::discover(&args.paths, err)?;
    let mut reports = Vec::new();
    for mut dataset in discovery.datasets {
        if let Some(config) = dataset.config.as_ref().filter(|_| dataset.config_broken()) {
            writeln!(
                err,
                "conceptlint: error: {} has problems; `conceptlint check` shows them",
                config.path.display()
            )?;
            failed = true;
            continue;
        }
        if dataset.predictions.is_none() {
            continue;
        }
        if let Some(t) = args.threshold {
            dataset.settings.thresholds.score = t;
        }
        let stats = Stats::compute(&dataset);
        if let Some(eval) = stats.eval.as_deref() {
            reports.push(DatasetReport::new(&dataset, eval));
        }
        // Millions of small allocations with a large dataset: freed beside the rendering.
        std::thread::spawn(move || drop((dataset, stats)));
    }
    if reports.is_empty() {
        writeln!(
            err,
            "conceptlint: error: no predictions found: put a predictions.csv (or .tsv, .jsonl, \
             .json) beside the dataset manifest, or set `predictions` in conceptlint.toml"
        )?;
        return Ok(EXIT_ERROR);
    }
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    if let Some(html) = &args.html {
        std::fs::write(html, report::html::render(&reports, &cwd))
            .with_context(|| format!("cannot write {}", html.display()))?;
    }
    let text = match args.format {
        ReportFormat::Text => report::text::render(&reports, &cwd),
        ReportFormat::Json => report::json::render(&reports),
    };
    write!(out, "{text}")?;
    out.flush()?;
    Ok(if failed { EXIT_ERROR } else { EXIT_CLEAN })
}
