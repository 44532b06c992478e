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

use crate::graph::{Direction, Graph, Relation};
use crate::model::{Edge, EdgeKind, Node, NodeKind};

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
    pub at: Option<i32>,
    /// Also answer through parts (for participants) or containers (for participations),
    /// following `part-of` and `housed-in`.
    pub transitive: bool,
}

/// Whether `edge` holds in `at` (always, without a year): `Some(undated)` when it does.
fn holds(edge: &Edge, at: Option<i32>) -> Option<bool> {
    edge.holds_in(at)
        .then(|| at.is_some_and(|year| edge.valid_in(year).is_none()))
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
    pub edge: &'g Edge,
    /// For transitive answers, the part or container the relation runs through.
    pub through: Option<&'g Node>,
    /// True when a year was asked for and the relation carries no dates.
    pub undated: bool,
}

/// The participant and target of `edge`, with the role, if it is about participation.
fn reading(edge: &Edge) -> Option<(Role, &str, &str)> {
    let role = Role::of(edge.kind)?;
    Some(match edge.kind {
        EdgeKind::EstablishedBy => (role, &edge.to, &edge.from),
        _ => (role, &edge.from, &edge.to),
    })
}

fn passes(filter: &Filter, role: Role, edge: &Edge, other: &Node) -> bool {
    filter.roles.as_ref().is_none_or(|r| r.contains(&role))
        && filter
            .edge_kinds
            .as_ref()
            .is_none_or(|k| k.contains(&edge.kind))
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
            for unit in self.units(id, filter.at, side) {
                answers.extend(
                    self.direct_participation(&unit.id, filter, side, Some(unit))
                        .into_iter()
                        .filter(|answer| answer.node.id != id),
                );
            }
        }
        answers.sort_by(|a, b| {
            (a.role, a.through.map(|t| &t.id), &a.node.id, a.edge.kind).cmp(&(
                b.role,
                b.through.map(|t| &t.id),
                &b.node.id,
                b.edge.kind,
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
                if !answers && !relation.edge.kind.is_symmetric() {
                    return None;
                }
                let undated = holds(relation.edge, filter.at)?;
                passes(filter, role, relation.edge, relation.other).then_some(Participation {
                    role,
                    node: relation.other,
                    edge: relation.edge,
                    through,
                    undated,
                })
            })
            .collect()
    }

    /// The units below `id` (its parts, for participants) or above it (what it is part
    /// of or housed in, for participations), nearest first, each once.
    fn units(&self, id: &str, at: Option<i32>, side: Side) -> Vec<&Node> {
        let mut seen: HashSet<&str> = HashSet::from([id]);
        let mut queue: VecDeque<&str> = VecDeque::from([id]);
        let mut found = Vec::new();
        while let Some(current) = queue.pop_front() {
            for relation in self.relations(current) {
                let containment =
                    matches!(relation.edge.kind, EdgeKind::PartOf | EdgeKind::HousedIn);
                let direction = match side {
                    Side::Participants => Direction::In,
                    Side::Participations => Direction::Out,
                };
                if containment
                    && relation.direction == direction
                    && holds(relation.edge, at).is_some()
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
                    if holds(relation.edge, options.at).is_none()
                        || options
                            .edge_kinds
                            .as_ref()
                            .is_some_and(|k| !k.contains(&relation.edge.kind))
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
                .map(|step| (step.other.id.clone(), step.edge.kind, step.direction))
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
    /// Only follow relations that hold in this year (undated ones included).
    pub at: Option<i32>,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            all: false,
            max_hops: 6,
            limit: 100,
            edge_kinds: None,
            at: None,
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
    use crate::model::Source;

    /// A ── member-of → B ← member-of ── C, B part-of D, E chairs D, A funds C (2019).
    fn graph() -> Graph {
        let edge = |from: &str, kind, to: &str| Edge::new(from, kind, to).evidence("s", "q");
        let mut funds = edge("A", EdgeKind::Funds, "C");
        funds.year = Some(2019);
        Graph::from_dataset(Dataset {
            sources: vec![Source::new("s", "S")],
            nodes: ["A", "B", "C", "D", "E"]
                .iter()
                .map(|id| {
                    let kind = if *id == "B" || *id == "D" {
                        NodeKind::Mechanism
                    } else {
                        NodeKind::UnEntity
                    };
                    Node::new(*id, kind, format!("Node {id}"))
                })
                .collect(),
            edges: vec![
                edge("A", EdgeKind::MemberOf, "B"),
                edge("C", EdgeKind::MemberOf, "B"),
                edge("B", EdgeKind::PartOf, "D"),
                edge("E", EdgeKind::Chairs, "D"),
                funds,
                edge("E", EdgeKind::PartnersWith, "A"),
            ],
        })
        .unwrap()
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
