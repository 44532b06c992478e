//! openCypher's temporal values: `date`, `localtime`, `time`, `localdatetime`,
//! `datetime` and `duration`, with their constructors, components, comparison,
//! arithmetic, truncation and text forms.
//!
//! The calendar, clock and time-zone rules come from [`jiff`] (with the IANA time-zone
//! database compiled in, so a query answers the same on every machine); this module
//! adds what Cypher defines on top: its string and map forms, the component names
//! (`d.year`, `t.offsetMinutes`, ...), a [`Duration`] of months, days and seconds kept
//! apart (a month has no fixed length), and `duration.between`.
//!
//! Where this differs from Neo4j: years run from -9999 to 9999 (jiff's range); a
//! `time` takes a fixed offset only (`+01:00`, `Z`), not a named zone, whose offset
//! would depend on a date the value lacks; the map forms that select from another
//! temporal value (`date({date: d, day: 1})`) and `truncate`'s third argument are
//! refused; `date()` and the other constructors without an argument read the clock at
//! each call (in UTC), not once per query.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::{self, ISOWeekDate, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Span, Timestamp, ZonedDateTime};

use super::value::Value;

/// A temporal value of one of Cypher's six temporal types.
#[derive(Debug, Clone, PartialEq)]
pub enum Temporal {
    /// A calendar date, `2019-06-30`.
    Date(civil::Date),
    /// A time of day without a zone, `12:31:14`.
    LocalTime(civil::Time),
    /// A time of day at a fixed offset from UTC, `12:31:14+01:00`.
    Time(civil::Time, Offset),
    /// A date and time without a zone, `2019-06-30T12:31`.
    LocalDateTime(civil::DateTime),
    /// An instant in a time zone (named, or a fixed offset),
    /// `2019-06-30T12:31+02:00[Europe/Berlin]`.
    DateTime(ZonedDateTime),
    /// An amount of time.
    Duration(Duration),
}

/// A Cypher duration: months, days and seconds kept apart, since neither a month nor
/// a day (across a clock change) has a fixed number of seconds. `nanos` is always in
/// `0..1_000_000_000`, so `-0.5` seconds is `seconds: -1, nanos: 500_000_000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Duration {
    /// Whole months (a year is 12).
    pub months: i64,
    /// Whole days (a week is 7).
    pub days: i64,
    /// Whole seconds.
    pub seconds: i64,
    /// Nanoseconds past `seconds`.
    pub nanos: i32,
}

/// Which of the five instant types a constructor or `truncate` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Date,
    LocalTime,
    Time,
    LocalDateTime,
    DateTime,
}

/// What `duration.between` and its kin count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Between {
    /// Months, then days, then seconds (`duration.between`).
    All,
    /// Whole months only (`duration.inMonths`).
    Months,
    /// Whole days, then seconds (`duration.inDays`).
    Days,
    /// Seconds only (`duration.inSeconds`).
    Seconds,
}

/// A message for the caller to place at the expression that failed.
type Result<T> = std::result::Result<T, String>;

const NANOS_PER_SECOND: i64 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;
/// The average Gregorian month, 365.2425 / 12 days, in seconds: what a fraction of a
/// month cascades into (as in Neo4j: `duration({months: 0.75})` is
/// `P22DT19H51M49.5S`).
const SECONDS_PER_MONTH: f64 = 2_629_746.0;

impl Kind {
    /// The constructor's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Date => "date",
            Kind::LocalTime => "localtime",
            Kind::Time => "time",
            Kind::LocalDateTime => "localdatetime",
            Kind::DateTime => "datetime",
        }
    }

    fn has_date(self) -> bool {
        matches!(self, Kind::Date | Kind::LocalDateTime | Kind::DateTime)
    }

    fn has_time(self) -> bool {
        self != Kind::Date
    }
}

impl Temporal {
    /// The type's name as Cypher spells it: `Date`, `LocalTime`, `Time`,
    /// `LocalDateTime`, `DateTime`, `Duration`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Temporal::Date(_) => "Date",
            Temporal::LocalTime(_) => "LocalTime",
            Temporal::Time(..) => "Time",
            Temporal::LocalDateTime(_) => "LocalDateTime",
            Temporal::DateTime(_) => "DateTime",
            Temporal::Duration(_) => "Duration",
        }
    }

    /// The type's name with its article, for messages.
    pub(crate) fn describe_type(&self) -> &'static str {
        match self {
            Temporal::Date(_) => "a Date",
            Temporal::LocalTime(_) => "a LocalTime",
            Temporal::Time(..) => "a Time",
            Temporal::LocalDateTime(_) => "a LocalDateTime",
            Temporal::DateTime(_) => "a DateTime",
            Temporal::Duration(_) => "a Duration",
        }
    }

    /// Position among the temporal types in openCypher's global sort order:
    /// datetimes, local datetimes, dates, times, local times, durations.
    pub(crate) fn order_rank(&self) -> u8 {
        match self {
            Temporal::DateTime(_) => 0,
            Temporal::LocalDateTime(_) => 1,
            Temporal::Date(_) => 2,
            Temporal::Time(..) => 3,
            Temporal::LocalTime(_) => 4,
            Temporal::Duration(_) => 5,
        }
    }

    /// Cypher's `<` family: values of one instant type compare in time (times with
    /// offsets and datetimes as instants); durations and mixed types do not compare.
    pub fn compare(&self, other: &Temporal) -> Option<Ordering> {
        match (self, other) {
            (Temporal::Date(a), Temporal::Date(b)) => Some(a.cmp(b)),
            (Temporal::LocalTime(a), Temporal::LocalTime(b)) => Some(a.cmp(b)),
            (Temporal::Time(a, x), Temporal::Time(b, y)) => Some(
                utc_nanos_of_day(*a, *x)
                    .cmp(&utc_nanos_of_day(*b, *y))
                    .then(y.seconds().cmp(&x.seconds())),
            ),
            (Temporal::LocalDateTime(a), Temporal::LocalDateTime(b)) => Some(a.cmp(b)),
            (Temporal::DateTime(a), Temporal::DateTime(b)) => {
                Some(a.timestamp().cmp(&b.timestamp()))
            }
            _ => None,
        }
    }

    /// Cypher's `=`: the same type and the same value (durations component by
    /// component, so `P1D` is not `PT24H`).
    pub fn equals(&self, other: &Temporal) -> bool {
        match (self, other) {
            (Temporal::Duration(a), Temporal::Duration(b)) => a == b,
            (Temporal::DateTime(a), Temporal::DateTime(b)) => {
                a.timestamp() == b.timestamp() && a.offset() == b.offset()
            }
            _ => self.compare(other) == Some(Ordering::Equal),
        }
    }

    /// The total order for `ORDER BY`: by type (datetimes, local datetimes, dates,
    /// times, local times, durations), then in time; durations by months, days, then
    /// seconds.
    pub fn order(&self, other: &Temporal) -> Ordering {
        self.order_rank()
            .cmp(&other.order_rank())
            .then_with(|| match (self, other) {
                (Temporal::Duration(a), Temporal::Duration(b)) => a.cmp(b),
                (Temporal::DateTime(a), Temporal::DateTime(b)) => a
                    .timestamp()
                    .cmp(&b.timestamp())
                    .then(a.offset().seconds().cmp(&b.offset().seconds())),
                _ => self.compare(other).unwrap_or(Ordering::Equal),
            })
    }

    /// The numbers that identify the value, for hashing consistently with
    /// [`Temporal::order`].
    pub(crate) fn hash_parts(&self) -> [i64; 4] {
        let rank = i64::from(self.order_rank());
        match self {
            Temporal::Date(d) => [rank, epoch_day(*d), 0, 0],
            Temporal::LocalTime(t) => [rank, nanos_of_day(*t), 0, 0],
            Temporal::Time(t, o) => [rank, utc_nanos_of_day(*t, *o), i64::from(o.seconds()), 0],
            Temporal::LocalDateTime(dt) => [rank, epoch_day(dt.date()), nanos_of_day(dt.time()), 0],
            Temporal::DateTime(z) => [
                rank,
                z.timestamp().as_second(),
                i64::from(z.timestamp().subsec_nanosecond()),
                i64::from(z.offset().seconds()),
            ],
            Temporal::Duration(d) => [d.months, d.days, d.seconds, i64::from(d.nanos)],
        }
    }

    fn date(&self) -> Option<civil::Date> {
        match self {
            Temporal::Date(d) => Some(*d),
            Temporal::LocalDateTime(dt) => Some(dt.date()),
            Temporal::DateTime(z) => Some(z.date()),
            _ => None,
        }
    }

    fn time(&self) -> Option<civil::Time> {
        match self {
            Temporal::LocalTime(t) | Temporal::Time(t, _) => Some(*t),
            Temporal::LocalDateTime(dt) => Some(dt.time()),
            Temporal::DateTime(z) => Some(z.time()),
            _ => None,
        }
    }

    fn offset(&self) -> Option<Offset> {
        match self {
            Temporal::Time(_, o) => Some(*o),
            Temporal::DateTime(z) => Some(z.offset()),
            _ => None,
        }
    }
}

