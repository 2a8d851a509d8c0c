//! Verdicts on names written the way people name classes, and the held-out list's scores.

use super::*;

fn reason(name: &str) -> String {
    match classify(name) {
        Verdict::NonVisual { reason } | Verdict::Identity { reason } => reason,
        Verdict::PersonRole => ROLE_REASON.into(),
        other => panic!("'{name}' is not flagged: {other:?}"),
    }
}

#[test]
fn visual_names_in_every_id_style_are_silent() {
    for name in [
        "dog",
        "Dogs",
        "golden_retriever",
        "golden-retrievers",
        "GoldenRetriever",
        "Golden Retriever",
        "traffic light",
        "n02085620",
        "wine glass",
        "fire_hydrant",
        "teddy bear",
        "hot dog",
        "Leather Shoes",
        "Other Shoes",
        "Potted Plant",
        "great white shark",
        "geese",
        "mice",
        "knives",
        "purple",
        "checkered",
        "rusty",
        "snow_covered",
        "upside_down",
        "speaker",
        "racket",
        "crane",
        "remote",
        "kite",
        "safe",
        "night",
        "sunset",
    ] {
        assert_eq!(classify(name), Verdict::Visual, "{name}");
    }
}

#[test]
fn roles_with_a_look_are_silent_and_roles_without_one_are_roles() {
    for name in ["firefighter", "skier", "soldier", "Swimmers", "scuba_diver", "nun", "baby"] {
        assert_eq!(classify(name), Verdict::Visual, "{name}");
    }
    for name in ["accountant", "attorney", "owner", "buyers", "Investor"] {
        assert_eq!(classify(name), Verdict::PersonRole, "{name}");
    }
}

#[test]
fn non_visual_names_say_why() {
    let cases = [
        ("happiness", "names a feeling"),
        ("Sorrow", "names a feeling"),
        ("wednesday", "names a time"),
        ("2020", "names a year"),
        ("2022-01-01", "names a date"),
        ("fy_2019", "names a time period"),
        ("1000", "names a quantity"),
        ("thirteen", "names a quantity"),
        ("debt", "names a legal or economic construct"),
        ("loud", "names a sound"),
        ("aroma", "names a smell"),
        ("notion", "names a thought or state of mind"),
        ("stolen_bike", "has the non-visual modifier 'stolen' on a visual object"),
        ("cheaperPhone", "has the non-visual modifier 'cheaper' on a visual object"),
        ("tax-refund", "names a legal or economic construct"),
    ];
    for (name, why) in cases {
        assert_eq!(reason(name), why, "{name}");
    }
}

#[test]
fn identities_in_every_id_style() {
    let cases = [
        ("me", identity::SELF),
        ("my_mom", identity::RELATION),
        ("our-baby-sam", identity::RELATION),
        ("person_3", identity::NUMBERED),
        ("Subject 12", identity::NUMBERED),
        ("grandmother", identity::FAMILY),
        ("uncle_bob", identity::FAMILY),
        ("robert_johnson", identity::NAME),
        ("DavidMiller", identity::NAME),
        ("emily-chen", identity::NAME),
        ("Jessica", identity::NAME),
        ("LeBron_James", identity::NAME),
        ("vladimir_putin", identity::FAMOUS),
        ("Einstein", identity::FAMOUS),
    ];
    for (name, why) in cases {
        assert_eq!(reason(name), why, "{name}");
    }
}

#[test]
fn wordnet_ids_resolve_to_their_synset() {
    assert_eq!(resolve_wordnet_id("n02085620"), Some("chihuahua"));
    assert_eq!(classify("n02085620"), Verdict::Visual);
    assert_eq!(resolve_wordnet_id("n99999999"), None);
    assert_eq!(classify("n99999999"), Verdict::Unknown);
    let happiness = format!("n{:08}", 7_526_757);
    assert_eq!(resolve_wordnet_id(&happiness), Some("happiness"));
    assert_eq!(reason(&happiness), "is WordNet's 'happiness', which names a feeling");
}

#[test]
fn long_names_are_not_judged_and_cost_little() {
    let long = "stolen ".repeat(5000) + "bike";
    let started = std::time::Instant::now();
    assert_eq!(classify(&long), Verdict::Unknown);
    assert_eq!(classify(&"x".repeat(100_000)), Verdict::Unknown);
    assert!(started.elapsed().as_secs() < 2);
}

#[test]
fn unknown_and_odd_input_stays_silent() {
    for name in ["", "   ", "zzqxv", "7", "class_3", "日本語", "---", "(x)", "a'b's", "\u{0}"] {
        assert!(
            matches!(classify(name), Verdict::Unknown | Verdict::Visual),
            "{name:?}: {:?}",
            classify(name)
        );
    }
}

/// (true positives, false positives, false negatives) of flagging on a `concept<TAB>tag` list,
/// with the misjudged names.
fn score(list: &str) -> ((usize, usize, usize), Vec<String>) {
    let (mut counts, mut errors) = ((0, 0, 0), Vec::new());
    for (name, tag) in
        list.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once('\t'))
    {
        let flagged = !matches!(classify(name), Verdict::Visual | Verdict::Unknown);
        let want = tag == "nonvisual" || tag == "identity";
        match (flagged, want) {
            (true, true) => counts.0 += 1,
            (true, false) => counts.1 += 1,
            (false, true) => counts.2 += 1,
            (false, false) => {}
        }
        if flagged != want {
            errors.push(format!("{name} ({tag}): {:?}", classify(name)));
        }
    }
    (counts, errors)
}

/// Two held-out lists in tests/fixtures/lexicon/, each written before it was first scored,
/// so they say how the lexicon does on names nobody fitted. First scores: list 1 precision
/// 0.974, recall 0.892 (its errors were then looked at and used); list 2 precision 0.973,
/// recall 0.923 (its errors never were). The numbers below are the current ones.
#[test]
fn held_out_lists_score() {
    let (first, errors) = score(include_str!("../../tests/fixtures/lexicon/heldout.tsv"));
    assert_eq!(first, (79, 0, 4), "list 1 (P 1.000, R 0.952): {errors:#?}");
    let (second, errors) = score(include_str!("../../tests/fixtures/lexicon/heldout2.tsv"));
    assert_eq!(second, (72, 2, 6), "list 2 (P 0.973, R 0.923): {errors:#?}");
}
