//! Charts of stored measures: reads the store, builds the [`TrendChart`] or
//! [`SparklineSpec`] (total series, targets, baseline, forecast), and draws it. The rules
//! for what is drawn live in the pure modules; this one only gathers.
//!
//! Rules chosen:
//! - The axis runs from the first stored period (of any series, including target-only
//!   rows) to the later of the last stored period and the forecast's end.
//! - The forecast ([`crate::scorecard::forecast::project`], x = [`Period::index`]) runs at
//!   least [`FORECAST_AHEAD`] periods past the latest actual, and on to the last period
//!   with a target or a manual forecast (at most [`FORECAST_MAX`] periods), so the curve
//!   meets the targets. A manual forecast value replaces the fitted one in its period, as
//!   on the scorecard.
//! - The baseline is the measure's baseline period, else its first period with an actual.
//! - A compared measure must share the calendar and the unit: one axis, one scale.
//! - The measure's values with open comments carry them (count and latest text) for the
//!   chart's comment markers; compared measures' comments are not shown.

use super::spec::{
    CommentMark, ForecastPoint, Point, Series, SparklineSpec, Target, TargetPoint, TrendChart,
};
use super::{ChartSize, RenderedChart, SparklineSvg};
use crate::error::{Error, Result};
use crate::model::{CalendarSpec, Measure, MeasureKind, Observation, Period, Polarity};
use crate::scorecard::forecast;
use crate::store::Store;
use std::collections::HashMap;

/// The forecast reaches at least this many periods past the latest actual.
pub const FORECAST_AHEAD: i64 = 3;
/// ... and at most this many.
pub const FORECAST_MAX: i64 = 24;
/// The most periods an axis holds (weekly data over decades keeps the latest).
pub const MAX_PERIODS: usize = 2000;
/// Sparkline size in pixels.
pub const SPARKLINE_SIZE: (u32, u32) = (120, 32);

fn spec_of(m: &Measure) -> Result<CalendarSpec> {
    CalendarSpec::new(m.calendar, m.calendar_start_month)
        .map_err(|e| Error::Internal(format!("measure {} has a bad calendar: {e}", m.id)))
}

/// A measure's total-series rows with their parsed periods, in period order.
fn totals(m: &Measure, rows: Vec<Observation>) -> Result<Vec<(Period, Observation)>> {
    let spec = spec_of(m)?;
    let mut out: Vec<(Period, Observation)> = rows
        .into_iter()
        .filter(|o| o.group_ids.is_empty())
        .filter_map(|o| Period::parse(spec, &o.period).ok().map(|p| (p, o)))
        .collect();
    out.sort_by_key(|a| a.0);
    Ok(out)
}

/// The actual of a row (a suppressed row has none).
fn actual(o: &Observation) -> Option<f64> {
    o.value.filter(|v| !o.suppressed && v.is_finite())
}

fn point(p: &Period, o: &Observation) -> Point {
    Point {
        period: p.label(),
        value: actual(o),
        suppressed: o.suppressed,
        note: o.note.clone(),
        comments: None,
    }
}

fn target(o: &Observation, polarity: Polarity) -> Option<Target> {
    match polarity {
        Polarity::Range if o.target_low.is_some() || o.target_high.is_some() => {
            Some(Target::Range {
                low: o.target_low,
                high: o.target_high,
            })
        }
        _ => o.target.map(Target::Value),
    }
}

/// A compared measure, checked to share `m`'s calendar and unit.
fn comparable(store: &Store, m: &Measure, id: &str) -> Result<Measure> {
    let o = store.get_measure(id)?;
    if spec_of(&o)? != spec_of(m)? {
        return Err(Error::invalid(
            "compare",
            format!(
                "\"{}\" is reported by {} and \"{}\" by {}: compare measures on the same calendar",
                o.name,
                o.calendar.label().to_lowercase(),
                m.name,
                m.calendar.label().to_lowercase()
            ),
        ));
    }
    if o.unit != m.unit {
        return Err(Error::invalid(
            "compare",
            format!(
                "\"{}\" is a {} and \"{}\" a {}: compare measures with the same unit",
                o.name, o.unit, m.name, m.unit
            ),
        ));
    }
    Ok(o)
}

