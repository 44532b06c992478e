//! How the map copes with size: writes the page for a synthetic graph of 2,000 entities
//! and 20,000 relations (and for the bundled graph), opens each in headless Chromium,
//! and reads the timings the page records with `performance.measure`: `open` (from the
//! start of navigation to the first drawing), `open-painted` (to the first frame after
//! it) and `filter` (one relation family switched off and redrawn).
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
            // One family off and on again: two filter applications, the slower kept.
            let mut filter: f64 = 0.0;
            for _ in 0..2 {
                session.run("document.querySelector('#edge-filter input[data-family]').click()");
                let timings: BTreeMap<String, f64> = session.value("agencygraph.timings()");
                filter = filter.max(timings["filter"]);
                session.run("performance.clearMeasures('agencygraph:filter')");
            }
            let timings: BTreeMap<String, f64> = session.value("agencygraph.timings()");
            let mode: String = session.value("agencygraph.mode");
            println!(
                "  run {run} ({mode}): open {:.0} ms, first frame {:.0} ms, filter {:.0} ms",
                timings["open"], timings["open-painted"], filter
            );
        }
    }
    let errors = session.errors();
    if !errors.is_empty() {
        println!("console errors: {errors:?}");
    }
    Ok(())
}
