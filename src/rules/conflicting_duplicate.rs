//! `conflicting-duplicate`: the same image, or a near-identical one, listed with different
//! concepts.

use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::engine::Context;
use crate::images::HashFacts;
use crate::images::hash::distance;
use crate::model::Input;

use super::near_duplicates::{Link, groups, pairs};
use super::{Rule, diagnostic};

pub static RULE: Rule = Rule {
    name: "conflicting-duplicate",
    code: "CL014",
    default_severity: Severity::Warning,
    summary: "The same or a near-identical image is listed with different concepts.",
    docs: r#"# conflicting-duplicate (CL014)

Reports an input whose image is also listed, as another file, with different concepts: a
byte-identical copy (same content hash), or a near-identical one (resized, re-encoded, lightly
edited: perceptual hashes at most `thresholds.near-duplicate-distance` bits apart, 6 of 64 by
default, and 8 x 8 colour downscales that agree, so two drawings with one grayscale layout but
other colours are not taken for each other). Every listing in the conflict is reported, with the other copies as related
locations. With a label manifest, only declared concepts count (an undeclared label is
`unknown-concept`'s). The same path listed twice is `duplicate-input`'s; flat single-colour images have
no perceptual hash (they would all look alike) and only match byte-identical copies.

Images are read whole and decoded (downscaled, bounded) once, then cached in
`.conceptlint_cache/` by path, size and modification time.

## Why
An image cannot be two things in a single-label dataset, and in a multi-label one its copies
should carry the same concepts. A conflict means at least one label is wrong, and the model is
taught both answers for the same picture. When the copies fall on both sides of a
train/test split, the evaluation is also flattered.

## Example
```text
file_name,label
images/cat_017.jpg,cat    <- 'cat' here, but a copy is labeled 'dog': images/dog_044.png (near-identical, 2 bits apart)
images/dog_044.png,dog    <- 'dog' here, but a copy is labeled 'cat': images/cat_017.jpg (near-identical, 2 bits apart)
```

## Fix
Look at the image and keep the right label: the quick fixes label every copy with one of the
concepts in the conflict (when each copy carries one label that can be rewritten in place).
Then consider removing the extra copies.

## Options
```toml
[thresholds]
near-duplicate-distance = 6   # 0-16 bits of 64; 0 = only identical perceptual hashes
```
"#,
    check,
};

/// At most this many copies are named in a message, and this many related locations given.
const MAX_NAMED: usize = 3;
const MAX_RELATED: usize = 20;

/// One listing of an image in a conflict group.
struct Member<'a> {
    image: usize,
    file: usize,
    input: &'a Input,
    /// Its positive concepts, sorted, deduplicated.
    labels: Vec<&'a str>,
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(hashes) = ctx.hashes else { return };
    let max = ctx.settings.thresholds.near_duplicate_distance;
    let found = pairs(hashes, max);
    let mut listings: Vec<Vec<(usize, &Input)>> = vec![Vec::new(); hashes.images.len()];
    for (f, i, input) in ctx.dataset.inputs() {
        if let Some(k) = hashes.image_of(f, i) {
            listings[k].push((f, input));
        }
    }
    let direct: FxHashMap<(usize, usize), Link> =
        found.iter().map(|&(a, b, l)| ((a, b), l)).collect();
    for group in groups(hashes.images.len(), found.iter().map(|&(a, b, _)| (a, b))) {
        let members: Vec<Member> = group
            .iter()
            .flat_map(|&k| listings[k].iter().map(move |&(file, input)| (k, file, input)))
            .filter_map(|(image, file, input)| {
                let labels = positives(ctx, input);
                (!labels.is_empty()).then_some(Member { image, file, input, labels })
            })
            .collect();
        for m in &members {
            let others: Vec<&Member> =
                members.iter().filter(|o| o.image != m.image && o.labels != m.labels).collect();
            if others.is_empty() {
                continue;
            }
            let relation = |o: &Member| relation(hashes, &direct, m.image, o.image).describe();
            let named: Vec<String> = others
                .iter()
                .take(MAX_NAMED)
                .map(|o| format!("{} ({})", o.input.location, relation(o)))
                .collect();
            let mut msg = format!(
                "{} here, but {} labeled {}: {}",
                quoted(&m.labels),
                if others.len() == 1 { "a copy is" } else { "copies are" },
                label_sets(&others),
                named.join(", ")
            );
            if others.len() > MAX_NAMED {
                msg.push_str(&format!(" and {} more", others.len() - MAX_NAMED));
            }
            let file = ctx.file(m.file);
            let mut d =
                diagnostic(&RULE, &file.path, m.input.location_span, msg).for_input(m.input);
            for o in others.iter().take(MAX_RELATED) {
                let text = format!("labeled {} ({})", quoted(&o.labels), relation(o));
                d = d.with_related(ctx.file(o.file).path.clone(), o.input.location_span, text);
            }
            for fix in relabel_fixes(ctx, m, &members) {
                d = d.with_fix(fix);
            }
            out.push(d);
        }
    }
}

