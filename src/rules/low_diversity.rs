//! `low-diversity`: a concept whose images are largely near-duplicates of each other.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::model::Input;

use super::eval_support::concept_place;
use super::near_duplicates::{groups, pairs};
use super::{Rule, diagnostic};

pub static RULE: Rule = Rule {
    name: "low-diversity",
    code: "CL015",
    default_severity: Severity::Warning,
    summary: "Many of a concept's images are near-duplicates of each other.",
    docs: r#"# low-diversity (CL015)

Reports a concept when more than `thresholds.max-duplicate-share` (30% by default) of its images
are copies or near-copies of another of its images: byte-identical files, or perceptual hashes
at most `thresholds.near-duplicate-distance` bits apart (6 of 64 by default) with colours that
agree, which catches resized, re-encoded and lightly edited versions and burst shots. Concepts
with fewer than 10 hashed images are not judged; with a label manifest, only declared concepts
are. The finding sits on the concept's declaration (or its first use); the groups of look-alikes
are related locations, largest first.

## Why
A model learns a concept from the variety it is shown: angles, distances, lighting,
backgrounds, kinds. Fifty photos of the same scene teach one view fifty times; the model then
fails on the views it never saw, and an evaluation drawn from the same near-copies does not
notice.

## Example
```text
# labels.txt
cat    <- 18 of the 40 images of 'cat' (45%) are near-duplicates of another, in 5 groups (largest: 6); at most 30% is recommended
```

## Fix
Replace near-copies with images of the concept from other viewpoints, settings and sources;
keep one image of each group.

## Options
```toml
[thresholds]
max-duplicate-share = 0.3
near-duplicate-distance = 6
```
"#,
    check,
};

