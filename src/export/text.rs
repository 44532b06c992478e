//! Small pieces of text handling the writers (and the importers) share: list cells,
//! XML escaping, relationship type names, an edge's years, CSV rows.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::graph::EdgeRef;
use crate::model::{Bound, Dated, EdgeKind, Node};

/// Joins a list into one cell: items separated by `;`, an item's own `;` and `\` escaped
/// with a backslash, so [`split_list`] gives the items back exactly.
pub(crate) fn join_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut cell = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            cell.push(';');
        }
        for c in item.chars() {
            if c == ';' || c == '\\' {
                cell.push('\\');
            }
            cell.push(c);
        }
    }
    cell
}

/// The items of a cell [`join_list`] wrote; an empty cell is an empty list.
pub(crate) fn split_list(cell: &str) -> Vec<String> {
    if cell.is_empty() {
        return Vec::new();
    }
    let mut items = vec![String::new()];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    items.last_mut().expect("never empty").push(next);
                }
            }
            ';' => items.push(String::new()),
            c => items.last_mut().expect("never empty").push(c),
        }
    }
    items
}

/// Writes `text` as XML character data or an attribute value: `&<>"'` as entities,
/// tab, newline and carriage return as character references (so attribute values keep
/// them and `\r\n` is not folded), and the other control characters, which XML 1.0
/// cannot carry at all, as U+FFFD.
pub(crate) fn write_xml_text(out: &mut impl Write, text: &str) -> io::Result<()> {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            '\t' => "&#9;",
            '\n' => "&#10;",
            '\r' => "&#13;",
            c if is_xml_forbidden(c) => "\u{FFFD}",
            _ => continue,
        };
        out.write_all(&text.as_bytes()[start..i])?;
        out.write_all(replacement.as_bytes())?;
        start = i + c.len_utf8();
    }
    out.write_all(&text.as_bytes()[start..])
}

