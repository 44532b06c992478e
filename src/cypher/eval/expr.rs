//! Evaluating compiled expressions against a row, and the limits every long loop
//! checks (the deadline).

use std::collections::HashMap;
use std::time::Instant;

use regex::Regex;

use super::super::ast::{BinaryOp, LabelForm, Quantifier, Span, UnaryOp};
use super::super::graph::PropertyGraph;
use super::super::temporal;
use super::super::value::{NodeId, RelId, Value};
use super::functions::{self, Function, format_float};
use super::ir::{CExpr, CKind, SubqueryAnswer};
use super::{Options, Params, QueryError};

/// The value of an unbound or missing slot.
static NULL: Value = Value::Null;

/// The value in `slot` of `row` (null if the row is shorter, which compiled programs
/// never ask for).
pub(super) fn get(row: &[Value], slot: usize) -> &Value {
    row.get(slot).unwrap_or(&NULL)
}

/// Sets `slot` of `row`.
pub(super) fn set(row: &mut [Value], slot: usize, value: Value) {
    if let Some(cell) = row.get_mut(slot) {
        *cell = value;
    }
}

/// How many cheap steps run between two looks at the clock.
const TICKS_PER_CLOCK_CHECK: u32 = 256;

/// The most compiled regular expressions kept for reuse.
const REGEX_CACHE_SIZE: usize = 256;

/// Evaluates expressions for one run of a query.
pub(super) struct Evaluator<'a, G: ?Sized> {
    pub graph: &'a G,
    params: &'a Params,
    /// The longest list a function may build.
    pub list_limit: usize,
    pub max_hops: usize,
    deadline: Option<Instant>,
    /// Bytes of values kept until the query ends (rows, sort buffers, collected lists).
    retained: usize,
    max_memory: usize,
    ticks: u32,
    regexes: HashMap<String, Regex>,
    /// What `resolve()` found for each name so far: the name is nearly always a
    /// constant, and a name that is no exact match costs a search of every name.
    resolved: HashMap<String, Option<NodeId>>,
}

/// A list predicate's answer in three-valued logic, from for how many elements its
/// condition held, whether it failed for any, and whether it was `null` for any:
/// `all` is the `AND` of the conditions, `any` their `OR`, `none` the negated
/// `OR`; `single` is false once two hold, else unknown when one is `null` (which
/// might hold or not), else whether exactly one holds (the openCypher TCK's
/// Quantifier2).
fn quantify(quantifier: Quantifier, holds: usize, fails: bool, unknown: bool) -> Value {
    let known = |answer: bool| Value::Boolean(answer);
    match quantifier {
        Quantifier::All if fails => known(false),
        Quantifier::Any if holds > 0 => known(true),
        Quantifier::None if holds > 0 => known(false),
        Quantifier::Single if holds > 1 => known(false),
        _ if unknown => Value::Null,
        Quantifier::All | Quantifier::None => known(true),
        Quantifier::Any => known(false),
        Quantifier::Single => known(holds == 1),
    }
}

fn type_error(what: &str, value: &Value, span: Span) -> QueryError {
    QueryError::runtime(format!("{what}, not {}", value.describe_type()), span)
}

impl<'a, G: PropertyGraph + ?Sized> Evaluator<'a, G> {
    pub(super) fn new(graph: &'a G, params: &'a Params, options: &Options) -> Self {
        Evaluator {
            graph,
            params,
            list_limit: options.row_limit,
            max_hops: options.max_hops,
            // A timeout too large to add to now is no limit at all.
            deadline: options.timeout.and_then(|t| Instant::now().checked_add(t)),
            ticks: 0,
            retained: 0,
            max_memory: options.max_memory,
            regexes: HashMap::new(),
            resolved: HashMap::new(),
        }
    }

    /// Counts one step of work; every so often, fails if the deadline has passed.
    pub(super) fn tick(&mut self) -> Result<(), QueryError> {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks.is_multiple_of(TICKS_PER_CLOCK_CHECK) {
            self.check_deadline()?;
        }
        Ok(())
    }

    /// Counts `bytes` of values kept until the query ends; fails past the memory limit.
    pub(super) fn retain(&mut self, bytes: usize) -> Result<(), QueryError> {
        self.retained = self.retained.saturating_add(bytes);
        self.check_memory(0)
    }

