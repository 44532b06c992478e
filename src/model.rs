//! The data model: entities ([`Node`]), typed relations between them ([`Edge`]), the
//! evidence that backs each relation ([`Evidence`]) and the documents it is quoted from
//! ([`Source`]), and a file's contents, all three as plain lists ([`Dataset`]).
//!
//! These are the types the RON files hold, field for field. Kinds are written in RON as
//! enum variants (`kind: SecretariatOf`); everywhere else (command line, JSON) they go by
//! their kebab-case name (`secretariat-of`), see [`NodeKind::name`] and [`EdgeKind::name`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::dates::When;

/// An entity: a UN agency, an office, a mechanism, a fund, an event, a member state, ...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Stable, human-readable key in UPPER-KEBAB case, such as `UNODC` or `UN-ACTION`.
    pub id: String,
    /// What sort of entity this is.
    pub kind: NodeKind,
    /// The full name, such as "United Nations Office on Drugs and Crime".
    pub name: String,
    /// Every other name the sources use: acronyms, variants, typos included.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact_list"
    )]
    pub aliases: Vec<String>,
    /// One or two sentences on what the entity is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Year the entity was established, launched or held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub established: Option<i32>,
    /// Web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Curator's notes: how the entry was read from the sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A list read without room to spare. Formats that do not say a list's length up front
/// (RON) leave a one-item list room for four; over a million edges that room is a fifth
/// of the graph's memory, and it would be held until the whole file was read.
fn exact_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut items = Vec::<T>::deserialize(deserializer)?;
    items.shrink_to_fit();
    Ok(items)
}

impl Node {
    /// A node with the given id, kind and name and no other fields.
    pub fn new(id: impl Into<String>, kind: NodeKind, name: impl Into<String>) -> Node {
        Node {
            id: id.into(),
            kind,
            name: name.into(),
            aliases: Vec::new(),
            description: None,
            established: None,
            url: None,
            notes: None,
        }
    }

    /// Adds an alias (builder style).
    pub fn alias(mut self, alias: impl Into<String>) -> Node {
        self.aliases.push(alias.into());
        self
    }

    /// The id, the name and every alias: all the names this node answers to.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        [self.id.as_str(), self.name.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// A relation `from —kind→ to`, read as a sentence: "UNODC secretariat of ICAT".
///
/// The direction is the sentence's: funder → recipient, chair → body, member → group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    /// Id of the subject.
    pub from: String,
    /// The relation.
    pub kind: EdgeKind,
    /// Id of the object.
    pub to: String,
    /// The subject's role in the relation, in the source's words ("permanent coordinator").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// First year the relation held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<i32>,
    /// Last year the relation held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<i32>,
    /// The one year the relation is reported for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// A date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Money involved, for funding relations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Id of the node through which the relation runs, such as a sub-unit or a resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// True when the source only implies the relation (by a name, or a table's layout)
    /// rather than stating it; `notes` then says how it was inferred.
    #[serde(default, skip_serializing_if = "is_false")]
    pub inferred: bool,
    /// Curator's notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The quotes that back the relation: at least one.
    #[serde(deserialize_with = "exact_list")]
    pub evidence: Vec<Evidence>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Edge {
    /// An edge with no qualifiers and no evidence.
    pub fn new(from: impl Into<String>, kind: EdgeKind, to: impl Into<String>) -> Edge {
        Edge {
            from: from.into(),
            kind,
            to: to.into(),
            role: None,
            since: None,
            until: None,
            year: None,
            date: None,
            amount: None,
            via: None,
            inferred: false,
            notes: None,
            evidence: Vec::new(),
        }
    }

    /// Adds a piece of evidence (builder style).
    pub fn evidence(mut self, source: impl Into<String>, quote: impl Into<String>) -> Edge {
        self.evidence.push(Evidence::new(source, quote));
        self
    }

    /// The relation the edge states, as `(subject, kind, object)` with the ends of a
    /// symmetric kind in order: two edges state the same relation exactly when their
    /// relations are equal.
    pub fn relation(&self) -> (&str, EdgeKind, &str) {
        relation(&self.from, self.kind, &self.to)
    }

    /// The relation in words, as messages name it: `UNODC secretariat of ICAT`.
    pub fn statement(&self) -> String {
        format!("{} {} {}", self.from, self.kind.label(), self.to)
    }
}

/// When a relation held, as its edge says: what [`Edge`] and the graph's
/// [`EdgeRef`](crate::graph::EdgeRef) both answer, and what the questions by date read.
pub trait Dated {
    /// First year the relation held.
    fn since(&self) -> Option<i32>;
    /// Last year the relation held.
    fn until(&self) -> Option<i32>;
    /// The one year the relation is reported for.
    fn year(&self) -> Option<i32>;
    /// A date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn date(&self) -> Option<&str>;

