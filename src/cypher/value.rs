//! The values a query computes with, and the three relations Cypher defines on them.
//!
//! * **Equality** ([`Value::equals`]) is three-valued: comparing with `null` gives
//!   `None` (Cypher's `null`), `1 = 1.0` is true, values of different types are unequal.
//! * **Comparison** ([`Value::compare`], for `<`, `<=`, ...) is defined only between
//!   numbers, between strings, between booleans and between lists of comparable
//!   elements; anything else is `None`.
//! * **Orderability** ([`Value::order`], for `ORDER BY`, `min` and `max`) is a total
//!   order across all values, openCypher's global sort order: maps, nodes,
//!   relationships, lists, paths, temporal values (datetimes, local datetimes, dates,
//!   times, local times, durations), strings, booleans, numbers, and `null` last.
//!   Two values are the same *group* (for `DISTINCT` and grouping keys) exactly when
//!   they are equal in this order, so `1` and `1.0` group together and so do two
//!   `null`s; the evaluator hashes grouping keys consistently with it.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use super::temporal::Temporal;

/// A node of a [`PropertyGraph`](super::graph::PropertyGraph), by the graph's own number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u64);

/// A relationship of a [`PropertyGraph`](super::graph::PropertyGraph), by the graph's
/// own number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelId(pub u64);

/// A path: nodes and the relationships between them, `nodes.len() ==
/// relationships.len() + 1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathValue {
    /// The nodes in path order, the first being where the path starts.
    pub nodes: Vec<NodeId>,
    /// The relationships in path order; `relationships[i]` joins `nodes[i]` and
    /// `nodes[i + 1]`, whichever way it points.
    pub relationships: Vec<RelId>,
}

/// A value computed by a query. Nodes, relationships and paths are references into
/// the graph; their labels and properties are read when needed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// The absent or unknown value.
    Null,
    /// `true` or `false`.
    Boolean(bool),
    /// A 64-bit signed integer; arithmetic that leaves its range is an error.
    Integer(i64),
    /// A 64-bit float.
    Float(f64),
    /// A string.
    String(String),
    /// A list of any values.
    List(Vec<Value>),
    /// A map from keys to values, kept sorted by key.
    Map(BTreeMap<String, Value>),
    /// A node of the graph.
    Node(NodeId),
    /// A relationship of the graph.
    Relationship(RelId),
    /// A path through the graph (boxed: paths are rare, and every other value fits in
    /// 32 bytes, so rows of values stay small).
    Path(Box<PathValue>),
    /// A date, time, datetime or duration (boxed for the same reason as paths).
    Temporal(Box<Temporal>),
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Boolean(value)
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Integer(value)
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Self {
        Value::Float(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::String(value.to_string())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::String(value)
    }
}

impl From<Vec<Value>> for Value {
    fn from(value: Vec<Value>) -> Self {
        Value::List(value)
    }
}

