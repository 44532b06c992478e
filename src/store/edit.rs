//! Changing a graph on disk: [`Store`] holds a graph's files under an exclusive lock,
//! [`Transaction`] changes their contents, and [`Store::save`] writes a validated
//! [`Plan`] all or nothing.
//!
//! Where changes go:
//! - a node's edits go to the file that defines it; an edge's to the file that holds it;
//! - a new node goes to `KIND.ron` in the graph directory (`office.ron` for an office),
//!   created if missing; in a single-file graph, to that file;
//! - a new edge goes to the file that already holds edges of its subject, else to the
//!   file that defines its subject;
//! - a new source goes to the first file holding sources, else to `sources.ron`.
//!
//! Every file a change touches is written in the canonical form
//! ([`to_canonical_ron`]). A file holding RON comments is never rewritten: comments
//! would be lost, so such a change is refused ([`EditError::Comments`]); move the
//! comments into `notes` fields first.
//!
//! ```
//! use agencygraph::store::{Store, init};
//! use agencygraph::{Node, NodeKind};
//!
//! let dir = tempfile::tempdir()?;
//! init(dir.path())?;
//! let mut store = Store::open(dir.path())?;
//! let plan = store.change(|tx| {
//!     tx.add_node(Node::new("UNFPA", NodeKind::UnEntity, "United Nations Population Fund"))
//! })?;
//! assert_eq!(plan.messages, [format!("added node UNFPA to {}", dir.path().join("un-entity.ron").display())]);
//! store.save(&plan)?;
//! assert!(agencygraph::Graph::load(dir.path())?.node("UNFPA").is_some());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use super::atomic::{Disk, RealDisk, Replacement, replace_all};
use super::lock::{Lock, LockError, lock};
use super::{
    LoadError, SourceFile, build_graph, outline, parse_files, read_files, to_canonical_ron,
};
use crate::graph::{Dataset, Graph};
use crate::model::{Edge, EdgeKind, Evidence, Node, Source};

/// How long a writer waits for another to finish before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(3);

/// Why a graph could not be opened or saved.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The graph does not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Another writer holds the graph.
    #[error(transparent)]
    Lock(#[from] LockError),
    /// Writing failed; every file is as it was.
    #[error("cannot write the change (no file was changed): {0}")]
    Write(std::io::Error),
    /// `init` was given a directory that holds files.
    #[error("{0} is not empty")]
    NotEmpty(PathBuf),
    /// A file or directory could not be created.
    #[error("cannot create {path}: {error}")]
    Create {
        /// What could not be created.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
}

/// Why a change was refused. Nothing is written when a change is refused.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The change would leave the graph breaking rules; the problems are placed in the
    /// files as they would be written.
    #[error("the change would leave the graph invalid:\n{0}")]
    Invalid(LoadError),
    /// No node has this id.
    #[error("no node has the id `{0}`")]
    UnknownNode(String),
    /// No such relation.
    #[error("no relation `{0}`")]
    UnknownEdge(String),
    /// The change does not make sense as asked.
    #[error("{message}")]
    Refused {
        /// What is wrong.
        message: String,
        /// What to do instead.
        hint: Option<String>,
    },
    /// The change would rewrite a file that holds comments.
    #[error("{0} holds comments, which rewriting it would lose")]
    Comments(PathBuf),
}

impl EditError {
    fn refused(message: impl Into<String>, hint: impl Into<String>) -> EditError {
        EditError::Refused {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// What to do about it, when there is advice.
    pub fn hint(&self) -> Option<String> {
        match self {
            EditError::Refused { hint, .. } => hint.clone(),
            EditError::Comments(_) => {
                Some("move the comments into `notes` fields, then try again".to_string())
            }
            EditError::UnknownNode(_) => Some("`agencygraph list` shows every id".to_string()),
            _ => None,
        }
    }
}

/// A field of a node that `set` and `unset` change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeField {
    /// `name` (cannot be unset).
    Name,
    /// `kind` (cannot be unset).
    Kind,
    /// `description`
    Description,
    /// `established`, a year.
    Established,
    /// `url`
    Url,
    /// `notes`
    Notes,
}

impl NodeField {
    const ALL: [(&'static str, NodeField); 6] = [
        ("name", NodeField::Name),
        ("kind", NodeField::Kind),
        ("description", NodeField::Description),
        ("established", NodeField::Established),
        ("url", NodeField::Url),
        ("notes", NodeField::Notes),
    ];

    fn name(self) -> &'static str {
        NodeField::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }
}

impl FromStr for NodeField {
    type Err = String;

    fn from_str(text: &str) -> Result<NodeField, String> {
        NodeField::ALL
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text.trim()))
            .map(|(_, field)| *field)
            .ok_or_else(|| {
                let names: Vec<&str> = NodeField::ALL.iter().map(|(n, _)| *n).collect();
                format!(
                    "unknown field `{text}`; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

impl fmt::Display for NodeField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One file of a store, as on disk.
#[derive(Debug)]
struct StoredFile {
    path: PathBuf,
    text: String,
    dataset: Dataset,
}

/// A graph's files, opened for changing: read, validated, and locked against other
/// writers until the store is dropped.
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
    is_dir: bool,
    files: Vec<StoredFile>,
    graph: Graph,
    _lock: Lock,
}

/// A checked change, ready to write: the new text of every file it touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The files to write, in path order.
    pub changes: Vec<FileChange>,
    /// What the change does, for people: "added node X to graph/office.ron".
    pub messages: Vec<String>,
    /// Source texts the change adds beside the graph's files (`sources/report.txt`).
    pub texts: Vec<TextFile>,
}

/// A source's text that a [`Plan`] writes, new, under the graph's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    /// Where it goes.
    pub path: PathBuf,
    /// The text.
    pub text: String,
}

/// One file a [`Plan`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The file.
    pub path: PathBuf,
    /// Its text now, or `None` if the change creates it.
    pub before: Option<String>,
    /// Its text after the change.
    pub after: String,
    /// What `after` reads as, checked when planning, so saving need not parse it.
    dataset: Dataset,
}

