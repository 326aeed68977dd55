//! The blocks around a trend chart's plot: above it the title, the subtitle with the
//! polarity note, and the legend; below it the numbered data notes and the footnote. Each
//! is laid out first (its height decides where the plot goes), then drawn.

use super::draw::{Align, Pen, Valign};
use super::font::{text_width, truncate, wrap};
use super::format;
use super::spec::{clean, Target, TrendChart};
use super::theme::{self, series_style, Marker, Theme};
use super::trend::{Frame, Resolved, Slot};
use super::trend_parts::{
    comment_badge, forecast_pen, note_badge, series_dash, solid, suppressed_marker, target_pen,
};
use crate::error::Result;
use crate::model::Polarity;
use plotters::style::Color;

/// One legend entry's symbol.
#[derive(Debug, Clone, PartialEq)]
enum Swatch {
    Series(usize),
    Target,
    Range,
    Forecast,
    Suppressed,
    Gap,
}

/// The block above the plot: title, subtitle with the polarity note, legend.
pub(crate) struct Top {
    pub height: f64,
    title: Vec<String>,
    subtitle: String,
    polarity: &'static str,
    subtitle_y: f64,
    /// Legend entries: (x offset, row centre y, symbol, label).
    legend: Vec<(f64, f64, Swatch, String)>,
}

impl Top {
    pub fn layout(chart: &TrendChart, r: &Resolved, t: &Theme) -> Top {
        let w = f64::from(t.width) - 2.0 * t.pad;
        let title = wrap(&clean(&chart.title), t.title_px, true, w, 2);
        let polarity = match chart.polarity {
            Polarity::Higher => "↑ Higher is better",
            Polarity::Lower => "↓ Lower is better",
            Polarity::Range => "Inside the target range is better",
        };
        let room = (w - text_width(polarity, t.small_px, false) - t.text_px).max(0.0);
        let subtitle = truncate(&clean(&chart.subtitle), t.subtitle_px, false, room);
        let mut y = t.pad + title.len() as f64 * t.title_px * 1.2;
        let subtitle_y = y + t.subtitle_px * 0.2;
        y += t.subtitle_px * 1.7;

        let mut items: Vec<(Swatch, String)> = Vec::new();
        for (s, name) in r.names.iter().enumerate() {
            if r.slots[s].iter().all(|slot| *slot == Slot::Missing) {
                continue;
            }
            let label = if r.names.len() == 1 { "Actual" } else { name };
            items.push((
                Swatch::Series(s),
                truncate(label, t.text_px, false, w * 0.45),
            ));
        }
        let has = |pred: fn(&Target) -> bool| r.targets.iter().flatten().any(pred);
        if has(|t| matches!(t, Target::Value(_))) {
            items.push((Swatch::Target, "Target".into()));
        }
        if has(|t| matches!(t, Target::Range { .. })) {
            items.push((Swatch::Range, "Target range".into()));
        }
        if !r.forecast.is_empty() {
            items.push((Swatch::Forecast, "Forecast if nothing changes".into()));
        }
        if r.slots.iter().flatten().any(|s| *s == Slot::Suppressed) {
            items.push((
                Swatch::Suppressed,
                "Suppressed (withheld for privacy)".into(),
            ));
        }
        // A missing period between two reported ones.
        let gap = r.slots.iter().any(|row| {
            let first = row.iter().position(|s| *s != Slot::Missing);
            let last = row.iter().rposition(|s| *s != Slot::Missing);
            matches!((first, last), (Some(a), Some(b)) if row[a..b].contains(&Slot::Missing))
        });
        if gap {
            items.push((Swatch::Gap, "Gap: no value reported".into()));
        }
        let swatch_w = t.text_px * 2.4;
        let mut legend = Vec::new();
        let (mut x, mut row_y) = (0.0, y + t.text_px * 0.75);
        for (swatch, label) in items {
            let iw = swatch_w + t.text_px * 0.4 + text_width(&label, t.text_px, false);
            if x > 0.0 && x + iw > w {
                x = 0.0;
                row_y += t.text_px * 1.5;
            }
            legend.push((x, row_y, swatch, label));
            x += iw + t.text_px * 1.2;
        }
        if !legend.is_empty() {
            y = row_y + t.text_px * 0.75;
        }
        let caption = format::axis_caption(chart.unit, chart.rate_per).is_some();
        y += t.text_px * if caption { 1.6 } else { 0.9 };
        Top {
            height: y,
            title,
            subtitle,
            polarity,
            subtitle_y,
            legend,
        }
    }

    pub fn draw(&self, pen: &mut Pen, f: &Frame) -> Result<()> {
        let t = &f.theme;
        for (k, line) in self.title.iter().enumerate() {
            let at = (t.pad, t.pad + k as f64 * t.title_px * 1.2);
            pen.text(
                line,
                at,
                t.title_px,
                true,
                theme::INK,
                Align::Left,
                Valign::Top,
            )?;
        }
        let y = self.subtitle_y;
        let sub = t.subtitle_px;
        pen.text(
            &self.subtitle,
            (t.pad, y),
            sub,
            false,
            theme::MUTED,
            Align::Left,
            Valign::Top,
        )?;
        let at = (
            f64::from(t.width) - t.pad,
            y + (t.subtitle_px - t.small_px) * 0.6,
        );
        pen.text(
            self.polarity,
            at,
            t.small_px,
            false,
            theme::MUTED,
            Align::Right,
            Valign::Top,
        )?;
        let swatch_w = t.text_px * 2.4;
        for (x, cy, swatch, label) in &self.legend {
            let x0 = t.pad + x;
            swatch_draw(pen, f, swatch, (x0, *cy), swatch_w)?;
            let at = (x0 + swatch_w + t.text_px * 0.4, *cy);
            pen.text(
                label,
                at,
                t.text_px,
                false,
                theme::INK,
                Align::Left,
                Valign::Middle,
            )?;
        }
        Ok(())
    }
}

