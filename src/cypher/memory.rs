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

use super::graph::{Direction, Hops, PropertyGraph, TypeCount};
use super::value::{GroupKey, NodeId, RelId, Value};

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
/// and [`add_relationship`](MemoryGraph::add_relationship), or copied from any other
/// graph with [`copy_of`](MemoryGraph::copy_of). It keeps a count per relationship
/// type, and property indexes on the keys given to
/// [`add_index`](MemoryGraph::add_index); without one, queries start from labels
/// or scans.
#[derive(Debug, Clone, Default)]
pub struct MemoryGraph {
    /// By number; `None` for a number a copied graph did not use.
    nodes: Vec<Option<NodeData>>,
    relationships: Vec<Option<RelData>>,
    /// How many numbers are unused.
    node_holes: usize,
    relationship_holes: usize,
    /// Whether `type_count` and `all_relationships` answer (a copy answers as the
    /// original does, so that both are planned alike).
    without_type_counts: bool,
    without_relationship_scan: bool,
    by_label: HashMap<String, Vec<NodeId>>,
    /// Per type, how many relationships have it and the first of them.
    types: BTreeMap<String, TypeCount>,
    keys: BTreeSet<String>,
    /// Per indexed property key, the nodes by their value of it.
    indexes: BTreeMap<String, HashMap<GroupKey, Vec<NodeId>>>,
    /// What `resolve()` answers, by name.
    names: HashMap<String, NodeId>,
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
        for (key, index) in &mut self.indexes {
            if let Some(value) = properties.get(key) {
                index.entry(GroupKey(value.clone())).or_default().push(id);
            }
        }
        self.nodes.push(Some(NodeData {
            labels: own,
            properties,
            ..NodeData::default()
        }));
        id
    }

    /// Keeps an index on the node property `key`, for nodes added before and after:
    /// queries then start from the nodes a `{key: value}` or `WHERE n.key = value`
    /// names rather than from a label or a scan.
    ///
    /// ```
    /// use agencygraph::cypher::eval::{Options, Params, Query};
    /// use agencygraph::cypher::memory::MemoryGraph;
    ///
    /// let mut graph = MemoryGraph::new();
    /// graph.add_node(&["Agency"], &[("id", "OCHA".into())]);
    /// graph.add_index("id");
    /// let query = Query::parse("MATCH (a {id: 'OCHA'}) RETURN a.id")?;
    /// let plan = query.explain(&graph, &Params::new(), &Options::default())?;
    /// assert_eq!(plan.lines()[1], "  start at (a) by the index on id = 'OCHA'");
    /// # Ok::<(), agencygraph::cypher::eval::QueryError>(())
    /// ```
    pub fn add_index(&mut self, key: &str) {
        let mut index: HashMap<GroupKey, Vec<NodeId>> = HashMap::new();
        for (number, node) in self.nodes.iter().enumerate() {
            if let Some(value) = node.as_ref().and_then(|node| node.properties.get(key)) {
                let id = NodeId(number as u64);
                index.entry(GroupKey(value.clone())).or_default().push(id);
            }
        }
        self.indexes.insert(key.to_string(), index);
    }

    /// Makes `resolve(name)` answer `node` (the graph has no other notion of names).
    pub fn add_name(&mut self, name: &str, node: NodeId) {
        self.names.insert(name.to_string(), node);
    }

    /// A copy of `graph`: its nodes with their labels and properties, its
    /// relationships with their types and properties, the label, type and property
    /// names it knows (even those nothing carries), indexes on the keys it indexes,
    /// and, for each string property value that `resolve()` resolves on `graph`, the
    /// same answer.
    ///
    /// Nodes are copied in the order [`nodes`](PropertyGraph::nodes) lists them and
    /// relationships in the order of their numbers. The numbers themselves are kept
    /// when they rise in that order and leave fewer unused numbers than there are
    /// elements (as in a graph that hides some relationships, or had some removed);
    /// otherwise the copy numbers them 0, 1, 2, ... Each node lists its outgoing and
    /// its incoming relationships in the order `graph` does, and the copy keeps a
    /// count per type and lists all relationships at once only if `graph` does.
    /// Queries are therefore planned alike and give the copy the same answers in the
    /// same order, which makes the copy a reference for another implementation of
    /// [`PropertyGraph`].
    ///
    /// ```
    /// use agencygraph::cypher::eval::{Options, Params, Query};
    /// use agencygraph::cypher::memory::MemoryGraph;
    ///
    /// let mut graph = MemoryGraph::new();
    /// let a = graph.add_node(&["Person"], &[("name", "Ann".into())]);
    /// let b = graph.add_node(&["Person"], &[("name", "Ben".into())]);
    /// graph.add_relationship(a, "KNOWS", b, &[("since", 2019.into())]);
    ///
    /// let copy = MemoryGraph::copy_of(&graph);
    /// let query = Query::parse("MATCH (x)-[k:KNOWS]->(y) RETURN x.name, k.since, y.name")?;
    /// let (params, options) = (Params::new(), Options::default());
    /// assert_eq!(query.run(&copy, &params, &options)?, query.run(&graph, &params, &options)?);
    /// # Ok::<(), agencygraph::cypher::eval::QueryError>(())
    /// ```
    pub fn copy_of<G: PropertyGraph + ?Sized>(graph: &G) -> MemoryGraph {
        let mut copy = MemoryGraph::new();
        copy.without_type_counts = graph
            .type_names()
            .first()
            .is_some_and(|rel_type| graph.type_count(rel_type).is_none());
        copy.without_relationship_scan = graph.all_relationships(&[]).is_none();
        for key in graph.property_keys() {
            if graph.has_index(&key) {
                copy.add_index(&key);
            }
            copy.keys.insert(key);
        }
        for label in graph.label_names() {
            copy.by_label.entry(label).or_default();
        }
        for rel_type in graph.type_names() {
            copy.types.entry(rel_type).or_insert(TypeCount {
                count: 0,
                example: None,
            });
        }
        let mut node_ids: HashMap<NodeId, NodeId> = HashMap::new();
        let mut names = Vec::new();
        let sources: Vec<NodeId> = graph.nodes().collect();
        let keep_numbers = keeps_numbers(sources.iter().map(|node| node.0));
        for node in sources {
            if keep_numbers {
                copy.node_holes += fill_to(&mut copy.nodes, node.0);
            }
            let labels = graph.labels(node);
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            let properties: Vec<(String, Value)> =
                graph.node_properties(node).into_iter().collect();
            for value in properties.iter().map(|(_, value)| value) {
                if let Value::String(name) = value
                    && let Some(found) = graph.resolve_name(name)
                {
                    names.push((name.clone(), found));
                }
            }
            let properties: Vec<(&str, Value)> = properties
                .iter()
                .map(|(key, value)| (key.as_str(), value.clone()))
                .collect();
            node_ids.insert(node, copy.add_node(&labels, &properties));
        }
        for (name, found) in names {
            if let Some(&own) = node_ids.get(&found) {
                copy.add_name(&name, own);
            }
        }
        let mut rels: Vec<(RelId, NodeId, NodeId)> = match graph.all_relationships(&[]) {
            Some(all) => all.collect(),
            None => graph
                .nodes()
                .flat_map(|node| {
                    graph
                        .relationships(node, Direction::Outgoing, &[])
                        .map(move |(rel, end)| (rel, node, end))
                })
                .collect(),
        };
        rels.sort_by_key(|&(rel, ..)| rel);
        let keep_numbers = keeps_numbers(rels.iter().map(|(rel, ..)| rel.0));
        let mut rel_ids: HashMap<RelId, RelId> = HashMap::new();
        for (rel, start, end) in rels {
            if keep_numbers {
                copy.relationship_holes += fill_to(&mut copy.relationships, rel.0);
            }
            let (Some(&start), Some(&end)) = (node_ids.get(&start), node_ids.get(&end)) else {
                continue;
            };
            let properties: Vec<(String, Value)> =
                graph.relationship_properties(rel).into_iter().collect();
            let properties: Vec<(&str, Value)> = properties
                .iter()
                .map(|(key, value)| (key.as_str(), value.clone()))
                .collect();
            let rel_type = graph.relationship_type(rel);
            if let Some(own) = copy.add_relationship(start, &rel_type, end, &properties) {
                rel_ids.insert(rel, own);
            }
        }
        // Each node's lists in the source's order, which may not be the numbers'.
        for (&node, &own) in &node_ids {
            let listed = |direction| -> Vec<RelId> {
                graph
                    .relationships(node, direction, &[])
                    .filter_map(|(rel, _)| rel_ids.get(&rel).copied())
                    .collect()
            };
            let (outgoing, incoming) = (listed(Direction::Outgoing), listed(Direction::Incoming));
            if let Some(data) = copy.node_mut(own) {
                data.outgoing = outgoing;
                data.incoming = incoming;
            }
        }
        copy
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
        // A type may be known before it has relationships (see `copy_of`).
        let count = self.types.entry(rel_type.to_string()).or_insert(TypeCount {
            count: 0,
            example: None,
        });
        count.count += 1;
        count.example.get_or_insert(id);
        self.relationships.push(Some(RelData {
            rel_type: rel_type.to_string(),
            start: from,
            end: to,
            properties,
        }));
        Some(id)
    }

    /// How many relationships there are.
    pub fn relationship_count(&self) -> usize {
        self.relationships.len() - self.relationship_holes
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
        self.nodes.get(usize::try_from(id.0).ok()?)?.as_ref()
    }

    fn node_mut(&mut self, id: NodeId) -> Option<&mut NodeData> {
        self.nodes.get_mut(usize::try_from(id.0).ok()?)?.as_mut()
    }

    fn rel(&self, id: RelId) -> Option<&RelData> {
        self.relationships
            .get(usize::try_from(id.0).ok()?)?
            .as_ref()
    }
}

