//! The equity figures (see the [module docs](super) for the rules chosen).

use super::{
    Cell, DimensionData, EquityFigures, EquitySummaryRow, GapPoint, GapRollup, GapSeries,
    GapSeriesSet, GapTrend, GroupFigures, LargestGap,
};
use crate::model::{Polarity, Unit};
use crate::scorecard::compare::same;
use crate::scorecard::rollup::share;
use crate::scorecard::{self, Direction, Point, RollupScope, Rules};
use std::collections::BTreeMap;

/// Why ratios are undefined for this measure, or `None` when they apply.
pub fn no_ratios(unit: Unit, polarity: Polarity) -> Option<&'static str> {
    match (unit, polarity) {
        (Unit::Number | Unit::Currency, _) => {
            Some("counts get no ratios: the measure is not a rate or a percentage")
        }
        (_, Polarity::Range) => {
            Some("a target-range measure has no better direction to orient a ratio by")
        }
        _ => None,
    }
}

/// A cell's value when it can be used: present, finite and not suppressed.
fn usable(c: &Cell) -> Option<f64> {
    c.value.filter(|v| !c.suppressed && v.is_finite())
}

fn value_of(data: &DimensionData, g: usize, k: usize) -> Option<f64> {
    data.groups[g].cells.get(k).and_then(usable)
}

/// How many groups have a usable value in period `k`.
fn with_values(data: &DimensionData, k: usize) -> usize {
    (0..data.groups.len())
        .filter(|&g| value_of(data, g, k).is_some())
        .count()
}

/// The latest period where two groups have values, else the latest where one has, else
/// the last period; `None` with no periods.
pub fn latest_period(data: &DimensionData) -> Option<usize> {
    let n = data.periods.len();
    (0..n)
        .rev()
        .find(|&k| with_values(data, k) >= 2)
        .or_else(|| (0..n).rev().find(|&k| with_values(data, k) >= 1))
        .or(n.checked_sub(1))
}

/// The reference group in period `k`, or why there is none.
fn reference(data: &DimensionData, k: usize) -> Result<usize, String> {
    let label = data.periods[k].label();
    if let Some(r) = data.groups.iter().position(|g| g.is_reference) {
        let g = &data.groups[r];
        return match g.cells.get(k) {
            Some(c) if usable(c).is_some() => Ok(r),
            Some(c) if c.suppressed => Err(format!(
                "the reference group \"{}\" is suppressed for {label}",
                g.name
            )),
            _ => Err(format!(
                "the reference group \"{}\" has no value for {label}",
                g.name
            )),
        };
    }
    let better = match data.polarity {
        Polarity::Higher => |a: f64, b: f64| a > b,
        Polarity::Lower => |a: f64, b: f64| a < b,
        Polarity::Range => {
            return Err(
                "choose a reference group: a target-range measure has no most favourable group"
                    .into(),
            )
        }
    };
    let mut best: Option<(usize, f64)> = None;
    for g in 0..data.groups.len() {
        if let Some(v) = value_of(data, g, k) {
            if best.is_none_or(|(_, b)| better(v, b)) {
                best = Some((g, v));
            }
        }
    }
    best.map(|(g, _)| g)
        .ok_or_else(|| format!("no group has a value for {label}"))
}

/// RR_g, oriented so above 1 is worse off; `Err` says why it is undefined.
fn ratio(data: &DimensionData, v: f64, reference: f64) -> Result<f64, &'static str> {
    if let Some(why) = no_ratios(data.unit, data.polarity) {
        return Err(why);
    }
    if v == 0.0 || reference == 0.0 {
        return Err("a rate is 0");
    }
    let r = match data.polarity {
        Polarity::Higher => reference / v,
        _ => v / reference,
    };
    if r.is_finite() {
        Ok(r)
    } else {
        Err("too large to show")
    }
}

/// The gap trend of group `g` against reference `r` at period `k`: the trend, the earlier
/// period and its rate difference; `None` when no earlier period has both values.
fn gap_trend(
    data: &DimensionData,
    g: usize,
    r: usize,
    k: usize,
    rd: f64,
) -> Option<(GapTrend, usize, f64)> {
    for j in (0..k).rev() {
        if let (Some(v), Some(vr)) = (value_of(data, g, j), value_of(data, r, j)) {
            let before = v - vr;
            let trend = if same(rd.abs(), before.abs()) {
                GapTrend::Unchanged
            } else if rd.abs() < before.abs() {
                GapTrend::Closing
            } else {
                GapTrend::Widening
            };
            return Some((trend, j, before));
        }
    }
    None
}

