//! `agencygraph import`: round trips through every format it reads, names resolved as
//! everywhere else, every bad row reported at once, and nothing written unless all is
//! well.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{assert_contains, fixture, run, temp_path};

fn ok(args: &[&str]) -> String {
    let done = run(args);
    assert_eq!(done.code, 0, "{args:?}: {}{}", done.stdout, done.stderr);
    done.stdout
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A fresh copy of the bundled graph in a temporary directory, as `g/`, and beside it
/// the file `name` holding `rows`: how each import test starts.
fn bundled_copy_and_rows(name: &str, rows: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, graph) = temp_path("g");
    ok(&["init", text(&graph)]);
    let file = dir.path().join(name);
    fs::write(&file, rows).unwrap();
    (dir, graph, file)
}

/// Every file of a graph directory, by name, to see that nothing changed.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| (p.display().to_string(), fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn export_then_import_into_an_empty_graph_gives_the_same_graph() {
    let hostile = fixture("hostile.ron");
    for graph in [None, Some(text(&hostile))] {
        let with_graph = |args: &[&str]| -> Vec<String> {
            let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            if let Some(graph) = graph {
                all.extend(["--graph".to_string(), graph.to_string()]);
            }
            all
        };
        let original = {
            let args = with_graph(&["export", "--format", "json"]);
            ok(&args.iter().map(String::as_str).collect::<Vec<_>>())
        };
        for format in ["csv", "graphml", "json"] {
            let dir = tempfile::tempdir().unwrap();
            let exported = if format == "csv" {
                dir.path().join("tables/")
            } else {
                dir.path().join(format!("graph.{format}"))
            };
            let args = with_graph(&["export", "--format", format, "-o", text(&exported)]);
            ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
            let copy = dir.path().join("copy");
            ok(&["init", "--empty", text(&copy)]);
            let mut files: Vec<String> = if format == "csv" {
                let mut tables: Vec<String> = fs::read_dir(&exported)
                    .unwrap()
                    .map(|e| e.unwrap().path().display().to_string())
                    .collect();
                tables.sort();
                tables
            } else {
                vec![exported.display().to_string()]
            };
            let mut args = vec![
                "import".to_string(),
                "--graph".to_string(),
                text(&copy).to_string(),
            ];
            args.append(&mut files.clone());
            ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
            ok(&["check", "--graph", text(&copy)]);
            let again = ok(&["export", "--format", "json", "--graph", text(&copy)]);
            assert_eq!(again, original, "{format}, {graph:?}");
            // Importing the same files again changes nothing.
            args.append(&mut files);
            let twice = ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
            assert_eq!(twice, "nothing to change\n", "{format}");
        }
    }
}

#[test]
fn names_resolve_and_quotes_join_existing_relations() {
    // UNODC is a member of UN Action already (graph/un-entity.ron): this quote joins it.
    // UN Women is not: a new relation, named as a person would.
    let (_dir, graph, rows) = bundled_copy_and_rows(
        "rows.csv",
        "from,to,kind,source,quote\r\n\
         un women,UN Action,member-of,inter-agency-mechanisms,\"UN Women, a member\"\r\n\
         UNODC,un action,member-of,inter-agency-mechanisms,\"UNODC is in UN Action\"\r\n",
    );
    let before = snapshot(&graph);
    let dry = ok(&["import", "--graph", text(&graph), text(&rows), "--dry-run"]);
    assert_contains(&dry, "would have added edge UN-WOMEN member of UN-ACTION");
    assert_contains(
        &dry,
        "would have added 1 evidence to UNODC member of UN-ACTION",
    );
    assert_contains(
        &dry,
        "+                    quote: \"UNODC is in UN Action\",",
    );
    assert_eq!(snapshot(&graph), before, "a dry run writes nothing");
    ok(&["import", "--graph", text(&graph), text(&rows)]);
    let who = ok(&[
        "who",
        "UN Action",
        "--graph",
        text(&graph),
        "--format",
        "json",
    ]);
    assert_contains(&who, "\"UN-WOMEN\"");
    let why = ok(&["why", "UNODC", "UN-ACTION", "--graph", text(&graph)]);
    assert_contains(&why, "UNODC is in UN Action");
}

