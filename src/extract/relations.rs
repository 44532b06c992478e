//! Typing and directing the relation between two entities of one sentence by the words
//! between them: a lexicon of trigger phrases, read through the sentence's structure
//! (subjects and objects joined by "and", passive voice, a subject carried over "and").

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{EdgeKind, NodeKind};

/// One trigger of the lexicon.
struct Trigger {
    pattern: Regex,
    kind: EdgeKind,
    /// Passive voice: the relation runs from the later entity to the earlier.
    backward: bool,
    /// How much the phrase says about the relation, from 0 to 1.
    weight: f64,
}

/// `(pattern, kind, backward, weight)`: passive phrases first, so that "chaired by" is
/// read before "chaired"; more specific phrases before more general ones.
#[rustfmt::skip]
const LEXICON: &[(&str, EdgeKind, bool, f64)] = {
    use EdgeKind::*;
    &[
        (r"\bestablished\b[^,;]*?\bby\b|\bcreated by\b|\bset up by\b|\bfounded by\b", EstablishedBy, false, 0.9),
        (r"\bestablished in (collaboration|partnership|cooperation) with\b|\bestablished (jointly )?with\b", EstablishedBy, false, 0.8),
        (r"\bco-?chaired by\b", CoChairs, true, 0.9),
        (r"\bchaired\b[^,;]*?\bby\b", Chairs, true, 0.9),
        (r"\bco-?led by\b|\bled by\b|\bunder the leadership of\b", Leads, true, 0.85),
        (r"\bfunded\b[^,;]*?\bby\b|\bfinanced by\b|\bfunding from\b|\binvestment\b[^;]*\bfrom\b|\bcontributions? from\b", Funds, true, 0.9),
        (r"\badministered by\b|\bmanaged by\b", Administers, true, 0.9),
        (r"\bco-?sponsored by\b|\bsponsored by\b", CoSponsors, true, 0.9),
        (r"\bco-?organi[sz]ed by\b|\borgani[sz]ed jointly with\b|\bjointly organi[sz]ed with\b|\bco-?organi[sz]ed with\b", CoOrganises, true, 0.85),
        (r"\borgani[sz]ed by\b|\bhosted by\b|\bconvened by\b", Organises, true, 0.85),
        (r"\bsupported by\b", Supports, true, 0.85),
        (r"\bimplemented by\b|\bcarried out by\b", Implements, true, 0.9),
        (r"\bcoordinated by\b", Coordinates, true, 0.85),
        (r"\bguided by\b", Guides, true, 0.85),
        (r"\boverseen by\b|\bsupervised by\b", Oversees, true, 0.85),
        (r"\bpublished by\b|\bissued by\b", Publishes, true, 0.85),
        (r"\binitiated by\b", Initiated, true, 0.85),
        (r"\blaunched by\b", Launches, true, 0.85),
        (r"\badopted by\b", Adopts, true, 0.85),
        (r"\bco-?chairs?\b|\bco-?chairing\b", CoChairs, false, 0.95),
        (r"\bchairs\b|\bchaired\b|\bchair (of|for)\b|\bchairing\b|\bchairperson\b", Chairs, false, 0.9),
        (r"\bsecretariat\b", SecretariatOf, false, 0.9),
        (r"\bcoordination with\b|\bcoordinates with\b|\bcooperat\w* with\b|\bcollaborat\w* with\b", CoordinatesWith, false, 0.75),
        (r"\bco-?leads?\b|\bleads\b|\bled\b|\blead (agency|entity) (of|for)\b", Leads, false, 0.8),
        (r"\bcoordinator\b|\bcoordinates\b|\bcoordinated\b|\bcoordinating\b", Coordinates, false, 0.85),
        (r"\bmembers? (of|in)\b|\bpart of\b|\bbelongs? to\b|\bjoined\b|\bmembership (of|in)\b", MemberOf, false, 0.85),
        (r"\bparticipat\w* in\b|\bpresence in\b|\bengagement (with|in)\b|\bengaged in\b|\btakes? part in\b", ParticipatesIn, false, 0.8),
        (r"\bco-?organi[sz]\w*", CoOrganises, false, 0.9),
        (r"\borgani[sz]ed\b|\borgani[sz]es\b|\bhosted\b|\bconvened\b", Organises, false, 0.8),
        (r"\bco-?sponsor\w*", CoSponsors, false, 0.85),
        (r"\bhoused in\b|\bhosted in\b|\bbased in\b|\blocated in\b", HousedIn, false, 0.85),
        (r"\bin the organi[sz]ation of\b", Organises, false, 0.75),
        (r"\bsupports?\b|\bsupported\b|\bsupporting\b", Supports, false, 0.75),
        (r"\bfunds\b|\bfunded\b|\bfinances\b|\bfinanced\b", Funds, false, 0.8),
        (r"\badministers\b", Administers, false, 0.85),
        (r"\bimplement\w*", Implements, false, 0.75),
        (r"\bpublish\w*|\bissued\b", Publishes, false, 0.85),
        (r"\bcontribut\w* to\b|\bwork\w* on\b|\bdriv\w* progress\b[^;]*?\b(across|on|towards|in)\b", ContributesTo, false, 0.7),
        (r"\binclud\w* an?\s*$", Integrates, false, 0.6),
        (r"\bintegrat\w*|\bmainstream\w*", Integrates, false, 0.75),
        (r"\bguides?\b|\bguiding\b", Guides, false, 0.8),
        (r"\boversees?\b|\boversaw\b", Oversees, false, 0.8),
        (r"\bpartners? (of|with)\b|\bpartnerships?\b[^;]*\bwith\b|\bteamed up with\b", PartnersWith, false, 0.75),
        (r"\blaunched at\b", LaunchedAt, false, 0.85),
        (r"\blaunch\w*", Launches, false, 0.8),
        (r"\binitiated\b", Initiated, false, 0.85),
        (r"\badopted\b|\badopts\b", Adopts, false, 0.8),
        (r"\bsubmitted to\b|\bsubmission to\b", SubmittedTo, false, 0.8),
        (r"\bunder the (auspices|umbrella) of\b", UnderAuspicesOf, false, 0.85),
        (r"\bversion of\b|\badapted from\b|\badaptation of\b", AdaptedFrom, false, 0.8),
    ]
};

