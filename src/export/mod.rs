//! Exports: choosing a part of the graph ([`Selection`] → [`Subgraph`]) and writing it
//! as JSON ([`write_json`]), as Graphviz DOT ([`write_dot`]) or as a laid-out SVG picture
//! ([`render_svg`]).

mod dot;
mod emphasis;
pub mod html;
#[cfg(feature = "pictures")]
pub mod picture;
mod render;

// The interchange formats (issue 13): one module per format, each writing a Subgraph.
pub mod csv;
pub mod cypher_script;
pub mod gexf;
pub mod graphml;
pub mod jsonl;
pub mod mermaid;
pub mod neo4j;
pub(crate) mod text;
pub mod turtle;
pub use text::relationship_type;

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::io::{self, Write};

use serde::Serialize;

pub use dot::{DotStyle, EdgeLook, RankDir, edge_look, node_fill, write_dot, write_dot_emphasised};
pub use emphasis::{Colouring, Emphasis, community_fill};
pub use render::{BUILTIN_MAX_EDGES, Engine, RenderError, render_svg};

use crate::cypher::eval::{QueryResult, ResultValue};
use crate::graph::{EdgeRef, Graph};
use crate::json::{EdgeJson, NodeJson};
use crate::model::{EdgeKind, Node, NodeKind, Source, Years};

/// Which part of a graph to export. The default is the whole graph; set the fields
/// that narrow it (new ones may come, so it is built from [`Selection::default`] or
/// [`Selection::around`]).
///
/// ```
/// use agencygraph::export::Selection;
/// use agencygraph::EdgeKind;
///
/// let graph = agencygraph::Graph::bundled();
/// let mut chairs = Selection::around("IASC", 1);
/// chairs.edge_kinds = Some(vec![EdgeKind::Chairs]);
/// let drawn = graph.subgraph(&chairs);
/// assert!(drawn.edges.iter().all(|e| e.kind() == EdgeKind::Chairs && e.to() == "IASC"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Selection {
    /// Ids to centre on; empty for the whole graph.
    pub focus: Vec<String>,
    /// With a focus, how many relations away from it to go.
    pub depth: usize,
    /// Only relations of these kinds.
    pub edge_kinds: Option<Vec<EdgeKind>>,
    /// Only nodes of these kinds (focus nodes are always kept).
    pub node_kinds: Option<Vec<NodeKind>>,
    /// Only relations that hold in this year; undated ones are kept. When set, it
    /// stands for `years` bounds of just this year.
    pub at: Option<i32>,
    /// Only relations that hold in some of these years.
    pub years: Years,
}

impl Selection {
    /// The nodes within `depth` relations of the node with id `focus`.
    pub fn around(focus: impl Into<String>, depth: usize) -> Selection {
        Selection {
            focus: vec![focus.into()],
            depth,
            ..Selection::default()
        }
    }

    /// Whether an edge is of a kind and a time the selection keeps (its ends aside).
    fn keeps_edge(&self, edge: EdgeRef<'_>) -> bool {
        self.edge_kinds
            .as_ref()
            .is_none_or(|k| k.contains(&edge.kind()))
            && self.years.or_at(self.at).admits(&edge).is_some()
    }

    /// Whether a node is of a kind the selection keeps, or one of its focus.
    fn keeps_node(&self, node: &Node) -> bool {
        self.node_kinds
            .as_ref()
            .is_none_or(|k| k.contains(&node.kind))
            || self.focus.contains(&node.id)
    }
}

/// A selected part of a graph: nodes sorted by id, edges by subject, kind and object,
/// and the sources the edges quote. Everything an export writes, in the order it writes it.
#[derive(Debug, Clone)]
pub struct Subgraph<'g> {
    /// The nodes.
    pub nodes: Vec<&'g Node>,
    /// The edges, each between two of the nodes.
    pub edges: Vec<EdgeRef<'g>>,
    /// The sources the edges' evidence names.
    pub sources: Vec<&'g Source>,
}

