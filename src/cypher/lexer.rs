//! Splits query text into tokens.
//!
//! Whitespace and comments (`// ...` to the end of the line, `/* ... */`,
//! not nested) only separate tokens and are dropped. Reserved words become
//! [`TokenKind::Keyword`] whatever their case; the parser reads their original
//! spelling back from the text where a reserved word is used as a name, as in
//! `n.count` or `:Match`.
//!
//! Lexing stops at the first malformed token, but the tokens before it are
//! kept: the parser runs over them first so that a syntax error earlier in the
//! text is reported in preference to a lexical error later on.
//!
//! Arrows are not tokens: `-->` is `-`, `-`, `>`, and `<-` is `<`, `-`. Only
//! the pattern parser gives them meaning, which also lets users put spaces
//! inside arrows as openCypher allows.

use super::ast::Span;
use super::error::ParseError;

/// Declares the keywords once: the enum, the list of all of them, and their
/// spellings, so that none can be in one and missing from another.
macro_rules! keywords {
    ($($variant:ident = $spelling:literal,)*) => {
        /// Reserved words: the keywords this parser understands plus openCypher's
        /// writing keywords, which must stay reserved so refusing them is unambiguous.
        /// None of them can be a variable unless backquoted.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Keyword {
            $($variant,)*
        }

        const KEYWORDS: &[Keyword] = &[$(Keyword::$variant,)*];

        impl Keyword {
            /// The canonical (upper-case) spelling.
            pub(crate) fn as_str(self) -> &'static str {
                match self {
                    $(Keyword::$variant => $spelling,)*
                }
            }
        }
    };
}

keywords! {
        All = "ALL",
        And = "AND",
        As = "AS",
        Asc = "ASC",
        Ascending = "ASCENDING",
        By = "BY",
        Case = "CASE",
        Contains = "CONTAINS",
        Create = "CREATE",
        Delete = "DELETE",
        Desc = "DESC",
        Descending = "DESCENDING",
        Detach = "DETACH",
        Distinct = "DISTINCT",
        Else = "ELSE",
        End = "END",
        Ends = "ENDS",
        False = "FALSE",
        In = "IN",
        Is = "IS",
        Limit = "LIMIT",
        Match = "MATCH",
        Merge = "MERGE",
        Not = "NOT",
        Null = "NULL",
        Optional = "OPTIONAL",
        Or = "OR",
        Order = "ORDER",
        Remove = "REMOVE",
        Return = "RETURN",
        Set = "SET",
        Skip = "SKIP",
        Starts = "STARTS",
        Then = "THEN",
        True = "TRUE",
        Union = "UNION",
        Unwind = "UNWIND",
        When = "WHEN",
        Where = "WHERE",
        With = "WITH",
        Xor = "XOR",
}

impl Keyword {
    /// The keyword spelled by `word` in any case, if it is one.
    pub(crate) fn from_word(word: &str) -> Option<Keyword> {
        KEYWORDS
            .iter()
            .copied()
            .find(|keyword| keyword.as_str().eq_ignore_ascii_case(word))
    }
}

/// What a token is, with its decoded value where it has one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    /// A name that is not a reserved word.
    Identifier(String),
    /// A backquoted name, backquotes removed and ``` `` ``` decoded.
    QuotedIdentifier(String),
    Keyword(Keyword),
    /// An integer literal's magnitude. The sign is applied by the parser,
    /// which is why this holds `u64`: `-9223372036854775808` is valid but its
    /// digits alone do not fit an `i64`.
    Integer(u64),
    Float(f64),
    /// A string literal, escapes decoded.
    String(String),
    /// `$name`, holding the name.
    Parameter(String),
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Comma,
    Dot,
    DotDot,
    Colon,
    Semicolon,
    Pipe,
    Star,
    Plus,
    Minus,
    Slash,
    Percent,
    Caret,
    Equals,
    NotEquals,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
    RegexMatch,
    Eof,
}

