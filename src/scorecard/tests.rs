//! Hand-checked cases for every scorecard rule and edge issue 3 lists (the properties that
//! hold for any series are in `props.rs`).

use super::figures::{figures, same, trend, Direction, Figures, Point, Rules, Status};
use super::rollup::{rollup, RollupScope};
use super::ForecastSource;
use crate::model::{Period, Polarity, Unit};

pub(super) fn rules(polarity: Polarity) -> Rules {
    Rules {
        polarity,
        unit: Unit::Number,
        baseline_period: None,
        tolerance_pct: 10.0,
        cutoff: None,
        expected: None,
    }
}

pub(super) fn year(y: i32) -> Period {
    Period::Year(y)
}

/// Yearly actuals from 2015 on; `None` leaves a year without an actual.
pub(super) fn actuals(values: &[Option<f64>]) -> Vec<Point> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| Point {
            actual: *v,
            ..Point::new(year(2015 + i as i32))
        })
        .collect()
}

pub(super) fn some(values: &[f64]) -> Vec<Point> {
    actuals(&values.iter().map(|v| Some(*v)).collect::<Vec<_>>())
}

/// Sets the target of `year`'s point (adding the point if needed).
fn with_target(mut points: Vec<Point>, y: i32, target: f64) -> Vec<Point> {
    match points.iter_mut().find(|p| p.period == year(y)) {
        Some(p) => p.target = Some(target),
        None => points.push(Point {
            target: Some(target),
            ..Point::new(year(y))
        }),
    }
    points
}

fn close_to(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9 * b.abs().max(1.0))
}

#[test]
fn the_issue_example_is_up_three() {
    // 10 → 12 up, → 11 down, → 13, 15, 18 up three times.
    assert_eq!(
        trend(&[10.0, 12.0, 11.0, 13.0, 15.0, 18.0]),
        (Direction::Up, 3)
    );
    let f = figures(
        &rules(Polarity::Higher),
        &some(&[10.0, 12.0, 11.0, 13.0, 15.0, 18.0]),
    );
    assert_eq!(
        (f.trend_direction, f.trend_count, f.trend_good),
        (Direction::Up, 3, Some(true))
    );
    let f = figures(
        &rules(Polarity::Lower),
        &some(&[10.0, 12.0, 11.0, 13.0, 15.0, 18.0]),
    );
    assert_eq!(f.trend_good, Some(false), "up is bad when lower is better");
}

#[test]
fn one_value() {
    let f = figures(
        &rules(Polarity::Higher),
        &with_target(some(&[40.0]), 2015, 50.0),
    );
    assert_eq!((f.actual, f.prior_actual), (Some(40.0), None));
    assert_eq!(
        (f.trend_direction, f.trend_count, f.trend_good),
        (Direction::None, 0, None)
    );
    assert_eq!(f.baseline, Some(40.0), "the first actual is the baseline");
    assert_eq!(f.baseline_change_pct, Some(0.0));
    // T = 50 equals nothing; progress (40-40)/(50-40) = 0.
    assert_eq!(f.progress_to_target_pct, Some(0.0));
    assert_eq!(f.variance_from_target_pct, Some(-20.0), "(40-50)/50");
    assert_eq!(
        f.status,
        Status::OffTrack,
        "shortfall 10 > 10% of |50-40| = 1"
    );
    assert_eq!(f.forecast_next, None, "fewer than two actuals: no forecast");
    assert!(f.why["forecast_next"].contains("fewer than two actuals"));
    assert_eq!(f.why["prior_actual"], "only one actual");
}

#[test]
fn two_equal_values_are_flat_and_neutral() {
    let f = figures(&rules(Polarity::Higher), &some(&[5.0, 5.0]));
    assert_eq!(
        (f.trend_direction, f.trend_count, f.trend_good),
        (Direction::Flat, 1, None)
    );
    assert_eq!(f.forecast_next, Some(5.0), "a flat line stays flat");
    assert_eq!(f.forecast_source, Some(ForecastSource::Fitted));
    assert_eq!(f.forecast_period.as_deref(), Some("2017"));
    assert_eq!(f.baseline_change_pct, Some(0.0));
}