    /// Fails when a value of `building` bytes would not fit beside what is kept.
    pub(super) fn check_memory(&self, building: usize) -> Result<(), QueryError> {
        if self.retained.saturating_add(building) > self.max_memory {
            Err(QueryError::MemoryLimit(self.max_memory))
        } else {
            Ok(())
        }
    }

    /// Evaluates `expr`; a value it builds (a list, a string, a map) must fit the
    /// memory limit.
    pub(super) fn eval(&mut self, expr: &CExpr, row: &mut [Value]) -> Result<Value, QueryError> {
        let value = self.build(expr, row)?;
        let built = !matches!(
            expr.kind,
            CKind::Constant(_) | CKind::Param(_) | CKind::Slot(_) | CKind::Property(..)
        );
        if built && matches!(value, Value::List(_) | Value::String(_) | Value::Map(_)) {
            self.check_memory(value.size())?;
        }
        Ok(value)
    }

    /// Fails if the deadline has passed.
    pub(super) fn check_deadline(&self) -> Result<(), QueryError> {
        match self.deadline {
            Some(deadline) if Instant::now() >= deadline => Err(QueryError::Timeout),
            _ => Ok(()),
        }
    }

    /// A condition's truth: `None` for null; anything but a boolean is an error.
    pub(super) fn truth(
        &mut self,
        expr: &CExpr,
        row: &mut [Value],
    ) -> Result<Option<bool>, QueryError> {
        match self.eval(expr, row)? {
            Value::Boolean(b) => Ok(Some(b)),
            Value::Null => Ok(None),
            other => Err(type_error(
                "expected a boolean condition",
                &other,
                expr.span,
            )),
        }
    }

