//! One function per subcommand: each takes the graph and the streams, and writes its
//! answer as a table or as JSON.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::term::{self, DIM, HEADING, ID, OK, paint};
use super::{CliError, Format, Outcome};
use agencygraph::graph::{Direction, Graph, Relation};
use agencygraph::json::{EdgeJson, NodeJson};
use agencygraph::model::{Edge, EdgeKind, Node, NodeKind};
use agencygraph::store::{Diagnostic, LoadError};

pub(super) fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// `agencygraph show NAME`
pub(super) fn show(
    graph: &Graph,
    name: &str,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let Some(node) = super::resolve(graph, name, format == Format::Json, out, err)? else {
        return Ok(Outcome::Failed);
    };
    let relations = graph.relations(&node.id);
    match format {
        Format::Json => write_json(out, &ShowJson::new(node, &relations))?,
        Format::Table => show_table(graph, node, &relations, out)?,
    }
    Ok(Outcome::Done)
}

#[derive(Serialize)]
struct ShowJson<'a> {
    node: NodeJson<'a>,
    relations: Vec<RelationJson<'a>>,
}

#[derive(Serialize)]
pub(super) struct RelationJson<'a> {
    direction: Direction,
    /// The label read from this node: the kind's label, or its inverse.
    label: &'static str,
    phrase: String,
    /// The other end's id and name.
    other: OtherJson<'a>,
    edge: EdgeJson<'a>,
}

#[derive(Serialize)]
pub(super) struct OtherJson<'a> {
    id: &'a str,
    kind: &'static str,
    name: &'a str,
}

impl<'a> RelationJson<'a> {
    pub(super) fn new(relation: &Relation<'a>) -> Self {
        RelationJson {
            direction: relation.direction,
            label: relation.label(),
            phrase: relation.phrase(),
            other: OtherJson::from(relation.other),
            edge: EdgeJson::from(relation.edge),
        }
    }
}

impl<'a> From<&'a Node> for OtherJson<'a> {
    fn from(node: &'a Node) -> Self {
        OtherJson {
            id: &node.id,
            kind: node.kind.name(),
            name: &node.name,
        }
    }
}

impl<'a> ShowJson<'a> {
    fn new(node: &'a Node, relations: &[Relation<'a>]) -> Self {
        ShowJson {
            node: NodeJson::from(node),
            relations: relations.iter().map(RelationJson::new).collect(),
        }
    }
}

fn show_table(
    graph: &Graph,
    node: &Node,
    relations: &[Relation<'_>],
    out: &mut dyn Write,
) -> io::Result<()> {
    let width = term::width();
    // The name wraps under itself, to the right of the id.
    let indent = " ".repeat(node.id.width() + 2);
    let title = term::wrap(&node.name, &indent, width);
    writeln!(
        out,
        "{}{}",
        paint(ID, &node.id),
        paint(HEADING, &title[node.id.len()..])
    )?;
    let mut facts: Vec<(&str, String)> = vec![("kind", node.kind.label().to_string())];
    if !node.aliases.is_empty() {
        facts.push(("aliases", node.aliases.join(", ")));
    }
    if let Some(year) = node.established {
        facts.push(("established", year.to_string()));
    }
    for (label, value) in [
        ("url", &node.url),
        ("description", &node.description),
        ("notes", &node.notes),
    ] {
        if let Some(value) = value {
            facts.push((label, value.clone()));
        }
    }
    for (label, value) in facts {
        let indent = " ".repeat(14);
        let text = term::wrap(value.as_str(), &indent, width);
        writeln!(
            out,
            "  {}{}",
            paint(DIM, &format!("{label:<12}")),
            text.trim_start()
        )?;
    }
    let outgoing = relations
        .iter()
        .filter(|r| r.direction == Direction::Out)
        .count();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint(
            HEADING,
            &format!(
                "Relations: {outgoing} out, {} in",
                relations.len() - outgoing
            )
        )
    )?;
    for relation in relations {
        writeln!(out)?;
        relation_block(graph, relation, out, width)?;
    }
    Ok(())
}

