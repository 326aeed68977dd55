//! Periods and calendars: the labels a measure's values are reported under.
//!
//! This module owns the eight calendars a measure can use ([`Calendar`]), the periods on
//! them ([`Period`]), reading the labels people type and importers find
//! ([`Period::parse`]), canonical labels, first and last days, sort order, and stepping
//! along a calendar (the x axis of a forecast). It knows nothing of measures, values or
//! storage, and never asks for today's date: callers pass dates in.
//!
//! Rules chosen:
//! - Periods sort by first day, then last day, then label (then calendar and start month,
//!   so the order is total and agrees with `==`). A school year 2023-24 starting in
//!   August therefore sorts *after* FY2024 starting in July, although "2023-24" < "FY2024"
//!   as text.
//! - School years start in August by default. Fiscal years start in July by default (the
//!   fiscal year of 46 of the 50 US states and of many counties) and are labelled by the
//!   year in which they end: FY2024 runs from July 2023 to June 2024; with start month 1
//!   it is the calendar year. Both start months are configurable ([`CalendarSpec`]).
//! - Halves, quarters and months follow the calendar year. Weeks are ISO 8601 weeks
//!   (Monday to Sunday, week 1 holds the year's first Thursday), so 2025W01 starts on
//!   30 December 2024.
//! - A bare year such as `2024` is refused on every calendar but year: it does not say
//!   which month, quarter or school year is meant.
//! - A date inside a period is accepted on every calendar except multi-year spans. Dates
//!   are `YYYY-MM-DD`, `YYYY/MM/DD` or US-style `MM/DD/YYYY`, never day first.
//! - Two-digit fiscal years (`FY24`): 00-69 mean 2000-2069, 70-99 mean 1970-1999.
//! - Labels and dates are accepted for years [`MIN_YEAR`] to [`MAX_YEAR`].

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, Days, NaiveDate, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};

/// The earliest year a label or date may name.
pub const MIN_YEAR: i32 = 1900;
/// The latest year a label or date may name.
pub const MAX_YEAR: i32 = 2200;

/// Per calendar, in declaration order: stored name, name shown to people, example label.
const NAMES: [(&str, &str, &str); 8] = [
    ("year", "Year", "2024"),
    ("school_year", "School year", "2023-24"),
    ("fiscal_year", "Fiscal year", "FY2024"),
    ("half", "Half-year", "2024H1"),
    ("quarter", "Quarter", "2024Q1"),
    ("month", "Month", "2024-03"),
    ("week", "Week", "2024W05"),
    ("span", "Multi-year span", "2015-2019"),
];

/// The kind of period a measure is reported by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    Year,
    SchoolYear,
    FiscalYear,
    Half,
    Quarter,
    Month,
    Week,
    Span,
}

impl Calendar {
    /// Every calendar, in the order a picker should list them.
    pub const ALL: [Calendar; 8] = [
        Calendar::Year,
        Calendar::SchoolYear,
        Calendar::FiscalYear,
        Calendar::Half,
        Calendar::Quarter,
        Calendar::Month,
        Calendar::Week,
        Calendar::Span,
    ];

    /// The stored name, the same as the serde name: `year`, `school_year`, ...
    pub fn as_str(&self) -> &'static str {
        NAMES[*self as usize].0
    }

    /// Reads a stored name ([`Calendar::as_str`]) or a human label, ignoring case.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_lowercase();
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s || c.label().to_lowercase() == s)
    }

    /// The month (1-12) a year of this calendar starts in unless configured: August for
    /// school years, July for fiscal years (46 of the 50 US states, many counties), else 1.
    pub fn default_start_month(&self) -> u8 {
        match self {
            Calendar::SchoolYear => 8,
            Calendar::FiscalYear => 7,
            _ => 1,
        }
    }

    /// Whether the start month is configurable (school and fiscal years only).
    pub fn has_start_month(&self) -> bool {
        matches!(self, Calendar::SchoolYear | Calendar::FiscalYear)
    }

    /// The name shown to people: "Year", "School year", ...
    pub fn label(&self) -> &'static str {
        NAMES[*self as usize].1
    }

    /// A canonical label of this calendar, for placeholders and error messages.
    pub fn example(&self) -> &'static str {
        NAMES[*self as usize].2
    }

    /// The name inside a sentence ("is not a school year").
    fn noun(&self) -> String {
        self.label().to_lowercase()
    }
}

