//! Measures Cypher queries on a large synthetic graph (100,000 nodes, 1,000,000
//! relationships), parse included.
//!
//! ```sh
//! cargo run --release --example query_bench
//! ```
//!
//! Each query runs several times; the median time is printed with the number of rows.
//! An argument runs only the queries whose name contains it (`-- top-10`).

#[path = "support/synthetic.rs"]
mod synthetic;
#[path = "support/timing.rs"]
mod timing;

use std::time::{Duration, Instant};

use agencygraph::Graph;
use agencygraph::cypher::eval::Params;

/// Name, query, runs.
const QUERIES: [(&str, &str, usize); 7] = [
    (
        "anchored one-hop",
        "MATCH (a {id: 'N-4242'})-[r]->(b) RETURN b.id, type(r)",
        200,
    ),
    (
        "anchored two-hop",
        "MATCH (a {id: 'N-4242'})-->()-->(c) RETURN c.id",
        100,
    ),
    (
        "anchored *1..3",
        "MATCH (a {id: 'N-4242'})-[*1..3]->(c) RETURN count(DISTINCT c)",
        50,
    ),
    (
        "count by type",
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY n DESC",
        11,
    ),
    (
        "count by type, listed",
        "MATCH (a)-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY n DESC",
        11,
    ),
    (
        "top-10 by in-degree",
        "MATCH (n)<--() WITH n, count(*) AS degree ORDER BY degree DESC LIMIT 10 RETURN n.id, degree",
        11,
    ),
    (
        "shortest path",
        "MATCH p = shortestPath((a {id: 'N-17'})-[*]-(b {id: 'N-99991'})) RETURN length(p)",
        21,
    ),
];

fn main() {
    let started = Instant::now();
    let dataset = synthetic::dataset(100_000, 1_000_000, 42);
    let graph = match Graph::from_dataset(dataset) {
        Ok(graph) => graph,
        Err(error) => {
            eprintln!("the synthetic data set is invalid: {error}");
            std::process::exit(1);
        }
    };
    println!(
        "graph: {} nodes, {} relationships, built in {:.2?}\n",
        graph.node_count(),
        graph.edge_count(),
        started.elapsed()
    );
    let params = Params::new();
    // The first query builds the graph's traversal index; the medians below do not
    // include it, so it is timed on its own.
    let start = Instant::now();
    if let Err(error) = graph.query("MATCH (n {id: 'N-1'})-->() RETURN count(*)", &params) {
        eprintln!("the first query failed: {error}");
        std::process::exit(1);
    }
    println!(
        "first query, building the traversal index: {:.2?}\n",
        start.elapsed()
    );
    println!("{:<22} {:>12} {:>8}", "query", "median", "rows");
    let only = std::env::args().nth(1).unwrap_or_default();
    for (name, text, runs) in QUERIES
        .into_iter()
        .filter(|(name, ..)| name.contains(&only))
    {
        let (median, rows) =
            match timing::median_run(&graph, text, &params, (runs, runs, Duration::ZERO)) {
                Ok(timed) => timed,
                Err(error) => {
                    eprintln!("{name} failed:\n{error}");
                    std::process::exit(1);
                }
            };
        println!("{name:<22} {:>12} {rows:>8}", format!("{median:.2?}"));
    }
}
