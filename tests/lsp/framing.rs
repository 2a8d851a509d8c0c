//! The base protocol, written here and not borrowed from the server: `Content-Length` headers,
//! a blank line, a JSON body. Strict on what the server sends (CRLF header lines, a length, a
//! JSON-RPC 2.0 body), so a framing bug in the server fails the tests instead of being forgiven.

use serde_json::Value;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};

/// One message framed for the wire.
pub fn frame(message: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(message).expect("a JSON value serializes");
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out
}

/// Reads the next message; `Ok(None)` at a clean end of stream (between messages).
pub async fn read_message<R: AsyncBufRead + Unpin>(r: &mut R) -> Result<Option<Value>, String> {
    let mut length: Option<usize> = None;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        let n = r.read_until(b'\n', &mut line).await.map_err(|e| e.to_string())?;
        if !header_line(&line, n, &mut first, &mut length)? {
            break;
        }
    }
    let Some(length) = length else { return Ok(None) };
    let mut body = vec![0; length];
    r.read_exact(&mut body).await.map_err(|e| format!("body shorter than its length: {e}"))?;
    body_value(&body).map(Some)
}

/// The same, from a blocking reader (a child process's stdout).
pub fn read_message_blocking<R: std::io::BufRead>(r: &mut R) -> Result<Option<Value>, String> {
    let mut length: Option<usize> = None;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        let n = r.read_until(b'\n', &mut line).map_err(|e| e.to_string())?;
        if !header_line(&line, n, &mut first, &mut length)? {
            break;
        }
    }
    let Some(length) = length else { return Ok(None) };
    let mut body = vec![0; length];
    r.read_exact(&mut body).map_err(|e| format!("body shorter than its length: {e}"))?;
    body_value(&body).map(Some)
}

/// Reads one header line (`n` bytes read); `Ok(false)` after the blank line ending the
/// header or at a clean end of stream (then `length` stays `None`).
fn header_line(
    line: &[u8],
    n: usize,
    first: &mut bool,
    length: &mut Option<usize>,
) -> Result<bool, String> {
    if n == 0 {
        return if *first { Ok(false) } else { Err("stream ended inside a header".into()) };
    }
    *first = false;
    let line = line
        .strip_suffix(b"\r\n")
        .ok_or_else(|| format!("header line not ended by CRLF: {:?}", lossy(line)))?;
    if line.is_empty() {
        return if length.is_some() { Ok(false) } else { Err("no Content-Length".into()) };
    }
    let line = std::str::from_utf8(line).map_err(|_| "header not ASCII".to_string())?;
    let (name, value) =
        line.split_once(':').ok_or_else(|| format!("header without a colon: {line:?}"))?;
    match name.trim().to_ascii_lowercase().as_str() {
        "content-length" => {
            let n = value.trim().parse().map_err(|_| format!("bad length: {line:?}"))?;
            if length.replace(n).is_some() {
                return Err("two Content-Length headers".into());
            }
        }
        "content-type" => {
            let v = value.to_ascii_lowercase();
            if v.contains("charset") && !v.contains("utf-8") && !v.contains("utf8") {
                return Err(format!("unsupported charset: {line:?}"));
            }
        }
        other => return Err(format!("unknown header {other:?}")),
    }
    Ok(true)
}

fn body_value(body: &[u8]) -> Result<Value, String> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| format!("body is not JSON ({e}): {:?}", lossy(body)))?;
    if value.get("jsonrpc") != Some(&Value::from("2.0")) {
        return Err(format!("not a JSON-RPC 2.0 message: {value}"));
    }
    Ok(value)
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    async fn read_all(bytes: &[u8]) -> Result<Vec<Value>, String> {
        let mut r = tokio::io::BufReader::new(bytes);
        let mut out = Vec::new();
        while let Some(m) = read_message(&mut r).await? {
            out.push(m);
        }
        Ok(out)
    }

    #[tokio::test]
    async fn frames_round_trip_with_multibyte_bodies() {
        let a = json!({"jsonrpc": "2.0", "method": "x", "params": {"t": "😀 é\r\n"}});
        let b = json!({"jsonrpc": "2.0", "id": 1, "result": null});
        let mut wire = frame(&a);
        assert!(wire.starts_with(b"Content-Length: "));
        wire.extend(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n");
        wire.extend(frame(&b));
        assert_eq!(read_all(&wire).await.unwrap(), vec![a, b]);
    }

    #[tokio::test]
    async fn broken_frames_are_errors() {
        let bad = [
            &b"Content-Length: 2\n\n{}"[..],
            b"Content-Length: 40\r\n\r\n{}",
            b"X: 1\r\n\r\n{}",
            b"\r\n{}",
            b"Content-Length: 2\r\n\r\n{}",
            b"Content-Length: 2\r\nContent-Type: text/plain; charset=latin1\r\n\r\n{}",
        ];
        for wire in bad {
            assert!(read_all(wire).await.is_err(), "{:?}", String::from_utf8_lossy(wire));
        }
        assert_eq!(read_all(b"").await.unwrap(), Vec::<Value>::new());
    }
}
