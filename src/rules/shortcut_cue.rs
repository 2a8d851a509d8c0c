//! `shortcut-cue`: something other than the image's content tells the concepts apart.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::model::{Input, Span};

use super::cues::{Cue, Score, bound, metadata, score};
use super::{Rule, diagnostic};
use crate::config::Thresholds;

pub static RULE: Rule = Rule {
    name: "shortcut-cue",
    code: "CL016",
    default_severity: Severity::Warning,
    summary: "A cue other than content (format, size, folder, host, metadata) predicts the concept.",
    docs: r#"# shortcut-cue (CL016)

Reports a cue other than the image's content that predicts the concept far better than
chance: the file format, the image size, the aspect ratio, the source folder (the first two
folders of the path, where folders named after a concept, its id, a WordNet id or a number
do not count: they are how the labels are stored), the URL host, or a metadata column of the
manifest (`source`, `camera`, `photographer`, ...). The cue's strength is its
leave-one-out accuracy: each input's concept is guessed from the most common concept of the
other inputs sharing its cue value, so a value per input (a folder per image) predicts nothing.
The rule fires when that accuracy is at least `thresholds.shortcut-accuracy` (0.9) and beats
always guessing the most common concept by `thresholds.shortcut-margin` (0.3), over at least 30
single-label inputs of at least two concepts (declared ones, when there is a label
manifest). The message says which cue, how strongly, and each concept's usual value; related
locations show an example of each (for a metadata column, its value on that input).

Metadata columns are the other columns of a CSV/TSV manifest with a header and the other
keys of a JSON Lines manifest with an image and a label key (Hugging Face `metadata.csv` /
`metadata.jsonl`, generic tables and JSON Lines, Azure ML JSONL), whose values are strings,
numbers or booleans (not objects, lists, `null` or empty cells; at most the first 16 per
input). Other formats (COCO, Label Studio, SageMaker, Vertex AI, Clarifai) have none. Columns
that are not a cue a model could learn from the pixels are skipped by name: the image, label
and id, columns that restate or describe the label (`label_id`, `class_name`, `species`,
`breed`, `wnid`, `caption`, `text`, `description`, `title`), ids and hashes, other paths and
URLs, and the split (`split`, `fold`, `subset`, `ml_use`); `width`/`height`/`size` columns when
the image size or aspect ratio fired, `format` columns when the file format fired. Values that
name a concept (`cat_photos`, `n02084071`) restate the label and are left out. A column with a
fresh value per input (an upload id, a timestamp) predicts nothing, as above.

## Why
A model learns whatever separates the concepts most easily. If every dog photo is a large PNG
from one site and every cat a small JPEG from another, the model can score well by learning
the compression, the size or the framing, and fails on the first dog that arrives as a JPEG.
The evaluation does not notice, because the test images carry the same cue.

## Example
```text
file_name,label    <- file format predicts the concept for 98% of 100 inputs (chance: 52%): every 'dog' is png, 'cat' is jpeg for 46 of 48
images/dog_001.png,dog
images/cat_001.jpg,cat
```

```text
file_name,label,source    <- metadata column 'source' predicts the concept for 98% of 40 inputs (chance: 50%): 'cat' has source = 'flickr' for 19 of 20, every 'dog' has source = 'studio'
img/1.png,dog,studio
img/2.png,cat,flickr
```

## Fix
Collect each concept from the same mix of sources, cameras and formats; convert and resize the
images the same way for every concept (and at prediction time).

## Options
```toml
[thresholds]
shortcut-accuracy = 0.9
shortcut-margin = 0.3
```
"#,
    check,
};

/// Fewest single-label inputs with a known cue value for the cue to be judged.
pub const MIN_INPUTS: usize = 30;
/// At most this many concepts are described in the message.
const MAX_DESCRIBED: usize = 4;

/// One single-label input: where it is and its concept.
struct Labeled<'a> {
    file: usize,
    index: usize,
    input: &'a Input,
    concept: &'a str,
}

/// A cue that fired: its score, the message and the related examples (input, text).
struct Finding {
    score: Score,
    message: String,
    examples: Vec<(usize, String)>,
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let counted = |name: &str| !ctx.stats.has_label_manifest || ctx.stats.is_declared(name);
    let labeled: Vec<Labeled> = ctx
        .dataset
        .inputs()
        .filter_map(|(file, index, input)| {
            let mut positives = input.labels.iter().filter(|l| l.positive);
            let first = positives.next()?;
            let single = positives.all(|l| l.concept == first.concept);
            (single && counted(&first.concept)).then_some(Labeled {
                file,
                index,
                input,
                concept: first.concept.as_str(),
            })
        })
        .collect();
    if labeled.len() < MIN_INPUTS {
        return;
    }
    let Some((place_file, place)) = place(ctx) else { return };
    let mut fired: Vec<Cue> = Vec::new();
    let mut names = super::cues::FolderNames::default();
    for cue in Cue::ALL {
        if cue == Cue::Aspect && fired.contains(&Cue::Size) {
            continue; // The aspect ratio follows from the size.
        }
        let values: Vec<(Cow<str>, usize)> = labeled
            .iter()
            .enumerate()
            .filter_map(|(k, l)| {
                let status = ctx.image(l.file, l.index);
                Some((cue.value(ctx, ctx.file(l.file), l.input, status, &mut names)?, k))
            })
            .collect();
        let phrase = |v: &str| cue.phrase(v);
        let Some(f) = judge(cue.name(), &phrase, &labeled, &values, &ctx.settings.thresholds)
        else {
            continue;
        };
        if !strong(ctx, &f) {
            continue;
        }
        fired.push(cue);
        let mut d = diagnostic(&RULE, &place_file, place, f.message);
        for (k, text) in f.examples {
            let l = &labeled[k];
            d = d.with_related(ctx.file(l.file).path.clone(), l.input.location_span, text);
        }
        out.push(d);
    }
    if labeled.iter().all(|l| l.input.metadata.is_empty()) {
        return;
    }
    let inputs = labeled.iter().map(|l| (l.file, l.input));
    for column in metadata::columns(ctx, inputs, &fired) {
        let name = column.name.as_ref();
        let what = format!("metadata column '{name}'");
        let phrase = |v: &str| metadata::phrase(name, v);
        let Some(f) = judge(&what, &phrase, &labeled, &column.values, &ctx.settings.thresholds)
        else {
            continue;
        };
        if !strong(ctx, &f) {
            continue;
        }
        let mut d = diagnostic(&RULE, &place_file, place, f.message);
        for (k, text) in f.examples {
            let l = &labeled[k];
            let file = ctx.file(l.file);
            let span = metadata::value_span(ctx, file, l.input, name);
            d = d.with_related(file.path.clone(), span.unwrap_or(l.input.location_span), text);
        }
        out.push(d);
    }
}