/// Days since 1970-01-01.
fn epoch_day(date: civil::Date) -> i64 {
    civil::date(1970, 1, 1)
        .duration_until(date)
        .as_secs()
        .div_euclid(SECONDS_PER_DAY)
}

fn nanos_of_day(time: civil::Time) -> i64 {
    (i64::from(time.hour()) * 3600 + i64::from(time.minute()) * 60 + i64::from(time.second()))
        * NANOS_PER_SECOND
        + i64::from(time.subsec_nanosecond())
}

/// The time of day in UTC, in nanoseconds, wrapped into one day.
fn utc_nanos_of_day(time: civil::Time, offset: Offset) -> i64 {
    (nanos_of_day(time) - i64::from(offset.seconds()) * NANOS_PER_SECOND)
        .rem_euclid(SECONDS_PER_DAY * NANOS_PER_SECOND)
}

// ---------------------------------------------------------------------------
// Text forms.

impl fmt::Display for Temporal {
    /// The form `toString()` gives and the tables show, as Neo4j writes it:
    /// `2019-06-30`, `12:31`, `12:31:14.5+01:00`, `2019-06-30T12:31:14Z[UTC]`,
    /// `P1Y2M3DT4H5M6.5S`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Temporal::Date(d) => write_date(f, *d),
            Temporal::LocalTime(t) => write_time(f, *t),
            Temporal::Time(t, o) => {
                write_time(f, *t)?;
                write_offset(f, *o, true)
            }
            Temporal::LocalDateTime(dt) => {
                write_date(f, dt.date())?;
                f.write_str("T")?;
                write_time(f, dt.time())
            }
            Temporal::DateTime(z) => {
                write_date(f, z.date())?;
                f.write_str("T")?;
                write_time(f, z.time())?;
                write_offset(f, z.offset(), true)?;
                match zone_name(z) {
                    Some(name) => write!(f, "[{name}]"),
                    None => Ok(()),
                }
            }
            Temporal::Duration(d) => d.fmt(f),
        }
    }
}

/// The zone's name when it has one: jiff names even the fixed zone of offset zero
/// `UTC`, which Cypher writes as `Z` alone.
fn zone_name(z: &ZonedDateTime) -> Option<&str> {
    z.time_zone().iana_name().filter(|name| *name != "UTC")
}

fn write_date(f: &mut fmt::Formatter<'_>, date: civil::Date) -> fmt::Result {
    let year = date.year();
    if year < 0 {
        write!(f, "-{:04}", -i32::from(year))?;
    } else {
        write!(f, "{year:04}")?;
    }
    write!(f, "-{:02}-{:02}", date.month(), date.day())
}

/// `HH:MM`, with `:SS` when the seconds or their fraction are not zero, and the
/// fraction in groups of three digits (Java's `LocalTime.toString`, which Neo4j uses).
fn write_time(f: &mut fmt::Formatter<'_>, time: civil::Time) -> fmt::Result {
    write!(f, "{:02}:{:02}", time.hour(), time.minute())?;
    let nanos = time.subsec_nanosecond();
    if time.second() != 0 || nanos != 0 {
        write!(f, ":{:02}", time.second())?;
    }
    write_fraction(f, nanos)
}

fn write_fraction(f: &mut fmt::Formatter<'_>, nanos: i32) -> fmt::Result {
    if nanos == 0 {
        Ok(())
    } else if nanos % 1_000_000 == 0 {
        write!(f, ".{:03}", nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        write!(f, ".{:06}", nanos / 1_000)
    } else {
        write!(f, ".{nanos:09}")
    }
}

/// `Z` for UTC when `z_for_utc`, else `+HH:MM` (with `:SS` when needed).
fn write_offset(f: &mut fmt::Formatter<'_>, offset: Offset, z_for_utc: bool) -> fmt::Result {
    let seconds = offset.seconds();
    if seconds == 0 && z_for_utc {
        return f.write_str("Z");
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let magnitude = seconds.unsigned_abs();
    write!(
        f,
        "{sign}{:02}:{:02}",
        magnitude / 3600,
        magnitude / 60 % 60
    )?;
    if !magnitude.is_multiple_of(60) {
        write!(f, ":{:02}", magnitude % 60)?;
    }
    Ok(())
}

struct OffsetText(Offset);

impl fmt::Display for OffsetText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_offset(f, self.0, false)
    }
}

