//! One character typed in line 50,000 of 100,000-line manifests: a full read against the
//! incremental re-read the language server does. Run: `cargo bench --bench reparse`.

use std::path::Path;
use std::time::{Duration, Instant};

use conceptlint::formats::incremental::{ReadWith, TextEdit, reparse_in_place};
use conceptlint::formats::read;
use conceptlint::model::Span;

const CONCEPTS: [&str; 7] = ["cat", "dog", "bird", "horse", "ship", "truck", "frog"];

fn time(runs: u32, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..runs {
        f();
    }
    start.elapsed() / runs
}

fn main() {
    let jsonl: String = (0..100_000)
        .map(|i| {
            format!(
                "{{\"file_name\": \"images/{i:06}.png\", \"label\": \"{}\"}}\n",
                CONCEPTS[i % 7]
            )
        })
        .collect();
    let csv: String = std::iter::once("file_name,label\n".to_owned())
        .chain((0..100_000).map(|i| format!("images/{i:06}.png,{}\n", CONCEPTS[i % 7])))
        .collect();
    for (name, text) in [("metadata.jsonl", jsonl), ("train.csv", csv)] {
        let path = Path::new(name);
        let at = text.match_indices("images/").nth(50_000).map(|(i, _)| i + 7).unwrap_or(0);
        let mut new = text.clone();
        new.insert(at, 'x');
        let full = time(10, || assert!(read(path, &new).is_some()));
        let mut file = read(path, &text).expect("a manifest");
        let (mut a, mut b) = (text.clone(), new.clone());
        let mut fwd = TextEdit { old: Span::new(at, at), new_len: 1 };
        let mut back = TextEdit { old: Span::new(at, at + 1), new_len: 0 };
        let incremental = time(10, || {
            assert!(reparse_in_place(ReadWith::Detect, &mut file, &a, &b, &fwd));
            std::mem::swap(&mut a, &mut b);
            std::mem::swap(&mut fwd, &mut back);
        });
        println!("{name}, 100,000 lines: full read {full:?}, incremental re-read {incremental:?}");
    }
}
