//! `unreadable-image`: the file exists but is not a readable image.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::images::ImageStatus;

use super::{Rule, diagnostic, each_image};

pub static RULE: Rule = Rule {
    name: "unreadable-image",
    code: "CL004",
    default_severity: Severity::Error,
    summary: "An input's file exists but its header is not a readable image.",
    docs: r#"# unreadable-image (CL004)

Reports an input whose file exists but whose header cannot be read as an image: not an image
at all (a text or HTML file saved as `.png`), an unsupported format, an empty file, or a
truncated header. Only the header is read, never the whole image.

## Why
Training pipelines fail on these files, or skip them silently, so the data the model sees is
not the data you labeled. A saved error page instead of an image is a common scraping mistake.

## Example
```text
file_name,label
images/dog_013.png,dog     <- cannot read image: the file is not an image (format not recognized)
```

## Fix
Re-export or re-download the image, or remove the input.
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_image(ctx, |file, input, status| {
        if let ImageStatus::Unreadable { reason, .. } = status {
            let msg = format!("cannot read image: {reason}");
            out.push(diagnostic(&RULE, &file.path, input.location_span, msg).for_input(input));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;
    use std::path::PathBuf;

    #[test]
    fn fires_with_the_reason() {
        let ds = Builder::new()
            .manifest("metadata.csv", &[("bad.png", &["a"]), ("ok.png", &["a"])])
            .build();
        let facts = images(&ds, |i| match i.location.as_str() {
            "bad.png" => ImageStatus::Unreadable {
                path: PathBuf::from("/ds/bad.png"),
                reason: "truncated header".into(),
            },
            _ => ImageStatus::Probed { width: 9, height: 9, format: "png".into(), bytes: 1 },
        });
        let out = run(&RULE, &ds, &facts);
        assert_eq!(out.len(), 1);
        assert_eq!(at(&ds, &out[0]), "bad.png");
        assert_eq!(out[0].message, "cannot read image: truncated header");
    }
}
