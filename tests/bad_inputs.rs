//! A corpus of bad inputs (tests/fixtures/bad, plus what cannot be committed, made here in a
//! temporary folder) through the `conceptlint` binary: each yields its finding at the right
//! line and column, the rest of the run goes on (later findings still reported), nothing panics
//! in any output format, and memory stays bounded on a 50 MB line.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

const FORMATS: &[&str] = &["human", "concise", "json", "sarif", "github"];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad").join(name)
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_conceptlint"));
    c.env("NO_COLOR", "1");
    c
}

/// Runs `conceptlint ARGS` in `cwd`; fails on a panic or an exit status other than 0 and 1.
fn run(cwd: &Path, args: &[&str]) -> Output {
    let out = bin().current_dir(cwd).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {:?}\n{stderr}", out.status);
    out
}

/// `check --format concise` of the folder `dir` (run from its parent, so paths read
/// `dir/file`), after every other format ran on it without a panic.
fn check(dir: &Path, extra: &[&str]) -> String {
    let parent = dir.parent().unwrap();
    let name = dir.file_name().unwrap().to_str().unwrap();
    for format in FORMATS {
        let mut args = vec!["check", "--no-cache", "--format", format, "--ignore", "CL001"];
        args.extend(extra);
        args.push(name);
        let out = run(parent, &args);
        assert_eq!(out.status.code(), Some(1), "{format}: findings expected");
    }
    let mut args = vec!["check", "--no-cache", "--format", "concise", "--ignore", "CL001"];
    args.extend(extra);
    args.push(name);
    String::from_utf8(run(parent, &args).stdout).unwrap()
}

/// Asserts one line of `out` starts with `place` (`path:line:col: CODE`) and contains `what`.
#[track_caller]
fn expect(out: &str, place: &str, what: &str) {
    assert!(
        out.lines().any(|l| l.starts_with(place) && l.contains(what)),
        "no finding `{place} .. {what}` in:\n{out}"
    );
}

/// Copies a fixture dataset into a temporary folder (the tests add to some of them).
fn copy(name: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join(name);
    copy_dir(&fixture(name), &dir);
    (tmp, dir)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn truncated_and_invalid_json_lines() {
    let out = check(&fixture("jsonl"), &[]);
    let f = "jsonl/metadata.jsonl";
    expect(&out, &format!("{f}:2:33: CL010"), "invalid JSON: Expected value after colon");
    expect(&out, &format!("{f}:3:34: CL006"), "'dgo' is not a declared concept");
    expect(&out, &format!("{f}:4:2: CL010"), "Single-quoted strings are not allowed");
    expect(&out, &format!("{f}:5:34: CL006"), "'cta' is not a declared concept");
    expect(&out, &format!("{f}:6:24: CL010"), "Unterminated string literal");
}

#[test]
fn invalid_utf8_is_placed_at_its_first_byte() {
    let out = check(&fixture("utf8"), &[]);
    expect(&out, "utf8/metadata.csv:3:2: CL010", "not UTF-8 text: byte 0xFF cannot be decoded");
    expect(&out, "utf8/metadata.csv:4:7: CL006", "'dgo'");
}

#[test]
fn nul_bytes_in_a_path() {
    let out = check(&fixture("nul"), &[]);
    expect(&out, "nul/metadata.csv:3:1: CL004", "unexpected NUL byte");
    expect(&out, "nul/metadata.csv:4:7: CL006", "'dgo'");
    assert!(!out.contains('\0'), "a NUL byte was printed");
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_header_or_a_concept() {
    let out = check(&fixture("bom"), &[]);
    // `cat` (declared after the BOM of labels.txt) is known; the header row was recognized.
    expect(&out, "bom/metadata.csv:3:7: CL006", "'dgo'");
    assert!(!out.contains("CL010") && !out.contains("'cat'"), "{out}");
}

#[test]
fn crlf_lf_and_a_lone_cr_in_one_file() {
    let out = check(&fixture("endings"), &[]);
    let f = "endings/metadata.csv";
    expect(&out, &format!("{f}:4:7: CL006"), "'dgo' is not");
    expect(&out, &format!("{f}:5:7: CL006"), "'cta' is not");
    // After a lone CR: a line of its own, as in editors and the language server.
    expect(&out, &format!("{f}:6:7: CL006"), "'dgo' is not");
    assert!(!out.contains('\r'), "a carriage return was printed");
}

#[test]
fn an_unbalanced_quote_in_a_csv() {
    let out = check(&fixture("quotes"), &[]);
    expect(&out, "quotes/metadata.csv:2:7: CL006", "'dgo'");
    expect(&out, "quotes/metadata.csv:3:1: CL010", "this quote is never closed");
    // The other manifest of the dataset is still read.
    expect(&out, "quotes/other.csv:2:7: CL006", "'cta'");
}

fn write_png(path: &Path, w: u32, h: u32) {
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 7]))
        .save(path)
        .unwrap();
}

