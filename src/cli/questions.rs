//! The questions: `who`, `what`, `path` and `why`, each as a table, JSON or CSV.

use std::io::{self, Write};

use super::render::{edge_details, qualifiers, relation_block, write_edge_csv, write_json};
use super::term::{self, DIM, HEADING, ID, counted, paint};
use super::{CliError, FilterArgs, Outcome, QueryFormat};
use agencygraph::graph::Graph;
use agencygraph::json::{InvolvementsJson, ParticipationJson, PathJson, PeersJson, WhyJson};
use agencygraph::model::Node;
use agencygraph::questions::{Involvement, Participation, Path, PathOptions, Peer, Role};

/// Which question a participation answer answers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Question {
    Who,
    What,
}

impl Question {
    /// The heading of a group of answers with this role.
    fn heading(self, role: Role) -> &'static str {
        match self {
            Question::Who => role.heading(),
            Question::What => role.verb(),
        }
    }
}

/// `agencygraph who [NAME]` and `agencygraph what [NAME]`: the same answers, read from
/// the other end.
pub(super) fn who_or_what(
    graph: &Graph,
    question: Question,
    name: Option<&str>,
    args: &FilterArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    match name {
        Some(name) => participation(graph, name, args, question, out, err),
        None => involvements(graph, args, question, out),
    }
}

/// `who` or `what` without a name: every relation about participation in the graph.
fn involvements(
    graph: &Graph,
    args: &FilterArgs,
    question: Question,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let filter = args.filter();
    let answers = match question {
        Question::Who => graph.every_participant(&filter),
        Question::What => graph.every_participation(&filter),
    };
    match args.format {
        QueryFormat::Json => write_json(
            out,
            &match question {
                Question::Who => InvolvementsJson::participants(&answers),
                Question::What => InvolvementsJson::participations(&answers),
            },
        )?,
        QueryFormat::Csv => {
            let rows = answers.iter().map(|answer| {
                let cells = vec![
                    answer.role.name().to_string(),
                    answer.participant.id.clone(),
                    answer.participant.name.clone(),
                    answer.relation.to_string(),
                    answer.target.id.clone(),
                    answer.target.name.clone(),
                    answer.undated.to_string(),
                ];
                (cells, answer.edge)
            });
            let columns = &[
                "role",
                "participant",
                "participant_name",
                "relation",
                "target",
                "target_name",
                "undated",
            ];
            write_edge_csv(out, columns, rows)?;
        }
        QueryFormat::Table => involvements_table(graph, &answers, question, out)?,
    }
    Ok(Outcome::Done)
}

fn involvements_table(
    graph: &Graph,
    answers: &[Involvement<'_>],
    question: Question,
    out: &mut dyn Write,
) -> io::Result<()> {
    let width = term::width();
    let heading = format!(
        "Who takes part in what: {}",
        counted(answers.len(), "relation", "relations")
    );
    term::heading(out, &heading)?;
    let columns = Columns {
        id: column_width(answers.iter().map(|a| a.participant.id.as_str())),
        relation: column_width(answers.iter().map(|a| a.relation)),
    };
    let mut headings = RoleHeadings::new(question);
    for answer in answers {
        headings.write(out, answer.role)?;
        writeln!(
            out,
            "{}{}{}",
            columns.start(&answer.participant.id, answer.relation),
            paint(ID, &answer.target.id),
            marks(answer.edge.inferred(), answer.undated),
        )?;
        edge_details(graph, answer.edge, out, width)?;
    }
    Ok(())
}

/// The heading of each role, written before the first answer in it: answers come
/// sorted by role.
struct RoleHeadings {
    question: Question,
    last: Option<Role>,
}

impl RoleHeadings {
    fn new(question: Question) -> RoleHeadings {
        RoleHeadings {
            question,
            last: None,
        }
    }

    /// Writes `role`'s heading if the answer before was of another role.
    fn write(&mut self, out: &mut dyn Write, role: Role) -> io::Result<()> {
        if self.last != Some(role) {
            self.last = Some(role);
            writeln!(out, "\n{}", paint(HEADING, self.question.heading(role)))?;
        }
        Ok(())
    }
}

/// The widths of a table's id and relation columns.
#[derive(Clone, Copy)]
struct Columns {
    id: usize,
    relation: usize,
}

impl Columns {
    /// How each line of a table starts: `  ID  relation  `, padded to the columns.
    fn start(&self, id: &str, relation: &str) -> String {
        format!(
            "  {}{}  {relation:width$}  ",
            paint(ID, id),
            " ".repeat(self.id.saturating_sub(id.chars().count())),
            width = self.relation,
        )
    }

    /// The characters the start of a line takes.
    fn len(&self) -> usize {
        2 + self.id + 2 + self.relation + 2
    }
}

/// The widest of `texts`, in characters.
fn column_width<'t>(texts: impl Iterator<Item = &'t str>) -> usize {
    texts.map(|t| t.chars().count()).max().unwrap_or(0)
}

