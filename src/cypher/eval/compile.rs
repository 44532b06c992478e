//! From syntax tree to program: variables become slots of a row, each clause becomes
//! a few operators, aggregations are split from their grouping keys, and every check
//! that needs no graph runs here.
//!
//! A single query works on one row of `slot_count` values. Each variable, each
//! anonymous pattern element and each list-comprehension variable gets a slot of its
//! own; a projection (`WITH`, `RETURN`) starts a new scope that names only what it
//! projects. A bare variable projected keeps its slot (no copy), so `WITH n` costs
//! nothing; other items are computed into fresh slots.

use std::collections::HashSet;

use super::super::ast::{
    self, BinaryOp, Clause, Expr, ExprKind, LabelForm, Literal, Span, SubqueryKind, UnaryOp,
};
use super::super::graph::PropertyGraph;
use super::super::value::Value;
use super::functions::{self, AggregateFunction, Callable, FUNCTION_NAMES};
use super::ir::{
    self, AggregateClause, AggregateSpec, CExpr, CKind, Conjunct, MatchClause, NameKind, NameUse,
    NodeElem, Op, Part, PathPattern, Program, RelElem, SubqueryAnswer, slots_read,
};
use super::{Params, QueryError, Warning};

/// What a variable holds, as far as the compiler knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VarKind {
    Node,
    Relationship,
    RelationshipList,
    Path,
    /// Anything: the result of an expression.
    Value,
}

impl VarKind {
    fn describe(self) -> &'static str {
        match self {
            VarKind::Node => "a node",
            VarKind::Relationship => "a relationship",
            VarKind::RelationshipList => "a list of relationships",
            VarKind::Path => "a path",
            VarKind::Value => "a value",
        }
    }
}

#[derive(Debug, Clone)]
struct Var {
    name: String,
    slot: usize,
    kind: VarKind,
}

/// The variables visible at a point of the query.
#[derive(Debug, Clone, Default)]
struct Scope {
    vars: Vec<Var>,
}

impl Scope {
    fn get(&self, name: &str) -> Option<&Var> {
        self.vars.iter().rev().find(|var| var.name == name)
    }

    fn push(&mut self, name: &str, slot: usize, kind: VarKind) {
        self.vars.push(Var {
            name: name.to_string(),
            slot,
            kind,
        });
    }

    /// Each visible name once (the innermost), sorted.
    fn visible(&self) -> Vec<&Var> {
        let mut seen = HashSet::new();
        let mut visible: Vec<&Var> = self
            .vars
            .iter()
            .rev()
            .filter(|var| seen.insert(var.name.as_str()))
            .collect();
        visible.sort_by(|a, b| a.name.cmp(&b.name));
        visible
    }
}

/// Whether an expression may hold aggregate calls, and where they are collected.
enum Aggregates<'a> {
    /// Not allowed; the text says where we are, for the error.
    Forbidden(&'static str),
    Collect(&'a mut Vec<AggregateSpec>),
    /// Not allowed, except as the very expression of a projected column (in an
    /// `ORDER BY` after an aggregation): each column's printed expression and
    /// slot.
    Projected(&'a [(String, usize)]),
}

/// "did you mean `x`?" for the candidate closest to `wanted`, if one is close.
pub(super) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let wanted = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::jaro_winkler(&wanted, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| format!("did you mean `{candidate}`?"))
}

/// The most clauses plus pattern relationships one single query may have. Matching
/// recurses once per clause and per relationship, so this bounds the stack a query
/// can use (far below what a spawned thread's 2 MiB allow), whatever its text.
const MAX_STEPS: usize = 256;

/// Refuses a single query too long to run within [`MAX_STEPS`].
fn check_size(query: &ast::SingleQuery) -> Result<(), QueryError> {
    let steps: usize = query
        .clauses
        .iter()
        .map(|clause| match clause {
            Clause::Match(clause) => {
                1 + clause
                    .patterns
                    .iter()
                    .map(|pattern| 1 + pattern.steps.len())
                    .sum::<usize>()
            }
            _ => 1,
        })
        .sum();
    if steps > MAX_STEPS {
        return Err(QueryError::semantic(
            format!(
                "the query has {steps} clauses and pattern relationships; at most {MAX_STEPS} are allowed"
            ),
            query.span,
            Some("split it into several queries".to_string()),
        ));
    }
    Ok(())
}

/// Compiles a parsed query.
pub(super) fn compile(query: &ast::Query, text: &str) -> Result<Program, QueryError> {
    check_size(&query.first)?;
    for union in &query.unions {
        check_size(&union.query)?;
    }
    let mut compiler = Compiler {
        text,
        slots: 0,
        slot_names: Vec::new(),
        names: Vec::new(),
        params: Vec::new(),
        subquery_depth: 0,
    };
    let (first, columns) = compiler.single(&query.first)?;
    let mut parts = vec![first];
    for union in &query.unions {
        let (part, other) = compiler.single(&union.query)?;
        if other != columns {
            return Err(QueryError::semantic(
                format!(
                    "every part of a UNION must return the same columns in the same order: `{}`, not `{}`",
                    columns.join("`, `"),
                    other.join("`, `")
                ),
                union.query.return_clause.span,
                None,
            ));
        }
        parts.push(part);
    }
    Ok(Program {
        parts,
        union_all: query.unions.first().is_some_and(|u| u.all),
        columns,
        names: compiler.names,
        params: compiler.params,
    })
}

/// A warning for each label, type and property key the graph does not know (once per
/// name and kind), or, when `strict`, an error for the first.
pub(super) fn check_names<G: PropertyGraph + ?Sized>(
    program: &Program,
    graph: &G,
    strict: bool,
) -> Result<Vec<Warning>, QueryError> {
    let mut warnings: Vec<Warning> = Vec::new();
    if program.names.is_empty() {
        return Ok(warnings);
    }
    let mut known: [Option<Vec<String>>; 4] = [None, None, None, None];
    for used in &program.names {
        let (index, what) = match used.kind {
            NameKind::Label => (0, "label"),
            NameKind::Type => (1, "relationship type"),
            NameKind::Key => (2, "property key"),
            NameKind::LabelOrType => (3, "label or relationship type"),
        };
        let names = known[index].get_or_insert_with(|| match used.kind {
            NameKind::Label => graph.label_names(),
            NameKind::Type => graph.type_names(),
            NameKind::Key => graph.property_keys(),
            NameKind::LabelOrType => {
                let mut names = graph.label_names();
                names.extend(graph.type_names());
                names
            }
        });
        if !names.contains(&used.name) {
            // With nothing close, the list itself helps most (there are 19 labels
            // and 34 types in the agency graph).
            let hint = did_you_mean(&used.name, names.iter().map(String::as_str))
                .or_else(|| known_names(what, names));
            let message = format!("unknown {what} `{}`", used.name);
            if strict {
                return Err(QueryError::semantic(message, used.span, hint));
            }
            if !warnings.iter().any(|w| w.message == message) {
                warnings.push(Warning {
                    message,
                    span: used.span,
                    hint,
                });
            }
        }
    }
    Ok(warnings)
}

/// "the labels are `A`, `B`, ..." for a graph with a few dozen names at most; `None`
/// for more, or none.
fn known_names(what: &str, names: &[String]) -> Option<String> {
    if names.is_empty() || names.len() > 40 {
        return None;
    }
    let mut sorted: Vec<&str> = names.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let list: Vec<String> = sorted.iter().map(|name| format!("`{name}`")).collect();
    Some(format!("the {what}s are {}", list.join(", ")))
}

/// Refuses a run that lacks a parameter the query uses.
pub(super) fn check_params(program: &Program, params: &Params) -> Result<(), QueryError> {
    for (name, span) in &program.params {
        if !params.contains_key(name) {
            return Err(QueryError::semantic(
                format!("missing parameter `${name}`"),
                *span,
                did_you_mean(name, params.keys().map(String::as_str))
                    .map(|hint| hint.replacen('`', "`$", 1)),
            ));
        }
    }
    Ok(())
}

/// One projected item before compilation.
struct Item<'q> {
    name: String,
    /// `None` for a variable brought in by `*`.
    expr: Option<&'q Expr>,
    /// The variable for `*` items.
    star: Option<Var>,
    span: Span,
}

