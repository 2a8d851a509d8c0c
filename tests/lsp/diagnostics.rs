//! Push diagnostics (versioned, debounced, never stale) and pull diagnostics.

use std::time::Duration;

use serde_json::{Value, json};

use crate::fixtures::{dataset, pets, write_png};
use crate::harness::{Client, Options, rules};
use crate::positions::slice;

/// Rules of `examples/pets/metadata.csv` (its README lists where each fires).
pub const PETS_MANIFEST: &[&str] = &[
    "duplicate-input",
    "exclusive-violation",
    "image-not-found",
    "path-outside-root",
    "small-image",
    "small-image",
    "small-image",
    "unknown-concept",
    "unreadable-image",
    "unreadable-image",
];
pub const PETS_LABELS: &[&str] = &["class-imbalance", "too-few-inputs"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn did_open_publishes_versioned_diagnostics_at_the_right_places() {
    let mut client = Client::start(Options::default()).await;
    let manifest = client.open(&pets().join("metadata.csv"));
    let diags = client.diagnostics_eq(&manifest, PETS_MANIFEST).await;
    let text = client.text(&manifest).to_string();
    let enc = client.enc;
    let at = |rule: &str| -> Vec<(u64, String)> {
        diags
            .iter()
            .filter(|d| d["code"] == rule)
            .map(|d| {
                let line = d["range"]["start"]["line"].as_u64().unwrap();
                (line + 1, slice(&text, &d["range"], enc).to_string())
            })
            .collect()
    };
    assert_eq!(at("unknown-concept"), [(192, "dgo".to_string())]);
    assert_eq!(at("exclusive-violation"), [(194, "cat;dog".to_string())]);
    let lines: Vec<u64> = at("small-image").iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [8, 144, 215]);
    assert_eq!(at("duplicate-input")[0].0, 131);
    assert_eq!(at("image-not-found")[0].0, 250);
    let unknown = diags.iter().find(|d| d["code"] == "unknown-concept").unwrap();
    assert_eq!(unknown["severity"], 1);
    assert_eq!(unknown["source"], "conceptlint");
    assert!(unknown["message"].as_str().unwrap().contains("did you mean 'dog'?"));
    let duplicate = diags.iter().find(|d| d["code"] == "duplicate-input").unwrap();
    let related = &duplicate["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], manifest.as_str());
    assert_eq!(related["location"]["range"]["start"]["line"], 42, "first listed on line 43");
    // labels.txt is not open: its diagnostics come without a version.
    let labels = manifest.replace("metadata.csv", "labels.txt");
    let p = client.diagnostics(&labels, |p| rules(&p["diagnostics"]) == PETS_LABELS).await;
    assert_eq!(p["version"], Value::Null);
    for p in &client.published {
        if p["uri"] == manifest.as_str() {
            assert_eq!(p["version"], 1, "only version 1 exists");
        }
    }
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rapid_edits_publish_only_the_final_version() {
    let dir = dataset(&["cat", "dog"], 50, "");
    let debounce = 300;
    let opts = Options {
        initialization_options: Some(json!({"debounceMs": debounce})),
        ..Default::default()
    };
    let mut client = Client::start(opts).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    client.diagnostics_eq(&uri, &[]).await;
    client.diagnostics_eq(&uri.replace("metadata.csv", "labels.txt"), &[]).await;
    // Ten edits faster than the debounce, each with findings of its own.
    for k in 0..10 {
        let end = client.text(&uri).len();
        client.change(&uri, &[(end, end, &format!("images/cat{k}.png,concept{k}\n"))]);
    }
    // The last edit removes every row but the last one added.
    let last_row = client.text(&uri).rfind("images/cat9.png").unwrap();
    let start = client.text(&uri).find("images/cat0.png,concept0").unwrap();
    client.change(&uri, &[(start, last_row, "")]);
    let final_version = client.docs[&uri].version;
    assert_eq!(final_version, 12);
    let diags = client
        .diagnostics(&uri, |p| {
            p["version"] == final_version && !rules(&p["diagnostics"]).is_empty()
        })
        .await;
    let text = client.text(&uri).to_string();
    let unknown: Vec<&str> = diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-concept")
        .map(|d| slice(&text, &d["range"], client.enc))
        .collect();
    assert_eq!(unknown, ["concept9"], "the final text's findings");
    // Nothing else comes for the intermediate versions, even after the debounce time.
    client.collect_for(Duration::from_millis(2 * debounce)).await;
    let versions: Vec<&Value> = client
        .published
        .iter()
        .filter(|p| p["uri"] == uri.as_str())
        .map(|p| &p["version"])
        .collect();
    assert!(versions.iter().all(|v| **v == 1 || **v == final_version), "{versions:?}");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_clients_get_no_push_and_unchanged_results() {
    let dir = dataset(&["cat", "dog"], 50, "images/base.png,dgo\n");
    let mut client = Client::start(Options { pull: true, ..Default::default() }).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    let pull = |id: Option<&str>| {
        let mut p = json!({"textDocument": {"uri": uri}});
        if let Some(id) = id {
            p["previousResultId"] = json!(id);
        }
        p
    };
    let first = client.request("textDocument/diagnostic", pull(None)).await;
    assert_eq!(first["kind"], "full");
    assert_eq!(rules(&first["items"]), ["unknown-concept"]);
    let d = &first["items"][0];
    assert_eq!(slice(client.text(&uri), &d["range"], client.enc), "dgo");
    // Once image probing finished (nothing new to say here), the result settles.
    let mut id = first["resultId"].as_str().unwrap().to_string();
    let mut unchanged = false;
    for _ in 0..50 {
        let again = client.request("textDocument/diagnostic", pull(Some(&id))).await;
        if again["kind"] == "unchanged" {
            assert_eq!(again["resultId"], id.as_str());
            unchanged = true;
            break;
        }
        assert_eq!(rules(&again["items"]), ["unknown-concept"]);
        id = again["resultId"].as_str().unwrap().to_string();
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(unchanged, "the result id never settled");
    // An edit: the next pull is a full report of the new text, right away.
    client.replace(&uri, 0, "dgo", "dog");
    let after = client.request("textDocument/diagnostic", pull(Some(&id))).await;
    assert_eq!(after["kind"], "full");
    assert_eq!(rules(&after["items"]), Vec::<String>::new());
    assert_ne!(after["resultId"], id.as_str());
    // The server asks the client to pull again after its background analyses; it never pushes.
    client.wait_asked("workspace/diagnostic/refresh", 1).await;
    client.collect_for(Duration::from_millis(300)).await;
    assert!(client.published.is_empty(), "{:?}", client.published);
    client.finish().await;
}

/// A pull that analyzes on demand supersedes the scheduled analysis of the same version; the
/// image probing that analysis would have started must start anyway.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_clients_see_image_findings() {
    let dir = dataset(&["cat", "dog"], 50, "images/small.png,cat\n");
    write_png(&dir.path().join("images/small.png"), 100, 80);
    let mut client = Client::start(Options { pull: true, ..Default::default() }).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    let params = json!({"textDocument": {"uri": uri}});
    let mut last = Value::Null;
    for _ in 0..100 {
        last = client.request("textDocument/diagnostic", params.clone()).await;
        if rules(&last["items"]) == ["small-image"] {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(rules(&last["items"]), ["small-image"], "{last}");
    let d = &last["items"][0];
    assert!(d["message"].as_str().unwrap().contains("100 x 80"), "{d}");
    client.wait_asked("workspace/diagnostic/refresh", 1).await;
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_last_file_of_a_dataset_clears_its_diagnostics() {
    let dir = dataset(&["cat", "dog"], 50, "images/base.png,dgo\n");
    let mut client = Client::start(Options::default()).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    client.ignore_diagnostics_of(&uri.replace("metadata.csv", "labels.txt"));
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    client.close(&uri);
    let p = client.diagnostics(&uri, |p| rules(&p["diagnostics"]).is_empty()).await;
    assert_eq!(p["version"], Value::Null);
    // Reopened with other text: the open text wins over the disk.
    let text = std::fs::read_to_string(dir.path().join("metadata.csv")).unwrap();
    client.open_text(&dir.path().join("metadata.csv"), &text.replace("dgo", "dog"));
    client.diagnostics_eq(&uri, &[]).await;
    client.finish().await;
}

/// A manifest edited until it no longer looks like one loses its diagnostics (none stay behind
/// for a text that has no findings) and gets them back when it looks like one again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_that_stops_being_a_manifest_loses_its_diagnostics() {
    let dir = dataset(&["cat"], 50, "images/base.png,dgo\n");
    let csv = std::fs::read_to_string(dir.path().join("metadata.csv")).unwrap();
    std::fs::remove_file(dir.path().join("metadata.csv")).unwrap();
    let path = dir.path().join("train.csv");
    let mut client = Client::start(Options::default()).await;
    let uri = client.open_text(&path, &csv.replace("file_name,label", "image,label"));
    client.ignore_diagnostics_of(&uri.replace("train.csv", "labels.txt"));
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    // A generic CSV is a manifest by its header only.
    client.replace(&uri, 0, "image,label", "colour,size");
    client.diagnostics_eq(&uri, &[]).await;
    let pos = json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}});
    let started = std::time::Instant::now();
    assert_eq!(client.request("textDocument/hover", pos).await, Value::Null);
    assert!(started.elapsed() < Duration::from_secs(2), "no wait for an analysis that never comes");
    client.replace(&uri, 0, "colour,size", "image,label");
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    client.finish().await;
}
