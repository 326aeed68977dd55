//! The Turn the Curve worksheet of a measure, its revisions and what changed between two.
//!
//! Plain data: the store (`store::worksheets`) reads and writes it, the pure diff lives in
//! `crate::worksheet`. Texts are plain text with light formatting (paragraphs, `- `
//! bullets, `**bold**`), never HTML.

use super::partner::RoleTier;
use super::text_enum;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// Whether a factor helps or holds back the curve.
    FactorKind {
        Contributing => "contributing",
        Restricting => "restricting",
    }
}

text_enum! {
    /// Where an idea of what works comes from.
    IdeaSource {
        Research => "research",
        /// Community wisdom.
        Community => "community",
        /// Partner experience.
        Partner => "partner",
        Other => "other",
    }
}

/// A factor in the story behind the curve; `rank` 1 is the most important root cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Factor {
    /// Empty for a new factor (the store gives it an id).
    pub id: String,
    pub kind: FactorKind,
    pub text: String,
    pub rank: u32,
}

/// A partner with a role to play, as the worksheet shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WorksheetPartner {
    pub partner_id: String,
    pub partner_name: String,
    pub tier: Option<RoleTier>,
    /// The role in words.
    pub role: String,
    /// The partner has been deleted (in the trash): shown as a former partner.
    pub former: bool,
}

/// A partner with a role to play, as the user edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WorksheetPartnerInput {
    pub partner_id: String,
    pub tier: Option<RoleTier>,
    pub role: String,
}

/// An idea of what works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Idea {
    /// Empty for a new idea (the store gives it an id).
    pub id: String,
    pub text: String,
    pub source: IdeaSource,
    pub low_cost: bool,
    pub no_cost: bool,
    pub needs_research: bool,
}

/// A measure's Turn the Curve worksheet, as it is now. A measure with no worksheet yet has
/// an empty one with `revision` 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Worksheet {
    /// Empty until the first save.
    pub id: String,
    pub initiative_id: String,
    pub measure_id: String,
    pub measure_name: String,
    /// The team's reading of the curve (the chart and figures are live).
    pub how_doing: String,
    pub story: String,
    /// By rank.
    pub factors: Vec<Factor>,
    pub partners: Vec<WorksheetPartner>,
    pub ideas: Vec<Idea>,
    pub action_plan: String,
    /// How many times it was saved (0: never).
    pub revision: u32,
    pub updated_by: String,
    /// `None` before the first save.
    pub updated_at: Option<String>,
    /// When the measure's latest value was entered or changed, if it has any.
    pub latest_value_at: Option<String>,
    /// Saved, and a value of the measure was entered or changed after the last save:
    /// "last updated before the latest data".
    pub stale: bool,
}

/// What the user edits on a worksheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct WorksheetInput {
    pub how_doing: String,
    pub story: String,
    pub factors: Vec<Factor>,
    pub partners: Vec<WorksheetPartnerInput>,
    pub ideas: Vec<Idea>,
    pub action_plan: String,
}

/// An action linked to the measure, as a revision recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RevisionAction {
    pub id: String,
    pub title: String,
    pub status: String,
}

/// One saved version of a worksheet, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WorksheetRevision {
    pub revision: u32,
    pub author: String,
    pub saved_at: String,
    pub how_doing: String,
    pub story: String,
    pub factors: Vec<Factor>,
    pub partners: Vec<WorksheetPartner>,
    pub ideas: Vec<Idea>,
    pub action_plan: String,
    /// The actions linked to the measure when it was saved.
    pub actions: Vec<RevisionAction>,
}

/// One revision in a worksheet's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RevisionInfo {
    pub revision: u32,
    pub author: String,
    pub saved_at: String,
    /// What this save changed, in words ("story, partners changed"; "first version").
    pub summary: String,
}

/// Whether a line or item was added, removed or kept (or, for list items, changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Kept,
    Changed,
}

/// One line of a text diff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DiffLine {
    pub kind: ChangeKind,
    pub text: String,
}

/// One item of a list diff: `before` is `None` for an added item, `after` for a removed one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DiffItem {
    pub kind: ChangeKind,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What changed in one section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SectionDiff {
    /// `how_doing`, `story`, `factors`, `partners`, `ideas`, `action_plan`, `actions`.
    pub section: String,
    /// The section's heading.
    pub title: String,
    pub changed: bool,
    /// For text sections.
    pub lines: Vec<DiffLine>,
    /// For list sections (added, removed and changed items; kept ones too, as `kept`).
    pub items: Vec<DiffItem>,
}

/// What changed from revision `from` to revision `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RevisionDiff {
    pub from: RevisionInfo,
    pub to: RevisionInfo,
    pub sections: Vec<SectionDiff>,
}
