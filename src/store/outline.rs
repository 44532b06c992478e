//! A coarse reading of a RON file's shape: where each section's items start and end,
//! and where a field of an item sits.
//!
//! ron parses values but reports positions only for its own errors. The rules of the
//! graph are checked after parsing, so their problems are placed by this outline instead.
//! It is also what lets a file with several broken items report all of them: each item
//! is handed to ron on its own.

use std::ops::Range;

use crate::graph::validate::Field;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Open(u8),
    Close(u8),
    Comma,
    Colon,
    Hash,
    Bang,
    /// A string, raw string or character literal (quotes included).
    Literal,
    /// An identifier, number or anything else without spaces or punctuation.
    Word(&'a str),
}

/// Whether `text` holds a `//` or `/* */` comment (outside strings), which rewriting the
/// file would lose. Text that does not scan is taken to have one: never rewritten.
pub(crate) fn has_comments(text: &str) -> bool {
    scan(text).map_or(true, |(_, comments)| comments)
}

/// Splits `text` into tokens with their byte offsets; `Err` holds the offset of an
/// unterminated string or comment.
fn tokens(text: &str) -> Result<Vec<Spanned<'_>>, usize> {
    scan(text).map(|(tokens, _)| tokens)
}

/// The tokens of `text`, and whether it had comments.
fn scan(text: &str) -> Result<(Vec<Spanned<'_>>, bool), usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut comments = false;
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                comments = true;
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                comments = true;
                // RON block comments nest.
                let mut depth = 0usize;
                loop {
                    match (bytes.get(i), bytes.get(i + 1)) {
                        (Some(b'/'), Some(b'*')) => (depth, i) = (depth + 1, i + 2),
                        (Some(b'*'), Some(b'/')) => (depth, i) = (depth - 1, i + 2),
                        (Some(_), _) => i += 1,
                        (None, _) => return Err(start),
                    }
                    if depth == 0 {
                        break;
                    }
                }
            }
            b'"' | b'\'' => {
                i = end_of_quoted(bytes, i).ok_or(start)?;
                out.push((start, i, Token::Literal));
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                if bytes.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    out.push((start, i, Token::Word(&text[start..i])));
                    continue;
                }
                let closing = format!("\"{}", "#".repeat(hashes));
                let body = i + 2 + hashes;
                i = text[body..]
                    .find(&closing)
                    .map(|n| body + n + closing.len())
                    .ok_or(start)?;
                out.push((start, i, Token::Literal));
            }
            b'(' | b'[' | b'{' | b')' | b']' | b'}' | b',' | b':' | b'#' | b'!' => {
                let token = match bytes[i] {
                    b'(' | b'[' | b'{' => Token::Open(bytes[i]),
                    b')' | b']' | b'}' => Token::Close(bytes[i]),
                    b',' => Token::Comma,
                    b':' => Token::Colon,
                    b'#' => Token::Hash,
                    _ => Token::Bang,
                };
                i += 1;
                out.push((start, i, token));
            }
            _ => {
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t'
                            | b'\n'
                            | b'\r'
                            | b'('
                            | b')'
                            | b'['
                            | b']'
                            | b'{'
                            | b'}'
                            | b','
                            | b':'
                            | b'"'
                            | b'\''
                            | b'#'
                            | b'!'
                    )
                    && !(bytes[i] == b'/' && matches!(bytes.get(i + 1), Some(b'/' | b'*')))
                {
                    i += 1;
                }
                out.push((start, i, Token::Word(&text[start..i])));
            }
        }
    }
    Ok((out, comments))
}

/// A token with the byte offsets of its start and end.
type Spanned<'a> = (usize, usize, Token<'a>);

/// The offset just past the string or character literal opening at `start`.
fn end_of_quoted(bytes: &[u8], start: usize) -> Option<usize> {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// One `name: [ ... ]` section of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section<'a> {
    /// The section's name (`nodes`).
    pub name: &'a str,
    /// Offset of the name.
    pub at: usize,
    /// Byte range of each item of the list.
    pub items: Vec<Range<usize>>,
}

/// Why a file's outline could not be read: the offset and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutlineError {
    pub at: usize,
    pub expected: &'static str,
}

