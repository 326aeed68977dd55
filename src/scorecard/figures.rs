//! The figures of one measure from its total series: current and prior actual, current and
//! next target, baseline, trend, baseline % change, variance from target, progress to
//! target, status and the next forecast (DOMAIN.md "Scorecard figures"; the choices DOMAIN.md
//! leaves open are listed in the [module docs of `scorecard`](super)).
//!
//! Pure: a [`Rules`] and a slice of [`Point`]s in, a [`Figures`] out. Nothing here reads the
//! clock or the database, returns an error, or produces NaN or infinity.

pub use super::compare::{same, step, trend, Range, FLAT};
use super::forecast;
use crate::model::{Calendar, CalendarSpec, Period, Polarity, Unit};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use ts_rs::TS;

/// One period of a measure's total series, as stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub period: Period,
    pub actual: Option<f64>,
    pub target: Option<f64>,
    pub target_low: Option<f64>,
    pub target_high: Option<f64>,
    /// A manual forecast value for this period.
    pub forecast: Option<f64>,
}

impl Point {
    /// A period with nothing in it yet.
    pub fn new(period: Period) -> Point {
        Point {
            period,
            actual: None,
            target: None,
            target_low: None,
            target_high: None,
            forecast: None,
        }
    }
}

/// What the figures of a measure depend on besides its values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    pub polarity: Polarity,
    pub unit: Unit,
    /// The chosen baseline period (default: the first period with an actual).
    pub baseline_period: Option<Period>,
    /// The initiative's status tolerance, % of |T_t - B|.
    pub tolerance_pct: f64,
    /// Actuals of periods starting after this day are ignored (`--as-of`).
    pub cutoff: Option<NaiveDate>,
    /// The latest period the measure is expected to have data for (see `as_of`).
    pub expected: Option<Period>,
}

/// The direction of the current trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
    Flat,
    /// Fewer than two actuals.
    None,
}

/// Where the measure stands against its current target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Close,
    OffTrack,
    NoTarget,
    NoData,
}

/// Where the next forecast value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ForecastSource {
    /// A value the user entered for that period.
    Manual,
    /// The least-squares line through the actuals.
    Fitted,
}

/// A period label shared by every row that shows it (one allocation per period, not per
/// value); serialised as a plain string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label(Arc<str>);

impl Label {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// One actual, for sparklines.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryPoint {
    #[ts(type = "string")]
    pub period: Label,
    pub actual: f64,
}

/// Every figure of one measure. `None` figures have a reason in `why`, keyed by field name.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Figures {
    /// The label of the latest period with an actual (A_t's).
    pub period: Option<String>,
    pub actual: Option<f64>,
    pub prior_actual: Option<f64>,
    pub target: Option<f64>,
    pub next_target: Option<f64>,
    pub baseline: Option<f64>,
    pub baseline_change_pct: Option<f64>,
    pub variance_from_target_pct: Option<f64>,
    pub progress_to_target_pct: Option<f64>,
    pub trend_direction: Direction,
    pub trend_count: u32,
    pub trend_good: Option<bool>,
    pub status: Status,
    pub forecast_next: Option<f64>,
    pub prior_period: Option<String>,
    pub baseline_period: Option<String>,
    /// The current target range (polarity `range`).
    pub target_low: Option<f64>,
    pub target_high: Option<f64>,
    pub next_target_period: Option<String>,
    pub next_target_low: Option<f64>,
    pub next_target_high: Option<f64>,
    pub forecast_period: Option<String>,
    pub forecast_source: Option<ForecastSource>,
    pub latest_expected_period: Option<String>,
    /// Has an actual for the latest expected period or a later one.
    pub current_data: bool,
    /// The actuals, in period order (within the as-of cut-off).
    pub history: Vec<HistoryPoint>,
    /// Why each `null` figure is undefined, by field name.
    pub why: BTreeMap<String, String>,
}

/// Records why `field` is undefined.
fn note(why: &mut BTreeMap<String, String>, field: &str, text: impl Into<String>) {
    why.insert(field.to_string(), text.into());
}

/// `Some(v)` when `v` is finite; otherwise records why in `why` and gives `None`.
fn finite(why: &mut BTreeMap<String, String>, field: &str, v: f64) -> Option<f64> {
    if v.is_finite() {
        Some(v)
    } else {
        why.insert(field.into(), "too large to show".into());
        None
    }
}

