//! Which period labels a crowded x axis shows.
//!
//! Rules chosen: when every label fits, all are shown. Otherwise, on a known calendar, the
//! labels follow the calendar: within a year, every 2nd, 3rd, 4th or 6th month (quarter,
//! half, week: every 2nd quarter, every 4th, 13th or 26th week), counted from the year's
//! first; across years, the first period of every 1st, 2nd, 5th, 10th, 20th, 25th, 50th
//! ... year (years divisible by the step, so 2000, 2005, 2010). Without a calendar, every
//! k-th label from the first. Either way no label is drawn where it would overlap the one
//! before it.

use crate::model::{CalendarSpec, Period};

/// (year, position within the year, periods per year). Year-long and longer periods are
/// one per "year" of their own index.
fn place(p: &Period) -> (i64, u32, u32) {
    match *p {
        Period::Half { year, half } => (i64::from(year), u32::from(half) - 1, 2),
        Period::Quarter { year, quarter } => (i64::from(year), u32::from(quarter) - 1, 4),
        Period::Month { year, month } => (i64::from(year), u32::from(month) - 1, 12),
        Period::Week { year, week } => (i64::from(year), u32::from(week) - 1, 52),
        _ => (p.index(), 0, 1),
    }
}

/// The nice step at or above `k` from `steps`, else a multiple of the last.
fn at_least(k: usize, steps: &[usize]) -> usize {
    steps.iter().copied().find(|s| *s >= k).unwrap_or_else(|| {
        let last = steps.last().copied().unwrap_or(1);
        k.div_ceil(last) * last
    })
}

/// Which of `periods` get a label, when a label needs `every` periods of room.
pub(crate) fn shown(periods: &[String], calendar: Option<CalendarSpec>, every: usize) -> Vec<bool> {
    let n = periods.len();
    if every <= 1 {
        return vec![true; n];
    }
    let parsed: Option<Vec<Period>> = calendar.and_then(|spec| {
        periods
            .iter()
            .map(|label| Period::parse(spec, label).ok())
            .collect()
    });
    const YEARS: [usize; 10] = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500];
    let mut show: Vec<bool> = match parsed {
        None => {
            let k = at_least(every, &[1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 50]);
            (0..n).map(|i| i.is_multiple_of(k)).collect()
        }
        Some(parsed) => {
            let places: Vec<(i64, u32, u32)> = parsed.iter().map(place).collect();
            let per_year = places.first().map_or(1, |p| p.2) as usize;
            let within: &[usize] = match per_year {
                2 => &[1, 2],
                4 => &[1, 2, 4],
                12 => &[1, 2, 3, 4, 6, 12],
                52 => &[1, 2, 4, 13, 26, 52],
                _ => &[1],
            };
            match within
                .iter()
                .copied()
                .find(|k| *k >= every && *k < per_year)
            {
                // Every k-th period of each year, from its first (a 53rd week is skipped).
                Some(k) => places
                    .iter()
                    .map(|&(_, pos, _)| {
                        (pos as usize).is_multiple_of(k) && pos as usize + k <= per_year
                    })
                    .collect(),
                None => {
                    let years = at_least(every.div_ceil(per_year), &YEARS) as i64;
                    places
                        .iter()
                        .map(|&(year, pos, _)| pos == 0 && year.rem_euclid(years) == 0)
                        .collect()
                }
            }
        }
    };
    if !show.iter().any(|s| *s) {
        if let Some(first) = show.first_mut() {
            *first = true;
        }
    }
    show
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Calendar;

    fn labels(calendar: Calendar, every: usize, all: &[String]) -> Vec<String> {
        let show = shown(all, Some(calendar.into()), every);
        all.iter()
            .zip(show)
            .filter(|(_, s)| *s)
            .map(|(l, _)| l.clone())
            .collect()
    }

    #[test]
    fn crowded_months_and_weeks_follow_the_calendar() {
        let months: Vec<String> = (0..36)
            .map(|i| format!("{}-{:02}", 2022 + i / 12, i % 12 + 1))
            .collect();
        assert_eq!(
            labels(Calendar::Month, 3, &months)[..4],
            ["2022-01", "2022-04", "2022-07", "2022-10"]
        );
        assert_eq!(
            labels(Calendar::Month, 7, &months),
            ["2022-01", "2023-01", "2024-01"]
        );
        let weeks: Vec<String> = (1..=53).map(|w| format!("2020W{w:02}")).collect();
        assert_eq!(
            labels(Calendar::Week, 10, &weeks),
            ["2020W01", "2020W14", "2020W27", "2020W40"]
        );
        let years: Vec<String> = (1998..=2024).map(|y| y.to_string()).collect();
        assert_eq!(
            labels(Calendar::Year, 4, &years),
            ["2000", "2005", "2010", "2015", "2020"]
        );
    }

    #[test]
    fn without_a_calendar_every_kth_label_shows_and_one_always_does() {
        let any: Vec<String> = (0..10).map(|i| format!("P{i}")).collect();
        let show = shown(&any, None, 3);
        assert_eq!(show.iter().filter(|s| **s).count(), 4, "0, 3, 6, 9");
        let years: Vec<String> = vec!["2021".into(), "2022".into()];
        assert_eq!(
            shown(&years, Some(Calendar::Year.into()), 50),
            vec![true, false]
        );
    }
}
