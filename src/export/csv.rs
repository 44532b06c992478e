//! Spreadsheet tables: `nodes.csv`, `edges.csv`, `evidence.csv` (one row per quote) and
//! `sources.csv`, every field of the model a column.
//!
//! - Kinds are written by their kebab-case names (`member-of`), booleans as `true` and
//!   `false`, absent values as empty cells.
//! - Lists (a node's aliases) are one cell, items joined with `;`; an item's own `;` or
//!   `\` is escaped with a backslash (`a\;b`).
//! - An amount is three columns: `amount_value`, `amount_currency` and `amount_bound`
//!   (`over`, `under`, `about`, or empty when exact).
//! - An edge is keyed by `from`, `to` and `kind` (the two ends first, as graph tools such
//!   as Kuzu's `COPY` want them); `evidence.csv` names its edge by the same three columns.
//! - Rows are sorted (nodes by id, edges by subject, kind and object, evidence in the
//!   edge's order), so a diff of two exports shows what changed.
//! - Fields are quoted when they hold a comma, a quote or a line break (RFC 4180).
//!   [`CsvOptions::excel`] starts each file with a byte-order mark, without which Excel
//!   reads UTF-8 as the local code page and garbles curly quotes and accents.
//!
//! ```
//! use agencygraph::export::{Selection, csv::{CsvOptions, write_edges}};
//!
//! let graph = agencygraph::Graph::bundled();
//! let icat = graph.subgraph(&Selection::around("ICAT", 1));
//! let mut out = Vec::new();
//! write_edges(&icat, &CsvOptions::default(), &mut out)?;
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.starts_with("from,to,kind,role,since,until,year,date,amount_value,"));
//! assert!(text.contains("\nUNODC,ICAT,secretariat-of,permanent,"));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, Write};

use super::Subgraph;
use super::text::{edge_values, node_values, write_row};

/// The columns of `nodes.csv`, in order.
pub const NODE_COLUMNS: [&str; 8] = [
    "id",
    "kind",
    "name",
    "aliases",
    "description",
    "established",
    "url",
    "notes",
];

/// The columns of `edges.csv`, in order.
pub const EDGE_COLUMNS: [&str; 14] = [
    "from",
    "to",
    "kind",
    "role",
    "since",
    "until",
    "year",
    "date",
    "amount_value",
    "amount_currency",
    "amount_bound",
    "via",
    "inferred",
    "notes",
];

/// The columns of `evidence.csv`, in order: the edge's key, then one quote.
pub const EVIDENCE_COLUMNS: [&str; 6] = ["from", "to", "kind", "source", "quote", "at"];

/// The columns of `sources.csv`, in order.
pub const SOURCE_COLUMNS: [&str; 7] = [
    "id",
    "title",
    "publisher",
    "year",
    "locator",
    "file",
    "notes",
];

/// The names of the files a CSV export writes, in the order they should be read.
pub const FILES: [&str; 4] = ["sources.csv", "nodes.csv", "edges.csv", "evidence.csv"];

/// How to write the tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CsvOptions {
    /// Start with a UTF-8 byte-order mark, for Excel.
    pub excel: bool,
}

fn writer<W: Write>(options: &CsvOptions, mut out: W) -> io::Result<::csv::Writer<W>> {
    if options.excel {
        out.write_all("\u{FEFF}".as_bytes())?;
    }
    Ok(::csv::WriterBuilder::new()
        // `\r\n`, as RFC 4180 and Excel want; every reader takes it.
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out))
}

/// Writes `nodes.csv`: one row per node, [`NODE_COLUMNS`].
///
/// ```
/// use agencygraph::export::{Selection, csv::{CsvOptions, write_nodes}};
///
/// let graph = agencygraph::Graph::bundled();
/// let mut out = Vec::new();
/// let mut options = CsvOptions::default();
/// options.excel = true;
/// write_nodes(&graph.subgraph(&Selection::default()), &options, &mut out)?;
/// assert!(out.starts_with("\u{FEFF}id,kind,name,aliases,".as_bytes()));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_nodes(
    subgraph: &Subgraph<'_>,
    options: &CsvOptions,
    out: impl Write,
) -> io::Result<()> {
    let mut csv = writer(options, out)?;
    csv.write_record(NODE_COLUMNS)?;
    for node in &subgraph.nodes {
        write_row(&mut csv, &[&node.id], node_values(node))?;
    }
    csv.flush()
}

