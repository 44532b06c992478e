//! Network analysis: who is central ([`Network::degree`], [`Network::betweenness`],
//! [`Network::closeness`], [`Network::pagerank`], [`Network::eigenvector`]), which
//! groups hang together ([`Network::components`], [`Network::louvain`]) and who
//! brokers between them ([`Network::articulation_points`], [`Network::bridges`]).
//!
//! A [`Network`] is a part of the graph (an [`export::Selection`](crate::export::Selection)
//! of node kinds, edge kinds and years) taken as a simple undirected graph: the
//! direction and kind of a relation are dropped, two entities joined by several
//! relations are joined once, and nothing is weighted. Every measure follows
//! networkx's definition and normalisation with its default arguments, so the figures
//! compare with `networkx.Graph` built from the same nodes and edges:
//!
//! | here | networkx |
//! |---|---|
//! | [`Network::degree`] | `degree_centrality` |
//! | [`Network::betweenness`] | `betweenness_centrality` (normalised, endpoints excluded; `k` when sampled) |
//! | [`Network::closeness`] | `closeness_centrality` (`wf_improved=True`) |
//! | [`Network::pagerank`] | `pagerank` (`alpha=0.85`, `tol=1e-6`, 100 iterations) |
//! | [`Network::eigenvector`] | `eigenvector_centrality` (`tol=1e-6`, 100 iterations) |
//! | [`Network::components`] | `connected_components` |
//! | [`Network::louvain`] | `community.louvain_communities` (resolution 1, threshold 1e-7) visiting nodes in id order instead of a shuffled one |
//! | [`Network::modularity`] | `community.modularity` |
//! | [`Network::articulation_points`], [`Network::bridges`] | `articulation_points`, `bridges` |
//!
//! Sampled betweenness picks its sources with its own seeded generator, not Python's,
//! so it agrees with networkx's `k` only in distribution (and exactly when every node
//! is a source).
//!
//! ```
//! use agencygraph::analysis::Network;
//! use agencygraph::export::Selection;
//!
//! let graph = agencygraph::Graph::bundled();
//! let network = Network::of(&graph, &Selection::default());
//! let pagerank = network.pagerank()?;
//! let top = &network.ranking(&pagerank)[0];
//! println!("{} is the most central by PageRank ({:.3})", top.node.id, top.score);
//! assert!((pagerank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
//! # Ok::<(), agencygraph::analysis::AnalysisError>(())
//! ```

use std::collections::HashMap;

use serde::Serialize;

use crate::export::{Selection, Subgraph};
use crate::graph::{EdgeRef, Graph};
use crate::model::Node;

/// A network's links in 32-bit node numbers: half the memory of `usize`s, and the
/// searches of betweenness read every link twice per source.
struct Compact<'n> {
    offsets: &'n [usize],
    neighbours: Vec<u32>,
}

impl<'n> Compact<'n> {
    fn of(network: &'n Network<'_>) -> Compact<'n> {
        Compact {
            offsets: &network.offsets,
            // Exact: `Network::from_links` holds fewer than 2^32 nodes.
            neighbours: network.neighbours.iter().map(|&w| w as u32).collect(),
        }
    }

    fn neighbours(&self, i: usize) -> &[u32] {
        &self.neighbours[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// The distance of a node no search has reached yet.
const UNREACHED: u32 = u32::MAX;

/// A measure that could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// A power iteration (PageRank, eigenvector centrality) did not settle within its
    /// iterations, as networkx's `PowerIterationFailedConvergence`.
    #[error("{measure} did not converge within {iterations} iterations")]
    NoConvergence {
        /// The measure's name.
        measure: &'static str,
        /// How many iterations were run.
        iterations: usize,
    },
    /// Sampled betweenness asked for no sources, or more than there are nodes.
    #[error("--sample {asked} must be between 1 and the number of nodes ({nodes})")]
    Sample {
        /// The sources asked for.
        asked: usize,
        /// The nodes there are.
        nodes: usize,
    },
}

/// A centrality measure, by which [`Network::scores`] ranks nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Measure {
    /// [`Network::degree`].
    Degree,
    /// [`Network::betweenness`].
    Betweenness,
    /// [`Network::closeness`].
    Closeness,
    /// [`Network::pagerank`].
    PageRank,
    /// [`Network::eigenvector`].
    Eigenvector,
}

impl Measure {
    /// Every measure.
    pub const ALL: [Measure; 5] = [
        Measure::Degree,
        Measure::Betweenness,
        Measure::Closeness,
        Measure::PageRank,
        Measure::Eigenvector,
    ];

    /// The measure's name as the command line spells it (`pagerank`).
    pub fn name(self) -> &'static str {
        match self {
            Measure::Degree => "degree",
            Measure::Betweenness => "betweenness",
            Measure::Closeness => "closeness",
            Measure::PageRank => "pagerank",
            Measure::Eigenvector => "eigenvector",
        }
    }
}

/// Betweenness from a sample of source nodes instead of all of them: `sources`
/// distinct nodes chosen by a generator seeded with `seed`, so the same sample gives
/// the same figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// How many source nodes (networkx's `k`).
    pub sources: usize,
    /// The generator's seed.
    pub seed: u64,
}

