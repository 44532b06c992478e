//! Canonical query text for syntax trees, through `Display`.
//!
//! The canonical form is what users see when a query is echoed back, so it is
//! regular rather than faithful to the original spelling: keywords in upper
//! case, `true`/`false`/`null` in lower case, single spaces, single-quoted
//! strings, decimal integers, `ASC` left out, short arrows (`-->`) when a
//! relationship has no details, and backquotes only where a name needs them.
//!
//! Parsing the printed text gives back the same tree (ignoring spans), and
//! printing that again gives the same text. Parentheses are added:
//!
//! * around every operator operand whose precedence differs from its
//!   parent's, to make grouping visible: `1 + (2 * 3)`, `NOT (a = b)`;
//! * wherever re-reading would otherwise group differently: `a - (b - c)`,
//!   `(a < b) < c`, `(a + b).x`;
//! * around a few forms the parser would read as something else: `-(2)`
//!   (which would fold into the literal `-2`), a list whose first element is
//!   `x IN xs` (which would read as a comprehension), and `n:A|B` inside a
//!   comprehension filter (where `|` ends the filter).
//!
//! Floats that are not finite cannot come from the parser; they print as the
//! divisions that compute them, such as `(1.0 / 0.0)`.

use std::fmt::{self, Write};

use super::ast::{
    BinaryOp, Clause, Direction, Expr, ExprKind, Iteration, LabelExpr, LabelForm, Literal,
    MapEntry, Match, NodePattern, PatternPart, Precedence, Projection, Query, RelationshipPattern,
    SingleQuery, SortDirection, SubqueryKind, UnaryOp, VarLength,
};
use super::lexer::{Keyword, is_identifier_continue, is_identifier_start};

// Each tree type prints through its `write_*` function, which takes any `Write` (so
// nested parts write into one buffer); `Display` only hands over the formatter.
macro_rules! display_with {
    ($($type:ty => $write:expr),* $(,)?) => {
        $(
            impl fmt::Display for $type {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    $write(f, self)
                }
            }
        )*
    };
}

display_with! {
    Query => write_query,
    SingleQuery => write_single_query,
    Clause => write_clause,
    PatternPart => write_pattern_part,
    NodePattern => write_node,
    RelationshipPattern => write_relationship,
    Expr => |f: &mut fmt::Formatter<'_>, expr| write_expr(f, expr, FULL),
}

type Out<'a> = dyn Write + 'a;

fn write_query(out: &mut Out, query: &Query) -> fmt::Result {
    if query.explain {
        out.write_str("EXPLAIN ")?;
    }
    write_single_query(out, &query.first)?;
    for part in &query.unions {
        out.write_str(if part.all { " UNION ALL " } else { " UNION " })?;
        write_single_query(out, &part.query)?;
    }
    Ok(())
}

fn write_single_query(out: &mut Out, query: &SingleQuery) -> fmt::Result {
    for clause in &query.clauses {
        write_clause(out, clause)?;
        out.write_char(' ')?;
    }
    out.write_str("RETURN ")?;
    write_projection(out, &query.return_clause.projection)
}

fn write_clause(out: &mut Out, clause: &Clause) -> fmt::Result {
    match clause {
        Clause::Match(clause) => write_match(out, clause),
        Clause::Unwind(clause) => {
            out.write_str("UNWIND ")?;
            write_expr(out, &clause.list, FULL)?;
            out.write_str(" AS ")?;
            write_symbol(out, &clause.variable.name)
        }
        Clause::With(clause) => {
            out.write_str("WITH ")?;
            write_projection(out, &clause.projection)?;
            write_where(out, clause.where_clause.as_ref())
        }
        Clause::Call(clause) => {
            out.write_str("CALL ")?;
            write_namespaced(out, &clause.procedure.name)?;
            out.write_char('(')?;
            write_arguments(out, &clause.args)?;
            out.write_str(") YIELD ")?;
            for (index, item) in clause.yields.iter().enumerate() {
                if index > 0 {
                    out.write_str(", ")?;
                }
                write_symbol(out, &item.column.name)?;
                if let Some(alias) = &item.alias {
                    out.write_str(" AS ")?;
                    write_symbol(out, &alias.name)?;
                }
            }
            write_where(out, clause.where_clause.as_ref())
        }
    }
}

