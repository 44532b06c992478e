//! A plain in-memory property graph: any labels (several per node), types and
//! properties, self-loops and parallel relationships.
//!
//! ```
//! use agencygraph::cypher::eval::{Options, Params, Query};
//! use agencygraph::cypher::memory::MemoryGraph;
//!
//! let mut graph = MemoryGraph::new();
//! let alice = graph.add_node(&["Person"], &[("name", "Alice".into())]);
//! let bob = graph.add_node(&["Person"], &[("name", "Bob".into())]);
//! graph.add_relationship(alice, "KNOWS", bob, &[("since", 2020.into())]);
//!
//! let query = Query::parse("MATCH (a)-[k:KNOWS]->(b) RETURN a.name, k.since, b.name")?;
//! let result = query.run(&graph, &Params::new(), &Options::default())?;
//! assert_eq!(result.rows[0][0].to_string(), "Alice");
//! # Ok::<(), agencygraph::cypher::eval::QueryError>(())
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::graph::{Direction, PropertyGraph, TypeCount};
use super::value::{NodeId, RelId, Value};

#[derive(Debug, Clone, Default)]
struct NodeData {
    labels: Vec<String>,
    properties: BTreeMap<String, Value>,
    outgoing: Vec<RelId>,
    incoming: Vec<RelId>,
}

#[derive(Debug, Clone)]
struct RelData {
    rel_type: String,
    start: NodeId,
    end: NodeId,
    properties: BTreeMap<String, Value>,
}

/// A property graph held in memory, built with [`add_node`](MemoryGraph::add_node)
/// and [`add_relationship`](MemoryGraph::add_relationship). It keeps no property
/// index, so queries start from labels or scans.
#[derive(Debug, Clone, Default)]
pub struct MemoryGraph {
    nodes: Vec<NodeData>,
    relationships: Vec<RelData>,
    by_label: HashMap<String, Vec<NodeId>>,
    /// Per type, how many relationships have it and the first of them.
    types: BTreeMap<String, TypeCount>,
    keys: BTreeSet<String>,
}

impl MemoryGraph {
    /// An empty graph.
    pub fn new() -> MemoryGraph {
        MemoryGraph::default()
    }

    /// Adds a node with `labels` (duplicates are kept once) and `properties` (a `null`
    /// value means the property is absent, as in Cypher).
    pub fn add_node(&mut self, labels: &[&str], properties: &[(&str, Value)]) -> NodeId {
        let id = NodeId(self.nodes.len() as u64);
        let mut own: Vec<String> = Vec::new();
        for label in labels {
            if !own.iter().any(|l| l == label) {
                own.push(label.to_string());
                self.by_label.entry(label.to_string()).or_default().push(id);
            }
        }
        let properties = self.properties(properties);
        self.nodes.push(NodeData {
            labels: own,
            properties,
            ..NodeData::default()
        });
        id
    }

    /// Adds a relationship `from -[rel_type]-> to`. Ends the graph does not have are
    /// refused with `None`.
    pub fn add_relationship(
        &mut self,
        from: NodeId,
        rel_type: &str,
        to: NodeId,
        properties: &[(&str, Value)],
    ) -> Option<RelId> {
        let id = RelId(self.relationships.len() as u64);
        // Both ends first: a refused relationship must leave no trace, not even its keys.
        self.node_mut(to)?;
        self.node_mut(from)?.outgoing.push(id);
        let properties = self.properties(properties);
        self.node_mut(to)?.incoming.push(id);
        let count = self.types.entry(rel_type.to_string()).or_insert(TypeCount {
            count: 0,
            example: Some(id),
        });
        count.count += 1;
        self.relationships.push(RelData {
            rel_type: rel_type.to_string(),
            start: from,
            end: to,
            properties,
        });
        Some(id)
    }

    /// How many relationships there are.
    pub fn relationship_count(&self) -> usize {
        self.relationships.len()
    }

    fn properties(&mut self, properties: &[(&str, Value)]) -> BTreeMap<String, Value> {
        let mut map = BTreeMap::new();
        for (key, value) in properties {
            if !value.is_null() {
                self.keys.insert(key.to_string());
                map.insert(key.to_string(), value.clone());
            }
        }
        map
    }

    fn node(&self, id: NodeId) -> Option<&NodeData> {
        self.nodes.get(usize::try_from(id.0).ok()?)
    }

    fn node_mut(&mut self, id: NodeId) -> Option<&mut NodeData> {
        self.nodes.get_mut(usize::try_from(id.0).ok()?)
    }

    fn rel(&self, id: RelId) -> Option<&RelData> {
        self.relationships.get(usize::try_from(id.0).ok()?)
    }
}

impl PropertyGraph for MemoryGraph {
    fn node_count(&self) -> usize {
        self.nodes.len()
    }