/// One relation: the phrase, its qualifiers, and each quote with its source.
pub(super) fn relation_block(
    graph: &Graph,
    relation: &Relation<'_>,
    out: &mut dyn Write,
    width: usize,
) -> io::Result<()> {
    let mut head = relation.phrase();
    if relation.edge.inferred {
        head.push_str("  [inferred]");
    }
    // The other end's name fills what is left of the line, cut short if need be.
    let room = width.saturating_sub(head.width() + 2);
    let name = if room >= 10 {
        format!(
            "  {}",
            paint(DIM, &term::truncate(&relation.other.name, room))
        )
    } else {
        String::new()
    };
    writeln!(out, "{}{name}", paint(HEADING, &head))?;
    edge_details(graph, relation.edge, out, width)
}

/// What backs an edge, indented under its phrase: qualifiers, notes, and each quote with
/// its source.
pub(super) fn edge_details(
    graph: &Graph,
    edge: &Edge,
    out: &mut dyn Write,
    width: usize,
) -> io::Result<()> {
    let qualifiers = qualifiers(edge);
    if !qualifiers.is_empty() {
        writeln!(
            out,
            "{}",
            term::wrap(&qualifiers.join(" · "), "    ", width)
        )?;
    }
    if let Some(notes) = &edge.notes {
        writeln!(
            out,
            "{}",
            paint(DIM, &term::wrap(&format!("note: {notes}"), "    ", width))
        )?;
    }
    for evidence in &edge.evidence {
        writeln!(
            out,
            "{}",
            term::wrap(&format!("“{}”", evidence.quote), "    ", width)
        )?;
        let title = graph
            .source(&evidence.source)
            .map(|s| format!(" ({})", s.title))
            .unwrap_or_default();
        writeln!(
            out,
            "    {}",
            paint(DIM, &format!("— {}{title}", evidence.citation()))
        )?;
    }
    Ok(())
}

pub(super) fn qualifiers(edge: &Edge) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(role) = &edge.role {
        parts.push(format!("role: {role}"));
    }
    match (edge.since, edge.until) {
        (Some(since), Some(until)) => parts.push(format!("{since}–{until}")),
        (Some(since), None) => parts.push(format!("since {since}")),
        (None, Some(until)) => parts.push(format!("until {until}")),
        (None, None) => {}
    }
    if let Some(year) = edge.year {
        parts.push(format!("year: {year}"));
    }
    if let Some(date) = &edge.date {
        parts.push(format!("date: {date}"));
    }
    if let Some(amount) = &edge.amount {
        parts.push(format!("amount: {amount}"));
    }
    if let Some(via) = &edge.via {
        parts.push(format!("via: {via}"));
    }
    parts
}

/// `agencygraph list [--kind K]`
pub(super) fn list(
    graph: &Graph,
    kind: Option<NodeKind>,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let mut nodes: Vec<&Node> = graph
        .nodes()
        .filter(|node| kind.is_none_or(|k| node.kind == k))
        .collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    match format {
        Format::Json => {
            let nodes: Vec<NodeJson<'_>> = nodes.into_iter().map(NodeJson::from).collect();
            write_json(out, &nodes)?;
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = nodes
                .iter()
                .map(|node| {
                    vec![
                        node.id.clone(),
                        node.kind.name().to_string(),
                        node.name.clone(),
                    ]
                })
                .collect();
            term::table(out, &["ID", "KIND", "NAME"], &rows, &[], term::width())?;
        }
    }
    Ok(Outcome::Done)
}

#[derive(Serialize)]
struct StatsJson<'a> {
    nodes: usize,
    edges: usize,
    inferred_edges: usize,
    sources: usize,
    node_kinds: BTreeMap<&'static str, usize>,
    edge_kinds: BTreeMap<&'static str, usize>,
    most_connected: Vec<Connected<'a>>,
}

#[derive(Serialize)]
struct Connected<'a> {
    id: &'a str,
    name: &'a str,
    degree: usize,
}

