//! The rules a graph must satisfy, checked item by item as it is built: the rules on one
//! item alone (`check_*`), then the rules against what the graph already holds. Adding a
//! rule is a change to this file only.
//!
//! The rules know nothing of files: a [`Problem`] names the item ([`Item`]) and the
//! field ([`Field`]) it is about, and the storage layer turns that into `file:line:column`.

use std::fmt;

use serde::Serialize;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::Graph;
use crate::model::{Edge, Node, NodeKind, Source};
use crate::resolve::Candidate;

/// One item of a data set: the `n`th source, node or edge in the order given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "section", content = "index", rename_all = "kebab-case")]
pub enum Item {
    /// The `n`th source.
    Source(usize),
    /// The `n`th node.
    Node(usize),
    /// The `n`th edge.
    Edge(usize),
}

/// The field of an item a problem is about: `aliases[2]`, `evidence[0].quote`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The field's name in the RON file.
    pub name: &'static str,
    /// The position in a list field.
    pub index: Option<usize>,
    /// The field inside that list entry.
    pub inner: Option<&'static str>,
}

impl Field {
    /// A plain field.
    pub const fn named(name: &'static str) -> Field {
        Field {
            name,
            index: None,
            inner: None,
        }
    }

    const fn at(name: &'static str, index: usize) -> Field {
        Field {
            name,
            index: Some(index),
            inner: None,
        }
    }

    const fn within(name: &'static str, index: usize, inner: &'static str) -> Field {
        Field {
            name,
            index: Some(index),
            inner: Some(inner),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)?;
        if let Some(index) = self.index {
            write!(f, "[{index}]")?;
        }
        if let Some(inner) = self.inner {
            write!(f, ".{inner}")?;
        }
        Ok(())
    }
}

/// A broken rule: what was found, where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The item at fault.
    pub item: Item,
    /// The field at fault, when one is.
    pub field: Option<Field>,
    /// What is wrong, quoting what was found.
    pub message: String,
    /// What would have been right.
    pub expected: Option<String>,
    /// A suggestion, such as "did you mean `ICAT`?".
    pub hint: Option<String>,
    /// Another item involved, such as the first definition of a duplicate id.
    pub related: Option<Item>,
}

impl Problem {
    pub(crate) fn new(item: Item, field: Option<Field>, message: impl Into<String>) -> Problem {
        Problem {
            item,
            field,
            message: message.into(),
            expected: None,
            hint: None,
            related: None,
        }
    }

    pub(crate) fn expected(mut self, expected: impl Into<String>) -> Problem {
        self.expected = Some(expected.into());
        self
    }

    pub(crate) fn hint(mut self, hint: Option<String>) -> Problem {
        self.hint = hint;
        self
    }

