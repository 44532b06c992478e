//! The in-memory graph: nodes and edges in a petgraph `StableGraph`, with indexes by id,
//! by name and by relation, built only through validation.
//!
//! String ids are the keys of the public API; petgraph's indices stay inside.

mod adjacency;
pub mod cypher;
pub(crate) mod edges;
mod keys;
pub mod validate;

use std::collections::HashMap;
use std::sync::OnceLock;

/// The graph's maps: foldhash, seeded per process, hashes an id several times faster
/// than std's SipHash while crafted ids still cannot force collisions.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// `(from, kind, to)` → edge.
type RelationMap = Map<(NodeIndex, EdgeKind, NodeIndex), EdgeIndex>;

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef as _, IntoEdgeReferences};
use serde::Serialize;

use crate::model::{Dataset, Edge, EdgeKind, Node, NodeKind, Source};
use crate::resolve::{self, Candidate, Entry, ResolveError, normalize};
use adjacency::Adjacency;
pub use cypher::View;
use edges::{Arena, EdgeRecord};
pub use edges::{EdgeRef, EvidenceList, EvidenceRef};
pub(crate) use keys::NodeKeys;
use validate::{Item, Problem};

/// A data set or a change broke rules: every problem found, in the order of the items.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", summary(.problems))]
pub struct ValidationError {
    /// What is wrong, each naming its item and field.
    pub problems: Vec<Problem>,
}

fn summary(problems: &[Problem]) -> String {
    match problems {
        [one] => one.to_string(),
        many => format!("{} problems, the first: {}", many.len(), many[0]),
    }
}

/// Which way a relation points, seen from one of its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// The node is the subject: `node —kind→ other`.
    Out,
    /// The node is the object: `other —kind→ node`.
    In,
}

/// A relation seen from one of its ends, as [`Graph::relations`] gives it.
#[derive(Debug, Clone, Copy)]
pub struct Relation<'g> {
    /// The edge itself.
    pub edge: EdgeRef<'g>,
    /// The end the relation is seen from.
    pub focus: &'g Node,
    /// The other end.
    pub other: &'g Node,
    /// Whether `focus` is the subject ([`Direction::Out`]) or the object.
    pub direction: Direction,
}

impl Relation<'_> {
    /// The relation as read from the focus: "UNODC — secretariat of → ICAT" for the
    /// subject, "ICAT ← has secretariat — UNODC" for the object.
    pub fn phrase(&self) -> String {
        format!("{}{}", self.focus.id, self.step())
    }

    /// The phrase without the focus, to chain hops: " — secretariat of → ICAT" or
    /// " ← has secretariat — UNODC".
    pub fn step(&self) -> String {
        match self.direction {
            Direction::Out => format!(" — {} → {}", self.label(), self.other.id),
            Direction::In => format!(" ← {} — {}", self.label(), self.other.id),
        }
    }

    /// The label as read from the focus: the kind's label or its inverse.
    pub fn label(&self) -> &'static str {
        match self.direction {
            Direction::Out => self.edge.kind().label(),
            Direction::In => self.edge.kind().inverse_label(),
        }
    }
}

