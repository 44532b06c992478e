//! Source texts and the quotes in them: where a quote is ([`find`], [`locator`]), the
//! passage it most resembles when it is not there ([`closest`]), and the check of every
//! quote of a graph against its source's text ([`check`]), which `check --sources` runs.
//!
//! A quote is found when it occurs in the text verbatim, except that every run of
//! whitespace (spaces, tabs, line breaks) counts as one space: the text is otherwise
//! compared character for character, so a curly quote never matches a straight one.
//!
//! ```
//! use agencygraph::sources::{find, locator};
//!
//! let text = "Background\nUNODC is the permanent\ncoordinator of ICAT.\n";
//! let range = find(text, "UNODC is the permanent coordinator").unwrap();
//! assert_eq!(locator(text, range).to_string(), "2:1-3:11");
//! assert!(find(text, "UNODC is the coordinator").is_none());
//! ```

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::Graph;
use crate::model::{EdgeKind, Locator};

/// The byte range of the first occurrence of `quote` in `text`, whitespace normalised
/// (see the [module documentation](self)); `None` when it does not occur or is blank.
pub fn find(text: &str, quote: &str) -> Option<Range<usize>> {
    let wanted = collapse(quote.trim());
    if wanted.is_empty() {
        return None;
    }
    let haystack = collapsed(text);
    let start = haystack.text.find(&wanted)?;
    Some(haystack.original(start..start + wanted.len(), text))
}

/// The [`Locator`] of a byte range of `text`: its first and last characters' lines and
/// columns, 1-based, columns counted in characters. An empty range is located at its
/// start.
///
/// ```
/// use agencygraph::sources::locator;
/// assert_eq!(locator("ab\ncdé f", 3..7).to_string(), "2:1-3"); // "cdé"
/// ```
pub fn locator(text: &str, range: Range<usize>) -> Locator {
    let (line, column) = position(text, range.start);
    let last = text[..range.end.max(range.start + 1).min(text.len())]
        .char_indices()
        .next_back()
        .map_or(range.start, |(i, _)| i.max(range.start));
    let (end_line, end_column) = position(text, last);
    Locator::new(line, column, end_line, end_column)
}

/// The 1-based line and character column of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (saturate(line), saturate(column))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `text` with every run of whitespace made one space.
fn collapse(text: &str) -> String {
    collapsed(text).text
}

/// `original` with every run of whitespace made one space, with the way back.
fn collapsed(original: &str) -> MappedText {
    let mut mapped = MappedText::with_capacity(original.len());
    let mut in_space = false;
    for (i, c) in original.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                mapped.push(' ', i);
            }
            in_space = true;
        } else {
            in_space = false;
            mapped.push(c, i);
        }
    }
    mapped
}

/// A text made from another character by character (whitespace collapsed here, case
/// folded in `extract::mentions`), with the way back: for each of its bytes, where the
/// original character it came from starts.
pub(crate) struct MappedText {
    pub(crate) text: String,
    origin: Vec<usize>,
}

impl MappedText {
    pub(crate) fn with_capacity(capacity: usize) -> MappedText {
        MappedText {
            text: String::with_capacity(capacity),
            origin: Vec::with_capacity(capacity),
        }
    }

    /// Appends `c`, made from the original character that starts at byte `at`.
    pub(crate) fn push(&mut self, c: char, at: usize) {
        self.text.push(c);
        self.origin.extend(std::iter::repeat_n(at, c.len_utf8()));
    }

    /// The bytes of `original` that `range` (not empty) of the text came from. One
    /// character of the text may stand for several (a collapsed space for a run of
    /// whitespace), so the end is where the last one starts in the original, plus its
    /// length.
    pub(crate) fn original(&self, range: Range<usize>, original: &str) -> Range<usize> {
        let start = self.origin[range.start];
        let last = self.origin[range.end - 1];
        let len = original[last..].chars().next().map_or(1, char::len_utf8);
        start..last + len
    }
}

