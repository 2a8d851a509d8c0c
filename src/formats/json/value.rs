//! JSON values with byte spans, shared by every JSON reader.
//!
//! A view over [`super::tree`]: the fast strict parser builds it for well-formed JSON,
//! `jsonc-parser` for the rest (and every error message is `jsonc-parser`'s). Invariant: every [`Span`] handed out is absolute in
//! the file (the parsed slice's offset is added here, once) and lies on char boundaries; a
//! string's span ([`Node::str_span`]) covers its content without the quotes.

use std::borrow::Cow;

use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use crate::model::{Problem, Span};

use super::fast;
pub use super::tree::Value;
use super::tree::{Kind, Prop};

/// Strict JSON: none of the JSONC / JSON5 extensions that Python's `json` or pandas reject.
pub(super) fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses `text`, a slice of the file that starts at byte `base`, as one strict JSON value.
/// `Ok(None)` when the slice holds only whitespace. The error is a [`Problem`] at the place.
pub fn parse(text: &str, base: usize) -> Result<Option<Value<'_>>, Problem> {
    match fast::parse(text) {
        Some(value) => Ok(value),
        None => parse_with(text, base, &strict()),
    }
}

/// Like [`parse`], but accepts trailing commas, missing commas and comments: used to keep
/// reading a document whose strict parse failed (the strict error is still reported).
pub fn parse_lenient(text: &str, base: usize) -> Result<Option<Value<'_>>, Problem> {
    parse_with(text, base, &ParseOptions::default())
}

fn parse_with<'a>(
    text: &'a str,
    base: usize,
    opts: &ParseOptions,
) -> Result<Option<Value<'a>>, Problem> {
    match parse_to_ast(text, &CollectOptions::default(), opts) {
        Ok(result) => Ok(result.value.map(Value::from)),
        Err(e) => {
            let r = e.range();
            let span = Span::new(r.start.min(text.len()), r.end.min(text.len()));
            Err(Problem::new(span.shift(base), format!("invalid JSON: {}", e.kind())))
        }
    }
}

/// A JSON value and where it is in the file.
#[derive(Clone, Copy)]
pub struct Node<'v, 'a> {
    value: &'v Value<'a>,
    base: usize,
}

impl<'v, 'a> Node<'v, 'a> {
    /// `value` was parsed from a slice starting at byte `base` of the file.
    pub fn new(value: &'v Value<'a>, base: usize) -> Self {
        Node { value, base }
    }

    /// The whole value (a string with its quotes).
    pub fn span(self) -> Span {
        Span::new(self.value.start + self.base, self.value.end + self.base)
    }

