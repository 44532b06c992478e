//! Recursive-descent parser for the read-only core of openCypher 9.
//!
//! [`parse`] accepts exactly the language below and returns a
//! [`Query`]; anything else is a [`ParseError`] that points
//! at the offending text and lists what would have been accepted there.
//! Binary operators are parsed by precedence climbing over the levels of the
//! `expression` rules.
//!
//! # Grammar
//!
//! ISO EBNF: `,` sequence, `|` alternative, `[ ]` optional, `{ }` zero or
//! more, `(* *)` comment. Upper-case words in quotes are keywords and match in
//! any case; other quoted text is matched exactly. Whitespace (Unicode white
//! space, and a byte-order mark) and comments may appear between any two
//! tokens.
//!
//! ```text
//! query               = [ "EXPLAIN" ] , single query , { union } , [ ";" ] ;
//! union               = "UNION" , [ "ALL" ] , single query ;
//! single query        = { reading clause } , return ;
//! reading clause      = match | unwind | with | call ;
//! call                = "CALL" , name , { "." , name } ,
//!                       "(" , [ expression , { "," , expression } ] , ")" ,
//!                       "YIELD" , yield item , { "," , yield item } , [ where ] ;
//! yield item          = name , [ "AS" , variable ] ;
//! match               = [ "OPTIONAL" ] , "MATCH" , pattern , { "," , pattern } ,
//!                       [ where ] ;
//! unwind              = "UNWIND" , expression , "AS" , variable ;
//! with                = "WITH" , projection , [ where ] ;
//! return              = "RETURN" , projection ;
//! where               = "WHERE" , expression ;
//! projection          = [ "DISTINCT" ] , projection items , [ order by ] ,
//!                       [ "SKIP" , expression ] , [ "LIMIT" , expression ] ;
//! projection items    = "*" , { "," , projection item }
//!                     | projection item , { "," , projection item } ;
//! projection item     = expression , [ "AS" , variable ] ;
//! order by            = "ORDER" , "BY" , sort item , { "," , sort item } ;
//! sort item           = expression ,
//!                       [ "ASC" | "ASCENDING" | "DESC" | "DESCENDING" ] ;
//!
//! pattern             = [ variable , "=" ] , ( shortest path | path ) ;
//! shortest path       = ( "shortestPath" | "allShortestPaths" ) ,
//!                       "(" , path , ")" ;  (* names in any case *)
//! path                = node , { relationship , node } ;
//! node                = "(" , [ variable ] , [ label list ] ,
//!                       [ property map ] , ")" ;
//! relationship        = [ "<" ] , "-" , [ relationship detail ] , "-" ,
//!                       [ ">" ] ;
//! relationship detail = "[" , [ variable ] , [ type list ] , [ range ] ,
//!                       [ property map ] , "]" ;
//! type list           = ":" , name , { "|" , [ ":" ] , name } ;
//! range               = "*" , [ integer ] , [ ".." , [ integer ] ] ;
//! label list          = ":" , name , ( { ":" , name }
//!                                    | { "|" , [ ":" ] , name } ) ;
//! property map        = "{" , [ map entry , { "," , map entry } ] , "}" ;
//! map entry           = name , ":" , expression ;
//!
//! expression          = xor expression , { "OR" , xor expression } ;
//! xor expression      = and expression , { "XOR" , and expression } ;
//! and expression      = not expression , { "AND" , not expression } ;
//! not expression      = { "NOT" } , comparison ;
//! comparison          = predicate , { comparison operator , predicate } ;
//! comparison operator = "=" | "<>" | "<" | ">" | "<=" | ">=" ;
//! predicate           = additive , { predicate operator , additive
//!                                  | "IS" , [ "NOT" ] , "NULL" } ;
//! predicate operator  = "=~" | "IN" | "STARTS" , "WITH" | "ENDS" , "WITH"
//!                     | "CONTAINS" ;
//! additive            = multiplicative , { ( "+" | "-" ) , multiplicative } ;
//! multiplicative      = power , { ( "*" | "/" | "%" ) , power } ;
//! power               = unary , { "^" , unary } ;
//! unary               = { "+" | "-" } , postfix ;
//! postfix             = atom , { "." , name
//!                              | "[" , expression , "]"
//!                              | "[" , [ expression ] , ".." ,
//!                                [ expression ] , "]"
//!                              | label list } ;
//! atom                = literal | parameter | count star | list predicate
//!                     | reduce | subquery | pattern condition | function call
//!                     | case | list comprehension | pattern comprehension
//!                     | list | map | variable
//!                     | "(" , expression , ")" ;
//! subquery            = ( "EXISTS" | "COUNT" ) , "{" , [ "MATCH" ] , pattern ,
//!                       { "," , pattern } , [ "WHERE" , expression ] , "}"
//!                     | "COLLECT" , "{" , [ "MATCH" ] , pattern ,
//!                       { "," , pattern } , [ "WHERE" , expression ] ,
//!                       "RETURN" , expression , "}" ;
//! pattern comprehension = "[" , pattern , [ "WHERE" , expression ] , "|" ,
//!                       expression , "]" ;
//! pattern condition   = path ;  (* with at least one relationship *)
//! list predicate      = ( "ALL" | "ANY" | "NONE" | "SINGLE" ) , "(" , variable ,
//!                       "IN" , expression , "WHERE" , expression , ")" ;
//! reduce              = "REDUCE" , "(" , variable , "=" , expression , "," ,
//!                       variable , "IN" , expression , "|" , expression , ")" ;
//! literal             = integer | float | string | "TRUE" | "FALSE" | "NULL" ;
//! count star          = "count" , "(" , "*" , ")" ;  (* "count" in any case *)
//! function call       = symbol , "(" ,
//!                       [ [ "DISTINCT" ] , expression , { "," , expression } ] ,
//!                       ")" ;
//! case                = "CASE" , [ expression ] , case branch ,
//!                       { case branch } , [ "ELSE" , expression ] , "END" ;
//! case branch         = "WHEN" , expression , "THEN" , expression ;
//! list comprehension  = "[" , variable , "IN" , expression ,
//!                       [ "WHERE" , expression ] , [ "|" , expression ] , "]" ;
//! list                = "[" , [ expression , { "," , expression } ] , "]" ;
//! map                 = "{" , [ map entry , { "," , map entry } ] , "}" ;
//! variable            = symbol ;
//! name                = symbol | reserved word ;
//!
//! (* Tokens *)
//! symbol              = identifier | quoted name ;
//! identifier          = ( letter | "_" ) , { letter | digit | "_" } ;
//!                       (* Unicode letters and digits; not a reserved word *)
//! quoted name         = "`" , ( character - "`" | "``" ) ,
//!                       { character - "`" | "``" } , "`" ;
//! reserved word       = "ALL" | "AND" | "AS" | "ASC" | "ASCENDING" | "BY"
//!                     | "CASE" | "CONTAINS" | "CREATE" | "DELETE" | "DESC"
//!                     | "DESCENDING" | "DETACH" | "DISTINCT" | "ELSE" | "END"
//!                     | "ENDS" | "FALSE" | "IN" | "IS" | "LIMIT" | "MATCH"
//!                     | "MERGE" | "NOT" | "NULL" | "OPTIONAL" | "OR" | "ORDER"
//!                     | "REMOVE" | "RETURN" | "SET" | "SKIP" | "STARTS"
//!                     | "THEN" | "TRUE" | "UNION" | "UNWIND" | "WHEN"
//!                     | "WHERE" | "WITH" | "XOR" ;
//! parameter           = "$" , ( ( letter | "_" ) , { letter | digit | "_" }
//!                             | ascii digit , { ascii digit }
//!                             | quoted name ) ;  (* no space after "$" *)
//! integer             = "0" | nonzero digit , { ascii digit }
//!                     | "0" , ( "x" | "X" ) , hex digit , { hex digit }
//!                     | "0" , ( "o" | "O" ) , octal digit , { octal digit } ;
//! float               = { ascii digit } , "." , ascii digit , { ascii digit } ,
//!                       [ exponent ]
//!                     | ascii digit , { ascii digit } , exponent ;
//! exponent            = ( "e" | "E" ) , [ "+" | "-" ] , ascii digit ,
//!                       { ascii digit } ;
//! string              = "'" , { character - ( "'" | "\" ) | escape } , "'"
//!                     | '"' , { character - ( '"' | "\" ) | escape } , '"' ;
//! escape              = "\" , ( "\" | "'" | '"' | "n" | "N" | "t" | "T" | "r"
//!                           | "R" | "b" | "B" | "f" | "F"
//!                           | "u" , 4 * hex digit | "U" , 8 * hex digit ) ;
//! comment             = "//" , { character - newline }
//!                     | "/*" , { character } , "*/" ;  (* not nested *)
//! ```
//!
//! A number, identifier or parameter must not run straight into a letter or
//! digit (`1abc` is an error, not `1` then `abc`). `..` is one token, so
//! `1..3` is two integers around it.
//!
//! # Choices the grammar leaves ambiguous
//!
//! * `EXPLAIN` is not a reserved word: an identifier spelled so (any case,
//!   not backquoted) at the start of the query is the prefix, anywhere else a
//!   name.
//! * In `atom`, a `(` starts a pattern condition when what it holds could be a
//!   node pattern (a name, labels, a property map) and a relationship arrow
//!   follows its `)` (`-[`, `-->`, `--(`, `<-[`, `<--(`); otherwise it groups.
//!   A pattern condition as an operand is printed in parentheses, since a path
//!   runs on while an arrow follows. `EXISTS` and `COUNT` followed by `{` start
//!   a subquery; followed by `(`, a function call.
//! * `any`, `none`, `single` and `reduce` are names, not reserved words: a
//!   list predicate is one of the first three followed by `(`, a symbol and
//!   `IN`; `reduce` followed by `(`, a symbol and `=` is the fold. In `reduce`,
//!   `|` ends the list, as it ends a comprehension's `WHERE`.
//! * In `pattern`, an identifier spelled `shortestPath` or `allShortestPaths`
//!   (any case) directly followed by `(` is the wrapper; any other leading
//!   identifier is the path variable.
//! * In `atom`, `[` followed by a symbol and `IN` always starts a list
//!   comprehension, so `[x IN xs]` is a comprehension; write `[(x IN xs)]` for
//!   a one-element list. A symbol followed by `(` is a function call, and
//!   `count(*)` wins over a call with a `*` argument.
//! * A `-` written directly before a number literal is folded into it, so
//!   `-9223372036854775808` is representable; `-2 ^ 2` is `(-2) ^ 2`, as it is
//!   anyway because unary minus binds tighter than `^`.
//! * Inside the `WHERE` of a list comprehension, `|` ends the filter rather
//!   than continuing a label list; write `[x IN xs WHERE (x:A|B) | x]`.
//!   Parentheses, brackets, braces and `CASE ... END` lift this again.
//! * Chained comparisons `a < b <= c` are one
//!   [`ComparisonChain`](super::ast::ExprKind::ComparisonChain) meaning
//!   `a < b AND b <= c`.
//!
//! # Restrictions beyond the grammar
//!
//! * Clauses that write (`CREATE`, `MERGE`, `SET`, `DELETE`, `DETACH`,
//!   `REMOVE`, `LOAD CSV`, `FOREACH`) are refused where a clause could start, with
//!   an error naming the keyword. `CALL name(args) YIELD ...` calls a read-only
//!   procedure of the graph.
//! * Read-only features that are not supported are refused by name: `CALL { }`
//!   subqueries, `YIELD *`, and map projections (`n {.name}`). Inside `EXISTS { }`
//!   and `COUNT { }` only `[MATCH] patterns [WHERE condition]` is supported, and
//!   `COLLECT { }` adds `RETURN expression`.
//! * A relationship cannot require two types (`:A:B`); a label list cannot
//!   mix `:` and `|`. One that points both ways (`<-->`, `<-[r]->`) matches
//!   either direction, as `--` does, and prints so.
//! * A property map in a pattern cannot be a parameter (as in Neo4j 5 `MATCH`).
//! * Every `WITH` item that is not a bare variable needs `AS`.
//! * `UNION` and `UNION ALL` cannot be mixed in one query.
//! * A `shortestPath`/`allShortestPaths` pattern has exactly one relationship.
//! * Integers must fit an `i64`; floats must be finite.
//! * Expressions may nest at most 200 deep, where every operator in a chain
//!   such as `a + b + c` counts as one level (the tree is that deep); deeper
//!   input is an error rather than a stack overflow.