#[test]
fn every_bad_row_is_reported_and_nothing_written() {
    let (dir, graph, nodes) = bundled_copy_and_rows(
        "nodes.csv",
        "id,kind,name,established\n\
         NEW-GROUP,working-group,A new group,2020\n\
         BAD id,working-group,Bad,\n\
         OTHER,kind-of-thing,Other,\n\
         LATE,office,Late,next year\n",
    );
    let edges = dir.path().join("edges.csv");
    fs::write(
        &edges,
        "from,to,kind,source,quote\n\
         New group,UN Action,member-of,inter-agency-mechanisms,a quote\n\
         UN Wimen,UN Action,member-of,inter-agency-mechanisms,a quote\n\
         UNODC,ICAT,chairs,no-such-source,a quote\n",
    )
    .unwrap();
    let before = snapshot(&graph);
    let done = run(&[
        "import",
        "--graph",
        text(&graph),
        text(&nodes),
        text(&edges),
    ]);
    assert_eq!(done.code, 1, "{}", done.stdout);
    let nodes_name = nodes.display().to_string();
    let edges_name = edges.display().to_string();
    let expected = [
        format!("{nodes_name}, row 3, column `id`: `BAD id` is not an UPPER-KEBAB id"),
        format!(
            "{nodes_name}, row 4, column `kind`: unknown kind `kind-of-thing`; expected one of un-entity,"
        ),
        format!(
            "{nodes_name}, row 5, column `established`: `next year` is not a year; expected a year"
        ),
        format!("{edges_name}, row 3, column `from`: no entity is called `UN Wimen`"),
        format!("{edges_name}, row 4, column `source`: "),
    ];
    let lines: Vec<&str> = done.stderr.lines().collect();
    assert_eq!(lines.len(), expected.len() + 1, "{}", done.stderr);
    for (line, wanted) in lines.iter().zip(&expected) {
        assert!(
            line.starts_with(&format!("error: {wanted}")),
            "{line}\nwanted {wanted}"
        );
    }
    assert!(
        done.stderr.contains("unknown source `no-such-source`")
            || done.stderr.contains("no-such-source"),
        "{}",
        done.stderr
    );
    assert_eq!(lines.last().unwrap(), &"nothing was imported: 5 problems");
    assert_eq!(snapshot(&graph), before);
}

#[test]
fn update_fills_fields_of_existing_entities() {
    let (_dir, graph, rows) = bundled_copy_and_rows(
        "nodes.csv",
        "id,kind,name,aliases,url\n\
         UNODC,un-entity,United Nations Office on Drugs and Crime,UN drugs office,https://www.unodc.org\n",
    );
    let refused = run(&["import", "--graph", text(&graph), text(&rows)]);
    assert_eq!(refused.code, 1);
    assert_contains(
        &refused.stderr,
        "`UNODC` exists already, with another url, aliases; expected the same fields, or --update to change them",
    );
    let done = ok(&["import", "--graph", text(&graph), text(&rows), "--update"]);
    assert_contains(&done, "set url of UNODC");
    assert_contains(&done, "added alias `UN drugs office` to UNODC");
    let show = ok(&["show", "UN drugs office", "--graph", text(&graph)]);
    assert_contains(&show, "https://www.unodc.org");
}

#[test]
fn the_template_is_headers_and_a_commented_example() {
    let (dir, sheets) = temp_path("sheets/");
    ok(&["import", "--template", "csv", "-o", text(&sheets)]);
    let edges = fs::read_to_string(sheets.join("edges.csv")).unwrap();
    let lines: Vec<&str> = edges.lines().collect();
    assert_eq!(
        lines[0],
        "from,to,kind,role,since,until,year,date,amount_value,amount_currency,amount_bound,via,inferred,notes,source,quote"
    );
    assert!(lines[1].starts_with("# UNFPA,UN Action,member-of,"));
    let graph = dir.path().join("g");
    ok(&["init", text(&graph)]);
    let files: Vec<String> = ["sources.csv", "nodes.csv", "edges.csv"]
        .iter()
        .map(|f| sheets.join(f).display().to_string())
        .collect();
    let mut args = vec!["import", "--graph", text(&graph)];
    args.extend(files.iter().map(String::as_str));
    assert_eq!(ok(&args), "nothing to change\n");
}
