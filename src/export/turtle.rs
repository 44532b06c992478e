//! RDF in Turtle, for SPARQL stores (Oxigraph, Virtuoso, QLever, GraphDB) and rdflib.
//!
//! What the W3C Organization Ontology (`org:`) can say, it says: `org:memberOf` for
//! `member-of`, `org:hasSubOrganization` and `org:subOrganizationOf` for `part-of`,
//! `org:headOf` for `chairs`, `org:Organization` (`org:OrganizationalUnit` for an
//! office) for the kinds of entity that are organisations, and an `org:Membership` with
//! its `org:role` for each membership. Everything else is in the `agencygraph:`
//! vocabulary (`urn:agencygraph:vocabulary:`): each other relation kind as a property
//! named after it (`agencygraph:coChairs`, `agencygraph:participatesIn`), each node kind
//! as a class (`agencygraph:UnEntity`).
//!
//! Every relation is also a resource of its own, `<urn:agencygraph:relation:FROM/kind/TO>`,
//! carrying its qualifiers and its provenance (PROV-O): `prov:wasDerivedFrom` each
//! source, and a `prov:qualifiedDerivation` per quote with the source as `prov:entity`
//! and the words as `agencygraph:quote`. So a SPARQL query can ask for a relation's
//! quote as well as for the relation.
//!
//! Entities are `<urn:agencygraph:entity:ID>`, sources `<urn:agencygraph:source:ID>`
//! (characters IRIs may not hold percent-encoded). Strings are escaped for Turtle
//! (`\"`, `\\`, `\n`, `\r`, `\t`, `\uXXXX` for other control characters); the rest of
//! Unicode is written as it is, since Turtle is UTF-8.
//!
//! ```
//! use agencygraph::export::{Selection, turtle::write_turtle};
//!
//! let graph = agencygraph::Graph::bundled();
//! let mut out = Vec::new();
//! write_turtle(&graph.subgraph(&Selection::default()), &mut out)?;
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.contains("<urn:agencygraph:entity:UNMAS> org:headOf <urn:agencygraph:entity:IACG-MA> ."));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, Write};

use super::Subgraph;
use super::text::{bound_name, edge_id, edge_years, write_quoted};
use crate::graph::EdgeRef;
use crate::model::{EdgeKind, Node, NodeKind, Source};

/// The namespace of the `agencygraph:` vocabulary.
pub const VOCABULARY: &str = "urn:agencygraph:vocabulary:";

const PREFIXES: &str = "\
@prefix agencygraph: <urn:agencygraph:vocabulary:> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
";

/// Writes the subgraph as one Turtle document: prefixes, sources, entities, then
/// relations, each a block of its own.
pub fn write_turtle(subgraph: &Subgraph<'_>, mut out: impl Write) -> io::Result<()> {
    let out = &mut out;
    out.write_all(PREFIXES.as_bytes())?;
    for source in &subgraph.sources {
        write_source(out, source)?;
    }
    for node in &subgraph.nodes {
        write_node(out, node)?;
    }
    for edge in &subgraph.edges {
        write_edge(out, edge)?;
    }
    Ok(())
}

fn write_source(out: &mut impl Write, source: &Source) -> io::Result<()> {
    out.write_all(b"\n")?;
    iri(out, "source", &source.id)?;
    out.write_all(b" a prov:Entity ;\n    agencygraph:id ")?;
    literal(out, &source.id)?;
    out.write_all(b" ;\n    dcterms:title ")?;
    literal(out, &source.title)?;
    optional(out, "dcterms:publisher", source.publisher.as_deref())?;
    if let Some(year) = source.year {
        write!(out, " ;\n    agencygraph:year {year}")?;
    }
    optional(out, "agencygraph:locator", source.locator.as_deref())?;
    optional(out, "skos:note", source.notes.as_deref())?;
    out.write_all(b" .\n")
}

/// The ORG class of a node kind, for the kinds that are organisations.
fn org_class(kind: NodeKind) -> Option<&'static str> {
    match kind {
        NodeKind::Office => Some("org:OrganizationalUnit"),
        NodeKind::UnEntity
        | NodeKind::Department
        | NodeKind::Mechanism
        | NodeKind::Network
        | NodeKind::WorkingGroup
        | NodeKind::Body
        | NodeKind::MemberState
        | NodeKind::Organisation
        | NodeKind::Group => Some("org:Organization"),
        _ => None,
    }
}

fn write_node(out: &mut impl Write, node: &Node) -> io::Result<()> {
    out.write_all(b"\n")?;
    iri(out, "entity", &node.id)?;
    write!(out, " a agencygraph:{}", node.kind.variant())?;
    if let Some(class) = org_class(node.kind) {
        write!(out, ", {class}")?;
    }
    out.write_all(b" ;\n    agencygraph:id ")?;
    literal(out, &node.id)?;
    out.write_all(b" ;\n    agencygraph:kind ")?;
    literal(out, node.kind.name())?;
    out.write_all(b" ;\n    skos:prefLabel ")?;
    literal(out, &node.name)?;
    out.write_all(b" ;\n    rdfs:label ")?;
    literal(out, &node.name)?;
    for alias in &node.aliases {
        out.write_all(b" ;\n    skos:altLabel ")?;
        literal(out, alias)?;
    }
    optional(out, "dcterms:description", node.description.as_deref())?;
    if let Some(year) = node.established {
        write!(out, " ;\n    agencygraph:established {year}")?;
    }
    optional(out, "agencygraph:url", node.url.as_deref())?;
    optional(out, "skos:note", node.notes.as_deref())?;
    out.write_all(b" .\n")
}

