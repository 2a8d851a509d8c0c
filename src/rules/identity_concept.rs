//! `identity-concept`: a concept that identifies a specific person.

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Context;
use crate::lexicon::Verdict;

use super::Rule;
use super::unvisual_concept::{finding, judged};

pub static RULE: Rule = Rule {
    name: "identity-concept",
    code: "CL013",
    default_severity: Severity::Warning,
    summary: "A concept identifies a specific person (a name, \"my_mom\", \"person_3\").",
    docs: r#"# identity-concept (CL013)

Reports a concept that identifies a specific person rather than a kind of thing: a personal
name in any id style (`robert_johnson`, `MaryJones`, `usain-bolt`, `Jessica`), a famous person
WordNet knows (`vladimir_putin`, `Einstein`), a family relation (`grandmother`, `uncle_bob`),
someone named by their relation to you (`my_mom`, `our_baby_sam`), a pronoun (`me`), or a
numbered individual (`person_3`, `subject-12`). The finding sits on the concept's declaration
in the label manifest; without a label manifest, on its first use.

Names are recognized with the US Census 1990 name lists and Faker's person names (see
`src/lexicon/data/NOTICE`); a name that is also an ordinary word ("rose", "sandy_beach") is
read as the word.

## Why
Custom image models do poorly at identifying faces: one person looks different from one photo
to the next (age, light, angle, glasses) while two people can look alike, and a classifier
trained on a few dozen photos of each learns the background, the clothes or the camera instead.
Identifying people is also a privacy decision of its own. Face recognition needs a model built
for it, not a concept among others.

## Example
```text
# labels.txt
dog
brad_pitt     <- 'brad_pitt' is a personal name
my_mom        <- 'my_mom' names someone by their relation to you
person_3      <- 'person_3' numbers an individual person
```

## Fix
Name what the images show instead (`person`, `woman`, `child`), or use a dedicated face
recognition model. If the dataset really is about these people, silence the rule for it
(`ignore = ["identity-concept"]`), or mark the concept visual:
```toml
[concepts.brad_pitt]
visual = true
```
"#,
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (concept, verdict) in judged(ctx) {
        if let Verdict::Identity { reason } = verdict {
            let message = format!("'{}' {reason}", concept.name);
            out.extend(finding(ctx, &RULE, concept, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn fires_on_people_and_not_on_kinds_of_people() {
        let ds = Builder::new()
            .manifest("metadata.csv", &[("a.png", &["dog"])])
            .labels(&["dog", "woman", "brad_pitt", "MyMom", "person_3", "firefighter", "Jessica"])
            .build();
        let out = run(&RULE, &ds, &Default::default());
        let got: Vec<_> = out.iter().map(|d| (at(&ds, d), d.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("brad_pitt", "'brad_pitt' is a personal name"),
                ("MyMom", "'MyMom' names someone by their relation to you"),
                ("person_3", "'person_3' numbers an individual person"),
                ("Jessica", "'Jessica' is a personal name"),
            ]
        );
        assert!(out.iter().all(|d| d.severity == Severity::Warning && d.fixes.is_empty()));
    }

    #[test]
    fn fires_on_the_first_use_without_a_label_manifest_and_respects_the_override() {
        let rows: &[(&str, &[&str])] =
            &[("a.png", &["cat"]), ("b.png", &["grandmother"]), ("c.png", &["grandmother"])];
        let ds = Builder::new().manifest("metadata.csv", rows).build();
        let out = run(&RULE, &ds, &Default::default());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].span, ds.files[0].inputs[1].labels[0].span);
        assert_eq!(
            out[0].message,
            "'grandmother' names a family member, a relation rather than a look"
        );
        let ds = Builder::new()
            .manifest("metadata.csv", rows)
            .settings(|s| {
                let visual = crate::config::ConceptSettings { visual: Some(true) };
                s.concepts.insert("grandmother".into(), visual);
            })
            .build();
        assert!(run(&RULE, &ds, &Default::default()).is_empty());
    }
}