#[test]
fn flat_means_equal_within_1e9_of_the_larger_magnitude() {
    assert!(same(1e9, 1e9 + 0.5), "0.5 is within 1e-9 × 1e9 = 1");
    assert!(!same(1.0, 1.0 + 1e-8));
    assert!(same(0.0, 0.0));
    assert_eq!(trend(&[1e9, 1e9 + 0.5]), (Direction::Flat, 1));
    assert_eq!(trend(&[1.0, 1.0 + 1e-8]), (Direction::Up, 1));
    assert_eq!(trend(&[3.0, 3.0, 3.0, 4.0]), (Direction::Up, 1));
    assert_eq!(trend(&[4.0, 3.0, 3.0, 3.0]), (Direction::Flat, 2));
}

#[test]
fn a_zero_baseline_has_no_baseline_change() {
    let f = figures(
        &rules(Polarity::Higher),
        &with_target(some(&[0.0, 4.0]), 2016, 8.0),
    );
    assert_eq!(f.baseline, Some(0.0));
    assert_eq!(f.baseline_change_pct, None, "division by |B| = 0");
    assert_eq!(f.why["baseline_change_pct"], "the baseline is 0");
    assert_eq!(f.progress_to_target_pct, Some(50.0), "(4-0)/(8-0)");
    // Shortfall 4 > 10% of |8-0| = 0.8.
    assert_eq!(f.status, Status::OffTrack);
}

#[test]
fn negative_values() {
    // A net change that goes from -5 to -2: up, and good when higher is better.
    let f = figures(
        &rules(Polarity::Higher),
        &with_target(some(&[-5.0, -2.0]), 2016, -1.0),
    );
    assert_eq!(
        (f.trend_direction, f.trend_good),
        (Direction::Up, Some(true))
    );
    assert_eq!(f.baseline_change_pct, Some(60.0), "(-2 - -5) / |-5| = 60%");
    assert_eq!(f.variance_from_target_pct, Some(-100.0), "(-2 - -1) / |-1|");
    assert_eq!(
        f.progress_to_target_pct,
        Some(75.0),
        "(-2 - -5) / (-1 - -5)"
    );
    // Shortfall 1 > 10% of 4 = 0.4.
    assert_eq!(f.status, Status::OffTrack);
    // The line -5, -2 goes on to 1: a series with negative actuals is not clamped at 0.
    assert!(close_to(f.forecast_next, 1.0), "{:?}", f.forecast_next);
    let f = figures(&rules(Polarity::Higher), &some(&[-2.0, -5.0]));
    assert!(close_to(f.forecast_next, -8.0), "{:?}", f.forecast_next);
}

#[test]
fn missing_periods_in_the_middle_are_skipped_but_advance_x() {
    // 2015: 10, 2016: none, 2017: 14, 2018: 16.
    let f = figures(
        &rules(Polarity::Higher),
        &actuals(&[Some(10.0), None, Some(14.0), Some(16.0)]),
    );
    assert_eq!(
        (f.prior_actual, f.prior_period.as_deref()),
        (Some(14.0), Some("2017"))
    );
    assert_eq!(
        (f.trend_direction, f.trend_count),
        (Direction::Up, 2),
        "10 → 14 → 16"
    );
    // The line through (2015,10), (2017,14), (2018,16) has slope 2 per year → 2019: 18.
    assert!(close_to(f.forecast_next, 18.0), "{:?}", f.forecast_next);
    assert_eq!(f.history.len(), 3, "the sparkline holds only actuals");
}

#[test]
fn a_target_equal_to_the_baseline() {
    let pts = with_target(some(&[50.0, 48.0]), 2016, 50.0);
    let f = figures(&rules(Polarity::Higher), &pts);
    assert_eq!(f.progress_to_target_pct, None);
    assert_eq!(
        f.why["progress_to_target_pct"],
        "the target equals the baseline"
    );
    assert_eq!(f.variance_from_target_pct, Some(-4.0));
    // The tolerance is 10% of |T - B| = 0: any shortfall is off track.
    assert_eq!(f.status, Status::OffTrack);
    let f = figures(
        &rules(Polarity::Higher),
        &with_target(some(&[50.0, 50.0]), 2016, 50.0),
    );
    assert_eq!(f.status, Status::Met, "at the target is met");
}

