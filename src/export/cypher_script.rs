//! A Cypher script that builds the graph in a Cypher database: one idempotent `MERGE`
//! statement per line, the form Neo4j (`cypher-shell -f`), Memgraph (CYPHERL) and
//! FalkorDB (a query per line) all run.
//!
//! - A node: ``MERGE (n:`UnEntity` {id: 'UNODC'}) SET n = {id: …, kind: …, name: …, aliases: […], …};``
//! - A relationship: ``MATCH (a:`UnEntity` {id: 'UNODC'}), (b:`Mechanism` {id: 'ICAT'}) MERGE (a)-[r:`SECRETARIAT_OF`]->(b) SET r = {…};``
//!
//! Labels and types are agencygraph's own (the kind's variant, `UnEntity`; the kind in
//! UPPER_SNAKE_CASE, `SECRETARIAT_OF`), back-quoted, so the same queries run here and
//! there. `SET x = {…}` replaces every property, so running a newer script over an older
//! load leaves no stale value; running the same script twice changes nothing. The
//! evidence is two list properties of the relationship, `sources` and `quotes` (the i-th
//! quote from the i-th source), since these databases store no lists of maps; an amount
//! is `amount_value`, `amount_currency` and `amount_bound`.
//!
//! Strings are in single quotes with `\'`, `\\`, `\n`, `\r`, `\t` and `\uXXXX` for other
//! control characters, so every statement stays on its line.
//!
//! ```
//! use agencygraph::export::{Selection, cypher_script::write_cypher};
//!
//! let graph = agencygraph::Graph::bundled();
//! let mut out = Vec::new();
//! write_cypher(&graph.subgraph(&Selection::around("IACG-MA", 1)), &mut out)?;
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.lines().all(|line| line.ends_with(';')));
//! assert!(text.contains("MERGE (a)-[r:`CHAIRS`]->(b)"));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::collections::HashMap;
use std::io::{self, Write};

use super::Subgraph;
use super::text::{bound_name, edge_years, relationship_type, write_quoted};
use crate::graph::EdgeRef;
use crate::model::Node;

/// Writes the script: every node, then every relationship, one statement a line.
pub fn write_cypher(subgraph: &Subgraph<'_>, mut out: impl Write) -> io::Result<()> {
    for node in &subgraph.nodes {
        write_node(&mut out, node)?;
    }
    // A relationship's MATCH needs its ends' labels. A map (memory in proportion to the
    // nodes, not the output) rather than a binary search of the sorted nodes, whose
    // string comparisons through pointers made this writer three times slower than the
    // others on a million edges.
    let labels: HashMap<&str, &'static str> = subgraph
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.kind.variant()))
        .collect();
    let label = |id: &str| labels.get(id).copied().ok_or(());
    for edge in &subgraph.edges {
        let (Ok(from), Ok(to)) = (label(edge.from()), label(edge.to())) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} joins a node the subgraph lacks", edge.statement()),
            ));
        };
        write_edge(&mut out, edge, from, to)?;
    }
    Ok(())
}

fn write_node(out: &mut impl Write, node: &Node) -> io::Result<()> {
    write!(out, "MERGE (n:")?;
    identifier(out, node.kind.variant())?;
    write!(out, " {{id: ")?;
    string(out, &node.id)?;
    write!(out, "}}) SET n = {{id: ")?;
    string(out, &node.id)?;
    write!(out, ", kind: ")?;
    string(out, node.kind.name())?;
    write!(out, ", name: ")?;
    string(out, &node.name)?;
    write!(out, ", aliases: ")?;
    list(out, node.aliases.iter().map(String::as_str))?;
    optional_string(out, "description", node.description.as_deref())?;
    if let Some(year) = node.established {
        write!(out, ", established: {year}")?;
    }
    optional_string(out, "url", node.url.as_deref())?;
    optional_string(out, "notes", node.notes.as_deref())?;
    writeln!(out, "}};")
}

fn write_edge(
    out: &mut impl Write,
    edge: &EdgeRef<'_>,
    from_label: &str,
    to_label: &str,
) -> io::Result<()> {
    write!(out, "MATCH (a:")?;
    identifier(out, from_label)?;
    write!(out, " {{id: ")?;
    string(out, edge.from())?;
    write!(out, "}}), (b:")?;
    identifier(out, to_label)?;
    write!(out, " {{id: ")?;
    string(out, edge.to())?;
    write!(out, "}}) MERGE (a)-[r:")?;
    identifier(out, &relationship_type(edge.kind()))?;
    write!(out, "]->(b) SET r = {{kind: ")?;
    string(out, edge.kind().name())?;
    optional_string(out, "role", edge.role())?;
    for (key, year) in edge_years(edge) {
        write!(out, ", {key}: {year}")?;
    }
    optional_string(out, "date", edge.date())?;
    if let Some(amount) = edge.amount() {
        write!(out, ", amount_value: {}, amount_currency: ", amount.value)?;
        string(out, &amount.currency)?;
        optional_string(
            out,
            "amount_bound",
            Some(bound_name(amount.bound)).filter(|b| !b.is_empty()),
        )?;
    }
    optional_string(out, "via", edge.via())?;
    write!(out, ", inferred: {}", edge.inferred())?;
    optional_string(out, "notes", edge.notes())?;
    write!(out, ", sources: ")?;
    list(out, edge.evidence().map(|e| e.source()))?;
    write!(out, ", quotes: ")?;
    list(out, edge.evidence().map(|e| e.quote()))?;
    writeln!(out, "}};")
}

fn optional_string(out: &mut impl Write, key: &str, value: Option<&str>) -> io::Result<()> {
    if let Some(value) = value {
        write!(out, ", {key}: ")?;
        string(out, value)?;
    }
    Ok(())
}

fn list<'a>(out: &mut impl Write, items: impl Iterator<Item = &'a str>) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.write_all(b", ")?;
        }
        string(out, item)?;
    }
    out.write_all(b"]")
}

/// A back-quoted label, type or key, a back quote inside doubled.
fn identifier(out: &mut impl Write, name: &str) -> io::Result<()> {
    write!(out, "`{}`", name.replace('`', "``"))
}

/// A single-quoted Cypher string.
fn string(out: &mut impl Write, text: &str) -> io::Result<()> {
    write_quoted(out, text, '\'')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::text::tests::{written, written_hostile};

    fn quoted(text: &str) -> String {
        written(|out| string(out, text))
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(quoted("it's"), r"'it\'s'");
        assert_eq!(
            quoted("a\\b\nc\r\td\u{7}“e”"),
            "'a\\\\b\\nc\\r\\td\\u0007“e”'"
        );
        assert_eq!(written(|out| identifier(out, "we`ird")), "`we``ird`");
    }

    #[test]
    fn one_statement_per_line() {
        let text = written_hostile(|whole, out| write_cypher(whole, out));
        let lines: Vec<&str> = text.lines().collect();
        // Three nodes, three relationships.
        assert_eq!(lines.len(), 6, "{text}");
        assert!(lines[0].starts_with("MERGE (n:`UnEntity` {id: 'END'}) SET n = {id: 'END', kind: 'un-entity', name: 'end', aliases: ['Ünïcödé — ‘single’ 🙂'], established: 1945};"), "{}", lines[0]);
        assert!(lines[3].starts_with("MATCH (a:`UnEntity` {id: 'END'}), (b:`Network` {id: 'UN-ACTION'}) MERGE (a)-[r:`CHAIRS`]->(b) SET r = {kind: 'chairs', year: 2019, inferred: false, sources: ['memo<&>\"\\''], quotes: ['END chairs it']};"), "{}", lines[3]);
    }
}