    /// Whether the relation holds in `year`: `None` when the edge carries no dates.
    fn valid_in(&self, year: i32) -> Option<bool> {
        self.valid_during(Some(year), Some(year))
    }

    /// Whether the relation holds in some year from `from` to `to` (both included; an
    /// end not given is open): `None` when the edge carries no dates.
    ///
    /// ```
    /// use agencygraph::{Dated, Edge, EdgeKind};
    ///
    /// let mut edge = Edge::new("A", EdgeKind::MemberOf, "B");
    /// assert_eq!(edge.valid_during(Some(2010), Some(2012)), None);
    /// (edge.since, edge.until) = (Some(2015), Some(2018));
    /// assert_eq!(edge.valid_during(Some(2010), Some(2015)), Some(true));
    /// assert_eq!(edge.valid_during(Some(2019), None), Some(false));
    /// ```
    fn valid_during(&self, from: Option<i32>, to: Option<i32>) -> Option<bool> {
        let date_year = self.date().and_then(|d| d.get(..4)?.parse().ok());
        let (since, until, year) = (self.since(), self.until(), self.year());
        if since.is_none() && until.is_none() && year.is_none() && date_year.is_none() {
            return None;
        }
        let exact = year.or(date_year);
        // The years both the edge's dates and the span allow: some when they overlap.
        let first = [from, since, exact].into_iter().flatten().max();
        let last = [to, until, exact].into_iter().flatten().min();
        Some(match (first, last) {
            (Some(first), Some(last)) => first <= last,
            _ => true,
        })
    }

    /// Whether the edge is shown in year `at`: every edge without a year, and with one
    /// every edge but those whose dates say it did not hold ([`Dated::valid_in`]).
    fn holds_in(&self, at: Option<i32>) -> bool {
        at.is_none_or(|year| self.valid_in(year) != Some(false))
    }
}

impl Dated for Edge {
    fn since(&self) -> Option<i32> {
        self.since
    }

    fn until(&self) -> Option<i32> {
        self.until
    }

    fn year(&self) -> Option<i32> {
        self.year
    }

    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
}

/// The years a question looks at: one year (`--at`), a span (`--from`, `--to`, either
/// end open) or all of them (the default), and whether relations that carry no dates
/// count.
///
/// ```
/// use agencygraph::{Edge, EdgeKind, Years};
///
/// let mut dated = Edge::new("A", EdgeKind::MemberOf, "B");
/// dated.since = Some(2015);
/// let undated = Edge::new("A", EdgeKind::Chairs, "B");
///
/// let span = Years::between(Some(2010), Some(2014));
/// assert_eq!(span.admits(&dated), None); // not yet a member
/// assert_eq!(span.admits(&undated), Some(true)); // kept, and marked undated
/// assert_eq!(Years::at(2016).admits(&dated), Some(false)); // kept, dated
/// assert_eq!(span.excluding_undated().admits(&undated), None);
/// assert_eq!(Years::default().admits(&undated), Some(false));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Years {
    /// The first year; `None` for no lower bound.
    pub from: Option<i32>,
    /// The last year; `None` for no upper bound.
    pub to: Option<i32>,
    /// Leave out relations that carry no dates (kept and marked otherwise).
    pub exclude_undated: bool,
    /// A month or a day within the one year asked for (`--at 2019-03`): relations
    /// dated finer than a year must also fall on some of its days. `None` otherwise.
    pub within: Option<When>,
}

impl Years {
    /// Just `year`.
    pub fn at(year: i32) -> Years {
        Years::between(Some(year), Some(year))
    }

    /// From `from` to `to`, both included; an end not given is open.
    pub fn between(from: Option<i32>, to: Option<i32>) -> Years {
        Years {
            from,
            to,
            exclude_undated: false,
            within: None,
        }
    }

    /// The same years, leaving out relations that carry no dates.
    pub fn excluding_undated(self) -> Years {
        Years {
            exclude_undated: true,
            ..self
        }
    }