/// The figures of `data` at period `period` (a label of `data.periods`; `None`: the
/// latest period with data, see [`latest_period`]).
pub fn at(data: &DimensionData, period: Option<&str>) -> EquityFigures {
    let k = match period {
        Some(p) => data.periods.iter().position(|q| q.label() == p),
        None => latest_period(data),
    };
    match k {
        Some(k) => at_index(data, k),
        None => {
            let mut f = empty(data, period.map(str::to_string));
            let why = match period {
                Some(p) => format!("no group has a value for {p}"),
                None => format!("no group of \"{}\" has a value", data.dimension),
            };
            for field in [
                "reference_group",
                "max_rate_ratio",
                "max_rate_difference",
                "index_of_disparity",
            ] {
                f.why.insert(field.into(), why.clone());
            }
            f.groups = data
                .groups
                .iter()
                .map(|g| blank_group(g, Some(&why)))
                .collect();
            f
        }
    }
}

fn empty(data: &DimensionData, period: Option<String>) -> EquityFigures {
    EquityFigures {
        measure: data.measure.clone(),
        measure_id: data.measure_id.clone(),
        dimension: data.dimension.clone(),
        dimension_id: data.dimension_id.clone(),
        unit: data.unit,
        rate_per: data.rate_per,
        polarity: data.polarity,
        period,
        reference_group: None,
        reference_group_id: None,
        reference_chosen: data.groups.iter().any(|g| g.is_reference),
        groups: Vec::new(),
        max_rate_ratio: None,
        max_rate_difference: None,
        index_of_disparity: None,
        ratios_apply: no_ratios(data.unit, data.polarity).is_none(),
        periods: data.periods.iter().map(|p| p.label()).collect(),
        excluded_suppressed: Vec::new(),
        why: BTreeMap::new(),
    }
}

/// A group with no figures; with `why`, every figure says so.
fn blank_group(g: &super::GroupData, why: Option<&str>) -> GroupFigures {
    let mut w = BTreeMap::new();
    for field in ["value", "rate_difference", "rate_ratio", "gap_trend"]
        .iter()
        .filter(|_| why.is_some())
    {
        w.insert(field.to_string(), why.unwrap_or_default().to_string());
    }
    GroupFigures {
        group: g.name.clone(),
        group_id: g.id.clone(),
        is_reference: g.is_reference,
        value: None,
        suppressed: false,
        margin_of_error: None,
        rate_difference: None,
        rate_ratio: None,
        gap_trend: None,
        previous_period: None,
        previous_rate_difference: None,
        why: w,
    }
}

/// The numbers of period `k`, without any text: what both the figures of one measure and
/// the summary of every measure are made of.
pub(crate) struct Numbers {
    /// The reference group, or why there is none.
    pub reference: Result<usize, String>,
    /// Per group: RD (when the group and the reference have values).
    pub rd: Vec<Option<f64>>,
    /// Per group: RR, or why it is undefined.
    pub rr: Vec<Result<f64, &'static str>>,
    /// Per group: the gap trend with the earlier period and its RD (when `trends`).
    pub trend: Vec<Option<(GapTrend, usize, f64)>>,
    pub max_rr: Result<f64, &'static str>,
    pub max_rd: Option<f64>,
    pub index: Result<f64, &'static str>,
}

const NONE_OTHER: &str = "no group other than the reference has a value";