/// A validated graph of entities and relations.
///
/// Every way in — [`Graph::bundled`], [`Graph::load`], [`Graph::from_ron_str`],
/// [`Graph::from_dataset`] and the `add_*` methods — checks the same rules, so a `Graph`
/// always satisfies them.
///
/// Its methods live with the concept they serve:
///
/// | where | what |
/// |---|---|
/// | `graph` (here) | building ([`Graph::from_dataset`], `add_*`), lookups ([`Graph::node`], [`Graph::edge`], [`Graph::relations`]), names ([`Graph::resolve`], [`Graph::suggest`]) |
/// | [`graph::validate`](validate) | the rules checked against what the graph already holds |
/// | [`store`](crate::store) | reading files: [`Graph::bundled`], [`Graph::load`], [`Graph::from_ron_str`] |
/// | [`questions`](crate::questions) | [`Graph::participants`], [`Graph::participations`], [`Graph::shortest_paths`], [`Graph::relations_between`] |
/// | [`graph::cypher`](cypher) | [`Graph::query`], [`Graph::view`], [`Graph::view_at`], [`Graph::node_by_number`] |
/// | [`export`](crate::export) | [`Graph::subgraph`] |
///
/// ```
/// use agencygraph::{Graph, Node, NodeKind, Edge, EdgeKind, Source};
///
/// let mut graph = Graph::new();
/// graph.add_source(Source::new("memo", "A memo"))?;
/// graph.add_node(Node::new("UNODC", NodeKind::UnEntity, "United Nations Office on Drugs and Crime"))?;
/// graph.add_node(Node::new("ICAT", NodeKind::Mechanism, "Inter-Agency Coordination Group against Trafficking in Persons"))?;
/// graph.add_edge(Edge::new("UNODC", EdgeKind::SecretariatOf, "ICAT").evidence("memo", "UNODC is the secretariat of ICAT"))?;
///
/// // The same rules as loading: an unknown id is refused, with a suggestion.
/// let err = graph.add_edge(Edge::new("UNODC", EdgeKind::Chairs, "ICATT").evidence("memo", "…")).unwrap_err();
/// assert!(err.to_string().contains("did you mean `ICAT`"));
/// assert_eq!(graph.edge_count(), 1);
/// # Ok::<(), agencygraph::ValidationError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// The structure: nodes without weights (their data is in `nodes`, at the same
    /// position: nothing is ever removed) and edge records. Linking an edge into its
    /// ends' lists then touches twelve bytes a node, not the node's 170, so a large
    /// graph's linking stays in the processor's cache.
    inner: StableDiGraph<(), EdgeRecord>,
    /// The nodes, at their petgraph index.
    nodes: Vec<Node>,
    /// Each node's kind, at its petgraph index: what checking an edge's ends reads,
    /// a byte a node, which stays in the cache where the nodes do not.
    kind_of: Vec<NodeKind>,
    /// The edges' evidence and qualifiers ([`edges`]).
    arena: Arena,
    /// Id → node, and normalized id, name and aliases → node: what [`Graph::resolve`]
    /// looks up.
    keys: NodeKeys,
    /// `(from, kind, to)` → edge, with symmetric kinds keyed with their ends in order:
    /// held only while [`Graph::from_dataset`] builds, which checks every edge against
    /// those before it. A built graph finds a relation among its subject's edges
    /// ([`Graph::find_relation`]) instead of keeping this map (about 35 bytes an edge).
    relations: Option<RelationMap>,
    sources: Vec<Source>,
    source_ids: Map<String, usize>,
    /// The nodes of each kind (at `kind as usize`) in the order they were added: label
    /// scans and counts read one list instead of every node.
    kinds: Vec<Vec<NodeIndex>>,
    /// Built on first use by a traversal; cleared when a node or edge is added.
    adjacency: OnceLock<Adjacency>,
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Graph {
        Graph::default()
    }

    /// Builds a graph from a data set, checking every rule and reporting every problem.
    ///
    /// Problems name items by their position in `dataset` ([`Item`]).
    pub fn from_dataset(dataset: Dataset) -> Result<Graph, ValidationError> {
        let mut build = Build::default();
        // Sized up front: growing by doubling would briefly hold two copies of the edges.
        let graph = &mut build.graph;
        graph.inner = StableDiGraph::with_capacity(dataset.nodes.len(), dataset.edges.len());
        graph.nodes.reserve_exact(dataset.nodes.len());
        graph.kind_of.reserve_exact(dataset.nodes.len());
        graph.keys.reserve(&dataset.nodes);
        graph.relations = Some(RelationMap::with_capacity_and_hasher(
            dataset.edges.len(),
            Default::default(),
        ));
        build.edge_items.reserve(dataset.edges.len());
        graph.arena.reserve(dataset.edges.iter());
        for (i, source) in dataset.sources.into_iter().enumerate() {
            build.source(Item::Source(i), source);
        }
        for (i, node) in dataset.nodes.into_iter().enumerate() {
            build.node(Item::Node(i), node);
        }
        for (i, edge) in dataset.edges.into_iter().enumerate() {
            build.edge(Item::Edge(i), edge);
        }
        if build.problems.is_empty() {
            build.graph.relations = None;
            Ok(build.graph)
        } else {
            Err(ValidationError {
                problems: build.problems,
            })
        }
    }

    /// The graph's contents as plain lists: sources, nodes and edges in the order they
    /// were added. `Graph::from_dataset(graph.to_dataset())` gives the graph back.
    pub fn to_dataset(&self) -> Dataset {
        Dataset {
            sources: self.sources.clone(),
            nodes: self.nodes().cloned().collect(),
            edges: self.edges().map(|edge| edge.to_edge()).collect(),
        }
    }

    /// Adds a source document, unless its id is taken or it breaks a rule.
    pub fn add_source(&mut self, source: Source) -> Result<(), ValidationError> {
        let problems = self.source_problems(Item::Source(self.sources.len()), &source, |_| None);
        self.commit(problems, |graph| graph.insert_source(source))
    }

    /// Adds a node, unless its id or one of its names is taken or it breaks a rule.
    pub fn add_node(&mut self, node: Node) -> Result<(), ValidationError> {
        let item = Item::Node(self.inner.node_count());
        let problems = self.node_problems(item, &node, |_| None);
        self.commit(problems, |graph| {
            graph.insert_node(node);
        })
    }

    /// Adds an edge, unless an end or a source is unknown, the kinds of its ends do not
    /// fit its kind, the same relation exists, or it breaks a rule.
    pub fn add_edge(&mut self, edge: Edge) -> Result<(), ValidationError> {
        let item = Item::Edge(self.inner.edge_count());
        let (problems, _) = self.edge_problems(item, &edge, true, |_| None);
        self.commit(problems, |graph| {
            graph.insert_edge(edge);
        })
    }

    fn commit(
        &mut self,
        problems: Vec<Problem>,
        insert: impl FnOnce(&mut Graph),
    ) -> Result<(), ValidationError> {
        if problems.is_empty() {
            insert(self);
            Ok(())
        } else {
            Err(ValidationError { problems })
        }
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.inner.node_count()
    }

    /// The number of edges.
    pub fn edge_count(&self) -> usize {
        self.inner.edge_count()
    }

    /// The node with this exact id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.node_index(id).map(|index| self.node_at(index))
    }

    /// Every node, in the order they were added (file order when loaded).
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter()
    }

    /// The nodes of one kind, in the order they were added.
    pub fn nodes_of_kind(&self, kind: NodeKind) -> impl Iterator<Item = &Node> {
        self.node_indices_of_kind(kind)
            .iter()
            .map(|&index| self.node_at(index))
    }

    /// The indices of the nodes of one kind, in the order they were added: the query
    /// adapter's label index.
    fn node_indices_of_kind(&self, kind: NodeKind) -> &[NodeIndex] {
        self.kinds.get(kind as usize).map_or(&[], Vec::as_slice)
    }

    /// Every edge, in the order they were added.
    pub fn edges(&self) -> impl Iterator<Item = EdgeRef<'_>> {
        self.inner
            .edge_indices()
            .filter_map(|index| EdgeRef::at(self, index))
    }

    /// The edges of one kind, in the order they were added.
    pub fn edges_of_kind(&self, kind: EdgeKind) -> impl Iterator<Item = EdgeRef<'_>> {
        self.edges().filter(move |edge| edge.kind() == kind)
    }

    /// The edges whose subject is `id` (none for an unknown id).
    pub fn outgoing(&self, id: &str) -> impl Iterator<Item = EdgeRef<'_>> {
        self.edges_at(id, Outgoing)
    }

    /// The edges whose object is `id` (none for an unknown id).
    pub fn incoming(&self, id: &str) -> impl Iterator<Item = EdgeRef<'_>> {
        self.edges_at(id, Incoming)
    }

    fn edges_at(
        &self,
        id: &str,
        direction: petgraph::Direction,
    ) -> impl Iterator<Item = EdgeRef<'_>> {
        self.node_index(id)
            .into_iter()
            .flat_map(move |index| self.inner.edges_directed(index, direction))
            .filter_map(|edge| EdgeRef::at(self, edge.id()))
    }

    /// The edge `from —kind→ to`, if the graph has it (either way round for a
    /// symmetric kind).
    pub fn edge(&self, from: &str, kind: EdgeKind, to: &str) -> Option<EdgeRef<'_>> {
        let index = self.find_relation(self.node_index(from)?, kind, self.node_index(to)?)?;
        EdgeRef::at(self, index)
    }

    /// How many relations touch `id`, in and out.
    pub fn degree(&self, id: &str) -> usize {
        self.node_index(id).map_or(0, |index| {
            self.inner.edges_directed(index, Outgoing).count()
                + self.inner.edges_directed(index, Incoming).count()
        })
    }

    /// Every relation of `id`, seen from it: outgoing first, then incoming, each sorted
    /// by kind and then by the other end's id.
    pub fn relations(&self, id: &str) -> Vec<Relation<'_>> {
        let Some(index) = self.node_index(id) else {
            return Vec::new();
        };
        let focus = self.node_at(index);
        let mut relations: Vec<Relation<'_>> =
            [(Outgoing, Direction::Out), (Incoming, Direction::In)]
                .into_iter()
                .flat_map(|(way, direction)| {
                    self.inner
                        .edges_directed(index, way)
                        .filter_map(move |edge| {
                            let edge = EdgeRef::at(self, edge.id())?;
                            let other = match direction {
                                Direction::Out => edge.to_node(),
                                Direction::In => edge.from_node(),
                            };
                            Some(Relation {
                                edge,
                                focus,
                                other,
                                direction,
                            })
                        })
                })
                .collect();
        relations.sort_by(|a, b| {
            (a.direction, a.edge.kind(), &a.other.id).cmp(&(
                b.direction,
                b.edge.kind(),
                &b.other.id,
            ))
        });
        relations
    }

    /// Every source document, in the order they were added.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_ids.get(id).map(|&i| &self.sources[i])
    }

    /// Finds the node a person means by `name`: an id, name or alias, ignoring case,
    /// spacing and punctuation; failing that, the one node whose names contain it.
    ///
    /// ```
    /// let graph = agencygraph::Graph::bundled();
    /// for spelling in ["un action", "UN-ACTION", "UN ACTION", "United Nations Action against Sexual Violence in Conflict"] {
    ///     assert_eq!(graph.resolve(spelling).unwrap().id, "UN-ACTION");
    /// }
    /// assert!(graph.resolve("Trust Fund").is_ok()); // an alias
    /// assert!(graph.resolve("IASC Gender").is_err()); // several IASC gender bodies
    /// ```
    pub fn resolve(&self, name: &str) -> Result<&Node, ResolveError> {
        match self.find(name) {
            Ok(node) => Ok(node),
            Err(found) if found.is_empty() => Err(ResolveError::Unknown {
                input: name.to_string(),
                suggestions: self.suggest(name),
            }),
            Err(found) => Err(ResolveError::Ambiguous {
                input: name.to_string(),
                candidates: found,
            }),
        }
    }

    /// [`Graph::resolve`] without the suggestions for an unknown name, which cost a
    /// comparison with every name: the node, or the nodes that match equally well.
    fn find(&self, name: &str) -> Result<&Node, Vec<Candidate>> {
        if let Some(index) = self.node_named(name) {
            return Ok(self.node_at(index));
        }
        let wanted = normalize(name);
        let mut found = resolve::containing(&wanted, self.name_entries(), |n| self.describe(n));
        if found.len() == 1 {
            return Ok(self.node_at(NodeIndex::new(found.remove(0).0)));
        }
        Err(found.into_iter().map(|(_, candidate)| candidate).collect())
    }

    /// The nodes whose names are closest to `name`: the "did you mean" list.
    pub fn suggest(&self, name: &str) -> Vec<Candidate> {
        resolve::suggest(name, self.name_entries(), |n| self.describe(n))
    }

    fn name_entries(&self) -> impl Iterator<Item = Entry<'_>> {
        self.inner.node_indices().flat_map(move |index| {
            self.node_at(index).names().map(move |spelling| Entry {
                key: normalize(spelling),
                spelling,
                node: index.index(),
            })
        })
    }

    /// The petgraph graph itself, for the query adapter (`graph::cypher`), which
    /// walks adjacency by index.
    fn petgraph(&self) -> &StableDiGraph<(), EdgeRecord> {
        &self.inner
    }

    /// The node at a petgraph index (which is its position: nothing is removed).
    fn node_at(&self, index: NodeIndex) -> &Node {
        &self.nodes[index.index()]
    }

    /// The node at a petgraph index that may be out of range (a query's number).
    fn node_by_index(&self, index: NodeIndex) -> Option<&Node> {
        self.nodes.get(index.index())
    }

    /// Every node's relationships as compact slices, for traversals that follow many
    /// of them (the query evaluator); built on first use.
    fn adjacency(&self) -> &Adjacency {
        self.adjacency.get_or_init(|| Adjacency::new(&self.inner))
    }

    /// The index of the node with this exact id: the query evaluator's index on `id`.
    fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.keys.id(id)
    }

    /// The node that has `name` as its id, name or an alias, ignoring case, spacing
    /// and punctuation.
    fn node_named(&self, name: &str) -> Option<NodeIndex> {
        self.keys.named(name, |index| self.node_at(index))
    }

    fn describe(&self, node: usize) -> (&str, &str) {
        let node = self.node_at(NodeIndex::new(node));
        (&node.id, &node.name)
    }
}

