//! Tests of periods and calendars: labels, variants, impossible dates, ordering, stepping,
//! and properties (round trip, order by start date, adjacency).
use super::*;
use proptest::prelude::*;
use Calendar::*;

fn parse(calendar: Calendar, text: &str) -> Result<Period, PeriodError> {
    Period::parse(calendar.into(), text)
}

/// The canonical label of `text` read on `calendar`, or the error message.
fn read(calendar: Calendar, text: &str) -> String {
    parse(calendar, text).map_or_else(|e| e.to_string(), |p| p.label())
}

fn date(text: &str) -> NaiveDate {
    text.parse().expect("test dates are real")
}

const SY: Period = Period::SchoolYear {
    start_year: 2023,
    start_month: 8,
};
const FY: Period = Period::FiscalYear {
    end_year: 2024,
    start_month: 7,
};

#[test]
fn calendar_names_round_trip_and_match_serde() {
    for c in Calendar::ALL {
        assert_eq!(Calendar::parse(c.as_str()), Some(c));
        assert_eq!(Calendar::parse(c.label()), Some(c));
        let json = serde_json::to_string(&c).expect("serialises");
        assert_eq!(
            json,
            format!("\"{}\"", c.as_str()),
            "stored name is the serde name"
        );
        assert_eq!(
            read(c, c.example()),
            c.example(),
            "examples are canonical labels"
        );
    }
    assert_eq!(Calendar::parse(" School_Year "), Some(SchoolYear));
    assert_eq!(Calendar::parse("decade"), None);
    let starts = Calendar::ALL.map(|c| c.default_start_month());
    assert_eq!(starts, [1, 8, 7, 1, 1, 1, 1, 1]);
}

#[test]
fn calendar_spec_defaults_and_bounds() {
    let month_of = |c, m| CalendarSpec::new(c, m).map(|s| s.start_month);
    assert_eq!(month_of(SchoolYear, None), Ok(8));
    assert_eq!(month_of(FiscalYear, Some(10)), Ok(10));
    assert_eq!(
        month_of(Month, Some(5)),
        Ok(1),
        "calendars without a start month ignore it"
    );
    assert_eq!(
        month_of(FiscalYear, Some(13)),
        Err(PeriodError::BadStartMonth(13))
    );
    assert_eq!(month_of(Year, Some(0)), Err(PeriodError::BadStartMonth(0)));
    let message = PeriodError::BadStartMonth(13).to_string();
    assert!(
        message.contains("1 (January) to 12 (December)"),
        "{message}"
    );
}

#[test]
fn canonical_labels_fields_and_bounds() {
    let check = |spec: CalendarSpec, label: &str, fields: &str, start: &str, end: &str| {
        let p = Period::parse(spec, label).expect("canonical labels parse");
        assert_eq!((p.label(), p.to_string()), (label.into(), label.into()));
        assert_eq!(format!("{p:?}"), fields);
        assert_eq!((p.start(), p.end()), (date(start), date(end)), "{label}");
        assert!(p.contains(p.start()) && p.contains(p.end()));
        assert!(!p.contains(p.end() + Days::new(1)) && !p.contains(p.start() - Days::new(1)));
    };
    let (year, school, fiscal) = (Year.into(), SchoolYear.into(), FiscalYear.into());
    let starting = |c, m| CalendarSpec::new(c, Some(m)).expect("valid");
    check(year, "2024", "Year(2024)", "2024-01-01", "2024-12-31");
    let sy = "SchoolYear { start_year: 2023, start_month: 8 }";
    check(school, "2023-24", sy, "2023-08-01", "2024-07-31");
    let sy = "SchoolYear { start_year: 1999, start_month: 9 }";
    check(
        starting(SchoolYear, 9),
        "1999-00",
        sy,
        "1999-09-01",
        "2000-08-31",
    );
    let fy = "FiscalYear { end_year: 2024, start_month: 7 }";
    check(fiscal, "FY2024", fy, "2023-07-01", "2024-06-30");
    let fy = "FiscalYear { end_year: 2024, start_month: 1 }";
    check(
        starting(FiscalYear, 1),
        "FY2024",
        fy,
        "2024-01-01",
        "2024-12-31",
    );
    let half = "Half { year: 2024, half: 2 }";
    check(Half.into(), "2024H2", half, "2024-07-01", "2024-12-31");
    let quarter = "Quarter { year: 2024, quarter: 1 }";
    check(
        Quarter.into(),
        "2024Q1",
        quarter,
        "2024-01-01",
        "2024-03-31",
    );
    let month = "Month { year: 2024, month: 2 }";
    check(Month.into(), "2024-02", month, "2024-02-01", "2024-02-29");
    let week = "Week { year: 2024, week: 5 }";
    check(Week.into(), "2024W05", week, "2024-01-29", "2024-02-04");
    let week = "Week { year: 2025, week: 1 }";
    check(Week.into(), "2025W01", week, "2024-12-30", "2025-01-05");
    let span = "Span { first: 2015, last: 2019 }";
    check(Span.into(), "2015-2019", span, "2015-01-01", "2019-12-31");
}

