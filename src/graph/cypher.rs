//! The agency graph as a property graph, so queries run over it.
//!
//! * A node's number is its petgraph index (the graph never removes nodes) and its
//!   one label is its kind's RON variant: `UnEntity`, `Mechanism`, `WorkingGroup`.
//! * A relationship's type is its kind's variant in UPPER_SNAKE_CASE:
//!   `SECRETARIAT_OF`, `CO_CHAIRS`, `PART_OF`.
//! * Node properties: `id`, `name`, `kind` (kebab-case, `un-entity`), `aliases` (a
//!   list), and `description`, `established`, `url`, `notes` when set.
//! * Relationship properties: `kind` (kebab-case), `inferred` (always), `evidence` (a
//!   list of `{source, quote}` maps), and `role`, `since`, `until`, `year`, `date`,
//!   `amount` (a `{value, currency, bound}` map), `via`, `notes` when set.
//! * `valid_from` and `valid_to`: the first and last day the relation may have held,
//!   as `date`s, from `since`, `until`, `year` and `date` at the precision each is
//!   stated to (`since: 2018` starts 2018-01-01, `date: "2019-03"` runs from
//!   2019-03-01 to 2019-03-31, `until: 2020` ends 2020-12-31); `null` on a side no
//!   date bounds. They are worked out when read, so `properties(r)` does not list
//!   them, and `r.date` stays the text the file holds:
//!   `WHERE r.valid_from <= date('2019-06-30') <= r.valid_to`.
//! * `id` is indexed, so `MATCH (n {id: 'UNODC'})` starts from one node.
//! * Procedures (`CALL ... YIELD`), over the graph the view shows taken as a simple
//!   undirected network ([`analysis`](crate::analysis)): `algo.degree`,
//!   `algo.betweenness`, `algo.closeness`, `algo.pagerank` and `algo.eigenvector`
//!   yield `node, score`; `algo.components` yields `node, component` and
//!   `algo.louvain` (or `algo.community`) `node, community`, numbered from 0;
//!   `algo.articulationPoints` yields `node, parts` and `algo.bridges` `from, to`.
//!   Each takes one optional map of the `rank` command's choices: `{kinds: [labels],
//!   edgeKinds: [types], sample: K, seed: S}` (`sample` for betweenness only).
//!
//! The engine runs over a [`View`]: the whole graph ([`Graph::view`]) or the graph as it
//! stood in one year ([`Graph::view_at`], the `--at YEAR` option), or in some of a span
//! of years, a month or a day ([`Graph::view_during`], `--from`, `--to`, `--at 2019-03`).
//!
//! ```
//! use agencygraph::cypher::eval::Params;
//!
//! let graph = agencygraph::Graph::bundled();
//! let result = graph.query(
//!     "MATCH (a)-[:SECRETARIAT_OF]->(:Mechanism {id: 'ICAT'}) RETURN a.id",
//!     &Params::new(),
//! )?;
//! assert_eq!(result.rows[0][0].to_string(), "UNODC");
//! # Ok::<(), agencygraph::cypher::eval::QueryError>(())
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::civil;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeRef as _, IntoEdgeReferences};

use super::adjacency::{KindCount, Link};
use super::{EdgeRef, Graph};
use crate::analysis::{Measure, Network, Sample};
use crate::cypher::eval::{Options, Params, Query, QueryError, QueryResult};
use crate::cypher::graph::{Direction, Hops, ProcedureOutput, PropertyGraph, TypeCount};
use crate::cypher::temporal::Temporal;
use crate::cypher::value::{NodeId, RelId, Value};
use crate::dates::validity;
use crate::export::Selection;
use crate::model::{Bound, EdgeKind, Node, NodeKind, Years};

/// The relationship type of each edge kind, in `EdgeKind::ALL` order.
fn type_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        EdgeKind::ALL
            .iter()
            .map(|kind| upper_snake(kind.variant()))
            .collect()
    })
}

/// `SecretariatOf` → `SECRETARIAT_OF`.
fn upper_snake(variant: &str) -> String {
    let mut out = String::with_capacity(variant.len() + 4);
    for (i, c) in variant.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}

/// A kind's position in `EdgeKind::ALL`: the macro that declares the kinds lists them
/// in declaration order, so the discriminant is the position.
fn kind_position(kind: EdgeKind) -> usize {
    kind as usize
}

/// The relationship type of an edge kind.
fn type_name(kind: EdgeKind) -> &'static str {
    type_names()
        .get(kind_position(kind))
        .map_or("", String::as_str)
}

/// The kinds named by `types` as a bit set over `EdgeKind::ALL` positions; every kind
/// when `types` is empty. Unknown names select nothing.
fn kind_mask(types: &[String]) -> u64 {
    if types.is_empty() {
        return u64::MAX;
    }
    types
        .iter()
        .filter_map(|wanted| kind_by_type(wanted))
        .fold(0, |mask, kind| mask | (1 << kind_position(kind)))
}

/// The edge kind whose relationship type is `name` (`MEMBER_OF`).
fn kind_by_type(name: &str) -> Option<EdgeKind> {
    let position = type_names().iter().position(|known| known == name)?;
    EdgeKind::ALL.get(position).copied()
}

const _: () = assert!(
    EdgeKind::ALL.len() <= 64,
    "edge kinds no longer fit a u64 mask"
);

fn in_mask(mask: u64, kind: EdgeKind) -> bool {
    // Every position fits the mask: checked when compiling, below.
    mask & (1 << kind_position(kind)) != 0
}

// petgraph's default indices are `u32` and `NodeIndex::new` truncates larger numbers,
// so numbers beyond `u32` are refused here rather than wrapped onto another element.
fn node_index(node: NodeId) -> Option<NodeIndex> {
    u32::try_from(node.0)
        .ok()
        .map(|i| NodeIndex::new(i as usize))
}

fn edge_index(rel: RelId) -> Option<EdgeIndex> {
    u32::try_from(rel.0)
        .ok()
        .map(|i| EdgeIndex::new(i as usize))
}

fn node_id(index: NodeIndex) -> NodeId {
    NodeId(index.index() as u64)
}

fn rel_id(index: EdgeIndex) -> RelId {
    RelId(index.index() as u64)
}

fn node_at(graph: &Graph, node: NodeId) -> Option<&Node> {
    graph.node_by_index(node_index(node)?)
}

fn edge_at(graph: &Graph, rel: RelId) -> Option<EdgeRef<'_>> {
    EdgeRef::at(graph, edge_index(rel)?)
}

fn kind_by_label(label: &str) -> Option<NodeKind> {
    NodeKind::ALL
        .iter()
        .copied()
        .find(|kind| kind.variant() == label)
}

fn optional<T: Into<Value>>(value: Option<T>) -> Value {
    value.map_or(Value::Null, Into::into)
}

fn year(value: Option<i32>) -> Value {
    optional(value.map(i64::from))
}

/// The node's text properties, borrowed: what string predicates read in place.
fn node_text<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    match key {
        "id" => Some(&node.id),
        "name" => Some(&node.name),
        "kind" => Some(node.kind.name()),
        "description" => node.description.as_deref(),
        "url" => node.url.as_deref(),
        "notes" => node.notes.as_deref(),
        _ => None,
    }
}

