//! `invalid-config`: a problem in `conceptlint.toml` or `[tool.conceptlint]`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;

use super::{Rule, diagnostic};

pub static RULE: Rule = Rule {
    name: "invalid-config",
    code: "CL011",
    default_severity: Severity::Error,
    summary: "The config has an error; nothing else is checked until it is fixed.",
    docs: r#"# invalid-config (CL011)

Reports each error in the config that governs a dataset (`conceptlint.toml`,
`.conceptlint.toml`, or `[tool.conceptlint]` in `pyproject.toml`, found upward from the checked
file): TOML syntax, unknown keys, unknown rule names (with the nearest rule suggested), unknown
severities, thresholds out of range. While the config has errors, the datasets it governs are
not checked: a broken config is never silently replaced by defaults. This rule cannot be
turned off. `conceptlint check` exits with status 2.

## Why
A typo in a config (`min-input = 20`, `ignore = ["small-imge"]`) would otherwise be ignored,
and the checks would run with settings nobody chose.

## Example
```toml
[thresholds]
min-input = 20     <- unknown field `min-input`, expected one of `min-inputs`, ...
```

## Fix
Correct the reported key or value. `conceptlint rules` lists the rule names; the JSON schema in
`schemas/conceptlint.schema.json` gives editors completion for the config.
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(config) = &ctx.dataset.config {
        for p in &config.problems {
            out.push(diagnostic(&RULE, &config.path, p.span, p.message.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;
    use std::path::Path;

    #[test]
    fn reports_config_problems_in_the_config_file() {
        let mut ds = Builder::new().build();
        let cfg =
            crate::config::parse(Path::new("/ds/conceptlint.toml"), "ignore = [\"nope\"]\n".into());
        ds.config = Some(cfg);
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].file, Path::new("/ds/conceptlint.toml"));
        assert_eq!(out[0].message, "unknown rule 'nope'");
        let ds = Builder::new().build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
    }
}
