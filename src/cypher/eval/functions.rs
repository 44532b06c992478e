//! The functions a query can call: their names, argument counts and (for the scalar
//! ones) what they compute.

use super::super::ast::Span;
use super::super::graph::PropertyGraph;
use super::super::temporal::{self, Between, Kind};
use super::super::value::{Value, float_to_integer};
use super::QueryError;

/// A scalar function: one value per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Function {
    Abs,
    Ceil,
    Coalesce,
    EndNode,
    Exists,
    Floor,
    Head,
    Id,
    Keys,
    Labels,
    Last,
    Length,
    Nodes,
    Properties,
    Rand,
    Range,
    Relationships,
    Replace,
    Resolve,
    Reverse,
    Round,
    Sign,
    Size,
    Split,
    Sqrt,
    StartNode,
    Substring,
    Tail,
    ToBoolean,
    ToFloat,
    ToInteger,
    ToLower,
    ToString,
    ToUpper,
    Trim,
    Type,
    /// `date(x)`, `datetime(x)`, ...: a temporal value of the kind.
    Temporal(Kind),
    /// `date.truncate(unit, x)` and its kin.
    Truncate(Kind),
    /// `duration(x)`.
    Duration,
    /// `duration.between(a, b)`, `duration.inMonths(a, b)`, ...
    DurationBetween(Between),
}

/// An aggregate function: one value per group of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AggregateFunction {
    Count,
    Collect,
    Min,
    Max,
    Sum,
    Avg,
    PercentileDisc,
    PercentileCont,
    StDev,
    StDevP,
}

impl AggregateFunction {
    /// The function's name, as documented.
    pub(super) fn name(self) -> &'static str {
        match self {
            AggregateFunction::Count => "count",
            AggregateFunction::Collect => "collect",
            AggregateFunction::Min => "min",
            AggregateFunction::Max => "max",
            AggregateFunction::Sum => "sum",
            AggregateFunction::Avg => "avg",
            AggregateFunction::PercentileDisc => "percentileDisc",
            AggregateFunction::PercentileCont => "percentileCont",
            AggregateFunction::StDev => "stDev",
            AggregateFunction::StDevP => "stDevP",
        }
    }
}

/// Either kind of function, as found by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Callable {
    Scalar(Function),
    Aggregate(AggregateFunction),
}

