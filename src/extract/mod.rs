//! Proposing entities and relations from a report's text, by deterministic rules (no
//! model, no network), for a curator to review and apply.
//!
//! The steps, each in its own module:
//! 1. [`segment`]: the text's sentences and table cells, with their positions;
//! 2. [`mentions`]: acronym definitions (Schwartz–Hearst), a gazetteer of every id,
//!    name and alias of the graph (leftmost-longest, normalised as [`crate::resolve`]
//!    does), and new organisation-like names and acronyms, with a guessed kind; a new
//!    name close to a known one is proposed as an alias of it instead;
//! 3. [`relations`]: every pair of entities in a sentence, typed and directed by a
//!    lexicon of trigger phrases read through the sentence's structure; names inside
//!    names, possessives and numbered table rows give inferred relations.
//!
//! What comes out is a [`Proposals`] list, written as RON for the curator to edit
//! (each proposal `Pending`, `Accepted` or `Rejected`, its kind retypable), and
//! [`apply`] writes the accepted ones through the editing layer. [`score`] measures
//! the proposals against an answer key.
//!
//! ```
//! use agencygraph::{EdgeKind, Graph};
//! use agencygraph::extract::{extract, Options};
//!
//! let text = "UNFPA and UNICEF co-chair the Inter-Agency Working Group on Harmful Practices (IAWG-HP).\n";
//! let proposals = extract(text, &Graph::new(), &Options::new("memo"));
//! let iawg = proposals.nodes.iter().find(|n| n.id == "IAWG-HP").unwrap();
//! assert_eq!(iawg.name, "Inter-Agency Working Group on Harmful Practices");
//! let relations: Vec<String> = proposals.relations.iter().map(|r| r.statement()).collect();
//! assert_eq!(relations, ["UNFPA co-chairs IAWG-HP", "UNICEF co-chairs IAWG-HP"]);
//! ```

pub mod mentions;
pub mod relations;
pub mod review;
pub mod score;
pub mod segment;

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::graph::Graph;
use crate::graph::validate::{MAX_QUOTE_WORDS, suggest_node_id};
use crate::model::{Edge, EdgeKind, Evidence, Locator, Node, NodeKind};
use crate::resolve::normalize;
use crate::sources::locator;
use crate::store::{EditError, Plan, Store};
use mentions::{Gazetteer, Mention};
use segment::Segment;

/// What the curator decided about a proposal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Not reviewed yet.
    #[default]
    Pending,
    /// To be written into the graph by [`apply`].
    Accepted,
    /// Not to be written.
    Rejected,
}

/// Everything proposed from one report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposals {
    /// The id of the source the quotes come from.
    pub source: String,
    /// Ids of the graph's entities the text mentions (for reference; nothing to apply).
    #[serde(default)]
    pub known: Vec<String>,
    /// New entities.
    #[serde(default)]
    pub nodes: Vec<NodeProposal>,
    /// New names for entities.
    #[serde(default)]
    pub aliases: Vec<AliasProposal>,
    /// Relations, each with its quote.
    #[serde(default)]
    pub relations: Vec<RelationProposal>,
}

/// A new entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeProposal {
    /// Accept, reject, or not yet decided.
    #[serde(default)]
    pub status: Status,
    /// The proposed id (change it freely; relations here name it).
    pub id: String,
    /// The guessed kind.
    pub kind: NodeKind,
    /// The name as the text gives it.
    pub name: String,
    /// Other spellings the text uses.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How sure the rules are, from 0 to 1.
    pub score: f64,
    /// Why it was proposed.
    pub reason: String,
    /// Where the text first names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Locator>,
}

/// A new name for an entity, known or proposed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasProposal {
    /// Accept, reject, or not yet decided.
    #[serde(default)]
    pub status: Status,
    /// The entity's id.
    pub node: String,
    /// The new name.
    pub alias: String,
    /// How sure the rules are.
    pub score: f64,
    /// Why it was proposed.
    pub reason: String,
    /// Where the text uses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Locator>,
}

/// A relation with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationProposal {
    /// Accept, reject, or not yet decided.
    #[serde(default)]
    pub status: Status,
    /// The subject's id.
    pub from: String,
    /// The relation (retype it freely).
    pub kind: EdgeKind,
    /// The object's id.
    pub to: String,
    /// Whether the text only implies it (by a name, a possessive, a table's layout).
    #[serde(default)]
    pub inferred: bool,
    /// The words of the text that state it.
    pub quote: String,
    /// Where the quote is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Locator>,
    /// How sure the rules are.
    pub score: f64,
    /// Why it was proposed.
    pub reason: String,
}

impl RelationProposal {
    /// The relation in words: `UNFPA co-chairs IAWG-HP`.
    pub fn statement(&self) -> String {
        format!("{} {} {}", self.from, self.kind.label(), self.to)
    }
}

/// How to extract.
#[derive(Debug, Clone)]
pub struct Options {
    /// The id of the source the text is.
    pub source: String,
    /// Propose bare capitalised acronyms (UNHCR, ASEAN) that nothing defines as new
    /// entities.
    pub acronyms: bool,
}

impl Options {
    /// Default options for a text that is source `source`.
    pub fn new(source: impl Into<String>) -> Options {
        Options {
            source: source.into(),
            acronyms: true,
        }
    }
}

/// An entity while extracting: one of the graph's, or a new one.
#[derive(Debug, Clone)]
struct Entity {
    node: Node,
    known: bool,
    score: f64,
    reason: String,
    first: Option<Range<usize>>,
}

