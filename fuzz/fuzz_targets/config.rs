//! The config: conceptlint.toml and `[tool.conceptlint]` in pyproject.toml.
#![no_main]

use std::path::Path;

use conceptlint::config;
use conceptlint_fuzz::{check_config, pick, selector, text};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["conceptlint.toml", "pyproject.toml"];

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector(data);
    let text = text(rest);
    let path = Path::new("/d").join(pick(NAMES, sel));
    if path.ends_with("pyproject.toml") && !config::has_tool_table(&text) {
        return;
    }
    check_config(&text, &config::parse(&path, text.clone()));
});