fn node_value(node: &Node, key: &str) -> Value {
    match key {
        "aliases" => Value::List(node.aliases.iter().map(|a| a.as_str().into()).collect()),
        "established" => year(node.established),
        _ => optional(node_text(node, key)),
    }
}

fn edge_value(edge: EdgeRef<'_>, key: &str) -> Value {
    match key {
        "kind" => edge.kind().name().into(),
        "role" => optional(edge.role()),
        "since" => year(edge.since()),
        "until" => year(edge.until()),
        "year" => year(edge.year()),
        "date" => optional(edge.date()),
        "valid_from" => date_value(validity(&edge).0),
        "valid_to" => date_value(validity(&edge).1),
        "amount" => edge.amount().map_or(Value::Null, |amount| {
            let value = i64::try_from(amount.value)
                .map_or(Value::Float(amount.value as f64), Value::Integer);
            let bound = match amount.bound {
                Bound::Exact => "exact",
                Bound::Over => "over",
                Bound::Under => "under",
                Bound::About => "about",
            };
            Value::Map(BTreeMap::from([
                ("value".to_string(), value),
                ("currency".to_string(), amount.currency.as_str().into()),
                ("bound".to_string(), bound.into()),
            ]))
        }),
        "via" => optional(edge.via()),
        "inferred" => Value::Boolean(edge.inferred()),
        "notes" => optional(edge.notes()),
        "evidence" => Value::List(
            edge.evidence()
                .map(|evidence| {
                    Value::Map(BTreeMap::from([
                        ("source".to_string(), evidence.source().into()),
                        ("quote".to_string(), evidence.quote().into()),
                    ]))
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn date_value(day: Option<civil::Date>) -> Value {
    day.map_or(Value::Null, |day| {
        Value::Temporal(Box::new(Temporal::Date(day)))
    })
}

/// The properties nodes expose, as `node_value` reads them.
const NODE_KEYS: [&str; 8] = [
    "id",
    "name",
    "kind",
    "aliases",
    "description",
    "established",
    "url",
    "notes",
];

/// The properties relationships expose, as `edge_value` reads them.
const EDGE_KEYS: [&str; 11] = [
    "kind", "role", "since", "until", "year", "date", "amount", "via", "inferred", "notes",
    "evidence",
];

/// The relationship properties worked out when read, which `properties(r)` leaves
/// out so that answers show what the file holds.
const DERIVED_EDGE_KEYS: [&str; 2] = ["valid_from", "valid_to"];

fn all_properties<T: Copy>(
    item: Option<T>,
    keys: &[&str],
    read: fn(T, &str) -> Value,
) -> BTreeMap<String, Value> {
    let Some(item) = item else {
        return BTreeMap::new();
    };
    keys.iter()
        .filter_map(|key| {
            let value = read(item, key);
            (!value.is_null()).then(|| (key.to_string(), value))
        })
        .collect()
}

/// Whether `edge` is shown in `years` (every edge is, without years).
fn holds(graph: &Graph, edge: EdgeIndex, years: Option<Years>) -> bool {
    // Without years the edge itself need not be read.
    years.is_none_or(|years| EdgeRef::at(graph, edge).is_some_and(|e| years.admits(&e).is_some()))
}

/// The links of `node` in `direction` whose kind is in `mask`, optionally hiding
/// those that do not hold in `years`. For `Both`, a self-loop is listed once.
fn links_of<'g>(
    graph: &'g Graph,
    node: NodeId,
    direction: Direction,
    mask: u64,
    years: Option<Years>,
) -> impl Iterator<Item = &'g Link> + 'g {
    let adjacency = graph.adjacency();
    let (outgoing, incoming) = match node_index(node) {
        Some(index) => (adjacency.outgoing(index), adjacency.incoming(index)),
        None => (&[][..], &[][..]),
    };
    let (outgoing, incoming) = match direction {
        Direction::Outgoing => (outgoing, &[][..]),
        Direction::Incoming => (&[][..], incoming),
        Direction::Both => (outgoing, incoming),
    };
    // For `Both`, a self-loop is already among the outgoing links.
    let skip_loops = direction == Direction::Both;
    let own = node_index(node);
    outgoing
        .iter()
        .chain(
            incoming
                .iter()
                .filter(move |l| !(skip_loops && Some(l.other) == own)),
        )
        .filter(move |l| in_mask(mask, l.kind) && holds(graph, l.edge, years))
}

/// The relationships of `node`, optionally hiding those that do not hold in `years`.
fn edges_of<'g>(
    graph: &'g Graph,
    node: NodeId,
    direction: Direction,
    types: &[String],
    years: Option<Years>,
) -> Hops<'g> {
    let mask = kind_mask(types);
    Box::new(
        links_of(graph, node, direction, mask, years).map(|l| (rel_id(l.edge), node_id(l.other))),
    )
}

/// How many relationships [`edges_of`] lists, counted without reading the edges when
/// every kind is wanted in every year.
fn degree_of(
    graph: &Graph,
    node: NodeId,
    direction: Direction,
    types: &[String],
    years: Option<Years>,
) -> usize {
    let mask = kind_mask(types);
    match (node_index(node), direction, mask, years) {
        (Some(index), Direction::Outgoing, u64::MAX, None) => {
            graph.adjacency().outgoing(index).len()
        }
        (Some(index), Direction::Incoming, u64::MAX, None) => {
            graph.adjacency().incoming(index).len()
        }
        _ => links_of(graph, node, direction, mask, years).count(),
    }
}

/// Every relationship of the graph in storage order, optionally hiding those that do
/// not hold in `years`.
fn all_edges<'g>(
    graph: &'g Graph,
    types: &[String],
    years: Option<Years>,
) -> Box<dyn Iterator<Item = (RelId, NodeId, NodeId)> + 'g> {
    let mask = kind_mask(types);
    Box::new(
        graph
            .petgraph()
            .edge_references()
            .filter(move |edge| in_mask(mask, edge.weight().kind) && holds(graph, edge.id(), years))
            .map(|edge| {
                (
                    rel_id(edge.id()),
                    node_id(edge.source()),
                    node_id(edge.target()),
                )
            }),
    )
}

/// The graph as the query engine sees it: whole, or as it stood in one year, when
/// relationships whose dates say they did not hold then ([`Dated::holds_in`](crate::model::Dated::holds_in) is false)
/// are hidden and undated ones stay.
///
/// ```
/// use agencygraph::cypher::eval::{Options, Params, Query, QueryError};
/// use agencygraph::graph::View;
///
/// let graph = agencygraph::Graph::bundled();
/// // SPOTLIGHT-PROGRAMMES was part of SPOTLIGHT from 2017 to 2023 (graph/programme.ron).
/// let query = Query::parse("MATCH ({id: 'SPOTLIGHT-PROGRAMMES'})-[r:PART_OF]->() RETURN count(r)")?;
/// let count = |view: View| -> Result<String, QueryError> {
///     Ok(query.run(&view, &Params::new(), &Options::default())?.rows[0][0].to_string())
/// };
/// assert_eq!(count(graph.view())?, "1");
/// assert_eq!(count(graph.view_at(2016))?, "0");
/// # Ok::<(), agencygraph::cypher::eval::QueryError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct View<'g> {
    graph: &'g Graph,
    years: Option<Years>,
}

