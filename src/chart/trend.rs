//! The trend chart: a [`TrendChart`] drawn to an SVG string. This file resolves the spec
//! onto the period axis and lays the chart out; `trend_parts.rs` draws the plot and
//! `trend_blocks.rs` the blocks above and below it.
//!
//! Rules chosen (the tests pin them):
//! - Periods are evenly spaced bands; a value sits in the middle of its band. A crowded
//!   axis shows calendar-aligned labels only (`labels.rs`).
//! - The value axis starts at zero when every value is non-negative and the smallest is at
//!   most 35% of the largest; otherwise it hugs the data (5% below, 8% above, for labels).
//!   Percentages never go past 0-100. A chart with no value at all says so.
//! - A missing period breaks the line (a gap); a suppressed one breaks it too and gets a
//!   hollow "S" marker on the x axis; zero is an ordinary point. So the three never look
//!   alike.
//! - Markers are drawn while periods are at least four marker radii apart; beyond that the
//!   series differ by dash instead, and only the latest point keeps its marker.
//! - Notes are numbered by series, then period; the list under the chart keeps to 30% of
//!   the height and says how many notes it left out.
//! - A value with open comments gets a filled numbered badge (a data note's is hollow) and
//!   a line among the notes: "2021-22: 2 comments, latest: ..." (the latest cut at
//!   [`COMMENT_EXCERPT`] characters). Resolved comments are not shown.

use super::font::text_width;
use super::format;
use super::spec::{clean, CommentMark, Target, TrendChart};
use super::theme::Theme;
use super::trend_blocks::{Bottom, Top};
use super::trend_parts as parts;
use super::ChartSize;
use crate::error::Result;
use crate::model::Unit;
use std::collections::HashMap;

/// A period's value on one series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Slot {
    Missing,
    Suppressed,
    Actual(f64),
}

/// A numbered data note.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Note {
    pub number: usize,
    pub series: usize,
    pub index: usize,
    pub value: Option<f64>,
    /// "2021-22: The assessment was waived" (with the series name when there are several).
    pub text: String,
    /// The value's open comments ("2021-22: 2 comments, latest: ..."), drawn as a filled
    /// badge; otherwise a data note.
    pub comment: bool,
}

/// The longest excerpt of a value's latest comment on the chart, in characters.
pub(crate) const COMMENT_EXCERPT: usize = 80;

/// "2 comments, latest: Is this the fall count?" ("1 comment: ..."), the text cut at
/// [`COMMENT_EXCERPT`] characters.
fn comment_text(c: &CommentMark) -> String {
    let text = clean(&c.latest);
    let excerpt = if text.chars().count() > COMMENT_EXCERPT {
        let cut: String = text.chars().take(COMMENT_EXCERPT - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        text
    };
    if c.open == 1 {
        format!("1 comment: {excerpt}")
    } else {
        format!("{} comments, latest: {excerpt}", c.open)
    }
}

/// The spec placed on the axis.
pub(crate) struct Resolved {
    pub periods: Vec<String>,
    pub names: Vec<String>,
    pub slots: Vec<Vec<Slot>>,
    pub targets: Vec<Option<Target>>,
    pub forecast: Vec<(usize, f64)>,
    pub baseline: Option<usize>,
    pub notes: Vec<Note>,
}

impl Resolved {
    pub fn new(chart: &TrendChart) -> Resolved {
        let periods: Vec<String> = chart.periods.iter().map(|p| clean(p)).collect();
        let at: HashMap<&str, usize> = chart
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let n = periods.len();
        let many = chart.series.len() > 1;
        let mut notes = Vec::new();
        let mut slots = Vec::new();
        for (s, series) in chart.series.iter().enumerate() {
            let mut row = vec![Slot::Missing; n];
            // (period index, text, a comment?); a data note before the comments.
            let mut noted: Vec<(usize, String, bool)> = Vec::new();
            for p in &series.points {
                let Some(&i) = at.get(p.period.as_str()) else {
                    continue;
                };
                row[i] = match p.value {
                    _ if p.suppressed => Slot::Suppressed,
                    Some(v) if v.is_finite() => Slot::Actual(v),
                    _ => Slot::Missing,
                };
                if let Some(note) = p.note.as_deref().filter(|t| !t.trim().is_empty()) {
                    noted.push((i, clean(note), false));
                }
                if let Some(c) = p.comments.as_ref().filter(|c| c.open > 0) {
                    noted.push((i, comment_text(c), true));
                }
            }
            noted.sort_by_key(|(i, _, _)| *i);
            for (i, note, comment) in noted {
                let text = if many {
                    format!("{}, {}: {}", clean(&series.name), periods[i], note)
                } else {
                    format!("{}: {}", periods[i], note)
                };
                notes.push(Note {
                    number: notes.len() + 1,
                    series: s,
                    index: i,
                    value: match row[i] {
                        Slot::Actual(v) => Some(v),
                        _ => None,
                    },
                    text,
                    comment,
                });
            }
            slots.push(row);
        }
        let mut targets = vec![None; n];
        for t in &chart.targets {
            if let Some(&i) = at.get(t.period.as_str()) {
                targets[i] = Some(t.target);
            }
        }
        let mut forecast: Vec<(usize, f64)> = chart
            .forecast
            .iter()
            .filter(|f| f.value.is_finite())
            .filter_map(|f| at.get(f.period.as_str()).map(|&i| (i, f.value)))
            .collect();
        forecast.sort_by_key(|(i, _)| *i);
        Resolved {
            names: chart.series.iter().map(|s| clean(&s.name)).collect(),
            baseline: chart.baseline.as_deref().and_then(|b| at.get(b).copied()),
            periods,
            slots,
            targets,
            forecast,
            notes,
        }
    }

    /// Every value the axis must show: actuals, targets, forecasts.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        let actuals = self.slots.iter().flatten().filter_map(|s| match s {
            Slot::Actual(v) => Some(*v),
            _ => None,
        });
        let targets = self.targets.iter().flatten().flat_map(|t| match *t {
            Target::Value(v) => [Some(v), None],
            Target::Range { low, high } => [low, high],
        });
        actuals
            .chain(targets.flatten())
            .chain(self.forecast.iter().map(|f| f.1))
            .filter(|v| v.is_finite())
    }

    /// The latest actual of series `s`: (period index, value).
    pub fn latest(&self, s: usize) -> Option<(usize, f64)> {
        let row = self.slots.get(s)?;
        row.iter()
            .enumerate()
            .rev()
            .find_map(|(i, slot)| match slot {
                Slot::Actual(v) => Some((i, *v)),
                _ => None,
            })
    }
}

