//! Name resolution: from what a person types (`un action`, `UN-ACTION`, the full name) to
//! one node.
//!
//! Every id, name and alias is indexed under its [normalized](normalize) form, which
//! ignores case, spacing and punctuation. A lookup tries, in order: an exact normalized
//! match; then the nodes whose names contain the input, which resolves when there is
//! exactly one and is ambiguous when there are several; and otherwise fails with the
//! closest names as suggestions.

use serde::Serialize;

/// The key a name is indexed under: lowercase letters and digits only.
///
/// ```
/// use agencygraph::resolve::normalize;
/// assert_eq!(normalize("UN-ACTION"), "unaction");
/// assert_eq!(normalize("un action"), normalize("UN Action"));
/// assert_eq!(normalize("Secretary-General’s"), "secretarygenerals");
/// ```
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Why a name did not resolve to exactly one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ResolveError {
    /// No node answers to the name.
    #[error("no entity is called `{input}`")]
    Unknown {
        /// What was looked up.
        input: String,
        /// The closest names, best first: `(id, name)`.
        suggestions: Vec<Candidate>,
    },
    /// Several nodes answer to the name.
    #[error("`{input}` could mean {} entities", .candidates.len())]
    Ambiguous {
        /// What was looked up.
        input: String,
        /// Every node that matches, sorted by id.
        candidates: Vec<Candidate>,
    },
}

/// A node offered as a suggestion or candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The node's id.
    pub id: String,
    /// The node's name.
    pub name: String,
    /// The name or alias that matched, when it is neither the id nor the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
}

impl ResolveError {
    /// The suggestions or candidates, whichever this error carries.
    pub fn candidates(&self) -> &[Candidate] {
        match self {
            ResolveError::Unknown { suggestions, .. } => suggestions,
            ResolveError::Ambiguous { candidates, .. } => candidates,
        }
    }
}

/// Inputs shorter than this (normalized) never match by containment: "un" is in everything.
const MIN_PARTIAL: usize = 3;
/// How many suggestions an unknown name gets.
const SUGGESTIONS: usize = 3;
/// Suggestions must be at least this similar (0 to 1).
const MIN_SIMILARITY: f64 = 0.8;

/// A name as indexed: its normalized key, its spelling, and the node's position.
pub(crate) struct Entry<'a> {
    pub key: String,
    pub spelling: &'a str,
    pub node: usize,
}

/// Names are compared on at most this many characters (of their normalized form):
/// comparing costs the product of the lengths, and a megabyte-long name must not make a
/// typo's suggestions take minutes. Prefixes this long tell names apart.
const COMPARED_CHARS: usize = 64;

/// The first [`COMPARED_CHARS`] characters of a normalized name.
fn compared(key: &str) -> &str {
    key.char_indices()
        .nth(COMPARED_CHARS)
        .map_or(key, |(end, _)| &key[..end])
}

/// Finds the closest names to `input` among `entries`: the "did you mean" list.
///
/// `describe` turns a node position into its `(id, name)`. The work is linear in the
/// number of names, and bounded for each (see [`COMPARED_CHARS`]).
pub(crate) fn suggest<'a>(
    input: &str,
    entries: impl Iterator<Item = Entry<'a>>,
    describe: impl Fn(usize) -> (&'a str, &'a str),
) -> Vec<Candidate> {
    let wanted = normalize(input);
    let wanted = compared(&wanted);
    // The best few so far, best first: (score, node, spelling); one per node.
    let mut best: Vec<(f64, usize, &str)> = Vec::with_capacity(SUGGESTIONS + 1);
    let better = |a: &(f64, usize, &str), b: &(f64, usize, &str)| {
        // Higher score first; ties by id, so the list is stable.
        b.0.total_cmp(&a.0)
            .then_with(|| describe(a.1).0.cmp(describe(b.1).0))
    };
    for entry in entries {
        let score = strsim::jaro_winkler(wanted, compared(&entry.key));
        if score < MIN_SIMILARITY {
            continue;
        }
        let scored = (score, entry.node, entry.spelling);
        match best.iter().position(|(_, node, _)| *node == entry.node) {
            Some(at) if best[at].0 >= score => continue,
            Some(at) => best[at] = scored,
            None => best.push(scored),
        }
        best.sort_by(better);
        best.truncate(SUGGESTIONS);
    }
    best.into_iter()
        .map(|(_, node, spelling)| candidate(describe(node), spelling))
        .collect()
}

/// Nodes whose names contain `wanted` (already normalized), one candidate per node.
pub(crate) fn containing<'a>(
    wanted: &str,
    entries: impl Iterator<Item = Entry<'a>>,
    describe: impl Fn(usize) -> (&'a str, &'a str),
) -> Vec<(usize, Candidate)> {
    if wanted.chars().count() < MIN_PARTIAL {
        return Vec::new();
    }
    let mut found: Vec<(usize, Candidate)> = Vec::new();
    for entry in entries {
        if entry.key.contains(wanted) && !found.iter().any(|(node, _)| *node == entry.node) {
            found.push((entry.node, candidate(describe(entry.node), entry.spelling)));
        }
    }
    found.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    found
}

fn candidate((id, name): (&str, &str), spelling: &str) -> Candidate {
    Candidate {
        id: id.to_string(),
        name: name.to_string(),
        matched: (spelling != id && spelling != name).then(|| spelling.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Node, NodeKind};
    use crate::{Graph, resolve::ResolveError};

    /// A megabyte-long name and a ten-thousand-character typo: suggestions compare
    /// bounded prefixes, so this takes milliseconds, not (as it did) minutes.
    #[test]
    fn huge_names_get_suggestions_without_huge_work() {
        let mut graph = Graph::default();
        let huge: String = "Coordination Group ".repeat(1 << 16);
        graph
            .add_node(Node::new("BIG", NodeKind::Mechanism, huge.trim()))
            .unwrap();
        graph
            .add_node(Node::new(
                "ICAT",
                NodeKind::Mechanism,
                "Inter-Agency Coordination Group",
            ))
            .unwrap();
        let typo = format!("Coordination Grop {}", "Coordination Group ".repeat(500));
        match graph.resolve(&typo) {
            Err(ResolveError::Unknown { suggestions, .. }) => {
                assert_eq!(suggestions.first().map(|c| c.id.as_str()), Some("BIG"));
            }
            other => panic!("{other:?}"),
        }
    }
}
