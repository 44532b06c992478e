//! The interactive map (`export --format html`) in a real, headless Chromium: search,
//! clicks, filters, the year slider, the URL hash, and a hostile graph whose names must
//! stay text. Expected values are counted by hand from graph/*.ron. Under CI a missing
//! Chromium fails these tests rather than skipping them.

use std::path::PathBuf;

use crate::browser::{Session, launch};
use crate::common::assert_contains;
use agencygraph::export::Selection;
use agencygraph::export::html::{HtmlOptions, write_html};
use agencygraph::resolve::normalize;
use agencygraph::{Dataset, Edge, EdgeKind, Graph, Node, NodeKind, Source};
use serde::Deserialize;

/// Writes the map of `graph` into a temporary directory.
fn write_map(graph: &Graph, options: &HtmlOptions) -> (tempfile::TempDir, PathBuf) {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("map.html");
    let subgraph = graph.subgraph(&Selection::default());
    write_html(&subgraph, options, std::fs::File::create(&path).unwrap()).unwrap();
    (directory, path)
}

/// A browser showing the bundled map; `None` when Chromium is missing outside CI.
fn bundled_map(hash: &str) -> Option<(Session, tempfile::TempDir)> {
    let session = launch(1400, 900)?;
    let (directory, path) = write_map(&Graph::bundled(), &HtmlOptions::default());
    session.open(&path, hash);
    Some((session, directory))
}

#[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
struct Shown {
    from: String,
    kind: String,
    to: String,
}

fn shown_edges(session: &Session) -> Vec<Shown> {
    let mut shown: Vec<Shown> = session.value("agencygraph.visibleEdges()");
    shown.sort();
    shown
}

fn shown(list: &[(&str, &str, &str)]) -> Vec<Shown> {
    let mut out: Vec<Shown> = list
        .iter()
        .map(|(from, kind, to)| Shown {
            from: from.to_string(),
            kind: kind.to_string(),
            to: to.to_string(),
        })
        .collect();
    out.sort();
    out
}

fn shown_nodes(session: &Session) -> Vec<String> {
    let mut nodes: Vec<String> = session.value("agencygraph.visibleNodes()");
    nodes.sort();
    nodes
}

fn panel_text(session: &Session) -> String {
    session.value("document.getElementById('panel').textContent")
}

/// Presses `/` (which focuses the search box) and types `text`.
fn search(session: &Session, text: &str) {
    session.tab.press_key("/").unwrap();
    session.tab.type_str(text).unwrap();
}

/// Clicks the node `id` where the map draws it, and waits until it is the focus.
fn click_node(session: &Session, id: &str) {
    let point: Point = session.value(&format!("agencygraph.position('{id}')"));
    session
        .tab
        .click_point(headless_chrome::browser::tab::point::Point {
            x: point.x,
            y: point.y,
        })
        .unwrap();
    session.wait_for(&format!("agencygraph.state.focus === '{id}'"));
}

/// Asserts the page's hash: what a link to the view on show holds.
#[track_caller]
fn assert_hash(session: &Session, expected: &str) {
    let hash: String = session.value("location.hash");
    assert_eq!(hash, expected);
}

fn assert_no_errors(session: &Session) {
    assert_eq!(session.errors(), Vec::<String>::new());
}

#[test]
fn the_bundled_map_draws_everything_without_errors() {
    let Some((session, _dir)) = bundled_map("") else {
        return;
    };
    // 88 entities and 124 relations in graph/*.ron.
    let counts: (usize, usize) =
        session.value("[agencygraph.visibleNodes().length, agencygraph.visibleEdges().length]");
    assert_eq!(counts, (88, 124));
    let mode: String = session.value("agencygraph.mode");
    assert_eq!(mode, "webgl", "sigma.js draws when WebGL is there");
    // The legend lists only the kinds present: 19 node kinds, 34 relation kinds.
    let legend: (usize, usize) = session.value(
        "[document.querySelectorAll('#node-filter input').length, document.querySelectorAll('#edge-filter input[data-edge-kind]').length]",
    );
    assert_eq!(legend, (19, 34));
    assert_no_errors(&session);
}