/// The forecast after the latest actual, to the last target (see the module docs); a
/// manual forecast value replaces the fitted line's in its period.
fn forecast_of(
    m: &Measure,
    rows: &[(Period, Observation)],
    actuals: &[(Period, f64)],
    manual: &[(Period, f64)],
) -> Vec<(Period, f64)> {
    let Some((last, _)) = actuals.last() else {
        // No line to continue: the manual values, as they are.
        return manual.to_vec();
    };
    let to_target = rows
        .iter()
        .rev()
        .find(|(_, o)| target(o, m.polarity).is_some())
        .map_or(0, |(p, _)| p.index() - last.index());
    let to_manual = manual.last().map_or(0, |(p, _)| p.index() - last.index());
    let ahead = to_target.max(to_manual).clamp(FORECAST_AHEAD, FORECAST_MAX);
    let periods: Vec<Period> = (1..=ahead).map(|n| last.step(n)).collect();
    let xs: Vec<f64> = periods.iter().map(|p| p.index() as f64).collect();
    let pts: Vec<(f64, f64)> = actuals
        .iter()
        .map(|(p, v)| (p.index() as f64, *v))
        .collect();
    let fitted = forecast::project(m.unit, &pts, &xs);
    periods
        .iter()
        .enumerate()
        .filter_map(|(k, p)| {
            let own = manual.iter().find(|(q, _)| q == p).map(|(_, v)| *v);
            own.or_else(|| fitted.as_ref().map(|f| f[k]))
                .map(|v| (*p, v))
        })
        .collect()
}

/// "Indicator of: <result>" or "<program> · <RBA question>".
pub(super) fn subtitle(store: &Store, m: &Measure) -> Result<String> {
    Ok(match m.kind {
        MeasureKind::Indicator => match &m.result_id {
            Some(id) => format!("Indicator of: {}", store.get_result(id)?.name),
            None => "Indicator".to_string(),
        },
        MeasureKind::Performance => {
            let program = match &m.program_id {
                Some(id) => store.get_program(id)?.name,
                None => "Performance measure".to_string(),
            };
            match m.category {
                Some(c) => format!("{program} · {}", c.question()),
                None => program,
            }
        }
    })
}

/// The chart spec of a stored measure, with `compare` measures as further series.
pub fn measure_trend(store: &Store, measure_id: &str, compare: &[&str]) -> Result<TrendChart> {
    let m = store.get_measure(measure_id)?;
    let rows = totals(&m, store.list_observations(&m.id)?)?;
    let mut others = Vec::new();
    for id in compare.iter().filter(|id| **id != m.id) {
        let o = comparable(store, &m, id)?;
        let rows = totals(&o, store.list_observations(&o.id)?)?;
        others.push((o, rows));
    }
    let actuals: Vec<(Period, f64)> = rows
        .iter()
        .filter_map(|(p, o)| actual(o).map(|v| (*p, v)))
        .collect();
    let spec = spec_of(&m)?;
    let manual: Vec<(Period, f64)> = store
        .list_forecasts(&m.id)?
        .into_iter()
        .filter(|f| f.value.is_finite())
        .filter_map(|f| {
            Period::parse(spec, &f.period.label)
                .ok()
                .map(|p| (p, f.value))
        })
        .collect();
    let forecast_points = forecast_of(&m, &rows, &actuals, &manual);

    // The axis: every period from the first row of any series to the last row or forecast.
    let all = rows
        .iter()
        .chain(others.iter().flat_map(|(_, r)| r.iter()))
        .map(|(p, _)| *p)
        .chain(forecast_points.iter().map(|(p, _)| *p));
    let (first, last) = (all.clone().min(), all.max());
    let mut periods = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        let n = (last.index() - first.index()).clamp(0, MAX_PERIODS as i64 - 1);
        periods = (0..=n).map(|k| last.step(k - n).label()).collect();
    }

    let baseline = m
        .baseline_period
        .as_deref()
        .and_then(|b| Period::parse(spec, b).ok())
        .or_else(|| actuals.first().map(|(p, _)| *p))
        .map(|p| p.label());
    let mut foot = Vec::new();
    if !m.data_source.trim().is_empty() {
        foot.push(format!("Source: {}", m.data_source.trim()));
    }
    if store.get_initiative(&m.initiative_id)?.is_sample {
        foot.push("Sample: fictional data".to_string());
    }
    let series_of = |name: &str, rows: &[(Period, Observation)]| Series {
        name: name.to_string(),
        points: rows.iter().map(|(p, o)| point(p, o)).collect(),
    };
    let mut main = series_of(&m.name, &rows);
    // The measure's values with open comments get a marker and a line among the notes.
    let commented = store.open_value_comments(&m.id)?;
    for (point, (_, o)) in main.points.iter_mut().zip(&rows) {
        if let Some((open, latest)) = commented.get(&o.id) {
            point.comments = Some(CommentMark {
                open: *open,
                latest: latest.clone(),
            });
        }
    }
    let mut series = vec![main];
    series.extend(others.iter().map(|(o, r)| series_of(&o.name, r)));
    Ok(TrendChart {
        title: m.name.clone(),
        subtitle: subtitle(store, &m)?,
        unit: m.unit,
        difference: false,
        rate_per: m.rate_per,
        polarity: m.polarity,
        periods,
        calendar: Some(spec),
        series,
        targets: rows
            .iter()
            .filter_map(|(p, o)| {
                let target = target(o, m.polarity)?;
                Some(TargetPoint {
                    period: p.label(),
                    target,
                })
            })
            .collect(),
        baseline,
        forecast: forecast_points
            .into_iter()
            .map(|(p, value)| ForecastPoint {
                period: p.label(),
                value,
            })
            .collect(),
        footnote: (!foot.is_empty()).then(|| foot.join(" · ")),
    })
}

