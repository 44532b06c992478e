//! The questions: `who`, `what`, `path` and `why`, each as a table, JSON or CSV.

use std::io::{self, Write};

use serde::Serialize;

use super::commands::{
    OtherJson, RelationJson, edge_details, qualifiers, relation_block, write_json,
};
use super::term::{self, DIM, HEADING, ID, paint};
use super::{CliError, FilterArgs, Outcome, QueryFormat};
use agencygraph::graph::{Direction, Graph};
use agencygraph::json::EdgeJson;
use agencygraph::model::{Edge, Node};
use agencygraph::questions::{Participation, Path, PathOptions, Role};

/// Which question a participation answer answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Question {
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

pub(super) fn who(
    graph: &Graph,
    name: &str,
    args: &FilterArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    participation(graph, name, args, Question::Who, out, err)
}

pub(super) fn what(
    graph: &Graph,
    name: &str,
    args: &FilterArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    participation(graph, name, args, Question::What, out, err)
}

/// One answer, ready to print: the participation and the relation's label read from
/// the participant ("member of", or "established" for `established-by` read backwards).
struct Answer<'g> {
    participation: Participation<'g>,
    relation: &'static str,
}

impl<'g> Answer<'g> {
    fn new(participation: Participation<'g>, focus: &Node, question: Question) -> Self {
        let participant = match question {
            Question::Who => &participation.node.id,
            Question::What => participation.through.map_or(&focus.id, |t| &t.id),
        };
        let edge = participation.edge;
        let relation = if edge.from == *participant {
            edge.kind.label()
        } else {
            edge.kind.inverse_label()
        };
        Answer {
            participation,
            relation,
        }
    }

    /// The second line of a table entry: qualifiers, and how the answer was reached.
    fn details(&self) -> String {
        let p = &self.participation;
        let mut parts = qualifiers(p.edge);
        if let Some(through) = p.through {
            parts.push(format!("through {}", through.id));
        }
        if p.edge.inferred {
            parts.push("inferred".to_string());
        }
        if p.undated {
            parts.push("undated".to_string());
        }
        parts.join(" · ")
    }
}

#[derive(Serialize)]
struct ParticipationJson<'a> {
    entity: OtherJson<'a>,
    question: &'static str,
    answers: Vec<AnswerJson<'a>>,
}

#[derive(Serialize)]
struct AnswerJson<'a> {
    role: Role,
    heading: &'static str,
    node: OtherJson<'a>,
    relation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    through: Option<&'a str>,
    undated: bool,
    edge: EdgeJson<'a>,
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
    let found = match question {
        Question::Who => graph.participants(&focus.id, &filter),
        Question::What => graph.participations(&focus.id, &filter),
    };
    let answers: Vec<Answer<'_>> = found
        .into_iter()
        .map(|p| Answer::new(p, focus, question))
        .collect();
    match args.format {
        QueryFormat::Json => write_json(
            out,
            &ParticipationJson {
                entity: OtherJson::from(focus),
                question: match question {
                    Question::Who => "participants",
                    Question::What => "participations",
                },
                answers: answers
                    .iter()
                    .map(|a| AnswerJson {
                        role: a.participation.role,
                        heading: question.heading(a.participation.role),
                        node: OtherJson::from(a.participation.node),
                        relation: a.relation,
                        through: a.participation.through.map(|t| t.id.as_str()),
                        undated: a.participation.undated,
                        edge: EdgeJson::from(a.participation.edge),
                    })
                    .collect(),
            },
        )?,
        QueryFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            let mut header = vec![
                "role", "id", "kind", "name", "relation", "through", "undated",
            ];
            header.extend(EDGE_COLUMNS);
            csv.write_record(&header)?;
            for a in &answers {
                let p = &a.participation;
                let mut record = vec![
                    p.role.name().to_string(),
                    p.node.id.clone(),
                    p.node.kind.name().to_string(),
                    p.node.name.clone(),
                    a.relation.to_string(),
                    p.through.map(|t| t.id.clone()).unwrap_or_default(),
                    p.undated.to_string(),
                ];
                record.extend(edge_record(p.edge));
                csv.write_record(&record)?;
            }
            csv.flush()?;
        }
        QueryFormat::Table => participation_table(focus, &answers, question, out)?,
    }
    Ok(Outcome::Done)
}

