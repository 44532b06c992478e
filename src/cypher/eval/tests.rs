//! Scenarios modelled on the openCypher TCK, run on small in-memory graphs; every
//! expected row was worked out by hand from the graph drawn in [`people`].

use std::time::Duration;

use super::*;
use crate::cypher::memory::MemoryGraph;
use crate::cypher::value::NodeId;

/// The people graph:
///
/// ```text
/// (0 Alice:Person {age 30}) -KNOWS {since 2010}-> (1 Bob:Person {age 25})
/// (1 Bob)                   -KNOWS {since 2015}-> (2 Carol:Person:Admin {age 35})
/// (0 Alice)                 -KNOWS {since 2012}-> (2 Carol)
/// (2 Carol)                 -KNOWS-> (3 Dave:Person, no age)
/// (0 Alice) -LIVES_IN-> (4 Paris:City)
/// (1 Bob)   -LIVES_IN-> (4 Paris)
/// (3 Dave)  -LIKES-> (3 Dave)                a self-loop
/// (0 Alice) -LIKES-> (1 Bob), twice          parallel relationships
/// ```
pub(super) fn people() -> MemoryGraph {
    let mut graph = MemoryGraph::new();
    let alice = graph.add_node(&["Person"], &[("name", "Alice".into()), ("age", 30.into())]);
    let bob = graph.add_node(&["Person"], &[("name", "Bob".into()), ("age", 25.into())]);
    let carol = graph.add_node(
        &["Person", "Admin"],
        &[("name", "Carol".into()), ("age", 35.into())],
    );
    let dave = graph.add_node(&["Person"], &[("name", "Dave".into())]);
    let paris = graph.add_node(&["City"], &[("name", "Paris".into())]);
    let links = [
        (alice, "KNOWS", bob, Some(2010)),
        (bob, "KNOWS", carol, Some(2015)),
        (alice, "KNOWS", carol, Some(2012)),
        (carol, "KNOWS", dave, None),
        (alice, "LIVES_IN", paris, None),
        (bob, "LIVES_IN", paris, None),
        (dave, "LIKES", dave, None),
        (alice, "LIKES", bob, None),
        (alice, "LIKES", bob, None),
    ];
    for (from, rel_type, to, since) in links {
        let since: Vec<(&str, Value)> = since
            .map(|s| ("since", Value::Integer(s)))
            .into_iter()
            .collect();
        graph.add_relationship(from, rel_type, to, &since);
    }
    graph
}