/// `SecretariatOf` → `secretariatOf`: the property an edge kind is in the vocabulary.
fn property_name(kind: EdgeKind) -> String {
    let variant = kind.variant();
    variant[..1].to_ascii_lowercase() + &variant[1..]
}

fn write_edge(out: &mut impl Write, edge: &EdgeRef<'_>) -> io::Result<()> {
    // The relation as a plain triple, in ORG's words where it has them.
    out.write_all(b"\n")?;
    let (subject, property, object) = match edge.kind() {
        EdgeKind::MemberOf => (edge.from(), "org:memberOf".to_string(), edge.to()),
        EdgeKind::Chairs => (edge.from(), "org:headOf".to_string(), edge.to()),
        EdgeKind::PartOf => (edge.to(), "org:hasSubOrganization".to_string(), edge.from()),
        kind => (
            edge.from(),
            format!("agencygraph:{}", property_name(kind)),
            edge.to(),
        ),
    };
    iri(out, "entity", subject)?;
    write!(out, " {property} ")?;
    iri(out, "entity", object)?;
    out.write_all(b" .\n")?;
    if edge.kind() == EdgeKind::PartOf {
        iri(out, "entity", edge.from())?;
        out.write_all(b" org:subOrganizationOf ")?;
        iri(out, "entity", edge.to())?;
        out.write_all(b" .\n")?;
    }

    // The relation as a resource: qualifiers and provenance.
    iri(out, "relation", &edge_id(edge))?;
    out.write_all(b" a agencygraph:Relation")?;
    if edge.kind() == EdgeKind::MemberOf {
        out.write_all(b", org:Membership ;\n    org:member ")?;
        iri(out, "entity", edge.from())?;
        out.write_all(b" ;\n    org:organization ")?;
        iri(out, "entity", edge.to())?;
        if let Some(role) = edge.role() {
            out.write_all(b" ;\n    org:role [ a org:Role ; rdfs:label ")?;
            literal(out, role)?;
            out.write_all(b" ]")?;
        }
    }
    out.write_all(b" ;\n    agencygraph:from ")?;
    iri(out, "entity", edge.from())?;
    out.write_all(b" ;\n    agencygraph:kind ")?;
    literal(out, edge.kind().name())?;
    out.write_all(b" ;\n    agencygraph:to ")?;
    iri(out, "entity", edge.to())?;
    optional(out, "agencygraph:role", edge.role())?;
    for (property, year) in edge_years(edge) {
        write!(out, " ;\n    agencygraph:{property} {year}")?;
    }
    optional(out, "agencygraph:date", edge.date())?;
    if let Some(amount) = edge.amount() {
        write!(
            out,
            " ;\n    agencygraph:amount [ agencygraph:value {} ; agencygraph:currency ",
            amount.value
        )?;
        literal(out, &amount.currency)?;
        let bound = bound_name(amount.bound);
        if !bound.is_empty() {
            out.write_all(b" ; agencygraph:bound ")?;
            literal(out, bound)?;
        }
        out.write_all(b" ]")?;
    }
    if let Some(via) = edge.via() {
        out.write_all(b" ;\n    agencygraph:via ")?;
        iri(out, "entity", via)?;
    }
    write!(out, " ;\n    agencygraph:inferred {}", edge.inferred())?;
    optional(out, "skos:note", edge.notes())?;
    for evidence in edge.evidence() {
        out.write_all(b" ;\n    prov:wasDerivedFrom ")?;
        iri(out, "source", evidence.source())?;
    }
    for evidence in edge.evidence() {
        out.write_all(b" ;\n    prov:qualifiedDerivation [ a prov:Derivation ; prov:entity ")?;
        iri(out, "source", evidence.source())?;
        out.write_all(b" ; agencygraph:quote ")?;
        literal(out, evidence.quote())?;
        out.write_all(b" ]")?;
    }
    out.write_all(b" .\n")
}

fn optional(out: &mut impl Write, property: &str, value: Option<&str>) -> io::Result<()> {
    if let Some(value) = value {
        write!(out, " ;\n    {property} ")?;
        literal(out, value)?;
    }
    Ok(())
}

/// `<urn:agencygraph:{space}:{id}>`, the characters an IRI may not hold (and `%`)
/// percent-encoded.
fn iri(out: &mut impl Write, space: &str, id: &str) -> io::Result<()> {
    write!(out, "<urn:agencygraph:{space}:")?;
    for c in id.chars() {
        if c <= ' '
            || matches!(
                c,
                '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\' | '%'
            )
        {
            write!(out, "%{:02X}", c as u32)?;
        } else {
            write!(out, "{c}")?;
        }
    }
    out.write_all(b">")
}

/// A Turtle string literal in double quotes.
fn literal(out: &mut impl Write, text: &str) -> io::Result<()> {
    write_quoted(out, text, '"')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::text::tests::{written, written_hostile};

    #[test]
    fn escapes() {
        assert_eq!(
            written(|out| literal(out, "a\"b\\c\nd\u{7}“e”")),
            "\"a\\\"b\\\\c\\nd\\u0007“e”\""
        );
        assert_eq!(
            written(|out| iri(out, "source", "memo<&>\"' %")),
            "<urn:agencygraph:source:memo%3C&%3E%22'%20%25>"
        );
    }

    #[test]
    fn kinds_as_properties() {
        assert_eq!(property_name(EdgeKind::CoChairs), "coChairs");
        let text = written_hostile(|whole, out| write_turtle(whole, out));
        assert!(text.contains(
            "<urn:agencygraph:entity:END> org:memberOf <urn:agencygraph:entity:UN-ACTION> ."
        ));
        assert!(
            text.contains("org:role [ a org:Role ; rdfs:label \"\\\"active\\\" member; <b>\" ]")
        );
    }
}
