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
mod transaction;

pub use edit::{EditError, FileChange, GITATTRIBUTES, Plan, Store, StoreError, TextFile, init};
pub use format::to_canonical_ron;
pub(crate) use format::unescape_apostrophes;
pub use lock::LockError;
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
    /// The line of the file the problem is on, for showing with a caret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
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
    fn one(location: Location, message: String, expected: Option<&str>) -> LoadError {
        LoadError {
            diagnostics: vec![Diagnostic {
                location,
                message,
                expected: expected.map(str::to_string),
                hint: None,
                snippet: None,
                related: None,
            }],
        }
    }
}

/// A file's name and text, as read.
struct SourceFile {
    /// The name problems are reported under.
    name: String,
    /// Where it is on disk (for the bundled data, its path in the repository).
    path: PathBuf,
    text: String,
}

impl SourceFile {
    /// The location of a byte offset, with the line it is on.
    fn locate(&self, offset: usize) -> (Location, String) {
        let offset = offset.min(self.text.len());
        let line_start = self.text[..offset].rfind('\n').map_or(0, |n| n + 1);
        let line_end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |n| offset + n);
        let line = self.text[..line_start].matches('\n').count() + 1;
        let column = self.text[line_start..offset].chars().count() + 1;
        let location = Location {
            file: self.name.clone(),
            line: Some(line),
            column: Some(column),
        };
        let snippet = self.text[line_start..line_end].trim_end_matches('\r');
        (location, snippet.to_string())
    }

    /// The byte offset of a 1-based line and character column.
    fn offset_of(&self, line: usize, column: usize) -> usize {
        let line_start = self
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        self.text[line_start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| line_start + i)
    }

    fn diagnostic(&self, offset: usize, message: String) -> Diagnostic {
        let (location, snippet) = self.locate(offset);
        Diagnostic {
            location,
            message,
            expected: None,
            hint: None,
            snippet: Some(snippet),
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
    for file in files {
        match ron_options().from_str::<Dataset>(&file.text) {
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

/// Builds the graph from the files' data sets, placing every broken rule in its file.
fn build_graph(files: &[SourceFile], datasets: Vec<Dataset>) -> Result<Graph, LoadError> {
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
    Graph::from_dataset(dataset).map_err(|error| LoadError {
        diagnostics: place_problems(files, &placed, error.problems),
    })
}

/// Every syntax problem of a file ron refused: the items are parsed one by one, so that
/// each broken item is reported, not just the first.
fn syntax_diagnostics(file: &SourceFile, whole: ron::error::SpannedError) -> Vec<Diagnostic> {
    let ron_diagnostic = |error: &ron::error::SpannedError, base: usize| {
        let base_line = file.text[..base].matches('\n').count();
        let (line, column) = (error.span.start.line, error.span.start.col);
        let offset = if line == 1 {
            base + file.text[base..]
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(file.text.len() - base, |(i, _)| i)
        } else {
            file.offset_of(base_line + line, column)
        };
        let (message, expected, hint) = describe_ron_error(&error.code);
        let mut diagnostic = file.diagnostic(offset, message);
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
                    file.diagnostic(section.at, format!("unknown section `{unknown}`"));
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
    let mut outlines: Vec<Option<Vec<Section<'_>>>> = vec![None; files.len()];
    let mut locate = |item: Item, field: Option<Field>| -> Option<(Location, String)> {
        let (section, index) = match item {
            Item::Source(i) => ("sources", i),
            Item::Node(i) => ("nodes", i),
            Item::Edge(i) => ("edges", i),
        };
        let (file_index, local) = placed.iter().enumerate().find_map(|(f, items)| {
            let range = match section {
                "sources" => &items.sources,
                "nodes" => &items.nodes,
                _ => &items.edges,
            };
            range.contains(&index).then(|| (f, index - range.start))
        })?;
        let file = &files[file_index];
        let sections = outlines[file_index]
            .get_or_insert_with(|| outline::sections(&file.text).unwrap_or_default());
        let range = sections
            .iter()
            .filter(|s| s.name == section)
            .flat_map(|s| s.items.iter())
            .nth(local)?
            .clone();
        let offset = field
            .and_then(|field| outline::field_offset(&file.text, range.clone(), field))
            .unwrap_or(range.start);
        Some(file.locate(offset))
    };
    problems
        .into_iter()
        .map(|problem| {
            let (location, snippet) = locate(problem.item, problem.field).unzip();
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
                .map(|(location, _)| location);
            Diagnostic {
                location: location.unwrap_or_else(|| Location {
                    file: String::from("<graph>"),
                    line: None,
                    column: None,
                }),
                message: problem.message,
                expected: problem.expected,
                hint: problem.hint,
                snippet,
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
        load_files(&read_files(path.as_ref())?)
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
fn read_files(path: &Path) -> Result<Vec<SourceFile>, LoadError> {
    let paths = ron_files(path)?;
    let mut files = Vec::with_capacity(paths.len());
    let mut diagnostics = Vec::new();
    for path in paths {
        let name = path.display().to_string();
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

/// The `.ron` files at `path`: the file itself, or every one below the directory in
/// sorted order.
fn ron_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let location = || Location {
        file: path.display().to_string(),
        line: None,
        column: None,
    };
    let metadata = std::fs::metadata(path).map_err(|error| {
        LoadError::one(
            location(),
            format!("cannot read the graph: {error}"),
            Some("a `.ron` file or a directory of them"),
        )
    })?;
    if metadata.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|error| {
            LoadError::one(
                Location {
                    file: dir.display().to_string(),
                    line: None,
                    column: None,
                },
                format!("cannot read the directory: {error}"),
                None,
            )
        })?;
        for entry in entries {
            let entry = entry.map_err(|error| {
                LoadError::one(
                    location(),
                    format!("cannot read the directory: {error}"),
                    None,
                )
            })?;
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") {
                found.push(path);
            }
        }
    }
    if found.is_empty() {
        return Err(LoadError::one(
            location(),
            "no `.ron` files in the directory".to_string(),
            Some("a directory holding `.ron` files, such as the project's `graph/`"),
        ));
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

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