/// How images `a` and `b` of one group are related (directly, or through other copies).
fn relation(
    hashes: &HashFacts,
    direct: &FxHashMap<(usize, usize), Link>,
    a: usize,
    b: usize,
) -> Link {
    if let Some(l) = direct.get(&(a.min(b), a.max(b))) {
        return *l;
    }
    let (ha, hb) = (&hashes.images[a].1, &hashes.images[b].1);
    match (ha.perceptual(), hb.perceptual()) {
        _ if ha.content == hb.content => Link::Same,
        (Some(x), Some(y)) => Link::Near(distance(x, y)),
        _ => Link::Near(0),
    }
}

/// The input's positive concepts; with a label manifest, declared ones only (an undeclared
/// label is `unknown-concept`'s).
fn positives<'a>(ctx: &Context, input: &'a Input) -> Vec<&'a str> {
    let counted = |name: &str| !ctx.stats.has_label_manifest || ctx.stats.is_declared(name);
    let mut c: Vec<&str> = input
        .labels
        .iter()
        .filter(|l| l.positive && counted(&l.concept))
        .map(|l| l.concept.as_str())
        .collect();
    c.sort_unstable();
    c.dedup();
    c
}

/// `'cat'`, or `'cat', 'dog'` for a multi-label input.
fn quoted(labels: &[&str]) -> String {
    labels.iter().map(|l| format!("'{l}'")).collect::<Vec<_>>().join(", ")
}

/// The distinct label sets of `others`, in order: `'dog'`, or `'dog' and 'bird'`.
fn label_sets(others: &[&Member]) -> String {
    let mut sets: Vec<String> = Vec::new();
    for o in others {
        let q = quoted(&o.labels);
        if !sets.contains(&q) {
            sets.push(q);
        }
    }
    match sets.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => sets.concat(),
    }
}

/// "Label every copy 'x'" for each single concept in the group (`m`'s own first), when every
/// listing that must change carries exactly one label, written verbatim, and `x` needs no
/// quoting in any format.
fn relabel_fixes(ctx: &Context, m: &Member, members: &[Member]) -> Vec<Fix> {
    let mut targets: Vec<&str> = Vec::new();
    for o in std::iter::once(m).chain(members) {
        if let [only] = o.labels.as_slice()
            && !targets.contains(only)
        {
            targets.push(only);
        }
    }
    targets
        .into_iter()
        .filter(|t| writable(t))
        .filter_map(|target| {
            let mut edits = Vec::new();
            for o in members.iter().filter(|o| o.labels != [target]) {
                let [label] = o.input.labels.as_slice() else { return None };
                let path = &ctx.file(o.file).path;
                let text = ctx.dataset.source(path)?;
                if text.get(label.span.start..label.span.end) != Some(label.concept.as_str()) {
                    return None;
                }
                let edit =
                    Edit { file: path.clone(), span: label.span, replacement: target.into() };
                if !edits.contains(&edit) {
                    edits.push(edit);
                }
            }
            Some(Fix { title: format!("Label every copy '{target}'"), edits })
        })
        .collect()
}

/// Whether a concept name can replace a label as is in any format (no quoting needed).
fn writable(name: &str) -> bool {
    !name.is_empty() && !name.contains(['"', '\\', ',', ';', '\t', '\n', '\r', '|'])
}

#[cfg(test)]
#[path = "conflicting_duplicate_tests.rs"]
mod tests;
