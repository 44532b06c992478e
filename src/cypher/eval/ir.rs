//! The compiled form of a query, which the [compiler](super::compile) produces and
//! the planner and the executor read: single queries as lists of operators over rows
//! of slots, patterns flattened into node and relationship elements, and expressions
//! with variables resolved to slots and functions to their implementation.

use super::super::ast::{
    BinaryOp, LabelForm, Quantifier, ShortestPath, SortDirection, Span, UnaryOp,
};
use super::super::graph::Direction;
use super::super::value::Value;
use super::functions::{AggregateFunction, Function};

/// A compiled query: one part per single query of a `UNION`.
#[derive(Debug, Clone)]
pub(super) struct Program {
    /// The single queries, in order.
    pub parts: Vec<Part>,
    /// `UNION ALL` (keep duplicates) rather than `UNION`; irrelevant with one part.
    pub union_all: bool,
    /// The result column names, the same for every part.
    pub columns: Vec<String>,
    /// Labels, types and keys named, to check against the graph.
    pub names: Vec<NameUse>,
    /// Parameters used, to check against those given.
    pub params: Vec<(String, Span)>,
}

/// One single query: operators run in order over rows of `slot_count` values.
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub ops: Vec<Op>,
    pub slot_count: usize,
    /// The variable each slot holds, where it has one, for showing plans.
    pub slot_names: Vec<Option<String>>,
}

/// One step of a single query. Every operator passes rows on to the next; `Aggregate`
/// and `Sort` hold them until the rows before them are exhausted.
#[derive(Debug, Clone)]
pub(super) enum Op {
    Match(MatchClause),
    Unwind {
        list: CExpr,
        slot: usize,
    },
    /// Computes each expression into its slot.
    Compute(Vec<(usize, CExpr)>),
    Aggregate(AggregateClause),
    /// Drops rows whose values in these slots were seen before.
    Distinct(Vec<usize>),
    Sort(Vec<(CExpr, SortDirection)>),
    Skip(CExpr),
    Limit(CExpr),
    /// Keeps rows for which the condition is true.
    Filter(CExpr),
    /// Hands the values of these slots out as a result row.
    Emit(Vec<usize>),
    /// Calls a procedure of the graph per row: each of its rows binds the yielded
    /// columns (by name) into their slots.
    Call {
        procedure: String,
        args: Vec<CExpr>,
        yields: Vec<(String, usize)>,
        span: Span,
    },
}

/// A projection that aggregates.
#[derive(Debug, Clone)]
pub(super) struct AggregateClause {
    /// Grouping keys: the slot each is projected into, and its expression.
    pub keys: Vec<(usize, CExpr)>,
    /// The aggregate calls, each finalised into its own slot.
    pub aggregates: Vec<AggregateSpec>,
    /// The aggregating items, computed per group once `aggregates` are filled.
    pub outputs: Vec<(usize, CExpr)>,
}

impl AggregateClause {
    /// Whether finishing a group reads more of its first row than its keys and
    /// aggregates: an item such as `n.name + count(*)` grouped by `n.name` reads `n`.
    /// Later clauses see only the projected slots, so otherwise the row is not kept.
    pub fn reads_first_row(&self) -> bool {
        let own: Vec<usize> = self
            .keys
            .iter()
            .chain(&self.outputs)
            .map(|(slot, _)| *slot)
            .chain(self.aggregates.iter().map(|spec| spec.slot))
            .collect();
        let mut read = Vec::new();
        for (_, expr) in &self.outputs {
            slots_read(expr, &mut read);
        }
        read.iter().any(|slot| !own.contains(slot))
    }
}

impl AggregateClause {
    /// Whether the groups are told apart by the node in `slot` alone: one grouping
    /// key is that node and the others read nothing else.
    pub fn is_keyed_by(&self, slot: usize) -> bool {
        let mut read = Vec::new();
        for (_, expr) in &self.keys {
            slots_read(expr, &mut read);
        }
        read.iter().all(|&s| s == slot)
            && self
                .keys
                .iter()
                .any(|(_, expr)| matches!(expr.kind, CKind::Slot(s) if s == slot))
    }
}

/// One aggregate call, such as `count(DISTINCT x)`.
#[derive(Debug, Clone)]
pub(super) struct AggregateSpec {
    /// Where the final value goes.
    pub slot: usize,
    pub function: AggregateFunction,
    pub distinct: bool,
    /// The argument; `None` for `count(*)`.
    pub arg: Option<CExpr>,
    /// The percentile of `percentileDisc` and `percentileCont`.
    pub percentile: Option<CExpr>,
    /// The call as written.
    pub span: Span,
}

