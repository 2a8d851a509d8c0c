//! What `shortcut-cue` measures: the cues other than content an input carries (file format,
//! size, aspect ratio, source folder, URL host, and metadata columns: [`metadata`]), and how
//! well a cue alone predicts the label.
//!
//! A cue's predictive power is its leave-one-out accuracy: each input's label is guessed as the
//! most common label among the *other* inputs with the same cue value (ties share the credit;
//! a value seen once falls back to the overall most common label). A cue with a fresh value
//! per input (a folder per image) predicts nothing this way, however "pure" its values look.

use std::borrow::Cow;
use std::path::Component;

use rustc_hash::FxHashMap;

use crate::engine::Context;
use crate::images::ImageStatus;
use crate::model::{Input, ParsedFile};
use crate::workspace::Location;

use super::fold;

pub mod metadata;

/// What the folder cue learns once per check rather than once per input.
#[derive(Default)]
pub struct FolderNames {
    /// Whether each folder name seen so far names a concept.
    masked: FxHashMap<String, bool>,
    /// The folders from the dataset root to each manifest's image folder (`None`: outside).
    /// Keyed by the manifest's address (hashing its path for every input costs more).
    bases: FxHashMap<usize, Option<Vec<String>>>,
}

/// A kind of cue, in report order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    Format,
    Size,
    Aspect,
    Folder,
    Host,
}

impl Cue {
    pub const ALL: [Cue; 5] = [Cue::Format, Cue::Size, Cue::Aspect, Cue::Folder, Cue::Host];

    pub fn name(self) -> &'static str {
        match self {
            Cue::Format => "file format",
            Cue::Size => "image size",
            Cue::Aspect => "aspect ratio",
            Cue::Folder => "source folder",
            Cue::Host => "URL host",
        }
    }

    /// "is png", "is 640x480 px", "is in flickr/", "is from a.example.com".
    pub fn phrase(self, value: &str) -> String {
        match self {
            Cue::Format | Cue::Aspect => format!("is {value}"),
            Cue::Size => format!("is {value} px"),
            Cue::Folder if value == "." => "is in the top folder".into(),
            Cue::Folder => format!("is in {value}/"),
            Cue::Host => format!("is from {value}"),
        }
    }

    /// This cue's value for an input, when known (borrowed where it can be: this runs for
    /// every input on every analysis).
    pub fn value<'a>(
        self,
        ctx: &Context,
        file: &ParsedFile,
        input: &'a Input,
        status: &'a ImageStatus,
        names: &mut FolderNames,
    ) -> Option<Cow<'a, str>> {
        match self {
            Cue::Format => match status {
                ImageStatus::Probed { format, .. } => Some(Cow::Borrowed(format.as_str())),
                _ => extension_format(&input.location).map(Cow::Borrowed),
            },
            Cue::Size => status.size().map(|(w, h)| Cow::Owned(format!("{w}x{h}"))),
            Cue::Aspect => status.size().and_then(|(w, h)| aspect(w, h)),
            Cue::Folder => folder(ctx, file, input, names).map(Cow::Owned),
            Cue::Host => host(&input.location),
        }
    }
}

/// The format an extension names, for images whose header was not read.
fn extension_format(location: &str) -> Option<&'static str> {
    let path = location.split(['?', '#']).next().unwrap_or(location);
    let ext = path.rsplit_once('.')?.1;
    let names: [(&[&str], &'static str); 8] = [
        (&["jpg", "jpeg", "jpe"], "jpeg"),
        (&["tif", "tiff"], "tiff"),
        (&["png"], "png"),
        (&["gif"], "gif"),
        (&["webp"], "webp"),
        (&["bmp"], "bmp"),
        (&["avif"], "avif"),
        (&["heic"], "heic"),
    ];
    names
        .iter()
        .find(|(exts, _)| exts.iter().any(|e| e.eq_ignore_ascii_case(ext)))
        .map(|(_, name)| *name)
}

/// The nearest common aspect ratio (width:height), compared in log space.
fn aspect(w: u32, h: u32) -> Option<Cow<'static, str>> {
    const RATIOS: [(u32, u32, &str); 11] = [
        (1, 2, "1:2"),
        (9, 16, "9:16"),
        (2, 3, "2:3"),
        (3, 4, "3:4"),
        (4, 5, "4:5"),
        (1, 1, "1:1"),
        (5, 4, "5:4"),
        (4, 3, "4:3"),
        (3, 2, "3:2"),
        (16, 9, "16:9"),
        (2, 1, "2:1"),
    ];
    if w == 0 || h == 0 {
        return None;
    }
    let r = (f64::from(w) / f64::from(h)).ln();
    let off = |&(a, b, _): &(u32, u32, &str)| (r - (f64::from(a) / f64::from(b)).ln()).abs();
    let best = RATIOS.iter().min_by(|x, y| off(x).total_cmp(&off(y)))?;
    // Beyond the ends of the list (panoramas, strips), say which side.
    let label = if off(best) > 0.2 && r > 0.0 {
        "wider than 2:1"
    } else if off(best) > 0.2 {
        "taller than 1:2"
    } else {
        best.2
    };
    Some(Cow::Borrowed(label))
}