    fn build(&mut self, expr: &CExpr, row: &mut [Value]) -> Result<Value, QueryError> {
        let span = expr.span;
        Ok(match &expr.kind {
            CKind::Constant(value) => value.clone(),
            CKind::Param(name) => match self.params.get(name) {
                Some(value) => value.clone(),
                None => {
                    return Err(QueryError::runtime(
                        format!("missing parameter `${name}`"),
                        span,
                    ));
                }
            },
            CKind::Slot(slot) => get(row, *slot).clone(),
            CKind::List(items) => Value::List(
                items
                    .iter()
                    .map(|item| self.eval(item, row))
                    .collect::<Result<_, _>>()?,
            ),
            CKind::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(key, value)| Ok((key.clone(), self.eval(value, row)?)))
                    .collect::<Result<_, QueryError>>()?,
            ),
            CKind::Property(subject, key) => {
                // Reading straight from the row avoids cloning a list or map only to
                // take one entry of it.
                if let CKind::Slot(slot) = subject.kind {
                    self.property(get(row, slot), key, span)?
                } else {
                    let subject = self.eval(subject, row)?;
                    self.property(&subject, key, span)?
                }
            }
            CKind::Index(subject, index) => {
                let subject = self.eval(subject, row)?;
                let index = self.eval(index, row)?;
                self.index(subject, index, span)?
            }
            CKind::Slice(subject, from, to) => {
                let subject = self.eval(subject, row)?;
                let from = match from {
                    Some(from) => Some(self.eval(from, row)?),
                    None => None,
                };
                let to = match to {
                    Some(to) => Some(self.eval(to, row)?),
                    None => None,
                };
                slice(subject, from, to, span)?
            }
            CKind::HasLabels(subject, labels, form) => match self.eval(subject, row)? {
                Value::Null => Value::Null,
                Value::Node(node) => {
                    let has = |label: &String| self.graph.has_label(node, label);
                    Value::Boolean(match form {
                        LabelForm::AllOf => labels.iter().all(has),
                        LabelForm::AnyOf => labels.iter().any(has),
                    })
                }
                // A relationship has one type: `r:A:B` holds for none.
                Value::Relationship(rel) => {
                    let own = self.graph.relationship_type(rel);
                    let is = |name: &String| *name == own;
                    Value::Boolean(match form {
                        LabelForm::AllOf => labels.iter().all(is),
                        LabelForm::AnyOf => labels.iter().any(is),
                    })
                }
                other => {
                    return Err(type_error(
                        "labels and types can only be tested on a node or a relationship",
                        &other,
                        span,
                    ));
                }
            },
            CKind::Unary(op, operand) => {
                let value = self.eval(operand, row)?;
                unary(*op, value, span)?
            }
            CKind::Binary(op, lhs, rhs) => self.binary(*op, lhs, rhs, row, span)?,
            CKind::Chain(first, rest) => {
                let mut previous = self.eval(first, row)?;
                let mut result = Some(true);
                for (op, operand) in rest {
                    let next = self.eval(operand, row)?;
                    match comparison(*op, &previous, &next) {
                        Value::Boolean(false) => return Ok(Value::Boolean(false)),
                        Value::Boolean(true) => {}
                        _ => result = None,
                    }
                    previous = next;
                }
                result.map_or(Value::Null, Value::Boolean)
            }
            CKind::IsNull(operand, negated) => {
                let is_null = self.eval(operand, row)?.is_null();
                Value::Boolean(is_null != *negated)
            }
            CKind::Call(Function::Coalesce, args) => {
                for arg in args {
                    let value = self.eval(arg, row)?;
                    if !value.is_null() {
                        return Ok(value);
                    }
                }
                Value::Null
            }
            CKind::Call(function, args) => {
                // Most calls take one argument: no vector for it.
                let values = match args.as_slice() {
                    [only] => vec_or_one(self.eval(only, row)?),
                    _ => VecOrOne::Many(
                        args.iter()
                            .map(|arg| self.eval(arg, row))
                            .collect::<Result<Vec<_>, _>>()?,
                    ),
                };
                if let (Function::Resolve, [Value::String(name)]) = (function, values.as_slice()) {
                    return Ok(self.resolve(name));
                }
                // replace() is measured before it runs: nested, it grows tenfold a step.
                if let (
                    Function::Replace,
                    [Value::String(text), Value::String(old), Value::String(new)],
                ) = (function, values.as_slice())
                {
                    let matches = if old.is_empty() {
                        text.chars().count() + 1
                    } else {
                        text.matches(old.as_str()).count()
                    };
                    self.check_memory(
                        text.len().saturating_add(matches.saturating_mul(new.len())),
                    )?;
                }
                functions::call(
                    self.graph,
                    *function,
                    values.as_slice(),
                    self.list_limit,
                    span,
                )?
            }
            CKind::Case {
                subject,
                branches,
                default,
            } => {
                let subject = match subject {
                    Some(subject) => Some(self.eval(subject, row)?),
                    None => None,
                };
                for (when, then) in branches {
                    let taken = match &subject {
                        Some(subject) => subject.equals(&self.eval(when, row)?) == Some(true),
                        None => self.truth(when, row)? == Some(true),
                    };
                    if taken {
                        return self.eval(then, row);
                    }
                }
                match default {
                    Some(default) => self.eval(default, row)?,
                    None => Value::Null,
                }
            }
            CKind::Comprehension(comprehension) => match self.eval(&comprehension.source, row)? {
                Value::Null => Value::Null,
                Value::List(items) => {
                    let mut out = Vec::new();
                    // The list as it grows must fit: a comprehension of big lists is
                    // stopped while it is built, not after.
                    let mut size = 0usize;
                    for item in items {
                        self.tick()?;
                        set(row, comprehension.slot, item);
                        if let Some(filter) = &comprehension.filter
                            && self.truth(filter, row)? != Some(true)
                        {
                            continue;
                        }
                        let value = match &comprehension.map {
                            Some(map) => self.eval(map, row)?,
                            None => get(row, comprehension.slot).clone(),
                        };
                        size = size.saturating_add(value.size());
                        self.check_memory(size)?;
                        out.push(value);
                    }
                    Value::List(out)
                }
                other => {
                    return Err(type_error(
                        "a list comprehension needs a list",
                        &other,
                        span,
                    ));
                }
            },
            CKind::Quantified(quantified) => match self.eval(&quantified.source, row)? {
                Value::Null => Value::Null,
                Value::List(items) => {
                    let (mut holds, mut fails, mut unknown) = (0usize, false, false);
                    for item in items {
                        self.tick()?;
                        set(row, quantified.slot, item);
                        match self.truth(&quantified.predicate, row)? {
                            Some(true) => holds += 1,
                            Some(false) => fails = true,
                            None => unknown = true,
                        }
                    }
                    quantify(quantified.quantifier, holds, fails, unknown)
                }
                other => {
                    let message = format!("{}() needs a list", quantified.quantifier.name());
                    return Err(type_error(&message, &other, span));
                }
            },
            CKind::Subquery { gives, ops } => {
                let first_only = *gives == SubqueryAnswer::Exists;
                let (found, rows) = super::exec::run_subquery(self, ops, row, first_only)?;
                match gives {
                    SubqueryAnswer::Exists => Value::Boolean(found > 0),
                    SubqueryAnswer::Count => {
                        Value::Integer(i64::try_from(found).unwrap_or(i64::MAX))
                    }
                    SubqueryAnswer::Collect => Value::List(
                        rows.into_iter()
                            .filter_map(|row| row.into_iter().next())
                            .collect(),
                    ),
                }
            }
            CKind::Reduce(reduce) => {
                let init = self.eval(&reduce.init, row)?;
                match self.eval(&reduce.source, row)? {
                    Value::Null => Value::Null,
                    Value::List(items) => {
                        set(row, reduce.accumulator, init);
                        for item in items {
                            self.tick()?;
                            set(row, reduce.slot, item);
                            let next = self.eval(&reduce.step, row)?;
                            set(row, reduce.accumulator, next);
                        }
                        get(row, reduce.accumulator).clone()
                    }
                    other => return Err(type_error("reduce() needs a list", &other, span)),
                }
            }
        })
    }

    fn property(&self, subject: &Value, key: &str, span: Span) -> Result<Value, QueryError> {
        Ok(match subject {
            Value::Null => Value::Null,
            Value::Node(node) => self.graph.node_property(*node, key),
            Value::Relationship(rel) => self.graph.relationship_property(*rel, key),
            Value::Map(map) => map.get(key).cloned().unwrap_or(Value::Null),
            Value::Temporal(t) => {
                temporal::component(t, key).map_err(|e| QueryError::runtime(e, span))?
            }
            other => {
                return Err(type_error(
                    &format!(
                        "cannot read `.{key}`: properties belong to nodes, relationships, maps and temporal values"
                    ),
                    other,
                    span,
                ));
            }
        })
    }

    fn index(&self, subject: Value, index: Value, span: Span) -> Result<Value, QueryError> {
        Ok(match (subject, index) {
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            (Value::List(items), Value::Integer(i)) => {
                let position = if i < 0 {
                    i.checked_add(items.len() as i64)
                } else {
                    Some(i)
                };
                position
                    .and_then(|p| usize::try_from(p).ok())
                    .and_then(|p| items.into_iter().nth(p))
                    .unwrap_or(Value::Null)
            }
            (Value::List(_), other) => {
                return Err(type_error("a list index must be an integer", &other, span));
            }
            (
                subject @ (Value::Map(_) | Value::Node(_) | Value::Relationship(_)),
                Value::String(key),
            ) => self.property(&subject, &key, span)?,
            (Value::Map(_) | Value::Node(_) | Value::Relationship(_), other) => {
                return Err(type_error("a key must be a string", &other, span));
            }
            (other, _) => {
                return Err(type_error(
                    "only lists and maps can be indexed",
                    &other,
                    span,
                ));
            }
        })
    }

    /// `n.key STARTS WITH / ENDS WITH / CONTAINS 'text'` for a node `n` in the row,
    /// read through [`PropertyGraph::node_text`] so the property is not copied; `None`
    /// for any other expression.
    fn node_text_test(
        &self,
        op: BinaryOp,
        lhs: &CExpr,
        rhs: &CExpr,
        row: &[Value],
    ) -> Option<Value> {
        let (
            BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Contains,
            CKind::Property(subject, key),
        ) = (op, &lhs.kind)
        else {
            return None;
        };
        let (CKind::Slot(slot), CKind::Constant(Value::String(part))) = (&subject.kind, &rhs.kind)
        else {
            return None;
        };
        let Value::Node(node) = get(row, *slot) else {
            return None;
        };
        Some(match self.graph.node_text(*node, key) {
            Some(text) => string_test(op, &text, part),
            None => Value::Null,
        })
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        lhs: &CExpr,
        rhs: &CExpr,
        row: &mut [Value],
        span: Span,
    ) -> Result<Value, QueryError> {
        // The logical operators look at their left operand first: `false AND x` and
        // `true OR x` do not need `x`.
        match op {
            BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => {
                let left = logic_operand(self.eval(lhs, row)?, op, lhs.span)?;
                match (op, left) {
                    (BinaryOp::And, Some(false)) => return Ok(Value::Boolean(false)),
                    (BinaryOp::Or, Some(true)) => return Ok(Value::Boolean(true)),
                    _ => {}
                }
                let right = logic_operand(self.eval(rhs, row)?, op, rhs.span)?;
                let result = match op {
                    BinaryOp::And => match (left, right) {
                        (_, Some(false)) => Some(false),
                        (Some(true), Some(true)) => Some(true),
                        _ => None,
                    },
                    BinaryOp::Or => match (left, right) {
                        (_, Some(true)) => Some(true),
                        (Some(false), Some(false)) => Some(false),
                        _ => None,
                    },
                    _ => left.zip(right).map(|(a, b)| a != b),
                };
                return Ok(result.map_or(Value::Null, Value::Boolean));
            }
            _ => {}
        }
        if let Some(tested) = self.node_text_test(op, lhs, rhs, row) {
            return Ok(tested);
        }
        let left = self.eval(lhs, row)?;
        let right = self.eval(rhs, row)?;
        Ok(match op {
            BinaryOp::Equal
            | BinaryOp::NotEqual
            | BinaryOp::Less
            | BinaryOp::Greater
            | BinaryOp::LessOrEqual
            | BinaryOp::GreaterOrEqual => comparison(op, &left, &right),
            BinaryOp::In => match right {
                Value::Null => Value::Null,
                Value::List(items) => {
                    let mut unknown = false;
                    for item in &items {
                        match left.equals(item) {
                            Some(true) => return Ok(Value::Boolean(true)),
                            None => unknown = true,
                            Some(false) => {}
                        }
                    }
                    if unknown {
                        Value::Null
                    } else {
                        Value::Boolean(false)
                    }
                }
                other => return Err(type_error("IN needs a list on its right", &other, rhs.span)),
            },
            BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Contains => {
                match (&left, &right) {
                    (Value::String(text), Value::String(part)) => string_test(op, text, part),
                    _ => Value::Null,
                }
            }
            BinaryOp::RegexMatch => match (&left, &right) {
                (Value::String(text), Value::String(pattern)) => {
                    Value::Boolean(self.regex(pattern, rhs.span)?.is_match(text))
                }
                _ => Value::Null,
            },
            _ => {
                // A join is checked before it is made: doubling a big list or string
                // would otherwise allocate past the limit first.
                if op == BinaryOp::Add
                    && matches!(left, Value::List(_) | Value::String(_))
                    && matches!(right, Value::List(_) | Value::String(_))
                {
                    self.check_memory(left.size().saturating_add(right.size()))?;
                }
                arithmetic(op, left, right, span)?
            }
        })
    }

    /// The node `name` resolves to (`resolve()`), remembered for the run.
    fn resolve(&mut self, name: &str) -> Value {
        let found = match self.resolved.get(name) {
            Some(&found) => found,
            None => {
                let found = self.graph.resolve_name(name);
                self.resolved.insert(name.to_string(), found);
                found
            }
        };
        found.map_or(Value::Null, Value::Node)
    }

    /// The compiled form of `pattern`, matching whole strings only (as Java's
    /// `matches`, which Cypher's `=~` follows).
    fn regex(&mut self, pattern: &str, span: Span) -> Result<&Regex, QueryError> {
        if !self.regexes.contains_key(pattern) {
            // Checked on its own first: a pattern such as `a)|(b` would otherwise
            // escape the anchoring group below.
            let compiled = Regex::new(pattern)
                .and_then(|_| Regex::new(&format!("^(?:{pattern})$")))
                .map_err(|error| {
                    QueryError::runtime(format!("invalid regular expression: {error}"), span)
                })?;
            if self.regexes.len() >= REGEX_CACHE_SIZE {
                self.regexes.clear();
            }
            self.regexes.insert(pattern.to_string(), compiled);
        }
        self.regexes
            .get(pattern)
            .ok_or_else(|| QueryError::runtime("the regular expression cache lost an entry", span))
    }

    /// Whether the relationship has every property in `wanted`.
    pub(super) fn relationship_matches(&self, rel: RelId, wanted: &[(&str, Value)]) -> bool {
        wanted.iter().all(|(key, value)| {
            self.graph.relationship_property(rel, key).equals(value) == Some(true)
        })
    }
}

