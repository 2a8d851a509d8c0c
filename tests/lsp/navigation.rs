//! Completion, definition, references, document symbols, inlay hints.

use serde_json::{Value, json};

use crate::diagnostics::{PETS_LABELS, PETS_MANIFEST};
use crate::fixtures::{line_start, pets};
use crate::harness::{Client, Options};
use crate::positions::{position, slice};

async fn open_pets() -> (Client, String, String) {
    let mut client = Client::start(Options::utf16()).await;
    let manifest = client.open(&pets().join("metadata.csv"));
    let labels = client.open(&pets().join("labels.txt"));
    client.diagnostics_eq(&manifest, PETS_MANIFEST).await;
    client.diagnostics_eq(&labels, PETS_LABELS).await;
    (client, manifest, labels)
}

/// `{textDocument, position}` at `needle` on 1-based line `line`, `offset` bytes in.
fn at(client: &Client, uri: &str, line: usize, needle: &str, offset: usize) -> Value {
    let text = client.text(uri);
    let start = line_start(text, line - 1);
    let pos = position(text, start + text[start..].find(needle).unwrap() + offset, client.enc);
    json!({"textDocument": {"uri": uri}, "position": pos})
}

/// `(uri, text of the range)` of each location.
fn located(client: &Client, locations: &Value) -> Vec<(String, String)> {
    locations
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let uri = l["uri"].as_str().unwrap().to_string();
            let text = slice(client.text(&uri), &l["range"], client.enc).to_string();
            (uri, text)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_of_concept_names_in_a_label_cell() {
    let (mut client, manifest, _labels) = open_pets().await;
    let items =
        client.request("textDocument/completion", at(&client, &manifest, 192, "dgo", 1)).await;
    let items = items.as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["cat", "dog", "bird", "rabbit"], "declared concepts only");
    for item in items {
        let edit = &item["textEdit"];
        assert_eq!(slice(client.text(&manifest), &edit["range"], client.enc), "dgo");
        assert_eq!(edit["newText"], item["label"]);
    }
    assert_eq!(items[3]["detail"], "12 inputs");
    // On the image path: no completion.
    let r =
        client.request("textDocument/completion", at(&client, &manifest, 192, "dog_061", 1)).await;
    assert_eq!(r, Value::Null);
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_and_references() {
    let (mut client, manifest, labels) = open_pets().await;
    let def =
        client.request("textDocument/definition", at(&client, &manifest, 144, ",dog", 2)).await;
    assert_eq!(located(&client, &def), [(labels.clone(), "dog".to_string())]);
    assert_eq!(def[0]["range"]["start"], json!({"line": 1, "character": 0}));
    // An undeclared label has no definition.
    let none =
        client.request("textDocument/definition", at(&client, &manifest, 192, "dgo", 1)).await;
    assert_eq!(none, Value::Null);

    let mut params = at(&client, &labels, 4, "rabbit", 0);
    params["context"] = json!({"includeDeclaration": true});
    let refs = client.request("textDocument/references", params.clone()).await;
    let found = located(&client, &refs);
    assert_eq!(found.len(), 13, "the declaration and 12 inputs");
    assert_eq!(found[0], (labels.clone(), "rabbit".to_string()));
    assert!(found[1..].iter().all(|(u, t)| *u == manifest && t == "rabbit"), "{found:?}");
    params["context"] = json!({"includeDeclaration": false});
    let refs = client.request("textDocument/references", params).await;
    assert_eq!(refs.as_array().unwrap().len(), 12);
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_symbols_of_both_manifests() {
    let (mut client, manifest, labels) = open_pets().await;
    let params = json!({"textDocument": {"uri": labels}});
    let symbols = client.request("textDocument/documentSymbol", params).await;
    let summary: Vec<(String, String)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(s["kind"], 22, "enum member");
            let name = slice(client.text(&labels), &s["selectionRange"], client.enc);
            assert_eq!(name, s["name"]);
            (name.to_string(), s["detail"].as_str().unwrap().to_string())
        })
        .collect();
    let expected = [("cat", "131"), ("dog", "62"), ("bird", "57"), ("rabbit", "12")];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(n, c)| (n.to_string(), format!("{c} inputs"))).collect();
    assert_eq!(summary, expected);

    let params = json!({"textDocument": {"uri": manifest}});
    let symbols = client.request("textDocument/documentSymbol", params).await;
    let groups = symbols.as_array().unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["cat", "dog", "dgo", "bird", "rabbit"]);
    let rabbit = &groups[4];
    assert_eq!(rabbit["kind"], 5, "class");
    assert_eq!(rabbit["detail"], "12 inputs");
    let children = rabbit["children"].as_array().unwrap();
    assert_eq!(children.len(), 12);
    let text = client.text(&manifest);
    for c in children {
        assert_eq!(slice(text, &c["selectionRange"], client.enc), c["name"]);
        assert!(slice(text, &c["range"], client.enc).ends_with(",rabbit"));
    }
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inlay_hints_sizes_after_paths_and_counts_after_concepts() {
    let (mut client, manifest, labels) = open_pets().await;
    let range = json!({"start": {"line": 6, "character": 0}, "end": {"line": 9, "character": 0}});
    let params = json!({"textDocument": {"uri": manifest}, "range": range});
    let hints = client.request("textDocument/inlayHint", params).await;
    let text = client.text(&manifest).to_string();
    let shown: Vec<(String, String)> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let start = line_start(&text, h["position"]["line"].as_u64().unwrap() as usize);
            let range = json!({"start": position(&text, start, client.enc), "end": h["position"]});
            (slice(&text, &range, client.enc).to_string(), h["label"].as_str().unwrap().to_string())
        })
        .collect();
    let expected = [
        ("images/cat/cat_006.png", "512×512"),
        ("images/cat/cat_007.png", "256×256"),
        ("images/cat/cat_008.png", "512×640"),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(shown, expected, "a hint right after each path of lines 7 to 9, none on 10");

    // This test is about hints: a late re-publication of the findings is not its subject.
    client.ignore_diagnostics_of(&manifest);
    client.ignore_diagnostics_of(&labels);
    let all = json!({"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}});
    let params = json!({"textDocument": {"uri": labels}, "range": all});
    let hints = client.request("textDocument/inlayHint", params).await;
    let labels: Vec<(Value, &str)> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["position"].clone(), h["label"].as_str().unwrap()))
        .collect();
    assert_eq!(labels[0], (json!({"line": 0, "character": 3}), "131 inputs"));
    assert_eq!(labels[3], (json!({"line": 3, "character": 6}), "12 inputs"));
    client.finish().await;
}

