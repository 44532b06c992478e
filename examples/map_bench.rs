//! How the map copes with size: writes the page for a synthetic graph of 2,000 entities
//! and 20,000 relations (and for the bundled graph), opens each in headless Chromium,
//! and reads the timings the page records with `performance.measure`: `open` (from the
//! start of navigation to the first drawing), `open-painted` (to the first frame after
//! it), `filter` (a relation family or an entity kind switched off or on, and redrawn)
//! and `filter-painted` (to the first frame after that).
//!
//! `cargo run --release --example map_bench [-- NODES EDGES]`

#[path = "../tests/it/browser.rs"]
mod browser;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::collections::BTreeMap;
use std::time::Instant;

use agencygraph::Graph;
use agencygraph::export::Selection;
use agencygraph::export::html::{HtmlOptions, write_html};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let nodes = args.next().transpose()?.unwrap_or(2_000);
    let edges = args.next().transpose()?.unwrap_or(20_000);
    let session = browser::launch(1400, 900).ok_or("Chromium is not installed")?;
    let directory = tempfile::tempdir()?;
    for (name, graph) in [
        ("bundled".to_string(), Graph::bundled()),
        (
            format!("synthetic {nodes}/{edges}"),
            Graph::from_dataset(synthetic::dataset(nodes, edges, 7))?,
        ),
    ] {
        let page = directory.path().join("map.html");
        let started = Instant::now();
        let subgraph = graph.subgraph(&Selection::default());
        write_html(
            &subgraph,
            &HtmlOptions::default(),
            std::fs::File::create(&page)?,
        )?;
        let written = started.elapsed();
        let size = std::fs::metadata(&page)?.len();
        println!(
            "{name}: {} entities, {} relations; page {:.1} MB ({size} bytes) written in {:.2} s (layout included)",
            subgraph.nodes.len(),
            subgraph.edges.len(),
            size as f64 / 1e6,
            written.as_secs_f64()
        );
        for run in 1..=3 {
            session
                .tab
                .navigate_to("about:blank")?
                .wait_until_navigated()?;
            session.open(&page, "");
            session.wait_for("agencygraph.timings()['open-painted'] !== undefined");
            let timings: BTreeMap<String, f64> = session.value("agencygraph.timings()");
            let mode: String = session.value("agencygraph.mode");
            println!(
                "  run {run} ({mode}): open {:.0} ms, first frame {:.0} ms",
                timings["open"], timings["open-painted"]
            );
            // A relation family, then an entity kind, switched off and on three times.
            for (what, control) in [
                ("relation family", "#edge-filter input[data-family]"),
                ("entity kind", "#node-filter input[data-kind]"),
            ] {
                let (mut applied, mut painted) = (Vec::new(), Vec::new());
                for _ in 0..6 {
                    session.run(&format!("document.querySelector('{control}').click()"));
                    session.wait_for("agencygraph.timings()['filter-painted'] !== undefined");
                    let timings: BTreeMap<String, f64> = session.value("agencygraph.timings()");
                    applied.push(timings["filter"]);
                    painted.push(timings["filter-painted"]);
                    session.run("performance.clearMeasures('agencygraph:filter'); performance.clearMeasures('agencygraph:filter-painted')");
                }
                println!(
                    "    {what} off/on: applied {}, painted {}",
                    spread(&mut applied),
                    spread(&mut painted)
                );
            }
        }
    }
    let errors = session.errors();
    if !errors.is_empty() {
        println!("console errors: {errors:?}");
    }
    Ok(())
}

/// Median and slowest of `times`, in milliseconds.
fn spread(times: &mut [f64]) -> String {
    times.sort_by(f64::total_cmp);
    format!(
        "median {:.0} ms, slowest {:.0} ms",
        times[times.len() / 2],
        times[times.len() - 1]
    )
}
