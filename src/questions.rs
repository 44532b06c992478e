//! The questions users come with: who takes part in X ([`Graph::participants`]), what X
//! takes part in ([`Graph::participations`]), how A and B connect
//! ([`Graph::shortest_paths`]) and how A and B relate directly
//! ([`Graph::relations_between`]).
//!
//! Participation reads each relation as "the participant has a [`Role`] in the target":
//! the subject of `chairs`, `member-of`, `funds`, ... is the participant; for
//! `established-by` it is the object (the General Assembly established ICAT); for the
//! symmetric kinds it is either end. Relations about context (`concerns`, `located-in`,
//! ...) are not participation.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::graph::{Direction, EdgeRef, Graph, Relation};
use crate::model::{EdgeKind, Node, NodeKind, Years};

/// The part a participant plays, in the order answers list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// `chairs`
    Chair,
    /// `co-chairs`
    CoChair,
    /// `coordinates`, `leads`, `guides`, `oversees`
    Coordinator,
    /// `secretariat-of`
    Secretariat,
    /// `member-of`, `participates-in`
    Member,
    /// `funds`
    Funder,
    /// `administers`
    Administrator,
    /// `organises`, `co-organises`
    Organiser,
    /// `co-sponsors`
    CoSponsor,
    /// `supports`, `contributes-to`, `integrates`
    Supporter,
    /// `implements`
    Implementer,
    /// `initiated`, `launches`, `adopts`, and the object of `established-by`
    Founder,
    /// `publishes`
    Publisher,
    /// `partners-with`, `coordinates-with` (either end)
    Partner,
    /// `part-of`, `housed-in`
    Part,
}

