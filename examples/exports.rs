//! Measures every export format on a large synthetic graph: time, bytes, and the peak
//! memory while writing, to show that the writers stream (their memory does not grow with
//! what they write).
//!
//! ```sh
//! cargo run --release --example exports -- 100000 1000000
//! ```
//!
//! The graph is built in memory (`examples/support/synthetic.rs`), then each format is written
//! through a 64 KiB buffer into a sink that only counts bytes, so disks and page caches stay out of the figures.
//! Before each format the process's peak resident set (`VmHWM` in `/proc/self/status`)
//! is reset to the current one (`echo 5 > /proc/self/clear_refs`, Linux), so the peak
//! read after it is the peak while that format was written; "extra" is that peak less
//! the resident set before it started. CPU time (from `/proc/self/stat`) is given beside
//! wall time, which grows when the machine is busy. Linux only for these figures.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

#[path = "support/process.rs"]
mod process;
#[path = "support/synthetic.rs"]
mod synthetic;

use agencygraph::Graph;
use agencygraph::export::{
    DotStyle, Selection, Subgraph, csv, cypher_script, gexf, graphml, mermaid, neo4j, turtle,
    write_dot, write_json,
};
use process::{cpu_seconds, reset_peak, status_mb};

/// A sink that counts what it is given.
#[derive(Default)]
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

type Writer = fn(&Subgraph<'_>, &mut io::BufWriter<Counter>) -> Result<(), String>;

fn formats() -> Vec<(&'static str, Writer)> {
    fn io<T>(result: io::Result<T>) -> Result<(), String> {
        result.map(|_| ()).map_err(|e| e.to_string())
    }
    vec![
        ("csv (4 tables)", |s, out| {
            let options = csv::CsvOptions::default();
            for file in csv::FILES {
                io(csv::write_file(s, file, &options, &mut *out))?;
            }
            Ok(())
        }),
        ("neo4j-csv (2 files)", |s, out| {
            io(neo4j::write_nodes(s, &mut *out))?;
            io(neo4j::write_relationships(s, &mut *out))
        }),
        ("cypher", |s, out| io(cypher_script::write_cypher(s, out))),
        ("graphml", |s, out| io(graphml::write_graphml(s, out))),
        ("gexf", |s, out| io(gexf::write_gexf(s, out))),
        ("turtle", |s, out| io(turtle::write_turtle(s, out))),
        ("json", |s, out| io(write_json(s, out))),
        ("dot", |s, out| io(write_dot(s, &DotStyle::default(), out))),
        ("mermaid", |s, out| {
            mermaid::write_mermaid(s, out).map_err(|e| e.to_string())
        }), // The control: JSON collected in memory first, as a writer that does not stream
        // would. Its extra memory is about the output's size, which shows that the
        // measure sees growth when there is some.
        ("control: json into a Vec first", |s, out| {
            let mut whole = Vec::new();
            io(write_json(s, &mut whole))?;
            io(out.write_all(&whole))
        }),
    ]
}

fn main() -> ExitCode {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let [nodes, edges] = args[..] else {
        eprintln!("usage: exports NODES EDGES");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let graph = match Graph::from_dataset(synthetic::dataset(nodes, edges, 42)) {
        Ok(graph) => graph,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let subgraph = graph.subgraph(&Selection::default());
    println!(
        "{} nodes, {} edges built and selected in {:.2?}; resident {:.0} MB",
        subgraph.nodes.len(),
        subgraph.edges.len(),
        started.elapsed(),
        status_mb("VmRSS:").unwrap_or(f64::NAN)
    );
    println!("| format | CPU time | wall time | output | peak RSS | extra while writing |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, write) in formats() {
        reset_peak();
        let before = status_mb("VmRSS:").unwrap_or(f64::NAN);
        let started = Instant::now();
        let cpu = cpu_seconds();
        // Buffered as the command line's files are, so the writers' many small writes
        // cost what they cost there.
        let mut sink = io::BufWriter::with_capacity(64 * 1024, Counter::default());
        let result = write(&subgraph, &mut sink);
        let counter = match sink.into_inner() {
            Ok(counter) => counter,
            Err(error) => {
                eprintln!("{}", error.error());
                return ExitCode::FAILURE;
            }
        };
        let elapsed = started.elapsed();
        let cpu = cpu_seconds() - cpu;
        let peak = status_mb("VmHWM:").unwrap_or(f64::NAN);
        let output = match result {
            Ok(()) => format!("{:.0} MB", counter.0 as f64 / 1e6),
            Err(error) => format!("refused: {}", error.split(';').next().unwrap_or_default()),
        };
        println!(
            "| {name} | {cpu:.2} s | {:.2} s | {output} | {peak:.0} MB | {:.1} MB |",
            elapsed.as_secs_f64(),
            peak - before
        );
    }
    ExitCode::SUCCESS
}
