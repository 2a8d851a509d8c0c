//! The dataset model every format reader produces.
//!
//! Invariant: every span is a byte range into the text of the file it came from, on UTF-8 char
//! boundaries, so front ends can turn it into lines and columns without re-parsing.

use std::borrow::Cow;
use std::path::PathBuf;

/// A byte range `start..end` in one file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// Moves a span found inside a slice that starts at `offset` of the file.
    pub fn shift(self, offset: usize) -> Self {
        Span::new(self.start + offset, self.end + offset)
    }
}

/// What a file is to conceptlint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// Lists inputs (images) and their concepts.
    Dataset,
    /// Lists the concepts that exist.
    Labels,
}

/// The concrete format a file was read as (stable names, shown in `--format json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    HfMetadataJsonl,
    HfMetadataCsv,
    GenericCsv,
    GenericJsonl,
    SagemakerManifest,
    SagemakerLst,
    VertexJsonl,
    VertexCsv,
    Coco,
    ClarifaiCsv,
    ClarifaiLegacyCsv,
    LabelStudioJson,
    LabelStudioJsonMin,
    AzuremlJsonl,
    LabelsTxt,
    ConceptsJson,
    ClassIndexJson,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::HfMetadataJsonl => "hf-metadata-jsonl",
            Format::HfMetadataCsv => "hf-metadata-csv",
            Format::GenericCsv => "generic-csv",
            Format::GenericJsonl => "generic-jsonl",
            Format::SagemakerManifest => "sagemaker-manifest",
            Format::SagemakerLst => "sagemaker-lst",
            Format::VertexJsonl => "vertex-jsonl",
            Format::VertexCsv => "vertex-csv",
            Format::Coco => "coco",
            Format::ClarifaiCsv => "clarifai-csv",
            Format::ClarifaiLegacyCsv => "clarifai-legacy-csv",
            Format::LabelStudioJson => "label-studio-json",
            Format::LabelStudioJsonMin => "label-studio-json-min",
            Format::AzuremlJsonl => "azureml-jsonl",
            Format::LabelsTxt => "labels-txt",
            Format::ConceptsJson => "concepts-json",
            Format::ClassIndexJson => "class-index-json",
        }
    }

    /// Line-based formats: one record per line, so a record can be removed by deleting its line.
    pub fn is_line_based(self) -> bool {
        !matches!(
            self,
            Format::Coco
                | Format::LabelStudioJson
                | Format::LabelStudioJsonMin
                | Format::ConceptsJson
                | Format::ClassIndexJson
        )
    }
}

/// One concept on one input, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The concept name, unescaped (never empty).
    pub concept: String,
    /// Where the name is written (for COCO: the annotation's `category_id` value).
    pub span: Span,
    /// `false` for an explicit negative (`{"id": "cat", "value": 0}`).
    pub positive: bool,
}

/// One metadata value of an input: a scalar (string, number, boolean) in a column or key other
/// than the image, the labels and the id (`source`, `camera`, `split`, ...). Both are spans into
/// the file's text, so a value costs 32 bytes and no copy of its text; read them with
/// [`Meta::name`] and [`Meta::value`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    /// The column's name as written (a CSV/TSV header cell: it lies before every record and
    /// does not move with its input) or the JSON key's content (inside the record).
    pub name: Span,
    /// The value as written: a CSV cell's content (between its quotes, where `""` is a quote),
    /// a JSON string's content (between its quotes, JSON escapes kept), a number or a boolean.
    pub value: Span,
}

impl Meta {
    /// The name, unescaped, from the text of the `format` file the input was read from.
    pub fn name(self, format: Format, text: &str) -> Cow<'_, str> {
        unescape(format, text, self.name)
    }
    /// The value, unescaped, from the text of the `format` file the input was read from.
    pub fn value(self, format: Format, text: &str) -> Cow<'_, str> {
        unescape(format, text, self.value)
    }
}

/// The text of a metadata span with the escapes of its format undone: `\` in JSON strings,
/// `""` in quoted CSV cells. Empty when the span is not in the text.
fn unescape(format: Format, text: &str, span: Span) -> Cow<'_, str> {
    let raw = text.get(span.start..span.end).unwrap_or("");
    let json = !matches!(format, Format::HfMetadataCsv | Format::GenericCsv);
    if json && raw.contains('\\') {
        let decoded = serde_json::from_str::<String>(&format!("\"{raw}\""));
        return decoded.map_or(Cow::Borrowed(raw), Cow::Owned);
    }
    if !json && raw.contains("\"\"") {
        return Cow::Owned(raw.replace("\"\"", "\""));
    }
    Cow::Borrowed(raw)
}

/// One input (image) of a dataset manifest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    /// Explicit id when the format has one (Clarifai `inputid`, COCO image id, Label Studio task id).
    pub id: Option<String>,
    /// The image location exactly as written (relative path, absolute path or URL).
    pub location: String,
    /// Where the location is written.
    pub location_span: Span,
    /// The whole record: a line for line-based formats, the object for JSON documents.
    pub span: Span,
    /// The labels, in file order.
    pub labels: Vec<Label>,
    /// Width and height when the manifest states them (COCO, Azure `image_details`).
    pub declared_size: Option<(u32, u32)>,
    /// Metadata values in file order (CSV/TSV with a header, JSON Lines with image and label
    /// keys; empty, without allocating, for other formats and inputs without metadata).
    pub metadata: Box<[Meta]>,
}

/// One concept declared by a label manifest (or a COCO `categories` entry).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ConceptDecl {
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// The whole declaration (the line, or the JSON object).
    pub decl_span: Span,
    pub id: Option<String>,
    pub description: Option<String>,
    pub synonyms: Vec<String>,
    /// `Some(true)` forces a concept to count as visual (`"visual": true` in concepts.json).
    pub visual: Option<bool>,
}

/// A place where a file could not be read as its format; becomes an `invalid-manifest` finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
}

impl Problem {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Problem { span, message: message.into() }
    }
}

/// A file read by a format reader. A file can be both a dataset and a label manifest (COCO).
#[derive(Clone, Debug)]
pub struct ParsedFile {
    pub path: PathBuf,
    pub format: Format,
    pub kind: FileKind,
    pub inputs: Vec<Input>,
    pub concepts: Vec<ConceptDecl>,
    /// `Some(true)` when the file declares its concepts mutually exclusive (concepts.json
    /// `"exclusive": true`), `Some(false)` when it declares them multi-label (SageMaker
    /// multi-label jobs, COCO), `None` when it says nothing.
    pub exclusive: Option<bool>,
    pub problems: Vec<Problem>,
}

impl ParsedFile {
    pub fn new(path: PathBuf, format: Format, kind: FileKind) -> Self {
        ParsedFile {
            path,
            format,
            kind,
            inputs: Vec::new(),
            concepts: Vec::new(),
            exclusive: None,
            problems: Vec::new(),
        }
    }
    pub fn declares_concepts(&self) -> bool {
        self.kind == FileKind::Labels || !self.concepts.is_empty()
    }
}
