//! The interactive map: one self-contained HTML page that draws a [`Subgraph`] with
//! sigma.js (WebGL, or a small Canvas 2D drawing where WebGL2 is missing), with search,
//! a side panel for entities and relations, filters, and its state in the URL hash.
//!
//! The page needs no network: sigma.js and graphology (vendored in
//! `src/export/html/vendor/`, MIT, see the README there), the page's own script and
//! style, and the data are all written into the file. The data is JSON inside a
//! `<script type="application/json">` element, with every `<`, `>`, `&`, U+2028 and
//! U+2029 written as a `\u` escape, so no name, alias, note or quote can end the
//! element or open a comment; the page puts text into the document only through
//! `textContent`.
//!
//! Positions come from [`crate::layout::force_layout`], so the same subgraph gives the
//! same picture.

use std::io::{self, Write};

use serde::Serialize;

use super::dot::{edge_look, family_colour};
use super::{Emphasis, Subgraph, community_fill, escape_markup};
use crate::json::{EdgeJson, NodeJson};
use crate::layout::{LayoutOptions, force_layout};
use crate::model::{EdgeKind, Family, NodeKind, Source};
use crate::questions::Role;

const TEMPLATE: &str = include_str!("page.html");
const STYLE: &str = include_str!("map.css");
const SCRIPT: &str = include_str!("map.js");
const GRAPHOLOGY: &str = include_str!("vendor/graphology.umd.min.js");
const SIGMA: &str = include_str!("vendor/sigma.min.js");

/// How [`write_html`] makes the page.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlOptions {
    /// The page's title, shown in its heading and the browser's tab.
    pub title: String,
    /// The layout's settings.
    pub layout: LayoutOptions,
    /// Entities sized by a measure or coloured by community ([`Emphasis::of`] for the
    /// same subgraph); by default sized by their number of relations, coloured by kind.
    pub emphasis: Emphasis,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            title: "agencygraph map".to_string(),
            layout: LayoutOptions::default(),
            emphasis: Emphasis::default(),
        }
    }
}

/// The fill of a node kind on the map: a distinct hue for each kind, darker for the
/// kinds that act, lighter for the things they make.
pub fn node_colour(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::UnEntity => "#1f77b4",
        NodeKind::Department => "#17becf",
        NodeKind::Office => "#7fb3e0",
        NodeKind::Mechanism => "#ff7f0e",
        NodeKind::Network => "#c9a227",
        NodeKind::WorkingGroup => "#f4a582",
        NodeKind::Fund => "#2ca02c",
        NodeKind::Initiative => "#d62728",
        NodeKind::Campaign => "#f28e9b",
        NodeKind::Programme => "#9467bd",
        NodeKind::Project => "#c5b0d5",
        NodeKind::Event => "#8c564b",
        NodeKind::Publication => "#7f7f7f",
        NodeKind::Framework => "#b8b8b8",
        NodeKind::Mandate => "#e377c2",
        NodeKind::Body => "#6b6b1f",
        NodeKind::MemberState => "#bcbd22",
        NodeKind::Organisation => "#72c472",
        NodeKind::Group => "#5fb8c4",
    }
}

#[derive(Serialize)]
struct NodeKindJson {
    name: &'static str,
    label: &'static str,
    colour: &'static str,
}

#[derive(Serialize)]
struct EdgeKindJson {
    name: &'static str,
    label: &'static str,
    inverse: &'static str,
    family: &'static str,
    /// The kind's shade of its family's colour, as in DOT pictures.
    colour: String,
    /// Which end takes part, as the `who`/`what` questions read it: `subject`, `object`
    /// or `either` (the symmetric kinds).
    participant: &'static str,
    /// The participant's role, for kinds about taking part.
    role: Option<RoleJson>,
}

#[derive(Serialize)]
struct RoleJson {
    /// Heading of a group of answers to "who takes part in X".
    heading: &'static str,
    /// Heading of a group of answers to "what does X take part in".
    verb: &'static str,
}

#[derive(Serialize)]
struct FamilyJson {
    name: &'static str,
    colour: &'static str,
}

#[derive(Serialize)]
struct MapNode<'a> {
    #[serde(flatten)]
    node: NodeJson<'a>,
    x: f64,
    y: f64,
    /// Its share of the highest figure of the measure entities are sized by.
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
    /// Its community, an index into `communities`.
    #[serde(skip_serializing_if = "Option::is_none")]
    community: Option<usize>,
}

#[derive(Serialize)]
struct CommunityJson {
    colour: &'static str,
    size: usize,
}

#[derive(Serialize)]
struct MapData<'a> {
    title: &'a str,
    node_kinds: Vec<NodeKindJson>,
    edge_kinds: Vec<EdgeKindJson>,
    families: Vec<FamilyJson>,
    /// The measure entities are sized by, when not their number of relations.
    size_by: Option<&'static str>,
    /// The communities entities are coloured by, when not by kind.
    communities: Option<Vec<CommunityJson>>,
    nodes: Vec<MapNode<'a>>,
    edges: Vec<EdgeJson<'a>>,
    sources: &'a [&'a Source],
}

