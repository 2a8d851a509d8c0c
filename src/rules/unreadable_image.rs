//! `unreadable-image`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;

use super::Rule;

pub static RULE: Rule = Rule {
    name: "unreadable-image",
    code: "CL004",
    default_severity: Severity::Warning,
    summary: "",
    docs: "",
    check,
};

fn check(_ctx: &Context, _out: &mut Vec<Diagnostic>) {}
