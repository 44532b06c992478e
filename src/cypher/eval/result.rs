//! Result values: what a query hands back, with nodes and relationships read out of
//! the graph, ready to print or serialize.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::super::graph::PropertyGraph;
use super::super::print::{schema_name, string_literal};
use super::super::temporal::Temporal;
use super::super::value::{NodeId, RelId, Value};
use super::functions::format_float;

/// A value in a query result. Serialized as JSON scalars, arrays and objects, with
/// nodes, relationships and paths as objects carrying a `"kind"` field (`"node"`,
/// `"relationship"`, `"path"`).
#[derive(Debug, Clone, PartialEq)]
pub enum ResultValue {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean(bool),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A string.
    String(String),
    /// A list.
    List(Vec<ResultValue>),
    /// A map, sorted by key.
    Map(BTreeMap<String, ResultValue>),
    /// A node with its labels and properties.
    Node {
        /// The graph's number for the node.
        id: u64,
        /// Its labels.
        labels: Vec<String>,
        /// Its properties.
        properties: BTreeMap<String, ResultValue>,
    },
    /// A relationship with its type, ends and properties.
    Relationship {
        /// The graph's number for the relationship.
        id: u64,
        /// Its type.
        r#type: String,
        /// The number of the node it starts at.
        start: u64,
        /// The number of the node it ends at.
        end: u64,
        /// Its properties.
        properties: BTreeMap<String, ResultValue>,
    },
    /// A date, time, datetime or duration; serialized as its text
    /// (`"2019-06-30"`, `"P1M"`).
    Temporal(Temporal),
    /// A path: its nodes and the relationships between them (each a
    /// [`ResultValue::Node`] or [`ResultValue::Relationship`]).
    Path {
        /// The nodes, from the start of the path.
        nodes: Vec<ResultValue>,
        /// The relationships, `relationships[i]` joining `nodes[i]` and `nodes[i + 1]`.
        relationships: Vec<ResultValue>,
    },
}

fn properties(map: BTreeMap<String, Value>) -> BTreeMap<String, ResultValue> {
    map.into_iter()
        .map(|(key, value)| (key, ResultValue::plain(value)))
        .collect()
}

impl ResultValue {
    /// Reads a value out of `graph`: nodes and relationships get their labels, type,
    /// ends and properties.
    pub(crate) fn from_value<G: PropertyGraph + ?Sized>(graph: &G, value: Value) -> ResultValue {
        match value {
            Value::Node(id) => node(graph, id),
            Value::Relationship(id) => relationship(graph, id),
            Value::Path(path) => ResultValue::Path {
                nodes: path.nodes.into_iter().map(|id| node(graph, id)).collect(),
                relationships: path
                    .relationships
                    .into_iter()
                    .map(|id| relationship(graph, id))
                    .collect(),
            },
            Value::List(items) => ResultValue::List(
                items
                    .into_iter()
                    .map(|item| ResultValue::from_value(graph, item))
                    .collect(),
            ),
            Value::Map(map) => ResultValue::Map(
                map.into_iter()
                    .map(|(key, item)| (key, ResultValue::from_value(graph, item)))
                    .collect(),
            ),
            other => ResultValue::plain(other),
        }
    }

    /// A value that holds no graph elements (properties never do).
    fn plain(value: Value) -> ResultValue {
        match value {
            Value::Null | Value::Node(_) | Value::Relationship(_) | Value::Path(_) => {
                ResultValue::Null
            }
            Value::Boolean(b) => ResultValue::Boolean(b),
            Value::Integer(i) => ResultValue::Integer(i),
            Value::Float(f) => ResultValue::Float(f),
            Value::String(s) => ResultValue::String(s),
            Value::List(items) => {
                ResultValue::List(items.into_iter().map(ResultValue::plain).collect())
            }
            Value::Map(map) => ResultValue::Map(properties(map)),
            Value::Temporal(t) => ResultValue::Temporal(*t),
        }
    }
}

fn node<G: PropertyGraph + ?Sized>(graph: &G, id: NodeId) -> ResultValue {
    ResultValue::Node {
        id: id.0,
        labels: graph.labels(id),
        properties: properties(graph.node_properties(id)),
    }
}

fn relationship<G: PropertyGraph + ?Sized>(graph: &G, id: RelId) -> ResultValue {
    let (start, end) = graph.endpoints(id);
    ResultValue::Relationship {
        id: id.0,
        r#type: graph.relationship_type(id),
        start: start.0,
        end: end.0,
        properties: properties(graph.relationship_properties(id)),
    }
}

