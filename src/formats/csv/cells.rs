//! Concepts inside one label cell: `cat`, `cat;dog`, `cat|dog`, `"cat,dog"` (when the format
//! says a comma separates labels), `['cat', 'dog']` and `["cat","dog"]`.

/// Appends the byte range (in `value`) of every concept written in a label cell: trimmed of
/// whitespace, unquoted inside a list, never empty.
///
/// `;` and `|` always separate labels; `,` does when `comma` is set (the caller knows the cell is
/// a multi-label list) and always inside `[...]`.
pub fn split_labels(value: &str, comma: bool, out: &mut Vec<(usize, usize)>) {
    let (lo, hi) = trim_range(value, 0, value.len());
    if lo == hi {
        return;
    }
    let bytes = value.as_bytes();
    if hi - lo >= 2 && bytes[lo] == b'[' && bytes[hi - 1] == b']' {
        split_at(value, lo + 1, hi - 1, |b| b == b',', true, out);
    } else {
        split_at(value, lo, hi, |b| b == b';' || b == b'|' || (comma && b == b','), false, out);
    }
}

fn split_at(
    value: &str,
    lo: usize,
    hi: usize,
    is_sep: impl Fn(u8) -> bool,
    unquote: bool,
    out: &mut Vec<(usize, usize)>,
) {
    let mut start = lo;
    for i in lo..=hi {
        if i == hi || is_sep(value.as_bytes()[i]) {
            let (mut s, mut e) = trim_range(value, start, i);
            if unquote && e - s >= 2 {
                let (first, last) = (value.as_bytes()[s], value.as_bytes()[e - 1]);
                if first == last && (first == b'\'' || first == b'"') {
                    (s, e) = trim_range(value, s + 1, e - 1);
                }
            }
            if s < e {
                out.push((s, e));
            }
            start = i + 1;
        }
    }
}

/// `start..end` of `value` without surrounding whitespace (both ends on char boundaries when the
/// inputs are).
fn trim_range(value: &str, start: usize, end: usize) -> (usize, usize) {
    let Some(part) = value.get(start..end) else {
        return (start, start);
    };
    let s = start + (part.len() - part.trim_start().len());
    let e = start + part.trim_end().len();
    (s, e.max(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(value: &str, comma: bool) -> Vec<&str> {
        let mut out = Vec::new();
        split_labels(value, comma, &mut out);
        out.into_iter().map(|(s, e)| &value[s..e]).collect()
    }

    #[test]
    fn single_and_separated_labels() {
        assert_eq!(split("cat", false), ["cat"]);
        assert_eq!(split("  golden retriever ", false), ["golden retriever"]);
        assert_eq!(split("cat; dog |bird", false), ["cat", "dog", "bird"]);
        assert_eq!(split("cat;;dog;", false), ["cat", "dog"]);
        assert_eq!(split("", false), Vec::<&str>::new());
        assert_eq!(split("   ", true), Vec::<&str>::new());
    }

    #[test]
    fn commas_split_only_when_asked() {
        assert_eq!(split("tench, Tinca tinca", false), ["tench, Tinca tinca"]);
        assert_eq!(split("cat,dog", true), ["cat", "dog"]);
        assert_eq!(split("cat, dog ,", true), ["cat", "dog"]);
    }

    #[test]
    fn python_and_json_lists() {
        assert_eq!(split("['cat', 'dog']", false), ["cat", "dog"]);
        assert_eq!(split("[\"cat\",\"hot dog\"]", false), ["cat", "hot dog"]);
        assert_eq!(split("[ cat , 'dog' ]", false), ["cat", "dog"]);
        assert_eq!(split("[]", false), Vec::<&str>::new());
        assert_eq!(split("['']", false), Vec::<&str>::new());
    }

    #[test]
    fn multibyte_names_keep_char_boundaries() {
        assert_eq!(
            split("chat noir|éléphant ;  北极熊", true),
            ["chat noir", "éléphant", "北极熊"]
        );
        assert_eq!(split("\u{3000}猫\u{3000}", false), ["猫"]);
    }
}
