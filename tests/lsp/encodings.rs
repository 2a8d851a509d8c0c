//! Positions in both negotiated encodings on emoji, combining characters and CRLF: edits the
//! client sends and ranges the server sends.

use serde_json::json;

use crate::fixtures::{dataset, write_png};
use crate::harness::{Client, Options, rules};
use crate::positions::{Enc, position, slice};

/// A CRLF manifest whose file names carry an emoji and a combining accent.
fn crlf_dataset() -> tempfile::TempDir {
    let dir = dataset(&["cat", "dog"], 50, "");
    let root = dir.path();
    write_png(&root.join("images/😀e\u{301}.png"), 512, 512);
    write_png(&root.join("images/😀small\u{301}.png"), 64, 64);
    let text = std::fs::read_to_string(root.join("metadata.csv")).unwrap();
    let mut crlf = text.replace('\n', "\r\n");
    crlf.push_str("images/😀e\u{301}.png,dgo\r\nimages/😀small\u{301}.png,cat\r\n");
    std::fs::write(root.join("metadata.csv"), crlf).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ranges_and_edits_on_emoji_combining_marks_and_crlf() {
    let dir = crlf_dataset();
    for (opts, enc) in [(Options::default(), Enc::Utf8), (Options::utf16(), Enc::Utf16)] {
        let mut client = Client::start(opts).await;
        assert_eq!(client.enc, enc);
        let uri = client.open(&dir.path().join("metadata.csv"));
        client.ignore_diagnostics_of(&uri.replace("metadata.csv", "labels.txt"));
        let diags = client.diagnostics_eq(&uri, &["small-image", "unknown-concept"]).await;
        let text = client.text(&uri).to_string();
        let unknown = diags.iter().find(|d| d["code"] == "unknown-concept").unwrap();
        assert_eq!(slice(&text, &unknown["range"], enc), "dgo");
        // "images/😀é.png," is 19 bytes and 16 UTF-16 code units (the accent is its own char).
        let col = if enc == Enc::Utf8 { 19 } else { 16 };
        assert_eq!(unknown["range"]["start"], json!({"line": 101, "character": col}), "{enc:?}");
        assert_eq!(unknown["range"]["end"]["character"], col + 3);
        let small = diags.iter().find(|d| d["code"] == "small-image").unwrap();
        let image = slice(&text, &small["range"], enc);
        assert!(image.starts_with("images/😀small\u{301}.png"), "{image:?}");
        assert!(!image.contains('\r'), "a range never covers the CR of a CRLF");

        // Hover in the middle of the emoji's bytes is impossible to send; right after it works.
        let after_emoji = text.find("😀small").unwrap() + "😀".len();
        let hover = client
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": position(&text, after_emoji, enc)}),
            )
            .await;
        let value = hover["contents"]["value"].as_str().unwrap();
        assert!(value.contains("64 x 64 px"), "{value}");

        // Replace "dgo" with "🐶dog": an unknown concept again, its range measured in `enc`.
        client.replace(&uri, 0, "dgo", "🐶dog");
        let diags = client.diagnostics_eq(&uri, &["small-image", "unknown-concept"]).await;
        let text = client.text(&uri).to_string();
        let unknown = diags.iter().find(|d| d["code"] == "unknown-concept").unwrap();
        assert_eq!(slice(&text, &unknown["range"], enc), "🐶dog");
        let width = if enc == Enc::Utf8 { 7 } else { 5 };
        assert_eq!(unknown["range"]["end"]["character"], col + width);

        // Join the two last rows across their CRLF, then split them again with a CRLF: the
        // server's lines must follow.
        let cr = text.find("🐶dog\r\n").unwrap() + "🐶dog".len();
        client.change(&uri, &[(cr, cr + 2, "")]);
        let joined = client.current_diagnostics(&uri).await;
        let t = client.text(&uri).to_string();
        assert_eq!(rules(&joined.clone().into()), ["invalid-manifest"], "3 fields, not read");
        let row = slice(&t, &joined[0]["range"], enc);
        assert_eq!(row, ",cat", "the extra field");
        client.change(&uri, &[(cr - "🐶dog".len(), cr, "dog\r\n")]);
        let diags = client.diagnostics_eq(&uri, &["small-image"]).await;
        let text = client.text(&uri).to_string();
        let small = &diags[0];
        assert_eq!(small["range"]["start"]["line"], 102);
        assert!(slice(&text, &small["range"], enc).starts_with("images/😀small\u{301}.png"));
        assert_eq!(text.matches("\r\n").count(), text.matches('\n').count(), "still all CRLF");
        client.finish().await;
    }
}
