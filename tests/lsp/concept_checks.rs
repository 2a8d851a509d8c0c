//! The concept checks in the server: hashes computed in the background find an image listed
//! under two concepts (diagnostics on both listings, the copies in the image hover, a fix that
//! keeps one label), and an unvisual concept of a labels.txt is marked visual in the config.

use std::fs;

use serde_json::Value;
use tempfile::TempDir;

use crate::code_actions::{actions_for, titled};
use crate::fixtures::write_distinct_png;
use crate::harness::{Client, Options};
use crate::hover::{hover_at, markdown};

/// Three distinct images of each concept, and `images/copy.png`, a byte copy of a cat, listed
/// as a dog (on line 11 of the manifest; the cat it copies is on line 2).
fn copies_dataset() -> TempDir {
    let dir = TempDir::new().unwrap();
    let mut csv = String::from("file_name,label\n");
    let mut seed = 100;
    for concept in ["cat", "dog", "happiness"] {
        for i in 0..3 {
            let rel = format!("images/{concept}{i}.png");
            seed += 1;
            write_distinct_png(&dir.path().join(&rel), 512, 512, seed);
            csv.push_str(&format!("{rel},{concept}\n"));
        }
    }
    fs::copy(dir.path().join("images/cat0.png"), dir.path().join("images/copy.png")).unwrap();
    csv.push_str("images/copy.png,dog\n");
    fs::write(dir.path().join("metadata.csv"), csv).unwrap();
    fs::write(dir.path().join("labels.txt"), "cat\ndog\nhappiness\n").unwrap();
    fs::write(dir.path().join("conceptlint.toml"), "[thresholds]\nmin-inputs = 1\n").unwrap();
    dir
}

fn codes(p: &Value) -> Vec<String> {
    let mut c: Vec<String> = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    c.sort();
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_under_two_concepts_are_found_hovered_and_fixed() {
    let dir = copies_dataset();
    let mut client = Client::start(Options::default()).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    client.ignore_diagnostics_of(&uri.replace("metadata.csv", "labels.txt"));
    client.ignore_diagnostics_of(&uri.replace("metadata.csv", "conceptlint.toml"));
    // The cheap analysis has no hashes yet; the background one finds both listings.
    let p = client
        .diagnostics(&uri, |p| codes(p) == ["conflicting-duplicate", "conflicting-duplicate"])
        .await;
    let diags = p["diagnostics"].as_array().unwrap();
    let lines: Vec<u64> =
        diags.iter().map(|d| d["range"]["start"]["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [1, 10], "the cat and its copy: {diags:?}");
    let copy = &diags[1];
    assert!(copy["message"].as_str().unwrap().contains("cat"), "{copy}");
    let related = copy["relatedInformation"].as_array().expect("related locations");
    assert_eq!(related.len(), 1, "{related:?}");
    assert_eq!(related[0]["location"]["uri"], uri);
    assert_eq!(related[0]["location"]["range"]["start"]["line"], 1);

    let h = hover_at(&mut client, &uri, 11, "images/copy.png", 3).await;
    let md = markdown(&h);
    assert!(md.contains("copies (1):"), "{md}");
    assert!(md.contains("- `images/cat0.png` (metadata.csv:2, same file content): cat"), "{md}");
    let h = hover_at(&mut client, &uri, 5, "images/dog0.png", 3).await;
    assert!(!markdown(&h).contains("copies"), "a distinct image has no copies");

    let (_, actions) = actions_for(&mut client, &uri, "conflicting-duplicate", 11).await;
    client.apply_workspace_edit(&titled(&actions, "Label every copy 'dog'")["edit"]);
    let text = client.text(&uri).to_string();
    assert_eq!(text.lines().nth(1), Some("images/cat0.png,dog"));
    assert_eq!(text.lines().nth(10), Some("images/copy.png,dog"));
    assert_eq!(text.lines().count(), 11, "no row added or lost");
    client.diagnostics(&uri, |p| codes(p).is_empty()).await;
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unvisual_concept_is_marked_visual_in_the_config() {
    let dir = copies_dataset();
    let mut client = Client::start(Options::default()).await;
    let labels = client.open(&dir.path().join("labels.txt"));
    client.ignore_diagnostics_of(&labels.replace("labels.txt", "metadata.csv"));
    client.diagnostics(&labels, |p| codes(p) == ["unvisual-concept"]).await;
    let h = hover_at(&mut client, &labels, 3, "happiness", 1).await;
    assert!(markdown(&h).contains("`unvisual-concept`: 'happiness' names a feeling"), "{h}");

    let (d, actions) = actions_for(&mut client, &labels, "unvisual-concept", 3).await;
    assert_eq!(d["severity"], 2, "a warning");
    let mark = titled(&actions, "Mark 'happiness' as visual (config)");
    let config_uri = labels.replace("labels.txt", "conceptlint.toml");
    assert!(mark["edit"]["changes"][&config_uri].is_array(), "edits the existing config: {mark}");
    client.apply_workspace_edit(&mark["edit"]);
    let text = client.text(&config_uri).to_string();
    assert!(text.starts_with("[thresholds]\nmin-inputs = 1\n"), "kept as written: {text}");
    let parsed: toml::Table = text.parse().expect("valid TOML");
    assert_eq!(parsed["concepts"]["happiness"]["visual"], toml::Value::Boolean(true), "{text}");
    client.diagnostics(&labels, |p| codes(p).is_empty()).await;
    client.diagnostics_eq(&config_uri, &[]).await;
    client.finish().await;
}