    /// Just `year` when it is given (as `--at` asks), else these years; either way
    /// keeping [`Years::exclude_undated`].
    ///
    /// ```
    /// use agencygraph::Years;
    ///
    /// let span = Years::between(Some(2010), None).excluding_undated();
    /// assert_eq!(span.or_at(None), span);
    /// assert_eq!(span.or_at(Some(2019)), Years::at(2019).excluding_undated());
    /// assert!(Years::default().is_all());
    /// ```
    pub fn or_at(self, year: Option<i32>) -> Years {
        match year {
            Some(year) => Years {
                from: Some(year),
                to: Some(year),
                ..self
            },
            None => self,
        }
    }

    /// Just the year, month or day `when` (as `--at` asks), else these years; a month
    /// or a day also sets [`Years::within`].
    ///
    /// ```
    /// use agencygraph::{Edge, EdgeKind, Years};
    ///
    /// let mut april = Edge::new("A", EdgeKind::MemberOf, "B");
    /// april.date = Some("2019-04".to_string());
    /// let at = |text: &str| Years::default().or_at_time(Some(text.parse().unwrap()));
    /// assert_eq!(at("2019").admits(&april), Some(false));
    /// assert_eq!(at("2019-04").admits(&april), Some(false));
    /// assert_eq!(at("2019-03").admits(&april), None);
    /// ```
    pub fn or_at_time(self, when: Option<When>) -> Years {
        match when {
            Some(when) => Years {
                within: (!when.is_year()).then_some(when),
                ..self.or_at(Some(when.year))
            },
            None => self,
        }
    }

    /// Whether every relation is admitted: no bounds, undated ones included.
    pub fn is_all(&self) -> bool {
        *self == Years::default()
    }

    /// Whether `edge` is admitted, and if so whether it is undated while some years
    /// were asked for (`Some(true)`: kept, and worth marking). `None`: left out.
    pub fn admits(&self, edge: &impl Dated) -> Option<bool> {
        let bounded = self.from.is_some() || self.to.is_some();
        match edge.valid_during(self.from, self.to) {
            Some(true) if self.within.is_some_and(|when| !when.overlaps(edge)) => None,
            Some(true) => Some(false),
            Some(false) => None,
            None if self.exclude_undated => None,
            None => Some(bounded),
        }
    }
}

/// The relation `from —kind→ to` as [`Edge::relation`] keys it.
pub(crate) fn relation<'a>(
    from: &'a str,
    kind: EdgeKind,
    to: &'a str,
) -> (&'a str, EdgeKind, &'a str) {
    if kind.is_symmetric() && to < from {
        (to, kind, from)
    } else {
        (from, kind, to)
    }
}

/// A verbatim quote from a source document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Id of a [`Source`].
    pub source: String,
    /// The words of the source, character for character (at most about 40 words).
    pub quote: String,
    /// Where the quote is in the source's text. Computed by `check --sources`
    /// ([`crate::sources`]), never typed; absent in files written before locators existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Locator>,
}

impl Evidence {
    /// A quote from a source, not yet located.
    pub fn new(source: impl Into<String>, quote: impl Into<String>) -> Evidence {
        Evidence {
            source: source.into(),
            quote: quote.into(),
            at: None,
        }
    }

    /// Whether two pieces of evidence quote the same words from the same source,
    /// wherever their locators say those words are.
    pub fn same_quote(&self, other: &Evidence) -> bool {
        self.source == other.source && self.quote == other.quote
    }

    /// Where to find the quote, as people cite it: `inter-agency-mechanisms:14` with a
    /// locator, the source id alone without one.
    ///
    /// ```
    /// use agencygraph::{Evidence, model::Locator};
    /// let mut evidence = Evidence::new("report", "UNODC is the secretariat");
    /// assert_eq!(evidence.citation(), "report");
    /// evidence.at = Some(Locator::new(14, 1, 14, 24));
    /// assert_eq!(evidence.citation(), "report:14");
    /// ```
    pub fn citation(&self) -> String {
        citation(&self.source, self.at)
    }
}

/// A quote's citation: `source:line`, or the source alone without a locator.
pub(crate) fn citation(source: &str, at: Option<Locator>) -> String {
    match at {
        Some(at) => format!("{source}:{}", at.line),
        None => source.to_string(),
    }
}