/// Function arguments, without a heap allocation for the common single one.
enum VecOrOne {
    One([Value; 1]),
    Many(Vec<Value>),
}

fn vec_or_one(value: Value) -> VecOrOne {
    VecOrOne::One([value])
}

impl VecOrOne {
    fn as_slice(&self) -> &[Value] {
        match self {
            VecOrOne::One(one) => one,
            VecOrOne::Many(many) => many,
        }
    }
}

fn logic_operand(value: Value, op: BinaryOp, span: Span) -> Result<Option<bool>, QueryError> {
    match value {
        Value::Boolean(b) => Ok(Some(b)),
        Value::Null => Ok(None),
        other => Err(type_error(
            &format!("{} needs boolean operands", op.symbol()),
            &other,
            span,
        )),
    }
}

/// `=`, `<>`, `<`, `>`, `<=`, `>=`.
pub(super) fn comparison(op: BinaryOp, left: &Value, right: &Value) -> Value {
    let result = match op {
        BinaryOp::Equal => left.equals(right),
        BinaryOp::NotEqual => left.equals(right).map(|equal| !equal),
        _ => {
            let is_nan = |v: &Value| matches!(v, Value::Float(f) if f.is_nan());
            let is_number = |v: &Value| matches!(v, Value::Integer(_) | Value::Float(_));
            if is_number(left) && is_number(right) && (is_nan(left) || is_nan(right)) {
                // NaN is unordered: every comparison with it is false.
                Some(false)
            } else {
                left.compare(right).map(|order| match op {
                    BinaryOp::Less => order.is_lt(),
                    BinaryOp::Greater => order.is_gt(),
                    BinaryOp::LessOrEqual => order.is_le(),
                    _ => order.is_ge(),
                })
            }
        }
    };
    result.map_or(Value::Null, Value::Boolean)
}