impl<'g> View<'g> {
    /// The graph seen.
    pub fn graph(&self) -> &'g Graph {
        self.graph
    }

    /// The year relationships must hold in, for a view of one year ([`Graph::view_at`]).
    pub fn year(&self) -> Option<i32> {
        self.years
            .and_then(|y| y.from.filter(|&from| y.to == Some(from)))
    }

    /// The years relationships must hold in; `None` shows every relationship.
    pub fn years(&self) -> Option<Years> {
        self.years
    }
}

impl PropertyGraph for View<'_> {
    fn relationships(&self, node: NodeId, direction: Direction, types: &[String]) -> Hops<'_> {
        edges_of(self.graph, node, direction, types, self.years)
    }

    fn degree(&self, node: NodeId, direction: Direction, types: &[String]) -> usize {
        degree_of(self.graph, node, direction, types, self.years)
    }

    fn all_relationships(
        &self,
        types: &[String],
    ) -> Option<Box<dyn Iterator<Item = (RelId, NodeId, NodeId)> + '_>> {
        Some(all_edges(self.graph, types, self.years))
    }

    // The counts hold for the whole graph, so a view of one year has none.
    fn type_count(&self, rel_type: &str) -> Option<TypeCount> {
        if self.years.is_some() {
            return None;
        }
        let count = kind_by_type(rel_type).map_or_else(KindCount::default, |kind| {
            self.graph.adjacency().kind_count(kind)
        });
        Some(TypeCount {
            count: count.count,
            example: count.first.map(rel_id),
        })
    }

    fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    fn nodes(&self) -> Box<dyn Iterator<Item = NodeId> + '_> {
        Box::new(self.graph.petgraph().node_indices().map(node_id))
    }

    fn nodes_with_label(&self, label: &str) -> Box<dyn Iterator<Item = NodeId> + '_> {
        let Some(kind) = kind_by_label(label) else {
            return Box::new(std::iter::empty());
        };
        // From the graph's index of nodes by kind, not a scan of every node.
        Box::new(
            self.graph
                .node_indices_of_kind(kind)
                .iter()
                .map(|&index| node_id(index)),
        )
    }

    fn label_size(&self, label: &str) -> usize {
        kind_by_label(label).map_or(0, |kind| self.graph.node_indices_of_kind(kind).len())
    }

    // Each node has one label, its kind: a group per kind, from the kind index.
    fn label_groups(&self) -> Vec<(NodeId, usize)> {
        NodeKind::ALL
            .iter()
            .filter_map(|&kind| {
                let nodes = self.graph.node_indices_of_kind(kind);
                nodes.first().map(|&first| (node_id(first), nodes.len()))
            })
            .collect()
    }

    fn indexed_lookup(&self, key: &str, value: &Value) -> Option<Vec<NodeId>> {
        if key != "id" {
            return None;
        }
        Some(match value {
            Value::String(id) => self.graph.node_index(id).map(node_id).into_iter().collect(),
            _ => Vec::new(),
        })
    }

    fn labels(&self, node: NodeId) -> Vec<String> {
        node_at(self.graph, node)
            .map(|n| vec![n.kind.variant().to_string()])
            .unwrap_or_default()
    }

    fn has_label(&self, node: NodeId, label: &str) -> bool {
        node_at(self.graph, node).is_some_and(|n| n.kind.variant() == label)
    }

    fn node_property(&self, node: NodeId, key: &str) -> Value {
        node_at(self.graph, node).map_or(Value::Null, |n| node_value(n, key))
    }

    fn node_text(&self, node: NodeId, key: &str) -> Option<Cow<'_, str>> {
        node_text(node_at(self.graph, node)?, key).map(Cow::Borrowed)
    }

    fn node_properties(&self, node: NodeId) -> BTreeMap<String, Value> {
        all_properties(node_at(self.graph, node), &NODE_KEYS, node_value)
    }

    fn relationship_type(&self, rel: RelId) -> String {
        edge_index(rel)
            .and_then(|e| self.graph.petgraph().edge_weight(e))
            .map_or_else(String::new, |record| type_name(record.kind).to_string())
    }

    fn endpoints(&self, rel: RelId) -> (NodeId, NodeId) {
        edge_index(rel)
            .and_then(|e| self.graph.petgraph().edge_endpoints(e))
            .map_or((NodeId(u64::MAX), NodeId(u64::MAX)), |(a, b)| {
                (node_id(a), node_id(b))
            })
    }

    fn relationship_property(&self, rel: RelId, key: &str) -> Value {
        edge_at(self.graph, rel).map_or(Value::Null, |e| edge_value(e, key))
    }

    fn relationship_properties(&self, rel: RelId) -> BTreeMap<String, Value> {
        all_properties(edge_at(self.graph, rel), &EDGE_KEYS, edge_value)
    }

    fn label_names(&self) -> Vec<String> {
        NodeKind::ALL
            .iter()
            .map(|kind| kind.variant().to_string())
            .collect()
    }

    fn type_names(&self) -> Vec<String> {
        type_names().to_vec()
    }

    fn property_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = NODE_KEYS
            .iter()
            .chain(&EDGE_KEYS)
            .chain(&DERIVED_EDGE_KEYS)
            .map(|key| key.to_string())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    fn resolve_name(&self, name: &str) -> Option<NodeId> {
        let node = self.graph.find(name).ok()?;
        self.graph.node_index(&node.id).map(node_id)
    }

    fn procedure_names(&self) -> Vec<String> {
        PROCEDURES
            .iter()
            .map(|(name, _)| name.to_string())
            .collect()
    }

    fn call_procedure(&self, name: &str, args: &[Value]) -> Result<ProcedureOutput, String> {
        let Some(&(_, procedure)) = PROCEDURES.iter().find(|(known, _)| *known == name) else {
            return Err(format!("unknown procedure `{name}`"));
        };
        let ProcedureOptions { selection, sample } = ProcedureOptions::read(name, args)?;
        if sample.is_some() && !matches!(procedure, Procedure::Score(Measure::Betweenness)) {
            return Err(format!(
                "`{name}` takes no `sample`: only algo.betweenness samples"
            ));
        }
        let selection = Selection {
            years: self.years.unwrap_or_default(),
            ..selection
        };
        let network = Network::of(self.graph, &selection);
        if let Some(Sample { sources, .. }) = sample
            && sources > network.nodes().len()
        {
            return Err(format!(
                "`sample` of `{name}` is {sources}, more than the {} entities",
                network.nodes().len()
            ));
        }
        let node = |i: usize| {
            network
                .nodes()
                .get(i)
                .and_then(|node| self.graph.node_index(&node.id))
                .map_or(Value::Null, |index| Value::Node(node_id(index)))
        };
        let (columns, rows): (&[&str], Vec<Vec<Value>>) = match procedure {
            Procedure::Score(measure) => {
                let scores = network.scores(measure, sample).map_err(|e| e.to_string())?;
                let rows = scores
                    .into_iter()
                    .enumerate()
                    .map(|(i, score)| vec![node(i), Value::Float(score)])
                    .collect();
                (&["node", "score"], rows)
            }
            Procedure::Groups { louvain } => {
                let groups = if louvain {
                    network.louvain()
                } else {
                    network.components()
                };
                let rows = groups
                    .iter()
                    .enumerate()
                    .flat_map(|(group, members)| {
                        members
                            .iter()
                            .map(move |&i| (i, Value::Integer(group as i64)))
                    })
                    .map(|(i, group)| vec![node(i), group])
                    .collect();
                (
                    if louvain {
                        &["node", "community"]
                    } else {
                        &["node", "component"]
                    },
                    rows,
                )
            }
            Procedure::ArticulationPoints => {
                let rows = network
                    .articulation_points()
                    .into_iter()
                    .map(|(i, parts)| vec![node(i), Value::Integer(parts as i64)])
                    .collect();
                (&["node", "parts"], rows)
            }
            Procedure::Bridges => {
                let rows = network
                    .bridges()
                    .into_iter()
                    .map(|(a, b)| vec![node(a), node(b)])
                    .collect();
                (&["from", "to"], rows)
            }
        };
        Ok(ProcedureOutput {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        })
    }
}

