use serde_json::{Value, json};

use super::*;

fn msg(v: &Value) -> Vec<u8> {
    frame(v.to_string().as_bytes())
}

/// Every frame the deframer hands over for `input` pushed in pieces of `piece` bytes, as
/// parsed JSON bodies (checking each frame's own header).
fn frames(input: &[u8], piece: usize, limit: usize) -> Vec<Value> {
    let mut d = Deframer::with_limit(limit);
    let mut out = Vec::new();
    for chunk in input.chunks(piece.max(1)) {
        d.push(chunk);
        while let Some(f) = d.next_frame() {
            let text = std::str::from_utf8(&f).unwrap();
            let (head, body) = text.split_once("\r\n\r\n").unwrap();
            assert_eq!(head, format!("Content-Length: {}", body.len()));
            out.push(serde_json::from_str(body).unwrap());
        }
    }
    out
}

fn request(id: i64) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {}})
}

/// The error codes of stand-ins, and the ids of real messages, in order.
fn summary(frames: &[Value]) -> Vec<String> {
    frames
        .iter()
        .map(|f| match f["method"].as_str() {
            Some(MALFORMED) => {
                assert_eq!(f["id"], Value::Null);
                f["params"]["code"].to_string()
            }
            _ => format!("#{}", f["id"]),
        })
        .collect()
}

fn check_all(input: &[u8], want: &[&str]) {
    for piece in [1, 2, 7, 64, usize::MAX] {
        let got = summary(&frames(input, piece.min(input.len()), MAX_BODY));
        assert_eq!(got, want, "in pieces of {piece}: {:?}", String::from_utf8_lossy(input));
    }
}

#[test]
fn good_messages_pass_unchanged_whatever_the_pieces() {
    let body = br#"{"jsonrpc":"2.0","id":2,"result":null}"#;
    let mut input = msg(&request(1));
    let header = "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8";
    input.extend(header.replace("{}", &body.len().to_string()).as_bytes());
    input.extend(b"\r\n\r\n");
    input.extend(body);
    input.extend(b"\r\n"); // a stray blank line between messages
    input.extend(msg(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {"x": "é😀"}})));
    for piece in [1, 3, 1000] {
        let got = frames(&input, piece, MAX_BODY);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], request(1));
        assert_eq!(got[1], json!({"jsonrpc": "2.0", "id": 2, "result": null}));
        assert_eq!(got[2]["params"]["x"], "é😀");
    }
}

#[test]
fn bodies_that_are_not_messages_are_answered_and_reading_goes_on() {
    let bodies: [(&[u8], &str); 6] = [
        (b"{oops", "-32700"),
        (b"", "-32700"),
        (b"\xff\xfe{}", "-32700"),
        (b"[1, 2]", "-32600"),
        (br#"{"jsonrpc": "1.0", "id": 3, "method": "x"}"#, "-32600"),
        (br#"{"jsonrpc": "2.0", "id": {"a": 1}, "method": "x"}"#, "-32600"),
    ];
    for (body, code) in bodies {
        let mut input = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        input.extend(body);
        input.extend(msg(&request(9)));
        check_all(&input, &[code, "#9"]);
    }
}

#[test]
fn broken_headers_and_stray_bytes_are_answered_once_and_skipped() {
    let cases: [&[u8]; 5] = [
        b"Content-Length: abc\r\n\r\n{}",
        b"Content-Type: text/plain\r\n\r\n{\"jsonrpc\": \"2.0\"}",
        b"hello there\r\nmore garbage\r\n",
        b"{\"jsonrpc\": \"2.0\", \"method\": \"no header\"}",
        b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    ];
    for bad in cases {
        let mut input = msg(&request(1));
        input.extend(bad);
        input.extend(msg(&request(2)));
        check_all(&input, &["#1", "-32700", "#2"]);
    }
}

#[test]
fn a_wrong_length_costs_one_answer_and_at_most_the_next_message() {
    let body = request(1).to_string();
    // Too short: the rest of the body is skipped with it.
    let mut input = format!("Content-Length: {}\r\n\r\n{body}", body.len() - 5).into_bytes();
    input.extend(msg(&request(2)));
    check_all(&input, &["-32700", "#2"]);
    // Too long: it swallows the start of the next message, which is lost.
    let mut input = format!("Content-Length: {}\r\n\r\n{body}", body.len() + 30).into_bytes();
    input.extend(msg(&request(2)));
    input.extend(msg(&request(3)));
    check_all(&input, &["-32700", "#3"]);
}

#[test]
fn an_oversized_body_is_skipped_unread() {
    let big = json!({"jsonrpc": "2.0", "method": "x", "params": "a".repeat(500)});
    let mut input = msg(&big);
    input.extend(msg(&request(4)));
    for piece in [1, 10, 100, 10_000] {
        let got = summary(&frames(&input, piece, 100));
        assert_eq!(got, ["-32600", "#4"], "pieces of {piece}");
    }
    let mut d = Deframer::with_limit(100);
    d.push(&input[..300]);
    assert!(d.next_frame().is_some());
    assert!(d.buf.len() - d.pos < 100, "the skipped body is not kept");
}

#[tokio::test]
async fn the_guarded_reader_hands_over_clean_frames() {
    use tokio::io::AsyncReadExt;
    let mut input = b"garbage\r\n\r\n".to_vec();
    input.extend(msg(&request(5)));
    let mut r = Guarded::new(&input[..]);
    let mut out = Vec::new();
    r.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.matches("Content-Length: ").count(), 2, "{text}");
    assert!(text.contains(MALFORMED) && text.ends_with(&request(5).to_string()), "{text}");
}

#[test]
fn dollar_requests_without_a_handler_get_a_stand_in_with_their_id() {
    let mut input = msg(&json!({"jsonrpc": "2.0", "id": "a", "method": "$/nope"}));
    input.extend(msg(&json!({"jsonrpc": "2.0", "method": "$/nope"})));
    input.extend(msg(&json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 1}})));
    let got = frames(&input, 5, MAX_BODY);
    assert_eq!(got[0]["id"], "a");
    assert_eq!(got[0]["method"], MALFORMED);
    assert_eq!(got[0]["params"]["code"], -32601);
    assert_eq!(got[1]["method"], "$/nope", "a notification passes");
    assert_eq!(got[2]["method"], "$/cancelRequest");
}
