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
use super::emphasis::{Emphasis, community_fill};
use crate::graph::EdgeRef;
use crate::model::{EdgeKind, Family, Node, NodeKind};

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

/// The font every label is set in, and the one pictures are drawn with
/// (`src/export/fonts/DejaVuSans.ttf`). Naming it here is what makes the built-in
/// engine size shapes for the text that is drawn: graphviz-pure measures a label with
/// Graphviz's table of advance widths for the font it is given (DejaVu Sans's, from the
/// font itself), where "Helvetica" measured narrower than DejaVu draws and labels
/// crossed their borders. The system's `dot` finds the same font through fontconfig.
pub(crate) const FONT: &str = "DejaVu Sans";

/// Shape, fill colour and style of a node kind. Wide shapes (parallelograms, octagons)
/// are kept for kinds with short names: long names in them make huge nodes. No two fills
/// are closer than 20 CIELAB units (a test holds them to it), so kinds that share a shape
/// (UN entity and office, mechanism and network) still tell apart by colour.
fn node_look(kind: NodeKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        NodeKind::UnEntity => ("box", "#7fb2e5", "filled"),
        NodeKind::Department => ("box", "#9d94ec", "filled"),
        NodeKind::Office => ("box", "#a6ecf5", "filled"),
        NodeKind::Mechanism => ("hexagon", "#f6a55c", "filled"),
        NodeKind::Network => ("hexagon", "#f3d34a", "filled"),
        NodeKind::WorkingGroup => ("box", "#fff2a0", "filled,rounded"),
        NodeKind::Fund => ("cylinder", "#8fd18a", "filled"),
        NodeKind::Initiative => ("box", "#ec7fb0", "filled,rounded"),
        NodeKind::Campaign => ("box", "#f7c4dc", "filled,rounded"),
        NodeKind::Programme => ("component", "#5fc4b0", "filled"),
        NodeKind::Project => ("component", "#c6f0c0", "filled"),
        NodeKind::Event => ("ellipse", "#ffcfb8", "filled"),
        NodeKind::Publication => ("note", "#f2f2f2", "filled"),
        NodeKind::Framework => ("tab", "#d6cc9a", "filled"),
        NodeKind::Mandate => ("house", "#d8a6e0", "filled"),
        NodeKind::Body => ("box", "#a3a3a3", "filled,bold"),
        NodeKind::MemberState => ("box3d", "#e89a8a", "filled"),
        NodeKind::Organisation => ("box", "#c2dc6e", "filled"),
        NodeKind::Group => ("folder", "#c49a6c", "filled"),
    }
}

/// The fill a node kind is drawn with in DOT and SVG pictures.
///
/// ```
/// use agencygraph::export::node_fill;
/// use agencygraph::model::NodeKind;
///
/// assert_ne!(node_fill(NodeKind::UnEntity), node_fill(NodeKind::Office));
/// ```
pub fn node_fill(kind: NodeKind) -> &'static str {
    node_look(kind).1
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

/// The arrowheads that tell kinds of one family apart, with the character the legend
/// shows for each. Dashes are kept for inferred relations, so kinds differ by their
/// arrowhead and shade, never by their line's pattern.
const ARROWHEADS: [(&str, &str); 4] = [
    ("normal", "\u{25b6}"),
    ("empty", "\u{25b7}"),
    ("dot", "\u{25cf}"),
    ("diamond", "\u{25c6}"),
];

/// How a line of one edge kind is drawn: its colour and arrowhead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EdgeLook {
    /// `#rrggbb`: a shade of the family's colour.
    pub colour: String,
    /// Graphviz's name of the arrowhead (`normal`, `empty`, `dot`, `diamond`), or
    /// `none` for symmetric kinds, which are drawn without one.
    pub arrowhead: &'static str,
    /// The character the legend shows for the arrowhead (a line's end for `none`).
    pub glyph: &'static str,
}

/// How lines of `kind` are drawn. Within a family the kinds take, in their order, the
/// family's colour, a darker and a lighter shade of it, then the same three shades with
/// the next arrowhead, so no two kinds look alike; symmetric kinds have no arrowhead and
/// differ by shade alone from the other symmetric kind of their family.
///
/// ```
/// use agencygraph::export::edge_look;
/// use agencygraph::model::EdgeKind;
///
/// assert_ne!(edge_look(EdgeKind::Chairs), edge_look(EdgeKind::CoChairs));
/// assert_eq!(edge_look(EdgeKind::PartnersWith).arrowhead, "none");
/// ```
pub fn edge_look(kind: EdgeKind) -> EdgeLook {
    let family = kind.family();
    let place = EdgeKind::ALL
        .iter()
        .filter(|k| k.family() == family)
        .position(|k| *k == kind)
        .expect("a kind is in its own family");
    let base = family_colour(family);
    let colour = match place % 3 {
        0 => base.to_string(),
        1 => mixed(base, (0, 0, 0), 0.4),
        _ => mixed(base, (255, 255, 255), 0.3),
    };
    let (arrowhead, glyph) = if kind.is_symmetric() {
        ("none", "\u{2500}")
    } else {
        ARROWHEADS[(place / 3) % ARROWHEADS.len()]
    };
    EdgeLook {
        colour,
        arrowhead,
        glyph,
    }
}

