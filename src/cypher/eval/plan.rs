//! Choosing where each pattern of a `MATCH` starts and in which order its parts are
//! matched.
//!
//! A pattern starts from the cheapest of its nodes:
//!
//! 1. a node already bound (by an earlier clause or an earlier pattern of the clause),
//! 2. a node with an equality on an indexed property, from the pattern's property map
//!    or a `WHERE` conjunct `n.key = value` whose value is known before the pattern,
//! 3. the node whose label has the fewest nodes (`:A:B`: the rarer label; `:A|B`:
//!    both together),
//! 4. otherwise a scan of every node, or, for a relationship between two anonymous
//!    nodes, of every relationship (when the graph can list them: in storage order
//!    that reads memory in sequence).
//!
//! Patterns are taken cheapest first, so a pattern sharing a variable with one already
//! planned starts from that variable. From its start a pattern is expanded to its
//! right end, then to its left end. Every `WHERE` conjunct is placed right after the
//! step that binds the last variable it reads. `shortestPath` patterns come after the
//! others, so their ends are bound when possible.

use std::collections::{HashMap, HashSet};

use super::super::ast;
use super::super::graph::{Direction, PropertyGraph};
use super::super::value::{NodeId, RelId};
use super::functions::Function;
use super::ir::{
    AggregateClause, CExpr, CKind, Conjunct, MatchClause, NodeElem, Op, Part, PathPattern, RelElem,
    compiled_children, slots_read,
};

/// Whether a step binds a pattern element or checks the value already bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Bind,
    Check,
}

/// Where the nodes of a scan come from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Anchor<'q> {
    /// The node is bound already; the scan only checks it.
    Bound,
    /// The nodes whose indexed property `key` equals the value.
    Index { key: &'q str, value: &'q CExpr },
    /// The nodes carrying this label.
    Label(&'q str),
    /// The nodes carrying any of these labels.
    AnyLabel(&'q [String]),
    /// Every node.
    All,
}

/// One step of matching a `MATCH` clause.
#[derive(Debug, Clone)]
pub(super) enum Step<'q> {
    /// Keeps the partial match only if the condition is true.
    Filter(&'q CExpr),
    /// Binds (or checks) a pattern's first node.
    Scan {
        node: &'q NodeElem,
        anchor: Anchor<'q>,
        mode: Mode,
    },
    /// Follows `rel` from the node in slot `from` to `to`.
    Expand(Expand<'q>),
    /// A `shortestPath`/`allShortestPaths` pattern.
    Shortest {
        part: &'q PathPattern,
        from: (Anchor<'q>, Mode),
        to: (Anchor<'q>, Mode),
    },
    /// Binds a relationship and both its ends by scanning every relationship of the
    /// graph: for patterns with no bound, indexed or labelled node, reading the
    /// relationships in storage order beats visiting every node's list.
    ScanRelationships {
        rel: &'q RelElem,
        left: &'q NodeElem,
        right: &'q NodeElem,
        right_mode: Mode,
    },
    /// Assembles the named path of a pattern from its bound elements.
    Path(&'q PathPattern),
    /// Counts the relationships of the node in slot `from` instead of matching them
    /// one by one, and passes the row on once standing for that many.
    Count {
        from: usize,
        rel: &'q RelElem,
        direction: Direction,
    },
    /// Binds `rel` to one relationship of each type, the row standing for every
    /// relationship of the type (from the graph's count store).
    CountByType {
        rel: &'q RelElem,
        /// Per type with relationships: one of them and how many there are.
        counts: Vec<(RelId, usize)>,
    },
    /// Binds `node` to one node of each group with the same labels, the row standing
    /// for every node of the group (from the graph's label index).
    CountByLabels {
        node: &'q NodeElem,
        /// Per group of nodes with the pattern's labels: one of them and how many
        /// there are.
        groups: Vec<(NodeId, usize)>,
    },
}

/// The parts of [`Step::Expand`], in a struct of their own so that the executor can
/// carry them whole while it expands.
#[derive(Debug, Clone)]
pub(super) struct Expand<'q> {
    pub(super) from: usize,
    pub(super) rel: &'q RelElem,
    pub(super) to: &'q NodeElem,
    pub(super) direction: Direction,
    /// The pattern is walked right to left, so a relationship list is reversed to be
    /// stored in the order written.
    pub(super) reversed: bool,
    pub(super) to_mode: Mode,
}

/// The plan of one single query: the steps of each `MATCH`, by operator.
pub(super) struct PartPlan<'q> {
    /// Per operator, the steps of a `MATCH`; `None` for other operators.
    matches: Vec<Option<Vec<Step<'q>>>>,
    /// Whether the aggregation right after the first `MATCH` sees each group's rows
    /// one after another.
    grouped: bool,
}

impl<'q> PartPlan<'q> {
    /// The steps of the `MATCH` that is operator `index`; none for other operators.
    pub(super) fn steps(&self, index: usize) -> &[Step<'q>] {
        self.matches
            .get(index)
            .and_then(Option::as_deref)
            .unwrap_or_default()
    }

    /// Whether operator `index` is an aggregation that sees each group's rows one
    /// after another, because it is keyed by the node the first `MATCH` scans (the
    /// first operator gets one row), so it needs no lookups.
    pub(super) fn grouped_at(&self, index: usize) -> bool {
        index == 1 && self.grouped
    }
}

/// Plans the `MATCH` of a subquery (`EXISTS { }`, `COUNT { }`, a pattern
/// condition): the only operator.
pub(super) fn plan_subquery<'q, G: PropertyGraph + ?Sized>(
    clause: &'q MatchClause,
    graph: &G,
) -> PartPlan<'q> {
    PartPlan {
        matches: vec![Some(plan(clause, graph, None))],
        grouped: false,
    }
}

/// Plans every `MATCH` of `part` over `graph`.
pub(super) fn plan_part<'q, G: PropertyGraph + ?Sized>(part: &'q Part, graph: &G) -> PartPlan<'q> {
    let matches: Vec<Option<Vec<Step<'q>>>> = part
        .ops
        .iter()
        .enumerate()
        .map(|(index, op)| match op {
            Op::Match(clause) => {
                let aggregation = match part.ops.get(index + 1) {
                    Some(Op::Aggregate(aggregation)) => Some(aggregation),
                    _ => None,
                };
                Some(plan(clause, graph, aggregation))
            }
            _ => None,
        })
        .collect();
    let ordered_by = matches
        .first()
        .and_then(Option::as_deref)
        .and_then(outer_node);
    let grouped = matches!(part.ops.get(1), Some(Op::Aggregate(clause)) if ordered_by.is_some_and(|slot| clause.is_keyed_by(slot)));
    PartPlan { matches, grouped }
}

