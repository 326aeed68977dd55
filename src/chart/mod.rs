//! Trend charts and sparklines: pure functions from a description of the series
//! ([`TrendChart`], [`SparklineSpec`]) to an SVG string, drawn with plotters' SVG backend
//! and the embedded DejaVu Sans; PNG export through resvg with the same font; and the
//! glue that builds a chart for a stored measure ([`measure_chart`]).
//!
//! This module owns how a chart looks and what it shows (DOMAIN.md, issue 4). It reads
//! the store but never writes it, never looks up a system font, and never reads the clock.
//! Every label is text (escaped by the SVG backend, control characters removed here), so
//! the UI can insert the SVG as markup.

mod draw;
mod equity;
pub mod font;
pub mod format;
mod labels;
mod measure;
pub mod png;
pub mod sparkline;
pub mod spec;
mod theme;
mod trend;
mod trend_blocks;
mod trend_parts;

#[cfg(test)]
mod store_tests;
#[cfg(test)]
mod tests;

pub use equity::{gap_chart, gaps_trend, group_chart, groups_trend};
pub use measure::{
    initiative_sparklines, measure_chart, measure_trend, FORECAST_AHEAD, SPARKLINE_SIZE,
};
pub use sparkline::{sparkline, trend_verdict, TrendVerdict};
pub use spec::{
    CommentMark, ForecastPoint, Point, Series, SparklineSpec, Target, TargetPoint, TrendChart,
};
pub use theme::{ChartSize, PALETTE};
pub use trend::{notes, render};

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// A drawn trend chart, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RenderedChart {
    /// The SVG document (every label escaped).
    pub svg: String,
    /// The chart's title (the measure's name), as plain text.
    pub title: String,
    /// The data notes, numbered from 1 in this order as on the chart ("2021-22: ...").
    pub notes: Vec<String>,
}

impl RenderedChart {
    /// Draws `spec` at `size`.
    pub fn draw(spec: &TrendChart, size: ChartSize) -> Result<RenderedChart> {
        Ok(RenderedChart {
            svg: render(spec, size)?,
            title: spec.title.clone(),
            notes: notes(spec),
        })
    }
}

/// A measure's sparkline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SparklineSvg {
    pub measure_id: String,
    pub svg: String,
}

/// A chart file format, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Svg,
    Png,
}

impl ExportFormat {
    /// `.svg` or `.png` (any case); anything else is refused.
    pub fn of_path(path: &Path) -> Result<ExportFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(ExportFormat::Svg),
            Some("png") => Ok(ExportFormat::Png),
            _ => Err(Error::invalid(
                "path",
                format!(
                    "{}: a chart is saved as .svg or .png; give the file one of those extensions",
                    path.display()
                ),
            )),
        }
    }
}

/// Writes a drawn chart to `path` as SVG or PNG, by the extension (checked before anything
/// is drawn or written). `scale` applies to PNG only: 1 or 2 for 1× and 2×, up to
/// [`png::MAX_SCALE`]. Returns the format written.
pub fn export(svg: &str, path: &Path, scale: f32) -> Result<ExportFormat> {
    let format = ExportFormat::of_path(path)?;
    let bytes = match format {
        ExportFormat::Svg => svg.as_bytes().to_vec(),
        ExportFormat::Png => png::to_png(svg, scale)?,
    };
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(format)
}

/// Draws a stored measure's chart (with `compare` measures) and writes it to `path` as
/// SVG or PNG by the extension, which is checked before anything is drawn.
pub fn export_measure_chart(
    store: &crate::store::Store,
    measure_id: &str,
    path: &Path,
    size: ChartSize,
    scale: f32,
    compare: &[&str],
) -> Result<ExportFormat> {
    ExportFormat::of_path(path)?;
    let drawn = measure_chart(store, measure_id, size, compare)?;
    export(&drawn.svg, path, scale)
}
