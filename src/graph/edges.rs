//! How the graph holds its edges, and [`EdgeRef`], the way it hands one out.
//!
//! The model's [`Edge`] is what a file says, field for field: 240 bytes with every
//! optional qualifier inline, its ends as strings that repeat the nodes' ids, each quote
//! and source id a string of its own. Over a million edges that was most of a loaded
//! graph. The graph keeps instead, per edge, a 16-byte [`EdgeRecord`] in petgraph (its
//! kind, whether it is inferred, where its evidence and qualifiers are); its ends are
//! petgraph's; the qualifiers, which most edges lack, are out of line ([`Details`]);
//! and the evidence is one list of fixed records ([`EvidenceRecord`]) whose quotes are
//! ranges of one string and whose sources are positions among the graph's.
//!
//! Readers see an [`EdgeRef`]: the same fields as methods, read through the graph, and
//! [`EdgeRef::to_edge`] for an owned [`Edge`].

use std::fmt;
use std::ops::Range;

use petgraph::stable_graph::EdgeIndex;

use super::Graph;
use crate::model::{Amount, Dated, Edge, EdgeKind, Evidence, Locator, Node, citation};

/// "None" in a record's `u32` positions.
pub(crate) const NONE: u32 = u32::MAX;

/// An edge as petgraph holds it: its ends are petgraph's, everything else is in the
/// graph's [`Arena`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct EdgeRecord {
    /// Its evidence: `arena.evidence[first_evidence..end_evidence]`.
    pub(crate) first_evidence: u32,
    pub(crate) end_evidence: u32,
    /// Its qualifiers' place in `arena.details`, or [`NONE`] when it has none.
    pub(crate) details: u32,
    pub(crate) kind: EdgeKind,
    pub(crate) inferred: bool,
}

/// The qualifiers of an edge that has any: the model's types, out of line.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Details {
    pub(crate) role: Option<String>,
    pub(crate) since: Option<i32>,
    pub(crate) until: Option<i32>,
    pub(crate) year: Option<i32>,
    pub(crate) date: Option<String>,
    pub(crate) amount: Option<Amount>,
    pub(crate) via: Option<String>,
    pub(crate) notes: Option<String>,
}

/// One piece of evidence: where its quote starts in `arena.quotes` (it ends where the
/// next piece's starts: quotes are kept in the order of the evidence, with nothing
/// between), its source a position among the graph's sources, its locator a place in
/// `arena.locators` or [`NONE`]. Sixteen bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EvidenceRecord {
    pub(crate) quote_start: usize,
    pub(crate) source: u32,
    pub(crate) at: u32,
}

/// Everything of the edges but their records. The snapshot's decoder builds one from
/// its parts, and checks every place in it (`store::snapshot`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Arena {
    pub(crate) details: Vec<Details>,
    pub(crate) evidence: Vec<EvidenceRecord>,
    pub(crate) quotes: String,
    pub(crate) locators: Vec<Locator>,
}

/// A position as a record's `u32`. Petgraph's own indices are `u32`, so a graph holds
/// fewer than 2³² edges; its pieces of evidence, qualifiers and locators (a few per
/// edge at most, in any graph that fits in memory) are counted the same way.
fn position(index: usize) -> u32 {
    u32::try_from(index)
        .ok()
        .filter(|&index| index != NONE)
        .expect("fewer than 2^32 - 1 records, as petgraph's u32 indices")
}

impl Arena {
    /// Room for exactly these edges, so that a load never holds a list twice while it
    /// grows.
    pub(crate) fn reserve<'a>(&mut self, edges: impl Iterator<Item = &'a Edge>) {
        let (mut details, mut evidence, mut quotes, mut locators) = (0, 0, 0, 0);
        for edge in edges {
            details += usize::from(has_details(edge));
            evidence += edge.evidence.len();
            for piece in &edge.evidence {
                quotes += piece.quote.len();
                locators += usize::from(piece.at.is_some());
            }
        }
        self.details.reserve_exact(details);
        self.evidence.reserve_exact(evidence);
        self.quotes.reserve_exact(quotes);
        self.locators.reserve_exact(locators);
    }

    /// Takes an edge's parts into the arena; `source` gives a source id's position
    /// (`None` only in a build that already has problems, whose graph is dropped).
    pub(crate) fn record(
        &mut self,
        edge: Edge,
        source: impl Fn(&str) -> Option<usize>,
    ) -> EdgeRecord {
        let details = if has_details(&edge) {
            self.details.push(Details {
                role: edge.role,
                since: edge.since,
                until: edge.until,
                year: edge.year,
                date: edge.date,
                amount: edge.amount,
                via: edge.via,
                notes: edge.notes,
            });
            position(self.details.len() - 1)
        } else {
            NONE
        };
        let first_evidence = position(self.evidence.len());
        for piece in edge.evidence {
            let at = match piece.at {
                Some(at) => {
                    self.locators.push(at);
                    position(self.locators.len() - 1)
                }
                None => NONE,
            };
            let quote_start = self.quotes.len();
            self.quotes.push_str(&piece.quote);
            self.evidence.push(EvidenceRecord {
                quote_start,
                source: source(&piece.source).map_or(NONE, position),
                at,
            });
        }
        EdgeRecord {
            first_evidence,
            end_evidence: position(self.evidence.len()),
            details,
            kind: edge.kind,
            inferred: edge.inferred,
        }
    }

    /// Gives back the room its lists grew beyond what they hold.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.details.shrink_to_fit();
        self.evidence.shrink_to_fit();
        self.quotes.shrink_to_fit();
        self.locators.shrink_to_fit();
    }

    /// An edge's qualifiers, if it has any.
    pub(crate) fn details(&self, record: &EdgeRecord) -> Option<&Details> {
        self.details.get(record.details as usize)
    }

    /// The places of an edge's evidence in `evidence`.
    pub(crate) fn evidence(&self, record: &EdgeRecord) -> Range<usize> {
        record.first_evidence as usize..record.end_evidence as usize
    }

    /// The quote of the piece of evidence at `piece`.
    pub(crate) fn quote(&self, piece: usize) -> &str {
        let end = self
            .evidence
            .get(piece + 1)
            .map_or(self.quotes.len(), |next| next.quote_start);
        &self.quotes[self.evidence[piece].quote_start..end]
    }
}

