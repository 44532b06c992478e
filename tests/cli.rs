//! The command-line program, run as a user runs it: each subcommand on the bundled data,
//! each kind of bad input from small fixtures.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use agencygraph::Graph;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_agencygraph"));
    command
        .args(args)
        .env_remove("AGENCYGRAPH_GRAPH")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "80");
    command
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn finish(output: Output) -> Run {
    Run {
        code: output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn run(args: &[&str]) -> Run {
    finish(command(args).output().unwrap())
}

/// Asserts that `text` holds each of `expected`, showing the text when one is missing.
fn assert_contains_all(text: &str, expected: &[String]) {
    for expected in expected {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

fn json(args: &[&str]) -> Value {
    let run = run(args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn show_phrases_relations_both_ways_with_evidence() {
    let run = run(&["show", "un action"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("UN-ACTION  United Nations Action against Sexual Violence in Conflict\n")
    );
    assert!(run.stdout.contains("  kind        network\n"));
    assert!(run.stdout.contains("UN-ACTION ← has member — OCHA"));
    assert!(
        run.stdout
            .contains("“OCHA is an active member of the United Nations Actions against")
    );
    assert!(
        run.stdout
            .contains("UN-ACTION ← has participant — WFP  [inferred]")
    );
    assert!(
        run.stdout
            .contains("— inter-agency-mechanisms (Inter-Agency Mechanisms and Activities)")
    );
    // Read from the other end, the same relation runs forward.
    let run = self::run(&["show", "OCHA"]);
    assert!(run.stdout.contains("OCHA — member of → UN-ACTION"));
    // Everything fits an 80-column terminal, long names and quotes included.
    for name in ["OCHA", "TWG-GEEW", "SPOTLIGHT", "WFP-GENDER-OFFICE"] {
        for line in self::run(&["show", name]).stdout.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line}");
        }
    }
}

#[test]
fn show_as_json() {
    let value = json(&["show", "ICAT", "--format", "json"]);
    assert_eq!(value["node"]["id"], "ICAT");
    assert_eq!(value["node"]["kind"], "mechanism");
    let relations = value["relations"].as_array().unwrap();
    let secretariat = relations
        .iter()
        .find(|r| r["edge"]["kind"] == "secretariat-of")
        .unwrap();
    assert_eq!(secretariat["direction"], "in");
    assert_eq!(secretariat["label"], "has secretariat");
    assert_eq!(secretariat["phrase"], "ICAT ← has secretariat — UNODC");
    assert_eq!(secretariat["other"]["id"], "UNODC");
    assert_eq!(secretariat["edge"]["from"], "UNODC");
    assert_eq!(secretariat["edge"]["inferred"], false);
    assert_eq!(
        secretariat["edge"]["evidence"][0]["source"],
        "inter-agency-mechanisms"
    );
}

#[test]
fn unknown_and_ambiguous_names() {
    let run = run(&["show", "unodcc"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.starts_with("error: no entity is called `unodcc`\n  = hint: did you mean:\n      UNODC  United Nations Office on Drugs and Crime\n"), "{}", run.stderr);

    let run = self::run(&["show", "trust"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: `trust` could mean 4 entities"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("UN-TRUST-FUND  United Nations Trust Fund in support of actions to eliminate violence against women"));

    let value: Value =
        serde_json::from_str(&self::run(&["show", "trust", "--format", "json"]).stdout).unwrap();
    assert_eq!(value["error"], "ambiguous");
    assert_eq!(value["candidates"].as_array().unwrap().len(), 4);
}

#[test]
fn list_filters_by_kind() {
    let run = run(&["list", "--kind", "fund"]);
    assert_eq!(run.code, 0);
    let ids: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["UN-ACTION-MPTF", "UN-TRUST-FUND", "WITHHER-FUND", "WPHF"]
    );
    assert!(run.stdout.starts_with("ID              KIND  NAME\n"));

    let all = json(&["list", "--format", "json"]);
    assert_eq!(all.as_array().unwrap().len(), Graph::bundled().node_count());
    assert_eq!(all[0]["id"], "ASIA-PACIFIC-RCM");

    let run = self::run(&["list", "--kind", "agency"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown kind `agency`; expected one of un-entity, department"),
        "{}",
        run.stderr
    );
}

#[test]
fn stats_count_by_kind() {
    let graph = Graph::bundled();
    let value = json(&["stats", "--format", "json", "--top", "3"]);
    assert_eq!(value["nodes"], graph.node_count());
    assert_eq!(value["edges"], graph.edge_count());
    assert_eq!(value["node_kinds"]["un-entity"], 7);
    assert_eq!(value["edge_kinds"]["secretariat-of"], 1);
    let top = value["most_connected"].as_array().unwrap();
    assert_eq!(top.len(), 3);
    assert_eq!(top[0]["id"], "WFP");
    assert_eq!(top[0]["degree"], graph.degree("WFP"));

    let run = run(&["stats"]);
    assert!(run.stdout.starts_with(&format!(
        "{} nodes, {} edges",
        graph.node_count(),
        graph.edge_count()
    )));
    assert!(
        run.stdout
            .contains("\nsecretariat-of     governance      1\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_the_bundled_data_and_a_directory() {
    let graph = Graph::bundled();
    let run = run(&["check"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!(
            "ok: {} nodes, {} edges\n",
            graph.node_count(),
            graph.edge_count()
        )
    );

    let dir = fixture("small");
    let run = self::run(&["check", "--graph", dir.to_str().unwrap()]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "ok: 2 nodes, 1 edges\n"),
        "{}",
        run.stderr
    );

    // The environment variable selects the graph too, for every command.
    let output = command(&["list"])
        .env("AGENCYGRAPH_GRAPH", &dir)
        .output()
        .unwrap();
    let run = finish(output);
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
}

#[test]
fn check_reports_every_problem_with_its_place() {
    let path = fixture("broken-refs.ron");
    let run = run(&["check", "--graph", path.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let file = path.display();
    assert_contains_all(
        &run.stderr,
        &[
        format!("error: `unodc` also names `UNODC` (United Nations Office on Drugs and Crime)\n --> {file}:8:69\n"),
        format!("error: node `ICAT` is defined twice\n --> {file}:9:14\n"),
        format!("  = note: first defined at {file}:7:14\n"),
        format!("error: empty name\n  --> {file}:10:43\n"),
        format!("error: unknown node `ICATT`\n  --> {file}:13:50\n"),
        "   |                                                  ^ expected the id of a node\n   = hint: did you mean `ICAT`?\n".to_string(),
        format!("error: `Chairs` cannot run from publication `BRIEF` to inter-agency mechanism `ICAT`\n  --> {file}:14:31\n"),
        format!("error: empty quote\n  --> {file}:15:90\n"),
        format!("error: unknown source `mem`\n  --> {file}:15:76\n"),
        format!("error: `UNODC coordinates ICAT` is stated twice\n  --> {file}:16:9\n"),
        "error: the graph has 8 problems\n".to_string(),
        ],
    );
}

#[test]
fn check_reports_syntax_errors_of_every_item() {
    let path = fixture("broken-syntax.ron");
    let run = run(&["check", "--graph", path.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let file = path.display();
    assert_contains_all(
        &run.stderr,
        &[
            format!("error: unknown node kind `Agency`\n --> {file}:3:25\n"),
            format!("error: unknown field `nmae` in node\n --> {file}:4:49\n"),
            "  = hint: did you mean `name`?\n".to_string(),
            format!("error: unknown section `edge`\n --> {file}:7:5\n"),
            "error: the graph has 3 problems\n".to_string(),
        ],
    );
}

#[test]
fn check_as_json() {
    let path = fixture("broken-syntax.ron");
    let run = run(&[
        "check",
        "--graph",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["ok"], false);
    let errors = value["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3);
    assert_eq!(errors[1]["location"]["line"], 4);
    assert_eq!(errors[1]["location"]["column"], 49);
    assert_eq!(errors[1]["message"], "unknown field `nmae` in node");
    assert_eq!(errors[1]["hint"], "did you mean `name`?");

    let value = json(&["check", "--format", "json"]);
    assert_eq!(value["ok"], true);
    assert_eq!(value["nodes"], Graph::bundled().node_count());
}

#[test]
fn a_missing_graph_is_explained() {
    let run = run(&["show", "ICAT", "--graph", "no/such/dir"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: cannot read the graph: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> no/such/dir\n"));
    assert!(
        run.stderr
            .contains("= expected a `.ron` file or a directory of them\n")
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    // The tests' stdout is a pipe, not a terminal: no escape codes.
    assert!(!run(&["show", "ICAT"]).stdout.contains('\x1b'));
    assert!(
        run(&["show", "ICAT", "--color", "always"])
            .stdout
            .contains("\x1b[")
    );
    let output = command(&["show", "ICAT", "--color", "never"])
        .output()
        .unwrap();
    assert!(!finish(output).stdout.contains('\x1b'));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = command(&["list"])
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
}

#[test]
fn every_subcommand_has_help_with_examples() {
    for subcommand in ["show", "list", "stats", "check"] {
        let run = run(&[subcommand, "--help"]);
        assert_eq!(run.code, 0);
        assert!(
            run.stdout.contains("Examples:\n  agencygraph "),
            "{subcommand}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("--graph <PATH>"), "{subcommand}");
    }
    let run = run(&["--help"]);
    assert!(run.stdout.contains("Exit status: 0 success, 1 a problem"));
}
