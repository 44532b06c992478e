//! Grouping rows and computing aggregates (`count`, `collect`, `min`, `max`, `sum`,
//! `avg`, `percentileDisc`, `percentileCont`, `stDev`, `stDevP`) per group.

use std::collections::HashSet;
use std::hash::Hasher;

use hashbrown::HashTable;

use super::super::ast::Span;
use super::super::value::{GroupKey, Value, hash_value};
use super::QueryError;
use super::functions::AggregateFunction;
use super::ir::AggregateSpec;

/// A quick multiply-rotate hasher for grouping keys: the keys come from the graph,
/// not from an adversary choosing collisions, and SipHash would cost more than the
/// rest of grouping a row.
#[derive(Default)]
pub(super) struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (to, from) in word.iter_mut().zip(chunk) {
                *to = *from;
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

fn same_keys(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.order(y).is_eq())
}

/// Hashes key values consistently with [`same_keys`].
fn hash_keys(keys: &[Value]) -> u64 {
    let mut hasher = FastHasher::default();
    for value in keys {
        hash_value(value, &mut hasher);
    }
    hasher.finish()
}

/// The `width` values of group `group` in a flat array of groups.
fn chunk<T>(values: &[T], width: usize, group: usize) -> &[T] {
    let start = group.saturating_mul(width);
    values
        .get(start..start.saturating_add(width))
        .unwrap_or_default()
}

/// The groups of an aggregating projection, in order of first appearance.
///
/// Laid out for grouping a million rows into many groups, where every lookup is a
/// cache miss and an allocation per group costs more than the rest: the key values,
/// first rows and aggregates of all groups each live in one flat array, group after
/// group, and the hash table holds only group numbers.
#[derive(Default)]
pub(super) struct Groups {
    /// Group numbers, found by hashing their key values.
    table: HashTable<usize>,
    /// `key_width` key values per group.
    keys: Vec<Value>,
    key_width: usize,
    /// Whether to keep each group's first row: only when an aggregating item reads
    /// variables that are not grouping keys (see `AggregateClause::reads_first_row`).
    keep_rows: bool,
    /// Whether rows come grouped: then a row whose keys differ from the previous
    /// row's starts a new group, without looking it up.
    ordered: bool,
    /// The first row of each group, `row_width` values per group.
    rows: Vec<Value>,
    row_width: usize,
    /// `width` aggregates per group.
    accumulators: Vec<Accumulator>,
    width: usize,
    count: usize,
    /// The group the previous row went to: rows often come grouped (all the
    /// relationships of one node, say), and then no hashing is needed.
    last: Option<usize>,
}

impl Groups {
    /// No groups yet; `keep_rows` says whether finishing them reads their first
    /// rows, `ordered` that all the rows of a group come one after another.
    pub(super) fn new(keep_rows: bool, ordered: bool) -> Groups {
        Groups {
            keep_rows,
            ordered,
            ..Groups::default()
        }
    }

    /// The aggregates of the group of a row with these key values (taken from
    /// `keys`); a new group starts with `row`.
    pub(super) fn group(
        &mut self,
        keys: &mut Vec<Value>,
        row: &[Value],
        specs: &[AggregateSpec],
    ) -> &mut [Accumulator] {
        let group = match self.last {
            Some(last) if same_keys(chunk(&self.keys, self.key_width, last), keys) => last,
            _ if self.ordered => self.start(None, keys, row, specs),
            _ => {
                let hash = hash_keys(keys);
                let (arena, width) = (&self.keys, self.key_width);
                let found = self
                    .table
                    .find(hash, |&group| same_keys(chunk(arena, width, group), keys))
                    .copied();
                match found {
                    Some(group) => group,
                    None => self.start(Some(hash), keys, row, specs),
                }
            }
        };
        self.last = Some(group);
        let start = group.saturating_mul(self.width);
        let end = start.saturating_add(self.width);
        self.accumulators.get_mut(start..end).unwrap_or_default()
    }

    /// Starts a group with these keys (taken) and first row, findable by `hash`
    /// unless rows come ordered; returns its number.
    fn start(
        &mut self,
        hash: Option<u64>,
        keys: &mut Vec<Value>,
        row: &[Value],
        specs: &[AggregateSpec],
    ) -> usize {
        let group = self.count;
        self.count += 1;
        // Every row of one projection has as many keys, slots and aggregates.
        self.key_width = keys.len();
        self.width = specs.len();
        self.keys.append(keys);
        if self.keep_rows {
            self.row_width = row.len();
            self.rows.extend_from_slice(row);
        }
        self.accumulators.extend(specs.iter().map(Accumulator::new));
        if let Some(hash) = hash {
            let (arena, width) = (&self.keys, self.key_width);
            self.table
                .insert_unique(hash, group, |&g| hash_keys(chunk(arena, width, g)));
        }
        group
    }

    /// The groups, in order of first appearance.
    pub(super) fn finish(self) -> Finished {
        Finished {
            remaining: self.count,
            keys: self.keys.into_iter(),
            key_width: self.key_width,
            rows: self.rows.into_iter(),
            row_width: self.row_width,
            accumulators: self.accumulators.into_iter(),
            width: self.width,
        }
    }
}