    fn nodes(&self) -> Box<dyn Iterator<Item = NodeId> + '_> {
        Box::new((0..self.nodes.len() as u64).map(NodeId))
    }

    fn nodes_with_label(&self, label: &str) -> Box<dyn Iterator<Item = NodeId> + '_> {
        match self.by_label.get(label) {
            Some(nodes) => Box::new(nodes.iter().copied()),
            None => Box::new(std::iter::empty()),
        }
    }

    fn label_size(&self, label: &str) -> usize {
        self.by_label.get(label).map_or(0, Vec::len)
    }

    fn indexed_lookup(&self, _key: &str, _value: &Value) -> Option<Vec<NodeId>> {
        None
    }

    fn labels(&self, node: NodeId) -> Vec<String> {
        self.node(node).map_or_else(Vec::new, |n| n.labels.clone())
    }

    fn has_label(&self, node: NodeId, label: &str) -> bool {
        self.node(node)
            .is_some_and(|n| n.labels.iter().any(|l| l == label))
    }

    fn node_property(&self, node: NodeId, key: &str) -> Value {
        self.node(node)
            .and_then(|n| n.properties.get(key).cloned())
            .unwrap_or(Value::Null)
    }

    fn node_properties(&self, node: NodeId) -> BTreeMap<String, Value> {
        self.node(node)
            .map_or_else(BTreeMap::new, |n| n.properties.clone())
    }

    fn relationships(
        &self,
        node: NodeId,
        direction: Direction,
        types: &[String],
    ) -> Box<dyn Iterator<Item = (RelId, NodeId)> + '_> {
        let Some(data) = self.node(node) else {
            return Box::new(std::iter::empty());
        };
        let wanted = |rel: &RelData| types.is_empty() || types.contains(&rel.rel_type);
        let mut found = Vec::new();
        if direction != Direction::Incoming {
            for &id in &data.outgoing {
                if let Some(rel) = self.rel(id).filter(|rel| wanted(rel)) {
                    found.push((id, rel.end));
                }
            }
        }
        if direction != Direction::Outgoing {
            for &id in &data.incoming {
                if let Some(rel) = self.rel(id).filter(|rel| wanted(rel)) {
                    // A self-loop was already reported among the outgoing ones.
                    if direction == Direction::Both && rel.start == rel.end {
                        continue;
                    }
                    found.push((id, rel.start));
                }
            }
        }
        Box::new(found.into_iter())
    }

    fn all_relationships(
        &self,
        types: &[String],
    ) -> Option<Box<dyn Iterator<Item = (RelId, NodeId, NodeId)> + '_>> {
        let types = types.to_vec();
        Some(Box::new(
            self.relationships
                .iter()
                .enumerate()
                .filter(move |(_, rel)| types.is_empty() || types.contains(&rel.rel_type))
                .map(|(i, rel)| (RelId(i as u64), rel.start, rel.end)),
        ))
    }

    fn relationship_type(&self, rel: RelId) -> String {
        self.rel(rel)
            .map_or_else(String::new, |r| r.rel_type.clone())
    }

    fn endpoints(&self, rel: RelId) -> (NodeId, NodeId) {
        self.rel(rel)
            .map_or((NodeId(u64::MAX), NodeId(u64::MAX)), |r| (r.start, r.end))
    }

    fn relationship_property(&self, rel: RelId, key: &str) -> Value {
        self.rel(rel)
            .and_then(|r| r.properties.get(key).cloned())
            .unwrap_or(Value::Null)
    }

    fn relationship_properties(&self, rel: RelId) -> BTreeMap<String, Value> {
        self.rel(rel)
            .map_or_else(BTreeMap::new, |r| r.properties.clone())
    }

    fn label_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.by_label.keys().cloned().collect();
        names.sort();
        names
    }

    fn type_names(&self) -> Vec<String> {
        self.types.keys().cloned().collect()
    }

    fn type_count(&self, rel_type: &str) -> Option<TypeCount> {
        Some(self.types.get(rel_type).copied().unwrap_or(TypeCount {
            count: 0,
            example: None,
        }))
    }

    fn property_keys(&self) -> Vec<String> {
        self.keys.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_loops_are_reported_once_both_ways() {
        let mut graph = MemoryGraph::new();
        let a = graph.add_node(&["A", "A", "B"], &[("x", 1.into()), ("y", Value::Null)]);
        let b = graph.add_node(&[], &[]);
        let looped = graph.add_relationship(a, "LOOP", a, &[]);
        let out = graph.add_relationship(a, "T", b, &[]);
        assert!(graph.add_relationship(a, "T", NodeId(9), &[]).is_none());
        assert_eq!(graph.labels(a), ["A", "B"]);
        assert_eq!(graph.node_properties(a).len(), 1);
        let both: Vec<_> = graph.relationships(a, Direction::Both, &[]).collect();
        assert_eq!(both.len(), 2);
        let incoming: Vec<_> = graph.relationships(a, Direction::Incoming, &[]).collect();
        assert_eq!(incoming, [(looped.unwrap(), a)]);
        let typed: Vec<_> = graph
            .relationships(a, Direction::Outgoing, &["T".to_string()])
            .collect();
        assert_eq!(typed, [(out.unwrap(), b)]);
        assert_eq!(
            graph.relationships(NodeId(7), Direction::Both, &[]).count(),
            0
        );
        assert_eq!(graph.node_property(NodeId(7), "x"), Value::Null);
        assert_eq!(graph.label_size("A"), 1);
        assert_eq!(graph.property_keys(), ["x"]);
        assert!(!graph.has_index("x"));
    }
}