/// What a projection compiles to.
struct Projected {
    scope: Scope,
    ops: Vec<Op>,
    columns: Vec<String>,
    slots: Vec<usize>,
}

struct Compiler<'t> {
    text: &'t str,
    slots: usize,
    /// Per slot of the single query being compiled, the variable it holds.
    slot_names: Vec<Option<String>>,
    names: Vec<NameUse>,
    params: Vec<(String, Span)>,
    /// How many subqueries enclose the expression being compiled.
    subquery_depth: usize,
}

/// The most subqueries (`EXISTS { }`, `COUNT { }`, pattern conditions) one may nest
/// in another.
const MAX_SUBQUERY_DEPTH: usize = 8;

impl Compiler<'_> {
    fn new_slot(&mut self) -> usize {
        self.slots += 1;
        self.slot_names.push(None);
        self.slots - 1
    }

    /// A fresh slot for a value the projection computes, queued in `queue` (grouping
    /// keys, aggregate outputs or plain computed columns) to be filled with `compiled`.
    fn computed_slot(
        &mut self,
        compiled: CExpr,
        queue: &mut Vec<(usize, CExpr)>,
    ) -> (usize, VarKind) {
        let slot = self.new_slot();
        queue.push((slot, compiled));
        (slot, VarKind::Value)
    }

    /// Names `slot` after the variable it holds (for plans), unless it has a name.
    fn name_slot(&mut self, slot: usize, name: &str) {
        if let Some(own @ None) = self.slot_names.get_mut(slot) {
            *own = Some(name.to_string());
        }
    }

    fn source(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("?")
    }

    fn name_use(&mut self, kind: NameKind, ident: &ast::Ident) {
        self.names.push(NameUse {
            kind,
            name: ident.name.clone(),
            span: ident.span,
        });
    }

    fn single(&mut self, query: &ast::SingleQuery) -> Result<(Part, Vec<String>), QueryError> {
        self.slots = 0;
        self.slot_names.clear();
        let mut scope = Scope::default();
        let mut ops = Vec::new();
        for clause in &query.clauses {
            match clause {
                Clause::Match(clause) => {
                    let compiled = self.match_clause(clause, &mut scope)?;
                    ops.push(Op::Match(compiled));
                }
                Clause::Unwind(unwind) => {
                    let list = self.expr(
                        &unwind.list,
                        &scope,
                        &mut Aggregates::Forbidden("in UNWIND"),
                    )?;
                    self.check_new_name(&unwind.variable, &scope)?;
                    let slot = self.new_slot();
                    scope.push(&unwind.variable.name, slot, VarKind::Value);
                    self.name_slot(slot, &unwind.variable.name);
                    ops.push(Op::Unwind { list, slot });
                }
                Clause::Call(call) => {
                    let args = call
                        .args
                        .iter()
                        .map(|arg| self.expr(arg, &scope, &mut Aggregates::Forbidden("in CALL")))
                        .collect::<Result<Vec<_>, _>>()?;
                    let mut yields = Vec::new();
                    for item in &call.yields {
                        let variable = item.variable();
                        self.check_new_name(variable, &scope)?;
                        let slot = self.new_slot();
                        scope.push(&variable.name, slot, VarKind::Value);
                        self.name_slot(slot, &variable.name);
                        yields.push((item.column.name.clone(), slot));
                    }
                    ops.push(Op::Call {
                        procedure: call.procedure.name.clone(),
                        args,
                        yields,
                        span: call.procedure.span,
                    });
                    if let Some(condition) = &call.where_clause {
                        let condition =
                            self.expr(condition, &scope, &mut Aggregates::Forbidden("in WHERE"))?;
                        ops.push(Op::Filter(condition));
                    }
                }
                Clause::With(with) => {
                    let projected = self.projection(&with.projection, &scope, with.span)?;
                    // A `WHERE` after a projection that keeps each row (no
                    // aggregation, no DISTINCT) also sees the variables before it,
                    // whose values the rows still hold (openCypher; Neo4j 5).
                    let keeps_rows = !projected
                        .ops
                        .iter()
                        .any(|op| matches!(op, Op::Aggregate(_) | Op::Distinct(_)));
                    let mut visible = if keeps_rows {
                        std::mem::take(&mut scope)
                    } else {
                        Scope::default()
                    };
                    visible.vars.extend(projected.scope.vars.iter().cloned());
                    ops.extend(projected.ops);
                    scope = projected.scope;
                    if let Some(condition) = &with.where_clause {
                        let condition =
                            self.expr(condition, &visible, &mut Aggregates::Forbidden("in WHERE"))?;
                        ops.push(Op::Filter(condition));
                    }
                }
            }
        }
        let ret = &query.return_clause;
        let projected = self.projection(&ret.projection, &scope, ret.span)?;
        ops.extend(projected.ops);
        ops.push(Op::Emit(projected.slots));
        Ok((
            Part {
                ops,
                slot_count: self.slots,
                slot_names: std::mem::take(&mut self.slot_names),
            },
            projected.columns,
        ))
    }

    fn check_new_name(&self, ident: &ast::Ident, scope: &Scope) -> Result<(), QueryError> {
        if scope.get(&ident.name).is_some() {
            return Err(QueryError::semantic(
                format!("variable `{}` is already defined", ident.name),
                ident.span,
                None,
            ));
        }
        Ok(())
    }

    fn match_clause(
        &mut self,
        clause: &ast::Match,
        scope: &mut Scope,
    ) -> Result<MatchClause, QueryError> {
        let before: HashSet<usize> = scope.vars.iter().map(|var| var.slot).collect();
        let mut state = PatternState {
            before,
            new_slots: Vec::new(),
            moved: Vec::new(),
        };
        let mut parts = Vec::new();
        for pattern in &clause.patterns {
            let mut nodes = vec![self.node(&pattern.start, scope, &mut state)?];
            let mut rels = Vec::new();
            for step in &pattern.steps {
                let shortest = pattern.shortest.is_some();
                rels.push(self.relationship(&step.relationship, shortest, scope, &mut state)?);
                nodes.push(self.node(&step.node, scope, &mut state)?);
            }
            let path_slot = match &pattern.variable {
                Some(variable) => {
                    self.check_new_name(variable, scope)?;
                    Some(self.new_element(Some(variable), VarKind::Path, scope, &mut state))
                }
                None => None,
            };
            parts.push(PathPattern {
                path_slot,
                shortest: pattern.shortest,
                nodes,
                rels,
            });
        }
        let mut conditions = state.moved;
        if let Some(condition) = &clause.where_clause {
            let condition = self.expr(condition, scope, &mut Aggregates::Forbidden("in WHERE"))?;
            split_conjuncts(condition, &mut conditions);
        }
        let conjuncts = conditions
            .into_iter()
            .map(|expr| {
                let mut slots = Vec::new();
                slots_read(&expr, &mut slots);
                Conjunct { expr, slots }
            })
            .collect();
        Ok(MatchClause {
            span: clause.span,
            optional: clause.optional,
            parts,
            conjuncts,
            new_slots: state.new_slots,
        })
    }

    /// A fresh slot for a pattern element the clause binds, named in `scope` when the
    /// element has a variable.
    fn new_element(
        &mut self,
        variable: Option<&ast::Ident>,
        kind: VarKind,
        scope: &mut Scope,
        state: &mut PatternState,
    ) -> usize {
        let slot = self.new_slot();
        if let Some(variable) = variable {
            scope.push(&variable.name, slot, kind);
            self.name_slot(slot, &variable.name);
        }
        state.new_slots.push(slot);
        slot
    }

    fn node(
        &mut self,
        pattern: &ast::NodePattern,
        scope: &mut Scope,
        state: &mut PatternState,
    ) -> Result<NodeElem, QueryError> {
        let slot = match &pattern.variable {
            Some(variable) => match scope.get(&variable.name) {
                Some(var) => {
                    if !matches!(var.kind, VarKind::Node | VarKind::Value) {
                        return Err(QueryError::semantic(
                            format!("`{}` is {}, not a node", variable.name, var.kind.describe()),
                            variable.span,
                            None,
                        ));
                    }
                    var.slot
                }
                None => self.new_element(Some(variable), VarKind::Node, scope, state),
            },
            None => self.new_element(None, VarKind::Node, scope, state),
        };
        let (labels, any_label) = match &pattern.labels {
            Some(labels) => {
                for name in &labels.names {
                    self.name_use(NameKind::Label, name);
                }
                (
                    labels.names.iter().map(|n| n.name.clone()).collect(),
                    labels.form == LabelForm::AnyOf,
                )
            }
            None => (Vec::new(), false),
        };
        let properties =
            self.pattern_properties(pattern.properties.as_ref(), slot, scope, state)?;
        Ok(NodeElem {
            slot,
            named: pattern.variable.is_some(),
            labels,
            any_label,
            properties,
            span: pattern.span,
        })
    }

    fn relationship(
        &mut self,
        pattern: &ast::RelationshipPattern,
        shortest: bool,
        scope: &mut Scope,
        state: &mut PatternState,
    ) -> Result<RelElem, QueryError> {
        let mut length = pattern
            .length
            .map(|length| (length.min.unwrap_or(1), length.max));
        if shortest && length.is_none() {
            length = Some((1, Some(1)));
        }
        let kind = if length.is_some() {
            VarKind::RelationshipList
        } else {
            VarKind::Relationship
        };
        let slot = match &pattern.variable {
            Some(variable) => match scope.get(&variable.name) {
                Some(var) => {
                    let reason = if !matches!(var.kind, VarKind::Relationship | VarKind::Value) {
                        Some(format!("is {}, not a relationship", var.kind.describe()))
                    } else if state.new_slots.contains(&var.slot) {
                        Some(
                            "is already used in this MATCH; each relationship is matched once"
                                .to_string(),
                        )
                    } else if length.is_some() {
                        Some(
                            "is already bound and cannot name a variable-length relationship"
                                .to_string(),
                        )
                    } else {
                        None
                    };
                    if let Some(reason) = reason {
                        return Err(QueryError::semantic(
                            format!("`{}` {reason}", variable.name),
                            variable.span,
                            None,
                        ));
                    }
                    var.slot
                }
                None => self.new_element(Some(variable), kind, scope, state),
            },
            None => self.new_element(None, kind, scope, state),
        };
        for name in &pattern.types {
            self.name_use(NameKind::Type, name);
        }
        let properties =
            self.pattern_properties(pattern.properties.as_ref(), slot, scope, state)?;
        Ok(RelElem {
            slot,
            named: pattern.variable.is_some(),
            pre_bound: state.before.contains(&slot),
            direction: pattern.direction,
            types: pattern.types.iter().map(|t| t.name.clone()).collect(),
            length,
            properties,
            span: pattern.span,
        })
    }

    /// Compiles `{key: value}` of a pattern element. Values that read variables of the
    /// same `MATCH` are moved to its conditions, since the element may be matched
    /// before those variables are bound.
    fn pattern_properties(
        &mut self,
        map: Option<&ast::PropertyMap>,
        slot: usize,
        scope: &Scope,
        state: &mut PatternState,
    ) -> Result<Vec<(String, CExpr)>, QueryError> {
        let mut properties = Vec::new();
        for entry in map.map(|m| m.entries.as_slice()).unwrap_or_default() {
            self.name_use(NameKind::Key, &entry.key);
            let value = self.expr(
                &entry.value,
                scope,
                &mut Aggregates::Forbidden("in a pattern"),
            )?;
            let mut read = Vec::new();
            slots_read(&value, &mut read);
            if read.iter().any(|s| state.new_slots.contains(s)) {
                let span = entry.key.span.to(entry.value.span);
                let element = CExpr {
                    kind: CKind::Slot(slot),
                    span,
                };
                let property = CExpr {
                    kind: CKind::Property(Box::new(element), entry.key.name.clone()),
                    span,
                };
                state.moved.push(CExpr {
                    kind: CKind::Binary(BinaryOp::Equal, Box::new(property), Box::new(value)),
                    span,
                });
            } else {
                properties.push((entry.key.name.clone(), value));
            }
        }
        Ok(properties)
    }

    fn projection(
        &mut self,
        projection: &ast::Projection,
        scope: &Scope,
        clause_span: Span,
    ) -> Result<Projected, QueryError> {
        let mut items: Vec<Item<'_>> = Vec::new();
        if projection.star {
            let visible = scope.visible();
            if visible.is_empty() {
                return Err(QueryError::semantic(
                    "`*` projects every variable, but there are none here",
                    clause_span,
                    None,
                ));
            }
            for var in visible {
                items.push(Item {
                    name: var.name.clone(),
                    expr: None,
                    star: Some(var.clone()),
                    span: clause_span,
                });
            }
        }
        for item in &projection.items {
            let name = match &item.alias {
                Some(alias) => alias.name.clone(),
                None => self.source(item.expr.span).to_string(),
            };
            items.push(Item {
                name,
                expr: Some(&item.expr),
                star: None,
                span: item.span,
            });
        }
        let mut names = HashSet::new();
        for item in &items {
            if !names.insert(item.name.as_str()) {
                return Err(QueryError::semantic(
                    format!("the column name `{}` is used twice", item.name),
                    item.span,
                    Some("give one of them another name with AS".to_string()),
                ));
            }
        }
        let aggregating = items
            .iter()
            .any(|item| item.expr.is_some_and(contains_aggregate));
        let mut ops = Vec::new();
        let mut new_scope = Scope::default();
        let mut slots = Vec::new();
        let mut columns = Vec::new();
        if aggregating {
            let key_exprs: Vec<&Expr> = items
                .iter()
                .filter_map(|item| item.expr.filter(|e| !contains_aggregate(e)))
                .collect();
            let star_names: Vec<String> = items
                .iter()
                .filter_map(|item| item.star.as_ref().map(|var| var.name.clone()))
                .collect();
            let mut keys = Vec::new();
            let mut aggregates = Vec::new();
            let mut outputs = Vec::new();
            for item in &items {
                let (slot, kind) = match (item.expr, &item.star) {
                    (None, Some(var)) => {
                        keys.push((var.slot, slot_expr(var.slot, item.span)));
                        (var.slot, var.kind)
                    }
                    (Some(expr), _) if !contains_aggregate(expr) => {
                        if let Some(var) = self.bare_variable(expr, scope)? {
                            keys.push((var.slot, slot_expr(var.slot, expr.span)));
                            (var.slot, var.kind)
                        } else {
                            let compiled = self.expr(
                                expr,
                                scope,
                                &mut Aggregates::Forbidden("in a grouping key"),
                            )?;
                            self.computed_slot(compiled, &mut keys)
                        }
                    }
                    (Some(expr), _) => {
                        let mut locals = star_names.clone();
                        check_grouping(expr, &key_exprs, &mut locals)?;
                        let compiled =
                            self.expr(expr, scope, &mut Aggregates::Collect(&mut aggregates))?;
                        self.computed_slot(compiled, &mut outputs)
                    }
                    (None, None) => continue,
                };
                columns.push((item.name.as_str(), slot, kind));
            }
            ops.push(Op::Aggregate(AggregateClause {
                keys,
                aggregates,
                outputs,
            }));
        } else {
            let mut computed = Vec::new();
            for item in &items {
                let (slot, kind) = match (item.expr, &item.star) {
                    (None, Some(var)) => (var.slot, var.kind),
                    (Some(expr), _) => match self.bare_variable(expr, scope)? {
                        Some(var) => (var.slot, var.kind),
                        None => {
                            let compiled =
                                self.expr(expr, scope, &mut Aggregates::Forbidden("here"))?;
                            self.computed_slot(compiled, &mut computed)
                        }
                    },
                    (None, None) => continue,
                };
                columns.push((item.name.as_str(), slot, kind));
            }
            if !computed.is_empty() {
                ops.push(Op::Compute(computed));
            }
        }
        // The columns the projection gives, in order, whichever way they were made.
        for (name, slot, kind) in columns {
            new_scope.push(name, slot, kind);
            self.name_slot(slot, name);
            slots.push(slot);
        }
        if projection.distinct {
            ops.push(Op::Distinct(slots.clone()));
        }
        if !projection.order_by.is_empty() {
            // Without DISTINCT or aggregation, ORDER BY also sees the variables from
            // before the projection (the projected names win).
            let order_scope = if projection.distinct || aggregating {
                new_scope.clone()
            } else {
                let mut combined = scope.clone();
                combined.vars.extend(new_scope.vars.iter().cloned());
                combined
            };
            // Sort keys may hold a projected expression (an aggregate, say) inside a
            // larger one: `ORDER BY $k + avg(x.v)` reads the projected `avg(x.v)`.
            let columns: Vec<(String, usize)> = if projection.distinct || aggregating {
                items
                    .iter()
                    .zip(&slots)
                    .filter_map(|(item, &slot)| Some((item.expr?.to_string(), slot)))
                    .collect()
            } else {
                Vec::new()
            };
            let mut keys = Vec::new();
            for sort in &projection.order_by {
                let projected = items
                    .iter()
                    .zip(&slots)
                    .find(|(item, _)| item.expr.is_some_and(|expr| expr.same_shape(&sort.expr)));
                if projected.is_none()
                    && (projection.distinct || aggregating)
                    && let Some((name, span)) =
                        unprojected(&sort.expr, &order_scope, scope, &columns)
                {
                    return Err(QueryError::semantic(
                        format!(
                            "`{name}` is not projected: after DISTINCT or an aggregation, ORDER BY \
                             sees only the projected columns"
                        ),
                        span,
                        Some(
                            "project what to sort by too, or sort by a projected column"
                                .to_string(),
                        ),
                    ));
                }
                let key = match projected {
                    Some((_, &slot)) => slot_expr(slot, sort.expr.span),
                    None => self.expr(
                        &sort.expr,
                        &order_scope,
                        &mut Aggregates::Projected(&columns),
                    )?,
                };
                keys.push((key, sort.direction));
            }
            ops.push(Op::Sort(keys));
        }
        if let Some(skip) = &projection.skip {
            ops.push(Op::Skip(self.constant(skip, "SKIP")?));
        }
        if let Some(limit) = &projection.limit {
            ops.push(Op::Limit(self.constant(limit, "LIMIT")?));
        }
        Ok(Projected {
            scope: new_scope,
            ops,
            columns: items.into_iter().map(|item| item.name).collect(),
            slots,
        })
    }

    /// The variable a bare-variable item names, if the item is one.
    fn bare_variable(&self, expr: &Expr, scope: &Scope) -> Result<Option<Var>, QueryError> {
        match &expr.kind {
            ExprKind::Variable(name) => match scope.get(name) {
                Some(var) => Ok(Some(var.clone())),
                None => Err(undefined(name, expr.span, scope)),
            },
            _ => Ok(None),
        }
    }

    /// `SKIP` and `LIMIT` values: computed once, so they may not read variables.
    fn constant(&mut self, expr: &Expr, clause: &'static str) -> Result<CExpr, QueryError> {
        let mut variables = Vec::new();
        find_variables(expr, &mut variables);
        if let Some((name, span)) = variables.first() {
            return Err(QueryError::semantic(
                format!(
                    "{clause} cannot read the variable `{name}`; it is computed once, before any row"
                ),
                *span,
                None,
            ));
        }
        self.expr(expr, &Scope::default(), &mut Aggregates::Forbidden(clause))
    }

    /// Compiles an optional part (a slice bound, `CASE`'s subject or `ELSE`, a
    /// comprehension's filter or map): absent stays absent.
    fn optional_expr(
        &mut self,
        expr: Option<&Expr>,
        scope: &Scope,
        aggregates: &mut Aggregates<'_>,
    ) -> Result<Option<Box<CExpr>>, QueryError> {
        expr.map(|expr| self.expr(expr, scope, aggregates).map(Box::new))
            .transpose()
    }

    fn expr(
        &mut self,
        expr: &Expr,
        scope: &Scope,
        aggregates: &mut Aggregates<'_>,
    ) -> Result<CExpr, QueryError> {
        let span = expr.span;
        if let Aggregates::Projected(columns) = aggregates {
            let printed = expr.to_string();
            if let Some((_, slot)) = columns.iter().find(|(column, _)| *column == printed) {
                return Ok(slot_expr(*slot, span));
            }
        }
        let boxed = |e: CExpr| Box::new(e);
        let kind = match &expr.kind {
            ExprKind::Literal(literal) => CKind::Constant(match literal {
                Literal::Integer(i) => Value::Integer(*i),
                Literal::Float(f) => Value::Float(*f),
                Literal::String(s) => Value::String(s.clone()),
                Literal::Boolean(b) => Value::Boolean(*b),
                Literal::Null => Value::Null,
            }),
            ExprKind::Parameter(name) => {
                self.params.push((name.clone(), span));
                CKind::Param(name.clone())
            }
            ExprKind::Variable(name) => match scope.get(name) {
                Some(var) => CKind::Slot(var.slot),
                None => return Err(undefined(name, span, scope)),
            },
            ExprKind::List(items) => CKind::List(
                items
                    .iter()
                    .map(|item| self.expr(item, scope, aggregates))
                    .collect::<Result<_, _>>()?,
            ),
            ExprKind::Map(entries) => CKind::Map(
                entries
                    .iter()
                    .map(|entry| {
                        Ok((
                            entry.key.name.clone(),
                            self.expr(&entry.value, scope, aggregates)?,
                        ))
                    })
                    .collect::<Result<_, QueryError>>()?,
            ),
            ExprKind::Property { subject, key } => {
                // Keys read from nodes and relationships must be keys of the graph;
                // maps may hold anything.
                if let ExprKind::Variable(name) = &subject.kind
                    && scope.get(name).is_some_and(|var| {
                        matches!(var.kind, VarKind::Node | VarKind::Relationship)
                    })
                {
                    self.name_use(NameKind::Key, key);
                }
                CKind::Property(
                    boxed(self.expr(subject, scope, aggregates)?),
                    key.name.clone(),
                )
            }
            ExprKind::Index { subject, index } => CKind::Index(
                boxed(self.expr(subject, scope, aggregates)?),
                boxed(self.expr(index, scope, aggregates)?),
            ),
            ExprKind::Slice { subject, from, to } => CKind::Slice(
                boxed(self.expr(subject, scope, aggregates)?),
                self.optional_expr(from.as_deref(), scope, aggregates)?,
                self.optional_expr(to.as_deref(), scope, aggregates)?,
            ),
            ExprKind::HasLabels { subject, labels } => {
                // `r:T` tests a relationship's type; a value of unknown kind may be
                // either, so its names are checked against both.
                let kind = match &subject.kind {
                    ExprKind::Variable(name) => match scope.get(name).map(|var| var.kind) {
                        Some(VarKind::Relationship) => NameKind::Type,
                        Some(VarKind::Value) => NameKind::LabelOrType,
                        _ => NameKind::Label,
                    },
                    _ => NameKind::LabelOrType,
                };
                for name in &labels.names {
                    self.name_use(kind, name);
                }
                CKind::HasLabels(
                    boxed(self.expr(subject, scope, aggregates)?),
                    labels.names.iter().map(|n| n.name.clone()).collect(),
                    labels.form,
                )
            }
            ExprKind::Unary { op, operand } => {
                if *op == UnaryOp::Not {
                    check_boolean("NOT", operand)?;
                }
                CKind::Unary(*op, boxed(self.expr(operand, scope, aggregates)?))
            }
            ExprKind::Binary { op, lhs, rhs } => {
                if matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Xor) {
                    check_boolean(op.symbol(), lhs)?;
                    check_boolean(op.symbol(), rhs)?;
                }
                CKind::Binary(
                    *op,
                    boxed(self.expr(lhs, scope, aggregates)?),
                    boxed(self.expr(rhs, scope, aggregates)?),
                )
            }
            ExprKind::ComparisonChain { first, rest } => CKind::Chain(
                boxed(self.expr(first, scope, aggregates)?),
                rest.iter()
                    .map(|(op, operand)| Ok((*op, self.expr(operand, scope, aggregates)?)))
                    .collect::<Result<_, QueryError>>()?,
            ),
            ExprKind::IsNull { operand, negated } => {
                CKind::IsNull(boxed(self.expr(operand, scope, aggregates)?), *negated)
            }
            ExprKind::CountStar => {
                return self.aggregate(
                    AggregateFunction::Count,
                    false,
                    (None, None),
                    span,
                    scope,
                    aggregates,
                );
            }
            // `exists((a)-->())` asks whether the pattern has a match, which is what
            // the pattern condition itself answers (`exists()` of a value asks
            // whether it is not null, which a boolean always is).
            ExprKind::FunctionCall { name, args, .. }
                if name.name.eq_ignore_ascii_case("exists")
                    && matches!(
                        args.as_slice(),
                        [Expr {
                            kind: ExprKind::Subquery {
                                kind: SubqueryKind::Pattern,
                                ..
                            },
                            ..
                        }]
                    ) =>
            {
                let [pattern] = args.as_slice() else {
                    unreachable!("matched one argument above")
                };
                return self.expr(pattern, scope, aggregates);
            }
            ExprKind::FunctionCall {
                name,
                distinct,
                args,
            } => {
                let Some((callable, min, max)) = functions::lookup(&name.name) else {
                    return Err(QueryError::semantic(
                        format!("unknown function `{}`", name.name),
                        name.span,
                        did_you_mean(&name.name, FUNCTION_NAMES),
                    ));
                };
                if args.len() < min || args.len() > max {
                    let expected = match (min, max) {
                        (min, max) if min == max => format!("{min}"),
                        (min, usize::MAX) => format!("at least {min}"),
                        (min, max) => format!("{min} to {max}"),
                    };
                    return Err(QueryError::semantic(
                        format!(
                            "`{}` takes {expected} argument{}, not {}",
                            name.name,
                            if expected == "1" { "" } else { "s" },
                            args.len()
                        ),
                        span,
                        None,
                    ));
                }
                match callable {
                    Callable::Aggregate(function) => {
                        return self.aggregate(
                            function,
                            *distinct,
                            (args.first(), args.get(1)),
                            span,
                            scope,
                            aggregates,
                        );
                    }
                    Callable::Scalar(function) => {
                        if *distinct {
                            return Err(QueryError::semantic(
                                format!(
                                    "DISTINCT only applies to aggregate functions, not `{}`",
                                    name.name
                                ),
                                span,
                                None,
                            ));
                        }
                        CKind::Call(
                            function,
                            args.iter()
                                .map(|arg| self.expr(arg, scope, aggregates))
                                .collect::<Result<_, _>>()?,
                        )
                    }
                }
            }
            ExprKind::Case {
                subject,
                branches,
                default,
            } => CKind::Case {
                subject: self.optional_expr(subject.as_deref(), scope, aggregates)?,
                branches: branches
                    .iter()
                    .map(|branch| {
                        Ok((
                            self.expr(&branch.when, scope, aggregates)?,
                            self.expr(&branch.then, scope, aggregates)?,
                        ))
                    })
                    .collect::<Result<_, QueryError>>()?,
                default: self.optional_expr(default.as_deref(), scope, aggregates)?,
            },
            ExprKind::ListComprehension(comprehension) => {
                let source = self.expr(&comprehension.iteration.source, scope, aggregates)?;
                let (slot, inner) = self.local(&comprehension.iteration.variable, scope);
                let mut forbidden = inner_aggregates(aggregates, "inside a list comprehension");
                let filter =
                    self.optional_expr(comprehension.filter.as_deref(), &inner, &mut forbidden)?;
                let map =
                    self.optional_expr(comprehension.map.as_deref(), &inner, &mut forbidden)?;
                CKind::Comprehension(ir::Comprehension {
                    slot,
                    source: boxed(source),
                    filter,
                    map,
                })
            }
            ExprKind::ListPredicate(list_predicate) => {
                let source = self.expr(&list_predicate.iteration.source, scope, aggregates)?;
                let (slot, inner) = self.local(&list_predicate.iteration.variable, scope);
                let mut forbidden = inner_aggregates(aggregates, "inside a list predicate");
                let predicate = self.expr(&list_predicate.predicate, &inner, &mut forbidden)?;
                CKind::Quantified(ir::Quantified {
                    quantifier: list_predicate.quantifier,
                    slot,
                    source: boxed(source),
                    predicate: boxed(predicate),
                })
            }
            ExprKind::Subquery {
                kind,
                pattern,
                result,
            } => {
                // Subqueries nest by recursion when they run; a few levels are all
                // any question needs.
                if self.subquery_depth >= MAX_SUBQUERY_DEPTH {
                    return Err(QueryError::semantic(
                        format!("subqueries may nest at most {MAX_SUBQUERY_DEPTH} deep"),
                        span,
                        None,
                    ));
                }
                self.subquery_depth += 1;
                let compiled = self.subquery(pattern, result.as_deref(), scope, aggregates);
                self.subquery_depth -= 1;
                let ops = compiled?;
                let gives = match kind {
                    _ if result.is_some() => SubqueryAnswer::Collect,
                    SubqueryKind::Count => SubqueryAnswer::Count,
                    _ => SubqueryAnswer::Exists,
                };
                CKind::Subquery { gives, ops }
            }
            ExprKind::Reduce(reduce) => {
                let (accumulator, variable) = (&reduce.accumulator, &reduce.iteration.variable);
                let init = self.expr(&reduce.init, scope, aggregates)?;
                let source = self.expr(&reduce.iteration.source, scope, aggregates)?;
                if accumulator.name == variable.name {
                    return Err(QueryError::semantic(
                        format!(
                            "`{}` names both the accumulator and the element",
                            variable.name
                        ),
                        variable.span,
                        None,
                    ));
                }
                let (accumulator_slot, with_accumulator) = self.local(accumulator, scope);
                let (slot, inner) = self.local(variable, &with_accumulator);
                let mut forbidden = inner_aggregates(aggregates, "inside reduce()");
                let step = self.expr(&reduce.step, &inner, &mut forbidden)?;
                CKind::Reduce(ir::Reduce {
                    accumulator: accumulator_slot,
                    init: boxed(init),
                    slot,
                    source: boxed(source),
                    step: boxed(step),
                })
            }
        };
        Ok(CExpr { kind, span })
    }

    /// The ops of a subquery: its `MATCH`, and for `COLLECT` and pattern
    /// comprehensions the value collected per match, computed into a fresh slot and
    /// emitted. Variables the subquery binds are its own: the scope is a copy.
    fn subquery(
        &mut self,
        pattern: &ast::Match,
        result: Option<&Expr>,
        scope: &Scope,
        aggregates: &mut Aggregates<'_>,
    ) -> Result<Vec<Op>, QueryError> {
        let mut inner = scope.clone();
        let clause = self.match_clause(pattern, &mut inner)?;
        let mut ops = vec![Op::Match(clause)];
        if let Some(result) = result {
            let mut forbidden = inner_aggregates(aggregates, "inside a subquery");
            let value = self.expr(result, &inner, &mut forbidden)?;
            let slot = self.new_slot();
            ops.push(Op::Compute(vec![(slot, value)]));
            ops.push(Op::Emit(vec![slot]));
        }
        Ok(ops)
    }

    /// A fresh slot for a variable local to an expression (a comprehension's, a list
    /// predicate's, `reduce`'s), and the scope inside it.
    fn local(&mut self, variable: &ast::Ident, scope: &Scope) -> (usize, Scope) {
        let slot = self.new_slot();
        let mut inner = scope.clone();
        inner.push(&variable.name, slot, VarKind::Value);
        self.name_slot(slot, &variable.name);
        (slot, inner)
    }

    fn aggregate(
        &mut self,
        function: AggregateFunction,
        distinct: bool,
        // The argument (none for `count(*)`) and a percentile's second.
        args: (Option<&Expr>, Option<&Expr>),
        span: Span,
        scope: &Scope,
        aggregates: &mut Aggregates<'_>,
    ) -> Result<CExpr, QueryError> {
        let not_allowed = |reason: &str| {
            QueryError::semantic(
                format!(
                    "aggregate functions such as `{}` are not allowed {reason}",
                    self.source(span)
                ),
                span,
                None,
            )
        };
        let specs = match aggregates {
            Aggregates::Projected(_) => {
                return Err(not_allowed("in ORDER BY unless also projected"));
            }
            Aggregates::Forbidden(reason) => return Err(not_allowed(reason)),
            Aggregates::Collect(specs) => specs,
        };
        let mut inner = |arg: Option<&Expr>| match arg {
            Some(arg) => self
                .expr(
                    arg,
                    scope,
                    &mut Aggregates::Forbidden("inside another aggregate function"),
                )
                .map(Some),
            None => Ok(None),
        };
        let (arg, percentile) = (inner(args.0)?, inner(args.1)?);
        let slot = self.new_slot();
        specs.push(AggregateSpec {
            slot,
            function,
            distinct,
            arg,
            percentile,
            span,
        });
        Ok(slot_expr(slot, span))
    }
}