/// Where a quote lies in its source's text: first and last character, as 1-based lines
/// and columns (columns count characters, not bytes; the end column is inclusive).
///
/// Written in RON as a short string, `"14:5-88"` on one line or `"14:5-15:20"` across
/// two, and kept as four `u32`s so that it adds 16 bytes to a piece of evidence.
///
/// ```
/// use agencygraph::model::Locator;
/// let at: Locator = "14:5-88".parse()?;
/// assert_eq!(at, Locator::new(14, 5, 14, 88));
/// assert_eq!(Locator::new(3, 1, 4, 2).to_string(), "3:1-4:2");
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Locator {
    /// Line of the first character.
    pub line: u32,
    /// Column of the first character.
    pub column: u32,
    /// Line of the last character.
    pub end_line: u32,
    /// Column of the last character.
    pub end_column: u32,
}

impl Locator {
    /// A locator from its four positions.
    pub fn new(line: u32, column: u32, end_line: u32, end_column: u32) -> Locator {
        Locator {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

impl fmt::Display for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.end_line == self.line {
            write!(f, "{}:{}-{}", self.line, self.column, self.end_column)
        } else {
            write!(
                f,
                "{}:{}-{}:{}",
                self.line, self.column, self.end_line, self.end_column
            )
        }
    }
}

impl FromStr for Locator {
    type Err = String;

    fn from_str(text: &str) -> Result<Locator, String> {
        let bad = || {
            format!(
                "`{text}` is not a locator; expected `LINE:COLUMN-COLUMN` or `LINE:COLUMN-LINE:COLUMN`, such as `14:5-88`"
            )
        };
        let number = |part: &str| part.trim().parse::<u32>().map_err(|_| bad());
        let (start, end) = text.split_once('-').ok_or_else(bad)?;
        let (line, column) = start.split_once(':').ok_or_else(bad)?;
        let (line, column) = (number(line)?, number(column)?);
        let (end_line, end_column) = match end.split_once(':') {
            Some((l, c)) => (number(l)?, number(c)?),
            None => (line, number(end)?),
        };
        if line == 0 || column == 0 || (end_line, end_column) < (line, column) {
            return Err(bad());
        }
        Ok(Locator::new(line, column, end_line, end_column))
    }
}

impl TryFrom<String> for Locator {
    type Error = String;

    fn try_from(text: String) -> Result<Locator, String> {
        text.parse()
    }
}

impl From<Locator> for String {
    fn from(at: Locator) -> String {
        at.to_string()
    }
}

/// A sum of money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    /// The sum, in whole units of `currency`.
    pub value: u64,
    /// ISO 4217 code, such as `USD`.
    pub currency: String,
    /// How exact the sum is.
    #[serde(default, skip_serializing_if = "Bound::is_exact")]
    pub bound: Bound,
}

/// How exact an [`Amount`] is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bound {
    /// Exactly the sum.
    #[default]
    Exact,
    /// More than the sum ("over 500 million").
    Over,
    /// Less than the sum.
    Under,
    /// Roughly the sum.
    About,
}

impl Bound {
    /// Every bound, in declaration order.
    pub(crate) const ALL: [Bound; 4] = [Bound::Exact, Bound::Over, Bound::Under, Bound::About];

    fn is_exact(&self) -> bool {
        *self == Bound::Exact
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.bound {
            Bound::Exact => "",
            Bound::Over => "over ",
            Bound::Under => "under ",
            Bound::About => "about ",
        };
        write!(f, "{prefix}{} {}", self.value, self.currency)
    }
}

impl FromStr for Amount {
    type Err = String;

    /// Reads what [`Display`](fmt::Display) writes: `500000000 USD`, `over 500000000 USD`.
    fn from_str(text: &str) -> Result<Amount, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let (bound, rest) = match words.as_slice() {
            ["over", rest @ ..] => (Bound::Over, rest),
            ["under", rest @ ..] => (Bound::Under, rest),
            ["about", rest @ ..] => (Bound::About, rest),
            rest => (Bound::Exact, rest),
        };
        match rest {
            [value, currency] => Ok(Amount {
                value: value
                    .replace(['_', ','], "")
                    .parse()
                    .map_err(|_| format!("`{value}` is not a whole number"))?,
                currency: currency.to_string(),
                bound,
            }),
            _ => Err(format!(
                "`{text}` is not an amount; expected `[over|under|about] VALUE CURRENCY`, such as `over 500000000 USD`"
            )),
        }
    }
}