    /// The unescaped string, if the value is a string.
    pub fn as_str(self) -> Option<&'v str> {
        match &self.value.kind {
            Kind::Str(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    /// The content of a string between its quotes; the whole value for any other kind.
    pub fn str_span(self) -> Span {
        let span = self.span();
        match self.value.kind {
            Kind::Str(_) if span.len() >= 2 => Span::new(span.start + 1, span.end - 1),
            _ => span,
        }
    }

    pub fn as_object(self) -> Option<Obj<'v, 'a>> {
        match &self.value.kind {
            Kind::Object(props) => Some(Obj { props, span: self.span(), base: self.base }),
            _ => None,
        }
    }

    /// The elements, if the value is an array.
    pub fn as_array(self) -> Option<Elements<'v, 'a>> {
        match &self.value.kind {
            Kind::Array(elements) => Some(Elements { elements, base: self.base, next: 0 }),
            _ => None,
        }
    }

    pub fn as_bool(self) -> Option<bool> {
        match self.value.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number as written, if the value is a number.
    pub fn number_text(self) -> Option<&'a str> {
        match self.value.kind {
            Kind::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_f64(self) -> Option<f64> {
        self.number_text()?.parse().ok()
    }

    /// A number that is a whole value (`3`, `3.0`, `3e0`) as an integer.
    pub fn as_i64(self) -> Option<i64> {
        let text = self.number_text()?;
        if let Ok(i) = text.parse::<i64>() {
            return Some(i);
        }
        let f: f64 = text.parse().ok()?;
        (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
    }

    pub fn is_null(self) -> bool {
        matches!(self.value.kind, Kind::Null)
    }

    /// An identifier written as a string or a whole number, as text (`1`, `1.0` -> `"1"`).
    pub fn id_text(self) -> Option<Cow<'v, str>> {
        if let Some(s) = self.as_str() {
            return Some(Cow::Borrowed(s));
        }
        self.as_i64().map(|i| Cow::Owned(i.to_string()))
    }

    /// "a string", "an object", ... for messages.
    pub fn kind(self) -> &'static str {
        match self.value.kind {
            Kind::Str(_) => "a string",
            Kind::Number(_) => "a number",
            Kind::Bool(_) => "a boolean",
            Kind::Object(_) => "an object",
            Kind::Array(_) => "an array",
            Kind::Null => "null",
        }
    }
}

/// A JSON object and where it is.
#[derive(Clone, Copy)]
pub struct Obj<'v, 'a> {
    props: &'v [Prop<'a>],
    span: Span,
    base: usize,
}

impl<'v, 'a> Obj<'v, 'a> {
    pub fn span(self) -> Span {
        self.span
    }

    /// The value of the first property named `key`.
    pub fn get(self, key: &str) -> Option<Node<'v, 'a>> {
        let base = self.base;
        self.props.iter().find(|p| p.name == key).map(|p| Node::new(&p.value, base))
    }

    pub fn has(self, key: &str) -> bool {
        self.props.iter().any(|p| p.name == key)
    }

    pub fn is_empty(self) -> bool {
        self.props.is_empty()
    }

    /// Every property in file order: its name, the span of the name's content, its value.
    pub fn entries(self) -> impl Iterator<Item = Entry<'v, 'a>> + 'v {
        let base = self.base;
        self.props.iter().map(move |p| {
            let (start, end) = (p.name_start + base, p.name_end + base);
            let key = Span::new(start + 1, end.saturating_sub(1).max(start + 1));
            Entry { key: &p.name, key_span: key, value: Node::new(&p.value, base) }
        })
    }
}

/// One property of an object.
#[derive(Clone, Copy)]
pub struct Entry<'v, 'a> {
    pub key: &'v str,
    /// The key's content, without its quotes.
    pub key_span: Span,
    pub value: Node<'v, 'a>,
}

/// The elements of a JSON array.
#[derive(Clone)]
pub struct Elements<'v, 'a> {
    elements: &'v [Value<'a>],
    base: usize,
    next: usize,
}

impl<'v, 'a> Iterator for Elements<'v, 'a> {
    type Item = Node<'v, 'a>;
    fn next(&mut self) -> Option<Self::Item> {
        let v = self.elements.get(self.next)?;
        self.next += 1;
        Some(Node::new(v, self.base))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.elements.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Elements<'_, '_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, s: Span) -> &str {
        &text[s.start..s.end]
    }

    #[test]
    fn spans_are_absolute_and_strings_exclude_quotes() {
        let file = "xx\n{\"k\": \"caf\\u00e9 \\\"x\\\"\", \"n\": [1, 2.0, \"é\"]}";
        let base = 3;
        let value = parse(&file[base..], base).unwrap().unwrap();
        let obj = Node::new(&value, base).as_object().unwrap();
        assert_eq!(slice(file, obj.span()), &file[base..]);
        let k = obj.get("k").unwrap();
        assert_eq!(k.as_str(), Some("café \"x\""));
        assert_eq!(slice(file, k.str_span()), "caf\\u00e9 \\\"x\\\"");
        assert_eq!(slice(file, k.span()), "\"caf\\u00e9 \\\"x\\\"\"");
        let keys: Vec<_> = obj.entries().map(|e| (e.key, slice(file, e.key_span))).collect();
        assert_eq!(keys, [("k", "k"), ("n", "n")]);
        let n: Vec<_> = obj.get("n").unwrap().as_array().unwrap().collect();
        assert_eq!(n[0].as_i64(), Some(1));
        assert_eq!(n[1].as_i64(), Some(2));
        assert_eq!(n[1].id_text().as_deref(), Some("2"));
        assert_eq!(slice(file, n[2].str_span()), "é");
        assert_eq!(n[2].kind(), "a string");
    }

    #[test]
    fn strict_errors_point_at_the_place() {
        let line = "{\"a\": 1,}";
        let err = parse(line, 10).unwrap_err();
        assert_eq!(err.span, Span::new(17, 18));
        assert!(err.message.contains("Trailing commas"), "{}", err.message);
        assert!(parse_lenient(line, 0).is_ok());
        assert!(parse("{'a': 1}", 0).is_err());
        assert!(parse("// c\n{}", 0).is_err());
        assert!(parse("   ", 0).unwrap().is_none());
        let err = parse("{\"a\": ", 0).unwrap_err();
        assert!(err.span.end <= 6);
    }
}
