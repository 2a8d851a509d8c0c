//! Editor settings: `initializationOptions` and `workspace/configuration` (section
//! `conceptlint`), parsed by serde into typed structs and applied over the config file's.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::config::Settings;
use crate::diagnostic::Severity;
use crate::rules;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientSettings {
    pub thresholds: ClientThresholds,
    /// Severity per rule name or code: "error", "warning", "info", "hint".
    pub severity: BTreeMap<String, String>,
    /// `error`, `warn`, `info`, `debug` or `trace`.
    pub log_level: Option<String>,
    /// Quiet time after an edit before diagnostics are computed, in milliseconds.
    pub debounce_ms: Option<u64>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientThresholds {
    pub min_inputs: Option<usize>,
    pub min_image_width: Option<u32>,
    pub min_image_height: Option<u32>,
    pub max_imbalance_ratio: Option<f64>,
}

/// Default quiet time after an edit.
pub const DEFAULT_DEBOUNCE_MS: u64 = 200;

impl ClientSettings {
    /// Reads settings from a JSON value; `Err` names what is wrong (shown to the user).
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        if value.is_null() {
            return Ok(ClientSettings::default());
        }
        let s: ClientSettings = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
        for (rule, level) in &s.severity {
            if rules::find(rule).is_none() {
                return Err(format!("unknown rule '{rule}' in conceptlint.severity"));
            }
            if Severity::parse(level).is_none() {
                return Err(format!("unknown severity '{level}' for '{rule}'"));
            }
        }
        Ok(s)
    }

    pub fn debounce(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.debounce_ms.unwrap_or(DEFAULT_DEBOUNCE_MS))
    }

    /// Editor settings win over the config file's where they are given.
    pub fn apply(&self, settings: &mut Settings) {
        let t = &mut settings.thresholds;
        let c = &self.thresholds;
        if let Some(v) = c.min_inputs.filter(|v| *v > 0) {
            t.min_inputs = v;
        }
        if let Some(v) = c.min_image_width.filter(|v| *v > 0) {
            t.min_image_width = v;
        }
        if let Some(v) = c.min_image_height.filter(|v| *v > 0) {
            t.min_image_height = v;
        }
        if let Some(v) = c.max_imbalance_ratio.filter(|v| v.is_finite() && *v >= 1.0) {
            t.max_imbalance_ratio = v;
        }
        for (rule, level) in &self.severity {
            if let (Some(rule), Some(level)) = (rules::find(rule), Severity::parse(level)) {
                settings.severity.insert(rule.name.to_string(), level);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_applies_and_rejects() {
        let v = serde_json::json!({
            "thresholds": {"minInputs": 10, "minImageWidth": 224},
            "severity": {"small-image": "error", "CL001": "hint"},
            "logLevel": "debug"
        });
        let s = ClientSettings::from_json(&v).unwrap();
        let mut settings = Settings::default();
        s.apply(&mut settings);
        assert_eq!(settings.thresholds.min_inputs, 10);
        assert_eq!(settings.thresholds.min_image_width, 224);
        assert_eq!(settings.thresholds.min_image_height, 512);
        assert_eq!(settings.severity.get("too-few-inputs"), Some(&Severity::Hint));
        assert!(
            ClientSettings::from_json(&serde_json::json!({"severity": {"nope": "error"}})).is_err()
        );
        assert!(
            ClientSettings::from_json(&serde_json::json!({"thresholds": {"minInputs": "x"}}))
                .is_err()
        );
        assert_eq!(
            ClientSettings::from_json(&serde_json::Value::Null).unwrap(),
            ClientSettings::default()
        );
    }
}