impl fmt::Display for Duration {
    /// ISO 8601: `P1Y2M10DT2H30M15.5S`; each part signed on its own (`P-1DT12H`),
    /// the seconds with their fraction; `PT0S` for nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("P")?;
        let (years, months) = (self.months / 12, self.months % 12);
        for (amount, unit) in [(years, 'Y'), (months, 'M'), (self.days, 'D')] {
            if amount != 0 {
                write!(f, "{amount}{unit}")?;
            }
        }
        let total =
            i128::from(self.seconds) * i128::from(NANOS_PER_SECOND) + i128::from(self.nanos);
        if total == 0 {
            if self.months == 0 && self.days == 0 {
                f.write_str("T0S")?;
            }
            return Ok(());
        }
        f.write_str("T")?;
        let sign = if total < 0 { "-" } else { "" };
        let magnitude = total.unsigned_abs();
        let whole = magnitude / 1_000_000_000;
        let (hours, minutes, seconds) = (whole / 3600, whole / 60 % 60, whole % 60);
        let nanos = magnitude % 1_000_000_000;
        if hours != 0 {
            write!(f, "{sign}{hours}H")?;
        }
        if minutes != 0 {
            write!(f, "{sign}{minutes}M")?;
        }
        if seconds != 0 || nanos != 0 {
            write!(f, "{sign}{seconds}")?;
            if nanos != 0 {
                let digits = format!("{nanos:09}");
                write!(f, ".{}", digits.trim_end_matches('0'))?;
            }
            f.write_str("S")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Durations.

impl Duration {
    /// A duration from whole parts; seconds and nanoseconds are carried so that
    /// `nanos` lies in `0..1e9`.
    pub fn new(months: i64, days: i64, seconds: i64, nanos: i64) -> Option<Duration> {
        let seconds = seconds.checked_add(nanos.div_euclid(NANOS_PER_SECOND))?;
        Some(Duration {
            months,
            days,
            seconds,
            nanos: i32::try_from(nanos.rem_euclid(NANOS_PER_SECOND)).ok()?,
        })
    }

    /// A duration from parts that may have fractions: a fraction of a month becomes
    /// seconds of the average month, a fraction of a day seconds of a 24-hour day,
    /// and whole days of those seconds days.
    fn from_fractional(months: f64, days: f64, seconds: f64) -> Result<Duration> {
        let whole = |x: f64| -> Result<i64> {
            let t = x.trunc();
            if t.is_finite() && t.abs() < 9.2e18 {
                Ok(t as i64)
            } else {
                Err("the duration is too large".to_string())
            }
        };
        let whole_months = whole(months)?;
        let whole_days = whole(days)?;
        let seconds =
            seconds + months.fract() * SECONDS_PER_MONTH + days.fract() * SECONDS_PER_DAY as f64;
        // Nanoseconds rounded once, so 0.1 s stays 100 000 000 ns.
        let nanos = (seconds * 1e9).round();
        let total = if nanos.is_finite() && nanos.abs() < 1.7e38 {
            nanos as i128
        } else {
            return Err("the duration is too large".to_string());
        };
        let per_day = i128::from(SECONDS_PER_DAY) * i128::from(NANOS_PER_SECOND);
        // Whole days of the cascaded seconds become days, towards zero.
        let (extra_days, rest) = if months.fract() != 0.0 || days.fract() != 0.0 {
            (total / per_day, total % per_day)
        } else {
            (0, total)
        };
        let too_large = || "the duration is too large".to_string();
        let days = whole_days
            .checked_add(i64::try_from(extra_days).map_err(|_| too_large())?)
            .ok_or_else(too_large)?;
        let seconds = i64::try_from(rest.div_euclid(i128::from(NANOS_PER_SECOND)))
            .map_err(|_| too_large())?;
        let nanos = i64::try_from(rest.rem_euclid(i128::from(NANOS_PER_SECOND)))
            .map_err(|_| too_large())?;
        Duration::new(whole_months, days, seconds, nanos).ok_or_else(too_large)
    }

    fn checked_combine(self, other: Duration, sign: i64) -> Option<Duration> {
        Duration::new(
            self.months.checked_add(other.months.checked_mul(sign)?)?,
            self.days.checked_add(other.days.checked_mul(sign)?)?,
            self.seconds.checked_add(other.seconds.checked_mul(sign)?)?,
            i64::from(self.nanos) + sign * i64::from(other.nanos),
        )
    }

    fn scaled(self, factor: f64) -> Result<Duration> {
        Duration::from_fractional(
            self.months as f64 * factor,
            self.days as f64 * factor,
            (self.seconds as f64 + f64::from(self.nanos) / 1e9) * factor,
        )
    }

    fn total_nanos(self) -> i128 {
        i128::from(self.seconds) * i128::from(NANOS_PER_SECOND) + i128::from(self.nanos)
    }

    fn exact(self) -> SignedDuration {
        SignedDuration::new(self.seconds, self.nanos)
    }
}

// ---------------------------------------------------------------------------
// Parsing strings.

fn bad(kind: &str, text: &str, expected: &str) -> String {
    format!("{kind}(): cannot read {text:?} as a {kind}; expected {expected}")
}

fn digits(text: &str) -> Option<i64> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Reads a date: `2015-07-21`, `20150721`, `2015-07`, `2015-W30-2`, `2015W302`,
/// `2015-W30`, `2015-202` (day of year), `2015202`, `2015`.
fn parse_date(text: &str, kind: &str) -> Result<civil::Date> {
    let fail = || {
        bad(
            kind,
            text,
            "a date such as 2019-06-30, 2019-06, 2019-W26-7 or 2019-181",
        )
    };
    if let Some((year, week)) = text.split_once('W') {
        let year = digits(year.strip_suffix('-').unwrap_or(year)).filter(|_| year.len() >= 4);
        let week = week.strip_prefix('-').unwrap_or(week);
        let (week, day) = match week.split_once('-') {
            Some((w, d)) => (digits(w), digits(d)),
            None if week.len() == 3 => (digits(&week[..2]), digits(&week[2..])),
            None => (digits(week), Some(1)),
        };
        let (Some(year), Some(week), Some(day)) = (year, week, day) else {
            return Err(fail());
        };
        return week_date(year, week, day, kind);
    }
    let parts: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    let all: String = parts.concat();
    let calendar =
        |year: &str, month: &str, day: &str| match (digits(year), digits(month), digits(day)) {
            (Some(y), Some(m), Some(d)) => calendar_date(y, m, d, kind),
            _ => Err(fail()),
        };
    match lengths.as_slice() {
        [4] | [4, 2] | [4, 2, 2] | [6] | [8] if all.len() != 7 => {
            let month = all.get(4..6).unwrap_or("1");
            let day = all.get(6..8).unwrap_or("1");
            calendar(&all[..4], month, day)
        }
        [4, 3] | [7] => match (digits(&all[..4]), digits(&all[4..])) {
            (Some(y), Some(d)) => ordinal_date(y, d, kind),
            _ => Err(fail()),
        },
        _ => Err(fail()),
    }
}

fn field<T: TryFrom<i64>>(value: i64, name: &str, kind: &str) -> Result<T> {
    T::try_from(value).map_err(|_| format!("{kind}(): {name} {value} is out of range"))
}

fn calendar_date(year: i64, month: i64, day: i64, kind: &str) -> Result<civil::Date> {
    civil::Date::new(
        field(year, "year", kind)?,
        field(month, "month", kind)?,
        field(day, "day", kind)?,
    )
    .map_err(|_| format!("{kind}(): there is no date {year:04}-{month:02}-{day:02}"))
}

fn week_date(year: i64, week: i64, day: i64, kind: &str) -> Result<civil::Date> {
    let weekday = Weekday::from_monday_one_offset(field(day, "dayOfWeek", kind)?)
        .map_err(|_| format!("{kind}(): dayOfWeek {day} is not between 1 and 7"))?;
    ISOWeekDate::new(
        field(year, "year", kind)?,
        field(week, "week", kind)?,
        weekday,
    )
    .map(ISOWeekDate::date)
    .map_err(|_| format!("{kind}(): {year} has no week {week}"))
}

fn ordinal_date(year: i64, day: i64, kind: &str) -> Result<civil::Date> {
    calendar_date(year, 1, 1, kind)?
        .with()
        .day_of_year(field(day, "ordinalDay", kind)?)
        .build()
        .map_err(|_| format!("{kind}(): {year} has no day {day}"))
}

fn quarter_date(year: i64, quarter: i64, day: i64, kind: &str) -> Result<civil::Date> {
    if !(1..=4).contains(&quarter) {
        return Err(format!(
            "{kind}(): quarter {quarter} is not between 1 and 4"
        ));
    }
    let start = calendar_date(year, (quarter - 1) * 3 + 1, 1, kind)?;
    let date = start
        .checked_add(Span::new().days(day - 1))
        .map_err(|_| format!("{kind}(): dayOfQuarter {day} is out of range"))?;
    if day < 1 || (date.month() - 1) / 3 + 1 != quarter as i8 {
        return Err(format!(
            "{kind}(): quarter {quarter} of {year} has no day {day}"
        ));
    }
    Ok(date)
}

/// Reads a time of day: `21:40:32.142`, `21:40`, `21`, `214032.142`, `2140`.
fn parse_clock(text: &str, kind: &str) -> Result<civil::Time> {
    let fail = || bad(kind, text, "a time such as 12:31, 12:31:14 or 12:31:14.5");
    let (main, fraction) = match text.find(['.', ',']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let [h, m, s] = clock_groups(main).ok_or_else(fail)?;
    let nanos = match fraction {
        Some(f) if f.is_empty() || f.len() > 9 || s.is_none() => return Err(fail()),
        Some(f) => digits(f).ok_or_else(fail)? * 10_i64.pow(9 - f.len() as u32),
        None => 0,
    };
    clock(h.unwrap_or(0), m.unwrap_or(0), s.unwrap_or(0), nanos, kind)
}

/// Hours, minutes and seconds written `HH[:MM[:SS]]` or `HH[MM[SS]]` (as in
/// clocks and offsets); the missing ones are `None`.
fn clock_groups(text: &str) -> Option<[Option<i64>; 3]> {
    let all: String = text.split(':').collect();
    let well_formed = if text.contains(':') {
        text.split(':').all(|p| p.len() == 2) && all.len() <= 6
    } else {
        matches!(text.len(), 2 | 4 | 6)
    };
    if !well_formed {
        return None;
    }
    let mut groups = [None; 3];
    for (index, group) in groups.iter_mut().enumerate() {
        if let Some(part) = all.get(2 * index..2 * index + 2) {
            *group = Some(digits(part)?);
        }
    }
    Some(groups)
}

fn clock(hour: i64, minute: i64, second: i64, nanos: i64, kind: &str) -> Result<civil::Time> {
    civil::Time::new(
        field(hour, "hour", kind)?,
        field(minute, "minute", kind)?,
        field(second, "second", kind)?,
        field(nanos, "nanosecond", kind)?,
    )
    .map_err(|_| {
        format!("{kind}(): there is no time {hour:02}:{minute:02}:{second:02} (.{nanos:09})")
    })
}

/// Reads an offset (`Z`, `+01:00`, `+0100`, `+01`) or a zone name
/// (`Europe/Berlin`).
fn parse_zone(text: &str, kind: &str) -> Result<TimeZone> {
    if text == "Z" || text == "z" {
        return Ok(TimeZone::fixed(Offset::UTC));
    }
    if let Some(rest) = text.strip_prefix(['+', '-']) {
        let sign = if text.starts_with('-') { -1 } else { 1 };
        return match clock_groups(rest).map(|g| g.map(|part| part.unwrap_or(0))) {
            Some([h, m, s]) if h <= 18 && m < 60 && s < 60 => {
                let seconds = sign * (h * 3600 + m * 60 + s);
                Offset::from_seconds(seconds as i32)
                    .map(TimeZone::fixed)
                    .map_err(|_| format!("{kind}(): offset {text} is out of range"))
            }
            _ => Err(format!(
                "{kind}(): cannot read the offset {text:?}; expected Z, +01:00 or -0530"
            )),
        };
    }
    TimeZone::get(text).map_err(|_| format!("{kind}(): unknown time zone {text:?}"))
}

/// Splits `12:31+01:00[Europe/Berlin]` into the clock and the zone (a named zone
/// wins over the offset, which must agree with it).
fn split_zone(text: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, name) = match text.split_once('[') {
        Some((rest, name)) => (rest, name.strip_suffix(']').or(Some(name))),
        None => (text, None),
    };
    match rest.find(['Z', 'z', '+', '-']) {
        Some(at) => (&rest[..at], Some(&rest[at..]), name),
        None => (rest, None, name),
    }
}

fn parse(kind: Kind, text: &str) -> Result<Temporal> {
    let name = kind.name();
    let text = text.trim();
    let (date_text, clock_text) = match kind {
        Kind::Date => (Some(text), None),
        Kind::LocalTime | Kind::Time => (None, Some(text.strip_prefix('T').unwrap_or(text))),
        Kind::LocalDateTime | Kind::DateTime => match text.split_once('T') {
            Some((date, clock)) => (Some(date), Some(clock)),
            None => (Some(text), None),
        },
    };
    let date = date_text.map(|d| parse_date(d, name)).transpose()?;
    let (clock, offset, zone_name) = match clock_text {
        Some(clock) => split_zone(clock),
        None => ("", None, None),
    };
    let clock = if clock.is_empty() {
        civil::Time::midnight()
    } else {
        parse_clock(clock, name)?
    };
    let offset = offset.map(|o| parse_zone(o, name)).transpose()?;
    let named = zone_name.map(|z| parse_zone(z, name)).transpose()?;
    let local_only = matches!(kind, Kind::LocalTime | Kind::LocalDateTime | Kind::Date);
    if local_only && (offset.is_some() || named.is_some()) {
        return Err(format!(
            "{name}(): {text:?} has a time zone; use {}()",
            zoned_name(kind)
        ));
    }
    let date = date.unwrap_or(civil::Date::ZERO);
    build(kind, date, clock, offset, named)
}

fn zoned_name(kind: Kind) -> &'static str {
    if kind.has_date() { "datetime" } else { "time" }
}

/// Assembles a value from its parts; zones default to UTC.
fn build(
    kind: Kind,
    date: civil::Date,
    clock: civil::Time,
    offset: Option<TimeZone>,
    named: Option<TimeZone>,
) -> Result<Temporal> {
    let name = kind.name();
    Ok(match kind {
        Kind::Date => Temporal::Date(date),
        Kind::LocalTime => Temporal::LocalTime(clock),
        Kind::LocalDateTime => Temporal::LocalDateTime(date.to_datetime(clock)),
        Kind::Time => {
            if named.is_some() {
                return Err(
                    "time(): a time takes an offset such as +01:00, not a named zone".to_string(),
                );
            }
            let offset = match offset {
                Some(zone) => zone
                    .to_fixed_offset()
                    .map_err(|e| format!("{name}(): {e}"))?,
                None => Offset::UTC,
            };
            Temporal::Time(clock, offset)
        }
        Kind::DateTime => {
            let datetime = date.to_datetime(clock);
            let zone = named
                .clone()
                .or(offset.clone())
                .unwrap_or(TimeZone::fixed(Offset::UTC));
            let zoned = datetime
                .to_zoned_datetime(zone)
                .map_err(|e| format!("{name}(): {e}"))?;
            if let (Some(_), Some(offset)) = (named, offset) {
                let stated = offset
                    .to_fixed_offset()
                    .map_err(|e| format!("{name}(): {e}"))?;
                if stated != zoned.offset() {
                    return Err(format!(
                        "{name}(): the offset {} does not hold in {} at that time (it is {})",
                        OffsetText(stated),
                        zoned.time_zone().iana_name().unwrap_or("the zone"),
                        OffsetText(zoned.offset())
                    ));
                }
            }
            Temporal::DateTime(zoned)
        }
    })
}

/// Reads a duration: `P1Y2M3W4DT5H6M7.5S`, each number signed or with a fraction.
fn parse_duration(text: &str) -> Result<Duration> {
    let fail = || {
        bad(
            "duration",
            text,
            "a duration such as P1Y2M10DT2H30M or PT0.5S",
        )
    };
    let body = text.trim().strip_prefix(['P', 'p']).ok_or_else(fail)?;
    let (date_part, time_part) = match body.split_once(['T', 't']) {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return Err(fail()),
        None => (body, None),
    };
    let (mut months, mut days, mut seconds) = (0.0, 0.0, 0.0);
    let mut any = false;
    for (part, units) in [(date_part, "YMWD"), (time_part.unwrap_or(""), "HMS")] {
        let mut rest = part;
        let mut last = 0;
        while !rest.is_empty() {
            let at = rest
                .find(|c: char| c.is_ascii_alphabetic())
                .ok_or_else(fail)?;
            let number: f64 = rest[..at].replace(',', ".").parse().map_err(|_| fail())?;
            let unit = rest[at..]
                .chars()
                .next()
                .unwrap_or(' ')
                .to_ascii_uppercase();
            let position = units.find(unit).ok_or_else(fail)? + 1;
            if position <= last {
                return Err(fail());
            }
            last = position;
            any = true;
            match (units, unit) {
                ("YMWD", 'Y') => months += number * 12.0,
                ("YMWD", 'M') => months += number,
                ("YMWD", 'W') => days += number * 7.0,
                ("YMWD", _) => days += number,
                (_, 'H') => seconds += number * 3600.0,
                (_, 'M') => seconds += number * 60.0,
                _ => seconds += number,
            }
            rest = &rest[at + 1..];
        }
    }
    if !any {
        return Err(fail());
    }
    Duration::from_fractional(months, days, seconds)
}

// ---------------------------------------------------------------------------
// Maps.

fn number(map: &BTreeMap<String, Value>, key: &str, kind: &str) -> Result<Option<f64>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Integer(i)) => Ok(Some(*i as f64)),
        Some(Value::Float(f)) if kind == "duration" => Ok(Some(*f)),
        Some(other) => Err(format!(
            "{kind}(): `{key}` must be {}, not {}",
            if kind == "duration" {
                "a number"
            } else {
                "an integer"
            },
            other.describe_type()
        )),
    }
}

