//! Delimited files with a header row: which columns hold the image, the labels and the id.
//! Signatures: Hugging Face `metadata.csv` (`file_name` + a label column), the Clarifai SDK
//! form (`inputid,input,concepts,metadata,geopoints`, any subset with `input` and `concepts`),
//! the legacy Clarifai template (`input.data.image.url`, `input.data.concepts[N].id`/`.value`),
//! and a generic table (an image column + a label column).

use crate::model::Format;

/// Label columns, most specific first (names compared after [`normalize`]).
pub const LABEL_COLUMNS: &[&str] = &[
    "label",
    "labels",
    "concept",
    "concepts",
    "class",
    "category",
    "classes",
    "categories",
    "class_name",
    "label_name",
    "tags",
    "tag",
];

/// Image columns of a generic table, most specific first.
pub const IMAGE_COLUMNS: &[&str] = &[
    "file_name",
    "filename",
    "image",
    "image_path",
    "image_file",
    "image_name",
    "image_url",
    "image_uri",
    "img",
    "img_path",
    "file",
    "file_path",
    "filepath",
    "path",
    "url",
    "uri",
    "input",
];

/// Columns holding an explicit input id.
const ID_COLUMNS: &[&str] = &["id", "input_id", "inputid", "image_id"];

/// The columns of the Clarifai SDK's CSV upload (it rejects any other column).
const CLARIFAI_SDK_COLUMNS: &[&str] = &["inputid", "input", "concepts", "metadata", "geopoints"];

const LEGACY_IMAGE: &str = "input.data.image.url";
const LEGACY_ID: &str = "input.id";

/// When a `,` inside a label cell separates labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comma {
    Never,
    /// The format splits concepts on commas (Clarifai SDK).
    Always,
    /// A multi-label column (plural name): in a quoted cell, or in any cell of a file whose
    /// delimiter is not a comma.
    WhenQuoted,
}

/// Where things are in each row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    Table {
        image: usize,
        /// `None` when the file lacks a label column (its inputs are still read).
        label: Option<usize>,
        id: Option<usize>,
        comma: Comma,
        /// Clarifai SDK `metadata` and `geopoints` columns (checked, not kept).
        metadata: Option<usize>,
        geopoints: Option<usize>,
    },
    Legacy {
        image: usize,
        id: Option<usize>,
        /// `(concept id column, value column)` per `input.data.concepts[N]`, by N.
        slots: Vec<(usize, Option<usize>)>,
    },
}

/// What a header says about its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Found(Format, Layout),
    /// The file has this format's signature but lacks a column it needs; the layout places
    /// the image column when there is one, so unlabeled inputs can still be read.
    Missing(Format, String, Option<Layout>),
    /// Not a dataset manifest.
    NoMatch,
}

/// Lowercase, trimmed, with spaces and dashes read as underscores (`Image Path` = `image_path`).
pub fn normalize(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
        .collect()
}

fn find(names: &[String], wanted: &[&str]) -> Option<usize> {
    wanted.iter().find_map(|w| names.iter().position(|n| n == w))
}

fn no_label_column() -> String {
    format!("no label column: expected one of {}", LABEL_COLUMNS.join(", "))
}

/// Reads a header (names already [`normalize`]d). `hf` is set for a file named `metadata.csv`.
pub fn classify(names: &[String], hf: bool) -> Verdict {
    if let Some(image) = names.iter().position(|n| n == LEGACY_IMAGE) {
        return legacy(names, image);
    }
    let is_sdk = names.iter().all(|n| CLARIFAI_SDK_COLUMNS.contains(&n.as_str()));
    if let Some(image) = find(names, &["input"]).filter(|_| is_sdk) {
        let Some(label) = find(names, &["concepts"]) else {
            return Verdict::Missing(Format::ClarifaiCsv, "no concepts column".to_owned(), None);
        };
        let layout = Layout::Table {
            image,
            label: Some(label),
            id: find(names, &["inputid"]),
            comma: Comma::Always,
            metadata: find(names, &["metadata"]),
            geopoints: find(names, &["geopoints"]),
        };
        return Verdict::Found(Format::ClarifaiCsv, layout);
    }
    let (format, image) = if hf {
        let image = find(names, &["file_name"])
            .or_else(|| names.iter().position(|n| n.ends_with("_file_name")));
        let Some(image) = image else {
            return Verdict::Missing(
                Format::HfMetadataCsv,
                "no file_name column: an ImageFolder metadata.csv names each image in `file_name`"
                    .to_owned(),
                None,
            );
        };
        (Format::HfMetadataCsv, image)
    } else {
        let Some(image) = find(names, IMAGE_COLUMNS) else {
            return Verdict::NoMatch;
        };
        (Format::GenericCsv, image)
    };
    let label = find(names, LABEL_COLUMNS);
    let plural = label.is_some_and(|l| {
        matches!(names[l].as_str(), "labels" | "concepts" | "classes" | "categories" | "tags")
    });
    let layout = Layout::Table {
        image,
        label,
        id: find(names, ID_COLUMNS).filter(|&i| i != image),
        comma: if plural { Comma::WhenQuoted } else { Comma::Never },
        metadata: None,
        geopoints: None,
    };
    match label {
        Some(_) => Verdict::Found(format, layout),
        None => Verdict::Missing(format, no_label_column(), Some(layout)),
    }
}