/// Writes `edges.csv`: one row per edge, [`EDGE_COLUMNS`].
pub fn write_edges(
    subgraph: &Subgraph<'_>,
    options: &CsvOptions,
    out: impl Write,
) -> io::Result<()> {
    let mut csv = writer(options, out)?;
    csv.write_record(EDGE_COLUMNS)?;
    for edge in &subgraph.edges {
        write_row(&mut csv, &[edge.from(), edge.to()], edge_values(edge))?;
    }
    csv.flush()
}

/// Writes `evidence.csv`: one row per quote, [`EVIDENCE_COLUMNS`].
pub fn write_evidence(
    subgraph: &Subgraph<'_>,
    options: &CsvOptions,
    out: impl Write,
) -> io::Result<()> {
    let mut csv = writer(options, out)?;
    csv.write_record(EVIDENCE_COLUMNS)?;
    for edge in &subgraph.edges {
        for evidence in edge.evidence() {
            csv.write_record([
                edge.from(),
                edge.to(),
                edge.kind().name(),
                evidence.source(),
                evidence.quote(),
                &evidence.at().map(|at| at.to_string()).unwrap_or_default(),
            ])?;
        }
    }
    csv.flush()
}

/// Writes `sources.csv`: one row per source the edges quote, [`SOURCE_COLUMNS`].
pub fn write_sources(
    subgraph: &Subgraph<'_>,
    options: &CsvOptions,
    out: impl Write,
) -> io::Result<()> {
    let mut csv = writer(options, out)?;
    csv.write_record(SOURCE_COLUMNS)?;
    for source in &subgraph.sources {
        csv.write_record([
            source.id.as_str(),
            &source.title,
            source.publisher.as_deref().unwrap_or(""),
            &source.year.map(|y| y.to_string()).unwrap_or_default(),
            source.locator.as_deref().unwrap_or(""),
            source.file.as_deref().unwrap_or(""),
            source.notes.as_deref().unwrap_or(""),
        ])?;
    }
    csv.flush()
}

/// Writes the table named `file` (one of [`FILES`]).
///
/// ```
/// use agencygraph::export::{Selection, csv::{CsvOptions, FILES, write_file}};
///
/// let graph = agencygraph::Graph::bundled();
/// let whole = graph.subgraph(&Selection::default());
/// for file in FILES {
///     let mut out = Vec::new();
///     write_file(&whole, file, &CsvOptions::default(), &mut out)?;
///     assert!(!out.is_empty());
/// }
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Panics
///
/// When `file` is not one of [`FILES`]: a caller's mistake, not the data's.
pub fn write_file(
    subgraph: &Subgraph<'_>,
    file: &str,
    options: &CsvOptions,
    out: impl Write,
) -> io::Result<()> {
    match file {
        "sources.csv" => write_sources(subgraph, options, out),
        "nodes.csv" => write_nodes(subgraph, options, out),
        "edges.csv" => write_edges(subgraph, options, out),
        "evidence.csv" => write_evidence(subgraph, options, out),
        other => panic!("no CSV table named {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Graph;
    use crate::export::Selection;
    use crate::export::text::tests::written_hostile;

    #[test]
    fn hostile_fields_are_quoted() {
        let text = written_hostile(|whole, out| write_nodes(whole, &CsvOptions::default(), out));
        // The name holds a quote (doubled), a comma and a line break, so it is quoted.
        assert!(
            text.contains("\"Say \"\"hi\"\", <&> ]]> \\ “curly”\nline two\""),
            "{text}"
        );
        // Aliases: `;` inside an alias is escaped, the two aliases joined with `;`.
        assert!(text.contains(",a\\;b;back\\\\slash,"), "{text}");
    }

    #[test]
    fn columns_follow_the_fields() {
        use crate::export::text::{EDGE_FIELDS, NODE_FIELDS};
        assert_eq!(NODE_COLUMNS[1..], NODE_FIELDS.map(|(name, _)| name));
        assert_eq!(EDGE_COLUMNS[2..], EDGE_FIELDS.map(|(name, _)| name));
    }

    #[test]
    fn one_evidence_row_per_quote() {
        let graph = Graph::bundled();
        let whole = graph.subgraph(&Selection::default());
        let mut out = Vec::new();
        write_evidence(&whole, &CsvOptions::default(), &mut out).unwrap();
        let rows = ::csv::Reader::from_reader(out.as_slice()).records().count();
        let quotes: usize = graph.edges().map(|e| e.evidence().len()).sum();
        assert_eq!(rows, quotes);
    }
}