impl Role {
    /// Every role, in answer order.
    pub const ALL: &'static [Role] = &[
        Role::Chair,
        Role::CoChair,
        Role::Coordinator,
        Role::Secretariat,
        Role::Member,
        Role::Funder,
        Role::Administrator,
        Role::Organiser,
        Role::CoSponsor,
        Role::Supporter,
        Role::Implementer,
        Role::Founder,
        Role::Publisher,
        Role::Partner,
        Role::Part,
    ];

    /// The kebab-case name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::CoChair => "co-chair",
            Role::Coordinator => "coordinator",
            Role::Secretariat => "secretariat",
            Role::Member => "member",
            Role::Funder => "funder",
            Role::Administrator => "administrator",
            Role::Organiser => "organiser",
            Role::CoSponsor => "co-sponsor",
            Role::Supporter => "supporter",
            Role::Implementer => "implementer",
            Role::Founder => "founder",
            Role::Publisher => "publisher",
            Role::Partner => "partner",
            Role::Part => "part",
        }
    }

    /// A heading for a group of answers to "who takes part in X": who they are.
    pub fn heading(self) -> &'static str {
        match self {
            Role::Chair => "chairs",
            Role::CoChair => "co-chairs",
            Role::Coordinator => "coordinators and leads",
            Role::Secretariat => "secretariat",
            Role::Member => "members and participants",
            Role::Funder => "funders",
            Role::Administrator => "administrators",
            Role::Organiser => "organisers",
            Role::CoSponsor => "co-sponsors",
            Role::Supporter => "supporters and contributors",
            Role::Implementer => "implementers",
            Role::Founder => "founders and initiators",
            Role::Publisher => "publishers",
            Role::Partner => "partners",
            Role::Part => "parts",
        }
    }

    /// A heading for a group of answers to "what does X take part in": what X does.
    pub fn verb(self) -> &'static str {
        match self {
            Role::Chair => "chairs",
            Role::CoChair => "co-chairs",
            Role::Coordinator => "coordinates or leads",
            Role::Secretariat => "secretariat of",
            Role::Member => "member of or participates in",
            Role::Funder => "funds",
            Role::Administrator => "administers",
            Role::Organiser => "organises",
            Role::CoSponsor => "co-sponsors",
            Role::Supporter => "supports or contributes to",
            Role::Implementer => "implements",
            Role::Founder => "founded or initiated",
            Role::Publisher => "publishes",
            Role::Partner => "partners with",
            Role::Part => "part of",
        }
    }

    /// The role the participant of an `edge` of this kind plays, if the kind is about
    /// participation.
    pub fn of(kind: EdgeKind) -> Option<Role> {
        use EdgeKind::*;
        Some(match kind {
            Chairs => Role::Chair,
            CoChairs => Role::CoChair,
            Coordinates | Leads | Guides | Oversees => Role::Coordinator,
            SecretariatOf => Role::Secretariat,
            MemberOf | ParticipatesIn => Role::Member,
            Funds => Role::Funder,
            Administers => Role::Administrator,
            Organises | CoOrganises => Role::Organiser,
            CoSponsors => Role::CoSponsor,
            Supports | ContributesTo | Integrates => Role::Supporter,
            Implements => Role::Implementer,
            Initiated | Launches | Adopts | EstablishedBy => Role::Founder,
            Publishes => Role::Publisher,
            PartnersWith | CoordinatesWith => Role::Partner,
            PartOf | HousedIn => Role::Part,
            SubmittedTo | UnderAuspicesOf | Concerns | Commemorates | LocatedIn | LaunchedAt
            | AdaptedFrom => return None,
        })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Role, String> {
        let wanted = text.trim().to_lowercase().replace('_', "-");
        Role::ALL
            .iter()
            .copied()
            .find(|role| role.name() == wanted || role.heading() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                format!(
                    "unknown role `{text}`; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// Which relations a question looks at. The default looks at all of them; set the
/// fields that narrow it (new ones may come, so it is built from the default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Filter {
    /// Only these roles.
    pub roles: Option<Vec<Role>>,
    /// Only relations of these kinds.
    pub edge_kinds: Option<Vec<EdgeKind>>,
    /// Only answers (the other end) of these node kinds.
    pub node_kinds: Option<Vec<NodeKind>>,
    /// Only relations that hold in this year; undated relations are kept and marked.
    /// When set, it stands for `years` bounds of just this year.
    pub at: Option<i32>,
    /// Only relations that hold in some of these years; undated relations are kept and
    /// marked unless `years.exclude_undated`.
    pub years: Years,
    /// Also answer through parts (for participants) or containers (for participations),
    /// following `part-of` and `housed-in`.
    pub transitive: bool,
}

/// Whether `edge` holds in the years asked for: `Some(undated)` when it does. `at`,
/// when given, bounds the years to itself.
fn holds(edge: EdgeRef<'_>, at: Option<i32>, years: Years) -> Option<bool> {
    years.or_at(at).admits(&edge)
}

/// One answer to "who takes part in X" or "what does X take part in".
#[derive(Debug, Clone, Copy)]
pub struct Participation<'g> {
    /// The part played.
    pub role: Role,
    /// The answer: the participant (for [`Graph::participants`]) or what is taken part
    /// in (for [`Graph::participations`]).
    pub node: &'g Node,
    /// The relation that says so.
    pub edge: EdgeRef<'g>,
    /// The relation's label read from the participant: "member of", or "established"
    /// for `established-by` read backwards.
    pub relation: &'static str,
    /// For transitive answers, the part or container the relation runs through.
    pub through: Option<&'g Node>,
    /// True when a year was asked for and the relation carries no dates.
    pub undated: bool,
}

/// The participant and target of `edge`, with the role, if it is about participation.
fn reading(edge: EdgeRef<'_>) -> Option<(Role, &str, &str)> {
    let role = Role::of(edge.kind())?;
    Some(match edge.kind() {
        EdgeKind::EstablishedBy => (role, edge.to(), edge.from()),
        _ => (role, edge.from(), edge.to()),
    })
}

fn passes(filter: &Filter, role: Role, edge: EdgeRef<'_>, other: &Node) -> bool {
    filter.roles.as_ref().is_none_or(|r| r.contains(&role))
        && filter
            .edge_kinds
            .as_ref()
            .is_none_or(|k| k.contains(&edge.kind()))
        && filter
            .node_kinds
            .as_ref()
            .is_none_or(|k| k.contains(&other.kind))
}

/// Which way a question reads participation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Who takes part in the focus: answers are participants.
    Participants,
    /// What the focus takes part in: answers are targets.
    Participations,
}

impl Graph {
    /// Who takes part in `id`, sorted by role, then direct before transitive, then id.
    ///
    /// ```
    /// use agencygraph::questions::{Filter, Role};
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let mut members_only = Filter::default();
    /// members_only.roles = Some(vec![Role::Member]);
    /// let members: Vec<&str> = graph
    ///     .participants("UN-ACTION", &members_only)
    ///     .iter()
    ///     .map(|p| p.node.id.as_str())
    ///     .collect();
    /// assert_eq!(members, ["DPKO", "OCHA", "UNODC", "WFP"]);
    /// ```
    pub fn participants(&self, id: &str, filter: &Filter) -> Vec<Participation<'_>> {
        self.participation(id, filter, Side::Participants)
    }

    /// What `id` takes part in, sorted like [`Graph::participants`]. With
    /// `filter.transitive`, also what it takes part in through the units it is part of.
    ///
    /// ```
    /// use agencygraph::questions::Filter;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let mut transitive = Filter::default();
    /// transitive.transitive = true;
    /// let through_dpko = graph
    ///     .participations("UNMAS", &transitive)
    ///     .into_iter()
    ///     .filter(|p| p.through.is_some_and(|t| t.id == "DPKO"))
    ///     .any(|p| p.node.id == "UN-ACTION");
    /// assert!(through_dpko);
    /// ```
    pub fn participations(&self, id: &str, filter: &Filter) -> Vec<Participation<'_>> {
        self.participation(id, filter, Side::Participations)
    }

    fn participation(&self, id: &str, filter: &Filter, side: Side) -> Vec<Participation<'_>> {
        let mut answers = self.direct_participation(id, filter, side, None);
        if filter.transitive {
            for unit in self.units(id, filter.at, filter.years, side) {
                answers.extend(
                    self.direct_participation(&unit.id, filter, side, Some(unit))
                        .into_iter()
                        .filter(|answer| answer.node.id != id),
                );
            }
        }
        answers.sort_by(|a, b| {
            (a.role, a.through.map(|t| &t.id), &a.node.id, a.edge.kind()).cmp(&(
                b.role,
                b.through.map(|t| &t.id),
                &b.node.id,
                b.edge.kind(),
            ))
        });
        answers
    }

    fn direct_participation<'g>(
        &'g self,
        id: &str,
        filter: &Filter,
        side: Side,
        through: Option<&'g Node>,
    ) -> Vec<Participation<'g>> {
        self.relations(id)
            .into_iter()
            .filter_map(|relation| {
                let (role, participant, target) = reading(relation.edge)?;
                let answers = match side {
                    Side::Participants => target == id,
                    Side::Participations => participant == id,
                };
                // A symmetric relation reads the same from either end.
                if !answers && !relation.edge.kind().is_symmetric() {
                    return None;
                }
                let undated = holds(relation.edge, filter.at, filter.years)?;
                let participant = match side {
                    Side::Participants => relation.other,
                    Side::Participations => relation.focus,
                };
                let label = if relation.edge.from() == participant.id {
                    relation.edge.kind().label()
                } else {
                    relation.edge.kind().inverse_label()
                };
                passes(filter, role, relation.edge, relation.other).then_some(Participation {
                    role,
                    node: relation.other,
                    edge: relation.edge,
                    relation: label,
                    through,
                    undated,
                })
            })
            .collect()
    }

    /// The units below `id` (its parts, for participants) or above it (what it is part
    /// of or housed in, for participations), nearest first, each once.
    fn units(&self, id: &str, at: Option<i32>, years: Years, side: Side) -> Vec<&Node> {
        let mut seen: HashSet<&str> = HashSet::from([id]);
        let mut queue: VecDeque<&str> = VecDeque::from([id]);
        let mut found = Vec::new();
        while let Some(current) = queue.pop_front() {
            for relation in self.relations(current) {
                let containment =
                    matches!(relation.edge.kind(), EdgeKind::PartOf | EdgeKind::HousedIn);
                let direction = match side {
                    Side::Participants => Direction::In,
                    Side::Participations => Direction::Out,
                };
                if containment
                    && relation.direction == direction
                    && holds(relation.edge, at, years).is_some()
                    && seen.insert(&relation.other.id)
                {
                    found.push(relation.other);
                    queue.push_back(&relation.other.id);
                }
            }
        }
        found
    }

    /// Every direct relation between `a` and `b`, in either direction, seen from `a`.
    ///
    /// ```
    /// let graph = agencygraph::Graph::bundled();
    /// let phrases: Vec<String> = graph.relations_between("UNODC", "ICAT").iter().map(|r| r.phrase()).collect();
    /// assert_eq!(phrases, ["UNODC — coordinates → ICAT", "UNODC — secretariat of → ICAT"]);
    /// ```
    pub fn relations_between(&self, a: &str, b: &str) -> Vec<Relation<'_>> {
        self.relations(a)
            .into_iter()
            .filter(|relation| relation.other.id == b)
            .collect()
    }

    /// The shortest chains of relations from `from` to `to`, following edges in either
    /// direction. Empty when they are not connected within `options.max_hops`.
    ///
    /// ```
    /// use agencygraph::questions::PathOptions;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let paths = graph.shortest_paths("UNODC", "OCHA", &PathOptions::default());
    /// assert_eq!(paths.len(), 1);
    /// assert_eq!(paths[0].to_string(), "UNODC — member of → UN-ACTION ← has member — OCHA");
    /// ```
    pub fn shortest_paths(&self, from: &str, to: &str, options: &PathOptions) -> Vec<Path<'_>> {
        let (Some(start), Some(_)) = (self.node(from), self.node(to)) else {
            return Vec::new();
        };
        if from == to {
            return vec![Path {
                start,
                steps: Vec::new(),
            }];
        }
        // Breadth first from `from`, remembering for each node every step that reaches it
        // at its distance, so that all shortest chains can be read back from `to`.
        let mut distance: HashMap<&str, usize> = HashMap::from([(from, 0)]);
        let mut reached_by: HashMap<&str, Vec<Relation<'_>>> = HashMap::new();
        let mut frontier = vec![from];
        let mut hops = 0;
        while !frontier.is_empty() && hops < options.max_hops && !distance.contains_key(to) {
            hops += 1;
            let mut next = Vec::new();
            for &current in &frontier {
                for relation in self.relations(current) {
                    if holds(relation.edge, options.at, options.years).is_none()
                        || options
                            .edge_kinds
                            .as_ref()
                            .is_some_and(|k| !k.contains(&relation.edge.kind()))
                    {
                        continue;
                    }
                    let other = relation.other.id.as_str();
                    let known = *distance.entry(other).or_insert_with(|| {
                        next.push(other);
                        hops
                    });
                    if known == hops {
                        reached_by.entry(other).or_default().push(relation);
                    }
                }
            }
            frontier = next;
        }
        if !distance.contains_key(to) {
            return Vec::new();
        }
        let limit = if options.all { options.limit.max(1) } else { 1 };
        let mut paths = Vec::new();
        let mut trail = Vec::new();
        collect_paths(&reached_by, to, from, &mut trail, &mut paths, limit);
        let mut paths: Vec<Path<'_>> = paths
            .into_iter()
            .map(|mut steps| {
                steps.reverse();
                Path { start, steps }
            })
            .collect();
        // In the order of the nodes passed through, then of the relations' kinds.
        paths.sort_by_cached_key(|path| {
            path.steps
                .iter()
                .map(|step| (step.other.id.clone(), step.edge.kind(), step.direction))
                .collect::<Vec<_>>()
        });
        paths
    }
}