#[test]
fn typing_un_action_in_search_selects_un_action() {
    let Some((session, _dir)) = bundled_map("") else {
        return;
    };
    // `/` focuses the search box from anywhere on the page.
    session.tab.press_key("/").unwrap();
    let focused: String = session.value("document.activeElement.id");
    assert_eq!(focused, "search");
    session.tab.type_str("un action").unwrap();
    session.wait_for("agencygraph.state.focus === 'UN-ACTION'");
    let heading: String = session.value("document.querySelector('#panel h2').textContent");
    assert_eq!(
        heading,
        "United Nations Action against Sexual Violence in Conflict"
    );
    assert_hash(&session, "#focus=UN-ACTION");
    // Escape clears the search and the selection.
    session.tab.press_key("Escape").unwrap();
    session.wait_for("agencygraph.state.focus === null");
    let value: String = session.value("document.getElementById('search').value");
    assert_eq!(value, "");
    assert_no_errors(&session);
}

#[test]
fn tab_moves_through_ambiguous_results() {
    let Some((session, _dir)) = bundled_map("") else {
        return;
    };
    // "IASC Gender" names several IASC bodies: the CLI calls it ambiguous, the page
    // lists them, and Tab walks the list.
    search(&session, "IASC Gender");
    let results: Vec<String> =
        session.value("[...document.querySelectorAll('#results button')].map(b => b.dataset.id)");
    let graph = Graph::bundled();
    let agencygraph::ResolveError::Ambiguous { candidates, .. } =
        graph.resolve("IASC Gender").unwrap_err()
    else {
        panic!("IASC Gender is ambiguous");
    };
    let expected: Vec<String> = candidates.into_iter().map(|c| c.id).collect();
    assert_eq!(results, expected);
    session.tab.press_key("Tab").unwrap();
    let first: String = session.value("document.activeElement.dataset.id");
    assert_eq!(first, expected[0]);
    session.tab.press_key("Tab").unwrap();
    let second: String = session.value("document.activeElement.dataset.id");
    assert_eq!(second, expected[1]);
    session.tab.press_key("Enter").unwrap();
    session.wait_for(&format!("agencygraph.state.focus === '{}'", expected[1]));
    assert_no_errors(&session);
}

#[test]
fn clicking_unodc_shows_the_icat_quote() {
    let Some((session, _dir)) = bundled_map("") else {
        return;
    };
    click_node(&session, "UNODC");
    let text = panel_text(&session);
    assert_contains(&text, "United Nations Office on Drugs and Crime");
    // graph/un-entity.ron: UNODC coordinates ICAT and is its secretariat, both quoting
    // the same sentence.
    assert_contains(
        &text,
        "UNODC is the permanent coordinator and secretariat of the Inter-Agency Coordination Group on Trafficking in Persons (ICAT)",
    );
    assert_contains(&text, "What UNODC takes part in");
    assert_contains(&text, "secretariat of");
    // Clicking the relation's name shows the relation itself.
    session.run(
        "[...document.querySelectorAll('#panel button.link')].find(b => b.textContent === 'secretariat of').click()",
    );
    let heading: String = session.value("document.querySelector('#panel h2').textContent");
    assert_eq!(heading, "UNODC secretariat of ICAT");
    assert!(panel_text(&session).contains("role: permanent"));
    assert_no_errors(&session);
}

#[derive(Deserialize)]
struct Point {
    x: f64,
    y: f64,
}