fn unary(op: UnaryOp, value: Value, span: Span) -> Result<Value, QueryError> {
    Ok(match (op, value) {
        (_, Value::Null) => Value::Null,
        (UnaryOp::Not, Value::Boolean(b)) => Value::Boolean(!b),
        (UnaryOp::Not, other) => return Err(type_error("NOT needs a boolean", &other, span)),
        (UnaryOp::Negate, Value::Integer(i)) => Value::Integer(
            i.checked_neg()
                .ok_or_else(|| QueryError::runtime("integer overflow", span))?,
        ),
        (UnaryOp::Negate, Value::Float(f)) => Value::Float(-f),
        (UnaryOp::Plus, number @ (Value::Integer(_) | Value::Float(_))) => number,
        (_, other) => return Err(type_error("a sign needs a number", &other, span)),
    })
}

/// `+`, `-`, `*`, `/`, `%`, `^`, with `+` also joining strings and lists.
fn arithmetic(op: BinaryOp, left: Value, right: Value, span: Span) -> Result<Value, QueryError> {
    use Value::{Float, Integer, List, Null};
    if let Some(result) = temporal::arithmetic(op.symbol(), &left, &right) {
        if left.is_null() || right.is_null() {
            return Ok(Null);
        }
        return result.map_err(|e| QueryError::runtime(e, span));
    }
    Ok(match (op, left, right) {
        (_, Null, _) | (_, _, Null) => Null,
        (BinaryOp::Add, Value::String(a), Value::String(b)) => Value::String(a + &b),
        (BinaryOp::Add, Value::String(a), Integer(b)) => Value::String(format!("{a}{b}")),
        (BinaryOp::Add, Value::String(a), Float(b)) => Value::String(a + &format_float(b)),
        (BinaryOp::Add, Integer(a), Value::String(b)) => Value::String(format!("{a}{b}")),
        (BinaryOp::Add, Float(a), Value::String(b)) => Value::String(format_float(a) + &b),
        (BinaryOp::Add, List(mut a), List(b)) => {
            a.extend(b);
            List(a)
        }
        (BinaryOp::Add, List(mut a), b) => {
            a.push(b);
            List(a)
        }
        (BinaryOp::Add, a, List(mut b)) => {
            b.insert(0, a);
            List(b)
        }
        (op, Integer(a), Integer(b)) => integer_arithmetic(op, a, b, span)?,
        (op, Integer(a), Float(b)) => Float(float_arithmetic(op, a as f64, b)),
        (op, Float(a), Integer(b)) => Float(float_arithmetic(op, a, b as f64)),
        (op, Float(a), Float(b)) => Float(float_arithmetic(op, a, b)),
        (op, a, b) => {
            return Err(QueryError::runtime(
                format!(
                    "cannot apply `{}` to {} and {}",
                    op.symbol(),
                    a.describe_type(),
                    b.describe_type()
                ),
                span,
            ));
        }
    })
}

