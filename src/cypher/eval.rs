//! The evaluator: runs a parsed query over any [`PropertyGraph`].
//!
//! [`Query::parse`] parses the text and compiles it: variables are resolved to slots of
//! a row, aggregations are split from grouping keys, and the checks that need no
//! graph run here (undefined variables, misplaced aggregations, unknown functions and
//! wrong argument counts, each with a position and, where one is close, a "did you
//! mean"). [`Query::run`] then checks the labels, relationship types and property keys
//! the query names against the graph, plans each `MATCH` (see below) and streams rows
//! through the clauses: only `ORDER BY` and aggregation hold rows back.
//!
//! The semantics are openCypher 9 as Neo4j 5 implements it, for the read-only subset
//! the [parser](super::parser) accepts: `MATCH` (several patterns, relationship
//! uniqueness within one `MATCH`), `OPTIONAL MATCH`, `WHERE`, `WITH`, `UNWIND`,
//! `RETURN`, `ORDER BY`, `SKIP`, `LIMIT`, `DISTINCT`, `UNION [ALL]`, variable-length
//! relationships, named paths, `shortestPath` and `allShortestPaths`, three-valued
//! logic, list comprehensions, the list predicates `all`, `any`, `none` and `single`,
//! `reduce`, patterns as conditions (`WHERE NOT (a)-[:CHAIRS]->()`), `EXISTS { }`,
//! `COUNT { }` and `COLLECT { }` subqueries, read-only procedures the graph offers
//! (`CALL algo.pagerank() YIELD node, score`, through
//! [`PropertyGraph::call_procedure`]), pattern comprehensions
//! (`[(a)-[:MEMBER_OF]->(m) WHERE ... | m.id]`), temporal values (`date`, `localtime`, `time`,
//! `localdatetime`, `datetime`, `duration`, with `duration.between` and
//! `date.truncate`; see [`temporal`](super::temporal) for their rules and limits),
//! and the functions listed in [`FUNCTION_NAMES`].
//!
//! # Planning
//!
//! Each pattern of a `MATCH` starts from the cheapest node: one already bound by an
//! earlier clause or pattern; else one with an equality on an indexed property (`{id:
//! 'X'}` in the pattern, or `n.id = 'X'` / `n.id = $p` in the `WHERE`); else the one
//! whose label has the fewest nodes; a scan of every node only when nothing else
//! anchors the pattern (or of every relationship, for `()-[r]->()` between anonymous
//! nodes). Patterns are taken cheapest first, each expanded from its anchor to both
//! ends, and every `WHERE` conjunct is checked as soon as the variables it reads are
//! bound. `shortestPath` patterns come last, from their bound ends (searching from
//! both ends at once).
//!
//! A `MATCH` whose rows go straight into an aggregation is counted rather than
//! listed where that gives the same groups (Neo4j does the same): `MATCH (n)<--()
//! RETURN n, count(*)` reads each node's [degree](PropertyGraph::degree), and
//! `MATCH ()-[r]->() RETURN type(r), count(*)` the graph's
//! [count per type](PropertyGraph::type_count) when it keeps one. An aggregation
//! keyed by the node the first `MATCH` scans sees each group's rows one after
//! another and needs no lookups; `ORDER BY ... LIMIT n` holds only the best rows.
//!
//! Without `ORDER BY`, rows come in the order the plan finds them, which may change
//! with the plan (as in Neo4j).
//!
//! [`Query::explain`] shows the plan chosen over a graph as text ([`Plan`]), and a
//! query written after `EXPLAIN` answers with that text, one row per line in a
//! column `plan`, instead of running.
//!
//! # Where this differs from Neo4j
//!
//! * A label, relationship type or property key the graph has never heard of matches
//!   nothing (or reads as `null`), as in openCypher, and the answer carries a
//!   [`Warning`] with a suggestion (`unknown label `UnEnity``, "did you mean
//!   `UnEntity`?") in [`QueryResult::warnings`], the way Neo4j returns notifications:
//!   on a curated graph a typo is far likelier than a question about a missing label.
//!   [`Options::strict`] makes each such warning an error instead. Property keys are
//!   checked where they are read from a node or relationship variable or written in a
//!   pattern, not on maps.
//! * `shortestPath` and `allShortestPaths` search first and filter with `WHERE`
//!   afterwards, so a predicate on the path can leave no row where Neo4j would look
//!   for a longer path that satisfies it. Their relationships are not counted for the
//!   `MATCH`'s relationship uniqueness; a path from a node to itself exists only with
//!   a minimum length of 0; a missing upper bound means no bound; a minimum above 1
//!   filters the shortest paths rather than searching for longer ones; without `*`
//!   the relationship variable is still a list (of one relationship).
//! * An unbounded variable-length relationship (`*`, `*2..`) stops at
//!   [`Options::max_hops`] hops.
//! * In an aggregating projection, the expressions outside aggregate functions may
//!   only use variables that are themselves projected, or repeat a projected
//!   expression; `ORDER BY` after `DISTINCT` or aggregation may only use projected
//!   columns and projected expressions (`ORDER BY $k + avg(x.v)` when `avg(x.v)` is
//!   projected), and cannot hold aggregates of its own.
//!   A `WITH ... WHERE` after an aggregation or `DISTINCT` sees only what the
//!   `WITH` projects (after any other projection it also sees the variables
//!   before it).
//! * Any operator with a `null` operand gives `null`, so `[1] + null` is `null`
//!   rather than `[1, null]`; `keys()` lists keys sorted.
//! * `exists(x)` is kept (Neo4j 5 dropped it for `x IS NOT NULL`), `length()` takes
//!   paths only, `^` always gives a float, `toInteger()` of a float that does not fit
//!   is an error.
//! * `=~` uses the [`regex`](https://docs.rs/regex) crate's dialect rather than Java's:
//!   `\w`, `\d` and `(?i)` are Unicode-aware, and look-around and backreferences
//!   are refused as invalid patterns (matching stays linear in the text).
//! * `UNION` needs the same column names in the same order.
//! * A list a function would build longer than [`Options::row_limit`] (such as
//!   `range(1, 1e12)`) is an error rather than an exhausted memory, and more than
//!   [`Options::row_limit`] result rows is [`QueryError::RowLimit`].
//! * A single query may have at most 256 clauses and pattern relationships, which
//!   bounds the stack matching uses.
//! * A pattern condition (`WHERE (a)-->()`) may bind new variables, as an
//!   `EXISTS { }` subquery may (Neo4j refuses them in a bare pattern); they are
//!   the condition's own. A node bound to `null` outside matches nothing inside,
//!   so the condition is `false` (not `null`).
//! * A `COLLECT { }` subquery or pattern comprehension keeps `null`s (it lists rows,
//!   unlike the `collect()` function), and lists the matches in the order the plan
//!   finds them.
//! * `CALL` needs `YIELD` with the columns to keep (no `YIELD *`, and no standalone
//!   call that returns every column), and is followed by the rest of the query.
//! * Not supported (the parser refuses them or they do not exist here): writing
//!   clauses, `CALL { }` subqueries, subqueries beyond
//!   `MATCH ... WHERE ...` (and `RETURN expression` for `COLLECT { }`), map
//!   projections, spatial values, and string functions beyond those listed. Why:
//!   the graph is curated in files and changed through `agencygraph` commands, so
//!   the language here is for reading; the rest has not been asked for yet.

