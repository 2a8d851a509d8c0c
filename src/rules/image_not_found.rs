//! `image-not-found`: an input's image file does not exist.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::images::ImageStatus;

use super::{Rule, diagnostic, each_image, shown};

pub static RULE: Rule = Rule {
    name: "image-not-found",
    code: "CL003",
    default_severity: Severity::Error,
    summary: "An input's image file does not exist.",
    docs: r#"# image-not-found (CL003)

Reports an input whose image path, resolved against the manifest's folder (or the configured
`image-root`), names no file. Remote locations (`https://`, `s3://`, `gs://`, `azureml://`)
are never fetched and never reported here.

## Why
An input without its image is dropped by most training pipelines, or stops them: the concept
counts you see in the manifest are then not what the model trains on.

## Example
```text
file_name,label
images/cat_999.png,cat     <- image not found: images/cat_999.png
```

## Fix
Restore the file, correct the path, or remove the input. If the images live elsewhere, set
`image-root`.

## Options
```toml
image-root = "images"   # folder that relative image paths resolve against
```
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_image(ctx, |file, input, status| {
        if let ImageStatus::NotFound { path } = status {
            let msg = format!("image not found: {}", shown(ctx, path));
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
    fn fires_only_on_missing_files() {
        let ds = Builder::new()
            .manifest(
                "metadata.csv",
                &[("gone.png", &["a"]), ("here.png", &["a"]), ("https://x/y.png", &["a"])],
            )
            .build();
        let facts = images(&ds, |i| match i.location.as_str() {
            "gone.png" => ImageStatus::NotFound { path: PathBuf::from("/ds/gone.png") },
            "here.png" => ImageStatus::Declared { width: 600, height: 600 },
            _ => ImageStatus::Remote,
        });
        let out = run(&RULE, &ds, &facts);
        assert_eq!(out.len(), 1);
        assert_eq!(at(&ds, &out[0]), "gone.png");
        assert_eq!(out[0].message, "image not found: gone.png");
        assert_eq!(out[0].severity, Severity::Error);
    }
}
