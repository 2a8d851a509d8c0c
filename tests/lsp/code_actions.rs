//! Code actions, applied the way an editor applies them, then re-checked: the finding is gone
//! and the file is still a valid file of its format.

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::diagnostics::PETS_MANIFEST;
use crate::fixtures::pets_copy;
use crate::harness::{Client, Options};
use crate::positions::slice;

/// A copy of the example dataset with its manifest open and diagnosed.
async fn open_pets() -> (TempDir, Client, String) {
    let dir = pets_copy();
    let mut client = Client::start(Options::default()).await;
    let manifest = client.open(&dir.path().join("metadata.csv"));
    client.diagnostics_eq(&manifest, PETS_MANIFEST).await;
    client.ignore_diagnostics_of(&manifest.replace("metadata.csv", "labels.txt"));
    (dir, client, manifest)
}

/// The code actions offered for the diagnostic of `rule` on 1-based line `line`.
pub async fn actions_for(
    client: &mut Client,
    uri: &str,
    rule: &str,
    line: u64,
) -> (Value, Vec<Value>) {
    let diags = client.last_diagnostics(uri);
    let d = diags
        .iter()
        .find(|d| d["code"] == rule && d["range"]["start"]["line"] == line - 1)
        .unwrap_or_else(|| panic!("no {rule} on line {line}: {diags:?}"))
        .clone();
    let params = json!({
        "textDocument": {"uri": uri},
        "range": d["range"],
        "context": {"diagnostics": [d], "triggerKind": 1},
    });
    let actions = client.request("textDocument/codeAction", params).await;
    (d, actions.as_array().unwrap().clone())
}

pub fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions.iter().find(|a| a["title"] == title).unwrap_or_else(|| {
        let titles: Vec<&Value> = actions.iter().map(|a| &a["title"]).collect();
        panic!("no action {title:?} among {titles:?}")
    })
}

/// The manifest is still `file_name,label` CSV: the header, then two fields a row.
fn assert_valid_manifest(text: &str) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("file_name,label"));
    for line in lines {
        assert_eq!(line.split(',').count(), 2, "{line:?}");
    }
}

