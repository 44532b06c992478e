//! Finding entities in a report: the known ones through a gazetteer of every id, name
//! and alias, and new ones through acronym definitions, organisation-like names and
//! short references ("the Network").

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::model::{Node, NodeKind};
use crate::resolve::normalize;
use crate::sources::MappedText;

/// Where an entity was found, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Bytes of the report.
    pub range: Range<usize>,
    /// The entity, as an index into the extraction's entity list.
    pub entity: usize,
    /// Mentions of other entities inside this one's span ("IASC" in "IASC Gender
    /// Reference Group"), by entity index, with their ranges.
    pub inner: Vec<(Range<usize>, usize)>,
}

/// A spelling the gazetteer knows.
#[derive(Debug, Clone)]
struct Spelling {
    entity: usize,
    /// An acronym (no lower-case letter): matches only in capitals.
    capitals: bool,
    /// One capitalised word ("Network"): matches only capitalised.
    capitalised_word: bool,
}

/// Every id, name and alias of a list of entities, found in text by their
/// [normalized](normalize) forms, leftmost-longest, on word boundaries.
#[derive(Debug)]
pub struct Gazetteer {
    automaton: Option<AhoCorasick>,
    spellings: Vec<Spelling>,
    keys: Vec<String>,
}

impl Gazetteer {
    /// A gazetteer of `nodes`, whose positions are the entity indices mentions carry.
    pub fn new<'a>(nodes: impl IntoIterator<Item = &'a Node>) -> Gazetteer {
        let mut spellings: Vec<Spelling> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for (entity, node) in nodes.into_iter().enumerate() {
            for spelling in node.names() {
                let key = normalize(spelling);
                if key.chars().count() < 2 {
                    continue;
                }
                let letters: Vec<char> = spelling.chars().filter(|c| c.is_alphabetic()).collect();
                let new = Spelling {
                    entity,
                    capitals: letters.iter().all(|c| !c.is_lowercase()),
                    capitalised_word: !spelling.trim().contains(char::is_whitespace)
                        && spelling.trim().starts_with(char::is_uppercase),
                };
                // One key per entity, as loose as its loosest spelling: the id `UN-WOMEN`
                // asks for capitals, the alias `UN Women` does not.
                match keys
                    .iter()
                    .zip(spellings.iter_mut())
                    .find(|(k, s)| **k == key && s.entity == entity)
                {
                    Some((_, old)) => {
                        old.capitals &= new.capitals;
                        old.capitalised_word &= new.capitalised_word;
                    }
                    None => {
                        spellings.push(new);
                        keys.push(key);
                    }
                }
            }
        }
        let automaton = (!keys.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&keys)
                .expect("normalized names are short literal patterns")
        });
        Gazetteer {
            automaton,
            spellings,
            keys,
        }
    }

    /// Every spelling's normalized key, with its entity.
    pub fn keys(&self) -> impl Iterator<Item = (&str, usize)> {
        self.keys
            .iter()
            .zip(&self.spellings)
            .map(|(k, s)| (k.as_str(), s.entity))
    }

    /// The mentions in `text`: the longest ones that do not overlap, leftmost first, each
    /// with the shorter mentions inside it.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let normalized = normalized_text(text);
        let mut found: Vec<(Range<usize>, usize)> = Vec::new();
        for hit in automaton.find_overlapping_iter(&normalized.text) {
            let spelling = &self.spellings[hit.pattern().as_usize()];
            let range = normalized.original(hit.start()..hit.end(), text);
            let span = &text[range.clone()];
            let before = text[..range.start].chars().next_back();
            let after = text[range.end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            if spelling.capitals && span.chars().any(char::is_lowercase) {
                continue;
            }
            if spelling.capitalised_word && !span.starts_with(char::is_uppercase) {
                continue;
            }
            if !found.contains(&(range.clone(), spelling.entity)) {
                found.push((range, spelling.entity));
            }
        }
        nest(found)
    }
}

/// Keeps the longest non-overlapping mentions, leftmost first, and files the others
/// under the mention that contains them.
pub(crate) fn nest(mut found: Vec<(Range<usize>, usize)>) -> Vec<Mention> {
    found.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut mentions: Vec<Mention> = Vec::new();
    for (range, entity) in found {
        match mentions.last_mut() {
            Some(last) if range.start < last.range.end => {
                if range.end <= last.range.end && entity != last.entity {
                    last.inner.push((range, entity));
                }
            }
            _ => mentions.push(Mention {
                range,
                entity,
                inner: Vec::new(),
            }),
        }
    }
    mentions
}