/// The node slot whose matches come out together: when a plan starts by scanning
/// distinct nodes, every later step runs once per node inside that scan, so all the
/// rows of one node are consecutive.
fn outer_node(steps: &[Step<'_>]) -> Option<usize> {
    match steps.iter().find(|step| !matches!(step, Step::Filter(_))) {
        Some(Step::Scan {
            node,
            mode: Mode::Bind,
            ..
        }) => Some(node.slot),
        _ => None,
    }
}

/// Plans one `MATCH` clause over `graph`; `aggregation` is the aggregating projection
/// that takes its rows, if one follows it directly.
fn plan<'q, G: PropertyGraph + ?Sized>(
    clause: &'q MatchClause,
    graph: &G,
    aggregation: Option<&AggregateClause>,
) -> Vec<Step<'q>> {
    let mut planner = Planner {
        graph,
        new: clause.new_slots.iter().copied().collect(),
        bound: HashSet::new(),
        pending: clause.conjuncts.iter().collect(),
        steps: Vec::new(),
        label_sizes: HashMap::new(),
        indexed: HashMap::new(),
        scannable: None,
    };
    planner.place_ready();
    let counted = aggregation.is_some_and(|aggregation| planner.counting(clause, aggregation));
    let mut remaining: Vec<&PathPattern> = clause
        .parts
        .iter()
        .filter(|part| part.shortest.is_none() && !counted)
        .collect();
    while !remaining.is_empty() {
        let (index, position, anchor) = planner.cheapest_start(&remaining);
        let part = remaining.remove(index);
        match planner.relationship_scan(part, position, anchor) {
            Some(rel) => planner.expand_from_relationship(part, rel),
            None => planner.expand_part(part, position, anchor),
        }
    }
    for part in clause
        .parts
        .iter()
        .filter(|part| part.shortest.is_some() && !counted)
    {
        let (Some(from), Some(to)) = (part.nodes.first(), part.nodes.get(1)) else {
            continue;
        };
        let from_start = planner.node_start(from);
        // The far end may be the same variable: then it is bound by the near end.
        planner.mark(from.slot);
        let to_start = planner.node_start(to);
        planner.steps.push(Step::Shortest {
            part,
            from: from_start,
            to: to_start,
        });
        planner.mark(to.slot);
        part.rels.iter().for_each(|rel| planner.mark(rel.slot));
        if let Some(slot) = part.path_slot {
            planner.mark(slot);
        }
        planner.place_ready();
    }
    // Every conjunct became ready once all slots were bound; this only guards
    // against a slot the patterns never bind.
    let rest: Vec<&Conjunct> = std::mem::take(&mut planner.pending);
    planner.steps.extend(
        rest.into_iter()
            .map(|conjunct| Step::Filter(&conjunct.expr)),
    );
    planner.steps
}

