//! The client's documents: opening, editing (ranged changes in the negotiated encoding), and
//! applying the server's workspace edits the way an editor does.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::harness::Client;
use crate::positions;

/// An open document as the client sees it.
pub struct Doc {
    pub text: String,
    pub version: i32,
}

pub fn file_uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_str().expect("UTF-8 path").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

fn language_id(uri: &str) -> &'static str {
    match uri.rsplit('.').next() {
        Some("csv") => "csv",
        Some("tsv") => "tsv",
        Some("jsonl") => "jsonl",
        Some("json") => "json",
        Some("toml") => "toml",
        _ => "plaintext",
    }
}

pub fn uri_path(uri: &str) -> PathBuf {
    let rest = uri.strip_prefix("file://").expect("a file URI");
    let bytes = rest.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    PathBuf::from(String::from_utf8(out).unwrap())
}

impl Client {
    pub fn open(&mut self, path: &Path) -> String {
        let text = std::fs::read_to_string(path).expect("readable file");
        self.open_text(path, &text)
    }

    pub fn open_text(&mut self, path: &Path, text: &str) -> String {
        let uri = file_uri(path);
        let doc = json!({"uri": uri, "languageId": language_id(&uri), "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": doc}));
        self.docs.insert(uri.clone(), Doc { text: text.to_string(), version: 1 });
        uri
    }

    pub fn close(&mut self, uri: &str) {
        self.docs.remove(uri);
        self.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    }

    pub fn text(&self, uri: &str) -> &str {
        &self.docs[uri].text
    }

    /// One `didChange` with ranged changes given in bytes, each relative to the text after the
    /// changes before it.
    pub fn change(&mut self, uri: &str, changes: &[(usize, usize, &str)]) {
        let enc = self.enc;
        let doc = self.docs.get_mut(uri).expect("an open document");
        let mut events = Vec::new();
        for &(a, b, new) in changes {
            events.push(json!({"range": positions::range(&doc.text, a, b, enc), "text": new}));
            doc.text.replace_range(a..b, new);
        }
        doc.version += 1;
        let id = json!({"uri": uri, "version": doc.version});
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": id, "contentChanges": events}),
        );
        self.last_change = std::time::Instant::now();
    }

    /// Replaces the first occurrence of `old` after byte `from`.
    pub fn replace(&mut self, uri: &str, from: usize, old: &str, new: &str) {
        let at = from + self.text(uri)[from..].find(old).unwrap_or_else(|| panic!("{old:?}"));
        self.change(uri, &[(at, at + old.len(), new)]);
    }

    /// Applies LSP text edits made for the current text, sent as ranged changes from the last
    /// to the first (each stays valid), as editors do.
    pub fn apply_text_edits(&mut self, uri: &str, edits: &[Value]) {
        let text = self.text(uri).to_string();
        let enc = self.enc;
        let mut spans: Vec<(usize, usize, String)> = edits
            .iter()
            .map(|e| {
                let a = positions::offset(&text, &e["range"]["start"], enc);
                let b = positions::offset(&text, &e["range"]["end"], enc);
                (a, b, e["newText"].as_str().expect("newText").to_string())
            })
            .collect();
        spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
        let expected = positions::apply_edits(&text, edits, enc);
        let changes: Vec<(usize, usize, &str)> =
            spans.iter().map(|(a, b, t)| (*a, *b, t.as_str())).collect();
        self.change(uri, &changes);
        assert_eq!(self.text(uri), expected);
    }

    /// Applies a workspace edit like an editor: files that are not open are opened first;
    /// `CreateFile` creates the file on disk and reports it as a watched-file change.
    pub fn apply_workspace_edit(&mut self, edit: &Value) -> Vec<String> {
        let mut touched = Vec::new();
        let mut edits: Vec<(String, Vec<Value>)> = Vec::new();
        if let Some(changes) = edit["changes"].as_object() {
            edits.extend(changes.iter().map(|(u, e)| (u.clone(), e.as_array().unwrap().clone())));
        }
        for op in edit["documentChanges"].as_array().into_iter().flatten() {
            if op["kind"] == "create" {
                let path = uri_path(op["uri"].as_str().unwrap());
                let exists = path.exists();
                assert!(!exists || op["options"]["ignoreIfExists"] == true, "{op}");
                if !exists {
                    std::fs::write(&path, "").unwrap();
                    let change = json!({"uri": op["uri"], "type": 1});
                    self.notify("workspace/didChangeWatchedFiles", json!({"changes": [change]}));
                }
            } else if let Some(doc) = op.get("textDocument") {
                let uri = doc["uri"].as_str().unwrap().to_string();
                if let (Some(v), Some(d)) = (doc["version"].as_i64(), self.docs.get(&uri)) {
                    assert_eq!(v, i64::from(d.version), "edit for another version of {uri}");
                }
                edits.push((uri, op["edits"].as_array().unwrap().clone()));
            } else {
                panic!("unsupported document change {op}");
            }
        }
        for (uri, e) in edits {
            if !self.docs.contains_key(&uri) {
                self.open(&uri_path(&uri));
            }
            self.apply_text_edits(&uri, &e);
            touched.push(uri);
        }
        touched
    }
}
