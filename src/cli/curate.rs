//! The curating commands: `check --sources` (every quote found in its source's text),
//! `extract`, `review` and `apply` (facts proposed from a report), `diff` and
//! `textconv` (what changed). The work is the library's ([`crate::sources`],
//! [`crate::extract`], [`crate::diff`]); this file reads arguments and writes text.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use super::term::{self, DIM, paint};
use super::{CliError, Outcome, render};
use agencygraph::Graph;
use agencygraph::dates::When;
use agencygraph::extract::{self, review};
use agencygraph::sources::{self, Outcome as Found};
use agencygraph::store::Store;

/// `agencygraph check --sources`: finds every quote in its source's text, reports those
/// that are not there with the closest passage, and fills or corrects the locators.
pub(super) fn check_sources(
    path: Option<&Path>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let mut store = match path {
        Some(path) => Some(Store::open(path)?),
        None => None,
    };
    let bundled;
    let (graph, texts) = match (&store, path) {
        (Some(store), Some(path)) => {
            let dir = sources::graph_dir(path);
            (store.graph(), sources::texts(store.graph(), Some(&dir)))
        }
        _ => {
            bundled = Graph::bundled();
            let texts = sources::texts(&bundled, None);
            (&bundled, texts)
        }
    };
    for text in &texts {
        if let Err(why) = &text.text {
            writeln!(
                err,
                "{}: no text for source `{}`: {why}",
                paint(term::NOTE, "warning"),
                text.source
            )?;
        }
    }
    let checks = sources::check(graph, &texts);
    let missing: Vec<&sources::QuoteCheck> = checks
        .iter()
        .filter(|c| matches!(c.outcome, Found::Missing { .. }))
        .collect();
    let found = checks
        .iter()
        .filter(|c| matches!(c.outcome, Found::Found { .. }))
        .count();
    let unchecked = checks.len() - found - missing.len();
    let stale = checks.iter().filter(|c| c.needs_update()).count();
    let mut written = Vec::new();
    if stale > 0 {
        match store.as_mut() {
            Some(store) => {
                let plan = sources::fill_locators(store, &checks)?;
                store.save(&plan)?;
                written = plan.messages;
            }
            None => written.push(format!(
                "{stale} locators out of date (the bundled data set is read-only)"
            )),
        }
    }
    if json {
        render::write_json(
            out,
            &serde_json::json!({
                "ok": missing.is_empty(),
                "found": found,
                "unchecked": unchecked,
                "missing": missing,
                "written": written,
            }),
        )?;
        return Ok(if missing.is_empty() {
            Outcome::Done
        } else {
            Outcome::Failed
        });
    }
    for check in &missing {
        let (from, kind, to) = &check.relation;
        term::error_line(err, format!("quote not found in `{}`", check.source))?;
        writeln!(err, "  {from} {} {to}: “{}”", kind.label(), check.quote)?;
        match &check.outcome {
            Found::Missing {
                closest: Some(passage),
            } => writeln!(
                err,
                "  = did you mean (line {}, {:.0}% alike): “{}”",
                passage.at.line,
                passage.similarity * 100.0,
                passage.text
            )?,
            _ => writeln!(err, "  = nothing in the text is alike")?,
        }
        writeln!(err)?;
    }
    for message in &written {
        writeln!(out, "{message}")?;
    }
    let unchecked_note = if unchecked > 0 {
        format!(", {unchecked} without a source text")
    } else {
        String::new()
    };
    if missing.is_empty() {
        writeln!(
            out,
            "{}: {found} quotes found in their sources{unchecked_note}",
            paint(term::OK, "ok")
        )?;
        Ok(Outcome::Done)
    } else {
        let (missing, checked) = (missing.len(), checks.len());
        let message = format!("{missing} of {checked} quotes not found in their sources");
        term::error_line(err, message + &unchecked_note)?;
        Ok(Outcome::Failed)
    }
}

