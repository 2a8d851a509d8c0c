use jsonc_parser::{CollectOptions, parse_to_ast};
use proptest::prelude::*;

use super::*;
use crate::formats::json::value::strict;

/// The general parser's strict reading of `text`, in the tree's shape.
fn general(text: &str) -> Result<Option<Value<'_>>, String> {
    parse_to_ast(text, &CollectOptions::default(), &strict())
        .map(|r| r.value.map(Value::from))
        .map_err(|e| e.to_string())
}

/// The fast parser answers only where the general one accepts, and with the same tree.
fn agrees(text: &str) -> bool {
    match parse(text) {
        Some(fast) => general(text).as_ref() == Ok(&fast),
        None => true,
    }
}

#[test]
fn reads_what_manifests_hold() {
    let text = r#"{"file_name": "images/cat/001.png", "label": "cat", "n": -1.5e3, "ok": true, "x": null, "tags": ["a", "b"], "o": {}}"#;
    let v = parse(text).unwrap().unwrap();
    assert_eq!(Ok(Some(v.clone())), general(text));
    let Kind::Object(props) = &v.kind else { panic!("{v:?}") };
    assert_eq!(props.len(), 7);
    assert_eq!(&text[props[0].name_start..props[0].name_end], "\"file_name\"");
    assert_eq!(&text[props[0].value.start..props[0].value.end], "\"images/cat/001.png\"");
    assert!(matches!(props[0].value.kind, Kind::Str(Cow::Borrowed("images/cat/001.png"))));
    assert_eq!(props[2].value.kind, Kind::Number("-1.5e3"));
}

#[test]
fn unescapes_like_the_general_parser() {
    for text in [
        r#""caf\u00e9 \"x\" \\ \/ \b\f\n\r\t""#,
        r#""\ud83d\ude00 and é""#,
        r#"{"k\u0041": "v"}"#,
        r#""\u0000""#,
    ] {
        let fast = parse(text).unwrap_or_else(|| panic!("declined {text}"));
        assert_eq!(Ok(fast), general(text), "{text}");
    }
    let v = parse(r#""\ud83d\ude00""#).unwrap().unwrap();
    assert_eq!(v.kind, Kind::Str(Cow::Owned("😀".into())));
}

#[test]
fn whitespace_only_is_no_value() {
    assert_eq!(parse(" \t\r\n"), Some(None));
    assert_eq!(parse(""), Some(None));
}

#[test]
fn declines_every_error_and_extension() {
    for text in [
        "{\"a\": 1,}",
        "[1,]",
        "{'a': 1}",
        "{a: 1}",
        "// c\n{}",
        "{\"a\" 1}",
        "{\"a\": 1} x",
        "{\"a\": 1}{}",
        "01",
        "1.",
        ".5",
        "+1",
        "1e",
        "0x10",
        "NaN",
        "truex",
        "tru",
        "\"open",
        "\"tab\there\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "[",
        "{",
        "{\"a\":",
        "\u{a0}1",
    ] {
        assert_eq!(parse(text), None, "{text:?}");
        assert!(agrees(text));
    }
}

#[test]
fn hands_deep_nesting_to_the_general_parser() {
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(parse(&deep), None);
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok).is_some());
}

/// Fragments that make JSON, near-JSON and broken JSON when strung together.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\"a\"",
        "\"é\"",
        "\"\\n\"",
        "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud800\"",
        "\"",
        "\\",
        "0",
        "-",
        "1",
        "12",
        ".5",
        "e3",
        "E-2",
        "true",
        "false",
        "null",
        "x",
        "'b'",
        "/",
        "*",
        "\t",
        "\u{a0}",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn agrees_with_the_general_parser_on_random_text(parts in prop::collection::vec(fragment(), 0..24)) {
        let text: String = parts.concat();
        prop_assert!(agrees(&text), "{text:?}: fast {:?}, general {:?}", parse(&text), general(&text));
    }

    #[test]
    fn reads_every_serde_json_document(v in json_value(3)) {
        let text = serde_json::to_string(&v).unwrap();
        prop_assert!(parse(&text).is_some(), "declined {text}");
        prop_assert!(agrees(&text), "{text}");
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        prop_assert!(agrees(&pretty), "{pretty}");
    }
}

fn json_value(depth: u32) -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|i| serde_json::json!(i)),
        (-1e12f64..1e12).prop_map(|f| serde_json::json!(f)),
        "[a-zé\"\\\\/\n\t\u{1}😀 ]{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(depth, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-z_\"]{0,6}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
