//! The editing operations: [`Transaction`] changes the data sets of a store's files in
//! memory, keeping each item in its file; [`Store::change`](super::Store::change) then
//! checks that the result loads before anything is written.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::edit::{EditError, TextFile};
use crate::model::{Dataset, Edge, EdgeKind, Evidence, Node, Source};

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

/// A change being made to a store's files (see [`Store::change`](super::Store::change)). Its methods take
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

impl<'s> Transaction<'s> {
    pub(super) fn new(root: &'s Path, is_dir: bool, files: Vec<(PathBuf, Dataset)>) -> Self {
        Transaction {
            root,
            is_dir,
            files,
            messages: Vec::new(),
            texts: Vec::new(),
        }
    }

    /// The files as the change left them, and what it did, for [`Store`](super::Store)
    /// to plan.
    pub(super) fn finish(self) -> (Vec<(PathBuf, Dataset)>, Vec<String>, Vec<TextFile>) {
        (self.files, self.messages, self.texts)
    }

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
            .is_some_and(|name| name == std::ffi::OsStr::new(file_name));
        if !plain {
            return Err(EditError::Refused {
                message: format!("`{file_name}` is not a plain file name"),
                hint: Some("name the text file without directories, such as `report.txt`".into()),
            });
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
                return Err(EditError::Refused {
                    message: format!("{} exists already, with another text", path.display()),
                    hint: Some("give the text file another name".into()),
                });
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