fn participation_table(
    focus: &Node,
    answers: &[Answer<'_>],
    question: Question,
    out: &mut dyn Write,
) -> io::Result<()> {
    let width = term::width();
    let title = match question {
        Question::Who => format!("Who takes part in {}", focus.id),
        Question::What => format!("What {} takes part in", focus.id),
    };
    writeln!(
        out,
        "{}  {}",
        paint(HEADING, &title),
        paint(
            DIM,
            &term::truncate(
                &focus.name,
                width.saturating_sub(title.chars().count() + 2).max(10)
            )
        )
    )?;
    if answers.is_empty() {
        writeln!(out, "\nnothing found")?;
        return Ok(());
    }
    let id_width = answers
        .iter()
        .map(|a| a.participation.node.id.chars().count())
        .max()
        .unwrap_or(0);
    let relation_width = answers
        .iter()
        .map(|a| a.relation.chars().count())
        .max()
        .unwrap_or(0);
    let indent = " ".repeat(2 + id_width + 2);
    let mut role = None;
    for answer in answers {
        let p = &answer.participation;
        if role != Some(p.role) {
            role = Some(p.role);
            writeln!(out, "\n{}", paint(HEADING, question.heading(p.role)))?;
        }
        let fixed = 2 + id_width + 2 + relation_width + 2;
        let name = term::truncate(&p.node.name, width.saturating_sub(fixed).max(10));
        writeln!(
            out,
            "  {}{}  {:relation_width$}  {name}",
            paint(ID, &p.node.id),
            " ".repeat(id_width - p.node.id.chars().count()),
            answer.relation,
        )?;
        let details = answer.details();
        if !details.is_empty() {
            writeln!(out, "{}", paint(DIM, &term::wrap(&details, &indent, width)))?;
        }
    }
    Ok(())
}

/// The CSV columns that describe an edge, after a command's own.
const EDGE_COLUMNS: [&str; 10] = [
    "from",
    "edge_kind",
    "to",
    "edge_role",
    "year",
    "since",
    "until",
    "date",
    "inferred",
    "evidence",
];

fn edge_record(edge: &Edge) -> Vec<String> {
    let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
    let quotes: Vec<String> = edge
        .evidence
        .iter()
        .map(|e| format!("{}: {}", e.source, e.quote))
        .collect();
    vec![
        edge.from.clone(),
        edge.kind.name().to_string(),
        edge.to.clone(),
        edge.role.clone().unwrap_or_default(),
        number(edge.year),
        number(edge.since),
        number(edge.until),
        edge.date.clone().unwrap_or_default(),
        edge.inferred.to_string(),
        quotes.join("\n"),
    ]
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

#[derive(Serialize)]
struct PathJson<'a> {
    from: OtherJson<'a>,
    to: OtherJson<'a>,
    connected: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    hops: Option<usize>,
    max_hops: usize,
    paths: Vec<ChainJson<'a>>,
}

#[derive(Serialize)]
struct ChainJson<'a> {
    text: String,
    steps: Vec<StepJson<'a>>,
}

#[derive(Serialize)]
struct StepJson<'a> {
    from: &'a str,
    to: &'a str,
    direction: Direction,
    label: &'static str,
    edge: EdgeJson<'a>,
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
        QueryFormat::Json => write_json(
            out,
            &PathJson {
                from: OtherJson::from(a),
                to: OtherJson::from(b),
                connected: !paths.is_empty(),
                hops: paths.first().map(|p| p.steps.len()),
                max_hops: options.max_hops,
                paths: paths.iter().map(chain_json).collect(),
            },
        )?,
        QueryFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            let mut header = vec!["path", "step", "step_from", "relation", "step_to"];
            header.extend(EDGE_COLUMNS);
            csv.write_record(&header)?;
            for (number, path) in paths.iter().enumerate() {
                for (step_number, step) in path.steps.iter().enumerate() {
                    let mut record = vec![
                        (number + 1).to_string(),
                        (step_number + 1).to_string(),
                        step.focus.id.clone(),
                        step.label().to_string(),
                        step.other.id.clone(),
                    ];
                    record.extend(edge_record(step.edge));
                    csv.write_record(&record)?;
                }
            }
            csv.flush()?;
        }
        QueryFormat::Table => path_table(graph, a, b, &paths, options, out)?,
    }
    Ok(Outcome::Done)
}

fn chain_json<'a>(path: &Path<'a>) -> ChainJson<'a> {
    ChainJson {
        text: path.to_string(),
        steps: path
            .steps
            .iter()
            .map(|step| StepJson {
                from: &step.focus.id,
                to: &step.other.id,
                direction: step.direction,
                label: step.label(),
                edge: EdgeJson::from(step.edge),
            })
            .collect(),
    }
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
            if options.edge_kinds.is_some() || options.at.is_some() {
                " by the relations asked for"
            } else {
                ""
            }
        )?;
        return Ok(());
    };
    let hops = first.steps.len();
    let count = if paths.len() == 1 {
        String::new()
    } else {
        format!(", {} shortest chains", paths.len())
    };
    writeln!(
        out,
        "{}",
        paint(
            HEADING,
            &format!(
                "{} to {}: {hops} hop{}{count}",
                a.id,
                b.id,
                if hops == 1 { "" } else { "s" }
            )
        )
    )?;
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
            if step.edge.inferred {
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

#[derive(Serialize)]
struct WhyJson<'a> {
    a: OtherJson<'a>,
    b: OtherJson<'a>,
    relations: Vec<RelationJson<'a>>,
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
        QueryFormat::Json => write_json(
            out,
            &WhyJson {
                a: OtherJson::from(a),
                b: OtherJson::from(b),
                relations: relations.iter().map(RelationJson::new).collect(),
            },
        )?,
        QueryFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            let mut header = vec!["phrase"];
            header.extend(EDGE_COLUMNS);
            csv.write_record(&header)?;
            for relation in &relations {
                let mut record = vec![relation.phrase()];
                record.extend(edge_record(relation.edge));
                csv.write_record(&record)?;
            }
            csv.flush()?;
        }
        QueryFormat::Table => {
            let width = term::width();
            let count = relations.len();
            writeln!(
                out,
                "{}",
                paint(
                    HEADING,
                    &format!(
                        "{} and {}: {count} direct relation{}",
                        a.id,
                        b.id,
                        if count == 1 { "" } else { "s" }
                    )
                )
            )?;
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
