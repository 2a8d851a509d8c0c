//! Files changing under the server: the manifest, the label manifest or images deleted while
//! open, a config that turns invalid and valid again (on disk and in the editor), an image
//! replaced again and again while it is being probed. Each time the findings settle on what the
//! files say last, and nothing older is published after them (`finish` fails on a later
//! publication that differs from the last one consumed).

use std::fs;
use std::time::Duration;

use serde_json::{Value, json};

use crate::documents::file_uri;
use crate::fixtures::{dataset, write_distinct_png, write_png};
use crate::harness::{Client, Options, rules};
use crate::overlap::at;
use crate::positions::slice;

/// Tells the server a file changed on disk (1 created, 2 changed, 3 deleted).
fn disk_changed(client: &Client, path: &std::path::Path, kind: u8) {
    let change = json!({"uri": file_uri(path), "type": kind});
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [change]}));
}

/// The text each diagnostic of `uri`'s last consumed publication covers, by rule.
fn covered(client: &Client, uri: &str) -> Vec<(String, String)> {
    let text = client.text(uri);
    let mut v: Vec<(String, String)> = client
        .last_diagnostics(uri)
        .iter()
        .map(|d| {
            let s = slice(text, &d["range"], client.enc).to_string();
            (d["code"].as_str().unwrap().to_string(), s)
        })
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_open_manifest_deleted_on_disk_keeps_its_text() {
    let dir = dataset(&["cat", "dog"], 50, "images/base.png,bird\n");
    let path = dir.path().join("metadata.csv");
    let mut client = Client::start(Options::default()).await;
    let uri = client.open(&path);
    client.ignore_diagnostics_of(&file_uri(&dir.path().join("labels.txt")));
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    fs::remove_file(&path).unwrap();
    disk_changed(&client, &path, 3);
    // The open text still counts: an edit is analyzed as usual.
    client.replace(&uri, 0, "base.png,bird", "base.png,birb");
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    assert_eq!(covered(&client, &uri), [("unknown-concept".into(), "birb".into())]);
    // Closed, it is gone: its diagnostics are cleared.
    client.close(&uri);
    let p = client.diagnostics(&uri, |p| rules(&p["diagnostics"]).is_empty()).await;
    assert_eq!(p["version"], Value::Null);
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_label_manifest_and_deleted_images() {
    let dir = dataset(&["cat", "dog"], 50, "images/base.png,bird\n");
    let labels = dir.path().join("labels.txt");
    fs::write(&labels, "cat\ndog\nfish\n").unwrap();
    let labels_uri = file_uri(&labels);
    let mut client = Client::start(Options::default()).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    client.diagnostics_eq(&labels_uri, &["too-few-inputs"]).await;
    // Without a label manifest, `bird` is no unknown concept but a small one; the deleted
    // file's findings are cleared.
    fs::remove_file(&labels).unwrap();
    disk_changed(&client, &labels, 3);
    let p = client.diagnostics(&labels_uri, |p| rules(&p["diagnostics"]).is_empty()).await;
    assert_eq!(p["version"], Value::Null);
    client.diagnostics_eq(&uri, &["class-imbalance", "too-few-inputs"]).await;
    fs::write(&labels, "cat\ndog\nfish\n").unwrap();
    disk_changed(&client, &labels, 1);
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    client.diagnostics_eq(&labels_uri, &["too-few-inputs"]).await;
    client.ignore_diagnostics_of(&labels_uri);
    // An image deleted, then written again.
    let cat3 = dir.path().join("images/cat3.png");
    fs::remove_file(&cat3).unwrap();
    disk_changed(&client, &cat3, 3);
    client.diagnostics_eq(&uri, &["image-not-found", "unknown-concept"]).await;
    let missing = covered(&client, &uri);
    assert_eq!(missing[0], ("image-not-found".into(), "images/cat3.png".into()));
    write_distinct_png(&cat3, 512, 512, 1000);
    disk_changed(&client, &cat3, 1);
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    // The whole folder deleted (editors report the folder only).
    let images = dir.path().join("images");
    fs::remove_dir_all(&images).unwrap();
    disk_changed(&client, &images, 3);
    let mut want = vec!["image-not-found"; 101];
    want.push("unknown-concept");
    client.diagnostics_eq(&uri, &want).await;
    client.finish().await;
}

const CONFIG: &str = "ignore = [\"class-imbalance\"]\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_config_on_disk_turns_invalid_and_valid_again() {
    let dir = dataset(&["cat", "dog"], 50, "images/base.png,bird\n");
    let config = dir.path().join("conceptlint.toml");
    fs::write(&config, CONFIG).unwrap();
    let config_uri = file_uri(&config);
    let mut client = Client::start(Options::default()).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    client.ignore_diagnostics_of(&file_uri(&dir.path().join("labels.txt")));
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    client.diagnostics_eq(&config_uri, &[]).await;
    for (broken, why) in [
        ("ignore = [\"class-imbalance\"\n", "expected"),
        ("ignore = [\"class-imbalanse\"]\n", "did you mean 'class-imbalance'"),
    ] {
        fs::write(&config, broken).unwrap();
        disk_changed(&client, &config, 2);
        // Nothing is checked while the config is broken; the config says why.
        client.diagnostics_eq(&uri, &[]).await;
        let d = client.diagnostics_eq(&config_uri, &["invalid-config"]).await;
        let message = d[0]["message"].as_str().unwrap();
        assert!(message.contains(why), "{message}");
        fs::write(&config, CONFIG).unwrap();
        disk_changed(&client, &config, 2);
        client.diagnostics_eq(&uri, &["unknown-concept"]).await;
        client.diagnostics_eq(&config_uri, &[]).await;
    }
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_config_edited_invalid_and_valid_again() {
    let dir = dataset(&["cat", "dog"], 50, "images/base.png,bird\n");
    fs::write(dir.path().join("conceptlint.toml"), CONFIG).unwrap();
    let mut client = Client::start(Options::default()).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    let config = client.open(&dir.path().join("conceptlint.toml"));
    client.ignore_diagnostics_of(&file_uri(&dir.path().join("labels.txt")));
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    client.diagnostics_eq(&config, &[]).await;
    // Typed letter by letter: a rule name that is unknown until it is complete.
    client.replace(&config, 0, "\"class-imbalance\"", "\"class-\"");
    client.diagnostics_eq(&config, &["invalid-config"]).await;
    assert_eq!(covered(&client, &config)[0].1, "\"class-\"");
    client.diagnostics_eq(&uri, &[]).await;
    for letter in ["i", "m", "b", "a", "l", "a", "n", "c", "e"] {
        let at = client.text(&config).find("\"]").unwrap();
        client.change(&config, &[(at, at, letter)]);
    }
    client.diagnostics_eq(&config, &[]).await;
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    client.finish().await;
}

/// A config opened after its manifest was analyzed: its edits still concern the manifest (its
/// analysis alone found no dataset, and it used to be dropped from the manifest's).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_config_opened_after_its_manifest_governs_it() {
    let dir = dataset(&["cat", "dog"], 50, "images/base.png,bird\n");
    fs::write(dir.path().join("conceptlint.toml"), CONFIG).unwrap();
    let mut client = Client::start(Options::default()).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    client.ignore_diagnostics_of(&file_uri(&dir.path().join("labels.txt")));
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    let config = client.open(&dir.path().join("conceptlint.toml"));
    client.diagnostics_eq(&config, &[]).await;
    client.replace(&config, 0, "imbalance", "imbalanse");
    client.diagnostics_eq(&config, &["invalid-config"]).await;
    client.diagnostics_eq(&uri, &[]).await;
    client.replace(&config, 0, "imbalanse", "imbalance");
    client.diagnostics_eq(&uri, &["unknown-concept"]).await;
    client.diagnostics_eq(&config, &[]).await;
    client.finish().await;
}

/// A config made after its manifest was analyzed, opened and edited at once (before any
/// analysis of it is stored), then edited again: every edit reaches the manifest it governs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_config_edited_right_after_it_is_opened_governs_its_manifest() {
    for round in 0..4 {
        let dir = dataset(&["cat", "dog"], 50, "images/base.png,bird\n");
        let mut client = Client::start(Options::default()).await;
        let uri = client.open(&dir.path().join("metadata.csv"));
        client.ignore_diagnostics_of(&file_uri(&dir.path().join("labels.txt")));
        client.diagnostics_eq(&uri, &["unknown-concept"]).await;
        let path = dir.path().join("conceptlint.toml");
        fs::write(&path, CONFIG).unwrap();
        let config = client.open(&path);
        tokio::time::sleep(Duration::from_millis(round * 5)).await;
        client.replace(&config, 0, "]", ", \"unknown-concept\"]");
        client.diagnostics_eq(&uri, &[]).await;
        client.diagnostics_eq(&config, &[]).await;
        client.replace(&config, 0, ", \"unknown-concept\"]", "]");
        client.diagnostics_eq(&uri, &["unknown-concept"]).await;
        client.diagnostics_eq(&config, &[]).await;
        client.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_replaced_while_it_is_probed() {
    let dir = dataset(&["cat", "dog"], 50, "images/x.png,cat\n");
    let x = dir.path().join("images/x.png");
    write_png(&x, 100, 100);
    let mut client = Client::start(Options::default()).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    client.ignore_diagnostics_of(&file_uri(&dir.path().join("labels.txt")));
    // The first publication comes before image probing (and hashing) of the 101 images ends:
    // replace x.png during it, several times, with a notification each time.
    client.diagnostics(&uri, |_| true).await;
    for (k, (w, h)) in
        [(600, 600), (100, 80), (640, 700), (200, 100), (300, 200)].iter().enumerate()
    {
        write_png(&x, *w, *h);
        disk_changed(&client, &x, 2);
        tokio::time::sleep(Duration::from_millis(20 * k as u64)).await;
    }
    // Header facts are published before hashing ends, so an image as it was when a probe read
    // it may be shown for a while; what counts is that the last image's facts arrive, and that
    // nothing older comes after them.
    let p = client
        .diagnostics(&uri, |p| {
            let d = p["diagnostics"].as_array().unwrap();
            d.len() == 1
                && d[0]["code"] == "small-image"
                && d[0]["message"].as_str().unwrap().contains("300 x 200")
        })
        .await;
    let message = p["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("300 x 200"), "the last image: {message}");
    let hover = client.request("textDocument/hover", at(&client, &uri, 102, "x.png", 0)).await;
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("300 x 200"), "{md}");
    // Nothing about an earlier image comes later (`finish` checks what arrives meanwhile).
    client.collect_for(Duration::from_millis(500)).await;
    let status = client.request("conceptlint/status", Value::Null).await;
    assert!(status["dropped"].as_u64().unwrap() > 0, "probes made outdated were dropped: {status}");
    client.finish().await;
}

/// An image replaced on disk: until it is read again, the findings of the other images stay
/// (they used to vanish until every image was probed again), then the new one's come.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn image_findings_do_not_flicker_when_an_image_changes() {
    let dir = dataset(&["cat", "dog"], 50, "images/a.png,cat\nimages/b.png,dog\n");
    let (a, b) = (dir.path().join("images/a.png"), dir.path().join("images/b.png"));
    write_png(&a, 100, 100);
    write_png(&b, 120, 100);
    let mut client = Client::start(Options::default()).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    client.ignore_diagnostics_of(&file_uri(&dir.path().join("labels.txt")));
    client.diagnostics_eq(&uri, &["small-image", "small-image"]).await;
    let seen = client.published.len();
    write_png(&a, 100, 90);
    disk_changed(&client, &a, 2);
    let d = client.diagnostics(&uri, |p| p["diagnostics"].to_string().contains("100 x 90")).await;
    assert_eq!(rules(&d["diagnostics"]), ["small-image", "small-image"]);
    for p in client.published[seen..].iter().filter(|p| p["uri"] == uri.as_str()) {
        let text = p["diagnostics"].to_string();
        assert!(text.contains("120 x 100"), "b.png's finding stays: {text}");
        assert_eq!(rules(&p["diagnostics"]), ["small-image", "small-image"]);
    }
    client.finish().await;
}
