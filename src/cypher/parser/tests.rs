//! The parser's tests: tables of valid and invalid queries, the printer's round
//! trip, and robustness against mutated and deeply nested input.

use super::*;

/// Valid queries and their canonical printed form.
pub(crate) const VALID: &[(&str, &str)] = &[
    // Clauses.
    ("MATCH (n) RETURN n", "MATCH (n) RETURN n"),
    ("explain match (n) return n", "EXPLAIN MATCH (n) RETURN n"),
    // Patterns as conditions, and EXISTS and COUNT subqueries (MATCH written
    // always); as an operand a bare pattern is parenthesised.
    (
        "MATCH (a) WHERE (a)-[:CHAIRS]->() AND NOT (a)<--(:M {k: 1}) RETURN a",
        "MATCH (a) WHERE ((a)-[:CHAIRS]->()) AND (NOT ((a)<--(:M {k: 1}))) RETURN a",
    ),
    (
        "MATCH (a) WHERE ()-->(a) OR (:A|B)--(a) OR exists((a)-->()) RETURN a",
        "MATCH (a) WHERE ()-->(a) OR ((:A|B)--(a)) OR exists((a)-->()) RETURN a",
    ),
    (
        "MATCH (a) RETURN exists { (a)-->(b) where b.x > 1 }, Count { MATCH (a)--(), (a)-->(c) }",
        "MATCH (a) RETURN EXISTS { MATCH (a)-->(b) WHERE b.x > 1 }, COUNT { MATCH (a)--(), (a)-->(c) }",
    ),
    // Parentheses around a name, followed by what is not an arrow, are grouping.
    (
        "RETURN (a) - 1, (a) < -1, (a)--1",
        "RETURN a - 1, a < -1, a - -1",
    ),
    (
        "MATCH (a)<-->(b)<-[r:T*2]->(c) RETURN a",
        "MATCH (a)--(b)-[r:T*2]-(c) RETURN a",
    ),
    (
        "EXPLAIN RETURN 1 AS explain UNION RETURN 2 AS explain",
        "EXPLAIN RETURN 1 AS explain UNION RETURN 2 AS explain",
    ),
    (
        "match (a:A)-->(b) return a.name as n order by n desc limit 3",
        "MATCH (a:A)-->(b) RETURN a.name AS n ORDER BY n DESC LIMIT 3",
    ),
    ("MATCH (a), (b) RETURN a, b", "MATCH (a), (b) RETURN a, b"),
    (
        "MATCH (a) MATCH (b) RETURN a, b",
        "MATCH (a) MATCH (b) RETURN a, b",
    ),
    (
        "optional match (a)-[r]->(b) return r",
        "OPTIONAL MATCH (a)-[r]->(b) RETURN r",
    ),
    (
        "MATCH (a) OPTIONAL MATCH (a)-->(b) WHERE b.x > 1 RETURN a, b",
        "MATCH (a) OPTIONAL MATCH (a)-->(b) WHERE b.x > 1 RETURN a, b",
    ),
    (
        "MATCH (n) WHERE n.age >= 18 RETURN n",
        "MATCH (n) WHERE n.age >= 18 RETURN n",
    ),
    (
        "MATCH (n) WITH n, count(*) AS c WHERE c > 1 RETURN n, c",
        "MATCH (n) WITH n, count(*) AS c WHERE c > 1 RETURN n, c",
    ),
    (
        "MATCH (n) WITH DISTINCT n.city AS city RETURN city",
        "MATCH (n) WITH DISTINCT n.city AS city RETURN city",
    ),
    ("MATCH (n) WITH * RETURN n", "MATCH (n) WITH * RETURN n"),
    (
        "MATCH (n) WITH n ORDER BY n.name SKIP 1 LIMIT 10 WHERE n.x RETURN n",
        "MATCH (n) WITH n ORDER BY n.name SKIP 1 LIMIT 10 WHERE n.x RETURN n",
    ),
    (
        "unwind [1, 2, 3] as x return x",
        "UNWIND [1, 2, 3] AS x RETURN x",
    ),
    ("RETURN DISTINCT *", "RETURN DISTINCT *"),
    (
        "MATCH (n) RETURN *, n.name AS name",
        "MATCH (n) RETURN *, n.name AS name",
    ),
    (
        "RETURN 1 AS one ORDER BY one ASCENDING, 2 DESCENDING, 3 asc, 4 desc SKIP 0 LIMIT 1",
        "RETURN 1 AS one ORDER BY one, 2 DESC, 3, 4 DESC SKIP 0 LIMIT 1",
    ),
    ("RETURN 1 union RETURN 2", "RETURN 1 UNION RETURN 2"),
    (
        "RETURN 1 UNION ALL RETURN 2 UNION ALL RETURN 3",
        "RETURN 1 UNION ALL RETURN 2 UNION ALL RETURN 3",
    ),
    ("MATCH (n) RETURN n ;", "MATCH (n) RETURN n"),
    ("WITH 1 AS x RETURN x", "WITH 1 AS x RETURN x"),
    (
        "MATCH (n) RETURN n SKIP $skip LIMIT $limit",
        "MATCH (n) RETURN n SKIP $skip LIMIT $limit",
    ),
    (
        "UNWIND $list AS item WITH item WHERE item IS NOT NULL RETURN item",
        "UNWIND $list AS item WITH item WHERE item IS NOT NULL RETURN item",
    ),
    (
        "MATCH (a) RETURN a UNION MATCH (b) RETURN b AS a",
        "MATCH (a) RETURN a UNION MATCH (b) RETURN b AS a",
    ),
    (
        "// find people\nMATCH (n) /* any node */ RETURN n // done",
        "MATCH (n) RETURN n",
    ),
    // Patterns.
    ("MATCH () RETURN 1", "MATCH () RETURN 1"),
    ("MATCH (:Person) RETURN 1", "MATCH (:Person) RETURN 1"),
    ("MATCH (n:A:B) RETURN n", "MATCH (n:A:B) RETURN n"),
    ("MATCH (n:A|B) RETURN n", "MATCH (n:A|B) RETURN n"),
    ("MATCH (n:A|:B) RETURN n", "MATCH (n:A|B) RETURN n"),
    (
        "MATCH (n {name: 'Ann', age: 3}) RETURN n",
        "MATCH (n {name: 'Ann', age: 3}) RETURN n",
    ),
    (
        "MATCH (n:Person{name:$name}) RETURN n",
        "MATCH (n:Person {name: $name}) RETURN n",
    ),
    ("MATCH (a)<--(b) RETURN a", "MATCH (a)<--(b) RETURN a"),
    ("MATCH (a)--(b) RETURN a", "MATCH (a)--(b) RETURN a"),
    ("MATCH (a)-[]->(b) RETURN a", "MATCH (a)-->(b) RETURN a"),
    (
        "MATCH (a) - [ ] - > (b) RETURN a",
        "MATCH (a)-->(b) RETURN a",
    ),
    (
        "MATCH (a)<-[r:KNOWS]-(b) RETURN r",
        "MATCH (a)<-[r:KNOWS]-(b) RETURN r",
    ),
    (
        "MATCH (a)-[r:KNOWS|LIKES]-(b) RETURN r",
        "MATCH (a)-[r:KNOWS|LIKES]-(b) RETURN r",
    ),
    (
        "MATCH (a)-[:KNOWS|:LIKES]->(b) RETURN a",
        "MATCH (a)-[:KNOWS|LIKES]->(b) RETURN a",
    ),
    ("MATCH (a)-[*]->(b) RETURN a", "MATCH (a)-[*]->(b) RETURN a"),
    (
        "MATCH (a)-[*2]->(b) RETURN a",
        "MATCH (a)-[*2]->(b) RETURN a",
    ),
    (
        "MATCH (a)-[*1..3]->(b) RETURN a",
        "MATCH (a)-[*1..3]->(b) RETURN a",
    ),
    (
        "MATCH (a)-[*..3]->(b) RETURN a",
        "MATCH (a)-[*..3]->(b) RETURN a",
    ),
    (
        "MATCH (a)-[*2..]->(b) RETURN a",
        "MATCH (a)-[*2..]->(b) RETURN a",
    ),
    (
        "MATCH (a)-[*..]->(b) RETURN a",
        "MATCH (a)-[*]->(b) RETURN a",
    ),
    (
        "MATCH (a)-[r:T*1..2 {w: 1}]->(b) RETURN r",
        "MATCH (a)-[r:T*1..2 {w: 1}]->(b) RETURN r",
    ),
    (
        "MATCH (n)-[r {since: 2020}]-(m) RETURN n",
        "MATCH (n)-[r {since: 2020}]-(m) RETURN n",
    ),
    (
        "MATCH p = (a)-->(b)<--(c) RETURN p",
        "MATCH p = (a)-->(b)<--(c) RETURN p",
    ),
    (
        "MATCH p = shortestPath((a)-[*]-(b)) RETURN p",
        "MATCH p = shortestPath((a)-[*]-(b)) RETURN p",
    ),
    (
        "MATCH allshortestpaths((a)-[:R*]->(b)) RETURN a",
        "MATCH allShortestPaths((a)-[:R*]->(b)) RETURN a",
    ),
    (
        "MATCH (`odd name`:`My Label`) RETURN `odd name`",
        "MATCH (`odd name`:`My Label`) RETURN `odd name`",
    ),
    ("MATCH (n:Match) RETURN n", "MATCH (n:Match) RETURN n"),
    // Operator precedence, shown by the printer's parentheses.
    ("RETURN 1 + 2 * 3 ^ 2", "RETURN 1 + (2 * (3 ^ 2))"),
    ("RETURN NOT a = b", "RETURN NOT (a = b)"),
    ("RETURN a OR b AND c XOR d", "RETURN a OR ((b AND c) XOR d)"),
    ("RETURN (1 + 2) * 3", "RETURN (1 + 2) * 3"),
    ("RETURN 1 - 2 - 3", "RETURN 1 - 2 - 3"),
    ("RETURN 1 - (2 - 3)", "RETURN 1 - (2 - 3)"),
    ("RETURN 2 ^ 3 ^ 2", "RETURN 2 ^ 3 ^ 2"),
    ("RETURN -2 ^ 2", "RETURN -2 ^ 2"),
    ("RETURN -x ^ 2", "RETURN (-x) ^ 2"),
    ("RETURN - -x, +x, -(2)", "RETURN --x, +x, -(2)"),
    ("RETURN x % 2 / 3 * 4", "RETURN x % 2 / 3 * 4"),
    ("RETURN a AND NOT b", "RETURN a AND (NOT b)"),
    ("RETURN NOT NOT a", "RETURN NOT NOT a"),
    ("RETURN a + 1 = b * 2", "RETURN (a + 1) = (b * 2)"),
    ("RETURN 1 + 2 IN [3]", "RETURN (1 + 2) IN [3]"),
    ("RETURN a = b IN c", "RETURN a = (b IN c)"),
    (
        "MATCH (a) WHERE a.name = 'x' AND a.age > 3 RETURN a",
        "MATCH (a) WHERE (a.name = 'x') AND (a.age > 3) RETURN a",
    ),
    // Literals.
    ("RETURN -9223372036854775808", "RETURN -9223372036854775808"),
    (
        "RETURN 0x1F, 0o17, 1.5, 1e3, .5, 2.5E-3, -1.5, -0x10",
        "RETURN 31, 15, 1.5, 1000.0, 0.5, 0.0025, -1.5, -16",
    ),
    (
        r#"RETURN 'a\'b', "q\"", '\n\t\u00e9', "it's""#,
        r#"RETURN 'a\'b', 'q"', '\n\té', 'it\'s'"#,
    ),
    ("RETURN true, FALSE, Null", "RETURN true, false, null"),
    (
        "RETURN [1, 2, [3]], [], {a: 1, b: 'x'}, {}",
        "RETURN [1, 2, [3]], [], {a: 1, b: 'x'}, {}",
    ),
    (
        "RETURN $name, $0, $`odd param`",
        "RETURN $name, $0, $`odd param`",
    ),
    // Calls, CASE, comprehensions.
    (
        "RETURN count(*), COUNT( DISTINCT n.x ), toUpper(n.name), rand()",
        "RETURN count(*), COUNT(DISTINCT n.x), toUpper(n.name), rand()",
    ),
    ("RETURN exists(n.name)", "RETURN exists(n.name)"),
    (
        "RETURN CASE n.x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END",
        "RETURN CASE n.x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END",
    ),
    (
        "RETURN case when a > 1 then 'big' end",
        "RETURN CASE WHEN a > 1 THEN 'big' END",
    ),
    (
        "RETURN [x IN xs WHERE x > 1 | x * 2], [x IN xs], [x IN xs WHERE x], [x IN xs | x.name]",
        "RETURN [x IN xs WHERE x > 1 | x * 2], [x IN xs], [x IN xs WHERE x], [x IN xs | x.name]",
    ),
    ("RETURN [(x IN xs)]", "RETURN [(x IN xs)]"),
    (
        "RETURN [x IN xs WHERE (x:A|B) | x]",
        "RETURN [x IN xs WHERE (x:A|B) | x]",
    ),
    (
        "RETURN [x IN xs WHERE x:A | x]",
        "RETURN [x IN xs WHERE x:A | x]",
    ),
    // Postfix forms.
    (
        "RETURN n.name, n.address.city, xs[0], xs[1..3], xs[..2], xs[1..], xs[..]",
        "RETURN n.name, n.address.city, xs[0], xs[1..3], xs[..2], xs[1..], xs[..]",
    ),
    (
        "MATCH (n) WHERE n:Person RETURN n",
        "MATCH (n) WHERE n:Person RETURN n",
    ),
    (
        "MATCH (n) WHERE n:A:B OR n:C|D RETURN n",
        "MATCH (n) WHERE n:A:B OR n:C|D RETURN n",
    ),
    ("RETURN {a: 1}.a, [1, 2][0]", "RETURN {a: 1}.a, [1, 2][0]"),
    ("RETURN `a b`.`c d`", "RETURN `a b`.`c d`"),
    (
        "MATCH (n) RETURN n.count, n.end AS e",
        "MATCH (n) RETURN n.count, n.end AS e",
    ),
    ("RETURN 1 AS `RETURN`", "RETURN 1 AS `RETURN`"),
    // Comparisons and predicates.
    (
        "RETURN a = b, a <> b, a < b, a > b, a <= b, a >= b, a =~ 'x.*'",
        "RETURN a = b, a <> b, a < b, a > b, a <= b, a >= b, a =~ 'x.*'",
    ),
    (
        "RETURN a IN [1, 2], a STARTS WITH 'x', a ENDS WITH 'y', a CONTAINS 'z'",
        "RETURN a IN [1, 2], a STARTS WITH 'x', a ENDS WITH 'y', a CONTAINS 'z'",
    ),
    (
        "RETURN a IS NULL, a is not null, a.b + 1 IS NULL",
        "RETURN a IS NULL, a IS NOT NULL, (a.b + 1) IS NULL",
    ),
    ("RETURN 1 < x <= 5", "RETURN 1 < x <= 5"),
    ("RETURN (1 < x) < 5", "RETURN (1 < x) < 5"),
    ("RETURN 1 < (x < 5)", "RETURN 1 < (x < 5)"),
];

