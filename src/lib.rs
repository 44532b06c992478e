//! agencygraph: a graph database of which organisations chair, coordinate, fund, belong
//! to or co-organise which inter-agency mechanisms.
//!
//! Entities (UN agencies, offices, mechanisms, funds, campaigns, events, member states)
//! are [`Node`]s; typed relations between them ([`EdgeKind::Chairs`],
//! [`EdgeKind::MemberOf`], [`EdgeKind::Funds`], ...) are [`Edge`]s, each backed by
//! [`Evidence`] quoted from a [`Source`] document. A data set ships with the crate: the
//! relations stated in a UN report on inter-agency mechanisms against violence against
//! women. A [`Graph`] keeps its edges compactly and hands each out as an [`EdgeRef`]
//! (the same fields, read in place; `to_edge()` for an owned [`Edge`]).
//!
//! ```
//! use agencygraph::{EdgeKind, Graph};
//!
//! let graph = Graph::bundled();
//! let icat = graph.resolve("Inter-Agency Coordination Group on Trafficking in Persons")?;
//! for relation in graph.relations(&icat.id) {
//!     println!("{}", relation.phrase()); // "ICAT ← has secretariat — UNODC", ...
//! }
//! assert!(graph.edge("UNODC", EdgeKind::SecretariatOf, "ICAT").is_some());
//! # Ok::<(), agencygraph::ResolveError>(())
//! ```
//!
//! The modules follow the flow of data: [`model`] defines the types, [`store`] reads
//! them from RON files, [`graph`] validates and indexes them, and [`resolve`] turns what
//! people type into nodes. The command-line program (`src/main.rs`, feature `cli`) is
//! the first user of this API and uses nothing else.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod analysis;
pub mod cypher;
pub mod dates;
pub mod diff;
pub mod export;
pub mod extract;
pub mod graph;
pub mod import;
pub mod json;
pub mod layout;
pub mod model;
pub mod questions;
pub mod resolve;
pub mod sources;
pub mod store;
pub mod visible;

pub use graph::validate::{Field, Item, Problem};
pub use graph::{Direction, EdgeRef, EvidenceRef, Graph, Relation, ValidationError};
pub use model::{
    Amount, Bound, Dataset, Dated, Edge, EdgeKind, Evidence, Family, Locator, Node, NodeKind,
    Source, Years,
};
pub use resolve::{Candidate, ResolveError};
pub use store::{Diagnostic, LoadError, Location};