/// A passage of a source's text that a quote resembles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// Where it is.
    #[serde(serialize_with = "as_string")]
    pub at: Locator,
    /// Its words, whitespace collapsed.
    pub text: String,
    /// How alike it and the quote are, from 0 to 1 (normalised Levenshtein).
    pub similarity: f64,
}

fn relation_names<S: serde::Serializer>(
    (from, kind, to): &(String, EdgeKind, String),
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&(from, kind.name(), to), serializer)
}

fn as_string<S: serde::Serializer>(at: &Locator, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(at)
}

/// Passages less alike than this are not offered as "did you mean".
const MIN_SIMILARITY: f64 = 0.5;
/// How many of the windows sharing the most words with the quote are compared in full.
const SHORTLIST: usize = 4;

/// The passage of `text` most like `quote`: a "did you mean" for a quote that [`find`]
/// does not find. `None` when nothing is at least half alike.
///
/// Windows of the quote's length in words are ranked by the words they share with it;
/// the best few are compared character by character.
///
/// ```
/// use agencygraph::sources::closest;
/// let text = "Intro.\nUNODC is the permanent coordinator and secretariat of ICAT.\n";
/// let passage = closest(text, "UNODC is the permanent co-ordinator and secretariat").unwrap();
/// assert_eq!(passage.text, "UNODC is the permanent coordinator and secretariat");
/// assert_eq!(passage.at.to_string(), "2:1-50");
/// ```
pub fn closest(text: &str, quote: &str) -> Option<Passage> {
    let wanted = collapse(quote.trim());
    let quote_words: Vec<&str> = wanted.split(' ').filter(|w| !w.is_empty()).collect();
    if quote_words.is_empty() {
        return None;
    }
    let words: Vec<Range<usize>> = word_ranges(text);
    if words.is_empty() {
        return None;
    }
    let length = quote_words.len().min(words.len());
    let mut lowered: Vec<String> = quote_words.iter().map(|w| w.to_lowercase()).collect();
    lowered.sort();
    let shared = |window: &[Range<usize>]| {
        window
            .iter()
            .filter(|r| {
                lowered
                    .binary_search(&text[(*r).clone()].to_lowercase())
                    .is_ok()
            })
            .count()
    };
    let mut ranked: Vec<(usize, usize)> = (0..=words.len() - length)
        .map(|start| (shared(&words[start..start + length]), start))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut best: Option<Passage> = None;
    for &(_, start) in ranked.iter().take(SHORTLIST) {
        let range = words[start].start..words[start + length - 1].end;
        let passage = collapse(&text[range.clone()]);
        let similarity = strsim::normalized_levenshtein(&passage, &wanted);
        if best.as_ref().is_none_or(|b| similarity > b.similarity) {
            best = Some(Passage {
                at: locator(text, range),
                text: passage,
                similarity,
            });
        }
    }
    best.filter(|b| b.similarity >= MIN_SIMILARITY)
}

/// Byte ranges of the whitespace-separated words of `text`.
fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words
}

/// A source's text, as read for checking.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The source's id.
    pub source: String,
    /// Where the text was looked for.
    pub path: PathBuf,
    /// The text, or why it could not be read.
    pub text: Result<String, String>,
}

/// The texts of every source of `graph` that names a `file`, read relative to `dir`:
/// the graph's directory (the directory given as `--graph`, or the directory holding a
/// single `.ron` file). With `dir` `None`, the bundled texts, for the bundled graph.
///
/// ```
/// use agencygraph::{Graph, sources::texts};
/// let bundled = texts(&Graph::bundled(), None);
/// assert_eq!(bundled[0].source, "inter-agency-mechanisms");
/// assert!(bundled[0].text.as_ref().unwrap().starts_with("Inter-Agency Mechanisms"));
/// ```
pub fn texts(graph: &Graph, dir: Option<&Path>) -> Vec<SourceText> {
    graph
        .sources()
        .iter()
        .filter_map(|source| {
            let file = source.file.as_deref()?;
            let text = match dir {
                Some(dir) => {
                    let path = dir.join(file);
                    let text = std::fs::read_to_string(&path)
                        .map_err(|error| format!("cannot read {}: {error}", path.display()));
                    (path, text)
                }
                None => {
                    let path = lexical(&Path::new("graph").join(file));
                    let text = Graph::bundled_texts()
                        .iter()
                        .find(|(name, _)| Path::new(name) == path)
                        .map(|(_, text)| text.to_string())
                        .ok_or_else(|| format!("no bundled text {}", path.display()));
                    (path, text)
                }
            };
            Some(SourceText {
                source: source.id.clone(),
                path: text.0,
                text: text.1,
            })
        })
        .collect()
}

