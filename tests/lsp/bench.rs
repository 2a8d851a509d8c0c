//! Big generated manifests for the tests that need one (progress, staleness): a dataset of `n`
//! inputs, and timed opening and editing through the harness. The latency benchmark itself is
//! `benches/run.sh` (it drives the release binary over stdio beside vscode-json-languageserver).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::harness::Client;

/// A JSON Lines manifest of `n` inputs over 10 concepts, its labels.txt, and a config that
/// ignores the image rules (no image files exist: the findings stay about the text).
pub fn big_dataset(dir: &Path, n: usize) {
    let mut jsonl = String::with_capacity(n * 56);
    for i in 0..n {
        jsonl.push_str(&format!(
            "{{\"file_name\": \"images/{i:07}.png\", \"label\": \"concept_{:02}\"}}\n",
            i % 10
        ));
    }
    std::fs::write(dir.join("metadata.jsonl"), jsonl).unwrap();
    let labels: String = (0..10).map(|k| format!("concept_{k:02}\n")).collect();
    std::fs::write(dir.join("labels.txt"), labels).unwrap();
    let config = "ignore = [\"image-not-found\", \"small-image\", \"unreadable-image\", \
                  \"path-outside-root\"]\n";
    std::fs::write(dir.join("conceptlint.toml"), config).unwrap();
}

/// Opens the manifest; the time until its first diagnostics.
pub async fn open_timed(client: &mut Client, dir: &Path) -> (String, Duration) {
    let started = Instant::now();
    let uri = client.open(&dir.join("metadata.jsonl"));
    client.current_diagnostics(&uri).await;
    let took = started.elapsed();
    client.ignore_diagnostics_of(&uri.replace("metadata.jsonl", "labels.txt"));
    client.ignore_diagnostics_of(&uri.replace("metadata.jsonl", "conceptlint.toml"));
    (uri, took)
}

/// Replaces the label of line `line` (0-based) with `label` (one `didChange`).
pub fn set_label(client: &mut Client, uri: &str, line: usize, label: &str) {
    let text = client.text(uri);
    let start = crate::fixtures::line_start(text, line);
    let at = start + text[start..].find("\"label\": \"").unwrap() + "\"label\": \"".len();
    let end = at + text[at..].find('"').unwrap();
    client.change(uri, &[(at, end, label)]);
}

/// [`set_label`]; the time from sending it until diagnostics of the new version arrive.
pub async fn edit_timed(client: &mut Client, uri: &str, line: usize, label: &str) -> Duration {
    set_label(client, uri, line, label);
    client.current_diagnostics(uri).await;
    client.last_change.elapsed()
}
