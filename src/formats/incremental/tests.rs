//! Edits of every kind on small realistic manifests: each re-read must equal a full read of the
//! new text, and the common edits must be re-read incrementally.

use std::ops::Range;
use std::path::Path;

use super::*;
use crate::formats::csv::scan::slice;
use crate::formats::read;
use crate::model::FileKind;

/// Where two reads of a file differ, if they do.
pub(super) fn difference(got: &ParsedFile, want: &ParsedFile) -> Option<String> {
    let fields = [
        ("path", got.path == want.path),
        ("format", got.format == want.format),
        ("kind", got.kind == want.kind),
        ("exclusive", got.exclusive == want.exclusive),
        ("concepts", got.concepts == want.concepts),
    ];
    if let Some((name, _)) = fields.iter().find(|(_, same)| !same) {
        return Some(format!("{name} differs"));
    }
    if got.inputs != want.inputs {
        let at = got.inputs.iter().zip(&want.inputs).position(|(a, b)| a != b);
        let at = at.unwrap_or(got.inputs.len().min(want.inputs.len()));
        return Some(format!(
            "inputs differ at {at} ({} vs {}): {:?} vs {:?}",
            got.inputs.len(),
            want.inputs.len(),
            got.inputs.get(at),
            want.inputs.get(at)
        ));
    }
    (got.problems != want.problems)
        .then(|| format!("problems differ: {:?} vs {:?}", got.problems, want.problems))
}

/// `text` with `range` replaced by `insert`, and the edit that says so.
pub(super) fn edited(text: &str, range: Range<usize>, insert: &str) -> (String, TextEdit) {
    let new = format!("{}{insert}{}", &text[..range.start], &text[range.end..]);
    (new, TextEdit::new(Span::new(range.start, range.end), insert.len()))
}

/// Applies an edit to the file `name` holding `text`: the re-read, checked against a full read.
pub(super) fn reread(
    name: &str,
    text: &str,
    range: Range<usize>,
    insert: &str,
) -> (String, Option<ParsedFile>) {
    let path = Path::new(name);
    let old = read(path, text).expect("the old text is a manifest");
    let (new, edit) = edited(text, range, insert);
    let got = reparse(&old, text, &new, &edit);
    if let Some(got) = &got {
        let want = read(path, &new).expect("the new text is a manifest");
        if let Some(diff) = difference(got, &want) {
            panic!("{diff}\nold: {text:?}\nnew: {new:?}");
        }
        let mut in_place = old.clone();
        assert!(reparse_in_place(ReadWith::Detect, &mut in_place, text, &new, &edit));
        assert_eq!(difference(&in_place, &want), None);
    }
    (new, got)
}

/// Offset of the `n`th occurrence (from 0) of `needle`.
pub(super) fn nth(text: &str, needle: &str, n: usize) -> usize {
    text.match_indices(needle).nth(n).map(|(i, _)| i).unwrap_or_else(|| panic!("{needle:?}"))
}

const JSONL: &str = "{\"file_name\": \"images/0001.png\", \"label\": \"cat\"}\n\
                     {\"file_name\": \"images/0002.png\", \"label\": \"dog\"}\n\
                     {\"file_name\": \"images/0003.png\", \"label\": [\"cat\", \"chat noir\"]}\n\
                     {\"file_name\": \"images/0004.png\", \"label\": \"bird\"}\n";

#[test]
fn typing_inside_a_line_rereads_that_line() {
    let at = nth(JSONL, "dog", 0) + 3;
    let (new, got) = reread("metadata.jsonl", JSONL, at..at, "e");
    let file = got.expect("incremental");
    let label = &file.inputs[1].labels[0];
    assert_eq!((label.concept.as_str(), slice(&new, label.span)), ("doge", "doge"));
    let last = &file.inputs[3];
    assert_eq!(slice(&new, last.location_span), "images/0004.png");
    assert_eq!(slice(&new, last.labels[0].span), "bird");
}

#[test]
fn inserted_and_deleted_lines() {
    let line2 = nth(JSONL, "{", 1);
    let added = "{\"file_name\": \"images/0005.png\", \"label\": \"fish\"}\n";
    let (new, got) = reread("metadata.jsonl", JSONL, line2..line2, added);
    let file = got.expect("insert");
    assert_eq!(file.inputs.len(), 5);
    assert_eq!(slice(&new, file.inputs[1].labels[0].span), "fish");
    assert_eq!(slice(&new, file.inputs[2].labels[0].span), "dog");
    // A whole line deleted, and the line ending between two lines.
    let line3 = nth(JSONL, "{", 2);
    let (_, got) = reread("metadata.jsonl", JSONL, line2..line3, "");
    assert_eq!(got.expect("delete").inputs.len(), 3);
    let (new, got) = reread("metadata.jsonl", JSONL, line3 - 1..line3, "");
    let file = got.expect("join");
    assert_eq!(file.inputs.len(), 2);
    assert_eq!(file.problems.len(), 1);
    assert!(file.problems[0].message.starts_with("invalid JSON"), "{:?}", file.problems);
    assert!(slice(&new, file.problems[0].span).len() <= 1);
}

