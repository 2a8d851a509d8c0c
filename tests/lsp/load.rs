//! The server under an edit storm: `LSP_LOAD_EDITS` (default 10,000) `didChange` notifications
//! of random ranged edits (labels, image paths, junk that breaks lines, lines added, removed and
//! joined) on a 3,000-line JSON Lines manifest, sent as fast as the server takes them, with
//! hovers and completions in between (not awaited). Every 5,000 edits a checkpoint waits for the
//! diagnostics of the current version and compares them, and hovers, with those of a fresh
//! server opening the same text. Asserted:
//! - every request is answered, exactly once (the harness fails on a second answer), with no
//!   error, and a hover that has a result is about the label it was sent on (never another text);
//! - published versions never decrease, and every publication's ranges are valid in the text of
//!   the version it names, its unknown concepts being undeclared labels of that text;
//! - superseded work is not done: while edits stream in, no more than a handful of analyses run
//!   (the debounce of 200 ms is never reached), one per checkpoint;
//! - the final diagnostics equal a fresh server's and `conceptlint check`'s on the final text.
//!
//! The numbers (edits/s, request latency p50/p95/max, analyses) are printed to stderr:
//! `cargo test --release --test lsp load -- --nocapture`.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::task::JoinHandle;

use crate::bench::{big_dataset, open_timed};
use crate::documents::Doc;
use crate::harness::{Client, Options, timeout};
use crate::storm::Storm;

const LINES: usize = 2_000;
const CHECKPOINT: usize = 5_000;
/// Every this many edits, the client waits for an answer (`conceptlint/status`) before going
/// on: the server keeps up, and the requests in between are not queued behind the whole storm.
const SYNC: usize = 100;
const DEBOUNCE_MS: u64 = 200;