fn parse_ok(text: &str) -> Query {
    match parse(text) {
        Ok(query) => query,
        Err(error) => panic!("{text:?} failed:\n{}", error.render(text)),
    }
}

fn parse_err(text: &str) -> ParseError {
    match parse(text) {
        Ok(query) => panic!("{text:?} parsed as {query}"),
        Err(error) => error,
    }
}

#[test]
fn there_are_enough_valid_cases() {
    assert!(VALID.len() >= 60, "only {} cases", VALID.len());
}

#[test]
fn valid_queries_print_canonically() {
    for &(text, canonical) in VALID {
        assert_eq!(parse_ok(text).to_string(), canonical, "for {text:?}");
    }
}

#[test]
fn printing_round_trips_and_is_a_fixed_point() {
    for &(text, _) in VALID {
        let parsed = parse_ok(text);
        let printed = parsed.to_string();
        let reparsed = parse_ok(&printed);
        assert!(
            parsed.same_shape(&reparsed),
            "{text:?} printed as {printed:?} which parses differently:\n{parsed:#?}\n{reparsed:#?}"
        );
        assert_eq!(reparsed.to_string(), printed, "not a fixed point: {text:?}");
    }
}

fn only_expression(query: &Query) -> &Expr {
    &query.first.return_clause.projection.items[0].expr
}

