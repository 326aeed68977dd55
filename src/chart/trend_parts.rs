//! The plot of a trend chart, piece by piece, each drawn into the [`Frame`] that `trend.rs`
//! laid out: axes, targets, baseline, forecast, series and note markers. The blocks above
//! and below the plot are `trend_blocks.rs`'s.

use super::draw::{Align, Pen, Valign};
use super::font::text_width;
use super::format;
use super::spec::{clean, Target, TrendChart};
use super::theme::{self, series_style, Theme};
use super::trend::{Frame, Resolved, Slot};
use crate::error::Result;
use plotters::style::{Color, RGBAColor, RGBColor};

pub(crate) fn solid(c: RGBColor) -> RGBAColor {
    c.to_rgba()
}

/// The dash of series `s` when markers do not fit (in pixels); `None` draws it solid.
pub(crate) fn series_dash(s: usize, f: &Frame) -> Option<(u32, u32)> {
    if f.markers {
        return None;
    }
    let (_, _, dash) = series_style(s);
    dash.map(|(d, g)| (d * f.theme.line * 2, g * f.theme.line * 2))
}

/// Width, dash and gap of target lines.
pub(crate) fn target_pen(t: &Theme) -> (u32, u32, u32) {
    let width = (t.line / 2).max(t.thin).max(2);
    (width, width * 2, width * 2)
}

/// Width, dash and gap of the forecast line.
pub(crate) fn forecast_pen(t: &Theme) -> (u32, u32, u32) {
    let width = (t.line * 2 / 3).max(2);
    (width, width * 4, width * 3)
}

/// Grid, value labels, the x axis and its period labels.
pub(crate) fn axes(pen: &mut Pen, chart: &TrendChart, r: &Resolved, f: &Frame) -> Result<()> {
    let t = &f.theme;
    let values = if r.values().next().is_some() {
        &f.ticks.values[..]
    } else {
        &[]
    };
    for v in values {
        let y = f.y(*v);
        // Zero is drawn as an axis when the values cross it.
        let color = if *v == 0.0 && f.ticks.min < 0.0 {
            theme::AXIS
        } else {
            theme::GRID
        };
        pen.line(&[(f.left, y), (f.right, y)], solid(color), t.thin)?;
        let label = format::chart_tick(chart, *v, f.tick_decimals);
        let at = (f.left - t.text_px * 0.5, y);
        pen.text(
            &label,
            at,
            t.text_px,
            false,
            theme::MUTED,
            Align::Right,
            Valign::Middle,
        )?;
    }
    if let Some(caption) = format::axis_caption(chart.unit, chart.rate_per) {
        let at = (t.pad, f.top - t.small_px * 0.5);
        pen.text(
            &caption,
            at,
            t.small_px,
            false,
            theme::MUTED,
            Align::Left,
            Valign::Bottom,
        )?;
    }
    pen.line(
        &[(f.left, f.bottom), (f.right, f.bottom)],
        solid(theme::AXIS),
        t.thin,
    )?;
    let tick = t.text_px * 0.35;
    // The right end of the last label drawn: a label that would overlap it is left out.
    let mut last_right = f64::NEG_INFINITY;
    for (i, label) in r.periods.iter().enumerate() {
        let x = f.x(i);
        let mut labelled = f.labelled.get(i).copied().unwrap_or(false);
        if labelled {
            let half = text_width(label, t.text_px, false) / 2.0;
            labelled = x - half >= last_right + t.text_px * 0.5;
            if labelled {
                last_right = x + half;
            }
        }
        if labelled || f.step >= 4.0 {
            let len = if labelled { tick } else { tick * 0.5 };
            pen.line(
                &[(x, f.bottom), (x, f.bottom + len)],
                solid(theme::AXIS),
                t.thin,
            )?;
        }
        if labelled {
            let at = (x, f.bottom + tick + t.text_px * 0.3);
            pen.text(
                label,
                at,
                t.text_px,
                false,
                theme::MUTED,
                Align::Center,
                Valign::Top,
            )?;
        }
    }
    Ok(())
}

