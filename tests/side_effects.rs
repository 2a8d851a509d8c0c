//! Nothing written, nothing reached: `check`, `report` and the language server write no file
//! but the image cache (`<root>/.conceptlint_cache/`, none with `--no-cache`) and the report the
//! user asked for; they never touch a path outside the dataset's root that a manifest names
//! (only config and ignore files of the folders above it, the user's git config and the system's
//! own files); and they never open a socket.
//!
//! The file and network checks run the binary under `strace`; without strace they are skipped
//! with a message (.ci installs it).

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use tempfile::TempDir;

/// A dataset in `root/data`, images that its manifest names outside it in `root/outside`, the
/// working folder `root/cwd` and the home folder `root/home` (both empty).
struct Layout {
    _tmp: TempDir,
    root: PathBuf,
}

impl Layout {
    fn new() -> Layout {
        let tmp = TempDir::new().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let data = root.join("data");
        for dir in ["data/images", "outside", "cwd", "home"] {
            fs::create_dir_all(root.join(dir)).unwrap();
        }
        for (i, path) in ["data/images/a.png", "data/images/b.png", "outside/secret.png"]
            .into_iter()
            .chain(["outside/absolute.png"])
            .enumerate()
        {
            let seed = i as u32 + 1;
            image::RgbImage::from_fn(64, 64, |x, y| {
                image::Rgb([(x * seed) as u8, (y * 3 + seed) as u8, (x ^ y) as u8])
            })
            .save(root.join(path))
            .unwrap();
        }
        let absolute = root.join("outside/absolute.png");
        let manifest = format!(
            "file_name,label\nimages/a.png,cat\nimages/b.png,dog\n../outside/secret.png,cat\n{},dog\nhttps://example.com/c.png,cat\n",
            absolute.display()
        );
        fs::write(data.join("metadata.csv"), manifest).unwrap();
        fs::write(data.join("labels.txt"), "cat\ndog\n").unwrap();
        fs::write(
            data.join("predictions.csv"),
            "file_name,cat,dog\nimages/a.png,0.9,0.1\nimages/b.png,0.2,0.8\n",
        )
        .unwrap();
        Layout { _tmp: tmp, root }
    }

    fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    /// `program ARGS` in `root/cwd` with `HOME` (and XDG folders) in `root/home`.
    fn command(&self, program: &str) -> Command {
        let home = self.root.join("home");
        let mut c = Command::new(program);
        c.current_dir(self.root.join("cwd"))
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("NO_COLOR", "1")
            .env_remove("LD_LIBRARY_PATH")
            .env_remove("RUST_LOG")
            .env_remove("CONCEPTLINT_LOG");
        c
    }
}

const BIN: &str = env!("CARGO_BIN_EXE_conceptlint");

/// Every entry under `root`: files with size and modification time, folders by name only (a
/// folder's time changes when an entry is added, which the entry itself shows).
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Option<(u64, SystemTime)>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                out.insert(path, None);
            } else {
                out.insert(path, Some((meta.len(), meta.modified().unwrap())));
            }
        }
    }
    out
}

/// Paths added, removed or changed between two snapshots.
fn changes(
    before: &BTreeMap<PathBuf, Option<(u64, SystemTime)>>,
    after: &BTreeMap<PathBuf, Option<(u64, SystemTime)>>,
) -> Vec<PathBuf> {
    let keys = before.keys().chain(after.keys());
    let mut out: Vec<PathBuf> = keys.filter(|k| before.get(*k) != after.get(*k)).cloned().collect();
    out.dedup();
    out
}

fn run_cli(layout: &Layout, args: &[&str]) {
    let out = layout.command(BIN).args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {out:?}");
}

/// One LSP message with its header.
fn send(stdin: &mut ChildStdin, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

/// Reads framed messages from the server into a channel until its output closes.
fn read_messages(stdout: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut len = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    len = v.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; len.unwrap_or(0)];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let Ok(message) = serde_json::from_slice(&body) else { return };
            if tx.send(message).is_err() {
                return;
            }
        }
    });
    rx
}

