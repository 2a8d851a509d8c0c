//! The line-by-line reader on chunks against the CSV reader: the same predictions (rows,
//! scores, problems with their spans) at every chunk size, and a fall back where a field could
//! hold a line break.

use std::path::Path;

use super::super::delimited::read_with;
use super::super::{Predictions, parse_score, plain_decimal};
use crate::text::LineIndex;

fn sequential(text: &str, delimiter: u8) -> Predictions {
    read_with(Path::new("/d/predictions.csv"), text, delimiter, None)
}

fn chunked(text: &str, delimiter: u8, chunk: usize) -> Predictions {
    read_with(Path::new("/d/predictions.csv"), text, delimiter, Some(chunk))
}

/// Panics with the first difference.
fn assert_same(text: &str, a: &Predictions, b: &Predictions, what: &str) {
    assert_eq!(a.key_span, b.key_span, "{what}: key span of {text:?}");
    assert_eq!(a.columns, b.columns, "{what}: columns of {text:?}");
    assert_eq!(a.rows, b.rows, "{what}: rows of {text:?}");
    let bits = |p: &Predictions| p.scores.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(a), bits(b), "{what}: scores of {text:?}");
    assert_eq!(a.problems, b.problems, "{what}: problems of {text:?}");
}

/// Every chunk size from one byte to the whole text.
fn assert_same_at_every_chunk_size(text: &str, delimiter: u8) -> Predictions {
    let want = sequential(text, delimiter);
    for chunk in 1..=text.len() + 1 {
        let got = chunked(text, delimiter, chunk);
        assert_same(text, &want, &got, &format!("chunks of {chunk} bytes"));
    }
    want
}

/// A text of `n` lines over `k` concepts, with a bad line every `every` lines.
fn generated(n: usize, every: usize) -> String {
    let mut text = String::from("file_name,label,c0,c1,c2,fold\n");
    for i in 0..n {
        let line = if i % every != every - 1 {
            format!("img/{i:05}.png,c0,0.{i:03},0.25,1,{}\n", i % 3)
        } else {
            match i % 4 {
                0 => format!(",c1,0.1,0.2,0.7,{}\n", i % 3),
                1 => format!("img/{i:05}.png,c1,0.1,1.5,x\n"),
                2 => format!("  img/é{i}.png , c2 , 0.1 ,,0.9e-1, 2 \r\n\n   \n"),
                _ => format!("img/{i:05}.png,c0,0.5,0.5,0,1,extra\n"),
            }
        };
        text.push_str(&line);
    }
    text
}

#[test]
fn chunked_reading_gives_what_the_csv_reader_gives_at_every_chunk_size() {
    let texts = [
        "\u{feff}file_name,label,cat,dog,fold\r\nimages/a.png,cat,0.9,0.1,1\r\n\r\n\
         images/c.png,cat,1.5,x,1\r\n,cat,0.1,0.9,1\r\n   \r\nd.png,dog,0.3\r\n",
        "file_name,cat,dog\na.png,0.2,0.8",
        "file_name,cat,dog\na.png,0.2,0.8\n\n\n",
        "\n\nfile_name,cat,dog\n\na.png, 0.2 ,0.8\nb.png,,\n \t,0.1,0.9\nc.png,-0,1.0\n",
        "id\tcat\tdog\n7\t0.25\t0.75\n8\t1e-3\t.5\n9\t\t1.\n",
        "file_name,cat\nchat/é.png,0.5\nñ/ü.png,0.1 \n",
        "file_name,cat,dog\n",
        "file_name,cat,dog",
        "file_name,label\na.png,cat\n",
    ];
    for text in texts {
        let delimiter = if text.starts_with("id\t") { b'\t' } else { b',' };
        assert_same_at_every_chunk_size(text, delimiter);
    }
    let text = generated(60, 7);
    let p = assert_same_at_every_chunk_size(&text, b',');
    assert!(p.problems.len() > 10 && p.rows.len() > 40, "{} {}", p.problems.len(), p.rows.len());
}

