//! Editor settings: `initializationOptions`, `workspace/configuration` (pulled, also from a
//! slow client), `didChangeConfiguration` (pushed and as a signal to pull).

use std::time::Duration;

use serde_json::json;

use crate::diagnostics::PETS_MANIFEST;
use crate::fixtures::pets;
use crate::harness::{Client, Options};
use crate::positions::slice;

/// The concepts `too-few-inputs` names in labels.txt's last diagnostics.
fn too_few(client: &Client, labels: &str) -> Vec<String> {
    let text = client.text(labels);
    let mut names: Vec<String> = client
        .last_diagnostics(labels)
        .iter()
        .filter(|d| d["code"] == "too-few-inputs")
        .map(|d| slice(text, &d["range"], client.enc).to_string())
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialization_options_set_thresholds_and_severities() {
    let options = json!({
        "thresholds": {"minInputs": 10},
        "severity": {"small-image": "error", "CL009": "hint"},
        "debounceMs": 20,
    });
    let opts = Options { initialization_options: Some(options), ..Default::default() };
    let mut client = Client::start(opts).await;
    let manifest = client.open(&pets().join("metadata.csv"));
    let labels = client.open(&pets().join("labels.txt"));
    let diags = client.diagnostics_eq(&manifest, PETS_MANIFEST).await;
    for d in diags.iter().filter(|d| d["code"] == "small-image") {
        assert_eq!(d["severity"], 1, "error");
    }
    let diags = client.diagnostics_eq(&labels, &["class-imbalance"]).await;
    assert_eq!(diags[0]["severity"], 4, "hint");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_is_pulled_even_from_a_slow_client_and_on_change() {
    // The answer to `workspace/configuration` comes late: documents are open by then.
    let opts = Options {
        configuration: Some(json!({"thresholds": {"minInputs": 10}})),
        configuration_delay: Duration::from_millis(400),
        ..Default::default()
    };
    let mut client = Client::start(opts).await;
    let manifest = client.open(&pets().join("metadata.csv"));
    let labels = client.open(&pets().join("labels.txt"));
    client.diagnostics_eq(&manifest, PETS_MANIFEST).await;
    client.ignore_diagnostics_of(&manifest); // the same findings, republished per settings
    client.diagnostics_eq(&labels, &["class-imbalance"]).await;
    let asked = client.wait_asked("workspace/configuration", 1).await;
    assert_eq!(asked[0]["params"]["items"][0]["section"], "conceptlint");

    client.set_configuration(json!({"thresholds": {"minInputs": 100}}), Duration::ZERO);
    client.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    client.wait_asked("workspace/configuration", 2).await;
    let four = ["class-imbalance", "too-few-inputs", "too-few-inputs", "too-few-inputs"];
    client.diagnostics_eq(&labels, &four).await;
    assert_eq!(too_few(&client, &labels), ["bird", "dog", "rabbit"]);
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushed_settings_apply_and_invalid_ones_are_reported_and_ignored() {
    let mut client = Client::start(Options::default()).await;
    let labels = client.open(&pets().join("labels.txt"));
    client.ignore_diagnostics_of(&labels.replace("labels.txt", "metadata.csv"));
    client.diagnostics_eq(&labels, &["class-imbalance", "too-few-inputs"]).await;
    let settings = json!({"conceptlint": {"thresholds": {"minInputs": 60}}});
    client.notify("workspace/didChangeConfiguration", json!({"settings": settings}));
    client.diagnostics_eq(&labels, &["class-imbalance", "too-few-inputs", "too-few-inputs"]).await;
    assert_eq!(too_few(&client, &labels), ["bird", "rabbit"]);

    let bad = json!({"conceptlint": {"severity": {"no-such-rule": "error"}}});
    client.notify("workspace/didChangeConfiguration", json!({"settings": bad}));
    let shown = client.wait_for("a warning", |m| m["method"] == "window/showMessage").await;
    assert_eq!(shown["params"]["type"], 2);
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("unknown rule 'no-such-rule'"), "{message}");
    // The previous settings stay: the same findings again.
    let published = client.published.len();
    client.diagnostics_eq(&labels, &["class-imbalance", "too-few-inputs", "too-few-inputs"]).await;
    assert_eq!(too_few(&client, &labels), ["bird", "rabbit"]);
    assert!(client.published.len() > published, "re-analyzed after the settings change");
    client.finish().await;
}
