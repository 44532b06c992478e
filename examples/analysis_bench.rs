//! Measures network analysis on large synthetic graphs: PageRank and sampled
//! betweenness on 100,000 nodes and 1,000,000 relationships, exact betweenness on
//! 10,000 nodes and 100,000 relationships.
//!
//! ```sh
//! cargo run --release --example analysis_bench
//! cargo run --release --example analysis_bench -- exact   # exact betweenness alone
//! cargo run --release --example analysis_bench -- network # building the 1M network alone
//! ```
//!
//! Each measure runs three times; the median is printed. Building the graph and the
//! network is timed apart.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use agencygraph::Graph;
use agencygraph::analysis::{Network, Sample};
use agencygraph::export::Selection;

/// The median time of three runs of `f`, and its last result.
fn median<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut result = None;
    for _ in 0..3 {
        let started = Instant::now();
        result = Some(f());
        times.push(started.elapsed());
    }
    times.sort();
    (times[1], result.expect("three runs"))
}

fn build(nodes: usize, edges: usize) -> Graph {
    let started = Instant::now();
    let graph = Graph::from_dataset(synthetic::dataset(nodes, edges, 42))
        .unwrap_or_else(|error| panic!("the synthetic data set is invalid: {error}"));
    eprintln!(
        "graph: {} nodes, {} relationships, built in {:.2?}",
        graph.nodes().count(),
        graph.edges().count(),
        started.elapsed()
    );
    graph
}

fn network(graph: &Graph) -> Network<'_> {
    let started = Instant::now();
    let network = Network::of(graph, &Selection::default());
    eprintln!(
        "network: {} nodes, {} links, built in {:.2?}",
        network.len(),
        network.edge_count(),
        started.elapsed()
    );
    network
}

fn main() {
    // `-- exact` measures exact betweenness alone; `-- network` building the large
    // graph's network alone, three times.
    match std::env::args().nth(1).as_deref() {
        Some("exact") => exact_betweenness(),
        Some("network") => {
            let large = build(100_000, 1_000_000);
            for _ in 0..3 {
                network(&large);
            }
        }
        _ => {
            large_graph();
            exact_betweenness();
        }
    }
}

fn large_graph() {
    let large = build(100_000, 1_000_000);
    let large = network(&large);
    let (time, pagerank) = median(|| large.pagerank().expect("PageRank converges"));
    println!(
        "pagerank, 1M relationships: {time:.2?} (top {:.6})",
        large.ranking(&pagerank)[0].score
    );
    let sample = Sample {
        sources: 100,
        seed: 1,
    };
    let (time, _) = median(|| large.sampled_betweenness(sample).expect("a valid sample"));
    println!("betweenness sampled from 100 sources, 1M relationships: {time:.2?}");
}

fn exact_betweenness() {
    let small = build(10_000, 100_000);
    let small = network(&small);
    let started = Instant::now();
    let betweenness = small.betweenness();
    println!(
        "exact betweenness, 100k relationships: {:.2?} (top {:.6})",
        started.elapsed(),
        small.ranking(&betweenness)[0].score
    );
}
