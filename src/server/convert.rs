//! The only place where LSP types meet engine types: positions, ranges, diagnostics, edits, URIs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, Location, NumberOrString, Position,
    PositionEncodingKind, Range, TextEdit, Uri, WorkspaceEdit,
};

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::Span;
use crate::text::{Encoding, LineCol, LineIndex};

/// The position encodings we speak, best first: negotiation picks the first the client offers.
pub const PREFERRED: &[Encoding] = &[Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

/// The best encoding both sides support; UTF-16 when the client says nothing (the spec default).
pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
    let offered = offered.unwrap_or(&[]);
    PREFERRED
        .iter()
        .copied()
        .find(|e| offered.contains(&encoding_kind(*e)))
        .unwrap_or(Encoding::Utf16)
}

pub fn encoding_kind(e: Encoding) -> PositionEncodingKind {
    match e {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// A text with its line index, for span <-> range conversion in one encoding.
pub struct Lines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl Lines<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let lc = self.index.line_col(self.text, offset, self.encoding);
        Position::new(lc.line as u32, lc.col as u32)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    pub fn offset(&self, pos: Position) -> usize {
        let lc = LineCol { line: pos.line as usize, col: pos.character as usize };
        self.index.offset(self.text, lc, self.encoding)
    }

    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }
}

pub fn uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

pub fn path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| crate::workspace::normalize(&p))
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// Text and line index of every file a conversion may point into.
pub trait Texts {
    fn lines(&self, path: &Path) -> Option<Lines<'_>>;
}

/// An engine finding as an LSP diagnostic; `data` carries the finding's index in its analysis so
/// that code actions find its fixes again.
pub fn diagnostic(d: &Diagnostic, index: usize, texts: &dyn Texts) -> Option<lsp::Diagnostic> {
    let lines = texts.lines(&d.file)?;
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let l = texts.lines(&r.file)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri(&r.file)?, l.range(r.span)),
                message: r.message.clone(),
            })
        })
        .collect();
    Some(lsp::Diagnostic {
        range: lines.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: None,
        source: Some("conceptlint".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({ "index": index, "code": d.code })),
    })
}

/// A fix as a workspace edit; `None` when a file it edits is unknown.
pub fn workspace_edit(fix: &Fix, texts: &dyn Texts) -> Option<WorkspaceEdit> {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for e in &fix.edits {
        let lines = texts.lines(&e.file)?;
        changes
            .entry(uri(&e.file)?)
            .or_default()
            .push(TextEdit::new(lines.range(e.span), e.replacement.clone()));
    }
    Some(WorkspaceEdit { changes: Some(changes), ..Default::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_prefers_utf8_and_defaults_to_utf16() {
        let offered = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(negotiate(Some(&offered)), Encoding::Utf8);
        assert_eq!(negotiate(Some(&[PositionEncodingKind::UTF16])), Encoding::Utf16);
        assert_eq!(negotiate(Some(&[PositionEncodingKind::UTF32])), Encoding::Utf32);
        assert_eq!(negotiate(None), Encoding::Utf16);
        assert_eq!(negotiate(Some(&[])), Encoding::Utf16);
    }

    #[test]
    fn spans_round_trip_on_emoji_combining_marks_and_crlf() {
        let text = "file_name,label\r\n😀e\u{301}.png,cat\r\nb.png,dog";
        let index = LineIndex::new(text);
        let cat = text.find("cat").unwrap();
        for (encoding, col) in [(Encoding::Utf8, 12), (Encoding::Utf16, 9), (Encoding::Utf32, 8)] {
            let lines = Lines { text, index: &index, encoding };
            let range = lines.range(Span::new(cat, cat + 3));
            assert_eq!(range.start, Position::new(1, col), "{encoding:?}");
            assert_eq!(lines.span(range), Span::new(cat, cat + 3));
        }
    }
}