/// A legend symbol `w` wide, centred vertically on `y`.
fn swatch_draw(
    pen: &mut Pen,
    f: &Frame,
    swatch: &Swatch,
    (x, y): (f64, f64),
    w: f64,
) -> Result<()> {
    let t = &f.theme;
    let seg = [(x, y), (x + w, y)];
    let (tw, dot, gap) = target_pen(t);
    match swatch {
        Swatch::Series(s) => {
            let (color, marker, _) = series_style(*s);
            match series_dash(*s, f) {
                Some((d, g)) => pen.dashed(&seg, solid(color), t.line, d, g)?,
                None => pen.line(&seg, solid(color), t.line)?,
            }
            if f.markers {
                pen.marker(marker, (x + w / 2.0, y), t.marker, solid(color))?;
            }
            Ok(())
        }
        Swatch::Target => pen.dashed(&seg, solid(theme::TARGET), tw, dot, gap),
        Swatch::Range => {
            let h = t.text_px * 0.45;
            pen.rect((x, y - h), (x + w, y + h), theme::RANGE.mix(0.13))?;
            pen.dashed(
                &[(x, y - h), (x + w, y - h)],
                solid(theme::RANGE),
                tw,
                dot,
                gap,
            )?;
            pen.dashed(
                &[(x, y + h), (x + w, y + h)],
                solid(theme::RANGE),
                tw,
                dot,
                gap,
            )
        }
        Swatch::Forecast => {
            let (width, dash, gap) = forecast_pen(t);
            pen.dashed(&seg, series_style(0).0.mix(0.85), width, dash, gap)
        }
        Swatch::Suppressed => {
            let rad = (t.small_px * 0.75).round() as u32;
            suppressed_marker(pen, (x + w / 2.0, y), rad, solid(theme::MUTED), t)
        }
        Swatch::Gap => {
            let c = solid(series_style(0).0);
            let (a, b) = ((x + w * 0.25, y), (x + w * 0.75, y));
            pen.line(&[(x, y), a], c, t.line)?;
            pen.line(&[b, (x + w, y)], c, t.line)?;
            pen.marker(Marker::Circle, a, t.marker, c)?;
            pen.marker(Marker::Circle, b, t.marker, c)
        }
    }
}

/// The block under the period labels: the numbered notes and the footnote.
pub(crate) struct Bottom {
    pub height: f64,
    /// (note number, on a note's first line; text).
    lines: Vec<(Option<usize>, String)>,
    /// The numbers of the notes that are a value's comments (filled badges).
    comments: Vec<usize>,
    footnote: Option<String>,
}

impl Bottom {
    pub fn layout(chart: &TrendChart, r: &Resolved, t: &Theme) -> Bottom {
        let w = f64::from(t.width) - 2.0 * t.pad;
        let line_h = t.small_px * 1.35;
        let budget = (f64::from(t.height) * 0.3 / line_h).floor().max(1.0) as usize;
        let mut lines: Vec<(Option<usize>, String)> = Vec::new();
        for (k, note) in r.notes.iter().enumerate() {
            let wrapped = wrap(&note.text, t.small_px, false, w - t.small_px * 2.0, 2);
            let left = r.notes.len() - k;
            // Keep a line for "+ N more notes" unless this is the last note.
            let need = lines.len() + wrapped.len() + usize::from(left > 1);
            if need > budget {
                let more = if left == 1 {
                    "1 more note".to_string()
                } else {
                    format!("{left} more notes")
                };
                lines.push((None, format!("+ {more} (see the values table)")));
                break;
            }
            for (j, l) in wrapped.into_iter().enumerate() {
                lines.push(((j == 0).then_some(note.number), l));
            }
        }
        let footnote = chart
            .footnote
            .as_deref()
            .map(|s| truncate(&clean(s), t.small_px, false, w))
            .filter(|s| !s.is_empty());
        let mut height = t.pad + lines.len() as f64 * line_h;
        if !lines.is_empty() {
            height += t.small_px * 0.5;
        }
        if footnote.is_some() {
            height += line_h;
        }
        Bottom {
            height,
            lines,
            comments: r
                .notes
                .iter()
                .filter(|n| n.comment)
                .map(|n| n.number)
                .collect(),
            footnote,
        }
    }

    pub fn draw(&self, pen: &mut Pen, f: &Frame, top: f64) -> Result<()> {
        let t = &f.theme;
        let line_h = t.small_px * 1.35;
        let mut y = top + t.small_px * 0.5;
        for (number, text) in &self.lines {
            if let Some(n) = number {
                let at = (t.pad + t.small_px * 0.72, y + t.small_px * 0.6);
                if self.comments.contains(n) {
                    comment_badge(pen, at, *n, t)?;
                } else {
                    note_badge(pen, at, *n, t)?;
                }
            }
            let at = (t.pad + t.small_px * 2.0, y);
            pen.text(
                text,
                at,
                t.small_px,
                false,
                theme::MUTED,
                Align::Left,
                Valign::Top,
            )?;
            y += line_h;
        }
        if let Some(foot) = &self.footnote {
            let at = (t.pad, f64::from(t.height) - t.pad * 0.6);
            pen.text(
                foot,
                at,
                t.small_px,
                false,
                theme::MUTED,
                Align::Left,
                Valign::Bottom,
            )?;
        }
        Ok(())
    }
}
