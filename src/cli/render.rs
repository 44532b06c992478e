//! Text shared by the commands that print relations: a relation with its evidence, an
//! edge's qualifiers, the CSV columns of an edge, and pretty JSON.

use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::term::{self, DIM, HEADING, paint};
use agencygraph::EdgeRef;
use agencygraph::graph::{Graph, Relation};

/// Writes `value` as indented JSON and a newline.
pub(super) fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// One relation: the phrase, its qualifiers, and each quote with its source.
pub(super) fn relation_block(
    graph: &Graph,
    relation: &Relation<'_>,
    out: &mut dyn Write,
    width: usize,
) -> io::Result<()> {
    let mut head = relation.phrase();
    if relation.edge.inferred() {
        head.push_str("  [inferred]");
    }
    // The other end's name fills what is left of the line, cut short if need be.
    let room = width.saturating_sub(head.width() + 2);
    let name = if room >= 10 {
        format!(
            "  {}",
            paint(DIM, &term::truncate(&relation.other.name, room))
        )
    } else {
        String::new()
    };
    writeln!(out, "{}{name}", paint(HEADING, &head))?;
    edge_details(graph, relation.edge, out, width)
}

/// What backs an edge, indented under its phrase: qualifiers, notes, and each quote with
/// its source.
pub(super) fn edge_details(
    graph: &Graph,
    edge: EdgeRef<'_>,
    out: &mut dyn Write,
    width: usize,
) -> io::Result<()> {
    let qualifiers = qualifiers(edge);
    if !qualifiers.is_empty() {
        writeln!(
            out,
            "{}",
            term::wrap(&qualifiers.join(" · "), "    ", width)
        )?;
    }
    if let Some(notes) = edge.notes() {
        writeln!(
            out,
            "{}",
            paint(DIM, &term::wrap(&format!("note: {notes}"), "    ", width))
        )?;
    }
    for evidence in edge.evidence() {
        writeln!(
            out,
            "{}",
            term::wrap(&format!("“{}”", evidence.quote()), "    ", width)
        )?;
        let title = graph
            .source(evidence.source())
            .map(|s| format!(" ({})", s.title))
            .unwrap_or_default();
        writeln!(
            out,
            "    {}",
            paint(DIM, &format!("— {}{title}", evidence.citation()))
        )?;
    }
    Ok(())
}

/// An edge's role, dates, amount and `via`, each as `name: value` (dates as a range).
pub(super) fn qualifiers(edge: EdgeRef<'_>) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(role) = edge.role() {
        parts.push(format!("role: {role}"));
    }
    match (edge.since(), edge.until()) {
        (Some(since), Some(until)) => parts.push(format!("{since}–{until}")),
        (Some(since), None) => parts.push(format!("since {since}")),
        (None, Some(until)) => parts.push(format!("until {until}")),
        (None, None) => {}
    }
    if let Some(year) = edge.year() {
        parts.push(format!("year: {year}"));
    }
    if let Some(date) = edge.date() {
        parts.push(format!("date: {date}"));
    }
    if let Some(amount) = edge.amount() {
        parts.push(format!("amount: {amount}"));
    }
    if let Some(via) = edge.via() {
        parts.push(format!("via: {via}"));
    }
    parts
}

/// Writes a CSV answer: a header of `columns` (the command's own) and then the edge's own columns, and one row per `(cells, edge)`,
/// the edge's fields after the cells.
pub(super) fn write_edge_csv<'e>(
    out: &mut dyn Write,
    columns: &[&str],
    rows: impl IntoIterator<Item = (Vec<String>, EdgeRef<'e>)>,
) -> csv::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let header: Vec<&str> = columns.iter().copied().chain(EDGE_COLUMNS).collect();
    csv.write_record(&header)?;
    for (mut cells, edge) in rows {
        cells.extend(edge_record(edge));
        csv.write_record(&cells)?;
    }
    csv.flush()?;
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

/// The cells of an edge under [`EDGE_COLUMNS`]; quotes one a line, each after its source.
fn edge_record(edge: EdgeRef<'_>) -> Vec<String> {
    let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
    let quotes: Vec<String> = edge
        .evidence()
        .map(|e| format!("{}: {}", e.source(), e.quote()))
        .collect();
    vec![
        edge.from().to_string(),
        edge.kind().name().to_string(),
        edge.to().to_string(),
        edge.role().unwrap_or_default().to_string(),
        number(edge.year()),
        number(edge.since()),
        number(edge.until()),
        edge.date().unwrap_or_default().to_string(),
        edge.inferred().to_string(),
        quotes.join("\n"),
    ]
}
