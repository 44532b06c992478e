//! Analysis drawn on a picture or map: entities sized by a centrality measure and
//! coloured by the community they fall in, as `rank` and `communities` compute them
//! ([`crate::analysis`]).

use super::Subgraph;
use crate::analysis::{AnalysisError, Measure, Network};

/// What decides an entity's fill.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Colouring {
    /// Its kind (the legend's fills).
    #[default]
    Kind,
    /// Its community, found by Louvain as `agencygraph communities` does.
    Community,
}

/// Figures for the entities of one subgraph, in the subgraph's node order: a weight
/// for each (its score as a share of the highest, from 0 to 1) when sizing by a
/// measure, and a community number when colouring by community.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Emphasis {
    /// The measure sizes are by, and each entity's weight.
    pub sizes: Option<(Measure, Vec<f64>)>,
    /// Each entity's community, numbered from 0 by [`Network::louvain`]'s order
    /// (largest first).
    pub communities: Option<Vec<usize>>,
    /// How many entities each community has, by number: kept from the groups Louvain
    /// returned so legends need not count them again from `communities`.
    community_sizes: Option<Vec<usize>>,
}

impl Emphasis {
    /// The figures for `subgraph`: sizes by `size_by` (none when `None`) and colours
    /// as `colouring` says. The network is the subgraph taken as undirected, as for
    /// `rank` and `communities` with the same selection.
    ///
    /// ```
    /// use agencygraph::analysis::Measure;
    /// use agencygraph::export::{Colouring, Emphasis, Selection};
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let icat = graph.subgraph(&Selection::around("ICAT", 1));
    /// let emphasis = Emphasis::of(&icat, Some(Measure::Degree), Colouring::Community)?;
    /// let (_, weights) = emphasis.sizes.as_ref().unwrap();
    /// // ICAT, the focus, is joined to every other entity: the highest degree.
    /// let icat_at = icat.nodes.iter().position(|n| n.id == "ICAT").unwrap();
    /// assert_eq!(weights[icat_at], 1.0);
    /// assert_eq!(emphasis.communities.as_ref().unwrap().len(), icat.nodes.len());
    /// # Ok::<(), agencygraph::analysis::AnalysisError>(())
    /// ```
    pub fn of(
        subgraph: &Subgraph<'_>,
        size_by: Option<Measure>,
        colouring: Colouring,
    ) -> Result<Emphasis, AnalysisError> {
        if size_by.is_none() && colouring == Colouring::Kind {
            return Ok(Emphasis::default());
        }
        let network = Network::new(subgraph);
        let sizes = match size_by {
            Some(measure) => {
                let scores = network.scores(measure, None)?;
                let highest = scores.iter().copied().fold(0.0, f64::max);
                let weights = scores
                    .iter()
                    .map(|s| if highest > 0.0 { s / highest } else { 0.0 })
                    .collect();
                Some((measure, weights))
            }
            None => None,
        };
        let (communities, community_sizes) = match colouring {
            Colouring::Kind => (None, None),
            Colouring::Community => {
                let groups = network.louvain();
                let mut of_node = vec![0; network.len()];
                for (number, members) in groups.iter().enumerate() {
                    for &i in members {
                        of_node[i] = number;
                    }
                }
                (Some(of_node), Some(groups.iter().map(Vec::len).collect()))
            }
        };
        Ok(Emphasis {
            sizes,
            communities,
            community_sizes,
        })
    }

    /// The weight of the `i`th entity, when sizing by a measure.
    pub fn weight(&self, i: usize) -> Option<f64> {
        self.sizes.as_ref().map(|(_, weights)| weights[i])
    }

    /// The community of the `i`th entity, when colouring by community.
    pub fn community(&self, i: usize) -> Option<usize> {
        self.communities.as_ref().map(|c| c[i])
    }

    /// How many entities each community has, by number, when colouring by community.
    ///
    /// ```
    /// use agencygraph::export::{Colouring, Emphasis, Selection};
    ///
    /// let graph = agencygraph::Graph::bundled();
    /// let icat = graph.subgraph(&Selection::around("ICAT", 1));
    /// let emphasis = Emphasis::of(&icat, None, Colouring::Community)?;
    /// let sizes = emphasis.community_sizes().unwrap();
    /// assert_eq!(sizes.iter().sum::<usize>(), icat.nodes.len());
    /// # Ok::<(), agencygraph::analysis::AnalysisError>(())
    /// ```
    pub fn community_sizes(&self) -> Option<&[usize]> {
        self.community_sizes.as_deref()
    }
}

/// The fill of community `number`: distinct fills for the first nineteen (the
/// node-kind fills, which differ by at least 20 CIELAB units, taken in an order that
/// puts different hues side by side), then again from the first.
///
/// ```
/// use agencygraph::export::community_fill;
///
/// assert_ne!(community_fill(0), community_fill(1));
/// assert_eq!(community_fill(0), community_fill(19));
/// ```
pub fn community_fill(number: usize) -> &'static str {
    use crate::model::NodeKind::*;
    const ORDER: [crate::model::NodeKind; 19] = [
        UnEntity,
        Mechanism,
        Fund,
        Initiative,
        Network,
        Department,
        Programme,
        MemberState,
        Office,
        Mandate,
        Organisation,
        Group,
        Campaign,
        WorkingGroup,
        Project,
        Framework,
        Event,
        Body,
        Publication,
    ];
    super::node_fill(ORDER[number % ORDER.len()])
}
