//! `agencygraph query` and `agencygraph shell`: Cypher over the graph, answers as tables,
//! JSON, CSV or a Graphviz diagram.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use super::term::{self, paint};
use super::{CliError, Outcome};
use agencygraph::cypher::eval::{Options, Params, Query, QueryError, QueryResult, ResultValue};
use agencygraph::cypher::value::Value;
use agencygraph::export::{DotStyle, Subgraph, html, write_dot};
use agencygraph::graph::{Graph, View};

/// What `query` and `shell` share.
#[derive(Debug, Args)]
pub(super) struct QueryArgs {
    /// A parameter for `$name` in the query: `name=value`, the value read as JSON when it
    /// is JSON (`n=3`, `ids=["UNODC","OCHA"]`), else as a string (`name=UN Women`).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    params: Vec<Param>,
    #[command(flatten)]
    years: super::YearArgs,
    /// Stop a query that runs longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, allow_negative_numbers = true, value_parser = parse_seconds)]
    timeout: f64,
    /// Stop a query that produces more rows than this.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    max_rows: usize,
    /// The most hops a `*` without an upper bound may take.
    #[arg(long, value_name = "N", default_value_t = 15)]
    max_hops: usize,
    /// Stop a query that would hold more than this many MiB of values.
    #[arg(long, value_name = "MIB", default_value_t = agencygraph::cypher::eval::DEFAULT_MAX_MEMORY >> 20)]
    max_memory: usize,
    /// Refuse a query that names a label, relationship type or property key the graph
    /// does not know, instead of answering (with no rows or null) and warning.
    #[arg(long)]
    strict: bool,
}

/// `agencygraph query`
#[derive(Debug, Args)]
pub(super) struct QueryCommand {
    /// The query; without it (or with `-`), the query is read from standard input.
    text: Option<String>,
    /// Read the query from a file.
    #[arg(short, long, value_name = "FILE", conflicts_with = "text")]
    file: Option<PathBuf>,
    /// Output format; `dot` draws the nodes, relationships and paths in the answer.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    format: QueryFormat,
    /// Print the plan the query would run (where each MATCH starts, its expansions and
    /// counting shortcuts) instead of its answer; the same as writing `EXPLAIN` first.
    #[arg(long)]
    explain: bool,
    #[command(flatten)]
    args: QueryArgs,
}

impl QueryCommand {
    pub(super) fn year_args(&self) -> &super::YearArgs {
        self.args.year_args()
    }

    /// Whether the answer is text for people (a table), not data for programs.
    pub(super) fn for_people(&self) -> bool {
        self.format == QueryFormat::Table
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum QueryFormat {
    /// Aligned text for people.
    Table,
    /// `{"columns": [...], "rows": [[...]]}`.
    Json,
    /// One JSON object per row, keyed by column (JSON Lines).
    Jsonl,
    /// A header row and one row per answer; nodes, relationships and lists as JSON.
    Csv,
    /// A Graphviz diagram of the graph elements in the answer, styled as `export`.
    Dot,
    /// The interactive map of the graph elements in the answer, as `export --format html`.
    Html,
}

/// A `--param NAME=VALUE` (or the shell's `:param`): the name, the value, and the value
/// as it was typed, to show it back.
#[derive(Debug, Clone)]
pub(super) struct Param {
    pub(super) name: String,
    pub(super) value: Value,
    pub(super) text: String,
}

pub(super) fn parse_param(text: &str) -> Result<Param, String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not NAME=VALUE"))?;
    let name = name.trim().trim_start_matches('$');
    if name.is_empty() {
        return Err(format!("`{text}` has no parameter name before `=`"));
    }
    let parsed = match serde_json::from_str::<serde_json::Value>(value) {
        Ok(json) => from_json(json),
        Err(_) => Value::String(value.to_string()),
    };
    Ok(Param {
        name: name.to_string(),
        value: parsed,
        text: value.to_string(),
    })
}

fn from_json(json: serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Boolean(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => Value::List(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            Value::Map(map.into_iter().map(|(k, v)| (k, from_json(v))).collect())
        }
    }
}

impl QueryArgs {
    // `Options` is non-exhaustive: outside the library it is built from its default.
    fn options(&self) -> Options {
        let mut options = Options::default();
        options.max_hops = self.max_hops;
        options.timeout = Some(Duration::from_secs_f64(self.timeout.max(0.0)));
        options.row_limit = self.max_rows;
        options.max_memory = self.max_memory.saturating_mul(1 << 20);
        options.strict = self.strict;
        options
    }

    pub(super) fn year_args(&self) -> &super::YearArgs {
        &self.years
    }

    /// The `--param`s given, by name.
    pub(super) fn params(&self) -> Params {
        self.params
            .iter()
            .map(|p| (p.name.clone(), p.value.clone()))
            .collect()
    }

