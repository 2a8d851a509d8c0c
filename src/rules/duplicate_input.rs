//! `duplicate-input`: the same image listed more than once.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use std::hash::BuildHasher;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::engine::Context;
use crate::model::Input;
use crate::text::LineIndex;
use crate::workspace::Location;

use super::{Rule, diagnostic, record_with_newline};

pub static RULE: Rule = Rule {
    name: "duplicate-input",
    code: "CL008",
    default_severity: Severity::Warning,
    summary: "The same image is listed more than once.",
    docs: r#"# duplicate-input (CL008)

Reports every listing of an image after its first, across all manifests of the dataset. Paths
are compared after resolving them (`images/a.png` and `./images/../images/a.png` are the same
file); URLs are compared as written. When the two listings carry different concepts, the
message says so.

## Why
A duplicated input counts twice: it inflates its concept's numbers, weighs that one image
double in training, and, when the copies land in both the training and the test split, makes
the evaluation look better than the model is. Duplicates with different concepts are a label
conflict: at least one of them is wrong.

## Example
```text
file_name,label
images/cat_001.png,cat
images/cat_001.png,cat     <- images/cat_001.png is listed 2 times (first on line 2)
```

## Fix
Remove the extra listing (quick fix for line-based manifests whose listings carry the same
concepts); when the concepts differ, decide which is right first.
"#,
    check,
};

/// Identifies an image: the index of the folder its path is relative to (`usize::MAX` for URLs
/// and for paths that resolve outside every manifest's folder) and the path from there.
type Key<'a> = (usize, Cow<'a, str>);

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let bases = Bases::of(ctx);
    let mut groups: Vec<Vec<(usize, &Input)>> = listings(ctx, &bases)
        .chunk_by(|a, b| std::ptr::eq(a.0.1, b.0.1))
        .map(|run| {
            let first = run[0].0;
            let mut group = vec![first];
            group.extend(run.iter().map(|(_, later)| *later));
            group
        })
        .collect();
    groups.sort_by_key(|g| (g[0].0, g[0].1.span.start));
    let mut lines: HashMap<usize, LineIndex> = HashMap::new();
    for group in groups {
        let (first_file, first) = group[0];
        let ffile = ctx.file(first_file);
        let Some(ftext) = ctx.dataset.source(&ffile.path) else {
            continue;
        };
        let index = lines.entry(first_file).or_insert_with(|| LineIndex::new(ftext));
        let first_line = index.line_of(first.span.start) + 1;
        let where_first = if group.iter().all(|(f, _)| *f == first_file) {
            format!("line {first_line}")
        } else {
            format!(
                "{} line {first_line}",
                ffile.path.file_name().unwrap_or_default().to_string_lossy()
            )
        };
        for &(fi, input) in &group[1..] {
            let file = ctx.file(fi);
            let mut msg = format!(
                "{} is listed {} times (first on {where_first})",
                input.location,
                group.len()
            );
            let same = concepts(input) == concepts(first);
            if !same {
                msg.push_str(&format!(
                    " with different concepts ({} here, {} there)",
                    shown_concepts(input),
                    shown_concepts(first)
                ));
            }
            let mut d = diagnostic(&RULE, &file.path, input.location_span, msg)
                .for_input(input)
                .with_related(ffile.path.clone(), first.location_span, "first listed here");
            if same
                && file.format.is_line_based()
                && let Some(text) = ctx.dataset.source(&file.path)
            {
                d = d.with_fix(Fix {
                    title: "Remove this duplicate input".into(),
                    edits: vec![Edit {
                        file: file.path.clone(),
                        span: record_with_newline(text, input.span),
                        replacement: String::new(),
                    }],
                });
            }
            out.push(d);
        }
    }
}

/// An input: its file index and the input.
type Listing<'a> = (usize, &'a Input);

/// Every listing of an image after its first, as `(first, later)`, sorted by the first
/// listing (file, then position) and, within one image, in file order.
///
/// Each input's key is hashed to 64 bits (in parallel), the `(hash, file, input)` triples are
/// sorted, and only runs of equal hashes have their keys compared: 16 bytes an input and no
/// hash table, whose million random probes cost more than the sort.
fn listings<'a>(ctx: &'a Context, bases: &Bases) -> Vec<(Listing<'a>, Listing<'a>)> {
    let mut hashed: Vec<(u64, u32, u32)> = Vec::new();
    for (fi, file) in ctx.dataset.manifests() {
        let hash = |(ii, input): (usize, &Input)| {
            let k = key(ctx, bases, fi, input);
            (rustc_hash::FxBuildHasher.hash_one(&k), fi as u32, ii as u32)
        };
        if file.inputs.len() >= PARALLEL_INPUTS {
            hashed.par_extend(file.inputs.par_iter().enumerate().map(hash));
        } else {
            hashed.extend(file.inputs.iter().enumerate().map(hash));
        }
    }
    hashed.par_sort_unstable();
    let input = |f: u32, i: u32| &ctx.file(f as usize).inputs[i as usize];
    let mut later: Vec<((u32, u32), (u32, u32))> = Vec::new();
    for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        // Almost always one key; more only when different keys share a hash.
        let mut firsts: Vec<(Key, (u32, u32))> = Vec::new();
        for &(_, f, i) in run {
            let k = key(ctx, bases, f as usize, input(f, i));
            match firsts.iter().find(|(first, _)| *first == k) {
                Some(&(_, first)) => later.push((first, (f, i))),
                None => firsts.push((k, (f, i))),
            }
        }
    }
    later.sort_unstable();
    let listing = |(f, i): (u32, u32)| (f as usize, input(f, i));
    later.into_iter().map(|(a, b)| (listing(a), listing(b))).collect()
}

