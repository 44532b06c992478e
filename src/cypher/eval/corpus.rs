//! The evaluator's query corpus: every query its test tables run, read from the
//! test sources themselves, so that a test elsewhere in the crate can run all of
//! them over other graphs (such as one [`PropertyGraph`](super::super::graph::PropertyGraph)
//! implementation against its [`MemoryGraph::copy_of`](super::super::memory::MemoryGraph::copy_of))
//! without the tables being written twice.

use super::super::parser::parse;

/// The test sources whose tables make the corpus.
const SOURCES: [&str; 2] = [include_str!("tests.rs"), include_str!("tck.rs")];

/// What a query starts with: a reading clause, `RETURN`, or `EXPLAIN`.
const STARTS: [&str; 6] = ["MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "EXPLAIN"];

/// Every distinct query text in the string literals of `eval/tests.rs` and
/// `eval/tck.rs` (the tables' queries, and those of single checks), in the order
/// written: each literal that starts with a clause keyword and parses.
pub(crate) fn query_corpus() -> Vec<String> {
    let mut corpus: Vec<String> = Vec::new();
    for source in SOURCES {
        for literal in string_literals(source) {
            let first = literal.split_whitespace().next().unwrap_or("");
            let starts = STARTS.iter().any(|start| start.eq_ignore_ascii_case(first));
            if starts && parse(&literal).is_ok() && !corpus.contains(&literal) {
                corpus.push(literal);
            }
        }
    }
    corpus
}

/// The values of the string literals (`"..."` and `r#"..."#`) in Rust source,
/// skipping comments and character literals.
fn string_literals(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("//") {
            rest = rest.find('\n').map_or("", |end| &rest[end..]);
        } else if let Some(after) = rest.strip_prefix("r#\"") {
            let end = after.find("\"#").unwrap_or(after.len());
            found.push(after[..end].to_string());
            rest = after.get(end + 2..).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix('"') {
            let (value, next) = cooked(after);
            found.push(value);
            rest = next;
        } else if let Some(after) = rest.strip_prefix('\'') {
            // A character literal ('"', '\'', '\\') or a lifetime.
            rest = match after.find('\'') {
                Some(end) if end <= 4 && !after[..end].contains(char::is_whitespace) => {
                    let end = if after.starts_with("\\'") { 2 } else { end };
                    &after[end + 1..]
                }
                _ => after,
            };
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    found
}

/// The value of a `"..."` literal whose opening quote is just before `text`, and
/// the text after its closing quote.
fn cooked(text: &str) -> (String, &str) {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => return (value, &text[index + 1..]),
            '\\' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, 'r')) => value.push('\r'),
                Some((_, '0')) => value.push('\0'),
                Some((at, 'u')) => {
                    // `\u{XXXX}`
                    let digits: String = text[at + 1..]
                        .chars()
                        .skip(1)
                        .take_while(|c| *c != '}')
                        .collect();
                    for _ in 0..digits.len() + 2 {
                        chars.next();
                    }
                    if let Some(decoded) = u32::from_str_radix(&digits, 16)
                        .ok()
                        .and_then(char::from_u32)
                    {
                        value.push(decoded);
                    }
                }
                Some((_, '\n')) => {
                    // A line continuation: the line break and the next line's
                    // leading white space are dropped.
                    let skipped = chars.clone().take_while(|(_, c)| c.is_whitespace()).count();
                    for _ in 0..skipped {
                        chars.next();
                    }
                }
                Some((_, other)) => value.push(other),
                None => {}
            },
            other => value.push(other),
        }
    }
    (value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_read_as_rust_reads_them() {
        let source = r####"
            // "MATCH in a comment"
            let quote = '"';
            let escaped = '\'';
            fn f<'a>(x: &'a str) {}
            ("RETURN 'a\tb', \"q\" \u{e9}", &["x"]),
            (r#"RETURN "raw\n""#, &[]),
            ("RETURN 1 + \
              2", &[]),
        "####;
        assert_eq!(
            string_literals(source),
            [
                "RETURN 'a\tb', \"q\" é",
                "x",
                "RETURN \"raw\\n\"",
                "RETURN 1 + 2",
            ]
        );
    }

    #[test]
    fn the_corpus_holds_the_tables_queries() {
        let corpus = query_corpus();
        // A query from each file, and no expected row.
        for query in [
            "MATCH (a)-[:KNOWS]->(b) RETURN a.name, b.name ORDER BY a.name, b.name",
            "MATCH (n:Admin|Person) RETURN count(*)",
        ] {
            assert!(corpus.iter().any(|q| q == query), "{query}");
        }
        assert!(corpus.len() > 500, "{}", corpus.len());
        assert!(corpus.iter().all(|query| parse(query).is_ok()));
    }

    /// The people graph and its copy answer the whole corpus alike: rows in the same
    /// order, or the same error. Results are compared as printed (`Debug`), since
    /// `NaN` is unequal to itself.
    #[test]
    fn a_copy_of_the_people_graph_answers_the_corpus_alike() {
        use crate::cypher::eval::tests::people;
        use crate::cypher::eval::{Options, Params, Query};
        use crate::cypher::memory::MemoryGraph;

        let graph = people();
        let copy = MemoryGraph::copy_of(&graph);
        let (params, options) = (Params::new(), Options::default());
        for text in query_corpus() {
            let answer = |g: &MemoryGraph| {
                Query::parse(&text)
                    .and_then(|query| query.run(g, &params, &options))
                    .map_err(|error| error.to_string())
                    .map(|result| format!("{result:?}"))
            };
            assert_eq!(answer(&copy), answer(&graph), "{text}");
        }
    }
}
