//! How pictures look: labels inside their shapes with the font that draws them, a fill
//! for every node kind and a look for every edge kind that no other shares, and legends
//! that list exactly what is drawn.

use std::collections::{BTreeSet, HashSet};

use agencygraph::Graph;
use agencygraph::export::{DotStyle, Selection, edge_look, node_fill, write_dot};
use agencygraph::model::{EdgeKind, NodeKind};

/// DejaVu Sans, the font pictures are drawn with.
const FONT: &[u8] = include_bytes!("../../src/export/fonts/DejaVuSans.ttf");

fn dot_of(selection: &Selection) -> String {
    let graph = Graph::bundled();
    let mut dot = Vec::new();
    write_dot(&graph.subgraph(selection), &DotStyle::default(), &mut dot).unwrap();
    String::from_utf8(dot).unwrap()
}

// ---- Labels inside their shapes.

type Point = (f64, f64);

/// A line of text as drawn: its box from the font's advance widths (kerning left out,
/// which in DejaVu Sans only ever brings letters closer) and its ascender and descender.
struct TextBox {
    text: String,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn text_box(face: &ttf_parser::Face<'_>, text: &str, x: f64, y: f64, size: f64) -> TextBox {
    let scale = size / f64::from(face.units_per_em());
    let advance: f64 = text
        .chars()
        .map(|c| {
            let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
            f64::from(face.glyph_hor_advance(glyph).unwrap())
        })
        .sum();
    let width = advance * scale;
    TextBox {
        text: text.to_string(),
        left: x - width / 2.0,
        right: x + width / 2.0,
        top: y - f64::from(face.ascender()) * scale,
        bottom: y - f64::from(face.descender()) * scale,
    }
}

fn numbers(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().unwrap())
        .collect()
}

fn pairs(numbers: &[f64]) -> Vec<Point> {
    numbers.chunks(2).map(|p| (p[0], p[1])).collect()
}

/// The points along an SVG path made of `M` and cubic `C` segments (all Graphviz
/// writes for shapes), each curve cut into 16 straight pieces.
fn flattened_path(d: &str) -> Vec<Point> {
    assert!(
        d.chars()
            .filter(char::is_ascii_alphabetic)
            .all(|c| c == 'M' || c == 'C'),
        "{d}"
    );
    let points = pairs(&numbers(d));
    let mut out = vec![points[0]];
    for curve in points[1..].chunks(3) {
        let start = *out.last().unwrap();
        let [a, b, c] = [curve[0], curve[1], curve[2]];
        for step in 1..=16 {
            let t = f64::from(step) / 16.0;
            let u = 1.0 - t;
            let at = |p0: f64, p1: f64, p2: f64, p3: f64| {
                u * u * u * p0 + 3.0 * u * u * t * p1 + 3.0 * u * t * t * p2 + t * t * t * p3
            };
            out.push((at(start.0, a.0, b.0, c.0), at(start.1, a.1, b.1, c.1)));
        }
    }
    out
}

/// Whether `point` is inside the closed polygon `outline` (even-odd rule).
fn inside(outline: &[Point], point: Point) -> bool {
    let mut inside = false;
    for (i, &a) in outline.iter().enumerate() {
        let b = outline[(i + 1) % outline.len()];
        if (a.1 > point.1) != (b.1 > point.1) {
            let x = a.0 + (point.1 - a.1) / (b.1 - a.1) * (b.0 - a.0);
            if point.0 < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// Whether the segment `a`–`b` passes through the inside of `text` (Liang–Barsky).
fn crosses(a: Point, b: Point, text: &TextBox) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut low, mut high) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - text.left),
        (dx, text.right - a.0),
        (-dy, a.1 - text.top),
        (dy, text.bottom - a.1),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                low = low.max(r);
            } else {
                high = high.min(r);
            }
        }
    }
    high - low > 1e-9
}

/// An SVG document as Graphviz writes it (with a DOCTYPE), parsed.
pub fn parsed_svg(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap()
}