/// The first two folders of a local image's path below the dataset root, with folders that
/// name a concept (by name, id, WordNet id or number) masked as `*`; `.` at the top.
fn folder(
    ctx: &Context,
    file: &ParsedFile,
    input: &Input,
    names: &mut FolderNames,
) -> Option<String> {
    let loc = input.location.as_str();
    let parts: Vec<String> = if crate::workspace::is_plain(loc) {
        // The common case, without resolving: the manifest's image folder, then the path's.
        let key = std::ptr::from_ref(file) as usize;
        let base = match names.bases.get(&key) {
            Some(b) => b,
            None => {
                let rel = ctx.dataset.image_base(file);
                let rel = rel.strip_prefix(&ctx.dataset.root).ok().map(normal_parts);
                names.bases.entry(key).or_insert(rel)
            }
        };
        let dirs = loc.rsplit_once('/').map_or("", |(d, _)| d);
        let own = dirs.split('/').filter(|d| !d.is_empty()).map(str::to_string);
        base.as_ref()?.iter().cloned().chain(own).take(2).collect()
    } else {
        let Location::Local(path) = ctx.dataset.locate(file, input) else { return None };
        normal_parts(path.strip_prefix(&ctx.dataset.root).ok()?.parent()?)
            .into_iter()
            .take(2)
            .collect()
    };
    let parts: Vec<String> = parts
        .into_iter()
        .map(|c| {
            let masked = match names.masked.get(&c) {
                Some(&m) => m,
                None => *names.masked.entry(c.clone()).or_insert_with(|| names_a_concept(ctx, &c)),
            };
            if masked { "*".into() } else { c }
        })
        .collect();
    Some(if parts.is_empty() { ".".into() } else { parts.join("/") })
}

/// The normal components of a relative path, as strings.
fn normal_parts(path: &std::path::Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// Whether a folder name is a label rather than a source: a concept's name (or a plural, or
/// among other words: `cat_images`), a declared concept id, a WordNet id, or a number.
fn names_a_concept(ctx: &Context, folder: &str) -> bool {
    folder.chars().all(|c| c.is_ascii_digit()) || mentions_a_concept(ctx, folder)
}

/// Whether a text names a concept among its words (`cat`, `Cats`, `cat_images`, `a photo of
/// a cat`), by a declared concept id, or by a WordNet id.
pub fn mentions_a_concept(ctx: &Context, folder: &str) -> bool {
    let lower = folder.to_lowercase();
    if lower.len() == 9 && lower.starts_with('n') && lower[1..].bytes().all(|b| b.is_ascii_digit())
    {
        return true;
    }
    let words: Vec<String> =
        lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold).collect();
    let joined = words.join("_");
    ctx.stats.concepts.iter().any(|c| {
        let name = fold(&c.name);
        let name_words: Vec<&str> = name.split('_').filter(|w| !w.is_empty()).collect();
        fold(folder) == name
            || joined == name
            || (!name_words.is_empty()
                && words
                    .windows(name_words.len())
                    .any(|w| w.iter().zip(&name_words).all(|(a, b)| a == b)))
    }) || ctx.dataset.label_files().any(|(_, f)| {
        f.concepts.iter().any(|d| d.id.as_deref().is_some_and(|id| id.eq_ignore_ascii_case(folder)))
    })
}

/// The host (or bucket) of a URL.
fn host(location: &str) -> Option<Cow<'_, str>> {
    let (_, rest) = location.trim().split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    match host {
        "" => None,
        h if h.bytes().any(|b| b.is_ascii_uppercase()) => Some(Cow::Owned(h.to_ascii_lowercase())),
        h => Some(Cow::Borrowed(h)),
    }
}

/// How well a cue predicts labels: leave-one-out accuracy and the most-common-label share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    pub accuracy: f64,
    pub baseline: f64,
    pub inputs: usize,
}

/// Scores `(cue value, label)` observations (small integer ids).
pub fn score(observations: &[(usize, usize)]) -> Score {
    let n = observations.len();
    let mut by_value: FxHashMap<usize, FxHashMap<usize, usize>> = FxHashMap::default();
    let mut overall: FxHashMap<usize, usize> = FxHashMap::default();
    for &(v, l) in observations {
        *by_value.entry(v).or_default().entry(l).or_default() += 1;
        *overall.entry(l).or_default() += 1;
    }
    let mut correct = 0.0;
    for counts in by_value.values() {
        let total: usize = counts.values().sum();
        for (&label, &m) in counts {
            let table = if total > 1 { counts } else { &overall };
            correct += m as f64 * credit(table, label);
        }
    }
    let top = overall.values().copied().max().unwrap_or(0);
    let ratio = |x: f64| if n == 0 { 0.0 } else { x / n as f64 };
    Score { accuracy: ratio(correct), baseline: ratio(top as f64), inputs: n }
}