/// What a procedure's one optional argument, a map, may say: the same choices as the
/// `rank` command's flags. `{kinds: ['UnEntity'], edgeKinds: ['CHAIRS'], sample: 20,
/// seed: 7}` keeps entities of those labels and relations of those types, and samples
/// 20 betweenness sources with seed 7 (seed 1 when not given, as `rank --sample`).
struct ProcedureOptions {
    selection: Selection,
    sample: Option<Sample>,
}

impl ProcedureOptions {
    const KEYS: &'static str = "kinds, edgeKinds, sample, seed";

    fn read(name: &str, args: &[Value]) -> Result<ProcedureOptions, String> {
        let mut options = ProcedureOptions {
            selection: Selection::default(),
            sample: None,
        };
        let map = match args {
            [] => return Ok(options),
            [Value::Map(map)] => map,
            _ => {
                return Err(format!(
                    "`{name}` takes at most one argument, a map of options ({})",
                    Self::KEYS
                ));
            }
        };
        let names = |key: &str, value: &Value| -> Result<Vec<String>, String> {
            let Value::List(items) = value else {
                return Err(format!("`{key}` of `{name}` must be a list of names"));
            };
            items
                .iter()
                .map(|item| match item {
                    Value::String(text) => Ok(text.clone()),
                    _ => Err(format!("`{key}` of `{name}` must be a list of names")),
                })
                .collect()
        };
        let count = |key: &str, value: &Value| match value {
            Value::Integer(n) if *n > 0 => Ok(*n as u64),
            _ => Err(format!("`{key}` of `{name}` must be a positive integer")),
        };
        let seed = map.get("seed").map(|v| count("seed", v)).transpose()?;
        for (key, value) in map {
            match key.as_str() {
                "kinds" => {
                    let kinds = names(key, value)?
                        .iter()
                        .map(|label| {
                            kind_by_label(label).ok_or_else(|| format!("`{label}` is not a label"))
                        })
                        .collect::<Result<_, _>>()?;
                    options.selection.node_kinds = Some(kinds);
                }
                "edgeKinds" => {
                    let kinds = names(key, value)?
                        .iter()
                        .map(|type_| {
                            kind_by_type(type_)
                                .ok_or_else(|| format!("`{type_}` is not a relationship type"))
                        })
                        .collect::<Result<_, _>>()?;
                    options.selection.edge_kinds = Some(kinds);
                }
                "sample" => {
                    options.sample = Some(Sample {
                        sources: usize::try_from(count(key, value)?).unwrap_or(usize::MAX),
                        seed: seed.unwrap_or(1),
                    });
                }
                "seed" => {}
                _ => {
                    return Err(format!(
                        "`{name}` has no option `{key}`; it takes {}",
                        Self::KEYS
                    ));
                }
            }
        }
        if seed.is_some() && options.sample.is_none() {
            return Err(format!("`seed` of `{name}` needs `sample`"));
        }
        Ok(options)
    }
}

/// What a procedure of [`PROCEDURES`] computes over the view's network.
#[derive(Debug, Clone, Copy)]
enum Procedure {
    /// One score per node: `YIELD node, score`.
    Score(Measure),
    /// Connected components (`YIELD node, component`) or Louvain communities
    /// (`YIELD node, community`), numbered from 0.
    Groups { louvain: bool },
    /// The nodes whose removal splits their component: `YIELD node, parts`.
    ArticulationPoints,
    /// The links whose removal splits their component: `YIELD from, to`.
    Bridges,
}

/// The read-only procedures queries can `CALL`, each over the graph as the view
/// shows it (so `--at` applies), taken as a simple undirected network as
/// [`analysis`](crate::analysis) describes.
const PROCEDURES: [(&str, Procedure); 10] = [
    ("algo.degree", Procedure::Score(Measure::Degree)),
    ("algo.betweenness", Procedure::Score(Measure::Betweenness)),
    ("algo.closeness", Procedure::Score(Measure::Closeness)),
    ("algo.pagerank", Procedure::Score(Measure::PageRank)),
    ("algo.eigenvector", Procedure::Score(Measure::Eigenvector)),
    ("algo.components", Procedure::Groups { louvain: false }),
    ("algo.louvain", Procedure::Groups { louvain: true }),
    ("algo.community", Procedure::Groups { louvain: true }),
    ("algo.articulationPoints", Procedure::ArticulationPoints),
    ("algo.bridges", Procedure::Bridges),
];

