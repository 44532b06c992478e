//! The command-line program: argument parsing, loading the graph, and writing answers.
//!
//! `main.rs` only calls [`main`]. Each subcommand is a function that writes to a
//! stream: `commands` (show, list, stats, check), `questions` (who, what, path, why)
//! and `export`; nothing here holds logic the library lacks.

mod analysis;
mod commands;
mod curate;
mod cypher;
mod edit;
mod export;
mod import;
mod questions;
mod render;
mod shell;
mod term;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use agencygraph::dates::When;
use agencygraph::export::RenderError;
use agencygraph::model::{EdgeKind, NodeKind};
use agencygraph::questions::Role;
use agencygraph::store::{EditError, LoadError, StoreError};
use agencygraph::{Graph, Years};

const EXAMPLES: &str = "\
Examples:
  agencygraph show \"UN Action\"            every relation of UN Action, with its evidence
  agencygraph who \"UN Action\"             who takes part in UN Action, by role
  agencygraph what WFP                    what WFP takes part in
  agencygraph path UNODC OCHA             how two entities are connected
  agencygraph export --format svg -o network.svg
  agencygraph check --graph graph/        validate your own data

Without --graph, commands use the bundled data set (a UN report on inter-agency
mechanisms against violence against women). Exit status: 0 success, 1 a problem with
the data or the question (unknown name, invalid graph), 2 bad usage.";

/// The heading of the options every command takes, listed after each command's own.
const GLOBAL: &str = "Global options";

/// A graph database of which organisations chair, coordinate, fund, belong to or
/// co-organise which inter-agency mechanisms.
#[derive(Debug, Parser)]
#[command(name = "agencygraph", version, after_help = EXAMPLES)]
struct Cli {
    /// Read the graph from a .ron file or a directory of them (read recursively) instead
    /// of the bundled data set. Without it, the AGENCYGRAPH_GRAPH environment variable,
    /// when set and not empty, names the graph.
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL)]
    graph: Option<PathBuf>,

    /// When to colour the output; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorWhen::Auto,
        help_heading = GLOBAL
    )]
    color: ColorWhen,

    /// Print at most this many problems of a graph that does not load, then a count of
    /// the rest by kind.
    #[arg(long, global = true, value_name = "N", default_value_t = 50, help_heading = GLOBAL)]
    max_errors: usize,

    #[command(subcommand)]
    command: Command,
}

/// `--max-errors`, kept where every report of a load error reads it.
static MAX_ERRORS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(50);

#[derive(Debug, Subcommand)]
enum Command {
    /// Show an entity: its kind, names, and every relation in and out, with evidence.
    #[command(after_help = "\
Examples:
  agencygraph show UNODC
  agencygraph show \"un action\"              names ignore case, spaces and punctuation
  agencygraph show ICAT --format json")]
    Show {
        /// An id, name or alias, such as UNODC, "UN Action" or "Trust Fund".
        name: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        /// Output format.
        format: Format,
    },

    /// List entities, sorted by id.
    #[command(after_help = "\
Examples:
  agencygraph list
  agencygraph list --kinds mechanism
  agencygraph list --kinds un-entity,office --format json")]
    List {
        /// Only entities of these kinds (comma-separated: un-entity,mechanism,fund,...).
        #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_node_kind, alias = "kind")]
        kinds: Vec<NodeKind>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
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
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },

    /// Validate a graph and report every problem with its file:line:column.
    #[command(after_help = "\
Examples:
  agencygraph check                   the bundled data set
  agencygraph check --graph graph/    a directory of .ron files
  agencygraph check --graph my.ron --format json
  agencygraph check --sources --graph my-graph   every quote found in its source's text")]
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Also find every quote in its source's text (whitespace normalised only),
        /// report those that are not there with the closest passage, and write the
        /// quotes' locators (line and columns) into the graph's files.
        #[arg(long)]
        sources: bool,
    },

    /// Who takes part in an entity, grouped by role (chairs, members, funders, ...).
    #[command(after_help = "\
