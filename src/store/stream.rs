//! Loading a graph straight from its files, a byte at a time into a [`Builder`], for
//! RON in the plain form this program writes ([`to_canonical_ron`]).
//!
//! ron and serde parse a whole file into a [`Dataset`](crate::Dataset) first: the text, the parsed
//! lists and the graph are all held at once, and ron's general parser takes most of the
//! time. This reader takes the subset the canonical form uses (structs without names,
//! lists, strings with ron's escapes, integers, identifiers, trailing commas, no
//! comments) and gives each item to the builder as soon as it is read, so a load holds
//! a piece of the file and the graph. At the first thing it does not expect, or the
//! first broken rule, it gives up (`None`) and the caller loads the usual way, which
//! reads any RON and places every problem in its file. So what it accepts, it reads as
//! ron and serde would (the tests compare the two on the bundled files and on edited
//! ones), and what it refuses costs one wasted start.
//!
//! Every file is hashed as it is read, as [`FileKey`] hashes it, for the snapshot. A
//! graph of several files is read twice: first the sources and nodes of every file,
//! then the edges, which may name nodes of any file; a file that changed between the
//! two readings (its hash differs) is refused.
//!
//! [`to_canonical_ron`]: super::to_canonical_ron

use std::fs::File;
use std::path::PathBuf;

use super::pieces::Pieces;
use super::snapshot::FileKey;
use crate::graph::{Builder, Graph};
use crate::model::{Amount, Bound, Edge, EdgeKind, Evidence, Locator, Node, NodeKind, Source};

/// The graph of the `.ron` files `paths`, with the snapshot's key of each, their
/// reading having begun at `read_at`; `None` if a file is not in the plain form, does
/// not read, or breaks a rule.
pub(crate) fn load(paths: &[PathBuf], read_at: u128) -> Option<(Graph, Vec<FileKey>)> {
    let mut builder = Builder::new();
    let mut keys = Vec::with_capacity(paths.len());
    let parts = if paths.len() == 1 {
        &[Part::Sources, Part::Nodes, Part::Edges][..]
    } else {
        &[Part::Sources, Part::Nodes][..]
    };
    for path in paths {
        keys.push(read_file(path, parts, &mut builder, read_at)?);
    }
    if paths.len() > 1 {
        for (path, key) in paths.iter().zip(&keys) {
            let again = read_file(path, &[Part::Edges], &mut builder, read_at)?;
            if again.hash() != key.hash() {
                return None;
            }
        }
    }
    Some((builder.finish()?, keys))
}

/// The three lists a file may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sources,
    Nodes,
    Edges,
}

/// Reads the file at `path`, giving the items of `parts` to `builder` and passing over
/// the others; its key, or `None` as [`load`] says.
fn read_file(
    path: &PathBuf,
    parts: &[Part],
    builder: &mut Builder,
    read_at: u128,
) -> Option<FileKey> {
    let mut input = Input::open(path)?;
    input.expect(b'(')?;
    let mut seen = Vec::with_capacity(3);
    while !input.close(b')')? {
        let part = match input.ident()? {
            "sources" => Part::Sources,
            "nodes" => Part::Nodes,
            "edges" => Part::Edges,
            _ => return None,
        };
        if seen.contains(&part) {
            return None;
        }
        seen.push(part);
        input.expect(b':')?;
        input.expect(b'[')?;
        while !input.close(b']')? {
            let clean = match part {
                _ if !parts.contains(&part) => input.skip().is_some(),
                Part::Sources => builder.source(source(&mut input)?),
                Part::Nodes => builder.node(node(&mut input)?),
                Part::Edges => builder.edge(edge(&mut input)?),
            };
            if !clean {
                return None;
            }
            input.separator(b']')?;
        }
        input.separator(b')')?;
    }
    let (size, hash) = input.finish()?;
    FileKey::read(path, size, hash, read_at)
}

/// Sets an item's field, once.
fn set<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value?);
    Some(())
}

fn source(input: &mut Input) -> Option<Source> {
    let (mut id, mut title, mut publisher, mut year) = (None, None, None, None);
    let (mut locator, mut file, mut notes) = (None, None, None);
    input.fields(|key, input| match key {
        "id" => set(&mut id, input.string()),
        "title" => set(&mut title, input.string()),
        "publisher" => set(&mut publisher, input.string()),
        "year" => set(&mut year, input.integer()),
        "locator" => set(&mut locator, input.string()),
        "file" => set(&mut file, input.string()),
        "notes" => set(&mut notes, input.string()),
        _ => None,
    })?;
    Some(Source {
        id: id?,
        title: title?,
        publisher,
        year,
        locator,
        file,
        notes,
    })
}

