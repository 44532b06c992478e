//! The binary snapshot: a loaded graph saved beside its RON files, so that the next
//! command opens it without parsing and validating the text again.
//!
//! The RON files stay the source of truth. A snapshot is a cache of what they held: it
//! names the files it was built from (path, size, modification time, a hash of the
//! contents and when they were read) and is used only while every one of them is still
//! that: the same size and time, and the same contents unless the time was settled when
//! the file was read (see `FileKey::holds`); otherwise the files are parsed and the
//! snapshot written anew. It lives in a cache directory
//! beside the graph: `DIR/.agencygraph/snapshot` for a graph directory,
//! `.agencygraph/NAME.snapshot` beside a one-file graph `NAME`. The directory holds a
//! `.gitignore` of `*`, so git leaves it out. `AGENCYGRAPH_NO_SNAPSHOT=1` turns it off
//! (neither read nor written).
//!
//! The file: [`MAGIC`] and the header's length, then the header — the format version,
//! the crate version, the build id (a hash of the crate's source), the files' key, the
//! body's length and a checksum of it — then the body: sources, nodes and edges in the
//! graph's order, edges naming their ends by position ([`encode`]). The body is read a
//! piece at a time as the graph is built from it, so opening holds the graph and one
//! piece, not the file as well. A snapshot that is stale, truncated, from another
//! format, crate version or build, or whose body does not match its checksum is ignored
//! (and rewritten); one that cannot be written is left out. It is written whole beside
//! its place and renamed over it, so a reader sees the old one or the new one, never
//! half of one.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::pieces::{PIECE, Pieces, file_hash, hash};
use crate::graph::edges::{Arena, Details, EdgeRecord, EvidenceRecord, NONE};
use crate::graph::{Graph, NodeKeys};
use crate::model::{Amount, Bound, EdgeKind, Locator, Node, NodeKind, Source};

/// The first bytes of every snapshot.
const MAGIC: &[u8; 21] = b"agencygraph snapshot\n";
/// Changes whenever the body's layout does.
const FORMAT_VERSION: u32 = 3;
/// The environment variable that turns snapshots off.
pub(crate) const DISABLE: &str = "AGENCYGRAPH_NO_SNAPSHOT";

/// Whether snapshots are off: `AGENCYGRAPH_NO_SNAPSHOT` set to anything but empty or `0`.
pub(crate) fn disabled() -> bool {
    std::env::var_os(DISABLE).is_some_and(|value| !value.is_empty() && value != "0")
}

/// Where the snapshot of the graph at `root` (a directory or a `.ron` file) lives.
pub(crate) fn snapshot_path(root: &Path) -> PathBuf {
    if root.is_dir() {
        root.join(".agencygraph").join("snapshot")
    } else {
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        root.with_file_name(".agencygraph")
            .join(format!("{name}.snapshot"))
    }
}

/// One file a snapshot was built from, as it was then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileKey {
    path: String,
    size: u64,
    /// Nanoseconds since the Unix epoch (0 where the system gives no time).
    modified: u128,
    hash: u64,
    /// When reading the file began, as [`clock`] gives it.
    read_at: u128,
}

/// How long before a file was read it must have last changed for its size and time
/// alone to vouch for its contents: more than the coarsest file system's time step
/// (two seconds, FAT's).
const SETTLED: u128 = 2_000_000_000;

/// Now, in nanoseconds since the Unix epoch (0 where the system gives no time).
pub(crate) fn clock() -> u128 {
    std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos())
}

impl FileKey {
    /// The key of the file at `path` whose contents were read as `text`, the reading
    /// having begun at `read_at` ([`clock`]). The metadata is read after the text: a
    /// change between the two shows as a hash that does not match (its time is after
    /// `read_at`, so the hash is checked), and the snapshot is rebuilt next time.
    pub(crate) fn of(path: &Path, text: &str, read_at: u128) -> Option<FileKey> {
        FileKey::read(path, text.len() as u64, hash(text.as_bytes()), read_at)
    }

