//! The command-line program: argument parsing, loading the graph, and writing answers.
//!
//! `main.rs` only calls [`main`]. Each subcommand is a function in `commands` that
//! writes to a stream; nothing here holds logic the library lacks.

mod commands;
mod term;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::Graph;
use crate::model::NodeKind;
use crate::store::LoadError;

const EXAMPLES: &str = "\
Examples:
  agencygraph show \"UN Action\"       every relation of UN Action, with its evidence
  agencygraph list --kind fund       every fund
  agencygraph stats                  counts and the most connected entities
  agencygraph check --graph graph/   validate your own data

Without --graph, commands use the bundled data set (a UN report on inter-agency
mechanisms against violence against women). Exit status: 0 success, 1 a problem with
the data or the question (unknown name, invalid graph), 2 bad usage.";

/// A graph database of which organisations chair, coordinate, fund, belong to or
/// co-organise which inter-agency mechanisms.
#[derive(Debug, Parser)]
#[command(name = "agencygraph", version, after_help = EXAMPLES)]
struct Cli {
    /// Read the graph from a .ron file or a directory of them (read recursively) instead
    /// of the bundled data set.
    #[arg(long, global = true, value_name = "PATH", env = "AGENCYGRAPH_GRAPH")]
    graph: Option<PathBuf>,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    format: Format,

    /// When to colour the output; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    color: ColorWhen,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show an entity: its kind, names, and every relation in and out, with evidence.
    #[command(after_help = "\
Examples:
  agencygraph show UNODC
  agencygraph show \"un action\"              names ignore case, spaces and punctuation
  agencygraph show ICAT --format json")]
    Show {
        /// An id, name or alias, such as UNODC, \"UN Action\" or \"Trust Fund\".
        name: String,
    },

    /// List entities, sorted by id.
    #[command(after_help = "\
Examples:
  agencygraph list
  agencygraph list --kind mechanism
  agencygraph list --kind un-entity --format json")]
    List {
        /// Only entities of this kind (un-entity, office, mechanism, fund, event, ...).
        #[arg(long, value_name = "KIND", value_parser = parse_node_kind)]
        kind: Option<NodeKind>,
    },

    /// Count entities and relations by kind, and show the most connected entities.
    #[command(after_help = "\
Examples:
  agencygraph stats
  agencygraph stats --top 5 --format json")]
    Stats {
        /// How many of the most connected entities to show.
        #[arg(long, value_name = "N", default_value_t = 10)]
        top: usize,
    },

    /// Validate a graph and report every problem with its file:line:column.
    #[command(after_help = "\
Examples:
  agencygraph check                   the bundled data set
  agencygraph check --graph graph/    a directory of .ron files
  agencygraph check --graph my.ron --format json")]
    Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Aligned text for people.
    Table,
    /// JSON for scripts (shapes documented in the README).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

fn parse_node_kind(text: &str) -> Result<NodeKind, String> {
    text.parse()
        .map_err(|e: crate::model::UnknownKind| e.to_string())
}

/// What a command reports besides its output: success, or a failure already explained
/// on stderr.
enum Outcome {
    Done,
    Failed,
}

/// An error a command could not explain itself.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Runs the program with the process's arguments; the binary's whole `main`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    let mut stdout = anstream::AutoStream::new(io::stdout().lock(), choice);
    let mut stderr = anstream::AutoStream::new(io::stderr().lock(), choice);
    let result = run(&cli, &mut stdout, &mut stderr).and_then(|outcome| {
        stdout.flush()?;
        Ok(outcome)
    });
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::FAILURE,
        // A reader that went away (`agencygraph list | head -1`) is not an error.
        Err(CliError::Io(error)) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(CliError::Load(error)) => {
            let _ = report_load_error(&mut stderr, &error);
            ExitCode::FAILURE
        }
        Err(CliError::Io(error)) => {
            let _ = writeln!(stderr, "{}: {error}", term::paint(term::ERROR, "error"));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, CliError> {
    if let Command::Check = cli.command {
        return commands::check(load(cli), cli.format, out, err);
    }
    let graph = load(cli)?;
    match &cli.command {
        Command::Show { name } => commands::show(&graph, name, cli.format, out, err),
        Command::List { kind } => commands::list(&graph, *kind, cli.format, out),
        Command::Stats { top } => commands::stats(&graph, *top, cli.format, out),
        Command::Check => unreachable!("handled above"),
    }
}

fn load(cli: &Cli) -> Result<Graph, LoadError> {
    match &cli.graph {
        // An empty AGENCYGRAPH_GRAPH means "not set", as with most variables.
        Some(path) if !path.as_os_str().is_empty() => Graph::load(path),
        _ => Ok(Graph::bundled()),
    }
}

fn report_load_error(err: &mut dyn Write, error: &LoadError) -> io::Result<()> {
    for diagnostic in &error.diagnostics {
        term::diagnostic(err, diagnostic)?;
        writeln!(err)?;
    }
    let count = error.diagnostics.len();
    writeln!(
        err,
        "{}: the graph has {count} problem{}",
        term::paint(term::ERROR, "error"),
        if count == 1 { "" } else { "s" }
    )
}
