//! The equity lens' charts: every group's curve of a measure for one dimension, and the
//! gaps to the reference group as series of their own (|RD| per period, lower is better).

use super::measure::{subtitle, MAX_PERIODS};
use super::spec::{Point, Series, TrendChart};
use super::{ChartSize, RenderedChart};
use crate::equity::{self, DimensionData};
use crate::error::Result;
use crate::model::{CalendarSpec, Period, Polarity};
use crate::store::Store;

/// The axis: every period from the first to the last of `data`, with no holes.
fn axis(data: &DimensionData) -> Vec<String> {
    match (data.periods.first(), data.periods.last()) {
        (Some(first), Some(last)) => {
            let n = (last.index() - first.index()).clamp(0, MAX_PERIODS as i64 - 1);
            (0..=n).map(|k| last.step(k - n).label()).collect()
        }
        _ => Vec::new(),
    }
}

fn footnote(store: &Store, data: &DimensionData, extra: Option<String>) -> Result<Option<String>> {
    let m = store.get_measure(&data.measure_id)?;
    let mut foot: Vec<String> = extra.into_iter().collect();
    if !m.data_source.trim().is_empty() {
        foot.push(format!("Source: {}", m.data_source.trim()));
    }
    if store.get_initiative(&m.initiative_id)?.is_sample {
        foot.push("Sample: fictional data".to_string());
    }
    Ok((!foot.is_empty()).then(|| foot.join(" · ")))
}

fn calendar(data: &DimensionData) -> Option<CalendarSpec> {
    data.periods.first().map(Period::spec)
}

/// The chart of every group's curve of a measure for a dimension (id or name; `None`: the
/// measure's first with values).
pub fn groups_trend(
    store: &Store,
    measure_id: &str,
    dimension: Option<&str>,
) -> Result<TrendChart> {
    let data = store.dimension_data(measure_id, dimension)?;
    let m = store.get_measure(measure_id)?;
    let series = data
        .groups
        .iter()
        .map(|g| Series {
            name: g.name.clone(),
            points: data
                .periods
                .iter()
                .zip(&g.cells)
                .map(|(p, c)| match c.value {
                    Some(v) if !c.suppressed && v.is_finite() => Point::actual(p.label(), v),
                    _ if c.suppressed => Point::suppressed(p.label()),
                    _ => Point::missing(p.label()),
                })
                .collect(),
        })
        .collect();
    Ok(TrendChart {
        title: format!("{} by {}", data.measure, data.dimension.to_lowercase()),
        subtitle: subtitle(store, &m)?,
        unit: data.unit,
        difference: false,
        rate_per: data.rate_per,
        polarity: data.polarity,
        periods: axis(&data),
        calendar: calendar(&data),
        series,
        targets: Vec::new(),
        baseline: None,
        forecast: Vec::new(),
        footnote: footnote(store, &data, None)?,
    })
}

/// The chart of each group's gap to the reference group (|RD|, lower is better).
pub fn gaps_trend(store: &Store, measure_id: &str, dimension: Option<&str>) -> Result<TrendChart> {
    let data = store.dimension_data(measure_id, dimension)?;
    let set = equity::gap_series(&data);
    let reference = set.reference_group.clone();
    let series = set
        .series
        .iter()
        .map(|s| Series {
            name: s.group.clone(),
            points: s
                .points
                .iter()
                .map(|p| Point::actual(p.period.clone(), p.rate_difference.abs()))
                .collect(),
        })
        .collect();
    let extra = match (&reference, &set.why) {
        (Some(r), _) => format!("Gap: the absolute difference from {r}, the reference group"),
        (None, Some(why)) => format!("No gaps: {why}"),
        (None, None) => "No gaps".to_string(),
    };
    Ok(TrendChart {
        title: match &reference {
            Some(r) => format!("Gaps to {r}: {}", data.measure),
            None => format!("Gaps: {}", data.measure),
        },
        subtitle: format!("By {}; smaller is better", data.dimension.to_lowercase()),
        unit: data.unit,
        difference: true,
        rate_per: data.rate_per,
        polarity: Polarity::Lower,
        periods: axis(&data),
        calendar: calendar(&data),
        series,
        targets: Vec::new(),
        baseline: None,
        forecast: Vec::new(),
        footnote: footnote(store, &data, Some(extra))?,
    })
}

/// [`groups_trend`], drawn.
pub fn group_chart(
    store: &Store,
    measure_id: &str,
    dimension: Option<&str>,
    size: ChartSize,
) -> Result<RenderedChart> {
    RenderedChart::draw(&groups_trend(store, measure_id, dimension)?, size)
}

/// [`gaps_trend`], drawn.
pub fn gap_chart(
    store: &Store,
    measure_id: &str,
    dimension: Option<&str>,
    size: ChartSize,
) -> Result<RenderedChart> {
    RenderedChart::draw(&gaps_trend(store, measure_id, dimension)?, size)
}
