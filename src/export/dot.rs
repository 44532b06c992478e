//! Graphviz DOT, made for reading: shapes and fills by node kind, colours by edge
//! family, dashed lines for inferred relations, a legend of the kinds present.
//!
//! dot-writer lays out the statements, but it writes ids raw, writes attribute values
//! without escaping, and panics on a write error. So every id and value goes through
//! [`quoted`]/[`escaped`] first, and dot-writer writes into [`Fused`], which never
//! fails towards it and hands the first error back at the end.

use std::fmt::Write as _;
use std::io::{self, Write};

use dot_writer::{Attributes, AttributesList, DotWriter, Scope};

use super::Subgraph;
use crate::model::{Edge, EdgeKind, Family, Node, NodeKind};

/// The direction ranks run in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RankDir {
    /// Left to right: long names read best this way.
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
    /// Right to left.
    RightLeft,
    /// Bottom to top.
    BottomTop,
}

impl RankDir {
    fn as_dot(self) -> &'static str {
        match self {
            RankDir::LeftRight => "LR",
            RankDir::TopBottom => "TB",
            RankDir::RightLeft => "RL",
            RankDir::BottomTop => "BT",
        }
    }
}

/// How [`write_dot`] draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotStyle {
    /// The direction ranks run in.
    pub rankdir: RankDir,
    /// Group nodes in one box per node kind.
    pub cluster_by_kind: bool,
    /// Add a legend of the node and edge kinds present.
    pub legend: bool,
    /// Wrap names at about this many characters.
    pub wrap: usize,
}

impl Default for DotStyle {
    fn default() -> Self {
        DotStyle {
            rankdir: RankDir::LeftRight,
            cluster_by_kind: false,
            legend: true,
            wrap: 24,
        }
    }
}

const FONT: &str = "Helvetica";

/// Shape, fill colour and style of a node kind. Wide shapes (parallelograms, octagons)
/// are kept for kinds with short names: long names in them make huge nodes.
fn node_look(kind: NodeKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        NodeKind::UnEntity => ("box", "#9fc5e8", "filled"),
        NodeKind::Department => ("box", "#6fa8dc", "filled"),
        NodeKind::Office => ("box", "#cfe2f3", "filled"),
        NodeKind::Mechanism => ("hexagon", "#f9cb9c", "filled"),
        NodeKind::Network => ("hexagon", "#fce5cd", "filled"),
        NodeKind::WorkingGroup => ("box", "#ffe599", "filled,rounded"),
        NodeKind::Fund => ("cylinder", "#b6d7a8", "filled"),
        NodeKind::Initiative => ("box", "#d5a6bd", "filled,rounded"),
        NodeKind::Campaign => ("box", "#ead1dc", "filled,rounded"),
        NodeKind::Programme => ("component", "#a2c4c9", "filled"),
        NodeKind::Project => ("component", "#d0e0e3", "filled"),
        NodeKind::Event => ("ellipse", "#fff2cc", "filled"),
        NodeKind::Publication => ("note", "#eeeeee", "filled"),
        NodeKind::Framework => ("tab", "#d9d9d9", "filled"),
        NodeKind::Mandate => ("house", "#b4a7d6", "filled"),
        NodeKind::Body => ("box", "#d9d2e9", "filled,bold"),
        NodeKind::MemberState => ("box3d", "#e6b8af", "filled"),
        NodeKind::Organisation => ("box", "#d9ead3", "filled"),
        NodeKind::Group => ("folder", "#f4cccc", "filled"),
    }
}

/// The shape's name as the legend gives it.
fn shape_name(shape: &str, style: &str) -> String {
    match style {
        "filled,rounded" => format!("rounded {shape}"),
        "filled,bold" => format!("bold {shape}"),
        _ => shape.to_string(),
    }
}

/// Line colour of an edge family.
pub(crate) fn family_colour(family: Family) -> &'static str {
    match family {
        Family::Governance => "#b03a2e",
        Family::Membership => "#1f3a5f",
        Family::Money => "#1e8449",
        Family::Activity => "#2874a6",
        Family::Context => "#7f8c8d",
        Family::Origin => "#7d3c98",
    }
}

