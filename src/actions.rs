//! When an action is overdue or due soon: pure date rules, with "today" passed in.

use crate::model::ActionStatus;
use chrono::{Days, NaiveDate};

/// Due before `today` and neither done nor dropped. Due today is not overdue.
pub fn is_overdue(due: Option<NaiveDate>, status: ActionStatus, today: NaiveDate) -> bool {
    match due {
        Some(due) => !status.is_closed() && due < today,
        None => false,
    }
}

/// Open and due from `today` to `today + days` (both included); overdue ones are not.
pub fn due_within(
    due: Option<NaiveDate>,
    status: ActionStatus,
    today: NaiveDate,
    days: u32,
) -> bool {
    let Some(due) = due else { return false };
    let Some(last) = today.checked_add_days(Days::new(u64::from(days))) else {
        return false;
    };
    !status.is_closed() && due >= today && due <= last
}

/// Parses a stored `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn overdue_means_due_before_today_and_still_open() {
        let today = d(2026, 11, 24);
        assert!(is_overdue(
            Some(d(2026, 11, 23)),
            ActionStatus::OnTrack,
            today
        ));
        assert!(is_overdue(
            Some(d(2020, 1, 1)),
            ActionStatus::NotStarted,
            today
        ));
        assert!(is_overdue(
            Some(d(2026, 11, 23)),
            ActionStatus::AtRisk,
            today
        ));
        assert!(
            !is_overdue(Some(today), ActionStatus::OnTrack, today),
            "due today is not overdue"
        );
        assert!(!is_overdue(
            Some(d(2026, 11, 25)),
            ActionStatus::OnTrack,
            today
        ));
        assert!(
            !is_overdue(None, ActionStatus::OnTrack, today),
            "undated is never overdue"
        );
    }

    #[test]
    fn done_and_dropped_are_never_overdue() {
        let today = d(2026, 11, 24);
        for status in [ActionStatus::Done, ActionStatus::Dropped] {
            assert!(!is_overdue(Some(d(2020, 1, 1)), status, today), "{status}");
            assert!(!due_within(Some(today), status, today, 14), "{status}");
        }
    }

    #[test]
    fn due_within_includes_today_and_the_last_day() {
        let today = d(2026, 11, 24);
        assert!(due_within(Some(today), ActionStatus::OnTrack, today, 14));
        assert!(
            due_within(Some(d(2026, 12, 8)), ActionStatus::NotStarted, today, 14),
            "day 14"
        );
        assert!(
            !due_within(Some(d(2026, 12, 9)), ActionStatus::NotStarted, today, 14),
            "day 15"
        );
        assert!(
            !due_within(Some(d(2026, 11, 23)), ActionStatus::OnTrack, today, 14),
            "overdue"
        );
        assert!(!due_within(None, ActionStatus::OnTrack, today, 14));
    }

    #[test]
    fn dates_parse_only_when_real() {
        assert_eq!(parse_date("2026-02-28"), Some(d(2026, 2, 28)));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("tomorrow"), None);
    }
}