/// `  [inferred]`, `  [undated]`, both or neither, after a relation's line.
fn marks(inferred: bool, undated: bool) -> String {
    let mut text = String::new();
    if inferred {
        text.push_str("  [inferred]");
    }
    if undated {
        text.push_str("  [undated]");
    }
    text
}

/// `agencygraph peers NAME`
pub(super) fn peers(
    graph: &Graph,
    name: &str,
    args: &FilterArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let json = args.format == QueryFormat::Json;
    let Some(focus) = super::resolve(graph, name, json, out, err)? else {
        return Ok(Outcome::Failed);
    };
    let peers = graph.peers(&focus.id, &args.filter());
    match args.format {
        QueryFormat::Json => write_json(out, &PeersJson::new(focus, &peers))?,
        QueryFormat::Csv => {
            let through = |p: &Participation<'_>| p.through.map(|t| t.id.clone());
            let mut rows = Vec::new();
            for peer in &peers {
                for shared in &peer.shared {
                    rows.push((
                        vec![
                            peer.node.id.clone(),
                            peer.node.kind.name().to_string(),
                            peer.node.name.clone(),
                            shared.body.id.clone(),
                            shared.body.name.clone(),
                            shared.own.role.name().to_string(),
                            shared.own.relation.to_string(),
                            through(&shared.own).unwrap_or_default(),
                            shared.theirs.role.name().to_string(),
                            shared.theirs.relation.to_string(),
                            through(&shared.theirs).unwrap_or_default(),
                            shared.theirs.undated.to_string(),
                        ],
                        shared.theirs.edge,
                    ));
                }
            }
            let columns = &[
                "peer",
                "peer_kind",
                "peer_name",
                "body",
                "body_name",
                "own_role",
                "own_relation",
                "own_through",
                "role",
                "relation",
                "through",
                "undated",
            ];
            write_edge_csv(out, columns, rows)?;
        }
        QueryFormat::Table => peers_table(graph, focus, &peers, out)?,
    }
    Ok(Outcome::Done)
}

fn peers_table(
    graph: &Graph,
    focus: &Node,
    peers: &[Peer<'_>],
    out: &mut dyn Write,
) -> io::Result<()> {
    let width = term::width();
    let title = format!("Who shares a body with {}", focus.id);
    write_title(out, &title, focus, width)?;
    if peers.is_empty() {
        writeln!(out, "\nnobody found")?;
        return Ok(());
    }
    for peer in peers {
        let bodies = peer.bodies();
        let count = counted(bodies, "body", "bodies");
        let room = width.saturating_sub(peer.node.id.chars().count() + count.len() + 4);
        writeln!(
            out,
            "\n{}  {}  {}",
            paint(ID, &peer.node.id),
            term::truncate(&peer.node.name, room.max(10)),
            paint(DIM, &count)
        )?;
        for shared in &peer.shared {
            // "in UN-ACTION: WFP participates in, OCHA member of": both seats, then the
            // quotes for the peer's (the entity's own are the same for every peer).
            let seat = |p: &Participation<'_>, who: &str| match p.through {
                Some(through) => format!("{who} {} (through {})", p.relation, through.id),
                None => format!("{who} {}", p.relation),
            };
            let line = format!(
                "in {}: {}, {}",
                shared.body.id,
                seat(&shared.own, &focus.id),
                seat(&shared.theirs, &peer.node.id),
            );
            // The marks end the last line rather than wrap onto one of their own, and a
            // line that wraps goes on indented under its start.
            let marks = marks(shared.theirs.edge.inferred(), shared.theirs.undated);
            let room = width.saturating_sub(marks.chars().count());
            let text = term::wrap(&line, "    ", room);
            writeln!(out, "{}{marks}", paint(HEADING, &text[2..]))?;
            edge_details(graph, shared.theirs.edge, out, width)?;
        }
    }
    Ok(())
}