fn has_details(edge: &Edge) -> bool {
    edge.role.is_some()
        || edge.since.is_some()
        || edge.until.is_some()
        || edge.year.is_some()
        || edge.date.is_some()
        || edge.amount.is_some()
        || edge.via.is_some()
        || edge.notes.is_some()
}

impl Details {
    fn fill(self, edge: &mut Edge) {
        let Details {
            role,
            since,
            until,
            year,
            date,
            amount,
            via,
            notes,
        } = self;
        (edge.role, edge.since, edge.until, edge.year) = (role, since, until, year);
        (edge.date, edge.amount, edge.via, edge.notes) = (date, amount, via, notes);
    }
}

/// An edge of a [`Graph`], read in place: what the graph's lookups return.
///
/// It answers what the model's [`Edge`] holds, a method per field; [`EdgeRef::to_edge`]
/// gives an owned copy. It is `Copy`, and two are equal when they are the same edge of
/// the same graph.
///
/// ```
/// let graph = agencygraph::Graph::bundled();
/// let edge = graph.edge("UNODC", agencygraph::EdgeKind::SecretariatOf, "ICAT").unwrap();
/// assert_eq!((edge.from(), edge.to()), ("UNODC", "ICAT"));
/// let quote = edge.evidence().next().unwrap();
/// assert!(quote.quote().contains("UNODC"));
/// assert_eq!(edge.to_edge().evidence.len(), edge.evidence().len());
/// ```
#[derive(Clone, Copy)]
pub struct EdgeRef<'g> {
    graph: &'g Graph,
    record: &'g EdgeRecord,
    from: &'g Node,
    to: &'g Node,
}

impl<'g> EdgeRef<'g> {
    /// The edge at `index` of `graph`, if there is one.
    pub(crate) fn at(graph: &'g Graph, index: EdgeIndex) -> Option<EdgeRef<'g>> {
        let record = graph.inner.edge_weight(index)?;
        let (from, to) = graph.inner.edge_endpoints(index)?;
        Some(EdgeRef {
            graph,
            record,
            from: graph.node_at(from),
            to: graph.node_at(to),
        })
    }

    fn details(&self) -> Option<&'g Details> {
        self.graph.arena.details(self.record)
    }

