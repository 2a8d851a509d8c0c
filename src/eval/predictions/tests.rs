use std::path::Path;

use super::*;

fn at(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

fn problems(text: &str, p: &Predictions) -> Vec<(String, String)> {
    p.problems.iter().map(|p| (at(text, p.span).to_string(), p.message.clone())).collect()
}

#[test]
fn csv_with_fold_label_column_crlf_and_bad_cells() {
    let text = "\u{feff}file_name,label,cat,dog,fold\r\n\
                images/a.png,cat,0.9,0.1,1\r\n\
                \"images/b,1.png\",dog,0.2,\"0.8\",2\r\n\
                images/c.png,cat,1.5,x,1\r\n\
                ,cat,0.1,0.9,1\r\n";
    let p = read(Path::new("/d/predictions.csv"), text);
    assert_eq!(p.format, PredictionsFormat::Csv);
    assert_eq!(at(text, p.key_span), "file_name");
    let cols: Vec<_> = p.columns.iter().map(|c| (c.name.as_str(), at(text, c.span))).collect();
    assert_eq!(cols, [("cat", "cat"), ("dog", "dog")]);
    assert_eq!(p.rows.len(), 3);
    assert_eq!(p.rows[1].key, "images/b,1.png");
    assert_eq!(at(text, p.rows[1].key_span), "images/b,1.png");
    assert_eq!(at(text, p.rows[0].span), "images/a.png,cat,0.9,0.1,1");
    assert_eq!(p.rows[1].fold.as_deref(), Some("2"));
    assert_eq!(p.row_scores(0), [0.9, 0.1]);
    assert_eq!(p.row_scores(1), [0.2, 0.8]);
    assert!(p.row_scores(2).iter().all(|v| v.is_nan()));
    assert_eq!(
        problems(text, &p),
        [
            ("1.5".into(), "score 1.5 is outside [0, 1] for 'cat'".into()),
            ("x".into(), "'x' is not a score: expected a number in [0, 1] for 'dog'".into()),
            (",cat,0.1,0.9,1".into(), "no key: the input this row scores is not named".into()),
        ]
    );
    assert!(p.has_folds());
}

#[test]
fn csv_without_key_or_scores_and_tsv() {
    let text = "name,cat\nx,0.1\n";
    let p = read(Path::new("/d/predictions.csv"), text);
    assert_eq!(problems(text, &p)[0].0, "name,cat");
    let text = "id\tcat\tdog\n7\t0.25\t0.75\n";
    let p = read(Path::new("/d/p.tsv"), text);
    assert_eq!(p.format, PredictionsFormat::Tsv);
    assert_eq!(p.rows[0].key, "7");
    assert_eq!(p.row_scores(0), [0.25, 0.75]);
    let text = "file_name,label\na.png,cat\n";
    let p = read(Path::new("/d/predictions.csv"), text);
    assert_eq!(
        problems(text, &p),
        [("file_name,label".into(), "no score columns: expected one per concept".into())]
    );
}

#[test]
fn jsonl_with_sparse_scores_bad_lines_and_folds() {
    let text = "{\"file_name\": \"a.png\", \"scores\": {\"cat\": 0.9, \"dog\": 0.1}, \"fold\": 0}\n\
                \n\
                {\"image\": \"b.png\", \"scores\": {\"dog\": 0.7}}\n\
                {\"file_name\": \"c.png\", \"scores\": {\"cat\": \"high\", \"dog\": -0.5}}\n\
                {\"file_name\": \"d.png\", \"scores\": [0.1]}\n\
                {\"file_name\": 3\n\
                {\"id\": 12, \"scores\": {\"cat\": 1e-3, \"dog\": 1}}";
    let p = read(Path::new("/d/predictions.jsonl"), text);
    assert_eq!(p.format, PredictionsFormat::Jsonl);
    let cols: Vec<_> = p.columns.iter().map(|c| at(text, c.span)).collect();
    assert_eq!(cols, ["cat", "dog"]);
    let keys: Vec<_> = p.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["a.png", "b.png", "c.png", "d.png", "12"]);
    assert_eq!(at(text, p.rows[4].key_span), "12");
    assert_eq!(p.rows[0].fold.as_deref(), Some("0"));
    assert_eq!(p.row_scores(0), [0.9, 0.1]);
    assert!(p.row_scores(1)[0].is_nan());
    assert_eq!(p.row_scores(1)[1], 0.7);
    assert_eq!(p.row_scores(4), [0.001, 1.0]);
    let got = problems(text, &p);
    assert_eq!(got[0], ("\"high\"".into(), "a string is not a score for 'cat'".into()));
    assert_eq!(got[1], ("-0.5".into(), "score -0.5 is outside [0, 1] for 'dog'".into()));
    assert_eq!(got[2].0, "[0.1]");
    assert!(got[3].1.starts_with("invalid JSON"), "{got:?}");
    assert_eq!(got[4], ("{\"dog\": 0.7}".into(), "no score for 'cat'".into()));
    assert_eq!(got.len(), 5, "{got:?}");
}

