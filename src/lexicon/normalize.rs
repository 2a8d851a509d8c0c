//! Concept ids to words: `snake_case`, `kebab-case`, `camelCase`, `Title Case`, plurals,
//! WordNet ids (`n02085620`), numbers and dates.

use super::tables::Tables;

/// A concept name split into lower-case ASCII words, the way the tables' keys are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Words {
    pub tokens: Vec<String>,
}

impl Words {
    pub fn key(&self) -> String {
        self.tokens.join("_")
    }
    pub fn key_of(tokens: &[String]) -> String {
        tokens.join("_")
    }
}

/// A WordNet 3.0 noun synset id as ImageNet writes it: `n02085620` (also `02085620-n`).
pub fn wordnet_offset(name: &str) -> Option<u32> {
    let name = name.trim();
    let digits = name
        .strip_prefix(['n', 'N'])
        .or_else(|| name.strip_suffix("-n"))
        .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))?;
    digits.parse().ok()
}

/// Splits a concept name into words. A trailing parenthetical is a disambiguator, not part of
/// the name ("Nail (Construction)"); "'s" is dropped ("men's shoes"); camelCase and
/// letter-digit runs split unless the run is a known word or name as it stands ("LeBron",
/// "mp3").
pub fn words(name: &str, tables: &Tables) -> Words {
    let mut name = name.trim();
    if name.ends_with(')')
        && let Some(open) = name.rfind('(').filter(|&i| i > 0)
    {
        name = name[..open].trim_end();
    }
    let mut tokens = Vec::new();
    for part in name.replace("'s", " ").split(|c: char| !c.is_alphanumeric()) {
        let folded: String = part.chars().flat_map(fold).collect();
        if folded.is_empty() {
            continue;
        }
        let whole = folded.to_ascii_lowercase();
        if tables.word(&whole).is_some() || tables.name(&whole) != Default::default() {
            tokens.push(whole);
        } else {
            tokens.extend(split_runs(&folded).into_iter().map(|t| t.to_ascii_lowercase()));
        }
    }
    Words { tokens }
}

/// Splits "personName5" into "person", "Name", "5", and "XMLFile" into "XML", "File".
fn split_runs(part: &str) -> Vec<&str> {
    let b = part.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..b.len() {
        let (prev, cur) = (b[i - 1], b[i]);
        let next_lower = b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        let boundary = (prev.is_ascii_lowercase() && cur.is_ascii_uppercase())
            || (prev.is_ascii_uppercase() && cur.is_ascii_uppercase() && next_lower)
            || (prev.is_ascii_digit() != cur.is_ascii_digit());
        if boundary {
            out.push(&part[start..i]);
            start = i;
        }
    }
    out.push(&part[start..]);
    out
}

/// Latin letters with accents to ASCII ("é" -> "e"); other characters are dropped, so a
/// token is always ASCII alphanumeric.
fn fold(c: char) -> Option<char> {
    if c.is_ascii_alphanumeric() {
        return Some(c);
    }
    const FROM: &str = "àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿźżžšśşţťłđ";
    const TO: &str = "aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzsssttld";
    let lower = c.to_lowercase().next()?;
    let i = FROM.chars().position(|f| f == lower)?;
    let ascii = TO.chars().nth(i)?;
    Some(if c.is_uppercase() { ascii.to_ascii_uppercase() } else { ascii })
}

/// What a name made of numbers and calendar words says about time or quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numeric {
    Year,
    Date,
    Period,
    Quantity,
}

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Years (1800-2100), dates ("2022-01-01", "jan_2020"), periods ("q1", "fy_2019", "2019q3")
/// and numbers written as quantities (three digits or more: "1000", "1_000"). Short numbers
/// ("7", "42", "007") are class ids or digits, and stay unjudged.
pub fn numeric(tokens: &[String]) -> Option<Numeric> {
    let num = |t: &String| t.bytes().all(|b| b.is_ascii_digit()).then(|| t.parse::<u64>().ok())?;
    let year = |t: &String| t.len() == 4 && num(t).is_some_and(|n| (1800..=2100).contains(&n));
    if tokens.is_empty() {
        return None;
    }
    if tokens.iter().all(|t| num(t).is_some()) {
        return all_numbers(tokens, year);
    }
    let mut time_word = false;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        let next_small = tokens.get(i + 1).and_then(num).filter(|n| (1..=4).contains(n));
        if matches!(t, "q" | "h") && next_small.is_some() {
            time_word = true;
            i += 2;
            continue;
        }
        if matches!(t, "fy" | "cy") || MONTHS.contains(&t) || year(&tokens[i]) {
            time_word = true;
        } else if num(&tokens[i]).is_none_or(|n| n > 31) {
            return None;
        }
        i += 1;
    }
    time_word.then_some(Numeric::Period)
}