#[test]
fn a_replacement_across_lines() {
    let from = nth(JSONL, "0002", 0);
    let to = nth(JSONL, "chat", 0);
    let (new, got) = reread(
        "metadata.jsonl",
        JSONL,
        from..to,
        "0009.png\", \"label\": \"x\"}\n{\"file_name\": \"b.png\", \"label\": [\"",
    );
    let file = got.expect("incremental");
    let names: Vec<&str> = file.inputs.iter().map(|i| i.location.as_str()).collect();
    assert_eq!(names, ["images/0001.png", "images/0009.png", "b.png", "images/0004.png"]);
    assert_eq!(slice(&new, file.inputs[2].labels[0].span), "chat noir");
}

#[test]
fn a_line_broken_and_mended_by_a_series_of_edits() {
    // Each re-read is the old file of the next edit, as in an editor.
    let path = Path::new("data.jsonl");
    let mut text = JSONL.to_owned();
    let mut file = read(path, &text).unwrap();
    let at = nth(&text, "\"bird\"", 0);
    let steps: [(Range<usize>, &str); 5] = [
        (at..at + 1, ""),
        (at..at, "'"),
        (at..at + 1, ""),
        (at..at, "\""),
        (at + 5..at + 6, "s\""),
    ];
    let mut broken = Vec::new();
    for (range, insert) in steps {
        let (new, edit) = edited(&text, range, insert);
        let next = reparse(&file, &text, &new, &edit).expect("incremental");
        assert_eq!(difference(&next, &read(path, &new).unwrap()), None, "{new}");
        broken.push(next.problems.len());
        (text, file) = (new, next);
    }
    assert_eq!(broken, [1, 1, 1, 0, 0]);
    assert_eq!(file.inputs[3].labels[0].concept, "birds");
}

#[test]
fn crlf_bom_and_a_missing_final_newline() {
    let text = "\u{feff}{\"image\": \"a.jpg\", \"labels\": [\"cat\"]}\r\n\r\n\
                {\"image\": \"b.jpg\", \"labels\": [\"dog\"]}\r\n\
                {\"image\": \"c.jpg\", \"labels\": [\"cow\"]}";
    let at = nth(text, "dog", 0);
    let (_, got) = reread("train.jsonl", text, at..at + 3, "chien");
    assert!(got.is_some());
    // A line break typed inside a CRLF line ending, then at the very end.
    let cr = nth(text, "\r\n", 2) + 1;
    assert!(reread("train.jsonl", text, cr..cr, "\n").1.is_some());
    let (new, got) =
        reread("train.jsonl", text, text.len()..text.len(), "\r\n{\"image\": \"d.jpg\"");
    let file = got.expect("append");
    assert_eq!(file.inputs.len(), 3);
    assert_eq!(slice(&new, file.problems[0].span), "{\"image\": \"d.jpg\"");
    assert_eq!(file.problems[0].span.end, new.len());
    // Deleting the last line's text entirely.
    let last = nth(text, "{", 2);
    assert!(reread("train.jsonl", text, last..text.len(), "").1.is_some());
}

#[test]
fn the_lines_that_choose_the_format_need_a_full_read() {
    let first = nth(JSONL, "cat", 0);
    assert!(reread("metadata.jsonl", JSONL, first..first + 3, "cow").1.is_none());
    // Unless the line choosing it is still before the edit: here the second.
    let text = format!("not json\n{JSONL}");
    let at = nth(&text, "bird", 0);
    assert!(reread("x.jsonl", &text, at..at, "s").1.is_some());
    let at = nth(&text, "not", 0);
    assert!(reread("x.jsonl", &text, at..at + 3, "still not").1.is_none());
    // A metadata.jsonl whose objects have no label key: no line chose the format.
    let text = "{\"file_name\": \"a.png\"}\n{\"file_name\": \"b.png\"}\n";
    assert!(reread("metadata.jsonl", text, 30..30, "x").1.is_none());
}

#[test]
fn a_line_keeps_the_keys_chosen_for_the_file() {
    // Alone, the edited line would be a generic JSONL record with an `image` key.
    let at = nth(JSONL, "{\"file_name\": \"images/0004", 0);
    let (new, got) = reread("metadata.jsonl", JSONL, at..at + 13, "{\"image\":");
    let file = got.expect("incremental");
    assert_eq!(file.format, Format::HfMetadataJsonl);
    assert_eq!(file.inputs.len(), 3);
    assert_eq!(
        slice(&new, file.problems[0].span),
        "{\"image\": \"images/0004.png\", \"label\": \"bird\"}"
    );
}

