//! `unvisual-concept`: a concept whose name is not something one can see.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::engine::Context;
use crate::lexicon::{self, ROLE_REASON, Verdict};
use crate::model::{ConceptDecl, Format, ParsedFile, Span};
use crate::stats::ConceptStats;

use super::{Rule, diagnostic};

pub static RULE: Rule = Rule {
    name: "unvisual-concept",
    code: "CL012",
    default_severity: Severity::Warning,
    summary: "A concept names something that does not rely on visual cues (a feeling, a time, a price).",
    docs: r#"# unvisual-concept (CL012)

Reports a concept whose name is not visually grounded: a feeling (`happiness`), a value
judgement (`excellent`), a time or date (`wednesday`, `2020`, `fy_2019`), a number written as a
quantity (`1000`), a legal or economic construct (`mortgage`), another sense (`loud`, `aroma`),
an idea (`hypothesis`), or a visual object with a non-visual modifier (`stolen_bike`,
`expensive_watch`). The message says why. A person role with no consistent look
(`accountant`, `owner`) is reported at `info` severity; roles with a uniform, gear or an
activity (`firefighter`, `skier`) are not reported.

Concept ids are read in any style: `snake_case`, `kebab-case`, `camelCase`, `Title Case`,
plurals, and WordNet ids such as ImageNet's `n02085620`, which resolve to their synset. Words
the lexicon does not know are never reported. The finding sits on the concept's declaration
in the label manifest; without a label manifest, on its first use.

The lexicon is derived from WordNet 3.0 and the Lancaster Sensorimotor Norms (see
`src/lexicon/data/NOTICE`).

## Why
A custom model learns a concept from pixels. When the concept does not rely on visual cues,
whatever the model learns is a cue that happens to correlate with it in the training images
(a smile for `happiness`, a price tag for `expensive`), and it fails on the next image where
the cue is missing. Name what can be seen instead.

## Example
```text
# labels.txt
cat
happiness      <- 'happiness' names a feeling
stolen_bike    <- 'stolen_bike' has the non-visual modifier 'stolen' on a visual object
accountant     <- (info) 'accountant' names a role with no consistent look
```

## Fix
Rename the concept to what the images show (`smiling_face`, `bike`, `person_at_desk`), or drop
it. When the name really is visual in your domain (facial expressions, medical findings), say
so: `"visual": true` on the concept in `concepts.json` (offered as a quick fix there), or in
the config:
```toml
[concepts.happiness]
visual = true
```
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (concept, verdict) in judged(ctx) {
        let (message, severity) = match verdict {
            Verdict::NonVisual { reason } => (reason, Severity::Warning),
            Verdict::PersonRole => (ROLE_REASON.to_string(), Severity::Info),
            _ => continue,
        };
        let Some(mut d) = finding(ctx, &RULE, concept, format!("'{}' {message}", concept.name))
        else {
            continue;
        };
        d.severity = severity;
        if let Some(fix) = declaration(ctx, concept).and_then(|(f, c)| mark_visual(ctx, f, c)) {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
}

/// Every concept the rules judge, with its verdict: declared concepts, or used ones when there
/// is no label manifest (with one, an undeclared concept is `unknown-concept`'s finding);
/// never one the dataset declares visual (`"visual": true`, `[concepts.NAME] visual = true`).
pub(super) fn judged<'a>(ctx: &'a Context) -> impl Iterator<Item = (&'a ConceptStats, Verdict)> {
    super::own_concepts(ctx).filter(|c| !declared_visual(ctx, c)).map(|c| (c, verdict(ctx, c)))
}

fn declared_visual(ctx: &Context, concept: &ConceptStats) -> bool {
    ctx.settings.declared_visual(&concept.name)
        || concept
            .declarations
            .iter()
            .any(|d| ctx.file(d.file).concepts[d.concept].visual == Some(true))
}

/// The name's verdict; when the name says nothing, a declared id may (a WordNet id).
fn verdict(ctx: &Context, concept: &ConceptStats) -> Verdict {
    match lexicon::classify(&concept.name) {
        Verdict::Unknown => declaration(ctx, concept)
            .and_then(|(_, decl)| decl.id.as_deref())
            .filter(|id| lexicon::wordnet_offset(id).is_some())
            .map_or(Verdict::Unknown, lexicon::classify),
        verdict => verdict,
    }
}

fn declaration<'a>(
    ctx: &'a Context,
    concept: &ConceptStats,
) -> Option<(&'a ParsedFile, &'a ConceptDecl)> {
    let decl = concept.declarations.first()?;
    let file = ctx.file(decl.file);
    Some((file, &file.concepts[decl.concept]))
}

/// A finding on the concept's first declaration, else on its first use.
pub(super) fn finding(
    ctx: &Context,
    rule: &Rule,
    concept: &ConceptStats,
    message: String,
) -> Option<Diagnostic> {
    if let Some((file, decl)) = declaration(ctx, concept) {
        return Some(diagnostic(rule, &file.path, decl.span, message));
    }
    let first = concept.uses.first()?;
    let file = ctx.file(first.file);
    let label = &file.inputs[first.input].labels[first.label];
    Some(diagnostic(rule, &file.path, label.span, message))
}

/// "Mark 'x' as visual": `"visual": true` added to the concept's entry in concepts.json (a
/// bare name becomes an object). Other label manifests have no per-concept settings; the
/// config's `[concepts.NAME]` is the way there.
fn mark_visual(ctx: &Context, file: &ParsedFile, decl: &ConceptDecl) -> Option<Fix> {
    if file.format != Format::ConceptsJson || decl.visual.is_some() {
        return None;
    }
    let text = ctx.dataset.source(&file.path)?;
    let entry = text.get(decl.decl_span.start..decl.decl_span.end)?;
    let edit = if entry.starts_with('"') {
        let name = serde_json::to_string(&decl.name).ok()?;
        Edit {
            file: file.path.clone(),
            span: decl.decl_span,
            replacement: format!("{{\"name\": {name}, \"visual\": true}}"),
        }
    } else {
        let body = entry.strip_prefix('{')?.strip_suffix('}')?;
        if body.contains("//") || body.contains("/*") {
            return None; // a comment could swallow the insertion
        }
        let members = body.trim_end();
        let at = decl.decl_span.start + 1 + members.len();
        let comma = if members.ends_with(',') { "" } else { "," };
        let replacement = match members.rfind('\n') {
            Some(nl) => {
                let line = &members[nl + 1..];
                let indent = &line[..line.len() - line.trim_start().len()];
                format!("{comma}\n{indent}\"visual\": true")
            }
            None => format!("{comma} \"visual\": true"),
        };
        Edit { file: file.path.clone(), span: Span::empty(at), replacement }
    };
    let shown = file.path.file_name()?.to_string_lossy();
    Some(Fix { title: format!("Mark '{}' as visual in {shown}", decl.name), edits: vec![edit] })
}

#[cfg(test)]
#[path = "unvisual_concept_tests.rs"]
mod tests;