Examples:
  agencygraph who \"UN Action\"
  agencygraph who IASC --transitive          also through IASC's working groups
  agencygraph who TWG-GEEW --role co-chair
  agencygraph who SPOTLIGHT --at 2017 --format csv
  agencygraph who --role funder              who funds anything, and what")]
    Who {
        /// An id, name or alias; without it, every such relation in the graph.
        name: Option<String>,
        #[command(flatten)]
        filter: FilterArgs,
    },

    /// What an entity takes part in, grouped by role.
    #[command(after_help = "\
Examples:
  agencygraph what WFP
  agencygraph what UNMAS --transitive        also through DPKO, which houses it
  agencygraph what OCHA --kinds working-group --format json
  agencygraph what --kinds fund              everything funds take part in, by whom")]
    What {
        /// An id, name or alias; without it, every such relation in the graph.
        name: Option<String>,
        #[command(flatten)]
        filter: FilterArgs,
    },

    /// Who shares a body with an entity: through which bodies and roles, with quotes.
    #[command(after_help = "\
Examples:
  agencygraph peers WFP
  agencygraph peers UNMAS --transitive       also through DPKO, and the bodies' parts
  agencygraph peers OCHA --role chair,co-chair --format json")]
    Peers {
        /// An id, name or alias.
        name: String,
        #[command(flatten)]
        filter: FilterArgs,
    },

    /// The shortest chain of relations joining two entities, with each hop's evidence.
    #[command(after_help = "\
Examples:
  agencygraph path UNODC OCHA
  agencygraph path UNODC OCHA --all
  agencygraph path ESCAP WFP --edge-kinds member-of,participates-in,part-of")]
    Path {
        /// Where the chain starts.
        from: String,
        /// Where it ends.
        to: String,
        /// Every shortest chain (up to 100), not just the first.
        #[arg(long)]
        all: bool,
        /// Give up beyond this many hops.
        #[arg(long, value_name = "N", default_value_t = 6)]
        max_hops: usize,
        /// Only follow relations of these kinds (comma-separated: member-of,chairs).
        #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_edge_kind)]
        edge_kinds: Vec<EdgeKind>,
        #[command(flatten)]
        years: YearArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
    },

    /// Every direct relation between two entities, with the quotes behind it.
    #[command(after_help = "\
Examples:
  agencygraph why UNODC ICAT
  agencygraph why \"UN Women\" \"Trust Fund\" --format json")]
    Why {
        /// One entity.
        a: String,
        /// The other.
        b: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
    },

    /// Export the graph, or a part of it: DOT, JSON, SVG, PNG, PDF, an HTML map, or CSV,
    /// Cypher, GraphML, GEXF, Turtle or Mermaid for other tools.
    #[command(after_help = "\
Examples:
  agencygraph export --format svg -o network.svg        the whole graph as a picture
  agencygraph export --focus IASC --depth 2 -o iasc.dot  IASC and two steps around it
  agencygraph export --kinds un-entity,mechanism --cluster kind | dot -Tpng > m.png
  agencygraph export --format json --edge-kinds funds,administers
  agencygraph export --format csv -o tables/             spreadsheets, one row per quote
  agencygraph export --format gexf -o agencies.gexf      Gephi, with a timeline
  agencygraph export --format cypher -o agencies.cypher  Neo4j, Memgraph, FalkorDB

SVG pictures are laid out by Graphviz's `dot` when it is installed, and otherwise by
the built-in engine (a pure-Rust port of Graphviz); --engine chooses.")]
    Export(export::ExportArgs),

    /// Ask anything in Cypher (the read-only core of openCypher).
    #[command(after_help = "\
Examples:
  agencygraph query \"MATCH (a)-[:SECRETARIAT_OF]->(m) RETURN a.id, m.id\"
  agencygraph query \"MATCH (x) WHERE x = resolve('un action') RETURN x.name\"
  agencygraph query -f question.cypher --format json
  echo \"MATCH (n:Fund) RETURN n.id\" | agencygraph query
  agencygraph query --param id=ICAT 'MATCH (n {id: $id})<-[r]-(m) RETURN type(r), m.id'

Labels are node kinds (UnEntity, Mechanism, WorkingGroup, ...), relationship types are
edge kinds in UPPER_SNAKE_CASE (SECRETARIAT_OF, MEMBER_OF, ...).")]
    Query(cypher::QueryCommand),

    /// An interactive prompt for Cypher queries, with line editing and history.
    #[command(after_help = "\
