//! One function per subcommand: each takes the graph and the streams, and writes its
//! answer as a table or as JSON.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::render::{relation_block, write_json};
use super::term::{self, DIM, HEADING, ID, OK, paint};
use super::{CliError, Format, Outcome};
use agencygraph::graph::{Direction, Graph, Relation};
use agencygraph::json::{CheckJson, NodeJson, ShowJson, StatsJson};
use agencygraph::model::{EdgeKind, Node, NodeKind};
use agencygraph::store::LoadError;

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

/// `agencygraph list [--kinds K,...]`
pub(super) fn list(
    graph: &Graph,
    kinds: &[NodeKind],
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let mut nodes: Vec<&Node> = graph
        .nodes()
        .filter(|node| kinds.is_empty() || kinds.contains(&node.kind))
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

/// `agencygraph stats`
pub(super) fn stats(
    graph: &Graph,
    top: usize,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let stats = StatsJson::new(graph, top);
    if format == Format::Json {
        write_json(out, &stats)?;
        return Ok(Outcome::Done);
    }
    let width = term::width();
    writeln!(
        out,
        "{} nodes, {} edges ({} inferred), {}",
        stats.nodes,
        stats.edges,
        stats.inferred_edges,
        term::counted(stats.sources, "source", "sources")
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

/// `agencygraph check`: the load result, good or bad, is the answer.
pub(super) fn check(
    loaded: Result<Graph, LoadError>,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    if format == Format::Json {
        write_json(out, &CheckJson::new(&loaded))?;
        return Ok(if loaded.is_ok() {
            Outcome::Done
        } else {
            Outcome::Failed
        });
    }
    match loaded {
        Ok(graph) => {
            writeln!(
                out,
                "{}: {} nodes, {} edges",
                paint(OK, "ok"),
                graph.node_count(),
                graph.edge_count()
            )?;
            Ok(Outcome::Done)
        }
        Err(error) => {
            super::report_load_error(err, &error)?;
            Ok(Outcome::Failed)
        }
    }
}
