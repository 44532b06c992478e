//! Network analysis checked against networkx (run here, through the Python the export
//! consumers use) on the bundled graph and on synthetic ones, and against small graphs
//! worked out by hand.

// Borrows the Python of `consumers`, which runs the `agencygraph` binary: both need
// the `cli` feature.
#![cfg(feature = "cli")]

use std::process::Command;

use agencygraph::analysis::{Network, Sample};
use agencygraph::export::Selection;
use agencygraph::{EdgeKind, Graph, Node, NodeKind};
use serde_json::{Value, json};

use crate::common::{assert_contains, output_with_input};
use crate::consumers::{have, python};

#[path = "../../examples/support/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

/// Builds networkx's `Graph` from our nodes (by index) and links, added in sorted order
/// so that each node's neighbours are listed ascending as ours are (Louvain's ties
/// depend on it), and prints every measure.
const SCRIPT: &str = r#"
import json, random, sys
import networkx as nx

data = json.load(sys.stdin)
G = nx.Graph()
G.add_nodes_from(range(data["nodes"]))
G.add_edges_from(sorted(tuple(sorted(l)) for l in data["links"]))

def listed(d):
    return [d[i] for i in range(data["nodes"])]

def converged(f):
    try:
        return listed(f(G))
    except nx.PowerIterationFailedConvergence:
        return None

class InOrder(random.Random):
    """Louvain visiting nodes in order: the shuffle is the only randomness it uses."""
    def shuffle(self, x, *args, **kwargs):
        pass

louvain = nx.community.louvain_communities(G, seed=InOrder())
print(json.dumps(dict(
    degree=listed(nx.degree_centrality(G)),
    betweenness=listed(nx.betweenness_centrality(G)),
    closeness=listed(nx.closeness_centrality(G)),
    pagerank=converged(nx.pagerank),
    eigenvector=converged(nx.eigenvector_centrality),
    components=sorted(sorted(c) for c in nx.connected_components(G)),
    louvain=sorted(sorted(c) for c in louvain),
    ours_modularity=nx.community.modularity(G, [set(c) for c in data["ours"]]),
    articulation_points=sorted(nx.articulation_points(G)),
    bridges=sorted(tuple(sorted(b)) for b in nx.bridges(G)),
)))
"#;

fn networkx(network: &Network<'_>) -> Value {
    let links: Vec<[usize; 2]> = (0..network.len())
        .flat_map(|a| {
            network
                .neighbours(a)
                .iter()
                .filter(move |&&b| a < b)
                .map(move |&b| [a, b])
        })
        .collect();
    let input = json!({"nodes": network.len(), "links": links, "ours": network.louvain()});
    let mut command = Command::new(python());
    command.arg("-c").arg(SCRIPT);
    let output = output_with_input(command, input.to_string().as_bytes());
    assert!(
        output.status.success(),
        "networkx failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn assert_close(what: &str, ours: &[f64], theirs: &Value) {
    let theirs: Vec<f64> = serde_json::from_value(theirs.clone()).unwrap();
    assert_eq!(ours.len(), theirs.len(), "{what}: lengths");
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert!(
            (a - b).abs() <= 1e-9,
            "{what} of node {i}: ours {a}, networkx {b}"
        );
    }
}

/// Every deterministic measure of `network` equals networkx's to 1e-9, and the
/// partitions and cut sets are the same.
fn compare(network: &Network<'_>) {
    let theirs = networkx(network);
    assert_close("degree", &network.degree(), &theirs["degree"]);
    assert_close(
        "betweenness",
        &network.betweenness(),
        &theirs["betweenness"],
    );
    let all = Sample {
        sources: network.len(),
        seed: 1,
    };
    assert_close(
        "betweenness sampled from every node",
        &network.sampled_betweenness(all).unwrap(),
        &theirs["betweenness"],
    );
    assert_close("closeness", &network.closeness(), &theirs["closeness"]);
    for (name, ours) in [
        ("pagerank", network.pagerank()),
        ("eigenvector", network.eigenvector()),
    ] {
        match (ours, &theirs[name]) {
            (Ok(ours), theirs) if !theirs.is_null() => assert_close(name, &ours, theirs),
            (Err(_), Value::Null) => {}
            (ours, theirs) => panic!("{name}: ours {ours:?}, networkx {theirs}"),
        }
    }
    let sorted = |groups: Vec<Vec<usize>>| {
        let mut groups = groups;
        groups.sort();
        json!(groups)
    };
    assert_eq!(sorted(network.components()), theirs["components"]);
    assert_eq!(sorted(network.louvain()), theirs["louvain"], "louvain");
    assert_close(
        "modularity",
        &[network.modularity(&network.louvain())],
        &json!([theirs["ours_modularity"]]),
    );
    let points: Vec<usize> = network
        .articulation_points()
        .iter()
        .map(|&(i, _)| i)
        .collect();
    assert_eq!(json!(points), theirs["articulation_points"]);
    assert_eq!(json!(network.bridges()), theirs["bridges"]);
}

