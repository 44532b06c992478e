//! Storage: reading graphs from RON files, and the bundled data set compiled into the
//! crate.
//!
//! A graph is one `.ron` file or a directory of them, read recursively in sorted path
//! order. Each file holds any of three lists, in this shape:
//!
//! ```ron
//! (
//!     sources: [(id: "memo", title: "A memo")],
//!     nodes: [(id: "UNODC", kind: UnEntity, name: "United Nations Office on Drugs and Crime")],
//!     edges: [(from: "UNODC", kind: SecretariatOf, to: "ICAT",
//!              evidence: [(source: "memo", quote: "UNODC is the secretariat of ICAT")])],
//! )
//! ```
//!
//! Optional fields are written bare (`year: 2019`, not `Some(2019)`): the files are read
//! with RON's `implicit_some` extension on.
//!
//! Loading parses every file, then builds the [`Graph`] through the same validation as
//! code does. Whatever is wrong — syntax, unknown fields, broken rules — comes back as a
//! [`LoadError`] holding every problem with its `file:line:column`.

mod atomic;
pub mod edit;
mod format;
mod lock;
pub(crate) mod outline;
mod output;
mod pieces;
mod snapshot;
mod stream;
mod transaction;

pub use edit::{
    EditError, FileChange, GITATTRIBUTES, Plan, Store, StoreError, TextFile, init, init_empty,
};
pub use format::to_canonical_ron;
pub(crate) use format::unescape_apostrophes;
pub use lock::LockError;
pub use output::{OutputError, write_output};
pub use transaction::{NodeField, Transaction};

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::graph::Graph;
use crate::graph::validate::{Field, Item, Problem};
use crate::model::Dataset;
use outline::Section;

/// The bundled data set: `(path, contents)` of every file under `graph/`, sorted.
mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The names of the lists a file may hold.
const SECTIONS: [&str; 3] = ["sources", "nodes", "edges"];

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, as the user named it (or `graph/...` for the bundled data).
    pub file: String,
    /// 1-based line, when the problem is at a spot in the file.
    pub line: Option<usize>,
    /// 1-based column, counted in characters.
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        Ok(())
    }
}

/// One problem found while loading, placed in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// What would have been right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// A suggestion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The line of the file the problem is on, for showing with a caret; a long line is
    /// cut to a window around the spot, marked with `…` where it was cut.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// The 1-based character column of the spot within `snippet` (the same as
    /// `location.column` unless the line was cut).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet_column: Option<usize>,
    /// Another place involved, such as the first definition of a duplicate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Location>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, "; expected {expected}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        if let Some(related) = &self.related {
            write!(f, " (first at {related})")?;
        }
        Ok(())
    }
}

