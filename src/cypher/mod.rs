//! Front end of the read-only openCypher query language.
//!
//! [`parse`] turns query text into a [`Query`](ast::Query) syntax tree whose
//! nodes all carry [`Span`](ast::Span)s into the text. Printing a tree with
//! `Display` gives canonical query text that parses back to the same tree, so
//! the printer doubles as a normaliser for showing queries back to users.
//!
//! Only reading is supported: clauses that would change the graph are refused
//! with an error that points the user at the `agencygraph` commands that do.
//!
//! [`eval`] runs parsed queries over any [`graph::PropertyGraph`]: the agency graph
//! (through `agencygraph::graph::View`), or a plain in-memory one ([`memory::MemoryGraph`]).
//! The engine knows only that trait: nothing here imports the domain.
//!
//! ```
//! use agencygraph::cypher::parse;
//!
//! let query = parse("match (a:UnEntity)-[:CHAIRS]->(m) return a.name, m.name")?;
//! assert_eq!(query.to_string(), "MATCH (a:UnEntity)-[:CHAIRS]->(m) RETURN a.name, m.name");
//!
//! let text = "MATCH (a RETURN a";
//! let error = parse(text).unwrap_err();
//! assert_eq!(error.line_column(text), (1, 10));
//! assert!(parse("CREATE (a)").unwrap_err().to_string().contains("queries are read-only"));
//! # Ok::<(), agencygraph::cypher::ParseError>(())
//! ```

pub mod ast;
mod error;
pub mod eval;
pub mod graph;
mod lexer;
pub mod memory;
pub mod parser;
mod print;
pub mod temporal;
pub mod value;

pub use error::ParseError;
pub use parser::parse;
