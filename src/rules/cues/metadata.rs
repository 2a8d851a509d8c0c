//! The metadata cue: a manifest column (a CSV/TSV header column or a JSON Lines key) other than
//! the image, the labels and the id, whose values tell the concepts apart (`source`, `camera`,
//! `photographer`, `lens`, ...).
//!
//! Not every column is a cue a model could pick up from the pixels. Skipped by name: columns
//! that restate or describe the label or the content (label, class, category, concept,
//! species, breed, WordNet synset; caption, text, description, title), ids and hashes (a fresh
//! value per input predicts nothing anyway), other image paths and URLs, and the split (train /
//! test is not in the image; a split that separates the concepts is a different problem).
//! Width, height or size columns are skipped when the image size or aspect ratio already
//! fired, format columns when the file format did: the same cue, said twice. Skipped by value:
//! values that name a concept (`label_text = cat`, `wnid = n02084071`), which restate the label.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::engine::Context;
use crate::model::{Input, ParsedFile, Span};

use super::{Cue, mentions_a_concept};

/// One metadata column over the single-label inputs that have a value in it.
pub struct Column<'a> {
    /// The name as written in the first file it was seen in.
    pub name: Cow<'a, str>,
    /// `(value, index of the input among the labeled ones)`, in input order.
    pub values: Vec<(Cow<'a, str>, usize)>,
}

/// The metadata columns of `inputs` (`(file index, input)`, indexed as given) that may be a
/// cue, given the cues that already `fired`. Each input counts once per column (the first of
/// a repeated JSON key).
pub fn columns<'a>(
    ctx: &'a Context,
    inputs: impl Iterator<Item = (usize, &'a Input)>,
    fired: &[Cue],
) -> Vec<Column<'a>> {
    let mut columns: Vec<Column<'a>> = Vec::new();
    let mut by_name: FxHashMap<Cow<'a, str>, Option<usize>> = FxHashMap::default();
    let mut last_file: Option<(usize, &'a ParsedFile, &'a str)> = None;
    for (k, (f, input)) in inputs.enumerate() {
        if input.metadata.is_empty() {
            continue;
        }
        let (file, text) = match last_file {
            Some((at, file, text)) if at == f => (file, text),
            _ => {
                let file = ctx.file(f);
                let Some(text) = ctx.dataset.source(&file.path) else { continue };
                last_file = Some((f, file, text));
                (file, text)
            }
        };
        for meta in &input.metadata {
            let name = meta.name(file.format, text);
            let column = match by_name.get(&name) {
                Some(c) => *c,
                None => {
                    let c = (!skipped(&name, fired)).then_some(columns.len());
                    if c.is_some() {
                        columns.push(Column { name: name.clone(), values: Vec::new() });
                    }
                    by_name.insert(name, c);
                    c
                }
            };
            let Some(column) = column.and_then(|c| columns.get_mut(c)) else { continue };
            if column.values.last().is_none_or(|(_, last)| *last != k) {
                column.values.push((meta.value(file.format, text), k));
            }
        }
    }
    for column in &mut columns {
        drop_concept_names(ctx, &mut column.values);
    }
    columns
}

/// Where `input` (of `file`) writes its value of the column `name`.
pub fn value_span(ctx: &Context, file: &ParsedFile, input: &Input, name: &str) -> Option<Span> {
    let text = ctx.dataset.source(&file.path)?;
    input.metadata.iter().find(|m| m.name(file.format, text) == name).map(|m| m.value)
}

/// "has source = 'flickr'".
pub fn phrase(name: &str, value: &str) -> String {
    format!("has {name} = '{value}'")
}

/// Removes the values that name a concept. Only values shared by several inputs are looked at:
/// a value seen once predicts nothing (see [`super::score`]), and a column with a fresh value
/// per input (a caption, a timestamp) is not searched word by word.
fn drop_concept_names(ctx: &Context, values: &mut Vec<(Cow<'_, str>, usize)>) {
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for (v, _) in values.iter() {
        *counts.entry(v.as_ref()).or_default() += 1;
    }
    let named: rustc_hash::FxHashSet<String> = counts
        .into_iter()
        .filter(|&(v, n)| n > 1 && mentions_a_concept(ctx, v))
        .map(|(v, _)| v.to_string())
        .collect();
    if !named.is_empty() {
        values.retain(|(v, _)| !named.contains(v.as_ref()));
    }
}

/// Whether a column is not a cue, by its name (see the module's documentation).
fn skipped(name: &str, fired: &[Cue]) -> bool {
    let words = words(name);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let joined = words.concat();
    let contains = |parts: &[&str]| parts.iter().any(|p| joined.contains(p));
    let restates_label = contains(&[
        "label", "class", "categor", "concept", "synset", "wnid", "species", "breed", "caption",
    ]);
    let describes = has(&["text", "description", "desc", "title", "prompt", "comment", "notes"]);
    let id = has(&["id", "ids", "uuid", "guid", "idx", "index", "hash", "md5", "sha1", "sha256"])
        || has(&["checksum", "y", "target"]);
    let image = has(&["path", "url", "uri", "filename", "filepath", "image", "img", "file"])
        && !has(&["source", "format", "type", "size", "width", "height", "mode"]);
    let split = has(&["split", "fold", "subset", "partition"]) || joined == "mluse";
    let size = has(&["width", "height", "size", "resolution", "aspect", "w", "h", "megapixels"])
        && (fired.contains(&Cue::Size) || fired.contains(&Cue::Aspect));
    let format = has(&["format", "mime", "mimetype", "extension", "ext", "filetype", "encoding"])
        && fired.contains(&Cue::Format);
    words.is_empty() || restates_label || describes || id || image || split || size || format
}

/// The lowercase words of a column name: split at anything but letters and digits and at
/// lower-to-upper case changes (`imageURL` -> image, url; `Camera Model` -> camera, model).
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_split_into_words() {
        assert_eq!(words("Camera Model"), ["camera", "model"]);
        assert_eq!(words("imageURL"), ["image", "url"]);
        assert_eq!(words("photographer_name"), ["photographer", "name"]);
        assert_eq!(words("exif.ISO"), ["exif", "iso"]);
        assert!(words("--").is_empty());
    }

    #[test]
    fn which_columns_are_not_cues() {
        let cues = ["source", "camera", "Camera Model", "photographer", "lens", "iso", "site"];
        for name in cues {
            assert!(!skipped(name, &[]), "{name}");
        }
        let not = [
            "label_id",
            "class_name",
            "fine_label",
            "superclass",
            "categoryId",
            "wnid",
            "breed",
            "caption",
            "alt text",
            "description",
            "upload_id",
            "uuid",
            "md5",
            "target",
            "original_url",
            "mask_file_name",
            "thumbnail_path",
            "split",
            "ml_use",
            "fold",
            "",
        ];
        for name in not {
            assert!(skipped(name, &[]), "{name}");
        }
        // The size and format columns say what an image cue says, once that cue fired.
        for name in ["width", "image_height", "Resolution"] {
            assert!(!skipped(name, &[Cue::Format]), "{name}");
            assert!(skipped(name, &[Cue::Size]), "{name}");
        }
        assert!(!skipped("image_format", &[Cue::Size]));
        assert!(skipped("image_format", &[Cue::Format]));
        assert!(!skipped("image_source", &[]));
    }
}