/// A graph could not be loaded: every problem found, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The problems, each with its place.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl LoadError {
    /// What is left unsaid when only the first `shown` problems are printed: "and
    /// 999,950 more problems of the same kinds", then how many of each kind (a problem's
    /// kind is its message with the quoted names left out). `None` when nothing is left.
    ///
    /// ```
    /// let text = r#"(nodes: [(id: "A", kind: Office, name: "a")], edges: [
    ///     (from: "A", kind: PartOf, to: "X", evidence: []),
    ///     (from: "A", kind: PartOf, to: "Y", evidence: []),
    ///     (from: "A", kind: PartOf, to: "Z", evidence: []),
    /// ])"#;
    /// let error = agencygraph::Graph::from_ron_str(text).unwrap_err();
    /// let unknown = error.diagnostics.iter().filter(|d| d.message.starts_with("unknown node")).count();
    /// assert_eq!(unknown, 3);
    /// let summary = error.summary(error.diagnostics.len() - 2).unwrap();
    /// assert!(summary.starts_with("and 2 more problems"), "{summary}");
    /// assert!(error.summary(error.diagnostics.len()).is_none());
    /// ```
    pub fn summary(&self, shown: usize) -> Option<String> {
        let rest = self
            .diagnostics
            .get(shown..)
            .filter(|rest| !rest.is_empty())?;
        let kind = |message: &str| -> String {
            // `name` → `…`: the kinds of "unknown node `X`" and "unknown node `Y`" agree.
            message
                .split('`')
                .enumerate()
                .map(|(i, part)| if i % 2 == 1 { "…" } else { part })
                .collect::<Vec<_>>()
                .join("`")
        };
        let shown_kinds: std::collections::HashSet<String> = self.diagnostics[..shown]
            .iter()
            .map(|d| kind(&d.message))
            .collect();
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut position: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for diagnostic in rest {
            let kind = kind(&diagnostic.message);
            match position.get(&kind) {
                Some(&at) => counts[at].1 += 1,
                None => {
                    position.insert(kind.clone(), counts.len());
                    counts.push((kind, 1));
                }
            }
        }
        let same = counts.iter().all(|(kind, _)| shown_kinds.contains(kind));
        let mut text = format!(
            "and {} more problem{}{}:",
            thousands(rest.len()),
            if rest.len() == 1 { "" } else { "s" },
            if same { " of the same kinds" } else { "" }
        );
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        for (kind, count) in counts {
            text.push_str(&format!("\n  {} × {kind}", thousands(count)));
        }
        Some(text)
    }

    fn one(location: Location, message: String, expected: Option<&str>) -> LoadError {
        LoadError {
            diagnostics: vec![Diagnostic {
                location,
                message,
                expected: expected.map(str::to_string),
                hint: None,
                snippet: None,
                snippet_column: None,
                related: None,
            }],
        }
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut text = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// A file's name and text, as read.
struct SourceFile {
    /// The name problems are reported under.
    name: String,
    /// Where it is on disk (for the bundled data, its path in the repository).
    path: PathBuf,
    text: String,
}

/// A snippet longer than this many bytes is cut to a window around the spot.
const SNIPPET_WHOLE: usize = 160;
/// How many characters a cut snippet keeps on each side of the spot.
const SNIPPET_SIDE: usize = 60;

/// Where each line of a text starts, so that placing a problem costs a binary search,
/// not a scan of the file: placing N problems is O(N log lines). A line ends at `\n`,
/// `\r\n` or a lone `\r` (old Mac files).
struct LineIndex {
    starts: Vec<usize>,
    /// The last offset placed and its column: problems come mostly in file order, so
    /// counting a column's characters starts from there, not from the line's start
    /// (one long line with many problems stays linear).
    last: std::cell::Cell<(usize, usize)>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &byte) in bytes.iter().enumerate() {
            if byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// The 0-based line holding `offset`.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }
}

impl SourceFile {
    /// The location of a byte offset, with a snippet of the line it is on (the whole
    /// line, or a window around the spot when the line is long) and the spot's column
    /// in the snippet.
    fn locate(&self, lines: &LineIndex, offset: usize) -> (Location, String, usize) {
        let text = &self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = lines.line(offset);
        let line_start = lines.starts[line];
        let line_end = lines.starts.get(line + 1).map_or(text.len(), |&next| {
            let ending = &text[line_start..next];
            next - (ending.len() - ending.trim_end_matches(['\n', '\r']).len()).min(2)
        });
        let line_end = line_end.max(offset);
        let (last_offset, last_column) = lines.last.get();
        let column = if (line_start..=offset).contains(&last_offset) {
            last_column + text[last_offset..offset].chars().count()
        } else {
            text[line_start..offset].chars().count() + 1
        };
        lines.last.set((offset, column));
        let location = Location {
            file: self.name.clone(),
            line: Some(line + 1),
            column: Some(column),
        };
        if line_end - line_start <= SNIPPET_WHOLE {
            return (location, text[line_start..line_end].to_string(), column);
        }
        let start = text[line_start..offset]
            .char_indices()
            .rev()
            .nth(SNIPPET_SIDE - 1)
            .map_or(line_start, |(i, _)| line_start + i);
        let end = text[offset..line_end]
            .char_indices()
            .nth(SNIPPET_SIDE)
            .map_or(line_end, |(i, _)| offset + i);
        let mut snippet = String::new();
        if start > line_start {
            snippet.push('…');
        }
        snippet.push_str(&text[start..end]);
        if end < line_end {
            snippet.push('…');
        }
        let in_snippet = usize::from(start > line_start) + text[start..offset].chars().count() + 1;
        (location, snippet, in_snippet)
    }

    /// The byte offset of a 1-based line and character column that ron gave for the
    /// text from `base` on (ron counts lines by `\n` alone).
    fn offset_of(&self, base: usize, line: usize, column: usize) -> usize {
        let rest = &self.text[base..];
        let line_start = if line <= 1 {
            0
        } else {
            rest.match_indices('\n')
                .nth(line - 2)
                .map_or(rest.len(), |(i, _)| i + 1)
        };
        rest[line_start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| base + line_start + i)
    }

    fn diagnostic(&self, lines: &LineIndex, offset: usize, message: String) -> Diagnostic {
        let (location, snippet, snippet_column) = self.locate(lines, offset);
        Diagnostic {
            location,
            message,
            expected: None,
            hint: None,
            snippet: Some(snippet),
            snippet_column: Some(snippet_column),
            related: None,
        }
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Where each file's items landed in the combined data set.
struct FileItems {
    sources: Range<usize>,
    nodes: Range<usize>,
    edges: Range<usize>,
}

/// Parses files into one data set and builds the graph, reporting every problem.
fn load_files(files: &[SourceFile]) -> Result<Graph, LoadError> {
    build_graph(files, parse_files(files)?)
}

/// Parses each file into its data set; every syntax problem of every file, or the data
/// sets in file order.
fn parse_files(files: &[SourceFile]) -> Result<Vec<Dataset>, LoadError> {
    let mut datasets = Vec::with_capacity(files.len());
    let mut diagnostics = Vec::new();
    for (file, parsed) in files.iter().zip(parse_each(files, PARALLEL_PARSE)) {
        match parsed {
            Ok(parsed) => datasets.push(parsed),
            Err(error) => diagnostics.extend(syntax_diagnostics(file, error)),
        }
    }
    // Rules are not checked across a file that did not parse: its missing items would
    // show up as a cascade of unknown ids.
    if diagnostics.is_empty() {
        Ok(datasets)
    } else {
        Err(LoadError { diagnostics })
    }
}

/// Parses and builds the graph of `files`, read from the graph at `root`. Their texts
/// are let go once parsed, before the graph is built (they are as large as its
/// strings), and read again only if there are broken rules to place.
fn load_read_files(root: &Path, files: Vec<SourceFile>) -> Result<Graph, LoadError> {
    let datasets = parse_files(&files)?;
    drop(files);
    build_unplaced(datasets).or_else(|(placed, problems)| {
        // Read again as a load reads them; a file changed in the meantime may place a
        // problem at the wrong line, never anywhere out of the file.
        let files = read_files(root)?;
        Err(LoadError {
            diagnostics: place_problems(&files, &placed, problems),
        })
    })
}

/// Below this much text, files are parsed one after the other: starting threads would
/// cost more than it saves (the bundled data set is a few hundred kilobytes).
const PARALLEL_PARSE: usize = 4 << 20;

/// Each file's text parsed, in file order: on as many threads as there are cores (and
/// files) when there are `parallel` bytes of text or more to pay for them.
fn parse_each(
    files: &[SourceFile],
    parallel: usize,
) -> Vec<Result<Dataset, ron::error::SpannedError>> {
    let parse = |file: &SourceFile| ron_options().from_str::<Dataset>(&file.text);
    let total: usize = files.iter().map(|file| file.text.len()).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len());
    if threads < 2 || total < parallel {
        return files.iter().map(parse).collect();
    }
    // Each thread takes the next file not yet taken, so one large file does not hold
    // back the others.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut parsed: Vec<(usize, Result<Dataset, _>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(file) = files.get(at) else {
                            return done;
                        };
                        done.push((at, parse(file)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                // A parse that panicked is a bug in ron; pass it on as such.
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    parsed.sort_by_key(|(at, _)| *at);
    parsed.into_iter().map(|(_, result)| result).collect()
}

/// Builds the graph from the files' data sets, placing every broken rule in its file.
fn build_graph(files: &[SourceFile], datasets: Vec<Dataset>) -> Result<Graph, LoadError> {
    build_unplaced(datasets).map_err(|(placed, problems)| LoadError {
        diagnostics: place_problems(files, &placed, problems),
    })
}

/// Builds the graph from the files' data sets; the broken rules come back with where
/// each file's items landed, to be placed in the files.
fn build_unplaced(datasets: Vec<Dataset>) -> Result<Graph, (Vec<FileItems>, Vec<Problem>)> {
    let mut dataset = Dataset::default();
    let mut placed = Vec::with_capacity(datasets.len());
    for parsed in datasets {
        let before = (
            dataset.sources.len(),
            dataset.nodes.len(),
            dataset.edges.len(),
        );
        dataset.extend(parsed);
        placed.push(FileItems {
            sources: before.0..dataset.sources.len(),
            nodes: before.1..dataset.nodes.len(),
            edges: before.2..dataset.edges.len(),
        });
    }
    Graph::from_dataset(dataset).map_err(|error| (placed, error.problems))
}

/// Every syntax problem of a file ron refused: the items are parsed one by one, so that
/// each broken item is reported, not just the first.
fn syntax_diagnostics(file: &SourceFile, whole: ron::error::SpannedError) -> Vec<Diagnostic> {
    let lines = LineIndex::new(&file.text);
    let ron_diagnostic = |error: &ron::error::SpannedError, base: usize| {
        let (line, column) = (error.span.start.line, error.span.start.col);
        let offset = file.offset_of(base, line, column);
        let (message, expected, hint) = describe_ron_error(&error.code);
        let mut diagnostic = file.diagnostic(&lines, offset, message);
        diagnostic.expected = expected;
        diagnostic.hint = hint;
        diagnostic
    };
    let Ok(sections) = outline::sections(&file.text) else {
        return vec![ron_diagnostic(&whole, 0)];
    };
    let mut found = Vec::new();
    for section in &sections {
        let checked = match section.name {
            "sources" => check_items::<crate::model::Source>(file, section),
            "nodes" => check_items::<crate::model::Node>(file, section),
            "edges" => check_items::<crate::model::Edge>(file, section),
            unknown => {
                let mut diagnostic =
                    file.diagnostic(&lines, section.at, format!("unknown section `{unknown}`"));
                diagnostic.expected = Some(one_of(&SECTIONS));
                diagnostic.hint = closest(unknown, &SECTIONS);
                found.push(diagnostic);
                continue;
            }
        };
        found.extend(
            checked
                .iter()
                .map(|(base, error)| ron_diagnostic(error, *base)),
        );
    }
    if found.is_empty() {
        // The items are fine on their own; the problem is in the file's frame.
        found.push(ron_diagnostic(&whole, 0));
    }
    found
}

fn check_items<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    section: &Section<'_>,
) -> Vec<(usize, ron::error::SpannedError)> {
    section
        .items
        .iter()
        .filter_map(|range| {
            ron_options()
                .from_str::<T>(&file.text[range.clone()])
                .err()
                .map(|error| (range.start, error))
        })
        .collect()
}

fn one_of(names: &[&str]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!("one of {}", names.join(", "))
}

/// "did you mean `x`?" for the name in `expected` closest to `found`, if one is close.
fn closest(found: &str, expected: &[&str]) -> Option<String> {
    expected
        .iter()
        .map(|name| {
            (
                strsim::jaro_winkler(&found.to_lowercase(), &name.to_lowercase()),
                *name,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| format!("did you mean `{name}`?"))
}

/// ron's error in this crate's words: what was found, what was expected, and the
/// closest valid name when a name was misspelt.
fn describe_ron_error(error: &ron::Error) -> (String, Option<String>, Option<String>) {
    let what = |outer: &Option<String>| match outer.as_deref() {
        Some("NodeKind") => "node kind".to_string(),
        Some("EdgeKind") => "edge kind".to_string(),
        Some("Node") => "node".to_string(),
        Some("Edge") => "edge".to_string(),
        Some("Source") => "source".to_string(),
        Some("Evidence") => "evidence entry".to_string(),
        Some("Amount") => "amount".to_string(),
        Some(other) => format!("`{other}`"),
        None => "value".to_string(),
    };
    match error {
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!("unknown {} `{found}`", what(outer)),
            Some(one_of(expected)),
            closest(found, expected),
        ),
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!("unknown field `{found}` in {}", what(outer)),
            Some(one_of(expected)),
            closest(found, expected),
        ),
        ron::Error::MissingStructField { field, outer } => (
            format!("missing field `{field}` in {}", what(outer)),
            Some(format!("a `{field}: ...` field")),
            None,
        ),
        ron::Error::DuplicateStructField { field, outer } => (
            format!("field `{field}` given twice in {}", what(outer)),
            Some("each field once".to_string()),
            None,
        ),
        other => (other.to_string(), None, None),
    }
}

/// Turns problems that name items into diagnostics that name files, lines and columns.
fn place_problems(
    files: &[SourceFile],
    placed: &[FileItems],
    problems: Vec<Problem>,
) -> Vec<Diagnostic> {
    /// A file's items by section, and its lines: built once, when a problem is first
    /// placed in the file.
    struct Placer {
        sources: Vec<Range<usize>>,
        nodes: Vec<Range<usize>>,
        edges: Vec<Range<usize>>,
        lines: LineIndex,
    }
    let mut placers: Vec<Option<Placer>> = (0..files.len()).map(|_| None).collect();
    let mut locate = |item: Item, field: Option<Field>| -> Option<(Location, String, usize)> {
        let (section, index) = match item {
            Item::Source(i) => ("sources", i),
            Item::Node(i) => ("nodes", i),
            Item::Edge(i) => ("edges", i),
        };
        let range_of = |items: &FileItems| match section {
            "sources" => items.sources.clone(),
            "nodes" => items.nodes.clone(),
            _ => items.edges.clone(),
        };
        // The files' ranges run in order: the file holding the item is found by a
        // binary search.
        let file_index = placed.partition_point(|items| range_of(items).end <= index);
        let range = range_of(placed.get(file_index)?);
        if !range.contains(&index) {
            return None;
        }
        let local = index - range.start;
        let file = &files[file_index];
        let placer = placers[file_index].get_or_insert_with(|| {
            let sections = outline::sections(&file.text).unwrap_or_default();
            let items = |name: &str| -> Vec<Range<usize>> {
                sections
                    .iter()
                    .filter(|s| s.name == name)
                    .flat_map(|s| s.items.iter().cloned())
                    .collect()
            };
            Placer {
                sources: items("sources"),
                nodes: items("nodes"),
                edges: items("edges"),
                lines: LineIndex::new(&file.text),
            }
        });
        let items = match section {
            "sources" => &placer.sources,
            "nodes" => &placer.nodes,
            _ => &placer.edges,
        };
        let range = items.get(local)?.clone();
        let offset = field
            .and_then(|field| outline::field_offset(&file.text, range.clone(), field))
            .unwrap_or(range.start);
        Some(file.locate(&placer.lines, offset))
    };
    problems
        .into_iter()
        .map(|problem| {
            let spot = locate(problem.item, problem.field);
            let related = problem
                .related
                .and_then(|item| {
                    locate(
                        item,
                        Some(Field::named(match item {
                            Item::Edge(_) => "from",
                            _ => "id",
                        })),
                    )
                })
                .map(|(location, _, _)| location);
            let (location, snippet, snippet_column) = match spot {
                Some((location, snippet, column)) => (location, Some(snippet), Some(column)),
                None => (
                    Location {
                        file: String::from("<graph>"),
                        line: None,
                        column: None,
                    },
                    None,
                    None,
                ),
            };
            Diagnostic {
                location,
                message: problem.message,
                expected: problem.expected,
                hint: problem.hint,
                snippet,
                snippet_column,
                related,
            }
        })
        .collect()
}

impl Graph {
    /// The bundled data set: the entities and relations of the UN report on inter-agency
    /// mechanisms against violence against women, compiled into the crate.
    ///
    /// # Panics
    ///
    /// Never in a released build: the test suite checks that the bundled data loads.
    pub fn bundled() -> Graph {
        Graph::from_ron_files(bundled::FILES.iter().copied())
            .unwrap_or_else(|error| panic!("the bundled data set is broken:\n{error}"))
    }

    /// The paths and contents of the bundled data set's files, sorted by path.
    pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
        bundled::FILES
    }

    /// The paths and contents of the bundled sources' texts (`graph/sources/*.txt`),
    /// sorted by path.
    pub fn bundled_texts() -> &'static [(&'static str, &'static str)] {
        bundled::TEXTS
    }

    /// Loads a graph from a `.ron` file or a directory of them (read recursively, in
    /// sorted path order).
    pub fn load(path: impl AsRef<Path>) -> Result<Graph, LoadError> {
        let root = path.as_ref();
        if atomic::committed_texts(root).is_empty()
            && let Some((graph, _)) = stream::load(&ron_files(root)?, snapshot::clock())
        {
            return Ok(graph);
        }
        load_read_files(root, read_files(root)?)
    }

    /// Opens the graph at `path` as [`Graph::load`] does, through its snapshot: a binary
    /// copy of the loaded graph kept in a cache directory beside the files
    /// (`DIR/.agencygraph/snapshot`, or `.agencygraph/NAME.snapshot` beside a one-file
    /// graph), used only while every `.ron` file is as it was when the snapshot was
    /// made: the same paths, sizes and modification times, and the same contents,
    /// hashed, for a file that had changed within two seconds of being read. As with
    /// git's index, a file whose time was set back by hand to what it was is not read
    /// again. Otherwise the files are loaded
    /// and the snapshot written anew, when the directory can be written. The RON files
    /// stay the source of truth: a snapshot that is stale, damaged or from another
    /// version is ignored. `AGENCYGRAPH_NO_SNAPSHOT=1` makes this [`Graph::load`].
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.ron"), "(nodes: [(id: \"A\", kind: Office, name: \"A\")])")?;
    /// let first = agencygraph::Graph::open(dir.path())?; // parses, writes the snapshot
    /// let again = agencygraph::Graph::open(dir.path())?; // reads the snapshot
    /// assert_eq!(again.to_dataset(), first.to_dataset());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<Graph, LoadError> {
        let root = path.as_ref();
        // A change committed but not finished is read through its journal, without
        // the snapshot (see `read_files`).
        if snapshot::disabled() || !atomic::committed_texts(root).is_empty() {
            return Graph::load(root);
        }
        let paths = ron_files(root)?;
        if let Some(graph) = snapshot::read(root, &paths) {
            return Ok(graph);
        }
        let read_at = snapshot::clock();
        if let Some((graph, keys)) = stream::load(&paths, read_at) {
            snapshot::write(root, &keys, &graph);
            return Ok(graph);
        }
        let files = read_files(root)?;
        let keys: Option<Vec<snapshot::FileKey>> = files
            .iter()
            .map(|file| snapshot::FileKey::of(&file.path, &file.text, read_at))
            .collect();
        let graph = load_read_files(root, files)?;
        if let Some(keys) = keys {
            snapshot::write(root, &keys, &graph);
        }
        Ok(graph)
    }

    /// Loads a graph from several RON texts, each as if it were a file of the given
    /// name (as `diff --rev` reads a graph's files from git).
    ///
    /// ```
    /// let graph = agencygraph::Graph::from_ron_files([
    ///     ("a.ron", "(nodes: [(id: \"A\", kind: Office, name: \"A\")])"),
    ///     ("b.ron", "(nodes: [(id: \"B\", kind: Office, name: \"B\")])"),
    /// ])?;
    /// assert_eq!(graph.node_count(), 2);
    /// # Ok::<(), agencygraph::LoadError>(())
    /// ```
    pub fn from_ron_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Graph, LoadError> {
        let files: Vec<SourceFile> = files
            .into_iter()
            .map(|(name, text)| SourceFile {
                name: name.to_string(),
                path: PathBuf::from(name),
                text: text.to_string(),
            })
            .collect();
        load_files(&files)
    }

    /// Loads a graph from RON text, as if it were one file named `<string>`.
    ///
    /// ```
    /// let graph = agencygraph::Graph::from_ron_str(r#"(
    ///     nodes: [(id: "UNODC", kind: UnEntity, name: "United Nations Office on Drugs and Crime")],
    /// )"#).unwrap();
    /// assert_eq!(graph.node_count(), 1);
    ///
    /// let err = agencygraph::Graph::from_ron_str("(nodes: [(id: \"X\", kind: Agency, name: \"x\")])").unwrap_err();
    /// assert!(err.to_string().starts_with("<string>:1:"));
    /// ```
    pub fn from_ron_str(text: &str) -> Result<Graph, LoadError> {
        load_files(&[SourceFile {
            name: "<string>".to_string(),
            path: PathBuf::from("<string>"),
            text: text.to_string(),
        }])
    }
}

/// Reads the `.ron` files at `path` (see [`ron_files`]), reporting every unreadable one.
///
/// A change that was committed but not finished (see [`atomic`]) is read as finished:
/// its staged files stand in for their targets.
fn read_files(path: &Path) -> Result<Vec<SourceFile>, LoadError> {
    let mut paths = ron_files(path)?;
    let committed = atomic::committed_texts(path);
    for (target, _) in &committed {
        if !paths.contains(target) && target.extension().is_some_and(|e| e == "ron") {
            paths.push(target.clone());
        }
    }
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    let mut diagnostics = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        if let Some((_, text)) = committed.iter().find(|(target, _)| *target == path) {
            files.push(SourceFile {
                name,
                path,
                text: text.clone(),
            });
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push(SourceFile { name, path, text }),
            Err(error) => diagnostics.extend(
                LoadError::one(
                    Location {
                        file: name,
                        line: None,
                        column: None,
                    },
                    format!("cannot read the file: {error}"),
                    None,
                )
                .diagnostics,
            ),
        }
    }
    if diagnostics.is_empty() {
        Ok(files)
    } else {
        Err(LoadError { diagnostics })
    }
}

