//! Killing the program at every rename of a multi-file change, out of process: `strace`
//! delivers SIGKILL when the program makes its Nth rename. After the next command opens
//! the graph, every file is wholly old or wholly new, and the graph checks.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{command, finish, run, succeeds, temp_path, tool_found};

/// Whether `strace` can trace here; under CI its absence is a failure.
fn have_strace() -> bool {
    tool_found(
        succeeds(Command::new("strace").args(["-qq", "-o", "/dev/null", "true"])),
        "strace is missing or cannot trace; .ci/run installs it",
        "strace cannot run here",
    )
}

/// The `.ron` files and their texts, plus any file the save leaves behind (staged
/// copies, a journal), which must not be there once the graph is reopened.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with(".agencygraph.lock"))
        .map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap_or_default()))
        .collect();
    files.sort();
    files
}

/// Runs `args` under strace, killed at its `nth` rename; whether it was killed.
fn killed_at_rename(nth: usize, args: &[&str]) -> bool {
    let binary = env!("CARGO_BIN_EXE_agencygraph");
    let status = Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "-e"])
        .arg(format!(
            "inject=rename,renameat,renameat2:signal=SIGKILL:when={nth}"
        ))
        .arg(binary)
        .args(args)
        .env_remove("AGENCYGRAPH_GRAPH")
        .output()
        .unwrap();
    // strace exits as its tracee did: killed shows as 128 + 9.
    status.status.code() == Some(137) || status.status.code().is_none()
}

fn graph_copy() -> (tempfile::TempDir, PathBuf) {
    let (dir, graph) = temp_path("graph");
    assert_eq!(run(&["init", graph.to_str().unwrap()]).code, 0);
    (dir, graph)
}

#[test]
fn a_change_killed_at_any_rename_is_recovered_whole() {
    if !have_strace() {
        return;
    }
    // Each touches several files: the node's own file and those that reference it.
    let changes: [&[&str]; 3] = [
        &["rename", "UN-ACTION", "UNACT"],
        &["merge", "ICAT", "UN-ACTION"],
        &["remove", "node", "UN-ACTION", "--cascade"],
    ];
    let mut trials = 0;
    for change in changes {
        // The files as the change leaves them, done without interruption.
        let (_done_dir, done) = graph_copy();
        let mut args = vec!["--graph", done.to_str().unwrap()];
        args.extend_from_slice(change);
        let finished = run(&args);
        assert_eq!(finished.code, 0, "{change:?}: {}", finished.stderr);
        let new_texts: Vec<String> = snapshot(&done).into_iter().map(|(_, t)| t).collect();
        let mut nth = 1;
        loop {
            let (_dir, graph) = graph_copy();
            let old = snapshot(&graph);
            let mut args = vec!["--graph", graph.to_str().unwrap()];
            args.extend_from_slice(change);
            if !killed_at_rename(nth, &args) {
                break; // the change makes fewer renames than `nth`
            }
            trials += 1;
            // A reader that does not take the lock already sees one whole graph.
            let check = run(&["check", "--graph", graph.to_str().unwrap()]);
            assert_eq!(
                check.code, 0,
                "{change:?} killed at rename {nth}: {}",
                check.stderr
            );
            // The next change recovers under the lock (`fmt` changes nothing itself).
            let fmt = run(&["fmt", "--graph", graph.to_str().unwrap()]);
            assert_eq!(fmt.code, 0, "{change:?} rename {nth}: {}", fmt.stderr);
            let now = snapshot(&graph);
            let texts: Vec<String> = now.iter().map(|(_, t)| t.clone()).collect();
            assert!(
                now == old || texts == new_texts,
                "{change:?} killed at rename {nth}: neither old nor new: {:?}",
                now.iter().map(|(p, _)| p).collect::<Vec<_>>()
            );
            nth += 1;
        }
        assert!(nth > 3, "{change:?}: only {} renames", nth - 1);
    }
    eprintln!("{trials} kills at a rename, all recovered");
}

#[test]
fn an_init_killed_at_any_rename_lets_a_second_init_work() {
    if !have_strace() {
        return;
    }
    let mut nth = 1;
    loop {
        let (_dir, graph) = temp_path("graph");
        let path = graph.to_str().unwrap();
        if !killed_at_rename(nth, &["init", path]) {
            break;
        }
        let again = finish(command(&["init", path]).output().unwrap());
        assert_eq!(
            again.code, 0,
            "init killed at rename {nth}: {}",
            again.stderr
        );
        let check = run(&["check", "--graph", path]);
        assert_eq!(check.code, 0, "rename {nth}: {}", check.stderr);
        assert!(!graph.join(".agencygraph.journal").exists());
        nth += 1;
    }
    assert!(nth > 10, "init renames every bundled file");
    eprintln!(
        "init killed at each of its {} renames, all recovered",
        nth - 1
    );
}