/// `original` reduced to lower-case letters and digits, with the way back.
fn normalized_text(original: &str) -> MappedText {
    let mut mapped = MappedText::with_capacity(original.len());
    for (i, c) in original.char_indices() {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                mapped.push(lower, i);
            }
        }
    }
    mapped
}

/// A definition `LONG FORM (SHORT)` found by the Schwartz–Hearst algorithm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The long form's bytes in the report.
    pub long: Range<usize>,
    /// The short form's bytes (inside the parentheses).
    pub short: Range<usize>,
}

/// The acronym definitions in `range` of `text`: every `(SHORT)` of two to ten
/// characters with a capital, and the words before it whose letters the short form's
/// letters follow in order, its first letter starting a word (Schwartz and Hearst,
/// 2003).
///
/// ```
/// use agencygraph::extract::mentions::definitions;
/// let text = "the Inter-Agency Coordination Group on Trafficking in Persons (ICAT), established";
/// let found = definitions(text, 0..text.len());
/// assert_eq!(&text[found[0].long.clone()], "Inter-Agency Coordination Group on Trafficking in Persons");
/// assert_eq!(&text[found[0].short.clone()], "ICAT");
/// ```
pub fn definitions(text: &str, range: Range<usize>) -> Vec<Definition> {
    let part = &text[range.clone()];
    let mut found = Vec::new();
    let mut search = 0;
    while let Some(open) = part[search..].find('(').map(|i| search + i) {
        search = open + 1;
        let Some(close) = part[open..].find(')').map(|i| open + i) else {
            break;
        };
        let short = part[open + 1..close].trim();
        let letters = short.chars().filter(|c| c.is_alphanumeric()).count();
        if !(2..=10).contains(&letters)
            || short.split_whitespace().count() > 2
            || !short.chars().any(char::is_uppercase)
            || !short.starts_with(char::is_alphanumeric)
        {
            continue;
        }
        let before = &part[..open];
        let words = before.split_whitespace().count();
        let window = (letters + 5).min(letters * 2).min(words);
        let window_start = before
            .char_indices()
            .rev()
            .filter(|&(i, c)| {
                !c.is_whitespace() && (i == 0 || before[..i].ends_with(char::is_whitespace))
            })
            .nth(window.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        let candidate = before[window_start..].trim_end();
        if let Some(long_start) = long_form(short, candidate) {
            let long = candidate[long_start..].trim_start_matches(|c: char| !c.is_alphanumeric());
            let start = window_start + (candidate.len() - long.len());
            if long.split_whitespace().count() >= 2 || long.len() > short.len() + 3 {
                let short_start = open
                    + 1
                    + (part[open + 1..close].len() - part[open + 1..close].trim_start().len());
                found.push(Definition {
                    long: range.start + start..range.start + start + long.len(),
                    short: range.start + short_start..range.start + short_start + short.len(),
                });
            }
        }
        search = close + 1;
    }
    found
}

/// Where the long form of `short` starts in `candidate`, if its letters are there.
pub(crate) fn long_form(short: &str, candidate: &str) -> Option<usize> {
    let short: Vec<char> = short.chars().flat_map(char::to_lowercase).collect();
    let long: Vec<(usize, char)> = candidate
        .char_indices()
        .flat_map(|(i, c)| c.to_lowercase().map(move |l| (i, l)))
        .collect();
    let mut s = short.len() as isize - 1;
    let mut l = long.len() as isize - 1;
    while s >= 0 {
        let c = short[s as usize];
        if !c.is_alphanumeric() {
            s -= 1;
            continue;
        }
        while l >= 0
            && (long[l as usize].1 != c
                || (s == 0 && l > 0 && long[l as usize - 1].1.is_alphanumeric()))
        {
            l -= 1;
        }
        if l < 0 {
            return None;
        }
        l -= 1;
        s -= 1;
    }
    let at = long[(l + 1) as usize].0;
    // The start of the word holding the first letter.
    Some(
        candidate[..at]
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1),
    )
}