#[test]
fn the_chairs_filter_leaves_exactly_the_chairing_relations() {
    let Some((session, _dir)) = bundled_map("") else {
        return;
    };
    // Through the controls: every family off, then `chairs` on.
    session.run(
        "for (const box of document.querySelectorAll('#edge-filter input[data-family]')) box.click()",
    );
    assert_eq!(shown_edges(&session), vec![]);
    session.run("document.querySelector('input[data-edge-kind=chairs]').click()");
    // graph/office.ron holds the one `kind: Chairs` relation.
    assert_eq!(
        shown_edges(&session),
        shown(&[("UNMAS", "chairs", "IACG-MA")])
    );
    // Entities left with no relation are hidden.
    let nodes = shown_nodes(&session);
    assert_eq!(nodes, ["IACG-MA", "UNMAS"]);
    assert_hash(&session, "#edges=chairs");
    assert_no_errors(&session);
}

#[test]
fn the_hash_restores_a_view_and_the_year_slider_keeps_undated_relations() {
    // A link to "UNODC, chairs and co-chairs, 2019".
    let Some((session, _dir)) = bundled_map("#focus=UNODC&edges=chairs,co-chairs") else {
        return;
    };
    // graph/*.ron: one Chairs and three CoChairs relations.
    assert_eq!(
        shown_edges(&session),
        shown(&[
            ("ESCAP", "co-chairs", "TWG-GEEW"),
            ("UN-WOMEN", "co-chairs", "TWG-GEEW"),
            ("UNMAS", "chairs", "IACG-MA"),
            ("WFP-GENDER-OFFICE", "co-chairs", "IASC-GENCAP-SC"),
        ])
    );
    let focus: String = session.value("agencygraph.state.focus");
    assert_eq!(focus, "UNODC");
    let checked: Vec<String> = session.value(
        "[...document.querySelectorAll('input[data-edge-kind]:checked')].map(b => b.dataset.edgeKind)",
    );
    assert_eq!(checked, ["chairs", "co-chairs"]);

    // Another link, followed in the same page: the controls follow the hash.
    session.run("location.hash = 'year=2019'");
    session.wait_for("agencygraph.state.year === 2019");
    let checked: usize =
        session.value("document.querySelectorAll('input[data-edge-kind]:checked').length");
    assert_eq!(checked, 34);
    // The slider, moved away and back.
    for year in [2018, 2019] {
        session.run(&format!(
            "const slider = document.getElementById('year'); slider.value = {year}; slider.dispatchEvent(new Event('input'))"
        ));
    }
    let label: String = session.value("document.getElementById('year-value').textContent");
    assert_eq!(label, "2019");
    assert_hash(&session, "#year=2019");
    let all = shown_edges(&session);
    assert_eq!(all.len(), 124 - 4);
    // graph/*.ron: dated 1996, 2017 and 2018-11-23 (twice).
    let commemoration = "REGIONAL-COMMEMORATION-IDEVAW-2018";
    for hidden in shown(&[
        ("UN-TRUST-FUND", "established-by", "GENERAL-ASSEMBLY"),
        ("EU", "funds", "SPOTLIGHT"),
        ("ESCAP", "co-organises", commemoration),
        ("UN-WOMEN", "co-organises", commemoration),
    ]) {
        assert!(!all.contains(&hidden), "{hidden:?}");
    }
    // Dated to 2019, or spanning it (2017–2023), they stay.
    for kept in shown(&[
        ("UNODC", "coordinates", "ICAT-SUBMISSION-CEDAW"),
        ("OHCHR", "supports", "SRVAW"),
        ("SPOTLIGHT-PROGRAMMES", "part-of", "SPOTLIGHT"),
    ]) {
        assert!(all.contains(&kept), "{kept:?}");
    }
    // Undated relations stay, marked as such.
    session.run("agencygraph.select('UNODC')");
    let marks: Vec<String> =
        session.value("[...document.querySelectorAll('#panel .mark')].map(m => m.textContent)");
    // UNODC's five relations: one dated 2019, four undated.
    assert_eq!(marks, ["undated"; 4]);
    assert_no_errors(&session);
}