#[test]
fn multi_label_lines_and_the_files_exclusive() {
    let text = "{\"image_url\": \"a.jpg\", \"label\": \"can\"}\n\
                {\"image_url\": \"b.jpg\", \"label\": [\"can\", \"carton\"]}\n\
                {\"image_url\": \"c.jpg\", \"label\": \"milk\"}\n";
    let list = nth(text, "[", 0);
    let end = nth(text, "]", 0) + 1;
    let (_, got) = reread("azure.jsonl", text, list..end, "\"can\"");
    assert_eq!(got.expect("incremental").exclusive, None);
    let at = nth(text, "\"milk\"", 0);
    let (new, got) = reread("azure.jsonl", text, at..at + 6, "[\"milk\"]");
    assert_eq!(got.expect("incremental").exclusive, Some(false));
    // Another multi-label line stays: still multi-label.
    let path = Path::new("azure.jsonl");
    let old = read(path, &new).unwrap();
    let (newer, edit) = edited(&new, list..end, "\"can\"");
    let got = reparse(&old, &new, &newer, &edit).expect("incremental");
    assert_eq!(got.exclusive, Some(false));
    assert_eq!(difference(&got, &read(path, &newer).unwrap()), None);
}

#[test]
fn only_the_nearest_lines_are_searched_for_another_multi_label_one() {
    let path = Path::new("fridge.jsonl");
    let line = |i: usize, list: bool| {
        let label = if list { "[\"can\"]" } else { "\"milk\"" };
        format!("{{\"image_url\": \"AmlDatastore://f/{i:04}.jpg\", \"label\": {label}}}\n")
    };
    let file_with =
        |lists: &[usize]| -> String { (0..3000).map(|i| line(i, lists.contains(&i))).collect() };
    // The edited line was the only list near it: whether a far one exists is left to a full read.
    for (lists, incremental) in
        [(vec![1500], false), (vec![10, 1500], false), (vec![1500, 1520], true)]
    {
        let text = file_with(&lists);
        let old = read(path, &text).unwrap();
        assert_eq!(old.exclusive, Some(false));
        let at = nth(&text, "[", lists.iter().position(|&l| l == 1500).unwrap());
        let (new, edit) = edited(&text, at..at + 7, "\"can\"");
        let got = reparse(&old, &text, &new, &edit);
        assert_eq!(got.is_some(), incremental, "{lists:?}");
        if let Some(got) = got {
            assert_eq!(difference(&got, &read(path, &new).unwrap()), None);
        }
    }
}

#[test]
fn sagemaker_and_vertex_lines() {
    let text = "{\"source-ref\": \"s3://b/1.jpg\", \"vehicle\": 0, \"vehicle-metadata\": {\"class-name\": \"car\"}}\n\
                {\"source-ref\": \"s3://b/2.jpg\", \"vehicle\": 1, \"vehicle-metadata\": {\"class-name\": \"bus\"}}\n";
    let at = nth(text, "bus", 0);
    assert!(reread("out.manifest", text, at..at + 3, "truck").1.is_some());
    let text = "{\"imageGcsUri\": \"gs://b/1.jpg\", \"classificationAnnotation\": {\"displayName\": \"daisy\"}}\n\
                {\"imageGcsUri\": \"gs://b/2.jpg\", \"classificationAnnotation\": {\"displayName\": \"rose\"}}\n";
    let at = nth(text, "rose", 0);
    assert!(reread("flowers.jsonl", text, at..at + 1, "R").1.is_some());
}

#[test]
fn json_lines_in_a_json_file() {
    let at = nth(JSONL, "bird", 0);
    assert!(reread("train.json", JSONL, at..at, "x").1.is_some());
    // Deleting every line after the first turns the file into a one-object document.
    let line2 = nth(JSONL, "{", 1);
    assert!(reread("train.json", JSONL, line2..JSONL.len(), "").1.is_none());
}

#[test]
fn other_formats_are_read_whole() {
    let text = "cat\ndog\nbird\n";
    assert!(reread("labels.txt", text, 5..5, "o").1.is_none());
    let lst = "0\t1\ta.jpg\n1\t0\tb.jpg\n";
    assert!(reread("train.lst", lst, 12..12, "1").1.is_none());
    let coco = "{\"images\": [], \"annotations\": [], \"categories\": []}";
    assert!(reread("coco.json", coco, 1..1, " ").1.is_none());
}