mod aggregate;
#[cfg(test)]
mod call_tests;
#[cfg(test)]
mod collect_tests;
mod compile;
#[cfg(test)]
pub(crate) mod corpus;
mod exec;
mod explain;
mod expr;
mod functions;
mod ir;
mod plan;
mod result;
mod shortest;
#[cfg(test)]
mod tck;
#[cfg(test)]
mod temporal_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::ParseError;
use super::ast::{self, Span};
use super::graph::PropertyGraph;
use super::parser::parse;
use super::value::Value;

pub use explain::Plan;
pub use functions::FUNCTION_NAMES;
pub use result::ResultValue;

/// Limits on one run of a query.
///
/// Start from [`Options::default`] and change the fields you need; new fields may be
/// added, so the struct cannot be written out in full outside this crate:
///
/// ```
/// use std::time::Duration;
/// use agencygraph::cypher::eval::Options;
///
/// let mut options = Options::default();
/// options.timeout = Some(Duration::from_secs(5));
/// options.max_hops = 4;
/// assert_eq!(options.row_limit, 1_000_000);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The most hops an unbounded variable-length relationship (`*`, `*2..`) follows.
    pub max_hops: usize,
    /// How long the query may run; `None` for no limit.
    pub timeout: Option<Duration>,
    /// The most result rows (and the longest list a function may build).
    pub row_limit: usize,
    /// About how many bytes of values a query may hold: the values it keeps (result
    /// rows, rows held for sorting, collected lists) plus any one value it builds. Past
    /// it, [`QueryError::MemoryLimit`]. The default, [`DEFAULT_MAX_MEMORY`], stops a
    /// runaway query (a list doubled forty times) well before it takes a laptop's memory.
    pub max_memory: usize,
    /// Refuse, as [`QueryError::Semantic`], a query that names a label, relationship
    /// type or property key the graph does not know, instead of answering with a
    /// [`Warning`].
    pub strict: bool,
}

