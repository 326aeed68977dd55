//! A thin pen over plotters' SVG backend: lines, dashes, shapes and text in pixel
//! coordinates, with the embedded font. The trend chart and the sparkline draw through it;
//! it decides nothing about what a chart shows.
//!
//! plotters escapes `<`, `>`, `&`, `"` and `'` in text and attribute values; callers pass
//! text through `spec::clean` first, which removes what plotters does not handle (control
//! characters, which XML forbids).

use super::font;
use super::theme::Marker;
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Where a text's (x, y) is, horizontally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// Where a text's (x, y) is, vertically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Valign {
    Top,
    Middle,
    Bottom,
}

/// A drawing surface that becomes an SVG string.
pub(crate) struct Pen<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
}

fn failed<E: std::fmt::Debug>(e: E) -> Error {
    Error::Internal(format!("chart drawing failed: {e:?}"))
}

/// Pixel coordinates as plotters wants them.
fn px(p: (f64, f64)) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

fn pts(points: &[(f64, f64)]) -> Vec<(i32, i32)> {
    points.iter().map(|p| px(*p)).collect()
}

/// Draws with `f` on a `width`×`height` canvas (white when `background`, else
/// transparent) and returns the SVG.
pub(crate) fn svg(
    width: u32,
    height: u32,
    background: bool,
    f: impl FnOnce(&mut Pen<'_>) -> Result<()>,
) -> Result<String> {
    let mut buf = String::with_capacity(16 * 1024);
    {
        let area = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        if background {
            area.fill(&WHITE).map_err(failed)?;
        }
        let mut pen = Pen { area };
        f(&mut pen)?;
        pen.area.present().map_err(failed)?;
    }
    Ok(buf)
}

impl Pen<'_> {
    /// A polyline (nothing for fewer than two points).
    pub fn line(&mut self, points: &[(f64, f64)], color: RGBAColor, width: u32) -> Result<()> {
        if points.len() < 2 {
            return Ok(());
        }
        self.area
            .draw(&PathElement::new(pts(points), color.stroke_width(width)))
            .map_err(failed)
    }

    /// A dashed polyline: `dash` pixels drawn, `gap` pixels skipped.
    pub fn dashed(
        &mut self,
        points: &[(f64, f64)],
        color: RGBAColor,
        width: u32,
        dash: u32,
        gap: u32,
    ) -> Result<()> {
        if points.len() < 2 {
            return Ok(());
        }
        let style = color.stroke_width(width);
        self.area
            .draw(&DashedPathElement::new(
                pts(points),
                dash.max(1),
                gap.max(1),
                style,
            ))
            .map_err(failed)
    }

    /// A filled polygon.
    pub fn polygon(&mut self, points: &[(f64, f64)], color: RGBAColor) -> Result<()> {
        if points.len() < 3 {
            return Ok(());
        }
        self.area
            .draw(&Polygon::new(pts(points), color.filled()))
            .map_err(failed)
    }

    /// A filled rectangle.
    pub fn rect(&mut self, from: (f64, f64), to: (f64, f64), color: RGBAColor) -> Result<()> {
        self.area
            .draw(&Rectangle::new([px(from), px(to)], color.filled()))
            .map_err(failed)
    }

    /// A circle, filled, or outlined with a `stroke`-wide line.
    pub fn circle(
        &mut self,
        c: (f64, f64),
        r: u32,
        color: RGBAColor,
        filled: bool,
        stroke: u32,
    ) -> Result<()> {
        let style = if filled {
            color.filled()
        } else {
            color.stroke_width(stroke)
        };
        self.area
            .draw(&Circle::new(px(c), r, style))
            .map_err(failed)
    }

    /// A series marker of radius `r` at `c`.
    pub fn marker(&mut self, shape: Marker, c: (f64, f64), r: u32, color: RGBAColor) -> Result<()> {
        let s = f64::from(r);
        match shape {
            Marker::Circle => self.circle(c, r, color, true, 1),
            Marker::Square => {
                let s = s * 0.9;
                self.polygon(
                    &[
                        (c.0 - s, c.1 - s),
                        (c.0 + s, c.1 - s),
                        (c.0 + s, c.1 + s),
                        (c.0 - s, c.1 + s),
                    ],
                    color,
                )
            }
            Marker::Triangle => {
                let s = s * 1.2;
                self.polygon(
                    &[
                        (c.0, c.1 - s),
                        (c.0 + s * 0.95, c.1 + s * 0.6),
                        (c.0 - s * 0.95, c.1 + s * 0.6),
                    ],
                    color,
                )
            }
            Marker::Diamond => {
                let s = s * 1.25;
                self.polygon(
                    &[
                        (c.0, c.1 - s),
                        (c.0 + s, c.1),
                        (c.0, c.1 + s),
                        (c.0 - s, c.1),
                    ],
                    color,
                )
            }
            Marker::Cross => {
                let w = (r / 2).max(2);
                self.line(&[(c.0 - s, c.1 - s), (c.0 + s, c.1 + s)], color, w)?;
                self.line(&[(c.0 - s, c.1 + s), (c.0 + s, c.1 - s)], color, w)
            }
        }
    }

    /// Text at `at`, aligned as given. `text` must already be `spec::clean`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        text: &str,
        at: (f64, f64),
        size: f64,
        bold: bool,
        color: RGBColor,
        align: Align,
        valign: Valign,
    ) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let h = match align {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        };
        let v = match valign {
            Valign::Top => VPos::Top,
            Valign::Middle => VPos::Center,
            Valign::Bottom => VPos::Bottom,
        };
        let style = TextStyle::from(font::desc(size, bold))
            .color(&color)
            .pos(Pos::new(h, v));
        self.area
            .draw(&Text::new(text, px(at), style))
            .map_err(failed)
    }
}
