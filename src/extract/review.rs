//! A curator's decisions on proposals: accept, reject, retype, rename, or merge a new
//! entity into one the graph has. `agencygraph review` asks for them one by one.

use std::fmt;

use super::{AliasProposal, Proposals, Status};
use crate::graph::Graph;
use crate::model::{EdgeKind, NodeKind, UnknownKind};

/// One proposal of a [`Proposals`] list, by its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// `nodes[i]`
    Node(usize),
    /// `aliases[i]`
    Alias(usize),
    /// `relations[i]`
    Relation(usize),
}

/// What the curator decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Write it.
    Accept,
    /// Do not write it.
    Reject,
    /// Give an entity or a relation another kind (by any spelling of the kind).
    Retype(String),
    /// Give a new entity another id; its relations follow.
    Rename(String),
    /// A new entity is one the graph has (by id, name or alias): its names become that
    /// entity's aliases, its relations that entity's.
    Merge(String),
}

impl Decision {
    /// Reads a review answer: `a`, `r`, `k KIND`, `n ID`, `m NAME` (or the words
    /// `accept`, `reject`, `kind`, `rename`, `merge`). `None` for anything else,
    /// such as `s` (skip).
    ///
    /// ```
    /// use agencygraph::extract::review::Decision;
    /// assert_eq!(Decision::parse("a"), Some(Decision::Accept));
    /// assert_eq!(Decision::parse("k working-group"), Some(Decision::Retype("working-group".into())));
    /// assert_eq!(Decision::parse("merge UN Women"), Some(Decision::Merge("UN Women".into())));
    /// assert_eq!(Decision::parse("s"), None);
    /// ```
    pub fn parse(answer: &str) -> Option<Decision> {
        let answer = answer.trim();
        let (word, rest) = answer
            .split_once(char::is_whitespace)
            .unwrap_or((answer, ""));
        let rest = rest.trim().to_string();
        match (word.to_lowercase().as_str(), rest.is_empty()) {
            ("a" | "accept", true) => Some(Decision::Accept),
            ("r" | "reject", true) => Some(Decision::Reject),
            ("k" | "kind" | "retype", false) => Some(Decision::Retype(rest)),
            ("n" | "rename", false) => Some(Decision::Rename(rest)),
            ("m" | "merge", false) => Some(Decision::Merge(rest)),
            _ => None,
        }
    }
}

impl Proposals {
    /// The proposals still pending, in file order: entities, aliases, relations.
    pub fn pending(&self) -> Vec<Item> {
        let nodes = (0..self.nodes.len()).filter(|&i| self.nodes[i].status == Status::Pending);
        let aliases =
            (0..self.aliases.len()).filter(|&i| self.aliases[i].status == Status::Pending);
        let relations =
            (0..self.relations.len()).filter(|&i| self.relations[i].status == Status::Pending);
        nodes
            .map(Item::Node)
            .chain(aliases.map(Item::Alias))
            .chain(relations.map(Item::Relation))
            .collect()
    }