    /// The `--param`s as given.
    pub(super) fn given_params(&self) -> &[Param] {
        &self.params
    }

    /// Runs `query` with `params` on the graph, or on its view in the years asked for.
    pub(super) fn run_with(
        &self,
        graph: &Graph,
        query: &Query,
        params: &Params,
    ) -> Result<QueryResult, QueryError> {
        query.run(&self.view(graph), params, &self.options())
    }

    /// The plan `query` would run with `params`, on the same view as [`QueryArgs::run_with`].
    pub(super) fn explain_with(
        &self,
        graph: &Graph,
        query: &Query,
        params: &Params,
    ) -> Result<String, QueryError> {
        let plan = query.explain(&self.view(graph), params, &self.options())?;
        Ok(plan.to_string())
    }

    /// What queries run on: the graph, or its view in the years asked for.
    fn view<'g>(&self, graph: &'g Graph) -> View<'g> {
        graph.view_during(self.years.years())
    }
}

pub(super) fn query(
    graph: &Graph,
    command: &QueryCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let text = match (&command.file, command.text.as_deref()) {
        (Some(path), _) => std::fs::read_to_string(path).map_err(|error| CliError::Input {
            path: path.clone(),
            error,
        })?,
        (None, Some(text)) if text != "-" => text.to_string(),
        _ => {
            let mut text = String::new();
            io::stdin().read_to_string(&mut text)?;
            text
        }
    };
    let args = &command.args;
    let query = Query::parse(&text);
    if command.explain {
        let plan = query.and_then(|q| args.explain_with(graph, &q, &args.params()));
        return match plan {
            Ok(plan) => {
                writeln!(out, "{}", plan.trim_end())?;
                Ok(Outcome::Done)
            }
            Err(error) => {
                writeln!(err, "{}", error.render(&text))?;
                Ok(Outcome::Failed)
            }
        };
    }
    let result = match query.and_then(|q| args.run_with(graph, &q, &args.params())) {
        Ok(result) => result,
        Err(error) => {
            writeln!(err, "{}", error.render(&text))?;
            return Ok(Outcome::Failed);
        }
    };
    for warning in &result.warnings {
        writeln!(err, "{}", warning.render(&text))?;
    }
    write_result(graph, &result, command.format, out)?;
    Ok(Outcome::Done)
}

/// Writes an answer in `format`.
pub(super) fn write_result(
    graph: &Graph,
    result: &QueryResult,
    format: QueryFormat,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match format {
        QueryFormat::Table => table(result, out)?,
        QueryFormat::Json => super::render::write_json(out, result)?,
        QueryFormat::Jsonl => agencygraph::export::jsonl::write_rows(result, out)?,
        QueryFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(&result.columns)?;
            for row in &result.rows {
                csv.write_record(row.iter().map(csv_cell))?;
            }
            csv.flush()?;
        }
        QueryFormat::Dot => dot(graph, result, out)?,
        QueryFormat::Html => html::write_html(
            &Subgraph::of_answer(graph, result),
            &html::HtmlOptions::default(),
            out,
        )?,
    }
    Ok(())
}

fn csv_cell(value: &ResultValue) -> String {
    match value {
        ResultValue::Null => String::new(),
        ResultValue::String(s) => s.clone(),
        ResultValue::Boolean(_)
        | ResultValue::Integer(_)
        | ResultValue::Float(_)
        | ResultValue::Temporal(_) => value.to_string(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn table(result: &QueryResult, out: &mut dyn Write) -> io::Result<()> {
    let header: Vec<&str> = result.columns.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = result
        .rows
        .iter()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect();
    if !header.is_empty() {
        term::table(out, &header, &rows, &[], term::width())?;
    }
    let count = term::counted(result.rows.len(), "row", "rows");
    writeln!(out, "{}", paint(term::DIM, &format!("({count})")))
}

/// The nodes and relationships an answer mentions, drawn like `export` draws them.
fn dot(graph: &Graph, result: &QueryResult, out: &mut dyn Write) -> io::Result<()> {
    write_dot(
        &Subgraph::of_answer(graph, result),
        &DotStyle::default(),
        out,
    )
}

/// `--timeout`: a finite number of seconds from 0 to a million (eleven days), as
/// `Duration` cannot hold `inf` or `1e300` and would panic.
fn parse_seconds(text: &str) -> Result<f64, String> {
    const MOST: f64 = 1e6;
    match text.trim().parse::<f64>() {
        Ok(seconds) if (0.0..=MOST).contains(&seconds) => Ok(seconds),
        _ => Err(format!(
            "`{text}` is not a number of seconds from 0 to {MOST:.0}"
        )),
    }
}
