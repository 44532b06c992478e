//! Temporal values in queries, one table per feature; every expected answer was
//! worked out by hand from the openCypher temporal specification (and, for the
//! calendars, from the dates themselves: 2019-06-30 is a Sunday, day 181 of 2019,
//! in ISO week 26).

use super::tests::{check_failures, check_prints_back, check_table};
use crate::cypher::memory::MemoryGraph;

fn check(cases: &[(&str, &[&str])]) {
    check_table(&MemoryGraph::new(), cases);
}

#[test]
fn constructors_read_strings_and_maps() {
    check(&[
        ("RETURN date('2019-06-30')", &["2019-06-30"]),
        ("RETURN date('20190630')", &["2019-06-30"]),
        ("RETURN date('2019-06')", &["2019-06-01"]),
        ("RETURN date('2019')", &["2019-01-01"]),
        ("RETURN date('2015-W30-2')", &["2015-07-21"]),
        ("RETURN date('2015W302')", &["2015-07-21"]),
        ("RETURN date('2015-202')", &["2015-07-21"]),
        ("RETURN date({year: 2019, month: 3})", &["2019-03-01"]),
        (
            "RETURN date({year: 1984, week: 10, dayOfWeek: 3})",
            &["1984-03-07"],
        ),
        (
            "RETURN date({year: 1984, quarter: 3, dayOfQuarter: 45})",
            &["1984-08-14"],
        ),
        (
            "RETURN date({year: 1984, ordinalDay: 202})",
            &["1984-07-20"],
        ),
        ("RETURN date(null)", &["null"]),
        ("RETURN duration(null), datetime(null)", &["null | null"]),
        ("RETURN localtime('21:40:32.142')", &["21:40:32.142"]),
        ("RETURN localtime('214032')", &["21:40:32"]),
        ("RETURN localtime({hour: 12, minute: 31})", &["12:31"]),
        (
            "RETURN localtime({hour: 12, minute: 31, second: 14, microsecond: 645876})",
            &["12:31:14.645876"],
        ),
        ("RETURN time('21:40:32+01:00')", &["21:40:32+01:00"]),
        ("RETURN time('12:00')", &["12:00Z"]),
        (
            "RETURN time({hour: 10, minute: 35, timezone: '-08:00'})",
            &["10:35-08:00"],
        ),
        (
            "RETURN localdatetime('2015-07-21T21:40:32.142')",
            &["2015-07-21T21:40:32.142"],
        ),
        (
            "RETURN datetime('2015-07-21T21:40:32.142+0100')",
            &["2015-07-21T21:40:32.142+01:00"],
        ),
        ("RETURN datetime('2019-06-30')", &["2019-06-30T00:00Z"]),
        // Sweden left summer time on the last Sunday of September in 1984.
        (
            "RETURN datetime({year: 1984, month: 10, day: 11, hour: 12, timezone: 'Europe/Stockholm'})",
            &["1984-10-11T12:00+01:00[Europe/Stockholm]"],
        ),
        (
            "RETURN datetime('2019-06-30T12:00[Europe/Berlin]')",
            &["2019-06-30T12:00+02:00[Europe/Berlin]"],
        ),
        // Conversions keep what the target has room for.
        (
            "RETURN date(datetime('2019-06-30T23:00+02:00')), localtime(localdatetime('2019-06-30T08:15'))",
            &["2019-06-30 | 08:15"],
        ),
        (
            "RETURN localdatetime(date('2019-06-30'))",
            &["2019-06-30T00:00"],
        ),
        ("RETURN toString(date('2019-06-30'))", &["'2019-06-30'"]),
    ]);
}

#[test]
fn durations_read_and_print_as_iso_8601() {
    check(&[
        (
            "RETURN duration('P1Y2M10DT2H30M15.5S')",
            &["P1Y2M10DT2H30M15.5S"],
        ),
        (
            "RETURN duration({days: 14, hours: 16, minutes: 12})",
            &["P14DT16H12M"],
        ),
        // 0.75 of the average month (2 629 746 s) is 1 972 309.5 s: 22 days and
        // 71 509.5 s.
        ("RETURN duration({months: 0.75})", &["P22DT19H51M49.5S"]),
        ("RETURN duration({weeks: 2.5})", &["P17DT12H"]),
        ("RETURN duration('PT0S')", &["PT0S"]),
        ("RETURN duration({seconds: -0.5})", &["PT-0.5S"]),
        ("RETURN duration({days: -1, hours: 12})", &["P-1DT12H"]),
        ("RETURN duration('P2W')", &["P14D"]),
    ]);
}

