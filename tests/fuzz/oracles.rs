//! The fuzz targets and their oracles, shared by the mutation loop
//! (`examples/fuzz.rs`) and the regression test that replays the corpus
//! (`tests/it/fuzz.rs`). An oracle returns `Err` when an input breaks a promise; a
//! panic is a failure too (the callers catch it).

use std::time::Duration;

use agencygraph::Graph;
use agencygraph::cypher::eval::{Options, Params, Query};
use agencygraph::export::{DotStyle, Selection, write_dot, write_json};
use agencygraph::resolve::ResolveError;
use agencygraph::store::to_canonical_ron;

/// The targets, each with a corpus folder `tests/fuzz/<name>/`.
pub const TARGETS: [&str; 4] = ["ron", "query", "resolve", "writers"];

/// What the oracles need built once: the bundled graph, for queries and names.
pub struct Oracles {
    bundled: Graph,
}

impl Default for Oracles {
    fn default() -> Self {
        Oracles {
            bundled: Graph::bundled(),
        }
    }
}

impl Oracles {
    /// Runs `input` through `target`'s oracle.
    pub fn check(&self, target: &str, input: &str) -> Result<(), String> {
        match target {
            "ron" => ron(input),
            "query" => self.query(input),
            "resolve" => self.resolve(input),
            "writers" => writers(input),
            other => Err(format!("no target `{other}`")),
        }
    }

    /// The query parser and evaluator: no panic; the canonical text parses back to
    /// itself; running stays within small limits.
    fn query(&self, input: &str) -> Result<(), String> {
        if let Ok(ast) = agencygraph::cypher::parse(input) {
            let printed = ast.to_string();
            let again = agencygraph::cypher::parse(&printed)
                .map_err(|e| format!("printed text does not parse: {printed:?}: {e}"))?;
            if again.to_string() != printed {
                return Err(format!("printing is not stable: {printed:?}"));
            }
        }
        if let Ok(query) = Query::parse(input) {
            let mut options = Options::default();
            options.max_hops = 4;
            options.timeout = Some(Duration::from_millis(200));
            options.row_limit = 10_000;
            let _ = query.run(&self.bundled.view(), &Params::new(), &options);
        }
        Ok(())
    }

    /// Name resolution: what a name resolves to resolves again by its id; every
    /// suggestion names a node.
    fn resolve(&self, input: &str) -> Result<(), String> {
        match self.bundled.resolve(input) {
            Ok(node) => match self.bundled.resolve(&node.id) {
                Ok(again) if again.id == node.id => Ok(()),
                other => Err(format!(
                    "{:?} resolved to {} and back to {other:?}",
                    input, node.id
                )),
            },
            Err(ResolveError::Unknown { suggestions, .. }) => suggestions
                .iter()
                .all(|c| self.bundled.node(&c.id).is_some())
                .then_some(())
                .ok_or_else(|| "a suggestion names no node".to_string()),
            Err(ResolveError::Ambiguous { candidates, .. }) => (candidates.len() > 1)
                .then_some(())
                .ok_or_else(|| "ambiguous with fewer than two candidates".to_string()),
            // Other refusals (an empty name, say) are answers too.
            Err(_) => Ok(()),
        }
    }
}

/// The RON loader: no panic; a graph that loads writes canonical text that loads to
/// the same graph; every problem is placed inside the text, with a bounded snippet.
fn ron(input: &str) -> Result<(), String> {
    match Graph::from_ron_str(input) {
        Ok(graph) => {
            let text = to_canonical_ron(&graph.to_dataset());
            let again = Graph::from_ron_str(&text)
                .map_err(|e| format!("canonical text does not load: {e}"))?;
            if to_canonical_ron(&again.to_dataset()) != text {
                return Err("the canonical text does not round-trip".into());
            }
            Ok(())
        }
        Err(error) => {
            let lines = input.split(['\n', '\r']).count().max(1);
            for diagnostic in &error.diagnostics {
                if diagnostic
                    .location
                    .line
                    .is_some_and(|l| l == 0 || l > lines)
                {
                    return Err(format!("placed outside the text: {diagnostic}"));
                }
                if diagnostic
                    .snippet
                    .as_ref()
                    .is_some_and(|s| s.chars().count() > 170)
                {
                    return Err("a snippet is not a window".into());
                }
            }
            Ok(())
        }
    }
}

/// The DOT and JSON writers: for a graph that loads, DOT scans (strings closed, braces
/// balanced, no quoted string over Graphviz's 16,384 bytes) and JSON parses.
fn writers(input: &str) -> Result<(), String> {
    let Ok(graph) = Graph::from_ron_str(input) else {
        return Ok(());
    };
    let subgraph = graph.subgraph(&Selection::default());
    let mut dot = Vec::new();
    write_dot(&subgraph, &DotStyle::default(), &mut dot).map_err(|e| e.to_string())?;
    let dot = String::from_utf8(dot).map_err(|_| "DOT is not UTF-8".to_string())?;
    dot_scans(&dot)?;
    let mut json = Vec::new();
    write_json(&subgraph, &mut json).map_err(|e| e.to_string())?;
    let value: serde_json::Value =
        serde_json::from_slice(&json).map_err(|e| format!("JSON does not parse: {e}"))?;
    let nodes = value
        .get("nodes")
        .and_then(|n| n.as_array())
        .map_or(0, Vec::len);
    if nodes != graph.node_count() {
        return Err(format!("JSON has {nodes} nodes of {}", graph.node_count()));
    }
    Ok(())
}

/// A coarse DOT scanner: quoted strings end, with `\` escaping one character; braces
/// and brackets outside strings balance; HTML-like labels `<...>` nest.
fn dot_scans(dot: &str) -> Result<(), String> {
    let mut depth: i64 = 0;
    let mut chars = dot.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut length = 0;
                loop {
                    match chars.next() {
                        None => return Err("a DOT string is not closed".into()),
                        Some('\\') => {
                            chars.next();
                            length += 2;
                        }
                        Some('"') => break,
                        Some('\n') => return Err("a raw newline in a DOT string".into()),
                        Some(other) => length += other.len_utf8(),
                    }
                }
                if length > 16_384 {
                    return Err("a DOT string longer than Graphviz reads".into());
                }
            }
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth -= 1;
                if depth < 0 {
                    return Err("unbalanced braces in DOT".into());
                }
            }
            '<' => {
                // An HTML-like label: skip to its matching `>`.
                let mut nested = 1;
                for c in chars.by_ref() {
                    match c {
                        '<' => nested += 1,
                        '>' => nested -= 1,
                        _ => {}
                    }
                    if nested == 0 {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    if depth == 0 {
        Ok(())
    } else {
        Err("unbalanced braces in DOT".into())
    }
}