/// A calendar with its start month. `start_month` (1-12) matters for school and fiscal
/// years only; [`CalendarSpec::new`] sets it to 1 for the other calendars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CalendarSpec {
    pub calendar: Calendar,
    pub start_month: u8,
}

impl CalendarSpec {
    /// `None` takes the calendar's default start month; a month outside 1-12 is an error,
    /// even on calendars that ignore it (it is then replaced by 1).
    pub fn new(calendar: Calendar, start_month: Option<u8>) -> Result<Self, PeriodError> {
        let month = start_month.unwrap_or(calendar.default_start_month());
        if !(1..=12).contains(&month) {
            return Err(PeriodError::BadStartMonth(month));
        }
        let start_month = if calendar.has_start_month() { month } else { 1 };
        Ok(Self {
            calendar,
            start_month,
        })
    }
}

impl From<Calendar> for CalendarSpec {
    /// The calendar with its default start month.
    fn from(calendar: Calendar) -> Self {
        Self {
            calendar,
            start_month: calendar.default_start_month(),
        }
    }
}

/// Why a period label, date or start month was refused. Messages are for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The text has the shape of a label of the expected calendar but names no such period.
    #[error("\"{text}\" is not a {}: {reason}", .expected.noun())]
    Invalid {
        text: String,
        expected: Calendar,
        reason: String,
    },
    /// The text has the shape of a date but names no day.
    #[error("\"{text}\" is not a date: {reason}")]
    NotADate { text: String, reason: String },
    /// The text is a label of another calendar (`found`).
    #[error(
        "\"{text}\" is not a {} (expected a label like {example}); it looks like a {}",
        .expected.noun(), .found.noun()
    )]
    WrongCalendar {
        text: String,
        expected: Calendar,
        example: String,
        found: Calendar,
    },
    /// The text is no label of any calendar.
    #[error("\"{text}\" is not a {} (expected a label like {example})", .expected.noun())]
    Unrecognised {
        text: String,
        expected: Calendar,
        example: String,
    },
    /// A start month outside 1-12.
    #[error("{0} is not a month: a start month is a number from 1 (January) to 12 (December)")]
    BadStartMonth(u8),
}

impl PeriodError {
    /// `WrongCalendar` if `found` names the calendar `text` belongs to, else `Unrecognised`.
    fn unrecognised(text: &str, expected: Calendar, found: Option<Calendar>) -> Self {
        let (text, example) = (text.to_string(), expected.example().to_string());
        match found {
            Some(found) => Self::WrongCalendar {
                text,
                expected,
                example,
                found,
            },
            None => Self::Unrecognised {
                text,
                expected,
                example,
            },
        }
    }
}

/// One period on one calendar. Fields hold labels' numbers: months, quarters, halves and
/// ISO weeks count from 1. Build periods with [`Period::parse`] or
/// [`Period::containing`]; a hand-built period with an impossible field (month 13) never
/// panics but is clamped to the nearest real one by [`Period::start`] and [`Period::end`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    /// Labelled `2023-24`; starts on the first of `start_month` in `start_year`.
    SchoolYear {
        start_year: i32,
        start_month: u8,
    },
    /// Labelled `FY2024` by the year in which it ends; with start month 1, the calendar year.
    FiscalYear {
        end_year: i32,
        start_month: u8,
    },
    Half {
        year: i32,
        half: u8,
    },
    Quarter {
        year: i32,
        quarter: u8,
    },
    Month {
        year: i32,
        month: u8,
    },
    /// An ISO 8601 week: `year` is the ISO week-numbering year.
    Week {
        year: i32,
        week: u8,
    },
    /// Whole years `first` to `last` inclusive, `first < last` (pooled estimates).
    Span {
        first: i32,
        last: i32,
    },
}