    /// The key of the file at `path` whose `size` bytes read hashed to `hash`
    /// ([`hash`]), as [`FileKey::of`] says.
    pub(crate) fn read(path: &Path, size: u64, hash: u64, read_at: u128) -> Option<FileKey> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(FileKey {
            path: path.to_str()?.to_string(),
            size,
            modified: modified_nanos(&metadata),
            hash,
            read_at,
        })
    }

    /// The hash of the contents.
    pub(crate) fn hash(&self) -> u64 {
        self.hash
    }

    /// Whether the file is still what it was: the same size and modification time,
    /// and, unless that time was settled when the file was read, the same contents,
    /// read and hashed.
    ///
    /// As git's index does, a file whose time is well before its reading began is
    /// taken to be unchanged while its size and time are: an edit sets the time to
    /// when it was made, which is later. Hashing a large graph's files on every
    /// command would cost more than the rest of opening its snapshot. A file changed
    /// within [`SETTLED`] of its reading (so an edit could have kept its time) is
    /// hashed each time; so is a file whose time was set back by hand to what it was.
    fn holds(&self) -> bool {
        let Ok(metadata) = std::fs::metadata(&self.path) else {
            return false;
        };
        let settled = self.modified != 0 && self.modified + SETTLED < self.read_at;
        metadata.len() == self.size
            && modified_nanos(&metadata) == self.modified
            && (settled || file_hash(Path::new(&self.path)).is_ok_and(|hash| hash == self.hash))
    }
}

fn modified_nanos(metadata: &std::fs::Metadata) -> u128 {
    metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos())
}

/// Bytes being written: numbers little-endian, counts and lengths as LEB128 varints,
/// strings as a length and UTF-8.
#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, value: u8) {
        self.0.push(value);
    }

    fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.0.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.0.push(value as u8);
    }

    fn count(&mut self, count: usize) {
        self.varint(count as u64);
    }

    fn str(&mut self, text: &str) {
        self.count(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn i32(&mut self, value: i32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn u32(&mut self, value: u32) {
        self.varint(u64::from(value));
    }

    /// A `u32` in four bytes, as fixed-size records hold it.
    fn fixed_u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    /// An option as a presence byte, then the value.
    fn option<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Writer, T)) {
        self.u8(u8::from(value.is_some()));
        if let Some(value) = value {
            write(self, value);
        }
    }

    fn opt_str(&mut self, text: &Option<String>) {
        self.option(text.as_deref(), Writer::str);
    }

    fn opt_i32(&mut self, value: Option<i32>) {
        self.option(value, Writer::i32);
    }
}

/// Where a [`Reader`]'s bytes come from: a slice (the header), or the file a piece at
/// a time (the body, [`Pieces`]).
trait Bytes {
    /// The next `n` bytes, or `None` if fewer are left.
    fn take(&mut self, n: usize) -> Option<&[u8]>;
    /// How many bytes are left.
    fn left(&self) -> usize;
}

impl Bytes for &[u8] {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if n > self.len() {
            return None;
        }
        let (taken, rest) = self.split_at(n);
        *self = rest;
        Some(taken)
    }

    fn left(&self) -> usize {
        self.len()
    }
}

/// A snapshot's body read from its file a piece at a time, so a large body is never
/// held whole: the graph it becomes is.
impl Bytes for Pieces<std::fs::File> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        // A damaged count may ask for more than there is: refused before reading.
        if n as u64 > Pieces::left(self) {
            return None;
        }
        Pieces::take(self, n).ok()?
    }

    fn left(&self) -> usize {
        usize::try_from(Pieces::left(self)).unwrap_or(usize::MAX)
    }
}

/// Bytes being read back; `None` from any method means the bytes are not a snapshot
/// this build wrote (truncated or damaged), and the snapshot is ignored.
struct Reader<B>(B);

