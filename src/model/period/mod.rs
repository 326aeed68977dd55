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
mod tests;