/// A document that evidence is quoted from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short key that evidence entries name, such as `inter-agency-mechanisms`.
    pub id: String,
    /// The document's title.
    pub title: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Year of publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Where to find it: a path, a document symbol, a web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    /// The document's plain text, as a path relative to the graph's directory (the
    /// directory given as `--graph`, or the one holding a single `.ron` file), such as
    /// `sources/report.txt`. `check --sources` finds every quote in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Curator's notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Source {
    /// A source with the given id and title and no other fields.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Source {
        Source {
            id: id.into(),
            title: title.into(),
            publisher: None,
            year: None,
            locator: None,
            file: None,
            notes: None,
        }
    }
}

/// Declares a kind enum together with its kebab-case name and human label, so the three
/// can never drift apart.
macro_rules! kinds {
    (
        $(#[$meta:meta])* $vis:vis enum $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $kebab:literal, $label:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        $vis enum $name {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl $name {
            /// Every kind, in declaration order (the order used for sorting and grouping).
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The kebab-case name used on the command line and in JSON.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $kebab,)* }
            }

            /// The RON variant name, as written in data files.
            pub fn variant(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant),)* }
            }

            /// A label for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl FromStr for $name {
            type Err = UnknownKind;

            /// Accepts the kebab-case name, the RON variant or the label, ignoring case,
            /// spaces, dashes and underscores (`member-of`, `MemberOf`, `MEMBER_OF`).
            fn from_str(text: &str) -> Result<Self, UnknownKind> {
                let wanted = crate::resolve::normalize(text);
                $name::ALL
                    .iter()
                    .copied()
                    .find(|k| [k.name(), k.label()].map(crate::resolve::normalize).contains(&wanted))
                    .ok_or_else(|| UnknownKind {
                        found: text.to_string(),
                        expected: $name::ALL.iter().map(|k| k.name()).collect(),
                    })
            }
        }
    };
}

/// A kind name that is not one of the known kinds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind `{found}`; expected one of {}", .expected.join(", "))]
pub struct UnknownKind {
    /// What was given.
    pub found: String,
    /// The kebab-case names of every kind.
    pub expected: Vec<&'static str>,
}

kinds! {
    /// What sort of entity a [`Node`] is.
    pub enum NodeKind {
        /// A UN agency, fund, programme, commission or entity (UNODC, OCHA, WFP, UN Women).
        UnEntity = "un-entity", "UN entity";
        /// A department of the UN Secretariat (DPKO).
        Department = "department", "department";
        /// An office, service, unit or team within a larger entity.
        Office = "office", "office or unit";
        /// An inter-agency mechanism: coordination group, committee, cluster.
        Mechanism = "mechanism", "inter-agency mechanism";
        /// A network of entities or focal points.
        Network = "network", "network";
        /// A working group, task force, task team, reference group or steering committee.
        WorkingGroup = "working-group", "working group or task force";
        /// A fund or trust fund.
        Fund = "fund", "fund";
        /// An initiative.
        Initiative = "initiative", "initiative";
        /// A campaign or movement.
        Campaign = "campaign", "campaign";
        /// A programme.
        Programme = "programme", "programme";
        /// A project or study.
        Project = "project", "project";
        /// An event, side-event, meeting, commemoration or exhibition.
        Event = "event", "event";
        /// A publication or document: a brief, a submission, a handbook, a resolution.
        Publication = "publication", "publication";
        /// A framework, agenda or concept of operations that work is aligned with.
        Framework = "framework", "framework";
        /// A mandate or role held by a person (the Special Rapporteur, the Secretary-General).
        Mandate = "mandate", "mandate or role";
        /// An intergovernmental or expert body (the General Assembly, a treaty body).
        Body = "body", "intergovernmental or expert body";
        /// A UN member state.
        MemberState = "member-state", "member state";
        /// An organisation outside the UN: a company, foundation, NGO or regional body.
        Organisation = "organisation", "organisation";
        /// A group or coalition, such as a group of friends of member states.
        Group = "group", "group or coalition";
    }
}

/// The families that [`EdgeKind`]s fall into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Who chairs, coordinates, leads or serves as secretariat.
    Governance,
    /// Who belongs to, takes part in or is housed in what.
    Membership,
    /// Who funds or administers what.
    Money,
    /// Who organises, supports, implements, publishes or works with what.
    Activity,
    /// What an event or work is about, where it happens, what it marks.
    Context,
    /// Who established, initiated or launched what.
    Origin,
}

impl Family {
    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Family::Governance => "governance",
            Family::Membership => "membership",
            Family::Money => "money",
            Family::Activity => "activity",
            Family::Context => "context",
            Family::Origin => "origin",
        }
    }
}