/// `#rrggbb` moved `amount` of the way towards `toward`.
fn mixed(hex: &str, toward: (u8, u8, u8), amount: f64) -> String {
    let channel = |at: usize, to: u8| {
        let from = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap_or(0));
        (from + (f64::from(to) - from) * amount).round() as u8
    };
    format!(
        "#{:02x}{:02x}{:02x}",
        channel(1, toward.0),
        channel(3, toward.1),
        channel(5, toward.2)
    )
}

/// `text` made safe inside a DOT double-quoted string: backslashes and quotes escaped,
/// line breaks as `\n` (Graphviz's centred line break), other control characters as
/// spaces. Backslashes are doubled so that `\N` or `\G` in a name print as written.
pub(crate) fn escaped(text: &str) -> String {
    super::escape_chars(text, |c| match c {
        '\\' => Some("\\\\"),
        '"' => Some("\\\""),
        '\n' => Some("\\n"),
        '\r' => Some(""),
        _ => None,
    })
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
    /// The opening `digraph {` as written so far, until its `{`: dot-writer cannot name
    /// a graph, and an anonymous one is titled `%3` in SVG, so the name goes in here.
    opening: Option<Vec<u8>>,
}

/// The graph's name: Graphviz makes it the SVG's `<title>`.
const GRAPH_NAME: &[u8] = b"digraph agencygraph {";

impl<W: Write> Write for Fused<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        if let Some(opening) = &mut self.opening {
            match buf.iter().position(|&b| b == b'{') {
                Some(brace) => {
                    self.opening = None;
                    self.write_through(GRAPH_NAME);
                    rest = &buf[brace + 1..];
                }
                None => {
                    opening.extend_from_slice(buf);
                    return Ok(buf.len());
                }
            }
        }
        self.write_through(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(opening) = self.opening.take() {
            self.write_through(&opening);
        }
        if self.error.is_none()
            && let Err(error) = self.inner.flush()
        {
            self.error = Some(error);
        }
        Ok(())
    }
}