impl Plan {
    /// Whether the plan writes nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.texts.is_empty()
    }
}

/// What `init` writes as `.gitattributes`: git shows RON files through the
/// `agencygraph` diff driver, which the README's `git config diff.agencygraph.textconv`
/// line turns into one statement per line.
pub const GITATTRIBUTES: &str = "*.ron diff=agencygraph\n";

/// Writes the bundled data set into `dir` as editable files (`dir` must be empty or
/// absent), with the texts of its sources under `sources/`, a `.gitignore` for the lock
/// file and a `.gitattributes` naming the `agencygraph` diff driver. Returns the files
/// written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|error| StoreError::Create {
            path: dir.to_path_buf(),
            error,
        })?;
        if entries.next().is_some() {
            return Err(StoreError::NotEmpty(dir.to_path_buf()));
        }
    } else {
        std::fs::create_dir_all(dir).map_err(|error| StoreError::Create {
            path: dir.to_path_buf(),
            error,
        })?;
    }
    let mut files: Vec<(PathBuf, &str)> = Graph::bundled_files()
        .iter()
        .chain(Graph::bundled_texts())
        .map(|(name, text)| (dir.join(name.trim_start_matches("graph/")), *text))
        .collect();
    files.push((dir.join(".gitignore"), ".agencygraph.lock\n"));
    files.push((dir.join(".gitattributes"), GITATTRIBUTES));
    let replacements: Vec<Replacement<'_>> = files
        .iter()
        .map(|(path, text)| Replacement {
            path,
            old: None,
            new: text,
        })
        .collect();
    for (path, _) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| StoreError::Create {
                path: parent.to_path_buf(),
                error,
            })?;
        }
    }
    replace_all(&mut RealDisk, &replacements).map_err(StoreError::Write)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

impl Store {
    /// Opens the graph at `path` (a directory of `.ron` files or one file) for
    /// changing, waiting up to [`LOCK_WAIT`] for another writer to finish.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_waiting(path, LOCK_WAIT)
    }

    /// [`Store::open`], waiting up to `wait` for the lock.
    pub fn open_waiting(path: impl AsRef<Path>, wait: Duration) -> Result<Store, StoreError> {
        let root = path.as_ref().to_path_buf();
        let is_dir = root.is_dir();
        // Locked before reading, so that what is read is what the change starts from.
        let held = lock(&root, wait)?;
        let sources = read_files(&root)?;
        let datasets = parse_files(&sources)?;
        let texts: Vec<SourceFile> = sources;
        let graph = build_graph(&texts, datasets.clone())?;
        let files = texts
            .into_iter()
            .zip(datasets)
            .map(|(file, dataset)| StoredFile {
                path: file.path,
                text: file.text,
                dataset,
            })
            .collect();
        Ok(Store {
            root,
            is_dir,
            files,
            graph,
            _lock: held,
        })
    }

    /// The graph as it is on disk.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Works out a change without writing it: runs `edit` on a copy of the files, then
    /// checks that the result loads. The [`Plan`] says what [`Store::save`] would write.
    pub fn change(
        &self,
        edit: impl FnOnce(&mut Transaction) -> Result<(), EditError>,
    ) -> Result<Plan, EditError> {
        let mut transaction = Transaction {
            root: &self.root,
            is_dir: self.is_dir,
            files: self
                .files
                .iter()
                .map(|f| (f.path.clone(), f.dataset.clone()))
                .collect(),
            messages: Vec::new(),
            texts: Vec::new(),
        };
        edit(&mut transaction)?;
        let Transaction {
            files,
            messages,
            texts,
            ..
        } = transaction;
        let mut plan = self.plan(files, messages)?;
        plan.texts = texts;
        Ok(plan)
    }

    /// Rewrites every file in the canonical form, as `fmt` does.
    pub fn format(&self) -> Result<Plan, EditError> {
        let mut changes = Vec::new();
        for file in &self.files {
            let canonical = to_canonical_ron(&file.dataset);
            if canonical != file.text {
                if outline::has_comments(&file.text) {
                    return Err(EditError::Comments(file.path.clone()));
                }
                changes.push(FileChange {
                    path: file.path.clone(),
                    before: Some(file.text.clone()),
                    after: canonical,
                    dataset: file.dataset.clone(),
                });
            }
        }
        let messages = changes
            .iter()
            .map(|c| format!("formatted {}", c.path.display()))
            .collect();
        Ok(Plan {
            changes,
            messages,
            texts: Vec::new(),
        })
    }

    /// The files that are not in canonical form, as `fmt --check` lists them.
    pub fn unformatted(&self) -> Vec<&Path> {
        self.files
            .iter()
            .filter(|f| to_canonical_ron(&f.dataset) != f.text)
            .map(|f| f.path.as_path())
            .collect()
    }

    fn plan(
        &self,
        files: Vec<(PathBuf, Dataset)>,
        messages: Vec<String>,
    ) -> Result<Plan, EditError> {
        let mut changes = Vec::new();
        let mut would_be = Vec::with_capacity(files.len());
        let mut datasets = Vec::with_capacity(files.len());
        let mut problems = Vec::new();
        for (path, dataset) in files {
            let stored = self.files.iter().find(|f| f.path == path);
            let source = |text: String| SourceFile {
                name: path.display().to_string(),
                path: path.clone(),
                text,
            };
            if let Some(stored) = stored
                && stored.dataset == dataset
            {
                // Untouched: its text and data set stay as they were read.
                would_be.push(source(stored.text.clone()));
                datasets.push(dataset);
                continue;
            }
            if let Some(stored) = stored
                && outline::has_comments(&stored.text)
            {
                return Err(EditError::Comments(path));
            }
            let after = to_canonical_ron(&dataset);
            // Validated as it would be read back: the new text through the parser.
            let file = source(after.clone());
            let read_back = match parse_files(std::slice::from_ref(&file)) {
                Ok(mut parsed) => parsed.pop().unwrap_or_default(),
                Err(error) => {
                    problems.extend(error.diagnostics);
                    dataset
                }
            };
            datasets.push(read_back.clone());
            changes.push(FileChange {
                path: path.clone(),
                before: stored.map(|s| s.text.clone()),
                after,
                dataset: read_back,
            });
            would_be.push(file);
        }
        if !problems.is_empty() {
            return Err(EditError::Invalid(LoadError {
                diagnostics: problems,
            }));
        }
        build_graph(&would_be, datasets).map_err(EditError::Invalid)?;
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Plan {
            changes,
            messages,
            texts: Vec::new(),
        })
    }

    /// Writes a plan made by [`Store::change`] or [`Store::format`] on this store: all
    /// of it, or — on any failure — none of it.
    pub fn save(&mut self, plan: &Plan) -> Result<(), StoreError> {
        self.save_with(&mut RealDisk, plan)
    }

    fn save_with(&mut self, disk: &mut impl Disk, plan: &Plan) -> Result<(), StoreError> {
        for text in &plan.texts {
            if let Some(dir) = text.path.parent() {
                std::fs::create_dir_all(dir).map_err(|error| StoreError::Create {
                    path: dir.to_path_buf(),
                    error,
                })?;
            }
        }
        let replacements: Vec<Replacement<'_>> = plan
            .changes
            .iter()
            .map(|change| Replacement {
                path: &change.path,
                old: change.before.as_deref(),
                new: &change.after,
            })
            .chain(plan.texts.iter().map(|text| Replacement {
                path: &text.path,
                old: None,
                new: &text.text,
            }))
            .collect();
        replace_all(disk, &replacements).map_err(StoreError::Write)?;
        // What is on disk now, as the plan read it back when it was made.
        for change in &plan.changes {
            let (text, dataset) = (change.after.clone(), change.dataset.clone());
            match self.files.iter_mut().find(|f| f.path == change.path) {
                Some(file) => {
                    file.text = text;
                    file.dataset = dataset;
                }
                None => self.files.push(StoredFile {
                    path: change.path.clone(),
                    text,
                    dataset,
                }),
            }
        }
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        let texts: Vec<SourceFile> = self
            .files
            .iter()
            .map(|f| SourceFile {
                name: f.path.display().to_string(),
                path: f.path.clone(),
                text: f.text.clone(),
            })
            .collect();
        let datasets = self.files.iter().map(|f| f.dataset.clone()).collect();
        self.graph = build_graph(&texts, datasets)?;
        Ok(())
    }
}