fn legacy(names: &[String], image: usize) -> Verdict {
    let mut slots: Vec<(u32, usize, Option<usize>)> = Vec::new();
    for (col, name) in names.iter().enumerate() {
        let Some(rest) = name.strip_prefix("input.data.concepts[") else {
            continue;
        };
        let Some((n, field)) = rest.split_once("].") else {
            continue;
        };
        let Ok(n) = n.parse::<u32>() else { continue };
        match field {
            "id" => slots.push((n, col, None)),
            "value" => {}
            _ => continue,
        }
    }
    for (col, name) in names.iter().enumerate() {
        let Some(rest) = name.strip_prefix("input.data.concepts[") else {
            continue;
        };
        let Some(n) = rest.strip_suffix("].value").and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        if let Some(slot) = slots.iter_mut().find(|s| s.0 == n && s.2.is_none()) {
            slot.2 = Some(col);
        }
    }
    if slots.is_empty() {
        return Verdict::Missing(
            Format::ClarifaiLegacyCsv,
            "no concept columns: expected input.data.concepts[0].id".to_owned(),
            None,
        );
    }
    slots.sort_by_key(|s| s.0);
    let id = find(names, &[LEGACY_ID]);
    let slots = slots.into_iter().map(|(_, id, value)| (id, value)).collect();
    Verdict::Found(Format::ClarifaiLegacyCsv, Layout::Legacy { image, id, slots })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(header: &str) -> Vec<String> {
        header.split(',').map(normalize).collect()
    }

    #[test]
    fn hugging_face_needs_file_name_and_a_label() {
        let v = classify(&names("file_name,Label"), true);
        assert!(matches!(
            v,
            Verdict::Found(Format::HfMetadataCsv, Layout::Table { image: 0, label: Some(1), .. })
        ));
        let v = classify(&names("image,label"), true);
        assert!(
            matches!(v, Verdict::Missing(Format::HfMetadataCsv, ref m, None) if m.starts_with("no file_name column"))
        );
        let v = classify(&names("file_name,text"), true);
        assert!(
            matches!(v, Verdict::Missing(Format::HfMetadataCsv, ref m, Some(_)) if m.starts_with("no label column: expected one of label, labels"))
        );
        let v = classify(&names("id,image_file_name,category"), true);
        assert!(matches!(
            v,
            Verdict::Found(_, Layout::Table { image: 1, label: Some(2), id: Some(0), .. })
        ));
    }

    #[test]
    fn generic_tables_and_what_is_not_one() {
        let v = classify(&names("ID,Image Path,Labels,split"), false);
        let want = Layout::Table {
            image: 1,
            label: Some(2),
            id: Some(0),
            comma: Comma::WhenQuoted,
            metadata: None,
            geopoints: None,
        };
        assert_eq!(v, Verdict::Found(Format::GenericCsv, want));
        assert!(matches!(
            classify(&names("url,width,height"), false),
            Verdict::Missing(Format::GenericCsv, _, Some(_))
        ));
        let v = classify(&names("file_name,cat,dog"), true);
        assert!(
            matches!(v, Verdict::Missing(Format::HfMetadataCsv, m, Some(_)) if m == no_label_column())
        );
        assert_eq!(classify(&names("a,b,c"), false), Verdict::NoMatch);
        assert_eq!(classify(&names("label,score"), false), Verdict::NoMatch);
    }

    #[test]
    fn clarifai_sdk_and_legacy() {
        let v = classify(&names("inputid,input,concepts,metadata,geopoints"), false);
        let want = Layout::Table {
            image: 1,
            label: Some(2),
            id: Some(0),
            comma: Comma::Always,
            metadata: Some(3),
            geopoints: Some(4),
        };
        assert_eq!(v, Verdict::Found(Format::ClarifaiCsv, want));
        assert!(matches!(
            classify(&names("input,concepts"), false),
            Verdict::Found(Format::ClarifaiCsv, _)
        ));
        assert!(matches!(
            classify(&names("inputid,input"), false),
            Verdict::Missing(Format::ClarifaiCsv, _, None)
        ));
        let header = "input.id,input.data.image.url,input.data.concepts[1].id,input.data.concepts[1].value,input.data.concepts[0].id,input.data.concepts[0].value";
        let want =
            Layout::Legacy { image: 1, id: Some(0), slots: vec![(4, Some(5)), (2, Some(3))] };
        assert_eq!(
            classify(&names(header), false),
            Verdict::Found(Format::ClarifaiLegacyCsv, want)
        );
        let v = classify(&names("input.data.image.url,input.data.concepts[0].id"), false);
        assert_eq!(
            v,
            Verdict::Found(
                Format::ClarifaiLegacyCsv,
                Layout::Legacy { image: 0, id: None, slots: vec![(1, None)] }
            )
        );
    }
}
