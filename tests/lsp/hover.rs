//! Hover on a concept (label manifest, dataset manifest) and on an image path.

use serde_json::{Value, json};

use crate::diagnostics::{PETS_LABELS, PETS_MANIFEST};
use crate::fixtures::pets;
use crate::harness::{Client, Options};
use crate::positions::position;

/// The example dataset, both files open, image findings in.
async fn open_pets(opts: Options) -> (Client, String, String) {
    let mut client = Client::start(opts).await;
    let manifest = client.open(&pets().join("metadata.csv"));
    let labels = client.open(&pets().join("labels.txt"));
    client.diagnostics_eq(&manifest, PETS_MANIFEST).await;
    client.diagnostics_eq(&labels, PETS_LABELS).await;
    (client, manifest, labels)
}

/// Hover at the first occurrence of `needle` on 1-based line `line` (`offset` chars in).
pub async fn hover_at(
    client: &mut Client,
    uri: &str,
    line: usize,
    needle: &str,
    offset: usize,
) -> Value {
    let text = client.text(uri).to_string();
    let start = crate::fixtures::line_start(&text, line - 1);
    let at = start + text[start..].find(needle).unwrap() + offset;
    let pos = position(&text, at, client.enc);
    let params = json!({"textDocument": {"uri": uri}, "position": pos});
    client.request("textDocument/hover", params).await
}

pub fn markdown(hover: &Value) -> &str {
    assert_eq!(hover["contents"]["kind"], "markdown", "{hover}");
    hover["contents"]["value"].as_str().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concept_in_the_label_manifest() {
    let (mut client, _manifest, labels) = open_pets(Options::default()).await;
    let h = hover_at(&mut client, &labels, 4, "rabbit", 2).await;
    let md = markdown(&h);
    assert!(md.starts_with("**rabbit**\n"), "{md}");
    assert!(md.contains("| inputs | 12 (4.6% of 262) |"), "{md}");
    assert!(md.contains("| minimum recommended | 50 |"), "{md}");
    assert!(md.contains("| smallest image | 512 x 512 px |"), "{md}");
    assert!(md.contains("| under 512 x 512 | 0 of 12 |"), "{md}");
    assert!(md.contains("**Findings**"), "{md}");
    assert!(md.contains("`too-few-inputs`: 'rabbit' has 12 inputs"), "{md}");
    assert!(md.contains("`class-imbalance`"), "{md}");
    // Past the end of a concept's name: nothing.
    let text = client.text(&labels).to_string();
    let params = json!({"textDocument": {"uri": labels}, "position": position(&text, text.len(), client.enc)});
    assert_eq!(client.request("textDocument/hover", params).await, Value::Null);
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concept_as_a_label_in_the_manifest() {
    let (mut client, manifest, _labels) = open_pets(Options::default()).await;
    // Line 8: `images/cat/cat_007.png,cat`, the 256 x 256 cat.
    let h = hover_at(&mut client, &manifest, 8, ",cat", 2).await;
    let md = markdown(&h);
    assert!(md.starts_with("**cat**\n"), "{md}");
    assert!(md.contains("| inputs | 131 (50.0% of 262) |"), "{md}");
    assert!(md.contains("| smallest image | 256 x 256 px |"), "{md}");
    assert!(md.contains("| median image | 640 x 512 px |"), "{md}");
    assert!(md.contains("| under 512 x 512 | 1 of 130 |"), "cat_129 is unreadable: {md}");
    assert!(!md.contains("Findings"), "none sits on a cat label: {md}");
    // The misspelled label: not declared, and its finding.
    let h = hover_at(&mut client, &manifest, 192, "dgo", 0).await;
    let md = markdown(&h);
    assert!(md.starts_with("**dgo** (not declared in the label manifest)"), "{md}");
    assert!(md.contains("`unknown-concept`: 'dgo' is not a declared concept"), "{md}");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_path() {
    let (mut client, manifest, _labels) = open_pets(Options::default()).await;
    let h = hover_at(&mut client, &manifest, 8, "cat_007", 3).await;
    let md = markdown(&h);
    assert!(md.starts_with("**images/cat/cat_007.png**\n"), "{md}");
    assert!(md.contains("256 x 256 px · png · "), "{md}");
    assert!(md.contains("concepts: cat"), "{md}");
    let preview = pets().join("images/cat/cat_007.png");
    let expected = format!("({})", crate::documents::file_uri(&preview));
    assert!(md.contains("![images/cat/cat_007.png]") && md.contains(&expected), "{md}");
    let h = hover_at(&mut client, &manifest, 144, "dog_013", 0).await;
    assert!(markdown(&h).contains("640 x 300 px"), "{h}");
    let h = hover_at(&mut client, &manifest, 250, "bird_056", 0).await;
    assert!(markdown(&h).contains("image not found"), "{h}");
    let h = hover_at(&mut client, &manifest, 130, "cat_129", 0).await;
    assert!(markdown(&h).contains("cannot read image: truncated png header"), "{h}");
    client.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_text_clients_get_no_preview() {
    let opts = Options { markdown: false, ..Options::utf16() };
    let (mut client, manifest, _labels) = open_pets(opts).await;
    let h = hover_at(&mut client, &manifest, 8, "cat_007", 3).await;
    assert_eq!(h["contents"]["kind"], "plaintext");
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(text.contains("256 x 256 px") && !text.contains("!["), "{text}");
    client.finish().await;
}
