//! Counts of a run's findings, shared by the human and JSON output.

use crate::diagnostic::{Diagnostic, Severity};

/// How often one rule fired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RuleCount {
    pub rule: &'static str,
    pub code: &'static str,
    pub count: usize,
}

/// Counts of a run's findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub total: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
    /// Findings with at least one fix.
    pub fixable: usize,
    /// Most frequent first, then by code.
    pub by_rule: Vec<RuleCount>,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut c = Counts { total: diagnostics.len(), ..Counts::default() };
        for d in diagnostics {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
                Severity::Hint => c.hints += 1,
            }
            if !d.fixes.is_empty() {
                c.fixable += 1;
            }
            match c.by_rule.iter_mut().find(|r| r.rule == d.rule) {
                Some(r) => r.count += 1,
                None => c.by_rule.push(RuleCount { rule: d.rule, code: d.code, count: 1 }),
            }
        }
        c.by_rule.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
        c
    }

    /// Severity counts as words, most severe first, zeros left out: `3 errors, 20 warnings`.
    pub fn severity_words(&self) -> String {
        let parts = [
            (self.errors, "error", "errors"),
            (self.warnings, "warning", "warnings"),
            (self.infos, "info", "info"),
            (self.hints, "hint", "hints"),
        ];
        parts
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|&(n, one, many)| plural(n, one, many))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `1 problem`, `9,990 problems`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", super::locate::thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture;

    #[test]
    fn counts_per_severity_rule_and_fixability() {
        let c = Counts::of(&fixture::result().diagnostics);
        assert_eq!((c.total, c.errors, c.warnings, c.infos, c.hints), (6, 1, 5, 0, 0));
        assert_eq!(c.fixable, 1);
        let rules: Vec<_> = c.by_rule.iter().map(|r| (r.code, r.count)).collect();
        assert_eq!(rules, [("CL003", 3), ("CL001", 1), ("CL006", 1), ("CL008", 1)]);
        assert_eq!(c.severity_words(), "1 error, 5 warnings");
        assert_eq!(Counts::of(&[]).severity_words(), "");
        assert_eq!(plural(1, "problem", "problems"), "1 problem");
        assert_eq!(plural(12345, "problem", "problems"), "12,345 problems");
    }
}