/// A change being made to a store's files (see [`Store::change`]). Its methods take
/// exact ids; rules that span the graph are checked when the change is planned.
#[derive(Debug)]
pub struct Transaction<'s> {
    root: &'s Path,
    is_dir: bool,
    files: Vec<(PathBuf, Dataset)>,
    messages: Vec<String>,
    texts: Vec<TextFile>,
}

/// Where an item is: the file's position and the item's position in its list.
type At = (usize, usize);

impl Transaction<'_> {
    fn node_at(&self, id: &str) -> Result<At, EditError> {
        self.files
            .iter()
            .enumerate()
            .find_map(|(f, (_, d))| d.nodes.iter().position(|n| n.id == id).map(|i| (f, i)))
            .ok_or_else(|| EditError::UnknownNode(id.to_string()))
    }

    fn node(&self, id: &str) -> Result<&Node, EditError> {
        let (f, i) = self.node_at(id)?;
        Ok(&self.files[f].1.nodes[i])
    }

    fn node_mut(&mut self, id: &str) -> Result<(&Path, &mut Node), EditError> {
        let (f, i) = self.node_at(id)?;
        let (path, dataset) = &mut self.files[f];
        Ok((path.as_path(), &mut dataset.nodes[i]))
    }

    fn edge_at(&self, from: &str, kind: EdgeKind, to: &str) -> Option<At> {
        let wanted = crate::model::relation(from, kind, to);
        let matches = |e: &Edge| e.relation() == wanted;
        self.files
            .iter()
            .enumerate()
            .find_map(|(f, (_, d))| d.edges.iter().position(matches).map(|i| (f, i)))
    }

    /// The file at `path`, added (empty) if the store has none there yet.
    fn file(&mut self, path: PathBuf) -> usize {
        match self.files.iter().position(|(p, _)| *p == path) {
            Some(i) => i,
            None => {
                self.files.push((path, Dataset::default()));
                self.files.len() - 1
            }
        }
    }

    fn single_file(&self) -> PathBuf {
        self.root.to_path_buf()
    }

    /// Where edges of `subject` go.
    fn edge_file(&mut self, subject: &str) -> usize {
        if let Some(f) = self
            .files
            .iter()
            .position(|(_, d)| d.edges.iter().any(|e| e.from == subject))
        {
            return f;
        }
        match self.node_at(subject) {
            Ok((f, _)) => f,
            // An unknown subject: validation will say so; any file will do meanwhile.
            Err(_) => {
                let path = if self.is_dir {
                    self.root.join("edges.ron")
                } else {
                    self.single_file()
                };
                self.file(path)
            }
        }
    }

    fn say(&mut self, message: String) {
        self.messages.push(message);
    }

    /// Adds a message to the plan's list of what the change does.
    pub fn note(&mut self, message: String) {
        self.say(message);
    }

    /// Adds a source document.
    pub fn add_source(&mut self, source: Source) -> Result<(), EditError> {
        let f = match self.files.iter().position(|(_, d)| !d.sources.is_empty()) {
            Some(f) => f,
            None if self.is_dir => self.file(self.root.join("sources.ron")),
            None => self.file(self.single_file()),
        };
        let message = format!(
            "added source {} to {}",
            source.id,
            self.files[f].0.display()
        );
        self.files[f].1.sources.push(source);
        self.say(message);
        Ok(())
    }

    /// Adds a source document together with its text, which is written to
    /// `sources/FILE_NAME` under the graph's directory; the source's `file` names it.
    /// Refused when a different text is there already.
    pub fn add_source_with_text(
        &mut self,
        mut source: Source,
        file_name: &str,
        text: String,
    ) -> Result<(), EditError> {
        let plain = Path::new(file_name)
            .file_name()
            .filter(|name| *name == std::ffi::OsStr::new(file_name))
            .is_some();
        if !plain {
            return Err(EditError::refused(
                format!("`{file_name}` is not a plain file name"),
                "name the text file without directories, such as `report.txt`",
            ));
        }
        let dir = if self.is_dir {
            self.root.to_path_buf()
        } else {
            self.root.parent().unwrap_or(Path::new("")).to_path_buf()
        };
        let relative = format!("sources/{file_name}");
        let path = dir.join(&relative);
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing != text => {
                return Err(EditError::refused(
                    format!("{} exists already, with another text", path.display()),
                    "give the text file another name",
                ));
            }
            Ok(_) => {}
            Err(_) => {
                self.say(format!("copied the text to {}", path.display()));
                self.texts.push(TextFile { path, text });
            }
        }
        source.file = Some(relative);
        self.add_source(source)
    }

    /// Sets or clears the locator of every piece of evidence on `from —kind→ to` that
    /// quotes `quote` from `source`. Returns how many changed.
    pub fn set_locator(
        &mut self,
        (from, kind, to): (&str, EdgeKind, &str),
        source: &str,
        quote: &str,
        at: Option<crate::model::Locator>,
    ) -> Result<usize, EditError> {
        let (f, i) = self
            .edge_at(from, kind, to)
            .ok_or_else(|| EditError::UnknownEdge(format!("{from} {} {to}", kind.label())))?;
        let mut changed = 0;
        for evidence in &mut self.files[f].1.edges[i].evidence {
            if evidence.source == source && evidence.quote == quote && evidence.at != at {
                evidence.at = at;
                changed += 1;
            }
        }
        Ok(changed)
    }

    /// Adds a node, in the file for its kind.
    pub fn add_node(&mut self, node: Node) -> Result<(), EditError> {
        if self.node_at(&node.id).is_ok() {
            return Err(EditError::refused(
                format!("a node `{}` exists already", node.id),
                "choose another id, or change the existing node with `set`",
            ));
        }
        let path = if self.is_dir {
            self.root.join(format!("{}.ron", node.kind.name()))
        } else {
            self.single_file()
        };
        let f = self.file(path);
        let message = format!("added node {} to {}", node.id, self.files[f].0.display());
        self.files[f].1.nodes.push(node);
        self.say(message);
        Ok(())
    }

    /// Adds an edge beside the edges of its subject. If the relation is already
    /// stated, its new evidence is added to it, and qualifiers it lacks are filled in.
    pub fn add_edge(&mut self, edge: Edge) -> Result<(), EditError> {
        let label = edge.statement();
        if let Some((f, i)) = self.edge_at(&edge.from, edge.kind, &edge.to) {
            let existing = &mut self.files[f].1.edges[i];
            let conflicts = fill_qualifiers(existing, &edge);
            if !conflicts.is_empty() {
                return Err(EditError::refused(
                    format!("`{label}` is stated already, with {}", conflicts.join(", ")),
                    "remove the relation first to state it differently",
                ));
            }
            let added = add_evidence(existing, edge.evidence);
            if added == 0 {
                return Err(EditError::refused(
                    format!("`{label}` is stated already, with this evidence"),
                    "nothing to add",
                ));
            }
            let path = self.files[f].0.display().to_string();
            self.say(format!("added {added} evidence to {label} in {path}"));
            return Ok(());
        }
        let f = self.edge_file(&edge.from);
        self.say(format!(
            "added edge {label} to {}",
            self.files[f].0.display()
        ));
        self.files[f].1.edges.push(edge);
        Ok(())
    }

    /// Sets a field of node `id`.
    pub fn set(&mut self, id: &str, field: NodeField, value: &str) -> Result<(), EditError> {
        let (path, node) = self.node_mut(id)?;
        let path = path.display().to_string();
        match field {
            NodeField::Name => node.name = value.to_string(),
            NodeField::Kind => {
                node.kind = value.parse().map_err(|e: crate::model::UnknownKind| {
                    EditError::refused(e.to_string(), "`agencygraph list` shows the kinds in use")
                })?
            }
            NodeField::Description => node.description = Some(value.to_string()),
            NodeField::Url => node.url = Some(value.to_string()),
            NodeField::Notes => node.notes = Some(value.to_string()),
            NodeField::Established => {
                node.established = Some(value.trim().parse().map_err(|_| {
                    EditError::refused(
                        format!("`{value}` is not a year"),
                        "give a year such as 2019",
                    )
                })?)
            }
        }
        self.say(format!("set {field} of {id} in {path}"));
        Ok(())
    }

    /// Removes an optional field of node `id`.
    pub fn unset(&mut self, id: &str, field: NodeField) -> Result<(), EditError> {
        let (path, node) = self.node_mut(id)?;
        let path = path.display().to_string();
        let had = match field {
            NodeField::Name | NodeField::Kind => {
                return Err(EditError::refused(
                    format!("a node must have a {field}"),
                    format!("use `set {id} {field} ...` to change it"),
                ));
            }
            NodeField::Description => node.description.take().is_some(),
            NodeField::Established => node.established.take().is_some(),
            NodeField::Url => node.url.take().is_some(),
            NodeField::Notes => node.notes.take().is_some(),
        };
        if !had {
            return Err(EditError::refused(
                format!("{id} has no {field}"),
                "nothing to remove",
            ));
        }
        self.say(format!("removed {field} of {id} in {path}"));
        Ok(())
    }

    /// Adds an alias to node `id`.
    pub fn add_alias(&mut self, id: &str, alias: &str) -> Result<(), EditError> {
        let (path, node) = self.node_mut(id)?;
        if node.names().any(|n| n == alias) {
            return Err(EditError::refused(
                format!("{id} is already called `{alias}`"),
                "nothing to add",
            ));
        }
        node.aliases.push(alias.to_string());
        let message = format!("added alias `{alias}` to {id} in {}", path.display());
        self.say(message);
        Ok(())
    }

    /// Removes an alias from node `id`.
    pub fn remove_alias(&mut self, id: &str, alias: &str) -> Result<(), EditError> {
        let (path, node) = self.node_mut(id)?;
        let Some(i) = node.aliases.iter().position(|a| a == alias) else {
            let known = node.aliases.join("`, `");
            return Err(EditError::refused(
                format!("{id} has no alias `{alias}`"),
                if known.is_empty() {
                    format!("{id} has no aliases")
                } else {
                    format!("its aliases are `{known}`")
                },
            ));
        };
        node.aliases.remove(i);
        let message = format!("removed alias `{alias}` from {id} in {}", path.display());
        self.say(message);
        Ok(())
    }

    /// The edges that name `id` (as subject, object or `via`), as "A kind B" phrases.
    fn edges_naming(&self, id: &str) -> Vec<String> {
        self.files
            .iter()
            .flat_map(|(_, d)| d.edges.iter())
            .filter(|e| e.from == id || e.to == id || e.via.as_deref() == Some(id))
            .map(Edge::statement)
            .collect()
    }

    /// Removes node `id`. While edges name it, this is refused, unless `cascade`: then
    /// the edges to and from it go too, and edges that ran `via` it lose their `via`.
    pub fn remove_node(&mut self, id: &str, cascade: bool) -> Result<(), EditError> {
        let (f, i) = self.node_at(id)?;
        let naming = self.edges_naming(id);
        if !naming.is_empty() && !cascade {
            return Err(EditError::refused(
                format!(
                    "{} relation{} name {id}: {}",
                    naming.len(),
                    if naming.len() == 1 { "" } else { "s" },
                    naming.join("; ")
                ),
                "remove them first, or pass --cascade to remove them with the node",
            ));
        }
        self.files[f].1.nodes.remove(i);
        let path = self.files[f].0.display().to_string();
        self.say(format!("removed node {id} from {path}"));
        for (path, dataset) in &mut self.files {
            let before = dataset.edges.len();
            dataset.edges.retain(|e| e.from != id && e.to != id);
            let removed = before - dataset.edges.len();
            let mut unvia = 0;
            for edge in &mut dataset.edges {
                if edge.via.as_deref() == Some(id) {
                    edge.via = None;
                    unvia += 1;
                }
            }
            if removed > 0 {
                self.messages.push(format!(
                    "removed {removed} relation{} of {id} from {}",
                    if removed == 1 { "" } else { "s" },
                    path.display()
                ));
            }
            if unvia > 0 {
                self.messages.push(format!(
                    "removed `via: {id}` from {unvia} relation{} in {}",
                    if unvia == 1 { "" } else { "s" },
                    path.display()
                ));
            }
        }
        Ok(())
    }

    /// Removes the relation `from —kind→ to`.
    pub fn remove_edge(&mut self, from: &str, kind: EdgeKind, to: &str) -> Result<(), EditError> {
        let label = format!("{from} {} {to}", kind.label());
        let (f, i) = self
            .edge_at(from, kind, to)
            .ok_or_else(|| EditError::UnknownEdge(label.clone()))?;
        self.files[f].1.edges.remove(i);
        let path = self.files[f].0.display().to_string();
        self.say(format!("removed {label} from {path}"));
        Ok(())
    }

    /// Gives node `old` the id `new`, everywhere it is named; `old` becomes an alias.
    pub fn rename(&mut self, old: &str, new: &str) -> Result<(), EditError> {
        if old == new {
            return Err(EditError::refused(
                format!("{old} is already called that"),
                "nothing to do",
            ));
        }
        if self.node_at(new).is_ok() {
            return Err(EditError::refused(
                format!("a node `{new}` exists already"),
                format!("to make the two one, use `merge {new} {old}`"),
            ));
        }
        let (path, node) = self.node_mut(old)?;
        let path = path.display().to_string();
        node.id = new.to_string();
        if !node.names().any(|n| n == old) {
            node.aliases.push(old.to_string());
        }
        self.say(format!(
            "renamed {old} to {new} in {path}, keeping {old} as an alias"
        ));
        let renamed = self.rewrite_references(old, new);
        if renamed > 0 {
            self.say(format!(
                "updated {renamed} relation{} naming {old}",
                if renamed == 1 { "" } else { "s" }
            ));
        }
        Ok(())
    }

    /// Points every edge that names `old` at `new`; returns how many changed.
    fn rewrite_references(&mut self, old: &str, new: &str) -> usize {
        let mut changed = 0;
        for (_, dataset) in &mut self.files {
            for edge in &mut dataset.edges {
                let mut touched = false;
                for end in [&mut edge.from, &mut edge.to] {
                    if end == old {
                        *end = new.to_string();
                        touched = true;
                    }
                }
                if edge.via.as_deref() == Some(old) {
                    edge.via = Some(new.to_string());
                    touched = true;
                }
                changed += usize::from(touched);
            }
        }
        changed
    }

    /// Makes `drop` part of `keep`: its names become aliases of `keep`, its fields fill
    /// `keep`'s empty ones (or go into `keep`'s notes where both differ), its relations
    /// move to `keep`, and relations that then say the same thing become one with all
    /// their evidence. Nothing is lost; refused while the two are related to each other.
    pub fn merge(&mut self, keep: &str, drop: &str) -> Result<(), EditError> {
        if keep == drop {
            return Err(EditError::refused(
                format!("cannot merge {keep} with itself"),
                "name two nodes",
            ));
        }
        let dropped = self.node(drop)?.clone();
        self.node(keep)?;
        let between: Vec<String> = self
            .files
            .iter()
            .flat_map(|(_, d)| d.edges.iter())
            .filter(|e| (e.from == keep && e.to == drop) || (e.from == drop && e.to == keep))
            .map(Edge::statement)
            .collect();
        if !between.is_empty() {
            return Err(EditError::refused(
                format!(
                    "{keep} and {drop} are related ({}); merged, the relation would join {keep} to itself",
                    between.join("; ")
                ),
                "remove those relations first",
            ));
        }
        let (f, i) = self.node_at(drop)?;
        self.files[f].1.nodes.remove(i);
        let (path, kept) = self.node_mut(keep)?;
        let path = path.display().to_string();
        for name in dropped.names() {
            if !kept.names().any(|n| n == name) {
                kept.aliases.push(name.to_string());
            }
        }
        let mut notes = Vec::new();
        if kept.kind != dropped.kind {
            notes.push(format!("kind: {}", dropped.kind.name()));
        }
        for (label, mine, theirs) in [
            ("description", &mut kept.description, dropped.description),
            ("url", &mut kept.url, dropped.url),
            ("notes", &mut kept.notes, dropped.notes),
        ] {
            match (mine.as_ref(), theirs) {
                (None, Some(theirs)) => *mine = Some(theirs),
                (Some(m), Some(theirs)) if *m != theirs => notes.push(format!("{label}: {theirs}")),
                _ => {}
            }
        }
        match (kept.established, dropped.established) {
            (None, Some(year)) => kept.established = Some(year),
            (Some(a), Some(b)) if a != b => notes.push(format!("established: {b}")),
            _ => {}
        }
        if !notes.is_empty() {
            let merged = format!("Merged from {drop}: {}.", notes.join("; "));
            kept.notes = Some(match kept.notes.take() {
                Some(existing) => format!("{existing} {merged}"),
                None => merged,
            });
        }
        self.say(format!(
            "merged {drop} into {keep} in {path}; its names are aliases of {keep}"
        ));
        let moved = self.rewrite_references(drop, keep);
        self.combine_duplicates()?;
        self.move_edges_of(keep);
        if moved > 0 {
            self.say(format!(
                "moved {moved} relation{} from {drop} to {keep}",
                if moved == 1 { "" } else { "s" }
            ));
        }
        Ok(())
    }

    /// Edges of `subject` living outside its edge file move there (after a merge).
    fn move_edges_of(&mut self, subject: &str) {
        let home = self.edge_file(subject);
        for f in 0..self.files.len() {
            if f == home {
                continue;
            }
            let (moving, staying): (Vec<Edge>, Vec<Edge>) =
                std::mem::take(&mut self.files[f].1.edges)
                    .into_iter()
                    .partition(|e| e.from == subject);
            self.files[f].1.edges = staying;
            self.files[home].1.edges.extend(moving);
        }
    }

    /// Makes relations that say the same thing one, with all their evidence.
    fn combine_duplicates(&mut self) -> Result<(), EditError> {
        let mut all: Vec<(usize, Edge)> = Vec::new();
        for (f, (_, dataset)) in self.files.iter_mut().enumerate() {
            all.extend(
                std::mem::take(&mut dataset.edges)
                    .into_iter()
                    .map(|e| (f, e)),
            );
        }
        let mut kept: Vec<(usize, Edge)> = Vec::with_capacity(all.len());
        // Where each relation's first edge is in `kept`: a lookup, not a search, so a
        // merge stays linear in the number of edges.
        let mut first: HashMap<(String, EdgeKind, String), usize> = HashMap::new();
        for (f, edge) in all {
            let (from, kind, to) = edge.relation();
            let key = (from.to_string(), kind, to.to_string());
            match first.get(&key).and_then(|&i| kept.get_mut(i)) {
                Some((_, existing)) => {
                    let conflicts = fill_qualifiers(existing, &edge);
                    if !conflicts.is_empty() {
                        let merged =
                            format!("Merged from another statement: {}.", conflicts.join("; "));
                        existing.notes = Some(match existing.notes.take() {
                            Some(n) => format!("{n} {merged}"),
                            None => merged,
                        });
                    }
                    if edge.inferred != existing.inferred {
                        // Stated once is stated.
                        existing.inferred = false;
                    }
                    add_evidence(existing, edge.evidence);
                    self.messages.push(format!(
                        "combined two statements of {}",
                        existing.statement()
                    ));
                }
                None => {
                    first.insert(key, kept.len());
                    kept.push((f, edge));
                }
            }
        }
        for (f, edge) in kept {
            self.files[f].1.edges.push(edge);
        }
        Ok(())
    }
}