/// The curating commands that take a report or a proposals file.
#[derive(Debug, clap::Subcommand)]
pub(super) enum CurateCommand {
    /// Propose the entities and relations a report states, for review: deterministic
    /// rules, the graph (or the bundled data) as the gazetteer of known names.
    #[command(after_help = "\
Examples:
  agencygraph extract report.txt --graph my-graph -o proposals.ron
  agencygraph extract report.txt --format table        read the proposals
  agencygraph review proposals.ron --graph my-graph    decide on each
  agencygraph apply proposals.ron --graph my-graph     write the accepted ones")]
    Extract {
        /// The report, as plain text.
        report: PathBuf,
        /// Write the proposals to this file (replaced whole) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// `ron`: the proposals file to review and apply; `table` and `json` to read.
        #[arg(long, value_enum, default_value_t = ProposalsFormat::Ron)]
        format: ProposalsFormat,
        /// The id of the source the report is. Default: the graph's source whose file
        /// has the report's name, else the report's file name without extension.
        #[arg(long, value_name = "ID")]
        source: Option<String>,
    },

    /// Walk through pending proposals: accept, reject, retype, rename, merge.
    #[command(after_help = "\
Examples:
  agencygraph review proposals.ron --graph my-graph
  agencygraph review proposals.ron --graph my-graph --answers answers.txt
  printf 'a\\nm UNICEF\\nr\\n' | agencygraph review proposals.ron --graph my-graph

Answers, one a line (standard input, so they can be piped, or --answers FILE):
  a               accept
  r               reject
  s               skip (stays pending)
  k KIND          retype (an entity's or a relation's kind) and accept
  n ID            rename a new entity and accept it (its relations follow)
  m NAME          merge a new entity into the graph's entity NAME (its names become aliases)
  q               stop; the decisions so far are saved")]
    Review {
        /// The proposals file, rewritten with the decisions.
        proposals: PathBuf,
        /// Read the answers from this file, one a line, instead of standard input (a
        /// review to repeat, or to keep beside the report).
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
    },

    /// Write the accepted proposals into the graph: validated, all or nothing.
    #[command(after_help = "\
Example:
  agencygraph apply proposals.ron --graph my-graph --dry-run")]
    Apply {
        /// The proposals file.
        proposals: PathBuf,
        /// Show what would change, as a diff, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },

    /// What changed between two graphs, two git revisions of one, or two times.
    // Negative numbers are years (`--at -5`), never options.
    #[command(
        allow_negative_numbers = true,
        after_help = "\
Examples:
  agencygraph diff old-graph new-graph            two directories or .ron files
  agencygraph diff --graph my-graph --rev HEAD    the last commit against the files now
  agencygraph diff --graph my-graph --rev HEAD~3 --rev HEAD
  agencygraph diff --at 2015 --to 2020            relations that started, ended or held
  agencygraph diff --at 2019-02 --to 2019-04      the same by the month
  agencygraph diff --graph my-graph --rev HEAD --format svg -o changes.svg

Lines read `+ WFP member-of IASC` (added), `- ...` (removed), `~ UNMAS chairs IACG-MA:
until 2024` (changed), `> OLD renamed NEW`; with --at/--to, `+` started, `-` ended,
`=` held, `*` only in between."
    )]
    Diff {
        /// OLD and NEW: graph directories or .ron files.
        #[arg(num_args = 0..=2, value_name = "GRAPH")]
        graphs: Vec<PathBuf>,
        /// A git revision of the --graph directory (twice: OLD and NEW; once: against
        /// the files as they are).
        #[arg(long = "rev", value_name = "REV")]
        revs: Vec<String>,
        /// With --to: the relations of the graph that started, ended or held between
        /// the two times, by their dates: each a year (2019), a month (2019-03) or a
        /// day (2019-03-15).
        #[arg(long, value_name = "WHEN", requires = "to")]
        at: Option<When>,
        /// The later time, with --at.
        #[arg(long, value_name = "WHEN", requires = "at")]
        to: Option<When>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Write to this file (replaced whole) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },

    /// Print a graph file as one statement a line (the git textconv driver).
    #[command(hide = true)]
    Textconv {
        /// A .ron file of a graph.
        file: PathBuf,
    },
}

/// How `diff` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum DiffFormat {
    /// One line per change.
    Text,
    /// The changes as JSON.
    Json,
    /// A DOT picture of the changes and one hop around them.
    Dot,
    /// The DOT picture laid out as SVG.
    Svg,
}