#[test]
fn status_met_close_off_track_no_target_and_no_data() {
    // B = 40, T = 50: tolerance 10% of 10 = 1.
    let status = |polarity, a: f64, b: f64, t: f64| {
        figures(&rules(polarity), &with_target(some(&[b, a]), 2016, t)).status
    };
    assert_eq!(status(Polarity::Higher, 50.0, 40.0, 50.0), Status::Met);
    assert_eq!(
        status(Polarity::Higher, 51.0, 40.0, 50.0),
        Status::Met,
        "beyond"
    );
    assert_eq!(
        status(Polarity::Higher, 49.0, 40.0, 50.0),
        Status::Close,
        "1 short"
    );
    assert_eq!(status(Polarity::Higher, 48.9, 40.0, 50.0), Status::OffTrack);
    // Lower is better: B = 30, T = 20, tolerance 1.
    assert_eq!(status(Polarity::Lower, 20.0, 30.0, 20.0), Status::Met);
    assert_eq!(
        status(Polarity::Lower, 15.0, 30.0, 20.0),
        Status::Met,
        "beyond"
    );
    assert_eq!(status(Polarity::Lower, 21.0, 30.0, 20.0), Status::Close);
    assert_eq!(status(Polarity::Lower, 21.5, 30.0, 20.0), Status::OffTrack);
    let f = figures(&rules(Polarity::Higher), &some(&[1.0, 2.0]));
    assert_eq!(f.status, Status::NoTarget);
    assert_eq!(f.why["target"], "no target set for 2016");
    let f = figures(&rules(Polarity::Higher), &actuals(&[None, None]));
    assert_eq!(f.status, Status::NoData);
    assert_eq!((f.actual, f.trend_direction), (None, Direction::None));
    assert_eq!(f.why["actual"], "no actual");
}

#[test]
fn the_tolerance_is_configurable() {
    let mut r = rules(Polarity::Higher);
    r.tolerance_pct = 25.0;
    // B = 40, T = 50, A = 47.5: shortfall 2.5 = 25% of 10.
    let f = figures(&r, &with_target(some(&[40.0, 47.5]), 2016, 50.0));
    assert_eq!(f.status, Status::Close);
    r.tolerance_pct = 0.0;
    assert_eq!(
        figures(&r, &with_target(some(&[40.0, 47.5]), 2016, 50.0)).status,
        Status::OffTrack
    );
}

#[test]
fn the_current_target_is_the_latest_actuals_and_the_next_is_the_first_later_one() {
    let mut pts = with_target(some(&[1.0, 2.0, 3.0]), 2016, 2.5);
    pts = with_target(pts, 2019, 5.0);
    pts = with_target(pts, 2020, 6.0);
    let f = figures(&rules(Polarity::Higher), &pts);
    assert_eq!(
        f.target, None,
        "2017 (A_t's period) has no target, although 2016 has"
    );
    assert_eq!(f.status, Status::NoTarget);
    assert_eq!(
        (f.next_target, f.next_target_period.as_deref()),
        (Some(5.0), Some("2019"))
    );
}

#[test]
fn a_chosen_baseline_period() {
    let mut r = rules(Polarity::Higher);
    r.baseline_period = Some(year(2016));
    let f = figures(&r, &some(&[60.0, 40.0, 50.0]));
    assert_eq!(
        (f.baseline, f.baseline_period.as_deref()),
        (Some(40.0), Some("2016"))
    );
    assert_eq!(f.baseline_change_pct, Some(25.0));
    r.baseline_period = Some(year(2010));
    let f = figures(&r, &some(&[60.0, 40.0, 50.0]));
    assert_eq!(f.baseline, None, "no silent fallback to the first actual");
    assert_eq!(f.why["baseline"], "the baseline period 2010 has no actual");
    assert_eq!(f.why["baseline_change_pct"], "no baseline");
}