use super::ast::{
    BinaryOp, Call, CaseBranch, Clause, Direction, Expr, ExprKind, Ident, Iteration, LabelExpr,
    LabelForm, ListComprehension, ListPredicate, Literal, MapEntry, Match, NodePattern,
    PatternPart, PatternStep, Precedence, Projection, ProjectionItem, PropertyMap, Quantifier,
    Query, Reduce, RelationshipPattern, Return, ShortestPath, SingleQuery, SortDirection, SortItem,
    Span, SubqueryKind, UnaryOp, UnionPart, Unwind, VarLength, With, YieldItem,
};
use super::error::ParseError;
use super::lexer::{self, Keyword, Token, TokenKind};

/// How deeply expressions may nest. Each level costs at most about 5 KiB of
/// stack in a debug build (under 2 KiB optimised), parsing and printing
/// included, so the deepest accepted input needs about 1 MiB: half of the
/// 2 MiB that Rust gives spawned threads, including test threads.
const MAX_DEPTH: usize = 200;

/// The clauses that can start a single query, as shown in "expected" lists.
const CLAUSE_STARTS: [&str; 5] = [
    "`MATCH`",
    "`OPTIONAL MATCH`",
    "`RETURN`",
    "`UNWIND`",
    "`WITH`",
];

/// Parses a read-only query; see the [module documentation](self) for the
/// accepted language.
///
/// Never panics. When the text has both a syntax error and a lexical error
/// (such as an unterminated string), the one that starts first is reported.
pub fn parse(text: &str) -> Result<Query, ParseError> {
    let lexed = lexer::tokenize(text);
    if lexed.tokens.is_empty() && lexed.error.is_none() {
        return Err(ParseError {
            message: "the query is empty".to_string(),
            span: lexed.end,
            expected: CLAUSE_STARTS.iter().map(|s| s.to_string()).collect(),
        });
    }
    let mut parser = Parser::new(text, lexed.tokens, lexed.end);
    let parsed = parser.query();
    match (lexed.error, parsed) {
        (None, parsed) => parsed,
        (Some(lexical), Ok(_)) => Err(lexical),
        // The parser only saw the tokens before the lexical error, so a
        // syntax error at or after it is an artefact of the cut.
        (Some(lexical), Err(syntax)) if syntax.span.start < lexical.span.start => Err(syntax),
        (Some(lexical), Err(_)) => Err(lexical),
    }
}

type ParseResult<T> = Result<T, ParseError>;

/// An operator that can follow a complete operand.
enum Infix {
    Binary(BinaryOp),
    /// `IS [NOT] NULL`, which has no right operand.
    IsNull,
}

