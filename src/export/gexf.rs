//! GEXF 1.3, Gephi's own format, in dynamic mode with integer time: a relation's
//! `since`, `until`, `year` (or its `date`'s year) become a spell, so Gephi's timeline
//! plays the network year by year. Relations without dates hold throughout.
//!
//! - Attributes (typed): nodes `kind`, `aliases`, `description`, `established`, `url`,
//!   `notes`, with the name as the label; edges `kind`, `role`, `since`, `until`,
//!   `year`, `date`, `amount_value`, `amount_currency`, `amount_bound`, `via`,
//!   `inferred`, `notes`, `evidence_sources`, `evidence_quotes` (lists joined with `;`
//!   as in the CSV export), with the kind's label as the edge's label.
//! - Each edge also carries GEXF 1.3's `kind` attribute: Gephi merges parallel edges on
//!   import unless their kinds differ, and two relations between one pair always do.
//! - Ids as in the GraphML export: the node's id, `FROM/kind/TO` for an edge.
//!
//! ```
//! use agencygraph::export::{Selection, gexf::write_gexf};
//!
//! let graph = agencygraph::Graph::bundled();
//! let mut out = Vec::new();
//! write_gexf(&graph.subgraph(&Selection::default()), &mut out)?;
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.contains(r#"<graph mode="dynamic" defaultedgetype="directed" timeformat="integer">"#));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::borrow::Cow;
use std::io::{self, Write};

use super::Subgraph;
use super::text::{
    EDGE_FIELDS, EVIDENCE_FIELDS, FieldType, NODE_FIELDS, edge_values, evidence_values,
    node_values, write_edge_start, write_xml_text,
};
use crate::model::Dated;

/// Writes the subgraph as one GEXF 1.3 document.
pub fn write_gexf(subgraph: &Subgraph<'_>, mut out: impl Write) -> io::Result<()> {
    let out = &mut out;
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n\
  <meta>\n    <creator>agencygraph</creator>\n  </meta>\n\
  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"integer\">\n",
    )?;
    // The node's name is its label, not an attribute.
    let node_fields: Vec<_> = NODE_FIELDS
        .iter()
        .filter(|(name, _)| *name != "name")
        .collect();
    let edge_fields: Vec<_> = EDGE_FIELDS.iter().chain(&EVIDENCE_FIELDS).collect();
    for (class, fields) in [("node", node_fields), ("edge", edge_fields)] {
        writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">")?;
        for (name, field) in fields {
            writeln!(
                out,
                "      <attribute id=\"{name}\" title=\"{name}\" type=\"{}\"/>",
                field.xml_name("integer")
            )?;
        }
        out.write_all(b"    </attributes>\n")?;
    }
    out.write_all(b"    <nodes>\n")?;
    for node in &subgraph.nodes {
        out.write_all(b"      <node id=\"")?;
        write_xml_text(out, &node.id)?;
        out.write_all(b"\" label=\"")?;
        write_xml_text(out, &node.name)?;
        out.write_all(b"\">\n")?;
        let values = NODE_FIELDS.iter().zip(node_values(node));
        attvalues(out, values.filter(|((name, _), _)| *name != "name"))?;
        out.write_all(b"      </node>\n")?;
    }
    out.write_all(b"    </nodes>\n    <edges>\n")?;
    for edge in &subgraph.edges {
        write_edge_start(out, "      ", edge)?;
        writeln!(
            out,
            " kind=\"{}\" label=\"{}\">",
            edge.kind().name(),
            edge.kind().label()
        )?;
        let fields = EDGE_FIELDS.iter().chain(&EVIDENCE_FIELDS);
        let values = edge_values(edge).into_iter().chain(evidence_values(edge));
        attvalues(out, fields.zip(values))?;
        if let Some((start, end)) = spell(edge) {
            out.write_all(b"        <spells>\n          <spell")?;
            if let Some(start) = start {
                write!(out, " start=\"{start}\"")?;
            }
            if let Some(end) = end {
                write!(out, " end=\"{end}\"")?;
            }
            out.write_all(b"/>\n        </spells>\n")?;
        }
        out.write_all(b"      </edge>\n")?;
    }
    out.write_all(b"    </edges>\n  </graph>\n</gexf>\n")
}

/// The years a relation holds, as `(start, end)`, either open; `None` when undated.
fn spell(edge: &impl Dated) -> Option<(Option<i32>, Option<i32>)> {
    let date_year = edge.date().and_then(|d| d.get(..4)?.parse().ok());
    match (edge.year().or(date_year), edge.since(), edge.until()) {
        (Some(year), _, _) => Some((Some(year), Some(year))),
        (None, None, None) => None,
        (None, since, until) => Some((since, until)),
    }
}

fn attvalues<'a>(
    out: &mut impl Write,
    values: impl Iterator<Item = (&'a (&'a str, FieldType), Option<Cow<'a, str>>)>,
) -> io::Result<()> {
    out.write_all(b"        <attvalues>\n")?;
    for ((name, _), value) in values {
        if let Some(value) = value {
            write!(out, "          <attvalue for=\"{name}\" value=\"")?;
            write_xml_text(out, &value)?;
            out.write_all(b"\"/>\n")?;
        }
    }
    out.write_all(b"        </attvalues>\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edge;
    use crate::model::EdgeKind;

    #[test]
    fn spells_from_dates() {
        let edge = Edge::new("A", EdgeKind::Funds, "B");
        assert_eq!(spell(&edge), None);
        let span = Edge {
            since: Some(2017),
            until: Some(2023),
            ..edge.clone()
        };
        assert_eq!(spell(&span), Some((Some(2017), Some(2023))));
        let open = Edge {
            since: Some(2017),
            ..edge.clone()
        };
        assert_eq!(spell(&open), Some((Some(2017), None)));
        let dated = Edge {
            date: Some("2018-11".into()),
            ..edge
        };
        assert_eq!(spell(&dated), Some((Some(2018), Some(2018))));
    }
}
