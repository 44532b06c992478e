//! Syntax tree of a read-only openCypher query.
//!
//! The tree follows the surface syntax closely. Every clause, pattern element
//! and expression keeps the [`Span`] of query text it was parsed from, so later
//! stages can report problems against what the user wrote, and can name an
//! un-aliased `RETURN` column after the text under its expression's span (as
//! Cypher does: `RETURN n.name` yields a column called `n.name`).
//!
//! Parentheses that only group are not kept: `(a + b) * c` and the tree the
//! printer re-reads from its canonical output are the same tree. Two trees
//! that differ only in positions compare equal under [`Query::same_shape`] and
//! [`Expr::same_shape`].
//!
//! # Labels and relationship types
//!
//! A label list is recorded with the form it was written in ([`LabelForm`]):
//!
//! * `:A:B` ([`LabelForm::AllOf`]) asks for a node carrying every listed
//!   label. A single label (`:A`) is recorded in this form.
//! * `:A|B` ([`LabelForm::AnyOf`]) lists alternatives: the evaluator treats a
//!   node as matching if its label is ANY of the alternatives.
//!
//! Relationship types are always alternatives (`-[:A|B]->` matches a
//! relationship whose type is `A` or `B`), because a relationship has exactly
//! one type; `-[:A:B]->` is rejected by the parser.

/// A half-open range `start..end` of byte offsets into the query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset just past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A whole query: one single query, optionally combined with more by `UNION`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Written after `EXPLAIN`: the query asks for its plan rather than its rows.
    pub explain: bool,
    /// The first (often the only) single query.
    pub first: SingleQuery,
    /// Further single queries, each introduced by `UNION` or `UNION ALL`. The
    /// parser rejects mixing the two forms, so `all` is the same in every part.
    pub unions: Vec<UnionPart>,
    /// The whole query (from `EXPLAIN`, when written), excluding a trailing `;`.
    pub span: Span,
}

/// `UNION [ALL] <single query>`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionPart {
    /// `true` for `UNION ALL` (keep duplicate rows), `false` for `UNION`.
    pub all: bool,
    /// The query whose rows are added.
    pub query: SingleQuery,
    /// From `UNION` to the end of `query`.
    pub span: Span,
}

/// Reading clauses followed by the `RETURN` that every query ends with.
#[derive(Debug, Clone, PartialEq)]
pub struct SingleQuery {
    /// `MATCH`, `OPTIONAL MATCH`, `UNWIND` and `WITH` clauses, in order.
    pub clauses: Vec<Clause>,
    /// The final projection.
    pub return_clause: Return,
    /// From the first clause to the end of `RETURN`.
    pub span: Span,
}

/// A clause before the final `RETURN`.
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    /// `MATCH` or `OPTIONAL MATCH`.
    Match(Match),
    /// `UNWIND list AS variable`.
    Unwind(Unwind),
    /// `WITH projection [WHERE condition]`.
    With(With),
    /// `CALL procedure(args) YIELD columns [WHERE condition]`.
    Call(Call),
}

impl Clause {
    /// Where the clause was written.
    pub fn span(&self) -> Span {
        match self {
            Clause::Match(clause) => clause.span,
            Clause::Unwind(clause) => clause.span,
            Clause::With(clause) => clause.span,
            Clause::Call(clause) => clause.span,
        }
    }
}

/// `CALL procedure(args) YIELD column [AS name], ... [WHERE condition]`: a read-only
/// procedure the graph offers, one row per row it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The procedure's name, namespace included (`algo.pagerank`).
    pub procedure: Ident,
    /// The arguments.
    pub args: Vec<Expr>,
    /// The output columns kept, each under its own name or an alias.
    pub yields: Vec<YieldItem>,
    /// The condition after `WHERE`, if any.
    pub where_clause: Option<Expr>,
    /// From `CALL` to the end of the clause.
    pub span: Span,
}

/// `column [AS name]` after `YIELD`.
#[derive(Debug, Clone, PartialEq)]
pub struct YieldItem {
    /// The procedure's output column.
    pub column: Ident,
    /// The variable it is bound to, when not its own name.
    pub alias: Option<Ident>,
}