#[cfg(unix)]
#[test]
fn broken_images_folders_links_and_paths_that_leave_the_root() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let (tmp, dir) = copy("images");
    let outside = tmp.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    write_png(&outside.join("secret.png"), 600, 600);
    let images = dir.join("images");
    fs::create_dir(images.join("folder.png")).unwrap();
    symlink("loop.png", images.join("loop.png")).unwrap();
    let locked = images.join("locked.png");
    write_png(&locked, 600, 600);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // As root (CI), mode 000 does not stop a read: the file is then a plain good image.
    let privileged = fs::read(&locked).is_ok();
    let absolute = outside.join("secret.png");
    let rows = [
        "images/huge.png,cat",
        "images/truncated.jpg,cat",
        "images/empty.png,cat",
        "images/folder.png,cat",
        "images/loop.png,cat",
        "images/locked.png,cat",
        "../outside/secret.png,cat",
        &format!("{},cat", absolute.display()),
        "/etc/passwd,cat",
        "images/huge.png,dgo",
    ];
    fs::write(dir.join("metadata.csv"), format!("file_name,label\n{}\n", rows.join("\n"))).unwrap();
    let out = check(&dir, &["--ignore", "CL008"]);
    let f = "images/metadata.csv";
    // With the near-duplicate rules (they decode images, within limits) the huge header costs
    // nothing either.
    let args = ["check", "--no-cache", "--format", "concise", "--select", "ALL", "images"];
    if let Some((rss, _)) = max_rss_kib(tmp.path(), &args) {
        eprintln!("peak RSS {} MiB with a 100,000 x 100,000 px header", rss / 1024);
        assert!(rss < 256 * 1024, "peak RSS {rss} KiB");
    }
    // The 100,000 x 100,000 header is read, never decoded: no finding, and no allocation.
    assert!(!out.contains(&format!("{f}:2:")), "{out}");
    expect(&out, &format!("{f}:3:1: CL004"), "cannot read image: corrupt jpeg header");
    expect(&out, &format!("{f}:4:1: CL004"), "empty file (0 bytes)");
    expect(&out, &format!("{f}:5:1: CL004"), "is a directory, not an image file");
    expect(&out, &format!("{f}:6:1: CL004"), "Too many levels of symbolic links");
    if privileged {
        // Root reads it as a good image; the same run as an unprivileged user cannot.
        assert!(!out.contains(&format!("{f}:7:")), "{out}");
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
        match unprivileged(tmp.path(), &["check", "--no-cache", "--format", "concise", "images"]) {
            Some(out) => expect(&out, &format!("{f}:7:1: CL004"), "ermission denied"),
            None => {
                eprintln!("running as root, could not switch to user 65534: mode 000 not tested")
            }
        }
    } else {
        expect(&out, &format!("{f}:7:1: CL004"), "ermission denied");
    }
    let leaves = "leaves the dataset root (the manifest's folder); it was not read";
    expect(&out, &format!("{f}:8:1: CL005"), &format!("'../outside/secret.png' {leaves}"));
    expect(&out, &format!("{f}:9:1: CL005"), &format!("'{}' {leaves}", absolute.display()));
    expect(&out, &format!("{f}:10:1: CL005"), &format!("'/etc/passwd' {leaves}"));
    expect(&out, &format!("{f}:11:17: CL006"), "'dgo'");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
}

/// Runs `conceptlint ARGS` as user and group 65534 (nobody): `None` when that is impossible.
#[cfg(unix)]
fn unprivileged(cwd: &Path, args: &[&str]) -> Option<String> {
    let (code, stdout, _) = as_nobody(cwd, args)?;
    (code == 1).then_some(stdout)
}

/// Exit status, standard output and error of `conceptlint ARGS` run as user 65534.
#[cfg(unix)]
fn as_nobody(cwd: &Path, args: &[&str]) -> Option<(i32, String, String)> {
    use std::os::unix::process::CommandExt;
    let out = bin().current_dir(cwd).args(args).uid(65534).gid(65534).output().ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Some((out.status.code()?, String::from_utf8_lossy(&out.stdout).into_owned(), stderr))
}

