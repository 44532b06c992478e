//! Grouping rows and computing aggregates (`count`, `collect`, `min`, `max`, `sum`,
//! `avg`) per group.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::super::ast::Span;
use super::super::value::{GroupKey, Value, hash_value};
use super::QueryError;
use super::compile::AggregateSpec;
use super::functions::AggregateFunction;

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

/// The grouping key of a row, hashed and compared as [`Value::order`] equality. One
/// key (the usual case) is held inline, so looking it up touches only the hash table.
#[derive(Debug, Clone)]
enum GroupingKey {
    One(Value),
    Many(Vec<Value>),
}

impl GroupingKey {
    fn values(&self) -> &[Value] {
        match self {
            GroupingKey::One(value) => std::slice::from_ref(value),
            GroupingKey::Many(values) => values,
        }
    }
}

impl PartialEq for GroupingKey {
    fn eq(&self, other: &Self) -> bool {
        same_keys(self.values(), other.values())
    }
}

impl Eq for GroupingKey {}

impl std::hash::Hash for GroupingKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for value in self.values() {
            hash_value(value, state);
        }
    }
}

fn same_keys(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.order(y).is_eq())
}

/// A finished group: its key values, its first row and its aggregates.
pub(super) struct Group {
    pub keys: Vec<Value>,
    /// The first row of the group: grouping keys and the variables they were
    /// computed from are read from it when the group is finished.
    pub row: Vec<Value>,
    pub accumulators: Vec<Accumulator>,
}

/// The groups of an aggregating projection, in order of first appearance.
///
/// Laid out for grouping a million rows into many groups, where every lookup is a
/// cache miss: keys live inline in the hash table, and the aggregates of all groups
/// in one array, so a row costs a probe and an update.
#[derive(Default)]
pub(super) struct Groups {
    index: HashMap<GroupingKey, usize, BuildHasherDefault<FastHasher>>,
    /// Per group, its key values and first row; read only when finishing.
    firsts: Vec<(Vec<Value>, Vec<Value>)>,
    /// `width` aggregates per group, group after group.
    accumulators: Vec<Accumulator>,
    width: usize,
    /// The group the previous row went to: rows often come grouped (all the
    /// relationships of one node, say), and then no hashing is needed.
    last: Option<usize>,
}

impl Groups {
    /// The aggregates of the group of a row with these key values (taken from
    /// `keys`); a new group starts with `row`.
    pub(super) fn group(
        &mut self,
        keys: &mut Vec<Value>,
        row: &[Value],
        specs: &[AggregateSpec],
    ) -> &mut [Accumulator] {
        let group = match self.last {
            Some(last)
                if self
                    .firsts
                    .get(last)
                    .is_some_and(|(k, _)| same_keys(k, keys)) =>
            {
                last
            }
            _ => {
                let key = if keys.len() == 1 {
                    GroupingKey::One(keys.pop().unwrap_or(Value::Null))
                } else {
                    GroupingKey::Many(std::mem::take(keys))
                };
                match self.index.get(&key) {
                    Some(&found) => found,
                    None => {
                        let next = self.firsts.len();
                        self.firsts.push((key.values().to_vec(), row.to_vec()));
                        self.index.insert(key, next);
                        self.accumulators.extend(specs.iter().map(Accumulator::new));
                        self.width = specs.len();
                        next
                    }
                }
            }
        };
        self.last = Some(group);
        let start = group.saturating_mul(self.width);
        let end = start.saturating_add(self.width);
        self.accumulators.get_mut(start..end).unwrap_or_default()
    }

    /// The groups, in order of first appearance.
    pub(super) fn finish(self) -> Vec<Group> {
        let width = self.width.max(1);
        let mut accumulators = self.accumulators.into_iter();
        self.firsts
            .into_iter()
            .map(|(keys, row)| Group {
                keys,
                row,
                accumulators: accumulators.by_ref().take(width).collect(),
            })
            .collect()
    }
}

/// The one group of an aggregation without grouping keys that saw no rows:
/// `count(*)` of nothing is 0.
pub(super) fn empty_group(row: Vec<Value>, specs: &[AggregateSpec]) -> Group {
    Group {
        keys: Vec::new(),
        row,
        accumulators: specs.iter().map(Accumulator::new).collect(),
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
    Avg {
        integers: i128,
        floats: f64,
        count: u64,
    },
}

/// One aggregate of one group.
pub(super) struct Accumulator {
    /// Values seen so far, for `DISTINCT`.
    seen: Option<HashSet<GroupKey>>,
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
            AggregateFunction::Avg => State::Avg {
                integers: 0,
                floats: 0.0,
                count: 0,
            },
        };
        Accumulator {
            seen: spec.distinct.then(HashSet::new),
            state,
        }
    }

    /// Adds one row's value; `None` for `count(*)`, which counts rows. Nulls are
    /// skipped by every aggregate.
    pub(super) fn add(&mut self, value: Option<Value>, span: Span) -> Result<(), QueryError> {
        let Some(value) = value else {
            if let State::Count(count) = &mut self.state {
                *count = count.saturating_add(1);
            }
            return Ok(());
        };
        if value.is_null() {
            return Ok(());
        }
        if let Some(seen) = &mut self.seen
            && !seen.insert(GroupKey(value.clone()))
        {
            return Ok(());
        }
        match &mut self.state {
            State::Count(count) => *count = count.saturating_add(1),
            State::Collect(items) => items.push(value),
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
                *sum = match (&*sum, &value) {
                    (Sum::Integer(a), Value::Integer(b)) => {
                        Sum::Integer(a.checked_add(*b).ok_or_else(|| {
                            QueryError::runtime("integer overflow in sum()", span)
                        })?)
                    }
                    (Sum::Integer(a), Value::Float(b)) => Sum::Float(*a as f64 + b),
                    (Sum::Float(a), Value::Integer(b)) => Sum::Float(a + *b as f64),
                    (Sum::Float(a), Value::Float(b)) => Sum::Float(a + b),
                    (_, other) => return Err(not_a_number("sum", other, span)),
                }
            }
            State::Avg {
                integers,
                floats,
                count,
            } => {
                match &value {
                    Value::Integer(i) => *integers += i128::from(*i),
                    Value::Float(f) => *floats += f,
                    other => return Err(not_a_number("avg", other, span)),
                }
                *count += 1;
            }
        }
        Ok(())
    }

    /// The aggregate's value.
    pub(super) fn finish(self) -> Value {
        match self.state {
            State::Count(count) => Value::Integer(count),
            State::Collect(items) => Value::List(items),
            State::Min(value) | State::Max(value) => value.unwrap_or(Value::Null),
            State::Sum(Sum::Integer(i)) => Value::Integer(i),
            State::Sum(Sum::Float(f)) => Value::Float(f),
            State::Avg { count: 0, .. } => Value::Null,
            State::Avg {
                integers,
                floats,
                count,
            } => Value::Float((integers as f64 + floats) / count as f64),
        }
    }
}

fn not_a_number(function: &str, value: &Value, span: Span) -> QueryError {
    QueryError::runtime(
        format!("{function}() needs numbers, not {}", value.describe_type()),
        span,
    )
}