fn integer_arithmetic(op: BinaryOp, a: i64, b: i64, span: Span) -> Result<Value, QueryError> {
    if matches!(op, BinaryOp::Divide | BinaryOp::Modulo) && b == 0 {
        return Err(QueryError::runtime("division by zero", span));
    }
    let result = match op {
        BinaryOp::Add => a.checked_add(b),
        BinaryOp::Subtract => a.checked_sub(b),
        BinaryOp::Multiply => a.checked_mul(b),
        BinaryOp::Divide => a.checked_div(b),
        // The remainder always fits, even of `i64::MIN % -1`, where Rust's
        // `checked_rem` reports the overflow of the quotient.
        BinaryOp::Modulo => Some(a.wrapping_rem(b)),
        // `^` always gives a float in Cypher.
        _ => return Ok(Value::Float(float_arithmetic(op, a as f64, b as f64))),
    };
    result
        .map(Value::Integer)
        .ok_or_else(|| QueryError::runtime("integer overflow", span))
}

fn float_arithmetic(op: BinaryOp, a: f64, b: f64) -> f64 {
    match op {
        BinaryOp::Add => a + b,
        BinaryOp::Subtract => a - b,
        BinaryOp::Multiply => a * b,
        BinaryOp::Divide => a / b,
        BinaryOp::Modulo => a % b,
        _ => a.powf(b),
    }
}