fn relation_key(
    from: NodeIndex,
    kind: EdgeKind,
    to: NodeIndex,
) -> (NodeIndex, EdgeKind, NodeIndex) {
    if kind.is_symmetric() && to < from {
        (to, kind, from)
    } else {
        (from, kind, to)
    }
}

/// Insertion into the indexes; the rules that look at the rest of the graph first are
/// in [`validate`].
impl Graph {
    fn insert_source(&mut self, source: Source) {
        self.source_ids
            .insert(source.id.clone(), self.sources.len());
        self.sources.push(source);
    }

    fn insert_node(&mut self, mut node: Node) -> NodeIndex {
        // Parsed lists are already exact (`model::exact_list`, which lowers the peak
        // while a file is read) and so are decoded ones; this is for nodes built in code
        // and given to `add_node` or `from_dataset`, whose `Node::alias` pushes leave room
        // for four. A no-op on exact lists, so it stays here, where every way in passes.
        node.aliases.shrink_to_fit();
        let kind = node.kind;
        self.adjacency.take();
        let index = self.inner.add_node(());
        self.keys.insert(&node, index);
        self.nodes.push(node);
        self.index_kind(kind, index);
        index
    }

    fn index_kind(&mut self, kind: NodeKind, index: NodeIndex) {
        self.kind_of.push(kind);
        if self.kinds.is_empty() {
            self.kinds = vec![Vec::new(); NodeKind::ALL.len()];
        }
        self.kinds[kind as usize].push(index);
    }