impl<B: Bytes> Reader<B> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        self.0.take(n)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A count of items that each take at least one byte: never more than the bytes
    /// left, so a damaged count cannot make a huge allocation.
    fn count(&mut self) -> Option<usize> {
        usize::try_from(self.varint()?)
            .ok()
            .filter(|&count| count <= self.0.left())
    }

    fn str(&mut self) -> Option<String> {
        let length = self.count()?;
        let bytes = self.take(length)?;
        std::str::from_utf8(bytes).ok().map(str::to_string)
    }

    /// A long string (the quotes), copied over a piece at a time.
    fn long_str(&mut self) -> Option<String> {
        let length = self.count()?;
        let mut bytes = Vec::with_capacity(length);
        while bytes.len() < length {
            let step = PIECE.min(length - bytes.len());
            bytes.extend_from_slice(self.take(step)?);
        }
        String::from_utf8(bytes).ok()
    }

    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.varint()?).ok()
    }

    /// A count of records of `size` bytes each, which must fit in what is left.
    fn record_count(&mut self, size: usize) -> Option<usize> {
        let count = self.count()?;
        (count.checked_mul(size)? <= self.0.left()).then_some(count)
    }

    /// `count` records of `size` bytes each, given to `each` in order.
    fn records(
        &mut self,
        count: usize,
        size: usize,
        mut each: impl FnMut(&[u8]) -> Option<()>,
    ) -> Option<()> {
        let batch = (PIECE / size).max(1);
        let mut done = 0;
        while done < count {
            let step = batch.min(count - done);
            for record in self.take(step * size)?.chunks_exact(size) {
                each(record)?;
            }
            done += step;
        }
        Some(())
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }

    fn opt_str(&mut self) -> Option<Option<String>> {
        self.option(Reader::str)
    }

    fn opt_i32(&mut self) -> Option<Option<i32>> {
        self.option(Reader::i32)
    }

    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let count = self.count()?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(read(self)?);
        }
        Some(items)
    }
}

/// The kind numbered `number`: its place in its enum's declaration, which is also its
/// place in the enum's `ALL` (kinds are written as `kind as u8`).
fn kind_at<T: Copy>(all: &[T], number: u8) -> Option<T> {
    all.get(usize::from(number)).copied()
}

/// The body: the graph's sources and nodes, then its edges as the graph holds them
/// (`graph::edges`): the qualifiers of the edges that have any, the locators, the
/// quotes as one string, the evidence and the edges as fixed-size records, each list in
/// the edges' order so that every place in it is a running count rather than written.
/// A field added to the model does not build until [`decode`], which names every field,
/// reads it, and so until it is written here too (the round-trip test checks the two
/// agree).
fn encode(graph: &Graph) -> Vec<u8> {
    let mut out = Writer::default();
    let sources = graph.sources();
    out.count(sources.len());
    for source in sources {
        out.str(&source.id);
        out.str(&source.title);
        out.opt_str(&source.publisher);
        out.opt_i32(source.year);
        out.opt_str(&source.locator);
        out.opt_str(&source.file);
        out.opt_str(&source.notes);
    }
    out.count(graph.node_count());
    for node in graph.nodes() {
        out.str(&node.id);
        out.u8(node.kind as u8);
        out.str(&node.name);
        out.count(node.aliases.len());
        for alias in &node.aliases {
            out.str(alias);
        }
        out.opt_str(&node.description);
        out.opt_i32(node.established);
        out.opt_str(&node.url);
        out.opt_str(&node.notes);
    }
    let arena = graph.arena();
    let (mut details, mut locators, mut quotes) =
        (Writer::default(), Writer::default(), Vec::new());
    let (mut evidence, mut edges) = (Writer::default(), Writer::default());
    let (mut detail_count, mut locator_count, mut evidence_count) = (0, 0, 0);
    for (from, to, record) in graph.records() {
        let qualifiers = arena.details(record);
        if let Some(qualifiers) = qualifiers {
            write_details(&mut details, qualifiers);
            detail_count += 1;
        }
        let pieces = arena.evidence(record);
        for place in pieces.clone() {
            let piece = &arena.evidence[place];
            let at = arena.locators.get(piece.at as usize);
            if let Some(at) = at {
                for number in [at.line, at.column, at.end_line, at.end_column] {
                    locators.fixed_u32(number);
                }
                locator_count += 1;
            }
            let quote = arena.quote(place);
            quotes.extend_from_slice(quote.as_bytes());
            evidence.fixed_u32(position(quote.len()));
            evidence.fixed_u32(piece.source);
            evidence.u8(u8::from(at.is_some()));
        }
        evidence_count += pieces.len();
        edges.fixed_u32(position(from));
        edges.fixed_u32(position(to));
        edges.u8(record.kind as u8);
        edges.u8(u8::from(record.inferred) | u8::from(qualifiers.is_some()) << 1);
        edges.fixed_u32(position(pieces.len()));
    }
    out.count(detail_count);
    out.0.extend_from_slice(&details.0);
    out.count(locator_count);
    out.0.extend_from_slice(&locators.0);
    out.count(quotes.len());
    out.0.extend_from_slice(&quotes);
    out.count(evidence_count);
    out.0.extend_from_slice(&evidence.0);
    out.count(graph.edge_count());
    out.0.extend_from_slice(&edges.0);
    out.0
}

