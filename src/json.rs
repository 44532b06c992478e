//! The JSON shapes of nodes, edges and sources, for scripts and web pages.
//!
//! Kinds are written by their kebab-case names (`"un-entity"`, `"secretariat-of"`), not
//! the RON variant names, and absent optional fields are left out. These shapes are
//! stable: fields may be added, never renamed or removed.
//!
//! - node: `{"id", "kind", "name", "aliases": [..], "description"?, "established"?,
//!   "url"?, "notes"?}`
//! - edge: `{"from", "kind", "to", "role"?, "since"?, "until"?, "year"?, "date"?,
//!   "amount"?: {"value", "currency", "bound"?}, "via"?, "inferred", "notes"?,
//!   "evidence": [{"source", "quote", "at"?}]}` (`at`: the quote's locator, `"14:5-88"`)
//! - source: `{"id", "title", "publisher"?, "year"?, "locator"?, "file"?, "notes"?}`
//!
//! The answers the command line prints with `--format json` are built from the same
//! parts, by the types below, so a program that embeds the library gets the same shapes:
//!
//! - [`ShowJson`] (`show`): `{"node", "relations": [relation]}`
//! - relation ([`RelationJson`]): `{"direction", "label", "phrase", "other": {"id",
//!   "kind", "name"}, "edge"}`
//! - [`ParticipationJson`] (`who`, `what`): `{"entity", "question", "answers": [{"role",
//!   "heading", "node", "relation", "through"?, "undated", "edge"}]}`
//! - [`InvolvementsJson`] (`who` and `what` without a name): `{"question", "answers":
//!   [{"role", "heading", "participant", "relation", "target", "undated", "edge"}]}`
//! - [`PeersJson`] (`peers`): `{"entity", "peers": [{"node", "bodies", "shared": [{"body",
//!   "own": seat, "theirs": seat}]}]}`, a seat being `{"role", "relation", "through"?,
//!   "undated", "edge"}`
//! - [`PathJson`] (`path`): `{"from", "to", "connected", "hops"?, "max_hops", "paths":
//!   [{"text", "steps": [{"from", "to", "direction", "label", "edge"}]}]}`
//! - [`WhyJson`] (`why`): `{"a", "b", "relations": [relation]}`
//! - [`StatsJson`] (`stats`): `{"nodes", "edges", "inferred_edges", "sources",
//!   "node_kinds", "edge_kinds", "most_connected": [{"id", "name", "degree"}]}`
//! - [`CheckJson`] (`check`): `{"ok", "nodes"?, "edges"?, "errors": [diagnostic]}`
//!
//! ```
//! use agencygraph::{json, Graph};
//!
//! let graph = Graph::bundled();
//! let edge = graph.edge("UNODC", agencygraph::EdgeKind::SecretariatOf, "ICAT").unwrap();
//! let text = serde_json::to_string(&json::EdgeJson::from(edge)).unwrap();
//! assert!(text.starts_with(r#"{"from":"UNODC","kind":"secretariat-of","to":"ICAT""#));
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use crate::graph::{Direction, EdgeRef, EvidenceRef, Graph, Relation};
use crate::model::{Amount, Bound, EdgeKind, Locator, Node, NodeKind, Source};
use crate::questions::{Involvement, Participation, Path, Peer, Role, Shared};
use crate::store::{Diagnostic, LoadError};

/// A node as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct NodeJson<'a> {
    /// The id.
    pub id: &'a str,
    /// The kind's kebab-case name.
    pub kind: &'static str,
    /// The full name.
    pub name: &'a str,
    /// Other names (always present, possibly empty).
    pub aliases: &'a [String],
    /// What the entity is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    /// Year established.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub established: Option<i32>,
    /// Web address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// Curator's notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<&'a str>,
}

impl<'a> From<&'a Node> for NodeJson<'a> {
    fn from(node: &'a Node) -> Self {
        NodeJson {
            id: &node.id,
            kind: node.kind.name(),
            name: &node.name,
            aliases: &node.aliases,
            description: node.description.as_deref(),
            established: node.established,
            url: node.url.as_deref(),
            notes: node.notes.as_deref(),
        }
    }
}