/// The default [`Options::max_memory`]: 1 GiB of values.
pub const DEFAULT_MAX_MEMORY: usize = 1 << 30;

impl Default for Options {
    fn default() -> Self {
        Options {
            max_hops: 15,
            timeout: None,
            row_limit: 1_000_000,
            max_memory: DEFAULT_MAX_MEMORY,
            strict: false,
        }
    }
}

/// Query parameters, `$name` in the text, by name.
pub type Params = BTreeMap<String, Value>;

/// The answer to a query: named columns and rows of values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryResult {
    /// Column names: the alias, or the text of the expression as written.
    pub columns: Vec<String>,
    /// The rows, each with one value per column.
    pub rows: Vec<Vec<ResultValue>>,
    /// What the query names that the graph does not know (absent from JSON when
    /// there is nothing to say, so the answer's shape is unchanged).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

/// Something a query names that the graph does not know: a label, relationship type or
/// property key. The query still runs (that name matches nothing, or reads as
/// `null`); [`Options::strict`] makes it an error.
///
/// ```
/// use agencygraph::cypher::eval::{Options, Params, Query};
/// use agencygraph::cypher::memory::MemoryGraph;
///
/// let mut graph = MemoryGraph::new();
/// graph.add_node(&["Person"], &[("name", "Alice".into())]);
/// let text = "MATCH (n:Persn) RETURN n";
/// let query = Query::parse(text)?;
/// let result = query.run(&graph, &Params::new(), &Options::default())?;
/// assert!(result.rows.is_empty());
/// assert_eq!(result.warnings[0].to_string(), "unknown label `Persn` (did you mean `Person`?)");
/// assert!(result.warnings[0].render(text).starts_with("warning: unknown label `Persn`"));
///
/// let mut strict = Options::default();
/// strict.strict = true;
/// assert!(query.run(&graph, &Params::new(), &strict).is_err());
/// # Ok::<(), agencygraph::cypher::eval::QueryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// What is unknown, such as "unknown label `Persn`".
    pub message: String,
    /// Where in the query text.
    #[serde(skip)]
    pub span: Span,
    /// A suggestion, such as "did you mean `Person`?", or the names the graph knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl Warning {
    /// A report as [`QueryError::render`] writes one, headed `warning:`.
    pub fn render(&self, text: &str) -> String {
        let error = QueryError::semantic(self.message.clone(), self.span, self.hint.clone());
        let report = error.render(text);
        match report.strip_prefix("error:") {
            Some(rest) => format!("warning:{rest}"),
            None => report,
        }
    }
}

/// Why a query could not be run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The text is not a query.
    #[error("{0}")]
    Parse(ParseError),
    /// The query is well formed but meaningless: an undefined variable, an unknown
    /// function, label or type, a misplaced aggregation.
    #[error("{message}{}", hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default())]
    Semantic {
        /// What is wrong.
        message: String,
        /// Where.
        span: Span,
        /// A suggestion, such as "did you mean `UnEntity`?".
        hint: Option<String>,
    },
    /// Evaluating the query failed: a type error, an integer overflow, a division by
    /// zero.
    #[error("{message}")]
    Runtime {
        /// What went wrong.
        message: String,
        /// The expression that failed, when known.
        span: Option<Span>,
    },
    /// The query ran past [`Options::timeout`].
    #[error("the query ran past its time limit")]
    Timeout,
    /// The query produced more than this many rows ([`Options::row_limit`]).
    #[error("the query produced more than {0} rows")]
    RowLimit(usize),
    /// The query would hold more than this many bytes of values
    /// ([`Options::max_memory`]).
    #[error("the query would hold more than {} MiB of values, its memory limit", .0 >> 20)]
    MemoryLimit(usize),
}

