//! Predictions files: a model's scores per input and concept, with byte spans.
//!
//! Three shapes are read: delimited text (a key column such as `file_name`, `id` or `image`,
//! one score column per concept, an optional `fold` column), JSON Lines (`{<key>, "scores":
//! {concept: score}, "fold"?}`) and Clarifai's evaluation JSON (`test_set[]` with predicted and
//! ground-truth concepts). Scores are kept in one row-major matrix; a missing or unreadable
//! score is `NaN` there, with a problem at its place.
//!
//! Invariant: every problem's span lies in the file's text, on char boundaries.

use std::path::{Path, PathBuf};

use crate::model::{Problem, Span};

mod clarifai;
mod delimited;
mod jsonl;
mod plain;

/// Sibling file names looked for beside a dataset manifest, in order.
pub const SIBLING_NAMES: &[&str] =
    &["predictions.csv", "predictions.tsv", "predictions.jsonl", "predictions.json"];

/// Column (or JSON key) names that hold the input's key, in order of preference.
pub const KEY_COLUMNS: &[&str] = &[
    "file_name",
    "filename",
    "image",
    "image_path",
    "image_file",
    "image_name",
    "path",
    "file_path",
    "filepath",
    "file",
    "input",
    "input_id",
    "inputid",
    "id",
    "key",
    "image_url",
    "url",
    "uri",
    "source_ref",
];

/// Columns that are neither key nor scores (a label column beside the scores, ...).
pub const NON_SCORE_COLUMNS: &[&str] = &[
    "label",
    "labels",
    "concept",
    "concepts",
    "class",
    "category",
    "target",
    "given_label",
    "true_label",
    "ground_truth",
    "prediction",
    "predicted",
    "predicted_label",
    "pred",
    "split",
];

/// The shape a predictions file was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PredictionsFormat {
    Csv,
    Tsv,
    Jsonl,
    ClarifaiEvaluation,
}

impl PredictionsFormat {
    pub fn name(self) -> &'static str {
        match self {
            PredictionsFormat::Csv => "csv",
            PredictionsFormat::Tsv => "tsv",
            PredictionsFormat::Jsonl => "jsonl",
            PredictionsFormat::ClarifaiEvaluation => "clarifai-evaluation",
        }
    }
}

/// A concept that has scores: its name as written and where (a header cell, the first JSON key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreColumn {
    pub name: String,
    pub span: Span,
}

/// One record of scores.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreRow {
    /// The input's key as written (path or id), unescaped and trimmed.
    pub key: String,
    pub key_span: Span,
    /// Another key of the same input (Clarifai: the image URL beside the input id).
    pub alt_key: Option<String>,
    /// The whole record (a line, or a JSON object).
    pub span: Span,
    pub fold: Option<String>,
    /// Ground truth written in the file itself (Clarifai evaluations), positive concepts.
    pub truth: Option<Vec<String>>,
}

/// A predictions file as read.
#[derive(Clone, Debug)]
pub struct Predictions {
    pub path: PathBuf,
    pub format: PredictionsFormat,
    /// Where the key is named (the key column's header cell); empty at 0 when not named.
    pub key_span: Span,
    pub columns: Vec<ScoreColumn>,
    pub rows: Vec<ScoreRow>,
    /// `rows.len() * columns.len()` scores, row-major; `NaN` where a row has no usable score.
    pub scores: Vec<f64>,
    pub problems: Vec<Problem>,
}

impl Predictions {
    fn new(path: &Path, format: PredictionsFormat) -> Self {
        Predictions {
            path: path.to_path_buf(),
            format,
            key_span: Span::empty(0),
            columns: Vec::new(),
            rows: Vec::new(),
            scores: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// The scores of row `r`, one per column (`NaN`: none).
    pub fn row_scores(&self, r: usize) -> &[f64] {
        let k = self.columns.len();
        self.scores.get(r * k..(r + 1) * k).unwrap_or(&[])
    }

    /// Index of the column named `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Whether any row names a fold.
    pub fn has_folds(&self) -> bool {
        self.rows.iter().any(|r| r.fold.is_some())
    }
}

/// Reads a predictions file by its extension and content. Always yields a value: a file that
/// matches no shape has a problem at its start.
pub fn read(path: &Path, text: &str) -> Predictions {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "tsv" => delimited::read(path, text, b'\t'),
        "jsonl" | "ndjson" => jsonl::read(path, text),
        "json" if jsonl::looks_like_lines(text) => jsonl::read(path, text),
        "json" => clarifai::read(path, text),
        _ => delimited::read(path, text, delimited::sniff(text)),
    }
}

/// Parses a score as written; `Err` says why it is unusable.
pub(crate) fn parse_score(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if let Some(v) = plain_decimal(t)
        && v <= 1.0
    {
        return Ok(v);
    }
    if t.is_empty() {
        return Err("no score".into());
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=1.0).contains(&v) => Ok(v),
        Ok(v) if v.is_finite() => Err(format!("score {t} is outside [0, 1]")),
        _ => Err(format!("'{t}' is not a score: expected a number in [0, 1]")),
    }
}

/// A number written as plain digits with at most 19 of them, an optional dot between digits
/// (`0.209266`, `1`, `0.5`) and at most 22 after it, whose digits make an integer of at most
/// 2^53: then the integer and the power of ten are exact doubles and their quotient, rounded
/// once, is the nearest double to the number, which is what `str::parse` gives. Anything
/// else: `None`.
fn plain_decimal(t: &str) -> Option<f64> {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let (mut m, mut digits) = (0u64, 0usize);
    // Digits after the dot, once there is one.
    let mut after: Option<usize> = None;
    for b in t.bytes() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 19 {
                    return None;
                }
                m = m * 10 + u64::from(b - b'0');
                if let Some(after) = &mut after {
                    *after += 1;
                }
            }
            b'.' if after.is_none() && digits > 0 => after = Some(0),
            _ => return None,
        }
    }
    if digits == 0 || after == Some(0) || m > 1 << 53 {
        return None;
    }
    Some(m as f64 / *POW10.get(after.unwrap_or(0))?)
}

/// Normalizes a column or key name for comparison with [`KEY_COLUMNS`].
pub(crate) fn normalize_name(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
        .collect()
}

/// The preferred key among `names` (already normalized), as an index.
pub(crate) fn find_key(names: &[String]) -> Option<usize> {
    KEY_COLUMNS.iter().find_map(|k| names.iter().position(|n| n == k))
}

#[cfg(test)]
mod tests;