fn edits() -> usize {
    std::env::var("LSP_LOAD_EDITS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

/// A request sent during the storm: its method, the label under its position, when it was sent
/// and its response.
type Answer = (&'static str, String, Duration, Value);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_storm_with_requests_in_between() {
    let dir = tempfile::TempDir::new().unwrap();
    big_dataset(dir.path(), LINES);
    let opts = Options {
        initialization_options: Some(json!({"debounceMs": DEBOUNCE_MS})),
        ..Options::default()
    };
    let mut client = Client::start(opts).await;
    let (uri, _) = open_timed(&mut client, dir.path()).await;
    let mut storm = Storm::new(client.text(&uri), 42);
    let first = client.docs[&uri].version;
    let mut version = first;
    let n = edits();
    let mut answers: Vec<JoinHandle<Answer>> = Vec::new();
    let mut syncs = Vec::new();
    let mut settled = Vec::new();
    let (mut storm_time, mut burst) = (Duration::ZERO, Instant::now());
    let mut before = status(&mut client).await;
    let mut during = 0;
    for k in 1..=n {
        version += 1;
        let mut changes = vec![storm.edit(version)];
        if k % 10 == 0 {
            changes.push(storm.edit(version));
        }
        let id = json!({"uri": uri, "version": version});
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": id, "contentChanges": changes}),
        );
        if k % 20 == 10 {
            answers.extend(ask(&mut client, &mut storm, &uri, "textDocument/hover"));
        }
        if k % 50 == 25 {
            answers.extend(ask(&mut client, &mut storm, &uri, "textDocument/completion"));
        }
        if k % SYNC == 0 {
            let t = Instant::now();
            status(&mut client).await;
            syncs.push(t.elapsed());
        }
        if k % CHECKPOINT == 0 || k == n {
            storm_time += burst.elapsed();
            let now = status(&mut client).await;
            during += count(&now, "analyses") - count(&before, "analyses");
            settled.push(checkpoint(&mut client, &uri, &storm, version).await);
            before = status(&mut client).await;
            burst = Instant::now();
        }
    }
    let after = status(&mut client).await;
    let mut latencies = Vec::new();
    let mut with_result = 0;
    for a in &mut answers {
        let (method, label, took, m) = a.await.unwrap();
        assert!(m.get("error").is_none(), "{method}: {m}");
        if !m["result"].is_null() {
            with_result += 1;
            if method == "textDocument/hover" {
                let md = m["result"]["contents"]["value"].as_str().unwrap();
                assert!(md.starts_with(&format!("**{label}**")), "hover on {label:?}: {md}");
            }
        }
        latencies.push(took);
    }
    check_publications(&mut client, &uri, &storm, first).await;
    let checkpoints = n.div_ceil(CHECKPOINT) as u64;
    eprintln!(
        "load: {n} edits on {LINES} lines in {:.2} s: {:.0} edits/s processed",
        storm_time.as_secs_f64(),
        n as f64 / storm_time.as_secs_f64()
    );
    summary(&format!("{} requests during the storm", answers.len()), latencies);
    eprintln!("load: {with_result} of them answered with a result, the others superseded");
    summary(&format!("status round trips behind {SYNC} edits"), syncs);
    summary(&format!("after a burst: its diagnostics (debounce {DEBOUNCE_MS} ms)"), settled);
    eprintln!("load: analyses during the storm: {during}; with {checkpoints} checkpoints: {after}");
    assert_eq!(count(&after, "changes"), n as u64);
    assert!(during <= 2 + n as u64 / 1000, "{during} analyses ran while edits streamed in");
    let analyses = count(&after, "analyses") - 1; // the one after opening
    assert!(analyses <= during + checkpoints * 2, "{analyses} analyses: {after}");
    // Every scheduled analysis either ran or was superseded.
    let (scheduled, superseded) = (count(&after, "scheduled"), count(&after, "superseded"));
    assert_eq!(scheduled, superseded + count(&after, "analyses"), "{after}");
    final_text_as_check_sees_it(&mut client, &uri, dir.path()).await;
    client.finish().await;
}

/// Sends `method` at a random label, not awaited: the task resolves to its answer.
fn ask(
    client: &mut Client,
    storm: &mut Storm,
    uri: &str,
    method: &'static str,
) -> Option<JoinHandle<Answer>> {
    let (line, a, b) = storm.some_label()?;
    let label = storm.lines[line][a..b].to_string();
    let params = json!({
        "textDocument": {"uri": uri},
        "position": {"line": line, "character": a + (b - a) / 2},
    });
    let (_, rx) = client.request_start(method, params);
    let sent = Instant::now();
    Some(tokio::spawn(async move {
        let m = tokio::time::timeout(timeout(), rx).await.expect("answered in time").unwrap();
        (method, label, sent.elapsed(), m)
    }))
}

async fn status(client: &mut Client) -> Value {
    client.request("conceptlint/status", Value::Null).await
}

fn count(status: &Value, name: &str) -> u64 {
    status[name].as_u64().unwrap_or_else(|| panic!("{name} in {status}"))
}

/// Waits for the current version's diagnostics (how long: returned); they, and hovers on three
/// labels, must be a fresh server's on the same text.
async fn checkpoint(client: &mut Client, uri: &str, storm: &Storm, version: i32) -> Duration {
    let text = storm.text();
    client.docs.insert(uri.to_string(), Doc { text: text.clone(), version });
    let waited = Instant::now();
    let diags = client.current_diagnostics(uri).await;
    let settled = waited.elapsed();
    let spots: Vec<Value> = (0..3)
        .filter_map(|k| {
            let line = (k * 997 + version as usize) % storm.lines.len();
            let (a, _) = storm.label_at(line)?;
            Some(json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": a}}))
        })
        .collect();
    let mut hovers = Vec::new();
    for p in &spots {
        hovers.push(client.request("textDocument/hover", p.clone()).await);
    }
    let mut fresh = Client::start(Options::default()).await;
    let path = crate::documents::uri_path(uri);
    fresh.open_text(&path, &text);
    fresh.ignore_diagnostics_of(&uri.replace("metadata.jsonl", "labels.txt"));
    fresh.ignore_diagnostics_of(&uri.replace("metadata.jsonl", "conceptlint.toml"));
    let fresh_diags = fresh.current_diagnostics(uri).await;
    assert_eq!(normalized(&diags), normalized(&fresh_diags), "version {version}");
    for (p, h) in spots.iter().zip(hovers) {
        assert_eq!(h, fresh.request("textDocument/hover", p.clone()).await, "hover {p}");
    }
    fresh.finish().await;
    settled
}

/// Diagnostics as a sorted list, without their index in the analysis.
fn normalized(diags: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d["data"]["index"] = Value::Null;
            d.to_string()
        })
        .collect();
    v.sort();
    v
}

/// Every publication for the manifest: versions never decrease; ranges valid in the text of
/// the version named; unknown concepts are labels of that text outside the ten declared.
async fn check_publications(client: &mut Client, uri: &str, storm: &Storm, first: i32) {
    client.collect_for(Duration::from_millis(DEBOUNCE_MS + 300)).await;
    let mut last = first;
    let publications: Vec<Value> =
        client.published.iter().filter(|p| p["uri"] == uri).cloned().collect();
    for p in &publications {
        let v = p["version"].as_i64().expect("a versioned publication") as i32;
        assert!(v >= last, "version {v} published after version {last}");
        last = v;
        let text = storm.text_at(v);
        let lines = Lines::new(&text);
        for d in p["diagnostics"].as_array().unwrap() {
            let s = lines.slice(&d["range"]);
            if d["code"] == "unknown-concept" {
                let declared = (0..10).any(|k| s == format!("concept_{k:02}"));
                assert!(!declared, "{s:?} is declared");
            }
        }
    }
    let versions: std::collections::BTreeSet<_> =
        publications.iter().map(|p| p["version"].to_string()).collect();
    eprintln!(
        "load: {} publications for the manifest, {} versions",
        publications.len(),
        versions.len()
    );
}

