//! `initialize` (capabilities, position encoding), `initialized` (file watching), `shutdown`
//! and `exit`, in process and as a process (exit status).

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::framing::{frame, read_message_blocking};
use crate::harness::{Client, Options, timeout};
use crate::positions::Enc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capabilities_match_what_the_server_does() {
    let client = Client::start(Options::default()).await;
    let caps = &client.init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    let sync = &caps["textDocumentSync"];
    assert_eq!((sync["openClose"].clone(), sync["change"].clone()), (json!(true), json!(2)));
    assert_eq!(sync["save"], true);
    for provider in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "inlayHintProvider",
    ] {
        assert_eq!(caps[provider], true, "{provider}");
    }
    assert_eq!(caps["codeActionProvider"]["codeActionKinds"], json!(["quickfix"]));
    assert_eq!(caps["executeCommandProvider"]["commands"], json!(["conceptlint.explainRule"]));
    assert!(
        caps["completionProvider"]["triggerCharacters"].as_array().unwrap().contains(&json!(","))
    );
    // Push client: no pull provider; nothing the server does not do.
    assert!(caps.get("diagnosticProvider").is_none(), "{caps}");
    assert_eq!(caps["codeLensProvider"], json!({"resolveProvider": false}));
    for absent in ["renameProvider", "documentFormattingProvider"] {
        assert!(caps.get(absent).is_none(), "{absent}");
    }
    assert_eq!(client.init["serverInfo"]["name"], "conceptlint");
    // After `initialized`: watching the files that change a dataset (dynamic registration).
    let reg = client.wait_asked("client/registerCapability", 1).await;
    let registration = &reg[0]["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = registration["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert!(globs.iter().any(|g| g.contains("png") && g.contains("jpg")), "{globs:?}");
    assert!(globs.iter().any(|g| g.contains("csv") && g.contains("txt")), "{globs:?}");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_clients_get_a_diagnostic_provider() {
    let client = Client::start(Options { pull: true, ..Default::default() }).await;
    let provider = &client.init["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["interFileDependencies"], true);
    assert_eq!(provider["workspaceDiagnostics"], false);
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn position_encoding_is_the_best_both_support() {
    let cases: [(Option<Vec<&'static str>>, &str, Enc); 4] = [
        (Some(vec!["utf-8", "utf-16"]), "utf-8", Enc::Utf8),
        (Some(vec!["utf-16", "utf-8"]), "utf-8", Enc::Utf8),
        (Some(vec!["utf-16"]), "utf-16", Enc::Utf16),
        (None, "utf-16", Enc::Utf16),
    ];
    for (offered, chosen, enc) in cases {
        let client =
            Client::start(Options { encodings: offered.clone(), ..Default::default() }).await;
        assert_eq!(client.init["capabilities"]["positionEncoding"], chosen, "{offered:?}");
        assert_eq!(client.enc, enc);
        client.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_before_initialize_and_after_shutdown_are_refused() {
    let mut client = Client::spawn(&Options::default());
    let early = client.request_result("textDocument/hover", hover_params()).await;
    assert_eq!(early.unwrap_err()["code"], -32002, "server not initialized");
    client.initialize(&Options::default()).await;
    let again = client.request_result("initialize", json!({"capabilities": {}})).await;
    assert_eq!(again.unwrap_err()["code"], -32600, "initialize twice");
    assert_eq!(client.request("shutdown", Value::Null).await, Value::Null);
    let late = client.request_result("textDocument/hover", hover_params()).await;
    assert_eq!(late.unwrap_err()["code"], -32600, "after shutdown");
    client.wait_asked("client/registerCapability", 1).await;
    // `finish` sends shutdown again (refused, but answered) and exit.
    let r = client.request_result("shutdown", Value::Null).await;
    assert!(r.is_err());
    client.notify("exit", Value::Null);
    client.stopped().await;
}

fn hover_params() -> Value {
    json!({"textDocument": {"uri": "file:///nowhere/labels.txt"}, "position": {"line": 0, "character": 0}})
}

/// `conceptlint server` as a child process, driven like a client drives it.
struct Process {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    from_server: mpsc::Receiver<Value>,
    /// Methods of the requests the server sent.
    asked: Vec<String>,
}

impl Process {
    fn start() -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_conceptlint"))
            .arg("server")
            .env("CONCEPTLINT_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let (tx, from_server) = mpsc::channel();
        std::thread::spawn(move || {
            loop {
                match read_message_blocking(&mut stdout) {
                    Ok(Some(m)) => {
                        let _ = tx.send(m);
                    }
                    Ok(None) => break,
                    Err(e) => {
                        let _ = tx.send(json!({"harness-error": e}));
                        break;
                    }
                }
            }
        });
        Process { child, stdin, from_server, asked: Vec::new() }
    }

    fn send(&mut self, m: Value) {
        self.stdin.write_all(&frame(&m)).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Waits for the response to request `id`, answering the server's own requests.
    fn response(&mut self, id: i64) -> Value {
        loop {
            let m = self.from_server.recv_timeout(timeout()).expect("a response in time");
            assert!(m.get("harness-error").is_none(), "{m}");
            if m.get("method").is_some() {
                if let Some(req) = m.get("id") {
                    self.asked.push(m["method"].as_str().unwrap().to_string());
                    self.send(json!({"jsonrpc": "2.0", "id": req, "result": null}));
                }
            } else if m["id"] == id {
                return m;
            }
        }
    }

    /// Waits for the process to exit (stdin stays open: `exit` must be enough).
    fn status(mut self) -> i32 {
        let deadline = Instant::now() + timeout();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code().expect("exited, not killed");
            }
            if Instant::now() > deadline {
                self.child.kill().unwrap();
                panic!("the server process did not exit within {:?}", timeout());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn initialize(&mut self) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
        let r = self.response(1);
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        r
    }
}

#[test]
fn the_process_exits_zero_after_shutdown_and_one_without() {
    let mut p = Process::start();
    let init = p.initialize();
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    p.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    assert_eq!(p.response(2), json!({"jsonrpc": "2.0", "id": 2, "result": null}));
    assert!(
        p.asked.is_empty(),
        "no dynamic registration without the client's support: {:?}",
        p.asked
    );
    p.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.status(), 0);

    let mut p = Process::start();
    p.initialize();
    p.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.status(), 1, "exit without shutdown");
}