impl Period {
    /// Reads a label of `spec`'s calendar (canonical or a common variant, see the module
    /// docs and tests) or a date inside the period. Surrounding whitespace is ignored.
    pub fn parse(spec: CalendarSpec, text: &str) -> Result<Period, PeriodError> {
        let text = text.trim();
        let expected = spec.calendar;
        let invalid = |reason: String| PeriodError::Invalid {
            text: text.to_string(),
            expected,
            reason,
        };
        if text.is_empty() {
            return Err(invalid("the text is empty".into()));
        }
        if let Some(date) = parse_date(text) {
            let date = date.map_err(|reason| PeriodError::NotADate {
                text: text.to_string(),
                reason,
            })?;
            return Period::containing(spec, date).ok_or_else(|| {
                invalid(
                    "a date cannot pick out a multi-year span; write its years, like 2015-2019"
                        .into(),
                )
            });
        }
        let Some(tokens) = tokenize(text) else {
            return Err(PeriodError::unrecognised(text, expected, None));
        };
        match parse_label(spec, &tokens) {
            Ok(Some(period)) => Ok(period),
            Err(reason) => Err(invalid(reason)),
            Ok(None) => {
                let found = Calendar::ALL.into_iter().find(|c| {
                    *c != expected && matches!(parse_label((*c).into(), &tokens), Ok(Some(_)))
                });
                Err(PeriodError::unrecognised(text, expected, found))
            }
        }
    }

    /// The period of `spec`'s calendar that contains `date`; `None` for multi-year spans,
    /// which a date does not determine.
    pub fn containing(spec: CalendarSpec, date: NaiveDate) -> Option<Period> {
        let (year, month) = (date.year(), date.month() as u8);
        let start_month = spec.start_month.clamp(1, 12);
        Some(match spec.calendar {
            Calendar::Year => Period::Year(year),
            Calendar::SchoolYear => Period::SchoolYear {
                start_year: if month >= start_month { year } else { year - 1 },
                start_month,
            },
            Calendar::FiscalYear => Period::FiscalYear {
                end_year: if start_month == 1 || month < start_month {
                    year
                } else {
                    year + 1
                },
                start_month,
            },
            Calendar::Half => Period::Half {
                year,
                half: if month <= 6 { 1 } else { 2 },
            },
            Calendar::Quarter => Period::Quarter {
                year,
                quarter: (month - 1) / 3 + 1,
            },
            Calendar::Month => Period::Month { year, month },
            Calendar::Week => {
                let iso = date.iso_week();
                Period::Week {
                    year: iso.year(),
                    week: iso.week() as u8,
                }
            }
            Calendar::Span => return None,
        })
    }

    /// The calendar this period belongs to.
    pub fn calendar(&self) -> Calendar {
        match self {
            Period::Year(_) => Calendar::Year,
            Period::SchoolYear { .. } => Calendar::SchoolYear,
            Period::FiscalYear { .. } => Calendar::FiscalYear,
            Period::Half { .. } => Calendar::Half,
            Period::Quarter { .. } => Calendar::Quarter,
            Period::Month { .. } => Calendar::Month,
            Period::Week { .. } => Calendar::Week,
            Period::Span { .. } => Calendar::Span,
        }
    }

    /// The calendar and start month this period belongs to (start month 1 for calendars
    /// without one), so `Period::parse(p.spec(), &p.label()) == Ok(p)`.
    pub fn spec(&self) -> CalendarSpec {
        let start_month = match *self {
            Period::SchoolYear { start_month, .. } | Period::FiscalYear { start_month, .. } => {
                start_month
            }
            _ => 1,
        };
        CalendarSpec {
            calendar: self.calendar(),
            start_month,
        }
    }