/// Period labels, formatted once per period for a whole scorecard (formatting a label for
/// every value was a tenth of the scorecard's time). Periods of each calendar (other than
/// spans) are kept by [`Period::index`] in a list, so finding one needs no hashing.
#[derive(Debug, Default)]
pub struct Labels {
    /// Per calendar: the index of the list's first period, and the labels from there on.
    calendars: Vec<(CalendarSpec, i64, Vec<Option<Label>>)>,
}

/// How far from the first period seen a calendar's list may grow.
const LABEL_SPAN: i64 = 4096;

impl Labels {
    /// The label of `p`.
    pub fn of(&mut self, p: Period) -> String {
        self.shared(p).as_str().to_string()
    }

    /// The label of `p`, shared.
    pub fn shared(&mut self, p: Period) -> Label {
        let new = |p: Period| Label(p.label().into());
        let spec = p.spec();
        if spec.calendar == Calendar::Span {
            return new(p);
        }
        let index = p.index();
        let at = match self.calendars.iter().position(|c| c.0 == spec) {
            Some(at) => at,
            None => {
                self.calendars.push((spec, index, Vec::new()));
                self.calendars.len() - 1
            }
        };
        let (_, first, list) = &mut self.calendars[at];
        if index < *first {
            let gap = *first - index;
            if gap + list.len() as i64 > LABEL_SPAN {
                return new(p);
            }
            list.splice(0..0, std::iter::repeat_n(None, gap as usize));
            *first = index;
        }
        let offset = (index - *first) as usize;
        if offset as i64 >= LABEL_SPAN {
            return new(p);
        }
        if offset >= list.len() {
            list.resize(offset + 1, None);
        }
        list[offset].get_or_insert_with(|| new(p)).clone()
    }
}

/// Every figure of a measure. `points` may come in any order and may hold periods with no
/// actual (targets or forecasts only); non-finite numbers are treated as missing.
pub fn figures(rules: &Rules, points: &[Point]) -> Figures {
    figures_with(rules, points, &mut Labels::default())
}