static TRIGGERS: LazyLock<Vec<Trigger>> = LazyLock::new(|| {
    LEXICON
        .iter()
        .map(|&(pattern, kind, backward, weight)| Trigger {
            pattern: Regex::new(&format!("(?i){pattern}"))
                .expect("the lexicon's patterns are valid"),
            kind,
            backward,
            weight,
        })
        .collect()
});

/// A relation the words between two entities state.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The relation.
    pub kind: EdgeKind,
    /// Whether it runs from the later entity to the earlier.
    pub backward: bool,
    /// How sure the reading is, from 0 to 1.
    pub weight: f64,
    /// The phrase that gave it.
    pub phrase: String,
    /// Where the phrase starts in the gap.
    pub at: usize,
}

/// Every relation the lexicon reads in `gap`, the words between two entities, leftmost
/// first; a phrase already read is not read again by a more general trigger.
///
/// ```
/// use agencygraph::extract::relations::read;
/// use agencygraph::EdgeKind;
/// let found = read(" is the permanent coordinator and secretariat of the ");
/// let kinds: Vec<EdgeKind> = found.iter().map(|r| r.kind).collect();
/// assert_eq!(kinds, [EdgeKind::Coordinates, EdgeKind::SecretariatOf]);
/// assert!(read(" is funded by the ")[0].backward);
/// ```
pub fn read(gap: &str) -> Vec<Reading> {
    let mut taken: Vec<Range<usize>> = Vec::new();
    let mut found = Vec::new();
    for trigger in TRIGGERS.iter() {
        for hit in trigger.pattern.find_iter(gap) {
            let range = hit.range();
            if taken
                .iter()
                .any(|t| t.start < range.end && range.start < t.end)
            {
                continue;
            }
            taken.push(range.clone());
            found.push(Reading {
                kind: trigger.kind,
                backward: trigger.backward,
                weight: trigger.weight,
                phrase: hit.as_str().to_string(),
                at: range.start,
            });
        }
    }
    found.sort_by_key(|r| r.at);
    found
}

/// The words between two entities with what does not bear on their relation taken out:
/// parentheses ("(IASC)"), and an appositive opening it (", a coalition of 93 States,").
///
/// ```
/// use agencygraph::extract::relations::clean;
/// assert_eq!(clean(" (IASC) and chairs the "), "  and chairs the ");
/// assert_eq!(clean(", a partnership of 1,500 groups, is a partner of the "), " is a partner of the ");
/// ```
pub fn clean(gap: &str) -> String {
    static APPOSITIVE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*,\s*(a|an)\s[^;]*?[a-z],").expect("valid"));
    let mut out = String::with_capacity(gap.len());
    let mut depth = 0usize;
    for c in gap.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    match APPOSITIVE.find(&out) {
        Some(hit) => out[hit.end()..].to_string(),
        None => out,
    }
}

/// Whether the words before an entity end with a preposition (and an article): the
/// entity sits in a phrase, not as the subject of a clause.
pub fn after_preposition(lead: &str) -> bool {
    static PREPOSITION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(of|in|at|on|for|from|to|with|by|within|across|under)(\s+the)?\s*$")
            .expect("valid")
    });
    PREPOSITION.is_match(lead)
}

/// Whether `words` hold a finite verb ("is", "are", "has", ...): a clause, not a
/// leading phrase.
pub fn has_verb(words: &str) -> bool {
    static VERB: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(is|are|was|were|has|have|had)\b").expect("valid"));
    VERB.is_match(words)
}

