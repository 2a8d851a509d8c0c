//! A result computed for a version that an edit made old while it was computed is dropped:
//! never published, never stored.

use std::time::Duration;

use serde_json::{Value, json};

use crate::bench::{big_dataset, edit_timed, open_timed, set_label};
use crate::harness::{Client, Options};
use crate::positions::slice;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_for_a_version_edited_while_it_was_computed_is_dropped() {
    let dir = tempfile::TempDir::new().unwrap();
    big_dataset(dir.path(), 50_000);
    let debounce = 100;
    let opts = Options {
        initialization_options: Some(json!({"debounceMs": debounce})),
        ..Default::default()
    };
    let mut client = Client::start(opts).await;
    let (uri, _) = open_timed(&mut client, dir.path()).await;
    // How long an analysis after an edit takes here (the debounce aside): the shortest of a
    // few, so that an edit slowed by the opening's background work (image probing) does not
    // make the wait below outlast the analysis it is meant to interrupt.
    let mut took = Duration::MAX;
    for _ in 0..3 {
        took = took.min(edit_timed(&mut client, &uri, 10, "zz_a").await);
    }
    let analysis = took.saturating_sub(Duration::from_millis(debounce));
    // Version 5, then version 6 while version 5 is being analyzed.
    set_label(&mut client, &uri, 20, "zz_b");
    tokio::time::sleep(Duration::from_millis(debounce) + analysis / 3).await;
    set_label(&mut client, &uri, 20, "concept_00");
    set_label(&mut client, &uri, 30, "zz_c");
    assert_eq!(client.docs[&uri].version, 7);
    let diags = client.current_diagnostics(&uri).await;
    let text = client.text(&uri);
    let unknown: Vec<&str> = diags.iter().map(|d| slice(text, &d["range"], client.enc)).collect();
    assert_eq!(unknown, ["zz_a", "zz_c"], "the findings of the last text");
    let versions: Vec<&Value> = client
        .published
        .iter()
        .filter(|p| p["uri"] == uri.as_str())
        .map(|p| &p["version"])
        .collect();
    assert!(
        versions.iter().all(|v| **v != 5 && **v != 6),
        "versions 5 and 6 were outdated before their analysis ended ({analysis:?}): {versions:?}"
    );
    client.finish().await;
}