impl YieldItem {
    /// The variable the column is bound to.
    pub fn variable(&self) -> &Ident {
        self.alias.as_ref().unwrap_or(&self.column)
    }
}

/// `[OPTIONAL] MATCH pattern, ... [WHERE condition]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// `true` for `OPTIONAL MATCH`, which yields nulls instead of no row.
    pub optional: bool,
    /// The comma-separated patterns; at least one.
    pub patterns: Vec<PatternPart>,
    /// The condition after `WHERE`, if any.
    pub where_clause: Option<Expr>,
    /// From `MATCH` (or `OPTIONAL`) to the end of the clause.
    pub span: Span,
}

/// `UNWIND list AS variable`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unwind {
    /// The expression giving the list to expand into rows.
    pub list: Expr,
    /// The name each element is bound to.
    pub variable: Ident,
    /// The whole clause.
    pub span: Span,
}

/// `WITH projection [WHERE condition]`.
#[derive(Debug, Clone, PartialEq)]
pub struct With {
    /// What is carried on to the next clause. The parser guarantees every
    /// item is either a bare variable or has an alias.
    pub projection: Projection,
    /// The condition after `WHERE`, applied to the projected rows.
    pub where_clause: Option<Expr>,
    /// The whole clause.
    pub span: Span,
}

/// `RETURN projection`.
#[derive(Debug, Clone, PartialEq)]
pub struct Return {
    /// The result columns and their ordering and paging.
    pub projection: Projection,
    /// The whole clause.
    pub span: Span,
}

/// The body shared by `WITH` and `RETURN`.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// `DISTINCT` was given: duplicate rows are removed.
    pub distinct: bool,
    /// `*` was given: every variable in scope is projected, before `items`.
    pub star: bool,
    /// The listed items, in order. Empty only when `star` is set.
    pub items: Vec<ProjectionItem>,
    /// `ORDER BY` keys, most significant first; empty without `ORDER BY`.
    pub order_by: Vec<SortItem>,
    /// The `SKIP` expression. Boxed to keep clause values small.
    pub skip: Option<Box<Expr>>,
    /// The `LIMIT` expression. Boxed to keep clause values small.
    pub limit: Option<Box<Expr>>,
}

/// `expression [AS alias]` in a projection.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionItem {
    /// The projected value.
    pub expr: Expr,
    /// The name given with `AS`. Without it, the column is named after the
    /// text under `expr.span`.
    pub alias: Option<Ident>,
    /// The whole item.
    pub span: Span,
}

/// One `ORDER BY` key.
#[derive(Debug, Clone, PartialEq)]
pub struct SortItem {
    /// The value to sort on.
    pub expr: Expr,
    /// The sort direction; ascending unless `DESC`/`DESCENDING` was written.
    pub direction: SortDirection,
    /// The whole key, including any direction keyword.
    pub span: Span,
}

/// Which way an `ORDER BY` key sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortDirection {
    /// Smallest first (`ASC`, `ASCENDING`, or nothing).
    #[default]
    Ascending,
    /// Largest first (`DESC`, `DESCENDING`).
    Descending,
}

/// A name: a variable, alias, label, relationship type, property key or
/// function name. Backquotes are removed, so `` `odd name` `` has the name
/// `odd name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The name, with case preserved.
    pub name: String,
    /// Where it was written (including any backquotes).
    pub span: Span,
}

/// One comma-separated pattern of a `MATCH`: an optionally named path.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternPart {
    /// The path variable in `p = ...`.
    pub variable: Option<Ident>,
    /// Set when the path was wrapped in `shortestPath(...)` or
    /// `allShortestPaths(...)`. The parser guarantees such a path has exactly
    /// one relationship.
    pub shortest: Option<ShortestPath>,
    /// The first node of the path.
    pub start: NodePattern,
    /// Each following relationship and the node it leads to.
    pub steps: Vec<PatternStep>,
    /// The whole pattern, including any `p =` and wrapper.
    pub span: Span,
}

/// Which shortest-path search wraps a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortestPath {
    /// `shortestPath(...)`: one shortest path per pair of end nodes.
    Single,
    /// `allShortestPaths(...)`: every path of the shortest length.
    All,
}