/// A cell as the tables below write it: like [`ResultValue`]'s `Display`, but with
/// top-level strings quoted so that `'1'` and `1` differ.
fn cell(value: &ResultValue) -> String {
    match value {
        ResultValue::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

pub(super) fn run_with(
    graph: &MemoryGraph,
    text: &str,
    params: &Params,
    options: &Options,
) -> Result<Vec<String>, QueryError> {
    let result = Query::parse(text)?.run(graph, params, options)?;
    Ok(result
        .rows
        .iter()
        .map(|row| row.iter().map(cell).collect::<Vec<_>>().join(" | "))
        .collect())
}

fn run(graph: &MemoryGraph, text: &str) -> Result<Vec<String>, QueryError> {
    run_with(graph, text, &Params::new(), &Options::default())
}

pub(super) fn check_table(graph: &MemoryGraph, cases: &[(&str, &[&str])]) {
    for (text, expected) in cases {
        match run(graph, text) {
            Ok(rows) => assert_eq!(rows, *expected, "\n{text}"),
            Err(error) => panic!("{text}\n{}", error.render(text)),
        }
    }
}

/// Options that refuse unknown labels, types and keys instead of warning.
fn strict() -> Options {
    Options {
        strict: true,
        ..Options::default()
    }
}

/// Runs each query, which must fail: its message contains the expected words, and
/// its span covers the expected text.
pub(super) fn check_failures(graph: &MemoryGraph, cases: &[(&str, &str, &str)]) {
    for (text, message, at) in cases {
        let (found, found_at) = failure(graph, text);
        assert!(found.contains(message), "{text}: {found}");
        assert_eq!(found_at, *at, "{text}: {found}");
    }
}

/// Parses each query and prints it back: the text comes back as written.
pub(super) fn check_prints_back(texts: &[&str]) {
    for text in texts {
        let query = crate::cypher::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(query.to_string(), *text);
    }
}

/// Runs a query that must fail, strictly (an unknown name fails); returns the message
/// and the text under the span.
pub(super) fn failure<'t>(graph: &MemoryGraph, text: &'t str) -> (String, &'t str) {
    match run_with(graph, text, &Params::new(), &strict()) {
        Ok(rows) => panic!("{text} should fail, gave {rows:?}"),
        Err(error) => {
            let at = error
                .span()
                .and_then(|span| text.get(span.start..span.end))
                .unwrap_or("");
            (error.to_string(), at)
        }
    }
}

#[test]
fn match_patterns() {
    check_table(
        &people(),
        &[
            (
                "MATCH (n:Person) RETURN n.name ORDER BY n.name",
                &["'Alice'", "'Bob'", "'Carol'", "'Dave'"],
            ),
            ("MATCH (n:Person:Admin) RETURN n.name", &["'Carol'"]),
            (
                "MATCH (n:Admin|City) RETURN n.name ORDER BY n.name",
                &["'Carol'", "'Paris'"],
            ),
            (
                "MATCH (a)-[:KNOWS]->(b) RETURN a.name, b.name ORDER BY a.name, b.name",
                &[
                    "'Alice' | 'Bob'",
                    "'Alice' | 'Carol'",
                    "'Bob' | 'Carol'",
                    "'Carol' | 'Dave'",
                ],
            ),
            (
                "MATCH (a)<-[:KNOWS]-(b) WHERE a.name = 'Carol' RETURN b.name ORDER BY b.name",
                &["'Alice'", "'Bob'"],
            ),
            (
                "MATCH (a {name: 'Bob'})-[:KNOWS]-(b) RETURN b.name ORDER BY b.name",
                &["'Alice'", "'Carol'"],
            ),
            (
                "MATCH (a)-[r:KNOWS {since: 2015}]->(b) RETURN a.name, b.name",
                &["'Bob' | 'Carol'"],
            ),
            (
                "MATCH (a)-[:KNOWS|LIVES_IN]->(b {name: 'Paris'}) RETURN a.name ORDER BY a.name",
                &["'Alice'", "'Bob'"],
            ),
            (
                "MATCH (a {name: 'Alice'}), (c:City) RETURN a.name, c.name",
                &["'Alice' | 'Paris'"],
            ),
            ("MATCH (a:Person), (c:City) RETURN count(*)", &["4"]),
            (
                "MATCH (a)-[:KNOWS]->(b)-[:KNOWS]->(c) RETURN a.name, b.name, c.name ORDER BY a.name, b.name",
                &[
                    "'Alice' | 'Bob' | 'Carol'",
                    "'Alice' | 'Carol' | 'Dave'",
                    "'Bob' | 'Carol' | 'Dave'",
                ],
            ),
            // Two different relationships between the same two nodes.
            (
                "MATCH (a)-[:LIKES]->(b)<-[:LIKES]-(a) RETURN a.name, b.name",
                &["'Alice' | 'Bob'", "'Alice' | 'Bob'"],
            ),
            // Self-loops match a node to itself, and are seen once undirected.
            ("MATCH (n)-[:LIKES]->(n) RETURN n.name", &["'Dave'"]),
            (
                "MATCH (n {name: 'Dave'})-[r]-(m) RETURN type(r), m.name ORDER BY type(r)",
                &["'KNOWS' | 'Carol'", "'LIKES' | 'Dave'"],
            ),
            // Parallel relationships are distinct matches.
            (
                "MATCH ({name: 'Alice'})-[r:LIKES]->(b) RETURN count(r), count(DISTINCT b)",
                &["2 | 1"],
            ),
            // Relationship uniqueness: the second hop may not reuse the first.
            (
                "MATCH (a)-[:LIKES]-(b)-[:LIKES]-(c) WHERE a.name = 'Alice' RETURN c.name",
                &["'Alice'", "'Alice'"],
            ),
            (
                "MATCH ()-[r1:KNOWS]->(), ()-[r2:KNOWS]->() RETURN count(*)",
                &["12"],
            ),
            (
                "MATCH ()-[r1:KNOWS]->() MATCH ()-[r2:KNOWS]->() RETURN count(*)",
                &["16"],
            ),
            // A relationship bound by an earlier clause is checked, not re-bound.
            (
                "MATCH ()-[r:KNOWS {since: 2010}]->() MATCH (a)-[r]->(b) RETURN a.name, b.name",
                &["'Alice' | 'Bob'"],
            ),
            (
                "MATCH ()-[r:KNOWS {since: 2010}]->() MATCH (a)<-[r]-(b) RETURN a.name",
                &["'Bob'"],
            ),
            (
                "MATCH ()-[r:KNOWS {since: 2010}]->() MATCH (a {name: 'Bob'})-[r]->(b) RETURN a",
                &[],
            ),
            // A pattern property that reads another variable of the same MATCH.
            (
                "MATCH (a:City), (b {name: a.name}) RETURN b.name",
                &["'Paris'"],
            ),
            (
                "MATCH (a)-[:KNOWS]->(b) WHERE a.age < b.age RETURN a.name, b.name ORDER BY a.name",
                &["'Alice' | 'Carol'", "'Bob' | 'Carol'"],
            ),
            (
                "MATCH (a)-[r]->(b) WHERE a.name = b.name RETURN type(r)",
                &["'LIKES'"],
            ),
        ],
    );
}

#[test]
fn variable_length_relationships() {
    check_table(
        &people(),
        &[
            (
                "MATCH (a {name: 'Alice'})-[:KNOWS*]->(b) RETURN b.name ORDER BY b.name",
                &["'Bob'", "'Carol'", "'Carol'", "'Dave'", "'Dave'"],
            ),
            (
                "MATCH (a {name: 'Alice'})-[:KNOWS*2]->(b) RETURN b.name ORDER BY b.name",
                &["'Carol'", "'Dave'"],
            ),
            (
                "MATCH (a {name: 'Alice'})-[:KNOWS*0..1]->(b) RETURN b.name ORDER BY b.name",
                &["'Alice'", "'Bob'", "'Carol'"],
            ),
            (
                "MATCH (a {name: 'Alice'})-[rs:KNOWS*2..2]->(b {name: 'Dave'}) RETURN [r IN rs | r.since]",
                &["[2012, null]"],
            ),
            // Anchored on the rare label at the right end and walked leftwards, the
            // list still holds the relationships in the order written.
            (
                "MATCH (x)-[rs:KNOWS*2]->(y:Admin) RETURN x.name, [r IN rs | endNode(r).name]",
                &["'Alice' | ['Bob', 'Carol']"],
            ),
            (
                "MATCH (a {name: 'Alice'})-[:KNOWS*1..3 {since: 2010}]->(b) RETURN b.name",
                &["'Bob'"],
            ),
            (
                "MATCH (a {name: 'Alice'})-[:KNOWS*3..2]->(b) RETURN b.name",
                &[],
            ),
            (
                "MATCH (d {name: 'Dave'})-[:LIKES*]-(x) RETURN x.name",
                &["'Dave'"],
            ),
            (
                "MATCH ({name: 'Alice'})-[:KNOWS*..1]->(b) RETURN count(*)",
                &["2"],
            ),
            (
                "MATCH ({name: 'Dave'})<-[:KNOWS*2..]-(b) RETURN b.name ORDER BY b.name",
                &["'Alice'", "'Alice'", "'Bob'"],
            ),
        ],
    );
}

#[test]
fn unbounded_lengths_stop_at_max_hops() {
    let options = Options {
        max_hops: 1,
        ..Options::default()
    };
    let rows = run_with(
        &people(),
        "MATCH ({name: 'Alice'})-[:KNOWS*]->(b) RETURN b.name ORDER BY b.name",
        &Params::new(),
        &options,
    );
    assert_eq!(
        rows.ok(),
        Some(vec!["'Bob'".to_string(), "'Carol'".to_string()])
    );
}

#[test]
fn named_and_shortest_paths() {
    check_table(
        &people(),
        &[
            (
                "MATCH p = (a {name: 'Bob'})-[:KNOWS]->(b) RETURN length(p), [n IN nodes(p) | n.name], size(relationships(p))",
                &["1 | ['Bob', 'Carol'] | 1"],
            ),
            (
                "MATCH p = (:City)<-[:LIVES_IN]-({name: 'Bob'}) RETURN p",
                &["(:City {name: 'Paris'})<-[:LIVES_IN]-(:Person {age: 25, name: 'Bob'})"],
            ),
            (
                "MATCH p = ({name: 'Alice'}) RETURN length(p), nodes(p)[0].name",
                &["0 | 'Alice'"],
            ),
            (
                "MATCH p = ({name: 'Alice'})-[:KNOWS*]->({name: 'Dave'}) RETURN [n IN nodes(p) | n.name] ORDER BY length(p)",
                &[
                    "['Alice', 'Carol', 'Dave']",
                    "['Alice', 'Bob', 'Carol', 'Dave']",
                ],
            ),
            (
                "MATCH p = shortestPath(({name: 'Alice'})-[:KNOWS*]->({name: 'Dave'})) RETURN length(p)",
                &["2"],
            ),
            (
                "MATCH p = allShortestPaths(({name: 'Alice'})-[*]-({name: 'Dave'})) RETURN [n IN nodes(p) | n.name]",
                &["['Alice', 'Carol', 'Dave']"],
            ),
            // Three relationships join Alice and Bob directly.
            (
                "MATCH p = allShortestPaths(({name: 'Alice'})-[*]-({name: 'Bob'})) RETURN count(p)",
                &["3"],
            ),
            (
                "MATCH p = shortestPath(({name: 'Alice'})-[*]-({name: 'Bob'})) RETURN count(p)",
                &["1"],
            ),
            (
                "MATCH p = shortestPath(({name: 'Dave'})-[:KNOWS*]->({name: 'Alice'})) RETURN p",
                &[],
            ),
            (
                "MATCH p = shortestPath(({name: 'Bob'})-[:LIVES_IN*]-({name: 'Alice'})) RETURN [n IN nodes(p) | n.name]",
                &["['Bob', 'Paris', 'Alice']"],
            ),
            (
                "MATCH (a {name: 'Alice'}), (d {name: 'Dave'}) MATCH p = shortestPath((a)-[:KNOWS*..1]->(d)) RETURN p",
                &[],
            ),
            (
                "MATCH p = shortestPath((a {name: 'Bob'})-[*0..]-(a)) RETURN length(p)",
                &["0"],
            ),
            // Both ends unbound: every pair of the labelled nodes is searched.
            (
                "MATCH p = shortestPath((a:Admin)-[*]-(c:City)) RETURN length(p)",
                &["2"],
            ),
        ],
    );
}

#[test]
fn optional_match() {
    check_table(
        &people(),
        &[
            (
                "MATCH (n:Person) OPTIONAL MATCH (n)-[:LIVES_IN]->(c) RETURN n.name, c.name ORDER BY n.name",
                &[
                    "'Alice' | 'Paris'",
                    "'Bob' | 'Paris'",
                    "'Carol' | null",
                    "'Dave' | null",
                ],
            ),
            (
                "MATCH (n:Person) OPTIONAL MATCH (n)-[r:KNOWS]->(m) WHERE r.since > 2011 RETURN n.name, m.name ORDER BY n.name",
                &[
                    "'Alice' | 'Carol'",
                    "'Bob' | 'Carol'",
                    "'Carol' | null",
                    "'Dave' | null",
                ],
            ),
            (
                "OPTIONAL MATCH (n:City)-[:KNOWS]->(m) RETURN n, m",
                &["null | null"],
            ),
            (
                "OPTIONAL MATCH p = (n:City)-[:KNOWS]->(m) RETURN p",
                &["null"],
            ),
            (
                "OPTIONAL MATCH (n:Admin)-[:LIVES_IN]->(c) MATCH (c)--(x) RETURN count(*)",
                &["0"],
            ),
            (
                "MATCH (n:Admin) OPTIONAL MATCH (n)-[:KNOWS]->(m) OPTIONAL MATCH (m)-[:KNOWS]->(o) RETURN m.name, o",
                &["'Dave' | null"],
            ),
        ],
    );
}

#[test]
fn where_with_unwind_return() {
    check_table(
        &people(),
        &[
            (
                "MATCH (n:Person) WHERE n.age > 26 RETURN n.name ORDER BY n.name",
                &["'Alice'", "'Carol'"],
            ),
            (
                "MATCH (n:Person) WHERE NOT n.age > 26 RETURN n.name",
                &["'Bob'"],
            ),
            (
                "MATCH (n:Person) WHERE n.age IS NULL RETURN n.name",
                &["'Dave'"],
            ),
            (
                "MATCH (n) WHERE n:Admin OR n.name STARTS WITH 'D' RETURN n.name ORDER BY n.name",
                &["'Carol'", "'Dave'"],
            ),
            (
                "MATCH (n) WHERE n.name =~ 'A.*' RETURN n.name",
                &["'Alice'"],
            ),
            ("MATCH (n) WHERE n.name =~ 'a.*' RETURN n.name", &[]),
            (
                "MATCH (n) WHERE n.name =~ '(?i)a.*' RETURN n.name",
                &["'Alice'"],
            ),
            // Whole-string match: `l` alone does not match "Alice".
            ("MATCH (n) WHERE n.name =~ 'l' RETURN n.name", &[]),
            (
                "MATCH (n) WHERE n.name ENDS WITH 'e' RETURN n.name ORDER BY n.name",
                &["'Alice'", "'Dave'"],
            ),
            (
                "MATCH (n) WHERE n.name CONTAINS 'ar' RETURN n.name ORDER BY n.name",
                &["'Carol'", "'Paris'"],
            ),
            (
                "MATCH (n) WHERE n.name IN ['Bob', 'Zed'] RETURN n.name",
                &["'Bob'"],
            ),
            (
                "MATCH (n:Person) WITH n.name AS name, n.age AS age WHERE age IS NOT NULL RETURN name ORDER BY age DESC",
                &["'Carol'", "'Alice'", "'Bob'"],
            ),
            (
                "MATCH (a)-[:KNOWS]->(b) WITH a, count(b) AS friends WHERE friends > 1 RETURN a.name, friends",
                &["'Alice' | 2"],
            ),
            (
                "MATCH (n:Person) WITH n ORDER BY n.name DESC LIMIT 2 RETURN n.name",
                &["'Dave'", "'Carol'"],
            ),
            (
                "MATCH (a)-[:LIKES]->(b) WITH DISTINCT a, b RETURN a.name, b.name ORDER BY a.name",
                &["'Alice' | 'Bob'", "'Dave' | 'Dave'"],
            ),
            (
                "MATCH (n {name: 'Bob'}) WITH *, n.age AS age RETURN *",
                &["25 | (:Person {age: 25, name: 'Bob'})"],
            ),
            (
                "MATCH (n {name: 'Bob'}) WITH n AS m, n.age AS n RETURN m.name, n",
                &["'Bob' | 25"],
            ),
            (
                "MATCH (n:Person) RETURN n.name ORDER BY n.age",
                &["'Bob'", "'Alice'", "'Carol'", "'Dave'"],
            ),
            (
                "MATCH (n:Person) RETURN n.name ORDER BY n.age DESC",
                &["'Dave'", "'Carol'", "'Alice'", "'Bob'"],
            ),
            (
                "MATCH (n:Person) RETURN DISTINCT n.age > 26 AS old ORDER BY old",
                &["false", "true", "null"],
            ),
            (
                "MATCH (n:Person) RETURN n.name AS name ORDER BY name SKIP 1 LIMIT 2",
                &["'Bob'", "'Carol'"],
            ),
            ("UNWIND [1, 2, 3] AS x RETURN x * 2", &["2", "4", "6"]),
            ("UNWIND [] AS x RETURN x", &[]),
            ("UNWIND null AS x RETURN x", &[]),
            ("UNWIND 5 AS x RETURN x", &["5"]),
            (
                "UNWIND [[1, 2], [3]] AS xs UNWIND xs AS x RETURN x",
                &["1", "2", "3"],
            ),
            (
                "UNWIND [1, 1.0, 2, null, null] AS x RETURN DISTINCT x",
                &["1", "2", "null"],
            ),
            (
                "UNWIND range(1, 10) AS x RETURN x SKIP 2 LIMIT 3",
                &["3", "4", "5"],
            ),
            ("UNWIND range(1, 10) AS x RETURN x LIMIT 0", &[]),
            (
                "UNWIND range(1, 10) AS x WITH x LIMIT 3 RETURN sum(x)",
                &["6"],
            ),
            (
                "UNWIND range(1, 100) AS x RETURN x ORDER BY x DESC LIMIT 3",
                &["100", "99", "98"],
            ),
            (
                "UNWIND range(1, 100) AS x RETURN x % 7 AS r ORDER BY r DESC, x SKIP 1 LIMIT 2",
                &["6", "6"],
            ),
            (
                "UNWIND [[1, 'b'], [2, 'a'], [1, 'a']] AS p RETURN p[0] AS x, p[1] AS y ORDER BY x DESC, y",
                &["2 | 'a'", "1 | 'a'", "1 | 'b'"],
            ),
            (
                "UNWIND [1, 'a', null, true, [1], 2.5, {k: 1}] AS x RETURN x ORDER BY x",
                &["{k: 1}", "[1]", "'a'", "true", "1", "2.5", "null"],
            ),
            (
                "UNWIND [1, 'a', null, true, [1], 2.5, {k: 1}] AS x RETURN x ORDER BY x DESC",
                &["null", "2.5", "1", "true", "'a'", "[1]", "{k: 1}"],
            ),
            ("RETURN 1 AS x UNION ALL RETURN 1 AS x", &["1", "1"]),
            (
                "RETURN 1 AS x UNION RETURN 1 AS x UNION RETURN 2 AS x",
                &["1", "2"],
            ),
            (
                "UNWIND [1, 1] AS x RETURN x UNION UNWIND [2] AS x RETURN x",
                &["1", "2"],
            ),
        ],
    );
}

#[test]
fn column_names() {
    let graph = people();
    let cases: [(&str, &[&str]); 3] = [
        ("RETURN 1 + 2, 'a' AS b", &["1 + 2", "b"]),
        (
            "MATCH (n {name: 'Bob'}) WITH *, n.age AS age RETURN *",
            &["age", "n"],
        ),
        (
            "MATCH (n) RETURN n.name  ,  count( * )",
            &["n.name", "count( * )"],
        ),
    ];
    for (text, expected) in cases {
        let query = Query::parse(text).unwrap_or_else(|e| panic!("{}", e.render(text)));
        assert_eq!(query.columns(), expected);
        let result = query.run(&graph, &Params::new(), &Options::default());
        let columns = result.map(|r| r.columns).unwrap_or_default();
        assert_eq!(columns, expected);
    }
}

#[test]
fn expressions() {
    check_table(
        &MemoryGraph::new(),
        &[
            (
                "RETURN 1 + 2 * 3, 7 / 2, 7 % 3, -7 / 2, 7.0 / 2, 2 ^ 3, 1 - 0.5",
                &["7 | 3 | 1 | -3 | 3.5 | 8.0 | 0.5"],
            ),
            (
                "RETURN 1.0 / 0, 0.0 / 0, -1 / 0.0, 5.5 % 2",
                &["Infinity | NaN | -Infinity | 1.5"],
            ),
            (
                "RETURN 'a' + 'b', 'a' + 1, [1] + [2], [1] + 2, 0 + [1], 'x' + 1.5",
                &["'ab' | 'a1' | [1, 2] | [1, 2] | [0, 1] | 'x1.5'"],
            ),
            (
                "RETURN null + 1, null = null, null <> 1, 1 < null, null IS NULL, NOT null, -null",
                &["null | null | null | null | true | null | null"],
            ),
            (
                "RETURN true AND null, false AND null, true OR null, false OR null, true XOR null, true XOR false",
                &["null | false | true | null | null | true"],
            ),
            (
                "RETURN 1 = 1.0, 1 < 2.5, 'a' < 'b', 'a' < 1, [1, 2] = [1, 2], [1, null] = [1, null], [1, 2] < [1, 3]",
                &["true | true | true | null | true | null | true"],
            ),
            (
                "RETURN 1 < 2 < 3, 3 > 2 > 2, 3 < 1 < null, 1 = 1 <> 2",
                &["true | false | false | true"],
            ),
            (
                "RETURN 0.0 / 0 = 0.0 / 0, 0.0 / 0 < 1, 1 <> 0.0 / 0",
                &["false | false | true"],
            ),
            (
                "RETURN 2 IN [1, 2], 3 IN [1, 2], 3 IN [1, null], null IN [], null IN [1], [1] IN [[1], [2]], 1 IN null",
                &["true | false | null | false | null | true | null"],
            ),
            (
                "RETURN 'abc' STARTS WITH null, 1 CONTAINS 'a', 'abc' ENDS WITH 'bc'",
                &["null | null | true"],
            ),
            (
                "UNWIND [1, 2, 3] AS x RETURN CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END, CASE WHEN x > 1 THEN 'big' END",
                &["'one' | null", "'two' | 'big'", "'many' | 'big'"],
            ),
            (
                "WITH [1, 2, 3] AS l RETURN l[0], l[-1], l[5], l[-5], l[1..], l[..-1], l[-2..], l[2..1], l[null..1], l[0..10]",
                &["1 | 3 | null | null | [2, 3] | [1, 2] | [2, 3] | [] | null | [1, 2, 3]"],
            ),
            (
                "WITH {a: 1, b: {c: 'x'}} AS m RETURN m.a, m.b.c, m['a'], m.z, keys(m), m",
                &["1 | 'x' | 1 | null | ['a', 'b'] | {a: 1, b: {c: 'x'}}"],
            ),
            (
                "RETURN [x IN range(1, 5) WHERE x > 2], [x IN [1, 2] | x * 10], [x IN null | x], [x IN [1, 2] WHERE x > 1 | [x, x]]",
                &["[3, 4, 5] | [10, 20] | null | [[2, 2]]"],
            ),
            (
                "RETURN [x IN [1, 2] | [y IN [10, 20] | x + y]]",
                &["[[11, 21], [12, 22]]"],
            ),
            (
                "RETURN -9223372036854775808, 9223372036854775807, 2.5e3, 0x1F, -0o17",
                &["-9223372036854775808 | 9223372036854775807 | 2500.0 | 31 | -15"],
            ),
            (
                "RETURN {`odd key`: 'it\\'s'} AS m, ['a\\'b']",
                &["{`odd key`: 'it\\'s'} | ['a\\'b']"],
            ),
        ],
    );
}

#[test]
fn label_predicates_and_parameters() {
    check_table(
        &people(),
        &[
            (
                "MATCH (n {name: 'Carol'}) RETURN n:Admin, n:Person:Admin, n:City|Admin, n:City",
                &["true | true | true | false"],
            ),
            (
                "OPTIONAL MATCH (n:City {name: 'x'}) RETURN n:City",
                &["null"],
            ),
        ],
    );
    let params = Params::from([
        ("x".to_string(), Value::Integer(41)),
        (
            "names".to_string(),
            Value::List(vec!["Bob".into(), "Dave".into()]),
        ),
        ("n".to_string(), Value::Integer(1)),
    ]);
    let rows = run_with(
        &people(),
        "MATCH (p:Person) WHERE p.name IN $names RETURN p.name, $x + 1 ORDER BY p.name LIMIT $n",
        &params,
        &Options::default(),
    );
    assert_eq!(rows.ok(), Some(vec!["'Bob' | 42".to_string()]));
    let missing = run(&people(), "RETURN $nope").unwrap_err();
    assert!(
        missing.to_string().contains("missing parameter `$nope`"),
        "{missing}"
    );
}

#[test]
fn functions() {
    check_table(
        &people(),
        &[
            (
                "MATCH (n {name: 'Carol'}) RETURN labels(n), id(n), keys(n), properties(n)",
                &["['Person', 'Admin'] | 2 | ['age', 'name'] | {age: 35, name: 'Carol'}"],
            ),
            (
                "MATCH ()-[r {since: 2015}]->() RETURN type(r), id(r), startNode(r).name, endNode(r).name, properties(r), keys(r)",
                &["'KNOWS' | 1 | 'Bob' | 'Carol' | {since: 2015} | ['since']"],
            ),
            (
                "RETURN size([1, 2]), size('héllo'), size(null), length(null)",
                &["2 | 5 | null | null"],
            ),
            (
                "RETURN coalesce(null, null, 3, 4), coalesce(null)",
                &["3 | null"],
            ),
            (
                "RETURN toLower('AbC'), toUpper('AbC'), trim('  x '), split('a,b,,c', ','), split('abc', '')",
                &["'abc' | 'ABC' | 'x' | ['a', 'b', '', 'c'] | ['a', 'b', 'c']"],
            ),
            (
                "RETURN toString(1), toString(1.5), toString(2.0), toString(true), toString(null), toString('s')",
                &["'1' | '1.5' | '2.0' | 'true' | null | 's'"],
            ),
            (
                "RETURN toInteger('42'), toInteger('4.7'), toInteger(4.7), toInteger(-4.7), toInteger('x'), toInteger(true)",
                &["42 | 4 | 4 | -4 | null | 1"],
            ),
            (
                "RETURN toFloat(1), toFloat('2.5'), toFloat('x'), toFloat(null)",
                &["1.0 | 2.5 | null | null"],
            ),
            (
                "MATCH (n:Person) RETURN n.name, exists(n.age) ORDER BY n.name",
                &[
                    "'Alice' | true",
                    "'Bob' | true",
                    "'Carol' | true",
                    "'Dave' | false",
                ],
            ),
            (
                "RETURN head([1, 2]), last([1, 2]), head([]), tail([1, 2, 3]), reverse([1, 2]), reverse('ab')",
                &["1 | 2 | null | [2, 3] | [2, 1] | 'ba'"],
            ),
            (
                "RETURN range(1, 3), range(0, 10, 5), range(3, 1, -1), range(1, 0)",
                &["[1, 2, 3] | [0, 5, 10] | [3, 2, 1] | []"],
            ),
            ("RETURN abs(-3), abs(-2.5), abs(null)", &["3 | 2.5 | null"]),
            (
                "RETURN substring('hello', 1, 3), substring('hello', 2), replace('aXbX', 'X', '-')",
                &["'ell' | 'llo' | 'a-b-'"],
            ),
            (
                "RETURN round(2.5), floor(2.7), ceil(2.1), sqrt(16), sign(-2), sign(0.5), toBoolean('TRUE')",
                &["3.0 | 2.0 | 3.0 | 4.0 | -1 | 1 | true"],
            ),
            ("RETURN resolve('Alice'), ToLower('X')", &["null | 'x'"]),
            (
                "MATCH p = ()-[:LIVES_IN]->(c) RETURN length(p), nodes(p)[1] = c LIMIT 1",
                &["1 | true"],
            ),
        ],
    );
}

#[test]
fn aggregation() {
    check_table(
        &people(),
        &[
            (
                "MATCH (n:Person) RETURN count(*), count(n.age), count(DISTINCT n:Admin)",
                &["4 | 3 | 2"],
            ),
            (
                "MATCH (n:Person) RETURN collect(n.age), sum(n.age), avg(n.age), min(n.age), max(n.age)",
                &["[30, 25, 35] | 90 | 30.0 | 25 | 35"],
            ),
            (
                "MATCH (n:City {name: 'Nowhere'}) RETURN count(*), collect(n), sum(n.age), avg(n.age), min(n.age)",
                &["0 | [] | 0 | null | null"],
            ),
            (
                "MATCH (n:City {name: 'Nowhere'}) RETURN n.name, count(*)",
                &[],
            ),
            (
                "MATCH (n:Person)-[r]->() RETURN n.name, type(r) AS t, count(*) ORDER BY n.name, t",
                &[
                    "'Alice' | 'KNOWS' | 2",
                    "'Alice' | 'LIKES' | 2",
                    "'Alice' | 'LIVES_IN' | 1",
                    "'Bob' | 'KNOWS' | 1",
                    "'Bob' | 'LIVES_IN' | 1",
                    "'Carol' | 'KNOWS' | 1",
                    "'Dave' | 'LIKES' | 1",
                ],
            ),
            (
                "UNWIND [1, 1.0, 2] AS x RETURN x, count(*) ORDER BY x",
                &["1 | 2", "2 | 1"],
            ),
            (
                "UNWIND [1, 2.5] AS x RETURN sum(x), avg(x)",
                &["3.5 | 1.75"],
            ),
            (
                "UNWIND [1, null, 1, 2] AS x RETURN collect(DISTINCT x), count(x), count(*), sum(DISTINCT x)",
                &["[1, 2] | 3 | 4 | 3"],
            ),
            (
                "UNWIND [1, 'a', 2] AS x RETURN min(x), max(x)",
                &["'a' | 2"],
            ),
            (
                "MATCH (n:Person) RETURN count(*) + 1, size(collect(n.name))",
                &["5 | 4"],
            ),
            (
                "MATCH (n:Person) RETURN n.age IS NULL AS missing, count(*) ORDER BY missing",
                &["false | 3", "true | 1"],
            ),
            (
                "MATCH (a)-[:KNOWS]->(b) RETURN a.name, count(*) ORDER BY count(*) DESC, a.name",
                &["'Alice' | 2", "'Bob' | 1", "'Carol' | 1"],
            ),
            (
                "MATCH (a)-[:KNOWS]->(b) RETURN a, count(*) AS n ORDER BY a.name LIMIT 1",
                &["(:Person {age: 30, name: 'Alice'}) | 2"],
            ),
            (
                "MATCH (n:Person) RETURN n.age, n.age * 2 + count(*) ORDER BY n.age",
                &["25 | 51", "30 | 61", "35 | 71", "null | null"],
            ),
            (
                "MATCH (n:Person) RETURN [x IN collect(n.age) WHERE x > 26]",
                &["[30, 35]"],
            ),
            (
                "MATCH (n:Person) WITH count(*) AS c RETURN c, c * 2",
                &["4 | 8"],
            ),
        ],
    );
}

#[test]
fn runtime_errors_point_at_the_expression() {
    let graph = people();
    let cases: [(&str, &str, &str); 12] = [
        (
            "RETURN 9223372036854775807 + 1",
            "integer overflow",
            "9223372036854775807 + 1",
        ),
        (
            "RETURN -(-9223372036854775808)",
            "integer overflow",
            "-(-9223372036854775808)",
        ),
        (
            "RETURN 9223372036854775807 * 2",
            "integer overflow",
            "9223372036854775807 * 2",
        ),
        (
            "RETURN abs(-9223372036854775808)",
            "integer overflow",
            "abs(-9223372036854775808)",
        ),
        ("RETURN 1 / 0", "division by zero", "1 / 0"),
        ("RETURN 1 % 0", "division by zero", "1 % 0"),
        (
            "UNWIND [9223372036854775807, 1] AS x RETURN sum(x)",
            "integer overflow in sum()",
            "x",
        ),
        (
            "RETURN range(1, 2, 0)",
            "range() cannot step by 0",
            "range(1, 2, 0)",
        ),
        (
            "RETURN toLower(1)",
            "toLower() cannot take an Integer",
            "toLower(1)",
        ),
        (
            "RETURN true + 1",
            "cannot apply `+` to a Boolean and an Integer",
            "true + 1",
        ),
        (
            "MATCH (n) WHERE n.name RETURN n",
            "expected a boolean condition, not a String",
            "n.name",
        ),
        ("RETURN 'a' =~ '('", "invalid regular expression", "'('"),
    ];
    check_failures(&graph, &cases);
    for text in [
        "RETURN 1 LIMIT -1",
        "RETURN 1 LIMIT 1.5",
        "RETURN 1 SKIP 'a'",
        "RETURN toInteger(1e300)",
        "RETURN range(1, 100000000000)",
        "RETURN [1][1.5]",
        "RETURN 1.foo",
        "UNWIND [1] AS x RETURN x.y",
    ] {
        failure(&graph, text);
    }
}

#[test]
fn semantic_errors_have_positions_and_suggestions() {
    let graph = people();
    let cases: [(&str, &str, &str); 19] = [
        (
            "MATCH (node) RETURN nod",
            "variable `nod` is not defined (did you mean `node`?)",
            "nod",
        ),
        (
            "RETURN toLowr('A')",
            "unknown function `toLowr` (did you mean `toLower`?)",
            "toLowr",
        ),
        (
            "RETURN toLower('a', 'b')",
            "`toLower` takes 1 argument, not 2",
            "toLower('a', 'b')",
        ),
        (
            "MATCH (n) WHERE count(*) > 1 RETURN n",
            "not allowed in WHERE",
            "count(*)",
        ),
        (
            "RETURN count(count(*))",
            "not allowed inside another aggregate function",
            "count(*)",
        ),
        (
            "MATCH (n) RETURN n.name, n.age + count(*)",
            "`n` is read outside an aggregate function",
            "n",
        ),
        (
            "RETURN toUpper(DISTINCT 'a')",
            "DISTINCT only applies to aggregate functions",
            "toUpper(DISTINCT 'a')",
        ),
        (
            "MATCH (n:Persn) RETURN n",
            "unknown label `Persn` (did you mean `Person`?)",
            "Persn",
        ),
        (
            "MATCH (n:Zebra) RETURN n",
            "unknown label `Zebra` (the labels are `Admin`, `City`, `Person`)",
            "Zebra",
        ),
        (
            "MATCH ()-[:KNOW]->() RETURN 1",
            "unknown relationship type `KNOW` (did you mean `KNOWS`?)",
            "KNOW",
        ),
        (
            "MATCH (n) RETURN n.nam",
            "unknown property key `nam` (did you mean `name`?)",
            "nam",
        ),
        (
            "MATCH (n)-[n]->() RETURN n",
            "`n` is a node, not a relationship",
            "n",
        ),
        (
            "RETURN *",
            "`*` projects every variable, but there are none here",
            "RETURN *",
        ),
        (
            "RETURN 1 AS a, 2 AS a",
            "the column name `a` is used twice",
            "2 AS a",
        ),
        (
            "MATCH (n) RETURN n SKIP n.age",
            "SKIP cannot read the variable `n`",
            "n",
        ),
        (
            "MATCH (n) WITH n.name AS name RETURN n",
            "variable `n` is not defined",
            "n",
        ),
        (
            "MATCH (n) RETURN DISTINCT n.name ORDER BY n.age",
            "`n` is not projected: after DISTINCT or an aggregation, ORDER BY sees only",
            "n",
        ),
        (
            "MATCH (n) RETURN n.name, count(*) ORDER BY size(n.name) + n.age",
            "`n` is not projected",
            "n",
        ),
        (
            "RETURN 1 AS a UNION RETURN 2 AS b",
            "every part of a UNION must return the same columns",
            "RETURN 2 AS b",
        ),
    ];
    check_failures(&graph, &cases);
    // Keys of maps are not graph property keys.
    assert!(run(&graph, "WITH {nam: 1} AS m RETURN m.nam").is_ok());
    // Parse errors come through unchanged.
    assert!(matches!(
        run(&graph, "MATCH (n RETURN n"),
        Err(QueryError::Parse(_))
    ));
    for text in [
        "MATCH (n) UNWIND [1] AS n RETURN n",
        "MATCH p = (a)-->(b), p = (c)-->(d) RETURN p",
        "MATCH (a)-[r]->(b)-[r]->(c) RETURN r",
        "MATCH (a)-[r]->(b) MATCH (a)-[r*2]->(b) RETURN r",
        "RETURN [x IN [1] | count(x)]",
        "MATCH (n) RETURN n ORDER BY count(*)",
        "MATCH (n) RETURN count(*) ORDER BY n.name",
    ] {
        failure(&graph, text);
    }
}

#[test]
fn errors_render_with_line_column_and_caret() {
    let text = "MATCH (n:Person)\nRETURN n.nam";
    let error = run_with(&people(), text, &Params::new(), &strict()).unwrap_err();
    assert_eq!(
        error.render(text),
        "error: unknown property key `nam`\n --> 2:10\n  |\n2 | RETURN n.nam\n  |          ^\n  = help: did you mean `name`?"
    );
    let text = "RETURN 1 / 0";
    let error = run(&people(), text).unwrap_err();
    assert_eq!(
        error.render(text),
        "error: division by zero\n --> 1:8\n  |\n1 | RETURN 1 / 0\n  |        ^"
    );
    assert_eq!(
        QueryError::Timeout.render(text),
        "error: the query ran past its time limit"
    );
}

/// A complete directed graph on `n` nodes: every ordered pair joined.
fn complete(n: u64) -> MemoryGraph {
    let mut graph = MemoryGraph::new();
    let nodes: Vec<NodeId> = (0..n).map(|_| graph.add_node(&["K"], &[])).collect();
    for &a in &nodes {
        for &b in &nodes {
            if a != b {
                graph.add_relationship(a, "E", b, &[]);
            }
        }
    }
    graph
}

#[test]
fn a_runaway_query_times_out() {
    let graph = complete(12);
    let options = Options {
        timeout: Some(Duration::from_millis(1)),
        ..Options::default()
    };
    let started = std::time::Instant::now();
    let result = run_with(
        &graph,
        "MATCH p = (a)-[*]->(b) RETURN count(p)",
        &Params::new(),
        &options,
    );
    assert_eq!(result, Err(QueryError::Timeout));
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// A satisfied `LIMIT` stops the scan before it: with a deadline already passed, a
/// query fails only once it has done enough steps for the clock to be read (every
/// 256), so a scan of 1,000 nodes that stopped after the first passes, while one that
/// listed every node first would time out.
#[test]
fn a_satisfied_limit_stops_the_scan() {
    let mut graph = MemoryGraph::new();
    for i in 0..1_000 {
        graph.add_node(&["N"], &[("i", Value::Integer(i))]);
    }
    let expired = Options {
        timeout: Some(Duration::ZERO),
        ..Options::default()
    };
    for text in [
        "MATCH (n) RETURN n.i LIMIT 1",
        "MATCH (n:N) RETURN n.i LIMIT 1",
        "MATCH (n {i: 0}) RETURN n.i LIMIT 1",
    ] {
        let rows = run_with(&graph, text, &Params::new(), &expired);
        assert_eq!(rows, Ok(vec!["0".to_string()]), "{text}");
    }
    // Without the LIMIT the same scan reads the clock, and stops.
    let rows = run_with(&graph, "MATCH (n) RETURN n.i", &Params::new(), &expired);
    assert_eq!(rows, Err(QueryError::Timeout));
}

/// Strings inside lists and maps are shown as Cypher writes them, escapes and all, so
/// a newline cannot break a table row and a key with a space is backquoted.
#[test]
fn nested_strings_and_keys_are_shown_as_cypher_writes_them() {
    check_table(
        &people(),
        &[(
            "RETURN ['line\\none', 'it\\'s'], {`a key`: 'tab\\there', plain: 1}",
            &[r"['line\none', 'it\'s'] | {`a key`: 'tab\there', plain: 1}"],
        )],
    );
}

#[test]
fn too_many_rows_is_an_error() {
    let options = Options {
        row_limit: 10,
        ..Options::default()
    };
    let graph = MemoryGraph::new();
    let rows = run_with(
        &graph,
        "UNWIND range(1, 4) AS x UNWIND range(1, 3) AS y RETURN x, y",
        &Params::new(),
        &options,
    );
    assert_eq!(rows, Err(QueryError::RowLimit(10)));
    let rows = run_with(
        &graph,
        "UNWIND range(1, 10) AS x RETURN x",
        &Params::new(),
        &options,
    );
    assert_eq!(rows.map(|r| r.len()), Ok(10));
    let long = run_with(
        &graph,
        "RETURN size(range(1, 11))",
        &Params::new(),
        &options,
    );
    assert!(long.is_err());
}

#[test]
fn results_serialize_as_json() {
    let graph = people();
    let result = Query::parse(
        "MATCH p = (a {name: 'Bob'})-[r:KNOWS]->(b) RETURN a.name, r, [1, 2.5, null], p",
    )
    .and_then(|q| q.run(&graph, &Params::new(), &Options::default()))
    .unwrap_or_else(|e| panic!("{e}"));
    let json = serde_json::to_value(&result).unwrap_or_default();
    assert_eq!(json["columns"][0], "a.name");
    assert_eq!(json["rows"][0][0], "Bob");
    assert_eq!(
        json["rows"][0][1],
        serde_json::json!({"kind": "relationship", "id": 1, "type": "KNOWS", "start": 1, "end": 2, "properties": {"since": 2015}})
    );
    assert_eq!(json["rows"][0][2], serde_json::json!([1, 2.5, null]));
    assert_eq!(json["rows"][0][3]["kind"], "path");
    assert_eq!(
        json["rows"][0][3]["nodes"][1],
        serde_json::json!({"kind": "node", "id": 2, "labels": ["Person", "Admin"], "properties": {"age": 35, "name": "Carol"}})
    );
}

/// The plan of `text` over `graph`, line by line.
fn plan_lines(graph: &MemoryGraph, text: &str, params: &Params) -> Vec<String> {
    let query = Query::parse(text).unwrap_or_else(|e| panic!("{e}"));
    match query.explain(graph, params, &Options::default()) {
        Ok(plan) => plan.lines().to_vec(),
        Err(error) => panic!("{text}\n{}", error.render(text)),
    }
}

/// Checks each query's whole plan over `graph`.
fn check_plans(graph: &MemoryGraph, params: &Params, cases: &[(&str, &[&str])]) {
    for (text, expected) in cases {
        assert_eq!(plan_lines(graph, text, params), *expected, "\n{text}");
    }
}

/// In the people graph, Person has 4 nodes, Admin 1 (Carol) and City 1 (Paris), of 5
/// nodes in all; a pattern starts from a bound node, then an indexed equality, then
/// the rarest label, and scans only when nothing anchors it.
#[test]
fn planner_starts_from_bound_then_indexed_then_rarest() {
    let graph = people();
    let none = Params::new();
    check_plans(
        &graph,
        &none,
        &[
            (
                "MATCH (a:Person)-->(b:City) RETURN a",
                &[
                    "MATCH (a:Person)-->(b:City)",
                    "  start at (b:City) by label City (1 node)",
                    "  expand (b)<--(a:Person)",
                    "return a",
                ],
            ),
            (
                "MATCH (a:Person:Admin) RETURN a",
                &[
                    "MATCH (a:Person:Admin)",
                    "  start at (a:Person:Admin) by label Admin (1 node)",
                    "return a",
                ],
            ),
            (
                "MATCH (a:Admin|City) RETURN a",
                &[
                    "MATCH (a:Admin|City)",
                    "  start at (a:Admin|City) by labels Admin|City (2 nodes)",
                    "return a",
                ],
            ),
            (
                "MATCH (a) RETURN a",
                &[
                    "MATCH (a)",
                    "  start at (a) by scanning every node (5 nodes)",
                    "return a",
                ],
            ),
            (
                "MATCH (a)-->(b) RETURN a",
                &[
                    "MATCH (a)-->(b)",
                    "  start at (a) by scanning every node (5 nodes)",
                    "  expand (a)-->(b)",
                    "return a",
                ],
            ),
            (
                "MATCH ()-[r]->() RETURN r",
                &[
                    "MATCH ()-[r]->()",
                    "  start at ()-[r]->() by scanning every relationship",
                    "return r",
                ],
            ),
            (
                "MATCH (a)-[*]->(b) RETURN a",
                &[
                    "MATCH (a)-[*]->(b)",
                    "  start at (a) by scanning every node (5 nodes)",
                    "  expand (a)-[*]->(b), at most 15 hops",
                    "return a",
                ],
            ),
            (
                "MATCH (c:City) MATCH (a:Person)-->(c) RETURN a",
                &[
                    "MATCH (c:City)",
                    "  start at (c:City) by label City (1 node)",
                    "MATCH (a:Person)-->(c)",
                    "  start at (c) bound earlier",
                    "  expand (c)<--(a:Person)",
                    "return a",
                ],
            ),
            // A pattern property that reads the same MATCH is checked once both
            // are bound.
            (
                "MATCH (a:Person)-[:KNOWS|LIKES*1..2]->(b {name: a.name}) RETURN b",
                &[
                    "MATCH (a:Person)-[:KNOWS|LIKES*1..2]->(b {name: a.name})",
                    "  start at (a:Person) by label Person (4 nodes)",
                    "  expand (a)-[:KNOWS|LIKES*1..2]->(b)",
                    "  filter b.name = a.name",
                    "return b",
                ],
            ),
        ],
    );
    // With an index on `name`, an equality on it anchors the pattern, written in the
    // pattern or in the WHERE with a value known before the MATCH.
    let mut indexed = people();
    indexed.add_index("name");
    let x = Params::from([("x".to_string(), Value::from("Paris"))]);
    check_plans(
        &indexed,
        &x,
        &[
            (
                "MATCH (a:Person)-->(m {name: 'Paris'}) RETURN a",
                &[
                    "MATCH (a:Person)-->(m {name: 'Paris'})",
                    "  start at (m) by the index on name = 'Paris'",
                    "  expand (m)<--(a:Person)",
                    "return a",
                ],
            ),
            (
                "MATCH (a:Person)-->(m) WHERE m.name = $x RETURN a",
                &[
                    "MATCH (a:Person)-->(m) WHERE m.name = $x",
                    "  start at (m) by the index on name = $x",
                    "  filter m.name = $x",
                    "  expand (m)<--(a:Person)",
                    "return a",
                ],
            ),
            (
                "MATCH (a:Person)-->(m:City) RETURN a",
                &[
                    "MATCH (a:Person)-->(m:City)",
                    "  start at (m:City) by label City (1 node)",
                    "  expand (m)<--(a:Person)",
                    "return a",
                ],
            ),
        ],
    );
}

/// The rest of a plan: projections, aggregation, sorting and paging, `UNION`,
/// shortest paths, and `EXPLAIN` answering with the plan as rows.
#[test]
fn plans_show_every_operator() {
    let graph = people();
    check_plans(
        &graph,
        &Params::new(),
        &[
            (
                "UNWIND [3, 1, 2] AS x RETURN x ORDER BY x DESC SKIP 1 LIMIT 1",
                &[
                    "unwind [3, 1, 2] as x",
                    "order by x DESC, keeping the first 2",
                    "skip 1",
                    "limit 1",
                    "return x",
                ],
            ),
            (
                "MATCH (n:Person) WITH n.age AS age WHERE age > 26 RETURN DISTINCT count(*) AS c",
                &[
                    "MATCH (n:Person)",
                    "  start at (n:Person) by label Person (4 nodes)",
                    "compute n.age as age",
                    "filter age > 26",
                    "aggregate count(*)",
                    "distinct",
                    "return c",
                ],
            ),
            (
                "MATCH (a:City) RETURN a.name AS x UNION MATCH (b:Admin) RETURN b.name AS x",
                &[
                    "MATCH (a:City)",
                    "  start at (a:City) by label City (1 node)",
                    "compute a.name as x",
                    "return x",
                    "union",
                    "MATCH (b:Admin)",
                    "  start at (b:Admin) by label Admin (1 node)",
                    "compute b.name as x",
                    "return x",
                ],
            ),
            (
                "MATCH p = shortestPath((a:Person {name: 'Alice'})-[:KNOWS*]->(d {name: 'Dave'})) RETURN length(p)",
                &[
                    "MATCH p = shortestPath((a:Person {name: 'Alice'})-[:KNOWS*]->(d {name: 'Dave'}))",
                    "  shortestPath (a:Person)-[:KNOWS*]->(d), searching from both ends; (a:Person) by label Person (4 nodes); (d) by scanning every node (5 nodes)",
                    "compute length(p) as length(p)",
                    "return length(p)",
                ],
            ),
            (
                "MATCH (a {name: 'Alice'}) MATCH p = allShortestPaths((a)-[*..3]-(:City)) RETURN p",
                &[
                    "MATCH (a {name: 'Alice'})",
                    "  start at (a) by scanning every node (5 nodes)",
                    "MATCH p = allShortestPaths((a)-[*..3]-(:City))",
                    "  allShortestPaths (a)-[*1..3]-(:City), breadth-first from the start; (a) bound earlier; (:City) by label City (1 node)",
                    "return p",
                ],
            ),
            (
                "MATCH p = (a:Admin)<-[k:KNOWS]-(b) RETURN p",
                &[
                    "MATCH p = (a:Admin)<-[k:KNOWS]-(b)",
                    "  start at (a:Admin) by label Admin (1 node)",
                    "  expand (a)<-[k:KNOWS]-(b)",
                    "  assemble path p",
                    "return p",
                ],
            ),
        ],
    );
    let explained = Query::parse("explain MATCH (a:City)\n  RETURN a")
        .and_then(|query| query.run(&graph, &Params::new(), &Options::default()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(explained.columns, ["plan"]);
    let rows: Vec<String> = explained
        .rows
        .iter()
        .map(|row| row[0].to_string())
        .collect();
    assert_eq!(
        rows,
        [
            "MATCH (a:City)",
            "  start at (a:City) by label City (1 node)",
            "return a",
        ]
    );
    // `explain` is a name anywhere but at the start.
    check_table(&graph, &[("UNWIND [1] AS explain RETURN explain", &["1"])]);
}

/// Counting instead of matching (degrees, counts per type) must give exactly the
/// groups that matching one by one gives. In the people graph each node's outgoing
/// and incoming relationships are: Alice 5 out (KNOWS Bob and Carol, LIVES_IN,
/// LIKES Bob twice), 0 in; Bob 2 out, 3 in; Carol 1 out, 2 in; Dave 1 out and 2 in
/// (his self-loop is both); Paris 0 out, 2 in.
#[test]
fn counted_matches_give_the_same_groups_as_listed_ones() {
    let graph = people();
    check_table(
        &graph,
        &[
            // Per type, from the count store.
            (
                "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY t",
                &["'KNOWS' | 4", "'LIKES' | 3", "'LIVES_IN' | 2"],
            ),
            (
                "MATCH ()<-[r:KNOWS|LIKES|KNOWS]-() RETURN type(r), count(*) ORDER BY type(r)",
                &["'KNOWS' | 4", "'LIKES' | 3"],
            ),
            ("MATCH ()-->() RETURN count(*)", &["9"]),
            (
                "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY n DESC LIMIT 1",
                &["'KNOWS' | 4"],
            ),
            // Reading more of `r` than its type: listed, not counted.
            (
                "MATCH ()-[r]->() RETURN type(r), count(r.since) ORDER BY type(r)",
                &["'KNOWS' | 3", "'LIKES' | 0", "'LIVES_IN' | 0"],
            ),
            // Undirected: every relationship twice, a self-loop once, whether listed
            // (named `r`) or counted by degree (anonymous).
            ("MATCH ()-[r]-() RETURN count(*)", &["17"]),
            ("MATCH ()--() RETURN count(*)", &["17"]),
            // Degrees.
            (
                "MATCH (n)<--() RETURN n.name, count(*) ORDER BY n.name",
                &["'Bob' | 3", "'Carol' | 2", "'Dave' | 2", "'Paris' | 2"],
            ),
            (
                "MATCH (n:Person)-[:KNOWS]-() WITH n, count(*) AS k RETURN n.name, k ORDER BY k DESC, n.name",
                &["'Carol' | 3", "'Alice' | 2", "'Bob' | 2", "'Dave' | 1"],
            ),
            (
                "MATCH (n)-->() WHERE n.age > 26 RETURN n.name, count(*) ORDER BY n.name",
                &["'Alice' | 5", "'Carol' | 1"],
            ),
            (
                "MATCH (c:City) MATCH (c)<--() RETURN c.name, count(*)",
                &["'Paris' | 2"],
            ),
            // Every aggregate sees a counted row as many times as it stands for.
            (
                "MATCH (n:Person)-[:LIKES]->() RETURN n.name, collect(n.age), sum(n.age), count(DISTINCT n) ORDER BY n.name",
                &["'Alice' | [30, 30] | 60 | 1", "'Dave' | [] | 0 | 1"],
            ),
            (
                "MATCH (n:Person)-[:KNOWS]-() RETURN n.name, count(n.age), avg(n.age), min(n.age), max(n.age), sum(n.age * 1.5) ORDER BY n.name",
                &[
                    "'Alice' | 2 | 30.0 | 30 | 30 | 90.0",
                    "'Bob' | 2 | 25.0 | 25 | 25 | 75.0",
                    "'Carol' | 3 | 35.0 | 35 | 35 | 157.5",
                    "'Dave' | 0 | null | null | null | 0",
                ],
            ),
            // No match: no group, but without keys one row of zero.
            ("MATCH (c:City)-->() RETURN count(*)", &["0"]),
            ("MATCH (c:City)-->() RETURN c, count(*)", &[]),
            ("OPTIONAL MATCH (c:City)-->() RETURN count(*)", &["1"]),
            // Grouped by the scanned node (rows come node by node) or by another.
            (
                "MATCH (n:Person)-->(m) RETURN n.name, n.age, count(*) ORDER BY n.name",
                &[
                    "'Alice' | 30 | 5",
                    "'Bob' | 25 | 2",
                    "'Carol' | 35 | 1",
                    "'Dave' | null | 1",
                ],
            ),
            (
                "MATCH (n:Person)-->(m) RETURN m.name, count(*) ORDER BY m.name",
                &["'Bob' | 3", "'Carol' | 2", "'Dave' | 2", "'Paris' | 2"],
            ),
            // Grouped node by node: the groups come in the order the scan finds the
            // nodes, and a WHERE or LIMIT after the projection sees them so.
            (
                "MATCH (n:Person)-->(m) WITH n, count(*) AS c RETURN n.name, c LIMIT 2",
                &["'Alice' | 5", "'Bob' | 2"],
            ),
            (
                "MATCH (n:Person)-->(m) WITH n, count(*) AS c WHERE c < 3 RETURN n.name, c",
                &["'Bob' | 2", "'Carol' | 1", "'Dave' | 1"],
            ),
        ],
    );
}

/// `ORDER BY ... LIMIT` keeps only the best rows as it goes; rows with equal keys
/// keep their order. Of 1..300, `i % 7 = 6` for 6, 13, 20, 27, 34, ...; `i % 7 = 0`
/// for the 42 multiples of 7 up to 294.
#[test]
fn top_rows_are_kept_in_order_of_arrival_among_equals() {
    check_table(
        &people(),
        &[
            (
                "UNWIND range(1, 300) AS i RETURN i % 7 AS k, i ORDER BY k DESC LIMIT 5",
                &["6 | 6", "6 | 13", "6 | 20", "6 | 27", "6 | 34"],
            ),
            (
                "UNWIND range(1, 300) AS i RETURN i % 7 AS k, i ORDER BY k SKIP 40 LIMIT 3",
                &["0 | 287", "0 | 294", "1 | 1"],
            ),
            (
                "UNWIND range(300, 1, -1) AS i RETURN i ORDER BY i LIMIT 2",
                &["1", "2"],
            ),
        ],
    );
}

#[test]
fn counting_is_planned_only_where_it_gives_the_same_answer() {
    let graph = people();
    let plan_of = |text: &str| -> &'static str {
        let lines = plan_lines(&graph, text, &Params::new()).join("\n");
        if lines.contains("per type from the count store") {
            "count by type"
        } else if lines.contains("by degree") {
            "degree"
        } else {
            "list"
        }
    };
    assert_eq!(
        plan_of("MATCH ()-[r]->() RETURN type(r), count(*)"),
        "count by type"
    );
    assert_eq!(plan_of("MATCH ()-->() RETURN count(*)"), "count by type");
    assert_eq!(plan_of("MATCH (n)<--() RETURN n, count(*)"), "degree");
    assert_eq!(plan_of("MATCH ()-->(n) RETURN n, count(*)"), "degree");
    assert_eq!(plan_of("MATCH ()--() RETURN count(*)"), "degree");
    // Not when the counted part is read, filtered, optional or longer.
    assert_eq!(plan_of("MATCH ()-[r]->() RETURN r, count(*)"), "list");
    assert_eq!(plan_of("MATCH ()-[r]-() RETURN count(*)"), "list");
    assert_eq!(
        plan_of("MATCH ()-[r]->() WHERE r.since > 2000 RETURN count(*)"),
        "list"
    );
    assert_eq!(plan_of("MATCH (n)-->(m) RETURN n, count(*)"), "list");
    assert_eq!(plan_of("MATCH (n)-->(:City) RETURN n, count(*)"), "list");
    assert_eq!(plan_of("MATCH (n)-[*1..2]->() RETURN n, count(*)"), "list");
    assert_eq!(plan_of("MATCH (n)-->()-->() RETURN n, count(*)"), "list");
    assert_eq!(plan_of("MATCH p = (n)-->() RETURN n, count(*)"), "list");
    assert_eq!(
        plan_of("OPTIONAL MATCH (n)-->() RETURN n, count(*)"),
        "list"
    );
    assert_eq!(plan_of("MATCH (n)-->() RETURN n"), "list");
    // Whole plans of the two shortcuts: the people graph has relationships of three
    // types; a node's degree is read where its rows would be listed, and the
    // aggregation keyed by the scanned node sees its groups one after another.
    check_plans(
        &graph,
        &Params::new(),
        &[
            (
                "MATCH ()-[r]->() RETURN type(r), count(*)",
                &[
                    "MATCH ()-[r]->()",
                    "  count ()-[r]->() per type from the count store (3 types)",
                    "aggregate count(*) by type(r)",
                    "return type(r), count(*)",
                ],
            ),
            (
                "MATCH (n)<-[:KNOWS]-() RETURN n, count(*) AS k ORDER BY k DESC LIMIT 2",
                &[
                    "MATCH (n)<-[:KNOWS]-()",
                    "  start at (n) by scanning every node (5 nodes)",
                    "  count (n)<-[:KNOWS]-() by degree, without listing",
                    "aggregate count(*) by n, one group after another",
                    "order by k DESC, keeping the first 2",
                    "limit 2",
                    "return n, k",
                ],
            ),
        ],
    );
}

/// Counting by labels: the people graph's nodes are Alice, Bob and Dave (Person),
/// Carol (Person, Admin) and Paris (City), so three groups of labels, of 3, 1 and 1.
#[test]
fn counting_by_labels_reads_one_row_per_group() {
    let graph = people();
    let cases: &[(&str, bool, &[&str])] = &[
        (
            "MATCH (n) RETURN labels(n) AS l, count(*) AS c ORDER BY c DESC, l",
            true,
            &["['Person'] | 3", "['City'] | 1", "['Person', 'Admin'] | 1"],
        ),
        ("MATCH (n) RETURN count(*)", true, &["5"]),
        ("MATCH () RETURN count(*)", true, &["5"]),
        ("MATCH (n:Person) RETURN count(*)", true, &["4"]),
        (
            "MATCH (n:Admin) RETURN labels(n), count(*)",
            true,
            &["['Person', 'Admin'] | 1"],
        ),
        ("MATCH (n:Person:Admin) RETURN count(*)", true, &["1"]),
        ("MATCH (n:City|Admin) RETURN count(*)", true, &["2"]),
        ("MATCH (n:City:Admin) RETURN count(*)", true, &["0"]),
        ("MATCH (n) RETURN count(DISTINCT labels(n))", true, &["3"]),
        (
            "MATCH (n) RETURN size(labels(n)) AS k, count(*) ORDER BY k",
            true,
            &["1 | 4", "2 | 1"],
        ),
        // Not when the node is read otherwise, filtered, optional or bound before.
        ("MATCH (n) RETURN count(n)", false, &["5"]),
        (
            "MATCH (n) WHERE n.age > 26 RETURN labels(n) AS l, count(*) ORDER BY l",
            false,
            &["['Person'] | 1", "['Person', 'Admin'] | 1"],
        ),
        ("MATCH (n {name: 'Bob'}) RETURN count(*)", false, &["1"]),
        ("OPTIONAL MATCH (n:Nobody) RETURN count(*)", false, &["1"]),
        (
            "MATCH (n:City) WITH n MATCH (n) RETURN count(*)",
            false,
            &["1"],
        ),
        (
            "MATCH (n:City) RETURN n.name, count(*)",
            false,
            &["'Paris' | 1"],
        ),
        // Alice likes Bob twice, Dave himself once: read through a pattern.
        (
            "MATCH (n:Person) RETURN sum(size([(n)-[:LIKES]->(b) | b]))",
            false,
            &["3"],
        ),
    ];
    for (text, counted, expected) in cases {
        let plan = plan_lines(&graph, text, &Params::new()).join("\n");
        assert_eq!(
            plan.contains("per labels from the label index"),
            *counted,
            "\n{text}\n{plan}"
        );
        assert_eq!(run(&graph, text).unwrap(), *expected, "\n{text}");
    }
    check_plans(
        &graph,
        &Params::new(),
        &[(
            "MATCH (n:Person) RETURN labels(n), count(*)",
            &[
                "MATCH (n:Person)",
                "  count (n:Person) per labels from the label index (2 groups)",
                "aggregate count(*) by labels(n)",
                "return labels(n), count(*)",
            ],
        )],
    );
}

/// String tests on a node's property, which read it without copying where the graph
/// lends its strings: Alice, Bob, Carol, Dave (ages 30, 25, 35, none) and Paris.
#[test]
fn string_tests_on_node_properties() {
    check_table(
        &people(),
        &[
            (
                "MATCH (n:Person) WHERE n.name ENDS WITH 'e' RETURN n.name ORDER BY n.name",
                &["'Alice'", "'Dave'"],
            ),
            (
                "MATCH (n) WHERE n.name STARTS WITH 'C' RETURN n.name",
                &["'Carol'"],
            ),
            (
                "MATCH (n) WHERE n.name CONTAINS 'ar' RETURN n.name ORDER BY n.name",
                &["'Carol'", "'Paris'"],
            ),
            // Not a string, or absent: null, which WHERE drops.
            (
                "MATCH (n) WHERE n.age STARTS WITH '3' RETURN count(*)",
                &["0"],
            ),
            (
                "MATCH (n:City) RETURN n.name ENDS WITH 's', n.name CONTAINS '', n.name STARTS WITH 'Paris!', n.age CONTAINS ''",
                &["true | true | false | null"],
            ),
            (
                "MATCH (n:City) WITH n.name AS name RETURN name ENDS WITH 'is'",
                &["true"],
            ),
        ],
    );
}

/// The evaluator's counterpart of the parser's robustness test: every valid query of
/// the parser's tables, with characters deleted and values, operators and pattern
/// pieces inserted at random, runs to an answer or an error, never a panic (which a
/// debug build also raises on integer overflow and out-of-bounds indexing).
#[test]
fn evaluator_never_panics_on_mutated_queries() {
    use crate::cypher::parser::tests::{VALID, XorShift};

    const INSERTS: &[&str] = &[
        "0",
        "-1",
        "null",
        "9223372036854775807",
        "-9223372036854775808",
        "1e308",
        "0.0",
        "[]",
        "{}",
        "'x'",
        "NOT ",
        " + 1",
        " * -1",
        " / 0",
        " % 0",
        "[0]",
        "[-1..]",
        ".x",
        " IS NULL",
        "*",
        "*0..",
        "|",
        ":Person",
        "-->",
        "<--",
        "()",
        ", ",
        " DISTINCT ",
        "$p",
        "(n)",
        "[r]",
        "count(*)",
        "collect(",
        "range(",
        "reverse(",
        "size(",
        "-[*]-",
    ];
    let graph = people();
    let options = Options {
        max_hops: 3,
        timeout: Some(Duration::from_millis(200)),
        row_limit: 1_000,
        max_memory: 64 << 20,
        strict: false,
    };
    let params: Params = [("p".to_string(), Value::Integer(2))].into_iter().collect();
    let mut random = XorShift(0x2545_F491_4F6C_DD1D);
    let mut ran = 0;
    let mut try_run = |text: &str| {
        if let Ok(query) = Query::parse(text) {
            ran += 1;
            // An answer or an error; a panic fails the test with the text.
            let outcome = std::panic::catch_unwind(|| query.run(&graph, &params, &options));
            assert!(outcome.is_ok(), "the evaluator panicked on {text:?}");
        }
    };
    for &(text, _) in VALID {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(index, _)| index)
            .chain([text.len()])
            .collect();
        try_run(text);
        for window in boundaries.windows(2) {
            try_run(&format!("{}{}", &text[..window[0]], &text[window[1]..]));
        }
        for _ in 0..200 {
            let at = boundaries[random.below(boundaries.len())];
            let insert = INSERTS[random.below(INSERTS.len())];
            try_run(&format!("{}{insert}{}", &text[..at], &text[at..]));
        }
    }
    // Many mutations break the syntax; enough must parse for the test to test much.
    assert!(ran > 1_500, "only {ran} mutated queries parsed");
}

#[test]
fn huge_queries_are_refused_not_overflowing_the_stack() {
    let graph = people();
    let long_pattern = format!("MATCH (a){} RETURN count(*)", "-->()".repeat(300));
    let (message, _) = failure(&graph, &long_pattern);
    assert!(message.contains("at most 256 are allowed"), "{message}");
    let many_clauses = format!("{}RETURN 1", "WITH 1 AS x ".repeat(300));
    failure(&graph, &many_clauses);
    // The deepest query allowed, matched to its full depth, fits a test thread's stack
    // (2 MiB) even unoptimised: a chain of 260 nodes and a 250-hop pattern along it.
    let mut chain = MemoryGraph::new();
    let nodes: Vec<NodeId> = (0..260)
        .map(|i| chain.add_node(&["C"], &[("i", Value::Integer(i))]))
        .collect();
    for pair in nodes.windows(2) {
        chain.add_relationship(pair[0], "NEXT", pair[1], &[]);
    }
    let deepest = format!(
        "MATCH (a:C {{i: 0}}){} WITH count(*) AS n {}RETURN n",
        "-->()".repeat(250),
        "WITH n ".repeat(3)
    );
    assert_eq!(run(&chain, &deepest).ok(), Some(vec!["1".to_string()]));
}

#[test]
fn unknown_names_answer_with_nothing_and_a_warning() {
    // openCypher: a label, type or key the graph lacks matches nothing or reads as
    // null. `people` has labels Admin, City, Person, type KNOWS (and others), key name.
    let graph = people();
    for (text, rows, warnings) in [
        (
            "MATCH (n:Persn) RETURN n",
            vec![],
            vec!["unknown label `Persn` (did you mean `Person`?)"],
        ),
        (
            "MATCH ()-[:KNOW]->() RETURN 1",
            vec![],
            vec!["unknown relationship type `KNOW` (did you mean `KNOWS`?)"],
        ),
        (
            "MATCH (n:Person {name: 'Alice'}) RETURN n.nam",
            vec!["null"],
            vec!["unknown property key `nam` (did you mean `name`?)"],
        ),
        // A label test on a node that cannot carry it is false, not an error.
        (
            "MATCH (n:Person) WHERE n:Zebra RETURN count(*)",
            vec!["0"],
            vec!["unknown label `Zebra` (the labels are `Admin`, `City`, `Person`)"],
        ),
        // Each unknown name once, however often it is written.
        (
            "MATCH (a:Zebra), (b:Zebra) RETURN count(*)",
            vec!["0"],
            vec!["unknown label `Zebra` (the labels are `Admin`, `City`, `Person`)"],
        ),
        ("MATCH (n:Person) RETURN count(*)", vec!["4"], vec![]),
    ] {
        let result = Query::parse(text)
            .and_then(|q| q.run(&graph, &Params::new(), &Options::default()))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        let found: Vec<String> = result
            .rows
            .iter()
            .map(|row| row.iter().map(cell).collect::<Vec<_>>().join(" | "))
            .collect();
        assert_eq!(found, rows, "{text}");
        let said: Vec<String> = result.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(said, warnings, "{text}");
    }
}

#[test]
fn rand_is_a_float_in_the_unit_interval() {
    let graph = people();
    let rows = run(&graph, "UNWIND range(1, 100) AS i WITH rand() AS r RETURN min(r) >= 0.0, max(r) < 1.0, count(DISTINCT r)").unwrap();
    // 100 draws of 53 random bits: a repeat would be a broken generator.
    assert_eq!(rows, ["true | true | 100"]);
    let error = run(&graph, "RETURN rand(1)").unwrap_err().to_string();
    assert!(error.contains("rand"), "{error}");
}
