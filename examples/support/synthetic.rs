//! Synthetic data sets of any size, for benchmarks and load tests. Not part of the
//! library's API: each example or bench that needs it includes this file as a module
//! (`#[path = "support/synthetic.rs"] mod synthetic;`).
//!
//! The graph is random but fixed by its seed: node kinds cycle through agencies,
//! mechanisms, offices, funds and events, and each edge takes the first kind (after a
//! random start) that may join its two ends, so every generated data set is valid.

use std::collections::HashSet;

use agencygraph::{Dataset, Edge, EdgeKind, Node, NodeKind, Source};

// Relative to this file, wherever it is included from.
#[path = "random.rs"]
mod random;
use random::Random;

const KINDS: [NodeKind; 5] = [
    NodeKind::UnEntity,
    NodeKind::Mechanism,
    NodeKind::Office,
    NodeKind::Fund,
    NodeKind::Event,
];

/// A valid data set of `nodes` nodes and `edges` edges (fewer if the nodes cannot hold
/// that many distinct relations), the same for the same `seed`.
pub fn dataset(nodes: usize, edges: usize, seed: u64) -> Dataset {
    let mut random = Random(seed.max(1));
    let nodes: Vec<Node> = (0..nodes)
        .map(|i| {
            Node::new(
                format!("N-{i}"),
                KINDS[i % KINDS.len()],
                format!("Synthetic entity {i}"),
            )
            .alias(format!("SE{i}"))
        })
        .collect();
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(edges);
    // Give up after many misses rather than loop forever on a graph too small to hold
    // `edges` distinct relations.
    let mut misses = 0;
    while out.len() < edges && !nodes.is_empty() && misses < edges.max(1000) * 10 {
        let (a, b) = (random.below(nodes.len()), random.below(nodes.len()));
        let start = random.below(EdgeKind::ALL.len());
        let kind = (0..EdgeKind::ALL.len())
            .map(|k| EdgeKind::ALL[(start + k) % EdgeKind::ALL.len()])
            .find(|kind| !kind.is_symmetric() && kind.allows(nodes[a].kind, nodes[b].kind));
        let Some(kind) = kind.filter(|_| a != b && seen.insert((a, kind, b))) else {
            misses += 1;
            continue;
        };
        let number = out.len();
        out.push(
            Edge::new(nodes[a].id.clone(), kind, nodes[b].id.clone()).evidence(
                "synthetic",
                format!("Statement {number} of the synthetic source."),
            ),
        );
    }
    Dataset {
        sources: vec![Source::new("synthetic", "A synthetic source")],
        nodes,
        edges: out,
    }
}

#[cfg(test)]
mod tests {
    // Run by `cargo test` through the `synthetic` example (`test = true` in Cargo.toml).
    #[test]
    fn generated_data_sets_are_valid_and_of_the_size_asked() {
        let dataset = super::dataset(100, 1_000, 7);
        let graph = agencygraph::Graph::from_dataset(dataset).unwrap();
        assert_eq!((graph.node_count(), graph.edge_count()), (100, 1_000));
    }
}