/// Concepts with fewer hashed images than this are not judged.
pub const MIN_IMAGES: usize = 10;
/// At most this many groups are related locations, each with at most this many images.
const MAX_GROUPS: usize = 10;
const MAX_PER_GROUP: usize = 5;

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(hashes) = ctx.hashes else { return };
    let t = &ctx.settings.thresholds;
    let counted = |name: &str| !ctx.stats.has_label_manifest || ctx.stats.is_declared(name);
    // Each concept's distinct images, with the first input listing each under the concept.
    let mut by_concept: FxHashMap<&str, Vec<(usize, usize, &Input)>> = FxHashMap::default();
    let mut seen: FxHashSet<(&str, usize)> = FxHashSet::default();
    for (f, i, input) in ctx.dataset.inputs() {
        let Some(image) = hashes.image_of(f, i) else { continue };
        for label in input.labels.iter().filter(|l| l.positive && counted(&l.concept)) {
            if seen.insert((label.concept.as_str(), image)) {
                by_concept.entry(label.concept.as_str()).or_default().push((image, f, input));
            }
        }
    }
    if by_concept.values().all(|v| v.len() < MIN_IMAGES) {
        return;
    }
    let found = pairs(hashes, t.near_duplicate_distance);
    for concept in &ctx.stats.concepts {
        let Some(images) = by_concept.get(concept.name.as_str()) else { continue };
        if images.len() < MIN_IMAGES {
            continue;
        }
        let local: FxHashMap<usize, usize> =
            images.iter().enumerate().map(|(l, &(g, _, _))| (g, l)).collect();
        let edges = found.iter().filter_map(|(a, b, _)| Some((*local.get(a)?, *local.get(b)?)));
        let mut groups = groups(images.len(), edges);
        let dup: usize = groups.iter().map(Vec::len).sum();
        let share = dup as f64 / images.len() as f64;
        if share <= t.max_duplicate_share {
            continue;
        }
        let Some((file, span)) = concept_place(ctx, &concept.name) else { continue };
        groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
        let msg = format!(
            "{dup} of the {} images of '{}' ({:.0}%) are near-duplicates of another, in {} {} \
             (largest: {}); at most {:.0}% is recommended",
            images.len(),
            concept.name,
            100.0 * share,
            groups.len(),
            if groups.len() == 1 { "group" } else { "groups" },
            groups[0].len(),
            100.0 * t.max_duplicate_share,
        );
        let mut d = diagnostic(&RULE, &file, span, msg);
        for (n, group) in groups.iter().enumerate().take(MAX_GROUPS) {
            let text =
                format!("group {} of {}: {} look-alike images", n + 1, groups.len(), group.len());
            for &l in group.iter().take(MAX_PER_GROUP) {
                let (_, f, input) = images[l];
                d = d.with_related(ctx.file(f).path.clone(), input.location_span, text.clone());
            }
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use image::RgbImage;
    use image::imageops::{self, FilterType};

    use super::*;
    use crate::images::testutil::scene;
    use crate::rules::test_support::WithImages;

    type Pic = Result<RgbImage, &'static str>;

    /// `cat`: `cats` images where `copies[k]` near-copies of picture `k` replace distinct ones;
    /// `dog`: 12 distinct pictures.
    fn dataset(cats: usize, copies: &[usize]) -> WithImages {
        let mut csv = String::from("file_name,label\n");
        let mut images: Vec<(String, Pic)> = Vec::new();
        let mut n = 0;
        for (k, &c) in copies.iter().enumerate() {
            let original = scene(k as u64, 120, 90);
            for j in 0..=c {
                let size = 120 - 8 * j as u32;
                let copy = imageops::resize(&original, size, size * 3 / 4, FilterType::Triangle);
                let ext = if j % 2 == 0 { "png" } else { "jpg" };
                images.push((format!("cat/{n}.{ext}"), Ok(copy)));
                n += 1;
            }
        }
        while n < cats {
            images.push((format!("cat/{n}.png"), Ok(scene(50 + n as u64, 120, 90))));
            n += 1;
        }
        for (name, _) in &images {
            csv.push_str(&format!("{name},cat\n"));
        }
        for i in 0..12 {
            let name = format!("dog/{i}.png");
            csv.push_str(&format!("{name},dog\n"));
            images.push((name, Ok(scene(200 + i, 120, 90))));
        }
        let borrowed: Vec<(&str, Pic)> =
            images.iter().map(|(n, i)| (n.as_str(), i.clone())).collect();
        WithImages::new(&[("metadata.csv", &csv), ("labels.txt", "cat\ndog\n")], &borrowed)
    }

    #[test]
    fn fires_on_a_concept_made_of_look_alikes_with_the_groups_related() {
        // 20 cats: one picture in 5 versions, one in 3, and 12 distinct ones.
        let w = dataset(20, &[4, 2]);
        let out = w.run(&RULE);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert_eq!(w.text(&out[0].file, out[0].span), "cat");
        assert!(out[0].file.ends_with("labels.txt"));
        assert_eq!(
            out[0].message,
            "8 of the 20 images of 'cat' (40%) are near-duplicates of another, in 2 groups \
             (largest: 5); at most 30% is recommended"
        );
        let related: Vec<(&str, &str)> =
            out[0].related.iter().map(|r| (w.text(&r.file, r.span), r.message.as_str())).collect();
        assert_eq!(related.len(), 8);
        assert_eq!(related[0], ("cat/0.png", "group 1 of 2: 5 look-alike images"));
        assert_eq!(related[4], ("cat/4.png", "group 1 of 2: 5 look-alike images"));
        assert_eq!(related[5], ("cat/5.png", "group 2 of 2: 3 look-alike images"));
    }

    #[test]
    fn silent_below_the_share_for_small_concepts_and_without_hashes() {
        // 5 of 20 (25%) look alike.
        assert!(dataset(20, &[4]).run(&RULE).is_empty());
        // All alike, but only 6 images.
        let w = dataset(6, &[5]);
        assert!(w.run(&RULE).is_empty());
        let mut w = dataset(20, &[4, 2]);
        w.ds.settings.thresholds.max_duplicate_share = 0.4;
        assert!(w.run(&RULE).is_empty(), "40% is not more than 40%");
        w.ds.settings.thresholds.max_duplicate_share = 0.39;
        assert_eq!(w.run(&RULE).len(), 1);
        let stats_only = crate::rules::test_support::run(&RULE, &w.ds, &w.facts);
        assert!(stats_only.is_empty());
    }
}
