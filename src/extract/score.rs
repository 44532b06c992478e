//! Measuring proposals against an answer key: a hand-made graph of the same text.
//!
//! A proposed entity counts as found when it is a key entity (same id) or shares a
//! name with one (any id, name or alias, [normalized](crate::resolve::normalize)).
//! Relations are compared after mapping their ends so: as pairs (either direction,
//! any kind) and typed, `(from, kind, to)`.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use super::Proposals;
use crate::graph::Graph;
use crate::model::EdgeKind;
use crate::resolve::normalize;

/// Recall and precision of one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Measure {
    /// In the key.
    pub expected: usize,
    /// Proposed.
    pub proposed: usize,
    /// Key items proposed.
    pub recalled: usize,
    /// Proposed items in the key (differs from `recalled` when two proposals map to
    /// one key item).
    pub correct: usize,
}

impl Measure {
    /// Share of the key found, 0 to 1.
    pub fn recall(&self) -> f64 {
        ratio(self.recalled, self.expected)
    }

    /// Share of the proposals that are right, 0 to 1.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.proposed)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The three measures of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Scores {
    /// Entities: the known ones the text mentions and the new ones proposed.
    pub entities: Measure,
    /// Relations as unordered pairs of entities.
    pub pairs: Measure,
    /// Relations as `(from, kind, to)`.
    pub typed: Measure,
}

impl fmt::Display for Scores {
    /// One table row per measure: `entities  recall 91% (80/88)  precision 85% (80/94)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, m) in [
            ("entities", self.entities),
            ("relation pairs", self.pairs),
            ("typed relations", self.typed),
        ] {
            writeln!(
                f,
                "{name:<16} recall {:>3.0}% ({}/{})  precision {:>3.0}% ({}/{})",
                m.recall() * 100.0,
                m.recalled,
                m.expected,
                m.precision() * 100.0,
                m.correct,
                m.proposed
            )?;
        }
        Ok(())
    }
}

/// Scores `proposals` against `key`. `gazetteer` is the graph the proposals were made
/// with: the ids in `proposals.known` and in relations are its ids (or new ones).
///
/// ```
/// use agencygraph::Graph;
/// use agencygraph::extract::{extract, Options, score::score};
///
/// let key = Graph::from_ron_str(r#"(
///     sources: [(id: "memo", title: "Memo")],
///     nodes: [
///         (id: "UNODC", kind: UnEntity, name: "United Nations Office on Drugs and Crime", aliases: ["UNODC"]),
///         (id: "ICAT", kind: Mechanism, name: "Inter-Agency Coordination Group against Trafficking in Persons", aliases: ["ICAT"]),
///     ],
///     edges: [(from: "UNODC", kind: Chairs, to: "ICAT", evidence: [(source: "memo", quote: "UNODC chairs")])],
/// )"#)?;
/// let text = "UNODC chairs the Inter-Agency Coordination Group against Trafficking in Persons (ICAT).";
/// let proposals = extract(text, &Graph::new(), &Options::new("memo"));
/// let scores = score(&proposals, &Graph::new(), &key);
/// assert_eq!((scores.typed.recalled, scores.typed.correct, scores.typed.proposed), (1, 1, 1));
/// # Ok::<(), agencygraph::LoadError>(())
/// ```
pub fn score(proposals: &Proposals, gazetteer: &Graph, key: &Graph) -> Scores {
    let key_names: Vec<(String, &str)> = key
        .nodes()
        .flat_map(|n| n.names().map(move |name| (normalize(name), n.id.as_str())))
        .collect();
    let by_names = |names: &mut dyn Iterator<Item = &str>| -> Option<String> {
        names.map(normalize).find_map(|k| {
            key_names
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, id)| id.to_string())
        })
    };
    // Every id a proposal may use, mapped to a key id where it has one.
    let map = |id: &str| -> Option<String> {
        if key.node(id).is_some() {
            return Some(id.to_string());
        }
        if let Some(node) = gazetteer.node(id) {
            return by_names(&mut node.names());
        }
        let node = proposals.nodes.iter().find(|n| n.id == id)?;
        by_names(
            &mut std::iter::once(node.name.as_str()).chain(node.aliases.iter().map(String::as_str)),
        )
    };
    let proposed_entities: Vec<Option<String>> = proposals
        .known
        .iter()
        .map(String::as_str)
        .chain(proposals.nodes.iter().map(|n| n.id.as_str()))
        .map(map)
        .collect();
    let entities = measure(
        &proposed_entities,
        key.nodes().map(|n| n.id.clone()).collect(),
    );

    let key_typed: BTreeSet<(String, EdgeKind, String)> = key
        .edges()
        .map(|e| {
            let (a, k, b) = e.relation();
            (a.to_string(), k, b.to_string())
        })
        .collect();
    let pair = |a: &str, b: &str| {
        if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    };
    let key_pairs: BTreeSet<(String, String)> =
        key_typed.iter().map(|(a, _, b)| pair(a, b)).collect();
    let mut typed = Vec::new();
    let mut pairs = Vec::new();
    for relation in &proposals.relations {
        let ends = map(&relation.from).zip(map(&relation.to));
        typed.push(ends.as_ref().map(|(a, b)| {
            let (a, k, b) = crate::model::relation(a, relation.kind, b);
            (a.to_string(), k, b.to_string())
        }));
        pairs.push(ends.map(|(a, b)| pair(&a, &b)));
    }
    // A pair proposed under several kinds is one pair proposal.
    pairs.sort();
    pairs.dedup();
    Scores {
        entities,
        pairs: measure(&pairs, key_pairs),
        typed: measure(&typed, key_typed),
    }
}

fn measure<T: Ord + Clone>(proposed: &[Option<T>], expected: BTreeSet<T>) -> Measure {
    let correct = proposed
        .iter()
        .filter(|p| p.as_ref().is_some_and(|p| expected.contains(p)))
        .count();
    let recalled: BTreeSet<&T> = proposed
        .iter()
        .flatten()
        .filter(|p| expected.contains(*p))
        .collect();
    Measure {
        expected: expected.len(),
        proposed: proposed.len(),
        recalled: recalled.len(),
        correct,
    }
}