/// Walks back from `node` to `start` along the recorded steps, depth first in the order
/// the breadth-first search found them (relations sorted by kind and id).
fn collect_paths<'g>(
    reached_by: &HashMap<&str, Vec<Relation<'g>>>,
    node: &str,
    start: &str,
    trail: &mut Vec<Relation<'g>>,
    paths: &mut Vec<Vec<Relation<'g>>>,
    limit: usize,
) {
    if node == start {
        paths.push(trail.clone());
        return;
    }
    for step in reached_by.get(node).into_iter().flatten() {
        if paths.len() >= limit {
            return;
        }
        trail.push(*step);
        collect_paths(reached_by, &step.focus.id, start, trail, paths, limit);
        trail.pop();
    }
}

/// One relation of the whole graph read as participation: who plays which role in
/// what ([`Graph::every_participant`]).
#[derive(Debug, Clone, Copy)]
pub struct Involvement<'g> {
    /// The part played.
    pub role: Role,
    /// Who plays it.
    pub participant: &'g Node,
    /// What it is played in.
    pub target: &'g Node,
    /// The relation that says so.
    pub edge: EdgeRef<'g>,
    /// The relation's label read from the participant: "member of", or "established"
    /// for `established-by` read backwards.
    pub relation: &'static str,
    /// True when a year was asked for and the relation carries no dates.
    pub undated: bool,
}