/// `agencygraph stats`
pub(super) fn stats(
    graph: &Graph,
    top: usize,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    // One pass each; the maps iterate kinds in declaration order, as `ALL` lists them.
    let mut node_kinds: BTreeMap<NodeKind, usize> = BTreeMap::new();
    for node in graph.nodes() {
        *node_kinds.entry(node.kind).or_default() += 1;
    }
    let mut edge_kinds: BTreeMap<EdgeKind, usize> = BTreeMap::new();
    for edge in graph.edges() {
        *edge_kinds.entry(edge.kind).or_default() += 1;
    }
    let mut connected: Vec<Connected<'_>> = graph
        .nodes()
        .map(|node| Connected {
            id: &node.id,
            name: &node.name,
            degree: graph.degree(&node.id),
        })
        .collect();
    connected.sort_by(|a, b| b.degree.cmp(&a.degree).then_with(|| a.id.cmp(b.id)));
    connected.truncate(top);
    let stats = StatsJson {
        nodes: graph.node_count(),
        edges: graph.edge_count(),
        inferred_edges: graph.edges().filter(|e| e.inferred).count(),
        sources: graph.sources().len(),
        node_kinds: node_kinds.into_iter().map(|(k, n)| (k.name(), n)).collect(),
        edge_kinds: edge_kinds.into_iter().map(|(k, n)| (k.name(), n)).collect(),
        most_connected: connected,
    };
    if format == Format::Json {
        write_json(out, &stats)?;
        return Ok(Outcome::Done);
    }
    let width = term::width();
    writeln!(
        out,
        "{} nodes, {} edges ({} inferred), {} source{}",
        stats.nodes,
        stats.edges,
        stats.inferred_edges,
        stats.sources,
        if stats.sources == 1 { "" } else { "s" }
    )?;
    // Kinds in declaration order, which groups related kinds, rather than alphabetically.
    let node_rows: Vec<Vec<String>> = NodeKind::ALL
        .iter()
        .filter_map(|&k| {
            Some(vec![
                k.name().to_string(),
                stats.node_kinds.get(k.name())?.to_string(),
            ])
        })
        .collect();
    writeln!(out)?;
    term::table(out, &["NODE KIND", "COUNT"], &node_rows, &[1], width)?;
    let edge_rows: Vec<Vec<String>> = EdgeKind::ALL
        .iter()
        .filter_map(|&k| {
            Some(vec![
                k.name().to_string(),
                k.family().name().to_string(),
                stats.edge_kinds.get(k.name())?.to_string(),
            ])
        })
        .collect();
    writeln!(out)?;
    term::table(
        out,
        &["EDGE KIND", "FAMILY", "COUNT"],
        &edge_rows,
        &[2],
        width,
    )?;
    let top_rows: Vec<Vec<String>> = stats
        .most_connected
        .iter()
        .map(|c| vec![c.id.to_string(), c.degree.to_string(), c.name.to_string()])
        .collect();
    writeln!(out)?;
    term::table(
        out,
        &["MOST CONNECTED", "DEGREE", "NAME"],
        &top_rows,
        &[1],
        width,
    )?;
    Ok(Outcome::Done)
}

#[derive(Serialize)]
struct CheckJson<'a> {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    nodes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edges: Option<usize>,
    errors: &'a [Diagnostic],
}

/// `agencygraph check`: the load result, good or bad, is the answer.
pub(super) fn check(
    loaded: Result<Graph, LoadError>,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    match (loaded, format) {
        (Ok(graph), Format::Table) => {
            writeln!(
                out,
                "{}: {} nodes, {} edges",
                paint(OK, "ok"),
                graph.node_count(),
                graph.edge_count()
            )?;
            Ok(Outcome::Done)
        }
        (Ok(graph), Format::Json) => {
            write_json(
                out,
                &CheckJson {
                    ok: true,
                    nodes: Some(graph.node_count()),
                    edges: Some(graph.edge_count()),
                    errors: &[],
                },
            )?;
            Ok(Outcome::Done)
        }
        (Err(error), Format::Json) => {
            write_json(
                out,
                &CheckJson {
                    ok: false,
                    nodes: None,
                    edges: None,
                    errors: &error.diagnostics,
                },
            )?;
            Ok(Outcome::Failed)
        }
        (Err(error), Format::Table) => {
            super::report_load_error(err, &error)?;
            Ok(Outcome::Failed)
        }
    }
}
