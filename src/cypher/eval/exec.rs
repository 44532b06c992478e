//! Running a compiled program: rows are pushed from operator to operator, so only
//! `ORDER BY` and aggregation hold rows back, and a satisfied `LIMIT` stops the work
//! before it.

use std::collections::HashSet;
use std::rc::Rc;

use super::super::ast::{ShortestPath, SortDirection, Span};
use super::super::graph::{Direction, ProcedureOutput, PropertyGraph};
use super::super::value::{GroupKey, NodeId, PathValue, RelId, Value};
use super::aggregate::{Accumulator, Groups};
use super::expr::{Evaluator, get, set};
use super::ir::{
    AggregateClause, AggregateSpec, CExpr, MatchClause, NodeElem, Op, Part, PathPattern, Program,
    RelElem,
};
use super::plan::{self, Anchor, Expand, Mode, PartPlan, Step};
use super::shortest::Search;
use super::{Options, Params, QueryError};

/// Whether the rows pushed so far are all that is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Continue,
    /// A `LIMIT` downstream is satisfied: produce no more rows.
    Stop,
}

type Exec = Result<Flow, QueryError>;

/// Runs every part of a program and combines their rows as `UNION` says.
pub(super) fn run<G: PropertyGraph + ?Sized>(
    program: &Program,
    graph: &G,
    params: &Params,
    options: &Options,
) -> Result<Vec<Vec<Value>>, QueryError> {
    let mut evaluator = Evaluator::new(graph, params, options);
    let deduplicate = program.parts.len() > 1 && !program.union_all;
    let mut seen: HashSet<Vec<GroupKey>> = HashSet::new();
    let mut rows = Vec::new();
    for part in &program.parts {
        let found = run_part(part, &mut evaluator, options.row_limit)?;
        for row in found {
            if deduplicate && !seen.insert(row.iter().cloned().map(GroupKey).collect()) {
                continue;
            }
            rows.push(row);
            if rows.len() > options.row_limit {
                return Err(QueryError::RowLimit(options.row_limit));
            }
        }
    }
    Ok(rows)
}

/// What an operator remembers between rows.
pub(super) enum OpState {
    None,
    Aggregate(Groups),
    Distinct(HashSet<Vec<GroupKey>>),
    Sort {
        /// Sort keys and the row they belong to.
        rows: Vec<(Vec<Value>, Vec<Value>)>,
        /// With a `LIMIT` after it, only this many first rows can be wanted.
        keep: Option<usize>,
        /// Once `keep` rows are held, the sort keys of the last of them: a row that
        /// does not sort before it can never be wanted.
        worst: Option<Vec<Value>>,
    },
    /// Rows still to skip.
    Skip(u64),
    /// Rows still to pass.
    Limit(u64),
    /// A procedure's last answer, for the arguments it was called with, and which of
    /// its columns goes into which slot.
    Call {
        args: Vec<Value>,
        answer: Rc<ProcedureOutput>,
        columns: Vec<(usize, usize)>,
    },
}

/// For each `YIELD name` with its slot, the answer's column of that name.
fn yield_columns(
    procedure: &str,
    answer: &ProcedureOutput,
    yields: &[(String, usize)],
    span: Span,
) -> Result<Vec<(usize, usize)>, QueryError> {
    yields
        .iter()
        .map(|(name, slot)| {
            let column = answer
                .columns
                .iter()
                .position(|c| c == name)
                .ok_or_else(|| {
                    QueryError::runtime(
                        format!(
                            "`{procedure}` yields no `{name}`; it yields {}",
                            answer.columns.join(", ")
                        ),
                        span,
                    )
                })?;
            Ok((column, *slot))
        })
        .collect()
}

fn run_part<G: PropertyGraph + ?Sized>(
    part: &Part,
    evaluator: &mut Evaluator<'_, G>,
    row_limit: usize,
) -> Result<Vec<Vec<Value>>, QueryError> {
    let plans = plan::plan_part(part, evaluator.graph);
    let states = initial_states(part, &plans, evaluator)?;
    let mut executor = Executor {
        ops: &part.ops,
        plans: &plans,
        ev: evaluator,
        states,
        matches: vec![0; part.ops.len()],
        output: Vec::new(),
        row_limit,
        slot_count: part.slot_count,
        key_buffer: Vec::new(),
        arg_buffer: Vec::new(),
        multiplicity: 1,
        first_only: false,
    };
    let mut row = vec![Value::Null; part.slot_count];
    executor.push(0, &mut row)?;
    for index in 0..part.ops.len() {
        executor.flush(index)?;
    }
    Ok(executor.output)
}

