//! Prints how well `extract` does on the bundled report and on the test reports, each
//! against its hand-made answer key: `cargo run --example extract_scores`.
//!
//! Each text is read with an empty graph (every entity must be found from the text
//! alone) and with a gazetteer: its own key (as the bundled report is read with the
//! bundled graph), and for the test reports also the bundled graph (an existing graph
//! that knows some of their entities).

use std::path::Path;

use agencygraph::Graph;
use agencygraph::extract::score::{Scores, score};
use agencygraph::extract::{Options, extract};

fn run(text: &str, source: &str, gazetteer: &Graph, key: &Graph) -> Scores {
    let proposals = extract(text, gazetteer, &Options::new(source));
    score(&proposals, gazetteer, key)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bundled = Graph::bundled();
    let report = Graph::bundled_texts()[0].1;
    let empty = Graph::new();
    println!("bundled report, empty graph");
    print!(
        "{}",
        run(report, "inter-agency-mechanisms", &empty, &bundled)
    );
    println!("bundled report, bundled graph as gazetteer");
    print!(
        "{}",
        run(report, "inter-agency-mechanisms", &bundled, &bundled)
    );
    for name in ["harmful-practices", "migrant-women"] {
        let dir = root.join("tests/data/extract").join(name);
        let key = Graph::load(&dir).expect("the key loads");
        let text = std::fs::read_to_string(dir.join(format!("sources/{name}.txt"))).expect("text");
        println!("{name}, empty graph");
        print!("{}", run(&text, name, &empty, &key));
        println!("{name}, bundled graph as gazetteer");
        print!("{}", run(&text, name, &bundled, &key));
        println!("{name}, its key as gazetteer");
        print!("{}", run(&text, name, &key, &key));
    }
}
