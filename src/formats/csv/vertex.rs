//! Vertex AI image classification CSV: no header, one image a row,
//! `[ML_USE,]gs://bucket/image.jpg[,label...]`.

use std::path::Path;

use crate::model::{FileKind, Format, Input, Label, ParsedFile, Problem};

use super::scan::Rows;

/// Values of the optional first column (`TRAIN` is the older AutoML Vision spelling).
const ML_USES: &[&str] = &["training", "validation", "test", "unassigned", "train"];

fn is_gcs(value: &str) -> bool {
    value.trim().trim_matches('"').starts_with("gs://")
}

/// Whether the first non-blank line is a Vertex AI row.
pub fn matches(text: &str) -> bool {
    let Some(line) = text.trim_start_matches('\u{feff}').lines().find(|l| !l.trim().is_empty())
    else {
        return false;
    };
    let mut fields = line.split(',');
    let first = fields.next().unwrap_or("");
    if is_gcs(first) {
        return true;
    }
    let first = first.trim().trim_matches('"');
    ML_USES.iter().any(|u| first.eq_ignore_ascii_case(u)) && fields.next().is_some_and(is_gcs)
}

pub fn read(path: &Path, text: &str) -> ParsedFile {
    let mut file = ParsedFile::new(path.to_path_buf(), Format::VertexCsv, FileKind::Dataset);
    let mut rows = Rows::new(text, b',');
    while let Some(row) = rows.next_row() {
        if row.is_blank() {
            continue;
        }
        if let Some(span) = row.unterminated_span() {
            let message = "this quote is never closed, so the rest of the file is one field";
            file.problems.push(Problem::new(span, message));
            continue;
        }
        let location_col = if is_gcs(&row.value(0)) {
            0
        } else if is_gcs(&row.value(1)) {
            if let Some((ml_use, span)) = row.trimmed(0)
                && !ML_USES[..4].iter().any(|u| ml_use.eq_ignore_ascii_case(u))
            {
                let message = format!(
                    "unknown ML_USE '{ml_use}': expected TRAINING, VALIDATION, TEST or UNASSIGNED"
                );
                file.problems.push(Problem::new(span, message));
            }
            1
        } else {
            file.problems.push(Problem::new(
                row.span,
                "expected a Vertex AI row: [ML_USE,]gs://bucket/image.jpg,label; row not read",
            ));
            continue;
        };
        let Some((location, location_span)) = row.trimmed(location_col) else {
            continue;
        };
        let mut labels = Vec::with_capacity(row.cells.len() - location_col - 1);
        for col in location_col + 1..row.cells.len() {
            if let Some((concept, span)) = row.trimmed(col).filter(|(c, _)| !c.is_empty()) {
                labels.push(Label { concept: concept.into_owned(), span, positive: true });
            }
        }
        file.inputs.push(Input {
            id: None,
            location: location.into_owned(),
            location_span,
            span: row.span,
            labels,
            declared_size: None,
            ..Default::default()
        });
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::csv::scan::slice;

    #[test]
    fn signature_is_the_first_non_blank_row() {
        assert!(matches("\n\ngs://b/1.jpg,daisy\n"));
        assert!(matches("\u{feff}test,gs://b/1.jpg,daisy\r\n"));
        assert!(matches("UNASSIGNED,\"gs://b/1.jpg\"\n"));
        assert!(!matches("image,label\ngs://b/1.jpg,daisy\n"));
        assert!(!matches("train,images/1.jpg,daisy\n"));
        assert!(!matches(""));
    }

    #[test]
    fn reads_ml_use_multi_label_and_unlabeled_rows() {
        let text = "TRAINING,gs://flowers/a.jpg,daisy\r\n\
                    validation,gs://flowers/b.jpg,tulip,rose\r\n\
                    gs://flowers/c.jpg\r\n\
                    TEST,gs://flowers/d.jpg, sunflower ,\r\n";
        let file = read(Path::new("flowers.csv"), text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let got: Vec<(&str, Vec<&str>)> = file
            .inputs
            .iter()
            .map(|i| (i.location.as_str(), i.labels.iter().map(|l| l.concept.as_str()).collect()))
            .collect();
        assert_eq!(
            got,
            [
                ("gs://flowers/a.jpg", vec!["daisy"]),
                ("gs://flowers/b.jpg", vec!["tulip", "rose"]),
                ("gs://flowers/c.jpg", vec![]),
                ("gs://flowers/d.jpg", vec!["sunflower"]),
            ]
        );
        for input in &file.inputs {
            assert_eq!(slice(text, input.location_span), input.location);
            assert!(!slice(text, input.span).ends_with('\r'));
            for label in &input.labels {
                assert_eq!(slice(text, label.span), label.concept);
            }
        }
        assert_eq!(slice(text, file.inputs[1].span), "validation,gs://flowers/b.jpg,tulip,rose");
    }

    #[test]
    fn broken_rows_are_reported_and_skipped() {
        let text = "TRAINNG,gs://b/a.jpg,daisy\nTRAINING,/local/b.jpg,rose\ngs://b/c.jpg,tulip";
        let file = read(Path::new("v.csv"), text);
        assert_eq!(file.inputs.len(), 2);
        assert_eq!(file.problems.len(), 2);
        assert_eq!(slice(text, file.problems[0].span), "TRAINNG");
        assert!(file.problems[0].message.starts_with("unknown ML_USE 'TRAINNG'"));
        assert_eq!(slice(text, file.problems[1].span), "TRAINING,/local/b.jpg,rose");
        assert_eq!(file.inputs[1].labels[0].concept, "tulip");
    }
}
