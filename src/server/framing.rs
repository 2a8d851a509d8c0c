//! The client's bytes, framed here before tower-lsp-server reads them.
//!
//! Why: tower-lsp-server's reader stops for good at the first message it cannot decode (its
//! framed stream ends after an error), so a single malformed message would leave the server
//! deaf to everything after it.
//!
//! Invariant: tower-lsp-server only receives well-framed messages it can decode. Input that is
//! not one — a body that is not UTF-8 JSON or not a JSON-RPC message, a header without a
//! usable `Content-Length`, bytes between messages, a body over the size limit — is replaced by
//! a request with `id: null` for [`MALFORMED`], which the server answers with the JSON-RPC
//! error (parse error -32700 or invalid request -32600) and `id: null`, as JSON-RPC 2.0 asks;
//! reading goes on with the next message. Stray bytes are skipped up to the next
//! `Content-Length` header and answered once per run; a body with a wrong length is answered
//! once (what follows it up to the next header is taken as its rest).
//!
//! Also: tower-lsp-server never answers a request whose method starts with `$/` and has no
//! handler (it drops the "method not found" response meant for such notifications), so the
//! client would wait forever; such a request is replaced by a stand-in with its id that
//! answers method not found (-32601).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use serde::Deserialize;

#[path = "framing/notification.rs"]
mod notification;
use tokio::io::{AsyncRead, ReadBuf};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The method of the request that stands in for malformed input.
pub const MALFORMED: &str = "conceptlint/malformedInput";

/// The largest body read; a longer one is skipped unread (memory stays bounded).
pub const MAX_BODY: usize = 256 << 20;

/// A header block longer than this without its blank line is not a header.
const MAX_HEADER: usize = 8 << 10;

const CONTENT_LENGTH: &[u8] = b"Content-Length";

/// What tower-lsp-server decodes (the same untagged shape as its own message type).
#[derive(Deserialize)]
#[serde(untagged)]
enum Incoming {
    #[allow(dead_code)]
    Response(Response),
    Request(Request),
}

/// Splits the input into frames: messages as they came, or the stand-in for input that is none.
pub struct Deframer {
    buf: Vec<u8>,
    /// Start of the unread part of `buf`.
    pos: usize,
    /// Bytes of an oversized body still to discard as they arrive.
    skip: usize,
    /// Inside input already answered as malformed: more of it is not answered again.
    in_garbage: bool,
    max_body: usize,
}

impl Default for Deframer {
    fn default() -> Self {
        Deframer::with_limit(MAX_BODY)
    }
}

/// A header block: `Ok(Some((header length, body length)))`, `Ok(None)` when incomplete,
/// `Err((why, bytes to skip at least))` when it is not one: the whole block when its lines are
/// header lines (but say no usable length), one byte when it starts with stray bytes (a real
/// header may follow them on the same line).
type Header = Result<Option<(usize, usize)>, (String, usize)>;

impl Deframer {
    pub fn with_limit(max_body: usize) -> Self {
        Deframer { buf: Vec::new(), pos: 0, skip: 0, in_garbage: false, max_body }
    }

