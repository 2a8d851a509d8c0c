//! Hover: a concept's numbers and findings; an image's facts.

use std::fmt::Write;

use tower_lsp_server::ls_types::*;

use super::{Target, at, target};
use crate::images::ImageStatus;
use crate::rules::near_duplicates::link;
use crate::server::Backend;
use crate::server::state::Snapshot;
use crate::stats::ConceptStats;

pub async fn hover(backend: &Backend, params: HoverParams) -> Option<Hover> {
    let pos = params.text_document_position_params;
    let (snapshot, path, offset) = at(backend, &pos.text_document.uri, pos.position).await?;
    let markdown = backend.state.caps().markdown;
    let value = match target(&snapshot, &path, offset)? {
        Target::Concept(name) => concept(&snapshot, &name)?,
        Target::Image { file, input } => image(&snapshot, file, input, markdown),
    };
    let kind = if markdown { MarkupKind::Markdown } else { MarkupKind::PlainText };
    Some(Hover { contents: HoverContents::Markup(MarkupContent { kind, value }), range: None })
}

/// Markdown for a concept: inputs, share, image sizes, findings, and (when there are
/// evaluation results) metrics.
pub fn concept(snapshot: &Snapshot, name: &str) -> Option<String> {
    let stats = &snapshot.analysis.stats;
    let c = stats.get(name)?;
    let t = &snapshot.dataset.settings.thresholds;
    let mut md = format!("**{name}**");
    if c.declarations.is_empty() && stats.has_label_manifest {
        md.push_str(" (not declared in the label manifest)");
    }
    md.push_str("\n\n");
    let share =
        if stats.inputs > 0 { 100.0 * c.positives as f64 / stats.inputs as f64 } else { 0.0 };
    let _ = writeln!(md, "| | |\n|---|---|");
    let _ = writeln!(md, "| inputs | {} ({share:.1}% of {}) |", c.positives, stats.inputs);
    if c.negatives > 0 {
        let _ = writeln!(md, "| negative inputs | {} |", c.negatives);
    }
    let _ = writeln!(md, "| minimum recommended | {} |", t.min_inputs);
    if let Some(SizeSummary(min, median, under, known)) = sizes(snapshot, c) {
        let _ = writeln!(md, "| smallest image | {} x {} px |", min.0, min.1);
        let _ = writeln!(md, "| median image | {} x {} px |", median.0, median.1);
        let _ = writeln!(
            md,
            "| under {} x {} | {under} of {known} |",
            t.min_image_width, t.min_image_height
        );
    }
    if let Some(metrics) = metrics_section(snapshot, name) {
        md.push('\n');
        md.push_str(&metrics);
    }
    let findings = findings(snapshot, name);
    if !findings.is_empty() {
        md.push_str("\n**Findings**\n\n");
        for f in findings {
            let _ = writeln!(md, "- {f}");
        }
    }
    Some(md)
}

/// Evaluation metrics of the concept, when the dataset has evaluation results.
fn metrics_section(snapshot: &Snapshot, name: &str) -> Option<String> {
    let eval = snapshot.analysis.stats.eval.as_deref()?;
    let m = eval.concept(name)?;
    let num = |v: Option<f64>| v.map_or("undefined".to_string(), |v| format!("{v:.3}"));
    let t = &m.at_threshold;
    let mut md = format!(
        "**Evaluation** (threshold {})

| | |
|---|---|
",
        m.threshold
    );
    let _ = writeln!(md, "| ROC AUC | {} |", num(m.roc_auc));
    let _ = writeln!(md, "| average precision | {} |", num(m.average_precision));
    let _ = writeln!(
        md,
        "| precision / recall / F1 | {:.3} / {:.3} / {:.3} |",
        t.precision, t.recall, t.f1
    );
    let _ = writeln!(md, "| TP / FP / FN | {} / {} / {} |", t.tp, t.fp, t.fn_);
    let _ = writeln!(md, "| support | {} positives, {} negatives |", m.positives, m.negatives);
    let confused: Vec<String> =
        eval.confused_with(name).into_iter().take(3).map(|(c, n)| format!("{c} ({n})")).collect();
    if !confused.is_empty() {
        let _ = writeln!(md, "| most confused with | {} |", confused.join(", "));
    }
    Some(md)
}