/// A language server session: open the manifest, wait for its diagnostics (image checks
/// included), hover the first image path, shut down. `wrap` runs the server under a program
/// (strace) with its arguments.
fn server_session(layout: &Layout, wrap: &[&str]) {
    let mut command = match wrap.split_first() {
        Some((program, args)) => {
            let mut c = layout.command(program);
            c.args(args).arg(BIN);
            c
        }
        None => layout.command(BIN),
    };
    let mut child: Child = command
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let messages = read_messages(child.stdout.take().unwrap());
    let data = layout.data();
    let uri = format!("file://{}", data.join("metadata.csv").display());
    let text = fs::read_to_string(data.join("metadata.csv")).unwrap();
    let root_uri = format!("file://{}", data.display());
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": null, "rootUri": root_uri, "capabilities": {},
        "workspaceFolders": [{"uri": root_uri, "name": "data"}]}}),
    );
    // Like every client: nothing more before the answer (the server drops early notifications).
    while messages.recv_timeout(Duration::from_secs(30)).expect("initialize answer")["id"] != 1 {}
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "csv", "version": 1, "text": text}}}),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let mut image_checked = false;
    while !image_checked {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let message = messages.recv_timeout(left).expect("diagnostics of metadata.csv in 60 s");
        if message.get("id").is_some() && message.get("method").is_some() {
            // A request from the server (progress, configuration): answer it.
            send(&mut stdin, &json!({"jsonrpc": "2.0", "id": message["id"], "result": null}));
        }
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri.as_str()
        {
            let codes = message["params"]["diagnostics"].to_string();
            image_checked = codes.contains("path-outside-root");
        }
    }
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 1, "character": 3}}}),
    );
    send(&mut stdin, &json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    loop {
        let message = messages.recv_timeout(Duration::from_secs(30)).expect("shutdown answer");
        if message["id"] == 3 {
            break;
        }
    }
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    let status = child.wait().unwrap();
    assert!(status.success(), "server exit: {status:?}");
}

#[test]
fn only_the_cache_and_the_requested_report_are_written() {
    let layout = Layout::new();
    let data = layout.data();
    let data_arg = data.to_str().unwrap();
    let cache = data.join(".conceptlint_cache");
    let snap = || snapshot(&layout.root);

    let before = snap();
    for format in ["human", "json", "sarif"] {
        run_cli(&layout, &["check", "--no-cache", "--format", format, data_arg]);
    }
    run_cli(&layout, &["report", "--format", "json", data_arg]);
    server_session(&layout, &[]);
    assert_eq!(changes(&before, &snap()), Vec::<PathBuf>::new(), "--no-cache, report, server");

    run_cli(&layout, &["check", data_arg]);
    let with_cache = snap();
    let written = changes(&before, &with_cache);
    assert!(written.contains(&cache), "{written:?}");
    assert!(written.iter().all(|p| p.starts_with(&cache)), "outside the cache: {written:?}");

    let html = layout.root.join("cwd/report.html");
    run_cli(&layout, &["report", "--html", html.to_str().unwrap(), data_arg]);
    let written = changes(&with_cache, &snap());
    assert!(written.contains(&html), "{written:?}");
    assert!(
        written.iter().all(|p| p == &html || p.starts_with(&cache)),
        "report wrote more than its page: {written:?}"
    );
}

fn strace_available() -> bool {
    let ok = Command::new("strace").arg("-V").output().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: strace is not installed (apt-get install strace); not checked");
    }
    ok
}

