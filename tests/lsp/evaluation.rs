//! With evaluation results beside the manifest: metrics in concept hovers, model scores in image
//! hovers, code lens on the label manifest, the relabel quick fix of a suspicious label.

use std::path::PathBuf;

use serde_json::json;

use crate::harness::{Client, Options};
use crate::positions::position;

/// The CIFAR-10 test set fixture (labels, manifest, cross-validated model scores).
fn cifar10() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval/cifar10")
}

#[tokio::test]
async fn hover_code_lens_and_relabel_from_the_model_scores() {
    let mut client = Client::start(Options::default()).await;
    // The predictions file (not open) gets its (empty) diagnostics too; manifests' publications
    // after the ones this test waits for are not its subject.
    client.ignore_diagnostics_of(&crate::documents::file_uri(&cifar10().join("predictions.csv")));
    let labels = client.open(&cifar10().join("labels.txt"));
    let d = client.diagnostics_eq(&labels, &["model-verdict"]).await;
    assert!(d[0]["message"].as_str().unwrap().contains("good"), "{d:?}");

    // Code lens: one per concept, with its inputs and ROC AUC.
    let lenses =
        client.request("textDocument/codeLens", json!({"textDocument": {"uri": labels}})).await;
    let titles: Vec<&str> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 10);
    assert_eq!(titles[3], "1000 inputs · ROC AUC 0.989", "cat is line 4: {titles:?}");

    // Hover on `cat`: the metrics table and the most-confused-with concepts.
    let text = client.text(&labels).to_string();
    let at = text.find("cat").unwrap();
    let pos = position(&text, at, client.enc);
    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": labels}, "position": pos}))
        .await;
    let md = hover["contents"]["value"].as_str().unwrap();
    for needle in [
        "| ROC AUC | 0.989 |",
        "| average precision | 0.933 |",
        "| precision / recall / F1 | 0.859 / 0.838 / 0.849 |",
        "| TP / FP / FN | 838 / 137 / 162 |",
        "| most confused with | dog (78), bird (24)",
        "`suspicious-label` (71 times)",
    ] {
        assert!(md.contains(needle), "{needle} not in {md}");
    }

    // References of `cat`: its 1,000 inputs, then the 137 the model wrongly calls cat.
    let params = json!({"textDocument": {"uri": labels}, "position": pos, "context": {"includeDeclaration": false}});
    let refs = client.request("textDocument/references", params).await;
    assert_eq!(refs.as_array().unwrap().len(), 1000 + 137);

    // The manifest: a suspicious label offers "Relabel", and its hover shows the model's scores.
    let manifest = client.open(&cifar10().join("metadata.jsonl"));
    let p = client
        .diagnostics(&manifest, |p| {
            let ds = p["diagnostics"].as_array().unwrap();
            ds.iter().filter(|d| d["code"] == "suspicious-label").count() == 284
        })
        .await;
    let first = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "suspicious-label")
        .unwrap()
        .clone();
    let params = json!({"textDocument": {"uri": manifest}, "range": first["range"], "context": {"diagnostics": [first]}});
    let actions = client.request("textDocument/codeAction", params).await;
    let relabel = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("Relabel")))
        .unwrap_or_else(|| panic!("no relabel action in {actions}"));
    let edit = &relabel["edit"]["changes"][&manifest][0];
    assert_eq!(edit["range"], first["range"], "the relabel replaces the label itself");
    let line = first["range"]["start"]["line"].as_u64().unwrap() as usize;
    let mtext = client.text(&manifest).to_string();
    let start = crate::fixtures::line_start(&mtext, line);
    let image_at = start + mtext[start..].find("images/").unwrap() + 2;
    let pos = position(&mtext, image_at, client.enc);
    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": manifest}, "position": pos}))
        .await;
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("model scores: "), "{md}");
    assert!(md.contains("suspicious label '"), "{md}");
    client.ignore_diagnostics_of(&manifest);
    client.ignore_diagnostics_of(&labels);
    client.finish().await;
}