impl CurateCommand {
    /// Whether standard output is text for people rather than data for programs (see
    /// `Command::for_people`): RON and JSON proposals, JSON, DOT and SVG changes are data.
    pub(super) fn for_people(&self) -> bool {
        match self {
            CurateCommand::Extract { format, .. } => *format == ProposalsFormat::Table,
            CurateCommand::Diff { format, .. } => *format == DiffFormat::Text,
            CurateCommand::Review { .. }
            | CurateCommand::Apply { .. }
            | CurateCommand::Textconv { .. } => true,
        }
    }
}

/// How `extract` writes proposals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ProposalsFormat {
    /// RON, to edit, review and apply.
    Ron,
    /// A table to read.
    Table,
    /// JSON.
    Json,
}

pub(super) fn run(
    path: Option<&Path>,
    command: &CurateCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    match command {
        CurateCommand::Extract {
            report,
            output,
            format,
            source,
        } => extract(
            path,
            report,
            output.as_deref(),
            *format,
            source.as_deref(),
            out,
        ),
        CurateCommand::Review { proposals, answers } => {
            let answers: Box<dyn BufRead> = match answers {
                Some(file) => Box::new(std::io::Cursor::new(read(file)?)),
                None => Box::new(std::io::stdin().lock()),
            };
            review(path, proposals, answers, out, err)
        }
        CurateCommand::Apply { proposals, dry_run } => apply(path, proposals, *dry_run, out, err),
        CurateCommand::Diff {
            graphs,
            revs,
            at,
            to,
            format,
            output,
        } => diff(
            path,
            graphs,
            revs,
            at.zip(*to),
            *format,
            output.as_deref(),
            out,
            err,
        ),
        CurateCommand::Textconv { file } => {
            let text = read(file)?;
            let dataset: agencygraph::Dataset = ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                .from_str(&text)
                .map_err(|e| CliError::Message(format!("{}:{}", file.display(), e)))?;
            out.write_all(agencygraph::diff::statements(&dataset).as_bytes())?;
            Ok(Outcome::Done)
        }
    }
}