impl<W: Write> Fused<W> {
    fn write_through(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(error) = self.inner.write_all(bytes)
        {
            self.error = Some(error);
        }
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
    write_dot_emphasised(subgraph, style, &Emphasis::default(), out)
}

/// [`write_dot`] with entities sized and coloured by `emphasis` (figures for
/// `subgraph`'s nodes, in its order): a label's font grows from 10 to 24 points with
/// its weight, so the shape grows around it, and a community's fill replaces the kind's,
/// the legend then giving shapes for kinds and fills for communities.
///
/// ```
/// use agencygraph::analysis::Measure;
/// use agencygraph::export::{Colouring, DotStyle, Emphasis, Selection, write_dot_emphasised};
///
/// let graph = agencygraph::Graph::bundled();
/// let icat = graph.subgraph(&Selection::around("ICAT", 1));
/// let emphasis = Emphasis::of(&icat, Some(Measure::Degree), Colouring::Kind)?;
/// let mut dot = Vec::new();
/// write_dot_emphasised(&icat, &DotStyle::default(), &emphasis, &mut dot)?;
/// let dot = String::from_utf8(dot).unwrap();
/// assert!(dot.contains(r#""ICAT" [label="ICAT\nInter-Agency"#));
/// assert!(dot.contains(r#"fontsize="24.0""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_dot_emphasised(
    subgraph: &Subgraph<'_>,
    style: &DotStyle,
    emphasis: &Emphasis,
    out: impl Write,
) -> io::Result<()> {
    let mut sink = Fused {
        inner: io::BufWriter::new(out),
        error: None,
        opening: Some(Vec::new()),
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
                let mut members = subgraph
                    .nodes
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.kind == *kind)
                    .peekable();
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
                for (i, node) in members {
                    node_statement(&mut cluster, node, style, emphasis, i);
                }
            }
        } else {
            for (i, node) in subgraph.nodes.iter().enumerate() {
                node_statement(&mut graph, node, style, emphasis, i);
            }
        }
        for edge in &subgraph.edges {
            edge_statement(&mut graph, edge);
        }
        if style.legend && !subgraph.nodes.is_empty() {
            legend(&mut graph, subgraph, emphasis);
        }
    }
    sink.flush()?;
    match sink.error {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

fn node_statement(
    scope: &mut Scope<'_, '_>,
    node: &Node,
    style: &DotStyle,
    emphasis: &Emphasis,
    index: usize,
) {
    let (shape, kind_fill, node_style) = node_look(node.kind);
    let fill = emphasis.community(index).map_or(kind_fill, community_fill);
    // A weight scales the type from 10 to 24 points, and with it the smallest shape
    // (Graphviz's 0.75 × 0.5 inches), so that short names grow too.
    let scale = emphasis.weight(index).map(|w| 1.0 + 1.4 * w);
    let scaled = scale.map(|s| {
        [
            format!("{:.1}", 10.0 * s),
            format!("{:.2}", 0.75 * s),
            format!("{:.2}", 0.5 * s),
        ]
    });
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
    let mut attributes = vec![
        ("label", label.as_str()),
        ("shape", shape),
        ("style", node_style),
        ("fillcolor", fill),
        ("tooltip", tooltip.as_str()),
    ];
    if let Some([font_size, width, height]) = &scaled {
        attributes.push(("fontsize", font_size));
        attributes.push(("width", width));
        attributes.push(("height", height));
    }
    // Shapes with a folded corner, a tab, a drawn depth, a curved top or rounded corners
    // take room from the label's box at a corner or side: wider margins, growing with
    // the type, keep the text clear of those lines (tests/it/drawing.rs measures every
    // label against its shape).
    let margin = match shape {
        "note" | "tab" | "folder" | "box3d" | "component" => Some((0.17, 0.06)),
        "cylinder" => Some((0.17, 0.1)),
        _ if node_style.contains("rounded") => Some((0.12, 0.05)),
        _ => None,
    }
    .map(|(x, y)| {
        let s = scale.unwrap_or(1.0);
        format!("{:.2},{:.2}", x * s, y * s)
    });
    if let Some(margin) = &margin {
        attributes.push(("margin", margin));
    }
    // A web address becomes a link in SVG; other schemes (`javascript:`) never do.
    if let Some(url) = node.url.as_deref().filter(|url| is_web_address(url)) {
        attributes.push(("URL", url));
        attributes.push(("target", "_blank"));
    }
    set(&mut scope.node_named(quoted(&node.id)), &attributes);
}

/// Whether `url` is an address a link may lead to: http, https or mailto.
fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

fn edge_attributes(kind: EdgeKind, inferred: bool) -> Vec<(&'static str, String)> {
    let look = edge_look(kind);
    let mut attributes = vec![
        ("color", look.colour.clone()),
        ("fontcolor", look.colour),
        ("arrowhead", look.arrowhead.to_string()),
    ];
    if inferred {
        attributes.push(("style", "dashed".to_string()));
    }
    if kind.is_symmetric() {
        attributes.push(("dir", "none".to_string()));
    }
    attributes
}

fn edge_statement(scope: &mut Scope<'_, '_>, edge: &EdgeRef<'_>) {
    let quotes: Vec<String> = edge
        .evidence()
        .map(|e| format!("“{}”", e.quote()))
        .collect();
    let tooltip = quotes.join("\n");
    let look = edge_attributes(edge.kind(), edge.inferred());
    let mut pairs = vec![
        ("label", edge.kind().label()),
        ("tooltip", tooltip.as_str()),
    ];
    pairs.extend(look.iter().map(|(name, value)| (*name, value.as_str())));
    set(
        &mut scope
            .edge(quoted(edge.from()), quoted(edge.to()))
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
fn legend(scope: &mut Scope<'_, '_>, subgraph: &Subgraph<'_>, emphasis: &Emphasis) {
    let mut rows = String::new();
    for kind in NodeKind::ALL {
        if subgraph.nodes.iter().any(|n| n.kind == *kind) {
            let (shape, fill, style) = node_look(*kind);
            // Coloured by community, a kind is told by its shape alone.
            let fill = if emphasis.communities.is_some() {
                "white"
            } else {
                fill
            };
            let _ = write!(
                rows,
                r#"<tr><td bgcolor="{fill}" width="24"></td><td align="left">{} ({})</td></tr>"#,
                html_escaped(kind.label()),
                shape_name(shape, style)
            );
        }
    }
    if let Some(sizes) = emphasis.community_sizes() {
        for (number, members) in sizes.iter().enumerate() {
            let _ = write!(
                rows,
                r#"<tr><td bgcolor="{}" width="24"></td><td align="left">community {} ({members})</td></tr>"#,
                community_fill(number),
                number + 1
            );
        }
    }
    if let Some((measure, _)) = &emphasis.sizes {
        let _ = write!(
            rows,
            r#"<tr><td>A a</td><td align="left">larger: higher {}</td></tr>"#,
            measure.name()
        );
    }
    for kind in EdgeKind::ALL {
        if subgraph.edges.iter().any(|e| e.kind() == *kind) {
            let EdgeLook { colour, glyph, .. } = edge_look(*kind);
            let _ = write!(
                rows,
                r#"<tr><td><font color="{colour}">&#9472;&#9472;{glyph}</font></td><td align="left"><font color="{colour}">{}</font></td></tr>"#,
                html_escaped(kind.label())
            );
        }
    }
    if subgraph.edges.iter().any(|e| e.inferred()) {
        rows.push_str(
            r#"<tr><td>- - -</td><td align="left">dashed: inferred, not stated</td></tr>"#,
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
