use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::model::Span;
use crate::render::fixture::{self, diagnostic};

fn many_not_found(n: usize) -> CheckResult {
    let mut text = String::from("image,label\n");
    let mut diagnostics = Vec::new();
    for i in 0..n {
        let start = text.len();
        let name = format!("imgs/{i}.jpg");
        text.push_str(&name);
        text.push_str(",cat\n");
        diagnostics.push(diagnostic(
            "image-not-found",
            "CL003",
            Severity::Warning,
            fixture::TRAIN,
            Span::new(start, start + name.len()),
            &format!("image file not found: {name}"),
        ));
    }
    CheckResult {
        datasets: Vec::new(),
        diagnostics,
        sources: BTreeMap::from([(PathBuf::from(fixture::TRAIN), text)]),
    }
}

#[test]
fn snapshot_of_findings_related_locations_fixes_and_summary() {
    let out = render(&fixture::result(), &fixture::options());
    insta::assert_snapshot!(out);
}

#[test]
fn titles_carry_severity_code_and_rule_with_char_columns() {
    let out = render(&fixture::result(), &fixture::options());
    assert!(out.starts_with("warning[CL001]: concept 'cat' has 4 positive inputs"));
    assert!(out.contains("error[CL006]: unknown concept 'dgo'\n --> data/train.csv:2:16\n"));
    // The marker sits under `dgo`, after the wide emoji (2 columns) and `é`.
    assert!(out.contains("2 | imgs/🐱café.jpg,dgo\n  |                 ^^^ unknown-concept\n"));
    // A related location in the same file is an extra annotation, in another file a note.
    assert!(out.contains("  | --------------- first listed here\n"));
    assert!(out.contains("note: first used here\n --> data/train.csv:3:12\n"));
    assert!(out.contains("help: Replace 'dgo' with 'dog'\nhelp: Add 'dgo' to labels.txt\n"));
    assert!(!out.contains('\x1b'), "no colours unless asked");
}

#[test]
fn summary_counts_severities_rules_fixes_and_datasets() {
    let out = render(&fixture::result(), &fixture::options());
    let summary = &out[out.find("3  CL003  image-not-found").expect("rule table")..];
    assert_eq!(
        summary,
        "3  CL003  image-not-found\n\
         1  CL001  too-few-inputs\n\
         1  CL006  unknown-concept\n\
         1  CL008  duplicate-input\n\
         \n\
         data: 2 files checked, 5 inputs, 3 concepts\n\
         Found 6 problems (1 error, 5 warnings); 1 fixable with an editor quick fix\n"
    );
}

#[test]
fn a_rule_past_its_limit_is_counted_not_shown() {
    let out = render(&fixture::result(), &fixture::options());
    assert_eq!(out.matches("warning[CL003]").count(), 2);
    assert!(out.contains("imgs/c.jpg") && !out.contains("image file not found: imgs/d.jpg"));
    assert!(out.contains("\n... and 1 more image-not-found finding (use --show-all to see all)\n"));

    let all = RenderOptions { max_per_rule: None, ..fixture::options() };
    let out = render(&fixture::result(), &all);
    assert_eq!(out.matches("warning[CL003]").count(), 3);
    assert!(!out.contains("more image-not-found"));
}

#[test]
fn ten_thousand_findings_of_one_rule_show_ten_and_a_count() {
    let result = many_not_found(10_000);
    let opts = RenderOptions { max_per_rule: Some(10), ..fixture::options() };
    let out = render(&result, &opts);
    assert_eq!(out.matches("warning[CL003]").count(), 10);
    assert!(
        out.contains("... and 9,990 more image-not-found findings (use --show-all to see all)")
    );
    assert!(out.contains("10,000  CL003  image-not-found\n"));
    assert!(out.ends_with("Found 10,000 problems (10,000 warnings)\n"));
    // Each excerpt holds only its own line.
    assert!(out.contains(" --> data/train.csv:11:1\n   |\n11 | imgs/9.jpg,cat\n"));
}

#[test]
fn show_all_renders_thousands_of_findings_in_a_big_file() {
    let result = many_not_found(5_000);
    let opts = RenderOptions { max_per_rule: None, ..fixture::options() };
    let out = render(&result, &opts);
    assert_eq!(out.matches("warning[CL003]").count(), 5_000);
    assert!(out.contains("5001 | imgs/4999.jpg,cat"));
}

#[test]
fn no_findings_means_all_checks_passed() {
    let out = render(&fixture::clean_result(), &fixture::options());
    assert_eq!(out, "data: 2 files checked, 5 inputs, 3 concepts\nAll checks passed!\n");
    assert_eq!(render(&CheckResult::default(), &fixture::options()), "All checks passed!\n");
}

#[test]
fn colours_only_when_asked() {
    let opts = RenderOptions { color: true, ..fixture::options() };
    let out = render(&fixture::result(), &opts);
    assert!(out.contains('\x1b'));
    assert!(out.contains("unknown concept 'dgo'"));
    let clean = render(&fixture::clean_result(), &opts);
    assert!(clean.contains("\x1b[") && clean.contains("All checks passed!"));
}

#[test]
fn severities_map_to_their_own_words() {
    let mut result = fixture::clean_result();
    let span = fixture::find(fixture::LABELS_TEXT, "dog", 0);
    for (severity, code) in [(Severity::Info, "CL009"), (Severity::Hint, "CL002")] {
        result.diagnostics.push(diagnostic("r", code, severity, fixture::LABELS, span, "m"));
    }
    result.sources.insert(PathBuf::from(fixture::LABELS), fixture::LABELS_TEXT.into());
    let out = render(&result, &fixture::options());
    assert!(out.contains("info[CL009]: m\n"), "{out}");
    assert!(out.contains("hint[CL002]: m\n"), "{out}");
    assert!(out.contains("Found 2 problems (1 info, 1 hint)\n"), "{out}");
}