/// An edge as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeJson<'a> {
    /// The subject's id.
    pub from: &'a str,
    /// The kind's kebab-case name.
    pub kind: &'static str,
    /// The object's id.
    pub to: &'a str,
    /// The subject's role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'a str>,
    /// First year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<i32>,
    /// Last year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<i32>,
    /// The one year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// A date, `YYYY[-MM[-DD]]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
    /// Money involved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountJson<'a>>,
    /// The node the relation runs through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<&'a str>,
    /// Whether the source only implies the relation (always present).
    pub inferred: bool,
    /// Curator's notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<&'a str>,
    /// The supporting quotes.
    pub evidence: Vec<EvidenceJson<'a>>,
}

impl<'a> From<EdgeRef<'a>> for EdgeJson<'a> {
    fn from(edge: EdgeRef<'a>) -> Self {
        EdgeJson {
            from: edge.from(),
            kind: edge.kind().name(),
            to: edge.to(),
            role: edge.role(),
            since: edge.since(),
            until: edge.until(),
            year: edge.year(),
            date: edge.date(),
            amount: edge.amount().map(AmountJson::from),
            via: edge.via(),
            inferred: edge.inferred(),
            notes: edge.notes(),
            evidence: edge.evidence().map(EvidenceJson::from).collect(),
        }
    }
}

/// A piece of evidence as JSON: the same fields as [`Evidence`](crate::model::Evidence).
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceJson<'a> {
    /// The source's id.
    pub source: &'a str,
    /// The quote.
    pub quote: &'a str,
    /// Where the quote is in the source, `LINE:COLUMN-COLUMN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Locator>,
}

impl<'a> From<EvidenceRef<'a>> for EvidenceJson<'a> {
    fn from(evidence: EvidenceRef<'a>) -> Self {
        EvidenceJson {
            source: evidence.source(),
            quote: evidence.quote(),
            at: evidence.at(),
        }
    }
}

/// An amount as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct AmountJson<'a> {
    /// The sum.
    pub value: u64,
    /// ISO 4217 code.
    pub currency: &'a str,
    /// `"over"`, `"under"` or `"about"`; absent when exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<&'static str>,
}

impl<'a> From<&'a Amount> for AmountJson<'a> {
    fn from(amount: &'a Amount) -> Self {
        AmountJson {
            value: amount.value,
            currency: &amount.currency,
            bound: match amount.bound {
                Bound::Exact => None,
                Bound::Over => Some("over"),
                Bound::Under => Some("under"),
                Bound::About => Some("about"),
            },
        }
    }
}

/// A source as JSON: the same fields as [`Source`].
pub type SourceJson<'a> = &'a Source;

/// A node named in an answer: its id, kind and name.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct NodeRefJson<'a> {
    /// The id.
    pub id: &'a str,
    /// The kind's kebab-case name.
    pub kind: &'static str,
    /// The full name.
    pub name: &'a str,
}

impl<'a> From<&'a Node> for NodeRefJson<'a> {
    fn from(node: &'a Node) -> Self {
        NodeRefJson {
            id: &node.id,
            kind: node.kind.name(),
            name: &node.name,
        }
    }
}

/// A relation seen from one of its ends ([`Relation`]), as JSON.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct RelationJson<'a> {
    /// Whether the end it is seen from is the subject (`"out"`) or the object (`"in"`).
    pub direction: Direction,
    /// The label read from that end: the kind's label, or its inverse.
    pub label: &'static str,
    /// The relation as a phrase: "UNODC — secretariat of → ICAT".
    pub phrase: String,
    /// The other end.
    pub other: NodeRefJson<'a>,
    /// The edge itself.
    pub edge: EdgeJson<'a>,
}

impl<'a> From<&Relation<'a>> for RelationJson<'a> {
    fn from(relation: &Relation<'a>) -> Self {
        RelationJson {
            direction: relation.direction,
            label: relation.label(),
            phrase: relation.phrase(),
            other: NodeRefJson::from(relation.other),
            edge: EdgeJson::from(relation.edge),
        }
    }
}