/// The numbers of period `k`; gap trends only when `trends`.
pub(crate) fn numbers(data: &DimensionData, k: usize, trends: bool) -> Numbers {
    let n = data.groups.len();
    let mut out = Numbers {
        reference: reference(data, k),
        rd: vec![None; n],
        rr: vec![Err(""); n],
        trend: vec![None; n],
        max_rr: Err(NONE_OTHER),
        max_rd: None,
        index: Err(NONE_OTHER),
    };
    let Ok(r) = out.reference else {
        return out;
    };
    let ratios_why = no_ratios(data.unit, data.polarity);
    let vr = value_of(data, r, k).unwrap_or(f64::NAN);
    let (mut sum, mut others, mut max_rr, mut max_rd) = (0.0, 0usize, None::<f64>, 0.0f64);
    for g in 0..n {
        let Some(v) = value_of(data, g, k) else {
            continue;
        };
        let rd = v - vr;
        out.rd[g] = Some(rd);
        out.rr[g] = match ratios_why {
            Some(why) => Err(why),
            None => ratio(data, v, vr),
        };
        if g == r {
            continue;
        }
        others += 1;
        sum += rd.abs();
        max_rd = max_rd.max(rd.abs());
        if let Ok(rr) = out.rr[g] {
            max_rr = Some(max_rr.map_or(rr, |m: f64| m.max(rr)));
        }
        if trends {
            out.trend[g] = gap_trend(data, g, r, k, rd);
        }
    }
    if others == 0 {
        return out;
    }
    out.max_rd = Some(max_rd);
    if let Some(why) = ratios_why {
        out.max_rr = Err(why);
        out.index = Err(why);
        return out;
    }
    out.max_rr = max_rr.ok_or("a rate is 0");
    out.index = if vr == 0.0 {
        Err("the reference rate is 0")
    } else {
        let id = sum / others as f64 / vr.abs() * 100.0;
        if id.is_finite() {
            Ok(id)
        } else {
            Err("too large to show")
        }
    };
    out
}

/// The figures at period index `k`.
pub(crate) fn at_index(data: &DimensionData, k: usize) -> EquityFigures {
    let label = data.periods[k].label();
    let mut f = empty(data, Some(label.clone()));
    let nums = numbers(data, k, true);
    for (g, group) in data.groups.iter().enumerate() {
        let cell = group.cells.get(k).copied().unwrap_or_default();
        let mut out = blank_group(group, None);
        out.suppressed = cell.suppressed;
        out.margin_of_error = cell.margin_of_error.filter(|m| m.is_finite());
        out.is_reference = nums.reference.as_ref().is_ok_and(|&r| r == g);
        let Some(v) = usable(&cell) else {
            let why = if cell.suppressed {
                f.excluded_suppressed.push(group.name.clone());
                "suppressed by the source: excluded".to_string()
            } else {
                format!("no value for {label}")
            };
            for field in ["value", "rate_difference", "rate_ratio", "gap_trend"] {
                out.why.insert(field.into(), why.clone());
            }
            f.groups.push(out);
            continue;
        };
        out.value = Some(v);
        match &nums.reference {
            Err(why) => {
                for field in ["rate_difference", "rate_ratio", "gap_trend"] {
                    out.why.insert(field.into(), why.clone());
                }
            }
            Ok(r) => {
                out.rate_difference = nums.rd[g];
                match nums.rr[g] {
                    Ok(rr) => out.rate_ratio = Some(rr),
                    Err(why) => {
                        out.why.insert("rate_ratio".into(), why.into());
                    }
                }
                if g == *r {
                    out.why
                        .insert("gap_trend".into(), "the reference group".into());
                } else if let Some((trend, j, before)) = nums.trend[g] {
                    out.gap_trend = Some(trend);
                    out.previous_period = Some(data.periods[j].label());
                    out.previous_rate_difference = Some(before);
                } else {
                    out.why.insert(
                        "gap_trend".into(),
                        format!(
                            "no earlier period has values for both \"{}\" and \"{}\"",
                            group.name, data.groups[*r].name
                        ),
                    );
                }
            }
        }
        f.groups.push(out);
    }
    match &nums.reference {
        Err(why) => {
            for field in [
                "reference_group",
                "max_rate_ratio",
                "max_rate_difference",
                "index_of_disparity",
            ] {
                f.why.insert(field.into(), why.clone());
            }
        }
        Ok(r) => {
            f.reference_group = Some(data.groups[*r].name.clone());
            f.reference_group_id = Some(data.groups[*r].id.clone());
            f.max_rate_difference = nums.max_rd;
            if nums.max_rd.is_none() {
                f.why
                    .insert("max_rate_difference".into(), NONE_OTHER.into());
            }
            match nums.max_rr {
                Ok(v) => f.max_rate_ratio = Some(v),
                Err(why) => {
                    f.why.insert("max_rate_ratio".into(), why.into());
                }
            }
            match nums.index {
                Ok(v) => f.index_of_disparity = Some(v),
                Err(why) => {
                    f.why.insert("index_of_disparity".into(), why.into());
                }
            }
        }
    }
    f
}