/// `list[from..to]`, with negative positions counted from the end.
fn slice(
    subject: Value,
    from: Option<Value>,
    to: Option<Value>,
    span: Span,
) -> Result<Value, QueryError> {
    let items = match subject {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        other => return Err(type_error("only lists can be sliced", &other, span)),
    };
    let length = items.len() as i64;
    let bound = |value: Option<Value>, default: i64| -> Result<Option<i64>, QueryError> {
        match value {
            None => Ok(Some(default)),
            Some(Value::Null) => Ok(None),
            Some(Value::Integer(i)) if i < 0 => Ok(Some((length + i).max(0))),
            Some(Value::Integer(i)) => Ok(Some(i.min(length))),
            Some(other) => Err(type_error("a slice bound must be an integer", &other, span)),
        }
    };
    let (Some(start), Some(end)) = (bound(from, 0)?, bound(to, length)?) else {
        return Ok(Value::Null);
    };
    if start >= end {
        return Ok(Value::List(Vec::new()));
    }
    // Both bounds lie within 0..=length, so they convert.
    let start = usize::try_from(start).unwrap_or(0);
    let end = usize::try_from(end).unwrap_or(0);
    Ok(Value::List(
        items
            .into_iter()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect(),
    ))
}

/// `text STARTS WITH / ENDS WITH / CONTAINS part`.
fn string_test(op: BinaryOp, text: &str, part: &str) -> Value {
    // Byte by byte rather than `starts_with`/`ends_with`: the part is most often a few
    // bytes, and a call to `memcmp` for each row cost more than the comparison (a
    // quarter of a label scan filtered by `ENDS WITH '7'`).
    let same = |a: &[u8]| a.iter().zip(part.as_bytes()).all(|(a, b)| a == b);
    let (bytes, length) = (text.as_bytes(), part.len());
    Value::Boolean(match op {
        BinaryOp::StartsWith => bytes.len() >= length && same(&bytes[..length]),
        BinaryOp::EndsWith => bytes.len() >= length && same(&bytes[bytes.len() - length..]),
        _ => text.contains(part),
    })
}
