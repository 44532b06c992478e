//! A compact copy of the graph's structure for traversals: every node's relationships
//! in one contiguous slice per direction, every edge's kind and ends in flat arrays,
//! and a count per edge kind.
//!
//! petgraph keeps each node's edges as a linked list threaded through the edge
//! records, which hold the whole [`Edge`] (names, evidence, dates): following a list
//! or reading an edge's kind touches a cache line per edge, scattered over hundreds of
//! megabytes on a large graph. Queries walk the graph far more often than it changes,
//! so [`Graph`](super::Graph) builds this once, on first use, and drops it on any
//! change.

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};

use super::edges::EdgeRecord;
use crate::model::EdgeKind;

/// One relationship as seen from one of its ends.
///
/// Packed: nine bytes instead of twelve, two links an edge (six bytes an edge, a
/// twentieth of a loaded graph). Its fields are read by value, never borrowed, and an
/// unaligned read costs nothing measurable here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed)]
pub(crate) struct Link {
    /// The relationship.
    pub edge: EdgeIndex,
    /// The node at its other end.
    pub other: NodeIndex,
    /// Its kind, so filtering by kind reads nothing else.
    pub kind: EdgeKind,
}

/// How many edges one kind has, and the first of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct KindCount {
    /// The number of edges of the kind.
    pub count: usize,
    /// The first edge of the kind, in storage order.
    pub first: Option<EdgeIndex>,
}

/// Each node's outgoing and incoming relationships in edge order, as compressed rows:
/// node `n`'s outgoing links are `outgoing[out_starts[n]..out_starts[n + 1]]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Adjacency {
    /// `u32`, as petgraph's edge indices are.
    out_starts: Vec<u32>,
    outgoing: Vec<Link>,
    in_starts: Vec<u32>,
    incoming: Vec<Link>,
    kinds: Vec<KindCount>,
}

impl Adjacency {
    /// Builds the index of `graph` in two passes over its edges: count, then place.
    pub(crate) fn new(graph: &StableDiGraph<(), EdgeRecord>) -> Adjacency {
        let nodes = graph.node_bound();
        let mut out_starts = vec![0; nodes + 1];
        let mut in_starts = vec![0; nodes + 1];
        let mut kinds = vec![KindCount::default(); EdgeKind::ALL.len()];
        for edge in graph.edge_references() {
            let (source, target, kind) = (edge.source(), edge.target(), edge.weight().kind);
            out_starts[source.index() + 1] += 1;
            in_starts[target.index() + 1] += 1;
            let count = &mut kinds[kind as usize];
            count.count += 1;
            count.first = count.first.or(Some(edge.id()));
        }
        for i in 1..=nodes {
            out_starts[i] += out_starts[i - 1];
            in_starts[i] += in_starts[i - 1];
        }
        let placeholder = Link {
            edge: EdgeIndex::end(),
            other: NodeIndex::end(),
            kind: EdgeKind::ALL[0],
        };
        let mut outgoing = vec![placeholder; graph.edge_count()];
        let mut incoming = vec![placeholder; graph.edge_count()];
        // Where the next link of each node goes; edges are visited in index order, so
        // each node's links end up in the order the edges were added.
        let mut out_next = out_starts.clone();
        let mut in_next = in_starts.clone();
        for entry in graph.edge_references() {
            let (edge, kind) = (entry.id(), entry.weight().kind);
            let (source, target) = (entry.source(), entry.target());
            outgoing[out_next[source.index()] as usize] = Link {
                edge,
                other: target,
                kind,
            };
            out_next[source.index()] += 1;
            incoming[in_next[target.index()] as usize] = Link {
                edge,
                other: source,
                kind,
            };
            in_next[target.index()] += 1;
        }
        Adjacency {
            out_starts,
            outgoing,
            in_starts,
            incoming,
            kinds,
        }
    }

    /// The relationships leaving `node` (none for an unknown node).
    pub(crate) fn outgoing(&self, node: NodeIndex) -> &[Link] {
        links(&self.out_starts, &self.outgoing, node)
    }

    /// The relationships arriving at `node`.
    pub(crate) fn incoming(&self, node: NodeIndex) -> &[Link] {
        links(&self.in_starts, &self.incoming, node)
    }

    /// How many edges `kind` has, and its first.
    pub(crate) fn kind_count(&self, kind: EdgeKind) -> KindCount {
        self.kinds.get(kind as usize).copied().unwrap_or_default()
    }
}

fn links<'a>(starts: &[u32], links: &'a [Link], node: NodeIndex) -> &'a [Link] {
    let i = node.index();
    match (starts.get(i), starts.get(i + 1)) {
        (Some(&start), Some(&end)) => links.get(start as usize..end as usize).unwrap_or_default(),
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edge;
    /// The record of an edge: only its kind matters here.
    fn edge(from: &str, kind: EdgeKind, to: &str) -> EdgeRecord {
        crate::graph::edges::Arena::default().record(Edge::new(from, kind, to), |_| None)
    }

    #[test]
    fn every_edge_is_listed_once_at_each_end_in_edge_order() {
        let mut graph = StableDiGraph::new();
        let a = graph.add_node(());
        let b = graph.add_node(());
        let c = graph.add_node(());
        let ab = graph.add_edge(a, b, edge("A", EdgeKind::Chairs, "B"));
        let ac = graph.add_edge(a, c, edge("A", EdgeKind::Funds, "C"));
        let cc = graph.add_edge(c, c, edge("C", EdgeKind::Supports, "C"));
        let ba = graph.add_edge(b, a, edge("B", EdgeKind::Chairs, "A"));
        let index = Adjacency::new(&graph);

        let out: Vec<_> = index
            .outgoing(a)
            .iter()
            .map(|l| (l.edge, l.other))
            .collect();
        assert_eq!(out, [(ab, b), (ac, c)]);
        let into: Vec<_> = index
            .incoming(a)
            .iter()
            .map(|l| (l.edge, l.other))
            .collect();
        assert_eq!(into, [(ba, b)]);
        // A self-loop leaves and arrives at the same node.
        assert_eq!({ index.outgoing(c)[0].edge }, cc);
        assert_eq!(index.incoming(c).len(), 2);
        assert_eq!(index.outgoing(NodeIndex::new(7)), &[]);

        assert_eq!({ index.outgoing(a)[1].kind }, EdgeKind::Funds);
        assert_eq!(
            index.kind_count(EdgeKind::Chairs),
            KindCount {
                count: 2,
                first: Some(ab)
            }
        );
        assert_eq!(index.kind_count(EdgeKind::PartOf), KindCount::default());
    }
}
