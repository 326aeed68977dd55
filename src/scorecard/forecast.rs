//! The forecast: where the curve heads if nothing changes (the second half of the RBA
//! baseline).
//!
//! Rule (DOMAIN.md): the ordinary least-squares line through the actuals, where x is the
//! period's position on the measure's calendar ([`crate::model::Period::index`]); a period
//! with no actual still advances x and is left out of the fit. With fewer than two actuals
//! there is no forecast. Percentages are clamped to 0-100; counts (unit `number` or
//! `currency` or `rate`) to >= 0 when every actual is >= 0 (a series that is allowed to go
//! negative, such as a net change, is not clamped at zero).

use crate::model::Unit;

/// A fitted straight line `y = intercept + slope * x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub slope: f64,
    pub intercept: f64,
}

impl Line {
    /// The line's value at `x` (unclamped).
    pub fn at(&self, x: f64) -> f64 {
        self.intercept + self.slope * x
    }
}

/// The least-squares line through `points` (x, y). `None` with fewer than two points or
/// when every x is the same. Non-finite points are ignored.
pub fn fit(points: &[(f64, f64)]) -> Option<Line> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let n = pts.len() as f64;
    // Centre x and y first: periods have large indices (year * 12 + month), and centring
    // keeps the sums small and the result exact enough.
    let mean_x = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = pts.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_x;
    (slope.is_finite() && intercept.is_finite()).then_some(Line { slope, intercept })
}

/// Clamps a forecast value to what the measure can take: percentages to 0-100; other units
/// to >= 0 when `non_negative` (every actual of the series is >= 0).
pub fn clamp(unit: Unit, non_negative: bool, value: f64) -> f64 {
    match unit {
        Unit::Percent => value.clamp(0.0, 100.0),
        _ if non_negative => value.max(0.0),
        _ => value,
    }
}

/// The forecast values at each of `xs` for a series of actuals `points`, clamped; `None`
/// when there is no forecast (fewer than two actuals).
pub fn project(unit: Unit, points: &[(f64, f64)], xs: &[f64]) -> Option<Vec<f64>> {
    let line = fit(points)?;
    let non_negative = points.iter().all(|p| p.1 >= 0.0);
    Some(
        xs.iter()
            .map(|x| clamp(unit, non_negative, line.at(*x)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_straight_series_is_fitted_exactly() {
        let line = fit(&[(2020.0, 10.0), (2021.0, 12.0), (2022.0, 14.0)]).unwrap();
        assert!((line.slope - 2.0).abs() < 1e-9);
        assert!((line.at(2023.0) - 16.0).abs() < 1e-9);
    }

    #[test]
    fn a_gap_still_advances_x() {
        // 2021 is missing: the fit uses x = 2020, 2022, 2023, so the slope is per year.
        let line = fit(&[(2020.0, 10.0), (2022.0, 14.0), (2023.0, 16.0)]).unwrap();
        assert!((line.slope - 2.0).abs() < 1e-9, "{line:?}");
    }

    #[test]
    fn fewer_than_two_actuals_give_no_forecast() {
        assert_eq!(fit(&[]), None);
        assert_eq!(fit(&[(2020.0, 1.0)]), None);
        assert_eq!(fit(&[(2020.0, 1.0), (2020.0, 2.0)]), None);
    }

    #[test]
    fn two_equal_values_forecast_flat() {
        let v = project(Unit::Number, &[(1.0, 5.0), (2.0, 5.0)], &[3.0]).unwrap();
        assert_eq!(v, vec![5.0]);
    }

    #[test]
    fn percentages_are_clamped_near_0_and_100() {
        let up = project(Unit::Percent, &[(1.0, 90.0), (2.0, 99.0)], &[3.0, 4.0]).unwrap();
        assert_eq!(up, vec![100.0, 100.0], "108 and 117 clamp to 100");
        let down = project(Unit::Percent, &[(1.0, 8.0), (2.0, 2.0)], &[3.0]).unwrap();
        assert_eq!(down, vec![0.0], "-4 clamps to 0");
    }

    #[test]
    fn counts_stay_non_negative_but_signed_series_may_go_below_zero() {
        let counts = project(Unit::Number, &[(1.0, 4.0), (2.0, 1.0)], &[3.0]).unwrap();
        assert_eq!(counts, vec![0.0]);
        let signed = project(Unit::Number, &[(1.0, -1.0), (2.0, -3.0)], &[3.0]).unwrap();
        assert_eq!(signed, vec![-5.0]);
    }
}
