//! The error of the front end: why query text is not a query, and where.
//!
//! Both the lexer and the [parser](super::parser) report a [`ParseError`]; it
//! lives here so that neither has to import the other for it.

use std::fmt;

use super::ast::Span;

/// Why a query could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseError {
    /// What went wrong, e.g. "unexpected `RETURN`". Does not include the
    /// `expected` list; [`Display`](fmt::Display) appends it.
    pub message: String,
    /// The offending text, as byte offsets into the query.
    pub span: Span,
    /// What would have been accepted at `span`: tokens in backquotes as they
    /// would be written (`` `)` ``), other things described ("expression").
    /// Sorted; empty when the error is not about a missing token.
    pub expected: Vec<String>,
}

impl ParseError {
    /// An error with `message` at `span` and no expected tokens.
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        Self {
            message: message.into(),
            span,
            expected: Vec::new(),
        }
    }

    /// The 1-based line and column of the start of the error in `text`, the
    /// column counted in characters. Offsets past the end of `text` are
    /// clamped to it.
    pub fn line_column(&self, text: &str) -> (usize, usize) {
        let before = text_before(text, self.span.start);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
        (line, column)
    }

    /// A multi-line report quoting the line of `text` the error is on, with a
    /// caret under the error's first character:
    ///
    /// ```text
    /// error: unexpected `RETURN`; expected one of `)`, `:`, `{`
    ///  --> 1:10
    ///   |
    /// 1 | MATCH (a RETURN a
    ///   |          ^
    /// ```
    pub fn render(&self, text: &str) -> String {
        let (line, column) = self.line_column(text);
        let before = text_before(text, self.span.start);
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let from_line_start = text.get(line_start..).unwrap_or("");
        let line_text = from_line_start
            .split('\n')
            .next()
            .unwrap_or("")
            .trim_end_matches('\r');
        // Tabs are copied so the caret lines up however wide the terminal
        // draws them.
        let padding: String = line_text
            .chars()
            .take(column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let number = line.to_string();
        let gutter = " ".repeat(number.len());
        format!(
            "error: {self}\n{gutter}--> {line}:{column}\n{gutter} |\n{number} | {line_text}\n{gutter} | {padding}^"
        )
    }
}

/// The text before `offset`, clamped to `text` and to a character boundary.
fn text_before(text: &str, offset: usize) -> &str {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        match self.expected.as_slice() {
            [] => Ok(()),
            [only] => write!(f, "; expected {only}"),
            several => write!(f, "; expected one of {}", several.join(", ")),
        }
    }
}

impl std::error::Error for ParseError {}