// Property reads shared by nodes and relationships; `properties` is `None` for an
// element the graph does not hold, which reads as one without properties.

/// One property; null where it is not set, as for any missing property in Cypher.
fn property(properties: Option<&BTreeMap<String, Value>>, key: &str) -> Value {
    properties
        .and_then(|properties| properties.get(key).cloned())
        .unwrap_or(Value::Null)
}

/// A copy of all the properties.
fn all_properties(properties: Option<&BTreeMap<String, Value>>) -> BTreeMap<String, Value> {
    properties.cloned().unwrap_or_default()
}

/// Whether numbers listed in this order can be kept: they rise, and leave fewer
/// unused numbers than there are elements (so the copy stays at most twice as long).
fn keeps_numbers(numbers: impl Iterator<Item = u64>) -> bool {
    let mut count = 0u64;
    let mut last: Option<u64> = None;
    for number in numbers {
        if last.is_some_and(|last| number <= last) {
            return false;
        }
        last = Some(number);
        count += 1;
    }
    last.is_none_or(|last| last < count.saturating_mul(2))
}

/// Pads `slots` with unused numbers up to `number`; says how many it added.
fn fill_to<T>(slots: &mut Vec<Option<T>>, number: u64) -> usize {
    let mut added = 0;
    while (slots.len() as u64) < number {
        slots.push(None);
        added += 1;
    }
    added
}

