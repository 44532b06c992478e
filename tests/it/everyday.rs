//! Everyday use (issue 17): the rough edges a new user hit, each with the test that would
//! have caught it.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use crate::cli::every_command;
use crate::common::{assert_contains, assert_starts_with, run};

/// `--help` of the program and of every command, with the words that name it.
fn every_help() -> Vec<(String, String)> {
    let mut helps = vec![("agencygraph".to_string(), run(&["--help"]).stdout)];
    for words in every_command() {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let run = run(&args);
        assert_eq!(run.code, 0, "{words:?}: {}", run.stderr);
        helps.push((words.join(" "), run.stdout));
    }
    helps
}

#[test]
fn help_texts_read_cleanly() {
    for (name, help) in every_help() {
        // A doc comment's `\"` is printed with its backslash.
        assert!(
            !help.contains("\\\""),
            "`{name} --help` shows \\\":\n{help}"
        );
        // Wrapping never splits a quoted name over two lines (at COLUMNS=80).
        for line in help.lines() {
            assert!(
                line.matches('"').count() % 2 == 0,
                "`{name} --help` splits a quotation: {line:?}\n{help}"
            );
        }
        if name == "agencygraph" {
            continue;
        }
        // Global options come last, under their own heading, after the command's own.
        let global = help
            .find("\nGlobal options:\n")
            .unwrap_or_else(|| panic!("`{name} --help` has no global heading:\n{help}"));
        for option in ["--graph <PATH>", "--color <WHEN>"] {
            let at = help.find(option).unwrap();
            assert!(at > global, "`{name} --help` lists {option} early:\n{help}");
        }
        let own = help.find("\nOptions:\n").unwrap();
        assert!(own < global, "{name}");
        // One spelling for filters by kind: `--kinds` (the old `--kind` is hidden),
        // except where a new node is given its one kind.
        if name != "add node" {
            assert!(
                !help.lines().any(|l| l.trim_start().starts_with("--kind ")),
                "`{name} --help` offers --kind:\n{help}"
            );
        }
    }
}

