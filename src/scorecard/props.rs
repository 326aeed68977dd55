//! Properties every series must keep, whatever its values: no NaN or infinity, a trend
//! count below the number of actuals, percentage forecasts within 0-100.

use super::figures::{figures, Direction, Point, Rules, Status};
use super::tests::{rules, some, year};
use crate::model::{Polarity, Unit};
use proptest::prelude::*;

fn any_value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(0.0)),
        4 => (-1e6f64..1e6).prop_map(Some),
        1 => prop::num::f64::ANY.prop_map(Some),
    ]
}

fn any_points() -> impl Strategy<Value = Vec<Point>> {
    prop::collection::vec(
        (
            any_value(),
            any_value(),
            any_value(),
            any_value(),
            any_value(),
        ),
        0..12,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (a, t, lo, hi, fc))| Point {
                period: year(2000 + i as i32),
                actual: a,
                target: t,
                target_low: lo,
                target_high: hi,
                forecast: fc,
            })
            .collect()
    })
}

fn any_rules() -> impl Strategy<Value = Rules> {
    (
        prop::sample::select(vec![Polarity::Higher, Polarity::Lower, Polarity::Range]),
        prop::sample::select(vec![
            Unit::Number,
            Unit::Percent,
            Unit::Currency,
            Unit::Rate,
        ]),
        prop::option::of(0i32..14),
        0.0f64..50.0,
    )
        .prop_map(|(polarity, unit, baseline, tolerance_pct)| Rules {
            polarity,
            unit,
            baseline_period: baseline.map(|b| year(2000 + b)),
            tolerance_pct,
            cutoff: None,
            expected: Some(year(2008)),
        })
}

proptest! {
    #[test]
    fn figures_are_never_nan_or_infinite(r in any_rules(), pts in any_points()) {
        let f = figures(&r, &pts);
        let numbers = [
            f.actual, f.prior_actual, f.target, f.next_target, f.baseline,
            f.baseline_change_pct, f.variance_from_target_pct, f.progress_to_target_pct,
            f.forecast_next, f.target_low, f.target_high, f.next_target_low, f.next_target_high,
        ];
        for v in numbers.into_iter().flatten() {
            prop_assert!(v.is_finite(), "{f:?}");
        }
        prop_assert!(serde_json::to_string(&f).is_ok());
        // Every undefined figure of A_t's says why.
        if f.actual.is_some() {
            for (name, v) in [("baseline_change_pct", f.baseline_change_pct),
                              ("variance_from_target_pct", f.variance_from_target_pct),
                              ("progress_to_target_pct", f.progress_to_target_pct),
                              ("forecast_next", f.forecast_next)] {
                prop_assert!(v.is_some() || f.why.contains_key(name), "{name} {f:?}");
            }
        }
    }

    #[test]
    fn the_trend_count_is_below_the_number_of_actuals(r in any_rules(), pts in any_points()) {
        let f = figures(&r, &pts);
        let n = f.history.len() as u32;
        prop_assert!(f.trend_count <= n.saturating_sub(1));
        prop_assert_eq!(f.trend_direction == Direction::None, n < 2);
        prop_assert_eq!(f.status == Status::NoData, n == 0);
    }

    #[test]
    fn percentage_forecasts_stay_within_0_and_100(vals in prop::collection::vec(0.0f64..=100.0, 2..10)) {
        let mut r = rules(Polarity::Higher);
        r.unit = Unit::Percent;
        let f = figures(&r, &some(&vals));
        let v = f.forecast_next.expect("two or more actuals give a forecast");
        prop_assert!((0.0..=100.0).contains(&v), "{v}");
    }
}