impl ShortestPath {
    /// Both forms, for looking one up by name.
    pub const ALL: [ShortestPath; 2] = [ShortestPath::Single, ShortestPath::All];

    /// The function's name as written in queries.
    pub fn function_name(self) -> &'static str {
        match self {
            ShortestPath::Single => "shortestPath",
            ShortestPath::All => "allShortestPaths",
        }
    }
}

/// A relationship and the node after it in a path.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternStep {
    /// The relationship, between the previous node and `node`.
    pub relationship: RelationshipPattern,
    /// The node the relationship reaches.
    pub node: NodePattern,
}

/// `(variable:Labels {properties})`, every part optional.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePattern {
    /// The variable the node is bound to.
    pub variable: Option<Ident>,
    /// The required labels, if any; see [`LabelForm`] for their meaning.
    pub labels: Option<LabelExpr>,
    /// Properties the node must have with equal values.
    pub properties: Option<PropertyMap>,
    /// From `(` to `)`.
    pub span: Span,
}

/// A list of labels such as `:A:B` or `:A|B`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelExpr {
    /// The labels, in the order written; at least one.
    pub names: Vec<Ident>,
    /// How the labels combine.
    pub form: LabelForm,
    /// From the first `:` to the last name.
    pub span: Span,
}

/// How the names of a [`LabelExpr`] combine. The two forms cannot be mixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelForm {
    /// `:A:B` (or a single `:A`): the node must carry every label.
    AllOf,
    /// `:A|B`: the node matches if its label is ANY of the alternatives.
    AnyOf,
}

/// `-[variable:TYPES *min..max {properties}]->` and its short forms.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipPattern {
    /// Which way the relationship must point.
    pub direction: Direction,
    /// The variable the relationship (or, with `length`, the list of
    /// relationships) is bound to.
    pub variable: Option<Ident>,
    /// Alternative types (`:A|B`); empty means any type.
    pub types: Vec<Ident>,
    /// Set for a variable-length relationship (`*...`).
    pub length: Option<VarLength>,
    /// Properties the relationship (every one, for variable length) must have.
    pub properties: Option<PropertyMap>,
    /// From the first character of the arrow to the last.
    pub span: Span,
}

/// Which way a relationship pattern points, seen from its left node: `-->` is
/// [`Outgoing`](Direction::Outgoing), `<--` [`Incoming`](Direction::Incoming) and
/// `--` [`Both`](Direction::Both). The evaluator follows the same value from the node
/// it walks from, so pattern and graph share one type.
pub use super::graph::Direction;

/// The `*min..max` of a variable-length relationship.
///
/// `*` has neither bound, `*2` has both set to 2, `*1..3`, `*..3` and `*2..`
/// set what is written. A missing minimum means 1 and a missing maximum means
/// unbounded, as in Cypher; the parser does not check that `min <= max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VarLength {
    /// The least number of hops, if written.
    pub min: Option<u64>,
    /// The most hops, if written.
    pub max: Option<u64>,
    /// From `*` to the last bound.
    pub span: Span,
}

/// `{key: value, ...}` in a node or relationship pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyMap {
    /// The entries in the order written.
    pub entries: Vec<MapEntry>,
    /// From `{` to `}`.
    pub span: Span,
}

/// `key: value` in a map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapEntry {
    /// The property key.
    pub key: Ident,
    /// Its value.
    pub value: Expr,
}

/// An expression and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it was written; includes enclosing grouping parentheses.
    pub span: Span,
}

