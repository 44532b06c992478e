//! A focused diagram: IASC and everything within two relations of it, written as DOT to
//! `iasc.dot` (or the path given), ready for `dot -Tsvg iasc.dot -o iasc.svg`.
//!
//! `cargo run --example iasc -- /tmp/iasc.dot`

use std::fs::File;
use std::io::BufWriter;

use agencygraph::Graph;
use agencygraph::export::{DotStyle, Selection, write_dot};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "iasc.dot".to_string());
    let graph = Graph::bundled();
    let iasc = graph.resolve("Inter-Agency Standing Committee")?;
    let selection = Selection::around(&iasc.id, 2);
    let subgraph = graph.subgraph(&selection);
    write_dot(
        &subgraph,
        &DotStyle::default(),
        BufWriter::new(File::create(&path)?),
    )?;
    println!(
        "wrote {path}: {} entities and {} relations around {}",
        subgraph.nodes.len(),
        subgraph.edges.len(),
        iasc.id
    );
    Ok(())
}
