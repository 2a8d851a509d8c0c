//! The client's side of an edit storm on a JSON Lines manifest: the text as lines (ASCII, so
//! a column is a byte offset in both encodings and no edit needs the whole text scanned), random
//! edits as the LSP changes that make them, and a log to rebuild the text of any version.

use serde_json::{Value, json};

use crate::edits::Rng;

/// Labels the storm writes: the ten declared concepts, and some that are not.
const LABELS: &[&str] = &[
    "concept_00",
    "concept_01",
    "concept_02",
    "concept_03",
    "concept_04",
    "concept_05",
    "concept_06",
    "concept_07",
    "concept_08",
    "concept_09",
    "zz_new",
    "Concept_01",
    "",
];

/// Bytes a random in-line edit writes (most break the line's JSON).
const JUNK: &[&str] = &["", "x", ",", "\"", "{", "}", ":", "7", " "];

/// One edit of the lines.
#[derive(Clone, Debug)]
pub enum Op {
    /// Bytes `a..b` of line `line` become `text` (no line break in it).
    Replace { line: usize, a: usize, b: usize, text: String },
    /// A new line before line `at`.
    Insert { at: usize, text: String },
    /// Line `at` goes, with its line break.
    Delete { at: usize },
    /// From byte `a` of line `line` to byte `b` of the next line: two lines become one.
    Join { line: usize, a: usize, b: usize },
}

pub struct Storm {
    pub lines: Vec<String>,
    initial: Vec<String>,
    /// Every op with the version it made.
    pub log: Vec<(i32, Op)>,
    rng: Rng,
    /// How many lines to keep around.
    target: usize,
}

pub fn valid_line(image: usize, label: &str) -> String {
    format!("{{\"file_name\": \"images/{image:07}.png\", \"label\": \"{label}\"}}")
}

impl Storm {
    /// The lines of `text` (which ends with a line break).
    pub fn new(text: &str, seed: u64) -> Storm {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let target = lines.len();
        Storm { initial: lines.clone(), lines, log: Vec::new(), rng: Rng::new(seed), target }
    }

    pub fn text(&self) -> String {
        join(&self.lines)
    }

    /// The text of version `version` (the text `new` was given counts as version `first`).
    pub fn text_at(&self, version: i32) -> String {
        let mut lines = self.initial.clone();
        for (_, op) in self.log.iter().take_while(|(v, _)| *v <= version) {
            apply(&mut lines, op);
        }
        join(&lines)
    }

    /// Where the label value of line `line` starts and ends, when the line has one.
    pub fn label_at(&self, line: usize) -> Option<(usize, usize)> {
        let l = &self.lines[line];
        let start = l.find("\"label\": \"")? + "\"label\": \"".len();
        let end = start + l[start..].find('"')?;
        Some((start, end))
    }

    /// A random line that has a label, and its label's span.
    pub fn some_label(&mut self) -> Option<(usize, usize, usize)> {
        for _ in 0..20 {
            let line = self.rng.below(self.lines.len());
            if let Some((a, b)) = self.label_at(line) {
                return Some((line, a, b));
            }
        }
        None
    }

    /// A random edit: applied to the lines, logged under `version`, returned as its LSP change.
    pub fn edit(&mut self, version: i32) -> Value {
        let op = self.random_op();
        let change = change(&op);
        apply(&mut self.lines, &op);
        self.log.push((version, op));
        change
    }

    fn random_op(&mut self) -> Op {
        let n = self.lines.len();
        let line = self.rng.below(n);
        let len = self.lines[line].len();
        let roll = self.rng.below(100);
        match roll {
            0..=44 => {
                if let Some((a, b)) = self.label_at(line) {
                    let text = LABELS[self.rng.below(LABELS.len())].to_string();
                    return Op::Replace { line, a, b, text };
                }
                self.repair(line)
            }
            45..=59 => match self.lines[line].find("images/") {
                // One digit of the image's number: duplicates come and go.
                Some(p) if len >= p + 14 => {
                    let a = p + 7 + self.rng.below(7);
                    let digit = (b'0' + self.rng.below(10) as u8) as char;
                    Op::Replace { line, a, b: a + 1, text: digit.to_string() }
                }
                _ => self.repair(line),
            },
            60..=69 => {
                let a = self.rng.below(len + 1);
                let b = (a + self.rng.below(4)).min(len);
                let text = JUNK[self.rng.below(JUNK.len())].to_string();
                Op::Replace { line, a, b, text }
            }
            70..=74 => self.repair(line),
            75..=86 if n < self.target * 3 / 2 => {
                let text = valid_line(self.rng.below(self.target * 2), self.label());
                Op::Insert { at: self.rng.below(n + 1), text }
            }
            87..=97 if n > self.target / 2 => Op::Delete { at: line },
            _ if line + 1 < n => {
                let a = self.rng.below(len + 1);
                let b = self.rng.below(self.lines[line + 1].len() + 1);
                Op::Join { line, a, b }
            }
            _ => self.repair(line),
        }
    }

    fn label(&mut self) -> &'static str {
        LABELS[self.rng.below(LABELS.len())]
    }

    /// Line `line` replaced by a valid one.
    fn repair(&mut self, line: usize) -> Op {
        let text = valid_line(self.rng.below(self.target * 2), self.label());
        Op::Replace { line, a: 0, b: self.lines[line].len(), text }
    }
}

fn join(lines: &[String]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

fn pos(line: usize, col: usize) -> Value {
    json!({"line": line, "character": col})
}

/// The LSP change (`TextDocumentContentChangeEvent`) that makes `op`.
fn change(op: &Op) -> Value {
    let (start, end, text) = match op {
        Op::Replace { line, a, b, text } => (pos(*line, *a), pos(*line, *b), text.clone()),
        Op::Insert { at, text } => (pos(*at, 0), pos(*at, 0), format!("{text}\n")),
        Op::Delete { at } => (pos(*at, 0), pos(at + 1, 0), String::new()),
        Op::Join { line, a, b } => (pos(*line, *a), pos(line + 1, *b), String::new()),
    };
    json!({"range": {"start": start, "end": end}, "text": text})
}

pub fn apply(lines: &mut Vec<String>, op: &Op) {
    match op {
        Op::Replace { line, a, b, text } => lines[*line].replace_range(*a..*b, text),
        Op::Insert { at, text } => lines.insert(*at, text.clone()),
        Op::Delete { at } => {
            lines.remove(*at);
        }
        Op::Join { line, a, b } => {
            let next = lines.remove(line + 1);
            let l = &mut lines[*line];
            l.truncate(*a);
            l.push_str(&next[*b..]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::positions::{Enc, apply_edits};

    /// The LSP changes, applied by the client's own position code, give the storm's text.
    #[test]
    fn changes_make_the_same_text_as_the_ops() {
        let text: String = (0..30).map(|i| valid_line(i, "concept_01") + "\n").collect();
        let mut storm = Storm::new(&text, 5);
        let mut client_text = text.clone();
        for v in 2..2000 {
            let c = storm.edit(v);
            let edit = json!({"range": c["range"], "newText": c["text"]});
            client_text = apply_edits(&client_text, &[edit], Enc::Utf16);
            assert_eq!(client_text, storm.text(), "version {v}");
        }
        assert_eq!(storm.text_at(1000), {
            let mut s = Storm::new(&text, 5);
            for v in 2..=1000 {
                s.edit(v);
            }
            s.text()
        });
    }
}
