//! `conceptlint rules` and `conceptlint rule NAME`.

use std::io::Write;

use super::{EXIT_CLEAN, EXIT_ERROR, ListFormat};
use crate::rules::{self, RULES};

pub fn list(format: ListFormat, out: &mut dyn Write) -> anyhow::Result<i32> {
    match format {
        ListFormat::Text => {
            let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
            for r in RULES {
                writeln!(
                    out,
                    "{}  {:width$}  {:7}  {}",
                    r.code,
                    r.name,
                    r.default_severity.as_str(),
                    r.summary
                )?;
            }
        }
        ListFormat::Json => {
            let list: Vec<_> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "severity": r.default_severity,
                        "summary": r.summary,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        }
    }
    Ok(EXIT_CLEAN)
}

pub fn show(name: &str, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<i32> {
    match rules::find(name) {
        Some(rule) => {
            write!(out, "{}", rule.docs)?;
            writeln!(out, "\nDefault severity: {}", rule.default_severity.as_str())?;
            Ok(EXIT_CLEAN)
        }
        None => {
            let near = RULES
                .iter()
                .map(|r| (strsim::levenshtein(name, r.name), r.name))
                .filter(|(d, _)| *d <= 3)
                .min()
                .map(|(_, n)| format!("; did you mean '{n}'?"))
                .unwrap_or_default();
            writeln!(
                err,
                "conceptlint: unknown rule '{name}'{near} (`conceptlint rules` lists them)"
            )?;
            Ok(EXIT_ERROR)
        }
    }
}