    pub(crate) fn related(mut self, related: Option<Item>) -> Problem {
        self.related = related;
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (section, index) = match self.item {
            Item::Source(i) => ("source", i),
            Item::Node(i) => ("node", i),
            Item::Edge(i) => ("edge", i),
        };
        write!(f, "{section} {index}")?;
        if let Some(field) = self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, "; expected {expected}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// The most words an evidence quote may have: a quote backs one statement, it does not
/// reproduce the source.
pub const MAX_QUOTE_WORDS: usize = 50;

/// Whether `id` is UPPER-KEBAB: `A-Z`/`0-9` words joined by single dashes.
pub fn is_node_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

/// The UPPER-KEBAB form closest to `text`, offered as a hint for a bad id.
pub fn suggest_node_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_uppercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

fn is_source_id(id: &str) -> bool {
    !id.is_empty() && !id.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real day from year 1: the grammar
/// [`dates::span_of`](crate::dates::span_of) reads, less year 0.
fn is_date(date: &str) -> bool {
    crate::dates::span_of(date).is_some_and(|(first, _)| first.year() >= 1)
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// Rules on a source alone.
pub(crate) fn check_source(item: Item, source: &Source, problems: &mut Vec<Problem>) {
    if !is_source_id(&source.id) {
        problems.push(
            Problem::new(
                item,
                Some(Field::named("id")),
                "source id is empty or has spaces",
            )
            .expected("a short key such as `un-report-2019`"),
        );
    }
    if blank(&source.title) {
        problems.push(
            Problem::new(item, Some(Field::named("title")), "empty title")
                .expected("the document's title"),
        );
    }
}

/// Rules on a node alone (not against the rest of the graph).
pub(crate) fn check_node(item: Item, node: &Node, problems: &mut Vec<Problem>) {
    if !is_node_id(&node.id) {
        let suggestion = suggest_node_id(&node.id);
        problems.push(
            Problem::new(
                item,
                Some(Field::named("id")),
                format!("`{}` is not an UPPER-KEBAB id", node.id),
            )
            .expected("capital letters and digits joined by dashes, such as `UN-WOMEN`")
            .hint((!suggestion.is_empty()).then(|| format!("try `{suggestion}`"))),
        );
    }
    if blank(&node.name) {
        problems.push(
            Problem::new(item, Some(Field::named("name")), "empty name")
                .expected("the entity's full name"),
        );
    }
    for (i, alias) in node.aliases.iter().enumerate() {
        if crate::resolve::normalize(alias).is_empty() {
            problems.push(
                Problem::new(item, Some(Field::at("aliases", i)), "empty alias")
                    .expected("a name with at least one letter or digit"),
            );
        }
    }
    check_optional_text(
        item,
        [
            ("description", &node.description),
            ("url", &node.url),
            ("notes", &node.notes),
        ],
        problems,
    );
}

/// An optional text field is absent or has words: `notes: ""` is a mistake.
fn check_optional_text<const N: usize>(
    item: Item,
    fields: [(&'static str, &Option<String>); N],
    problems: &mut Vec<Problem>,
) {
    for (field, value) in fields {
        if value.as_deref().is_some_and(blank) {
            problems.push(
                Problem::new(item, Some(Field::named(field)), format!("empty {field}"))
                    .expected("text, or no field at all"),
            );
        }
    }
}

/// Rules on an edge alone (not against the rest of the graph).
pub(crate) fn check_edge(item: Item, edge: &Edge, problems: &mut Vec<Problem>) {
    if edge.from == edge.to {
        problems.push(
            Problem::new(
                item,
                Some(Field::named("to")),
                format!("`{}` is related to itself", edge.from),
            )
            .expected("a relation between two different entities"),
        );
    }
    if edge.evidence.is_empty() {
        problems.push(
            Problem::new(item, Some(Field::named("evidence")), "no evidence")
                .expected("at least one `(source: \"...\", quote: \"...\")`"),
        );
    }
    for (i, evidence) in edge.evidence.iter().enumerate() {
        if blank(&evidence.quote) {
            problems.push(
                Problem::new(
                    item,
                    Some(Field::within("evidence", i, "quote")),
                    "empty quote",
                )
                .expected("the source's words that state the relation"),
            );
        }
        let words = evidence.quote.split_whitespace().count();
        if words > MAX_QUOTE_WORDS {
            problems.push(
                Problem::new(
                    item,
                    Some(Field::within("evidence", i, "quote")),
                    format!("the quote has {words} words"),
                )
                .expected(format!("at most {MAX_QUOTE_WORDS} words"))
                .hint(Some("quote the clause that states the relation".into())),
            );
        }
    }
    check_optional_text(
        item,
        [
            ("role", &edge.role),
            ("notes", &edge.notes),
            ("via", &edge.via),
        ],
        problems,
    );
    if let Some(date) = &edge.date
        && !is_date(date)
    {
        problems.push(
            Problem::new(
                item,
                Some(Field::named("date")),
                format!("`{date}` is not a date"),
            )
            .expected("`YYYY`, `YYYY-MM` or `YYYY-MM-DD`"),
        );
    }
    if let (Some(since), Some(until)) = (edge.since, edge.until)
        && since > until
    {
        problems.push(
            Problem::new(
                item,
                Some(Field::named("until")),
                format!("`until: {until}` is before `since: {since}`"),
            )
            .expected(format!("a year from {since} on")),
        );
    }
    if let Some(amount) = &edge.amount
        && (amount.currency.len() != 3 || !amount.currency.bytes().all(|b| b.is_ascii_uppercase()))
    {
        problems.push(
            Problem::new(
                item,
                Some(Field::named("amount")),
                format!("`{}` is not a currency code", amount.currency),
            )
            .expected("a three-letter ISO 4217 code such as `USD`"),
        );
    }
}

/// The field of an evidence entry's source.
pub(crate) fn evidence_source(index: usize) -> Field {
    Field::within("evidence", index, "source")
}

/// The field of a node's `index`th name: 0 is the id, 1 the name, then the aliases.
pub(crate) fn name_field(index: usize) -> Field {
    match index {
        0 => Field::named("id"),
        1 => Field::named("name"),
        i => Field::at("aliases", i - 2),
    }
}

/// "did you mean `A` or `B`?" from a list of candidates, if there are any.
fn did_you_mean(candidates: &[Candidate]) -> Option<String> {
    let ids: Vec<String> = candidates.iter().map(|c| format!("`{}`", c.id)).collect();
    match ids.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

fn kinds_list(kinds: Option<&[NodeKind]>) -> String {
    match kinds {
        None => "any kind".to_string(),
        Some(kinds) => kinds
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The rules that look at the rest of the graph: duplicates, names that collide, unknown
/// ids and sources, and the kinds an edge may join.
///
/// `origin` maps an existing item to where it came from, so that a duplicate can point
/// at the first definition; it answers `None` for items added one by one.
impl Graph {
    pub(super) fn source_problems(
        &self,
        item: Item,
        source: &Source,
        origin: impl Fn(usize) -> Option<Item>,
    ) -> Vec<Problem> {
        let mut problems = Vec::new();
        check_source(item, source, &mut problems);
        if let Some(&existing) = self.source_ids.get(&source.id) {
            problems.push(
                Problem::new(
                    item,
                    Some(Field::named("id")),
                    format!("source `{}` is defined twice", source.id),
                )
                .expected("each source id once")
                .related(origin(existing)),
            );
        }
        problems
    }

    pub(super) fn node_problems(
        &self,
        item: Item,
        node: &Node,
        origin: impl Fn(NodeIndex) -> Option<Item>,
    ) -> Vec<Problem> {
        let mut problems = Vec::new();
        check_node(item, node, &mut problems);
        if let Some(existing) = self.node_index(&node.id) {
            problems.push(
                Problem::new(
                    item,
                    Some(Field::named("id")),
                    format!("node `{}` is defined twice", node.id),
                )
                .expected("each node id once")
                .hint(Some("merge the two entries into one".into()))
                .related(origin(existing)),
            );
            return problems;
        }
        for (i, name) in node.names().enumerate() {
            let Some(other) = self.node_named(name) else {
                continue;
            };
            let other_node = self.node_at(other);
            problems.push(
                Problem::new(
                    item,
                    Some(name_field(i)),
                    format!(
                        "`{name}` also names `{}` ({})",
                        other_node.id, other_node.name
                    ),
                )
                .expected("names that resolve to one entity, ignoring case, spaces and punctuation")
                .hint(Some(format!(
                    "if both are one entity, merge them; otherwise drop `{name}` from one"
                )))
                .related(origin(other)),
            );
        }
        problems
    }

    /// `suggest`: whether an unknown node gets "did you mean" (each suggestion compares
    /// with every name, so a build with many problems suggests for its first ones only).
    /// With the problems come the edge's ends, when both are in the graph.
    pub(super) fn edge_problems(
        &self,
        item: Item,
        edge: &Edge,
        suggest: bool,
        origin: impl Fn(EdgeIndex) -> Option<Item>,
    ) -> (Vec<Problem>, Option<(NodeIndex, NodeIndex)>) {
        let mut problems = Vec::new();
        check_edge(item, edge, &mut problems);
        let mut end = |field: &'static str, id: &str| -> Option<NodeIndex> {
            let found = self.node_index(id);
            if found.is_none() {
                let hint = match self.node_named(id) {
                    Some(named) => Some(format!(
                        "`{id}` is a name of `{}`; edges name nodes by id",
                        self.node_at(named).id
                    )),
                    None if suggest => did_you_mean(&self.suggest(id)),
                    None => None,
                };
                problems.push(
                    Problem::new(
                        item,
                        Some(Field::named(field)),
                        format!("unknown node `{id}`"),
                    )
                    .expected("the id of a node")
                    .hint(hint),
                );
            }
            found
        };
        let from = end("from", &edge.from);
        let to = end("to", &edge.to);
        if let Some(via) = &edge.via {
            end("via", via);
        }
        if let (Some(from), Some(to)) = (from, to) {
            if !edge
                .kind
                .allows(self.kind_of[from.index()], self.kind_of[to.index()])
            {
                let (subject, object) = (self.node_at(from), self.node_at(to));
                problems.push(
                    Problem::new(
                        item,
                        Some(Field::named("kind")),
                        format!(
                            "`{}` cannot run from {} `{}` to {} `{}`",
                            edge.kind.variant(),
                            subject.kind.label(),
                            subject.id,
                            object.kind.label(),
                            object.id
                        ),
                    )
                    .expected(format!(
                        "a subject of kind {} and an object of kind {}",
                        kinds_list(edge.kind.subject_kinds()),
                        kinds_list(edge.kind.object_kinds())
                    )),
                );
            }
            if let Some(existing) = self.find_relation(from, edge.kind, to) {
                problems.push(
                    Problem::new(
                        item,
                        None,
                        format!("`{}` is stated twice", edge.statement()),
                    )
                    .expected("one edge per relation, with all its evidence")
                    .hint(Some("move this evidence into the first edge".into()))
                    .related(origin(existing)),
                );
            }
        }
        for (i, evidence) in edge.evidence.iter().enumerate() {
            if self.source_ids.contains_key(&evidence.source) {
                continue;
            }
            let closest = self
                .sources
                .iter()
                .map(|s| (strsim::jaro_winkler(&s.id, &evidence.source), &s.id))
                .filter(|(score, _)| *score > 0.7)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            problems.push(
                Problem::new(
                    item,
                    Some(evidence_source(i)),
                    format!("unknown source `{}`", evidence.source),
                )
                .expected("the id of a source in a `sources` list")
                .hint(closest.map(|(_, id)| format!("did you mean `{id}`?"))),
            );
        }
        (problems, from.zip(to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EdgeKind, NodeKind};

    fn problems_of_edge(edge: &Edge) -> Vec<String> {
        let mut problems = Vec::new();
        check_edge(Item::Edge(0), edge, &mut problems);
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn node_ids_are_upper_kebab() {
        for good in ["UNODC", "UN-ACTION", "CSW63", "TWG-GEEW"] {
            assert!(is_node_id(good), "{good}");
        }
        for bad in [
            "",
            "unodc",
            "UN ACTION",
            "UN--ACTION",
            "-UN",
            "UN-",
            "ÉCOLE",
        ] {
            assert!(!is_node_id(bad), "{bad}");
        }
        assert_eq!(suggest_node_id("un action (2)"), "UN-ACTION-2");
    }

    #[test]
    fn node_rules() {
        let mut node = Node::new("un women", NodeKind::UnEntity, " ").alias("—");
        node.url = Some(String::new());
        let mut problems = Vec::new();
        check_node(Item::Node(4), &node, &mut problems);
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "node 4, field `id`: `un women` is not an UPPER-KEBAB id; expected capital letters and digits joined by dashes, such as `UN-WOMEN` (try `UN-WOMEN`)",
                "node 4, field `name`: empty name; expected the entity's full name",
                "node 4, field `aliases[0]`: empty alias; expected a name with at least one letter or digit",
                "node 4, field `url`: empty url; expected text, or no field at all",
            ]
        );
    }

    #[test]
    fn edge_rules() {
        let mut edge = Edge::new("A", EdgeKind::Funds, "A").evidence("s", "  ");
        edge.date = Some("2019-13".into());
        edge.since = Some(2020);
        edge.until = Some(2019);
        let text = problems_of_edge(&edge);
        assert_eq!(
            text,
            [
                "edge 0, field `to`: `A` is related to itself; expected a relation between two different entities",
                "edge 0, field `evidence[0].quote`: empty quote; expected the source's words that state the relation",
                "edge 0, field `date`: `2019-13` is not a date; expected `YYYY`, `YYYY-MM` or `YYYY-MM-DD`",
                "edge 0, field `until`: `until: 2019` is before `since: 2020`; expected a year from 2020 on",
            ]
        );
        let long = vec!["word"; MAX_QUOTE_WORDS + 1].join(" ");
        let text = problems_of_edge(&Edge::new("A", EdgeKind::Funds, "B").evidence("s", long));
        assert!(text[0].contains("the quote has 51 words"), "{text:?}");
        assert!(problems_of_edge(&Edge::new("A", EdgeKind::Funds, "B"))[0].contains("no evidence"));
    }

    #[test]
    fn dates() {
        for good in ["2019", "2019-03", "2018-11-23", "2020-02-29", "2000-02-29"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "19",
            "2019-3",
            "2019-00",
            "2019-03-32",
            "2019-02-30",
            "2019-02-29",
            "1900-02-29",
            "2019-04-31",
            "March 2019",
            "2019-03-01-01",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