#[test]
fn arithmetic_precedence_builds_the_right_tree() {
    let query = parse_ok("RETURN 1 + 2 * 3 ^ 2");
    let ExprKind::Binary { op, rhs, .. } = &only_expression(&query).kind else {
        panic!("not binary");
    };
    assert_eq!(*op, BinaryOp::Add);
    let ExprKind::Binary { op, rhs, .. } = &rhs.kind else {
        panic!("not binary");
    };
    assert_eq!(*op, BinaryOp::Multiply);
    assert!(matches!(
        rhs.kind,
        ExprKind::Binary {
            op: BinaryOp::Power,
            ..
        }
    ));
}

#[test]
fn negative_literals_fold_and_keep_the_minus_in_their_span() {
    let query = parse_ok("RETURN -9223372036854775808");
    let expr = only_expression(&query);
    assert_eq!(expr.kind, ExprKind::Literal(Literal::Integer(i64::MIN)));
    assert_eq!(expr.span, Span::new(7, 27));
    let query = parse_ok("RETURN - 2.5");
    assert_eq!(
        only_expression(&query).kind,
        ExprKind::Literal(Literal::Float(-2.5))
    );
}

#[test]
fn chained_comparisons_form_one_chain() {
    let query = parse_ok("RETURN 1 < x <= 5");
    let ExprKind::ComparisonChain { first, rest } = &only_expression(&query).kind else {
        panic!("not a chain");
    };
    assert_eq!(first.kind, ExprKind::Literal(Literal::Integer(1)));
    let ops: Vec<BinaryOp> = rest.iter().map(|(op, _)| *op).collect();
    assert_eq!(ops, vec![BinaryOp::Less, BinaryOp::LessOrEqual]);
}