/// How many matches the subquery `ops` (one `MATCH`, then what is done per match)
/// has from `row`, whose variables bound outside it it reads, and the rows its
/// `Emit` handed out; with `first_only`, 1 as soon as one is found (for `EXISTS`
/// and pattern conditions).
pub(super) fn run_subquery<G: PropertyGraph + ?Sized>(
    evaluator: &mut Evaluator<'_, G>,
    ops: &[Op],
    row: &[Value],
    first_only: bool,
) -> Result<(u64, Vec<Vec<Value>>), QueryError> {
    let Some(Op::Match(clause)) = ops.first() else {
        return Ok((0, Vec::new()));
    };
    let plans = plan::plan_subquery(clause, evaluator.graph);
    let row_limit = evaluator.list_limit;
    let mut executor = Executor {
        ops,
        plans: &plans,
        ev: evaluator,
        states: ops.iter().map(|_| OpState::None).collect(),
        matches: vec![0; ops.len()],
        output: Vec::new(),
        row_limit,
        slot_count: row.len(),
        key_buffer: Vec::new(),
        arg_buffer: Vec::new(),
        multiplicity: 1,
        first_only,
    };
    let mut row = row.to_vec();
    executor.steps(Cursor::start(0, plans.steps(0)), &mut row, &mut Vec::new())?;
    let found = executor.matches.first().copied().unwrap_or(0);
    Ok((found, executor.output))
}

/// The state of each operator before the first row: `SKIP` and `LIMIT` counts
/// evaluated, and each `ORDER BY` told how many rows it must keep.
pub(super) fn initial_states<G: PropertyGraph + ?Sized>(
    part: &Part,
    plans: &PartPlan<'_>,
    evaluator: &mut Evaluator<'_, G>,
) -> Result<Vec<OpState>, QueryError> {
    let mut states = part
        .ops
        .iter()
        .enumerate()
        .map(|(index, op)| initial_state(evaluator, op, plans.grouped_at(index)))
        .collect::<Result<Vec<_>, _>>()?;
    limit_sorts(&mut states);
    Ok(states)
}

fn initial_state<G: PropertyGraph + ?Sized>(
    evaluator: &mut Evaluator<'_, G>,
    op: &Op,
    ordered: bool,
) -> Result<OpState, QueryError> {
    Ok(match op {
        Op::Aggregate(clause) => OpState::Aggregate(Groups::new(clause.reads_first_row(), ordered)),
        Op::Distinct(_) => OpState::Distinct(HashSet::new()),
        Op::Sort(_) => OpState::Sort {
            rows: Vec::new(),
            keep: None,
            worst: None,
        },
        Op::Skip(count) => OpState::Skip(row_count(evaluator, count, "SKIP")?),
        Op::Limit(count) => OpState::Limit(row_count(evaluator, count, "LIMIT")?),
        _ => OpState::None,
    })
}

/// The value of a `SKIP` or `LIMIT` expression, which reads no variables.
fn row_count<G: PropertyGraph + ?Sized>(
    evaluator: &mut Evaluator<'_, G>,
    expr: &CExpr,
    clause: &str,
) -> Result<u64, QueryError> {
    match evaluator.eval(expr, &mut [])? {
        Value::Integer(count) if count >= 0 => Ok(count.unsigned_abs()),
        other => Err(QueryError::runtime(
            format!(
                "{clause} needs a non-negative integer, not {}",
                match other {
                    Value::Integer(i) => i.to_string(),
                    other => other.describe_type().to_string(),
                }
            ),
            expr.span,
        )),
    }
}

/// Tells each `ORDER BY` followed by `LIMIT` (or `SKIP` and `LIMIT`) how many rows it
/// must keep, so it holds only the best ones rather than every row.
fn limit_sorts(states: &mut [OpState]) {
    for index in 0..states.len() {
        let after = |offset: usize| states.get(index + offset);
        let keep = match (after(1), after(2)) {
            (Some(OpState::Limit(limit)), _) => Some(*limit),
            (Some(OpState::Skip(skip)), Some(OpState::Limit(limit))) => {
                Some(skip.saturating_add(*limit))
            }
            _ => None,
        };
        if let Some(OpState::Sort { keep: slot, .. }) = states.get_mut(index) {
            *slot = keep.and_then(|k| usize::try_from(k).ok());
        }
    }
}

