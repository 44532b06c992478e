//! The network analysis commands: `rank`, `communities` and `brokers`, each a table,
//! JSON or CSV of what `agencygraph::analysis` computes.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::render::write_json;
use super::term::{self, HEADING, paint};
use super::{
    CliError, Outcome, QueryFormat, YearArgs, non_empty, parse_edge_kind, parse_node_kind,
};
use agencygraph::analysis::{BrokersJson, CommunitiesJson, Measure, Network, RankingJson, Sample};
use agencygraph::export::Selection;
use agencygraph::graph::Graph;
use agencygraph::model::{EdgeKind, NodeKind};

/// Which part of the graph is analysed: the options every analysis command takes.
#[derive(Debug, Args)]
pub(super) struct NetworkArgs {
    /// Only the part around this entity (an id, name or alias); with --depth.
    #[arg(long, value_name = "NAME")]
    focus: Option<String>,
    /// With --focus, how many relations away to go.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "focus")]
    depth: usize,
    /// Only relations of these kinds (comma-separated: member-of,chairs).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_edge_kind)]
    edge_kinds: Vec<EdgeKind>,
    /// Only entities of these kinds (comma-separated: un-entity,mechanism).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_node_kind, alias = "kind")]
    kinds: Vec<NodeKind>,
    #[command(flatten)]
    pub(super) years: YearArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub(super) format: QueryFormat,
}

impl NetworkArgs {
    /// The network asked for; `None` when --focus names no one entity (explained on
    /// `err`).
    fn network<'g>(
        &self,
        graph: &'g Graph,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<Option<Network<'g>>, CliError> {
        let mut selection = Selection::default();
        if let Some(name) = &self.focus {
            let json = self.format == QueryFormat::Json;
            let Some(node) = super::resolve(graph, name, json, out, err)? else {
                return Ok(None);
            };
            selection.focus = vec![node.id.clone()];
            selection.depth = self.depth;
        }
        selection.edge_kinds = non_empty(&self.edge_kinds);
        selection.node_kinds = non_empty(&self.kinds);
        selection.years = self.years.years();
        Ok(Some(Network::of(graph, &selection)))
    }
}

/// `agencygraph rank`
#[derive(Debug, Args)]
pub(super) struct RankArgs {
    /// The measure (as networkx computes it, on the graph taken as undirected).
    #[arg(long, value_enum, default_value_t = MeasureArg::Degree)]
    by: MeasureArg,
    /// How many to show; 0 for all.
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,
    /// Betweenness from this many randomly chosen source entities instead of all:
    /// an estimate, for large graphs.
    #[arg(long, value_name = "K")]
    sample: Option<usize>,
    /// The seed that chooses the --sample sources; the same seed, the same figures.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "sample")]
    seed: u64,
    #[command(flatten)]
    pub(super) network: NetworkArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum MeasureArg {
    /// The share of the other entities each is joined to.
    Degree,
    /// The share of shortest paths between others that pass through each.
    Betweenness,
    /// How near each is to those it can reach.
    Closeness,
    /// PageRank (damping 0.85).
    Pagerank,
    /// Central when its neighbours are.
    Eigenvector,
}

impl From<MeasureArg> for Measure {
    fn from(measure: MeasureArg) -> Measure {
        match measure {
            MeasureArg::Degree => Measure::Degree,
            MeasureArg::Betweenness => Measure::Betweenness,
            MeasureArg::Closeness => Measure::Closeness,
            MeasureArg::Pagerank => Measure::PageRank,
            MeasureArg::Eigenvector => Measure::Eigenvector,
        }
    }
}

/// `agencygraph communities`
#[derive(Debug, Args)]
pub(super) struct CommunitiesArgs {
    /// How to group: Louvain's modularity communities, or connected components.
    #[arg(long, value_enum, default_value_t = Method::Louvain)]
    by: Method,
    #[command(flatten)]
    pub(super) network: NetworkArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Method {
    /// Communities that raise modularity most (Louvain, nodes visited in id order).
    Louvain,
    /// Entities joined by any chain of relations.
    Components,
}

/// `agencygraph rank`
pub(super) fn rank(
    graph: &Graph,
    args: &RankArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let Some(network) = args.network.network(graph, out, err)? else {
        return Ok(Outcome::Failed);
    };
    let measure = Measure::from(args.by);
    let sample = args.sample.map(|sources| Sample {
        sources,
        seed: args.seed,
    });
    if sample.is_some() && measure != Measure::Betweenness {
        term::error_line(err, "--sample applies to --by betweenness only")?;
        return Ok(Outcome::Failed);
    }
    let scores = match network.scores(measure, sample) {
        Ok(scores) => scores,
        Err(error) => {
            term::error_line(err, &error)?;
            if measure == Measure::Eigenvector {
                writeln!(
                    err,
                    "  = hint: networkx does not converge here either; --by pagerank weighs \
                     neighbours the same way, damped, and settles"
                )?;
            }
            return Ok(Outcome::Failed);
        }
    };
    let mut ranking = network.ranking(&scores);
    if args.top > 0 {
        ranking.truncate(args.top);
    }
    match args.network.format {
        QueryFormat::Json => {
            write_json(out, &RankingJson::new(&network, measure, sample, &ranking))?
        }
        QueryFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(["rank", "id", "kind", "name", measure.name()])?;
            for (i, ranked) in ranking.iter().enumerate() {
                csv.write_record([
                    &(i + 1).to_string(),
                    &ranked.node.id,
                    ranked.node.kind.name(),
                    &ranked.node.name,
                    &ranked.score.to_string(),
                ])?;
            }
            csv.flush()?;
        }
        QueryFormat::Table => {
            let sampled = sample
                .map(|s| format!(", from {} sampled sources", s.sources))
                .unwrap_or_default();
            term::heading(
                out,
                &format!(
                    "{} of {} entities joined by {} links{sampled}",
                    title(measure),
                    network.len(),
                    network.edge_count()
                ),
            )?;
            let rows: Vec<Vec<String>> = ranking
                .iter()
                .enumerate()
                .map(|(i, ranked)| {
                    vec![
                        (i + 1).to_string(),
                        ranked.node.id.clone(),
                        format!("{:.4}", ranked.score),
                        ranked.node.name.clone(),
                    ]
                })
                .collect();
            term::table(
                out,
                &["#", "ID", "SCORE", "NAME"],
                &rows,
                &[0, 2],
                term::width(),
            )?;
        }
    }
    Ok(Outcome::Done)
}

/// The heading's name of a measure.
fn title(measure: Measure) -> &'static str {
    match measure {
        Measure::Degree => "Degree centrality",
        Measure::Betweenness => "Betweenness",
        Measure::Closeness => "Closeness",
        Measure::PageRank => "PageRank",
        _ => "Eigenvector centrality",
    }
}