impl Value {
    /// About how many bytes the value holds, itself included: what the query memory
    /// limit ([`Options::max_memory`](crate::cypher::eval::Options::max_memory)) counts.
    ///
    /// ```
    /// use agencygraph::cypher::value::Value;
    /// let list = Value::List(vec![Value::Integer(1); 10]);
    /// assert_eq!(list.size(), 11 * std::mem::size_of::<Value>());
    /// ```
    pub fn size(&self) -> usize {
        std::mem::size_of::<Value>()
            + match self {
                Value::String(text) => text.len(),
                Value::List(items) => items.iter().map(Value::size).sum(),
                Value::Map(entries) => entries
                    .iter()
                    .map(|(key, value)| key.len() + value.size() + 32)
                    .sum(),
                Value::Path(path) => 16 * (path.nodes.len() + path.relationships.len()) + 48,
                Value::Temporal(_) => std::mem::size_of::<Temporal>(),
                _ => 0,
            }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The type's name as Cypher error messages spell it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "Null",
            Value::Boolean(_) => "Boolean",
            Value::Integer(_) => "Integer",
            Value::Float(_) => "Float",
            Value::String(_) => "String",
            Value::List(_) => "List",
            Value::Map(_) => "Map",
            Value::Node(_) => "Node",
            Value::Relationship(_) => "Relationship",
            Value::Path(_) => "Path",
            Value::Temporal(t) => t.type_name(),
        }
    }

    /// The type's name with its article, for messages: "an Integer", "a String",
    /// "null".
    pub(crate) fn describe_type(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Boolean(_) => "a Boolean",
            Value::Integer(_) => "an Integer",
            Value::Float(_) => "a Float",
            Value::String(_) => "a String",
            Value::List(_) => "a List",
            Value::Map(_) => "a Map",
            Value::Node(_) => "a Node",
            Value::Relationship(_) => "a Relationship",
            Value::Path(_) => "a Path",
            Value::Temporal(t) => t.describe_type(),
        }
    }

    /// Cypher's `=`: `None` when either side is `null` (or a list or map comparison
    /// depends on a `null` inside), otherwise whether the values are equal. Integers
    /// and floats compare by value; `NaN` equals nothing.
    pub fn equals(&self, other: &Value) -> Option<bool> {
        match (self, other) {
            (Value::Null, _) | (_, Value::Null) => None,
            (Value::Boolean(a), Value::Boolean(b)) => Some(a == b),
            (Value::Integer(a), Value::Integer(b)) => Some(a == b),
            (Value::Float(a), Value::Float(b)) => Some(a == b),
            (Value::Integer(i), Value::Float(f)) | (Value::Float(f), Value::Integer(i)) => {
                Some(compare_integer_float(*i, *f) == Some(Ordering::Equal))
            }
            (Value::String(a), Value::String(b)) => Some(a == b),
            (Value::List(a), Value::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                all_equal(a.iter().zip(b))
            }
            (Value::Map(a), Value::Map(b)) => {
                if a.len() != b.len() || a.keys().ne(b.keys()) {
                    return Some(false);
                }
                all_equal(a.values().zip(b.values()))
            }
            (Value::Node(a), Value::Node(b)) => Some(a == b),
            (Value::Relationship(a), Value::Relationship(b)) => Some(a == b),
            (Value::Path(a), Value::Path(b)) => Some(a == b),
            (Value::Temporal(a), Value::Temporal(b)) => Some(a.equals(b)),
            _ => Some(false),
        }
    }

    /// Cypher's `<` family: the order between two comparable values, `None` when they
    /// cannot be compared (different types, `null`, `NaN`, maps, graph elements).
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Integer(a), Value::Integer(b)) => Some(a.cmp(b)),
            (Value::Float(a), Value::Float(b)) => a.partial_cmp(b),
            (Value::Integer(i), Value::Float(f)) => compare_integer_float(*i, *f),
            (Value::Float(f), Value::Integer(i)) => {
                compare_integer_float(*i, *f).map(Ordering::reverse)
            }
            (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
            (Value::Boolean(a), Value::Boolean(b)) => Some(a.cmp(b)),
            (Value::Temporal(a), Value::Temporal(b)) => a.compare(b),
            (Value::List(a), Value::List(b)) => {
                for (x, y) in a.iter().zip(b) {
                    match x.compare(y)? {
                        Ordering::Equal => continue,
                        unequal => return Some(unequal),
                    }
                }
                Some(a.len().cmp(&b.len()))
            }
            _ => None,
        }
    }

    /// openCypher's global sort order, total over all values: maps, nodes,
    /// relationships, lists, paths, strings, booleans, numbers, then `null`. Numbers
    /// compare by value whatever their type, with `NaN` after every other number.
    pub fn order(&self, other: &Value) -> Ordering {
        let ranks = self.order_rank().cmp(&other.order_rank());
        if ranks != Ordering::Equal {
            return ranks;
        }
        match (self, other) {
            (Value::Map(a), Value::Map(b)) => {
                for ((ka, va), (kb, vb)) in a.iter().zip(b) {
                    let found = ka.cmp(kb).then_with(|| va.order(vb));
                    if found != Ordering::Equal {
                        return found;
                    }
                }
                a.len().cmp(&b.len())
            }
            (Value::Node(a), Value::Node(b)) => a.cmp(b),
            (Value::Relationship(a), Value::Relationship(b)) => a.cmp(b),
            (Value::List(a), Value::List(b)) => order_lists(a, b),
            (Value::Path(a), Value::Path(b)) => a
                .nodes
                .cmp(&b.nodes)
                .then_with(|| a.relationships.cmp(&b.relationships)),
            (Value::String(a), Value::String(b)) => a.cmp(b),
            (Value::Boolean(a), Value::Boolean(b)) => a.cmp(b),
            (Value::Temporal(a), Value::Temporal(b)) => a.order(b),
            (a, b) => order_numbers(a, b),
        }
    }

    /// Position of the value's type in the global sort order.
    fn order_rank(&self) -> u8 {
        match self {
            Value::Map(_) => 0,
            Value::Node(_) => 1,
            Value::Relationship(_) => 2,
            Value::List(_) => 3,
            Value::Path(_) => 4,
            // Temporal values sort among themselves by type (Temporal::order).
            Value::Temporal(_) => 5,
            Value::String(_) => 6,
            Value::Boolean(_) => 7,
            Value::Integer(_) | Value::Float(_) => 8,
            Value::Null => 9,
        }
    }
}

