//! Measures loading a large synthetic graph: RON file in, validated graph out.
//!
//! ```sh
//! cargo run --release --example synthetic -- generate 100000 1000000 /tmp/synthetic.ron
//! /usr/bin/time -v target/release/examples/synthetic load /tmp/synthetic.ron
//! ```
//!
//! `load` reads the file, parses and validates it, and prints the time each step took;
//! run it under `/usr/bin/time -v` for the peak memory of a whole load. `export FILE
//! OUT` loads, then times writing the whole graph as DOT (`OUT.dot`) and JSON
//! (`OUT.json`).

#[path = "support/synthetic.rs"]
mod synthetic;

use std::process::ExitCode;
use std::time::Instant;

use agencygraph::Graph;
use agencygraph::store::to_canonical_ron;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["generate", nodes, edges, path] => match (nodes.parse(), edges.parse()) {
            (Ok(nodes), Ok(edges)) => generate(nodes, edges, path),
            _ => usage(),
        },
        ["load", path] => load(path).map_or(ExitCode::FAILURE, |_| ExitCode::SUCCESS),
        ["export", path, out] => load(path).map_or(ExitCode::FAILURE, |graph| export(&graph, out)),
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: synthetic generate NODES EDGES FILE | load FILE | export FILE OUT");
    ExitCode::from(2)
}

fn generate(nodes: usize, edges: usize, path: &str) -> ExitCode {
    let started = Instant::now();
    let text = to_canonical_ron(&synthetic::dataset(nodes, edges, 42));
    if let Err(error) = std::fs::write(path, &text) {
        eprintln!("cannot write {path}: {error}");
        return ExitCode::FAILURE;
    }
    println!(
        "wrote {nodes} nodes, {edges} edges to {path}: {:.1} MB in {:.2?}",
        text.len() as f64 / 1e6,
        started.elapsed()
    );
    ExitCode::SUCCESS
}

fn load(path: &str) -> Option<Graph> {
    let started = Instant::now();
    let graph = match Graph::load(path) {
        Ok(graph) => graph,
        Err(error) => {
            eprintln!("{error}");
            return None;
        }
    };
    let elapsed = started.elapsed();
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    println!(
        "loaded {} nodes, {} edges in {elapsed:.2?} ({:.0} MB/s)",
        graph.node_count(),
        graph.edge_count(),
        size as f64 / 1e6 / elapsed.as_secs_f64()
    );
    let started = Instant::now();
    let relations = graph.relations("N-0").len();
    let resolved = graph.resolve("synthetic entity 99").map(|n| n.id.clone());
    println!(
        "then: {relations} relations of N-0 and resolve(\"synthetic entity 99\") = {resolved:?} in {:.2?}",
        started.elapsed()
    );
    Some(graph)
}

fn export(graph: &Graph, out: &str) -> ExitCode {
    use agencygraph::export::{DotStyle, Selection, write_dot, write_json};
    use std::io::BufWriter;

    let started = Instant::now();
    let subgraph = graph.subgraph(&Selection::default());
    let selected = started.elapsed();
    for (extension, dot) in [("dot", true), ("json", false)] {
        let path = format!("{out}.{extension}");
        let started = Instant::now();
        let written = std::fs::File::create(&path).and_then(|file| {
            let sink = BufWriter::new(file);
            if dot {
                write_dot(&subgraph, &DotStyle::default(), sink)
            } else {
                write_json(&subgraph, sink)
            }
        });
        if let Err(error) = written {
            eprintln!("cannot write {path}: {error}");
            return ExitCode::FAILURE;
        }
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        println!(
            "wrote {path}: {:.1} MB in {:.2?} (selecting the whole graph took {selected:.2?})",
            size as f64 / 1e6,
            started.elapsed()
        );
    }
    ExitCode::SUCCESS
}