impl TokenKind {
    /// How the token is named in "expected ..." lists: punctuation as written
    /// in backquotes, everything else by kind.
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            TokenKind::Identifier(_) => "identifier",
            TokenKind::QuotedIdentifier(_) => "quoted name",
            TokenKind::Keyword(_) => "keyword",
            TokenKind::Integer(_) => "integer",
            TokenKind::Float(_) => "float",
            TokenKind::String(_) => "string",
            TokenKind::Parameter(_) => "parameter",
            TokenKind::LeftParen => "`(`",
            TokenKind::RightParen => "`)`",
            TokenKind::LeftBracket => "`[`",
            TokenKind::RightBracket => "`]`",
            TokenKind::LeftBrace => "`{`",
            TokenKind::RightBrace => "`}`",
            TokenKind::Comma => "`,`",
            TokenKind::Dot => "`.`",
            TokenKind::DotDot => "`..`",
            TokenKind::Colon => "`:`",
            TokenKind::Semicolon => "`;`",
            TokenKind::Pipe => "`|`",
            TokenKind::Star => "`*`",
            TokenKind::Plus => "`+`",
            TokenKind::Minus => "`-`",
            TokenKind::Slash => "`/`",
            TokenKind::Percent => "`%`",
            TokenKind::Caret => "`^`",
            TokenKind::Equals => "`=`",
            TokenKind::NotEquals => "`<>`",
            TokenKind::Less => "`<`",
            TokenKind::Greater => "`>`",
            TokenKind::LessOrEqual => "`<=`",
            TokenKind::GreaterOrEqual => "`>=`",
            TokenKind::RegexMatch => "`=~`",
            TokenKind::Eof => "end of input",
        }
    }
}

/// A token and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) span: Span,
}

/// The result of lexing a whole query.
#[derive(Debug)]
pub(crate) struct Lexed {
    /// Every token before the end of the text or the first lexical error.
    pub(crate) tokens: Vec<Token>,
    /// Where "end of input" is reported: just after the last token, so an
    /// error about a missing token points at the line the user was writing
    /// rather than at trailing blank lines or comments. At a lexical error,
    /// it is the error's position.
    pub(crate) end: Span,
    /// The first lexical error, if any.
    pub(crate) error: Option<ParseError>,
}

/// Whether `c` can start an unquoted name.
pub(crate) fn is_identifier_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Whether `c` can continue an unquoted name.
pub(crate) fn is_identifier_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `text` into tokens; see [`Lexed`].
pub(crate) fn tokenize(text: &str) -> Lexed {
    let mut lexer = Lexer { text, pos: 0 };
    let mut tokens = Vec::new();
    loop {
        match lexer.next_token() {
            Ok(Some(token)) => tokens.push(token),
            Ok(None) => {
                let end = tokens.last().map_or(0, |token| token.span.end);
                return Lexed {
                    tokens,
                    end: Span::new(end, end),
                    error: None,
                };
            }
            Err(error) => {
                let at = error.span.start;
                return Lexed {
                    tokens,
                    end: Span::new(at, at),
                    error: Some(error),
                };
            }
        }
    }
}

struct Lexer<'a> {
    text: &'a str,
    /// Byte offset of the next character; always on a character boundary.
    pos: usize,
}