/// The gap series of every group other than the reference (see the module docs for
/// which reference).
pub fn gap_series(data: &DimensionData) -> GapSeriesSet {
    let mut set = GapSeriesSet {
        measure_id: data.measure_id.clone(),
        dimension_id: data.dimension_id.clone(),
        dimension: data.dimension.clone(),
        reference_group: None,
        series: Vec::new(),
        why: None,
    };
    let Some(k) = latest_period(data) else {
        set.why = Some(format!("no group of \"{}\" has a value", data.dimension));
        return set;
    };
    let r = match reference(data, k) {
        Ok(r) => r,
        Err(why) => {
            set.why = Some(why);
            return set;
        }
    };
    set.reference_group = Some(data.groups[r].name.clone());
    let rules = Rules {
        polarity: Polarity::Lower,
        unit: data.unit,
        baseline_period: None,
        tolerance_pct: 10.0,
        cutoff: None,
        expected: None,
    };
    for (g, group) in data.groups.iter().enumerate() {
        if g == r {
            continue;
        }
        let mut points = Vec::new();
        let mut scored = Vec::new();
        for (j, period) in data.periods.iter().enumerate() {
            if let (Some(v), Some(vr)) = (value_of(data, g, j), value_of(data, r, j)) {
                let rd = v - vr;
                points.push(GapPoint {
                    period: period.label(),
                    value: v,
                    reference_value: vr,
                    rate_difference: rd,
                    rate_ratio: ratio(data, v, vr).ok(),
                });
                let mut p = Point::new(*period);
                p.actual = Some(rd.abs());
                scored.push(p);
            }
        }
        if points.is_empty() {
            continue;
        }
        let figures = scorecard::figures::figures(&rules, &scored);
        let sentence = sentence(&group.name, &data.groups[r].name, &figures);
        set.series.push(GapSeries {
            group: group.name.clone(),
            group_id: group.id.clone(),
            reference_group: data.groups[r].name.clone(),
            reference_group_id: data.groups[r].id.clone(),
            points,
            figures,
            sentence,
        });
    }
    set
}

/// The sentence a gap's trend says.
fn sentence(group: &str, reference: &str, f: &scorecard::Figures) -> String {
    let gap = format!("The gap between {group} and {reference}");
    let n = f.trend_count;
    let since = f.prior_period.as_deref().unwrap_or("the period before");
    match (f.trend_direction, n) {
        (Direction::Down, 1) => format!("{gap} has closed since {since}."),
        (Direction::Down, n) => format!("{gap} has closed {n} periods in a row."),
        (Direction::Up, 1) => format!("{gap} has widened since {since}."),
        (Direction::Up, n) => format!("{gap} has widened {n} periods in a row."),
        (Direction::Flat, 1) => format!("{gap} has not changed since {since}."),
        (Direction::Flat, n) => format!("{gap} has not changed for {n} periods."),
        (Direction::None, _) => {
            format!("{gap} is known for one period only: no trend yet.")
        }
    }
}

