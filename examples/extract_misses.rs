//! Lists what `extract` missed and what it got wrong on one report against its key:
//! `cargo run --example extract_misses -- DIR [--empty]`, where DIR holds the key and
//! `sources/NAME.txt` (or `bundled` for the bundled report).

use std::collections::BTreeSet;

use agencygraph::Graph;
use agencygraph::extract::{Options, extract};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let empty = args.iter().any(|a| a == "--empty");
    let (key, text, source) = if args[0] == "bundled" {
        (
            Graph::bundled(),
            Graph::bundled_texts()[0].1.to_string(),
            "inter-agency-mechanisms".to_string(),
        )
    } else {
        let dir = std::path::Path::new(&args[0]);
        let key = Graph::load(dir).unwrap();
        let source = key.sources()[0].clone();
        let text = std::fs::read_to_string(dir.join(source.file.unwrap())).unwrap();
        (key, text, source.id)
    };
    let gazetteer = if empty { Graph::new() } else { key.clone() };
    let proposals = extract(&text, &gazetteer, &Options::new(source));
    let proposed: BTreeSet<(String, String, String)> = proposals
        .relations
        .iter()
        .map(|r| (r.from.clone(), r.kind.name().to_string(), r.to.clone()))
        .collect();
    println!("== new nodes");
    for n in &proposals.nodes {
        println!(
            "{} {:?} {:?} {:?} ({})",
            n.id, n.kind, n.name, n.aliases, n.reason
        );
    }
    println!("== aliases");
    for a in &proposals.aliases {
        println!("{} += {:?} ({})", a.node, a.alias, a.reason);
    }
    println!("== wrong (not in key)");
    for r in &proposals.relations {
        let (a, k, b) = (r.from.as_str(), r.kind, r.to.as_str());
        if key.edge(a, k, b).is_none() {
            println!(
                "{} {} {}  [{}]  {}",
                a,
                k.name(),
                b,
                r.reason,
                r.quote.chars().take(100).collect::<String>()
            );
        }
    }
    println!("== missed");
    for e in key.edges() {
        if !proposed.contains(&(
            e.from().to_string(),
            e.kind().name().to_string(),
            e.to().to_string(),
        )) {
            let other: Vec<String> = proposals
                .relations
                .iter()
                .filter(|r| {
                    (r.from == e.from() && r.to == e.to()) || (r.from == e.to() && r.to == e.from())
                })
                .map(|r| r.kind.name().to_string())
                .collect();
            println!(
                "{} {} {} {}  {:?}",
                e.from(),
                e.kind().name(),
                e.to(),
                if e.inferred() { "(inferred)" } else { "" },
                other
            );
        }
    }
}