/// A part of a graph as a simple undirected graph, for analysis. Nodes are numbered
/// in id order; every measure answers with one figure per node, in that order.
///
/// ```
/// use agencygraph::analysis::Network;
/// use agencygraph::export::Selection;
/// use agencygraph::EdgeKind;
///
/// let graph = agencygraph::Graph::bundled();
/// let mut chairs = Selection::default();
/// chairs.edge_kinds = Some(vec![EdgeKind::Chairs, EdgeKind::CoChairs]);
/// let network = Network::of(&graph, &chairs);
/// assert_eq!(network.len(), graph.nodes().count());
/// assert!(network.edge_count() < graph.edges().count());
/// ```
#[derive(Debug, Clone)]
pub struct Network<'g> {
    nodes: Vec<&'g Node>,
    /// Node `i`'s neighbours are `neighbours[offsets[i]..offsets[i + 1]]`, ascending.
    offsets: Vec<usize>,
    neighbours: Vec<usize>,
}

impl<'g> Network<'g> {
    /// The network of the part of `graph` that `selection` picks.
    pub fn of(graph: &'g Graph, selection: &Selection) -> Network<'g> {
        // Not through a subgraph, which would also sort every edge by its ends' ids
        // and gather the sources they quote: most of the time at a million relations,
        // for nothing a network keeps.
        let (mut nodes, edges) = graph.selected(selection);
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        Network::joining(nodes, edges)
    }

    /// The network of a subgraph: its nodes, and a link between two nodes for each
    /// pair joined by one or more edges (an edge from a node to itself is left out).
    pub fn new(subgraph: &Subgraph<'g>) -> Network<'g> {
        Network::joining(subgraph.nodes.clone(), subgraph.edges.iter().copied())
    }

    /// `nodes` (in the order given) joined by those of `edges` whose ends are both
    /// among them.
    fn joining(nodes: Vec<&'g Node>, edges: impl Iterator<Item = EdgeRef<'g>>) -> Network<'g> {
        let index: HashMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| (node.id.as_str(), i))
            .collect();
        let links =
            edges.filter_map(|edge| Some((*index.get(edge.from())?, *index.get(edge.to())?)));
        Network::from_links(nodes, links)
    }

    /// A network of `nodes` joined by `links`, each a pair of indexes into `nodes`
    /// (either order; repeated pairs and links from a node to itself are dropped).
    /// Nodes keep the order given.
    ///
    /// ```
    /// use agencygraph::analysis::Network;
    /// use agencygraph::{Node, NodeKind};
    ///
    /// let nodes: Vec<Node> = ["A", "B", "C"].map(|id| Node::new(id, NodeKind::Mechanism, id)).into();
    /// let path = Network::from_links(nodes.iter().collect(), [(0, 1), (2, 1), (1, 0)]);
    /// assert_eq!(path.edge_count(), 2);
    /// assert_eq!(path.neighbours(1), [0, 2]);
    /// ```
    ///
    /// # Panics
    /// When a link names an index beyond `nodes`, or with 2^32 nodes or more (whose
    /// list alone would take 32 GiB; searches number nodes in 32 bits).
    pub fn from_links(
        nodes: Vec<&'g Node>,
        links: impl IntoIterator<Item = (usize, usize)>,
    ) -> Network<'g> {
        let mut pairs: Vec<(usize, usize)> = links
            .into_iter()
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let n = nodes.len();
        assert!(
            u32::try_from(n).is_ok(),
            "a network holds fewer than 2^32 nodes"
        );
        let mut degree = vec![0usize; n];
        for &(a, b) in &pairs {
            degree[a] += 1;
            degree[b] += 1;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        for d in &degree {
            offsets.push(offsets.last().copied().unwrap_or(0) + d);
        }
        // Filling in pair order leaves each list ascending: a node's smaller neighbours
        // come from earlier pairs, its larger ones after, each group in order.
        let mut next = offsets[..n].to_vec();
        let mut neighbours = vec![0; 2 * pairs.len()];
        for &(a, b) in &pairs {
            neighbours[next[a]] = b;
            next[a] += 1;
            neighbours[next[b]] = a;
            next[b] += 1;
        }
        Network {
            nodes,
            offsets,
            neighbours,
        }
    }

    /// The nodes, in the order every measure answers.
    pub fn nodes(&self) -> &[&'g Node] {
        &self.nodes
    }

    /// How many nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// How many links (pairs of joined nodes).
    pub fn edge_count(&self) -> usize {
        self.neighbours.len() / 2
    }

    /// Node `i`'s neighbours, ascending.
    pub fn neighbours(&self, i: usize) -> &[usize] {
        &self.neighbours[self.offsets[i]..self.offsets[i + 1]]
    }

    fn degree_of(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }

