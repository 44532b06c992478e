//! `agencygraph export`: the graph or a part of it as DOT, JSON, SVG, an interactive
//! HTML map, a PNG or PDF picture, or a format of another tool (CSV, Cypher, GraphML, GEXF,
//! Turtle, Mermaid), to stdout or to files written whole or not at all.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{CliError, Outcome, parse_edge_kind, parse_node_kind};
use agencygraph::export::{
    Colouring, DotStyle, Emphasis, Engine, RankDir, Selection, Subgraph, csv, cypher_script, gexf,
    graphml, html, mermaid, neo4j, picture, render_svg, turtle, write_dot_emphasised, write_json,
};
use agencygraph::graph::Graph;
use agencygraph::model::{EdgeKind, NodeKind};

#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// What to write; by default what the -o file's extension says (.dot, .json, .svg,
    /// .html, .png, .pdf), else DOT.
    #[arg(long, value_enum)]
    format: Option<ExportFormat>,
    /// Write to this file (replaced whole, or left as it was on failure) instead of
    /// standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Centre on this entity (an id, name or alias); repeat for several.
    #[arg(long, value_name = "NAME")]
    focus: Vec<String>,
    /// With --focus, how many relations away to go [default: 1].
    #[arg(long, value_name = "N")]
    depth: Option<usize>,
    /// With --edge-kinds or --kinds, keep the entities left with no relation.
    #[arg(long)]
    keep_isolated: bool,
    /// A title above a PNG or PDF picture, or for the HTML map.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// The note below a PNG or PDF picture [default: the titles of the sources the
    /// drawn relations cite]; an empty note leaves it out.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// The size of a PNG (pixels) or PDF (points) picture: WIDTHxHEIGHT, or `slide`
    /// for a 16:9 slide of 1920x1080; the drawing is scaled to fit.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    size: Option<(u32, u32)>,
    /// Only relations of these kinds (comma-separated: member-of,chairs).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_edge_kind)]
    edge_kinds: Vec<EdgeKind>,
    /// Only entities of these kinds (comma-separated: un-entity,mechanism).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_node_kind)]
    kinds: Vec<NodeKind>,
    #[command(flatten)]
    years: super::YearArgs,
    /// The direction ranks run in (either case, as Graphviz spells it: TB, LR, RL, BT).
    #[arg(long, value_enum, ignore_case = true, default_value_t = RankDirArg::LR)]
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
    /// With csv or neo4j-csv: start each file with a byte-order mark, so that Excel reads
    /// curly quotes and accents right.
    #[arg(long)]
    excel: bool,
    /// Size entities by a measure, as `rank --by` computes it on the part drawn (DOT,
    /// SVG, PNG, PDF and the HTML map).
    #[arg(long, value_enum, value_name = "MEASURE")]
    size_by: Option<super::analysis::MeasureArg>,
    /// Colour entities by their kind, or by their community as `communities` finds it
    /// on the part drawn (DOT, SVG, PNG, PDF and the HTML map).
    #[arg(long, visible_alias = "color-by", value_enum, value_name = "BY")]
    colour_by: Option<ColourBy>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColourBy {
    /// The kind's fill, as the legend gives it.
    Kind,
    /// The community (Louvain), one fill each.
    Community,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// Graphviz DOT, styled for reading.
    Dot,
    /// `{"nodes", "edges", "sources"}` (shapes in the README).
    Json,
    /// A laid-out picture.
    Svg,
    /// An interactive map: one self-contained web page (search, filters, evidence).
    Html,
    /// A PNG picture, drawn without Graphviz when it is not installed.
    Png,
    /// A PDF picture, its text kept as text.
    Pdf,
    // The interchange formats: for other tools (README, "Exports").
    /// Tables for spreadsheets, Python and Kuzu: nodes.csv, edges.csv, evidence.csv,
    /// sources.csv (-o DIR/ or -o PREFIX).
    Csv,
    /// Tables for `neo4j-admin database import`: nodes.csv, relationships.csv.
    Neo4jCsv,
    /// One idempotent MERGE a line, for Neo4j, Memgraph and FalkorDB.
    Cypher,
    /// GraphML, for networkx, igraph, yEd, Cytoscape.
    Graphml,
    /// GEXF 1.3 with a timeline, for Gephi.
    Gexf,
    /// RDF (W3C ORG and PROV-O), for SPARQL stores.
    Turtle,
    /// A Mermaid flowchart, for Markdown pages (at most 500 relations).
    Mermaid,
}