/// Manifests with at least this many inputs have their keys hashed in parallel.
const PARALLEL_INPUTS: usize = 50_000;

/// The image's key; resolves the path only when it is not already a plain relative path.
/// `base_ids[f]` is the first index whose base folder equals that of file `f`, so manifests of
/// one folder agree.
fn key<'a>(ctx: &Context, bases: &Bases, file: usize, input: &'a Input) -> Key<'a> {
    let loc = input.location.as_str();
    let base = bases.ids[file];
    if crate::workspace::is_plain(loc) {
        return (base, Cow::Borrowed(loc));
    }
    match ctx.dataset.locate(ctx.file(file), input) {
        Location::Remote => (usize::MAX, Cow::Borrowed(loc.trim())),
        Location::Local(p) | Location::OutsideRoot(p) => match p.strip_prefix(&bases.folders[file])
        {
            Ok(rel) => (base, Cow::Owned(rel.to_string_lossy().replace('\\', "/"))),
            Err(_) => (usize::MAX, Cow::Owned(p.to_string_lossy().into_owned())),
        },
    }
}

/// The folder each file's relative image paths start from, and for each file the first index
/// with the same folder.
struct Bases {
    folders: Vec<PathBuf>,
    ids: Vec<usize>,
}

impl Bases {
    fn of(ctx: &Context) -> Bases {
        let folders: Vec<PathBuf> =
            ctx.dataset.files.iter().map(|f| ctx.dataset.image_base(f)).collect();
        let ids = (0..folders.len())
            .map(|f| folders.iter().position(|x| *x == folders[f]).unwrap_or(f))
            .collect();
        Bases { folders, ids }
    }
}

fn concepts(input: &Input) -> Vec<&str> {
    let mut c: Vec<&str> =
        input.labels.iter().filter(|l| l.positive).map(|l| l.concept.as_str()).collect();
    c.sort_unstable();
    c.dedup();
    c
}

/// The concepts of a listing as the message shows them.
fn shown_concepts(input: &Input) -> String {
    match concepts(input) {
        c if c.is_empty() => "no concept".to_string(),
        c => c.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn fires_on_later_listings_with_a_remove_fix() {
        let ds = Builder::new()
            .manifest(
                "metadata.csv",
                &[
                    ("a.png", &["cat"]),
                    ("b.png", &["dog"]),
                    ("./x/../a.png", &["cat"]),
                    ("a.png", &["dog"]),
                ],
            )
            .build();
        let out = run(&RULE, &ds, &Default::default());
        let got: Vec<_> = out.iter().map(|d| (at(&ds, d), d.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("./x/../a.png", "./x/../a.png is listed 3 times (first on line 2)"),
                (
                    "a.png",
                    "a.png is listed 3 times (first on line 2) with different concepts (dog here, cat there)"
                ),
            ]
        );
        assert_eq!(out[0].related[0].span, ds.files[0].inputs[0].location_span);
        assert_eq!(apply(&ds, &out[0], 0), "file_name,label\na.png,cat\nb.png,dog\na.png,dog\n");
        assert!(out[1].fixes.is_empty(), "conflicting listings get no blind removal");
    }

    #[test]
    fn silent_when_every_image_is_listed_once() {
        let ds = Builder::new().manifest("metadata.csv", &borrow(&rows("cat", 20))).build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
    }

    #[test]
    fn urls_compare_as_written() {
        let ds = Builder::new()
            .manifest(
                "metadata.csv",
                &[("https://h/a.png", &["cat"]), ("https://h/a.png", &["cat"])],
            )
            .build();
        assert_eq!(run(&RULE, &ds, &Default::default()).len(), 1);
    }

    #[test]
    fn a_listing_without_a_label_has_no_concept() {
        let ds = Builder::new()
            .manifest("metadata.csv", &[("a.png", &[][..]), ("a.png", &["cat"])])
            .build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(
            out[0].message,
            "a.png is listed 2 times (first on line 2) with different concepts (cat here, no concept there)"
        );
    }
}