/// A passive phrase ending the words before an entity, which makes that entity the
/// agent of a relation to what follows the comma: "an investment of 500 million USD
/// from the", "under the leadership of the".
pub fn leading(lead: &str) -> Option<Reading> {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(investment|funding|contributions?|grants?)\b[^,;]*\bfrom(\s+the)?\s*$|\bunder the leadership of(\s+the)?\s*$")
            .expect("valid")
    });
    let hit = LEADING.find(lead)?;
    let phrase = hit.as_str();
    let kind = if phrase.to_lowercase().contains("leadership") {
        EdgeKind::Leads
    } else {
        EdgeKind::Funds
    };
    Some(Reading {
        kind,
        backward: false,
        weight: 0.8,
        phrase: phrase.to_string(),
        at: hit.start(),
    })
}

/// Whether `gap` only joins two entities of one list: a comma, "and", "or", "as well
/// as", with an article.
pub fn joins(gap: &str) -> bool {
    static JOIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(,|;)?\s*(and|or|as well as|and also)?\s*(of|in|to|with)?\s*(the|its|their)?\s*(annual|global|regional|national|joint)?\s*$|^\s*in (19|20)\d\d\s*,?\s*and (by|with)( the)?\s*$")
            .expect("valid")
    });
    // Hashtags and quotation marks sit outside the names they mark.
    let gap = gap.trim_matches(|c: char| matches!(c, '#' | '“' | '”' | '"' | '‘' | '’'));
    JOIN.is_match(gap) && !gap.trim().is_empty() && !gap.contains(';')
}

/// Whether `gap`, after an object, carries the sentence's subject on to a new verb:
/// ", and chairs", " and participates in", ", is administered by".
pub fn carries_subject(gap: &str) -> bool {
    static CARRY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[\s,)]*(and|but)\s+(also\s+)?(has\s+|is\s+|was\s+)?\w|^\s*\)?\s*,\s*(is|was|are|were|has|have)\s|^\s*\)?\s*,\s*(also\s+)?\w+(s|ed)\s+(in|to|the|with)\b")
            .expect("valid")
    });
    CARRY.is_match(gap)
}

/// The relation a membership phrase means for a subject of this kind: a unit is part
/// of what holds it, an agency a member of a group.
pub fn membership(subject: NodeKind) -> EdgeKind {
    match subject {
        NodeKind::UnEntity
        | NodeKind::Department
        | NodeKind::MemberState
        | NodeKind::Organisation
        | NodeKind::Mandate
        | NodeKind::Group => EdgeKind::MemberOf,
        _ => EdgeKind::PartOf,
    }
}

/// The relation implied between an entity named inside another's name (or before it
/// with a possessive) and that other: the IASC Gender Reference Group is part of the
/// IASC, the DPKO Concept of Operations is DPKO's, the UNFPA-UNICEF Global Programme is
/// implemented by UNFPA. `(kind, inner_is_subject)`.
pub fn by_name(inner: NodeKind, outer: NodeKind) -> (EdgeKind, bool) {
    use NodeKind as N;
    let actor = matches!(
        inner,
        N::UnEntity | N::Department | N::Organisation | N::Office
    );
    match outer {
        N::Publication | N::Framework => (EdgeKind::Publishes, true),
        N::Programme | N::Project if actor => (EdgeKind::Implements, true),
        N::Campaign | N::Initiative if inner == N::Mandate => (EdgeKind::Leads, true),
        N::Event if actor => (EdgeKind::Organises, true),
        N::Event
            if matches!(
                inner,
                N::Framework | N::Publication | N::Mandate | N::Campaign | N::Event | N::Initiative
            ) =>
        {
            (EdgeKind::Concerns, false)
        }
        N::WorkingGroup if matches!(inner, N::Project | N::Programme) => {
            (EdgeKind::Oversees, false)
        }
        N::Event
            if matches!(
                inner,
                N::Network | N::Mechanism | N::WorkingGroup | N::Body | N::Group
            ) =>
        {
            (EdgeKind::ParticipatesIn, true)
        }
        _ => (EdgeKind::PartOf, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(gap: &str) -> Vec<(EdgeKind, bool)> {
        read(gap).iter().map(|r| (r.kind, r.backward)).collect()
    }

    #[test]
    fn passive_phrases_run_backward_and_win_over_their_active_words() {
        use EdgeKind::*;
        assert_eq!(kinds(", co-sponsored by the "), [(CoSponsors, true)]);
        assert_eq!(kinds(" is chaired by "), [(Chairs, true)]);
        assert_eq!(kinds(" co-chair the "), [(CoChairs, false)]);
        assert_eq!(
            kinds(", which was established in 1996 by the "),
            [(EstablishedBy, false)]
        );
        assert_eq!(
            kinds(" initiated and continues to guide the "),
            [(Initiated, false), (Guides, false)]
        );
        assert_eq!(kinds(" and "), []);
    }

    #[test]
    fn lists_and_carried_subjects() {
        assert!(joins(" and "));
        assert!(joins(", the "));
        assert!(joins(", and the "));
        assert!(!joins(" co-chair the "));
        assert!(carries_subject(" and chairs the "));
        assert!(carries_subject(", is administered by the "));
        assert!(!carries_subject(" in "));
    }
}
