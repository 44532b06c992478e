//! Large files read a piece at a time, each piece hashed as it comes: the snapshot's
//! body, the RON the plain-form reader (`store::stream`) takes in, and the files a
//! snapshot's key is checked against. One reader, so that all three hash alike.

use std::hash::Hasher;
use std::io::{self, Read};

/// The piece files are read and hashed in: texts in memory are hashed in pieces of
/// this size too, for the two to agree.
pub(crate) const PIECE: usize = 1 << 20;

/// A fast 64-bit hash of bytes given a [`PIECE`] at a time (foldhash with a fixed seed,
/// the same in every run), then their length. Not a defence against an adversary —
/// whoever can write the snapshot can write the graph — but a way to notice changed
/// files and damaged snapshots.
pub(crate) struct PieceHasher(foldhash::fast::FoldHasher);

impl Default for PieceHasher {
    fn default() -> PieceHasher {
        static SEED: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0x5eed);
        PieceHasher(std::hash::BuildHasher::build_hasher(&SEED))
    }
}

impl PieceHasher {
    /// Takes the next piece: a whole [`PIECE`], or the last one.
    pub(crate) fn write(&mut self, piece: &[u8]) {
        self.0.write(piece);
    }

    /// The hash of the pieces given, which make `length` bytes.
    pub(crate) fn finish(mut self, length: u64) -> u64 {
        self.0.write_u64(length);
        self.0.finish()
    }
}

/// [`PieceHasher`]'s hash of bytes in memory.
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    let mut hasher = PieceHasher::default();
    for piece in bytes.chunks(PIECE) {
        hasher.write(piece);
    }
    hasher.finish(bytes.len() as u64)
}

/// A source read into one buffer a [`PIECE`] at a time (the last piece may be shorter),
/// at most a given number of bytes, each piece hashed as it is read: once the source is
/// used up, its hash is [`hash`]'s of everything read.
pub(crate) struct Pieces<R> {
    source: R,
    buffer: Vec<u8>,
    /// The bytes read and not yet consumed: `buffer[at..filled]`.
    at: usize,
    filled: usize,
    /// Bytes that may still be read from `source`.
    unread: u64,
    /// Bytes read from `source` so far.
    read: u64,
    hasher: PieceHasher,
}

impl<R: Read> Pieces<R> {
    /// A reader of at most `limit` bytes of `source`.
    pub(crate) fn new(source: R, limit: u64) -> Pieces<R> {
        Pieces {
            source,
            buffer: Vec::new(),
            at: 0,
            filled: 0,
            unread: limit,
            read: 0,
            hasher: PieceHasher::default(),
        }
    }

    /// The bytes read and not yet consumed.
    pub(crate) fn rest(&self) -> &[u8] {
        &self.buffer[self.at..self.filled]
    }

    /// Marks the first `n` bytes of [`Pieces::rest`] consumed.
    pub(crate) fn consume(&mut self, n: usize) {
        self.at = (self.at + n).min(self.filled);
    }

    /// How many bytes are left: those not consumed, and those not yet read (for a
    /// source whose length is the limit).
    pub(crate) fn left(&self) -> u64 {
        (self.filled - self.at) as u64 + self.unread
    }

    /// Reads pieces until [`Pieces::rest`] holds at least `wanted` bytes, keeping those
    /// not consumed; `false` if the source ends (or the limit is reached) first.
    pub(crate) fn fill(&mut self, wanted: usize) -> io::Result<bool> {
        self.buffer.copy_within(self.at..self.filled, 0);
        (self.filled, self.at) = (self.filled - self.at, 0);
        while self.filled < wanted {
            let piece = usize::try_from(self.unread).map_or(PIECE, |unread| unread.min(PIECE));
            if piece == 0 {
                return Ok(false);
            }
            if self.buffer.is_empty() {
                // Zeroed by the allocator, page by page as it is touched: a small file
                // does not pay for writing zeros over a whole piece.
                self.buffer = vec![0; piece];
            } else if self.buffer.len() < self.filled + piece {
                self.buffer.resize(self.filled + piece, 0);
            }
            // A piece is filled whole (reads may come short), so that only the last
            // one is shorter and the pieces are `hash`'s.
            let target = &mut self.buffer[self.filled..self.filled + piece];
            let mut got = 0;
            while got < piece {
                match self.source.read(&mut target[got..]) {
                    Ok(0) => break,
                    Ok(read) => got += read,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
            self.hasher.write(&target[..got]);
            self.filled += got;
            self.read += got as u64;
            // A short piece is the source's end.
            self.unread = if got < piece {
                0
            } else {
                self.unread - got as u64
            };
            if got == 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The next `n` bytes, consumed; `None` if fewer are left.
    pub(crate) fn take(&mut self, n: usize) -> io::Result<Option<&[u8]>> {
        if self.filled - self.at < n && !self.fill(n)? {
            return Ok(None);
        }
        self.at += n;
        Ok(Some(&self.buffer[self.at - n..self.at]))
    }

    /// The source, how many bytes were read from it, and their hash.
    pub(crate) fn finish(self) -> (R, u64, u64) {
        (self.source, self.read, self.hasher.finish(self.read))
    }
}

/// [`hash`] of a file's contents, read a piece at a time so a large file is never held
/// whole.
pub(crate) fn file_hash(path: &std::path::Path) -> io::Result<u64> {
    let mut pieces = Pieces::new(std::fs::File::open(path)?, u64::MAX);
    while pieces.fill(1)? {
        pieces.consume(pieces.rest().len());
    }
    Ok(pieces.finish().2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_of_a_text_and_of_its_file_agree() {
        let dir = tempfile::tempdir().unwrap();
        // Longer than a piece, and not a whole number of them.
        let text = "0123456789abcdef".repeat(PIECE / 16 * 2 + 3);
        let path = dir.path().join("g.ron");
        std::fs::write(&path, &text).unwrap();
        assert_eq!(file_hash(&path).unwrap(), hash(text.as_bytes()));
        assert_ne!(hash(text.as_bytes()), hash(&text.as_bytes()[1..]));
    }

    #[test]
    fn a_limited_reader_stops_at_its_limit_and_keeps_what_is_not_consumed() {
        let bytes: Vec<u8> = (0..=255).cycle().take(PIECE + 10).collect();
        let mut pieces = Pieces::new(&bytes[..], PIECE as u64 + 5);
        assert!(pieces.fill(3).unwrap());
        pieces.consume(PIECE - 2);
        // Two left of the first piece; the second is the five the limit allows.
        assert!(pieces.fill(7).unwrap());
        assert_eq!(pieces.rest(), &bytes[PIECE - 2..PIECE + 5]);
        assert!(!pieces.fill(8).unwrap());
        assert_eq!(pieces.left(), 7);
        let (_, read, hash_of_read) = pieces.finish();
        assert_eq!(
            (read, hash_of_read),
            (PIECE as u64 + 5, hash(&bytes[..PIECE + 5]))
        );
    }
}