/// A function or procedure name, namespace included (`duration.between`), part by
/// part.
fn write_namespaced(out: &mut Out, name: &str) -> fmt::Result {
    for (index, part) in name.split('.').enumerate() {
        if index > 0 {
            out.write_char('.')?;
        }
        write_symbol(out, part)?;
    }
    Ok(())
}

fn write_arguments(out: &mut Out, args: &[Expr]) -> fmt::Result {
    for (index, arg) in args.iter().enumerate() {
        if index > 0 {
            out.write_str(", ")?;
        }
        write_expr(out, arg, FULL)?;
    }
    Ok(())
}

fn write_where(out: &mut Out, condition: Option<&Expr>) -> fmt::Result {
    write_optional(out, " WHERE ", condition, FULL)
}

fn write_projection(out: &mut Out, projection: &Projection) -> fmt::Result {
    if projection.distinct {
        out.write_str("DISTINCT ")?;
    }
    if projection.star {
        out.write_char('*')?;
    }
    for (index, item) in projection.items.iter().enumerate() {
        if index > 0 || projection.star {
            out.write_str(", ")?;
        }
        write_expr(out, &item.expr, FULL)?;
        if let Some(alias) = &item.alias {
            out.write_str(" AS ")?;
            write_symbol(out, &alias.name)?;
        }
    }
    for (index, key) in projection.order_by.iter().enumerate() {
        out.write_str(if index == 0 { " ORDER BY " } else { ", " })?;
        write_expr(out, &key.expr, FULL)?;
        if key.direction == SortDirection::Descending {
            out.write_str(" DESC")?;
        }
    }
    write_optional(out, " SKIP ", projection.skip.as_deref(), FULL)?;
    write_optional(out, " LIMIT ", projection.limit.as_deref(), FULL)?;
    Ok(())
}

fn write_match(out: &mut Out, clause: &Match) -> fmt::Result {
    out.write_str(if clause.optional {
        "OPTIONAL MATCH "
    } else {
        "MATCH "
    })?;
    write_patterns(out, &clause.patterns)?;
    write_where(out, clause.where_clause.as_ref())
}

fn write_patterns(out: &mut Out, patterns: &[PatternPart]) -> fmt::Result {
    for (index, part) in patterns.iter().enumerate() {
        if index > 0 {
            out.write_str(", ")?;
        }
        write_pattern_part(out, part)?;
    }
    Ok(())
}

fn write_pattern_part(out: &mut Out, part: &PatternPart) -> fmt::Result {
    if let Some(variable) = &part.variable {
        write_symbol(out, &variable.name)?;
        out.write_str(" = ")?;
    }
    if let Some(shortest) = part.shortest {
        write!(out, "{}(", shortest.function_name())?;
    }
    write_node(out, &part.start)?;
    for step in &part.steps {
        write_relationship(out, &step.relationship)?;
        write_node(out, &step.node)?;
    }
    if part.shortest.is_some() {
        out.write_char(')')?;
    }
    Ok(())
}

fn write_node(out: &mut Out, node: &NodePattern) -> fmt::Result {
    out.write_char('(')?;
    if let Some(variable) = &node.variable {
        write_symbol(out, &variable.name)?;
    }
    if let Some(labels) = &node.labels {
        write_labels(out, labels)?;
    }
    if let Some(properties) = &node.properties {
        if node.variable.is_some() || node.labels.is_some() {
            out.write_char(' ')?;
        }
        write_map(out, &properties.entries)?;
    }
    out.write_char(')')
}

fn write_labels(out: &mut Out, labels: &LabelExpr) -> fmt::Result {
    for (index, name) in labels.names.iter().enumerate() {
        let separator = match labels.form {
            _ if index == 0 => ':',
            LabelForm::AllOf => ':',
            LabelForm::AnyOf => '|',
        };
        out.write_char(separator)?;
        write_schema_name(out, &name.name)?;
    }
    Ok(())
}