fn integer(map: &BTreeMap<String, Value>, key: &str, kind: &str) -> Result<Option<i64>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Integer(i)) => Ok(Some(*i)),
        Some(other) => Err(format!(
            "{kind}(): `{key}` must be an integer, not {}",
            other.describe_type()
        )),
    }
}

const DATE_KEYS: [&str; 8] = [
    "year",
    "month",
    "day",
    "week",
    "dayOfWeek",
    "ordinalDay",
    "quarter",
    "dayOfQuarter",
];
const TIME_KEYS: [&str; 6] = [
    "hour",
    "minute",
    "second",
    "millisecond",
    "microsecond",
    "nanosecond",
];
const DURATION_KEYS: [&str; 11] = [
    "years",
    "quarters",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
    "microseconds",
    "nanoseconds",
];

fn from_map(kind: Kind, map: &BTreeMap<String, Value>) -> Result<Temporal> {
    let name = kind.name();
    for key in map.keys() {
        let known = (kind.has_date() && DATE_KEYS.contains(&key.as_str()))
            || (kind.has_time() && TIME_KEYS.contains(&key.as_str()))
            || (matches!(kind, Kind::Time | Kind::DateTime) && key == "timezone");
        if !known {
            let selecting = matches!(
                key.as_str(),
                "date" | "time" | "datetime" | "epochSeconds" | "epochMillis"
            );
            return Err(if selecting {
                format!("{name}(): building from `{key}` in a map is not supported")
            } else {
                format!("{name}(): unknown key `{key}` in the map")
            });
        }
    }
    let get = |key: &str| integer(map, key, name);
    let date = if kind.has_date() {
        let year = get("year")?.ok_or_else(|| format!("{name}(): the map needs a `year`"))?;
        if let Some(week) = get("week")? {
            week_date(year, week, get("dayOfWeek")?.unwrap_or(1), name)?
        } else if let Some(day) = get("ordinalDay")? {
            ordinal_date(year, day, name)?
        } else if let Some(quarter) = get("quarter")? {
            quarter_date(year, quarter, get("dayOfQuarter")?.unwrap_or(1), name)?
        } else {
            calendar_date(
                year,
                get("month")?.unwrap_or(1),
                get("day")?.unwrap_or(1),
                name,
            )?
        }
    } else {
        civil::Date::ZERO
    };
    let nanos = get("millisecond")?.unwrap_or(0) * 1_000_000
        + get("microsecond")?.unwrap_or(0) * 1_000
        + get("nanosecond")?.unwrap_or(0);
    let clock = clock(
        get("hour")?.unwrap_or(0),
        get("minute")?.unwrap_or(0),
        get("second")?.unwrap_or(0),
        nanos,
        name,
    )?;
    let zone = match map.get("timezone") {
        None | Some(Value::Null) => None,
        Some(Value::String(zone)) => Some(parse_zone(zone, name)?),
        Some(other) => {
            return Err(format!(
                "{name}(): `timezone` must be a string, not {}",
                other.describe_type()
            ));
        }
    };
    let (offset, named) = match zone {
        Some(zone) if zone.iana_name().is_some() => (None, Some(zone)),
        other => (other, None),
    };
    build(kind, date, clock, offset, named)
}

