//! `small-image`: an image narrower or shorter than the minimum.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;

use super::{Rule, diagnostic, each_image};

pub static RULE: Rule = Rule {
    name: "small-image",
    code: "CL002",
    default_severity: Severity::Warning,
    summary: "An image is smaller than the minimum size (512 x 512 px by default).",
    docs: r#"# small-image (CL002)

Reports an input whose image is narrower than `thresholds.min-image-width` or shorter than
`thresholds.min-image-height` (512 x 512 px by default). The size comes from the file's header
(never a full decode), or from the manifest when it states it (COCO `width`/`height`, Azure ML
`image_details`). The message gives the actual size.

## Why
Small images carry little detail: the cues that tell concepts apart are lost, and upscaling
them adds no information. Models are trained and evaluated at their input resolution, and
inputs far below it hurt accuracy.

## Example
```text
file_name,label
images/cat_007.png,cat     <- image is 256 x 256 px; at least 512 x 512 is recommended
```

## Fix
Replace the image with a larger original, or remove the input. To accept smaller images, lower
the thresholds, or ignore the input.

## Options
```toml
[thresholds]
min-image-width = 512
min-image-height = 512
```
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let t = &ctx.settings.thresholds;
    each_image(ctx, |file, input, status| {
        let Some((w, h)) = status.size() else { return };
        if w < t.min_image_width || h < t.min_image_height {
            let msg = format!(
                "image is {w} x {h} px; at least {} x {} is recommended",
                t.min_image_width, t.min_image_height
            );
            out.push(diagnostic(&RULE, &file.path, input.location_span, msg).for_input(input));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::ImageStatus;
    use crate::rules::test_support::*;

    fn sized(w: u32, h: u32) -> ImageStatus {
        ImageStatus::Probed { width: w, height: h, format: "png".into(), bytes: 10 }
    }

    #[test]
    fn fires_when_either_side_is_short_and_says_the_size() {
        let ds = Builder::new()
            .manifest(
                "metadata.csv",
                &[
                    ("big.png", &["a"]),
                    ("wide.png", &["a"]),
                    ("tiny.png", &["a"]),
                    ("edge.png", &["a"]),
                ],
            )
            .build();
        let facts = images(&ds, |i| match i.location.as_str() {
            "big.png" => sized(1024, 768),
            "wide.png" => sized(640, 300),
            "tiny.png" => ImageStatus::Declared { width: 32, height: 32 },
            _ => sized(512, 512),
        });
        let out = run(&RULE, &ds, &facts);
        let got: Vec<_> = out.iter().map(|d| (at(&ds, d), d.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("wide.png", "image is 640 x 300 px; at least 512 x 512 is recommended"),
                ("tiny.png", "image is 32 x 32 px; at least 512 x 512 is recommended"),
            ]
        );
        assert_eq!(out[0].input.as_ref().unwrap().location, "wide.png");
    }

    #[test]
    fn thresholds_are_configurable_and_unknown_sizes_are_silent() {
        let ds = Builder::new()
            .manifest("metadata.csv", &[("a.png", &["a"]), ("b.png", &["a"])])
            .settings(|s| {
                s.thresholds.min_image_width = 224;
                s.thresholds.min_image_height = 224;
            })
            .build();
        let facts =
            images(
                &ds,
                |i| {
                    if i.location == "a.png" { sized(300, 224) } else { ImageStatus::Remote }
                },
            );
        assert!(run(&RULE, &ds, &facts).is_empty());
    }
}