/// Words that end the names of organisations and activities, with the kind they
/// suggest, most specific first.
const HEADS: &[(&str, NodeKind)] = &[
    ("task force", NodeKind::WorkingGroup),
    ("task team", NodeKind::WorkingGroup),
    ("working group", NodeKind::WorkingGroup),
    ("worknig group", NodeKind::WorkingGroup),
    ("reference group", NodeKind::WorkingGroup),
    ("steering committee", NodeKind::WorkingGroup),
    ("executive committee", NodeKind::WorkingGroup),
    ("advisory committee", NodeKind::Mechanism),
    ("standing committee", NodeKind::Mechanism),
    ("trust fund", NodeKind::Fund),
    ("focal points", NodeKind::Network),
    ("focal point", NodeKind::Mechanism),
    ("general assembly", NodeKind::Body),
    ("security council", NodeKind::Body),
    ("special rapporteur", NodeKind::Mandate),
    ("secretary-general", NodeKind::Mandate),
    ("resident coordinators", NodeKind::Mandate),
    ("general recommendation", NodeKind::Publication),
    ("concept of operations", NodeKind::Framework),
    ("days of activism", NodeKind::Campaign),
    ("area of responsibility", NodeKind::Mechanism),
    ("committee", NodeKind::Body),
    ("commission", NodeKind::UnEntity),
    ("council", NodeKind::Body),
    ("group", NodeKind::Mechanism),
    ("mechanism", NodeKind::Mechanism),
    ("cluster", NodeKind::Mechanism),
    ("network", NodeKind::Network),
    ("partnership", NodeKind::Network),
    ("coalition", NodeKind::Network),
    ("alliance", NodeKind::Network),
    ("platform", NodeKind::Network),
    ("fund", NodeKind::Fund),
    ("facility", NodeKind::Fund),
    ("initiative", NodeKind::Initiative),
    ("campaign", NodeKind::Campaign),
    ("movement", NodeKind::Campaign),
    ("programme", NodeKind::Programme),
    ("program", NodeKind::Programme),
    ("project", NodeKind::Project),
    ("study", NodeKind::Project),
    ("helpline", NodeKind::Project),
    ("office", NodeKind::Office),
    ("section", NodeKind::Office),
    ("unit", NodeKind::Office),
    ("service", NodeKind::Office),
    ("division", NodeKind::Office),
    ("team", NodeKind::Office),
    ("department", NodeKind::Department),
    ("agency", NodeKind::UnEntity),
    ("organization", NodeKind::Organisation),
    ("organisation", NodeKind::Organisation),
    ("entity", NodeKind::UnEntity),
    ("union", NodeKind::Organisation),
    ("foundation", NodeKind::Organisation),
    ("forum", NodeKind::Event),
    ("dialogue", NodeKind::Event),
    ("conference", NodeKind::Event),
    ("summit", NodeKind::Event),
    ("meeting", NodeKind::Event),
    ("review", NodeKind::Event),
    ("session", NodeKind::Event),
    ("commemoration", NodeKind::Event),
    ("exhibition", NodeKind::Event),
    ("side-event", NodeKind::Event),
    ("day", NodeKind::Event),
    ("talks", NodeKind::Event),
    ("brief", NodeKind::Publication),
    ("handbook", NodeKind::Publication),
    ("report", NodeKind::Publication),
    ("guidelines", NodeKind::Publication),
    ("resolution", NodeKind::Publication),
    ("recommendation", NodeKind::Publication),
    ("submission", NodeKind::Publication),
    ("framework", NodeKind::Framework),
    ("agenda", NodeKind::Framework),
    ("strategy", NodeKind::Framework),
    ("compact", NodeKind::Framework),
    ("goals", NodeKind::Framework),
    ("rapporteur", NodeKind::Mandate),
];

/// The kind a name suggests by the head word it holds (the last one that is a head),
/// if it holds one.
///
/// ```
/// use agencygraph::extract::mentions::guess_kind;
/// use agencygraph::NodeKind;
/// assert_eq!(guess_kind("Inter-Agency Working Group on Harmful Practices"), Some(NodeKind::WorkingGroup));
/// assert_eq!(guess_kind("Regional Dialogue on Female Genital Mutilation"), Some(NodeKind::Event));
/// assert_eq!(guess_kind("Spotlight"), None);
/// ```
pub fn guess_kind(name: &str) -> Option<NodeKind> {
    let lower = name.to_lowercase();
    let mut best: Option<(usize, usize, NodeKind)> = None;
    for &(head, kind) in HEADS {
        let mut from = 0;
        while let Some(at) = lower[from..].find(head).map(|i| from + i) {
            from = at + 1;
            let end = at + head.len();
            let starts = at == 0 || !lower[..at].ends_with(char::is_alphanumeric);
            let rest = &lower[end..];
            let ends = rest.is_empty()
                || rest.starts_with(|c: char| !c.is_alphanumeric())
                || rest.starts_with('s') && !rest[1..].starts_with(char::is_alphanumeric);
            if starts
                && ends
                && best.is_none_or(|(b, len, _)| at > b || at == b && head.len() > len)
            {
                // The head furthest right wins: "Group on ... Task Force" is a task force.
                let covered = best.is_some_and(|(b, len, _)| at < b + len && at >= b);
                if !covered {
                    best = Some((at, head.len(), kind));
                }
            }
        }
    }
    best.map(|(_, _, kind)| kind)
}

