//! A hand-made [`CheckResult`] shared by the renderer tests: two files of one dataset, a
//! multi-byte character before a span, related locations in the same and in another file, fixes
//! (one editing another file), and one rule firing three times.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::{FileKind, Format, Span};
use crate::render::{CheckResult, DatasetSummary, FileSummary, RenderOptions};
use crate::stats::{ConceptStats, DeclRef, Exclusivity, Stats};

pub const CWD: &str = "/proj";
pub const TRAIN: &str = "/proj/data/train.csv";
pub const LABELS: &str = "/proj/data/labels.txt";

pub const TRAIN_TEXT: &str = "image,label\n\
imgs/🐱café.jpg,dgo\n\
imgs/b.jpg,cat\n\
imgs/🐱café.jpg,cat\n\
imgs/c.jpg,cat\n\
imgs/d.jpg,cat\n";

pub const LABELS_TEXT: &str = "cat\ndog\n";

/// The span of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str, nth: usize) -> Span {
    let start = text.match_indices(needle).nth(nth).map(|(i, _)| i).expect("needle in text");
    Span::new(start, start + needle.len())
}

pub fn options() -> RenderOptions {
    RenderOptions { cwd: PathBuf::from(CWD), color: false, max_per_rule: Some(2) }
}

pub fn diagnostic(
    rule: &'static str,
    code: &'static str,
    severity: Severity,
    file: &str,
    span: Span,
    message: &str,
) -> Diagnostic {
    Diagnostic {
        rule,
        code,
        severity,
        file: PathBuf::from(file),
        span,
        message: message.to_string(),
        related: Vec::new(),
        fixes: Vec::new(),
        input: None,
    }
}

fn concept(name: &str, positives: usize, declared: Option<usize>) -> ConceptStats {
    ConceptStats {
        name: name.to_string(),
        positives,
        negatives: 0,
        declarations: declared.map(|c| DeclRef { file: 0, concept: c }).into_iter().collect(),
        uses: Vec::new(),
    }
}

pub fn result() -> CheckResult {
    let (train, labels) = (Path::new(TRAIN), Path::new(LABELS));
    let t = |needle, nth| find(TRAIN_TEXT, needle, nth);
    let mut diagnostics = vec![
        diagnostic(
            "too-few-inputs",
            "CL001",
            Severity::Warning,
            LABELS,
            find(LABELS_TEXT, "cat", 0),
            "concept 'cat' has 4 positive inputs, fewer than the minimum of 50",
        )
        .with_related(train.to_path_buf(), t("cat", 0), "first used here"),
        diagnostic(
            "unknown-concept",
            "CL006",
            Severity::Error,
            TRAIN,
            t("dgo", 0),
            "unknown concept 'dgo'",
        )
        .with_fix(Fix {
            title: "Replace 'dgo' with 'dog'".into(),
            edits: vec![Edit { file: train.into(), span: t("dgo", 0), replacement: "dog".into() }],
        })
        .with_fix(Fix {
            title: "Add 'dgo' to labels.txt".into(),
            edits: vec![Edit {
                file: labels.into(),
                span: Span::empty(LABELS_TEXT.len()),
                replacement: "dgo\n".into(),
            }],
        })
        .for_input(&crate::model::Input {
            id: None,
            location: "imgs/🐱café.jpg".into(),
            location_span: Span::default(),
            span: Span::default(),
            labels: Vec::new(),
            declared_size: None,
            ..Default::default()
        }),
        diagnostic(
            "image-not-found",
            "CL003",
            Severity::Warning,
            TRAIN,
            t("imgs/b.jpg", 0),
            "image file not found: imgs/b.jpg",
        ),
        diagnostic(
            "duplicate-input",
            "CL008",
            Severity::Warning,
            TRAIN,
            t("imgs/🐱café.jpg", 1),
            "image 'imgs/🐱café.jpg' is listed twice",
        )
        .with_related(train.to_path_buf(), t("imgs/🐱café.jpg", 0), "first listed here"),
    ];
    for name in ["imgs/c.jpg", "imgs/d.jpg"] {
        diagnostics.push(diagnostic(
            "image-not-found",
            "CL003",
            Severity::Warning,
            TRAIN,
            t(name, 0),
            &format!("image file not found: {name}"),
        ));
    }
    let mut stats = Stats::default();
    stats.concepts =
        vec![concept("cat", 4, Some(0)), concept("dog", 0, Some(1)), concept("dgo", 1, None)];
    stats.inputs = 5;
    stats.has_label_manifest = true;
    stats.exclusivity = Some(Exclusivity::Declared);
    let file = |path: &str, format, kind, inputs, concepts| FileSummary {
        path: PathBuf::from(path),
        format,
        kind,
        inputs,
        concepts,
    };
    CheckResult {
        datasets: vec![DatasetSummary {
            root: PathBuf::from("/proj/data"),
            config: Some(PathBuf::from("/proj/conceptlint.toml")),
            files: vec![
                file(LABELS, Format::LabelsTxt, FileKind::Labels, 0, 2),
                file(TRAIN, Format::GenericCsv, FileKind::Dataset, 5, 2),
            ],
            stats,
        }],
        diagnostics,
        sources: BTreeMap::from([
            (PathBuf::from(LABELS), LABELS_TEXT.to_string()),
            (PathBuf::from(TRAIN), TRAIN_TEXT.to_string()),
        ]),
    }
}

/// The same dataset without findings.
pub fn clean_result() -> CheckResult {
    CheckResult { diagnostics: Vec::new(), sources: BTreeMap::new(), ..result() }
}
