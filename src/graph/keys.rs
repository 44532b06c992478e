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

    /// Whether `node` answers to `text` read as this key.
    fn matches(self, node: &Node, text: &str) -> bool {
        match self {
            Key::Id => node.id == text,
            Key::Name => node
                .names()
                .any(|name| normalized(name).eq(normalized(text))),
        }
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

    /// The first node indexed under `text` read as `key`; `node` gives a node by index,
    /// to confirm it.
    pub(crate) fn get<'g>(
        &self,
        key: Key,
        text: &str,
        node: impl Fn(NodeIndex) -> &'g Node,
    ) -> Option<NodeIndex> {
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
            .find(|&index| key.matches(node(index), text))
    }
}

/// A graph's two key indexes: ids, and names as [`crate::Graph::resolve`] reads them.
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeKeys {
    pub(crate) ids: KeyIndex,
    pub(crate) names: KeyIndex,
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
            let node_at = |index: NodeIndex| &nodes[index.index()];
            if keys.ids.get(Key::Id, &node.id, node_at).is_some() {
                return None;
            }
            keys.insert(node, NodeIndex::new(position));
        }
        Some(keys)
    }

    /// Room for the keys of `nodes`.
    pub(crate) fn reserve(&mut self, nodes: &[Node]) {
        self.ids.reserve(nodes.len());
        self.names
            .reserve(nodes.iter().map(|n| 2 + n.aliases.len()).sum());
    }

    /// Indexes `node`, at `index`, by its id and its names.
    pub(crate) fn insert(&mut self, node: &Node, index: NodeIndex) {
        self.ids.insert(Key::Id, &node.id, index);
        for name in node.names() {
            self.names.insert(Key::Name, name, index);
        }
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
        let mut index = KeyIndex::default();
        for (i, node) in nodes.iter().enumerate() {
            index.insert(Key::Id, &node.id, NodeIndex::new(i));
            for name in node.names() {
                index.insert(Key::Name, name, NodeIndex::new(i));
            }
        }
        let node = |index: NodeIndex| &nodes[index.index()];
        assert_eq!(index.get(Key::Id, "UNW", node), Some(NodeIndex::new(1)));
        assert_eq!(index.get(Key::Id, "unw", node), None);
        // "UN Women" and "Un-Women" normalize alike: the first node given keeps it.
        assert_eq!(
            index.get(Key::Name, "un women", node),
            Some(NodeIndex::new(0))
        );
        assert_eq!(index.get(Key::Name, "unw", node), Some(NodeIndex::new(1)));
        assert_eq!(index.get(Key::Name, "UN Wom", node), None);
        // Only the second node's "Un-Women" was set aside: "UN-WOMEN" and "UN Women"
        // are one key of one node.
        assert_eq!(index.more.len(), 1);
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
        let mut index = KeyIndex::default();
        // Filed under the hash of "B": a collision, as far as the index can tell.
        let hash = Key::Id.hash(&index.state, "B");
        index.first.insert(hash, NodeIndex::new(0));
        assert_eq!(index.get(Key::Id, "B", |i| &nodes[i.index()]), None);
    }
}