    /// The canonical label: `2024`, `2023-24`, `FY2024`, `2024H1`, `2024Q1`, `2024-03`,
    /// `2024W05`, `2015-2019`. `Display` writes the same text.
    pub fn label(&self) -> String {
        self.to_string()
    }

    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        match *self {
            Period::Week { year, week } => week_monday(year, week),
            _ => month_start(self.months().0),
        }
    }

    /// The last day of the period (inclusive).
    pub fn end(&self) -> NaiveDate {
        match *self {
            Period::Week { year, week } => week_monday(year, week)
                .checked_add_days(Days::new(6))
                .unwrap_or(NaiveDate::MAX),
            _ => {
                let (first, count) = self.months();
                month_start(first + count)
                    .pred_opt()
                    .unwrap_or(NaiveDate::MIN)
            }
        }
    }

    /// Whether `d` falls on or between the period's first and last days.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start() <= d && d <= self.end()
    }

    /// The position on its calendar (a forecast's x axis): consecutive periods differ by
    /// exactly 1. Years: the year (school years their first, fiscal years their last);
    /// halves `year*2 + half-1`; quarters `year*4 + quarter-1`; months `year*12 + month-1`;
    /// weeks: ISO weeks since Monday 1 January 0001; spans `first / length` (rounded down),
    /// so only spans of one length are comparable.
    pub fn index(&self) -> i64 {
        match *self {
            Period::Year(year)
            | Period::SchoolYear {
                start_year: year, ..
            }
            | Period::FiscalYear { end_year: year, .. } => i64::from(year),
            Period::Half { year, half } => i64::from(year) * 2 + i64::from(half) - 1,
            Period::Quarter { year, quarter } => i64::from(year) * 4 + i64::from(quarter) - 1,
            Period::Month { year, month } => i64::from(year) * 12 + i64::from(month) - 1,
            Period::Week { year, week } => {
                (i64::from(week_monday(year, week).num_days_from_ce()) - 1).div_euclid(7)
            }
            Period::Span { first, last } => i64::from(first).div_euclid(span_years(first, last)),
        }
    }

    /// The period `n` steps later on the same calendar (earlier when `n` is negative).
    /// Spans keep their length: 2015-2019 steps to 2020-2024.
    pub fn step(&self, n: i64) -> Period {
        let i = self.index().saturating_add(n);
        match *self {
            Period::Year(_) => Period::Year(saturate(i)),
            Period::SchoolYear { start_month, .. } => Period::SchoolYear {
                start_year: saturate(i),
                start_month,
            },
            Period::FiscalYear { start_month, .. } => Period::FiscalYear {
                end_year: saturate(i),
                start_month,
            },
            Period::Half { .. } => Period::Half {
                year: saturate(i.div_euclid(2)),
                half: i.rem_euclid(2) as u8 + 1,
            },
            Period::Quarter { .. } => Period::Quarter {
                year: saturate(i.div_euclid(4)),
                quarter: i.rem_euclid(4) as u8 + 1,
            },
            Period::Month { .. } => Period::Month {
                year: saturate(i.div_euclid(12)),
                month: i.rem_euclid(12) as u8 + 1,
            },
            Period::Week { .. } => week_at(i),
            Period::Span { first, last } => {
                let shift = n.saturating_mul(span_years(first, last));
                Period::Span {
                    first: saturate(i64::from(first).saturating_add(shift)),
                    last: saturate(i64::from(last).saturating_add(shift)),
                }
            }
        }
    }

    /// The period after this one.
    pub fn next(&self) -> Period {
        self.step(1)
    }

    /// The period before this one.
    pub fn prev(&self) -> Period {
        self.step(-1)
    }

    /// For every calendar but weeks: the index of the first month (`year*12 + month-1`)
    /// and the number of months covered. Impossible fields are clamped.
    fn months(&self) -> (i64, i64) {
        let start_month = i64::from(self.spec().start_month.clamp(1, 12)) - 1;
        let part = |n: u8, max: u8| i64::from(n.clamp(1, max)) - 1;
        let twelve = |year: i32| i64::from(year) * 12;
        match *self {
            Period::Year(y) | Period::Week { year: y, .. } => (twelve(y), 12),
            Period::SchoolYear { start_year: y, .. } => (twelve(y) + start_month, 12),
            Period::FiscalYear { end_year: y, .. } if start_month == 0 => (twelve(y), 12),
            Period::FiscalYear { end_year: y, .. } => (twelve(y) - 12 + start_month, 12),
            Period::Half { year, half } => (twelve(year) + part(half, 2) * 6, 6),
            Period::Quarter { year, quarter } => (twelve(year) + part(quarter, 4) * 3, 3),
            Period::Month { year, month } => (twelve(year) + part(month, 12), 1),
            Period::Span { first, last } => (twelve(first), span_years(first, last) * 12),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year(year) => write!(f, "{year}"),
            Period::SchoolYear { start_year, .. } => {
                write!(
                    f,
                    "{start_year}-{:02}",
                    (i64::from(start_year) + 1).rem_euclid(100)
                )
            }
            Period::FiscalYear { end_year, .. } => write!(f, "FY{end_year}"),
            Period::Half { year, half } => write!(f, "{year}H{half}"),
            Period::Quarter { year, quarter } => write!(f, "{year}Q{quarter}"),
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Week { year, week } => write!(f, "{year}W{week:02}"),
            Period::Span { first, last } => write!(f, "{first}-{last}"),
        }
    }
}