impl Infix {
    fn precedence(&self) -> Precedence {
        match self {
            Infix::Binary(op) => op.precedence(),
            Infix::IsNull => Precedence::Predicate,
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    /// Returned by `peek` once the tokens run out.
    end: Token,
    /// Index of the next token.
    pos: usize,
    /// Current nesting depth, bounded by `MAX_DEPTH`.
    depth: usize,
    /// What was tried and not found at token `expected_at`; reported if the
    /// parse fails there.
    expected: Vec<String>,
    expected_at: usize,
    /// Set while parsing a list comprehension's filter, where `|` starts the
    /// mapping expression instead of continuing a label list.
    bar_ends_labels: bool,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, tokens: Vec<Token>, end: Span) -> Self {
        Parser {
            text,
            tokens,
            end: Token {
                kind: TokenKind::Eof,
                span: end,
            },
            pos: 0,
            depth: 0,
            expected: Vec::new(),
            expected_at: 0,
            bar_ends_labels: false,
        }
    }

    // ----- token access -----

    fn peek(&self) -> &Token {
        self.tokens.get(self.pos).unwrap_or(&self.end)
    }

    fn peek_kind(&self) -> &TokenKind {
        &self.peek().kind
    }

    fn kind_at(&self, ahead: usize) -> &TokenKind {
        self.tokens
            .get(self.pos + ahead)
            .map_or(&self.end.kind, |token| &token.kind)
    }

    fn keyword_at(&self, ahead: usize) -> Option<Keyword> {
        match self.kind_at(ahead) {
            TokenKind::Keyword(keyword) => Some(*keyword),
            _ => None,
        }
    }

    fn at(&self, kind: &TokenKind) -> bool {
        self.peek_kind() == kind
    }

    fn at_keyword(&self, keyword: Keyword) -> bool {
        self.keyword_at(0) == Some(keyword)
    }

    fn at_symbol(&self) -> bool {
        matches!(
            self.peek_kind(),
            TokenKind::Identifier(_) | TokenKind::QuotedIdentifier(_)
        )
    }

    /// Consumes the current token (never the end) and returns its span.
    fn bump(&mut self) -> Span {
        let span = self.peek().span;
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        span
    }

    /// End offset of the last consumed token; every node's span ends here
    /// once its last token is consumed.
    fn previous_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|index| self.tokens.get(index))
            .map_or(0, |token| token.span.end)
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.previous_end().max(start))
    }

    fn text_of(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    // ----- expectations and errors -----

    /// Notes that `what` would have been accepted at the current token.
    fn expect_here(&mut self, what: &str) {
        if self.pos > self.expected_at {
            self.expected.clear();
            self.expected_at = self.pos;
        }
        if self.pos == self.expected_at && !self.expected.iter().any(|known| known == what) {
            self.expected.push(what.to_string());
        }
    }

    fn eat(&mut self, kind: TokenKind) -> Option<Span> {
        if self.at(&kind) {
            Some(self.bump())
        } else {
            self.expect_here(kind.describe());
            None
        }
    }

    fn eat_keyword(&mut self, keyword: Keyword) -> Option<Span> {
        if self.at_keyword(keyword) {
            Some(self.bump())
        } else {
            let shown = match keyword {
                Keyword::Order => "`ORDER BY`".to_string(),
                other => format!("`{}`", other.as_str()),
            };
            self.expect_here(&shown);
            None
        }
    }

    fn expect(&mut self, kind: TokenKind) -> ParseResult<Span> {
        match self.eat(kind) {
            Some(span) => Ok(span),
            None => Err(self.unexpected()),
        }
    }

    fn expect_keyword(&mut self, keyword: Keyword) -> ParseResult<Span> {
        match self.eat_keyword(keyword) {
            Some(span) => Ok(span),
            None => Err(self.unexpected()),
        }
    }

    /// "unexpected X", with whatever was noted as expected at this token.
    fn unexpected(&self) -> ParseError {
        let token = self.peek();
        let mut expected = if self.expected_at == self.pos {
            self.expected.clone()
        } else {
            Vec::new()
        };
        expected.sort();
        ParseError {
            message: format!("unexpected {}", self.describe(token)),
            span: token.span,
            expected,
        }
    }

    fn describe(&self, token: &Token) -> String {
        let written = self.text_of(token.span);
        let quotable = written.chars().count() <= 40 && !written.contains('\n');
        match &token.kind {
            TokenKind::Eof => "end of input".to_string(),
            TokenKind::String(_) => "string".to_string(),
            TokenKind::QuotedIdentifier(_) if quotable => written.to_string(),
            kind if !quotable => kind.describe().to_string(),
            _ => format!("`{written}`"),
        }
    }

    /// Enters one more level of nesting, failing past `MAX_DEPTH`.
    fn descend(&mut self) -> ParseResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.too_deep());
        }
        Ok(())
    }

    fn too_deep(&self) -> ParseError {
        ParseError::new(
            format!("expression nested too deeply (the limit is {MAX_DEPTH} levels)"),
            self.peek().span,
        )
    }

    // ----- names -----

    fn opt_variable(&mut self) -> Option<Ident> {
        let name = match self.peek_kind() {
            TokenKind::Identifier(name) | TokenKind::QuotedIdentifier(name) => name.clone(),
            _ => {
                self.expect_here("variable");
                return None;
            }
        };
        let span = self.bump();
        Some(Ident { name, span })
    }

    fn variable(&mut self) -> ParseResult<Ident> {
        if let Some(variable) = self.opt_variable() {
            return Ok(variable);
        }
        let mut error = self.unexpected();
        if let TokenKind::Keyword(keyword) = self.peek_kind() {
            let written = self.text_of(self.peek().span);
            error.message = format!(
                "unexpected `{written}` (`{}` is a reserved word; write `` `{written}` `` to use it as a name)",
                keyword.as_str()
            );
        }
        Err(error)
    }

    /// A label, relationship type or property key: reserved words allowed.
    fn name(&mut self) -> ParseResult<Ident> {
        let name = match self.peek_kind() {
            TokenKind::Identifier(name) | TokenKind::QuotedIdentifier(name) => Some(name.clone()),
            TokenKind::Keyword(_) => Some(self.text_of(self.peek().span).to_string()),
            _ => None,
        };
        match name {
            Some(name) => {
                let span = self.bump();
                Ok(Ident { name, span })
            }
            None => {
                self.expect_here("name");
                Err(self.unexpected())
            }
        }
    }

    // ----- queries and clauses -----

    fn query(&mut self) -> ParseResult<Query> {
        // `EXPLAIN` is not reserved (it may name a variable), but no single query
        // starts with a name, so a leading one is the prefix.
        let start = self.peek().span.start;
        let explain = matches!(self.peek_kind(), TokenKind::Identifier(word) if word.eq_ignore_ascii_case("explain"));
        if explain {
            self.bump();
        }
        let first = self.single_query()?;
        let mut unions: Vec<UnionPart> = Vec::new();
        while let Some(union_span) = self.eat_keyword(Keyword::Union) {
            let all_span = self.eat_keyword(Keyword::All);
            let all = all_span.is_some();
            if let Some(previous) = unions.first()
                && previous.all != all
            {
                return Err(ParseError::new(
                    "cannot mix `UNION` and `UNION ALL` in one query",
                    union_span.to(all_span.unwrap_or(union_span)),
                ));
            }
            let query = self.single_query()?;
            unions.push(UnionPart {
                all,
                query,
                span: self.span_from(union_span.start),
            });
        }
        let span = self.span_from(start);
        self.eat(TokenKind::Semicolon);
        if !self.at(&TokenKind::Eof) {
            self.expect_here("end of input");
            return Err(self.unexpected());
        }
        Ok(Query {
            explain,
            first,
            unions,
            span,
        })
    }

    fn single_query(&mut self) -> ParseResult<SingleQuery> {
        let start = self.peek().span.start;
        let mut clauses = Vec::new();
        loop {
            if self.at_procedure_call() {
                clauses.push(Clause::Call(self.call_clause()?));
                continue;
            }
            self.refuse_write_clause()?;
            match self.keyword_at(0) {
                Some(Keyword::Match) => {
                    let start = self.bump().start;
                    clauses.push(Clause::Match(self.match_clause(false, start)?));
                }
                Some(Keyword::Optional) => {
                    let start = self.bump().start;
                    self.expect_keyword(Keyword::Match)?;
                    clauses.push(Clause::Match(self.match_clause(true, start)?));
                }
                Some(Keyword::Unwind) => clauses.push(Clause::Unwind(self.unwind_clause()?)),
                Some(Keyword::With) => clauses.push(Clause::With(self.with_clause()?)),
                Some(Keyword::Return) => {
                    let return_clause = self.return_clause()?;
                    return Ok(SingleQuery {
                        clauses,
                        return_clause,
                        span: self.span_from(start),
                    });
                }
                _ => {
                    for clause in CLAUSE_STARTS {
                        self.expect_here(clause);
                    }
                    let mut error = self.unexpected();
                    let at_end = matches!(self.peek_kind(), TokenKind::Eof | TokenKind::Semicolon);
                    if at_end && !clauses.is_empty() {
                        error.message.push_str(" (a query must end with `RETURN`)");
                    }
                    return Err(error);
                }
            }
        }
    }

    /// Whether `CALL name` starts here (`CALL {` is a subquery).
    fn at_procedure_call(&self) -> bool {
        matches!(self.peek_kind(), TokenKind::Identifier(word) if word.eq_ignore_ascii_case("CALL"))
            && matches!(
                self.kind_at(1),
                TokenKind::Identifier(_) | TokenKind::QuotedIdentifier(_)
            )
    }

    /// `CALL name(args) YIELD column [AS name], ... [WHERE condition]`, at `CALL`.
    fn call_clause(&mut self) -> ParseResult<Call> {
        let start = self.bump().start;
        let mut procedure = self.variable()?;
        while self.eat(TokenKind::Dot).is_some() {
            let part = self.variable()?;
            procedure = Ident {
                name: format!("{}.{}", procedure.name, part.name),
                span: procedure.span.to(part.span),
            };
        }
        self.expect(TokenKind::LeftParen)?;
        let args = self.expression_list(TokenKind::RightParen, true)?;
        let at_yield = matches!(self.peek_kind(), TokenKind::Identifier(word) if word.eq_ignore_ascii_case("YIELD"));
        if !at_yield {
            return Err(ParseError::new(
                format!(
                    "`CALL {}()` needs `YIELD` and the columns to keep, as in `CALL algo.pagerank() YIELD node, score`",
                    procedure.name
                ),
                self.span_from(start),
            ));
        }
        self.bump();
        if self.at(&TokenKind::Star) {
            return Err(ParseError::new(
                "`YIELD *` is not supported; name the columns to keep",
                self.peek().span,
            ));
        }
        let mut yields = Vec::new();
        loop {
            let column = self.variable()?;
            let alias = match self.eat_keyword(Keyword::As) {
                Some(_) => Some(self.variable()?),
                None => None,
            };
            yields.push(YieldItem { column, alias });
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        let where_clause = self.where_clause()?;
        Ok(Call {
            procedure,
            args,
            yields,
            where_clause,
            span: self.span_from(start),
        })
    }

    /// Fails with a pointer to the `agencygraph` commands if a clause that
    /// writes starts here.
    fn refuse_write_clause(&self) -> ParseResult<()> {
        let token = self.peek();
        if matches!(&token.kind, TokenKind::Identifier(word) if word.eq_ignore_ascii_case("CALL"))
            && self.kind_at(1) == &TokenKind::LeftBrace
        {
            return Err(ParseError::new(
                "`CALL { }` subqueries are not supported",
                token
                    .span
                    .to(self.tokens.get(self.pos + 1).map_or(token.span, |t| t.span)),
            ));
        }
        let writes = match &token.kind {
            TokenKind::Keyword(
                Keyword::Create
                | Keyword::Merge
                | Keyword::Set
                | Keyword::Delete
                | Keyword::Detach
                | Keyword::Remove,
            ) => true,
            // openCypher does not reserve these, so they lex as names.
            TokenKind::Identifier(word) => ["LOAD", "FOREACH"]
                .iter()
                .any(|clause| clause.eq_ignore_ascii_case(word)),
            _ => false,
        };
        if !writes {
            return Ok(());
        }
        let mut keyword = self.text_of(token.span).to_uppercase();
        let mut span = token.span;
        if keyword == "LOAD"
            && let TokenKind::Identifier(next) = self.kind_at(1)
            && next.eq_ignore_ascii_case("CSV")
        {
            keyword = format!("LOAD {}", next.to_uppercase());
            if let Some(csv) = self.tokens.get(self.pos + 1) {
                span = span.to(csv.span);
            }
        }
        Err(ParseError::new(
            format!(
                "`{keyword}` writes to the graph; queries are read-only (change data with `agencygraph add`, `set`, `remove`, `rename` or `merge`)"
            ),
            span,
        ))
    }

    fn match_clause(&mut self, optional: bool, start: usize) -> ParseResult<Match> {
        let mut patterns = vec![self.pattern_part()?];
        while self.eat(TokenKind::Comma).is_some() {
            patterns.push(self.pattern_part()?);
        }
        let where_clause = self.where_clause()?;
        Ok(Match {
            optional,
            patterns,
            where_clause,
            span: self.span_from(start),
        })
    }

    fn where_clause(&mut self) -> ParseResult<Option<Expr>> {
        if self.eat_keyword(Keyword::Where).is_some() {
            Ok(Some(self.expression()?))
        } else {
            Ok(None)
        }
    }

    fn unwind_clause(&mut self) -> ParseResult<Unwind> {
        let start = self.bump().start;
        let list = self.expression()?;
        self.expect_keyword(Keyword::As)?;
        let variable = self.variable()?;
        Ok(Unwind {
            list,
            variable,
            span: self.span_from(start),
        })
    }

    fn with_clause(&mut self) -> ParseResult<With> {
        let start = self.bump().start;
        let projection = self.projection(Keyword::With)?;
        let where_clause = self.where_clause()?;
        Ok(With {
            projection,
            where_clause,
            span: self.span_from(start),
        })
    }

    fn return_clause(&mut self) -> ParseResult<Return> {
        let start = self.bump().start;
        let projection = self.projection(Keyword::Return)?;
        Ok(Return {
            projection,
            span: self.span_from(start),
        })
    }

    /// The body of `WITH` or `RETURN` (named by `clause`).
    fn projection(&mut self, clause: Keyword) -> ParseResult<Projection> {
        let distinct = self.eat_keyword(Keyword::Distinct).is_some();
        let star = self.eat(TokenKind::Star).is_some();
        let mut items = Vec::new();
        if star {
            while self.eat(TokenKind::Comma).is_some() {
                items.push(self.projection_item(clause)?);
            }
        } else {
            loop {
                items.push(self.projection_item(clause)?);
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
            }
        }
        let mut order_by = Vec::new();
        if self.eat_keyword(Keyword::Order).is_some() {
            self.expect_keyword(Keyword::By)?;
            loop {
                order_by.push(self.sort_item()?);
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
            }
        }
        let skip = match self.eat_keyword(Keyword::Skip) {
            Some(_) => Some(Box::new(self.expression()?)),
            None => None,
        };
        let limit = match self.eat_keyword(Keyword::Limit) {
            Some(_) => Some(Box::new(self.expression()?)),
            None => None,
        };
        Ok(Projection {
            distinct,
            star,
            items,
            order_by,
            skip,
            limit,
        })
    }

    fn projection_item(&mut self, clause: Keyword) -> ParseResult<ProjectionItem> {
        let expr = self.expression()?;
        let alias = match self.eat_keyword(Keyword::As) {
            Some(_) => Some(self.variable()?),
            None => None,
        };
        // Later clauses can only refer to a `WITH` column by name, and an
        // expression has none.
        if clause == Keyword::With && alias.is_none() && !matches!(expr.kind, ExprKind::Variable(_))
        {
            return Err(ParseError::new(
                "an expression in `WITH` must be named with `AS`, as in `WITH count(*) AS total`",
                expr.span,
            ));
        }
        let span = self.span_from(expr.span.start);
        Ok(ProjectionItem { expr, alias, span })
    }

    fn sort_item(&mut self) -> ParseResult<SortItem> {
        let expr = self.expression()?;
        let direction = match self.keyword_at(0) {
            Some(Keyword::Asc | Keyword::Ascending) => {
                self.bump();
                SortDirection::Ascending
            }
            Some(Keyword::Desc | Keyword::Descending) => {
                self.bump();
                SortDirection::Descending
            }
            _ => {
                self.expect_here("`ASC`");
                self.expect_here("`DESC`");
                SortDirection::Ascending
            }
        };
        let span = self.span_from(expr.span.start);
        Ok(SortItem {
            expr,
            direction,
            span,
        })
    }

    // ----- patterns -----

    /// The wrapper kind if `shortestPath(` or `allShortestPaths(` starts here.
    fn shortest_path_at(&self) -> Option<ShortestPath> {
        let TokenKind::Identifier(name) = self.peek_kind() else {
            return None;
        };
        if self.kind_at(1) != &TokenKind::LeftParen {
            return None;
        }
        ShortestPath::ALL
            .into_iter()
            .find(|form| name.eq_ignore_ascii_case(form.function_name()))
    }

    fn pattern_part(&mut self) -> ParseResult<PatternPart> {
        let start = self.peek().span.start;
        let mut variable = None;
        if self.shortest_path_at().is_none() && self.at_symbol() {
            variable = self.opt_variable();
            self.expect(TokenKind::Equals)?;
        } else {
            self.expect_here("variable");
        }
        let Some(shortest) = self.shortest_path_at() else {
            let (first, steps) = self.path()?;
            return Ok(PatternPart {
                variable,
                shortest: None,
                start: first,
                steps,
                span: self.span_from(start),
            });
        };
        let function_start = self.bump().start;
        self.bump();
        let (first, steps) = self.path()?;
        self.expect(TokenKind::RightParen)?;
        if steps.len() != 1 {
            let function = shortest.function_name();
            return Err(ParseError::new(
                format!(
                    "`{function}` needs a pattern with exactly one relationship, as in `{function}((a)-[*]-(b))`"
                ),
                self.span_from(function_start),
            ));
        }
        Ok(PatternPart {
            variable,
            shortest: Some(shortest),
            start: first,
            steps,
            span: self.span_from(start),
        })
    }

    fn path(&mut self) -> ParseResult<(NodePattern, Vec<PatternStep>)> {
        let first = self.node()?;
        let mut steps = Vec::new();
        while matches!(self.peek_kind(), TokenKind::Minus | TokenKind::Less) {
            let relationship = self.relationship()?;
            let node = self.node()?;
            steps.push(PatternStep { relationship, node });
        }
        self.expect_here("`-`");
        self.expect_here("`<-`");
        Ok((first, steps))
    }

    fn node(&mut self) -> ParseResult<NodePattern> {
        let start = self.expect(TokenKind::LeftParen)?.start;
        let variable = self.opt_variable();
        let labels = if self.at(&TokenKind::Colon) {
            Some(self.label_expr(true)?)
        } else {
            self.expect_here("`:`");
            None
        };
        let properties = self.opt_property_map()?;
        self.expect(TokenKind::RightParen)?;
        Ok(NodePattern {
            variable,
            labels,
            properties,
            span: self.span_from(start),
        })
    }

    /// `:A:B` or `:A|B`; `allow_bar` is false where `|` means something else.
    fn label_expr(&mut self, allow_bar: bool) -> ParseResult<LabelExpr> {
        let start = self.expect(TokenKind::Colon)?.start;
        let mut names = vec![self.name()?];
        let mut form = None;
        loop {
            let next = if self.at(&TokenKind::Colon) {
                LabelForm::AllOf
            } else if allow_bar && self.at(&TokenKind::Pipe) {
                LabelForm::AnyOf
            } else {
                self.expect_here("`:`");
                if allow_bar {
                    self.expect_here("`|`");
                }
                break;
            };
            if form.is_some_and(|form| form != next) {
                return Err(ParseError::new(
                    "cannot mix `:` and `|` in one label list; write `:A:B` for all of the labels or `:A|B` for any of them",
                    self.peek().span,
                ));
            }
            form = Some(next);
            self.bump();
            // `:A|:B` is the older spelling of `:A|B`.
            if next == LabelForm::AnyOf && self.at(&TokenKind::Colon) {
                self.bump();
            }
            names.push(self.name()?);
        }
        Ok(LabelExpr {
            names,
            form: form.unwrap_or(LabelForm::AllOf),
            span: self.span_from(start),
        })
    }

    fn relationship_types(&mut self) -> ParseResult<Vec<Ident>> {
        self.expect(TokenKind::Colon)?;
        let mut types = vec![self.name()?];
        loop {
            if self.at(&TokenKind::Pipe) {
                self.bump();
                if self.at(&TokenKind::Colon) {
                    self.bump();
                }
                types.push(self.name()?);
            } else if self.at(&TokenKind::Colon) {
                return Err(ParseError::new(
                    "a relationship has exactly one type, so `:A:B` can never match; write `:A|B` to match either type",
                    self.peek().span,
                ));
            } else {
                self.expect_here("`|`");
                return Ok(types);
            }
        }
    }

    fn relationship(&mut self) -> ParseResult<RelationshipPattern> {
        let start = self.peek().span.start;
        let incoming = self.at(&TokenKind::Less);
        if incoming {
            self.bump();
        }
        self.expect(TokenKind::Minus)?;
        let mut variable = None;
        let mut types = Vec::new();
        let mut length = None;
        let mut properties = None;
        if self.eat(TokenKind::LeftBracket).is_some() {
            variable = self.opt_variable();
            if self.at(&TokenKind::Colon) {
                types = self.relationship_types()?;
            } else {
                self.expect_here("`:`");
            }
            if self.at(&TokenKind::Star) {
                length = Some(self.range()?);
            } else {
                self.expect_here("`*`");
            }
            properties = self.opt_property_map()?;
            self.expect(TokenKind::RightBracket)?;
        }
        self.expect(TokenKind::Minus)?;
        let outgoing = self.eat(TokenKind::Greater).is_some();
        let span = self.span_from(start);
        // `<-->` points both ways, which matches either direction, as `--` does.
        let direction = match (incoming, outgoing) {
            (true, false) => Direction::Incoming,
            (false, true) => Direction::Outgoing,
            (true, true) | (false, false) => Direction::Both,
        };
        Ok(RelationshipPattern {
            direction,
            variable,
            types,
            length,
            properties,
            span,
        })
    }

    fn range(&mut self) -> ParseResult<VarLength> {
        let start = self.expect(TokenKind::Star)?.start;
        let min = self.opt_range_bound();
        // `*2` is exactly two hops; `*2..` is two or more.
        let max = if self.eat(TokenKind::DotDot).is_some() {
            self.opt_range_bound()
        } else {
            min
        };
        Ok(VarLength {
            min,
            max,
            span: self.span_from(start),
        })
    }

    fn opt_range_bound(&mut self) -> Option<u64> {
        if let TokenKind::Integer(bound) = *self.peek_kind() {
            self.bump();
            Some(bound)
        } else {
            self.expect_here("integer");
            None
        }
    }

    fn opt_property_map(&mut self) -> ParseResult<Option<PropertyMap>> {
        match self.peek_kind() {
            TokenKind::LeftBrace => {
                let (entries, span) = self.map_entries()?;
                Ok(Some(PropertyMap { entries, span }))
            }
            TokenKind::Parameter(_) => Err(ParseError::new(
                "a parameter cannot stand for a whole property map in a pattern; list the properties, as in `{name: $name}`",
                self.peek().span,
            )),
            _ => {
                self.expect_here("`{`");
                Ok(None)
            }
        }
    }

    /// `{key: value, ...}`, shared by pattern property maps and map literals.
    fn map_entries(&mut self) -> ParseResult<(Vec<MapEntry>, Span)> {
        let start = self.expect(TokenKind::LeftBrace)?.start;
        let mut entries = Vec::new();
        if self.eat(TokenKind::RightBrace).is_none() {
            loop {
                self.map_entry(&mut entries)?;
                if self.eat(TokenKind::Comma).is_none() {
                    self.expect(TokenKind::RightBrace)?;
                    break;
                }
            }
        }
        Ok((entries, self.span_from(start)))
    }

    fn map_entry(&mut self, entries: &mut Vec<MapEntry>) -> ParseResult<()> {
        let key = self.name()?;
        self.expect(TokenKind::Colon)?;
        let value = self.expression()?;
        entries.push(MapEntry { key, value });
        Ok(())
    }

    // ----- expressions -----
    //
    // The functions from `expression` down to `atom`, and those for
    // bracketed forms, sit on the stack once per nesting level. Debug builds
    // give every temporary its own stack slot, so these functions keep few:
    // rare cases live in helpers, and an `Expr` result is unwrapped with
    // `match`, which takes a few hundred bytes less per frame than `?`. That
    // keeps the deepest accepted input within half of a 2 MiB thread stack.

    /// A full expression, as found inside brackets, braces or after a
    /// keyword.
    fn expression(&mut self) -> ParseResult<Expr> {
        self.descend()?;
        let enclosing = std::mem::replace(&mut self.bar_ends_labels, false);
        let result = self.binary(Precedence::Or);
        self.bar_ends_labels = enclosing;
        self.depth -= 1;
        result
    }

    /// A full expression, boxed for a parent node.
    fn boxed_expression(&mut self) -> ParseResult<Box<Expr>> {
        match self.expression() {
            Ok(expr) => Ok(Box::new(expr)),
            Err(error) => Err(error),
        }
    }

    fn infix_at(&self) -> Option<Infix> {
        let op = match self.peek_kind() {
            TokenKind::Keyword(Keyword::Or) => BinaryOp::Or,
            TokenKind::Keyword(Keyword::Xor) => BinaryOp::Xor,
            TokenKind::Keyword(Keyword::And) => BinaryOp::And,
            TokenKind::Equals => BinaryOp::Equal,
            TokenKind::NotEquals => BinaryOp::NotEqual,
            TokenKind::Less => BinaryOp::Less,
            TokenKind::Greater => BinaryOp::Greater,
            TokenKind::LessOrEqual => BinaryOp::LessOrEqual,
            TokenKind::GreaterOrEqual => BinaryOp::GreaterOrEqual,
            TokenKind::RegexMatch => BinaryOp::RegexMatch,
            TokenKind::Keyword(Keyword::In) => BinaryOp::In,
            TokenKind::Keyword(Keyword::Starts) => BinaryOp::StartsWith,
            TokenKind::Keyword(Keyword::Ends) => BinaryOp::EndsWith,
            TokenKind::Keyword(Keyword::Contains) => BinaryOp::Contains,
            TokenKind::Keyword(Keyword::Is) => return Some(Infix::IsNull),
            TokenKind::Plus => BinaryOp::Add,
            TokenKind::Minus => BinaryOp::Subtract,
            TokenKind::Star => BinaryOp::Multiply,
            TokenKind::Slash => BinaryOp::Divide,
            TokenKind::Percent => BinaryOp::Modulo,
            TokenKind::Caret => BinaryOp::Power,
            _ => return None,
        };
        Some(Infix::Binary(op))
    }

    /// Precedence climbing: an operand, then every infix operator binding at
    /// least as tightly as `min`, left-associatively.
    // `match` instead of `?`: see the note on stack use above.
    #[allow(clippy::question_mark)]
    fn binary(&mut self, min: Precedence) -> ParseResult<Expr> {
        let mut lhs = match self.prefix(min) {
            Ok(operand) => operand,
            Err(error) => return Err(error),
        };
        let outer_depth = self.depth;
        while let Some(infix) = self.infix_at() {
            let precedence = infix.precedence();
            if precedence < min {
                break;
            }
            // Each operator in a chain wraps everything to its left, so a
            // long chain builds a tree as deep as heavy nesting does.
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(self.too_deep());
            }
            let combined = match infix {
                Infix::IsNull => self.is_null(lhs),
                Infix::Binary(op) if precedence == Precedence::Comparison => {
                    self.comparison(lhs, op)
                }
                Infix::Binary(op) => self.binary_operation(lhs, op),
            };
            lhs = match combined {
                Ok(combined) => combined,
                Err(error) => return Err(error),
            };
        }
        self.depth = outer_depth;
        Ok(lhs)
    }

    /// `lhs op rhs` for a left-associative operator, at the operator.
    fn binary_operation(&mut self, lhs: Expr, op: BinaryOp) -> ParseResult<Expr> {
        self.bump();
        if matches!(op, BinaryOp::StartsWith | BinaryOp::EndsWith) {
            self.expect_keyword(Keyword::With)?;
        }
        let rhs = match self.binary(op.precedence().tighter()) {
            Ok(rhs) => Box::new(rhs),
            Err(error) => return Err(error),
        };
        let span = lhs.span.to(rhs.span);
        let lhs = Box::new(lhs);
        Ok(Expr::new(ExprKind::Binary { op, lhs, rhs }, span))
    }

    /// One comparison or a chain of them, `first` already parsed and the
    /// current token being `first_op`.
    fn comparison(&mut self, first: Expr, first_op: BinaryOp) -> ParseResult<Expr> {
        let mut rest = Vec::new();
        let mut op = first_op;
        loop {
            self.bump();
            match self.binary(Precedence::Predicate) {
                Ok(operand) => rest.push((op, operand)),
                Err(error) => return Err(error),
            }
            match self.infix_at() {
                Some(Infix::Binary(next)) if next.is_comparison() => op = next,
                _ => break,
            }
        }
        let span = self.span_from(first.span.start);
        let first = Box::new(first);
        let kind = match rest.pop() {
            Some((op, rhs)) if rest.is_empty() => ExprKind::Binary {
                op,
                lhs: first,
                rhs: Box::new(rhs),
            },
            last => {
                rest.extend(last);
                ExprKind::ComparisonChain { first, rest }
            }
        };
        Ok(Expr::new(kind, span))
    }

    fn is_null(&mut self, operand: Expr) -> ParseResult<Expr> {
        self.bump();
        let negated = self.eat_keyword(Keyword::Not).is_some();
        self.expect_keyword(Keyword::Null)?;
        let span = self.span_from(operand.span.start);
        Ok(Expr::new(
            ExprKind::IsNull {
                operand: Box::new(operand),
                negated,
            },
            span,
        ))
    }

    /// `NOT` where the context allows it (`a = NOT b` does not), otherwise a
    /// unary expression.
    fn prefix(&mut self, min: Precedence) -> ParseResult<Expr> {
        if min <= Precedence::Not && self.at_keyword(Keyword::Not) {
            self.not()
        } else {
            self.unary()
        }
    }

    /// `NOT operand`, at the `NOT`.
    fn not(&mut self) -> ParseResult<Expr> {
        let start = self.bump().start;
        self.descend()?;
        let operand = match self.binary(Precedence::Not) {
            Ok(operand) => Box::new(operand),
            Err(error) => return Err(error),
        };
        self.depth -= 1;
        let op = UnaryOp::Not;
        Ok(Expr::new(
            ExprKind::Unary { op, operand },
            self.span_from(start),
        ))
    }

    /// An operand with any `-`/`+` signs and postfix operators.
    fn unary(&mut self) -> ParseResult<Expr> {
        let op = match self.peek_kind() {
            TokenKind::Minus => UnaryOp::Negate,
            TokenKind::Plus => UnaryOp::Plus,
            _ => {
                return match self.atom() {
                    Ok(atom) => self.postfix(atom),
                    Err(error) => Err(error),
                };
            }
        };
        self.signed(op)
    }

    /// `-operand` or `+operand`, at the sign.
    fn signed(&mut self, op: UnaryOp) -> ParseResult<Expr> {
        let start = self.bump().start;
        if op == UnaryOp::Negate
            && matches!(
                self.peek_kind(),
                TokenKind::Integer(_) | TokenKind::Float(_)
            )
        {
            return self.negative_number(start);
        }
        self.descend()?;
        let operand = match self.unary() {
            Ok(operand) => Box::new(operand),
            Err(error) => return Err(error),
        };
        self.depth -= 1;
        Ok(Expr::new(
            ExprKind::Unary { op, operand },
            self.span_from(start),
        ))
    }

    /// The negated number literal after the `-` at `minus_start`, with any
    /// postfix operators.
    fn negative_number(&mut self, minus_start: usize) -> ParseResult<Expr> {
        let literal = match *self.peek_kind() {
            TokenKind::Integer(magnitude) => match 0_i64.checked_sub_unsigned(magnitude) {
                Some(value) => Literal::Integer(value),
                None => {
                    return Err(ParseError::new(
                        "integer is too small (the smallest is -9223372036854775808)",
                        self.peek().span,
                    ));
                }
            },
            TokenKind::Float(value) => Literal::Float(-value),
            _ => {
                self.expect_here("number");
                return Err(self.unexpected());
            }
        };
        self.bump();
        let number = Expr::new(ExprKind::Literal(literal), self.span_from(minus_start));
        self.postfix(number)
    }

    // `match` instead of `?`: see the note on stack use above.
    #[allow(clippy::question_mark)]
    fn postfix(&mut self, mut subject: Expr) -> ParseResult<Expr> {
        let outer_depth = self.depth;
        loop {
            let next = match self.peek_kind() {
                TokenKind::Dot => self.property(subject),
                TokenKind::LeftBracket => self.subscript(subject),
                TokenKind::Colon => self.has_labels(subject),
                _ => break,
            };
            subject = match next {
                Ok(next) => next,
                Err(error) => return Err(error),
            };
        }
        self.depth = outer_depth;
        Ok(subject)
    }

    /// `subject.key`, at the `.`.
    fn property(&mut self, subject: Expr) -> ParseResult<Expr> {
        self.descend()?;
        self.bump();
        let key = self.name()?;
        let span = self.span_from(subject.span.start);
        let subject = Box::new(subject);
        Ok(Expr::new(ExprKind::Property { subject, key }, span))
    }

    /// `subject:Labels`, at the `:`.
    fn has_labels(&mut self, subject: Expr) -> ParseResult<Expr> {
        self.descend()?;
        let labels = self.label_expr(!self.bar_ends_labels)?;
        let span = self.span_from(subject.span.start);
        let subject = Box::new(subject);
        Ok(Expr::new(ExprKind::HasLabels { subject, labels }, span))
    }

    /// `subject[index]` or `subject[from..to]`, at the `[`.
    fn subscript(&mut self, subject: Expr) -> ParseResult<Expr> {
        self.descend()?;
        let start = subject.span.start;
        let subject = Box::new(subject);
        self.bump();
        let mut from = None;
        if !self.at(&TokenKind::DotDot) {
            self.expect_here("`..`");
            from = Some(self.boxed_expression()?);
        }
        let is_slice = self.eat(TokenKind::DotDot).is_some();
        let kind = match from {
            Some(index) if !is_slice => ExprKind::Index { subject, index },
            from => {
                let mut to = None;
                if !self.at(&TokenKind::RightBracket) {
                    self.expect_here("`]`");
                    to = Some(self.boxed_expression()?);
                }
                ExprKind::Slice { subject, from, to }
            }
        };
        self.expect(TokenKind::RightBracket)?;
        Ok(Expr::new(kind, self.span_from(start)))
    }

    /// Dispatches on the first token only, keeping this frame small.
    fn atom(&mut self) -> ParseResult<Expr> {
        match self.peek_kind() {
            TokenKind::LeftParen if self.pattern_ahead() => self.pattern_predicate(),
            TokenKind::LeftParen => self.parenthesised(),
            TokenKind::LeftBracket => self.list_or_comprehension(),
            TokenKind::LeftBrace => self.map_literal(),
            TokenKind::Keyword(Keyword::Case) => self.case(),
            // `all` is reserved (`UNION ALL`), so only its list predicate is a call.
            TokenKind::Keyword(Keyword::All) if self.kind_at(1) == &TokenKind::LeftParen => {
                self.list_predicate(Quantifier::All)
            }
            TokenKind::Identifier(word)
                if self.kind_at(1) == &TokenKind::LeftBrace
                    && ["EXISTS", "COUNT", "COLLECT"]
                        .iter()
                        .any(|form| word.eq_ignore_ascii_case(form)) =>
            {
                self.subquery()
            }
            TokenKind::Identifier(_) if self.kind_at(1) == &TokenKind::LeftBrace => {
                Err(self.unsupported_brace())
            }
            // `duration.between(...)`, `date.truncate(...)`: a namespaced function.
            TokenKind::Identifier(_)
                if self.kind_at(1) == &TokenKind::Dot
                    && matches!(self.kind_at(2), TokenKind::Identifier(_))
                    && self.kind_at(3) == &TokenKind::LeftParen =>
            {
                self.function_call()
            }
            TokenKind::Identifier(name) if self.kind_at(1) == &TokenKind::LeftParen => {
                let symbol_in = |ahead: usize, then: &TokenKind| {
                    matches!(
                        self.kind_at(ahead),
                        TokenKind::Identifier(_) | TokenKind::QuotedIdentifier(_)
                    ) && self.kind_at(ahead + 1) == then
                };
                let quantifier = [Quantifier::Any, Quantifier::None, Quantifier::Single]
                    .into_iter()
                    .find(|q| q.name().eq_ignore_ascii_case(name));
                match quantifier {
                    Some(quantifier) if symbol_in(2, &TokenKind::Keyword(Keyword::In)) => {
                        self.list_predicate(quantifier)
                    }
                    _ if name.eq_ignore_ascii_case("reduce")
                        && symbol_in(2, &TokenKind::Equals) =>
                    {
                        self.reduce()
                    }
                    _ => self.function_call(),
                }
            }
            TokenKind::Identifier(_) | TokenKind::QuotedIdentifier(_) => {
                if self.kind_at(1) == &TokenKind::LeftParen {
                    self.function_call()
                } else {
                    self.variable_reference()
                }
            }
            _ => self.literal(),
        }
    }

    // `match` instead of `?`: see the note on stack use above.
    #[allow(clippy::question_mark)]
    fn parenthesised(&mut self) -> ParseResult<Expr> {
        let start = self.bump().start;
        let mut inner = match self.expression() {
            Ok(inner) => inner,
            Err(error) => return Err(error),
        };
        self.expect(TokenKind::RightParen)?;
        inner.span = self.span_from(start);
        Ok(inner)
    }

    /// Whether the `(` here starts a pattern rather than a parenthesised
    /// expression: it holds what a node pattern holds (a name, labels, a property
    /// map) and a relationship arrow follows it (`-[`, `-->`, `--(`, `<-[`,
    /// `<--(`). `(x) - [1]` or `(x)--(y)` could be arithmetic, but never
    /// meaningful, and the printer never writes them so.
    fn pattern_ahead(&self) -> bool {
        use TokenKind::{
            Colon, Greater, Identifier, LeftBrace, LeftBracket, LeftParen, Less, Minus, Pipe,
            QuotedIdentifier, RightBrace, RightParen,
        };
        let mut at = 1;
        if matches!(self.kind_at(at), Identifier(_) | QuotedIdentifier(_)) {
            at += 1;
        }
        while self.kind_at(at) == &Colon || (at > 1 && self.kind_at(at) == &Pipe) {
            at += 1;
            if self.kind_at(at) == &Colon {
                at += 1;
            }
            if !matches!(
                self.kind_at(at),
                Identifier(_) | QuotedIdentifier(_) | TokenKind::Keyword(_)
            ) {
                return false;
            }
            at += 1;
        }
        if self.kind_at(at) == &LeftBrace {
            // Skip the map, counting brackets of every kind.
            let mut depth = 0usize;
            loop {
                match self.kind_at(at) {
                    LeftBrace | LeftBracket | LeftParen => depth += 1,
                    RightBrace | TokenKind::RightBracket | RightParen => {
                        depth = depth.saturating_sub(1);
                    }
                    TokenKind::Eof => return false,
                    _ => {}
                }
                at += 1;
                if depth == 0 {
                    break;
                }
            }
        }
        if self.kind_at(at) != &RightParen {
            return false;
        }
        let next = |ahead: usize| self.kind_at(at + 1 + ahead);
        matches!(
            (next(0), next(1), next(2), next(3)),
            (Minus, LeftBracket, ..)
                | (Minus, Minus, Greater | LeftParen, _)
                | (Less, Minus, LeftBracket, _)
                | (Less, Minus, Minus, LeftParen)
        ) || (at == 1 && matches!(next(0), Minus | Less))
    }

    /// A pattern as a condition, at its first `(`.
    fn pattern_predicate(&mut self) -> ParseResult<Expr> {
        let start = self.peek().span.start;
        let (first, steps) = self.path()?;
        let span = self.span_from(start);
        let pattern = PatternPart {
            variable: None,
            shortest: None,
            start: first,
            steps,
            span,
        };
        Ok(Expr::new(
            ExprKind::Subquery {
                kind: SubqueryKind::Pattern,
                pattern: Box::new(Match {
                    optional: false,
                    patterns: vec![pattern],
                    where_clause: None,
                    span,
                }),
                result: None,
            },
            span,
        ))
    }

    /// `EXISTS { [MATCH] patterns [WHERE condition] }`, `COUNT { ... }` or
    /// `COLLECT { ... RETURN result }`, at the name.
    fn subquery(&mut self) -> ParseResult<Expr> {
        let name = self.peek().clone();
        let written = self.text_of(name.span).to_uppercase();
        let kind = match written.as_str() {
            "COUNT" => SubqueryKind::Count,
            "COLLECT" => SubqueryKind::Collect,
            _ => SubqueryKind::Exists,
        };
        let start = self.bump().start;
        self.bump();
        let match_start = self.peek().span.start;
        if self.eat_keyword(Keyword::Match).is_none() {
            self.expect_here("`MATCH`");
        }
        let mut patterns = vec![self.pattern_part()?];
        while self.eat(TokenKind::Comma).is_some() {
            patterns.push(self.pattern_part()?);
        }
        let where_clause = self.where_clause()?;
        let match_span = self.span_from(match_start);
        let mut result = None;
        if kind == SubqueryKind::Collect {
            self.expect_keyword(Keyword::Return)?;
            result = Some(self.boxed_expression()?);
        }
        if !self.at(&TokenKind::RightBrace) {
            let found = self.peek().span;
            let what = if self.at(&TokenKind::Eof) {
                "end of input".to_string()
            } else {
                format!("`{}`", self.text_of(found))
            };
            let supported = if kind == SubqueryKind::Collect {
                "`MATCH ... WHERE ... RETURN expression`"
            } else {
                "`MATCH ... WHERE ...`"
            };
            return Err(ParseError::new(
                format!(
                    "unexpected {what} (only {supported} is supported inside `{written} {{ }}`)"
                ),
                found,
            ));
        }
        self.bump();
        Ok(Expr::new(
            ExprKind::Subquery {
                kind,
                pattern: Box::new(Match {
                    optional: false,
                    patterns,
                    where_clause,
                    span: match_span,
                }),
                result,
            },
            self.span_from(start),
        ))
    }

    /// The error for a name followed by `{` in an expression: a subquery
    /// (`EXISTS { }`, `COUNT { }`, `COLLECT { }`) or a map projection (`n {.key}`).
    fn unsupported_brace(&self) -> ParseError {
        let name = self.peek();
        let span = name
            .span
            .to(self.tokens.get(self.pos + 1).map_or(name.span, |t| t.span));
        ParseError::new(
            "map projections such as `n {.name}` are not supported; write a map: `{name: n.name}`",
            span,
        )
    }

    fn map_literal(&mut self) -> ParseResult<Expr> {
        let (entries, span) = self.map_entries()?;
        Ok(Expr::new(ExprKind::Map(entries), span))
    }

    fn variable_reference(&mut self) -> ParseResult<Expr> {
        let variable = self.variable()?;
        Ok(Expr::new(ExprKind::Variable(variable.name), variable.span))
    }

    /// A literal or parameter, or the error for a missing expression.
    fn literal(&mut self) -> ParseResult<Expr> {
        let token = self.peek().clone();
        let literal = match token.kind {
            TokenKind::Integer(magnitude) => match i64::try_from(magnitude) {
                Ok(value) => Literal::Integer(value),
                Err(_) => {
                    return Err(lexer::integer_too_large(token.span.start, token.span.end));
                }
            },
            TokenKind::Float(value) => Literal::Float(value),
            TokenKind::String(value) => Literal::String(value),
            TokenKind::Keyword(Keyword::True) => Literal::Boolean(true),
            TokenKind::Keyword(Keyword::False) => Literal::Boolean(false),
            TokenKind::Keyword(Keyword::Null) => Literal::Null,
            TokenKind::Parameter(name) => {
                self.bump();
                return Ok(Expr::new(ExprKind::Parameter(name), token.span));
            }
            _ => {
                self.expect_here("expression");
                return Err(self.unexpected());
            }
        };
        self.bump();
        Ok(Expr::new(ExprKind::Literal(literal), token.span))
    }

    /// Comma-separated expressions up to and including `close`, after an
    /// opening bracket; `allow_empty` accepts `close` straight away.
    fn expression_list(&mut self, close: TokenKind, allow_empty: bool) -> ParseResult<Vec<Expr>> {
        let mut items = Vec::new();
        if allow_empty && self.eat(close.clone()).is_some() {
            return Ok(items);
        }
        loop {
            match self.expression() {
                Ok(item) => items.push(item),
                Err(error) => return Err(error),
            }
            if self.eat(TokenKind::Comma).is_none() {
                self.expect(close)?;
                return Ok(items);
            }
        }
    }

    /// `name(...)`, at the name.
    fn function_call(&mut self) -> ParseResult<Expr> {
        let mut name = self.variable()?;
        let start = name.span.start;
        if self.eat(TokenKind::Dot).is_some() {
            let member = self.variable()?;
            name = Ident {
                name: format!("{}.{}", name.name, member.name),
                span: Span::new(start, member.span.end),
            };
        }
        self.bump();
        let is_count = name.name.eq_ignore_ascii_case("count");
        if is_count && self.eat(TokenKind::Star).is_some() {
            self.expect(TokenKind::RightParen)?;
            return Ok(Expr::new(ExprKind::CountStar, self.span_from(start)));
        }
        let distinct = self.eat_keyword(Keyword::Distinct).is_some();
        let args = self.expression_list(TokenKind::RightParen, !distinct)?;
        Ok(Expr::new(
            ExprKind::FunctionCall {
                name,
                distinct,
                args,
            },
            self.span_from(start),
        ))
    }

    /// `any(x IN source WHERE predicate)` and its kin, at the name.
    fn list_predicate(&mut self, quantifier: Quantifier) -> ParseResult<Expr> {
        let start = self.bump().start;
        self.expect(TokenKind::LeftParen)?;
        let variable = self.variable()?;
        self.expect_keyword(Keyword::In)?;
        let source = self.boxed_expression()?;
        self.expect_keyword(Keyword::Where)?;
        let predicate = self.boxed_expression()?;
        self.expect(TokenKind::RightParen)?;
        Ok(Expr::new(
            ExprKind::ListPredicate(ListPredicate {
                quantifier,
                iteration: Iteration { variable, source },
                predicate,
            }),
            self.span_from(start),
        ))
    }

    /// `reduce(accumulator = init, x IN source | step)`, at `reduce`.
    fn reduce(&mut self) -> ParseResult<Expr> {
        let start = self.bump().start;
        self.expect(TokenKind::LeftParen)?;
        let accumulator = self.variable()?;
        self.expect(TokenKind::Equals)?;
        let init = self.boxed_expression()?;
        self.expect(TokenKind::Comma)?;
        let variable = self.variable()?;
        self.expect_keyword(Keyword::In)?;
        // As in a comprehension's `WHERE`, `|` ends the list.
        let source = self.comprehension_filter()?;
        self.expect(TokenKind::Pipe)?;
        let step = self.boxed_expression()?;
        self.expect(TokenKind::RightParen)?;
        Ok(Expr::new(
            ExprKind::Reduce(Reduce {
                accumulator,
                init,
                iteration: Iteration { variable, source },
                step,
            }),
            self.span_from(start),
        ))
    }

    fn list_or_comprehension(&mut self) -> ParseResult<Expr> {
        let start = self.bump().start;
        if self.at_symbol() && self.kind_at(1) == &TokenKind::Keyword(Keyword::In) {
            return self.comprehension(start);
        }
        let named_path = self.at_symbol()
            && self.kind_at(1) == &TokenKind::Equals
            && self.kind_at(2) == &TokenKind::LeftParen;
        if (named_path || (self.at(&TokenKind::LeftParen) && self.pattern_ahead()))
            && let Some(comprehension) = self.pattern_comprehension(start)?
        {
            return Ok(comprehension);
        }
        let items = self.expression_list(TokenKind::RightBracket, true)?;
        Ok(Expr::new(ExprKind::List(items), self.span_from(start)))
    }

    /// `[pattern [WHERE condition] | result]`, after the `[` at `start`; `None`
    /// (having read nothing) when the pattern is followed by neither `WHERE` nor
    /// `|`, so the list holds a pattern condition.
    fn pattern_comprehension(&mut self, start: usize) -> ParseResult<Option<Expr>> {
        let saved = self.pos;
        let match_start = self.peek().span.start;
        let pattern = self.pattern_part()?;
        if !self.at(&TokenKind::Pipe) && !self.at(&TokenKind::Keyword(Keyword::Where)) {
            self.pos = saved;
            return Ok(None);
        }
        let where_clause = match self.eat_keyword(Keyword::Where) {
            Some(_) => Some(self.comprehension_filter()?),
            None => None,
        };
        let match_span = self.span_from(match_start);
        self.expect(TokenKind::Pipe)?;
        let result = self.boxed_expression()?;
        self.expect(TokenKind::RightBracket)?;
        Ok(Some(Expr::new(
            ExprKind::Subquery {
                kind: SubqueryKind::Comprehension,
                pattern: Box::new(Match {
                    optional: false,
                    patterns: vec![pattern],
                    where_clause: where_clause.map(|condition| *condition),
                    span: match_span,
                }),
                result: Some(result),
            },
            self.span_from(start),
        )))
    }

    /// `[x IN source WHERE filter | map]`, after the `[` at `start`.
    fn comprehension(&mut self, start: usize) -> ParseResult<Expr> {
        let variable = self.variable()?;
        self.bump();
        let source = self.boxed_expression()?;
        let mut filter = None;
        if self.eat_keyword(Keyword::Where).is_some() {
            filter = Some(self.comprehension_filter()?);
        }
        let mut map = None;
        if self.eat(TokenKind::Pipe).is_some() {
            map = Some(self.boxed_expression()?);
        }
        // A second `|` most likely comes from `WHERE x:A|B | ...`, where the
        // first `|` already ended the condition.
        if filter.is_some() && map.is_some() && self.at(&TokenKind::Pipe) {
            self.expect_here("`]`");
            let mut error = self.unexpected();
            error.message.push_str(
                " (`|` ends a list comprehension's `WHERE` condition, so put label alternatives in parentheses: `(x:A|B)`)",
            );
            return Err(error);
        }
        self.expect(TokenKind::RightBracket)?;
        Ok(Expr::new(
            ExprKind::ListComprehension(ListComprehension {
                iteration: Iteration { variable, source },
                filter,
                map,
            }),
            self.span_from(start),
        ))
    }

    /// The condition after a comprehension's `WHERE`, which `|` ends.
    fn comprehension_filter(&mut self) -> ParseResult<Box<Expr>> {
        self.descend()?;
        let enclosing = std::mem::replace(&mut self.bar_ends_labels, true);
        let filter = self.binary(Precedence::Or);
        self.bar_ends_labels = enclosing;
        self.depth -= 1;
        match filter {
            Ok(filter) => Ok(Box::new(filter)),
            Err(error) => Err(error),
        }
    }

    fn case(&mut self) -> ParseResult<Expr> {
        let start = self.bump().start;
        let mut subject = None;
        if !self.at_keyword(Keyword::When) {
            self.expect_here("`WHEN`");
            subject = Some(self.boxed_expression()?);
        }
        let mut branches = Vec::new();
        self.expect_keyword(Keyword::When)?;
        loop {
            self.case_branch(&mut branches)?;
            if self.eat_keyword(Keyword::When).is_none() {
                break;
            }
        }
        let mut default = None;
        if self.eat_keyword(Keyword::Else).is_some() {
            default = Some(self.boxed_expression()?);
        }
        self.expect_keyword(Keyword::End)?;
        Ok(Expr::new(
            ExprKind::Case {
                subject,
                branches,
                default,
            },
            self.span_from(start),
        ))
    }

    /// `condition THEN value`, after a `WHEN`.
    // `match` instead of `?`: see the note on stack use above.
    #[allow(clippy::question_mark)]
    fn case_branch(&mut self, branches: &mut Vec<CaseBranch>) -> ParseResult<()> {
        let when = match self.expression() {
            Ok(when) => when,
            Err(error) => return Err(error),
        };
        self.expect_keyword(Keyword::Then)?;
        match self.expression() {
            Ok(then) => branches.push(CaseBranch { when, then }),
            Err(error) => return Err(error),
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests;