/// `[OPTIONAL] MATCH` with its patterns flattened.
#[derive(Debug, Clone)]
pub(super) struct MatchClause {
    /// The clause as written, `WHERE` included.
    pub span: Span,
    pub optional: bool,
    pub parts: Vec<PathPattern>,
    /// The `WHERE` split at `AND`, with pattern properties that read this clause's
    /// own variables.
    pub conjuncts: Vec<Conjunct>,
    /// Every slot the clause binds: set to null when an optional match finds nothing.
    pub new_slots: Vec<usize>,
}

/// One comma-separated pattern: `nodes[i]` and `nodes[i + 1]` are joined by `rels[i]`.
#[derive(Debug, Clone)]
pub(super) struct PathPattern {
    pub path_slot: Option<usize>,
    pub shortest: Option<ShortestPath>,
    pub nodes: Vec<NodeElem>,
    pub rels: Vec<RelElem>,
}

/// A node in a pattern.
#[derive(Debug, Clone)]
pub(super) struct NodeElem {
    pub slot: usize,
    /// Written with a variable (`(n)`), rather than anonymous (`()`).
    pub named: bool,
    pub labels: Vec<String>,
    /// `:A|B` (any of the labels) rather than `:A:B` (all of them).
    pub any_label: bool,
    /// Properties the node must have, with values computable before the clause.
    pub properties: Vec<(String, CExpr)>,
    pub span: Span,
}

/// A relationship in a pattern.
#[derive(Debug, Clone)]
pub(super) struct RelElem {
    pub slot: usize,
    /// Written with a variable (`-[r]->`), rather than anonymous (`-->`).
    pub named: bool,
    /// Bound by an earlier clause, so matching checks it rather than binds it.
    pub pre_bound: bool,
    /// Which way the relationship points, seen from the node on its left.
    pub direction: Direction,
    pub types: Vec<String>,
    /// `(min, max)` hops for a variable-length relationship; `max` `None` means
    /// unbounded.
    pub length: Option<(u64, Option<u64>)>,
    pub properties: Vec<(String, CExpr)>,
    pub span: Span,
}

/// A condition and the slots it reads, so the planner checks it as soon as they are
/// bound.
#[derive(Debug, Clone)]
pub(super) struct Conjunct {
    pub expr: CExpr,
    pub slots: Vec<usize>,
}

/// A compiled expression and where it was written.
#[derive(Debug, Clone)]
pub(super) struct CExpr {
    pub kind: CKind,
    pub span: Span,
}

/// The forms of a compiled expression; as [`ExprKind`], with variables resolved to
/// slots and functions to their implementation.
#[derive(Debug, Clone)]
pub(super) enum CKind {
    Constant(Value),
    Param(String),
    Slot(usize),
    List(Vec<CExpr>),
    Map(Vec<(String, CExpr)>),
    Property(Box<CExpr>, String),
    Index(Box<CExpr>, Box<CExpr>),
    Slice(Box<CExpr>, Option<Box<CExpr>>, Option<Box<CExpr>>),
    HasLabels(Box<CExpr>, Vec<String>, LabelForm),
    Unary(UnaryOp, Box<CExpr>),
    Binary(BinaryOp, Box<CExpr>, Box<CExpr>),
    Chain(Box<CExpr>, Vec<(BinaryOp, CExpr)>),
    IsNull(Box<CExpr>, bool),
    Call(Function, Vec<CExpr>),
    Case {
        subject: Option<Box<CExpr>>,
        branches: Vec<(CExpr, CExpr)>,
        default: Option<Box<CExpr>>,
    },
    Comprehension(Comprehension),
    /// `any(x IN source WHERE predicate)` and its kin; `x` is `slot`.
    Quantified(Quantified),
    /// A pattern condition, `EXISTS { }`, `COUNT { }`, `COLLECT { }` or a pattern
    /// comprehension: `ops` is the one `MATCH` run from the current row (for
    /// `Collect`, followed by the `Compute` and `Emit` of the collected value).
    Subquery {
        gives: SubqueryAnswer,
        ops: Vec<Op>,
    },
    /// `reduce(acc = init, x IN source | step)`; `acc` is `accumulator`, `x` is `slot`.
    Reduce(Reduce),
}

// As in the syntax tree, the forms that bind each element of a list keep their parts
// in structs, read by name.

/// `[x IN source WHERE filter | map]`; `x` is `slot`.
#[derive(Debug, Clone)]
pub(super) struct Comprehension {
    pub(super) slot: usize,
    pub(super) source: Box<CExpr>,
    pub(super) filter: Option<Box<CExpr>>,
    pub(super) map: Option<Box<CExpr>>,
}

/// `any(x IN source WHERE predicate)` and its kin; `x` is `slot`.
#[derive(Debug, Clone)]
pub(super) struct Quantified {
    pub(super) quantifier: Quantifier,
    pub(super) slot: usize,
    pub(super) source: Box<CExpr>,
    pub(super) predicate: Box<CExpr>,
}