#[test]
fn odd_spans_and_texts_never_panic() {
    let texts = [
        "",
        "a,b\r\nc,d\r\n",
        "no newline at end",
        "tab\tseparated\tvalues\n😀😀😀\n",
        "line\n\n\n\n\n\n\nfar\n",
        "\u{feff}",
        "\u{feff}cat\r\ndog\r\n",
    ];
    for text in texts {
        let len = text.len();
        let spans = [
            Span::new(0, 0),
            Span::new(0, len),
            Span::empty(len),
            Span::new(len + 5, len + 9),
            Span::new(1, 2),
            Span::new(3, 1),
        ];
        for span in spans {
            let d = diagnostic("r", "CL010", Severity::Error, fixture::TRAIN, span, "m")
                .with_related(PathBuf::from(fixture::TRAIN), Span::new(len, len + 1), "there")
                .with_related(PathBuf::from("/nowhere/other.csv"), span, "elsewhere");
            let result = CheckResult {
                datasets: Vec::new(),
                diagnostics: vec![d],
                sources: BTreeMap::from([(PathBuf::from(fixture::TRAIN), text.to_string())]),
            };
            let out = render(&result, &fixture::options());
            assert!(out.contains("error[CL010]: m"), "{text:?} {span:?}: {out}");
            assert!(out.contains("note: /nowhere/other.csv: elsewhere"), "{out}");
        }
    }
}

#[test]
fn a_byte_order_mark_is_neither_shown_nor_a_column() {
    let text = "\u{feff}cat\ndog\ncat\n".to_string();
    let d = diagnostic("r", "CL001", Severity::Warning, fixture::TRAIN, Span::new(3, 6), "m");
    let result = CheckResult {
        datasets: Vec::new(),
        diagnostics: vec![d],
        sources: BTreeMap::from([(PathBuf::from(fixture::TRAIN), text)]),
    };
    let out = render(&result, &fixture::options());
    assert!(
        out.contains(
            " --> data/train.csv:1:1
"
        ),
        "{out}"
    );
    assert!(out.contains("1 | cat\n  | ^^^ r\n"), "{out}");
    assert!(!out.contains('\u{feff}'), "{out}");
}

#[test]
fn a_file_without_text_still_gets_its_path() {
    let mut result = fixture::result();
    result.sources.clear();
    let out = render(&result, &fixture::options());
    assert!(out.contains("error[CL006]: unknown concept 'dgo'\n--> data/train.csv\n"), "{out}");
    assert!(out.contains(" = note: rule: unknown-concept\n"));
}

#[test]
fn far_apart_marks_in_one_file_get_their_own_excerpts() {
    let mut result = many_not_found(60);
    let text = &result.sources[&PathBuf::from(fixture::TRAIN)];
    let first = fixture::find(text, "imgs/3.jpg", 0);
    let d = result.diagnostics[50].clone().with_related(
        PathBuf::from(fixture::TRAIN),
        first,
        "first listed here",
    );
    result.diagnostics = vec![d];
    let out = render(&result, &fixture::options());
    assert!(out.contains(" --> data/train.csv:52:1\n"), "{out}");
    assert!(out.contains("52 | imgs/50.jpg,cat\n"), "{out}");
    assert!(out.contains("::: data/train.csv:5:1\n"), "{out}");
    assert!(out.contains(" 5 | imgs/3.jpg,cat\n   | ---------- first listed here\n"), "{out}");
    assert!(!out.contains("imgs/20.jpg"), "{out}");
}

#[test]
fn findings_in_a_minified_json_file_show_a_window_of_the_line() {
    let mut text = String::from("{\"images\": [");
    let mut diagnostics = Vec::new();
    for i in 0..2_000 {
        let entry = format!("{{\"id\": {i}, \"file_name\": \"é/{i}.jpg\"}}, ");
        let at = text.len() + entry.find("é/").unwrap_or(0);
        let name = format!("é/{i}.jpg");
        text.push_str(&entry);
        let span = Span::new(at, at + name.len());
        let d =
            diagnostic("image-not-found", "CL003", Severity::Warning, fixture::TRAIN, span, "m");
        diagnostics.push(d.with_related(PathBuf::from(fixture::TRAIN), Span::new(1, 9), "top"));
    }
    text.push_str("{}]}");
    let col = |i: usize| {
        let at = text.find(&format!("\"é/{i}.jpg\"")).unwrap_or(0) + 1;
        text[..at].chars().count() + 1
    };
    let expected = [col(0), col(1999)];
    let result = CheckResult {
        datasets: Vec::new(),
        diagnostics,
        sources: BTreeMap::from([(PathBuf::from(fixture::TRAIN), text)]),
    };
    let opts = RenderOptions { max_per_rule: None, ..fixture::options() };
    let out = render(&result, &opts);
    assert_eq!(out.matches("warning[CL003]: m").count(), 2_000);
    assert!(out.contains(&format!(" --> data/train.csv:1:{}\n", expected[0])), "{}", &out[..600]);
    assert!(out.contains(&format!(" --> data/train.csv:1:{}\n", expected[1])));
    // The related location on the same line gets a window too, under a `:::` header.
    assert!(out.contains(" ::: data/train.csv:1:2\n"), "{}", &out[..600]);
    assert!(out.len() < 2_000 * 800, "{}", out.len());
}