#[test]
fn clarifai_evaluation_with_ids_urls_and_ground_truth() {
    let text = r#"{"status": {"code": 10000}, "eval_metrics": {"summary": {}, "test_set": [
  {"input": {"id": "in1", "data": {"image": {"url": "https://x/é1.jpg"}}},
   "predicted_concepts": [{"id": "c1", "name": "cat", "value": 0.875}, {"id": "c2", "name": "dog", "value": 0.125}],
   "ground_truth_concepts": [{"id": "c1", "name": "cat", "value": 1}]},
  {"input": {"id": "in2"},
   "predicted_concepts": [{"id": "dog", "value": 0.5}, {"name": "cat", "value": 2}],
   "ground_truth_concepts": [{"id": "dog"}, {"id": "cat", "value": 0}]},
  {"predicted_concepts": []}
]}}"#;
    let p = read(Path::new("/d/eval.json"), text);
    assert_eq!(p.format, PredictionsFormat::ClarifaiEvaluation);
    let cols: Vec<_> = p.columns.iter().map(|c| (c.name.as_str(), at(text, c.span))).collect();
    assert_eq!(cols, [("cat", "cat"), ("dog", "dog")]);
    assert_eq!(p.rows[0].key, "in1");
    assert_eq!(p.rows[0].alt_key.as_deref(), Some("https://x/é1.jpg"));
    assert_eq!(at(text, p.rows[1].key_span), "in2");
    assert_eq!(p.rows[0].truth.as_deref(), Some(&["cat".to_string()][..]));
    assert_eq!(p.rows[1].truth.as_deref(), Some(&["dog".to_string()][..]));
    assert_eq!(p.row_scores(0), [0.875, 0.125]);
    assert!(p.row_scores(1)[0].is_nan());
    let got = problems(text, &p);
    assert_eq!(got[0], ("2".into(), "score 2 is outside [0, 1] for 'cat'".into()));
    assert_eq!(
        got[1],
        ("{\"predicted_concepts\": []}".into(), "no \"input\" with an \"id\" or image url".into())
    );
    let p = read(Path::new("/d/eval.json"), "{\"images\": []}");
    assert_eq!(
        p.problems[0].message,
        "not a predictions file: expected a Clarifai evaluation with \"test_set\""
    );
}

#[test]
fn a_json_file_of_lines_is_read_as_lines() {
    let text = "{\"file_name\": \"a.png\", \"scores\": {\"cat\": 1}}\n{\"file_name\": \"b.png\", \"scores\": {\"cat\": 0}}\n";
    let p = read(Path::new("/d/predictions.json"), text);
    assert_eq!(p.format, PredictionsFormat::Jsonl);
    assert_eq!(p.rows.len(), 2);
}

/// The published schema of a JSON Lines record agrees with the reader on good and bad lines.
#[test]
fn the_line_schema_accepts_what_the_reader_accepts() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../schemas/predictions-line.schema.json"))
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good = [
        r#"{"file_name": "a.png", "scores": {"cat": 0.9, "dog": 0.1}}"#,
        r#"{"id": 7, "scores": {"cat": 1}, "fold": 2}"#,
        r#"{"image": "b.png", "scores": {"cat": 0}, "fold": "run-1"}"#,
    ];
    let bad = [
        r#"{"file_name": "a.png", "scores": {"cat": 1.5}}"#,
        r#"{"file_name": "a.png", "scores": {"cat": "high"}}"#,
        r#"{"scores": {"cat": 0.5}}"#,
        r#"{"file_name": "a.png"}"#,
    ];
    for line in good {
        assert!(validator.is_valid(&serde_json::from_str(line).unwrap()), "{line}");
        let p = read(Path::new("/d/predictions.jsonl"), line);
        assert!(p.problems.is_empty(), "{line}: {:?}", p.problems);
    }
    for line in bad {
        assert!(!validator.is_valid(&serde_json::from_str(line).unwrap()), "{line}");
        let p = read(Path::new("/d/predictions.jsonl"), line);
        assert!(!p.problems.is_empty(), "{line}");
    }
}

/// Truncations and stray characters never panic, and every problem span slices the text.
#[test]
fn broken_files_never_panic_and_spans_stay_on_char_boundaries() {
    let samples = [
        ("p.csv", "file_name,chat,dög,fold\n\"a,é.png\",0.5,0.5,1\nb.png,1e-3,9.99e-1,2\n"),
        (
            "p.jsonl",
            "{\"file_name\": \"é.png\", \"scores\": {\"chat\": 0.5, \"dög\": 0.5}, \"fold\": 1}\n{\"id\": 3, \"scores\": {}}\n",
        ),
        (
            "p.json",
            "{\"test_set\": [{\"input\": {\"id\": \"é\"}, \"predicted_concepts\": [{\"name\": \"chat\", \"value\": 0.5}], \"ground_truth_concepts\": [{\"name\": \"chat\"}]}]}",
        ),
    ];
    for (name, text) in samples {
        let path = Path::new("/d").join(name);
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut variants: Vec<String> = bounds.iter().map(|&i| text[..i].to_string()).collect();
        for &i in bounds.iter().step_by(3) {
            for stray in ["\"", ",", "\n", "{", "é", "\t", "]"] {
                variants.push(format!("{}{stray}{}", &text[..i], &text[i..]));
            }
        }
        for v in &variants {
            let p = read(&path, v);
            for problem in &p.problems {
                assert!(
                    v.get(problem.span.start..problem.span.end).is_some(),
                    "{v:?}: {problem:?}"
                );
            }
            for row in &p.rows {
                assert!(v.get(row.span.start..row.span.end).is_some());
                assert!(v.get(row.key_span.start..row.key_span.end).is_some());
            }
            assert_eq!(p.scores.len(), p.rows.len() * p.columns.len());
        }
    }
}