#[test]
fn variants_are_accepted() {
    let accepts = |calendar, label: &str, variants: &str| {
        for text in variants.split('|') {
            assert_eq!(read(calendar, text), label, "{text:?} on {calendar:?}");
        }
    };
    accepts(Year, "2024", "2024| 2024 |2024-06-30|06/30/2024");
    accepts(
        SchoolYear,
        "2010-11",
        "2010-11|2010-2011|2010/11|2010–11|SY 2010-11|2011-03-15",
    );
    accepts(SchoolYear, "1999-00", "1999-00|1999-2000");
    accepts(
        FiscalYear,
        "FY2024",
        "FY 2024|FY24|fy2024|FY2023-24|2024-06-30|07/01/2023",
    );
    accepts(FiscalYear, "FY1999", "FY99|fy 1999");
    accepts(
        Half,
        "2024H1",
        "2024H1|2024-H1|H1 2024|2024 h1|half 1 2024|2024-06-30",
    );
    accepts(
        Quarter,
        "2024Q1",
        "Q1 2024|2024-Q1|2024 Q1|2024q1|quarter 1 2024|2024/03/31",
    );
    accepts(
        Month,
        "2024-03",
        "03/2024|2024-3|3/2024|March 2024|Mar 2024|mar. 2024|2024 March",
    );
    accepts(
        Month,
        "2024-03",
        "2024-03-15|03/15/2024|3/5/2024|2024/03/15|03-15-2024",
    );
    accepts(Month, "2024-09", "Sept 2024|september 2024|SEP 2024");
    accepts(
        Week,
        "2024W05",
        "2024-W05|2024W5|W05 2024|week 5 2024|2024-02-04|2024-01-29",
    );
    accepts(Week, "2025W01", "12/30/2024|2025-w1");
    accepts(Week, "2020W53", "2020W53|2021-01-03");
    accepts(
        Span,
        "2015-2019",
        "2015–2019|2015 - 2019|2015 to 2019|2015/2019|2015—2019",
    );
}

#[test]
fn the_start_month_comes_from_the_spec() {
    let october = CalendarSpec::new(FiscalYear, Some(10)).expect("valid");
    let fy2024 = Period::FiscalYear {
        end_year: 2024,
        start_month: 10,
    };
    assert_eq!(Period::parse(october, "FY2024"), Ok(fy2024));
    assert_eq!(Period::parse(october, "2024-09-30"), Ok(fy2024));
    assert_eq!(Period::parse(october, "2024-10-01"), Ok(fy2024.next()));
    assert_eq!(fy2024.start(), date("2023-10-01"));
    let september = CalendarSpec::new(SchoolYear, Some(9)).expect("valid");
    let label = Period::parse(september, "2024-08-31").map(|p| p.label());
    assert_eq!(label, Ok("2023-24".into()));
}

#[test]
fn impossible_dates_say_why() {
    let refused = [
        (
            "2023-02-30",
            r#""2023-02-30" is not a date: February 2023 has 28 days"#,
        ),
        (
            "2024-04-31",
            r#""2024-04-31" is not a date: April 2024 has 30 days"#,
        ),
        (
            "2024-04-00",
            r#""2024-04-00" is not a date: there is no day 0"#,
        ),
        (
            "13/01/2024",
            r#""13/01/2024" is not a date: there is no month 13 (dates are read as month/day/year)"#,
        ),
        (
            "2024-13-01",
            r#""2024-13-01" is not a date: there is no month 13"#,
        ),
        (
            "15/03/24",
            r#""15/03/24" is not a date: write dates as YYYY-MM-DD or MM/DD/YYYY"#,
        ),
    ];
    for (text, message) in refused {
        assert_eq!(read(Month, text), message);
    }
    assert_eq!(read(Month, "2024-02-29"), "2024-02", "2024 is a leap year");
}