/// [`figures`], with labels from (and into) `labels`.
pub fn figures_with(rules: &Rules, points: &[Point], labels: &mut Labels) -> Figures {
    let mut points: Vec<Point> = points.iter().map(clean).collect();
    sort(&mut points);
    if let Some(cutoff) = rules.cutoff {
        for p in points.iter_mut().filter(|p| p.period.start() > cutoff) {
            p.actual = None;
        }
    }
    let actuals: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.actual.map(|a| (i, a)))
        .collect();
    let mut why = BTreeMap::new();
    let range_polarity = rules.polarity == Polarity::Range;

    // A_t, A_(t-1), and the trend.
    let latest = actuals.last().map(|&(i, a)| (points[i], a));
    let prior = actuals.len().checked_sub(2).map(|k| actuals[k]);
    let values: Vec<f64> = actuals.iter().map(|a| a.1).collect();
    let (direction, count) = trend(&values);
    let Some((latest, a)) = latest else {
        return no_data(rules, &points, why, labels);
    };

    // T_t and the range in force.
    let range = if range_polarity {
        Range::of(&latest)
    } else {
        latest.target.map(|t| Range {
            low: Some(t),
            high: Some(t),
        })
    };
    let target = if range_polarity {
        latest
            .target
            .filter(|_| latest.target_low.is_none() && latest.target_high.is_none())
    } else {
        latest.target
    };
    let label = labels.of(latest.period);
    if range.is_none() {
        note(&mut why, "target", format!("no target set for {label}"));
    } else if target.is_none() {
        note(
            &mut why,
            "target",
            "a target range: see target_low and target_high",
        );
    }

    // B.
    let (baseline, baseline_period) = baseline(rules, &points, &mut why, labels);

    // Next target: the first target set for a later period.
    let latest_at = actuals.last().map_or(0, |a| a.0);
    let (next, next_target) = next_target(&points[latest_at + 1..], range_polarity);
    match next {
        None => note(
            &mut why,
            "next_target",
            format!("no target set after {label}"),
        ),
        Some(_) if next_target.is_none() => note(
            &mut why,
            "next_target",
            "a target range: see next_target_low and next_target_high",
        ),
        Some(_) => {}
    }

    // Trend good.
    let trend_good = match direction {
        Direction::None => {
            note(&mut why, "trend_good", "fewer than two actuals");
            None
        }
        Direction::Flat => {
            note(&mut why, "trend_good", "unchanged: flat is neutral");
            None
        }
        _ => match rules.polarity {
            Polarity::Higher => Some(direction == Direction::Up),
            Polarity::Lower => Some(direction == Direction::Down),
            Polarity::Range => match (range, prior) {
                (Some(r), Some((_, before))) => {
                    let (now, then) = (r.distance(a), r.distance(before));
                    if now == 0.0 && then == 0.0 {
                        Some(true)
                    } else if same(now, then) {
                        note(
                            &mut why,
                            "trend_good",
                            "as far from the target range as before",
                        );
                        None
                    } else {
                        Some(now < then)
                    }
                }
                _ => {
                    note(
                        &mut why,
                        "trend_good",
                        format!("no target range set for {label}"),
                    );
                    None
                }
            },
        },
    };

    // Percentages.
    let baseline_change_pct = match baseline {
        None => {
            note(&mut why, "baseline_change_pct", "no baseline");
            None
        }
        Some(0.0) => {
            note(&mut why, "baseline_change_pct", "the baseline is 0");
            None
        }
        Some(b) => finite(&mut why, "baseline_change_pct", (a - b) / b.abs() * 100.0),
    };
    // Against a range, A_t is measured to the nearest bound (0 inside).
    let variance_from_target_pct = match range {
        None => {
            note(&mut why, "variance_from_target_pct", "no target");
            None
        }
        Some(r) if range_polarity && r.distance(a) == 0.0 => Some(0.0),
        Some(r) => {
            let t = r.nearest(a);
            if t == 0.0 {
                note(&mut why, "variance_from_target_pct", "the target is 0");
                None
            } else {
                finite(
                    &mut why,
                    "variance_from_target_pct",
                    (a - t) / t.abs() * 100.0,
                )
            }
        }
    };
    let progress_to_target_pct = match (range, baseline) {
        (None, _) => {
            note(&mut why, "progress_to_target_pct", "no target");
            None
        }
        (_, None) => {
            note(&mut why, "progress_to_target_pct", "no baseline");
            None
        }
        (Some(r), Some(b)) => {
            let t = r.nearest(b);
            if same(t, b) {
                let text = if range_polarity {
                    "the baseline is already inside the target range"
                } else {
                    "the target equals the baseline"
                };
                note(&mut why, "progress_to_target_pct", text);
                None
            } else {
                finite(
                    &mut why,
                    "progress_to_target_pct",
                    (a - b) / (t - b) * 100.0,
                )
            }
        }
    };

    // Status.
    let status = match range {
        None => Status::NoTarget,
        Some(r) => {
            let met = match rules.polarity {
                Polarity::Higher => r.low.is_some_and(|t| a >= t),
                Polarity::Lower => r.low.is_some_and(|t| a <= t),
                Polarity::Range => r.distance(a) == 0.0,
            };
            let tolerance = baseline
                .map(|b| rules.tolerance_pct.max(0.0) / 100.0 * r.distance(b))
                .unwrap_or(0.0);
            if met {
                Status::Met
            } else if r.distance(a) <= tolerance {
                Status::Close
            } else {
                Status::OffTrack
            }
        }
    };

    // Forecast at the period after A_t.
    let next_period = latest.period.next();
    let manual = points
        .iter()
        .find(|p| p.period == next_period)
        .and_then(|p| p.forecast);
    let (forecast_next, forecast_source) = match manual {
        Some(v) => (Some(v), Some(ForecastSource::Manual)),
        None => {
            let xy: Vec<(f64, f64)> = actuals
                .iter()
                .map(|&(i, y)| (points[i].period.index() as f64, y))
                .collect();
            let x = next_period.index() as f64;
            match forecast::project(rules.unit, &xy, &[x]) {
                Some(v) => (
                    finite(&mut why, "forecast_next", v[0]),
                    Some(ForecastSource::Fitted),
                ),
                None => {
                    note(
                        &mut why,
                        "forecast_next",
                        "fewer than two actuals and no manual forecast",
                    );
                    (None, None)
                }
            }
        }
    };

    if prior.is_none() {
        note(&mut why, "prior_actual", "only one actual");
    }
    let current_data = rules.expected.is_some_and(|e| {
        if e.spec() == latest.period.spec() && e.calendar() != Calendar::Span {
            latest.period.index() >= e.index()
        } else {
            latest.period >= e
        }
    });
    Figures {
        period: Some(label),
        actual: Some(a),
        prior_actual: prior.map(|p| p.1),
        target,
        next_target,
        baseline,
        baseline_change_pct,
        variance_from_target_pct,
        progress_to_target_pct,
        trend_direction: direction,
        trend_count: count,
        trend_good,
        status,
        forecast_next,
        prior_period: prior.map(|(i, _)| labels.of(points[i].period)),
        baseline_period,
        target_low: range.filter(|_| range_polarity).and_then(|r| r.low),
        target_high: range.filter(|_| range_polarity).and_then(|r| r.high),
        next_target_period: next.map(|p| labels.of(p.period)),
        next_target_low: next.filter(|_| range_polarity).and_then(|p| p.target_low),
        next_target_high: next.filter(|_| range_polarity).and_then(|p| p.target_high),
        forecast_period: forecast_source.map(|_| labels.of(next_period)),
        forecast_source,
        latest_expected_period: rules.expected.map(|e| labels.of(e)),
        current_data,
        history: history(&points, labels),
        why,
    }
}