/// A count or position as the fixed records write it; the graph's own are `u32`.
fn position(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(NONE)
}

fn write_details(out: &mut Writer, details: &Details) {
    let Details {
        role,
        since,
        until,
        year,
        date,
        amount,
        via,
        notes,
    } = details;
    out.opt_str(role);
    out.opt_i32(*since);
    out.opt_i32(*until);
    out.opt_i32(*year);
    out.opt_str(date);
    out.option(amount.as_ref(), |out, amount| {
        let Amount {
            value,
            currency,
            bound,
        } = amount;
        out.u64(*value);
        out.str(currency);
        out.u8(*bound as u8);
    });
    out.opt_str(via);
    out.opt_str(notes);
}

fn read_details(input: &mut Reader<impl Bytes>) -> Option<Details> {
    Some(Details {
        role: input.opt_str()?,
        since: input.opt_i32()?,
        until: input.opt_i32()?,
        year: input.opt_i32()?,
        date: input.opt_str()?,
        amount: input.option(|input| {
            Some(Amount {
                value: input.u64()?,
                currency: input.str()?,
                bound: kind_at(&Bound::ALL, input.u8()?)?,
            })
        })?,
        via: input.opt_str()?,
        notes: input.opt_str()?,
    })
}

/// Bytes of one evidence record and of one edge record in the body.
const EVIDENCE_BYTES: usize = 9;
const EDGE_BYTES: usize = 14;

/// The graph a body holds, or `None` if it is not a whole, well-formed body: every
/// place a record gives (an end, a source, a piece of evidence, its quote, a locator,
/// qualifiers) is checked to be in its list, and every list to be used up. (Whether
/// the body is all read, and matches its checksum, is the caller's to check.)
fn decode(input: &mut Reader<impl Bytes>) -> Option<Graph> {
    let sources = input.list(|input| {
        Some(Source {
            id: input.str()?,
            title: input.str()?,
            publisher: input.opt_str()?,
            year: input.opt_i32()?,
            locator: input.opt_str()?,
            file: input.opt_str()?,
            notes: input.opt_str()?,
        })
    })?;
    let nodes = input.list(|input| {
        Some(Node {
            id: input.str()?,
            kind: kind_at(NodeKind::ALL, input.u8()?)?,
            name: input.str()?,
            aliases: input.list(Reader::str)?,
            description: input.opt_str()?,
            established: input.opt_i32()?,
            url: input.opt_str()?,
            notes: input.opt_str()?,
        })
    })?;
    let (source_count, node_count) = (sources.len(), nodes.len());
    // The nodes' keys are hashed on another core while this one reads the edges'
    // evidence, when there are enough of them to pay for a thread.
    let (keys, arena) = if node_count < PARALLEL_KEYS {
        (NodeKeys::of(&nodes), decode_arena(input, source_count))
    } else {
        std::thread::scope(|scope| {
            let keys = scope.spawn(|| NodeKeys::of(&nodes));
            let arena = decode_arena(input, source_count);
            // Hashing cannot panic but on a bug: pass that on as such.
            let keys = keys
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (keys, arena)
        })
    };
    let (keys, arena) = (keys?, arena?);
    let (evidence_count, detail_count) = (arena.evidence.len(), arena.details.len());
    // Each edge goes straight into the graph: a list of them first would hold every
    // edge twice at the peak.
    let edge_count = input.record_count(EDGE_BYTES)?;
    let mut graph = Graph::from_checked(sources, nodes, keys, arena, edge_count)?;
    let (mut first_evidence, mut details) = (0u32, 0u32);
    input.records(edge_count, EDGE_BYTES, |bytes| {
        let (from, to) = (fixed_u32(bytes) as usize, fixed_u32(&bytes[4..]) as usize);
        let kind = kind_at(EdgeKind::ALL, bytes[8])?;
        let flags = bytes[9];
        let end_evidence = first_evidence.checked_add(fixed_u32(&bytes[10..]))?;
        let record = EdgeRecord {
            first_evidence,
            end_evidence,
            details: if flags & 2 == 0 { NONE } else { details },
            kind,
            inferred: flags & 1 == 1,
        };
        details += u32::from(flags & 2 == 2);
        if flags > 3
            || end_evidence as usize > evidence_count
            || from >= node_count
            || to >= node_count
        {
            return None;
        }
        graph.add_checked_edge(from, to, record)?;
        first_evidence = end_evidence;
        Some(())
    })?;
    let whole = first_evidence as usize == evidence_count && details as usize == detail_count;
    whole.then_some(graph)
}