#[test]
fn impossible_labels_say_why() {
    let consecutive = "it should cover two consecutive years, like";
    let backwards = "the first year must come before the last, like 2015-2019";
    let refused = [
        (
            Week,
            "2024W54",
            "there is no week 54 (weeks are numbered 1 to 53)".into(),
        ),
        (Week, "2024W53", "2024 has 52 ISO weeks".into()),
        (
            Week,
            "2024W00",
            "there is no week 0 (weeks are numbered 1 to 53)".into(),
        ),
        (
            Quarter,
            "2024Q5",
            "there is no quarter 5 (quarters are numbered 1 to 4)".into(),
        ),
        (
            Half,
            "H3 2024",
            "there is no half-year 3 (halves are numbered 1 to 2)".into(),
        ),
        (
            Month,
            "2024-13",
            "there is no month 13 (months are numbered 1 to 12)".into(),
        ),
        (SchoolYear, "2010-12", format!("{consecutive} 2010-11")),
        (SchoolYear, "2015-2019", format!("{consecutive} 2015-16")),
        (Span, "2019-2015", backwards.into()),
        (Span, "2015-2015", backwards.into()),
        (Year, " ", "the text is empty".into()),
    ];
    for (calendar, text, reason) in refused {
        let noun = calendar.noun();
        assert_eq!(
            read(calendar, text),
            format!("\"{}\" is not a {noun}: {reason}", text.trim())
        );
    }
    let message = read(Span, "2024-03-15");
    assert!(
        message.contains("a date cannot pick out a multi-year span"),
        "{message}"
    );
}

#[test]
fn labels_of_other_calendars_say_what_was_expected() {
    let message =
        r#""2024Q1" is not a school year (expected a label like 2023-24); it looks like a quarter"#;
    assert_eq!(read(SchoolYear, "2024Q1"), message);
    let error = PeriodError::WrongCalendar {
        text: "2024Q1".into(),
        expected: SchoolYear,
        example: "2023-24".into(),
        found: Quarter,
    };
    assert_eq!(parse(SchoolYear, "2024Q1"), Err(error));
    // A bare year is ambiguous on every other calendar.
    for calendar in Calendar::ALL.into_iter().filter(|c| *c != Year) {
        let found = parse(calendar, "2024");
        assert!(matches!(
            found,
            Err(PeriodError::WrongCalendar { found: Year, .. })
        ));
    }
    let message = r#""2024" is not a month (expected a label like 2024-03); it looks like a year"#;
    assert_eq!(read(Month, "2024"), message);
    let found = parse(Span, "2015-16");
    assert!(matches!(
        found,
        Err(PeriodError::WrongCalendar {
            found: SchoolYear,
            ..
        })
    ));
    let message = r#""banana" is not a quarter (expected a label like 2024Q1)"#;
    assert_eq!(read(Quarter, "banana"), message);
    assert_eq!(
        read(Year, "2024?"),
        r#""2024?" is not a year (expected a label like 2024)"#
    );
    assert!(matches!(
        parse(Year, "12024"),
        Err(PeriodError::Unrecognised { .. })
    ));
}

#[test]
fn years_outside_the_range_are_refused() {
    for (calendar, text) in [
        (Year, "1899"),
        (Month, "2201-01"),
        (Span, "1890-1899"),
        (Year, "1899-12-31"),
    ] {
        let message = read(calendar, text);
        assert!(
            message.ends_with("years must be between 1900 and 2200"),
            "{message}"
        );
    }
}

#[test]
fn periods_sort_by_start_date() {
    // FY2024 starts in July 2023, the 2023-24 school year in August 2023, although
    // "2023-24" < "FY2024" as text.
    assert!(FY < SY);
    let span = parse(Span, "2015-2019").expect("valid");
    let quarter = parse(Quarter, "2023Q1").expect("valid");
    let mut mixed = [SY, span, Period::Year(2023), FY, quarter];
    mixed.sort();
    let labels = mixed.map(|p| p.label());
    // Same first day: the shorter period first.
    assert_eq!(labels, ["2015-2019", "2023Q1", "2023", "FY2024", "2023-24"]);
    // Same days, different labels: still distinct and ordered.
    let (end_year, start_month) = (2023, 1);
    let calendar_fy = Period::FiscalYear {
        end_year,
        start_month,
    };
    assert_eq!(
        (calendar_fy.start(), calendar_fy.end()),
        (date("2023-01-01"), date("2023-12-31"))
    );
    assert!(Period::Year(2023) < calendar_fy, "\"2023\" < \"FY2023\"");
}

#[test]
fn stepping_crosses_year_boundaries() {
    let steps = [
        (Quarter, "2024Q4", 1, "2025Q1"),
        (Quarter, "2024Q1", -1, "2023Q4"),
        (Half, "2024H2", 1, "2025H1"),
        (Month, "2024-12", 1, "2025-01"),
        (Month, "2024-01", -13, "2022-12"),
        (Week, "2024W52", 1, "2025W01"),
        (Week, "2020W52", 1, "2020W53"),
        (Week, "2020W53", 1, "2021W01"),
        (Week, "2021W01", -1, "2020W53"),
        (SchoolYear, "2023-24", 1, "2024-25"),
        (SchoolYear, "1999-00", 1, "2000-01"),
        (FiscalYear, "FY2024", -2, "FY2022"),
        (Year, "2024", -1, "2023"),
        (Span, "2015-2019", 1, "2020-2024"),
        (Span, "2015-2019", -1, "2010-2014"),
    ];
    for (calendar, from, n, to) in steps {
        assert_eq!(
            parse(calendar, from).map(|p| p.step(n).label()),
            Ok(to.into()),
            "{from} {n:+}"
        );
    }
    assert_eq!(
        FY.next().spec(),
        FY.spec(),
        "stepping keeps the start month"
    );
    let (year, month) = (2024, 3);
    assert_eq!(Period::Month { year, month }.index(), 2024 * 12 + 2);
}