impl Graph {
    /// The whole graph as the query engine sees it.
    pub fn view(&self) -> View<'_> {
        View {
            graph: self,
            years: None,
        }
    }

    /// The graph as it stood in `year`, as the query engine sees it (`--at YEAR`).
    pub fn view_at(&self, year: i32) -> View<'_> {
        self.view_during(Years::at(year))
    }

    /// The graph as it stood in some of `years`, as the query engine sees it (`--from`,
    /// `--to`, `--exclude-undated`): relationships whose dates say they did not hold
    /// in any of them are hidden, and undated ones too when `years` exclude them.
    ///
    /// ```
    /// use agencygraph::cypher::eval::{Options, Params, Query};
    /// use agencygraph::Years;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let query = Query::parse("MATCH ()-[r]->() RETURN count(r)")?;
    /// let count = |years: Years| -> Result<i64, agencygraph::cypher::eval::QueryError> {
    ///     let rows = query.run(&graph.view_during(years), &Params::new(), &Options::default())?.rows;
    ///     Ok(rows[0][0].to_string().parse().unwrap())
    /// };
    /// let all = count(Years::default())?;
    /// let dated_only = count(Years::default().excluding_undated())?;
    /// assert!(dated_only < all);
    /// assert!(count(Years::between(Some(2016), Some(2019)))? >= count(Years::at(2016))?);
    /// # Ok::<(), agencygraph::cypher::eval::QueryError>(())
    /// ```
    pub fn view_during(&self, years: Years) -> View<'_> {
        View {
            graph: self,
            // Every relationship shown: the whole-graph fast paths apply.
            years: (!years.is_all()).then_some(years),
        }
    }

    /// Runs a read-only openCypher query over the whole graph with the default
    /// [`Options`]; see [`cypher::eval`](crate::cypher::eval) for the language.
    pub fn query(&self, text: &str, params: &Params) -> Result<QueryResult, QueryError> {
        Query::parse(text)?.run(&self.view(), params, &Options::default())
    }

    /// The node a query result numbers `number` (a [`ResultValue::Node`]'s `id`), so
    /// answers lead back to the graph.
    ///
    /// [`ResultValue::Node`]: crate::cypher::eval::ResultValue::Node
    ///
    /// ```
    /// use agencygraph::cypher::eval::{Params, ResultValue};
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let result = graph.query("MATCH (n {id: 'ICAT'}) RETURN n", &Params::new())?;
    /// let ResultValue::Node { id, .. } = &result.rows[0][0] else { unreachable!() };
    /// assert_eq!(graph.node_by_number(*id).map(|n| n.name.as_str()),
    ///            Some("Inter-Agency Coordination Group on Trafficking in Persons"));
    /// # Ok::<(), agencygraph::cypher::eval::QueryError>(())
    /// ```
    pub fn node_by_number(&self, number: u64) -> Option<&Node> {
        node_at(self, NodeId(number))
    }

    /// The edge a query result numbers `number` (a [`ResultValue::Relationship`]'s `id`).
    ///
    /// [`ResultValue::Relationship`]: crate::cypher::eval::ResultValue::Relationship
    pub fn edge_by_number(&self, number: u64) -> Option<EdgeRef<'_>> {
        edge_at(self, RelId(number))
    }
}

#[cfg(test)]
mod tests {
    //! Questions about the bundled data set; each answer was checked against the files
    //! under `graph/` (through `agencygraph export --format json`, not through this
    //! evaluator).

    use super::*;
    use crate::cypher::eval::ResultValue;
    use crate::cypher::graph::PropertyGraph;
    use crate::model::Edge;

    fn cell(value: &ResultValue) -> String {
        match value {
            ResultValue::String(s) => format!("'{s}'"),
            other => other.to_string(),
        }
    }

    /// Runs each query over `view` and compares its rows with the expected ones.
    fn check(view: &View<'_>, cases: &[(&str, &[&str])]) {
        for (text, expected) in cases {
            assert_eq!(ask(view, text, &Params::new()), *expected, "\n{text}");
        }
    }

    fn ask<G: PropertyGraph + ?Sized>(graph: &G, text: &str, params: &Params) -> Vec<String> {
        match Query::parse(text).and_then(|q| q.run(graph, params, &Options::default())) {
            Ok(result) => result
                .rows
                .iter()
                .map(|row| row.iter().map(cell).collect::<Vec<_>>().join(" | "))
                .collect(),
            Err(error) => panic!("{}", error.render(text)),
        }
    }

    #[test]
    fn real_questions_have_the_answers_in_the_files() {
        let graph = Graph::bundled();
        let cases: [(&str, &[&str]); 16] = [
            (
                "MATCH (a)-[:SECRETARIAT_OF]->(m {id: 'ICAT'}) RETURN a.id",
                &["'UNODC'"],
            ),
            (
                "MATCH (a)-[:CO_CHAIRS]->(t {id: 'TWG-GEEW'}) RETURN a.id ORDER BY a.id",
                &["'ESCAP'", "'UN-WOMEN'"],
            ),
            (
                "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY n DESC, t LIMIT 3",
                &[
                    "'PART_OF' | 22",
                    "'PARTICIPATES_IN' | 15",
                    "'SUPPORTS' | 12",
                ],
            ),
            ("MATCH (n) RETURN count(n)", &["88"]),
            ("MATCH ()-->() RETURN count(*)", &["124"]),
            (
                "MATCH ({id: 'UNODC'})-[*1..2]-(m:Mechanism) RETURN DISTINCT m.id",
                &["'ICAT'"],
            ),
            (
                "RETURN resolve('un action').id, resolve('no such body')",
                &["'UN-ACTION' | null"],
            ),
            // Resolved once per run and remembered: every row gets the same answer, and
            // a name several nodes contain resolves to none.
            (
                "MATCH (n:UnEntity) WITH resolve('Spotlight') AS s, resolve('IASC Gender') AS g RETURN s.id, g, count(*)",
                &["'SPOTLIGHT' | null | 7"],
            ),
            (
                "MATCH (n:UnEntity) RETURN n.id ORDER BY n.id",
                &[
                    "'ESCAP'",
                    "'OCHA'",
                    "'OHCHR'",
                    "'UN-WOMEN'",
                    "'UNODC'",
                    "'UNRWA'",
                    "'WFP'",
                ],
            ),
            (
                "MATCH (:UnEntity {id: 'UNODC'})-[r:COORDINATES]->(x) RETURN x.id, r.role, r.year, r.kind, r.inferred ORDER BY x.id",
                &[
                    "'ICAT' | 'permanent coordinator' | null | 'coordinates' | false",
                    "'ICAT-SUBMISSION-CEDAW' | 'coordinated the development' | 2019 | 'coordinates' | false",
                ],
            ),
            (
                "MATCH ({id: 'EU'})-[r:FUNDS]->(s) RETURN s.id, r.amount.value, r.amount.currency, r.amount.bound, r.year, r.evidence[0].source",
                &["'SPOTLIGHT' | 500000000 | 'USD' | 'over' | 2017 | 'inter-agency-mechanisms'"],
            ),
            (
                "MATCH (n)<--() RETURN n.id AS id, count(*) AS d ORDER BY d DESC, id LIMIT 1",
                &["'IASC' | 7"],
            ),
            (
                "MATCH p = shortestPath((a {id: 'ESCAP'})-[*]-(b {id: 'UNODC'})) RETURN length(p)",
                &["5"],
            ),
            (
                "MATCH (n {id: 'UNODC'}) RETURN n.kind, labels(n), n.name, n.aliases",
                &[
                    "'un-entity' | ['UnEntity'] | 'United Nations Office on Drugs and Crime' | ['UNODC']",
                ],
            ),
            (
                "MATCH (m)-[:MEMBER_OF]->({id: 'UN-ACTION'}) RETURN m.id ORDER BY m.id",
                &["'DPKO'", "'OCHA'", "'UNODC'"],
            ),
            (
                "MATCH (a)-[:CHAIRS]->(m) RETURN a.id, m.id",
                &["'UNMAS' | 'IACG-MA'"],
            ),
        ];
        check(&graph.view(), &cases);
        let params = Params::from([("id".to_string(), Value::from("ICAT"))]);
        assert_eq!(
            ask(
                &graph.view(),
                "MATCH (n) WHERE n.id = $id RETURN n.name",
                &params
            ),
            ["'Inter-Agency Coordination Group on Trafficking in Persons'"]
        );
        assert_eq!(
            ask(
                &graph.view(),
                "MATCH (n) WHERE n.established = 2018 RETURN count(*)",
                &Params::new()
            ),
            ["4"]
        );
        let result = graph.query("MATCH (n {id: 'ICAT'}) RETURN n", &Params::new());
        assert_eq!(
            result.map(|r| r.rows[0][0].to_string()).ok().as_deref(),
            Some("(:Mechanism {id: 'ICAT', …})")
        );
    }