    /// Inserts an edge between known nodes; returns `None` (and leaves the graph as it
    /// was) when an end is unknown or the relation is already there.
    fn insert_edge(&mut self, edge: Edge) -> Option<EdgeIndex> {
        let from = self.node_index(&edge.from)?;
        let to = self.node_index(&edge.to)?;
        self.insert_edge_between(from, to, edge)
    }

    /// Inserts an edge between the nodes `from` and `to` (which must be in the graph),
    /// unless the relation is already there. During a build the relation map is looked
    /// up once.
    fn insert_edge_between(
        &mut self,
        from: NodeIndex,
        to: NodeIndex,
        edge: Edge,
    ) -> Option<EdgeIndex> {
        if self.relations.is_none() && self.find_relation(from, edge.kind, to).is_some() {
            return None;
        }
        let key = relation_key(from, edge.kind, to);
        let slot = match self.relations.as_mut().map(|map| map.entry(key)) {
            Some(std::collections::hash_map::Entry::Occupied(_)) => return None,
            Some(std::collections::hash_map::Entry::Vacant(slot)) => Some(slot),
            None => None,
        };
        self.adjacency.take();
        let source_ids = &self.source_ids;
        let record = self
            .arena
            .record(edge, |source| source_ids.get(source).copied());
        let index = self.inner.add_edge(from, to, record);
        if let Some(slot) = slot {
            slot.insert(index);
        }
        Some(index)
    }
}