fn write_relationship(out: &mut Out, relationship: &RelationshipPattern) -> fmt::Result {
    out.write_str(if relationship.direction == Direction::Incoming {
        "<-"
    } else {
        "-"
    })?;
    let has_detail = relationship.variable.is_some()
        || !relationship.types.is_empty()
        || relationship.length.is_some()
        || relationship.properties.is_some();
    if has_detail {
        out.write_char('[')?;
        if let Some(variable) = &relationship.variable {
            write_symbol(out, &variable.name)?;
        }
        for (index, name) in relationship.types.iter().enumerate() {
            out.write_char(if index == 0 { ':' } else { '|' })?;
            write_schema_name(out, &name.name)?;
        }
        if let Some(length) = &relationship.length {
            write_length(out, length)?;
        }
        if let Some(properties) = &relationship.properties {
            let anything_before = relationship.variable.is_some()
                || !relationship.types.is_empty()
                || relationship.length.is_some();
            if anything_before {
                out.write_char(' ')?;
            }
            write_map(out, &properties.entries)?;
        }
        out.write_char(']')?;
    }
    out.write_str(if relationship.direction == Direction::Outgoing {
        "->"
    } else {
        "-"
    })
}

fn write_length(out: &mut Out, length: &VarLength) -> fmt::Result {
    out.write_char('*')?;
    match (length.min, length.max) {
        (None, None) => Ok(()),
        (Some(min), Some(max)) if min == max => write!(out, "{min}"),
        (min, max) => {
            if let Some(min) = min {
                write!(out, "{min}")?;
            }
            out.write_str("..")?;
            if let Some(max) = max {
                write!(out, "{max}")?;
            }
            Ok(())
        }
    }
}

fn write_map(out: &mut Out, entries: &[MapEntry]) -> fmt::Result {
    out.write_char('{')?;
    for (index, entry) in entries.iter().enumerate() {
        if index > 0 {
            out.write_str(", ")?;
        }
        write_schema_name(out, &entry.key.name)?;
        out.write_str(": ")?;
        write_expr(out, &entry.value, FULL)?;
    }
    out.write_char('}')
}

/// Where an expression is printed, as far as the parser cares.
#[derive(Clone, Copy)]
struct Context {
    /// Inside a comprehension filter, outside any brackets: a `|` here would
    /// end the filter, so label alternatives need parentheses.
    bar_ends_labels: bool,
}

/// A position where a complete expression is delimited by brackets, braces
/// or keywords.
const FULL: Context = Context {
    bar_ends_labels: false,
};

/// A comprehension's `WHERE` condition, which a `|` ends.
const IN_FILTER: Context = Context {
    bar_ends_labels: true,
};

/// Which operand of its parent an expression is.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Left,
    Right,
    /// The operand of a prefix operator.
    Prefix,
}