impl PropertyGraph for MemoryGraph {
    fn node_count(&self) -> usize {
        self.nodes.len() - self.node_holes
    }

    fn nodes(&self) -> Box<dyn Iterator<Item = NodeId> + '_> {
        Box::new(
            self.nodes
                .iter()
                .enumerate()
                .filter(|(_, node)| node.is_some())
                .map(|(number, _)| NodeId(number as u64)),
        )
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

    fn indexed_lookup(&self, key: &str, value: &Value) -> Option<Vec<NodeId>> {
        let index = self.indexes.get(key)?;
        // The index groups values that sort alike (`1` with `1.0`, `null` with
        // `null`); only those equal to `value` under `=` match.
        let found = index
            .get(&GroupKey(value.clone()))
            .map_or_else(Vec::new, |nodes| {
                nodes
                    .iter()
                    .copied()
                    .filter(|&node| self.node_property(node, key).equals(value) == Some(true))
                    .collect()
            });
        Some(found)
    }

    fn labels(&self, node: NodeId) -> Vec<String> {
        self.node(node).map_or_else(Vec::new, |n| n.labels.clone())
    }

    fn has_label(&self, node: NodeId, label: &str) -> bool {
        self.node(node)
            .is_some_and(|n| n.labels.iter().any(|l| l == label))
    }