#[test]
fn spans_cover_what_was_written() {
    let text = "MATCH (a:A)-[r:T]->(b) WHERE a.x = 1 RETURN (a.name) AS n";
    let query = parse_ok(text);
    let slice = |span: Span| &text[span.start..span.end];
    let Clause::Match(clause) = &query.first.clauses[0] else {
        panic!("not a match");
    };
    assert_eq!(slice(clause.span), "MATCH (a:A)-[r:T]->(b) WHERE a.x = 1");
    let part = &clause.patterns[0];
    assert_eq!(slice(part.span), "(a:A)-[r:T]->(b)");
    assert_eq!(slice(part.start.span), "(a:A)");
    assert_eq!(slice(part.steps[0].relationship.span), "-[r:T]->");
    assert_eq!(slice(part.steps[0].node.span), "(b)");
    let condition = clause.where_clause.as_ref().unwrap();
    assert_eq!(slice(condition.span), "a.x = 1");
    let item = &query.first.return_clause.projection.items[0];
    assert_eq!(slice(item.expr.span), "(a.name)");
    assert_eq!(slice(item.span), "(a.name) AS n");
    assert_eq!(
        slice(query.first.return_clause.span),
        "RETURN (a.name) AS n"
    );
    assert_eq!(slice(query.span), text);
}