/// Writes a table's title, then the focus's name dimmed, cut to fit the line.
fn write_title(out: &mut dyn Write, title: &str, focus: &Node, width: usize) -> io::Result<()> {
    let room = width.saturating_sub(title.chars().count() + 2).max(10);
    writeln!(
        out,
        "{}  {}",
        paint(HEADING, title),
        paint(DIM, &term::truncate(&focus.name, room))
    )
}

/// The second line of a table entry: qualifiers, and how the answer was reached.
fn details(p: &Participation<'_>) -> String {
    let mut parts = qualifiers(p.edge);
    if let Some(through) = p.through {
        parts.push(format!("through {}", through.id));
    }
    if p.edge.inferred() {
        parts.push("inferred".to_string());
    }
    if p.undated {
        parts.push("undated".to_string());
    }
    parts.join(" · ")
}

fn participation(
    graph: &Graph,
    name: &str,
    args: &FilterArgs,
    question: Question,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let json = args.format == QueryFormat::Json;
    let Some(focus) = super::resolve(graph, name, json, out, err)? else {
        return Ok(Outcome::Failed);
    };
    let filter = args.filter();
    let answers = match question {
        Question::Who => graph.participants(&focus.id, &filter),
        Question::What => graph.participations(&focus.id, &filter),
    };
    match args.format {
        QueryFormat::Json => write_json(
            out,
            &match question {
                Question::Who => ParticipationJson::participants(focus, &answers),
                Question::What => ParticipationJson::participations(focus, &answers),
            },
        )?,
        QueryFormat::Csv => {
            let rows = answers.iter().map(|p| {
                let cells = vec![
                    p.role.name().to_string(),
                    p.node.id.clone(),
                    p.node.kind.name().to_string(),
                    p.node.name.clone(),
                    p.relation.to_string(),
                    p.through.map(|t| t.id.clone()).unwrap_or_default(),
                    p.undated.to_string(),
                ];
                (cells, p.edge)
            });
            write_edge_csv(
                out,
                &[
                    "role", "id", "kind", "name", "relation", "through", "undated",
                ],
                rows,
            )?;
        }
        QueryFormat::Table => participation_table(focus, &answers, question, out)?,
    }
    Ok(Outcome::Done)
}