/// Proposes the entities and relations `text` states, with `graph` as the gazetteer of
/// known entities (an empty graph knows none).
pub fn extract(text: &str, graph: &Graph, options: &Options) -> Proposals {
    let segments = segment::sentences(text);
    let mut entities: Vec<Entity> = graph
        .nodes()
        .map(|node| Entity {
            node: node.clone(),
            known: true,
            score: 1.0,
            reason: String::new(),
            first: None,
        })
        .collect();
    let mut aliases: Vec<(usize, String, String, Range<usize>, f64)> = Vec::new();
    discover(text, &segments, &mut entities, &mut aliases, options);
    for (entity, alias, _, _, _) in &aliases {
        let node = &mut entities[*entity].node;
        if !node.names().any(|n| normalize(n) == normalize(alias)) {
            node.aliases.push(alias.clone());
        }
    }
    let gazetteer = Gazetteer::new(entities.iter().map(|e| &e.node));
    let mut found = gazetteer.find(text);
    found.extend(short_references(text, &found, &entities));
    found.sort_by_key(|m| m.range.start);
    for mention in &found {
        let entity = &mut entities[mention.entity];
        if entity.first.is_none() {
            entity.first = Some(mention.range.clone());
        }
    }
    let mut relations = Vec::new();
    let mut previous: Vec<&Mention> = Vec::new();
    for segment in &segments {
        // `found` is sorted by start: the segment's mentions are one run of it.
        let first = found.partition_point(|m| m.range.start < segment.range.start);
        let in_segment: Vec<&Mention> = found[first..]
            .iter()
            .take_while(|m| m.range.start < segment.range.end)
            .filter(|m| m.range.end <= segment.range.end)
            .collect();
        relate(
            text,
            segment,
            &in_segment,
            &previous,
            &entities,
            &mut relations,
        );
        if !in_segment.is_empty() {
            previous = in_segment;
        }
    }
    proposals(text, options, &entities, &found, &aliases, relations)
}

/// "The Initiative", "the Network": the nearest entity named before whose name ends
/// with those words.
fn short_references(text: &str, found: &[Mention], entities: &[Entity]) -> Vec<Mention> {
    static THE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b[Tt]he ((?:[A-Z][a-z]+[- ]?){1,3})").expect("valid")
    });
    let mut references = Vec::new();
    for hit in THE.captures_iter(text) {
        let words = hit.get(1).expect("group");
        let range =
            words.start()..words.start() + words.as_str().trim_end_matches([' ', '-']).len();
        if found
            .iter()
            .any(|m| m.range.start < range.end && range.start < m.range.end)
        {
            continue;
        }
        let key = normalize(&text[range.clone()]);
        let owner = found
            .iter()
            .rev()
            .filter(|m| m.range.end <= range.start)
            .find(|m| {
                let node = &entities[m.entity].node;
                node.names().any(|n| {
                    let name = normalize(n);
                    name.len() > key.len() && name.contains(&key)
                })
            });
        if let Some(owner) = owner {
            references.push(Mention {
                range,
                entity: owner.entity,
                inner: Vec::new(),
            });
        }
    }
    references
}

