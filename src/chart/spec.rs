//! What a chart shows, as plain data: the input of the pure drawing functions. Building one
//! from the store is `measure.rs`'s job; drawing it is `trend.rs`'s and `sparkline.rs`'s.

use crate::model::{CalendarSpec, Polarity, Unit};

/// A trend chart: one or more series over the periods of one calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendChart {
    /// The measure's name.
    pub title: String,
    /// What it belongs to (the result or the program), one line.
    pub subtitle: String,
    pub unit: Unit,
    /// The values are differences between two series (an equity gap), in the measure's
    /// unit: a gap between two percentages reads in points (`4.5 pts`), not percent.
    pub difference: bool,
    /// N of a rate per N.
    pub rate_per: Option<f64>,
    pub polarity: Polarity,
    /// The x axis: period labels in calendar order, with no holes (a period with no value
    /// is still listed). Points, targets and forecasts on other labels are not drawn.
    pub periods: Vec<String>,
    /// The calendar of the labels, when known: a crowded axis then labels calendar-aligned
    /// periods (every January, every fifth year).
    pub calendar: Option<CalendarSpec>,
    /// The first series is the measure; others are compared with it on the same axis.
    pub series: Vec<Series>,
    /// Targets of the first series.
    pub targets: Vec<TargetPoint>,
    /// The baseline period of the first series.
    pub baseline: Option<String>,
    /// The forecast of the first series, for periods after its latest actual.
    pub forecast: Vec<ForecastPoint>,
    /// A line under the chart (the data source; "Sample: fictional data").
    pub footnote: Option<String>,
}

/// One line on a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<Point>,
}

/// A period's value: an actual, a suppressed value, or nothing (missing), with an
/// optional data note.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub period: String,
    pub value: Option<f64>,
    /// The source withheld the value (not the same as missing).
    pub suppressed: bool,
    pub note: Option<String>,
    /// Open comments on the value, if any (a marker and a line among the notes).
    pub comments: Option<CommentMark>,
}

/// A value's open comments as the chart shows them: how many, and the latest one's text.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentMark {
    pub open: u32,
    pub latest: String,
}

impl Point {
    /// An actual value.
    pub fn actual(period: impl Into<String>, value: f64) -> Point {
        Point {
            period: period.into(),
            value: Some(value),
            suppressed: false,
            note: None,
            comments: None,
        }
    }

    /// A period with no value.
    pub fn missing(period: impl Into<String>) -> Point {
        Point {
            period: period.into(),
            value: None,
            suppressed: false,
            note: None,
            comments: None,
        }
    }

    /// A value the source withheld.
    pub fn suppressed(period: impl Into<String>) -> Point {
        Point {
            suppressed: true,
            ..Point::missing(period)
        }
    }

    /// The same point with `open` open comments, the latest reading `latest`.
    pub fn with_comments(mut self, open: u32, latest: impl Into<String>) -> Point {
        self.comments = Some(CommentMark {
            open,
            latest: latest.into(),
        });
        self
    }

    /// The same point with a data note.
    pub fn with_note(mut self, note: impl Into<String>) -> Point {
        self.note = Some(note.into());
        self
    }
}

/// A target: one value, or a range (either bound may be missing).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    Value(f64),
    Range { low: Option<f64>, high: Option<f64> },
}

/// A period's target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetPoint {
    pub period: String,
    pub target: Target,
}

/// A forecast value.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastPoint {
    pub period: String,
    pub value: f64,
}

/// A sparkline: the actuals of one series in period order (`None`: no actual; the slot
/// still takes its place on the x axis).
#[derive(Debug, Clone, PartialEq)]
pub struct SparklineSpec {
    pub values: Vec<Option<f64>>,
    pub polarity: Polarity,
    /// The target range of the latest actual's period (target-range polarity only; either
    /// bound may be open).
    pub target_low: Option<f64>,
    pub target_high: Option<f64>,
    /// Width and height in pixels.
    pub width: u32,
    pub height: u32,
}

/// Text made safe for a label: control characters (not allowed in XML, so a viewer would
/// refuse the whole SVG) become spaces and runs of whitespace collapse. `<`, `&` and quotes
/// are kept: the SVG backend escapes them.
pub(crate) fn clean(text: &str) -> String {
    let replaced: String = text
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_control_characters_and_keeps_markup_for_the_escaper() {
        assert_eq!(clean("a\u{0}b\u{1b}[31m\n c"), "a b [31m c");
        assert_eq!(clean("<b> & \"q\""), "<b> & \"q\"");
    }
}
