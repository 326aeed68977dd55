//! The equity rules, on hand-made series (DOMAIN.md "Equity lens" and the module docs).

use super::figures::{at, gap_series, rollup, summary_row};
use super::{Cell, DimensionData, GapTrend, GroupData};
use crate::model::{Calendar, Period, Polarity, Unit};
use crate::scorecard::{Direction, RollupScope};

fn year(y: i32) -> Period {
    Period::parse(Calendar::Year.into(), &y.to_string()).unwrap()
}

/// A dimension with `groups` (name, values per year from 2020; `None` missing, NaN
/// suppressed).
fn data(unit: Unit, polarity: Polarity, groups: &[(&str, &[Option<f64>])]) -> DimensionData {
    let n = groups.iter().map(|g| g.1.len()).max().unwrap_or(0);
    DimensionData {
        measure_id: "m".into(),
        measure: "Dropout rate".into(),
        unit,
        rate_per: None,
        polarity,
        dimension_id: "d".into(),
        dimension: "Race/ethnicity".into(),
        periods: (0..n).map(|k| year(2020 + k as i32)).collect(),
        baseline_period: None,
        groups: groups
            .iter()
            .map(|(name, values)| GroupData {
                id: format!("g-{name}"),
                name: name.to_string(),
                is_reference: false,
                cells: values
                    .iter()
                    .map(|v| match v {
                        Some(x) if x.is_nan() => Cell {
                            value: None,
                            suppressed: true,
                            margin_of_error: None,
                        },
                        v => Cell {
                            value: *v,
                            suppressed: false,
                            margin_of_error: v.map(|_| 0.5),
                        },
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}

#[test]
fn lower_is_better_reference_is_the_lowest_rate() {
    let d = data(
        Unit::Percent,
        Polarity::Lower,
        &[
            ("Asian", &[Some(1.0), Some(1.0)]),
            ("Black", &[Some(4.0), Some(3.0)]),
            ("Hispanic", &[Some(5.0), Some(6.0)]),
        ],
    );
    let f = at(&d, None);
    assert_eq!(f.period.as_deref(), Some("2021"));
    assert_eq!(f.reference_group.as_deref(), Some("Asian"));
    assert!(!f.reference_chosen);
    let black = &f.groups[1];
    assert!(close(black.rate_difference, 2.0));
    assert!(close(black.rate_ratio, 3.0));
    assert_eq!(black.gap_trend, Some(GapTrend::Closing));
    assert_eq!(black.previous_period.as_deref(), Some("2020"));
    assert!(close(black.previous_rate_difference, 3.0));
    let hisp = &f.groups[2];
    assert!(close(hisp.rate_ratio, 6.0));
    assert_eq!(hisp.gap_trend, Some(GapTrend::Widening));
    assert!(close(f.max_rate_ratio, 6.0));
    assert!(close(f.max_rate_difference, 5.0));
    // (|3-1| + |6-1|) / 2 / 1 × 100
    assert!(close(f.index_of_disparity, 350.0));
    assert_eq!(f.groups[0].gap_trend, None);
    assert_eq!(f.groups[0].why["gap_trend"], "the reference group");
    assert!(close(f.groups[0].rate_ratio, 1.0));
    assert!(close(f.groups[1].margin_of_error, 0.5));
}

#[test]
fn higher_is_better_ratio_is_oriented_so_above_one_is_worse() {
    let d = data(
        Unit::Percent,
        Polarity::Higher,
        &[("White", &[Some(90.0)]), ("Black", &[Some(60.0)])],
    );
    let f = at(&d, Some("2020"));
    assert_eq!(f.reference_group.as_deref(), Some("White"));
    assert!(close(f.groups[1].rate_ratio, 1.5));
    assert!(close(f.groups[1].rate_difference, -30.0));
    assert!(close(f.max_rate_difference, 30.0));
    assert!(close(f.index_of_disparity, 30.0 / 90.0 * 100.0));
}

#[test]
fn a_chosen_reference_is_kept_and_can_be_better_off_than_others() {
    let mut d = data(
        Unit::Percent,
        Polarity::Lower,
        &[("A", &[Some(2.0)]), ("B", &[Some(4.0)])],
    );
    d.groups[1].is_reference = true;
    let f = at(&d, None);
    assert_eq!(f.reference_group.as_deref(), Some("B"));
    assert!(f.reference_chosen);
    assert!(close(f.max_rate_ratio, 0.5));
    assert!(close(f.groups[0].rate_difference, -2.0));
}

#[test]
fn a_chosen_reference_without_a_value_gives_no_figures_and_says_why() {
    let mut d = data(
        Unit::Percent,
        Polarity::Lower,
        &[("A", &[Some(2.0), Some(3.0)]), ("B", &[Some(4.0), None])],
    );
    d.groups[1].is_reference = true;
    let f = at(&d, Some("2021"));
    assert_eq!(f.reference_group, None);
    assert_eq!(f.max_rate_ratio, None);
    assert!(f.why["reference_group"].contains("has no value for 2021"));
    assert!(close(f.groups[0].value, 3.0));
    assert_eq!(f.groups[0].rate_difference, None);
}

#[test]
fn a_zero_reference_rate_gives_differences_but_no_ratios_or_index() {
    let d = data(
        Unit::Percent,
        Polarity::Lower,
        &[("A", &[Some(0.0)]), ("B", &[Some(4.0)])],
    );
    let f = at(&d, None);
    assert_eq!(f.reference_group.as_deref(), Some("A"));
    assert!(close(f.groups[1].rate_difference, 4.0));
    assert_eq!(f.groups[1].rate_ratio, None);
    assert_eq!(f.groups[1].why["rate_ratio"], "a rate is 0");
    assert_eq!(f.max_rate_ratio, None);
    assert_eq!(f.index_of_disparity, None);
    assert_eq!(f.why["index_of_disparity"], "the reference rate is 0");
    assert!(close(f.max_rate_difference, 4.0));
}

#[test]
fn one_group_only_has_no_gaps() {
    let d = data(Unit::Percent, Polarity::Lower, &[("A", &[Some(3.0)])]);
    let f = at(&d, None);
    assert_eq!(f.reference_group.as_deref(), Some("A"));
    assert_eq!(f.max_rate_ratio, None);
    assert_eq!(f.max_rate_difference, None);
    assert_eq!(f.index_of_disparity, None);
    assert!(f.why["max_rate_difference"].contains("no group other than the reference"));
    assert!(summary_row(&d, None, None).is_none());
    assert!(gap_series(&d).series.is_empty());
}

#[test]
fn a_missing_period_for_one_group_compares_with_the_last_period_with_both() {
    let d = data(
        Unit::Percent,
        Polarity::Lower,
        &[
            ("A", &[Some(1.0), Some(1.0), Some(1.0)]),
            ("B", &[Some(5.0), None, Some(4.0)]),
        ],
    );
    let f = at(&d, Some("2022"));
    assert_eq!(f.groups[1].gap_trend, Some(GapTrend::Closing));
    assert_eq!(f.groups[1].previous_period.as_deref(), Some("2020"));
    let f = at(&d, Some("2021"));
    assert_eq!(f.groups[1].value, None);
    assert_eq!(f.groups[1].why["value"], "no value for 2021");
    assert_eq!(f.max_rate_difference, None);
    let first = at(&d, Some("2020"));
    assert_eq!(first.groups[1].gap_trend, None);
    assert!(first.groups[1].why["gap_trend"].contains("no earlier period"));
}

#[test]
fn suppressed_values_are_excluded_and_said_to_be() {
    let d = data(
        Unit::Percent,
        Polarity::Lower,
        &[
            ("A", &[Some(1.0)]),
            ("B", &[Some(f64::NAN)]),
            ("C", &[Some(3.0)]),
        ],
    );
    let f = at(&d, None);
    assert_eq!(f.excluded_suppressed, vec!["B".to_string()]);
    assert!(f.groups[1].suppressed);
    assert_eq!(f.groups[1].value, None);
    assert!(f.groups[1].why["value"].contains("suppressed"));
    // Only A and C count: (|3-1|) / 1 / 1 × 100.
    assert!(close(f.index_of_disparity, 200.0));
    assert!(close(f.max_rate_ratio, 3.0));
}

#[test]
fn counts_get_no_ratios() {
    let d = data(
        Unit::Number,
        Polarity::Higher,
        &[("A", &[Some(10.0)]), ("B", &[Some(5.0)])],
    );
    let f = at(&d, None);
    assert!(!f.ratios_apply);
    assert_eq!(f.groups[1].rate_ratio, None);
    assert!(f.groups[1].why["rate_ratio"].contains("counts get no ratios"));
    assert_eq!(f.max_rate_ratio, None);
    assert_eq!(f.index_of_disparity, None);
    assert!(close(f.max_rate_difference, 5.0));
}

#[test]
fn a_range_measure_needs_a_chosen_reference() {
    let d = data(
        Unit::Percent,
        Polarity::Range,
        &[("A", &[Some(10.0)]), ("B", &[Some(5.0)])],
    );
    let f = at(&d, None);
    assert_eq!(f.reference_group, None);
    assert!(f.why["reference_group"].contains("choose a reference group"));
}

#[test]
fn unchanged_gaps_are_equal_within_the_flat_tolerance() {
    let d = data(
        Unit::Percent,
        Polarity::Lower,
        &[
            ("A", &[Some(1.0), Some(2.0)]),
            ("B", &[Some(3.0), Some(4.0)]),
        ],
    );
    assert_eq!(at(&d, None).groups[1].gap_trend, Some(GapTrend::Unchanged));
}

#[test]
fn a_gap_series_has_the_trend_figures_of_any_measure() {
    // Gaps 5, 4, 3, 2: closed 3 periods in a row.
    let d = data(
        Unit::Percent,
        Polarity::Lower,
        &[
            ("A", &[Some(1.0), Some(1.0), Some(1.0), Some(1.0)]),
            ("B", &[Some(6.0), Some(5.0), Some(4.0), Some(3.0)]),
        ],
    );
    let set = gap_series(&d);
    assert_eq!(set.reference_group.as_deref(), Some("A"));
    let s = &set.series[0];
    assert_eq!(s.points.len(), 4);
    assert_eq!(s.figures.trend_direction, Direction::Down);
    assert_eq!(s.figures.trend_count, 3);
    assert_eq!(s.figures.trend_good, Some(true));
    assert!(close(s.figures.baseline_change_pct, -60.0));
    assert_eq!(
        s.sentence,
        "The gap between B and A has closed 3 periods in a row."
    );
}

#[test]
fn the_summary_compares_now_with_the_baseline_and_counts_gap_trends() {
    let d = data(
        Unit::Percent,
        Polarity::Lower,
        &[
            ("A", &[Some(2.0), Some(1.0)]),
            ("B", &[Some(4.0), Some(1.5)]),
            ("C", &[Some(3.0), Some(4.0)]),
        ],
    );
    let row = summary_row(&d, Some("r".into()), None).unwrap();
    assert_eq!(row.period.as_deref(), Some("2021"));
    assert_eq!(row.baseline_period.as_deref(), Some("2020"));
    assert!(close(row.max_rate_ratio, 4.0));
    assert!(close(row.baseline_max_rate_ratio, 2.0));
    assert_eq!((row.gaps_closing, row.gaps_widening), (1, 1));
    let largest = row.largest_gap.as_ref().unwrap();
    assert_eq!(largest.group, "C");
    assert_eq!(largest.gap_trend, Some(GapTrend::Widening));
    let r = rollup(RollupScope::Result, "r", "Result", &[&row]);
    assert_eq!(r.gaps_closing.numerator, Some(1));
    assert_eq!(r.gaps_closing.denominator, Some(2));
    assert_eq!(r.gaps_closing.label, "1 of 2 gaps with a trend is closing");
}
