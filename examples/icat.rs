//! Who is linked to ICAT, and how: `cargo run --example icat`.

use agencygraph::Graph;

fn main() {
    let graph = Graph::bundled();
    let icat = graph
        .resolve("Inter-Agency Coordination Group on Trafficking in Persons")
        .expect("the bundled data set has ICAT");
    println!("{} ({})", icat.name, icat.id);
    for relation in graph.relations(&icat.id) {
        let stated = if relation.edge.inferred() {
            "inferred"
        } else {
            "stated"
        };
        println!("  {}  [{stated}]", relation.phrase());
        for evidence in relation.edge.evidence() {
            println!("      “{}”", evidence.quote());
        }
    }
}
