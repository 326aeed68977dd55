//! Partner meetings: the agenda of slides shown in meeting mode, who took part, what the
//! facilitator captured while presenting, and the record kept once the meeting is finished.

use super::text_enum;
use super::worksheet::IdeaSource;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// Where a meeting stands: planned, being presented, or finished (then it is a record).
    MeetingStatus {
        Planned => "planned",
        InProgress => "in_progress",
        Finished => "finished",
    }
}

text_enum! {
    /// What one agenda slide shows.
    SlideKind {
        /// The initiative's roll-up strip.
        Rollup => "rollup",
        /// A result's scorecard (target: the result).
        ResultScorecard => "result_scorecard",
        /// A measure's chart (target: the measure).
        MeasureCurve => "measure_curve",
        /// A measure's "by group" view (target: the measure).
        MeasureByGroup => "measure_by_group",
        /// A measure's Turn the Curve worksheet (target: the measure).
        Worksheet => "worksheet",
        /// The actions linked to a measure, result or program; every open one without target.
        Actions => "actions",
        /// The equity summary.
        Equity => "equity",
        /// A title slide: its words are the title.
        Text => "text",
    }
}

impl SlideKind {
    /// The words a person would use.
    pub fn label(self) -> &'static str {
        match self {
            SlideKind::Rollup => "Roll-up",
            SlideKind::ResultScorecard => "Result scorecard",
            SlideKind::MeasureCurve => "Measure curve",
            SlideKind::MeasureByGroup => "Measure by group",
            SlideKind::Worksheet => "Worksheet",
            SlideKind::Actions => "Actions",
            SlideKind::Equity => "Equity summary",
            SlideKind::Text => "Title slide",
        }
    }
}

text_enum! {
    /// What the facilitator captured during a meeting.
    CaptureKind {
        Note => "note",
        Decision => "decision",
        /// A new action (filed as a real action when the meeting is finished).
        Action => "action",
        /// A worksheet idea (added to its measure's worksheet when the meeting is finished).
        Idea => "idea",
    }
}

/// One slide of a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AgendaItem {
    pub kind: SlideKind,
    /// The result or measure it shows (for `actions` also a program; none for `rollup`,
    /// `equity` and `text`, and for `actions` meaning every open action).
    pub target_id: Option<String>,
    /// The slide's heading (a `text` slide's words); may be empty for the others.
    pub title: String,
}

/// Who took part: a partner (or a name typed in) and, optionally, the people's names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attendee {
    pub partner_id: Option<String>,
    /// The partner's name (kept should the partner be purged); on input, used only
    /// when there is no partner.
    pub partner_name: String,
    /// The people's names as the facilitator typed them.
    pub people: String,
}

/// Something captured during a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MeetingItem {
    pub id: String,
    pub kind: CaptureKind,
    /// The note, decision, action title or idea.
    pub text: String,
    /// The slide it was captured on.
    pub agenda_index: Option<u32>,
    /// The measure an action serves or an idea is for.
    pub measure_id: Option<String>,
    pub owner_partner_id: Option<String>,
    pub owner_person: String,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    pub idea_source: Option<IdeaSource>,
    /// Once the meeting is finished: `action` or `worksheet`.
    pub filed_kind: Option<String>,
    /// The action created or the worksheet revised.
    pub filed_id: Option<String>,
    pub created_at: String,
}

/// A partner meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Meeting {
    pub id: String,
    pub initiative_id: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub meeting_date: String,
    pub place: String,
    pub status: MeetingStatus,
    pub agenda: Vec<AgendaItem>,
    pub notes: String,
    pub decisions: String,
    pub attendees: Vec<Attendee>,
    /// In the order captured.
    pub items: Vec<MeetingItem>,
    /// The meeting whose agenda this one copied.
    pub prepared_from: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub finished_by: Option<String>,
}

/// What a user edits on a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MeetingInput {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub meeting_date: String,
    pub place: String,
    pub agenda: Vec<AgendaItem>,
    pub attendees: Vec<Attendee>,
}

/// What the facilitator captures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaptureInput {
    pub kind: CaptureKind,
    pub text: String,
    pub agenda_index: Option<u32>,
    pub measure_id: Option<String>,
    pub owner_partner_id: Option<String>,
    pub owner_person: String,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    pub idea_source: Option<IdeaSource>,
}
