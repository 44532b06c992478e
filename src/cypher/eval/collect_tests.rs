//! `COLLECT { }` subqueries and pattern comprehensions, on the people graph of
//! [`people`]; every expected row was worked out by hand from that drawing.

use super::tests::{check_failures, check_prints_back, check_table, people};

#[test]
fn collect_subqueries_list_a_value_per_match() {
    check_table(
        &people(),
        &[
            (
                "MATCH (a:Person) RETURN a.name, size(COLLECT { MATCH (a)-[:KNOWS]->(b) RETURN b.name }) ORDER BY a.name",
                &["'Alice' | 2", "'Bob' | 1", "'Carol' | 1", "'Dave' | 0"],
            ),
            (
                "MATCH (a:Person {name: 'Bob'}) RETURN COLLECT { MATCH (a)-[:KNOWS]->(b) RETURN b.name }",
                &["['Carol']"],
            ),
            (
                "MATCH (a:Person) WHERE 'Paris' IN COLLECT { MATCH (a)-[:LIVES_IN]->(c) RETURN c.name } RETURN a.name ORDER BY a.name",
                &["'Alice'", "'Bob'"],
            ),
            (
                "MATCH (a:Person {name: 'Alice'}) RETURN COLLECT { MATCH (a)-[r:KNOWS]->(b) WHERE r.since > 2011 RETURN b.name }",
                &["['Carol']"],
            ),
            // A null kept, as a list of rows keeps it (unlike the collect() function).
            (
                "MATCH (c {name: 'Carol'}) RETURN COLLECT { MATCH (c)-[:KNOWS]->(x) RETURN x.age }",
                &["[null]"],
            ),
        ],
    );
}

#[test]
fn pattern_comprehensions_list_a_value_per_match() {
    check_table(
        &people(),
        &[
            // Bob (25) and Alice (30) know Carol.
            (
                "MATCH (a:Person {name: 'Carol'}) RETURN [(a)<-[:KNOWS]-(b) WHERE b.age > 26 | b.name]",
                &["['Alice']"],
            ),
            (
                "MATCH (a {name: 'Alice'}) RETURN [(a)-[r:KNOWS]->(b) WHERE r.since > 2011 | b.name + ':' + r.since]",
                &["['Carol:2012']"],
            ),
            (
                "MATCH (d {name: 'Dave'}) RETURN [(d)-[:KNOWS]->(x) | x.name]",
                &["[]"],
            ),
            (
                "MATCH (c {name: 'Carol'}) RETURN [(c)-[:KNOWS]->(x) | x.age]",
                &["[null]"],
            ),
            // A node bound to null outside matches nothing inside.
            (
                "OPTIONAL MATCH (z:City {name: 'Rome'}) RETURN [(z)-->(x) | x.name]",
                &["[]"],
            ),
            (
                "MATCH (a {name: 'Bob'}) RETURN [p = (a)-[:LIVES_IN]->() | length(p)]",
                &["[1]"],
            ),
            // Dave likes himself, Alice likes Bob twice.
            (
                "MATCH (a:Person) RETURN sum(size([(a)-[:LIKES]->(b) | b]))",
                &["3"],
            ),
            // Without `WHERE` or `|`, a pattern in a list is still a condition.
            (
                "MATCH (a {name: 'Dave'}) RETURN [(a)-[:LIKES]->()]",
                &["[true]"],
            ),
            ("RETURN [(1 + 2)]", &["[3]"]),
            // The comprehension's variables are its own.
            (
                "MATCH (a {name: 'Bob'}) WITH a, [(a)-->(b) | b.name] AS names RETURN size(names), a.name",
                &["2 | 'Bob'"],
            ),
        ],
    );
}

#[test]
fn subquery_values_are_checked_like_any_expression() {
    let graph = people();
    let cases: &[(&str, &str, &str)] = &[
        (
            "MATCH (a) RETURN [(a)-->(b) | count(b)]",
            "inside a subquery",
            "count(b)",
        ),
        ("MATCH (a) RETURN [(a)-->(b) | c.name]", "`c`", "c"),
    ];
    check_failures(&graph, cases);
}

#[test]
fn collect_and_comprehensions_print_back_as_written() {
    check_prints_back(&[
        "RETURN [(a)-[:KNOWS]->(b) WHERE b.age > 1 | b.name]",
        "RETURN [p = (a)-->() | length(p)]",
        "RETURN COLLECT { MATCH (a)-->(b) WHERE b.x = 1 RETURN b.name }",
        "RETURN [(a)-->(b) WHERE (b:A|B) | b]",
    ]);
}