#[test]
fn label_forms_are_recorded() {
    let query = parse_ok("MATCH (a:A:B), (b:C|D), (c:E) RETURN 1");
    let Clause::Match(clause) = &query.first.clauses[0] else {
        panic!("not a match");
    };
    let forms: Vec<LabelForm> = clause
        .patterns
        .iter()
        .map(|part| part.start.labels.as_ref().unwrap().form)
        .collect();
    assert_eq!(
        forms,
        vec![LabelForm::AllOf, LabelForm::AnyOf, LabelForm::AllOf]
    );
}

#[test]
fn variable_lengths_are_recorded() {
    let cases = [
        ("*", None, None),
        ("*2", Some(2), Some(2)),
        ("*1..3", Some(1), Some(3)),
        ("*..3", None, Some(3)),
        ("*2..", Some(2), None),
    ];
    for (range, min, max) in cases {
        let text = format!("MATCH (a)-[{range}]->(b) RETURN a");
        let query = parse_ok(&text);
        let Clause::Match(clause) = &query.first.clauses[0] else {
            panic!("not a match");
        };
        let length = clause.patterns[0].steps[0].relationship.length.unwrap();
        assert_eq!((length.min, length.max), (min, max), "{range}");
    }
}

/// What may follow a complete `RETURN` item: another item, an alias, the
/// projection's modifiers, or the end of the query.
const AFTER_RETURN_ITEM: &[&str] = &[
    "`,`",
    "`;`",
    "`AS`",
    "`LIMIT`",
    "`ORDER BY`",
    "`SKIP`",
    "`UNION`",
    "end of input",
];

/// Broken queries: text, line, column, message (start of), expected.
const BROKEN: &[(&str, usize, usize, &str, &[&str])] = &[
    (
        "MATCH (a RETURN a",
        1,
        10,
        "unexpected `RETURN`",
        &["`)`", "`:`", "`{`"],
    ),
    (
        "",
        1,
        1,
        "the query is empty",
        &[
            "`MATCH`",
            "`OPTIONAL MATCH`",
            "`RETURN`",
            "`UNWIND`",
            "`WITH`",
        ],
    ),
    (
        "MATCH",
        1,
        6,
        "unexpected end of input",
        &["`(`", "variable"],
    ),
    (
        "MATCH (n)",
        1,
        10,
        "unexpected end of input (a query must end with `RETURN`)",
        &[
            "`,`",
            "`-`",
            "`<-`",
            "`MATCH`",
            "`OPTIONAL MATCH`",
            "`RETURN`",
            "`UNWIND`",
            "`WHERE`",
            "`WITH`",
        ],
    ),
    ("RETURN 'abc", 1, 8, "unterminated string", &[]),
    ("RETURN 1 § 2", 1, 10, "unexpected character `§`", &[]),
    ("RETURN 'é' + §", 1, 14, "unexpected character `§`", &[]),
    (
        "RETURN 99999999999999999999",
        1,
        8,
        "integer is too large",
        &[],
    ),
    (
        "RETURN 9223372036854775808",
        1,
        8,
        "integer is too large",
        &[],
    ),
    (
        "RETURN -9223372036854775809",
        1,
        9,
        "integer is too small",
        &[],
    ),
    (
        "MATCH (n)\nWHERE n.x = \nRETURN n",
        3,
        1,
        "unexpected `RETURN`",
        &["expression"],
    ),
    ("RETURN (((1)", 1, 13, "unexpected end of input", &["`)`"]),
    (
        "RETURN 1 +",
        1,
        11,
        "unexpected end of input",
        &["expression"],
    ),
    (
        "RETURN [1, 2",
        1,
        13,
        "unexpected end of input",
        &["`,`", "`]`"],
    ),
    (
        "MATCH (n) RETURN n LIMIT",
        1,
        25,
        "unexpected end of input",
        &["expression"],
    ),
    (
        "MATCH (n) RETURN n ORDER n",
        1,
        26,
        "unexpected `n`",
        &["`BY`"],
    ),
    ("RETURN a STARTS b", 1, 17, "unexpected `b`", &["`WITH`"]),
    (
        "RETURN 1 < NOT 2",
        1,
        12,
        "unexpected `NOT`",
        &["expression"],
    ),
    (
        "RETURN count(DISTINCT *)",
        1,
        23,
        "unexpected `*`",
        &["expression"],
    ),
    ("RETURN a b", 1, 10, "unexpected `b`", AFTER_RETURN_ITEM),
    (
        "RETURN 1; RETURN 2",
        1,
        11,
        "unexpected `RETURN`",
        &["end of input"],
    ),
    (
        "UNWIND xs AS end RETURN 1",
        1,
        14,
        "unexpected `end` (`END` is a reserved word",
        &["variable"],
    ),
    (
        "MATCH (n:A:B|C) RETURN n",
        1,
        13,
        "cannot mix `:` and `|`",
        &[],
    ),
    (
        "MATCH (n:A|B:C) RETURN n",
        1,
        13,
        "cannot mix `:` and `|`",
        &[],
    ),
    (
        "MATCH (a)-[:A:B]->(b) RETURN a",
        1,
        14,
        "a relationship has exactly one type",
        &[],
    ),
    (
        "MATCH (n $props) RETURN n",
        1,
        10,
        "a parameter cannot stand for a whole property map",
        &[],
    ),
    (
        "WITH a.b RETURN 1",
        1,
        6,
        "an expression in `WITH` must be named",
        &[],
    ),
    (
        "RETURN 1 UNION RETURN 2 UNION ALL RETURN 3",
        1,
        25,
        "cannot mix `UNION` and `UNION ALL`",
        &[],
    ),
    (
        "MATCH shortestPath((a)-->(b)-->(c)) RETURN a",
        1,
        7,
        "`shortestPath` needs a pattern with exactly one relationship",
        &[],
    ),
    ("RETURN 'a\\qb'", 1, 10, "unknown escape `\\q`", &[]),
    ("RETURN /* never closed", 1, 8, "unterminated comment", &[]),
    ("RETURN a != b", 1, 10, "`!=` is not Cypher", &[]),
    ("MATCH foo RETURN 1", 1, 11, "unexpected `RETURN`", &["`=`"]),
    (
        "RETURN [x IN xs WHERE x:A|B | x]",
        1,
        29,
        "unexpected `|` (`|` ends a list comprehension's `WHERE` condition",
        &["`]`"],
    ),
    (
        "MATCH (a)-[r",
        1,
        13,
        "unexpected end of input",
        &["`*`", "`:`", "`]`", "`{`"],
    ),
    // A syntax error before a lexical error is reported first...
    (
        "RETURN 1 1 'unterminated",
        1,
        10,
        "unexpected `1`",
        AFTER_RETURN_ITEM,
    ),
    // ...and one the lexical error caused is not.
    (
        "RETURN 1 + 'unterminated",
        1,
        12,
        "unterminated string",
        &[],
    ),
];