/// An entity with every relation in and out: the answer of `agencygraph show`.
///
/// ```
/// use agencygraph::{json::ShowJson, Graph};
///
/// let graph = Graph::bundled();
/// let icat = graph.node("ICAT").unwrap();
/// let text = serde_json::to_string(&ShowJson::new(icat, &graph.relations("ICAT"))).unwrap();
/// assert!(text.starts_with(r#"{"node":{"id":"ICAT","kind":"mechanism""#));
/// ```
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ShowJson<'a> {
    /// The entity.
    pub node: NodeJson<'a>,
    /// Its relations, seen from it.
    pub relations: Vec<RelationJson<'a>>,
}

impl<'a> ShowJson<'a> {
    /// The entity `node` with its `relations` (as [`Graph::relations`] gives them).
    pub fn new(node: &'a Node, relations: &[Relation<'a>]) -> Self {
        ShowJson {
            node: NodeJson::from(node),
            relations: relations.iter().map(RelationJson::from).collect(),
        }
    }
}

/// The answers to "who takes part in X" ([`Graph::participants`], `agencygraph who`) or
/// "what does X take part in" ([`Graph::participations`], `agencygraph what`).
///
/// ```
/// use agencygraph::{json::ParticipationJson, questions::Filter, Graph};
///
/// let graph = Graph::bundled();
/// let icat = graph.node("ICAT").unwrap();
/// let answers = graph.participants("ICAT", &Filter::default());
/// let view = ParticipationJson::participants(icat, &answers);
/// assert_eq!(view.question, "participants");
/// assert!(view.answers.iter().any(|a| a.node.id == "UNODC" && a.heading == "secretariat"));
/// ```
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ParticipationJson<'a> {
    /// The entity asked about.
    pub entity: NodeRefJson<'a>,
    /// `"participants"` (who) or `"participations"` (what).
    pub question: &'static str,
    /// The answers, in the order the question gives them.
    pub answers: Vec<AnswerJson<'a>>,
}

/// One answer of a [`ParticipationJson`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct AnswerJson<'a> {
    /// The part played.
    pub role: Role,
    /// The heading of the answer's group: [`Role::heading`] for participants,
    /// [`Role::verb`] for participations.
    pub heading: &'static str,
    /// The answer.
    pub node: NodeRefJson<'a>,
    /// The relation's label read from the participant ([`Participation::relation`]).
    pub relation: &'static str,
    /// For transitive answers, the id of the part or container it runs through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<&'a str>,
    /// True when a year was asked for and the relation carries no dates.
    pub undated: bool,
    /// The relation that says so.
    pub edge: EdgeJson<'a>,
}

impl<'a> ParticipationJson<'a> {
    /// Who takes part in `entity`: `answers` from [`Graph::participants`].
    pub fn participants(entity: &'a Node, answers: &[Participation<'a>]) -> Self {
        Self::new(entity, "participants", answers, Role::heading)
    }

    /// What `entity` takes part in: `answers` from [`Graph::participations`].
    pub fn participations(entity: &'a Node, answers: &[Participation<'a>]) -> Self {
        Self::new(entity, "participations", answers, Role::verb)
    }

    fn new(
        entity: &'a Node,
        question: &'static str,
        answers: &[Participation<'a>],
        heading: fn(Role) -> &'static str,
    ) -> Self {
        ParticipationJson {
            entity: NodeRefJson::from(entity),
            question,
            answers: answers
                .iter()
                .map(|answer| AnswerJson {
                    role: answer.role,
                    heading: heading(answer.role),
                    node: NodeRefJson::from(answer.node),
                    relation: answer.relation,
                    through: answer.through.map(|t| t.id.as_str()),
                    undated: answer.undated,
                    edge: EdgeJson::from(answer.edge),
                })
                .collect(),
        }
    }
}

/// Every relation about participation in the graph ([`Graph::every_participant`],
/// `agencygraph who` without a name; [`Graph::every_participation`], `what`).
///
/// ```
/// use agencygraph::{json::InvolvementsJson, questions::{Filter, Role}, Graph};
///
/// let graph = Graph::bundled();
/// let mut funders = Filter::default();
/// funders.roles = Some(vec![Role::Funder]);
/// let view = InvolvementsJson::participants(&graph.every_participant(&funders));
/// assert!(view.answers.iter().all(|a| a.heading == "funders"));
/// ```
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct InvolvementsJson<'a> {
    /// `"participants"` (who) or `"participations"` (what).
    pub question: &'static str,
    /// The relations, in the order the question gives them.
    pub answers: Vec<InvolvementJson<'a>>,
}