/// `Some(true)` when every pair is equal, `Some(false)` when some pair is unequal
/// (whatever the others are), and `None` when the rest depends on a `null`.
fn all_equal<'a>(pairs: impl Iterator<Item = (&'a Value, &'a Value)>) -> Option<bool> {
    let mut unknown = false;
    for (a, b) in pairs {
        match a.equals(b) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown { None } else { Some(true) }
}

fn order_lists(a: &[Value], b: &[Value]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let found = x.order(y);
        if found != Ordering::Equal {
            return found;
        }
    }
    a.len().cmp(&b.len())
}

/// Orders two numbers (anything else is treated as equal; callers only pass numbers).
/// `NaN` sorts after every other number and equal to itself, so the order stays total.
fn order_numbers(a: &Value, b: &Value) -> Ordering {
    let is_nan = |v: &Value| matches!(v, Value::Float(f) if f.is_nan());
    match (is_nan(a), is_nan(b)) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => a.compare(b).unwrap_or(Ordering::Equal),
    }
}

/// Compares an integer with a float exactly, without rounding the integer to a float
/// (which would make `2^53 + 1` equal to `2^53`). `None` for `NaN`.
pub(crate) fn compare_integer_float(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    // 2^63 is exactly representable; every float at or above it exceeds any i64, and
    // every float below -2^63 is below any i64.
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if f >= TWO_POW_63 {
        return Some(Ordering::Less);
    }
    if f < -TWO_POW_63 {
        return Some(Ordering::Greater);
    }
    let whole = f.trunc();
    // In range, so the conversion is exact.
    let whole_int = whole as i64;
    match i.cmp(&whole_int) {
        Ordering::Equal => {
            let fraction = f - whole;
            if fraction > 0.0 {
                Some(Ordering::Less)
            } else if fraction < 0.0 {
                Some(Ordering::Greater)
            } else {
                Some(Ordering::Equal)
            }
        }
        unequal => Some(unequal),
    }
}

/// A value used as a grouping key (`DISTINCT`, aggregation, `UNION`): two keys are
/// equal when their values are equal in the global sort order ([`Value::order`]), so
/// `1` and `1.0` are one key, and so are two `null`s or two `NaN`s.
#[derive(Debug, Clone)]
pub(crate) struct GroupKey(pub(crate) Value);

impl PartialEq for GroupKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.order(&other.0) == Ordering::Equal
    }
}

impl Eq for GroupKey {}

impl Hash for GroupKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_value(&self.0, state);
    }
}

/// Hashes a value consistently with [`Value::order`] equality: a float with a whole
/// value in the integer range hashes as that integer.
pub(crate) fn hash_value<H: Hasher>(value: &Value, state: &mut H) {
    // Each kind hashes a tag byte, then its contents: `(tag, x).hash` is
    // `write_u8(tag)` followed by `x.hash`.
    match value {
        Value::Null => state.write_u8(0),
        Value::Boolean(b) => (1u8, b).hash(state),
        Value::Integer(i) => (2u8, i).hash(state),
        Value::Float(f) => match whole_float(*f) {
            Some(i) => (2u8, i).hash(state),
            None if f.is_nan() => state.write_u8(3),
            None => (4u8, f.to_bits()).hash(state),
        },
        Value::String(s) => (5u8, s).hash(state),
        Value::List(items) => {
            state.write_u8(6);
            items.len().hash(state);
            for item in items {
                hash_value(item, state);
            }
        }
        Value::Map(entries) => {
            state.write_u8(7);
            entries.len().hash(state);
            for (key, item) in entries {
                key.hash(state);
                hash_value(item, state);
            }
        }
        Value::Node(id) => (8u8, id).hash(state),
        Value::Relationship(id) => (9u8, id).hash(state),
        Value::Path(path) => (10u8, path).hash(state),
        Value::Temporal(t) => (11u8, t.hash_parts()).hash(state),
    }
}

