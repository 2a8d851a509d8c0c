//! Per-concept statistics, computed once per analysis; rules, hovers and reports read them.

use rustc_hash::FxHashMap;

use crate::engine::Dataset;

/// Where a label is: file index, input index, label index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LabelRef {
    pub file: usize,
    pub input: usize,
    pub label: usize,
}

/// Where a concept is declared: file index, concept index in that file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DeclRef {
    pub file: usize,
    pub concept: usize,
}

/// One concept's numbers.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ConceptStats {
    pub name: String,
    /// Inputs carrying the concept as a positive label (an input that repeats it counts once).
    pub positives: usize,
    /// Inputs carrying it as an explicit negative label.
    pub negatives: usize,
    pub declarations: Vec<DeclRef>,
    /// Every label naming the concept, in file order.
    #[serde(skip)]
    pub uses: Vec<LabelRef>,
}

/// Whether the dataset's concepts are mutually exclusive, and who says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exclusivity {
    /// The config or the label manifest says the concepts are mutually exclusive.
    Declared,
    /// Nearly every labeled input carries exactly one concept.
    Inferred,
    /// Multi-label, declared or evident.
    MultiLabel,
}

/// Statistics of a dataset.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Stats {
    /// Declared concepts first (declaration order), then undeclared ones by first use.
    pub concepts: Vec<ConceptStats>,
    #[serde(skip)]
    by_name: FxHashMap<String, usize>,
    pub inputs: usize,
    /// Inputs with no positive label.
    pub unlabeled: usize,
    /// Inputs with more than one distinct positive concept.
    pub multi_labeled: usize,
    /// Whether any file declares concepts (a label manifest exists).
    pub has_label_manifest: bool,
    pub exclusivity: Option<Exclusivity>,
    /// The model's evaluation (metrics, label issues, verdict), when there are predictions.
    #[serde(skip)]
    pub eval: Option<Box<crate::eval::Evaluation>>,
}

/// Share of labeled inputs that must carry exactly one concept to infer exclusivity.
const INFER_EXCLUSIVE_SHARE: f64 = 0.95;
/// Fewest labeled inputs to infer anything from.
const INFER_MIN_INPUTS: usize = 20;

impl Stats {
    pub fn compute(dataset: &Dataset) -> Stats {
        let mut s = Stats::default();
        for (f, file) in dataset.label_files() {
            s.has_label_manifest = true;
            for (c, decl) in file.concepts.iter().enumerate() {
                s.entry(&decl.name).declarations.push(DeclRef { file: f, concept: c });
            }
        }
        // Each label's concept is looked up once; the counts size every concept's `uses`
        // exactly before they are filled (a million labels grew them by doubling).
        let mut ids: Vec<u32> = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        for (_, _, input) in dataset.inputs() {
            for label in &input.labels {
                let c = s.index(&label.concept);
                if c >= counts.len() {
                    counts.resize(c + 1, 0);
                }
                counts[c] += 1;
                ids.push(c as u32);
            }
        }
        for (c, n) in s.concepts.iter_mut().zip(&counts) {
            c.uses.reserve_exact(*n);
        }
        let mut ids = ids.into_iter();
        let mut single = 0usize;
        for (f, i, input) in dataset.inputs() {
            s.inputs += 1;
            let mut positive = 0;
            for (l, label) in input.labels.iter().enumerate() {
                let Some(c) = ids.next() else { break };
                let c = &mut s.concepts[c as usize];
                c.uses.push(LabelRef { file: f, input: i, label: l });
                // A concept repeated on one input (`["cat", "cat"]`) counts once.
                let repeated = input.labels[..l]
                    .iter()
                    .any(|o| o.positive == label.positive && o.concept == label.concept);
                if repeated {
                    continue;
                }
                if label.positive {
                    c.positives += 1;
                    positive += 1;
                } else {
                    c.negatives += 1;
                }
            }
            match positive {
                0 => s.unlabeled += 1,
                1 => single += 1,
                _ => s.multi_labeled += 1,
            }
        }
        let declared = dataset
            .settings
            .exclusive
            .or_else(|| dataset.files.iter().filter_map(|f| f.exclusive).reduce(|a, b| a && b));
        let labeled = single + s.multi_labeled;
        s.exclusivity = match declared {
            Some(true) => Some(Exclusivity::Declared),
            Some(false) => Some(Exclusivity::MultiLabel),
            None if labeled >= INFER_MIN_INPUTS => {
                if single as f64 >= INFER_EXCLUSIVE_SHARE * labeled as f64 {
                    Some(Exclusivity::Inferred)
                } else {
                    Some(Exclusivity::MultiLabel)
                }
            }
            None => None,
        };
        if let Some(predictions) = &dataset.predictions {
            s.eval = Some(Box::new(crate::eval::evaluate(dataset, predictions, &s)));
        }
        s
    }

    fn entry(&mut self, name: &str) -> &mut ConceptStats {
        let idx = self.index(name);
        &mut self.concepts[idx]
    }

    /// The index of `name` in `concepts`, added when new.
    fn index(&mut self, name: &str) -> usize {
        match self.by_name.get(name) {
            Some(&i) => i,
            None => {
                let i = self.concepts.len();
                self.by_name.insert(name.to_string(), i);
                self.concepts.push(ConceptStats { name: name.to_string(), ..Default::default() });
                i
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&ConceptStats> {
        self.by_name.get(name).map(|&i| &self.concepts[i])
    }

    /// Whether `name` is declared by a label manifest.
    pub fn is_declared(&self, name: &str) -> bool {
        self.get(name).is_some_and(|c| !c.declarations.is_empty())
    }

    /// Whether concepts count as mutually exclusive (declared or inferred).
    pub fn exclusive(&self) -> bool {
        matches!(self.exclusivity, Some(Exclusivity::Declared | Exclusivity::Inferred))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::Builder;

    #[test]
    fn a_concept_repeated_on_one_input_counts_once() {
        let ds = Builder::new()
            .manifest(
                "metadata.csv",
                &[("a.png", &["cat", "cat"][..]), ("b.png", &["cat", "dog", "-owl", "-owl"])],
            )
            .build();
        let s = Stats::compute(&ds);
        let cat = s.get("cat").unwrap();
        assert_eq!((cat.positives, cat.uses.len()), (2, 3));
        assert_eq!(s.get("owl").unwrap().negatives, 1);
        assert_eq!((s.inputs, s.multi_labeled, s.unlabeled), (2, 1, 0));
    }
}
