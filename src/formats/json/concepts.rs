//! Label manifests in JSON: `concepts.json` (ours; schema in `schemas/concepts.schema.json`)
//! and class-index JSON (`{"0": "cat"}`, or Keras' `{"0": ["n01440764", "tench"]}`).

use std::collections::HashSet;
use std::path::Path;

use crate::model::{ConceptDecl, FileKind, Format, ParsedFile, Problem, Span};

use super::value::{Node, Obj};

const TOP_KEYS: &[&str] = &["$schema", "exclusive", "concepts"];
const CONCEPT_KEYS: &[&str] = &["id", "name", "description", "synonyms", "visual"];

/// Reads `concepts.json`. Always a [`ParsedFile`] (it is claimed by name); what does not fit
/// the schema is a problem at its place.
pub fn read_concepts_json(path: &Path, root: Option<Node>, problems: Vec<Problem>) -> ParsedFile {
    let mut out = ParsedFile::new(path.to_path_buf(), Format::ConceptsJson, FileKind::Labels);
    out.problems = problems;
    let Some(root) = root else { return out };
    let Some(obj) = root.as_object() else {
        let message =
            format!("concepts.json should be an object with \"concepts\", found {}", root.kind());
        out.problems.push(Problem::new(root.span(), message));
        return out;
    };
    for e in obj.entries() {
        match e.key {
            "$schema" => expect(
                e.value.as_str().is_some(),
                e.value,
                "\"$schema\" should be a string",
                &mut out,
            ),
            "exclusive" => match e.value.as_bool() {
                Some(b) => out.exclusive = Some(b),
                None => expect(false, e.value, "\"exclusive\" should be true or false", &mut out),
            },
            "concepts" => read_list(e.value, &mut out),
            other => unknown(other, e.key_span, TOP_KEYS, &mut out.problems),
        }
    }
    if !obj.has("concepts") {
        let at = Span::new(obj.span().start, obj.span().start + 1);
        out.problems.push(Problem::new(at, "missing \"concepts\": the list of concepts"));
    }
    dedupe(&mut out.concepts, &mut out.problems);
    out
}

fn expect(ok: bool, value: Node, message: &str, out: &mut ParsedFile) {
    if !ok {
        out.problems.push(Problem::new(value.span(), format!("{message}, found {}", value.kind())));
    }
}

fn unknown(key: &str, span: Span, known: &[&str], problems: &mut Vec<Problem>) {
    problems.push(Problem::new(
        span,
        format!("unknown key \"{key}\" (expected one of: {})", known.join(", ")),
    ));
}

fn read_list(value: Node, out: &mut ParsedFile) {
    let Some(items) = value.as_array() else {
        return expect(false, value, "\"concepts\" should be a list", out);
    };
    for item in items {
        if item.as_str().is_some() {
            if let Some((name, span)) = name_of(item, &mut out.problems) {
                out.concepts.push(ConceptDecl {
                    name,
                    span,
                    decl_span: item.span(),
                    ..ConceptDecl::default()
                });
            }
        } else if let Some(obj) = item.as_object() {
            read_concept(obj, out);
        } else {
            expect(false, item, "a concept should be a name or an object", out);
        }
    }
}

fn name_of(value: Node, problems: &mut Vec<Problem>) -> Option<(String, Span)> {
    match value.as_str() {
        Some(s) if !s.trim().is_empty() => return Some((s.to_owned(), value.str_span())),
        Some(_) => problems.push(Problem::new(value.span(), "empty concept name")),
        None => problems.push(Problem::new(
            value.span(),
            format!("a concept name should be a string, found {}", value.kind()),
        )),
    }
    None
}