#[cfg(unix)]
#[test]
fn an_unreadable_label_manifest_is_reported_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("d");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("metadata.csv"), "file_name,label\na.png,cat\nb.png,dgo\n").unwrap();
    let labels = dir.join("labels.txt");
    fs::write(&labels, "cat\ndog\n").unwrap();
    fs::set_permissions(&labels, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let args = ["check", "--no-cache", "--format", "concise", "--ignore", "CL003", "d"];
    let result = if fs::read(&labels).is_ok() {
        // Privileged (CI runs as root): mode 000 is no obstacle; run as an unprivileged user.
        as_nobody(tmp.path(), &args)
    } else {
        let out = bin().current_dir(tmp.path()).args(args).output().unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        Some((out.status.code().unwrap(), text(&out.stdout), text(&out.stderr)))
    };
    let Some((code, stdout, stderr)) = result else {
        eprintln!("running as root, could not switch to user 65534: unreadable file not tested");
        return;
    };
    assert_eq!(code, 2, "an unreadable file is an error of the run: {stderr}");
    assert!(stderr.contains("cannot read") && stderr.contains("labels.txt: Permission denied"));
    // Without its label manifest the dataset is still checked.
    expect(&stdout, "d/metadata.csv:3:7: CL001", "'dgo' has 1 input");
}

#[test]
fn credentials_in_urls_are_never_printed() {
    let (_tmp, dir) = copy("credentials");
    let out = check(&dir, &[]);
    let f = "credentials/metadata.csv";
    expect(&out, &format!("{f}:3:1: CL008"), "https://***@example.com/x.png is listed 2 times");
    expect(&out, &format!("{f}:3:43: CL006"), "'dgo'");
    expect(
        &out,
        "credentials/predictions.csv:3:1: CL020",
        "no input 'https://***@example.com/q.png' in the dataset",
    );
    let html = dir.join("report.html");
    let mut shown = String::new();
    for format in FORMATS {
        let o = run(&dir, &["check", "--no-cache", "--format", format, "--show-all", "."]);
        shown += &String::from_utf8_lossy(&o.stdout);
        shown += &String::from_utf8_lossy(&o.stderr);
    }
    for args in [
        &["report", "."][..],
        &["report", "--format", "json", "."],
        &["report", "--html", html.to_str().unwrap(), "."],
    ] {
        let o = run(&dir, args);
        shown += &String::from_utf8_lossy(&o.stdout);
        shown += &String::from_utf8_lossy(&o.stderr);
    }
    shown += &fs::read_to_string(&html).unwrap();
    assert!(shown.contains("https://***@example.com/x.png"), "{shown}");
    assert!(!shown.contains("s3cr3t"), "a credential was printed:\n{shown}");
    // Human excerpts mask the user information byte for byte, so columns stay right.
    let masked = format!("https://{}@example.com/x.png,dgo", "*".repeat("alice:s3cr3t-pw".len()));
    assert!(shown.contains(&masked), "{shown}");
}

/// Peak resident memory (KiB) of `conceptlint ARGS` run in `cwd`, measured by Python's
/// `getrusage(RUSAGE_CHILDREN)`; `None` without python3.
fn max_rss_kib(cwd: &Path, args: &[&str]) -> Option<(u64, String)> {
    let script = "import resource, subprocess, sys\n\
        r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n\
        sys.stdout.buffer.write(r.stdout)\n\
        sys.stderr.write('%d %d\\n' % (r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n";
    let out = Command::new("python3")
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .args(["-c", script, env!("CARGO_BIN_EXE_conceptlint")])
        .args(args)
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last()?.to_string();
    let (code, rss) = last.split_once(' ')?;
    assert_eq!(code, "1", "{args:?}: {stderr}");
    Some((rss.parse().ok()?, String::from_utf8_lossy(&out.stdout).into_owned()))
}

#[test]
fn a_50_mb_line_is_reported_and_memory_stays_bounded() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("big");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("labels.txt"), "cat\ndog\n").unwrap();
    let size = 50_000_000;
    let mut text = String::with_capacity(size + 200);
    text.push_str("{\"file_name\": \"a.png\", \"label\": \"cat\"}\n{\"file_name\": \"");
    text.extend(std::iter::repeat_n('a', size));
    text.push_str("\n{\"file_name\": \"c.png\", \"label\": \"dgo\"}\n");
    fs::write(dir.join("metadata.jsonl"), &text).unwrap();
    drop(text);
    for format in ["concise", "human"] {
        let args = ["check", "--no-cache", "--ignore", "CL001,CL003", "--format", format, "big"];
        let Some((rss, out)) = max_rss_kib(tmp.path(), &args) else {
            eprintln!("python3 is absent: peak memory not measured");
            let out = run(tmp.path(), &args);
            assert!(String::from_utf8_lossy(&out.stdout).contains("Unterminated string"));
            return;
        };
        eprintln!("{format}: peak RSS {} MiB on a {} MB line", rss / 1024, size / 1_000_000);
        assert!(rss * 1024 < 10 * size as u64, "peak RSS {rss} KiB for a {size}-byte file");
        if format == "concise" {
            expect(&out, "big/metadata.jsonl:2:15: CL010", "Unterminated string literal");
            expect(&out, "big/metadata.jsonl:3:34: CL006", "'dgo'");
        } else {
            // The excerpt shows a window of the line, not 50 MB.
            assert!(out.len() < 20_000, "{} bytes of output", out.len());
        }
    }
}
