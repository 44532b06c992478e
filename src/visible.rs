//! Text for people, with control characters made visible.
//!
//! Names, notes, quotes and query results come from data files anyone may have written.
//! Written raw to a terminal, an escape sequence in them can set the window title, clear
//! the screen, move the cursor or hide text (`ESC ] 0 ; … BEL`, `ESC [ 2 J`), and a
//! carriage return or backspace can overwrite what was printed. [`VisibleWriter`] sits on
//! the path of text meant for people and shows every such character as a Rust-style
//! escape (`\u{1b}`), except newlines, tabs, and the colour sequences the program itself
//! writes (an allow-list of exact sequences). Data for programs (JSON, CSV, DOT) does not
//! go through it: those formats keep exact values, escaped by their own rules.
//!
//! Made visible: the C0 controls but `\n` and `\t` (so `\r`, BEL, BS, VT, FF, ESC), DEL,
//! the C1 controls U+0080–U+009F (U+0085 next line, U+009B the one-byte CSI), the bidi
//! overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what a line shows,
//! and bytes that are not UTF-8.

use std::io::{self, Write};

/// Whether `c` is shown escaped (see the module documentation).
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every control character shown as `\u{..}`.
///
/// ```
/// use agencygraph::visible::visible;
/// assert_eq!(visible("a\u{1b}]0;owned\u{7}b"), "a\\u{1b}]0;owned\\u{7}b");
/// assert_eq!(visible("line\nnext\ttab"), "line\nnext\ttab");
/// assert_eq!(visible("\u{9b}2J\u{85}\u{7f}"), "\\u{9b}2J\\u{85}\\u{7f}");
/// ```
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    out
}

fn push_visible(out: &mut String, c: char) {
    if is_hidden(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// A writer that passes text on with control characters made visible, except the exact
/// escape sequences in its allow-list (the program's own colours). Sequences and UTF-8
/// characters split across writes are put together first.
///
/// ```
/// use std::io::Write;
/// use agencygraph::visible::VisibleWriter;
///
/// let mut out = VisibleWriter::new(Vec::new(), vec!["\u{1b}[1m".into(), "\u{1b}[0m".into()]);
/// write!(out, "\u{1b}[1mUNODC\u{1b}[0m notes: \u{1b}[2J\u{7}")?;
/// out.flush()?;
/// assert_eq!(
///     String::from_utf8(out.into_inner()?).unwrap(),
///     "\u{1b}[1mUNODC\u{1b}[0m notes: \\u{1b}[2J\\u{7}"
/// );
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct VisibleWriter<W: Write> {
    inner: Option<W>,
    allowed: Vec<String>,
    /// Bytes held back: an unfinished UTF-8 character or escape sequence.
    pending: Vec<u8>,
}

/// An escape sequence of ours is never longer than this; longer is not one of ours.
const LONGEST_ALLOWED: usize = 32;

impl<W: Write> VisibleWriter<W> {
    /// Wraps `inner`, letting through the exact sequences in `allowed` (each starting with
    /// ESC).
    pub fn new(inner: W, allowed: Vec<String>) -> VisibleWriter<W> {
        VisibleWriter {
            inner: Some(inner),
            allowed,
            pending: Vec::new(),
        }
    }

    /// Flushes, then gives back the wrapped writer.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.flush()?;
        Ok(self.inner.take().expect("present until into_inner"))
    }

    /// Turns as much of `pending` as is complete into visible text; with `end`, all of it.
    fn drain(&mut self, end: bool) -> String {
        let bytes = std::mem::take(&mut self.pending);
        let mut out = String::with_capacity(bytes.len());
        let mut at = 0;
        while at < bytes.len() {
            let rest = &bytes[at..];
            let (valid, invalid) = match std::str::from_utf8(rest) {
                Ok(text) => (text, None),
                Err(error) => (
                    // Safe by construction: up to `valid_up_to` is UTF-8.
                    std::str::from_utf8(&rest[..error.valid_up_to()]).unwrap_or_default(),
                    Some(error.error_len()),
                ),
            };
            let mut chars = valid.char_indices();
            let mut held = None;
            while let Some((i, c)) = chars.next() {
                if c == '\u{1b}' {
                    let tail = &valid[i..];
                    if let Some(sequence) =
                        self.allowed.iter().find(|s| tail.starts_with(s.as_str()))
                    {
                        out.push_str(sequence);
                        // Skip the rest of the sequence.
                        for _ in 1..sequence.chars().count() {
                            chars.next();
                        }
                        continue;
                    }
                    let could_grow = tail.len() < LONGEST_ALLOWED
                        && invalid.is_none()
                        && self.allowed.iter().any(|s| s.starts_with(tail));
                    if could_grow && !end {
                        held = Some(at + i);
                        break;
                    }
                }
                push_visible(&mut out, c);
            }
            if let Some(from) = held {
                self.pending = bytes[from..].to_vec();
                return out;
            }
            at += valid.len();
            match invalid {
                None => break,
                // A character cut by the end of this write: wait for the rest.
                Some(None) if !end => {
                    self.pending = bytes[at..].to_vec();
                    return out;
                }
                Some(length) => {
                    let length = length.unwrap_or(bytes.len() - at);
                    for byte in &bytes[at..at + length] {
                        out.push_str(&format!("\\x{byte:02x}"));
                    }
                    at += length;
                }
            }
        }
        out
    }
}

impl<W: Write> Write for VisibleWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let text = self.drain(false);
        if let Some(inner) = self.inner.as_mut() {
            inner.write_all(text.as_bytes())?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let text = self.drain(true);
        if let Some(inner) = self.inner.as_mut() {
            inner.write_all(text.as_bytes())?;
            inner.flush()?;
        }
        Ok(())
    }
}

impl<W: Write> Drop for VisibleWriter<W> {
    fn drop(&mut self) {
        if self.inner.is_some() {
            let _ = self.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(allowed: &[&str], pieces: &[&[u8]]) -> String {
        let allowed = allowed.iter().map(|s| s.to_string()).collect();
        let mut out = VisibleWriter::new(Vec::new(), allowed);
        for piece in pieces {
            out.write_all(piece).unwrap();
        }
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn every_control_character_is_shown() {
        let hostile = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{8}\u{7f}\u{b}\u{c}\r\u{85}\u{9b}\u{202e}";
        assert_eq!(
            through(&[], &[hostile.as_bytes()]),
            "\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{8}\\u{7f}\\u{b}\\u{c}\\u{d}\\u{85}\\u{9b}\\u{202e}"
        );
        assert_eq!(through(&[], &[b"\x9b\xff ok"]), "\\x9b\\xff ok");
    }

    #[test]
    fn allowed_sequences_and_characters_split_across_writes_are_put_together() {
        let bold = "\u{1b}[1m";
        assert_eq!(
            through(&[bold], &[b"a\x1b", b"[", b"1mb\xc2", b"\x85c"]),
            "a\u{1b}[1mb\\u{85}c"
        );
        // The start of an allowed sequence, then something else.
        assert_eq!(through(&[bold], &[b"\x1b[", b"2J"]), "\\u{1b}[2J");
        // Cut off by the end.
        assert_eq!(through(&[bold], &[b"x\x1b["]), "x\\u{1b}[");
    }
}
