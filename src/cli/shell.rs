//! `agencygraph shell`: a prompt for Cypher queries with line editing, history kept
//! between sessions, parameters, a choice of output format, and the time each query took.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::ValueEnum;
use rustyline::error::ReadlineError;

use super::cypher::{Param, QueryArgs, QueryFormat, parse_param, write_result};
use super::term::{DIM, paint};
use super::{CliError, Outcome};
use agencygraph::cypher::eval::{Params, Query};
use agencygraph::graph::Graph;

const SHELL_HELP: &str = "\
Type a query and end it with `;`; it may span lines, and one line may hold several.
Commands:
  :help                 this text
  :format [FORMAT]      answers as table, json, csv or dot (without FORMAT: which)
  :param NAME=VALUE     set $NAME for the queries that follow (VALUE read as JSON
                        when it is JSON, else as a string); :param NAME unsets it
  :params               the parameters set
  :explain QUERY        the plan the query would run, without running it
  :quit                 leave (or Ctrl-D)
Example:
  MATCH (a)-[:CHAIRS|CO_CHAIRS]->(m) RETURN a.id, m.id ORDER BY m.id;";

/// Where the shell keeps its history: `agencygraph/shell-history.txt` in the
/// platform's data directory (`$XDG_DATA_HOME` or `~/.local/share` on Linux,
/// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
pub(super) fn history_path() -> Option<PathBuf> {
    Some(
        dirs::data_dir()?
            .join("agencygraph")
            .join("shell-history.txt"),
    )
}

/// The shell's state between lines.
struct Session<'a> {
    graph: &'a Graph,
    args: &'a QueryArgs,
    format: QueryFormat,
    /// The parameters by name, each as typed, to list them so.
    params: BTreeMap<String, Param>,
}

/// `agencygraph shell`
pub(super) fn shell(
    graph: &Graph,
    args: &QueryArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let mut editor = rustyline::DefaultEditor::new().map_err(io::Error::other)?;
    let history = history_path();
    if let Some(path) = &history {
        // A first session has no history yet.
        let _ = editor.load_history(path);
    }
    writeln!(
        out,
        "agencygraph shell: Cypher over {} nodes and {} edges; :help for help",
        graph.node_count(),
        graph.edge_count()
    )?;
    let mut session = Session {
        graph,
        args,
        format: QueryFormat::Table,
        params: args
            .given_params()
            .iter()
            .map(|param| (param.name.clone(), param.clone()))
            .collect(),
    };
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() {
            "agencygraph> "
        } else {
            "        ...> "
        };
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                pending.clear();
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(error) => return Err(io::Error::other(error).into()),
        };
        let trimmed = line.trim();
        if pending.is_empty() && trimmed.starts_with(':') {
            let _ = editor.add_history_entry(trimmed);
            match session.command(trimmed, out)? {
                Next::Go => continue,
                Next::Quit => break,
            }
        }
        pending.push_str(&line);
        pending.push('\n');
        let (statements, rest) = split_statements(&pending);
        if statements.is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(pending.trim());
        for statement in statements {
            session.run(statement, out)?;
        }
        pending = if rest.trim().is_empty() {
            String::new()
        } else {
            rest.trim_start().to_string()
        };
        out.flush()?;
    }
    if let Some(path) = &history {
        let saved = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| editor.save_history(path).map_err(io::Error::other));
        if let Err(error) = saved {
            writeln!(
                err,
                "warning: could not keep the history in {}: {error}",
                path.display()
            )?;
        }
    }
    Ok(Outcome::Done)
}

/// What the shell does after a command.
enum Next {
    Go,
    Quit,
}

