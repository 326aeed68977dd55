//! The meeting report and the data-walk pack: pure rendering, from data the store gathers
//! (`store::report`), into one self-contained HTML file (inline CSS and SVG, no scripts,
//! no external reference of any kind) or a PDF made here (`pdf`, with the embedded DejaVu
//! Sans, real text and vector charts). No Tauri, no clock, no file access.
//!
//! Both outputs are drawn from the same [`doc::Document`]: the report is first laid out as
//! sections of blocks (headings, user text, tables, charts), then written as HTML or PDF.

pub mod data_walk;
pub mod doc;
pub mod html;
pub mod pdf;
pub mod text;

use crate::equity::EquitySummary;
use crate::error::{Error, Result};
use crate::model::{Action, Initiative, Worksheet};
use crate::scorecard::Scorecard;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

pub use text::escape;

/// The paper a PDF is laid out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in PDF points.
    pub fn points(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// `a4` or `letter` (any case).
    pub fn parse(text: &str) -> Result<Paper> {
        match text.trim().to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" => Ok(Paper::Letter),
            other => Err(Error::invalid(
                "paper",
                format!("The paper is a4 or letter, not \"{other}\""),
            )),
        }
    }
}

/// The file a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Html,
    Pdf,
}

/// What an export wrote, for the app to say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportSummary {
    /// The file written.
    pub path: String,
    /// The report's title ("Spring partner meeting", "Riverbend report", "Data walk: ...").
    pub title: String,
    pub format: ReportFormat,
    /// The file's size in bytes.
    pub bytes: u32,
}

/// A measure the report shows in full: its chart, its story and its actions.
#[derive(Debug, Clone)]
pub struct MeasurePart {
    pub id: String,
    pub name: String,
    /// The print-size chart (SVG).
    pub chart_svg: String,
    /// The chart's data notes.
    pub chart_notes: Vec<String>,
    pub worksheet: Worksheet,
    pub actions: Vec<Action>,
}

/// An action created at a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedAction {
    pub title: String,
    /// The partner and/or person, as words ("" when none).
    pub owner: String,
    pub due_date: Option<String>,
    /// The measure it serves, by name.
    pub measure: Option<String>,
}

/// What the report says about a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingPart {
    pub title: String,
    pub date: String,
    pub place: String,
    /// "Partner: people" or "Partner", one per attendee line.
    pub attendees: Vec<String>,
    pub notes: String,
    pub decisions: String,
    /// Notes and decisions captured while presenting ("Decision: ...").
    pub captured: Vec<String>,
    pub actions: Vec<CreatedAction>,
    /// Worksheet ideas captured ("idea (measure)").
    pub ideas: Vec<String>,
}

/// Everything a report is drawn from.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub initiative: Initiative,
    pub scorecard: Scorecard,
    /// Sparkline SVGs by measure id.
    pub sparklines: HashMap<String, String>,
    /// The measures shown in full, in order.
    pub measures: Vec<MeasurePart>,
    /// Why these measures ("On the agenda", "Headline measures", "Indicators").
    pub measures_heading: String,
    pub equity: EquitySummary,
    pub meeting: Option<MeetingPart>,
    /// `YYYY-MM-DD`, the day it was made.
    pub made_on: String,
}

/// A report's file name without extension, from its title: letters, digits and dashes.
pub fn file_stem(input: &ReportInput) -> String {
    let title = match &input.meeting {
        Some(m) => format!("{} {}", m.title, m.date),
        None => format!("{} report", input.initiative.name),
    };
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    stem.trim_end_matches('-').to_string()
}

/// The report as one self-contained HTML file.
pub fn html(input: &ReportInput) -> String {
    html::write(&doc::build(input))
}

/// The report as a PDF on `paper`.
pub fn pdf(input: &ReportInput, paper: Paper) -> Result<Vec<u8>> {
    pdf::write(&doc::build(input), paper)
}
