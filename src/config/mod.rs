//! Settings: what `conceptlint.toml` or `[tool.conceptlint]` in `pyproject.toml` says, found
//! upward from the checked file, validated with every problem placed in the config file.
//!
//! Invariant: a config with problems is never replaced by defaults behind the user's back; its
//! problems become `invalid-config` findings and the datasets it governs are not analyzed.

mod file;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::model::Problem;
use crate::rules::{self, Rule};

pub use file::{has_tool_table, parse};

/// Numeric limits of the rules.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Thresholds {
    /// `too-few-inputs`: positive inputs a concept needs.
    pub min_inputs: usize,
    /// `small-image`: minimum width in pixels.
    pub min_image_width: u32,
    /// `small-image`: minimum height in pixels.
    pub min_image_height: u32,
    /// `class-imbalance`: largest concept over smallest concept.
    pub max_imbalance_ratio: f64,
    /// Evaluation: a score at or above this predicts the concept (precision, recall, F1).
    pub score: f64,
    /// `conflicting-duplicate`, `low-diversity`: images whose perceptual hashes differ in at
    /// most this many of 64 bits are near-duplicates.
    pub near_duplicate_distance: u32,
    /// `low-diversity`: largest share of a concept's inputs that may be near-duplicates of
    /// another of its inputs.
    pub max_duplicate_share: f64,
    /// `shortcut-cue`: a cue that predicts the concept for at least this share of inputs ...
    pub shortcut_accuracy: f64,
    /// ... and beats always guessing the most common concept by at least this much is reported.
    pub shortcut_margin: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            min_inputs: 50,
            min_image_width: 512,
            min_image_height: 512,
            max_imbalance_ratio: 10.0,
            score: 0.5,
            near_duplicate_distance: 6,
            max_duplicate_share: 0.3,
            shortcut_accuracy: 0.9,
            shortcut_margin: 0.3,
        }
    }
}

/// What the config says about one concept (`[concepts.NAME]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ConceptSettings {
    /// `Some(true)`: the concept is visual whatever its name suggests (`unvisual-concept` and
    /// `identity-concept` stay silent), like `"visual": true` in concepts.json.
    pub visual: Option<bool>,
}

/// Resolved settings of one dataset. Paths are absolute (resolved against the config's folder).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Rules to run (names or codes, `ALL`); `None` runs every rule.
    pub select: Option<Vec<String>>,
    /// Rules not to run (names or codes).
    pub ignore: Vec<String>,
    /// Severity per rule name.
    pub severity: BTreeMap<String, Severity>,
    pub thresholds: Thresholds,
    /// Declares the concepts mutually exclusive (`true`) or multi-label (`false`).
    pub exclusive: Option<bool>,
    /// Folder that relative image paths resolve against (default: the manifest's folder).
    pub image_root: Option<PathBuf>,
    /// Dataset manifests of this dataset (default: the manifests found beside each other).
    pub manifests: Vec<PathBuf>,
    /// The label manifest (default: a sibling `labels.txt`, `classes.txt` or `concepts.json`).
    pub labels: Option<PathBuf>,
    /// The model's predictions (default: a sibling `predictions.csv` or `predictions.jsonl`).
    pub predictions: Option<PathBuf>,
    /// Inputs (ids or paths as written) that no rule reports.
    pub ignore_inputs: Vec<String>,
    /// Rules not reported for given inputs.
    pub per_input_ignores: BTreeMap<String, Vec<String>>,
    /// Per-concept settings, by concept name as written in the dataset.
    pub concepts: BTreeMap<String, ConceptSettings>,
}

impl Settings {
    /// Whether `rule` runs under these settings.
    pub fn enabled(&self, rule: &Rule) -> bool {
        let matches = |s: &String| {
            s.eq_ignore_ascii_case("ALL")
                || s.eq_ignore_ascii_case(rule.name)
                || s.eq_ignore_ascii_case(rule.code)
        };
        let selected = self.select.as_ref().is_none_or(|sel| sel.iter().any(matches));
        selected && !self.ignore.iter().any(matches)
    }

    /// The severity `rule` reports at.
    pub fn severity_of(&self, rule: &Rule) -> Severity {
        self.configured_severity(rule).unwrap_or(rule.default_severity)
    }

    /// The severity the config sets for `rule`, if it sets one. A rule may report some
    /// findings below its default (`unvisual-concept` reports person roles at `info`); a
    /// configured severity applies to all of them.
    pub fn configured_severity(&self, rule: &Rule) -> Option<Severity> {
        self.severity.get(rule.name).or_else(|| self.severity.get(rule.code)).copied()
    }

    /// Whether the config declares `concept` visual (`[concepts.NAME] visual = true`).
    pub fn declared_visual(&self, concept: &str) -> bool {
        self.concepts.get(concept).is_some_and(|c| c.visual == Some(true))
    }

    /// Whether findings of `rule` about `input` (its id or location) are suppressed.
    pub fn input_ignored(&self, rule: &str, input: &str) -> bool {
        let input = normalize_key(input);
        self.ignore_inputs.iter().any(|k| normalize_key(k) == input)
            || self.per_input_ignores.iter().any(|(k, rules)| {
                normalize_key(k) == input
                    && rules.iter().any(|r| {
                        r.eq_ignore_ascii_case(rule)
                            || rules::find(r).is_some_and(|found| found.name == rule)
                    })
            })
    }
}

fn normalize_key(key: &str) -> &str {
    key.trim().trim_start_matches("./")
}

/// A config file as read: where it is, its text, what it says, and what is wrong with it.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub text: String,
    pub settings: Settings,
    pub problems: Vec<Problem>,
}

/// A config file that cannot be read as text: never replaced by defaults, its one problem is
/// reported at `span` of `text` (what could be read of it).
pub fn unreadable(
    path: &Path,
    text: String,
    span: crate::model::Span,
    message: String,
) -> ConfigFile {
    ConfigFile {
        path: path.to_path_buf(),
        text,
        settings: Settings::default(),
        problems: vec![Problem::new(span, message)],
    }
}

/// File names that hold a config, in the order they are looked for in one folder.
pub const CONFIG_NAMES: &[&str] = &["conceptlint.toml", ".conceptlint.toml", "pyproject.toml"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_severity_and_input_ignores() {
        let mut s = Settings::default();
        let too_few = rules::find("too-few-inputs").unwrap();
        let small = rules::find("small-image").unwrap();
        assert!(s.enabled(too_few));
        s.select = Some(vec!["CL001".into()]);
        assert!(s.enabled(too_few));
        assert!(!s.enabled(small));
        s.ignore = vec!["too-few-inputs".into()];
        assert!(!s.enabled(too_few));
        s.severity.insert("small-image".into(), Severity::Error);
        assert_eq!(s.severity_of(small), Severity::Error);
        assert_eq!(s.severity_of(too_few), too_few.default_severity);
        assert_eq!(s.configured_severity(too_few), None);
        assert_eq!(s.configured_severity(small), Some(Severity::Error));
        s.per_input_ignores.insert("./img/a.png".into(), vec!["CL002".into()]);
        assert!(s.input_ignored("small-image", "img/a.png"));
        assert!(!s.input_ignored("too-few-inputs", "img/a.png"));
        s.ignore_inputs.push("id-7".into());
        assert!(s.input_ignored("anything", "id-7"));
    }
}