/// Requests sent right after an edit (completion is, on a trigger character) answer on the
/// edited text, not on the last analysis of the text before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_right_after_an_edit_answer_on_the_new_text() {
    let dir = crate::fixtures::dataset(&["cat", "dog"], 50, "");
    let opts =
        Options { initialization_options: Some(json!({"debounceMs": 300})), ..Options::utf16() };
    let mut client = Client::start(opts).await;
    let uri = client.open(&dir.path().join("metadata.csv"));
    client.ignore_diagnostics_of(&uri.replace("metadata.csv", "labels.txt"));
    client.diagnostics_eq(&uri, &[]).await;
    // A new first row typed up to its label's first letters: `images/dog7.png,do`.
    let row = line_start(client.text(&uri), 1);
    client.change(&uri, &[(row, row, "😀\n")]);
    client.change(&uri, &[(row, row + "😀\n".len(), "images/dog7.png,do\n")]);
    let items = client.request("textDocument/completion", at(&client, &uri, 2, ",do", 3)).await;
    let items = items.as_array().expect("completion items");
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(slice(client.text(&uri), &item["textEdit"]["range"], client.enc), "do");
    }
    let hover = client.request("textDocument/hover", at(&client, &uri, 3, "cat0", 0)).await;
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**images/cat0.png**"), "{md}");
    client.diagnostics_eq(&uri, &["duplicate-input", "unknown-concept"]).await;
    client.finish().await;
}