/// "No values yet" across an empty plot.
pub(crate) fn empty(pen: &mut Pen, f: &Frame) -> Result<()> {
    let at = ((f.left + f.right) / 2.0, (f.top + f.bottom) / 2.0);
    let size = f.theme.text_px * 1.2;
    pen.text(
        "No values yet",
        at,
        size,
        false,
        theme::MUTED,
        Align::Center,
        Valign::Middle,
    )
}

/// Runs of consecutive periods for which `get` gives a value, as stepped lines across
/// each period's band.
fn stepped(r: &Resolved, f: &Frame, get: fn(&Target) -> Option<f64>) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (i, t) in r.targets.iter().enumerate() {
        match t.as_ref().and_then(get) {
            Some(v) => {
                let y = f.y(v);
                current.push((f.x(i) - f.step / 2.0, y));
                current.push((f.x(i) + f.step / 2.0, y));
            }
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Targets: a dotted stepped line; a range as a shaded band between two dotted bounds.
pub(crate) fn targets(pen: &mut Pen, r: &Resolved, f: &Frame) -> Result<()> {
    let (width, dot, gap) = target_pen(&f.theme);
    for (i, target) in r.targets.iter().enumerate() {
        if let Some(Target::Range {
            low: Some(lo),
            high: Some(hi),
        }) = target
        {
            let (x0, x1) = (f.x(i) - f.step / 2.0, f.x(i) + f.step / 2.0);
            pen.rect((x0, f.y(*hi)), (x1, f.y(*lo)), theme::RANGE.mix(0.13))?;
        }
    }
    let low: fn(&Target) -> Option<f64> = |t| match t {
        Target::Range { low, .. } => *low,
        Target::Value(_) => None,
    };
    let high: fn(&Target) -> Option<f64> = |t| match t {
        Target::Range { high, .. } => *high,
        Target::Value(_) => None,
    };
    for run in stepped(r, f, low).into_iter().chain(stepped(r, f, high)) {
        pen.dashed(&run, solid(theme::RANGE), width, dot, gap)?;
    }
    let value: fn(&Target) -> Option<f64> = |t| match t {
        Target::Value(v) => Some(*v),
        Target::Range { .. } => None,
    };
    for run in stepped(r, f, value) {
        pen.dashed(&run, solid(theme::TARGET), width, dot, gap)?;
    }
    Ok(())
}

/// The baseline period: a dotted vertical line labelled "Baseline".
pub(crate) fn baseline(pen: &mut Pen, r: &Resolved, f: &Frame) -> Result<()> {
    let Some(i) = r.baseline else { return Ok(()) };
    let t = &f.theme;
    let x = f.x(i);
    let line = [(x, f.top), (x, f.bottom)];
    pen.dashed(&line, solid(theme::AXIS), t.thin, t.thin * 3, t.thin * 3)?;
    let label_w = text_width("Baseline", t.small_px, false);
    let (at, align) = if x + label_w + 6.0 < f.right {
        ((x + 4.0, f.top + 2.0), Align::Left)
    } else {
        ((x - 4.0, f.top + 2.0), Align::Right)
    };
    pen.text(
        "Baseline",
        at,
        t.small_px,
        false,
        theme::MUTED,
        align,
        Valign::Top,
    )
}

/// The forecast: a dashed continuation from the first series' latest actual.
pub(crate) fn forecast(pen: &mut Pen, r: &Resolved, f: &Frame) -> Result<()> {
    if r.forecast.is_empty() {
        return Ok(());
    }
    let mut pts: Vec<(f64, f64)> = Vec::new();
    if let Some((i, v)) = r.latest(0) {
        pts.push((f.x(i), f.y(v)));
    }
    pts.extend(r.forecast.iter().map(|(i, v)| (f.x(*i), f.y(*v))));
    let color = series_style(0).0.mix(0.85);
    let (width, dash, gap) = forecast_pen(&f.theme);
    if pts.len() == 1 {
        return pen.circle(pts[0], width, color, true, 1);
    }
    pen.dashed(&pts, color, width, dash, gap)
}

/// Every series: line (broken at gaps), markers, the latest point emphasised with its
/// value, and suppressed periods as a hollow "S" marker on the x axis.
pub(crate) fn series(pen: &mut Pen, chart: &TrendChart, r: &Resolved, f: &Frame) -> Result<()> {
    let t = &f.theme;
    // Value labels placed so far (x0, x1, y0, y1): a label that would overlap is left out.
    let mut placed: Vec<[f64; 4]> = Vec::new();
    // The first series is drawn last, on top.
    for s in (0..r.slots.len()).rev() {
        let (color, marker, _) = series_style(s);
        let color = solid(color);
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, slot) in r.slots[s].iter().enumerate() {
            match slot {
                Slot::Actual(v) => runs
                    .last_mut()
                    .into_iter()
                    .for_each(|run| run.push((f.x(i), f.y(*v)))),
                _ => runs.push(Vec::new()),
            }
        }
        for run in runs.iter().filter(|run| !run.is_empty()) {
            match series_dash(s, f) {
                Some((d, g)) => pen.dashed(run, color, t.line, d, g)?,
                None => pen.line(run, color, t.line)?,
            }
            if f.markers {
                for p in run {
                    pen.marker(marker, *p, t.marker, color)?;
                }
            }
        }
        let rad = (t.small_px * 0.75).round() as u32;
        for (k, slot) in r.slots[s].iter().enumerate() {
            if *slot == Slot::Suppressed {
                // Several series suppressed in one period stack upwards.
                let up = f64::from(rad * 2 + 2) * s as f64;
                let at = (f.x(k), f.bottom - f64::from(rad) - 3.0 - up);
                suppressed_marker(pen, at, rad, color, t)?;
            }
        }
        let Some((i, v)) = r.latest(s) else { continue };
        let p = (f.x(i), f.y(v));
        pen.marker(marker, p, t.marker + 2, solid(theme::WHITE))?;
        pen.marker(marker, p, t.marker + 1, color)?;
        let label = clean(&format::chart_value(chart, v));
        let lw = text_width(&label, t.small_px, true);
        // The side of the point its note badge is on, if it has one.
        let note_below = r
            .notes
            .iter()
            .find(|n| n.series == s && n.index == i)
            .map(|_| note_y(r, f, s, i) > p.1);
        let gap = f64::from(t.marker) + 4.0;
        // Above the point, unless the line arrives from above, the note badge is there, or
        // the plot's top is too near; opposite the badge when there is one.
        let from_above = r.slots[s][..i].iter().rev().find_map(|slot| match slot {
            Slot::Actual(prev) => Some(f.y(*prev) < p.1 - 1.0),
            _ => None,
        });
        let room_below = p.1 + gap + t.small_px < f.bottom;
        let below = match note_below {
            Some(badge_below) => !badge_below,
            None => (from_above == Some(true) || p.1 - gap - t.small_px < f.top) && room_below,
        };
        let y = if below { p.1 + gap } else { p.1 - gap };
        let (y0, y1) = if below {
            (y, y + t.small_px)
        } else {
            (y - t.small_px, y)
        };
        let b = [p.0 - lw / 2.0, p.0 + lw / 2.0, y0, y1];
        let clash = placed
            .iter()
            .any(|o| b[0] < o[1] && o[0] < b[1] && b[2] < o[3] && o[2] < b[3]);
        if !clash {
            placed.push(b);
            let valign = if below { Valign::Top } else { Valign::Bottom };
            pen.text(
                &label,
                (p.0, y),
                t.small_px,
                true,
                theme::INK,
                Align::Center,
                valign,
            )?;
        }
    }
    Ok(())
}

/// A hollow circle with "S" in it: a value the source withheld.
pub(crate) fn suppressed_marker(
    pen: &mut Pen,
    at: (f64, f64),
    rad: u32,
    color: RGBAColor,
    t: &Theme,
) -> Result<()> {
    pen.circle(at, rad, solid(theme::WHITE), true, 0)?;
    pen.circle(at, rad, color, false, t.thin)?;
    let ink = RGBColor(color.0, color.1, color.2);
    pen.text(
        "S",
        at,
        t.small_px * 0.85,
        true,
        ink,
        Align::Center,
        Valign::Middle,
    )
}

/// A numbered circle for a data note.
pub(crate) fn note_badge(pen: &mut Pen, at: (f64, f64), number: usize, t: &Theme) -> Result<()> {
    let rad = (t.small_px * 0.72).round() as u32;
    pen.circle(at, rad, solid(theme::WHITE), true, 0)?;
    pen.circle(at, rad, solid(theme::MUTED), false, t.thin)?;
    let size = if number > 9 {
        t.small_px * 0.7
    } else {
        t.small_px * 0.85
    };
    pen.text(
        &number.to_string(),
        at,
        size,
        true,
        theme::INK,
        Align::Center,
        Valign::Middle,
    )
}

/// A filled numbered circle for a value's open comments (a data note's is hollow).
pub(crate) fn comment_badge(pen: &mut Pen, at: (f64, f64), number: usize, t: &Theme) -> Result<()> {
    let rad = (t.small_px * 0.72).round() as u32;
    pen.circle(at, rad, solid(theme::INK), true, 0)?;
    let size = if number > 9 {
        t.small_px * 0.7
    } else {
        t.small_px * 0.85
    };
    pen.text(
        &number.to_string(),
        at,
        size,
        true,
        theme::WHITE,
        Align::Center,
        Valign::Middle,
    )
}

/// Where the note badge of a point goes: above it, unless the point is a dip (its
/// neighbours are higher, so the line arrives from above) or the plot's top is too near.
/// Returns the badge's centre y.
pub(crate) fn note_y(r: &Resolved, f: &Frame, series: usize, index: usize) -> f64 {
    let t = &f.theme;
    let rad = (t.small_px * 0.72).round();
    let clearance = f64::from(t.marker) + 4.0 + rad;
    let row = &r.slots[series];
    let Slot::Actual(v) = row[index] else {
        return f.top + rad + 2.0;
    };
    let neighbours: Vec<f64> = [index.checked_sub(1), Some(index + 1)]
        .into_iter()
        .flatten()
        .filter_map(|k| match row.get(k) {
            Some(Slot::Actual(n)) => Some(*n),
            _ => None,
        })
        .collect();
    let dip = !neighbours.is_empty() && neighbours.iter().all(|n| *n > v);
    let (above, below) = (f.y(v) - clearance, f.y(v) + clearance);
    if (dip || above - rad < f.top) && below + rad < f.bottom {
        below
    } else {
        above
    }
}

/// Numbered markers on the periods that carry a data note or open comments, beside the
/// point (see [`note_y`]) or at the top of the plot for a period with no value.
pub(crate) fn note_markers(pen: &mut Pen, r: &Resolved, f: &Frame) -> Result<()> {
    let t = &f.theme;
    let rad = (t.small_px * 0.72).round();
    let mut per_period: Vec<usize> = Vec::new();
    for note in &r.notes {
        let mut y = note_y(r, f, note.series, note.index);
        // Notes on the same period (several series, or a note and comments) stack away
        // from the point: down when the first badge is below it (to the other side of the
        // point when the plot ends first), else upwards.
        let same = per_period.iter().filter(|i| **i == note.index).count();
        let step = same as f64 * (rad * 2.0 + 2.0);
        y = match r.slots[note.series][note.index] {
            Slot::Actual(v) if y > f.y(v) => {
                if y + step + rad <= f.bottom {
                    y + step
                } else {
                    let mirrored = 2.0 * f.y(v) - y;
                    mirrored - step + (rad * 2.0 + 2.0)
                }
            }
            _ => y - step,
        };
        per_period.push(note.index);
        if note.comment {
            comment_badge(pen, (f.x(note.index), y), note.number, t)?;
        } else {
            note_badge(pen, (f.x(note.index), y), note.number, t)?;
        }
    }
    Ok(())
}
