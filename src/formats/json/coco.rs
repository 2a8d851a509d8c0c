//! COCO JSON: one document with `images`, `annotations` and `categories`. A dataset (one input
//! per image) that also declares its concepts (the categories). An image's labels are the
//! distinct categories of its annotations, so COCO is multi-label (`exclusive = Some(false)`).

use std::collections::HashMap;
use std::path::Path;

use crate::model::{ConceptDecl, FileKind, Format, Input, Label, ParsedFile, Problem, Span};

use super::fields::{location, pixels};
use super::value::{Elements, Node, Obj};

const KEYS: [&str; 3] = ["images", "annotations", "categories"];

/// Whether the document is a COCO dataset: an object with all three lists' keys.
pub fn matches(root: Node) -> bool {
    root.as_object().is_some_and(|o| KEYS.iter().all(|k| o.has(k)))
}

/// Reads a COCO document whose root matched [`matches`].
pub fn read(path: &Path, root: Obj) -> ParsedFile {
    let mut out = ParsedFile::new(path.to_path_buf(), Format::Coco, FileKind::Dataset);
    out.exclusive = Some(false);
    let [images, annotations, categories] = KEYS.map(|k| list(root, k, &mut out.problems));
    let categories = read_categories(categories, &mut out);
    let images = read_images(images, &mut out);
    for ann in annotations.into_iter().flatten() {
        read_annotation(ann, &images, &categories, &mut out);
    }
    out
}

fn list<'v, 'a>(
    root: Obj<'v, 'a>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<Elements<'v, 'a>> {
    let value = root.get(key)?;
    let items = value.as_array();
    if items.is_none() {
        problems.push(Problem::new(
            value.span(),
            format!("\"{key}\" should be a list, found {}", value.kind()),
        ));
    }
    items
}

/// An entry's `key` as an id, or a problem at the entry.
fn id_of(entry: Obj, key: &str, what: &str, problems: &mut Vec<Problem>) -> Option<(String, Span)> {
    let Some(v) = entry.get(key) else {
        problems.push(Problem::new(entry.span(), format!("{what} has no \"{key}\"")));
        return None;
    };
    match v.id_text() {
        Some(id) => Some((id.into_owned(), v.span())),
        None => {
            let message =
                format!("{what} \"{key}\" should be a number or a string, found {}", v.kind());
            problems.push(Problem::new(v.span(), message));
            None
        }
    }
}

fn object<'v, 'a>(
    item: Node<'v, 'a>,
    what: &str,
    problems: &mut Vec<Problem>,
) -> Option<Obj<'v, 'a>> {
    let obj = item.as_object();
    if obj.is_none() {
        problems.push(Problem::new(
            item.span(),
            format!("{what} should be an object, found {}", item.kind()),
        ));
    }
    obj
}

/// Category id -> concept name.
fn read_categories(items: Option<Elements>, out: &mut ParsedFile) -> HashMap<String, String> {
    let mut by_id: HashMap<String, String> = HashMap::new();
    let mut names: HashMap<String, Span> = HashMap::new();
    for item in items.into_iter().flatten() {
        let Some(cat) = object(item, "a category", &mut out.problems) else {
            continue;
        };
        let Some((id, id_span)) = id_of(cat, "id", "category", &mut out.problems) else {
            continue;
        };
        let name = match cat.get("name") {
            Some(n) => match n.as_str() {
                Some(s) if !s.trim().is_empty() => (s.to_owned(), n.str_span()),
                _ => {
                    out.problems.push(Problem::new(
                        n.span(),
                        "category \"name\" should be a non-empty string",
                    ));
                    continue;
                }
            },
            None => {
                out.problems.push(Problem::new(cat.span(), "category has no \"name\""));
                continue;
            }
        };
        if by_id.contains_key(&id) {
            out.problems.push(Problem::new(id_span, format!("category id {id} is declared twice")));
            continue;
        }
        by_id.insert(id.clone(), name.0.clone());
        if names.insert(name.0.clone(), name.1).is_some() {
            // Both ids stand for the one concept, declared once.
            out.problems.push(Problem::new(
                name.1,
                format!("category name \"{}\" is declared twice", name.0),
            ));
            continue;
        }
        out.concepts.push(ConceptDecl {
            name: name.0,
            span: name.1,
            decl_span: cat.span(),
            id: Some(id),
            ..ConceptDecl::default()
        });
    }
    by_id
}

/// Image id -> index of its input (`None` for an image that could not be read as an input, so
/// its annotations are not reported again).
fn read_images(items: Option<Elements>, out: &mut ParsedFile) -> HashMap<String, Option<usize>> {
    let mut by_id = HashMap::new();
    for item in items.into_iter().flatten() {
        let Some(image) = object(item, "an image", &mut out.problems) else {
            continue;
        };
        let id = id_of(image, "id", "image", &mut out.problems);
        if let Some((id, span)) = &id
            && by_id.contains_key(id)
        {
            out.problems.push(Problem::new(*span, format!("image id {id} is declared twice")));
            continue;
        }
        let loc = location(image, "file_name", image.span(), &mut out.problems);
        let slot = loc.map(|(location, location_span)| {
            let size = match (image.get("width"), image.get("height")) {
                (Some(w), Some(h)) => pixels(w, "width", &mut out.problems).zip(pixels(
                    h,
                    "height",
                    &mut out.problems,
                )),
                _ => None,
            };
            out.inputs.push(Input {
                id: id.as_ref().map(|(id, _)| id.clone()),
                location,
                location_span,
                span: image.span(),
                labels: Vec::new(),
                declared_size: size,
                ..Default::default()
            });
            out.inputs.len() - 1
        });
        if let Some((id, _)) = id {
            by_id.insert(id, slot);
        }
    }
    by_id
}

fn read_annotation(
    item: Node,
    images: &HashMap<String, Option<usize>>,
    categories: &HashMap<String, String>,
    out: &mut ParsedFile,
) {
    let Some(ann) = object(item, "an annotation", &mut out.problems) else {
        return;
    };
    let image = id_of(ann, "image_id", "annotation", &mut out.problems);
    let category = id_of(ann, "category_id", "annotation", &mut out.problems);
    let (Some((image_id, image_span)), Some((category_id, category_span))) = (image, category)
    else {
        return;
    };
    let Some(slot) = images.get(&image_id) else {
        out.problems.push(Problem::new(
            image_span,
            format!("annotation refers to image {image_id}, which is not in \"images\""),
        ));
        return;
    };
    let Some(name) = categories.get(&category_id) else {
        out.problems.push(Problem::new(
            category_span,
            format!("annotation refers to category {category_id}, which is not in \"categories\""),
        ));
        return;
    };
    let Some(input) = slot.and_then(|i| out.inputs.get_mut(i)) else {
        return;
    };
    if !input.labels.iter().any(|l| &l.concept == name) {
        input.labels.push(Label { concept: name.clone(), span: category_span, positive: true });
    }
}
