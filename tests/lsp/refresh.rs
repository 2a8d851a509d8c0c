//! One file changes, the other files of its dataset are refreshed: label manifest <-> dataset
//! manifest, files changed on disk (an image, the label manifest, a new config).

use std::fs;

use serde_json::json;

use crate::documents::file_uri;
use crate::fixtures::{dataset, write_png};
use crate::harness::{Client, Options, rules};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_labels_refreshes_the_manifest_and_the_other_way_round() {
    let dir = dataset(&["cat", "dog"], 50, "images/base.png,bird\n");
    let mut client = Client::start(Options::default()).await;
    let manifest = client.open(&dir.path().join("metadata.csv"));
    let labels = client.open(&dir.path().join("labels.txt"));
    client.diagnostics_eq(&manifest, &["unknown-concept"]).await;
    client.diagnostics_eq(&labels, &[]).await;

    // Declaring `bird`: the manifest (still version 1) loses its finding; labels.txt gains
    // bird's findings.
    let end = client.text(&labels).len();
    client.change(&labels, &[(end, end, "bird\n")]);
    client.diagnostics_eq(&labels, &["class-imbalance", "too-few-inputs"]).await;
    let p = client.diagnostics(&manifest, |p| rules(&p["diagnostics"]).is_empty()).await;
    assert_eq!(p["version"], 1);

    // 49 more birds in the manifest: labels.txt (still version 2) is clean again.
    let mut rows = String::new();
    for i in 0..49 {
        let rel = format!("images/bird{i}.png");
        fs::copy(dir.path().join("images/base.png"), dir.path().join(&rel)).unwrap();
        rows.push_str(&format!("{rel},bird\n"));
    }
    let end = client.text(&manifest).len();
    client.change(&manifest, &[(end, end, &rows)]);
    client.diagnostics_eq(&manifest, &[]).await;
    let p = client.diagnostics(&labels, |p| rules(&p["diagnostics"]).is_empty()).await;
    assert_eq!(p["version"], 2);

    // Hovering bird in labels.txt counts the manifest's open text, not the disk's.
    let line = client.text(&labels).lines().position(|l| l == "bird").unwrap();
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": labels}, "position": {"line": line, "character": 1}}),
        )
        .await;
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("| inputs | 50 (33.3% of 150) |"), "{md}");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_changed_on_disk_is_probed_again() {
    let dir = dataset(&["cat", "dog"], 50, "images/small.png,cat\n");
    let small = dir.path().join("images/small.png");
    write_png(&small, 100, 100);
    let mut client = Client::start(Options::default()).await;
    let manifest = client.open(&dir.path().join("metadata.csv"));
    client.ignore_diagnostics_of(&file_uri(&dir.path().join("labels.txt")));
    let d = client.diagnostics_eq(&manifest, &["small-image"]).await;
    assert!(d[0]["message"].as_str().unwrap().contains("100 x 100"));
    write_png(&small, 600, 600);
    let change = json!({"uri": file_uri(&small), "type": 2});
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [change]}));
    client.diagnostics_eq(&manifest, &[]).await;
    // And smaller again.
    write_png(&small, 300, 200);
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [change]}));
    let d = client.diagnostics_eq(&manifest, &["small-image"]).await;
    assert!(d[0]["message"].as_str().unwrap().contains("300 x 200"));
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn label_manifest_and_config_changed_on_disk_refresh_the_open_manifest() {
    let dir = dataset(&["cat", "dog"], 50, "images/base.png,bird\nimages/cat0.png,cat\n");
    let mut client = Client::start(Options::default()).await;
    let manifest = client.open(&dir.path().join("metadata.csv"));
    let labels = file_uri(&dir.path().join("labels.txt"));
    client.ignore_diagnostics_of(&labels);
    client.diagnostics_eq(&manifest, &["duplicate-input", "unknown-concept"]).await;

    fs::write(dir.path().join("labels.txt"), "cat\ndog\nbird\n").unwrap();
    let change = json!({"uri": labels, "type": 2});
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [change]}));
    client.diagnostics_eq(&manifest, &["duplicate-input"]).await;

    let config = dir.path().join("conceptlint.toml");
    fs::write(&config, "ignore = [\"duplicate-input\"]\n").unwrap();
    let created = json!({"uri": file_uri(&config), "type": 1});
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [created]}));
    client.diagnostics_eq(&manifest, &[]).await;
    client.ignore_diagnostics_of(&file_uri(&config));
    client.finish().await;
}