fn read_concept(obj: Obj, out: &mut ParsedFile) {
    let mut decl = ConceptDecl { decl_span: obj.span(), ..ConceptDecl::default() };
    let (mut has_name, mut named) = (false, false);
    for e in obj.entries() {
        let v = e.value;
        match e.key {
            "name" => {
                has_name = true;
                if let Some((name, span)) = name_of(v, &mut out.problems) {
                    (decl.name, decl.span, named) = (name, span, true);
                }
            }
            "id" => match v.id_text() {
                Some(id) => decl.id = Some(id.into_owned()),
                None => expect(false, v, "\"id\" should be a string or a number", out),
            },
            "description" => match v.as_str() {
                Some(d) => decl.description = Some(d.to_owned()),
                None => expect(false, v, "\"description\" should be a string", out),
            },
            "visual" => match v.as_bool() {
                Some(b) => decl.visual = Some(b),
                None => expect(false, v, "\"visual\" should be true or false", out),
            },
            "synonyms" => match v.as_array() {
                Some(list) => {
                    for s in list {
                        match s.as_str() {
                            Some(s) => decl.synonyms.push(s.to_owned()),
                            None => expect(false, s, "a synonym should be a string", out),
                        }
                    }
                }
                None => expect(false, v, "\"synonyms\" should be a list of strings", out),
            },
            other => unknown(other, e.key_span, CONCEPT_KEYS, &mut out.problems),
        }
    }
    if named {
        out.concepts.push(decl);
    } else if !has_name {
        let at = Span::new(obj.span().start, obj.span().start + 1);
        out.problems.push(Problem::new(at, "concept has no \"name\""));
    }
}

/// A second declaration of a name (or id) is a problem at its name (or declaration); only the
/// first declaration is kept.
fn dedupe(concepts: &mut Vec<ConceptDecl>, problems: &mut Vec<Problem>) {
    let mut names: HashSet<String> = HashSet::new();
    let mut ids: HashSet<String> = HashSet::new();
    concepts.retain(|c| {
        if names.contains(&c.name) {
            problems
                .push(Problem::new(c.span, format!("concept \"{}\" is declared twice", c.name)));
            return false;
        }
        if let Some(id) = &c.id
            && !ids.insert(id.clone())
        {
            problems.push(Problem::new(c.decl_span, format!("concept id \"{id}\" is used twice")));
            return false;
        }
        names.insert(c.name.clone());
        true
    });
}

/// A class index: a non-empty object whose keys are all class numbers and whose values are
/// names or `[wordnet_id, name]` pairs.
pub fn is_class_index(root: Node) -> bool {
    let Some(obj) = root.as_object() else {
        return false;
    };
    !obj.is_empty()
        && obj.entries().all(|e| {
            let numeric =
                !e.key.is_empty() && e.key.len() <= 9 && e.key.bytes().all(|b| b.is_ascii_digit());
            numeric && (e.value.as_str().is_some() || pair_name(e.value).is_some())
        })
}

/// The name of a Keras `[wordnet_id, name]` pair.
fn pair_name<'v, 'a>(value: Node<'v, 'a>) -> Option<Node<'v, 'a>> {
    let mut items = value.as_array()?;
    let (first, second) = (items.next()?, items.next()?);
    (items.next().is_none() && first.as_str().is_some() && second.as_str().is_some())
        .then_some(second)
}

/// Reads a class index whose root matched [`is_class_index`]: one concept per entry, its id
/// the class number. Repeated names are kept without a problem (ImageNet's own index has two
/// "crane"s and two "maillot"s).
pub fn read_class_index(path: &Path, root: Obj) -> ParsedFile {
    let mut out = ParsedFile::new(path.to_path_buf(), Format::ClassIndexJson, FileKind::Labels);
    let mut seen: HashSet<&str> = HashSet::new();
    for e in root.entries() {
        if !seen.insert(e.key) {
            out.problems.push(Problem::new(e.key_span, format!("class {} is listed twice", e.key)));
            continue;
        }
        let name = pair_name(e.value).unwrap_or(e.value);
        if let Some((concept, span)) = name_of(name, &mut out.problems) {
            out.concepts.push(ConceptDecl {
                name: concept,
                span,
                decl_span: Span::new(e.key_span.start.saturating_sub(1), e.value.span().end),
                id: Some(e.key.to_owned()),
                ..ConceptDecl::default()
            });
        }
    }
    out
}
