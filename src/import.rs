//! Bringing rows in from spreadsheets and other tools: CSV (the tables
//! [`export::csv`](crate::export::csv) writes, or a colleague's spreadsheet with the
//! same columns), GraphML and the node-link JSON of [`write_json`](crate::export::write_json).
//!
//! An import is one change through the editing layer ([`Store::change`]): every row is
//! read and checked first, with the rules `check` applies, and if anything is wrong
//! nothing is written and every bad row is reported at once, with its file, row and
//! column and what was expected ([`ImportError::Rows`]).
//!
//! - Names resolve as everywhere else: an edge row may say `UN Women` for `UN-WOMEN`,
//!   or name a node that another row of the import adds.
//! - New nodes, sources and relations are added; a relation that is there already gets
//!   the quotes it lacks (the "new evidence on an existing relation" of a spreadsheet of
//!   quotes) and the qualifiers it lacks.
//! - A row for a node that exists already must agree with it, unless
//!   [`ImportOptions::update`] is set: then its non-empty cells replace the node's
//!   fields and its aliases are added. Rows that add nothing are skipped, so importing
//!   the same file twice changes nothing the second time.
//! - CSV files are told apart by their header: `id,kind,name,...` holds nodes,
//!   `from,to,kind,...` relations (with `source` and `quote` columns, one quote per
//!   row, like `evidence.csv`), `id,title,...` sources. Lines starting with `#` are
//!   comments, and a leading byte-order mark (Excel's) is skipped.
//!
//! ```
//! use agencygraph::import::{Format, ImportFile, ImportOptions, plan_import};
//! use agencygraph::store::{Store, init};
//!
//! let dir = tempfile::tempdir().unwrap();
//! init(dir.path()).unwrap();
//! let store = Store::open(dir.path()).unwrap();
//! let rows = ImportFile::new(
//!     "new.csv",
//!     "from,to,kind,source,quote\nUN Women,UN Action,member-of,inter-agency-mechanisms,\"UN Women is a member of UN Action\"\n",
//! );
//! let plan = plan_import(&store, &[rows], Format::Csv, &ImportOptions::default()).unwrap();
//! assert_eq!(plan.messages, ["added edge UN-WOMEN member of UN-ACTION to ".to_string() + &dir.path().join("un-entity.ron").display().to_string()]);
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{self, Write};

use crate::export::csv::{EDGE_COLUMNS, NODE_COLUMNS, SOURCE_COLUMNS};
use crate::export::text::{join_list, split_list};
use crate::graph::Graph;
use crate::graph::validate::{Field, Item};
use crate::model::Dataset;
use crate::model::{Amount, Bound, Edge, EdgeKind, Evidence, Node, NodeKind, Source, UnknownKind};
use crate::resolve::normalize;
use crate::store::{EditError, NodeField, Plan, Store};

/// The formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// CSV tables with a header row.
    Csv,
    /// GraphML, with the keys of [`export::graphml`](crate::export::graphml).
    Graphml,
    /// The node-link JSON of [`write_json`](crate::export::write_json).
    Json,
}

impl Format {
    /// The format a file name's extension says: `.csv`, `.graphml` or `.xml`, `.json`.
    ///
    /// ```
    /// use agencygraph::import::Format;
    /// assert_eq!(Format::of_name("rows.CSV"), Some(Format::Csv));
    /// assert_eq!(Format::of_name("notes.txt"), None);
    /// ```
    pub fn of_name(name: &str) -> Option<Format> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "graphml" | "xml" => Some(Format::Graphml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// A file to import: its name (for messages) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    /// How messages name the file.
    pub name: String,
    /// Its contents.
    pub text: String,
}

impl ImportFile {
    /// A place in this file.
    fn at(&self, row: String) -> Origin {
        Origin {
            file: self.name.clone(),
            row,
        }
    }

    /// A file named `name` holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> ImportFile {
        ImportFile {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportOptions {
    /// Let rows change the fields of nodes that exist already.
    pub update: bool,
}

/// Where a row is: its file and its place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file's name.
    pub file: String,
    /// The row: `row 7` (CSV: the line the row starts on, counting the header as 1,
    /// which is the spreadsheet's row unless a cell above holds a line break),
    /// `line 12` (GraphML), `edges[3]` (JSON).
    pub row: String,
}

/// One bad cell, row or file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Where.
    pub origin: Origin,
    /// The column, when one is at fault.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What would have been right.
    pub expected: Option<String>,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.origin.file, self.origin.row)?;
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, "; expected {expected}")?;
        }
        Ok(())
    }
}

/// Why an import was refused. Nothing is written when it is.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Rows are wrong: every one found.
    #[error("{} problem{} in the rows:\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, lines(.0))]
    Rows(Vec<ImportProblem>),
    /// The change as a whole was refused by the editing layer.
    #[error(transparent)]
    Edit(#[from] EditError),
}