/// `conceptlint check` on the final text (written to disk) finds what the server published.
async fn final_text_as_check_sees_it(client: &mut Client, uri: &str, dir: &std::path::Path) {
    let text = client.text(uri).to_string();
    let lines = Lines::new(&text);
    let server: std::collections::BTreeSet<(String, usize, usize)> = client
        .last_diagnostics(uri)
        .iter()
        .map(|d| {
            let (a, b) = (lines.offset(&d["range"]["start"]), lines.offset(&d["range"]["end"]));
            (d["code"].as_str().unwrap().to_string(), a, b)
        })
        .collect();
    let manifest = dir.join("metadata.jsonl");
    std::fs::write(&manifest, &text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_conceptlint"))
        .args(["check", "--format", "json", "--exit-zero"])
        .arg(&manifest)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let check: std::collections::BTreeSet<(String, usize, usize)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().is_some_and(|f| f.ends_with("metadata.jsonl")))
        .map(|d| {
            let span = &d["span"];
            let (a, b) = (span["start"].as_u64().unwrap(), span["end"].as_u64().unwrap());
            (d["rule"].as_str().unwrap().to_string(), a as usize, b as usize)
        })
        .collect();
    assert_eq!(server, check, "the server's final findings are check's");
    assert!(!server.is_empty(), "the storm leaves findings behind");
}

/// Positions in an ASCII text (a column is a byte offset in every encoding), line starts
/// found once: `positions::offset` scans the whole text for each position.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        assert!(text.is_ascii());
        let breaks = text.match_indices('\n').map(|(i, _)| i + 1);
        Lines { text, starts: std::iter::once(0).chain(breaks).collect() }
    }

    /// The byte offset of a position; panics on one past the end of its line.
    fn offset(&self, pos: &Value) -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let col = pos["character"].as_u64().unwrap() as usize;
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.text.len(), |next| next - 1);
        assert!(start + col <= end, "{pos} past the end of its line");
        start + col
    }

    fn slice(&self, range: &Value) -> &'t str {
        let (a, b) = (self.offset(&range["start"]), self.offset(&range["end"]));
        assert!(a <= b, "{range}");
        &self.text[a..b]
    }
}

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: usize| times[(times.len() * q / 100).min(times.len() - 1)];
    eprintln!(
        "load: {name}: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        ms(at(50)),
        ms(at(95)),
        ms(*times.last().unwrap())
    );
}

/// A pull client (VS Code's kind) pulls after every edit and cancels its previous pull, or
/// does not: pulls wait for the debounced analysis, so a burst of 300 edits costs a few
/// analyses, not one per pull; every pull is answered once: RequestCancelled (-32800) when the
/// client cancelled it, ServerCancelled (-32802, retrigger) when an edit superseded it, and the
/// last one with the findings of the final text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_client_pulling_after_every_edit() {
    let dir = tempfile::TempDir::new().unwrap();
    big_dataset(dir.path(), LINES);
    let mut client = Client::start(Options { pull: true, ..Default::default() }).await;
    let uri = client.open(&dir.path().join("metadata.jsonl"));
    let pull = json!({"textDocument": {"uri": uri}});
    assert_eq!(client.request("textDocument/diagnostic", pull.clone()).await["kind"], "full");
    let before = status(&mut client).await;
    let mut storm = Storm::new(client.text(&uri), 7);
    let mut version = client.docs[&uri].version;
    let mut previous: Option<(i64, tokio::sync::oneshot::Receiver<Value>)> = None;
    let started = Instant::now();
    let (mut by_client, mut by_server) = (0, 0);
    for k in 0..300 {
        version += 1;
        let change = storm.edit(version);
        let id = json!({"uri": uri, "version": version});
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": id, "contentChanges": [change]}),
        );
        if let Some((id, rx)) = previous.take() {
            if k % 2 == 0 {
                client.notify("$/cancelRequest", json!({"id": id}));
            }
            let m: Value = tokio::time::timeout(timeout(), rx).await.unwrap().unwrap();
            match m["error"]["code"].as_i64() {
                Some(-32800) => by_client += 1,
                Some(-32802) => {
                    assert_eq!(m["error"]["data"]["retriggerRequest"], true, "{m}");
                    by_server += 1;
                }
                _ => panic!("pull {id} for an outdated version: {m}"),
            }
        }
        previous = Some(client.request_start("textDocument/diagnostic", pull.clone()));
    }
    let (_, rx) = previous.unwrap();
    let last: Value = tokio::time::timeout(timeout(), rx).await.unwrap().unwrap();
    let took = started.elapsed();
    let after = status(&mut client).await;
    let analyses = count(&after, "analyses") - count(&before, "analyses");
    eprintln!(
        "load: pull client, 300 edits in {took:?}: {analyses} analyses; pulls cancelled by the \
         client {by_client}, by the server {by_server}"
    );
    assert_eq!(by_client + by_server, 299);
    assert!(analyses <= 5, "{analyses} analyses for 300 edits: {after}");
    // The last pull: the final text's findings, as a fresh server finds them.
    let items = last["result"]["items"].as_array().unwrap_or_else(|| panic!("{last}")).clone();
    let mut fresh = Client::start(Options { pull: true, ..Default::default() }).await;
    let path = crate::documents::uri_path(&uri);
    fresh.open_text(&path, &storm.text());
    let again = fresh.request("textDocument/diagnostic", pull.clone()).await;
    assert_eq!(normalized(&items), normalized(again["items"].as_array().unwrap()));
    assert!(!items.is_empty());
    fresh.finish().await;
    client.finish().await;
}