/// An upper bound of [`score`]'s accuracy, and its baseline, in linear time (no table per
/// value): an input whose value others share may be guessed right, one whose value is its own
/// only when its label is a most common one. Observations hold ids below `values` and `labels`.
pub fn bound(observations: &[(usize, usize)], values: usize, labels: usize) -> (f64, f64) {
    let mut per_value = vec![0usize; values];
    let mut per_label = vec![0usize; labels];
    for &(v, l) in observations {
        if let (Some(a), Some(b)) = (per_value.get_mut(v), per_label.get_mut(l)) {
            *a += 1;
            *b += 1;
        }
    }
    let count = |list: &[usize], i: usize| list.get(i).copied().unwrap_or(0);
    let top = per_label.iter().copied().max().unwrap_or(0);
    let possible = observations
        .iter()
        .filter(|&&(v, l)| count(&per_value, v) > 1 || count(&per_label, l) == top)
        .count();
    let n = observations.len().max(1) as f64;
    (possible as f64 / n, top as f64 / n)
}

/// The share of a correct guess for one input labeled `label` when the others with its value
/// have the `counts` (which include it): 1 when its label is the clear majority of the
/// others, `1/k` in a `k`-way tie, else 0.
fn credit(counts: &FxHashMap<usize, usize>, label: usize) -> f64 {
    let own = counts.get(&label).copied().unwrap_or(0).saturating_sub(1);
    let best_other =
        counts.iter().filter(|(l, _)| **l != label).map(|(_, c)| *c).max().unwrap_or(0);
    if own > best_other {
        1.0
    } else if own == best_other && own > 0 {
        let ties = counts.iter().filter(|(l, c)| **l != label && **c == own).count();
        1.0 / (1 + ties) as f64
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leave_one_out_accuracy_ignores_unique_values() {
        // Two values, each pure: every input is predicted by the others.
        let pure: Vec<(usize, usize)> = (0..20).map(|i| (i % 2, i % 2)).collect();
        let s = score(&pure);
        assert_eq!((s.accuracy, s.baseline, s.inputs), (1.0, 0.5, 20));
        // A fresh value per input predicts nothing better than the majority label.
        let unique: Vec<(usize, usize)> = (0..20).map(|i| (i, usize::from(i < 12))).collect();
        let s = score(&unique);
        assert_eq!(s.baseline, 0.6);
        assert!(s.accuracy <= 0.6, "{s:?}");
        // A constant cue is no better than chance.
        let constant: Vec<(usize, usize)> = (0..20).map(|i| (0, usize::from(i < 12))).collect();
        assert_eq!(score(&constant).accuracy, 0.6);
        // Ties share the credit.
        let tie = [(0, 0), (0, 0), (0, 1), (0, 1)];
        assert_eq!(score(&tie).accuracy, 0.0);
        assert_eq!(score(&[]).accuracy, 0.0);
        // The bound is never below the score, and tight for pure and fresh values.
        for (obs, values) in [(&pure[..], 2), (&unique[..], 20), (&constant[..], 1), (&tie[..], 1)]
        {
            let (max, baseline) = bound(obs, values, 2);
            let s = score(obs);
            assert!(max >= s.accuracy && baseline == s.baseline, "{max} {s:?}");
        }
        assert_eq!(bound(&pure, 2, 2), (1.0, 0.5));
        assert_eq!(bound(&unique, 20, 2), (0.6, 0.6));
    }

    #[test]
    fn aspect_buckets_formats_and_hosts() {
        assert_eq!(aspect(640, 480).as_deref(), Some("4:3"));
        assert_eq!(aspect(1920, 1080).as_deref(), Some("16:9"));
        assert_eq!(aspect(500, 500).as_deref(), Some("1:1"));
        assert_eq!(aspect(480, 640).as_deref(), Some("3:4"));
        assert_eq!(aspect(4000, 1000).as_deref(), Some("wider than 2:1"));
        assert_eq!(aspect(100, 1000).as_deref(), Some("taller than 1:2"));
        assert_eq!(aspect(0, 10), None);
        assert_eq!(extension_format("a/b.JPG"), Some("jpeg"));
        assert_eq!(extension_format("https://h/x.png?s=1"), Some("png"));
        assert_eq!(extension_format("noext"), None);
        assert_eq!(
            host("https://user@Img.Example.com/a/b.png").as_deref(),
            Some("img.example.com")
        );
        assert_eq!(host("s3://bucket/key.jpg").as_deref(), Some("bucket"));
        assert_eq!(host("img/a.png"), None);
    }
}