fn lines(problems: &[ImportProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A row as read: its cells by column name, in the file's order.
#[derive(Debug, Clone)]
struct Record {
    origin: Origin,
    cells: Vec<(String, String)>,
}

/// What a file's rows are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Sources,
    Nodes,
    Edges,
}

/// Collects problems while rows are read.
#[derive(Default)]
struct Problems(Vec<ImportProblem>);

impl Problems {
    fn add(
        &mut self,
        origin: &Origin,
        column: Option<&str>,
        message: String,
        expected: Option<String>,
    ) {
        self.0.push(ImportProblem {
            origin: origin.clone(),
            column: column.map(str::to_string),
            message,
            expected,
        });
    }
}

/// A relation as rows state it, its ends still as typed, each quote with its row.
#[derive(Debug, Clone)]
struct EdgeRow {
    origin: Origin,
    edge: Edge,
    quotes: Vec<Origin>,
}

/// Everything the files hold, read and checked cell by cell.
#[derive(Debug, Default)]
struct Rows {
    sources: Vec<(Origin, Source)>,
    nodes: Vec<(Origin, Node)>,
    edges: Vec<EdgeRow>,
}

/// Reads `files`, checks every row against the graph `store` holds, and works out the
/// change: the [`Plan`] [`Store::save`] writes, or every problem found.
pub fn plan_import(
    store: &Store,
    files: &[ImportFile],
    format: Format,
    options: &ImportOptions,
) -> Result<Plan, ImportError> {
    let mut problems = Problems::default();
    let mut rows = Rows::default();
    for file in files {
        let records = match format {
            Format::Csv => csv_records(file, &mut problems),
            Format::Graphml => graphml_records(file, &mut rows.sources, &mut problems),
            Format::Json => json_records(file, &mut rows.sources, &mut problems),
        };
        for (table, record) in records {
            match table {
                Table::Sources => {
                    if let Some(source) = source_of(&record, &mut problems) {
                        rows.sources.push((record.origin, source));
                    }
                }
                Table::Nodes => {
                    if let Some(node) = node_of(&record, &mut problems) {
                        rows.nodes.push((record.origin, node));
                    }
                }
                Table::Edges => {
                    if let Some(edge) = edge_of(&record, &mut problems) {
                        rows.edges.push(edge);
                    }
                }
            }
        }
    }
    // Rows with bad cells are left out, and the rest checked on: every problem is
    // reported at once, in the order of the files and rows.
    let change = Change::work_out(store.graph(), rows, options, &mut problems);
    if !problems.0.is_empty() {
        let file_order = |name: &str| files.iter().position(|f| f.name == name);
        let number = |row: &str| -> usize {
            let digits: String = row.chars().filter(char::is_ascii_digit).collect();
            digits.parse().unwrap_or(0)
        };
        problems
            .0
            .sort_by_key(|p| (file_order(&p.origin.file), number(&p.origin.row)));
        return Err(ImportError::Rows(problems.0));
    }
    Ok(store.change(|tx| {
        for source in change.sources {
            tx.add_source(source)?;
        }
        for node in change.nodes {
            tx.add_node(node)?;
        }
        for (id, fields, aliases) in change.updates {
            for (field, value) in fields {
                tx.set(&id, field, &value)?;
            }
            for alias in aliases {
                tx.add_alias(&id, &alias)?;
            }
        }
        for edge in change.edges {
            tx.add_edge(edge)?;
        }
        Ok(())
    })?)
}

/// What `--update` changes in an existing node: its id, fields to set, aliases to add.
type Update = (String, Vec<(NodeField, String)>, Vec<String>);

/// The change an import makes, once its rows are resolved and checked.
#[derive(Default)]
struct Change {
    sources: Vec<Source>,
    nodes: Vec<Node>,
    /// Existing nodes' fields to set and aliases to add.
    updates: Vec<Update>,
    /// New relations, and existing ones with what they lack.
    edges: Vec<Edge>,
}

impl Change {
    fn work_out(
        graph: &Graph,
        rows: Rows,
        options: &ImportOptions,
        problems: &mut Problems,
    ) -> Change {
        let mut change = Change::default();
        // Where each new item came from, to place the graph's rules on rows.
        let mut source_origins = Vec::new();
        let mut node_origins = Vec::new();
        let mut edge_origins: Vec<EdgeRow> = Vec::new();

        let mut seen_sources: HashMap<String, Source> = HashMap::new();
        for (origin, source) in rows.sources {
            match graph.source(&source.id).or(seen_sources.get(&source.id)) {
                Some(known) if *known == source => {}
                Some(_) => problems.add(
                    &origin,
                    Some("id"),
                    format!("source `{}` exists already with other fields", source.id),
                    Some("the same fields, or another id".into()),
                ),
                None => {
                    seen_sources.insert(source.id.clone(), source.clone());
                    source_origins.push(origin);
                    change.sources.push(source);
                }
            }
        }

        let mut seen_nodes: HashMap<String, (Origin, Node)> = HashMap::new();
        for (origin, node) in rows.nodes {
            if let Some((first, same)) = seen_nodes.get(&node.id) {
                if *same == node {
                    continue;
                }
                problems.add(
                    &origin,
                    Some("id"),
                    format!(
                        "`{}` is imported twice, otherwise at {}",
                        node.id, first.row
                    ),
                    Some("one row per entity, or rows that agree".into()),
                );
                continue;
            }
            seen_nodes.insert(node.id.clone(), (origin.clone(), node.clone()));
            let Some(known) = graph.node(&node.id) else {
                node_origins.push(origin);
                change.nodes.push(node);
                continue;
            };
            let (fields, aliases) = differences(known, &node);
            if fields.is_empty() && aliases.is_empty() {
                continue;
            }
            if options.update {
                change.updates.push((node.id.clone(), fields, aliases));
            } else {
                let what: Vec<String> = fields
                    .iter()
                    .map(|(field, _)| field.to_string())
                    .chain((!aliases.is_empty()).then(|| "aliases".to_string()))
                    .collect();
                problems.add(
                    &origin,
                    Some("id"),
                    format!(
                        "`{}` exists already, with another {}",
                        node.id,
                        what.join(", ")
                    ),
                    Some("the same fields, or --update to change them".into()),
                );
            }
        }

        // Names in relations resolve to the imported nodes first, then the graph's.
        let mut imported_names: HashMap<String, Vec<&str>> = HashMap::new();
        for node in &change.nodes {
            for name in node.names() {
                let ids = imported_names.entry(normalize(name)).or_default();
                if !ids.contains(&node.id.as_str()) {
                    ids.push(&node.id);
                }
            }
        }
        let resolve = |name: &str| -> Result<String, (String, Option<String>)> {
            if change.nodes.iter().any(|n| n.id == name) {
                return Ok(name.to_string());
            }
            match imported_names.get(&normalize(name)).map(Vec::as_slice) {
                Some([id]) => return Ok(id.to_string()),
                Some(ids) if ids.len() > 1 => {
                    return Err((
                        format!("`{name}` could mean {}", ids.join(", ")),
                        Some("an id".into()),
                    ));
                }
                _ => {}
            }
            graph.resolve(name).map(|n| n.id.clone()).map_err(|error| {
                let candidates: Vec<String> = error
                    .candidates()
                    .iter()
                    .map(|c| format!("`{}`", c.id))
                    .collect();
                let expected = if candidates.is_empty() {
                    "an id, name or alias of an entity in the graph or in the import".to_string()
                } else {
                    format!("one of {}", candidates.join(", "))
                };
                (error.to_string(), Some(expected))
            })
        };

        // Rows of one relation (an edges row and its evidence rows) become one edge.
        let mut relations: BTreeMap<(String, EdgeKind, String), EdgeRow> = BTreeMap::new();
        for mut row in rows.edges {
            let mut resolved = true;
            for column in ["from", "to", "via"] {
                let name = match column {
                    "from" => &mut row.edge.from,
                    "to" => &mut row.edge.to,
                    _ => match &mut row.edge.via {
                        Some(via) => via,
                        None => continue,
                    },
                };
                match resolve(name) {
                    Ok(id) => *name = id,
                    Err((message, expected)) => {
                        problems.add(&row.origin, Some(column), message, expected);
                        resolved = false;
                    }
                }
            }
            if !resolved {
                continue;
            }
            let (from, kind, to) = row.edge.relation();
            let key = (from.to_string(), kind, to.to_string());
            match relations.get_mut(&key) {
                None => {
                    relations.insert(key, row);
                }
                Some(first) => {
                    let conflicts = merge(&mut first.edge, &row.edge);
                    for column in conflicts {
                        problems.add(
                            &row.origin,
                            Some(column),
                            format!(
                                "{} says otherwise at {}",
                                first.origin.file, first.origin.row
                            ),
                            Some("the same value in every row of a relation".into()),
                        );
                    }
                    for (evidence, origin) in row.edge.evidence.into_iter().zip(row.quotes) {
                        if !first.edge.evidence.contains(&evidence) {
                            first.edge.evidence.push(evidence);
                            first.quotes.push(origin);
                        }
                    }
                }
            }
        }
        let mut additions = Vec::new();
        for ((from, kind, to), mut row) in relations {
            let Some(known) = graph.edge(&from, kind, &to).map(|edge| edge.to_edge()) else {
                change.edges.push(row.edge.clone());
                edge_origins.push(row);
                continue;
            };
            // What the relation lacks: quotes and qualifiers; a different qualifier is
            // a conflict the editing layer would refuse, said here on the row.
            let mut probe = known.clone();
            for column in merge(&mut probe, &row.edge) {
                problems.add(
                    &row.origin,
                    Some(column),
                    format!(
                        "`{}` is stated already, with another {column}",
                        known.statement()
                    ),
                    Some("the graph's value, or remove the relation first".into()),
                );
            }
            let quotes = std::mem::take(&mut row.edge.evidence);
            row.edge.evidence = quotes
                .into_iter()
                .filter(|e| !known.evidence.contains(e))
                .collect();
            if !row.edge.evidence.is_empty() {
                additions.push(row.edge);
            } else if probe != known {
                problems.add(
                    &row.origin,
                    None,
                    format!(
                        "`{}` is stated already; new qualifiers need a new quote",
                        known.statement()
                    ),
                    Some("a quote that states them".into()),
                );
            }
        }
        check_rules(
            graph,
            &change,
            &source_origins,
            &node_origins,
            &edge_origins,
            problems,
        );
        // New relations first (check_rules counts on it), then quotes for old ones.
        change.edges.extend(additions);
        change
    }
}

/// The fields and aliases of `row` that `known` lacks or has otherwise: what `--update`
/// would change. Empty cells change nothing.
fn differences(known: &Node, row: &Node) -> (Vec<(NodeField, String)>, Vec<String>) {
    let mut fields = Vec::new();
    if row.name != known.name {
        fields.push((NodeField::Name, row.name.clone()));
    }
    if row.kind != known.kind {
        fields.push((NodeField::Kind, row.kind.name().to_string()));
    }
    for (field, new, old) in [
        (NodeField::Description, &row.description, &known.description),
        (NodeField::Url, &row.url, &known.url),
        (NodeField::Notes, &row.notes, &known.notes),
    ] {
        if let Some(new) = new
            && Some(new) != old.as_ref()
        {
            fields.push((field, new.clone()));
        }
    }
    if let Some(year) = row.established
        && Some(year) != known.established
    {
        fields.push((NodeField::Established, year.to_string()));
    }
    let aliases = row
        .aliases
        .iter()
        .filter(|a| !known.names().any(|n| n == a.as_str()))
        .cloned()
        .collect();
    (fields, aliases)
}

/// Fills `edge`'s absent qualifiers from `other`; returns the columns where both have
/// a value and they differ.
fn merge(edge: &mut Edge, other: &Edge) -> Vec<&'static str> {
    let mut conflicts = Vec::new();
    macro_rules! fill {
        ($($field:ident),*) => {$(
            match (&edge.$field, &other.$field) {
                (None, Some(value)) => edge.$field = Some(value.clone()),
                (Some(a), Some(b)) if a != b => conflicts.push(stringify!($field)),
                _ => {}
            }
        )*};
    }
    fill!(role, since, until, year, date, via, notes);
    match (&edge.amount, &other.amount) {
        (None, Some(amount)) => edge.amount = Some(amount.clone()),
        (Some(a), Some(b)) if a != b => conflicts.push("amount_value"),
        _ => {}
    }
    edge.inferred |= other.inferred;
    conflicts
}