impl<'g> Subgraph<'g> {
    /// A subgraph of `graph` holding `nodes` and `edges` (in any order, duplicates
    /// allowed), sorted, with the sources the edges quote.
    pub fn new(
        graph: &'g Graph,
        nodes: impl IntoIterator<Item = &'g Node>,
        edges: impl IntoIterator<Item = EdgeRef<'g>>,
    ) -> Subgraph<'g> {
        let mut nodes: Vec<&Node> = nodes.into_iter().collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes.dedup_by(|a, b| a.id == b.id);
        let mut edges: Vec<EdgeRef<'g>> = edges.into_iter().collect();
        let key = |e: &EdgeRef<'g>| (e.from(), e.kind(), e.to());
        edges.sort_by(|a, b| key(a).cmp(&key(b)));
        edges.dedup_by(|a, b| key(a) == key(b));
        let quoted: BTreeSet<&str> = edges
            .iter()
            .flat_map(|e| e.evidence().map(|ev| ev.source()))
            .collect();
        let sources = quoted
            .into_iter()
            .filter_map(|id| graph.source(id))
            .collect();
        Subgraph {
            nodes,
            edges,
            sources,
        }
    }
}

impl<'g> Subgraph<'g> {
    /// The nodes and relationships a query's answer mentions (in any cell, list, map or
    /// path), with the ends of each relationship, so no line is drawn to nowhere.
    ///
    /// ```
    /// use agencygraph::cypher::eval::Params;
    /// use agencygraph::export::Subgraph;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let answer = graph.query("MATCH (a)-[r:SECRETARIAT_OF]->({id: 'ICAT'}) RETURN r", &Params::new())?;
    /// let drawn = Subgraph::of_answer(&graph, &answer);
    /// let ids: Vec<&str> = drawn.nodes.iter().map(|n| n.id.as_str()).collect();
    /// assert_eq!(ids, ["ICAT", "UNODC"]);
    /// assert_eq!(drawn.edges.len(), 1);
    /// # Ok::<(), agencygraph::cypher::eval::QueryError>(())
    /// ```
    pub fn of_answer(graph: &'g Graph, answer: &QueryResult) -> Subgraph<'g> {
        let mut nodes = BTreeSet::new();
        let mut relationships = BTreeSet::new();
        for value in answer.rows.iter().flatten() {
            collect_elements(value, &mut nodes, &mut relationships);
        }
        let edges: Vec<EdgeRef<'g>> = relationships
            .iter()
            .filter_map(|&number| graph.edge_by_number(number))
            .collect();
        let ends: Vec<&Node> = edges
            .iter()
            .flat_map(|edge| [edge.from_node(), edge.to_node()])
            .collect();
        let nodes = nodes
            .iter()
            .filter_map(|&number| graph.node_by_number(number))
            .chain(ends);
        Subgraph::new(graph, nodes, edges)
    }
}

/// Gathers the numbers of the nodes and relationships in `value`, however nested.
fn collect_elements(
    value: &ResultValue,
    nodes: &mut BTreeSet<u64>,
    relationships: &mut BTreeSet<u64>,
) {
    match value {
        ResultValue::Node { id, .. } => {
            nodes.insert(*id);
        }
        ResultValue::Relationship { id, .. } => {
            relationships.insert(*id);
        }
        ResultValue::Path {
            nodes: path_nodes,
            relationships: path_relationships,
        } => {
            for item in path_nodes.iter().chain(path_relationships) {
                collect_elements(item, nodes, relationships);
            }
        }
        ResultValue::List(items) => {
            for item in items {
                collect_elements(item, nodes, relationships);
            }
        }
        ResultValue::Map(map) => {
            for item in map.values() {
                collect_elements(item, nodes, relationships);
            }
        }
        _ => {}
    }
}

/// `text` as character data in HTML or XML: `&`, `<`, `>`, `"` and `'` escaped, control
/// characters (which XML forbids) as spaces.
pub(crate) fn escape_markup(text: &str) -> String {
    escape_chars(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    })
}