    #[test]
    fn unknown_names_are_warned_of_with_suggestions() {
        let graph = Graph::bundled();
        let cases = [
            (
                "MATCH (n:UNEntity) RETURN n",
                "unknown label `UNEntity` (did you mean `UnEntity`?)",
            ),
            (
                "MATCH ()-[:CO_CHAIR]->() RETURN 1",
                "unknown relationship type `CO_CHAIR` (did you mean `CO_CHAIRS`?)",
            ),
            (
                "MATCH (n) RETURN n.aliasses",
                "unknown property key `aliasses` (did you mean `aliases`?)",
            ),
        ];
        let strict = Options {
            strict: true,
            ..Options::default()
        };
        for (text, message) in cases {
            let answer = graph.query(text, &Params::new()).unwrap();
            assert_eq!(answer.warnings.len(), 1, "{text}");
            assert_eq!(answer.warnings[0].to_string(), message);
            let error = Query::parse(text)
                .and_then(|q| q.run(&graph.view(), &Params::new(), &strict))
                .unwrap_err();
            assert_eq!(error.to_string(), message);
        }
    }

    /// The path A — B — C: mechanisms `A` and `C` parts of `B`.
    fn path() -> Graph {
        let mut graph = Graph::new();
        graph
            .add_source(crate::model::Source::new("s", "A source"))
            .unwrap();
        for id in ["A", "B", "C"] {
            graph
                .add_node(Node::new(id, NodeKind::Mechanism, id))
                .unwrap();
        }
        for (from, to) in [("A", "B"), ("C", "B")] {
            let edge = Edge::new(from, EdgeKind::PartOf, to).evidence("s", "a quote");
            graph.add_edge(edge).unwrap();
        }
        graph
    }

    #[test]
    fn procedures_answer_with_the_network_measures() {
        let graph = path();
        // Worked out by hand for the path A — B — C: B is on the one shortest path
        // between the other two; PageRank solves a = 0.05 + 0.425 b, b = 0.05 + 1.7 a
        // (a = 0.2568, b = 0.4865); closeness is 2 / (1 + 2) at the ends.
        let cases: [(&str, &[&str]); 14] = [
            (
                "CALL algo.degree() YIELD node, score RETURN node.id, score ORDER BY node.id",
                &["'A' | 0.5", "'B' | 1.0", "'C' | 0.5"],
            ),
            (
                "CALL algo.betweenness() YIELD node, score RETURN node.id, score ORDER BY node.id",
                &["'A' | 0.0", "'B' | 1.0", "'C' | 0.0"],
            ),
            (
                "CALL algo.closeness() YIELD node, score RETURN node.id, round(score * 1000) ORDER BY node.id",
                &["'A' | 667.0", "'B' | 1000.0", "'C' | 667.0"],
            ),
            (
                "CALL algo.pagerank() YIELD node, score RETURN node.id, round(score * 10000) ORDER BY node.id",
                &["'A' | 2568.0", "'B' | 4865.0", "'C' | 2568.0"],
            ),
            (
                "CALL algo.components() YIELD node, component RETURN component, count(*)",
                &["0 | 3"],
            ),
            (
                "CALL algo.articulationPoints() YIELD node, parts RETURN node.id, parts",
                &["'B' | 2"],
            ),
            (
                "CALL algo.bridges() YIELD from, to RETURN from.id + '-' + to.id AS link ORDER BY link",
                &["'A-B'", "'B-C'"],
            ),
            // Filtered after YIELD, renamed, and joined with a pattern.
            (
                "CALL algo.degree() YIELD node AS m, score WHERE score < 1 MATCH (m)-[:PART_OF]->(whole) RETURN m.id, whole.id ORDER BY m.id",
                &["'A' | 'B'", "'C' | 'B'"],
            ),
            (
                "MATCH (n {id: 'A'}) CALL algo.degree() YIELD node, score WITH n, node, score WHERE node = n RETURN score",
                &["0.5"],
            ),
            // Several rows before the CALL: each joins the same (reused) answer.
            (
                "MATCH (n) WHERE n.id IN ['A', 'C'] CALL algo.degree() YIELD node, score WITH n, node, score WHERE node = n RETURN n.id, score ORDER BY n.id",
                &["'A' | 0.5", "'C' | 0.5"],
            ),
            // The `rank` command's choices as a map. Sampling all three sources is exact
            // betweenness (networkx scales by n / k = 1); with only CHAIRS relations no
            // node has a link; no node is a network.
            (
                "CALL algo.betweenness({sample: 3, seed: 9}) YIELD node, score RETURN node.id, score ORDER BY node.id",
                &["'A' | 0.0", "'B' | 1.0", "'C' | 0.0"],
            ),
            (
                "CALL algo.degree({edgeKinds: ['CHAIRS']}) YIELD node, score RETURN count(*), sum(score)",
                &["3 | 0.0"],
            ),
            (
                "CALL algo.degree({edgeKinds: ['PART_OF'], kinds: ['Mechanism']}) YIELD node, score RETURN node.id, score ORDER BY node.id",
                &["'A' | 0.5", "'B' | 1.0", "'C' | 0.5"],
            ),
            (
                "CALL algo.pagerank({kinds: ['Network']}) YIELD node RETURN count(*)",
                &["0"],
            ),
        ];
        check(&graph.view(), &cases);
    }