#[test]
fn components_are_read_by_name() {
    check(&[
        (
            "WITH date('2019-06-30') AS d RETURN d.year, d.quarter, d.month, d.week, d.weekYear, d.day, d.ordinalDay, d.dayOfWeek, d.dayOfQuarter",
            &["2019 | 2 | 6 | 26 | 2019 | 30 | 181 | 7 | 91"],
        ),
        // 2019-06-30T10:31:14Z is 18 077 days and 37 874 s after the epoch.
        (
            "WITH datetime('2019-06-30T12:31:14.645876123+02:00[Europe/Berlin]') AS t RETURN t.hour, t.minute, t.second, t.millisecond, t.microsecond, t.nanosecond, t.timezone, t.offset, t.offsetMinutes, t.epochSeconds",
            &[
                "12 | 31 | 14 | 645 | 645876 | 645876123 | 'Europe/Berlin' | '+02:00' | 120 | 1561890674",
            ],
        ),
        (
            "WITH time('10:35-08:00') AS t RETURN t.hour, t.timezone, t.offsetSeconds",
            &["10 | '-08:00' | -28800"],
        ),
        (
            "WITH duration({years: 1, months: 4, days: 10, hours: 1, minutes: 2, seconds: 3.5}) AS d RETURN d.years, d.months, d.monthsOfYear, d.days, d.hours, d.minutes, d.seconds, d.minutesOfHour, d.secondsOfMinute, d.milliseconds, d.millisecondsOfSecond",
            &["1 | 16 | 4 | 10 | 1 | 62 | 3723 | 2 | 3 | 3723500 | 500"],
        ),
        ("WITH null AS d RETURN d.year", &["null"]),
    ]);
}

#[test]
fn comparison_and_ordering() {
    check(&[
        ("RETURN date('2019-03-01') < date('2019-06-30')", &["true"]),
        (
            "RETURN date('2019-03-01') = date({year: 2019, month: 3})",
            &["true"],
        ),
        ("RETURN date('2019-03-01') < null", &["null"]),
        ("RETURN date('2019-03-01') = null", &["null"]),
        // Different types do not compare, and are never equal.
        (
            "RETURN date('2019-03-01') < localdatetime('2019-03-01T00:00')",
            &["null"],
        ),
        ("RETURN date('2019-03-01') = '2019-03-01'", &["false"]),
        // Times and datetimes compare as instants: 12:00+02:00 is 10:00Z.
        (
            "RETURN datetime('2019-06-30T12:00+02:00') < datetime('2019-06-30T10:30Z')",
            &["true"],
        ),
        ("RETURN time('12:00+01:00') < time('11:30Z')", &["true"]),
        // Durations are equal part by part, and do not compare.
        ("RETURN duration('P1D') = duration('PT24H')", &["false"]),
        (
            "RETURN duration('P1D') = duration({hours: 24, days: 1}) - duration('PT24H')",
            &["true"],
        ),
        ("RETURN duration('P1D') < duration('P2D')", &["null"]),
        (
            "RETURN date('2019-06-01') <= date('2019-06-30') <= date('2019-06-30')",
            &["true"],
        ),
        (
            "UNWIND [date('2019-06-30'), null, date('2018-01-01'), date('2019-01-01')] AS d RETURN d ORDER BY d",
            &["2018-01-01", "2019-01-01", "2019-06-30", "null"],
        ),
        (
            "UNWIND [date('2019-06-30'), date('2019-06-30'), date({year: 2019, month: 6, day: 30})] AS d RETURN count(DISTINCT d)",
            &["1"],
        ),
        (
            "UNWIND [date('2019-06-30'), date('2018-01-01')] AS d RETURN min(d), max(d)",
            &["2018-01-01 | 2019-06-30"],
        ),
    ]);
}

