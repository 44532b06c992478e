//! Hostile and huge input at the command line (issue 18): capped error reports,
//! validated options, errors that say what really went wrong.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use std::fmt::Write as _;

use crate::common::{assert_contains, assert_starts_with, editable_copy, run};

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

/// Every control character an attacker could put in a note: set-title, clear screen,
/// BEL, DEL, CR, FF, and the C1 controls NEL and CSI.
const HOSTILE: &str = "a\u{1b}]0;owned\u{7}\u{1b}[2J\u{7f}\r\u{c}\u{85}\u{9b} b";
const SHOWN: &str = "a\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{7f}\\u{d}\\u{c}\\u{85}\\u{9b} b";

fn hostile_graph() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("graph").to_str().unwrap().to_string();
    assert_eq!(run(&["init", &graph]).code, 0);
    let set = run(&["--graph", &graph, "set", "UNODC", "notes", HOSTILE]);
    assert_eq!(set.code, 0, "{}", set.stderr);
    (dir, graph)
}

/// Whether `text` holds a control character a terminal would act on.
fn has_raw_controls(text: &str) -> bool {
    text.chars().any(agencygraph::visible::is_hidden)
}

#[test]
fn text_for_people_shows_control_characters_escaped() {
    let (_dir, graph) = hostile_graph();
    for color in ["never", "always"] {
        let shown = run(&["--graph", &graph, "--color", color, "show", "UNODC"]);
        assert_eq!(shown.code, 0);
        assert_contains(&shown.stdout, SHOWN);
        let queried = run(&[
            "--graph",
            &graph,
            "--color",
            color,
            "query",
            "MATCH (n {id: 'UNODC'}) RETURN n.notes AS notes",
        ]);
        assert_contains(&queried.stdout, SHOWN);
        if color == "never" {
            assert!(!has_raw_controls(&shown.stdout), "{:?}", shown.stdout);
            assert!(!has_raw_controls(&queried.stdout));
        } else {
            // Only the program's own colours are escape sequences.
            let without_ours = shown.stdout.replace("\u{1b}[", "");
            assert!(!without_ours.contains("\u{1b}"), "{:?}", shown.stdout);
            assert!(shown.stdout.contains("\u{1b}["), "coloured");
        }
    }
    // The echo of an unknown name in an error.
    let unknown = run(&["--graph", &graph, "show", "X\u{1b}[2J\u{7}"]);
    assert_eq!(unknown.code, 1);
    assert_contains(&unknown.stderr, "`X\\u{1b}[2J\\u{7}`");
    assert!(!has_raw_controls(&unknown.stderr));
}

