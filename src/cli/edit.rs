//! The editing commands: init, add, set, unset, alias, remove, rename, merge and fmt.
//! Each opens the graph under its lock, works the change out, checks it, and writes it
//! all or nothing — or, with `--dry-run`, shows it as a diff.

use std::io::Write;
use std::path::Path;

use clap::{Args, Subcommand, ValueEnum};

use super::term::{self, DIM, HEADING, paint};
use super::{CliError, Outcome, parse_edge_kind, parse_node_kind};
use agencygraph::graph::Graph;
use agencygraph::model::{Amount, Edge, EdgeKind, Evidence, Node, NodeKind, Source};
use agencygraph::store::{EditError, NodeField, Plan, Store, Transaction};

/// What every editing command takes.
#[derive(Debug, Args)]
pub(super) struct EditArgs {
    /// Show what would change, as a diff, and write nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub(super) enum AddCommand {
    /// Add an entity.
    #[command(after_help = "\
Example:
  agencygraph add node --graph my-graph --id UNFPA --kind un-entity \\
      --name \"United Nations Population Fund\" --alias UNFPA")]
    Node {
        /// The id: capital letters and digits joined by dashes.
        #[arg(long)]
        id: String,
        /// The kind (un-entity, office, mechanism, working-group, fund, event, ...).
        #[arg(long, value_parser = parse_node_kind)]
        kind: NodeKind,
        /// The full name.
        #[arg(long)]
        name: String,
        /// Another name it goes by (repeatable).
        #[arg(long = "alias", value_name = "ALIAS")]
        aliases: Vec<String>,
        /// What it is, in a sentence or two.
        #[arg(long)]
        description: Option<String>,
        /// The year it was established.
        #[arg(long, value_name = "YEAR")]
        established: Option<i32>,
        /// Its web address.
        #[arg(long)]
        url: Option<String>,
        /// Notes on how the entry was read from the sources.
        #[arg(long)]
        notes: Option<String>,
        #[command(flatten)]
        edit: EditArgs,
    },
    /// Add a relation with its evidence (or more evidence to a relation already there).
    #[command(after_help = "\
Example:
  agencygraph add edge --graph my-graph UNFPA member-of UN-ACTION \\
      --source report-2024 --quote \"UNFPA is a member of UN Action\"")]
    Edge {
        /// The subject (an id, name or alias).
        from: String,
        /// The relation (member-of, chairs, funds, ...).
        #[arg(value_parser = parse_edge_kind)]
        kind: EdgeKind,
        /// The object (an id, name or alias).
        to: String,
        /// The source the quote is from.
        #[arg(long)]
        source: String,
        /// The source's words that state the relation, verbatim.
        #[arg(long)]
        quote: String,
        /// The subject's role, in the source's words.
        #[arg(long)]
        role: Option<String>,
        /// First year the relation held.
        #[arg(long, value_name = "YEAR")]
        since: Option<i32>,
        /// Last year the relation held.
        #[arg(long, value_name = "YEAR")]
        until: Option<i32>,
        /// The year it is reported for.
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
        /// A date: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
        /// Money involved: `[over|under|about] VALUE CURRENCY`, such as "over 500000000 USD".
        #[arg(long, value_parser = parse_amount)]
        amount: Option<Amount>,
        /// The node the relation runs through (an id, name or alias).
        #[arg(long)]
        via: Option<String>,
        /// The source only implies the relation.
        #[arg(long)]
        inferred: bool,
        /// Notes: how it was read, or inferred.
        #[arg(long)]
        notes: Option<String>,
        #[command(flatten)]
        edit: EditArgs,
    },
    /// Add a source document.
    #[command(after_help = "\