kinds! {
    /// What a relation ([`Edge`]) says. Each kind knows its [label](EdgeKind::label),
    /// its [inverse](EdgeKind::inverse_label), its [family](EdgeKind::family), whether
    /// it is [symmetric](EdgeKind::is_symmetric), and which node kinds it may
    /// [join](EdgeKind::allows).
    pub enum EdgeKind {
        /// Chairs a body.
        Chairs = "chairs", "chairs";
        /// Co-chairs a body with others.
        CoChairs = "co-chairs", "co-chairs";
        /// Coordinates a body or a piece of work.
        Coordinates = "coordinates", "coordinates";
        /// Serves as the body's secretariat.
        SecretariatOf = "secretariat-of", "secretariat of";
        /// Leads; also "X's initiative" for an initiative of X.
        Leads = "leads", "leads";
        /// Guides a project or process.
        Guides = "guides", "guides";
        /// Oversees, as a steering committee oversees its project.
        Oversees = "oversees", "oversees";
        /// Is a member of a group, network or mechanism.
        MemberOf = "member-of", "member of";
        /// Takes part in, without stated membership.
        ParticipatesIn = "participates-in", "participates in";
        /// Is a sub-unit or component of.
        PartOf = "part-of", "part of";
        /// Is housed in (hosted by) an office or department.
        HousedIn = "housed-in", "housed in";
        /// Gives money to.
        Funds = "funds", "funds";
        /// Administers a fund or programme.
        Administers = "administers", "administers";
        /// Organises an event or activity.
        Organises = "organises", "organises";
        /// Organises jointly with others.
        CoOrganises = "co-organises", "co-organises";
        /// Co-sponsors an event or initiative.
        CoSponsors = "co-sponsors", "co-sponsors";
        /// Supports the work of.
        Supports = "supports", "supports";
        /// Implements a programme, project or commitment.
        Implements = "implements", "implements";
        /// Publishes a publication or document.
        Publishes = "publishes", "publishes";
        /// Contributes to.
        ContributesTo = "contributes-to", "contributes to";
        /// Has integrated a campaign or framework into its own work.
        Integrates = "integrates", "integrates";
        /// A publication submitted to a body.
        SubmittedTo = "submitted-to", "submitted to";
        /// Works in partnership with (symmetric).
        PartnersWith = "partners-with", "partners with";
        /// Coordinates with, as peers (symmetric).
        CoordinatesWith = "coordinates-with", "coordinates with";
        /// An event or work held under the auspices or umbrella of.
        UnderAuspicesOf = "under-auspices-of", "under the auspices of";
        /// Is about a topic, mandate or document.
        Concerns = "concerns", "concerns";
        /// An event that commemorates another (an international day).
        Commemorates = "commemorates", "commemorates";
        /// Takes place in a country.
        LocatedIn = "located-in", "located in";
        /// Was launched at an event.
        LaunchedAt = "launched-at", "launched at";
        /// Is a version or adaptation of.
        AdaptedFrom = "adapted-from", "adapted from";
        /// Was established or created by.
        EstablishedBy = "established-by", "established by";
        /// Initiated (started) something.
        Initiated = "initiated", "initiated";
        /// Launched something.
        Launches = "launches", "launches";
        /// Adopted a resolution or decision.
        Adopts = "adopts", "adopts";
    }
}

use NodeKind as N;

/// Kinds that act: everything except events, publications, frameworks and campaigns.
const ACTORS: &[NodeKind] = &[
    N::UnEntity,
    N::Department,
    N::Office,
    N::Mechanism,
    N::Network,
    N::WorkingGroup,
    N::Fund,
    N::Initiative,
    N::Programme,
    N::Project,
    N::Mandate,
    N::Body,
    N::MemberState,
    N::Organisation,
    N::Group,
];
/// Kinds that can be chaired, coordinated or joined.
const BODIES: &[NodeKind] = &[
    N::Mechanism,
    N::Network,
    N::WorkingGroup,
    N::Body,
    N::Group,
    N::Fund,
    N::Initiative,
    N::Campaign,
    N::Programme,
    N::Project,
    N::Organisation,
];
/// Kinds of work that can be organised, implemented or launched.
const ACTIVITIES: &[NodeKind] = &[
    N::Initiative,
    N::Campaign,
    N::Programme,
    N::Project,
    N::Event,
    N::Publication,
    N::Fund,
];
/// Kinds that can hold or contain units.
const HOSTS: &[NodeKind] = &[
    N::UnEntity,
    N::Department,
    N::Office,
    N::Organisation,
    N::Mechanism,
];
const DOCUMENTS: &[NodeKind] = &[N::Publication, N::Framework];
const EVENTS: &[NodeKind] = &[N::Event];
const STATES: &[NodeKind] = &[N::MemberState];

