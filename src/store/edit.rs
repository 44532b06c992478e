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

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::atomic::{
    Disk, Expect, RealDisk, Recovery, Replacement, Stamp, WriteError, journal_path, recover,
    replace_all,
};
use super::lock::{Lock, LockError, lock};
use super::transaction::Transaction;
use super::{
    LoadError, SourceFile, build_graph, outline, parse_files, read_files, to_canonical_ron,
};
use crate::graph::Graph;
use crate::model::Dataset;

/// How long a writer waits for another to finish before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(3);

/// Why a graph could not be opened or saved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
    /// The change was committed to the graph's journal, but moving the files into place
    /// failed; the next command that opens the graph for a change finishes it.
    #[error(
        "the change is recorded in {journal} but not finished ({error}); the next command that changes this graph finishes it"
    )]
    Unfinished {
        /// The journal holding the change.
        journal: PathBuf,
        /// Why the files could not be moved into place.
        error: std::io::Error,
    },
    /// Another program changed a file since this store read it; nothing was written.
    #[error(
        "{0} was changed by another program since this command read it; nothing was written (run the command again to start from the new text)"
    )]
    Changed(PathBuf),
    /// An interrupted change could not be finished or undone.
    #[error("cannot finish the interrupted change recorded in {journal}: {error}")]
    Recovery {
        /// The journal holding the change.
        journal: PathBuf,
        /// Why.
        error: std::io::Error,
    },
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
#[non_exhaustive]
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
    pub(super) fn refused(message: impl Into<String>, hint: impl Into<String>) -> EditError {
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

/// One file of a store, as on disk.
#[derive(Debug)]
struct StoredFile {
    path: PathBuf,
    text: String,
    dataset: Dataset,
    /// What the file was on disk when read (or written), so that saving can notice
    /// another program's edit.
    stamp: Stamp,
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
    let mut files: Vec<(PathBuf, &str)> = Graph::bundled_files()
        .iter()
        .chain(Graph::bundled_texts())
        .map(|(name, text)| (dir.join(name.trim_start_matches("graph/")), *text))
        .collect();
    files.push((dir.join(".gitignore"), ".agencygraph.lock\n"));
    files.push((dir.join(".gitattributes"), GITATTRIBUTES));
    write_new_files(dir, files)
}

/// Makes `dir` (empty or absent) an empty graph to fill: one file, `sources.ron`, with
/// no items, and the `.gitignore` [`init`] writes. Returns the files written.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// agencygraph::store::init_empty(dir.path()).unwrap();
/// let store = agencygraph::store::Store::open(dir.path()).unwrap();
/// assert_eq!(store.graph().node_count(), 0);
/// ```
pub fn init_empty(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let empty = to_canonical_ron(&Dataset::default());
    write_new_files(
        dir,
        vec![
            (dir.join("sources.ron"), empty.as_str()),
            (dir.join(".gitignore"), ".agencygraph.lock\n"),
            (dir.join(".gitattributes"), GITATTRIBUTES),
        ],
    )
}

/// Writes `files` into `dir`, which must be empty or absent, all or nothing, through
/// the journal.
fn write_new_files(dir: &Path, files: Vec<(PathBuf, &str)>) -> Result<Vec<PathBuf>, StoreError> {
    std::fs::create_dir_all(dir).map_err(|error| StoreError::Create {
        path: dir.to_path_buf(),
        error,
    })?;
    // Under the lock, and after finishing or undoing an `init` that was interrupted, so
    // that its staged files do not make the directory look used.
    let _held = lock(dir, LOCK_WAIT)?;
    let recovered = recover_journal(dir)?;
    let bookkeeping = [dir.join(".agencygraph.lock")];
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .and_then(|entries| {
            entries
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|error| StoreError::Create {
            path: dir.to_path_buf(),
            error,
        })?
        .into_iter()
        .filter(|path| !bookkeeping.contains(path))
        .collect();
    if !entries.is_empty() {
        // An `init` that was interrupted after its commit record, and finished by the
        // recovery above, left exactly what this one would write: that is success.
        let finished = matches!(recovered, Recovery::RolledForward(_))
            && entries.len() == files.len()
            && files
                .iter()
                .all(|(path, text)| std::fs::read_to_string(path).is_ok_and(|t| t == *text));
        if finished {
            return Ok(files.into_iter().map(|(path, _)| path).collect());
        }
        return Err(StoreError::NotEmpty(dir.to_path_buf()));
    }
    let replacements: Vec<Replacement<'_>> = files
        .iter()
        .map(|(path, text)| Replacement {
            path,
            new: text,
            expect: Expect::Absent,
        })
        .collect();
    // Source texts go in `sources/`, which must be there for their staged copies.
    for (path, _) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| StoreError::Create {
                path: parent.to_path_buf(),
                error,
            })?;
        }
    }
    replace_all(&mut RealDisk, &journal_path(dir), &replacements).map_err(write_error)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

fn write_error(error: WriteError) -> StoreError {
    match error {
        WriteError::NotWritten(error) => StoreError::Write(error),
        WriteError::Unfinished { journal, error } => StoreError::Unfinished { journal, error },
        WriteError::Changed(path) => StoreError::Changed(path),
    }
}