#[test]
fn json_and_csv_keep_the_exact_value_when_piped() {
    let (_dir, graph) = hostile_graph();
    let json = run(&["--graph", &graph, "show", "UNODC", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let notes = value
        .pointer("/node/notes")
        .or_else(|| value.pointer("/notes"));
    assert_eq!(
        notes.and_then(|n| n.as_str()),
        Some(HOSTILE),
        "{}",
        json.stdout
    );
    let csv = run(&[
        "--graph",
        &graph,
        "query",
        "MATCH (n {id: 'UNODC'}) RETURN n.notes AS notes",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.stdout, format!("notes\n\"{HOSTILE}\"\n"));
}

#[test]
fn query_from_a_missing_file_says_it_cannot_read_it() {
    let ran = run(&["query", "-f", "/missing/query.cypher"]);
    assert_eq!(ran.code, 1);
    assert_starts_with(&ran.stderr, "error: cannot read /missing/query.cypher: ");
}

#[test]
fn a_lock_that_cannot_be_made_is_not_blamed_on_another_command() {
    let (dir, graph) = editable_copy();
    let graph = graph.to_str().unwrap();
    // The lock file cannot be opened for writing: a directory stands in its place.
    let lock = dir.path().join("graph/.agencygraph.lock");
    std::fs::remove_file(&lock).unwrap();
    std::fs::create_dir(&lock).unwrap();
    let ran = run(&["--graph", graph, "set", "UNODC", "notes", "x"]);
    assert_eq!(ran.code, 1);
    assert_contains(&ran.stderr, "cannot lock");
    assert!(
        !ran.stderr.contains("another agencygraph command"),
        "{}",
        ran.stderr
    );
}

#[test]
fn names_over_16_kib_are_cut_in_labels_and_graphviz_reads_the_dot() {
    let (_dir, graph) = editable_copy();
    let graph = graph.to_str().unwrap();
    let long: String = "Office \"of\" the very long name ".repeat(700);
    assert!(long.len() > 20_000);
    let set = run(&["--graph", graph, "set", "UNODC", "name", long.trim()]);
    assert_eq!(set.code, 0, "{}", set.stderr);
    let exported = run(&[
        "--graph", graph, "export", "--focus", "UNODC", "--depth", "1",
    ]);
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    assert!(exported.stdout.contains("…"), "the label is cut");
    assert!(
        exported
            .stdout
            .lines()
            .all(|l| !l.contains(&"very long name ".repeat(1200)))
    );
    if !crate::common::have_dot() {
        return;
    }
    let mut dot = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    dot.stdin
        .take()
        .unwrap()
        .write_all(exported.stdout.as_bytes())
        .unwrap();
    let output = dot.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The tooltip holds the whole name, put back together by Graphviz.
    let svg = String::from_utf8(output.stdout).unwrap();
    assert_contains(
        &svg,
        &"very long name Office &quot;of&quot; the ".repeat(10),
    );
}

/// The runaway queries of issue 18, each of which took 6–8 GB before: under a memory
/// limit they stop with the memory error, not the timeout and not the system's OOM
/// killer. The limit is small here so that the test is quick; the default (1 GiB) is
/// measured in the README.
#[test]
fn runaway_queries_stop_at_the_memory_limit() {
    use agencygraph::cypher::eval::{Options, Params, Query, QueryError};
    let graph = agencygraph::Graph::bundled();
    let doubled = |start: &str, name: &str| {
        let mut text = format!("WITH {start} AS {name}");
        for _ in 0..40 {
            text.push_str(&format!(" WITH {name} + {name} AS {name}"));
        }
        text + &format!(" RETURN size({name}) AS n")
    };
    let nested_replace = (0..10).fold("'aaaaaaaaaa'".to_string(), |inner, _| {
        format!("replace({inner}, 'a', 'aaaaaaaaaa')")
    });
    let runaway = [
        doubled("[1]", "l"),
        doubled("'ab'", "s"),
        "RETURN size([x IN range(1, 999999) | range(1, 999999)]) AS n".to_string(),
        "MATCH p = (a)-[*]-(b) RETURN collect(p) AS paths".to_string(),
        format!("RETURN {nested_replace} AS r"),
    ];
    let mut options = Options::default();
    options.max_memory = 4 << 20;
    // A safety net: a query the limit misses fails as a timeout, not a hang.
    options.timeout = Some(std::time::Duration::from_secs(60));
    for text in runaway {
        let started = std::time::Instant::now();
        let query = Query::parse(&text).unwrap();
        let result = query.run(&graph.view(), &Params::new(), &options);
        assert_eq!(
            result.err(),
            Some(QueryError::MemoryLimit(4 << 20)),
            "{text}"
        );
        eprintln!("{:.1?}: {}", started.elapsed(), &text[..40.min(text.len())]);
    }
    assert_eq!(
        QueryError::MemoryLimit(64 << 20).to_string(),
        "the query would hold more than 64 MiB of values, its memory limit"
    );
    // An ordinary query is untouched by the limit.
    let query = Query::parse("MATCH (n) RETURN collect(n.id) AS ids").unwrap();
    assert!(query.run(&graph.view(), &Params::new(), &options).is_ok());
}

/// The canonical text of a valid query parses again, however deep its nesting: 200 unary
/// minus signs used to print as `-(-(-(…)))`, past the parser's nesting limit.
#[test]
fn printed_queries_stay_within_the_nesting_limit() {
    let mut printed_count = 0;
    for depth in [50, 200, 1000] {
        let text = format!("RETURN {}1 AS x", "- ".repeat(depth));
        let Ok(ast) = agencygraph::cypher::parse(&text) else {
            continue; // deeper than the parser takes: nothing to print
        };
        printed_count += 1;
        let printed = ast.to_string();
        let again = agencygraph::cypher::parse(&printed);
        assert!(again.is_ok(), "depth {depth}: {printed:.80}…: {again:?}");
        assert_eq!(again.unwrap().to_string(), printed);
    }
    assert!(printed_count >= 2, "50 and 200 signs parse");
}