fn duration_from_map(map: &BTreeMap<String, Value>) -> Result<Duration> {
    if let Some(key) = map.keys().find(|k| !DURATION_KEYS.contains(&k.as_str())) {
        return Err(format!("duration(): unknown key `{key}` in the map"));
    }
    let get = |key: &str| Ok::<f64, String>(number(map, key, "duration")?.unwrap_or(0.0));
    let months = get("years")? * 12.0 + get("quarters")? * 3.0 + get("months")?;
    let days = get("weeks")? * 7.0 + get("days")?;
    let seconds = get("hours")? * 3600.0
        + get("minutes")? * 60.0
        + get("seconds")?
        + get("milliseconds")? / 1e3
        + get("microseconds")? / 1e6
        + get("nanoseconds")? / 1e9;
    Duration::from_fractional(months, days, seconds)
}

// ---------------------------------------------------------------------------
// Constructors.

/// `date(x)`, `localtime(x)`, ...: from a string, a map, another temporal value, or
/// (without an argument) the clock; `null` gives `null`.
pub(crate) fn construct(kind: Kind, argument: Option<&Value>) -> Result<Value> {
    let name = kind.name();
    let made = match argument {
        None => convert(
            kind,
            &Temporal::DateTime(Timestamp::now().to_zoned_datetime(TimeZone::UTC)),
        )?,
        Some(Value::Null) => return Ok(Value::Null),
        Some(Value::String(text)) => parse(kind, text)?,
        Some(Value::Map(map)) => from_map(kind, map)?,
        Some(Value::Temporal(t)) => convert(kind, t)?,
        Some(other) => {
            return Err(format!(
                "{name}() takes a string, a map or a temporal value, not {}",
                other.describe_type()
            ));
        }
    };
    Ok(Value::Temporal(Box::new(made)))
}