/// The integer a float equals exactly, if there is one.
fn whole_float(f: f64) -> Option<i64> {
    // `fract()` is NaN for NaN and the infinities, so only finite wholes pass.
    if f.fract() == 0.0 {
        float_to_integer(f)
    } else {
        None
    }
}

/// A float truncated to an integer, when the result fits in one.
pub(crate) fn float_to_integer(f: f64) -> Option<i64> {
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    let truncated = f.trunc();
    // -2^63 is exact and fits; 2^63 does not.
    (truncated.is_finite() && (-TWO_POW_63..TWO_POW_63).contains(&truncated))
        .then_some(truncated as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }

    #[test]
    fn equality_is_three_valued() {
        let cases: Vec<(Value, Value, Option<bool>)> = vec![
            (Value::Integer(1), Value::Float(1.0), Some(true)),
            (Value::Integer(1), Value::Float(1.5), Some(false)),
            (Value::Null, Value::Null, None),
            (Value::Integer(1), Value::Null, None),
            (Value::Integer(1), "1".into(), Some(false)),
            (Value::Float(f64::NAN), Value::Float(f64::NAN), Some(false)),
            (
                list(vec![1.into(), Value::Null]),
                list(vec![1.into(), Value::Null]),
                None,
            ),
            (
                list(vec![1.into(), Value::Null]),
                list(vec![2.into(), Value::Null]),
                Some(false),
            ),
            (
                list(vec![1.into()]),
                list(vec![1.into(), 2.into()]),
                Some(false),
            ),
            (Value::Node(NodeId(1)), Value::Node(NodeId(1)), Some(true)),
            (
                Value::Node(NodeId(1)),
                Value::Relationship(RelId(1)),
                Some(false),
            ),
        ];
        for (a, b, expected) in cases {
            assert_eq!(a.equals(&b), expected, "{a:?} = {b:?}");
            assert_eq!(b.equals(&a), expected, "{b:?} = {a:?}");
        }
    }

    #[test]
    fn integers_and_floats_compare_exactly() {
        let big = 1_i64 << 53;
        assert_eq!(
            Value::Integer(big + 1).compare(&Value::Float(big as f64)),
            Some(Ordering::Greater)
        );
        assert_eq!(
            Value::Integer(i64::MAX).compare(&Value::Float(9.3e18)),
            Some(Ordering::Less)
        );
        assert_eq!(
            Value::Float(-0.5).compare(&Value::Integer(0)),
            Some(Ordering::Less)
        );
        assert_eq!(Value::Integer(1).compare(&"a".into()), None);
        assert_eq!(Value::Float(f64::NAN).compare(&Value::Integer(1)), None);
    }

    #[test]
    fn global_order_puts_types_in_cypher_order_and_null_last() {
        let mut values = vec![
            Value::Null,
            Value::Float(f64::NAN),
            Value::Integer(2),
            Value::Float(1.5),
            Value::Boolean(true),
            Value::Boolean(false),
            "b".into(),
            "a".into(),
            Value::Path(Box::new(PathValue {
                nodes: vec![NodeId(0)],
                relationships: vec![],
            })),
            list(vec![]),
            Value::Relationship(RelId(0)),
            Value::Node(NodeId(0)),
            Value::Map(BTreeMap::new()),
        ];
        values.sort_by(Value::order);
        let names: Vec<&str> = values.iter().map(Value::type_name).collect();
        assert_eq!(
            names,
            [
                "Map",
                "Node",
                "Relationship",
                "List",
                "Path",
                "String",
                "String",
                "Boolean",
                "Boolean",
                "Float",
                "Integer",
                "Float",
                "Null"
            ]
        );
        assert!(matches!(&values[9], Value::Float(f) if *f == 1.5));
        assert!(matches!(&values[11], Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn group_keys_merge_one_and_one_point_zero() {
        let keys: HashSet<GroupKey> = [
            Value::Integer(1),
            Value::Float(1.0),
            Value::Null,
            Value::Null,
            Value::Float(f64::NAN),
            Value::Float(f64::NAN),
            Value::Float(0.0),
            Value::Float(-0.0),
            list(vec![1.into()]),
            list(vec![Value::Float(1.0)]),
            Value::Float(1e300),
        ]
        .into_iter()
        .map(GroupKey)
        .collect();
        // {1}, {null}, {NaN}, {0}, {[1]}, {1e300}
        assert_eq!(keys.len(), 6);
    }
}