/// Positions of the chart's parts, in pixels.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub theme: Theme,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// Width of one period's band.
    pub step: f64,
    pub ticks: format::Ticks,
    pub tick_decimals: usize,
    /// Which periods get a label.
    pub labelled: Vec<bool>,
    /// Markers fit (periods are far enough apart).
    pub markers: bool,
}

impl Frame {
    pub fn x(&self, i: usize) -> f64 {
        self.left + self.step * (i as f64 + 0.5)
    }

    pub fn y(&self, v: f64) -> f64 {
        let span = (self.ticks.max - self.ticks.min).max(f64::MIN_POSITIVE);
        self.bottom - (v - self.ticks.min) / span * (self.bottom - self.top)
    }
}

/// The value range the axis covers, before nice rounding; `None` with no value at all.
fn value_range(chart: &TrendChart, r: &Resolved) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = r
        .values()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return None;
    }
    // Room above the highest value for its label and note marker, and below the lowest
    // so a line on it is not hidden by the axis.
    let span = (hi - lo).max(hi.abs().max(lo.abs()) * 0.05);
    if lo >= 0.0 && lo <= 0.35 * hi {
        lo = 0.0;
    } else {
        lo -= span * 0.05;
    }
    hi += span * 0.08;
    if chart.unit == Unit::Percent {
        lo = lo.max(0.0);
        hi = hi.min(100.0).max(lo);
    }
    Some((lo, hi))
}

/// The width of the widest label (measuring only the longest few by character count).
fn widest(labels: &[String], px: f64) -> f64 {
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    labels
        .iter()
        .filter(|l| l.chars().count() == longest)
        .take(4)
        .map(|l| text_width(l, px, false))
        .fold(0.0, f64::max)
}

/// Draws `chart` at `size` as an SVG document.
pub fn render(chart: &TrendChart, size: ChartSize) -> Result<String> {
    let theme = Theme::for_size(size)?;
    let r = Resolved::new(chart);
    let (w, h) = (f64::from(theme.width), f64::from(theme.height));
    let top_block = Top::layout(chart, &r, &theme);
    let bottom_block = Bottom::layout(chart, &r, &theme);
    let x_label_h = theme.text_px * 1.9;
    let top = top_block.height;
    let bottom = (h - bottom_block.height - x_label_h).max(top + 20.0);

    let range = value_range(chart, &r);
    let count = ((bottom - top) / (theme.text_px * 3.2)).clamp(2.0, 8.0) as usize;
    let (lo, hi) = range.unwrap_or((0.0, 1.0));
    let ticks = format::ticks(lo, hi, count);
    let tick_decimals = format::decimals_for(ticks.step);
    let label_w = ticks
        .values
        .iter()
        .map(|v| {
            text_width(
                &format::chart_tick(chart, *v, tick_decimals),
                theme.text_px,
                false,
            )
        })
        .fold(0.0, f64::max);
    let left = theme.pad + label_w + theme.text_px * 0.6;
    let widest_period = widest(&r.periods, theme.text_px);
    let right = (w - theme.pad - widest_period / 2.0).max(left + 20.0);
    let step = (right - left) / r.periods.len().max(1) as f64;
    let every = ((widest_period + theme.text_px) / step).ceil().max(1.0) as usize;
    let frame = Frame {
        theme,
        left,
        right,
        top,
        bottom,
        step,
        ticks,
        tick_decimals,
        labelled: super::labels::shown(&r.periods, chart.calendar, every),
        markers: step >= f64::from(theme.marker) * 4.0,
    };
    super::draw::svg(theme.width, theme.height, true, |pen| {
        parts::axes(pen, chart, &r, &frame)?;
        if range.is_none() {
            parts::empty(pen, &frame)?;
        }
        parts::targets(pen, &r, &frame)?;
        parts::baseline(pen, &r, &frame)?;
        parts::forecast(pen, &r, &frame)?;
        parts::series(pen, chart, &r, &frame)?;
        parts::note_markers(pen, &r, &frame)?;
        top_block.draw(pen, &frame)?;
        bottom_block.draw(pen, &frame, bottom + x_label_h)
    })
}

/// The notes as listed under the chart ("2021-22: ..."), numbered from 1 in this order.
pub fn notes(chart: &TrendChart) -> Vec<String> {
    Resolved::new(chart)
        .notes
        .into_iter()
        .map(|n| n.text)
        .collect()
}