#[test]
fn arithmetic_with_durations() {
    check(&[
        // A day past the end of the month becomes the month's last day.
        (
            "RETURN date('2019-01-31') + duration('P1M')",
            &["2019-02-28"],
        ),
        // A date ignores the hours.
        (
            "RETURN date('1984-10-11') + duration({years: 12, months: 5, days: 14, hours: 16})",
            &["1997-03-25"],
        ),
        (
            "RETURN date('2019-03-01') - duration('P1D')",
            &["2019-02-28"],
        ),
        (
            "RETURN duration('P1D') + date('2019-03-01')",
            &["2019-03-02"],
        ),
        ("RETURN localtime('23:30') + duration('PT1H')", &["00:30"]),
        (
            "WITH localdatetime('1984-10-11T12:31:14') AS t, duration({years: 12, nanoseconds: 2}) AS d RETURN t + d, t - d",
            &["1996-10-11T12:31:14.000000002 | 1972-10-11T12:31:13.999999998"],
        ),
        // Berlin's clocks went forward at 02:00 on 2019-03-31: a calendar day keeps
        // the time of day, 24 hours do not.
        (
            "RETURN datetime('2019-03-30T12:00[Europe/Berlin]') + duration('P1D')",
            &["2019-03-31T12:00+02:00[Europe/Berlin]"],
        ),
        (
            "RETURN datetime('2019-03-30T12:00[Europe/Berlin]') + duration('PT24H')",
            &["2019-03-31T13:00+02:00[Europe/Berlin]"],
        ),
        ("RETURN duration('P1D') + duration('PT12H')", &["P1DT12H"]),
        (
            "RETURN duration('P1M') * 2, 2 * duration('P1M')",
            &["P2M | P2M"],
        ),
        ("RETURN duration('P1D') / 2", &["PT12H"]),
        (
            "RETURN date('2019-01-01') + null, null - duration('P1D')",
            &["null | null"],
        ),
    ]);
}

#[test]
fn duration_between_counts_months_then_days_then_time() {
    check(&[
        (
            "RETURN duration.between(date('1984-10-11'), date('2015-06-24'))",
            &["P30Y8M13D"],
        ),
        (
            "RETURN duration.between(date('2019-06-30'), date('2019-03-01'))",
            &["P-3M-29D"],
        ),
        // 31 January to 28 February is not yet a whole month.
        (
            "RETURN duration.inMonths(date('2019-01-31'), date('2019-02-28'))",
            &["PT0S"],
        ),
        (
            "RETURN duration.inDays(date('2019-01-01'), date('2019-03-01'))",
            &["P59D"],
        ),
        (
            "RETURN duration.inSeconds(localtime('12:00'), localtime('13:30:15'))",
            &["PT1H30M15S"],
        ),
        (
            "RETURN duration.between(localdatetime('2019-01-01T12:00'), localdatetime('2019-02-01T11:00'))",
            &["P30DT23H"],
        ),
        (
            "RETURN duration.between(datetime('2019-06-30T12:00+02:00'), datetime('2019-06-30T12:00Z'))",
            &["PT2H"],
        ),
        (
            "RETURN duration.between(null, date('2019-01-01'))",
            &["null"],
        ),
        (
            "RETURN duration.inDays(date('2019-01-01'), date('2019-03-01')).days",
            &["59"],
        ),
    ]);
}

#[test]
fn truncation() {
    check(&[
        (
            "RETURN date.truncate('month', date('2019-06-30'))",
            &["2019-06-01"],
        ),
        (
            "RETURN date.truncate('quarter', date('2019-06-30'))",
            &["2019-04-01"],
        ),
        (
            "RETURN date.truncate('week', date('2019-06-30'))",
            &["2019-06-24"],
        ),
        (
            "RETURN date.truncate('weekYear', date('2019-06-30'))",
            &["2018-12-31"],
        ),
        (
            "RETURN date.truncate('decade', date('2019-06-30')), date.truncate('century', date('2019-06-30')), date.truncate('millennium', date('2019-06-30'))",
            &["2010-01-01 | 2000-01-01 | 2000-01-01"],
        ),
        (
            "RETURN date.truncate('day', date('2019-06-30'))",
            &["2019-06-30"],
        ),
        (
            "RETURN datetime.truncate('hour', datetime('2019-06-30T12:31:14[Europe/Berlin]'))",
            &["2019-06-30T12:00+02:00[Europe/Berlin]"],
        ),
        (
            "RETURN localtime.truncate('minute', localtime('12:31:14.5'))",
            &["12:31"],
        ),
        (
            "RETURN date.truncate('month', localdatetime('2019-06-30T12:00'))",
            &["2019-06-01"],
        ),
        ("RETURN date.truncate('month', null)", &["null"]),
    ]);
}