struct Planner<'q, 'g, G: ?Sized> {
    graph: &'g G,
    /// Slots the clause binds.
    new: HashSet<usize>,
    /// Those of them bound by the steps so far.
    bound: HashSet<usize>,
    /// Conjuncts not yet placed.
    pending: Vec<&'q Conjunct>,
    steps: Vec<Step<'q>>,
    label_sizes: HashMap<&'q str, usize>,
    indexed: HashMap<&'q str, bool>,
    /// Whether the graph lists all its relationships; asked once.
    scannable: Option<bool>,
}

/// Anchors in order of preference; lower is cheaper.
const BOUND_COST: usize = 0;
const INDEX_COST: usize = 1;

impl<'q, G: PropertyGraph + ?Sized> Planner<'q, '_, G> {
    fn is_bound(&self, slot: usize) -> bool {
        !self.new.contains(&slot) || self.bound.contains(&slot)
    }

    /// Whether a step checks the slot (bound already) or binds it.
    fn mode(&self, slot: usize) -> Mode {
        if self.is_bound(slot) {
            Mode::Check
        } else {
            Mode::Bind
        }
    }

    fn mark(&mut self, slot: usize) {
        self.bound.insert(slot);
    }

    /// Places every pending conjunct whose slots are all bound.
    fn place_ready(&mut self) {
        let (ready, pending): (Vec<&Conjunct>, Vec<&Conjunct>) = self
            .pending
            .iter()
            .partition(|conjunct| conjunct.slots.iter().all(|&s| self.is_bound(s)));
        self.pending = pending;
        self.steps.extend(
            ready
                .into_iter()
                .map(|conjunct| Step::Filter(&conjunct.expr)),
        );
    }

    fn has_index(&mut self, key: &'q str) -> bool {
        let graph = self.graph;
        *self
            .indexed
            .entry(key)
            .or_insert_with(|| graph.has_index(key))
    }

    /// An indexed equality on `node` usable now, from its property map or a conjunct.
    fn index_anchor(&mut self, node: &'q NodeElem) -> Option<Anchor<'q>> {
        for (key, value) in &node.properties {
            if self.has_index(key) {
                return Some(Anchor::Index { key, value });
            }
        }
        let pending = self.pending.clone();
        for conjunct in pending {
            let CKind::Binary(ast::BinaryOp::Equal, lhs, rhs) = &conjunct.expr.kind else {
                continue;
            };
            for (property, value) in [(lhs, rhs), (rhs, lhs)] {
                let CKind::Property(subject, key) = &property.kind else {
                    continue;
                };
                if !matches!(subject.kind, CKind::Slot(slot) if slot == node.slot) {
                    continue;
                }
                let mut read = Vec::new();
                slots_read(value, &mut read);
                if read.iter().all(|&s| self.is_bound(s)) && self.has_index(key) {
                    return Some(Anchor::Index { key, value });
                }
            }
        }
        None
    }

    fn label_size(&mut self, label: &'q str) -> usize {
        let graph = self.graph;
        *self
            .label_sizes
            .entry(label)
            .or_insert_with(|| graph.label_size(label))
    }

    /// The cheapest anchor by label, or a scan of everything.
    fn label_anchor(&mut self, node: &'q NodeElem) -> (usize, Anchor<'q>) {
        if node.labels.is_empty() {
            return (self.graph.node_count(), Anchor::All);
        }
        if node.any_label {
            let total = node
                .labels
                .iter()
                .map(|label| self.label_size(label))
                .fold(0usize, usize::saturating_add);
            return (total, Anchor::AnyLabel(&node.labels));
        }
        let mut best: Option<(usize, &'q str)> = None;
        for label in &node.labels {
            let size = self.label_size(label);
            if best.is_none_or(|(smallest, _)| size < smallest) {
                best = Some((size, label));
            }
        }
        match best {
            Some((size, label)) => (size, Anchor::Label(label)),
            None => (self.graph.node_count(), Anchor::All),
        }
    }

    /// How the first node of a shortest path (or any lone node) is found.
    fn node_start(&mut self, node: &'q NodeElem) -> (Anchor<'q>, Mode) {
        if self.is_bound(node.slot) {
            return (Anchor::Bound, Mode::Check);
        }
        let anchor = match self.index_anchor(node) {
            Some(anchor) => anchor,
            None => self.label_anchor(node).1,
        };
        (anchor, Mode::Bind)
    }

    /// The remaining pattern to match next, the position of the node it starts from,
    /// and how that node is found. Label sizes are only asked for when no pattern has
    /// a bound or indexed node.
    fn cheapest_start(&mut self, parts: &[&'q PathPattern]) -> (usize, usize, Anchor<'q>) {
        let mut best: Option<(usize, usize, usize, Anchor<'q>)> = None;
        for (index, part) in parts.iter().enumerate() {
            for (position, node) in part.nodes.iter().enumerate() {
                let found = if self.is_bound(node.slot) {
                    Some((BOUND_COST, Anchor::Bound))
                } else {
                    self.index_anchor(node).map(|anchor| (INDEX_COST, anchor))
                };
                if let Some((cost, anchor)) = found
                    && best.as_ref().is_none_or(|b| cost < b.0)
                {
                    best = Some((cost, index, position, anchor));
                }
            }
        }
        if best.is_none() {
            for (index, part) in parts.iter().enumerate() {
                for (position, node) in part.nodes.iter().enumerate() {
                    let (cost, anchor) = self.label_anchor(node);
                    if best.as_ref().is_none_or(|b| cost < b.0) {
                        best = Some((cost, index, position, anchor));
                    }
                }
            }
        }
        best.map_or((0, 0, Anchor::All), |(_, index, position, anchor)| {
            (index, position, anchor)
        })
    }

    /// When `part` would start from a scan of every node, the relationship to scan
    /// instead (next to the node at `position`), if the graph can list them.
    fn relationship_scan(
        &mut self,
        part: &'q PathPattern,
        position: usize,
        anchor: Anchor<'q>,
    ) -> Option<usize> {
        if !matches!(anchor, Anchor::All) {
            return None;
        }
        // Only between anonymous nodes: a named node is usually read later (grouped
        // on, say), and a scan by node keeps each node's rows together, which an
        // aggregation keyed on the node then groups without a lookup per row.
        let anonymous = |i: usize| part.nodes.get(i).is_some_and(|node| !node.named);
        let usable = |i: usize| {
            part.rels
                .get(i)
                .is_some_and(|rel| rel.length.is_none() && !rel.pre_bound)
                && anonymous(i)
                && anonymous(i + 1)
        };
        let rel = if usable(position) {
            position
        } else if position > 0 && usable(position - 1) {
            position - 1
        } else {
            return None;
        };
        let graph = self.graph;
        let scannable = *self
            .scannable
            .get_or_insert_with(|| graph.all_relationships(&[]).is_some());
        scannable.then_some(rel)
    }

    /// Plans a clause whose matches only feed an aggregation by counting them rather
    /// than listing them, when that gives the same groups; says whether it did.
    ///
    /// The clause must be one relationship, of length one, with no properties,
    /// bound before or on a path. Then either:
    ///
    /// * both ends are anonymous nodes with no labels or properties, the relationship
    ///   is directed, there is no `WHERE`, the aggregation reads the relationship only
    ///   as `type(r)` and the graph keeps a count per type: one row per type stands
    ///   for all its relationships (`MATCH ()-[r]->() RETURN type(r), count(*)`);
    /// * or the relationship and one end are anonymous, that end without labels or
    ///   properties: each match of the other end stands for its degree (`MATCH
    ///   (n)<--() RETURN n, count(*)`, Neo4j's "get degree").
    ///
    /// The aggregation sees each row once with its multiplicity (see `Executor`).
    fn counting(&mut self, clause: &'q MatchClause, aggregation: &AggregateClause) -> bool {
        let ([part], false) = (clause.parts.as_slice(), clause.optional) else {
            return false;
        };
        if let ([node], [], None, None) = (
            part.nodes.as_slice(),
            part.rels.as_slice(),
            &part.shortest,
            part.path_slot,
        ) {
            return self.counting_labels(clause, node, aggregation);
        }
        let ([left, right], [rel]) = (part.nodes.as_slice(), part.rels.as_slice()) else {
            return false;
        };
        if part.shortest.is_some()
            || part.path_slot.is_some()
            || rel.pre_bound
            || rel.length.is_some()
            || !rel.properties.is_empty()
        {
            return false;
        }
        let plain =
            |node: &NodeElem| !node.named && node.labels.is_empty() && node.properties.is_empty();
        if plain(left)
            && plain(right)
            && clause.conjuncts.is_empty()
            && rel.direction != Direction::Both
            && reads_only(aggregation, rel.slot, Function::Type)
            && let Some(counts) = self.type_counts(rel)
        {
            self.steps.push(Step::CountByType { rel, counts });
            return true;
        }
        let direction = rel.direction;
        let (start, direction) = match (rel.named, plain(left), plain(right)) {
            (false, _, true) => (left, direction),
            (false, true, false) => (right, direction.reverse()),
            _ => return false,
        };
        let (anchor, _) = self.node_start(start);
        self.scan(start, anchor);
        self.steps.push(Step::Count {
            from: start.slot,
            rel,
            direction,
        });
        true
    }

    /// Plans `MATCH (n:Labels) RETURN labels(n), count(*)`, a lone node with no
    /// properties, no `WHERE` and not bound before, whose aggregation reads it only as
    /// `labels(n)`: one row per group of nodes with the same labels stands for all
    /// of them. Says whether it did.
    fn counting_labels(
        &mut self,
        clause: &'q MatchClause,
        node: &'q NodeElem,
        aggregation: &AggregateClause,
    ) -> bool {
        if !clause.conjuncts.is_empty()
            || !node.properties.is_empty()
            || self.is_bound(node.slot)
            || !reads_only(aggregation, node.slot, Function::Labels)
        {
            return false;
        }
        // Every node of a group has the same labels, so one of them says whether
        // the group has the pattern's.
        let has = |example: NodeId| {
            let mut labels = node.labels.iter();
            if node.labels.is_empty() {
                true
            } else if node.any_label {
                labels.any(|label| self.graph.has_label(example, label))
            } else {
                labels.all(|label| self.graph.has_label(example, label))
            }
        };
        let groups = self
            .graph
            .label_groups()
            .into_iter()
            .filter(|&(example, _)| has(example))
            .collect();
        self.steps.push(Step::CountByLabels { node, groups });
        self.mark(node.slot);
        true
    }

    /// For each type `rel` may have, one relationship of it and how many there are,
    /// leaving out types without any; `None` unless the graph counts every type.
    fn type_counts(&self, rel: &RelElem) -> Option<Vec<(RelId, usize)>> {
        let mut types = if rel.types.is_empty() {
            self.graph.type_names()
        } else {
            rel.types.clone()
        };
        types.sort();
        types.dedup();
        let mut counts = Vec::new();
        for rel_type in types {
            let count = self.graph.type_count(&rel_type)?;
            if let (Some(example), 1..) = (count.example, count.count) {
                counts.push((example, count.count));
            }
        }
        Some(counts)
    }

    /// Adds the steps matching `part` from a scan of its relationship `index`.
    fn expand_from_relationship(&mut self, part: &'q PathPattern, index: usize) {
        let (Some(left), Some(rel), Some(right)) = (
            part.nodes.get(index),
            part.rels.get(index),
            part.nodes.get(index + 1),
        ) else {
            return;
        };
        self.mark(left.slot);
        let right_mode = self.mode(right.slot);
        self.steps.push(Step::ScanRelationships {
            rel,
            left,
            right,
            right_mode,
        });
        self.mark(rel.slot);
        self.mark(right.slot);
        self.place_ready();
        self.expand_rest(part, index + 1, index);
    }

    /// Adds the steps matching `part` from the node at `position`.
    fn expand_part(&mut self, part: &'q PathPattern, position: usize, anchor: Anchor<'q>) {
        let Some(start) = part.nodes.get(position) else {
            return;
        };
        self.scan(start, anchor);
        self.expand_rest(part, position, position);
    }

    /// Adds the step that binds `node` from `anchor` (or checks it, when bound).
    fn scan(&mut self, node: &'q NodeElem, anchor: Anchor<'q>) {
        let mode = self.mode(node.slot);
        self.steps.push(Step::Scan { node, anchor, mode });
        self.mark(node.slot);
        self.place_ready();
    }

    /// Adds the steps for the relationships of `part` from `right_from` to its right
    /// end and from `left_to - 1` down to its left end, then its path.
    fn expand_rest(&mut self, part: &'q PathPattern, right_from: usize, left_to: usize) {
        // Rightwards: rels[i] joins nodes[i] to nodes[i + 1].
        for i in right_from..part.rels.len() {
            if let (Some(from), Some(rel), Some(to)) =
                (part.nodes.get(i), part.rels.get(i), part.nodes.get(i + 1))
            {
                self.expand(from, rel, to, false);
            }
        }
        // Leftwards, each relationship seen from its other end.
        for i in (0..left_to).rev() {
            if let (Some(from), Some(rel), Some(to)) =
                (part.nodes.get(i + 1), part.rels.get(i), part.nodes.get(i))
            {
                self.expand(from, rel, to, true);
            }
        }
        if let Some(slot) = part.path_slot {
            self.steps.push(Step::Path(part));
            self.mark(slot);
            self.place_ready();
        }
    }

    fn expand(&mut self, from: &'q NodeElem, rel: &'q RelElem, to: &'q NodeElem, reversed: bool) {
        let direction = rel.direction;
        let to_mode = self.mode(to.slot);
        self.steps.push(Step::Expand(Expand {
            from: from.slot,
            rel,
            to,
            direction: if reversed {
                direction.reverse()
            } else {
                direction
            },
            reversed,
            to_mode,
        }));
        self.mark(rel.slot);
        self.mark(to.slot);
        self.place_ready();
    }
}

/// Whether every expression of `aggregation` reads the element in `slot` only through
/// `function` (`type(r)`, `labels(n)`), so that any element with the same answer
/// gives the same values.
fn reads_only(aggregation: &AggregateClause, slot: usize, function: Function) -> bool {
    let arguments = aggregation.aggregates.iter().filter_map(|a| a.arg.as_ref());
    aggregation
        .keys
        .iter()
        .chain(&aggregation.outputs)
        .map(|(_, expr)| expr)
        .chain(arguments)
        .all(|expr| reads_only_through(expr, slot, function))
}

fn reads_only_through(expr: &CExpr, slot: usize, function: Function) -> bool {
    match &expr.kind {
        CKind::Call(called, args)
            if *called == function
                && matches!(args.as_slice(), [arg] if matches!(arg.kind, CKind::Slot(s) if s == slot)) =>
        {
            true
        }
        CKind::Slot(read) => *read != slot,
        // A pattern comprehension or subquery reads its outer slots through its
        // patterns, which are not sub-expressions.
        CKind::Subquery { .. } => {
            let mut read = Vec::new();
            slots_read(expr, &mut read);
            !read.contains(&slot)
        }
        _ => compiled_children(expr)
            .into_iter()
            .all(|child| reads_only_through(child, slot, function)),
    }
}