/// The model's scores of an input and, when its label looks wrong, the suggestion.
fn scores_section(snapshot: &Snapshot, file: usize, input: usize) -> Option<String> {
    let eval = snapshot.analysis.stats.eval.as_deref()?;
    let mut scores = eval.scores_of((file, input))?;
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let top: Vec<String> = scores.iter().take(3).map(|(c, s)| format!("{c} {s:.3}")).collect();
    let mut md = format!("\nmodel scores: {}\n", top.join(", "));
    if let Some(issue) = eval.suspicion((file, input)) {
        let _ = writeln!(
            md,
            "\nsuspicious label '{}'{} (label quality {:.4})",
            issue.concept,
            issue
                .suggested
                .as_deref()
                .map(|s| format!(", the model says '{s}'"))
                .unwrap_or_default(),
            issue.self_confidence
        );
    }
    Some(md)
}

/// Smallest, median by area, how many under the minimum, how many known.
struct SizeSummary((u32, u32), (u32, u32), usize, usize);

/// The size summary of the concept's images (those whose size is known).
fn sizes(snapshot: &Snapshot, c: &ConceptStats) -> Option<SizeSummary> {
    let t = &snapshot.dataset.settings.thresholds;
    let mut sizes: Vec<(u32, u32)> = c
        .uses
        .iter()
        .filter(|u| snapshot.dataset.files[u.file].inputs[u.input].labels[u.label].positive)
        .filter_map(|u| snapshot.facts.get(u.file, u.input).size())
        .collect();
    if sizes.is_empty() {
        return None;
    }
    sizes.sort_by_key(|(w, h)| u64::from(*w) * u64::from(*h));
    let under =
        sizes.iter().filter(|(w, h)| *w < t.min_image_width || *h < t.min_image_height).count();
    Some(SizeSummary(sizes[0], sizes[sizes.len() / 2], under, sizes.len()))
}

/// The findings sitting on the concept's declarations or labels, counted by rule. Findings
/// are few and a concept's labels many: each finding's place is looked up (the record at its
/// offset), not every label of the concept.
fn findings(snapshot: &Snapshot, name: &str) -> Vec<String> {
    let mut by_rule: Vec<(&str, &str, usize)> = Vec::new();
    let mut file: Option<&crate::model::ParsedFile> = None;
    for d in &snapshot.analysis.diagnostics {
        if file.is_none_or(|f| f.path != d.file) {
            file = snapshot.file(&d.file).map(|(_, f)| f);
        }
        let Some(f) = file else { continue };
        let on_declaration = f.concepts.iter().any(|k| k.span == d.span && k.name == name);
        let on_label = || {
            super::input_at(f, d.span.start).is_some_and(|i| {
                f.inputs[i].labels.iter().any(|l| l.span == d.span && l.concept == name)
            })
        };
        if on_declaration || on_label() {
            match by_rule.iter_mut().find(|(r, _, _)| *r == d.rule) {
                Some(entry) => entry.2 += 1,
                None => by_rule.push((d.rule, &d.message, 1)),
            }
        }
    }
    by_rule
        .into_iter()
        .map(|(rule, msg, n)| match n {
            1 => format!("`{rule}`: {msg}"),
            n => format!("`{rule}` ({n} times): {msg}"),
        })
        .collect()
}

