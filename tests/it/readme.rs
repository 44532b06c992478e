//! The README's query examples, run: every `$ agencygraph query ...` in it must print
//! what the README shows under it, so the documentation cannot drift from the program.

use crate::common::run;

/// One example: the arguments after `agencygraph`, and the lines shown under them.
struct Example {
    line: usize,
    args: Vec<String>,
    expected: String,
}

/// Splits a command line the way a POSIX shell would for the README's examples:
/// words separated by blanks, double or single quotes around text with blanks or
/// newlines. Anything else (escapes, `$`) is refused, so an example that a shell
/// would read differently fails here rather than passing by accident.
fn words(command: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '$' | '`' | '\\') => {
                return Err(format!("`{c}` inside double quotes is read by the shell"));
            }
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, '$' | '`' | '\\' | ';' | '|' | '&' | '>' | '<') => {
                return Err(format!("`{c}` is read by the shell"));
            }
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    if quote.is_some() {
        return Err("a quote is not closed".to_string());
    }
    words.extend(word);
    Ok(words)
}

fn examples(readme: &str) -> Vec<Example> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut examples = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(start) = lines[i].strip_prefix("$ agencygraph query ") else {
            i += 1;
            continue;
        };
        let line = i + 1;
        // The command goes on while a double quote is open.
        let mut command = format!("query {start}");
        while command.matches('"').count() % 2 == 1 && i + 1 < lines.len() {
            i += 1;
            command.push('\n');
            command.push_str(lines[i]);
        }
        i += 1;
        // Its output runs to the next command, a blank line or the end of the block.
        let mut expected = String::new();
        while i < lines.len() && !lines[i].starts_with("$ ") && !lines[i].starts_with("```") {
            if lines[i].is_empty() {
                break;
            }
            expected.push_str(lines[i]);
            expected.push('\n');
            i += 1;
        }
        let args = words(&command).unwrap_or_else(|e| panic!("README line {line}: {e}"));
        examples.push(Example {
            line,
            args,
            expected,
        });
    }
    examples
}

#[test]
fn every_query_in_the_readme_prints_what_the_readme_shows() {
    let readme = include_str!("../../README.md");
    let examples = examples(readme);
    assert!(
        examples.len() >= 13,
        "found only {} query examples in the README",
        examples.len()
    );
    let mut wrong = Vec::new();
    for example in &examples {
        let args: Vec<&str> = example.args.iter().map(String::as_str).collect();
        let out = run(&args);
        if out.code != 0 || out.stdout != example.expected {
            wrong.push(format!(
                "README line {}: exit {}\n--- the README shows\n{}--- the program prints\n{}{}",
                example.line, out.code, example.expected, out.stdout, out.stderr
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn commands_split_as_a_shell_splits_them() {
    assert_eq!(
        words("query --at 2019 \"MATCH (n)\n  RETURN 'a b'\"").unwrap(),
        ["query", "--at", "2019", "MATCH (n)\n  RETURN 'a b'"]
    );
    assert_eq!(words("a 'b \"c' \"\"").unwrap(), ["a", "b \"c", ""]);
    assert!(words("query \"RETURN $x\"").is_err());
    assert!(words("query \"open").is_err());
    assert!(words("query x | head").is_err());
}