/// Below this many nodes, a snapshot's keys are hashed on the thread that reads it.
const PARALLEL_KEYS: usize = 10_000;

/// The edges' arena: their qualifiers, locators, quotes and evidence, each checked
/// against the lists before it and against the `sources` sources.
fn decode_arena(input: &mut Reader<impl Bytes>, source_count: usize) -> Option<Arena> {
    let details = input.list(read_details)?;
    let mut locators = Vec::with_capacity(input.record_count(16)?);
    input.records(locators.capacity(), 16, |bytes| {
        let number = |i: usize| fixed_u32(&bytes[i * 4..]);
        locators.push(Locator::new(number(0), number(1), number(2), number(3)));
        Some(())
    })?;
    let quotes = input.long_str()?;
    let (mut quote_start, mut located) = (0, 0);
    let mut evidence = Vec::with_capacity(input.record_count(EVIDENCE_BYTES)?);
    input.records(evidence.capacity(), EVIDENCE_BYTES, |bytes| {
        let (quote_len, source) = (fixed_u32(bytes), fixed_u32(&bytes[4..]));
        let quote_end = quote_start + quote_len as usize;
        let at = match bytes[8] {
            0 => NONE,
            1 => {
                located += 1;
                located - 1
            }
            _ => return None,
        };
        if !quotes.is_char_boundary(quote_end) || source as usize >= source_count {
            return None;
        }
        evidence.push(EvidenceRecord {
            quote_start,
            source,
            at,
        });
        quote_start = quote_end;
        Some(())
    })?;
    let whole = quote_start == quotes.len()
        && located as usize == locators.len()
        && evidence.len() < NONE as usize;
    if !whole {
        return None;
    }
    Some(Arena {
        details,
        evidence,
        quotes,
        locators,
    })
}