/// Checks the new items with the rules `check` applies, on the graph as the import
/// would leave it, and places each problem on its row and column.
fn check_rules(
    graph: &Graph,
    change: &Change,
    source_origins: &[Origin],
    node_origins: &[Origin],
    edge_origins: &[EdgeRow],
    problems: &mut Problems,
) {
    let mut dataset = graph.to_dataset();
    let base = (
        dataset.sources.len(),
        dataset.nodes.len(),
        dataset.edges.len(),
    );
    dataset.extend(Dataset {
        sources: change.sources.clone(),
        nodes: change.nodes.clone(),
        edges: change.edges.clone(),
    });
    let Err(invalid) = Graph::from_dataset(dataset) else {
        return;
    };
    for problem in invalid.problems {
        let (origin, column) = match problem.item {
            Item::Source(i) if i >= base.0 => {
                (&source_origins[i - base.0], field_column(problem.field))
            }
            Item::Node(i) if i >= base.1 => {
                (&node_origins[i - base.1], field_column(problem.field))
            }
            Item::Edge(i) if i >= base.2 => {
                let row = &edge_origins[i - base.2];
                // A quote's problem is on the quote's own row.
                match problem.field {
                    Some(Field {
                        name: "evidence",
                        index: Some(q),
                        inner,
                    }) => (
                        row.quotes.get(q).unwrap_or(&row.origin),
                        inner.map(str::to_string),
                    ),
                    field => (&row.origin, field_column(field)),
                }
            }
            // The graph itself was valid, so a problem on an old item comes from a new
            // one clashing with it; `related` names the new one.
            _ => continue,
        };
        let mut message = problem.message;
        if let Some(hint) = problem.hint {
            message = format!("{message} ({hint})");
        }
        problems.add(origin, column.as_deref(), message, problem.expected);
    }
}