/// Someone who takes part in a body the entity asked about also takes part in
/// ([`Graph::peers`]).
#[derive(Debug, Clone)]
pub struct Peer<'g> {
    /// The peer.
    pub node: &'g Node,
    /// The bodies both take part in, with how each does, sorted by body id.
    pub shared: Vec<Shared<'g>>,
}

impl Peer<'_> {
    /// How many different bodies the two share (a body can be shared through more than
    /// one pair of relations).
    ///
    /// ```
    /// let graph = agencygraph::Graph::bundled();
    /// let peers = graph.peers("ESCAP", &agencygraph::questions::Filter::default());
    /// let un_women = peers.iter().find(|p| p.node.id == "UN-WOMEN").unwrap();
    /// // The TWG-GEEW they co-chair, and an event they co-organised.
    /// assert_eq!(un_women.bodies(), 2);
    /// ```
    pub fn bodies(&self) -> usize {
        let mut ids: Vec<&str> = self.shared.iter().map(|s| s.body.id.as_str()).collect();
        ids.dedup();
        ids.len()
    }
}

/// A body shared by the entity asked about and a [`Peer`].
#[derive(Debug, Clone, Copy)]
pub struct Shared<'g> {
    /// The body.
    pub body: &'g Node,
    /// How the entity asked about takes part in it (`node` is the body).
    pub own: Participation<'g>,
    /// How the peer takes part in it (`node` is the peer).
    pub theirs: Participation<'g>,
}