/// Another temporal value as `kind`: its date and time of day, the missing time being
/// midnight and the missing zone UTC.
fn convert(kind: Kind, from: &Temporal) -> Result<Temporal> {
    let name = kind.name();
    let cannot = || format!("{name}() cannot be made from {}", from.describe_type());
    let date = from.date();
    if kind.has_date() && date.is_none() {
        return Err(cannot());
    }
    if kind == Kind::LocalTime || kind == Kind::Time {
        from.time().ok_or_else(cannot)?;
    }
    if let (Kind::DateTime, Temporal::DateTime(z)) = (kind, from) {
        return Ok(Temporal::DateTime(z.clone()));
    }
    let clock = from.time().unwrap_or(civil::Time::midnight());
    let offset = from.offset().map(TimeZone::fixed);
    build(kind, date.unwrap_or(civil::Date::ZERO), clock, offset, None)
}

/// `duration(x)` from a string or a map.
pub(crate) fn duration(argument: &Value) -> Result<Value> {
    let made = match argument {
        Value::Null => return Ok(Value::Null),
        Value::String(text) => parse_duration(text)?,
        Value::Map(map) => duration_from_map(map)?,
        Value::Temporal(t) if matches!(**t, Temporal::Duration(_)) => return Ok(argument.clone()),
        other => {
            return Err(format!(
                "duration() takes a string or a map, not {}",
                other.describe_type()
            ));
        }
    };
    Ok(Value::Temporal(Box::new(Temporal::Duration(made))))
}

// ---------------------------------------------------------------------------
// Components.

/// `t.key`: a component of a temporal value, as Neo4j names them.
pub(crate) fn component(value: &Temporal, key: &str) -> Result<Value> {
    let found = match value {
        Temporal::Duration(d) => duration_component(*d, key),
        _ => instant_component(value, key),
    };
    found.ok_or_else(|| format!("{} has no component `{key}`", value.describe_type()))
}

fn instant_component(value: &Temporal, key: &str) -> Option<Value> {
    let int = |i: i64| Some(Value::Integer(i));
    if let Some(date) = value.date() {
        let week = date.iso_week_date();
        let quarter_start = civil::date(date.year(), (date.month() - 1) / 3 * 3 + 1, 1);
        match key {
            "year" => return int(date.year().into()),
            "quarter" => return int(((date.month() - 1) / 3 + 1).into()),
            "month" => return int(date.month().into()),
            "week" => return int(week.week().into()),
            "weekYear" => return int(week.year().into()),
            "dayOfQuarter" => return int(epoch_day(date) - epoch_day(quarter_start) + 1),
            "day" => return int(date.day().into()),
            "ordinalDay" => return int(date.day_of_year().into()),
            "dayOfWeek" | "weekDay" => return int(date.weekday().to_monday_one_offset().into()),
            _ => {}
        }
    }
    if let Some(time) = value.time() {
        let nanos = i64::from(time.subsec_nanosecond());
        match key {
            "hour" => return int(time.hour().into()),
            "minute" => return int(time.minute().into()),
            "second" => return int(time.second().into()),
            "millisecond" => return int(nanos / 1_000_000),
            "microsecond" => return int(nanos / 1_000),
            "nanosecond" => return int(nanos),
            _ => {}
        }
    }
    if let Some(offset) = value.offset() {
        match key {
            "timezone" => {
                let named = match value {
                    Temporal::DateTime(z) => zone_name(z),
                    _ => None,
                };
                return Some(Value::String(
                    named.map_or_else(|| OffsetText(offset).to_string(), str::to_string),
                ));
            }
            "offset" => return Some(Value::String(OffsetText(offset).to_string())),
            "offsetMinutes" => return int((offset.seconds() / 60).into()),
            "offsetSeconds" => return int(offset.seconds().into()),
            _ => {}
        }
    }
    if let Temporal::DateTime(z) = value {
        match key {
            "epochSeconds" => return int(z.timestamp().as_second()),
            "epochMillis" => return int(z.timestamp().as_millisecond()),
            _ => {}
        }
    }
    None
}

