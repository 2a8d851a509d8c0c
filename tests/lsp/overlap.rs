//! Overlapping requests, edits and cancellations: every request gets exactly one response
//! (the harness fails on a second one), soon; a request whose document changes while it waits
//! is answered at once with nothing (its position is about a text that is gone), never from
//! the new text; `$/cancelRequest` answers RequestCancelled (-32800) or lets the result through.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::oneshot;

use crate::fixtures::{dataset, line_start};
use crate::harness::{Client, Options};
use crate::positions::position;

/// `{textDocument, position}` at `needle` on 1-based line `line`, `offset` bytes in.
pub fn at(client: &Client, uri: &str, line: usize, needle: &str, offset: usize) -> Value {
    let text = client.text(uri);
    let start = line_start(text, line - 1);
    let pos = position(text, start + text[start..].find(needle).unwrap() + offset, client.enc);
    json!({"textDocument": {"uri": uri}, "position": pos})
}

/// The response of a request started with `request_start`, and how long after `since`.
pub async fn response(rx: oneshot::Receiver<Value>, since: Instant) -> (Value, Duration) {
    let m = tokio::time::timeout(crate::harness::timeout(), rx)
        .await
        .expect("a response in time")
        .expect("the connection stays open");
    (m, since.elapsed())
}

/// A dataset of cats and dogs opened with a long debounce; its first diagnostics consumed.
async fn open_slow(debounce_ms: u64) -> (Client, String, tempfile::TempDir) {
    let dir = dataset(&["cat", "dog"], 50, "");
    let opts = Options {
        initialization_options: Some(json!({"debounceMs": debounce_ms})),
        ..Options::default()
    };
    let mut client = Client::start(opts).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    client.ignore_diagnostics_of(&uri.replace("metadata.csv", "labels.txt"));
    client.diagnostics_eq(&uri, &[]).await;
    (client, uri, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_superseded_by_an_edit_answers_at_once_with_nothing() {
    let (mut client, uri, _dir) = open_slow(1500).await;
    // Version 2: `cat0` gets the label `dog`; a hover on it waits for that version's analysis.
    client.replace(&uri, 0, "cat0.png,cat", "cat0.png,dog");
    let (_, hover) = client.request_start("textDocument/hover", at(&client, &uri, 2, ",dog", 2));
    // Version 3 before the analysis: the hovered line now says `cat` again.
    tokio::time::sleep(Duration::from_millis(100)).await;
    client.replace(&uri, 0, "cat0.png,dog", "cat0.png,cat");
    let edited = Instant::now();
    let (h, took) = response(hover, edited).await;
    assert_eq!(h["result"], Value::Null, "not answered from another text than the client's: {h}");
    assert!(took < Duration::from_millis(1000), "answered {took:?} after the edit, not at once");
    // A request about the current text still waits for its analysis and is answered.
    let (_, hover) = client.request_start("textDocument/hover", at(&client, &uri, 2, ",cat", 2));
    let (h, took) = response(hover, edited).await;
    assert!(took >= Duration::from_millis(1400), "waited for the analysis ({took:?})");
    let md = h["result"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.starts_with("**cat**"), "{h}");
    client.diagnostics_eq(&uri, &[]).await;
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_requests_get_one_answer_each() {
    let (mut client, uri, _dir) = open_slow(1500).await;
    // Requests waiting for the analysis of version 2, more than tower-lsp-server runs at once
    // by default (4): the cancellations and the next edit must not queue behind them.
    client.replace(&uri, 0, "cat0.png,cat", "cat0.png,dog");
    let kinds = [
        ("textDocument/hover", at(&client, &uri, 2, ",dog", 2)),
        ("textDocument/completion", at(&client, &uri, 2, ",dog", 2)),
        ("textDocument/definition", at(&client, &uri, 2, ",dog", 2)),
        ("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}})),
        (
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 5, "character": 0}}}),
        ),
        ("textDocument/references", {
            let mut p = at(&client, &uri, 2, ",dog", 2);
            p["context"] = json!({"includeDeclaration": true});
            p
        }),
    ];
    let started = Instant::now();
    let mut pending = Vec::new();
    for round in 0..4 {
        for (method, params) in &kinds {
            let (id, rx) = client.request_start(method, params.clone());
            pending.push((id, *method, round, rx));
        }
    }
    // Cancel half of them (and ids that are not pending: ignored).
    for (id, _, round, _) in &pending {
        if round % 2 == 0 {
            client.notify("$/cancelRequest", json!({"id": id}));
        }
    }
    client.notify("$/cancelRequest", json!({"id": 999_999}));
    let mut cancelled = 0;
    let mut kept = Vec::new();
    for (id, method, round, rx) in pending {
        if round % 2 == 0 {
            let (m, took) = response(rx, started).await;
            assert_eq!(m["error"]["code"], -32800, "{method} #{id}: {m}");
            assert!(took < Duration::from_millis(1000), "{method} cancelled after {took:?}");
            cancelled += 1;
        } else {
            kept.push((method, rx));
        }
    }
    assert_eq!(cancelled, 12);
    // The others are answered (after the analysis) with results about version 2.
    for (method, rx) in kept {
        let (m, _) = response(rx, started).await;
        assert!(m.get("error").is_none(), "{method}: {m}");
        if method == "textDocument/hover" {
            assert!(m["result"]["contents"]["value"].as_str().unwrap().starts_with("**dog**"));
        }
    }
    // Cancelling an answered request changes nothing; the server goes on.
    let (id, rx) = client.request_start("textDocument/hover", at(&client, &uri, 2, ",dog", 2));
    let (m, _) = response(rx, Instant::now()).await;
    assert!(m["result"].is_object(), "{m}");
    client.notify("$/cancelRequest", json!({"id": id}));
    client.diagnostics_eq(&uri, &[]).await;
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_are_not_held_up_by_waiting_requests() {
    let (mut client, uri, _dir) = open_slow(1500).await;
    client.replace(&uri, 0, "cat0.png,cat", "cat0.png,dog");
    let mut hovers = Vec::new();
    for _ in 0..20 {
        hovers.push(client.request_start("textDocument/hover", at(&client, &uri, 2, ",dog", 2)));
    }
    // The edit supersedes every waiting hover: they answer at once, without waiting for the
    // analysis of version 2 (which never comes: it is superseded too).
    tokio::time::sleep(Duration::from_millis(100)).await;
    client.replace(&uri, 0, "cat0.png,dog", "cat0.png,bird");
    let edited = Instant::now();
    for (_, rx) in hovers {
        let (m, took) = response(rx, edited).await;
        assert_eq!(m["result"], Value::Null, "{m}");
        assert!(took < Duration::from_millis(1000), "answered {took:?} after the edit");
    }
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    let status = client.request("conceptlint/status", Value::Null).await;
    assert_eq!(status["changes"], 2, "{status}");
    assert_eq!(status["superseded"], 1, "version 2 was never analyzed: {status}");
    assert_eq!(status["analyses"], 2, "versions 1 and 3: {status}");
    client.finish().await;
}