/// Aggregates are never allowed inside an expression with local variables: the reason
/// already given outside, or `inside` it.
fn inner_aggregates(outer: &Aggregates<'_>, inside: &'static str) -> Aggregates<'static> {
    Aggregates::Forbidden(match outer {
        Aggregates::Forbidden(reason) => reason,
        Aggregates::Projected(_) => "in ORDER BY unless also projected",
        Aggregates::Collect(_) => inside,
    })
}

/// What compiling one `MATCH` keeps track of across its patterns.
struct PatternState {
    /// Slots bound before the clause.
    before: HashSet<usize>,
    /// Slots the clause binds, in order of appearance.
    new_slots: Vec<usize>,
    /// Pattern properties moved to the conditions.
    moved: Vec<CExpr>,
}

fn slot_expr(slot: usize, span: Span) -> CExpr {
    CExpr {
        kind: CKind::Slot(slot),
        span,
    }
}

fn undefined(name: &str, span: Span, scope: &Scope) -> QueryError {
    QueryError::semantic(
        format!("variable `{name}` is not defined"),
        span,
        did_you_mean(name, scope.visible().iter().map(|var| var.name.as_str())),
    )
}

/// Refuses an operand of `NOT`, `AND`, `OR` or `XOR` that is written as a value of
/// another type than boolean (`NOT []`, `true OR 1`): openCypher makes that an error
/// before running, even where the operator would not need the operand.
fn check_boolean(operator: &str, operand: &Expr) -> Result<(), QueryError> {
    let written = match &operand.kind {
        ExprKind::Literal(Literal::Integer(_)) => "an Integer",
        ExprKind::Literal(Literal::Float(_)) => "a Float",
        ExprKind::Literal(Literal::String(_)) => "a String",
        ExprKind::List(_) | ExprKind::ListComprehension(_) => "a List",
        ExprKind::Map(_) => "a Map",
        _ => return Ok(()),
    };
    Err(QueryError::semantic(
        format!("`{operator}` needs booleans, not {written}"),
        operand.span,
        None,
    ))
}