fn duration_component(d: Duration, key: &str) -> Option<Value> {
    let nanos = d.total_nanos();
    let clamp = |n: i128| i64::try_from(n).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX });
    // Whole units of the seconds part, towards zero, as Neo4j reads them.
    let whole_seconds = nanos / 1_000_000_000;
    Some(Value::Integer(match key {
        "years" => d.months / 12,
        "quarters" => d.months / 3,
        "months" => d.months,
        "weeks" => d.days / 7,
        "days" => d.days,
        "hours" => clamp(whole_seconds / 3600),
        "minutes" => clamp(whole_seconds / 60),
        "seconds" => clamp(whole_seconds),
        "milliseconds" => clamp(nanos / 1_000_000),
        "microseconds" => clamp(nanos / 1_000),
        "nanoseconds" => clamp(nanos),
        "quartersOfYear" => d.months % 12 / 3,
        "monthsOfQuarter" => d.months % 3,
        "monthsOfYear" => d.months % 12,
        "daysOfWeek" => d.days % 7,
        "minutesOfHour" => clamp(whole_seconds / 60 % 60),
        "secondsOfMinute" => clamp(whole_seconds % 60),
        "millisecondsOfSecond" => clamp(nanos % 1_000_000_000 / 1_000_000),
        "microsecondsOfSecond" => clamp(nanos % 1_000_000_000 / 1_000),
        "nanosecondsOfSecond" => clamp(nanos % 1_000_000_000),
        _ => return None,
    }))
}

// ---------------------------------------------------------------------------
// Arithmetic.

/// The operators on temporal values: instant ± duration, duration ± duration,
/// duration × number, duration ÷ number. `None` when neither operand is temporal
/// (the caller's own rules apply); an error for any other temporal combination.
pub(crate) fn arithmetic(symbol: &str, left: &Value, right: &Value) -> Option<Result<Value>> {
    use Temporal::Duration as D;
    let temporal = |v: &Value| match v {
        Value::Temporal(t) => Some((**t).clone()),
        _ => None,
    };
    let number = |v: &Value| match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    let (l, r) = (temporal(left), temporal(right));
    if l.is_none() && r.is_none() {
        return None;
    }
    let wrap = |t: Temporal| Value::Temporal(Box::new(t));
    let overflow = || format!("`{symbol}` on temporal values left their range");
    let result = match (symbol, l, r) {
        ("+", Some(D(a)), Some(D(b))) => a
            .checked_combine(b, 1)
            .map(D)
            .map(wrap)
            .ok_or_else(overflow),
        ("-", Some(D(a)), Some(D(b))) => a
            .checked_combine(b, -1)
            .map(D)
            .map(wrap)
            .ok_or_else(overflow),
        ("+", Some(D(d)), Some(t)) | ("+", Some(t), Some(D(d))) => shift(&t, d, 1).map(wrap),
        ("-", Some(t), Some(D(d))) if !matches!(t, D(_)) => shift(&t, d, -1).map(wrap),
        ("*", Some(D(d)), None) => match number(right) {
            Some(f) => d.scaled(f).map(D).map(wrap),
            None => Err(mismatch(symbol, left, right)),
        },
        ("*", None, Some(D(d))) => match number(left) {
            Some(f) => d.scaled(f).map(D).map(wrap),
            None => Err(mismatch(symbol, left, right)),
        },
        ("/", Some(D(d)), None) => match number(right) {
            Some(0.0) => Err("division by zero".to_string()),
            Some(f) => d.scaled(1.0 / f).map(D).map(wrap),
            None => Err(mismatch(symbol, left, right)),
        },
        _ => Err(mismatch(symbol, left, right)),
    };
    Some(result)
}

fn mismatch(symbol: &str, left: &Value, right: &Value) -> String {
    let hint = if symbol == "-"
        && matches!((left, right), (Value::Temporal(a), Value::Temporal(b)) if !matches!(**a, Temporal::Duration(_)) && !matches!(**b, Temporal::Duration(_)))
    {
        " (use duration.between(a, b) for the time between two instants)"
    } else {
        ""
    };
    format!(
        "cannot apply `{symbol}` to {} and {}{hint}",
        left.describe_type(),
        right.describe_type()
    )
}

/// An instant moved by a duration (`sign` -1 to subtract): months first (a day past
/// the month's end becomes its last day), then days, then the exact time; a date
/// ignores the time part, a time of day wraps around midnight.
fn shift(value: &Temporal, d: Duration, sign: i64) -> Result<Temporal> {
    let overflow = |_| "the result is outside the supported range of years".to_string();
    let calendar = Span::new()
        .try_months(d.months * sign)
        .and_then(|s| s.try_days(d.days * sign))
        .map_err(overflow)?;
    let exact = if sign < 0 { -d.exact() } else { d.exact() };
    Ok(match value {
        Temporal::Date(date) => Temporal::Date(date.checked_add(calendar).map_err(overflow)?),
        Temporal::LocalTime(t) => Temporal::LocalTime(t.wrapping_add(exact)),
        Temporal::Time(t, o) => Temporal::Time(t.wrapping_add(exact), *o),
        Temporal::LocalDateTime(dt) => Temporal::LocalDateTime(
            dt.checked_add(calendar)
                .and_then(|dt| dt.checked_add(exact))
                .map_err(overflow)?,
        ),
        Temporal::DateTime(z) => Temporal::DateTime(
            z.checked_add(calendar)
                .and_then(|z| z.checked_add(exact))
                .map_err(overflow)?,
        ),
        Temporal::Duration(_) => return Err("cannot shift a duration".to_string()),
    })
}

// ---------------------------------------------------------------------------
// duration.between and truncate.

