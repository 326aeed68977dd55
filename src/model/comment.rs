//! Comments on the data: on a value, a measure, a worksheet section or an action.

use super::text_enum;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// What a comment is about.
    CommentTargetKind {
        /// A value (an `observations` row).
        Observation => "observation",
        Measure => "measure",
        /// A section of a Turn the Curve worksheet (the `worksheets` row's id).
        Worksheet => "worksheet",
        Action => "action",
    }
}

text_enum! {
    /// A section of a Turn the Curve worksheet.
    WorksheetSection {
        /// How are we doing (the curve and the team's reading of it).
        HowDoing => "how_doing",
        /// The story behind the curve.
        Story => "story",
        /// Partners with a role to play.
        Partners => "partners",
        /// What works.
        WhatWorks => "what_works",
        /// The action plan.
        ActionPlan => "action_plan",
    }
}

/// The thing a comment is on. A section is given for a worksheet, and only for one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommentTarget {
    pub kind: CommentTargetKind,
    pub id: String,
    pub section: Option<WorksheetSection>,
}

/// A comment, with who wrote it and when; a resolved one says who resolved it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Comment {
    pub id: String,
    pub initiative_id: String,
    pub target_kind: CommentTargetKind,
    pub target_id: String,
    pub section: Option<WorksheetSection>,
    /// Plain text as typed (line breaks kept); never rendered as HTML.
    pub body: String,
    pub author: String,
    pub created_at: String,
    pub updated_at: String,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
}

/// How many comments a value has, open and resolved (for the data grid's markers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ValueCommentCount {
    pub observation_id: String,
    pub open: u32,
    pub resolved: u32,
}

/// A measure's comment counts: on the measure itself and on each of its values that has
/// any (live values only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommentCounts {
    pub measure_id: String,
    /// Open comments on the measure itself.
    pub open: u32,
    /// Resolved comments on the measure itself.
    pub resolved: u32,
    pub values: Vec<ValueCommentCount>,
}