/// `path` with `.` and `dir/..` taken out, without asking the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The directory a graph at `path` keeps its sources' files under: `path` itself for a
/// directory, the file's directory for a single `.ron` file.
pub fn graph_dir(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    }
}

/// What [`check`] found for one quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// The quote is in the text, here.
    Found {
        /// Where.
        #[serde(serialize_with = "as_string")]
        at: Locator,
    },
    /// The quote is not in the text.
    Missing {
        /// The passage most like it, if any is alike enough.
        closest: Option<Passage>,
    },
    /// The source names no text file, or its text could not be read; nothing to check.
    NoText,
}

/// One quote of a graph, checked against its source's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteCheck {
    /// The relation the quote backs: `(from, kind, to)` (in JSON, the kind by its
    /// kebab-case name).
    #[serde(serialize_with = "relation_names")]
    pub relation: (String, EdgeKind, String),
    /// The source's id.
    pub source: String,
    /// The quote.
    pub quote: String,
    /// The locator the evidence has now.
    #[serde(skip)]
    pub was: Option<Locator>,
    /// What was found.
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl QuoteCheck {
    /// The locator the evidence should have: the found one, or none when the quote is
    /// missing; `None` (no opinion) when there was no text to look in.
    pub fn wanted(&self) -> Option<Option<Locator>> {
        match &self.outcome {
            Outcome::Found { at } => Some(Some(*at)),
            Outcome::Missing { .. } => Some(None),
            Outcome::NoText => None,
        }
    }

    /// Whether the evidence's locator should change.
    pub fn needs_update(&self) -> bool {
        self.wanted().is_some_and(|wanted| wanted != self.was)
    }
}

/// Checks every quote of `graph` against the texts of its sources (from [`texts`]), in
/// the graph's edge order.
///
/// ```
/// use agencygraph::{Graph, sources::{check, texts, Outcome}};
/// let graph = Graph::bundled();
/// let checks = check(&graph, &texts(&graph, None));
/// assert!(checks.iter().all(|c| matches!(c.outcome, Outcome::Found { .. })));
/// ```
pub fn check(graph: &Graph, texts: &[SourceText]) -> Vec<QuoteCheck> {
    let mut checks = Vec::new();
    for edge in graph.edges() {
        for evidence in edge.evidence() {
            let text = texts
                .iter()
                .find(|t| t.source == evidence.source())
                .and_then(|t| t.text.as_ref().ok());
            let outcome = match text {
                None => Outcome::NoText,
                Some(text) => match find(text, evidence.quote()) {
                    Some(range) => Outcome::Found {
                        at: locator(text, range),
                    },
                    None => Outcome::Missing {
                        closest: closest(text, evidence.quote()),
                    },
                },
            };
            checks.push(QuoteCheck {
                relation: (edge.from().to_string(), edge.kind(), edge.to().to_string()),
                source: evidence.source().to_string(),
                quote: evidence.quote().to_string(),
                was: evidence.at(),
                outcome,
            });
        }
    }
    checks
}