#[test]
fn the_page_finds_names_as_resolve_does() {
    let Some((session, _dir)) = bundled_map("") else {
        return;
    };
    let graph = Graph::bundled();
    let names: Vec<&str> = graph.nodes().flat_map(|n| n.names()).collect();
    let mut extra = vec![
        "un action",
        "Trust Fund",
        "IASC Gender",
        "ICAT",
        "ÉCOLE",
        "xx",
    ];
    extra.extend(&names);
    let list = serde_json::to_string(&extra).unwrap();
    let normalized: Vec<String> = session.value(&format!("{list}.map(agencygraph.normalize)"));
    let expected: Vec<String> = extra.iter().map(|n| normalize(n)).collect();
    assert_eq!(normalized, expected);
    let found: Vec<Vec<String>> = session.value(&format!(
        "{list}.map(name => agencygraph.lookup(name).map(f => f.id))"
    ));
    for (name, found) in extra.iter().zip(found) {
        match graph.resolve(name) {
            Ok(node) => assert_eq!(found, [node.id.as_str()], "{name}"),
            Err(agencygraph::ResolveError::Ambiguous { candidates, .. }) => {
                let ids: Vec<String> = candidates.into_iter().map(|c| c.id).collect();
                assert_eq!(found, ids, "{name}");
            }
            Err(_) => assert!(found.is_empty(), "{name}"),
        }
    }
}

/// Names, notes and quotes that would run script or break the page if they were markup.
fn hostile_graph() -> Graph {
    let script = "<script>window.pwned = 'name'</script>";
    let end = "</script><script>window.pwned = 'end'</script>";
    let image = "<img src=x onerror=\"window.pwned = 'img'\">";
    let comment = "<!-- \"quotes' & \u{2028}line\u{2029}separators";
    let mut attacker = Node::new("ATTACKER", NodeKind::Organisation, script).alias(end);
    attacker.description = Some(image.into());
    attacker.notes = Some(comment.into());
    attacker.url = Some("javascript:window.pwned = 'url'".into());
    let target = Node::new(
        "TARGET",
        NodeKind::Mechanism,
        "</SCRIPT ><svg onload=\"window.pwned = 'svg'\">",
    );
    let mut edge = Edge::new("ATTACKER", EdgeKind::MemberOf, "TARGET")
        .evidence("src", format!("{image} {end} {comment}"));
    edge.role = Some(script.into());
    let dataset = Dataset {
        sources: vec![Source::new("src", "</script><b>title</b>")],
        nodes: vec![attacker, target],
        edges: vec![edge],
    };
    Graph::from_dataset(dataset).unwrap()
}

#[test]
fn a_hostile_graph_shows_its_names_as_text_and_runs_nothing() {
    let Some(session) = launch(1200, 800) else {
        return;
    };
    let graph = hostile_graph();
    let options = HtmlOptions {
        title: "</title><script>window.pwned = 'title'</script>".into(),
        ..HtmlOptions::default()
    };
    let (_dir, path) = write_map(&graph, &options);
    session.open(&path, "");
    let scripts: usize = session.value("document.scripts.length");
    assert_eq!(scripts, 4, "only the page's own scripts");
    session.run("agencygraph.select('ATTACKER')");
    let heading: String = session.value("document.querySelector('#panel h2').textContent");
    assert_eq!(heading, "<script>window.pwned = 'name'</script>");
    let text = panel_text(&session);
    for shown in [
        "</script><script>window.pwned = 'end'</script>",
        "<img src=x onerror=\"window.pwned = 'img'\">",
        "<!-- \"quotes' & \u{2028}line\u{2029}separators",
        "</script><b>title</b>",
        "javascript:window.pwned = 'url'",
        "</SCRIPT ><svg onload=\"window.pwned = 'svg'\">",
    ] {
        assert!(text.contains(shown), "{shown:?} in {text:?}");
    }
    // The javascript: address is text, not a link; no element came from the data.
    let links: usize = session.value("document.querySelectorAll('#panel a').length");
    assert_eq!(links, 0);
    let injected: usize = session.value("document.querySelectorAll('img, b, svg').length");
    assert_eq!(injected, 0);
    let title: String = session.value("document.title");
    assert_eq!(title, "</title><script>window.pwned = 'title'</script>");
    // Search shows the names as text too.
    search(&session, "script");
    let results: String = session.value("document.getElementById('results').textContent");
    assert_contains(&results, "<script>window.pwned = 'name'</script>");
    // Give an injected handler time to run, then check nothing did.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let pwned: Option<String> = session.value("window.pwned");
    assert_eq!(pwned, None);
    assert_no_errors(&session);
}

