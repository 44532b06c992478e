//! A Mermaid flowchart, for Markdown pages (GitHub, GitLab, Obsidian and most wikis draw
//! `mermaid` code blocks).
//!
//! Each entity is a node labelled with its name, each relation an arrow labelled with
//! its kind; inferred relations are dotted. Node ids are agencygraph's with `-` as `_`
//! (`UN_ACTION`), and an id that is one of Mermaid's keywords in any case (`end`,
//! `graph`, `subgraph`, ...) gets a trailing `_`, since Mermaid has no quoting for ids
//! and a bare `end` closes a block. Labels are in double quotes, with Mermaid's entity
//! codes for `"`, `#`, `<`, `>`, `&`, `;` and the back quote, and `<br>` for a line break.
//!
//! Mermaid refuses diagrams of more than 500 arrows (its `maxEdges`), so the writer
//! does too, before writing anything, and says to draw a part with `--focus`.
//!
//! ```
//! use agencygraph::export::{Selection, mermaid::write_mermaid};
//!
//! let graph = agencygraph::Graph::bundled();
//! let mut out = Vec::new();
//! write_mermaid(&graph.subgraph(&Selection::around("IACG-MA", 1)), &mut out)?;
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.starts_with("flowchart LR\n"));
//! assert!(text.contains("    UNMAS -->|\"chairs\"| IACG_MA\n"));
//! # Ok::<(), agencygraph::export::mermaid::MermaidError>(())
//! ```

use std::io::{self, Write};

use super::Subgraph;

/// The most relations Mermaid draws in one diagram.
pub const MAX_RELATIONS: usize = 500;

/// Why a flowchart was not written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MermaidError {
    /// More relations than Mermaid draws.
    #[error(
        "{count} relations are more than Mermaid draws (at most {MAX_RELATIONS}); draw a part of the graph with --focus NAME --depth N, or --edge-kinds"
    )]
    TooManyRelations {
        /// How many the subgraph has.
        count: usize,
    },
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Words Mermaid's flowchart grammar reserves; compared ignoring case.
const KEYWORDS: [&str; 16] = [
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "direction",
    "style",
    "class",
    "classdef",
    "click",
    "linkstyle",
    "call",
    "href",
    "default",
    "interpolate",
    "accTitle",
    "accDescr",
];

/// Writes the subgraph as a left-to-right flowchart.
pub fn write_mermaid(subgraph: &Subgraph<'_>, mut out: impl Write) -> Result<(), MermaidError> {
    if subgraph.edges.len() > MAX_RELATIONS {
        return Err(MermaidError::TooManyRelations {
            count: subgraph.edges.len(),
        });
    }
    out.write_all(b"flowchart LR\n")?;
    for node in &subgraph.nodes {
        write!(out, "    {}[", node_id(&node.id))?;
        label(&mut out, &node.name)?;
        out.write_all(b"]\n")?;
    }
    for edge in &subgraph.edges {
        let arrow = if edge.inferred() { "-.->" } else { "-->" };
        write!(out, "    {} {arrow}|", node_id(edge.from()))?;
        label(&mut out, edge.kind().label())?;
        writeln!(out, "| {}", node_id(edge.to()))?;
    }
    Ok(())
}

/// The Mermaid id of a node id.
fn node_id(id: &str) -> String {
    let mut mermaid: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(&mermaid)) {
        mermaid.push('_');
    }
    mermaid
}

fn label(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    for c in text.chars() {
        match c {
            '"' => out.write_all(b"#quot;")?,
            '#' => out.write_all(b"#35;")?,
            '<' => out.write_all(b"#lt;")?,
            '>' => out.write_all(b"#gt;")?,
            '&' => out.write_all(b"#amp;")?,
            ';' => out.write_all(b"#59;")?,
            '`' => out.write_all(b"#96;")?,
            '\n' => out.write_all(b"<br>")?,
            c if c.is_control() => out.write_all(b" ")?,
            c => write!(out, "{c}")?,
        }
    }
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Selection;
    use crate::export::text::tests::written_hostile;
    use crate::model::{Edge, EdgeKind, Node, NodeKind};

    #[test]
    fn keywords_and_labels() {
        assert_eq!(node_id("END"), "END_");
        assert_eq!(node_id("UN-ACTION"), "UN_ACTION");
        let text = written_hostile(|whole, out| write_mermaid(whole, out));
        assert!(text.contains(
            "    UN_ACTION[\"Say #quot;hi#quot;, #lt;#amp;#gt; ]]#gt; \\ “curly”<br>line two\"]\n"
        ), "{text}");
        assert!(text.contains("    END_ -->|\"member of\"| UN_ACTION\n"));
        assert!(text.contains("    GRAPH_ -.->|\"funds\"| UN_ACTION\n"));
    }

    #[test]
    fn refuses_more_than_mermaid_draws() {
        let mut graph = crate::Graph::new();
        graph
            .add_source(crate::model::Source::new("s", "S"))
            .unwrap();
        for i in 0..=MAX_RELATIONS {
            graph
                .add_node(Node::new(
                    format!("A-{i}"),
                    NodeKind::UnEntity,
                    format!("a {i}"),
                ))
                .unwrap();
        }
        graph
            .add_node(Node::new("HUB", NodeKind::Mechanism, "hub"))
            .unwrap();
        for i in 0..=MAX_RELATIONS {
            graph
                .add_edge(
                    Edge::new(format!("A-{i}"), EdgeKind::MemberOf, "HUB").evidence("s", "a quote"),
                )
                .unwrap();
        }
        let mut out = Vec::new();
        let error = write_mermaid(&graph.subgraph(&Selection::default()), &mut out).unwrap_err();
        assert!(error.to_string().contains("501 relations"), "{error}");
        assert!(error.to_string().contains("--focus"));
        assert!(out.is_empty());
    }
}