fn write_expr(out: &mut Out, expr: &Expr, context: Context) -> fmt::Result {
    match &expr.kind {
        ExprKind::Literal(literal) => write_literal(out, literal),
        ExprKind::Parameter(name) => {
            out.write_char('$')?;
            let numbered = !name.is_empty() && name.chars().all(|c| c.is_ascii_digit());
            if numbered || is_plain_name(name) {
                out.write_str(name)
            } else {
                write_quoted(out, name)
            }
        }
        ExprKind::Variable(name) => write_symbol(out, name),
        ExprKind::List(items) => {
            out.write_char('[')?;
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.write_str(", ")?;
                }
                if index == 0 && reads_as_comprehension(item) {
                    write_parenthesised(out, item)?;
                } else {
                    write_expr(out, item, FULL)?;
                }
            }
            out.write_char(']')
        }
        ExprKind::Map(entries) => write_map(out, entries),
        ExprKind::Property { subject, key } => {
            write_subject(out, subject, context)?;
            out.write_char('.')?;
            write_schema_name(out, &key.name)
        }
        ExprKind::Index { subject, index } => {
            write_subject(out, subject, context)?;
            out.write_char('[')?;
            write_expr(out, index, FULL)?;
            out.write_char(']')
        }
        ExprKind::Slice { subject, from, to } => {
            write_subject(out, subject, context)?;
            out.write_char('[')?;
            if let Some(from) = from {
                write_expr(out, from, FULL)?;
            }
            out.write_str("..")?;
            if let Some(to) = to {
                write_expr(out, to, FULL)?;
            }
            out.write_char(']')
        }
        ExprKind::HasLabels { subject, labels } => {
            let has_bar = labels.form == LabelForm::AnyOf && labels.names.len() > 1;
            if context.bar_ends_labels && has_bar {
                return write_parenthesised(out, expr);
            }
            // `n:A|B:C` would read as one mixed (and rejected) label list.
            if matches!(subject.kind, ExprKind::HasLabels { .. }) {
                write_parenthesised(out, subject)?;
            } else {
                write_subject(out, subject, context)?;
            }
            write_labels(out, labels)
        }
        ExprKind::Unary { op, operand } => {
            out.write_str(match op {
                UnaryOp::Not => "NOT ",
                UnaryOp::Negate => "-",
                UnaryOp::Plus => "+",
            })?;
            if *op == UnaryOp::Negate && starts_with_number(operand) {
                write_parenthesised(out, operand)
            } else {
                write_operand(out, operand, expr.precedence(), Side::Prefix, context)
            }
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let precedence = op.precedence();
            write_operand(out, lhs, precedence, Side::Left, context)?;
            write!(out, " {} ", op.symbol())?;
            write_operand(out, rhs, precedence, Side::Right, context)
        }
        ExprKind::ComparisonChain { first, rest } => {
            write_operand(out, first, Precedence::Comparison, Side::Left, context)?;
            for (op, operand) in rest {
                write!(out, " {} ", op.symbol())?;
                write_operand(out, operand, Precedence::Comparison, Side::Right, context)?;
            }
            Ok(())
        }
        ExprKind::IsNull { operand, negated } => {
            write_operand(out, operand, Precedence::Predicate, Side::Left, context)?;
            out.write_str(if *negated { " IS NOT NULL" } else { " IS NULL" })
        }
        ExprKind::FunctionCall {
            name,
            distinct,
            args,
        } => {
            write_namespaced(out, &name.name)?;
            out.write_char('(')?;
            if *distinct {
                out.write_str("DISTINCT ")?;
            }
            write_arguments(out, args)?;
            out.write_char(')')
        }
        ExprKind::CountStar => out.write_str("count(*)"),
        ExprKind::Case {
            subject,
            branches,
            default,
        } => {
            out.write_str("CASE")?;
            if let Some(subject) = subject {
                out.write_char(' ')?;
                write_expr(out, subject, FULL)?;
            }
            for branch in branches {
                out.write_str(" WHEN ")?;
                write_expr(out, &branch.when, FULL)?;
                out.write_str(" THEN ")?;
                write_expr(out, &branch.then, FULL)?;
            }
            write_optional(out, " ELSE ", default.as_deref(), FULL)?;
            out.write_str(" END")
        }
        ExprKind::ListComprehension(comprehension) => {
            out.write_char('[')?;
            write_iteration(out, &comprehension.iteration, FULL)?;
            write_optional(out, " WHERE ", comprehension.filter.as_deref(), IN_FILTER)?;
            write_optional(out, " | ", comprehension.map.as_deref(), FULL)?;
            out.write_char(']')
        }
        ExprKind::ListPredicate(predicate) => {
            out.write_str(predicate.quantifier.name())?;
            out.write_char('(')?;
            write_iteration(out, &predicate.iteration, FULL)?;
            out.write_str(" WHERE ")?;
            write_expr(out, &predicate.predicate, FULL)?;
            out.write_char(')')
        }
        ExprKind::Subquery {
            kind,
            pattern,
            result,
        } => match kind {
            SubqueryKind::Pattern => write_patterns(out, &pattern.patterns),
            SubqueryKind::Comprehension => {
                out.write_char('[')?;
                write_patterns(out, &pattern.patterns)?;
                write_optional(out, " WHERE ", pattern.where_clause.as_ref(), IN_FILTER)?;
                out.write_str(" | ")?;
                if let Some(result) = result {
                    write_expr(out, result, FULL)?;
                }
                out.write_char(']')
            }
            SubqueryKind::Exists | SubqueryKind::Count | SubqueryKind::Collect => {
                out.write_str(match kind {
                    SubqueryKind::Count => "COUNT { ",
                    SubqueryKind::Collect => "COLLECT { ",
                    _ => "EXISTS { ",
                })?;
                write_match(out, pattern)?;
                write_optional(out, " RETURN ", result.as_deref(), FULL)?;
                out.write_str(" }")
            }
        },
        ExprKind::Reduce(reduce) => {
            out.write_str("reduce(")?;
            write_symbol(out, &reduce.accumulator.name)?;
            out.write_str(" = ")?;
            write_expr(out, &reduce.init, FULL)?;
            out.write_str(", ")?;
            let before_bar = Context {
                bar_ends_labels: true,
            };
            write_iteration(out, &reduce.iteration, before_bar)?;
            out.write_str(" | ")?;
            write_expr(out, &reduce.step, FULL)?;
            out.write_char(')')
        }
    }
}