/// Lower-case words that may join the words of a name.
const CONNECTORS: &[&str] = &["of", "on", "for", "and", "the", "to", "against", "in", "&"];

/// Capitalised words that open sentences rather than names.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "under",
    "at",
    "by",
    "this",
    "these",
    "its",
    "his",
    "her",
    "their",
    "during",
    "through",
    "from",
    "with",
    "for",
    "on",
    "as",
    "unique",
    "members",
    "co-chair",
    "chair",
    "head",
    "member",
    "feedback",
    "hearing",
    "recognized",
    "launched",
    "available",
    "since",
    "after",
    "before",
    "both",
    "each",
    "all",
    "while",
    "furthermore",
    "moreover",
    "also",
    "and",
    "to",
    "of",
    "annual",
    "background",
    "areas",
];

/// Title-case phrases in `range` of `text` that hold a head word of an organisation or
/// activity (Committee, Group, Network, Fund, Task Force, Initiative, Campaign,
/// Programme, Office, ...), with the kind the head suggests.
///
/// ```
/// use agencygraph::extract::mentions::names;
/// use agencygraph::NodeKind;
/// let text = "In 2021, UNFPA and WHO co-organized the Regional Dialogue on Female Genital Mutilation, under";
/// let found = names(text, 0..text.len());
/// assert_eq!(&text[found[0].0.clone()], "Regional Dialogue on Female Genital Mutilation");
/// assert_eq!(found[0].1, NodeKind::Event);
/// ```
pub fn names(text: &str, range: Range<usize>) -> Vec<(Range<usize>, NodeKind)> {
    let words = words(text, range);
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !capitalised(&text[words[i].core.clone()]) {
            i += 1;
            continue;
        }
        // Extend the run over capitalised words and connectors followed by one.
        let start = i;
        let mut end = i; // inclusive, always a capitalised word
        let mut j = i;
        while !words[j].stops && j + 1 < words.len() {
            let next = &text[words[j + 1].core.clone()];
            if capitalised(next) {
                j += 1;
                end = j;
            } else if CONNECTORS.contains(&next) {
                // A connector, or two ("of the"), then a capitalised word.
                let mut k = j + 1;
                while k < words.len()
                    && !words[k - 1].stops
                    && CONNECTORS.contains(&&text[words[k].core.clone()])
                {
                    k += 1;
                }
                // "and of the", "and in": a list of phrases, not one name.
                let list = text[words[j + 1].core.clone()] == *"and"
                    && k > j + 2
                    && text[words[j + 2].core.clone()] != *"the";
                if !list
                    && k < words.len()
                    && !words[k - 1].stops
                    && capitalised(&text[words[k].core.clone()])
                {
                    j = k;
                    end = k;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        // Drop opening words that start sentences, not names.
        let mut first = start;
        while first < end
            && OPENERS.contains(&text[words[first].core.clone()].to_lowercase().as_str())
        {
            first += 1;
        }
        while first < end && CONNECTORS.contains(&&text[words[first].core.clone()]) {
            first += 1;
        }
        let span = words[first].core.start..words[end].core.end;
        let phrase = &text[span.clone()];
        if phrase.split_whitespace().count() >= 2
            && let Some(kind) = guess_kind(phrase)
            && !OPENERS.contains(&phrase.to_lowercase().as_str())
        {
            found.push((span, kind));
        }
        i = end + 1;
    }
    found
}

/// A word of a sentence: its bytes without surrounding punctuation, and whether
/// punctuation after it ends a name (a comma, a colon, a bracket).
struct Word {
    core: Range<usize>,
    stops: bool,
}

fn words(text: &str, range: Range<usize>) -> Vec<Word> {
    let part = &text[range.clone()];
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in part.split_inclusive(char::is_whitespace) {
        let start = range.start + offset;
        offset += raw.len();
        let trimmed_end = raw.trim_end();
        let core_str =
            trimmed_end.trim_matches(|c: char| !c.is_alphanumeric() && c != '#' && c != '&');
        if core_str.is_empty() {
            if let Some(last) = out.last_mut() {
                let last: &mut Word = last;
                last.stops = true;
            }
            continue;
        }
        let lead = trimmed_end.len()
            - trimmed_end
                .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '#' && c != '&')
                .len();
        let core = start + lead..start + lead + core_str.len();
        let trailing = &trimmed_end[lead + core_str.len()..];
        let leading = &trimmed_end[..lead];
        if leading.contains(['(', '“', '"', '‘'])
            && let Some(last) = out.last_mut()
        {
            let last: &mut Word = last;
            last.stops = true;
        }
        out.push(Word {
            core,
            stops: trailing.contains([',', ';', ':', '(', ')', '.', '“', '”', '"', '–', '—']),
        });
    }
    out
}

/// Whether a word counts as capitalised in a name: a capital first letter, a digit
/// with letters ("CSW63"), or a hashtag.
fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        Some('#') => chars.next().is_some_and(char::is_alphabetic),
        Some(c) if c.is_ascii_digit() => word.chars().any(char::is_alphabetic),
        _ => false,
    }
}