/// Plans the locator changes `checks` call for, on the store they were made from: found
/// quotes get their locator, missing ones lose theirs; nothing else changes. Write the
/// plan with [`Store::save`](crate::store::Store::save).
///
/// ```
/// use agencygraph::store::{Store, init};
/// use agencygraph::sources::{check, fill_locators, graph_dir, texts};
///
/// let dir = tempfile::tempdir()?;
/// init(dir.path())?;
/// let mut store = Store::open(dir.path())?;
/// let checks = check(store.graph(), &texts(store.graph(), Some(&graph_dir(dir.path()))));
/// let plan = fill_locators(&store, &checks)?;
/// store.save(&plan)?;
/// let again = check(store.graph(), &texts(store.graph(), Some(dir.path())));
/// assert!(again.iter().all(|c| !c.needs_update()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fill_locators(
    store: &crate::store::Store,
    checks: &[QuoteCheck],
) -> Result<crate::store::Plan, crate::store::EditError> {
    store.change(|tx| {
        let mut filled = 0;
        let mut cleared = 0;
        for check in checks {
            let Some(wanted) = check.wanted().filter(|_| check.needs_update()) else {
                continue;
            };
            let (from, kind, to) = &check.relation;
            let changed = tx.set_locator((from, *kind, to), &check.source, &check.quote, wanted)?;
            if wanted.is_some() {
                filled += changed;
            } else {
                cleared += changed;
            }
        }
        if filled > 0 {
            tx.note(format!("located {filled} quotes"));
        }
        if cleared > 0 {
            tx.note(format!(
                "cleared the locators of {cleared} quotes not found"
            ));
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collapsed_match_is_placed_over_the_whole_run_it_stands_for() {
        // Bytes of the original: `x` 0, ` ` 1, `a` 2, ` ` 3, ` ` 4, `\t` 5, ` ` 6, `b` 7,
        // `é` 8–9. "a  \t b" collapses to "a b": its space stands for bytes 3 to 6.
        let original = "x a  \t bé";
        let collapsed = collapsed(original);
        assert_eq!(collapsed.text, "x a bé");
        let at = collapsed.text.find("a b").unwrap();
        assert_eq!(collapsed.original(at..at + 3, original), 2..8);
        // "bé" (bytes 4 to 6 of the collapsed text) ends after both bytes of `é`.
        assert_eq!(collapsed.original(4..7, original), 7..10);
    }

    #[test]
    fn whitespace_and_line_breaks_are_normalised_and_nothing_else() {
        let text = "The  Trust Fund,\n  which was established in 1996 by the “General Assembly”";
        let range = find(text, "Trust Fund, which   was\testablished").unwrap();
        assert_eq!(&text[range.clone()], "Trust Fund,\n  which was established");
        assert_eq!(locator(text, range).to_string(), "1:6-2:23");
        assert!(find(text, "by the \"General Assembly\"").is_none());
        assert!(find(text, "by the “General Assembly”").is_some());
        assert!(find(text, "the trust fund").is_none(), "case counts");
        assert!(find(text, "   ").is_none());
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "Secretary-General’s UNiTE Campaign";
        let at = locator(text, find(text, "UNiTE").unwrap());
        assert_eq!(at, Locator::new(1, 21, 1, 25));
    }

    #[test]
    fn a_quote_at_the_very_end_is_found() {
        let text = "a b\nc é";
        let range = find(text, "c é").unwrap();
        assert_eq!(range, 4..text.len());
        assert_eq!(locator(text, range).to_string(), "2:1-3");
    }

    #[test]
    fn closest_offers_the_passage_a_mistyped_quote_comes_from() {
        let text = "OCHA participate in the Inter-Agency Network on Women and Gender Equality.\n\
                    OCHA is an active member of the United Nations Actions network.";
        let passage = closest(text, "OCHA is an active member of the UN Actions network").unwrap();
        assert_eq!(
            passage.text,
            "OCHA is an active member of the United Nations Actions"
        );
        assert_eq!(passage.at.line, 2);
        assert!(closest(text, "completely unrelated words here").is_none());
    }

    #[test]
    fn bundled_texts_resolve_relative_to_the_graph_directory() {
        assert_eq!(
            lexical(Path::new("graph/../sources/a.txt")),
            PathBuf::from("sources/a.txt")
        );
        let graph = Graph::bundled();
        let texts = texts(&graph, None);
        assert_eq!(texts.len(), 1);
        assert!(texts[0].text.is_ok());
    }
}