/// Characters XML 1.0 does not allow, even as references.
fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The relationship type of an edge kind, as agencygraph's own Cypher names it: the
/// kind's variant in UPPER_SNAKE_CASE (`SecretariatOf` → `SECRETARIAT_OF`).
pub fn relationship_type(kind: EdgeKind) -> String {
    let mut name = String::new();
    for (i, c) in kind.variant().char_indices() {
        if i > 0 && c.is_ascii_uppercase() {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

/// An edge's years that are set, by field name, in the order of [`EDGE_FIELDS`]: the
/// writers that spell each field out (Cypher, Turtle) skip the absent ones alike.
pub(crate) fn edge_years(edge: &impl Dated) -> impl Iterator<Item = (&'static str, i32)> {
    [
        ("since", edge.since()),
        ("until", edge.until()),
        ("year", edge.year()),
    ]
    .into_iter()
    .filter_map(|(name, year)| Some((name, year?)))
}

/// Writes one CSV row: the `key` cells, then `values`, an absent value as an empty
/// cell. The spreadsheet tables and Neo4j's import files differ only in their keys.
pub(crate) fn write_row<'a, W: Write>(
    csv: &mut ::csv::Writer<W>,
    key: &[&str],
    values: impl IntoIterator<Item = Option<Cow<'a, str>>>,
) -> io::Result<()> {
    for cell in key {
        csv.write_field(cell)?;
    }
    for value in values {
        csv.write_field(value.as_deref().unwrap_or(""))?;
    }
    // An empty record ends the row the fields began.
    Ok(csv.write_record(None::<&[u8]>)?)
}

/// An amount's bound as a cell: empty when exact.
pub(crate) fn bound_name(bound: Bound) -> &'static str {
    match bound {
        Bound::Exact => "",
        Bound::Over => "over",
        Bound::Under => "under",
        Bound::About => "about",
    }
}

/// What the writers' tests share: the text a writer writes, and the whole hostile test
/// graph (tests/fixtures/hostile.ron) as each format writes it.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::export::{Selection, Subgraph};
    use crate::model::Edge;

    /// What `write` writes into memory, as text.
    pub(crate) fn written<E: std::fmt::Debug>(
        write: impl FnOnce(&mut Vec<u8>) -> Result<(), E>,
    ) -> String {
        let mut out = Vec::new();
        write(&mut out).expect("writing into memory succeeds");
        String::from_utf8(out).expect("the writers write UTF-8")
    }

    /// What `write` makes of the whole hostile test graph, as text.
    pub(crate) fn written_hostile<E: std::fmt::Debug>(
        write: impl FnOnce(&Subgraph<'_>, &mut Vec<u8>) -> Result<(), E>,
    ) -> String {
        let graph = crate::export::tests::hostile_graph();
        written(|out| write(&graph.subgraph(&Selection::default()), out))
    }

    #[test]
    fn lists_round_trip() {
        // (A list of one empty item would read back as no items: ids and aliases are
        // never empty.)
        for items in [
            vec![],
            vec!["a"],
            vec!["a;b", "c\\", ""],
            vec!["“curly”", "x"],
        ] {
            let cell = join_list(items.iter().copied());
            assert_eq!(split_list(&cell), items, "{cell}");
        }
        assert_eq!(join_list(["a;b", "c\\"]), "a\\;b;c\\\\");
    }

    #[test]
    fn xml_escapes() {
        assert_eq!(
            written(|out| write_xml_text(out, "a<&>\"'\n\r\u{1}]]>é")),
            "a&lt;&amp;&gt;&quot;&apos;&#10;&#13;\u{FFFD}]]&gt;é"
        );
    }

    /// The two XML formats escape the same hostile names alike (their tests, once one
    /// in each writer's module).
    #[test]
    fn hostile_text_is_escaped() {
        use crate::export::{gexf::write_gexf, graphml::write_graphml};
        let gexf = written_hostile(|whole, out| write_gexf(whole, out));
        let graphml = written_hostile(|whole, out| write_graphml(whole, out));
        let cases = [
            (
                "GEXF",
                gexf,
                &[
                    "label=\"Say &quot;hi&quot;, &lt;&amp;&gt; ]]&gt; \\ “curly”&#10;line two\"",
                    "<spell start=\"2017\" end=\"2023\"/>",
                ][..],
            ),
            (
                "GraphML",
                graphml,
                &[
                    "<data key=\"n_name\">Say &quot;hi&quot;, &lt;&amp;&gt; ]]&gt; \\ “curly”&#10;line two</data>",
                    // Two relations between END and UN-ACTION, each its own edge.
                    "<edge id=\"END/chairs/UN-ACTION\"",
                    "<edge id=\"END/member-of/UN-ACTION\"",
                ],
            ),
        ];
        for (format, text, expected) in cases {
            for expected in expected {
                assert!(
                    text.contains(expected),
                    "{format}: missing {expected:?} in:\n{text}"
                );
            }
        }
    }

    #[test]
    fn edge_years_are_the_set_ones_in_field_order() {
        let mut edge = Edge::new("A", EdgeKind::Funds, "B");
        assert_eq!(edge_years(&edge).count(), 0);
        edge.year = Some(2019);
        edge.since = Some(2017);
        let years: Vec<(&str, i32)> = edge_years(&edge).collect();
        assert_eq!(years, [("since", 2017), ("year", 2019)]);
    }

    #[test]
    fn relationship_types() {
        assert_eq!(relationship_type(EdgeKind::SecretariatOf), "SECRETARIAT_OF");
        assert_eq!(relationship_type(EdgeKind::Chairs), "CHAIRS");
    }
}

/// The type of a field's values, for formats whose attributes are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldType {
    Text,
    Int,
    Long,
    Boolean,
}