impl Ord for Period {
    /// By first day, then last day, then label; then calendar and start month, which with
    /// the label determine the period, so the order agrees with `==`.
    fn cmp(&self, other: &Self) -> Ordering {
        self.start()
            .cmp(&other.start())
            .then_with(|| self.end().cmp(&other.end()))
            .then_with(|| self.label().cmp(&other.label()))
            .then_with(|| (self.calendar() as u8).cmp(&(other.calendar() as u8)))
            .then_with(|| self.spec().start_month.cmp(&other.spec().start_month))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn saturate(v: i64) -> i32 {
    i32::try_from(v).unwrap_or(if v < 0 { i32::MIN } else { i32::MAX })
}

/// chrono's first day for negative `sign`, its last otherwise.
fn limit(sign: i64) -> NaiveDate {
    if sign < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    }
}

/// The number of years in a span, at least 1.
fn span_years(first: i32, last: i32) -> i64 {
    (i64::from(last) - i64::from(first) + 1).max(1)
}

/// The first day of a month given as `year*12 + month-1`, saturating at chrono's limits.
fn month_start(month_index: i64) -> NaiveDate {
    let month = month_index.rem_euclid(12) as u32 + 1;
    i32::try_from(month_index.div_euclid(12))
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, 1))
        .unwrap_or(limit(month_index))
}

/// The Monday of ISO week `week` of `year` (counted on from week 1 if `week` is too big).
fn week_monday(year: i32, week: u8) -> NaiveDate {
    let Some(first) = NaiveDate::from_isoywd_opt(year, 1, Weekday::Mon) else {
        return limit(year.into());
    };
    first
        .checked_add_signed(TimeDelta::weeks(i64::from(week) - 1))
        .unwrap_or(NaiveDate::MAX)
}

/// The ISO week with the given [`Period::index`].
fn week_at(index: i64) -> Period {
    let day = index.saturating_mul(7).saturating_add(1);
    let monday = i32::try_from(day)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(limit(day));
    let iso = monday.iso_week();
    Period::Week {
        year: iso.year(),
        week: iso.week() as u8,
    }
}

fn weeks_in(year: i32) -> u8 {
    if NaiveDate::from_isoywd_opt(year, 53, Weekday::Mon).is_some() {
        53
    } else {
        52
    }
}

/// `None` if `text` is not shaped like a date (three numbers joined by `-` or `/`);
/// otherwise the date, or why there is no such day.
fn parse_date(text: &str) -> Option<Result<NaiveDate, String>> {
    let parts: Vec<&str> = text.split(['-', '/']).collect();
    let numeric = |p: &&str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !parts.iter().all(numeric) {
        return None;
    }
    let nums: Vec<(u32, usize)> = parts
        .iter()
        .filter_map(|p| Some((p.parse().ok()?, p.len())))
        .collect();
    let [(a, la), (b, lb), (c, lc)] = nums[..] else {
        return None;
    };
    let (year, month, day, us) = match (la, lb, lc) {
        (4, 1..=2, 1..=2) => (a, b, c, false),
        (1..=2, 1..=2, 4) => (c, a, b, true),
        _ => return Some(Err("write dates as YYYY-MM-DD or MM/DD/YYYY".into())),
    };
    Some(check_date(year as i32, month, day, us))
}