/// Whether a role is a seat in a body shared with others: being a part of a body, or
/// partnering with someone, is not.
fn sits(role: Role) -> bool {
    !matches!(role, Role::Part | Role::Partner)
}

impl Graph {
    /// Every relation about participation in the graph, read as "who takes part in
    /// anything": sorted by role, participant, target and kind. `filter.node_kinds`
    /// applies to the participant; `filter.transitive` does not apply.
    ///
    /// ```
    /// use agencygraph::questions::{Filter, Role};
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let mut funders = Filter::default();
    /// funders.roles = Some(vec![Role::Funder]);
    /// let answers = graph.every_participant(&funders);
    /// assert!(!answers.is_empty());
    /// assert!(answers.iter().all(|a| a.role == Role::Funder && a.relation == "funds"));
    /// ```
    pub fn every_participant(&self, filter: &Filter) -> Vec<Involvement<'_>> {
        self.every_involvement(filter, Side::Participants)
    }

    /// The same relations as [`Graph::every_participant`], read as "what is taken part
    /// in": `filter.node_kinds` applies to the target.
    ///
    /// ```
    /// use agencygraph::{questions::Filter, NodeKind};
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let mut funds = Filter::default();
    /// funds.node_kinds = Some(vec![NodeKind::Fund]);
    /// assert!(graph.every_participation(&funds).iter().all(|a| a.target.kind == NodeKind::Fund));
    /// ```
    pub fn every_participation(&self, filter: &Filter) -> Vec<Involvement<'_>> {
        self.every_involvement(filter, Side::Participations)
    }

    fn every_involvement(&self, filter: &Filter, side: Side) -> Vec<Involvement<'_>> {
        let mut answers: Vec<Involvement<'_>> = self
            .edges()
            .filter_map(|edge| {
                let (role, participant, target) = reading(edge)?;
                let (participant, target) = (self.node(participant)?, self.node(target)?);
                let undated = holds(edge, filter.at, filter.years)?;
                let answer = match side {
                    Side::Participants => participant,
                    Side::Participations => target,
                };
                passes(filter, role, edge, answer).then_some(Involvement {
                    role,
                    participant,
                    target,
                    edge,
                    relation: if edge.from() == participant.id {
                        edge.kind().label()
                    } else {
                        edge.kind().inverse_label()
                    },
                    undated,
                })
            })
            .collect();
        answers.sort_by(|a, b| {
            (a.role, &a.participant.id, &a.target.id, a.edge.kind()).cmp(&(
                b.role,
                &b.participant.id,
                &b.target.id,
                b.edge.kind(),
            ))
        });
        answers
    }

    /// Who shares a body with `id`: everyone who takes part in something `id` takes part
    /// in, with each body and both relations. Most bodies shared first, then by id.
    ///
    /// Being a part of something, or partnering with someone, is not a seat in a body
    /// and does not count. `filter.roles`, `edge_kinds` and `at` apply to both
    /// relations, `node_kinds` to the peers; with `filter.transitive`, `id` also takes
    /// part through what it is part of, and a body also has the members of its parts
    /// (a container `id` sits in a body through is not its peer there).
    ///
    /// ```
    /// use agencygraph::questions::Filter;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let peers = graph.peers("WFP", &Filter::default());
    /// let ocha = peers.iter().find(|p| p.node.id == "OCHA").unwrap();
    /// // OCHA is a member of UN Action, as WFP is.
    /// assert!(ocha.shared.iter().any(|s| s.body.id == "UN-ACTION"));
    /// assert!(peers.iter().all(|p| p.node.id != "WFP"));
    /// ```
    pub fn peers(&self, id: &str, filter: &Filter) -> Vec<Peer<'_>> {
        let own_filter = Filter {
            node_kinds: None,
            ..filter.clone()
        };
        let mut by_peer: HashMap<&str, Peer<'_>> = HashMap::new();
        for own in self.participations(id, &own_filter) {
            if !sits(own.role) {
                continue;
            }
            for theirs in self.participants(&own.node.id, filter) {
                // Sitting through a container is not sharing the seat with it.
                let container = own.through.is_some_and(|t| t.id == theirs.node.id);
                if !sits(theirs.role) || theirs.node.id == id || container {
                    continue;
                }
                by_peer
                    .entry(&theirs.node.id)
                    .or_insert_with(|| Peer {
                        node: theirs.node,
                        shared: Vec::new(),
                    })
                    .shared
                    .push(Shared {
                        body: own.node,
                        own,
                        theirs,
                    });
            }
        }
        let mut peers: Vec<Peer<'_>> = by_peer.into_values().collect();
        for peer in &mut peers {
            peer.shared.sort_by(|a, b| {
                (
                    &a.body.id,
                    a.own.role,
                    a.own.edge.kind(),
                    a.theirs.role,
                    a.theirs.edge.kind(),
                )
                    .cmp(&(
                        &b.body.id,
                        b.own.role,
                        b.own.edge.kind(),
                        b.theirs.role,
                        b.theirs.edge.kind(),
                    ))
            });
        }
        peers.sort_by(|a, b| {
            b.bodies()
                .cmp(&a.bodies())
                .then_with(|| a.node.id.cmp(&b.node.id))
        });
        peers
    }
}