impl Serialize for ResultValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ResultValue::Null => serializer.serialize_unit(),
            ResultValue::Boolean(b) => serializer.serialize_bool(*b),
            ResultValue::Integer(i) => serializer.serialize_i64(*i),
            ResultValue::Float(f) => serializer.serialize_f64(*f),
            ResultValue::String(s) => serializer.serialize_str(s),
            ResultValue::Temporal(t) => serializer.collect_str(t),
            ResultValue::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            ResultValue::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            ResultValue::Node {
                id,
                labels,
                properties,
            } => {
                let mut map = serializer.serialize_map(Some(4))?;
                map.serialize_entry("kind", "node")?;
                map.serialize_entry("id", id)?;
                map.serialize_entry("labels", labels)?;
                map.serialize_entry("properties", properties)?;
                map.end()
            }
            ResultValue::Relationship {
                id,
                r#type,
                start,
                end,
                properties,
            } => {
                let mut map = serializer.serialize_map(Some(6))?;
                map.serialize_entry("kind", "relationship")?;
                map.serialize_entry("id", id)?;
                map.serialize_entry("type", r#type)?;
                map.serialize_entry("start", start)?;
                map.serialize_entry("end", end)?;
                map.serialize_entry("properties", properties)?;
                map.end()
            }
            ResultValue::Path {
                nodes,
                relationships,
            } => {
                let mut map = serializer.serialize_map(Some(3))?;
                map.serialize_entry("kind", "path")?;
                map.serialize_entry("nodes", nodes)?;
                map.serialize_entry("relationships", relationships)?;
                map.end()
            }
        }
    }
}

/// How many properties a node or relationship shows in a table cell.
const SHOWN_PROPERTIES: usize = 3;
/// How many characters of a string property a table cell shows.
const SHOWN_CHARACTERS: usize = 40;

/// Compact Cypher-like text for tables: strings bare at the top level and quoted
/// inside lists and maps; nodes as `(:Label {id: 'X'})`, showing only `id` when there
/// is one and otherwise a few properties; relationships as `[:TYPE {...}]`; paths as
/// `(a)-[:T]->(b)`.
impl fmt::Display for ResultValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResultValue::String(s) => f.write_str(s),
            other => f.write_str(&nested(other)),
        }
    }
}

/// The text of a value inside a list or map (strings quoted).
fn nested(value: &ResultValue) -> String {
    match value {
        ResultValue::Null => "null".to_string(),
        ResultValue::Boolean(b) => b.to_string(),
        ResultValue::Integer(i) => i.to_string(),
        ResultValue::Float(x) => format_float(*x),
        ResultValue::String(s) => string_literal(s),
        ResultValue::Temporal(t) => t.to_string(),
        ResultValue::List(items) => {
            let inner: Vec<String> = items.iter().map(nested).collect();
            format!("[{}]", inner.join(", "))
        }
        ResultValue::Map(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(key, value)| format!("{}: {}", schema_name(key), nested(value)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        ResultValue::Node {
            labels, properties, ..
        } => node_text(labels, properties),
        ResultValue::Relationship {
            r#type, properties, ..
        } => format!(
            "[:{}{}]",
            schema_name(r#type),
            abbreviated(properties, false)
        ),
        ResultValue::Path {
            nodes,
            relationships,
        } => path_text(nodes, relationships),
    }
}

fn node_text(labels: &[String], properties: &BTreeMap<String, ResultValue>) -> String {
    let mut text = String::from("(");
    for label in labels {
        let _ = write!(text, ":{}", schema_name(label));
    }
    text.push_str(&abbreviated(properties, true));
    text.push(')');
    text
}

fn path_text(nodes: &[ResultValue], relationships: &[ResultValue]) -> String {
    let mut text = String::new();
    let mut previous: Option<u64> = None;
    for (i, node) in nodes.iter().enumerate() {
        if i > 0
            && let Some(rel @ ResultValue::Relationship { start, .. }) = relationships.get(i - 1)
        {
            // Arrows follow the relationship, whichever way the path walks it.
            let forwards = Some(*start) == previous;
            let (left, right) = if forwards { ("-", "->") } else { ("<-", "-") };
            let _ = write!(text, "{left}{}{right}", nested(rel));
        }
        text.push_str(&nested(node));
        if let ResultValue::Node { id, .. } = node {
            previous = Some(*id);
        }
    }
    text
}

/// ` {k: v, ...}` with a few short properties; for nodes only `id` when it has one.
fn abbreviated(properties: &BTreeMap<String, ResultValue>, prefer_id: bool) -> String {
    if properties.is_empty() {
        return String::new();
    }
    let shown: Vec<(&String, &ResultValue)> = match properties.get_key_value("id") {
        Some(id) if prefer_id => vec![id],
        _ => properties
            .iter()
            .filter(|(_, value)| !matches!(value, ResultValue::List(_) | ResultValue::Map(_)))
            .take(SHOWN_PROPERTIES)
            .collect(),
    };
    let mut parts: Vec<String> = shown
        .iter()
        .map(|(key, value)| {
            let value = match value {
                ResultValue::String(s) if s.chars().count() > SHOWN_CHARACTERS => {
                    let cut: String = s.chars().take(SHOWN_CHARACTERS).collect();
                    string_literal(&format!("{cut}…"))
                }
                other => nested(other),
            };
            format!("{}: {value}", schema_name(key))
        })
        .collect();
    if shown.len() < properties.len() {
        parts.push("…".to_string());
    }
    format!(" {{{}}}", parts.join(", "))
}