/// Non-finite numbers become missing.
fn clean(p: &Point) -> Point {
    let f = |v: Option<f64>| v.filter(|x| x.is_finite());
    Point {
        period: p.period,
        actual: f(p.actual),
        target: f(p.target),
        target_low: f(p.target_low),
        target_high: f(p.target_high),
        forecast: f(p.forecast),
    }
}

fn history(points: &[Point], labels: &mut Labels) -> Vec<HistoryPoint> {
    points
        .iter()
        .filter_map(|p| {
            p.actual.map(|actual| HistoryPoint {
                period: labels.shared(p.period),
                actual,
            })
        })
        .collect()
}

/// B and its period's label: the chosen baseline period's actual, else the first actual.
fn baseline(
    rules: &Rules,
    points: &[Point],
    why: &mut BTreeMap<String, String>,
    labels: &mut Labels,
) -> (Option<f64>, Option<String>) {
    match rules.baseline_period {
        Some(period) => {
            let b = points
                .iter()
                .find(|p| p.period == period)
                .and_then(|p| p.actual);
            if b.is_none() {
                let text = format!("the baseline period {period} has no actual");
                note(why, "baseline", text);
            }
            (b, Some(labels.of(period)))
        }
        None => match points.iter().find(|p| p.actual.is_some()) {
            Some(p) => (p.actual, Some(labels.of(p.period))),
            None => {
                note(why, "baseline", "no actual");
                (None, None)
            }
        },
    }
}

/// Sorts points by period. Periods of one calendar other than spans sort by
/// [`Period::index`], which is much cheaper than their full order (first day, last day,
/// label) and agrees with it; spans of different lengths share indices.
fn sort(points: &mut [Point]) {
    let spec = points.first().map(|p| p.period.spec());
    let indexed = spec.is_some_and(|s| s.calendar != Calendar::Span);
    if indexed && points.iter().all(|p| Some(p.period.spec()) == spec) {
        points.sort_unstable_by_key(|p| p.period.index());
    } else {
        points.sort_by_key(|p| p.period);
    }
}

/// The first of `points` (sorted) with a target or a range, and its single target (`None`
/// when it has a range).
fn next_target(points: &[Point], range_polarity: bool) -> (Option<&Point>, Option<f64>) {
    let ranged = |p: &Point| range_polarity && (p.target_low.is_some() || p.target_high.is_some());
    let next = points.iter().find(|p| p.target.is_some() || ranged(p));
    (next, next.filter(|p| !ranged(p)).and_then(|p| p.target))
}

/// The figures of a measure with no actual (within the cut-off).
fn no_data(
    rules: &Rules,
    points: &[Point],
    mut why: BTreeMap<String, String>,
    labels: &mut Labels,
) -> Figures {
    let range_polarity = rules.polarity == Polarity::Range;
    let (next, next_target) = next_target(points, range_polarity);
    for field in [
        "period",
        "actual",
        "prior_actual",
        "target",
        "baseline",
        "baseline_change_pct",
        "variance_from_target_pct",
        "progress_to_target_pct",
        "trend_good",
        "forecast_next",
    ] {
        why.insert(field.into(), "no actual".into());
    }
    if next_target.is_none() {
        note(&mut why, "next_target", "no target set");
    }
    Figures {
        period: None,
        actual: None,
        prior_actual: None,
        target: None,
        next_target,
        baseline: None,
        baseline_change_pct: None,
        variance_from_target_pct: None,
        progress_to_target_pct: None,
        trend_direction: Direction::None,
        trend_count: 0,
        trend_good: None,
        status: Status::NoData,
        forecast_next: None,
        prior_period: None,
        baseline_period: rules.baseline_period.map(|p| labels.of(p)),
        target_low: None,
        target_high: None,
        next_target_period: next.map(|p| labels.of(p.period)),
        next_target_low: next.filter(|_| range_polarity).and_then(|p| p.target_low),
        next_target_high: next.filter(|_| range_polarity).and_then(|p| p.target_high),
        forecast_period: None,
        forecast_source: None,
        latest_expected_period: rules.expected.map(|e| labels.of(e)),
        current_data: false,
        history: Vec::new(),
        why,
    }
}
