//! Latency of the server on big manifests, through the same harness (real framing, in
//! process). Ignored in the normal run; `benches/lsp_latency.sh` runs it in release mode:
//!
//! ```sh
//! cargo test --release --test lsp bench -- --ignored --nocapture --test-threads 1
//! ```
//!
//! `LSP_BENCH_LINES` (default 100000) sizes the edited manifest, `LSP_BENCH_OPEN_LINES`
//! (default 1000000) the one only opened; 0 skips that part.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::edits::Rng;
use crate::harness::{Client, Options, rules};
use crate::positions::position;

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

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    let p90 = times[(times.len() * 9 / 10).min(times.len() - 1)];
    println!(
        "{name:<44} n={:<3} median {:8.1} ms   p90 {:8.1} ms   max {:8.1} ms",
        times.len(),
        ms(median),
        ms(p90),
        ms(*times.last().unwrap())
    );
}

fn env_lines(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run in release mode by benches/lsp_latency.sh"]
async fn bench_lsp_latency() {
    let n = env_lines("LSP_BENCH_LINES", 100_000);
    if n > 0 {
        let dir = tempfile::TempDir::new().unwrap();
        big_dataset(dir.path(), n);
        let opts = Options {
            initialization_options: Some(json!({"debounceMs": 0})),
            ..Default::default()
        };
        let mut client = Client::start(opts).await;
        let (uri, opened) = open_timed(&mut client, dir.path()).await;
        println!(
            "{n} lines: first diagnostics after opening   {:8.1} ms",
            opened.as_secs_f64() * 1000.0
        );
        // Let image probing (every file missing) finish before measuring edits.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let mut rng = Rng::new(3);
        let mut edits = Vec::new();
        for k in 0..30 {
            let line = rng.below(n);
            // Alternately an unknown concept and a known one: every result differs.
            let label = if k % 2 == 0 { "concept_xx" } else { "concept_03" };
            edits.push(edit_timed(&mut client, &uri, line, label).await);
        }
        let found = rules(&client.last_diagnostics(&uri).into());
        assert!(found.iter().all(|r| r == "unknown-concept"), "{found:?}");
        summary(&format!("{n} lines: edit -> fresh diagnostics (no debounce)"), edits);
        let mut hovers = Vec::new();
        let mut concept_hovers = Vec::new();
        for _ in 0..30 {
            let line = 1 + rng.below(n - 1);
            let text = client.text(&uri).to_string();
            let start = crate::fixtures::line_start(&text, line);
            for (needle, times) in [("concept_", &mut concept_hovers), ("images/", &mut hovers)] {
                let at = start + text[start..].find(needle).unwrap() + 2;
                let pos = position(&text, at, client.enc);
                let params = json!({"textDocument": {"uri": uri}, "position": pos});
                let started = Instant::now();
                let h = client.request("textDocument/hover", params).await;
                times.push(started.elapsed());
                assert!(h["contents"]["value"].is_string(), "{h}");
            }
        }
        summary(&format!("{n} lines: hover on an image path"), hovers);
        summary(&format!("{n} lines: hover on a label (concept)"), concept_hovers);
        client.finish().await;
    }
    let n = env_lines("LSP_BENCH_OPEN_LINES", 1_000_000);
    if n > 0 {
        let dir = tempfile::TempDir::new().unwrap();
        big_dataset(dir.path(), n);
        let mut client = Client::start(Options::default()).await;
        let (_uri, opened) = open_timed(&mut client, dir.path()).await;
        println!(
            "{n} lines: first diagnostics after opening  {:8.1} ms",
            opened.as_secs_f64() * 1000.0
        );
        client.finish().await;
    }
}
