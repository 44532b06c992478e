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
use proptest::strategy::Strategy;

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

/// Floors for one reading of a test report: `(entities, typed relations)`, each
/// `(recall, precision)` in percent.
type Floors = ((f64, f64), (f64, f64));

/// Each test report's floors for its three readings, in the order of `GAZETTEERS`.
const REPORT_FLOORS: [(&str, [Floors; 3]); 2] = [
    (
        "harmful-practices",
        [
            ((85.0, 95.0), (80.0, 95.0)),
            ((95.0, 90.0), (95.0, 100.0)),
            ((100.0, 100.0), (100.0, 100.0)),
        ],
    ),
    (
        "migrant-women",
        [
            ((80.0, 90.0), (50.0, 70.0)),
            ((90.0, 85.0), (75.0, 85.0)),
            ((100.0, 100.0), (90.0, 95.0)),
        ],
    ),
];

/// The three gazetteers a test report is read with.
const GAZETTEERS: [&str; 3] = ["empty graph", "bundled graph", "its key as gazetteer"];

/// Reads a test report with an empty graph, the bundled graph and its own key as the
/// gazetteer, each held to its floors in [`REPORT_FLOORS`].
fn test_report_meets(name: &str) {
    let (text, key) = test_report(name);
    let (_, floors) = REPORT_FLOORS
        .iter()
        .find(|(report, _)| *report == name)
        .expect("the report has floors");
    let gazetteers = [Graph::new(), Graph::bundled(), key.clone()];
    for ((gazetteer_name, gazetteer), (entities, typed)) in
        GAZETTEERS.iter().zip(gazetteers).zip(floors)
    {
        let label = format!("{name}, {gazetteer_name}");
        let s = run(&label, &text, name, &gazetteer, &key);
        at_least(
            s.entities,
            entities.0,
            entities.1,
            &format!("entities, {label}"),
        );
        at_least(
            s.typed,
            typed.0,
            typed.1,
            &format!("typed relations, {label}"),
        );
    }
}

#[test]
fn harmful_practices_report() {
    test_report_meets("harmful-practices");
}

#[test]
fn migrant_women_report() {
    test_report_meets("migrant-women");
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

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Any text, however it mixes names, punctuation, parentheses, tables and
    /// non-ASCII letters: `extract` ends, and every quote it proposes is verbatim.
    #[test]
    fn extract_takes_any_text(words in proptest::collection::vec(
        proptest::prop_oneof![
            proptest::string::string_regex("[A-Z][a-z]{0,8}").unwrap(),
            proptest::string::string_regex("[A-Z]{2,6}").unwrap(),
            proptest::sample::select(vec![
                "UNODC", "chairs", "the", "and", "co-chair", "is", "funded by", "of", "(", ")",
                ",", ".", ";", "|", "\n", "’s", "its", "through", "UN Women", "Task Force",
                "Group", "é", "“", "”", "3.", "under the auspices of", "Network", "–", "2019",
            ]).prop_map(String::from),
        ],
        0..60,
    )) {
        let text = words.join(" ");
        let bundled = Graph::bundled();
        for gazetteer in [&Graph::new(), &bundled] {
            let proposals = extract(&text, gazetteer, &Options::new("t"));
            for relation in &proposals.relations {
                proptest::prop_assert!(agencygraph::sources::find(&text, &relation.quote).is_some());
            }
            let again = agencygraph::extract::Proposals::from_ron(&proposals.to_ron(), "p.ron");
            proptest::prop_assert_eq!(again.ok(), Some(proposals));
        }
    }
}
