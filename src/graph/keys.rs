//! The graph's lookups by id and by name: a hash of the key to the node, checked
//! against the node itself.
//!
//! A map from each id and each normalized name to its node held a copy of every key:
//! four strings a node, most of the time spent opening a large graph, and a tenth of
//! its memory. [`KeyIndex`] keeps only a 64-bit hash of each key (foldhash, seeded
//! per process, so crafted names cannot force collisions) with the node, and a lookup
//! confirms a hit by comparing the key with the node's own id or names. Two keys with
//! the same hash (a collision, or a name given twice in a build that reports it) are
//! both kept: the second in a short overflow list.

use std::hash::{BuildHasher, Hasher};

use petgraph::stable_graph::NodeIndex;

use super::Map;
use crate::model::Node;

/// Hashes of keys → nodes, the first node given for a key winning. A lookup reads
/// the overflow list only when the first node under its hash is not the answer.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex {
    first: Map<u64, NodeIndex>,
    /// Entries whose hash was already taken, in the order given.
    more: Vec<(u64, NodeIndex)>,
    state: foldhash::fast::RandomState,
}

/// How a key is read from a node and from what a person types.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key {
    /// The id, exactly.
    Id,
    /// Any of the id, name and aliases, ignoring case, spacing and punctuation
    /// ([`crate::resolve::normalize`]).
    Name,
}

impl Key {
    fn hash(self, state: &foldhash::fast::RandomState, text: &str) -> u64 {
        let mut hasher = state.build_hasher();
        match self {
            Key::Id => hasher.write(text.as_bytes()),
            Key::Name => {
                // The normalized characters as UTF-8, hashed a buffer at a time: the
                // same characters give the same buffers, whichever way they were found.
                let mut buffer = Buffer::default();
                if text.is_ascii() {
                    // Most names: a byte is a character, and no lowercasing table.
                    for byte in text.bytes().filter(u8::is_ascii_alphanumeric) {
                        buffer.push_ascii(byte.to_ascii_lowercase(), &mut hasher);
                    }
                } else {
                    for c in normalized(text) {
                        buffer.push(c, &mut hasher);
                    }
                }
                hasher.write(buffer.filled());
            }
        }
        hasher.finish()
    }
}

/// Characters on their way to a hasher, written a full buffer at a time.
struct Buffer {
    bytes: [u8; 64],
    len: usize,
}

impl Default for Buffer {
    fn default() -> Buffer {
        Buffer {
            bytes: [0; 64],
            len: 0,
        }
    }
}

impl Buffer {
    /// Writes the buffer out when a character might not fit: before a push at 61
    /// bytes or more, whatever the character, so that the same characters make the
    /// same buffers.
    fn make_room(&mut self, hasher: &mut impl Hasher) {
        if self.len + 4 > self.bytes.len() {
            hasher.write(self.filled());
            self.len = 0;
        }
    }

    fn push(&mut self, c: char, hasher: &mut impl Hasher) {
        self.make_room(hasher);
        self.len += c.encode_utf8(&mut self.bytes[self.len..]).len();
    }

    /// [`Buffer::push`] of an ASCII character, without encoding it.
    fn push_ascii(&mut self, byte: u8, hasher: &mut impl Hasher) {
        self.make_room(hasher);
        self.bytes[self.len] = byte;
        self.len += 1;
    }

