//! Numbers on charts: the value axis's ticks and how a value reads for its unit.
//!
//! Rules chosen:
//! - Percentages (stored 0-100) read `72%`, with as many decimals as the tick step needs;
//!   a difference between two percentages (an equity gap) reads in points (`4.5 pts`).
//! - Currency reads `$1,234` below $10,000 and compact above (`$12.3k`, `$1.2M`, `$3B`).
//! - Counts read `1,234`; from a million up they are compact (`1.2M`).
//! - Rates read `12.3 per 1,000` as a value; on the axis the ticks are plain numbers and
//!   the axis is captioned `per 1,000`.
//! - Negative numbers use a true minus sign (`−12`).
//! - Ticks are "nice" steps of 1, 2, 2.5 or 5 × 10^k.

use super::spec::TrendChart;
use crate::model::Unit;

/// A value as people read it, for its unit (labels on points, sparklines, tooltips).
/// Shows up to two decimals, and none that are zero (72.40 reads 72.4).
pub fn value(unit: Unit, rate_per: Option<f64>, v: f64) -> String {
    let decimals = value_decimals(v);
    match unit {
        Unit::Rate => format!(
            "{} per {}",
            number(v, decimals),
            number(rate_per.unwrap_or(1000.0), 0)
        ),
        _ => tick(unit, v, decimals),
    }
}