/// One answer of an [`InvolvementsJson`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct InvolvementJson<'a> {
    /// The part played.
    pub role: Role,
    /// The heading of the answer's group, as in [`AnswerJson::heading`].
    pub heading: &'static str,
    /// Who plays it.
    pub participant: NodeRefJson<'a>,
    /// The relation's label read from the participant.
    pub relation: &'static str,
    /// What it is played in.
    pub target: NodeRefJson<'a>,
    /// True when a year was asked for and the relation carries no dates.
    pub undated: bool,
    /// The relation that says so.
    pub edge: EdgeJson<'a>,
}

impl<'a> InvolvementsJson<'a> {
    /// Answers from [`Graph::every_participant`].
    pub fn participants(answers: &[Involvement<'a>]) -> Self {
        Self::new("participants", answers, Role::heading)
    }

    /// Answers from [`Graph::every_participation`].
    pub fn participations(answers: &[Involvement<'a>]) -> Self {
        Self::new("participations", answers, Role::verb)
    }

    fn new(
        question: &'static str,
        answers: &[Involvement<'a>],
        heading: fn(Role) -> &'static str,
    ) -> Self {
        InvolvementsJson {
            question,
            answers: answers
                .iter()
                .map(|answer| InvolvementJson {
                    role: answer.role,
                    heading: heading(answer.role),
                    participant: NodeRefJson::from(answer.participant),
                    relation: answer.relation,
                    target: NodeRefJson::from(answer.target),
                    undated: answer.undated,
                    edge: EdgeJson::from(answer.edge),
                })
                .collect(),
        }
    }
}

/// Who shares a body with an entity ([`Graph::peers`], `agencygraph peers`).
///
/// ```
/// use agencygraph::{json::PeersJson, questions::Filter, Graph};
///
/// let graph = Graph::bundled();
/// let wfp = graph.node("WFP").unwrap();
/// let view = PeersJson::new(wfp, &graph.peers("WFP", &Filter::default()));
/// let ocha = view.peers.iter().find(|p| p.node.id == "OCHA").unwrap();
/// assert!(ocha.shared.iter().any(|s| s.body.id == "UN-ACTION" && s.theirs.relation == "member of"));
/// ```
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct PeersJson<'a> {
    /// The entity asked about.
    pub entity: NodeRefJson<'a>,
    /// Its peers, most bodies shared first.
    pub peers: Vec<PeerJson<'a>>,
}

/// One peer of a [`PeersJson`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct PeerJson<'a> {
    /// The peer.
    pub node: NodeRefJson<'a>,
    /// How many different bodies are shared.
    pub bodies: usize,
    /// Each shared body with both relations.
    pub shared: Vec<SharedJson<'a>>,
}

/// One shared body of a [`PeerJson`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct SharedJson<'a> {
    /// The body.
    pub body: NodeRefJson<'a>,
    /// How the entity asked about takes part in it.
    pub own: SeatJson<'a>,
    /// How the peer takes part in it.
    pub theirs: SeatJson<'a>,
}

/// How one side of a [`SharedJson`] takes part in the body.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct SeatJson<'a> {
    /// The part played.
    pub role: Role,
    /// The relation's label read from the one taking part.
    pub relation: &'static str,
    /// For transitive answers, the id of the part or container it runs through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<&'a str>,
    /// True when a year was asked for and the relation carries no dates.
    pub undated: bool,
    /// The relation that says so.
    pub edge: EdgeJson<'a>,
}

impl<'a> From<&Participation<'a>> for SeatJson<'a> {
    fn from(seat: &Participation<'a>) -> Self {
        SeatJson {
            role: seat.role,
            relation: seat.relation,
            through: seat.through.map(|t| t.id.as_str()),
            undated: seat.undated,
            edge: EdgeJson::from(seat.edge),
        }
    }
}

impl<'a> PeersJson<'a> {
    /// The `peers` of `entity`.
    pub fn new(entity: &'a Node, peers: &[Peer<'a>]) -> Self {
        PeersJson {
            entity: NodeRefJson::from(entity),
            peers: peers.iter().map(PeerJson::from).collect(),
        }
    }
}