/// Name, function, fewest and most arguments (`usize::MAX`: any number).
const TABLE: &[(&str, Callable, usize, usize)] = {
    // The variants by their bare names, so that each row reads like the call it
    // describes (`Scalar(Truncate(Date))`) and fits on one line.
    use AggregateFunction::*;
    use Between::*;
    use Callable::{Aggregate, Scalar};
    use Function::*;
    use Kind::*;
    &[
        ("abs", Scalar(Abs), 1, 1),
        ("ceil", Scalar(Ceil), 1, 1),
        ("coalesce", Scalar(Coalesce), 1, usize::MAX),
        ("endNode", Scalar(EndNode), 1, 1),
        ("exists", Scalar(Exists), 1, 1),
        ("floor", Scalar(Floor), 1, 1),
        ("head", Scalar(Head), 1, 1),
        ("id", Scalar(Id), 1, 1),
        ("keys", Scalar(Keys), 1, 1),
        ("labels", Scalar(Labels), 1, 1),
        ("last", Scalar(Last), 1, 1),
        ("length", Scalar(Length), 1, 1),
        ("nodes", Scalar(Nodes), 1, 1),
        ("properties", Scalar(Properties), 1, 1),
        ("rand", Scalar(Rand), 0, 0),
        ("range", Scalar(Range), 2, 3),
        ("relationships", Scalar(Relationships), 1, 1),
        ("replace", Scalar(Replace), 3, 3),
        ("resolve", Scalar(Resolve), 1, 1),
        ("reverse", Scalar(Reverse), 1, 1),
        ("round", Scalar(Round), 1, 1),
        ("sign", Scalar(Sign), 1, 1),
        ("size", Scalar(Size), 1, 1),
        ("split", Scalar(Split), 2, 2),
        ("sqrt", Scalar(Sqrt), 1, 1),
        ("startNode", Scalar(StartNode), 1, 1),
        ("substring", Scalar(Substring), 2, 3),
        ("tail", Scalar(Tail), 1, 1),
        ("toBoolean", Scalar(ToBoolean), 1, 1),
        ("toFloat", Scalar(ToFloat), 1, 1),
        ("toInteger", Scalar(ToInteger), 1, 1),
        ("toLower", Scalar(ToLower), 1, 1),
        ("toString", Scalar(ToString), 1, 1),
        ("toUpper", Scalar(ToUpper), 1, 1),
        ("trim", Scalar(Trim), 1, 1),
        ("type", Scalar(Type), 1, 1),
        ("date", Scalar(Temporal(Date)), 0, 1),
        ("localtime", Scalar(Temporal(LocalTime)), 0, 1),
        ("time", Scalar(Temporal(Time)), 0, 1),
        ("localdatetime", Scalar(Temporal(LocalDateTime)), 0, 1),
        ("datetime", Scalar(Temporal(DateTime)), 0, 1),
        ("date.truncate", Scalar(Truncate(Date)), 2, 3),
        ("localtime.truncate", Scalar(Truncate(LocalTime)), 2, 3),
        ("time.truncate", Scalar(Truncate(Time)), 2, 3),
        (
            "localdatetime.truncate",
            Scalar(Truncate(LocalDateTime)),
            2,
            3,
        ),
        ("datetime.truncate", Scalar(Truncate(DateTime)), 2, 3),
        ("duration", Scalar(Duration), 1, 1),
        ("duration.between", Scalar(DurationBetween(All)), 2, 2),
        ("duration.inMonths", Scalar(DurationBetween(Months)), 2, 2),
        ("duration.inDays", Scalar(DurationBetween(Days)), 2, 2),
        ("duration.inSeconds", Scalar(DurationBetween(Seconds)), 2, 2),
        ("avg", Aggregate(Avg), 1, 1),
        ("collect", Aggregate(Collect), 1, 1),
        ("count", Aggregate(Count), 1, 1),
        ("max", Aggregate(Max), 1, 1),
        ("min", Aggregate(Min), 1, 1),
        ("sum", Aggregate(Sum), 1, 1),
        ("percentileDisc", Aggregate(PercentileDisc), 2, 2),
        ("percentileCont", Aggregate(PercentileCont), 2, 2),
        ("stDev", Aggregate(StDev), 1, 1),
        ("stDevP", Aggregate(StDevP), 1, 1),
    ]
};

/// The name of every function a query may call, scalar and aggregate, as documented
/// (names match in any case). `resolve(name)` is this crate's own: the node a person
/// means by `name`, or `null`.
pub const FUNCTION_NAMES: [&str; TABLE.len()] = {
    // Read off the table, so a function cannot be callable yet missing from the list.
    let mut names = [""; TABLE.len()];
    let mut i = 0;
    while i < TABLE.len() {
        names[i] = TABLE[i].0;
        i += 1;
    }
    names
};

/// The function called `name` (in any case) with its fewest and most arguments.
pub(super) fn lookup(name: &str) -> Option<(Callable, usize, usize)> {
    TABLE
        .iter()
        .find(|(known, ..)| known.eq_ignore_ascii_case(name))
        .map(|&(_, callable, min, max)| (callable, min, max))
}

fn type_error(function: &str, value: &Value, span: Span) -> QueryError {
    QueryError::runtime(
        format!("{function}() cannot take {}", value.describe_type()),
        span,
    )
}

/// The argument at `index`; the compiler checked the count, so a missing one only
/// means an optional argument was left out.
fn arg(args: &[Value], index: usize) -> &Value {
    args.get(index).unwrap_or(&Value::Null)
}

