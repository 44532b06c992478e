//! Dates as dates: `--at` takes a year, a month or a day, and queries compare the
//! relations' `valid_from` and `valid_to` as dates. Expected counts come from the
//! bundled files: four relations are dated `2019-03` (OHCHR's support for three CSW63
//! side events and for the Special Rapporteur), two `2018-11-23`, and none other is
//! dated finer than a year.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use crate::common::run;

fn count(args: &[&str]) -> i64 {
    let mut all = vec!["query", "--format", "csv"];
    all.extend_from_slice(args);
    all.push("MATCH ()-[r]->() RETURN count(r) AS n");
    let run = run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.lines().nth(1).unwrap().parse().unwrap()
}

#[test]
fn at_a_month_or_a_day_keeps_what_held_on_some_day_of_it() {
    let year = count(&["--at", "2019"]);
    assert_eq!(count(&["--at", "2019-03"]), year);
    assert_eq!(count(&["--at", "2019-03-15"]), year);
    assert_eq!(count(&["--at", "2019-04"]), year - 4);
    assert_eq!(count(&["--at", "2018-11"]), count(&["--at", "2018-12"]) + 2);
}

#[test]
fn at_a_month_answers_questions_too() {
    let targets = |when: &str| -> Vec<String> {
        let run = run(&[
            "what",
            "OHCHR",
            "--at",
            when,
            "--exclude-undated",
            "--format",
            "csv",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
        reader
            .records()
            .map(|record| record.unwrap()[1].to_string())
            .collect()
    };
    assert_eq!(
        targets("2019-03"),
        [
            "SIDE-EVENT-MANDATE-FEMICIDE-WATCH",
            "SIDE-EVENT-ONLINE-VIOLENCE",
            "SIDE-EVENT-SRVAW-GR35",
            "SRVAW"
        ]
    );
    assert!(targets("2019-04").is_empty());
}

#[test]
fn a_bad_time_says_what_was_expected() {
    let run = run(&["who", "OHCHR", "--at", "2019-3"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "`2019-3` is not a year, a month or a day (expected 2019, 2019-03 or 2019-03-15)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn queries_compare_validity_as_dates() {
    let run = run(&[
        "query",
        "--format",
        "csv",
        "MATCH (a)-[r]->(b) WHERE r.valid_from <= date('2019-03-31') AND date('2019-03-01') <= r.valid_to AND r.date IS NOT NULL RETURN a.id, b.id, r.date, r.valid_to ORDER BY b.id",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "a.id,b.id,r.date,r.valid_to\n\
         OHCHR,SIDE-EVENT-MANDATE-FEMICIDE-WATCH,2019-03,2019-03-31\n\
         OHCHR,SIDE-EVENT-ONLINE-VIOLENCE,2019-03,2019-03-31\n\
         OHCHR,SIDE-EVENT-SRVAW-GR35,2019-03,2019-03-31\n\
         OHCHR,SRVAW,2019-03,2019-03-31\n"
    );
}
