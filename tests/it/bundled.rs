//! The bundled data set: it loads clean, holds what the report states, quotes it
//! exactly, and is laid out and formatted the way the project documents.

use agencygraph::store::to_canonical_ron;
use agencygraph::{Dataset, EdgeKind, Graph, NodeKind};

/// The report the data set is drawn from, as shipped in `graph/sources/`.
const REPORT: &str = include_str!("../../graph/sources/inter-agency-mechanisms-and-activities.txt");

fn graph() -> Graph {
    Graph::bundled()
}

#[test]
fn loads_clean_with_the_expected_size() {
    let graph = graph();
    assert!(graph.node_count() > 80, "{} nodes", graph.node_count());
    assert!(graph.edge_count() > 100, "{} edges", graph.edge_count());
    assert_eq!(graph.sources().len(), 1);
}

/// `(subject, kind, object)` triples read from the report by hand.
#[test]
fn holds_the_facts_the_report_states() {
    let graph = graph();
    let facts = [
        // "UNODC is the permanent coordinator and secretariat of the ... (ICAT)"
        ("UNODC", EdgeKind::Coordinates, "ICAT"),
        ("UNODC", EdgeKind::SecretariatOf, "ICAT"),
        // "ESCAP and UN Women co-chair the ... (TWG-GEEW)"
        ("ESCAP", EdgeKind::CoChairs, "TWG-GEEW"),
        ("UN-WOMEN", EdgeKind::CoChairs, "TWG-GEEW"),
        // "UNMAS ... chairs the United Nations Inter-Agency Coordination Group on Mine Action"
        ("UNMAS", EdgeKind::Chairs, "IACG-MA"),
        // "The Trust Fund ... is administered by ... (UN-Women)"
        ("UN-WOMEN", EdgeKind::Administers, "UN-TRUST-FUND"),
        // "an initial investment of over 500 million USD from the European Union"
        ("EU", EdgeKind::Funds, "SPOTLIGHT"),
        // "OCHA is an active member of the United Nations Actions against Sexual Violence in Conflict network"
        ("OCHA", EdgeKind::MemberOf, "UN-ACTION"),
        // "DPKO is one of the members in the UN ACTION"
        ("DPKO", EdgeKind::MemberOf, "UN-ACTION"),
        // "UNMAS, housed in the Department of Peacekeeping Operations Office of Rule of Law ..."
        ("UNMAS", EdgeKind::HousedIn, "OROLSI"),
        // "the Gender Office serves as Co-Chair of the IASC GenCAP Steering Committee"
        ("WFP-GENDER-OFFICE", EdgeKind::CoChairs, "IASC-GENCAP-SC"),
        // "OCHA initiated and continues to guide the IASC Gender Standby Capacity Project"
        ("OCHA", EdgeKind::Initiated, "GENCAP"),
        // "established in 1996 by the General Assembly in its resolution 50/166"
        ("UN-TRUST-FUND", EdgeKind::EstablishedBy, "GENERAL-ASSEMBLY"),
        // "organized jointly with Facebook"
        (
            "FACEBOOK",
            EdgeKind::CoOrganises,
            "SIDE-EVENT-ONLINE-VIOLENCE",
        ),
    ];
    for (from, kind, to) in facts {
        let edge = graph.edge(from, kind, to);
        assert!(edge.is_some(), "missing: {from} {kind} {to}");
        assert!(
            !edge.unwrap().inferred(),
            "stated, not inferred: {from} {kind} {to}"
        );
    }
    let eu = graph.edge("EU", EdgeKind::Funds, "SPOTLIGHT").unwrap();
    assert_eq!(eu.amount().unwrap().to_string(), "over 500000000 USD");
    assert_eq!(eu.year(), Some(2017));
    let trust_fund = graph.node("UN-TRUST-FUND").unwrap();
    assert_eq!(trust_fund.established, Some(1996));
}

#[test]
fn marks_what_the_text_only_implies() {
    let graph = graph();
    // Implied by a name ("IASC Gender Reference Group") and by a table's layout (WFP's rows).
    for (from, kind, to) in [
        ("IASC-GRG", EdgeKind::PartOf, "IASC"),
        ("WFP", EdgeKind::ParticipatesIn, "UNITE"),
        ("WFP", EdgeKind::ParticipatesIn, "UN-ACTION"),
    ] {
        let edge = graph
            .edge(from, kind, to)
            .unwrap_or_else(|| panic!("{from} {kind} {to}"));
        assert!(edge.inferred(), "{from} {kind} {to} should be inferred");
    }
    for edge in graph.edges().filter(|e| e.inferred()) {
        assert!(
            edge.notes().is_some(),
            "inferred without a note on how: {} {} {}",
            edge.from(),
            edge.kind(),
            edge.to()
        );
    }
}