    fn filled(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// The characters [`crate::resolve::normalize`] keeps of `text`, without collecting them.
fn normalized(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

impl KeyIndex {
    /// Room for `keys` more keys.
    pub(crate) fn reserve(&mut self, keys: usize) {
        self.first.reserve(keys);
    }

    /// Indexes `node` (at `index`) under `text` read as `key`; a text that normalizes to
    /// nothing (a name of punctuation only) is left out.
    pub(crate) fn insert(&mut self, key: Key, text: &str, index: NodeIndex) {
        if matches!(key, Key::Name) && normalized(text).next().is_none() {
            return;
        }
        let hash = key.hash(&self.state, text);
        match self.first.entry(hash) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
            // The same node again (its id and name often normalize alike) adds nothing.
            std::collections::hash_map::Entry::Occupied(slot) if *slot.get() == index => {}
            std::collections::hash_map::Entry::Occupied(_) => self.more.push((hash, index)),
        }
    }

    /// The first node indexed under `text` read as `key` that `answers` confirms.
    fn get(&self, key: Key, text: &str, answers: impl Fn(NodeIndex) -> bool) -> Option<NodeIndex> {
        let hash = key.hash(&self.state, text);
        let first = self.first.get(&hash)?;
        std::iter::once(first)
            .chain(
                self.more
                    .iter()
                    .filter(|(more, _)| *more == hash)
                    .map(|(_, index)| index),
            )
            .copied()
            .find(|&index| answers(index))
    }
}

/// A graph's two key indexes: ids, and names as [`crate::Graph::resolve`] reads them.
///
/// A hit on an id is confirmed against a copy of the ids kept together here (about
/// eleven bytes a node) rather than the node's own: a load looks up both ends of every
/// edge, and reading each node's id from its place on the heap missed the processor's
/// cache (a quarter of loading a million edges). A hit on a name is confirmed against
/// the node's names, as name lookups are few.
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeKeys {
    ids: KeyIndex,
    /// Every id, in node order; node `n`'s is `id_text[id_starts[n]..id_starts[n + 1]]`
    /// (the last one's runs to the end).
    id_text: String,
    id_starts: Vec<usize>,
    names: KeyIndex,
}

impl NodeKeys {
    /// The keys of `nodes`, each at its position; `None` if an id is given twice.
    ///
    /// Apart from the graph, so that opening a snapshot can build them on one core
    /// while it reads the edges on another.
    pub(crate) fn of(nodes: &[Node]) -> Option<NodeKeys> {
        let mut keys = NodeKeys::default();
        keys.reserve(nodes);
        for (position, node) in nodes.iter().enumerate() {
            if keys.id(&node.id).is_some() {
                return None;
            }
            keys.insert(node, NodeIndex::new(position));
        }
        Some(keys)
    }

    /// Room for the keys of `nodes`.
    pub(crate) fn reserve(&mut self, nodes: &[Node]) {
        self.ids.reserve(nodes.len());
        self.id_starts.reserve_exact(nodes.len());
        self.id_text
            .reserve_exact(nodes.iter().map(|n| n.id.len()).sum());
        self.names
            .reserve(nodes.iter().map(|n| 2 + n.aliases.len()).sum());
    }

    /// Indexes `node`, the next node of the graph (at `index`), by its id and its
    /// names.
    pub(crate) fn insert(&mut self, node: &Node, index: NodeIndex) {
        debug_assert_eq!(index.index(), self.id_starts.len(), "nodes come in order");
        self.id_starts.push(self.id_text.len());
        self.id_text.push_str(&node.id);
        self.ids.insert(Key::Id, &node.id, index);
        for name in node.names() {
            self.names.insert(Key::Name, name, index);
        }
    }

    /// The node whose id is `id`.
    pub(crate) fn id(&self, id: &str) -> Option<NodeIndex> {
        self.ids
            .get(Key::Id, id, |index| self.id_of(index) == Some(id))
    }

    fn id_of(&self, index: NodeIndex) -> Option<&str> {
        let start = *self.id_starts.get(index.index())?;
        let end = self
            .id_starts
            .get(index.index() + 1)
            .map_or(self.id_text.len(), |&next| next);
        self.id_text.get(start..end)
    }

    /// The node that has `name` as its id, name or an alias, ignoring case, spacing
    /// and punctuation; `node` gives a node by index, to confirm a hit.
    pub(crate) fn named<'g>(
        &self,
        name: &str,
        node: impl Fn(NodeIndex) -> &'g Node,
    ) -> Option<NodeIndex> {
        self.names.get(Key::Name, name, |index| {
            node(index)
                .names()
                .any(|spelling| normalized(spelling).eq(normalized(name)))
        })
    }

    /// Gives back the room its lists grew beyond what they hold.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.id_text.shrink_to_fit();
        self.id_starts.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;
    use crate::resolve::normalize;

    #[test]
    fn keys_are_found_by_id_exactly_and_by_name_loosely_first_node_first() {
        let nodes = [
            Node::new("UN-WOMEN", NodeKind::UnEntity, "UN Women"),
            Node::new("UNW", NodeKind::Office, "Un-Women"),
        ];
        let keys = NodeKeys::of(&nodes).unwrap();
        let node = |index: NodeIndex| &nodes[index.index()];
        assert_eq!(keys.id("UNW"), Some(NodeIndex::new(1)));
        assert_eq!(keys.id("UN-WOMEN"), Some(NodeIndex::new(0)));
        assert_eq!(keys.id("unw"), None);
        assert_eq!(keys.id("UN-WOME"), None);
        // "UN Women" and "Un-Women" normalize alike: the first node given keeps it.
        assert_eq!(keys.named("un women", node), Some(NodeIndex::new(0)));
        assert_eq!(keys.named("unw", node), Some(NodeIndex::new(1)));
        assert_eq!(keys.named("UN Wom", node), None);
        // Only the second node's "Un-Women" was set aside: "UN-WOMEN" and "UN Women"
        // are one key of one node.
        assert_eq!(keys.names.more.len(), 1);
    }

    #[test]
    fn an_id_given_twice_is_refused() {
        let nodes = [
            Node::new("A", NodeKind::Office, "Alpha"),
            Node::new("A", NodeKind::Office, "Another"),
        ];
        assert!(NodeKeys::of(&nodes).is_none());
    }

    #[test]
    fn a_name_hashes_alike_however_it_is_spelled() {
        let state = foldhash::fast::RandomState::default();
        let hash = |text: &str| Key::Name.hash(&state, text);
        // ASCII and not, past one buffer, and with a character that lowercases to two.
        let long = "Inter-Agency Coordination Group against Trafficking in Persons, again";
        assert_eq!(
            hash(long),
            hash(&format!("{}\u{2014}", long.to_uppercase()))
        );
        assert_eq!(hash("UN Women"), hash("un\u{2013}women"));
        // Whatever Unicode says of these, the hash agrees with `normalize`.
        let (a, b) = ("\u{130}stanbul", "\u{130}STANBUL");
        assert_eq!(normalize(a), normalize(b));
        assert_eq!(hash(a), hash(b));
        assert_ne!(hash("UN Women"), hash("UN Woman"));
    }

    #[test]
    fn a_hit_on_the_hash_alone_is_not_an_answer() {
        let nodes = [Node::new("A", NodeKind::Office, "Alpha")];
        let mut keys = NodeKeys::of(&nodes).unwrap();
        // Node A filed under the hash of "B" too: a collision, as far as the index can
        // tell.
        let hash = Key::Id.hash(&keys.ids.state, "B");
        keys.ids.first.insert(hash, NodeIndex::new(0));
        let hash = Key::Name.hash(&keys.names.state, "Beta");
        keys.names.first.insert(hash, NodeIndex::new(0));
        assert_eq!(keys.id("B"), None);
        assert_eq!(keys.named("Beta", |i| &nodes[i.index()]), None);
        assert_eq!(keys.id("A"), Some(NodeIndex::new(0)));
    }
}