/// `PETS_MANIFEST` without the findings of `fixed`.
fn pets_without(fixed: &[&str]) -> Vec<&'static str> {
    let mut left: Vec<&str> = PETS_MANIFEST.to_vec();
    for f in fixed {
        let i = left.iter().position(|r| r == f).unwrap();
        left.remove(i);
    }
    left
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_findings_fixes_apply_and_recheck_clean() {
    let (_dir, mut client, uri) = open_pets().await;
    let (d, actions) = actions_for(&mut client, &uri, "unknown-concept", 192).await;
    let replace = titled(&actions, "Replace 'dgo' with 'dog'");
    assert_eq!(replace["kind"], "quickfix");
    assert_eq!(replace["isPreferred"], true);
    assert_eq!(replace["diagnostics"][0]["range"], d["range"]);
    let lines_before = client.text(&uri).lines().count();
    client.apply_workspace_edit(&replace["edit"]);
    assert_eq!(client.text(&uri).lines().nth(191), Some("images/dog/dog_061.png,dog"));
    client.diagnostics_eq(&uri, &pets_without(&["unknown-concept"])).await;

    let (_, actions) = actions_for(&mut client, &uri, "duplicate-input", 131).await;
    client.apply_workspace_edit(&titled(&actions, "Remove this duplicate input")["edit"]);
    let text = client.text(&uri).to_string();
    assert_eq!(text.lines().count(), lines_before - 1);
    assert_eq!(text.matches("images/cat/cat_042.png,cat\n").count(), 1);
    client.diagnostics_eq(&uri, &pets_without(&["unknown-concept", "duplicate-input"])).await;

    // The exclusive input is now on line 193.
    let (d, actions) = actions_for(&mut client, &uri, "exclusive-violation", 193).await;
    assert_eq!(slice(client.text(&uri), &d["range"], client.enc), "cat;dog");
    assert!(actions.iter().any(|a| a["title"] == "Keep only 'dog'"));
    client.apply_workspace_edit(&titled(&actions, "Keep only 'cat'")["edit"]);
    assert_eq!(client.text(&uri).lines().nth(192), Some("images/mixed/cat_dog_001.png,cat"));
    let fixed = ["unknown-concept", "duplicate-input", "exclusive-violation"];
    client.diagnostics_eq(&uri, &pets_without(&fixed)).await;
    assert_valid_manifest(client.text(&uri));
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_a_concept_edits_the_label_manifest() {
    let (_dir, mut client, uri) = open_pets().await;
    let labels = uri.replace("metadata.csv", "labels.txt");
    let (_, actions) = actions_for(&mut client, &uri, "unknown-concept", 192).await;
    let add = titled(&actions, "Add 'dgo' to labels.txt");
    assert_eq!(add["isPreferred"], false);
    let touched = client.apply_workspace_edit(&add["edit"]);
    assert_eq!(touched, std::slice::from_ref(&labels), "labels.txt was opened and edited");
    assert_eq!(client.text(&labels), "cat\ndog\nbird\nrabbit\ndgo\n");
    client.diagnostics_eq(&uri, &pets_without(&["unknown-concept"])).await;
    let p = client
        .diagnostics(&labels, |p| {
            p["version"] == 2
                && p["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["code"] == "too-few-inputs" && d["range"]["start"]["line"] == 4)
        })
        .await;
    assert!(!p.to_string().contains("invalid-manifest"));
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ignores_are_written_into_a_new_then_the_existing_config() {
    let (dir, mut client, uri) = open_pets().await;
    let config = dir.path().join("conceptlint.toml");
    let (_, actions) = actions_for(&mut client, &uri, "small-image", 8).await;
    let ignore = titled(&actions, "Ignore small-image for input images/cat/cat_007.png");
    let ops = ignore["edit"]["documentChanges"].as_array().expect("documentChanges");
    assert_eq!(ops[0]["kind"], "create");
    assert!(ops[0]["uri"].as_str().unwrap().ends_with("/conceptlint.toml"));
    client.apply_workspace_edit(&ignore["edit"]);
    assert!(config.exists());
    let config_uri = ops[0]["uri"].as_str().unwrap().to_string();
    let text = client.text(&config_uri).to_string();
    let parsed: toml::Table = text.parse().expect("valid TOML");
    assert_eq!(
        parsed["per-input-ignores"]["images/cat/cat_007.png"],
        toml::Value::Array(vec!["small-image".into()])
    );
    client.diagnostics_eq(&uri, &pets_without(&["small-image"])).await;
    client.diagnostics_eq(&config_uri, &[]).await;

    // The config exists now (open, edited): the next ignore edits it in place.
    let (_, actions) = actions_for(&mut client, &uri, "small-image", 144).await;
    let ignore = titled(&actions, "Ignore small-image in this dataset (config)");
    assert!(ignore["edit"]["changes"][&config_uri].is_array(), "{ignore}");
    client.apply_workspace_edit(&ignore["edit"]);
    let text = client.text(&config_uri).to_string();
    let parsed: toml::Table = text.parse().expect("valid TOML");
    assert_eq!(parsed["ignore"], toml::Value::Array(vec!["small-image".into()]));
    assert!(text.contains("[per-input-ignores]"), "the earlier ignore is kept:\n{text}");
    client.diagnostics_eq(&uri, &pets_without(&["small-image"; 3])).await;
    client.diagnostics_eq(&config_uri, &[]).await;
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explain_rule_is_a_command() {
    let (_dir, mut client, uri) = open_pets().await;
    let (_, actions) = actions_for(&mut client, &uri, "unknown-concept", 192).await;
    let explain = titled(&actions, "Explain rule unknown-concept (CL006)");
    assert_eq!(explain["command"], "conceptlint.explainRule");
    let params = json!({"command": explain["command"], "arguments": explain["arguments"]});
    let r = client.request("workspace/executeCommand", params).await;
    assert_eq!((r["name"].clone(), r["code"].clone()), (json!("unknown-concept"), json!("CL006")));
    assert!(r["markdown"].as_str().unwrap().len() > 100);
    let shown = client.wait_for("showMessage", |m| m["method"] == "window/showMessage").await;
    assert!(shown["params"]["message"].as_str().unwrap().starts_with("unknown-concept (CL006)"));
    let bad = json!({"command": "conceptlint.explainRule", "arguments": ["no-such-rule"]});
    let e = client.request_result("workspace/executeCommand", bad).await.unwrap_err();
    assert_eq!(e["code"], -32602);
    client.finish().await;
}