End each query with `;`; it may span lines, and a line may hold several. :help inside
the shell lists its commands (:format, :param, :params, :explain, :quit) and where the
history is kept between sessions: agencygraph/shell-history.txt in the data directory
(~/.local/share on Linux, ~/Library/Application Support on macOS, %APPDATA% on Windows).

Examples:
  agencygraph shell
  agencygraph shell --at 2019 --graph my-graph")]
    Shell(cypher::QueryArgs),

    /// Write the bundled data set into a directory as editable files.
    #[command(after_help = "\
Examples:
  agencygraph init my-graph
  agencygraph add node --graph my-graph --id UNFPA --kind un-entity \\
      --name \"United Nations Population Fund\"")]
    Init {
        /// The directory (created if missing; must be empty).
        dir: PathBuf,
        /// Start with no entities at all, to import into.
        #[arg(long)]
        empty: bool,
    },

    /// Bring rows in from CSV, GraphML or JSON files, checked, all or nothing.
    #[command(after_help = "\
Examples:
  agencygraph import --template csv -o sheets/           empty spreadsheets to fill in
  agencygraph import --graph my-graph sheets/*.csv --dry-run
  agencygraph import --graph my-graph colleague.csv --update
  agencygraph init --empty copy && agencygraph import --graph copy tables/*.csv

Edge rows may name entities as everywhere else (\"UN Women\" for UN-WOMEN); every bad
row is reported with its file, row and column, and then nothing is written.")]
    Import(import::ImportArgs),

    #[command(flatten)]
    Edit(edit::EditCommand),

    /// Rank entities by a centrality measure: degree, betweenness, closeness, PageRank
    /// or eigenvector, over the graph taken as undirected (as networkx computes them).
    #[command(after_help = "\
Examples:
  agencygraph rank --by pagerank --top 5
  agencygraph rank --by betweenness --kinds un-entity,mechanism,working-group
  agencygraph rank --by closeness --at 2019 --format csv
  agencygraph rank --by betweenness --sample 100 --graph big/   an estimate, for large graphs")]
    Rank(analysis::RankArgs),

    /// Group entities into communities (Louvain) or connected components.
    #[command(after_help = "\
Examples:
  agencygraph communities
  agencygraph communities --by components --edge-kinds chairs,co-chairs,member-of")]
    Communities(analysis::CommunitiesArgs),

    /// Who brokers: the entities and relations without which the network splits.
    #[command(after_help = "\
Examples:
  agencygraph brokers
  agencygraph brokers --edge-kinds member-of,participates-in,part-of --format json")]
    Brokers(analysis::NetworkArgs),
    #[command(flatten)]
    Curate(curate::CurateCommand),

    /// Print a completion script for a shell.
    #[command(after_help = "\
Examples:
  agencygraph completions bash > ~/.local/share/bash-completion/completions/agencygraph
  agencygraph completions zsh > ~/.zfunc/_agencygraph
  agencygraph completions fish > ~/.config/fish/completions/agencygraph.fish
  agencygraph completions powershell >> $PROFILE")]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff), for `man`.
    #[command(after_help = "\
Examples:
  agencygraph man > ~/.local/share/man/man1/agencygraph.1
  agencygraph man | man -l -")]
    Man,
}

impl Command {
    /// The years the command is asked about, for those that take `--at`.
    fn year_args(&self) -> Option<&YearArgs> {
        match self {
            Command::Who { filter, .. }
            | Command::What { filter, .. }
            | Command::Peers { filter, .. } => Some(&filter.years),
            Command::Path { years, .. } => Some(years),
            Command::Export(args) => Some(args.year_args()),
            Command::Query(command) => Some(command.year_args()),
            Command::Shell(args) => Some(args.year_args()),
            Command::Rank(args) => Some(&args.network.years),
            Command::Communities(args) => Some(&args.network.years),
            Command::Brokers(args) => Some(&args.years),
            _ => None,
        }
    }

    /// Whether standard output carries text for people, made visible (see
    /// `agencygraph::visible`), rather than data for programs (JSON, CSV, DOT, SVG,
    /// completion scripts, the manual), which keeps exact values escaped by its format.
    fn for_people(&self) -> bool {
        match self {
            Command::Show { format, .. }
            | Command::List { format, .. }
            | Command::Stats { format, .. }
            | Command::Check { format, .. } => *format == Format::Table,
            Command::Who { filter, .. }
            | Command::What { filter, .. }
            | Command::Peers { filter, .. } => filter.format == QueryFormat::Table,
            Command::Path { format, .. } | Command::Why { format, .. } => {
                *format == QueryFormat::Table
            }
            Command::Export(_) | Command::Completions { .. } | Command::Man => false,
            Command::Query(command) => command.for_people(),
            Command::Rank(args) => args.network.format == QueryFormat::Table,
            Command::Communities(args) => args.network.format == QueryFormat::Table,
            Command::Brokers(args) => args.format == QueryFormat::Table,
            Command::Shell(_) | Command::Init { .. } | Command::Edit(_) | Command::Import(_) => {
                true
            }
            Command::Curate(command) => command.for_people(),
        }
    }
}

/// The filters `who`, `what` and `peers` share.
#[derive(Debug, Args)]
struct FilterArgs {
    /// Only these roles (comma-separated: chair,co-chair,coordinator,secretariat,member,
    /// funder,administrator,organiser,co-sponsor,supporter,implementer,founder,publisher,
    /// partner,part).
    #[arg(long, value_name = "ROLES", value_delimiter = ',', value_parser = parse_role)]
    role: Vec<Role>,
    /// Only relations of these kinds (comma-separated: member-of,participates-in).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_edge_kind)]
    edge_kinds: Vec<EdgeKind>,
    /// Only answers of these node kinds (comma-separated: un-entity,office).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_node_kind, alias = "kind")]
    kinds: Vec<NodeKind>,
    /// Also answer through parts (who) or through what the entity is part of or housed
    /// in (what), following part-of and housed-in; peers: both. Needs a name.
    #[arg(long, requires = "name")]
    transitive: bool,
    #[command(flatten)]
    years: YearArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    format: QueryFormat,
}

/// The years a question looks at: every command that takes `--at` takes these.
#[derive(Debug, Args)]
struct YearArgs {
    /// Only relations valid at this time: a year (2019), a month (2019-03) or a day
    /// (2019-03-15), each meaning some day of it; undated relations are kept (and
    /// marked).
    #[arg(long, value_name = "WHEN", allow_negative_numbers = true, conflicts_with_all = ["from_year", "to_year"])]
    at: Option<When>,
    /// Only relations valid in some year from this one on (with --to, a span).
    #[arg(
        long = "from",
        id = "from_year",
        value_name = "YEAR",
        allow_negative_numbers = true
    )]
    from: Option<i32>,
    /// Only relations valid in some year up to this one (with --from, a span).
    #[arg(
        long = "to",
        id = "to_year",
        value_name = "YEAR",
        allow_negative_numbers = true
    )]
    to: Option<i32>,
    /// Leave out relations that carry no dates, which the years above keep.
    #[arg(long)]
    exclude_undated: bool,
}

impl YearArgs {
    /// A span that ends before it starts is a mistake, not an empty question.
    fn check(&self) -> Result<(), String> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from > to => Err(format!(
                "--from {from} is after --to {to}; a span runs from the earlier year"
            )),
            _ => Ok(()),
        }
    }

    fn years(&self) -> Years {
        let years = Years::between(self.from, self.to).or_at_time(self.at);
        if self.exclude_undated {
            years.excluding_undated()
        } else {
            years
        }
    }
}

impl FilterArgs {
    fn filter(&self) -> agencygraph::questions::Filter {
        let mut filter = agencygraph::questions::Filter::default();
        filter.roles = non_empty(&self.role);
        filter.edge_kinds = non_empty(&self.edge_kinds);
        filter.node_kinds = non_empty(&self.kinds);
        filter.years = self.years.years();
        filter.transitive = self.transitive;
        filter
    }
}

/// `None` for an empty list: a filter not given keeps everything.
fn non_empty<T: Clone>(items: &[T]) -> Option<Vec<T>> {
    (!items.is_empty()).then(|| items.to_vec())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Aligned text for people.
    Table,
    /// JSON for scripts (shapes documented in the README).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum QueryFormat {
    /// Aligned text for people.
    Table,
    /// JSON for scripts (shapes documented in the README).
    Json,
    /// Comma-separated values with a header row, for spreadsheets.
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

fn parse_node_kind(text: &str) -> Result<NodeKind, String> {
    text.parse()
        .map_err(|e: agencygraph::model::UnknownKind| e.to_string())
}

fn parse_edge_kind(text: &str) -> Result<EdgeKind, String> {
    text.parse()
        .map_err(|e: agencygraph::model::UnknownKind| e.to_string())
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse()
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
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("cannot write {path}: {error}")]
    Output { path: PathBuf, error: io::Error },
    #[error("cannot read {path}: {error}")]
    Input { path: PathBuf, error: io::Error },
    #[error(transparent)]
    Proposals(Box<agencygraph::extract::ProposalsError>),
    #[error("{0}")]
    Message(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Mermaid(#[from] agencygraph::export::mermaid::MermaidError),
    /// Options that do not go together, found after parsing.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Picture(#[from] agencygraph::export::picture::PictureError),
}

impl CliError {
    /// A reader that went away (`agencygraph list | head -1`) is not an error.
    fn is_broken_pipe(&self) -> bool {
        match self {
            CliError::Io(error) => error.kind() == io::ErrorKind::BrokenPipe,
            CliError::Csv(error) => {
                matches!(error.kind(), csv::ErrorKind::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
            }
            _ => false,
        }
    }
}

/// Runs the program with the process's arguments; the binary's whole `main`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    MAX_ERRORS.store(cli.max_errors, std::sync::atomic::Ordering::Relaxed);
    if let Some(Err(message)) = cli.command.year_args().map(YearArgs::check) {
        Cli::command()
            .error(clap::error::ErrorKind::ArgumentConflict, message)
            .exit();
    }
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    // Text for people shows control characters from the data escaped (no escape
    // sequence in a name reaches the terminal); data for programs stays byte-exact.
    let own = term::own_sequences();
    let mut stdout: Box<dyn Write> = if cli.command.for_people() {
        Box::new(agencygraph::visible::VisibleWriter::new(
            anstream::AutoStream::new(io::stdout().lock(), choice),
            own.clone(),
        ))
    } else {
        Box::new(io::BufWriter::new(io::stdout().lock()))
    };
    let mut stderr = agencygraph::visible::VisibleWriter::new(
        anstream::AutoStream::new(io::stderr().lock(), choice),
        own,
    );
    let result = run(&cli, &mut stdout, &mut stderr).and_then(|outcome| {
        stdout.flush()?;
        Ok(outcome)
    });
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::FAILURE,
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(CliError::Load(error) | CliError::Store(StoreError::Load(error))) => {
            let _ = report_load_error(&mut stderr, &error);
            ExitCode::FAILURE
        }
        Err(CliError::Edit(EditError::Invalid(error))) => {
            let _ = report_load_error(&mut stderr, &error);
            let _ = writeln!(
                stderr,
                "{}: the change was refused; nothing was written",
                term::paint(term::ERROR, "error")
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            let _ = writeln!(stderr, "{}: {error}", term::paint(term::ERROR, "error"));
            let hint = match &error {
                CliError::Render(RenderError::SystemMissing) => Some(
                    "install Graphviz (Debian: apt-get install graphviz), or use --engine builtin"
                        .to_string(),
                ),
                CliError::Store(StoreError::Lock(error)) => Some(error.hint()),
                CliError::Edit(error) => error.hint(),
                _ => None,
            };
            if let Some(hint) = hint {
                let _ = writeln!(stderr, "  = hint: {hint}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, CliError> {
    match &cli.command {
        Command::Check {
            sources: true,
            format,
        } => {
            let json = *format == Format::Json;
            return curate::check_sources(graph_path(cli).as_deref(), json, out, err);
        }
        Command::Check { format, .. } => return commands::check(load(cli), *format, out, err),
        Command::Init { dir, empty } => return edit::init(dir, *empty, out),
        Command::Import(args) => {
            return import::import(graph_path(cli).as_deref(), args, out, err);
        }
        Command::Completions { shell } => {
            // Into memory first: `generate` panics when its writer fails (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "agencygraph", &mut script);
            out.write_all(&script)?;
            return Ok(Outcome::Done);
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(out)?;
            return Ok(Outcome::Done);
        }
        Command::Edit(command) => {
            return edit::edit(graph_path(cli).as_deref(), command, out, err);
        }
        Command::Curate(command) => {
            return curate::run(graph_path(cli).as_deref(), command, out, err);
        }
        _ => {}
    }
    let graph = load(cli)?;
    let outcome = answer(cli, &graph, out, err);
    // The process ends next, and the system takes its memory back at once: freeing a
    // large graph a list at a time first (tens of milliseconds at a million edges)
    // would only delay the answer's end.
    std::mem::forget(graph);
    outcome
}

/// Runs a command that reads the graph.
fn answer(
    cli: &Cli,
    graph: &Graph,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    match &cli.command {
        Command::Show { name, format } => commands::show(graph, name, *format, out, err),
        Command::List { kinds, format } => commands::list(graph, kinds, *format, out),
        Command::Stats { top, format } => commands::stats(graph, *top, *format, out),
        Command::Check { .. }
        | Command::Init { .. }
        | Command::Import(_)
        | Command::Edit(_)
        | Command::Curate(_)
        | Command::Completions { .. }
        | Command::Man => {
            unreachable!("handled above")
        }
        Command::Who { name, filter } => {
            let question = questions::Question::Who;
            questions::who_or_what(graph, question, name.as_deref(), filter, out, err)
        }
        Command::What { name, filter } => {
            let question = questions::Question::What;
            questions::who_or_what(graph, question, name.as_deref(), filter, out, err)
        }
        Command::Peers { name, filter } => questions::peers(graph, name, filter, out, err),
        Command::Path {
            from,
            to,
            all,
            max_hops,
            edge_kinds,
            years,
            format,
        } => {
            let mut options = agencygraph::questions::PathOptions::default();
            options.all = *all;
            options.max_hops = *max_hops;
            options.edge_kinds = non_empty(edge_kinds);
            options.years = years.years();
            questions::path(graph, [from, to], &options, *format, out, err)
        }
        Command::Why { a, b, format } => questions::why(graph, [a, b], *format, out, err),
        Command::Export(args) => export::export(graph, args, out, err),
        Command::Query(command) => cypher::query(graph, command, out, err),
        Command::Shell(args) => shell::shell(graph, args, out, err),
        Command::Rank(args) => analysis::rank(graph, args, out, err),
        Command::Communities(args) => analysis::communities(graph, args, out, err),
        Command::Brokers(args) => analysis::brokers(graph, args, out, err),
    }
}

/// The graph the user named: `--graph`, else a non-empty `AGENCYGRAPH_GRAPH` (empty
/// means "not set", as with most variables); `None` for the bundled data set.
fn graph_path(cli: &Cli) -> Option<PathBuf> {
    cli.graph.clone().or_else(|| {
        std::env::var_os("AGENCYGRAPH_GRAPH")
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    })
}

fn load(cli: &Cli) -> Result<Graph, LoadError> {
    match graph_path(cli) {
        // Through the snapshot beside the files, when they have not changed since.
        Some(path) => Graph::open(path),
        None => Ok(Graph::bundled()),
    }
}

/// Resolves a name for a command, explaining on `err` (and as JSON on `out`, for JSON
/// output) when it does not name exactly one entity.
fn resolve<'g>(
    graph: &'g Graph,
    name: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Option<&'g agencygraph::Node>, CliError> {
    match graph.resolve(name) {
        Ok(node) => Ok(Some(node)),
        Err(error) => {
            if json {
                render::write_json(out, &error)?;
            }
            term::resolve_error(err, &error)?;
            Ok(None)
        }
    }
}

fn report_load_error(err: &mut dyn Write, error: &LoadError) -> io::Result<()> {
    let shown = MAX_ERRORS.load(std::sync::atomic::Ordering::Relaxed);
    for diagnostic in error.diagnostics.iter().take(shown) {
        term::diagnostic(err, diagnostic)?;
        writeln!(err)?;
    }
    if let Some(rest) = error.summary(shown) {
        writeln!(err, "{rest}\n")?;
    }
    let count = error.diagnostics.len();
    writeln!(
        err,
        "{}: the graph has {count} problem{}",
        term::paint(term::ERROR, "error"),
        if count == 1 { "" } else { "s" }
    )
}
