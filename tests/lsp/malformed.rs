//! Input that is no valid message, and messages the server has no handler for: each gets the
//! answer JSON-RPC 2.0 and the LSP specification ask for, and the server goes on serving.
//!
//! - a body that is not JSON (or not UTF-8, or nested too deep): parse error -32700, `id: null`;
//! - JSON that is no JSON-RPC message: invalid request -32600, `id: null`;
//! - a header without a usable `Content-Length`, stray bytes: one -32700, skipped up to the next
//!   header; a wrong `Content-Length`: one -32700, and the message it ate into is lost;
//! - an unknown request: method not found -32601 (also for `$/` requests); an unknown
//!   notification: ignored;
//! - parameters of the wrong type: invalid params -32602 (a notification: ignored);
//! - a 20 MB message: read and answered like any other.

use serde_json::{Value, json};

use crate::diagnostics::PETS_LABELS;
use crate::fixtures::pets;
use crate::framing::frame;
use crate::harness::{Client, Options};
use crate::hover::{hover_at, markdown};

/// The next answer to input the server could not read: its error code.
async fn unreadable(client: &mut Client) -> i64 {
    let m = client.wait_for("an answer with id null", |m| m.get("id") == Some(&Value::Null)).await;
    assert!(m.get("result").is_none(), "{m}");
    m["error"]["code"].as_i64().unwrap_or_else(|| panic!("an error code: {m}"))
}

/// The server still serves: a hover on the example's labels.txt is right.
async fn still_serving(client: &mut Client, labels: &str) {
    let h = hover_at(client, labels, 4, "rabbit", 2).await;
    assert!(markdown(&h).contains("| inputs | 12 (4.6% of 262) |"), "{h}");
}

fn body_frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

async fn open_labels() -> (Client, String) {
    let mut client = Client::start(Options::default()).await;
    let labels = client.open(&pets().join("labels.txt"));
    client.diagnostics_eq(&labels, PETS_LABELS).await;
    client.ignore_diagnostics_of(&labels);
    client.ignore_diagnostics_of(&labels.replace("labels.txt", "metadata.csv"));
    still_serving(&mut client, &labels).await;
    (client, labels)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_that_are_not_messages_are_answered_and_skipped() {
    let (mut client, labels) = open_labels().await;
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: [(&[u8], i64); 7] = [
        (b"{oops", -32700),
        (b"", -32700),
        (b"{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"x\xff\"}", -32700),
        (deep.as_bytes(), -32600),
        (b"[{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"shutdown\"}]", -32600),
        (br#"{"jsonrpc": "1.0", "id": 1, "method": "shutdown"}"#, -32600),
        (br#"{"jsonrpc": "2.0", "id": 1.5, "method": "shutdown"}"#, -32600),
    ];
    for (body, code) in cases {
        client.send_raw(&body_frame(body));
        let shown = String::from_utf8_lossy(&body[..body.len().min(80)]).into_owned();
        assert_eq!(unreadable(&mut client).await, code, "{shown}");
        still_serving(&mut client, &labels).await;
    }
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_framing_costs_one_answer_and_at_most_one_message() {
    let (mut client, labels) = open_labels().await;
    let broken: [&[u8]; 4] = [
        b"Content-Length: twelve\r\n\r\n{\"a\": 1}",
        b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}",
        b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        b"garbage without any line break",
    ];
    for bytes in broken {
        client.send_raw(bytes);
        still_serving(&mut client, &labels).await;
        assert_eq!(unreadable(&mut client).await, -32700, "{}", String::from_utf8_lossy(bytes));
    }
    // A length too short: the rest of the body is skipped with it.
    let exit_body = json!({"jsonrpc": "2.0", "method": "exit"}).to_string();
    let mut short = format!("Content-Length: {}\r\n\r\n", exit_body.len() - 9).into_bytes();
    short.extend_from_slice(exit_body.as_bytes());
    client.send_raw(&short);
    still_serving(&mut client, &labels).await;
    assert_eq!(unreadable(&mut client).await, -32700);
    // A length too long: it eats into the next message (an exit: it must not take effect).
    let body = br#"{"jsonrpc": "2.0", "method": "initialized", "params": {}}"#;
    let mut long = format!("Content-Length: {}\r\n\r\n", body.len() + 20).into_bytes();
    long.extend_from_slice(body);
    long.extend_from_slice(&frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
    client.send_raw(&long);
    still_serving(&mut client, &labels).await;
    assert_eq!(unreadable(&mut client).await, -32700);
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_methods_and_wrong_parameters() {
    let (mut client, labels) = open_labels().await;
    // A method the server does not implement: rename.
    let rename = json!({
        "textDocument": {"uri": labels},
        "position": {"line": 0, "character": 0},
        "newName": "x",
    });
    for (method, params) in
        [("conceptlint/nope", json!({})), ("$/nope", json!({})), ("textDocument/rename", rename)]
    {
        let e = client.request_result(method, params.clone()).await.unwrap_err();
        assert_eq!(e["code"], -32601, "{method}: {e}");
        client.notify(method, params);
    }
    let wrong = [
        json!({"textDocument": 5, "position": {"line": 0, "character": 0}}),
        json!({"textDocument": {"uri": labels}, "position": {"line": -1, "character": 0}}),
        json!({"textDocument": {"uri": labels}}),
        json!("a string"),
        Value::Null,
    ];
    for params in wrong {
        let e = client.request_result("textDocument/hover", params.clone()).await.unwrap_err();
        assert_eq!(e["code"], -32602, "{params}: {e}");
    }
    // Notifications with wrong parameters change nothing.
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": labels}}));
    client.notify("textDocument/didOpen", json!({"textDocument": 7}));
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": "all"}));
    still_serving(&mut client, &labels).await;
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_twenty_megabyte_message_is_read_like_any_other() {
    let (mut client, labels) = open_labels().await;
    let text = client.text(&labels).to_string();
    let line = text.lines().position(|l| l == "rabbit").unwrap();
    let params = json!({
        "textDocument": {"uri": labels},
        "position": {"line": line, "character": 2},
        "padding": "é".repeat(10 << 20),
    });
    let h = client.request("textDocument/hover", params).await;
    assert!(markdown(&h).contains("| inputs | 12 (4.6% of 262) |"), "{h}");
    still_serving(&mut client, &labels).await;
    client.finish().await;
}