fn all_numbers(tokens: &[String], year: impl Fn(&String) -> bool) -> Option<Numeric> {
    let n = |i: usize| tokens.get(i).and_then(|t| t.parse::<u64>().ok()).unwrap_or(0);
    match tokens.len() {
        1 if year(&tokens[0]) => Some(Numeric::Year),
        1 if tokens[0].len() >= 3 && !tokens[0].starts_with('0') => Some(Numeric::Quantity),
        2 | 3 if year(&tokens[0]) && (1..=12).contains(&n(1)) => Some(Numeric::Date),
        3 if year(&tokens[2]) && (1..=31).contains(&n(0)) && (1..=31).contains(&n(1)) => {
            Some(Numeric::Date)
        }
        2.. if (1..=999).contains(&n(0))
            && !tokens[0].starts_with('0')
            && tokens[1..].iter().all(|t| t.len() == 3) =>
        {
            Some(Numeric::Quantity)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::tables;

    fn split(name: &str) -> Vec<String> {
        words(name, tables::get()).tokens
    }

    #[test]
    fn id_styles_split_into_the_same_words() {
        for name in ["golden_retriever", "golden-retriever", "goldenRetriever", "Golden Retriever"]
        {
            assert_eq!(split(name), ["golden", "retriever"], "{name}");
        }
        assert_eq!(split("GoldenRetrievers"), ["golden", "retrievers"]);
        assert_eq!(split("Nail (Construction)"), ["nail"]);
        assert_eq!(split("men's shoes"), ["men", "shoes"]);
        assert_eq!(split("person5"), ["person", "5"]);
        assert_eq!(split("fy2019"), ["fy", "2019"]);
        assert_eq!(split("XMLFile"), ["xml", "file"]);
        assert_eq!(split("LeBron_James"), ["lebron", "james"], "a known name is not split");
        assert_eq!(split("José_Hernández"), ["jose", "hernandez"]);
        assert_eq!(split("  "), Vec::<String>::new());
        assert_eq!(split("日本"), Vec::<String>::new());
    }

    #[test]
    fn wordnet_ids() {
        assert_eq!(wordnet_offset("n02085620"), Some(2_085_620));
        assert_eq!(wordnet_offset("02085620-n"), Some(2_085_620));
        assert_eq!(wordnet_offset("n0208562"), None);
        assert_eq!(wordnet_offset("02085620"), None, "bare digits are a number");
        assert_eq!(wordnet_offset("nä085620"), None);
    }

    #[test]
    fn numbers_dates_and_periods() {
        let num = |s: &str| numeric(&split(s));
        assert_eq!(num("2020"), Some(Numeric::Year));
        assert_eq!(num("1987"), Some(Numeric::Year));
        assert_eq!(num("2022-01-01"), Some(Numeric::Date));
        assert_eq!(num("31/12/2021"), Some(Numeric::Date));
        assert_eq!(num("1000"), Some(Numeric::Quantity));
        assert_eq!(num("1,000,000"), Some(Numeric::Quantity));
        assert_eq!(num("q1"), Some(Numeric::Period));
        assert_eq!(num("fy_2019"), Some(Numeric::Period));
        assert_eq!(num("2019Q3"), Some(Numeric::Period));
        assert_eq!(num("jan_2020"), Some(Numeric::Period));
        for id in ["7", "42", "007", "0", "class_3", "cat", "q9"] {
            assert_eq!(num(id), None, "{id}");
        }
    }
}