/// A little-endian `u32` from the first four of `bytes`, which has them.
fn fixed_u32(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// A whole snapshot: [`MAGIC`], the header's length (eight bytes) and the header, with
/// the key of the files it was built from and the body's length and checksum, then the
/// body.
fn snapshot_bytes(keys: &[FileKey], graph: &Graph) -> Vec<u8> {
    let body = encode(graph);
    let mut header = Writer::default();
    header.u32(FORMAT_VERSION);
    header.str(env!("CARGO_PKG_VERSION"));
    header.str(env!("AGENCYGRAPH_BUILD_ID"));
    header.count(keys.len());
    for key in keys {
        header.str(&key.path);
        header.u64(key.size);
        header.0.extend_from_slice(&key.modified.to_le_bytes());
        header.u64(key.hash);
        header.0.extend_from_slice(&key.read_at.to_le_bytes());
    }
    header.count(body.len());
    header.u64(hash(&body));
    let mut out = Writer(Vec::with_capacity(
        MAGIC.len() + 8 + header.0.len() + body.len(),
    ));
    out.0.extend_from_slice(MAGIC);
    out.u64(header.0.len() as u64);
    out.0.extend_from_slice(&header.0);
    out.0.extend_from_slice(&body);
    out.0
}

/// The body's length and checksum from a snapshot's header, if it was written by this
/// format, crate version and build (a hash of the crate's source, set by `build.rs`: a
/// changed rule with the same version must not trust a graph an older build checked),
/// from exactly the files `paths` (in this order), each still as it was.
fn body_of(header: &[u8], paths: &[PathBuf]) -> Option<(usize, u64)> {
    let mut input = Reader(header);
    if input.u32()? != FORMAT_VERSION
        || input.str()? != env!("CARGO_PKG_VERSION")
        || input.str()? != env!("AGENCYGRAPH_BUILD_ID")
    {
        return None;
    }
    // The header is not checked by the body's checksum, so its file count is not
    // trusted to size anything: it must be the number of files found, and each key
    // must name the file found in its place, compared as it is read.
    if input.varint()? != paths.len() as u64 {
        return None;
    }
    let mut keys = Vec::with_capacity(paths.len());
    for path in paths {
        let key = FileKey {
            path: input.str()?,
            size: input.u64()?,
            modified: u128::from_le_bytes(input.take(16)?.try_into().ok()?),
            hash: input.u64()?,
            read_at: u128::from_le_bytes(input.take(16)?.try_into().ok()?),
        };
        if path.to_str() != Some(key.path.as_str()) {
            return None;
        }
        keys.push(key);
    }
    let length = usize::try_from(input.varint()?).ok()?;
    let checksum = input.u64()?;
    (input.0.is_empty() && keys.iter().all(FileKey::holds)).then_some((length, checksum))
}

/// The graph of the snapshot of `root`, if there is one, good for the `.ron` files
/// `paths` as they are now (see [`body_of`]), whole and matching its checksum. The body
/// is read a piece at a time as the graph is built, and the checksum compared at its
/// end: a damaged body is refused either as it is read (every place in it is checked)
/// or then.
pub(crate) fn read(root: &Path, paths: &[PathBuf]) -> Option<Graph> {
    let mut file = std::fs::File::open(snapshot_path(root)).ok()?;
    let mut start = [0; MAGIC.len() + 8];
    file.read_exact(&mut start).ok()?;
    if start[..MAGIC.len()] != MAGIC[..] {
        return None;
    }
    let header_length = u64::from_le_bytes(start[MAGIC.len()..].try_into().ok()?);
    // The header's length is not trusted to size anything either: it must fit in the
    // file.
    if header_length > file.metadata().ok()?.len() {
        return None;
    }
    let mut header = vec![0; usize::try_from(header_length).ok()?];
    file.read_exact(&mut header).ok()?;
    let (length, checksum) = body_of(&header, paths)?;
    let mut input = Reader(Pieces::new(file, length as u64));
    let graph = decode(&mut input)?;
    if Pieces::left(&input.0) != 0 {
        return None;
    }
    let (mut file, read, hash) = input.0.finish();
    // Nothing may follow the body.
    let ended = matches!(file.read(&mut [0]), Ok(0));
    (ended && read == length as u64 && hash == checksum).then_some(graph)
}

/// Writes the snapshot of `graph`, loaded from the files `keys` name, for the graph at
/// `root`: whole, beside its place, then renamed over it. Best effort: a snapshot is
/// only a cache, so a directory that cannot be written, or a writer holding the lock
/// (changing the files), means no snapshot this time. Even one written from files a
/// writer changed meanwhile is harmless: its key names what was read, so it is stale.
pub(crate) fn write(root: &Path, keys: &[FileKey], graph: &Graph) {
    if super::lock::held(root) {
        return;
    }
    let path = snapshot_path(root);
    let Some(dir) = path.parent() else {
        return;
    };
    let bytes = snapshot_bytes(keys, graph);
    let staged = dir.join(format!(".snapshot-{}.partial", std::process::id()));
    // A plain write, not synced: a read-only command should not wait on an fsync of a
    // possibly large cache. A snapshot torn by a crash is refused by its length and
    // checksum and rebuilt; the rename still keeps readers from seeing half of one.
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| {
            let ignore = dir.join(".gitignore");
            if ignore.exists() {
                Ok(())
            } else {
                std::fs::write(
                    ignore,
                    "# agencygraph's snapshot cache, rebuilt from the .ron files\n*\n",
                )
            }
        })
        .and_then(|()| std::fs::write(&staged, &bytes))
        .and_then(|()| std::fs::rename(&staged, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&staged);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;
    use crate::model::{Edge, Evidence};

    /// A data set with every optional field of every item set, and some left out.
    fn full() -> Dataset {
        let mut source = Source::new("memo", "A memo");
        source.publisher = Some("UN".into());
        source.year = Some(2020);
        source.locator = Some("p. 4".into());
        source.file = Some("sources/memo.txt".into());
        source.notes = Some("notes".into());
        let mut node = Node::new(
            "ICAT",
            NodeKind::Mechanism,
            "Inter-Agency Coordination Group",
        )
        .alias("I.C.A.T.")
        .alias("Coordination group");
        node.description = Some("Coordinates.".into());
        node.established = Some(-7);
        node.url = Some("https://icat.un.org".into());
        node.notes = Some("é ✓".into());
        let mut edge = Edge::new("UNODC", EdgeKind::Funds, "ICAT");
        edge.role = Some("donor".into());
        edge.since = Some(2007);
        edge.until = Some(2024);
        edge.year = Some(2019);
        edge.date = Some("2019-05".into());
        edge.amount = Some(Amount {
            value: u64::MAX,
            currency: "USD".into(),
            bound: Bound::About,
        });
        edge.via = Some("OTHER".into());
        edge.inferred = true;
        edge.notes = Some("n".into());
        let mut evidence = Evidence::new("memo", "UNODC funds ICAT.");
        evidence.at = Some(Locator::new(1, 2, 300, 4));
        edge.evidence = vec![evidence, Evidence::new("second", "Again.")];
        Dataset {
            sources: vec![source, Source::new("second", "Another")],
            nodes: vec![
                node,
                Node::new("UNODC", NodeKind::UnEntity, "UNODC"),
                Node::new("OTHER", NodeKind::Fund, "Other"),
            ],
            edges: vec![
                edge,
                Edge::new("OTHER", EdgeKind::PartnersWith, "UNODC").evidence("second", "q"),
            ],
        }
    }

    /// The graph of a whole body in memory.
    fn decode_all(body: &[u8]) -> Option<Graph> {
        let mut input = Reader(body);
        let graph = decode(&mut input)?;
        input.0.is_empty().then_some(graph)
    }

    #[test]
    fn kinds_are_numbered_by_their_place_in_all() {
        for (i, kind) in NodeKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i);
        }
        for (i, kind) in EdgeKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i);
        }
        for (i, bound) in Bound::ALL.iter().enumerate() {
            assert_eq!(*bound as usize, i);
        }
    }

    #[test]
    fn a_body_gives_back_the_graph_it_was_made_of() {
        for dataset in [full(), Graph::bundled().to_dataset(), Dataset::default()] {
            let graph = Graph::from_dataset(dataset.clone()).unwrap();
            let back = decode_all(&encode(&graph)).unwrap();
            assert_eq!(back.to_dataset(), dataset);
            assert_eq!(back.edge_count(), graph.edge_count());
        }
    }

    #[test]
    fn every_cut_of_a_body_is_refused_not_a_panic() {
        let body = encode(&Graph::from_dataset(full()).unwrap());
        for length in 0..body.len() {
            assert!(decode_all(&body[..length]).is_none(), "cut at {length}");
        }
    }
}
