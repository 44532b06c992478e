//! The property-graph interface queries run over.
//!
//! The evaluator sees a graph only through [`PropertyGraph`]: nodes with labels and
//! properties, relationships with one type, two ends and properties. The agency graph
//! implements it (`cypher::agency`), and so does the plain in-memory
//! [`MemoryGraph`](super::memory::MemoryGraph) used by the tests and by library users
//! who want to try queries on their own data.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::value::{NodeId, RelId, Value};

/// Which relationships of a node to follow, seen from the node; in a pattern
/// ([`ast::RelationshipPattern`](super::ast::RelationshipPattern)), seen from the node
/// on the left of the arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Relationships that start at the node: `(node)-->()`.
    Outgoing,
    /// Relationships that end at the node: `(node)<--()`.
    Incoming,
    /// Both: `(node)--()`; a relationship from the node to itself is reported once.
    Both,
}

impl Direction {
    /// The same relationships seen from their other end.
    pub fn reverse(self) -> Direction {
        match self {
            Direction::Outgoing => Direction::Incoming,
            Direction::Incoming => Direction::Outgoing,
            Direction::Both => Direction::Both,
        }
    }
}

/// What a count store knows of one relationship type: see
/// [`PropertyGraph::type_count`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeCount {
    /// How many relationships have the type.
    pub count: usize,
    /// One of them; `None` exactly when `count` is 0.
    pub example: Option<RelId>,
}

/// The relationships at a node, each with the node at its other end: one hop each, as
/// [`PropertyGraph::relationships`] lists them.
pub type Hops<'g> = Box<dyn Iterator<Item = (RelId, NodeId)> + 'g>;

/// A read-only property graph.
///
/// Node and relationship numbers are the graph's own; they must stay valid for as
/// long as the graph is borrowed. Methods that list nodes or relationships list each
/// once (the evaluator groups the rows of a node scan without looking them up). Methods given a number the graph does not have
/// answer as if the element had no labels, properties or relationships (they must
/// not panic).
pub trait PropertyGraph {
    /// How many nodes there are.
    fn node_count(&self) -> usize;

    /// Every node.
    fn nodes(&self) -> Box<dyn Iterator<Item = NodeId> + '_>;

    /// The nodes carrying `label`.
    fn nodes_with_label(&self, label: &str) -> Box<dyn Iterator<Item = NodeId> + '_>;

    /// How many nodes carry `label`: the planner starts from the rarest label.
    fn label_size(&self, label: &str) -> usize;

    /// The nodes whose property `key` equals `value`, when the graph keeps an index on
    /// `key`; `None` when it does not (the planner then looks elsewhere).
    fn indexed_lookup(&self, key: &str, value: &Value) -> Option<Vec<NodeId>>;

    /// Whether [`indexed_lookup`](Self::indexed_lookup) answers for `key`.
    fn has_index(&self, key: &str) -> bool {
        self.indexed_lookup(key, &Value::Null).is_some()
    }

    /// The labels of `node`.
    fn labels(&self, node: NodeId) -> Vec<String>;

    /// Whether `node` carries `label`.
    fn has_label(&self, node: NodeId, label: &str) -> bool {
        self.labels(node).iter().any(|own| own == label)
    }

    /// The property `key` of `node`; [`Value::Null`] when absent.
    fn node_property(&self, node: NodeId, key: &str) -> Value;

