//! Human output: each finding with its source lines marked (like rustc and ruff), then a summary.
//!
//! ```text
//! error[CL006]: unknown concept 'dgo'
//!  --> data/train.csv:2:16
//!   |
//! 2 | imgs/🐱café.jpg,dgo
//!   |                 ^^^ unknown-concept
//!   |
//! help: Replace 'dgo' with 'dog'
//! ```

use std::fmt::Write as _;

use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use annotate_snippets::{Group, Level, Origin, Renderer, normalize_untrusted_str};

use super::excerpt::{Mark, attach, excerpts};
use super::locate::{Locator, thousands};
use super::summary::{Counts, plural};
use super::{CheckResult, RenderOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::workspace::mask_credentials;
use std::borrow::Cow;

pub(super) fn render(result: &CheckResult, opts: &RenderOptions) -> String {
    let renderer = if opts.color { Renderer::styled() } else { Renderer::plain() };
    // Source excerpts show credentials in image URLs as `*`s (same length: spans stay put).
    let masked;
    let result = if result.sources.values().any(|t| matches!(mask_credentials(t), Cow::Owned(_))) {
        let sources = result.sources.iter();
        let sources = sources.map(|(p, t)| (p.clone(), mask_credentials(t).into_owned())).collect();
        masked = CheckResult { sources, ..result.clone() };
        &masked
    } else {
        result
    };
    let loc = Locator::new(result);
    let mut out = String::new();
    let mut shown: Vec<(&str, usize)> = Vec::new();
    let mut hidden: Vec<(&str, usize)> = Vec::new();
    for d in &result.diagnostics {
        if !take(&mut shown, d.rule, opts.max_per_rule) {
            bump(&mut hidden, d.rule);
            continue;
        }
        let groups = report(d, &loc, opts);
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    for (rule, n) in &hidden {
        let what = if *n == 1 { "finding" } else { "findings" };
        let n = thousands(*n);
        let _ = writeln!(out, "... and {n} more {rule} {what} (use --show-all to see all)");
    }
    if !hidden.is_empty() {
        out.push('\n');
    }
    summary(&mut out, result, opts);
    out
}

/// Counts one more finding of `rule`; whether it is still within `max`.
fn take<'a>(shown: &mut Vec<(&'a str, usize)>, rule: &'a str, max: Option<usize>) -> bool {
    let n = shown.iter().find(|(r, _)| *r == rule).map_or(0, |(_, n)| *n);
    if max.is_some_and(|max| n >= max) {
        return false;
    }
    bump(shown, rule);
    true
}

fn bump<'a>(counts: &mut Vec<(&'a str, usize)>, rule: &'a str) {
    match counts.iter_mut().find(|(r, _)| *r == rule) {
        Some((_, n)) => *n += 1,
        None => counts.push((rule, 1)),
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::NOTE.with_name("hint"),
    }
}

/// The groups of one finding: the finding with its excerpts, a note per related location in
/// another file, a help line per fix.
fn report<'a>(d: &'a Diagnostic, loc: &Locator<'a>, opts: &RenderOptions) -> Vec<Group<'a>> {
    let path = opts.display_path(&d.file);
    let level = level(d.severity);
    let mut groups = Vec::new();
    let mut current = Group::with_title(level.clone().primary_title(d.message.as_str()).id(d.code));
    match loc.source(&d.file) {
        Some((text, index)) => {
            let mut marks = vec![Mark { span: d.span, label: d.rule, primary: true }];
            for r in d.related.iter().filter(|r| r.file == d.file) {
                marks.push(Mark { span: r.span, label: &r.message, primary: false });
            }
            let segments = excerpts(text, index, &path, marks);
            current = attach(current, &level, segments, &mut groups);
        }
        None => {
            current = current
                .element(Origin::path(path))
                .element(Level::NOTE.message(format!("rule: {}", d.rule)));
        }
    }
    let elsewhere = || d.related.iter().filter(|r| r.file != d.file);
    for r in elsewhere().filter(|r| loc.source(&r.file).is_none()) {
        let note = format!("{}: {}", opts.display_path(&r.file), r.message);
        current = current.element(Level::NOTE.message(normalize_untrusted_str(&note)));
    }
    groups.push(current);
    for r in elsewhere() {
        if let Some((text, index)) = loc.source(&r.file) {
            let title = Level::NOTE.secondary_title(normalize_untrusted_str(&r.message));
            let mark = Mark { span: r.span, label: "", primary: true };
            let segments = excerpts(text, index, &opts.display_path(&r.file), vec![mark]);
            let note = attach(Group::with_title(title), &Level::NOTE, segments, &mut groups);
            groups.push(note);
        }
    }
    for fix in &d.fixes {
        let title = Level::HELP.secondary_title(normalize_untrusted_str(&fix.title));
        groups.push(Group::with_title(title));
    }
    groups
}

fn summary(out: &mut String, result: &CheckResult, opts: &RenderOptions) {
    let bold = Style::new().effects(Effects::BOLD);
    let paint = |style: Style, text: &str| {
        if opts.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    };
    let counts = Counts::of(&result.diagnostics);
    if counts.total > 0 {
        let width = counts.by_rule.first().map_or(1, |r| thousands(r.count).len());
        for r in &counts.by_rule {
            let n = thousands(r.count);
            let _ = writeln!(out, "{n:>width$}  {}  {}", r.code, r.rule);
        }
        out.push('\n');
    }
    for ds in &result.datasets {
        let _ = writeln!(
            out,
            "{}: {} checked, {}, {}",
            opts.display_dir(&ds.root),
            plural(ds.files.len(), "file", "files"),
            plural(ds.stats.inputs, "input", "inputs"),
            plural(ds.stats.concepts.len(), "concept", "concepts"),
        );
    }
    if counts.total == 0 {
        let green = AnsiColor::Green.on_default().effects(Effects::BOLD);
        let _ = writeln!(out, "{}", paint(green, "All checks passed!"));
        return;
    }
    let mut line = format!(
        "Found {} ({})",
        plural(counts.total, "problem", "problems"),
        counts.severity_words()
    );
    if counts.fixable > 0 {
        let _ = write!(line, "; {} fixable with an editor quick fix", thousands(counts.fixable));
    }
    let _ = writeln!(out, "{}", paint(bold, &line));
}

#[cfg(test)]
#[path = "human_tests.rs"]
mod tests;
