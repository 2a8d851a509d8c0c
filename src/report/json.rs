//! The report as one JSON object: `{"version": 1, "datasets": [...]}`.

use serde::Serialize;

use super::DatasetReport;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    datasets: &'a [DatasetReport],
}

/// Pretty JSON ending with a newline.
pub fn render(reports: &[DatasetReport]) -> String {
    let mut s = serde_json::to_string_pretty(&Output { version: 1, datasets: reports })
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
