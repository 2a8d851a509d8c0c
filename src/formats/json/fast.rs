//! A fast strict JSON parser for the common case: well-formed JSON (RFC 8259) nested at most
//! [`MAX_DEPTH`] deep. It builds the same tree as the general path and declines (returns
//! `None`) on anything else, including every error, which the general parser then reads and
//! reports: so its answers can only be the general parser's, sooner. Half of reading a large
//! JSON Lines manifest was building the general parser's syntax tree.

use std::borrow::Cow;

use super::tree::{Kind, Prop, Value};

/// Deeper documents go to the general parser.
const MAX_DEPTH: usize = 64;

/// `Some(None)` for a slice of whitespace only, `Some(Some(v))` for one JSON value, `None`
/// when the slice is anything else (or anything this parser leaves to the general one).
pub fn parse(text: &str) -> Option<Option<Value<'_>>> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0 };
    p.ws();
    if p.pos == p.bytes.len() {
        return Some(None);
    }
    let v = p.value(0)?;
    p.ws();
    (p.pos == p.bytes.len()).then_some(Some(v))
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Value<'a>> {
        let start = self.pos;
        let kind = match self.peek()? {
            b'{' => self.object(depth + 1)?,
            b'[' => self.array(depth + 1)?,
            b'"' => Kind::Str(self.string()?),
            b't' => self.word("true", Kind::Bool(true))?,
            b'f' => self.word("false", Kind::Bool(false))?,
            b'n' => self.word("null", Kind::Null)?,
            b'-' | b'0'..=b'9' => Kind::Number(self.number()?),
            _ => return None,
        };
        Some(Value { start, end: self.pos, kind })
    }

    fn word(&mut self, word: &str, kind: Kind<'a>) -> Option<Kind<'a>> {
        let end = self.pos + word.len();
        let next = self.bytes.get(end).copied();
        // `truex` is one bad word for the general parser, not `true` and garbage.
        if self.bytes.get(self.pos..end)? != word.as_bytes()
            || next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return None;
        }
        self.pos = end;
        Some(kind)
    }

    fn digits(&mut self) -> usize {
        let from = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - from
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let _ = self.eat(b'-');
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.eat(b'.').is_some() && self.digits() == 0 {
            return None;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        // `01`, `1x`, `1.e`: left to the general parser's messages.
        if self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_') {
            return None;
        }
        self.text.get(start..self.pos)
    }

    /// A string at `"`; borrowed when it has no escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'"' => {
                    let s = self.text.get(start..self.pos)?;
                    self.pos += 1;
                    return Some(Cow::Borrowed(s));
                }
                b'\\' => break,
                0..=0x1f => return None,
                _ => self.pos += 1,
            }
        }
        let mut owned = String::from(self.text.get(start..self.pos)?);
        loop {
            let run = self.pos;
            while let Some(b) = self.peek()
                && b != b'"'
                && b != b'\\'
            {
                if b < 0x20 {
                    return None;
                }
                self.pos += 1;
            }
            owned.push_str(self.text.get(run..self.pos)?);
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(Cow::Owned(owned));
                }
                _ => {
                    self.pos += 1;
                    owned.push(self.escape()?);
                }
            }
        }
    }

    /// The character of an escape whose backslash was just read.
    fn escape(&mut self) -> Option<char> {
        let b = self.peek()?;
        self.pos += 1;
        Some(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                match hi {
                    0xd800..=0xdbff => {
                        self.eat(b'\\')?;
                        self.eat(b'u')?;
                        let lo = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&lo) {
                            return None;
                        }
                        char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00))?
                    }
                    // A lone surrogate: how to read it is the general parser's call.
                    _ => char::from_u32(hi)?,
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn array(&mut self, depth: usize) -> Option<Kind<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.pos += 1;
        let mut elements = Vec::new();
        self.ws();
        if self.eat(b']').is_some() {
            return Some(Kind::Array(elements));
        }
        loop {
            self.ws();
            elements.push(self.value(depth)?);
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(Kind::Array(elements));
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<Kind<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.pos += 1;
        let mut props = Vec::new();
        self.ws();
        if self.eat(b'}').is_some() {
            return Some(Kind::Object(props));
        }
        loop {
            self.ws();
            if self.peek()? != b'"' {
                return None;
            }
            let name_start = self.pos;
            let name = self.string()?;
            let name_end = self.pos;
            self.ws();
            self.eat(b':')?;
            self.ws();
            let value = self.value(depth)?;
            props.push(Prop { name, name_start, name_end, value });
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(Kind::Object(props));
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
