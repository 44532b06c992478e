//! `shortestPath` and `allShortestPaths`: breadth-first searches between two bound
//! nodes. One shortest path is searched from both ends at once; all of them from the
//! source, keeping every parent at the previous level.

use std::collections::HashMap;

use super::super::graph::{Direction, PropertyGraph};
use super::super::value::{NodeId, PathValue, RelId, Value};
use super::QueryError;
use super::expr::Evaluator;

/// A shortest-path search: which relationships it may follow and how many.
pub(super) struct Search<'q> {
    pub(super) direction: Direction,
    pub(super) types: &'q [String],
    pub(super) wanted: Vec<(&'q str, Value)>,
    pub(super) min: u64,
    pub(super) max: Option<u64>,
    pub(super) all: bool,
}

/// Where a breadth-first search reached a node from: the relationship and the node
/// one step nearer its start, and the distance.
type Parents = HashMap<NodeId, (Option<(RelId, NodeId)>, u64)>;

impl Search<'_> {
    pub(super) fn run<G: PropertyGraph + ?Sized>(
        &self,
        ev: &mut Evaluator<'_, G>,
        source: NodeId,
        target: NodeId,
    ) -> Result<Vec<PathValue>, QueryError> {
        if source == target {
            // The only shortest path from a node to itself is the empty one.
            return Ok(if self.min == 0 {
                vec![PathValue {
                    nodes: vec![source],
                    relationships: Vec::new(),
                }]
            } else {
                Vec::new()
            });
        }
        let max = self.max.unwrap_or(u64::MAX);
        let paths = if self.all {
            self.all_shortest(ev, source, target, max)?
        } else {
            self.one_shortest(ev, source, target, max)?
                .into_iter()
                .collect()
        };
        Ok(paths
            .into_iter()
            .filter(|path| path.relationships.len() as u64 >= self.min)
            .collect())
    }

    /// One shortest path, searching from both ends at once (each time widening the
    /// smaller frontier by a whole level), so a path of length `d` costs about two
    /// searches of depth `d / 2` instead of one of depth `d`.
    fn one_shortest<G: PropertyGraph + ?Sized>(
        &self,
        ev: &mut Evaluator<'_, G>,
        source: NodeId,
        target: NodeId,
        max: u64,
    ) -> Result<Option<PathValue>, QueryError> {
        let graph = ev.graph;
        let mut forward: Parents = HashMap::from([(source, (None, 0))]);
        let mut backward: Parents = HashMap::from([(target, (None, 0))]);
        let mut forward_frontier = vec![source];
        let mut backward_frontier = vec![target];
        let (mut forward_depth, mut backward_depth) = (0u64, 0u64);
        while !forward_frontier.is_empty()
            && !backward_frontier.is_empty()
            && forward_depth.saturating_add(backward_depth) < max
        {
            let (frontier, seen, other, depth, direction) =
                if forward_frontier.len() <= backward_frontier.len() {
                    (
                        &mut forward_frontier,
                        &mut forward,
                        &backward,
                        &mut forward_depth,
                        self.direction,
                    )
                } else {
                    (
                        &mut backward_frontier,
                        &mut backward,
                        &forward,
                        &mut backward_depth,
                        self.direction.reverse(),
                    )
                };
            let mut next = Vec::new();
            // The meeting node with the shortest total length found in this level.
            let mut best: Option<(u64, NodeId)> = None;
            for &node in frontier.iter() {
                for (rel, neighbour) in graph.relationships(node, direction, self.types) {
                    ev.tick()?;
                    if seen.contains_key(&neighbour) || !ev.relationship_matches(rel, &self.wanted)
                    {
                        continue;
                    }
                    seen.insert(neighbour, (Some((rel, node)), *depth + 1));
                    if let Some(&(_, far)) = other.get(&neighbour) {
                        let length = *depth + 1 + far;
                        if best.is_none_or(|(shortest, _)| length < shortest) {
                            best = Some((length, neighbour));
                        }
                    }
                    next.push(neighbour);
                }
            }
            *depth += 1;
            *frontier = next;
            if let Some((_, meeting)) = best {
                return Ok(Some(join_halves(&forward, &backward, meeting)));
            }
        }
        Ok(None)
    }

    /// Every shortest path: a breadth-first search from `source` that records every
    /// parent at the previous level, then every way back from `target`.
    fn all_shortest<G: PropertyGraph + ?Sized>(
        &self,
        ev: &mut Evaluator<'_, G>,
        source: NodeId,
        target: NodeId,
        max: u64,
    ) -> Result<Vec<PathValue>, QueryError> {
        let graph = ev.graph;
        let mut distance: HashMap<NodeId, u64> = HashMap::from([(source, 0)]);
        let mut parents: HashMap<NodeId, Vec<(RelId, NodeId)>> = HashMap::new();
        let mut frontier = vec![source];
        let mut depth = 0u64;
        let mut reached = false;
        while !frontier.is_empty() && depth < max && !reached {
            let mut next = Vec::new();
            for &node in &frontier {
                for (rel, neighbour) in graph.relationships(node, self.direction, self.types) {
                    ev.tick()?;
                    if !ev.relationship_matches(rel, &self.wanted) {
                        continue;
                    }
                    match distance.get(&neighbour) {
                        None => {
                            distance.insert(neighbour, depth + 1);
                            parents.entry(neighbour).or_default().push((rel, node));
                            next.push(neighbour);
                        }
                        Some(&d) if d == depth + 1 => {
                            parents.entry(neighbour).or_default().push((rel, node));
                        }
                        Some(_) => {}
                    }
                    reached |= neighbour == target;
                }
            }
            depth += 1;
            frontier = next;
        }
        if !reached {
            return Ok(Vec::new());
        }
        // Walk back from the target through every parent, without recursion: each
        // stack entry is a node and the index of its next parent to try.
        let mut paths = Vec::new();
        let mut stack: Vec<(NodeId, usize)> = vec![(target, 0)];
        let mut rels: Vec<RelId> = Vec::new();
        while let Some((node, next_parent)) = stack.last_mut() {
            ev.tick()?;
            if *node == source {
                let mut nodes: Vec<NodeId> = stack.iter().map(|(n, _)| *n).collect();
                nodes.reverse();
                let mut relationships = rels.clone();
                relationships.reverse();
                paths.push(PathValue {
                    nodes,
                    relationships,
                });
                if paths.len() > ev.list_limit {
                    return Err(QueryError::RowLimit(ev.list_limit));
                }
                stack.pop();
                rels.pop();
                continue;
            }
            match parents.get(node).and_then(|p| p.get(*next_parent)) {
                Some(&(rel, parent)) => {
                    *next_parent += 1;
                    stack.push((parent, 0));
                    rels.push(rel);
                }
                None => {
                    stack.pop();
                    rels.pop();
                }
            }
        }
        Ok(paths)
    }
}

/// The path through `meeting`: its forward half read back to the source, then its
/// backward half read on to the target.
fn join_halves(forward: &Parents, backward: &Parents, meeting: NodeId) -> PathValue {
    let mut nodes = vec![meeting];
    let mut relationships = Vec::new();
    let mut current = meeting;
    while let Some(&(Some((rel, previous)), _)) = forward.get(&current) {
        relationships.push(rel);
        nodes.push(previous);
        current = previous;
    }
    nodes.reverse();
    relationships.reverse();
    current = meeting;
    while let Some(&(Some((rel, next)), _)) = backward.get(&current) {
        relationships.push(rel);
        nodes.push(next);
        current = next;
    }
    PathValue {
        nodes,
        relationships,
    }
}