/// ` KEYWORD part` for an optional part that is there (`WHERE`, `SKIP`, `ELSE`, a
/// comprehension's `| map`, ...); nothing for one that is not.
fn write_optional(
    out: &mut Out,
    keyword: &str,
    part: Option<&Expr>,
    context: Context,
) -> fmt::Result {
    if let Some(part) = part {
        out.write_str(keyword)?;
        write_expr(out, part, context)?;
    }
    Ok(())
}

/// `variable IN source`, as comprehensions, list predicates and `reduce` write it.
fn write_iteration(out: &mut Out, iteration: &Iteration, context: Context) -> fmt::Result {
    write_symbol(out, &iteration.variable.name)?;
    out.write_str(" IN ")?;
    write_expr(out, &iteration.source, context)
}

fn write_parenthesised(out: &mut Out, expr: &Expr) -> fmt::Result {
    out.write_char('(')?;
    write_expr(out, expr, FULL)?;
    out.write_char(')')
}

/// Prints an operand of an operator whose precedence is `parent`.
fn write_operand(
    out: &mut Out,
    operand: &Expr,
    parent: Precedence,
    side: Side,
    context: Context,
) -> fmt::Result {
    let precedence = operand.precedence();
    let same_level_needs_grouping = match side {
        // Left-associative operators re-read `a - b - c` as `(a - b) - c`,
        // but comparisons chain instead.
        Side::Left => parent == Precedence::Comparison,
        Side::Right => true,
        Side::Prefix => false,
    };
    let is_operator = precedence <= Precedence::Unary;
    if is_operator && (precedence != parent || same_level_needs_grouping) {
        write_parenthesised(out, operand)
    } else {
        write_expr(out, operand, context)
    }
}

/// Prints the subject of a postfix form (`.key`, `[...]`, `:Label`).
fn write_subject(out: &mut Out, subject: &Expr, context: Context) -> fmt::Result {
    if subject.precedence() <= Precedence::Unary {
        write_parenthesised(out, subject)
    } else {
        write_expr(out, subject, context)
    }
}

/// Whether printing `expr` bare would start with a digit, which a `-` right
/// before it would fold into a number literal. A negative literal starts with
/// its own `-`, and `--1` reads back as `-(-1)`: it needs no parentheses, which
/// would each cost a level of nesting (200 nested signs must print within the
/// limit they parsed within).
fn starts_with_number(expr: &Expr) -> bool {
    let mut current = expr;
    loop {
        match &current.kind {
            ExprKind::Literal(Literal::Integer(value)) => return *value >= 0,
            ExprKind::Literal(Literal::Float(value)) => {
                return !(value.is_finite() && value.is_sign_negative());
            }
            ExprKind::Property { subject, .. }
            | ExprKind::Index { subject, .. }
            | ExprKind::Slice { subject, .. }
            | ExprKind::HasLabels { subject, .. } => current = subject,
            _ => return false,
        }
    }
}

/// Whether `item`, printed bare as a list's first element, would start with
/// `variable IN` and so turn the list into a comprehension.
fn reads_as_comprehension(item: &Expr) -> bool {
    let mut current = item;
    loop {
        match &current.kind {
            ExprKind::Binary {
                op: BinaryOp::In,
                lhs,
                ..
            } if matches!(lhs.kind, ExprKind::Variable(_)) => return true,
            // Same-level left operands print without parentheses, so their
            // text starts the item's text.
            ExprKind::Binary { op, lhs, .. } if op.precedence() == Precedence::Predicate => {
                current = lhs;
            }
            ExprKind::IsNull { operand, .. } => current = operand,
            _ => return false,
        }
    }
}

