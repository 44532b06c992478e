//! GraphML, for networkx, igraph, Gephi, yEd and Cytoscape: typed `<key>`s, one
//! `<node>` per entity and one `<edge>` per relation with its own id, so two relations
//! between the same pair (UNODC chairs and is a member of a group) stay two edges.
//!
//! - Node data: `kind`, `name`, `aliases`, `description`, `established` (int), `url`,
//!   `notes`. Edge data: `kind`, `role`, `since`, `until`, `year` (int), `date`,
//!   `amount_value` (long), `amount_currency`, `amount_bound`, `via`, `inferred`
//!   (boolean), `notes`, and the evidence as `evidence_sources` and `evidence_quotes`.
//! - Lists are text, items joined with `;` (an item's own `;` and `\` escaped with a
//!   backslash), as in the CSV export. The graph's `sources` datum is the quoted
//!   documents as a JSON array.
//! - An absent value has no `<data>` element. Readers differ in what they make of that:
//!   networkx leaves the attribute out, igraph gives NaN for a number and `""` for text,
//!   and reads every int as a float.
//! - A node's id is its agencygraph id; an edge's is `FROM/kind/TO`, stable from one
//!   export to the next.
//!
//! ```
//! use agencygraph::export::{Selection, graphml::write_graphml};
//!
//! let graph = agencygraph::Graph::bundled();
//! let mut out = Vec::new();
//! write_graphml(&graph.subgraph(&Selection::default()), &mut out)?;
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.contains(r#"<edge id="UNMAS/chairs/IACG-MA" source="UNMAS" target="IACG-MA">"#));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, Write};

use super::Subgraph;
use super::text::{
    EDGE_FIELDS, EVIDENCE_FIELDS, NODE_FIELDS, edge_values, evidence_values, node_values,
    write_edge_start, write_xml_text,
};

/// Writes the subgraph as one GraphML document.
pub fn write_graphml(subgraph: &Subgraph<'_>, mut out: impl Write) -> io::Result<()> {
    let out = &mut out;
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    )?;
    out.write_all(
        b"  <key id=\"g_sources\" for=\"graph\" attr.name=\"sources\" attr.type=\"string\"/>\n",
    )?;
    // Key ids are the attribute names with `n_`/`e_` before them: GraphML wants ids
    // unique across domains, and nodes and edges both have a `kind`.
    let edge_fields = EDGE_FIELDS.iter().chain(&EVIDENCE_FIELDS);
    let keys = NODE_FIELDS
        .iter()
        .map(|f| ("node", f))
        .chain(edge_fields.map(|f| ("edge", f)));
    for (domain, (name, field)) in keys {
        writeln!(
            out,
            "  <key id=\"{}_{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{}\"/>",
            &domain[..1],
            field.xml_name("int")
        )?;
    }
    out.write_all(b"  <graph id=\"agencygraph\" edgedefault=\"directed\">\n")?;
    let sources = serde_json::to_string(&subgraph.sources)?;
    out.write_all(b"    <data key=\"g_sources\">")?;
    write_xml_text(out, &sources)?;
    out.write_all(b"</data>\n")?;
    for node in &subgraph.nodes {
        out.write_all(b"    <node id=\"")?;
        write_xml_text(out, &node.id)?;
        out.write_all(b"\">\n")?;
        for ((name, _), value) in NODE_FIELDS.iter().zip(node_values(node)) {
            if let Some(value) = value {
                data(out, &format!("n_{name}"), &value)?;
            }
        }
        out.write_all(b"    </node>\n")?;
    }
    for edge in &subgraph.edges {
        write_edge_start(out, "    ", edge)?;
        out.write_all(b">\n")?;
        let fields = EDGE_FIELDS.iter().chain(&EVIDENCE_FIELDS);
        let values = edge_values(edge).into_iter().chain(evidence_values(edge));
        for ((name, _), value) in fields.zip(values) {
            if let Some(value) = value {
                data(out, &format!("e_{name}"), &value)?;
            }
        }
        out.write_all(b"    </edge>\n")?;
    }
    out.write_all(b"  </graph>\n</graphml>\n")
}

fn data(out: &mut impl Write, key: &str, value: &str) -> io::Result<()> {
    write!(out, "      <data key=\"{key}\">")?;
    write_xml_text(out, value)?;
    out.write_all(b"</data>\n")
}
