//! CSV for `neo4j-admin database import`: a nodes file and a relationships file whose
//! headers carry Neo4j's import types.
//!
//! - `nodes.csv`: `id:ID,:LABEL,kind,name,aliases:string[],description,established:int,url,notes`.
//!   The label is the kind's variant (`UnEntity`, `Mechanism`), as in agencygraph's own
//!   Cypher, so the same queries run in both.
//! - `relationships.csv`: `:START_ID,:END_ID,:TYPE,kind,role,since:int,until:int,year:int,date,amount_value:long,amount_currency,amount_bound,via,inferred:boolean,notes,sources:string[],quotes:string[]`.
//!   The type is agencygraph's (`MEMBER_OF`); the evidence is two arrays of the same
//!   length, the i-th quote taken from the i-th source.
//! - Arrays are separated by [`ARRAY_DELIMITER`] (U+001F, the unit separator) rather
//!   than Neo4j's default `;`, which quotes and names contain. Give it to the import as
//!   `--array-delimiter=U+001F`, and `--multiline-fields=true` for quotes with line
//!   breaks. A value holding U+001F itself is refused, since it would split.
//!
//! ```sh
//! neo4j-admin database import full --array-delimiter=U+001F --multiline-fields=true \
//!     --nodes=nodes.csv --relationships=relationships.csv agencies
//! ```
//!
//! ```
//! use agencygraph::export::{Selection, neo4j::write_nodes};
//!
//! let graph = agencygraph::Graph::bundled();
//! let mut out = Vec::new();
//! write_nodes(&graph.subgraph(&Selection::default()), &mut out)?;
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.starts_with("id:ID,:LABEL,kind,name,aliases:string[],"));
//! assert!(text.contains("\nUNODC,UnEntity,un-entity,United Nations Office on Drugs and Crime,"));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, Write};

use super::Subgraph;
use super::text::{edge_values, node_values, relationship_type, write_row};

/// What separates the items of an array cell.
pub const ARRAY_DELIMITER: char = '\u{1F}';

/// The names of the files, nodes first.
pub const FILES: [&str; 2] = ["nodes.csv", "relationships.csv"];

const NODE_HEADER: [&str; 9] = [
    "id:ID",
    ":LABEL",
    "kind",
    "name",
    "aliases:string[]",
    "description",
    "established:int",
    "url",
    "notes",
];

const RELATIONSHIP_HEADER: [&str; 17] = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "kind",
    "role",
    "since:int",
    "until:int",
    "year:int",
    "date",
    "amount_value:long",
    "amount_currency",
    "amount_bound",
    "via",
    "inferred:boolean",
    "notes",
    "sources:string[]",
    "quotes:string[]",
];

/// Joins an array cell, refusing an item that holds the delimiter.
fn array<'a>(items: impl IntoIterator<Item = &'a str>) -> io::Result<String> {
    let mut cell = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if item.contains(ARRAY_DELIMITER) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{item:?} holds U+001F, the array delimiter of the Neo4j import"),
            ));
        }
        if i > 0 {
            cell.push(ARRAY_DELIMITER);
        }
        cell.push_str(item);
    }
    Ok(cell)
}

/// Writes the nodes file.
pub fn write_nodes(subgraph: &Subgraph<'_>, out: impl Write) -> io::Result<()> {
    let mut csv = ::csv::Writer::from_writer(out);
    csv.write_record(NODE_HEADER)?;
    for node in &subgraph.nodes {
        let mut values = node_values(node);
        // Aliases as an array: NODE_FIELDS puts them third.
        values[2] = Some(array(node.aliases.iter().map(String::as_str))?.into());
        write_row(&mut csv, &[&node.id, node.kind.variant()], values)?;
    }
    csv.flush()
}

/// Writes the relationships file.
///
/// ```
/// use agencygraph::export::{Selection, neo4j::write_relationships};
///
/// let graph = agencygraph::Graph::bundled();
/// let mut out = Vec::new();
/// write_relationships(&graph.subgraph(&Selection::default()), &mut out)?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("\nUNMAS,IACG-MA,CHAIRS,chairs,"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_relationships(subgraph: &Subgraph<'_>, out: impl Write) -> io::Result<()> {
    let mut csv = ::csv::Writer::from_writer(out);
    csv.write_record(RELATIONSHIP_HEADER)?;
    for edge in &subgraph.edges {
        let sources = array(edge.evidence().map(|e| e.source()))?;
        let quotes = array(edge.evidence().map(|e| e.quote()))?;
        let values = edge_values(edge)
            .into_iter()
            .chain([Some(sources.into()), Some(quotes.into())]);
        let key = [edge.from(), edge.to(), &relationship_type(edge.kind())];
        write_row(&mut csv, &key, values)?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::text::tests::written_hostile;

    #[test]
    fn arrays_use_the_unit_separator() {
        let text = written_hostile(|whole, out| write_relationships(whole, out));
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        // END chairs, END member-of, GRAPH funds: sorted by subject, kind, object.
        assert_eq!(&rows[1][2], "MEMBER_OF");
        let quotes: Vec<&str> = rows[1][16].split(ARRAY_DELIMITER).collect();
        assert_eq!(
            quotes,
            [
                "“END” is a member of <UN Action> & ]]> \\ \"x\"\nnew line",
                "second quote; with semicolon, and 'single' quotes"
            ]
        );
        assert_eq!(&rows[2][9], "500000000");
        assert_eq!(&rows[2][11], "over");
    }

    #[test]
    fn the_delimiter_itself_is_refused() {
        assert!(array(["a\u{1F}b"]).is_err());
        assert_eq!(array(["a", "b;c"]).unwrap(), "a\u{1F}b;c");
    }
}
