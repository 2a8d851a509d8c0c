//! An in-process LSP client: `conceptlint::server::serve` on tokio duplex pipes, real JSON-RPC
//! framing (see `framing.rs`) in both directions.
//!
//! Invariants the tests rely on:
//! - every wait times out (after [`timeout()`]) with a message that lists what did arrive;
//! - the server's requests are answered as a real client would (registration, configuration,
//!   progress tokens, refresh) and recorded; an unknown request fails the test;
//! - [`Client::finish`] shuts the server down as the specification says and fails on messages
//!   nobody consumed: a user-visible message, a protocol error, or diagnostics that differ
//!   from the last ones the test looked at.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::documents::Doc;
use crate::framing::frame;
use crate::positions::Enc;
use crate::transport::{Answers, Pending, capabilities, read_loop};

/// The key of a message to the writer task that carries raw bytes.
const RAW: &str = "harness-raw-bytes";

/// The longest any single wait may take: 10 s, or `LSP_TEST_TIMEOUT_SECS`.
pub fn timeout() -> Duration {
    static SECS: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let secs = SECS.get_or_init(|| {
        std::env::var("LSP_TEST_TIMEOUT_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(10)
    });
    Duration::from_secs(*secs)
}

/// What the client says about itself in `initialize`.
#[derive(Clone)]
pub struct Options {
    /// `general.positionEncodings`; `None` leaves the field out.
    pub encodings: Option<Vec<&'static str>>,
    /// `textDocument.diagnostic`: the client pulls diagnostics.
    pub pull: bool,
    /// `workspace.configuration`, answered with this value for section `conceptlint`.
    pub configuration: Option<Value>,
    /// How long the client takes to answer `workspace/configuration`.
    pub configuration_delay: Duration,
    pub initialization_options: Option<Value>,
    pub work_done_progress: bool,
    pub markdown: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            encodings: Some(vec!["utf-8", "utf-16"]),
            pull: false,
            configuration: None,
            configuration_delay: Duration::ZERO,
            initialization_options: Some(json!({"debounceMs": 50})),
            work_done_progress: true,
            markdown: true,
        }
    }
}

impl Options {
    pub fn utf16() -> Self {
        Options { encodings: Some(vec!["utf-16"]), ..Default::default() }
    }
}

pub struct Client {
    out: mpsc::UnboundedSender<Value>,
    inbox: mpsc::UnboundedReceiver<Value>,
    pending: Pending,
    answers: Arc<Mutex<Answers>>,
    /// Received, not consumed yet, in arrival order.
    buffer: VecDeque<Value>,
    next_id: i64,
    server: JoinHandle<()>,
    pub enc: Enc,
    /// The `initialize` result.
    pub init: Value,
    pub docs: HashMap<String, Doc>,
    /// The last diagnostics the test consumed, per URI.
    seen: HashMap<String, Value>,
    /// Every `publishDiagnostics` received so far, consumed or not, in order.
    pub published: Vec<Value>,
    /// URIs whose unconsumed diagnostics `finish` does not check.
    ignored: Vec<String>,
    /// When the last `didChange` was sent.
    pub last_change: std::time::Instant,
}

impl Client {
    /// Starts a server and initializes it.
    pub async fn start(opts: Options) -> Client {
        let mut client = Client::spawn(&opts);
        client.initialize(&opts).await;
        client
    }

    /// Starts a server without initializing it.
    pub fn spawn(opts: &Options) -> Client {
        let (client_end, server_end) = tokio::io::duplex(64 * 1024);
        let (server_read, server_write) = tokio::io::split(server_end);
        let server = tokio::spawn(conceptlint::server::serve(server_read, server_write));
        let (read, mut write) = tokio::io::split(client_end);
        let (out, mut out_rx) = mpsc::unbounded_channel::<Value>();
        tokio::spawn(async move {
            while let Some(m) = out_rx.recv().await {
                // Bytes sent as they are (see `send_raw`), or a message framed.
                let bytes = match m.get(RAW) {
                    Some(raw) => serde_json::from_value(raw.clone()).expect("bytes"),
                    None => frame(&m),
                };
                if write.write_all(&bytes).await.is_err() || write.flush().await.is_err() {
                    break;
                }
            }
        });
        let (inbox_tx, inbox) = mpsc::unbounded_channel();
        let pending: Pending = Arc::default();
        let answers = Arc::new(Mutex::new(Answers {
            configuration: opts.configuration.clone().unwrap_or(Value::Null),
            configuration_delay: opts.configuration_delay,
            ..Default::default()
        }));
        tokio::spawn(read_loop(read, out.clone(), inbox_tx, pending.clone(), answers.clone()));
        Client {
            out,
            inbox,
            pending,
            answers,
            buffer: VecDeque::new(),
            next_id: 0,
            server,
            enc: Enc::Utf16,
            init: Value::Null,
            docs: HashMap::new(),
            seen: HashMap::new(),
            published: Vec::new(),
            ignored: Vec::new(),
            last_change: std::time::Instant::now(),
        }
    }