fn integer_arg(
    args: &[Value],
    index: usize,
    function: &str,
    span: Span,
) -> Result<Option<i64>, QueryError> {
    match arg(args, index) {
        Value::Null => Ok(None),
        Value::Integer(i) => Ok(Some(*i)),
        other => Err(type_error(function, other, span)),
    }
}

fn overflow(span: Span) -> QueryError {
    QueryError::runtime("integer overflow", span)
}

/// Formats a float the way Cypher prints one (Java's `Double.toString`): always with
/// a fraction, and as `1.2345678E7` from 10^7 up and below 10^-3.
pub(super) fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let magnitude = f.abs();
    if magnitude != 0.0 && !(1e-3..1e7).contains(&magnitude) {
        // `{:e}` gives the shortest digits that read back, as `1.2345678e7` or `1e20`.
        let scientific = format!("{f:e}");
        let (mantissa, exponent) = scientific
            .split_once('e')
            .unwrap_or((scientific.as_str(), "0"));
        let point = if mantissa.contains('.') { "" } else { ".0" };
        format!("{mantissa}{point}E{exponent}")
    } else {
        // In this range `{:?}` writes plain decimals, keeping a `.0` on whole numbers.
        format!("{f:?}")
    }
}

/// Rounds to the nearest integer, halves towards positive infinity.
fn round_half_up(f: f64) -> f64 {
    let floor = f.floor();
    if f - floor >= 0.5 { floor + 1.0 } else { floor }
}