    /// One measure's figures, one per node.
    ///
    /// ```
    /// use agencygraph::analysis::{Measure, Network};
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// let degree = network.scores(Measure::Degree, None)?;
    /// assert_eq!(degree, network.degree());
    /// # Ok::<(), agencygraph::analysis::AnalysisError>(())
    /// ```
    pub fn scores(
        &self,
        measure: Measure,
        sample: Option<Sample>,
    ) -> Result<Vec<f64>, AnalysisError> {
        match measure {
            Measure::Degree => Ok(self.degree()),
            Measure::Betweenness => match sample {
                Some(sample) => self.sampled_betweenness(sample),
                None => Ok(self.betweenness()),
            },
            Measure::Closeness => Ok(self.closeness()),
            Measure::PageRank => self.pagerank(),
            Measure::Eigenvector => self.eigenvector(),
        }
    }

    /// The nodes with their figures, highest first (ties by id).
    pub fn ranking(&self, scores: &[f64]) -> Vec<Ranked<'g>> {
        let mut ranked: Vec<Ranked<'g>> = self
            .nodes
            .iter()
            .zip(scores)
            .map(|(&node, &score)| Ranked { node, score })
            .collect();
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.node.id.cmp(&b.node.id))
        });
        ranked
    }

    /// Degree centrality: the share of the other nodes each node is joined to,
    /// `degree / (n - 1)`; 1 for a lone node (networkx's `degree_centrality`).
    ///
    /// ```
    /// use agencygraph::analysis::Network;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// assert!(network.degree().iter().all(|d| (0.0..=1.0).contains(d)));
    /// ```
    pub fn degree(&self) -> Vec<f64> {
        let n = self.len();
        if n <= 1 {
            return vec![1.0; n];
        }
        let scale = 1.0 / (n - 1) as f64;
        (0..n).map(|i| self.degree_of(i) as f64 * scale).collect()
    }

    /// Betweenness centrality (Brandes' algorithm): for each node, the share of
    /// shortest paths between pairs of other nodes that pass through it, summed over
    /// the pairs and divided by the number of pairs, `(n - 1)(n - 2) / 2`.
    ///
    /// ```
    /// use agencygraph::analysis::Network;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// let betweenness = network.betweenness();
    /// let top = &network.ranking(&betweenness)[0];
    /// assert!(top.score > 0.0 && top.score <= 1.0);
    /// ```
    pub fn betweenness(&self) -> Vec<f64> {
        let n = self.len();
        let sources: Vec<usize> = (0..n).collect();
        let mut totals = self.brandes(&sources);
        if n > 2 {
            let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
            totals.iter_mut().for_each(|t| *t *= scale);
        }
        totals
    }

    /// Betweenness estimated from shortest paths out of a sample of source nodes,
    /// scaled as networkx scales `betweenness_centrality(G, k)`: by
    /// `1 / (k (n - 2))`, and `1 / ((k - 1)(n - 2))` for the sources themselves. With
    /// every node a source it equals [`Network::betweenness`].
    ///
    /// ```
    /// use agencygraph::analysis::{Network, Sample};
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// let sample = Sample { sources: 20, seed: 7 };
    /// assert_eq!(network.sampled_betweenness(sample)?, network.sampled_betweenness(sample)?);
    /// # Ok::<(), agencygraph::analysis::AnalysisError>(())
    /// ```
    pub fn sampled_betweenness(&self, sample: Sample) -> Result<Vec<f64>, AnalysisError> {
        let n = self.len();
        let k = sample.sources;
        if k == 0 || k > n {
            return Err(AnalysisError::Sample { asked: k, nodes: n });
        }
        if k == n {
            return Ok(self.betweenness());
        }
        let sources = choose(n, k, sample.seed);
        let mut totals = self.brandes(&sources);
        if n > 2 {
            let pairs = (n - 2) as f64;
            let source_scale = if k > 1 {
                1.0 / ((k - 1) as f64 * pairs)
            } else {
                f64::NAN
            };
            let other_scale = 1.0 / (k as f64 * pairs);
            let mut is_source = vec![false; n];
            sources.iter().for_each(|&s| is_source[s] = true);
            for (v, total) in totals.iter_mut().enumerate() {
                *total *= if is_source[v] {
                    source_scale
                } else {
                    other_scale
                };
            }
        }
        Ok(totals)
    }

    /// Brandes' accumulation from each source: the unscaled betweenness over ordered
    /// pairs (each unordered pair counted from both ends). The sources are split into
    /// a fixed number of parts, run on threads and summed in order, so the figures are
    /// the same on any machine.
    fn brandes(&self, sources: &[usize]) -> Vec<f64> {
        const PARTS: usize = 4;
        let size = sources.len().div_ceil(PARTS).max(1);
        let compact = &Compact::of(self);
        let parts: Vec<Vec<f64>> = std::thread::scope(|scope| {
            let running: Vec<_> = sources
                .chunks(size)
                .map(|part| scope.spawn(move || self.brandes_part(compact, part)))
                .collect();
            running
                .into_iter()
                .map(|thread| {
                    thread
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e))
                })
                .collect()
        });
        let mut totals = vec![0.0; self.len()];
        for part in parts {
            totals.iter_mut().zip(part).for_each(|(t, p)| *t += p);
        }
        totals
    }

    /// [`Network::brandes`] for one part of the sources.
    fn brandes_part(&self, compact: &Compact, sources: &[usize]) -> Vec<f64> {
        let n = self.len();
        let mut totals = vec![0.0; n];
        // Reused across sources: allocating per source would dominate on large graphs.
        let mut order: Vec<u32> = Vec::with_capacity(n);
        // Distances apart from the sums: both passes test the distance of every
        // neighbour but touch the sums of few, and 4 bytes a node keep the distances
        // of a 10,000-node network in the first-level cache.
        let mut distance = vec![UNREACHED; n];
        // Per node, the shortest paths from the source through it, and its dependency.
        let mut sums = vec![(0.0_f64, 0.0_f64); n];
        for &s in sources {
            order.clear();
            distance[s] = 0;
            sums[s] = (1.0, 0.0);
            order.push(s as u32);
            let mut head = 0;
            while head < order.len() {
                let v = order[head] as usize;
                head += 1;
                let next = distance[v] + 1;
                let paths = sums[v].0;
                for &link in compact.neighbours(v) {
                    let w = link as usize;
                    let found = distance[w];
                    if found == UNREACHED {
                        distance[w] = next;
                        order.push(link);
                        sums[w].0 += paths;
                    } else if found == next {
                        sums[w].0 += paths;
                    }
                }
            }
            // Predecessors are the neighbours one step nearer (every neighbour of a
            // reached node is reached), found again here rather than stored: that
            // keeps memory to arrays of n. The source itself gathers nothing.
            for &w in order[1..].iter().rev() {
                let w = w as usize;
                let nearer = distance[w] - 1;
                let (paths, delta) = sums[w];
                let coefficient = (1.0 + delta) / paths;
                for &v in compact.neighbours(w) {
                    let v = v as usize;
                    if distance[v] == nearer {
                        sums[v].1 += sums[v].0 * coefficient;
                    }
                }
                totals[w] += delta;
            }
            for &v in &order {
                let v = v as usize;
                distance[v] = UNREACHED;
                sums[v] = (0.0, 0.0);
            }
        }
        totals
    }

    /// Breadth-first distances from `source` into `distance` (`usize::MAX` where
    /// unreachable, which the caller resets), and the nodes reached in order.
    fn reach(&self, source: usize, distance: &mut [usize], order: &mut Vec<usize>) {
        order.clear();
        distance[source] = 0;
        order.push(source);
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            for &w in self.neighbours(v) {
                if distance[w] == usize::MAX {
                    distance[w] = distance[v] + 1;
                    order.push(w);
                }
            }
        }
    }

    /// Closeness centrality: how near a node is to those it can reach, `(r - 1) / d`
    /// for `r` nodes reached (itself included) at total distance `d`, scaled by the
    /// share reached, `(r - 1) / (n - 1)` (Wasserman and Faust; networkx's default).
    /// 0 for a node that reaches no other.
    ///
    /// ```
    /// use agencygraph::analysis::Network;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// assert!(network.closeness().iter().all(|c| (0.0..=1.0).contains(c)));
    /// ```
    pub fn closeness(&self) -> Vec<f64> {
        let n = self.len();
        let mut distance = vec![usize::MAX; n];
        let mut order = Vec::with_capacity(n);
        (0..n)
            .map(|u| {
                self.reach(u, &mut distance, &mut order);
                let total: usize = order.iter().map(|&v| distance[v]).sum();
                let reached = order.len() as f64 - 1.0;
                order.iter().for_each(|&v| distance[v] = usize::MAX);
                if total > 0 && n > 1 {
                    (reached / total as f64) * (reached / (n - 1) as f64)
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// PageRank with damping 0.85, each link followed both ways, and a node with no
    /// links sharing its rank with every node; iterated until the figures move by
    /// less than `n × 10⁻⁶` in total, at most 100 times (networkx's `pagerank`).
    /// The figures sum to 1.
    ///
    /// # Errors
    /// [`AnalysisError::NoConvergence`] after 100 iterations that did not settle.
    pub fn pagerank(&self) -> Result<Vec<f64>, AnalysisError> {
        const ALPHA: f64 = 0.85;
        const ITERATIONS: usize = 100;
        let n = self.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        let p = 1.0 / n as f64;
        let inverse_degree: Vec<f64> = (0..n)
            .map(|i| match self.degree_of(i) {
                0 => 0.0,
                d => 1.0 / d as f64,
            })
            .collect();
        let dangling: Vec<usize> = (0..n).filter(|&i| self.degree_of(i) == 0).collect();
        let mut x = vec![p; n];
        let mut share = vec![0.0; n];
        let mut next = vec![0.0; n];
        for _ in 0..ITERATIONS {
            for i in 0..n {
                share[i] = x[i] * inverse_degree[i];
            }
            let dangling_sum: f64 = dangling.iter().map(|&i| x[i]).sum();
            for (j, slot) in next.iter_mut().enumerate() {
                let incoming: f64 = self.neighbours(j).iter().map(|&i| share[i]).sum();
                *slot = ALPHA * (incoming + dangling_sum * p) + (1.0 - ALPHA) * p;
            }
            let change: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
            std::mem::swap(&mut x, &mut next);
            if change < n as f64 * 1e-6 {
                return Ok(x);
            }
        }
        Err(AnalysisError::NoConvergence {
            measure: "pagerank",
            iterations: ITERATIONS,
        })
    }

    /// Eigenvector centrality: a node is central when its neighbours are, found by
    /// power iteration on `A + I` from equal figures, normalised to unit length each
    /// step, until they move by less than `n × 10⁻⁶` in total, at most 100 times
    /// (networkx's `eigenvector_centrality`).
    ///
    /// ```
    /// use agencygraph::analysis::Network;
    /// use agencygraph::export::Selection;
    ///
    /// // ICAT and its neighbours: one component (on the whole bundled graph, in three,
    /// // the iteration does not settle within 100 steps, as networkx's does not).
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Selection::around("ICAT", 1));
    /// let x = network.eigenvector()?;
    /// assert!((x.iter().map(|v| v * v).sum::<f64>() - 1.0).abs() < 1e-9);
    /// # Ok::<(), agencygraph::analysis::AnalysisError>(())
    /// ```
    ///
    /// # Errors
    /// [`AnalysisError::NoConvergence`] after 100 iterations that did not settle
    /// (networkx raises `PowerIterationFailedConvergence` there too).
    pub fn eigenvector(&self) -> Result<Vec<f64>, AnalysisError> {
        const ITERATIONS: usize = 100;
        let n = self.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        let mut x = vec![1.0 / n as f64; n];
        for _ in 0..ITERATIONS {
            let last = x.clone();
            for (v, &value) in last.iter().enumerate() {
                for &w in self.neighbours(v) {
                    x[w] += value;
                }
            }
            let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
            let norm = if norm == 0.0 { 1.0 } else { norm };
            x.iter_mut().for_each(|v| *v /= norm);
            let change: f64 = x.iter().zip(&last).map(|(a, b)| (a - b).abs()).sum();
            if change < n as f64 * 1e-6 {
                return Ok(x);
            }
        }
        Err(AnalysisError::NoConvergence {
            measure: "eigenvector centrality",
            iterations: ITERATIONS,
        })
    }

    /// The connected components, each a list of node indexes ascending; the largest
    /// first, ties by their first node.
    ///
    /// ```
    /// use agencygraph::analysis::Network;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// let components = network.components();
    /// assert_eq!(components.iter().map(Vec::len).sum::<usize>(), network.len());
    /// ```
    pub fn components(&self) -> Vec<Vec<usize>> {
        let n = self.len();
        let mut distance = vec![usize::MAX; n];
        let mut order = Vec::new();
        let mut components = Vec::new();
        for u in 0..n {
            if distance[u] != usize::MAX {
                continue;
            }
            // Distances stay set: they mark the nodes already in a component.
            self.reach(u, &mut distance, &mut order);
            let mut component = order.clone();
            component.sort_unstable();
            components.push(component);
        }
        sort_groups(&mut components);
        components
    }

    /// Newman's modularity of a partition of the nodes into `communities` (each a
    /// list of node indexes): the share of links inside communities less the share
    /// expected by chance, `Σ_c L_c/m − (d_c/2m)²` (networkx's `modularity`).
    ///
    /// ```
    /// use agencygraph::analysis::Network;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// let everyone: Vec<usize> = (0..network.len()).collect();
    /// assert!(network.modularity(&[everyone]).abs() < 1e-12);
    /// ```
    pub fn modularity(&self, communities: &[Vec<usize>]) -> f64 {
        Levels::of(self).modularity(communities)
    }

    /// Communities by the Louvain method: each node in turn (in id order) moves to the
    /// neighbouring community that most raises modularity, until none moves; then
    /// each community becomes a node and the same is done again, while modularity
    /// rises by more than 10⁻⁷. This is networkx's `louvain_communities` with nodes
    /// visited in order instead of shuffled, so it is the same every time. Sorted as
    /// [`Network::components`].
    ///
    /// ```
    /// use agencygraph::analysis::Network;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// let communities = network.louvain();
    /// assert!(network.modularity(&communities) > 0.3);
    /// ```
    pub fn louvain(&self) -> Vec<Vec<usize>> {
        let mut communities = louvain(Levels::of(self));
        sort_groups(&mut communities);
        communities
    }

    /// The nodes whose removal splits their component, each with how many parts it
    /// leaves its component in; ascending by index (networkx's `articulation_points`).
    ///
    /// ```
    /// use agencygraph::analysis::Network;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// assert!(network.articulation_points().iter().all(|&(_, parts)| parts >= 2));
    /// ```
    pub fn articulation_points(&self) -> Vec<(usize, usize)> {
        let cuts = self.cuts();
        cuts.parts
            .iter()
            .enumerate()
            .filter(|&(_, &parts)| parts >= 2)
            .map(|(i, &parts)| (i, parts))
            .collect()
    }

    /// The links whose removal splits their component, each as `(a, b)` with `a < b`,
    /// sorted (networkx's `bridges`).
    ///
    /// ```
    /// use agencygraph::analysis::Network;
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// assert!(network.bridges().iter().all(|&(a, b)| network.neighbours(a).contains(&b)));
    /// ```
    pub fn bridges(&self) -> Vec<(usize, usize)> {
        let mut bridges = self.cuts().bridges;
        bridges.sort_unstable();
        bridges
    }

    /// Tarjan's depth-first search, without recursion (a long path would overflow
    /// the stack): for each node, the parts its removal leaves its component in
    /// (1 when none are split off), and every bridge.
    fn cuts(&self) -> Cuts {
        let n = self.len();
        const UNSEEN: usize = usize::MAX;
        let mut discovered = vec![UNSEEN; n];
        let mut low = vec![0; n];
        let mut parts = vec![0usize; n];
        let mut bridges = Vec::new();
        let mut time = 0;
        // (node, parent, next neighbour position)
        let mut stack: Vec<(usize, usize, usize)> = Vec::new();
        for root in 0..n {
            if discovered[root] != UNSEEN {
                continue;
            }
            discovered[root] = time;
            low[root] = time;
            time += 1;
            // A root splits into one part per child; another node into one per child
            // that cannot reach above it, plus the part holding its parent.
            parts[root] = 0;
            stack.push((root, UNSEEN, self.offsets[root]));
            while let Some(&mut (v, parent, ref mut position)) = stack.last_mut() {
                if *position < self.offsets[v + 1] {
                    let w = self.neighbours[*position];
                    *position += 1;
                    if discovered[w] == UNSEEN {
                        discovered[w] = time;
                        low[w] = time;
                        time += 1;
                        parts[w] = 1;
                        stack.push((w, v, self.offsets[w]));
                    } else if w != parent {
                        low[v] = low[v].min(discovered[w]);
                    }
                    continue;
                }
                stack.pop();
                if parent != UNSEEN {
                    low[parent] = low[parent].min(low[v]);
                    if low[v] >= discovered[parent] {
                        parts[parent] += 1;
                    }
                    if low[v] > discovered[parent] {
                        bridges.push((parent.min(v), parent.max(v)));
                    }
                }
            }
            // A lone root is in one part, as is any other node that splits nothing.
            parts[root] = parts[root].max(1);
        }
        Cuts { parts, bridges }
    }
}

struct Cuts {
    parts: Vec<usize>,
    bridges: Vec<(usize, usize)>,
}

/// Largest first, then by first member.
fn sort_groups(groups: &mut [Vec<usize>]) {
    groups.iter_mut().for_each(|g| g.sort_unstable());
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
}

/// `k` distinct numbers below `n`, by a partial Fisher–Yates shuffle driven by
/// xorshift64* seeded with `seed`: the same for the same arguments on every platform.
fn choose(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    if state == 0 {
        state = 1;
    }
    let mut next = || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut items: Vec<usize> = (0..n).collect();
    for i in 0..k {
        let j = i + (next() % (n - i) as u64) as usize;
        items.swap(i, j);
    }
    items.truncate(k);
    items
}

/// A node of the network with its figure under some measure.
#[derive(Debug, Clone, Copy)]
pub struct Ranked<'g> {
    /// The node.
    pub node: &'g Node,
    /// Its figure.
    pub score: f64,
}

impl Serialize for Ranked<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Ranked", 4)?;
        out.serialize_field("id", &self.node.id)?;
        out.serialize_field("kind", self.node.kind.name())?;
        out.serialize_field("name", &self.node.name)?;
        out.serialize_field("score", &self.score)?;
        out.end()
    }
}

