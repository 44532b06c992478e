//! What changed between two versions of a graph: entities by id, relations by
//! `(from, kind, to)`, each compared field by field, evidence by its quotes. An id that
//! is gone while a new entity lists it among its aliases was renamed; the relations
//! naming it are compared under the new id, so a rename is one change, not a removal
//! and an addition of everything it touched.
//!
//! ```
//! use agencygraph::Graph;
//! use agencygraph::diff::diff;
//!
//! let old = Graph::from_ron_str(r#"(
//!     sources: [(id: "r", title: "R")],
//!     nodes: [(id: "A", kind: Office, name: "A"), (id: "B", kind: Mechanism, name: "B")],
//!     edges: [(from: "A", kind: Chairs, to: "B", evidence: [(source: "r", quote: "A chairs B")])],
//! )"#)?;
//! let new = Graph::from_ron_str(r#"(
//!     sources: [(id: "r", title: "R")],
//!     nodes: [(id: "A2", kind: Office, name: "A", aliases: ["A"]), (id: "B", kind: Mechanism, name: "B")],
//!     edges: [(from: "A2", kind: Chairs, to: "B", until: 2024, evidence: [(source: "r", quote: "A chairs B")])],
//! )"#)?;
//! let changes = diff(&old, &new);
//! let lines: Vec<String> = changes.lines();
//! assert_eq!(lines, ["> A renamed A2", "~ A2 chairs B: until 2024"]);
//! # Ok::<(), agencygraph::LoadError>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::dates::When;
use crate::graph::{EdgeRef, Graph};
use crate::model::{Dataset, Dated, Edge, EdgeKind, Node};

/// A field whose value changed; `None` is "not set".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's name, as in the RON files.
    pub field: &'static str,
    /// Its value before.
    pub before: Option<String>,
    /// Its value after.
    pub after: Option<String>,
}

/// A change to an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum NodeChange {
    /// A new entity.
    Added {
        /// Its id.
        id: String,
        /// Its kind's name.
        kind: String,
        /// Its name.
        name: String,
    },
    /// An entity that is gone.
    Removed {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
    },
    /// An entity whose id changed (the old id is now an alias of the new).
    Renamed {
        /// The id before.
        from: String,
        /// The id after.
        to: String,
    },
    /// An entity whose fields changed.
    Changed {
        /// Its id (after).
        id: String,
        /// What changed.
        fields: Vec<FieldChange>,
    },
}

/// A change to a relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum RelationChange {
    /// A new relation.
    Added {
        /// Subject, kind, object.
        from: String,
        /// The kind's name.
        kind: EdgeKind,
        /// The object.
        to: String,
    },
    /// A relation that is gone.
    Removed {
        /// The subject.
        from: String,
        /// The kind.
        kind: EdgeKind,
        /// The object.
        to: String,
    },
    /// A relation whose qualifiers or evidence changed.
    Changed {
        /// The subject.
        from: String,
        /// The kind.
        kind: EdgeKind,
        /// The object.
        to: String,
        /// What changed.
        fields: Vec<FieldChange>,
    },
}

impl RelationChange {
    /// `(from, kind, to)`.
    pub fn relation(&self) -> (&str, EdgeKind, &str) {
        match self {
            RelationChange::Added { from, kind, to }
            | RelationChange::Removed { from, kind, to }
            | RelationChange::Changed { from, kind, to, .. } => (from, *kind, to),
        }
    }
}

/// Everything that changed, entities first, each list sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// Entities.
    pub nodes: Vec<NodeChange>,
    /// Relations.
    pub relations: Vec<RelationChange>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.relations.is_empty()
    }

    /// One line per change: `+ WFP member-of IASC`, `- ...`, `~ UNMAS chairs IACG-MA:
    /// until 2024`, `> OLD renamed NEW`; entities as `+ node ID (kind) Name`.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for change in &self.nodes {
            lines.push(match change {
                NodeChange::Added { id, kind, name } => format!("+ node {id} ({kind}) {name}"),
                NodeChange::Removed { id, name } => format!("- node {id} {name}"),
                NodeChange::Renamed { from, to } => format!("> {from} renamed {to}"),
                NodeChange::Changed { id, fields } => format!("~ node {id}: {}", describe(fields)),
            });
        }
        for change in &self.relations {
            let (from, kind, to) = change.relation();
            let statement = format!("{from} {} {to}", kind.name());
            lines.push(match change {
                RelationChange::Added { .. } => format!("+ {statement}"),
                RelationChange::Removed { .. } => format!("- {statement}"),
                RelationChange::Changed { fields, .. } => {
                    format!("~ {statement}: {}", describe(fields))
                }
            });
        }
        lines
    }
}

