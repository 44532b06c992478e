//! `agencygraph export` in the formats of other tools: where the files go, what is
//! refused, and that the same graph always gives the same bytes.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;

use agencygraph::model::{Edge, EdgeKind, Node, NodeKind, Source};

use crate::common::{assert_contains, assert_starts_with, export_to, run, temp_path};

const FORMATS: [&str; 6] = ["cypher", "graphml", "gexf", "turtle", "mermaid", "json"];

#[test]
fn tables_go_into_a_directory_or_after_a_prefix() {
    let (dir, into) = temp_path("tables/");
    let done = export_to(&into, &["--format", "csv"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let mut names: Vec<String> = fs::read_dir(&into)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["edges.csv", "evidence.csv", "nodes.csv", "sources.csv"]
    );
    assert_contains(&done.stderr, "88 entities, 124 relations");

    let prefix = dir.path().join("agencies-");
    let done = export_to(&prefix, &["--format", "neo4j-csv", "--excel"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let nodes = fs::read(dir.path().join("agencies-nodes.csv")).unwrap();
    assert!(nodes.starts_with("\u{FEFF}id:ID,:LABEL,".as_bytes()));
    assert!(dir.path().join("agencies-relationships.csv").exists());
}

#[test]
fn tables_without_a_place_are_refused() {
    let done = run(&["export", "--format", "csv"]);
    assert_eq!(done.code, 1);
    assert_contains(&done.stderr, "-o out/");
    assert!(done.stdout.is_empty());
}

#[test]
fn mermaid_refuses_more_than_500_relations_and_writes_nothing() {
    let (dir, graph) = temp_path("big.ron");
    // 501 members of one hub: one relation more than Mermaid draws.
    let mut dataset = agencygraph::model::Dataset::default();
    dataset.sources.push(Source::new("s", "A source"));
    dataset
        .nodes
        .push(Node::new("HUB", NodeKind::Mechanism, "The hub"));
    for i in 0..501 {
        dataset.nodes.push(Node::new(
            format!("M-{i}"),
            NodeKind::UnEntity,
            format!("Member {i}"),
        ));
        dataset
            .edges
            .push(Edge::new(format!("M-{i}"), EdgeKind::MemberOf, "HUB").evidence("s", "a member"));
    }
    fs::write(&graph, agencygraph::store::to_canonical_ron(&dataset)).unwrap();
    let out = dir.path().join("big.mmd");
    let done = export_to(
        &out,
        &["--graph", graph.to_str().unwrap(), "--format", "mermaid"],
    );
    assert_eq!(done.code, 1);
    assert_contains(&done.stderr, "501 relations");
    assert_contains(&done.stderr, "--focus");
    assert!(!out.exists());
    // The graph, and the snapshot cache opening it wrote, which is not output.
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .filter(|name| name != ".agencygraph")
        .collect();
    assert_eq!(left.len(), 1, "no partial file left: {left:?}");
}

#[test]
fn the_same_graph_gives_the_same_bytes() {
    for format in FORMATS {
        let first = run(&["export", "--format", format]);
        let second = run(&["export", "--format", format]);
        assert_eq!(first.code, 0, "{format}: {}", first.stderr);
        assert!(!first.stdout.is_empty());
        assert_eq!(first.stdout, second.stdout, "{format}");
    }
}

#[test]
fn query_answers_as_json_lines() {
    let query = "MATCH (a)-[r:CHAIRS|CO_CHAIRS]->(b) \
        RETURN a.id AS chair, r.kind AS kind, b.id AS body ORDER BY chair";
    let done = run(&["query", query, "--format", "jsonl"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let rows: Vec<serde_json::Value> = done
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    // By hand from graph/*.ron: UNMAS chairs IACG-MA; ESCAP and UN Women co-chair
    // TWG-GEEW; the WFP Gender Office co-chairs the GenCap steering committee.
    assert_eq!(
        rows,
        [
            serde_json::json!({"chair": "ESCAP", "kind": "co-chairs", "body": "TWG-GEEW"}),
            serde_json::json!({"chair": "UN-WOMEN", "kind": "co-chairs", "body": "TWG-GEEW"}),
            serde_json::json!({"chair": "UNMAS", "kind": "chairs", "body": "IACG-MA"}),
            serde_json::json!({"chair": "WFP-GENDER-OFFICE", "kind": "co-chairs", "body": "IASC-GENCAP-SC"}),
        ]
    );
    // Keys keep the columns' order.
    assert_starts_with(&done.stdout, "{\"chair\":\"ESCAP\",\"kind\":");
}