fn node(input: &mut Input) -> Option<Node> {
    let (mut id, mut kind, mut name, mut aliases) = (None, None, None, None);
    let (mut description, mut established, mut url, mut notes) = (None, None, None, None);
    input.fields(|key, input| match key {
        "id" => set(&mut id, input.string()),
        "kind" => set(&mut kind, input.variant(NodeKind::ALL, |k| k.variant())),
        "name" => set(&mut name, input.string()),
        "aliases" => set(&mut aliases, input.list(Input::string)),
        "description" => set(&mut description, input.string()),
        "established" => set(&mut established, input.integer()),
        "url" => set(&mut url, input.string()),
        "notes" => set(&mut notes, input.string()),
        _ => None,
    })?;
    Some(Node {
        id: id?,
        kind: kind?,
        name: name?,
        aliases: aliases.unwrap_or_default(),
        description,
        established,
        url,
        notes,
    })
}

fn edge(input: &mut Input) -> Option<Edge> {
    let (mut from, mut kind, mut to, mut role) = (None, None, None, None);
    let (mut since, mut until, mut year, mut date) = (None, None, None, None);
    let (mut amount, mut via, mut inferred, mut notes, mut evidence) =
        (None, None, None, None, None);
    input.fields(|key, input| match key {
        "from" => set(&mut from, input.string()),
        "kind" => set(&mut kind, input.variant(EdgeKind::ALL, |k| k.variant())),
        "to" => set(&mut to, input.string()),
        "role" => set(&mut role, input.string()),
        "since" => set(&mut since, input.integer()),
        "until" => set(&mut until, input.integer()),
        "year" => set(&mut year, input.integer()),
        "date" => set(&mut date, input.string()),
        "amount" => set(&mut amount, self::amount(input)),
        "via" => set(&mut via, input.string()),
        "inferred" => set(&mut inferred, input.boolean()),
        "notes" => set(&mut notes, input.string()),
        "evidence" => set(&mut evidence, input.list(self::evidence)),
        _ => None,
    })?;
    Some(Edge {
        from: from?,
        kind: kind?,
        to: to?,
        role,
        since,
        until,
        year,
        date,
        amount,
        via,
        inferred: inferred.unwrap_or(false),
        notes,
        evidence: evidence?,
    })
}

/// A bound's name in RON.
fn bound_variant(bound: Bound) -> &'static str {
    match bound {
        Bound::Exact => "Exact",
        Bound::Over => "Over",
        Bound::Under => "Under",
        Bound::About => "About",
    }
}

fn amount(input: &mut Input) -> Option<Amount> {
    let (mut value, mut currency, mut bound) = (None, None, None);
    input.fields(|key, input| match key {
        "value" => set(&mut value, input.integer()),
        "currency" => set(&mut currency, input.string()),
        "bound" => set(&mut bound, input.variant(&Bound::ALL, bound_variant)),
        _ => None,
    })?;
    Some(Amount {
        value: value?,
        currency: currency?,
        bound: bound.unwrap_or_default(),
    })
}

fn evidence(input: &mut Input) -> Option<Evidence> {
    let (mut source, mut quote, mut at) = (None, None, None);
    input.fields(|key, input| match key {
        "source" => set(&mut source, input.string()),
        "quote" => set(&mut quote, input.string()),
        "at" => set(
            &mut at,
            input.string().and_then(|at| at.parse::<Locator>().ok()),
        ),
        _ => None,
    })?;
    Some(Evidence {
        source: source?,
        quote: quote?,
        at,
    })
}

/// A file being read a piece at a time, each piece hashed as [`FileKey`] hashes files.
struct Input {
    pieces: Pieces<File>,
    /// The last identifier read: identifiers are short, and this spares an allocation
    /// for each field name.
    word: String,
}

impl Input {
    fn open(path: &PathBuf) -> Option<Input> {
        Some(Input {
            pieces: Pieces::new(File::open(path).ok()?, u64::MAX),
            word: String::new(),
        })
    }

