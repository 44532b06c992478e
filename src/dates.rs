//! Dates stated to a year, a month or a day, read as spans of days: when a relation
//! may have held ([`validity`]), and the times a question asks about ([`When`], what
//! `--at` takes).
//!
//! A relation's `since: 2018` starts on 2018-01-01, `until: 2020` ends on 2020-12-31,
//! and `date: "2019-03"` covers 2019-03-01 to 2019-03-31: each statement is read at the
//! precision it is written to, and the relation may have held on the days all of them
//! allow. A question about March 2019 then sees the relations that may have held on
//! some day of that month, as a question about 2019 sees those of some day of the year.
//!
//! ```
//! use agencygraph::dates::{When, validity};
//! use agencygraph::{Edge, EdgeKind};
//!
//! let mut edge = Edge::new("OHCHR", EdgeKind::Supports, "CSW63");
//! edge.date = Some("2019-03".to_string());
//! let (first, last) = validity(&edge);
//! assert_eq!((first.unwrap().to_string(), last.unwrap().to_string()),
//!            ("2019-03-01".to_string(), "2019-03-31".to_string()));
//! let march: When = "2019-03".parse()?;
//! assert!(march.overlaps(&edge));
//! assert!(!"2019-04-01".parse::<When>()?.overlaps(&edge));
//! # Ok::<(), String>(())
//! ```

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

use crate::model::Dated;

