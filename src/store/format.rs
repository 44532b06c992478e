//! The canonical form of a RON file: what the bundled data set is written in, and what
//! editing commands will write.
//!
//! Sources and nodes are sorted by id, edges by subject, kind (in declaration order) and
//! object; four-space indentation, one field per line, `\n` line ends and a final
//! newline. Two files with the same content are byte-for-byte the same, so a diff shows
//! only real changes.

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use crate::model::Dataset;

/// Writes `dataset` in canonical form.
///
/// ```
/// use agencygraph::{Dataset, Node, NodeKind};
/// use agencygraph::store::to_canonical_ron;
///
/// let dataset = Dataset {
///     nodes: vec![Node::new("WFP", NodeKind::UnEntity, "World Food Programme").alias("WFP")],
///     ..Dataset::default()
/// };
/// assert_eq!(to_canonical_ron(&dataset), r#"(
///     nodes: [
///         (
///             id: "WFP",
///             kind: UnEntity,
///             name: "World Food Programme",
///             aliases: [
///                 "WFP",
///             ],
///         ),
///     ],
/// )
/// "#);
/// ```
pub fn to_canonical_ron(dataset: &Dataset) -> String {
    let mut sorted = dataset.clone();
    sorted.sources.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.nodes.sort_by(|a, b| a.id.cmp(&b.id));
    sorted
        .edges
        .sort_by(|a, b| (&a.from, a.kind, &a.to).cmp(&(&b.from, b.kind, &b.to)));
    let config = PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .extensions(Extensions::IMPLICIT_SOME);
    let text = super::ron_options()
        .to_string_pretty(&sorted, config)
        // Serializing plain strings, numbers and enums into a String cannot fail.
        .expect("a data set always serializes");
    let mut text = unescape_apostrophes(&text);
    text.push('\n');
    text
}

/// ron escapes `'` inside strings as `\'` (Rust's `escape_debug`); the plain apostrophe
/// reads better and parses the same. In ron's output every backslash is doubled and
/// every `'` escaped, so each `\'` left to right is exactly one escaped apostrophe.
pub(crate) fn unescape_apostrophes(text: &str) -> String {
    text.replace("\\'", "'")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, EdgeKind, Node, NodeKind};

    #[test]
    fn apostrophes_and_backslashes_survive() {
        let name = r"WFP's \' odd \\ name";
        let dataset = Dataset {
            nodes: vec![Node::new("A", NodeKind::Office, name)],
            ..Dataset::default()
        };
        let text = to_canonical_ron(&dataset);
        assert!(
            text.contains(r#"name: "WFP's \\' odd \\\\ name","#),
            "{text}"
        );
        let back: Dataset = super::super::ron_options().from_str(&text).unwrap();
        assert_eq!(back.nodes[0].name, name);
    }

    #[test]
    fn edges_sort_by_subject_kind_object() {
        let edge = |from: &str, kind, to: &str| Edge::new(from, kind, to).evidence("s", "q");
        let dataset = Dataset {
            edges: vec![
                edge("B", EdgeKind::Chairs, "A"),
                edge("A", EdgeKind::Funds, "C"),
                edge("A", EdgeKind::Chairs, "D"),
            ],
            ..Dataset::default()
        };
        let text = to_canonical_ron(&dataset);
        let order: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with("to:"))
            .collect();
        assert_eq!(
            order,
            [
                "            to: \"D\",",
                "            to: \"C\",",
                "            to: \"A\","
            ]
        );
    }
}