/// The graph as plain parts and back, for the snapshot (`store::snapshot`): edges name
/// their ends by position, and a graph rebuilt from its own parts needs no checking.
impl Graph {
    /// Every edge's record with the positions of its subject and object among
    /// [`Graph::nodes`], in the order they were added.
    pub(crate) fn records(&self) -> impl Iterator<Item = (usize, usize, &EdgeRecord)> {
        // Nothing is ever removed from `inner`, so a node's index is its position.
        self.inner
            .edge_references()
            .map(|edge| (edge.source().index(), edge.target().index(), edge.weight()))
    }

    /// The edges' evidence and qualifiers.
    pub(crate) fn arena(&self) -> &Arena {
        &self.arena
    }

    /// A graph of the sources, nodes (with their `keys`, [`NodeKeys::of`]) and edge
    /// arena of a valid graph (its snapshot, whose checksum held), with room for
    /// `edges` edges, to be added by [`Graph::add_checked_edge`]: indexed without
    /// checking the rules again, which is most of a load's work. `None` if a source id
    /// is given twice, which a checksummed snapshot never has.
    pub(crate) fn from_checked(
        sources: Vec<Source>,
        nodes: Vec<Node>,
        keys: NodeKeys,
        arena: Arena,
        edges: usize,
    ) -> Option<Graph> {
        let mut graph = Graph {
            inner: StableDiGraph::with_capacity(nodes.len(), edges),
            nodes: Vec::with_capacity(nodes.len()),
            kind_of: Vec::with_capacity(nodes.len()),
            keys,
            arena,
            ..Graph::default()
        };
        for source in sources {
            if graph.source_ids.contains_key(&source.id) {
                return None;
            }
            graph.insert_source(source);
        }
        for node in nodes {
            let kind = node.kind;
            let index = graph.inner.add_node(());
            graph.nodes.push(node);
            graph.index_kind(kind, index);
        }
        Some(graph)
    }

    /// Adds the record of an edge of a valid graph between the nodes at positions
    /// `from` and `to`; `None` if one is out of range. The relation map is left to be
    /// built on first use.
    pub(crate) fn add_checked_edge(
        &mut self,
        from: usize,
        to: usize,
        record: EdgeRecord,
    ) -> Option<()> {
        let count = self.inner.node_count();
        if from >= count || to >= count {
            return None;
        }
        self.adjacency.take();
        self.inner
            .add_edge(NodeIndex::new(from), NodeIndex::new(to), record);
        Some(())
    }

