//! Parsing a config file into [`Settings`], every problem placed at its span.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{ConceptSettings, ConfigFile, Settings, Thresholds};
use crate::diagnostic::Severity;
use crate::model::{Problem, Span};
use crate::rules;
use crate::workspace::normalize;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    thresholds: RawThresholds,
    exclusive: Option<bool>,
    image_root: Option<Spanned<String>>,
    #[serde(default)]
    manifests: Vec<Spanned<String>>,
    labels: Option<Spanned<String>>,
    predictions: Option<Spanned<String>>,
    #[serde(default)]
    ignore_inputs: Vec<String>,
    #[serde(default)]
    per_input_ignores: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    concepts: BTreeMap<Spanned<String>, RawConcept>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConcept {
    visual: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawThresholds {
    min_inputs: Option<Spanned<i64>>,
    min_image_width: Option<Spanned<i64>>,
    min_image_height: Option<Spanned<i64>>,
    max_imbalance_ratio: Option<Spanned<f64>>,
    score: Option<Spanned<f64>>,
    near_duplicate_distance: Option<Spanned<i64>>,
    max_duplicate_share: Option<Spanned<f64>>,
    shortcut_accuracy: Option<Spanned<f64>>,
    shortcut_margin: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
struct PyProject {
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Tool {
    conceptlint: Option<RawConfig>,
}

/// Whether a `pyproject.toml` text has a `[tool.conceptlint]` table, in any TOML spelling
/// (`[tool.conceptlint]`, dotted keys, `conceptlint = {...}` under `[tool]`). Cheap line tests
/// first; when they are inconclusive the text is parsed, and a text that does not parse but
/// could hold the table counts as ours, so its error is reported rather than ignored.
pub fn has_tool_table(text: &str) -> bool {
    if !text.contains("conceptlint") {
        return false;
    }
    let lines = || text.lines().map(str::trim_start);
    if lines().any(|l| l.starts_with("[tool.conceptlint") || l.starts_with("tool.conceptlint")) {
        return true;
    }
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => table
            .get("tool")
            .and_then(toml::Value::as_table)
            .is_some_and(|t| t.contains_key("conceptlint")),
        Err(_) => lines().any(|l| l.starts_with("[tool") || l.starts_with("tool")),
    }
}

/// Reads a config file. Paths in it are resolved against its folder.
pub fn parse(path: &Path, text: String) -> ConfigFile {
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let raw = if is_pyproject {
        toml::from_str::<PyProject>(&text)
            .map(|p| p.tool.and_then(|t| t.conceptlint).unwrap_or_default())
    } else {
        toml::from_str::<RawConfig>(&text)
    };
    let mut problems = Vec::new();
    let settings = match raw {
        Ok(raw) => resolve(raw, path.parent().unwrap_or(Path::new(".")), &mut problems),
        Err(err) => {
            let span = err.span().map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
            problems.push(Problem::new(span, format!("invalid config: {}", err.message())));
            Settings::default()
        }
    };
    ConfigFile { path: path.to_path_buf(), text, settings, problems }
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

fn check_rule(name: &Spanned<String>, allow_all: bool, problems: &mut Vec<Problem>) -> bool {
    let ok = (allow_all && name.get_ref().eq_ignore_ascii_case("ALL"))
        || rules::find(name.get_ref()).is_some();
    if !ok {
        let mut msg = format!("unknown rule '{}'", name.get_ref());
        if let Some(near) = nearest_rule(name.get_ref()) {
            msg.push_str(&format!("; did you mean '{near}'?"));
        }
        problems.push(Problem::new(span_of(name), msg));
    }
    ok
}

fn nearest_rule(name: &str) -> Option<&'static str> {
    rules::RULES
        .iter()
        .map(|r| (strsim::levenshtein(name, r.name), r.name))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, n)| n)
}