/// Finds new entities and new names of known ones: acronym definitions, "Government of
/// X", organisation-like names and bare acronyms.
fn discover(
    text: &str,
    segments: &[Segment],
    entities: &mut Vec<Entity>,
    aliases: &mut Vec<(usize, String, String, Range<usize>, f64)>,
    options: &Options,
) {
    let known = Gazetteer::new(entities.iter().map(|e| &e.node));
    let mentions = known.find(text);
    let keys: Vec<(String, usize)> = known.keys().map(|(k, e)| (k.to_string(), e)).collect();
    // The mentions are sorted and do not overlap: the one that can hold a range is the
    // last to start at or before it.
    let holder = |range: &Range<usize>| {
        let after = mentions.partition_point(|m| m.range.start <= range.start);
        after.checked_sub(1).map(|i| &mentions[i])
    };
    let covered = |range: &Range<usize>| {
        holder(range)
            .filter(|m| range.end <= m.range.end)
            .map(|m| m.entity)
    };
    let exact = |range: &Range<usize>| {
        holder(range)
            .filter(|m| m.range == *range)
            .map(|m| m.entity)
    };
    let add = |entities: &mut Vec<Entity>,
               name: &str,
               alias: Option<&str>,
               kind: NodeKind,
               at: Range<usize>,
               score: f64,
               reason: String|
     -> usize {
        let key = normalize(name);
        if let Some(i) = entities
            .iter()
            .position(|e| !e.known && e.node.names().any(|n| normalize(n) == key))
        {
            if let Some(alias) = alias
                && !entities[i]
                    .node
                    .names()
                    .any(|n| normalize(n) == normalize(alias))
            {
                entities[i].node.aliases.push(alias.to_string());
            }
            return i;
        }
        // An acronym, else the name's words without "of", "the", ...: at most five.
        let id_base = suggest_node_id(alias.filter(|a| a.len() <= 12).unwrap_or(name));
        let id_base: String = id_base
            .split('-')
            .filter(|w| {
                ![
                    "OF", "THE", "ON", "FOR", "AND", "TO", "IN", "AGAINST", "A", "AN",
                ]
                .contains(w)
            })
            .take(5)
            .collect::<Vec<_>>()
            .join("-");
        let mut id = id_base.clone();
        let mut n = 2;
        while entities.iter().any(|e| e.node.id == id) {
            id = format!("{id_base}-{n}");
            n += 1;
        }
        let mut node = Node::new(id, kind, name);
        if let Some(alias) = alias {
            node.aliases.push(alias.to_string());
        }
        entities.push(Entity {
            node,
            known: false,
            score,
            reason,
            first: Some(at),
        });
        entities.len() - 1
    };
    for segment in segments {
        let range = segment.range.clone();
        // Acronym definitions.
        let definitions = mentions::definitions(text, range.clone());
        for definition in &definitions {
            let long = &text[definition.long.clone()];
            let short = &text[definition.short.clone()];
            // A known name ending where the parenthesis opens is the long form.
            let before_paren = mentions.iter().find(|m| {
                m.range.end <= definition.short.start
                    && text[m.range.end..definition.short.start]
                        .trim_matches(|c: char| c.is_whitespace() || c == '(')
                        .is_empty()
            });
            let short_known = exact(&definition.short);
            // The short form's letters must run through the whole known name, not only
            // its end ("ICAT submission to the Committee ... (CEDAW)").
            let spells_known = before_paren.is_some_and(|m| {
                mentions::long_form(short, &text[m.range.clone()]).is_some_and(|at| at == 0)
            });
            match (before_paren.map(|m| m.entity), short_known) {
                (Some(_), Some(_)) => {}
                (Some(_), None) if !spells_known => {}
                (Some(entity), None) => aliases.push((
                    entity,
                    short.to_string(),
                    format!(
                        "defined as the acronym of `{}`",
                        &text[before_paren.map_or(0..0, |m| m.range.clone())]
                    ),
                    definition.short.clone(),
                    0.8,
                )),
                (None, Some(entity)) => aliases.push((
                    entity,
                    long.to_string(),
                    format!("the long form of `{short}`"),
                    definition.long.clone(),
                    0.8,
                )),
                // "sexual exploitation and abuse (SEA)": a topic, not an organisation.
                (None, None) if !title_case(long) => {}
                (None, None) => match near_miss(long, &keys) {
                    Some(entity) => {
                        aliases.push((
                            entity,
                            long.to_string(),
                            format!("close to `{}`", entities[entity].node.name),
                            definition.long.clone(),
                            0.7,
                        ));
                        aliases.push((
                            entity,
                            short.to_string(),
                            format!("defined as the acronym of `{long}`"),
                            definition.short.clone(),
                            0.7,
                        ));
                    }
                    None => {
                        let kind =
                            mentions::guess_kind(long).unwrap_or_else(|| acronym_kind(short));
                        add(
                            entities,
                            long,
                            Some(short),
                            kind,
                            definition.long.clone(),
                            0.9,
                            format!("acronym definition `{long} ({short})`"),
                        );
                    }
                },
            }
        }
        // "Government of Kenya", "the Republic of Croatia": member states.
        for (whole, state) in governments(text, range.clone()) {
            let name = &text[state.clone()];
            if covered(&whole).is_some() {
                continue;
            }
            match exact(&state).or_else(|| near_miss(name, &keys)) {
                Some(entity) => {
                    if covered(&whole).is_none() {
                        aliases.push((
                            entity,
                            text[whole.clone()].to_string(),
                            "a government's name".into(),
                            whole,
                            0.8,
                        ));
                    }
                }
                None => {
                    add(
                        entities,
                        name,
                        Some(&text[whole.clone()]),
                        NodeKind::MemberState,
                        whole.clone(),
                        0.85,
                        format!("`{}` names a member state", &text[whole]),
                    );
                }
            }
        }
        // Organisation-like names; a name that is its whole line is a heading.
        for (span, kind) in mentions::names(text, range.clone()) {
            // A heading: the name and nothing but a date or numbers ("Note on X, 2024").
            let rest = format!(
                "{}{}",
                &text[range.start..span.start],
                &text[span.end..range.end]
            );
            if rest.chars().all(|c| !c.is_alphabetic()) && !segment.cell {
                continue;
            }
            // A known name followed by more words: "the Regional Forum on X with ASEAN".
            // A known name and more words: "the Regional Forum on X with ASEAN".
            let extends_known = mentions
                .iter()
                .any(|m| m.range.start == span.start && m.range.end < span.end);
            if extends_known
                || covered(&span).is_some()
                || definitions.iter().any(|d| {
                    d.long.start <= span.start && span.end <= d.long.end
                        || span.start <= d.long.start && d.long.end <= span.end
                })
            {
                continue;
            }
            let name = &text[span.clone()];
            if governments(text, span.clone()).next().is_some() {
                continue;
            }
            // "the Regional Dialogue" after "the Regional Dialogue on FGM": a short
            // reference to an entity named before, not a new one.
            let key = normalize(name);
            let shortens = |node: &Node| {
                node.names().any(|n| {
                    let full = normalize(n);
                    full.len() > key.len() && full.contains(&key)
                })
            };
            let the = text[..span.start].ends_with("the ") || text[..span.start].ends_with("The ");
            let earlier = mentions
                .iter()
                .any(|m| m.range.end <= span.start && shortens(&entities[m.entity].node))
                || entities.iter().any(|e| {
                    !e.known
                        && e.first.as_ref().is_some_and(|f| f.end <= span.start)
                        && shortens(&e.node)
                });
            if the && earlier {
                continue;
            }
            match near_miss(name, &keys) {
                Some(entity) => aliases.push((
                    entity,
                    name.to_string(),
                    format!("close to `{}`", entities[entity].node.name),
                    span,
                    0.7,
                )),
                None => {
                    add(
                        entities,
                        name,
                        None,
                        kind,
                        span.clone(),
                        0.7,
                        format!(
                            "a title-case name whose head word suggests a {}",
                            kind.name()
                        ),
                    );
                }
            }
        }
        if options.acronyms {
            for span in mentions::acronyms(text, range.clone()) {
                if covered(&span).is_some() {
                    continue;
                }
                let name = &text[span.clone()];
                if entities
                    .iter()
                    .any(|e| !e.known && e.node.names().any(|n| n == name))
                {
                    continue;
                }
                add(
                    entities,
                    name,
                    None,
                    acronym_kind(name),
                    span,
                    0.4,
                    "an undefined acronym".into(),
                );
            }
        }
    }
}

/// A relation read from names, made precise by the names' words: a General Assembly
/// resolution is adopted, not published; a commemoration commemorates.
fn refine(kind: EdgeKind, from: &Node, to: &Node) -> EdgeKind {
    match kind {
        EdgeKind::Publishes if to.name.to_lowercase().contains("resolution") => EdgeKind::Adopts,
        EdgeKind::Concerns if from.name.to_lowercase().contains("commemoration") => {
            EdgeKind::Commemorates
        }
        kind => kind,
    }
}

/// The bytes of the possessive ending opening `rest`: `’s` or `'s`.
fn possessive_len(rest: &str) -> usize {
    ["’s", "'s", "’", "'"]
        .iter()
        .find(|p| rest.starts_with(**p))
        .map_or(0, |p| p.len())
}

/// Whether most words of `name` (other than "of", "and", ...) are capitalised.
fn title_case(name: &str) -> bool {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !["of", "on", "for", "and", "the", "to", "against", "in", "a"].contains(w))
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    capitalised * 2 > words.len()
}

