//! `path-outside-root`: an image path that leaves the dataset root (never read).

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::images::ImageStatus;

use super::{Rule, diagnostic, each_image};

pub static RULE: Rule = Rule {
    name: "path-outside-root",
    code: "CL005",
    default_severity: Severity::Error,
    summary: "An image path leaves the dataset root; it is reported and never read.",
    docs: r#"# path-outside-root (CL005)

Reports an input whose path resolves outside the dataset root: an absolute path elsewhere, a
`../` that climbs out, or a symbolic link that points out. The dataset root is the folder of
the config (`conceptlint.toml` or `pyproject.toml`) when there is one, else the manifest's
folder. conceptlint never opens such a path.

## Why
A dataset that reaches outside its folder is not self-contained: it breaks when copied, shared
or uploaded, and a manifest from elsewhere must not make a tool read arbitrary files
(`../../home/me/.ssh/id_rsa`).

## Example
```text
file_name,label
../outside.png,cat     <- '../outside.png' leaves the dataset root; it was not read
```

## Fix
Copy the image into the dataset and point the path there, or move the config up so that the
root includes the image folder.
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_image(ctx, |file, input, status| {
        if let ImageStatus::OutsideRoot { .. } = status {
            let root = if ctx.dataset.config.is_some() {
                "the config's folder"
            } else {
                "the manifest's folder"
            };
            let msg =
                format!("'{}' leaves the dataset root ({root}); it was not read", input.location);
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
    fn fires_on_escaping_paths_only() {
        let ds = Builder::new()
            .manifest("metadata.csv", &[("../x.png", &["a"]), ("in.png", &["a"])])
            .build();
        let facts = images(&ds, |i| match i.location.as_str() {
            "../x.png" => ImageStatus::OutsideRoot { path: PathBuf::from("/x.png") },
            _ => ImageStatus::NotChecked,
        });
        let out = run(&RULE, &ds, &facts);
        assert_eq!(out.len(), 1);
        assert_eq!(at(&ds, &out[0]), "../x.png");
        assert_eq!(
            out[0].message,
            "'../x.png' leaves the dataset root (the manifest's folder); it was not read"
        );
    }
}
