//! The README's examples, run: every `$ agencygraph ...` line in a README code block
//! must print what the README shows under it, so the documentation cannot drift from
//! the program.
//!
//! Each code block runs as one shell session in a fresh directory (so `init my-graph`
//! starts from nothing), where `tests/` leads to the repository's test fixtures. Inside
//! a block, `$ export NAME=value` sets a variable for the commands after it, and `$ git
//! ...` runs git itself (with a fixed author, and no user configuration); no other shell
//! command is allowed. A line `…` alone in the shown output stands for any lines.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::Command;

use crate::common::finish;

/// One `$ agencygraph ...` (or `$ git ...`) example: the program, the arguments after
/// it, the variables exported before it in its block, and the lines shown under it.
#[derive(Debug)]
struct Example {
    line: usize,
    block: usize,
    program: Program,
    args: Vec<String>,
    env: Vec<(String, String)>,
    expected: String,
}

/// What an example runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Program {
    Agencygraph,
    Git,
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

/// Every example in the README's code blocks, in order.
fn examples(readme: &str) -> Result<Vec<Example>, String> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut examples = Vec::new();
    let mut block = 0;
    let mut in_block = false;
    let mut env = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with("```") {
            in_block = !in_block;
            block += 1;
            env.clear();
            i += 1;
            continue;
        }
        let Some(command) = line.strip_prefix("$ ").filter(|_| in_block) else {
            i += 1;
            continue;
        };
        let number = i + 1;
        if let Some(assignment) = command.strip_prefix("export ") {
            let (name, value) = assignment
                .split_once('=')
                .ok_or_else(|| format!("README line {number}: `export` without `=`"))?;
            env.push((name.to_string(), value.to_string()));
            i += 1;
            continue;
        }
        let (program, rest) = if let Some(rest) = command.strip_prefix("agencygraph ") {
            (Program::Agencygraph, rest)
        } else if let Some(rest) = command.strip_prefix("git ") {
            (Program::Git, rest)
        } else {
            return Err(format!(
                "README line {number}: only `agencygraph`, `git` and `export` can run here"
            ));
        };
        // The command goes on while a double quote is open.
        let mut command = rest.to_string();
        while command.matches('"').count() % 2 == 1 && i + 1 < lines.len() {
            i += 1;
            command.push('\n');
            command.push_str(lines[i]);
        }
        i += 1;
        // Its output runs to the next command or the end of the block.
        let mut expected = String::new();
        while i < lines.len() && !lines[i].starts_with("$ ") && !lines[i].starts_with("```") {
            expected.push_str(lines[i]);
            expected.push('\n');
            i += 1;
        }
        let args = words(&command).map_err(|e| format!("README line {number}: {e}"))?;
        examples.push(Example {
            line: number,
            block,
            program,
            args,
            env: env.clone(),
            expected,
        });
    }
    Ok(examples)
}

/// Whether `actual` is what `expected` shows: line for line, with trailing blank lines
/// ignored and a line `…` standing for any number of lines.
fn shows(expected: &str, actual: &str) -> bool {
    fn trimmed(text: &str) -> Vec<&str> {
        let mut lines: Vec<&str> = text.lines().collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        lines
    }
    fn matches(expected: &[&str], actual: &[&str]) -> bool {
        match expected.split_first() {
            None => actual.is_empty(),
            Some((&"…", rest)) => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
            Some((line, rest)) => actual.first() == Some(line) && matches(rest, &actual[1..]),
        }
    }
    matches(&trimmed(expected), &trimmed(actual))
}

/// A fresh directory for a block, where `tests/` is the repository's.
fn session_directory() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    std::os::unix::fs::symlink(tests, dir.path().join("tests")).unwrap();
    dir
}

#[test]
fn every_command_in_the_readme_prints_what_the_readme_shows() {
    let readme = include_str!("../../README.md");
    let examples = examples(readme).unwrap_or_else(|e| panic!("{e}"));
    // 13 queries, 3 questions, show, check and the 15 commands of the editing walkthrough.
    assert!(
        examples.len() >= 33,
        "found only {} examples in the README",
        examples.len()
    );
    let mut wrong = Vec::new();
    let mut session: Option<(usize, tempfile::TempDir)> = None;
    for example in &examples {
        if session
            .as_ref()
            .is_none_or(|(block, _)| *block != example.block)
        {
            session = Some((example.block, session_directory()));
        }
        let Some((_, dir)) = &session else {
            unreachable!("a session was just opened");
        };
        let mut command = match example.program {
            Program::Agencygraph => Command::new(env!("CARGO_BIN_EXE_agencygraph")),
            Program::Git => {
                let mut git = Command::new("git");
                git.env("GIT_CONFIG_GLOBAL", "/dev/null")
                    .env("GIT_CONFIG_NOSYSTEM", "1")
                    .env("GIT_AUTHOR_NAME", "A Curator")
                    .env("GIT_AUTHOR_EMAIL", "curator@example.org")
                    .env("GIT_COMMITTER_NAME", "A Curator")
                    .env("GIT_COMMITTER_EMAIL", "curator@example.org");
                git
            }
        };
        command
            .args(&example.args)
            .current_dir(dir.path())
            .env_remove("AGENCYGRAPH_GRAPH")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env("COLUMNS", "80")
            .envs(example.env.iter().map(|(k, v)| (k, v)));
        let out = finish(command.output().unwrap());
        let printed = format!("{}{}", out.stdout, out.stderr);
        if !shows(&example.expected, &printed) {
            wrong.push(format!(
                "README line {}: exit {}\n--- the README shows\n{}--- the program prints\n{}",
                example.line, out.code, example.expected, printed
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

#[test]
fn shown_output_matches_line_for_line_with_ellipses() {
    assert!(shows("a\nb\n", "a\nb\n\n"));
    assert!(!shows("a\nb\n", "a\nc\n"));
    assert!(shows("a\n…\nd\n", "a\nb\nc\nd\n"));
    assert!(shows("a\n…\nd\n", "a\nd\n"));
    assert!(!shows("a\n…\nd\n", "a\nb\n"));
    assert!(!shows("", "anything"));
}

#[test]
fn examples_are_found_in_code_blocks_with_their_sessions() {
    let readme = "$ agencygraph outside\n```text\n$ export G=g\n$ agencygraph who \"UN\n Action\"\nline\n\nmore\n$ agencygraph check\n```\n```text\n$ agencygraph fmt\n```\n";
    let found = examples(readme).unwrap();
    assert_eq!(found.len(), 3);
    assert_eq!(found[0].args, ["who", "UN\n Action"]);
    assert_eq!(found[0].program, Program::Agencygraph);
    assert_eq!(found[0].env, [("G".to_string(), "g".to_string())]);
    assert_eq!(found[0].expected, "line\n\nmore\n");
    assert_eq!(found[1].expected, "");
    assert_ne!(found[1].block, found[2].block);
    assert!(found[2].env.is_empty());
    assert!(examples("```\n$ ls\n```\n").is_err());
    let git = examples("```\n$ git -C g commit -qm \"first\"\n```\n").unwrap();
    assert_eq!(git[0].program, Program::Git);
    assert_eq!(git[0].args, ["-C", "g", "commit", "-qm", "first"]);
}