/// Evaluates a scalar function on evaluated arguments. (`coalesce` is evaluated
/// lazily by the caller and never reaches here.)
pub(super) fn call<G: PropertyGraph + ?Sized>(
    graph: &G,
    function: Function,
    args: &[Value],
    list_limit: usize,
    span: Span,
) -> Result<Value, QueryError> {
    use Value::{Boolean, Float, Integer, List, Map, Node, Null, Path, Relationship};
    let first = arg(args, 0);
    let fail = |value: &Value| Err(type_error(name_of(function), value, span));
    Ok(match (function, first) {
        // Nearly every function maps null to null.
        (Function::Coalesce, _) => args.iter().find(|v| !v.is_null()).cloned().unwrap_or(Null),
        (Function::Exists, value) => Boolean(!value.is_null()),
        (Function::Rand, _) => Float(random_unit()),
        (Function::Replace | Function::Substring | Function::Split | Function::Range, _) => {
            return call_several(function, args, list_limit, span);
        }
        (Function::Temporal(kind), _) => {
            return temporal::construct(kind, args.first())
                .map_err(|e| QueryError::runtime(e, span));
        }
        (Function::Truncate(kind), _) => {
            return temporal::truncate(kind, args).map_err(|e| QueryError::runtime(e, span));
        }
        (Function::Duration, value) => {
            return temporal::duration(value).map_err(|e| QueryError::runtime(e, span));
        }
        (Function::DurationBetween(which), from) => {
            return temporal::between(which, from, arg(args, 1))
                .map_err(|e| QueryError::runtime(e, span));
        }
        (_, Null) => Null,
        (Function::Abs, Integer(i)) => Integer(i.checked_abs().ok_or_else(|| overflow(span))?),
        (Function::Abs, Float(f)) => Float(f.abs()),
        (Function::Ceil, Integer(i)) => Float(*i as f64),
        (Function::Ceil, Float(f)) => Float(f.ceil()),
        (Function::Floor, Integer(i)) => Float(*i as f64),
        (Function::Floor, Float(f)) => Float(f.floor()),
        (Function::Round, Integer(i)) => Float(*i as f64),
        // Halves go up (towards positive infinity), as Java's `Math.round`.
        (Function::Round, Float(f)) => Float(round_half_up(*f)),
        (Function::Sign, Integer(i)) => Integer(i.signum()),
        (Function::Sign, Float(f)) => Integer(if *f > 0.0 {
            1
        } else if *f < 0.0 {
            -1
        } else {
            0
        }),
        (Function::Sqrt, Integer(i)) => Float((*i as f64).sqrt()),
        (Function::Sqrt, Float(f)) => Float(f.sqrt()),
        (Function::EndNode, Relationship(r)) => Node(graph.endpoints(*r).1),
        (Function::StartNode, Relationship(r)) => Node(graph.endpoints(*r).0),
        (Function::Head, List(items)) => items.first().cloned().unwrap_or(Null),
        (Function::Last, List(items)) => items.last().cloned().unwrap_or(Null),
        (Function::Tail, List(items)) => List(items.iter().skip(1).cloned().collect()),
        (Function::Id, Node(n)) => Integer(i64::try_from(n.0).map_err(|_| overflow(span))?),
        (Function::Id, Relationship(r)) => Integer(i64::try_from(r.0).map_err(|_| overflow(span))?),
        (Function::Keys, Node(n)) => keys(graph.node_properties(*n).into_keys()),
        (Function::Keys, Relationship(r)) => keys(graph.relationship_properties(*r).into_keys()),
        (Function::Keys, Map(map)) => keys(map.keys().cloned()),
        (Function::Labels, Node(n)) => {
            List(graph.labels(*n).into_iter().map(Value::String).collect())
        }
        (Function::Length, Path(path)) => Integer(path.relationships.len() as i64),
        (Function::Nodes, Path(path)) => List(path.nodes.iter().copied().map(Node).collect()),
        (Function::Relationships, Path(path)) => List(
            path.relationships
                .iter()
                .copied()
                .map(Relationship)
                .collect(),
        ),
        (Function::Properties, Node(n)) => Map(graph.node_properties(*n)),
        (Function::Properties, Relationship(r)) => Map(graph.relationship_properties(*r)),
        (Function::Properties, Map(map)) => Map(map.clone()),
        (Function::Resolve, Value::String(name)) => graph.resolve_name(name).map_or(Null, Node),
        (Function::Reverse, List(items)) => List(items.iter().rev().cloned().collect()),
        (Function::Reverse, Value::String(s)) => Value::String(s.chars().rev().collect()),
        (Function::Size, List(items)) => Integer(items.len() as i64),
        (Function::Size, Value::String(s)) => Integer(s.chars().count() as i64),
        (Function::ToBoolean, Boolean(b)) => Boolean(*b),
        (Function::ToBoolean, Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Boolean(true),
            "false" => Boolean(false),
            _ => Null,
        },
        (Function::ToFloat, Integer(i)) => Float(*i as f64),
        (Function::ToFloat, Float(f)) => Float(*f),
        (Function::ToFloat, Value::String(s)) => s.trim().parse::<f64>().map_or(Null, Float),
        (Function::ToInteger, Integer(i)) => Integer(*i),
        (Function::ToInteger, Boolean(b)) => Integer(i64::from(*b)),
        (Function::ToInteger, Float(f)) => match float_to_integer(*f) {
            Some(i) => Integer(i),
            None => {
                return Err(QueryError::runtime(
                    format!("toInteger(): {} does not fit an integer", format_float(*f)),
                    span,
                ));
            }
        },
        (Function::ToInteger, Value::String(s)) => {
            let text = s.trim();
            match text.parse::<i64>() {
                Ok(i) => Integer(i),
                Err(_) => text
                    .parse::<f64>()
                    .ok()
                    .and_then(float_to_integer)
                    .map_or(Null, Integer),
            }
        }
        (Function::ToLower, Value::String(s)) => Value::String(s.to_lowercase()),
        (Function::ToUpper, Value::String(s)) => Value::String(s.to_uppercase()),
        (Function::Trim, Value::String(s)) => Value::String(s.trim().to_string()),
        (Function::ToString, Value::String(s)) => Value::String(s.clone()),
        (Function::ToString, Integer(i)) => Value::String(i.to_string()),
        (Function::ToString, Float(f)) => Value::String(format_float(*f)),
        (Function::ToString, Boolean(b)) => Value::String(b.to_string()),
        (Function::ToString, Value::Temporal(t)) => Value::String(t.to_string()),
        (Function::Type, Relationship(r)) => Value::String(graph.relationship_type(*r)),
        (_, other) => return fail(other),
    })
}