/// Markdown for an input's image.
pub fn image(snapshot: &Snapshot, file: usize, input: usize, markdown: bool) -> String {
    let manifest = &snapshot.dataset.files[file];
    let inp = &manifest.inputs[input];
    let mut md = format!("**{}**\n\n", inp.location);
    match snapshot.facts.get(file, input) {
        ImageStatus::Probed { width, height, format, bytes } => {
            let _ = writeln!(md, "{width} x {height} px · {format} · {}", human_bytes(*bytes));
        }
        ImageStatus::Declared { width, height } => {
            let _ = writeln!(md, "{width} x {height} px (stated in the manifest)");
        }
        ImageStatus::Remote => md.push_str("remote image: never fetched\n"),
        ImageStatus::NotFound { .. } => md.push_str("image not found\n"),
        ImageStatus::Unreadable { reason, .. } => {
            let _ = writeln!(md, "cannot read image: {reason}");
        }
        ImageStatus::OutsideRoot { .. } => md.push_str("outside the dataset root: not read\n"),
        ImageStatus::NotChecked => md.push_str("image not checked yet\n"),
    }
    let concepts: Vec<String> = inp
        .labels
        .iter()
        .map(|l| if l.positive { l.concept.clone() } else { format!("not {}", l.concept) })
        .collect();
    if !concepts.is_empty() {
        let _ = writeln!(md, "\nconcepts: {}", concepts.join(", "));
    }
    if let Some(scores) = scores_section(snapshot, file, input) {
        md.push_str(&scores);
    }
    if let Some(copies) = copies_section(snapshot, file, input) {
        md.push_str(&copies);
    }
    if markdown
        && matches!(snapshot.facts.get(file, input), ImageStatus::Probed { .. })
        && let crate::workspace::Location::Local(p) = snapshot.dataset.locate(manifest, inp)
        && let Some(uri) = crate::server::convert::uri(&p)
    {
        let _ = write!(md, "\n![{}]({})\n", inp.location.replace(']', ""), uri.as_str());
    }
    md
}

/// At most this many copies of an image are listed in its hover.
const MAX_COPIES_SHOWN: usize = 5;

/// The other inputs whose image is this one's, a byte-identical copy or a near-identical one
/// (by the hashes, when they were computed), with where they are and their concepts.
fn copies_section(snapshot: &Snapshot, file: usize, input: usize) -> Option<String> {
    let hashes = snapshot.hashes.as_ref()?;
    let k = hashes.image_of(file, input)?;
    let mine = &hashes.images.get(k)?.1;
    let max = snapshot.dataset.settings.thresholds.near_duplicate_distance;
    let copies: Vec<(usize, usize, String)> = snapshot
        .dataset
        .inputs()
        .filter(|&(f, i, _)| (f, i) != (file, input))
        .filter_map(|(f, i, _)| {
            let j = hashes.image_of(f, i)?;
            let how = match j == k {
                true => "the same file".to_string(),
                false => link(mine, &hashes.images.get(j)?.1, max)?.describe(),
            };
            Some((f, i, how))
        })
        .collect();
    if copies.is_empty() {
        return None;
    }
    let mut md = format!("\ncopies ({}):\n", copies.len());
    for (f, i, how) in copies.iter().take(MAX_COPIES_SHOWN) {
        let (f, i) = (*f, *i);
        let manifest = &snapshot.dataset.files[f];
        let other = &manifest.inputs[i];
        let line = snapshot
            .lines
            .get(&manifest.path)
            .map_or(0, |l| l.line_of(other.location_span.start) + 1);
        let name = manifest.path.file_name().map_or(String::new(), |n| n.to_string_lossy().into());
        let concepts: Vec<&str> =
            other.labels.iter().filter(|l| l.positive).map(|l| l.concept.as_str()).collect();
        let _ = writeln!(
            md,
            "- `{}` ({name}:{line}, {how}): {}",
            other.location,
            if concepts.is_empty() { "no concept".to_string() } else { concepts.join(", ") }
        );
    }
    if copies.len() > MAX_COPIES_SHOWN {
        let _ = writeln!(md, "- and {} more", copies.len() - MAX_COPIES_SHOWN);
    }
    Some(md)
}

fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}
