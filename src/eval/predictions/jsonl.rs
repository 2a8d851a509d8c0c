//! JSON Lines predictions: `{"file_name": "a.png", "scores": {"cat": 0.9, "dog": 0.1}}` a line,
//! with any key of [`super::KEY_COLUMNS`] and an optional `"fold"`.

use std::path::Path;

use crate::formats::csv::scan::lines;
use crate::formats::json::value::{self, Node};
use crate::model::{Problem, Span};

use super::{KEY_COLUMNS, Predictions, PredictionsFormat, ScoreColumn, ScoreRow, parse_score};

/// Whether a `.json` file holds JSON Lines: a first line that is a whole object, and more lines.
pub fn looks_like_lines(text: &str) -> bool {
    let mut it = lines(text).filter(|(s, e)| !text[*s..*e].trim().is_empty());
    let (Some((s, e)), Some(_)) = (it.next(), it.next()) else { return false };
    matches!(value::parse(&text[s..e], s), Ok(Some(v)) if Node::new(&v, s).as_object().is_some())
}

pub fn read(path: &Path, text: &str) -> Predictions {
    let mut out = Predictions::new(path, PredictionsFormat::Jsonl);
    let mut index = rustc_hash::FxHashMap::default();
    // (row, column, score), made dense once every column is known.
    let mut sparse: Vec<(usize, usize, f64)> = Vec::new();
    // Where each row's scores are, for "no score for" problems.
    let mut scores_at: Vec<Option<Span>> = Vec::new();
    for (start, end) in lines(text) {
        let line = &text[start..end];
        if line.trim().is_empty() {
            continue;
        }
        let span = Span::new(start, end);
        let v = match value::parse(line, start) {
            Ok(Some(v)) => v,
            Ok(None) => continue,
            Err(problem) => {
                out.problems.push(problem);
                continue;
            }
        };
        let Some(obj) = Node::new(&v, start).as_object() else {
            out.problems.push(Problem::new(span, "expected an object with a key and \"scores\""));
            continue;
        };
        let key = KEY_COLUMNS.iter().find_map(|k| obj.get(k));
        let Some(key) = key else {
            out.problems.push(Problem::new(
                obj.span(),
                "no key: expected \"file_name\", \"image\", \"path\" or \"id\"",
            ));
            continue;
        };
        let Some(key_text) = key.id_text().map(|k| k.trim().to_string()).filter(|k| !k.is_empty())
        else {
            out.problems
                .push(Problem::new(key.span(), "the key must be a non-empty string or a number"));
            continue;
        };
        if out.rows.is_empty() {
            out.key_span = key.str_span();
        }
        let r = out.rows.len();
        scores_at.push(obj.get("scores").filter(|s| s.as_object().is_some()).map(|s| s.span()));
        match obj.get("scores") {
            Some(scores) => match scores.as_object() {
                Some(scores) => {
                    for entry in scores.entries() {
                        let col = *index.entry(entry.key.to_string()).or_insert_with(|| {
                            out.columns.push(ScoreColumn {
                                name: entry.key.to_string(),
                                span: entry.key_span,
                            });
                            out.columns.len() - 1
                        });
                        let parsed = match entry.value.number_text() {
                            Some(t) => parse_score(t),
                            None => Err(format!("{} is not a score", entry.value.kind())),
                        };
                        match parsed {
                            Ok(v) => sparse.push((r, col, v)),
                            Err(msg) => {
                                sparse.push((r, col, f64::NAN));
                                out.problems.push(Problem::new(
                                    entry.value.span(),
                                    format!("{msg} for '{}'", entry.key),
                                ));
                            }
                        }
                    }
                }
                None => out.problems.push(Problem::new(
                    scores.span(),
                    format!(
                        "\"scores\" must be an object of concept: score, not {}",
                        scores.kind()
                    ),
                )),
            },
            None => out.problems.push(Problem::new(obj.span(), "no \"scores\" object")),
        }
        let fold = obj.get("fold").and_then(|f| {
            f.as_str().map(str::to_string).or_else(|| f.number_text().map(str::to_string))
        });
        out.rows.push(ScoreRow {
            key: key_text,
            key_span: key.str_span(),
            alt_key: None,
            span,
            fold,
            truth: None,
        });
    }
    let k = out.columns.len();
    out.scores = vec![f64::NAN; out.rows.len() * k];
    let mut seen = vec![false; out.rows.len() * k];
    for (r, c, v) in sparse {
        out.scores[r * k + c] = v;
        seen[r * k + c] = true;
    }
    for (r, at) in scores_at.iter().enumerate() {
        let Some(at) = at else { continue };
        let missing: Vec<&str> =
            (0..k).filter(|&c| !seen[r * k + c]).map(|c| out.columns[c].name.as_str()).collect();
        if !missing.is_empty() {
            let list = missing.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", ");
            out.problems.push(Problem::new(*at, format!("no score for {list}")));
        }
    }
    out
}
