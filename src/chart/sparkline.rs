//! Sparklines for scorecard rows: a tiny line of the actuals, the latest point emphasised,
//! coloured by whether the current trend is good.
//!
//! The trend rule is DOMAIN.md's, computed with the scorecard's own pieces
//! ([`crate::scorecard::figures`]: `step`, `same`, `Range`) so a sparkline never disagrees
//! with its scorecard row: the last step between consecutive actuals is up, down or flat;
//! flat is neutral; otherwise it is good when it agrees with the polarity, and for a target
//! range when the distance to the range shrank (or both values lie inside it). Colours:
//! good blue, bad vermillion (Okabe-Ito, told apart with any colour vision), neutral or
//! unknown grey.

use super::draw::{self, Pen};
use super::spec::SparklineSpec;
use super::theme::PALETTE;
use crate::error::Result;
use crate::model::Polarity;
use crate::scorecard::figures::{same, step, Direction, Range};
use plotters::style::{Color, RGBColor};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether a series' current trend is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TrendVerdict {
    Good,
    Bad,
    /// Flat, as far from the target range as before, or no range to measure against.
    Neutral,
    /// Fewer than two actuals.
    None,
}

/// The verdict on the last step of `actuals` (in period order, gaps already skipped).
/// `range` is the latest period's target range, for a target-range polarity.
pub fn trend_verdict(actuals: &[f64], polarity: Polarity, range: Option<Range>) -> TrendVerdict {
    let [.., a, b] = actuals else {
        return TrendVerdict::None;
    };
    let good_if = |good: bool| {
        if good {
            TrendVerdict::Good
        } else {
            TrendVerdict::Bad
        }
    };
    match (step(*a, *b), polarity) {
        (Direction::Flat | Direction::None, _) => TrendVerdict::Neutral,
        (d, Polarity::Higher) => good_if(d == Direction::Up),
        (d, Polarity::Lower) => good_if(d == Direction::Down),
        (_, Polarity::Range) => match range {
            Some(r) => {
                let (now, then) = (r.distance(*b), r.distance(*a));
                if now == 0.0 && then == 0.0 {
                    TrendVerdict::Good
                } else if same(now, then) {
                    TrendVerdict::Neutral
                } else {
                    good_if(now < then)
                }
            }
            None => TrendVerdict::Neutral,
        },
    }
}

/// The colour of a verdict.
fn verdict_color(v: TrendVerdict) -> RGBColor {
    match v {
        TrendVerdict::Good => PALETTE[0],
        TrendVerdict::Bad => PALETTE[1],
        TrendVerdict::Neutral | TrendVerdict::None => RGBColor(0x70, 0x70, 0x70),
    }
}

/// Draws a sparkline as a transparent SVG of `spec.width`×`spec.height` pixels (nothing
/// drawn when there is no actual).
pub fn sparkline(spec: &SparklineSpec) -> Result<String> {
    let (w, h) = (spec.width.max(8), spec.height.max(8));
    let actuals: Vec<f64> = spec.values.iter().flatten().copied().collect();
    let range = (spec.target_low.is_some() || spec.target_high.is_some()).then_some(Range {
        low: spec.target_low,
        high: spec.target_high,
    });
    let verdict = trend_verdict(&actuals, spec.polarity, range);
    let color = verdict_color(verdict).to_rgba();
    let line = (f64::from(h) / 20.0).round().max(1.0) as u32;
    let dot = line + 1;
    draw::svg(w, h, false, |pen: &mut Pen| {
        if actuals.is_empty() {
            return Ok(());
        }
        let (lo, hi) = actuals
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(*v), hi.max(*v))
            });
        let pad = f64::from(dot) + 1.0;
        let (wf, hf) = (f64::from(w), f64::from(h));
        let n = spec.values.len();
        let x = |i: usize| {
            if n <= 1 {
                wf / 2.0
            } else {
                pad + i as f64 * (wf - 2.0 * pad) / (n - 1) as f64
            }
        };
        let y = |v: f64| {
            if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
                hf / 2.0
            } else {
                hf - pad - (v - lo) / (hi - lo) * (hf - 2.0 * pad)
            }
        };
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut last = None;
        for (i, v) in spec.values.iter().enumerate() {
            match v {
                Some(v) => {
                    run.push((x(i), y(*v)));
                    last = Some((x(i), y(*v)));
                }
                None => {
                    pen.line(&run, color, line)?;
                    run.clear();
                }
            }
        }
        pen.line(&run, color, line)?;
        if let Some(p) = last {
            pen.circle(p, dot, color, true, 1)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trend_is_good_when_the_last_step_agrees_with_the_polarity() {
        use TrendVerdict as V;
        let v = [10.0, 12.0, 11.0, 13.0, 15.0, 18.0];
        assert_eq!(trend_verdict(&v, Polarity::Higher, None), V::Good);
        assert_eq!(trend_verdict(&v, Polarity::Lower, None), V::Bad);
        assert_eq!(
            trend_verdict(&[3.0, 3.0], Polarity::Higher, None),
            V::Neutral
        );
        assert_eq!(trend_verdict(&[3.0], Polarity::Higher, None), V::None);
        assert_eq!(
            trend_verdict(&[0.0, 0.0], Polarity::Lower, None),
            V::Neutral
        );
    }

    #[test]
    fn a_range_trend_is_good_when_the_distance_to_the_range_shrinks() {
        use TrendVerdict::{Bad, Good, Neutral};
        let r = Some(Range {
            low: Some(3.0),
            high: Some(5.0),
        });
        assert_eq!(trend_verdict(&[6.2, 5.4], Polarity::Range, r), Good);
        assert_eq!(
            trend_verdict(&[4.0, 4.5], Polarity::Range, r),
            Good,
            "inside both times"
        );
        assert_eq!(trend_verdict(&[2.5, 1.0], Polarity::Range, r), Bad);
        assert_eq!(
            trend_verdict(&[2.0, 6.0], Polarity::Range, r),
            Neutral,
            "as far as before"
        );
        assert_eq!(trend_verdict(&[2.5, 1.0], Polarity::Range, None), Neutral);
    }

    #[test]
    fn a_sparkline_is_small_transparent_and_coloured_by_the_verdict() {
        let spec = SparklineSpec {
            values: vec![Some(1.0), None, Some(2.0), Some(3.0)],
            polarity: Polarity::Lower,
            target_low: None,
            target_high: None,
            width: 120,
            height: 32,
        };
        let svg = sparkline(&spec).unwrap();
        assert!(svg.contains("width=\"120\"") && svg.contains("height=\"32\""));
        assert!(!svg.contains("<rect"), "no background: {svg}");
        assert!(
            svg.contains("#D55E00"),
            "rising on lower-is-better is bad: {svg}"
        );
        assert_eq!(
            svg.matches("<polyline").count(),
            1,
            "the gap breaks the line"
        );
        assert_eq!(svg.matches("<circle").count(), 1, "the latest point");
    }
}
