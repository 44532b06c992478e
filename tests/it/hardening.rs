//! Hostile and huge input at the command line (issue 18): capped error reports,
//! validated options, errors that say what really went wrong.

use std::fmt::Write as _;

use crate::common::run;

/// A graph file whose `count` edges each cite an unknown source.
fn broken_graph(dir: &std::path::Path, count: usize) -> std::path::PathBuf {
    let mut text = String::from(
        "(sources: [(id: \"memo\", title: \"A memo\")], nodes: [(id: \"M\", kind: Mechanism, name: \"M\"),\n",
    );
    for i in 0..count {
        writeln!(
            text,
            "(id: \"E{i}\", kind: UnEntity, name: \"Entity {i}\"),"
        )
        .unwrap();
    }
    text.push_str("], edges: [\n");
    for i in 0..count {
        writeln!(
            text,
            "(from: \"E{i}\", kind: MemberOf, to: \"M\", evidence: [(source: \"nope\", quote: \"q\")]),"
        )
        .unwrap();
    }
    text.push_str("])\n");
    let path = dir.join("broken.ron");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn check_prints_at_most_max_errors_then_counts_the_rest_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let graph = broken_graph(dir.path(), 60);
    let graph = graph.to_str().unwrap();
    let checked = run(&["check", "--graph", graph]);
    assert_eq!(checked.code, 1);
    let shown = checked
        .stderr
        .matches("error: unknown source `nope`")
        .count();
    assert_eq!(shown, 50, "the default --max-errors");
    assert!(
        checked
            .stderr
            .contains("and 10 more problems of the same kinds:\n  10 × unknown source `…`\n"),
        "{}",
        checked.stderr
    );
    assert!(
        checked
            .stderr
            .ends_with("error: the graph has 60 problems\n")
    );
    let checked = run(&["check", "--graph", graph, "--max-errors", "2"]);
    assert_eq!(checked.stderr.matches("error: unknown source").count(), 2);
    assert!(
        checked
            .stderr
            .contains("and 58 more problems of the same kinds:")
    );
}

#[test]
fn query_timeout_must_be_a_finite_number_of_seconds() {
    for bad in ["inf", "1e20", "1e300", "-1", "nan"] {
        let ran = run(&["query", "RETURN 1", "--timeout", bad]);
        assert_eq!(ran.code, 2, "{bad}: {}", ran.stderr);
        assert!(
            ran.stderr.contains(&format!(
                "`{bad}` is not a number of seconds from 0 to 1000000"
            )),
            "{bad}: {}",
            ran.stderr
        );
    }
    let ran = run(&["query", "RETURN 1 AS one", "--timeout", "2.5"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
}

#[test]
fn negative_years_are_years() {
    // Nothing in the bundled data is dated before year 0: no relation is valid then,
    // and undated ones are kept.
    let ran = run(&["query", "RETURN 1 AS one", "--at", "-5"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_builtin_engine_refuses_huge_pictures_before_spending_memory() {
    use agencygraph::export::{BUILTIN_MAX_EDGES, Engine, RenderError, render_svg};
    let mut dot = String::from("digraph {\n");
    for i in 0..=BUILTIN_MAX_EDGES {
        writeln!(dot, "  n{i} -> n{};", i + 1).unwrap();
    }
    dot.push('}');
    match render_svg(&dot, Engine::Builtin) {
        Err(error @ RenderError::TooLarge { edges }) => {
            assert_eq!(edges, BUILTIN_MAX_EDGES + 1);
            assert!(error.to_string().contains("--focus"), "{error}");
        }
        other => panic!("{other:?}"),
    }
}