fn error(message: impl Into<String>, start: usize, end: usize) -> ParseError {
    ParseError::new(message, Span::new(start, end))
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.pos += expected.len_utf8();
            true
        } else {
            false
        }
    }

    fn eat_while(&mut self, accept: impl Fn(char) -> bool) {
        while let Some(c) = self.peek() {
            if !accept(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn slice(&self, start: usize) -> &str {
        self.text.get(start..self.pos).unwrap_or("")
    }

    fn skip_trivia(&mut self) -> Result<(), ParseError> {
        loop {
            match self.peek() {
                // A byte-order mark is invisible in editors, so a query
                // pasted from a file should not fail on it.
                Some(c) if c.is_whitespace() || c == '\u{feff}' => {
                    self.bump();
                }
                Some('/') if self.peek_second() == Some('/') => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                Some('/') if self.peek_second() == Some('*') => {
                    let start = self.pos;
                    self.pos += 2;
                    loop {
                        match self.bump() {
                            None => {
                                return Err(error(
                                    "unterminated comment: `/*` is never closed with `*/`",
                                    start,
                                    start + 2,
                                ));
                            }
                            Some('*') if self.eat('/') => break,
                            Some(_) => {}
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn next_token(&mut self) -> Result<Option<Token>, ParseError> {
        self.skip_trivia()?;
        let start = self.pos;
        let Some(c) = self.bump() else {
            return Ok(None);
        };
        let kind = match c {
            '(' => TokenKind::LeftParen,
            ')' => TokenKind::RightParen,
            '[' => TokenKind::LeftBracket,
            ']' => TokenKind::RightBracket,
            '{' => TokenKind::LeftBrace,
            '}' => TokenKind::RightBrace,
            ',' => TokenKind::Comma,
            ';' => TokenKind::Semicolon,
            ':' => TokenKind::Colon,
            '|' => TokenKind::Pipe,
            '*' => TokenKind::Star,
            '+' => TokenKind::Plus,
            '-' => TokenKind::Minus,
            '/' => TokenKind::Slash,
            '%' => TokenKind::Percent,
            '^' => TokenKind::Caret,
            // `..` wins over `.5` so that `xs[1..5]` and `*..3` work.
            '.' if self.eat('.') => TokenKind::DotDot,
            '.' if self.peek().is_some_and(|c| c.is_ascii_digit()) => {
                self.pos = start;
                self.number()?
            }
            '.' => TokenKind::Dot,
            '=' if self.eat('~') => TokenKind::RegexMatch,
            '=' => TokenKind::Equals,
            '<' if self.eat('=') => TokenKind::LessOrEqual,
            '<' if self.eat('>') => TokenKind::NotEquals,
            '<' => TokenKind::Less,
            '>' if self.eat('=') => TokenKind::GreaterOrEqual,
            '>' => TokenKind::Greater,
            '!' if self.peek() == Some('=') => {
                return Err(error(
                    "`!=` is not Cypher; write `<>` for \"not equal\"",
                    start,
                    start + 2,
                ));
            }
            '\'' | '"' => TokenKind::String(self.string(c, start)?),
            '`' => TokenKind::QuotedIdentifier(self.quoted_name(start)?),
            '$' => TokenKind::Parameter(self.parameter(start)?),
            c if c.is_ascii_digit() => {
                self.pos = start;
                self.number()?
            }
            c if is_identifier_start(c) => {
                self.eat_while(is_identifier_continue);
                let word = self.slice(start);
                match Keyword::from_word(word) {
                    Some(keyword) => TokenKind::Keyword(keyword),
                    None => TokenKind::Identifier(word.to_string()),
                }
            }
            other => {
                return Err(error(
                    format!("unexpected character `{}`", other.escape_debug()),
                    start,
                    self.pos,
                ));
            }
        };
        Ok(Some(Token {
            kind,
            span: Span::new(start, self.pos),
        }))
    }

    /// Lexes a number starting at `self.pos` (a digit, or `.` and a digit).
    fn number(&mut self) -> Result<TokenKind, ParseError> {
        let start = self.pos;
        let radix = match (self.peek(), self.peek_second()) {
            (Some('0'), Some('x' | 'X')) => Some((16, "hexadecimal")),
            (Some('0'), Some('o' | 'O')) => Some((8, "octal")),
            _ => None,
        };
        if let Some((radix, radix_name)) = radix {
            self.pos += 2;
            let digits_start = self.pos;
            // Take the whole word so that `0x1G` is reported as one bad
            // literal rather than as `0x1` followed by a name.
            self.eat_while(is_identifier_continue);
            let digits = self.slice(digits_start);
            if digits.is_empty() {
                return Err(error(
                    format!("expected {radix_name} digits after `{}`", self.slice(start)),
                    start,
                    self.pos,
                ));
            }
            if !digits.chars().all(|c| c.is_digit(radix)) {
                return Err(error(
                    format!("invalid {radix_name} integer `{}`", self.slice(start)),
                    start,
                    self.pos,
                ));
            }
            return u64::from_str_radix(digits, radix)
                .map(TokenKind::Integer)
                .map_err(|_| integer_too_large(start, self.pos));
        }

        self.eat_while(|c| c.is_ascii_digit());
        let mut is_float = false;
        if self.peek() == Some('.') && self.peek_second().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
            self.eat_while(|c| c.is_ascii_digit());
            is_float = true;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let mut after = self.rest().chars().skip(1);
            let has_exponent = match after.next() {
                Some(c) if c.is_ascii_digit() => true,
                Some('+' | '-') => after.next().is_some_and(|c| c.is_ascii_digit()),
                _ => false,
            };
            if has_exponent {
                self.pos += 1;
                if matches!(self.peek(), Some('+' | '-')) {
                    self.pos += 1;
                }
                self.eat_while(|c| c.is_ascii_digit());
                is_float = true;
            }
        }
        if self.peek().is_some_and(is_identifier_continue) {
            self.eat_while(is_identifier_continue);
            return Err(error(
                format!("invalid number `{}`", self.slice(start)),
                start,
                self.pos,
            ));
        }

        let literal = self.slice(start);
        if is_float {
            return match literal.parse::<f64>() {
                Ok(value) if value.is_finite() => Ok(TokenKind::Float(value)),
                _ => Err(error(
                    format!("float `{literal}` is too large"),
                    start,
                    self.pos,
                )),
            };
        }
        // openCypher 9 reads `017` as octal but Neo4j 5 as an error; refusing
        // it avoids silently picking one meaning.
        if literal.len() > 1 && literal.starts_with('0') {
            let digits = match literal.trim_start_matches('0') {
                "" => "0",
                digits => digits,
            };
            return Err(error(
                format!(
                    "integer `{literal}` has a leading zero; write `0o{digits}` for an octal number"
                ),
                start,
                self.pos,
            ));
        }
        literal
            .parse::<u64>()
            .map(TokenKind::Integer)
            .map_err(|_| integer_too_large(start, self.pos))
    }

    /// Lexes the rest of a string whose opening `quote` is at `start`.
    fn string(&mut self, quote: char, start: usize) -> Result<String, ParseError> {
        let mut value = String::new();
        loop {
            match self.bump() {
                None => return Err(unterminated_string(start)),
                Some(c) if c == quote => return Ok(value),
                Some('\\') => {
                    let escape_start = self.pos - 1;
                    value.push(self.escape(escape_start, start)?);
                }
                Some(c) => value.push(c),
            }
        }
    }

    /// Decodes the escape after the backslash at `escape_start`.
    fn escape(&mut self, escape_start: usize, string_start: usize) -> Result<char, ParseError> {
        // openCypher accepts the letters of simple escapes in either case.
        let decoded = match self.bump() {
            None => return Err(unterminated_string(string_start)),
            Some('\\') => '\\',
            Some('\'') => '\'',
            Some('"') => '"',
            Some('n' | 'N') => '\n',
            Some('t' | 'T') => '\t',
            Some('r' | 'R') => '\r',
            Some('b' | 'B') => '\u{8}',
            Some('f' | 'F') => '\u{c}',
            Some('u') => return self.unicode_escape(escape_start, 4),
            Some('U') => return self.unicode_escape(escape_start, 8),
            Some(other) => {
                return Err(error(
                    format!(
                        "unknown escape `\\{}` in string; use `\\\\` for a backslash",
                        other.escape_debug()
                    ),
                    escape_start,
                    self.pos,
                ));
            }
        };
        Ok(decoded)
    }

    fn hex_digits(&mut self, escape_start: usize, count: usize) -> Result<u32, ParseError> {
        let mut value: u32 = 0;
        for _ in 0..count {
            match self.peek().and_then(|c| c.to_digit(16)) {
                Some(digit) => {
                    self.pos += 1;
                    value = value * 16 + digit;
                }
                None => {
                    return Err(error(
                        format!("invalid unicode escape: expected {count} hexadecimal digits"),
                        escape_start,
                        self.pos,
                    ));
                }
            }
        }
        Ok(value)
    }

    fn unicode_escape(&mut self, escape_start: usize, count: usize) -> Result<char, ParseError> {
        let code = self.hex_digits(escape_start, count)?;
        if (0xD800..0xDC00).contains(&code) {
            // Text copied from JSON or JavaScript writes characters outside
            // the basic plane as a surrogate pair, `\uD83D\uDE00`.
            if self.rest().starts_with("\\u") {
                let low_start = self.pos;
                self.pos += 2;
                let low = self.hex_digits(low_start, 4)?;
                if (0xDC00..0xE000).contains(&low) {
                    let combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    if let Some(c) = char::from_u32(combined) {
                        return Ok(c);
                    }
                }
            }
            return Err(error(
                "invalid unicode escape: a high surrogate must be followed by a low surrogate",
                escape_start,
                self.pos,
            ));
        }
        if (0xDC00..0xE000).contains(&code) {
            return Err(error(
                "invalid unicode escape: a low surrogate must follow a high surrogate",
                escape_start,
                self.pos,
            ));
        }
        char::from_u32(code).ok_or_else(|| {
            error(
                format!("invalid unicode escape: U+{code:X} is not a character"),
                escape_start,
                self.pos,
            )
        })
    }

    /// Lexes the rest of a backquoted name whose opening backquote is at `start`.
    fn quoted_name(&mut self, start: usize) -> Result<String, ParseError> {
        let mut name = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(error(
                        "unterminated quoted name: this backquote is never closed",
                        start,
                        start + 1,
                    ));
                }
                Some('`') if self.eat('`') => name.push('`'),
                Some('`') => break,
                Some(c) => name.push(c),
            }
        }
        if name.is_empty() {
            return Err(error("a quoted name cannot be empty", start, self.pos));
        }
        Ok(name)
    }

    /// Lexes the name after the `$` at `start`.
    fn parameter(&mut self, start: usize) -> Result<String, ParseError> {
        match self.peek() {
            Some('`') => {
                let quote = self.pos;
                self.pos += 1;
                self.quoted_name(quote)
            }
            Some(c) if is_identifier_continue(c) => {
                let name_start = self.pos;
                self.eat_while(is_identifier_continue);
                let name = self.slice(name_start);
                let numbered = name.chars().all(|c| c.is_ascii_digit());
                let named = name.chars().next().is_some_and(is_identifier_start);
                if numbered || named {
                    Ok(name.to_string())
                } else {
                    Err(error(
                        format!("invalid parameter name `${name}`"),
                        start,
                        self.pos,
                    ))
                }
            }
            _ => Err(error(
                "expected a parameter name after `$`",
                start,
                self.pos,
            )),
        }
    }
}

pub(crate) fn integer_too_large(start: usize, end: usize) -> ParseError {
    error(
        "integer is too large (the largest is 9223372036854775807)",
        start,
        end,
    )
}

fn unterminated_string(start: usize) -> ParseError {
    error(
        "unterminated string: this quote is never closed",
        start,
        start + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        let lexed = tokenize(text);
        assert_eq!(lexed.error, None, "unexpected error lexing {text:?}");
        lexed.tokens.into_iter().map(|token| token.kind).collect()
    }

    fn single(text: &str) -> TokenKind {
        let mut all = kinds(text);
        assert_eq!(all.len(), 1, "{text:?} gave {all:?}");
        all.remove(0)
    }

    fn lex_error(text: &str) -> ParseError {
        match tokenize(text).error {
            Some(error) => error,
            None => panic!("{text:?} lexed without error"),
        }
    }

    fn ident(name: &str) -> TokenKind {
        TokenKind::Identifier(name.to_string())
    }

    #[test]
    fn sample_query_tokens_and_spans() {
        let text = "MATCH (n:Person)-->(m) WHERE n.age >= 18 RETURN n";
        let lexed = tokenize(text);
        assert_eq!(lexed.error, None);
        let tokens: Vec<(TokenKind, &str)> = lexed
            .tokens
            .iter()
            .map(|token| (token.kind.clone(), &text[token.span.start..token.span.end]))
            .collect();
        let expected = vec![
            (TokenKind::Keyword(Keyword::Match), "MATCH"),
            (TokenKind::LeftParen, "("),
            (ident("n"), "n"),
            (TokenKind::Colon, ":"),
            (ident("Person"), "Person"),
            (TokenKind::RightParen, ")"),
            (TokenKind::Minus, "-"),
            (TokenKind::Minus, "-"),
            (TokenKind::Greater, ">"),
            (TokenKind::LeftParen, "("),
            (ident("m"), "m"),
            (TokenKind::RightParen, ")"),
            (TokenKind::Keyword(Keyword::Where), "WHERE"),
            (ident("n"), "n"),
            (TokenKind::Dot, "."),
            (ident("age"), "age"),
            (TokenKind::GreaterOrEqual, ">="),
            (TokenKind::Integer(18), "18"),
            (TokenKind::Keyword(Keyword::Return), "RETURN"),
            (ident("n"), "n"),
        ];
        assert_eq!(tokens, expected);
        assert_eq!(lexed.tokens[1].span, Span::new(6, 7));
        assert_eq!(lexed.end, Span::new(text.len(), text.len()));
    }

    #[test]
    fn end_of_input_is_just_after_the_last_token() {
        let lexed = tokenize("RETURN 1   // trailing\n\n");
        assert_eq!(lexed.end, Span::new(8, 8));
        assert_eq!(tokenize("   ").end, Span::new(0, 0));
    }

    #[test]
    fn integer_literals() {
        // 2^63 lexes: only the parser knows whether a minus sign makes it fit.
        let cases = [
            ("0", 0),
            ("42", 42),
            ("0x1F", 31),
            ("0XfF", 255),
            ("0o17", 15),
            ("9223372036854775808", 9_223_372_036_854_775_808),
            ("0xFFFFFFFFFFFFFFFF", u64::MAX),
        ];
        for (text, value) in cases {
            assert_eq!(single(text), TokenKind::Integer(value), "{text}");
        }
    }

    #[test]
    fn float_literals() {
        let cases = [
            ("1.5", 1.5),
            ("1e3", 1000.0),
            ("1E+3", 1000.0),
            ("2.5e-3", 0.0025),
            (".5", 0.5),
            ("0.0", 0.0),
        ];
        for (text, value) in cases {
            assert_eq!(single(text), TokenKind::Float(value), "{text}");
        }
    }

    #[test]
    fn ranges_are_not_floats() {
        assert_eq!(
            kinds("1..3"),
            vec![
                TokenKind::Integer(1),
                TokenKind::DotDot,
                TokenKind::Integer(3)
            ]
        );
        assert_eq!(
            kinds("*..3"),
            vec![TokenKind::Star, TokenKind::DotDot, TokenKind::Integer(3)]
        );
        assert_eq!(kinds("n.x"), vec![ident("n"), TokenKind::Dot, ident("x")]);
    }

    #[test]
    fn string_literals_and_escapes() {
        assert_eq!(single("'abc'"), TokenKind::String("abc".into()));
        assert_eq!(single("\"abc\""), TokenKind::String("abc".into()));
        assert_eq!(single("''"), TokenKind::String(String::new()));
        assert_eq!(
            single(r#"'a\'b\"c\\d'"#),
            TokenKind::String("a'b\"c\\d".into())
        );
        assert_eq!(single(r#""it's""#), TokenKind::String("it's".into()));
        assert_eq!(
            single(r"'\n\t\r\b\f\N\T'"),
            TokenKind::String("\n\t\r\u{8}\u{c}\n\t".into())
        );
        assert_eq!(single(r"'\u00e9'"), TokenKind::String("é".into()));
        assert_eq!(single(r"'\U0001F600'"), TokenKind::String("😀".into()));
        assert_eq!(single(r"'\uD83D\uDE00'"), TokenKind::String("😀".into()));
        assert_eq!(
            single("'line\nbreak'"),
            TokenKind::String("line\nbreak".into())
        );
    }

    #[test]
    fn names_parameters_and_quoting() {
        assert_eq!(single("name_1"), ident("name_1"));
        assert_eq!(single("_x"), ident("_x"));
        assert_eq!(single("été"), ident("été"));
        assert_eq!(
            single("`odd name`"),
            TokenKind::QuotedIdentifier("odd name".into())
        );
        assert_eq!(single("`a``b`"), TokenKind::QuotedIdentifier("a`b".into()));
        assert_eq!(
            single("`match`"),
            TokenKind::QuotedIdentifier("match".into())
        );
        assert_eq!(single("$name"), TokenKind::Parameter("name".into()));
        assert_eq!(single("$0"), TokenKind::Parameter("0".into()));
        assert_eq!(single("$match"), TokenKind::Parameter("match".into()));
        assert_eq!(single("$`odd one`"), TokenKind::Parameter("odd one".into()));
    }

    #[test]
    fn keywords_are_case_insensitive() {
        for spelling in ["match", "Match", "MATCH", "mAtCh"] {
            assert_eq!(single(spelling), TokenKind::Keyword(Keyword::Match));
        }
        assert_eq!(single("return"), TokenKind::Keyword(Keyword::Return));
        assert_eq!(single("Starts"), TokenKind::Keyword(Keyword::Starts));
        assert_eq!(single("matches"), ident("matches"));
        assert_eq!(single("count"), ident("count"));
        assert_eq!(single("call"), ident("call"));
        for &keyword in KEYWORDS {
            assert_eq!(Keyword::from_word(keyword.as_str()), Some(keyword));
            let lower = keyword.as_str().to_lowercase();
            assert_eq!(Keyword::from_word(&lower), Some(keyword));
        }
    }

    #[test]
    fn operators_and_punctuation() {
        use TokenKind::*;
        // Each spelling with its token, then all of them in one text: the longest
        // match wins (`<>` is one token, not `<` and `>`).
        let cases = [
            ("(", LeftParen),
            (")", RightParen),
            ("[", LeftBracket),
            ("]", RightBracket),
            ("{", LeftBrace),
            ("}", RightBrace),
            (",", Comma),
            (";", Semicolon),
            (":", Colon),
            ("|", Pipe),
            ("*", Star),
            ("+", Plus),
            ("-", Minus),
            ("/", Slash),
            ("%", Percent),
            ("^", Caret),
            ("=", Equals),
            ("<>", NotEquals),
            ("<", Less),
            (">", Greater),
            ("<=", LessOrEqual),
            (">=", GreaterOrEqual),
            ("=~", RegexMatch),
            (".", Dot),
            ("..", DotDot),
        ];
        for (spelling, kind) in &cases {
            assert_eq!(&single(spelling), kind, "{spelling}");
        }
        let spellings: Vec<&str> = cases.iter().map(|(spelling, _)| *spelling).collect();
        let expected: Vec<TokenKind> = cases.iter().map(|(_, kind)| kind.clone()).collect();
        assert_eq!(kinds(&spellings.join(" ")), expected);
        assert_eq!(kinds("<--"), vec![Less, Minus, Minus]);
        assert_eq!(kinds("-->"), vec![Minus, Minus, Greater]);
    }

    #[test]
    fn comments_are_whitespace() {
        assert_eq!(
            kinds("a // line comment\n/* block\n comment */ b/**/c"),
            vec![ident("a"), ident("b"), ident("c")]
        );
        assert_eq!(kinds("a // to the end"), vec![ident("a")]);
        assert_eq!(kinds("a /* ** */ b"), vec![ident("a"), ident("b")]);
        assert_eq!(
            kinds("6 / 3"),
            vec![
                TokenKind::Integer(6),
                TokenKind::Slash,
                TokenKind::Integer(3)
            ]
        );
    }

    #[test]
    fn error_positions() {
        // Each text, the span of its error as a range of byte offsets, and the message.
        let cases: &[(&str, std::ops::Range<usize>, &str)] = &[
            ("RETURN 'abc", 7..8, "unterminated string"),
            ("RETURN \"abc\\\"", 7..8, "unterminated string"),
            ("RETURN 1 § 2", 9..11, "unexpected character `§`"),
            ("RETURN 'a\\qb'", 9..11, "unknown escape `\\q`"),
            ("RETURN '\\u12'", 8..12, "expected 4 hexadecimal digits"),
            ("RETURN '\\uD800'", 8..14, "surrogate"),
            ("RETURN '\\uDC00'", 8..14, "surrogate"),
            ("RETURN '\\U00110000'", 8..18, "is not a character"),
            ("RETURN /* open", 7..9, "unterminated comment"),
            ("RETURN `open", 7..8, "unterminated quoted name"),
            ("RETURN ``", 7..9, "cannot be empty"),
            ("RETURN $", 7..8, "parameter name"),
            ("RETURN $1a", 7..10, "invalid parameter name"),
            ("RETURN 1abc", 7..11, "invalid number `1abc`"),
            ("RETURN 0x", 7..9, "expected hexadecimal digits"),
            ("RETURN 0x1G", 7..11, "invalid hexadecimal integer"),
            ("RETURN 0o8", 7..10, "invalid octal integer"),
            ("RETURN 99999999999999999999", 7..27, "too large"),
            ("RETURN 0x10000000000000000", 7..26, "too large"),
            ("RETURN 1e999", 7..12, "too large"),
            ("RETURN 017", 7..10, "leading zero"),
            ("RETURN a != b", 9..11, "`<>`"),
            ("RETURN a ! b", 9..10, "unexpected character `!`"),
        ];
        for (text, span, message) in cases {
            let error = lex_error(text);
            assert_eq!(
                error.span,
                Span::new(span.start, span.end),
                "span for {text:?}"
            );
            assert!(
                error.message.contains(message),
                "{text:?}: {:?} should contain {message:?}",
                error.message
            );
        }
    }

    #[test]
    fn tokens_before_an_error_are_kept() {
        let lexed = tokenize("RETURN 1, §");
        assert_eq!(
            lexed
                .tokens
                .iter()
                .map(|token| token.kind.clone())
                .collect::<Vec<_>>(),
            vec![
                TokenKind::Keyword(Keyword::Return),
                TokenKind::Integer(1),
                TokenKind::Comma
            ]
        );
        assert_eq!(lexed.end, Span::new(10, 10));
        assert!(lexed.error.is_some());
    }

    #[test]
    fn control_characters_are_reported_escaped() {
        let error = lex_error("RETURN \u{7}");
        assert_eq!(error.message, "unexpected character `\\u{7}`");
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        assert_eq!(
            kinds("\u{feff}RETURN"),
            vec![TokenKind::Keyword(Keyword::Return)]
        );
    }
}
