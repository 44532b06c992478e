//! Timing Cypher queries for the benchmarks: the median of repeated runs, parse
//! included. Included as a module (`#[path = "support/timing.rs"] mod timing;`).

use std::time::{Duration, Instant};

use agencygraph::Graph;
use agencygraph::cypher::eval::{Options, Params, Query};

/// Runs `text` at least `least` times, and on up to `most` times while the runs so far
/// took less than `budget`; returns the median time and the number of rows, or the
/// query's error as the evaluator renders it.
pub fn median_run(
    graph: &Graph,
    text: &str,
    params: &Params,
    (least, most, budget): (usize, usize, Duration),
) -> Result<(Duration, usize), String> {
    let options = Options::default();
    let mut times = Vec::with_capacity(most);
    let mut rows = 0;
    let started = Instant::now();
    while times.len() < least || (times.len() < most && started.elapsed() < budget) {
        let start = Instant::now();
        let result =
            Query::parse(text).and_then(|query| query.run(&graph.view(), params, &options));
        times.push(start.elapsed());
        rows = result.map_err(|error| error.render(text))?.rows.len();
    }
    Ok((median(times), rows))
}

/// The middle time of `times` (the upper middle of an even count); zero for none.
pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}