impl From<ParseError> for QueryError {
    fn from(error: ParseError) -> Self {
        QueryError::Parse(error)
    }
}

impl QueryError {
    /// A semantic error at `span`.
    pub(crate) fn semantic(message: impl Into<String>, span: Span, hint: Option<String>) -> Self {
        QueryError::Semantic {
            message: message.into(),
            span,
            hint,
        }
    }

    /// A runtime error in the expression at `span`.
    pub(crate) fn runtime(message: impl Into<String>, span: Span) -> Self {
        QueryError::Runtime {
            message: message.into(),
            span: Some(span),
        }
    }

    /// Where in the query text the error is, when known.
    pub fn span(&self) -> Option<Span> {
        match self {
            QueryError::Parse(error) => Some(error.span),
            QueryError::Semantic { span, .. } => Some(*span),
            QueryError::Runtime { span, .. } => *span,
            QueryError::Timeout | QueryError::RowLimit(_) | QueryError::MemoryLimit(_) => None,
        }
    }

    /// A multi-line report in the style of [`ParseError::render`]: the message, the
    /// line and column, the query line and a caret under the error, and any hint.
    pub fn render(&self, text: &str) -> String {
        match self {
            QueryError::Parse(error) => error.render(text),
            QueryError::Semantic {
                message,
                span,
                hint,
            } => {
                let placed = ParseError::new(message.clone(), *span);
                let mut report = placed.render(text);
                if let Some(hint) = hint {
                    let (line, _) = placed.line_column(text);
                    let gutter = " ".repeat(line.to_string().len());
                    report.push_str(&format!("\n{gutter} = help: {hint}"));
                }
                report
            }
            QueryError::Runtime {
                message,
                span: Some(span),
            } => ParseError::new(message.clone(), *span).render(text),
            other => format!("error: {other}"),
        }
    }
}

/// A parsed and compiled query, ready to run over any graph any number of times.
///
/// ```
/// use agencygraph::cypher::eval::{Options, Params, Query};
/// use agencygraph::cypher::memory::MemoryGraph;
///
/// let query = Query::parse("UNWIND [3, 1, 2] AS x RETURN x ORDER BY x DESC LIMIT 2")?;
/// let result = query.run(&MemoryGraph::new(), &Params::new(), &Options::default())?;
/// assert_eq!(result.columns, ["x"]);
/// assert_eq!(result.rows.len(), 2);
/// assert_eq!(result.rows[0][0].to_string(), "3");
///
/// let error = Query::parse("RETURN toLowr('A')").unwrap_err();
/// assert!(error.to_string().contains("did you mean `toLower`?"));
/// # Ok::<(), agencygraph::cypher::eval::QueryError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Query {
    text: String,
    ast: ast::Query,
    program: ir::Program,
    /// The result columns: the program's, or `plan` for an `EXPLAIN` query.
    columns: Vec<String>,
}

/// The one column of an `EXPLAIN` query's result.
const PLAN_COLUMN: &str = "plan";

