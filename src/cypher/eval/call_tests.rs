//! `CALL procedure() YIELD ...`: parsed, printed and checked by the engine; the
//! procedures themselves belong to the graph (the agency graph's are tested with its
//! adapter, `graph::cypher`).

use super::tests::{failure, people};

#[test]
fn calls_print_back_as_written() {
    for text in [
        "CALL algo.pagerank() YIELD node, score RETURN node, score",
        "CALL algo.degree() YIELD node AS n, score WHERE score > 0.5 RETURN n",
        "MATCH (a) CALL db.things(a.x, 1) YIELD thing RETURN a, thing",
    ] {
        let query = crate::cypher::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(query.to_string(), text);
    }
}

#[test]
fn calls_are_checked() {
    let cases: &[(&str, &str)] = &[
        (
            "CALL algo.pagerank() RETURN 1",
            "`CALL algo.pagerank()` needs `YIELD` and the columns to keep",
        ),
        (
            "CALL algo.pagerank() YIELD * RETURN 1",
            "`YIELD *` is not supported",
        ),
        (
            "CALL { MATCH (n) RETURN n } RETURN 1",
            "`CALL { }` subqueries are not supported",
        ),
    ];
    for (text, message) in cases {
        let error = crate::cypher::parse(text).unwrap_err();
        assert!(error.to_string().contains(message), "{text}: {error}");
    }
    let graph = people();
    let (message, at) = failure(&graph, "CALL algo.pagerank() YIELD node RETURN node");
    assert_eq!(
        message,
        "unknown procedure `algo.pagerank`: this graph offers no procedures"
    );
    assert_eq!(at, "algo.pagerank");
    let (message, at) = failure(&graph, "MATCH (n) CALL p() YIELD n RETURN n");
    assert_eq!(message, "variable `n` is already defined");
    assert_eq!(at, "n");
    let (message, _) = failure(&graph, "CALL p() YIELD x RETURN y");
    assert!(message.contains("`y`"), "{message}");
}