/// The kind an acronym suggests: UN entities start with "UN".
fn acronym_kind(acronym: &str) -> NodeKind {
    if acronym.starts_with("UN") {
        NodeKind::UnEntity
    } else {
        NodeKind::Organisation
    }
}

/// `(whole phrase, state name)` of each "Government of X" or "Republic of X".
fn governments(
    text: &str,
    range: Range<usize>,
) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    static GOVERNMENT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"\b(?:the )?(?:Government|Republic) of (?:the )?((?:[A-Z][\w-]*)(?: [A-Z][\w-]*)*)",
        )
        .expect("valid")
    });
    let start = range.start;
    GOVERNMENT.captures_iter(&text[range]).map(move |c| {
        let whole = c.get(0).expect("match");
        let whole_text = whole.as_str();
        let skip = if whole_text.starts_with("the ") { 4 } else { 0 };
        let state = c.get(1).expect("group");
        (
            start + whole.start() + skip..start + whole.end(),
            start + state.start()..start + state.end(),
        )
    })
}

/// The known entity whose name `name` nearly is (a typo, "against" for "on"), if one
/// is close enough: the curator is offered the name as an alias of it.
fn near_miss(name: &str, keys: &[(String, usize)]) -> Option<usize> {
    let wanted = normalize(name);
    if wanted.len() < 10 {
        return None;
    }
    keys.iter()
        .map(|(key, entity)| (strsim::normalized_levenshtein(&wanted, key), *entity))
        .filter(|(similarity, _)| *similarity >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, entity)| entity)
}

/// A relation found, before it becomes a proposal.
#[derive(Debug, Clone)]
struct Found {
    from: usize,
    kind: EdgeKind,
    to: usize,
    inferred: bool,
    quote: Range<usize>,
    score: f64,
    reason: String,
}