/// `duration.between(from, to)` and `duration.inMonths/inDays/inSeconds`: the
/// duration from `from` to `to`, negative when `to` is earlier. A zoned `to` is
/// first seen in `from`'s zone; when either lacks a date, only the times of day
/// count.
pub(crate) fn between(which: Between, from: &Value, to: &Value) -> Result<Value> {
    let name = match which {
        Between::All => "duration.between",
        Between::Months => "duration.inMonths",
        Between::Days => "duration.inDays",
        Between::Seconds => "duration.inSeconds",
    };
    let (from, to) = match (from, to) {
        (Value::Null, _) | (_, Value::Null) => return Ok(Value::Null),
        (Value::Temporal(a), Value::Temporal(b))
            if !matches!(**a, Temporal::Duration(_)) && !matches!(**b, Temporal::Duration(_)) =>
        {
            (&**a, &**b)
        }
        (a, b) => {
            return Err(format!(
                "{name}() takes two temporal instants, not {} and {}",
                a.describe_type(),
                b.describe_type()
            ));
        }
    };
    // Both sides as civil date-times in one frame of reference.
    let to_frame = |t: &Temporal, zone: Option<&TimeZone>| -> civil::DateTime {
        match (t, zone) {
            (Temporal::DateTime(z), Some(zone)) => z.with_time_zone(zone.clone()).datetime(),
            (Temporal::Time(clock, offset), Some(zone)) => {
                let target = zone.to_fixed_offset().unwrap_or(*offset);
                let nanos = nanos_of_day(*clock)
                    + i64::from(target.seconds() - offset.seconds()) * NANOS_PER_SECOND;
                civil::Date::ZERO.to_datetime(
                    civil::Time::midnight().wrapping_add(SignedDuration::from_nanos(nanos)),
                )
            }
            _ => t
                .date()
                .unwrap_or(civil::Date::ZERO)
                .to_datetime(t.time().unwrap_or(civil::Time::midnight())),
        }
    };
    let zone = match from {
        Temporal::DateTime(z) => Some(z.time_zone().clone()),
        Temporal::Time(_, o) => Some(TimeZone::fixed(*o)),
        _ => None,
    };
    let (mut start, mut end) = (to_frame(from, zone.as_ref()), to_frame(to, zone.as_ref()));
    if from.date().is_none() || to.date().is_none() {
        start = civil::Date::ZERO.to_datetime(start.time());
        end = civil::Date::ZERO.to_datetime(end.time());
    }
    let months = if matches!(which, Between::All | Between::Months) {
        months_between(start, end)
    } else {
        0
    };
    let overflow = |_| format!("{name}(): the span is out of range");
    let middle = start
        .checked_add(Span::new().try_months(months).map_err(overflow)?)
        .map_err(overflow)?;
    let rest = middle.duration_until(end);
    let total =
        i128::from(rest.as_secs()) * i128::from(NANOS_PER_SECOND) + i128::from(rest.subsec_nanos());
    let per_day = i128::from(SECONDS_PER_DAY * NANOS_PER_SECOND);
    let (days, rest) = match which {
        Between::All | Between::Days => (total / per_day, total % per_day),
        Between::Months => (0, 0),
        Between::Seconds => (0, total),
    };
    let duration = Duration::new(
        months,
        days as i64,
        0,
        i64::try_from(rest).map_err(|_| format!("{name}(): the span is out of range"))?,
    )
    .ok_or_else(|| format!("{name}(): the span is out of range"))?;
    Ok(Value::Temporal(Box::new(Temporal::Duration(duration))))
}

/// Whole months from `start` to `end`, towards zero (Java's `until(MONTHS)`, which
/// Neo4j uses): a month counts only once its day and time of day are reached.
fn months_between(start: civil::DateTime, end: civil::DateTime) -> i64 {
    let month_number = |d: civil::Date| i64::from(d.year()) * 12 + i64::from(d.month());
    let mut total = month_number(end.date()) - month_number(start.date());
    let end_key = (end.day(), end.time());
    let start_key = (start.day(), start.time());
    if total > 0 && end_key < start_key {
        total -= 1;
    } else if total < 0 && end_key > start_key {
        total += 1;
    }
    total
}

/// `date.truncate(unit, t)` and its kin: `t` as `kind`, cut down to the start of the
/// `unit` (`millennium`, `century`, `decade`, `year`, `weekYear`, `quarter`,
/// `month`, `week`, `day`, `hour`, `minute`, `second`, `millisecond`,
/// `microsecond`).
pub(crate) fn truncate(kind: Kind, args: &[Value]) -> Result<Value> {
    let name = kind.name();
    let (unit, value) = match args {
        [Value::Null, ..] | [_, Value::Null, ..] => return Ok(Value::Null),
        [Value::String(unit), Value::Temporal(t), rest @ ..]
            if !matches!(**t, Temporal::Duration(_)) =>
        {
            if rest.iter().any(|v| !v.is_null()) {
                return Err(format!(
                    "{name}.truncate(): the map of fields to set is not supported"
                ));
            }
            (unit.as_str(), &**t)
        }
        [unit, value, ..] => {
            return Err(format!(
                "{name}.truncate() takes a unit name and a temporal instant, not {} and {}",
                unit.describe_type(),
                value.describe_type()
            ));
        }
        _ => return Err(format!("{name}.truncate() takes a unit and a value")),
    };
    let as_kind = convert(kind, value)?;
    let date = as_kind.date().unwrap_or(civil::Date::ZERO);
    let clock = as_kind.time().unwrap_or(civil::Time::midnight());
    let date_unit = |date: civil::Date| -> Option<civil::Date> {
        let year = date.year();
        let start_of = |y: i16, m: i8| civil::date(y, m, 1);
        Some(match unit {
            "millennium" => start_of(year - year.rem_euclid(1000), 1),
            "century" => start_of(year - year.rem_euclid(100), 1),
            "decade" => start_of(year - year.rem_euclid(10), 1),
            "year" => start_of(year, 1),
            "weekYear" => ISOWeekDate::new(date.iso_week_date().year(), 1, Weekday::Monday)
                .ok()?
                .date(),
            "quarter" => start_of(year, (date.month() - 1) / 3 * 3 + 1),
            "month" => start_of(year, date.month()),
            "week" => date
                .checked_sub(Span::new().days(date.weekday().to_monday_zero_offset()))
                .ok()?,
            _ => return None,
        })
    };
    let (date, clock) = if let Some(cut) = date_unit(date) {
        if !kind.has_date() {
            return Err(format!("{name}.truncate(): a {name} has no `{unit}`"));
        }
        (cut, civil::Time::midnight())
    } else {
        let nanos = i64::from(clock.subsec_nanosecond());
        let cut = match unit {
            "day" => Some(civil::Time::midnight()),
            "hour" => clock
                .with()
                .minute(0)
                .second(0)
                .subsec_nanosecond(0)
                .build()
                .ok(),
            "minute" => clock.with().second(0).subsec_nanosecond(0).build().ok(),
            "second" => clock.with().subsec_nanosecond(0).build().ok(),
            "millisecond" => clock
                .with()
                .subsec_nanosecond((nanos / 1_000_000 * 1_000_000) as i32)
                .build()
                .ok(),
            "microsecond" => clock
                .with()
                .subsec_nanosecond((nanos / 1_000 * 1_000) as i32)
                .build()
                .ok(),
            _ => None,
        };
        match cut {
            Some(_)
                if (unit == "day" && !kind.has_date()) || (unit != "day" && !kind.has_time()) =>
            {
                return Err(format!("{name}.truncate(): a {name} has no `{unit}`"));
            }
            Some(cut) => (date, cut),
            None => {
                return Err(format!(
                    "{name}.truncate(): unknown unit {unit:?}; expected one of millennium, century, decade, year, weekYear, quarter, month, week, day, hour, minute, second, millisecond, microsecond"
                ));
            }
        }
    };
    let made = match &as_kind {
        Temporal::DateTime(z) => Temporal::DateTime(
            date.to_datetime(clock)
                .to_zoned_datetime(z.time_zone().clone())
                .map_err(|e| format!("{name}.truncate(): {e}"))?,
        ),
        Temporal::Time(_, o) => Temporal::Time(clock, *o),
        _ => build(kind, date, clock, None, None)?,
    };
    Ok(Value::Temporal(Box::new(made)))
}