impl ExportFormat {
    /// The format a file's extension names, if any.
    fn of_path(path: &Path) -> Option<ExportFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "dot" | "gv" => ExportFormat::Dot,
            "json" => ExportFormat::Json,
            "svg" => ExportFormat::Svg,
            "html" | "htm" => ExportFormat::Html,
            "png" => ExportFormat::Png,
            "pdf" => ExportFormat::Pdf,
            "cypher" | "cypherl" => ExportFormat::Cypher,
            "graphml" => ExportFormat::Graphml,
            "gexf" => ExportFormat::Gexf,
            "ttl" => ExportFormat::Turtle,
            "mmd" | "mermaid" => ExportFormat::Mermaid,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            ExportFormat::Dot => "dot",
            ExportFormat::Json => "json",
            ExportFormat::Svg => "svg",
            ExportFormat::Html => "html",
            ExportFormat::Png => "png",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Csv => "csv",
            ExportFormat::Neo4jCsv => "neo4j-csv",
            ExportFormat::Cypher => "cypher",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Gexf => "gexf",
            ExportFormat::Turtle => "turtle",
            ExportFormat::Mermaid => "mermaid",
        }
    }
}

/// `1920x1080`, or `slide` for that size.
fn parse_size(text: &str) -> Result<(u32, u32), String> {
    if text.eq_ignore_ascii_case("slide") {
        return Ok((1920, 1080));
    }
    let parsed = text
        .split_once(['x', 'X', '×'])
        .and_then(|(w, h)| Some((w.trim().parse().ok()?, h.trim().parse().ok()?)));
    match parsed {
        Some((w, h)) if w > 0 && h > 0 && w <= 20_000 && h <= 20_000 => Ok((w, h)),
        _ => Err(format!(
            "`{text}` is not a size; expected WIDTHxHEIGHT between 1 and 20000 (such as 1920x1080) or `slide`"
        )),
    }
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

impl ExportArgs {
    pub(super) fn year_args(&self) -> &super::YearArgs {
        &self.years
    }
}

pub(super) fn export(
    graph: &Graph,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    // `-o -` is standard output, as the absence of `-o` is.
    let output = args.output.as_deref().filter(|p| *p != Path::new("-"));
    let format = match (args.format, output.and_then(ExportFormat::of_path)) {
        (Some(asked), Some(named)) if asked != named => {
            return Err(CliError::Usage(format!(
                "--format {} does not match the file name {} (a .{} file)",
                asked.name(),
                output.map(Path::display).expect("a file named the format"),
                named.name()
            )));
        }
        (Some(format), _) | (None, Some(format)) => format,
        (None, None) => ExportFormat::Dot,
    };
    if args.depth.is_some() && args.focus.is_empty() {
        return Err(CliError::Usage(
            "--depth needs --focus: it counts relations away from the focus".to_string(),
        ));
    }
    let mut focus = Vec::new();
    for name in &args.focus {
        let Some(node) = super::resolve(graph, name, false, out, err)? else {
            return Ok(Outcome::Failed);
        };
        focus.push(node.id.clone());
    }
    let mut selection = Selection::default();
    selection.focus = focus;
    selection.depth = args.depth.unwrap_or(1);
    selection.edge_kinds = super::non_empty(&args.edge_kinds);
    selection.node_kinds = super::non_empty(&args.kinds);
    selection.years = args.years.years();
    let mut subgraph = graph.subgraph(&selection);
    if (selection.edge_kinds.is_some() || selection.node_kinds.is_some()) && !args.keep_isolated {
        subgraph = subgraph.without_isolated(&selection.focus);
    }
    let drawn = matches!(
        format,
        ExportFormat::Dot
            | ExportFormat::Svg
            | ExportFormat::Png
            | ExportFormat::Pdf
            | ExportFormat::Html
    );
    if !drawn && (args.size_by.is_some() || args.colour_by.is_some()) {
        return Err(CliError::Usage(format!(
            "--size-by and --colour-by apply to pictures and the map (dot, svg, png, pdf, html), not to {}",
            format.name()
        )));
    }
    if matches!(format, ExportFormat::Csv | ExportFormat::Neo4jCsv) {
        return tables(&subgraph, format, args, err);
    }
    let colouring = match args.colour_by {
        Some(ColourBy::Community) => Colouring::Community,
        Some(ColourBy::Kind) | None => Colouring::Kind,
    };
    let emphasis = Emphasis::of(&subgraph, args.size_by.map(Into::into), colouring)
        .map_err(|error| CliError::Message(format!("--size-by: {error}")))?;
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
    let engine = match args.engine {
        EngineArg::Auto => Engine::Auto,
        EngineArg::System => Engine::System,
        EngineArg::Builtin => Engine::Builtin,
    };
    let svg = || -> Result<String, CliError> {
        let mut dot = Vec::new();
        write_dot_emphasised(&subgraph, &style, &emphasis, &mut dot)?;
        let dot = String::from_utf8(dot).expect("DOT is written from UTF-8 strings");
        Ok(render_svg(&dot, engine)?)
    };
    let framed = || -> Result<String, CliError> {
        let note = match &args.note {
            Some(note) if note.trim().is_empty() => None,
            Some(note) => Some(note.clone()),
            None => picture::source_note(&subgraph),
        };
        let frame = picture::Frame {
            title: args.title.clone(),
            note,
            size: args.size,
        };
        Ok(picture::frame_svg(&svg()?, &frame)?)
    };
    let write = |sink: &mut dyn Write| -> Result<(), CliError> {
        match format {
            ExportFormat::Dot => write_dot_emphasised(&subgraph, &style, &emphasis, sink)?,
            ExportFormat::Json => write_json(&subgraph, sink)?,
            ExportFormat::Html => {
                let mut options = html::HtmlOptions {
                    emphasis: emphasis.clone(),
                    ..html::HtmlOptions::default()
                };
                if let Some(title) = &args.title {
                    options.title = title.clone();
                }
                html::write_html(&subgraph, &options, sink)?;
            }
            ExportFormat::Svg => sink.write_all(svg()?.as_bytes())?,
            ExportFormat::Png => sink.write_all(&picture::svg_to_png(&framed()?)?)?,
            ExportFormat::Pdf => sink.write_all(&picture::svg_to_pdf(&framed()?)?)?,
            ExportFormat::Cypher => cypher_script::write_cypher(&subgraph, sink)?,
            ExportFormat::Graphml => graphml::write_graphml(&subgraph, sink)?,
            ExportFormat::Gexf => gexf::write_gexf(&subgraph, sink)?,
            ExportFormat::Turtle => turtle::write_turtle(&subgraph, sink)?,
            ExportFormat::Mermaid => mermaid::write_mermaid(&subgraph, sink)?,
            ExportFormat::Csv | ExportFormat::Neo4jCsv => unreachable!("written by `tables`"),
        }
        Ok(())
    };
    match output {
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

/// Writes the tables of `csv` or `neo4j-csv` into the directory or after the prefix
/// `-o` names: all of them, or none.
fn tables(
    subgraph: &Subgraph<'_>,
    format: ExportFormat,
    args: &ExportArgs,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let Some(output) = &args.output else {
        writeln!(
            err,
            "error: this format writes several files; name a directory (-o out/) or a prefix (-o out/agencies-)"
        )?;
        return Ok(Outcome::Failed);
    };
    let names: &[&str] = if format == ExportFormat::Csv {
        &csv::FILES
    } else {
        &neo4j::FILES
    };
    let mut paths = output_paths(output, names)?.into_iter();
    let mut path = |_: &str| paths.next().expect("one path per file");
    let mut options = csv::CsvOptions::default();
    options.excel = args.excel;
    let files: Vec<(PathBuf, WriteFile<'_>)> = if format == ExportFormat::Csv {
        csv::FILES
            .iter()
            .map(|name| -> (PathBuf, WriteFile<'_>) {
                (
                    path(name),
                    Box::new(move |sink: &mut dyn Write| {
                        Ok(csv::write_file(subgraph, name, &options, sink)?)
                    }),
                )
            })
            .collect()
    } else {
        let bom = move |sink: &mut dyn Write| -> io::Result<()> {
            if options.excel {
                sink.write_all("\u{FEFF}".as_bytes())?;
            }
            Ok(())
        };
        vec![
            (
                path(neo4j::FILES[0]),
                Box::new(move |sink: &mut dyn Write| {
                    bom(sink)?;
                    Ok(neo4j::write_nodes(subgraph, sink)?)
                }),
            ),
            (
                path(neo4j::FILES[1]),
                Box::new(move |sink: &mut dyn Write| {
                    bom(sink)?;
                    Ok(neo4j::write_relationships(subgraph, sink)?)
                }),
            ),
        ]
    };
    let paths: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    write_files_whole(files)?;
    writeln!(
        err,
        "wrote {}: {} entities, {} relations",
        paths.join(", "),
        subgraph.nodes.len(),
        subgraph.edges.len()
    )?;
    Ok(Outcome::Done)
}

/// Where the files `names` go for `-o output`: into the directory when `output` is one
/// or ends with `/` (created if missing), else after the prefix `output`.
pub(super) fn output_paths(output: &Path, names: &[&str]) -> Result<Vec<PathBuf>, CliError> {
    let prefix = output.to_string_lossy();
    let in_directory =
        output.is_dir() || prefix.ends_with('/') || prefix.ends_with(std::path::MAIN_SEPARATOR);
    if in_directory {
        fs::create_dir_all(output).map_err(|error| CliError::Output {
            path: output.to_path_buf(),
            error,
        })?;
    }
    Ok(names
        .iter()
        .map(|name| {
            if in_directory {
                output.join(name)
            } else {
                PathBuf::from(format!("{prefix}{name}"))
            }
        })
        .collect())
}

/// What writes one file's contents.
pub(super) type WriteFile<'a> = Box<dyn FnOnce(&mut dyn Write) -> Result<(), CliError> + 'a>;

/// Writes the output file through the library's `write_output`: devices and pipes are
/// written into, links followed, a replaced file keeps its mode, and a failure leaves
/// the old file whole.
fn write_whole(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), CliError>,
) -> Result<(), CliError> {
    agencygraph::store::write_output(path, write).map_err(|error| match error {
        agencygraph::store::OutputError::Io(error) => CliError::Output {
            path: path.to_path_buf(),
            error,
        },
        agencygraph::store::OutputError::Write(error) => error,
    })
}

/// Writes files whole or not at all: each into a temporary file beside it, synced, and
/// only when every one is written are they renamed over the old ones. On a failure
/// before the renames, the old files (if any) are left as they were.
pub(super) fn write_files_whole(files: Vec<(PathBuf, WriteFile<'_>)>) -> Result<(), CliError> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (path, write) in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let temporary = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
            staged.push((temporary.clone(), path.clone()));
            let output_error = |error: io::Error| CliError::Output {
                path: path.clone(),
                error,
            };
            let file = fs::File::create(&temporary).map_err(output_error)?;
            let mut buffered = io::BufWriter::new(file);
            write(&mut buffered)?;
            let file = buffered
                .into_inner()
                .map_err(|e| output_error(e.into_error()))?;
            file.sync_all().map_err(output_error)?;
        }
        for (temporary, path) in &staged {
            fs::rename(temporary, path).map_err(|error| CliError::Output {
                path: path.clone(),
                error,
            })?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (temporary, _) in &staged {
            let _ = fs::remove_file(temporary);
        }
    }
    result
}