#[test]
fn bundled_graph_measured_as_networkx_measures_it() {
    if !have(&["networkx", "numpy", "scipy"]) {
        return;
    }
    let graph = Graph::bundled();
    compare(&Network::of(&graph, &Selection::default()));
    // A narrower selection leaves several components and many cut points.
    let mut chairs = Selection::default();
    chairs.edge_kinds = Some(vec![EdgeKind::Chairs, EdgeKind::CoChairs, EdgeKind::PartOf]);
    compare(&Network::of(&graph, &chairs));
}

#[test]
fn synthetic_graphs_measured_as_networkx_measures_them() {
    if !have(&["networkx", "numpy", "scipy"]) {
        return;
    }
    // Sparse (many components, trees hanging off), and dense enough to be connected.
    for (nodes, edges, seed) in [(400, 300, 3), (300, 1200, 5)] {
        let graph = Graph::from_dataset(synthetic::dataset(nodes, edges, seed)).unwrap();
        let network = Network::of(&graph, &Selection::default());
        // The bundled graph is in several components, where eigenvector centrality
        // does not converge (for networkx either); the dense one is connected, so the
        // figures themselves are compared there.
        if edges > nodes {
            assert_eq!(network.components().len(), 1);
            assert!(network.eigenvector().is_ok());
        }
        compare(&network);
    }
}

/// A network on nodes named "0", "1", ... joined by `links`.
fn small(nodes: &[Node], links: &[(usize, usize)]) -> Vec<Vec<f64>> {
    let network = Network::from_links(nodes.iter().collect(), links.iter().copied());
    vec![
        network.degree(),
        network.betweenness(),
        network.closeness(),
        network.pagerank().unwrap(),
        network.eigenvector().unwrap(),
    ]
}

fn nodes(n: usize) -> Vec<Node> {
    (0..n)
        .map(|i| Node::new(i.to_string(), NodeKind::Mechanism, i.to_string()))
        .collect()
}

/// Exact measures to 1e-12.
fn close(ours: &[f64], expected: &[f64]) {
    within(1e-12, ours, expected);
}

/// Power iterations stop once the figures move by less than n × 10⁻⁶ in all, so they
/// are near the exact fixed point, not on it.
fn near(ours: &[f64], expected: &[f64]) {
    within(1e-5, ours, expected);
}

fn within(tolerance: f64, ours: &[f64], expected: &[f64]) {
    assert_eq!(ours.len(), expected.len());
    for (a, b) in ours.iter().zip(expected) {
        assert!((a - b).abs() < tolerance, "{ours:?} against {expected:?}");
    }
}

#[test]
fn path_of_three_by_hand() {
    // 0 — 1 — 2.
    let [degree, betweenness, closeness, pagerank, eigenvector] =
        small(&nodes(3), &[(0, 1), (1, 2)]).try_into().unwrap();
    // Degree / (n − 1): the ends have 1 of 2 others, the middle both.
    close(&degree, &[0.5, 1.0, 0.5]);
    // The one pair of others for 1, {0, 2}, has its only shortest path through 1;
    // normalised by (n − 1)(n − 2)/2 = 1 pair.
    close(&betweenness, &[0.0, 1.0, 0.0]);
    // Ends: 2 reached at distances 1 + 2 = 3, so 2/3; middle: 2/2 = 1. All reached.
    close(&closeness, &[2.0 / 3.0, 1.0, 2.0 / 3.0]);
    // PageRank: middle m, ends e, 2e + m = 1; m = 0.05 + 0.85 (2e), since each end
    // gives all to the middle; e = 0.05 + 0.85 (m / 2). So m = 0.05 + 0.85 (1 − m),
    // m = 0.9 / 1.85 = 18/37, e = 19/74.
    near(&pagerank, &[19.0 / 74.0, 18.0 / 37.0, 19.0 / 74.0]);
    // A's leading eigenvector (A + I has the same one): (1, √2, 1) / 2.
    let root2 = 2f64.sqrt();
    near(&eigenvector, &[0.5, root2 / 2.0, 0.5]);
}