fn field_column(field: Option<Field>) -> Option<String> {
    field.map(|f| match f.name {
        "evidence" => "quote".to_string(),
        "amount" => "amount_currency".to_string(),
        name => name.to_string(),
    })
}

// ---- Reading records --------------------------------------------------------------

fn csv_records(file: &ImportFile, problems: &mut Problems) -> Vec<(Table, Record)> {
    let text = file.text.strip_prefix('\u{FEFF}').unwrap_or(&file.text);
    let mut reader = ::csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(false)
        .from_reader(text.as_bytes());
    let at = |row: String| file.at(row);
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect(),
        Err(error) => {
            problems.add(&at("row 1".into()), None, format!("not CSV: {error}"), None);
            return Vec::new();
        }
    };
    let Some(table) = table_of(&header) else {
        problems.add(
            &at("row 1".into()),
            None,
            format!("cannot tell what the rows are from the header `{}`", header.join(",")),
            Some("a header with `id,kind,name` (entities), `from,to,kind` (relations) or `id,title` (sources)".into()),
        );
        return Vec::new();
    };
    if !known_columns(table, &header, &at("row 1".into()), problems) {
        return Vec::new();
    }
    // The line a row starts on, counted from its byte offset: the csv crate's own line
    // count is off by one after `\r\n` line ends, which Excel writes.
    let line_of = |position: Option<&::csv::Position>| {
        position.map_or(0, |p| {
            // After `\r\n` the position may point at the `\n`: skip line ends first.
            let bytes = text.as_bytes();
            let mut start = (p.byte() as usize).min(bytes.len());
            while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                start += 1;
            }
            bytes[..start].iter().filter(|&&b| b == b'\n').count() + 1
        })
    };
    let mut records = Vec::new();
    for result in reader.records() {
        match result {
            Ok(row) => {
                let line = line_of(row.position());
                records.push((
                    table,
                    Record {
                        origin: at(format!("row {line}")),
                        cells: header
                            .iter()
                            .cloned()
                            .zip(row.iter().map(str::to_string))
                            .collect(),
                    },
                ));
            }
            Err(error) => {
                let line = line_of(error.position());
                problems.add(
                    &at(format!("row {line}")),
                    None,
                    format!("not CSV: {error}"),
                    None,
                );
            }
        }
    }
    records
}

fn table_of(columns: &[String]) -> Option<Table> {
    let has = |name: &str| columns.iter().any(|c| c == name);
    if has("from") {
        Some(Table::Edges)
    } else if has("title") {
        Some(Table::Sources)
    } else if has("name") {
        Some(Table::Nodes)
    } else {
        None
    }
}

/// The columns a table may have: an edge row may carry one quote (`source`, `quote`,
/// and its locator `at`) or several (`evidence_sources`, `evidence_quotes`,
/// `evidence_at`, as GraphML has them).
fn allowed_columns(table: Table) -> Vec<&'static str> {
    match table {
        Table::Sources => SOURCE_COLUMNS.to_vec(),
        Table::Nodes => NODE_COLUMNS.to_vec(),
        Table::Edges => EDGE_COLUMNS
            .iter()
            .copied()
            .chain([
                "source",
                "quote",
                "at",
                "evidence_sources",
                "evidence_quotes",
                "evidence_at",
            ])
            .collect(),
    }
}

fn required_columns(table: Table) -> &'static [&'static str] {
    match table {
        Table::Sources => &["id", "title"],
        Table::Nodes => &["id", "kind", "name"],
        Table::Edges => &["from", "to", "kind"],
    }
}