    /// The edge stating `from —kind→ to` (either way round for a symmetric kind): from
    /// the relation map during a build, else among the edges leaving `from` (and, for a
    /// symmetric kind, `to`).
    fn find_relation(&self, from: NodeIndex, kind: EdgeKind, to: NodeIndex) -> Option<EdgeIndex> {
        if let Some(map) = &self.relations {
            return map.get(&relation_key(from, kind, to)).copied();
        }
        let between = |a, b| {
            self.inner
                .edges_connecting(a, b)
                .find(|edge| edge.weight().kind == kind)
                .map(|edge| edge.id())
        };
        between(from, to).or_else(|| kind.is_symmetric().then(|| between(to, from)).flatten())
    }
}

/// A graph built an item at a time, as a loader reads them (`store::stream`): sources
/// and nodes before the edges that name them, every rule checked as in
/// [`Graph::from_dataset`]. A loader that meets a problem stops and loads again the way
/// that places every problem in its file, so only whether there is one is kept here.
pub(crate) struct Builder {
    build: Build,
    counts: [usize; 3],
}

impl Builder {
    /// An empty graph, ready for items.
    pub(crate) fn new() -> Builder {
        let mut build = Build::default();
        build.graph.relations = Some(RelationMap::default());
        Builder {
            build,
            counts: [0; 3],
        }
    }

    /// Adds a source; `false` once the graph has a problem.
    pub(crate) fn source(&mut self, source: Source) -> bool {
        self.build.source(Item::Source(self.counts[0]), source);
        self.counts[0] += 1;
        self.build.problems.is_empty()
    }

    /// Adds a node; `false` once the graph has a problem.
    pub(crate) fn node(&mut self, node: Node) -> bool {
        self.build.node(Item::Node(self.counts[1]), node);
        self.counts[1] += 1;
        self.build.problems.is_empty()
    }

    /// Adds an edge; `false` once the graph has a problem.
    pub(crate) fn edge(&mut self, edge: Edge) -> bool {
        self.build.edge(Item::Edge(self.counts[2]), edge);
        self.counts[2] += 1;
        self.build.problems.is_empty()
    }

    /// The graph, if no item had a problem; its lists, grown as items came, trimmed to
    /// what they hold.
    pub(crate) fn finish(self) -> Option<Graph> {
        let mut graph = self.build.graph;
        if !self.build.problems.is_empty() {
            return None;
        }
        graph.relations = None;
        graph.inner.shrink_to_fit();
        graph.nodes.shrink_to_fit();
        graph.kind_of.shrink_to_fit();
        graph.arena.shrink_to_fit();
        graph.keys.shrink_to_fit();
        Some(graph)
    }
}

/// Builds a graph from a whole data set, collecting every problem instead of stopping at
/// the first, and remembering which item each node, edge and source came from.
/// How many problems of a build may carry "did you mean" for an unknown node.
const SUGGESTED_PROBLEMS: usize = 100;

#[derive(Default)]
struct Build {
    graph: Graph,
    problems: Vec<Problem>,
    // Indexed by position in the graph: nothing is removed during a build, so positions
    // are handed out in order.
    source_items: Vec<Item>,
    node_items: Vec<Item>,
    edge_items: Vec<Item>,
}

impl Build {
    fn source(&mut self, item: Item, source: Source) {
        let items = &self.source_items;
        let problems = self
            .graph
            .source_problems(item, &source, |i| items.get(i).copied());
        self.problems.extend(problems);
        if !self.graph.source_ids.contains_key(&source.id) {
            self.graph.insert_source(source);
            self.source_items.push(item);
        }
    }

    fn node(&mut self, item: Item, node: Node) {
        let items = &self.node_items;
        let problems = self
            .graph
            .node_problems(item, &node, |i| items.get(i.index()).copied());
        self.problems.extend(problems);
        // A node with other problems is still indexed, so that edges to it do not
        // report it missing as well.
        if self.graph.node_index(&node.id).is_none() {
            self.graph.insert_node(node);
            self.node_items.push(item);
        }
    }