#[test]
fn star_by_hand() {
    // Centre 0 with leaves 1..=4.
    let [degree, betweenness, closeness, pagerank, eigenvector] =
        small(&nodes(5), &[(0, 1), (0, 2), (0, 3), (0, 4)])
            .try_into()
            .unwrap();
    close(&degree, &[1.0, 0.25, 0.25, 0.25, 0.25]);
    // Every pair of leaves (6 of the 6 pairs of others) goes through the centre.
    close(&betweenness, &[1.0, 0.0, 0.0, 0.0, 0.0]);
    // Leaf: distances 1 + 2 + 2 + 2 = 7 to the 4 others, 4/7.
    let leaf = 4.0 / 7.0;
    close(&closeness, &[1.0, leaf, leaf, leaf, leaf]);
    // Centre c, leaves l: c = 0.03 + 0.85 (4l), l = 0.03 + 0.85 (c / 4), c + 4l = 1,
    // so c = 0.03 + 0.85 (1 − c), c = 0.88 / 1.85 = 88/185, l = (1 − c)/4 = 97/740.
    let l = 97.0 / 740.0;
    near(&pagerank, &[88.0 / 185.0, l, l, l, l]);
    // Leading eigenvector of a star K1,4: λ = 2, centre 2, leaves 1, normalised by
    // √(4 + 4) = 2√2: centre 1/√2, leaves 1/(2√2).
    let root2 = 2f64.sqrt();
    let leaf = 1.0 / (2.0 * root2);
    near(&eigenvector, &[1.0 / root2, leaf, leaf, leaf, leaf]);
}

#[test]
fn triangle_with_a_tail_by_hand() {
    // Triangle 0, 1, 2; tail 2 — 3.
    let nodes = nodes(4);
    let network = Network::from_links(nodes.iter().collect(), [(0, 1), (1, 2), (0, 2), (2, 3)]);
    close(&network.degree(), &[2.0 / 3.0, 2.0 / 3.0, 1.0, 1.0 / 3.0]);
    // Pairs through 2: {0, 3} and {1, 3}; {0, 1} is joined directly. 2 of the
    // (3 · 2)/2 = 3 pairs of others.
    close(&network.betweenness(), &[0.0, 0.0, 2.0 / 3.0, 0.0]);
    // 0 and 1: 1 + 1 + 2 = 4, so 3/4; 2: 3/3 = 1; 3: 1 + 2 + 2 = 5, so 3/5.
    close(&network.closeness(), &[0.75, 0.75, 1.0, 0.6]);
    // Only 2 is a cut point (3 hangs off it), in 2 parts; only the tail a bridge.
    assert_eq!(network.articulation_points(), [(2, 2)]);
    assert_eq!(network.bridges(), [(2, 3)]);
    assert_eq!(network.components(), [vec![0, 1, 2, 3]]);
    // m = 4 links, degrees 2, 2, 3, 1 (sum 8). All in one community: 4/4 − (8/8)² = 0.
    // {0, 1, 2} and {3}: 3/4 − (7/8)² + 0/4 − (1/8)² = 0.75 − 49/64 − 1/64 = −2/64.
    assert!(network.modularity(&[vec![0, 1, 2, 3]]).abs() < 1e-12);
    let split = network.modularity(&[vec![0, 1, 2], vec![3]]);
    assert!((split + 2.0 / 64.0).abs() < 1e-12, "{split}");
    // Louvain, nodes in order, gain of moving u to c = remove + w(u, c)/m − S_c d_u/2m²:
    // 0 joins 1 (gain 1/4 − 4/32 = 1/8, against 1/4 − 6/32 for 2); 1 stays; 2 joins 3
    // (1/4 − 3/32 = 5/32 beats 2/4 − 12/32 = 4/32 for {0, 1}); 3 stays; a second pass
    // moves nothing. {0, 1}, {2, 3} has modularity 1/4 − (4/8)² twice = 0, up from
    // −18/64; the two merged nodes gain 2/4 − 16/32 = 0 by joining, so it stops there.
    assert_eq!(network.louvain(), [vec![0, 1], vec![2, 3]]);
}

#[test]
fn sampled_betweenness_is_seeded() {
    let graph = Graph::from_dataset(synthetic::dataset(500, 1500, 9)).unwrap();
    let network = Network::of(&graph, &Selection::default());
    let sample = |seed| {
        network
            .sampled_betweenness(Sample { sources: 50, seed })
            .unwrap()
    };
    assert_eq!(sample(1), sample(1));
    assert_ne!(sample(1), sample(2));
    assert!(
        network
            .sampled_betweenness(Sample {
                sources: 0,
                seed: 1
            })
            .is_err()
    );
}

// The commands, on ICAT and what is one relation from it in the bundled graph:
// ICAT publishes ICAT-BRIEF-GENDER-2019 and ICAT-SUBMISSION-CEDAW, is established by
// the GENERAL-ASSEMBLY, and UNODC coordinates it (and is its secretariat: one link) and
// coordinates ICAT-SUBMISSION-CEDAW. So a triangle ICAT, UNODC, ICAT-SUBMISSION-CEDAW
// with two leaves on ICAT: 5 entities, 5 links.
const AROUND_ICAT: [&str; 4] = ["--focus", "ICAT", "--depth", "1"];

