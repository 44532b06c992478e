//! Running the built binary as a user runs it, for the tests of the command line.

#![allow(dead_code)] // without the `cli` feature, only the Graphviz helpers are used

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[cfg(feature = "cli")]
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_agencygraph"));
    command
        .args(args)
        .env_remove("AGENCYGRAPH_GRAPH")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "80")
        // The shell keeps its history in the data directory: never the tester's own.
        .env("XDG_DATA_HOME", env!("CARGO_TARGET_TMPDIR"));
    command
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn finish(output: Output) -> Run {
    Run {
        code: output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[cfg(feature = "cli")]
pub fn run(args: &[&str]) -> Run {
    finish(command(args).output().unwrap())
}

/// Runs `agencygraph export ARGS -o OUT`: how the tests write an export to a file.
#[cfg(feature = "cli")]
pub fn export_to(out: &std::path::Path, args: &[&str]) -> Run {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    all.extend(["-o", out.to_str().expect("a UTF-8 path")]);
    run(&all)
}

/// Whether Graphviz's `dot` can be run; under CI its absence is a failure.
pub fn have_dot() -> bool {
    tool_found(
        succeeds(Command::new("dot").arg("-V")),
        "Graphviz's `dot` is missing; .ci/run installs it",
        "Graphviz's `dot` is not installed",
    )
}

/// Whether `probe` runs and succeeds: how a test asks whether a tool works here.
pub fn succeeds(probe: &mut Command) -> bool {
    probe.output().is_ok_and(|o| o.status.success())
}

/// Passes `found` on, for the tests that need a real tool: where it is missing, under
/// CI that is a failure (`missing` says what, and how .ci/run installs it), elsewhere
/// the test is skipped with a line saying why (`skipped`).
#[track_caller]
pub fn tool_found(found: bool, missing: &str, skipped: &str) -> bool {
    if !found {
        assert!(std::env::var_os("CI").is_none(), "{missing}");
        eprintln!("skipped: {skipped}");
    }
    found
}

/// Runs `dot -T<format>` on `input`; panics with dot's complaint if it refuses.
pub fn graphviz(input: &str, format: &str) -> String {
    let mut dot = Command::new("dot");
    dot.arg(format!("-T{format}"));
    let output = output_with_input(dot, input.as_bytes());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "dot -T{format} refused the input: {stderr}\n{input}"
    );
    // Graphviz reports syntax errors as warnings in some versions; none is acceptable.
    assert!(!stderr.contains("syntax error"), "{stderr}\n{input}");
    String::from_utf8(output.stdout).unwrap()
}

/// Runs `command` with `input` on its standard input, capturing its output.
pub fn output_with_input(mut command: Command, input: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Fed from a thread: a child that answers before reading all its input must not
    // deadlock the test.
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    output
}

/// A fresh editable copy of the bundled data set, in `graph/` of a temporary directory.
pub fn editable_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("graph");
    let init = run(&["init", graph.to_str().unwrap()]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    (dir, graph)
}

/// The `id`s of a JSON export's `nodes`, in order.
pub fn node_ids(export: &serde_json::Value) -> Vec<&str> {
    export["nodes"]
        .as_array()
        .expect("an export has nodes")
        .iter()
        .map(|n| n["id"].as_str().expect("a node has an id"))
        .collect()
}

/// Asserts that `text` holds `expected`, showing the whole text when it does not (the
/// tests of the command line mostly check one line of a longer answer).
#[track_caller]
pub fn assert_contains(text: &str, expected: &str) {
    assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
}

/// Asserts that `text` begins with `expected`, showing the whole text when it does not.
#[track_caller]
pub fn assert_starts_with(text: &str, expected: &str) {
    assert!(
        text.starts_with(expected),
        "does not start with {expected:?}:\n{text}"
    );
}

/// Asserts that `text` ends with `expected`, showing the whole text when it does not.
#[track_caller]
pub fn assert_ends_with(text: &str, expected: &str) {
    assert!(
        text.ends_with(expected),
        "does not end with {expected:?}:\n{text}"
    );
}

/// A path named `name` in a fresh temporary directory, which lasts as long as the
/// `TempDir` does: where a test writes its files.
pub fn temp_path(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}
