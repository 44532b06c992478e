//! Measures how long loading takes to find and place many problems, and to summarise
//! them as `check` does with `--max-errors`: the attack of issue 18 (N edges each citing
//! an unknown source, one per line), with variants.
//!
//! ```sh
//! cargo run --release --example error_report -- 10000 source
//! cargo run --release --example error_report -- 1000000 source
//! cargo run --release --example error_report -- 20000 node    # unknown node ids
//! cargo run --release --example error_report -- 20000 field   # unknown field names
//! cargo run --release --example error_report -- 4000 line     # one long line
//! cargo run --release --example error_report -- 1000000 valid # the same, no problems
//! ```

use std::fmt::Write;
use std::time::Instant;

use agencygraph::Graph;

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let kind = args.next().unwrap_or_else(|| "source".to_string());
    let mut text =
        String::from("(\n    sources: [(id: \"memo\", title: \"A memo\")],\n    nodes: [\n");
    text.push_str("        (id: \"M\", kind: Mechanism, name: \"The mechanism\"),\n");
    for i in 0..count {
        writeln!(
            text,
            "        (id: \"E{i}\", kind: UnEntity, name: \"Entity {i}\"),"
        )
        .unwrap();
    }
    text.push_str("    ],\n    edges: [\n");
    let newline = if kind == "line" { "" } else { "\n" };
    for i in 0..count {
        let edge = match kind.as_str() {
            "node" => format!(
                "(from: \"E{i}\", kind: MemberOf, to: \"MX{i}\", evidence: [(source: \"memo\", quote: \"q\")])"
            ),
            "field" => format!(
                "(from: \"E{i}\", kind: MemberOf, to: \"M\", colour: 1, evidence: [(source: \"memo\", quote: \"q\")])"
            ),
            "valid" => format!(
                "(from: \"E{i}\", kind: MemberOf, to: \"M\", evidence: [(source: \"memo\", quote: \"q\")])"
            ),
            _ => format!(
                "(from: \"E{i}\", kind: MemberOf, to: \"M\", evidence: [(source: \"nope\", quote: \"q\")])"
            ),
        };
        write!(text, "        {edge},{newline}").unwrap();
    }
    text.push_str("\n    ],\n)\n");
    let started = Instant::now();
    if kind == "valid" {
        // For comparison: the same file without problems.
        let graph = Graph::from_ron_str(&text).expect("a valid graph");
        let edges = graph.edge_count();
        println!("{edges} edges, valid, loaded in {:.2?}", started.elapsed());
        return;
    }
    let error = Graph::from_ron_str(&text).expect_err("every edge is broken");
    let loaded = started.elapsed();
    let started = Instant::now();
    let summary = error.summary(50);
    let summarised = started.elapsed();
    let snippet_bytes: usize = error
        .diagnostics
        .iter()
        .filter_map(|d| d.snippet.as_ref())
        .map(String::len)
        .sum();
    println!(
        "{count} {kind} problems in {} KB: found and placed in {:.2?}, summarised in {:.2?}; {} diagnostics, {snippet_bytes} bytes of snippets",
        text.len() / 1024,
        loaded,
        summarised,
        error.diagnostics.len(),
    );
    println!("{}", summary.unwrap_or_default());
}