/// The relations of one segment: pairs typed by the words between them, names inside
/// names, possessives, and table rows.
fn relate(
    text: &str,
    segment: &Segment,
    mentions: &[&Mention],
    previous: &[&Mention],
    entities: &[Entity],
    out: &mut Vec<Found>,
) {
    let kind_of = |entity: usize| entities[entity].node.kind;
    let quote_of = |from: usize, to: usize| quote_range(text, segment.range.clone(), from..to);
    // "the Network's Steering Committee": the owner names the unit, it is not a party to
    // the sentence's relations; the unit is the owner's.
    let possessive = |m: &Mention, next: &Mention| {
        let gap = &text[m.range.end..next.range.start];
        (gap.starts_with("’s ") || gap.starts_with("'s ")) && gap.chars().count() <= 3
    };
    let mut heads: Vec<&Mention> = Vec::new();
    for (i, mention) in mentions.iter().enumerate() {
        match mentions.get(i + 1) {
            Some(next) if possessive(mention, next) => {
                let (kind, owner_is_subject) =
                    relations::by_name(kind_of(mention.entity), kind_of(next.entity));
                let (from, to) = if owner_is_subject {
                    (mention.entity, next.entity)
                } else {
                    (next.entity, mention.entity)
                };
                out.push(Found {
                    from,
                    kind,
                    to,
                    inferred: true,
                    quote: quote_of(mention.range.start, next.range.end),
                    score: 0.6,
                    reason: format!(
                        "the possessive `{}`",
                        &text[mention.range.start..next.range.end]
                    ),
                });
            }
            _ => {
                // "(CEDAW)" right after a name restates or abbreviates it: the name is
                // the party, whatever the parenthesis holds.
                let restates = i > 0 && {
                    let before = text[mentions[i - 1].range.end..mention.range.start].trim();
                    let after = text[mention.range.end..].trim_start();
                    before == "(" && after.starts_with(')')
                };
                if !restates {
                    heads.push(mention);
                }
            }
        }
    }
    let mentions = &heads[..];
    // Names inside names: "IASC Gender Reference Group", "Gender Unit of UNICEF",
    // "UNFPA-UNICEF Global Programme", and names inside those.
    for mention in mentions {
        let mut spans: Vec<(Range<usize>, usize)> = vec![(mention.range.clone(), mention.entity)];
        spans.extend(mention.inner.iter().cloned());
        for (outer_range, outer) in &spans {
            for (inner_range, inner) in &spans {
                let inside = outer_range.start <= inner_range.start
                    && inner_range.end <= outer_range.end
                    && inner_range != outer_range;
                if !inside || inner == outer {
                    continue;
                }
                let lead = &text[outer_range.start..inner_range.start];
                // Only other names and dashes before it: "UNFPA-UNICEF ...".
                let leading = spans.iter().fold(lead.to_string(), |rest, (r, _)| {
                    if outer_range.start <= r.start && r.end <= inner_range.start {
                        rest.replacen(&text[r.clone()], "", 1)
                    } else {
                        rest
                    }
                });
                let at_start = leading
                    .trim_matches(|c: char| c == '-' || c == '/' || c.is_whitespace())
                    .is_empty();
                let lead = lead.trim_end();
                let after_of = lead.ends_with(" of")
                    || lead.ends_with(" of the")
                    || lead.ends_with(" for the");
                let possessive = text[inner_range.end..outer_range.end].starts_with(['’', '\'']);
                // An event concerns what its name names, but not names within those
                // ("CEDAW" in "CEDAW General Recommendation 35").
                let nested = spans.iter().any(|(r, e)| {
                    e != inner
                        && r != outer_range
                        && r.start <= inner_range.start
                        && inner_range.end <= r.end
                        && r != inner_range
                });
                let event = kind_of(*outer) == NodeKind::Event && !nested;
                let submitted = kind_of(*outer) == NodeKind::Publication
                    && (lead.ends_with(" to the") || lead.ends_with(" to"));
                if !(at_start || after_of || possessive || event || submitted) {
                    continue;
                }
                let (kind, inner_is_subject) = if submitted && !at_start {
                    (EdgeKind::SubmittedTo, false)
                } else {
                    relations::by_name(kind_of(*inner), kind_of(*outer))
                };
                if event && !(at_start || after_of || possessive) && kind != EdgeKind::Concerns {
                    continue;
                }
                let (from, to) = if inner_is_subject {
                    (*inner, *outer)
                } else {
                    (*outer, *inner)
                };
                out.push(Found {
                    from,
                    kind: refine(kind, &entities[from].node, &entities[to].node),
                    to,
                    inferred: true,
                    quote: quote_of(outer_range.start, outer_range.end),
                    score: 0.6,
                    reason: format!(
                        "`{}` is named inside `{}`",
                        &text[inner_range.clone()],
                        &text[outer_range.clone()]
                    ),
                });
            }
        }
    }
    // "Under the auspices of X, A and B co-organized E": E under the auspices of X.
    let auspices = {
        let lead = mentions
            .first()
            .map(|m| &text[segment.range.start..m.range.start]);
        lead.filter(|l| {
            l.to_lowercase()
                .trim_end()
                .trim_end_matches(" the")
                .ends_with("under the auspices of")
        })
        .and(mentions.first().copied())
    };
    let subjects_end = {
        // The subject list: the first mention and those joined to it.
        let mut end = 0;
        let start = usize::from(auspices.is_some());
        if start < mentions.len() {
            end = start;
            while end + 1 < mentions.len()
                && relations::joins(&text[mentions[end].range.end..mentions[end + 1].range.start])
            {
                end += 1;
            }
        }
        end
    };
    for a in 0..mentions.len() {
        for b in a + 1..mentions.len() {
            if mentions[a].entity == mentions[b].entity {
                continue;
            }
            if auspices.is_some() && a == 0 {
                continue;
            }
            // Walk a's list forward and b's list backward.
            let gap_before = |k: usize| {
                relations::clean(&text[mentions[k - 1].range.end..mentions[k].range.start])
            };
            let comma_and = |k: usize| {
                gap_before(k).trim_start().starts_with(',') && gap_before(k).contains("and")
            };
            let comma = |k: usize| {
                relations::joins(&gap_before(k)) && gap_before(k).trim_start().starts_with(',')
            };
            let mut left = a;
            // A name in a leading phrase ("in the context of Liberia, GFP") starts no list.
            let a_lead = &text[segment.range.start..mentions[a].range.start];
            if !(relations::after_preposition(a_lead) && gap_before(a + 1).contains(',')) {
                while left + 1 < b && relations::joins(&gap_before(left + 1)) {
                    // ", and" continues a list only after a comma ("A, B, and C").
                    if comma_and(left + 1) && !(left > a && comma(left)) {
                        break;
                    }
                    left += 1;
                }
            }
            let mut right = b;
            while right > left + 1 && relations::joins(&gap_before(right)) {
                // ", and" joins a list ("A, B, and C") only after a comma joined the one
                // before; else it starts a new clause ("the Network, and ILO are").
                if comma_and(right) && !(right - 1 > left + 1 && comma(right - 1)) {
                    break;
                }
                right -= 1;
            }
            // A possessive before b belongs to b's name: "the Secretary-General’s UNiTE".
            if right == left + 2
                && text[mentions[left + 1].range.end..mentions[right].range.start]
                    .trim_start()
                    .starts_with(['’', '\''])
            {
                right = left + 1;
            }
            let (gap, carried) = if right == left + 1 {
                let cleaned =
                    relations::clean(&text[mentions[left].range.end..mentions[right].range.start]);
                let gap = cleaned.as_str();
                // "X, implemented by A and B, is funded by C": A is an agent, not the
                // subject of what follows; "Y is part of Z and is co-led by A": the
                // verb after "and" is the subject's.
                let lead = text[segment.range.start..mentions[a].range.start].trim_end();
                let agent = lead.ends_with(" by") || lead.ends_with(" by the");
                // "UNODC, through its Section, participates in": the section is the way,
                // not the subject.
                let means = lead.ends_with("through its")
                    || lead.ends_with("through the")
                    || lead.ends_with("through");
                if relations::carries_subject(gap) && (a > subjects_end || agent || means) {
                    continue;
                }
                // "in the context of Liberia, GFP partners": a name in a leading phrase
                // is not a party to the clause after its comma.
                let prepositional =
                    relations::after_preposition(lead) && !relations::has_verb(lead);
                if prepositional && gap.contains(',') && gap.split_whitespace().count() <= 6 {
                    // Unless the phrase says what it is: "an investment from the EU,
                    // Spotlight Initiative", "under the leadership of X, Y".
                    if let Some(reading) = relations::leading(lead)
                        && gap.split_whitespace().count() <= 6
                        && relations::read(gap).is_empty()
                    {
                        out.push(Found {
                            from: mentions[a].entity,
                            kind: reading.kind,
                            to: mentions[b].entity,
                            inferred: false,
                            quote: quote_of(segment.range.start, mentions[b].range.end),
                            score: reading.weight * 0.9,
                            reason: format!(
                                "`{}` before the first, a comma before the second",
                                reading.phrase.trim()
                            ),
                        });
                    }
                    continue;
                }
                // "benefits from UN Women expertise as well as coordination with T": the
                // subject's coordination, not UN Women's.
                if gap.contains("as well as") && !relations::joins(gap) {
                    continue;
                }
                (cleaned.clone(), false)
            } else if a <= subjects_end && left == subjects_end {
                // The subject carried over "and" to a later verb: "X is a member of Y and
                // participates in Z"; only the words after the last object count.
                let last = relations::clean(
                    &text[mentions[right - 1].range.end..mentions[right].range.start],
                );
                if !relations::carries_subject(&last) {
                    continue;
                }
                (last, true)
            } else {
                continue;
            };
            // "X was a group; it was chaired by Y": the words after "it" are X's.
            let gap = gap.as_str();
            let gap = match gap.rsplit_once(';') {
                Some((_, after)) if a == 0 => {
                    let after = after.trim_start();
                    match after
                        .strip_prefix("it ")
                        .or_else(|| after.strip_prefix("they "))
                    {
                        Some(rest) => rest,
                        None => continue,
                    }
                }
                Some(_) => continue,
                None => gap,
            };
            if gap.split_whitespace().count() > 16 {
                continue;
            }
            // "Spotlight Initiative is the Secretary-General’s High Impact Initiative".
            let owner_of_a = gap.trim() == "is the"
                && text[mentions[b].range.end..].starts_with(['’', '\''])
                && b == right;
            if owner_of_a {
                let (kind, owner_is_subject) =
                    relations::by_name(kind_of(mentions[b].entity), kind_of(mentions[a].entity));
                let (from, to) = if owner_is_subject {
                    (mentions[b].entity, mentions[a].entity)
                } else {
                    (mentions[a].entity, mentions[b].entity)
                };
                out.push(Found {
                    from,
                    kind,
                    to,
                    inferred: true,
                    quote: quote_of(
                        mentions[a].range.start,
                        mentions[b].range.end + possessive_len(&text[mentions[b].range.end..]),
                    ),
                    score: 0.6,
                    reason: format!(
                        "`{} is the {}’s ...`",
                        &text[mentions[a].range.clone()],
                        &text[mentions[b].range.clone()]
                    ),
                });
                continue;
            }
            let mut readings = if carried {
                // The verb after the last "and": "is the coordinator for mine action and
                // chairs"; of "contributed to supporting ... to implement", the first.
                let after_and = gap.rsplit_once(" and ").map_or(gap, |(_, after)| after);
                let mut readings = relations::read(after_and);
                readings.truncate(1);
                readings
            } else {
                // Readings after the first count only when joined to it by "and" ("the
                // coordinator and secretariat of"), not when they are its complements
                // ("contributed to supporting").
                let all = relations::read(gap);
                let mut kept: Vec<relations::Reading> = Vec::new();
                for reading in all {
                    let joined = kept.last().is_none_or(|last| {
                        let between = &gap[last.at + last.phrase.len()
                            ..reading.at.max(last.at + last.phrase.len())];
                        between.contains(" and ")
                            || between.contains('/')
                            || between.trim() == "and"
                    });
                    if joined {
                        kept.push(reading);
                    }
                }
                kept
            };
            // "has implemented projects funded by X": the first verb's object is the
            // unnamed "projects", which the passive then qualifies.
            if readings.iter().any(|r| !r.backward)
                && relations::read(gap).iter().any(|r| r.backward)
            {
                continue;
            }
            // "ILO co-organized the Forum with ASEAN": the co-organiser comes after.
            if readings.is_empty() && gap.trim().eq_ignore_ascii_case("with") {
                let before = text[segment.range.start..mentions[a].range.start].to_lowercase();
                if before.contains("co-organi") {
                    readings.push(relations::Reading {
                        kind: EdgeKind::CoOrganises,
                        backward: true,
                        weight: 0.8,
                        phrase: "co-organized ... with".into(),
                        at: 0,
                    });
                }
            }
            for reading in readings {
                let (mut from, mut to) = (mentions[a].entity, mentions[b].entity);
                if reading.backward {
                    std::mem::swap(&mut from, &mut to);
                }
                let kind = match reading.kind {
                    EdgeKind::MemberOf => relations::membership(kind_of(from)),
                    kind => kind,
                };
                let mut reason = format!("`{}` between them", reading.phrase.trim());
                if left > a || right < b {
                    reason.push_str(", in a list joined by `and`");
                }
                if carried {
                    reason.push_str(", the subject carried over `and`");
                }
                let quote = quote_of(
                    mentions[a].range.start.min(mentions[left].range.start),
                    mentions[b].range.end,
                );
                out.push(Found {
                    from,
                    kind,
                    to,
                    inferred: false,
                    quote,
                    score: reading.weight * if carried { 0.8 } else { 1.0 },
                    reason,
                });
                if let Some(x) = auspices
                    && matches!(kind, EdgeKind::CoOrganises | EdgeKind::Organises)
                {
                    out.push(Found {
                        from: to,
                        kind: EdgeKind::UnderAuspicesOf,
                        to: x.entity,
                        inferred: false,
                        quote: quote_of(segment.range.start, mentions[b].range.end),
                        score: 0.8,
                        reason: "`Under the auspices of` opening the sentence".into(),
                    });
                }
            }
        }
    }
    // "its X": a unit of the sentence's subject, or of the last sentence's when the
    // subject is a list.
    for (i, mention) in mentions.iter().enumerate() {
        let before = text[segment.range.start..mention.range.start].trim_end();
        if !before.ends_with(" its") && !before.ends_with("Its") {
            continue;
        }
        // "UNODC, through its Section": the subject's. "the Network, and A and B are
        // members of its Committee": the entity before the list that is the subject of
        // "are members".
        // The candidates, most likely first: the subject for "through its"; else the
        // nearest name, or the one before the nearest list (a list is the subject of
        // "are members of its"); then further back. The first whose relation to the
        // unit is allowed owns it.
        let mut candidates: Vec<&Mention> = Vec::new();
        if before.ends_with("through its") && i > 0 {
            candidates.push(mentions[0]);
        } else if i > 0 {
            let mut start = i - 1;
            while start > 0
                && relations::joins(
                    &text[mentions[start - 1].range.end..mentions[start].range.start],
                )
            {
                start -= 1;
            }
            if start + 1 < i && start > 0 {
                candidates.push(mentions[start - 1]);
            }
            candidates.extend(mentions[..i].iter().rev().copied());
        }
        candidates.extend(previous.first().copied());
        let owner = candidates.into_iter().find(|o| {
            o.entity != mention.entity && {
                let (kind, owner_is_subject) =
                    relations::by_name(kind_of(o.entity), kind_of(mention.entity));
                if owner_is_subject {
                    kind.allows(kind_of(o.entity), kind_of(mention.entity))
                } else {
                    kind.allows(kind_of(mention.entity), kind_of(o.entity))
                }
            }
        });
        let Some(owner) = owner else {
            continue;
        };
        let (kind, owner_is_subject) =
            relations::by_name(kind_of(owner.entity), kind_of(mention.entity));
        let (from, to) = if owner_is_subject {
            (owner.entity, mention.entity)
        } else {
            (mention.entity, owner.entity)
        };
        out.push(Found {
            from,
            kind,
            to,
            inferred: true,
            quote: quote_of(
                mention
                    .range
                    .start
                    .saturating_sub(4)
                    .max(segment.range.start),
                mention.range.end,
            ),
            score: 0.55,
            reason: format!(
                "the possessive `its` before `{}`",
                &text[mention.range.clone()]
            ),
        });
    }
    // A numbered table row, "3. NAME (ACR) WFP has ...": the row's subject takes part
    // in NAME; "NAME (A, B)" or "NAME (A-B)": A and B carry it out.
    if segment.numbered
        && let Some(first) = mentions.first()
    {
        let number_end = text[segment.range.clone()].find(". ").map_or(0, |i| i + 2);
        if first.range.start == segment.range.start + number_end {
            let rest: Vec<&&Mention> = mentions.iter().skip(1).collect();
            let after_first = &text[first.range.end..segment.range.end];
            let paren_end = after_first
                .trim_start()
                .starts_with('(')
                .then(|| after_first.find(')').map(|i| first.range.end + i + 1))
                .flatten();
            if let Some(paren_end) = paren_end {
                let inside: Vec<&&&Mention> =
                    rest.iter().filter(|m| m.range.end <= paren_end).collect();
                if inside.len() >= 2
                    || inside.len() == 1
                        && mentions.len() >= 2
                        && entities[inside[0].entity].node.kind == NodeKind::UnEntity
                {
                    for m in inside {
                        let kind = match kind_of(first.entity) {
                            NodeKind::Programme | NodeKind::Project => EdgeKind::Implements,
                            _ => EdgeKind::ParticipatesIn,
                        };
                        if matches!(
                            kind_of(m.entity),
                            NodeKind::UnEntity | NodeKind::Organisation | NodeKind::Department
                        ) {
                            out.push(Found {
                                from: m.entity,
                                kind,
                                to: first.entity,
                                inferred: true,
                                quote: quote_of(first.range.start, paren_end),
                                score: 0.5,
                                reason: "named in parentheses after a table row's title".into(),
                            });
                        }
                    }
                }
                if let Some(subject) = rest.iter().find(|m| m.range.start >= paren_end)
                    && text[subject.range.end..]
                        .trim_start()
                        .split(' ')
                        .next()
                        .is_some_and(|w| w == "has" || w == "is")
                    && text[paren_end..subject.range.start].trim().is_empty()
                {
                    out.push(Found {
                        from: subject.entity,
                        kind: EdgeKind::ParticipatesIn,
                        to: first.entity,
                        inferred: true,
                        quote: quote_of(segment.range.start, subject.range.end),
                        score: 0.5,
                        reason: "a numbered table row's title, then its subject".into(),
                    });
                }
            }
        }
    }
}