#[test]
fn without_webgl_the_map_falls_back_to_canvas_drawing() {
    let Some(session) = launch(1200, 800) else {
        return;
    };
    let (_dir, path) = write_map(&Graph::bundled(), &HtmlOptions::default());
    // Hide WebGL2 before the page's scripts run, as a browser without it would.
    session
        .tab
        .call_method(
            headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument {
                source: "HTMLCanvasElement.prototype.getContext = (function (original) { return function (type, ...rest) { return type === 'webgl2' || type === 'webgl' ? null : original.call(this, type, ...rest); }; })(HTMLCanvasElement.prototype.getContext);".into(),
                world_name: None,
                include_command_line_api: None,
                run_immediately: None,
            },
        )
        .unwrap();
    session.open(&path, "");
    let mode: String = session.value("agencygraph.mode");
    assert_eq!(mode, "canvas");
    click_node(&session, "UNODC");
    assert!(panel_text(&session).contains("permanent coordinator and secretariat"));
    assert_no_errors(&session);
}

/// The node ids in a DOT text's edge statements and node statements: what `--format dot`
/// draws, to compare with what the map shows.
#[cfg(feature = "cli")]
fn dot_ids(dot: &str) -> Vec<String> {
    let mut ids: Vec<String> = dot
        .lines()
        .filter(|l| l.trim_start().starts_with('"'))
        .flat_map(|l| l.split('[').next().unwrap().split("->"))
        .map(|id| id.trim().trim_matches('"').to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(feature = "cli")]
#[test]
fn the_command_line_writes_maps_of_selections_and_answers() {
    use crate::common::{export_to, run};
    let Some(session) = launch(1200, 800) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // export: a focus and a kind filter select what goes in, as for DOT.
    let page = dir.path().join("icat.html");
    let run_export = export_to(
        &page,
        &["--format", "html", "--focus", "ICAT", "--depth", "1"],
    );
    assert_eq!(run_export.code, 0, "{}", run_export.stderr);
    session.open(&page, "");
    let nodes = shown_nodes(&session);
    // ICAT and its neighbours (export's own doc example lists them).
    assert_eq!(
        nodes,
        [
            "GENERAL-ASSEMBLY",
            "ICAT",
            "ICAT-BRIEF-GENDER-2019",
            "ICAT-SUBMISSION-CEDAW",
            "UNODC"
        ]
    );
    // query: the answer's nodes and relationships, the same ones `--format dot` draws.
    let query = "MATCH p = (a {id: 'UNODC'})-[*1..2]-(b {id: 'OCHA'}) RETURN p";
    let dot = run(&["query", "--format", "dot", query]);
    let answer = run(&["query", "--format", "html", query]);
    assert_eq!(answer.code, 0, "{}", answer.stderr);
    let page = dir.path().join("answer.html");
    std::fs::write(&page, &answer.stdout).unwrap();
    session.open(&page, "");
    let nodes = shown_nodes(&session);
    let drawn: Vec<String> = dot_ids(&dot.stdout)
        .into_iter()
        .filter(|id| !id.starts_with("legend"))
        .collect();
    assert_eq!(nodes, drawn);
    assert!(nodes.contains(&"UN-ACTION".to_string()), "{nodes:?}");
    assert_no_errors(&session);
}