impl EdgeKind {
    /// The label read from the object's side: "has secretariat" for `SecretariatOf`.
    pub fn inverse_label(self) -> &'static str {
        use EdgeKind::*;
        match self {
            Chairs => "chaired by",
            CoChairs => "co-chaired by",
            Coordinates => "coordinated by",
            SecretariatOf => "has secretariat",
            Leads => "led by",
            Guides => "guided by",
            Oversees => "overseen by",
            MemberOf => "has member",
            ParticipatesIn => "has participant",
            PartOf => "has part",
            HousedIn => "houses",
            Funds => "funded by",
            Administers => "administered by",
            Organises => "organised by",
            CoOrganises => "co-organised by",
            CoSponsors => "co-sponsored by",
            Supports => "supported by",
            Implements => "implemented by",
            Publishes => "published by",
            ContributesTo => "receives contributions from",
            Integrates => "integrated into",
            SubmittedTo => "receives submission",
            PartnersWith => "partners with",
            CoordinatesWith => "coordinates with",
            UnderAuspicesOf => "gives auspices to",
            Concerns => "subject of",
            Commemorates => "commemorated by",
            LocatedIn => "location of",
            LaunchedAt => "launch venue of",
            AdaptedFrom => "adapted as",
            EstablishedBy => "established",
            Initiated => "initiated by",
            Launches => "launched by",
            Adopts => "adopted by",
        }
    }

    /// The family the kind belongs to.
    pub fn family(self) -> Family {
        use EdgeKind::*;
        match self {
            Chairs | CoChairs | Coordinates | SecretariatOf | Leads | Guides | Oversees => {
                Family::Governance
            }
            MemberOf | ParticipatesIn | PartOf | HousedIn => Family::Membership,
            Funds | Administers => Family::Money,
            Organises | CoOrganises | CoSponsors | Supports | Implements | Publishes
            | ContributesTo | Integrates | SubmittedTo | PartnersWith | CoordinatesWith => {
                Family::Activity
            }
            UnderAuspicesOf | Concerns | Commemorates | LocatedIn | LaunchedAt | AdaptedFrom => {
                Family::Context
            }
            EstablishedBy | Initiated | Launches | Adopts => Family::Origin,
        }
    }

    /// Whether `a —kind→ b` says the same as `b —kind→ a`.
    pub fn is_symmetric(self) -> bool {
        matches!(self, EdgeKind::PartnersWith | EdgeKind::CoordinatesWith)
    }

    /// The node kinds the subject may have; `None` means any kind.
    pub fn subject_kinds(self) -> Option<&'static [NodeKind]> {
        self.endpoints().0
    }

    /// The node kinds the object may have; `None` means any kind.
    pub fn object_kinds(self) -> Option<&'static [NodeKind]> {
        self.endpoints().1
    }

    /// Whether a relation of this kind may run from a `from` node to a `to` node.
    pub fn allows(self, from: NodeKind, to: NodeKind) -> bool {
        let (subjects, objects) = self.endpoints();
        subjects.is_none_or(|s| s.contains(&from)) && objects.is_none_or(|o| o.contains(&to))
    }

    fn endpoints(self) -> (Option<&'static [NodeKind]>, Option<&'static [NodeKind]>) {
        use EdgeKind::*;
        match self {
            Chairs | CoChairs | SecretariatOf | Oversees => (Some(ACTORS), Some(BODIES)),
            MemberOf => (Some(ACTORS), Some(BODIES)),
            HousedIn => (Some(ACTORS), Some(HOSTS)),
            Administers => (Some(ACTORS), Some(ACTIVITIES)),
            Organises | CoOrganises | CoSponsors => (Some(ACTORS), Some(ACTIVITIES)),
            Publishes | Adopts => (Some(ACTORS), Some(DOCUMENTS)),
            SubmittedTo => (Some(DOCUMENTS), Some(ACTORS)),
            PartnersWith | CoordinatesWith => (Some(ACTORS), Some(ACTORS)),
            Commemorates | LaunchedAt => (None, Some(EVENTS)),
            LocatedIn => (None, Some(STATES)),
            Coordinates | Leads | Guides | ParticipatesIn | Funds | Implements | ContributesTo
            | Integrates | Launches | Initiated => (Some(ACTORS), None),
            // A document can support another ("a submission to support the development of
            // a general recommendation").
            PartOf | Supports | UnderAuspicesOf | Concerns | AdaptedFrom | EstablishedBy => {
                (None, None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_every_spelling() {
        for spelling in [
            "secretariat-of",
            "SecretariatOf",
            "SECRETARIAT_OF",
            "secretariat of",
        ] {
            assert_eq!(spelling.parse::<EdgeKind>(), Ok(EdgeKind::SecretariatOf));
        }
        assert_eq!("UN entity".parse::<NodeKind>(), Ok(NodeKind::UnEntity));
        let err = "chair".parse::<EdgeKind>().unwrap_err();
        assert!(err.expected.contains(&"chairs"));
    }

    #[test]
    fn labels_parse_back_to_their_kind() {
        // A label may squash to its own name (`member of` / `member-of`), never to another's.
        for kind in EdgeKind::ALL {
            let found: EdgeKind = kind.label().parse().unwrap();
            assert_eq!(found, *kind);
        }
        for kind in NodeKind::ALL {
            let found: NodeKind = kind.label().parse().unwrap();
            assert_eq!(found, *kind);
        }
    }

    #[test]
    fn endpoint_rules() {
        assert!(EdgeKind::Chairs.allows(NodeKind::Office, NodeKind::Mechanism));
        assert!(!EdgeKind::Chairs.allows(NodeKind::Event, NodeKind::Mechanism));
        assert!(!EdgeKind::Publishes.allows(NodeKind::UnEntity, NodeKind::Fund));
        assert!(EdgeKind::PartOf.allows(NodeKind::Event, NodeKind::Event));
        assert!(EdgeKind::PartnersWith.is_symmetric());
        assert_eq!(EdgeKind::SecretariatOf.inverse_label(), "has secretariat");
        assert_eq!(EdgeKind::Funds.family(), Family::Money);
    }

    #[test]
    fn edges_state_the_same_relation_either_way_round_only_when_symmetric() {
        let ab = Edge::new("A", EdgeKind::PartnersWith, "B");
        let ba = Edge::new("B", EdgeKind::PartnersWith, "A");
        assert_eq!(ab.relation(), ba.relation());
        let chairs = Edge::new("A", EdgeKind::Chairs, "B");
        let chaired = Edge::new("B", EdgeKind::Chairs, "A");
        assert_ne!(chairs.relation(), chaired.relation());
        assert_eq!(chaired.statement(), "B chairs A");
    }

    #[test]
    fn amounts_read_back_what_they_print() {
        let amount: Amount = "over 500,000,000 USD".parse().unwrap();
        assert_eq!(amount.to_string(), "over 500000000 USD");
        assert_eq!(amount.to_string().parse::<Amount>(), Ok(amount));
        assert!(
            "lots"
                .parse::<Amount>()
                .unwrap_err()
                .contains("expected `[over|under|about] VALUE CURRENCY`")
        );
        assert!(
            "12x USD"
                .parse::<Amount>()
                .unwrap_err()
                .contains("not a whole number")
        );
    }

    #[test]
    fn validity_by_year() {
        let undated = Edge::new("A", EdgeKind::Funds, "B");
        assert_eq!(undated.valid_in(2019), None);
        let span = Edge {
            since: Some(2017),
            until: Some(2023),
            ..undated.clone()
        };
        assert_eq!(span.valid_in(2017), Some(true));
        assert_eq!(span.valid_in(2024), Some(false));
        let dated = Edge {
            date: Some("2018-11-23".into()),
            ..undated
        };
        assert_eq!(dated.valid_in(2018), Some(true));
        assert_eq!(dated.valid_in(2019), Some(false));
    }
}

/// Sources, nodes and edges as plain lists: the contents of a RON file, or a graph
/// assembled in code before it is validated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Documents that evidence is quoted from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Entities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<Node>,
    /// Relations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<Edge>,
}

impl Dataset {
    /// Appends another data set's items after this one's.
    pub fn extend(&mut self, other: Dataset) {
        self.sources.extend(other.sources);
        self.nodes.extend(other.nodes);
        self.edges.extend(other.edges);
    }
}