    fn edge(&mut self, item: Item, edge: Edge) {
        let items = &self.edge_items;
        // Past the first problems (more than are printed), no "did you mean": with many
        // unknown ids it would compare each with every name.
        let suggesting = self.problems.len() < SUGGESTED_PROBLEMS;
        let (problems, ends) = self
            .graph
            .edge_problems(item, &edge, suggesting, |i| items.get(i.index()).copied());
        self.problems.extend(problems);
        // The ends were looked up by the rules already.
        let inserted = ends.and_then(|(from, to)| self.graph.insert_edge_between(from, to, edge));
        if inserted.is_some() {
            self.edge_items.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, kind: NodeKind) -> Node {
        Node::new(id, kind, format!("The {id}"))
    }

    fn edge(from: &str, kind: EdgeKind, to: &str) -> Edge {
        Edge::new(from, kind, to).evidence("s", "a quote")
    }

    fn dataset(nodes: Vec<Node>, edges: Vec<Edge>) -> Dataset {
        Dataset {
            sources: vec![Source::new("s", "A source")],
            nodes,
            edges,
        }
    }

    fn problems(dataset: Dataset) -> Vec<String> {
        Graph::from_dataset(dataset)
            .unwrap_err()
            .problems
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_problem_is_reported_with_its_item() {
        let found = problems(dataset(
            vec![
                node("UNODC", NodeKind::UnEntity),
                node("ICAT", NodeKind::Mechanism),
                node("ICAT", NodeKind::Mechanism),
                node("BRIEF", NodeKind::Publication).alias("The UNODC"),
            ],
            vec![
                edge("UNODC", EdgeKind::SecretariatOf, "ICATT"),
                edge("BRIEF", EdgeKind::Chairs, "ICAT"),
                edge("UNODC", EdgeKind::Chairs, "ICAT"),
                edge("UNODC", EdgeKind::Chairs, "ICAT"),
                Edge::new("UNODC", EdgeKind::Funds, "ICAT").evidence("t", "q"),
            ],
        ));
        assert_eq!(
            found,
            [
                "node 2, field `id`: node `ICAT` is defined twice; expected each node id once (merge the two entries into one)",
                "node 3, field `aliases[0]`: `The UNODC` also names `UNODC` (The UNODC); expected names that resolve to one entity, ignoring case, spaces and punctuation (if both are one entity, merge them; otherwise drop `The UNODC` from one)",
                "edge 0, field `to`: unknown node `ICATT`; expected the id of a node (did you mean `ICAT`?)",
                "edge 1, field `kind`: `Chairs` cannot run from publication `BRIEF` to inter-agency mechanism `ICAT`; expected a subject of kind un-entity, department, office, mechanism, network, working-group, fund, initiative, programme, project, mandate, body, member-state, organisation, group and an object of kind mechanism, network, working-group, body, group, fund, initiative, campaign, programme, project, organisation",
                "edge 3: `UNODC chairs ICAT` is stated twice; expected one edge per relation, with all its evidence (move this evidence into the first edge)",
                "edge 4, field `evidence[0].source`: unknown source `t`; expected the id of a source in a `sources` list",
            ]
        );
    }

    #[test]
    fn duplicates_point_at_the_first_definition() {
        let error = Graph::from_dataset(dataset(
            vec![
                node("A", NodeKind::Office),
                node("B", NodeKind::Office),
                node("A", NodeKind::Office),
            ],
            vec![],
        ))
        .unwrap_err();
        assert_eq!(error.problems[0].item, Item::Node(2));
        assert_eq!(error.problems[0].related, Some(Item::Node(0)));
    }

    #[test]
    fn symmetric_relations_are_one_relation() {
        let found = problems(dataset(
            vec![node("A", NodeKind::UnEntity), node("B", NodeKind::UnEntity)],
            vec![
                edge("A", EdgeKind::PartnersWith, "B"),
                edge("B", EdgeKind::PartnersWith, "A"),
            ],
        ));
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("edge 1: `B partners with A` is stated twice"));
    }

    #[test]
    fn a_built_graph_finds_its_relations_without_the_build_map() {
        let mut graph = Graph::from_dataset(dataset(
            vec![node("A", NodeKind::UnEntity), node("B", NodeKind::UnEntity)],
            vec![
                edge("B", EdgeKind::PartnersWith, "A"),
                edge("A", EdgeKind::Funds, "B"),
            ],
        ))
        .unwrap();
        assert!(graph.relations.is_none());
        // Stored B → A; asked either way round, as a symmetric kind is.
        assert_eq!(
            graph.edge("A", EdgeKind::PartnersWith, "B").unwrap().from(),
            "B"
        );
        assert!(graph.edge("B", EdgeKind::Funds, "A").is_none());
        let again = graph
            .add_edge(edge("A", EdgeKind::PartnersWith, "B"))
            .unwrap_err();
        assert!(
            again
                .to_string()
                .contains("`A partners with B` is stated twice")
        );
        graph.add_edge(edge("B", EdgeKind::Funds, "A")).unwrap();
        assert_eq!(graph.edge_count(), 3);
    }

    #[test]
    fn an_edge_naming_a_node_by_name_gets_the_id() {
        let found = problems(dataset(
            vec![
                node("UN-WOMEN", NodeKind::UnEntity).alias("UN Women"),
                node("TF", NodeKind::Fund),
            ],
            vec![edge("UN Women", EdgeKind::Administers, "TF")],
        ));
        assert!(
            found[0].ends_with("(`UN Women` is a name of `UN-WOMEN`; edges name nodes by id)"),
            "{found:?}"
        );
    }

    #[test]
    fn refused_additions_leave_the_graph_as_it_was() {
        let mut graph = Graph::from_dataset(dataset(
            vec![
                node("A", NodeKind::UnEntity),
                node("B", NodeKind::Mechanism),
            ],
            vec![edge("A", EdgeKind::Chairs, "B")],
        ))
        .unwrap();
        assert!(graph.add_node(node("A", NodeKind::Office)).is_err());
        assert!(
            graph
                .add_node(node("C", NodeKind::Office).alias("the b"))
                .is_err()
        );
        assert!(graph.add_edge(edge("A", EdgeKind::Chairs, "B")).is_err());
        assert!(graph.add_edge(edge("A", EdgeKind::Chairs, "NOPE")).is_err());
        assert!(graph.add_source(Source::new("s", "again")).is_err());
        assert_eq!(
            (
                graph.node_count(),
                graph.edge_count(),
                graph.sources().len()
            ),
            (2, 1, 1)
        );
        assert!(graph.resolve("the b").is_ok_and(|n| n.id == "B"));

        graph.add_node(node("C", NodeKind::Office)).unwrap();
        graph.add_edge(edge("C", EdgeKind::MemberOf, "B")).unwrap();
        assert_eq!(graph.degree("B"), 2);

        let again = Graph::from_dataset(graph.to_dataset()).unwrap();
        assert_eq!(again.to_dataset(), graph.to_dataset());
    }

    #[test]
    fn resolution_ignores_case_spacing_and_punctuation() {
        let graph = Graph::from_dataset(dataset(
            vec![
                Node::new(
                    "UN-ACTION",
                    NodeKind::Network,
                    "United Nations Action against Sexual Violence in Conflict",
                )
                .alias("UN Action"),
                Node::new(
                    "IASC",
                    NodeKind::Mechanism,
                    "Inter-Agency Standing Committee",
                ),
                Node::new(
                    "IASC-GRG",
                    NodeKind::WorkingGroup,
                    "IASC Gender Reference Group",
                ),
                Node::new("IASC-TT", NodeKind::WorkingGroup, "IASC Gender Task Team"),
            ],
            vec![],
        ))
        .unwrap();
        for spelling in [
            "un action",
            "UN-ACTION",
            "UN ACTION",
            "u.n. action",
            "united nations action against sexual violence in conflict",
        ] {
            assert_eq!(
                graph.resolve(spelling).unwrap().id,
                "UN-ACTION",
                "{spelling}"
            );
        }
        // Contained in exactly one node's names: resolves.
        assert_eq!(graph.resolve("reference group").unwrap().id, "IASC-GRG");
        // Contained in several: ambiguous, candidates sorted by id.
        let Err(ResolveError::Ambiguous { candidates, .. }) = graph.resolve("iasc gender") else {
            panic!("expected ambiguity");
        };
        let ids: Vec<&str> = candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["IASC-GRG", "IASC-TT"]);
        // Unknown: the closest names.
        let Err(ResolveError::Unknown { suggestions, .. }) = graph.resolve("IASK") else {
            panic!("expected unknown");
        };
        assert_eq!(suggestions[0].id, "IASC");
        // Too short to match by containment.
        assert!(matches!(
            graph.resolve("un"),
            Err(ResolveError::Unknown { .. })
        ));
    }

    #[test]
    fn relations_are_phrased_from_either_end() {
        let graph = Graph::from_dataset(dataset(
            vec![
                node("UNODC", NodeKind::UnEntity),
                node("ICAT", NodeKind::Mechanism),
            ],
            vec![edge("UNODC", EdgeKind::SecretariatOf, "ICAT")],
        ))
        .unwrap();
        let from_unodc: Vec<String> = graph
            .relations("UNODC")
            .iter()
            .map(Relation::phrase)
            .collect();
        let from_icat: Vec<String> = graph
            .relations("ICAT")
            .iter()
            .map(Relation::phrase)
            .collect();
        assert_eq!(from_unodc, ["UNODC — secretariat of → ICAT"]);
        assert_eq!(from_icat, ["ICAT ← has secretariat — UNODC"]);
        assert!(graph.relations("NOPE").is_empty());
        assert_eq!(graph.outgoing("UNODC").count(), 1);
        assert_eq!(graph.incoming("UNODC").count(), 0);
    }
}
