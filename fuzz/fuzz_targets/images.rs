//! Image files: the header probe (dimensions from the header only) and the bounded decode
//! behind the perceptual hash, on any bytes. fuzz/run.sh runs it with `-rss_limit_mb=1024`: a
//! header that claims a huge image must be refused, not decoded into memory.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use conceptlint::images::{ImageStatus, hash, probe};
use libfuzzer_sys::fuzz_target;

/// One file per fuzzing process, rewritten for every input.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("conceptlint-fuzz-{}.img", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    if std::fs::write(path, data).is_err() {
        return;
    }
    match probe::probe_file(path) {
        ImageStatus::Probed { bytes, .. } => assert_eq!(bytes, data.len() as u64),
        ImageStatus::Unreadable { .. } => {}
        other => panic!("a file that exists probed as {other:?}"),
    }
    let hashes = hash::hash_bytes(data);
    let _ = hashes.perceptual();
});