fn map_data<'a>(subgraph: &'a Subgraph<'a>, options: &'a HtmlOptions) -> MapData<'a> {
    let index: std::collections::HashMap<&str, usize> = subgraph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let pairs: Vec<(usize, usize)> = subgraph
        .edges
        .iter()
        .filter_map(|e| Some((*index.get(e.from())?, *index.get(e.to())?)))
        .collect();
    let positions = force_layout(subgraph.nodes.len(), &pairs, &options.layout);
    let emphasis = &options.emphasis;
    let node_kinds = NodeKind::ALL
        .iter()
        .filter(|k| subgraph.nodes.iter().any(|n| n.kind == **k))
        .map(|&k| NodeKindJson {
            name: k.name(),
            label: k.label(),
            colour: node_colour(k),
        })
        .collect();
    let edge_kinds: Vec<EdgeKind> = EdgeKind::ALL
        .iter()
        .copied()
        .filter(|k| subgraph.edges.iter().any(|e| e.kind() == *k))
        .collect();
    let mut families: Vec<Family> = edge_kinds.iter().map(|k| k.family()).collect();
    families.sort();
    families.dedup();
    MapData {
        title: &options.title,
        node_kinds,
        edge_kinds: edge_kinds
            .iter()
            .map(|&k| EdgeKindJson {
                name: k.name(),
                label: k.label(),
                inverse: k.inverse_label(),
                family: k.family().name(),
                colour: edge_look(k).colour,
                participant: if k.is_symmetric() {
                    "either"
                } else if k == EdgeKind::EstablishedBy {
                    "object"
                } else {
                    "subject"
                },
                role: Role::of(k).map(|role| RoleJson {
                    heading: role.heading(),
                    verb: role.verb(),
                }),
            })
            .collect(),
        families: families
            .into_iter()
            .map(|f| FamilyJson {
                name: f.name(),
                colour: family_colour(f),
            })
            .collect(),
        size_by: emphasis.sizes.as_ref().map(|(measure, _)| measure.name()),
        communities: emphasis.community_sizes().map(|sizes| {
            sizes
                .iter()
                .enumerate()
                .map(|(number, &size)| CommunityJson {
                    colour: community_fill(number),
                    size,
                })
                .collect()
        }),
        nodes: subgraph
            .nodes
            .iter()
            .zip(positions)
            .enumerate()
            .map(|(i, (n, [x, y]))| MapNode {
                node: NodeJson::from(*n),
                x,
                y,
                weight: emphasis.weight(i),
                community: emphasis.community(i),
            })
            .collect(),
        edges: subgraph.edges.iter().map(|e| EdgeJson::from(*e)).collect(),
        sources: &subgraph.sources,
    }
}

/// JSON made safe as the text of a `<script>` element: `<`, `>` and `&` (which only
/// occur inside JSON strings) and the line separators U+2028 and U+2029 written as `\u`
/// escapes, which JSON.parse reads back as the same characters.
///
/// ```
/// use agencygraph::export::html::script_safe_json;
///
/// let json = serde_json::to_string("</script><!-- \u{2028}").unwrap();
/// let safe = script_safe_json(&json);
/// assert_eq!(safe, r#""\u003c/script\u003e\u003c!-- \u2028""#);
/// let back: String = serde_json::from_str(&safe).unwrap();
/// assert_eq!(back, "</script><!-- \u{2028}");
/// ```
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Writes `subgraph` as the interactive map: a whole HTML document, the same bytes for
/// the same subgraph and options.
///
/// ```
/// use agencygraph::export::html::{HtmlOptions, write_html};
/// use agencygraph::export::Selection;
///
/// let graph = agencygraph::Graph::bundled();
/// let icat = graph.subgraph(&Selection::around("ICAT", 1));
/// let mut page = Vec::new();
/// write_html(&icat, &HtmlOptions::default(), &mut page)?;
/// let page = String::from_utf8(page).unwrap();
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains(r#""id":"UNODC""#));
/// // No network: nothing is loaded from elsewhere.
/// assert!(!page.contains("src=\"http"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_html(
    subgraph: &Subgraph<'_>,
    options: &HtmlOptions,
    out: impl Write,
) -> io::Result<()> {
    let data = serde_json::to_string(&map_data(subgraph, options))?;
    let mut out = io::BufWriter::new(out);
    let mut rest = TEMPLATE;
    while let Some(start) = rest.find("{{") {
        out.write_all(&rest.as_bytes()[..start])?;
        let end = start
            + rest[start..]
                .find("}}")
                .expect("the page template closes every placeholder");
        match &rest[start + 2..end] {
            "title" => out.write_all(escape_markup(&options.title).as_bytes())?,
            "style" => out.write_all(STYLE.as_bytes())?,
            "graphology" => out.write_all(GRAPHOLOGY.as_bytes())?,
            "sigma" => out.write_all(SIGMA.as_bytes())?,
            "data" => out.write_all(script_safe_json(&data).as_bytes())?,
            "script" => out.write_all(SCRIPT.as_bytes())?,
            other => unreachable!("unknown placeholder {other} in page.html"),
        }
        rest = &rest[end + 2..];
    }
    out.write_all(rest.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Selection;
    use crate::graph::Graph;

    #[test]
    fn embedded_code_cannot_end_its_script_element() {
        for (name, code) in [
            ("graphology", GRAPHOLOGY),
            ("sigma", SIGMA),
            ("map.js", SCRIPT),
        ] {
            let lower = code.to_lowercase();
            assert!(
                !lower.contains("</script") && !lower.contains("<!--"),
                "{name}"
            );
        }
    }

    #[test]
    fn the_page_is_the_same_for_the_same_graph() {
        let graph = Graph::bundled();
        let whole = graph.subgraph(&Selection::default());
        let page = |options: &HtmlOptions| {
            let mut out = Vec::new();
            write_html(&whole, options, &mut out).unwrap();
            out
        };
        let options = HtmlOptions {
            title: "<b>Map</b> & \"more\"".into(),
            ..HtmlOptions::default()
        };
        let first = page(&options);
        assert_eq!(first, page(&options));
        let text = String::from_utf8(first).unwrap();
        assert!(text.contains("<title>&lt;b&gt;Map&lt;/b&gt; &amp; &quot;more&quot;</title>"));
        // Only the template's own script elements, none from the data.
        assert_eq!(text.matches("</script>").count(), 4);
    }
}
