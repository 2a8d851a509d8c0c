//! Edits of CSV and TSV manifests: rows edited, added and broken, quotes, the header.

use std::path::Path;

use super::tests::{edited, nth, reread};
use super::*;
use crate::formats::csv::scan::slice;
use crate::formats::read;

const CSV: &str = "file_name,label,split\r\n\
                   images/1.png,cat,train\r\n\
                   \"images/2,b.png\",\"dog\",test\r\n\
                   images/3.png,bird,train\r\n";

#[test]
fn csv_rows_edited_gaining_and_losing_fields() {
    let at = nth(CSV, "bird", 0);
    let (new, got) = reread("train.csv", CSV, at..at + 4, "fish");
    let file = got.expect("incremental");
    assert_eq!(slice(&new, file.inputs[2].labels[0].span), "fish");
    // A row gains a field with text in it: it can no longer be read.
    let at = nth(CSV, ",train", 1);
    let (new, got) = reread("train.csv", CSV, at..at, ",x");
    let file = got.expect("incremental");
    assert_eq!(file.inputs.len(), 2);
    assert_eq!(slice(&new, file.problems[0].span), ",train");
    assert!(file.problems[0].message.starts_with("row has 4 fields but the header has 3"));
    // A row with a field too few.
    let at = nth(CSV, ",train", 0);
    let (_, got) = reread("train.csv", CSV, at..at + 6, "");
    assert_eq!(got.expect("incremental").problems.len(), 1);
    // Rows added after a quoted field, and the quoted field edited.
    let at = nth(CSV, "\"dog\"", 0) + 1;
    assert!(reread("train.csv", CSV, at..at + 3, "chien, noir").1.is_some());
    assert!(
        reread("train.csv", CSV, CSV.len()..CSV.len(), "a.png,\"x\"\"y\",z\r\nb.png,q,r")
            .1
            .is_some()
    );
}

#[test]
fn quotes_that_may_span_lines_need_a_full_read() {
    let at = nth(CSV, "cat", 0);
    assert!(reread("train.csv", CSV, at..at, "\"").1.is_none());
    // An opening quote with its closing one on the same line is fine.
    assert!(reread("train.csv", CSV, at..at + 3, "\"cat\"").1.is_some());
    // So is one left open on the last line: the region alone reads it the same way.
    let at = nth(CSV, "bird", 0);
    let (_, got) = reread("train.csv", CSV, at..at, "\"");
    assert!(got.expect("incremental").problems[0].message.contains("never closed"));
    // A field spanning two lines, before the edit: the rows after it are still records.
    let text = "image,label\na.png,\"two\nlines\"\nb.png,cat\nc.png,dog\n";
    let at = nth(text, "dog", 0);
    assert!(reread("x.csv", text, at..at + 3, "cow").1.is_some());
    // An edit inside that field.
    let at = nth(text, "lines", 0);
    assert!(reread("x.csv", text, at..at + 1, "L").1.is_none());
    // A quote never closed before the edit: the rest of the file is one field.
    let text = "image,label\na.png,\"open\nb.png,cat\nc.png,dog\n";
    let at = nth(text, "dog", 0);
    assert!(reread("x.csv", text, at..at + 3, "cow").1.is_none());
}

#[test]
fn the_header_decides_so_editing_it_needs_a_full_read() {
    let at = nth(CSV, "label", 0);
    assert!(reread("train.csv", CSV, at..at + 5, "labels").1.is_none());
    // Right after it is fine.
    let at = nth(CSV, "images/1", 0);
    assert!(reread("train.csv", CSV, at..at, "x").1.is_some());
}

#[test]
fn tsv_metadata_csv_clarifai_and_vertex() {
    let tsv = "path\tlabels\nimgs/a.jpg\tcat|dog\nimgs/b.jpg\t\"x\ty\"\n";
    let at = nth(tsv, "dog", 0);
    assert!(reread("data.tsv", tsv, at..at + 3, "cow\tz").1.is_some());
    let hf = "file_name,text\na.png,hello\nb.png,world\n";
    let at = nth(hf, "world", 0);
    let (_, got) = reread("metadata.csv", hf, at..at, "new ");
    assert_eq!(got.expect("incremental").problems.len(), 1, "the header's problem stays");
    let sdk =
        "inputid,input,concepts,metadata\n1,a.jpg,\"cat,dog\",{'split': 'train'}\n2,b.jpg,cat,\n";
    let at = nth(sdk, "{'split'", 0);
    let (_, got) = reread("upload.csv", sdk, at..at + 1, "");
    assert_eq!(got.expect("incremental").problems.len(), 1);
    let vertex = "TRAINING,gs://f/a.jpg,daisy\nTEST,gs://f/b.jpg,rose\n";
    let at = nth(vertex, "TEST", 0);
    let (new, got) = reread("flowers.csv", vertex, at..at + 4, "TESTING");
    let file = got.expect("incremental");
    assert_eq!(slice(&new, file.problems[0].span), "TESTING");
    // The first row of a headerless Vertex AI file decides the format.
    assert!(reread("flowers.csv", vertex, 0..0, "x").1.is_none());
}

#[test]
fn labels_that_would_turn_a_table_into_predictions() {
    // Two labels naming columns make the table model predictions, not a dataset.
    let text = "image,label,cat,dog\na.png,cat,0.9,0.1\nb.png,bird,0.2,0.8\n";
    let at = nth(text, "bird", 0);
    let path = Path::new("scores.csv");
    let old = read(path, text).unwrap();
    let (new, edit) = edited(text, at..at + 4, "dog");
    assert!(read(path, &new).is_none());
    assert!(reparse(&old, text, &new, &edit).is_none());
    assert!(reread("scores.csv", text, at..at + 4, "fish").1.is_some());
}