/// The forms an [`Expr`] can take.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A constant. A `-` written directly before a number is folded into it,
    /// which is how `-9223372036854775808` can be written.
    Literal(Literal),
    /// `$name` or `$0`; holds the name without `$`.
    Parameter(String),
    /// A variable reference.
    Variable(String),
    /// `[a, b, ...]`.
    List(Vec<Expr>),
    /// `{key: value, ...}`.
    Map(Vec<MapEntry>),
    /// `subject.key`.
    Property {
        /// The map, node or relationship read from.
        subject: Box<Expr>,
        /// The property key.
        key: Ident,
    },
    /// `subject[index]`.
    Index {
        /// The list or map indexed.
        subject: Box<Expr>,
        /// The position or key.
        index: Box<Expr>,
    },
    /// `subject[from..to]`, either bound optional.
    Slice {
        /// The list sliced.
        subject: Box<Expr>,
        /// The first position included; the start of the list if absent.
        from: Option<Box<Expr>>,
        /// The first position excluded; the end of the list if absent.
        to: Option<Box<Expr>>,
    },
    /// `subject:A:B` or `subject:A|B`: a label test, true when the node has
    /// the labels as described by [`LabelForm`].
    HasLabels {
        /// The node tested.
        subject: Box<Expr>,
        /// The labels it must have.
        labels: LabelExpr,
    },
    /// A prefix operator applied to one operand.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// Its operand.
        operand: Box<Expr>,
    },
    /// An infix operator. Comparisons appear here when not chained.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// Two or more chained comparisons, `a < b <= c`, meaning
    /// `a < b AND b <= c` with `b` evaluated once. Every operator is one of
    /// the comparison operators (`=`, `<>`, `<`, `>`, `<=`, `>=`).
    ComparisonChain {
        /// The leftmost operand.
        first: Box<Expr>,
        /// Each operator with the operand on its right; two or more.
        rest: Vec<(BinaryOp, Expr)>,
    },
    /// `operand IS NULL`, or `operand IS NOT NULL` when `negated`.
    IsNull {
        /// The value tested.
        operand: Box<Expr>,
        /// `IS NOT NULL` rather than `IS NULL`.
        negated: bool,
    },
    /// `name(args)` or `name(DISTINCT args)`. Names are kept as written;
    /// Cypher function names are case-insensitive.
    FunctionCall {
        /// The function name.
        name: Ident,
        /// `DISTINCT` was written before the arguments (for aggregations).
        distinct: bool,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `count(*)`.
    CountStar,
    /// `CASE [subject] WHEN ... THEN ... [ELSE ...] END`.
    Case {
        /// For the simple form, the value compared with each `WHEN`; absent
        /// in the generic form, where each `WHEN` is a condition.
        subject: Option<Box<Expr>>,
        /// The `WHEN ... THEN ...` pairs, in order; at least one.
        branches: Vec<CaseBranch>,
        /// The `ELSE` value; null when absent.
        default: Option<Box<Expr>>,
    },
    /// `[variable IN source WHERE filter | map]`.
    ListComprehension(ListComprehension),
    /// `any(x IN source WHERE predicate)`, and `all`, `none`, `single`.
    ListPredicate(ListPredicate),
    /// A pattern asked about in an expression: `(a)-[:T]->()` (true when it has a
    /// match), `EXISTS { MATCH ... WHERE ... }` (the same), `COUNT { ... }` (how
    /// many matches), `COLLECT { MATCH ... RETURN x }` or the pattern comprehension
    /// `[(a)-->(b) WHERE ... | x]` (the list of `x` over the matches). Variables
    /// bound outside are the same nodes and relationships inside; new ones are the
    /// subquery's own.
    Subquery {
        /// Which form, and what it gives.
        kind: SubqueryKind,
        /// The patterns and the condition, as a `MATCH` clause (never optional).
        pattern: Box<Match>,
        /// What `COLLECT` and a pattern comprehension give per match; `None` for
        /// the other forms.
        result: Option<Box<Expr>>,
    },
    /// `reduce(accumulator = init, variable IN source | step)`: `step` computed
    /// per element, each time becoming the accumulator's value.
    Reduce(Reduce),
}

// The three forms that bind a name to each element of a list keep their parts in
// structs of their own, so that code reading them names the parts it uses
// (`reduce.step`) instead of spelling out every field at each match.

/// `variable IN source` (openCypher's `IdInColl`): the list a comprehension, a list
/// predicate or `reduce` goes through, and the name each element is bound to in turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Iteration {
    /// The name each element of `source` is bound to.
    pub variable: Ident,
    /// The list iterated over.
    pub source: Box<Expr>,
}

/// The parts of [`ExprKind::ListComprehension`]: `[variable IN source WHERE filter | map]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListComprehension {
    /// `variable IN source`.
    pub iteration: Iteration,
    /// Elements for which this is not true are dropped.
    pub filter: Option<Box<Expr>>,
    /// The value produced per element; the element itself when absent.
    pub map: Option<Box<Expr>>,
}