/// The percentile argument of `percentileDisc`/`percentileCont`: a number from 0.0
/// to 1.0.
fn checked_percentile(spec: &AggregateSpec, value: Value, span: Span) -> Result<f64, QueryError> {
    let number = match value {
        Value::Integer(i) => Some(i as f64),
        Value::Float(f) => Some(f),
        _ => None,
    };
    match number {
        Some(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(QueryError::runtime(
            format!(
                "`{}` needs a percentile from 0.0 to 1.0, not {}",
                spec.function.name(),
                match number {
                    Some(p) => p.to_string(),
                    None => value.describe_type().to_string(),
                }
            ),
            span,
        )),
    }
}

/// Orders two rows' sort keys.
fn compare_keys(a: &[Value], b: &[Value], keys: &[(CExpr, SortDirection)]) -> std::cmp::Ordering {
    for ((x, y), (_, direction)) in a.iter().zip(b).zip(keys) {
        let order = x.order(y);
        let order = match direction {
            SortDirection::Ascending => order,
            SortDirection::Descending => order.reverse(),
        };
        if order.is_ne() {
            return order;
        }
    }
    std::cmp::Ordering::Equal
}

struct Executor<'p, 'q, 'e, 'a, G: ?Sized> {
    ops: &'q [Op],
    plans: &'p PartPlan<'q>,
    ev: &'e mut Evaluator<'a, G>,
    states: Vec<OpState>,
    /// How many complete matches each `MATCH` found, for `OPTIONAL MATCH`.
    matches: Vec<u64>,
    output: Vec<Vec<Value>>,
    row_limit: usize,
    slot_count: usize,
    /// Grouping keys and aggregate arguments of the current row.
    key_buffer: Vec<Value>,
    arg_buffer: Vec<Option<Value>>,
    /// How many matches the row being matched stands for: above 1 only below a
    /// counting step ([`Step::Count`], [`Step::CountByType`]), whose rows go straight
    /// into an aggregation, which adds each row that many times.
    multiplicity: u64,
    /// Stop at the first complete match (a subquery that only asks whether there
    /// is one).
    first_only: bool,
}

impl<'p, 'q, 'a, G: PropertyGraph + ?Sized> Executor<'p, 'q, '_, 'a, G> {
    /// Hands `row` to operator `index` (and so on to the end).
    /// Runs a procedure the graph offers, or says which names it does offer.
    fn call(
        &self,
        procedure: &str,
        values: &[Value],
        span: Span,
    ) -> Result<ProcedureOutput, QueryError> {
        let known = self.ev.graph.procedure_names();
        if !known.iter().any(|name| name == procedure) {
            let hint =
                match super::compile::did_you_mean(procedure, known.iter().map(String::as_str)) {
                    Some(hint) => format!(" ({hint})"),
                    None if known.is_empty() => ": this graph offers no procedures".to_string(),
                    None => format!("; known: {}", known.join(", ")),
                };
            return Err(QueryError::runtime(
                format!("unknown procedure `{procedure}`{hint}"),
                span,
            ));
        }
        self.ev
            .graph
            .call_procedure(procedure, values)
            .map_err(|message| QueryError::runtime(message, span))
    }

    fn push(&mut self, index: usize, row: &mut Vec<Value>) -> Exec {
        let ops = self.ops;
        let Some(op) = ops.get(index) else {
            return Ok(Flow::Continue);
        };
        match op {
            Op::Match(clause) => {
                let plans = self.plans;
                let steps = plans.steps(index);
                self.run_match(index, clause, steps, row)
            }
            Op::Unwind { list, slot } => match self.ev.eval(list, row)? {
                Value::Null => Ok(Flow::Continue),
                Value::List(items) => {
                    for item in items {
                        self.ev.tick()?;
                        set(row, *slot, item);
                        if self.push(index + 1, row)? == Flow::Stop {
                            return Ok(Flow::Stop);
                        }
                    }
                    Ok(Flow::Continue)
                }
                other => {
                    set(row, *slot, other);
                    self.push(index + 1, row)
                }
            },
            Op::Compute(items) => {
                // Each item has a fresh slot no other item reads, so computing them
                // in turn is the same as computing them all first.
                for (slot, expr) in items {
                    let value = self.ev.eval(expr, row)?;
                    set(row, *slot, value);
                }
                self.push(index + 1, row)
            }
            Op::Aggregate(clause) => {
                self.aggregate(index, clause, row)?;
                Ok(Flow::Continue)
            }
            Op::Distinct(slots) => {
                let key: Vec<GroupKey> = slots
                    .iter()
                    .map(|&slot| GroupKey(get(row, slot).clone()))
                    .collect();
                let fresh = match self.states.get_mut(index) {
                    Some(OpState::Distinct(seen)) => seen.insert(key),
                    _ => true,
                };
                if fresh {
                    self.push(index + 1, row)
                } else {
                    Ok(Flow::Continue)
                }
            }
            Op::Sort(keys) => {
                let mut values = std::mem::take(&mut self.key_buffer);
                values.clear();
                for (expr, _) in keys {
                    values.push(self.ev.eval(expr, row)?);
                }
                if let Some(OpState::Sort { rows, keep, worst }) = self.states.get_mut(index) {
                    // Rows that sort equal keep their order, so a row equal to the
                    // worst one held comes after it, and is not wanted either.
                    let wanted = worst
                        .as_ref()
                        .is_none_or(|worst| compare_keys(&values, worst, keys).is_lt());
                    if wanted {
                        let size: usize = values.iter().chain(row.iter()).map(Value::size).sum();
                        self.ev.retain(size)?;
                        rows.push((values.clone(), row.clone()));
                    }
                    // Trimming only when twice as many rows are held keeps the cost
                    // of sorting per row logarithmic.
                    if let Some(keep) = *keep
                        && rows.len() >= keep.saturating_mul(2).max(64)
                    {
                        rows.sort_by(|a, b| compare_keys(&a.0, &b.0, keys));
                        rows.truncate(keep);
                        *worst = rows.last().map(|(values, _)| values.clone());
                    }
                }
                self.key_buffer = values;
                Ok(Flow::Continue)
            }
            Op::Skip(_) => {
                if let Some(OpState::Skip(remaining)) = self.states.get_mut(index)
                    && *remaining > 0
                {
                    *remaining -= 1;
                    return Ok(Flow::Continue);
                }
                self.push(index + 1, row)
            }
            Op::Limit(_) => {
                let Some(OpState::Limit(remaining)) = self.states.get_mut(index) else {
                    return self.push(index + 1, row);
                };
                if *remaining == 0 {
                    return Ok(Flow::Stop);
                }
                *remaining -= 1;
                let satisfied = *remaining == 0;
                let flow = self.push(index + 1, row)?;
                Ok(if satisfied { Flow::Stop } else { flow })
            }
            Op::Filter(condition) => {
                if self.ev.truth(condition, row)? == Some(true) {
                    self.push(index + 1, row)
                } else {
                    Ok(Flow::Continue)
                }
            }
            Op::Call {
                procedure,
                args,
                yields,
                span,
            } => {
                let values = args
                    .iter()
                    .map(|arg| self.ev.eval(arg, row))
                    .collect::<Result<Vec<_>, _>>()?;
                // A procedure answers for the whole graph: after a MATCH, every row with
                // the same arguments reuses the answer instead of computing it again.
                let cached = match self.states.get(index) {
                    Some(OpState::Call {
                        args,
                        answer,
                        columns,
                    }) if *args == values => Some((Rc::clone(answer), columns.clone())),
                    _ => None,
                };
                let (answer, columns) = match cached {
                    Some(cached) => cached,
                    None => {
                        let answer = Rc::new(self.call(procedure, &values, *span)?);
                        let columns = yield_columns(procedure, &answer, yields, *span)?;
                        if let Some(state) = self.states.get_mut(index) {
                            *state = OpState::Call {
                                args: values,
                                answer: Rc::clone(&answer),
                                columns: columns.clone(),
                            };
                        }
                        (answer, columns)
                    }
                };
                for answered in &answer.rows {
                    self.ev.tick()?;
                    for &(column, slot) in &columns {
                        set(
                            row,
                            slot,
                            answered.get(column).cloned().unwrap_or(Value::Null),
                        );
                    }
                    if self.push(index + 1, row)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                }
                Ok(Flow::Continue)
            }
            Op::Emit(slots) => {
                let emitted: Vec<Value> =
                    slots.iter().map(|&slot| get(row, slot).clone()).collect();
                self.ev.retain(emitted.iter().map(Value::size).sum())?;
                self.output.push(emitted);
                if self.output.len() > self.row_limit {
                    return Err(QueryError::RowLimit(self.row_limit));
                }
                Ok(Flow::Continue)
            }
        }
    }

    fn aggregate(
        &mut self,
        index: usize,
        clause: &AggregateClause,
        row: &mut [Value],
    ) -> Result<(), QueryError> {
        // The buffers are reused from row to row: allocating them per row cost more
        // than the rest of grouping it.
        let mut keys = std::mem::take(&mut self.key_buffer);
        let mut args = std::mem::take(&mut self.arg_buffer);
        keys.clear();
        args.clear();
        let result = self.aggregate_into(index, clause, row, &mut keys, &mut args);
        self.key_buffer = keys;
        self.arg_buffer = args;
        result
    }

    fn aggregate_into(
        &mut self,
        index: usize,
        clause: &AggregateClause,
        row: &mut [Value],
        keys: &mut Vec<Value>,
        args: &mut Vec<Option<Value>>,
    ) -> Result<(), QueryError> {
        for (_, expr) in &clause.keys {
            keys.push(self.ev.eval(expr, row)?);
        }
        let mut percentiles = Vec::new();
        for spec in &clause.aggregates {
            args.push(match &spec.arg {
                Some(arg) => Some(self.ev.eval(arg, row)?),
                None => None,
            });
            if let Some(percentile) = &spec.percentile {
                let value = self.ev.eval(percentile, row)?;
                percentiles.push(checked_percentile(spec, value, percentile.span)?);
            }
        }
        let Some(OpState::Aggregate(groups)) = self.states.get_mut(index) else {
            return Ok(());
        };
        let accumulators = groups.group(keys, row, &clause.aggregates);
        let mut percentiles = percentiles.into_iter();
        for ((accumulator, arg), spec) in accumulators
            .iter_mut()
            .zip(args.drain(..))
            .zip(&clause.aggregates)
        {
            if spec.percentile.is_some()
                && let Some(percentile) = percentiles.next()
            {
                accumulator.set_percentile(percentile);
            }
            let span = spec.arg.as_ref().map_or(Span::default(), |arg| arg.span);
            // Collected lists and DISTINCT sets keep their values to the end.
            if let Some(value) = &arg
                && (spec.distinct
                    || matches!(spec.function, super::functions::AggregateFunction::Collect))
            {
                let times = usize::try_from(self.multiplicity).unwrap_or(usize::MAX);
                self.ev.retain(value.size().saturating_mul(times))?;
            }
            match arg {
                None => accumulator.add_rows(self.multiplicity),
                Some(value) => accumulator.add(value, self.multiplicity, span)?,
            }
        }
        Ok(())
    }

    /// Sends on the rows a breaking operator (aggregation, sorting) has held.
    fn flush(&mut self, index: usize) -> Result<(), QueryError> {
        let ops = self.ops;
        match (ops.get(index), self.states.get_mut(index)) {
            (Some(Op::Aggregate(clause)), Some(OpState::Aggregate(groups))) => {
                let mut groups = std::mem::take(groups).finish();
                let (mut row, mut keys, mut values) = (Vec::new(), Vec::new(), Vec::new());
                // Without grouping keys there is one group even with no rows:
                // `count(*)` of nothing is 0.
                let mut empty = groups.len() == 0 && clause.keys.is_empty();
                loop {
                    if empty {
                        empty = false;
                        row = vec![Value::Null; self.slot_count];
                        values.extend(
                            clause
                                .aggregates
                                .iter()
                                .map(|spec| Accumulator::new(spec).finish()),
                        );
                    } else if !groups.next_into(&mut row, &mut keys, &mut values) {
                        break;
                    }
                    // Without kept first rows, one row of nulls serves every group: only
                    // the projected slots are set, and only they are read afterwards.
                    if row.len() != self.slot_count {
                        row.resize(self.slot_count, Value::Null);
                    }
                    self.ev.tick()?;
                    for ((slot, _), key) in clause.keys.iter().zip(keys.drain(..)) {
                        set(&mut row, *slot, key);
                    }
                    for (spec, value) in clause.aggregates.iter().zip(values.drain(..)) {
                        set(&mut row, spec.slot, value);
                    }
                    for (slot, expr) in &clause.outputs {
                        let value = self.ev.eval(expr, &mut row)?;
                        set(&mut row, *slot, value);
                    }
                    if self.push(index + 1, &mut row)? == Flow::Stop {
                        break;
                    }
                }
            }
            (Some(Op::Sort(keys)), Some(OpState::Sort { rows, .. })) => {
                let mut rows = std::mem::take(rows);
                self.ev.check_deadline()?;
                rows.sort_by(|a, b| compare_keys(&a.0, &b.0, keys));
                for (_, mut row) in rows {
                    self.ev.tick()?;
                    if self.push(index + 1, &mut row)? == Flow::Stop {
                        break;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn run_match(
        &mut self,
        index: usize,
        clause: &MatchClause,
        steps: &'p [Step<'q>],
        row: &mut Vec<Value>,
    ) -> Exec {
        let before = self.matches.get(index).copied().unwrap_or(0);
        let mut used = Vec::new();
        if self.steps(Cursor::start(index, steps), row, &mut used)? == Flow::Stop {
            return Ok(Flow::Stop);
        }
        let found = self.matches.get(index).copied().unwrap_or(0) > before;
        if clause.optional && !found {
            for &slot in &clause.new_slots {
                set(row, slot, Value::Null);
            }
            return self.push(index + 1, row);
        }
        Ok(Flow::Continue)
    }

    /// Runs the steps of a `MATCH` from `at` on; `used` holds the relationships the
    /// partial match has bound (each may be matched once per clause).
    fn steps(&mut self, at: Cursor<'p, 'q>, row: &mut Vec<Value>, used: &mut Vec<RelId>) -> Exec {
        let Some(step) = at.steps.get(at.k) else {
            if let Some(count) = self.matches.get_mut(at.op) {
                *count += 1;
            }
            if self.first_only {
                return Ok(Flow::Stop);
            }
            return self.push(at.op + 1, row);
        };
        match step {
            Step::Filter(condition) => {
                if self.ev.truth(condition, row)? == Some(true) {
                    self.steps(at.next(), row, used)
                } else {
                    Ok(Flow::Continue)
                }
            }
            Step::Scan { node, anchor, mode } => {
                let wanted = self.property_values(&node.properties, row)?;
                if *mode == Mode::Check {
                    return match bound_node(row, node.slot, node.span)? {
                        Some(id) if self.node_matches(node, id, &wanted) => {
                            self.steps(at.next(), row, used)
                        }
                        _ => Ok(Flow::Continue),
                    };
                }
                // Candidates are read one at a time, so a satisfied LIMIT stops the scan.
                for id in self.candidates(*anchor, row)? {
                    self.ev.tick()?;
                    if !self.node_matches(node, id, &wanted) {
                        continue;
                    }
                    set(row, node.slot, Value::Node(id));
                    if self.steps(at.next(), row, used)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                }
                Ok(Flow::Continue)
            }
            Step::Expand(step) => {
                let Some(start) = bound_node(row, step.from, step.rel.span)? else {
                    return Ok(Flow::Continue);
                };
                let expansion = Expansion {
                    at,
                    step,
                    start,
                    to_properties: self.property_values(&step.to.properties, row)?,
                };
                match step.rel.length {
                    None => self.expand_one(&expansion, row, used),
                    Some((min, max)) => self.expand_variable(&expansion, min, max, row, used),
                }
            }
            Step::ScanRelationships {
                rel,
                left,
                right,
                right_mode,
            } => self.scan_relationships(at, rel, left, right, *right_mode, row, used),
            Step::Shortest { part, from, to } => self.shortest(at, part, *from, *to, row, used),
            Step::Path(part) => {
                let path = self.build_path(part, row);
                if let Some(slot) = part.path_slot {
                    set(row, slot, path);
                }
                self.steps(at.next(), row, used)
            }
            Step::Count {
                from,
                rel,
                direction,
            } => {
                let Some(node) = bound_node(row, *from, rel.span)? else {
                    return Ok(Flow::Continue);
                };
                self.ev.tick()?;
                let count = self.ev.graph.degree(node, *direction, &rel.types);
                self.multiplied(count, at, row, used)
            }
            Step::CountByType { rel, counts } => {
                let examples = counts
                    .iter()
                    .map(|&(example, count)| (Value::Relationship(example), count));
                self.each_counted(examples, rel.slot, at, row, used)
            }
            Step::CountByLabels { node, groups } => {
                let examples = groups
                    .iter()
                    .map(|&(example, count)| (Value::Node(example), count));
                self.each_counted(examples, node.slot, at, row, used)
            }
        }
    }

    /// Binds `slot` to each example in turn and runs the steps after `at` with the row
    /// standing for its count of matches.
    fn each_counted(
        &mut self,
        examples: impl Iterator<Item = (Value, usize)>,
        slot: usize,
        at: Cursor<'p, 'q>,
        row: &mut Vec<Value>,
        used: &mut Vec<RelId>,
    ) -> Exec {
        for (example, count) in examples {
            self.ev.tick()?;
            set(row, slot, example);
            if self.multiplied(count, at, row, used)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// Runs the steps after `k` with the row standing for `count` times as many
    /// matches; none when `count` is 0.
    fn multiplied(
        &mut self,
        count: usize,
        at: Cursor<'p, 'q>,
        row: &mut Vec<Value>,
        used: &mut Vec<RelId>,
    ) -> Exec {
        if count == 0 {
            return Ok(Flow::Continue);
        }
        let outer = self.multiplicity;
        self.multiplicity = outer.saturating_mul(count as u64);
        let flow = self.steps(at.next(), row, used);
        self.multiplicity = outer;
        flow
    }

    /// The nodes a pattern node may be: the bound one, or those its anchor finds,
    /// keeping only those with the node's labels and properties.
    fn endpoint_nodes(
        &mut self,
        node: &'q NodeElem,
        anchor: Anchor<'q>,
        mode: Mode,
        row: &mut [Value],
    ) -> Result<Vec<NodeId>, QueryError> {
        let wanted = self.property_values(&node.properties, row)?;
        if mode == Mode::Check {
            let bound = bound_node(row, node.slot, node.span)?;
            return Ok(bound
                .filter(|&id| self.node_matches(node, id, &wanted))
                .into_iter()
                .collect());
        }
        let mut found = Vec::new();
        for id in self.candidates(anchor, row)? {
            self.ev.tick()?;
            if self.node_matches(node, id, &wanted) {
                found.push(id);
            }
        }
        Ok(found)
    }

    /// The nodes `anchor` finds, read lazily, before their labels and properties are
    /// checked.
    fn candidates<'c>(
        &mut self,
        anchor: Anchor<'q>,
        row: &mut [Value],
    ) -> Result<Box<dyn Iterator<Item = NodeId> + 'c>, QueryError>
    where
        'a: 'c,
        'q: 'c,
    {
        let graph = self.ev.graph;
        Ok(match anchor {
            Anchor::Index { key, value } => {
                let value = self.ev.eval(value, row)?;
                match graph.indexed_lookup(key, &value) {
                    Some(nodes) => Box::new(nodes.into_iter()),
                    None => graph.nodes(),
                }
            }
            Anchor::Label(label) => graph.nodes_with_label(label),
            Anchor::AnyLabel(labels) => {
                Box::new(labels.iter().enumerate().flat_map(move |(i, label)| {
                    // A node with several of the labels is found under the first.
                    graph.nodes_with_label(label).filter(move |&node| {
                        !labels
                            .iter()
                            .take(i)
                            .any(|earlier| graph.has_label(node, earlier))
                    })
                }))
            }
            Anchor::All | Anchor::Bound => graph.nodes(),
        })
    }

    /// The values of a pattern element's `{key: value}` map. They read only what is
    /// bound before the clause, so they are computed once per step rather than once
    /// per candidate.
    fn property_values(
        &mut self,
        properties: &'q [(String, CExpr)],
        row: &mut [Value],
    ) -> Result<Vec<(&'q str, Value)>, QueryError> {
        properties
            .iter()
            .map(|(key, expr)| Ok((key.as_str(), self.ev.eval(expr, row)?)))
            .collect()
    }

    /// Whether node `id` has the pattern node's labels and the property values
    /// `wanted` (from [`property_values`](Self::property_values)).
    fn node_matches(&self, node: &NodeElem, id: NodeId, wanted: &[(&str, Value)]) -> bool {
        let graph = self.ev.graph;
        let labelled = if node.any_label {
            node.labels.is_empty() || node.labels.iter().any(|label| graph.has_label(id, label))
        } else {
            node.labels.iter().all(|label| graph.has_label(id, label))
        };
        labelled
            && wanted
                .iter()
                .all(|(key, value)| graph.node_property(id, key).equals(value) == Some(true))
    }

    /// Whether `node` may be the pattern node `to`: equal to its bound value when
    /// checking, and with its labels and the property values `wanted`.
    fn target_matches(
        &self,
        to: &NodeElem,
        mode: Mode,
        node: NodeId,
        wanted: &[(&str, Value)],
        row: &[Value],
    ) -> Result<bool, QueryError> {
        if mode == Mode::Check && bound_node(row, to.slot, to.span)? != Some(node) {
            return Ok(false);
        }
        Ok(self.node_matches(to, node, wanted))
    }

    fn expand_one(
        &mut self,
        x: &Expansion<'p, 'q>,
        row: &mut Vec<Value>,
        used: &mut Vec<RelId>,
    ) -> Exec {
        let graph = self.ev.graph;
        let bound = if x.step.rel.pre_bound {
            match get(row, x.step.rel.slot) {
                Value::Relationship(rel) => Some(*rel),
                Value::Null => return Ok(Flow::Continue),
                other => {
                    return Err(QueryError::runtime(
                        format!("expected a relationship, not {}", other.describe_type()),
                        x.step.rel.span,
                    ));
                }
            }
        } else {
            None
        };
        let wanted = self.property_values(&x.step.rel.properties, row)?;
        for (rel, other) in graph.relationships(x.start, x.step.direction, &x.step.rel.types) {
            self.ev.tick()?;
            if used.contains(&rel)
                || bound.is_some_and(|b| b != rel)
                || !self.ev.relationship_matches(rel, &wanted)
                || !self.target_matches(x.step.to, x.step.to_mode, other, &x.to_properties, row)?
            {
                continue;
            }
            set(row, x.step.rel.slot, Value::Relationship(rel));
            set(row, x.step.to.slot, Value::Node(other));
            used.push(rel);
            let flow = self.steps(x.at.next(), row, used);
            used.pop();
            if flow? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// Matches a relationship and its two ends from a scan of every relationship.
    #[allow(clippy::too_many_arguments)]
    fn scan_relationships(
        &mut self,
        at: Cursor<'p, 'q>,
        rel: &'q RelElem,
        left: &'q NodeElem,
        right: &'q NodeElem,
        right_mode: Mode,
        row: &mut Vec<Value>,
        used: &mut Vec<RelId>,
    ) -> Exec {
        let graph = self.ev.graph;
        let Some(all) = graph.all_relationships(&rel.types) else {
            return Ok(Flow::Continue);
        };
        let wanted = self.property_values(&rel.properties, row)?;
        let left_properties = self.property_values(&left.properties, row)?;
        let right_properties = self.property_values(&right.properties, row)?;
        for (id, start, end) in all {
            self.ev.tick()?;
            if used.contains(&id) || !self.ev.relationship_matches(id, &wanted) {
                continue;
            }
            // Which end is the pattern's left node: an undirected pattern matches both
            // ways, except a self-loop, which is one match (as when expanding).
            let ways = match rel.direction {
                Direction::Outgoing => [Some((start, end)), None],
                Direction::Incoming => [Some((end, start)), None],
                Direction::Both => [Some((start, end)), (start != end).then_some((end, start))],
            };
            for (left_node, right_node) in ways.into_iter().flatten() {
                if !self.node_matches(left, left_node, &left_properties) {
                    continue;
                }
                set(row, left.slot, Value::Node(left_node));
                if !self.target_matches(right, right_mode, right_node, &right_properties, row)? {
                    continue;
                }
                set(row, rel.slot, Value::Relationship(id));
                set(row, right.slot, Value::Node(right_node));
                used.push(id);
                let flow = self.steps(at.next(), row, used);
                used.pop();
                if flow? == Flow::Stop {
                    return Ok(Flow::Stop);
                }
            }
        }
        Ok(Flow::Continue)
    }

    /// Follows a variable-length relationship depth first, with an explicit stack so
    /// that long paths cannot exhaust the call stack.
    fn expand_variable(
        &mut self,
        x: &Expansion<'p, 'q>,
        min: u64,
        max: Option<u64>,
        row: &mut Vec<Value>,
        used: &mut Vec<RelId>,
    ) -> Exec {
        let graph = self.ev.graph;
        let max = max.unwrap_or(self.ev.max_hops as u64);
        if min > max {
            return Ok(Flow::Continue);
        }
        let wanted = self.property_values(&x.step.rel.properties, row)?;
        let mut path: Vec<RelId> = Vec::new();
        if min == 0 && self.emit_variable(x, x.start, &path, row, used)? == Flow::Stop {
            return Ok(Flow::Stop);
        }
        if max == 0 {
            return Ok(Flow::Continue);
        }
        // One iterator per node on the path: frames.len() == path.len() + 1.
        let mut frames = vec![graph.relationships(x.start, x.step.direction, &x.step.rel.types)];
        while let Some(frame) = frames.last_mut() {
            self.ev.tick()?;
            let Some((rel, other)) = frame.next() else {
                frames.pop();
                if path.pop().is_some() {
                    used.pop();
                }
                continue;
            };
            if used.contains(&rel) || !self.ev.relationship_matches(rel, &wanted) {
                continue;
            }
            path.push(rel);
            used.push(rel);
            let depth = path.len() as u64;
            if depth >= min && self.emit_variable(x, other, &path, row, used)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
            if depth < max {
                frames.push(graph.relationships(other, x.step.direction, &x.step.rel.types));
            } else {
                path.pop();
                used.pop();
            }
        }
        Ok(Flow::Continue)
    }

    /// Binds one path of a variable-length relationship ending at `end` and matches
    /// the rest of the clause.
    fn emit_variable(
        &mut self,
        x: &Expansion<'p, 'q>,
        end: NodeId,
        path: &[RelId],
        row: &mut Vec<Value>,
        used: &mut Vec<RelId>,
    ) -> Exec {
        if !self.target_matches(x.step.to, x.step.to_mode, end, &x.to_properties, row)? {
            return Ok(Flow::Continue);
        }
        let mut rels: Vec<Value> = path.iter().copied().map(Value::Relationship).collect();
        if x.step.reversed {
            rels.reverse();
        }
        set(row, x.step.rel.slot, Value::List(rels));
        set(row, x.step.to.slot, Value::Node(end));
        self.steps(x.at.next(), row, used)
    }

    fn shortest(
        &mut self,
        at: Cursor<'p, 'q>,
        part: &'q PathPattern,
        from: (Anchor<'q>, Mode),
        to: (Anchor<'q>, Mode),
        row: &mut Vec<Value>,
        used: &mut Vec<RelId>,
    ) -> Exec {
        let (Some(from_node), Some(to_node), Some(rel)) =
            (part.nodes.first(), part.nodes.get(1), part.rels.first())
        else {
            return Ok(Flow::Continue);
        };
        let (min, max) = rel.length.unwrap_or((1, Some(1)));
        let search = Search {
            direction: rel.direction,
            types: &rel.types,
            wanted: self.property_values(&rel.properties, row)?,
            min,
            max,
            all: part.shortest == Some(ShortestPath::All),
        };
        for source in self.endpoint_nodes(from_node, from.0, from.1, row)? {
            set(row, from_node.slot, Value::Node(source));
            // Found per source: the far end may be the same variable as the near one.
            for target in self.endpoint_nodes(to_node, to.0, to.1, row)? {
                for path in search.run(self.ev, source, target)? {
                    set(row, to_node.slot, Value::Node(target));
                    let rels = path.relationships.iter().copied().map(Value::Relationship);
                    set(row, rel.slot, Value::List(rels.collect()));
                    if let Some(slot) = part.path_slot {
                        set(row, slot, Value::Path(Box::new(path)));
                    }
                    if self.steps(at.next(), row, used)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                }
            }
        }
        Ok(Flow::Continue)
    }

    /// The named path of a pattern, from the elements bound in `row`.
    fn build_path(&self, part: &PathPattern, row: &[Value]) -> Value {
        let graph = self.ev.graph;
        let Some(Value::Node(first)) = part.nodes.first().map(|node| get(row, node.slot)) else {
            return Value::Null;
        };
        let mut nodes = vec![*first];
        let mut relationships = Vec::new();
        for (rel, next) in part.rels.iter().zip(part.nodes.iter().skip(1)) {
            match get(row, rel.slot) {
                Value::Relationship(id) => {
                    relationships.push(*id);
                    if let Value::Node(node) = get(row, next.slot) {
                        nodes.push(*node);
                    }
                }
                Value::List(items) => {
                    for item in items {
                        if let Value::Relationship(id) = item {
                            let current = nodes.last().copied().unwrap_or(*first);
                            let (start, end) = graph.endpoints(*id);
                            nodes.push(if start == current { end } else { start });
                            relationships.push(*id);
                        }
                    }
                }
                _ => {}
            }
        }
        Value::Path(Box::new(PathValue {
            nodes,
            relationships,
        }))
    }
}

/// One relationship step of a pattern being matched, and where matching resumes.
struct Expansion<'p, 'q> {
    /// Where the match goes on after the expansion.
    at: Cursor<'p, 'q>,
    /// What to follow: the relationship, its direction, the node it reaches.
    step: &'p Expand<'q>,
    /// The node expanded from.
    start: NodeId,
    /// The values of `step.to`'s property map.
    to_properties: Vec<(&'q str, Value)>,
}

/// Where a match stands: the index of its `MATCH` op, the op's steps, and the step
/// to run next. Passed whole, since every step hands it on to the next.
#[derive(Clone, Copy)]
struct Cursor<'p, 'q> {
    op: usize,
    steps: &'p [Step<'q>],
    k: usize,
}

impl<'p, 'q> Cursor<'p, 'q> {
    /// The first step of the `MATCH` op at `op`.
    fn start(op: usize, steps: &'p [Step<'q>]) -> Self {
        Cursor { op, steps, k: 0 }
    }

    /// The step after this one.
    fn next(self) -> Self {
        Cursor {
            k: self.k + 1,
            ..self
        }
    }
}

/// The node bound in `slot`: `None` for null (nothing can match), an error for
/// anything but a node.
fn bound_node(row: &[Value], slot: usize, span: Span) -> Result<Option<NodeId>, QueryError> {
    match get(row, slot) {
        Value::Node(node) => Ok(Some(*node)),
        Value::Null => Ok(None),
        other => Err(QueryError::runtime(
            format!("expected a node, not {}", other.describe_type()),
            span,
        )),
    }
}
