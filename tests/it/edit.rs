//! The editing commands, run as a curator runs them on a copy of the bundled data.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{
    Run, assert_contains, assert_ends_with, assert_starts_with, command, finish, run, temp_path,
};
use agencygraph::{EdgeKind, Graph};

use crate::common::editable_copy as copy;

/// Runs an editing command on `graph` (given through the environment variable, as a
/// curator working in one folder would).
fn edit(graph: &Path, args: &[&str]) -> Run {
    finish(
        command(args)
            .env("AGENCYGRAPH_GRAPH", graph)
            .output()
            .unwrap(),
    )
}

/// Runs an editing command on `graph` that must succeed, and loads the graph it left.
#[track_caller]
fn edited(graph: &Path, args: &[&str]) -> Graph {
    let run = edit(graph, args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    Graph::load(graph).unwrap()
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn the_bundled_data_is_read_only() {
    let run = run(&[
        "add", "node", "--id", "X", "--kind", "office", "--name", "X",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: the bundled data set is read-only\n  = hint: `agencygraph init my-graph` writes an editable copy; then pass --graph my-graph (or set AGENCYGRAPH_GRAPH)\n"
    );
}

#[test]
fn init_writes_a_copy_that_checks_and_is_canonical() {
    let (_dir, graph) = copy();
    assert_eq!(snapshot(&graph).len(), Graph::bundled_files().len());
    let check = run(&["check", "--graph", graph.to_str().unwrap()]);
    let bundled = Graph::bundled();
    assert_eq!(
        check.stdout,
        format!(
            "ok: {} nodes, {} edges\n",
            bundled.node_count(),
            bundled.edge_count()
        )
    );
    let fmt = run(&["fmt", "--check", "--graph", graph.to_str().unwrap()]);
    assert_eq!((fmt.code, fmt.stdout.as_str()), (0, ""));
    assert_eq!(
        std::fs::read_to_string(graph.join(".gitignore")).unwrap(),
        ".agencygraph.lock\n"
    );
    let again = run(&["init", graph.to_str().unwrap()]);
    assert_eq!(again.code, 1);
    assert_contains(&again.stderr, "is not empty");
}

#[test]
fn a_curator_adds_a_mechanism_its_chair_and_members() {
    let (_dir, graph) = copy();
    // UNODC and OCHA join the task force on the strength of one sentence.
    let member = |who| {
        [
            "add",
            "edge",
            who,
            "member-of",
            "TF-EVAW",
            "--source",
            "report-2024",
            "--quote",
            "UNODC and OCHA are members",
        ]
    };
    let steps: [&[&str]; 5] = [
        &[
            "add",
            "source",
            "--id",
            "report-2024",
            "--title",
            "Annual report 2024",
        ],
        &[
            "add",
            "node",
            "--id",
            "TF-EVAW",
            "--kind",
            "working-group",
            "--name",
            "Task Force on Ending Violence against Women",
            "--alias",
            "EVAW Task Force",
        ],
        &[
            "add",
            "edge",
            "UN Women",
            "chairs",
            "EVAW Task Force",
            "--source",
            "report-2024",
            "--quote",
            "UN Women chairs the Task Force",
            "--since",
            "2024",
        ],
        &member("UNODC"),
        &member("OCHA"),
    ];
    let to = |what: &str, file: &str| format!("added {what} to {}\n", graph.join(file).display());
    let expected = [
        to("source report-2024", "sources.ron"),
        to("node TF-EVAW", "working-group.ron"),
        to("edge UN-WOMEN chairs TF-EVAW", "un-entity.ron"),
        to("edge UNODC member of TF-EVAW", "un-entity.ron"),
        to("edge OCHA member of TF-EVAW", "un-entity.ron"),
    ];
    for (args, expected) in steps.iter().zip(expected) {
        let run = edit(&graph, args);
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (0, expected.as_str(), "")
        );
    }
    let loaded = Graph::load(&graph).unwrap();
    assert!(
        loaded
            .edge("UN-WOMEN", EdgeKind::Chairs, "TF-EVAW")
            .is_some_and(|e| e.since() == Some(2024))
    );
    assert_eq!(loaded.participants("TF-EVAW", &Default::default()).len(), 3);
    // Everything written is canonical.
    assert_eq!(
        run(&["fmt", "--check", "--graph", graph.to_str().unwrap()]).code,
        0
    );
}

#[test]
fn rename_and_merge() {
    let (_dir, graph) = copy();
    let run = edit(&graph, &["rename", "UN-TRUST-FUND", "UNTF-EVAW"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_starts_with(&run.stdout, "renamed UN-TRUST-FUND to UNTF-EVAW in ");
    let loaded = Graph::load(&graph).unwrap();
    assert_eq!(loaded.resolve("UN-TRUST-FUND").unwrap().id, "UNTF-EVAW");
    assert!(
        loaded
            .edge("UN-WOMEN", EdgeKind::Administers, "UNTF-EVAW")
            .is_some()
    );

    // A duplicate, then merged away.
    assert_eq!(
        edit(
            &graph,
            &[
                "add",
                "node",
                "--id",
                "UNODC-2",
                "--kind",
                "un-entity",
                "--name",
                "UN Office on Drugs and Crime"
            ]
        )
        .code,
        0
    );
    let added = edit(
        &graph,
        &[
            "add",
            "edge",
            "UNODC-2",
            "member-of",
            "IASC-GRG",
            "--source",
            "inter-agency-mechanisms",
            "--quote",
            "a quote",
        ],
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let loaded = edited(&graph, &["merge", "UNODC", "UNODC-2"]);
    assert!(loaded.node("UNODC-2").is_none());
    assert_eq!(
        loaded.resolve("UN Office on Drugs and Crime").unwrap().id,
        "UNODC"
    );
    assert!(
        loaded
            .edge("UNODC", EdgeKind::MemberOf, "IASC-GRG")
            .is_some()
    );
}

#[test]
fn dry_runs_show_a_diff_and_write_nothing() {
    let (_dir, graph) = copy();
    let before = snapshot(&graph);
    let url = "https://www.unodc.org/";
    let run = edit(&graph, &["set", "UNODC", "url", url, "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = graph.join("un-entity.ron").display().to_string();
    assert_starts_with(
        &run.stdout,
        &format!("would have set url of UNODC in {file}\n\n--- {file}\n+++ {file}\n@@ "),
    );
    assert_contains(
        &run.stdout,
        "\n+            url: \"https://www.unodc.org/\",\n",
    );
    assert_ends_with(&run.stdout, "\ndry run: nothing was written\n");
    assert_eq!(snapshot(&graph), before);
}

#[test]
fn invalid_changes_are_refused_whole() {
    let (_dir, graph) = copy();
    let before = snapshot(&graph);
    let run = edit(
        &graph,
        &[
            "add",
            "edge",
            "UNODC",
            "chairs",
            "ICAT",
            "--source",
            "no-such-report",
            "--quote",
            "UNODC chairs ICAT",
        ],
    );
    assert_eq!(run.code, 1);
    let file = graph.join("un-entity.ron").display().to_string();
    assert_starts_with(
        &run.stderr,
        &format!("error: unknown source `no-such-report`\n   --> {file}:356:29\n"),
    );
    assert_ends_with(
        &run.stderr,
        "error: the graph has 1 problem\nerror: the change was refused; nothing was written\n",
    );
    // The wrong kinds for the relation: refused the same way.
    let run = edit(
        &graph,
        &[
            "add",
            "edge",
            "ICAT-BRIEF-GENDER-2019",
            "chairs",
            "ICAT",
            "--source",
            "inter-agency-mechanisms",
            "--quote",
            "q",
        ],
    );
    assert_contains(&run.stderr, "`Chairs` cannot run from publication");
    // Removing a node that relations name needs --cascade.
    let run = edit(&graph, &["remove", "node", "TWG-GEEW"]);
    assert_eq!(run.code, 1);
    assert_starts_with(&run.stderr, "error: 6 relations name TWG-GEEW: ");
    assert_ends_with(
        &run.stderr,
        "  = hint: remove them first, or pass --cascade to remove them with the node\n",
    );
    assert_eq!(snapshot(&graph), before);
    let loaded = edited(&graph, &["remove", "node", "TWG-GEEW", "--cascade"]);
    assert!(loaded.node("TWG-GEEW").is_none());
}

#[test]
fn set_unset_and_aliases() {
    let (_dir, graph) = copy();
    for args in [
        &["set", "OCHA", "established", "1991"][..],
        &["unset", "OCHA", "description"],
        &["alias", "OCHA", "add", "UN OCHA"],
        &["alias", "OCHA", "remove", "OCHA"],
    ] {
        let run = edit(&graph, args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    let loaded = Graph::load(&graph).unwrap();
    let ocha = loaded.node("OCHA").unwrap();
    assert_eq!(
        (ocha.established, ocha.description.as_deref()),
        (Some(1991), None)
    );
    assert_eq!(ocha.aliases, ["UN OCHA"]);
    let run = edit(&graph, &["unset", "OCHA", "name"]);
    assert_eq!(
        run.stderr,
        "error: a node must have a name\n  = hint: use `set OCHA name ...` to change it\n"
    );
    let run = edit(&graph, &["set", "OCHA", "colour", "blue"]);
    assert_eq!(run.code, 2);
    assert_contains(
        &run.stderr,
        "unknown field `colour`; expected one of name, kind, description, established, url, notes",
    );
}

#[test]
fn fmt_rewrites_and_check_lists() {
    let (_dir, file) = temp_path("small.ron");
    // A valid file in a loose layout.
    let loose = "(sources: [(id: \"memo\", title: \"A memo\")], nodes: [(id: \"B\", kind: Office, name: \"B\"), (id: \"A\", kind: Office, name: \"A\")])";
    std::fs::write(&file, loose).unwrap();
    let check = run(&["fmt", "--check", "--graph", file.to_str().unwrap()]);
    assert_eq!(
        (check.code, check.stdout),
        (1, format!("would reformat {}\n", file.display()))
    );
    let fmt = run(&["fmt", "--graph", file.to_str().unwrap()]);
    assert_eq!(
        (fmt.code, fmt.stdout),
        (0, format!("formatted {}\n", file.display()))
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.find("id: \"A\"").unwrap() < text.find("id: \"B\"").unwrap());
    assert_eq!(
        run(&["fmt", "--check", "--graph", file.to_str().unwrap()]).code,
        0
    );
    // Comments would be lost: refused.
    std::fs::write(&file, format!("// kept by hand\n{loose}")).unwrap();
    let refused = run(&["fmt", "--graph", file.to_str().unwrap()]);
    assert_eq!(refused.code, 1);
    assert_eq!(
        refused.stderr,
        format!(
            "error: {} holds comments, which rewriting it would lose\n  = hint: move the comments into `notes` fields, then try again\n",
            file.display()
        )
    );
}

#[test]
fn one_writer_at_a_time() {
    let (_dir, graph) = copy();
    // This process holds the graph, as a writer in the middle of a change would.
    let held = agencygraph::store::Store::open(&graph).unwrap();
    let started = Instant::now();
    let run = edit(&graph, &["alias", "OCHA", "add", "UN OCHA"]);
    assert_eq!(run.code, 1);
    let expected = format!(
        "error: {} is locked by another writer (process {} since ",
        graph.join(".agencygraph.lock").display(),
        std::process::id()
    );
    assert_starts_with(&run.stderr, &expected);
    assert_ends_with(
        &run.stderr,
        "  = hint: another agencygraph command is changing this graph; try again when it is done\n",
    );
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "it waits a little first"
    );
    drop(held);
    assert_eq!(edit(&graph, &["alias", "OCHA", "add", "UN OCHA"]).code, 0);
}

#[test]
fn a_crashed_writer_leaves_no_lock() {
    let (_dir, graph) = copy();
    // A writer that dies holding the lock: a shell takes the same lock (flock(2), through
    // util-linux's flock(1) on an open descriptor), becomes `sleep`, and is killed.
    let lock = graph.join(".agencygraph.lock");
    let mut holder = match Command::new("sh")
        .args(["-c", "exec 9>>\"$0\"; flock 9 && exec sleep 60"])
        .arg(&lock)
        .stdout(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => {
            assert!(std::env::var_os("CI").is_none(), "sh is missing: {error}");
            eprintln!("skipped: no sh");
            return;
        }
    };
    // Held: a writer that does not wait is turned away.
    let deadline = Instant::now() + Duration::from_secs(5);
    while agencygraph::store::Store::open_waiting(&graph, Duration::ZERO).is_ok() {
        assert!(Instant::now() < deadline, "the shell never took the lock");
        std::thread::sleep(Duration::from_millis(20));
    }
    holder.kill().unwrap();
    holder.wait().unwrap();
    let started = Instant::now();
    let run = edit(&graph, &["alias", "OCHA", "add", "UN OCHA"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn relations_can_carry_amounts() {
    let (_dir, graph) = copy();
    let loaded = edited(
        &graph,
        &[
            "add",
            "edge",
            "EU",
            "funds",
            "UN-TRUST-FUND",
            "--source",
            "inter-agency-mechanisms",
            "--quote",
            "a grant",
            "--amount",
            "about 2,000,000 EUR",
            "--year",
            "2020",
        ],
    );
    let edge = loaded.edge("EU", EdgeKind::Funds, "UN-TRUST-FUND").unwrap();
    assert_eq!(edge.amount().unwrap().to_string(), "about 2000000 EUR");
    let run = edit(
        &graph,
        &[
            "add", "edge", "EU", "funds", "UNITE", "--source", "s", "--quote", "q", "--amount",
            "plenty",
        ],
    );
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "`plenty` is not an amount");
}

#[test]
fn remove_edge_removes_one_relation_by_names_and_either_order_of_a_symmetric_kind() {
    let (_dir, graph) = copy();
    let file = |name: &str| graph.join(name).display().to_string();
    // graph/un-entity.ron states "UN-WOMEN co-chairs TWG-GEEW"; the name resolves.
    let run = edit(
        &graph,
        &["remove", "edge", "UN Women", "co-chairs", "TWG-GEEW"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "removed UN-WOMEN co-chairs TWG-GEEW from {}\n",
            file("un-entity.ron")
        )
    );
    let loaded = Graph::load(&graph).unwrap();
    assert!(
        loaded
            .edge("UN-WOMEN", EdgeKind::CoChairs, "TWG-GEEW")
            .is_none()
    );
    // The other co-chair stays, and so does everything else.
    assert!(
        loaded
            .edge("ESCAP", EdgeKind::CoChairs, "TWG-GEEW")
            .is_some()
    );
    assert_eq!(loaded.edge_count(), 123);

    // A symmetric kind is one relation whichever end is named first: the file states
    // SPOTLIGHT partners-with GROUP-OF-FRIENDS (graph/initiative.ron).
    let loaded = edited(
        &graph,
        &[
            "remove",
            "edge",
            "GROUP-OF-FRIENDS",
            "partners-with",
            "SPOTLIGHT",
        ],
    );
    assert!(
        loaded
            .edge("SPOTLIGHT", EdgeKind::PartnersWith, "GROUP-OF-FRIENDS")
            .is_none()
    );
    assert_eq!(loaded.edge_count(), 122);

    // A relation that is not there is refused, and nothing is written.
    let before = snapshot(&graph);
    let run = edit(
        &graph,
        &["remove", "edge", "UN-WOMEN", "co-chairs", "TWG-GEEW"],
    );
    assert_eq!(run.code, 1);
    assert_starts_with(
        &run.stderr,
        "error: no relation `UN-WOMEN co-chairs TWG-GEEW`",
    );
    assert_eq!(snapshot(&graph), before);
}
