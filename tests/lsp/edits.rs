//! Randomized edit sequences (seeded xorshift) in both encodings: insertions and deletions
//! anywhere, with newlines, CRLF, emoji and combining marks, several changes per notification.
//! Afterwards the server's view must equal the client's text, checked two ways:
//! - labels.txt: its document symbols (every concept's line and columns) against a reading of
//!   the client's text done here;
//! - metadata.csv (re-read incrementally by the server): diagnostics and symbols against those
//!   of the same text opened afresh.

use serde_json::{Value, json};

use crate::fixtures::dataset;
use crate::harness::{Client, Options};
use crate::positions::{Enc, position, slice};

/// xorshift64: small, seeded, reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Offsets a client can address: char boundaries, except between the CR and LF of a CRLF.
fn boundaries(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .filter(|&i| !(i > 0 && b[i - 1] == b'\r' && b.get(i) == Some(&b'\n')))
        .collect()
}

/// One random change of `text`: `(start, end, new text)`.
fn random_change(rng: &mut Rng, text: &str, tokens: &[&str]) -> (usize, usize, String) {
    let at = boundaries(text);
    let i = rng.below(at.len());
    let kind = if text.len() > 4000 { 7 } else { rng.below(10) };
    let len = match kind {
        0..=5 => 0,
        6..=8 => 1 + rng.below(4),
        _ => 1 + rng.below(30),
    };
    let end = at[(i + len).min(at.len() - 1)];
    let deletion = (6..=8).contains(&kind);
    let count = if deletion { 0 } else { 1 + rng.below(3) };
    let inserted: String = (0..count).map(|_| tokens[rng.below(tokens.len())]).collect();
    (at[i], end, inserted)
}

/// Sends `n` notifications of 1 to 3 random changes each.
fn random_edits(client: &mut Client, uri: &str, rng: &mut Rng, n: usize, tokens: &[&str]) {
    for _ in 0..n {
        let mut text = client.text(uri).to_string();
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let (a, b, new) = random_change(rng, &text, tokens);
            text.replace_range(a..b, &new);
            changes.push((a, b, new));
        }
        let changes: Vec<(usize, usize, &str)> =
            changes.iter().map(|(a, b, t)| (*a, *b, t.as_str())).collect();
        client.change(uri, &changes);
    }
}

/// The symbols labels.txt must have, read here from the client's text: one concept a line
/// (trimmed; blank and `#` lines skipped; repeated names declared once).
fn expected_label_symbols(text: &str, enc: Enc) -> Vec<Value> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut start = 0;
    for line in text.split('\n') {
        let content = line.strip_suffix('\r').unwrap_or(line);
        let name = content.trim();
        let name_start = start + (content.len() - content.trim_start().len());
        if !name.is_empty() && !name.starts_with('#') && seen.insert(name) {
            out.push(json!({
                "name": name,
                "range": {"start": position(text, start, enc), "end": position(text, start + content.len(), enc)},
                "selectionRange": {
                    "start": position(text, name_start, enc),
                    "end": position(text, name_start + name.len(), enc),
                },
            }));
        }
        start += line.len() + 1;
    }
    out
}

/// Waits for the current version's diagnostics; every range must be one a client can use.
async fn checked_diagnostics(client: &mut Client, uri: &str) -> Vec<Value> {
    let diags = client.current_diagnostics(uri).await;
    for d in &diags {
        slice(client.text(uri), &d["range"], client.enc); // panics on an impossible range
    }
    diags
}

async fn symbols(client: &mut Client, uri: &str) -> Vec<Value> {
    let r =
        client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}})).await;
    r.as_array().cloned().unwrap_or_default()
}

const LABEL_TOKENS: &[&str] =
    &["cat", "dog", "b", "\n", "\r\n", "\n", "😀", "e\u{301}", " ", "\t", "#", "ü", "🐶", "x"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edits_of_a_label_manifest() {
    for (seed, opts) in [(7, Options::default()), (8, Options::utf16())] {
        let dir = dataset(&["cat", "dog"], 3, "");
        std::fs::write(dir.path().join("labels.txt"), "cat\r\ndog\n  bird 😀\n").unwrap();
        let mut client = Client::start(opts).await;
        let uri = client.open(&dir.path().join("labels.txt"));
        client.ignore_diagnostics_of(&uri.replace("labels.txt", "metadata.csv"));
        let mut rng = Rng::new(seed);
        for round in 0..10 {
            random_edits(&mut client, &uri, &mut rng, 15, LABEL_TOKENS);
            checked_diagnostics(&mut client, &uri).await;
            let got: Vec<Value> = symbols(&mut client, &uri)
                .await
                .into_iter()
                .map(|s| json!({"name": s["name"], "range": s["range"], "selectionRange": s["selectionRange"]}))
                .collect();
            let text = client.text(&uri).to_string();
            let want = expected_label_symbols(&text, client.enc);
            assert_eq!(got, want, "seed {seed}, round {round}, {:?}, text {text:?}", client.enc);
        }
        client.finish().await;
    }
}

const CSV_TOKENS: &[&str] = &[
    "cat", "dog", "images/", ".png", ",", ",", "\n", "\r\n", "😀", "e\u{301}", " ", ";", "ü", "🐶",
    "\"",
];

/// Image rules ignored: the findings depend on the text alone, so the first publication of a
/// version is final.
const TEXT_ONLY: &str = "ignore = [\"image-not-found\", \"small-image\", \"unreadable-image\", \
                         \"path-outside-root\"]\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edits_of_a_manifest_read_incrementally() {
    for (seed, opts) in [(11, Options::default()), (12, Options::utf16())] {
        let dir = dataset(&["cat", "dog"], 20, "images/😀e\u{301}.png,cat\r\n");
        std::fs::write(dir.path().join("conceptlint.toml"), TEXT_ONLY).unwrap();
        let path = dir.path().join("metadata.csv");
        let mut client = Client::start(opts).await;
        let uri = client.open(&path);
        client.ignore_diagnostics_of(&uri.replace("metadata.csv", "labels.txt"));
        client.ignore_diagnostics_of(&uri.replace("metadata.csv", "conceptlint.toml"));
        checked_diagnostics(&mut client, &uri).await;
        let mut rng = Rng::new(seed);
        for round in 0..8 {
            // Mostly edits inside data rows (re-read incrementally), some in the header.
            random_edits(&mut client, &uri, &mut rng, 12, CSV_TOKENS);
            let edited = checked_diagnostics(&mut client, &uri).await;
            let edited_symbols = symbols(&mut client, &uri).await;
            let text = client.text(&uri).to_string();
            client.close(&uri);
            client.diagnostics(&uri, |p| p["diagnostics"] == json!([])).await;
            client.open_text(&path, &text);
            let fresh = checked_diagnostics(&mut client, &uri).await;
            let context = format!("seed {seed}, round {round}, {:?}, text {text:?}", client.enc);
            assert_eq!(edited, fresh, "{context}");
            assert_eq!(edited_symbols, symbols(&mut client, &uri).await, "{context}");
        }
        client.finish().await;
    }
}