/// Whether every column is known and every required one there; says which are not.
fn known_columns(
    table: Table,
    columns: &[String],
    origin: &Origin,
    problems: &mut Problems,
) -> bool {
    let allowed = allowed_columns(table);
    let before = problems.0.len();
    for column in columns {
        if !allowed.contains(&column.as_str()) {
            problems.add(
                origin,
                Some(column),
                format!("unknown column `{column}`"),
                Some(format!("columns among {}", allowed.join(", "))),
            );
        }
    }
    for required in required_columns(table) {
        if !columns.iter().any(|c| c == required) {
            problems.add(
                origin,
                Some(required),
                format!("no `{required}` column"),
                Some(format!("columns {}", required_columns(table).join(", "))),
            );
        }
    }
    problems.0.len() == before
}

fn graphml_records(
    file: &ImportFile,
    sources: &mut Vec<(Origin, Source)>,
    problems: &mut Problems,
) -> Vec<(Table, Record)> {
    let at = |row: String| file.at(row);
    let document = match roxmltree::Document::parse(&file.text) {
        Ok(document) => document,
        Err(error) => {
            let position = error.pos();
            problems.add(
                &at(format!("line {}", position.row)),
                None,
                format!("not XML: {error}"),
                Some("a GraphML document".into()),
            );
            return Vec::new();
        }
    };
    let line = |node: roxmltree::Node<'_, '_>| {
        format!("line {}", document.text_pos_at(node.range().start).row)
    };
    // Key ids to attribute names, per domain.
    let keys: HashMap<&str, (&str, &str)> = document
        .descendants()
        .filter(|n| n.has_tag_name("key"))
        .filter_map(|k| {
            Some((
                k.attribute("id")?,
                (
                    k.attribute("for").unwrap_or("all"),
                    k.attribute("attr.name")?,
                ),
            ))
        })
        .collect();
    let data = |element: roxmltree::Node<'_, '_>,
                domain: &str,
                cells: &mut Vec<(String, String)>,
                problems: &mut Problems| {
        for datum in element.children().filter(|c| c.has_tag_name("data")) {
            let key = datum.attribute("key").unwrap_or_default();
            match keys.get(key) {
                Some((for_, name)) if *for_ == domain || *for_ == "all" => {
                    cells.push((
                        name.to_string(),
                        datum.text().unwrap_or_default().to_string(),
                    ));
                }
                _ => problems.add(
                    &at(line(datum)),
                    Some(key),
                    format!("no <key> `{key}` for {domain}s"),
                    Some("a key declared for this element".into()),
                ),
            }
        }
    };
    let mut records = Vec::new();
    for element in document.descendants() {
        if element.has_tag_name("graph") {
            for datum in element.children().filter(|c| c.has_tag_name("data")) {
                let key = datum.attribute("key").unwrap_or_default();
                if keys.get(key).map(|(_, name)| *name) == Some("sources") {
                    let origin = at(line(datum));
                    match serde_json::from_str::<Vec<Source>>(datum.text().unwrap_or("[]")) {
                        Ok(list) => sources.extend(list.into_iter().map(|s| (origin.clone(), s))),
                        Err(error) => problems.add(
                            &origin,
                            Some("sources"),
                            format!("not a list of sources: {error}"),
                            Some("a JSON array of {\"id\", \"title\", ...}".into()),
                        ),
                    }
                }
            }
        } else {
            // An element's ends are attributes; its fields, <data> children.
            let (table, domain, ends) = match element.tag_name().name() {
                "node" => (Table::Nodes, "node", &[("id", "id")][..]),
                "edge" => (
                    Table::Edges,
                    "edge",
                    &[("from", "source"), ("to", "target")][..],
                ),
                _ => continue,
            };
            let mut cells: Vec<(String, String)> = ends
                .iter()
                .map(|(column, attribute)| {
                    let value = element.attribute(*attribute).unwrap_or_default();
                    (column.to_string(), value.to_string())
                })
                .collect();
            data(element, domain, &mut cells, problems);
            let origin = at(line(element));
            records.push((table, Record { origin, cells }));
        }
    }
    for (table, record) in &records {
        let columns: Vec<String> = record.cells.iter().map(|(c, _)| c.clone()).collect();
        known_columns(*table, &columns, &record.origin, problems);
    }
    records
}

fn json_records(
    file: &ImportFile,
    sources: &mut Vec<(Origin, Source)>,
    problems: &mut Problems,
) -> Vec<(Table, Record)> {
    use serde_json::Value;
    let at = |row: String| file.at(row);
    let document: Value = match serde_json::from_str(&file.text) {
        Ok(document) => document,
        Err(error) => {
            problems.add(
                &at(format!("line {}", error.line())),
                None,
                format!("not JSON: {error}"),
                Some("{\"nodes\": [...], \"edges\": [...], \"sources\": [...]}".into()),
            );
            return Vec::new();
        }
    };
    if let Some(list) = document.get("sources").and_then(Value::as_array) {
        for (i, item) in list.iter().enumerate() {
            let origin = at(format!("sources[{i}]"));
            match serde_json::from_value::<Source>(item.clone()) {
                Ok(source) => sources.push((origin, source)),
                Err(error) => problems.add(
                    &origin,
                    None,
                    format!("not a source: {error}"),
                    Some(
                        "{\"id\", \"title\", \"publisher\"?, \"year\"?, \"locator\"?, \"notes\"?}"
                            .into(),
                    ),
                ),
            }
        }
    }
    let mut records = Vec::new();
    for (table, section) in [(Table::Nodes, "nodes"), (Table::Edges, "edges")] {
        let Some(list) = document.get(section).and_then(Value::as_array) else {
            continue;
        };
        for (i, item) in list.iter().enumerate() {
            let origin = at(format!("{section}[{i}]"));
            let Some(object) = item.as_object() else {
                problems.add(
                    &origin,
                    None,
                    "not an object".into(),
                    Some("{\"id\", \"kind\", ...}".into()),
                );
                continue;
            };
            let mut cells = Vec::new();
            for (key, value) in object {
                match (key.as_str(), value) {
                    ("evidence", Value::Array(items)) => {
                        let field =
                            |name: &str| {
                                join_list(items.iter().map(|e| {
                                    e.get(name).and_then(Value::as_str).unwrap_or_default()
                                }))
                            };
                        cells.push(("evidence_sources".to_string(), field("source")));
                        cells.push(("evidence_quotes".to_string(), field("quote")));
                        cells.push(("evidence_at".to_string(), field("at")));
                    }
                    ("amount", Value::Object(amount)) => {
                        for part in ["value", "currency", "bound"] {
                            cells.push((
                                format!("amount_{part}"),
                                amount.get(part).map(cell).unwrap_or_default(),
                            ));
                        }
                    }
                    (key, value) => cells.push((key.to_string(), cell(value))),
                }
            }
            let columns: Vec<String> = cells.iter().map(|(c, _)| c.clone()).collect();
            if known_columns(table, &columns, &origin, problems) {
                records.push((table, Record { origin, cells }));
            }
        }
    }
    records
}