/// A weighted undirected graph as networkx's Louvain builds it at each level: each
/// node's links in the order they were added (which decides ties, as in networkx),
/// a link to itself included once.
struct Levels {
    links: Vec<Vec<(usize, f64)>>,
    /// Original nodes that each node stands for.
    members: Vec<Vec<usize>>,
}

impl Levels {
    fn of(network: &Network<'_>) -> Levels {
        Levels {
            links: (0..network.len())
                .map(|i| network.neighbours(i).iter().map(|&j| (j, 1.0)).collect())
                .collect(),
            members: (0..network.len()).map(|i| vec![i]).collect(),
        }
    }

    fn len(&self) -> usize {
        self.links.len()
    }

    /// Weighted degree, a link to itself counting twice.
    fn degree(&self, u: usize) -> f64 {
        self.links[u]
            .iter()
            .map(|&(v, w)| if v == u { 2.0 * w } else { w })
            .sum()
    }

    /// Each link once, as networkx's `G.edges` lists them: by first node, in link order.
    fn edges(&self) -> Vec<(usize, usize, f64)> {
        let mut done = vec![false; self.len()];
        let mut edges = Vec::new();
        for u in 0..self.len() {
            for &(v, w) in &self.links[u] {
                if !done[v] {
                    edges.push((u, v, w));
                }
            }
            done[u] = true;
        }
        edges
    }