    #[test]
    fn procedures_see_the_view_and_refuse_mistakes() {
        let graph = Graph::bundled();
        // Over the whole bundled graph, the procedure agrees with the analysis module.
        let network = Network::of(&graph, &Selection::default());
        let top = &network.ranking(&network.pagerank().unwrap())[0];
        assert_eq!(
            ask(
                &graph.view(),
                "CALL algo.pagerank() YIELD node, score RETURN node.id ORDER BY score DESC LIMIT 1",
                &Params::new()
            ),
            [format!("'{}'", top.node.id)]
        );
        // Under --at 2016, the relations that did not hold then are not in the network.
        let in_2016 = Network::of(
            &graph,
            &Selection {
                years: Years::at(2016),
                ..Selection::default()
            },
        );
        assert_eq!(
            ask(
                &graph.view_at(2016),
                "CALL algo.bridges() YIELD from RETURN count(*)",
                &Params::new()
            ),
            [in_2016.bridges().len().to_string()]
        );
        // A sample gives what `rank --sample 20 --seed 7` does.
        let sample = Sample {
            sources: 20,
            seed: 7,
        };
        let top = &network.ranking(&network.sampled_betweenness(sample).unwrap())[0];
        assert_eq!(
            ask(
                &graph.view(),
                "CALL algo.betweenness({sample: 20, seed: 7}) YIELD node, score RETURN node.id ORDER BY score DESC LIMIT 1",
                &Params::new()
            ),
            [format!("'{}'", top.node.id)]
        );
        let failures = [
            (
                "CALL algo.pagerenk() YIELD node RETURN node",
                "unknown procedure `algo.pagerenk` (did you mean `algo.pagerank`?)",
            ),
            (
                "CALL algo.pagerank() YIELD node, rank RETURN node",
                "`algo.pagerank` yields no `rank`; it yields node, score",
            ),
            (
                "CALL algo.pagerank(1) YIELD node RETURN node",
                "`algo.pagerank` takes at most one argument, a map of options (kinds, edgeKinds, sample, seed)",
            ),
            (
                "CALL algo.pagerank({colour: 'red'}) YIELD node RETURN node",
                "`algo.pagerank` has no option `colour`; it takes kinds, edgeKinds, sample, seed",
            ),
            (
                "CALL algo.pagerank({sample: 3}) YIELD node RETURN node",
                "`algo.pagerank` takes no `sample`: only algo.betweenness samples",
            ),
            (
                "CALL algo.betweenness({seed: 3}) YIELD node RETURN node",
                "`seed` of `algo.betweenness` needs `sample`",
            ),
            (
                "CALL algo.betweenness({sample: 0}) YIELD node RETURN node",
                "`sample` of `algo.betweenness` must be a positive integer",
            ),
            (
                "CALL algo.betweenness({sample: 89}) YIELD node RETURN node",
                "`sample` of `algo.betweenness` is 89, more than the 88 entities",
            ),
            (
                "CALL algo.degree({kinds: 'UnEntity'}) YIELD node RETURN node",
                "`kinds` of `algo.degree` must be a list of names",
            ),
            (
                "CALL algo.degree({kinds: ['UnEntiti']}) YIELD node RETURN node",
                "`UnEntiti` is not a label",
            ),
            (
                "CALL algo.degree({edgeKinds: ['CHAIR']}) YIELD node RETURN node",
                "`CHAIR` is not a relationship type",
            ),
        ];
        for (text, message) in failures {
            let error = Query::parse(text)
                .and_then(|q| q.run(&graph.view(), &Params::new(), &Options::default()))
                .unwrap_err();
            assert!(error.to_string().contains(message), "{text}: {error}");
        }
    }

    #[test]
    fn dates_are_dates_in_queries() {
        let graph = Graph::bundled();
        let cases: [(&str, &[&str]); 5] = [
            (
                "MATCH ({id: 'SPOTLIGHT-PROGRAMMES'})-[r:PART_OF]->() RETURN r.valid_from, r.valid_to, r.since",
                &["2017-01-01 | 2023-12-31 | 2017"],
            ),
            (
                "MATCH ({id: 'ESCAP'})-[r:CO_ORGANISES]->({id: 'REGIONAL-COMMEMORATION-IDEVAW-2018'}) RETURN r.valid_from, r.valid_to, r.date",
                &["2018-11-23 | 2018-11-23 | '2018-11-23'"],
            ),
            (
                "MATCH ({id: 'OHCHR'})-[r:SUPPORTS]->({id: 'SIDE-EVENT-MANDATE-FEMICIDE-WATCH'}) RETURN r.valid_from, r.valid_to, r.date",
                &["2019-03-01 | 2019-03-31 | '2019-03'"],
            ),
            // Undated relations have no bounds, so a comparison with them is null.
            (
                "MATCH ()-[r]->() WHERE r.valid_from IS NULL AND r.valid_to IS NULL RETURN count(r) > 0",
                &["true"],
            ),
            // Of the relationships whose dates say they held on 2019-06-30, none is
            // one of the March 2019 side events.
            (
                "MATCH ()-[r]->(e) WHERE r.valid_from <= date('2019-06-30') <= r.valid_to AND e.id STARTS WITH 'SIDE-EVENT' RETURN count(r)",
                &["0"],
            ),
        ];
        check(&graph.view(), &cases);
    }

    #[test]
    fn at_year_hides_relationships_that_did_not_hold() {
        let graph = Graph::bundled();
        let count = "MATCH ()-[r]->() RETURN count(r)";
        assert_eq!(ask(&graph.view_at(2016), count, &Params::new()), ["113"]);
        assert_eq!(ask(&graph.view_at(2019), count, &Params::new()), ["120"]);
        let part_of = "MATCH ({id: 'SPOTLIGHT-PROGRAMMES'})-[:PART_OF]->(b) RETURN b.id";
        assert_eq!(
            ask(&graph.view_at(2020), part_of, &Params::new()),
            ["'SPOTLIGHT'"]
        );
        assert!(ask(&graph.view_at(2016), part_of, &Params::new()).is_empty());
        assert!(ask(&graph.view_at(2024), part_of, &Params::new()).is_empty());
        // Counted by degree, or by the counts per type, the same hidden relationships
        // stay hidden.
        let by_degree = "MATCH ()-->() RETURN count(*)";
        let by_type = "MATCH ()-[r]->() RETURN count(*)";
        for (year, expected) in [(2016, "113"), (2019, "120")] {
            let view = graph.view_at(year);
            assert_eq!(ask(&view, by_degree, &Params::new()), [expected]);
            assert_eq!(ask(&view, by_type, &Params::new()), [expected]);
        }
        assert_eq!(ask(&graph.view(), by_degree, &Params::new()), ["124"]);
        assert_eq!(ask(&graph.view(), by_type, &Params::new()), ["124"]);
    }

    #[test]
    fn queries_see_what_was_added_after_an_earlier_query() {
        let mut graph = Graph::bundled();
        let text = "MATCH (:UnEntity {id: 'OHCHR'})-[:MEMBER_OF]->(m) RETURN m.id";
        let before = "MATCH (:UnEntity {id: 'OHCHR'})-[r]->() RETURN count(r)";
        let count = ask(&graph.view(), before, &Params::new());
        assert_eq!(
            ask(&graph.view(), text, &Params::new()),
            Vec::<String>::new()
        );
        let edge = Edge::new("OHCHR", EdgeKind::MemberOf, "ICAT").evidence(
            "inter-agency-mechanisms",
            "a made-up statement for this test",
        );
        graph.add_edge(edge).unwrap();
        // The traversal index built by the first queries is rebuilt, not reused.
        assert_eq!(ask(&graph.view(), text, &Params::new()), ["'ICAT'"]);
        let after = ask(&graph.view(), before, &Params::new());
        assert_eq!(
            after[0].parse::<usize>().unwrap(),
            count[0].parse::<usize>().unwrap() + 1
        );
    }