/// A JSON value as a cell: text as it is, lists joined as list cells.
fn cell(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => join_list(items.iter().map(|i| i.as_str().unwrap_or_default())),
        other => other.to_string(),
    }
}

// ---- Records into items -----------------------------------------------------------

impl Record {
    /// The cell of `column`, `None` when absent or empty.
    fn get(&self, column: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn text(&self, column: &str) -> Option<String> {
        self.get(column).map(str::to_string)
    }

    /// The text of a column that must not be empty; when it is, empty text, after
    /// saying so (the row is then dropped, so the empty value is never used).
    fn required(&self, column: &str, what: &str, problems: &mut Problems) -> String {
        let value = self.text(column);
        if value.is_none() {
            problems.add(
                &self.origin,
                Some(column),
                format!("empty `{column}`"),
                Some(what.to_string()),
            );
        }
        value.unwrap_or_default()
    }

    /// The kind named in the `kind` column, when there is one and it is known; an
    /// unknown one is a problem, saying what it is a kind of (`noun`).
    fn kind<K: std::str::FromStr<Err = UnknownKind>>(
        &self,
        noun: &str,
        problems: &mut Problems,
    ) -> Option<K> {
        let text = self.get("kind")?;
        match text.parse::<K>() {
            Ok(kind) => Some(kind),
            Err(error) => {
                problems.add(
                    &self.origin,
                    Some("kind"),
                    format!("unknown {noun} `{text}`"),
                    Some(format!("one of {}", error.expected.join(", "))),
                );
                None
            }
        }
    }

    fn parsed<T: std::str::FromStr>(
        &self,
        column: &str,
        what: &str,
        problems: &mut Problems,
    ) -> Option<T> {
        let text = self.get(column)?;
        let value = text.trim().parse().ok();
        if value.is_none() {
            problems.add(
                &self.origin,
                Some(column),
                format!("`{text}` is not {what}"),
                Some(what.to_string()),
            );
        }
        value
    }
}

/// A quote's locator from a cell (`14:5-88`); `None` when the cell is absent or empty,
/// and a problem when it is not a locator.
fn locator_of(
    cell: Option<&str>,
    column: &str,
    origin: &Origin,
    problems: &mut Problems,
) -> Option<crate::model::Locator> {
    let cell = cell.map(str::trim).filter(|c| !c.is_empty())?;
    match cell.parse() {
        Ok(at) => Some(at),
        Err(message) => {
            problems.add(
                origin,
                Some(column),
                message,
                Some("LINE:COLUMN-COLUMN, such as `14:5-88`".into()),
            );
            None
        }
    }
}

fn source_of(record: &Record, problems: &mut Problems) -> Option<Source> {
    let before = problems.0.len();
    let source = Source {
        id: record.required("id", "a short key such as `report-2024`", problems),
        title: record.required("title", "the document's title", problems),
        publisher: record.text("publisher"),
        year: record.parsed("year", "a year", problems),
        locator: record.text("locator"),
        file: record.text("file"),
        notes: record.text("notes"),
    };
    (problems.0.len() == before).then_some(source)
}

fn node_of(record: &Record, problems: &mut Problems) -> Option<Node> {
    let before = problems.0.len();
    let kind: Option<NodeKind> = record.kind("kind", problems);
    let node = Node {
        id: record.required("id", "an UPPER-KEBAB id such as `UN-WOMEN`", problems),
        kind: kind.unwrap_or(NodeKind::UnEntity),
        name: record.required("name", "the entity's full name", problems),
        aliases: record.get("aliases").map(split_list).unwrap_or_default(),
        description: record.text("description"),
        established: record.parsed("established", "a year", problems),
        url: record.text("url"),
        notes: record.text("notes"),
    };
    // An empty kind is reported after the other columns (the kind above is then None).
    record.required(
        "kind",
        "a kind such as `un-entity` or `mechanism`",
        problems,
    );
    (problems.0.len() == before).then_some(node)
}

fn edge_of(record: &Record, problems: &mut Problems) -> Option<EdgeRow> {
    let before = problems.0.len();
    // An empty kind is reported first; `kind` reports an unknown one.
    record.required(
        "kind",
        "a relation such as `member-of` or `chairs`",
        problems,
    );
    let kind: Option<EdgeKind> = record.kind("relation", problems);
    let amount = match (record.get("amount_value"), record.get("amount_currency")) {
        (None, None) => None,
        (Some(_), Some(currency)) => {
            let bound = match record.get("amount_bound") {
                None => Some(Bound::Exact),
                Some("over") => Some(Bound::Over),
                Some("under") => Some(Bound::Under),
                Some("about") => Some(Bound::About),
                Some(other) => {
                    problems.add(
                        &record.origin,
                        Some("amount_bound"),
                        format!("`{other}` is not a bound"),
                        Some("`over`, `under`, `about`, or empty for an exact sum".into()),
                    );
                    None
                }
            };
            let value = record.parsed("amount_value", "a whole number", problems);
            value.zip(bound).map(|(value, bound)| Amount {
                value,
                currency: currency.to_string(),
                bound,
            })
        }
        (Some(_), None) => {
            problems.add(
                &record.origin,
                Some("amount_currency"),
                "an amount without a currency".into(),
                Some("a code such as `USD`".into()),
            );
            None
        }
        (None, Some(_)) => {
            problems.add(
                &record.origin,
                Some("amount_value"),
                "a currency without an amount".into(),
                Some("a whole number".into()),
            );
            None
        }
    };
    let inferred = match record
        .get("inferred")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("false" | "no" | "0") => false,
        Some("true" | "yes" | "1") => true,
        Some(other) => {
            problems.add(
                &record.origin,
                Some("inferred"),
                format!("`{other}` is not true or false"),
                Some("`true`, `false`, or empty (false)".into()),
            );
            false
        }
    };
    // Quotes: one (`source`, `quote`) or lists (`evidence_sources`, `evidence_quotes`).
    let mut evidence = Vec::new();
    match (record.get("source"), record.get("quote")) {
        (Some(source), Some(quote)) => evidence.push(Evidence {
            at: locator_of(record.get("at"), "at", &record.origin, problems),
            ..Evidence::new(source, quote)
        }),
        (None, None) => {}
        (None, Some(_)) => problems.add(
            &record.origin,
            Some("source"),
            "a quote without its source".into(),
            Some("the id of a source".into()),
        ),
        (Some(_), None) => problems.add(
            &record.origin,
            Some("quote"),
            "a source without a quote".into(),
            Some("the source's words".into()),
        ),
    }
    let sources = record
        .get("evidence_sources")
        .map(split_list)
        .unwrap_or_default();
    let quotes = record
        .get("evidence_quotes")
        .map(split_list)
        .unwrap_or_default();
    if sources.len() != quotes.len() {
        problems.add(
            &record.origin,
            Some("evidence_quotes"),
            format!("{} quotes for {} sources", quotes.len(), sources.len()),
            Some("one source per quote".into()),
        );
    }
    // Where each quote is: a list as long as the quotes, or none.
    let located = record
        .get("evidence_at")
        .map(split_list)
        .filter(|at| at.iter().any(|a| !a.is_empty()))
        .unwrap_or_default();
    if !located.is_empty() && located.len() != quotes.len() {
        problems.add(
            &record.origin,
            Some("evidence_at"),
            format!("{} locators for {} quotes", located.len(), quotes.len()),
            Some("one locator (or an empty entry) per quote".into()),
        );
    }
    let mut located = located.into_iter();
    evidence.extend(sources.into_iter().zip(quotes).map(|(source, quote)| {
        let at = located.next();
        Evidence {
            at: locator_of(at.as_deref(), "evidence_at", &record.origin, problems),
            ..Evidence::new(source, quote)
        }
    }));
    let edge = Edge {
        from: record.required("from", "an id, name or alias", problems),
        kind: kind.unwrap_or(EdgeKind::MemberOf),
        to: record.required("to", "an id, name or alias", problems),
        role: record.text("role"),
        since: record.parsed("since", "a year", problems),
        until: record.parsed("until", "a year", problems),
        year: record.parsed("year", "a year", problems),
        date: record.text("date"),
        amount,
        via: record.text("via"),
        inferred,
        notes: record.text("notes"),
        evidence,
    };
    let quotes = vec![record.origin.clone(); edge.evidence.len()];
    (problems.0.len() == before).then(|| EdgeRow {
        origin: record.origin.clone(),
        edge,
        quotes,
    })
}