impl<'a> From<&Peer<'a>> for PeerJson<'a> {
    fn from(peer: &Peer<'a>) -> Self {
        let shared = |shared: &Shared<'a>| SharedJson {
            body: NodeRefJson::from(shared.body),
            own: SeatJson::from(&shared.own),
            theirs: SeatJson::from(&shared.theirs),
        };
        PeerJson {
            node: NodeRefJson::from(peer.node),
            bodies: peer.bodies(),
            shared: peer.shared.iter().map(shared).collect(),
        }
    }
}

/// The shortest chains between two entities ([`Graph::shortest_paths`],
/// `agencygraph path`).
///
/// ```
/// use agencygraph::{json::PathJson, questions::PathOptions, Graph};
///
/// let graph = Graph::bundled();
/// let options = PathOptions::default();
/// let paths = graph.shortest_paths("UNODC", "OCHA", &options);
/// let (a, b) = (graph.node("UNODC").unwrap(), graph.node("OCHA").unwrap());
/// let view = PathJson::new(a, b, &paths, options.max_hops);
/// assert_eq!((view.connected, view.hops), (true, Some(2)));
/// assert_eq!(view.paths[0].text, "UNODC — member of → UN-ACTION ← has member — OCHA");
/// ```
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct PathJson<'a> {
    /// Where the chains start.
    pub from: NodeRefJson<'a>,
    /// Where they end.
    pub to: NodeRefJson<'a>,
    /// Whether any chain was found.
    pub connected: bool,
    /// The length of the chains, when connected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hops: Option<usize>,
    /// The search gave up beyond this many hops.
    pub max_hops: usize,
    /// The chains.
    pub paths: Vec<ChainJson<'a>>,
}

/// One chain of a [`PathJson`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ChainJson<'a> {
    /// The chain as text: "UNODC — member of → UN-ACTION ← has member — OCHA".
    pub text: String,
    /// Its hops, in order.
    pub steps: Vec<StepJson<'a>>,
}

/// One hop of a [`ChainJson`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct StepJson<'a> {
    /// The id the hop starts at.
    pub from: &'a str,
    /// The id it ends at.
    pub to: &'a str,
    /// `"out"` when the edge points the way of the hop, `"in"` when against it.
    pub direction: Direction,
    /// The label read the way of the hop.
    pub label: &'static str,
    /// The edge.
    pub edge: EdgeJson<'a>,
}

impl<'a> PathJson<'a> {
    /// The chains `paths` from `from` to `to`, searched up to `max_hops`.
    pub fn new(from: &'a Node, to: &'a Node, paths: &[Path<'a>], max_hops: usize) -> Self {
        PathJson {
            from: NodeRefJson::from(from),
            to: NodeRefJson::from(to),
            connected: !paths.is_empty(),
            hops: paths.first().map(|p| p.steps.len()),
            max_hops,
            paths: paths.iter().map(ChainJson::from).collect(),
        }
    }
}

impl<'a> From<&Path<'a>> for ChainJson<'a> {
    fn from(path: &Path<'a>) -> Self {
        let step = |step: &Relation<'a>| StepJson {
            from: &step.focus.id,
            to: &step.other.id,
            direction: step.direction,
            label: step.label(),
            edge: EdgeJson::from(step.edge),
        };
        ChainJson {
            text: path.to_string(),
            steps: path.steps.iter().map(step).collect(),
        }
    }
}

/// Every direct relation between two entities ([`Graph::relations_between`],
/// `agencygraph why`).
///
/// ```
/// use agencygraph::{json::WhyJson, Graph};
///
/// let graph = Graph::bundled();
/// let (a, b) = (graph.node("UNODC").unwrap(), graph.node("ICAT").unwrap());
/// let view = WhyJson::new(a, b, &graph.relations_between("UNODC", "ICAT"));
/// assert_eq!(view.relations[1].phrase, "UNODC — secretariat of → ICAT");
/// ```
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct WhyJson<'a> {
    /// One entity.
    pub a: NodeRefJson<'a>,
    /// The other.
    pub b: NodeRefJson<'a>,
    /// The relations, seen from `a`.
    pub relations: Vec<RelationJson<'a>>,
}