/// The first and last day `text` covers at the precision it is written to: `2019`,
/// `2019-03` or `2019-03-15`; `None` for anything else.
///
/// ```
/// use agencygraph::dates::span_of;
/// let (first, last) = span_of("2020-02").unwrap();
/// assert_eq!((first.to_string(), last.to_string()), ("2020-02-01".into(), "2020-02-29".into()));
/// assert!(span_of("2019-02-30").is_none());
/// ```
pub fn span_of(text: &str) -> Option<(Date, Date)> {
    let mut parts = text.splitn(3, '-');
    let number = |part: Option<&str>| -> Option<Option<i8>> {
        part.map(|p| {
            (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
    };
    let year_text = parts.next()?;
    if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i16 = year_text.parse().ok()?;
    match (number(parts.next()), number(parts.next())) {
        (None, _) => Some((Date::new(year, 1, 1).ok()?, Date::new(year, 12, 31).ok()?)),
        (Some(month), None) => {
            let first = Date::new(year, month?, 1).ok()?;
            Some((first, first.last_of_month()))
        }
        (Some(month), Some(day)) => {
            let day = Date::new(year, month?, day?).ok()?;
            Some((day, day))
        }
    }
}

/// The first and last day `edge` may have held: the latest start and the earliest end
/// that its `since`, `until`, `year` and `date` allow, each at its own precision;
/// `None` on a side nothing bounds (both for an undated edge). The same reading as
/// [`Dated::valid_during`], by the day.
pub fn validity(edge: &impl Dated) -> (Option<Date>, Option<Date>) {
    let year_span = |year: i32| When::year(year).bounds();
    let exact = [edge.year().map(year_span), edge.date().and_then(span_of)];
    let since = edge.since().map(|year| year_span(year).0);
    let until = edge.until().map(|year| year_span(year).1);
    let first = exact.iter().flatten().map(|span| span.0).chain(since);
    let last = exact.iter().flatten().map(|span| span.1).chain(until);
    (first.max(), last.min())
}

/// A time a question asks about: a year, a month or a day (`2019`, `2019-03`,
/// `2019-03-15`). A year is any year (`-5` too); a month or a day is also the days it
/// covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    /// The year it falls in.
    pub year: i32,
    /// For a month or a day, its first and last day; `None` for a whole year.
    pub days: Option<(Date, Date)>,
}

impl When {
    /// A whole year, as `--at 2019` means it.
    pub fn year(year: i32) -> When {
        When { year, days: None }
    }

    /// The days from `first` to `last`, both included, in the year of `first`.
    pub fn days(first: Date, last: Date) -> When {
        When {
            year: i32::from(first.year()),
            days: Some((first, last)),
        }
    }

    /// Its first and last day: those of its month or day, or 1 January and 31 December
    /// of its year. A year beyond the calendar's (before -9999 or after 9999) is read as
    /// its earliest or latest day.
    pub fn bounds(&self) -> (Date, Date) {
        if let Some(days) = self.days {
            return days;
        }
        let first = i16::try_from(self.year)
            .ok()
            .and_then(|y| Date::new(y, 1, 1).ok());
        match first {
            Some(first) => (first, first.last_of_year()),
            None if self.year < 0 => (Date::MIN, Date::MIN),
            None => (Date::MAX, Date::MAX),
        }
    }

    /// Whether it is a whole year (`2019`), which the year-grained filters answer
    /// alone.
    pub fn is_year(&self) -> bool {
        self.days.is_none()
    }

    /// Whether `edge` may have held on some of its days (an undated edge always may).
    pub fn overlaps(&self, edge: &impl Dated) -> bool {
        let Some((first_day, last_day)) = self.days else {
            return edge.valid_in(self.year) != Some(false);
        };
        let (first, last) = validity(edge);
        first.is_none_or(|first| first <= last_day) && last.is_none_or(|last| last >= first_day)
    }
}

impl FromStr for When {
    type Err = String;

    fn from_str(text: &str) -> Result<When, String> {
        let text = text.trim();
        if let Ok(year) = text.parse::<i32>() {
            return Ok(When { year, days: None });
        }
        let (first, last) = span_of(text).ok_or_else(|| {
            format!(
                "`{text}` is not a year, a month or a day (expected 2019, 2019-03 or 2019-03-15)"
            )
        })?;
        Ok(When {
            year: i32::from(first.year()),
            days: Some((first, last)),
        })
    }
}

impl fmt::Display for When {
    /// The form it was written in: `2019`, `2019-03` or `2019-03-15`; any other span
    /// of days (from [`When::days`]) as `2019-02-01..2019-04-30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.days {
            None => write!(f, "{}", self.year),
            Some((first, last)) if first == last => write!(f, "{first}"),
            Some((first, last)) if first.day() == 1 && last == first.last_of_month() => {
                write!(f, "{:04}-{:02}", self.year, first.month())
            }
            Some((first, last)) => write!(f, "{first}..{last}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edge;
    use crate::model::EdgeKind;

    #[test]
    fn validity_runs_from_the_first_to_the_last_day_the_dates_allow() {
        let edge =
            |since: Option<i32>, until: Option<i32>, year: Option<i32>, date: Option<&str>| {
                let mut edge = Edge::new("A", EdgeKind::MemberOf, "B");
                (edge.since, edge.until, edge.year) = (since, until, year);
                edge.date = date.map(str::to_string);
                edge
            };
        let day = |text: &str| Some(text.parse::<Date>().unwrap());
        let cases = [
            (edge(None, None, None, None), (None, None)),
            (
                edge(Some(2017), Some(2023), None, None),
                (day("2017-01-01"), day("2023-12-31")),
            ),
            (
                edge(Some(2017), None, None, None),
                (day("2017-01-01"), None),
            ),
            (
                edge(None, Some(2020), None, None),
                (None, day("2020-12-31")),
            ),
            (
                edge(None, None, Some(1996), None),
                (day("1996-01-01"), day("1996-12-31")),
            ),
            (
                edge(None, None, None, Some("2019-03")),
                (day("2019-03-01"), day("2019-03-31")),
            ),
            (
                edge(None, None, None, Some("2020-02")),
                (day("2020-02-01"), day("2020-02-29")),
            ),
            (
                edge(None, None, None, Some("2018-11-23")),
                (day("2018-11-23"), day("2018-11-23")),
            ),
            (
                edge(None, None, None, Some("2019")),
                (day("2019-01-01"), day("2019-12-31")),
            ),
            // The finer statement narrows the coarser one.
            (
                edge(None, None, Some(2019), Some("2019-03")),
                (day("2019-03-01"), day("2019-03-31")),
            ),
            (
                edge(Some(2019), None, None, Some("2019-03")),
                (day("2019-03-01"), day("2019-03-31")),
            ),
            // Text that is no date bounds nothing (validation reports it).
            (edge(None, None, None, Some("March")), (None, None)),
            (edge(None, None, None, Some("2019-3")), (None, None)),
        ];
        for (edge, expected) in cases {
            assert_eq!(validity(&edge), expected, "{edge:?}");
        }
    }

    #[test]
    fn when_reads_a_year_a_month_or_a_day() {
        let cases = [
            ("2019", Some((2019, None))),
            ("-5", Some((-5, None))),
            ("2019-03", Some((2019, Some(("2019-03-01", "2019-03-31"))))),
            (
                "2019-03-15",
                Some((2019, Some(("2019-03-15", "2019-03-15")))),
            ),
            ("2019-13", None),
            ("2019-02-29", None),
            ("2019-3", None),
            ("March 2019", None),
        ];
        for (text, expected) in cases {
            let found = text.parse::<When>().ok().map(|when| {
                assert_eq!(when.to_string(), text);
                let days = when
                    .days
                    .map(|(first, last)| (first.to_string(), last.to_string()));
                (when.year, days)
            });
            let expected = expected.map(|(year, days): (i32, Option<(&str, &str)>)| {
                (
                    year,
                    days.map(|(first, last)| (first.to_string(), last.to_string())),
                )
            });
            assert_eq!(found, expected, "{text}");
        }
        let error = "2019-13".parse::<When>().unwrap_err();
        assert!(
            error.contains("expected 2019, 2019-03 or 2019-03-15"),
            "{error}"
        );
        // A span that is neither a month nor a day names both ends.
        let (february, april): (When, When) =
            ("2019-02".parse().unwrap(), "2019-04".parse().unwrap());
        let span = When::days(february.bounds().0, april.bounds().1);
        assert_eq!(span.to_string(), "2019-02-01..2019-04-30");
    }

    #[test]
    fn a_month_sees_the_relations_of_some_of_its_days() {
        let dated = |date: Option<&str>, since: Option<i32>, until: Option<i32>| {
            let mut edge = Edge::new("A", EdgeKind::MemberOf, "B");
            edge.date = date.map(str::to_string);
            (edge.since, edge.until) = (since, until);
            edge
        };
        let march: When = "2019-03".parse().unwrap();
        let cases = [
            (dated(Some("2019-03"), None, None), true),
            (dated(Some("2019-04"), None, None), false),
            (dated(Some("2019-03-31"), None, None), true),
            (dated(Some("2019"), None, None), true),
            (dated(None, Some(2019), None), true),
            (dated(None, Some(2020), None), false),
            (dated(None, None, Some(2018)), false),
            (dated(None, None, None), true),
        ];
        for (edge, expected) in cases {
            assert_eq!(march.overlaps(&edge), expected, "{edge:?}");
        }
    }
}