/// Fills `existing`'s empty qualifiers from `other`; returns the ones that differ, as
/// `role: X` texts.
fn fill_qualifiers(existing: &mut Edge, other: &Edge) -> Vec<String> {
    let mut conflicts = Vec::new();
    macro_rules! fill {
        ($($field:ident),*) => {$(
            match (&existing.$field, &other.$field) {
                (None, Some(value)) => existing.$field = Some(value.clone()),
                (Some(a), Some(b)) if a != b => {
                    conflicts.push(format!("{}: {:?}", stringify!($field), b))
                }
                _ => {}
            }
        )*};
    }
    fill!(role, since, until, year, date, via, notes);
    match (&existing.amount, &other.amount) {
        (None, Some(amount)) => existing.amount = Some(amount.clone()),
        (Some(a), Some(b)) if a != b => conflicts.push(format!("amount: {b}")),
        _ => {}
    }
    conflicts
}

/// Adds the evidence `existing` lacks; returns how many entries were new.
fn add_evidence(existing: &mut Edge, evidence: Vec<Evidence>) -> usize {
    let mut added = 0;
    for entry in evidence {
        if !existing.evidence.iter().any(|e| e.same_quote(&entry)) {
            existing.evidence.push(entry);
            added += 1;
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;
    use crate::store::atomic::tests::FailingDisk;

    fn fresh() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path()).unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn edge(from: &str, kind: EdgeKind, to: &str) -> Edge {
        Edge::new(from, kind, to).evidence("inter-agency-mechanisms", "a quote")
    }

    #[test]
    fn init_writes_canonical_files_that_save_unchanged() {
        let (dir, mut store) = fresh();
        assert!(store.unformatted().is_empty());
        assert!(store.format().unwrap().is_empty());
        let before: Vec<(PathBuf, String)> = Graph::bundled_files()
            .iter()
            .map(|(name, text)| {
                (
                    dir.path().join(name.trim_start_matches("graph/")),
                    text.to_string(),
                )
            })
            .collect();
        let plan = store.change(|_| Ok(())).unwrap();
        assert!(plan.is_empty());
        store.save(&plan).unwrap();
        for (path, text) in before {
            assert_eq!(std::fs::read_to_string(path).unwrap(), text);
        }
        assert!(matches!(init(dir.path()), Err(StoreError::NotEmpty(_))));
    }

    #[test]
    fn new_things_go_where_the_layout_says() {
        let (dir, mut store) = fresh();
        let plan = store
            .change(|tx| {
                tx.add_source(Source::new("memo", "A memo"))?;
                tx.add_node(Node::new(
                    "UNFPA",
                    NodeKind::UnEntity,
                    "United Nations Population Fund",
                ))?;
                tx.add_edge(
                    Edge::new("UNFPA", EdgeKind::MemberOf, "UN-ACTION")
                        .evidence("memo", "UNFPA is a member"),
                )
            })
            .unwrap();
        let paths: Vec<&Path> = plan.changes.iter().map(|c| c.path.as_path()).collect();
        assert_eq!(
            paths,
            [
                dir.path().join("sources.ron"),
                dir.path().join("un-entity.ron")
            ]
        );
        store.save(&plan).unwrap();
        let graph = Graph::load(dir.path()).unwrap();
        assert!(
            graph
                .edge("UNFPA", EdgeKind::MemberOf, "UN-ACTION")
                .is_some()
        );
        assert_eq!(store.graph().node_count(), graph.node_count());
    }

    #[test]
    fn invalid_changes_are_refused_with_places_in_the_files_they_would_write() {
        let (dir, store) = fresh();
        let error = store
            .change(|tx| tx.add_edge(edge("UNODC", EdgeKind::Chairs, "ICATT")))
            .unwrap_err();
        let EditError::Invalid(load) = error else {
            panic!("{error}")
        };
        let diagnostic = &load.diagnostics[0];
        assert_eq!(diagnostic.message, "unknown node `ICATT`");
        assert_eq!(
            diagnostic.location.file,
            dir.path().join("un-entity.ron").display().to_string()
        );
        assert_eq!(
            diagnostic.snippet.as_deref(),
            Some("            to: \"ICATT\",")
        );
    }

    #[test]
    fn repeated_relations_gain_evidence() {
        let (_dir, store) = fresh();
        let plan = store
            .change(|tx| {
                tx.add_edge(
                    Edge::new("UNODC", EdgeKind::SecretariatOf, "ICAT")
                        .evidence("inter-agency-mechanisms", "ICAT"),
                )
            })
            .unwrap();
        assert_eq!(plan.messages.len(), 1);
        assert!(plan.messages[0].starts_with("added 1 evidence to UNODC secretariat of ICAT"));
        let again = store.change(|tx| {
            tx.add_edge(Edge::new("UNODC", EdgeKind::SecretariatOf, "ICAT").evidence(
                "inter-agency-mechanisms",
                "UNODC is the permanent coordinator and secretariat of the Inter-Agency Coordination Group on Trafficking in Persons (ICAT)",
            ))
        });
        assert!(
            again
                .unwrap_err()
                .to_string()
                .contains("is stated already, with this evidence")
        );
        let conflict = store.change(|tx| {
            let mut edge = edge("UNODC", EdgeKind::SecretariatOf, "ICAT");
            edge.role = Some("temporary".into());
            tx.add_edge(edge)
        });
        assert!(
            conflict
                .unwrap_err()
                .to_string()
                .contains("with role: \"temporary\"")
        );
    }

    #[test]
    fn removing_a_node_with_relations_needs_cascade() {
        let (dir, mut store) = fresh();
        let error = store
            .change(|tx| tx.remove_node("ICAT", false))
            .unwrap_err();
        assert!(
            error.to_string().starts_with("5 relations name ICAT: "),
            "{error}"
        );
        let plan = store.change(|tx| tx.remove_node("ICAT", true)).unwrap();
        store.save(&plan).unwrap();
        let graph = Graph::load(dir.path()).unwrap();
        assert!(graph.node("ICAT").is_none());
        assert_eq!(graph.edge_count(), Graph::bundled().edge_count() - 5);
    }

    #[test]
    fn rename_updates_every_reference_and_keeps_the_old_id() {
        let (dir, mut store) = fresh();
        let plan = store.change(|tx| tx.rename("UN-ACTION", "UNACT")).unwrap();
        // The node's file, and the files of every subject related to it.
        assert!(plan.changes.len() > 3);
        store.save(&plan).unwrap();
        let graph = Graph::load(dir.path()).unwrap();
        assert_eq!(graph.resolve("UN-ACTION").unwrap().id, "UNACT");
        assert_eq!(graph.degree("UNACT"), Graph::bundled().degree("UN-ACTION"));
        let taken = store.change(|tx| tx.rename("UNACT", "ICAT")).unwrap_err();
        assert!(taken.to_string().contains("exists already"));
    }

    #[test]
    fn merge_loses_nothing() {
        let (dir, mut store) = fresh();
        // A duplicate of UN Women, with a relation UN Women has and one it lacks.
        let plan = store
            .change(|tx| {
                let mut dup = Node::new("UNW", NodeKind::UnEntity, "UN Women HQ").alias("UNW HQ");
                dup.url = Some("https://www.unwomen.org/".into());
                dup.description = Some("Entered twice".into());
                tx.add_node(dup)?;
                let mut chairs = edge("UNW", EdgeKind::CoChairs, "TWG-GEEW");
                chairs.evidence[0].quote = "a second quote".into();
                tx.add_edge(chairs)?;
                tx.add_edge(edge("UNW", EdgeKind::MemberOf, "UN-ACTION"))
            })
            .unwrap();
        store.save(&plan).unwrap();
        let plan = store.change(|tx| tx.merge("UN-WOMEN", "UNW")).unwrap();
        store.save(&plan).unwrap();
        let graph = Graph::load(dir.path()).unwrap();
        assert!(graph.node("UNW").is_none());
        let kept = graph.node("UN-WOMEN").unwrap();
        for name in ["UNW", "UN Women HQ", "UNW HQ"] {
            assert_eq!(graph.resolve(name).unwrap().id, "UN-WOMEN", "{name}");
        }
        assert_eq!(kept.url.as_deref(), Some("https://www.unwomen.org/"));
        assert!(
            kept.notes
                .as_deref()
                .unwrap()
                .contains("Merged from UNW: description: Entered twice.")
        );
        let co_chairs = graph
            .edge("UN-WOMEN", EdgeKind::CoChairs, "TWG-GEEW")
            .unwrap();
        assert_eq!(co_chairs.evidence.len(), 2);
        assert!(
            graph
                .edge("UN-WOMEN", EdgeKind::MemberOf, "UN-ACTION")
                .is_some()
        );
        // Related to each other (the Gender Office is part of WFP): refused.
        let refused = store.change(|tx| tx.merge("WFP", "WFP-GENDER-OFFICE"));
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.starts_with(
                "WFP and WFP-GENDER-OFFICE are related (WFP-GENDER-OFFICE part of WFP"
            ),
            "{message}"
        );
    }

    #[test]
    fn files_with_comments_are_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("g.ron");
        std::fs::write(&file, "// curated by hand\n(sources: [(id: \"s\", title: \"S\")], nodes: [(id: \"A\", kind: Office, name: \"A\")])\n").unwrap();
        let store = Store::open(&file).unwrap();
        let error = store.change(|tx| tx.add_alias("A", "the a")).unwrap_err();
        assert!(matches!(error, EditError::Comments(ref path) if *path == file));
        assert!(matches!(store.format(), Err(EditError::Comments(_))));
    }

    #[test]
    fn a_write_failing_half_way_leaves_the_graph_as_it_was() {
        let (dir, mut store) = fresh();
        let before: Vec<(PathBuf, String)> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap()))
            .collect();
        // A rename touching several files, and a new file besides.
        let plan = store
            .change(|tx| {
                tx.rename("UN-ACTION", "UNACT")?;
                tx.add_source(Source::new("memo", "A memo"))
            })
            .unwrap();
        let steps = plan.changes.len() * 2;
        for fail_at in 0..steps {
            let mut disk = FailingDisk {
                operations: 0,
                fail_at,
            };
            let error = store.save_with(&mut disk, &plan).unwrap_err();
            assert!(error.to_string().contains("injected failure"), "{error}");
            for (path, text) in &before {
                assert_eq!(
                    &std::fs::read_to_string(path).unwrap(),
                    text,
                    "step {fail_at}"
                );
            }
            assert_eq!(
                std::fs::read_dir(dir.path())
                    .unwrap()
                    .filter(|e| e.as_ref().unwrap().path().is_file())
                    .count(),
                before.len(),
                "step {fail_at}"
            );
            let graph = Graph::load(dir.path()).unwrap();
            assert!(graph.node("UN-ACTION").is_some(), "step {fail_at}");
        }
    }
}