/// The parts of [`ExprKind::ListPredicate`]: `any(variable IN source WHERE predicate)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPredicate {
    /// For how many elements the predicate must hold.
    pub quantifier: Quantifier,
    /// `variable IN source`.
    pub iteration: Iteration,
    /// The condition tested per element.
    pub predicate: Box<Expr>,
}

/// The parts of [`ExprKind::Reduce`]: `reduce(accumulator = init, variable IN source | step)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reduce {
    /// The name of the value carried from element to element.
    pub accumulator: Ident,
    /// The accumulator's value before the first element.
    pub init: Box<Expr>,
    /// `variable IN source`.
    pub iteration: Iteration,
    /// The accumulator's next value.
    pub step: Box<Expr>,
}

/// The forms of [`ExprKind::Subquery`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubqueryKind {
    /// A bare pattern with at least one relationship, as a condition.
    Pattern,
    /// `EXISTS { [MATCH] patterns [WHERE condition] }`.
    Exists,
    /// `COUNT { [MATCH] patterns [WHERE condition] }`.
    Count,
    /// `COLLECT { [MATCH] patterns [WHERE condition] RETURN result }`.
    Collect,
    /// `[pattern [WHERE condition] | result]`.
    Comprehension,
}

/// Which list predicate: for how many elements its condition must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    /// `all(...)`: every element.
    All,
    /// `any(...)`: at least one.
    Any,
    /// `none(...)`: no element.
    None,
    /// `single(...)`: exactly one.
    Single,
}

impl Quantifier {
    /// The function's name, as printed.
    pub fn name(self) -> &'static str {
        match self {
            Quantifier::All => "all",
            Quantifier::Any => "any",
            Quantifier::None => "none",
            Quantifier::Single => "single",
        }
    }
}

/// A constant value written in the query.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A 64-bit signed integer.
    Integer(i64),
    /// A finite 64-bit float.
    Float(f64),
    /// A string, escapes already decoded.
    String(String),
    /// `true` or `false`.
    Boolean(bool),
    /// `null`.
    Null,
}

/// A prefix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `NOT`: logical negation.
    Not,
    /// `-`: arithmetic negation.
    Negate,
    /// `+`: no effect on numbers, kept so that printing reproduces it.
    Plus,
}

/// An infix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `OR`
    Or,
    /// `XOR`
    Xor,
    /// `AND`
    And,
    /// `=`
    Equal,
    /// `<>`
    NotEqual,
    /// `<`
    Less,
    /// `>`
    Greater,
    /// `<=`
    LessOrEqual,
    /// `>=`
    GreaterOrEqual,
    /// `=~`: the left string matches the right regular expression entirely.
    RegexMatch,
    /// `IN`: list membership.
    In,
    /// `STARTS WITH`
    StartsWith,
    /// `ENDS WITH`
    EndsWith,
    /// `CONTAINS`
    Contains,
    /// `+`
    Add,
    /// `-`
    Subtract,
    /// `*`
    Multiply,
    /// `/`
    Divide,
    /// `%`
    Modulo,
    /// `^`
    Power,
}

impl BinaryOp {
    /// The operator as written in a query (`STARTS WITH`, `<>`).
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "OR",
            BinaryOp::Xor => "XOR",
            BinaryOp::And => "AND",
            BinaryOp::Equal => "=",
            BinaryOp::NotEqual => "<>",
            BinaryOp::Less => "<",
            BinaryOp::Greater => ">",
            BinaryOp::LessOrEqual => "<=",
            BinaryOp::GreaterOrEqual => ">=",
            BinaryOp::RegexMatch => "=~",
            BinaryOp::In => "IN",
            BinaryOp::StartsWith => "STARTS WITH",
            BinaryOp::EndsWith => "ENDS WITH",
            BinaryOp::Contains => "CONTAINS",
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Modulo => "%",
            BinaryOp::Power => "^",
        }
    }

    /// Whether this is one of the operators that can be chained
    /// (`=`, `<>`, `<`, `>`, `<=`, `>=`).
    pub fn is_comparison(self) -> bool {
        self.precedence() == Precedence::Comparison
    }

    /// How tightly the operator binds.
    pub(crate) fn precedence(self) -> Precedence {
        match self {
            BinaryOp::Or => Precedence::Or,
            BinaryOp::Xor => Precedence::Xor,
            BinaryOp::And => Precedence::And,
            BinaryOp::Equal
            | BinaryOp::NotEqual
            | BinaryOp::Less
            | BinaryOp::Greater
            | BinaryOp::LessOrEqual
            | BinaryOp::GreaterOrEqual => Precedence::Comparison,
            BinaryOp::RegexMatch
            | BinaryOp::In
            | BinaryOp::StartsWith
            | BinaryOp::EndsWith
            | BinaryOp::Contains => Precedence::Predicate,
            BinaryOp::Add | BinaryOp::Subtract => Precedence::Additive,
            BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => Precedence::Multiplicative,
            BinaryOp::Power => Precedence::Power,
        }
    }
}

