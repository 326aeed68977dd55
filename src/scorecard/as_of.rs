//! "As of": the cut-off a scorecard is computed at, and the latest period each measure is
//! expected to have data for.
//!
//! Rules chosen (DOMAIN.md is silent):
//! - **Reading an `--as-of` label** when measures have different calendars: a date
//!   (`2024-06-30`, `2024/06/30`, `06/30/2024`) is that day; otherwise the label is read on
//!   the first calendar that accepts it, in the order year, school year, fiscal year, half,
//!   quarter, month, week, multi-year span (so `2023-24` and `2024-2025` are school years,
//!   `2015-2019` a span). School and fiscal years take the start month most of the
//!   initiative's measures on that calendar use (else the default: August, July).
//! - **The cut-off** is the last day of that period (or the date itself): for every measure,
//!   an actual of a period that *starts* after the cut-off is ignored, so a period that
//!   overlaps the as-of period counts. As of `2023-24` (August start): the year 2024
//!   (starting 1 January 2024) counts, the quarter 2024Q3 (starting 1 July) counts, 2024Q4
//!   does not. Without `--as-of` nothing is cut.
//! - **The reference day** is the day after the cut-off with `--as-of`, else today (the
//!   store's clock).
//! - **The latest expected period** of a measure is the latest period of its calendar that
//!   ended before the reference day: the period before the one containing it, i.e. one
//!   period of reporting lag. On 1 March 2025 a quarterly measure is expected to have
//!   2024Q4, a yearly one 2024, an August school-year one 2023-24. As of a period, a measure
//!   on that period's calendar is expected to have that period. Multi-year spans step along
//!   the measure's own spans.

use crate::error::{Error, Result};
use crate::model::{Calendar, CalendarSpec, Period};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

/// What a scorecard was computed as of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AsOf {
    /// The label asked for (its canonical form), or `None` for "now".
    pub label: Option<String>,
    /// The calendar the label was read on (`None` for a date or for "now").
    pub calendar: Option<Calendar>,
    /// The last day whose periods count (`YYYY-MM-DD`); `None`: nothing is cut.
    pub cutoff: Option<String>,
    /// The day the latest expected periods are counted back from (`YYYY-MM-DD`).
    pub reference_date: String,
}

/// A parsed as-of: the period (`None` for a date) and the cut-off day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoff {
    pub period: Option<Period>,
    pub last_day: NaiveDate,
}

/// The order in which a label is tried on the calendars.
pub const ORDER: [Calendar; 8] = [
    Calendar::Year,
    Calendar::SchoolYear,
    Calendar::FiscalYear,
    Calendar::Half,
    Calendar::Quarter,
    Calendar::Month,
    Calendar::Week,
    Calendar::Span,
];

/// Reads an `--as-of` text (see the module docs). `start_month` gives the start month to
/// use for school and fiscal years.
pub fn parse(text: &str, start_month: impl Fn(Calendar) -> u8) -> Result<Cutoff> {
    let text = text.trim();
    if let Some(day) = date(text) {
        return Ok(Cutoff {
            period: None,
            last_day: day,
        });
    }
    for calendar in ORDER {
        let spec = CalendarSpec::new(calendar, Some(start_month(calendar)))
            .unwrap_or_else(|_| CalendarSpec::from(calendar));
        if let Ok(period) = Period::parse(spec, text) {
            return Ok(Cutoff {
                period: Some(period),
                last_day: period.end(),
            });
        }
    }
    Err(Error::invalid(
        "as_of",
        format!(
            "\"{text}\" is not a period or a date: write a label such as 2024, 2023-24, \
             FY2024, 2024H1, 2024Q1, 2024-03, 2024W05 or 2015-2019, or a date such as 2024-06-30"
        ),
    ))
}

/// A date written `YYYY-MM-DD`, `YYYY/MM/DD` or `MM/DD/YYYY`.
fn date(text: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
}

impl AsOf {
    /// The record of a computation as of `cutoff` (or now, on `today`).
    pub fn new(cutoff: Option<&Cutoff>, today: NaiveDate) -> AsOf {
        match cutoff {
            None => AsOf {
                label: None,
                calendar: None,
                cutoff: None,
                reference_date: today.to_string(),
            },
            Some(c) => AsOf {
                label: Some(
                    c.period
                        .map(|p| p.label())
                        .unwrap_or_else(|| c.last_day.to_string()),
                ),
                calendar: c.period.map(|p| p.calendar()),
                cutoff: Some(c.last_day.to_string()),
                reference_date: reference_day(Some(c.last_day), today).to_string(),
            },
        }
    }
}

/// The day latest expected periods count back from: the day after the cut-off, else today.
pub fn reference_day(cutoff: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    cutoff
        .map(|d| d.checked_add_days(Days::new(1)).unwrap_or(d))
        .unwrap_or(today)
}

