//! The curating commands, run as a curator runs them: `check --sources`, `add source
//! --file`, `extract`, `review`, `apply` and `diff`.

use std::path::PathBuf;

use crate::common::run;

/// A fresh editable copy of the bundled data set.
fn copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("graph");
    let init = run(&["init", graph.to_str().unwrap()]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    (dir, graph)
}

fn arg(path: &std::path::Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn check_sources_finds_every_bundled_quote() {
    let run = run(&["check", "--sources"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The bundled files carry their locators already, so nothing is out of date.
    assert_eq!(run.stdout, "ok: 144 quotes found in their sources\n");
}

#[test]
fn check_sources_reports_a_mistyped_quote_with_the_passage_it_resembles() {
    let (_dir, graph) = copy();
    let file = graph.join("department.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    // A straight apostrophe where the report has none, and a word changed.
    let quote = "DPKO is one of the members in the UN ACTION";
    assert!(text.contains(quote));
    std::fs::write(
        &file,
        text.replace(quote, "DPKO is one of the member's of the UN ACTION"),
    )
    .unwrap();
    let run = run(&["check", "--sources", "--graph", arg(&graph)]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.starts_with(
            "error: quote not found in `inter-agency-mechanisms`\n  \
             DPKO member of UN-ACTION: “DPKO is one of the member's of the UN ACTION”\n  \
             = did you mean (line 27, "
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("alike): “DPKO is one of the members in the UN ACTION”\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: 1 of 144 quotes not found in their sources\n")
    );
    // The mistyped quote loses its locator, which no longer points at its words.
    assert_eq!(run.stdout, "cleared the locators of 1 quotes not found\n");
    let after = std::fs::read_to_string(&file).unwrap();
    let at = after.find("member's").unwrap();
    assert!(!after[at..].lines().nth(1).unwrap().contains("at:"));
}

#[test]
fn a_source_added_with_its_file_is_checked_and_located() {
    let (dir, graph) = copy();
    let report = dir.path().join("memo.txt");
    std::fs::write(&report, "Memo\nUNFPA chairs the\nGender Theme Group.\n").unwrap();
    let added = run(&[
        "add",
        "source",
        "--graph",
        arg(&graph),
        "--id",
        "memo",
        "--title",
        "A memo",
        "--file",
        arg(&report),
    ]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert_eq!(
        std::fs::read_to_string(graph.join("sources/memo.txt")).unwrap(),
        "Memo\nUNFPA chairs the\nGender Theme Group.\n"
    );
    let sources = std::fs::read_to_string(graph.join("sources.ron")).unwrap();
    assert!(sources.contains("file: \"sources/memo.txt\""), "{sources}");
    let add = run(&[
        "add",
        "edge",
        "--graph",
        arg(&graph),
        "UNODC",
        "chairs",
        "ICAT",
        "--source",
        "memo",
        "--quote",
        "UNFPA chairs the Gender Theme Group.",
    ]);
    assert_eq!(add.code, 0, "{}", add.stderr);
    let check = run(&["check", "--sources", "--graph", arg(&graph)]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(
        check.stdout,
        "located 1 quotes\nok: 145 quotes found in their sources\n"
    );
    let why = run(&["why", "--graph", arg(&graph), "UNODC", "ICAT"]);
    // Lines 2 and 3 of the memo; `why` cites the first.
    assert!(why.stdout.contains("— memo:2 (A memo)"), "{}", why.stdout);
}