fn write_literal(out: &mut Out, literal: &Literal) -> fmt::Result {
    match literal {
        Literal::Integer(value) => write!(out, "{value}"),
        // `Debug` is the shortest text that reads back as the same float,
        // and always has a `.` or an exponent, so it re-lexes as a float.
        Literal::Float(value) if value.is_finite() => write!(out, "{value:?}"),
        Literal::Float(value) if value.is_nan() => out.write_str("(0.0 / 0.0)"),
        Literal::Float(value) if *value > 0.0 => out.write_str("(1.0 / 0.0)"),
        Literal::Float(_) => out.write_str("(-1.0 / 0.0)"),
        Literal::String(value) => write_string(out, value),
        Literal::Boolean(true) => out.write_str("true"),
        Literal::Boolean(false) => out.write_str("false"),
        Literal::Null => out.write_str("null"),
    }
}

/// `value` as a Cypher string literal, escaped so that it reads back (and shows
/// control characters rather than acting on them).
pub(crate) fn string_literal(value: &str) -> String {
    let mut text = String::new();
    // Writing to a String cannot fail.
    let _ = write_string(&mut text, value);
    text
}

/// A label, relationship type or property key as a query writes it: bare when it
/// is a plain word, else in backquotes.
pub(crate) fn schema_name(name: &str) -> String {
    let mut text = String::new();
    let _ = write_schema_name(&mut text, name);
    text
}

fn write_string(out: &mut Out, value: &str) -> fmt::Result {
    out.write_char('\'')?;
    for c in value.chars() {
        match c {
            '\\' => out.write_str("\\\\")?,
            '\'' => out.write_str("\\'")?,
            '\n' => out.write_str("\\n")?,
            '\t' => out.write_str("\\t")?,
            '\r' => out.write_str("\\r")?,
            '\u{8}' => out.write_str("\\b")?,
            '\u{c}' => out.write_str("\\f")?,
            // Control characters are invisible or disruptive in a terminal;
            // all of them are below U+00A0, so four digits suffice.
            c if c.is_control() => write!(out, "\\u{:04X}", u32::from(c))?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('\'')
}

/// Whether `name` lexes as one unquoted identifier-or-keyword word.
fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_identifier_start) && chars.all(is_identifier_continue)
}

/// A variable, alias or function name: reserved words must be quoted.
fn write_symbol(out: &mut Out, name: &str) -> fmt::Result {
    if is_plain_name(name) && Keyword::from_word(name).is_none() {
        out.write_str(name)
    } else {
        write_quoted(out, name)
    }
}

/// A label, relationship type or property key: reserved words are allowed.
fn write_schema_name(out: &mut Out, name: &str) -> fmt::Result {
    if is_plain_name(name) {
        out.write_str(name)
    } else {
        write_quoted(out, name)
    }
}

