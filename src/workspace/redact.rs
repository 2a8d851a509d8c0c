//! Credentials in image URLs are never printed: the user information
//! (`https://user:password@host/a.png`, `https://TOKEN@host/...`) and the values of query
//! parameters that carry a secret (presigned and signed URLs: `X-Amz-Signature`,
//! `X-Amz-Credential`, `X-Amz-Security-Token`, `X-Goog-Signature`, Azure SAS `sig`, `token`,
//! `access_token`, `api_key`, ...). Messages and reports show `***` in their place; source
//! excerpts show `*`s (as many as the bytes hidden, so spans and columns stay put).
//!
//! Like git, the whole user information is hidden, not only what follows a `:`: a token is
//! often written as the user name.

use std::borrow::Cow;
use std::ops::Range;

/// `text` with the user information and secret query values of every URL in it replaced by
/// `***`.
pub fn redact_credentials(text: &str) -> Cow<'_, str> {
    replace(text, |out, _| out.push_str("***"))
}

/// `text` with every byte of the user information and secret query values of every URL in it
/// replaced by `*`: the
/// same length, so byte spans into `text` stay valid (and on char boundaries) in the result.
pub fn mask_credentials(text: &str) -> Cow<'_, str> {
    replace(text, |out, len| out.extend(std::iter::repeat_n('*', len)))
}

fn replace(text: &str, with: impl Fn(&mut String, usize)) -> Cow<'_, str> {
    let ranges = secrets(text);
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

/// Query parameters whose value is a secret (compared without case); besides these, any name
/// that contains `signature`, `token`, `secret`, `password` or `credential`.
const SECRET_PARAMS: &[&str] = &["sig", "key", "apikey", "api_key", "auth", "code", "pass", "pwd"];

fn secret_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_PARAMS.contains(&name.as_str())
        || ["signature", "token", "secret", "password", "credential"]
            .iter()
            .any(|w| name.contains(w))
}

/// Byte ranges, in order, of the user information (before the last `@` of the authority) and
/// of the secret query values of every `scheme://` URL in `text`.
fn secrets(text: &str) -> Vec<Range<usize>> {
    let ends_url = |c: char| "\"'<>,;`".contains(c) || c.is_whitespace();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("://") {
        let start = from + i + 3;
        let url_end = text[start..].find(ends_url).map_or(text.len(), |e| start + e);
        let authority_end =
            text[start..url_end].find(['/', '?', '#']).map_or(url_end, |e| start + e);
        if let Some(at) = text[start..authority_end].rfind('@')
            && at > 0
        {
            out.push(start..start + at);
        }
        if let Some(q) = text[authority_end..url_end].find('?') {
            let query_start = authority_end + q + 1;
            let query_end =
                text[query_start..url_end].find('#').map_or(url_end, |e| query_start + e);
            let mut at = query_start;
            for pair in text[query_start..query_end].split('&') {
                if let Some(eq) = pair.find('=')
                    && eq + 1 < pair.len()
                    && secret_param(&pair[..eq])
                {
                    out.push(at + eq + 1..at + pair.len());
                }
                at += pair.len() + 1;
            }
        }
        from = url_end.max(start);
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
    fn secret_query_values_of_signed_urls_are_hidden() {
        let s3 = "https://b.s3.amazonaws.com/a.png?X-Amz-Algorithm=AWS4-HMAC-SHA256\
                  &X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=abc123&X-Amz-Expires=600";
        assert_eq!(
            redact_credentials(s3),
            "https://b.s3.amazonaws.com/a.png?X-Amz-Algorithm=AWS4-HMAC-SHA256\
             &X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Expires=600"
        );
        let sas = "https://acct.blob.core.windows.net/c/a.jpg?sv=2022-11-02&sig=Zm9v%3D#frag,cat";
        assert_eq!(
            redact_credentials(sas),
            "https://acct.blob.core.windows.net/c/a.jpg?sv=2022-11-02&sig=***#frag,cat"
        );
        // Both kinds in one URL; a CSV cell ends the URL; names are compared without case.
        assert_eq!(
            redact_credentials("https://u:p@h/x.png?TOKEN=t1&w=2,https://h/y.png?Api_Key=k"),
            "https://***@h/x.png?TOKEN=***&w=2,https://h/y.png?Api_Key=***"
        );
        // Nothing to hide: no value, or an ordinary parameter.
        assert!(matches!(redact_credentials("https://h/a.png?token=&w=1&v=2"), Cow::Borrowed(_)));
        let line = "https://h/a.png?token=s%C3%A9cret,dog\n";
        let masked = mask_credentials(line);
        assert_eq!(masked, format!("https://h/a.png?token={},dog\n", "*".repeat(11)));
        assert_eq!(masked.find("dog"), line.find("dog"));
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