#[test]
fn kind_filters_take_either_spelling() {
    let new = run(&["list", "--kinds", "fund,event", "--format", "json"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    let kinds: Vec<serde_json::Value> = serde_json::from_str(&new.stdout).unwrap();
    assert!(kinds.iter().any(|n| n["kind"] == "fund"));
    assert!(kinds.iter().any(|n| n["kind"] == "event"));
    assert!(
        kinds
            .iter()
            .all(|n| n["kind"] == "fund" || n["kind"] == "event")
    );
    // The spelling the README used before still works.
    let old = run(&["list", "--kind", "fund,event", "--format", "json"]);
    assert_eq!(old.stdout, new.stdout);
    let who = run(&["what", "OCHA", "--kind", "working-group"]);
    assert_eq!(who.code, 0, "{}", who.stderr);
    assert_eq!(
        who.stdout,
        run(&["what", "OCHA", "--kinds", "working-group"]).stdout
    );
}

#[test]
fn rankdir_takes_graphviz_spelling_in_either_case() {
    for (given, written) in [
        ("TB", "TB"),
        ("tb", "TB"),
        ("RL", "RL"),
        ("Bt", "BT"),
        ("lr", "LR"),
    ] {
        let run = run(&["export", "--rankdir", given]);
        assert_eq!(run.code, 0, "{given}: {}", run.stderr);
        assert!(
            run.stdout.contains(&format!("rankdir=\"{written}\"")),
            "{given}"
        );
    }
    assert_eq!(run(&["export", "--rankdir", "up"]).code, 2);
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _agencygraph"),
        ("zsh", "#compdef agencygraph"),
        ("fish", "complete -c agencygraph"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = run(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}:\n{}", run.stdout);
        // The commands and their options are in the script.
        assert!(run.stdout.contains("peers"), "{shell}");
        assert!(run.stdout.contains("edge-kinds"), "{shell}");
    }
    assert_eq!(run(&["completions", "tcsh"]).code, 2);
}

#[test]
fn man_page_names_every_command() {
    let run = run(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(".ie \\n(.g"),
        "roff:\n{}",
        run.stdout
    );
    assert_contains(&run.stdout, ".TH agencygraph 1");
    for words in every_command() {
        // clap_mangen lists subcommands by name, with `-` escaped as roff wants.
        let name = words[0].replace('-', "\\-");
        assert!(run.stdout.contains(&name), "no {name} in the man page");
    }
}

fn json(args: &[&str]) -> serde_json::Value {
    let run = run(args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn who_without_a_name_lists_every_such_relation() {
    // The bundled graph has two `Funds` edges: EU funds SPOTLIGHT (organisation.ron) and
    // UN-ACTION-MPTF funds UN-ACTION-MPTF-PROJECTS (fund.ron).
    let value = json(&["who", "--role", "funder", "--format", "json"]);
    assert_eq!(value["question"], "participants");
    let answers: Vec<(String, String, String)> = value["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["participant"]["id"].as_str().unwrap().to_string(),
                a["relation"].as_str().unwrap().to_string(),
                a["target"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            ("EU".into(), "funds".into(), "SPOTLIGHT".into()),
            (
                "UN-ACTION-MPTF".into(),
                "funds".into(),
                "UN-ACTION-MPTF-PROJECTS".into()
            )
        ]
    );
    assert_eq!(value["answers"][0]["heading"], "funders");
    assert_eq!(value["answers"][0]["edge"]["year"], 2017);
    // The table groups them under the role, each with its quote.
    let table = run(&["who", "--role", "funder"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(
        table
            .stdout
            .starts_with("Who takes part in what: 2 relations\n\nfunders\n")
    );
    assert!(
        table
            .stdout
            .contains("  EU              funds  SPOTLIGHT\n")
    );
    assert!(
        table
            .stdout
            .contains("initial investment of over 500 million USD")
    );
    // CSV: a header and one record per relation (the quote holds no newline).
    let csv = run(&["what", "--role", "funder", "--format", "csv"]);
    assert_starts_with(
        &csv.stdout,
        "role,participant,participant_name,relation,target,target_name,undated,from,",
    );
    assert_eq!(csv.stdout.lines().count(), 3, "{}", csv.stdout);
    // Without a name there is nothing to be transitive through.
    let transitive = run(&["who", "--role", "funder", "--transitive"]);
    assert_eq!(transitive.code, 2);
    assert_contains(&transitive.stderr, "<NAME>");
    // `what` without a name filters kinds on the other end: what funds take part in.
    let value = json(&[
        "what",
        "--kinds",
        "mechanism",
        "--role",
        "funder",
        "--format",
        "json",
    ]);
    assert_eq!(value["answers"].as_array().unwrap().len(), 0);
}

#[test]
fn peers_share_a_body() {
    // UN Action's members (un-entity.ron, department.ron): DPKO, OCHA, UNODC; WFP
    // participates in it. UN-ACTION-MPTF is a part of it, which is not a seat.
    let value = json(&["peers", "WFP", "--format", "json"]);
    assert_eq!(value["entity"]["id"], "WFP");
    let peers = value["peers"].as_array().unwrap();
    let through_un_action: Vec<&str> = peers
        .iter()
        .filter(|p| {
            p["shared"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["body"]["id"] == "UN-ACTION")
        })
        .map(|p| p["node"]["id"].as_str().unwrap())
        .collect();
    for member in ["DPKO", "OCHA", "UNODC"] {
        assert!(through_un_action.contains(&member), "{through_un_action:?}");
    }
    assert!(!through_un_action.contains(&"UN-ACTION-MPTF"));
    assert!(peers.iter().all(|p| p["node"]["id"] != "WFP"));
    let ocha = peers.iter().find(|p| p["node"]["id"] == "OCHA").unwrap();
    let shared = ocha["shared"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["body"]["id"] == "UN-ACTION")
        .unwrap();
    assert_eq!(shared["own"]["relation"], "participates in");
    assert_eq!(shared["theirs"]["relation"], "member of");
    assert_eq!(shared["theirs"]["edge"]["from"], "OCHA");
    // Most bodies shared first.
    let counts: Vec<u64> = peers
        .iter()
        .map(|p| p["bodies"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // The table: grouped by peer, each body with both seats and the peer's quote.
    let table = run(&["peers", "WFP"]);
    assert!(
        table
            .stdout
            .starts_with("Who shares a body with WFP  World Food Programme\n")
    );
    assert!(
        table
            .stdout
            .contains("  in UN-ACTION: WFP participates in, OCHA member of\n"),
        "{}",
        table.stdout
    );
    assert!(
        table
            .stdout
            .contains("“OCHA is an active member of the United Nations")
    );
    // A long line goes on indented, and its marks stay on it (80 columns).
    assert_contains(
        &table.stdout,
        "  in HUMAN-RIGHTS-UP-FRONT: WFP participates in, SECRETARY-GENERAL\n    leads  [inferred]\n",
    );
    // Transitive answers can only add peers.
    let transitive = json(&["peers", "WFP", "--transitive", "--format", "json"]);
    assert!(transitive["peers"].as_array().unwrap().len() >= peers.len());
    let unknown = run(&["peers", "WFPP"]);
    assert_eq!(unknown.code, 1);
    assert_contains(&unknown.stderr, "WFP");
}

/// Runs the shell with `input` and its history in `data` (as `XDG_DATA_HOME`).
fn shell(data: &std::path::Path, input: &str) -> crate::common::Run {
    shell_with(&[], data, input)
}

/// [`shell`] with options after `shell`.
fn shell_with(options: &[&str], data: &std::path::Path, input: &str) -> crate::common::Run {
    let mut args = vec!["shell"];
    args.extend(options);
    let mut command = crate::common::command(&args);
    command.env("XDG_DATA_HOME", data);
    let run = crate::common::finish(crate::common::output_with_input(command, input.as_bytes()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[test]
fn the_shell_runs_several_queries_on_a_line_and_times_them() {
    let data = tempfile::tempdir().unwrap();
    let run = shell(
        data.path(),
        "RETURN 1 AS one; RETURN 'a;b' AS two;\nRETURN 3\nAS three;\n",
    );
    let out = &run.stdout;
    assert_contains(out, "one\n1\n(1 row)\ntime: ");
    assert_contains(out, "two\na;b\n(1 row)\ntime: ");
    assert_contains(out, "three\n3\n(1 row)\ntime: ");
    assert_eq!(out.matches(" ms\n").count(), 3, "{out}");
    assert!(!out.contains("error"), "{out}");
}

#[test]
fn the_shell_sets_format_and_parameters() {
    let data = tempfile::tempdir().unwrap();
    let run = shell(
        data.path(),
        ":params\n:param id=ICAT\n:param n=2\n:params\n\
         MATCH (m {id: $id}) RETURN m.id AS id, $n AS n;\n\
         :format csv\nMATCH (m {id: $id}) RETURN m.id AS id;\n\
         :format json\nRETURN $n AS n;\n:param n\n:params\n:format yaml\n:quit\n",
    );
    let out = &run.stdout;
    assert_contains(
        out,
        "no parameters set\n$id = ICAT\n$n = 2\n$id = ICAT\n$n = 2\n",
    );
    assert_contains(out, "id    n\nICAT  2\n(1 row)\n");
    assert_contains(out, "format: csv\nid\nICAT\ntime: ");
    assert_contains(out, "format: json\n{\n  \"columns\": [\n    \"n\"\n  ],");
    assert_contains(out, "unset $n\n$id = ICAT\n");
    assert_contains(
        out,
        "unknown format `yaml`; expected table, json, csv or dot",
    );
}

#[test]
fn the_shell_starts_with_the_params_given() {
    let data = tempfile::tempdir().unwrap();
    let run = shell_with(
        &["--param", "ids=[\"OCHA\",\"WFP\"]"],
        data.path(),
        ":params\nUNWIND $ids AS id RETURN id;\n",
    );
    assert_contains(&run.stdout, "$ids = [\"OCHA\",\"WFP\"]\n");
    assert_contains(&run.stdout, "id\nOCHA\nWFP\n(2 rows)\n");
}

#[test]
fn the_shell_explains_a_plan() {
    let data = tempfile::tempdir().unwrap();
    let run = shell(data.path(), ":explain MATCH (n:Fund) RETURN n.id;\n");
    // Four funds in the bundled graph (fund.ron), found by their label.
    assert_contains(&run.stdout, "start at (n:Fund) by label Fund (4 nodes)");
    assert!(!run.stdout.contains("(4 rows)"), "explained, not run");
}

#[test]
fn the_shell_keeps_history_between_sessions() {
    let data = tempfile::tempdir().unwrap();
    let help = shell(data.path(), "RETURN 1;\n:help\n");
    let file = data.path().join("agencygraph").join("shell-history.txt");
    assert_contains(
        &help.stdout,
        &format!("History is kept in {}.", file.display()),
    );
    shell(data.path(), "RETURN 2;\n");
    let history = std::fs::read_to_string(&file).unwrap();
    let first = history
        .find("RETURN 1;")
        .expect("the first session's query");
    let second = history
        .find("RETURN 2;")
        .expect("the second session's query");
    assert!(first < second, "{history}");
    assert_contains(&history, ":help");
}

/// The participants and targets of `who` without a name, as "A funds B" lines.
fn funders(years: &[&str]) -> Vec<String> {
    let mut args = vec!["who", "--role", "funder", "--format", "json"];
    args.extend(years);
    json(&args)["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let undated = if a["undated"] == true {
                " (undated)"
            } else {
                ""
            };
            format!(
                "{} funds {}{undated}",
                a["participant"]["id"].as_str().unwrap(),
                a["target"]["id"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn years_as_spans_and_without_undated_relations() {
    // EU funds SPOTLIGHT in 2017; UN-ACTION-MPTF's funding carries no dates.
    assert_eq!(
        funders(&["--from", "2018"]),
        ["UN-ACTION-MPTF funds UN-ACTION-MPTF-PROJECTS (undated)"]
    );
    assert_eq!(
        funders(&["--from", "2015", "--to", "2017"]),
        [
            "EU funds SPOTLIGHT",
            "UN-ACTION-MPTF funds UN-ACTION-MPTF-PROJECTS (undated)"
        ]
    );
    assert_eq!(
        funders(&["--to", "2017", "--exclude-undated"]),
        ["EU funds SPOTLIGHT"]
    );
    assert!(funders(&["--from", "2018", "--exclude-undated"]).is_empty());
    // Without years, nothing is marked undated; --exclude-undated alone keeps the dated.
    assert_eq!(funders(&[]).len(), 2);
    assert_eq!(funders(&["--exclude-undated"]), ["EU funds SPOTLIGHT"]);
    // --at is one year, and does not mix with a span.
    assert_eq!(
        funders(&["--at", "2017"]),
        funders(&["--from", "2017", "--to", "2017"])
    );
    assert_eq!(
        run(&["who", "SPOTLIGHT", "--at", "2017", "--from", "2016"]).code,
        2
    );

    // A span backwards is refused as bad usage, on every command that takes years.
    for command in [
        &["who", "WFP"][..],
        &["path", "EU", "SPOTLIGHT"],
        &["export"],
        &["query", "RETURN 1"],
        &["shell"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--from", "2020", "--to", "2010"]);
        let backwards = run(&args);
        assert_eq!(backwards.code, 2, "{args:?}");
        assert!(
            backwards.stderr.contains("--from 2020 is after --to 2010"),
            "{args:?}"
        );
    }

    // Queries: SPOTLIGHT-PROGRAMMES was part of SPOTLIGHT from 2017 to 2023.
    let count = |years: &[&str]| {
        let mut args = vec!["query", "--format", "csv"];
        args.extend(years);
        args.push("MATCH ({id: 'SPOTLIGHT-PROGRAMMES'})-[r:PART_OF]->() RETURN count(r) AS n");
        let run = run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    assert_eq!(count(&["--from", "2010", "--to", "2016"]), "n\n0\n");
    assert_eq!(count(&["--from", "2016", "--to", "2017"]), "n\n1\n");
    assert_eq!(count(&["--from", "2023"]), "n\n1\n");
    assert_eq!(count(&["--from", "2024"]), "n\n0\n");
    assert_eq!(count(&["--exclude-undated"]), "n\n1\n");

    // Exports and paths take the same options.
    let funds_exported = |years: &[&str]| {
        let mut args = vec!["export", "--format", "json", "--edge-kinds", "funds"];
        args.extend(years);
        json(&args)["edges"].as_array().unwrap().len()
    };
    assert_eq!(funds_exported(&["--from", "2018", "--exclude-undated"]), 0);
    assert_eq!(funds_exported(&["--to", "2017"]), 2);
    let funding_path = |years: &[&str]| {
        let mut args = vec!["path", "EU", "SPOTLIGHT", "--edge-kinds", "funds"];
        args.extend(years);
        let run = run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let none = funding_path(&["--from", "2018"]);
    assert_starts_with(
        &none,
        "EU and SPOTLIGHT are not connected within 6 hops by the relations asked for.",
    );
    let one = funding_path(&["--from", "2016", "--to", "2017"]);
    assert_starts_with(&one, "EU to SPOTLIGHT: 1 hop");
}

#[test]
fn the_package_carries_what_crates_io_shows() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let include_line = manifest
        .lines()
        .find(|l| l.starts_with("include = "))
        .unwrap();
    let included =
        |path: &str| {
            include_line.split('"').skip(1).step_by(2).any(|pattern| {
                match pattern.strip_suffix("**") {
                    Some(folder) => path.starts_with(folder),
                    None => path == pattern,
                }
            })
        };
    // The pictures the README shows, which crates.io renders from the package.
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let pictures: Vec<&str> = readme
        .split("![")
        .skip(1)
        .filter_map(|s| s.split_once("](")?.1.split(')').next())
        .collect();
    assert!(!pictures.is_empty());
    for picture in pictures {
        assert!(root.join(picture).is_file(), "{picture}");
        assert!(included(picture), "{picture} is not in the package");
    }
    // The licence files the licence names, and the changelog.
    assert_contains(&manifest, "license = \"MIT OR Apache-2.0\"");
    for file in ["LICENSE-MIT", "LICENSE-APACHE", "CHANGELOG.md"] {
        assert!(root.join(file).is_file(), "{file}");
        assert!(included(file), "{file} is not in the package");
    }
    for key in [
        "repository",
        "documentation",
        "homepage",
        "keywords",
        "categories",
    ] {
        assert!(manifest.contains(&format!("\n{key} = ")), "no {key}");
    }
    assert_contains(&manifest, "[package.metadata.docs.rs]");
    // The install line builds with the locked versions.
    assert_contains(&readme, "cargo install --path . --locked");
    assert!(!readme.contains("cargo install --path .`"));
}