fn check_date(year: i32, month: u32, day: u32, us: bool) -> Result<NaiveDate, String> {
    check_year(year)?;
    if !(1..=12).contains(&month) {
        let hint = if us {
            " (dates are read as month/day/year)"
        } else {
            ""
        };
        return Err(format!("there is no month {month}{hint}"));
    }
    let index = i64::from(year) * 12 + i64::from(month) - 1;
    let days = (month_start(index + 1) - month_start(index)).num_days();
    if day == 0 {
        return Err("there is no day 0".into());
    }
    if i64::from(day) > days {
        let name = chrono::Month::try_from(month as u8).map_or("That month", |m| m.name());
        return Err(format!("{name} {year} has {days} days"));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| "there is no such day".to_string())
}

fn check_year(year: i32) -> Result<i32, String> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(format!("years must be between {MIN_YEAR} and {MAX_YEAR}"))
    }
}

/// A run of digits or of letters (lower-cased) in a label.
#[derive(Debug)]
enum Tok {
    Num(String),
    Word(String),
}

/// Splits a label into digit and letter runs, dropping separators (spaces, dashes, `/`,
/// `.`, `,`, `_`, the word "to"); `None` if any other character appears.
fn tokenize(text: &str) -> Option<Vec<Tok>> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() || c.is_alphabetic() {
            let digit = c.is_ascii_digit();
            let mut run = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_ascii_digit() != digit || !(c.is_ascii_digit() || c.is_alphabetic()) {
                    break;
                }
                run.extend(c.to_lowercase());
                chars.next();
            }
            if run != "to" {
                tokens.push(if digit { Tok::Num(run) } else { Tok::Word(run) });
            }
        } else if c.is_whitespace() || "-–—/.,_".contains(c) {
            chars.next();
        } else {
            return None;
        }
    }
    Some(tokens)
}

/// A four-digit year, checked against the accepted range.
fn year4(digits: &str) -> Result<i32, String> {
    check_year(
        digits
            .parse()
            .map_err(|_| format!("{digits} is not a year"))?,
    )
}

/// A number of at most `max_len` digits.
fn number(digits: &str, max_len: usize) -> Option<u32> {
    (digits.len() <= max_len)
        .then(|| digits.parse().ok())
        .flatten()
}

/// The second year of a school-year-like pair ("2010-11", "2010-2011"), if consecutive.
fn consecutive(first: i32, second: &str) -> Result<i32, String> {
    let next = first + 1;
    let ok = match second.len() {
        2 => number(second, 2) == u32::try_from(next.rem_euclid(100)).ok(),
        _ => second.parse() == Ok(next),
    };
    if ok {
        Ok(next)
    } else {
        Err(format!(
            "it should cover two consecutive years, like {first}-{:02}",
            next % 100
        ))
    }
}

/// A year and a numbered part: `2024Q1`, `2024-Q1`, `Q1 2024`, `2024 quarter 1`.
fn numbered(tokens: &[Tok], words: &[&str]) -> Result<Option<(i32, u32)>, String> {
    use Tok::{Num, Word};
    match tokens {
        [Num(y), Word(w), Num(n)] | [Word(w), Num(n), Num(y)]
            if y.len() == 4 && words.contains(&w.as_str()) =>
        {
            let Some(n) = number(n, 2) else {
                return Ok(None);
            };
            Ok(Some((year4(y)?, n)))
        }
        _ => Ok(None),
    }
}

