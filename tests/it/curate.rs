//! The curating commands, run as a curator runs them: `check --sources`, `add source
//! --file`, `extract`, `review`, `apply` and `diff`.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use crate::common::{assert_contains, assert_ends_with, assert_starts_with, run};

use crate::common::editable_copy as copy;

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
    assert_contains(&text, quote);
    std::fs::write(
        &file,
        text.replace(quote, "DPKO is one of the member's of the UN ACTION"),
    )
    .unwrap();
    let run = run(&["check", "--sources", "--graph", arg(&graph)]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_starts_with(
        &run.stderr,
        "error: quote not found in `inter-agency-mechanisms`\n  \
             DPKO member of UN-ACTION: “DPKO is one of the member's of the UN ACTION”\n  \
             = did you mean (line 27, ",
    );
    assert_contains(
        &run.stderr,
        "alike): “DPKO is one of the members in the UN ACTION”\n",
    );
    assert_ends_with(
        &run.stderr,
        "error: 1 of 144 quotes not found in their sources\n",
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
    assert_contains(&sources, "file: \"sources/memo.txt\"");
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
    assert_contains(&why.stdout, "— memo:2 (A memo)");
}

/// Runs the program with `input` on standard input.
fn run_with_input(args: &[&str], input: &str) -> crate::common::Run {
    crate::common::finish(crate::common::output_with_input(
        crate::common::command(args),
        input.as_bytes(),
    ))
}

#[test]
fn a_report_goes_in_through_extract_review_and_apply() {
    let (dir, graph) = copy();
    let memo = dir.path().join("memo.txt");
    std::fs::write(&memo, "Memo\nOCHA chairs the Gender Theme Group (GTG).\n").unwrap();
    let g = arg(&graph);
    let added = run(&[
        "add",
        "source",
        "--graph",
        g,
        "--id",
        "memo",
        "--title",
        "Memo",
        "--file",
        arg(&memo),
    ]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    let proposals = dir.path().join("p.ron");
    let text = graph.join("sources/memo.txt");
    let extracted = run(&["extract", arg(&text), "--graph", g, "-o", arg(&proposals)]);
    assert_eq!(
        extracted.stdout,
        format!(
            "wrote {}: 1 new entities, 0 aliases, 1 relations (1 known entities named)\n",
            proposals.display()
        )
    );
    let written = std::fs::read_to_string(&proposals).unwrap();
    // The source is the graph's source whose file the report is; the quote is line 2.
    assert_contains(&written, "source: \"memo\"");
    assert_contains(
        &written,
        "quote: \"OCHA chairs the Gender Theme Group (GTG).\"",
    );
    assert_contains(&written, "at: \"2:1-41\"");

    // Nothing accepted yet: apply has nothing to write.
    let nothing = run(&["apply", arg(&proposals), "--graph", g]);
    assert_eq!(
        nothing.stdout,
        "nothing to change: no proposal is accepted\n"
    );

    // Retype the new entity, then accept the relation.
    let review = run_with_input(
        &["review", arg(&proposals), "--graph", g],
        "k working-group\na\n",
    );
    assert_eq!(review.code, 0, "{}", review.stderr);
    assert!(
        review
            .stdout
            .contains("  accepted GTG as a working-group\n"),
        "{}",
        review.stdout
    );
    assert_ends_with(
        &review.stdout,
        &format!("2 decided, 0 pending; saved {}\n", proposals.display()),
    );

    let before = std::fs::read_to_string(graph.join("un-entity.ron")).unwrap();
    let dry = run(&["apply", arg(&proposals), "--graph", g, "--dry-run"]);
    assert_ends_with(&dry.stdout, "dry run: nothing was written\n");
    assert_eq!(
        std::fs::read_to_string(graph.join("un-entity.ron")).unwrap(),
        before
    );

    let applied = run(&["apply", arg(&proposals), "--graph", g]);
    assert_eq!(
        applied.stdout,
        format!(
            "added node GTG to {}\nadded edge OCHA chairs GTG to {}\n",
            graph.join("working-group.ron").display(),
            graph.join("un-entity.ron").display()
        )
    );
    let why = run(&["why", "OCHA", "GTG", "--graph", g]);
    assert_contains(&why.stdout, "    — memo:2 (Memo)\n");
    // Applying the same list again is refused whole: the new entity exists now.
    let again = run(&["apply", arg(&proposals), "--graph", g]);
    assert_eq!(again.code, 1, "the node exists: {}", again.stdout);
    assert_contains(&again.stderr, "a node `GTG` exists already");
}

#[test]
fn review_merges_a_new_entity_into_a_known_one() {
    let (dir, graph) = copy();
    let memo = dir.path().join("memo.txt");
    // "UNOCHA" is not one of OCHA's names: the rules propose it as a new entity.
    std::fs::write(
        &memo,
        "The Gender Theme Group (GTG) is chaired by UNOCHA.\n",
    )
    .unwrap();
    let proposals = dir.path().join("p.ron");
    let g = arg(&graph);
    let extracted = run(&[
        "extract",
        arg(&memo),
        "--graph",
        g,
        "-o",
        arg(&proposals),
        "--source",
        "inter-agency-mechanisms",
    ]);
    assert_eq!(extracted.code, 0, "{}", extracted.stderr);
    let written = std::fs::read_to_string(&proposals).unwrap();
    assert_contains(&written, "id: \"UNOCHA\"");
    // GTG: skip; UNOCHA: merge into OCHA; the relation, now OCHA's: accept.
    let review = run_with_input(&["review", arg(&proposals), "--graph", g], "s\nm OCHA\na\n");
    assert_contains(&review.stdout, "  merged UNOCHA into OCHA\n");
    assert_contains(&review.stdout, "  accepted OCHA chairs GTG\n");
    let after = std::fs::read_to_string(&proposals).unwrap();
    assert_contains(&after, "node: \"OCHA\",\n            alias: \"UNOCHA\"");
}

#[test]
fn diff_reads_renames_additions_and_changes() {
    let (dir, graph) = copy();
    let old = dir.path().join("old");
    copy_dir(&graph, &old);
    let g = arg(&graph);
    for args in [
        &["rename", "TWG-GEEW", "TWG-GE"][..],
        &["set", "UNMAS", "notes", "Checked in 2024."],
        &[
            "add",
            "edge",
            "WFP",
            "member-of",
            "IASC",
            "--source",
            "inter-agency-mechanisms",
            "--quote",
            "WFP has a particular interest in continued engagement with the IASC Gender Reference Group",
        ],
    ] {
        let edited = crate::common::finish(
            crate::common::command(args)
                .env("AGENCYGRAPH_GRAPH", g)
                .output()
                .unwrap(),
        );
        assert_eq!(edited.code, 0, "{}", edited.stderr);
    }
    let diff = run(&["diff", arg(&old), g]);
    assert_eq!(
        diff.stdout,
        "> TWG-GEEW renamed TWG-GE\n~ node UNMAS: notes Checked in 2024.\n+ WFP member-of IASC\n"
    );
    let dot = run(&["diff", arg(&old), g, "--format", "dot"]);
    assert_contains(
        &dot.stdout,
        "\"WFP\" -> \"IASC\" [label=\"member of\", color=\"#2e7d32\"",
    );
    assert_contains(&dot.stdout, "label=\"removed\"");
}

#[test]
fn diff_by_dates_lists_what_started_ended_held_or_was_between() {
    // (--at, --to, lines the answer holds, an entity it must not name), from graph/*.ron.
    let cases: [(&str, &str, &[&str], &str); 2] = [
        (
            "2016",
            "2018",
            &[
                // The first phase of Spotlight ran 2017-2023: it started in between.
                "+ SPOTLIGHT-PROGRAMMES part-of SPOTLIGHT  (since 2017, until 2023)\n",
                // The commemoration of 23 November 2018 holds in 2018, not in 2016.
                "+ ESCAP co-organises REGIONAL-COMMEMORATION-IDEVAW-2018  (on 2018-11-23)\n",
                // EU funding in 2017: only in between.
                "* EU funds SPOTLIGHT  (in 2017)\n",
            ],
            "CSW63",
        ),
        (
            "2019-02",
            "2019-04",
            &[
                // OHCHR's CSW63 side-events are dated 2019-03: neither in February nor
                // in April, but in between.
                "* OHCHR supports SIDE-EVENT-ONLINE-VIOLENCE  (on 2019-03)\n",
                // Spotlight's first phase holds in both months.
                "= SPOTLIGHT-PROGRAMMES part-of SPOTLIGHT  (since 2017, until 2023)\n",
            ],
            // 23 November 2018 is outside the span altogether.
            "REGIONAL-COMMEMORATION-IDEVAW-2018",
        ),
    ];
    for (at, to, lines, absent) in cases {
        let run = run(&["diff", "--at", at, "--to", to]);
        assert_eq!(run.code, 0, "--at {at} --to {to}: {}", run.stderr);
        for line in lines {
            assert_contains(&run.stdout, line);
        }
        assert!(
            !run.stdout.contains(absent),
            "--at {at} --to {to}: {}",
            run.stdout
        );
    }
}

#[test]
fn diff_by_dates_refuses_times_backwards_or_unreadable() {
    let backwards = run(&["diff", "--at", "2019-04", "--to", "2019-02"]);
    assert_eq!(backwards.code, 1, "{}", backwards.stderr);
    assert_contains(&backwards.stderr, "--at 2019-04 comes after --to 2019-02");
    let nonsense = run(&["diff", "--at", "2019-13", "--to", "2020"]);
    assert_eq!(nonsense.code, 2, "{}", nonsense.stderr);
    assert_contains(&nonsense.stderr, "expected 2019, 2019-03 or 2019-03-15");
}

#[test]
fn textconv_reads_a_file_as_statements() {
    let (_dir, graph) = copy();
    let run = run(&["textconv", arg(&graph.join("fund.ron"))]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stdout, "node WITHHER-FUND (fund) WithHer Fund\n");
    assert_contains(
        &run.stdout,
        "UN-ACTION-MPTF funds UN-ACTION-MPTF-PROJECTS\n  inter-agency-mechanisms:12: “",
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn diff_reads_a_git_revision_of_the_graph() {
    let (dir, graph) = copy();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .status()
            .expect("git is installed");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q", "."]);
    git(&["add", "graph"]);
    git(&["commit", "-q", "-m", "before"]);
    // `init` wrote the attributes line that names the textconv driver.
    assert_eq!(
        std::fs::read_to_string(graph.join(".gitattributes")).unwrap(),
        "*.ron diff=agencygraph\n"
    );
    let g = arg(&graph);
    let renamed = crate::common::finish(
        crate::common::command(&["rename", "TWG-GEEW", "TWG-GE"])
            .env("AGENCYGRAPH_GRAPH", g)
            .output()
            .unwrap(),
    );
    assert_eq!(renamed.code, 0, "{}", renamed.stderr);
    let diff = run(&["diff", "--graph", g, "--rev", "HEAD"]);
    assert_eq!(
        diff.stdout, "> TWG-GEEW renamed TWG-GE\n",
        "{}",
        diff.stderr
    );
    git(&["commit", "-q", "-am", "rename"]);
    let between = run(&["diff", "--graph", g, "--rev", "HEAD~1", "--rev", "HEAD"]);
    assert_eq!(
        between.stdout, "> TWG-GEEW renamed TWG-GE\n",
        "{}",
        between.stderr
    );
    let none = run(&["diff", "--graph", g, "--rev", "HEAD"]);
    assert_eq!(none.stdout, "no changes\n");
    let bad = run(&["diff", "--graph", g, "--rev", "no-such-rev"]);
    assert_eq!(bad.code, 1);
    assert_starts_with(&bad.stderr, "error: git ls-tree");
}

#[test]
fn bad_proposals_are_refused_with_where_and_why_and_nothing_written() {
    let (dir, graph) = copy();
    let g = arg(&graph);
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(source: \"memo\", relations: [(from: 1)])").unwrap();
    let run1 = run(&["apply", arg(&bad), "--graph", g]);
    assert_eq!(run1.code, 1);
    assert_eq!(
        run1.stderr,
        format!("error: {}:1:36: Expected string\n", bad.display())
    );
    let unknown = dir.path().join("unknown.ron");
    std::fs::write(
        &unknown,
        "(source: \"inter-agency-mechanisms\", relations: [(status: Accepted, from: \"OCHA\", kind: Chairs, to: \"NOPE\", quote: \"q\", score: 1.0, reason: \"r\")])",
    )
    .unwrap();
    let before = std::fs::read_to_string(graph.join("un-entity.ron")).unwrap();
    let run2 = run(&["apply", arg(&unknown), "--graph", g]);
    assert_eq!(run2.code, 1);
    assert_eq!(
        run2.stderr,
        "error: accepted relation `OCHA chairs NOPE` names `NOPE`, which is neither in the graph nor an accepted new entity\n"
    );
    assert_eq!(
        std::fs::read_to_string(graph.join("un-entity.ron")).unwrap(),
        before
    );
    let bundled = run(&["apply", arg(&unknown)]);
    assert!(
        bundled
            .stderr
            .starts_with("error: the bundled data set is read-only\n")
    );
}

#[test]
fn check_sources_as_json_names_each_missing_quote_and_its_closest_passage() {
    let (_dir, graph) = copy();
    let file = graph.join("department.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "DPKO is one of the members in the UN ACTION",
            "DPKO is one of the member's of the UN ACTION",
        ),
    )
    .unwrap();
    let run = run(&[
        "check",
        "--sources",
        "--format",
        "json",
        "--graph",
        arg(&graph),
    ]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["found"], 143);
    let missing = &json["missing"][0];
    assert_eq!(
        missing["relation"],
        serde_json::json!(["DPKO", "member-of", "UN-ACTION"])
    );
    assert_eq!(missing["outcome"], "missing");
    assert_eq!(
        missing["closest"]["text"],
        "DPKO is one of the members in the UN ACTION"
    );
    assert_eq!(missing["closest"]["at"], "27:1-43");
    assert_eq!(
        json["written"],
        serde_json::json!(["cleared the locators of 1 quotes not found"])
    );
}
