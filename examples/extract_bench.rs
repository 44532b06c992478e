//! How long `extract` takes: `cargo run --release --example extract_bench`.
//!
//! The bundled report (11 KB) with the bundled graph as gazetteer and with an
//! empty graph, and the same report repeated 40 times (465 KB), median of runs.

use std::time::{Duration, Instant};

use agencygraph::Graph;
use agencygraph::extract::{Options, extract};

fn median(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let bundled = Graph::bundled();
    let empty = Graph::new();
    let report = Graph::bundled_texts()[0].1;
    let options = Options::new("inter-agency-mechanisms");
    let long = report.repeat(40);
    for (label, text, gazetteer, runs) in [
        ("bundled report, bundled graph", report, &bundled, 21),
        ("bundled report, empty graph", report, &empty, 21),
        ("report x40, bundled graph", long.as_str(), &bundled, 5),
    ] {
        let mut relations = 0;
        let time = median(runs, || {
            relations = extract(text, gazetteer, &options).relations.len()
        });
        println!(
            "{label}: {} KB, {relations} relations proposed, {:.1} ms",
            text.len() / 1024,
            time.as_secs_f64() * 1000.0
        );
    }
}
