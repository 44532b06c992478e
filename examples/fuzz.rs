//! An in-process mutation fuzzer on stable Rust, for the targets in
//! `tests/fuzz/oracles.rs` (the RON loader, the query parser and evaluator, name
//! resolution, the DOT, JSON and CSV writers).
//!
//! ```sh
//! cargo run --release --example fuzz -- --seconds 30            # every target
//! cargo run --release --example fuzz -- query --seconds 120 --seed 7
//! ```
//!
//! Each target starts from its seed corpus (`tests/fuzz/<target>/`) and mutates inputs
//! (flip, insert, delete, duplicate, splice, and tokens of the target's language),
//! keeping those whose outcome is new. An input that panics, or breaks the oracle, is
//! written to `tests/fuzz/crashes/<target>-<checksum>.txt`, where the regression test
//! (`tests/it/fuzz.rs`) replays it for ever after; one that takes over two seconds is
//! reported as slow. The exit status is 1 when anything was found.

#[path = "../tests/fuzz/oracles.rs"]
mod oracles;
#[path = "support/random.rs"]
mod random;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use oracles::{Oracles, TARGETS};
use random::Random;

/// Tokens mutations insert, per target.
fn dictionary(target: &str) -> &'static [&'static str] {
    match target {
        "query" => &[
            "MATCH ",
            "RETURN ",
            "WITH ",
            "UNWIND ",
            "WHERE ",
            "OPTIONAL MATCH ",
            "ORDER BY ",
            "LIMIT ",
            "SKIP ",
            "UNION ",
            "DISTINCT ",
            "(n)",
            "(a:UnEntity)",
            "-[r]->",
            "-[*]-",
            "-[*1..3]-",
            "<--",
            "count(*)",
            "collect(",
            "range(1, 99)",
            "size(",
            "replace(",
            "[x IN ",
            " | ",
            "]",
            "{id: 'UNODC'}",
            "$p",
            " + ",
            " * ",
            " / 0",
            "-",
            "'",
            "\"",
            "`",
            "null",
            "1e308",
            "9223372036854775807",
            "CASE WHEN ",
            " THEN ",
            " END",
            " AS x",
            ", ",
            "(",
            ")",
            "p = ",
            "shortestPath(",
            "=~ '(?i).*'",
            "EXPLAIN ",
        ],
        "resolve" => &[
            "UN",
            "-",
            " ",
            "Women",
            "UNODC",
            "trust fund",
            "É",
            "\u{1b}[2J",
            "\u{0}",
            "’",
            "ß",
            "İ",
            "ﬁ",
            "\u{301}",
            "action",
            "ICAT",
        ],
        _ => &[
            "(",
            ")",
            "[",
            "]",
            "\"",
            ":",
            ",",
            "nodes: [",
            "edges: [",
            "sources: [",
            "(id: \"X\", kind: Office, name: \"x\")",
            "kind: ",
            "MemberOf",
            "UnEntity",
            "evidence: [(source: \"s\", quote: \"q\")]",
            "from: \"X\", ",
            "to: \"X\", ",
            "aliases: [\"\"]",
            "year: 2019",
            "date: \"2019-02-30\"",
            "Some(",
            "r#\"",
            "\\u{1b}",
            "/*",
            "*/",
            "//",
            "\r",
            "\n",
            "amount: (value: 1e400, currency: \"USD\")",
        ],
    }
}