impl<'a> WhyJson<'a> {
    /// The `relations` between `a` and `b`, seen from `a`.
    pub fn new(a: &'a Node, b: &'a Node, relations: &[Relation<'a>]) -> Self {
        WhyJson {
            a: NodeRefJson::from(a),
            b: NodeRefJson::from(b),
            relations: relations.iter().map(RelationJson::from).collect(),
        }
    }
}

/// Counts of a graph's contents by kind, and its most connected entities
/// (`agencygraph stats`).
///
/// ```
/// use agencygraph::{json::StatsJson, Graph};
///
/// let graph = Graph::bundled();
/// let stats = StatsJson::new(&graph, 3);
/// assert_eq!(stats.nodes, graph.node_count());
/// assert_eq!(stats.most_connected.len(), 3);
/// ```
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct StatsJson<'a> {
    /// How many nodes.
    pub nodes: usize,
    /// How many edges.
    pub edges: usize,
    /// How many of the edges are inferred.
    pub inferred_edges: usize,
    /// How many sources.
    pub sources: usize,
    /// Nodes per kind present, by the kind's kebab-case name, in declaration order.
    pub node_kinds: BTreeMap<&'static str, usize>,
    /// Edges per kind present, by the kind's kebab-case name.
    pub edge_kinds: BTreeMap<&'static str, usize>,
    /// The entities with the most relations, most first, then by id.
    pub most_connected: Vec<ConnectedJson<'a>>,
}

/// One of [`StatsJson::most_connected`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ConnectedJson<'a> {
    /// The id.
    pub id: &'a str,
    /// The full name.
    pub name: &'a str,
    /// How many relations, in and out.
    pub degree: usize,
}

impl<'a> StatsJson<'a> {
    /// The counts of `graph`, with its `top` most connected entities.
    pub fn new(graph: &'a Graph, top: usize) -> Self {
        // One pass each; the maps iterate kinds in declaration order, as `ALL` lists them.
        let mut node_kinds: BTreeMap<NodeKind, usize> = BTreeMap::new();
        for node in graph.nodes() {
            *node_kinds.entry(node.kind).or_default() += 1;
        }
        let mut edge_kinds: BTreeMap<EdgeKind, usize> = BTreeMap::new();
        for edge in graph.edges() {
            *edge_kinds.entry(edge.kind()).or_default() += 1;
        }
        let mut connected: Vec<ConnectedJson<'_>> = graph
            .nodes()
            .map(|node| ConnectedJson {
                id: &node.id,
                name: &node.name,
                degree: graph.degree(&node.id),
            })
            .collect();
        connected.sort_by(|a, b| b.degree.cmp(&a.degree).then_with(|| a.id.cmp(b.id)));
        connected.truncate(top);
        StatsJson {
            nodes: graph.node_count(),
            edges: graph.edge_count(),
            inferred_edges: graph.edges().filter(|e| e.inferred()).count(),
            sources: graph.sources().len(),
            node_kinds: node_kinds.into_iter().map(|(k, n)| (k.name(), n)).collect(),
            edge_kinds: edge_kinds.into_iter().map(|(k, n)| (k.name(), n)).collect(),
            most_connected: connected,
        }
    }
}

/// Whether a graph loaded, with its counts or its problems (`agencygraph check`).
///
/// ```
/// use agencygraph::{json::CheckJson, Graph};
///
/// let loaded = Graph::from_ron_str("(nodes: [(id: \"A\")])");
/// let view = CheckJson::new(&loaded);
/// assert!(!view.ok);
/// assert!(!view.errors.is_empty());
/// ```
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct CheckJson<'a> {
    /// True when the graph loaded.
    pub ok: bool,
    /// How many nodes, when it loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<usize>,
    /// How many edges, when it loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edges: Option<usize>,
    /// Every problem, with where it is.
    pub errors: &'a [Diagnostic],
}

impl<'a> CheckJson<'a> {
    /// The outcome of loading a graph.
    pub fn new(loaded: &'a Result<Graph, LoadError>) -> Self {
        match loaded {
            Ok(graph) => CheckJson {
                ok: true,
                nodes: Some(graph.node_count()),
                edges: Some(graph.edge_count()),
                errors: &[],
            },
            Err(error) => CheckJson {
                ok: false,
                nodes: None,
                edges: None,
                errors: &error.diagnostics,
            },
        }
    }
}
