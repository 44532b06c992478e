//! How well `extract` does, measured against hand-made answer keys, with the scores
//! kept as floors: a change to the rules may raise them, never lower them.
//!
//! `cargo test --test extract -- --nocapture` prints the table the README quotes.
//! The bundled report is read with an empty graph and with the bundled graph as the
//! gazetteer (its own key: every name is known, what is measured is the relations).
//! The two test reports under `tests/data/extract/` were written, with their keys,
//! before the rules were tuned on them; they are read with an empty graph, with the
//! bundled graph (which knows some of their entities) and with their own key.

use std::path::Path;

use agencygraph::Graph;
use agencygraph::extract::score::{Measure, Scores, score};
use agencygraph::extract::{Options, extract};

fn run(label: &str, text: &str, source: &str, gazetteer: &Graph, key: &Graph) -> Scores {
    let proposals = extract(text, gazetteer, &Options::new(source));
    let scores = score(&proposals, gazetteer, key);
    println!("{label}\n{scores}");
    scores
}

/// `(recall, precision)` floors, in percent.
fn at_least(measure: Measure, recall: f64, precision: f64, what: &str) {
    assert!(
        measure.recall() * 100.0 >= recall && measure.precision() * 100.0 >= precision,
        "{what}: recall {:.1}% (floor {recall}%), precision {:.1}% (floor {precision}%)",
        measure.recall() * 100.0,
        measure.precision() * 100.0
    );
}

fn test_report(name: &str) -> (String, Graph) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/extract")
        .join(name);
    let key = Graph::load(&dir).expect("the key loads");
    let text = std::fs::read_to_string(dir.join(format!("sources/{name}.txt"))).expect("the text");
    (text, key)
}

#[test]
fn bundled_report_meets_the_targets_with_the_graph_as_gazetteer() {
    let bundled = Graph::bundled();
    let report = Graph::bundled_texts()[0].1;
    let s = run(
        "bundled report, bundled graph as gazetteer",
        report,
        "inter-agency-mechanisms",
        &bundled,
        &bundled,
    );
    // The targets: typed relations ≥ 70% recall at ≥ 70% precision; entities
    // ≥ 90% recall.
    at_least(s.typed, 70.0, 70.0, "typed relations");
    at_least(s.entities, 90.0, 90.0, "entities");
    at_least(s.pairs, 72.0, 95.0, "relation pairs");
}

#[test]
fn bundled_report_from_an_empty_graph() {
    let report = Graph::bundled_texts()[0].1;
    let s = run(
        "bundled report, empty graph",
        report,
        "inter-agency-mechanisms",
        &Graph::new(),
        &Graph::bundled(),
    );
    at_least(s.entities, 53.0, 75.0, "entities");
    at_least(s.pairs, 21.0, 85.0, "relation pairs");
    at_least(s.typed, 20.0, 59.0, "typed relations");
}

#[test]
fn harmful_practices_report() {
    let (text, key) = test_report("harmful-practices");
    let s = run(
        "harmful-practices, empty graph",
        &text,
        "harmful-practices",
        &Graph::new(),
        &key,
    );
    at_least(s.entities, 85.0, 95.0, "entities, empty graph");
    at_least(s.typed, 80.0, 95.0, "typed relations, empty graph");
    let s = run(
        "harmful-practices, bundled graph",
        &text,
        "harmful-practices",
        &Graph::bundled(),
        &key,
    );
    at_least(s.entities, 95.0, 90.0, "entities, bundled graph");
    at_least(s.typed, 95.0, 100.0, "typed relations, bundled graph");
    let s = run(
        "harmful-practices, its key as gazetteer",
        &text,
        "harmful-practices",
        &key,
        &key,
    );
    at_least(s.entities, 100.0, 100.0, "entities, its key");
    at_least(s.typed, 100.0, 100.0, "typed relations, its key");
}

#[test]
fn migrant_women_report() {
    let (text, key) = test_report("migrant-women");
    let s = run(
        "migrant-women, empty graph",
        &text,
        "migrant-women",
        &Graph::new(),
        &key,
    );
    at_least(s.entities, 80.0, 90.0, "entities, empty graph");
    at_least(s.typed, 50.0, 70.0, "typed relations, empty graph");
    let s = run(
        "migrant-women, bundled graph",
        &text,
        "migrant-women",
        &Graph::bundled(),
        &key,
    );
    at_least(s.entities, 90.0, 85.0, "entities, bundled graph");
    at_least(s.typed, 75.0, 85.0, "typed relations, bundled graph");
    let s = run(
        "migrant-women, its key as gazetteer",
        &text,
        "migrant-women",
        &key,
        &key,
    );
    at_least(s.entities, 100.0, 100.0, "entities, its key");
    at_least(s.typed, 90.0, 95.0, "typed relations, its key");
}

#[test]
fn every_proposed_quote_is_in_the_text_where_its_locator_says() {
    let report = Graph::bundled_texts()[0].1;
    let proposals = extract(
        report,
        &Graph::bundled(),
        &Options::new("inter-agency-mechanisms"),
    );
    assert!(!proposals.relations.is_empty());
    for relation in &proposals.relations {
        let range =
            agencygraph::sources::find(report, &relation.quote).expect("the quote is verbatim");
        assert_eq!(
            relation.at,
            Some(agencygraph::sources::locator(report, range)),
            "{}",
            relation.quote
        );
        let words = relation.quote.split_whitespace().count();
        assert!(
            words <= agencygraph::graph::validate::MAX_QUOTE_WORDS,
            "{words} words"
        );
    }
}