/// Runs `conceptlint ARGS` (or, with no ARGS, a server session) under `strace -f -e TRACE`;
/// returns the trace's lines.
fn traced(layout: &Layout, trace: &str, args: &[&str]) -> Vec<String> {
    let out = layout.root.join("home/trace.txt");
    let o = out.to_str().unwrap();
    let strace = ["strace", "-f", "-qq", "-s", "4096", "-e", trace, "-o", o];
    if args.is_empty() {
        server_session(layout, &strace);
    } else {
        let status = layout.command("strace").args(&strace[1..]).arg(BIN).args(args).output();
        assert!(matches!(status.unwrap().status.code(), Some(0 | 1)), "{args:?}");
    }
    let text = fs::read_to_string(&out).unwrap();
    fs::remove_file(&out).unwrap();
    text.lines().map(str::to_string).collect()
}

/// The path arguments of the traced file calls, made absolute against the working folder.
fn paths(lines: &[String], cwd: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for line in lines {
        for (i, quoted) in line.split('"').enumerate() {
            if i % 2 == 1 && !quoted.is_empty() {
                let p = Path::new(quoted);
                out.push(normalize(&if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) }));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Outside the dataset's root, what may be touched: the folders above it and their config and
/// ignore files, the user's and the system's git config, the system's own files.
fn allowed_outside(path: &Path, layout: &Layout) -> bool {
    const LOOKED_UP: &[&str] = &[
        "conceptlint.toml",
        ".conceptlint.toml",
        "pyproject.toml",
        ".gitignore",
        ".ignore",
        ".git",
        ".jj",
        "exclude",
    ];
    const SYSTEM: &[&str] = &["/proc", "/sys", "/dev", "/lib", "/lib64", "/usr/lib", "/etc/ld.so"];
    let data = layout.data();
    let s = path.to_string_lossy();
    let name = path.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned());
    data.starts_with(path) // a folder above the dataset
        || (path.parent().is_some_and(|p| data.starts_with(p)) && LOOKED_UP.contains(&name.as_str()))
        || (s.contains("/.git/info/") && LOOKED_UP.contains(&name.as_str()))
        || path.starts_with(layout.root.join("home"))
        || path.starts_with(layout.root.join("cwd"))
        || s == "/etc/gitconfig"
        || SYSTEM.iter().any(|p| s.starts_with(p))
        || path == Path::new(BIN)
        || s == "check" || s == "report" || s == "server" || s.starts_with("--")
}

#[test]
fn no_path_outside_the_root_is_touched() {
    if !strace_available() {
        return;
    }
    let layout = Layout::new();
    let data = layout.data();
    let data_arg = data.to_str().unwrap();
    let cwd = layout.root.join("cwd");
    let runs: [&[&str]; 4] =
        [&["check", "--no-cache", data_arg], &["check", data_arg], &["report", data_arg], &[]];
    for args in runs {
        let touched = paths(&traced(&layout, "trace=%file", args), &cwd);
        assert!(touched.contains(&data.join("metadata.csv")), "{args:?}: the trace saw nothing");
        let outside: Vec<&PathBuf> = touched
            .iter()
            .filter(|p| !p.starts_with(&data) && !allowed_outside(p, &layout))
            .collect();
        assert_eq!(outside, Vec::<&PathBuf>::new(), "{args:?} touched these outside the root");
        let images = layout.root.join("outside");
        assert!(!touched.iter().any(|p| p.starts_with(&images)), "{args:?}: {touched:?}");
    }
}

#[test]
fn no_socket_is_ever_opened() {
    if !strace_available() {
        return;
    }
    let layout = Layout::new();
    let data = layout.data();
    let data_arg = data.to_str().unwrap();
    let runs: [&[&str]; 4] = [
        &["check", data_arg],
        &["check", "--format", "sarif", data_arg],
        &["report", data_arg],
        &[],
    ];
    for args in runs {
        let calls: Vec<String> = traced(&layout, "trace=%network", args)
            .into_iter()
            .filter(|l| !l.contains("--- SIG") && !l.contains("+++ "))
            .collect();
        assert_eq!(calls, Vec::<String>::new(), "{args:?} made network calls");
    }
}