    /// The next byte, reading the next piece when this one is used up; `None` at the end
    /// of the file (or on a read error, which the usual load then reports).
    fn peek(&mut self) -> Option<u8> {
        if self.pieces.rest().is_empty() && !self.pieces.fill(1).ok()? {
            return None;
        }
        self.pieces.rest().first().copied()
    }

    /// Moves past `n` bytes of those read.
    fn advance(&mut self, n: usize) {
        self.pieces.consume(n);
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.advance(1);
        Some(byte)
    }

    fn skip_whitespace(&mut self) -> Option<()> {
        loop {
            // A run at a time within the piece; the next piece only if the run ends it.
            let rest = self.pieces.rest();
            let blank = rest
                .iter()
                .position(|b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r'));
            let Some(blank) = blank else {
                self.advance(rest.len());
                self.peek()?;
                continue;
            };
            self.advance(blank);
            return Some(());
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace()?;
        (self.next()? == byte).then_some(())
    }

    /// Whether the next thing is `close` (and so read).
    fn close(&mut self, close: u8) -> Option<bool> {
        self.skip_whitespace()?;
        let closed = self.peek()? == close;
        self.advance(usize::from(closed));
        Some(closed)
    }

    /// After an item: a comma, or the `close` that ends the list (left to be read).
    fn separator(&mut self, close: u8) -> Option<()> {
        self.skip_whitespace()?;
        match self.peek()? {
            b',' => self.advance(1),
            byte if byte == close => {}
            _ => return None,
        }
        Some(())
    }

    fn ident(&mut self) -> Option<&str> {
        self.skip_whitespace()?;
        self.word.clear();
        while let Some(byte) = self
            .peek()
            .filter(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            self.word.push(char::from(byte));
            self.advance(1);
        }
        let starts_well = self
            .word
            .bytes()
            .next()
            .is_some_and(|b| !b.is_ascii_digit());
        starts_well.then_some(self.word.as_str())
    }

    /// A struct without a name: `(key: value, ...)`, each value read by `field`.
    fn fields(&mut self, mut field: impl FnMut(&str, &mut Input) -> Option<()>) -> Option<()> {
        self.expect(b'(')?;
        while !self.close(b')')? {
            // Field names are short words: held on the stack, not in a new string.
            let mut key = [0; 16];
            let word = self.ident()?.as_bytes();
            key.get_mut(..word.len())?.copy_from_slice(word);
            let key = std::str::from_utf8(&key[..word.len()]).ok()?;
            self.expect(b':')?;
            field(key, self)?;
            self.separator(b')')?;
        }
        Some(())
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Input) -> Option<T>) -> Option<Vec<T>> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        while !self.close(b']')? {
            items.push(item(self)?);
            self.separator(b']')?;
        }
        // As `model::exact_list` leaves what ron reads.
        items.shrink_to_fit();
        Some(items)
    }

    fn variant<T: Copy>(&mut self, all: &[T], name: impl Fn(T) -> &'static str) -> Option<T> {
        let word = self.ident()?;
        all.iter().copied().find(|&item| {
            let name = name(item);
            // The lengths first: most names differ in length, and that costs no call.
            name.len() == word.len() && name == word
        })
    }

    fn boolean(&mut self) -> Option<bool> {
        match self.ident()? {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// A decimal integer, optionally negative; anything else ron reads as a number
    /// (`+`, hexadecimal, `_`, a fraction) is refused.
    fn integer<T: std::str::FromStr>(&mut self) -> Option<T> {
        self.skip_whitespace()?;
        self.word.clear();
        if self.peek()? == b'-' {
            self.word.push('-');
            self.advance(1);
        }
        while let Some(byte) = self.peek().filter(u8::is_ascii_digit) {
            self.word.push(char::from(byte));
            self.advance(1);
        }
        if self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
        {
            return None;
        }
        self.word.parse().ok()
    }

    /// A string in double quotes, with the escapes ron writes: `\\`, `\"`, `\'`, `\n`,
    /// `\r`, `\t`, `\0` and `\u{…}`.
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut bytes = Vec::new();
        loop {
            // The run of plain bytes up to the next quote or backslash, a piece at a time.
            let rest = self.pieces.rest();
            let plain = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\')
                .unwrap_or(rest.len());
            bytes.extend_from_slice(&rest[..plain]);
            self.advance(plain);
            match self.next()? {
                b'"' => break,
                b'\\' => {
                    let escaped = match self.next()? {
                        b'\\' => '\\',
                        b'"' => '"',
                        b'\'' => '\'',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'0' => '\0',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    bytes.extend_from_slice(escaped.encode_utf8(&mut [0; 4]).as_bytes());
                }
                // Only at the end of a piece: the run stopped there.
                byte => bytes.push(byte),
            }
        }
        String::from_utf8(bytes).ok()
    }

    /// The `{…}` of a `\u{…}` escape: one to six hexadecimal digits naming a character.
    fn unicode_escape(&mut self) -> Option<char> {
        if self.next()? != b'{' {
            return None;
        }
        let mut value = 0u32;
        for digits in 0.. {
            let byte = self.next()?;
            if byte == b'}' && digits > 0 {
                break;
            }
            if digits == 6 {
                return None;
            }
            value = value * 16 + char::from(byte).to_digit(16)?;
        }
        char::from_u32(value)
    }

    /// Passes over one item of a list, whatever its shape: up to the comma or the
    /// bracket that ends it, minding strings and nested brackets.
    fn skip(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'(' | b'[' => {
                    depth += 1;
                    self.advance(1);
                }
                b')' | b']' if depth == 0 => return Some(()),
                b')' | b']' => {
                    depth -= 1;
                    self.advance(1);
                }
                b',' if depth == 0 => return Some(()),
                // A comment: not the plain form.
                b'/' => return None,
                _ => self.advance(1),
            }
        }
    }