// ---- Templates --------------------------------------------------------------------

/// The files of a CSV template, in the order to fill them.
pub const TEMPLATE_FILES: [&str; 3] = ["sources.csv", "nodes.csv", "edges.csv"];

/// Writes the CSV template `file` (one of [`TEMPLATE_FILES`]): the header row, then an
/// example row commented out with `#`, which the import skips. The edges template has
/// `source` and `quote` columns, so a row is a relation with its quote.
///
/// ```
/// let mut out = Vec::new();
/// agencygraph::import::write_template("edges.csv", &mut out)?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with("from,to,kind,role,"));
/// assert!(text.lines().nth(1).unwrap().starts_with("# UNFPA,UN Action,member-of,"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_template(file: &str, mut out: impl Write) -> io::Result<()> {
    let (header, example): (Vec<&str>, Vec<&str>) = match file {
        "sources.csv" => (
            SOURCE_COLUMNS.to_vec(),
            vec![
                "report-2024",
                "Annual report 2024",
                "UN Women",
                "2024",
                "https://example.org/report-2024.pdf",
                "",
                "",
            ],
        ),
        "nodes.csv" => (
            NODE_COLUMNS.to_vec(),
            vec![
                "UNFPA",
                "un-entity",
                "United Nations Population Fund",
                "UNFPA;UN Population Fund",
                "",
                "1969",
                "https://www.unfpa.org",
                "",
            ],
        ),
        "edges.csv" => (
            allowed_columns(Table::Edges)[..16].to_vec(),
            vec![
                "UNFPA",
                "UN Action",
                "member-of",
                "member",
                "2019",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "false",
                "",
                "report-2024",
                "UNFPA is a member of UN Action",
            ],
        ),
        other => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "no template `{other}`; expected one of {}",
                    TEMPLATE_FILES.join(", ")
                ),
            ));
        }
    };
    let mut csv = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    csv.write_record(&header)?;
    csv.write_record(&example)?;
    let text = csv.into_inner().map_err(|e| e.into_error())?;
    let text = String::from_utf8(text).expect("written from strings");
    let (header, example) = text.split_once("\r\n").expect("two rows");
    write!(out, "{header}\r\n# {example}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(files: &[ImportFile], format: Format) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        crate::store::init(dir.path()).unwrap();
        let store = Store::open(dir.path()).unwrap();
        match plan_import(&store, files, format, &ImportOptions::default()) {
            Err(ImportError::Rows(problems)) => problems.iter().map(ToString::to_string).collect(),
            Ok(plan) => panic!("imported: {:?}", plan.messages),
            Err(other) => panic!("{other}"),
        }
    }

    /// Asserts that importing the file `name` holding `text` as `format` gives one
    /// problem per prefix, each starting with it.
    fn expect_problems(name: &str, text: impl Into<String>, format: Format, prefixes: &[&str]) {
        expect(
            &problems_of(&[ImportFile::new(name, text)], format),
            prefixes,
        );
    }

    /// Asserts that there is one problem per prefix, each starting with it.
    fn expect(problems: &[String], prefixes: &[&str]) {
        assert_eq!(problems.len(), prefixes.len(), "{problems:#?}");
        for (problem, prefix) in problems.iter().zip(prefixes) {
            assert!(problem.starts_with(prefix), "{problem}\nwanted {prefix}");
        }
    }

    #[test]
    fn every_bad_row_at_once() {
        let text = "from,to,kind,since,source,quote\n\
             UN Women,UN Action,member-of,2019,inter-agency-mechanisms,a quote\n\
             UN Wimen,UN Action,member-of,,inter-agency-mechanisms,a quote\n\
             UNODC,ICAT,belongs-to,,inter-agency-mechanisms,a quote\n\
             UNODC,ICAT,chairs,soon,inter-agency-mechanisms,a quote\n";
        // The same rows with Excel's `\r\n` line ends are numbered the same.
        for text in [text.to_string(), text.replace('\n', "\r\n")] {
            expect_problems(
                "edges.csv",
                text,
                Format::Csv,
                &[
                    "edges.csv, row 3, column `from`: no entity is called `UN Wimen`; expected one of `UN-WOMEN`",
                    "edges.csv, row 4, column `kind`: unknown relation `belongs-to`; expected one of chairs,",
                    "edges.csv, row 5, column `since`: `soon` is not a year; expected a year",
                ],
            );
        }
    }

    #[test]
    fn graph_rules_land_on_rows() {
        expect_problems(
            "nodes.csv",
            "id,kind,name\nun-fpa,un-entity,Population Fund\nNEW-FUND,fund,\"\"\n",
            Format::Csv,
            &[
                "nodes.csv, row 2, column `id`: `un-fpa` is not an UPPER-KEBAB id",
                "nodes.csv, row 3, column `name`: empty `name`",
            ],
        );
        // A relation the kinds do not allow: checked against the graph, placed on its row.
        expect_problems(
            "e.csv",
            "from,to,kind,source,quote\nICAT-BRIEF-GENDER-2019,ICAT,chairs,inter-agency-mechanisms,words\n",
            Format::Csv,
            &["e.csv, row 2"],
        );
    }

    #[test]
    fn json_and_graphml_problems_are_placed() {
        expect_problems(
            "g.json",
            r#"{"nodes": [{"id": "NEW", "kind": "office", "name": "New", "colour": "red"}],
                "edges": [{"from": "UNODC", "kind": "runs", "to": "ICAT", "inferred": false, "evidence": []}]}"#,
            Format::Json,
            &[
                "g.json, nodes[0], column `colour`: unknown column `colour`",
                "g.json, edges[0], column `kind`: unknown relation `runs`",
            ],
        );
        expect_problems(
            "g.graphml",
            "<graphml>\n<key id=\"k\" for=\"node\" attr.name=\"kind\"/>\n<key id=\"n\" for=\"node\" attr.name=\"name\"/>\n<graph>\n<node id=\"X\"><data key=\"k\">planet</data><data key=\"n\">X</data></node>\n</graph>\n</graphml>\n",
            Format::Graphml,
            &["g.graphml, line 5, column `kind`: unknown kind `planet`"],
        );
        expect_problems(
            "b.graphml",
            "<graphml>\n<graph>\n</graphml>\n",
            Format::Graphml,
            &["b.graphml, line 3: not XML"],
        );
    }

    #[test]
    fn unknown_columns_and_headers() {
        let file = ImportFile::new("x.csv", "from,to,kind,colour\nA,B,chairs,red\n");
        let problems = problems_of(&[file], Format::Csv);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("x.csv, row 1, column `colour`: unknown column `colour`; expected columns among from, to, kind,"), "{}", problems[0]);
        let file = ImportFile::new("y.csv", "a,b\n1,2\n");
        let problems = problems_of(&[file], Format::Csv);
        assert!(
            problems[0].contains("cannot tell what the rows are"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn templates_read_back_as_nothing() {
        let files: Vec<ImportFile> = TEMPLATE_FILES
            .iter()
            .map(|name| {
                let mut out = Vec::new();
                write_template(name, &mut out).unwrap();
                ImportFile::new(*name, String::from_utf8(out).unwrap())
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        crate::store::init(dir.path()).unwrap();
        let store = Store::open(dir.path()).unwrap();
        let plan = plan_import(&store, &files, Format::Csv, &ImportOptions::default()).unwrap();
        assert!(plan.is_empty(), "{:?}", plan.messages);
        // Uncommented, the example rows import.
        let files: Vec<ImportFile> = files
            .into_iter()
            .map(|f| ImportFile::new(f.name, f.text.replace("\r\n# ", "\r\n")))
            .collect();
        let plan = plan_import(&store, &files, Format::Csv, &ImportOptions::default()).unwrap();
        assert_eq!(plan.messages.len(), 3, "{:?}", plan.messages);
    }
}
