//! The architecture's rules that the compiler does not check, checked on the source
//! (ARCHITECTURE.md, "Invariants").

use crate::common::assert_contains;
use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn source(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The lines of `files` that hold one of `needles`, as `path:line: text`.
fn lines_with(files: &[PathBuf], needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle)) {
                found.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

#[test]
fn nothing_in_the_engine_imports_the_domain() {
    let domain = [
        "crate::graph",
        "crate::model",
        "crate::store",
        "crate::questions",
        "crate::export",
        "crate::resolve",
        "crate::Graph",
        "agencygraph::graph",
        "agencygraph::model",
        "agencygraph::store",
        "agencygraph::questions",
        "agencygraph::export",
        "agencygraph::Graph",
    ];
    let found = lines_with(&rust_files(&source("src/cypher")), &domain);
    // The module docs may name the adapter in prose.
    let found: Vec<&String> = found.iter().filter(|l| !l.contains("//!")).collect();
    assert!(
        found.is_empty(),
        "the engine reaches into the domain:\n{found:#?}"
    );
}

#[test]
fn petgraph_indices_never_leave_graph() {
    let outside: Vec<PathBuf> = rust_files(&source("src"))
        .into_iter()
        .filter(|f| !f.starts_with(source("src/graph")))
        .collect();
    let found = lines_with(
        &outside,
        &[
            "petgraph",
            "NodeIndex",
            "EdgeIndex",
            ".node_index(",
            ".adjacency()",
        ],
    );
    assert!(found.is_empty(), "petgraph outside graph:\n{found:#?}");
}

#[test]
fn the_cli_is_not_part_of_the_library() {
    let lib = fs::read_to_string(source("src/lib.rs")).unwrap();
    assert!(!lib.contains("mod cli"), "src/lib.rs declares the CLI");
    let main = fs::read_to_string(source("src/main.rs")).unwrap();
    assert_contains(&main, "mod cli;");
    // It names the library by its crate name, never `crate::` for library items.
    let found = lines_with(&rust_files(&source("src/cli")), &["use crate::"]);
    let found: Vec<&String> = found.iter().filter(|l| !l.contains("crate::cli")).collect();
    assert!(found.is_empty(), "the CLI uses crate paths:\n{found:#?}");
}