fn resolve(raw: RawConfig, dir: &Path, problems: &mut Vec<Problem>) -> Settings {
    let rule_list = |list: Vec<Spanned<String>>, problems: &mut Vec<Problem>| -> Vec<String> {
        list.into_iter()
            .filter(|n| check_rule(n, true, problems))
            .map(Spanned::into_inner)
            .collect()
    };
    let select = raw.select.map(|s| rule_list(s, problems));
    let ignore = rule_list(raw.ignore, problems);

    let mut severity = BTreeMap::new();
    for (rule, level) in raw.severity {
        let known = check_rule(&rule, false, problems);
        match Severity::parse(level.get_ref()) {
            Some(sev) if known => {
                severity.insert(rules::find(rule.get_ref()).unwrap().name.to_string(), sev);
            }
            Some(_) => {}
            None => problems.push(Problem::new(
                span_of(&level),
                format!(
                    "unknown severity '{}'; expected error, warning, info or hint",
                    level.get_ref()
                ),
            )),
        }
    }

    let mut per_input_ignores = BTreeMap::new();
    for (input, list) in raw.per_input_ignores {
        per_input_ignores.insert(input, rule_list(list, problems));
    }

    let mut concepts = BTreeMap::new();
    for (name, raw) in raw.concepts {
        if name.get_ref().trim().is_empty() {
            problems.push(Problem::new(span_of(&name), "a concept name cannot be empty"));
            continue;
        }
        concepts.insert(name.into_inner(), ConceptSettings { visual: raw.visual });
    }

    let mut inside = |key: &str, p: Spanned<String>| inside(dir, key, &p, problems);
    let image_root = raw.image_root.and_then(|p| inside("image-root", p));
    let manifests = raw.manifests.into_iter().filter_map(|p| inside("manifests", p)).collect();
    let labels = raw.labels.and_then(|p| inside("labels", p));
    let predictions = raw.predictions.and_then(|p| inside("predictions", p));
    Settings {
        select,
        ignore,
        severity,
        thresholds: thresholds(raw.thresholds, problems),
        exclusive: raw.exclusive,
        image_root,
        manifests,
        labels,
        predictions,
        ignore_inputs: raw.ignore_inputs,
        per_input_ignores,
        concepts,
    }
}

/// A path of the config resolved against its folder, or a problem at its place when it leaves
/// that folder (such a path is dropped, so it is never read).
fn inside(
    dir: &Path,
    key: &str,
    written: &Spanned<String>,
    problems: &mut Vec<Problem>,
) -> Option<PathBuf> {
    let raw = Path::new(written.get_ref().trim());
    let dir = normalize(dir);
    let path = normalize(&dir.join(raw));
    let escapes = if raw.is_absolute() {
        !dir.is_absolute() || !path.starts_with(&dir)
    } else {
        matches!(normalize(raw).components().next(), Some(Component::ParentDir))
    };
    if escapes {
        problems.push(Problem::new(
            span_of(written),
            format!(
                "`{key}` path '{}' leaves the config's folder; paths must stay inside it",
                written.get_ref()
            ),
        ));
        return None;
    }
    Some(path)
}

fn thresholds(raw: RawThresholds, problems: &mut Vec<Problem>) -> Thresholds {
    let mut t = Thresholds::default();
    let mut positive = |v: Option<Spanned<i64>>, what: &str, max: i64| -> Option<i64> {
        let v = v?;
        if (1..=max).contains(v.get_ref()) {
            Some(*v.get_ref())
        } else {
            problems.push(Problem::new(
                span_of(&v),
                format!("{what} must be between 1 and {max}, not {}", v.get_ref()),
            ));
            None
        }
    };
    if let Some(v) = positive(raw.min_inputs, "min-inputs", i64::from(u32::MAX)) {
        t.min_inputs = v as usize;
    }
    if let Some(v) = positive(raw.min_image_width, "min-image-width", 1 << 20) {
        t.min_image_width = v as u32;
    }
    if let Some(v) = positive(raw.min_image_height, "min-image-height", 1 << 20) {
        t.min_image_height = v as u32;
    }
    if let Some(r) = raw.max_imbalance_ratio {
        if r.get_ref().is_finite() && *r.get_ref() >= 1.0 {
            t.max_imbalance_ratio = *r.get_ref();
        } else {
            problems.push(Problem::new(
                span_of(&r),
                format!("max-imbalance-ratio must be a number of at least 1, not {}", r.get_ref()),
            ));
        }
    }
    let mut share = |v: Option<Spanned<f64>>, what: &str, slot: &mut f64| {
        let Some(v) = v else { return };
        if (0.0..=1.0).contains(v.get_ref()) {
            *slot = *v.get_ref();
        } else {
            problems.push(Problem::new(
                span_of(&v),
                format!("{what} must be a number between 0 and 1, not {}", v.get_ref()),
            ));
        }
    };
    share(raw.score, "score", &mut t.score);
    share(raw.max_duplicate_share, "max-duplicate-share", &mut t.max_duplicate_share);
    share(raw.shortcut_accuracy, "shortcut-accuracy", &mut t.shortcut_accuracy);
    share(raw.shortcut_margin, "shortcut-margin", &mut t.shortcut_margin);
    if let Some(v) = raw.near_duplicate_distance {
        match u32::try_from(*v.get_ref()) {
            Ok(d) if d <= MAX_NEAR_DUPLICATE_DISTANCE => t.near_duplicate_distance = d,
            _ => problems.push(Problem::new(
                span_of(&v),
                format!(
                    "near-duplicate-distance must be between 0 and {MAX_NEAR_DUPLICATE_DISTANCE} \
                     (bits of a 64-bit hash), not {}",
                    v.get_ref()
                ),
            )),
        }
    }
    t
}

/// Beyond this many bits, unrelated images start to look alike (they differ in 32 on average).
const MAX_NEAR_DUPLICATE_DISTANCE: u32 = 16;

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