/// A variable `expr` reads that was defined before a projection (`before`) but is not
/// among its columns (`projected`), outside the parts of `expr` that repeat a
/// projected column's expression (printed in `columns`).
fn unprojected<'e>(
    expr: &'e Expr,
    projected: &Scope,
    before: &Scope,
    columns: &[(String, usize)],
) -> Option<(&'e str, Span)> {
    if let ExprKind::Variable(name) = &expr.kind
        && projected.get(name).is_none()
        && before.get(name).is_some()
    {
        return Some((name, expr.span));
    }
    if !columns.is_empty() {
        let printed = expr.to_string();
        if columns.iter().any(|(column, _)| *column == printed) {
            return None;
        }
    }
    children(expr)
        .into_iter()
        .find_map(|child| unprojected(child, projected, before, columns))
}

/// Splits a condition at its top-level `AND`s.
fn split_conjuncts(expr: CExpr, out: &mut Vec<CExpr>) {
    match expr.kind {
        CKind::Binary(BinaryOp::And, lhs, rhs) => {
            split_conjuncts(*lhs, out);
            split_conjuncts(*rhs, out);
        }
        kind => out.push(CExpr {
            kind,
            span: expr.span,
        }),
    }
}

/// The direct sub-expressions of an expression.
fn children(expr: &Expr) -> Vec<&Expr> {
    match &expr.kind {
        ExprKind::Literal(_)
        | ExprKind::Parameter(_)
        | ExprKind::Variable(_)
        | ExprKind::CountStar => Vec::new(),
        ExprKind::List(items) => items.iter().collect(),
        ExprKind::Map(entries) => entries.iter().map(|e| &e.value).collect(),
        ExprKind::Property { subject, .. } | ExprKind::HasLabels { subject, .. } => {
            vec![subject]
        }
        ExprKind::Unary { operand, .. } | ExprKind::IsNull { operand, .. } => vec![operand],
        ExprKind::Index { subject, index } => vec![subject, index],
        ExprKind::Slice { subject, from, to } => std::iter::once(subject.as_ref())
            .chain(from.as_deref())
            .chain(to.as_deref())
            .collect(),
        ExprKind::Binary { lhs, rhs, .. } => vec![lhs, rhs],
        ExprKind::ComparisonChain { first, rest } => std::iter::once(first.as_ref())
            .chain(rest.iter().map(|(_, e)| e))
            .collect(),
        ExprKind::FunctionCall { args, .. } => args.iter().collect(),
        ExprKind::Case {
            subject,
            branches,
            default,
        } => subject
            .as_deref()
            .into_iter()
            .chain(branches.iter().flat_map(|b| [&b.when, &b.then]))
            .chain(default.as_deref())
            .collect(),
        ExprKind::ListComprehension(comprehension) => {
            std::iter::once(&*comprehension.iteration.source)
                .chain(comprehension.filter.as_deref())
                .chain(comprehension.map.as_deref())
                .collect()
        }
        ExprKind::ListPredicate(list_predicate) => {
            vec![&list_predicate.iteration.source, &list_predicate.predicate]
        }
        ExprKind::Reduce(reduce) => vec![&reduce.init, &reduce.iteration.source, &reduce.step],
        ExprKind::Subquery {
            pattern, result, ..
        } => {
            let maps = pattern.patterns.iter().flat_map(|part| {
                let nodes = std::iter::once(&part.start).chain(part.steps.iter().map(|s| &s.node));
                let node_maps = nodes.filter_map(|node| node.properties.as_ref());
                let rel_maps = part
                    .steps
                    .iter()
                    .filter_map(|step| step.relationship.properties.as_ref());
                node_maps.chain(rel_maps).flat_map(|map| &map.entries)
            });
            maps.map(|entry| &entry.value)
                .chain(pattern.where_clause.as_ref())
                .chain(result.as_deref())
                .collect()
        }
    }
}

