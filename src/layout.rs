//! Node positions for drawing a network: a deterministic force layout in the style of
//! ForceAtlas2 (Jacomy et al., 2014), written here because the `forceatlas2` crate is
//! AGPL.
//!
//! Every pair of nodes repels with a force proportional to the product of their degrees
//! (plus one) over their distance, so hubs push their neighbourhood apart; each relation
//! pulls its ends together in proportion to their distance; and a gravity proportional
//! to degree keeps separate components on the page. Nodes start on a sunflower spiral
//! (jittered by the seed) and move by their force times a step that shrinks each round.
//!
//! The same nodes, relations, options and seed give the same positions, bit for bit: no
//! clock, no thread, no hash-map order is involved.
//!
//! ```
//! use agencygraph::layout::{LayoutOptions, force_layout};
//!
//! // A triangle and a lone node.
//! let positions = force_layout(4, &[(0, 1), (1, 2), (2, 0)], &LayoutOptions::default());
//! assert_eq!(positions.len(), 4);
//! // The same input gives the same picture.
//! assert_eq!(positions, force_layout(4, &[(0, 1), (1, 2), (2, 0)], &LayoutOptions::default()));
//! // Linked nodes end closer together than the lone one is to them.
//! let distance = |a: [f64; 2], b: [f64; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
//! assert!(distance(positions[0], positions[1]) < distance(positions[0], positions[3]));
//! ```

/// How [`force_layout`] runs.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Rounds of moving every node; big graphs get fewer (see [`force_layout`]).
    pub iterations: usize,
    /// Scatters the starting spiral: another seed, another (equally good) picture.
    pub seed: u64,
    /// Strength of the repulsion between nodes.
    pub repulsion: f64,
    /// Strength of the pull towards the centre.
    pub gravity: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            iterations: 300,
            seed: 1,
            repulsion: 10.0,
            gravity: 1.0,
        }
    }
}

/// Pairwise repulsion costs `n²` per round; past this many pair visits in all, rounds
/// are cut so that a 2,000-node graph is laid out in well under a second.
const PAIR_BUDGET: f64 = 1.5e8;

/// Strength of the push between nodes closer than their share of the picture allows.
const COLLISION: f64 = 2.0;

/// The side of each node's share of the bounding box: how far apart nodes would be,
/// spread evenly.
fn spacing(position: &[[f64; 2]]) -> f64 {
    let (mut low, mut high) = ([f64::MAX; 2], [f64::MIN; 2]);
    for p in position {
        for axis in 0..2 {
            low[axis] = low[axis].min(p[axis]);
            high[axis] = high[axis].max(p[axis]);
        }
    }
    ((high[0] - low[0]) * (high[1] - low[1]) / position.len().max(1) as f64).sqrt()
}

/// Gravity per unit of distance and mass, at `gravity: 1.0`.
const GRAVITY_SCALE: f64 = 0.01;