#[test]
fn target_range_polarity() {
    let range = |pts: Vec<Point>, low: Option<f64>, high: Option<f64>| -> Vec<Point> {
        pts.into_iter()
            .map(|p| Point {
                target_low: low,
                target_high: high,
                ..p
            })
            .collect()
    };
    let r = rules(Polarity::Range);
    // Inside 3-5: met, variance 0; baseline 4 inside, so no progress.
    let f = figures(&r, &range(some(&[4.0, 5.6, 4.5]), Some(3.0), Some(5.0)));
    assert_eq!(
        (f.status, f.variance_from_target_pct),
        (Status::Met, Some(0.0))
    );
    assert_eq!(
        (f.target, f.target_low, f.target_high),
        (None, Some(3.0), Some(5.0))
    );
    assert_eq!(f.progress_to_target_pct, None);
    assert_eq!(
        f.why["progress_to_target_pct"],
        "the baseline is already inside the target range"
    );
    assert_eq!(f.trend_good, Some(true), "5.6 → 4.5: distance 0.6 → 0");
    // Above the range: B = 8 (distance 3), A = 5.2 (distance 0.2 ≤ 10% of 3 = 0.3).
    let f = figures(&r, &range(some(&[8.0, 5.2]), Some(3.0), Some(5.0)));
    assert_eq!(f.status, Status::Close);
    assert!(close_to(f.variance_from_target_pct, 4.0), "(5.2-5)/5");
    assert!(
        close_to(f.progress_to_target_pct, 93.33333333333333),
        "(5.2-8)/(5-8)"
    );
    assert_eq!(f.trend_good, Some(true));
    // Overshooting below: 4.0 (inside) → 2.0 (distance 1): worse.
    let f = figures(&r, &range(some(&[4.0, 2.0]), Some(3.0), Some(5.0)));
    assert_eq!((f.status, f.trend_good), (Status::OffTrack, Some(false)));
    assert!(
        close_to(f.variance_from_target_pct, -100.0 / 3.0),
        "(2-3)/3"
    );
    // Both inside: good; equally far on either side: neutral.
    let f = figures(&r, &range(some(&[3.5, 4.5]), Some(3.0), Some(5.0)));
    assert_eq!(f.trend_good, Some(true));
    let f = figures(&r, &range(some(&[2.0, 6.0]), Some(3.0), Some(5.0)));
    assert_eq!(f.trend_good, None);
    // A one-sided range: at least 3.
    let f = figures(&r, &range(some(&[1.0, 9.0]), Some(3.0), None));
    assert_eq!((f.status, f.target_high), (Status::Met, None));
    // A single target on a range measure is a range of one point.
    let f = figures(&r, &with_target(some(&[1.0, 3.0]), 2016, 3.0));
    assert_eq!((f.status, f.target), (Status::Met, Some(3.0)));
    // No range for A_t's period: no target, and no judgement on the trend.
    let f = figures(&r, &some(&[1.0, 3.0]));
    assert_eq!((f.status, f.trend_good), (Status::NoTarget, None));
}

#[test]
fn percentages_near_0_and_100_are_clamped_in_the_forecast() {
    let mut r = rules(Polarity::Higher);
    r.unit = Unit::Percent;
    let f = figures(&r, &some(&[97.0, 99.5]));
    assert_eq!(f.forecast_next, Some(100.0), "102 clamps to 100");
    let f = figures(&r, &some(&[4.0, 1.0]));
    assert_eq!(f.forecast_next, Some(0.0), "-2 clamps to 0");
    let f = figures(&r, &some(&[0.0, 0.0]));
    assert_eq!(f.forecast_next, Some(0.0));
    r.unit = Unit::Number;
    let f = figures(&r, &some(&[4.0, 1.0]));
    assert_eq!(f.forecast_next, Some(0.0), "a count stays >= 0");
}

#[test]
fn a_manual_forecast_overrides_the_line() {
    let mut pts = some(&[10.0, 12.0]);
    pts.push(Point {
        forecast: Some(11.0),
        ..Point::new(year(2017))
    });
    let f = figures(&rules(Polarity::Higher), &pts);
    assert_eq!(
        (f.forecast_next, f.forecast_source),
        (Some(11.0), Some(ForecastSource::Manual))
    );
    // A manual value for another period leaves the line in charge (2017 would be 14).
    let mut pts = some(&[10.0, 12.0]);
    pts.push(Point {
        forecast: Some(99.0),
        ..Point::new(year(2018))
    });
    let f = figures(&rules(Polarity::Higher), &pts);
    assert!(close_to(f.forecast_next, 14.0));
    assert_eq!(f.forecast_source, Some(ForecastSource::Fitted));
    // With one actual, a manual value still counts.
    let mut pts = some(&[10.0]);
    pts.push(Point {
        forecast: Some(12.0),
        ..Point::new(year(2016))
    });
    assert_eq!(
        figures(&rules(Polarity::Higher), &pts).forecast_next,
        Some(12.0)
    );
}

#[test]
fn the_as_of_cut_off_ignores_later_actuals_but_keeps_targets() {
    let mut r = rules(Polarity::Higher);
    r.cutoff = Some("2016-12-31".parse().unwrap());
    let pts = with_target(some(&[10.0, 12.0, 20.0, 30.0]), 2018, 25.0);
    let f = figures(&r, &pts);
    assert_eq!((f.actual, f.period.as_deref()), (Some(12.0), Some("2016")));
    assert_eq!(
        (f.next_target, f.next_target_period.as_deref()),
        (Some(25.0), Some("2018"))
    );
    assert!(
        close_to(f.forecast_next, 14.0),
        "the line through 10, 12 only"
    );
    // A period that started before the cut-off counts.
    r.cutoff = Some("2017-06-30".parse().unwrap());
    assert_eq!(figures(&r, &pts).actual, Some(20.0));
}