    /// Id of the subject.
    pub fn from(&self) -> &'g str {
        &self.from.id
    }

    /// Id of the object.
    pub fn to(&self) -> &'g str {
        &self.to.id
    }

    /// The subject.
    pub fn from_node(&self) -> &'g Node {
        self.from
    }

    /// The object.
    pub fn to_node(&self) -> &'g Node {
        self.to
    }

    /// The relation.
    pub fn kind(&self) -> EdgeKind {
        self.record.kind
    }

    /// The subject's role, in the source's words ([`Edge::role`]).
    pub fn role(&self) -> Option<&'g str> {
        self.details().and_then(|details| details.role.as_deref())
    }

    /// First year the relation held ([`Edge::since`]).
    pub fn since(&self) -> Option<i32> {
        self.details().and_then(|details| details.since)
    }

    /// Last year the relation held ([`Edge::until`]).
    pub fn until(&self) -> Option<i32> {
        self.details().and_then(|details| details.until)
    }

    /// The one year the relation is reported for ([`Edge::year`]).
    pub fn year(&self) -> Option<i32> {
        self.details().and_then(|details| details.year)
    }

    /// A date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` ([`Edge::date`]).
    pub fn date(&self) -> Option<&'g str> {
        self.details().and_then(|details| details.date.as_deref())
    }

    /// Money involved ([`Edge::amount`]).
    pub fn amount(&self) -> Option<&'g Amount> {
        self.details().and_then(|details| details.amount.as_ref())
    }

    /// Id of the node through which the relation runs ([`Edge::via`]).
    pub fn via(&self) -> Option<&'g str> {
        self.details().and_then(|details| details.via.as_deref())
    }

    /// Whether the source only implies the relation ([`Edge::inferred`]).
    pub fn inferred(&self) -> bool {
        self.record.inferred
    }

    /// Curator's notes ([`Edge::notes`]).
    pub fn notes(&self) -> Option<&'g str> {
        self.details().and_then(|details| details.notes.as_deref())
    }

    /// The quotes that back the relation, in file order.
    pub fn evidence(&self) -> EvidenceList<'g> {
        EvidenceList {
            graph: self.graph,
            pieces: self.graph.arena.evidence(self.record),
        }
    }

    /// The relation as `(subject, kind, object)`, as [`Edge::relation`] gives it.
    pub fn relation(&self) -> (&'g str, EdgeKind, &'g str) {
        crate::model::relation(self.from(), self.kind(), self.to())
    }

    /// The relation in words, as [`Edge::statement`] gives it.
    pub fn statement(&self) -> String {
        format!("{} {} {}", self.from(), self.kind().label(), self.to())
    }

    /// The edge as the model holds it: what a file would say.
    pub fn to_edge(&self) -> Edge {
        let mut edge = Edge::new(self.from(), self.kind(), self.to());
        edge.inferred = self.inferred();
        if let Some(details) = self.details() {
            details.clone().fill(&mut edge);
        }
        edge.evidence = self.evidence().map(|piece| piece.to_evidence()).collect();
        edge
    }
}

impl Dated for EdgeRef<'_> {
    fn since(&self) -> Option<i32> {
        EdgeRef::since(self)
    }

    fn until(&self) -> Option<i32> {
        EdgeRef::until(self)
    }

    fn year(&self) -> Option<i32> {
        EdgeRef::year(self)
    }

    fn date(&self) -> Option<&str> {
        EdgeRef::date(self)
    }
}

impl PartialEq for EdgeRef<'_> {
    fn eq(&self, other: &EdgeRef<'_>) -> bool {
        std::ptr::eq(self.record, other.record)
    }
}

impl Eq for EdgeRef<'_> {}

/// An edge of the graph equals a model edge that says the same, field for field.
impl PartialEq<Edge> for EdgeRef<'_> {
    fn eq(&self, other: &Edge) -> bool {
        self.to_edge() == *other
    }
}

impl fmt::Debug for EdgeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_edge().fmt(f)
    }
}

/// The evidence of an [`EdgeRef`], a piece at a time.
#[derive(Clone)]
pub struct EvidenceList<'g> {
    graph: &'g Graph,
    /// Places in the arena's evidence.
    pieces: Range<usize>,
}

impl<'g> EvidenceList<'g> {
    fn piece(&self, place: usize) -> EvidenceRef<'g> {
        EvidenceRef {
            graph: self.graph,
            place,
        }
    }
}

impl<'g> Iterator for EvidenceList<'g> {
    type Item = EvidenceRef<'g>;

    fn next(&mut self) -> Option<EvidenceRef<'g>> {
        let place = self.pieces.next()?;
        Some(self.piece(place))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.pieces.size_hint()
    }
}

impl DoubleEndedIterator for EvidenceList<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let place = self.pieces.next_back()?;
        Some(self.piece(place))
    }
}

impl ExactSizeIterator for EvidenceList<'_> {}

/// A piece of evidence of an [`EdgeRef`], read in place.
#[derive(Clone, Copy)]
pub struct EvidenceRef<'g> {
    graph: &'g Graph,
    /// Its place in the arena's evidence.
    place: usize,
}

impl<'g> EvidenceRef<'g> {
    fn record(&self) -> &'g EvidenceRecord {
        &self.graph.arena.evidence[self.place]
    }

    /// Id of the source ([`Evidence::source`]).
    pub fn source(&self) -> &'g str {
        self.graph
            .sources
            .get(self.record().source as usize)
            .map_or("", |source| &source.id)
    }

    /// The words of the source ([`Evidence::quote`]).
    pub fn quote(&self) -> &'g str {
        self.graph.arena.quote(self.place)
    }

    /// Where the quote is in the source's text ([`Evidence::at`]).
    pub fn at(&self) -> Option<Locator> {
        self.graph
            .arena
            .locators
            .get(self.record().at as usize)
            .copied()
    }

    /// Where to find the quote, as [`Evidence::citation`] gives it.
    pub fn citation(&self) -> String {
        citation(self.source(), self.at())
    }

    /// The evidence as the model holds it.
    pub fn to_evidence(&self) -> Evidence {
        Evidence {
            source: self.source().to_string(),
            quote: self.quote().to_string(),
            at: self.at(),
        }
    }
}

impl fmt::Debug for EvidenceRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_evidence().fmt(f)
    }
}
