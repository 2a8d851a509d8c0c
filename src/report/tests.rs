//! Reports of a small dataset read from disk: terminal, JSON and HTML.

use std::path::Path;

use super::*;
use crate::stats::Stats;
use crate::workspace::{DiskFs, discover};

fn report(files: &[(&str, &str)]) -> (tempfile::TempDir, DatasetReport) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let ds = discover(&[dir.path().to_path_buf()], &DiskFs).datasets.remove(0);
    let stats = Stats::compute(&ds);
    let r = DatasetReport::new(&ds, stats.eval.as_deref().unwrap());
    (dir, r)
}

fn pets() -> (tempfile::TempDir, DatasetReport) {
    let mut manifest = String::from("file_name,label\n");
    let mut preds = String::from("file_name,cat,dog<b>\n");
    for i in 0..30 {
        manifest.push_str(&format!("c{i}.png,cat\nd{i}.png,dog<b>\n"));
        let p = 0.6 + 0.01 * i as f64;
        preds.push_str(&format!("c{i}.png,{p},{}\nd{i}.png,{},{p}\n", 1.0 - p, 1.0 - p));
    }
    manifest.push_str("odd.png,cat\n");
    preds.push_str("odd.png,0.02,0.98\n");
    report(&[
        ("metadata.csv", &manifest),
        ("labels.txt", "cat\ndog<b>\n"),
        ("predictions.csv", &preds),
    ])
}

#[test]
fn the_terminal_table_lists_every_concept_and_the_verdict() {
    let (dir, r) = pets();
    let text = text::render(std::slice::from_ref(&r), dir.path());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        ".: 61 inputs scored by predictions.csv (csv), mutually exclusive concepts; threshold 0.5"
    );
    assert!(lines[2].starts_with("concept  inputs  ROC AUC  avg prec"), "{text}");
    assert!(lines[3].starts_with("cat          31    0.968"), "{text}");
    assert!(lines[4].starts_with("dog<b>       30"), "{text}");
    assert!(text.contains("\nmean ROC AUC: 0.968 over 2 concepts\n"), "{text}");
    assert!(text.contains("verdict: good model"), "{text}");
    assert!(text.contains("suspicious labels: 1 (worst first)\n  metadata.csv:62  odd.png  cat -> dog<b>  quality 0.0200\n"), "{text}");
}

#[test]
fn json_carries_metrics_matrix_verdict_and_issues() {
    let (_dir, r) = pets();
    let v: serde_json::Value = serde_json::from_str(&json::render(&[r])).unwrap();
    let d = &v["datasets"][0];
    assert_eq!(v["version"], 1);
    assert_eq!(d["concepts"][0]["name"], "cat");
    assert_eq!(d["concepts"][0]["positives"], 31);
    assert!(d["concepts"][0]["roc_auc"].as_f64().unwrap() > 0.96);
    assert_eq!(d["concepts"][0]["at_threshold"]["fn"], 1);
    assert_eq!(d["verdict"]["kind"], "good");
    assert_eq!(d["matrix"]["top1"][0], serde_json::json!([30, 1]));
    assert_eq!(d["suspicious_labels"][0]["input"], "odd.png");
    assert_eq!(d["suspicious_labels"][0]["suggested"], "dog<b>");
    assert_eq!(d["mismatches"]["inputs_without_scores"], 0);
}

#[test]
fn html_is_one_self_contained_page_with_curves_and_the_matrix() {
    let (dir, r) = pets();
    let html = html::render(&[r], dir.path());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.ends_with("</html>\n"));
    assert_eq!(html.matches("<svg").count(), 2 * 2 + 1, "ROC + PR per concept, one matrix");
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"));
    assert!(html.contains("dog&lt;b&gt;") && !html.contains("dog<b>"), "names are escaped");
    assert!(html.contains("id=\"verdict\">Verdict: <strong>good</strong>"));
    assert!(html.contains("<td>odd.png</td>"));
}

#[test]
fn numbers_are_grouped_and_paths_shown_relative() {
    assert_eq!(thousands(1234567), "1,234,567");
    assert_eq!(thousands(999), "999");
    assert_eq!(metric(None), "-");
    assert_eq!(display(Path::new("/a/b/c.csv"), Path::new("/a")), "b/c.csv");
    assert_eq!(display(Path::new("/a"), Path::new("/a")), ".");
    assert_eq!(
        html::escape("<a href=\"x\">'&'</a>"),
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    );
}

#[test]
fn line_numbers_are_those_of_the_line_index_in_any_order() {
    let texts = ["a\nbb\n\nccc\nd", "\u{feff}x\r\ny\rz\n\nw", "", "one line", "é\nü\n"];
    for text in texts {
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len() + 2).rev().chain([0, 3, 1]).collect();
        let offsets: Vec<usize> =
            offsets.into_iter().filter(|&o| o > text.len() || text.is_char_boundary(o)).collect();
        let want: Vec<usize> = offsets.iter().map(|&o| index.line_of(o)).collect();
        assert_eq!(super::line_numbers(text, offsets), want, "{text:?}");
    }
}