/// Ids, comma-separated, wrapped under `indent` without breaking an id at its hyphens.
fn id_list(ids: &[&str], indent: &str, width: usize) -> String {
    let options = textwrap::Options::new(width.max(indent.len() + 20))
        .initial_indent(indent)
        .subsequent_indent(indent)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(&ids.join(", "), options)
}

/// `agencygraph communities`
pub(super) fn communities(
    graph: &Graph,
    args: &CommunitiesArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let Some(network) = args.network.network(graph, out, err)? else {
        return Ok(Outcome::Failed);
    };
    let (method, communities) = match args.by {
        Method::Louvain => ("louvain", network.louvain()),
        Method::Components => ("components", network.components()),
    };
    let json = CommunitiesJson::new(&network, method, &communities);
    match args.network.format {
        QueryFormat::Json => write_json(out, &json)?,
        QueryFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(["community", "id", "kind", "name"])?;
            for (c, community) in communities.iter().enumerate() {
                for &i in community {
                    let node = network.nodes()[i];
                    csv.write_record([
                        &(c + 1).to_string(),
                        &node.id,
                        node.kind.name(),
                        &node.name,
                    ])?;
                }
            }
            csv.flush()?;
        }
        QueryFormat::Table => {
            let what = match args.by {
                Method::Louvain => "Louvain communities",
                Method::Components => "connected components",
            };
            term::heading(
                out,
                &format!(
                    "{} {what} of {} entities, modularity {:.4}",
                    communities.len(),
                    network.len(),
                    json.modularity
                ),
            )?;
            let width = term::width();
            for (c, ids) in json.communities.iter().enumerate() {
                writeln!(out)?;
                let size = term::counted(ids.len(), "entity", "entities");
                writeln!(out, "{}", paint(HEADING, &format!("{}. {size}", c + 1)))?;
                writeln!(out, "{}", id_list(ids, "  ", width))?;
            }
        }
    }
    Ok(Outcome::Done)
}

/// `agencygraph brokers`
pub(super) fn brokers(
    graph: &Graph,
    args: &NetworkArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let Some(network) = args.network(graph, out, err)? else {
        return Ok(Outcome::Failed);
    };
    let brokers = BrokersJson::new(&network);
    match args.format {
        QueryFormat::Json => write_json(out, &brokers)?,
        QueryFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(["broker", "id", "other", "parts"])?;
            for point in &brokers.articulation_points {
                let parts = point.parts.to_string();
                csv.write_record(["articulation-point", point.id, "", &parts])?;
            }
            for [a, b] in &brokers.bridges {
                csv.write_record(["bridge", a, b, "2"])?;
            }
            csv.flush()?;
        }
        QueryFormat::Table => {
            let width = term::width();
            let points: Vec<Vec<String>> = brokers
                .articulation_points
                .iter()
                .map(|p| vec![p.id.to_string(), p.parts.to_string(), p.name.to_string()])
                .collect();
            let bridges: Vec<Vec<String>> = brokers
                .bridges
                .iter()
                .map(|[a, b]| vec![a.to_string(), b.to_string()])
                .collect();
            let entities = term::counted(points.len(), "entity", "entities");
            term::heading(
                out,
                &format!("{entities} without which the network falls apart:"),
            )?;
            term::table(out, &["ID", "PARTS", "NAME"], &points, &[1], width)?;
            writeln!(out)?;
            let links = term::counted(bridges.len(), "link", "links");
            term::heading(
                out,
                &format!("{links} without which it falls apart (bridges):"),
            )?;
            term::table(out, &["BETWEEN", "AND"], &bridges, &[], width)?;
        }
    }
    Ok(Outcome::Done)
}