/// The latest period of `spec`'s calendar that ended before `reference`. Spans need one of
/// the measure's own periods (`sample`) to step from; `None` without one.
pub fn latest_expected(
    spec: CalendarSpec,
    reference: NaiveDate,
    sample: Option<Period>,
) -> Option<Period> {
    if spec.calendar != Calendar::Span {
        return Period::containing(spec, reference).map(|p| p.prev());
    }
    let mut p = sample?;
    // At most a few hundred steps: labels stay within the years 1900-2200.
    for _ in 0..1000 {
        if p.end() >= reference {
            p = p.prev();
        } else if p.next().end() < reference {
            p = p.next();
        } else {
            return Some(p);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn defaults(c: Calendar) -> u8 {
        c.default_start_month()
    }

    fn cut(text: &str) -> (Option<String>, String) {
        let c = parse(text, defaults).unwrap();
        (c.period.map(|p| p.label()), c.last_day.to_string())
    }

    #[test]
    fn labels_are_read_on_the_first_calendar_that_accepts_them() {
        assert_eq!(cut("2024"), (Some("2024".into()), "2024-12-31".into()));
        // School years run August to July by default.
        assert_eq!(
            cut("2023-24"),
            (Some("2023-24".into()), "2024-07-31".into())
        );
        assert_eq!(
            cut("2023-2024"),
            (Some("2023-24".into()), "2024-07-31".into())
        );
        // Fiscal years run July to June by default, labelled by the year they end.
        assert_eq!(cut("FY2024"), (Some("FY2024".into()), "2024-06-30".into()));
        assert_eq!(cut("2024H1"), (Some("2024H1".into()), "2024-06-30".into()));
        assert_eq!(cut("Q3 2024"), (Some("2024Q3".into()), "2024-09-30".into()));
        assert_eq!(
            cut("2024-02"),
            (Some("2024-02".into()), "2024-02-29".into())
        );
        assert_eq!(
            cut("2024W05"),
            (Some("2024W05".into()), "2024-02-04".into())
        );
        assert_eq!(
            cut("2015-2019"),
            (Some("2015-2019".into()), "2019-12-31".into())
        );
    }

    #[test]
    fn dates_are_the_day_itself() {
        assert_eq!(cut("2024-06-15"), (None, "2024-06-15".into()));
        assert_eq!(cut("06/15/2024"), (None, "2024-06-15".into()));
        assert_eq!(cut("2024/06/15"), (None, "2024-06-15".into()));
    }

    #[test]
    fn school_years_take_the_initiatives_start_month() {
        let september = |c: Calendar| if c == Calendar::SchoolYear { 9 } else { 1 };
        let c = parse("2023-24", september).unwrap();
        assert_eq!(c.last_day, day("2024-08-31"));
    }

    #[test]
    fn anything_else_is_refused_with_examples() {
        let err = parse("last week", defaults).unwrap_err();
        assert!(err.to_string().contains("2023-24"), "{err}");
        assert!(parse("2024-13", defaults).is_err());
    }

    #[test]
    fn the_expected_period_lags_one_period_behind_the_reference_day() {
        let today = day("2025-03-01");
        let expected = |c: Calendar| {
            latest_expected(c.into(), today, None)
                .map(|p| p.label())
                .unwrap_or_default()
        };
        assert_eq!(expected(Calendar::Quarter), "2024Q4");
        assert_eq!(expected(Calendar::Year), "2024");
        assert_eq!(expected(Calendar::SchoolYear), "2023-24");
        assert_eq!(expected(Calendar::FiscalYear), "FY2024");
        assert_eq!(expected(Calendar::Month), "2025-02");
        assert_eq!(expected(Calendar::Span), "", "a span needs a sample");
        let span = Period::Span {
            first: 2005,
            last: 2009,
        };
        let got = latest_expected(Calendar::Span.into(), today, Some(span));
        assert_eq!(got.map(|p| p.label()), Some("2020-2024".into()));
        let got = latest_expected(Calendar::Span.into(), day("2010-01-01"), Some(span));
        assert_eq!(got.map(|p| p.label()), Some("2005-2009".into()));
    }

    #[test]
    fn as_of_a_period_expects_that_period_on_its_own_calendar() {
        let c = parse("2023-24", defaults).unwrap();
        let reference = reference_day(Some(c.last_day), day("2030-01-01"));
        assert_eq!(reference, day("2024-08-01"));
        let got = latest_expected(Calendar::SchoolYear.into(), reference, None);
        assert_eq!(got.map(|p| p.label()), Some("2023-24".into()));
        let got = latest_expected(Calendar::Quarter.into(), reference, None);
        assert_eq!(got.map(|p| p.label()), Some("2024Q2".into()));
        let record = AsOf::new(Some(&c), day("2030-01-01"));
        assert_eq!(record.cutoff.as_deref(), Some("2024-07-31"));
        assert_eq!(record.reference_date, "2024-08-01");
        assert_eq!(record.calendar, Some(Calendar::SchoolYear));
    }
}