    /// The label index answers counts by label: the nodes per kind counted with
    /// `grep -h '^            kind: ' graph/*.ron | sort | uniq -c` (88 in all).
    #[test]
    fn nodes_per_label_come_from_the_kind_index() {
        let bundled = Graph::bundled();
        let graph = bundled.view();
        let per_label = [
            "'Body' | 2",
            "'Campaign' | 5",
            "'Department' | 1",
            "'Event' | 9",
            "'Framework' | 4",
            "'Fund' | 4",
            "'Group' | 1",
            "'Initiative' | 5",
            "'Mandate' | 3",
            "'Mechanism' | 9",
            "'MemberState' | 3",
            "'Network' | 4",
            "'Office' | 6",
            "'Organisation' | 3",
            "'Programme' | 3",
            "'Project' | 4",
            "'Publication' | 7",
            "'UnEntity' | 7",
            "'WorkingGroup' | 8",
        ];
        check(
            &graph,
            &[
                (
                    "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label",
                    &per_label,
                ),
                ("MATCH (n) RETURN count(*)", &["88"]),
                ("MATCH (n:WorkingGroup) RETURN count(*)", &["8"]),
                ("MATCH (n:Event|Office) RETURN count(*)", &["15"]),
            ],
        );
        assert_eq!(graph.label_groups().len(), per_label.len());
        let plan = Query::parse("EXPLAIN MATCH (n) RETURN labels(n), count(*)")
            .and_then(|q| q.run(&graph, &Params::new(), &Options::default()))
            .unwrap();
        let plan: Vec<String> = plan.rows.iter().map(|row| row[0].to_string()).collect();
        assert!(
            plan.contains(&"  count (n) per labels from the label index (19 groups)".to_string()),
            "{plan:?}"
        );
    }

    /// String tests on a property read the graph's own strings (`node_text`): the
    /// answers from the names and ids in graph/mechanism.ron (no mechanism has a url).
    #[test]
    fn string_tests_read_node_properties_in_place() {
        let bundled = Graph::bundled();
        check(
            &bundled.view(),
            &[
                (
                    "MATCH (n:Mechanism) WHERE n.name STARTS WITH 'Inter-Agency' RETURN count(*)",
                    &["2"],
                ),
                (
                    "MATCH (n:Mechanism) WHERE n.name CONTAINS 'Inter-Agency' RETURN count(*)",
                    &["3"],
                ),
                (
                    "MATCH (n:Mechanism) WHERE n.name ENDS WITH 'Committee' RETURN count(*)",
                    &["2"],
                ),
                (
                    "MATCH (n) WHERE n.id ENDS WITH 'G' RETURN n.id ORDER BY n.id",
                    &["'CEDAW-GR-TRAFFICKING'", "'IASC-GRG'"],
                ),
                (
                    "MATCH (n:Mechanism) RETURN n.url CONTAINS '' AS u, count(*)",
                    &["null | 9"],
                ),
                (
                    "MATCH (n:Mechanism) WHERE n.established STARTS WITH '1' RETURN count(*)",
                    &["0"],
                ),
            ],
        );
    }

    #[test]
    fn names_follow_the_kinds() {
        assert_eq!(upper_snake("SecretariatOf"), "SECRETARIAT_OF");
        assert_eq!(type_name(EdgeKind::CoOrganises), "CO_ORGANISES");
        assert_eq!(type_names().len(), EdgeKind::ALL.len());
        for (i, kind) in EdgeKind::ALL.iter().enumerate() {
            assert_eq!(kind_position(*kind), i);
        }
        let bundled = Graph::bundled();
        let graph = bundled.view();
        assert_eq!(graph.label_names().len(), NodeKind::ALL.len());
        assert!(graph.type_names().contains(&"PART_OF".to_string()));
        assert_eq!(graph.label_size("Mechanism"), 9);
        assert!(graph.has_index("id") && !graph.has_index("name"));
        assert_eq!(
            graph.indexed_lookup("id", &Value::Integer(1)),
            Some(Vec::new())
        );
        // Numbers the graph does not have answer emptily.
        let missing = NodeId(1 << 40);
        assert!(graph.labels(missing).is_empty());
        assert_eq!(graph.node_property(missing, "id"), Value::Null);
        assert_eq!(
            graph.relationships(missing, Direction::Both, &[]).count(),
            0
        );
        assert_eq!(graph.relationship_type(RelId(1 << 40)), "");
        let unodc = graph
            .indexed_lookup("id", &"UNODC".into())
            .unwrap_or_default();
        let types = ["SECRETARIAT_OF".to_string(), "NOPE".to_string()];
        assert_eq!(
            graph
                .relationships(unodc[0], Direction::Outgoing, &types)
                .count(),
            1
        );
        assert_eq!(
            graph
                .relationships(unodc[0], Direction::Incoming, &types)
                .count(),
            0
        );
        assert_eq!(graph.node_properties(unodc[0]).len(), 5);
    }

    /// The adapter's fast paths (degrees by kind mask, counts per type, the `--at`
    /// view, the id index, `resolve`) must answer as a plain copy of the same graph
    /// does, on every query of the evaluator's own test tables. A query may fail, but
    /// then both fail alike.
    #[test]
    fn the_adapter_answers_as_a_plain_copy_on_the_whole_evaluator_corpus() {
        use crate::cypher::eval::corpus::query_corpus;
        use crate::cypher::memory::MemoryGraph;

        let graph = Graph::bundled();
        let corpus = query_corpus();
        assert!(
            corpus.len() > 400,
            "the corpus has {} queries",
            corpus.len()
        );
        let mut params = Params::new();
        params.insert("id".to_string(), "UNODC".into());
        params.insert("k".to_string(), Value::Integer(2));
        for view in [graph.view(), graph.view_at(2019)] {
            let copy = MemoryGraph::copy_of(&view);
            let mut answered = 0;
            for text in &corpus {
                // Refused before any graph is seen: nothing to compare.
                let Ok(query) = Query::parse(text) else {
                    continue;
                };
                let options = Options::default();
                let ours = query.run(&view, &params, &options);
                let theirs = query.run(&copy, &params, &options);
                match (&ours, &theirs) {
                    (Ok(a), Ok(b)) => {
                        // Compared as printed, since NaN is not equal to itself.
                        assert_eq!(
                            format!("{a:?}"),
                            format!("{b:?}"),
                            "{text} at {:?}",
                            view.year()
                        );
                        answered += 1;
                    }
                    (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
                    _ => panic!(
                        "{text} at {:?}: {ours:?} but the copy {theirs:?}",
                        view.year()
                    ),
                }
            }
            // Most of the corpus names labels and keys of its own small graphs, which
            // the agency graph refuses; the rest must be a real share.
            assert!(answered >= 250, "only {answered} queries answered");
        }
    }

    /// Where the planner starts on the agency graph, read from its plan: the `id`
    /// index, the rarest label, or a bound variable.
    #[test]
    fn the_planner_uses_the_id_index_and_labels_of_the_agency_graph() {
        let graph = Graph::bundled();
        let plan = |text: &str| {
            let query = Query::parse(text).unwrap_or_else(|e| panic!("{e}"));
            query
                .explain(&graph.view(), &Params::new(), &Options::default())
                .unwrap_or_else(|e| panic!("{e}"))
                .to_string()
        };
        assert!(
            plan("MATCH (a)-[:CHAIRS]->(m {id: 'IASC'}) RETURN a.id")
                .contains("start at (m) by the index on id = 'IASC'")
        );
        // 9 mechanisms in graph/mechanism.ron.
        assert!(
            plan("MATCH (m:Mechanism) RETURN m.id")
                .contains("start at (m:Mechanism) by label Mechanism (9 nodes)")
        );
        // `name` is not indexed: a label scan with a filter.
        assert!(!plan("MATCH (m:Mechanism {name: 'x'}) RETURN m").contains("index"));
    }
}
