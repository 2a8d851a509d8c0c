//! The JSON tree the readers walk: each value with its byte range in the parsed slice.
//!
//! Built by the fast strict parser ([`super::fast`]) for the common case and converted from
//! `jsonc-parser`'s AST otherwise (a strict parse the fast parser declined, a tolerant parse
//! after an error), so every reader sees one shape whichever parser ran.

use std::borrow::Cow;

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;

/// A JSON value; `start..end` is its range in the parsed slice (a string with its quotes).
#[derive(Clone, Debug, PartialEq)]
pub struct Value<'a> {
    pub start: usize,
    pub end: usize,
    pub kind: Kind<'a>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    /// The number as written.
    Number(&'a str),
    /// The unescaped string.
    Str(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Vec<Prop<'a>>),
}

/// One property of an object: its unescaped name, the name's range (with its quotes) and value.
#[derive(Clone, Debug, PartialEq)]
pub struct Prop<'a> {
    pub name: Cow<'a, str>,
    pub name_start: usize,
    pub name_end: usize,
    pub value: Value<'a>,
}

impl<'a> From<ast::Value<'a>> for Value<'a> {
    fn from(v: ast::Value<'a>) -> Self {
        let r = v.range();
        let kind = match v {
            ast::Value::StringLit(s) => Kind::Str(s.value),
            ast::Value::NumberLit(n) => Kind::Number(n.value),
            ast::Value::BooleanLit(b) => Kind::Bool(b.value),
            ast::Value::NullKeyword(_) => Kind::Null,
            ast::Value::Array(a) => Kind::Array(a.elements.into_iter().map(Value::from).collect()),
            ast::Value::Object(o) => Kind::Object(
                o.properties
                    .into_iter()
                    .map(|p| {
                        let nr = p.name.range();
                        let name = match p.name {
                            ast::ObjectPropName::String(s) => s.value,
                            ast::ObjectPropName::Word(w) => Cow::Borrowed(w.value),
                        };
                        Prop {
                            name,
                            name_start: nr.start,
                            name_end: nr.end,
                            value: Value::from(p.value),
                        }
                    })
                    .collect(),
            ),
        };
        Value { start: r.start, end: r.end, kind }
    }
}
