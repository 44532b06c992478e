//! The JSON shapes of nodes, edges and sources, for scripts and web pages.
//!
//! Kinds are written by their kebab-case names (`"un-entity"`, `"secretariat-of"`), not
//! the RON variant names, and absent optional fields are left out. These shapes are
//! stable: fields may be added, never renamed or removed.
//!
//! - node: `{"id", "kind", "name", "aliases": [..], "description"?, "established"?,
//!   "url"?, "notes"?}`
//! - edge: `{"from", "kind", "to", "role"?, "since"?, "until"?, "year"?, "date"?,
//!   "amount"?: {"value", "currency", "bound"?}, "via"?, "inferred", "notes"?,
//!   "evidence": [{"source", "quote", "at"?}]}` (`at`: the quote's locator, `"14:5-88"`)
//! - source: `{"id", "title", "publisher"?, "year"?, "locator"?, "file"?, "notes"?}`
//!
//! ```
//! use agencygraph::{json, Graph};
//!
//! let graph = Graph::bundled();
//! let edge = graph.edge("UNODC", agencygraph::EdgeKind::SecretariatOf, "ICAT").unwrap();
//! let text = serde_json::to_string(&json::EdgeJson::from(edge)).unwrap();
//! assert!(text.starts_with(r#"{"from":"UNODC","kind":"secretariat-of","to":"ICAT""#));
//! ```

use serde::Serialize;

use crate::model::{Amount, Bound, Edge, Evidence, Node, Source};

/// A node as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct NodeJson<'a> {
    /// The id.
    pub id: &'a str,
    /// The kind's kebab-case name.
    pub kind: &'static str,
    /// The full name.
    pub name: &'a str,
    /// Other names (always present, possibly empty).
    pub aliases: &'a [String],
    /// What the entity is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    /// Year established.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub established: Option<i32>,
    /// Web address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// Curator's notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<&'a str>,
}

impl<'a> From<&'a Node> for NodeJson<'a> {
    fn from(node: &'a Node) -> Self {
        NodeJson {
            id: &node.id,
            kind: node.kind.name(),
            name: &node.name,
            aliases: &node.aliases,
            description: node.description.as_deref(),
            established: node.established,
            url: node.url.as_deref(),
            notes: node.notes.as_deref(),
        }
    }
}

/// An edge as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeJson<'a> {
    /// The subject's id.
    pub from: &'a str,
    /// The kind's kebab-case name.
    pub kind: &'static str,
    /// The object's id.
    pub to: &'a str,
    /// The subject's role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'a str>,
    /// First year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<i32>,
    /// Last year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<i32>,
    /// The one year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// A date, `YYYY[-MM[-DD]]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
    /// Money involved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountJson<'a>>,
    /// The node the relation runs through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<&'a str>,
    /// Whether the source only implies the relation (always present).
    pub inferred: bool,
    /// Curator's notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<&'a str>,
    /// The supporting quotes.
    pub evidence: &'a [Evidence],
}

impl<'a> From<&'a Edge> for EdgeJson<'a> {
    fn from(edge: &'a Edge) -> Self {
        EdgeJson {
            from: &edge.from,
            kind: edge.kind.name(),
            to: &edge.to,
            role: edge.role.as_deref(),
            since: edge.since,
            until: edge.until,
            year: edge.year,
            date: edge.date.as_deref(),
            amount: edge.amount.as_ref().map(AmountJson::from),
            via: edge.via.as_deref(),
            inferred: edge.inferred,
            notes: edge.notes.as_deref(),
            evidence: &edge.evidence,
        }
    }
}

/// An amount as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct AmountJson<'a> {
    /// The sum.
    pub value: u64,
    /// ISO 4217 code.
    pub currency: &'a str,
    /// `"over"`, `"under"` or `"about"`; absent when exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<&'static str>,
}

impl<'a> From<&'a Amount> for AmountJson<'a> {
    fn from(amount: &'a Amount) -> Self {
        AmountJson {
            value: amount.value,
            currency: &amount.currency,
            bound: match amount.bound {
                Bound::Exact => None,
                Bound::Over => Some("over"),
                Bound::Under => Some("under"),
                Bound::About => Some("about"),
            },
        }
    }
}

/// A source as JSON: the same fields as [`Source`].
pub type SourceJson<'a> = &'a Source;
