//! `agencygraph query` and `agencygraph shell`, run as a user runs them.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use crate::common::{
    assert_contains, assert_starts_with, command, finish, graphviz, have_dot, output_with_input,
    run, temp_path,
};
use serde_json::Value;

#[test]
fn a_query_answers_as_a_table() {
    // The report: "UNODC is the permanent coordinator and secretariat of ... (ICAT)".
    let run = run(&[
        "query",
        "MATCH (a)-[:SECRETARIAT_OF]->(m) RETURN a.id, m.id",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "a.id   m.id\nUNODC  ICAT\n(1 row)\n");
}

#[test]
fn json_csv_parameters_and_years() {
    let output = run(&[
        "query",
        "--format",
        "json",
        "MATCH (a)-[:CO_CHAIRS]->(t {id: 'TWG-GEEW'}) RETURN a.id ORDER BY a.id",
    ]);
    let value: Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(value["columns"][0], "a.id");
    assert_eq!(value["rows"], serde_json::json!([["ESCAP"], ["UN-WOMEN"]]));

    let csv = run(&[
        "query",
        "--format",
        "csv",
        "--param",
        "id=ICAT",
        "MATCH (n {id: $id})<-[r]-(m) RETURN type(r), m.id ORDER BY type(r)",
    ]);
    assert_eq!(
        csv.stdout,
        "type(r),m.id\nCOORDINATES,UNODC\nSECRETARIAT_OF,UNODC\n"
    );

    // 124 relations, of which 11 are dated outside 2016 (counted from the data files).
    let all = run(&["query", "MATCH ()-[r]->() RETURN count(r) AS n"]);
    assert_eq!(all.stdout, "n\n124\n(1 row)\n");
    let in_2016 = run(&[
        "query",
        "--at",
        "2016",
        "MATCH ()-[r]->() RETURN count(r) AS n",
    ]);
    assert_eq!(in_2016.stdout, "n\n113\n(1 row)\n");

    let resolved = run(&[
        "query",
        "MATCH (x) WHERE x = resolve('un action') RETURN x.id",
    ]);
    assert_eq!(resolved.stdout, "x.id\nUN-ACTION\n(1 row)\n");
}

#[test]
fn queries_from_stdin_and_files() {
    let run = finish(output_with_input(
        command(&["query"]),
        b"MATCH (n:Fund) RETURN count(n) AS funds",
    ));
    assert_eq!(run.stdout, "funds\n4\n(1 row)\n");

    let (_dir, file) = temp_path("q.cypher");
    std::fs::write(&file, "MATCH (n:Department)\nRETURN n.name").unwrap();
    let run = crate::common::run(&["query", "-f", file.to_str().unwrap()]);
    assert_eq!(
        run.stdout,
        "n.name\nDepartment of Peacekeeping Operations\n(1 row)\n"
    );
}

#[test]
fn errors_point_at_the_spot() {
    // An unknown label matches nothing, as in openCypher, with the help as a warning;
    // --strict makes it the error it was.
    let report = "unknown label `UnEntty`\n --> 1:10\n  |\n1 | MATCH (a:UnEntty) RETURN a\n  |          ^\n  = help: did you mean `UnEntity`?\n";
    let warned = run(&["query", "MATCH (a:UnEntty) RETURN a"]);
    assert_eq!((warned.code, warned.stdout.as_str()), (0, "a\n(0 rows)\n"));
    assert_eq!(warned.stderr, format!("warning: {report}"));
    let run = self::run(&["query", "--strict", "MATCH (a:UnEntty) RETURN a"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, format!("error: {report}"));
    assert!(run.stdout.is_empty());
    let run = self::run(&["query", "CREATE (a)"]);
    assert_eq!(run.code, 1);
    assert_starts_with(
        &run.stderr,
        "error: `CREATE` writes to the graph; queries are read-only",
    );
    let run = self::run(&["query", "MATCH (a RETURN a"]);
    assert_contains(&run.stderr, " --> 1:10\n");
}

#[test]
fn dot_answers_are_valid_graphviz() {
    let query = "MATCH p = (a {id: 'UNODC'})-[*1..2]-(b {id: 'OCHA'}) RETURN p";
    let run = run(&["query", "--format", "dot", query]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(
        &run.stdout,
        "\"UNODC\" -> \"UN-ACTION\" [label=\"member of\"",
    );
    assert_contains(&run.stdout, "\"OCHA\" -> \"UN-ACTION\"");
    if have_dot() {
        graphviz(&run.stdout, "svg");
    }
}

#[test]
fn the_shell_runs_queries_ending_with_semicolons() {
    let run = finish(output_with_input(
        command(&["shell"]),
        b":help\nMATCH (n:Fund)\nRETURN n.id ORDER BY n.id;\nMATCH (a:Nope) RETURN a;\n:quit\n",
    ));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_starts_with(
        &run.stdout,
        "agencygraph shell: Cypher over 88 nodes and 124 edges; :help for help\n",
    );
    assert_contains(&run.stdout, "Type a query and end it with `;`");
    assert_contains(
        &run.stdout,
        "n.id\nUN-ACTION-MPTF\nUN-TRUST-FUND\nWITHHER-FUND\nWPHF\n(4 rows)\n",
    );
    assert_contains(&run.stdout, "warning: unknown label `Nope`");
}

#[test]
fn explain_prints_the_plan_instead_of_the_answer() {
    let text = "MATCH (a)-[:CHAIRS]->(m {id: 'IASC'}) RETURN a.id";
    // Worked out from the planner's rules: `id` is indexed, so the match starts at m.
    let expected = "MATCH (a)-[:CHAIRS]->(m {id: 'IASC'})\n  start at (m) by the index on id = 'IASC'\n  expand (m)<-[:CHAIRS]-(a)\ncompute a.id as a.id\nreturn a.id\n";
    let flag = run(&["query", "--explain", text]);
    assert_eq!(
        (flag.code, flag.stdout.as_str()),
        (0, expected),
        "{}",
        flag.stderr
    );
    // The EXPLAIN prefix gives the same lines, as a one-column answer.
    let prefix = run(&["query", "--format", "json", &format!("EXPLAIN {text}")]);
    let value: Value = serde_json::from_str(&prefix.stdout).unwrap();
    assert_eq!(value["columns"], serde_json::json!(["plan"]));
    let lines: Vec<String> = value["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[0].as_str().unwrap().to_string() + "\n")
        .collect();
    assert_eq!(lines.concat(), expected);
    // A query the graph refuses is refused before any plan is printed.
    let unknown = run(&["query", "--strict", "--explain", "MATCH (a:Nope) RETURN a"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stdout.is_empty());
    assert_contains(&unknown.stderr, "unknown label `Nope`");
}