/// Acronyms that name topics, places or currencies rather than organisations.
const NOT_ORGANISATIONS: &[&str] = &[
    "GBV", "VAW", "VAWG", "EVAWG", "SEA", "PSEA", "AAP", "SGBV", "CRSV", "FGM", "HIV", "AIDS",
    "SDG", "SDGS", "HQ", "USD", "EUR", "GDP", "NGO", "NGOS", "CSO", "CSOS", "UN", "US", "UK",
    "ICT", "COVID", "II", "III", "IV", "WPS", "HR", "ID", "TV", "OK", "NY", "PDF", "CEO",
];

/// Capitalised acronyms in `range` of `text` (two to eight letters and digits, with
/// dashes), other than those that name topics (GBV, SEA, USD, ...).
pub fn acronyms(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    words(text, range)
        .into_iter()
        .filter(|w| {
            let word = &text[w.core.clone()];
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            (2..=8).contains(&letters)
                && word
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
                && word.starts_with(|c: char| c.is_ascii_uppercase())
                && !NOT_ORGANISATIONS.contains(&word)
        })
        .map(|w| w.core)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, name: &str, aliases: &[&str]) -> Node {
        let mut node = Node::new(id, NodeKind::UnEntity, name);
        node.aliases = aliases.iter().map(|a| a.to_string()).collect();
        node
    }

    #[test]
    fn gazetteer_finds_the_longest_names_on_word_boundaries() {
        let nodes = [
            node("WHO", "World Health Organization", &[]),
            node("IASC", "Inter-Agency Standing Committee", &[]),
            node("IASC-GRG", "IASC Gender Reference Group", &["IASC GRG"]),
            node("UNITE", "UNiTE Campaign", &["Network"]),
        ];
        let gazetteer = Gazetteer::new(&nodes);
        let text = "WHO and the whole IASC Gender Reference Group, with Unite and the network of the Network.";
        let found: Vec<(&str, usize, usize)> = gazetteer
            .find(text)
            .iter()
            .map(|m| (&text[m.range.clone()], m.entity, m.inner.len()))
            .collect();
        // "who" in "whole" and lower-case "who" are not WHO; "network" is not "Network";
        // "Unite" matches "UNiTE Campaign"'s id `UNITE` only in capitals.
        assert_eq!(
            found,
            [
                ("WHO", 0, 0),
                ("IASC Gender Reference Group", 2, 1),
                ("Network", 3, 0)
            ]
        );
    }

    #[test]
    fn definitions_need_the_letters_in_order() {
        let text = "ESCAP and UN Women co-chair the Thematic Working Group on Gender Equality and Empowerment of Women (TWG-GEEW), and (2019) and (MPTF Office).";
        let found = definitions(text, 0..text.len());
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].short.clone()], "TWG-GEEW");
        assert_eq!(
            &text[found[0].long.clone()],
            "Thematic Working Group on Gender Equality and Empowerment of Women"
        );
    }

    #[test]
    fn names_end_at_punctuation_and_skip_sentence_openers() {
        let text = "The Gender Unit of UNICEF serves as the secretariat; Girls Not Brides, a global partnership.";
        let found: Vec<&str> = names(text, 0..text.len())
            .iter()
            .map(|(r, _)| &text[r.clone()])
            .collect();
        assert_eq!(found, ["Gender Unit of UNICEF"]);
        assert_eq!(
            acronyms("UNHCR helps with GBV and SEA in the IASC.", 0..41),
            [0..5, 36..40]
        );
    }
}