/// Binding strength of expression forms, loosest first. Shared by the parser
/// (which climbs it) and the printer (which decides parentheses from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Precedence {
    Or,
    Xor,
    And,
    Not,
    Comparison,
    /// `=~`, `IN`, `STARTS WITH`, `ENDS WITH`, `CONTAINS`, `IS [NOT] NULL`:
    /// openCypher binds these tighter than the comparisons, so
    /// `a = b IN c` means `a = (b IN c)`.
    Predicate,
    Additive,
    Multiplicative,
    Power,
    Unary,
    Postfix,
    Atom,
}

impl Precedence {
    /// The next tighter level; right operands of left-associative operators
    /// are parsed at this level so that `a - b - c` groups to the left.
    pub(crate) fn tighter(self) -> Precedence {
        match self {
            Precedence::Or => Precedence::Xor,
            Precedence::Xor => Precedence::And,
            Precedence::And => Precedence::Not,
            Precedence::Not => Precedence::Comparison,
            Precedence::Comparison => Precedence::Predicate,
            Precedence::Predicate => Precedence::Additive,
            Precedence::Additive => Precedence::Multiplicative,
            Precedence::Multiplicative => Precedence::Power,
            Precedence::Power => Precedence::Unary,
            Precedence::Unary => Precedence::Postfix,
            Precedence::Postfix | Precedence::Atom => Precedence::Atom,
        }
    }
}

/// `WHEN condition THEN value` in a `CASE`.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseBranch {
    /// The value compared with the subject, or the condition tested.
    pub when: Expr,
    /// The result when this branch is taken.
    pub then: Expr,
}

impl Expr {
    /// An expression of `kind` written at `span`.
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Self { kind, span }
    }

    /// Whether `self` and `other` are the same tree, ignoring spans: whether they
    /// print the same canonical text (which parses back to the tree printed, so
    /// different trees never print alike).
    pub fn same_shape(&self, other: &Expr) -> bool {
        self.to_string() == other.to_string()
    }

    /// How tightly this expression's outermost operator binds.
    pub(crate) fn precedence(&self) -> Precedence {
        match &self.kind {
            ExprKind::Binary { op, .. } => op.precedence(),
            ExprKind::ComparisonChain { .. } => Precedence::Comparison,
            ExprKind::IsNull { .. } => Precedence::Predicate,
            ExprKind::Unary {
                op: UnaryOp::Not, ..
            } => Precedence::Not,
            ExprKind::Unary { .. } => Precedence::Unary,
            ExprKind::Property { .. }
            | ExprKind::Index { .. }
            | ExprKind::Slice { .. }
            | ExprKind::HasLabels { .. } => Precedence::Postfix,
            // A bare pattern runs on while an arrow follows (`(a)-->() - 1` would
            // read `- 1` as a relationship), so as an operand it is parenthesised.
            ExprKind::Subquery {
                kind: SubqueryKind::Pattern,
                ..
            } => Precedence::Or,
            _ => Precedence::Atom,
        }
    }
}