    /// A proposal in one line, as `review` shows it.
    pub fn describe(&self, item: Item) -> String {
        match item {
            Item::Node(i) => {
                let n = &self.nodes[i];
                let aliases = if n.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" (also {})", n.aliases.join(", "))
                };
                format!(
                    "new {} {}: {}{aliases} — {}",
                    n.kind.name(),
                    n.id,
                    n.name,
                    n.reason
                )
            }
            Item::Alias(i) => {
                let a = &self.aliases[i];
                format!("alias of {}: {} — {}", a.node, a.alias, a.reason)
            }
            Item::Relation(i) => {
                let r = &self.relations[i];
                let inferred = if r.inferred { " (inferred)" } else { "" };
                let at = r.at.map(|at| format!(":{}", at.line)).unwrap_or_default();
                format!(
                    "{}{inferred} — {}\n  “{}” — {}{at}",
                    r.statement(),
                    r.reason,
                    r.quote,
                    self.source
                )
            }
        }
    }

    /// Applies a decision to one proposal; returns what it did, in words, or why it
    /// cannot be done. `graph` resolves the entity a new one is merged into.
    ///
    /// ```
    /// use agencygraph::Graph;
    /// use agencygraph::extract::{extract, Options, Status, review::{Decision, Item}};
    ///
    /// let text = "OCHA chairs the Gender Theme Group.";
    /// let graph = Graph::bundled();
    /// let mut proposals = extract(text, &graph, &Options::new("memo"));
    /// proposals.decide(Item::Node(0), Decision::Rename("GTG".into()), &graph)?;
    /// proposals.decide(Item::Relation(0), Decision::Retype("co-chairs".into()), &graph)?;
    /// assert_eq!(proposals.relations[0].statement(), "OCHA co-chairs GTG");
    /// assert_eq!(proposals.relations[0].status, Status::Accepted);
    /// # Ok::<(), String>(())
    /// ```
    pub fn decide(
        &mut self,
        item: Item,
        decision: Decision,
        graph: &Graph,
    ) -> Result<String, String> {
        match (item, decision) {
            (Item::Node(i), Decision::Accept) => {
                self.nodes[i].status = Status::Accepted;
                Ok(format!("accepted {}", self.nodes[i].id))
            }
            (Item::Node(i), Decision::Reject) => {
                self.nodes[i].status = Status::Rejected;
                Ok(format!("rejected {}", self.nodes[i].id))
            }
            (Item::Alias(i), Decision::Accept) => {
                self.aliases[i].status = Status::Accepted;
                Ok(format!(
                    "accepted {} as an alias of {}",
                    self.aliases[i].alias, self.aliases[i].node
                ))
            }
            (Item::Alias(i), Decision::Reject) => {
                self.aliases[i].status = Status::Rejected;
                Ok(format!("rejected the alias {}", self.aliases[i].alias))
            }
            (Item::Relation(i), Decision::Accept) => {
                self.relations[i].status = Status::Accepted;
                Ok(format!("accepted {}", self.relations[i].statement()))
            }
            (Item::Relation(i), Decision::Reject) => {
                self.relations[i].status = Status::Rejected;
                Ok(format!("rejected {}", self.relations[i].statement()))
            }
            (Item::Node(i), Decision::Retype(kind)) => {
                let kind: NodeKind = parse_kind(&kind)?;
                self.nodes[i].kind = kind;
                self.nodes[i].status = Status::Accepted;
                Ok(format!(
                    "accepted {} as a {}",
                    self.nodes[i].id,
                    kind.name()
                ))
            }
            (Item::Relation(i), Decision::Retype(kind)) => {
                let kind: EdgeKind = parse_kind(&kind)?;
                self.relations[i].kind = kind;
                self.relations[i].status = Status::Accepted;
                Ok(format!("accepted {}", self.relations[i].statement()))
            }
            (Item::Node(i), Decision::Rename(id)) => {
                if !crate::graph::validate::is_node_id(&id) {
                    return Err(format!(
                        "`{id}` is not an UPPER-KEBAB id (try `{}`)",
                        crate::graph::validate::suggest_node_id(&id)
                    ));
                }
                if graph.node(&id).is_some() || self.nodes.iter().any(|n| n.id == id) {
                    return Err(format!("`{id}` is taken; to make the two one, merge"));
                }
                let old = std::mem::replace(&mut self.nodes[i].id, id.clone());
                self.rename_in_relations(&old, &id);
                self.nodes[i].status = Status::Accepted;
                Ok(format!("accepted {old} as {id}"))
            }
            (Item::Node(i), Decision::Merge(name)) => {
                let into = graph.resolve(&name).map_err(|e| e.to_string())?.id.clone();
                let node = &mut self.nodes[i];
                node.status = Status::Rejected;
                let names: Vec<String> = std::iter::once(node.name.clone())
                    .chain(node.aliases.iter().cloned())
                    .collect();
                let (old, at) = (node.id.clone(), node.at);
                let known = graph.node(&into).expect("resolved");
                for name in names {
                    let key = crate::resolve::normalize(&name);
                    if known.names().any(|n| crate::resolve::normalize(n) == key) {
                        continue;
                    }
                    self.aliases.push(AliasProposal {
                        status: Status::Accepted,
                        node: into.clone(),
                        alias: name,
                        score: 1.0,
                        reason: format!("{old} merged into {into} in review"),
                        at,
                    });
                }
                self.rename_in_relations(&old, &into);
                Ok(format!("merged {old} into {into}"))
            }
            (Item::Alias(_), decision)
            | (Item::Relation(_), decision @ (Decision::Rename(_) | Decision::Merge(_))) => {
                Err(format!("{decision} applies to new entities only"))
            }
        }
    }

    fn rename_in_relations(&mut self, old: &str, new: &str) {
        for relation in &mut self.relations {
            if relation.from == old {
                relation.from = new.to_string();
            }
            if relation.to == old {
                relation.to = new.to_string();
            }
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::Accept => "accept",
            Decision::Reject => "reject",
            Decision::Retype(_) => "kind",
            Decision::Rename(_) => "rename",
            Decision::Merge(_) => "merge",
        })
    }
}

/// A node or edge kind by its name, or the curator's message saying what was expected.
fn parse_kind<K: std::str::FromStr<Err = UnknownKind>>(name: &str) -> Result<K, String> {
    name.parse().map_err(|e: UnknownKind| e.to_string())
}