    /// The end of the file: only whitespace left. Its size and hash.
    fn finish(mut self) -> Option<(u64, u64)> {
        while let Some(byte) = self.peek() {
            if !matches!(byte, b' ' | b'\n' | b'\t' | b'\r') {
                return None;
            }
            self.advance(1);
        }
        let (_, size, hash) = self.pieces.finish();
        Some((size, hash))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::Dataset;

    /// The graph of `texts` written as files `0.ron`, `1.ron`, ... in a new directory,
    /// read by this module (`None` if it refused) and by ron (`Err` if ron refused).
    fn both(texts: &[&str]) -> (Option<Dataset>, Result<Dataset, String>) {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = dir.path().join(format!("{i}.ron"));
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let streamed = load(&paths, 0).map(|(graph, keys)| {
            // The keys are those of the files as the snapshot makes them.
            for (key, (path, text)) in keys.iter().zip(paths.iter().zip(texts)) {
                let expected = FileKey::of(path, text, 0).unwrap();
                assert_eq!(key, &expected, "{}", path.display());
            }
            graph.to_dataset()
        });
        let parsed = crate::Graph::from_ron_files(
            paths
                .iter()
                .zip(texts)
                .map(|(path, text)| (path.to_str().unwrap(), *text)),
        )
        .map(|graph| graph.to_dataset())
        .map_err(|error| error.to_string());
        (streamed, parsed)
    }

    /// Read alike both ways.
    fn same(texts: &[&str]) -> Dataset {
        let (streamed, parsed) = both(texts);
        let streamed = streamed.expect("the plain form is read");
        assert_eq!(Ok(&streamed), parsed.as_ref());
        streamed
    }

    /// Refused here, so left to ron.
    fn refused(text: &str) {
        assert_eq!(both(&[text]).0, None, "{text}");
    }

    const EDGE: &str = r#"(
    sources: [(id: "memo", title: "A memo", year: -12)],
    nodes: [
        (id: "A", kind: UnEntity, name: "Alpha", aliases: ["Al", "A l p h a"]),
        (id: "B", kind: Fund, name: "Beta \"the\" fund\\", established: 2001),
    ],
    edges: [
        (
            from: "A",
            kind: Funds,
            to: "B",
            role: "donor's \u{e9}t\u{e9} \' \n\t\r",
            since: 2017,
            until: 2019,
            amount: (value: 18446744073709551615, currency: "USD", bound: Over),
            inferred: true,
            notes: "caf\u{301}e — ünïcödé",
            evidence: [
                (source: "memo", quote: "A funds B.", at: "3:1-4:2"),
                (source: "memo", quote: "Again,"),
            ],
        ),
    ],
)
"#;

    #[test]
    fn the_bundled_files_read_as_ron_reads_them() {
        let texts: Vec<&str> = crate::Graph::bundled_files()
            .iter()
            .map(|(_, text)| *text)
            .collect();
        let dataset = same(&texts);
        assert_eq!((dataset.nodes.len(), dataset.edges.len()), (88, 124));
    }