/// Reads a file shaped `#![...]* ( name: [ item, ... ], ... )` into its sections.
pub(crate) fn sections(text: &str) -> Result<Vec<Section<'_>>, OutlineError> {
    let tokens = tokens(text).map_err(|at| OutlineError {
        at,
        expected: "a closing quote or `*/`",
    })?;
    let mut cursor = Cursor {
        tokens: &tokens,
        next: 0,
        len: text.len(),
    };
    // Inner attributes such as `#![enable(implicit_some)]`.
    while cursor.eat(Token::Hash) {
        cursor.expect(Token::Bang, "`!` after `#`")?;
        cursor.skip_group("`[` after `#!`")?;
    }
    if matches!(cursor.peek(), Some(Token::Word(_))) {
        cursor.next += 1; // an optional struct name
    }
    cursor.expect(Token::Open(b'('), "`(` opening the file")?;
    let mut sections = Vec::new();
    while !cursor.eat(Token::Close(b')')) {
        let Some(Token::Word(name)) = cursor.peek() else {
            return Err(cursor.error("a section name such as `nodes`, or `)`"));
        };
        let at = cursor.offset();
        cursor.next += 1;
        cursor.expect(Token::Colon, "`:` after the section name")?;
        let items = cursor.list()?;
        sections.push(Section { name, at, items });
        if !cursor.eat(Token::Comma) && cursor.peek() != Some(Token::Close(b')')) {
            return Err(cursor.error("`,` or `)` after a section"));
        }
    }
    if cursor.peek().is_some() {
        return Err(cursor.error("the end of the file"));
    }
    Ok(sections)
}

struct Cursor<'t, 'a> {
    tokens: &'t [Spanned<'a>],
    next: usize,
    len: usize,
}

impl<'a> Cursor<'_, 'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.next).map(|&(_, _, token)| token)
    }

    fn offset(&self) -> usize {
        self.tokens
            .get(self.next)
            .map_or(self.len, |&(at, _, _)| at)
    }

    fn error(&self, expected: &'static str) -> OutlineError {
        OutlineError {
            at: self.offset(),
            expected,
        }
    }

    /// Consumes `token` when it is next; whether it was.
    fn eat(&mut self, token: Token<'_>) -> bool {
        let next = self.peek() == Some(token);
        if next {
            self.next += 1;
        }
        next
    }

    fn expect(&mut self, token: Token<'_>, expected: &'static str) -> Result<(), OutlineError> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    /// Skips one balanced group starting at an opening bracket.
    fn skip_group(&mut self, expected: &'static str) -> Result<(), OutlineError> {
        let Some(Token::Open(_)) = self.peek() else {
            return Err(self.error(expected));
        };
        let mut depth = 0usize;
        while let Some(token) = self.peek() {
            self.next += 1;
            match token {
                Token::Open(_) => depth += 1,
                Token::Close(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        Err(self.error("a closing bracket"))
    }

    /// Reads `[ item, item, ... ]`, returning each item's byte range.
    fn list(&mut self) -> Result<Vec<Range<usize>>, OutlineError> {
        self.expect(Token::Open(b'['), "`[` opening the list")?;
        let mut items = Vec::new();
        while !self.eat(Token::Close(b']')) {
            if self.peek().is_none() {
                return Err(self.error("`]` closing the list"));
            }
            let start = self.offset();
            let first = self.next;
            let mut depth = 0usize;
            let mut end = start;
            while let Some(token) = self.peek() {
                match token {
                    Token::Comma | Token::Close(_) if depth == 0 => break,
                    Token::Open(_) => depth += 1,
                    Token::Close(_) => depth -= 1,
                    _ => {}
                }
                end = self.tokens[self.next].1;
                self.next += 1;
            }
            if self.next == first {
                // A closing bracket of the wrong kind.
                return Err(self.error("`]` closing the list"));
            }
            items.push(start..end);
            self.eat(Token::Comma);
        }
        Ok(items)
    }
}

/// The offset of `field` within the item at `item` (a `( name: value, ... )` struct),
/// or `None` when the item has no such field.
pub(crate) fn field_offset(text: &str, item: Range<usize>, field: Field) -> Option<usize> {
    let tokens = tokens(&text[item.clone()]).ok()?;
    let tokens: Vec<Spanned<'_>> = tokens
        .into_iter()
        .map(|(start, end, token)| (start + item.start, end + item.start, token))
        .collect();
    let value = struct_field(&tokens, 0, field.name)?;
    let Some(index) = field.index else {
        return Some(tokens[value].0);
    };
    let element = list_element(&tokens, value, index)?;
    match field.inner {
        None => Some(tokens[element].0),
        Some(inner) => struct_field(&tokens, element, inner).map(|v| tokens[v].0),
    }
}

/// In the struct opening at token `open`, the token index of `name`'s value.
fn struct_field(tokens: &[Spanned<'_>], open: usize, name: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &(_, _, token)) in tokens.iter().enumerate().skip(open) {
        match token {
            Token::Open(_) => depth += 1,
            Token::Close(_) => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return None;
                }
            }
            Token::Word(word)
                if depth == 1 && word == name && tokens.get(i + 1)?.2 == Token::Colon =>
            {
                return (i + 2 < tokens.len()).then_some(i + 2);
            }
            _ => {}
        }
    }
    None
}