/// Up to two decimals, and none that are zero.
fn value_decimals(v: f64) -> usize {
    (0..2)
        .find(|d| {
            let scaled = v * 10f64.powi(*d);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(2) as usize
}

/// A value on `chart` (see [`value`]): a gap between percentages reads in points.
pub fn chart_value(chart: &TrendChart, v: f64) -> String {
    if chart.difference && chart.unit == Unit::Percent {
        points(v, value_decimals(v))
    } else {
        value(chart.unit, chart.rate_per, v)
    }
}

/// A tick on `chart`'s value axis (see [`tick`]): a gap between percentages reads in
/// points.
pub fn chart_tick(chart: &TrendChart, v: f64, decimals: usize) -> String {
    if chart.difference && chart.unit == Unit::Percent {
        points(v, decimals)
    } else {
        tick(chart.unit, v, decimals)
    }
}

/// Percentage points: `4.5 pts`, `1 pt`.
fn points(v: f64, decimals: usize) -> String {
    match number(v, decimals) {
        one if one == "1" => "1 pt".to_string(),
        n => format!("{n} pts"),
    }
}

/// A tick label: `v` with `decimals` decimals (see [`decimals_for`]).
pub fn tick(unit: Unit, v: f64, decimals: usize) -> String {
    let sign = if v < 0.0 && number(v, decimals).starts_with('−') {
        "−"
    } else {
        ""
    };
    match unit {
        Unit::Percent => format!("{}%", number(v, decimals)),
        Unit::Currency if v.abs() >= 10_000.0 => format!("{sign}${}", compact(v.abs())),
        Unit::Currency => format!("{sign}${}", number(v.abs(), decimals)),
        Unit::Number | Unit::Rate if v.abs() >= 1_000_000.0 => {
            format!("{sign}{}", compact(v.abs()))
        }
        Unit::Number | Unit::Rate => number(v, decimals),
    }
}

/// The caption over the value axis, if the unit needs one (`per 1,000`).
pub fn axis_caption(unit: Unit, rate_per: Option<f64>) -> Option<String> {
    match unit {
        Unit::Rate => Some(format!("per {}", number(rate_per.unwrap_or(1000.0), 0))),
        _ => None,
    }
}

/// How many decimals make ticks `step` apart distinct (0 for whole steps).
pub fn decimals_for(step: f64) -> usize {
    if step <= 0.0 || !step.is_finite() {
        return 0;
    }
    let mut d = 0;
    let mut s = step;
    while d < 6 && (s - s.round()).abs() > 1e-6 * s.abs().max(1.0) {
        s *= 10.0;
        d += 1;
    }
    d
}

/// `v` with thousands separators and `decimals` decimals, minus sign for negatives.
pub fn number(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    // "-0" is not a number anyone writes.
    let zero = text.chars().all(|c| c == '0' || c == '.');
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && !zero { "−" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// `a` (>= 0) as `12.3k`, `1.2M`, `3B`.
fn compact(a: f64) -> String {
    let (div, suffix) = if a >= 1e9 {
        (1e9, "B")
    } else if a >= 1e6 {
        (1e6, "M")
    } else {
        (1e3, "k")
    };
    let x = a / div;
    let text = if x >= 100.0 || (x - x.round()).abs() < 0.05 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    };
    format!("{text}{suffix}")
}

/// Axis ticks: a nice range covering the data and the ticks in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    pub min: f64,
    pub max: f64,
    pub step: f64,
    pub values: Vec<f64>,
}

/// Nice ticks for data from `lo` to `hi`, about `count` intervals.
pub fn ticks(lo: f64, hi: f64, count: usize) -> Ticks {
    let (mut lo, mut hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if (hi - lo).abs() < 1e-12 * hi.abs().max(1.0) {
        // A flat series: open a window around it.
        let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    }
    let count = count.max(2) as f64;
    let step = nice_step((hi - lo) / count);
    let min = (lo / step).floor() * step;
    let max = (hi / step).ceil() * step;
    let n = ((max - min) / step).round() as i64;
    let values = (0..=n)
        .map(|i| {
            // Snap away floating-point dust (0.30000000000000004).
            let v = ((min + i as f64 * step) / step).round() * step;
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect();
    Ticks {
        min,
        max,
        step,
        values,
    }
}

/// The nice step (1, 2, 2.5, 5 × 10^k) at or above `raw`.
fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_by_unit() {
        assert_eq!(value(Unit::Percent, None, 72.0), "72%");
        assert_eq!(value(Unit::Percent, None, 72.4), "72.4%");
        assert_eq!(value(Unit::Currency, None, 1234.0), "$1,234");
        assert_eq!(value(Unit::Currency, None, 12_345.0), "$12.3k");
        assert_eq!(value(Unit::Currency, None, 1_200_000.0), "$1.2M");
        assert_eq!(value(Unit::Number, None, 1234.0), "1,234");
        assert_eq!(value(Unit::Number, None, -1234.5), "−1,234.5");
        assert_eq!(value(Unit::Rate, Some(1000.0), 12.3), "12.3 per 1,000");
        assert_eq!(value(Unit::Rate, Some(100_000.0), 4.0), "4 per 100,000");
    }

    #[test]
    fn a_gap_between_percentages_reads_in_points() {
        let mut gap = crate::chart::tests::chart("Gap", Unit::Percent, &[Some(4.5)]);
        gap.difference = true;
        assert_eq!(chart_value(&gap, 4.5), "4.5 pts");
        assert_eq!(chart_tick(&gap, 1.0, 0), "1 pt");
        assert_eq!(chart_tick(&gap, 2.5, 1), "2.5 pts");
        // Other units keep their own reading; a plain percent chart stays in percent.
        gap.unit = Unit::Rate;
        gap.rate_per = Some(1000.0);
        assert_eq!(chart_value(&gap, 3.2), "3.2 per 1,000");
        let level = crate::chart::tests::chart("Level", Unit::Percent, &[Some(72.4)]);
        assert_eq!(chart_value(&level, 72.4), "72.4%");
        assert_eq!(chart_tick(&level, 70.0, 0), "70%");
    }

    #[test]
    fn ticks_are_nice_and_cover_the_data() {
        let t = ticks(46.0, 61.6, 5);
        assert_eq!(t.step, 5.0);
        assert_eq!(t.values, vec![45.0, 50.0, 55.0, 60.0, 65.0]);
        let t = ticks(0.1, 0.7, 6);
        assert_eq!(t.values.len(), 7, "{t:?}");
        assert_eq!(t.values[3], 0.4, "no floating-point dust");
        assert_eq!(decimals_for(t.step), 1);
        let flat = ticks(5.0, 5.0, 5);
        assert!(
            flat.min < 5.0 && flat.max > 5.0,
            "a flat series gets a window"
        );
        let neg = ticks(-12.0, 8.0, 4);
        assert!(neg.values.contains(&0.0), "{neg:?}");
    }

    #[test]
    fn tick_labels_follow_the_step() {
        assert_eq!(tick(Unit::Percent, 47.5, decimals_for(2.5)), "47.5%");
        assert_eq!(tick(Unit::Number, 0.0, 0), "0");
        assert_eq!(tick(Unit::Number, -0.0001, 0), "0", "no negative zero");
        assert_eq!(tick(Unit::Currency, -500.0, 0), "−$500");
        assert_eq!(tick(Unit::Number, 2_500_000.0, 0), "2.5M");
        assert_eq!(axis_caption(Unit::Rate, Some(1000.0)).unwrap(), "per 1,000");
    }
}