fn mutate(random: &mut Random, input: &[u8], corpus: &[Vec<u8>], words: &[&str]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=random.below(4) {
        let at = random.below(out.len() + 1);
        match random.below(7) {
            0 if !out.is_empty() => {
                let i = random.below(out.len());
                out[i] ^= 1 << random.below(8);
            }
            1 => out.insert(at, random.next() as u8),
            2 if !out.is_empty() => {
                let end = (at + 1 + random.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 if !out.is_empty() => {
                let start = random.below(out.len());
                let end = (start + 1 + random.below(64)).min(out.len());
                let piece = out[start..end].to_vec();
                out.splice(at..at, piece);
            }
            4 if !corpus.is_empty() => {
                let other = &corpus[random.below(corpus.len())];
                let start = random.below(other.len() + 1);
                let end = (start + random.below(256)).min(other.len());
                out.splice(at..at, other[start..end].iter().copied());
            }
            _ => {
                let word = words[random.below(words.len())];
                out.splice(at..at, word.bytes());
            }
        }
    }
    // Bounded: huge inputs are the long-input tests' business, not the fuzzer's.
    out.truncate(1 << 16);
    out
}

/// This process's CPU time (user and system), from `/proc/self/stat` where there is one.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux that matters here.
    Some(Duration::from_millis(ticks * 10))
}

fn corpus_of(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn main() {
    let mut targets = Vec::new();
    let mut seconds = 30.0;
    let mut seed = 0x5eed_u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(30.0),
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            target if TARGETS.contains(&target) => targets.push(target.to_string()),
            other => {
                eprintln!(
                    "unknown argument `{other}`; targets: {}",
                    TARGETS.join(", ")
                );
                std::process::exit(2);
            }
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    // Panics are caught and counted; their messages would only clutter the report.
    std::panic::set_hook(Box::new(|_| {}));
    let oracles = Oracles::default();
    let mut found = 0;
    for target in &targets {
        let mut corpus = corpus_of(&root.join(target));
        let mut random = Random(seed | 1);
        let mut outcomes: HashSet<String> = HashSet::new();
        let (mut inputs, mut failures, mut slow) = (0u64, 0, 0);
        let cpu_before = cpu_time();
        let started = Instant::now();
        while started.elapsed().as_secs_f64() < seconds {
            let base = corpus[random.below(corpus.len())].clone();
            let bytes = mutate(&mut random, &base, &corpus, dictionary(target));
            let input = String::from_utf8_lossy(&bytes).into_owned();
            let began = Instant::now();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                oracles.check(target, &input)
            }));
            inputs += 1;
            let failed = match &outcome {
                Ok(Ok(())) => None,
                Ok(Err(message)) => Some(message.clone()),
                Err(panic) => Some(
                    panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "a panic".into()),
                ),
            };
            let took = began.elapsed();
            if took > Duration::from_secs(2) {
                slow += 1;
                eprintln!("{target}: slow input ({took:.1?}) kept");
            }
            if failed.is_some() || took > Duration::from_secs(2) {
                let name = format!("{target}-{:016x}.txt", checksum(&bytes));
                let _ = std::fs::write(root.join("crashes").join(&name), &bytes);
                if let Some(message) = failed {
                    failures += 1;
                    eprintln!("{target}: {message} (kept as tests/fuzz/crashes/{name})");
                }
                continue;
            }
            // Coverage without instrumentation: keep inputs whose outcome is new.
            let kind = match std::panic::catch_unwind(|| outcome_kind(target, &input)) {
                Ok(kind) => kind,
                Err(_) => continue,
            };
            if outcomes.insert(kind) && corpus.len() < 5_000 {
                corpus.push(bytes);
            }
        }
        let cpu = match (cpu_before, cpu_time()) {
            (Some(before), Some(after)) => format!("{:.1?} CPU", after.saturating_sub(before)),
            _ => format!("{:.1?} wall", started.elapsed()),
        };
        println!(
            "{target}: {inputs} inputs in {cpu}, {failures} failures (panics or broken oracles), {slow} slow, {} distinct outcomes",
            outcomes.len()
        );
        found += failures + slow;
    }
    std::process::exit(i32::from(found > 0));
}

/// A coarse class of what an input did, for keeping inputs that reach new places: the
/// first error's message with names and numbers left out.
fn outcome_kind(target: &str, input: &str) -> String {
    let message = match target {
        "query" => match agencygraph::cypher::eval::Query::parse(input) {
            Ok(_) => "parsed".to_string(),
            Err(error) => error.to_string(),
        },
        // Without the graph here: the input's shape (length, letters, case, script).
        "resolve" => format!(
            "{}{}{}{}",
            "x".repeat(input.chars().count().min(40) / 4),
            input.is_ascii(),
            input.chars().any(char::is_control),
            "y".repeat(
                input
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .count()
                    .min(12)
            )
        ),
        _ => match agencygraph::Graph::from_ron_str(input) {
            Ok(graph) => format!("ok {}", graph.node_count().min(4)),
            Err(error) => error
                .diagnostics
                .first()
                .map_or(String::new(), |d| d.message.clone()),
        },
    };
    message
        .split('`')
        .step_by(2)
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect()
}

fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