    fn modularity(&self, communities: &[Vec<usize>]) -> f64 {
        let degrees: Vec<f64> = (0..self.len()).map(|u| self.degree(u)).collect();
        let degree_sum: f64 = degrees.iter().sum();
        if degree_sum == 0.0 {
            return 0.0;
        }
        let m = degree_sum / 2.0;
        let norm = 1.0 / (degree_sum * degree_sum);
        let mut community_of = vec![usize::MAX; self.len()];
        for (c, community) in communities.iter().enumerate() {
            community.iter().for_each(|&u| community_of[u] = c);
        }
        let mut inside = vec![0.0; communities.len()];
        for (u, v, w) in self.edges() {
            if community_of[u] == community_of[v] && community_of[u] != usize::MAX {
                inside[community_of[u]] += w;
            }
        }
        communities
            .iter()
            .zip(&inside)
            .map(|(community, &l)| {
                let d: f64 = community.iter().map(|&u| degrees[u]).sum();
                l / m - d * d * norm
            })
            .sum()
    }

    /// The next level: one node per community of `inner` (nodes of this level).
    fn aggregate(&self, inner: &[Vec<usize>]) -> Levels {
        let mut community_of = vec![0; self.len()];
        let mut members = Vec::with_capacity(inner.len());
        for (c, community) in inner.iter().enumerate() {
            let mut original = Vec::new();
            for &u in community {
                community_of[u] = c;
                original.extend_from_slice(&self.members[u]);
            }
            members.push(original);
        }
        let mut links: Vec<Vec<(usize, f64)>> = vec![Vec::new(); inner.len()];
        let mut position: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
        for (u, v, w) in self.edges() {
            let (a, b) = (community_of[u], community_of[v]);
            match position.get(&(a.min(b), a.max(b))) {
                Some(&(i, j)) => {
                    links[a.min(b)][i].1 += w;
                    if a != b {
                        links[a.max(b)][j].1 += w;
                    }
                }
                None => {
                    links[a].push((b, w));
                    let i = links[a].len() - 1;
                    let j = if a != b {
                        links[b].push((a, w));
                        links[b].len() - 1
                    } else {
                        i
                    };
                    let (i, j) = if a <= b { (i, j) } else { (j, i) };
                    position.insert((a.min(b), a.max(b)), (i, j));
                }
            }
        }
        Levels { links, members }
    }