const REFUSED: &[(&str, usize, usize, &str)] = &[
    ("CREATE (n)", 1, 1, "CREATE"),
    ("match (n) merge (m) return m", 1, 11, "MERGE"),
    ("MATCH (n) SET n.x = 1", 1, 11, "SET"),
    ("MATCH (n) WHERE n.x = 1 Delete n", 1, 25, "DELETE"),
    ("MATCH (n) detach delete n", 1, 11, "DETACH"),
    ("MATCH (n)\n  REMOVE n.x", 2, 3, "REMOVE"),
    ("load csv FROM 'x' AS row RETURN row", 1, 1, "LOAD CSV"),
    ("LOAD something", 1, 1, "LOAD"),
    (
        "MATCH (n) WITH n foreach (x IN [1] | CREATE ())",
        1,
        18,
        "FOREACH",
    ),
    ("RETURN 1 UNION CREATE (n)", 1, 16, "CREATE"),
];

#[test]
fn broken_queries_report_position_message_and_expectations() {
    for &(text, line, column, message, expected) in BROKEN {
        let error = parse_err(text);
        assert_eq!(
            error.line_column(text),
            (line, column),
            "position for {text:?}: {error}"
        );
        assert!(
            error.message.starts_with(message),
            "message for {text:?}: {:?}",
            error.message
        );
        assert_eq!(error.expected, expected, "expected for {text:?}");
    }
}

#[test]
fn write_clauses_are_refused_by_name() {
    for &(text, line, column, keyword) in REFUSED {
        let error = parse_err(text);
        assert_eq!(
            error.message,
            format!(
                "`{keyword}` writes to the graph; queries are read-only (change data with `agencygraph add`, `set`, `remove`, `rename` or `merge`)"
            ),
            "for {text:?}"
        );
        assert_eq!(error.line_column(text), (line, column), "for {text:?}");
        assert!(error.expected.is_empty());
    }
    let text = "load  CSV from 'x' as row return row";
    assert_eq!(parse_err(text).span, Span::new(0, 9));
}

#[test]
fn render_matches_the_documented_layout() {
    let text = "MATCH (a RETURN a";
    let expected = "error: unexpected `RETURN`; expected one of `)`, `:`, `{`\n --> 1:10\n  |\n1 | MATCH (a RETURN a\n  |          ^";
    assert_eq!(parse_err(text).render(text), expected);
}

#[test]
fn render_quotes_the_right_line_with_wide_gutter_and_tabs() {
    let text = "MATCH (n)\n\n\n\n\n\n\n\n\n\tWHERE\tn.x = \u{a7}\r\nRETURN n";
    let error = parse_err(text);
    assert_eq!(error.line_column(text), (10, 14));
    assert_eq!(
        error.render(text),
        "error: unexpected character `\u{a7}`\n  --> 10:14\n   |\n10 | \tWHERE\tn.x = \u{a7}\n   | \t     \t      ^"
    );
}

#[test]
fn display_lists_single_and_multiple_expectations() {
    let mut error = ParseError::new("unexpected `x`", Span::new(0, 1));
    assert_eq!(error.to_string(), "unexpected `x`");
    error.expected = vec!["`)`".to_string()];
    assert_eq!(error.to_string(), "unexpected `x`; expected `)`");
    error.expected.push("`,`".to_string());
    assert_eq!(
        error.to_string(),
        "unexpected `x`; expected one of `)`, `,`"
    );
}

