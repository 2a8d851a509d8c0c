//! Which predictions row scores which input: by id, by the location as written (normalized),
//! or by the resolved path; and everything that does not fit.

use std::borrow::Cow;
use std::path::Path;

use std::collections::HashMap;

use crate::engine::Dataset;
use crate::workspace;

use super::predictions::Predictions;

/// Where an input is: file index and input index in the dataset.
pub type InputAt = (usize, usize);

/// The predictions rows of one input (several with folds), in file order.
#[derive(Clone, Debug)]
pub struct Group {
    /// `None` for a row scored only against the ground truth written in the predictions file.
    pub input: Option<InputAt>,
    pub rows: Vec<usize>,
}

/// The result of matching.
#[derive(Clone, Debug, Default)]
pub struct Matched {
    /// In dataset order, then rows that carry their own ground truth.
    pub groups: Vec<Group>,
    /// Rows whose key names no input (and carry no ground truth).
    pub unknown_keys: Vec<usize>,
    /// Rows repeating an input without a distinct fold: `(row, first row of that input)`.
    pub duplicates: Vec<(usize, usize)>,
    /// Inputs without scores, in manifests where some input has scores.
    pub unscored: Vec<InputAt>,
}

/// A key or location as compared: trimmed, `/` separators, no leading `./` (borrowed when
/// already in that form, as nearly every key is).
pub fn normalize_key(key: &str) -> Cow<'_, str> {
    let mut k = key.trim();
    if k.contains('\\') {
        let mut owned = k.replace('\\', "/");
        while let Some(rest) = owned.strip_prefix("./") {
            owned = rest.to_string();
        }
        return Cow::Owned(owned);
    }
    while let Some(rest) = k.strip_prefix("./") {
        k = rest;
    }
    Cow::Borrowed(k)
}

/// No group yet for an input.
const NONE: u32 = u32::MAX;

pub fn match_rows(dataset: &Dataset, predictions: &Predictions) -> Matched {
    // Every input in dataset order; rows usually follow it, so the input after the last match
    // is tried first and the hash index is built only when a row is elsewhere.
    let order: Vec<InputAt> = dataset.inputs().map(|(f, i, _)| (f, i)).collect();
    // Position in `order` of the first input of each file.
    let mut first = Vec::with_capacity(dataset.files.len());
    let mut count = 0;
    for file in &dataset.files {
        first.push(count);
        if file.kind == crate::model::FileKind::Dataset {
            count += file.inputs.len();
        }
    }
    let input = |at: InputAt| &dataset.files[at.0].inputs[at.1];
    let same = |at: InputAt, key: &str| {
        let input = input(at);
        input.id.as_deref().is_some_and(|id| normalize_key(id) == key)
            || normalize_key(&input.location) == key
    };
    let mut index: Option<HashMap<Cow<str>, InputAt>> = None;
    let mut resolved: Option<HashMap<String, InputAt>> = None;
    let mut next = 0usize;
    // Consecutive rows out of dataset order; past a few, rows are taken to be shuffled and
    // only the index is used.
    let mut misses = 0u32;
    let base = predictions.path.parent().unwrap_or(Path::new("/")).to_path_buf();
    let mut find = |key: &str| -> Option<InputAt> {
        let key = normalize_key(key);
        if misses < 16 {
            if let Some(&at) = order.get(next).filter(|&&at| same(at, &key)) {
                next += 1;
                return Some(at);
            }
            misses += 1;
        }
        let index = index.get_or_insert_with(|| {
            let mut map = HashMap::with_capacity(order.len());
            for &at in &order {
                if let Some(id) = &input(at).id {
                    map.entry(normalize_key(id)).or_insert(at);
                }
                map.entry(normalize_key(&input(at).location)).or_insert(at);
            }
            map
        });
        if let Some(&at) = index.get(&key) {
            next = first[at.0] + at.1 + 1;
            return Some(at);
        }
        let map = resolved.get_or_insert_with(|| resolved_index(dataset));
        match workspace::resolve(&key, &base, &dataset.root) {
            workspace::Location::Local(p) | workspace::Location::OutsideRoot(p) => {
                map.get(&p.to_string_lossy().into_owned()).copied()
            }
            workspace::Location::Remote => None,
        }
    };
    let mut out = Matched::default();
    // Group index of each input, by file and input (`NONE`: not scored).
    let mut group_of: Vec<Vec<u32>> =
        dataset.files.iter().map(|f| vec![NONE; f.inputs.len()]).collect();
    let mut own_truth = Vec::new();
    out.groups.reserve(predictions.rows.len().min(order.len()));
    for (r, row) in predictions.rows.iter().enumerate() {
        let at = find(&row.key).or_else(|| row.alt_key.as_deref().and_then(&mut find));
        match at {
            Some(at) => match group_of[at.0][at.1] {
                NONE => {
                    group_of[at.0][at.1] = out.groups.len() as u32;
                    out.groups.push(Group { input: Some(at), rows: vec![r] });
                }
                g => {
                    let group: &mut Group = &mut out.groups[g as usize];
                    let fold = &row.fold;
                    let repeated = fold.is_none()
                        || group.rows.iter().any(|&o| &predictions.rows[o].fold == fold);
                    if repeated {
                        out.duplicates.push((r, group.rows[0]));
                    } else {
                        group.rows.push(r);
                    }
                }
            },
            None if row.truth.is_some() => own_truth.push(Group { input: None, rows: vec![r] }),
            None => out.unknown_keys.push(r),
        }
    }
    if !out.groups.is_sorted_by_key(|g| g.input) {
        out.groups.sort_unstable_by_key(|g| g.input);
    }
    for (f, groups) in group_of.iter().enumerate() {
        if groups.iter().any(|&g| g != NONE) {
            let missing = groups.iter().enumerate().filter(|(_, g)| **g == NONE);
            out.unscored.extend(missing.map(|(i, _)| (f, i)));
        }
    }
    out.groups.extend(own_truth);
    out
}

/// Every input by its resolved local path.
fn resolved_index(dataset: &Dataset) -> HashMap<String, InputAt> {
    let mut map = HashMap::new();
    for (f, file) in dataset.manifests() {
        let resolver = dataset.resolver(file);
        for (i, input) in file.inputs.iter().enumerate() {
            if let workspace::Location::Local(p) | workspace::Location::OutsideRoot(p) =
                resolver.resolve(&input.location)
            {
                map.entry(p.to_string_lossy().into_owned()).or_insert((f, i));
            }
        }
    }
    map
}
