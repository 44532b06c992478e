//! `CALL procedure() YIELD ...`: parsed, printed and checked by the engine; the
//! procedures themselves belong to the graph (the agency graph's are tested with its
//! adapter, `graph::cypher`).

use super::tests::{check_failures, check_prints_back, people};

#[test]
fn calls_print_back_as_written() {
    check_prints_back(&[
        "CALL algo.pagerank() YIELD node, score RETURN node, score",
        "CALL algo.degree() YIELD node AS n, score WHERE score > 0.5 RETURN n",
        "MATCH (a) CALL db.things(a.x, 1) YIELD thing RETURN a, thing",
    ]);
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
    check_failures(
        &people(),
        &[
            (
                "CALL algo.pagerank() YIELD node RETURN node",
                "unknown procedure `algo.pagerank`: this graph offers no procedures",
                "algo.pagerank",
            ),
            (
                "MATCH (n) CALL p() YIELD n RETURN n",
                "variable `n` is already defined",
                "n",
            ),
            ("CALL p() YIELD x RETURN y", "`y`", "y"),
        ],
    );
}