/// The trend chart of a stored measure, drawn at `size`, with `compare` measures (ids)
/// as further series on the same axis.
pub fn measure_chart(
    store: &Store,
    measure_id: &str,
    size: ChartSize,
    compare: &[&str],
) -> Result<RenderedChart> {
    let spec = measure_trend(store, measure_id, compare)?;
    RenderedChart::draw(&spec, size)
}

/// The sparkline of every live measure of an initiative, in the measures' order.
pub fn initiative_sparklines(store: &Store, initiative_id: &str) -> Result<Vec<SparklineSvg>> {
    let measures = store.list_measures(initiative_id)?;
    let mut by_measure: HashMap<String, Vec<Observation>> = HashMap::new();
    for o in store.initiative_totals(initiative_id)? {
        by_measure.entry(o.measure_id.clone()).or_default().push(o);
    }
    measures
        .iter()
        .map(|m| {
            let rows = totals(m, by_measure.remove(&m.id).unwrap_or_default())?;
            Ok(SparklineSvg {
                measure_id: m.id.clone(),
                svg: super::sparkline::sparkline(&sparkline_spec(m, &rows))?,
            })
        })
        .collect()
}

/// A measure's sparkline: its actuals from the first to the latest, a slot per period.
fn sparkline_spec(m: &Measure, rows: &[(Period, Observation)]) -> SparklineSpec {
    let with_value: Vec<(Period, f64, &Observation)> = rows
        .iter()
        .filter_map(|(p, o)| actual(o).map(|v| (*p, v, o)))
        .collect();
    let mut values = Vec::new();
    let (mut target_low, mut target_high) = (None, None);
    if let (Some(first), Some(last)) = (with_value.first(), with_value.last()) {
        let at: HashMap<i64, f64> = with_value.iter().map(|(p, v, _)| (p.index(), *v)).collect();
        let end = last.0.index();
        let n = (end - first.0.index()).clamp(0, MAX_PERIODS as i64 - 1);
        values = (0..=n).map(|k| at.get(&(end - n + k)).copied()).collect();
        // The scorecard's range: the bounds, or the single target when there are none.
        let o = last.2;
        (target_low, target_high) = match (o.target_low, o.target_high) {
            (None, None) => (o.target, o.target),
            bounds => bounds,
        };
    }
    SparklineSpec {
        values,
        polarity: m.polarity,
        target_low,
        target_high,
        width: SPARKLINE_SIZE.0,
        height: SPARKLINE_SIZE.1,
    }
}