fn write_quoted(out: &mut Out, name: &str) -> fmt::Result {
    out.write_char('`')?;
    out.write_str(&name.replace('`', "``"))?;
    out.write_char('`')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cypher::ast::Span;
    use crate::cypher::parser::parse;

    fn expression(text: &str) -> Expr {
        let query = match parse(&format!("RETURN {text}")) {
            Ok(query) => query,
            Err(error) => panic!("{text:?}: {error}"),
        };
        query.first.return_clause.projection.items[0].expr.clone()
    }

    /// Prints `expr`, checks the text reads back as the same tree, and
    /// returns it.
    /// Each written expression prints as its canonical text (and reads back the same).
    fn check_prints_as(cases: &[(&str, &str)]) {
        for (written, canonical) in cases {
            assert_eq!(printed(&expression(written)), *canonical, "for {written:?}");
        }
    }

    fn printed(expr: &Expr) -> String {
        let text = expr.to_string();
        let reread = expression(&text);
        assert!(
            reread.same_shape(expr),
            "{text:?} reads back differently:\n{expr:#?}\n{reread:#?}"
        );
        text
    }

    fn literal(literal: Literal) -> Expr {
        Expr::new(ExprKind::Literal(literal), Span::default())
    }

    #[test]
    fn strings_escape_what_they_must() {
        let value = "quote ' double \" backslash \\ newline \n tab \t cr \r bs \u{8} ff \u{c} bell \u{7} del \u{7f} é 😀";
        let text = printed(&literal(Literal::String(value.to_string())));
        assert_eq!(
            text,
            r#"'quote \' double " backslash \\ newline \n tab \t cr \r bs \b ff \f bell \u0007 del \u007F é 😀'"#
        );
        assert_eq!(printed(&literal(Literal::String(String::new()))), "''");
    }

    #[test]
    fn floats_read_back_bit_for_bit() {
        let values = [
            0.0,
            -0.0,
            0.1,
            1.0,
            1.5,
            1e-7,
            1e15,
            1e16,
            1e300,
            123_456_789.123,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            -2.5,
        ];
        for value in values {
            let text = printed(&literal(Literal::Float(value)));
            match expression(&text).kind {
                ExprKind::Literal(Literal::Float(reread)) => {
                    assert_eq!(reread.to_bits(), value.to_bits(), "{text}");
                }
                other => panic!("{text} read back as {other:?}"),
            }
        }
        assert_eq!(literal(Literal::Float(1.0)).to_string(), "1.0");
        assert_eq!(literal(Literal::Float(-0.0)).to_string(), "-0.0");
    }

    #[test]
    fn non_finite_floats_print_as_divisions() {
        assert_eq!(literal(Literal::Float(f64::NAN)).to_string(), "(0.0 / 0.0)");
        assert_eq!(
            literal(Literal::Float(f64::INFINITY)).to_string(),
            "(1.0 / 0.0)"
        );
        assert_eq!(
            literal(Literal::Float(f64::NEG_INFINITY)).to_string(),
            "(-1.0 / 0.0)"
        );
    }

    #[test]
    fn integers_print_in_decimal_including_the_extremes() {
        assert_eq!(
            printed(&literal(Literal::Integer(i64::MIN))),
            "-9223372036854775808"
        );
        assert_eq!(
            printed(&literal(Literal::Integer(i64::MAX))),
            "9223372036854775807"
        );
        assert_eq!(printed(&expression("0xff")), "255");
    }

    #[test]
    fn names_are_quoted_only_when_needed() {
        let variable =
            |name: &str| Expr::new(ExprKind::Variable(name.to_string()), Span::default());
        assert_eq!(printed(&variable("plain_1")), "plain_1");
        assert_eq!(printed(&variable("été")), "été");
        assert_eq!(printed(&variable("two words")), "`two words`");
        assert_eq!(printed(&variable("back`tick")), "`back``tick`");
        assert_eq!(printed(&variable("1st")), "`1st`");
        assert_eq!(printed(&variable("match")), "`match`");
        assert_eq!(printed(&variable("Where")), "`Where`");
        // Property keys and labels may be reserved words.
        assert_eq!(printed(&expression("n.`match`")), "n.match");
        assert_eq!(printed(&expression("n:`Return`")), "n:Return");
        assert_eq!(printed(&expression("n.`odd key`")), "n.`odd key`");
        assert_eq!(
            printed(&expression("{`a b`: 1, end: 2}")),
            "{`a b`: 1, end: 2}"
        );
        assert_eq!(printed(&expression("`count`(x)")), "count(x)");
        assert_eq!(printed(&expression("`end`(x)")), "`end`(x)");
        assert_eq!(printed(&expression("$`a b`")), "$`a b`");
        assert_eq!(printed(&expression("$`1`")), "$1");
        assert_eq!(printed(&expression("$`1a`")), "$`1a`");
    }

    #[test]
    fn parentheses_show_grouping_across_levels() {
        check_prints_as(&[
            ("a OR b AND c XOR d", "a OR ((b AND c) XOR d)"),
            ("(a OR b) AND c", "(a OR b) AND c"),
            ("a OR b OR c", "a OR b OR c"),
            ("a OR (b OR c)", "a OR (b OR c)"),
            ("1 + 2 * 3 - 4", "1 + (2 * 3) - 4"),
            ("(1 + 2) * (3 - 4)", "(1 + 2) * (3 - 4)"),
            ("NOT a = b AND c", "(NOT (a = b)) AND c"),
            ("NOT (a AND b)", "NOT (a AND b)"),
            ("a IN xs IN ys", "a IN xs IN ys"),
            ("a IN (xs IN ys)", "a IN (xs IN ys)"),
            ("a IS NULL IS NULL", "a IS NULL IS NULL"),
            ("(a = b) IS NULL", "(a = b) IS NULL"),
            ("(a < b) = c", "(a < b) = c"),
            ("a = (b = c)", "a = (b = c)"),
            ("1 < 2 = 3", "1 < 2 = 3"),
            ("-(a + b)", "-(a + b)"),
            ("-(NOT a)", "-(NOT a)"),
            ("+(-a)", "+-a"),
            ("(a + b).x", "(a + b).x"),
            ("(-a)[0]", "(-a)[0]"),
            ("(NOT a):A", "(NOT a):A"),
            ("(a IS NULL)[0..1]", "(a IS NULL)[0..1]"),
            ("-a.b", "-a.b"),
            ("2 ^ -2", "2 ^ -2"),
            ("1 - -2", "1 - -2"),
        ]);
    }

    #[test]
    fn forms_the_parser_would_misread_are_parenthesised() {
        // Canonical already: each prints back as written, parentheses and all.
        let unchanged = [
            // `-2` would fold into one literal.
            "-(2)",
            "-(2.5)",
            // `[x IN xs]` would read as a comprehension.
            "[(x IN xs)]",
            "[(x IN xs IS NULL), y IN ys]",
            "[(x IN xs STARTS WITH 'a')]",
            "[x.y IN xs]",
            "[(x IN xs) = true]",
            // `|` would end a comprehension filter.
            "[x IN xs WHERE (x:A|B)]",
            "[x IN xs WHERE (x:A|B) AND y | 1]",
            "[x IN xs WHERE (x:A|B).k | 1]",
            "[x IN xs WHERE f(x:A|B) | 1]",
            "[x IN xs WHERE x:A:B | 1]",
            // `n:A|B:C` would read as one mixed label list.
            "(n:A|B):C",
            "(n:A):B",
        ];
        for text in unchanged {
            assert_eq!(printed(&expression(text)), text);
        }
        // A negative literal starts with its own sign: `--2` reads back as `-(-2)`,
        // and parentheses would cost a level of nesting.
        check_prints_as(&[
            ("-(-2)", "--2"),
            ("-((2).x)", "-(2.x)"),
            ("-((2)[0])", "-(2[0])"),
            ("- -(2)", "--(2)"),
        ]);
    }

    #[test]
    fn patterns_print_compactly() {
        let query = match parse(
            "MATCH p = (a:A {k: 1})-[r:T|U*2..5 {w: 2}]->({x: 1})<-[*3]-(:B:C)-[{y: 2}]-() RETURN p",
        ) {
            Ok(query) => query,
            Err(error) => panic!("{error}"),
        };
        let Clause::Match(clause) = &query.first.clauses[0] else {
            panic!("not a match");
        };
        let part = &clause.patterns[0];
        assert_eq!(
            part.to_string(),
            "p = (a:A {k: 1})-[r:T|U*2..5 {w: 2}]->({x: 1})<-[*3]-(:B:C)-[{y: 2}]-()"
        );
        assert_eq!(part.start.to_string(), "(a:A {k: 1})");
        assert_eq!(part.steps[1].relationship.to_string(), "<-[*3]-");
        assert_eq!(query.first.clauses[0].to_string(), format!("MATCH {part}"));
        assert_eq!(query.first.to_string(), query.to_string());
    }

    #[test]
    fn case_and_comprehension_layout() {
        check_prints_as(&[
            (
                "case x when 1 then 'a' else 'b' end",
                "CASE x WHEN 1 THEN 'a' ELSE 'b' END",
            ),
            (
                "CASE WHEN a THEN 1 WHEN b THEN 2 END",
                "CASE WHEN a THEN 1 WHEN b THEN 2 END",
            ),
            ("[ x in xs where x > 1 | x ]", "[x IN xs WHERE x > 1 | x]"),
            ("count ( distinct x , y )", "count(DISTINCT x, y)"),
        ]);
    }
}