#[test]
fn inconsistent_edits_are_refused() {
    let path = Path::new("a.jsonl");
    let old = read(path, JSONL).unwrap();
    let new = JSONL.replace("bird", "birds");
    let wrong_len = TextEdit::new(Span::new(10, 10), 2);
    assert!(reparse(&old, JSONL, &new, &wrong_len).is_none());
    let past_end = TextEdit::new(Span::new(JSONL.len() + 1, JSONL.len() + 1), 1);
    assert!(reparse(&old, JSONL, &new, &past_end).is_none());
    let text = "{\"file_name\": \"a.png\", \"label\": \"é\"}\n{\"file_name\": \"b.png\", \"label\": \"é\"}\n";
    let old = read(path, text).unwrap();
    let inside_char = nth(text, "é", 1) + 1;
    let (new, _) = edited(text, inside_char - 1..inside_char - 1, "x");
    let edit = TextEdit::new(Span::new(inside_char, inside_char), 1);
    assert!(reparse(&old, text, &new, &edit).is_none());
}

#[test]
fn files_the_config_names() {
    // No label column: read only because the config lists it, with a problem at the header.
    let text = "image,notes\na.png,x\nb.png,y\n";
    let path = Path::new("list.csv");
    let how = ReadWith::Listed { labels: false };
    let old = crate::formats::read_listed(path, text, false);
    let at = nth(text, "y", 0);
    let (new, edit) = edited(text, at..at + 1, "z");
    let got = reparse_with(how, &old, text, &new, &edit).expect("incremental");
    let want = crate::formats::read_listed(path, &new, false);
    assert_eq!(difference(&got, &want), None);
    assert_eq!(got.kind, FileKind::Dataset);
    assert_eq!(got.problems.len(), 1);
}

#[test]
fn edits_compose() {
    let text = "hello world, again";
    let (mid, first) = edited(text, 6..11, "there");
    let (end, second) = edited(&mid, 0..5, "hi");
    let both = first.then(second);
    let (direct, _) = edited(
        text,
        both.old.start..both.old.end,
        &end[both.old.start..both.old.start + both.new_len],
    );
    assert_eq!(direct, end);
    assert_eq!(both, TextEdit::new(Span::new(0, 11), 8));
    let (after, third) = edited(&end, 14..14, "!");
    let (direct, _) = {
        let e = both.then(third);
        edited(text, e.old.start..e.old.end, &after[e.old.start..e.old.start + e.new_len])
    };
    assert_eq!(direct, after);
    assert_eq!(TextEdit::between(text, &end), TextEdit::new(Span::new(1, 11), 7));
    assert_eq!(TextEdit::between("aéb", "aèb"), TextEdit::new(Span::new(1, 3), 2));
    assert_eq!(TextEdit::between("abab", "ab"), TextEdit::new(Span::new(2, 4), 0));
}

#[test]
fn metadata_moves_with_its_record_and_header_names_stay() {
    let csv = "file_name,label,source\n\
               images/1.png,cat,flickr\n\
               images/2.png,dog,studio\n\
               images/3.png,dog,studio\n";
    let at = nth(csv, "images/2", 0);
    let (new, got) = reread("metadata.csv", csv, at..at, "images/9.png,cat,web\n");
    let file = got.expect("incremental");
    let meta = |file: &ParsedFile, new: &str| -> Vec<(String, String)> {
        let text = |s: Span| slice(new, s).to_string();
        let all = file.inputs.iter().flat_map(|i| i.metadata.iter());
        all.map(|m| (text(m.name), text(m.value))).collect()
    };
    let want =
        [("source", "flickr"), ("source", "web"), ("source", "studio"), ("source", "studio")];
    let want: Vec<(String, String)> =
        want.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    assert_eq!(meta(&file, &new), want);
    let header_cell = Span::new(nth(csv, "source", 0), nth(csv, "source", 0) + 6);
    assert!(file.inputs.iter().all(|i| i.metadata[0].name == header_cell));

    let jsonl = "{\"file_name\": \"a.png\", \"label\": \"cat\", \"source\": \"flickr\"}\n\
                 {\"file_name\": \"b.png\", \"label\": \"dog\", \"camera\": \"X100\"}\n\
                 {\"file_name\": \"c.png\", \"label\": \"dog\", \"iso\": 800}\n";
    let at = nth(jsonl, "{", 1);
    let (new, got) = reread(
        "metadata.jsonl",
        jsonl,
        at..at,
        "{\"file_name\": \"d.png\", \"label\": \"x\", \"k\": true}\n",
    );
    let file = got.expect("incremental");
    let want = [("source", "flickr"), ("k", "true"), ("camera", "X100"), ("iso", "800")];
    let want: Vec<(String, String)> =
        want.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    assert_eq!(meta(&file, &new), want);
}