    /// One pass of moves (networkx's `_one_level`): the communities of this level's
    /// nodes, and whether any node moved.
    fn one_level(&self, m: f64) -> (Vec<Vec<usize>>, bool) {
        let n = self.len();
        let mut community_of: Vec<usize> = (0..n).collect();
        let degrees: Vec<f64> = (0..n).map(|u| self.degree(u)).collect();
        let mut totals = degrees.clone();
        let mut improvement = false;
        let mut moves = 1;
        let mut weights: Vec<(usize, f64)> = Vec::new();
        while moves > 0 {
            moves = 0;
            for u in 0..n {
                let mut best_gain = 0.0;
                let mut best = community_of[u];
                weights.clear();
                for &(v, w) in &self.links[u] {
                    if v == u {
                        continue;
                    }
                    let c = community_of[v];
                    match weights.iter_mut().find(|(d, _)| *d == c) {
                        Some(entry) => entry.1 += w,
                        None => weights.push((c, w)),
                    }
                }
                let degree = degrees[u];
                totals[best] -= degree;
                // networkx reads its own community's weight from a defaultdict, which
                // adds it (with 0) after the neighbours' when absent.
                let own = match weights.iter().find(|(c, _)| *c == best) {
                    Some(&(_, w)) => w,
                    None => {
                        weights.push((best, 0.0));
                        0.0
                    }
                };
                let remove_cost = -own / m + (totals[best] * degree) / (2.0 * m * m);
                for &(c, w) in &weights {
                    let gain = remove_cost + w / m - (totals[c] * degree) / (2.0 * m * m);
                    if gain > best_gain {
                        best_gain = gain;
                        best = c;
                    }
                }
                totals[best] += degree;
                if best != community_of[u] {
                    improvement = true;
                    moves += 1;
                    community_of[u] = best;
                }
            }
        }
        let mut inner: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (u, &c) in community_of.iter().enumerate() {
            inner[c].push(u);
        }
        inner.retain(|c| !c.is_empty());
        (inner, improvement)
    }

