//! A screenshot of the bundled map in headless Chromium, for the README:
//! `cargo run --example map_screenshot -- docs/map.png [#hash [JAVASCRIPT]]`; the
//! JavaScript, if any, runs before the screenshot (to click a control, say).

#[path = "../tests/it/browser.rs"]
mod browser;

use agencygraph::Graph;
use agencygraph::export::Selection;
use agencygraph::export::html::{HtmlOptions, write_html};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let output = args.next().unwrap_or_else(|| "docs/map.png".to_string());
    let hash = args.next().unwrap_or_default();
    let action = args.next();
    let graph = Graph::bundled();
    let directory = tempfile::tempdir()?;
    let page = directory.path().join("map.html");
    let options = HtmlOptions {
        title: "UN inter-agency mechanisms on violence against women".to_string(),
        ..HtmlOptions::default()
    };
    write_html(
        &graph.subgraph(&Selection::default()),
        &options,
        std::fs::File::create(&page)?,
    )?;
    let session = browser::launch(1600, 1000).ok_or("Chromium is not installed")?;
    session.open(&page, &hash);
    if let Some(action) = action {
        session.run(&action);
    }
    // Let the camera's move to a focused entity finish.
    std::thread::sleep(std::time::Duration::from_millis(800));
    let png =
        session
            .tab
            .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)?;
    std::fs::write(&output, png)?;
    println!("wrote {output}; console errors: {:?}", session.errors());
    Ok(())
}