impl FieldType {
    /// The type's name in GraphML and GEXF, which differ only in what they call an
    /// `int`: `int_name`.
    pub(crate) fn xml_name(self, int_name: &'static str) -> &'static str {
        match self {
            FieldType::Text => "string",
            FieldType::Int => int_name,
            FieldType::Long => "long",
            FieldType::Boolean => "boolean",
        }
    }
}

/// The fields of a node after its id, as `(name, type)`, in the order
/// [`node_values`] gives them.
pub(crate) const NODE_FIELDS: [(&str, FieldType); 7] = [
    ("kind", FieldType::Text),
    ("name", FieldType::Text),
    ("aliases", FieldType::Text),
    ("description", FieldType::Text),
    ("established", FieldType::Int),
    ("url", FieldType::Text),
    ("notes", FieldType::Text),
];

/// The fields of an edge after its ends, as `(name, type)`, in the order
/// [`edge_values`] gives them. The evidence comes after, in formats that keep it on the
/// edge: [`EVIDENCE_FIELDS`].
pub(crate) const EDGE_FIELDS: [(&str, FieldType); 12] = [
    ("kind", FieldType::Text),
    ("role", FieldType::Text),
    ("since", FieldType::Int),
    ("until", FieldType::Int),
    ("year", FieldType::Int),
    ("date", FieldType::Text),
    ("amount_value", FieldType::Long),
    ("amount_currency", FieldType::Text),
    ("amount_bound", FieldType::Text),
    ("via", FieldType::Text),
    ("inferred", FieldType::Boolean),
    ("notes", FieldType::Text),
];

/// An edge's evidence as three list fields: the sources, the quotes, and where each
/// quote is in its source's text (`14:5-88`, empty when not located).
pub(crate) const EVIDENCE_FIELDS: [(&str, FieldType); 3] = [
    ("evidence_sources", FieldType::Text),
    ("evidence_quotes", FieldType::Text),
    ("evidence_at", FieldType::Text),
];

/// A node's values for [`NODE_FIELDS`]: `None` when absent (an empty alias list too).
pub(crate) fn node_values(node: &Node) -> [Option<Cow<'_, str>>; 7] {
    let aliases = join_list(node.aliases.iter().map(String::as_str));
    [
        Some(Cow::Borrowed(node.kind.name())),
        Some(Cow::Borrowed(node.name.as_str())),
        Some(Cow::<str>::Owned(aliases)).filter(|a| !a.is_empty()),
        node.description.as_deref().map(Cow::Borrowed),
        node.established.map(|y| Cow::Owned(y.to_string())),
        node.url.as_deref().map(Cow::Borrowed),
        node.notes.as_deref().map(Cow::Borrowed),
    ]
}

/// An edge's values for [`EDGE_FIELDS`]: `None` when absent.
pub(crate) fn edge_values<'g>(edge: &EdgeRef<'g>) -> [Option<Cow<'g, str>>; 12] {
    let year = |y: Option<i32>| y.map(|y| Cow::Owned(y.to_string()));
    let amount = edge.amount();
    [
        Some(Cow::Borrowed(edge.kind().name())),
        edge.role().map(Cow::Borrowed),
        year(edge.since()),
        year(edge.until()),
        year(edge.year()),
        edge.date().map(Cow::Borrowed),
        amount.map(|a| Cow::Owned(a.value.to_string())),
        amount.map(|a| Cow::Borrowed(a.currency.as_str())),
        amount
            .map(|a| bound_name(a.bound))
            .filter(|b| !b.is_empty())
            .map(Cow::Borrowed),
        edge.via().map(Cow::Borrowed),
        Some(Cow::Borrowed(if edge.inferred() {
            "true"
        } else {
            "false"
        })),
        edge.notes().map(Cow::Borrowed),
    ]
}

/// An edge's values for [`EVIDENCE_FIELDS`].
pub(crate) fn evidence_values<'g>(edge: &EdgeRef<'g>) -> [Option<Cow<'g, str>>; 3] {
    let located: Vec<String> = edge
        .evidence()
        .map(|e| e.at().map(|at| at.to_string()).unwrap_or_default())
        .collect();
    [
        Some(Cow::Owned(join_list(edge.evidence().map(|e| e.source())))),
        Some(Cow::Owned(join_list(edge.evidence().map(|e| e.quote())))),
        // Left out when no quote is located, so such graphs export as before.
        edge.evidence()
            .any(|e| e.at().is_some())
            .then(|| Cow::Owned(join_list(located.iter().map(String::as_str)))),
    ]
}

/// Writes an XML edge element's opening up to its attributes: `<edge id="FROM/kind/TO"
/// source="FROM" target="TO"`, the id the same from one export to the next.
pub(crate) fn write_edge_start(
    out: &mut impl Write,
    indent: &str,
    edge: &EdgeRef<'_>,
) -> io::Result<()> {
    write!(out, "{indent}<edge id=\"")?;
    write_xml_text(out, &edge_id(edge))?;
    out.write_all(b"\" source=\"")?;
    write_xml_text(out, edge.from())?;
    out.write_all(b"\" target=\"")?;
    write_xml_text(out, edge.to())?;
    out.write_all(b"\"")
}

/// An edge's id: `FROM/kind/TO`.
pub(crate) fn edge_id(edge: &EdgeRef<'_>) -> String {
    format!("{}/{}/{}", edge.from(), edge.kind().name(), edge.to())
}

/// Writes `text` between `quote`s with the backslash escapes Cypher and Turtle share:
/// `\` before the quote and before a backslash, `\n`, `\r`, `\t`, and `\uXXXX` for any
/// other control character, so a string never spans lines.
pub(crate) fn write_quoted(out: &mut impl Write, text: &str, quote: char) -> io::Result<()> {
    let mut buffer = [0; 4];
    let quote_text = quote.encode_utf8(&mut buffer);
    out.write_all(quote_text.as_bytes())?;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let escaped: &str = match c {
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\'' if quote == '\'' => "\\'",
            '"' if quote == '"' => "\\\"",
            c if c.is_control() => {
                out.write_all(&text.as_bytes()[start..i])?;
                write!(out, "\\u{:04X}", c as u32)?;
                start = i + c.len_utf8();
                continue;
            }
            _ => continue,
        };
        out.write_all(&text.as_bytes()[start..i])?;
        out.write_all(escaped.as_bytes())?;
        start = i + c.len_utf8();
    }
    out.write_all(&text.as_bytes()[start..])?;
    out.write_all(quote_text.as_bytes())
}