    /// The original nodes of each community of `inner`.
    fn originals(&self, inner: &[Vec<usize>]) -> Vec<Vec<usize>> {
        inner
            .iter()
            .map(|c| c.iter().flat_map(|&u| self.members[u].clone()).collect())
            .collect()
    }
}

/// networkx's `louvain_partitions`, keeping the last partition.
fn louvain(mut level: Levels) -> Vec<Vec<usize>> {
    const THRESHOLD: f64 = 1e-7;
    let singletons: Vec<Vec<usize>> = (0..level.len()).map(|u| vec![u]).collect();
    let m: f64 = level.edges().iter().map(|&(_, _, w)| w).sum();
    if m == 0.0 {
        return singletons;
    }
    let mut modularity = level.modularity(&singletons);
    let (mut inner, _) = level.one_level(m);
    loop {
        let partition = level.originals(&inner);
        let new_modularity = level.modularity(&inner);
        if new_modularity - modularity <= THRESHOLD {
            return partition;
        }
        modularity = new_modularity;
        level = level.aggregate(&inner);
        let (next, improvement) = level.one_level(m);
        if !improvement {
            return partition;
        }
        inner = next;
    }
}

/// The JSON of `agencygraph rank`: the measure, the network's size, and the nodes
/// highest first.
///
/// ```
/// use agencygraph::analysis::{Measure, Network, RankingJson};
///
/// let graph = agencygraph::Graph::bundled();
/// let network = Network::of(&graph, &Default::default());
/// let ranking = network.ranking(&network.degree());
/// let json = serde_json::to_value(RankingJson::new(&network, Measure::Degree, None, &ranking[..3]))?;
/// assert_eq!(json["measure"], "degree");
/// assert_eq!(json["ranking"].as_array().unwrap().len(), 3);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct RankingJson<'a> {
    /// The measure's name ([`Measure::name`]).
    pub measure: &'static str,
    /// How many source nodes sampled betweenness used; absent when exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<usize>,
    /// How many nodes the network has.
    pub nodes: usize,
    /// How many links.
    pub links: usize,
    /// The nodes shown, highest first.
    pub ranking: &'a [Ranked<'a>],
}