/// How [`Graph::shortest_paths`] searches; built from the default, which new fields
/// may join.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PathOptions {
    /// Every shortest chain (up to `limit`), not just the first.
    pub all: bool,
    /// Give up beyond this many hops.
    pub max_hops: usize,
    /// With `all`, stop after this many chains: two well-connected ends can be joined
    /// by very many.
    pub limit: usize,
    /// Only follow relations of these kinds.
    pub edge_kinds: Option<Vec<EdgeKind>>,
    /// Only follow relations that hold in this year (undated ones included). When set,
    /// it stands for `years` bounds of just this year.
    pub at: Option<i32>,
    /// Only follow relations that hold in some of these years.
    pub years: Years,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            all: false,
            max_hops: 6,
            limit: 100,
            edge_kinds: None,
            at: None,
            years: Years::default(),
        }
    }
}

/// A chain of relations from one node to another.
#[derive(Debug, Clone)]
pub struct Path<'g> {
    /// The first node.
    pub start: &'g Node,
    /// The hops, in order: each relation seen from the node the hop starts at, so
    /// `focus` is where it starts and `other` where it ends.
    pub steps: Vec<Relation<'g>>,
}

impl fmt::Display for Path<'_> {
    /// "UNODC — member of → UN-ACTION ← has member — OCHA"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.start.id)?;
        for step in &self.steps {
            f.write_str(&step.step())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;
    use crate::model::Edge;
    use crate::model::Source;

    fn edge(from: &str, kind: EdgeKind, to: &str) -> Edge {
        Edge::new(from, kind, to).evidence("s", "q")
    }

    /// A graph of the nodes `ids`, those in `mechanisms` mechanisms and the others UN
    /// entities, joined by `edges` quoting one source `s`.
    fn graph_of(ids: &[&str], mechanisms: &[&str], edges: Vec<Edge>) -> Graph {
        Graph::from_dataset(Dataset {
            sources: vec![Source::new("s", "S")],
            nodes: ids
                .iter()
                .map(|id| {
                    let kind = if mechanisms.contains(id) {
                        NodeKind::Mechanism
                    } else {
                        NodeKind::UnEntity
                    };
                    Node::new(*id, kind, format!("Node {id}"))
                })
                .collect(),
            edges,
        })
        .unwrap()
    }

    /// A ── member-of → B ← member-of ── C, B part-of D, E chairs D, A funds C (2019).
    fn graph() -> Graph {
        let mut funds = edge("A", EdgeKind::Funds, "C");
        funds.year = Some(2019);
        graph_of(
            &["A", "B", "C", "D", "E"],
            &["B", "D"],
            vec![
                edge("A", EdgeKind::MemberOf, "B"),
                edge("C", EdgeKind::MemberOf, "B"),
                edge("B", EdgeKind::PartOf, "D"),
                edge("E", EdgeKind::Chairs, "D"),
                funds,
                edge("E", EdgeKind::PartnersWith, "A"),
            ],
        )
    }

    fn ids(answers: &[Participation<'_>]) -> Vec<String> {
        answers
            .iter()
            .map(|p| match p.through {
                Some(t) => format!("{}:{}@{}", p.role, p.node.id, t.id),
                None => format!("{}:{}", p.role, p.node.id),
            })
            .collect()
    }

    #[test]
    fn participants_by_role() {
        let g = graph();
        assert_eq!(
            ids(&g.participants("D", &Filter::default())),
            ["chair:E", "part:B"]
        );
        let transitive = Filter {
            transitive: true,
            ..Filter::default()
        };
        assert_eq!(
            ids(&g.participants("D", &transitive)),
            ["chair:E", "member:A@B", "member:C@B", "part:B"]
        );
        // Symmetric relations answer from either end.
        assert_eq!(ids(&g.participants("A", &Filter::default())), ["partner:E"]);
        assert_eq!(
            ids(&g.participations("A", &Filter::default())),
            ["member:B", "funder:C", "partner:E"]
        );
    }

    #[test]
    fn participations_follow_containers_upward() {
        let g = graph();
        let transitive = Filter {
            transitive: true,
            ..Filter::default()
        };
        // A is a member of B, which is part of D: through B, A is in D.
        assert_eq!(ids(&g.participations("B", &transitive)), ["part:D"]);
        assert_eq!(
            ids(&g.participations("A", &transitive)),
            ["member:B", "funder:C", "partner:E"]
        );
        let filtered = Filter {
            roles: Some(vec![Role::Funder]),
            ..Filter::default()
        };
        assert_eq!(ids(&g.participations("A", &filtered)), ["funder:C"]);
        let kinds = Filter {
            node_kinds: Some(vec![NodeKind::Mechanism]),
            ..Filter::default()
        };
        assert_eq!(ids(&g.participations("A", &kinds)), ["member:B"]);
    }

    #[test]
    fn years_keep_undated_relations_and_mark_them() {
        let g = graph();
        let in_2019 = Filter {
            at: Some(2019),
            ..Filter::default()
        };
        let answers = g.participations("A", &in_2019);
        assert_eq!(ids(&answers), ["member:B", "funder:C", "partner:E"]);
        assert_eq!(
            answers.iter().map(|p| p.undated).collect::<Vec<_>>(),
            [true, false, true]
        );
        let in_2020 = Filter {
            at: Some(2020),
            ..Filter::default()
        };
        assert_eq!(
            ids(&g.participations("A", &in_2020)),
            ["member:B", "partner:E"]
        );
    }

    #[test]
    fn shortest_paths_either_way() {
        let g = graph();
        let one = g.shortest_paths("A", "D", &PathOptions::default());
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].to_string(), "A — member of → B — part of → D");
        // A to C: through B, or directly (A funds C).
        assert_eq!(
            g.shortest_paths("A", "C", &PathOptions::default())[0].to_string(),
            "A — funds → C"
        );
        let no_money = PathOptions {
            edge_kinds: Some(vec![EdgeKind::MemberOf]),
            ..PathOptions::default()
        };
        assert_eq!(
            g.shortest_paths("A", "C", &no_money)[0].to_string(),
            "A — member of → B ← has member — C"
        );
        // From C to E: through A in two hops; through B and D would take three.
        let all = PathOptions {
            all: true,
            ..PathOptions::default()
        };
        let chains: Vec<String> = g
            .shortest_paths("C", "E", &all)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(chains, ["C ← funded by — A ← partners with — E"]);
        // From B to E: through A (member, partner) or through D (part, chair): both.
        let chains: Vec<String> = g
            .shortest_paths("B", "E", &all)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            chains,
            [
                "B ← has member — A ← partners with — E",
                "B — part of → D ← chaired by — E"
            ]
        );
        let short = PathOptions {
            max_hops: 1,
            ..PathOptions::default()
        };
        assert!(g.shortest_paths("C", "E", &short).is_empty());
        assert!(
            g.shortest_paths("A", "NOPE", &PathOptions::default())
                .is_empty()
        );
    }

    fn peer_list(peers: &[Peer<'_>]) -> Vec<String> {
        peers
            .iter()
            .map(|peer| {
                let bodies: Vec<String> = peer
                    .shared
                    .iter()
                    .map(|s| match s.theirs.through {
                        Some(t) => format!("{}@{}", s.body.id, t.id),
                        None => s.body.id.clone(),
                    })
                    .collect();
                format!("{}:{}", peer.node.id, bodies.join(","))
            })
            .collect()
    }

    #[test]
    fn peers_share_bodies_but_not_parts_or_partners() {
        let g = graph();
        // A and C are both members of B; A funding C and partnering with E are not seats.
        assert_eq!(peer_list(&g.peers("A", &Filter::default())), ["C:B"]);
        assert_eq!(peer_list(&g.peers("C", &Filter::default())), ["A:B"]);
        // E chairs D, whose only participant besides E is its part B.
        assert!(g.peers("E", &Filter::default()).is_empty());
        // Through D's part B, A and C sit on D with E.
        let transitive = Filter {
            transitive: true,
            ..Filter::default()
        };
        assert_eq!(peer_list(&g.peers("E", &transitive)), ["A:D@B", "C:D@B"]);
        let only_chairs = Filter {
            roles: Some(vec![Role::Chair]),
            ..Filter::default()
        };
        assert!(g.peers("A", &only_chairs).is_empty());
    }

    #[test]
    fn a_container_is_not_a_peer_through_itself() {
        // U is part of V; V and Z are members of W.
        let g = graph_of(
            &["U", "V", "W", "Z"],
            &["W"],
            vec![
                edge("U", EdgeKind::PartOf, "V"),
                edge("V", EdgeKind::MemberOf, "W"),
                edge("Z", EdgeKind::MemberOf, "W"),
            ],
        );
        assert!(g.peers("U", &Filter::default()).is_empty());
        let transitive = Filter {
            transitive: true,
            ..Filter::default()
        };
        let peers = g.peers("U", &transitive);
        assert_eq!(peer_list(&peers), ["Z:W"]);
        assert_eq!(
            peers[0].shared[0].own.through.map(|t| t.id.as_str()),
            Some("V")
        );
        // V's peers: Z. U is a part of V, not a member of a part of W.
        assert_eq!(peer_list(&g.peers("V", &transitive)), ["Z:W"]);
    }

    #[test]
    fn every_participant_reads_each_relation_once() {
        let g = graph();
        let all: Vec<String> = g
            .every_participant(&Filter::default())
            .iter()
            .map(|i| format!("{} {} {}", i.participant.id, i.relation, i.target.id))
            .collect();
        // Sorted by role: member, funder, partner, part.
        assert_eq!(
            all,
            [
                "E chairs D",
                "A member of B",
                "C member of B",
                "A funds C",
                "E partners with A",
                "B part of D"
            ]
        );
        let in_2020 = Filter {
            at: Some(2020),
            roles: Some(vec![Role::Funder]),
            ..Filter::default()
        };
        assert!(g.every_participant(&in_2020).is_empty());
        let mechanisms = Filter {
            node_kinds: Some(vec![NodeKind::Mechanism]),
            ..Filter::default()
        };
        let targets: Vec<&str> = g
            .every_participation(&mechanisms)
            .iter()
            .map(|i| i.target.id.as_str())
            .collect();
        assert_eq!(targets, ["D", "B", "B", "D"]);
        let participants: Vec<&str> = g
            .every_participant(&mechanisms)
            .iter()
            .map(|i| i.participant.id.as_str())
            .collect();
        assert_eq!(participants, ["B"]);
    }

    #[test]
    fn roles_parse_by_name_or_heading() {
        assert_eq!("co-chair".parse::<Role>(), Ok(Role::CoChair));
        assert_eq!("members and participants".parse::<Role>(), Ok(Role::Member));
        assert!(
            "boss"
                .parse::<Role>()
                .unwrap_err()
                .contains("expected one of chair, co-chair")
        );
    }
}
