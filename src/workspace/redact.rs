//! Credentials in image URLs (`https://user:password@host/a.png`, `https://TOKEN@host/...`) are
//! never printed: messages and reports show `https://***@host/a.png`, and source excerpts show
//! the user information as `*`s (as many as its bytes, so spans and columns stay put).
//!
//! Like git, the whole user information is hidden, not only what follows a `:`: a token is
//! often written as the user name.

use std::borrow::Cow;
use std::ops::Range;

/// `text` with the user information of every URL in it replaced by `***`.
pub fn redact_credentials(text: &str) -> Cow<'_, str> {
    replace(text, |out, _| out.push_str("***"))
}

/// `text` with every byte of the user information of every URL in it replaced by `*`: the
/// same length, so byte spans into `text` stay valid (and on char boundaries) in the result.
pub fn mask_credentials(text: &str) -> Cow<'_, str> {
    replace(text, |out, len| out.extend(std::iter::repeat_n('*', len)))
}

fn replace(text: &str, with: impl Fn(&mut String, usize)) -> Cow<'_, str> {
    let ranges = userinfo(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in ranges {
        out.push_str(&text[at..r.start]);
        with(&mut out, r.end - r.start);
        at = r.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Byte ranges of the user information (before the last `@` of the authority) of every
/// `scheme://` URL in `text`.
fn userinfo(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("://") {
        let start = from + i + 3;
        let authority = text[start..]
            .find(|c: char| "/?#\"'<>,;`".contains(c) || c.is_whitespace())
            .map_or(&text[start..], |end| &text[start..start + end]);
        if let Some(at) = authority.rfind('@')
            && at > 0
        {
            out.push(start..start + at);
        }
        from = start + authority.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_tokens_are_hidden() {
        let msg = "https://alice:s3cr3t@example.com/x.png is listed 2 times";
        assert_eq!(redact_credentials(msg), "https://***@example.com/x.png is listed 2 times");
        assert_eq!(
            redact_credentials("'s3://AKIA:key@bucket/a.png' and https://ghp_tok@github.com/b"),
            "'s3://***@bucket/a.png' and https://***@github.com/b"
        );
        // Only the authority: an `@` in the path or query is not user information.
        assert_eq!(redact_credentials("https://h/p@2x.png?a=b@c"), "https://h/p@2x.png?a=b@c");
        assert!(matches!(redact_credentials("images/cat@2x.png"), Cow::Borrowed(_)));
        assert_eq!(redact_credentials("ftp://@host/x"), "ftp://@host/x");
    }

    #[test]
    fn masking_keeps_every_byte_offset() {
        let line = "https://é:pw@h/a.png,dgo\n";
        let masked = mask_credentials(line);
        assert_eq!(masked, "https://*****@h/a.png,dgo\n");
        assert_eq!(masked.len(), line.len());
        assert_eq!(masked.find("dgo"), line.find("dgo"));
    }
}