/// `text` with each character that `replacement` names written as it says, other
/// control characters as spaces (neither XML nor a DOT string takes them raw), and
/// the rest as they are: the loop the markup and DOT escapers share.
pub(crate) fn escape_chars(
    text: &str,
    replacement: impl Fn(char) -> Option<&'static str>,
) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match replacement(c) {
            Some(replaced) => out.push_str(replaced),
            None if c.is_control() => out.push(' '),
            None => out.push(c),
        }
    }
    out
}

impl<'g> Subgraph<'g> {
    /// The subgraph without its nodes that no edge touches, but for those in `keep`
    /// (such as the focus): after filtering relations by kind, the entities left with
    /// none only clutter a picture.
    ///
    /// ```
    /// use agencygraph::export::Selection;
    /// use agencygraph::EdgeKind;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let mut chairs = Selection::default();
    /// chairs.edge_kinds = Some(vec![EdgeKind::Chairs]);
    /// let drawn = graph.subgraph(&chairs).without_isolated(&[]);
    /// let ids: Vec<&str> = drawn.nodes.iter().map(|n| n.id.as_str()).collect();
    /// assert_eq!(ids, ["IACG-MA", "UNMAS"]); // graph/office.ron: UNMAS chairs IACG-MA
    /// ```
    pub fn without_isolated(mut self, keep: &[String]) -> Subgraph<'g> {
        let touched: HashSet<&str> = self.edges.iter().flat_map(|e| [e.from(), e.to()]).collect();
        self.nodes
            .retain(|n| touched.contains(n.id.as_str()) || keep.contains(&n.id));
        self
    }
}

impl Graph {
    /// The part of the graph a selection picks: with a focus, the nodes within
    /// `depth` relations of it and every kept relation among them; without, every kept
    /// node and relation.
    ///
    /// ```
    /// use agencygraph::export::Selection;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let icat = graph.subgraph(&Selection::around("ICAT", 1));
    /// let ids: Vec<&str> = icat.nodes.iter().map(|n| n.id.as_str()).collect();
    /// assert_eq!(ids, ["GENERAL-ASSEMBLY", "ICAT", "ICAT-BRIEF-GENDER-2019", "ICAT-SUBMISSION-CEDAW", "UNODC"]);
    /// ```
    pub fn subgraph(&self, selection: &Selection) -> Subgraph<'_> {
        let (kept, edges) = self.selected(selection);
        let ids: HashSet<&str> = kept.iter().map(|n| n.id.as_str()).collect();
        let edges = edges.filter(|e| ids.contains(e.from()) && ids.contains(e.to()));
        Subgraph::new(self, kept, edges)
    }

    /// The nodes a selection keeps, in no order, and the relations of the kinds and
    /// times it keeps, whatever their ends: what a subgraph sorts and keeps only
    /// between its nodes, and what an analysis network links by number.
    pub(crate) fn selected<'g>(
        &'g self,
        selection: &Selection,
    ) -> (Vec<&'g Node>, impl Iterator<Item = EdgeRef<'g>>) {
        let kept = if selection.focus.is_empty() {
            self.nodes().filter(|n| selection.keeps_node(n)).collect()
        } else {
            self.neighbourhood(selection)
        };
        (kept, self.edges().filter(|&e| selection.keeps_edge(e)))
    }

    fn neighbourhood(&self, selection: &Selection) -> Vec<&Node> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut queue: VecDeque<(&Node, usize)> = VecDeque::new();
        for id in &selection.focus {
            if let Some(node) = self.node(id)
                && seen.insert(&node.id)
            {
                queue.push_back((node, 0));
            }
        }
        let mut kept = Vec::new();
        while let Some((node, distance)) = queue.pop_front() {
            kept.push(node);
            if distance == selection.depth {
                continue;
            }
            for relation in self.relations(&node.id) {
                if selection.keeps_edge(relation.edge)
                    && selection.keeps_node(relation.other)
                    && seen.insert(&relation.other.id)
                {
                    queue.push_back((relation.other, distance + 1));
                }
            }
        }
        kept
    }
}