Example:
  agencygraph add source --graph my-graph --id report-2024 \\
      --title \"Annual report 2024\"")]
    Source {
        /// A short key that evidence names.
        #[arg(long)]
        id: String,
        /// The document's title.
        #[arg(long)]
        title: String,
        /// Who published it.
        #[arg(long)]
        publisher: Option<String>,
        /// The year it was published.
        #[arg(long)]
        year: Option<i32>,
        /// Its plain text: the file is copied to `sources/` in the graph's directory,
        /// where `check --sources` and `extract` read it.
        #[arg(long, value_name = "TEXT_FILE")]
        file: Option<std::path::PathBuf>,
        /// Where to find it.
        #[arg(long)]
        locator: Option<String>,
        /// Notes.
        #[arg(long)]
        notes: Option<String>,
        #[command(flatten)]
        edit: EditArgs,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum RemoveCommand {
    /// Remove an entity; refused while relations name it, unless --cascade.
    #[command(after_help = "\
Example:
  agencygraph remove node --graph my-graph UNFPA --cascade")]
    Node {
        /// The entity (an id, name or alias).
        name: String,
        /// Remove the relations that name it too.
        #[arg(long)]
        cascade: bool,
        #[command(flatten)]
        edit: EditArgs,
    },
    /// Remove a relation.
    #[command(after_help = "\
Example:
  agencygraph remove edge --graph my-graph UNFPA member-of UN-ACTION")]
    Edge {
        /// The subject.
        from: String,
        /// The relation.
        #[arg(value_parser = parse_edge_kind)]
        kind: EdgeKind,
        /// The object.
        to: String,
        #[command(flatten)]
        edit: EditArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum AliasAction {
    /// Add the alias.
    Add,
    /// Remove the alias.
    Remove,
}

fn parse_amount(text: &str) -> Result<Amount, String> {
    text.parse()
}

fn parse_field(text: &str) -> Result<NodeField, String> {
    text.parse()
}

/// The editing subcommands, as `main` dispatches them.
// Parsed once per run: boxing the large `add edge` variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub(super) enum EditCommand {
    /// Add an entity, a relation or a source.
    #[command(subcommand)]
    Add(AddCommand),
    /// Set a field of an entity: name, kind, description, established, url or notes.
    #[command(after_help = "\
Example:
  agencygraph set --graph my-graph UNODC url https://www.unodc.org/")]
    Set {
        /// The entity (an id, name or alias).
        name: String,
        /// The field.
        #[arg(value_parser = parse_field)]
        field: NodeField,
        /// The new value.
        value: String,
        #[command(flatten)]
        edit: EditArgs,
    },
    /// Remove an optional field of an entity: description, established, url or notes.
    #[command(after_help = "\
Example:
  agencygraph unset --graph my-graph UNODC url")]
    Unset {
        /// The entity (an id, name or alias).
        name: String,
        /// The field.
        #[arg(value_parser = parse_field)]
        field: NodeField,
        #[command(flatten)]
        edit: EditArgs,
    },
    /// Add or remove an alias of an entity.
    #[command(after_help = "\
Examples:
  agencygraph alias --graph my-graph UNODC add \"UN Office on Drugs and Crime\"
  agencygraph alias --graph my-graph UNODC remove \"UN Office on Drugs and Crime\"")]
    Alias {
        /// The entity (an id, name or alias).
        name: String,
        /// Add or remove.
        #[arg(value_enum)]
        action: AliasAction,
        /// The alias.
        alias: String,
        #[command(flatten)]
        edit: EditArgs,
    },
    /// Remove an entity or a relation.
    #[command(subcommand)]
    Remove(RemoveCommand),
    /// Give an entity a new id everywhere; the old id stays as an alias.
    #[command(after_help = "\
Example:
  agencygraph rename --graph my-graph UN-TRUST-FUND UNTF")]
    Rename {
        /// The entity (an id, name or alias).
        old: String,
        /// The new id.
        new: String,
        #[command(flatten)]
        edit: EditArgs,
    },
    /// Make two entities one: DROP's names become aliases of KEEP and its relations move over.
    #[command(after_help = "\
Example:
  agencygraph merge --graph my-graph UN-WOMEN UNWOMEN-DUPLICATE")]
    Merge {
        /// The entity that stays.
        keep: String,
        /// The entity that goes.
        drop: String,
        #[command(flatten)]
        edit: EditArgs,
    },
    /// Rewrite every file in the canonical form (what `cargo fmt` is to Rust).
    #[command(after_help = "\
Examples:
  agencygraph fmt --graph my-graph
  agencygraph fmt --graph graph/ --check     exit 1, listing them, if any file would change")]
    Fmt {
        /// Change nothing; list the files that are not canonical and exit 1 if there are any.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        edit: EditArgs,
    },
}

