//! Which predictions row scores which input: by id, by the location as written (normalized),
//! or by the resolved path; and everything that does not fit.

use std::path::Path;

use rustc_hash::FxHashMap;

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

/// A key or location as compared: trimmed, `/` separators, no leading `./`.
pub fn normalize_key(key: &str) -> String {
    let k = key.trim().replace('\\', "/");
    let mut k = k.as_str();
    while let Some(rest) = k.strip_prefix("./") {
        k = rest;
    }
    k.to_string()
}

pub fn match_rows(dataset: &Dataset, predictions: &Predictions) -> Matched {
    let mut index: FxHashMap<String, InputAt> = FxHashMap::default();
    for (f, i, input) in dataset.inputs() {
        if let Some(id) = &input.id {
            index.entry(normalize_key(id)).or_insert((f, i));
        }
        index.entry(normalize_key(&input.location)).or_insert((f, i));
    }
    // Resolved paths, built only when some key is not found as written.
    let mut resolved: Option<FxHashMap<String, InputAt>> = None;
    let base = predictions.path.parent().unwrap_or(Path::new("/")).to_path_buf();
    let mut find = |key: &str| -> Option<InputAt> {
        if let Some(&at) = index.get(&normalize_key(key)) {
            return Some(at);
        }
        let map = resolved.get_or_insert_with(|| resolved_index(dataset));
        match workspace::resolve(key, &base, &dataset.root) {
            workspace::Location::Local(p) | workspace::Location::OutsideRoot(p) => {
                map.get(&p.to_string_lossy().into_owned()).copied()
            }
            workspace::Location::Remote => None,
        }
    };
    let mut out = Matched::default();
    let mut group_of: FxHashMap<InputAt, usize> = FxHashMap::default();
    let mut own_truth = Vec::new();
    for (r, row) in predictions.rows.iter().enumerate() {
        let at = find(&row.key).or_else(|| row.alt_key.as_deref().and_then(&mut find));
        match at {
            Some(at) => match group_of.get(&at) {
                Some(&g) => {
                    let group: &mut Group = &mut out.groups[g];
                    let fold = &row.fold;
                    let repeated = fold.is_none()
                        || group.rows.iter().any(|&o| &predictions.rows[o].fold == fold);
                    if repeated {
                        out.duplicates.push((r, group.rows[0]));
                    } else {
                        group.rows.push(r);
                    }
                }
                None => {
                    group_of.insert(at, out.groups.len());
                    out.groups.push(Group { input: Some(at), rows: vec![r] });
                }
            },
            None if row.truth.is_some() => own_truth.push(Group { input: None, rows: vec![r] }),
            None => out.unknown_keys.push(r),
        }
    }
    out.groups.sort_by_key(|g| g.input);
    let scored: Vec<usize> = {
        let mut files: Vec<usize> =
            out.groups.iter().filter_map(|g| g.input.map(|a| a.0)).collect();
        files.dedup();
        files
    };
    for (f, i, _) in dataset.inputs() {
        if scored.binary_search(&f).is_ok() && !group_of.contains_key(&(f, i)) {
            out.unscored.push((f, i));
        }
    }
    out.groups.extend(own_truth);
    out
}

/// Every input by its resolved local path.
fn resolved_index(dataset: &Dataset) -> FxHashMap<String, InputAt> {
    let mut map = FxHashMap::default();
    for (f, i, input) in dataset.inputs() {
        if let workspace::Location::Local(p) | workspace::Location::OutsideRoot(p) =
            dataset.locate(&dataset.files[f], input)
        {
            map.entry(p.to_string_lossy().into_owned()).or_insert((f, i));
        }
    }
    map
}
