//! Concepts that identify a specific person rather than a kind of thing: pronouns, "my_mom",
//! "person_3", personal names in any id style.

use super::tables::{Entry, Tables};

pub const SELF: &str = "refers to a specific person";
pub const RELATION: &str = "names someone by their relation to you";
pub const NUMBERED: &str = "numbers an individual person";
pub const NAME: &str = "is a personal name";
pub const FAMILY: &str = "names a family member, a relation rather than a look";
pub const FAMOUS: &str = "names a specific person";

const PRONOUNS: &[&str] =
    &["me", "myself", "i", "we", "us", "ourselves", "you", "yourself", "yourselves", "self"];
const POSSESSIVES: &[&str] = &["my", "our", "your", "his", "her", "their", "mine"];
/// Words that, followed by a number, name one individual even without a person sense.
const ID_WORDS: &[&str] =
    &["id", "subject", "face", "participant", "individual", "identity", "speaker", "user"];

/// Identity findings that hold whatever the words mean: pronouns, possessives, numbering.
pub fn by_form(tokens: &[String], t: &Tables) -> Option<&'static str> {
    let first = tokens.first()?.as_str();
    if tokens.len() == 1 && PRONOUNS.contains(&first) {
        return Some(SELF);
    }
    if tokens.len() >= 2 && POSSESSIVES.contains(&first) {
        let rest = &tokens[1..];
        if rest.iter().any(|w| personal(w, t)) || t.word(&rest.join("_")).is_some_and(person) {
            return Some(RELATION);
        }
    }
    let (last, before) = tokens.split_last()?;
    if !before.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        let key = before.join("_");
        if ID_WORDS.contains(&key.as_str()) || t.word(&key).is_some_and(person) {
            return Some(NUMBERED);
        }
    }
    None
}

/// A phrase the tables do not know, read as a personal name: a given name alone, or a given
/// name and a surname ("robert_johnson", "MaryJones", "usain-bolt"), or a relative and a name
/// ("uncle_bob").
pub fn by_name(tokens: &[String], t: &Tables) -> Option<&'static str> {
    let word_like = |w: &String| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase());
    match tokens {
        [one] if word_like(one) && given(one, t) && !common(one, t) => Some(NAME),
        [kin, rest @ ..] if !rest.is_empty() && t.word(kin).is_some_and(|e| e.code == b'K') => {
            rest.iter().all(|w| given(w, t) || surname(w, t)).then_some(FAMILY)
        }
        [first, last] if word_like(first) && word_like(last) => {
            full_name(first, last, t).then_some(NAME)
        }
        [first, middle, last] if word_like(first) && word_like(last) => {
            let initial = middle.len() == 1 && middle.bytes().all(|b| b.is_ascii_lowercase());
            let middle_ok = initial
                || word_like(middle)
                    && (given(middle, t) || surname(middle, t) || t.word(middle).is_none());
            (middle_ok && full_name(first, last, t)).then_some(NAME)
        }
        _ => None,
    }
}

fn full_name(first: &str, last: &str, t: &Tables) -> bool {
    let unknown = |w: &str| t.word(w).is_none();
    let first_ok = given(first, t) || unknown(first);
    let last_ok = surname(last, t) || unknown(last);
    let some_name = given(first, t) || surname(last, t);
    // Two ordinary words that happen to be names ("rose_garden", "sandy_beach") are not one.
    first_ok && last_ok && some_name && !(common(first, t) && common(last, t))
}

/// A name the lexicon does not know as something else: "Brittany" is a region and "German" a
/// nationality before they are names; "David" is a name (WordNet's only David is a person).
fn not_a_proper_noun(word: &str, t: &Tables) -> bool {
    t.word(word).is_none_or(|e| !e.place_or_people() || e.code == b'P')
}

fn given(word: &str, t: &Tables) -> bool {
    t.name(word).given && not_a_proper_noun(word, t)
}

fn surname(word: &str, t: &Tables) -> bool {
    t.name(word).surname && not_a_proper_noun(word, t)
}

fn common(word: &str, t: &Tables) -> bool {
    t.word(word).is_some_and(Entry::common)
}

/// A kind of person, or a word with a person sense ("subject").
fn person(e: Entry) -> bool {
    matches!(e.code, b'p' | b'r' | b'K' | b'P') || e.person_sense()
}

/// A word that can only be about someone: a kind of person or a given name.
fn personal(word: &str, t: &Tables) -> bool {
    t.word(word).is_some_and(person) || t.name(word).given
}