#[test]
fn line_column_clamps_offsets_outside_the_text() {
    let error = ParseError::new("x", Span::new(100, 100));
    assert_eq!(error.line_column("ab\ncd"), (2, 3));
    // Inside a multi-byte character: counted from its start.
    let error = ParseError::new("x", Span::new(2, 3));
    assert_eq!(error.line_column("aé"), (1, 2));
    assert!(error.render("").ends_with('^'));
}

#[test]
fn nesting_beyond_the_limit_is_an_error_not_a_crash() {
    // One level past the limit is refused for every construct that nests (the
    // deepest accepted is checked in `deepest_accepted_nesting_fits_a_small_stack`);
    // the parser stops counting there, so far deeper input is refused as cheaply.
    let deep = |open: &str, close: &str, count: usize| {
        format!("RETURN {}1{}", open.repeat(count), close.repeat(count))
    };
    // The `RETURN` item is the first level, so 199 parentheses are the most.
    parse_ok(&deep("(", ")", MAX_DEPTH - 1));
    let past = MAX_DEPTH + 1;
    let inputs = [
        deep("(", ")", past),
        deep("(", ")", 100_000),
        deep("[", "]", past),
        deep("{a: ", "}", past),
        deep("-", "", past),
        deep("- (", ")", past),
        deep("NOT ", "", past),
        deep("f(", ")", past),
        deep("CASE WHEN ", " THEN 1 END", past),
        deep("[x IN ", "]", past),
        format!("RETURN 1{}", " + 1".repeat(past)),
        format!("RETURN a{}", ".b".repeat(past)),
        format!("RETURN a{}", "[0]".repeat(past)),
        format!("RETURN a{}", " IS NULL".repeat(past)),
    ];
    for input in &inputs {
        let error = parse_err(input);
        assert!(
            error.message.starts_with("expression nested too deeply"),
            "{}: {error}",
            &input[..40]
        );
    }
}

/// Printing never nests deeper than what was parsed: a chain of signs ending in a
/// negative number (`---1` is `-(-(-1))`, the innermost sign folded into the
/// number) prints without parentheses, which would each add a level.
#[test]
fn nested_signs_print_within_the_nesting_limit() {
    for (signs, operand) in [
        ("-".repeat(200), "1"),
        ("- ".repeat(200), "1"),
        ("-".repeat(200), "1.5"),
        ("-".repeat(199), "1.k"),
        ("-".repeat(199), "x"),
        ("+-".repeat(100), "1"),
    ] {
        let text = format!("RETURN {signs}{operand}");
        let query = parse_ok(&text);
        let printed = query.to_string();
        match parse(&printed) {
            Ok(reparsed) => assert_eq!(reparsed.to_string(), printed),
            Err(error) => panic!("{text} printed as {printed}: {error}"),
        }
    }
    // The fold happens once, at the number: `- -1` and `--1` are the same tree,
    // and `-(1)` keeps its parentheses, or it would read back as the literal.
    assert_eq!(parse_ok("RETURN - -1").to_string(), "RETURN --1");
    assert_eq!(parse_ok("RETURN -(1)").to_string(), "RETURN -(1)");
    assert_eq!(parse_ok("RETURN -(-1.5)").to_string(), "RETURN --1.5");
}

#[test]
fn nesting_within_the_limit_is_accepted() {
    let nested = format!("RETURN {}1{}", "(".repeat(150), ")".repeat(150));
    parse_ok(&nested);
    let chain = format!("RETURN 1{}", " + 1".repeat(150));
    let query = parse_ok(&chain);
    assert!(query.same_shape(&parse_ok(&query.to_string())));
    let flat = format!("RETURN [{}]", vec!["1"; 100_000].join(", "));
    parse_ok(&flat);
    let long_chain = format!("RETURN 0{}", " < 1".repeat(10_000));
    parse_ok(&long_chain);
}

#[test]
fn deepest_accepted_nesting_fits_a_small_stack() {
    // Every construct that nests, at the deepest accepted depth, parsed,
    // printed and compared on a thread with three quarters of the default
    // 2 MiB stack.
    const SHAPES: &[(&str, &str)] = &[
        ("(", ")"),
        ("[", "]"),
        ("[(", ")]"),
        ("{a: f(", ")}"),
        ("CASE WHEN ", " THEN 1 END"),
        ("CASE ", " WHEN 1 THEN 1 END"),
        ("[x IN ", "]"),
        ("[x IN y WHERE ", "]"),
        ("a[", "]"),
        ("1 + (", ")"),
        ("1 < 2 < (", ")"),
        ("NOT (", ")"),
        ("- (", ")"),
        ("NOT ", ""),
        ("- ", ""),
        ("f(1, ", ")"),
    ];
    let worker = std::thread::Builder::new()
        .stack_size(1536 * 1024)
        .spawn(|| {
            for &(open, close) in SHAPES {
                let deepest = (1..=MAX_DEPTH)
                    .rev()
                    .map(|depth| format!("RETURN {}x{}", open.repeat(depth), close.repeat(depth)))
                    .find_map(|text| parse(&text).ok());
                let Some(query) = deepest else {
                    panic!("{open:?} never parses");
                };
                let reparsed = parse(&query.to_string()).unwrap();
                assert!(query.same_shape(&reparsed), "{open:?}");
            }
        })
        .unwrap();
    worker.join().unwrap();
}

