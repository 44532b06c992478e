//! Plans shown as text: what [`Query::explain`](super::Query::explain) prints and an
//! `EXPLAIN` query returns.
//!
//! One line per operator of each single query, in the order rows flow through them;
//! a `MATCH` is followed by its steps, indented. Expressions are quoted as written in
//! the query (white space runs shown as one space), patterns are drawn in the
//! direction the plan walks them.

use std::fmt;

use super::super::ast::{ShortestPath, SortDirection, Span};
use super::super::graph::{Direction, PropertyGraph};
use super::exec::{OpState, initial_states};
use super::expr::Evaluator;
use super::ir::{CExpr, CKind, MatchClause, NodeElem, Op, Part, Program, RelElem};
use super::plan::{Anchor, Mode, PartPlan, Step, plan_part};
use super::{Options, Params, QueryError};

/// The plan chosen for a query over one graph: see [`Query::explain`](super::Query::explain).
///
/// `Display` prints it one step per line; [`lines`](Plan::lines) gives the lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    lines: Vec<String>,
}

impl Plan {
    /// The plan's lines, as printed.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, line) in self.lines.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            f.write_str(line)?;
        }
        Ok(())
    }
}

/// The plan of `program` (compiled from `text`) over `graph`.
pub(super) fn explain<G: PropertyGraph + ?Sized>(
    program: &Program,
    text: &str,
    graph: &G,
    params: &Params,
    options: &Options,
) -> Result<Plan, QueryError> {
    let mut lines = Vec::new();
    for (index, part) in program.parts.iter().enumerate() {
        if index > 0 {
            lines.push(
                if program.union_all {
                    "union all"
                } else {
                    "union"
                }
                .to_string(),
            );
        }
        let plans = plan_part(part, graph);
        let mut evaluator = Evaluator::new(graph, params, options);
        let states = initial_states(part, &plans, &mut evaluator)?;
        let writer = Writer {
            text,
            part,
            graph,
            max_hops: options.max_hops,
        };
        for (index, op) in part.ops.iter().enumerate() {
            writer.op(&mut lines, op, index, &plans, &states, &program.columns);
        }
    }
    Ok(Plan { lines })
}

/// "1 node", "4 nodes".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

struct Writer<'w, G: ?Sized> {
    text: &'w str,
    part: &'w Part,
    graph: &'w G,
    max_hops: usize,
}

