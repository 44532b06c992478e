//! The curating commands: `check --sources` (every quote found in its source's text),
//! `extract`, `review` and `apply` (facts proposed from a report), `diff` and
//! `textconv` (what changed). The work is the library's ([`crate::sources`],
//! [`crate::extract`], [`crate::diff`]); this file reads arguments and writes text.

use std::io::Write;
use std::path::Path;

use super::term::{self, DIM, paint};
use super::{CliError, Outcome};
use agencygraph::Graph;
use agencygraph::sources::{self, Outcome as Found};
use agencygraph::store::Store;

/// `agencygraph check --sources`: finds every quote in its source's text, reports those
/// that are not there with the closest passage, and fills or corrects the locators.
pub(super) fn check_sources(
    path: Option<&Path>,
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
    let mut missing = 0;
    let mut found = 0;
    let mut unchecked = 0;
    for check in &checks {
        match &check.outcome {
            Found::Found { .. } => found += 1,
            Found::NoText => unchecked += 1,
            Found::Missing { closest } => {
                missing += 1;
                let (from, kind, to) = &check.relation;
                writeln!(
                    err,
                    "{}: quote not found in `{}`",
                    paint(term::ERROR, "error"),
                    check.source
                )?;
                writeln!(err, "  {from} {} {to}: “{}”", kind.label(), check.quote)?;
                match closest {
                    Some(passage) => writeln!(
                        err,
                        "  = did you mean (line {}, {:.0}% alike): “{}”",
                        passage.at.line,
                        passage.similarity * 100.0,
                        passage.text
                    )?,
                    None => writeln!(err, "  = nothing in the text is alike")?,
                }
                writeln!(err)?;
            }
        }
    }
    let stale = checks.iter().filter(|c| c.needs_update()).count();
    if stale > 0 {
        match store.as_mut() {
            Some(store) => {
                let plan = sources::fill_locators(store, &checks)?;
                store.save(&plan)?;
                for message in &plan.messages {
                    writeln!(out, "{message}")?;
                }
            }
            None => writeln!(
                out,
                "{}",
                paint(
                    DIM,
                    &format!("{stale} locators out of date (the bundled data set is read-only)")
                )
            )?,
        }
    }
    let unchecked_note = if unchecked > 0 {
        format!(", {unchecked} without a source text")
    } else {
        String::new()
    };
    if missing == 0 {
        writeln!(
            out,
            "{}: {found} quotes found in their sources{unchecked_note}",
            paint(term::OK, "ok")
        )?;
        Ok(Outcome::Done)
    } else {
        writeln!(
            err,
            "{}: {missing} of {} quotes not found in their sources{unchecked_note}",
            paint(term::ERROR, "error"),
            checks.len()
        )?;
        Ok(Outcome::Failed)
    }
}