/// In the list opening at token `open`, the token index where element `index` starts.
fn list_element(tokens: &[Spanned<'_>], open: usize, index: usize) -> Option<usize> {
    if tokens.get(open)?.2 != Token::Open(b'[') {
        return None;
    }
    let mut depth = 0usize;
    let mut seen = 0usize;
    let mut at_start = true;
    for (i, &(_, _, token)) in tokens.iter().enumerate().skip(open) {
        match token {
            Token::Open(_) => {
                if depth == 1 && at_start {
                    if seen == index {
                        return Some(i);
                    }
                    seen += 1;
                    at_start = false;
                }
                depth += 1;
                continue;
            }
            Token::Close(_) => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return None;
                }
            }
            Token::Comma if depth == 1 => at_start = true,
            _ if depth == 1 && at_start => {
                if seen == index {
                    return Some(i);
                }
                seen += 1;
                at_start = false;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r##"#![enable(implicit_some)]
// a comment with ( and "
(
    nodes: [
        (id: "A", name: "a ) ]", aliases: ["x", "y"]),
        (id: "B", /* nested /* comment */ ] */ name: r#"raw "" ]"#),
    ],
    edges: [],
)
"##;

    #[test]
    fn sections_and_items() {
        let sections = sections(FILE).unwrap();
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].name, "nodes");
        let items: Vec<&str> = sections[0].items.iter().map(|r| &FILE[r.clone()]).collect();
        assert_eq!(items[0], r#"(id: "A", name: "a ) ]", aliases: ["x", "y"])"#);
        assert!(items[1].starts_with("(id: \"B\"") && items[1].ends_with(')'));
        assert_eq!(sections[1].name, "edges");
        assert!(sections[1].items.is_empty());
    }

    #[test]
    fn fields_inside_items() {
        let sections = sections(FILE).unwrap();
        let first = sections[0].items[0].clone();
        let at = |field| field_offset(FILE, first.clone(), field).map(|o| &FILE[o..o + 3]);
        assert_eq!(at(Field::named("name")), Some("\"a "));
        let alias = Field {
            name: "aliases",
            index: Some(1),
            inner: None,
        };
        assert_eq!(at(alias), Some("\"y\""));
        assert_eq!(at(Field::named("url")), None);
    }

    #[test]
    fn nested_list_fields() {
        let text = r#"(edges: [(from: "A", evidence: [(source: "s", quote: "q1"), (source: "t", quote: "q2")])])"#;
        let item = sections(text).unwrap()[0].items[0].clone();
        let field = Field {
            name: "evidence",
            index: Some(1),
            inner: Some("source"),
        };
        let at = field_offset(text, item, field).unwrap();
        assert_eq!(&text[at..at + 3], "\"t\"");
    }

    #[test]
    fn comments_are_found_outside_strings_only() {
        assert!(has_comments("(nodes: []) // a note"));
        assert!(has_comments("(/* a note */ nodes: [])"));
        assert!(!has_comments(
            r#"(nodes: [(id: "A", name: "http://x/*y*/")])"#
        ));
        assert!(has_comments("(nodes: [\"unterminated"));
    }

    #[test]
    fn broken_shapes() {
        assert_eq!(
            sections("(nodes: [").unwrap_err().expected,
            "`]` closing the list"
        );
        assert_eq!(sections("(nodes: [\"x)").unwrap_err().at, 9);
        assert_eq!(sections("[]").unwrap_err().expected, "`(` opening the file");
        assert_eq!(
            sections("(nodes: []) x").unwrap_err().expected,
            "the end of the file"
        );
    }
}