fn keys(keys: impl Iterator<Item = String>) -> Value {
    let mut keys: Vec<String> = keys.collect();
    keys.sort();
    Value::List(keys.into_iter().map(Value::String).collect())
}

/// The functions whose later arguments matter as much as the first.
fn call_several(
    function: Function,
    args: &[Value],
    list_limit: usize,
    span: Span,
) -> Result<Value, QueryError> {
    let name = name_of(function);
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let string = |index: usize| match arg(args, index) {
        Value::String(s) => Ok(s.as_str()),
        other => Err(type_error(name, other, span)),
    };
    Ok(match function {
        Function::Replace => Value::String(string(0)?.replace(string(1)?, string(2)?)),
        Function::Split => {
            let (text, separator) = (string(0)?, string(1)?);
            let parts: Vec<Value> = if separator.is_empty() {
                text.chars().map(|c| Value::String(c.to_string())).collect()
            } else {
                text.split(separator).map(Value::from).collect()
            };
            Value::List(parts)
        }
        Function::Substring => {
            let text = string(0)?;
            let start = integer_arg(args, 1, name, span)?.unwrap_or(0);
            let length = integer_arg(args, 2, name, span)?;
            if start < 0 || length.is_some_and(|l| l < 0) {
                return Err(QueryError::runtime(
                    "substring() needs a non-negative start and length",
                    span,
                ));
            }
            let chars = text
                .chars()
                .skip(usize::try_from(start).unwrap_or(usize::MAX));
            Value::String(match length {
                Some(length) => chars
                    .take(usize::try_from(length).unwrap_or(usize::MAX))
                    .collect(),
                None => chars.collect(),
            })
        }
        Function::Range => {
            let start = integer_arg(args, 0, name, span)?.unwrap_or(0);
            let end = integer_arg(args, 1, name, span)?.unwrap_or(0);
            let step = integer_arg(args, 2, name, span)?.unwrap_or(1);
            range(start, end, step, list_limit, span)?
        }
        _ => Value::Null,
    })
}

/// `range(start, end, step)`: both ends included.
fn range(
    start: i64,
    end: i64,
    step: i64,
    list_limit: usize,
    span: Span,
) -> Result<Value, QueryError> {
    if step == 0 {
        return Err(QueryError::runtime("range() cannot step by 0", span));
    }
    // In i128 the count cannot overflow.
    let (start, end, step) = (i128::from(start), i128::from(end), i128::from(step));
    let count = if (step > 0 && end < start) || (step < 0 && end > start) {
        0
    } else {
        (end - start) / step + 1
    };
    if count > list_limit as i128 {
        return Err(QueryError::runtime(
            format!(
                "range() would build a list of {count} elements, more than the limit of {list_limit}"
            ),
            span,
        ));
    }
    // Every element lies between start and end, so it fits an i64.
    Ok(Value::List(
        (0..count)
            .map(|i| Value::Integer(i64::try_from(start + i * step).unwrap_or_default()))
            .collect(),
    ))
}

/// The documented name of a function.
/// A number in [0, 1) for `rand()`, different at each call: SipHash of nothing under a
/// fresh `RandomState`, whose keys std draws from the operating system once per thread
/// and steps at each `new`. openCypher asks no more than uniform in [0, 1); this keeps
/// the crate free of a random-number dependency.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let bits = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

pub(super) fn name_of(function: Function) -> &'static str {
    TABLE
        .iter()
        .find(|(_, callable, ..)| *callable == Callable::Scalar(function))
        .map_or("function", |(name, ..)| name)
}