/// The summary line of a measure and a dimension; `None` when fewer than two groups have
/// a value in any period (nothing to compare).
pub fn summary_row(
    data: &DimensionData,
    result_id: Option<String>,
    program_id: Option<String>,
) -> Option<EquitySummaryRow> {
    let groups = (0..data.groups.len())
        .filter(|&g| (0..data.periods.len()).any(|k| value_of(data, g, k).is_some()))
        .count();
    if groups < 2 {
        return None;
    }
    let two = |k: &usize| with_values(data, *k) >= 2;
    let now = (0..data.periods.len()).rev().find(two);
    let chosen = data
        .baseline_period
        .and_then(|b| data.periods.iter().position(|p| *p == b))
        .filter(two);
    let base = chosen.or_else(|| (0..data.periods.len()).find(two));
    let mut row = EquitySummaryRow {
        measure_id: data.measure_id.clone(),
        measure: data.measure.clone(),
        result_id,
        program_id,
        unit: data.unit,
        polarity: data.polarity,
        dimension_id: data.dimension_id.clone(),
        dimension: data.dimension.clone(),
        groups: groups as u32,
        period: None,
        reference_group: None,
        max_rate_ratio: None,
        max_rate_difference: None,
        index_of_disparity: None,
        baseline_period: None,
        baseline_max_rate_ratio: None,
        baseline_max_rate_difference: None,
        largest_gap: None,
        gaps_closing: 0,
        gaps_widening: 0,
        gaps_unchanged: 0,
        gaps_without_trend: 0,
        why: BTreeMap::new(),
    };
    let Some(now) = now else {
        row.why.insert(
            "period".into(),
            "no period has values for two groups".into(),
        );
        return Some(row);
    };
    let f = numbers(data, now, true);
    row.period = Some(data.periods[now].label());
    match &f.reference {
        Ok(r) => row.reference_group = Some(data.groups[*r].name.clone()),
        Err(why) => {
            for field in [
                "reference_group",
                "max_rate_ratio",
                "max_rate_difference",
                "index_of_disparity",
            ] {
                row.why.insert(field.into(), why.clone());
            }
        }
    }
    if f.reference.is_ok() {
        row.max_rate_difference = f.max_rd;
        if f.max_rd.is_none() {
            row.why
                .insert("max_rate_difference".into(), NONE_OTHER.into());
        }
        match f.max_rr {
            Ok(v) => row.max_rate_ratio = Some(v),
            Err(why) => {
                row.why.insert("max_rate_ratio".into(), why.into());
            }
        }
        match f.index {
            Ok(v) => row.index_of_disparity = Some(v),
            Err(why) => {
                row.why.insert("index_of_disparity".into(), why.into());
            }
        }
    }
    let reference = f.reference.as_ref().ok().copied();
    let mut largest: Option<(usize, f64)> = None;
    for (g, rd) in f.rd.iter().enumerate() {
        let Some(rd) = *rd else { continue };
        if Some(g) == reference {
            continue;
        }
        match f.trend[g] {
            Some((GapTrend::Closing, ..)) => row.gaps_closing += 1,
            Some((GapTrend::Widening, ..)) => row.gaps_widening += 1,
            Some((GapTrend::Unchanged, ..)) => row.gaps_unchanged += 1,
            None => row.gaps_without_trend += 1,
        }
        if largest.is_none_or(|(_, b)| rd.abs() > b.abs()) {
            largest = Some((g, rd));
        }
    }
    row.largest_gap = largest.map(|(g, rd)| LargestGap {
        group: data.groups[g].name.clone(),
        group_id: data.groups[g].id.clone(),
        rate_difference: rd,
        rate_ratio: f.rr[g].ok(),
        gap_trend: f.trend[g].map(|t| t.0),
    });
    if let Some(b) = base {
        let fb = numbers(data, b, false);
        row.baseline_period = Some(data.periods[b].label());
        if fb.reference.is_ok() {
            row.baseline_max_rate_difference = fb.max_rd;
        }
        match (&fb.reference, fb.max_rr) {
            (Ok(_), Ok(v)) => row.baseline_max_rate_ratio = Some(v),
            (Ok(_), Err(why)) => {
                row.why.insert("baseline_max_rate_ratio".into(), why.into());
            }
            (Err(why), _) => {
                row.why
                    .insert("baseline_max_rate_ratio".into(), why.clone());
            }
        }
    }
    Some(row)
}

/// The share of gaps closing (and widening) among `rows`' gaps with a trend.
pub fn rollup(scope: RollupScope, id: &str, name: &str, rows: &[&EquitySummaryRow]) -> GapRollup {
    let closing: u32 = rows.iter().map(|r| r.gaps_closing).sum();
    let widening: u32 = rows.iter().map(|r| r.gaps_widening).sum();
    let with_trend: u32 = closing + widening + rows.iter().map(|r| r.gaps_unchanged).sum::<u32>();
    GapRollup {
        scope,
        id: id.to_string(),
        name: name.to_string(),
        gaps_closing: share(closing, with_trend, "gaps", "closing", " with a trend"),
        gaps_widening: share(widening, with_trend, "gaps", "widening", " with a trend"),
    }
}