/// The quote for a relation between bytes `span` of a segment: the whole segment when
/// it is short enough, else the words from the first entity to the last.
fn quote_range(text: &str, segment: Range<usize>, span: Range<usize>) -> Range<usize> {
    let whole = &text[segment.clone()];
    if whole.split_whitespace().count() <= MAX_QUOTE_WORDS {
        return segment;
    }
    let span = span.start.max(segment.start)..span.end.min(segment.end);
    let words = text[span.clone()].split_whitespace().count();
    if words <= MAX_QUOTE_WORDS {
        return span;
    }
    // Keep the last MAX_QUOTE_WORDS words: the object and the phrase before it.
    let part = &text[span.clone()];
    let starts: Vec<usize> = part
        .char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace() && (i == 0 || part[..i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| i)
        .collect();
    span.start + starts[starts.len() - MAX_QUOTE_WORDS]..span.end
}

/// Puts what was found into proposals: new entities mentioned, aliases, relations
/// (one per `(from, kind, to)`, the best scored), all sorted.
fn proposals(
    text: &str,
    options: &Options,
    entities: &[Entity],
    found: &[Mention],
    aliases: &[(usize, String, String, Range<usize>, f64)],
    relations: Vec<Found>,
) -> Proposals {
    let mut known: Vec<String> = found
        .iter()
        .flat_map(|m| std::iter::once(m.entity).chain(m.inner.iter().map(|(_, e)| *e)))
        .filter(|&e| entities[e].known)
        .map(|e| entities[e].node.id.clone())
        .collect();
    known.sort();
    known.dedup();
    let mentioned = |e: usize| {
        found
            .iter()
            .any(|m| m.entity == e || m.inner.iter().any(|(_, i)| *i == e))
    };
    let nodes: Vec<NodeProposal> = entities
        .iter()
        .enumerate()
        .filter(|(i, e)| !e.known && mentioned(*i))
        .map(|(_, e)| NodeProposal {
            status: Status::Pending,
            id: e.node.id.clone(),
            kind: e.node.kind,
            name: e.node.name.clone(),
            aliases: e.node.aliases.clone(),
            score: round(e.score),
            reason: e.reason.clone(),
            at: e.first.clone().map(|r| locator(text, r)),
        })
        .collect();
    let mut alias_proposals: Vec<AliasProposal> = Vec::new();
    for (entity, alias, reason, at, score) in aliases {
        let entity = &entities[*entity];
        if !entity.known {
            continue;
        }
        if alias_proposals
            .iter()
            .any(|a| a.node == entity.node.id && normalize(&a.alias) == normalize(alias))
        {
            continue;
        }
        alias_proposals.push(AliasProposal {
            status: Status::Pending,
            node: entity.node.id.clone(),
            alias: alias.clone(),
            score: round(*score),
            reason: reason.clone(),
            at: Some(locator(text, at.clone())),
        });
    }
    let mut best: BTreeMap<(String, EdgeKind, String), RelationProposal> = BTreeMap::new();
    for relation in relations {
        let (from, to) = (&entities[relation.from].node, &entities[relation.to].node);
        if from.id == to.id || !relation.kind.allows(from.kind, to.kind) {
            continue;
        }
        let kind = refine(relation.kind, from, to);
        if !kind.allows(from.kind, to.kind) {
            continue;
        }
        let (a, kind, b) = crate::model::relation(&from.id, kind, &to.id);
        let key = (a.to_string(), kind, b.to_string());
        let proposal = RelationProposal {
            status: Status::Pending,
            from: key.0.clone(),
            kind,
            to: key.2.clone(),
            inferred: relation.inferred,
            quote: text[relation.quote.clone()].to_string(),
            at: Some(locator(text, relation.quote)),
            score: round(relation.score),
            reason: relation.reason,
        };
        match best.get(&key) {
            Some(old) if old.score >= proposal.score => {}
            _ => {
                best.insert(key, proposal);
            }
        }
    }
    Proposals {
        source: options.source.clone(),
        known,
        nodes,
        aliases: alias_proposals,
        relations: best.into_values().collect(),
    }
}

fn round(score: f64) -> f64 {
    (score * 100.0).round() / 100.0
}

/// Why proposals could not be read or applied.
#[derive(Debug, thiserror::Error)]
pub enum ProposalsError {
    /// The proposals file is not valid RON of the expected shape.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// An accepted relation names an entity that neither the graph nor an accepted
    /// proposal defines.
    #[error(
        "accepted relation `{relation}` names `{id}`, which is neither in the graph nor an accepted new entity"
    )]
    Unknown {
        /// The relation.
        relation: String,
        /// The id.
        id: String,
    },
    /// The change is refused by the editing layer.
    #[error(transparent)]
    Edit(#[from] EditError),
}

