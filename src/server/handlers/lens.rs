//! Code lens on the concepts of a label manifest: "57 inputs · ROC AUC 0.93".

use tower_lsp_server::ls_types::*;

use crate::server::Backend;
use crate::server::convert::{self, Texts};

pub fn code_lens(backend: &Backend, params: CodeLensParams) -> Option<Vec<CodeLens>> {
    let path = convert::path(&params.text_document.uri)?;
    let snapshot = backend.state.snapshot(&path)?;
    let (_, file) = snapshot.file(&path)?;
    let lines = snapshot.lines(&path)?;
    let stats = &snapshot.analysis.stats;
    let eval = stats.eval.as_deref();
    let lenses = file
        .concepts
        .iter()
        .map(|c| {
            let n = stats.get(&c.name).map_or(0, |s| s.positives);
            let mut title = format!("{n} input{}", if n == 1 { "" } else { "s" });
            if let Some(m) = eval.and_then(|e| e.concept(&c.name)) {
                match m.roc_auc {
                    Some(auc) => title.push_str(&format!(" · ROC AUC {auc:.3}")),
                    None => title.push_str(" · ROC AUC undefined"),
                }
            }
            CodeLens {
                range: lines.range(c.span),
                command: Some(Command { title, command: String::new(), arguments: None }),
                data: None,
            }
        })
        .collect();
    Some(lenses)
}