    /// Property `key` of `node` when it is a string, `None` otherwise. Graphs that keep
    /// their strings lend them, so that `n.name ENDS WITH '7'` over a scan copies no
    /// string; this default copies it out of [`node_property`](Self::node_property).
    fn node_text(&self, node: NodeId, key: &str) -> Option<Cow<'_, str>> {
        match self.node_property(node, key) {
            Value::String(text) => Some(Cow::Owned(text)),
            _ => None,
        }
    }

    /// Every property of `node`.
    fn node_properties(&self, node: NodeId) -> BTreeMap<String, Value>;

    /// The relationships of `node` in `direction` whose type is one of `types` (any
    /// type when `types` is empty), each with the node at its other end. With
    /// [`Direction::Both`] a relationship from the node to itself is reported once.
    fn relationships(&self, node: NodeId, direction: Direction, types: &[String]) -> Hops<'_>;

    /// Every relationship whose type is one of `types` (any type when empty), with its
    /// start and end nodes, when the graph can list them more cheaply than node by
    /// node (the planner then scans relationships for patterns that have no better
    /// start); `None` when it cannot.
    fn all_relationships(
        &self,
        _types: &[String],
    ) -> Option<Box<dyn Iterator<Item = (RelId, NodeId, NodeId)> + '_>> {
        None
    }

    /// How many relationships [`relationships`](Self::relationships) would list: the
    /// evaluator asks this instead of listing them when it only needs the count, as
    /// for `MATCH (n)<--() RETURN n, count(*)`. Graphs that keep degrees answer
    /// without listing.
    fn degree(&self, node: NodeId, direction: Direction, types: &[String]) -> usize {
        self.relationships(node, direction, types).count()
    }

    /// How many relationships have type `rel_type`, and one of them, when the graph
    /// keeps such counts (a count store); `None` when it does not. With it,
    /// `MATCH ()-[r]->() RETURN type(r), count(*)` reads one count per type instead of
    /// every relationship.
    fn type_count(&self, _rel_type: &str) -> Option<TypeCount> {
        None
    }

    /// The nodes grouped by their labels (all nodes of a group have the same list of
    /// [`labels`](Self::labels)):
    /// per group one of its nodes and how many there are, leaving out empty groups.
    /// With it, `MATCH (n) RETURN labels(n), count(*)` reads one count per group
    /// instead of a row per node. This default scans every node; graphs that index
    /// nodes by label answer from the index.
    fn label_groups(&self) -> Vec<(NodeId, usize)> {
        let mut groups: BTreeMap<Vec<String>, (NodeId, usize)> = BTreeMap::new();
        for node in self.nodes() {
            groups.entry(self.labels(node)).or_insert((node, 0)).1 += 1;
        }
        groups.into_values().collect()
    }

    /// The type of `rel`.
    fn relationship_type(&self, rel: RelId) -> String;

    /// The `(start, end)` nodes of `rel`.
    fn endpoints(&self, rel: RelId) -> (NodeId, NodeId);

    /// The property `key` of `rel`; [`Value::Null`] when absent.
    fn relationship_property(&self, rel: RelId, key: &str) -> Value;

    /// Every property of `rel`.
    fn relationship_properties(&self, rel: RelId) -> BTreeMap<String, Value>;

    /// Every label the graph knows, for "did you mean" when a query names another.
    fn label_names(&self) -> Vec<String>;

    /// Every relationship type the graph knows.
    fn type_names(&self) -> Vec<String>;

    /// Every property key the graph knows, on nodes or relationships.
    fn property_keys(&self) -> Vec<String>;

    /// The node a person means by `name` (the `resolve()` function); `None` when the
    /// graph has no notion of names or none matches.
    fn resolve_name(&self, _name: &str) -> Option<NodeId> {
        None
    }

    /// The names of the procedures [`PropertyGraph::call_procedure`] runs, for
    /// suggestions when a query names another.
    fn procedure_names(&self) -> Vec<String> {
        Vec::new()
    }

    /// Runs the read-only procedure `name` (`CALL name(args) YIELD ...`) with its
    /// arguments evaluated: its output columns and rows, or a message saying what was
    /// wrong (an unknown name, a bad argument). A graph offers none unless it says so.
    fn call_procedure(&self, name: &str, _args: &[Value]) -> Result<ProcedureOutput, String> {
        Err(format!(
            "unknown procedure `{name}`: this graph offers no procedures"
        ))
    }
}

/// What a procedure answers: named columns, and rows of one value per column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProcedureOutput {
    /// The names `YIELD` picks from.
    pub columns: Vec<String>,
    /// The rows, each as long as `columns`.
    pub rows: Vec<Vec<Value>>,
}