/// `agencygraph init DIR`
pub(super) fn init(dir: &Path, empty: bool, out: &mut dyn Write) -> Result<Outcome, CliError> {
    if empty {
        let files = agencygraph::store::init_empty(dir)?;
        writeln!(
            out,
            "wrote an empty graph to {} ({} files); fill it with --graph {}",
            dir.display(),
            files.len(),
            dir.display()
        )?;
        return Ok(Outcome::Done);
    }
    let files = agencygraph::store::init(dir)?;
    writeln!(
        out,
        "wrote the bundled data set to {} ({} files); edit it with --graph {}",
        dir.display(),
        files.len(),
        dir.display()
    )?;
    Ok(Outcome::Done)
}

/// Runs an editing command on the graph at `path`.
pub(super) fn edit(
    path: Option<&Path>,
    command: &EditCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let Some(path) = path else {
        return read_only(err);
    };
    let mut store = Store::open(path)?;
    if let EditCommand::Fmt { check: true, .. } = command {
        let unformatted = store.unformatted();
        for file in &unformatted {
            writeln!(out, "would reformat {}", file.display())?;
        }
        return Ok(if unformatted.is_empty() {
            Outcome::Done
        } else {
            Outcome::Failed
        });
    }
    let (plan, dry_run) = match plan(&store, command, out, err)? {
        Some(planned) => planned,
        None => return Ok(Outcome::Failed),
    };
    finish(&mut store, &plan, dry_run, out)
}

/// Explains that the bundled data cannot be changed; the command failed.
pub(super) fn read_only(err: &mut dyn Write) -> Result<Outcome, CliError> {
    term::error_line(err, "the bundled data set is read-only")?;
    writeln!(
        err,
        "  = hint: `agencygraph init my-graph` writes an editable copy; then pass --graph my-graph (or set AGENCYGRAPH_GRAPH)"
    )?;
    Ok(Outcome::Failed)
}

/// Shows a planned change (`--dry-run`), or writes it and says what it did.
pub(super) fn finish(
    store: &mut Store,
    plan: &Plan,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    if dry_run {
        show_plan(plan, out)?;
        return Ok(Outcome::Done);
    }
    store.save(plan)?;
    for message in &plan.messages {
        writeln!(out, "{message}")?;
    }
    if plan.is_empty() {
        writeln!(out, "nothing to change")?;
    }
    Ok(Outcome::Done)
}

