//! A one-pass test for the common large message, a notification (`didOpen` and `didChange`
//! carry whole documents): when it passes, tower-lsp-server surely decodes the body, so the
//! framing check need not build the message (whose parameters tower-lsp-server builds again).
//!
//! It accepts only what tower-lsp-server's `Message` accepts, by parsing every part as that
//! decoding does: strings are read (escapes and surrogates checked), not skipped, so a body
//! that a `serde_json::Value` would refuse is refused here too. Anything else — an `id`, a
//! `result` or `error`, a repeated known key, a method starting with `$/` — is left to the
//! exact check.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Whether `text` is a JSON-RPC 2.0 notification, with a method outside `$/`, that
/// tower-lsp-server decodes.
pub fn surely_decoded(text: &str) -> bool {
    let mut de = serde_json::Deserializer::from_str(text);
    Notification::deserialize(&mut de).is_ok() && de.end().is_ok()
}

struct Notification;

impl<'de> Deserialize<'de> for Notification {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(NotificationVisitor)
    }
}

struct NotificationVisitor;

impl<'de> Visitor<'de> for NotificationVisitor {
    type Value = Notification;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON-RPC notification")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Notification, A::Error> {
        let (mut version, mut method, mut params) = (false, false, false);
        let once = |seen: &mut bool| {
            if std::mem::replace(seen, true) {
                Err(de::Error::custom("repeated key"))
            } else {
                Ok(())
            }
        };
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "jsonrpc" => {
                    once(&mut version)?;
                    if map.next_value::<String>()? != "2.0" {
                        return Err(de::Error::custom("not JSON-RPC 2.0"));
                    }
                }
                "method" => {
                    once(&mut method)?;
                    if map.next_value::<String>()?.starts_with("$/") {
                        return Err(de::Error::custom("a $/ method"));
                    }
                }
                "params" => {
                    once(&mut params)?;
                    map.next_value::<Read>()?;
                }
                "id" | "result" | "error" => return Err(de::Error::custom("not a notification")),
                _ => {
                    map.next_value::<Read>()?;
                }
            }
        }
        if version && method { Ok(Notification) } else { Err(de::Error::custom("incomplete")) }
    }
}

/// Any JSON value, read the way a `serde_json::Value` is (not skipped), and dropped.
struct Read;

impl<'de> Deserialize<'de> for Read {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ReadVisitor)
    }
}

struct ReadVisitor;

impl<'de> Visitor<'de> for ReadVisitor {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Read, E> {
        Ok(Read)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Read, E> {
        Ok(Read)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Read, E> {
        Ok(Read)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Read, E> {
        Ok(Read)
    }
    fn visit_str<E>(self, _: &str) -> Result<Read, E> {
        Ok(Read)
    }
    fn visit_unit<E>(self) -> Result<Read, E> {
        Ok(Read)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Read, A::Error> {
        while seq.next_element::<Read>()?.is_some() {}
        Ok(Read)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        while map.next_key::<Read>()?.is_some() {
            map.next_value::<Read>()?;
        }
        Ok(Read)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Incoming as Message;
    use super::surely_decoded;

    /// Never accepts what tower-lsp-server refuses; accepts the plain notifications.
    #[test]
    fn accepts_only_what_tower_lsp_server_decodes() {
        let cases = [
            (r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"t":"a\"b\\n"}}"#, true),
            (r#"{"method":"x","jsonrpc":"2.0"}"#, true),
            (r#"{"jsonrpc":"2.0","method":"x","params":null,"extra":[1,2.5,-3,true]}"#, true),
            (r#"{"jsonrpc":"2.0","method":"x","params":{"a":1,"a":2}}"#, true),
            (r#"{"jsonrpc":"2\u002e0","method":"x"}"#, true),
            (r#"{"jsonrpc":"2.0","method":"x","params":"\ud83d\ude00"}"#, true),
            // Refused here (and by tower-lsp-server, or left to the exact check).
            (r#"{"jsonrpc":"2.0","method":"x","params":"\ud800"}"#, false),
            (r#"{"jsonrpc":"2.0","method":"x","other":"\udc00"}"#, false),
            (r#"{"jsonrpc":"2.0","method":"x","params":{"\ud800":1}}"#, false),
            (r#"{"jsonrpc":"2.0","method":"x","params":1e400}"#, false),
            (r#"{"jsonrpc":"2.0","method":"x","params":[1,]}"#, false),
            (r#"{"jsonrpc":"2.0","method":"x"} x"#, false),
            (r#"{"jsonrpc":"1.0","method":"x"}"#, false),
            (r#"{"jsonrpc":"2.0","method":5}"#, false),
            (r#"{"jsonrpc":"2.0"}"#, false),
            (r#"{"jsonrpc":"2.0","method":"x","method":"y"}"#, false),
            (r#"{"jsonrpc":"2.0","method":"x","params":1,"params":2}"#, false),
            (r#"{"jsonrpc":"2.0","method":"x","id":1}"#, false),
            (r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#, false),
            (r#"{"jsonrpc":"2.0","result":1,"id":1}"#, false),
            (r#"[{"jsonrpc":"2.0","method":"x"}]"#, false),
        ];
        for (text, want) in cases {
            assert_eq!(surely_decoded(text), want, "{text}");
            if want {
                assert!(serde_json::from_str::<Message>(text).is_ok(), "{text}");
            }
        }
        let deep = format!(
            r#"{{"jsonrpc":"2.0","method":"x","params":{}1{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        assert!(serde_json::from_str::<Message>(&deep).is_err());
        assert!(!surely_decoded(&deep));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Bodies made of JSON-RPC pieces, escapes and damage: whatever passes here decodes.
        #[test]
        fn what_passes_decodes(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                r#"{"#, r#"}"#, r#"["#, r#"]"#, ",", ":", r#""jsonrpc""#, r#""2.0""#, r#""1.0""#,
                r#""method""#, r#""x""#, r#""$/y""#, r#""params""#, r#""id""#, r#""result""#,
                r#""\ud800""#, r#""\udc00x""#, r#""\ud83d\ude00""#, r#""a\"b""#, r#""\q""#,
                "1", "-0.5e3", "1e999", "true", "null", " ", r#""k""#,
            ]), 0..24),
        ) {
            let body = parts.concat();
            let text = format!(r#"{{"jsonrpc":"2.0","method":"m","params":{body}}}"#);
            for t in [body.as_str(), text.as_str()] {
                if surely_decoded(t) {
                    proptest::prop_assert!(serde_json::from_str::<Message>(t).is_ok(), "{}", t);
                }
            }
        }
    }
}