/// `text` made safe inside a DOT double-quoted string: backslashes and quotes escaped,
/// line breaks as `\n` (Graphviz's centred line break), other control characters as
/// spaces. Backslashes are doubled so that `\N` or `\G` in a name print as written.
pub(crate) fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` as a quoted DOT id: never a keyword, never split at a space. Graphviz reads
/// no quoted string longer than 16,384 bytes ("longer than 16384?"), so a longer text
/// is written as quoted pieces joined with DOT's `+`, which Graphviz puts back together.
pub(crate) fn quoted(text: &str) -> String {
    if text.len() <= PIECE_CHARS {
        return format!("\"{}\"", escaped(text));
    }
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(PIECE_CHARS)
        .map(|piece| format!("\"{}\"", escaped(&piece.iter().collect::<String>())))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The characters in one quoted piece: at most 4 bytes each in UTF-8, escaping at most
/// doubles a byte, so a piece stays far below Graphviz's 16,384 bytes.
const PIECE_CHARS: usize = 1_500;

/// The most characters of a name shown in a node's label; the tooltip has it all.
const LABEL_CHARS: usize = 200;

/// `text` cut to `most` characters, ending in `…` when cut.
fn cut(text: &str, most: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(most) {
        Some((end, _)) => format!("{}…", &text[..end]).into(),
        None => text.into(),
    }
}

/// `text` broken into lines of about `width` characters at spaces.
fn wrapped(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

fn set(list: &mut AttributesList<'_, '_>, pairs: &[(&str, &str)]) {
    for (name, value) in pairs {
        list.set(name, &quoted(value), false);
    }
}

fn set_scope(scope: &mut Scope<'_, '_>, pairs: &[(&str, &str)]) {
    for (name, value) in pairs {
        scope.set(name, &quoted(value), false);
    }
}

/// A writer that reports success to dot-writer whatever happens, keeps the first error,
/// and writes nothing after it.
struct Fused<W> {
    inner: W,
    error: Option<io::Error>,
}

impl<W: Write> Write for Fused<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.error.is_none()
            && let Err(error) = self.inner.write_all(buf)
        {
            self.error = Some(error);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.error.is_none()
            && let Err(error) = self.inner.flush()
        {
            self.error = Some(error);
        }
        Ok(())
    }
}

/// Writes `subgraph` as a Graphviz digraph. The output is the same, byte for byte, for
/// the same subgraph and style, and valid DOT whatever the names hold.
///
/// ```
/// use agencygraph::export::{DotStyle, Selection, write_dot};
///
/// let graph = agencygraph::Graph::bundled();
/// let icat = graph.subgraph(&Selection::around("ICAT", 1));
/// let mut dot = Vec::new();
/// write_dot(&icat, &DotStyle::default(), &mut dot)?;
/// let dot = String::from_utf8(dot).unwrap();
/// assert!(dot.contains(r#""UNODC" -> "ICAT" [label="secretariat of""#));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_dot(subgraph: &Subgraph<'_>, style: &DotStyle, out: impl Write) -> io::Result<()> {
    let mut sink = Fused {
        inner: io::BufWriter::new(out),
        error: None,
    };
    {
        let mut writer = DotWriter::from(&mut sink);
        writer.set_pretty_print(true);
        let mut graph = writer.digraph();
        set(
            &mut graph.graph_attributes(),
            &[
                ("rankdir", style.rankdir.as_dot()),
                ("fontname", FONT),
                ("nodesep", "0.25"),
                ("ranksep", "0.6"),
                ("newrank", "true"),
            ],
        );
        set(
            &mut graph.node_attributes(),
            &[
                ("fontname", FONT),
                ("fontsize", "10"),
                ("style", "filled"),
                ("margin", "0.08,0.04"),
            ],
        );
        set(
            &mut graph.edge_attributes(),
            &[("fontname", FONT), ("fontsize", "8"), ("arrowsize", "0.7")],
        );
        if style.cluster_by_kind {
            for kind in NodeKind::ALL {
                let mut members = subgraph.nodes.iter().filter(|n| n.kind == *kind).peekable();
                if members.peek().is_none() {
                    continue;
                }
                let mut cluster = graph.cluster();
                set_scope(
                    &mut cluster,
                    &[
                        ("label", kind.label()),
                        ("style", "rounded"),
                        ("color", "#999999"),
                    ],
                );
                for node in members {
                    node_statement(&mut cluster, node, style);
                }
            }
        } else {
            for node in &subgraph.nodes {
                node_statement(&mut graph, node, style);
            }
        }
        for edge in &subgraph.edges {
            edge_statement(&mut graph, edge);
        }
        if style.legend && !subgraph.nodes.is_empty() {
            legend(&mut graph, subgraph);
        }
    }
    sink.flush()?;
    match sink.error {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

fn node_statement(scope: &mut Scope<'_, '_>, node: &Node, style: &DotStyle) {
    let (shape, fill, node_style) = node_look(node.kind);
    let name = wrapped(&cut(&node.name, LABEL_CHARS), style.wrap);
    let label = if node.name == node.id {
        name
    } else {
        format!("{}\n{name}", node.id)
    };
    let mut tooltip = node.name.clone();
    if let Some(description) = &node.description {
        let _ = write!(tooltip, "\n{description}");
    }
    set(
        &mut scope.node_named(quoted(&node.id)),
        &[
            ("label", &label),
            ("shape", shape),
            ("style", node_style),
            ("fillcolor", fill),
            ("tooltip", &tooltip),
        ],
    );
}

fn edge_look(kind: EdgeKind, inferred: bool) -> Vec<(&'static str, &'static str)> {
    let colour = family_colour(kind.family());
    let mut look = vec![("color", colour), ("fontcolor", colour)];
    if inferred {
        look.push(("style", "dashed"));
    }
    if kind.is_symmetric() {
        look.push(("dir", "none"));
    }
    look
}

fn edge_statement(scope: &mut Scope<'_, '_>, edge: &Edge) {
    let quotes: Vec<String> = edge
        .evidence
        .iter()
        .map(|e| format!("“{}”", e.quote))
        .collect();
    let tooltip = quotes.join("\n");
    let mut pairs = vec![("label", edge.kind.label()), ("tooltip", tooltip.as_str())];
    pairs.extend(edge_look(edge.kind, edge.inferred));
    set(
        &mut scope
            .edge(quoted(&edge.from), quoted(&edge.to))
            .attributes(),
        &pairs,
    );
}

/// `text` made safe inside a Graphviz HTML-like label.
fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One node holding a table of the node kinds (with their fill) and edge kinds (in their
/// colour) present: compact, wherever the layout puts it. Its id is lowercase, so it
/// never meets a node's UPPER-KEBAB id.
fn legend(scope: &mut Scope<'_, '_>, subgraph: &Subgraph<'_>) {
    let mut rows = String::new();
    for kind in NodeKind::ALL {
        if subgraph.nodes.iter().any(|n| n.kind == *kind) {
            let (shape, fill, style) = node_look(*kind);
            let _ = write!(
                rows,
                r#"<tr><td bgcolor="{fill}" width="24"></td><td align="left">{} ({})</td></tr>"#,
                html_escaped(kind.label()),
                shape_name(shape, style)
            );
        }
    }
    for kind in EdgeKind::ALL {
        if subgraph.edges.iter().any(|e| e.kind == *kind) {
            let colour = family_colour(kind.family());
            let _ = write!(
                rows,
                r#"<tr><td><font color="{colour}">&#8594;</font></td><td align="left"><font color="{colour}">{}</font></td></tr>"#,
                html_escaped(kind.label())
            );
        }
    }
    if subgraph.edges.iter().any(|e| e.inferred) {
        rows.push_str(
            r#"<tr><td>- - &#8594;</td><td align="left">dashed: inferred, not stated</td></tr>"#,
        );
    }
    let label = format!(
        r##"<<table border="1" cellborder="0" cellspacing="0" cellpadding="2" color="#999999"><tr><td colspan="2"><b>Legend</b></td></tr>{rows}</table>>"##
    );
    let mut node = scope.node_named(quoted("legend"));
    node.set("shape", "plain", true);
    node.set("fillcolor", "white", true);
    node.set("fontsize", "9", true);
    // An HTML-like label is written unquoted, between `<` and `>`; every text in it is
    // escaped above and the markup is fixed.
    node.set("label", &label, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_every_string_one_dot_string() {
        assert_eq!(escaped(r#"a "quoted" \N name"#), r#"a \"quoted\" \\N name"#);
        assert_eq!(
            escaped("two\r\nlines\tand\u{7}bell"),
            "two\\nlines and bell"
        );
        assert_eq!(quoted("UN Women"), "\"UN Women\"");
        assert_eq!(escaped("WFP’s <b>&"), "WFP’s <b>&");
    }

    #[test]
    fn names_wrap_at_spaces() {
        assert_eq!(
            wrapped("United Nations Office on Drugs and Crime", 24),
            "United Nations Office on\nDrugs and Crime"
        );
        assert_eq!(
            wrapped("Supercalifragilistic word", 5),
            "Supercalifragilistic\nword"
        );
    }

    #[test]
    fn write_errors_come_back_instead_of_panicking() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let graph = crate::Graph::bundled();
        let whole = graph.subgraph(&super::super::Selection::default());
        let error = write_dot(&whole, &DotStyle::default(), Broken).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
    }
}