    pub fn push(&mut self, mut bytes: &[u8]) {
        if self.skip > 0 {
            let n = self.skip.min(bytes.len());
            self.skip -= n;
            bytes = &bytes[n..];
        }
        if self.pos > 0 && self.pos * 2 >= self.buf.len() {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next frame to hand over; `None` until more input arrives.
    pub fn next_frame(&mut self) -> Option<Vec<u8>> {
        loop {
            let rest = &self.buf[self.pos..];
            // Blank lines between messages are tolerated.
            self.pos += rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let rest = &self.buf[self.pos..];
            if rest.is_empty() {
                return None;
            }
            let (header_len, body_len) = match header(rest) {
                Ok(Some(h)) => h,
                Ok(None) => return None,
                Err((reason, skip)) => {
                    let report = self.resync(skip);
                    match report {
                        true => return Some(stand_in(-32700, &reason)),
                        false => continue,
                    }
                }
            };
            let start = self.pos + header_len;
            if body_len > self.max_body {
                let available = self.buf.len() - start;
                self.skip = body_len.saturating_sub(available);
                self.pos = start + body_len.min(available);
                self.in_garbage = true;
                let reason = format!("message of {body_len} bytes exceeds {}", self.max_body);
                return Some(stand_in(-32600, &reason));
            }
            if self.buf.len() - start < body_len {
                return None;
            }
            let body = &self.buf[start..start + body_len];
            self.pos = start + body_len;
            match check(body) {
                Ok(None) => {
                    self.in_garbage = false;
                    return Some(frame(body));
                }
                Ok(Some((id, reason))) => {
                    self.in_garbage = false;
                    return Some(stand_in_for(id, -32601, &reason));
                }
                Err((code, reason)) => {
                    // A wrong length leaves the rest of the body (or of the next message)
                    // before the next header: it belongs to this error.
                    self.in_garbage = true;
                    return Some(stand_in(code, &reason));
                }
            }
        }
    }

    /// Skips `skip` bytes, then unread input up to the next `Content-Length`, keeping a tail
    /// that may be the start of one; whether this run of bad input is new (to be answered).
    fn resync(&mut self, skip: usize) -> bool {
        let from = (self.pos + skip.max(1)).min(self.buf.len());
        match find_ignore_case(&self.buf[from..], CONTENT_LENGTH) {
            Some(i) => self.pos = from + i,
            None => {
                let tail = self.buf.len().saturating_sub(CONTENT_LENGTH.len() - 1);
                self.pos = tail.max(from);
            }
        }
        !std::mem::replace(&mut self.in_garbage, true)
    }
}

/// Parses the header block at the start of `rest`.
fn header(rest: &[u8]) -> Header {
    // Only the start is searched: a body arriving in many pieces is not scanned again.
    let head = &rest[..rest.len().min(MAX_HEADER + 1)];
    let crlf = find(head, b"\n\r\n").map(|i| i + 3);
    let lf = find(head, b"\n\n").map(|i| i + 2);
    let end = match crlf.into_iter().chain(lf).min() {
        Some(e) if e <= MAX_HEADER => e,
        _ if rest.len() > MAX_HEADER => return Err(("header too long".into(), 1)),
        // Not complete yet, unless what came cannot start a header.
        _ => return first_line_error(rest).map_or(Ok(None), |e| Err((e, 1))),
    };
    let mut length = None;
    for line in rest[..end].split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let (name, value) = header_line(line).map_err(|e| (e, 1))?;
        if name.eq_ignore_ascii_case("content-length") {
            let n: usize =
                value.parse().map_err(|_| (format!("invalid Content-Length {value:?}"), end))?;
            if length.replace(n).is_some_and(|old| old != n) {
                return Err(("conflicting Content-Length headers".into(), end));
            }
        }
    }
    match length {
        Some(n) => Ok(Some((end, n))),
        None => Err(("missing Content-Length header".into(), end)),
    }
}

/// `name: value` of one header line.
fn header_line(line: &[u8]) -> Result<(&str, &str), String> {
    let bad = || format!("invalid header line {:?}", String::from_utf8_lossy(line));
    let line = std::str::from_utf8(line).map_err(|_| bad())?;
    let (name, value) = line.split_once(':').ok_or_else(bad)?;
    let token = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !token {
        return Err(bad());
    }
    Ok((name, value.trim()))
}

/// An error when the first (complete) line of an incomplete header block is no header line.
fn first_line_error(rest: &[u8]) -> Option<String> {
    let i = rest.iter().position(|b| *b == b'\n')?;
    let line = &rest[..i];
    header_line(line.strip_suffix(b"\r").unwrap_or(line)).err()
}

/// Whether a body is a message tower-lsp-server decodes (`Ok(None)`), a request it would
/// never answer (`Ok(Some((id, why)))`), or neither (`Err((JSON-RPC error code, why))`).
fn check(body: &[u8]) -> Result<Option<(serde_json::Value, String)>, (i32, String)> {
    let text =
        std::str::from_utf8(body).map_err(|e| (-32700, format!("body is not UTF-8: {e}")))?;
    if notification::surely_decoded(text) {
        return Ok(None);
    }
    match serde_json::from_str::<Incoming>(text) {
        Ok(Incoming::Request(r))
            if r.method().starts_with("$/") && r.method() != "$/cancelRequest" =>
        {
            if let Some(id) = r.id() {
                let id = serde_json::to_value(id).unwrap_or_default();
                return Ok(Some((id, format!("method not found: {}", r.method()))));
            }
            return Ok(None);
        }
        Ok(_) => return Ok(None),
        Err(_) => {}
    }
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Err(e) => Err((-32700, format!("body is not JSON: {e}"))),
        Ok(_) => Err((-32600, "not a JSON-RPC 2.0 request, notification or response".into())),
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The request that stands in for malformed input.
fn stand_in(code: i32, reason: &str) -> Vec<u8> {
    stand_in_for(serde_json::Value::Null, code, reason)
}

/// The request that stands in for a message answered with error `code`, with the id its
/// answer must carry.
fn stand_in_for(id: serde_json::Value, code: i32, reason: &str) -> Vec<u8> {
    let m = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": MALFORMED,
        "params": {"code": code, "message": reason},
    });
    frame(m.to_string().as_bytes())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// The parameters of [`MALFORMED`].
#[derive(Debug, Deserialize)]
pub struct MalformedInput {
    pub code: i64,
    pub message: String,
}

/// `input`, with every frame checked by a [`Deframer`].
pub struct Guarded<R> {
    inner: R,
    deframer: Deframer,
    chunk: Box<[u8]>,
    out: Vec<u8>,
    sent: usize,
    eof: bool,
}

impl<R> Guarded<R> {
    pub fn new(inner: R) -> Self {
        Guarded {
            inner,
            deframer: Deframer::default(),
            chunk: vec![0; 64 << 10].into_boxed_slice(),
            out: Vec::new(),
            sent: 0,
            eof: false,
        }
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for Guarded<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.sent < this.out.len() {
                let n = (this.out.len() - this.sent).min(buf.remaining());
                buf.put_slice(&this.out[this.sent..this.sent + n]);
                this.sent += n;
                return Poll::Ready(Ok(()));
            }
            if let Some(frame) = this.deframer.next_frame() {
                (this.out, this.sent) = (frame, 0);
                continue;
            }
            if this.eof {
                return Poll::Ready(Ok(()));
            }
            let mut read = ReadBuf::new(&mut this.chunk);
            ready!(Pin::new(&mut this.inner).poll_read(cx, &mut read))?;
            match read.filled() {
                [] => this.eof = true,
                bytes => this.deframer.push(bytes),
            }
        }
    }
}

#[cfg(test)]
mod tests;