#[test]
fn bad_temporal_input_is_a_clear_error() {
    let graph = MemoryGraph::new();
    let cases: &[(&str, &str, &str)] = &[
        (
            "RETURN date('2019-13-01')",
            "there is no date 2019-13-01",
            "date('2019-13-01')",
        ),
        (
            "RETURN date('2019-02-29')",
            "there is no date 2019-02-29",
            "date('2019-02-29')",
        ),
        (
            "RETURN date('30/06/2019')",
            "cannot read \"30/06/2019\" as a date",
            "date('30/06/2019')",
        ),
        (
            "RETURN date(42)",
            "date() takes a string, a map or a temporal value, not an Integer",
            "date(42)",
        ),
        (
            "RETURN date({year: 2019, mont: 3})",
            "unknown key `mont`",
            "date({year: 2019, mont: 3})",
        ),
        (
            "RETURN date({month: 3})",
            "the map needs a `year`",
            "date({month: 3})",
        ),
        (
            "RETURN localtime('25:00')",
            "there is no time 25:00:00",
            "localtime('25:00')",
        ),
        (
            "RETURN datetime('2019-06-30T12:00[Mars/Olympus]')",
            "unknown time zone \"Mars/Olympus\"",
            "datetime('2019-06-30T12:00[Mars/Olympus]')",
        ),
        (
            "RETURN datetime('2019-06-30T12:00+05:00[Europe/Berlin]')",
            "the offset +05:00 does not hold in Europe/Berlin",
            "datetime('2019-06-30T12:00+05:00[Europe/Berlin]')",
        ),
        (
            "RETURN localdatetime('2019-06-30T12:00+01:00')",
            "has a time zone; use datetime()",
            "localdatetime('2019-06-30T12:00+01:00')",
        ),
        (
            "RETURN duration('1Y')",
            "cannot read \"1Y\" as a duration",
            "duration('1Y')",
        ),
        (
            "RETURN duration('P1D2Y')",
            "cannot read \"P1D2Y\" as a duration",
            "duration('P1D2Y')",
        ),
        (
            "RETURN date('2019-06-30').hour",
            "a Date has no component `hour`",
            "date('2019-06-30').hour",
        ),
        (
            "RETURN date('2019-06-30') + 1",
            "cannot apply `+` to a Date and an Integer",
            "date('2019-06-30') + 1",
        ),
        (
            "RETURN date('2019-06-30') - date('2019-01-01')",
            "use duration.between(a, b)",
            "date('2019-06-30') - date('2019-01-01')",
        ),
        (
            "RETURN duration('P1D') / 0",
            "division by zero",
            "duration('P1D') / 0",
        ),
        (
            "RETURN date.truncate('hour', date('2019-06-30'))",
            "a date has no `hour`",
            "date.truncate('hour', date('2019-06-30'))",
        ),
        (
            "RETURN date.truncate('fortnight', date('2019-06-30'))",
            "unknown unit \"fortnight\"",
            "date.truncate('fortnight', date('2019-06-30'))",
        ),
        (
            "RETURN duration.between(date('2019-06-30'), duration('P1D'))",
            "takes two temporal instants, not a Date and a Duration",
            "duration.between(date('2019-06-30'), duration('P1D'))",
        ),
        (
            "RETURN date.between(1, 2)",
            "unknown function",
            "date.between",
        ),
    ];
    check_failures(&graph, cases);
}

#[test]
fn namespaced_calls_print_back_as_written() {
    check_prints_back(&[
        "RETURN duration.between(a, b)",
        "RETURN date.truncate('month', d)",
    ]);
}