    /// `initialize` (the result lands in `init`, the negotiated encoding in `enc`), then
    /// `initialized`.
    pub async fn initialize(&mut self, opts: &Options) {
        let client = self;
        let mut params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": capabilities(opts),
            "clientInfo": {"name": "conceptlint-test-harness"},
        });
        if let Some(o) = &opts.initialization_options {
            params["initializationOptions"] = o.clone();
        }
        client.init = client.request("initialize", params).await;
        client.enc = match client.init["capabilities"]["positionEncoding"].as_str() {
            Some("utf-8") => Enc::Utf8,
            Some("utf-16") | None => Enc::Utf16,
            Some(other) => panic!("server chose {other:?}, which the client cannot speak"),
        };
        client.notify("initialized", json!({}));
    }

    /// Answers `workspace/configuration` with `value` from now on (after `delay`).
    pub fn set_configuration(&self, value: Value, delay: Duration) {
        let mut a = self.answers.lock().unwrap();
        a.configuration = value;
        a.configuration_delay = delay;
    }

    /// The requests the server sent so far.
    pub fn asked(&self) -> Vec<Value> {
        self.answers.lock().unwrap().asked.clone()
    }

    /// Waits until the server has sent `n` requests of `method`; returns them.
    pub async fn wait_asked(&self, method: &str, n: usize) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + timeout();
        loop {
            let found: Vec<Value> =
                self.asked().into_iter().filter(|m| m["method"] == method).collect();
            if found.len() >= n {
                return found;
            }
            assert!(tokio::time::Instant::now() < deadline, "server never asked {method} x{n}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Sends bytes as they are, framed or not (malformed input), in order with the messages.
    pub fn send_raw(&self, bytes: &[u8]) {
        self.out.send(json!({RAW: bytes})).expect("the writer task is alive");
    }

    /// Sends a request without waiting: its id, and where its response (the whole message)
    /// will arrive.
    pub fn request_start(
        &mut self,
        method: &str,
        params: Value,
    ) -> (i64, oneshot::Receiver<Value>) {
        self.next_id += 1;
        let id = self.next_id;
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        let m = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.out.send(m).expect("the writer task is alive");
        (id, rx)
    }

    pub fn notify(&self, method: &str, params: Value) {
        let m = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.out.send(m).expect("the writer task is alive");
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub async fn request_result(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let (_, rx) = self.request_start(method, params);
        let response = match tokio::time::timeout(timeout(), rx).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => panic!("connection closed before the response to {method}"),
            Err(_) => panic!("no response to {method} within {:?}", timeout()),
        };
        match (response.get("result"), response.get("error")) {
            (Some(r), None) => Ok(r.clone()),
            (None, Some(e)) => Err(e.clone()),
            _ => panic!("a response needs exactly one of result and error: {response}"),
        }
    }

    /// Sends a request that must succeed.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        self.request_result(method, params).await.unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    /// Waits for a message from the server that `pred` accepts; the others stay unconsumed.
    pub async fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.buffer.iter().position(&pred) {
            return self.buffer.remove(i).expect("index in range");
        }
        loop {
            let m = self.next_message(what).await;
            if pred(&m) {
                return m;
            }
            self.buffer.push_back(m);
        }
    }

    async fn next_message(&mut self, what: &str) -> Value {
        let m = match tokio::time::timeout(timeout(), self.inbox.recv()).await {
            Ok(Some(m)) => m,
            Ok(None) => {
                panic!("connection closed waiting for {what}; unconsumed:\n{}", self.summary())
            }
            Err(_) => panic!(
                "timed out after {:?} waiting for {what}; unconsumed:\n{}",
                timeout(),
                self.summary()
            ),
        };
        if let Some(e) = m.get("harness-error") {
            panic!("protocol error: {e}");
        }
        if m["method"] == "textDocument/publishDiagnostics" {
            self.published.push(m["params"].clone());
        }
        m
    }

    /// Receives everything the server sends for `time` (kept unconsumed).
    pub async fn collect_for(&mut self, time: Duration) {
        let end = tokio::time::Instant::now() + time;
        while let Ok(Some(m)) = tokio::time::timeout_at(end, self.inbox.recv()).await {
            if let Some(e) = m.get("harness-error") {
                panic!("protocol error: {e}");
            }
            if m["method"] == "textDocument/publishDiagnostics" {
                self.published.push(m["params"].clone());
            }
            self.buffer.push_back(m);
        }
    }

    fn summary(&self) -> String {
        let mut s = String::new();
        for m in &self.buffer {
            let text = m.to_string();
            let end = text.char_indices().nth(300).map_or(text.len(), |(i, _)| i);
            s.push_str(&format!("  {}\n", &text[..end]));
        }
        // What was published last for each document (consumed or not), to tell a result that
        // never came from one that came different.
        let mut last: Vec<(&str, &Value)> = Vec::new();
        for p in &self.published {
            let uri = p["uri"].as_str().unwrap_or("?");
            match last.iter_mut().find(|(u, _)| *u == uri) {
                Some(entry) => entry.1 = p,
                None => last.push((uri, p)),
            }
        }
        for (uri, p) in last {
            let codes = rules(&p["diagnostics"]).join(", ");
            s.push_str(&format!(
                "last published for {uri} (version {}): [{codes}]\n",
                p["version"]
            ));
        }
        s
    }

    /// Waits until the diagnostics published for `uri` satisfy `pred` (given the
    /// `publishDiagnostics` params); earlier publications for `uri` are consumed with it.
    pub async fn diagnostics(&mut self, uri: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let of_uri = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        let found = match self.buffer.iter().position(|m| of_uri(m) && pred(&m["params"])) {
            Some(i) => {
                // Older publications of this URI are superseded by the one found.
                let older = self.buffer.iter().take(i).filter(|m| of_uri(m)).count();
                let found = self.buffer.remove(i).expect("index in range");
                for _ in 0..older {
                    let k = self.buffer.iter().position(of_uri).expect("counted above");
                    self.buffer.remove(k);
                }
                found
            }
            None => {
                self.buffer.retain(|m| !of_uri(m));
                let what = format!("diagnostics of {uri}");
                loop {
                    let m = self.next_message(&what).await;
                    if of_uri(&m) && pred(&m["params"]) {
                        break m;
                    }
                    if !of_uri(&m) {
                        self.buffer.push_back(m);
                    }
                }
            }
        };
        let params = found["params"].clone();
        self.seen.insert(uri.to_string(), params.clone());
        params
    }

    /// Waits for diagnostics of `uri` for its current version whose rule names (sorted,
    /// repeated) are `codes`.
    pub async fn diagnostics_eq(&mut self, uri: &str, codes: &[&str]) -> Vec<Value> {
        let version = self.docs.get(uri).map(|d| d.version);
        let mut want: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        want.sort();
        let p = self
            .diagnostics(uri, |p| {
                (version.is_none() || p["version"].as_i64() == version.map(i64::from))
                    && rules(&p["diagnostics"]) == want
            })
            .await;
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Waits for the diagnostics of the document's current version, whatever they are.
    pub async fn current_diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let version = self.docs[uri].version;
        let p = self.diagnostics(uri, |p| p["version"] == version).await;
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// The diagnostics of `uri` the test consumed last.
    pub fn last_diagnostics(&self, uri: &str) -> Vec<Value> {
        let p = self.seen.get(uri).unwrap_or_else(|| panic!("no diagnostics of {uri} seen yet"));
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// `finish` does not check unconsumed diagnostics of `uri`.
    pub fn ignore_diagnostics_of(&mut self, uri: &str) {
        self.ignored.push(uri.to_string());
    }

    /// Waits for the server to stop (after `exit`).
    pub async fn stopped(&mut self) {
        match tokio::time::timeout(timeout(), &mut self.server).await {
            Ok(r) => r.expect("the server task ends without panicking"),
            Err(_) => panic!("the server did not stop within {:?} after exit", timeout()),
        }
    }

    /// `shutdown`, then `exit`; the server must stop, and every message it sent must have been
    /// consumed (diagnostics equal to the last ones consumed, progress and logs excepted).
    pub async fn finish(mut self) {
        let r = self.request("shutdown", Value::Null).await;
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null);
        self.stopped().await;
        while let Ok(Some(m)) = tokio::time::timeout(timeout(), self.inbox.recv()).await {
            self.buffer.push_back(m);
        }
        let mut unexpected = Vec::new();
        for m in &self.buffer {
            let method = m["method"].as_str().unwrap_or_default();
            let fine = match method {
                "$/progress" | "window/logMessage" => true,
                "textDocument/publishDiagnostics" => {
                    let uri = m["params"]["uri"].as_str().unwrap_or_default();
                    self.ignored.iter().any(|u| u == uri)
                        || self.seen.get(uri).is_some_and(|seen| *seen == m["params"])
                }
                _ => false,
            };
            if !fine {
                unexpected.push(m.to_string());
            }
        }
        assert!(unexpected.is_empty(), "unconsumed messages:\n{}", unexpected.join("\n"));
    }
}

/// Rule names of LSP diagnostics, sorted.
pub fn rules(diagnostics: &Value) -> Vec<String> {
    let mut v: Vec<String> = diagnostics
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d["code"].as_str().unwrap_or("?").to_string())
        .collect();
    v.sort();
    v
}