/// `until 2024`, `name "A" → "B"`, `notes none`: what changed in a few words.
fn describe(fields: &[FieldChange]) -> String {
    fields
        .iter()
        .map(|f| match (&f.before, &f.after) {
            (None, Some(after)) => format!("{} {after}", f.field),
            (Some(before), None) => format!("{} {before} → none", f.field),
            (Some(before), Some(after)) => format!("{} {before} → {after}", f.field),
            (None, None) => f.field.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The changes from `old` to `new`.
pub fn diff(old: &Graph, new: &Graph) -> Changes {
    // Renames: an id gone from `old` that a new entity of `new` lists as an alias.
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for node in old.nodes() {
        if new.node(&node.id).is_none()
            && let Some(successor) = new
                .nodes()
                .find(|n| old.node(&n.id).is_none() && n.aliases.contains(&node.id))
        {
            renamed.insert(node.id.clone(), successor.id.clone());
        }
    }
    let now = |id: &str| renamed.get(id).cloned().unwrap_or_else(|| id.to_string());
    let mut nodes = Vec::new();
    for node in old.nodes() {
        match new.node(&now(&node.id)) {
            None => nodes.push(NodeChange::Removed {
                id: node.id.clone(),
                name: node.name.clone(),
            }),
            Some(after) => {
                if after.id != node.id {
                    nodes.push(NodeChange::Renamed {
                        from: node.id.clone(),
                        to: after.id.clone(),
                    });
                }
                let fields = node_fields(node, after);
                if !fields.is_empty() {
                    nodes.push(NodeChange::Changed {
                        id: after.id.clone(),
                        fields,
                    });
                }
            }
        }
    }
    let successors: BTreeSet<&String> = renamed.values().collect();
    for node in new.nodes() {
        if old.node(&node.id).is_none() && !successors.contains(&node.id) {
            nodes.push(NodeChange::Added {
                id: node.id.clone(),
                kind: node.kind.name().to_string(),
                name: node.name.clone(),
            });
        }
    }
    nodes.sort_by(|a, b| node_key(a).cmp(&node_key(b)));

    let key = |e: EdgeRef<'_>, map: &dyn Fn(&str) -> String| {
        let (from, kind, to) = e.relation();
        let (from, to) = (map(from), map(to));
        let (from, kind, to) = crate::model::relation(&from, kind, &to);
        (from.to_string(), kind, to.to_string())
    };
    let before: BTreeMap<(String, EdgeKind, String), EdgeRef<'_>> =
        old.edges().map(|e| (key(e, &now), e)).collect();
    let after: BTreeMap<(String, EdgeKind, String), EdgeRef<'_>> = new
        .edges()
        .map(|e| (key(e, &|id: &str| id.to_string()), e))
        .collect();
    let mut relations = Vec::new();
    for ((from, kind, to), edge) in &before {
        match after.get(&(from.clone(), *kind, to.clone())) {
            None => relations.push(RelationChange::Removed {
                from: from.clone(),
                kind: *kind,
                to: to.clone(),
            }),
            Some(later) => {
                let fields = edge_fields(&edge.to_edge(), &later.to_edge());
                if !fields.is_empty() {
                    relations.push(RelationChange::Changed {
                        from: from.clone(),
                        kind: *kind,
                        to: to.clone(),
                        fields,
                    });
                }
            }
        }
    }
    for (from, kind, to) in after.keys() {
        if !before.contains_key(&(from.clone(), *kind, to.clone())) {
            relations.push(RelationChange::Added {
                from: from.clone(),
                kind: *kind,
                to: to.clone(),
            });
        }
    }
    relations.sort_by(|a, b| a.relation().cmp(&b.relation()));
    Changes { nodes, relations }
}

fn node_key(change: &NodeChange) -> (&str, u8) {
    match change {
        NodeChange::Renamed { from, .. } => (from, 0),
        NodeChange::Removed { id, .. } => (id, 1),
        NodeChange::Changed { id, .. } => (id, 2),
        NodeChange::Added { id, .. } => (id, 3),
    }
}

fn change(
    field: &'static str,
    before: Option<String>,
    after: Option<String>,
) -> Option<FieldChange> {
    (before != after).then_some(FieldChange {
        field,
        before,
        after,
    })
}

fn node_fields(before: &Node, after: &Node) -> Vec<FieldChange> {
    // A rename adds the old id as an alias: that is the rename, not a change of names.
    let aliases = |node: &Node| {
        let list: Vec<&str> = node
            .aliases
            .iter()
            .map(String::as_str)
            .filter(|a| *a != before.id || after.id == before.id)
            .collect();
        (!list.is_empty()).then(|| list.join(", "))
    };
    [
        change(
            "kind",
            Some(before.kind.name().into()),
            Some(after.kind.name().into()),
        ),
        change("name", Some(before.name.clone()), Some(after.name.clone())),
        change("aliases", aliases(before), aliases(after)),
        change(
            "description",
            before.description.clone(),
            after.description.clone(),
        ),
        change(
            "established",
            before.established.map(|y| y.to_string()),
            after.established.map(|y| y.to_string()),
        ),
        change("url", before.url.clone(), after.url.clone()),
        change("notes", before.notes.clone(), after.notes.clone()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn edge_fields(before: &Edge, after: &Edge) -> Vec<FieldChange> {
    let year = |y: Option<i32>| y.map(|y| y.to_string());
    let quotes = |edge: &Edge| {
        let mut quotes: Vec<String> = edge
            .evidence
            .iter()
            .map(|e| format!("{}: “{}”", e.source, e.quote))
            .collect();
        quotes.sort();
        quotes
    };
    let (old_quotes, new_quotes) = (quotes(before), quotes(after));
    let gone: Vec<&String> = old_quotes
        .iter()
        .filter(|q| !new_quotes.contains(q))
        .collect();
    let came: Vec<&String> = new_quotes
        .iter()
        .filter(|q| !old_quotes.contains(q))
        .collect();
    let join = |list: Vec<&String>| {
        (!list.is_empty()).then(|| {
            list.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    let located = |edge: &Edge| {
        let mut at: Vec<String> = edge
            .evidence
            .iter()
            .filter_map(|e| e.at.map(|at| format!("{}:{at}", e.source)))
            .collect();
        at.sort();
        (!at.is_empty()).then(|| at.join(", "))
    };
    let mut fields: Vec<FieldChange> = [
        change("role", before.role.clone(), after.role.clone()),
        change("since", year(before.since), year(after.since)),
        change("until", year(before.until), year(after.until)),
        change("year", year(before.year), year(after.year)),
        change("date", before.date.clone(), after.date.clone()),
        change(
            "amount",
            before.amount.as_ref().map(|a| a.to_string()),
            after.amount.as_ref().map(|a| a.to_string()),
        ),
        change("via", before.via.clone(), after.via.clone()),
        change(
            "inferred",
            Some(before.inferred.to_string()),
            Some(after.inferred.to_string()),
        ),
        change("notes", before.notes.clone(), after.notes.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if gone.is_empty() && came.is_empty() {
        fields.extend(change("locators", located(before), located(after)));
    } else {
        fields.push(FieldChange {
            field: "evidence",
            before: join(gone),
            after: join(came),
        });
    }
    fields
}

/// How a dated relation stands between two years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Span {
    /// It holds in the later year and not the earlier.
    Started,
    /// It holds in the earlier year and not the later.
    Ended,
    /// It holds in both.
    Held,
    /// It holds only in between (a dated event).
    Within,
}

/// The dated relations of `graph` that started, ended, held or happened between the
/// times `from` and `to` (each a year, a month or a day, as `--at` takes them), by their
/// `since`, `until`, `year` and `date`; undated relations are left out.
///
/// A relation holds at a time when it may have held on some day of it, as
/// [`When::overlaps`] reads it; it is only in between when it holds at neither end but
/// may have held on some day from the first day of `from` to the last of `to`.
///
/// ```
/// use agencygraph::Graph;
/// use agencygraph::dates::When;
/// use agencygraph::diff::{between, Span};
/// let graph = Graph::bundled();
/// let spans = between(&graph, When::year(2015), When::year(2020));
/// assert!(spans.iter().any(|(span, e)| *span == Span::Started && e.to() == "SPOTLIGHT"));
/// // OHCHR supported a CSW63 side-event in March 2019: not yet in February, over by April.
/// let (february, april) = ("2019-02".parse()?, "2019-04".parse()?);
/// let spans = between(&graph, february, april);
/// assert!(spans.iter().any(|(span, e)| *span == Span::Within && e.to() == "SIDE-EVENT-ONLINE-VIOLENCE"));
/// # Ok::<(), String>(())
/// ```
pub fn between(graph: &Graph, from: When, to: When) -> Vec<(Span, EdgeRef<'_>)> {
    let mut found: Vec<(Span, EdgeRef<'_>)> = graph
        .edges()
        .filter_map(|edge| {
            // `None` for an undated edge, which is left out; a month or a day is read
            // by the day.
            let holds_at = |when: When| {
                let in_year = edge.valid_in(when.year)?;
                Some(if when.is_year() {
                    in_year
                } else {
                    when.overlaps(&edge)
                })
            };
            let at_from = holds_at(from)?;
            let at_to = holds_at(to)?;
            let within = match (from.days, to.days) {
                // Whole years: some year of the span, as `--from`/`--to` read it.
                (None, None) => (from.year..=to.year).any(|y| edge.valid_in(y) == Some(true)),
                _ => When::days(from.bounds().0, to.bounds().1).overlaps(&edge),
            };
            let span = match (at_from, at_to) {
                (false, true) => Span::Started,
                (true, false) => Span::Ended,
                (true, true) => Span::Held,
                (false, false) if within => Span::Within,
                (false, false) => return None,
            };
            Some((span, edge))
        })
        .collect();
    found.sort_by(|a, b| a.1.relation().cmp(&b.1.relation()));
    found
}

/// The changes as a DOT picture: the changed relations with their ends, added green,
/// removed red and dashed, changed amber, and the relations one hop from them in grey
/// for context (from `new`, or `old` for what is gone), with a legend.
pub fn to_dot(changes: &Changes, old: &Graph, new: &Graph) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut dot = String::from(
        "digraph changes {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    let mut touched: BTreeSet<String> = BTreeSet::new();
    let mut drawn: BTreeSet<(String, EdgeKind, String)> = BTreeSet::new();
    for change in &changes.relations {
        let (from, kind, to) = change.relation();
        let (colour, style) = match change {
            RelationChange::Added { .. } => ("#2e7d32", "solid"),
            RelationChange::Removed { .. } => ("#c62828", "dashed"),
            RelationChange::Changed { .. } => ("#ef8f00", "solid"),
        };
        let _ = writeln!(
            dot,
            "  {} -> {} [label={}, color=\"{colour}\", fontcolor=\"{colour}\", style={style}, penwidth=2];",
            quote(from),
            quote(to),
            quote(kind.label())
        );
        touched.insert(from.to_string());
        touched.insert(to.to_string());
        drawn.insert((from.to_string(), kind, to.to_string()));
    }
    for change in &changes.nodes {
        let (id, colour) = match change {
            NodeChange::Added { id, .. } => (id, "#c8e6c9"),
            NodeChange::Removed { id, .. } => (id, "#ffcdd2"),
            NodeChange::Renamed { to, .. } | NodeChange::Changed { id: to, .. } => (to, "#ffe0b2"),
        };
        let _ = writeln!(dot, "  {} [fillcolor=\"{colour}\"];", quote(id));
        touched.insert(id.clone());
    }
    // One hop of context, in grey.
    let mut context: BTreeSet<String> = BTreeSet::new();
    for id in &touched {
        let graph = if new.node(id).is_some() { new } else { old };
        for edge in graph.outgoing(id).chain(graph.incoming(id)) {
            let (from, kind, to) = edge.relation();
            if drawn.insert((from.to_string(), kind, to.to_string())) {
                let _ = writeln!(
                    dot,
                    "  {} -> {} [label={}, color=grey70, fontcolor=grey50];",
                    quote(edge.from()),
                    quote(edge.to()),
                    quote(edge.kind().label())
                );
                for end in [edge.from(), edge.to()] {
                    if !touched.contains(end) {
                        context.insert(end.to_string());
                    }
                }
            }
        }
    }
    for id in &context {
        let _ = writeln!(dot, "  {} [color=grey70, fontcolor=grey40];", quote(id));
    }
    dot.push_str(
        "  subgraph cluster_legend {\n    label=\"Legend\"; fontname=\"Helvetica\"; color=grey80;\n    legend_a [label=\"\", shape=point]; legend_b [label=\"\", shape=point];\n    legend_c [label=\"\", shape=point]; legend_d [label=\"\", shape=point];\n    legend_e [label=\"\", shape=point]; legend_f [label=\"\", shape=point];\n    legend_g [label=\"\", shape=point]; legend_h [label=\"\", shape=point];\n    legend_a -> legend_b [label=\"added\", color=\"#2e7d32\", fontcolor=\"#2e7d32\", penwidth=2];\n    legend_c -> legend_d [label=\"removed\", color=\"#c62828\", fontcolor=\"#c62828\", style=dashed, penwidth=2];\n    legend_e -> legend_f [label=\"changed\", color=\"#ef8f00\", fontcolor=\"#ef8f00\", penwidth=2];\n    legend_g -> legend_h [label=\"context\", color=grey70, fontcolor=grey50];\n  }\n}\n",
    );
    dot
}

/// A graph file as one statement a line, for `git diff` through a textconv driver:
/// `source ID: TITLE`, `node ID (kind) NAME [aliases]`, `FROM kind TO [qualifiers]`,
/// each quote on its own line under its relation.
///
/// One file is read on its own (its relations may name entities of other files), so
/// nothing is validated.
///
/// ```
/// let graph = agencygraph::Graph::from_ron_str(r#"(
///     sources: [(id: "r", title: "Report")],
///     nodes: [(id: "A", kind: Office, name: "Unit A"), (id: "B", kind: Mechanism, name: "B")],
///     edges: [(from: "A", kind: Chairs, to: "B", since: 2019, evidence: [(source: "r", quote: "A chairs B")])],
/// )"#)?;
/// assert_eq!(agencygraph::diff::statements(&graph.to_dataset()), "\
/// source r: Report
/// node A (office) Unit A
/// node B (mechanism) B
/// A chairs B  since 2019
///   r: “A chairs B”
/// ");
/// # Ok::<(), agencygraph::LoadError>(())
/// ```
pub fn statements(dataset: &Dataset) -> String {
    let mut text = String::new();
    let mut sources: Vec<_> = dataset.sources.iter().collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    for source in sources {
        let _ = writeln!(text, "source {}: {}", source.id, source.title);
    }
    let mut nodes: Vec<&Node> = dataset.nodes.iter().collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    for node in nodes {
        let aliases = if node.aliases.is_empty() {
            String::new()
        } else {
            format!("  [{}]", node.aliases.join(", "))
        };
        let _ = writeln!(
            text,
            "node {} ({}) {}{aliases}",
            node.id,
            node.kind.name(),
            node.name
        );
    }
    let mut edges: Vec<&Edge> = dataset.edges.iter().collect();
    edges.sort_by(|a, b| a.relation().cmp(&b.relation()));
    for edge in edges {
        let empty = Edge::new("", edge.kind, "");
        let mut qualifiers = edge_fields(&empty, edge);
        qualifiers
            .retain(|f| f.field != "evidence" && f.field != "locators" && f.field != "inferred");
        let mut line = format!("{} {} {}", edge.from, edge.kind.name(), edge.to);
        if edge.inferred {
            line.push_str("  (inferred)");
        }
        if !qualifiers.is_empty() {
            let _ = write!(line, "  {}", describe(&qualifiers));
        }
        let _ = writeln!(text, "{line}");
        for evidence in &edge.evidence {
            let _ = writeln!(text, "  {}: “{}”", evidence.citation(), evidence.quote);
        }
    }
    text
}