    #[test]
    fn every_field_escape_and_number_reads_as_ron_reads_it() {
        let dataset = same(&[EDGE]);
        let edge = &dataset.edges[0];
        assert_eq!(edge.role.as_deref(), Some("donor's \u{e9}t\u{e9} ' \n\t\r"));
        assert_eq!(edge.amount.as_ref().unwrap().value, u64::MAX);
        assert_eq!(edge.evidence[0].at, Some(Locator::new(3, 1, 4, 2)));
        assert_eq!(dataset.sources[0].year, Some(-12));
        assert_eq!(dataset.nodes[1].name, "Beta \"the\" fund\\");
    }

    #[test]
    fn canonical_text_reads_as_ron_reads_it() {
        let dataset = same(&[EDGE]);
        let canonical = crate::store::to_canonical_ron(&dataset);
        assert_eq!(same(&[&canonical]), dataset);
    }

    #[test]
    fn edges_may_name_nodes_of_a_later_file() {
        let edges = r#"(edges: [(from: "A", kind: MemberOf, to: "B", evidence: [(source: "s", quote: "q")])])"#;
        let nodes = r#"(sources: [(id: "s", title: "S")], nodes: [(id: "A", kind: UnEntity, name: "A"), (id: "B", kind: Mechanism, name: "B")])"#;
        assert_eq!(same(&[edges, nodes]).edges.len(), 1);
    }

    #[test]
    fn what_is_not_the_plain_form_is_left_to_ron() {
        for text in [
            "// a comment\n(nodes: [])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\", /* note */)])",
            "Dataset(nodes: [])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\", established: 0x10)])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\", established: 1_000)])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\", established: +3)])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\", description: Some(\"d\"))])",
            "(nodes: [(id: r\"A\", kind: Office, name: \"A\")])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\\x41\")])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\")]) trailing",
        ] {
            refused(text);
        }
    }

    #[test]
    fn broken_items_are_left_to_ron_which_reports_them() {
        for text in [
            "(nodes: [(id: \"A\", kind: Office, name: \"A\", colour: \"red\")])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\", name: \"B\")])",
            "(nodes: [(id: \"A\", kind: Office)])",
            "(nodes: [(id: \"A\", kind: Bureau, name: \"A\")])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\")], nodes: [])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\") (id: \"B\", kind: Office, name: \"B\")])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\"), (id: \"A\", kind: Office, name: \"B\")])",
            "(edges: [(from: \"A\", kind: Funds, to: \"B\", evidence: [])])",
            "(nodes: [(id: \"A\", kind: Office, name: \"A\"",
        ] {
            let (streamed, parsed) = both(&[text]);
            assert_eq!(streamed, None, "{text}");
            assert!(parsed.is_err(), "{text}");
        }
    }

    #[test]
    fn edited_files_are_read_as_ron_reads_them_or_left_to_it() {
        // The bundled graph with one byte of one file changed, dropped or doubled, 200
        // times over (a fixed xorshift, so a failure repeats): what this reader accepts,
        // ron must read the same; what ron refuses, this reader must refuse too.
        let files = crate::Graph::bundled_files();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        let (mut accepted, mut refused) = (0, 0);
        for _ in 0..200 {
            let edited_file = next(files.len());
            let mut bytes = files[edited_file].1.as_bytes().to_vec();
            let at = next(bytes.len());
            match next(3) {
                0 => bytes[at] = b" \"(),:[]x0-\n"[next(12)],
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, bytes[at]),
            }
            let Ok(edited) = String::from_utf8(bytes) else {
                continue;
            };
            let mut texts: Vec<&str> = files.iter().map(|(_, text)| *text).collect();
            texts[edited_file] = &edited;
            let (streamed, parsed) = both(&texts);
            match streamed {
                Some(streamed) => {
                    assert_eq!(Ok(streamed), parsed, "{edited}");
                    accepted += 1;
                }
                None => refused += 1,
            }
        }
        // Both kinds of case were met.
        assert!(
            accepted > 20 && refused > 20,
            "{accepted} accepted, {refused} refused"
        );
    }

    #[test]
    fn a_file_that_is_not_utf8_is_left_to_ron() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        std::fs::write(
            &path,
            b"(nodes: [(id: \"\xff\", kind: Office, name: \"A\")])",
        )
        .unwrap();
        assert!(load(std::slice::from_ref(&path), 0).is_none());
        assert!(crate::Graph::load(Path::new(&path)).is_err());
    }
}