/// Finished groups, handed out one at a time into buffers the caller reuses.
pub(super) struct Finished {
    remaining: usize,
    keys: std::vec::IntoIter<Value>,
    key_width: usize,
    rows: std::vec::IntoIter<Value>,
    row_width: usize,
    accumulators: std::vec::IntoIter<Accumulator>,
    width: usize,
}

impl Finished {
    /// How many groups are left.
    pub(super) fn len(&self) -> usize {
        self.remaining
    }

    /// Moves the next group's first row (if kept) into `row`, its key values into `keys` and
    /// its aggregates' values into `values`; `false` when no group is left.
    pub(super) fn next_into(
        &mut self,
        row: &mut Vec<Value>,
        keys: &mut Vec<Value>,
        values: &mut Vec<Value>,
    ) -> bool {
        if self.remaining == 0 {
            return false;
        }
        self.remaining -= 1;
        // Without kept rows, `row` is left as it is: the caller sets the projected
        // slots, the only ones read after the projection.
        if self.row_width > 0 {
            row.clear();
            row.extend(self.rows.by_ref().take(self.row_width));
        }
        keys.clear();
        keys.extend(self.keys.by_ref().take(self.key_width));
        values.clear();
        values.extend(
            self.accumulators
                .by_ref()
                .take(self.width)
                .map(Accumulator::finish),
        );
        true
    }
}

/// A running sum: exact while every value is an integer.
enum Sum {
    Integer(i64),
    Float(f64),
}

enum State {
    Count(i64),
    Collect(Vec<Value>),
    Min(Option<Value>),
    Max(Option<Value>),
    Sum(Sum),
    /// Boxed, as its 128-bit sum would double the size of every other state.
    Avg(Box<Average>),
    /// Every number seen, with how many rows it came in: percentiles need them
    /// sorted, and the standard deviations are computed in two passes (the mean,
    /// then the squares about it), which keeps them exact where the data allow.
    Numbers(Box<Numbers>),
}

struct Numbers {
    function: AggregateFunction,
    values: Vec<(Value, u64)>,
    /// The percentile asked for, from the latest row.
    percentile: f64,
}

struct Average {
    integers: i128,
    floats: f64,
    count: u64,
}

/// One aggregate of one group.
pub(super) struct Accumulator {
    /// Values seen so far, for `DISTINCT`. Boxed: most aggregates are not distinct,
    /// and an empty set inline would be most of the size of every group's aggregate.
    #[allow(clippy::box_collection)]
    seen: Option<Box<HashSet<GroupKey>>>,
    state: State,
}

impl Accumulator {
    pub(super) fn new(spec: &AggregateSpec) -> Accumulator {
        let state = match spec.function {
            AggregateFunction::Count => State::Count(0),
            AggregateFunction::Collect => State::Collect(Vec::new()),
            AggregateFunction::Min => State::Min(None),
            AggregateFunction::Max => State::Max(None),
            AggregateFunction::Sum => State::Sum(Sum::Integer(0)),
            AggregateFunction::Avg => State::Avg(Box::new(Average {
                integers: 0,
                floats: 0.0,
                count: 0,
            })),
            function @ (AggregateFunction::PercentileDisc
            | AggregateFunction::PercentileCont
            | AggregateFunction::StDev
            | AggregateFunction::StDevP) => State::Numbers(Box::new(Numbers {
                function,
                values: Vec::new(),
                percentile: 0.0,
            })),
        };
        Accumulator {
            seen: spec.distinct.then(Box::default),
            state,
        }
    }

    /// Adds a value seen in `times` rows (more than one when the rows were counted
    /// rather than listed). Nulls are skipped by every aggregate; `DISTINCT` takes a
    /// value once however often it comes.
    pub(super) fn add(&mut self, value: Value, times: u64, span: Span) -> Result<(), QueryError> {
        if value.is_null() || times == 0 {
            return Ok(());
        }
        let times = match &mut self.seen {
            Some(seen) => {
                if !seen.insert(GroupKey(value.clone())) {
                    return Ok(());
                }
                1
            }
            None => times,
        };
        let overflow =
            |what: &str| QueryError::runtime(format!("integer overflow in {what}()"), span);
        match &mut self.state {
            State::Count(count) => {
                *count = count.saturating_add(i64::try_from(times).unwrap_or(i64::MAX));
            }
            State::Collect(items) => {
                items.extend(std::iter::repeat_n(
                    value,
                    usize::try_from(times).unwrap_or(usize::MAX),
                ));
            }
            State::Min(least) => {
                if least.as_ref().is_none_or(|l| value.order(l).is_lt()) {
                    *least = Some(value);
                }
            }
            State::Max(most) => {
                if most.as_ref().is_none_or(|m| value.order(m).is_gt()) {
                    *most = Some(value);
                }
            }
            State::Sum(sum) => {
                // `times` equal values add up to one product.
                let scaled = match &value {
                    Value::Integer(b) => i64::try_from(times)
                        .ok()
                        .and_then(|t| b.checked_mul(t))
                        .map(Value::Integer)
                        .ok_or_else(|| overflow("sum"))?,
                    Value::Float(b) => Value::Float(b * times as f64),
                    other => return Err(not_a_number("sum", other, span)),
                };
                *sum = match (&*sum, scaled) {
                    (Sum::Integer(a), Value::Integer(b)) => {
                        Sum::Integer(a.checked_add(b).ok_or_else(|| overflow("sum"))?)
                    }
                    (Sum::Integer(a), Value::Float(b)) => Sum::Float(*a as f64 + b),
                    (Sum::Float(a), Value::Integer(b)) => Sum::Float(a + b as f64),
                    (Sum::Float(a), Value::Float(b)) => Sum::Float(a + b),
                    (_, other) => return Err(not_a_number("sum", &other, span)),
                }
            }
            State::Avg(average) => {
                match &value {
                    Value::Integer(i) => average.integers += i128::from(*i) * i128::from(times),
                    Value::Float(f) => average.floats += f * times as f64,
                    other => return Err(not_a_number("avg", other, span)),
                }
                average.count += times;
            }
            State::Numbers(numbers) => match value {
                Value::Integer(_) | Value::Float(_) => numbers.values.push((value, times)),
                other => return Err(not_a_number(numbers.function.name(), &other, span)),
            },
        }
        Ok(())
    }

