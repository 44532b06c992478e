//! Query answers as JSON Lines: one JSON object per row, keyed by column name, in the
//! order of the columns, each on a line of its own. The form `jq`, pandas
//! (`read_json(lines=True)`) and most log and data tools read a row at a time.
//!
//! Values are in the shapes of [`ResultValue`]: nodes, relationships and paths as
//! objects with a `"kind"` field.
//!
//! ```
//! use agencygraph::cypher::eval::Params;
//! use agencygraph::export::jsonl::write_rows;
//!
//! let graph = agencygraph::Graph::bundled();
//! let result = graph.query("MATCH (a)-[:CHAIRS]->(b) RETURN a.id AS chair, b.id AS body", &Params::new()).unwrap();
//! let mut out = Vec::new();
//! write_rows(&result, &mut out)?;
//! assert_eq!(String::from_utf8(out).unwrap(), "{\"chair\":\"UNMAS\",\"body\":\"IACG-MA\"}\n");
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::cypher::eval::{QueryResult, ResultValue};

/// One row as an object.
struct Row<'a> {
    columns: &'a [String],
    values: &'a [ResultValue],
}

impl Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (column, value) in self.columns.iter().zip(self.values) {
            map.serialize_entry(column, value)?;
        }
        map.end()
    }
}

/// Writes each row of `result` as one line of JSON.
pub fn write_rows(result: &QueryResult, mut out: impl Write) -> io::Result<()> {
    for values in &result.rows {
        serde_json::to_writer(
            &mut out,
            &Row {
                columns: &result.columns,
                values,
            },
        )?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