fn is_aggregate_call(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::CountStar => true,
        ExprKind::FunctionCall { name, .. } => matches!(
            functions::lookup(&name.name),
            Some((Callable::Aggregate(_), ..))
        ),
        _ => false,
    }
}

fn contains_aggregate(expr: &Expr) -> bool {
    is_aggregate_call(expr) || children(expr).into_iter().any(contains_aggregate)
}

/// Every variable an expression reads, with where.
fn find_variables(expr: &Expr, out: &mut Vec<(String, Span)>) {
    if let ExprKind::Variable(name) = &expr.kind {
        out.push((name.clone(), expr.span));
    }
    for child in children(expr) {
        find_variables(child, out);
    }
}

/// In an aggregating item, outside its aggregate calls, only grouping keys (or
/// expressions made of them) may appear: anything else has no single value per group.
fn check_grouping(expr: &Expr, keys: &[&Expr], locals: &mut Vec<String>) -> Result<(), QueryError> {
    if is_aggregate_call(expr) || keys.iter().any(|key| key.same_shape(expr)) {
        return Ok(());
    }
    match &expr.kind {
        ExprKind::Variable(name) if !locals.contains(name) => Err(QueryError::semantic(
            format!("`{name}` is read outside an aggregate function, but is not a grouping key"),
            expr.span,
            Some(format!(
                "project `{name}` as a column of its own, or aggregate it"
            )),
        )),
        ExprKind::ListComprehension(comprehension) => {
            check_grouping(&comprehension.iteration.source, keys, locals)?;
            locals.push(comprehension.iteration.variable.name.clone());
            let inner = comprehension
                .filter
                .iter()
                .chain(&comprehension.map)
                .try_for_each(|e| check_grouping(e, keys, locals));
            locals.pop();
            inner
        }
        // A subquery's own variables are not grouping keys; what it reads of the
        // row is kept with the group's first row.
        ExprKind::Subquery { .. } => Ok(()),
        ExprKind::ListPredicate(list_predicate) => {
            check_grouping(&list_predicate.iteration.source, keys, locals)?;
            locals.push(list_predicate.iteration.variable.name.clone());
            let inner = check_grouping(&list_predicate.predicate, keys, locals);
            locals.pop();
            inner
        }
        ExprKind::Reduce(reduce) => {
            check_grouping(&reduce.init, keys, locals)?;
            check_grouping(&reduce.iteration.source, keys, locals)?;
            locals.push(reduce.accumulator.name.clone());
            locals.push(reduce.iteration.variable.name.clone());
            let inner = check_grouping(&reduce.step, keys, locals);
            locals.truncate(locals.len() - 2);
            inner
        }
        _ => children(expr)
            .into_iter()
            .try_for_each(|child| check_grouping(child, keys, locals)),
    }
}