impl Query {
    /// Parses `text` and checks what can be checked without a graph.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let ast = parse(text)?;
        let program = compile::compile(&ast, text)?;
        let columns = if ast.explain {
            vec![PLAN_COLUMN.to_string()]
        } else {
            program.columns.clone()
        };
        Ok(Query {
            text: text.to_string(),
            ast,
            program,
            columns,
        })
    }

    /// The query text as given.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The syntax tree.
    pub fn ast(&self) -> &ast::Query {
        &self.ast
    }

    /// The names of the result columns (`plan` alone for an `EXPLAIN` query).
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Whether the query was written after `EXPLAIN`, so that [`run`](Self::run)
    /// answers with its plan.
    pub fn is_explain(&self) -> bool {
        self.ast.explain
    }

    /// Runs the query over `graph`.
    ///
    /// An `EXPLAIN` query is not run: its answer is its [plan](Self::explain), one
    /// row per line in a column `plan`, so that every front end can show it.
    ///
    /// Fails when the query names a label, type or property key the graph does not
    /// know, when a parameter it uses is missing from `params`, when evaluation fails
    /// (type errors, integer overflow, division by zero), or when it exceeds the
    /// limits in `options`.
    pub fn run<G: PropertyGraph + ?Sized>(
        &self,
        graph: &G,
        params: &Params,
        options: &Options,
    ) -> Result<QueryResult, QueryError> {
        let warnings = compile::check_names(&self.program, graph, options.strict)?;
        if self.ast.explain {
            let plan = self.explain(graph, params, options)?;
            return Ok(QueryResult {
                columns: self.columns.clone(),
                rows: plan
                    .lines()
                    .iter()
                    .map(|line| vec![ResultValue::String(line.clone())])
                    .collect(),
                warnings,
            });
        }
        compile::check_params(&self.program, params)?;
        let rows = exec::run(&self.program, graph, params, options)?;
        let rows = rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|value| ResultValue::from_value(graph, value))
                    .collect()
            })
            .collect();
        Ok(QueryResult {
            columns: self.columns.clone(),
            rows,
            warnings,
        })
    }

    /// The plan the query would run by over `graph`, without running it (whether or
    /// not it was written after `EXPLAIN`).
    ///
    /// One line per step, in the order rows flow: each `MATCH` with, indented, where
    /// each of its patterns starts (a variable bound earlier, an index lookup, a label
    /// with its size, a scan of every node or relationship), each expansion (drawn in
    /// the direction it is walked, with its types and lengths), the counting
    /// shortcuts taken instead of listing matches (degrees, counts per type), and
    /// each filter where it is checked; then the projections, aggregations, sorts,
    /// `SKIP` and `LIMIT`. Expressions are quoted as written.
    ///
    /// Fails as [`run`](Self::run) does before running: for names the graph does not
    /// know, a missing parameter, or a `SKIP`/`LIMIT` that is not a count.
    ///
    /// ```
    /// use agencygraph::cypher::eval::{Options, Params, Query};
    /// use agencygraph::cypher::memory::MemoryGraph;
    ///
    /// let mut graph = MemoryGraph::new();
    /// let alice = graph.add_node(&["Person"], &[("name", "Alice".into())]);
    /// let paris = graph.add_node(&["City"], &[("name", "Paris".into())]);
    /// graph.add_relationship(alice, "LIVES_IN", paris, &[]);
    ///
    /// let query = Query::parse(
    ///     "MATCH (p:Person)-[:LIVES_IN]->(c:City) WHERE p.name <> 'Bob' \
    ///      RETURN c.name AS city, count(*) AS n ORDER BY n DESC LIMIT 3",
    /// )?;
    /// let plan = query.explain(&graph, &Params::new(), &Options::default())?;
    /// assert_eq!(
    ///     plan.to_string(),
    ///     "MATCH (p:Person)-[:LIVES_IN]->(c:City) WHERE p.name <> 'Bob'
    ///   start at (p:Person) by label Person (1 node)
    ///   filter p.name <> 'Bob'
    ///   expand (p)-[:LIVES_IN]->(c:City)
    /// aggregate count(*) by c.name
    /// order by n DESC, keeping the first 3
    /// limit 3
    /// return city, n"
    /// );
    ///
    /// // Written after EXPLAIN, the query answers with the same lines as rows.
    /// let explained = Query::parse(&format!("EXPLAIN {}", query.text()))?;
    /// let result = explained.run(&graph, &Params::new(), &Options::default())?;
    /// assert_eq!(result.columns, ["plan"]);
    /// assert_eq!(result.rows.len(), plan.lines().len());
    /// # Ok::<(), agencygraph::cypher::eval::QueryError>(())
    /// ```
    pub fn explain<G: PropertyGraph + ?Sized>(
        &self,
        graph: &G,
        params: &Params,
        options: &Options,
    ) -> Result<Plan, QueryError> {
        compile::check_names(&self.program, graph, options.strict)?;
        compile::check_params(&self.program, params)?;
        explain::explain(&self.program, &self.text, graph, params, options)
    }
}
