//! The client's half of the wire: what it says it can do, and the task reading the server's
//! messages (answering the server's requests as a real client would).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncRead, BufReader};
use tokio::sync::{mpsc, oneshot};

use crate::framing::read_message;
use crate::harness::Options;

/// The client's answers to the server's requests, shared with the reader task.
#[derive(Default)]
pub struct Answers {
    pub configuration: Value,
    /// How long to wait before answering `workspace/configuration` (a slow client).
    pub configuration_delay: Duration,
    /// Every request the server sent, in order.
    pub asked: Vec<Value>,
}

pub type Pending = Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>;

pub fn capabilities(opts: &Options) -> Value {
    let formats =
        if opts.markdown { json!(["markdown", "plaintext"]) } else { json!(["plaintext"]) };
    let mut caps = json!({
        "textDocument": {
            "synchronization": {"didSave": true},
            "publishDiagnostics": {"versionSupport": true, "relatedInformation": true},
            "hover": {"contentFormat": formats},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}},
            "completion": {"completionItem": {"snippetSupport": false}},
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
            "inlayHint": {},
        },
        "workspace": {
            "configuration": opts.configuration.is_some(),
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]},
        },
        "window": {"workDoneProgress": opts.work_done_progress},
    });
    if let Some(e) = &opts.encodings {
        caps["general"] = json!({"positionEncodings": e});
    }
    if opts.pull {
        caps["textDocument"]["diagnostic"] = json!({"relatedDocumentSupport": false});
        caps["workspace"]["diagnostics"] = json!({"refreshSupport": true});
    }
    caps
}

/// Reads the server's messages: answers its requests, routes responses to their requests,
/// queues notifications; a protocol error is queued as `{"harness-error": ...}`.
pub async fn read_loop(
    read: impl AsyncRead + Unpin,
    out: mpsc::UnboundedSender<Value>,
    inbox: mpsc::UnboundedSender<Value>,
    pending: Pending,
    answers: Arc<Mutex<Answers>>,
) {
    let mut r = BufReader::new(read);
    loop {
        let m = match read_message(&mut r).await {
            Ok(Some(m)) => m,
            Ok(None) => break,
            Err(e) => {
                let _ = inbox.send(json!({"harness-error": e}));
                break;
            }
        };
        let method = m.get("method").and_then(Value::as_str).map(str::to_string);
        match (method, m.get("id").cloned()) {
            (Some(method), Some(id)) => {
                let (result, delay) = {
                    let mut a = answers.lock().unwrap();
                    a.asked.push(m.clone());
                    match method.as_str() {
                        "workspace/configuration" => {
                            let items =
                                m["params"]["items"].as_array().cloned().unwrap_or_default();
                            let values: Vec<Value> = items
                                .iter()
                                .map(|i| match i["section"].as_str() {
                                    Some("conceptlint") => a.configuration.clone(),
                                    _ => Value::Null,
                                })
                                .collect();
                            (Some(Value::from(values)), a.configuration_delay)
                        }
                        "client/registerCapability"
                        | "client/unregisterCapability"
                        | "window/workDoneProgress/create"
                        | "workspace/diagnostic/refresh" => (Some(Value::Null), Duration::ZERO),
                        _ => (None, Duration::ZERO),
                    }
                };
                let reply = match result {
                    Some(r) => json!({"jsonrpc": "2.0", "id": id, "result": r}),
                    None => {
                        let _ = inbox.send(json!({"harness-error": format!("unexpected {m}")}));
                        let error = json!({"code": -32601, "message": "method not found"});
                        json!({"jsonrpc": "2.0", "id": id, "error": error})
                    }
                };
                let out = out.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(delay).await;
                    let _ = out.send(reply);
                });
            }
            // A response to no request (`id: null`): what a server answers to input it could
            // not read. The test looks at it.
            (None, Some(Value::Null)) => {
                let _ = inbox.send(m);
            }
            (None, Some(id)) => {
                let waiting = id.as_i64().and_then(|id| pending.lock().unwrap().remove(&id));
                match waiting {
                    Some(tx) => {
                        let _ = tx.send(m);
                    }
                    None => {
                        let _ = inbox.send(json!({"harness-error": format!("stray response {m}")}));
                    }
                }
            }
            (Some(_), None) => {
                let _ = inbox.send(m);
            }
            (None, None) => {
                let _ = inbox.send(json!({"harness-error": format!("not a message: {m}")}));
            }
        }
    }
}