/// A tiny deterministic generator, so failures reproduce.
/// A small deterministic random number generator for mutating queries.
pub(crate) struct XorShift(pub(crate) u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

/// Parses `text`; if it parses, printing must round-trip.
fn check_total(text: &str) {
    if let Ok(query) = parse(text) {
        let printed = query.to_string();
        match parse(&printed) {
            Ok(reparsed) => {
                assert!(
                    query.same_shape(&reparsed),
                    "{text:?} printed as {printed:?} which parses differently"
                );
                assert_eq!(reparsed.to_string(), printed, "from {text:?}");
            }
            Err(error) => panic!("{text:?} printed as {printed:?}: {error}"),
        }
    }
}

#[test]
fn never_panics_on_prefixes_deletions_and_mutations() {
    const GARBAGE: &[&str] = &[
        "(((((((",
        ")))]]]}}}",
        "[{$`'\"",
        "MATCH (a)-[",
        "MATCH (a)<-[:T*1..",
        "RETURN CASE WHEN",
        "--> <-- <--> -[]-",
        "\u{0}\u{1}\u{7f}",
        "ä ö ü ß € 😀",
        "RETURN '\\u",
        "RETURN '\\uD83D\\u",
        "/*/ */ //",
        "$$$ `` ``` ''' \"\"\"",
        "RETURN 0x 0o 1e 1.e5 ..5 5..",
    ];
    const INSERTS: &[&str] = &[
        "(", ")", "[", "]", "{", "}", "-", "<", ">", ":", "|", "'", "\"", "`", "$", ".", "..", "*",
        ",", " ", "\\", "/*", "NOT ", " IN ", "§", "é", "0",
    ];
    let mut corpus: Vec<&str> = VALID.iter().map(|&(text, _)| text).collect();
    corpus.extend(BROKEN.iter().map(|&(text, ..)| text));
    corpus.extend(REFUSED.iter().map(|&(text, ..)| text));
    corpus.extend(GARBAGE);
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    for text in corpus {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(index, _)| index)
            .chain([text.len()])
            .collect();
        for &cut in &boundaries {
            check_total(&text[..cut]);
        }
        for window in boundaries.windows(2) {
            let (from, to) = (window[0], window[1]);
            check_total(&format!("{}{}", &text[..from], &text[to..]));
        }
        for _ in 0..40 {
            let at = boundaries[random.below(boundaries.len())];
            let insert = INSERTS[random.below(INSERTS.len())];
            check_total(&format!("{}{insert}{}", &text[..at], &text[at..]));
        }
    }
}

/// Read-only features the parser does not support are refused by name, not as an
/// unexpected token: where the error is, and what its message starts with.
const UNSUPPORTED: &[(&str, usize, usize, &str)] = &[
    (
        "CALL { MATCH (n) RETURN n } RETURN 1",
        1,
        1,
        "`CALL { }` subqueries are not supported",
    ),
    (
        "MATCH (n) WITH n CALL { RETURN 1 } RETURN n",
        1,
        18,
        "`CALL { }` subqueries are not supported",
    ),
    (
        "MATCH (a) RETURN collect { MATCH (a)-->(b) RETURN b ORDER BY b }",
        1,
        53,
        "unexpected `ORDER` (only `MATCH ... WHERE ... RETURN expression` is supported inside `COLLECT { }`)",
    ),
    (
        "MATCH (n) RETURN n {.name, .age}",
        1,
        18,
        "map projections such as `n {.name}` are not supported",
    ),
    (
        "MATCH (a) WHERE EXISTS { MATCH (a)-->(b) RETURN b } RETURN a",
        1,
        42,
        "unexpected `RETURN` (only `MATCH ... WHERE ...` is supported inside `EXISTS { }`)",
    ),
];

#[test]
fn unsupported_features_are_refused_by_name() {
    for &(text, line, column, message) in UNSUPPORTED {
        let error = parse_err(text);
        assert!(
            error.message.starts_with(message),
            "message for {text:?}: {:?}",
            error.message
        );
        assert_eq!(error.line_column(text), (line, column), "for {text:?}");
        assert!(error.expected.is_empty(), "for {text:?}");
    }
    // Arithmetic that only looks like an arrow is still arithmetic.
    for (text, printed) in [
        ("RETURN (2)--1", "RETURN 2 - -1"),
        ("RETURN (2) < -1", "RETURN 2 < -1"),
        ("RETURN (2) - (1)", "RETURN 2 - 1"),
    ] {
        assert_eq!(parse_ok(text).to_string(), printed);
    }
}
