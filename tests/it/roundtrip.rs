//! Saving and loading give back the same graph, for random valid graphs whose strings
//! hold what trips writers up: quotes, backslashes, apostrophes, line breaks, control
//! characters, RON comment markers and non-ASCII text.

use agencygraph::store::{Store, to_canonical_ron};
use agencygraph::{Dataset, Edge, EdgeKind, Evidence, Graph, Node, NodeKind, Source};
use proptest::prelude::*;

/// Text with the awkward characters, never blank.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 '\"\\\\’é日\n\r\t\u{0}\u{1}#/*(),:\\[\\]{}]{0,24}".prop_map(|s| format!("x{s}"))
}

fn year() -> impl Strategy<Value = i32> {
    1900..2100i32
}

fn node(index: usize) -> impl Strategy<Value = Node> {
    (
        0..NodeKind::ALL.len(),
        text(),
        prop::collection::vec(text(), 0..3),
        prop::option::of(text()),
        prop::option::of(year()),
        prop::option::of(text()),
    )
        .prop_map(
            move |(kind, name, aliases, description, established, notes)| {
                // Ids and a suffix on every name keep names of different nodes apart.
                let mut node = Node::new(
                    format!("N-{index}"),
                    NodeKind::ALL[kind],
                    format!("{name} n{index}q"),
                );
                node.aliases = aliases
                    .into_iter()
                    .map(|a| format!("{a} a{index}z"))
                    .collect();
                node.description = description;
                node.established = established;
                node.notes = notes;
                node
            },
        )
}

fn edge(nodes: usize) -> impl Strategy<Value = (usize, usize, usize, Edge)> {
    (
        0..nodes,
        0..nodes,
        0..EdgeKind::ALL.len(),
        prop::collection::vec(text(), 1..3),
        prop::option::of(text()),
        prop::option::of((year(), 0..10i32)),
        prop::option::of(year()),
        any::<bool>(),
    )
        .prop_map(|(from, to, kind, quotes, role, span, year, inferred)| {
            let mut edge = Edge::new("", EdgeKind::ALL[kind], "");
            edge.evidence = quotes
                .into_iter()
                .enumerate()
                .map(|(i, quote)| Evidence::new(if i == 0 { "s-1" } else { "s-2" }, quote))
                .collect();
            edge.role = role;
            if let Some((since, length)) = span {
                edge.since = Some(since);
                edge.until = Some(since + length);
            }
            edge.year = year;
            edge.inferred = inferred;
            if inferred {
                edge.notes = Some("inferred \"somehow\"".into());
            }
            (from, to, kind, edge)
        })
}

/// A valid data set: edges that the rules would refuse are left out.
fn dataset() -> impl Strategy<Value = Dataset> {
    (1..8usize)
        .prop_flat_map(|count| {
            (
                (0..count).map(node).collect::<Vec<_>>(),
                prop::collection::vec(edge(count), 0..12),
            )
        })
        .prop_map(|(nodes, edges)| {
            let mut kept: Vec<Edge> = Vec::new();
            for (from, to, _, mut edge) in edges {
                let (a, b) = (&nodes[from], &nodes[to]);
                let repeated = kept.iter().any(|k| {
                    k.kind == edge.kind
                        && ((k.from == a.id && k.to == b.id)
                            || (edge.kind.is_symmetric() && k.from == b.id && k.to == a.id))
                });
                if from == to || repeated || !edge.kind.allows(a.kind, b.kind) {
                    continue;
                }
                edge.from = a.id.clone();
                edge.to = b.id.clone();
                kept.push(edge);
            }
            Dataset {
                sources: vec![
                    Source::new("s-1", "One \"source\""),
                    Source::new("s-2", "Two’s"),
                ],
                nodes,
                edges: kept,
            }
        })
}

fn sorted(mut dataset: Dataset) -> Dataset {
    dataset.sources.sort_by(|a, b| a.id.cmp(&b.id));
    dataset.nodes.sort_by(|a, b| a.id.cmp(&b.id));
    dataset
        .edges
        .sort_by(|a, b| (&a.from, a.kind, &a.to).cmp(&(&b.from, b.kind, &b.to)));
    dataset
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn canonical_text_loads_back_to_the_same_graph(dataset in dataset()) {
        let expected = sorted(dataset.clone());
        Graph::from_dataset(dataset.clone()).expect("the strategy makes valid data sets");
        let text = to_canonical_ron(&dataset);
        let graph = Graph::from_ron_str(&text).unwrap();
        prop_assert_eq!(sorted(graph.to_dataset()), expected);
        // Canonical text is a fixed point.
        prop_assert_eq!(to_canonical_ron(&graph.to_dataset()), text);
    }

    #[test]
    fn a_store_saves_what_it_was_given(dataset in dataset()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("sources.ron"), "()\n").unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let plan = store
            .change(|tx| {
                for source in dataset.sources.clone() {
                    tx.add_source(source)?;
                }
                for node in dataset.nodes.clone() {
                    tx.add_node(node)?;
                }
                for edge in dataset.edges.clone() {
                    tx.add_edge(edge)?;
                }
                Ok(())
            })
            .unwrap();
        store.save(&plan).unwrap();
        let loaded = Graph::load(dir.path()).unwrap();
        prop_assert_eq!(sorted(loaded.to_dataset()), sorted(dataset));
        // Loading and saving canonical files changes no byte.
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        prop_assert!(store.unformatted().is_empty());
        prop_assert!(store.change(|_| Ok(())).unwrap().is_empty());
    }
}