/// `reduce(acc = init, x IN source | step)`; `acc` is `accumulator`, `x` is `slot`.
#[derive(Debug, Clone)]
pub(super) struct Reduce {
    pub(super) accumulator: usize,
    pub(super) init: Box<CExpr>,
    pub(super) slot: usize,
    pub(super) source: Box<CExpr>,
    pub(super) step: Box<CExpr>,
}

/// What sort of graph name a query uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameKind {
    Label,
    Type,
    Key,
    /// Tested with `x:Name` on a value that may be a node or a relationship.
    LabelOrType,
}

/// A label, type or property key as written in the query.
#[derive(Debug, Clone)]
pub(super) struct NameUse {
    pub kind: NameKind,
    pub name: String,
    pub span: Span,
}

/// What a subquery answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SubqueryAnswer {
    /// Whether it has a match.
    Exists,
    /// How many matches it has.
    Count,
    /// The list of the values its last op emits, one per match.
    Collect,
}

/// The slots an expression reads (not counting the variables of list comprehensions,
/// list predicates and `reduce`, which it sets itself).
pub(super) fn slots_read(expr: &CExpr, out: &mut Vec<usize>) {
    if let CKind::Subquery { ops, .. } = &expr.kind {
        // The subquery reads the slots its patterns and conditions name but do not
        // bind themselves.
        for op in ops {
            if let Op::Match(clause) = op {
                let mut named = Vec::new();
                for part in &clause.parts {
                    named.extend(part.nodes.iter().map(|node| node.slot));
                    named.extend(part.rels.iter().map(|rel| rel.slot));
                }
                for child in compiled_children(expr) {
                    slots_read(child, &mut named);
                }
                out.extend(named.into_iter().filter(|s| !clause.new_slots.contains(s)));
            }
        }
        return;
    }
    let own: &[usize] = match &expr.kind {
        CKind::Comprehension(comprehension) => std::slice::from_ref(&comprehension.slot),
        CKind::Quantified(quantified) => std::slice::from_ref(&quantified.slot),
        CKind::Reduce(reduce) => &[reduce.accumulator, reduce.slot],
        _ => &[],
    };
    match &expr.kind {
        CKind::Slot(slot) => out.push(*slot),
        _ if !own.is_empty() => {
            let mut inner = Vec::new();
            for child in compiled_children(expr) {
                slots_read(child, &mut inner);
            }
            out.extend(inner.into_iter().filter(|s| !own.contains(s)));
        }
        _ => {
            for child in compiled_children(expr) {
                slots_read(child, out);
            }
        }
    }
}

/// The direct sub-expressions of a compiled expression.
pub(super) fn compiled_children(expr: &CExpr) -> Vec<&CExpr> {
    match &expr.kind {
        CKind::Constant(_) | CKind::Param(_) | CKind::Slot(_) => Vec::new(),
        CKind::List(items) | CKind::Call(_, items) => items.iter().collect(),
        CKind::Map(entries) => entries.iter().map(|(_, e)| e).collect(),
        CKind::Property(subject, _)
        | CKind::HasLabels(subject, ..)
        | CKind::Unary(_, subject)
        | CKind::IsNull(subject, _) => vec![subject],
        CKind::Index(a, b) | CKind::Binary(_, a, b) => vec![a, b],
        CKind::Slice(subject, from, to) => std::iter::once(&**subject)
            .chain(from.as_deref())
            .chain(to.as_deref())
            .collect(),
        CKind::Chain(first, rest) => std::iter::once(&**first)
            .chain(rest.iter().map(|(_, e)| e))
            .collect(),
        CKind::Case {
            subject,
            branches,
            default,
        } => subject
            .as_deref()
            .into_iter()
            .chain(branches.iter().flat_map(|(when, then)| [when, then]))
            .chain(default.as_deref())
            .collect(),
        CKind::Comprehension(comprehension) => std::iter::once(&*comprehension.source)
            .chain(comprehension.filter.as_deref())
            .chain(comprehension.map.as_deref())
            .collect(),
        CKind::Quantified(quantified) => vec![&quantified.source, &quantified.predicate],
        CKind::Reduce(reduce) => vec![&reduce.init, &reduce.source, &reduce.step],
        CKind::Subquery { ops, .. } => ops
            .iter()
            .filter_map(|op| match op {
                Op::Match(clause) => Some(clause),
                _ => None,
            })
            .flat_map(|clause| {
                let properties = clause.parts.iter().flat_map(|part| {
                    let nodes = part.nodes.iter().flat_map(|node| &node.properties);
                    let rels = part.rels.iter().flat_map(|rel| &rel.properties);
                    nodes.chain(rels).map(|(_, value)| value)
                });
                properties.chain(clause.conjuncts.iter().map(|conjunct| &conjunct.expr))
            })
            .chain(ops.iter().flat_map(|op| match op {
                Op::Compute(items) => items.iter().map(|(_, expr)| expr).collect(),
                _ => Vec::new(),
            }))
            .collect(),
    }
}