/// Finishes (or undoes) a change to the graph at `root` that a crash interrupted. Call
/// under the lock.
fn recover_journal(root: &Path) -> Result<Recovery, StoreError> {
    let journal = journal_path(root);
    recover(&mut RealDisk, &journal).map_err(|error| StoreError::Recovery { journal, error })
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
        recover_journal(&root)?;
        let sources = read_files(&root)?;
        let datasets = parse_files(&sources)?;
        let texts: Vec<SourceFile> = sources;
        let graph = build_graph(&texts, datasets.clone())?;
        let files = texts
            .into_iter()
            .zip(datasets)
            .map(|(file, dataset)| StoredFile {
                stamp: Stamp::of(&file.path, &file.text),
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
        let mut transaction = Transaction::new(
            &self.root,
            self.is_dir,
            self.files
                .iter()
                .map(|f| (f.path.clone(), f.dataset.clone()))
                .collect(),
        );
        edit(&mut transaction)?;
        let (files, messages, texts) = transaction.finish();
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
                new: &change.after,
                expect: match self.files.iter().find(|f| f.path == change.path) {
                    Some(file) => Expect::Unchanged(&file.stamp),
                    None => Expect::Absent,
                },
            })
            .chain(plan.texts.iter().map(|text| Replacement {
                path: &text.path,
                new: &text.text,
                expect: Expect::Absent,
            }))
            .collect();
        replace_all(disk, &journal_path(&self.root), &replacements).map_err(write_error)?;
        // What is on disk now, as the plan read it back when it was made.
        for change in &plan.changes {
            let (text, dataset) = (change.after.clone(), change.dataset.clone());
            match self.files.iter_mut().find(|f| f.path == change.path) {
                Some(file) => {
                    file.stamp = Stamp::of(&change.path, &text);
                    file.text = text;
                    file.dataset = dataset;
                }
                None => self.files.push(StoredFile {
                    stamp: Stamp::of(&change.path, &text),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;
    use crate::model::{Edge, EdgeKind, Node, Source};
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
        drop(store);
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
        assert_eq!(co_chairs.evidence().len(), 2);
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

    #[cfg(unix)]
    #[test]
    fn rewritten_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, mut store) = fresh();
        let plan = store.change(|tx| tx.rename("UN-ACTION", "UNACT")).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        for change in &plan.changes {
            std::fs::set_permissions(&change.path, std::fs::Permissions::from_mode(0o664)).unwrap();
        }
        // Changing permissions is no edit of the text: the save goes ahead.
        let store_files: Vec<PathBuf> = plan.changes.iter().map(|c| c.path.clone()).collect();
        store.save(&plan).unwrap();
        for path in store_files {
            assert_eq!(mode(&path), 0o664, "{}", path.display());
        }
    }

    #[test]
    fn an_edit_made_by_another_program_meanwhile_is_not_overwritten() {
        let (dir, mut store) = fresh();
        let plan = store.change(|tx| tx.rename("UN-ACTION", "UNACT")).unwrap();
        // Someone edits a file the change would rewrite, after it was read.
        let touched = &plan.changes[0].path;
        let theirs = format!(
            "{}// a comment\n",
            std::fs::read_to_string(touched).unwrap()
        );
        std::fs::write(touched, &theirs).unwrap();
        let error = store.save(&plan).unwrap_err();
        assert!(
            matches!(error, StoreError::Changed(ref p) if p == touched),
            "{error}"
        );
        assert!(error.to_string().contains("changed by another program"));
        assert_eq!(std::fs::read_to_string(touched).unwrap(), theirs);
        drop(store);
        assert!(Graph::load(dir.path()).unwrap().node("UN-ACTION").is_some());
    }

    /// The files of a graph directory and their texts, leaving out the lock file (and
    /// the `sources/` folder of texts, which a change of RON files does not touch).
    fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
        let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.ends_with(".agencygraph.lock") && p.is_file())
            .map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap()))
            .collect();
        files.sort();
        files
    }

    /// A failure, or a crash, at every step of a multi-file save: once the graph is
    /// opened again, it is wholly as before or wholly as planned, with nothing staged
    /// left over.
    #[test]
    fn a_save_failing_or_crashing_at_any_step_leaves_the_graph_old_or_new() {
        let change = |tx: &mut Transaction| {
            // A rename touching several files, and a new file besides.
            tx.rename("UN-ACTION", "UNACT")?;
            tx.add_source(Source::new("memo", "A memo"))
        };
        let (mut saw_old, mut saw_new) = (0, 0);
        for crash in [false, true] {
            // The journal, the staged files, the commit record, the renames, the
            // directory sync, and one step beyond.
            let mut fail_at = 0;
            loop {
                let (dir, mut store) = fresh();
                let before = snapshot(dir.path());
                let plan = store.change(change).unwrap();
                assert!(plan.changes.len() >= 3, "a multi-file change");
                let mut after = before.clone();
                for change in &plan.changes {
                    after.retain(|(p, _)| *p != change.path);
                    after.push((change.path.clone(), change.after.clone()));
                }
                after.sort();
                let mut disk = if crash {
                    FailingDisk::crashing(fail_at)
                } else {
                    FailingDisk::new(fail_at)
                };
                let result = store.save_with(&mut disk, &plan);
                let steps = disk.operations;
                drop(store);
                let reopened = Store::open(dir.path()).unwrap();
                let now = snapshot(dir.path());
                let case = format!("crash {crash}, step {fail_at}: {result:?}");
                if now == before {
                    assert!(matches!(result, Err(StoreError::Write(_))), "{case}");
                    assert!(reopened.graph().node("UN-ACTION").is_some(), "{case}");
                    saw_old += 1;
                } else {
                    assert!(now == after, "{case}: neither old nor new");
                    assert!(reopened.graph().node("UNACT").is_some(), "{case}");
                    saw_new += 1;
                }
                if fail_at >= steps {
                    break; // the save ran out of steps to fail
                }
                fail_at += 1;
            }
        }
        // Each file staged, the journal, and its commit record give old files; every
        // step after the commit record, new ones.
        assert!(saw_old > 4 && saw_new > 4, "{saw_old} old, {saw_new} new");
        eprintln!("{saw_old} trials recovered to the old graph, {saw_new} to the new");
    }
}
