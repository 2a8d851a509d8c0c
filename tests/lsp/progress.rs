//! Image probing of a big dataset reports work-done progress, when the client supports it.

use serde_json::Value;

use crate::bench::{big_dataset, open_timed};
use crate::harness::{Client, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn image_probing_reports_progress_to_clients_that_support_it() {
    let dir = tempfile::TempDir::new().unwrap();
    big_dataset(dir.path(), 600);
    let mut client = Client::start(Options::default()).await;
    open_timed(&mut client, dir.path()).await;
    let created = client.wait_asked("window/workDoneProgress/create", 1).await;
    let token = created[0]["params"]["token"].clone();
    let is_progress = |m: &Value, kind: &str| {
        m["method"] == "$/progress"
            && m["params"]["token"] == token
            && m["params"]["value"]["kind"] == kind
    };
    let begin = client.wait_for("progress begin", |m| is_progress(m, "begin")).await;
    assert!(begin["params"]["value"]["title"].as_str().unwrap().contains("images"));
    client.wait_for("progress end", |m| is_progress(m, "end")).await;
    client.finish().await;

    let opts = Options { work_done_progress: false, ..Default::default() };
    let mut client = Client::start(opts).await;
    let (uri, _) = open_timed(&mut client, dir.path()).await;
    // Probing done (its publication), and no progress asked for.
    client.diagnostics(&uri, |p| p["version"] == 1).await;
    client.collect_for(std::time::Duration::from_millis(300)).await;
    assert!(client.asked().iter().all(|m| m["method"] != "window/workDoneProgress/create"));
    client.finish().await;
}