impl<'a> RankingJson<'a> {
    /// The view of `ranking` (perhaps cut to the top few) of `network` under `measure`.
    pub fn new(
        network: &Network<'_>,
        measure: Measure,
        sample: Option<Sample>,
        ranking: &'a [Ranked<'a>],
    ) -> RankingJson<'a> {
        RankingJson {
            measure: measure.name(),
            sample: sample.map(|s| s.sources),
            nodes: network.len(),
            links: network.edge_count(),
            ranking,
        }
    }
}

/// The JSON of `agencygraph communities`: how they were found, their modularity, and
/// each community's member ids.
#[derive(Debug, Clone, Serialize)]
pub struct CommunitiesJson<'a> {
    /// `louvain` or `components`.
    pub method: &'static str,
    /// The partition's modularity ([`Network::modularity`]).
    pub modularity: f64,
    /// Each community's ids, sorted; the largest community first.
    pub communities: Vec<Vec<&'a str>>,
}

impl<'a> CommunitiesJson<'a> {
    /// The view of `communities` (lists of node indexes) of `network`, found by `method`.
    ///
    /// ```
    /// use agencygraph::analysis::{CommunitiesJson, Network};
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// let json = CommunitiesJson::new(&network, "components", &network.components());
    /// assert_eq!(json.communities.iter().map(Vec::len).sum::<usize>(), network.len());
    /// ```
    pub fn new(
        network: &Network<'a>,
        method: &'static str,
        communities: &[Vec<usize>],
    ) -> CommunitiesJson<'a> {
        CommunitiesJson {
            method,
            modularity: network.modularity(communities),
            communities: communities
                .iter()
                .map(|c| c.iter().map(|&i| network.nodes[i].id.as_str()).collect())
                .collect(),
        }
    }
}

/// The JSON of `agencygraph brokers`: the articulation points, each with the parts its
/// removal leaves, and the bridges as pairs of ids.
#[derive(Debug, Clone, Serialize)]
pub struct BrokersJson<'a> {
    /// The nodes whose removal splits their component, those that split it into most
    /// parts first, then by id.
    pub articulation_points: Vec<BrokerJson<'a>>,
    /// The links whose removal splits their component, each `[a, b]` in id order.
    pub bridges: Vec<[&'a str; 2]>,
}

/// One articulation point in [`BrokersJson`].
#[derive(Debug, Clone, Serialize)]
pub struct BrokerJson<'a> {
    /// The id.
    pub id: &'a str,
    /// The kind's kebab-case name.
    pub kind: &'static str,
    /// The full name.
    pub name: &'a str,
    /// How many parts its component falls into without it.
    pub parts: usize,
}

impl<'a> BrokersJson<'a> {
    /// The articulation points and bridges of `network`.
    ///
    /// ```
    /// use agencygraph::analysis::{BrokersJson, Network};
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let network = Network::of(&graph, &Default::default());
    /// let brokers = BrokersJson::new(&network);
    /// assert_eq!(brokers.bridges.len(), network.bridges().len());
    /// ```
    pub fn new(network: &Network<'a>) -> BrokersJson<'a> {
        let node = |i: usize| network.nodes[i];
        let mut brokers = BrokersJson {
            articulation_points: network
                .articulation_points()
                .into_iter()
                .map(|(i, parts)| BrokerJson {
                    id: &node(i).id,
                    kind: node(i).kind.name(),
                    name: &node(i).name,
                    parts,
                })
                .collect::<Vec<_>>(),
            bridges: network
                .bridges()
                .into_iter()
                .map(|(a, b)| [node(a).id.as_str(), node(b).id.as_str()])
                .collect(),
        };
        brokers
            .articulation_points
            .sort_by(|a, b| b.parts.cmp(&a.parts).then_with(|| a.id.cmp(b.id)));
        brokers
    }
}