impl<G: PropertyGraph + ?Sized> Writer<'_, G> {
    /// The query text under `span`, with each run of white space as one space.
    fn source(&self, span: Span) -> String {
        let written = self.text.get(span.start..span.end).unwrap_or("?");
        written.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// A condition as written; a pattern property moved into the conditions (it reads
    /// a variable of its own `MATCH`) as the equality it stands for.
    fn condition(&self, expr: &CExpr) -> String {
        if let CKind::Binary(_, lhs, rhs) = &expr.kind
            && let CKind::Property(subject, key) = &lhs.kind
            && let CKind::Slot(slot) = subject.kind
            && lhs.span == expr.span
        {
            return format!("{}.{key} = {}", self.name(slot), self.source(rhs.span));
        }
        self.source(expr.span)
    }

    fn name(&self, slot: usize) -> &str {
        self.part
            .slot_names
            .get(slot)
            .and_then(Option::as_deref)
            .unwrap_or("")
    }

    /// `(name:Label)`: a pattern node with the labels it must carry.
    fn node(&self, node: &NodeElem) -> String {
        let mut out = format!("({}", self.name(node.slot));
        if !node.labels.is_empty() {
            out.push(':');
            out.push_str(&node.labels.join(if node.any_label { "|" } else { ":" }));
        }
        out.push(')');
        out
    }

    /// What a step says of the node it reaches: nothing when the step binds it, that
    /// it is checked against the earlier binding when the pattern met it before.
    fn checked_end(&self, node: &NodeElem, mode: Mode) -> String {
        if mode == Mode::Check {
            format!(", {} bound earlier", self.node(node))
        } else {
            String::new()
        }
    }

    /// `-[name:A|B*1..3]->` drawn for walking `direction`.
    fn arrow(&self, rel: &RelElem, direction: Direction) -> String {
        let mut inside = self.name(rel.slot).to_string();
        if !rel.types.is_empty() {
            inside.push(':');
            inside.push_str(&rel.types.join("|"));
        }
        match rel.length {
            None => {}
            Some((1, None)) => inside.push('*'),
            Some((min, Some(max))) if min == max => inside.push_str(&format!("*{min}")),
            Some((min, max)) => {
                inside.push_str(&format!("*{min}.."));
                if let Some(max) = max {
                    inside.push_str(&max.to_string());
                }
            }
        }
        let body = if inside.is_empty() {
            "--".to_string()
        } else {
            format!("-[{inside}]-")
        };
        match direction {
            Direction::Outgoing => format!("{body}>"),
            Direction::Incoming => format!("<{body}"),
            Direction::Both => body,
        }
    }

    /// ", at most N hops" for an unbounded variable-length relationship.
    fn hop_limit(&self, rel: &RelElem) -> String {
        match rel.length {
            Some((_, None)) => format!(", at most {} hops", self.max_hops),
            _ => String::new(),
        }
    }

    /// How a scan finds its nodes.
    fn anchor(&self, anchor: Anchor<'_>, mode: Mode) -> String {
        if mode == Mode::Check {
            return "bound earlier".to_string();
        }
        match anchor {
            Anchor::Bound => "bound earlier".to_string(),
            Anchor::Index { key, value } => {
                format!("by the index on {key} = {}", self.source(value.span))
            }
            Anchor::Label(label) => {
                format!(
                    "by label {label} ({})",
                    count(self.graph.label_size(label), "node")
                )
            }
            Anchor::AnyLabel(labels) => {
                let total: usize = labels.iter().map(|l| self.graph.label_size(l)).sum();
                format!("by labels {} ({})", labels.join("|"), count(total, "node"))
            }
            Anchor::All => format!(
                "by scanning every node ({})",
                count(self.graph.node_count(), "node")
            ),
        }
    }

    fn op(
        &self,
        lines: &mut Vec<String>,
        op: &Op,
        index: usize,
        plans: &PartPlan<'_>,
        states: &[OpState],
        columns: &[String],
    ) {
        let line = match op {
            Op::Match(clause) => {
                self.match_clause(lines, clause, plans.steps(index));
                return;
            }
            Op::Unwind { list, slot } => {
                format!("unwind {} as {}", self.source(list.span), self.name(*slot))
            }
            Op::Compute(items) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|(slot, expr)| {
                        format!("{} as {}", self.source(expr.span), self.name(*slot))
                    })
                    .collect();
                format!("compute {}", items.join(", "))
            }
            Op::Aggregate(clause) => {
                let aggregates: Vec<String> = clause
                    .aggregates
                    .iter()
                    .map(|spec| self.source(spec.span))
                    .collect();
                let mut line = format!("aggregate {}", aggregates.join(", "));
                if !clause.keys.is_empty() {
                    let keys: Vec<String> = clause
                        .keys
                        .iter()
                        .map(|(_, expr)| self.source(expr.span))
                        .collect();
                    line.push_str(&format!(" by {}", keys.join(", ")));
                }
                if plans.grouped_at(index) {
                    line.push_str(", one group after another");
                }
                line
            }
            Op::Distinct(_) => "distinct".to_string(),
            Op::Sort(keys) => {
                let keys: Vec<String> = keys
                    .iter()
                    .map(|(expr, direction)| match direction {
                        SortDirection::Ascending => self.source(expr.span),
                        SortDirection::Descending => format!("{} DESC", self.source(expr.span)),
                    })
                    .collect();
                let mut line = format!("order by {}", keys.join(", "));
                if let Some(OpState::Sort {
                    keep: Some(keep), ..
                }) = states.get(index)
                {
                    line.push_str(&format!(", keeping the first {keep}"));
                }
                line
            }
            Op::Skip(count) => format!("skip {}", self.source(count.span)),
            Op::Limit(count) => format!("limit {}", self.source(count.span)),
            Op::Filter(condition) => format!("filter {}", self.condition(condition)),
            Op::Emit(_) => format!("return {}", columns.join(", ")),
            Op::Call {
                procedure, yields, ..
            } => {
                let names: Vec<&str> = yields.iter().map(|(_, slot)| self.name(*slot)).collect();
                format!("call {procedure} yield {}", names.join(", "))
            }
        };
        lines.push(line);
    }

    fn match_clause(&self, lines: &mut Vec<String>, clause: &MatchClause, steps: &[Step<'_>]) {
        lines.push(self.source(clause.span));
        for step in steps {
            lines.push(format!("  {}", self.step(step)));
        }
    }

    fn step(&self, step: &Step<'_>) -> String {
        match step {
            Step::Filter(condition) => format!("filter {}", self.condition(condition)),
            Step::Scan { node, anchor, mode } => {
                format!(
                    "start at {} {}",
                    self.node(node),
                    self.anchor(*anchor, *mode)
                )
            }
            Step::Expand(expand) => {
                let checked = self.checked_end(expand.to, expand.to_mode);
                format!(
                    "expand ({}){}{}{}{checked}",
                    self.name(expand.from),
                    self.arrow(expand.rel, expand.direction),
                    self.node(expand.to),
                    self.hop_limit(expand.rel),
                )
            }
            Step::ScanRelationships {
                rel,
                left,
                right,
                right_mode,
            } => {
                let checked = self.checked_end(right, *right_mode);
                format!(
                    "start at {}{}{} by scanning every relationship{checked}",
                    self.node(left),
                    self.arrow(rel, rel.direction),
                    self.node(right),
                )
            }
            Step::Shortest { part, from, to } => {
                let (Some(source), Some(rel), Some(target)) =
                    (part.nodes.first(), part.rels.first(), part.nodes.get(1))
                else {
                    return "shortest path".to_string();
                };
                let (function, how) = match part.shortest {
                    Some(ShortestPath::All) => ("allShortestPaths", "breadth-first from the start"),
                    _ => ("shortestPath", "searching from both ends"),
                };
                // No hop limit: a shortest path search has no bound but the pattern's.
                format!(
                    "{function} {}{}{}, {how}; {} {}; {} {}",
                    self.node(source),
                    self.arrow(rel, rel.direction),
                    self.node(target),
                    self.node(source),
                    self.anchor(from.0, from.1),
                    self.node(target),
                    self.anchor(to.0, to.1),
                )
            }
            Step::Path(part) => {
                let name = part.path_slot.map_or("", |slot| self.name(slot));
                format!("assemble path {name}")
            }
            Step::Count {
                from,
                rel,
                direction,
            } => format!(
                "count ({}){}() by degree, without listing",
                self.name(*from),
                self.arrow(rel, *direction),
            ),
            Step::CountByType { rel, counts } => format!(
                "count (){}() per type from the count store ({})",
                self.arrow(rel, rel.direction),
                count(counts.len(), "type"),
            ),
            Step::CountByLabels { node, groups } => format!(
                "count {} per labels from the label index ({})",
                self.node(node),
                count(groups.len(), "group"),
            ),
        }
    }
}