#[test]
fn every_spelling_in_the_report_resolves() {
    let graph = graph();
    for (spelling, id) in [
        ("UNiTE", "UNITE"),
        ("UNITE", "UNITE"),
        ("UNiTE Campaign", "UNITE"),
        ("UN Action", "UN-ACTION"),
        ("UN ACTION", "UN-ACTION"),
        (
            "United Nations Actions against Sexual Violence in Conflict network",
            "UN-ACTION",
        ),
        ("GenCap", "GENCAP"),
        ("GenCAP", "GENCAP"),
        ("IASC GenCAP Steering Committee", "IASC-GENCAP-SC"),
        ("UNITE Worknig Group", "UNITE-WORKING-GROUP"),
        ("UN-Women", "UN-WOMEN"),
        ("UN Trust to End Violence against Women", "UN-TRUST-FUND"),
        ("IASC PSEA/AAP task team", "IASC-PSEA-AAP-TT"),
        ("Secretary General", "SECRETARY-GENERAL"),
        ("Republic of Croatia", "CROATIA"),
        ("Gender-based Violence AOR", "GBV-AOR"),
    ] {
        let node = graph
            .resolve(spelling)
            .unwrap_or_else(|e| panic!("{spelling}: {e}"));
        assert_eq!(node.id, id, "{spelling}");
    }
}

#[test]
fn every_quote_is_verbatim_from_the_report() {
    let graph = graph();
    let mut quotes = 0;
    for edge in graph.edges() {
        for evidence in edge.evidence() {
            assert_eq!(evidence.source(), "inter-agency-mechanisms");
            assert!(
                REPORT.contains(evidence.quote()),
                "not in the report: {} {} {}: {:?}",
                edge.from(),
                edge.kind(),
                edge.to(),
                evidence.quote()
            );
            quotes += 1;
        }
    }
    assert!(quotes >= graph.edge_count());
}

#[test]
fn the_shipped_report_is_the_shared_one() {
    // The project's copy of the report must not drift from the one the data was read
    // from. The shared copy sits beside the team's checkouts; a lone clone has only its
    // own, and the check has nothing to compare.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/sources/inter-agency-mechanisms-and-activities.txt");
    match std::fs::read_to_string(&shared) {
        Ok(text) => assert_eq!(text, REPORT),
        Err(_) => eprintln!("nothing to compare: no {}", shared.display()),
    }
}

fn parse(text: &str) -> Dataset {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .unwrap()
}

#[test]
fn files_are_in_canonical_form() {
    for (path, text) in Graph::bundled_files() {
        let canonical = to_canonical_ron(&parse(text));
        assert!(
            *text == canonical,
            "{path} is not in canonical form; expected:\n{canonical}"
        );
    }
}

#[test]
fn nodes_live_in_the_file_of_their_kind_and_edges_with_their_subject() {
    let graph = graph();
    for (path, text) in Graph::bundled_files() {
        let dataset = parse(text);
        for node in &dataset.nodes {
            assert_eq!(
                *path,
                format!("graph/{}.ron", node.kind.name()),
                "{}",
                node.id
            );
        }
        for edge in &dataset.edges {
            let subject = graph.node(&edge.from).unwrap();
            assert_eq!(
                *path,
                format!("graph/{}.ron", subject.kind.name()),
                "{} {} {}",
                edge.from,
                edge.kind,
                edge.to
            );
        }
        if !dataset.sources.is_empty() {
            assert_eq!(*path, "graph/sources.ron");
        }
    }
    // Every kind the data set uses is present; nothing is filed under a kind it lacks.
    for kind in NodeKind::ALL {
        let file = format!("graph/{}.ron", kind.name());
        let has_file = Graph::bundled_files().iter().any(|(p, _)| *p == file);
        assert_eq!(
            has_file,
            graph.nodes_of_kind(*kind).next().is_some(),
            "{file}"
        );
    }
}

#[test]
fn the_readme_documents_every_kind() {
    let readme = include_str!("../../README.md");
    for kind in NodeKind::ALL {
        let row = format!("| `{}` | `{}` |", kind.variant(), kind.name());
        assert!(
            readme.contains(&row),
            "README lacks the node kind row {row}"
        );
    }
    for kind in EdgeKind::ALL {
        let row = format!("| `{}` | {}", kind.variant(), kind.label());
        assert!(
            readme.contains(&row),
            "README lacks the edge kind row {row}"
        );
        let inverse = format!(" | {} | {} |", kind.inverse_label(), kind.family().name());
        assert!(
            readme.contains(&inverse),
            "README lacks {inverse} for {kind}"
        );
    }
    let graph = graph();
    let size = format!(
        "{} entities and {} relations",
        graph.node_count(),
        graph.edge_count()
    );
    assert!(readme.contains(&size), "README should say {size}");
}