/// Reads a label (not a date) of `spec`'s calendar: `Ok(None)` if the text is not shaped
/// like one, `Err(reason)` if it is shaped like one but names no such period.
fn parse_label(spec: CalendarSpec, tokens: &[Tok]) -> Result<Option<Period>, String> {
    use Tok::{Num, Word};
    let start_month = spec.start_month.clamp(1, 12);
    let four = |s: &String| s.len() == 4;
    Ok(Some(match spec.calendar {
        Calendar::Year => match tokens {
            [Num(y)] if four(y) => Period::Year(year4(y)?),
            _ => return Ok(None),
        },
        Calendar::SchoolYear => match tokens {
            [Num(a), Num(b)] | [Word(_), Num(a), Num(b)]
                if four(a)
                    && matches!(b.len(), 2 | 4)
                    && !matches!(tokens, [Word(w), ..] if w != "sy") =>
            {
                let start_year = year4(a)?;
                consecutive(start_year, b)?;
                Period::SchoolYear {
                    start_year,
                    start_month,
                }
            }
            _ => return Ok(None),
        },
        Calendar::FiscalYear => {
            let end_year = match tokens {
                [Word(fy), Num(y)] if fy == "fy" && four(y) => year4(y)?,
                [Word(fy), Num(y)] if fy == "fy" && y.len() == 2 => {
                    let yy = number(y, 2).map_or(0, |n| n as i32);
                    if yy < 70 {
                        2000 + yy
                    } else {
                        1900 + yy
                    }
                }
                [Word(fy), Num(a), Num(b)] if fy == "fy" && four(a) && matches!(b.len(), 2 | 4) => {
                    consecutive(year4(a)?, b)?
                }
                _ => return Ok(None),
            };
            Period::FiscalYear {
                end_year,
                start_month,
            }
        }
        Calendar::Half | Calendar::Quarter | Calendar::Week => {
            let (words, plural, max): (&[&str], _, _) = match spec.calendar {
                Calendar::Half => (&["h", "half"], "halves", 2),
                Calendar::Quarter => (&["q", "quarter"], "quarters", 4),
                _ => (&["w", "wk", "week"], "weeks", 53),
            };
            let Some((year, n)) = numbered(tokens, words)? else {
                return Ok(None);
            };
            let noun = spec.calendar.noun();
            if n == 0 || n > max {
                return Err(format!(
                    "there is no {noun} {n} ({plural} are numbered 1 to {max})"
                ));
            }
            let n = n as u8;
            match spec.calendar {
                Calendar::Half => Period::Half { year, half: n },
                Calendar::Quarter => Period::Quarter { year, quarter: n },
                _ if n > weeks_in(year) => {
                    return Err(format!("{year} has {} ISO weeks", weeks_in(year)));
                }
                _ => Period::Week { year, week: n },
            }
        }
        Calendar::Month => {
            let (year, month) = match tokens {
                [Num(y), Num(m)] | [Num(m), Num(y)] if four(y) && m.len() <= 2 => {
                    (year4(y)?, number(m, 2).unwrap_or(0))
                }
                [Word(w), Num(y)] | [Num(y), Word(w)] if four(y) && w.len() >= 3 => {
                    let name = if w == "sept" { "sep" } else { w };
                    let Ok(m) = name.parse::<chrono::Month>() else {
                        return Ok(None);
                    };
                    (year4(y)?, m.number_from_month())
                }
                _ => return Ok(None),
            };
            if !(1..=12).contains(&month) {
                return Err(format!(
                    "there is no month {month} (months are numbered 1 to 12)"
                ));
            }
            Period::Month {
                year,
                month: month as u8,
            }
        }
        Calendar::Span => match tokens {
            [Num(a), Num(b)] if four(a) && four(b) => {
                let (first, last) = (year4(a)?, year4(b)?);
                if first >= last {
                    return Err("the first year must come before the last, like 2015-2019".into());
                }
                Period::Span { first, last }
            }
            _ => return Ok(None),
        },
    }))
}

#[cfg(test)]
mod tests {
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
        let message = r#""2024Q1" is not a school year (expected a label like 2023-24); it looks like a quarter"#;
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
        let message =
            r#""2024" is not a month (expected a label like 2024-03); it looks like a year"#;
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
}