impl Proposals {
    /// Reads proposals from RON text; `file` names it in errors.
    ///
    /// ```
    /// use agencygraph::extract::Proposals;
    /// let error = Proposals::from_ron("(source: \"memo\", relations: [(from: 1)])", "p.ron").unwrap_err();
    /// assert!(error.to_string().starts_with("p.ron:1:"));
    /// ```
    pub fn from_ron(text: &str, file: &str) -> Result<Proposals, ProposalsError> {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|error: ron::error::SpannedError| ProposalsError::Parse {
                file: file.to_string(),
                line: error.span.start.line,
                column: error.span.start.col,
                message: error.code.to_string(),
            })
    }

    /// The proposals as RON, one field a line, for a curator to edit.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new()
            .indentor("    ")
            .new_line("\n")
            .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
        let text = ron::ser::to_string_pretty(self, config).expect("proposals serialize");
        let mut text = crate::store::unescape_apostrophes(&text);
        text.push('\n');
        text
    }
}

/// Plans writing the accepted proposals into the graph of `store`: new entities, new
/// aliases, and relations with their quote as evidence (added to a relation the graph
/// already states). Validated as a whole; write it with [`Store::save`].
///
/// ```
/// use agencygraph::extract::{apply, extract, Options, Status};
/// use agencygraph::store::{Store, init};
///
/// let dir = tempfile::tempdir()?;
/// init(dir.path())?;
/// let mut store = Store::open(dir.path())?;
/// let text = "OCHA chairs the Gender Theme Group.";
/// let mut proposals = extract(text, store.graph(), &Options::new("inter-agency-mechanisms"));
/// proposals.nodes[0].status = Status::Accepted;
/// proposals.relations[0].status = Status::Accepted;
/// let plan = apply(&store, &proposals)?;
/// store.save(&plan)?;
/// assert!(store.graph().edge("OCHA", agencygraph::EdgeKind::Chairs, "GENDER-THEME-GROUP").is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn apply(store: &Store, proposals: &Proposals) -> Result<Plan, ProposalsError> {
    let graph = store.graph();
    let accepted_nodes: Vec<&NodeProposal> = proposals
        .nodes
        .iter()
        .filter(|n| n.status == Status::Accepted)
        .collect();
    for relation in proposals
        .relations
        .iter()
        .filter(|r| r.status == Status::Accepted)
    {
        for id in [&relation.from, &relation.to] {
            if graph.node(id).is_none() && !accepted_nodes.iter().any(|n| n.id == *id) {
                return Err(ProposalsError::Unknown {
                    relation: relation.statement(),
                    id: id.clone(),
                });
            }
        }
    }
    Ok(store.change(|tx| {
        for node in &accepted_nodes {
            let mut new = Node::new(node.id.clone(), node.kind, node.name.clone());
            new.aliases = node
                .aliases
                .iter()
                .filter(|a| **a != node.name && **a != node.id)
                .cloned()
                .collect();
            tx.add_node(new)?;
        }
        for alias in proposals
            .aliases
            .iter()
            .filter(|a| a.status == Status::Accepted)
        {
            tx.add_alias(&alias.node, &alias.alias)?;
        }
        for relation in proposals
            .relations
            .iter()
            .filter(|r| r.status == Status::Accepted)
        {
            let mut edge = Edge::new(relation.from.clone(), relation.kind, relation.to.clone());
            edge.inferred = relation.inferred;
            if relation.inferred {
                edge.notes = Some(format!("Inferred: {}.", relation.reason));
            }
            edge.evidence.push(Evidence {
                at: relation.at,
                ..Evidence::new(proposals.source.clone(), relation.quote.clone())
            });
            match tx.add_edge(edge) {
                // The same relation, with the same quote: nothing to add, and not an error
                // when applying a list twice.
                Err(EditError::Refused { message, .. })
                    if message.ends_with("with this evidence") => {}
                other => other?,
            }
        }
        Ok(())
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposals_read_back_what_they_write() {
        let text = "UNFPA and UNICEF co-chair the Inter-Agency Working Group on Harmful Practices (IAWG-HP).\n";
        let proposals = extract(text, &Graph::new(), &Options::new("memo"));
        let ron = proposals.to_ron();
        assert_eq!(Proposals::from_ron(&ron, "p.ron").unwrap(), proposals);
        assert!(ron.contains("status: Pending"), "{ron}");
    }

    #[test]
    fn long_sentences_are_quoted_from_the_first_entity_to_the_last() {
        let filler = "word ".repeat(60);
        let text = format!("{filler}UNODC chairs ICAT. ");
        let range = quote_range(&text, 0..text.len() - 1, filler.len()..filler.len() + 17);
        assert_eq!(&text[range], "UNODC chairs ICAT");
    }
}