/// What a file system entry is, for messages: "a FIFO", "a directory".
fn what_it_is(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a broken symbolic link"
    } else {
        "not a regular file"
    }
}

/// The `.ron` files at `path`: the file itself, or every one below the directory in
/// sorted order.
///
/// Only regular files are read: a FIFO, device or socket named `.ron` is reported, never
/// opened (reading a FIFO would wait forever). Symbolic links are followed, but each
/// directory and each file is read once, known by its canonical path, so links to a
/// parent neither loop nor make every item "defined twice".
fn ron_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let location = |path: &Path| Location {
        file: path.display().to_string(),
        line: None,
        column: None,
    };
    let metadata = std::fs::metadata(path).map_err(|error| {
        LoadError::one(
            location(path),
            format!("cannot read the graph: {error}"),
            Some("a `.ron` file or a directory of them"),
        )
    })?;
    if metadata.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !metadata.is_dir() {
        return Err(LoadError::one(
            location(path),
            format!(
                "not a directory or a `.ron` file: it is {}",
                what_it_is(metadata.file_type())
            ),
            Some("a `.ron` file or a directory of them"),
        ));
    }
    let mut found = Vec::new();
    let mut refused = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        // Each directory once, however many links lead to it.
        if !seen.insert(std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone())) {
            continue;
        }
        let entries = std::fs::read_dir(&dir).map_err(|error| {
            LoadError::one(
                location(&dir),
                format!("cannot read the directory: {error}"),
                None,
            )
        })?;
        for entry in entries {
            let entry = entry.map_err(|error| {
                LoadError::one(
                    location(&dir),
                    format!("cannot read the directory: {error}"),
                    None,
                )
            })?;
            let path = entry.path();
            let is_ron = path.extension().is_some_and(|e| e == "ron");
            // Through links: what the entry leads to.
            let file_type = match std::fs::metadata(&path) {
                Ok(metadata) => metadata.file_type(),
                Err(_) if is_ron => {
                    refused.push((path, "a broken symbolic link"));
                    continue;
                }
                Err(_) => continue,
            };
            if file_type.is_dir() {
                pending.push(path);
            } else if is_ron && file_type.is_file() {
                found.push(path);
            } else if is_ron {
                refused.push((path, what_it_is(file_type)));
            }
        }
    }
    if !refused.is_empty() {
        refused.sort();
        return Err(LoadError {
            diagnostics: refused
                .into_iter()
                .flat_map(|(path, what)| {
                    LoadError::one(
                        location(&path),
                        format!(
                            "not a regular file: it is {what}; only regular `.ron` files are read"
                        ),
                        Some("a regular file; remove or rename this one"),
                    )
                    .diagnostics
                })
                .collect(),
        });
    }
    if found.is_empty() {
        return Err(LoadError::one(
            location(path),
            "no `.ron` files in the directory".to_string(),
            Some("a directory holding `.ron` files, such as the project's `graph/`"),
        ));
    }
    found.sort();
    // Each file once: a link to a file already found (or two paths through linked
    // directories) would define every item in it twice.
    let mut files_seen = std::collections::HashSet::new();
    found.retain(|path| {
        files_seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
    });
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_parsed_on_several_threads_come_back_in_file_order() {
        let files: Vec<SourceFile> = (0..7)
            .map(|i| SourceFile {
                name: format!("{i}.ron"),
                path: PathBuf::from(format!("{i}.ron")),
                // The fourth file is broken.
                text: if i == 3 {
                    "(nodes: [(id: \"X\"".to_string()
                } else {
                    format!("(nodes: [(id: \"N{i}\", kind: Office, name: \"Office {i}\")])")
                },
            })
            .collect();
        let parsed = parse_each(&files, 0);
        assert_eq!(parsed.len(), 7);
        for (i, result) in parsed.iter().enumerate() {
            match result {
                Ok(dataset) => assert_eq!(dataset.nodes[0].id, format!("N{i}")),
                Err(_) => assert_eq!(i, 3),
            }
        }
        assert!(parsed[3].is_err());
    }

    const GOOD: &str = r#"(
    sources: [(id: "memo", title: "A memo")],
    nodes: [
        (id: "UNODC", kind: UnEntity, name: "United Nations Office on Drugs and Crime"),
        (id: "ICAT", kind: Mechanism, name: "Inter-Agency Coordination Group on Trafficking in Persons"),
    ],
    edges: [
        (from: "UNODC", kind: SecretariatOf, to: "ICAT", evidence: [(source: "memo", quote: "UNODC is the secretariat of ICAT")]),
    ],
)
"#;

    fn places(error: &LoadError) -> Vec<String> {
        error
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.location, d.message))
            .collect()
    }

    #[test]
    fn rule_problems_are_placed_at_the_field() {
        let text = GOOD
            .replace(r#"to: "ICAT""#, r#"to: "ICATT""#)
            .replace(r#"(source: "memo", quote"#, r#"(source: "memos", quote"#);
        let error = Graph::from_ron_str(&text).unwrap_err();
        assert_eq!(
            places(&error),
            [
                "<string>:8:50: unknown node `ICATT`",
                "<string>:8:79: unknown source `memos`",
            ]
        );
        assert_eq!(
            error.diagnostics[0].snippet.as_deref(),
            Some(
                r#"        (from: "UNODC", kind: SecretariatOf, to: "ICATT", evidence: [(source: "memos", quote: "UNODC is the secretariat of ICAT")]),"#
            )
        );
        assert_eq!(
            error.diagnostics[0].hint.as_deref(),
            Some("did you mean `ICAT`?")
        );
    }

    #[test]
    fn every_broken_item_is_reported() {
        let text = GOOD
            .replace("kind: UnEntity", "kind: Agency")
            .replace("kind: Mechanism, name", "kind: Mechanism, nmae");
        let error = Graph::from_ron_str(&text).unwrap_err();
        assert_eq!(
            places(&error),
            [
                "<string>:4:29: unknown node kind `Agency`",
                "<string>:5:39: unknown field `nmae` in node",
            ]
        );
        assert_eq!(
            error.diagnostics[1].hint.as_deref(),
            Some("did you mean `name`?")
        );
    }

    #[test]
    fn a_broken_frame_falls_back_to_rons_error() {
        let error =
            Graph::from_ron_str("(nodes: [(id: \"A\", kind: Office, name: \"x\")]").unwrap_err();
        assert_eq!(places(&error), ["<string>:1:44: Expected comma"]);
        let error = Graph::from_ron_str("(nodes: [], sauces: [])").unwrap_err();
        assert_eq!(places(&error), ["<string>:1:13: unknown section `sauces`"]);
        assert_eq!(
            error.diagnostics[0].hint.as_deref(),
            Some("did you mean `sources`?")
        );
    }

    #[test]
    fn cr_only_line_endings_are_line_breaks() {
        let text = GOOD
            .replace('\n', "\r")
            .replace(r#"to: "ICAT""#, r#"to: "ICATT""#);
        let error = Graph::from_ron_str(&text).unwrap_err();
        assert_eq!(places(&error), ["<string>:8:50: unknown node `ICATT`"]);
        assert!(
            !error.diagnostics[0]
                .snippet
                .as_ref()
                .unwrap()
                .contains('\r')
        );
        let text = GOOD
            .replace('\n', "\r\n")
            .replace("kind: UnEntity", "kind: Agency");
        let error = Graph::from_ron_str(&text).unwrap_err();
        assert_eq!(
            places(&error),
            ["<string>:4:29: unknown node kind `Agency`"]
        );
    }

    #[test]
    fn a_long_line_shows_a_window_around_the_spot() {
        // One line holding many broken edges: each snippet is a window, not the line.
        let edges: String = (0..200)
            .map(|i| format!(r#"(from: "UNODC", kind: MemberOf, to: "X{i}", evidence: []), "#))
            .collect();
        let text = GOOD.replace("    edges: [\n", &format!("    edges: [{edges}\n"));
        let error = Graph::from_ron_str(&text).unwrap_err();
        let last = error
            .diagnostics
            .iter()
            .find(|d| d.message == "unknown node `X100`")
            .unwrap();
        let snippet = last.snippet.as_deref().unwrap();
        assert!(snippet.chars().count() <= 2 * SNIPPET_SIDE + 2, "{snippet}");
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        // The caret's column in the window points at the same text as the column in
        // the line.
        let at: String = snippet
            .chars()
            .skip(last.snippet_column.unwrap() - 1)
            .take(6)
            .collect();
        assert_eq!(at, "\"X100\"");
        let line = text.lines().nth(last.location.line.unwrap() - 1).unwrap();
        let at: String = line
            .chars()
            .skip(last.location.column.unwrap() - 1)
            .take(6)
            .collect();
        assert_eq!(at, "\"X100\"");
    }

    #[test]
    fn the_summary_counts_what_is_not_shown_by_kind() {
        let edges: String = (0..5)
            .map(|i| format!(r#"(from: "UNODC", kind: SecretariatOf, to: "X{i}", evidence: [(source: "nope", quote: "q")]),"#))
            .collect();
        let text = GOOD.replace("    edges: [\n", &format!("    edges: [{edges}\n"));
        let error = Graph::from_ron_str(&text).unwrap_err();
        assert_eq!(error.diagnostics.len(), 10);
        assert_eq!(
            error.summary(3).unwrap(),
            "and 7 more problems of the same kinds:\n  4 × unknown source `…`\n  3 × unknown node `…`"
        );
        assert_eq!(
            error.summary(1).unwrap(),
            "and 9 more problems:\n  5 × unknown source `…`\n  4 × unknown node `…`"
        );
        assert_eq!(thousands(999_950), "999,950");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(12), "12");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "(nodes: [(id: \"A\", kind: Office, name: \"“É”\", aliases: [\"\"])])";
        let error = Graph::from_ron_str(text).unwrap_err();
        assert_eq!(places(&error), ["<string>:1:57: empty alias"]);
    }

    #[test]
    fn directories_are_read_recursively_in_sorted_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(
            dir.path().join("a.ron"),
            "(nodes: [(id: \"X\", kind: Office, name: \"\")])",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b/c.ron"),
            "(nodes: [(id: \"X\", kind: Office, name: \"x\")])",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not data").unwrap();
        let error = Graph::load(dir.path()).unwrap_err();
        let a = dir.path().join("a.ron").display().to_string();
        let c = dir.path().join("b").join("c.ron").display().to_string();
        assert_eq!(
            places(&error),
            [
                format!("{a}:1:40: empty name"),
                format!("{c}:1:15: node `X` is defined twice"),
            ]
        );
        assert_eq!(
            error.diagnostics[1].related.as_ref().unwrap().to_string(),
            format!("{a}:1:15")
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_to_parents_and_fifos_neither_hang_nor_repeat() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.ron"), GOOD).unwrap();
        symlink(".", dir.path().join("again")).unwrap();
        symlink(".", dir.path().join("and-again")).unwrap();
        symlink("a.ron", dir.path().join("same.ron")).unwrap();
        let graph = Graph::load(dir.path()).unwrap();
        assert_eq!(graph.node_count(), 2);
        // A FIFO is named, not opened: opening it would wait for a writer forever.
        let fifo = dir.path().join("x.ron");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let error = Graph::load(dir.path()).unwrap_err();
        assert_eq!(
            places(&error),
            [format!(
                "{}: not a regular file: it is a FIFO (named pipe); only regular `.ron` files are read",
                fifo.display()
            )]
        );
        let error = Graph::load(&fifo).unwrap_err();
        assert!(
            places(&error)[0]
                .ends_with("not a directory or a `.ron` file: it is a FIFO (named pipe)")
        );
        let error = Graph::load("/dev/zero").unwrap_err();
        assert_eq!(
            places(&error),
            ["/dev/zero: not a directory or a `.ron` file: it is a character device"]
        );
    }

    #[test]
    fn missing_and_empty_paths_are_explained() {
        let dir = tempfile::tempdir().unwrap();
        let error = Graph::load(dir.path()).unwrap_err();
        assert_eq!(
            error.diagnostics[0].message,
            "no `.ron` files in the directory"
        );
        let error = Graph::load(dir.path().join("nope.ron")).unwrap_err();
        assert!(
            error.diagnostics[0]
                .message
                .starts_with("cannot read the graph: ")
        );
        assert_eq!(error.diagnostics[0].location.line, None);
    }

    #[test]
    fn no_input_makes_it_panic() {
        // Every prefix of a good file and of a file with problems, and every one-character
        // deletion of the good one: each must give a graph or an error, never a panic.
        let broken = GOOD.replace("ICAT\", kind", "ICATT\", kind");
        for text in [GOOD, broken.as_str()] {
            for (end, _) in text.char_indices() {
                let _ = Graph::from_ron_str(&text[..end]);
            }
        }
        for (at, c) in GOOD.char_indices() {
            let mut text = GOOD.to_string();
            text.replace_range(at..at + c.len_utf8(), "");
            let _ = Graph::from_ron_str(&text);
        }
    }

    #[test]
    fn the_bundled_files_are_sorted_paths_under_graph() {
        let files = Graph::bundled_files();
        assert!(files.len() > 5);
        assert!(files.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            files
                .iter()
                .all(|(path, _)| path.starts_with("graph/") && path.ends_with(".ron"))
        );
    }
}