/// Positions `[x, y]` for nodes `0..node_count`, given relations as pairs of node
/// positions in that range (pairs out of range are ignored; direction does not matter).
/// Units are arbitrary: renderers scale the result to their canvas.
pub fn force_layout(
    node_count: usize,
    edges: &[(usize, usize)],
    options: &LayoutOptions,
) -> Vec<[f64; 2]> {
    let n = node_count;
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(a, b)| a < n && b < n && a != b)
        .collect();
    let mut degree = vec![0.0_f64; n];
    for &(a, b) in &edges {
        degree[a] += 1.0;
        degree[b] += 1.0;
    }
    let mass: Vec<f64> = degree.iter().map(|d| d + 1.0).collect();

    let mut random = options.seed.max(1);
    let mut jitter = || {
        // xorshift64*: a fixed sequence for a fixed seed.
        random ^= random >> 12;
        random ^= random << 25;
        random ^= random >> 27;
        (random.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    // A sunflower spiral spreads nodes evenly over a disc, at a spacing near the
    // balance of the forces, so the layout starts close to its end.
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    let mut position: Vec<[f64; 2]> = (0..n)
        .map(|i| {
            let radius = 10.0 * (i as f64 + 0.5).sqrt();
            let angle = i as f64 * golden + jitter();
            [radius * angle.cos(), radius * angle.sin()]
        })
        .collect();

    let pair_visits = (n as f64).powi(2) / 2.0;
    let iterations = if pair_visits * options.iterations as f64 > PAIR_BUDGET {
        ((PAIR_BUDGET / pair_visits) as usize).max(20)
    } else {
        options.iterations
    };
    let mut force = vec![[0.0_f64; 2]; n];
    for round in 0..iterations {
        for f in force.iter_mut() {
            *f = [0.0, 0.0];
        }
        // In the last rounds, nodes closer than `room` push each other apart hard: hubs'
        // leaves otherwise pile up on each other and their labels. Labels run sideways,
        // so horizontal closeness counts double.
        let room = if round * 5 >= iterations * 3 {
            spacing(&position) * 0.8
        } else {
            0.0
        };
        // Repulsion: (m_a · m_b) / d, along the line between the two.
        for a in 0..n {
            let [ax, ay] = position[a];
            let ma = mass[a] * options.repulsion;
            let mut fa = [0.0, 0.0];
            for b in a + 1..n {
                let dx = ax - position[b][0];
                let dy = ay - position[b][1];
                let squared = (dx * dx + dy * dy).max(0.01);
                let mut push = ma * mass[b] / squared;
                let apart = (dx * dx / 4.0 + dy * dy).sqrt();
                if apart < room {
                    push += COLLISION * (room - apart) / apart.max(0.1);
                }
                fa[0] += dx * push;
                fa[1] += dy * push;
                force[b][0] -= dx * push;
                force[b][1] -= dy * push;
            }
            force[a][0] += fa[0];
            force[a][1] += fa[1];
        }
        // Attraction: linear in distance.
        for &(a, b) in &edges {
            let dx = position[a][0] - position[b][0];
            let dy = position[a][1] - position[b][1];
            force[a][0] -= dx;
            force[a][1] -= dy;
            force[b][0] += dx;
            force[b][1] += dy;
        }
        // Gravity: towards the centre, weighed by mass and growing with distance
        // (ForceAtlas2's "strong gravity"), so lone nodes and small components stay
        // near the rest instead of drifting to the edge of the picture.
        for (i, [x, y]) in position.iter().enumerate() {
            let pull = options.gravity * mass[i] * GRAVITY_SCALE;
            force[i][0] -= x * pull;
            force[i][1] -= y * pull;
        }
        // The step shrinks from a tenth of the force to almost nothing, and no node moves
        // further than `cap` in one round: early rounds untangle, late ones settle.
        let cooling = 1.0 - round as f64 / iterations as f64;
        let cap = 10.0 * cooling + 0.1;
        for i in 0..n {
            let [fx, fy] = force[i];
            let step = 0.1 / mass[i];
            let (mx, my) = (fx * step, fy * step);
            let length = (mx * mx + my * my).sqrt();
            let scale = if length > cap { cap / length } else { 1.0 };
            position[i][0] += mx * scale;
            position[i][1] += my * scale;
        }
    }
    position
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    #[test]
    fn two_clusters_joined_by_one_edge_stay_apart() {
        // Two 4-cliques, 0..4 and 4..8, joined by 3–4.
        let mut edges = Vec::new();
        for group in [0, 4] {
            for a in group..group + 4 {
                for b in a + 1..group + 4 {
                    edges.push((a, b));
                }
            }
        }
        edges.push((3, 4));
        let positions = force_layout(8, &edges, &LayoutOptions::default());
        let within = distance(positions[0], positions[1]);
        let across = distance(positions[0], positions[7]);
        assert!(within < across, "{within} vs {across}");
        assert!(positions.iter().flatten().all(|v| v.is_finite()));
    }

    #[test]
    fn seeds_change_the_picture_and_edge_cases_do_not_panic() {
        let edges = [(0, 1), (1, 2)];
        let one = force_layout(3, &edges, &LayoutOptions::default());
        let other = force_layout(
            3,
            &edges,
            &LayoutOptions {
                seed: 2,
                ..LayoutOptions::default()
            },
        );
        assert_ne!(one, other);
        assert!(force_layout(0, &[], &LayoutOptions::default()).is_empty());
        // A self-loop and an out-of-range pair are ignored.
        let single = force_layout(1, &[(0, 0), (0, 9)], &LayoutOptions::default());
        assert!(single[0].iter().all(|v| v.is_finite()));
    }
}