/// `rank` as CSV: (id, score) in the order printed.
fn ranked(by: &str) -> Vec<(String, f64)> {
    let mut args = vec!["rank", "--by", by, "--format", "csv"];
    args.extend(AROUND_ICAT);
    let run = crate::common::run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["rank", "id", "kind", "name", by]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), r[4].parse().unwrap())
        })
        .collect()
}

fn expect(ours: Vec<(String, f64)>, expected: &[(&str, f64)]) {
    let ids: Vec<&str> = ours.iter().map(|(id, _)| id.as_str()).collect();
    let expected_ids: Vec<&str> = expected.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, expected_ids);
    for ((id, a), (_, b)) in ours.iter().zip(expected) {
        assert!((a - b).abs() < 1e-12, "{id}: {a} against {b}");
    }
}

#[test]
fn rank_around_icat_by_hand() {
    // Degree / 4: ICAT has all 4 others, UNODC and the submission 2, the leaves 1.
    // Ties go by id.
    expect(
        ranked("degree"),
        &[
            ("ICAT", 1.0),
            ("ICAT-SUBMISSION-CEDAW", 0.5),
            ("UNODC", 0.5),
            ("GENERAL-ASSEMBLY", 0.25),
            ("ICAT-BRIEF-GENDER-2019", 0.25),
        ],
    );
    // Of the 6 pairs of others, all but UNODC–submission (joined directly) go only
    // through ICAT: 5/6.
    expect(
        ranked("betweenness"),
        &[
            ("ICAT", 5.0 / 6.0),
            ("GENERAL-ASSEMBLY", 0.0),
            ("ICAT-BRIEF-GENDER-2019", 0.0),
            ("ICAT-SUBMISSION-CEDAW", 0.0),
            ("UNODC", 0.0),
        ],
    );
    // ICAT: 4 at distance 1. UNODC: 1 + 1 + 2 + 2 = 6, 4/6. A leaf: 1 + 2 + 2 + 2 = 7.
    expect(
        ranked("closeness"),
        &[
            ("ICAT", 1.0),
            ("ICAT-SUBMISSION-CEDAW", 4.0 / 6.0),
            ("UNODC", 4.0 / 6.0),
            ("GENERAL-ASSEMBLY", 4.0 / 7.0),
            ("ICAT-BRIEF-GENDER-2019", 4.0 / 7.0),
        ],
    );
}

#[test]
fn brokers_and_components_around_icat() {
    let mut args = vec!["brokers", "--format", "json"];
    args.extend(AROUND_ICAT);
    let run = crate::common::run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Without ICAT: the two leaves apart, and UNODC with the submission: 3 parts. The
    // leaves' links are the bridges; the triangle's are not.
    let expected = json!({
        "articulation_points": [{
            "id": "ICAT",
            "kind": "mechanism",
            "name": "Inter-Agency Coordination Group on Trafficking in Persons",
            "parts": 3
        }],
        "bridges": [["GENERAL-ASSEMBLY", "ICAT"], ["ICAT", "ICAT-BRIEF-GENDER-2019"]]
    });
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        expected
    );

    let mut args = vec!["communities", "--by", "components", "--format", "json"];
    args.extend(AROUND_ICAT);
    let run = crate::common::run(&args);
    let answer: Value = serde_json::from_str(&run.stdout).unwrap();
    // One community of everything: 5/5 − (10/10)² = 0.
    assert_eq!(
        answer,
        json!({
            "method": "components",
            "modularity": 0.0,
            "communities": [["GENERAL-ASSEMBLY", "ICAT", "ICAT-BRIEF-GENDER-2019", "ICAT-SUBMISSION-CEDAW", "UNODC"]]
        })
    );
}

#[test]
fn analysis_commands_refuse_what_they_cannot_answer() {
    let run = crate::common::run(&["rank", "--by", "pagerank", "--sample", "3"]);
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "--sample applies to --by betweenness only");
    let run = crate::common::run(&["rank", "--by", "betweenness", "--sample", "0"]);
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "between 1 and the number of nodes (88)");
    let run = crate::common::run(&["brokers", "--focus", "NOBODY-AT-ALL"]);
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "NOBODY-AT-ALL");
    // The bundled graph is in three components, where the power iteration does not
    // settle within networkx's 100 steps (bundled_graph_measured_as_networkx_measures_it
    // checks networkx fails too).
    let run = crate::common::run(&["rank", "--by", "eigenvector"]);
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "did not converge within 100 iterations");
}
