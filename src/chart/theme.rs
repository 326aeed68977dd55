//! Chart sizes, type and line scales, and the colour-blind-safe palette.
//!
//! Two named sizes: *presentation* (1600×900, large type and thick lines, for a projector)
//! and *print* (1000×600, for reports); a custom size scales the print theme by the
//! smaller of its width and height ratios. Colours are the Okabe-Ito palette, and every
//! series also differs by marker shape (and by dash when markers are too dense to draw).

use crate::error::{Error, Result};
use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The smallest custom width or height, in pixels.
pub const MIN_SIDE: u32 = 160;
/// The largest custom width or height, in pixels.
pub const MAX_SIDE: u32 = 8000;

/// How large a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChartSize {
    /// 1600×900, large type and thick lines: for slides and projectors.
    Presentation,
    /// 1000×600: for reports.
    Print,
    /// Any width and height in pixels (160 to 8000 each).
    Custom { width: u32, height: u32 },
}

impl ChartSize {
    /// Width and height in pixels.
    pub fn dimensions(self) -> (u32, u32) {
        match self {
            ChartSize::Presentation => (1600, 900),
            ChartSize::Print => (1000, 600),
            ChartSize::Custom { width, height } => (width, height),
        }
    }

    /// `presentation` or `print` (any case).
    pub fn parse(name: &str) -> Option<ChartSize> {
        match name.trim().to_ascii_lowercase().as_str() {
            "presentation" => Some(ChartSize::Presentation),
            "print" => Some(ChartSize::Print),
            _ => None,
        }
    }

    /// Refuses a custom size outside [`MIN_SIDE`]..=[`MAX_SIDE`].
    pub fn check(self) -> Result<ChartSize> {
        let (w, h) = self.dimensions();
        for (field, v) in [("width", w), ("height", h)] {
            if !(MIN_SIDE..=MAX_SIDE).contains(&v) {
                return Err(Error::invalid(
                    field,
                    format!("A chart's {field} must be {MIN_SIDE} to {MAX_SIDE} pixels, not {v}"),
                ));
            }
        }
        Ok(self)
    }
}

/// Type sizes (CSS px, em), line widths and spacing for one chart size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Theme {
    pub width: u32,
    pub height: u32,
    pub title_px: f64,
    pub subtitle_px: f64,
    pub text_px: f64,
    pub small_px: f64,
    /// Actual lines.
    pub line: u32,
    /// Grid, axis and baseline lines.
    pub thin: u32,
    pub marker: u32,
    pub pad: f64,
}

impl Theme {
    pub fn for_size(size: ChartSize) -> Result<Theme> {
        let (width, height) = size.check()?.dimensions();
        let print = Theme {
            width,
            height,
            title_px: 22.0,
            subtitle_px: 15.0,
            text_px: 14.0,
            small_px: 12.5,
            line: 3,
            thin: 1,
            marker: 4,
            pad: 20.0,
        };
        Ok(match size {
            ChartSize::Print => print,
            ChartSize::Presentation => Theme {
                title_px: 40.0,
                subtitle_px: 27.0,
                text_px: 25.0,
                small_px: 21.0,
                line: 6,
                thin: 2,
                marker: 7,
                pad: 36.0,
                ..print
            },
            ChartSize::Custom { .. } => {
                let k = (f64::from(width) / 1000.0)
                    .min(f64::from(height) / 600.0)
                    .clamp(0.5, 6.0);
                let px = |v: f64| (v * k * 2.0).round() / 2.0;
                let w = |v: u32| ((f64::from(v) * k).round() as u32).max(1);
                Theme {
                    title_px: px(print.title_px),
                    subtitle_px: px(print.subtitle_px),
                    text_px: px(print.text_px),
                    small_px: px(print.small_px),
                    line: w(print.line).max(2),
                    thin: w(print.thin),
                    marker: w(print.marker).max(2),
                    pad: px(print.pad),
                    ..print
                }
            }
        })
    }
}

/// Okabe-Ito colours, in the order series take them (yellow is left out: too light on
/// white).
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
];

/// Title and value text.
pub const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
/// Labels, notes, captions.
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// The axis line.
pub const AXIS: RGBColor = RGBColor(0x88, 0x88, 0x88);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// Target lines.
pub const TARGET: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// A target range's band and bounds.
pub const RANGE: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// A series' marker shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
}

/// The colour, marker and dash (dash, gap in line widths; `None` solid) of series `i`.
pub(crate) fn series_style(i: usize) -> (RGBColor, Marker, Option<(u32, u32)>) {
    const MARKERS: [Marker; 5] = [
        Marker::Circle,
        Marker::Square,
        Marker::Triangle,
        Marker::Diamond,
        Marker::Cross,
    ];
    const DASHES: [Option<(u32, u32)>; 4] = [None, Some((5, 2)), Some((1, 1)), Some((3, 1))];
    (
        PALETTE[i % PALETTE.len()],
        MARKERS[i % MARKERS.len()],
        DASHES[i % DASHES.len()],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_sizes_and_custom_bounds() {
        assert_eq!(ChartSize::Presentation.dimensions(), (1600, 900));
        assert_eq!(ChartSize::parse("Print"), Some(ChartSize::Print));
        assert_eq!(ChartSize::parse("poster"), None);
        let big = ChartSize::Custom {
            width: 9000,
            height: 600,
        };
        let e = big.check().unwrap_err().to_string();
        assert!(e.contains("width") && e.contains("9000"), "{e}");
    }

    #[test]
    fn presentation_type_is_larger_than_print() {
        let p = Theme::for_size(ChartSize::Presentation).unwrap();
        let r = Theme::for_size(ChartSize::Print).unwrap();
        assert!(p.text_px > r.text_px * 1.5 && p.line > r.line);
        let c = Theme::for_size(ChartSize::Custom {
            width: 2000,
            height: 1200,
        })
        .unwrap();
        assert_eq!(c.text_px, 28.0, "twice the print size");
    }

    #[test]
    fn series_differ_by_more_than_colour() {
        let (c0, m0, d0) = series_style(0);
        let (c1, m1, d1) = series_style(1);
        assert!(c0 != c1 && m0 != m1 && d0 != d1);
    }
}