impl Query {
    /// Whether `self` and `other` are the same tree, ignoring spans: whether they
    /// print the same canonical text. This is the equality that printing preserves.
    pub fn same_shape(&self, other: &Query) -> bool {
        self.to_string() == other.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variable(name: &str, start: usize) -> Expr {
        Expr::new(
            ExprKind::Variable(name.to_string()),
            Span::new(start, start + name.len()),
        )
    }

    fn sum(lhs: Expr, rhs: Expr) -> Expr {
        let span = lhs.span.to(rhs.span);
        Expr::new(
            ExprKind::Binary {
                op: BinaryOp::Add,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            span,
        )
    }

    #[test]
    fn span_to_covers_both_in_either_order() {
        let a = Span::new(3, 5);
        let b = Span::new(10, 12);
        assert_eq!(a.to(b), Span::new(3, 12));
        assert_eq!(b.to(a), Span::new(3, 12));
        assert_eq!(a.to(Span::new(4, 4)), a);
    }

    #[test]
    fn same_shape_ignores_spans_but_not_content() {
        let written = sum(variable("a", 0), variable("b", 4));
        let elsewhere = sum(variable("a", 100), variable("b", 200));
        assert_ne!(written, elsewhere);
        assert!(written.same_shape(&elsewhere));

        let other_name = sum(variable("a", 0), variable("c", 4));
        assert!(!written.same_shape(&other_name));
        let swapped = sum(variable("b", 0), variable("a", 4));
        assert!(!written.same_shape(&swapped));
    }

    #[test]
    fn same_shape_looks_inside_nested_spans() {
        let key = |start| Ident {
            name: "k".to_string(),
            span: Span::new(start, start + 1),
        };
        let property = |start| {
            Expr::new(
                ExprKind::Property {
                    subject: Box::new(variable("n", start)),
                    key: key(start + 2),
                },
                Span::new(start, start + 3),
            )
        };
        assert!(property(0).same_shape(&property(7)));
        let mut renamed = property(7);
        if let ExprKind::Property { key, .. } = &mut renamed.kind {
            key.name = "other".to_string();
        }
        assert!(!property(0).same_shape(&renamed));
    }

    #[test]
    fn precedence_orders_loosest_first() {
        assert!(Precedence::Or < Precedence::Xor);
        assert!(Precedence::Xor < Precedence::And);
        assert!(Precedence::And < Precedence::Not);
        assert!(Precedence::Not < Precedence::Comparison);
        assert!(Precedence::Comparison < Precedence::Predicate);
        assert!(Precedence::Predicate < Precedence::Additive);
        assert!(Precedence::Additive < Precedence::Multiplicative);
        assert!(Precedence::Multiplicative < Precedence::Power);
        assert!(Precedence::Power < Precedence::Unary);
        assert!(Precedence::Unary < Precedence::Postfix);
        assert_eq!(Precedence::Power.tighter(), Precedence::Unary);
        assert_eq!(Precedence::Atom.tighter(), Precedence::Atom);
    }

    #[test]
    fn comparison_operators_are_exactly_the_chainable_ones() {
        let chainable = [
            BinaryOp::Equal,
            BinaryOp::NotEqual,
            BinaryOp::Less,
            BinaryOp::Greater,
            BinaryOp::LessOrEqual,
            BinaryOp::GreaterOrEqual,
        ];
        for op in chainable {
            assert!(op.is_comparison(), "{op:?}");
        }
        for op in [
            BinaryOp::RegexMatch,
            BinaryOp::In,
            BinaryOp::And,
            BinaryOp::Add,
        ] {
            assert!(!op.is_comparison(), "{op:?}");
        }
    }

    #[test]
    fn expression_precedence_reflects_outer_form() {
        let not = Expr::new(
            ExprKind::Unary {
                op: UnaryOp::Not,
                operand: Box::new(variable("a", 4)),
            },
            Span::new(0, 5),
        );
        assert_eq!(not.precedence(), Precedence::Not);
        assert_eq!(
            sum(variable("a", 0), variable("b", 4)).precedence(),
            Precedence::Additive
        );
        assert_eq!(variable("a", 0).precedence(), Precedence::Atom);
    }

    #[test]
    fn clause_span_reports_the_inner_span() {
        let clause = Clause::Unwind(Unwind {
            list: variable("xs", 7),
            variable: Ident {
                name: "x".to_string(),
                span: Span::new(13, 14),
            },
            span: Span::new(0, 14),
        });
        assert_eq!(clause.span(), Span::new(0, 14));
    }
}
