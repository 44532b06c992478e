//! `agencygraph export`: the graph or a part of it as DOT, JSON or SVG, to stdout or to a
//! file written whole or not at all.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{CliError, Outcome, parse_edge_kind, parse_node_kind};
use agencygraph::export::{
    DotStyle, Engine, RankDir, Selection, render_svg, write_dot, write_json,
};
use agencygraph::graph::Graph;
use agencygraph::model::{EdgeKind, NodeKind};

#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// What to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::Dot)]
    format: ExportFormat,
    /// Write to this file (replaced whole, or left as it was on failure) instead of
    /// standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Centre on this entity (an id, name or alias); with --depth.
    #[arg(long, value_name = "NAME")]
    focus: Option<String>,
    /// With --focus, how many relations away to go.
    #[arg(long, value_name = "N", default_value_t = 1)]
    depth: usize,
    /// Only relations of these kinds (comma-separated: member-of,chairs).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_edge_kind)]
    edge_kinds: Vec<EdgeKind>,
    /// Only entities of these kinds (comma-separated: un-entity,mechanism).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_node_kind)]
    kinds: Vec<NodeKind>,
    /// Only relations valid in this year; undated relations are kept.
    #[arg(long, value_name = "YEAR")]
    at: Option<i32>,
    /// The direction ranks run in.
    #[arg(long, value_enum, default_value_t = RankDirArg::LR)]
    rankdir: RankDirArg,
    /// Group entities in boxes.
    #[arg(long, value_enum, value_name = "BY")]
    cluster: Option<ClusterBy>,
    /// Leave the legend out.
    #[arg(long)]
    no_legend: bool,
    /// Which layout engine draws SVG: the system's Graphviz, the built-in one, or the
    /// system's when installed.
    #[arg(long, value_enum, default_value_t = EngineArg::Auto)]
    engine: EngineArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// Graphviz DOT, styled for reading.
    Dot,
    /// `{"nodes", "edges", "sources"}` (shapes in the README).
    Json,
    /// A laid-out picture.
    Svg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[allow(clippy::upper_case_acronyms)]
enum RankDirArg {
    /// Left to right.
    LR,
    /// Top to bottom.
    TB,
    /// Right to left.
    RL,
    /// Bottom to top.
    BT,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ClusterBy {
    /// One box per node kind.
    Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EngineArg {
    /// Graphviz when installed, else built in.
    Auto,
    /// The system's Graphviz `dot`.
    System,
    /// The built-in pure-Rust engine.
    Builtin,
}

pub(super) fn export(
    graph: &Graph,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let mut focus = Vec::new();
    if let Some(name) = &args.focus {
        let Some(node) = super::resolve(graph, name, false, out, err)? else {
            return Ok(Outcome::Failed);
        };
        focus.push(node.id.clone());
    }
    let mut selection = Selection::default();
    selection.focus = focus;
    selection.depth = args.depth;
    selection.edge_kinds = super::non_empty(&args.edge_kinds);
    selection.node_kinds = super::non_empty(&args.kinds);
    selection.at = args.at;
    let subgraph = graph.subgraph(&selection);
    let style = DotStyle {
        rankdir: match args.rankdir {
            RankDirArg::LR => RankDir::LeftRight,
            RankDirArg::TB => RankDir::TopBottom,
            RankDirArg::RL => RankDir::RightLeft,
            RankDirArg::BT => RankDir::BottomTop,
        },
        cluster_by_kind: args.cluster == Some(ClusterBy::Kind),
        legend: !args.no_legend,
        ..DotStyle::default()
    };
    let write = |sink: &mut dyn Write| -> Result<(), CliError> {
        match args.format {
            ExportFormat::Dot => write_dot(&subgraph, &style, sink)?,
            ExportFormat::Json => write_json(&subgraph, sink)?,
            ExportFormat::Svg => {
                let mut dot = Vec::new();
                write_dot(&subgraph, &style, &mut dot)?;
                let engine = match args.engine {
                    EngineArg::Auto => Engine::Auto,
                    EngineArg::System => Engine::System,
                    EngineArg::Builtin => Engine::Builtin,
                };
                let dot = String::from_utf8(dot).expect("DOT is written from UTF-8 strings");
                sink.write_all(render_svg(&dot, engine)?.as_bytes())?;
            }
        }
        Ok(())
    };
    match &args.output {
        None => write(out)?,
        Some(path) => {
            write_whole(path, write)?;
            // Said on stderr, where it does not mix with what a script reads.
            writeln!(
                err,
                "wrote {}: {} entities, {} relations",
                path.display(),
                subgraph.nodes.len(),
                subgraph.edges.len()
            )?;
        }
    }
    Ok(Outcome::Done)
}

/// Writes a file whole or not at all: into a temporary file beside it, synced, then
/// renamed over it. On any failure the old file (if any) is left as it was.
fn write_whole(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let output_error = |error: io::Error| CliError::Output {
        path: path.to_path_buf(),
        error,
    };
    let result = (|| {
        let file = fs::File::create(&temporary).map_err(output_error)?;
        let mut buffered = io::BufWriter::new(file);
        write(&mut buffered)?;
        let file = buffered
            .into_inner()
            .map_err(|e| output_error(e.into_error()))?;
        file.sync_all().map_err(output_error)?;
        fs::rename(&temporary, path).map_err(output_error)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}
