//! The command-line program, run as a user runs it: each subcommand on the bundled data,
//! each kind of bad input from small fixtures.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use std::process::Stdio;

use crate::common::{
    assert_contains, assert_starts_with, command, export_to, finish, fixture, node_ids, run,
    temp_path,
};

use agencygraph::Graph;
use serde_json::Value;

/// Asserts that `text` holds each of `expected`, showing the text when one is missing.
fn assert_contains_all(text: &str, expected: &[String]) {
    for expected in expected {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

/// The ids of the answers of `who` or `what` in JSON.
fn answer_ids(value: &Value) -> Vec<&str> {
    value["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["node"]["id"].as_str().unwrap())
        .collect()
}

/// Runs `args` with `--format json`, which must succeed, and reads what it printed.
fn json(args: &[&str]) -> Value {
    let run = run(&[args, &["--format", "json"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn show_phrases_relations_both_ways_with_evidence() {
    let run = run(&["show", "un action"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_starts_with(
        &run.stdout,
        "UN-ACTION  United Nations Action against Sexual Violence in Conflict\n",
    );
    assert_contains(&run.stdout, "  kind        network\n");
    assert_contains(&run.stdout, "UN-ACTION ← has member — OCHA");
    assert_contains(
        &run.stdout,
        "“OCHA is an active member of the United Nations Actions against",
    );
    assert_contains(&run.stdout, "UN-ACTION ← has participant — WFP  [inferred]");
    assert_contains(
        &run.stdout,
        "— inter-agency-mechanisms:34 (Inter-Agency Mechanisms and Activities)",
    );
    // Read from the other end, the same relation runs forward.
    let run = self::run(&["show", "OCHA"]);
    assert_contains(&run.stdout, "OCHA — member of → UN-ACTION");
    // Everything fits an 80-column terminal, long names and quotes included.
    for name in ["OCHA", "TWG-GEEW", "SPOTLIGHT", "WFP-GENDER-OFFICE"] {
        for line in self::run(&["show", name]).stdout.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line}");
        }
    }
}

#[test]
fn show_as_json() {
    let value = json(&["show", "ICAT"]);
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
    assert_starts_with(
        &run.stderr,
        "error: no entity is called `unodcc`\n  = hint: did you mean:\n      UNODC  United Nations Office on Drugs and Crime\n",
    );

    let run = self::run(&["show", "trust"]);
    assert_eq!(run.code, 1);
    assert_starts_with(&run.stderr, "error: `trust` could mean 4 entities");
    assert_contains(
        &run.stderr,
        "UN-TRUST-FUND  United Nations Trust Fund in support of actions to eliminate violence against women",
    );

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
    assert_starts_with(&run.stdout, "ID              KIND  NAME\n");

    let all = json(&["list"]);
    assert_eq!(all.as_array().unwrap().len(), Graph::bundled().node_count());
    assert_eq!(all[0]["id"], "ASIA-PACIFIC-RCM");

    let run = self::run(&["list", "--kind", "agency"]);
    assert_eq!(run.code, 2);
    assert_contains(
        &run.stderr,
        "unknown kind `agency`; expected one of un-entity, department",
    );
}

#[test]
fn stats_count_by_kind() {
    let graph = Graph::bundled();
    let value = json(&["stats", "--top", "3"]);
    assert_eq!(value["nodes"], graph.node_count());
    assert_eq!(value["edges"], graph.edge_count());
    assert_eq!(value["node_kinds"]["un-entity"], 7);
    assert_eq!(value["edge_kinds"]["secretariat-of"], 1);
    let top = value["most_connected"].as_array().unwrap();
    assert_eq!(top.len(), 3);
    assert_eq!(top[0]["id"], "WFP");
    assert_eq!(top[0]["degree"], graph.degree("WFP"));

    let run = run(&["stats"]);
    assert_starts_with(
        &run.stdout,
        &format!("{} nodes, {} edges", graph.node_count(), graph.edge_count()),
    );
    assert_contains(&run.stdout, "\nsecretariat-of     governance      1\n");
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

    // An empty environment variable is no variable.
    let output = command(&["check"])
        .env("AGENCYGRAPH_GRAPH", "")
        .output()
        .unwrap();
    assert_eq!(finish(output).code, 0);
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

    let value = json(&["check"]);
    assert_eq!(value["ok"], true);
    assert_eq!(value["nodes"], Graph::bundled().node_count());
}

#[test]
fn a_missing_graph_is_explained() {
    let run = run(&["show", "ICAT", "--graph", "no/such/dir"]);
    assert_eq!(run.code, 1);
    assert_starts_with(&run.stderr, "error: cannot read the graph: ");
    assert_contains(&run.stderr, "--> no/such/dir\n");
    assert_contains(
        &run.stderr,
        "= expected a `.ron` file or a directory of them\n",
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

/// The subcommands a help text lists under "Commands:", without `help`.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        // A description that wraps goes on in a line indented further.
        .filter(|line| !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// Every command the program lists, and the commands under those that have some
/// (`add node`, `remove edge`), as the words that name them.
pub(crate) fn every_command() -> Vec<Vec<String>> {
    let top = run(&["--help"]);
    let mut leaves: Vec<Vec<String>> = Vec::new();
    for name in subcommands(&top.stdout) {
        let help = run(&[&name, "--help"]).stdout;
        let nested = subcommands(&help);
        if nested.is_empty() {
            leaves.push(vec![name]);
        } else {
            leaves.extend(nested.into_iter().map(|sub| vec![name.clone(), sub]));
        }
    }
    leaves
}

#[test]
fn every_subcommand_has_help_with_examples() {
    let top = run(&["--help"]);
    assert_contains(&top.stdout, "Exit status: 0 success, 1 a problem");
    // None may be added without examples.
    let leaves = every_command();
    assert!(leaves.len() >= 20, "only {leaves:?}");
    for words in &leaves {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let run = run(&args);
        assert_eq!(run.code, 0, "{words:?}");
        let example = format!(":\n  agencygraph {}", words.join(" "));
        assert!(
            run.stdout.contains("Example") && run.stdout.contains(&example),
            "{words:?} has no example: {}",
            run.stdout
        );
        // `init` writes a graph rather than reading one.
        if words[0] != "init" {
            assert!(run.stdout.contains("--graph <PATH>"), "{words:?}");
        }
    }
}

#[test]
fn who_takes_part_in_un_action() {
    // The report: DPKO "is one of the members in the UN ACTION", OCHA "is an active member",
    // UNODC "is part of"; WFP's table row 3 is UN Action (inferred); the Multi-Partner
    // Trust Fund is UN Action's by its name (inferred).
    let run = run(&["who", "UN Action"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Who takes part in UN-ACTION  United Nations Action against Sexual Violence in C…

members and participants
  DPKO            member of        Department of Peacekeeping Operations
  OCHA            member of        United Nations Office for the Coordination o…
                  role: active member
  UNODC           member of        United Nations Office on Drugs and Crime
  WFP             participates in  World Food Programme
                  inferred

parts
  UN-ACTION-MPTF  part of          UN Action Multi-Partner Trust Fund
                  inferred
"
    );
}

#[test]
fn what_wfp_takes_part_in() {
    let value = json(&["what", "WFP"]);
    let answers = value["answers"].as_array().unwrap();
    let ids: Vec<&str> = answers
        .iter()
        .map(|a| a["node"]["id"].as_str().unwrap())
        .collect();
    // Line 24 names seven bodies WFP engages with; the table's rows add UNiTE, UN Action
    // and the IASC sub-working group.
    assert_eq!(
        ids,
        [
            "CALL-TO-ACTION",
            "GBV-AOR",
            "GLOBAL-PROTECTION-CLUSTER",
            "HUMAN-RIGHTS-UP-FRONT",
            "IASC-GENCAP-SC",
            "IASC-GRG",
            "IASC-PSEA-AAP-TT",
            "IASC-SWG-GHA",
            "UN-ACTION",
            "UNITE"
        ]
    );
    assert!(answers.iter().all(|a| a["role"] == "member"));
    assert_eq!(answers[5]["edge"]["via"], "WFP-GENDER-OFFICE");
    assert_eq!(value["question"], "participations");
}

#[test]
fn transitive_answers_say_through_what() {
    let value = json(&["who", "IASC", "--transitive"]);
    let answers = value["answers"].as_array().unwrap();
    let find = |id: &str, through: &str| {
        answers
            .iter()
            .find(|a| a["node"]["id"] == id && a["through"] == through)
            .unwrap_or_else(|| panic!("{id} through {through}"))
    };
    assert_eq!(
        find("WFP-GENDER-OFFICE", "IASC-GENCAP-SC")["role"],
        "co-chair"
    );
    assert_eq!(find("WFP", "IASC-GRG")["role"], "member");
    // OCHA "initiated and continues to guide" GenCap, IASC's project: two roles.
    let ocha: Vec<&str> = answers
        .iter()
        .filter(|a| a["node"]["id"] == "OCHA" && a["through"] == "GENCAP")
        .map(|a| a["role"].as_str().unwrap())
        .collect();
    assert_eq!(ocha, ["coordinator", "founder"]);
    // Without --transitive, only IASC's own relations.
    let direct = json(&["who", "IASC"]);
    assert!(
        direct["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a.get("through").is_none())
    );

    let run = run(&["what", "UNMAS", "--transitive"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("  UN-ACTION "))
        .unwrap();
    assert!(lines[at].contains(" member of "), "{}", run.stdout);
    assert_eq!(lines[at + 1].trim(), "through DPKO");
}

#[test]
fn filters_by_role_kind_and_year() {
    let value = json(&["who", "TWG-GEEW", "--role", "co-chair"]);
    let ids = answer_ids(&value);
    assert_eq!(ids, ["ESCAP", "UN-WOMEN"]);

    let value = json(&["what", "OCHA", "--kind", "working-group"]);
    let ids = answer_ids(&value);
    assert_eq!(ids, ["IANWGE-TF-VAW", "IASC-PSEA-AAP-TT"]);

    // The commemoration was co-organised on 23 November 2018: gone in 2019; the
    // undated auspices stay, marked.
    let in_2019 = json(&["who", "Regional Commemoration", "--at", "2019"]);
    let answers = in_2019["answers"].as_array().unwrap();
    assert!(answers.iter().all(|a| a["role"] != "organiser"));
    assert!(answers.iter().all(|a| a["undated"] == true));
    let in_2018 = json(&["who", "Regional Commemoration", "--at", "2018"]);
    let organisers: Vec<&str> = in_2018["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["role"] == "organiser")
        .map(|a| a["node"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(organisers, ["ESCAP", "UN-WOMEN"]);

    let run = run(&["who", "IASC", "--role", "boss"]);
    assert_eq!(run.code, 2);
    assert_contains(
        &run.stderr,
        "unknown role `boss`; expected one of chair, co-chair",
    );
}

#[test]
fn answers_as_csv() {
    let run = run(&["who", "ICAT", "--format", "csv"]);
    assert_eq!(run.code, 0);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "role,id,kind,name,relation,through,undated,from,edge_kind,to,edge_role,year,since,until,date,inferred,evidence"
    );
    assert_eq!(
        lines.next().unwrap(),
        "coordinator,UNODC,un-entity,United Nations Office on Drugs and Crime,coordinates,,false,UNODC,coordinates,ICAT,permanent coordinator,,,,,false,inter-agency-mechanisms: UNODC is the permanent coordinator and secretariat of the Inter-Agency Coordination Group on Trafficking in Persons (ICAT)"
    );
    // A field with commas and quotes is quoted.
    let run = self::run(&["path", "UNODC", "OCHA", "--format", "csv"]);
    assert_starts_with(
        &run.stdout,
        "path,step,step_from,relation,step_to,from,edge_kind",
    );
    assert_contains(
        &run.stdout,
        "1,2,UN-ACTION,has member,OCHA,OCHA,member-of,UN-ACTION,active member",
    );
}

#[test]
fn path_from_unodc_to_ocha() {
    let run = run(&["path", "UNODC", "OCHA"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_starts_with(
        &run.stdout,
        "UNODC to OCHA: 2 hops\n\nUNODC — member of → UN-ACTION ← has member — OCHA\n  UNODC — member of → UN-ACTION\n",
    );
    assert_contains(
        &run.stdout,
        "    “OCHA is an active member of the United Nations Actions against Sexual\n    Violence in Conflict network”\n",
    );

    let value = json(&["path", "UNODC", "OCHA", "--all"]);
    assert_eq!(value["connected"], true);
    assert_eq!(value["hops"], 2);
    let texts: Vec<&str> = value["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["UNODC — member of → UN-ACTION ← has member — OCHA"]);
    assert_eq!(value["paths"][0]["steps"][1]["direction"], "in");

    // Not connected is an answer, not an error.
    let run = self::run(&["path", "UNODC", "FACEBOOK", "--max-hops", "2"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "UNODC and FACEBOOK are not connected within 2 hops.\n")
    );
    let value = json(&["path", "UNODC", "FACEBOOK", "--max-hops", "2"]);
    assert_eq!(value["connected"], false);
}

#[test]
fn why_lists_direct_relations_with_quotes() {
    let run = run(&["why", "unodc", "icat"]);
    assert_eq!(run.code, 0);
    assert_starts_with(
        &run.stdout,
        "UNODC and ICAT: 2 direct relations\n\nUNODC — coordinates → ICAT",
    );
    assert_contains(&run.stdout, "UNODC — secretariat of → ICAT");
    let run = self::run(&["why", "UNODC", "OCHA"]);
    assert_contains(
        &run.stdout,
        "0 direct relations\n\nnone; `agencygraph path UNODC OCHA` finds how they connect",
    );
}

#[test]
fn export_dot_json_and_svg_to_files() {
    let (dir, dot) = temp_path("iasc.dot");
    let run = export_to(&dot, &["--focus", "IASC", "--depth", "1"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    // IASC, its six parts, the handbook it publishes and OCHA, which supports it; the
    // 14 relations among them (counted by hand from the data set).
    assert_eq!(
        run.stderr,
        format!("wrote {}: 9 entities, 14 relations\n", dot.display())
    );
    let text = std::fs::read_to_string(&dot).unwrap();
    assert_starts_with(&text, "digraph agencygraph {\n  graph [rankdir=\"LR\"");
    assert_contains(&text, "\"IASC-GRG\" -> \"IASC\" [label=\"part of\"");

    let value = json(&["export", "--edge-kinds", "funds"]);
    assert_eq!(value["edges"].as_array().unwrap().len(), 2);
    assert_eq!(value["edges"][0]["kind"], "funds");
    // Only the entities the two funding relations join (graph/fund.ron and
    // graph/organisation.ron); --keep-isolated keeps the rest.
    let ids = node_ids(&value);
    assert_eq!(
        ids,
        [
            "EU",
            "SPOTLIGHT",
            "UN-ACTION-MPTF",
            "UN-ACTION-MPTF-PROJECTS"
        ]
    );
    let value = json(&["export", "--edge-kinds", "funds", "--keep-isolated"]);
    assert_eq!(
        value["nodes"].as_array().unwrap().len(),
        Graph::bundled().node_count()
    );
    assert_eq!(value["sources"][0]["id"], "inter-agency-mechanisms");

    let svg = dir.path().join("network.svg");
    let run = export_to(&svg, &["--format", "svg", "--engine", "builtin"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg") && text.contains("<title>UNODC</title>"));
    // Nothing but the file: no temporary left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn a_failed_export_leaves_the_old_file_whole() {
    let (dir, target) = temp_path("network.svg");
    std::fs::write(&target, "the old picture").unwrap();
    // No Graphviz on the PATH, and the system engine asked for: the export fails.
    let output = command(&[
        "export",
        "--format",
        "svg",
        "--engine",
        "system",
        "-o",
        target.to_str().unwrap(),
    ])
    .env("PATH", dir.path())
    .output()
    .unwrap();
    let run = finish(output);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: Graphviz's `dot` program is not installed\n  = hint: install Graphviz (Debian: apt-get install graphviz), or use --engine builtin\n"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "the old picture");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // With the default engine, the built-in one steps in.
    let output = command(&["export", "--format", "svg", "-o", target.to_str().unwrap()])
        .env("PATH", dir.path())
        .output()
        .unwrap();
    assert_eq!(finish(output).code, 0);
    assert!(std::fs::read_to_string(&target).unwrap().contains("<svg"));
    // A directory that does not exist: an error naming the file.
    let run = self::run(&["export", "-o", "/no/such/dir/x.dot"]);
    assert_eq!(run.code, 1);
    assert_starts_with(&run.stderr, "error: cannot write /no/such/dir/x.dot: ");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Tables, DOT, JSON and CSV alike.
    for args in [
        &["list"][..],
        &["export"],
        &["export", "--format", "json"],
        &["who", "IASC", "--format", "csv"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = command(args)
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8(output.stderr).unwrap(), "", "{args:?}");
    }
}