/// One problem line per label line of `svg` that is not wholly inside its node's shape
/// or that a line of the shape crosses.
fn labels_outside_shapes(svg: &str) -> (usize, Vec<String>) {
    let face = ttf_parser::Face::parse(FONT, 0).unwrap();
    let document = parsed_svg(svg);
    let mut checked = 0;
    let mut problems = Vec::new();
    for node in document
        .descendants()
        .filter(|e| e.attribute("class") == Some("node"))
    {
        let name = node
            .children()
            .find(|e| e.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or_default()
            .to_string();
        if name == "legend" {
            continue;
        }
        // Every line the shape draws, and its outline (the first one).
        let mut outline: Option<Vec<Point>> = None;
        let mut ellipse: Option<(f64, f64, f64, f64)> = None;
        let mut strokes: Vec<Vec<Point>> = Vec::new();
        for shape in node.descendants() {
            let points = match shape.tag_name().name() {
                "polygon" => {
                    let mut points = pairs(&numbers(shape.attribute("points").unwrap()));
                    points.push(points[0]);
                    points
                }
                "polyline" => pairs(&numbers(shape.attribute("points").unwrap())),
                "path" => flattened_path(shape.attribute("d").unwrap()),
                "ellipse" => {
                    let number = |name| shape.attribute(name).unwrap().parse::<f64>().unwrap();
                    ellipse = Some((number("cx"), number("cy"), number("rx"), number("ry")));
                    continue;
                }
                _ => continue,
            };
            if outline.is_none() && shape.tag_name().name() != "polyline" {
                outline = Some(points.clone());
            }
            strokes.push(points);
        }
        for text in node.descendants().filter(|e| e.has_tag_name("text")) {
            let number = |name| text.attribute(name).unwrap().parse::<f64>().unwrap();
            assert_eq!(text.attribute("text-anchor"), Some("middle"));
            assert!(
                text.attribute("font-family")
                    .unwrap()
                    .starts_with("DejaVu Sans")
            );
            let drawn = text_box(
                &face,
                text.text().unwrap_or_default(),
                number("x"),
                number("y"),
                number("font-size"),
            );
            checked += 1;
            let corners = [
                (drawn.left, drawn.top),
                (drawn.right, drawn.top),
                (drawn.left, drawn.bottom),
                (drawn.right, drawn.bottom),
            ];
            let within = match (&outline, ellipse) {
                (_, Some((cx, cy, rx, ry))) => corners
                    .iter()
                    .all(|&(x, y)| ((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2) <= 1.0),
                (Some(outline), None) => corners.iter().all(|&corner| inside(outline, corner)),
                (None, None) => panic!("{name} has no shape"),
            };
            let crossed = strokes
                .iter()
                .any(|line| line.windows(2).any(|s| crosses(s[0], s[1], &drawn)));
            if !within || crossed {
                problems.push(format!(
                    "{name}: {:?} ({:.1}..{:.1} × {:.1}..{:.1}) {}",
                    drawn.text,
                    drawn.left,
                    drawn.right,
                    drawn.top,
                    drawn.bottom,
                    if within { "crosses a line" } else { "outside" }
                ));
            }
        }
    }
    (checked, problems)
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_built_in_engine_keeps_every_label_inside_its_shape() {
    use agencygraph::export::{Engine, render_svg};

    let dot = dot_of(&Selection::default());
    let svg = render_svg(&dot, Engine::Builtin).unwrap();
    let (checked, problems) = labels_outside_shapes(&svg);
    // 88 entities, each with an id line and at least one line of name (or the id alone
    // when it is the name).
    assert!(checked >= 88, "{checked} lines");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[cfg(feature = "builtin-render")]
#[test]
fn labels_measured_as_helvetica_cross_the_borders_dejavu_draws() {
    use agencygraph::export::{Engine, render_svg};

    // What the engine drew before: shapes sized for Helvetica's narrower letters, the
    // text then drawn in DejaVu Sans.
    let dot = dot_of(&Selection::default()).replace("DejaVu Sans", "Helvetica");
    let svg = render_svg(&dot, Engine::Builtin)
        .unwrap()
        .replace("Helvetica,sans-Serif", "DejaVu Sans");
    let (_, problems) = labels_outside_shapes(&svg);
    // OCHA's is the one the issue names.
    assert!(problems.len() > 10, "{problems:?}");
    assert!(
        problems.iter().any(|p| p.starts_with("OCHA:")),
        "{problems:?}"
    );
}

#[cfg(feature = "builtin-render")]
#[test]
fn labels_stay_inside_when_entities_are_sized_by_a_measure() {
    use agencygraph::analysis::Measure;
    use agencygraph::export::{Colouring, Emphasis, Engine, render_svg, write_dot_emphasised};

    let graph = Graph::bundled();
    let whole = graph.subgraph(&Selection::default());
    let emphasis = Emphasis::of(&whole, Some(Measure::PageRank), Colouring::Community).unwrap();
    let mut dot = Vec::new();
    write_dot_emphasised(&whole, &DotStyle::default(), &emphasis, &mut dot).unwrap();
    let svg = render_svg(&String::from_utf8(dot).unwrap(), Engine::Builtin).unwrap();
    let (checked, problems) = labels_outside_shapes(&svg);
    assert!(checked >= 88, "{checked} lines");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn graphviz_keeps_every_label_inside_its_shape_too() {
    use agencygraph::export::{Engine, render_svg};

    if !crate::common::have_dot() {
        return;
    }
    let svg = render_svg(&dot_of(&Selection::default()), Engine::System).unwrap();
    let (checked, problems) = labels_outside_shapes(&svg);
    assert!(checked >= 88, "{checked} lines");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_label_check_sees_text_crossing_a_border() {
    // A hand-made node: a hexagon 60 wide at its middle, 30 at its top and bottom, with
    // a line of text wider than the flat top (about 70 points of "WWWWWW" at 10pt,
    // each W 2025/2048 em wide).
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><g class="node"><title>X</title>
        <polygon points="60,0 45,-20 15,-20 0,0 15,20 45,20 60,0"/>
        <text text-anchor="middle" x="30" y="3" font-family="DejaVu Sans" font-size="10">WWWWWW</text>
        <text text-anchor="middle" x="30" y="3" font-family="DejaVu Sans" font-size="10">ii</text>
        </g></svg>"#;
    let (checked, problems) = labels_outside_shapes(svg);
    assert_eq!(checked, 2);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("X: \"WWWWWW\""), "{problems:?}");
}

// ---- Fills and line looks.

/// sRGB `#rrggbb` in CIELAB (D65), to compare colours as eyes do.
fn lab(hex: &str) -> [f64; 3] {
    let channel = |at: usize| {
        let c = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap()) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (channel(1), channel(3), channel(5));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    [
        116.0 * f(y) - 16.0,
        500.0 * (f(x) - f(y)),
        200.0 * (f(y) - f(z)),
    ]
}

fn difference(a: &str, b: &str) -> f64 {
    let (a, b) = (lab(a), lab(b));
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

#[test]
fn every_node_kind_has_a_fill_of_its_own() {
    // The fills the issue called near-identical were 15.7 (UN entity, office) and 17.8
    // (mechanism, network) CIELAB units apart; now no two are closer than 20.
    assert!(difference("#9fc5e8", "#cfe2f3") < 20.0);
    assert!(difference("#f9cb9c", "#fce5cd") < 20.0);
    for (i, a) in NodeKind::ALL.iter().enumerate() {
        for b in &NodeKind::ALL[i + 1..] {
            let apart = difference(node_fill(*a), node_fill(*b));
            assert!(apart >= 20.0, "{a:?} and {b:?}: {apart:.1}");
        }
    }
}

#[test]
fn every_edge_kind_has_a_look_of_its_own() {
    let mut seen = HashSet::new();
    for kind in EdgeKind::ALL {
        let look = edge_look(*kind);
        assert_eq!(look.arrowhead == "none", kind.is_symmetric(), "{kind:?}");
        assert!(
            seen.insert((look.colour.clone(), look.arrowhead)),
            "{kind:?} looks like another kind: {look:?}"
        );
    }
    // Chairing and co-chairing, both governance, differ by shade.
    let (chairs, co_chairs) = (edge_look(EdgeKind::Chairs), edge_look(EdgeKind::CoChairs));
    assert_eq!(chairs.arrowhead, co_chairs.arrowhead);
    assert_ne!(chairs.colour, co_chairs.colour);
    // The DOT draws each relation with its kind's look.
    let dot = dot_of(&Selection::around("ICAT", 1));
    let look = edge_look(EdgeKind::SecretariatOf);
    let statement = dot
        .lines()
        .find(|l| l.contains(r#""UNODC" -> "ICAT" [label="secretariat of""#))
        .unwrap();
    assert!(
        statement.contains(&format!(r#"color="{}""#, look.colour)),
        "{statement}"
    );
    assert!(
        statement.contains(&format!(r#"arrowhead="{}""#, look.arrowhead)),
        "{statement}"
    );
}

/// The kinds a DOT legend lists: node kind labels and edge kind labels, in order.
fn legend_rows(dot: &str) -> Vec<String> {
    let legend = dot
        .lines()
        .find(|l| l.contains(r#""legend""#))
        .expect("a legend");
    legend
        .split("<td align=\"left\">")
        .skip(1)
        .map(|row| {
            // The cell's text without its markup (edge rows hold theirs in a <font>).
            let cell = row.split("</td>").next().unwrap();
            let mut text = String::new();
            let mut in_tag = false;
            for c in cell.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .collect()
}

#[test]
fn a_focused_legend_lists_exactly_the_kinds_drawn() {
    // IASC and its neighbours in graph/*.ron: IASC (inter-agency mechanism); OCHA (UN
    // entity, supports IASC); IASC-PSEA-SFP (network, part of IASC); IASC-GRG,
    // IASC-SWG-GHA, IASC-GENCAP-SC, IASC-PSEA-AAP-TT (working groups, part of IASC);
    // GENCAP (project, part of IASC); IASC-GENDER-HANDBOOK (publication IASC
    // publishes). Between them: OCHA participates in IASC-PSEA-SFP, supports IASC and
    // the handbook, initiated and guides GENCAP, is a member of IASC-PSEA-AAP-TT;
    // IASC-GENCAP-SC oversees GENCAP. The part-of and publishes relations are inferred.
    let rows = legend_rows(&dot_of(&Selection::around("IASC", 1)));
    let expected = [
        // Node kinds, in NodeKind::ALL's order, with their shapes.
        "UN entity (box)",
        "inter-agency mechanism (hexagon)",
        "network (hexagon)",
        "working group or task force (rounded box)",
        "project (component)",
        "publication (note)",
        // Edge kinds, in EdgeKind::ALL's order.
        "guides",
        "oversees",
        "member of",
        "participates in",
        "part of",
        "supports",
        "publishes",
        "initiated",
        "dashed: inferred, not stated",
    ];
    assert_eq!(rows, expected);
}

#[test]
fn a_legend_of_stated_relations_has_no_inferred_row() {
    // ICAT's secretariat only: the node kinds at its ends and the one edge kind.
    let graph = Graph::bundled();
    let mut selection = Selection::around("ICAT", 1);
    selection.edge_kinds = Some(vec![EdgeKind::SecretariatOf]);
    let subgraph = graph.subgraph(&selection);
    let mut dot = Vec::new();
    write_dot(&subgraph, &DotStyle::default(), &mut dot).unwrap();
    let rows = legend_rows(&String::from_utf8(dot).unwrap());
    let kinds: Vec<&str> = subgraph.nodes.iter().map(|n| n.kind.label()).collect();
    assert!(rows.contains(&"secretariat of".to_string()), "{rows:?}");
    assert!(!rows.iter().any(|r| r.starts_with("dashed")), "{rows:?}");
    assert_eq!(rows.len(), 1 + kinds.iter().collect::<BTreeSet<_>>().len());
}