#[test]
fn containing_finds_the_period_of_a_date() {
    let day = date("2024-07-01");
    let labels = Calendar::ALL.map(|c| Period::containing(c.into(), day).map(|p| p.label()));
    let want = [
        "2024", "2023-24", "FY2025", "2024H2", "2024Q3", "2024-07", "2024W27",
    ];
    assert_eq!(labels[..7], want.map(|s| Some(s.to_string())));
    assert_eq!(labels[7], None, "a date does not determine a span");
    let school = Period::containing(SchoolYear.into(), date("2024-08-01"));
    assert_eq!(school.map(|p| p.label()), Some("2024-25".into()));
    let week = Period::containing(Week.into(), date("2027-01-01"));
    assert_eq!(week.map(|p| p.label()), Some("2026W53".into()));
}

#[test]
fn impossible_hand_built_periods_do_not_panic() {
    let (year, month, week) = (2024, 13, 60);
    let odd = [
        Period::Month { year, month },
        Period::Week { year, week },
        Period::Year(i32::MAX),
        Period::Span { first: 5, last: 1 },
    ];
    for p in odd {
        let _ = (p.start(), p.end(), p.index(), p.label());
        let _ = (p.step(i64::MAX), p.step(i64::MIN));
    }
    let start_year = 2023;
    let a = Period::SchoolYear {
        start_year,
        start_month: 13,
    };
    let b = Period::SchoolYear {
        start_year,
        start_month: 12,
    };
    assert_eq!(
        (a.start(), a.end(), a.label()),
        (b.start(), b.end(), b.label())
    );
    assert_ne!(a.cmp(&b), Ordering::Equal, "the order agrees with ==");
}

fn any_spec() -> impl Strategy<Value = CalendarSpec> {
    (proptest::sample::select(Calendar::ALL.to_vec()), 1u8..=12)
        .prop_map(|(c, m)| CalendarSpec::new(c, Some(m)).expect("1..=12 is valid"))
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..109_000).prop_map(|days| date("1901-01-01") + Days::new(days))
}

/// A period of `spec`: the one containing `day`, or for spans one starting in its year.
fn period_of(spec: CalendarSpec, day: NaiveDate, span_years: i32) -> Period {
    let first = day.year().min(MAX_YEAR - span_years);
    let span = Period::Span {
        first,
        last: first + span_years,
    };
    Period::containing(spec, day).unwrap_or(span)
}

fn any_period() -> impl Strategy<Value = Period> {
    (any_spec(), any_date(), 1i32..10).prop_map(|(s, d, n)| period_of(s, d, n))
}

proptest! {
    #[test]
    fn labels_round_trip(p in any_period()) {
        prop_assert_eq!(Period::parse(p.spec(), &p.label()), Ok(p));
    }

    #[test]
    fn dates_parse_to_the_containing_period(s in any_spec(), d in any_date()) {
        let want = Period::containing(s, d);
        prop_assume!(want.is_some());
        prop_assert_eq!(Period::parse(s, &d.to_string()).ok(), want);
        let us = format!("{:02}/{:02}/{}", d.month(), d.day(), d.year());
        prop_assert_eq!(Period::parse(s, &us).ok(), want);
        prop_assert!(want.is_some_and(|p| p.contains(d)));
    }

    #[test]
    fn order_follows_start_dates(s in any_spec(), d1 in any_date(), d2 in any_date(), n in 1i32..10) {
        let (a, b) = (period_of(s, d1, n), period_of(s, d2, n));
        prop_assert_eq!(a < b, a.start() < b.start());
        prop_assert_eq!(a.cmp(&b), a.start().cmp(&b.start()));
    }

    #[test]
    fn stepping_is_reversible(p in any_period(), n in -1000i64..1000) {
        prop_assert_eq!(p.step(n).step(-n), p);
        prop_assert_eq!(p.step(n).index(), p.index() + n);
    }

    #[test]
    fn next_is_adjacent(p in any_period()) {
        prop_assert_eq!(p.next().index(), p.index() + 1);
        prop_assert_eq!(p.prev().index(), p.index() - 1);
        prop_assert_eq!(p.next().start(), p.end() + Days::new(1));
        prop_assert_eq!(p.next().prev(), p);
        prop_assert_eq!(p.next().spec(), p.spec());
    }
}
