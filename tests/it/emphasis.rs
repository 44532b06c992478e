//! Entities sized by a measure and coloured by community, in DOT, in the built-in SVG
//! and in the HTML map, on a small hand-built graph (tests/fixtures/emphasis.ron):
//!
//! ```text
//!   A           E
//!   | \       / |
//!   |  C --- D  |
//!   | / \     \ |
//!   B    G      F
//! ```
//!
//! Two triangles, A-B-C and D-E-F, joined by C-D, and G hanging from C. C has the most
//! neighbours (4), and half its walks go on to A or B or D, which lead back: it has the
//! highest PageRank. The natural communities are the two triangles, G with C's:
//! {A, B, C, G} (4 of the 8 links inside) and {D, E, F} (3 inside); modularity
//! 4/8 − (9/16)² + 3/8 − (7/16)² ≈ 0.37, more than any other split.

use std::collections::BTreeMap;

use agencygraph::Graph;
use agencygraph::analysis::{Measure, Network};
use agencygraph::export::html::{HtmlOptions, write_html};
use agencygraph::export::{Colouring, DotStyle, Emphasis, Selection, write_dot_emphasised};

fn graph() -> Graph {
    Graph::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/emphasis.ron"
    ))
    .unwrap()
}

fn dot(graph: &Graph, emphasis: &Emphasis) -> String {
    let subgraph = graph.subgraph(&Selection::default());
    let mut out = Vec::new();
    write_dot_emphasised(&subgraph, &DotStyle::default(), emphasis, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The value of `attribute` in each node statement of `dot`, by node id.
fn node_attribute(dot: &str, attribute: &str) -> BTreeMap<String, String> {
    dot.lines()
        .filter(|l| l.contains("[label=") && !l.contains("->") && !l.contains("\"legend\""))
        .map(|l| {
            let id = l.trim().split('"').nth(1).unwrap().to_string();
            let value = l
                .split(&format!("{attribute}=\""))
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or("")
                .to_string();
            (id, value)
        })
        .collect()
}

#[test]
fn the_analysis_agrees_with_the_figures_worked_out_by_hand() {
    let graph = graph();
    let network = Network::of(&graph, &Selection::default());
    let ids = |members: &[usize]| -> Vec<&str> {
        members
            .iter()
            .map(|&i| network.nodes()[i].id.as_str())
            .collect()
    };
    let ranking = network.ranking(&network.pagerank().unwrap());
    assert_eq!(ranking[0].node.id, "C");
    let communities: Vec<Vec<&str>> = network.louvain().iter().map(|c| ids(c)).collect();
    assert_eq!(communities, [vec!["A", "B", "C", "G"], vec!["D", "E", "F"]]);
}

#[test]
fn the_entity_with_the_highest_pagerank_is_drawn_largest() {
    let graph = graph();
    let subgraph = graph.subgraph(&Selection::default());
    let emphasis = Emphasis::of(&subgraph, Some(Measure::PageRank), Colouring::Kind).unwrap();
    let dot = dot(&graph, &emphasis);
    // C's label is set in the largest type (24 points: the highest weight), and its
    // shape is at least 1.8 × 1.2 inches (2.4 times the 0.75 × 0.5 of 10 points); every
    // other smaller, G (one neighbour) smallest.
    let sizes: BTreeMap<String, f64> = node_attribute(&dot, "fontsize")
        .into_iter()
        .map(|(id, size)| (id, size.parse().unwrap()))
        .collect();
    assert_eq!(sizes["C"], 24.0);
    assert!(
        sizes.iter().all(|(id, &s)| id == "C" || s < 24.0),
        "{sizes:?}"
    );
    assert!(
        sizes.iter().all(|(id, &s)| id == "G" || s > sizes["G"]),
        "{sizes:?}"
    );
    assert!(dot.contains("larger: higher pagerank"));
    let widths = node_attribute(&dot, "width");
    assert_eq!(widths["C"], "1.80");

    // Drawn: C's box is the largest in the built-in engine's SVG.
    #[cfg(feature = "builtin-render")]
    {
        use agencygraph::export::{Engine, render_svg};
        let svg = render_svg(&dot, Engine::Builtin).unwrap();
        let areas = box_areas(&svg);
        let largest = areas
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(id, _)| id.as_str());
        assert_eq!(largest, Some("C"), "{areas:?}");
    }

    // The map: C's weight is 1 (the highest figure), the others' less.
    let options = HtmlOptions {
        emphasis,
        ..HtmlOptions::default()
    };
    let page = map_data(&subgraph, &options);
    assert_eq!(page["size_by"], "pagerank");
    for node in page["nodes"].as_array().unwrap() {
        let weight = node["weight"].as_f64().unwrap();
        assert_eq!(weight == 1.0, node["id"] == "C", "{node}");
    }
}

/// Each node's box area in an SVG, from its polygon's extent.
#[cfg(feature = "builtin-render")]
fn box_areas(svg: &str) -> BTreeMap<String, f64> {
    let document = crate::drawing::parsed_svg(svg);
    document
        .descendants()
        .filter(|e| e.attribute("class") == Some("node"))
        .filter_map(|node| {
            let id = node.children().find(|e| e.has_tag_name("title"))?.text()?;
            if id == "legend" {
                return None;
            }
            let polygon = node.descendants().find(|e| e.has_tag_name("polygon"))?;
            let numbers: Vec<f64> = polygon
                .attribute("points")?
                .split([' ', ','])
                .map(|n| n.parse().unwrap())
                .collect();
            let extent = |start: usize| {
                let values = numbers.iter().skip(start).step_by(2);
                let max = values.clone().copied().fold(f64::MIN, f64::max);
                let min = values.copied().fold(f64::MAX, f64::min);
                max - min
            };
            Some((id.to_string(), extent(0) * extent(1)))
        })
        .collect()
}

/// The JSON data a map page holds.
fn map_data(
    subgraph: &agencygraph::export::Subgraph<'_>,
    options: &HtmlOptions,
) -> serde_json::Value {
    let mut page = Vec::new();
    write_html(subgraph, options, &mut page).unwrap();
    let page = String::from_utf8(page).unwrap();
    let start = page
        .find(r#"<script type="application/json" id="agencygraph-data">"#)
        .unwrap();
    let json = &page[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    serde_json::from_str(json).unwrap()
}

#[test]
fn entities_of_one_community_share_a_fill_and_the_legend_lists_the_communities() {
    let graph = graph();
    let subgraph = graph.subgraph(&Selection::default());
    let emphasis = Emphasis::of(&subgraph, None, Colouring::Community).unwrap();
    let dot = dot(&graph, &emphasis);
    let fills = node_attribute(&dot, "fillcolor");
    for id in ["A", "B", "G"] {
        assert_eq!(fills[id], fills["C"], "{fills:?}");
    }
    for id in ["E", "F"] {
        assert_eq!(fills[id], fills["D"], "{fills:?}");
    }
    assert_ne!(fills["C"], fills["D"]);
    // Both communities in the legend, with their sizes; the kind without a fill.
    assert!(dot.contains(&format!(
        r#"<td bgcolor="{}" width="24"></td><td align="left">community 1 (4)</td>"#,
        fills["C"]
    )));
    assert!(dot.contains(&format!(
        r#"<td bgcolor="{}" width="24"></td><td align="left">community 2 (3)</td>"#,
        fills["D"]
    )));
    assert!(
        dot.contains(r#"<td bgcolor="white" width="24"></td><td align="left">UN entity (box)"#)
    );

    // The map: the same communities, with those fills.
    let options = HtmlOptions {
        emphasis,
        ..HtmlOptions::default()
    };
    let page = map_data(&subgraph, &options);
    let communities = page["communities"].as_array().unwrap();
    assert_eq!(communities.len(), 2);
    assert_eq!(communities[0]["colour"], fills["C"].as_str());
    assert_eq!(communities[0]["size"], 4);
    for node in page["nodes"].as_array().unwrap() {
        let expected = if ["A", "B", "C", "G"].contains(&node["id"].as_str().unwrap()) {
            0
        } else {
            1
        };
        assert_eq!(node["community"], expected, "{node}");
    }
}

#[cfg(feature = "cli")]
#[test]
fn the_command_line_names_what_it_cannot_size_or_colour_by() {
    use crate::common::run;

    let unknown = run(&["export", "--size-by", "influence"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("invalid value 'influence' for '--size-by <MEASURE>'")
            && unknown
                .stderr
                .contains("degree, betweenness, closeness, pagerank, eigenvector"),
        "{}",
        unknown.stderr
    );
    let colour = run(&["export", "--colour-by", "size"]);
    assert_eq!(colour.code, 2);
    assert!(
        colour.stderr.contains("[possible values: kind, community]"),
        "{}",
        colour.stderr
    );
    let table = run(&["export", "--format", "json", "--size-by", "degree"]);
    assert_eq!(
        (table.code, table.stderr.as_str()),
        (
            1,
            "error: --size-by and --colour-by apply to pictures and the map (dot, svg, png, pdf, html), not to json\n"
        )
    );
    // The fixture drawn by the program: C in the largest type.
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/emphasis.ron");
    let drawn = run(&[
        "export",
        "--graph",
        fixture,
        "--size-by",
        "pagerank",
        "--color-by",
        "community",
    ]);
    assert_eq!(drawn.code, 0, "{}", drawn.stderr);
    assert_eq!(node_attribute(&drawn.stdout, "fontsize")["C"], "24.0");
}

#[test]
fn the_map_draws_the_sizes_and_community_colours_in_a_browser() {
    let Some(session) = crate::browser::launch(1000, 700) else {
        return;
    };
    let graph = graph();
    let subgraph = graph.subgraph(&Selection::default());
    let options = HtmlOptions {
        emphasis: Emphasis::of(&subgraph, Some(Measure::PageRank), Colouring::Community).unwrap(),
        ..HtmlOptions::default()
    };
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("map.html");
    write_html(&subgraph, &options, std::fs::File::create(&path).unwrap()).unwrap();
    session.open(&path, "");
    let drawn: BTreeMap<String, (f64, String)> = session.value(
        "Object.fromEntries(agencygraph.data.nodes.map((n) => { const d = agencygraph.renderer.getNodeDisplayData(n.id); return [n.id, [d.size, d.color]]; }))",
    );
    let largest = drawn
        .iter()
        .max_by(|a, b| a.1.0.total_cmp(&b.1.0))
        .map(|(id, _)| id.as_str());
    assert_eq!(largest, Some("C"), "{drawn:?}");
    for id in ["A", "B", "G"] {
        assert_eq!(drawn[id].1, drawn["C"].1, "{drawn:?}");
    }
    for id in ["E", "F"] {
        assert_eq!(drawn[id].1, drawn["D"].1, "{drawn:?}");
    }
    assert_ne!(drawn["C"].1, drawn["D"].1);
    let legend: Vec<String> = session.value(
        "[...document.querySelectorAll('#node-filter .community')].map((e) => e.textContent)",
    );
    assert_eq!(legend, ["community 14", "community 23"]);
    // Every entity hidden by its kind and shown again: redrawn in place, then indexed
    // again for the labels when the browser is idle.
    for _ in 0..2 {
        session.run("document.querySelector('#node-filter input[data-kind]').click()");
    }
    session.wait_for("agencygraph.visibleNodes().length === 7");
    let shown: usize = session.value("agencygraph.visibleEdges().length");
    assert_eq!(shown, 8);
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert_eq!(session.errors(), Vec::<String>::new());
}