#[test]
fn spans_and_line_numbers_are_right_across_chunk_boundaries() {
    let text = generated(400, 5);
    let lines = LineIndex::new(&text);
    for chunk in [1, 37, 64, 100, 1000] {
        let p = chunked(&text, b',', chunk);
        for row in &p.rows {
            let line = lines.line_of(row.span.start);
            assert_eq!(&text[row.span.start..row.span.end], text.lines().nth(line).unwrap());
            assert_eq!(&text[row.key_span.start..row.key_span.end], row.key);
        }
        for q in &p.problems {
            let line = text.lines().nth(lines.line_of(q.span.start)).unwrap();
            assert!(line.contains(&text[q.span.start..q.span.end]), "{q:?}");
        }
        let no_key: Vec<usize> = p
            .problems
            .iter()
            .filter(|q| q.message.starts_with("no key"))
            .map(|q| lines.line_of(q.span.start))
            .collect();
        let want: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with(",c1"))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(no_key, want);
        assert_eq!(want.len(), 20);
    }
}

#[test]
fn quotes_and_lone_carriage_returns_are_left_to_the_csv_reader() {
    let texts = [
        "file_name,cat\n\"a,1.png\",0.5\nb.png,0.5\n",
        "file_name,cat\na.png,\"0.5\nb.png\",0.5\n",
        "file_name,cat\na.png,0.5\rb.png,0.25\n",
        "file_name,cat\na.png,0.5\r",
        "file_name,cat\na.png,\"never closed\nb.png,0.5\n",
        "\"file_name\",\"cat\"\r\na.png,0.5\r\n",
    ];
    for text in texts {
        let p = assert_same_at_every_chunk_size(text, b',');
        assert!(!p.rows.is_empty(), "{text:?}");
    }
    let p = chunked("file_name,cat\na.png,0.5\rb.png,0.25\n", b',', 4);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.row_scores(1), [0.25]);
}

#[test]
fn random_texts_read_alike_without_panics() {
    let pieces = [
        "a.png", "0.5", "0.25", "1", "x", "é", " ", ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"",
        "\t", "2", ".", "-0", "",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..300 {
        let mut text = String::from("file_name,cat,dog\n");
        for _ in 0..next(60) {
            text.push_str(pieces[next(pieces.len())]);
        }
        let want = sequential(&text, b',');
        for chunk in [1, 2, 3, 5, 8, 13, 1000] {
            assert_same(&text, &want, &chunked(&text, b',', chunk), &format!("chunks of {chunk}"));
        }
    }
}

#[test]
fn plain_decimals_parse_as_the_standard_library_parses() {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut written = vec![
        "0".to_string(),
        "1".into(),
        "0.0".into(),
        "1.000000".into(),
        "0.1".into(),
        "0.3".into(),
        "0.209266".into(),
        "0.0868743".into(),
        "0.9999999999999999".into(),
        "0.00000000000000000001".into(),
        "9007199254740993".into(),
        "0.9007199254740993".into(),
        "0.9007199254740992".into(),
        "1234567890123456789".into(),
        "12345678901234567890".into(),
    ];
    for _ in 0..20_000 {
        let digits = 1 + (next() % 19) as usize;
        let point = (next() % (digits as u64 + 1)) as usize;
        let mut s: String = (0..digits).map(|_| char::from(b'0' + (next() % 10) as u8)).collect();
        if (1..digits).contains(&point) {
            s.insert(point, '.');
        }
        written.push(s);
    }
    for s in &written {
        let want: f64 = s.parse().unwrap();
        if let Some(got) = plain_decimal(s) {
            assert_eq!(got.to_bits(), want.to_bits(), "{s}");
        }
        match parse_score(s) {
            Ok(v) => assert_eq!(v.to_bits(), want.to_bits(), "{s}"),
            Err(_) => assert!(want > 1.0, "{s}"),
        }
    }
    // Not plain: left to the standard library.
    for s in ["", ".", "1.", ".5", "+1", "-0", "1e-3", "0x1", "1_0", "0.5 ", "١"] {
        assert_eq!(plain_decimal(s), None, "{s:?}");
    }
    assert!(plain_decimal("0.1234567890123456").is_some());
    assert!(plain_decimal("0.000000000000000001").is_some());
    assert_eq!(plain_decimal("0.00000000000000000001"), None);
    // Digits beyond 2^53 as an integer, or more than 19 of them.
    assert_eq!(plain_decimal("0.12345678901234567"), None);
    assert_eq!(plain_decimal("0.1234567890123456789"), None);
}
