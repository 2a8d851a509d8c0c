use super::{CheckResult, RenderOptions};

pub(super) fn render(_result: &CheckResult, _opts: &RenderOptions) -> String {
    String::new()
}