fn participation_table(
    focus: &Node,
    answers: &[Participation<'_>],
    question: Question,
    out: &mut dyn Write,
) -> io::Result<()> {
    let width = term::width();
    let title = match question {
        Question::Who => format!("Who takes part in {}", focus.id),
        Question::What => format!("What {} takes part in", focus.id),
    };
    write_title(out, &title, focus, width)?;
    if answers.is_empty() {
        writeln!(out, "\nnothing found")?;
        return Ok(());
    }
    let columns = Columns {
        id: column_width(answers.iter().map(|p| p.node.id.as_str())),
        relation: column_width(answers.iter().map(|p| p.relation)),
    };
    let indent = " ".repeat(2 + columns.id + 2);
    let mut headings = RoleHeadings::new(question);
    for p in answers {
        headings.write(out, p.role)?;
        let name = term::truncate(&p.node.name, width.saturating_sub(columns.len()).max(10));
        writeln!(out, "{}{name}", columns.start(&p.node.id, p.relation))?;
        let details = details(p);
        if !details.is_empty() {
            writeln!(out, "{}", paint(DIM, &term::wrap(&details, &indent, width)))?;
        }
    }
    Ok(())
}

/// Resolves the two names of `path` and `why`; `None` once a failure is explained.
fn resolve_pair<'g>(
    graph: &'g Graph,
    [a, b]: [&String; 2],
    format: QueryFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Option<(&'g Node, &'g Node)>, CliError> {
    let json = format == QueryFormat::Json;
    let Some(a) = super::resolve(graph, a, json, out, err)? else {
        return Ok(None);
    };
    let Some(b) = super::resolve(graph, b, json, out, err)? else {
        return Ok(None);
    };
    Ok(Some((a, b)))
}

pub(super) fn path(
    graph: &Graph,
    [from, to]: [&String; 2],
    options: &PathOptions,
    format: QueryFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let Some((a, b)) = resolve_pair(graph, [from, to], format, out, err)? else {
        return Ok(Outcome::Failed);
    };
    let paths = graph.shortest_paths(&a.id, &b.id, options);
    match format {
        QueryFormat::Json => write_json(out, &PathJson::new(a, b, &paths, options.max_hops))?,
        QueryFormat::Csv => {
            let mut rows = Vec::new();
            for (number, path) in paths.iter().enumerate() {
                for (step_number, step) in path.steps.iter().enumerate() {
                    rows.push((
                        vec![
                            (number + 1).to_string(),
                            (step_number + 1).to_string(),
                            step.focus.id.clone(),
                            step.label().to_string(),
                            step.other.id.clone(),
                        ],
                        step.edge,
                    ));
                }
            }
            write_edge_csv(
                out,
                &["path", "step", "step_from", "relation", "step_to"],
                rows,
            )?;
        }
        QueryFormat::Table => path_table(graph, a, b, &paths, options, out)?,
    }
    Ok(Outcome::Done)
}

fn path_table(
    graph: &Graph,
    a: &Node,
    b: &Node,
    paths: &[Path<'_>],
    options: &PathOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let width = term::width();
    let Some(first) = paths.first() else {
        writeln!(
            out,
            "{} and {} are not connected within {} hops{}.",
            a.id,
            b.id,
            options.max_hops,
            if options.edge_kinds.is_some() || !options.years.is_all() {
                " by the relations asked for"
            } else {
                ""
            }
        )?;
        return Ok(());
    };
    let count = if paths.len() == 1 {
        String::new()
    } else {
        format!(", {} shortest chains", paths.len())
    };
    let hops = counted(first.steps.len(), "hop", "hops");
    let heading = format!("{} to {}: {hops}{count}", a.id, b.id);
    term::heading(out, &heading)?;
    for (number, path) in paths.iter().enumerate() {
        writeln!(out)?;
        let text = path.to_string();
        if paths.len() > 1 {
            writeln!(
                out,
                "{}",
                paint(
                    HEADING,
                    &term::wrap(&format!("{}. {text}", number + 1), "", width)
                )
            )?;
        } else {
            writeln!(out, "{}", paint(HEADING, &term::wrap(&text, "", width)))?;
        }
        for step in &path.steps {
            let mut head = step.phrase();
            if step.edge.inferred() {
                head.push_str("  [inferred]");
            }
            writeln!(out, "  {head}")?;
            edge_details(graph, step.edge, out, width)?;
        }
    }
    if options.all && paths.len() == options.limit {
        writeln!(out, "\n(stopped at {} chains)", options.limit)?;
    }
    Ok(())
}

pub(super) fn why(
    graph: &Graph,
    [a, b]: [&String; 2],
    format: QueryFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let Some((a, b)) = resolve_pair(graph, [a, b], format, out, err)? else {
        return Ok(Outcome::Failed);
    };
    let relations = graph.relations_between(&a.id, &b.id);
    match format {
        QueryFormat::Json => write_json(out, &WhyJson::new(a, b, &relations))?,
        QueryFormat::Csv => {
            let rows = relations.iter().map(|r| (vec![r.phrase()], r.edge));
            write_edge_csv(out, &["phrase"], rows)?;
        }
        QueryFormat::Table => {
            let width = term::width();
            let count = counted(relations.len(), "direct relation", "direct relations");
            let heading = format!("{} and {}: {count}", a.id, b.id);
            term::heading(out, &heading)?;
            if relations.is_empty() {
                writeln!(
                    out,
                    "\nnone; `agencygraph path {} {}` finds how they connect",
                    a.id, b.id
                )?;
            }
            for relation in &relations {
                writeln!(out)?;
                relation_block(graph, relation, out, width)?;
            }
        }
    }
    Ok(Outcome::Done)
}