/// A graph at a git revision: its `.ron` files under `dir`, read with `git show`.
fn at_revision(dir: &Path, rev: &str) -> Result<Graph, CliError> {
    let git = |args: &[&str]| -> Result<String, CliError> {
        let output = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .map_err(|error| CliError::Input {
                path: dir.to_path_buf(),
                error,
            })?;
        if !output.status.success() {
            return Err(CliError::Message(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let names = git(&["ls-tree", "-r", "--name-only", rev, "--", "."])?;
    let mut files = Vec::new();
    for name in names.lines().filter(|n| n.ends_with(".ron")) {
        files.push((
            name.to_string(),
            git(&["show", &format!("{rev}:./{name}")])?,
        ));
    }
    Ok(Graph::from_ron_files(
        files.iter().map(|(n, t)| (n.as_str(), t.as_str())),
    )?)
}

#[allow(clippy::too_many_arguments)]
fn diff(
    path: Option<&Path>,
    graphs: &[PathBuf],
    revs: &[String],
    times: Option<(When, When)>,
    format: DiffFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    use agencygraph::diff;
    let mut text = String::new();
    if let Some((from, to)) = times {
        if from.bounds().0 > to.bounds().1 {
            return Err(CliError::Usage(format!(
                "--at {from} comes after --to {to}: give the earlier time first"
            )));
        }
        let graph = graph_of(path)?;
        let spans = diff::between(&graph, from, to);
        match format {
            DiffFormat::Json => {
                let rows: Vec<serde_json::Value> = spans
                    .iter()
                    .map(|(span, e)| serde_json::json!({"span": span, "from": e.from(), "kind": e.kind().name(), "to": e.to()}))
                    .collect();
                text = serde_json::to_string_pretty(&rows).expect("json") + "\n";
            }
            _ => {
                for (span, edge) in spans {
                    let sign = match span {
                        diff::Span::Started => '+',
                        diff::Span::Ended => '-',
                        diff::Span::Held => '=',
                        diff::Span::Within => '*',
                    };
                    let dates = [
                        edge.since().map(|y| format!("since {y}")),
                        edge.until().map(|y| format!("until {y}")),
                        edge.year().map(|y| format!("in {y}")),
                        edge.date().as_ref().map(|d| format!("on {d}")),
                    ];
                    let dates: Vec<String> = dates.into_iter().flatten().collect();
                    text.push_str(&format!(
                        "{sign} {} {} {}  ({})\n",
                        edge.from(),
                        edge.kind().name(),
                        edge.to(),
                        dates.join(", ")
                    ));
                }
            }
        }
        return finish_diff(&text, output, out);
    }
    let (old, new) = match (graphs, revs, path) {
        ([old, new], [], _) => (Graph::load(old)?, Graph::load(new)?),
        ([], [rev], Some(dir)) => (at_revision(dir, rev)?, Graph::load(dir)?),
        ([], [old, new], Some(dir)) => (at_revision(dir, old)?, at_revision(dir, new)?),
        _ => {
            term::error_line(
                err,
                "give two graphs (OLD NEW), or --graph DIR with one or two --rev",
            )?;
            return Ok(Outcome::Failed);
        }
    };
    let changes = diff::diff(&old, &new);
    match format {
        DiffFormat::Text => {
            for line in changes.lines() {
                text.push_str(&line);
                text.push('\n');
            }
            if changes.is_empty() {
                text.push_str("no changes\n");
            }
        }
        DiffFormat::Json => text = serde_json::to_string_pretty(&changes).expect("json") + "\n",
        DiffFormat::Dot => text = diff::to_dot(&changes, &old, &new),
        DiffFormat::Svg => {
            text = agencygraph::export::render_svg(
                &diff::to_dot(&changes, &old, &new),
                agencygraph::export::Engine::Auto,
            )?;
        }
    }
    finish_diff(&text, output, out)
}

fn finish_diff(
    text: &str,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    match output {
        Some(path) => {
            std::fs::write(path, text).map_err(|error| CliError::Output {
                path: path.to_path_buf(),
                error,
            })?;
            writeln!(out, "wrote {}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(Outcome::Done)
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|error| CliError::Input {
        path: path.to_path_buf(),
        error,
    })
}

/// Replaces `path` with `text` whole: written beside it, then renamed over it.
fn replace(path: &Path, text: &str) -> Result<(), CliError> {
    let staging = path.with_extension("ron.tmp");
    std::fs::write(&staging, text)
        .and_then(|()| std::fs::rename(&staging, path))
        .map_err(|error| {
            let _ = std::fs::remove_file(&staging);
            CliError::Output {
                path: path.to_path_buf(),
                error,
            }
        })
}

fn graph_of(path: Option<&Path>) -> Result<Graph, CliError> {
    Ok(match path {
        Some(path) => Graph::load(path)?,
        None => Graph::bundled(),
    })
}

fn extract(
    path: Option<&Path>,
    report: &Path,
    output: Option<&Path>,
    format: ProposalsFormat,
    source: Option<&str>,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let text = read(report)?;
    let graph = graph_of(path)?;
    let file_name = report.file_name().map(|n| n.to_string_lossy().into_owned());
    let source = source.map(str::to_string).unwrap_or_else(|| {
        graph
            .sources()
            .iter()
            .find(|s| {
                s.file
                    .as_deref()
                    .and_then(|f| Path::new(f).file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    == file_name
            })
            .map(|s| s.id.clone())
            .unwrap_or_else(|| {
                report.file_stem().map_or_else(
                    || "report".to_string(),
                    |s| s.to_string_lossy().into_owned(),
                )
            })
    });
    let proposals = extract::extract(&text, &graph, &extract::Options::new(source));
    let written = match format {
        ProposalsFormat::Ron => proposals.to_ron(),
        ProposalsFormat::Json => {
            let mut json = serde_json::to_string_pretty(&proposals).expect("proposals serialize");
            json.push('\n');
            json
        }
        ProposalsFormat::Table => table(&proposals),
    };
    match output {
        Some(output) => {
            replace(output, &written)?;
            writeln!(
                out,
                "wrote {}: {} new entities, {} aliases, {} relations ({} known entities named)",
                output.display(),
                proposals.nodes.len(),
                proposals.aliases.len(),
                proposals.relations.len(),
                proposals.known.len()
            )?;
        }
        None => out.write_all(written.as_bytes())?,
    }
    Ok(Outcome::Done)
}

/// The proposals as a table to read: one line each, with status, score and place.
fn table(proposals: &extract::Proposals) -> String {
    let status = |s: extract::Status| match s {
        extract::Status::Pending => "pending ",
        extract::Status::Accepted => "accepted",
        extract::Status::Rejected => "rejected",
    };
    let at =
        |at: Option<agencygraph::Locator>| at.map(|a| format!(":{}", a.line)).unwrap_or_default();
    let mut text = String::new();
    let mut section = |title: &str, rows: Vec<String>| {
        if !rows.is_empty() {
            text.push_str(&format!("{title}\n"));
            for row in rows {
                text.push_str(&format!("  {row}\n"));
            }
        }
    };
    section(
        "new entities",
        proposals
            .nodes
            .iter()
            .map(|n| {
                format!(
                    "{} {:.2}  {} ({})  {}  {}{}",
                    status(n.status),
                    n.score,
                    n.id,
                    n.kind.name(),
                    n.name,
                    proposals.source,
                    at(n.at)
                )
            })
            .collect(),
    );
    section(
        "new aliases",
        proposals
            .aliases
            .iter()
            .map(|a| {
                format!(
                    "{} {:.2}  {} += {}  {}{}",
                    status(a.status),
                    a.score,
                    a.node,
                    a.alias,
                    proposals.source,
                    at(a.at)
                )
            })
            .collect(),
    );
    section(
        "relations",
        proposals
            .relations
            .iter()
            .map(|r| {
                let inferred = if r.inferred { " (inferred)" } else { "" };
                format!(
                    "{} {:.2}  {}{inferred}  {}{}",
                    status(r.status),
                    r.score,
                    r.statement(),
                    proposals.source,
                    at(r.at)
                )
            })
            .collect(),
    );
    text
}

fn review(
    path: Option<&Path>,
    file: &Path,
    answers: Box<dyn BufRead>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let mut proposals = load_proposals(file)?;
    let graph = graph_of(path)?;
    let pending = proposals.pending();
    let total = pending.len();
    let mut answers = answers.lines();
    let mut decided = 0;
    'items: for (n, item) in pending.into_iter().enumerate() {
        writeln!(out, "[{}/{total}] {}", n + 1, proposals.describe(item))?;
        loop {
            write!(
                out,
                "{}",
                paint(
                    DIM,
                    "accept, reject, skip, kind K, name ID, merge NAME, quit [a/r/s/k/n/m/q]? "
                )
            )?;
            out.flush()?;
            let Some(answer) = answers.next().transpose()? else {
                writeln!(out)?;
                break 'items;
            };
            writeln!(out, "{}", answer.trim())?;
            match answer.trim() {
                "q" | "quit" => break 'items,
                "s" | "skip" | "" => break,
                answer => match review::Decision::parse(answer) {
                    Some(decision) => match proposals.decide(item, decision, &graph) {
                        Ok(done) => {
                            writeln!(out, "  {done}")?;
                            decided += 1;
                            break;
                        }
                        Err(why) => term::error_line(err, &why)?,
                    },
                    None => term::error_line(
                        err,
                        format!(
                            "`{answer}` is not an answer; expected a, r, s, k KIND, n ID, m NAME or q"
                        ),
                    )?,
                },
            }
        }
    }
    replace(file, &proposals.to_ron())?;
    let left = proposals.pending().len();
    writeln!(
        out,
        "{decided} decided, {left} pending; saved {}",
        file.display()
    )?;
    Ok(Outcome::Done)
}

fn load_proposals(file: &Path) -> Result<extract::Proposals, CliError> {
    let text = read(file)?;
    extract::Proposals::from_ron(&text, &file.display().to_string())
        .map_err(|e| CliError::Proposals(Box::new(e)))
}

fn apply(
    path: Option<&Path>,
    file: &Path,
    dry_run: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let Some(path) = path else {
        return super::edit::read_only(err);
    };
    let proposals = load_proposals(file)?;
    let mut store = Store::open(path)?;
    let plan = extract::apply(&store, &proposals).map_err(|e| match e {
        extract::ProposalsError::Edit(e) => CliError::Edit(e),
        other => CliError::Proposals(Box::new(other)),
    })?;
    if plan.is_empty() && !dry_run {
        writeln!(out, "nothing to change: no proposal is accepted")?;
        return Ok(Outcome::Done);
    }
    super::edit::finish(&mut store, &plan, dry_run, out)
}