    /// Sets the percentile of `percentileDisc`/`percentileCont` (checked to be in
    /// 0.0..=1.0).
    pub(super) fn set_percentile(&mut self, percentile: f64) {
        if let State::Numbers(numbers) = &mut self.state {
            numbers.percentile = percentile;
        }
    }

    /// Counts `rows` rows, for `count(*)`.
    pub(super) fn add_rows(&mut self, rows: u64) {
        if let State::Count(count) = &mut self.state {
            *count = count.saturating_add(i64::try_from(rows).unwrap_or(i64::MAX));
        }
    }

    /// The aggregate's value.
    pub(super) fn finish(self) -> Value {
        match self.state {
            State::Count(count) => Value::Integer(count),
            State::Collect(items) => Value::List(items),
            State::Min(value) | State::Max(value) => value.unwrap_or(Value::Null),
            State::Sum(Sum::Integer(i)) => Value::Integer(i),
            State::Sum(Sum::Float(f)) => Value::Float(f),
            State::Avg(average) if average.count == 0 => Value::Null,
            State::Avg(average) => {
                Value::Float((average.integers as f64 + average.floats) / average.count as f64)
            }
            State::Numbers(numbers) => numbers.finish(),
        }
    }
}

impl Numbers {
    fn finish(mut self) -> Value {
        let total: u64 = self.values.iter().map(|(_, times)| times).sum();
        match self.function {
            AggregateFunction::StDev | AggregateFunction::StDevP => {
                let sample = self.function == AggregateFunction::StDev;
                // Neo4j gives 0.0 where the deviation is undefined (no values, or one
                // for the sample's).
                if total == 0 || (sample && total == 1) {
                    return Value::Float(0.0);
                }
                let float = |value: &Value| match value {
                    Value::Integer(i) => *i as f64,
                    Value::Float(f) => *f,
                    _ => 0.0,
                };
                let n = total as f64;
                let mean = self
                    .values
                    .iter()
                    .map(|(value, times)| float(value) * *times as f64)
                    .sum::<f64>()
                    / n;
                let squares: f64 = self
                    .values
                    .iter()
                    .map(|(value, times)| (float(value) - mean).powi(2) * *times as f64)
                    .sum();
                Value::Float((squares / if sample { n - 1.0 } else { n }).sqrt())
            }
            _ if total == 0 => Value::Null,
            function => {
                self.values.sort_by(|a, b| a.0.order(&b.0));
                let p = self.percentile;
                // The value at `index` in the sorted list of every row's value.
                let at = |index: u64| {
                    let mut before = 0;
                    for (value, times) in &self.values {
                        before += times;
                        if index < before {
                            return value.clone();
                        }
                    }
                    Value::Null
                };
                if function == AggregateFunction::PercentileDisc {
                    // The nearest rank: the first value with at least `p` of all
                    // values at or below it.
                    let rank = (p * total as f64).ceil() as u64;
                    return at(rank.saturating_sub(1).min(total - 1));
                }
                // Linear interpolation between the values around `p * (n - 1)`.
                let position = p * (total - 1) as f64;
                let (below, above) = (position.floor(), position.ceil());
                let as_float = |value: Value| match value {
                    Value::Integer(i) => i as f64,
                    Value::Float(f) => f,
                    _ => f64::NAN,
                };
                let low = as_float(at(below as u64));
                if above == below {
                    return Value::Float(low);
                }
                let high = as_float(at(above as u64));
                Value::Float(low * (above - position) + high * (position - below))
            }
        }
    }
}

fn not_a_number(function: &str, value: &Value, span: Span) -> QueryError {
    QueryError::runtime(
        format!("{function}() needs numbers, not {}", value.describe_type()),
        span,
    )
}