/// Whether a cue predicts the concept well enough to report (the configured thresholds).
fn strong(ctx: &Context, f: &Finding) -> bool {
    let t = &ctx.settings.thresholds;
    f.score.accuracy >= t.shortcut_accuracy
        && f.score.accuracy >= f.score.baseline + t.shortcut_margin
}

/// Scores one cue (`what`, whose values `phrase` describes) over the inputs that have a value
/// for it, and describes it.
fn judge<V: AsRef<str>>(
    what: &str,
    phrase: &dyn Fn(&str) -> String,
    labeled: &[Labeled],
    values: &[(V, usize)],
    t: &Thresholds,
) -> Option<Finding> {
    if values.len() < MIN_INPUTS {
        return None;
    }
    let mut value_ids: FxHashMap<&str, usize> = FxHashMap::default();
    let mut concept_ids: FxHashMap<&str, usize> = FxHashMap::default();
    let observations: Vec<(usize, usize)> = values
        .iter()
        .map(|(v, k)| {
            let next = value_ids.len();
            let v = *value_ids.entry(v.as_ref()).or_insert(next);
            let next = concept_ids.len();
            (v, *concept_ids.entry(labeled[*k].concept).or_insert(next))
        })
        .collect();
    if value_ids.len() < 2 || concept_ids.len() < 2 {
        return None;
    }
    // A cue with a fresh value per input (an upload id) is dropped before building its tables.
    let (best, baseline) = bound(&observations, value_ids.len(), concept_ids.len());
    if best < t.shortcut_accuracy || best < baseline + t.shortcut_margin {
        return None;
    }
    let score = score(&observations);

    // Each concept's most common value: (concept, inputs, value, with it, first example).
    let mut per_concept: Vec<(&str, usize, &str, usize, usize)> = Vec::new();
    let mut tallies: FxHashMap<&str, FxHashMap<&str, (usize, usize)>> = FxHashMap::default();
    for (v, k) in values {
        let e =
            tallies.entry(labeled[*k].concept).or_default().entry(v.as_ref()).or_insert((0, *k));
        e.0 += 1;
    }
    for (concept, by_value) in &tallies {
        let total = by_value.values().map(|(n, _)| n).sum();
        let (value, (n, first)) = by_value
            .iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.0.cmp(a.0)))
            .map(|(v, c)| (*v, *c))?;
        per_concept.push((concept, total, value, n, first));
    }
    per_concept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let described: Vec<String> = per_concept
        .iter()
        .take(MAX_DESCRIBED)
        .map(|&(concept, total, value, n, _)| {
            if n == total {
                format!("every '{concept}' {}", phrase(value))
            } else {
                format!("'{concept}' {} for {n} of {total}", phrase(value))
            }
        })
        .collect();
    let mut message = format!(
        "{} predicts the concept for {:.0}% of {} inputs (chance: {:.0}%): {}",
        what,
        100.0 * score.accuracy,
        score.inputs,
        100.0 * score.baseline,
        described.join(", ")
    );
    if per_concept.len() > MAX_DESCRIBED {
        message.push_str(&format!(", and {} more concepts", per_concept.len() - MAX_DESCRIBED));
    }
    let examples = per_concept
        .iter()
        .take(MAX_DESCRIBED)
        .map(|&(concept, total, value, n, first)| {
            (first, format!("'{concept}' {} for {n} of {total}, like this one", phrase(value)))
        })
        .collect();
    Some(Finding { score, message, examples })
}

/// The first line of the largest dataset manifest: the finding is about the whole dataset.
fn place(ctx: &Context) -> Option<(std::path::PathBuf, Span)> {
    let (_, file) =
        ctx.dataset.manifests().max_by_key(|(f, m)| (m.inputs.len(), std::cmp::Reverse(*f)))?;
    let text = ctx.dataset.source(&file.path)?;
    let end = text.find(['\r', '\n']).unwrap_or(text.len());
    Some((file.path.clone(), Span::new(0, end)))
}

#[cfg(test)]
#[path = "shortcut_cue_tests.rs"]
mod tests;