#[test]
fn current_data_means_an_actual_for_the_latest_expected_period_or_later() {
    let mut r = rules(Polarity::Higher);
    r.expected = Some(year(2016));
    let f = figures(&r, &some(&[1.0, 2.0]));
    assert!(f.current_data);
    assert_eq!(f.latest_expected_period.as_deref(), Some("2016"));
    r.expected = Some(year(2017));
    assert!(!figures(&r, &some(&[1.0, 2.0])).current_data);
    assert!(!figures(&r, &actuals(&[None])).current_data);
}

#[test]
fn non_finite_inputs_are_missing_and_huge_results_are_null() {
    let f = figures(
        &rules(Polarity::Higher),
        &actuals(&[Some(f64::NAN), Some(2.0)]),
    );
    assert_eq!((f.actual, f.prior_actual), (Some(2.0), None));
    let f = figures(&rules(Polarity::Higher), &some(&[1e-320, f64::MAX]));
    assert_eq!(f.baseline_change_pct, None);
    assert_eq!(f.why["baseline_change_pct"], "too large to show");
}

#[test]
fn rollups_say_what_they_count() {
    let higher = rules(Polarity::Higher);
    let up = figures(&higher, &some(&[1.0, 2.0]));
    let flat = figures(&higher, &some(&[2.0, 2.0]));
    let down = figures(&higher, &some(&[3.0, 2.0]));
    let single = figures(&higher, &some(&[3.0]));
    let mut current = figures(&higher, &some(&[1.0, 2.0]));
    current.current_data = true;
    // Only `up` and `single` have a worksheet saved since their latest value.
    let entries: Vec<(Polarity, &Figures, bool)> = [&up, &flat, &down, &single, &current]
        .into_iter()
        .map(|f| {
            (
                Polarity::Higher,
                f,
                std::ptr::eq(f, &up) || std::ptr::eq(f, &single),
            )
        })
        .collect();
    let r = rollup(
        RollupScope::Result,
        "r1",
        "Readiness",
        "indicators",
        &entries,
    );
    assert_eq!(r.measures, 5);
    // Trending: up, flat and current (up) of the four with two actuals.
    let t = &r.trending_well;
    assert_eq!((t.numerator, t.denominator), (Some(3), Some(4)));
    assert_eq!(t.pct, Some(75.0));
    assert_eq!(
        t.label,
        "3 of 4 indicators with at least two actuals are trending the right way or unchanged"
    );
    // Better than baseline or unchanged: up, flat, single (A = B), current.
    let b = &r.better_than_baseline;
    assert_eq!((b.numerator, b.denominator), (Some(4), Some(5)));
    let c = &r.current_data;
    assert_eq!((c.numerator, c.denominator), (Some(1), Some(5)));
    // Stories: of the five with data, `up` and `single`.
    let s = &r.story_updated;
    assert_eq!((s.numerator, s.denominator), (Some(2), Some(5)));
    assert_eq!(
        s.label,
        "2 of 5 indicators with data are covered by a story updated since their latest value"
    );
    let empty = rollup(RollupScope::Program, "p1", "Tutoring", "measures", &[]);
    assert_eq!(empty.trending_well.pct, None);
    assert_eq!(empty.story_updated.pct, None);
    assert_eq!(
        empty.story_updated.why.as_deref(),
        Some("no measures with data")
    );
    assert_eq!(
        empty.trending_well.why.as_deref(),
        Some("no measures with at least two actuals")
    );
}

#[test]
fn labels_are_the_periods_own_in_any_order() {
    use super::figures::Labels;
    let mut labels = Labels::default();
    let quarter = |y, q| Period::Quarter {
        year: y,
        quarter: q,
    };
    let span = Period::Span {
        first: 2015,
        last: 2019,
    };
    for p in [
        year(2020),
        year(2015),
        quarter(2024, 3),
        year(1900),
        year(2200),
        span,
        quarter(2020, 1),
        year(2015),
    ] {
        assert_eq!(labels.of(p), p.label());
    }
}