impl Session<'_> {
    fn params(&self) -> Params {
        self.params
            .iter()
            .map(|(name, param)| (name.clone(), param.value.clone()))
            .collect()
    }

    /// Runs one `;`-ended statement and writes its answer and the time it took.
    fn run(&self, statement: &str, out: &mut dyn Write) -> Result<(), CliError> {
        let started = Instant::now();
        let answer = Query::parse(statement)
            .and_then(|query| self.args.run_with(self.graph, &query, &self.params()));
        let elapsed = started.elapsed();
        match answer {
            Ok(result) => {
                for warning in &result.warnings {
                    writeln!(out, "{}", warning.render(statement))?;
                }
                write_result(self.graph, &result, self.format, out)?
            }
            Err(error) => writeln!(out, "{}", error.render(statement))?,
        }
        writeln!(
            out,
            "{}",
            paint(
                DIM,
                &format!("time: {:.1} ms", elapsed.as_secs_f64() * 1000.0)
            )
        )?;
        Ok(())
    }

    /// Carries out a `:command` line.
    fn command(&mut self, line: &str, out: &mut dyn Write) -> Result<Next, CliError> {
        let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        match name {
            ":quit" | ":q" | ":exit" => return Ok(Next::Quit),
            ":help" | ":h" => {
                writeln!(out, "{SHELL_HELP}")?;
                match history_path() {
                    Some(path) => writeln!(out, "History is kept in {}.", path.display())?,
                    None => writeln!(out, "History is not kept: no data directory.")?,
                }
            }
            ":format" if rest.is_empty() => {
                let current = self
                    .format
                    .to_possible_value()
                    .map(|v| v.get_name().to_string());
                writeln!(out, "format: {}", current.unwrap_or_default())?;
            }
            ":format" => match QueryFormat::from_str(rest, true) {
                Ok(format) => {
                    self.format = format;
                    writeln!(out, "format: {}", rest.to_lowercase())?;
                }
                Err(_) => writeln!(
                    out,
                    "unknown format `{rest}`; expected table, json, csv or dot"
                )?,
            },
            ":param" if !rest.contains('=') => {
                let name = rest.trim_start_matches('$');
                if name.is_empty() {
                    writeln!(out, "usage: :param NAME=VALUE, or :param NAME to unset")?;
                } else if self.params.remove(name).is_some() {
                    writeln!(out, "unset ${name}")?;
                } else {
                    writeln!(out, "${name} is not set")?;
                }
            }
            ":param" => match parse_param(rest) {
                Ok(param) => {
                    writeln!(out, "${} = {}", param.name, param.text)?;
                    self.params.insert(param.name.clone(), param);
                }
                Err(error) => writeln!(out, "{error}")?,
            },
            ":params" if self.params.is_empty() => writeln!(out, "no parameters set")?,
            ":params" => {
                for param in self.params.values() {
                    writeln!(out, "${} = {}", param.name, param.text)?;
                }
            }
            ":explain" if rest.is_empty() => writeln!(out, "usage: :explain QUERY")?,
            ":explain" => {
                let plan = Query::parse(rest)
                    .and_then(|query| self.args.explain_with(self.graph, &query, &self.params()));
                match plan {
                    Ok(plan) => writeln!(out, "{}", plan.trim_end())?,
                    Err(error) => writeln!(out, "{}", error.render(rest))?,
                }
            }
            other => writeln!(out, "unknown command `{other}`; :help lists them")?,
        }
        Ok(Next::Go)
    }
}

/// Splits `text` after each `;` that ends a statement, leaving alone those inside
/// strings, quoted names and comments: the complete statements, `;` included, and what
/// follows the last of them.
fn split_statements(text: &str) -> (Vec<&str>, &str) {
    #[derive(Clone, Copy, PartialEq)]
    enum In {
        Code,
        Quoted(char),
        LineComment,
        BlockComment,
    }
    let mut state = In::Code;
    let mut statements = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        state = match (state, c) {
            (In::Code, '\'' | '"' | '`') => In::Quoted(c),
            (In::Code, '/') if next == Some('/') => In::LineComment,
            (In::Code, '/') if next == Some('*') => {
                chars.next();
                In::BlockComment
            }
            (In::Code, ';') => {
                statements.push(&text[start..=at]);
                start = at + 1;
                In::Code
            }
            // A backslash escapes the next character in strings (not in `names`).
            (In::Quoted(quote), '\\') if quote != '`' => {
                chars.next();
                state
            }
            (In::Quoted(quote), c) if c == quote => In::Code,
            (In::LineComment, '\n') => In::Code,
            (In::BlockComment, '*') if next == Some('/') => {
                chars.next();
                In::Code
            }
            (state, _) => state,
        };
    }
    let statements = statements
        .into_iter()
        .filter(|s| !s.trim_end_matches(';').trim().is_empty())
        .collect();
    (statements, &text[start..])
}

#[cfg(test)]
mod tests {
    use super::split_statements;

    #[test]
    fn statements_split_at_semicolons_outside_strings_and_comments() {
        assert_eq!(
            split_statements("RETURN 1; RETURN 2;\n"),
            (vec!["RETURN 1;", " RETURN 2;"], "\n")
        );
        assert_eq!(
            split_statements("RETURN 'a;b', \"c\\\";\" AS `x;y`; MATCH (n)"),
            (vec!["RETURN 'a;b', \"c\\\";\" AS `x;y`;"], " MATCH (n)")
        );
        assert_eq!(
            split_statements("RETURN 1 // not; yet\n/* nor; */ + 1;"),
            (vec!["RETURN 1 // not; yet\n/* nor; */ + 1;"], "")
        );
        // Empty statements are dropped; an unfinished one waits for its `;`.
        assert_eq!(split_statements(";; RETURN"), (vec![], " RETURN"));
        assert_eq!(split_statements("RETURN 'a;"), (vec![], "RETURN 'a;"));
    }
}