/// A name given on the command line as the id of the node it resolves to; `None` once
/// the failure is explained.
fn id_of(
    graph: &Graph,
    name: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Option<String>, CliError> {
    Ok(super::resolve(graph, name, false, out, err)?.map(|n| n.id.clone()))
}

/// Works the command's change out; `None` when a name did not resolve.
fn plan(
    store: &Store,
    command: &EditCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Option<(Plan, bool)>, CliError> {
    let graph = store.graph();
    macro_rules! id {
        ($name:expr) => {
            match id_of(graph, $name, out, err)? {
                Some(id) => id,
                None => return Ok(None),
            }
        };
    }
    type Edit<'a> = Box<dyn FnOnce(&mut Transaction) -> Result<(), EditError> + 'a>;
    let (change, edit): (Edit<'_>, &EditArgs) = match command {
        EditCommand::Add(AddCommand::Node {
            id,
            kind,
            name,
            aliases,
            description,
            established,
            url,
            notes,
            edit,
        }) => {
            let node = Node {
                id: id.clone(),
                kind: *kind,
                name: name.clone(),
                aliases: aliases.clone(),
                description: description.clone(),
                established: *established,
                url: url.clone(),
                notes: notes.clone(),
            };
            (Box::new(move |tx| tx.add_node(node)), edit)
        }
        EditCommand::Add(AddCommand::Edge {
            from,
            kind,
            to,
            source,
            quote,
            role,
            since,
            until,
            year,
            date,
            amount,
            via,
            inferred,
            notes,
            edit,
        }) => {
            let via = match via {
                Some(via) => Some(id!(via)),
                None => None,
            };
            let edge = Edge {
                from: id!(from),
                kind: *kind,
                to: id!(to),
                role: role.clone(),
                since: *since,
                until: *until,
                year: *year,
                date: date.clone(),
                amount: amount.clone(),
                via,
                inferred: *inferred,
                notes: notes.clone(),
                evidence: vec![Evidence::new(source.clone(), quote.clone())],
            };
            (Box::new(move |tx| tx.add_edge(edge)), edit)
        }
        EditCommand::Add(AddCommand::Source {
            id,
            title,
            publisher,
            year,
            locator,
            file,
            notes,
            edit,
        }) => {
            let source = Source {
                id: id.clone(),
                title: title.clone(),
                publisher: publisher.clone(),
                year: *year,
                locator: locator.clone(),
                file: None,
                notes: notes.clone(),
            };
            match file {
                Some(file) => {
                    let text = std::fs::read_to_string(file).map_err(|error| CliError::Input {
                        path: file.clone(),
                        error,
                    })?;
                    let name = file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    (
                        Box::new(move |tx| tx.add_source_with_text(source, &name, text)),
                        edit,
                    )
                }
                None => (Box::new(move |tx| tx.add_source(source)), edit),
            }
        }
        EditCommand::Set {
            name,
            field,
            value,
            edit,
        } => {
            let id = id!(name);
            (Box::new(move |tx| tx.set(&id, *field, value)), edit)
        }
        EditCommand::Unset { name, field, edit } => {
            let id = id!(name);
            (Box::new(move |tx| tx.unset(&id, *field)), edit)
        }
        EditCommand::Alias {
            name,
            action,
            alias,
            edit,
        } => {
            let id = id!(name);
            match action {
                AliasAction::Add => (Box::new(move |tx| tx.add_alias(&id, alias)), edit),
                AliasAction::Remove => (Box::new(move |tx| tx.remove_alias(&id, alias)), edit),
            }
        }
        EditCommand::Remove(RemoveCommand::Node {
            name,
            cascade,
            edit,
        }) => {
            let id = id!(name);
            (Box::new(move |tx| tx.remove_node(&id, *cascade)), edit)
        }
        EditCommand::Remove(RemoveCommand::Edge {
            from,
            kind,
            to,
            edit,
        }) => {
            let (from, to) = (id!(from), id!(to));
            (Box::new(move |tx| tx.remove_edge(&from, *kind, &to)), edit)
        }
        EditCommand::Rename { old, new, edit } => {
            let old = id!(old);
            (Box::new(move |tx| tx.rename(&old, new)), edit)
        }
        EditCommand::Merge { keep, drop, edit } => {
            let (keep, drop) = (id!(keep), id!(drop));
            (Box::new(move |tx| tx.merge(&keep, &drop)), edit)
        }
        EditCommand::Fmt { edit, .. } => {
            return Ok(Some((store.format()?, edit.dry_run)));
        }
    };
    Ok(Some((store.change(change)?, edit.dry_run)))
}

/// What a dry run shows: what would be done, and each file's diff.
fn show_plan(plan: &Plan, out: &mut dyn Write) -> std::io::Result<()> {
    for message in &plan.messages {
        writeln!(out, "would have {message}")?;
    }
    for change in &plan.changes {
        let name = change.path.display().to_string();
        let before = change.before.as_deref().unwrap_or("");
        let diff = similar::TextDiff::from_lines(before, &change.after);
        let old_name = if change.before.is_some() {
            name.clone()
        } else {
            "/dev/null".to_string()
        };
        writeln!(out)?;
        for line in diff
            .unified_diff()
            .context_radius(3)
            .header(&old_name, &name)
            .to_string()
            .lines()
        {
            let styled = if line.starts_with("+++") || line.starts_with("---") {
                paint(HEADING, line)
            } else if line.starts_with('+') {
                paint(term::OK, line)
            } else if line.starts_with('-') {
                paint(term::ERROR, line)
            } else if line.starts_with("@@") {
                paint(DIM, line)
            } else {
                line.to_string()
            };
            writeln!(out, "{styled}")?;
        }
    }
    writeln!(out, "\ndry run: nothing was written")
}