/// The JSON document of a subgraph, serialized item by item as it is written.
struct SubgraphJson<'a>(&'a Subgraph<'a>);

impl Serialize for SubgraphJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        /// A sequence serialized from an iterator, never collected.
        struct Items<F>(F);
        impl<F: Fn() -> I, I: Iterator<Item = T>, T: Serialize> Serialize for Items<F> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq((self.0)())
            }
        }

        let subgraph = self.0;
        let mut document = serializer.serialize_struct("Subgraph", 5)?;
        document.serialize_field(
            "nodes",
            &Items(|| subgraph.nodes.iter().map(|n| NodeJson::from(*n))),
        )?;
        document.serialize_field(
            "edges",
            &Items(|| subgraph.edges.iter().map(|e| EdgeJson::from(*e))),
        )?;
        document.serialize_field("sources", &subgraph.sources)?;
        // networkx's `node_link_graph` reads these two, and would otherwise take the
        // graph for undirected.
        document.serialize_field("directed", &true)?;
        document.serialize_field("multigraph", &true)?;
        document.end()
    }
}

/// Writes a subgraph as one JSON document: `{"nodes": [...], "edges": [...],
/// "sources": [...], "directed": true, "multigraph": true}`, in the shapes of
/// [`crate::json`], pretty-printed, ending in a newline. It streams: nothing but the
/// subgraph is held while it writes.
///
/// This is networkx's node-link shape with agencygraph's names for an edge's ends, so
/// networkx reads it as a `MultiDiGraph` whose nodes and edges keep every field:
///
/// ```python
/// import json, networkx as nx
/// graph = nx.node_link_graph(json.load(open("graph.json")), edges="edges", source="from", target="to")
/// ```
///
/// ```
/// use agencygraph::export::{Selection, write_json};
///
/// let graph = agencygraph::Graph::bundled();
/// let mut out = Vec::new();
/// write_json(&graph.subgraph(&Selection::around("ICAT", 0)), &mut out)?;
/// let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(value["nodes"][0]["kind"], "mechanism");
/// assert_eq!(value["directed"], true);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_json(subgraph: &Subgraph<'_>, mut out: impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, &SubgraphJson(subgraph))?;
    writeln!(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A graph whose names and quotes hold everything an export must escape.
    pub(crate) fn hostile_graph() -> Graph {
        Graph::from_ron_str(include_str!("../../tests/fixtures/hostile.ron"))
            .expect("a valid graph")
    }

    #[test]
    fn selections() {
        let graph = Graph::bundled();
        let whole = graph.subgraph(&Selection::default());
        assert_eq!(
            (whole.nodes.len(), whole.edges.len()),
            (graph.node_count(), graph.edge_count())
        );
        assert_eq!(whole.sources.len(), 1);

        let funds = graph.subgraph(&Selection {
            node_kinds: Some(vec![NodeKind::Fund]),
            ..Selection::default()
        });
        assert_eq!(funds.nodes.len(), 4);
        // Only relations among funds: the Action fund's projects are a project.
        assert!(funds.edges.is_empty());

        let money = graph.subgraph(&Selection {
            focus: vec!["SPOTLIGHT".into()],
            depth: 1,
            edge_kinds: Some(vec![EdgeKind::Funds]),
            ..Selection::default()
        });
        let ids: Vec<&str> = money.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["EU", "SPOTLIGHT"]);
        assert_eq!(money.edges.len(), 1);

        // 2019: the 2018 commemoration's dated relations drop out, undated ones stay.
        let in_2019 = graph.subgraph(&Selection {
            focus: vec!["ESCAP".into()],
            depth: 1,
            at: Some(2019),
            ..Selection::default()
        });
        let ids: Vec<&str> = in_2019.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["ESCAP", "TWG-GEEW"]);
    }
}