    fn node_property(&self, node: NodeId, key: &str) -> Value {
        property(self.node(node).map(|n| &n.properties), key)
    }

    fn node_properties(&self, node: NodeId) -> BTreeMap<String, Value> {
        all_properties(self.node(node).map(|n| &n.properties))
    }

    fn relationships(&self, node: NodeId, direction: Direction, types: &[String]) -> Hops<'_> {
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
        if self.without_relationship_scan {
            return None;
        }
        let types = types.to_vec();
        Some(Box::new(
            self.relationships
                .iter()
                .enumerate()
                .filter_map(|(i, rel)| Some((i, rel.as_ref()?)))
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
        property(self.rel(rel).map(|r| &r.properties), key)
    }

    fn relationship_properties(&self, rel: RelId) -> BTreeMap<String, Value> {
        all_properties(self.rel(rel).map(|r| &r.properties))
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
        if self.without_type_counts {
            return None;
        }
        Some(self.types.get(rel_type).copied().unwrap_or(TypeCount {
            count: 0,
            example: None,
        }))
    }

    fn property_keys(&self) -> Vec<String> {
        self.keys.iter().cloned().collect()
    }

    fn resolve_name(&self, name: &str) -> Option<NodeId> {
        self.names.get(name).copied()
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

    #[test]
    fn an_index_finds_the_nodes_equal_to_the_value() {
        let mut graph = MemoryGraph::new();
        let one = graph.add_node(&[], &[("x", 1.into())]);
        graph.add_index("x");
        let one_float = graph.add_node(&[], &[("x", 1.0.into())]);
        graph.add_node(&[], &[("x", "1".into())]);
        graph.add_node(&[], &[("x", f64::NAN.into())]);
        graph.add_node(&[], &[("y", 1.into())]);
        assert!(graph.has_index("x"));
        assert!(!graph.has_index("y"));
        assert_eq!(graph.indexed_lookup("y", &1.into()), None);
        // `1 = 1.0` is true; `NaN = NaN` and anything `= null` are not.
        assert_eq!(
            graph.indexed_lookup("x", &1.into()),
            Some(vec![one, one_float])
        );
        assert_eq!(graph.indexed_lookup("x", &f64::NAN.into()), Some(vec![]));
        assert_eq!(graph.indexed_lookup("x", &Value::Null), Some(vec![]));
        assert_eq!(graph.indexed_lookup("x", &2.into()), Some(vec![]));
    }

    #[test]
    fn a_copy_answers_as_the_original() {
        let mut graph = MemoryGraph::new();
        let a = graph.add_node(&["A", "B"], &[("name", "a".into()), ("n", 1.into())]);
        let b = graph.add_node(&["B"], &[("name", "b".into())]);
        let r0 = graph.add_relationship(b, "T", a, &[("w", 2.5.into())]);
        let r1 = graph.add_relationship(a, "U", a, &[]);
        let r2 = graph.add_relationship(a, "T", b, &[]);
        graph.add_index("name");
        graph.add_name("a", a);
        let copy = MemoryGraph::copy_of(&graph);
        assert_eq!(copy.node_count(), 2);
        assert_eq!(copy.relationship_count(), 3);
        for node in [a, b] {
            assert_eq!(copy.labels(node), graph.labels(node));
            assert_eq!(copy.node_properties(node), graph.node_properties(node));
            for direction in [Direction::Outgoing, Direction::Incoming, Direction::Both] {
                let listed =
                    |g: &MemoryGraph| g.relationships(node, direction, &[]).collect::<Vec<_>>();
                assert_eq!(listed(&copy), listed(&graph), "{node:?} {direction:?}");
            }
        }
        for rel in [r0, r1, r2].map(Option::unwrap) {
            assert_eq!(copy.endpoints(rel), graph.endpoints(rel));
            assert_eq!(copy.relationship_type(rel), graph.relationship_type(rel));
            assert_eq!(
                copy.relationship_properties(rel),
                graph.relationship_properties(rel)
            );
        }
        assert_eq!(copy.type_count("T"), graph.type_count("T"));
        assert_eq!(copy.indexed_lookup("name", &"b".into()), Some(vec![b]));
        assert_eq!(copy.indexed_lookup("n", &1.into()), None);
        assert_eq!(copy.resolve_name("a"), Some(a));
        assert_eq!(copy.resolve_name("b"), None);
        assert_eq!(copy.label_names(), ["A", "B"]);
        assert_eq!(copy.type_names(), ["T", "U"]);
        assert_eq!(copy.property_keys(), ["n", "name", "w"]);
    }

    /// A view of a graph that hides its relationship 1 and keeps no count store, as
    /// the agency graph's view of one year does.
    struct WithoutOne<'g>(&'g MemoryGraph);

    impl PropertyGraph for WithoutOne<'_> {
        fn node_count(&self) -> usize {
            self.0.node_count()
        }
        fn nodes(&self) -> Box<dyn Iterator<Item = NodeId> + '_> {
            self.0.nodes()
        }
        fn nodes_with_label(&self, label: &str) -> Box<dyn Iterator<Item = NodeId> + '_> {
            self.0.nodes_with_label(label)
        }
        fn label_size(&self, label: &str) -> usize {
            self.0.label_size(label)
        }
        fn indexed_lookup(&self, key: &str, value: &Value) -> Option<Vec<NodeId>> {
            self.0.indexed_lookup(key, value)
        }
        fn labels(&self, node: NodeId) -> Vec<String> {
            self.0.labels(node)
        }
        fn node_property(&self, node: NodeId, key: &str) -> Value {
            self.0.node_property(node, key)
        }
        fn node_properties(&self, node: NodeId) -> BTreeMap<String, Value> {
            self.0.node_properties(node)
        }
        fn relationships(&self, node: NodeId, direction: Direction, types: &[String]) -> Hops<'_> {
            Box::new(
                self.0
                    .relationships(node, direction, types)
                    .filter(|(rel, _)| rel.0 != 1),
            )
        }
        fn relationship_type(&self, rel: RelId) -> String {
            self.0.relationship_type(rel)
        }
        fn endpoints(&self, rel: RelId) -> (NodeId, NodeId) {
            self.0.endpoints(rel)
        }
        fn relationship_property(&self, rel: RelId, key: &str) -> Value {
            self.0.relationship_property(rel, key)
        }
        fn relationship_properties(&self, rel: RelId) -> BTreeMap<String, Value> {
            self.0.relationship_properties(rel)
        }
        fn label_names(&self) -> Vec<String> {
            self.0.label_names()
        }
        fn type_names(&self) -> Vec<String> {
            self.0.type_names()
        }
        fn property_keys(&self) -> Vec<String> {
            self.0.property_keys()
        }
    }

    #[test]
    fn a_copy_keeps_the_numbers_and_the_abilities_of_the_original() {
        let mut graph = MemoryGraph::new();
        let a = graph.add_node(&["A"], &[]);
        let b = graph.add_node(&["B"], &[]);
        for rel_type in ["T", "U", "T"] {
            graph.add_relationship(a, rel_type, b, &[]);
        }
        let view = WithoutOne(&graph);
        let copy = MemoryGraph::copy_of(&view);
        // Relationship 1 is hidden: 0 and 2 keep their numbers, 1 is unused.
        assert_eq!(copy.relationship_count(), 2);
        let listed: Vec<_> = copy.relationships(a, Direction::Outgoing, &[]).collect();
        assert_eq!(listed, [(RelId(0), b), (RelId(2), b)]);
        assert_eq!(copy.relationship_type(RelId(2)), "T");
        assert_eq!(copy.relationship_type(RelId(1)), "");
        // `U` is still a known type, without relationships.
        assert_eq!(copy.type_names(), ["T", "U"]);
        // The view has no count store and no relationship scan, nor has the copy.
        assert_eq!(copy.type_count("T"), None);
        assert!(copy.all_relationships(&[]).is_none());
        // Numbers that do not rise are numbered afresh.
        assert!(keeps_numbers([0, 2, 3].into_iter()));
        assert!(!keeps_numbers([2, 1].into_iter()));
        assert!(!keeps_numbers([0, 9].into_iter()));
        assert!(keeps_numbers(std::iter::empty()));
    }
}
